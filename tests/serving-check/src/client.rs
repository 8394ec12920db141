//! What clients do to the server: legitimate requests, and the slow ones of the attacks, on
//! raw sockets (so nothing between the check and the server hides what the server does) and
//! through hyper's HTTP/2 client.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::watch;

/// A whole answer to a `Connection: close` request.
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) head: String,
    pub(crate) body: String,
    pub(crate) took: Duration,
}

/// `GET path` on a new connection, within `limit`.
pub(crate) async fn get(addr: SocketAddr, path: &str, limit: Duration) -> Result<Answer, String> {
    let started = Instant::now();
    let exchange = async {
        let mut stream = TcpStream::connect(addr)
            .await
            .map_err(|e| format!("connect: {e}"))?;
        stream
            .write_all(
                format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")
                    .as_bytes(),
            )
            .await
            .map_err(|e| format!("write: {e}"))?;
        let mut bytes = Vec::new();
        stream
            .read_to_end(&mut bytes)
            .await
            .map_err(|e| format!("read: {e}"))?;
        Ok::<_, String>(bytes)
    };
    let bytes = tokio::time::timeout(limit, exchange)
        .await
        .map_err(|_| format!("no answer within {limit:?}"))??;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("not an HTTP answer: {head:?}"))?;
    Ok(Answer {
        status,
        head: head.to_owned(),
        body: body.to_owned(),
        took: started.elapsed(),
    })
}

impl Answer {
    /// A header's value (the first), case-insensitively.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// The `XSRF-TOKEN` cookie a page hands out, if any.
pub(crate) async fn csrf_token(addr: SocketAddr, page: &str) -> Option<String> {
    let answer = get(addr, page, Duration::from_secs(10)).await.ok()?;
    answer.head.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        if !name.trim().eq_ignore_ascii_case("set-cookie") {
            return None;
        }
        let cookie = value.trim().strip_prefix("XSRF-TOKEN=")?;
        Some(cookie.split(';').next().unwrap_or("").to_owned())
    })
}

/// Legitimate visitors during an attack: a `GET page` on a new connection every `every`
/// until `stop`; the time each took, or why it failed.
pub(crate) async fn probe(
    addr: SocketAddr,
    page: String,
    every: Duration,
    mut stop: watch::Receiver<bool>,
) -> Vec<Result<Duration, String>> {
    let mut results = Vec::new();
    loop {
        let result = get(addr, &page, Duration::from_secs(5))
            .await
            .and_then(|a| {
                if a.status == 200 {
                    Ok(a.took)
                } else {
                    Err(format!("status {} after {:?}", a.status, a.took))
                }
            });
        results.push(result);
        tokio::select! {
            _ = stop.changed() => return results,
            () = tokio::time::sleep(every) => {}
        }
    }
}

/// A client that sends part of a request's headers and nothing more; the time from its
/// headers until the server closed the connection, or `None` if it stayed open until `stop`.
pub(crate) async fn slow_headers(
    addr: SocketAddr,
    mut stop: watch::Receiver<bool>,
) -> Result<Option<Duration>, String> {
    let mut stream = TcpStream::connect(addr)
        .await
        .map_err(|e| format!("connect: {e}"))?;
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: slow\r\nX-Slow: ")
        .await
        .map_err(|e| format!("write: {e}"))?;
    let started = Instant::now();
    let mut buf = [0u8; 512];
    loop {
        tokio::select! {
            read = stream.read(&mut buf) => match read {
                Ok(0) | Err(_) => return Ok(Some(started.elapsed())),
                // A 408 or 400 before the close is fine: what matters is the close.
                Ok(_) => {}
            },
            _ = stop.changed() => return Ok(None),
        }
    }
}

/// What the slow uploaders saw.
#[derive(Debug, Default)]
pub(crate) struct UploadCounts {
    /// Connections opened (first ones and reconnections after the server closed one).
    pub(crate) connections: AtomicU64,
    /// Connections the server closed (a reclaim, a body timeout).
    pub(crate) closed: AtomicU64,
    /// Answers before the body was complete, by status: `4xx` from a body timeout is
    /// expected; a `3xx` or `419` would mean the request never reached the handler.
    pub(crate) early_2xx_3xx: AtomicU64,
    pub(crate) early_4xx: AtomicU64,
}

/// How an uploader sends its body.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Upload {
    /// One byte every interval.
    Trickle(Duration),
    /// One byte, then nothing.
    OneByte,
}

