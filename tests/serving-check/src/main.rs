//! `serving-check`: attacks a release binary served by `inertia_runtime::server::Server` on
//! loopback and checks what legitimate clients get meanwhile (docs/reliability.md lists each
//! bound and why).
//!
//! ```sh
//! cargo run --release -p serving-check -- --binary target/release/demo \
//!     --page /about --post /tasks --thread /labs/thread
//! ```
//!
//! Every scenario starts the binary afresh (`HOST=127.0.0.1 PORT=0`, its limits shortened
//! through the server's `INERTIA_*` variables where waiting for the defaults would only make
//! the check slower), prints what it measured and exits non-zero if any bound broke.

mod app;
mod client;
mod scenarios;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use app::Target;

const USAGE: &str = "usage: serving-check --binary PATH [--page /] [--post /contacts] [--thread /labs/thread] [--env NAME=VALUE]... [--only SCENARIO]...
scenarios: headers slow-headers slow-bodies idle-http2 sigterm open-files deep-renders";

fn main() -> ExitCode {
    let mut binary = None;
    let mut target_env = Vec::new();
    let mut page = "/".to_owned();
    let mut post = "/contacts".to_owned();
    let mut thread = None;
    let mut only = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next().unwrap_or_else(|| {
                eprintln!("{name} needs a value\n{USAGE}");
                std::process::exit(2)
            })
        };
        match arg.as_str() {
            "--binary" => binary = Some(PathBuf::from(value("--binary"))),
            "--page" => page = value("--page"),
            "--post" => post = value("--post"),
            "--thread" => thread = Some(value("--thread")),
            "--only" => only.push(value("--only")),
            "--env" => {
                let pair = value("--env");
                let Some((name, value)) = pair.split_once('=') else {
                    eprintln!("--env takes NAME=VALUE, not {pair:?}");
                    return ExitCode::from(2);
                };
                target_env.push((name.to_owned(), value.to_owned()));
            }
            _ => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let Some(binary) = binary else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    if !binary.is_file() {
        eprintln!("{} is not a file; build it first", binary.display());
        return ExitCode::from(2);
    }
    raise_open_files();
    let target = Target {
        binary,
        env: target_env,
        page,
        post,
        thread,
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("cannot start the tokio runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let wanted = |name: &str| only.is_empty() || only.iter().any(|o| o == name);
    let mut failures = Vec::new();
    let started = Instant::now();
    runtime.block_on(async {
        let mut run = |name: &'static str, report: scenarios::Report| {
            failures.extend(report.failures.into_iter().map(|f| format!("{name}: {f}")));
        };
        if wanted("headers") {
            println!("== security headers");
            run("headers", scenarios::headers(&target).await);
        }
        if wanted("slow-headers") {
            println!("== slow headers");
            run("slow-headers", scenarios::slow_headers(&target).await);
        }
        if wanted("slow-bodies") {
            println!("== slow bodies");
            run("slow-bodies", scenarios::slow_bodies(&target).await);
        }
        if wanted("idle-http2") {
            println!("== idle HTTP/2");
            run("idle-http2", scenarios::idle_http2(&target).await);
        }
        if wanted("sigterm") {
            println!("== SIGTERM under attack");
            run("sigterm", scenarios::sigterm_under_attack(&target).await);
        }
        if wanted("open-files") {
            println!("== a low open-file limit");
            run("open-files", scenarios::open_file_limit(&target).await);
        }
        if let Some(thread) = &target.thread
            && wanted("deep-renders")
        {
            println!("== deep renders");
            run(
                "deep-renders",
                scenarios::deep_renders(&target, thread).await,
            );
        }
    });
    println!(
        "\nserving-check of {} took {:?}",
        target.binary.display(),
        started.elapsed()
    );
    if failures.is_empty() {
        println!("all bounds held");
        ExitCode::SUCCESS
    } else {
        println!("{} bound(s) broke:", failures.len());
        for failure in &failures {
            println!("  - {failure}");
        }
        ExitCode::FAILURE
    }
}

/// This process opens thousands of sockets: its soft open-file limit goes up to the hard one.
fn raise_open_files() {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let mut limit = getrlimit(Resource::Nofile);
    if limit.current < limit.maximum {
        limit.current = limit.maximum;
        let _ = setrlimit(Resource::Nofile, limit);
    }
}
