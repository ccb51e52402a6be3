//! Edit ▸ Preferences…: who is annotating on this machine, in a window of its own
//! (the name used to sit in a field inside the Edit menu, which closed when clicked).
//! The name is stamped on every claim made and every review decision taken here.

use egui::{RichText, TextEdit, Ui};

use super::command::Command;
use super::view::{View, ViewContext};

/// The window's title (also its accessible name).
pub const TITLE: &str = "Preferences";

/// The preferences window.
#[derive(Debug, Default)]
pub struct PreferencesWindow {
    /// Whether the window is shown.
    pub open: bool,
    /// The name as being typed.
    name: String,
    /// Whether `name` was taken from the preferences since the window opened.
    filled: bool,
}

impl PreferencesWindow {
    /// Opens the window.
    pub fn show(&mut self) {
        self.open = true;
        self.filled = false;
    }
}

impl View for PreferencesWindow {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        if !self.open {
            return;
        }
        if !self.filled {
            self.name.clone_from(&cx.prefs.annotator);
            self.filled = true;
        }
        let mut open = true;
        let top = ui.ctx().content_rect().top() + 40.0;
        egui::Window::new(TITLE)
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .default_pos([320.0, top])
            .show(ui.ctx(), |ui| {
                ui.set_width(360.0);
                let label = ui.label("Your name");
                let response = ui
                    .add(
                        TextEdit::singleline(&mut self.name)
                            .hint_text("as colleagues know you, e.g. Olena K.")
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(label.id);
                if response.changed() {
                    cx.push(Command::SetAnnotator(self.name.trim().to_owned()));
                }
                ui.label(
                    RichText::new(
                        "Stamped on the claims you make and the review decisions you take; \
                         colleagues see it when they review your project.",
                    )
                    .small()
                    .weak(),
                );
                if self.name.trim().is_empty() {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        "With no name, your claims and decisions are not attributed to anyone.",
                    );
                }
            });
        if !open {
            self.open = false;
        }
    }
}
