//! The frontend a page loads: which assets are in force (a build or the Vite dev server), the
//! Vite tags, the asset version, the HTML document around the page, and built files embedded
//! in the binary.

pub(crate) mod assets;
#[cfg(feature = "embed")]
pub(crate) mod embed;
pub(crate) mod paths;
mod recovery;
pub(crate) mod template;
pub(crate) mod version;
pub mod vite;
