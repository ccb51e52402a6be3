//! The document reader: one document's text, wrapped, with claims highlighted.
//!
//! Long documents stay fast: the text is laid out once per paragraph (and again
//! only when the text, the width or the text size changes), only paragraphs in
//! the viewport are painted, and highlights are rectangles painted under the
//! text from the cached rows, so creating or recolouring a claim costs no layout.

use std::sync::Arc;

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId, Galley, Pos2, Rect, Sense, Stroke, Ui, pos2, vec2};

use super::bidi_layout::BidiParagraph;
use super::widgets::highlight_colour;
use crate::model::{CharRange, ClaimId, Document};

pub use crate::highlight::{Highlight, assign_levels};

mod caret;

pub use caret::{Motion, next_grapheme, next_word_end, previous_grapheme, previous_word_start};
use caret::{READER_KEYS, handle_keys};

/// One paragraph (a line of the text), laid out once it comes near the viewport.
struct Paragraph {
    /// The offset of its first character in the document.
    char_start: usize,
    /// How many characters it has (without the line break).
    char_len: usize,
    /// Where it is in the document's text, in bytes.
    bytes: std::ops::Range<usize>,
    /// Its top, relative to the top of the document.
    top: f32,
    /// Its height: measured once laid out, estimated before.
    height: f32,
    /// Its layout, once it has come near the viewport.
    galley: Option<ParagraphLayout>,
}

/// A paragraph's layout: by egui directly, or piece by piece when it holds
/// right-to-left text (see [`super::bidi_layout`]).
enum ParagraphLayout {
    Plain(Arc<Galley>),
    Bidi(BidiParagraph),
}

impl ParagraphLayout {
    /// What to paint.
    fn galley(&self) -> &Arc<Galley> {
        match self {
            Self::Plain(galley) => galley,
            Self::Bidi(paragraph) => &paragraph.galley,
        }
    }

    fn height(&self) -> f32 {
        match self {
            Self::Plain(galley) => galley.size().y,
            Self::Bidi(paragraph) => paragraph.height(),
        }
    }

    /// The character boundary nearest to `local` (relative to the paragraph's
    /// top-left corner), as an offset within the paragraph.
    fn char_at(&self, local: Pos2) -> usize {
        let galley = match self {
            Self::Plain(galley) => galley,
            Self::Bidi(paragraph) => return paragraph.char_at(local),
        };
        let rows = &galley.rows;
        let mut row_start = 0;
        for (i, row) in rows.iter().enumerate() {
            let last = i + 1 == rows.len();
            if local.y < row.max_y() || last {
                return row_start + row.row.char_at(local.x - row.pos.x).0;
            }
            row_start += row.row.glyphs.len();
        }
        0
    }

    /// The rectangles covering characters `start..end` (offsets within the
    /// paragraph), relative to its top-left corner.
    fn range_rects(&self, start: usize, end: usize, out: &mut Vec<Rect>) {
        let galley = match self {
            Self::Plain(galley) => galley,
            Self::Bidi(paragraph) => return paragraph.range_rects(start..end, out),
        };
        let mut row_start = 0;
        for row in &galley.rows {
            let count = row.row.glyphs.len();
            let row_end = row_start + count;
            if row_start < end && start < row_end {
                let from = start.max(row_start) - row_start;
                let to = end.min(row_end) - row_start;
                let x0 = row.row.x_offset(egui::text::CharIndex(from));
                let x1 = row.row.x_offset(egui::text::CharIndex(to));
                let rect = row.rect();
                out.push(Rect::from_min_max(
                    pos2(row.pos.x + x0, rect.top()),
                    pos2(row.pos.x + x1, rect.bottom()),
                ));
            }
            row_start = row_end;
        }
    }
}

/// What a layout depends on; when any of it changes, the layout is rebuilt.
#[derive(Clone, Debug, PartialEq)]
struct LayoutKey {
    fingerprint: String,
    wrap_width: u32,
    text_size_tenths: u32,
    text_colour: Color32,
    pixels_per_point_hundredths: u32,
}

/// The laid-out text of one document.
///
/// Only paragraphs near the viewport are laid out (and kept while they stay
/// near it); the others have an estimated height, so that opening a 1 MB
/// document or changing the pane's width costs a pass over its lines, not a
/// layout of its whole text.
struct Layout {
    key: LayoutKey,
    paragraphs: Vec<Paragraph>,
    height: f32,
    /// The text's format.
    format: TextFormat,
    /// The height of one row.
    line_height: f32,
    /// The space between paragraphs.
    gap: f32,
    /// How many paragraphs hold a galley.
    laid_out: usize,
}

