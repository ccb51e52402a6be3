//! Other tools' files in the window (issue 16), driven as an analyst would: File ▸
//! Open… takes a REFI-QDA project (`.qdpx`) and opens it as a new, unsaved project
//! with a report; File ▸ Import annotations… adds W3C Web Annotations and File ▸
//! Import codebook… a REFI-QDA codebook, each as one undo step with its report.
//! Paths are typed into the in-app path prompt (tests have no native dialogs).
#![cfg(feature = "gui")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

use std::path::Path;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

mod common;
use triangulate::export::{self, ExportOptions, Format};
use triangulate::io::project_file;
use triangulate::model::Project;
use triangulate::ui::App;
use triangulate::ui::app::Modal;
use triangulate::workspace::Workspace;

/// The sample project, as the program has it built in.
fn sample() -> Project {
    project_file::from_ron_str(triangulate::SAMPLE_PROJECT)
        .expect("the sample loads")
        .project
}

/// Every claim of `project` exported as `format`.
fn exported(project: &Project, format: Format) -> Vec<u8> {
    let all: Vec<usize> = (0..project.claims.len()).collect();
    export::export(project, &all, format, &ExportOptions::default()).expect("exported")
}

/// File ▸ `item`, then `path` typed into the path prompt (asking for `prompt`) and
/// OK clicked; waits for the background task that reads the file.
fn through_the_file_menu(
    harness: &mut Harness<'static, App>,
    item: &str,
    prompt: &str,
    path: &Path,
) {
    harness.get_by_role_and_label(Role::Button, "File").click();
    harness.run();
    harness.get_by_label_contains(item).click();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, prompt)
        .focus();
    // Open… suggests the open project's path: the typed path replaces it.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_role_and_label(Role::TextInput, prompt)
        .type_text(&path.display().to_string());
    harness.run();
    harness.get_by_label("OK").click();
    common::finish_jobs(harness, item);
}

/// The lines of the report dialog shown now.
fn report(harness: &Harness<'static, App>) -> (String, Vec<String>) {
    match harness.state().modal() {
        Some(Modal::Report { title, lines }) => (title.clone(), lines.clone()),
        other => panic!(
            "no import report is shown: {other:?}; the last notice: {:?}",
            harness.state().last_notice()
        ),
    }
}

/// Closes the report with its OK button.
fn close_report(harness: &mut Harness<'static, App>) {
    // The dialog holds still: where OK is drawn is where the click lands.
    let before = harness.get_by_label("OK").rect();
    harness.step();
    assert_eq!(
        harness.get_by_label("OK").rect(),
        before,
        "the report moves"
    );
    let ok = harness.get_by_label("OK");
    ok.click();
    harness.run();
    assert!(harness.state().modal().is_none(), "the report stays open");
}

#[test]
fn a_refi_qda_project_opens_as_a_new_unsaved_project_with_its_report() {
    let folder = tempfile::tempdir().unwrap();
    let sample = sample();
    let qdpx = folder.path().join("Severodonetsk coding.qdpx");
    std::fs::write(&qdpx, exported(&sample, Format::Qdpx)).unwrap();

    let (_sample_folder, mut harness) = common::sample_harness();
    through_the_file_menu(&mut harness, "Open…", "Path of the project file", &qdpx);

    let (title, lines) = report(&harness);
    assert!(title.contains("Severodonetsk coding.qdpx"), "{title}");
    let summary = &lines[0];
    assert!(
        summary.contains(&format!("{} documents", sample.documents.len())),
        "{summary}"
    );
    assert!(
        summary.contains(&format!("{} claims", sample.claims.len())),
        "{summary}"
    );
    // The report is on screen, not only in the state.
    harness.get_by_label_contains(summary.as_str());
    close_report(&mut harness);

    let ws = harness.state().ws();
    assert_eq!(
        ws.path(),
        None,
        "an imported project has no file of its own yet"
    );
    assert!(ws.is_dirty(), "an imported project is unsaved");
    assert_eq!(ws.project().title, "Severodonetsk coding");
    assert_eq!(ws.project().documents.len(), sample.documents.len());
    assert_eq!(ws.project().claims.len(), sample.claims.len());
    // Its documents are shown in the panes.
    let first = &ws.project().documents[0].title;
    assert!(harness.query_all_by_label_contains(first).next().is_some());
}

