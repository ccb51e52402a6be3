//! Edit ▸ Document sets: named groups of documents.

use egui::Ui;

use super::view::{View, ViewContext};

/// The window, while it is open.
#[derive(Default)]
pub struct DocumentSetsWindow {
    /// Whether it is shown.
    pub open: bool,
}

impl View for DocumentSetsWindow {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        if !self.open {
            return;
        }
        let mut open = self.open;
        cx.window("Document sets")
            .open(&mut open)
            .show(ui.ctx(), |ui| {
                ui.label("Document sets");
            });
        self.open = open;
    }
}
