//! Documents from outside (text, Markdown, HTML, unknown, and whatever starts as a
//! PDF): any bytes give a document in the one normal form of document text, or an
//! error.
#![no_main]

use std::cell::Cell;

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

thread_local! {
    /// Whether `import_bytes` is running: the PDF reader in it catches the panics of
    /// the PDF extractor.
    static IMPORTING: Cell<bool> = const { Cell::new(false) };
}

fuzz_target!(
    init: {
        // libFuzzer's hook aborts on every panic, even one the PDF reader catches.
        // Only a panic outside the import goes on to that hook; one that escapes the
        // import still aborts, when it reaches libFuzzer.
        let aborting = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !IMPORTING.get() {
                aborting(info);
            }
        }));
    },
    |data: &[u8]| {
        let Some((&pick, bytes)) = data.split_first() else {
            return;
        };
        let name = NAMES[usize::from(pick) % NAMES.len()];
        IMPORTING.set(true);
        let result = import_bytes(name, bytes);
        IMPORTING.set(false);
        if let Ok(imported) = result {
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
    }
);
