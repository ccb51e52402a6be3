//! The document panes side by side: each chooses its document, finds in it,
//! and reads it with its claims highlighted; above them, the colouring legend.

use egui::{Color32, RichText, Ui};

use crate::highlight::{self, ColourBy, HighlightCache};
use crate::model::{CharRange, Claim, ClaimId, Document, DocumentId, Project};

use super::super::bidi_layout::line_text;
use super::super::command::Command;
use super::super::reader::{self, ReaderEvent, ReaderInput, ReaderState};
use super::super::view::ViewContext;
use super::super::widgets::to_color32;

/// The most panes shown side by side.
pub const MAX_PANES: usize = 4;

/// One document pane.
pub struct Pane {
    /// The document shown, if any.
    pub document: Option<DocumentId>,
    /// The reader's state: layout cache, selection, scrolling.
    pub reader: ReaderState,
    /// The find-in-document query.
    pub find: String,
    /// Whether the find bar is open.
    pub find_open: bool,
    /// The query and text the hits were computed for.
    find_for: Option<(String, String)>,
    /// Its share of the width, against the other panes' (dragging a divider moves it).
    pub share: f32,
    /// Where it was drawn last frame; none when it was not on screen (a tab).
    pub shown_at: Option<egui::Rect>,
}

impl Pane {
    /// A pane showing `document` (or nothing).
    pub fn new(document: Option<DocumentId>) -> Self {
        Self {
            document,
            reader: ReaderState::default(),
            find: String::new(),
            find_open: false,
            find_for: None,
            share: 1.0,
            shown_at: None,
        }
    }

    /// Scrolls to `range` and marks it as the current find hit, so it stands out
    /// until the find bar is used or the document changes.
    pub fn reveal(&mut self, range: CharRange) {
        self.reader.scroll_to = Some(range);
        self.reader.find_hits = vec![range];
        self.reader.find_current = Some(0);
        // An open find bar would put its own hits back next frame.
        self.find_open = false;
        self.find.clear();
    }
}

/// Scrolls `claim` into view and flashes it: in the pane showing its document,
/// or else in the focused pane; every other pane goes to its document's first
/// claim on the same proposition.
pub fn bring_into_view(
    panes: &mut [Pane],
    focused: usize,
    project: &Project,
    claim: &Claim,
    now: f64,
) {
    let at = match panes
        .iter()
        .position(|p| p.document == Some(claim.document))
    {
        Some(at) => at,
        None => {
            let at = focused.min(panes.len().saturating_sub(1));
            if let Some(pane) = panes.get_mut(at) {
                pane.document = Some(claim.document);
                pane.reader.selection = None;
            }
            at
        }
    };
    if let Some(pane) = panes.get_mut(at) {
        pane.reader.scroll_to = Some(claim.range);
        pane.reader.flash = Some((claim.id, now));
    }
    let Some(proposition) = claim.proposition else {
        return;
    };
    for (i, pane) in panes.iter_mut().enumerate() {
        if i == at {
            continue;
        }
        let Some(document) = pane.document else {
            continue;
        };
        if let Some(linked) = project
            .claims_on(document)
            .find(|c| c.proposition == Some(proposition))
        {
            pane.reader.scroll_to = Some(linked.range);
            pane.reader.flash = Some((linked.id, now));
        }
    }
}

/// Scrolls every pane to its document's first claim on `proposition` (in text
/// order) and flashes it.
pub fn show_proposition(
    panes: &mut [Pane],
    project: &Project,
    proposition: crate::model::PropositionId,
    now: f64,
) {
    for pane in panes {
        let Some(document) = pane.document else {
            continue;
        };
        if let Some(first) = project
            .claims_on(document)
            .filter(|c| c.proposition == Some(proposition))
            .min_by_key(|c| c.range.start)
        {
            pane.reader.scroll_to = Some(first.range);
            pane.reader.flash = Some((first.id, now));
        }
    }
}

