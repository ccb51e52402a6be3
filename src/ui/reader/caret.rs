//! The caret of a document pane: where it stands, and how the keys move it and
//! the selection (by character, word, row, row end, page; Shift extends).
//!
//! Movement along the text is in logical order, by grapheme cluster (a letter
//! with its accents, an emoji with its modifiers) or by word; up and down follow
//! the laid-out rows and keep the caret's x. In a right-to-left row the caret
//! stands at a character's right edge, and ←/→ still move in logical order.

use egui::{Pos2, Rect, Ui, pos2, vec2};

use super::super::bidi_layout::BidiParagraph;
use super::{Layout, MARGIN, ParagraphLayout, ReaderState, Selection};

impl Layout {
    /// How many characters the document has (line breaks included).
    pub(super) fn char_count(&self) -> usize {
        self.paragraphs
            .last()
            .map_or(0, |p| p.char_start + p.char_len)
    }

    /// Where a caret before character `offset` stands: a zero-width rectangle one
    /// row high, relative to the document. In a right-to-left run the caret stands
    /// at the character's right edge.
    pub(super) fn caret_rect(&self, text: &str, offset: usize) -> Option<Rect> {
        let index = self.paragraph_of(offset)?;
        let paragraph = self.paragraphs.get(index)?;
        let local = offset
            .saturating_sub(paragraph.char_start)
            .min(paragraph.char_len);
        let rect = match &paragraph.galley {
            None => Rect::from_min_size(Pos2::ZERO, vec2(0.0, self.line_height)),
            Some(ParagraphLayout::Plain(galley)) => {
                galley.pos_from_cursor(egui::text::CCursor::new(local))
            }
            Some(ParagraphLayout::Bidi(laid_out)) => {
                let line = text.get(paragraph.bytes.clone()).unwrap_or_default();
                bidi_caret(laid_out, line, local, self.line_height)
            }
        };
        Some(rect.translate(vec2(MARGIN, paragraph.top)))
    }

    /// The first and last caret positions of the visual row at height `y`
    /// (relative to the document), as character offsets in the document.
    fn row_ends(&self, text: &str, y: f32) -> Option<(usize, usize)> {
        let a = self.char_at(pos2(-1.0e5, y))?;
        let b = self.char_at(pos2(1.0e6, y))?;
        let (start, mut end) = (a.min(b), a.max(b));
        // A wrapped row ends with the space it was broken at: stop before it, so
        // that the caret stays on the row.
        let index = self.paragraph_of(start)?;
        let paragraph = self.paragraphs.get(index)?;
        if end > start
            && end < paragraph.char_start + paragraph.char_len
            && char_at_offset(text, end - 1).is_some_and(char::is_whitespace)
        {
            end -= 1;
        }
        Some((start, end))
    }

    /// The caret position `rows` visual rows below (negative: above) the caret at
    /// `offset`, at `goal_x` (relative to the document), or `pixels` lower when
    /// moving by a page.
    fn vertical(&self, text: &str, offset: usize, goal_x: f32, step: Vertical) -> Option<usize> {
        let rect = self.caret_rect(text, offset)?;
        let y = match step {
            Vertical::Up => rect.top() - self.gap - self.line_height * 0.5,
            Vertical::Down => rect.bottom() + self.gap + self.line_height * 0.5,
            Vertical::Page(pixels) => rect.center().y + pixels,
        };
        if y < 0.0 {
            return Some(0);
        }
        if y > self.height {
            return Some(self.char_count());
        }
        self.char_at(pos2(goal_x, y))
    }
}

/// A move of the caret up or down.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Vertical {
    /// One visual row up.
    Up,
    /// One visual row down.
    Down,
    /// This many points down (negative: up).
    Page(f32),
}

/// What a key does to the caret in a pane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Motion {
    /// One character (grapheme cluster) back: ←.
    Left,
    /// One character (grapheme cluster) on: →.
    Right,
    /// To the start of this or the previous word: Ctrl+←.
    WordLeft,
    /// To the end of this or the next word: Ctrl+→.
    WordRight,
    /// One visual row up, keeping the x position: ↑.
    Up,
    /// One visual row down, keeping the x position: ↓.
    Down,
    /// To the start of the visual row: Home.
    RowStart,
    /// To the end of the visual row: End.
    RowEnd,
    /// One screen up: PageUp.
    PageUp,
    /// One screen down: PageDown.
    PageDown,
    /// To the start of the document: Ctrl+Home.
    DocumentStart,
    /// To the end of the document: Ctrl+End.
    DocumentEnd,
}

