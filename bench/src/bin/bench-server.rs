//! One adapter's benchmark page on a loopback port, for whole-server load tests with `wrk`
//! (`scripts/bench.sh`): `bench-server <adapter> <rows>`, where adapter is `axum-json`,
//! `ours`, and with the `peers` feature `veer`, `axum-inertia` or `inertia-rust`. One worker
//! thread, so that the load generator has the other core.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(adapter), Some(rows)) = (
        args.next(),
        args.next().and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: bench-server <adapter> <rows>");
        return ExitCode::FAILURE;
    };
    let router = match adapter.as_str() {
        "axum-json" => inertia_bench::plain::router(rows),
        "ours" => inertia_bench::ours::router(rows),
        #[cfg(feature = "peers")]
        "veer" => inertia_bench::peers::veer_adapter::router(rows),
        #[cfg(feature = "peers")]
        "axum-inertia" => inertia_bench::peers::axum_inertia_adapter::router(rows),
        #[cfg(feature = "peers")]
        "inertia-rust" => return actix(rows),
        other => {
            eprintln!("unknown adapter {other:?}");
            return ExitCode::FAILURE;
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build();
    let result = runtime.and_then(|rt| {
        rt.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
            println!("listening on http://{}", listener.local_addr()?);
            axum::serve(listener, router).await
        })
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench-server: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(feature = "peers")]
fn actix(rows: usize) -> ExitCode {
    let result = actix_rt::System::new().block_on(async move {
        let server = actix_web::HttpServer::new(move || {
            inertia_bench::peers::inertia_rust_adapter::app(rows)
        })
        .workers(1)
        .bind(("127.0.0.1", 0))?;
        for addr in server.addrs() {
            println!("listening on http://{addr}");
        }
        server.run().await
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench-server: {e}");
            ExitCode::FAILURE
        }
    }
}
