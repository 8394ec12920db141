//! The app as each connection calls it: requests counted on their connection, request bodies
//! under the body timeouts, the peer's address and the security headers added.
//!
//! The request body is wrapped here rather than with tower-http's `RequestBodyError`: that
//! one bounds only the pause between two frames, and the same poll must also bound the whole
//! body and tell the connection that its handler is waiting on the client.

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use bytes::Bytes;
use http::header::CONNECTION;
use http::{HeaderValue, Request, Response, Version};
use http_body::{Body as HttpBody, Frame, SizeHint};
use hyper::body::Incoming;
use pin_project_lite::pin_project;
use tokio::time::{Instant, Sleep};
use tower_service::Service;

use super::Limits;
use super::connection::{Conn, InFlight};
use super::headers;

/// The app, for one connection.
#[derive(Clone)]
pub(super) struct TrackedService {
    app: Router,
    conn: Arc<Conn>,
    limits: Limits,
}

impl TrackedService {
    pub(super) fn new(app: Router, conn: Arc<Conn>, limits: Limits) -> Self {
        TrackedService { app, conn, limits }
    }
}

impl Service<Request<Incoming>> for TrackedService {
    type Response = Response<ResponseBody>;
    type Error = Infallible;
    type Future = TrackedFuture;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        // A `Router` is always ready.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Request<Incoming>) -> TrackedFuture {
        if req.version() == Version::HTTP_2 {
            self.conn.http2.store(true, Ordering::Relaxed);
        }
        let in_flight = self.conn.request_started();
        let started = Instant::now();
        let mut req = req.map(|incoming| {
            Body::new(RequestBody {
                inner: incoming,
                waiting: Waiting {
                    conn: self.conn.clone(),
                    now: false,
                },
                idle: self.limits.body_idle_timeout,
                until: started + self.limits.body_timeout,
                total: self.limits.body_timeout,
                timer: None,
            })
        });
        req.extensions_mut().insert(ConnectInfo(self.conn.peer()));
        TrackedFuture {
            inner: self.app.call(req),
            in_flight: Some(in_flight),
            security_headers: self.limits.security_headers,
            conn: self.conn.clone(),
        }
    }
}

pin_project! {
    /// The app's response, its body keeping the request counted until it is sent.
    pub(super) struct TrackedFuture {
        #[pin]
        inner: <Router as Service<Request<Body>>>::Future,
        in_flight: Option<InFlight>,
        security_headers: bool,
        conn: Arc<Conn>,
    }
}

impl Future for TrackedFuture {
    type Output = Result<Response<ResponseBody>, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let Ok(mut response) = ready!(this.inner.poll(cx));
        if *this.security_headers {
            headers::add_security_headers(response.headers_mut());
        }
        if this.conn.draining.load(Ordering::Relaxed) {
            // Shutting down: the client (a proxy's pool) learns from this response that the
            // connection ends here, instead of finding it closed under its next request.
            response
                .headers_mut()
                .insert(CONNECTION, HeaderValue::from_static("close"));
        }
        let in_flight = this.in_flight.take();
        Poll::Ready(Ok(response.map(|inner| ResponseBody {
            inner,
            _in_flight: in_flight,
        })))
    }
}

pin_project! {
    /// A response body; the request stays counted on its connection until it is dropped.
    pub(super) struct ResponseBody {
        #[pin]
        inner: Body,
        _in_flight: Option<InFlight>,
    }
}

impl HttpBody for ResponseBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        self.project().inner.poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// Whether a request's handler waits for its body now; counted on the connection.
struct Waiting {
    conn: Arc<Conn>,
    now: bool,
}

impl Waiting {
    fn set(&mut self, waiting: bool) {
        if self.now != waiting {
            self.now = waiting;
            self.conn.waiting_for_body(waiting);
        }
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        self.set(false);
    }
}

pin_project! {
    /// A request body under the idle and total body timeouts.
    struct RequestBody {
        #[pin]
        inner: Incoming,
        waiting: Waiting,
        idle: Duration,
        until: Instant,
        total: Duration,
        // Made on the first wait, so a body that is already whole costs no timer.
        #[pin]
        timer: Option<Sleep>,
    }
}

impl HttpBody for RequestBody {
    type Data = Bytes;
    type Error = BodyError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BodyError>>> {
        let mut this = self.project();
        match this.inner.poll_frame(cx) {
            Poll::Ready(frame) => {
                this.waiting.set(false);
                // The pause starts again from here.
                this.timer.set(None);
                Poll::Ready(frame.map(|frame| frame.map_err(BodyError::Read)))
            }
            Poll::Pending => {
                this.waiting.set(true);
                if this.timer.is_none() {
                    let deadline = (Instant::now() + *this.idle).min(*this.until);
                    this.timer.set(Some(tokio::time::sleep_until(deadline)));
                }
                let Some(timer) = this.timer.as_mut().as_pin_mut() else {
                    return Poll::Pending;
                };
                ready!(timer.poll(cx));
                this.waiting.set(false);
                Poll::Ready(Some(Err(if Instant::now() >= *this.until {
                    BodyError::Total(*this.total)
                } else {
                    BodyError::Idle(*this.idle)
                })))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// Why a request body could not be read: the client paused too long, took too long in all,
/// or the connection failed.
#[derive(Debug)]
pub(super) enum BodyError {
    Idle(Duration),
    Total(Duration),
    Read(hyper::Error),
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BodyError::Idle(idle) => write!(
                f,
                "the request body paused for longer than {idle:?} (the server's body idle timeout)"
            ),
            BodyError::Total(total) => write!(
                f,
                "the request body did not arrive within {total:?} (the server's body timeout)"
            ),
            BodyError::Read(e) => write!(f, "reading the request body failed: {e}"),
        }
    }
}

impl std::error::Error for BodyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BodyError::Read(e) => Some(e),
            _ => None,
        }
    }
}
