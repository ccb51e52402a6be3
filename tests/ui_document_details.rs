//! Document ▸ Details… (issue 14), driven as an analyst would: opened from the
//! Document menu, the command palette and the document list's context menu;
//! fields typed into by label; each burst of typing one undo step; doubtful
//! dates and addresses kept as typed, with a warning under them. No test sets the
//! app's state where a widget would: the project is opened, the rest is clicks and keys.
#![cfg(feature = "gui")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

mod common;
use triangulate::model::{Document, DocumentId};
use triangulate::ui::App;
use triangulate::ui::document_details::{ADDRESS_WARNING, DATE_WARNING, TITLE};

/// The app on a copy of the sample project; the copy's folder lives as long as this.
struct SampleWindow {
    harness: Harness<'static, App>,
    _folder: tempfile::TempDir,
}

fn sample_window() -> SampleWindow {
    let (folder, harness) = common::sample_harness();
    SampleWindow {
        harness,
        _folder: folder,
    }
}

/// The document `id` as the project has it now.
fn document(harness: &Harness<'static, App>, id: DocumentId) -> Document {
    harness
        .state()
        .ws()
        .project()
        .document(id)
        .expect("the document")
        .clone()
}

/// Clicks Document ▸ Details… in the menu bar.
fn open_from_menu(harness: &mut Harness<'static, App>) {
    // The menu bar's Document menu (the claims table has a Document column too).
    harness
        .query_all_by_role_and_label(Role::Button, "Document")
        .next()
        .expect("the Document menu")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Details…")
        .click();
    harness.run();
}

/// The value of the details window's field `label`.
fn field(harness: &Harness<'static, App>, label: &str) -> String {
    harness
        .get_by_role_and_label(Role::Window, TITLE)
        .get_by_label(label)
        .value()
        .unwrap_or_default()
}

/// Replaces the text of field `label` by typing `text` a character a frame, as a
/// person types (so that the keystrokes arrive as many edits).
fn type_into(harness: &mut Harness<'static, App>, label: &str, text: &str) {
    harness
        .get_by_role_and_label(Role::Window, TITLE)
        .get_by_label(label)
        .focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    for c in text.chars() {
        harness
            .get_by_role_and_label(Role::Window, TITLE)
            .get_by_label(label)
            .type_text(&c.to_string());
        harness.run();
    }
}

fn close_details(harness: &mut Harness<'static, App>) {
    harness
        .get_by_role_and_label(Role::Window, TITLE)
        .get_by_label("Close window")
        .click();
    harness.run();
    assert!(
        harness
            .query_by_role_and_label(Role::Window, TITLE)
            .is_none()
    );
}

#[test]
fn details_from_the_menu_edit_the_focused_document_one_undo_step_per_field() {
    let mut window = sample_window();
    let harness = &mut window.harness;
    let id = harness.state().panes[0]
        .document
        .expect("a document in the first pane");
    let before = document(harness, id);
    assert_ne!(before.outlet, "Kyiv Post");
    assert_ne!(before.published, "2022-06-15");

    open_from_menu(harness);
    assert_eq!(
        field(harness, "Title"),
        before.title,
        "the focused document"
    );
    assert_eq!(field(harness, "Outlet"), before.outlet);
    assert_eq!(field(harness, "Published"), before.published);
    type_into(harness, "Outlet", "Kyiv Post");
    type_into(harness, "Published", "2022-06-15");
    close_details(harness);

    let after = document(harness, id);
    assert_eq!(after.outlet, "Kyiv Post");
    assert_eq!(after.published, "2022-06-15");
    assert_eq!(
        Document {
            outlet: before.outlet.clone(),
            published: before.published.clone(),
            ..after.clone()
        },
        before,
        "nothing else changed"
    );
    // The document list's line of details shows them.
    assert!(
        harness
            .query_by_label_contains("Kyiv Post · 2022-06-15 · ")
            .is_some(),
        "the document list shows the new outlet and date"
    );
    assert_eq!(
        harness.state().ws().history().undo_label(),
        Some("Edit publication date")
    );

    // Ten keystrokes in Published are one step; nine in Outlet another.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let once = document(harness, id);
    assert_eq!(once.published, before.published, "the date typed is undone");
    assert_eq!(once.outlet, "Kyiv Post", "in one step: the outlet stays");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(document(harness, id), before, "the outlet typed is undone");
}

#[test]
fn a_doubtful_date_or_address_is_kept_with_a_warning() {
    let mut window = sample_window();
    let harness = &mut window.harness;
    let id = harness.state().panes[0]
        .document
        .expect("a document in the first pane");

    // From the command palette, which lists every action.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    harness.get_by_label("Command").type_text("details");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(field(harness, "Title"), document(harness, id).title);
    assert!(harness.query_by_label_contains(DATE_WARNING).is_none());
    assert!(harness.query_by_label_contains(ADDRESS_WARNING).is_none());

    type_into(harness, "Published", "15 June 2022");
    assert!(
        harness.query_by_label_contains(DATE_WARNING).is_some(),
        "a date that is not ISO is warned of"
    );
    assert_eq!(document(harness, id).published, "15 June 2022", "and kept");

    type_into(harness, "Address", "kyivindependent.com/severodonetsk");
    assert!(harness.query_by_label_contains(ADDRESS_WARNING).is_some());
    assert_eq!(
        document(harness, id).url,
        "kyivindependent.com/severodonetsk"
    );

    type_into(harness, "Published", "2022-06");
    type_into(harness, "Address", "https://kyivindependent.com/x");
    assert!(harness.query_by_label_contains(DATE_WARNING).is_none());
    assert!(harness.query_by_label_contains(ADDRESS_WARNING).is_none());
    assert_eq!(document(harness, id).published, "2022-06");
}

#[test]
fn the_document_lists_context_menu_opens_details_of_that_document() {
    let mut window = sample_window();
    let harness = &mut window.harness;
    let project = harness.state().ws().project().clone();
    let shown: Vec<DocumentId> = harness
        .state()
        .panes
        .iter()
        .filter_map(|p| p.document)
        .collect();
    let other = project
        .documents
        .iter()
        .find(|d| !shown.contains(&d.id))
        .expect("a document in no pane");

    // Its entry in the list on the left: the one button with its title.
    harness
        .query_all_by_label(other.title.trim())
        .find(|n| n.accesskit_node().role() == Role::Button)
        .expect("the document's entry in the list")
        .click_secondary();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Details…")
        .click();
    harness.run();

    assert_eq!(
        field(harness, "Title"),
        other.title,
        "that document, not the focused one"
    );
    assert_eq!(harness.state().document_details.document, Some(other.id));
    let panes_after: Vec<DocumentId> = harness
        .state()
        .panes
        .iter()
        .filter_map(|p| p.document)
        .collect();
    assert_eq!(panes_after, shown, "the panes stay as they were");

    type_into(harness, "Notes", "Byline checked");
    assert_eq!(document(harness, other.id).notes, "Byline checked");
}
