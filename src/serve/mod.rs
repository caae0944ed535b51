//! `newsdex serve`: the index over HTTP, read-only. A search page at `/` and a JSON API:
//!
//! | route | answers with |
//! | --- | --- |
//! | `GET /api/search?q=&n=&offset=&sort=&since=&until=&location=&agency=&category=&speaker=&facets=1&any=1&fallback=1&snippets=` | what `query --format json` prints |
//! | `GET /api/story/{id}` | what `parse` prints for the story (id as in hits) |
//! | `GET /api/stats` | what `stats --format json` prints |
//! | `GET /api/timeline?q=&by=day\|week\|month\|year` (+ the filters, `any`, `fallback`) | [`crate::search::Timeline`] |
//!
//! Errors are `{"error": "one line"}` with status 400 (bad request or query), 404 (no such
//! story or page) or 503 (index missing, damaged or being rebuilt; too slow). Handlers are
//! thin: they turn parameters into a [`SearchRequest`](crate::SearchRequest) ([`params`]),
//! run the library on a blocking thread under a concurrency limit and a deadline, and let
//! [`crate::render::json`] write the body. The page's files are compiled into the binary
//! ([`assets`]); no route reads a file by a name taken from the request, so nothing outside
//! the index can be served. This stage knows nothing of the command line or of tantivy.

mod assets;
mod error;
mod params;
mod routes;

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use tokio::sync::Semaphore;

pub use error::ApiError;

use crate::NewsIndex;

/// Bounds on what one request may ask and on the work the server takes on at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Longest query text, in characters.
    pub max_query_chars: usize,
    /// Deepest nesting of parentheses in a query.
    pub max_nesting: usize,
    /// Largest `n` (hits per page).
    pub max_hits: usize,
    /// Largest `offset`.
    pub max_offset: usize,
    /// Requests searching the index at the same time; more wait their turn.
    pub max_searches: usize,
    /// Requests the server holds at once (searching or waiting); more wait for a slot.
    pub max_requests: usize,
    /// How long a request may take, waiting included, before it fails with 503.
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Limits {
            max_query_chars: 1_000,
            max_nesting: 16,
            max_hits: 100,
            max_offset: 10_000,
            max_searches: cores * 2,
            max_requests: 256,
            timeout: Duration::from_secs(10),
        }
    }
}

/// What every handler shares: the index (opened once, reopened after it failed) and limits.
pub(crate) struct AppState {
    dir: PathBuf,
    index: RwLock<Option<Arc<NewsIndex>>>,
    limits: Limits,
    searches: Arc<Semaphore>,
}

impl AppState {
    /// The open index, opening it first if it is not (yet, or any more), or if a rebuild
    /// has put a new one in its place (requests under way finish on the old one).
    fn index(&self) -> Result<Arc<NewsIndex>, ApiError> {
        if let Some(index) = self.index.read().ok().and_then(|guard| guard.clone()) {
            if !index.replaced() {
                return Ok(index);
            }
        }
        let opened = Arc::new(NewsIndex::open_live(&self.dir).map_err(ApiError::from_index)?);
        if let Ok(mut guard) = self.index.write() {
            *guard = Some(opened.clone());
        }
        Ok(opened)
    }

    /// Drops the open index, so the next request opens it again (after a rebuild).
    fn forget_index(&self) {
        if let Ok(mut guard) = self.index.write() {
            *guard = None;
        }
    }

    /// Runs `work` on a blocking thread once a search slot is free, within the deadline.
    async fn run<T, F>(self: &Arc<Self>, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&NewsIndex) -> Result<T, ApiError> + Send + 'static,
    {
        let state = self.clone();
        let job = async move {
            let permit = state
                .searches
                .clone()
                .acquire_owned()
                .await
                .map_err(|_| ApiError::unavailable("the server is shutting down"))?;
            let worker = state.clone();
            tokio::task::spawn_blocking(move || {
                // Held until the work ends, even when the request has timed out.
                let _permit = permit;
                let index = worker.index()?;
                let result = work(&index);
                if matches!(&result, Err(e) if e.is_index_failure()) {
                    worker.forget_index();
                }
                result
            })
            .await
            .map_err(|_| ApiError::internal("the request failed inside the server"))?
        };
        let limit = self.limits.timeout;
        tokio::time::timeout(limit, job).await.map_err(|_| {
            ApiError::unavailable(format!(
                "the request took longer than {} s: narrow the query or try again",
                limit.as_secs_f64()
            ))
        })?
    }
}

/// The server for the index at `dir`: every route, the limits applied.
pub fn router(dir: &Path, limits: Limits) -> Router {
    let index = NewsIndex::open_live(dir).ok().map(Arc::new);
    let state = Arc::new(AppState {
        dir: dir.to_path_buf(),
        index: RwLock::new(index),
        searches: Arc::new(Semaphore::new(limits.max_searches.max(1))),
        limits,
    });
    routes::router(state)
}

/// Serves `router` on `listener` until `shutdown` completes, on a runtime of its own.
pub fn serve(
    listener: std::net::TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("newsdex-serve")
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        axum::serve(listener, router)
            .with_graceful_shutdown(shutdown)
            .await
    })
}

/// Starts serving the index at `dir` on `127.0.0.1` at a free port, on a thread of its own
/// that lives as long as the process (for tests and benchmarks). Returns the address.
pub fn spawn_local(dir: &Path, limits: Limits) -> io::Result<SocketAddr> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    let router = router(dir, limits);
    std::thread::Builder::new()
        .name("newsdex-serve".into())
        .spawn(move || serve(listener, router, std::future::pending()))?;
    Ok(addr)
}

/// Resolves when the process gets Ctrl-C (or SIGTERM on Unix).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
