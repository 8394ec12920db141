//! `component!` checks names like `#[inertia_page]`; here the option cannot be given, so the
//! case reads the crate's Cargo.toml (trybuild's, which has no setting) and a bad argument is
//! the only error.
use inertia_runtime::component;

const A: &str = component!(NAME);
const B: &str = component!("");
const C: &str = component!();

fn main() {
    let _ = (A, B, C);
}
