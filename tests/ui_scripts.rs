//! Every script an analyst reads (issue 15), in the real app with the system's
//! fonts: Arabic, Hebrew, Chinese, Japanese and a mixed paragraph. A word is
//! dragged over (or double-clicked) as an analyst would; the claim made quotes
//! exactly that word, and its highlight covers exactly the glyphs egui drew for
//! that word. Right-to-left lines read right to left, numbers in them left to
//! right. The harness has no allowance for missing glyphs: a box fails.
#![cfg(feature = "gui")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

use egui::{Key, Modifiers, Pos2, Rect};
use egui_kittest::Harness;

mod common;
use triangulate::model::{CharRange, Document, Project};
use triangulate::ui::App;
use triangulate::ui::command::Command;
use triangulate::workspace::Workspace;

const ARABIC: &str = include_str!("fixtures/scripts/ar.txt");
const HEBREW: &str = include_str!("fixtures/scripts/he.txt");
const CHINESE: &str = include_str!("fixtures/scripts/zh.txt");
const JAPANESE: &str = include_str!("fixtures/scripts/ja.txt");
const MIXED: &str = "The governor told reporters: «قال الحاكم إن 568 مدنياً ما زالوا في المصنع» on Wednesday, and Haaretz quoted him as «אמר המושל כי 568 אזרחים נשארו».";

/// Whether the fonts these tests need are installed (a failure under CI).
fn fonts() -> bool {
    common::required(
        common::script_fonts_installed(),
        "fonts for Arabic, Hebrew, Chinese and Japanese (fc-list :lang=ar, he, zh-cn, ja)",
    )
}

/// The app on one document, shown in the first pane.
fn harness_on(text: &str) -> Harness<'static, App> {
    let mut project = Project::new("Scripts");
    project.documents.push(Document::new("Article", text));
    let id = project.documents[0].id;
    let mut harness = common::app_harness_with_fonts(Workspace::new(project), "tester");
    harness.state_mut().push(Command::ShowDocument(id));
    harness.run();
    harness
}

/// Where `word` (its `nth` occurrence) is in the document, in chars.
fn find(text: &str, word: &str, nth: usize) -> CharRange {
    let byte = text
        .match_indices(word)
        .nth(nth)
        .unwrap_or_else(|| panic!("{word:?} is in the text"))
        .0;
    let start = text[..byte].chars().count();
    CharRange::new(start, start + word.chars().count())
}

/// The box of character `offset` in the first pane.
fn char_rect(harness: &Harness<'_, App>, offset: usize) -> Rect {
    let rects = harness.state().panes[0]
        .reader
        .screen_rects_of(CharRange::new(offset, offset + 1));
    *rects
        .first()
        .unwrap_or_else(|| panic!("character {offset} is on screen"))
}

/// Drags from the middle of `range`'s first character to the middle of its last,
/// wherever on screen they are (the last is left of the first in Arabic).
fn drag_over(harness: &mut Harness<'_, App>, range: CharRange) {
    let start = char_rect(harness, range.start).center();
    let end = char_rect(harness, range.end - 1).center();
    common::drag_from_to(harness, start, end);
}

/// Presses and releases the primary button at `pos`, `times` times in a row
/// (twice is a double click), holding `modifiers`. The harness's clock runs at
/// 1/4 s a frame and a click can take a few frames to settle, so the double-click
/// delay is lengthened for the test.
fn click_at(harness: &mut Harness<'_, App>, pos: Pos2, times: usize, modifiers: Modifiers) {
    harness
        .ctx
        .options_mut(|o| o.input_options.max_double_click_delay = 5.0);
    harness.hover_at(pos);
    harness.run();
    for _ in 0..times {
        for pressed in [true, false] {
            harness.event_modifiers(
                egui::Event::PointerButton {
                    pos,
                    button: egui::PointerButton::Primary,
                    pressed,
                    modifiers,
                },
                modifiers,
            );
        }
        harness.step();
    }
    harness.run();
}

/// Takes the quick editor's new claim as it is (Enter) and returns its quote.
fn make_claim(harness: &mut Harness<'_, App>) -> (String, CharRange) {
    assert!(
        harness.state().quick_editor.is_some(),
        "the selection opened the quick editor"
    );
    harness.key_press(Key::Enter);
    harness.run();
    let app = harness.state();
    let claim = app.ws().project().claims.last().expect("a claim was made");
    (claim.quote.exact.clone(), claim.range)
}

/// The characters egui drew inside `rects` (by the centre of each glyph's ink).
fn glyphs_inside(harness: &Harness<'_, App>, rects: &[Rect]) -> Vec<char> {
    let mut chars: Vec<char> = harness.state().panes[0]
        .reader
        .glyphs_on_screen()
        .into_iter()
        .filter(|(_, glyph)| rects.iter().any(|r| r.contains(glyph.center())))
        .map(|(c, _)| c)
        .collect();
    chars.sort_unstable();
    chars
}

fn sorted(word: &str) -> Vec<char> {
    let mut chars: Vec<char> = word.chars().collect();
    chars.sort_unstable();
    chars
}

