#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]
//! What the command line writes from a hostile project: names that are HTML, cells
//! that are formulas, an address that turns into Markdown, titles that are
//! terminal escapes. Run as a user runs it, through a pipe.

use std::path::Path;
use std::process::{Command, Output};

use triangulate::io::project_file;
use triangulate::model::{CharRange, Claim, Document, Project, Proposition, Source, Stance};

const STANCE: &str = "<svg onload=alert(1)>";
const SOURCE: &str = "=HYPERLINK(\"http://evil\")";
const URL: &str = "https://ok.example/\n[click](javascript:alert(1))";
const TITLE: &str = "Azot \u{1b}]0;pwned\u{7}\u{1b}[2J report";
const ESC: u8 = 0x1b;

fn triangulate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_triangulate"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A project whose every name is an attack, saved in `dir`.
fn hostile_project(dir: &Path) -> String {
    let mut project = Project::new(TITLE);
    for stance in &mut project.stances {
        if stance.id == Stance::SUPPORTS {
            stance.name = STANCE.into();
        }
    }
    let mut document = Document::new(TITLE, "Haidai says 568 civilians remain at Azot.");
    document.url = URL.into();
    document.outlet = format!("{SOURCE} outlet");
    let source = Source::new(SOURCE);
    let proposition = Proposition::new(format!("Civilians remain {STANCE}"));
    let mut claim =
        Claim::new(&document, CharRange::new(12, 25), "ana").expect("a claim in the text");
    claim.source = Some(source.id);
    claim.stance = Some(Stance::SUPPORTS);
    claim.proposition = Some(proposition.id);
    claim.value = "=1+1".into();
    project.documents = vec![document];
    project.sources = vec![source];
    project.propositions = vec![proposition];
    project.claims = vec![claim];
    let path = dir.join("hostile.ron");
    project_file::save(&path, &project).expect("the project saves");
    path.to_str().expect("a UTF-8 path").to_owned()
}

fn run_ok(args: &[&str]) -> String {
    let out = triangulate(args);
    assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    text(&out.stdout)
}

/// Item 11: no name reaches a Markdown renderer as HTML.
#[test]
fn markdown_outputs_write_html_in_names_as_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = hostile_project(dir.path());
    let compare = run_ok(&["compare", &project, "--format", "md"]);
    let report = run_ok(&["export", &project, "-f", "md"]);
    for (what, md) in [("compare", &compare), ("export -f md", &report)] {
        assert!(!md.contains("<svg"), "{what}: raw HTML got through:\n{md}");
        assert!(
            md.contains("&lt;svg onload=alert(1)&gt;"),
            "{what}: the stance is not shown as text:\n{md}"
        );
    }
    // The source's name stays in its own table cell.
    let header = compare
        .lines()
        .find(|l| l.starts_with("| Proposition |"))
        .expect("a table");
    assert_eq!(header.matches(" |").count(), 2, "{header}");
}

/// Item 12: `compare --format csv` neutralises formula cells as `export -f csv` does.
#[test]
fn compare_csv_neutralises_formula_cells() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = hostile_project(dir.path());
    for args in [
        vec!["compare", project.as_str(), "--format", "csv"],
        vec!["export", project.as_str(), "-f", "csv"],
    ] {
        let csv = run_ok(&args);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(csv.as_bytes());
        let mut cells = 0;
        for record in reader.records() {
            for cell in &record.expect("a CSV record") {
                cells += 1;
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{args:?}: a spreadsheet would run {cell:?}\n{csv}"
                );
            }
        }
        assert!(cells > 5, "{csv}");
        assert!(csv.contains("'=HYPERLINK(\"\"http://evil\"\")"), "{csv}");
    }
}

/// Item 13: an address with a line break in it is text, not a link that ends early.
#[test]
fn a_broken_address_is_text_not_a_link() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = hostile_project(dir.path());
    let md = run_ok(&["export", &project, "-f", "md"]);
    assert!(
        !md.lines().any(|l| l.trim_start().starts_with("[click]")),
        "the rest of the address became live Markdown:\n{md}"
    );
    assert!(!md.contains("[click](javascript:"), "{md}");
    assert!(!md.contains("<https://ok.example/"), "{md}");
    assert!(
        md.contains("- URL: https://ok.example/ \\[click\\](javascript:alert(1))\n"),
        "{md}"
    );
    let html = run_ok(&["export", &project, "-f", "html"]);
    assert!(!html.contains("href=\"https://ok.example/"), "{html}");
}

/// Item 14: what is written for people carries no terminal escape, even through a
/// pipe; the data of an export keeps its bytes.
#[test]
fn text_for_people_carries_no_terminal_escape() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = hostile_project(dir.path());
    let no_escape = |args: &[&str]| {
        let out = triangulate(args);
        for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            assert!(
                !bytes.contains(&ESC),
                "{args:?} wrote ESC to {stream}: {:?}",
                text(bytes)
            );
        }
        out
    };
    let check = no_escape(&["check", &project]);
    assert!(text(&check.stdout).contains("^[]0;pwned^G^[[2J"));
    no_escape(&["compare", &project]);
    no_escape(&["compare", &project, "--format", "csv"]);
    // An error message that repeats a name from the project.
    let error = no_escape(&["compare", &project, "--proposition", "\u{1b}[2Jnothing"]);
    assert!(!error.status.success());

    let csv = triangulate(&["export", &project, "-f", "csv"]);
    assert!(csv.status.success(), "{}", text(&csv.stderr));
    assert!(
        text(&csv.stdout).contains(TITLE),
        "an export through a pipe must keep its bytes"
    );
}
