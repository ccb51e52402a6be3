//! Documents from outside (text, Markdown, HTML, unknown): any bytes give a
//! document in the one normal form of document text, or an error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use triangulate::io::import::import_bytes;
use triangulate::model::{fingerprint, normalise};

/// The file names an import may see; the first byte of the input picks one.
const NAMES: [&str; 6] = [
    "article.txt",
    "article.md",
    "article.html",
    "article.HTM",
    "article",
    "article.csv",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(pick) % NAMES.len()];
    if let Ok(imported) = import_bytes(name, bytes) {
        let document = imported.document;
        assert!(
            !document.text.trim().is_empty(),
            "an empty document was imported"
        );
        assert_eq!(
            normalise(&document.text),
            document.text,
            "imported text is not in normal form"
        );
        assert_eq!(document.fingerprint, fingerprint(&document.text));
    }
});
