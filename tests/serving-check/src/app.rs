//! The binary under test: started with its environment, its address read from its log,
//! signalled and waited for.

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What to start, and what it serves.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub(crate) binary: PathBuf,
    /// Set on every start, before each scenario's own variables.
    pub(crate) env: Vec<(String, String)>,
    /// A page every visitor may get (`/`).
    pub(crate) page: String,
    /// A form route that reads its body after the CSRF check (`/contacts`).
    pub(crate) post: String,
    /// A page that nests as deep as `?depth=` asks, when the binary renders on the server.
    pub(crate) thread: Option<String>,
}

/// A running binary; killed when dropped.
pub(crate) struct App {
    child: Child,
    pub(crate) addr: SocketAddr,
    log: Arc<Mutex<String>>,
}

/// Keeps at most this much of the log (the start and the most recent part matter).
const LOG_LIMIT: usize = 4 << 20;

impl App {
    /// Starts `target` with `env` added; `open_files` runs it under `ulimit -n`.
    pub(crate) fn start(target: &Target, env: &[(&str, &str)], open_files: Option<u32>) -> App {
        let mut command = match open_files {
            Some(limit) => {
                let mut sh = Command::new("sh");
                sh.arg("-c")
                    .arg(format!("ulimit -n {limit} && exec \"$0\""))
                    .arg(&target.binary);
                sh
            }
            None => Command::new(&target.binary),
        };
        command
            .env("HOST", "127.0.0.1")
            .env("PORT", "0")
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (name, value) in &target.env {
            command.env(name, value);
        }
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", target.binary.display()));
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        if let Some(stdout) = child.stdout.take() {
            collect(stdout, log.clone(), Some(tx));
        }
        if let Some(stderr) = child.stderr.take() {
            collect(stderr, log.clone(), None);
        }
        let addr = match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(addr) => addr,
            Err(_) => {
                let _ = child.kill();
                panic!(
                    "{} did not say `listening on http://…` within 30 s; its log:\n{}",
                    target.binary.display(),
                    log.lock().map(|l| l.clone()).unwrap_or_default()
                );
            }
        };
        App { child, addr, log }
    }

    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The log so far.
    pub(crate) fn log(&self) -> String {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// Sends `signal` (`TERM`, `INT`).
    pub(crate) fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .args([format!("-{signal}"), self.pid().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -{signal} failed");
    }

    /// The exit status, if the process ends within `limit`.
    pub(crate) fn wait(&mut self, limit: Duration) -> Option<ExitStatus> {
        let started = Instant::now();
        while started.elapsed() < limit {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        None
    }

    /// CPU time used so far (user + system), from `/proc`.
    pub(crate) fn cpu(&self) -> Duration {
        let stat =
            std::fs::read_to_string(format!("/proc/{}/stat", self.pid())).unwrap_or_default();
        // Fields after the command name (which may hold spaces) start after the last ')'.
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .map(|(_, rest)| rest.split_whitespace().collect())
            .unwrap_or_default();
        let ticks = |i: usize| {
            fields
                .get(i)
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0)
        };
        // utime and stime are fields 14 and 15 of the file: 12 and 13 after the name.
        Duration::from_millis((ticks(11) + ticks(12)) * 10)
    }

    /// Resident memory in kB, from `/proc`.
    pub(crate) fn rss_kb(&self) -> u64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.pid()))
            .unwrap_or_default()
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Copies `from` into `log` on a thread; the first `listening on http://ADDR` goes to `addr`.
fn collect(
    from: impl Read + Send + 'static,
    log: Arc<Mutex<String>>,
    addr: Option<std::sync::mpsc::Sender<SocketAddr>>,
) {
    std::thread::spawn(move || {
        let mut addr = addr;
        for line in BufReader::new(from).lines() {
            let Ok(line) = line else { break };
            if let Some(at) = line.find("listening on http://")
                && let Some(tx) = addr.take()
            {
                let rest = &line[at + "listening on http://".len()..];
                let text = rest.split_whitespace().next().unwrap_or("");
                match text.parse() {
                    Ok(parsed) => {
                        let _ = tx.send(parsed);
                    }
                    Err(_) => addr = Some(tx),
                }
            }
            if let Ok(mut log) = log.lock() {
                if log.len() > LOG_LIMIT {
                    let mut cut = log.len() - LOG_LIMIT / 2;
                    while !log.is_char_boundary(cut) {
                        cut += 1;
                    }
                    let keep = log.split_off(cut);
                    *log = keep;
                }
                log.push_str(&line);
                log.push('\n');
            }
        }
    });
}
