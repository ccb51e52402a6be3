//! A right-to-left or mixed-direction paragraph, laid out for the reader.
//!
//! egui lays a row out left to right in the order the text is stored, so an
//! Arabic sentence would show its words in the wrong order and its numbers
//! reversed. Here a paragraph is cut into pieces by [`crate::bidi`], each piece
//! is shaped by egui on its own (an Arabic word's letters join and run right to
//! left), the pieces are wrapped into lines and put in visual order, and the
//! shaped rows are placed into one galley that paints like any other.
//!
//! Each placed piece keeps the x position of each of its characters' edges, in
//! logical order, so that a point maps to a character and a range of
//! characters to rectangles: highlights, the selection and find hits land on
//! the characters they stand for. When egui's glyphs for a piece cannot be
//! matched to its characters (a ligature such as lam-alef, or marks), its
//! characters share its width evenly; the piece's own edges stay exact.
//! Only paragraphs that need it come here (`crate::bidi::has_rtl`); everything
//! else is laid out by egui directly, as before.

use std::ops::Range;
use std::sync::Arc;

use egui::epaint::text::PlacedRow;
use egui::text::{LayoutJob, TextFormat};
use egui::{Align, FontSelection, Galley, Pos2, Rect, Ui, WidgetText, pos2, vec2};

use crate::bidi::{self, Piece};

/// A piece placed on its line.
struct Placed {
    /// Its characters, offsets within the paragraph.
    chars: Range<usize>,
    /// Its left edge on the line.
    x: f32,
    /// The x of each character's starting edge, in logical order, relative to
    /// `x`, and last the ending edge of the piece: for a right-to-left piece
    /// these fall from right to left.
    edges: Vec<f32>,
}

impl Placed {
    /// The horizontal extent of characters `from..to` (relative to the piece).
    fn span(&self, from: usize, to: usize) -> Option<(f32, f32)> {
        let a = *self.edges.get(from)?;
        let b = *self.edges.get(to)?;
        Some((self.x + a.min(b), self.x + a.max(b)))
    }

    fn right(&self) -> f32 {
        self.x + self.edges.iter().copied().fold(f32::NEG_INFINITY, f32::max)
    }
}

/// One line of the paragraph, its pieces left to right.
struct Line {
    top: f32,
    pieces: Vec<Placed>,
    /// The first character of the line, for a line with nothing on it.
    first_char: usize,
}

/// A paragraph laid out right to left, or mixed.
pub struct BidiParagraph {
    /// What to paint: every piece's row, placed.
    pub galley: Arc<Galley>,
    lines: Vec<Line>,
    line_height: f32,
}

/// A piece with its shaped row and measured edges, before it is placed.
struct Shaped {
    piece: Piece,
    galley: Arc<Galley>,
    width: f32,
    edges: Vec<f32>,
}

impl BidiParagraph {
    /// Lays out `text` (one paragraph, no line break) in lines of `wrap_width`.
    pub fn lay_out(
        ui: &Ui,
        text: &str,
        format: &TextFormat,
        wrap_width: f32,
        line_height: f32,
    ) -> Self {
        let cut = bidi::pieces(text);
        let mut shaped: Vec<Shaped> = Vec::with_capacity(cut.pieces.len());
        for piece in cut.pieces {
            let one = shape(ui, text, piece, format);
            if one.width > wrap_width && !one.piece.space && one.piece.len() > 1 {
                split_wide(ui, text, one, format, wrap_width, &mut shaped);
            } else {
                shaped.push(one);
            }
        }
        Self::place(ui, text, format, shaped, cut.level, wrap_width, line_height)
    }