/// The left and right margins of the text inside a pane.
const MARGIN: f32 = 12.0;

/// Past this many laid-out paragraphs, those far from the viewport drop their galleys.
const MAX_LAID_OUT: usize = 400;

impl Layout {
    fn build(ui: &Ui, document: &Document, key: LayoutKey, text_size: f32) -> Self {
        let font = FontId::proportional(text_size);
        let line_height = (text_size * 1.45).round();
        let gap = (text_size * 0.15).round();
        let format = TextFormat {
            font_id: font.clone(),
            color: key.text_colour,
            line_height: Some(line_height),
            ..TextFormat::default()
        };
        // The width of an average character, for estimating the height of the
        // paragraphs not laid out yet.
        let sample =
            "Haidai said 568 civilians remained in the Azot plant, “many of them children”. ";
        let sample_width = ui
            .painter()
            .layout_no_wrap(sample.to_owned(), font, key.text_colour)
            .size()
            .x;
        let char_width = (sample_width / sample.chars().count() as f32).max(1.0);
        let chars_per_row = ((key.wrap_width as f32 / char_width).floor() as usize).max(1);
        let mut paragraphs = Vec::new();
        let mut top = 0.0;
        let mut char_start = 0;
        let mut byte_start = 0;
        for line in document.text.split('\n') {
            let char_len = line.chars().count();
            let rows = char_len.div_ceil(chars_per_row).max(1);
            let height = rows as f32 * line_height;
            paragraphs.push(Paragraph {
                char_start,
                char_len,
                bytes: byte_start..byte_start + line.len(),
                top,
                height,
                galley: None,
            });
            top += height + gap;
            char_start += char_len + 1;
            byte_start += line.len() + 1;
        }
        Self {
            key,
            paragraphs,
            height: top,
            format,
            line_height,
            gap,
            laid_out: 0,
        }
    }

    /// Lays out the paragraphs that intersect the band `[top, bottom]` and are not
    /// laid out yet; returns whether any height changed (the tops are then updated).
    fn lay_out_band(&mut self, ui: &Ui, text: &str, top: f32, bottom: f32) -> bool {
        let band = self.visible(top, bottom);
        let mut changed = false;
        for index in band.clone() {
            let Some(paragraph) = self.paragraphs.get_mut(index) else {
                continue;
            };
            if paragraph.galley.is_some() {
                continue;
            }
            let line = text.get(paragraph.bytes.clone()).unwrap_or_default();
            let wrap_width = self.key.wrap_width as f32;
            let laid_out = if crate::bidi::has_rtl(line) {
                ParagraphLayout::Bidi(BidiParagraph::lay_out(
                    ui,
                    line,
                    &self.format,
                    wrap_width,
                    self.line_height,
                ))
            } else {
                let mut job = LayoutJob::single_section(line.to_owned(), self.format.clone());
                job.wrap.max_width = wrap_width;
                ParagraphLayout::Plain(ui.painter().layout_job(job))
            };
            let height = laid_out.height().max(self.line_height);
            changed |= height != paragraph.height;
            paragraph.height = height;
            paragraph.galley = Some(laid_out);
            self.laid_out += 1;
        }
        if changed {
            let mut top = 0.0;
            for paragraph in &mut self.paragraphs {
                paragraph.top = top;
                top += paragraph.height + self.gap;
            }
            self.height = top;
        }
        if self.laid_out > MAX_LAID_OUT {
            // Keep what is near the band; the rest is laid out again if it comes back.
            let keep = band.start.saturating_sub(MAX_LAID_OUT / 4)..band.end + MAX_LAID_OUT / 4;
            for (index, paragraph) in self.paragraphs.iter_mut().enumerate() {
                if !keep.contains(&index) && paragraph.galley.take().is_some() {
                    self.laid_out -= 1;
                }
            }
        }
        changed
    }

    /// The paragraph that holds character `offset` (the last one for offsets past the end).
    fn paragraph_of(&self, offset: usize) -> Option<usize> {
        let after = self.paragraphs.partition_point(|p| p.char_start <= offset);
        after.checked_sub(1)
    }