/// Drags over `word`, makes a claim of it, and checks its quote and that its
/// highlight covers the word's glyphs and no other.
fn claim_by_drag(text: &str, word: &str, nth: usize) -> Harness<'static, App> {
    let mut harness = harness_on(text);
    let range = find(text, word, nth);
    drag_over(&mut harness, range);
    let (quote, claimed) = make_claim(&mut harness);
    assert_eq!(quote, word, "the claim quotes the word dragged over");
    assert_eq!(claimed, range);
    harness.run();
    let rects = harness.state().panes[0].reader.screen_rects_of(claimed);
    assert!(!rects.is_empty(), "the claim is highlighted");
    assert_eq!(
        glyphs_inside(&harness, &rects),
        sorted(word),
        "the highlight of {word:?} covers its glyphs and no others ({rects:?})"
    );
    harness
}

#[test]
fn an_arabic_word_dragged_over_is_the_claim_and_its_highlight() {
    if !fonts() {
        return;
    }
    claim_by_drag(ARABIC, "لوغانسك", 1);
}

#[test]
fn a_hebrew_word_dragged_over_is_the_claim_and_its_highlight() {
    if !fonts() {
        return;
    }
    claim_by_drag(HEBREW, "אזרחים", 0);
}

#[test]
fn a_chinese_word_dragged_over_is_the_claim_not_the_sentence() {
    if !fonts() {
        return;
    }
    claim_by_drag(CHINESE, "俄罗斯", 0);
}

#[test]
fn a_japanese_word_dragged_over_is_the_claim_not_the_sentence() {
    if !fonts() {
        return;
    }
    claim_by_drag(JAPANESE, "ロシア", 0);
}

#[test]
fn words_in_a_mixed_paragraph_land_where_they_are_drawn() {
    if !fonts() {
        return;
    }
    claim_by_drag(MIXED, "الحاكم", 0);
    claim_by_drag(MIXED, "המושל", 0);
    claim_by_drag(MIXED, "Wednesday", 0);
}

#[test]
fn right_to_left_lines_read_right_to_left_and_numbers_left_to_right() {
    if !fonts() {
        return;
    }
    for text in [ARABIC, HEBREW] {
        let harness = harness_on(text);
        let x = |offset: usize| char_rect(&harness, offset).center().x;
        // The paragraph's first two words: the first is right of the second.
        let paragraph = text.split('\n').nth(2).expect("a second paragraph");
        let start = text[..text.find(paragraph).expect("found")].chars().count();
        let second_word = paragraph
            .find(' ')
            .map(|b| paragraph[..b].chars().count() + 1);
        let second_word = start + second_word.expect("two words");
        assert!(x(start) > x(second_word), "the first word is on the right");
        // The paragraph is aligned right: its first character is near the pane's right.
        let viewport = harness.state().panes[0].reader.viewport().expect("drawn");
        assert!(
            viewport.right() - char_rect(&harness, start).right() < 60.0,
            "the right-to-left paragraph is aligned right"
        );
        // 568 reads 5, 6, 8 from left to right.
        let number = find(text, "568", 0);
        let (five, six, eight) = (x(number.start), x(number.start + 1), x(number.start + 2));
        assert!(five < six && six < eight, "568 is not drawn reversed");
        // And what is drawn there is 5, 6 and 8, in that order.
        let rects = harness.state().panes[0].reader.screen_rects_of(number);
        let mut drawn: Vec<(f32, char)> = harness.state().panes[0]
            .reader
            .glyphs_on_screen()
            .into_iter()
            .filter(|(_, g)| rects.iter().any(|r| r.contains(g.center())))
            .map(|(c, g)| (g.center().x, c))
            .collect();
        drawn.sort_by(|a, b| a.0.total_cmp(&b.0));
        let drawn: String = drawn.into_iter().map(|(_, c)| c).collect();
        assert_eq!(drawn, "568");
    }
}

#[test]
fn shift_click_extends_a_right_to_left_selection_in_logical_order() {
    if !fonts() {
        return;
    }
    let mut harness = harness_on(ARABIC);
    let first = find(ARABIC, "حاكم", 0);
    let second = find(ARABIC, "منطقة", 0);
    let click = char_rect(&harness, first.start + 1).center();
    click_at(&mut harness, click, 1, Modifiers::NONE);
    let extend = char_rect(&harness, second.start + 2).center();
    click_at(&mut harness, extend, 1, Modifiers::SHIFT);
    let (quote, _) = make_claim(&mut harness);
    assert_eq!(quote, "حاكم منطقة");
}

#[test]
fn a_double_click_selects_one_word_in_every_script() {
    if !fonts() {
        return;
    }
    for (text, word) in [
        (ARABIC, "للكيماويات"),
        (CHINESE, "俄罗斯"),
        (JAPANESE, "ロシア"),
        (MIXED, "governor"),
    ] {
        let mut harness = harness_on(text);
        let range = find(text, word, 0);
        let at = char_rect(&harness, range.start + 1).center();
        click_at(&mut harness, at, 2, Modifiers::NONE);
        let (quote, _) = make_claim(&mut harness);
        assert_eq!(quote, word);
    }
}

