//! `cargo inertia dev`: Vite and the server together. Vite keeps running (hot module
//! replacement for the frontend); the server is rebuilt and restarted when its sources
//! change, and keeps serving its last good build while a change does not compile. Ctrl-C
//! (or SIGTERM, SIGHUP) stops both, and the hot file goes with Vite.

use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::time::{Duration, SystemTime};

use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};
use tokio::process::{Child, Command};

use crate::project::{self, App};
use crate::steps::{self, Error};

/// The settings of `cargo inertia dev`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Options {
    /// The server's port (`PORT`); its default otherwise.
    pub(crate) port: Option<u16>,
    /// Vite's port; the config's (5173) otherwise.
    pub(crate) vite_port: Option<u16>,
    /// Extra arguments for `cargo build` (`--features …`).
    pub(crate) cargo_args: Vec<String>,
}

/// How often sources are looked at.
const POLL: Duration = Duration::from_millis(300);
/// How long a process may take to stop after SIGTERM before it is killed.
const STOP_GRACE: Duration = Duration::from_secs(5);

pub(crate) fn run(app: &App, options: &Options) -> Result<(), Error> {
    port_is_free(options.port)?;
    steps::require_node().map_err(|e| Error::new(format!("{e}, then run this command again")))?;
    if !app.frontend.join("node_modules").is_dir() {
        steps::run(
            "Installing the frontend's packages (npm install)",
            steps::npm(&app.frontend, &["install", "--no-audit", "--no-fund"]),
        )?;
    }
    if app.frontend_build_missing() {
        let mut build = steps::npm(&app.frontend, &["run", "build"]);
        // A placeholder for the development server to embed, not a deployment: it stays out of
        // the build history (`cargo inertia build` records the builds that ship).
        build.env("INERTIA_BUILD_HISTORY", "off");
        steps::run(
            "Building the frontend once, for the server to embed (npm run build)",
            build,
        )?;
    }
    clear_stale_hot_file(&app.hot_file())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::new(format!("cannot start the process supervisor ({e})")))?;
    let result = runtime.block_on(supervise(app, options));
    // Whatever happened, no hot file may point at a Vite that is gone.
    let _ = std::fs::remove_file(app.hot_file());
    result
}

/// The server's address must be free before anything starts: otherwise the server would
/// fail after "Server started" is printed, and the watch would wait for a source change that
/// cannot help.
fn port_is_free(port: Option<u16>) -> Result<(), Error> {
    let host = std::env::var("HOST").ok().filter(|h| !h.is_empty());
    let host = host.as_deref().unwrap_or("127.0.0.1");
    let port = match port {
        Some(port) => port,
        None => match std::env::var("PORT") {
            Ok(text) => text.trim().parse().map_err(|_| {
                Error::new(format!(
                    "PORT is `{text}`, not a port number; use `--port 3001` or a valid PORT"
                ))
            })?,
            Err(_) => 3000,
        },
    };
    match std::net::TcpListener::bind((host, port)) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => Err(Error::new(format!(
            "port {port} on {host} is in use (another server, or another `cargo inertia dev`?); stop it, or run on another port: `cargo inertia dev --port {}`",
            port.saturating_add(1)
        ))),
        // Another reason (a HOST this machine does not have): the server says it itself.
        Err(_) => Ok(()),
    }
}

/// A hot file whose Vite is gone would send pages to a dead dev server; one whose Vite
/// still runs means another `dev` is running.
fn clear_stale_hot_file(hot_file: &Path) -> Result<(), Error> {
    let Ok(url) = std::fs::read_to_string(hot_file) else {
        return Ok(());
    };
    let url = url.trim();
    if address_of(url).is_some_and(|addr| {
        std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(300)).is_ok()
    }) {
        return Err(Error::new(format!(
            "a Vite dev server is already running at {url} ({} says so); stop it (or the other `cargo inertia dev`) first",
            hot_file.display()
        )));
    }
    std::fs::remove_file(hot_file).map_err(|e| {
        Error::new(format!(
            "cannot remove the stale {} ({e})",
            hot_file.display()
        ))
    })?;
    steps::note(&format!(
        "Removed a stale hot file ({}, for {url}) left by a Vite that did not stop cleanly",
        hot_file.display()
    ));
    Ok(())
}

/// `http://localhost:5173` → 127.0.0.1:5173 (or the first address the host resolves to).
fn address_of(url: &str) -> Option<std::net::SocketAddr> {
    use std::net::ToSocketAddrs;
    let rest = url.split_once("://")?.1;
    let authority = rest.split('/').next()?;
    let with_port = if authority
        .rsplit_once(':')
        .is_some_and(|(_, p)| p.parse::<u16>().is_ok())
    {
        authority.to_owned()
    } else if url.starts_with("https") {
        format!("{authority}:443")
    } else {
        format!("{authority}:80")
    };
    with_port.to_socket_addrs().ok()?.next()
}

/// Which process a line of output came from.
#[derive(Clone, Copy)]
enum Source {
    Vite,
    Cargo,
    Server,
}

