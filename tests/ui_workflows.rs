//! The window, driven as an analyst would: by clicks, drags and keys on
//! labelled widgets, with no GPU. Every test starts from the sample project.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

use egui::accesskit::Role;
use egui::{Key, Modifiers, Vec2};
use egui_kittest::Harness;

mod common;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use triangulate::model::{CharRange, Stance};
use triangulate::ui::App;
use triangulate::ui::app::Modal;
use triangulate::workspace::Workspace;

/// The app in its harness over a copy of the sample project, so that saving in a
/// test never touches the real one. The copy's temporary folder lives as long as
/// this, and is removed with all the test wrote there when the test ends.
struct SampleWindow {
    harness: Harness<'static, App>,
    _folder: tempfile::TempDir,
}

impl std::ops::Deref for SampleWindow {
    type Target = Harness<'static, App>;

    fn deref(&self) -> &Self::Target {
        &self.harness
    }
}

impl std::ops::DerefMut for SampleWindow {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.harness
    }
}

/// The real app on a copy of the sample project, 1600×1000, with the in-app path
/// prompt instead of native file dialogs.
fn harness() -> SampleWindow {
    let folder = tempfile::tempdir().expect("tempdir");
    let copy = folder.path().join("severodonetsk.ron");
    std::fs::copy(triangulate::SAMPLE_PROJECT_PATH, &copy).expect("copy the sample");
    SampleWindow {
        harness: harness_at(&copy),
        _folder: folder,
    }
}

/// The real app on the project at `path`.
fn harness_at(path: &std::path::Path) -> Harness<'static, App> {
    let ws = triangulate::workspace::Workspace::open(path).expect("the project opens");
    let (_, error) = Workspace::sample();
    assert!(error.is_none(), "{error:?}");
    assert!(
        ws.project().claims.len() >= 40,
        "the sample project is loaded"
    );
    common::app_harness(ws, "tester")
}

/// The vocabulary window's node, to look for its widgets inside it.
fn vocabulary<'a>(harness: &'a Harness<'static, App>) -> egui_kittest::Node<'a> {
    harness.get_by_role_and_label(Role::Window, "Sources, tags, propositions")
}

/// The character range of `needle` in the document shown in `pane`.
fn find_in_pane(harness: &Harness<'_, App>, pane: usize, needle: &str) -> CharRange {
    let app = harness.state();
    let document = app
        .panes
        .get(pane)
        .and_then(|p| p.document)
        .and_then(|d| app.ws().project().document(d))
        .expect("the pane shows a document");
    let byte = document
        .text
        .find(needle)
        .expect("the text is in the document");
    let start = document.text[..byte].chars().count();
    CharRange::new(start, start + needle.chars().count())
}

#[test]
fn the_sample_project_opens_with_two_documents_side_by_side() {
    let harness = harness();
    let app = harness.state();
    assert!(app.title().contains("Severodonetsk"), "{}", app.title());
    assert!(!app.title().starts_with('●'), "nothing changed yet");
    assert_eq!(app.panes.len(), 2);
    assert_ne!(app.panes[0].document, app.panes[1].document);
    // The document list names every document.
    for document in &app.ws().project().documents {
        assert!(
            !harness
                .query_all_by_label(document.title.trim())
                .collect::<Vec<_>>()
                .is_empty(),
            "the document list shows “{}”",
            document.title
        );
    }
}

