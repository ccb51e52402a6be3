//! Edit ▸ Preferences…: who is annotating on this machine, in a window of its own
//! (the name used to sit in a field inside the Edit menu, which closed when clicked).
//! The name is stamped on every claim made and every review decision taken here.

use egui::{RichText, TextEdit, Ui};

use super::command::Command;
use super::view::{View, ViewContext};

/// The window's title (also its accessible name).
pub const TITLE: &str = "Preferences";

/// The window's title on the first run.
pub const WELCOME: &str = "Welcome to Triangulate";

/// The first run's button that keeps the name.
pub const USE_NAME: &str = "Use this name";

/// The preferences window.
#[derive(Debug, Default)]
pub struct PreferencesWindow {
    /// Whether the window is shown.
    pub open: bool,
    /// The name as being typed.
    name: String,
    /// Whether `name` was taken from the preferences since the window opened.
    filled: bool,
    /// Opened on the first run, to ask who is annotating.
    pub welcome: bool,
}

impl PreferencesWindow {
    /// Opens the window.
    pub fn show(&mut self) {
        self.open = true;
        self.filled = false;
    }

    /// Opens the window on the first run: a welcome that asks for the name
    /// (offering the login name) before any claim is stamped with it.
    pub fn show_welcome(&mut self) {
        self.show();
        self.welcome = true;
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
        let title = if self.welcome { WELCOME } else { TITLE };
        let mut done = false;
        cx.window(title)
            .id(egui::Id::unique("preferences window"))
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .default_pos(cx.window_area.left_top() + egui::vec2(320.0, 18.0))
            .show(ui.ctx(), |ui| {
                ui.set_width(360.0_f32.min(ui.available_width()));
                if self.welcome {
                    ui.label(
                        "Who is annotating on this computer? Your name is stamped on every \
                         claim you make and every review decision you take.",
                    );
                    ui.add_space(4.0);
                }
                let label = ui.label("Your name");
                let response = ui
                    .add(
                        TextEdit::singleline(&mut self.name)
                            .hint_text("as colleagues know you, e.g. Olena K.")
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(label.id);
                if self.welcome && !response.has_focus() && !ui.memory(|m| m.focused().is_some()) {
                    response.request_focus();
                }
                if response.changed() {
                    cx.push(Command::SetAnnotator(self.name.trim().to_owned()));
                }
                if !self.welcome {
                    ui.label(
                        RichText::new(
                            "Stamped on the claims you make and the review decisions you take; \
                             colleagues see it when they review your project.",
                        )
                        .weak(),
                    );
                }
                if self.name.trim().is_empty() {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        "With no name, your claims and decisions are not attributed to anyone.",
                    );
                }
                let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if self.welcome
                    && (ui
                        .add_enabled(!self.name.trim().is_empty(), egui::Button::new(USE_NAME))
                        .clicked()
                        || (enter && !self.name.trim().is_empty()))
                {
                    cx.push(Command::SetAnnotator(self.name.trim().to_owned()));
                    done = true;
                }
            });
        if done {
            open = false;
        }
        if !open {
            self.open = false;
            self.welcome = false;
        }
    }
}
