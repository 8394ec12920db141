//! A production HTTP server for the app: what `axum::serve` leaves to you, so that the binary
//! can face the internet without a proxy in front.
//!
//! ```no_run
//! use axum::{Router, routing::get};
//! use inertia_runtime::server::Server;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let app = Router::new().route("/", get(|| async { "hello" }));
//! // HOST and PORT (127.0.0.1:3000 without them), every limit at its production default;
//! // SIGINT or SIGTERM drains and exits.
//! Server::from_env()?.serve(app).await?;
//! # Ok(()) }
//! ```
//!
//! HTTP/1.1 and HTTP/2 (cleartext, prior knowledge or by upgrade-free detection) on one port,
//! through hyper-util's connection builder. What it adds, each with a default chosen for a
//! server that faces the internet (the table in the [`Server`] docs compares them with nginx
//! and Go):
//!
//! - **Header read timeout.** A client must send a request's headers within
//!   [`header_read_timeout`](Server::header_read_timeout) (10 s); an HTTP/1 connection waiting
//!   for its next request is under the same clock. Slow-header clients (slowloris) are cut off.
//! - **Request body timeouts.** A body must keep arriving (at most
//!   [`body_idle_timeout`](Server::body_idle_timeout), 10 s, between two reads) and arrive
//!   whole within [`body_timeout`](Server::body_timeout) (60 s). A handler reading a body
//!   that stalls gets an error (`400`), and the connection is closed.
//! - **Connections that give nothing back.** HTTP/2 keep-alive pings (a peer that stops
//!   answering is dropped), an [`idle_timeout`](Server::idle_timeout) for connections with no
//!   request under way (60 s), a [`send_timeout`](Server::send_timeout) for responses the
//!   client does not read (30 s), and a [`max_connection_age`](Server::max_connection_age)
//!   (30 min) after which a connection is asked to close once its requests are done.
//! - **A connection cap that cannot lock clients out.** At most
//!   [`max_connections`](Server::max_connections) (4,096, and never more than the process's
//!   file descriptors allow). When a new client arrives at the cap, or the process runs out
//!   of descriptors, the server closes the connection that has kept it waiting longest: one
//!   idle, or sending its headers or body slowly, or not reading its response; never one
//!   whose request the app is working on. An attacker who holds thousands of slow
//!   connections therefore cannot keep a legitimate client out, and accept errors never
//!   spin: the loop backs off (10 ms doubling to 1 s) and logs once per 10 s.
//! - **Graceful shutdown.** On SIGINT or SIGTERM (Ctrl-C, `docker stop`, systemd,
//!   Kubernetes): stop accepting, let requests under way finish, close idle connections at
//!   once; after [`drain_timeout`](Server::drain_timeout) (8 s, inside `docker stop`'s 10 s)
//!   close what remains and return.
//! - **The peer's address** as [`ConnectInfo<SocketAddr>`](axum::extract::ConnectInfo), which
//!   [`InertiaConfig::trusted_proxies`](crate::InertiaConfig::trusted_proxies) reads.
//! - **Security headers** on every response that does not set them itself (as Rails does by
//!   default): `X-Content-Type-Options: nosniff`, `X-Frame-Options: SAMEORIGIN`,
//!   `Content-Security-Policy: frame-ancestors 'self'` and `Referrer-Policy:
//!   strict-origin-when-cross-origin`. [`security_headers(false)`](Server::security_headers)
//!   turns them off.
//!
//! TLS is not included: terminate it in front (a load balancer, Caddy, nginx), which also
//! sets `Strict-Transport-Security`.

mod accept;
mod body;
mod connection;
mod env;
mod fd;
mod headers;
mod signal;
mod task;

use std::future::Future;
use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use hyper_util::server::conn::auto;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};

use crate::error::ConfigError;
use connection::{Registry, Tracked};

pub use signal::shutdown_signal;