impl Motion {
    /// The motion of `key` with `modifiers` (Shift aside: it extends the
    /// selection whatever the motion), if the key moves the caret.
    pub fn of_key(key: egui::Key, modifiers: egui::Modifiers) -> Option<Self> {
        use egui::Key;
        let word = modifiers.command || modifiers.ctrl || modifiers.alt;
        Some(match key {
            Key::ArrowLeft if word => Self::WordLeft,
            Key::ArrowLeft => Self::Left,
            Key::ArrowRight if word => Self::WordRight,
            Key::ArrowRight => Self::Right,
            Key::ArrowUp => Self::Up,
            Key::ArrowDown => Self::Down,
            Key::Home if word => Self::DocumentStart,
            Key::Home => Self::RowStart,
            Key::End if word => Self::DocumentEnd,
            Key::End => Self::RowEnd,
            Key::PageUp => Self::PageUp,
            Key::PageDown => Self::PageDown,
            _ => return None,
        })
    }

    /// Whether it moves along the text (not up or down a row), so that the x
    /// kept for moving up and down is forgotten.
    fn is_horizontal(self) -> bool {
        !matches!(self, Self::Up | Self::Down | Self::PageUp | Self::PageDown)
    }
}

/// The character at `offset` of `text`.
fn char_at_offset(text: &str, offset: usize) -> Option<char> {
    let at = crate::model::byte_offset(text, offset)?;
    text.get(at..)?.chars().next()
}

/// The caret position after the grapheme cluster (a letter with its accents, an
/// emoji with its modifiers, a flag) that starts at `offset`; the end of the text
/// stays where it is. A line break counts as one.
pub fn next_grapheme(text: &str, offset: usize) -> usize {
    use unicode_segmentation::UnicodeSegmentation as _;
    let Some(at) = crate::model::byte_offset(text, offset) else {
        return offset;
    };
    text.get(at..)
        .and_then(|rest| rest.graphemes(true).next())
        .map_or(offset, |g| offset + g.chars().count())
}

/// The caret position before the grapheme cluster that ends at `offset`.
pub fn previous_grapheme(text: &str, offset: usize) -> usize {
    use unicode_segmentation::UnicodeSegmentation as _;
    let Some(at) = crate::model::byte_offset(text, offset) else {
        return offset;
    };
    text.get(..at)
        .and_then(|before| before.graphemes(true).next_back())
        .map_or(offset, |g| offset.saturating_sub(g.chars().count()))
}

/// The end of the word the caret at `offset` is in or before (words as a double
/// click finds them: "pro-Russian" is one); past the last word, the end of the text.
pub fn next_word_end(text: &str, offset: usize) -> usize {
    let Some(at) = crate::model::byte_offset(text, offset) else {
        return offset;
    };
    let rest = text.get(at..).unwrap_or_default();
    let mut count = 0;
    for c in rest.chars() {
        if c.is_alphanumeric() {
            return crate::model::word_at(text, offset + count)
                .end
                .max(offset + count + 1);
        }
        count += 1;
    }
    offset + count
}

/// The start of the word the caret at `offset` is in or after; before the first
/// word, the start of the text.
pub fn previous_word_start(text: &str, offset: usize) -> usize {
    let Some(at) = crate::model::byte_offset(text, offset) else {
        return offset;
    };
    let before = text.get(..at).unwrap_or_default();
    for (back, c) in before.chars().rev().enumerate() {
        if c.is_alphanumeric() {
            let o = offset - back - 1;
            return crate::model::word_at(text, o).start.min(o);
        }
    }
    0
}

