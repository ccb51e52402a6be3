//! The menu bar. Every entry is an [`Action`] (its label, shortcut and tooltip
//! come from the action list), and clicking one pushes it as a command.

use egui::Ui;

use super::super::command::{Action, Command};
use super::super::prefs::ColourBy;
use super::super::view::ViewContext;
use super::Pane;

/// A menu entry for `action`, under `label` (the action's own name unless given).
fn entry(
    ui: &mut Ui,
    cx: &mut ViewContext<'_>,
    action: Action,
    label: Option<String>,
    enabled: bool,
) {
    let label = label.unwrap_or_else(|| action.label().to_owned());
    let mut button = egui::Button::new(label);
    if let Some(shortcut) = action.shortcut() {
        button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
    }
    if ui
        .add_enabled(enabled, button)
        .on_hover_text(action.tooltip())
        .clicked()
    {
        cx.action(action);
        ui.close();
    }
}

/// A menu entry for `action` that is always enabled.
fn item(ui: &mut Ui, cx: &mut ViewContext<'_>, action: Action) {
    entry(ui, cx, action, None, true);
}

/// What the menus need to know beyond the context.
pub struct MenuState<'a> {
    /// The panes (Document ▸ Details… and Edit text need a document in the focused one).
    pub panes: &'a [Pane],
    /// The focused pane.
    pub focused_pane: usize,
    /// Whether the review screen is open.
    pub reviewing: bool,
}

/// Draws the menu bar.
pub fn menu_ui(ui: &mut Ui, cx: &mut ViewContext<'_>, state: MenuState<'_>) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            item(ui, cx, Action::NewProject);
            item(ui, cx, Action::Open);
            ui.menu_button("Open recent", |ui| {
                if cx.prefs.recent.is_empty() {
                    ui.label("No recent projects");
                }
                for path in &cx.prefs.recent {
                    if ui.button(path.display().to_string()).clicked() {
                        cx.push(Command::OpenPath(path.clone()));
                        ui.close();
                    }
                }
            });
            ui.separator();
            item(ui, cx, Action::Save);
            item(ui, cx, Action::SaveAs);
            ui.separator();
            item(ui, cx, Action::ImportDocuments);
            item(ui, cx, Action::ImportFromAddress);
            item(ui, cx, Action::ImportAnnotations);
            item(ui, cx, Action::ImportCodebook);
            item(ui, cx, Action::Export);
            ui.separator();
            item(ui, cx, Action::Quit);
        });
        ui.menu_button("Edit", |ui| {
            let history = cx.ws.history();
            let undo = history
                .undo_label()
                .map(|l| format!("Undo {}", l.to_lowercase()));
            let redo = history
                .redo_label()
                .map(|l| format!("Redo {}", l.to_lowercase()));
            let (can_undo, can_redo) = (undo.is_some(), redo.is_some());
            entry(ui, cx, Action::Undo, undo, can_undo);
            entry(ui, cx, Action::Redo, redo, can_redo);
            ui.separator();
            item(ui, cx, Action::Find);
            item(ui, cx, Action::SearchDocuments);
            item(ui, cx, Action::SuggestClaims);
            let has_selection = cx.selected.is_some();
            entry(ui, cx, Action::DeleteClaim, None, has_selection);
            let awaits = cx
                .selected
                .and_then(|id| cx.project().claim(id))
                .is_some_and(crate::model::Claim::awaits_confirmation);
            entry(ui, cx, Action::ConfirmClaim, None, awaits);
            item(ui, cx, Action::ConfirmAllMoves);
            item(ui, cx, Action::ShowToConfirm);
            item(ui, cx, Action::ShowOrphaned);
            ui.separator();
            item(ui, cx, Action::ManageVocabulary);
            item(ui, cx, Action::DocumentSets);
            ui.separator();
            item(ui, cx, Action::Preferences);
        });
        ui.menu_button("Document", |ui| {
            let has_document = state
                .panes
                .get(state.focused_pane)
                .is_some_and(|p| p.document.is_some());
            entry(ui, cx, Action::DocumentDetails, None, has_document);
            entry(ui, cx, Action::EditDocumentText, None, has_document);
        });
        ui.menu_button("View", |ui| {
            item(ui, cx, Action::CompareSources);
            item(ui, cx, Action::Propositions);
            item(ui, cx, Action::CrossTabulation);
            ui.separator();
            item(ui, cx, Action::ToggleDocumentList);
            item(ui, cx, Action::ToggleClaimsPanel);
            item(ui, cx, Action::AddPane);
            item(ui, cx, Action::ClosePane);
            ui.separator();
            ui.label("Colour highlights by");
            for choice in ColourBy::ALL {
                if ui
                    .radio(cx.prefs.colour_by == choice, choice.label())
                    .clicked()
                {
                    cx.push(Command::SetColourBy(choice));
                    ui.close();
                }
            }
            ui.separator();
            item(ui, cx, Action::ToggleTheme);
            item(ui, cx, Action::TextLarger);
            item(ui, cx, Action::TextSmaller);
        });
        ui.menu_button("Review", |ui| {
            item(ui, cx, Action::CompareWith);
            item(ui, cx, Action::Agreement);
            item(ui, cx, Action::AddAnnotator);
            entry(ui, cx, Action::CloseReview, None, state.reviewing);
        });
        ui.menu_button("Help", |ui| {
            item(ui, cx, Action::Palette);
            item(ui, cx, Action::ShowShortcuts);
            item(ui, cx, Action::About);
        });
    });
}
