//! Login throttling (Laravel's `RateLimiter` on `email|ip`): after a few failed attempts for
//! one address from one client, that pair waits, and the error says for how long.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

/// Failed attempts per key, forgotten `decay` after the first one.
pub(crate) struct Throttle {
    attempts: Mutex<HashMap<String, (u32, Instant)>>,
    max_attempts: u32,
    decay: Duration,
}

/// Keys kept before expired ones are swept (a client trying many addresses cannot make the
/// map grow without bound: each key lives `decay` at most).
const SWEEP_AT: usize = 10_000;

impl Throttle {
    /// `max_attempts` failures per `decay` (Laravel's kits: 5 per minute).
    pub(crate) fn new(max_attempts: u32, decay: Duration) -> Self {
        Throttle {
            attempts: Mutex::new(HashMap::new()),
            max_attempts,
            decay,
        }
    }

    /// The key of one address from one client.
    pub(crate) fn key(email: &str, client: &ClientIp) -> String {
        format!("{}|{}", email.trim().to_lowercase(), client.0)
    }

    /// How long `key` must wait before trying again, once it has used its attempts.
    pub(crate) fn wait(&self, key: &str) -> Option<Duration> {
        let attempts = self.attempts.lock().unwrap_or_else(|e| e.into_inner());
        let (count, since) = attempts.get(key)?;
        let left = self.decay.checked_sub(since.elapsed())?;
        (*count >= self.max_attempts).then_some(left)
    }

    /// One more failure for `key`.
    pub(crate) fn hit(&self, key: &str) {
        let mut attempts = self.attempts.lock().unwrap_or_else(|e| e.into_inner());
        if attempts.len() >= SWEEP_AT {
            attempts.retain(|_, (_, since)| since.elapsed() < self.decay);
        }
        let entry = attempts.entry(key.to_owned()).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= self.decay {
            *entry = (0, Instant::now());
        }
        entry.0 += 1;
    }

    /// A success: `key` starts over.
    pub(crate) fn clear(&self, key: &str) {
        self.attempts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(key);
    }
}

/// The client's address (the TCP peer; behind a proxy that is the proxy, so every client
/// shares one key per address: set the throttle key from your proxy's header there).
pub(crate) struct ClientIp(String);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or_else(|| "unknown".to_owned(), |ConnectInfo(addr)| addr.ip().to_string());
        Ok(ClientIp(ip))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_then_a_wait_then_a_fresh_start() {
        let throttle = Throttle::new(5, Duration::from_millis(200));
        for _ in 0..4 {
            throttle.hit("a|1");
        }
        assert_eq!(throttle.wait("a|1"), None, "four failures are allowed");
        throttle.hit("a|1");
        let wait = throttle.wait("a|1").expect("the fifth failure locks");
        assert!(wait <= Duration::from_millis(200));
        assert_eq!(throttle.wait("b|1"), None, "another address is not locked");
        std::thread::sleep(Duration::from_millis(220));
        assert_eq!(throttle.wait("a|1"), None, "the lock ends");
        throttle.hit("a|1");
        assert_eq!(throttle.wait("a|1"), None, "and the count starts over");
        throttle.clear("a|1");
    }

    #[test]
    fn keys_ignore_case_and_spaces() {
        let client = ClientIp("10.0.0.1".into());
        assert_eq!(Throttle::key(" Ada@Example.com ", &client), "ada@example.com|10.0.0.1");
    }
}