impl Source {
    fn prefix(self) -> String {
        let (name, color) = match self {
            Source::Vite => ("vite  ", "35"),
            Source::Cargo => ("cargo ", "33"),
            Source::Server => ("server", "36"),
        };
        if steps::color() {
            format!("\x1b[{color}m{name} │\x1b[0m")
        } else {
            format!("{name} │")
        }
    }
}

/// Prints each line of `stream` with `source`'s prefix.
fn forward(stream: impl AsyncRead + Unpin + Send + 'static, source: Source) {
    tokio::spawn(async move {
        let prefix = source.prefix();
        let mut lines = BufReader::new(stream).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            println!("{prefix} {line}");
        }
    });
}

/// Starts `command` in its own process group, its output prefixed.
fn spawn(mut command: Command, source: Source) -> std::io::Result<Child> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    if steps::color() {
        command
            .env("FORCE_COLOR", "1")
            .env("CARGO_TERM_COLOR", "always");
    }
    // Its own process group: a Ctrl-C in the terminal reaches only us, and we stop the
    // children in order (SIGTERM, so Vite removes its hot file and the server drains).
    #[cfg(unix)]
    command.process_group(0);
    let mut child = command.spawn()?;
    if let Some(out) = child.stdout.take() {
        forward(out, source);
    }
    if let Some(err) = child.stderr.take() {
        forward(err, source);
    }
    Ok(child)
}

/// Asks `child` (and its process group) to stop, and kills it if it has not after
/// [`STOP_GRACE`].
async fn stop(child: &mut Child) -> Option<ExitStatus> {
    if let Ok(Some(status)) = child.try_wait() {
        return Some(status);
    }
    #[cfg(unix)]
    if let Some(pid) = child
        .id()
        .and_then(|id| rustix::process::Pid::from_raw(id as i32))
    {
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::TERM);
    }
    #[cfg(not(unix))]
    let _ = child.start_kill();
    match tokio::time::timeout(STOP_GRACE, child.wait()).await {
        Ok(status) => status.ok(),
        Err(_) => {
            let _ = child.kill().await;
            child.wait().await.ok()
        }
    }
}

/// The sources whose change means a new server: Rust files, the manifests, the page
/// components that exist (the page check runs at compile time), and the builds the binary
/// embeds.
fn snapshot(app: &App) -> Vec<(PathBuf, Option<SystemTime>)> {
    let mut files = Vec::new();
    let mut add = |path: PathBuf, with_time: bool| {
        let time = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .ok()
            .filter(|_| with_time);
        files.push((path, time));
    };
    for file in ["Cargo.toml", "Cargo.lock", "build.rs"] {
        add(app.root.join(file), true);
    }
    for file in ["dist/.vite/manifest.json", "ssr/ssr.js"] {
        add(app.frontend.join(file), true);
    }
    let mut walk = |dir: &Path, keep: &dyn Fn(&Path) -> bool, with_time: bool| {
        let mut stack = vec![dir.to_path_buf()];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if keep(&path) {
                    add(path, with_time);
                }
            }
        }
    };
    walk(&app.root.join("src"), &|_| true, true);
    for pages in &app.pages {
        // Names only: editing a component is Vite's business, adding one is the server's.
        walk(pages, &|_| true, false);
    }
    files.sort();
    files
}

/// Builds the server; `Ok(path of the binary)`, or `Err` when it does not compile.
async fn build(app: &App, options: &Options) -> Result<PathBuf, String> {
    let mut command = Command::new(project::cargo());
    command
        .args([
            "build",
            "--message-format=json-render-diagnostics",
            "--bin",
            &app.bin,
        ])
        .args(&options.cargo_args)
        .current_dir(&app.root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    if steps::color() {
        command.env("CARGO_TERM_COLOR", "always");
    }
    #[cfg(unix)]
    command.process_group(0);
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot start cargo ({e})"))?;
    if let Some(err) = child.stderr.take() {
        forward(err, Source::Cargo);
    }
    // Cargo's JSON messages: the last `compiler-artifact` of our binary names the file.
    let mut executable = None;
    if let Some(out) = child.stdout.take() {
        let mut lines = BufReader::new(out).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            let Ok(message) = serde_json::from_str::<serde_json::Value>(&line) else {
                continue;
            };
            if message["reason"] == "compiler-artifact"
                && message["target"]["name"] == app.bin.as_str()
                && let Some(path) = message["executable"].as_str()
            {
                executable = Some(PathBuf::from(path));
            }
        }
    }
    let status = child
        .wait()
        .await
        .map_err(|e| format!("cargo did not finish ({e})"))?;
    match (status.success(), executable) {
        (true, Some(path)) => Ok(path),
        (true, None) => Err(format!("cargo built no binary named {}", app.bin)),
        (false, _) => Err(format!(
            "the server does not compile ({})",
            steps::describe_status(status)
        )),
    }
}

