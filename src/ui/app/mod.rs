//! The application: its state, and how a frame flows.
//!
//! A frame: take what background tasks and file dialogs finished; turn keys and
//! dropped files into commands; draw the menu, the status bar, the side panels,
//! the panes (or the review screen), the windows and the top modal dialog —
//! each pushes commands and changes nothing else; run the commands (the only
//! place the workspace changes, in `run.rs`); start an autosave when due; set
//! the title.

mod files;
mod menu;
mod modal;
mod palette;
mod panes;
mod run;
mod status;

use std::path::Path;
use std::time::{Duration, Instant};

use egui::Ui;

use crate::highlight::HighlightCache;
use crate::model::ClaimId;
use crate::workspace::{Stamp, Workspace};

use super::agreement::AgreementView;
use super::background::Background;
use super::claims_panel::ClaimsPanel;
use super::command::Command;
use super::document_details::DocumentDetails;
use super::export_dialog::ExportDialog;
use super::matrix::MatrixView;
use super::propositions::PropositionsPanel;
use super::quick_editor::QuickEditor;
use super::review::ReviewScreen;
use super::view::{View as _, ViewContext};
use super::vocab::VocabularyWindow;

pub use super::prefs::{ColourBy, PREFS_KEY, Prefs};
pub use files::FileDialogs;
pub use modal::Modal;
pub use palette::Palette;
pub use panes::{
    MAX_PANES, Pane, find_all, first_shown, is_web_address, min_pane_width, panes_that_fit,
};
pub use status::Notices;

/// The environment variable that sets the autosave interval in seconds (default 30).
pub const AUTOSAVE_SECS_VAR: &str = "TRIANGULATE_AUTOSAVE_SECS";

/// Below this window width the document list starts hidden (each pane's header
/// chooses its document too), so the panes keep room to read.
pub const DOCUMENT_LIST_FROM: f32 = 1000.0;

/// The Triangulate application.
pub struct App {
    /// The open project (read through [`App::ws`]; changed only by commands).
    ws: Workspace,
    /// Preferences.
    pub prefs: Prefs,
    /// The document panes, left to right.
    pub panes: Vec<Pane>,
    /// The pane that keyboard actions (find, close) apply to.
    pub focused_pane: usize,
    /// The selected claim.
    pub selected: Option<ClaimId>,
    /// The claims panel on the right.
    pub claims_panel: ClaimsPanel,
    /// The vocabulary manager.
    pub vocabulary: VocabularyWindow,
    /// File ▸ Export claims….
    pub export: ExportDialog,
    /// Document ▸ Details….
    pub document_details: DocumentDetails,
    /// View ▸ Compare sources: the propositions × sources matrix.
    pub matrix: MatrixView,
    /// View ▸ Propositions.
    pub propositions: PropositionsPanel,
    /// Review ▸ Compare with…: the review screen, while it is open.
    pub review: Option<ReviewScreen>,
    /// Review ▸ Agreement.
    pub agreement: AgreementView,
    /// The quick editor for a claim being made.
    pub quick_editor: Option<QuickEditor>,
    /// Help ▸ Command palette (Ctrl+K).
    pub palette: Palette,
    /// The document list on the left was shown or hidden by hand (View ▸ Document
    /// list); left alone, it shows when the window is wide enough.
    pub show_documents: Option<bool>,
    /// The claims panel on the right is shown (View ▸ Claims panel).
    pub show_claims: bool,
    /// Help ▸ Keyboard shortcuts is shown.
    pub show_shortcuts: bool,
    /// Help ▸ About is shown.
    pub show_about: bool,
    /// Modal dialogs waiting for an answer; the last is shown.
    modals: Vec<Modal>,
    /// Open, import, save, export, autosave and colleagues' projects, off this thread.
    pub background: Background,
    /// Native file dialogs (on their own thread) and the in-app path prompt.
    pub files: FileDialogs,
    /// How often a recovery copy is written while there are unsaved changes.
    pub autosave_every: Duration,
    /// When the last recovery copy was started, and of which project state.
    last_recovery: (Instant, Stamp),
    /// Messages for the user.
    pub notices: Notices,
    /// Commands queued this frame.
    commands: Vec<Command>,
    /// Highlights of the documents on screen, and claim counts.
    highlights: HighlightCache,
    /// The window's title as last sent.
    last_title: String,
    /// The unsaved changes were saved or discarded: closing may go ahead.
    quit_confirmed: bool,
    /// Edit ▸ Preferences….
    pub preferences: super::preferences::PreferencesWindow,
    /// Edit ▸ Search all documents.
    pub search: super::search::SearchWindow,
    /// Edit ▸ Suggest claims.
    pub suggest: super::suggest::SuggestWindow,
    /// Edit ▸ Document sets.
    pub document_sets: super::document_sets::DocumentSetsWindow,
    /// View ▸ Cross-tabulation.
    pub crosstab: super::crosstab::CrossTabWindow,
    /// The preferences changed in a way that must outlive a crash (the name
    /// confirmed on the first run): written to storage at the end of the frame.
    pub(super) store_prefs_now: bool,
    /// A save asked for while another was being written: where, checked, and then what.
    queued_save: Option<(std::path::PathBuf, bool, Option<super::command::Proceed>)>,
}

