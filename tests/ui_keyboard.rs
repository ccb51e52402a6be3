//! Keyboard all the way (issue 17): from reading to a saved claim without the
//! mouse, the claims table's keys, Tab kept out of the menus, and the shortcuts
//! window listing the keys.
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
use egui_kittest::kittest::{NodeT as _, Queryable as _};

mod common;
use triangulate::model::{CharRange, ClaimId};
use triangulate::ui::App;
use triangulate::ui::claims_panel::filter_text_id;
use triangulate::ui::reader::{next_word_end, previous_word_start};

/// Presses `key` with `modifiers` and draws.
fn press(harness: &mut Harness<'static, App>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

/// Types `text` into whatever has the keyboard (no widget is clicked).
fn type_keys(harness: &mut Harness<'static, App>, text: &str) {
    harness
        .input_mut()
        .events
        .push(egui::Event::Text(text.to_owned()));
    harness.run();
}

/// The start of the first two words of pane 0's document that no claim touches,
/// on screen.
fn unclaimed_words(harness: &Harness<'static, App>) -> usize {
    let app = harness.state();
    let project = app.ws().project();
    let document = app.panes[0].document.expect("pane 0 shows a document");
    let text = &project.document(document).expect("document").text;
    let claimed: Vec<CharRange> = project.claims_on(document).map(|c| c.range).collect();
    let mut at = 0;
    loop {
        let end = next_word_end(text, next_word_end(text, at));
        let start = previous_word_start(text, next_word_end(text, at));
        let span = CharRange::new(start, end + 1);
        let on_screen = app.panes[0].reader.screen_pos_of(start).is_some()
            && app.panes[0].reader.screen_pos_of(end).is_some();
        if start >= at && !claimed.iter().any(|c| c.overlaps(span)) && on_screen {
            return start;
        }
        assert!(end > at, "no unclaimed words on screen");
        at = next_word_end(text, at) + 1;
    }
}

#[test]
fn a_claim_is_made_from_the_keyboard_alone() {
    let (_dir, mut harness) = common::sample_harness();
    let start = unclaimed_words(&harness);
    // One click puts the caret before the words and gives the pane the keyboard.
    let pos = common::char_pos(&harness, 0, start) + Vec2::new(0.5, 0.0);
    harness.drag_at(pos);
    harness.run();
    harness.drop_at(pos);
    harness.run();
    assert_eq!(harness.state().panes[0].reader.caret, Some(start));
    assert!(harness.state().quick_editor.is_none());

    // Shift+Ctrl+Right twice selects two words.
    let words = Modifiers::SHIFT | Modifiers::COMMAND;
    press(&mut harness, words, Key::ArrowRight);
    press(&mut harness, words, Key::ArrowRight);
    let text = {
        let app = harness.state();
        let document = app.panes[0].document.unwrap();
        app.ws().project().document(document).unwrap().text.clone()
    };
    let end = next_word_end(&text, next_word_end(&text, start));
    let selection = harness.state().panes[0]
        .reader
        .selection
        .expect("a selection");
    assert_eq!(selection.range(), CharRange::new(start, end));
    assert_eq!(harness.state().panes[0].reader.caret, Some(end));

    // Shift+Left and Shift+Right take a character off and put it back.
    press(&mut harness, Modifiers::SHIFT, Key::ArrowLeft);
    let selection = harness.state().panes[0].reader.selection.unwrap();
    assert_eq!(selection.range(), CharRange::new(start, end - 1));
    press(&mut harness, Modifiers::SHIFT, Key::ArrowRight);

    // Enter opens the quick editor on exactly that range.
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let editor = harness
        .state()
        .quick_editor
        .clone()
        .expect("the editor opened");
    assert_eq!(editor.range, CharRange::new(start, end));

    // The editor opens on its stance row: 3 is the third stance.
    press(&mut harness, Modifiers::NONE, Key::Num3);
    let third = harness.state().ws().project().stances[2].id;
    assert_eq!(
        harness.state().quick_editor.as_ref().unwrap().stance,
        Some(third)
    );

    // Tab to Source, type, take a suggestion with Down and Enter.
    press(&mut harness, Modifiers::NONE, Key::Tab);
    type_keys(&mut harness, "Ukr");
    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let editor = harness
        .state()
        .quick_editor
        .clone()
        .expect("Enter took the name");
    // The first name offered: the project's first source that contains "ukr".
    let offered = harness
        .state()
        .ws()
        .project()
        .sources
        .iter()
        .map(|s| s.name.clone())
        .find(|n| n.to_lowercase().contains("ukr"))
        .expect("a source to offer");
    assert_eq!(editor.source, offered);

    // Tab through tags, proposition, value and note.
    press(&mut harness, Modifiers::NONE, Key::Tab);
    type_keys(&mut harness, "keyboard/test");
    press(&mut harness, Modifiers::NONE, Key::Tab);
    type_keys(&mut harness, "Made without a mouse");
    press(&mut harness, Modifiers::NONE, Key::Tab);
    type_keys(&mut harness, "42");
    press(&mut harness, Modifiers::NONE, Key::Tab);
    type_keys(&mut harness, "typed");
    let editor = harness.state().quick_editor.clone().expect("still open");
    assert_eq!(editor.tags, "keyboard/test");
    assert_eq!(editor.proposition, "Made without a mouse");
    assert_eq!(editor.value, "42");
    assert_eq!(editor.note, "typed");

    // Enter in the note creates the claim.
    let before = harness.state().ws().project().claims.len();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert!(
        harness.state().quick_editor.is_none(),
        "Enter made the claim"
    );
    let project = harness.state().ws().project();
    assert_eq!(project.claims.len(), before + 1);
    let claim = project.claims.last().unwrap();
    assert_eq!(claim.range, CharRange::new(start, end));
    assert_eq!(claim.stance, Some(third));
    assert_eq!(project.asserted_by(claim), offered);
    assert_eq!(project.tag_list(claim), "keyboard/test");
    let proposition = claim.proposition.and_then(|p| project.proposition(p));
    assert_eq!(proposition.unwrap().text, "Made without a mouse");
    assert_eq!(claim.value, "42");
    assert_eq!(claim.note, "typed");
}

#[test]
fn tab_in_the_quick_editor_cycles_and_escape_gives_the_pane_its_keyboard_back() {
    let (_dir, mut harness) = common::sample_harness();
    let start = unclaimed_words(&harness);
    let pos = common::char_pos(&harness, 0, start) + Vec2::new(0.5, 0.0);
    harness.drag_at(pos);
    harness.run();
    harness.drop_at(pos);
    harness.run();
    press(
        &mut harness,
        Modifiers::SHIFT | Modifiers::COMMAND,
        Key::ArrowRight,
    );
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert!(harness.state().quick_editor.is_some());
    let stance_row = triangulate::ui::quick_editor::stance_row_id();
    assert_eq!(harness.ctx.memory(|m| m.focused()), Some(stance_row));
    // Stance, source, tags, proposition, value, note, create, cancel: round again.
    let mut seen = Vec::new();
    for _ in 0..12 {
        press(&mut harness, Modifiers::NONE, Key::Tab);
        let focused = harness
            .ctx
            .memory(|m| m.focused())
            .expect("something has the keyboard");
        seen.push(focused);
        if focused == stance_row {
            break;
        }
    }
    assert_eq!(seen.last(), Some(&stance_row), "Tab came round: {seen:?}");
    assert!(
        seen.len() >= 8,
        "every field and button is a stop: {seen:?}"
    );
    assert!(
        harness.state().quick_editor.is_some(),
        "Tab created nothing"
    );
    // Shift+Tab from the stance row goes back to Cancel, not out of the editor.
    press(&mut harness, Modifiers::SHIFT, Key::Tab);
    let back = harness.ctx.memory(|m| m.focused());
    assert_eq!(
        back,
        seen.get(seen.len() - 2).copied(),
        "back to the last button"
    );
    assert!(no_menu_has_focus(&harness));

    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(harness.state().quick_editor.is_none());
    // The pane has the keyboard again: the caret moves.
    let caret = harness.state().panes[0].reader.caret;
    press(&mut harness, Modifiers::NONE, Key::ArrowRight);
    assert_ne!(harness.state().panes[0].reader.caret, caret);
}

/// Whether no menu bar button nor menu item has the keyboard, and no menu is open.
fn no_menu_has_focus(harness: &Harness<'static, App>) -> bool {
    let menu_open = harness.query_by_label("New project").is_some();
    let focused_item = harness
        .query_all_by_role(Role::MenuItem)
        .any(|n| n.is_focused());
    // The menu bar is the strip at the top of the window.
    let focused_bar = harness
        .query_all_by_role(Role::Button)
        .any(|n| n.is_focused() && n.rect().bottom() <= 30.0);
    !menu_open && !focused_item && !focused_bar
}

/// The id of the claim at row `at` of the claims table.
fn row_claim(harness: &Harness<'static, App>, at: usize) -> ClaimId {
    let app = harness.state();
    let index = app.claims_panel.rows()[at];
    app.ws().project().claims[index].id
}

#[test]
fn the_claims_table_answers_arrows_numbers_enter_and_delete() {
    let (_dir, mut harness) = common::sample_harness();
    harness.get_by_label("Claims table").focus();
    harness.run();
    assert_eq!(harness.state().selected, None);
    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    assert_eq!(harness.state().selected, Some(row_claim(&harness, 0)));
    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    assert_eq!(harness.state().selected, Some(row_claim(&harness, 2)));
    press(&mut harness, Modifiers::NONE, Key::ArrowUp);
    let id = row_claim(&harness, 1);
    assert_eq!(harness.state().selected, Some(id));
    press(&mut harness, Modifiers::NONE, Key::End);
    let last = harness.state().claims_panel.rows().len() - 1;
    assert_eq!(harness.state().selected, Some(row_claim(&harness, last)));
    press(&mut harness, Modifiers::NONE, Key::Home);
    assert_eq!(harness.state().selected, Some(row_claim(&harness, 0)));
    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    assert_eq!(harness.state().selected, Some(id));

    // 3 sets the third stance of the scale; Ctrl+Z takes it back.
    let stance_of =
        |harness: &Harness<'static, App>| harness.state().ws().project().claim(id).unwrap().stance;
    let third = harness.state().ws().project().stances[2].id;
    let before = stance_of(&harness);
    let key = if before == Some(third) {
        Key::Num1
    } else {
        Key::Num3
    };
    let wanted = harness.state().ws().project().stances[if key == Key::Num3 { 2 } else { 0 }].id;
    press(&mut harness, Modifiers::NONE, key);
    assert_eq!(stance_of(&harness), Some(wanted));
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(stance_of(&harness), before, "undone");

    // Delete deletes the selected claim; Ctrl+Z brings it back.
    let count = harness.state().ws().project().claims.len();
    press(&mut harness, Modifiers::NONE, Key::Delete);
    assert_eq!(harness.state().ws().project().claims.len(), count - 1);
    assert!(harness.state().ws().project().claim(id).is_none());
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert!(
        harness.state().ws().project().claim(id).is_some(),
        "undo brought it back"
    );

    // Enter puts the keyboard in the selected claim's editor.
    harness.get_by_label("Claims table").focus();
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    let selected = harness.state().selected.expect("a claim is selected");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(
        harness.ctx.memory(|m| m.focused()),
        Some(triangulate::ui::claims_panel::claim_value_id())
    );
    // Digits now go into the Value field, not to the stance.
    let stance = harness
        .state()
        .ws()
        .project()
        .claim(selected)
        .unwrap()
        .stance;
    type_keys(&mut harness, "7");
    let claim = harness
        .state()
        .ws()
        .project()
        .claim(selected)
        .unwrap()
        .clone();
    assert!(
        claim.value.ends_with('7'),
        "typed into the value: {:?}",
        claim.value
    );
    assert_eq!(claim.stance, stance);
}

#[test]
fn delete_in_the_claims_filter_deletes_a_character_not_a_claim() {
    let (_dir, mut harness) = common::sample_harness();
    harness.get_by_label("Claims table").focus();
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    let selected = harness.state().selected.expect("a claim is selected");
    let count = harness.state().ws().project().claims.len();
    harness
        .ctx
        .memory_mut(|m| m.request_focus(filter_text_id()));
    harness.run();
    type_keys(&mut harness, "azot");
    press(&mut harness, Modifiers::NONE, Key::Home);
    press(&mut harness, Modifiers::NONE, Key::Delete);
    assert_eq!(harness.state().claims_panel.filter.text, "zot");
    assert_eq!(harness.state().ws().project().claims.len(), count);
    assert!(harness.state().ws().project().claim(selected).is_some());
}

#[test]
fn tab_from_the_claims_filter_cycles_through_the_panel_and_never_into_the_menus() {
    let (_dir, mut harness) = common::sample_harness();
    harness
        .ctx
        .memory_mut(|m| m.request_focus(filter_text_id()));
    harness.run();
    let mut stops = Vec::new();
    let mut came_back = false;
    for _ in 0..200 {
        press(&mut harness, Modifiers::NONE, Key::Tab);
        assert!(no_menu_has_focus(&harness), "Tab reached the menus");
        let focused = harness.ctx.memory(|m| m.focused());
        assert!(focused.is_some(), "Tab left the keyboard nowhere");
        if focused == Some(filter_text_id()) {
            came_back = true;
            break;
        }
        stops.extend(focused);
    }
    assert!(came_back, "Tab came back to the filter");
    assert!(
        stops.contains(&triangulate::ui::claims_panel::table_focus_id()),
        "the table is a Tab stop"
    );
    // Shift+Tab goes back the same way.
    press(&mut harness, Modifiers::SHIFT, Key::Tab);
    press(&mut harness, Modifiers::SHIFT, Key::Tab);
    assert!(no_menu_has_focus(&harness));
    assert!(harness.ctx.memory(|m| m.focused()).is_some());
}

#[test]
fn the_shortcuts_window_lists_the_keys_by_place() {
    let (_dir, mut harness) = common::sample_harness();
    harness.state_mut().show_shortcuts = true;
    harness.run();
    let labels: Vec<String> = harness
        .query_all_by_role(Role::Label)
        .filter_map(|n| n.accesskit_node().value().map(|v| v.to_string()))
        .collect();
    for wanted in [
        "Shift+any of these",
        "Ctrl+Left, Ctrl+Right",
        "PageUp, PageDown",
        "Tab, Shift+Tab",
        "Make a claim of the selected text (opens the quick editor)",
        "Set the selected claim's stance (undo takes it back)",
        "Claims table (click a row, or Tab to the table)",
    ] {
        assert!(
            labels.iter().any(|l| l == wanted),
            "the shortcuts window lists {wanted:?}"
        );
    }
}

/// Clicks before character `offset` of pane 0's document.
fn click_before(harness: &mut Harness<'static, App>, offset: usize) {
    let pos = common::char_pos(harness, 0, offset) + Vec2::new(0.5, 0.0);
    harness.drag_at(pos);
    harness.run();
    harness.drop_at(pos);
    harness.run();
}

/// The caret of pane 0 and where it is drawn (near enough: the character after
/// it, or before it at the end of a line, or the next one on an empty line).
#[track_caller]
fn caret(harness: &Harness<'static, App>) -> (usize, egui::Pos2) {
    let reader = &harness.state().panes[0].reader;
    let at = reader.caret.expect("a caret");
    let pos = reader
        .screen_pos_of(at)
        .or_else(|| reader.screen_pos_of(at.saturating_sub(1)))
        .or_else(|| reader.screen_pos_of(at + 1))
        .unwrap_or_else(|| panic!("the caret at {at} is not on screen"));
    (at, pos)
}

#[test]
fn up_down_home_end_and_page_keys_move_by_rows_and_keep_the_caret_in_view() {
    let (_dir, mut harness) = common::sample_harness();
    let start = unclaimed_words(&harness);
    click_before(&mut harness, start);
    let (from, from_pos) = caret(&harness);
    assert_eq!(from, start);

    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    let (down, down_pos) = caret(&harness);
    assert!(down > from, "Down moves on in the text");
    assert!(down_pos.y > from_pos.y + 5.0, "Down goes to a lower row");
    assert!(
        (down_pos.x - from_pos.x).abs() < 30.0,
        "near the same x: {from_pos:?} then {down_pos:?}"
    );
    press(&mut harness, Modifiers::NONE, Key::ArrowUp);
    assert_eq!(caret(&harness).0, from, "Up comes back to the same place");

    press(&mut harness, Modifiers::NONE, Key::End);
    let (end, end_pos) = caret(&harness);
    press(&mut harness, Modifiers::NONE, Key::Home);
    let (home, home_pos) = caret(&harness);
    assert!(home <= from && from <= end && home < end);
    assert!((end_pos.y - home_pos.y).abs() < 2.0, "the same row");
    assert!(end_pos.x > home_pos.x);

    // Shift+Down selects from the caret to the same place a row lower.
    press(&mut harness, Modifiers::SHIFT, Key::ArrowDown);
    let selection = harness.state().panes[0].reader.selection.expect("selected");
    assert_eq!(selection.anchor, home);
    assert!(selection.head > home);

    // PageDown scrolls a screen at a time; the caret stays in view.
    let viewport = harness.state().panes[0].reader.viewport().expect("drawn");
    for _ in 0..3 {
        press(&mut harness, Modifiers::NONE, Key::PageDown);
        let (at, pos) = caret(&harness);
        assert!(at > from);
        let viewport = harness.state().panes[0].reader.viewport().expect("drawn");
        assert!(
            viewport.y_range().contains(pos.y),
            "the caret at {pos:?} is in view {viewport:?}"
        );
    }
    assert!(
        harness.state().panes[0].reader.selection.is_none(),
        "no Shift: no selection"
    );
    press(&mut harness, Modifiers::COMMAND, Key::Home);
    assert_eq!(caret(&harness).0, 0);
    let (_, pos) = caret(&harness);
    assert!(
        viewport.y_range().contains(pos.y),
        "back at the top, in view"
    );
}

#[test]
fn right_to_left_rows_take_every_key_without_a_crash() {
    use triangulate::model::{Document, Project};
    use triangulate::ui::command::Command;
    use triangulate::workspace::Workspace;
    let text = "Haidai said so.\nقال حيداي إن 568 مدنيا بقوا في مصنع آزوت مع أطفالهم\nאמר הנציג כי 500 אזרחים נשארו\nEnd.";
    let length = text.chars().count();
    let mut project = Project::new("Scripts");
    project.documents.push(Document::new("Article", text));
    let id = project.documents[0].id;
    let mut harness = common::app_harness(Workspace::new(project), "tester");
    harness.state_mut().push(Command::ShowDocument(id));
    harness.run();
    click_before(&mut harness, 0);
    assert_eq!(harness.state().panes[0].reader.caret, Some(0));

    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    let at = harness.state().panes[0].reader.caret.unwrap();
    assert!((16..=67).contains(&at), "Down went to the Arabic row: {at}");
    let keys = [
        Key::ArrowRight,
        Key::ArrowLeft,
        Key::ArrowDown,
        Key::ArrowUp,
        Key::Home,
        Key::End,
        Key::PageDown,
        Key::PageUp,
    ];
    for modifiers in [Modifiers::NONE, Modifiers::SHIFT, Modifiers::COMMAND] {
        for key in keys {
            for _ in 0..3 {
                press(&mut harness, modifiers, key);
                let at = harness.state().panes[0].reader.caret.unwrap();
                assert!(at <= length, "{key:?}: caret {at} past the end");
            }
        }
    }
    press(&mut harness, Modifiers::COMMAND, Key::End);
    assert_eq!(harness.state().panes[0].reader.caret, Some(length));

    // A selection made by keys in Arabic becomes a claim's range.
    click_before(&mut harness, 20);
    let at = harness.state().panes[0].reader.caret.unwrap();
    assert!((19..=21).contains(&at), "the click put the caret at {at}");
    let words = Modifiers::SHIFT | Modifiers::COMMAND;
    press(&mut harness, words, Key::ArrowRight);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let editor = harness
        .state()
        .quick_editor
        .clone()
        .expect("the editor opened");
    assert_eq!(editor.range, CharRange::new(at, next_word_end(text, at)));
}

#[test]
fn tab_from_a_pane_never_reaches_the_menus() {
    let (_dir, mut harness) = common::sample_harness();
    let start = unclaimed_words(&harness);
    click_before(&mut harness, start);
    for _ in 0..80 {
        press(&mut harness, Modifiers::NONE, Key::Tab);
        assert!(no_menu_has_focus(&harness), "Tab reached the menus");
        assert!(
            harness.ctx.memory(|m| m.focused()).is_some(),
            "Tab left the keyboard nowhere"
        );
    }
}
