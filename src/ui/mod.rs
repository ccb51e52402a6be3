//! The window: the only module that knows egui, eframe and rfd.

pub mod agreement;
pub mod app;
pub mod claims_panel;
pub mod command;
pub mod export_dialog;
pub mod matrix;
pub mod pickers;
pub mod quick_editor;
pub mod reader;
pub mod review;
pub mod vocab;

use std::path::Path;

pub use app::App;

/// Opens the window on `project` (or the sample project) and runs until it is closed.
pub fn run(project: Option<&Path>) -> eframe::Result {
    let (ws, error) = app::startup_workspace(project);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Triangulate")
            .with_inner_size([1500.0, 920.0])
            .with_min_inner_size([800.0, 500.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "Triangulate",
        options,
        Box::new(move |cc| {
            let mut app = App::from_creation_context(cc, ws);
            if let Some(error) = error {
                app.push(command::Command::Notify(error));
            }
            Ok(Box::new(app))
        }),
    )
}
pub mod propositions;
