//! Document sets (issue 17): named sets of documents, made in Edit ▸ Document
//! sets…, to filter the claims panel by and to compare as columns of Compare
//! sources; and the file format 4 that holds them, which older files migrate to.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT as _, Queryable as _};

mod common;
use triangulate::io::project_file;
use triangulate::model::FORMAT_VERSION;
use triangulate::workspace::Workspace;

/// How many labels or buttons say exactly `text` (a label's text is its value).
fn saying(harness: &egui_kittest::Harness<'static, triangulate::ui::App>, text: &str) -> usize {
    harness
        .query_all_by_role(Role::Label)
        .filter(|n| n.accesskit_node().value().as_deref() == Some(text))
        .count()
        + harness.query_all_by_label(text).count()
}

/// Whether a label says something containing `text`.
fn says(harness: &egui_kittest::Harness<'static, triangulate::ui::App>, text: &str) -> bool {
    harness
        .query_all_by_role(Role::Label)
        .any(|n| n.accesskit_node().value().is_some_and(|v| v.contains(text)))
        || harness.query_by_label_contains(text).is_some()
}

/// The claims panel's count line.
fn count_line(shown: usize, total: usize) -> String {
    format!("{shown} of {total} claims")
}

#[test]
fn a_set_is_made_filled_renamed_filtered_by_compared_and_undone() {
    let (_dir, mut harness) = common::sample_harness();
    let sample = harness.state().ws().project().clone();
    let sets_before = sample.document_sets.len();
    let steps_before = harness.state().ws().history().undo_len();

    // Edit ▸ Document sets… opens the window; New set makes one.
    harness.get_by_label("Edit").click();
    harness.run();
    harness.get_by_label_contains("Document sets…").click();
    harness.run();
    harness.get_by_label("New set").click();
    harness.run();
    let project = harness.state().ws().project();
    assert_eq!(project.document_sets.len(), sets_before + 1);
    let set_id = project.document_sets.last().expect("the new set").id;
    assert_eq!(project.document_sets.last().expect("set").name, "New set");

    // Two documents ticked, each one undoable step.
    let [first, second] = [0, 1].map(|at| sample.documents[at].clone());
    for document in [&first, &second] {
        harness
            .get_by_role_and_label(Role::CheckBox, &document.title)
            .click();
        harness.run();
    }
    let set = harness
        .state()
        .ws()
        .project()
        .document_set(set_id)
        .expect("the set")
        .clone();
    assert_eq!(set.documents, vec![first.id, second.id]);

    // Renamed in its field: taken when the field is left.
    harness
        .get_by_role_and_label(Role::TextInput, "Set name")
        .focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_role_and_label(Role::TextInput, "Set name")
        .type_text("Legion and Azot");
    harness.key_press(Key::Enter);
    harness.run();
    let name = |harness: &egui_kittest::Harness<'_, triangulate::ui::App>| {
        harness
            .state()
            .ws()
            .project()
            .document_set(set_id)
            .map(|s| s.name.clone())
    };
    assert_eq!(name(&harness).as_deref(), Some("Legion and Azot"));
    assert_eq!(
        harness.state().ws().history().undo_len(),
        steps_before + 4,
        "create, two documents and the rename are one step each"
    );

    // The claims panel's Set filter keeps the claims on those two documents.
    harness.state_mut().document_sets.open = false;
    harness.run();
    let total = sample.claims.len();
    let expected = sample
        .claims
        .iter()
        .filter(|c| c.document == first.id || c.document == second.id)
        .count();
    assert!(expected > 0 && expected < total);
    assert!(harness.query_by_label(&count_line(total, total)).is_some());
    harness.get_by_label("Set").click();
    harness.run();
    harness.get_by_label("Legion and Azot").click();
    harness.run();
    assert!(
        harness
            .query_by_label(&count_line(expected, total))
            .is_some(),
        "the panel should count {expected} of {total} claims"
    );
    assert_eq!(harness.state().claims_panel.rows().len(), expected);

    // Compare sources by document sets: the set is a column.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::M);
    harness.run();
    let before_switch = saying(&harness, "Legion and Azot");
    harness.get_by_label("Columns").click();
    harness.run();
    harness.get_by_label("Document sets").click();
    harness.run();
    assert_eq!(before_switch, 0, "no column is headed by the set yet");
    assert!(
        saying(&harness, "Legion and Azot") > 0,
        "the matrix has a column headed by the set's name"
    );
    // The sample's own sets are columns too, where their documents have claims.
    assert!(saying(&harness, "Azot plant reports") > 0);

    // Undo takes back the rename, the two documents and the new set, in turn.
    for _ in 0..4 {
        harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        harness.run();
    }
    let project = harness.state().ws().project();
    assert!(project.document_set(set_id).is_none());
    assert_eq!(project.document_sets, sample.document_sets);
}