#[test]
fn a_broken_refi_qda_project_changes_nothing_and_says_why() {
    let folder = tempfile::tempdir().unwrap();
    let broken = folder.path().join("broken.qdpx");
    std::fs::write(&broken, b"PK\x03\x04 this is not really a zip").unwrap();

    let (_sample_folder, mut harness) = common::sample_harness();
    let before = harness.state().ws().project().clone();
    through_the_file_menu(&mut harness, "Open…", "Path of the project file", &broken);
    assert!(harness.state().modal().is_none());
    assert_eq!(
        harness.state().ws().project(),
        &before,
        "the open project was replaced"
    );
    assert!(harness.state().ws().path().is_some());
    harness.get_by_label_contains("broken.qdpx");
}

#[test]
fn w3c_annotations_come_in_as_one_undo_step_and_not_twice() {
    let folder = tempfile::tempdir().unwrap();
    let sample = sample();
    let json = folder.path().join("annotations.jsonld");
    std::fs::write(&json, exported(&sample, Format::W3c)).unwrap();

    // The sample's documents without their claims.
    let mut bare = sample.clone();
    bare.claims.clear();
    let mut harness = common::app_harness(Workspace::new(bare), "tester");

    through_the_file_menu(
        &mut harness,
        "Import annotations…",
        "Path of the annotation file (W3C JSON-LD)",
        &json,
    );
    let (_, lines) = report(&harness);
    assert!(
        lines[0].contains(&format!("{} claim", sample.claims.len())),
        "{lines:?}"
    );
    close_report(&mut harness);
    assert_eq!(
        harness.state().ws().project().claims.len(),
        sample.claims.len()
    );
    let undo = harness
        .state()
        .ws()
        .history()
        .undo_label()
        .map(str::to_owned);
    assert_eq!(undo.as_deref(), Some("Import annotations"));

    // The same file again adds nothing, and says so.
    through_the_file_menu(
        &mut harness,
        "Import annotations…",
        "Path of the annotation file (W3C JSON-LD)",
        &json,
    );
    let (_, lines) = report(&harness);
    assert!(
        lines.iter().any(|l| l.contains("already")),
        "a repeat import does not say the annotations are already there: {lines:?}"
    );
    close_report(&mut harness);
    assert_eq!(
        harness.state().ws().project().claims.len(),
        sample.claims.len()
    );

    // One undo takes the whole import back.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert!(harness.state().ws().project().claims.is_empty());
}

#[test]
fn an_nvivo_project_opens_with_its_counting_named_and_its_claims_on_the_words() {
    let nvivo = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/qdpx/nvivo-utf16.qdpx");
    let (_sample_folder, mut harness) = common::sample_harness();
    through_the_file_menu(&mut harness, "Open…", "Path of the project file", &nvivo);
    let (_, lines) = report(&harness);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("UTF-16") && l.contains("NVivo")),
        "the report does not say which counting was used: {lines:?}"
    );
    close_report(&mut harness);
    let quotes: Vec<String> = harness
        .state()
        .ws()
        .project()
        .claims
        .iter()
        .map(|c| c.quote.exact.clone())
        .collect();
    assert!(quotes.iter().any(|q| q == "568 civilians"), "{quotes:?}");
}

#[test]
fn a_codebook_joins_the_vocabulary_as_one_undo_step() {
    let folder = tempfile::tempdir().unwrap();
    let sample = sample();
    let qdc = folder.path().join("codes.qdc");
    std::fs::write(&qdc, exported(&sample, Format::Qdc)).unwrap();

    let mut harness = common::app_harness(Workspace::new(Project::new("Empty")), "tester");
    through_the_file_menu(
        &mut harness,
        "Import codebook…",
        "Path of the codebook (.qdc)",
        &qdc,
    );
    let (title, lines) = report(&harness);
    assert!(title.contains("codes.qdc"), "{title}");
    assert!(
        lines[0].contains(&format!("{} tags added", sample.tags.len())),
        "{lines:?}"
    );
    close_report(&mut harness);
    let project = harness.state().ws().project();
    let mut paths: Vec<&str> = project.tags.iter().map(|t| t.path.as_str()).collect();
    let mut expected: Vec<&str> = sample.tags.iter().map(|t| t.path.as_str()).collect();
    paths.sort_unstable();
    expected.sort_unstable();
    assert_eq!(paths, expected);
    assert_eq!(project.propositions.len(), sample.propositions.len());

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert!(harness.state().ws().project().tags.is_empty());
}
