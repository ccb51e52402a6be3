//! What PDF import makes of a PDF: its metadata, the time taken, and, given the
//! text the PDF should give (such as `pdftotext FILE.pdf FILE.txt`), the token F1
//! and the order score against it.
//!
//! ```text
//! cargo run --release --example pdf_text -- FILE.pdf [REFERENCE.txt] [--text]
//! ```

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a measuring tool run by hand: a missing file should stop it loudly"
)]

use std::collections::HashMap;
use std::time::Instant;

use triangulate::io::pdf::read_pdf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let print_text = args.iter().any(|a| a == "--text");
    let files: Vec<&String> = args.iter().filter(|a| *a != "--text").collect();
    let pdf_path = files
        .first()
        .expect("usage: pdf_text FILE.pdf [REFERENCE.txt] [--text]");
    let bytes = std::fs::read(pdf_path).unwrap();
    let started = Instant::now();
    let result = read_pdf(&bytes);
    let elapsed = started.elapsed();
    match result {
        Err(err) => println!("{pdf_path}: {err} ({} ms)", elapsed.as_millis()),
        Ok(pdf) => {
            println!(
                "{pdf_path}: {} pages, {} chars in {:.1} ms ({:.2} ms/page)",
                pdf.pages,
                pdf.text.chars().count(),
                elapsed.as_secs_f64() * 1000.0,
                elapsed.as_secs_f64() * 1000.0 / pdf.pages as f64
            );
            println!(
                "title {:?}, author {:?}, published {:?}, language {:?}",
                pdf.title, pdf.author, pdf.published, pdf.language
            );
            if let Some(reference) = files.get(1) {
                let expected = std::fs::read_to_string(reference).unwrap();
                let (found, expected) = (tokens(&pdf.text), tokens(&expected));
                println!(
                    "token F1 {:.3}, order {:.3} ({} tokens, reference {})",
                    f1(&found, &expected),
                    order(&found, &expected),
                    found.len(),
                    expected.len()
                );
            }
            if print_text {
                println!("{}", pdf.text);
            }
        }
    }
}

/// Lower-cased runs of letters and digits.
fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// F1 over token multisets.
fn f1(found: &[String], expected: &[String]) -> f64 {
    let mut counts: HashMap<&str, i64> = HashMap::new();
    for t in expected {
        *counts.entry(t).or_default() += 1;
    }
    let mut common = 0.0;
    for t in found {
        if let Some(n) = counts.get_mut(t.as_str())
            && *n > 0
        {
            *n -= 1;
            common += 1.0;
        }
    }
    2.0 * common / (found.len() + expected.len()).max(1) as f64
}

/// Twice the longest common token subsequence over both lengths.
fn order(found: &[String], expected: &[String]) -> f64 {
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, expected, found);
    let same: usize = ops
        .iter()
        .map(|op| match op {
            similar::DiffOp::Equal { len, .. } => *len,
            _ => 0,
        })
        .sum();
    2.0 * same as f64 / (found.len() + expected.len()).max(1) as f64
}