#[test]
fn a_dragged_selection_becomes_a_claim_through_the_quick_editor() {
    let mut harness = harness();
    let before = harness.state().ws().project().claims.len();
    // A phrase in the first pane that no claim covers yet.
    let text = {
        let app = harness.state();
        let document = app.panes[0]
            .document
            .and_then(|d| app.ws().project().document(d))
            .expect("document");
        let covered = |start: usize, end: usize| {
            app.ws()
                .project()
                .claims_on(document.id)
                .any(|c| c.range.overlaps(CharRange::new(start, end)))
        };
        // The first run of five words in the first paragraphs that no claim touches.
        let words: Vec<(usize, &str)> = document
            .text
            .split(' ')
            .scan(0usize, |at, w| {
                let start = *at;
                *at += w.chars().count() + 1;
                Some((start, w))
            })
            .collect();
        words
            .windows(5)
            .find(|w| {
                let start = w[0].0;
                let end = w[4].0 + w[4].1.chars().count();
                w.iter()
                    .all(|(_, word)| word.chars().all(char::is_alphabetic))
                    && !covered(start, end)
                    && end < 600
            })
            .map(|w| {
                let start = w[0].0;
                let end = w[4].0 + w[4].1.chars().count();
                document
                    .text
                    .chars()
                    .skip(start)
                    .take(end - start)
                    .collect::<String>()
            })
            .expect("an unclaimed phrase")
    };
    let range = find_in_pane(&harness, 0, &text);
    common::drag_select(&mut harness, 0, range);
    assert!(
        harness.state().quick_editor.is_some(),
        "the quick editor opened"
    );
    assert!(harness.query_by_label("New claim").is_some());

    // Stance by key: 2 is Disputes on the default scale.
    harness.key_press(Key::Num2);
    harness.run();
    let editor = harness.state().quick_editor.clone().expect("still open");
    assert_eq!(editor.stance, Some(Stance::DISPUTES));
    assert_eq!(
        editor.range, range,
        "the selection snapped to the same words"
    );

    // The quick editor's source field (the claims panel has a Source filter too).
    harness
        .get_by_role_and_label(Role::TextInput, "Source")
        .focus();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Source")
        .type_text("A new witness");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();

    let app = harness.state();
    assert!(app.quick_editor.is_none(), "Enter closed the editor");
    assert_eq!(app.ws().project().claims.len(), before + 1);
    let claim = app.ws().project().claims.last().expect("the new claim");
    assert_eq!(claim.quote.exact, text);
    assert_eq!(claim.stance, Some(Stance::DISPUTES));
    assert_eq!(claim.annotator, "tester");
    let source = claim
        .source
        .and_then(|s| app.ws().project().source(s))
        .expect("source");
    assert_eq!(source.name, "A new witness");
    assert_eq!(app.selected, Some(claim.id), "the new claim is selected");
    assert!(
        app.title().starts_with('●'),
        "the title shows unsaved changes"
    );
    let id = claim.id;

    // Undo takes back the claim and its new source as one step; redo brings both back.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let app = harness.state();
    assert!(app.ws().project().claim(id).is_none());
    assert!(app.ws().project().source_by_name("A new witness").is_none());
    assert!(!app.title().starts_with('●'), "back to the saved state");
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert!(harness.state().ws().project().claim(id).is_some());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.run();
    assert!(
        harness.state().ws().project().claim(id).is_some(),
        "Ctrl+Y redoes too"
    );
}

#[test]
fn escape_cancels_the_quick_editor() {
    let mut harness = harness();
    let before = harness.state().ws().project().claims.len();
    common::drag_select(&mut harness, 1, CharRange::new(0, 12));
    assert!(harness.state().quick_editor.is_some());
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.state().quick_editor.is_none());
    assert_eq!(harness.state().ws().project().claims.len(), before);
}

#[test]
fn clicking_a_highlight_selects_its_claim() {
    let mut harness = harness();
    let (claim, pane) = {
        let app = harness.state();
        let document = app.panes[0].document.expect("document");
        let claim = app
            .ws()
            .project()
            .claims_on(document)
            .min_by_key(|c| c.range.start)
            .expect("the first document has claims")
            .clone();
        (claim, 0)
    };
    harness
        .state_mut()
        .push(triangulate::ui::command::Command::SelectClaim(None));
    harness.run();
    // Scroll so the claim is on screen, then click its middle.
    harness.state_mut().panes[pane].reader.scroll_to = Some(claim.range);
    harness.run();
    let middle = claim.range.start + claim.range.len() / 2;
    let pos = common::char_pos(&harness, pane, middle) + Vec2::new(1.0, 0.0);
    harness.hover_at(pos);
    harness.run();
    harness.drag_at(pos);
    harness.drop_at(pos);
    harness.run();
    let selected = harness.state().selected.expect("a claim is selected");
    let chosen = harness
        .state()
        .ws()
        .project()
        .claim(selected)
        .expect("exists");
    assert!(
        chosen.range.contains(middle),
        "the clicked claim covers the click"
    );
    assert_eq!(chosen.document, claim.document);
}

#[test]
fn selecting_a_claim_brings_its_document_into_a_pane() {
    let mut harness = harness();
    // A claim on a document that no pane shows.
    let claim = {
        let app = harness.state();
        let shown: Vec<_> = app.panes.iter().filter_map(|p| p.document).collect();
        app.ws()
            .project()
            .claims
            .iter()
            .find(|c| !shown.contains(&c.document))
            .expect("a claim on a hidden document")
            .clone()
    };
    harness
        .state_mut()
        .push(triangulate::ui::command::Command::SelectClaim(Some(
            claim.id,
        )));
    harness.run();
    let app = harness.state();
    assert_eq!(app.selected, Some(claim.id));
    let pane = app
        .panes
        .iter()
        .find(|p| p.document == Some(claim.document))
        .expect("a pane shows the claim's document");
    let _ = pane;
}

