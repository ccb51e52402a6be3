//! The claim editor's box for a claim re-anchoring moved, or offered a place: what
//! happened, and the analyst's three answers — Confirm, Re-attach by selection, Orphan —
//! each one undoable edit.

use egui::{RichText, Ui};

use crate::edit::anchoring;
use crate::model::{CharRange, Claim, DocumentId, Project, ReanchorMethod, now_rfc3339, slice};

use super::command::Command;

/// How many characters of a quote the box shows.
const SHOWN_CHARS: usize = 120;

/// Draws the box when `claim` has a re-anchoring record; `selection` is the text
/// selected in a pane, if any, to re-attach the claim to.
pub fn reanchor_ui(
    ui: &mut Ui,
    project: &Project,
    claim: &Claim,
    selection: Option<(DocumentId, CharRange)>,
    commands: &mut Vec<Command>,
) {
    let Some(record) = &claim.reanchored else {
        return;
    };
    let text = project
        .document(claim.document)
        .map_or("", |d| d.text.as_str());
    let quoted = |range: CharRange| shorten(slice(text, range).unwrap_or_default());
    let warn = ui.visuals().warn_fg_color;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        match record.method {
            ReanchorMethod::Offered => {
                ui.label(RichText::new("Re-anchored — to confirm").strong().color(warn));
                ui.add(
                    egui::Label::new(format!(
                        "Its document's text changed and the claim's text is no longer where it was (characters {}–{}). The nearest place, “{}” (characters {}–{}, confidence {:.2}), was not taken: {}.",
                        record.from.start,
                        record.from.end,
                        quoted(record.to),
                        record.to.start,
                        record.to.end,
                        record.confidence(),
                        record.why,
                    ))
                    .wrap(),
                );
            }
            ReanchorMethod::Exact | ReanchorMethod::Approximate => {
                ui.label(RichText::new("Re-anchored — to confirm").strong().color(warn));
                let was = record
                    .was
                    .as_ref()
                    .map(|q| format!(" It quoted “{}”.", shorten(&q.exact)))
                    .unwrap_or_default();
                ui.add(
                    egui::Label::new(format!(
                        "Its document's text changed and the claim was moved from characters {}–{} to {}–{} ({}, confidence {:.2}).{was}",
                        record.from.start,
                        record.from.end,
                        record.to.start,
                        record.to.end,
                        record.method.label(),
                        record.confidence(),
                    ))
                    .wrap(),
                );
            }
            ReanchorMethod::Orphaned => {
                ui.label(RichText::new("Orphaned by you").strong().color(warn));
                ui.add(
                    egui::Label::new(
                        "Its text is no longer in the document. Select the text it should be on and choose Re-attach by selection.",
                    )
                    .wrap(),
                );
            }
        }
        let now = now_rfc3339();
        let here = selection.filter(|(document, range)| {
            *document == claim.document && !range.is_empty() && *range != claim.range
        });
        ui.horizontal_wrapped(|ui| {
            if record.awaits_confirmation() {
                let hover = if record.is_offer() {
                    "Put the claim on the place offered"
                } else {
                    "Keep the claim where it was moved"
                };
                let confirm = anchoring::confirm(project, claim, &now);
                if ui
                    .add_enabled(confirm.is_some(), egui::Button::new("Confirm"))
                    .on_hover_text(hover)
                    .clicked()
                    && let Some(edit) = confirm
                {
                    commands.push(edit_command(edit, "Confirm re-anchored claim"));
                }
            }
            let reattach = here.and_then(|(_, range)| anchoring::reattach(project, claim, range, &now));
            let button = ui
                .add_enabled(reattach.is_some(), egui::Button::new("Re-attach by selection"))
                .on_hover_text("Put the claim on the text selected in its document")
                .on_disabled_hover_text(
                    "Select the text the claim should be on in its document first",
                );
            if button.clicked()
                && let Some(edit) = reattach
            {
                commands.push(edit_command(edit, "Re-attach claim"));
                commands.push(Command::CloseQuickEditor);
            }
            if let Some(edit) = anchoring::orphan(claim, &now)
                && ui
                    .button("Orphan")
                    .on_hover_text(
                        "Its text is gone from the document: keep the claim, unplaced, as it was made",
                    )
                    .clicked()
            {
                commands.push(edit_command(edit, "Orphan claim"));
            }
        });
    });
}

fn edit_command(edit: crate::edit::Edit, label: &str) -> Command {
    Command::Edit {
        edit,
        label: label.to_owned(),
    }
}

/// The first [`SHOWN_CHARS`] characters of `text` on one line, with "…" when cut.
fn shorten(text: &str) -> String {
    let mut shown: String = text
        .chars()
        .take(SHOWN_CHARS)
        .map(|c| if c == '\n' { ' ' } else { c })
        .collect();
    if text.chars().nth(SHOWN_CHARS).is_some() {
        shown.push('…');
    }
    shown
}
