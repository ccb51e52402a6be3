//! View ▸ Cross-tabulation: tags, sources and stances counted against each other.

use egui::Ui;

use super::view::{View, ViewContext};

/// The window, while it is open.
#[derive(Default)]
pub struct CrossTabWindow {
    /// Whether it is shown.
    pub open: bool,
}

impl View for CrossTabWindow {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        if !self.open {
            return;
        }
        let mut open = self.open;
        cx.window("Cross-tabulation")
            .open(&mut open)
            .show(ui.ctx(), |ui| {
                ui.label("Cross-tabulation");
            });
        self.open = open;
    }
}