    /// The paragraph at height `y` (clamped to the first and last).
    fn paragraph_at_y(&self, y: f32) -> Option<usize> {
        let after = self.paragraphs.partition_point(|p| p.top <= y);
        after.checked_sub(1).or(if self.paragraphs.is_empty() {
            None
        } else {
            Some(0)
        })
    }

    /// The character nearest to `pos`, relative to the document's top-left corner.
    fn char_at(&self, pos: Pos2) -> Option<usize> {
        let index = self.paragraph_at_y(pos.y)?;
        let paragraph = self.paragraphs.get(index)?;
        let local = pos2(pos.x - MARGIN, pos.y - paragraph.top);
        let Some(laid_out) = &paragraph.galley else {
            return Some(paragraph.char_start);
        };
        Some(paragraph.char_start + laid_out.char_at(local).min(paragraph.char_len))
    }

    /// The character whose box holds `pos` (relative to the document's top-left
    /// corner), or the one after the nearest boundary.
    fn char_containing(&self, pos: Pos2) -> Option<usize> {
        let boundary = self.char_at(pos)?;
        let index = self.paragraph_of(boundary)?;
        let mut rects = Vec::new();
        for candidate in [boundary, boundary.saturating_sub(1)] {
            rects.clear();
            self.range_rects(index, CharRange::new(candidate, candidate + 1), &mut rects);
            if rects
                .iter()
                .any(|r| r.x_range().contains(pos.x) && r.y_range().contains(pos.y))
            {
                return Some(candidate);
            }
        }
        Some(boundary)
    }

    /// The rectangles covering `range` within paragraph `index`, relative to the document.
    fn range_rects(&self, index: usize, range: CharRange, out: &mut Vec<Rect>) {
        let Some(paragraph) = self.paragraphs.get(index) else {
            return;
        };
        let start = range.start.max(paragraph.char_start) - paragraph.char_start;
        let end = range.end.min(paragraph.char_start + paragraph.char_len);
        let end = end.saturating_sub(paragraph.char_start);
        if start >= end {
            return;
        }
        let Some(laid_out) = &paragraph.galley else {
            return;
        };
        let first = out.len();
        laid_out.range_rects(start, end, out);
        for rect in out.get_mut(first..).unwrap_or_default() {
            *rect = rect.translate(vec2(MARGIN, paragraph.top));
        }
    }

    /// The paragraphs that intersect the band `[top, bottom]`.
    fn visible(&self, top: f32, bottom: f32) -> std::ops::Range<usize> {
        let first = self.paragraph_at_y(top).unwrap_or(0);
        let last = self.paragraphs.partition_point(|p| p.top <= bottom);
        first..last.max(first)
    }
}

/// A text selection being made or just made, in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Selection {
    /// Where the drag started.
    pub anchor: usize,
    /// Where it is now.
    pub head: usize,
}

impl Selection {
    /// The selected range.
    pub fn range(self) -> CharRange {
        CharRange::new(self.anchor, self.head)
    }
}

/// The state of one pane's reader: its layout cache, selection, scroll requests.
#[derive(Default)]
pub struct ReaderState {
    layout: Option<Layout>,
    /// The current text selection.
    pub selection: Option<Selection>,
    /// A range to bring into view on the next frame.
    pub scroll_to: Option<CharRange>,
    /// A claim to flash, and when the flash started (egui time, seconds).
    pub flash: Option<(ClaimId, f64)>,
    /// Find hits to outline.
    pub find_hits: Vec<CharRange>,
    /// The hit to bring forward.
    pub find_current: Option<usize>,
    /// The caret: where keyboard movement starts, a character offset. Shown
    /// while the pane has the keyboard.
    pub caret: Option<usize>,
    /// The x the caret keeps when it moves up and down, relative to the document.
    goal_x: Option<f32>,
    /// Where the document's top-left corner was on screen last frame.
    origin: Option<Pos2>,
    /// The screen rectangle of the pane's viewport last frame.
    viewport: Option<Rect>,
}

impl ReaderState {
    /// Where character `offset` was on screen in the last frame (for tests and popups).
    pub fn screen_pos_of(&self, offset: usize) -> Option<Pos2> {
        let layout = self.layout.as_ref()?;
        let origin = self.origin?;
        let index = layout.paragraph_of(offset)?;
        let mut rects = Vec::new();
        layout.range_rects(index, CharRange::new(offset, offset + 1), &mut rects);
        rects.first().map(|r| origin + r.left_center().to_vec2())
    }

