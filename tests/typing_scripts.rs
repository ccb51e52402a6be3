//! Typing in every script (issue 15, part 4): the quick editor's Source, Tags and Note
//! fields, the claim editor's source, tag and note fields and a pane's find bar take
//! what an input method (IME) composes — pre-edit text first, then the committed
//! text — and right-to-left text typed letter by letter, and what is typed ends up in
//! the claim or finds the word in the document.
//!
//! A real window gets IME events from the platform only while the focused widget asks
//! for them (`PlatformOutput::ime`), so each test also checks that the field does.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use egui::accesskit::Role;
use egui::{Event, ImeEvent, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use triangulate::model::{CharRange, Claim, Document, Project};
use triangulate::ui::App;
use triangulate::workspace::Workspace;

mod common;

/// The first document (pane 1): English, then Chinese, then a composed "é".
const MIXED: &str = "Haidai said 568 civilians remain at Azot. 据塔斯社报道，约有1200名平民在阿佐特工厂避难。 Café Azot.";

/// The second document (pane 2): Arabic, with a Hebrew sentence.
const ARABIC: &str = "قال الحاكم سيرهي غايداي إن 568 مدنياً ما زالوا في مصنع أزوت.\nלפי הדיווח, 24 אזרחים נותרו במפעל.";

/// The app on a project of the two documents, one in each pane.
fn harness() -> Harness<'static, App> {
    let mut project = Project::new("Scripts");
    project.documents.push(Document::new("Mixed", MIXED));
    project.documents.push(Document::new("عربي", ARABIC));
    common::app_harness(Workspace::new(project), "tester")
}

/// The app with the quick editor open on "Haidai said" in pane 1.
fn editor_open() -> Harness<'static, App> {
    let mut harness = harness();
    common::drag_select(&mut harness, 0, CharRange::new(0, 11));
    assert!(
        harness.state().quick_editor.is_some(),
        "the quick editor is open"
    );
    harness
}

/// The text field labelled `label`, one line or several.
fn field<'h>(harness: &'h Harness<'static, App>, label: &'h str) -> egui_kittest::Node<'h> {
    harness
        .query_by_role_and_label(Role::TextInput, label)
        .or_else(|| harness.query_by_role_and_label(Role::MultilineTextInput, label))
        .unwrap_or_else(|| panic!("no text field labelled {label}"))
}

/// Clicks the text field labelled `label` and checks that it has the keyboard and
/// asks the platform for its input method.
fn focus(harness: &mut Harness<'static, App>, label: &str) {
    field(harness, label).click();
    harness.run();
    assert!(
        field(harness, label).is_focused(),
        "{label} has the keyboard"
    );
    assert_ime_wanted(harness, label);
}

/// Checks that the focused field asks the window for IME input, as a text field must
/// for the platform to send it any.
#[track_caller]
fn assert_ime_wanted(harness: &Harness<'static, App>, what: &str) {
    assert!(
        harness.output().platform_output.ime.is_some(),
        "{what} does not ask for the input method"
    );
}

/// Composes `committed` as an IME does: two pre-edits (shown in the field as typed so
/// far), then the commit.
fn compose(harness: &mut Harness<'static, App>, preedits: [&str; 2], committed: &str) {
    for text in preedits {
        harness.event(Event::Ime(ImeEvent::Preedit {
            text: text.to_owned(),
            active_range_chars: Some(0..text.chars().count()),
        }));
        harness.run();
    }
    harness.event(Event::Ime(ImeEvent::Commit(committed.to_owned())));
    harness.run();
}

/// The text of the field labelled `label`, as the screen reader sees it.
fn field_value(harness: &Harness<'static, App>, label: &str) -> String {
    field(harness, label).value().unwrap_or_default()
}

/// The claim made last.
fn last_claim(harness: &Harness<'static, App>) -> Claim {
    harness
        .state()
        .ws()
        .project()
        .claims
        .last()
        .cloned()
        .expect("a claim was made")
}

#[test]
fn the_quick_editor_source_takes_composed_and_right_to_left_names() {
    let mut harness = editor_open();
    focus(&mut harness, "Source");
    harness.event(Event::Ime(ImeEvent::Preedit {
        text: "bei".into(),
        active_range_chars: Some(0..3),
    }));
    harness.run();
    assert_eq!(
        field_value(&harness, "Source"),
        "bei",
        "the pre-edit shows in the field"
    );
    compose(&mut harness, ["beidun", "北顿"], "北顿涅茨克");
    let editor = harness.state().quick_editor.clone().expect("still open");
    assert_eq!(
        editor.source, "北顿涅茨克",
        "the commit replaces the pre-edit"
    );
    // Then Arabic, letter by letter, after a space.
    for text in [" ", "س", "ي", "ر", "ه", "ي"] {
        field(&harness, "Source").type_text(text);
        harness.run();
    }
    assert_eq!(
        harness
            .state()
            .quick_editor
            .as_ref()
            .map(|e| e.source.as_str()),
        Some("北顿涅茨克 سيرهي")
    );
    harness.key_press(Key::Enter);
    harness.run();
    assert!(
        harness.state().quick_editor.is_none(),
        "Enter made the claim"
    );
    let claim = last_claim(&harness);
    assert_eq!(claim.quote.exact, "Haidai said");
    assert_eq!(
        harness.state().ws().project().asserted_by(&claim),
        "北顿涅茨克 سيرهي"
    );
}