/// The production server: settings, then [`serve`](Self::serve). See the [module
/// docs](self) for what each limit protects against.
///
/// | setting | default | for comparison |
/// |---|---|---|
/// | [`header_read_timeout`](Self::header_read_timeout) | 10 s | nginx `client_header_timeout` 60 s; Apache `RequestReadTimeout header=20-40`. A browser sends its headers in one packet. |
/// | [`body_idle_timeout`](Self::body_idle_timeout) | 10 s | nginx `client_body_timeout` 60 s (between reads); Apache `body=20`. |
/// | [`body_timeout`](Self::body_timeout) | 60 s | Go `http.Server.ReadTimeout` (commonly 10–60 s). axum's 2 MB body limit arrives in 60 s at 35 kB/s; raise both for large uploads. |
/// | [`idle_timeout`](Self::idle_timeout) | 60 s | nginx `keepalive_timeout` 75 s; Go `IdleTimeout`. |
/// | [`send_timeout`](Self::send_timeout) | 30 s | nginx `send_timeout` 60 s. |
/// | [`keep_alive`](Self::keep_alive) (HTTP/2 pings) | every 20 s, 20 s to answer | hyper's defaults when pings are on. |
/// | [`max_connection_age`](Self::max_connection_age) | 30 min | gRPC's `MaxConnectionAge` idea: long-lived HTTP/2 connections move to new servers after a deploy. |
/// | [`max_connections`](Self::max_connections) | 4,096 | nginx `worker_connections` 512–1024 per worker; lowered to fit the descriptor limit. |
/// | [`drain_timeout`](Self::drain_timeout) | 8 s | inside `docker stop` (10 s), Kubernetes (30 s) and systemd (90 s) grace periods. |
///
/// [`from_env`](Self::from_env) reads each from the environment too, so operations can tune a
/// deployed binary without a rebuild.
#[derive(Debug, Clone)]
#[must_use]
pub struct Server {
    addr: SocketAddr,
    limits: Limits,
    raise_fd_limit: bool,
}

/// The limits, shared by every connection.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) header_read_timeout: Duration,
    pub(crate) body_idle_timeout: Duration,
    pub(crate) body_timeout: Duration,
    pub(crate) idle_timeout: Duration,
    pub(crate) send_timeout: Duration,
    pub(crate) keep_alive_interval: Duration,
    pub(crate) keep_alive_timeout: Duration,
    pub(crate) max_connection_age: Duration,
    pub(crate) max_connections: usize,
    pub(crate) drain_timeout: Duration,
    pub(crate) security_headers: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_read_timeout: Duration::from_secs(10),
            body_idle_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(60),
            idle_timeout: Duration::from_secs(60),
            send_timeout: Duration::from_secs(30),
            keep_alive_interval: Duration::from_secs(20),
            keep_alive_timeout: Duration::from_secs(20),
            max_connection_age: Duration::from_secs(30 * 60),
            max_connections: 4096,
            drain_timeout: Duration::from_secs(8),
            security_headers: true,
        }
    }
}

impl Default for Server {
    fn default() -> Self {
        Server {
            addr: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 3000),
            limits: Limits::default(),
            raise_fd_limit: true,
        }
    }
}

impl Server {
    /// A server for `127.0.0.1:3000` with the production defaults.
    ///
    /// ```
    /// use std::time::Duration;
    /// use inertia_runtime::server::Server;
    ///
    /// let server = Server::new()
    ///     .addr(([0, 0, 0, 0], 8080))
    ///     // An app that takes large uploads gives bodies longer.
    ///     .body_timeout(Duration::from_secs(300));
    /// # let _ = server;
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// A server configured from the environment, for deployments:
    ///
    /// | variable | meaning | default |
    /// |---|---|---|
    /// | `HOST` | the address to listen on; `0.0.0.0` (or `::`) in a container | `127.0.0.1` |
    /// | `PORT` | the port; `0` picks a free one | `3000` |
    /// | `INERTIA_HEADER_READ_TIMEOUT` | [`header_read_timeout`](Self::header_read_timeout) | `10s` |
    /// | `INERTIA_BODY_IDLE_TIMEOUT` | [`body_idle_timeout`](Self::body_idle_timeout) | `10s` |
    /// | `INERTIA_BODY_TIMEOUT` | [`body_timeout`](Self::body_timeout) | `60s` |
    /// | `INERTIA_IDLE_TIMEOUT` | [`idle_timeout`](Self::idle_timeout) | `60s` |
    /// | `INERTIA_SEND_TIMEOUT` | [`send_timeout`](Self::send_timeout) | `30s` |
    /// | `INERTIA_KEEP_ALIVE_INTERVAL`, `INERTIA_KEEP_ALIVE_TIMEOUT` | [`keep_alive`](Self::keep_alive) | `20s`, `20s` |
    /// | `INERTIA_MAX_CONNECTION_AGE` | [`max_connection_age`](Self::max_connection_age) | `30m` |
    /// | `INERTIA_MAX_CONNECTIONS` | [`max_connections`](Self::max_connections) | `4096` |
    /// | `INERTIA_DRAIN_TIMEOUT` | [`drain_timeout`](Self::drain_timeout) | `8s` |
    ///
    /// Durations are written with a unit: `500ms`, `10s`, `2m`, `1h`. A value that does not
    /// parse is an error naming the variable, not a silent default.
    ///
    /// ```no_run
    /// use inertia_runtime::server::Server;
    ///
    /// // With none of them set: 127.0.0.1:3000 and the defaults.
    /// let server = Server::from_env()?;
    /// # let _ = server;
    /// # Ok::<(), inertia_runtime::ConfigError>(())
    /// ```
    pub fn from_env() -> Result<Self, ConfigError> {
        env::read(Self::default(), &|name| std::env::var_os(name))
    }