/// A short description of a claim, for hovering.
fn describe(project: &Project, id: ClaimId) -> String {
    let Some(claim) = project.claim(id) else {
        return String::new();
    };
    let stance = project.stance_name(claim);
    let mut text = format!("{} — {stance}", project.asserted_by(claim));
    if let Some(p) = claim.proposition.and_then(|p| project.proposition(p)) {
        text.push_str(&format!("\nOn: {}", p.text));
    }
    let tags: Vec<&str> = claim
        .tags
        .iter()
        .filter_map(|t| project.tag(*t))
        .map(|t| t.path.as_str())
        .collect();
    if !tags.is_empty() {
        text.push_str(&format!("\nTags: {}", tags.join(", ")));
    }
    if !claim.value.is_empty() {
        text.push_str(&format!("\nValue: {}", claim.value));
    }
    if !claim.note.is_empty() {
        text.push_str(&format!("\nNote: {}", claim.note));
    }
    text
}

/// The colour-by switch and the legend of what each highlight colour means.
fn legend_ui(ui: &mut Ui, cx: &mut ViewContext<'_>) {
    let project = cx.project();
    let colour_by = cx.prefs.colour_by;
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Colour by");
        let mut chosen = colour_by;
        egui::ComboBox::from_id_salt("colour by")
            .selected_text(colour_by.label())
            .show_ui(ui, |ui| {
                for choice in ColourBy::ALL {
                    ui.selectable_value(&mut chosen, choice, choice.label());
                }
            })
            .response
            .labelled_by(label.id);
        if chosen != colour_by {
            cx.push(Command::SetColourBy(chosen));
        }
        ui.separator();
        let entries: Vec<(String, Color32)> = match colour_by {
            ColourBy::Stance => project
                .stances
                .iter()
                .map(|s| (s.name.clone(), to_color32(s.colour)))
                .collect(),
            ColourBy::Tag => project
                .tags
                .iter()
                .map(|t| (t.path.clone(), to_color32(t.colour)))
                .collect(),
            ColourBy::Source => project
                .sources
                .iter()
                .enumerate()
                .map(|(i, s)| (s.name.clone(), to_color32(highlight::list_colour(i))))
                .collect(),
            ColourBy::Proposition => project
                .propositions
                .iter()
                .enumerate()
                .map(|(i, p)| (p.text.clone(), to_color32(highlight::list_colour(i))))
                .collect(),
        };
        let background = ui.visuals().panel_fill;
        let text_colour = ui.visuals().text_color();
        for (name, colour) in entries.iter().take(16) {
            // Swatch and name are one widget, so they wrap together: a swatch
            // never ends a line without its name.
            let short: String = name.chars().take(28).collect();
            let more = if name.chars().count() > 28 { "…" } else { "" };
            let galley = egui::WidgetText::from(format!("{short}{more}")).into_galley(
                ui,
                Some(egui::TextWrapMode::Extend),
                f32::INFINITY,
                egui::TextStyle::Body,
            );
            let swatch = 12.0;
            let size = egui::vec2(swatch + 4.0 + galley.size().x, galley.size().y.max(swatch));
            let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
            let square = egui::Rect::from_center_size(
                egui::pos2(rect.left() + swatch / 2.0, rect.center().y),
                egui::vec2(swatch, swatch),
            );
            ui.painter().rect_filled(square, 2.0, *colour);
            ui.painter().rect_stroke(
                square,
                2.0,
                egui::Stroke::new(1.0, super::super::widgets::readable(*colour, background)),
                egui::StrokeKind::Inside,
            );
            let text_at = egui::pos2(
                square.right() + 4.0,
                rect.center().y - galley.size().y / 2.0,
            );
            ui.painter().galley(text_at, galley, text_colour);
            response.on_hover_text(name);
        }
        if entries.len() > 16 {
            ui.label(
                RichText::new(format!("and {} more", entries.len() - 16))
                    .small()
                    .weak(),
            );
        }
    });
    ui.separator();
}