/// The galley `line_text` makes of `text` for `width`, drawn once in a label
/// (with the system's fonts when `system_fonts`).
fn label_galley(
    text: &'static str,
    width: f32,
    system_fonts: bool,
) -> std::sync::Arc<egui::Galley> {
    let mut harness = Harness::builder().allow_missing_glyphs().build_ui_state(
        move |ui, shown: &mut Option<std::sync::Arc<egui::Galley>>| {
            let label = triangulate::ui::bidi_layout::line_text(ui, text, width);
            if let egui::WidgetText::Galley(galley) = &label {
                *shown = Some(galley.clone());
            }
            ui.label(label);
        },
        None,
    );
    if system_fonts {
        triangulate::ui::install_system_fonts(&harness.ctx);
    }
    harness.run();
    harness.state().clone().expect("laid out in visual order")
}

#[test]
fn labels_read_right_to_left_and_keep_their_text() {
    if !fonts() {
        return;
    }
    let text = "قال الحاكم إن 568 مدنياً ما زالوا في المصنع";
    let galley = label_galley(text, 1000.0, true);
    // What a screen reader and a copy get is the text as stored.
    assert_eq!(galley.text(), text);
    let mut glyphs: Vec<(f32, char)> = galley
        .rows
        .iter()
        .flat_map(|row| {
            row.row
                .glyphs
                .iter()
                .filter(|g| !g.uv_rect.is_nothing())
                .map(move |g| (row.pos.x + g.pos.x, g.chr))
        })
        .collect();
    glyphs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let at = |c: char| glyphs.iter().position(|g| g.1 == c).expect("drawn");
    assert!(
        at('5') < at('6') && at('6') < at('8'),
        "568 reads left to right"
    );
    let rightmost = glyphs.last().expect("glyphs").1;
    assert!(
        "قال".contains(rightmost),
        "the first word is at the right end"
    );
    // Cut to a narrow width, it ends (at its left) with "…".
    let galley = label_galley(text, 120.0, false);
    assert!(
        galley.size().x <= 121.0,
        "cut to the width: {}",
        galley.size().x
    );
    let leftmost = galley
        .rows
        .iter()
        .flat_map(|row| {
            row.row
                .glyphs
                .iter()
                .map(move |g| (row.pos.x + g.pos.x, g.chr))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .expect("glyphs");
    assert_eq!(
        leftmost.1, '…',
        "the cut is at the logical end, on the left"
    );
}

#[test]
fn emoji_and_the_sample_corpus_draw_without_boxes() {
    if !fonts() {
        return;
    }
    // Flags, skin tones, a family (joined by ZWJ), an astral letter, hearts.
    let emoji = "Kyiv 🇺🇦 and Ottawa 🇨🇦 ✊🏻 👨‍👩‍👧 𝕏 😀 ❤️ 🔥 — 568 civilians";
    let mut harness = harness_on(emoji);
    harness.run();
    let drawn = harness.state().panes[0].reader.glyphs_on_screen();
    assert!(drawn.iter().any(|(c, _)| *c == '😀'), "the emoji are drawn");
    // Every document of the sample, shown in turn: the harness fails on a glyph
    // that no font has.
    let ws = Workspace::open(std::path::Path::new(triangulate::SAMPLE_PROJECT_PATH))
        .expect("the sample opens");
    let ids: Vec<_> = ws.project().documents.iter().map(|d| d.id).collect();
    let mut harness = common::app_harness_with_fonts(ws, "tester");
    for id in ids {
        harness.state_mut().push(Command::ShowDocument(id));
        harness.run();
    }
}

#[test]
fn a_wrapped_label_keeps_its_lines() {
    use std::sync::Arc;
    if !fonts() {
        return;
    }
    let text = "Haidai (governor)\nقال الحاكم إن 568 مدنياً";
    let mut harness = Harness::builder().allow_missing_glyphs().build_ui_state(
        |ui, shown: &mut Option<Arc<egui::Galley>>| {
            let label = triangulate::ui::bidi_layout::wrapped_text(ui, text, 300.0);
            if let egui::WidgetText::Galley(galley) = &label {
                *shown = Some(galley.clone());
            }
            ui.label(label);
        },
        None,
    );
    harness.run();
    let galley = harness.state().clone().expect("laid out");
    assert_eq!(galley.text(), text);
    let top_of = |c: char| {
        galley
            .rows
            .iter()
            .find(|row| row.row.glyphs.iter().any(|g| g.chr == c))
            .map(|row| row.pos.y)
            .expect("drawn")
    };
    assert!(
        top_of('H') < top_of('5'),
        "the second line is below the first"
    );
    // The Arabic line is right-aligned in the width.
    let right = galley
        .rows
        .iter()
        .filter(|row| row.row.glyphs.iter().any(|g| g.chr == '5'))
        .map(|row| row.pos.y)
        .next()
        .expect("the Arabic line");
    let line_right = galley
        .rows
        .iter()
        .filter(|row| row.pos.y == right)
        .map(|row| row.pos.x + row.row.size.x)
        .fold(0.0, f32::max);
    assert!(line_right > 290.0, "right-aligned: ends at {line_right}");
}