    /// The address [`serve`](Self::serve) listens on.
    pub fn addr(mut self, addr: impl Into<SocketAddr>) -> Self {
        self.addr = addr.into();
        self
    }

    /// How long a client has to send a request's headers, and how long an HTTP/1 connection
    /// may wait for its next request.
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.limits.header_read_timeout = timeout;
        self
    }

    /// How long a request body may pause between two reads.
    pub fn body_idle_timeout(mut self, timeout: Duration) -> Self {
        self.limits.body_idle_timeout = timeout;
        self
    }

    /// How long a whole request body may take to arrive, from the request's start.
    pub fn body_timeout(mut self, timeout: Duration) -> Self {
        self.limits.body_timeout = timeout;
        self
    }

    /// How long a connection may stay open with no request under way (HTTP/2 mostly: an
    /// HTTP/1 connection waiting for its next request is under the header read timeout).
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.limits.idle_timeout = timeout;
        self
    }

    /// How long writing a response may wait for the client to read.
    pub fn send_timeout(mut self, timeout: Duration) -> Self {
        self.limits.send_timeout = timeout;
        self
    }

    /// HTTP/2 pings every `interval`; a peer that does not answer within `timeout` is
    /// dropped.
    pub fn keep_alive(mut self, interval: Duration, timeout: Duration) -> Self {
        self.limits.keep_alive_interval = interval;
        self.limits.keep_alive_timeout = timeout;
        self
    }

    /// After this long, a connection is asked to close (HTTP/2 `GOAWAY`, HTTP/1
    /// `Connection: close`) once its requests are done; clients reconnect.
    pub fn max_connection_age(mut self, age: Duration) -> Self {
        self.limits.max_connection_age = age;
        self
    }

    /// How many connections are served at once (at least 1). Never more than the file
    /// descriptor limit allows, less 64 for the app's own files and clients.
    pub fn max_connections(mut self, max: usize) -> Self {
        self.limits.max_connections = max.max(1);
        self
    }

    /// After a shutdown signal, how long requests under way may take to finish.
    pub fn drain_timeout(mut self, timeout: Duration) -> Self {
        self.limits.drain_timeout = timeout;
        self
    }

    /// Whether to add the security headers (see the [module docs](self)) to responses that
    /// do not set them (default `true`).
    pub fn security_headers(mut self, enabled: bool) -> Self {
        self.limits.security_headers = enabled;
        self
    }

    /// Whether to raise the soft limit on open files to the hard limit at startup (default
    /// `true`, as Go does for every program): systemd's default soft limit of 1,024 would
    /// otherwise cap the connections far below what the machine can serve.
    pub fn raise_fd_limit(mut self, enabled: bool) -> Self {
        self.raise_fd_limit = enabled;
        self
    }

    /// Binds [`addr`](Self::addr) and serves `app` until SIGINT or SIGTERM, then drains. The
    /// error of a failed bind names the address and what to change.
    pub async fn serve(self, app: Router) -> io::Result<()> {
        let listener = listen(self.addr).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!(
                    "cannot listen on {} ({e}); set PORT to another port, or HOST to an address of this machine",
                    self.addr
                ),
            )
        })?;
        self.serve_listener(listener, app, shutdown_signal()).await
    }

    /// Serves `app` on `listener` until `shutdown` completes, then drains. For a listener
    /// bound elsewhere (socket activation, tests) or another shutdown signal.
    ///
    /// ```no_run
    /// use axum::Router;
    /// use inertia_runtime::server::{Server, shutdown_signal};
    ///
    /// # async fn run() -> std::io::Result<()> {
    /// let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    /// Server::new().serve_listener(listener, Router::new(), shutdown_signal()).await
    /// # }
    /// ```
    pub async fn serve_listener(
        self,
        listener: TcpListener,
        app: Router,
        shutdown: impl Future<Output = ()> + Send,
    ) -> io::Result<()> {
        let mut limits = self.limits;
        limits.max_connections = fd::connection_cap(limits.max_connections, self.raise_fd_limit);
        tracing::info!(
            target: "inertia_runtime::server",
            max_connections = limits.max_connections,
            "listening on http://{}",
            listener.local_addr()?
        );
        serve(listener, app, limits, shutdown).await;
        Ok(())
    }
}