    /// The rectangles on screen that cover `range` in the last frame, line by line:
    /// what a highlight of it fills (for tests and popups).
    pub fn screen_rects_of(&self, range: CharRange) -> Vec<Rect> {
        let (Some(layout), Some(origin)) = (self.layout.as_ref(), self.origin) else {
            return Vec::new();
        };
        let mut rects = Vec::new();
        let first = layout.paragraph_of(range.start).unwrap_or(0);
        let last = layout
            .paragraph_of(range.end.saturating_sub(1))
            .unwrap_or(first);
        for index in first..=last {
            layout.range_rects(index, range, &mut rects);
        }
        rects
            .into_iter()
            .map(|r| r.translate(origin.to_vec2()))
            .collect()
    }

    /// Every glyph drawn from the laid-out text in the last frame: the character
    /// egui shaped it from and where its ink is on screen. For tests that check
    /// highlights against what is really drawn.
    pub fn glyphs_on_screen(&self) -> Vec<(char, Rect)> {
        let (Some(layout), Some(origin)) = (self.layout.as_ref(), self.origin) else {
            return Vec::new();
        };
        let mut glyphs = Vec::new();
        for paragraph in &layout.paragraphs {
            let Some(laid_out) = &paragraph.galley else {
                continue;
            };
            let corner = origin + vec2(MARGIN, paragraph.top);
            for row in &laid_out.galley().rows {
                for glyph in row.row.glyphs.iter().filter(|g| !g.uv_rect.is_nothing()) {
                    let min =
                        corner + row.pos.to_vec2() + glyph.pos.to_vec2() + glyph.uv_rect.offset;
                    glyphs.push((glyph.chr, Rect::from_min_size(min, glyph.uv_rect.size)));
                }
            }
        }
        glyphs
    }

    /// The rectangle of the pane's viewport on screen, last frame.
    pub fn viewport(&self) -> Option<Rect> {
        self.viewport
    }

    /// Drops the layout, so the next frame lays the text out again.
    pub fn invalidate(&mut self) {
        self.layout = None;
    }
}

/// What the reader needs to draw one document.
pub struct ReaderInput<'a> {
    /// The document.
    pub document: &'a Document,
    /// Its claims as highlights, sorted by start.
    pub highlights: &'a [Highlight],
    /// The selected claim.
    pub selected: Option<ClaimId>,
    /// Claims to mark because they bear on the selected claim's proposition.
    pub linked: &'a [ClaimId],
    /// The text size in points.
    pub text_size: f32,
    /// The text shown when hovering a claim.
    pub describe: &'a dyn Fn(ClaimId) -> String,
}

/// What happened in the reader this frame.
#[derive(Clone, Debug, PartialEq)]
pub enum ReaderEvent {
    /// A claim's highlight was clicked.
    ClickedClaim(ClaimId),
    /// Text with no claim was clicked.
    ClickedText,
    /// A selection was made (mouse released); its range, snapped to words, and
    /// where on screen it ends.
    Selected(CharRange, Pos2),
}

