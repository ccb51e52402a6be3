//! PDFs from outside: any bytes give the text of a PDF or an error, never a panic,
//! a hang or a stack overflow (the reader catches the extractor's panics and bounds
//! its work).
#![no_main]

use libfuzzer_sys::fuzz_target;
use triangulate::io::pdf::read_pdf;

fuzz_target!(|data: &[u8]| {
    if let Ok(pdf) = read_pdf(data) {
        assert!(
            !pdf.text.trim().is_empty(),
            "a PDF gave no text but no error"
        );
        assert!(pdf.pages > 0, "a PDF with text has no pages");
    }
});