#[test]
fn renaming_a_tag_in_the_vocabulary_window_is_one_undoable_edit() {
    let mut harness = harness();
    let (tag, users) = {
        let project = &harness.state().ws().project();
        let tag = project
            .tags
            .iter()
            .max_by_key(|t| {
                project
                    .claims
                    .iter()
                    .filter(|c| c.tags.contains(&t.id))
                    .count()
            })
            .expect("the sample project has tags")
            .clone();
        let users = project
            .claims
            .iter()
            .filter(|c| c.tags.contains(&tag.id))
            .count();
        (tag, users)
    };
    assert!(users > 0);
    harness.get_by_label("Edit").click();
    harness.run();
    harness
        .get_by_label_contains("Sources, tags, propositions…")
        .click();
    harness.run();
    vocabulary(&harness).get_by_label("Tags").click();
    harness.run();
    vocabulary(&harness)
        .get_all_by_label(&tag.path)
        .last()
        .expect("tag listed")
        .click();
    harness.run();
    let field = harness.get_by_label("Path");
    field.focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label("Path").type_text("renamed/tag");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    let project = &harness.state().ws().project();
    let renamed = project.tag(tag.id).expect("same tag");
    assert_eq!(renamed.path, "renamed/tag");
    let still = project
        .claims
        .iter()
        .filter(|c| c.tags.contains(&tag.id))
        .count();
    assert_eq!(still, users, "every claim keeps the renamed tag");
    assert_eq!(
        harness.state().ws().history().undo_label(),
        Some("Rename tag")
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let project = &harness.state().ws().project();
    assert_eq!(
        project.tag(tag.id).map(|t| t.path.as_str()),
        Some(tag.path.as_str())
    );
}

#[test]
fn save_as_and_reopen_keeps_every_claim() {
    let mut harness = harness();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("copy.ron");
    // Make a change so there is something to save.
    harness
        .state_mut()
        .push(triangulate::ui::command::Command::Edit {
            edit: triangulate::edit::Edit::SetProjectInfo {
                title: "Severodonetsk copy".into(),
                description: String::new(),
            },
            label: "Rename project".into(),
        });
    harness.run();
    assert!(harness.state().ws().is_dirty());

    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    harness.run();
    assert!(
        matches!(harness.state().modal(), Some(Modal::PathPrompt { .. })),
        "no native dialog in tests: the path prompt"
    );
    harness.get_by_label("Path of the project file").focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label("Path of the project file")
        .type_text(&path.display().to_string());
    harness.run();
    harness.get_by_label("OK").click();
    harness.run();
    common::finish_jobs(&mut harness, "saving as");
    assert!(path.exists(), "saved: {:?}", harness.state().last_notice());
    assert!(!harness.state().ws().is_dirty());
    assert!(harness.state().title().contains("copy.ron"));

    let claims = harness.state().ws().project().claims.clone();
    let reopened = triangulate::workspace::Workspace::open(&path).expect("reopens");
    assert_eq!(reopened.project().claims, claims);
    assert_eq!(reopened.project().title, "Severodonetsk copy");

    // Opening it again through File ▸ Open… gives the same claims in the window.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    harness.get_by_label("Path of the project file").focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label("Path of the project file")
        .type_text(&path.display().to_string());
    harness.key_press(Key::Enter);
    harness.run();
    common::finish_jobs(&mut harness, "reopening");
    assert_eq!(harness.state().ws().path(), Some(path.as_path()));
    assert_eq!(harness.state().ws().project().claims, claims);
}

#[test]
fn find_highlights_every_match_in_the_focused_document() {
    let mut harness = harness();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    let focused = harness.state().focused_pane;
    assert!(harness.state().panes[focused].find_open);
    harness.get_by_label("Find").type_text("the");
    harness.run();
    let app = harness.state();
    let pane = &app.panes[focused];
    let document = pane
        .document
        .and_then(|d| app.ws().project().document(d))
        .expect("doc");
    let expected = document.text.to_lowercase().matches("the").count();
    assert!(expected > 3);
    assert_eq!(pane.reader.find_hits.len(), expected);
}

#[test]
fn an_unreadable_project_is_reported_in_the_window_not_a_panic() {
    let mut harness = harness();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("newer.ron");
    std::fs::write(&path, "(format_version: 99)").expect("write");
    harness
        .state_mut()
        .push(triangulate::ui::command::Command::OpenPath(path.clone()));
    harness.run();
    // Opening runs on a worker thread.
    common::finish_jobs(&mut harness, "opening");
    let notice = harness.state().last_notice().unwrap_or_default().to_owned();
    assert!(notice.contains("99"), "{notice}");
    assert!(
        harness.state().ws().project().claims.len() >= 40,
        "the open project stays"
    );
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        "(format_version: 99)"
    );
}

