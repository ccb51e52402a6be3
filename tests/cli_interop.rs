//! Other tools' files on the command line (issue 16), run as a user runs them:
//! `triangulate new OUT.ron PROJECT.qdpx` makes a project of a REFI-QDA project,
//! says what came in and what was left out, and writes nothing when it fails.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

use std::path::Path;
use std::process::{Command, Output};

use triangulate::export::{self, ExportOptions, Format};
use triangulate::io::project_file;
use triangulate::model::Project;

fn triangulate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_triangulate"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn sample() -> Project {
    project_file::from_ron_str(triangulate::SAMPLE_PROJECT)
        .expect("the sample loads")
        .project
}

/// The sample's claims written as a `.qdpx` at `path`.
fn sample_qdpx(path: &Path) -> Project {
    let sample = sample();
    let all: Vec<usize> = (0..sample.claims.len()).collect();
    let bytes = export::export(&sample, &all, Format::Qdpx, &ExportOptions::default()).unwrap();
    std::fs::write(path, bytes).unwrap();
    sample
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

#[test]
fn new_from_a_qdpx_writes_its_documents_and_claims_and_reports_them() {
    let dir = tempfile::tempdir().unwrap();
    let qdpx = dir.path().join("coding.qdpx");
    let sample = sample_qdpx(&qdpx);
    let out_path = dir.path().join("from-qdpx.ron");

    let out = triangulate(&["new", arg(&out_path), arg(&qdpx)]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", text(&out.stderr));
    assert!(
        stdout.contains(&format!("{} documents", sample.documents.len())),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("{} claims", sample.claims.len())),
        "{stdout}"
    );

    let loaded = project_file::load(&out_path).expect("the new project loads");
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let project = loaded.project;
    assert_eq!(project.documents.len(), sample.documents.len());
    assert_eq!(project.claims.len(), sample.claims.len());
    for claim in &sample.claims {
        let back = project.claim(claim.id).expect("the claim keeps its id");
        assert_eq!(back.range, claim.range);
        assert_eq!(back.quote.exact, claim.quote.exact);
    }
    let check = triangulate(&["check", arg(&out_path)]);
    assert!(check.status.success(), "{}", text(&check.stdout));
}

#[test]
fn new_from_a_qdpx_with_documents_adds_them_too() {
    let dir = tempfile::tempdir().unwrap();
    let qdpx = dir.path().join("coding.qdpx");
    let sample = sample_qdpx(&qdpx);
    let article = dir.path().join("extra.txt");
    std::fs::write(&article, "A new article about the Azot plant.\n").unwrap();
    let out_path = dir.path().join("both.ron");

    let out = triangulate(&[
        "new",
        arg(&out_path),
        "--title",
        "Both",
        arg(&qdpx),
        arg(&article),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let project = project_file::load(&out_path).unwrap().project;
    assert_eq!(project.title, "Both");
    assert_eq!(project.documents.len(), sample.documents.len() + 1);
}

#[test]
fn a_broken_or_doubled_qdpx_writes_nothing_and_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.qdpx");
    std::fs::write(&broken, b"PK\x03\x04 not a zip at all").unwrap();
    let out_path = dir.path().join("never.ron");

    let out = triangulate(&["new", arg(&out_path), arg(&broken)]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("broken.qdpx"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(!out_path.exists(), "a file was written");

    let good = dir.path().join("good.qdpx");
    sample_qdpx(&good);
    let out = triangulate(&["new", arg(&out_path), arg(&good), arg(&good)]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("REFI-QDA"),
        "{}",
        text(&out.stderr)
    );
    assert!(!out_path.exists(), "a file was written");
}

#[test]
fn a_qdpx_given_to_import_says_how_to_bring_it_in() {
    let dir = tempfile::tempdir().unwrap();
    let qdpx = dir.path().join("coding.qdpx");
    sample_qdpx(&qdpx);
    let project = dir.path().join("p.ron");
    assert!(triangulate(&["new", arg(&project)]).status.success());
    let out = triangulate(&["import", arg(&project), arg(&qdpx)]);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("REFI-QDA project"), "{stderr}");
    assert!(stderr.contains("triangulate new"), "{stderr}");
}