/// Draws the reader; returns what the user did.
pub fn reader_ui(
    ui: &mut Ui,
    state: &mut ReaderState,
    input: &ReaderInput<'_>,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
) -> Vec<ReaderEvent> {
    let mut events = Vec::new();
    let id = ui.make_persistent_id(id_salt);
    let text_colour = ui.visuals().text_color();
    // Room for the margins on both sides and the scroll bar; never wider than what
    // is visible (a pane's header can widen its ui past the pane, which is clipped).
    let visible_width = ui.clip_rect().right() - ui.cursor().left();
    let width = (ui.available_width().min(visible_width) - 2.0 * MARGIN - 28.0).max(80.0);
    let key = LayoutKey {
        fingerprint: input.document.fingerprint.clone(),
        wrap_width: width.round() as u32,
        text_size_tenths: (input.text_size * 10.0).round() as u32,
        text_colour,
        pixels_per_point_hundredths: (ui.ctx().pixels_per_point() * 100.0).round() as u32,
    };
    if state.layout.as_ref().is_none_or(|l| l.key != key) {
        state.layout = Some(Layout::build(ui, input.document, key, input.text_size));
    }
    // Taken out for the frame so the closure below can change the rest of the state.
    let Some(mut owned_layout) = state.layout.take() else {
        return events;
    };
    let text = input.document.text.as_str();
    let visible_height = ui.available_height();
    // The keyboard: a pane takes it when clicked or reached with Tab; then the
    // arrows move its caret (not the focus), Shift extends the selection, Enter
    // makes a claim of it.
    let focus_id = id.with("text");
    let mut keyboard_claim = false;
    let mut caret_scroll = None;
    if ui.memory(|m| m.has_focus(focus_id)) {
        ui.memory_mut(|m| m.set_focus_lock_filter(focus_id, READER_KEYS));
        let page = state
            .viewport
            .map_or(visible_height, |v| v.height())
            .max(2.0 * owned_layout.line_height)
            - owned_layout.line_height;
        let outcome = handle_keys(ui, state, &mut owned_layout, text, page);
        keyboard_claim = outcome.claim;
        if outcome.moved
            && let Some(caret) = state.caret
            && let Some(rect) = owned_layout.caret_rect(text, caret)
            && let (Some(viewport), Some(origin)) = (state.viewport, state.origin)
        {
            // Scroll just enough to keep the caret's row in view.
            let top = viewport.top() - origin.y;
            let margin = owned_layout.line_height;
            if rect.top() < top + 2.0 {
                caret_scroll = Some(rect.top() - margin);
            } else if rect.bottom() > top + viewport.height() - 2.0 {
                caret_scroll = Some(rect.bottom() - viewport.height() + margin);
            }
        }
    }

    let mut scroll = egui::ScrollArea::vertical()
        .id_salt(id.with("scroll"))
        .auto_shrink([false, false]);
    // Bring a requested range into view by setting the offset directly.
    if let Some(range) = state.scroll_to.take()
        && let Some(index) = owned_layout.paragraph_of(range.start)
    {
        // Lay out the text around it first, so that its place is measured, not estimated.
        let top = owned_layout.paragraphs.get(index).map_or(0.0, |p| p.top);
        owned_layout.lay_out_band(ui, text, top - visible_height, top + visible_height);
        let layout = &owned_layout;
        let mut rects = Vec::new();
        layout.range_rects(index, range, &mut rects);
        let y = rects.first().map_or_else(
            || layout.paragraphs.get(index).map_or(0.0, |p| p.top),
            |r| r.top(),
        );
        let visible = ui.available_height();
        scroll = scroll.vertical_scroll_offset((y - visible * 0.3).max(0.0));
    }
    if let Some(y) = caret_scroll {
        scroll = scroll.vertical_scroll_offset(y.max(0.0));
    }
    let now = ui.input(|i| i.time);
    let output = scroll.show_viewport(ui, |ui, viewport| {
        // What is in view and half a view either side is laid out; the rest is estimated.
        let margin = viewport.height() * 0.5;
        owned_layout.lay_out_band(ui, text, viewport.min.y - margin, viewport.max.y + margin);
        let layout = &owned_layout;
        ui.set_min_height(layout.height + 24.0);
        ui.set_min_width(ui.available_width());
        let origin = ui.min_rect().min;
        let content = Rect::from_min_size(origin, vec2(ui.available_width(), layout.height + 24.0));
        let response = ui.interact(content, focus_id, Sense::click_and_drag());
        if response.clicked() || response.drag_started() {
            response.request_focus();
        }
        let painter = ui.painter();
        let visible = layout.visible(viewport.min.y, viewport.max.y);
        let to_screen = |r: Rect| r.translate(origin.to_vec2());
        let mut rects = Vec::new();
        // With highlights sorted by start, only those starting within the longest
        // claim's length before a paragraph can reach into it.
        let sorted = input.highlights.is_sorted_by_key(|h| h.range.start);
        let longest = if sorted {
            input
                .highlights
                .iter()
                .map(|h| h.range.len())
                .max()
                .unwrap_or(0)
        } else {
            usize::MAX
        };

        // Highlights, under the text.
        for index in visible.clone() {
            let Some(paragraph) = layout.paragraphs.get(index) else {
                continue;
            };
            let para = CharRange::new(
                paragraph.char_start,
                paragraph.char_start + paragraph.char_len,
            );
            let (from, to) = if sorted {
                (
                    input
                        .highlights
                        .partition_point(|h| h.range.start.saturating_add(longest) < para.start),
                    input
                        .highlights
                        .partition_point(|h| h.range.start <= para.end),
                )
            } else {
                (0, input.highlights.len())
            };
            let near = input.highlights.get(from..to.max(from)).unwrap_or_default();
            for highlight in near.iter().filter(|h| {
                h.range.overlaps(para) || (h.range.is_empty() && para.contains(h.range.start))
            }) {
                rects.clear();
                layout.range_rects(index, highlight.range, &mut rects);
                let selected = input.selected == Some(highlight.claim);
                let linked = input.linked.contains(&highlight.claim);
                let alpha = if selected { 110 } else { 60 };
                let colour = highlight_colour(highlight);
                let fill = colour.gamma_multiply_u8(alpha);
                for rect in &rects {
                    let rect = to_screen(*rect);
                    painter.rect_filled(rect, 2.0, fill);
                    // An underline per overlap level keeps overlapping claims apart.
                    let y = rect.bottom() - 1.0 - f32::from(highlight.level) * 3.0;
                    painter.line_segment(
                        [pos2(rect.left(), y), pos2(rect.right(), y)],
                        Stroke::new(2.0, colour),
                    );
                    if selected || linked {
                        let stroke_colour = if selected {
                            ui.visuals().strong_text_color()
                        } else {
                            colour
                        };
                        painter.rect_stroke(
                            rect.expand(1.0),
                            2.0,
                            Stroke::new(if selected { 1.5 } else { 1.0 }, stroke_colour),
                            egui::StrokeKind::Outside,
                        );
                    }
                }
            }
            // Find hits.
            for (n, hit) in state.find_hits.iter().enumerate() {
                if !hit.overlaps(para) {
                    continue;
                }
                rects.clear();
                layout.range_rects(index, *hit, &mut rects);
                let current = state.find_current == Some(n);
                for rect in &rects {
                    let rect = to_screen(*rect);
                    painter.rect_filled(
                        rect,
                        2.0,
                        Color32::from_rgba_unmultiplied(
                            255,
                            210,
                            0,
                            if current { 150 } else { 70 },
                        ),
                    );
                }
            }
            // The selection being made.
            if let Some(selection) = state.selection {
                rects.clear();
                layout.range_rects(index, selection.range(), &mut rects);
                for rect in &rects {
                    painter.rect_filled(
                        to_screen(*rect),
                        0.0,
                        ui.visuals().selection.bg_fill.gamma_multiply(0.7),
                    );
                }
            }
        }
        // A flash around a claim just brought into view.
        if let Some((claim, started)) = state.flash {
            let age = (now - started) as f32;
            if age > 1.2 {
                state.flash = None;
            } else if let Some(highlight) = input.highlights.iter().find(|h| h.claim == claim) {
                let strength = 1.0 - age / 1.2;
                for index in visible.clone() {
                    rects.clear();
                    layout.range_rects(index, highlight.range, &mut rects);
                    for rect in &rects {
                        painter.rect_stroke(
                            to_screen(*rect).expand(3.0),
                            3.0,
                            Stroke::new(3.0, highlight_colour(highlight).gamma_multiply(strength)),
                            egui::StrokeKind::Outside,
                        );
                    }
                }
                ui.ctx().request_repaint();
            }
        }
        // The text itself.
        for index in visible {
            if let Some(paragraph) = layout.paragraphs.get(index)
                && let Some(laid_out) = &paragraph.galley
            {
                painter.galley(
                    origin + vec2(MARGIN, paragraph.top),
                    laid_out.galley().clone(),
                    text_colour,
                );
            }
        }

        // The caret, while the pane has the keyboard.
        if response.has_focus()
            && let Some(caret) = state.caret
            && let Some(rect) = layout.caret_rect(text, caret)
        {
            let rect = to_screen(rect);
            painter.line_segment(
                [rect.center_top(), rect.center_bottom()],
                Stroke::new(1.5, ui.visuals().strong_text_color()),
            );
        }
        if keyboard_claim && let Some(selection) = state.selection {
            // Exactly what was selected: keys select what they mean to.
            finish_selection(
                state,
                input.document,
                selection,
                false,
                origin,
                layout,
                &mut events,
            );
            if state.selection.is_some() {
                state.selection = Some(selection);
            }
        }

        // Pointer: select text, click claims, hover for details.
        let char_under = |pos: Pos2| layout.char_at(pos - origin.to_vec2());
        let claims_at = |offset: usize| {
            let mut hits: Vec<&Highlight> = input
                .highlights
                .iter()
                .filter(|h| h.range.contains(offset))
                .collect();
            hits.sort_by_key(|h| h.range.len());
            hits
        };
        // The drag starts where the button went down, not where the pointer is
        // once it has moved far enough to count as a drag.
        if response.drag_started()
            && let Some(pos) = ui.input(|i| i.pointer.press_origin())
            && let Some(offset) = char_under(pos)
        {
            state.selection = Some(Selection {
                anchor: offset,
                head: offset,
            });
            state.caret = Some(offset);
            state.goal_x = None;
        }
        if response.dragged()
            && let Some(pos) = response.interact_pointer_pos()
            && let Some(offset) = char_under(pos)
            && let Some(selection) = state.selection.as_mut()
        {
            selection.head = offset;
            state.caret = Some(offset);
        }
        if response.drag_stopped()
            && let Some(selection) = state.selection
        {
            finish_selection(
                state,
                input.document,
                selection,
                true,
                origin,
                layout,
                &mut events,
            );
        }
        if response.double_clicked()
            && let Some(pos) = response.interact_pointer_pos()
            && let Some(offset) = layout.char_containing(pos - origin.to_vec2())
        {
            // A double click selects the word under the pointer (found by the word
            // segmenter, so in Chinese or Japanese too).
            let word = crate::model::word_at(&input.document.text, offset);
            let selection = Selection {
                anchor: word.start,
                head: word.end,
            };
            state.caret = Some(word.end);
            state.goal_x = None;
            finish_selection(
                state,
                input.document,
                selection,
                false,
                origin,
                layout,
                &mut events,
            );
        } else if response.clicked()
            && let Some(pos) = response.interact_pointer_pos()
            && let Some(offset) = char_under(pos)
        {
            state.caret = Some(offset);
            state.goal_x = None;
            let shift = ui.input(|i| i.modifiers.shift);
            if shift && let Some(selection) = state.selection {
                let extended = Selection {
                    anchor: selection.anchor,
                    head: offset,
                };
                finish_selection(
                    state,
                    input.document,
                    extended,
                    true,
                    origin,
                    layout,
                    &mut events,
                );
            } else if let Some(hit) = claims_at(offset).first() {
                state.selection = None;
                events.push(ReaderEvent::ClickedClaim(hit.claim));
            } else {
                state.selection = Some(Selection {
                    anchor: offset,
                    head: offset,
                });
                events.push(ReaderEvent::ClickedText);
            }
        }
        if let Some(pos) = response.hover_pos()
            && let Some(offset) = char_under(pos)
        {
            let hits = claims_at(offset);
            if !hits.is_empty() {
                let text = hits
                    .iter()
                    .map(|h| (input.describe)(h.claim))
                    .collect::<Vec<_>>()
                    .join("\n\n");
                response.clone().on_hover_ui_at_pointer(|ui| {
                    ui.set_max_width(360.0);
                    ui.label(super::bidi_layout::wrapped_text(ui, text, 360.0));
                });
            }
        }
        origin
    });
    state.layout = Some(owned_layout);
    state.origin = Some(output.inner);
    state.viewport = Some(output.inner_rect);
    events
}

/// Snaps a finished selection to words (unless it is one already, as a double
/// click's is: snapping would pull in the words a punctuation mark touches) and
/// reports it.
fn finish_selection(
    state: &mut ReaderState,
    document: &Document,
    selection: Selection,
    snap: bool,
    origin: Pos2,
    layout: &Layout,
    events: &mut Vec<ReaderEvent>,
) {
    let range = if snap {
        crate::model::snap_to_words(&document.text, selection.range())
    } else {
        selection.range()
    };
    if range.is_empty() {
        state.selection = None;
        return;
    }
    state.selection = Some(Selection {
        anchor: range.start,
        head: range.end,
    });
    let mut rects = Vec::new();
    if let Some(index) = layout.paragraph_of(range.end.saturating_sub(1)) {
        layout.range_rects(index, range, &mut rects);
    }
    let corner = rects
        .last()
        .map_or(origin, |r| origin + r.right_bottom().to_vec2());
    events.push(ReaderEvent::Selected(range, corner));
}
