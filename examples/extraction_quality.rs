//! How faithfully web page import keeps an article: token F1 of the imported text
//! against a page set's known article text, page by page.
//!
//! ```text
//! scripts/extraction-quality.sh            # fetches the public sets, then runs this
//! cargo run --release --example extraction_quality -- mozilla DIR [newspaper DIR]…
//! ```
//!
//! Three layouts are read:
//! - `mozilla`: Mozilla Readability's test pages (`NAME/source.html`, the article
//!   as the project's maintainers accept it in `NAME/expected.html`, its metadata
//!   in `NAME/expected-metadata.json`). Pages under 10,000 bytes are the project's
//!   synthetic unit cases, not real pages, and are left out.
//! - `newspaper`: newspaper4k's test data (`html/NAME.html`, the article text in
//!   `txt/NAME.txt`). Only the pages whose text that project's own tests check
//!   against its extractor are read ([`NEWSPAPER_PAGES`]); the folder's other
//!   pairs are unchecked (one repeats another page's HTML).
//! - `boilerpipe`: a Rust boilerpipe port's real pages (`N.html`, expected text
//!   base64-encoded in `N.base64`).
//!
//! Tokens are lower-cased runs of letters and digits; each Han, kana or Hangul
//! character is a token of its own (those scripts do not separate words by spaces).
//! F1 is over token multisets, as in the trafilatura and ScrapingHub evaluations.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a measuring tool run by hand: a broken page set should stop it loudly"
)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use scraper::{Html, Node};

/// One page with its known article text.
struct Page {
    set: &'static str,
    name: String,
    html: Vec<u8>,
    expected: String,
    language: String,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() || !args.len().is_multiple_of(2) {
        eprintln!("usage: extraction_quality (mozilla|newspaper|boilerpipe) DIR […]");
        std::process::exit(2);
    }
    let mut pages = Vec::new();
    for pair in args.chunks(2) {
        let dir = PathBuf::from(&pair[1]);
        match pair[0].as_str() {
            "mozilla" => pages.extend(mozilla_pages(&dir)),
            "newspaper" => pages.extend(newspaper_pages(&dir)),
            "boilerpipe" => pages.extend(boilerpipe_pages(&dir)),
            other => panic!("unknown set {other}"),
        }
    }
    let verbose = std::env::var_os("VERBOSE").is_some();
    let mut scores: Vec<Score<'_>> = Vec::new();
    let mut slowest = (0.0f64, String::new());
    for page in &pages {
        let started = Instant::now();
        let imported =
            triangulate::io::import::import_bytes(&format!("{}.html", page.name), &page.html);
        let seconds = started.elapsed().as_secs_f64();
        if seconds > slowest.0 {
            slowest = (seconds, page.name.clone());
        }
        let text = match &imported {
            Ok(imported) => imported.document.text.clone(),
            Err(_) => String::new(),
        };
        if let Some(dump) = std::env::var_os("DUMP") {
            let dump = PathBuf::from(dump);
            std::fs::create_dir_all(&dump).expect("the DUMP folder");
            std::fs::write(dump.join(format!("{}.got.txt", page.name)), &text).expect("written");
            std::fs::write(
                dump.join(format!("{}.expected.txt", page.name)),
                &page.expected,
            )
            .expect("written");
        }
        let (precision, recall, f1) = f1(&tokens(&text), &tokens(&page.expected));
        if verbose {
            println!(
                "{:<10} {:<40} {:>5} p {:.3} r {:.3} f1 {:.3}  {:.1} ms",
                page.set,
                page.name,
                page.language,
                precision,
                recall,
                f1,
                seconds * 1000.0
            );
        }
        scores.push((page, precision, recall, f1));
    }
    summary("all", &scores);
    let mut sets: Vec<&str> = scores.iter().map(|s| s.0.set).collect();
    sets.sort_unstable();
    sets.dedup();
    if sets.len() > 1 {
        for set in sets {
            let of_set: Vec<_> = scores.iter().filter(|s| s.0.set == set).cloned().collect();
            summary(set, &of_set);
        }
    }
    println!(
        "slowest import: {:.1} ms ({})",
        slowest.0 * 1000.0,
        slowest.1
    );
}

