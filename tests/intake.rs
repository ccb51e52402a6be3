//! Intake (issue 14), end to end: a saved news page becomes its article with its
//! metadata, a PDF its text with its own; the command line imports files and
//! addresses together; the window's File ▸ Import from address… fetches in the
//! background and can be cancelled. Addresses are served by a small HTTP server
//! each test starts on 127.0.0.1: no test touches the internet.
//!
//! The pages in tests/fixtures/html are our own text, written as a browser saves
//! a news page: head with meta, Open Graph, JSON-LD and canonical address, cookie
//! banner, menu, share bar, teasers, comments, newsletter form and footer around
//! the article. Beside each, `NAME.txt` holds the article as a reader should get
//! it (headline first, standfirst second, paragraphs separated by a blank line,
//! table cells by tabs) and `NAME.boilerplate.txt` one string per line that the
//! page shows around the article and that must not reach the document.
#![cfg(feature = "gui")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

#[path = "common/http.rs"]
mod http;

use std::io::Write as _;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::thread;
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use triangulate::io::import::{ImportError, import_bytes, import_file};
use triangulate::io::pdf::PdfError;
use triangulate::model::{Document, Project};
use triangulate::ui::App;
use triangulate::workspace::Workspace;

mod common;

// --- Fixtures ---------------------------------------------------------------------------

/// The path of fixture `name` in tests/fixtures/`kind`.
fn fixture(kind: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(kind)
        .join(name)
}

