use inertia_runtime::{EmbeddedAssets, embed_assets};

static ASSETS: EmbeddedAssets = embed_assets!("$INERTIA_UI_FIXTURES/no-such-dist");

fn main() {
    let _ = &ASSETS;
}