#[test]
fn a_set_is_deleted_undoably_and_a_name_in_use_is_refused() {
    let (_dir, mut harness) = common::sample_harness();
    let sample = harness.state().ws().project().clone();
    let victim = sample.document_sets[0].clone();
    let other = sample.document_sets[1].name.clone();
    harness.state_mut().document_sets.open = true;
    harness.run();
    harness.get_by_label(&victim.name).click();
    harness.run();

    // Another set's name is refused, and said so.
    harness
        .get_by_role_and_label(Role::TextInput, "Set name")
        .focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_role_and_label(Role::TextInput, "Set name")
        .type_text(&other.to_uppercase());
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(
        harness.state().ws().project().document_sets,
        sample.document_sets
    );
    assert!(says(&harness, "is the name of another set"));

    harness.get_by_label("Delete set").click();
    harness.run();
    let project = harness.state().ws().project();
    assert!(project.document_set(victim.id).is_none());
    assert_eq!(project.documents, sample.documents);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        harness.state().ws().project().document_sets,
        sample.document_sets
    );
}

/// The sample as version 3 wrote it: no sets, `format_version: 3`.
fn sample_as_version_3() -> String {
    let mut project = project_file::from_ron_str(triangulate::SAMPLE_PROJECT)
        .expect("the sample loads")
        .project;
    assert!(!project.document_sets.is_empty(), "the sample has sets");
    project.document_sets.clear();
    let text = project_file::to_ron_string(&project);
    let current = format!("(\n    format_version: {FORMAT_VERSION},\n");
    assert!(text.starts_with(&current));
    assert!(!text.contains("document_sets"));
    text.replacen(&current, "(\n    format_version: 3,\n", 1)
}

#[test]
fn a_version_3_file_loads_with_no_sets_says_so_and_saves_as_version_4_with_a_backup() {
    assert_eq!(FORMAT_VERSION, 4);
    let old = sample_as_version_3();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("old.ron");
    std::fs::write(&path, &old).expect("write");

    let ws = Workspace::open(&path).expect("a version 3 file opens");
    assert_eq!(ws.migrated_from(), Some(3));
    assert!(ws.problems().is_empty(), "{:?}", ws.problems());
    assert!(ws.project().document_sets.is_empty());

    // The window says it will be saved in the new format.
    let mut harness = common::app_harness(ws, "tester");
    harness.run();
    assert!(says(
        &harness,
        "written in file format 3; it will be saved in format 4"
    ));

    // Saving writes format 4 and keeps the version 3 file beside it.
    let mut ws = Workspace::open(&path).expect("opens");
    ws.save_as(&path).expect("saves");
    let saved = std::fs::read_to_string(&path).expect("read");
    assert!(saved.starts_with("(\n    format_version: 4,\n"), "{saved}");
    let backup = std::fs::read_to_string(dir.path().join("old.ron.bak")).expect("the .bak");
    assert_eq!(backup, old);
    // Apart from the version, nothing changed: no sets are written when there are none.
    assert_eq!(
        saved.replacen("format_version: 4,", "format_version: 3,", 1),
        old
    );
    let again = project_file::load(&path).expect("loads");
    assert_eq!(again.migrated_from, None);

    // A version 4 file is refused by name by a build that reads only up to 3:
    // the check every build makes, shown here with a newer number.
    let newer = saved.replacen("format_version: 4,", "format_version: 5,", 1);
    let err = project_file::from_ron_str(&newer).expect_err("refused");
    assert!(err.to_string().contains("format version 5"), "{err}");
}

#[test]
fn a_document_is_added_to_a_set_from_its_context_menu() {
    let (_dir, mut harness) = common::sample_harness();
    let sample = harness.state().ws().project().clone();
    let set = sample.document_sets[0].clone();
    let outside = sample
        .documents
        .iter()
        .find(|d| !set.contains(d.id))
        .expect("a document outside the first set")
        .clone();
    harness
        .get_by_role_and_label(Role::Button, &outside.title)
        .click_secondary();
    harness.run();
    harness.get_by_label("Add to set").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::CheckBox, &set.name)
        .click();
    harness.run();
    let now = harness
        .state()
        .ws()
        .project()
        .document_set(set.id)
        .expect("the set")
        .clone();
    let mut expected = set.documents.clone();
    expected.push(outside.id);
    assert_eq!(now.documents, expected);
    harness.key_press(Key::Escape);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        harness.state().ws().project().document_sets,
        sample.document_sets
    );
}