/// The contents of a fixture as text.
fn fixture_text(kind: &str, name: &str) -> String {
    let path = fixture(kind, name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The paragraphs of `text`: its blocks between blank lines.
fn paragraphs(text: &str) -> Vec<&str> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// `text` with each run of white space (tabs and newlines too) made one space.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a saved page must give: its metadata, its article and what must be left out.
struct Page {
    /// The HTML file in tests/fixtures/html.
    file: &'static str,
    /// The headline, without the site's name.
    title: &'static str,
    author: &'static str,
    outlet: &'static str,
    published: &'static str,
    url: &'static str,
    language: &'static str,
}

impl Page {
    /// The page's name without `.html`, for its sidecar files.
    fn stem(&self) -> &'static str {
        self.file.trim_end_matches(".html")
    }

    /// The article's paragraphs, in order, from `STEM.txt`.
    fn article(&self) -> String {
        fixture_text("html", &format!("{}.txt", self.stem()))
    }

    /// The strings around the article, from `STEM.boilerplate.txt`.
    fn boilerplate(&self) -> Vec<String> {
        fixture_text("html", &format!("{}.boilerplate.txt", self.stem()))
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// The saved page's bytes.
    fn bytes(&self) -> Vec<u8> {
        std::fs::read(fixture("html", self.file)).unwrap()
    }
}

/// An English page: JSON-LD headline, standfirst and lead photo in the article's
/// header, outside the body that Readability keeps.
const LEDGER: Page = Page {
    file: "ledger-en.html",
    title: "Northern bridge closed after night of flooding on the embankment",
    author: "Marta Kowalczyk",
    outlet: "The Northern Ledger",
    published: "2022-06-13",
    url: "https://www.northernledger.example/news/2022/06/13/northern-bridge-closed-flooding",
    language: "en-GB",
};

/// A Ukrainian page built of `<div>`s only (no `<article>`, `<nav>` or `<footer>`
/// around its parts), whose JSON-LD has no headline: the title comes from
/// `og:title`, "… — Річкові новини".
const RICHKOVI: Page = Page {
    file: "richkovi-uk.html",
    title: "Східний в’їзд на північний міст закрили після нічної повені",
    author: "Олена Марченко",
    outlet: "Річкові новини",
    published: "2022-06-13",
    url: "https://richkovi.example/suspilstvo/2022/06/13/mist-zakryly",
    language: "uk-UA",
};

/// A German page: two authors in JSON-LD, a UTC date, a table with a caption,
/// teasers that are `<article>`s themselves.
const ABENDPOST: Page = Page {
    file: "abendpost-de.html",
    title: "Nordbrücke nach nächtlichem Hochwasser gesperrt",
    author: "Jonas Weber, Sabine Krüger",
    outlet: "Rheinische Abendpost",
    published: "2022-06-14",
    url: "https://www.abendpost.example/region/nordbruecke-hochwasser-gesperrt-id4711.html",
    language: "de-DE",
};

/// Fails unless `document` holds the article of `page`, and nothing around it.
#[track_caller]
fn assert_is_article(page: &Page, document: &Document) {
    let text = &document.text;
    let found = paragraphs(text);
    let expected_text = page.article();
    let expected = paragraphs(&expected_text);

    // The headline is the first paragraph, once.
    assert_eq!(
        found.first().copied(),
        Some(page.title),
        "{}:\n{text}",
        page.file
    );
    assert_eq!(
        found.iter().filter(|p| **p == page.title).count(),
        1,
        "{}: the headline is repeated:\n{text}",
        page.file
    );

    // Every paragraph of the article, in order (others may sit between them: a
    // kicker, a byline).
    let mut from = 0;
    for paragraph in &expected {
        let wanted = squash(paragraph);
        let at = found
            .get(from..)
            .unwrap_or_default()
            .iter()
            .position(|p| squash(p) == wanted)
            .unwrap_or_else(|| {
                let anywhere = found.iter().any(|p| squash(p) == wanted);
                panic!(
                    "{}: the paragraph “{paragraph}” is {} in the text:\n{text}",
                    page.file,
                    if anywhere { "out of order" } else { "missing" }
                )
            });
        from += at + 1;
    }
    // The standfirst comes once, after the headline.
    let standfirst = expected[1];
    assert_eq!(
        found.iter().filter(|p| **p == standfirst).count(),
        1,
        "{}: the standfirst is not there exactly once:\n{text}",
        page.file
    );

    // Nothing around the article; each string is checked to be on the page, so
    // that a mistyped one cannot pass unnoticed.
    let html = String::from_utf8(page.bytes()).unwrap();
    for boilerplate in page.boilerplate() {
        assert!(
            html.contains(&boilerplate),
            "{}: “{boilerplate}” is not on the page: fix the .boilerplate.txt",
            page.file
        );
        assert!(
            !text.contains(&boilerplate),
            "{}: “{boilerplate}” is not part of the article but is in the text:\n{text}",
            page.file
        );
    }
}

/// Fails unless `document` has the metadata of `page` (`url` aside, which is checked
/// by the caller: an address may replace it).
#[track_caller]
fn assert_metadata(page: &Page, document: &Document) {
    assert_eq!(
        (
            document.title.as_str(),
            document.author.as_str(),
            document.outlet.as_str(),
            document.published.as_str(),
            document.language.as_str(),
        ),
        (
            page.title,
            page.author,
            page.outlet,
            page.published,
            page.language
        ),
        "{}",
        page.file
    );
}

/// Imports the saved page as a file of that name.
fn import_page(page: &Page) -> Document {
    let imported =
        import_bytes(page.file, &page.bytes()).unwrap_or_else(|e| panic!("{}: {e}", page.file));
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    imported.document
}

/// The PDF report's text as make.py wrote it.
fn report_text() -> String {
    fixture_text("pdf", "report.txt").trim().to_owned()
}

// --- The server -------------------------------------------------------------------------

/// How long `/stall` keeps its connection open without sending the body.
const STALL: Duration = Duration::from_secs(30);

/// Starts the test server (tests/common/http.rs) with this file's answers.
fn start_server() -> String {
    http::start(answer)
}

/// Answers one request.
fn answer(request: &http::Request, stream: &mut TcpStream) -> std::io::Result<()> {
    let path = request.path.clone();
    let html = [("Content-Type", "text/html; charset=utf-8")];
    match path.as_str() {
        "/news/bridge" => http::respond(stream, "200 OK", &html, &LEDGER.bytes()),
        "/uk/mist" => http::respond(stream, "200 OK", &html, &RICHKOVI.bytes()),
        "/old/bridge" => http::respond(
            stream,
            "301 Moved Permanently",
            &[("Location", "/news/bridge")],
            b"",
        ),
        "/files/report" => http::respond(
            stream,
            "200 OK",
            &[("Content-Type", "application/pdf")],
            &std::fs::read(fixture("pdf", "report.pdf"))?,
        ),
        "/stall" => {
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<html>"
            )?;
            stream.flush()?;
            thread::sleep(STALL);
            Ok(())
        }
        "/koi8" => {
            // A page in KOI8-R that does not say so itself: only the server does (and
            // read as windows-1251, the guess for Cyrillic bytes, it is garbled).
            let (body, _, _) = encoding_rs::KOI8_R.encode(
                "<html><body><article><h1>Завод «Азот»</h1><p>Около 568 мирных жителей укрываются на заводе «Азот», сообщил губернатор.</p></article></body></html>",
            );
            http::respond(
                stream,
                "200 OK",
                &[("Content-Type", "text/html; charset=koi8-r")],
                &body,
            )
        }
        "/missing" => http::respond(
            stream,
            "404 Not Found",
            &html,
            b"<html><body><h1>Page not found</h1></body></html>",
        ),
        _ => http::respond(
            stream,
            "500 Internal Server Error",
            &[("Content-Type", "text/plain")],
            b"unknown path",
        ),
    }
}

/// Fails unless `retrieved` is an RFC 3339 UTC time between `before` and now.
#[track_caller]
fn assert_retrieved_since(retrieved: &str, before: OffsetDateTime) {
    let at = OffsetDateTime::parse(retrieved, &Rfc3339)
        .unwrap_or_else(|e| panic!("retrieved “{retrieved}” is not RFC 3339: {e}"));
    assert!(
        retrieved.ends_with('Z'),
        "retrieved “{retrieved}” is not UTC"
    );
    assert!(
        at >= before && at <= OffsetDateTime::now_utc(),
        "retrieved “{retrieved}” is not the time of the fetch"
    );
}

/// The time now, to the second (as `retrieved` is written).
fn now_to_the_second() -> OffsetDateTime {
    OffsetDateTime::now_utc().replace_nanosecond(0).unwrap()
}

// --- Web pages --------------------------------------------------------------------------

#[test]
fn an_english_news_page_becomes_its_article_with_its_metadata() {
    let document = import_page(&LEDGER);
    assert_is_article(&LEDGER, &document);
    assert_metadata(&LEDGER, &document);
    assert_eq!(document.url, LEDGER.url);
    assert_eq!(document.imported_from, LEDGER.file);
    assert_eq!(document.retrieved, "", "a saved file was not fetched");
}

#[test]
fn a_ukrainian_page_of_divs_becomes_its_article_and_loses_the_site_name() {
    let document = import_page(&RICHKOVI);
    assert_is_article(&RICHKOVI, &document);
    assert_metadata(&RICHKOVI, &document);
    assert_eq!(document.url, RICHKOVI.url);
}

#[test]
fn a_german_page_becomes_its_article_with_both_authors() {
    let document = import_page(&ABENDPOST);
    assert_is_article(&ABENDPOST, &document);
    assert_metadata(&ABENDPOST, &document);
    assert_eq!(document.url, ABENDPOST.url);
}

#[test]
fn a_page_read_from_disk_is_the_same_article() {
    let imported = import_file(&fixture("html", RICHKOVI.file)).unwrap();
    assert_eq!(imported.document.text, import_page(&RICHKOVI).text);
    assert_eq!(imported.document.imported_from, RICHKOVI.file);
}

#[test]
fn a_description_the_page_does_not_show_is_not_made_a_standfirst() {
    // The same page without its visible standfirst: the description is only in
    // <meta> and JSON-LD, where the reader never sees it, so it stays out.
    let html = String::from_utf8(LEDGER.bytes()).unwrap();
    let standfirst = paragraphs(&LEDGER.article())[1].to_owned();
    let shown = format!("<p class=\"standfirst\">{standfirst}</p>");
    assert!(html.contains(&shown), "the fixture changed");
    let without = html.replace(&shown, "");
    let document = import_bytes("no-standfirst.html", without.as_bytes())
        .unwrap()
        .document;
    assert!(!document.text.contains(&standfirst), "{}", document.text);
    assert_eq!(
        paragraphs(&document.text).first().copied(),
        Some(LEDGER.title)
    );
    assert!(
        document
            .text
            .contains("The eastern approach to the northern bridge was closed")
    );
}

#[test]
fn a_headline_the_article_starts_with_is_not_repeated() {
    // The headline inside the body Readability keeps: it stays first, once.
    let html = String::from_utf8(LEDGER.bytes()).unwrap();
    let body = "<div class=\"story-body\">";
    let with = html.replacen(body, &format!("{body}<h2>{}</h2>", LEDGER.title), 1);
    let document = import_bytes("headline-in-body.html", with.as_bytes())
        .unwrap()
        .document;
    let found = paragraphs(&document.text);
    assert_eq!(
        found.first().copied(),
        Some(LEDGER.title),
        "{}",
        document.text
    );
    assert_eq!(
        found.iter().filter(|p| **p == LEDGER.title).count(),
        1,
        "{}",
        document.text
    );
}

// --- PDF ----------------------------------------------------------------------------------

#[test]
fn a_pdf_imports_with_its_title_author_and_date() {
    let path = fixture("pdf", "report.pdf");
    for document in [
        import_file(&path).unwrap().document,
        import_bytes("report.pdf", &std::fs::read(&path).unwrap())
            .unwrap()
            .document,
    ] {
        assert_eq!(document.title, "River crossings: a field report");
        assert_eq!(document.author, "Olena Marchenko");
        assert_eq!(document.published, "2022-06-13");
        assert_eq!(document.language, "en-GB");
        assert_eq!(document.imported_from, "report.pdf");
        assert_eq!(document.text, report_text());
        assert_eq!(document.url, "");
    }
}

#[test]
fn a_scanned_encrypted_or_broken_pdf_is_refused_naming_the_file() {
    for (name, expected) in [
        ("scanned.pdf", "no text layer"),
        ("encrypted.pdf", "password"),
        ("broken.pdf", "damaged"),
    ] {
        let error = import_file(&fixture("pdf", name)).unwrap_err();
        let message = error.to_string();
        assert!(
            matches!(&error, ImportError::Pdf { name: got, .. } if got == name),
            "{name}: {error:?}"
        );
        assert!(message.contains(name), "{message}");
        assert!(message.contains(expected), "{message}");
    }
    let error = import_file(&fixture("pdf", "scanned.pdf")).unwrap_err();
    assert!(
        matches!(
            error,
            ImportError::Pdf {
                reason: PdfError::NoTextLayer { pages: 1 },
                ..
            }
        ),
        "{error:?}"
    );
}

/// Found by this file: a `.pdf` file that holds no PDF is refused as "a PDF
/// document, which Triangulate cannot import; convert it to text first", a message
/// from before PDFs were imported (src/io/import.rs, `unsupported_kind`, the
/// `"pdf" => "a PDF document"` arm, and `advice`).
#[test]
fn a_pdf_named_file_that_is_not_a_pdf_is_called_damaged_not_unsupported() {
    let error = import_bytes(
        "minutes.pdf",
        b"Minutes of the meeting, typed in a text editor.\n",
    )
    .unwrap_err();
    let message = error.to_string();
    assert!(message.contains("minutes.pdf"), "{message}");
    assert!(
        !message.contains("cannot import"),
        "Triangulate imports PDFs now, yet the message says it cannot: {message}"
    );
    assert!(
        matches!(
            error,
            ImportError::Pdf {
                reason: PdfError::Broken(_),
                ..
            }
        ),
        "{error:?}"
    );
}

// --- The command line -----------------------------------------------------------------------

/// Runs the binary with `args`.
fn triangulate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_triangulate"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// A path as a command-line argument.
fn arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// Standard output and error of `out`, for messages.
fn said(out: &Output) -> String {
    format!(
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The project in the file at `path`.
fn load(path: &Path) -> Project {
    triangulate::io::project_file::load(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .project
}

/// The document of `project` imported from `from`.
fn document_from<'a>(project: &'a Project, from: &str) -> &'a Document {
    project
        .documents
        .iter()
        .find(|d| d.imported_from == from)
        .unwrap_or_else(|| {
            let all: Vec<_> = project.documents.iter().map(|d| &d.imported_from).collect();
            panic!("no document imported from {from}; there are {all:?}")
        })
}

#[test]
fn new_makes_a_project_of_a_pdf_and_a_saved_page() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("bridge.ron");
    let out = triangulate(&[
        "new",
        arg(&out_path),
        arg(&fixture("pdf", "report.pdf")),
        arg(&fixture("html", LEDGER.file)),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));

    let project = load(&out_path);
    assert_eq!(project.documents.len(), 2, "{}", said(&out));
    let pdf = document_from(&project, "report.pdf");
    assert_eq!(pdf.title, "River crossings: a field report");
    assert_eq!(pdf.author, "Olena Marchenko");
    assert_eq!(pdf.published, "2022-06-13");
    assert_eq!(pdf.text, report_text());
    let page = document_from(&project, LEDGER.file);
    assert_is_article(&LEDGER, page);
    assert_metadata(&LEDGER, page);
    assert_eq!(page.url, LEDGER.url);
    assert!(pdf.retrieved.is_empty() && page.retrieved.is_empty());
}

#[test]
fn import_by_address_keeps_the_final_address_the_time_and_the_canonical_url() {
    let base = start_server();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    assert!(triangulate(&["new", arg(&path)]).status.success());

    let before = now_to_the_second();
    let out = triangulate(&["import", arg(&path), &format!("{base}/old/bridge")]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));

    let project = load(&path);
    assert_eq!(project.documents.len(), 1);
    // Where the redirect led, not the address typed.
    let document = document_from(&project, &format!("{base}/news/bridge"));
    assert_retrieved_since(&document.retrieved, before);
    // The page names its own canonical address: that is the document's URL.
    assert_eq!(document.url, LEDGER.url);
    assert_metadata(&LEDGER, document);
    assert_is_article(&LEDGER, document);
}

