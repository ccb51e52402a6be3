//! The status bar (file, saved or not, counts, warnings, what runs, the last
//! message) and the document list on the left.

use std::time::{Duration, Instant};

use egui::{RichText, Ui};

use crate::highlight::HighlightCache;

use super::super::background::Background;
use super::super::bidi_layout::line_text;
use super::super::command::{Action, Command};
use super::super::view::ViewContext;
use super::{FileDialogs, Pane};

/// How long a message that is not an error stays in the status bar.
const NOTICE_SECS: u64 = 12;

/// A message for the user.
struct Notice {
    text: String,
    error: bool,
    at: Instant,
}

/// The messages shown in the status bar, newest last (twenty at most).
#[derive(Default)]
pub struct Notices {
    notices: Vec<Notice>,
}

impl Notices {
    fn push(&mut self, text: String, error: bool) {
        self.notices.push(Notice {
            text,
            error,
            at: Instant::now(),
        });
        if self.notices.len() > 20 {
            self.notices.remove(0);
        }
    }

    /// A message that goes after a while.
    pub fn info(&mut self, text: impl Into<String>) {
        self.push(text.into(), false);
    }

    /// An error: it stays until dismissed.
    pub fn error(&mut self, text: impl Into<String>) {
        self.push(text.into(), true);
    }

    /// The last message.
    pub fn last(&self) -> Option<&str> {
        self.notices.last().map(|n| n.text.as_str())
    }
}

/// The claims the status bar warns of.
#[derive(Clone, Copy, Debug, Default)]
pub struct Flagged {
    /// Claims re-anchoring moved or offered a place, not yet confirmed.
    pub to_confirm: usize,
    /// Claims whose text is no longer in their document (and not offered a place).
    pub orphaned: usize,
}

