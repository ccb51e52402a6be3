//! Re-anchoring in the window (issue 13): a project whose document text changed opens
//! with the claims re-anchoring moved or offered a place counted in the status bar,
//! listed by the claims-panel filter, and answered in the claim editor — Confirm,
//! Re-attach by selection, Orphan — each an undoable edit.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

mod common;
use triangulate::model::{CharRange, ClaimId, DocumentId, Project, ReanchorMethod};
use triangulate::ui::App;
use triangulate::ui::command::Command;
use triangulate::workspace::Workspace;

/// What the edited sample holds: the claim whose figure was corrected, a claim that moved,
/// and how many claims await confirmation in all.
struct Edited {
    document: DocumentId,
    offered: ClaimId,
    moved: ClaimId,
    /// Claims moved or offered a place: all of the document's (the insertion before the
    /// first claim leaves its context cut at the old edge, so it is offered too).
    to_confirm: usize,
}

/// The sample project with its first document's text changed on disk, as a hand edit or
/// a git merge leaves it: a line put before the text (so every claim on it moves), and a
/// figure corrected inside one claim's quote (so that claim is offered, not moved).
fn edited_sample(dir: &std::path::Path) -> (std::path::PathBuf, Edited) {
    let mut project: Project =
        triangulate::io::project_file::from_ron_str(triangulate::SAMPLE_PROJECT)
            .expect("the sample loads")
            .project;
    let document = project.documents[0].id;
    let text = project.documents[0].text.clone();
    // The first claim on it whose quote is long and holds a figure.
    let figure_claim = project
        .claims_on(document)
        .find(|c| c.quote.exact.chars().count() > 25 && c.quote.exact.contains(char::is_numeric))
        .expect("a claim with a figure")
        .clone();
    let quote_byte = text
        .char_indices()
        .nth(figure_claim.range.start)
        .map(|(b, _)| b)
        .expect("in the text");
    let digit = figure_claim
        .quote
        .exact
        .char_indices()
        .find(|(_, c)| c.is_ascii_digit())
        .map(|(b, _)| quote_byte + b)
        .expect("a digit");
    let old_digit = text[digit..].chars().next().expect("digit");
    let new_digit = if old_digit == '7' { '8' } else { '7' };
    let mut new_text = format!(
        "Updated at 14:00 with the governor's figures.\n\n{}",
        &text[..digit]
    );
    new_text.push(new_digit);
    new_text.push_str(&text[digit + 1..]);
    project.documents[0].text = new_text;
    let path = dir.join("edited.ron");
    let written = triangulate::io::project_file::to_ron_string(&project);
    std::fs::write(&path, written).expect("written");
    // Which claims moved is what re-anchoring says on load.
    let loaded = triangulate::io::project_file::load(&path).expect("loads");
    let moved = loaded
        .project
        .claims
        .iter()
        .filter(|c| {
            c.reanchored
                .as_ref()
                .is_some_and(|r| r.method == ReanchorMethod::Exact)
        })
        .max_by_key(|c| c.range.start)
        .expect("a claim moved")
        .id;
    let to_confirm = loaded
        .project
        .claims
        .iter()
        .filter(|c| c.awaits_confirmation())
        .count();
    assert_eq!(to_confirm, project.claims_on(document).count());
    (
        path,
        Edited {
            document,
            offered: figure_claim.id,
            moved,
            to_confirm,
        },
    )
}

fn harness_on(path: &std::path::Path) -> Harness<'static, App> {
    let ws = Workspace::open(path).expect("the project opens");
    common::app_harness(ws, "tester")
}

fn select(harness: &mut Harness<'static, App>, claim: ClaimId) {
    harness.state_mut().push(Command::SelectClaim(Some(claim)));
    harness.run();
}

fn claim(harness: &Harness<'static, App>, id: ClaimId) -> triangulate::model::Claim {
    harness
        .state()
        .ws()
        .project()
        .claim(id)
        .expect("the claim")
        .clone()
}

#[test]
fn the_status_bar_counts_the_claims_to_confirm_and_lists_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, edited) = edited_sample(dir.path());
    let mut harness = harness_on(&path);
    let to_confirm = edited.to_confirm;
    assert!(claim(&harness, edited.offered).has_offer());
    assert_eq!(
        claim(&harness, edited.moved).reanchored.map(|r| r.method),
        Some(ReanchorMethod::Exact)
    );

    // The count in the status bar lists them in the claims panel.
    harness
        .get_by_label(&format!("⚠ {to_confirm} to confirm"))
        .click();
    harness.run();
    assert!(harness.state().claims_panel.filter.to_confirm_only);
    let all = harness.state().ws().project().claims.len();
    harness.get_by_label(&format!("{to_confirm} of {all} claims"));
    // The offered claim is counted once: not also as orphaned.
    assert!(harness.query_by_label_contains("orphaned").is_none());
    // The filter is a checkbox of its own: unticked, every claim shows again.
    harness.get_by_label("Re-anchored — to confirm").click();
    harness.run();
    harness.get_by_label(&format!("{all} of {all} claims"));
}