/// The gap between two panes, which is also the divider to drag.
const DIVIDER: f32 = 8.0;

/// The narrowest a pane may be: forty characters of ordinary text at the reading
/// size, with its frame and scroll bar. Narrower, panes become tabs instead of squeezing.
pub fn min_pane_width(ctx: &egui::Context, text_size: f32) -> f32 {
    // Forty characters with English's mix of wide and narrow letters and spaces.
    const FORTY: &str = "the plant sheltered 568 civilians, he sa";
    let font = egui::FontId::proportional(text_size);
    let width = ctx.fonts_mut(|f| {
        f.layout_no_wrap(FORTY.to_owned(), font, egui::Color32::PLACEHOLDER)
            .size()
            .x
    });
    width + 36.0
}

/// How many panes fit side by side in `width`, each at least `min_width` wide (one at least).
pub fn panes_that_fit(width: f32, min_width: f32) -> usize {
    if min_width <= 0.0 || !width.is_finite() {
        return 1;
    }
    (((width + DIVIDER) / (min_width + DIVIDER)).floor() as usize).max(1)
}

/// The first pane shown when only `fit` of `count` fit: the window of panes
/// moves as little as it can to keep the focused one in view.
pub fn first_shown(previous: usize, count: usize, fit: usize, focused: usize) -> usize {
    let last_start = count.saturating_sub(fit);
    let mut start = previous.min(last_start);
    if focused < start {
        start = focused;
    } else if focused >= start + fit {
        start = focused + 1 - fit;
    }
    start.min(last_start)
}

/// The panes' rectangles in `area`, left to right, sized by their shares.
fn pane_rects(area: egui::Rect, shares: &[f32]) -> Vec<egui::Rect> {
    let count = shares.len().max(1) as f32;
    let total: f32 = shares.iter().sum::<f32>().max(f32::EPSILON);
    let room = (area.width() - DIVIDER * (count - 1.0)).max(0.0);
    let mut left = area.left();
    shares
        .iter()
        .map(|share| {
            let width = room * share / total;
            let rect = egui::Rect::from_min_max(
                egui::pos2(left, area.top()),
                egui::pos2(left + width, area.bottom()),
            );
            left += width + DIVIDER;
            rect
        })
        .collect()
}

/// Moves `dx` points of width from the pane right of a divider to the one left of
/// it (or back), never making either narrower than `min_width` (if it already
/// is, it may not shrink further).
pub fn drag_divider(shares: (&mut f32, &mut f32), dx: f32, px_per_share: f32, min_width: f32) {
    let (left, right) = shares;
    if px_per_share <= 0.0 || !dx.is_finite() {
        return;
    }
    let min_share = min_width / px_per_share;
    let mut d = dx / px_per_share;
    if d > 0.0 {
        d = d.min((*right - min_share).max(0.0));
    } else {
        d = d.max(-(*left - min_share).max(0.0));
    }
    *left += d;
    *right -= d;
}

