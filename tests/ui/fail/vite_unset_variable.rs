use inertia_runtime::vite_version;

const VERSION: &str = vite_version!("$INERTIA_UI_NOT_SET/manifest.json");

fn main() {
    let _ = VERSION;
}
