//! The attacks, each against a fresh start of the binary, each with the bound it must meet.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::app::{App, Target};
use crate::client::{self, Upload, UploadCounts};

/// What one scenario found: lines to print, and the bounds it broke.
#[derive(Debug, Default)]
pub(crate) struct Report {
    pub(crate) lines: Vec<String>,
    pub(crate) failures: Vec<String>,
}

impl Report {
    fn say(&mut self, line: String) {
        println!("    {line}");
        self.lines.push(line);
    }

    fn check(&mut self, ok: bool, what: String) {
        if ok {
            self.say(format!("ok: {what}"));
        } else {
            println!("    FAILED: {what}");
            self.failures.push(what);
        }
    }
}

/// A legitimate visitor must be answered within this while the attacks run.
const LEGIT: Duration = Duration::from_secs(1);

/// The probes' results, checked against [`LEGIT`].
fn check_probes(report: &mut Report, what: &str, probes: &[Result<Duration, String>]) {
    let slowest = probes
        .iter()
        .filter_map(|p| p.as_ref().ok())
        .max()
        .copied()
        .unwrap_or_default();
    let failed: Vec<&String> = probes.iter().filter_map(|p| p.as_ref().err()).collect();
    let late = probes
        .iter()
        .filter(|p| p.as_ref().is_ok_and(|t| *t > LEGIT))
        .count();
    report.check(
        !probes.is_empty() && failed.is_empty() && late == 0,
        format!(
            "{} legitimate GETs {what}: all answered 200, slowest {slowest:?} (bound {LEGIT:?}){}",
            probes.len(),
            if failed.is_empty() {
                String::new()
            } else {
                format!("; failed: {failed:?}")
            }
        ),
    );
}