impl App {
    /// The app over an open workspace.
    pub fn new(ws: Workspace, prefs: Prefs) -> Self {
        let stamp = ws.stamp();
        let mut app = Self {
            ws,
            prefs,
            panes: Vec::new(),
            focused_pane: 0,
            selected: None,
            claims_panel: ClaimsPanel::default(),
            vocabulary: VocabularyWindow::default(),
            export: ExportDialog::default(),
            document_details: DocumentDetails::default(),
            matrix: MatrixView::default(),
            propositions: PropositionsPanel::default(),
            review: None,
            agreement: AgreementView::default(),
            quick_editor: None,
            palette: Palette::default(),
            show_documents: None,
            show_claims: true,
            show_shortcuts: false,
            show_about: false,
            modals: Vec::new(),
            background: Background::default(),
            files: FileDialogs::default(),
            autosave_every: Duration::from_secs(30),
            last_recovery: (Instant::now(), stamp),
            notices: Notices::default(),
            commands: Vec::new(),
            highlights: HighlightCache::default(),
            last_title: String::new(),
            quit_confirmed: false,
            preferences: super::preferences::PreferencesWindow::default(),
            search: super::search::SearchWindow::default(),
            suggest: super::suggest::SuggestWindow::default(),
            document_sets: super::document_sets::DocumentSetsWindow::default(),
            crosstab: super::crosstab::CrossTabWindow::default(),
            queued_save: None,
            store_prefs_now: false,
        };
        app.workspace_replaced();
        app
    }