#[test]
fn the_comparison_matrix_opens_from_the_menu_and_a_cell_opens_its_claim() {
    let mut harness = harness();
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label_contains("Compare sources…").click();
    harness.run();
    assert!(harness.state().matrix.open);
    // The Azot civilians row, with its conflicting figures marked.
    let azot = harness
        .state()
        .ws()
        .project()
        .propositions
        .iter()
        .find(|p| p.text.contains("Azot plant") && p.text.contains("Civilians"))
        .expect("the Azot civilians proposition")
        .clone();
    let matrix = harness.get_by_role_and_label(Role::Window, "Compare sources");
    assert!(
        matrix
            .query_all_by_label_contains(&azot.text)
            .next()
            .is_some()
    );
    assert!(matrix.query_by_label_contains("figures conflict").is_some());
    // Which figures clash is said, pair by pair, not only in red: 568 and about 500
    // can both be true (400–600), 568 and at least 1,200 cannot.
    let clash = matrix
        .query_by_label_contains("Clash: ")
        .expect("the clashing pairs are listed");
    let node = clash.accesskit_node();
    let pairs = node.label().or_else(|| node.value()).unwrap_or_default();
    assert!(
        pairs.contains("568 (UNIAN) vs at least 1,200 (Vitaly Kiselev)"),
        "{pairs}"
    );
    assert!(!pairs.contains("568 (UNIAN) vs about 500"), "{pairs}");

    // Clicking a claim's quote in the matrix selects it and shows it in a pane.
    let claim = harness
        .state()
        .ws()
        .project()
        .claims
        .iter()
        .find(|c| c.proposition == Some(azot.id) && c.value == "568")
        .expect("the 568 claim")
        .clone();
    let quote = triangulate::ui::widgets::abbreviate(&claim.quote.exact);
    harness
        .get_by_role_and_label(Role::Window, "Compare sources")
        .get_all_by_label_contains(quote.trim_end_matches('…'))
        .next()
        .expect("the quote is in the matrix")
        // Through accesskit: the cell may lie beyond the window's scrolled view.
        .click_accesskit();
    harness.run();
    let app = harness.state();
    assert_eq!(app.selected, Some(claim.id));
    assert!(app.panes.iter().any(|p| p.document == Some(claim.document)));
}

#[test]
fn a_failed_save_keeps_the_changes_and_suggests_save_as() {
    let mut harness = harness();
    harness
        .state_mut()
        .push(triangulate::ui::command::Command::Edit {
            edit: triangulate::edit::Edit::SetProjectInfo {
                title: "Unsaved work".into(),
                description: String::new(),
            },
            label: "Rename project".into(),
        });
    harness.run();
    let dir = tempfile::tempdir().expect("tempdir");
    let gone = dir.path().join("no such folder").join("p.ron");
    harness
        .state_mut()
        .push(triangulate::ui::command::Command::SaveTo(gone.clone()));
    harness.run();
    common::finish_jobs(&mut harness, "the failed save");
    let app = harness.state();
    assert!(!gone.exists());
    assert!(app.ws().is_dirty(), "the changes are still unsaved");
    assert_eq!(app.ws().project().title, "Unsaved work");
    let notice = app.last_notice().unwrap_or_default();
    assert!(
        notice.contains("p.ron") && notice.contains("Save as"),
        "{notice}"
    );
    assert_ne!(app.ws().path(), Some(gone.as_path()));
}