#[test]
fn confirming_an_offered_place_moves_the_claim_and_undo_takes_it_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, edited) = edited_sample(dir.path());
    let mut harness = harness_on(&path);
    let before = claim(&harness, edited.offered);
    let record = before.reanchored.clone().expect("offered");
    select(&mut harness, edited.offered);
    harness.get_by_label_contains("The nearest place");
    harness.get_by_label("Confirm").click();
    harness.run();

    let after = claim(&harness, edited.offered);
    assert_eq!(after.range, record.to);
    assert!(!after.orphaned && after.reanchored.is_none());
    let text = &harness
        .state()
        .ws()
        .project()
        .document(edited.document)
        .expect("doc")
        .text;
    assert_eq!(
        triangulate::model::slice(text, after.range),
        Some(after.quote.exact.as_str())
    );
    assert_ne!(
        after.quote.exact, before.quote.exact,
        "the corrected figure"
    );
    let count = edited.to_confirm - 1;
    harness.get_by_label(&format!("⚠ {count} to confirm"));
    assert_eq!(
        harness.state().ws().history().undo_label(),
        Some("Confirm re-anchored claim")
    );

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(claim(&harness, edited.offered), before);
    harness.get_by_label(&format!("⚠ {} to confirm", count + 1));
}

#[test]
fn orphaning_a_moved_claim_puts_back_its_old_quote_and_it_stays_orphaned() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, edited) = edited_sample(dir.path());
    let mut harness = harness_on(&path);
    let before = claim(&harness, edited.moved);
    let record = before.reanchored.clone().expect("moved");
    select(&mut harness, edited.moved);
    harness.get_by_label_contains("was moved from characters");
    harness.get_by_label("Orphan").click();
    harness.run();

    let after = claim(&harness, edited.moved);
    assert!(after.orphaned);
    assert_eq!(after.range, record.from);
    assert_eq!(Some(&after.quote), record.was.as_ref());
    harness.get_by_label("⚠ 1 orphaned");
    harness.get_by_label(&format!("⚠ {} to confirm", edited.to_confirm - 1));
    harness.get_by_label("Orphaned by you");

    // Saved and opened again, it is still the analyst's orphan, not offered again.
    harness.state_mut().push(Command::SaveTo(path.clone()));
    for _ in 0..50 {
        harness.run();
        if !harness.state().ws().is_dirty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(!harness.state().ws().is_dirty(), "saved");
    let reopened = harness_on(&path);
    let again = claim(&reopened, edited.moved);
    assert!(again.orphaned);
    assert_eq!(
        again.reanchored.map(|r| r.method),
        Some(ReanchorMethod::Orphaned)
    );
}

#[test]
fn a_claim_is_re_attached_to_the_text_selected_in_its_document() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, edited) = edited_sample(dir.path());
    let mut harness = harness_on(&path);
    select(&mut harness, edited.offered);
    // Nothing selected yet: the button says what to do first.
    assert!(
        harness
            .get_by_label("Re-attach by selection")
            .accesskit_node()
            .is_disabled()
    );

    // Select the start of the corrected sentence in the pane that shows its document.
    let pane = harness
        .state()
        .panes
        .iter()
        .position(|p| p.document == Some(edited.document))
        .expect("its document is shown");
    let record = claim(&harness, edited.offered).reanchored.expect("offered");
    let range = CharRange::new(record.to.start, record.to.start + 12);
    harness.state_mut().panes[pane].reader.scroll_to = Some(range);
    harness.run();
    common::drag_select(&mut harness, pane, range);
    let selected = harness
        .state()
        .quick_editor
        .as_ref()
        .map(|q| q.range)
        .expect("a selection");

    harness.get_by_label("Re-attach by selection").click();
    harness.run();
    let after = claim(&harness, edited.offered);
    assert_eq!(after.range, selected);
    assert!(!after.orphaned && after.reanchored.is_none());
    assert!(
        harness.state().quick_editor.is_none(),
        "the selection is used up"
    );
    assert_eq!(
        harness.state().ws().history().undo_label(),
        Some("Re-attach claim")
    );
}

#[test]
fn every_move_is_confirmed_at_once_from_the_edit_menu_leaving_the_offer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, edited) = edited_sample(dir.path());
    let mut harness = harness_on(&path);
    harness.get_by_label("Edit").click();
    harness.run();
    harness
        .get_by_label("Confirm every re-anchored move")
        .click();
    harness.run();
    let project = harness.state().ws().project();
    assert!(project.claim(edited.offered).expect("claim").has_offer());
    // Only the offers are left; every move is confirmed.
    let offers = project.claims.iter().filter(|c| c.has_offer()).count();
    assert!(offers < edited.to_confirm);
    assert!(
        project
            .claims
            .iter()
            .all(|c| c.has_offer() || c.reanchored.is_none())
    );
    harness.get_by_label(&format!("⚠ {offers} to confirm"));
    // One step to undo.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    harness.get_by_label(&format!("⚠ {} to confirm", edited.to_confirm));
}
