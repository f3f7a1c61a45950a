//! `rassegna serve`: the HTTP API and the search page, on axum and tokio.
//!
//! A thin layer over the library, as Meilisearch's HTTP service is over its
//! engine: [`routes`] turns a request into the library's own request types
//! ([`params`]), runs it on a bounded pool ([`limits`]) and serialises the
//! library's answer; errors have the library's one JSON shape ([`error`]);
//! the page's files are embedded ([`assets`]). Nothing here ranks, cuts
//! snippets or counts facets.
//!
//! The index is opened once; tantivy's reader reloads by itself when a new
//! commit lands (`rassegna index` while serving), so the server sees it
//! without a restart. It binds to loopback unless told otherwise, sends no
//! CORS headers (other sites' pages cannot read it), and ends cleanly on
//! Ctrl-C or SIGTERM, finishing the requests under way.

mod assets;
mod error;
mod limits;
mod params;
mod routes;

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::{Context, Result};
use axum::http::{header, HeaderValue};
use axum::routing::get;
use axum::Router;
use rassegna::index::ArticleIndex;
use tower_http::set_header::SetResponseHeaderLayer;

use limits::WorkPool;
use routes::App;

/// Threads of the async runtime, which parse requests and write answers.
const HTTP_THREADS: usize = 1;

/// Serves `index` on `addr` until Ctrl-C or SIGTERM.
pub fn serve(index: ArticleIndex, addr: SocketAddr) -> Result<()> {
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    // Searches run on threads of their own, one per core (`WorkPool`); the
    // HTTP side (reading requests, writing answers) is a small share of a
    // request's CPU, and one thread does it without taking turns with the
    // searches on a small machine (docs/BENCHMARKS.md, the server under load).
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(HTTP_THREADS)
        .enable_all()
        .build()
        .context("cannot start the server's threads")?;
    runtime.block_on(async move {
        let articles = index.num_articles();
        let app = App {
            index: Arc::new(index),
            pool: WorkPool::new(workers, limits::MAX_WAITING)
                .context("cannot start the server's search threads")?,
        };
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}: is another server using it? Choose another with --addr"))?;
        let bound = listener.local_addr().unwrap_or(addr);
        if !bound.ip().is_loopback() {
            eprintln!(
                "warning: listening on {bound}, which other machines can reach: anyone who can connect can read the whole archive. Use --addr 127.0.0.1:{} to keep it on this machine.",
                bound.port()
            );
        }
        // Listening for the signals before saying where the server is, so
        // that a SIGTERM sent as soon as it says so still stops it cleanly.
        let stop = shutdown_signal()?;
        eprintln!("Serving {articles} articles at http://{bound}/ (Ctrl-C to stop).");
        axum::serve(listener, router(app))
            .with_graceful_shutdown(stop)
            .await
            .context("the server stopped on an error")?;
        eprintln!("Stopped.");
        Ok(())
    })
}

/// Every route, with the request bounds and the response headers.
fn router(app: App) -> Router {
    let header = |name, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    Router::new()
        .route("/", get(assets::page))
        .route("/assets/{name}", get(assets::asset))
        .route("/health", get(routes::health))
        .route("/api/openapi.json", get(routes::openapi))
        .route("/api/search", get(routes::search))
        .route("/api/search.csv", get(routes::search_csv))
        .route("/api/articles/{*id}", get(routes::article))
        .route("/api/persons", get(routes::persons))
        .route("/api/persons/{name}", get(routes::person))
        .fallback(routes::not_found)
        .method_not_allowed_fallback(routes::method_not_allowed)
        .with_state(app)
        .layer(axum::middleware::from_fn(limits::bound_request))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header(
            header::CONTENT_SECURITY_POLICY,
            assets::CONTENT_SECURITY_POLICY,
        ))
}

/// A future that resolves on Ctrl-C (SIGINT) or SIGTERM, its handlers
/// installed before it returns.
#[cfg(unix)]
fn shutdown_signal() -> Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut terminate = signal(SignalKind::terminate()).context("cannot listen for SIGTERM")?;
    let mut interrupt = signal(SignalKind::interrupt()).context("cannot listen for Ctrl-C")?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
        eprintln!("Stopping: finishing the requests under way.");
    })
}

#[cfg(not(unix))]
fn shutdown_signal() -> Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
        eprintln!("Stopping: finishing the requests under way.");
    })
}
