//! Bounds on what a client can make the server do: the size of a request
//! (address, headers, body) and the number of searches running or waiting.
//! Searching is CPU-bound, so searches run on a pool of threads of their
//! own, one per core, which take the next waiting search themselves as soon
//! as they finish one: a search never waits for the HTTP thread to hand it
//! over (with tokio's blocking threads behind a semaphore it did, and a
//! fifth of the two cores stood idle under load; docs/BENCHMARKS.md). A
//! bounded number of searches wait for a turn, and past that the server
//! answers 503 at once rather than queueing without limit.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use crossbeam_channel::{Sender, TrySendError};
use rassegna::index::ArticleIndex;
use tokio::sync::oneshot;

use super::error::ApiError;

/// Longest request address (path and query string), in bytes.
pub const MAX_URI_BYTES: usize = 8 * 1024;
/// Most bytes of request headers (names and values).
pub const MAX_HEADER_BYTES: usize = 16 * 1024;
/// Searches waiting for a turn beyond those running, before a 503: enough
/// for hundreds of clients at once, each of whom waits a few milliseconds.
pub const MAX_WAITING: usize = 512;

/// A search waiting for a thread: it runs and sends its answer itself.
type Job = Box<dyn FnOnce() + Send>;

/// Runs searches on threads of its own, a bounded number waiting.
#[derive(Clone)]
pub struct WorkPool {
    /// The waiting room; the threads end when the last pool is dropped.
    jobs: Sender<Job>,
}

impl WorkPool {
    /// `workers` threads, `waiting` more jobs waiting for a turn.
    pub fn new(workers: usize, waiting: usize) -> std::io::Result<WorkPool> {
        let (jobs, queue) = crossbeam_channel::bounded::<Job>(waiting);
        for number in 0..workers.max(1) {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("search-{number}"))
                .spawn(move || {
                    for job in queue {
                        // A panic ends that job (its answer is dropped:
                        // the request gets an error), not the thread.
                        let _ = catch_unwind(AssertUnwindSafe(job));
                    }
                })?;
        }
        Ok(WorkPool { jobs })
    }

    /// Runs `read` on `index` and then `respond` to what it read, on a
    /// search thread when one is free; [`ApiError::busy`] at once when
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

    /// Runs `job` on a search thread when one is free; [`ApiError::busy`]
    /// at once when too many jobs are waiting already. A job whose client
    /// has gone (the request's future dropped) is skipped when its turn
    /// comes.
    async fn run_job<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let (answer, answered) = oneshot::channel();
        let job: Job = Box::new(move || {
            if !answer.is_closed() {
                let _ = answer.send(job());
            }
        });
        match self.jobs.try_send(job) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => return Err(ApiError::busy()),
            Err(TrySendError::Disconnected(_)) => {
                return Err(ApiError::internal("the search threads have stopped"))
            }
        }
        answered
            .await
            .map_err(|_| ApiError::internal("a search stopped before it answered"))?
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

    /// Starts a job on `pool` that answers `value` once released, and
    /// gives it 100 ms to take a thread.
    async fn occupy(
        pool: &WorkPool,
        value: u32,
    ) -> (
        std::sync::mpsc::Sender<()>,
        tokio::task::JoinHandle<Result<u32, ApiError>>,
    ) {
        let (release, hold) = std::sync::mpsc::channel::<()>();
        let hold = std::sync::Mutex::new(hold);
        let pool = pool.clone();
        let running = tokio::spawn(async move {
            pool.run_job(move || {
                let _ = hold.lock().map(|h| h.recv());
                Ok(value)
            })
            .await
        });
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        (release, running)
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn past_the_waiting_room_work_is_refused_at_once() {
        let pool = WorkPool::new(1, 1).expect("start a search thread");
        let (release, running) = occupy(&pool, 1).await;
        // Queue a second job behind the first.
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

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_panicking_job_is_an_error_and_its_thread_goes_on() {
        let pool = WorkPool::new(1, 4).expect("start a search thread");
        let panicked = pool
            .run_job(|| -> Result<u32, ApiError> { panic!("a garbled index") })
            .await
            .expect_err("the panic is an error");
        assert_eq!(panicked.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(pool.run_job(|| Ok(5)).await.ok(), Some(5));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_job_whose_client_has_gone_is_skipped() {
        let pool = WorkPool::new(1, 4).expect("start a search thread");
        let (release, busy) = occupy(&pool, 0).await;
        // A client that waits 50 ms behind the busy thread and leaves.
        let ran = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = Arc::clone(&ran);
        let gone = tokio::time::timeout(
            std::time::Duration::from_millis(50),
            pool.run_job(move || {
                flag.store(true, std::sync::atomic::Ordering::SeqCst);
                Ok(())
            }),
        )
        .await;
        assert!(gone.is_err(), "the client gave up before its turn");
        release.send(()).expect("release the busy thread");
        assert_eq!(busy.await.ok().and_then(Result::ok), Some(0));
        // The thread is free again and the abandoned job was not run.
        assert_eq!(pool.run_job(|| Ok(6)).await.ok(), Some(6));
        assert!(!ran.load(std::sync::atomic::Ordering::SeqCst));
    }
}
