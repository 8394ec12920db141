use inertia_runtime::vite_version;

const EMPTY: &str = vite_version!("");
const NOT_A_NAME: &str = vite_version!("$1abc/manifest.json");

fn main() {
    let _ = (EMPTY, NOT_A_NAME);
}
