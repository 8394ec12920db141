//! Tags from the manifest of a real `vite build` (the committed fixture in
//! `fixtures/vite-app`: two entries, a shared chunk, CSS imported from a dynamic import).

use inertia_vite::manifest::{Manifest, Tag};

const MANIFEST: &[u8] = include_bytes!("fixtures/vite-app/dist/.vite/manifest.json");
const VITE_INDEX_HTML: &str = include_str!("fixtures/vite-app/dist/index.html");

fn manifest() -> Manifest {
    Manifest::parse(MANIFEST).unwrap()
}

#[test]
fn entry_tags_equal_what_vite_put_in_its_own_index_html() {
    // Vite injected the tags for the `index.html` entry into dist/index.html; ours for that
    // entry must be the same tags in the same order.
    let vite_tags: Vec<&str> = VITE_INDEX_HTML
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("<script type=\"module\"") || l.starts_with("<link "))
        .collect();
    let ours = manifest()
        .tags(&["index.html"], "/build/")
        .unwrap()
        .to_html(None);
    let ours: Vec<&str> = ours.lines().collect();
    assert_eq!(ours, vite_tags);
}

#[test]
fn several_entries_share_chunks_once_and_skip_dynamic_css() {
    let html = manifest()
        .tags(&["index.html", "src/admin.ts"], "/build/")
        .unwrap()
        .to_html(None);
    assert_eq!(
        html,
        "<script type=\"module\" crossorigin src=\"/build/assets/index-kMexQv-j.js\"></script>\n\
         <link rel=\"modulepreload\" crossorigin href=\"/build/assets/shared-DmnGZtPG.js\">\n\
         <link rel=\"stylesheet\" crossorigin href=\"/build/assets/shared-BiEJP_uy.css\">\n\
         <link rel=\"stylesheet\" crossorigin href=\"/build/assets/index-TZrNw7dA.css\">\n\
         <script type=\"module\" crossorigin src=\"/build/assets/admin-CrvqPIWj.js\"></script>\n\
         <link rel=\"stylesheet\" crossorigin href=\"/build/assets/admin-Bl7QkjV4.css\">\n"
    );
    // The lazily imported chunk's CSS is loaded by Vite's preload helper with the chunk.
    assert!(!html.contains("lazy"));
}

#[test]
fn tags_carry_a_csp_nonce_on_every_element() {
    let html = manifest()
        .tags(&["src/admin.ts"], "/")
        .unwrap()
        .to_html(Some("r4nd\"<m>"));
    for line in html.lines() {
        assert!(line.contains(" nonce=\"r4nd&quot;&lt;m&gt;\" "), "{line}");
    }
}

#[test]
fn tag_kinds_and_urls() {
    let tags = manifest()
        .tags(&["src/admin.ts"], "https://cdn.example.com/app/")
        .unwrap();
    let tags: Vec<&Tag> = tags.iter().collect();
    assert_eq!(
        tags,
        [
            &Tag::Script("https://cdn.example.com/app/assets/admin-CrvqPIWj.js".into()),
            &Tag::ModulePreload("https://cdn.example.com/app/assets/shared-DmnGZtPG.js".into()),
            &Tag::Stylesheet("https://cdn.example.com/app/assets/shared-BiEJP_uy.css".into()),
            &Tag::Stylesheet("https://cdn.example.com/app/assets/admin-Bl7QkjV4.css".into()),
        ]
    );
}

#[test]
fn unknown_entry_names_the_known_ones() {
    let err = manifest()
        .tags(&["src/main.tsx"], "/")
        .unwrap_err()
        .to_string();
    assert!(err.contains("no entry `src/main.tsx`"), "{err}");
    assert!(err.contains("`index.html`, `src/admin.ts`"), "{err}");
}

#[test]
fn assets_resolve_through_the_manifest() {
    let m = manifest();
    assert_eq!(m.file("src/logo.svg"), Some("assets/logo-BOTr4nl2.svg"));
    assert_eq!(m.file("src/nope.svg"), None);
    let files = m.files();
    assert!(files.contains("assets/lazy-o8hnkNJu.css"));
    assert!(files.contains("assets/logo-BOTr4nl2.svg"));
    assert!(!files.contains("robots.txt"));
}