    /// Lays out `text` on one line for a label, cut at the end with "…" where it
    /// is wider than `max_width`.
    pub fn lay_out_line(ui: &Ui, text: &str, format: &TextFormat, max_width: f32) -> Self {
        let cut = bidi::pieces(text);
        let mut shaped: Vec<Shaped> = cut
            .pieces
            .into_iter()
            .map(|piece| shape(ui, text, piece, format))
            .collect();
        let line_height = shaped.iter().map(|s| s.galley.size().y).fold(0.0, f32::max);
        let total: f32 = shaped.iter().map(|s| s.width).sum();
        if total > max_width {
            let ellipsis = ui
                .painter()
                .layout_job(LayoutJob::single_section("…".to_owned(), format.clone()));
            let room = max_width - ellipsis.size().x;
            let mut used = 0.0;
            let keep = shaped
                .iter()
                .take_while(|s| {
                    used += s.width;
                    used <= room
                })
                .count();
            shaped.truncate(keep);
            // Spaces before the cut would push the "…" away from the last word.
            while shaped.last().is_some_and(|s| s.piece.space) {
                shaped.pop();
            }
            let end = shaped.last().map_or(0, |s| s.piece.chars.end);
            let byte = shaped.last().map_or(0, |s| s.piece.bytes.end);
            shaped.push(Shaped {
                piece: Piece {
                    chars: end..end,
                    bytes: byte..byte,
                    level: cut.level,
                    space: false,
                    separator: false,
                },
                width: ellipsis.size().x,
                galley: ellipsis,
                edges: vec![0.0],
            });
        }
        let width: f32 = shaped.iter().map(|s| s.width).sum();
        Self::place(ui, text, format, shaped, 0, width, line_height.max(1.0))
    }

    /// Wraps shaped pieces into lines of `wrap_width`, orders and places them.
    fn place(
        ui: &Ui,
        text: &str,
        format: &TextFormat,
        shaped: Vec<Shaped>,
        level: u8,
        wrap_width: f32,
        line_height: f32,
    ) -> Self {
        let cut_level = level;
        let pieces: Vec<Piece> = shaped.iter().map(|s| s.piece.clone()).collect();
        let widths: Vec<f32> = shaped.iter().map(|s| s.width).collect();
        let pixels_per_point = ui.ctx().pixels_per_point();
        let round = |v: f32| (v * pixels_per_point).round() / pixels_per_point;

        let mut lines = Vec::new();
        let mut rows = Vec::new();
        let mut mesh_bounds = Rect::NOTHING;
        let (mut vertices, mut indices) = (0, 0);
        for (number, range) in bidi::break_lines(&pieces, &widths, wrap_width)
            .into_iter()
            .enumerate()
        {
            let top = number as f32 * line_height;
            let line_width: f32 = widths.get(range.clone()).unwrap_or_default().iter().sum();
            let mut x = if cut_level % 2 == 1 {
                wrap_width - line_width
            } else {
                0.0
            };
            let first_char = pieces.get(range.start).map_or_else(
                || pieces.last().map_or(0, |p| p.chars.end),
                |p| p.chars.start,
            );
            let mut placed = Vec::new();
            for index in bidi::visual_order(&pieces, range, cut_level) {
                let Some(one) = shaped.get(index) else {
                    continue;
                };
                for row in &one.galley.rows {
                    let pos = pos2(round(x + row.pos.x), round(top + row.pos.y));
                    mesh_bounds |= row.visuals.mesh_bounds.translate(pos.to_vec2());
                    vertices += row.visuals.mesh.vertices.len();
                    indices += row.visuals.mesh.indices.len();
                    rows.push(PlacedRow {
                        pos,
                        row: row.row.clone(),
                        ends_with_newline: false,
                    });
                }
                placed.push(Placed {
                    chars: one.piece.chars.clone(),
                    x,
                    edges: one.edges.clone(),
                });
                x += one.width;
            }
            lines.push(Line {
                top,
                pieces: placed,
                first_char,
            });
        }
        let height = lines.len().max(1) as f32 * line_height;
        // A galley of our own rows: cloned from an empty layout, which carries the
        // fields egui keeps to itself.
        let empty = ui
            .painter()
            .layout_job(LayoutJob::single_section(String::new(), format.clone()));
        let mut galley = (*empty).clone();
        // The logical text, for accessibility and copying.
        galley.job = Arc::new(LayoutJob::single_section(text.to_owned(), format.clone()));
        galley.rows = rows;
        galley.rect = Rect::from_min_size(Pos2::ZERO, vec2(wrap_width, height));
        galley.mesh_bounds = mesh_bounds;
        galley.num_vertices = vertices;
        galley.num_indices = indices;
        galley.elided = false;
        Self {
            galley: Arc::new(galley),
            lines,
            line_height,
        }
    }

    /// The paragraph's height.
    pub fn height(&self) -> f32 {
        self.lines.len().max(1) as f32 * self.line_height
    }

