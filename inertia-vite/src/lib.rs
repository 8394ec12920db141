//! The Vite side of `inertia-runtime`, as a plain library.
//!
//! This crate is shared by the `vite_version!` macro (which runs it at compile time) and by
//! `inertia-runtime` (which runs it at startup), so both compute byte-for-byte the same asset
//! version from the same manifest. Other tools can depend on it to reproduce the version, or
//! follow the algorithm documented on [`version`].
//!
//! ```
//! let manifest = br#"{"src/main.ts": {"file": "assets/main-4f3a.js", "isEntry": true}}"#;
//! let version = inertia_vite::manifest_version(manifest).unwrap();
//! assert_eq!(version.len(), inertia_vite::VERSION_LEN);
//! ```

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod canonical;
pub mod history;
pub mod html;
pub mod manifest;
pub mod version;

pub use canonical::canonical_json;
pub use manifest::ManifestError;
pub use version::{VERSION_LEN, manifest_version, short_sha256, version_of_canonical};
