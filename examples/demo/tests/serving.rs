//! The demo binary served as in production (`inertia_runtime::server::Server`): graceful shutdown on SIGTERM
//! and SIGINT, and clients that never finish their headers cut off.
//!
//! Each test starts the real binary (`CARGO_BIN_EXE_demo`) on a free port and talks raw
//! HTTP/1.1 to it, so nothing between the test and the server hides what the server does.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running demo; killed when dropped.
struct Demo {
    child: Child,
    addr: String,
}

impl Demo {
    fn start(env: &[(&str, &str)]) -> Demo {
        let mut command = Command::new(env!("CARGO_BIN_EXE_demo"));
        command
            .env("PORT", "0")
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut sent = false;
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if !sent && let Some(at) = line.find("listening on http://") {
                    let addr = line[at + "listening on http://".len()..]
                        .split_whitespace()
                        .next()
                        .unwrap()
                        .to_owned();
                    let _ = tx.send(addr);
                    sent = true;
                }
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("the demo did not start");
        Demo { child, addr }
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(&self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream
    }

    /// One request on a new connection; the whole response (`Connection: close`).
    fn request(&self, head: &str) -> String {
        let mut stream = self.connect();
        stream
            .write_all(format!("{head}Host: {}\r\nConnection: close\r\n\r\n", self.addr).as_bytes())
            .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response
    }

    fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Waits for the process to exit; its exit status.
    fn wait(&mut self, limit: Duration) -> std::process::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                start.elapsed() < limit,
                "the demo did not exit within {limit:?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The sockets the process has open (`/proc/PID/fd`).
    fn sockets(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/fd", self.child.id()))
            .map(|fds| {
                fds.filter_map(|fd| std::fs::read_link(fd.ok()?.path()).ok())
                    .filter(|target| target.to_string_lossy().starts_with("socket:"))
                    .count()
            })
            .unwrap_or(0)
    }

    /// Polls `check` until it is true, for at most 10 s.
    fn until(&self, what: &str, check: impl Fn() -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !check() {
            assert!(
                Instant::now() < deadline,
                "still not true after 10 s: {what}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn rss_kb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap()
    }
}

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends a slow partial reload (the dashboard's deferred stats take `delay`) and returns the
/// thread that reads its answer.
fn slow_request(demo: &Demo) -> std::thread::JoinHandle<String> {
    let version = demo.request("GET /version HTTP/1.1\r\n");
    let version = version.rsplit("\r\n\r\n").next().unwrap().to_owned();
    let addr = demo.addr.clone();
    let mut stream = demo.connect();
    std::thread::spawn(move || {
        stream
            .write_all(
                format!(
                    "GET / HTTP/1.1\r\nHost: {addr}\r\nX-Inertia: true\r\nX-Inertia-Version: {version}\r\n\
                     X-Inertia-Partial-Component: Dashboard\r\nX-Inertia-Partial-Data: stats\r\n\
                     Connection: close\r\n\r\n"
                )
                .as_bytes(),
            )
            .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response
    })
}

fn drains_then_exits_on(signal: &str) {
    let mut demo = Demo::start(&[("DEMO_STATS_DELAY_MS", "1500")]);
    let sockets = demo.sockets();
    let started = Instant::now();
    let in_flight = slow_request(&demo);
    // The server has accepted the slow request's connection (one more socket open) before
    // the signal: waited for, not slept on.
    demo.until("the slow request's connection is accepted", || {
        demo.sockets() > sockets
    });
    demo.signal(signal);
    // No new connections once the signal arrived.
    demo.until("new connections are refused", || {
        TcpStream::connect(&demo.addr).is_err()
    });
    // The request in flight still gets its whole answer.
    let response = in_flight.join().unwrap();
    let elapsed = started.elapsed();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    // The computed stats themselves (`"stats"` alone is also in a page's `deferredProps`).
    assert!(response.contains("\"computed_at\""), "{response}");
    assert!(
        elapsed >= Duration::from_millis(1500),
        "answered after {elapsed:?}, before the 1500 ms the stats take: {response}"
    );
    let status = demo.wait(Duration::from_secs(10));
    assert!(status.success(), "{status}");
    println!(
        "{signal}: in-flight request answered in full, new connections refused, exit {status}"
    );
}

#[test]
fn sigterm_drains_the_requests_in_flight_then_exits() {
    // What `docker stop`, systemd and Kubernetes send in a rolling deploy.
    drains_then_exits_on("TERM");
}

#[test]
fn sigint_drains_the_requests_in_flight_then_exits() {
    drains_then_exits_on("INT");
}

#[test]
fn clients_that_never_finish_their_headers_are_cut_off() {
    let demo = Demo::start(&[("INERTIA_HEADER_READ_TIMEOUT", "400ms")]);
    // Warm up, then measure.
    assert!(
        demo.request("GET /about HTTP/1.1\r\n")
            .starts_with("HTTP/1.1 200")
    );
    let before = demo.rss_kb();
    let mut slow: Vec<TcpStream> = (0..400)
        .map(|_| {
            let mut stream = demo.connect();
            stream
                .write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                .unwrap();
            stream
        })
        .collect();
    let started = Instant::now();
    for stream in &mut slow {
        let mut buf = [0u8; 256];
        // Closed by the server: end of stream (or a reset), never a hang.
        match stream.read(&mut buf) {
            Ok(n) => assert_eq!(n, 0, "{}", String::from_utf8_lossy(&buf[..n])),
            Err(e) => assert!(
                matches!(
                    e.kind(),
                    std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::BrokenPipe
                ),
                "{e}"
            ),
        }
    }
    // Cut off at the 400 ms timeout, not before and not much later (each socket's own close
    // time is bounded by serving-check against the release binaries).
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(300) && elapsed < Duration::from_millis(1500),
        "{elapsed:?}"
    );
    // An idle kept-alive connection is closed by the same clock.
    let mut idle = demo.connect();
    idle.write_all(format!("GET /version HTTP/1.1\r\nHost: {}\r\n\r\n", demo.addr).as_bytes())
        .unwrap();
    let mut buf = [0u8; 4096];
    let n = idle.read(&mut buf).unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    let idle_since = Instant::now();
    assert_eq!(
        idle.read(&mut buf).unwrap_or(0),
        0,
        "closed after the idle limit"
    );
    assert!(idle_since.elapsed() < Duration::from_secs(3));
    // And the server still serves, without having kept what the slow clients cost.
    assert!(
        demo.request("GET /about HTTP/1.1\r\n")
            .starts_with("HTTP/1.1 200")
    );
    let after = demo.rss_kb();
    println!(
        "400 clients that never finished their headers: all cut off in {elapsed:?}; RSS {before} kB -> {after} kB"
    );
    assert!(after < before + 20 * 1024, "RSS {before} kB -> {after} kB");
}

#[test]
fn going_back_over_real_http2_lands_on_the_form() {
    // The attack's repro: `curl --http2-prior-knowledge` sends no `Host` header (HTTP/2 carries
    // the host in `:authority`). The post has no CSRF token, so the CSRF layer sends it back
    // to the form with a flash: to the `Referer`, not to `/`.
    let demo = Demo::start(&[]);
    let referer = format!("http://{}/tasks/new", demo.addr);
    let output = Command::new("curl")
        .args([
            "--silent",
            "--http2-prior-knowledge",
            "--output",
            "/dev/null",
            "--write-out",
            "%{http_version} %{response_code} %{redirect_url}",
            "-X",
            "POST",
            "-H",
            &format!("Referer: {referer}"),
            // No body: the CSRF layer answers before reading one, and curl 7.88 reports the
            // stream reset that then ends an unread upload as an error (browsers do not).
            &format!("http://{}/tasks", demo.addr),
        ])
        .output()
        .expect("curl runs");
    let written = String::from_utf8_lossy(&output.stdout);
    assert_eq!(written, format!("2 303 {referer}"), "{output:?}");
}
