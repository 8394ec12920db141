//! Compressing embedded files while the crate compiles (`embed_assets!`): a Brotli and a gzip
//! copy of each file worth it, so a single binary serves its frontend compressed without any
//! work per request.

use std::io::Write;

/// Files smaller than this are sent as they are: the saving would not pay for the extra
/// header bytes and the `Vary` lookup in caches.
pub(crate) const MIN_SIZE: usize = 1024;

/// A copy is kept only if it is at most this share of the original (saves at least 10%).
const MAX_RATIO: f64 = 0.9;

/// Brotli quality and window (the best; a build pays once for every response).
const BROTLI_QUALITY: u32 = 11;
const BROTLI_WINDOW: u32 = 22;

/// Whether a file of this name is worth compressing: text and text-like formats (scripts,
/// styles, HTML, JSON, SVG, source maps, WebAssembly), not formats that are compressed
/// already (images other than SVG, fonts, archives, media).
pub(crate) fn worth_compressing(path: &str) -> bool {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    matches!(
        ext.as_str(),
        "js" | "mjs"
            | "cjs"
            | "css"
            | "html"
            | "htm"
            | "json"
            | "map"
            | "svg"
            | "xml"
            | "txt"
            | "webmanifest"
            | "wasm"
            | "ico"
            | "ttf"
            | "otf"
            | "csv"
            | "md"
    )
}

/// The Brotli and gzip copies of `bytes` that are worth keeping.
#[derive(Debug, Default)]
pub(crate) struct Compressed {
    pub(crate) brotli: Option<Vec<u8>>,
    pub(crate) gzip: Option<Vec<u8>>,
}

/// Compresses `bytes` (already judged worth it by name) both ways; a copy that does not save
/// enough is dropped.
pub(crate) fn compress(bytes: &[u8]) -> Compressed {
    if bytes.len() < MIN_SIZE {
        return Compressed::default();
    }
    let keep = |copy: Vec<u8>| {
        // Lengths of files a crate embeds fit an f64 exactly enough for a ratio.
        #[allow(clippy::cast_precision_loss)]
        let ratio = copy.len() as f64 / bytes.len() as f64;
        (ratio <= MAX_RATIO).then_some(copy)
    };
    Compressed {
        brotli: brotli(bytes).and_then(keep),
        gzip: gzip(bytes).and_then(keep),
    }
}

fn brotli(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len() / 3);
    {
        let mut writer =
            brotli::CompressorWriter::new(&mut out, 64 * 1024, BROTLI_QUALITY, BROTLI_WINDOW);
        writer.write_all(bytes).ok()?;
        writer.flush().ok()?;
    }
    Some(out)
}

fn gzip(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::best(),
    );
    encoder.write_all(bytes).ok()?;
    encoder.finish().ok()
}

/// Compresses every file of `files` worth it (by name; an empty name is skipped), on all
/// cores; the copies in the order of `files`.
pub(crate) fn compress_all(files: &[(String, Vec<u8>)]) -> Vec<Compressed> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(files.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<Compressed> = files.iter().map(|_| Compressed::default()).collect();
    let done = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some((name, bytes)) = files.get(i) else {
                        break;
                    };
                    if worth_compressing(name) {
                        let copies = compress(bytes);
                        done.lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner)
                            .push((i, copies));
                    }
                }
            });
        }
    });
    for (i, copies) in done
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
    {
        results[i] = copies;
    }
    results
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn text(n: usize) -> Vec<u8> {
        let line = b"function render(page) { return page.props; }\n";
        (0..n).map(|i| line[i % line.len()]).collect()
    }

    #[test]
    fn copies_decompress_to_the_original() {
        let original = text(20_000);
        let copies = compress(&original);
        let brotli = copies.brotli.expect("text compresses");
        let gzip = copies.gzip.expect("text compresses");
        assert!(brotli.len() < original.len() / 10);
        let mut back = Vec::new();
        brotli::Decompressor::new(&brotli[..], 4096)
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, original);
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&gzip[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, original);
    }

    #[test]
    fn tiny_and_incompressible_files_stay_as_they_are() {
        let tiny = compress(&text(MIN_SIZE - 1));
        assert!(tiny.brotli.is_none() && tiny.gzip.is_none());
        // Random bytes: no copy saves 10%.
        let mut x = 0x9e37_79b9_u32;
        let noise: Vec<u8> = (0..50_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x as u8
            })
            .collect();
        let copies = compress(&noise);
        assert!(copies.brotli.is_none() && copies.gzip.is_none());
    }

    #[test]
    fn only_text_like_formats_are_compressed() {
        for yes in [
            "a.js",
            "A.CSS",
            "index.html",
            "m.json",
            "a.js.map",
            "logo.svg",
            "x.wasm",
        ] {
            assert!(worth_compressing(yes), "{yes}");
        }
        for no in [
            "a.png", "a.jpg", "a.webp", "a.avif", "f.woff2", "f.woff", "a.gz", "a.br", "v.mp4",
            "noext",
        ] {
            assert!(!worth_compressing(no), "{no}");
        }
    }

    #[test]
    fn all_files_are_compressed_in_parallel_in_order() {
        let files = vec![
            ("a.js".to_owned(), text(5000)),
            ("b.png".to_owned(), text(5000)),
            ("c.css".to_owned(), text(10)),
            ("d.css".to_owned(), text(8000)),
        ];
        let out = compress_all(&files);
        assert!(out[0].brotli.is_some());
        assert!(out[1].brotli.is_none(), "images are left alone");
        assert!(out[2].brotli.is_none(), "tiny");
        assert!(out[3].gzip.is_some());
    }
}
