use inertia_runtime::vite_version;

const NONE: &str = vite_version!();
const TWO: &str = vite_version!("a.json", "b.json");

fn main() {
    let _ = (NONE, TWO);
}
