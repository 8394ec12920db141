//! The database: SQLite, in one file beside the app (or wherever `DATABASE_URL` says),
//! created on the first start and migrated on every start, with the migrations of
//! `migrations/` inside the binary.
//!
//! Queries are `sqlx::query!` macros, checked at compile time against `.sqlx/` (the data
//! `cargo sqlx prepare` writes), so building never needs a database. After changing a query
//! or a migration: `cargo install sqlx-cli --no-default-features --features sqlite`, then
//! `DATABASE_URL=sqlite:data/dev.sqlite cargo sqlx database setup && cargo sqlx prepare`, and
//! commit `.sqlx/`.
//!
//! Outgrowing one machine: Postgres is the same code with `sqlx`'s `postgres` feature,
//! `PgPool` for `SqlitePool`, `$1` for `?1` in the queries, and `DATABASE_URL=postgres://…`
//! (the README has the steps).

use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

/// Where the database is without `DATABASE_URL`: `data/` in the directory the server starts
/// in (a container mounts a volume there, see the Dockerfile).
pub(crate) const DEFAULT_URL: &str = "sqlite:data/@@name@@.sqlite";

/// Opens the database `url` (creating the file and its directory if needed) and runs the
/// migrations it has not run yet.
pub(crate) async fn connect(url: &str) -> Result<SqlitePool, Box<dyn std::error::Error>> {
    let options = SqliteConnectOptions::from_str(url)
        .map_err(|e| format!("DATABASE_URL={url} is not an SQLite address: {e}"))?
        .create_if_missing(true)
        // Readers do not wait for the writer, and a commit is one write.
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        // Two writers at once: the second waits instead of failing with "database is locked".
        .busy_timeout(Duration::from_secs(5));
    let in_memory = url.contains(":memory:") || url.contains("mode=memory");
    let dir = options.get_filename().parent();
    if let Some(dir) = dir.filter(|d| !in_memory && !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {} for the database: {e}", dir.display()))?;
    }
    let mut pool = SqlitePoolOptions::new();
    if in_memory {
        // An in-memory database (the tests') lives while a connection to it is open: keep
        // one, forever.
        pool = pool
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None);
    }
    let pool = pool
        .connect_with(options)
        .await
        .map_err(|e| format!("cannot open the database {url}: {e}"))?;
    sqlx::migrate!()
        .run(&pool)
        .await
        .map_err(|e| format!("the database {url} could not be migrated: {e}"))?;
    Ok(pool)
}
