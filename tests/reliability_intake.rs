//! What comes in from outside is processed or refused in bounded time and memory
//! (issue 18): hostile web pages, long quotes that are gone, many annotations, and
//! annotation files that are not files.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use std::process::{Command, Output};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use triangulate::anchor;
use triangulate::export::{read_annotation_file, w3c};
use triangulate::io::import::{ImportError, MAX_KEPT_TITLE_CHARS, import_bytes, import_file};
use triangulate::model::{CharRange, Claim, Document, Project};

/// The generous bound on work the issue asks to finish in 10 s on a slow machine.
const BOUND: Duration = Duration::from_secs(10);

/// Runs the real binary with its address space limited to about 2 GB.
fn triangulate_in_2_gb(args: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 2000000; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_triangulate"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// Runs `work` on a thread and fails the test, rather than hanging, when it takes
/// longer than [`BOUND`].
fn within_bound<T: Send + 'static>(what: &str, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(work());
    });
    receive
        .recv_timeout(BOUND)
        .unwrap_or_else(|_| panic!("{what} took more than {BOUND:?}"))
}

/// Words from a small deterministic generator, `count` of them.
fn words(seed: u64, count: usize, vocabulary: &[&str]) -> String {
    let mut state = seed;
    let mut out = String::new();
    for at in 0..count {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let word = vocabulary[(state >> 33) as usize % vocabulary.len()];
        out.push_str(word);
        out.push(if at % 15 == 14 { '\n' } else { ' ' });
    }
    out
}

const IN_TEXT: [&str; 8] = [
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
];

const NOT_IN_TEXT: [&str; 6] = ["zulu", "yankee", "xray", "whiskey", "victor", "quebec"];

// --- Web pages --------------------------------------------------------------------

/// `<p>`, then `open` formatting tags left open (each unlike the others), then
/// `paragraphs` paragraphs: the HTML parser copies every open tag into every
/// paragraph.
fn formatting_bomb(open: usize, paragraphs: usize) -> String {
    let mut page = String::from("<p>");
    for at in 0..open {
        page.push_str(&format!("<b id={at}>"));
    }
    page.push_str(&"<p>x</p>".repeat(paragraphs));
    page
}

