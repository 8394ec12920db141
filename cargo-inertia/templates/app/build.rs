//! Rebuilds when a migration changes: `sqlx::migrate!()` (src/db.rs) puts them in the binary.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
