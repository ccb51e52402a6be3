//! Edit ▸ Suggest claims: claims proposed from a rule, accepted or dismissed by the analyst.

use egui::Ui;

use super::view::{View, ViewContext};

/// The window, while it is open.
#[derive(Default)]
pub struct SuggestWindow {
    /// Whether it is shown.
    pub open: bool,
}

impl View for SuggestWindow {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        if !self.open {
            return;
        }
        let mut open = self.open;
        cx.window("Suggest claims")
            .open(&mut open)
            .show(ui.ctx(), |ui| {
                ui.label("Suggest claims");
            });
        self.open = open;
    }
}
