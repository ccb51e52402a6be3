//! Intake: how long a web page and a PDF take to become a document, on the import
//! worker (issue 14's limits: a 1 MB news page ≤ 50 ms, a 100-page PDF ≤ 1 s).
//!
//! Both inputs are made here, so the benchmark needs nothing outside the
//! repository: a 1 MB page as a news site serves it (banner, menu, teasers,
//! JSON-LD, a long article, a comment thread, footer) from the sample corpus's
//! text, and a 100-page PDF with a running header, page numbers and justified
//! paragraphs in a standard font.
//!
//! ```text
//! cargo bench --bench intake
//! ```

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a benchmark: a broken input should stop it loudly"
)]

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

/// The sample corpus's articles: real reporting, to give the pages real words.
fn corpus_paragraphs() -> Vec<String> {
    let project = triangulate::io::project_file::from_ron_str(triangulate::SAMPLE_PROJECT)
        .expect("the sample loads")
        .project;
    project
        .documents
        .iter()
        .flat_map(|d| d.text.split("\n\n").map(str::to_owned).collect::<Vec<_>>())
        .filter(|p| p.len() > 80)
        .collect()
}

/// Escapes text for HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A news page of about `bytes` bytes: most of it the article, with the furniture
/// of a real site around it.
fn news_page(bytes: usize) -> String {
    let paragraphs = corpus_paragraphs();
    let mut page = String::with_capacity(bytes + 10_000);
    page.push_str(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Severodonetsk: the battle for the Azot plant - Example News</title>
<meta property="og:title" content="Severodonetsk: the battle for the Azot plant">
<meta property="og:site_name" content="Example News">
<meta name="author" content="A. Reporter">
<meta property="article:published_time" content="2022-06-15T08:00:00Z">
<link rel="canonical" href="https://news.example/severodonetsk-azot">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Severodonetsk: the battle for the Azot plant","datePublished":"2022-06-15T08:00:00Z","author":{"@type":"Person","name":"A. Reporter"}}</script>
<style>body{font-family:sans-serif}</style></head><body>
<div class="cookie-banner"><p>We use cookies to improve your experience. Accept all cookies?</p><button>Accept</button></div>
<header class="site-header"><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article><h1>Severodonetsk: the battle for the Azot plant</h1>
<p class="standfirst">Hundreds of civilians are sheltering in the chemical plant as the fighting closes in.</p>
"#,
    );
    let mut i = 0;
    while page.len() < bytes * 8 / 10 {
        let paragraph = &paragraphs[i % paragraphs.len()];
        if i % 12 == 11 {
            let _ = write!(page, "<h2>Part {}</h2>", i / 12 + 1);
        }
        let _ = writeln!(page, "<p>{}</p>", escape(paragraph));
        i += 1;
    }
    page.push_str("</article><aside class=\"more-stories\"><h2>More stories</h2><ul>");
    for n in 0..40 {
        let _ = write!(
            page,
            "<li><a href=\"/story-{n}\">Another story number {n} you may have missed</a></li>"
        );
    }
    page.push_str("</ul></aside><section class=\"comments\"><h2>Comments</h2>");
    while page.len() < bytes - 2_000 {
        let paragraph = &paragraphs[i % paragraphs.len()];
        let _ = writeln!(
            page,
            "<div class=\"comment\"><span class=\"user\">reader{i}</span><p>{}</p><a class=\"reply\">Reply</a></div>",
            escape(&paragraph.chars().take(120).collect::<String>())
        );
        i += 1;
    }
    page.push_str(
        "</section></main><footer><p>© Example News. All rights reserved.</p><form><input placeholder=\"Your email\"><button>Subscribe to our newsletter</button></form></footer></body></html>",
    );
    page
}

/// A PDF of `pages` pages of text in Helvetica, with a running header and page
/// numbers, written by hand (objects, cross-reference table, trailer).
fn pdf(pages: usize) -> Vec<u8> {
    let paragraphs = corpus_paragraphs();
    // Plain ASCII for the standard font's encoding.
    let words: Vec<String> = paragraphs
        .iter()
        .flat_map(|p| p.split_whitespace())
        .map(|w| w.chars().filter(char::is_ascii_graphic).collect::<String>())
        .filter(|w| !w.is_empty())
        .map(|w| w.replace(['\\', '(', ')'], ""))
        .collect();
    let mut objects: Vec<String> = Vec::new();
    // 1: catalogue, 2: page tree, 3: font; pages and contents follow.
    objects.push("<< /Type /Catalog /Pages 2 0 R >>".into());
    let kids: Vec<String> = (0..pages).map(|p| format!("{} 0 R", 4 + 2 * p)).collect();
    objects.push(format!(
        "<< /Type /Pages /Kids [{}] /Count {pages} >>",
        kids.join(" ")
    ));
    objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".into());
    let mut word = 0;
    for page in 0..pages {
        let mut content = String::new();
        let _ = writeln!(
            content,
            "BT /F1 9 Tf 72 770 Td (Severodonetsk report - internal draft) Tj ET"
        );
        let mut y = 740;
        while y > 80 {
            let mut line = String::new();
            while line.len() < 90 {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(&words[word % words.len()]);
                word += 1;
            }
            let _ = writeln!(content, "BT /F1 11 Tf 72 {y} Td ({line}) Tj ET");
            y -= 14;
            if y % 140 == 0 {
                y -= 10;
            }
        }
        let _ = writeln!(content, "BT /F1 9 Tf 300 40 Td ({}) Tj ET", page + 1);
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
            5 + 2 * page
        ));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ));
    }
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (n, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        let _ = writeln!(out, "{} 0 obj\n{object}\nendobj", n + 1);
    }
    let xref = out.len();
    let _ = writeln!(out, "xref\n0 {}\n0000000000 65535 f ", objects.len() + 1);
    for offset in offsets {
        let _ = writeln!(out, "{offset:010} 00000 n ");
    }
    let _ = writeln!(
        out,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF",
        objects.len() + 1
    );
    out.into_bytes()
}

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("intake");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(8));

    let page = news_page(1_000_000);
    let imported = triangulate::io::import::import_bytes("page.html", page.as_bytes())
        .expect("the page imports");
    assert!(
        imported
            .document
            .text
            .starts_with("Severodonetsk: the battle")
    );
    assert!(!imported.document.text.contains("Accept all cookies"));
    assert!(!imported.document.text.contains("you may have missed"));
    group.bench_function("extract the article of a 1 MB news page", |b| {
        b.iter(|| triangulate::io::import::import_bytes("page.html", black_box(page.as_bytes())));
    });

    let pdf = pdf(100);
    let read = triangulate::io::pdf::read_pdf(&pdf).expect("the PDF reads");
    assert_eq!(read.pages, 100);
    assert!(
        !read.text.contains("internal draft"),
        "the running header is dropped"
    );
    group.bench_function("read a 100-page PDF", |b| {
        b.iter(|| triangulate::io::pdf::read_pdf(black_box(&pdf)));
    });
    group.finish();
}

criterion_group!(intake, benches);
criterion_main!(intake);
