//! The integration tests that share one binary (see Cargo.toml): each module is one of the
//! former test files, unchanged.

mod protocol;
mod macros;
mod vite_version;
mod rebuild;
mod page_check;
mod csrf;
mod forms;
mod vite_tags;
mod vite_pages;
mod ssr_embedded;
mod hardening;
mod versioning;
mod embedded_assets;
mod ssr;
mod escaping;
mod hostile;
mod oversized;
mod server;
mod visit_store;