/// Draws the legend and the panes; what the user does goes to `cx` as commands.
///
/// The panes share the width by their shares, with a divider to drag between
/// two; when not all fit at a readable width, the ones that do are shown and a
/// row of tabs names them all.
pub fn panes_ui(
    ui: &mut Ui,
    cx: &mut ViewContext<'_>,
    panes: &mut [Pane],
    focused: usize,
    highlights: &HighlightCache,
) {
    let project = cx.project();
    let trap = super::super::claims_panel::FocusTrap::begin(ui, egui::Id::unique("panes tab"));
    legend_ui(ui, cx);
    let count = panes.len().max(1);
    let text_size = cx.prefs.text_size;
    let min_width = min_pane_width(ui.ctx(), text_size);
    let fit = panes_that_fit(ui.available_width(), min_width).min(count);
    let start_id = ui.scope_id().with("first pane shown");
    let start = first_shown(
        ui.data(|d| d.get_temp(start_id)).unwrap_or(0),
        count,
        fit,
        focused,
    );
    ui.data_mut(|d| d.insert_temp(start_id, start));
    if fit < panes.len() {
        tabs_ui(ui, cx, panes, focused, start..start + fit);
    }
    let linked: Vec<ClaimId> = cx
        .selected
        .and_then(|id| project.claim(id))
        .and_then(|c| c.proposition)
        .map(|p| {
            project
                .claims
                .iter()
                .filter(|c| c.proposition == Some(p))
                .map(|c| c.id)
                .collect()
        })
        .unwrap_or_default();
    let selected = cx.selected;
    let mut events: Vec<(usize, Option<DocumentId>, ReaderEvent)> = Vec::new();
    let area = ui.available_rect_before_wrap();
    for pane in panes.iter_mut() {
        pane.shown_at = None;
    }
    let shown = panes.get_mut(start..start + fit).unwrap_or_default();
    let shares: Vec<f32> = shown.iter().map(|p| p.share.max(0.05)).collect();
    let rects = pane_rects(area, &shares);
    for (k, (rect, pane)) in rects.iter().zip(shown.iter_mut()).enumerate() {
        let i = start + k;
        pane.shown_at = Some(*rect);
        let mut column = ui.new_child(
            egui::UiBuilder::new()
                .max_rect(*rect)
                .id_salt(("pane", i))
                .layout(egui::Layout::top_down(egui::Align::Min)),
        );
        // A pane never spills into its neighbour: fixed width, clipped.
        column.shrink_clip_rect(*rect);
        let stroke = if i == focused && count > 1 {
            column.visuals().selection.stroke
        } else {
            column.visuals().widgets.noninteractive.bg_stroke
        };
        egui::Frame::group(column.style())
            .stroke(stroke)
            .show(&mut column, |ui| {
                ui.set_min_size(ui.available_size());
                header_ui(ui, cx, pane, i, count);
                let document = pane.document.and_then(|d| project.document(d));
                if pane.find_open {
                    find_bar_ui(ui, pane, i, document);
                }
                let Some(document) = document else {
                    ui.add_space(20.0);
                    ui.vertical_centered(|ui| {
                        ui.label(
                            "Choose a document above, or import one with File ▸ Import documents…",
                        );
                    });
                    return;
                };
                let input = ReaderInput {
                    document,
                    highlights: highlights.of(document.id),
                    selected,
                    linked: &linked,
                    text_size,
                    describe: &|id| describe(project, id),
                };
                let happened = reader::reader_ui(ui, &mut pane.reader, &input, ("reader", i));
                events.extend(happened.into_iter().map(|e| (i, pane.document, e)));
            });
    }
    dividers_ui(ui, shown, &rects, min_width);
    ui.allocate_rect(area, egui::Sense::hover());
    trap.end(ui); // Tab stays among the panes, out of the menus.
    for (i, document, event) in events {
        cx.push(Command::FocusPane(i));
        match event {
            ReaderEvent::ClickedClaim(id) => cx.push(Command::SelectClaim(Some(id))),
            ReaderEvent::ClickedText => cx.push(Command::CloseQuickEditor),
            ReaderEvent::Selected(range, corner) => {
                if let Some(document) = document {
                    cx.push(Command::StartClaim {
                        pane: i,
                        document,
                        range,
                        corner,
                    });
                }
            }
        }
    }
}