/// Whether `c` is written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko…).
fn is_rtl_char(c: char) -> bool {
    matches!(u32::from(c), 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}

/// The caret before character `local` of a right-to-left or mixed paragraph:
/// at the leading edge of that character (its right edge when it is written
/// right to left), or after the last one.
fn bidi_caret(laid_out: &BidiParagraph, line: &str, local: usize, line_height: f32) -> Rect {
    let mut rects = Vec::new();
    let next = line.chars().nth(local);
    let x_y = if let Some(c) = next {
        laid_out.range_rects(local..local + 1, &mut rects);
        rects.first().map(|r| {
            let x = if is_rtl_char(c) { r.right() } else { r.left() };
            (x, r.y_range())
        })
    } else if let Some(c) = local.checked_sub(1).and_then(|p| line.chars().nth(p)) {
        laid_out.range_rects(local - 1..local, &mut rects);
        rects.first().map(|r| {
            let x = if is_rtl_char(c) { r.left() } else { r.right() };
            (x, r.y_range())
        })
    } else {
        None
    };
    match x_y {
        Some((x, y)) => Rect::from_x_y_ranges(x..=x, y),
        None => Rect::from_min_size(Pos2::ZERO, vec2(0.0, line_height)),
    }
}

/// The focus filter of a pane with the keyboard: arrows move the caret, Tab and
/// Escape leave.
pub(super) const READER_KEYS: egui::EventFilter = egui::EventFilter {
    tab: false,
    horizontal_arrows: true,
    vertical_arrows: true,
    escape: false,
};

/// What the keys pressed in a pane with the keyboard did.
#[derive(Default)]
pub(super) struct KeysOutcome {
    /// The caret moved: bring it into view.
    pub(super) moved: bool,
    /// Enter was pressed on a selection: make a claim of it.
    pub(super) claim: bool,
}

/// Moves the caret and the selection by the keys pressed this frame (the pane
/// has the keyboard). `page` is the height of the pane's view.
pub(super) fn handle_keys(
    ui: &Ui,
    state: &mut ReaderState,
    layout: &mut Layout,
    text: &str,
    page: f32,
) -> KeysOutcome {
    let mut outcome = KeysOutcome::default();
    let has_selection = state.selection.is_some_and(|s| s.anchor != s.head);
    let presses: Vec<(egui::Key, egui::Modifiers)> = ui.input_mut(|i| {
        let mut taken = Vec::new();
        i.events.retain(|event| match event {
            egui::Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } if Motion::of_key(*key, *modifiers).is_some()
                || (*key == egui::Key::Enter && has_selection && !modifiers.any()) =>
            {
                taken.push((*key, *modifiers));
                false
            }
            _ => true,
        });
        taken
    });
    for (key, modifiers) in presses {
        let Some(motion) = Motion::of_key(key, modifiers) else {
            outcome.claim = true;
            continue;
        };
        let caret = state.caret.unwrap_or(0).min(layout.char_count());
        // Measure the text around the caret and a screen beyond, not estimate it.
        let top = layout
            .paragraph_of(caret)
            .and_then(|i| layout.paragraphs.get(i))
            .map_or(0.0, |p| p.top);
        layout.lay_out_band(ui, text, top - page * 1.5, top + page * 1.5);
        let here = layout.caret_rect(text, caret);
        let goal_x = state.goal_x.or(here.map(|r| r.left())).unwrap_or(MARGIN);
        let row_y = here.map_or(0.0, |r| r.center().y);
        let moved = match motion {
            Motion::Left => previous_grapheme(text, caret),
            Motion::Right => next_grapheme(text, caret),
            Motion::WordLeft => previous_word_start(text, caret),
            Motion::WordRight => next_word_end(text, caret),
            Motion::Up => layout
                .vertical(text, caret, goal_x, Vertical::Up)
                .unwrap_or(caret),
            Motion::Down => layout
                .vertical(text, caret, goal_x, Vertical::Down)
                .unwrap_or(caret),
            Motion::PageUp => layout
                .vertical(text, caret, goal_x, Vertical::Page(-page))
                .unwrap_or(caret),
            Motion::PageDown => layout
                .vertical(text, caret, goal_x, Vertical::Page(page))
                .unwrap_or(caret),
            Motion::RowStart => layout.row_ends(text, row_y).map_or(caret, |(s, _)| s),
            Motion::RowEnd => layout.row_ends(text, row_y).map_or(caret, |(_, e)| e),
            Motion::DocumentStart => 0,
            Motion::DocumentEnd => layout.char_count(),
        }
        .min(layout.char_count());
        state.goal_x = if motion.is_horizontal() {
            None
        } else {
            Some(goal_x)
        };
        if modifiers.shift {
            // Extend from the anchor, or start a selection at the caret.
            let anchor = match state.selection {
                Some(selection) if selection.head == caret => selection.anchor,
                _ => caret,
            };
            state.selection = Some(Selection {
                anchor,
                head: moved,
            });
        } else {
            state.selection = None;
        }
        state.caret = Some(moved);
        outcome.moved = true;
    }
    outcome
}

