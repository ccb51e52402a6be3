//! The window's architecture, driven as an analyst would: every view follows
//! the open project (File ▸ New, File ▸ Open), saving runs in the background,
//! and the command palette runs any action by name.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use triangulate::edit::Edit;
use triangulate::io::project_file;
use triangulate::model::Project;
use triangulate::ui::App;
use triangulate::ui::app::Modal;
use triangulate::ui::command::{Action, Command};
use triangulate::workspace::Workspace;

mod common;

/// The app on a copy of the sample project in `dir`.
fn on_sample(dir: &std::path::Path) -> Harness<'static, App> {
    let copy = dir.join("severodonetsk.ron");
    std::fs::copy(triangulate::SAMPLE_PROJECT_PATH, &copy).expect("copy the sample");
    let ws = Workspace::open(&copy).expect("opens");
    common::app_harness(ws, "tester")
}

/// Waits for the background tasks (`what` they are doing), then draws; fails
/// with `what` if they do not finish in [`common::JOB_TIMEOUT`].
fn settle(harness: &mut Harness<'static, App>, what: &str) {
    common::finish_jobs(harness, what);
}

/// The matrix's heading line, "N propositions × M sources".
fn matrix_size(project: &Project) -> String {
    let matrix =
        triangulate::compare::build_matrix(project, triangulate::compare::Columns::Sources, None);
    format!(
        "{} propositions × {} sources",
        matrix.rows.len(),
        matrix.columns.len()
    )
}

/// The claims panel's count line.
fn claims_count(project: &Project) -> String {
    let n = project.claims.len();
    format!("{n} of {n} {}", if n == 1 { "claim" } else { "claims" })
}

#[test]
fn file_new_and_file_open_show_the_new_project_in_every_view() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = on_sample(dir.path());
    let sample = harness.state().ws().project().clone();
    let proposition = sample.propositions[0].text.clone();

    harness.key_press_modifiers(Modifiers::COMMAND, Key::M);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::P);
    harness.run();
    assert!(harness.query_by_label(&matrix_size(&sample)).is_some());
    assert!(harness.query_by_label(&claims_count(&sample)).is_some());
    assert!(
        harness
            .query_all_by_label_contains(&proposition)
            .next()
            .is_some()
    );

    // File ▸ New (its shortcut: the open windows cover the menu bar): the windows
    // stay open and show the empty project.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    let empty = harness.state().ws().project().clone();
    assert!(empty.claims.is_empty());
    assert!(
        harness.query_by_label(&matrix_size(&empty)).is_some(),
        "the matrix shows the new project"
    );
    assert!(harness.query_by_label(&matrix_size(&sample)).is_none());
    assert!(harness.query_by_label(&claims_count(&empty)).is_some());
    assert!(
        harness
            .query_all_by_label_contains(&proposition)
            .next()
            .is_none(),
        "the propositions window shows none of the sample's"
    );

    // File ▸ Open of another project: a small one with claims of its own.
    let other = triangulate::stress::project(0.01);
    let other_path = dir.path().join("other.ron");
    project_file::save(&other_path, &other).expect("save");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    harness
        .get_by_label("Path of the project file")
        .type_text(&other_path.display().to_string());
    harness.run();
    harness.get_by_label("OK").click();
    settle(&mut harness, "opening other.ron");
    assert_eq!(*harness.state().ws().project(), other);
    assert!(harness.query_by_label(&matrix_size(&other)).is_some());
    assert!(harness.query_by_label(&claims_count(&other)).is_some());
}

#[test]
fn a_save_runs_in_the_background_and_edits_made_meanwhile_stay_unsaved() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = on_sample(dir.path());
    let path = harness
        .state()
        .ws()
        .path()
        .map(std::path::Path::to_owned)
        .expect("a file");
    let first = harness.state().ws().project().claims[0].id;
    harness.state_mut().push(Command::Edit {
        edit: Edit::RemoveClaim(first),
        label: "Delete claim".into(),
    });
    harness.run();
    // One frame (a key press would be several): the save is started, not waited for.
    harness.state_mut().push(Command::Action(Action::Save));
    harness.step();
    assert!(
        harness.state().background.is_saving(),
        "the save runs in the background"
    );
    // An edit while it is written.
    let second = harness.state().ws().project().claims[0].id;
    harness.state_mut().push(Command::Edit {
        edit: Edit::RemoveClaim(second),
        label: "Delete claim".into(),
    });
    harness.step();
    settle(&mut harness, "saving");
    assert!(!harness.state().background.is_saving());
    let on_disk = project_file::load(&path).expect("loads").project;
    assert!(
        on_disk.claim(first).is_none(),
        "the save has the first deletion"
    );
    assert!(
        on_disk.claim(second).is_some(),
        "and not the one made during it"
    );
    assert!(harness.state().ws().is_dirty());
    assert!(
        harness.state().title().starts_with("● "),
        "{}",
        harness.state().title()
    );
    // Undoing the second deletion brings the project back to what the file has.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(
        !harness.state().ws().is_dirty(),
        "{}",
        harness.state().title()
    );
    assert!(!harness.state().title().starts_with("● "));
}

#[test]
fn a_save_over_someone_elses_change_asks_instead_of_writing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = on_sample(dir.path());
    let path = harness
        .state()
        .ws()
        .path()
        .map(std::path::Path::to_owned)
        .expect("a file");
    let theirs = Project::new("Their version");
    project_file::save(&path, &theirs).expect("they save");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle(&mut harness, "saving over their change");
    assert!(
        matches!(harness.state().modal(), Some(Modal::DiskConflict(_))),
        "the save asks"
    );
    assert_eq!(
        project_file::load(&path).expect("loads").project.title,
        "Their version",
        "their file is untouched"
    );
    harness.get_by_label("Overwrite").click();
    settle(&mut harness, "overwriting their change");
    assert_ne!(
        project_file::load(&path).expect("loads").project.title,
        "Their version"
    );
}

#[test]
fn the_command_palette_finds_and_runs_an_action_by_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = on_sample(dir.path());
    assert!(!harness.state().matrix.open);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    assert!(harness.state().palette.is_open());
    harness.get_by_label("Command").type_text("compare so");
    harness.run();
    assert!(
        harness
            .query_by_label_contains(Action::CompareWith.label())
            .is_none(),
        "only what matches is listed"
    );
    harness.key_press(Key::Enter);
    harness.run();
    assert!(!harness.state().palette.is_open());
    assert!(harness.state().matrix.open, "Enter ran “Compare sources…”");

    // A click runs one too; Esc closes without running.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    harness.get_by_label("Command").type_text("keyboard");
    harness.run();
    harness
        .get_by_label_contains(Action::ShowShortcuts.label())
        .click();
    harness.run();
    assert!(harness.state().show_shortcuts);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    harness.key_press(Key::Escape);
    harness.run();
    assert!(!harness.state().palette.is_open());
}

#[test]
fn the_delete_key_comes_from_the_action_list() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = on_sample(dir.path());
    let claim = harness.state().ws().project().claims[3].id;
    let before = harness.state().ws().project().claims.len();
    // Nothing selected: Delete does nothing.
    harness.key_press(Key::Delete);
    harness.run();
    assert_eq!(harness.state().ws().project().claims.len(), before);
    harness.state_mut().push(Command::SelectClaim(Some(claim)));
    harness.run();
    harness.key_press(Key::Delete);
    harness.run();
    assert!(harness.state().ws().project().claim(claim).is_none());
    assert_eq!(
        harness.state().ws().history().undo_label(),
        Some("Delete claim")
    );
}
