//! `vite_version!` is a `&'static str` constant expression.
use inertia_runtime::vite_version;

const VERSION: &str = vite_version!("$INERTIA_UI_FIXTURES/manifest.json");
static ALSO: &str = vite_version!("${INERTIA_UI_FIXTURES}/manifest.json");
const LEN: usize = VERSION.len();

fn main() {
    assert_eq!(VERSION, "3ea8aa56f6007bc7");
    assert_eq!(ALSO, VERSION);
    assert_eq!(LEN, 16);
}
