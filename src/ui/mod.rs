//! The window: the only module that knows egui, eframe and rfd.
//!
//! See ARCHITECTURE.md for the rooms and how a frame flows. In short: `app`
//! owns the state and runs commands; every panel and window implements
//! [`view::View`], reads the workspace through a [`view::ViewContext`] and
//! reports back only by [`command::Command`]s; `background` runs long work.

pub mod agreement;
pub mod app;
pub mod background;
pub mod bidi_layout;
pub mod claims_panel;
pub mod command;
pub mod crosstab;
pub mod document_details;
pub mod document_sets;
pub mod emoji;
pub mod export_dialog;
pub mod fonts;
pub mod matrix;
pub mod pickers;
pub mod preferences;
pub mod prefs;
pub mod propositions;
pub mod quick_editor;
pub mod reader;
pub mod reanchor_box;
pub mod review;
pub mod review_parts;
pub mod search;
pub mod suggest;
pub mod view;
pub mod vocab;
pub mod widgets;

use std::path::Path;

pub use app::App;

use crate::workspace::Workspace;

/// Lets every text in the window (the reader, titles, names, tags, tables) fall
/// back on the system's fonts for glyphs egui's own fonts lack: Arabic, Hebrew,
/// Chinese, Japanese, Korean and the rest. The fonts are enumerated on a
/// background thread and mapped, not copied; a glyph no font has shows as a box,
/// and a font setup the font library cannot read costs only the fallback
/// ([`fonts::Guarded`]). Emoji are drawn in colour from the system's colour emoji
/// font where there is one ([`emoji`]).
pub fn install_system_fonts(ctx: &egui::Context) {
    ctx.add_font_provider(fonts::system_provider());
    emoji::install_colour_emoji(ctx);
}

/// Opens the window on `project` (or the sample project) and runs until it is closed.
pub fn run(project: Option<&Path>) -> eframe::Result {
    // A project named on the command line opens in the background, so the window
    // shows at once and reports progress; the sample is small and opens here.
    let (ws, error) = match project {
        Some(_) => (Workspace::new(crate::model::Project::new("Untitled")), None),
        None => Workspace::startup(None),
    };
    let open_later = project.map(Path::to_owned);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Triangulate")
            .with_inner_size([1500.0, 920.0])
            .with_min_inner_size([800.0, 500.0])
            .with_drag_and_drop(true),
        // Added by `install_system_fonts` instead, so the tests get the same fonts.
        system_font_fallback: false,
        ..Default::default()
    };
    eframe::run_native(
        "Triangulate",
        options,
        Box::new(move |cc| {
            let mut app = App::from_creation_context(cc, ws);
            if let Some(error) = error {
                app.push(command::Command::NotifyError(error));
            }
            if let Some(path) = open_later {
                app.push(command::Command::OpenPath(path));
            }
            Ok(Box::new(app))
        }),
    )
}
