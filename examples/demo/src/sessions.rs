//! Visit state (flash data, validation errors, old input) kept server-side in Redis, through
//! tower-sessions, instead of the encrypted cookie: `cargo run -p demo --features redis` with
//! `DEMO_REDIS_URL=redis://127.0.0.1:6379`. The choice for forms whose old input is larger
//! than a cookie (about 4 KB) can carry.
//!
//! The Inertia layer keeps the visit state in the session with `visit::SessionStore` (the
//! runtime's `tower-sessions` feature); this file makes the session layer, over Redis.
//!
//! Redis going away must cost the visit state and nothing else: pages keep being served. The
//! session store is wrapped in [`Lossy`], which turns every store error into "no session" or
//! "not saved" (logged), because tower-sessions answers `500` when a save fails; and Redis
//! commands time out after [`COMMAND_TIMEOUT`] instead of waiting for a reconnection.

use std::fmt;
use std::time::Duration;

use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_redis_store::RedisStore;
use tower_sessions_redis_store::fred::prelude::{
    Builder, ClientLike, Config, Pool, ReconnectPolicy,
};

/// How long one Redis command may take before the request goes on without it.
const COMMAND_TIMEOUT: Duration = Duration::from_millis(300);

/// The session layer for `redis_url`: a small pool that reconnects every half second for ever.
pub(crate) fn layer(
    redis_url: &str,
) -> Result<SessionManagerLayer<Lossy<RedisStore<Pool>>>, Box<dyn std::error::Error>> {
    let config = Config::from_url(redis_url)?;
    let pool = Builder::from_config(config)
        .with_performance_config(|performance| {
            performance.default_command_timeout = COMMAND_TIMEOUT;
        })
        .with_connection_config(|connection| {
            connection.connection_timeout = COMMAND_TIMEOUT;
            connection.internal_command_timeout = COMMAND_TIMEOUT;
        })
        .set_policy(ReconnectPolicy::new_constant(0, 500))
        .build_pool(2)?;
    // Connect in the background: a server that starts while Redis is down serves pages
    // (without visit state) and picks Redis up once it answers.
    // The handle is the connection task's; dropping it leaves the task running.
    drop(pool.connect());
    Ok(SessionManagerLayer::new(Lossy(RedisStore::new(pool)))
        .with_secure(false)
        .with_expiry(Expiry::OnInactivity(
            tower_sessions::cookie::time::Duration::minutes(15),
        )))
}

/// A session store whose failures lose sessions instead of failing requests.
#[derive(Clone)]
pub(crate) struct Lossy<S>(S);

impl<S> fmt::Debug for Lossy<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Lossy(..)")
    }
}

#[async_trait::async_trait]
impl<S: SessionStore + Clone> SessionStore for Lossy<S> {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        if let Err(e) = self.0.create(record).await {
            tracing::warn!(error = %e, "the session store is unavailable; this session is not saved");
        }
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        if let Err(e) = self.0.save(record).await {
            tracing::warn!(error = %e, "the session store is unavailable; this session is not saved");
        }
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        Ok(self.0.load(id).await.unwrap_or_else(|e| {
            tracing::warn!(error = %e, "the session store is unavailable; going on without the session");
            None
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        if let Err(e) = self.0.delete(id).await {
            tracing::warn!(error = %e, "the session store is unavailable; the session is not deleted");
        }
        Ok(())
    }
}
