//! The integration tests that share one binary (see Cargo.toml): each module is one of the
//! former test files, unchanged.

mod csrf;
mod docs_links;
mod embedded_assets;
mod escaping;
mod forms;
mod hardening;
mod hostile;
mod macros;
mod oversized;
mod page_check;
mod protocol;
mod rebuild;
mod server;
mod ssr;
mod ssr_embedded;
mod versioning;
mod visit_store;
mod vite_pages;
mod vite_tags;
mod vite_version;
