use inertia_runtime::{EmbeddedAssets, embed_assets};

// A file where the built frontend's directory belongs.
static ASSETS: EmbeddedAssets = embed_assets!("$INERTIA_UI_FIXTURES/manifest.json");

fn main() {
    let _ = &ASSETS;
}