fn stop_channel() -> (watch::Sender<bool>, watch::Receiver<bool>) {
    watch::channel(false)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    // Rounded to the nearest rank; the index stays within the slice.
    let rank = (p * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// 2,000 clients that never finish their headers: each closed at the header timeout, not
/// before and not much after, while legitimate visitors are served.
pub(crate) async fn slow_headers(target: &Target) -> Report {
    let mut report = Report::default();
    let timeout = Duration::from_secs(2);
    let app = App::start(target, &[("INERTIA_HEADER_READ_TIMEOUT", "2s")], None);
    let rss_before = app.rss_kb();
    let (stop, stopped) = stop_channel();
    let probes = tokio::spawn(client::probe(
        app.addr,
        target.page.clone(),
        Duration::from_millis(100),
        stopped.clone(),
    ));
    let mut attackers = JoinSet::new();
    for _ in 0..2000 {
        attackers.spawn(client::slow_headers(app.addr, stopped.clone()));
    }
    let mut closes = Vec::new();
    let mut errors = Vec::new();
    let mut peak_rss = rss_before;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let done = tokio::select! {
            done = attackers.join_next() => done,
            () = tokio::time::sleep_until(deadline) => {
                // The ones still open answer `None` now.
                let _ = stop.send(true);
                attackers.join_next().await
            }
        };
        let Some(done) = done else { break };
        peak_rss = peak_rss.max(app.rss_kb());
        match done {
            Ok(Ok(Some(after))) => closes.push(after),
            Ok(Ok(None)) => errors.push("still open after 10 s".to_owned()),
            Ok(Err(e)) => errors.push(e),
            Err(e) => errors.push(e.to_string()),
        }
    }
    let _ = stop.send(true);
    let probes = probes.await.unwrap_or_default();
    closes.sort();
    let (first, last) = (
        closes.first().copied().unwrap_or_default(),
        closes.last().copied().unwrap_or_default(),
    );
    report.say(format!(
        "2000 slow-header clients: closed after p0 {first:?}, p50 {:?}, p99 {:?}, max {last:?}; RSS {rss_before} kB, peak {peak_rss} kB, after {} kB",
        percentile(&closes, 0.5),
        percentile(&closes, 0.99),
        app.rss_kb()
    ));
    let upper = timeout + Duration::from_millis(1500);
    report.check(
        closes.len() == 2000 && errors.is_empty(),
        format!(
            "every one of 2000 closed ({} closed, errors: {:?})",
            closes.len(),
            errors.iter().take(3).collect::<Vec<_>>()
        ),
    );
    report.check(
        first >= timeout - Duration::from_millis(150) && last <= upper,
        format!("each closed between {timeout:?} and {upper:?} after its headers began"),
    );
    check_probes(&mut report, "during the attack", &probes);
    report
}

/// 4,096 uploads trickling a byte a second and 512 that send one byte and stop, all with a
/// valid CSRF token so their handlers wait for the bodies, reconnecting whenever closed: the
/// connection cap is full, yet legitimate visitors are answered within a second.
pub(crate) async fn slow_bodies(target: &Target) -> Report {
    let mut report = Report::default();
    let app = App::start(target, &[], None);
    let token = client::csrf_token(app.addr, &target.page).await;
    report.say(format!(
        "CSRF token from {}: {}",
        target.page,
        if token.is_some() {
            "yes"
        } else {
            "none (no CSRF layer)"
        }
    ));
    let counts = Arc::new(UploadCounts::default());
    let (stop, stopped) = stop_channel();
    let mut attackers = JoinSet::new();
    let started = Instant::now();
    for i in 0..(4096 + 512) {
        let upload = if i < 4096 {
            Upload::Trickle(Duration::from_secs(1))
        } else {
            Upload::OneByte
        };
        attackers.spawn(client::slow_upload(
            app.addr,
            target.post.clone(),
            token.clone(),
            upload,
            counts.clone(),
            stopped.clone(),
        ));
    }
    // Until every attacker has connected once.
    while counts.connections.load(Ordering::Relaxed) < 4096 + 512
        && started.elapsed() < Duration::from_secs(20)
    {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let connected_in = started.elapsed();
    let probes = tokio::spawn(client::probe(
        app.addr,
        target.page.clone(),
        Duration::from_millis(250),
        stopped.clone(),
    ));
    // Past the body idle timeout (10 s), so the one-byte uploads are cut and come back.
    tokio::time::sleep(Duration::from_secs(12)).await;
    let rss = app.rss_kb();
    let _ = stop.send(true);
    let probes = probes.await.unwrap_or_default();
    attackers.shutdown().await;
    report.say(format!(
        "{} uploads connected in {connected_in:?}; {} connections in all, {} closed by the server, early answers: {} 4xx, {} 2xx/3xx; RSS {rss} kB",
        4096 + 512,
        counts.connections.load(Ordering::Relaxed),
        counts.closed.load(Ordering::Relaxed),
        counts.early_4xx.load(Ordering::Relaxed),
        counts.early_2xx_3xx.load(Ordering::Relaxed),
    ));
    report.check(
        counts.early_2xx_3xx.load(Ordering::Relaxed) == 0,
        "no upload was answered before its body was read (each reached its handler)".into(),
    );
    check_probes(&mut report, "while the uploads held the cap", &probes);
    drop(app);
    report
}

/// HTTP/2 connections that made a request and then stay open answering pings are closed at
/// the idle timeout; ones that stop answering pings are closed after the ping timeout.
pub(crate) async fn idle_http2(target: &Target) -> Report {
    let mut report = Report::default();
    let idle = Duration::from_secs(2);
    let app = App::start(
        target,
        &[
            ("INERTIA_IDLE_TIMEOUT", "2s"),
            // Pings during the idle time, which the client answers.
            ("INERTIA_KEEP_ALIVE_INTERVAL", "500ms"),
        ],
        None,
    );
    let mut clients = JoinSet::new();
    for _ in 0..200 {
        clients.spawn(client::idle_http2(
            app.addr,
            target.page.clone(),
            Duration::from_secs(10),
        ));
    }
    let mut closes = Vec::new();
    let mut errors = Vec::new();
    while let Some(done) = clients.join_next().await {
        match done {
            Ok(Ok(after)) => closes.push(after),
            Ok(Err(e)) => errors.push(e),
            Err(e) => errors.push(e.to_string()),
        }
    }
    closes.sort();
    let (first, last) = (
        closes.first().copied().unwrap_or_default(),
        closes.last().copied().unwrap_or_default(),
    );
    let upper = idle + Duration::from_millis(1500);
    report.say(format!(
        "200 idle HTTP/2 connections answering pings: closed after min {first:?}, max {last:?}"
    ));
    report.check(
        errors.is_empty() && closes.len() == 200,
        format!(
            "all 200 closed (errors: {:?})",
            errors.iter().take(3).collect::<Vec<_>>()
        ),
    );
    report.check(
        first >= idle - Duration::from_millis(150) && last <= upper,
        format!("each closed between {idle:?} and {upper:?} after its answer"),
    );
    drop(app);

    let app = App::start(
        target,
        &[
            ("INERTIA_IDLE_TIMEOUT", "60s"),
            ("INERTIA_KEEP_ALIVE_INTERVAL", "500ms"),
            ("INERTIA_KEEP_ALIVE_TIMEOUT", "500ms"),
        ],
        None,
    );
    let mut clients = JoinSet::new();
    for _ in 0..50 {
        clients.spawn(client::silent_http2(app.addr, Duration::from_secs(10)));
    }
    let mut closes = Vec::new();
    let mut errors = Vec::new();
    while let Some(done) = clients.join_next().await {
        match done {
            Ok(Ok(after)) => closes.push(after),
            Ok(Err(e)) => errors.push(e),
            Err(e) => errors.push(e.to_string()),
        }
    }
    let last = closes.iter().max().copied().unwrap_or_default();
    let bound = Duration::from_secs(3);
    report.say(format!(
        "50 HTTP/2 clients that answer no ping (pings every 500 ms, 500 ms to answer): last closed after {last:?}"
    ));
    report.check(
        errors.is_empty() && closes.len() == 50 && last <= bound,
        format!(
            "all closed within {bound:?} (errors: {:?})",
            errors.iter().take(3).collect::<Vec<_>>()
        ),
    );
    report
}

/// SIGTERM while attackers hold slow headers, trickling uploads and idle HTTP/2
/// connections: the process exits, successfully, within the drain timeout.
pub(crate) async fn sigterm_under_attack(target: &Target) -> Report {
    let mut report = Report::default();
    let drain = Duration::from_secs(3);
    let mut app = App::start(
        target,
        &[
            ("INERTIA_DRAIN_TIMEOUT", "3s"),
            ("INERTIA_HEADER_READ_TIMEOUT", "60s"),
            ("INERTIA_IDLE_TIMEOUT", "60s"),
        ],
        None,
    );
    let token = client::csrf_token(app.addr, &target.page).await;
    let (stop, stopped) = stop_channel();
    let counts = Arc::new(UploadCounts::default());
    let mut attackers = JoinSet::new();
    for _ in 0..500 {
        let stopped = stopped.clone();
        let addr = app.addr;
        attackers.spawn(async move {
            let _ = client::slow_headers(addr, stopped).await;
        });
    }
    for _ in 0..500 {
        attackers.spawn(client::slow_upload(
            app.addr,
            target.post.clone(),
            token.clone(),
            Upload::Trickle(Duration::from_secs(1)),
            counts.clone(),
            stopped.clone(),
        ));
    }
    for _ in 0..50 {
        let (addr, page) = (app.addr, target.page.clone());
        attackers.spawn(async move {
            let _ = client::idle_http2(addr, page, Duration::from_secs(60)).await;
        });
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let signalled = Instant::now();
    app.signal("TERM");
    let status = tokio::task::spawn_blocking(move || {
        let status = app.wait(Duration::from_secs(20));
        (status, signalled.elapsed(), app.log())
    })
    .await;
    let _ = stop.send(true);
    attackers.shutdown().await;
    let Ok((status, took, log)) = status else {
        report.check(false, "waiting for the process failed".into());
        return report;
    };
    let bound = drain + Duration::from_millis(1500);
    report.say(format!(
        "SIGTERM with 500 slow headers, 500 trickling uploads and 50 idle HTTP/2 connections held: exited {status:?} after {took:?}"
    ));
    report.check(
        status.is_some_and(|s| s.success()) && took <= bound,
        format!("exited successfully within the {drain:?} drain timeout (+1.5 s)"),
    );
    report.check(
        log.contains("closing them") || log.contains("stopped"),
        "the log says what the drain did".into(),
    );
    report
}

/// Under `ulimit -n 1024` (systemd's default soft limit), 1,100 connections held open: no
/// busy loop, no log flood, legitimate visitors served, and again within 2 s of the release.
pub(crate) async fn open_file_limit(target: &Target) -> Report {
    let mut report = Report::default();
    let app = App::start(
        target,
        &[("INERTIA_HEADER_READ_TIMEOUT", "60s")],
        Some(1024),
    );
    let (stop, stopped) = stop_channel();
    let mut holders = JoinSet::new();
    for _ in 0..1100 {
        holders.spawn(client::slow_headers(app.addr, stopped.clone()));
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let cpu_before = app.cpu();
    let (probe_stop, probe_stopped) = stop_channel();
    let probes = tokio::spawn(client::probe(
        app.addr,
        target.page.clone(),
        Duration::from_millis(200),
        probe_stopped,
    ));
    tokio::time::sleep(Duration::from_secs(3)).await;
    let _ = probe_stop.send(true);
    let probes = probes.await.unwrap_or_default();
    let cpu = app.cpu().saturating_sub(cpu_before);
    let released = Instant::now();
    let _ = stop.send(true);
    holders.shutdown().await;
    let after = client::get(app.addr, &target.page, Duration::from_secs(2)).await;
    let served_after = released.elapsed();
    let log = app.log();
    let warnings = log.matches("accepting a connection failed").count();
    let cap = log
        .lines()
        .find(|l| l.contains("connection cap lowered"))
        .unwrap_or("(the cap was not lowered)")
        .to_owned();
    report.say(format!(
        "1100 connections held under ulimit -n 1024: {cap}; CPU over 3 s of holding: {cpu:?}; accept-failure warnings: {warnings}"
    ));
    report.check(
        cpu < Duration::from_millis(500),
        format!("no busy loop while holding ({cpu:?} of CPU in 3 s, bound 500 ms)"),
    );
    report.check(warnings <= 1, format!("no log flood ({warnings} warnings)"));
    check_probes(&mut report, "while the connections were held", &probes);
    report.check(
        after.as_ref().is_ok_and(|a| a.status == 200) && served_after <= Duration::from_secs(2),
        format!(
            "served again {served_after:?} after the release (bound 2 s): {:?}",
            after.map(|a| a.status)
        ),
    );
    report
}

/// Pages that nest as deep as the request asks: rendered while the engine's stack holds,
/// falling back to the browser beyond, and the server keeps serving.
pub(crate) async fn deep_renders(target: &Target, thread: &str) -> Report {
    let mut report = Report::default();
    let app = App::start(target, &[], None);
    let server_rendered = |body: &str| body.contains("data-server-rendered");
    let shallow = client::get(
        app.addr,
        &format!("{thread}?depth=3"),
        Duration::from_secs(10),
    )
    .await;
    let ssr = shallow.as_ref().is_ok_and(|a| server_rendered(&a.body));
    report.say(format!(
        "server-side rendering in this binary: {}",
        if ssr {
            "yes"
        } else {
            "no (every page renders in the browser)"
        }
    ));
    // The costliest case last: a render that fails after a long time backs off its page
    // component (only that one) for a while.
    for shape in ["quotes", "replies"] {
        for depth in [150, 600, 4_000, 200_000] {
            let path = format!("{thread}?depth={depth}&shape={shape}");
            let answer = client::get(app.addr, &path, Duration::from_secs(30)).await;
            let alive = client::get(app.addr, &target.page, Duration::from_secs(5)).await;
            let (status, rendered, took) = match &answer {
                Ok(a) => (a.status, server_rendered(&a.body), a.took),
                Err(_) => (0, false, Duration::ZERO),
            };
            let expected = ssr && depth <= 4_000;
            report.check(
                status == 200
                    && rendered == expected
                    && alive.as_ref().is_ok_and(|a| a.status == 200),
                format!(
                    "{shape} at depth {depth}: {status}, {} in {took:?}; the server answers the next request",
                    if rendered { "rendered on the server" } else { "rendered in the browser" }
                ),
            );
        }
    }
    if ssr {
        let other = client::get(app.addr, &target.page, Duration::from_secs(10)).await;
        report.check(
            other.is_ok_and(|a| server_rendered(&a.body)),
            format!(
                "{} still renders on the server (failed engines were replaced; a back-off stays with its page)",
                target.page
            ),
        );
    }
    report
}

/// The security headers on a page, and an asset.
pub(crate) async fn headers(target: &Target) -> Report {
    let mut report = Report::default();
    let app = App::start(target, &[], None);
    let page = client::get(app.addr, &target.page, Duration::from_secs(10)).await;
    match page {
        Ok(page) => {
            for (name, value) in [
                ("x-content-type-options", "nosniff"),
                ("x-frame-options", "SAMEORIGIN"),
                ("referrer-policy", "strict-origin-when-cross-origin"),
            ] {
                report.check(
                    page.header(name) == Some(value),
                    format!("{name}: {value} on {}", target.page),
                );
            }
            report.check(
                page.header("content-security-policy")
                    .is_some_and(|csp| csp.contains("frame-ancestors")),
                "a Content-Security-Policy with frame-ancestors".into(),
            );
        }
        Err(e) => report.check(false, format!("GET {}: {e}", target.page)),
    }
    report
}