#[test]
fn opening_a_project_with_a_newer_recovery_copy_offers_to_restore_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("severodonetsk.ron");
    std::fs::copy(triangulate::SAMPLE_PROJECT_PATH, &path).expect("copy the sample");
    let mut recovered = triangulate::io::project_file::load(&path)
        .expect("loads")
        .project;
    recovered.title = "Recovered work".into();
    recovered.claims.remove(0);
    recovered.claims[0].note = "written just before the crash".into();
    std::thread::sleep(std::time::Duration::from_millis(20));
    triangulate::io::recovery::write(Some(&path), &recovered).expect("recovery written");

    let mut harness = harness_at(&path);
    assert!(harness.query_by_label("Unsaved work was found").is_some());
    assert!(
        harness
            .query_by_label_contains("0 claim(s) added, 1 changed, 1 removed")
            .is_some()
    );
    harness.get_by_label("Restore").click();
    harness.run();
    let app = harness.state();
    assert!(app.modal().is_none(), "the offer is answered");
    assert_eq!(*app.ws().project(), recovered);
    assert!(app.ws().is_dirty(), "restored work is unsaved until saved");
}

#[test]
fn saving_over_a_file_someone_else_changed_asks_first() {
    let mut harness = harness();
    let path = harness
        .state()
        .ws()
        .path()
        .map(std::path::Path::to_owned)
        .expect("a file");
    harness
        .state_mut()
        .push(triangulate::ui::command::Command::Edit {
            edit: triangulate::edit::Edit::SetProjectInfo {
                title: "Mine".into(),
                description: String::new(),
            },
            label: "Rename project".into(),
        });
    harness.run();
    // A colleague saves their version (a git pull, a shared folder).
    let mut theirs = triangulate::io::project_file::load(&path)
        .expect("loads")
        .project;
    theirs.title = "Theirs".into();
    triangulate::io::project_file::save(&path, &theirs).expect("their save");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    common::finish_jobs(&mut harness, "the save");
    assert!(harness.query_by_label("The file changed on disk").is_some());
    let on_disk = || {
        triangulate::io::project_file::load(&path)
            .expect("loads")
            .project
            .title
    };
    assert_eq!(on_disk(), "Theirs", "nothing was overwritten yet");

    // Reload takes theirs.
    harness.get_by_label("Reload").click();
    harness.run();
    common::finish_jobs(&mut harness, "reloading");
    assert_eq!(harness.state().ws().project().title, "Theirs");
    assert!(!harness.state().ws().is_dirty());

    // Change again, they change again, and this time overwrite.
    harness
        .state_mut()
        .push(triangulate::ui::command::Command::Edit {
            edit: triangulate::edit::Edit::SetProjectInfo {
                title: "Mine again".into(),
                description: String::new(),
            },
            label: "Rename project".into(),
        });
    harness.run();
    theirs.title = "Theirs again".into();
    triangulate::io::project_file::save(&path, &theirs).expect("their save");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    common::finish_jobs(&mut harness, "the save");
    harness.get_by_label("Overwrite").click();
    harness.run();
    common::finish_jobs(&mut harness, "overwriting");
    assert_eq!(on_disk(), "Mine again");
    assert!(!harness.state().ws().is_dirty());
}

#[test]
fn merging_two_propositions_in_the_propositions_window_undoes_in_one_step() {
    let mut harness = harness();
    let before = harness.state().ws().project().clone();
    let (from, into) = {
        let project = &harness.state().ws().project();
        let count = |id| {
            project
                .claims
                .iter()
                .filter(|c| c.proposition == Some(id))
                .count()
        };
        let mut used: Vec<_> = project
            .propositions
            .iter()
            .filter(|p| count(p.id) > 0)
            .cloned()
            .collect();
        used.sort_by_key(|p| count(p.id));
        (used[0].clone(), used[1].clone())
    };
    let moved = before
        .claims
        .iter()
        .filter(|c| c.proposition == Some(from.id))
        .count();

    harness.key_press_modifiers(Modifiers::COMMAND, Key::P);
    harness.run();
    assert!(
        harness.state().propositions.open,
        "Ctrl+P opens the propositions window"
    );
    let window = || (Role::Window, "Propositions");
    harness
        .get_by_role_and_label(window().0, window().1)
        .get_by_label(&from.text)
        .click_accesskit();
    harness.run();
    harness
        .get_by_role_and_label(Role::ComboBox, "Merge into")
        .click_accesskit();
    harness.run();
    harness
        .get_all_by_label(&into.text)
        .last()
        .expect("the option")
        .click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Merge").click();
    harness.run();

    let project = &harness.state().ws().project();
    assert!(project.proposition(from.id).is_none(), "merged away");
    let on_into = project
        .claims
        .iter()
        .filter(|c| c.proposition == Some(into.id))
        .count();
    let had = before
        .claims
        .iter()
        .filter(|c| c.proposition == Some(into.id))
        .count();
    assert_eq!(on_into, had + moved);
    assert_eq!(
        harness.state().ws().history().undo_label(),
        Some("Merge propositions")
    );

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        *harness.state().ws().project(),
        before,
        "one undo restores both propositions"
    );
}

