//! Every relative link in the repository's Markdown (README, guide, docs, crate READMEs, starter
//! templates) points at a file that exists, and every `#anchor` at a heading that exists. Files
//! move (the 1.0 shape moved `docs/props.md` into the guide); this keeps the docs from rotting.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// Markdown files of the repository, skipping build output, dependencies and the book output.
fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if path.is_dir() {
            let skip = name.starts_with('.')
                || matches!(name.as_ref(), "target" | "node_modules" | "dist" | "book");
            if !skip {
                markdown_files(&path, out);
            }
        } else if name.ends_with(".md") {
            out.push(path);
        }
    }
}

/// The text outside fenced code blocks and inline code, where links are links.
fn prose(text: &str) -> String {
    let mut out = String::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            // Drop inline code spans: `[a](b)` inside backticks is an example, not a link.
            let mut in_code = false;
            for c in line.chars() {
                if c == '`' {
                    in_code = !in_code;
                } else if !in_code {
                    out.push(c);
                }
            }
            out.push('\n');
        }
    }
    out
}

/// GitHub's (and mdBook's) heading anchors: lower case, punctuation dropped, spaces to hyphens.
fn anchors(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced || !line.starts_with('#') {
            continue;
        }
        let title = line.trim_start_matches('#').trim().to_lowercase();
        let slug: String = title
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_' || *c == ' ')
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        out.insert(slug);
    }
    out
}

/// The targets of `[text](target)` links in `text`.
fn link_targets(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("](") {
        rest = &rest[at + 2..];
        let end = rest.find([')', ' ', '\n']).unwrap_or(rest.len());
        out.push(rest[..end].to_string());
        rest = &rest[end..];
    }
    out
}

#[test]
fn relative_links_in_markdown_resolve() {
    let root = repo_root();
    let mut files = Vec::new();
    markdown_files(&root, &mut files);
    assert!(
        files.len() > 10,
        "found only {} Markdown files under {}",
        files.len(),
        root.display()
    );
    let mut broken = Vec::new();
    let mut checked = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).expect("Markdown is UTF-8");
        for target in link_targets(&prose(&text)) {
            if target.contains("://") || target.starts_with("mailto:") || target.is_empty() {
                continue;
            }
            checked += 1;
            let (path, anchor) = target.split_once('#').unwrap_or((&target, ""));
            let resolved = if path.is_empty() {
                file.clone()
            } else {
                file.parent().expect("a file has a parent").join(path)
            };
            let shown = file.strip_prefix(&root).unwrap_or(file).display();
            if !resolved.exists() {
                broken.push(format!("{shown}: `{target}`: no such file"));
                continue;
            }
            if !anchor.is_empty() && resolved.extension().is_some_and(|e| e == "md") {
                let heading_text = std::fs::read_to_string(&resolved).expect("UTF-8");
                if !anchors(&heading_text).contains(anchor) {
                    broken.push(format!("{shown}: `{target}`: no heading with that anchor"));
                }
            }
        }
    }
    assert!(checked > 50, "checked only {checked} links");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_checker_sees_a_broken_link_and_a_missing_anchor() {
    let text = "See [a](missing.md) and [b](#no-such) and `[c](code.md)`.\n# A Heading: here\n";
    assert_eq!(link_targets(&prose(text)), ["missing.md", "#no-such"]);
    assert!(anchors(text).contains("a-heading-here"));
    assert!(!anchors(text).contains("no-such"));
}

/// The guide's table of contents and its chapters agree: `mdbook build` would fail on an entry
/// without a file (`create-missing = false`), a chapter missing from `SUMMARY.md` would never
/// be shown, and one missing from `tests/support/lib.rs` would have its examples go unchecked.
#[test]
fn every_guide_chapter_is_in_the_summary_and_its_examples_are_doctests() {
    let root = repo_root();
    let src = root.join("docs/guide/src");
    let summary = std::fs::read_to_string(src.join("SUMMARY.md")).expect("SUMMARY.md");
    let listed: BTreeSet<String> = link_targets(&summary).into_iter().collect();
    let doctests = std::fs::read_to_string(root.join("tests/support/lib.rs")).expect("lib.rs");
    let mut chapters = BTreeSet::new();
    for entry in std::fs::read_dir(&src).expect("docs/guide/src").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") && name != "SUMMARY.md" {
            chapters.insert(name);
        }
    }
    assert!(chapters.len() >= 10, "chapters: {chapters:?}");
    for chapter in &chapters {
        assert!(listed.contains(chapter), "{chapter} is not in SUMMARY.md");
        let include = format!("include_str!(\"../../docs/guide/src/{chapter}\")");
        assert!(
            doctests.contains(&include),
            "{chapter} is not included in tests/support/lib.rs, so its examples are not tested"
        );
    }
    for entry in &listed {
        assert!(
            chapters.contains(entry),
            "SUMMARY.md lists {entry}, which does not exist"
        );
    }
}