#[test]
fn addresses_and_a_file_import_together_and_a_404_among_them_is_named() {
    let base = start_server();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    assert!(triangulate(&["new", arg(&path)]).status.success());

    let missing = format!("{base}/missing");
    let before = now_to_the_second();
    let out = triangulate(&[
        "import",
        arg(&path),
        &format!("{base}/uk/mist"),
        &missing,
        &format!("{base}/files/report"),
        arg(&fixture("html", ABENDPOST.file)),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a refused input fails the run: {}",
        said(&out)
    );
    assert!(stderr.contains(&missing), "{}", said(&out));
    assert!(stderr.contains("404"), "{}", said(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("3 document(s) added, 3 in all"),
        "{}",
        said(&out)
    );

    let project = load(&path);
    assert_eq!(project.documents.len(), 3);
    let page = document_from(&project, &format!("{base}/uk/mist"));
    assert_is_article(&RICHKOVI, page);
    assert_eq!(page.url, RICHKOVI.url);
    assert_retrieved_since(&page.retrieved, before);

    // A PDF has no canonical address: its URL is where it was fetched from.
    let report = format!("{base}/files/report");
    let pdf = document_from(&project, &report);
    assert_eq!(pdf.url, report);
    assert_eq!(pdf.title, "River crossings: a field report");
    assert_eq!(pdf.author, "Olena Marchenko");
    assert_eq!(pdf.published, "2022-06-13");
    assert_eq!(pdf.text, report_text());
    assert_retrieved_since(&pdf.retrieved, before);

    let file = document_from(&project, ABENDPOST.file);
    assert_is_article(&ABENDPOST, file);
    assert_eq!(file.retrieved, "", "a file was not fetched");
}

#[test]
fn new_with_every_input_refused_writes_no_file() {
    let base = start_server();
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("nothing.ron");
    let missing = format!("{base}/missing");
    let out = triangulate(&[
        "new",
        arg(&out_path),
        &missing,
        arg(&fixture("pdf", "scanned.pdf")),
        arg(&fixture("pdf", "encrypted.pdf")),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(!out_path.exists(), "a project of nothing was written");
    for name in [missing.as_str(), "scanned.pdf", "encrypted.pdf"] {
        assert!(stderr.contains(name), "{name} is not named: {}", said(&out));
    }
    assert!(
        stderr.contains("not written: none of the 3 file(s) could be imported"),
        "{}",
        said(&out)
    );
}

// --- The window -------------------------------------------------------------------------------

/// The label of the dialog's field.
const FIELD: &str = "Addresses of web pages or PDFs (http or https), one per line";

/// The real app on a new, empty project.
fn empty_window() -> Harness<'static, App> {
    common::app_harness(Workspace::new(Project::new("Intake")), "tester")
}

/// File ▸ Import from address…, clicked.
fn open_dialog_from_the_menu(harness: &mut Harness<'static, App>) {
    harness.get_by_role_and_label(Role::Button, "File").click();
    harness.run();
    harness
        .get_by_label_contains("Import from address…")
        .click();
    harness.run();
    assert_dialog_open(harness);
}

/// Fails unless the Import from address dialog is open.
#[track_caller]
fn assert_dialog_open(harness: &Harness<'static, App>) {
    assert!(
        harness.query_by_label("Import from address").is_some(),
        "the dialog titled “Import from address” is not open"
    );
    assert!(
        harness
            .query_by_role_and_label(Role::MultilineTextInput, FIELD)
            .is_some(),
        "the dialog has no multi-line field labelled “{FIELD}”"
    );
}

/// Types `text` into the dialog's field.
fn type_addresses(harness: &mut Harness<'static, App>, text: &str) {
    harness
        .get_by_role_and_label(Role::MultilineTextInput, FIELD)
        .focus();
    harness.run();
    harness
        .get_by_role_and_label(Role::MultilineTextInput, FIELD)
        .type_text(text);
    harness.run();
}

/// The dialog's Import button.
fn import_button<'h>(harness: &'h Harness<'static, App>) -> egui_kittest::Node<'h> {
    harness.get_by_role_and_label(Role::Button, "Import")
}

#[test]
fn file_import_from_address_fetches_the_page_in_the_background() {
    let base = start_server();
    let mut harness = empty_window();
    open_dialog_from_the_menu(&mut harness);
    type_addresses(&mut harness, &format!("{base}/old/bridge"));
    assert!(!import_button(&harness).accesskit_node().is_disabled());

    let before = now_to_the_second();
    import_button(&harness).click();
    common::finish_jobs(&mut harness, "the import from an address");

    let app = harness.state();
    assert!(app.modal().is_none(), "the dialog stays open after Import");
    let project = app.ws().project();
    assert_eq!(project.documents.len(), 1);
    let document = document_from(project, &format!("{base}/news/bridge"));
    assert_retrieved_since(&document.retrieved, before);
    assert_eq!(document.url, LEDGER.url);
    assert_eq!(document.title, LEDGER.title);
    let notice = app.last_notice().unwrap_or_default();
    assert!(
        notice.starts_with("Imported 1 document(s)"),
        "the notice says “{notice}”"
    );
    assert!(app.ws().is_dirty(), "the import is an unsaved change");
}

#[test]
fn ctrl_enter_in_the_address_field_imports() {
    let base = start_server();
    let mut harness = empty_window();
    open_dialog_from_the_menu(&mut harness);
    type_addresses(&mut harness, &format!("{base}/old/bridge"));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    // The frame that takes the key starts the fetch (no `run`: its spinner repaints).
    common::finish_jobs(&mut harness, "the import from an address");
    let app = harness.state();
    assert!(app.modal().is_none(), "Ctrl+Enter left the dialog open");
    assert_eq!(app.ws().project().documents.len(), 1);
}

#[test]
fn the_shortcut_opens_the_dialog_and_an_ftp_address_cannot_be_imported() {
    let mut harness = empty_window();
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::I,
    );
    harness.run();
    assert_dialog_open(&harness);
    // Nothing typed: nothing to import.
    assert!(import_button(&harness).accesskit_node().is_disabled());

    type_addresses(&mut harness, "ftp://x");
    assert!(
        harness
            .query_by_label_contains("Not an http or https address")
            .is_some(),
        "no message says the address is not http or https"
    );
    assert!(import_button(&harness).accesskit_node().is_disabled());
    // Clicking a disabled button does nothing.
    import_button(&harness).click();
    harness.run();
    assert_dialog_open(&harness);
    assert!(!harness.state().background.is_busy());
    assert!(harness.state().ws().project().documents.is_empty());
}

#[test]
fn cancelling_an_import_from_a_stalled_server_adds_nothing_and_frees_the_window() {
    let base = start_server();
    let mut harness = empty_window();
    open_dialog_from_the_menu(&mut harness);
    type_addresses(&mut harness, &format!("{base}/stall"));
    let started = Instant::now();
    import_button(&harness).click();

    // The fetch runs; the status bar offers Cancel (the dialog, and its own
    // Cancel, are gone). `step`, not `run`: the spinner asks for frames.
    while harness
        .query_by_role_and_label(Role::Button, "Cancel")
        .is_none()
        || harness.state().modal().is_some()
    {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no Cancel button in the status bar while the import runs"
        );
        harness.step();
        thread::sleep(Duration::from_millis(5));
    }
    assert!(harness.state().background.is_running("Importing"));
    // The server is still silent: give the fetch time to be well under way.
    for _ in 0..20 {
        harness.step();
        thread::sleep(Duration::from_millis(10));
    }
    assert!(harness.state().background.is_running("Importing"));

    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    // `run` settles only when nothing is running any more.
    harness.run();
    let app = harness.state();
    assert_eq!(
        app.last_notice(),
        Some("Import cancelled; nothing was imported")
    );
    assert!(!app.background.is_busy(), "the import still runs");
    assert!(app.ws().project().documents.is_empty());
    assert!(!app.ws().is_dirty());
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Cancel")
            .is_none()
    );

    // The window answers at once: the dialog opens again.
    open_dialog_from_the_menu(&mut harness);
    assert!(
        started.elapsed() < STALL / 3,
        "cancelling waited for the stalled server ({:?})",
        started.elapsed()
    );
}

#[test]
fn a_page_in_the_charset_its_server_declares_is_read_in_it() {
    let base = start_server();
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.ron");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_triangulate"))
        .arg("new")
        .arg(&project)
        .arg(format!("{base}/koi8"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let loaded = triangulate::io::project_file::load(&project).unwrap();
    let text = &loaded.project.documents[0].text;
    assert!(text.contains("Около 568 мирных жителей"), "{text}");
}

#[test]
fn the_caption_of_a_lead_photo_before_the_body_is_kept_once() {
    let document = import_page(&LEDGER);
    let caption = "Water covers the eastern approach to the northern bridge shortly after five in the morning. Photograph: River Watch volunteers";
    assert_eq!(
        document.text.matches(caption).count(),
        1,
        "{}",
        document.text
    );
    // After the standfirst, before the first paragraph of the story.
    let standfirst = document.text.find("Volunteers photographed water").unwrap();
    let at = document.text.find(caption).unwrap();
    let story = document
        .text
        .find("The eastern approach to the northern bridge was closed")
        .unwrap();
    assert!(standfirst < at && at < story, "{}", document.text);
}
