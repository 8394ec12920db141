use inertia_runtime::vite_version;

const VERSION: &str = vite_version!("$INERTIA_UI_FIXTURES/missing/.vite/manifest.json");

fn main() {
    let _ = VERSION;
}