/// The dividers between the panes shown: drag one to give one pane more room
/// than its neighbour, double-click to share the width equally again.
fn dividers_ui(ui: &mut Ui, shown: &mut [Pane], rects: &[egui::Rect], min_width: f32) {
    let total: f32 = shown.iter().map(|p| p.share).sum();
    let room: f32 = rects.iter().map(egui::Rect::width).sum();
    let px_per_share = if total > 0.0 { room / total } else { 0.0 };
    for (k, pair) in rects.windows(2).enumerate() {
        let [left, right] = pair else { continue };
        let rect = egui::Rect::from_min_max(
            egui::pos2(left.right(), left.top()),
            egui::pos2(right.left(), right.bottom()),
        );
        let response = ui
            .interact(
                rect,
                ui.scope_id().with(("pane divider", k)),
                egui::Sense::click_and_drag(),
            )
            .on_hover_cursor(egui::CursorIcon::ResizeHorizontal)
            .on_hover_text("Drag to widen one pane; double-click to share the width equally");
        let colour = if response.hovered() || response.dragged() {
            ui.visuals().selection.stroke.color
        } else {
            ui.visuals().widgets.noninteractive.bg_stroke.color
        };
        ui.painter().vline(
            rect.center().x,
            rect.y_range().shrink(rect.height() * 0.3),
            egui::Stroke::new(2.0, colour),
        );
        if response.double_clicked() {
            for pane in shown.iter_mut() {
                pane.share = 1.0;
            }
        } else if response.dragged() {
            let dx = response.drag_delta().x;
            if let (Some(left), Some(right)) = split_pair(shown, k) {
                drag_divider((left, right), dx, px_per_share, min_width);
            }
        }
    }
}

/// The shares of panes `k` and `k + 1`, both mutable.
fn split_pair(shown: &mut [Pane], k: usize) -> (Option<&mut f32>, Option<&mut f32>) {
    let (head, tail) = shown.split_at_mut((k + 1).min(shown.len()));
    (
        head.last_mut().map(|p| &mut p.share),
        tail.first_mut().map(|p| &mut p.share),
    )
}

/// The row of tabs when not every pane fits: every pane by its number and
/// document; the ones on screen are marked, a click shows and focuses one.
fn tabs_ui(
    ui: &mut Ui,
    cx: &mut ViewContext<'_>,
    panes: &[Pane],
    focused: usize,
    shown: std::ops::Range<usize>,
) {
    let project = cx.project();
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("{} of {} panes fit:", shown.len(), panes.len())).weak())
            .on_hover_text("Each pane keeps about 40 characters a line. Hide a side panel (View menu) or widen the window to see more side by side.");
        for (i, pane) in panes.iter().enumerate() {
            let title = pane
                .document
                .and_then(|d| project.document(d))
                .map_or("no document", |d| d.title.as_str());
            let on_screen = shown.contains(&i);
            let text = line_text(ui, format!("{} {title}", i + 1), 170.0);
            let tab = egui::Button::selectable(i == focused, text)
                .frame(on_screen)
                .truncate();
            // A tab is at most 180 points wide: a long title is cut, not the row.
            let height = ui.spacing().interact_size.y;
            let response = ui
                .allocate_ui(egui::vec2(180.0, height), |ui| ui.add(tab))
                .inner;
            if response
                .on_hover_text(format!("Pane {}: {title}", i + 1))
                .clicked()
            {
                cx.push(Command::FocusPane(i));
            }
        }
    });
}