    /// The app as eframe creates it, with preferences from storage.
    pub fn from_creation_context(cc: &eframe::CreationContext<'_>, ws: Workspace) -> Self {
        let prefs: Prefs = cc
            .storage
            .and_then(|s| eframe::get_value(s, PREFS_KEY))
            .unwrap_or_default();
        super::install_system_fonts(&cc.egui_ctx);
        let mut app = Self::new(ws, prefs);
        if let Some(path) = app.ws.path().map(Path::to_owned) {
            app.prefs.remember_recent(&path);
        }
        // Not when the name was given by `TRIANGULATE_ANNOTATOR` (scripted runs, CI).
        if std::env::var_os(super::prefs::ANNOTATOR_VAR).is_none() {
            app.welcome_first_run();
        }
        // For tests of the real binary: write recovery copies sooner than every 30 s.
        if let Some(secs) = std::env::var(AUTOSAVE_SECS_VAR)
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok())
        {
            app.autosave_every = Duration::from_secs(secs.max(1));
        }
        app
    }

    /// On the first run (no name confirmed yet), asks who is annotating.
    pub fn welcome_first_run(&mut self) {
        if !self.prefs.annotator_confirmed {
            self.preferences.show_welcome();
        }
    }

    /// The open project, its file and its history.
    pub fn ws(&self) -> &Workspace {
        &self.ws
    }

    /// The modal dialog shown now, if any.
    pub fn modal(&self) -> Option<&Modal> {
        self.modals.last()
    }

    /// The modal dialog shown now, to fill in (for tests).
    pub fn modal_mut(&mut self) -> Option<&mut Modal> {
        self.modals.last_mut()
    }

    /// The last message shown to the user (for tests).
    pub fn last_notice(&self) -> Option<&str> {
        self.notices.last()
    }

    /// Queues a command, as a widget would.
    pub fn push(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// The window title: project name, file, and a mark for unsaved changes.
    pub fn title(&self) -> String {
        let dirty = if self.ws.is_dirty() { "● " } else { "" };
        let file = self
            .ws
            .path()
            .and_then(|p| p.file_name())
            .map(|n| format!(" ({})", n.to_string_lossy()))
            .unwrap_or_default();
        format!("{dirty}{}{file} — Triangulate", self.ws.display_name())
    }

    /// Whether the document list shows in a window `width` points wide: as the
    /// user last chose, else when the window is wide enough to spare it.
    pub fn documents_shown(&self, width: f32) -> bool {
        self.show_documents.unwrap_or(width >= DOCUMENT_LIST_FROM)
    }

    /// Waits up to `timeout` for background tasks and applies what they produced (for tests).
    pub fn wait_for_jobs(&mut self, timeout: Duration) {
        let finished = self.background.wait(timeout);
        self.apply_finished(finished);
    }

    /// Draws the whole window and runs the commands it produced.
    pub fn frame_ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        let theme = if self.prefs.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        };
        if ctx.theme() != theme {
            ctx.set_theme(theme);
        }
        // The first frame has been presented once the second begins: its first pass
        // (a frame may take several passes, all before it is painted).
        if ctx.cumulative_frame_nr() == 1 && ctx.current_pass_index() == 0 {
            log_first_frame();
        }
        self.background.set_repaint(&ctx);
        if let Some(command) = self.files.poll() {
            self.commands.push(command);
        }
        let finished = self.background.poll();
        self.apply_finished(finished);
        self.handle_shortcuts(&ctx);
        self.handle_dropped_files(&ctx);
        self.handle_close_request(&ctx);
        let shown = self.panes.iter().filter_map(|p| p.document);
        self.highlights.refresh(
            self.ws.stamp(),
            self.ws.project(),
            self.prefs.colour_by,
            shown,
        );

        let mut commands = std::mem::take(&mut self.commands);
        {
            let mut cx = ViewContext::new(&self.ws, self.selected, &self.prefs, &mut commands);
            cx.text_selection = self.quick_editor.as_ref().map(|q| (q.document, q.range));
            egui::Panel::top("menu").show(ui, |ui| {
                let state = menu::MenuState {
                    panes: &self.panes,
                    focused_pane: self.focused_pane,
                    reviewing: self.review.is_some(),
                };
                menu::menu_ui(ui, &mut cx, state);
            });
            egui::Panel::bottom("status").show(ui, |ui| {
                status::status_ui(
                    ui,
                    &mut cx,
                    &mut self.notices,
                    &self.background,
                    &self.files,
                    status::Flagged {
                        to_confirm: self.highlights.to_confirm(),
                        orphaned: self.highlights.orphaned(),
                    },
                );
            });
            // Windows open between the menu bar and the status bar, never over them.
            cx.window_area = ui.available_rect_before_wrap();
            super::widgets::set_window_area(&ctx, cx.window_area);
            // The panes keep at least half the window: side panels never squeeze them out.
            let width = ctx.content_rect().width();
            // The review screen takes the whole width: it has its own list and two texts.
            if self.review.is_none() && self.documents_shown(width) {
                egui::Panel::left("documents")
                    .resizable(true)
                    .default_size((width * 0.16).clamp(140.0, 230.0))
                    .size_range(120.0..=(width * 0.2).max(140.0))
                    .show(ui, |ui| {
                        ui.set_max_width(ui.available_width());
                        status::documents_ui(ui, &mut cx, &self.panes, &self.highlights);
                    });
            }
            if self.review.is_none() && self.show_claims {
                egui::Panel::right("claims")
                    .resizable(true)
                    .default_size((width * 0.3).clamp(280.0, 520.0))
                    .size_range(260.0..=(width * 0.45).max(280.0))
                    .show(ui, |ui| {
                        // Content never widens the panel past its size: a wider panel
                        // would push the panes under it (the claims panel fits its width).
                        ui.set_max_width(ui.available_width());
                        self.claims_panel.ui(ui, &mut cx);
                    });
            }
            egui::CentralPanel::default().show(ui, |ui| match self.review.as_mut() {
                Some(review) => review.ui(ui, &mut cx),
                None => panes::panes_ui(
                    ui,
                    &mut cx,
                    &mut self.panes,
                    self.focused_pane,
                    &self.highlights,
                ),
            });

            if let Some(editor) = self.quick_editor.as_mut() {
                editor.ui(ui, &mut cx);
            }
            self.vocabulary.ui(ui, &mut cx);
            self.document_details.ui(ui, &mut cx);
            self.preferences.ui(ui, &mut cx);
            self.matrix.ui(ui, &mut cx);
            self.propositions.ui(ui, &mut cx);
            self.agreement.ui(ui, &mut cx);
            self.search.ui(ui, &mut cx);
            self.suggest.ui(ui, &mut cx);
            self.document_sets.ui(ui, &mut cx);
            if self.crosstab.open {
                self.crosstab
                    .panel_filter
                    .clone_from(&self.claims_panel.filter);
            }
            self.crosstab.ui(ui, &mut cx);
            if self.export.open {
                self.export.filter.clone_from(&self.claims_panel.filter);
            }
            self.export.ui(ui, &mut cx);
            modal::windows_ui(&ctx, &mut self.show_shortcuts, &mut self.show_about);
            self.palette.ui(ui, &mut cx);
            if let Some(top) = self.modals.last_mut()
                && let Some(answer) = top.ui(&ctx, &cx)
            {
                self.modals.pop();
                cx.extend(answer);
            }
        }
        self.commands = commands;

        self.run_commands(&ctx);
        self.autosave(&ctx);
        let title = self.title();
        if title != self.last_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.last_title = title;
        }
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut Ui, frame: &mut eframe::Frame) {
        self.frame_ui(ui);
        if std::mem::take(&mut self.store_prefs_now)
            && let Some(storage) = frame.storage_mut()
        {
            eframe::set_value(storage, PREFS_KEY, &self.prefs);
            storage.flush();
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.remember_layout();
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }
}

/// With `TRIANGULATE_LOG_FIRST_FRAME` set, says on stderr when the first frame
/// had been presented (as Unix time in milliseconds: logged as the second frame
/// begins), for measuring cold start (scripts/cold-start.sh).
fn log_first_frame() {
    if std::env::var_os("TRIANGULATE_LOG_FIRST_FRAME").is_some() {
        let ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        eprintln!("first frame drawn at unix ms {ms}");
    }
}
