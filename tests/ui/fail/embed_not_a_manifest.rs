use inertia_runtime::{EmbeddedAssets, embed_assets};

// A directory whose `.vite/manifest.json` is not a Vite manifest.
static ASSETS: EmbeddedAssets = embed_assets!("$INERTIA_UI_FIXTURES/bad-dist");

fn main() {
    let _ = &ASSETS;
}