/// A listener on `addr` whose queue of connections not yet accepted is as long as the system
/// allows (`net.core.somaxconn`, 4,096 on current Linux; tokio's `bind` asks for 1,024). When
/// clients arrive faster than they are accepted, a longer queue means a new client waits in
/// it instead of having its connection attempt dropped and retried a second or more later.
fn listen(addr: SocketAddr) -> io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    // A restarted server can listen again at once, while the old one's connections linger.
    #[cfg(unix)]
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    let backlog = std::fs::read_to_string("/proc/sys/net/core/somaxconn")
        .ok()
        .and_then(|n| n.trim().parse::<u32>().ok())
        .unwrap_or(1024)
        .clamp(128, 65_535);
    socket.listen(backlog)
}

/// The accept loop, then the drain.
async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send,
) {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(Some(limits.keep_alive_interval))
        .keep_alive_timeout(limits.keep_alive_timeout);
    let builder = Arc::new(builder);
    let registry = Arc::new(Registry::new());
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let (closing, closing_rx) = watch::channel(false);
    // How many connections to close at once when the cap or the descriptors run out.
    let batch = (limits.max_connections / 64).max(1);
    let mut accepting = accept::Acceptor::new(registry.clone(), batch);
    tokio::pin!(shutdown);

    loop {
        let accepted = tokio::select! {
            biased;
            () = &mut shutdown => break,
            accepted = accepting.accept(&listener) => accepted,
        };
        let (stream, peer) = accepted;
        // At the cap: close the connections that have kept us waiting longest (never one
        // whose request the app is working on), then take a place. While every connection
        // is the app's work, wait for one to end or to start waiting on its client.
        let permit = loop {
            if let Ok(permit) = permits.clone().try_acquire_owned() {
                break Some(permit);
            }
            registry.reclaim(batch, "the connection cap was reached");
            tokio::select! {
                biased;
                () = &mut shutdown => break None,
                permit = permits.clone().acquire_owned() => break permit.ok(),
                () = registry.waiting.notified() => {}
            }
        };
        let Some(permit) = permit else { break };
        let tracked = Tracked::new(&registry, stream, peer, permit);
        task::spawn(
            tracked,
            builder.clone(),
            app.clone(),
            limits,
            closing_rx.clone(),
        );
    }

    drop(listener);
    tracing::info!(
        target: "inertia_runtime::server",
        connections = registry.len(),
        drain = ?limits.drain_timeout,
        "shutting down: no new connections, finishing the requests under way"
    );
    let _ = closing.send(true);
    let drained = tokio::time::timeout(limits.drain_timeout, registry.until_empty()).await;
    if drained.is_err() {
        tracing::warn!(
            target: "inertia_runtime::server",
            connections = registry.len(),
            drain = ?limits.drain_timeout,
            "connections still open after the drain timeout; closing them"
        );
        registry.close_all();
        // Closing is immediate once each connection's task runs; do not wait on a stuck one.
        let _ = tokio::time::timeout(Duration::from_secs(1), registry.until_empty()).await;
    }
    tracing::info!(target: "inertia_runtime::server", "stopped");
}