    /// The character boundary nearest to `local` (relative to the paragraph's
    /// top-left corner), as an offset within the paragraph.
    pub fn char_at(&self, local: Pos2) -> usize {
        let number = (local.y / self.line_height).floor().max(0.0) as usize;
        let Some(line) = self.lines.get(number).or_else(|| self.lines.last()) else {
            return 0;
        };
        let piece = line
            .pieces
            .iter()
            .find(|p| local.x < p.right())
            .or_else(|| line.pieces.last());
        let Some(piece) = piece else {
            return line.first_char;
        };
        let relative = local.x - piece.x;
        let nearest = piece
            .edges
            .iter()
            .enumerate()
            .min_by(|(_, a), (_, b)| (*a - relative).abs().total_cmp(&(*b - relative).abs()))
            .map_or(0, |(i, _)| i);
        piece.chars.start + nearest
    }

    /// Pushes the rectangles covering characters `range` (offsets within the
    /// paragraph), relative to the paragraph's top-left corner, line by line and
    /// left to right; neighbours on a line are joined.
    pub fn range_rects(&self, range: Range<usize>, out: &mut Vec<Rect>) {
        for line in &self.lines {
            let mut current: Option<Rect> = None;
            for piece in &line.pieces {
                let from = range.start.max(piece.chars.start);
                let to = range.end.min(piece.chars.end);
                if from >= to {
                    continue;
                }
                let Some((x0, x1)) = piece.span(from - piece.chars.start, to - piece.chars.start)
                else {
                    continue;
                };
                let rect =
                    Rect::from_min_max(pos2(x0, line.top), pos2(x1, line.top + self.line_height));
                match current.as_mut() {
                    Some(joined) if (joined.right() - rect.left()).abs() < 0.5 => {
                        *joined = joined.union(rect);
                    }
                    _ => {
                        out.extend(current.take());
                        current = Some(rect);
                    }
                }
            }
            out.extend(current);
        }
    }
}

/// Shapes one piece and measures its characters' edges.
fn shape(ui: &Ui, text: &str, piece: Piece, format: &TextFormat) -> Shaped {
    let shown = bidi::display_text(text, &piece);
    let galley = ui.painter().layout_job(LayoutJob::single_section(
        shown.into_owned(),
        format.clone(),
    ));
    let width = galley.size().x;
    let chars: Vec<char> = text
        .get(piece.bytes.clone())
        .unwrap_or_default()
        .chars()
        .collect();
    let edges = edges(&galley, &chars, piece.is_rtl(), width);
    Shaped {
        piece,
        galley,
        width,
        edges,
    }
}

/// The x of each character's starting edge (and the piece's end), from the
/// shaped glyphs when they match the characters one to one, else shared evenly.
fn edges(galley: &Galley, chars: &[char], rtl: bool, width: f32) -> Vec<f32> {
    let n = chars.len();
    let row = galley.rows.first();
    let row_x = row.map_or(0.0, |r| r.pos.x);
    let glyphs = row.map_or(&[][..], |r| r.row.glyphs.as_slice());
    let first = glyphs.get(..n).unwrap_or_default();
    let matches = first.len() == n
        && first.iter().enumerate().all(|(k, glyph)| {
            let logical = if rtl { n - 1 - k } else { k };
            chars.get(logical) == Some(&glyph.chr)
        });
    let mut edges = Vec::with_capacity(n + 1);
    if matches && n > 0 {
        for i in 0..n {
            let edge = if rtl {
                first.get(n - 1 - i).map_or(0.0, |g| g.max_x())
            } else {
                first.get(i).map_or(0.0, |g| g.pos.x)
            };
            edges.push(row_x + edge);
        }
        let end = if rtl {
            first.first().map_or(0.0, |g| g.pos.x)
        } else {
            first.last().map_or(width, |g| g.max_x())
        };
        edges.push(row_x + end);
        // The piece's own ends are its box's, so that neighbours' highlights touch.
        if let Some(first) = edges.first_mut() {
            *first = if rtl { width } else { 0.0 };
        }
        if let Some(last) = edges.last_mut() {
            *last = if rtl { 0.0 } else { width };
        }
        // Marks and kerning can step back a little: keep the edges in order.
        for i in 1..edges.len() {
            let previous = edges.get(i - 1).copied().unwrap_or(0.0);
            if let Some(edge) = edges.get_mut(i) {
                *edge = if rtl {
                    edge.min(previous)
                } else {
                    edge.max(previous)
                };
            }
        }
    } else {
        for i in 0..=n {
            let share = if n == 0 { 0.0 } else { i as f32 / n as f32 };
            edges.push(if rtl {
                width * (1.0 - share)
            } else {
                width * share
            });
        }
    }
    edges
}