/// Draws the status bar.
pub fn status_ui(
    ui: &mut Ui,
    cx: &mut ViewContext<'_>,
    notices: &mut Notices,
    background: &Background,
    files: &FileDialogs,
    flagged: Flagged,
) {
    let ws = cx.ws;
    ui.horizontal(|ui| {
        ui.set_max_width(ui.available_width());
        let file = ws
            .path()
            .map_or_else(|| "not saved yet".to_owned(), |p| p.display().to_string());
        ui.label(file);
        ui.separator();
        if ws.is_dirty() {
            ui.label(RichText::new("Unsaved changes").color(ui.visuals().warn_fg_color));
        } else {
            ui.label("Saved");
        }
        ui.separator();
        // Who is annotating: stamped on every claim and decision made here.
        let name = cx.prefs.annotator.trim();
        let link = if name.is_empty() {
            ui.link(RichText::new("⚠ No name set").color(ui.visuals().warn_fg_color))
        } else {
            ui.link(format!("Annotating as {name}"))
        };
        if link
            .on_hover_text("The name stamped on your claims and review decisions: click to change it")
            .clicked()
        {
            cx.action(Action::Preferences);
        }
        ui.separator();
        let p = ws.project();
        ui.label(format!(
            "{} documents · {} claims · {} sources · {} propositions",
            p.documents.len(),
            p.claims.len(),
            p.sources.len(),
            p.propositions.len()
        ));
        let warn = ui.visuals().warn_fg_color;
        if flagged.to_confirm > 0 {
            ui.separator();
            let link = ui
                .link(RichText::new(format!("⚠ {} to confirm", flagged.to_confirm)).color(warn))
                .on_hover_text(
                    "Claims re-anchoring moved or offered a place when their document's text changed: click to list them",
                );
            if link.clicked() {
                cx.action(Action::ShowToConfirm);
            }
        }
        if flagged.orphaned > 0 {
            ui.separator();
            let link = ui
                .link(RichText::new(format!("⚠ {} orphaned", flagged.orphaned)).color(warn))
                .on_hover_text("Claims whose text is no longer in their document: click to list them");
            if link.clicked() {
                cx.action(Action::ShowOrphaned);
            }
        }
        if !ws.problems().is_empty() {
            ui.separator();
            ui.label(
                RichText::new(format!("⚠ {} problems", ws.problems().len()))
                    .color(ui.visuals().error_fg_color),
            )
            .on_hover_text(
                ws.problems()
                    .iter()
                    .take(20)
                    .map(|p| p.to_string())
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
        }
        if let Some(kind) = files.waiting_for() {
            ui.separator();
            ui.spinner();
            ui.label("Waiting for the file dialog…");
            if ui.button("Type a path instead").clicked() {
                cx.push(Command::PickFile(kind));
            }
            ui.ctx().request_repaint_after(Duration::from_millis(100));
        }
        if background.status_ui(ui) {
            cx.push(Command::CancelImport);
        }
        let Some(notice) = notices.notices.last() else {
            return;
        };
        if notice.at.elapsed() < Duration::from_secs(NOTICE_SECS) || notice.error {
            ui.separator();
            let colour = if notice.error {
                ui.visuals().error_fg_color
            } else {
                ui.visuals().text_color()
            };
            if notice.error && ui.small_button("Dismiss").clicked() {
                notices.notices.pop();
            } else {
                // Long messages are cut to the bar, never widen the window; hover shows all.
                ui.add(egui::Label::new(RichText::new(&notice.text).color(colour)).truncate())
                    .on_hover_text(&notice.text);
            }
        }
    });
}

/// The document list: title and a line of details per document, drawing only
/// the entries in view (hundreds of documents cost nothing).
pub fn documents_ui(
    ui: &mut Ui,
    cx: &mut ViewContext<'_>,
    panes: &[Pane],
    highlights: &HighlightCache,
) {
    ui.horizontal(|ui| {
        ui.heading("Documents");
        if ui
            .small_button("Import…")
            .on_hover_text(Action::ImportDocuments.tooltip())
            .clicked()
        {
            cx.action(Action::ImportDocuments);
        }
    });
    ui.separator();
    let spacing = ui.spacing().item_spacing.y;
    let entry_height = ui
        .spacing()
        .interact_size
        .y
        .max(ui.text_style_height(&egui::TextStyle::Body))
        + ui.text_style_height(&egui::TextStyle::Small)
        + spacing
        + 4.0;
    let documents = &cx.project().documents;
    egui::ScrollArea::vertical()
        .id_salt("document list")
        .auto_shrink([false, true])
        .show_rows(ui, entry_height, documents.len(), |ui, range| {
            for document in documents.get(range).unwrap_or_default() {
                let open = panes.iter().any(|p| p.document == Some(document.id));
                let title = if document.title.trim().is_empty() {
                    "Untitled document"
                } else {
                    document.title.trim()
                };
                let room = ui.available_width() - 2.0 * ui.spacing().button_padding.x;
                let title = line_text(ui, RichText::new(title).strong(), room);
                let response = ui.add(egui::Button::selectable(open, title).truncate());
                let mut meta = Vec::new();
                if !document.outlet.is_empty() {
                    meta.push(document.outlet.clone());
                }
                if !document.published.is_empty() {
                    meta.push(document.published.clone());
                }
                meta.push(format!("{} claims", highlights.claim_count(document.id)));
                let meta = line_text(ui, RichText::new(meta.join(" · ")).small().weak(), room);
                ui.add(egui::Label::new(meta).truncate());
                ui.add_space(4.0);
                if response.clicked() {
                    cx.push(Command::ShowDocument(document.id));
                }
                response.context_menu(|ui| {
                    if ui
                        .button(Action::DocumentDetails.label())
                        .on_hover_text("This document's title, outlet, author, address, date, language and notes")
                        .clicked()
                    {
                        cx.push(Command::DocumentDetails(document.id));
                        ui.close();
                    }
                    let project = cx.project();
                    if !project.document_sets.is_empty() {
                        ui.menu_button("Add to set", |ui| {
                            for set in &project.document_sets {
                                let mut member = set.contains(document.id);
                                if ui.checkbox(&mut member, &set.name).changed() {
                                    cx.push(super::super::document_sets::membership_edit(
                                        project,
                                        set,
                                        document.id,
                                        member,
                                    ));
                                }
                            }
                        });
                    }
                });
            }
        });
}
