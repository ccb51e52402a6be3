//! The command palette (Ctrl+K): type to filter every action by name, ↑ and ↓
//! to choose, Enter to run, Esc to close. It lists [`Action::all`], so every
//! action the menus have is in it.

use egui::{Key, RichText, Ui};

use super::super::command::Action;
use super::super::view::{View, ViewContext};

/// The palette's state.
#[derive(Debug, Default)]
pub struct Palette {
    open: bool,
    /// What was typed.
    pub query: String,
    /// The highlighted match, by its place in the list.
    chosen: usize,
    /// Focus the field on the next frame.
    focus: bool,
}

/// How well `action` matches `query`: `None` when it does not; lower is better.
fn rank(action: Action, query: &str) -> Option<u8> {
    let query = query.trim().to_lowercase();
    if query.is_empty() {
        return Some(3);
    }
    let label = action.label().to_lowercase();
    if label.starts_with(&query) {
        return Some(0);
    }
    if label.split_whitespace().any(|w| w.starts_with(&query)) || label.contains(&query) {
        return Some(1);
    }
    // Every word of the query somewhere in the label or the tooltip.
    let tooltip = action.tooltip().to_lowercase();
    query
        .split_whitespace()
        .all(|w| label.contains(w) || tooltip.contains(w))
        .then_some(2)
}

/// The actions that match `query`, best first (the action list's order among equals).
pub fn matches(query: &str) -> Vec<Action> {
    let mut ranked: Vec<(u8, usize, Action)> = Action::all()
        .enumerate()
        .filter(|(_, a)| *a != Action::Palette)
        .filter_map(|(i, a)| rank(a, query).map(|r| (r, i, a)))
        .collect();
    ranked.sort_unstable_by_key(|(r, i, _)| (*r, *i));
    ranked.into_iter().map(|(_, _, a)| a).collect()
}

impl Palette {
    /// Opens the palette, empty.
    pub fn open(&mut self) {
        self.open = true;
        self.query.clear();
        self.chosen = 0;
        self.focus = true;
    }

    /// Whether it is shown.
    pub fn is_open(&self) -> bool {
        self.open
    }
}

impl View for Palette {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        if !self.open {
            return;
        }
        let ctx = ui.ctx().clone();
        let found = matches(&self.query);
        let (down, up, enter, escape) = ctx.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::NONE, Key::ArrowDown),
                i.consume_key(egui::Modifiers::NONE, Key::ArrowUp),
                i.consume_key(egui::Modifiers::NONE, Key::Enter),
                i.consume_key(egui::Modifiers::NONE, Key::Escape),
            )
        });
        if down {
            self.chosen = (self.chosen + 1).min(found.len().saturating_sub(1));
        }
        if up {
            self.chosen = self.chosen.saturating_sub(1);
        }
        let mut run = None;
        if enter {
            run = found.get(self.chosen).copied();
        }
        let width = 460.0_f32.min(ctx.content_rect().width() - 40.0);
        let modal = egui::Modal::new(egui::Id::unique("command palette")).show(&ctx, |ui| {
            ui.set_width(width);
            let label = ui.label("Command");
            let response = ui
                .add(
                    egui::TextEdit::singleline(&mut self.query)
                        .hint_text("type to find an action")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            if self.focus {
                response.request_focus();
                self.focus = false;
            }
            if response.changed() {
                self.chosen = 0;
            }
            ui.separator();
            if found.is_empty() {
                ui.weak("No action matches");
            }
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .show(ui, |ui| {
                    for (i, action) in found.iter().enumerate() {
                        let keys = action
                            .shortcut()
                            .map(|s| ctx.format_shortcut(&s))
                            .unwrap_or_default();
                        let button = egui::Button::selectable(i == self.chosen, action.label())
                            .shortcut_text(RichText::new(keys).weak());
                        let row = ui
                            .add_sized([ui.available_width(), 0.0], button)
                            .on_hover_text(action.tooltip());
                        if i == self.chosen && (up || down) {
                            row.scroll_to_me(None);
                        }
                        if row.clicked() {
                            run = Some(*action);
                        }
                    }
                });
        });
        if escape || modal.should_close() {
            self.open = false;
        }
        if let Some(action) = run {
            self.open = false;
            cx.action(action);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_narrows_the_actions_best_first() {
        assert_eq!(matches("").len(), Action::all().count() - 1);
        let save = matches("save");
        assert_eq!(save.first(), Some(&Action::Save));
        assert!(save.contains(&Action::SaveAs));
        assert!(!save.contains(&Action::Quit));
        assert_eq!(matches("compare s").first(), Some(&Action::CompareSources));
        // Words of the tooltip find it too.
        assert!(matches("krippendorff").contains(&Action::Agreement));
        assert!(matches("zzzz").is_empty());
    }
}
