//! The request and response head as the protocol reads and writes it: header names, the one
//! scan over a request's headers, the page URL, cookies.

pub(crate) mod cookie;
pub(crate) mod forwarded;
pub mod headers;
pub(crate) mod scan;
pub(crate) mod url;