/// One page's score: the page, precision, recall and F1.
type Score<'a> = (&'a Page, f64, f64, f64);

/// Pages, languages, mean, median and lowest F1, and the pages below 0.6.
fn summary(label: &str, scores: &[Score<'_>]) {
    let mean = |values: &[f64]| values.iter().sum::<f64>() / values.len().max(1) as f64;
    let f1s: Vec<f64> = scores.iter().map(|s| s.3).collect();
    let lowest = scores
        .iter()
        .min_by(|a, b| a.3.total_cmp(&b.3))
        .map_or((0.0, ""), |s| (s.3, s.0.name.as_str()));
    let mut sorted = f1s.clone();
    sorted.sort_by(f64::total_cmp);
    println!(
        "{label}: {} pages, mean F1 {:.3} (precision {:.3}, recall {:.3}), median {:.3}, lowest {:.3} ({})",
        scores.len(),
        mean(&f1s),
        mean(&scores.iter().map(|s| s.1).collect::<Vec<_>>()),
        mean(&scores.iter().map(|s| s.2).collect::<Vec<_>>()),
        sorted.get(sorted.len() / 2).copied().unwrap_or(0.0),
        lowest.0,
        lowest.1,
    );
    let mut by_language: HashMap<String, Vec<f64>> = HashMap::new();
    for (page, _, _, f1) in scores {
        let language = page
            .language
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let language = if language.is_empty() {
            "?".to_owned()
        } else {
            language
        };
        by_language.entry(language).or_default().push(*f1);
    }
    let mut languages: Vec<_> = by_language.into_iter().collect();
    languages.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    let line: Vec<String> = languages
        .iter()
        .map(|(language, values)| format!("{language} {} ({:.3})", values.len(), mean(values)))
        .collect();
    println!(
        "  {} languages (? = none declared): {}",
        languages.iter().filter(|l| l.0 != "?").count(),
        line.join(", ")
    );
    let below: Vec<String> = scores
        .iter()
        .filter(|s| s.3 < 0.6)
        .map(|s| format!("{} {:.3}", s.0.name, s.3))
        .collect();
    println!(
        "  below 0.6: {}",
        if below.is_empty() {
            "none".into()
        } else {
            below.join(", ")
        }
    );
}

/// Mozilla Readability's real test pages.
fn mozilla_pages(dir: &Path) -> Vec<Page> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .expect("the page folder")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.join("source.html").is_file() && p.join("expected.html").is_file())
        .collect();
    names.sort();
    names
        .into_iter()
        .filter_map(|path| {
            let html = std::fs::read(path.join("source.html")).expect("source.html");
            if html.len() < 10_000 {
                return None;
            }
            let expected = std::fs::read_to_string(path.join("expected.html")).expect("expected");
            let metadata =
                std::fs::read_to_string(path.join("expected-metadata.json")).unwrap_or_default();
            let language = serde_json::from_str::<serde_json::Value>(&metadata)
                .ok()
                .and_then(|m| m.get("lang").and_then(|l| l.as_str()).map(str::to_owned))
                .unwrap_or_default();
            Some(Page {
                set: "mozilla",
                name: path.file_name().unwrap().to_string_lossy().into_owned(),
                html,
                expected: markup_text(&expected),
                language,
            })
        })
        .collect()
}

/// The newspaper4k pages whose text that project's tests compare with its
/// extractor's output, with the language its tests give (or the page declares):
/// the ten of `language_article_fixture` and the eight of `known_websites` and
/// `cnn_article` in its `tests/conftest.py`.
const NEWSPAPER_PAGES: &[(&str, &str)] = &[
    ("arabic_article", "ar"),
    ("burmese_article", "my"),
    ("chinese_article", "zh"),
    ("chinese_article_001", "zh"),
    ("chinese_article_002", "zh"),
    ("japanese_article", "ja"),
    ("japanese_article2", "ja"),
    ("latvian_article", "lv"),
    ("spanish_article", "es"),
    ("thai_article", "th"),
    ("article_with_br", "en"),
    ("article_with_divs", "en"),
    ("cnn_001", "en"),
    ("cnn_002", "en"),
    ("cnn_article", "en"),
    ("time_001", "en"),
    ("wired_001", "en"),
    ("yna_co_kr", "en"),
];

