use inertia_runtime::vite_version;

const VERSION: &str = vite_version!("$INERTIA_UI_FIXTURES/not-a-manifest.json");

fn main() {
    let _ = VERSION;
}