#[cfg(test)]
mod caret_tests {
    use super::*;

    /// The caret positions visited by pressing `step` from `from` until it stops.
    fn walk(text: &str, from: usize, step: fn(&str, usize) -> usize) -> Vec<usize> {
        let mut at = from;
        let mut seen = vec![at];
        loop {
            let next = step(text, at);
            if next == at {
                return seen;
            }
            at = next;
            seen.push(at);
        }
    }

    #[test]
    fn right_and_left_move_by_character_and_across_line_ends() {
        let text = "ab\ncd";
        assert_eq!(walk(text, 0, next_grapheme), vec![0, 1, 2, 3, 4, 5]);
        assert_eq!(walk(text, 5, previous_grapheme), vec![5, 4, 3, 2, 1, 0]);
    }

    #[test]
    fn cyrillic_moves_a_letter_at_a_time() {
        let text = "Сєвєродонецьк";
        let count = text.chars().count();
        assert_eq!(walk(text, 0, next_grapheme).len(), count + 1);
        assert_eq!(next_grapheme(text, 3), 4);
        assert_eq!(previous_grapheme(text, 3), 2);
    }

    #[test]
    fn a_combined_emoji_is_one_step() {
        // A thumbs-up with a skin tone (2 chars) and a flag (2 regional indicators).
        let text = "a👍🏽b🇺🇦c";
        assert_eq!(walk(text, 0, next_grapheme), vec![0, 1, 3, 4, 6, 7]);
        assert_eq!(walk(text, 7, previous_grapheme), vec![7, 6, 4, 3, 1, 0]);
        // An accent written as a combining mark stays with its letter.
        let text = "e\u{301}x";
        assert_eq!(next_grapheme(text, 0), 2);
        assert_eq!(previous_grapheme(text, 2), 0);
    }

    #[test]
    fn ctrl_arrows_move_by_word() {
        let text = "Haidai said 568 pro-Russian troops.\nNext line";
        assert_eq!(
            walk(text, 0, next_word_end),
            vec![0, 6, 11, 15, 27, 34, 40, 45]
        );
        assert_eq!(
            walk(text, 45, previous_word_start),
            vec![45, 41, 36, 28, 16, 12, 7, 0]
        );
        // From inside a word: to its end, or its start.
        assert_eq!(next_word_end(text, 2), 6);
        assert_eq!(previous_word_start(text, 9), 7);
    }

    #[test]
    fn word_moves_work_in_cyrillic_and_past_an_emoji() {
        let text = "Гайдай: 568 цивільних 👍🏽 там";
        assert_eq!(next_word_end(text, 0), 6);
        assert_eq!(next_word_end(text, 6), 11);
        assert_eq!(next_word_end(text, 11), 21);
        assert_eq!(next_word_end(text, 21), 28);
        assert_eq!(previous_word_start(text, 28), 25);
        assert_eq!(previous_word_start(text, 25), 12);
    }

    #[test]
    fn keys_map_to_motions() {
        use egui::{Key, Modifiers};
        assert_eq!(
            Motion::of_key(Key::ArrowRight, Modifiers::SHIFT | Modifiers::COMMAND),
            Some(Motion::WordRight)
        );
        assert_eq!(
            Motion::of_key(Key::ArrowLeft, Modifiers::NONE),
            Some(Motion::Left)
        );
        assert_eq!(
            Motion::of_key(Key::End, Modifiers::NONE),
            Some(Motion::RowEnd)
        );
        assert_eq!(
            Motion::of_key(Key::Home, Modifiers::COMMAND),
            Some(Motion::DocumentStart)
        );
        assert_eq!(Motion::of_key(Key::A, Modifiers::NONE), None);
    }
}
