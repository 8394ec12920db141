//! Oversized requests against a real server (`axum::serve`, hyper) with the Inertia layer:
//! refused cleanly, and the server goes on serving.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use axum::Router;
use axum::routing::get;
use inertia_runtime::{InertiaConfig, inertia_page};

#[inertia_page("Home")]
async fn home() -> serde_json::Value {
    serde_json::json!({ "ok": true })
}

/// A page that reads the request body (as a form handler would).
#[inertia_page("Echo")]
async fn echo(body: String) -> serde_json::Value {
    serde_json::json!({ "length": body.len() })
}

async fn serve() -> SocketAddr {
    let app = Router::new()
        .route("/", get(home).post(home))
        .route("/echo", axum::routing::post(echo))
        .layer(InertiaConfig::new().version("v1").into_layer().unwrap());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

/// Writes `head` (and `body`) on a new connection and reads the answer's status line.
fn status_line(addr: SocketAddr, head: &[u8], body: &[u8]) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    // The server may answer and close before it has read everything; that is fine.
    let _ = stream.write_all(head).and_then(|()| stream.write_all(body));
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(n) = stream.read(&mut buf) {
        if n == 0 {
            break;
        }
        answer.extend_from_slice(&buf[..n]);
        if answer.windows(2).any(|w| w == b"\r\n") {
            break;
        }
    }
    String::from_utf8_lossy(&answer)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned()
}

fn inertia_get(addr: SocketAddr, extra: &str) -> String {
    let head = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Inertia: true\r\nX-Inertia-Version: v1\r\n{extra}Connection: close\r\n\r\n"
    );
    status_line(addr, head.as_bytes(), b"")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_headers_are_refused_and_the_server_keeps_serving() {
    let addr = serve().await;
    let answers = tokio::task::spawn_blocking(move || {
        let huge = format!("X-Inertia-Partial-Data: {}\r\n", "a.".repeat(600_000));
        let many: String = (0..2_000)
            .map(|i| format!("X-Inertia-Reset: p{i}\r\n"))
            .collect();
        (
            inertia_get(addr, &huge),
            inertia_get(addr, &many),
            inertia_get(addr, ""),
        )
    })
    .await
    .unwrap();
    // hyper refuses a head larger than its buffer (too long, or too many headers): 431.
    assert!(answers.0.contains(" 431 "), "{}", answers.0);
    assert!(answers.1.contains(" 431 "), "{}", answers.1);
    assert!(
        answers.2.contains(" 200 "),
        "after that, a normal visit: {}",
        answers.2
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_body_on_a_page_route_does_not_break_it() {
    let addr = serve().await;
    let answer = tokio::task::spawn_blocking(move || {
        let body = vec![b'x'; 8 * 1024 * 1024];
        let head = format!(
            "POST / HTTP/1.1\r\nHost: x\r\nX-Inertia: true\r\nX-Inertia-Version: v1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let first = status_line(addr, head.as_bytes(), &body);
        (first, inertia_get(addr, ""))
    })
    .await
    .unwrap();
    // The page does not read the body: it answers, and the server goes on.
    assert!(answer.0.contains(" 200 "), "{}", answer.0);
    assert!(answer.1.contains(" 200 "), "{}", answer.1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_over_the_limit_is_refused_with_413_before_the_page_runs() {
    let addr = serve().await;
    let answers = tokio::task::spawn_blocking(move || {
        let post = |len: usize| {
            let body = vec![b'x'; len];
            let head = format!(
                "POST /echo HTTP/1.1\r\nHost: x\r\nX-Inertia: true\r\nX-Inertia-Version: v1\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n"
            );
            status_line(addr, head.as_bytes(), &body)
        };
        // axum's default body limit (2 MB) applies to the page's own body extractor.
        (post(1024), post(3 * 1024 * 1024), inertia_get(addr, ""))
    })
    .await
    .unwrap();
    assert!(answers.0.contains(" 200 "), "{}", answers.0);
    assert!(answers.1.contains(" 413 "), "{}", answers.1);
    assert!(answers.2.contains(" 200 "), "{}", answers.2);
}
