//! [`Acceptor`]: taking connections off the listener without spinning or flooding the log
//! when accepting fails (out of file descriptors, out of memory).

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::net::{TcpListener, TcpStream};

use super::connection::Registry;

/// Accepts connections without spinning or flooding the log when accepting fails.
pub(super) struct Acceptor {
    registry: Arc<Registry>,
    /// How many connections to close when accepting fails.
    batch: usize,
    backoff: Duration,
    /// When a failure was last logged, and how many were not logged since.
    logged_at: Option<Instant>,
    unlogged: u64,
}

/// The first wait after a failed accept; it doubles up to [`MAX_BACKOFF`].
const MIN_BACKOFF: Duration = Duration::from_millis(10);
const MAX_BACKOFF: Duration = Duration::from_secs(1);
/// One warning per this long at most.
const LOG_EVERY: Duration = Duration::from_secs(10);

impl Acceptor {
    pub(super) fn new(registry: Arc<Registry>, batch: usize) -> Self {
        Acceptor {
            registry,
            batch,
            backoff: MIN_BACKOFF,
            logged_at: None,
            unlogged: 0,
        }
    }

    /// The next connection. Errors of one connection (reset before it was accepted) are
    /// skipped; others (out of file descriptors, out of memory) free a descriptor held by a
    /// client that keeps the server waiting, or wait before trying again.
    pub(super) async fn accept(&mut self, listener: &TcpListener) -> (TcpStream, SocketAddr) {
        loop {
            match listener.accept().await {
                Ok(accepted) => {
                    self.backoff = MIN_BACKOFF;
                    return accepted;
                }
                Err(e) => {
                    if let Some(wait) = self.after_error(&e) {
                        tokio::time::sleep(wait).await;
                    }
                }
            }
        }
    }

    /// How long to wait before accepting again after `error` (`None`: at once).
    fn after_error(&mut self, error: &io::Error) -> Option<Duration> {
        if is_connection_error(error) {
            return None;
        }
        self.log(error);
        if self.registry.reclaim(self.batch, "accepting failed") {
            // The closed connections free their descriptors as soon as their tasks run.
            return Some(Duration::from_millis(1));
        }
        let wait = self.backoff;
        self.backoff = (self.backoff * 2).min(MAX_BACKOFF);
        Some(wait)
    }

    fn log(&mut self, error: &io::Error) {
        let due = self.logged_at.is_none_or(|at| at.elapsed() >= LOG_EVERY);
        if due {
            tracing::warn!(
                target: "inertia_runtime::server",
                %error, similar_errors_not_logged = self.unlogged,
                "accepting a connection failed; freeing a connection that keeps the server waiting, or waiting"
            );
            self.logged_at = Some(Instant::now());
            self.unlogged = 0;
        } else {
            self.unlogged += 1;
        }
    }
}

/// Errors that concern one connection only.
fn is_connection_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionRefused
            | io::ErrorKind::Interrupted
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::connection::tests::accepted;
    use std::sync::atomic::Ordering;

    fn out_of_files() -> io::Error {
        io::Error::other("Too many open files (os error 24)")
    }

    #[test]
    fn failed_accepts_back_off_and_are_logged_once_per_window() {
        let mut acceptor = Acceptor::new(Arc::new(Registry::new()), 4);
        // A connection's own error: try again at once, nothing logged.
        let reset = io::Error::from(io::ErrorKind::ConnectionAborted);
        assert_eq!(acceptor.after_error(&reset), None);
        assert!(acceptor.logged_at.is_none());
        // Out of descriptors with nothing to close: 10 ms, doubling to 1 s; never a spin.
        let waits: Vec<u128> = (0..10)
            .map(|_| acceptor.after_error(&out_of_files()).unwrap().as_millis())
            .collect();
        assert_eq!(waits, [10, 20, 40, 80, 160, 320, 640, 1000, 1000, 1000]);
        // One warning; the other nine counted for the next.
        assert!(acceptor.logged_at.is_some());
        assert_eq!(acceptor.unlogged, 9);
    }

    #[tokio::test]
    async fn failed_accepts_close_a_connection_that_waits_on_its_client() {
        let registry = Arc::new(Registry::new());
        let (client, tracked, permits) = accepted(&registry).await;
        let mut acceptor = Acceptor::new(registry.clone(), 4);
        assert_eq!(
            acceptor.after_error(&out_of_files()),
            Some(Duration::from_millis(1))
        );
        assert!(
            tracked.conn.closing.load(Ordering::Relaxed),
            "told to close"
        );
        assert_eq!(registry.closing.load(Ordering::Relaxed), 1);
        // Until it has closed, another failure closes no second one.
        assert_eq!(
            acceptor.after_error(&out_of_files()),
            Some(Duration::from_millis(1))
        );
        drop(tracked);
        assert_eq!(registry.closing.load(Ordering::Relaxed), 0);
        assert_eq!(registry.len(), 0);
        assert_eq!(
            permits.available_permits(),
            1,
            "its place under the cap is free"
        );
        drop(client);
    }
}