#[test]
fn an_orphaned_claim_is_re_attached_by_selecting_new_text() {
    let mut harness = harness();
    let document = harness.state().panes[0].document.expect("a document");
    let claim = harness
        .state()
        .ws()
        .project()
        .claims_on(document)
        .min_by_key(|c| c.range.start)
        .expect("a claim")
        .clone();
    // Lose its text by editing the document, as an analyst cleaning it up might.
    let text = harness
        .state()
        .ws()
        .project()
        .document(document)
        .expect("doc")
        .text
        .clone();
    let cut = text.find("\n\n").expect("paragraphs") + 2;
    let outcome = triangulate::document_edit::edit_document_text(
        harness.state().ws().project(),
        document,
        &text[cut..],
    )
    .expect("edit");
    harness
        .state_mut()
        .push(triangulate::ui::command::Command::Edit {
            edit: outcome.edit,
            label: "Edit document text".into(),
        });
    harness.run();
    assert!(
        harness
            .state()
            .ws()
            .project()
            .claim(claim.id)
            .expect("kept")
            .orphaned
    );
    harness
        .state_mut()
        .push(triangulate::ui::command::Command::SelectClaim(Some(
            claim.id,
        )));
    harness.run();
    // Select new text in its document and re-attach it there.
    harness.state_mut().panes[0].reader.scroll_to = Some(CharRange::new(0, 1));
    harness.run();
    let range = find_in_pane(
        &harness,
        0,
        &text[cut..].chars().take(20).collect::<String>(),
    );
    common::drag_select(&mut harness, 0, range);
    harness
        .get_by_label_contains("Re-attach the orphaned claim")
        .click();
    harness.run();
    let project = &harness.state().ws().project();
    let fixed = project.claim(claim.id).expect("the claim");
    assert!(!fixed.orphaned);
    assert_eq!(
        triangulate::model::slice(&project.document(document).expect("doc").text, fixed.range),
        Some(fixed.quote.exact.as_str())
    );
    assert_eq!(
        harness.state().ws().history().undo_label(),
        Some("Re-attach claim")
    );
}

/// Sets the address of the document in pane 0 and clicks its link button;
/// returns the addresses the app asked the platform to open.
fn click_document_link(harness: &mut Harness<'static, App>, url: &str) -> Vec<String> {
    let app = harness.state();
    let mut document = app
        .panes
        .first()
        .and_then(|p| p.document)
        .and_then(|d| app.ws().project().document(d))
        .expect("pane 0 shows a document")
        .clone();
    document.url = url.into();
    harness
        .state_mut()
        .push(triangulate::ui::command::Command::Edit {
            edit: triangulate::edit::Edit::UpdateDocument(Box::new(document)),
            label: "Set address".into(),
        });
    harness.run();
    harness.get_by_label("Web").click();
    let mut opened = Vec::new();
    for _ in 0..3 {
        harness.step();
        opened.extend(
            harness
                .output()
                .platform_output
                .commands
                .iter()
                .filter_map(|c| match c {
                    egui::OutputCommand::OpenUrl(open) => Some(open.url.clone()),
                    _ => None,
                }),
        );
    }
    opened
}

#[test]
fn a_documents_address_opens_only_on_a_click_and_only_on_the_web() {
    let mut harness = harness();
    let opened = click_document_link(&mut harness, "https://www.unian.info/war/azot");
    assert_eq!(opened, vec!["https://www.unian.info/war/azot".to_owned()]);
    harness.run();

    let opened = click_document_link(&mut harness, "file:///etc/passwd");
    assert!(
        opened.is_empty(),
        "a local path is never opened: {opened:?}"
    );
    harness.run();
    let notice = harness.state().last_notice().unwrap_or_default().to_owned();
    assert!(notice.starts_with("Not opened"), "{notice}");
    assert!(!triangulate::ui::app::is_web_address("javascript:alert(1)"));
    assert!(!triangulate::ui::app::is_web_address(
        "https://a.example/ x"
    ));
}
