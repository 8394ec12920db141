//! One connection's task: hyper serving the app on it, and the watchdog that closes it when
//! it idles, stops reading, reaches its maximum age, or the server shuts down.
//!
//! Apart from `connection` (the state the task updates, and the registry that picks which
//! connection to close) so that the state does not depend on the service wrapper in `body`.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::watch;

use super::Limits;
use super::body::TrackedService;
use super::connection::{Conn, Millis, Tracked};

/// Serves one connection on its own task until it ends, is told to close, or the server
/// shuts down (then gracefully).
pub(super) fn spawn(
    mut tracked: Tracked,
    builder: Arc<auto::Builder<TokioExecutor>>,
    app: Router,
    limits: Limits,
    mut shutdown: watch::Receiver<bool>,
) {
    let Some(stream) = tracked.stream.take() else {
        return;
    };
    let _ = stream.set_nodelay(true);
    let conn = tracked.conn.clone();
    tokio::spawn(async move {
        let io = TokioIo::new(WatchedIo {
            stream,
            conn: conn.clone(),
        });
        let service = TowerToHyperService::new(TrackedService::new(app, conn.clone(), limits));
        let connection = builder.serve_connection_with_upgrades(io, service);
        tokio::pin!(connection);
        let age = tokio::time::sleep(limits.max_connection_age);
        tokio::pin!(age);
        let watchdog = tokio::time::sleep(watch_interval(&limits));
        tokio::pin!(watchdog);
        // Set when the server shuts down while the connection is idle HTTP/1 (see `drain`).
        let quiet = tokio::time::sleep(Duration::MAX);
        tokio::pin!(quiet);
        let mut draining = false;
        let mut graceful = false;
        if *shutdown.borrow() {
            graceful = drain(&conn, &mut draining, quiet.as_mut());
            if graceful {
                connection.as_mut().graceful_shutdown();
            }
        }
        loop {
            tokio::select! {
                biased;
                result = connection.as_mut() => {
                    if let Err(e) = result {
                        tracing::debug!(target: "inertia_runtime::server", peer = %conn.peer, error = %e, "connection ended with an error");
                    }
                    break;
                }
                () = conn.close.notified() => break,
                changed = shutdown.changed(), if !graceful && !draining => {
                    if (changed.is_err() || *shutdown.borrow()) && drain(&conn, &mut draining, quiet.as_mut()) {
                        graceful = true;
                        connection.as_mut().graceful_shutdown();
                    }
                }
                () = &mut quiet, if draining && !graceful => {
                    let quiet_for = conn.quiet_for();
                    if conn.in_flight.load(Ordering::Relaxed) == 0 && !conn.mid_request() && quiet_for >= QUIET_MS {
                        // Idle for a while since the shutdown began: no proxy is about to
                        // reuse it (their pools take the most recently used first).
                        break;
                    }
                    // A request came (or is coming in): its response closes the connection,
                    // and the drain deadline bounds a client that never finishes it. Look
                    // again later.
                    look_again(&conn, quiet.as_mut());
                }
                () = &mut age, if !graceful => {
                    graceful = true;
                    connection.as_mut().graceful_shutdown();
                }
                () = &mut watchdog => {
                    match check(&conn, &limits) {
                        Verdict::Fine(next) => watchdog.as_mut().reset(tokio::time::Instant::now() + next),
                        Verdict::Idle if graceful => {
                            // Asked to close a period ago and still idle: drop it.
                            break;
                        }
                        Verdict::Idle => {
                            // HTTP/2 `GOAWAY`; hyper closes the connection once it is sent.
                            graceful = true;
                            connection.as_mut().graceful_shutdown();
                            watchdog.as_mut().reset(tokio::time::Instant::now() + watch_interval(&limits));
                        }
                        Verdict::NotReading => {
                            tracing::debug!(target: "inertia_runtime::server", peer = %conn.peer, "closed a connection whose client stopped reading its response");
                            break;
                        }
                    }
                }
            }
        }
        drop(tracked);
    });
}

/// How long an idle HTTP/1 connection stays open after the server began shutting down,
/// counted from its last activity.
const QUIET_MS: Millis = 500;

/// What the server's shutdown does to a connection; `true` when it may close gracefully now.
///
/// An HTTP/2 connection closes gracefully: `GOAWAY` tells the client which requests were
/// taken. HTTP/1 has nothing like it: a kept-alive connection closed by the server can be
/// closed under a request that a proxy is sending on it from its pool that very moment, and
/// the proxy may not resend it (nginx answers a `POST` with `502`; a rolling deploy behind
/// nginx showed several per server stopped, with hyper's graceful shutdown, which also
/// closes a connection after a response whose head went out before the shutdown, without
/// `Connection: close`). So an HTTP/1 connection stays open: every response from now on says
/// `Connection: close` (and the connection ends after it), and one that has been quiet for
/// [`QUIET_MS`] is closed (a pool reuses its most recently used connections first). The drain
/// deadline bounds it all.
fn drain(conn: &Conn, draining: &mut bool, quiet: std::pin::Pin<&mut tokio::time::Sleep>) -> bool {
    if conn.http2.load(Ordering::Relaxed) {
        return true;
    }
    conn.draining.store(true, Ordering::Relaxed);
    *draining = true;
    look_again(conn, quiet);
    false
}

/// Sets `quiet` to fire when the connection will have been quiet for [`QUIET_MS`] (at least
/// 10 ms from now), unless something happens on it before.
fn look_again(conn: &Conn, quiet: std::pin::Pin<&mut tokio::time::Sleep>) {
    let wait = QUIET_MS.saturating_sub(conn.quiet_for()).max(10);
    quiet.reset(tokio::time::Instant::now() + Duration::from_millis(wait));
}

enum Verdict {
    /// Nothing to do; look again after this long.
    Fine(Duration),
    /// No request for the idle timeout: ask the connection to close.
    Idle,
    /// A response write has waited past the send timeout.
    NotReading,
}

/// How often a connection's timers are looked at when nothing is due sooner.
fn watch_interval(limits: &Limits) -> Duration {
    limits
        .idle_timeout
        .min(limits.send_timeout)
        .max(Duration::from_millis(10))
}

fn check(conn: &Conn, limits: &Limits) -> Verdict {
    let now = conn.now();
    let blocked = conn.write_blocked_since.load(Ordering::Relaxed);
    let send_ms = millis(limits.send_timeout);
    if blocked != 0 && now.saturating_sub(blocked - 1) >= send_ms {
        return Verdict::NotReading;
    }
    let interval = watch_interval(limits);
    if conn.in_flight.load(Ordering::Relaxed) == 0 {
        let idle_for = now.saturating_sub(conn.idle_since.load(Ordering::Relaxed));
        let idle_ms = millis(limits.idle_timeout);
        if idle_for >= idle_ms {
            return Verdict::Idle;
        }
        return Verdict::Fine(Duration::from_millis(idle_ms - idle_for).min(interval));
    }
    Verdict::Fine(interval)
}

fn millis(duration: Duration) -> Millis {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// The socket, with reads and blocked writes recorded on the connection.
struct WatchedIo {
    stream: TcpStream,
    conn: Arc<Conn>,
}

impl AsyncRead for WatchedIo {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.stream).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.conn.read_some();
        }
        polled
    }
}

impl AsyncWrite for WatchedIo {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.stream).poll_write(cx, buf);
        self.conn.write_blocked(polled.is_pending());
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        self.conn.write_blocked(polled.is_pending());
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let polled = Pin::new(&mut self.stream).poll_flush(cx);
        self.conn.write_blocked(polled.is_pending());
        polled
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}
