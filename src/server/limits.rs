//! Bounds on what a client can make the server do: the size of a request
//! (address, headers, body) and the number of searches running or waiting.
//! Searching is CPU-bound, so searches run on tokio's blocking threads, at
//! most one per core at a time; a bounded number wait for a turn, and past
//! that the server answers 503 at once rather than queueing without limit.

use std::sync::Arc;

use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rassegna::index::ArticleIndex;
use tokio::sync::Semaphore;

use super::error::ApiError;

/// Longest request address (path and query string), in bytes.
pub const MAX_URI_BYTES: usize = 8 * 1024;
/// Most bytes of request headers (names and values).
pub const MAX_HEADER_BYTES: usize = 16 * 1024;
/// Searches waiting for a turn beyond those running, before a 503: enough
/// for hundreds of clients at once, each of whom waits a few milliseconds.
pub const MAX_WAITING: usize = 512;

/// Runs searches on the blocking threads, a bounded number at a time.
#[derive(Clone)]
pub struct WorkPool {
    /// Permits for searches running or waiting.
    admitted: Arc<Semaphore>,
    /// Permits for searches running: one per core.
    running: Arc<Semaphore>,
}

impl WorkPool {
    /// `workers` jobs at a time, `waiting` more waiting for a turn.
    pub fn new(workers: usize, waiting: usize) -> WorkPool {
        WorkPool {
            admitted: Arc::new(Semaphore::new(workers + waiting)),
            running: Arc::new(Semaphore::new(workers)),
        }
    }

    /// Runs `read` on `index` and then `respond` to what it read, on a
    /// blocking thread when a core is free; [`ApiError::busy`] at once when
    /// too many jobs are waiting already. `read` runs inside
    /// [`ArticleIndex::guarded`]: the one place where the server's readings
    /// of the index have a panic of tantivy's turned into an error.
    pub async fn run<T, R: Send + 'static>(
        &self,
        index: &Arc<ArticleIndex>,
        read: impl FnOnce(&ArticleIndex) -> rassegna::error::Result<T> + Send + 'static,
        respond: impl FnOnce(T) -> Result<R, ApiError> + Send + 'static,
    ) -> Result<R, ApiError> {
        let index = Arc::clone(index);
        self.run_job(move || respond(index.guarded(|| read(&index))?))
            .await
    }

    /// Runs `job` on a blocking thread when a core is free; [`ApiError::busy`]
    /// at once when too many jobs are waiting already.
    async fn run_job<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let _admitted = self
            .admitted
            .clone()
            .try_acquire_owned()
            .map_err(|_| ApiError::busy())?;
        let running = self
            .running
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| ApiError::busy())?;
        tokio::task::spawn_blocking(move || {
            let _running = running;
            job()
        })
        .await
        .map_err(|e| ApiError::internal(&format!("a search stopped: {e}")))?
    }
}

/// Refuses oversized requests before any handler reads them: a long address
/// (414), large headers (431), a body (413: no endpoint takes one).
pub async fn bound_request(request: Request, next: Next) -> Response {
    let uri = request.uri().to_string().len();
    if uri > MAX_URI_BYTES {
        return ApiError::new(
            StatusCode::URI_TOO_LONG,
            "too_long",
            format!("the request address has {uri} bytes; at most {MAX_URI_BYTES} are read"),
        )
        .into_response();
    }
    let headers: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    if headers > MAX_HEADER_BYTES {
        return ApiError::new(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "headers_too_large",
            format!(
                "the request headers have {headers} bytes; at most {MAX_HEADER_BYTES} are read"
            ),
        )
        .into_response();
    }
    let length = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let chunked = request.headers().contains_key(header::TRANSFER_ENCODING);
    if chunked || length.is_some_and(|n| n > 0) {
        return ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_not_allowed",
            "this API takes no request body: parameters go in the query string",
        )
        .into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn past_the_waiting_room_work_is_refused_at_once() {
        let pool = WorkPool::new(1, 1);
        let (release, hold) = std::sync::mpsc::channel::<()>();
        let hold = std::sync::Mutex::new(hold);
        let running = {
            let pool = pool.clone();
            tokio::spawn(async move {
                pool.run_job(move || {
                    let _ = hold.lock().map(|h| h.recv());
                    Ok(1)
                })
                .await
            })
        };
        // Let the first job start, then queue a second one behind it.
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let waiting = {
            let pool = pool.clone();
            tokio::spawn(async move { pool.run_job(|| Ok(2)).await })
        };
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let refused = pool.run_job(|| Ok(3)).await;
        let error = refused.expect_err("a third job is refused");
        assert_eq!(error.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(error.report.error.kind, "busy");
        release.send(()).expect("release the first job");
        assert_eq!(running.await.ok().and_then(Result::ok), Some(1));
        assert_eq!(waiting.await.ok().and_then(Result::ok), Some(2));
        // Room again.
        assert_eq!(pool.run_job(|| Ok(4)).await.ok(), Some(4));
    }
}
