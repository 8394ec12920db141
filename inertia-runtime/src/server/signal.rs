//! The signals that stop a server: SIGINT (Ctrl-C) and, on Unix, SIGTERM (`docker stop`,
//! systemd, Kubernetes).

/// Completes on SIGINT or SIGTERM; what [`Server::serve`](super::Server::serve) waits for.
///
/// If a signal cannot be listened for (no signal support in the environment), the error is
/// logged and that signal never completes the future; the other still does.
pub async fn shutdown_signal() {
    let interrupt = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(target: "inertia_runtime::server", error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::error!(target: "inertia_runtime::server", error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => tracing::info!(target: "inertia_runtime::server", "SIGINT received"),
        () = terminate => tracing::info!(target: "inertia_runtime::server", "SIGTERM received"),
    }
}
