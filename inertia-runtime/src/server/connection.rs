//! Each connection: what it is doing (for the reclaim choice and the timeouts), and the
//! registry of all of them. The task that serves a connection is in `task`.
//!
//! A connection is *waiting on the client* when every request on it is waiting for the
//! client's body, or it has no request (idle, or sending its next headers), or a response
//! write is blocked because the client does not read. Only such connections are closed to
//! make room, the one silent for longest first; a connection whose request the app is
//! working on never is.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use tokio::net::TcpStream;
use tokio::sync::{Notify, OwnedSemaphorePermit};

/// Milliseconds on the registry's clock.
pub(super) type Millis = u64;

/// All open connections.
pub(super) struct Registry {
    epoch: Instant,
    connections: Mutex<HashMap<u64, Arc<Conn>>>,
    next_id: AtomicU64,
    /// Connections told to close that have not closed yet, so one shortage does not close
    /// more than it needs.
    pub(super) closing: AtomicUsize,
    /// Signalled whenever a connection ends.
    ended: Notify,
    /// Signalled whenever a connection starts waiting on its client (and could be closed to
    /// make room).
    pub(super) waiting: Notify,
}

impl Registry {
    pub(super) fn new() -> Self {
        Registry {
            epoch: Instant::now(),
            connections: Mutex::new(HashMap::new()),
            next_id: AtomicU64::new(0),
            closing: AtomicUsize::new(0),
            ended: Notify::new(),
            waiting: Notify::new(),
        }
    }

