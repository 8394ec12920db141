//! Every path into `inertia_runtime` that generated code uses, in one place.
//!
//! Absolute (`::inertia_runtime::…`, `::core::…`) so that user items named like ours cannot
//! break an expansion.

use proc_macro2::{Span, TokenStream};
use quote::quote_spanned;

/// `::inertia_runtime::__private`, with `span` (so errors in calls through it land there).
pub(crate) fn private(span: Span) -> TokenStream {
    quote_spanned!(span=> ::inertia_runtime::__private)
}