#[test]
fn a_page_of_formatting_tags_left_open_is_refused_within_2_gb() {
    let dir = tempfile::tempdir().unwrap();
    // The page (8,000 open), and one shallow enough to pass the depth check
    // (4,000 open: 32 million elements, which aborted the import before).
    for open in [8_000, 4_000] {
        let page = dir.path().join(format!("bomb-{open}.html"));
        std::fs::write(&page, formatting_bomb(open, 8_000)).unwrap();
        let out = dir.path().join("out.ron");
        let started = Instant::now();
        let output = triangulate_in_2_gb(&["new", out.to_str().unwrap(), page.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            matches!(output.status.code(), Some(0..=2)),
            "{open}: not a clean exit: {:?}\n{stderr}",
            output.status
        );
        assert!(stderr.contains(&format!("bomb-{open}.html")), "{stderr}");
        assert!(started.elapsed() < BOUND, "{:?}", started.elapsed());
    }
    let error =
        import_bytes("bomb.html", formatting_bomb(4_000, 8_000).as_bytes()).expect_err("refused");
    assert!(matches!(error, ImportError::Tangled { .. }), "{error:?}");
    assert!(error.to_string().contains("formatting tags"), "{error}");
}

#[test]
fn pages_that_close_formatting_tags_or_leave_a_few_open_still_import() {
    // Old pages leave `<font>` open in every paragraph: the parser keeps at most
    // three alike, and so does the count.
    let page = "<p><font face=Arial>An old page, one paragraph after another.".repeat(20_000);
    let imported = import_bytes("old.html", page.as_bytes()).expect("imports");
    assert!(imported.document.text.contains("An old page"));
    let page = "<p><b>Bold</b> and <i>italic</i> text, <a href=x>linked</a>.".repeat(20_000);
    import_bytes("tidy.html", page.as_bytes()).expect("imports");
}

#[test]
fn nesting_the_parser_builds_from_tags_the_old_count_missed_is_refused_quickly() {
    // `<div/>` is no self-closing tag in HTML: it opens a div that stays open. An end
    // tag of an element that is not open is ignored, so it closes nothing.
    for (name, page) in [
        ("self-closing.html", "<div/>".repeat(100_000) + "x"),
        ("stray-ends.html", "<span></x>".repeat(100_000) + "x"),
    ] {
        let error =
            within_bound(name, move || import_bytes(name, page.as_bytes())).expect_err("refused");
        assert!(
            matches!(error, ImportError::TooDeep { depth, .. } if depth >= 100_000),
            "{error:?}"
        );
    }
    // Inside `<svg>` a `/>` does close its element.
    let page = format!(
        "<p>A figure follows.</p><svg>{}</svg><p>Text after it.</p>",
        "<path d=\"M0 0\"/>".repeat(20_000)
    );
    import_bytes("figure.html", page.as_bytes()).expect("imports");
}

#[test]
fn an_overlong_title_or_heading_is_cut_with_a_warning() {
    let long = words(3, 4_000, &IN_TEXT).replace('\n', " ");
    let html = format!("<html><head><title>{long}</title></head><body><p>Body.</p></body></html>");
    let markdown = format!("# {long}\n\nBody.\n");
    // A page's title is bounded where its metadata is read (`page_meta`).
    let imported = import_bytes("page.html", html.as_bytes()).expect("imports");
    let title = &imported.document.title;
    assert!(title.chars().count() <= MAX_KEPT_TITLE_CHARS + 1, "{title}");
    assert!(long.starts_with(title.trim_end_matches('…')), "{title}");
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.contains("page.html") && w.contains("<title>")),
        "the cut of the page's title is not told: {:?}",
        imported.warnings
    );
    // A short title says nothing.
    let short = import_bytes(
        "short.html",
        b"<html><head><title>Azot</title></head><body><p>Body.</p></body></html>",
    )
    .expect("imports");
    assert!(short.warnings.iter().all(|w| !w.contains("<title>")));
    // A Markdown heading is cut at a word, marked with "…", and the cut is told.
    let imported = import_bytes("notes.md", markdown.as_bytes()).expect("imports");
    let title = &imported.document.title;
    assert!(title.ends_with('…'), "{title}");
    assert!(title.chars().count() <= MAX_KEPT_TITLE_CHARS + 1, "{title}");
    assert!(long.starts_with(title.trim_end_matches('…')), "{title}");
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.contains("notes.md") && w.contains("title")),
        "{:?}",
        imported.warnings
    );
    // The whole batch lands: before, such a title made the project unsavable.
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("long-title.md");
    std::fs::write(&page, format!("# {long}\n\nBody.\n")).unwrap();
    let out = dir.path().join("out.ron");
    let output = triangulate_in_2_gb(&["new", out.to_str().unwrap(), page.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

// --- Re-anchoring -----------------------------------------------------------------

#[test]
fn long_quotes_gone_from_a_10_mb_text_are_orphaned_within_a_work_budget() {
    let text = words(1, 1_700_000, &IN_TEXT);
    assert!(text.len() > 10_000_000);
    let document = Document::new("Long", &text);
    let mut project = Project::new("Slow");
    let claims = 300;
    for at in 0..claims {
        let start = at * 30_000;
        let mut claim =
            Claim::new(&document, CharRange::new(start, start + 1_000), "test").unwrap();
        claim.quote.exact = words(at as u64 + 7, 200, &NOT_IN_TEXT)
            .chars()
            .take(1_000)
            .collect();
        claim.quote.prefix.clear();
        claim.quote.suffix.clear();
        project.claims.push(claim);
    }
    project.documents.push(document);
    // Before, each claim searched the whole text approximately: 300 × 0.15 s.
    let (project, report) = within_bound("re-anchoring", move || {
        let report = anchor::reanchor_project(&mut project);
        (project, report)
    });
    // Nothing is dropped: every claim is kept, orphaned.
    assert_eq!(project.claims.len(), claims);
    assert!(project.claims.iter().all(|c| c.orphaned));
    assert_eq!(report.orphaned.len(), claims);
    let stopped = report.budget_exhausted.expect("the budget ran out");
    assert!(stopped.after_claims < claims, "{stopped:?}");
    assert!(!stopped.unsearched.is_empty());
    let message = stopped.to_string();
    assert!(
        message.contains("approximate matching stopped after"),
        "{message}"
    );
    assert!(message.contains("left orphaned"), "{message}");
}

#[test]
fn an_ordinary_reanchoring_stays_within_the_budget() {
    let text = words(2, 20_000, &IN_TEXT);
    let document = Document::new("Short", &text);
    let mut project = Project::new("Fine");
    for at in 0..50 {
        let start = at * 1_000;
        let claim = Claim::new(&document, CharRange::new(start, start + 80), "test").unwrap();
        project.claims.push(claim);
    }
    project.documents.push(document);
    let report = anchor::reanchor_project(&mut project);
    assert_eq!(report.budget_exhausted, None);
    assert_eq!(report.unchanged, 50);
}

// --- Annotations ------------------------------------------------------------------

#[test]
fn many_annotations_import_in_linear_time() {
    let text = words(5, 200_000, &IN_TEXT);
    let document = Document::new("Article", &text);
    let urn = format!(
        "urn:triangulate:document:{}",
        document.fingerprint.trim_start_matches("sha256:")
    );
    let chars: Vec<char> = text.chars().collect();
    let count = 20_000;
    let annotations: Vec<serde_json::Value> = (0..count)
        .map(|at| {
            let start = (at * 53) % (chars.len() - 100);
            let exact: String = chars[start..start + 40].iter().collect();
            serde_json::json!({
                "type": "Annotation",
                "id": format!("urn:uuid:00000000-0000-4000-8000-{at:012x}"),
                "target": {
                    "source": urn,
                    "selector": [
                        {"type": "TextQuoteSelector", "exact": exact},
                        {"type": "TextPositionSelector", "start": start, "end": start + 40},
                    ],
                },
            })
        })
        .collect();
    let json = serde_json::to_string(&annotations).unwrap();
    let mut project = Project::new("Many");
    project.documents.push(document);
    // Before, each annotation indexed the 1.2 MB text again: minutes for 20,000.
    let imported =
        within_bound("import", move || w3c::import_w3c(&project, &json)).expect("imports");
    assert_eq!(imported.claims, count);
    assert_eq!(imported.not_imported, 0);
}

#[test]
fn an_annotation_file_with_a_byte_order_mark_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bom.jsonld");
    std::fs::write(&path, b"\xEF\xBB\xBF[]").unwrap();
    let text = read_annotation_file(&path).expect("read");
    assert_eq!(text, "[]");
    // And text that still starts with one.
    let error = w3c::import_w3c(&Project::new("P"), "\u{feff}[]").expect_err("none");
    assert!(matches!(error, w3c::W3cError::NoAnnotations), "{error:?}");
}

#[test]
fn a_fifo_or_a_link_to_dev_zero_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.jsonld");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let zero = dir.path().join("zero.jsonld");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    for path in [fifo, zero] {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let (annotations, document) = within_bound(&name, move || {
            let annotations = read_annotation_file(&path).map(|_| ());
            let document = import_file(&path).map(|_| ());
            (annotations, document)
        });
        let error = annotations.expect_err("refused").to_string();
        assert!(error.contains(&name), "{error}");
        assert!(error.contains("not a regular file"), "{error}");
        let error = document.expect_err("refused").to_string();
        assert!(
            error.contains(&name) && error.contains("not a file"),
            "{error}"
        );
    }
}
