use inertia_runtime::vite_version;

const VERSION: &str = vite_version!("$INERTIA_UI_FIXTURES/invalid.json");

fn main() {
    let _ = VERSION;
}