/// A `POST` with a valid CSRF token and `Content-Length: 1000000` whose body comes slowly;
/// reconnects whenever the server closes it, until `stop` (an attacker keeps the pressure).
pub(crate) async fn slow_upload(
    addr: SocketAddr,
    path: String,
    token: Option<String>,
    upload: Upload,
    counts: Arc<UploadCounts>,
    mut stop: watch::Receiver<bool>,
) {
    let csrf = token
        .map(|t| format!("Cookie: XSRF-TOKEN={t}\r\nX-XSRF-TOKEN: {t}\r\n"))
        .unwrap_or_default();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000000\r\n{csrf}\r\n"
    );
    while !*stop.borrow() {
        let Ok(mut stream) = TcpStream::connect(addr).await else {
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        counts.connections.fetch_add(1, Ordering::Relaxed);
        if stream.write_all(head.as_bytes()).await.is_err() || stream.write_all(b"t").await.is_err()
        {
            counts.closed.fetch_add(1, Ordering::Relaxed);
            continue;
        }
        let (mut reader, mut writer) = stream.split();
        let mut buf = [0u8; 64];
        let trickle = async {
            match upload {
                Upload::Trickle(every) => loop {
                    tokio::time::sleep(every).await;
                    if writer.write_all(b"x").await.is_err() {
                        return;
                    }
                },
                Upload::OneByte => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = stop.changed() => return,
            () = trickle => { counts.closed.fetch_add(1, Ordering::Relaxed); }
            read = reader.read(&mut buf) => {
                match read {
                    Ok(n) if n >= 12 => {
                        let status = &buf[9..12];
                        if status[0] == b'4' {
                            counts.early_4xx.fetch_add(1, Ordering::Relaxed);
                        } else {
                            counts.early_2xx_3xx.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    _ => {}
                }
                counts.closed.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

/// An HTTP/2 connection (prior knowledge) that makes one request, then stays open, answering
/// the server's pings, until the server closes it; the time from the answer to the close.
pub(crate) async fn idle_http2(
    addr: SocketAddr,
    page: String,
    limit: Duration,
) -> Result<Duration, String> {
    let stream = TcpStream::connect(addr)
        .await
        .map_err(|e| format!("connect: {e}"))?;
    let (mut sender, connection) =
        hyper::client::conn::http2::handshake(TokioExecutor::new(), TokioIo::new(stream))
            .await
            .map_err(|e| format!("handshake: {e}"))?;
    let (ended_tx, ended_rx) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        let _ = connection.await;
        let _ = ended_tx.send(Instant::now());
    });
    let request = http::Request::get(format!("http://{addr}{page}"))
        .body(Empty::<Bytes>::new())
        .map_err(|e| e.to_string())?;
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| format!("request: {e}"))?;
    if response.status() != 200 {
        return Err(format!("status {}", response.status()));
    }
    response
        .into_body()
        .collect()
        .await
        .map_err(|e| format!("body: {e}"))?;
    let answered = Instant::now();
    // The sender stays alive: a client with no sender left closes the connection itself.
    let ended = tokio::time::timeout(limit, ended_rx)
        .await
        .map_err(|_| format!("still open after {limit:?}"))?
        .map_err(|_| "the connection task ended without a time".to_owned())?;
    drop(sender);
    Ok(ended.saturating_duration_since(answered))
}

/// An HTTP/2 connection that says hello (preface and SETTINGS) and then never answers: the
/// time until the server closes it.
pub(crate) async fn silent_http2(addr: SocketAddr, limit: Duration) -> Result<Duration, String> {
    let mut stream = TcpStream::connect(addr)
        .await
        .map_err(|e| format!("connect: {e}"))?;
    let mut hello = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec();
    // An empty SETTINGS frame: length 0, type 4, no flags, stream 0.
    hello.extend_from_slice(&[0, 0, 0, 4, 0, 0, 0, 0, 0]);
    stream
        .write_all(&hello)
        .await
        .map_err(|e| format!("write: {e}"))?;
    let started = Instant::now();
    let mut buf = [0u8; 1024];
    // Reads what the server sends (its SETTINGS, its pings) and answers none of it.
    let closed = async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return started.elapsed(),
                Ok(_) => {}
            }
        }
    };
    tokio::time::timeout(limit, closed)
        .await
        .map_err(|_| format!("still open after {limit:?}"))
}
