//! Edit ▸ Search all documents (Ctrl+Shift+F): every document at once, with a hit list.

use egui::Ui;

use super::view::{View, ViewContext};

/// The window, while it is open.
#[derive(Default)]
pub struct SearchWindow {
    /// Whether it is shown.
    pub open: bool,
}

impl View for SearchWindow {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        if !self.open {
            return;
        }
        let mut open = self.open;
        cx.window("Search all documents")
            .open(&mut open)
            .show(ui.ctx(), |ui| {
                ui.label("Search all documents");
            });
        self.open = open;
    }
}
