//! Who is annotating (issue 17, bug 2): the name has its own window, Edit ▸
//! Preferences… (Ctrl+,), reached from the status bar where it is always shown, and
//! it is the name stamped on the claims made afterwards.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

mod common;
use triangulate::model::CharRange;

#[test]
fn the_name_is_shown_changed_in_its_window_and_stamped_on_new_claims() {
    let (_dir, mut harness) = common::sample_harness();
    // Shown in the status bar; a click there opens the window.
    harness.get_by_label("Annotating as tester").click();
    harness.run();
    let field = harness.get_by_role_and_label(Role::TextInput, "Your name");
    field.focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_role_and_label(Role::TextInput, "Your name")
        .type_text("Olena K.");
    harness.run();
    assert_eq!(harness.state().prefs.annotator, "Olena K.");
    harness.get_by_label("Annotating as Olena K.");

    // A claim made now carries the new name.
    harness.key_press(Key::Escape);
    harness.run();
    common::drag_select(&mut harness, 0, CharRange::new(0, 12));
    harness.get_by_label("Create claim").click();
    harness.run();
    let project = harness.state().ws().project();
    let claim = project.claims.last().expect("the new claim");
    assert_eq!(claim.annotator, "Olena K.");
}

#[test]
fn ctrl_comma_and_the_edit_menu_open_preferences_and_an_empty_name_is_flagged() {
    let (_dir, mut harness) = common::sample_harness();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Comma);
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Your name")
        .focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.key_press(Key::Backspace);
    harness.run();
    assert_eq!(harness.state().prefs.annotator, "");
    harness.get_by_label("⚠ No name set");
    harness.get_by_label_contains("not attributed to anyone");

    // Closed, then opened again from the Edit menu.
    harness.state_mut().preferences.open = false;
    harness.run();
    assert!(
        harness
            .query_by_role_and_label(Role::TextInput, "Your name")
            .is_none()
    );
    harness.get_by_label("Edit").click();
    harness.run();
    harness.get_by_label_contains("Preferences…").click();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Your name");
}

#[test]
fn the_first_run_asks_who_is_annotating_and_keeps_the_answer() {
    let (_dir, mut harness) = common::sample_harness();
    // The harness's preferences never had a name confirmed: a first run.
    assert!(!harness.state().prefs.annotator_confirmed);
    harness.state_mut().welcome_first_run();
    harness.run();
    harness.get_by_label("Welcome to Triangulate");
    // The name field has the keyboard: typing replaces the offered name at once.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_role_and_label(Role::TextInput, "Your name")
        .type_text("Olena K.");
    harness.run();
    harness.get_by_label("Use this name").click();
    harness.run();
    assert_eq!(harness.state().prefs.annotator, "Olena K.");
    assert!(harness.state().prefs.annotator_confirmed);
    assert!(
        harness.query_by_label("Welcome to Triangulate").is_none(),
        "the welcome closes once the name is kept"
    );
    // A later start does not ask again.
    harness.state_mut().welcome_first_run();
    harness.run();
    assert!(harness.query_by_label("Welcome to Triangulate").is_none());
}