    pub(super) fn now(&self) -> Millis {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Open connections.
    pub(super) fn len(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Arc<Conn>>> {
        self.connections
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Closes the `wanted` connections that have kept the server waiting longest, of those
    /// waiting on their clients (fewer if fewer are; none more while earlier ones are still
    /// closing). Whether any is closing now.
    ///
    /// Closing a batch rather than one at a time lets the next connections in the kernel's
    /// queue in without a scan and a wait each: an attacker who reconnects at once cannot
    /// keep the queue ahead of a legitimate client long.
    pub(super) fn reclaim(&self, wanted: usize, why: &'static str) -> bool {
        let closing = self.closing.load(Ordering::Relaxed);
        if closing >= wanted {
            return true;
        }
        let now = self.now();
        let mut waiting: Vec<(Millis, Arc<Conn>)> = self
            .lock()
            .values()
            .filter_map(|conn| conn.silent_for(now).map(|silent| (silent, conn.clone())))
            .collect();
        let take = (wanted - closing).min(waiting.len());
        if take == 0 {
            return closing > 0;
        }
        if take < waiting.len() {
            // The `take` longest silences first, in no particular order.
            waiting.select_nth_unstable_by(take - 1, |a, b| b.0.cmp(&a.0));
        }
        let longest = waiting[..take].iter().map(|(silent, _)| *silent).max();
        for (_, conn) in &waiting[..take] {
            conn.close();
        }
        tracing::debug!(
            target: "inertia_runtime::server",
            closed = take, longest_silence_ms = longest, why,
            "closed the connections that kept the server waiting longest"
        );
        true
    }

    /// Tells every connection to close now.
    pub(super) fn close_all(&self) {
        for conn in self.lock().values() {
            conn.close();
        }
    }

    /// Completes when no connection is open.
    pub(super) async fn until_empty(&self) {
        loop {
            let ended = self.ended.notified();
            if self.len() == 0 {
                return;
            }
            ended.await;
        }
    }
}

/// What the server knows of one connection, updated by its IO, its requests and its bodies.
pub(super) struct Conn {
    pub(super) peer: SocketAddr,
    registry: Arc<Registry>,
    /// Requests inside the app, plus response bodies still being sent.
    pub(super) in_flight: AtomicU32,
    /// Of those, requests waiting for the client's body.
    waiting_for_body: AtomicU32,
    /// When the client last sent bytes (or connected).
    last_read: AtomicU64,
    /// When `in_flight` last fell to zero (or the connection opened).
    pub(super) idle_since: AtomicU64,
    /// When a write started waiting for the client to read, plus one; 0 when none waits.
    pub(super) write_blocked_since: AtomicU64,
    /// Told to close now.
    pub(super) close: Notify,
    pub(super) closing: AtomicBool,
    /// A request on it was HTTP/2 (whose `GOAWAY` closes without a race).
    pub(super) http2: AtomicBool,
    /// The client sent bytes since `in_flight` last fell to zero (or since it connected).
    read_since_idle: AtomicBool,
    /// The server is shutting down and this HTTP/1 connection was idle: its next response
    /// says `Connection: close` (see `task`).
    pub(super) draining: AtomicBool,
}

impl Conn {
    /// How long the connection has kept the server waiting, if it is waiting on its client.
    fn silent_for(&self, now: Millis) -> Option<Millis> {
        if self.closing.load(Ordering::Relaxed) {
            return None;
        }
        let blocked = self.write_blocked_since.load(Ordering::Relaxed);
        if blocked != 0 {
            return Some(now.saturating_sub(blocked - 1));
        }
        let in_flight = self.in_flight.load(Ordering::Relaxed);
        (in_flight <= self.waiting_for_body.load(Ordering::Relaxed))
            .then(|| now.saturating_sub(self.last_read.load(Ordering::Relaxed)))
    }

    /// Tells the connection's task to drop it.
    fn close(&self) {
        if !self.closing.swap(true, Ordering::Relaxed) {
            self.registry.closing.fetch_add(1, Ordering::Relaxed);
        }
        self.close.notify_one();
    }

    pub(super) fn now(&self) -> Millis {
        self.registry.now()
    }

    /// The client's address.
    pub(super) fn peer(&self) -> SocketAddr {
        self.peer
    }

    /// A request entered the app; the guard counts it until dropped.
    pub(super) fn request_started(self: &Arc<Self>) -> InFlight {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
        InFlight(self.clone())
    }

    /// A request's handler waits for more of its body (`true`) or got some (`false`).
    pub(super) fn waiting_for_body(&self, waiting: bool) {
        if waiting {
            self.waiting_for_body.fetch_add(1, Ordering::Relaxed);
            self.registry.waiting.notify_one();
        } else {
            self.waiting_for_body.fetch_sub(1, Ordering::Relaxed);
        }
    }

    /// How long since the connection last did anything: read from its client, or finished
    /// its last request.
    pub(super) fn quiet_for(&self) -> Millis {
        let last = self
            .last_read
            .load(Ordering::Relaxed)
            .max(self.idle_since.load(Ordering::Relaxed));
        self.now().saturating_sub(last)
    }

    /// Whether the client has sent bytes since its last request ended (or since it
    /// connected): a request is on its way in.
    pub(super) fn mid_request(&self) -> bool {
        self.read_since_idle.load(Ordering::Relaxed)
    }

    pub(super) fn read_some(&self) {
        self.read_since_idle.store(true, Ordering::Relaxed);
        self.last_read.store(self.now(), Ordering::Relaxed);
    }

    pub(super) fn write_blocked(&self, blocked: bool) {
        if blocked {
            if self
                .write_blocked_since
                .compare_exchange(0, self.now() + 1, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
            {
                self.registry.waiting.notify_one();
            }
        } else if self.write_blocked_since.load(Ordering::Relaxed) != 0 {
            self.write_blocked_since.store(0, Ordering::Relaxed);
        }
    }
}

/// A request (and then its response body) in the app.
pub(super) struct InFlight(Arc<Conn>);

impl Drop for InFlight {
    fn drop(&mut self) {
        if self.0.in_flight.fetch_sub(1, Ordering::Relaxed) == 1 {
            self.0.idle_since.store(self.0.now(), Ordering::Relaxed);
            self.0.read_since_idle.store(false, Ordering::Relaxed);
            self.0.registry.waiting.notify_one();
        }
    }
}

/// An accepted connection: its stream (with the IO watched), its state in the registry, and
/// its place under the cap. Leaving the registry when dropped.
pub(super) struct Tracked {
    id: u64,
    pub(super) conn: Arc<Conn>,
    pub(super) stream: Option<TcpStream>,
    _permit: OwnedSemaphorePermit,
}

impl Tracked {
    pub(super) fn new(
        registry: &Arc<Registry>,
        stream: TcpStream,
        peer: SocketAddr,
        permit: OwnedSemaphorePermit,
    ) -> Self {
        let now = registry.now();
        let conn = Arc::new(Conn {
            peer,
            registry: registry.clone(),
            in_flight: AtomicU32::new(0),
            waiting_for_body: AtomicU32::new(0),
            last_read: AtomicU64::new(now),
            idle_since: AtomicU64::new(now),
            write_blocked_since: AtomicU64::new(0),
            close: Notify::new(),
            closing: AtomicBool::new(false),
            http2: AtomicBool::new(false),
            read_since_idle: AtomicBool::new(false),
            draining: AtomicBool::new(false),
        });
        let id = registry.next_id.fetch_add(1, Ordering::Relaxed);
        registry.lock().insert(id, conn.clone());
        Tracked {
            id,
            conn,
            stream: Some(stream),
            _permit: permit,
        }
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        // The socket closes first, then the connection leaves the registry and the cap.
        drop(self.stream.take());
        let registry = &self.conn.registry;
        registry.lock().remove(&self.id);
        if self.conn.closing.load(Ordering::Relaxed) {
            let _ = registry
                .closing
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1));
        }
        registry.ended.notify_waiters();
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use tokio::net::TcpListener;
    use tokio::sync::Semaphore;

    /// A connection accepted from a client of the test and tracked in `registry`, holding the
    /// one place of a cap of one: the client (keep it alive), the connection, the cap.
    pub(in crate::server) async fn accepted(
        registry: &Arc<Registry>,
    ) -> (TcpStream, Tracked, Arc<Semaphore>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap())
            .await
            .unwrap();
        let (stream, peer) = listener.accept().await.unwrap();
        let permits = Arc::new(Semaphore::new(1));
        let place = permits.clone().try_acquire_owned().unwrap();
        (client, Tracked::new(registry, stream, peer, place), permits)
    }

    #[tokio::test]
    async fn a_connection_the_app_works_for_is_never_closed_to_make_room() {
        let registry = Arc::new(Registry::new());
        let (_client, tracked, _permits) = accepted(&registry).await;
        let request = tracked.conn.request_started();
        assert!(!registry.reclaim(4, "test"), "nothing to close");
        // The handler now waits for the client's body: it may be closed.
        tracked.conn.waiting_for_body(true);
        assert!(registry.reclaim(4, "test"));
        drop(request);
    }
}