/// newspaper4k's checked pages (`DIR` is its `tests/data`).
fn newspaper_pages(dir: &Path) -> Vec<Page> {
    NEWSPAPER_PAGES
        .iter()
        .map(|(name, language)| {
            let html = std::fs::read(dir.join("html").join(format!("{name}.html")))
                .unwrap_or_else(|e| panic!("{name}.html: {e}"));
            let expected = std::fs::read_to_string(dir.join("txt").join(format!("{name}.txt")))
                .unwrap_or_else(|e| panic!("{name}.txt: {e}"));
            Page {
                set: "newspaper",
                name: format!("newspaper-{name}"),
                html,
                expected,
                language: (*language).to_owned(),
            }
        })
        .collect()
}

/// The boilerpipe port's pages, their expected text in base64.
fn boilerpipe_pages(dir: &Path) -> Vec<Page> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .expect("the page folder")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|path| {
            let html = std::fs::read(&path).expect("page");
            let encoded = std::fs::read_to_string(path.with_extension("base64")).expect("expected");
            let expected = String::from_utf8_lossy(&base64(&encoded)).into_owned();
            let language = Html::parse_document(&String::from_utf8_lossy(&html))
                .root_element()
                .attr("lang")
                .unwrap_or("")
                .to_owned();
            Page {
                set: "boilerpipe",
                name: format!("boilerpipe-{}", path.file_stem().unwrap().to_string_lossy()),
                html,
                expected,
                language,
            }
        })
        .collect()
}

/// All the text in a piece of markup, block elements apart.
fn markup_text(html: &str) -> String {
    let fragment = Html::parse_fragment(html);
    let mut out = String::new();
    for node in fragment.tree.root().descendants() {
        match node.value() {
            Node::Text(text) => out.push_str(text),
            Node::Element(element)
                if matches!(
                    element.name(),
                    "p" | "div"
                        | "br"
                        | "li"
                        | "h1"
                        | "h2"
                        | "h3"
                        | "h4"
                        | "h5"
                        | "h6"
                        | "td"
                        | "th"
                        | "tr"
                        | "pre"
                        | "blockquote"
                        | "figcaption"
                        | "dt"
                        | "dd"
                        | "section"
                        | "article"
                ) =>
            {
                out.push('\n');
            }
            _ => {}
        }
    }
    out
}

/// Lower-cased word tokens; each Han, kana or Hangul character is a token.
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if is_cjk(c) {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            out.push(c.to_string());
        } else if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xAC00..=0xD7AF | 0x20000..=0x2FA1F)
}

/// Precision, recall and F1 of `found` against `expected`, as token multisets.
fn f1(found: &[String], expected: &[String]) -> (f64, f64, f64) {
    let mut counts: HashMap<&str, i64> = HashMap::new();
    for t in expected {
        *counts.entry(t).or_default() += 1;
    }
    let mut common = 0i64;
    for t in found {
        if let Some(n) = counts.get_mut(t.as_str())
            && *n > 0
        {
            *n -= 1;
            common += 1;
        }
    }
    if found.is_empty() || expected.is_empty() {
        let both = found.is_empty() && expected.is_empty();
        return (
            f64::from(u8::from(both)),
            f64::from(u8::from(both)),
            f64::from(u8::from(both)),
        );
    }
    let precision = common as f64 / found.len() as f64;
    let recall = common as f64 / expected.len() as f64;
    let f1 = if common == 0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    (precision, recall, f1)
}

/// Decodes standard base64, skipping white space.
fn base64(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buffer = 0u32;
    let mut bits = 0;
    for c in text.bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => continue,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}
