//! What the window tests share: the real app in a kittest harness.

use egui::Vec2;
use egui_kittest::Harness;
use triangulate::ui::App;
use triangulate::ui::app::Prefs;
use triangulate::workspace::Workspace;

/// The real app on `ws`, 1600×1000, with `annotator` as the user's name and the
/// in-app path prompt instead of native file dialogs.
pub fn app_harness(ws: Workspace, annotator: &str) -> Harness<'static, App> {
    let prefs = Prefs {
        annotator: annotator.into(),
        ..Prefs::default()
    };
    let mut harness = Harness::builder()
        .with_size(Vec2::new(1600.0, 1000.0))
        .with_max_steps(40)
        .allow_missing_glyphs()
        .build_eframe(move |_cc| {
            let mut app = App::new(ws, prefs);
            app.files.native = false;
            app
        });
    harness.run();
    harness
}