/// Resolves when we are asked to stop: Ctrl-C, SIGTERM or SIGHUP.
async fn stop_requested() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{Signal, SignalKind, signal};
        async fn recv(signal: &mut Option<Signal>) {
            match signal {
                Some(signal) => {
                    signal.recv().await;
                }
                None => std::future::pending().await,
            }
        }
        let mut interrupt = signal(SignalKind::interrupt()).ok();
        let mut terminate = signal(SignalKind::terminate()).ok();
        let mut hangup = signal(SignalKind::hangup()).ok();
        tokio::select! {
            () = recv(&mut interrupt) => {}
            () = recv(&mut terminate) => {}
            () = recv(&mut hangup) => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Waits for the server to exit, if there is one.
async fn exited(server: &mut Option<Child>) -> std::io::Result<ExitStatus> {
    match server {
        Some(server) => server.wait().await,
        None => std::future::pending().await,
    }
}

async fn supervise(app: &App, options: &Options) -> Result<(), Error> {
    let stop_signal = stop_requested();
    tokio::pin!(stop_signal);

    let vite_bin = app
        .frontend
        .join("node_modules/.bin")
        .join(if cfg!(windows) { "vite.cmd" } else { "vite" });
    let mut vite_command = Command::new(&vite_bin);
    vite_command.current_dir(&app.frontend);
    if let Some(port) = options.vite_port {
        vite_command.args(["--port", &port.to_string()]);
    }
    let mut vite = spawn(vite_command, Source::Vite).map_err(|e| {
        Error::new(format!(
            "cannot start Vite ({}: {e}); run `npm install` in {}",
            vite_bin.display(),
            app.frontend.display()
        ))
    })?;

    let mut server: Option<Child> = None;
    let mut seen = snapshot(app);
    let mut rebuild = true;
    let outcome = loop {
        if rebuild {
            rebuild = false;
            steps::start(&format!("Building the server ({})", app.name));
            let built = tokio::select! {
                built = build(app, options) => built,
                () = &mut stop_signal => break Ok(()),
            };
            match built {
                Ok(executable) => {
                    if let Some(old) = server.as_mut() {
                        stop(old).await;
                    }
                    let mut command = Command::new(&executable);
                    command.current_dir(&app.root);
                    if let Some(port) = options.port {
                        command.env("PORT", port.to_string());
                    }
                    // Apps made by `cargo inertia new` then write their generated frontend
                    // files (route helpers, page types) as they start, so Vite and the type
                    // checker see a change of the Rust routes as soon as it compiles.
                    command.env("INERTIA_WRITE_TYPES", "1");
                    server = Some(spawn(command, Source::Server).map_err(|e| {
                        Error::new(format!("cannot start {} ({e})", executable.display()))
                    })?);
                    steps::done(
                        "Server started; watching src/ for changes (Ctrl-C stops everything)",
                    );
                }
                Err(message) => steps::note(&format!(
                    "{message}; {} Fix it and save, and the server is built again.",
                    if server.is_some() {
                        "the previous build keeps serving."
                    } else {
                        "nothing serves pages yet."
                    }
                )),
            }
        }
        tokio::select! {
            () = &mut stop_signal => break Ok(()),
            status = vite.wait() => {
                let status = status.map(steps::describe_status).unwrap_or_else(|e| e.to_string());
                break Err(Error::new(format!("Vite stopped ({status}); its output is above")));
            }
            status = exited(&mut server) => {
                server = None;
                let status = status.map(steps::describe_status).unwrap_or_else(|e| e.to_string());
                steps::note(&format!("The server exited ({status}); it starts again when a source changes"));
            }
            () = tokio::time::sleep(POLL) => {
                let now = snapshot(app);
                if now != seen {
                    // Editors save in several steps: wait for the files to settle.
                    tokio::time::sleep(Duration::from_millis(150)).await;
                    seen = snapshot(app);
                    rebuild = true;
                }
            }
        }
    };
    steps::start("Stopping");
    if let Some(server) = server.as_mut() {
        stop(server).await;
    }
    stop(&mut vite).await;
    steps::done("Stopped Vite and the server");
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hot_file_urls_become_addresses() {
        assert_eq!(
            address_of("http://127.0.0.1:5173").unwrap(),
            "127.0.0.1:5173".parse().unwrap()
        );
        assert_eq!(address_of("http://127.0.0.1").unwrap().port(), 80);
        assert_eq!(address_of("https://127.0.0.1/").unwrap().port(), 443);
        assert!(address_of("not a url").is_none());
    }

    #[test]
    fn a_hot_file_without_its_vite_is_removed_and_one_with_it_is_an_error() {
        let dir = std::env::temp_dir().join(format!("cargo-inertia-hot-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let hot = dir.join("hot");
        // A port nothing listens on: bind one, note it, drop it.
        let free = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        std::fs::write(&hot, format!("http://{free}")).unwrap();
        clear_stale_hot_file(&hot).unwrap();
        assert!(!hot.exists());
        let live = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        std::fs::write(&hot, format!("http://{}", live.local_addr().unwrap())).unwrap();
        let err = clear_stale_hot_file(&hot).unwrap_err().to_string();
        assert!(err.contains("already running"), "{err}");
        assert!(hot.exists(), "a live Vite's hot file stays");
        clear_stale_hot_file(&dir.join("none")).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
