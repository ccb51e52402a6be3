//! PDFs from outside: any bytes give the text of a PDF or an error, never a panic
//! out of the reader, a hang, a stack overflow or a run out of memory (the reader
//! catches the extractor's panics and bounds its work, compressed streams included).
#![no_main]

use std::cell::Cell;

use libfuzzer_sys::fuzz_target;
use triangulate::io::pdf::read_pdf;

thread_local! {
    /// Whether `read_pdf` is running: a panic inside it is caught there.
    static READING: Cell<bool> = const { Cell::new(false) };
}

fuzz_target!(
    init: {
        // libFuzzer's hook aborts on every panic, even one that `read_pdf` catches
        // (as it must: the extractor panics on much that it does not understand).
        // Only a panic outside the reader goes on to that hook; one that escapes the
        // reader still aborts, when it reaches libFuzzer.
        let aborting = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !READING.get() {
                aborting(info);
            }
        }));
    },
    |data: &[u8]| {
        READING.set(true);
        let result = read_pdf(data);
        READING.set(false);
        if let Ok(pdf) = result {
            assert!(
                !pdf.text.trim().is_empty(),
                "a PDF gave no text but no error"
            );
            assert!(pdf.pages > 0, "a PDF with text has no pages");
        }
    }
);
