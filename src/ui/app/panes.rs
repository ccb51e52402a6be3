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
        for (name, colour) in entries.iter().take(16) {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, *colour);
            let short: String = name.chars().take(28).collect();
            let more = if name.chars().count() > 28 { "…" } else { "" };
            ui.label(RichText::new(format!("{short}{more}")).small())
                .on_hover_text(name);
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

/// Draws the legend and the panes; what the user does goes to `cx` as commands.
pub fn panes_ui(
    ui: &mut Ui,
    cx: &mut ViewContext<'_>,
    panes: &mut [Pane],
    focused: usize,
    highlights: &HighlightCache,
) {
    let project = cx.project();
    legend_ui(ui, cx);
    let count = panes.len().max(1);
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
    let text_size = cx.prefs.text_size;
    let mut events: Vec<(usize, Option<DocumentId>, ReaderEvent)> = Vec::new();
    ui.columns(count, |columns| {
        for (i, (column, pane)) in columns.iter_mut().zip(panes.iter_mut()).enumerate() {
            // A pane never spills into its neighbour: fixed width, clipped.
            column.set_max_width(column.available_width());
            column.shrink_clip_rect(column.max_rect());
            let stroke = if i == focused && count > 1 {
                column.visuals().selection.stroke
            } else {
                column.visuals().widgets.noninteractive.bg_stroke
            };
            egui::Frame::group(column.style())
                .stroke(stroke)
                .show(column, |ui| {
                    header_ui(ui, cx, pane, i, count);
                    let document = pane.document.and_then(|d| project.document(d));
                    if pane.find_open {
                        find_bar_ui(ui, pane, i, document);
                    }
                    let Some(document) = document else {
                        ui.add_space(20.0);
                        ui.vertical_centered(|ui| {
                            ui.label("Choose a document above, or import one with File ▸ Import documents…");
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
    });
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
                if ui.small_button("🔗").on_hover_text(hover).clicked() {
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
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut pane.find)
                    .id(find_field_id(index))
                    .desired_width(160.0)
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
