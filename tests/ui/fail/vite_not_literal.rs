use inertia_runtime::vite_version;

const PATH: &str = "dist/.vite/manifest.json";

const A: &str = vite_version!(PATH);
const B: &str = vite_version!(concat!("dist", "/.vite/manifest.json"));

fn main() {
    let _ = (A, B);
}