/// Cuts a left-to-right piece wider than the line (a long address or a run of
/// Chinese in a mixed paragraph) into pieces that fit.
fn split_wide(
    ui: &Ui,
    text: &str,
    one: Shaped,
    format: &TextFormat,
    wrap_width: f32,
    out: &mut Vec<Shaped>,
) {
    let piece = &one.piece;
    let n = piece.len();
    let mut start = 0;
    while start < n {
        let origin = one.edges.get(start).copied().unwrap_or(0.0);
        let mut end = start + 1;
        while end < n
            && one
                .edges
                .get(end + 1)
                .is_some_and(|e| (e - origin).abs() <= wrap_width)
        {
            end += 1;
        }
        let byte_of = |char_index: usize| {
            text.get(piece.bytes.clone())
                .and_then(|s| s.char_indices().nth(char_index).map(|(b, _)| b))
                .map_or(piece.bytes.end, |b| piece.bytes.start + b)
        };
        let part = Piece {
            chars: piece.chars.start + start..piece.chars.start + end,
            bytes: byte_of(start)..byte_of(end),
            ..piece.clone()
        };
        out.push(shape(ui, text, part, format));
        start = end;
    }
}

/// When `text` holds right-to-left text: its layout job as a label would make it,
/// and the format of its first section (a label's text has one style).
fn rtl_job(ui: &Ui, text: &WidgetText) -> Option<(Arc<LayoutJob>, TextFormat)> {
    if !bidi::has_rtl(text.text()) {
        return None;
    }
    let job = text
        .clone()
        .into_layout_job(ui.style(), FontSelection::Default, Align::Center);
    let format = job
        .sections
        .first()
        .map(|s| s.format.clone())
        .unwrap_or_default();
    Some((job, format))
}

/// `text` ready for a one-line label: as it is when it reads left to right;
/// when it holds right-to-left text, laid out in visual order as the reader
/// does (egui runs a label's row left to right) and cut with "…" at
/// `max_width`. Titles, names, tags and quotes in lists and tables use it.
pub fn line_text(ui: &Ui, text: impl Into<WidgetText>, max_width: f32) -> WidgetText {
    let text = text.into();
    let Some((job, format)) = rtl_job(ui, &text) else {
        return text;
    };
    let line = job.text.replace('\n', " ");
    WidgetText::Galley(BidiParagraph::lay_out_line(ui, &line, &format, max_width.max(10.0)).galley)
}

/// `text` ready for a wrapped label of `width`: as it is when it reads left to
/// right, else laid out in visual order, each of its lines a paragraph of its own
/// (a hover card's quote and names keep their lines).
pub fn wrapped_text(ui: &Ui, text: impl Into<WidgetText>, width: f32) -> WidgetText {
    let text = text.into();
    let Some((job, format)) = rtl_job(ui, &text) else {
        return text;
    };
    let line_height = ui.fonts_mut(|f| f.row_height(&format.font_id));
    let width = width.max(40.0);
    let mut lines = job
        .text
        .split('\n')
        .map(|line| BidiParagraph::lay_out(ui, line, &format, width, line_height).galley);
    let Some(first) = lines.next() else {
        return WidgetText::default();
    };
    // The paragraphs stacked into one galley, each below the one before.
    let mut stacked = (*first).clone();
    stacked.job = job.clone();
    for galley in lines {
        let top = stacked.rect.bottom();
        stacked.mesh_bounds |= galley.mesh_bounds.translate(vec2(0.0, top));
        stacked.num_vertices += galley.num_vertices;
        stacked.num_indices += galley.num_indices;
        stacked.rows.extend(galley.rows.iter().map(|row| PlacedRow {
            pos: row.pos + vec2(0.0, top),
            ..row.clone()
        }));
        stacked.rect = stacked.rect.union(galley.rect.translate(vec2(0.0, top)));
    }
    WidgetText::Galley(Arc::new(stacked))
}
