//! The Vite manifest parser, the version hash and the tag renderer on arbitrary bytes: errors,
//! never panics; a manifest that parses has a version and renders tags for its entries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let version = inertia_vite::manifest_version(data);
    if let Ok(manifest) = inertia_vite::manifest::Manifest::parse(data) {
        assert!(version.is_ok(), "a manifest that parses has a version");
        let entries: Vec<&str> = manifest.entries().collect();
        let _ = manifest.tags(&entries, "/build/");
    }
});