/// A pane's header: its number, the document choice, and find, link and close.
fn header_ui(ui: &mut Ui, cx: &mut ViewContext<'_>, pane: &mut Pane, i: usize, count: usize) {
    let project = cx.project();
    ui.horizontal(|ui| {
        let current = pane
            .document
            .and_then(|d| project.document(d))
            .map_or("Choose a document", |d| d.title.as_str());
        let label = ui.label(RichText::new(format!("Pane {}", i + 1)).weak());
        // The buttons go at the right edge first; the document choice fills the rest.
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if count > 1
                && ui
                    .small_button("✖")
                    .on_hover_text("Close this pane")
                    .clicked()
            {
                cx.push(Command::ClosePaneAt(i));
            }
            // The article's address: shown on hover, opened only on a click,
            // and only when it is a web address.
            if let Some(url) = pane
                .document
                .and_then(|d| project.document(d))
                .map(|d| d.url.trim())
                .filter(|u| !u.is_empty())
            {
                let web = is_web_address(url);
                let hover = if web {
                    format!("Open the original article in the browser:\n{url}")
                } else {
                    format!("{url}\nNot opened: Triangulate opens only http and https addresses")
                };
                if ui.small_button("Web").on_hover_text(hover).clicked() {
                    if web {
                        ui.ctx().open_url(egui::OpenUrl::new_tab(url));
                    } else {
                        cx.push(Command::NotifyError(format!("Not opened: “{url}” is not a web address (only http and https links are opened)")));
                    }
                }
            }
            if ui
                .small_button("🔍")
                .on_hover_text("Find in this document (Ctrl+F)")
                .clicked()
            {
                pane.find_open = !pane.find_open;
                cx.push(Command::FocusPane(i));
            }
            let width = (ui.available_width() - 28.0).max(60.0);
            let combo = egui::ComboBox::from_id_salt(("pane document", i))
                .selected_text(line_text(ui, current, width - 24.0))
                .width(width)
                .truncate()
                .show_ui(ui, |ui| {
                    for document in &project.documents {
                        let title = line_text(ui, &document.title, 600.0);
                        if ui
                            .selectable_label(pane.document == Some(document.id), title)
                            .clicked()
                        {
                            pane.document = Some(document.id);
                            pane.reader = ReaderState::default();
                            pane.find_for = None;
                            cx.push(Command::FocusPane(i));
                        }
                    }
                });
            combo.response.labelled_by(label.id);
        });
    });
}

/// The id of a pane's find field, so Ctrl+F can focus it.
pub fn find_field_id(pane: usize) -> egui::Id {
    egui::Id::unique(("find field", pane))
}

/// The find bar of a pane: a query field, the hit count, previous and next.
fn find_bar_ui(ui: &mut Ui, pane: &mut Pane, index: usize, document: Option<&Document>) {
    ui.horizontal(|ui| {
        let label = ui.label("Find");
        // The field gives way first: the row never grows wider than its pane.
        let field_width = (ui.available_width() - 170.0).clamp(60.0, 240.0);
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut pane.find)
                    .id(find_field_id(index))
                    .desired_width(field_width)
                    .hint_text("text in this document"),
            )
            .labelled_by(label.id);
        if let Some(document) = document {
            // The stored fingerprint identifies the text: no hashing per frame.
            let key = (pane.find.clone(), document.fingerprint.clone());
            if pane.find_for.as_ref() != Some(&key) {
                pane.reader.find_hits = find_all(&document.text, &pane.find);
                pane.reader.find_current = None;
                pane.find_for = Some(key);
            }
        }
        let hits = pane.reader.find_hits.len();
        let mut step = 0i64;
        if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            step = if ui.input(|i| i.modifiers.shift) {
                -1
            } else {
                1
            };
            response.request_focus();
        }
        if ui
            .small_button("▲")
            .on_hover_text("Previous match")
            .clicked()
        {
            step = -1;
        }
        if ui.small_button("▼").on_hover_text("Next match").clicked() {
            step = 1;
        }
        if step != 0 && hits > 0 {
            let current = pane.reader.find_current.map_or(-1, |c| c as i64);
            let next = (current + step).rem_euclid(hits as i64) as usize;
            pane.reader.find_current = Some(next);
            pane.reader.scroll_to = pane.reader.find_hits.get(next).copied();
        }
        let status = match (hits, pane.reader.find_current) {
            (0, _) if pane.find.is_empty() => String::new(),
            (0, _) => "no matches".to_owned(),
            (n, Some(c)) => format!("{} of {n}", c + 1),
            (1, None) => "1 match".to_owned(),
            (n, None) => format!("{n} matches"),
        };
        ui.label(status);
        if ui
            .small_button("✖")
            .on_hover_text("Close the find bar")
            .clicked()
        {
            pane.find_open = false;
            pane.find.clear();
            pane.reader.find_hits.clear();
        }
    });
}

