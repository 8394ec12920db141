use inertia_runtime::{EmbeddedAssets, embed_assets};

static UNKNOWN: EmbeddedAssets = embed_assets!("$INERTIA_UI_FIXTURES/bad-dist", brotli = true);
static NOT_A_BOOL: EmbeddedAssets = embed_assets!("$INERTIA_UI_FIXTURES/bad-dist", compress = "yes");

fn main() {
    let _ = (&UNKNOWN, &NOT_A_BOOL);
}
