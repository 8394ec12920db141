//! The connection cap and the process's limit on open files.

/// Descriptors kept for what the app opens besides connections: files, database and Redis
/// clients, the SSR server's connections.
const RESERVED: u64 = 64;

/// The cap to serve with: `wanted`, lowered to fit the descriptor limit (raised to its hard
/// limit first when `raise` is set), so that the cap, not a failing `accept`, is what stops
/// new connections.
pub(super) fn connection_cap(wanted: usize, raise: bool) -> usize {
    #[cfg(unix)]
    {
        let Some(limit) = open_files_limit(raise) else {
            return wanted;
        };
        let fits = usize::try_from(limit.saturating_sub(RESERVED).max(16)).unwrap_or(usize::MAX);
        if fits < wanted {
            tracing::info!(
                target: "inertia_runtime::server",
                max_connections = fits,
                open_files_limit = limit,
                "connection cap lowered to fit the open-file limit (ulimit -n)"
            );
            return fits;
        }
        wanted
    }
    #[cfg(not(unix))]
    {
        let _ = raise;
        wanted
    }
}

/// The soft limit on open files, raised to the hard limit first when `raise` is set.
#[cfg(unix)]
fn open_files_limit(raise: bool) -> Option<u64> {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let limit = getrlimit(Resource::Nofile);
    let soft = limit.current?;
    // An unlimited hard limit is not a soft limit the kernel takes; 2^20 is (Linux's default
    // `nr_open`).
    let target = limit.maximum.unwrap_or(1 << 20).min(1 << 20);
    if raise && target > soft {
        let mut raised = limit;
        raised.current = Some(target);
        if setrlimit(Resource::Nofile, raised).is_ok() {
            return Some(target);
        }
    }
    Some(soft)
}