#[test]
fn the_quick_editor_tags_and_note_take_composed_and_right_to_left_text() {
    let mut harness = editor_open();
    focus(&mut harness, "Tags");
    compose(&mut harness, ["ping", "平民"], "平民/避难");
    field(&harness, "Tags").type_text(", אזרחים");
    harness.run();
    assert_eq!(
        harness
            .state()
            .quick_editor
            .as_ref()
            .map(|e| e.tags.as_str()),
        Some("平民/避难, אזרחים")
    );

    focus(&mut harness, "Note");
    compose(&mut harness, ["ちゅうい", "注意"], "注意");
    field(&harness, "Note").type_text(" ملاحظة: 568");
    harness.run();
    assert_eq!(
        harness
            .state()
            .quick_editor
            .as_ref()
            .map(|e| e.note.as_str()),
        Some("注意 ملاحظة: 568")
    );

    harness.get_by_label("Create claim").click();
    harness.run();
    assert!(harness.state().quick_editor.is_none(), "the claim was made");
    let claim = last_claim(&harness);
    let project = harness.state().ws().project();
    assert_eq!(project.tag_list(&claim), "平民/避难, אזרחים");
    assert_eq!(claim.note, "注意 ملاحظة: 568");
}

#[test]
fn the_claim_editor_takes_composed_and_right_to_left_text() {
    // A claim made with nothing but a stance, then edited in the claims panel.
    let mut harness = editor_open();
    harness.key_press(Key::Enter);
    harness.run();
    let id = last_claim(&harness).id;
    assert_eq!(
        harness.state().selected,
        Some(id),
        "the new claim is selected"
    );

    // The source picker: composed, then taken with Enter as a new source.
    focus(&mut harness, "Source");
    compose(&mut harness, ["tasi", "塔斯"], "塔斯社");
    harness.key_press(Key::Enter);
    harness.run();
    let claim = last_claim(&harness);
    assert_eq!(harness.state().ws().project().asserted_by(&claim), "塔斯社");

    // The tag picker: Hebrew typed, taken with Enter as a new tag.
    focus(&mut harness, "Tags");
    field(&harness, "Tags").type_text("אזרחים");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    let claim = last_claim(&harness);
    assert_eq!(harness.state().ws().project().tag_list(&claim), "אזרחים");

    // The note: composed Japanese, then Arabic typed.
    focus(&mut harness, "Note");
    compose(&mut harness, ["ちゅうい", "注意"], "注意");
    field(&harness, "Note").type_text(" ملاحظة");
    harness.run();
    assert_eq!(last_claim(&harness).note, "注意 ملاحظة");
}

#[test]
fn the_find_bar_finds_what_an_input_method_composes() {
    let mut harness = harness();
    // Ctrl+F in pane 1 opens its find bar with the keyboard in it.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    assert!(harness.state().panes[0].find_open, "the find bar is open");
    assert!(
        field(&harness, "Find").is_focused(),
        "Ctrl+F puts the keyboard in the find field"
    );
    assert_ime_wanted(&harness, "the find field");
    compose(&mut harness, ["ping", "平"], "平民");
    let pane = &harness.state().panes[0];
    assert_eq!(pane.find, "平民");
    let hit = CharRange::new(56, 58);
    assert_eq!(
        MIXED
            .chars()
            .skip(hit.start)
            .take(hit.len())
            .collect::<String>(),
        "平民"
    );
    assert_eq!(pane.reader.find_hits, vec![hit]);
    harness.get_by_label("1 match");

    // An input method may commit "é" as "e" and a combining accent; the text is NFC.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    compose(&mut harness, ["cafe", "cafe\u{301}"], "cafe\u{301}");
    let hits = harness.state().panes[0].reader.find_hits.clone();
    assert_eq!(hits.len(), 1, "{hits:?}");
    let found: String = MIXED
        .chars()
        .skip(hits[0].start)
        .take(hits[0].len())
        .collect();
    assert_eq!(found, "Café");
}

#[test]
fn the_find_bar_finds_right_to_left_words_typed_in_it() {
    let mut harness = harness();
    // The second pane's find bar: Ctrl+F while that pane has the focus.
    harness.state_mut().focused_pane = 1;
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    assert!(
        harness.state().panes[1].find_open,
        "pane 2's find bar is open"
    );
    assert_ime_wanted(&harness, "the find field");
    field(&harness, "Find").type_text("مدنياً");
    harness.run();
    let arabic: Vec<char> = ARABIC.chars().collect();
    let hits = harness.state().panes[1].reader.find_hits.clone();
    assert_eq!(hits.len(), 1, "{hits:?}");
    let found: String = arabic[hits[0].start..hits[0].end].iter().collect();
    assert_eq!(found, "مدنياً");

    // Hebrew from an input method (an on-screen keyboard, dictation) replaces it.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    compose(&mut harness, ["א", "אזר"], "אזרחים");
    let hits = harness.state().panes[1].reader.find_hits.clone();
    assert_eq!(harness.state().panes[1].find, "אזרחים");
    assert_eq!(hits.len(), 1, "{hits:?}");
    let found: String = arabic[hits[0].start..hits[0].end].iter().collect();
    assert_eq!(found, "אזרחים");
}
