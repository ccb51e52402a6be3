//! The quick editor's suggestions (issue 17, bug 1): a chip under Source or Tags takes
//! a click, ↓ ↑ choose one and Enter or Tab take it, and a new name is said to be new.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

mod common;
use triangulate::model::CharRange;
use triangulate::ui::App;

/// The sample in the window, a copy kept for the test's length, with the quick editor
/// open on the first words of the first pane's document.
fn editor_open() -> (tempfile::TempDir, Harness<'static, App>) {
    let (dir, mut harness) = common::sample_harness();
    common::drag_select(&mut harness, 0, CharRange::new(0, 12));
    assert!(
        harness.state().quick_editor.is_some(),
        "the quick editor is open"
    );
    (dir, harness)
}

/// Types `text` into the quick editor's text field labelled `field`.
fn type_into(harness: &mut Harness<'static, App>, field: &str, text: &str) {
    harness
        .get_by_role_and_label(Role::TextInput, field)
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, field)
        .type_text(text);
    harness.run();
}

#[test]
fn a_click_on_a_source_chip_takes_it() {
    let (_dir, mut harness) = editor_open();
    type_into(&mut harness, "Source", "Ukr");
    harness.get_by_label("Ukrainian government").click();
    harness.run();
    let editor = harness.state().quick_editor.clone().expect("still open");
    assert_eq!(editor.source, "Ukrainian government");
}

#[test]
fn arrows_choose_a_tag_and_tab_or_enter_take_it() {
    let (_dir, mut harness) = editor_open();
    type_into(&mut harness, "Tags", "military/");
    // Offered in the project's order: troops, encirclement, withdrawal, counterattack.
    harness.key_press(Key::ArrowDown);
    harness.key_press(Key::ArrowDown);
    harness.run();
    harness.key_press(Key::Tab);
    harness.run();
    let editor = harness.state().quick_editor.clone().expect("still open");
    assert_eq!(editor.tags, "military/encirclement");

    // A second tag: ↑ from nothing chosen takes the last offered; Enter takes it and
    // does not create the claim.
    type_into(&mut harness, "Tags", ", civilians/");
    harness.key_press(Key::ArrowUp);
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    let editor = harness
        .state()
        .quick_editor
        .clone()
        .expect("Enter took the tag, not the claim");
    assert_eq!(editor.tags, "military/encirclement, civilians/hostages");
    let claims = harness.state().ws().project().claims.len();

    // With nothing chosen, Enter creates the claim with both tags.
    harness.key_press(Key::Enter);
    harness.run();
    assert!(
        harness.state().quick_editor.is_none(),
        "Enter made the claim"
    );
    let project = harness.state().ws().project();
    assert_eq!(project.claims.len(), claims + 1);
    let claim = project.claims.last().expect("the new claim");
    assert_eq!(
        project.tag_list(claim),
        "military/encirclement, civilians/hostages"
    );
}

#[test]
fn a_name_close_to_existing_ones_is_said_to_be_new() {
    let (_dir, mut harness) = editor_open();
    type_into(&mut harness, "Tags", "civilians/shelter");
    harness.get_by_label_contains("Enter creates “civilians/shelter” — or pick one");
    harness.get_by_label("civilians/sheltering");
}