/// Every case-insensitive occurrence of `query` in `text`, as character ranges.
///
/// The query is put in the documents' normal form (NFC) first: an input method or a
/// paste may give "é" as "e" and a combining accent, which the text never holds.
pub fn find_all(text: &str, query: &str) -> Vec<CharRange> {
    let query = crate::model::normalise(query);
    let query: Vec<char> = query.chars().flat_map(char::to_lowercase).collect();
    if query.is_empty() {
        return Vec::new();
    }
    let lower: Vec<char> = text
        .chars()
        .map(|c| c.to_lowercase().next().unwrap_or(c))
        .collect();
    let mut hits = Vec::new();
    let mut at = 0;
    while at + query.len() <= lower.len() {
        if lower.get(at..at + query.len()) == Some(query.as_slice()) {
            hits.push(CharRange::new(at, at + query.len()));
            at += query.len();
        } else {
            at += 1;
        }
    }
    hits
}

/// Whether a document's address may be handed to the browser: http or https
/// only, so a project file can never make the app open a local file or run a handler.
pub fn is_web_address(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url.chars().any(|c| c.is_control() || c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn how_many_panes_fit() {
        assert_eq!(panes_that_fit(300.0, 350.0), 1, "one pane at least");
        assert_eq!(panes_that_fit(708.0, 350.0), 2);
        assert_eq!(panes_that_fit(700.0, 350.0), 1);
        assert_eq!(panes_that_fit(f32::NAN, 350.0), 1);
    }

    #[test]
    fn the_panes_shown_move_as_little_as_they_can() {
        // (previous start, count, fit, focused) → start
        let cases = [
            (0, 4, 2, 0, 0),
            (0, 4, 2, 1, 0),
            (0, 4, 2, 2, 1),
            (0, 4, 2, 3, 2),
            (2, 4, 2, 3, 2),
            (2, 4, 2, 2, 2),
            (2, 4, 2, 1, 1),
            (3, 4, 2, 0, 0),
            (3, 2, 2, 1, 0),
            (1, 4, 4, 3, 0),
        ];
        for (previous, count, fit, focused, start) in cases {
            assert_eq!(
                first_shown(previous, count, fit, focused),
                start,
                "{previous} {count} {fit} {focused}"
            );
        }
    }

    #[test]
    fn a_divider_never_makes_a_pane_unreadable() {
        let (mut left, mut right) = (1.0_f32, 1.0_f32);
        // 400 px per share, 300 px readable: each side may give 100 px.
        drag_divider((&mut left, &mut right), 60.0, 400.0, 300.0);
        assert!((left - 1.15).abs() < 1e-4 && (right - 0.85).abs() < 1e-4);
        drag_divider((&mut left, &mut right), 500.0, 400.0, 300.0);
        assert!((right - 0.75).abs() < 1e-4, "{right}");
        assert!((left - 1.25).abs() < 1e-4, "{left}");
        drag_divider((&mut left, &mut right), -2000.0, 400.0, 300.0);
        assert!(
            (left - 0.75).abs() < 1e-4 && (right - 1.25).abs() < 1e-4,
            "{left} {right}"
        );
    }

    #[test]
    fn pane_rects_share_the_width() {
        let area = egui::Rect::from_min_size(egui::pos2(10.0, 0.0), egui::vec2(808.0, 100.0));
        let rects = pane_rects(area, &[1.0, 3.0]);
        assert_eq!(rects.len(), 2);
        assert!((rects[0].width() - 200.0).abs() < 1e-3);
        assert!((rects[1].width() - 600.0).abs() < 1e-3);
        assert!((rects[1].right() - 818.0).abs() < 1e-3);
        assert!(rects[0].right() + DIVIDER <= rects[1].left() + 1e-3);
    }
}
