//! The application: its state, the frame, and the one place commands are run.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use egui::{Color32, RichText, Ui};

use crate::edit::Edit;
use crate::io::{project_file, recovery};
use crate::model::{ClaimId, Colour, DocumentId, Project};
use crate::workspace::Workspace;

use super::agreement::AgreementView;
use super::claims_panel::ClaimsPanel;
use super::command::{Action, Command};
use super::export_dialog::{self, ExportDialog};
use super::jobs::{Finished, Jobs};
use super::matrix::MatrixView;
use super::propositions::PropositionsPanel;
use super::quick_editor::QuickEditor;
use super::reader::{self, Highlight, ReaderEvent, ReaderInput, ReaderState};
use super::review::ReviewScreen;
use super::vocab::VocabularyWindow;

/// The most panes shown side by side.
pub const MAX_PANES: usize = 4;

/// What the highlights are coloured by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ColourBy {
    /// The claim's stance.
    #[default]
    Stance,
    /// The claim's first tag.
    Tag,
    /// Who asserts the claim.
    Source,
    /// The proposition the claim bears on.
    Proposition,
}

impl ColourBy {
    /// Every choice, in menu order.
    pub const ALL: [Self; 4] = [Self::Stance, Self::Tag, Self::Source, Self::Proposition];

    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Stance => "Stance",
            Self::Tag => "Tag",
            Self::Source => "Source",
            Self::Proposition => "Proposition",
        }
    }
}

/// Preferences, remembered between runs. Never the project: that lives in its file.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Dark theme (else light).
    pub dark: bool,
    /// The document text size, in points.
    pub text_size: f32,
    /// Recently opened project files, newest first.
    pub recent: Vec<PathBuf>,
    /// The name stored on the claims made here.
    pub annotator: String,
    /// What highlights are coloured by.
    pub colour_by: ColourBy,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            dark: false,
            text_size: 16.0,
            recent: Vec::new(),
            annotator: default_annotator(),
            colour_by: ColourBy::Stance,
        }
    }
}

/// The annotator's name when none was set: the login name.
fn default_annotator() -> String {
    std::env::var("TRIANGULATE_ANNOTATOR")
        .or_else(|_| std::env::var("USER"))
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "analyst".into())
}

/// The key under which preferences are stored.
const PREFS_KEY: &str = "triangulate-prefs";

/// The environment variable that sets the autosave interval in seconds (default 30).
pub const AUTOSAVE_SECS_VAR: &str = "TRIANGULATE_AUTOSAVE_SECS";

/// One document pane.
pub struct Pane {
    /// The document shown, if any.
    pub document: Option<DocumentId>,
    /// The reader's state: layout cache, selection, scrolling.
    pub reader: ReaderState,
    /// The find-in-document query.
    pub find: String,
    /// Whether the find bar is open.
    pub find_open: bool,
    /// The query and text the hits were computed for.
    find_for: Option<(String, String)>,
}

impl Pane {
    /// A pane showing `document` (or nothing).
    pub fn new(document: Option<DocumentId>) -> Self {
        Self {
            document,
            reader: ReaderState::default(),
            find: String::new(),
            find_open: false,
            find_for: None,
        }
    }
}

/// What a prompt about unsaved changes will do once answered.
#[derive(Clone, Debug, PartialEq)]
enum AfterSave {
    Open(PathBuf),
    New,
    Quit,
}

/// The kinds of file dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogKind {
    /// Pick a project to open.
    Open,
    /// Pick where to save.
    SaveAs,
    /// Pick documents to import.
    Import,
    /// Pick a colleague's project to review against mine.
    Review,
    /// Pick another annotator's project for the agreement view.
    Annotator,
}

impl DialogKind {
    fn title(self) -> &'static str {
        match self {
            Self::Open => "Open project",
            Self::SaveAs => "Save project as",
            Self::Import => "Import documents",
            Self::Review => "Compare with a colleague's project",
            Self::Annotator => "Add an annotator's project",
        }
    }
}

/// A file dialog running on its own thread.
struct PendingDialog {
    kind: DialogKind,
    started: Instant,
    receiver: mpsc::Receiver<Option<Vec<PathBuf>>>,
}

/// The in-app path prompt, used when no native file dialog is available.
pub struct PathPrompt {
    /// What the path is for.
    pub kind: DialogKind,
    /// The path typed so far.
    pub text: String,
}

/// A message for the user.
struct Notice {
    text: String,
    error: bool,
    at: Instant,
}

/// The Triangulate application.
pub struct App {
    /// The open project.
    pub ws: Workspace,
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
    /// View ▸ Compare sources: the propositions × sources matrix.
    pub matrix: MatrixView,
    /// View ▸ Propositions.
    pub propositions: PropositionsPanel,
    /// Review ▸ Compare with…: the review screen, while it is open.
    pub review: Option<ReviewScreen>,
    /// Review ▸ Agreement.
    pub agreement: AgreementView,
    /// Exports running on a worker thread, each reporting its message when done.
    exports: Vec<mpsc::Receiver<Result<String, String>>>,
    /// Opening projects and importing documents, on worker threads.
    pub jobs: Jobs,
    /// How often a recovery copy is written while there are unsaved changes.
    pub autosave_every: Duration,
    /// When the last recovery copy was started, and of which revision.
    last_recovery: (Instant, u64),
    /// A recovery copy being written on a worker thread.
    recovery_writer: Option<mpsc::Receiver<Result<PathBuf, String>>>,
    /// A recovery copy found on open, offered to the user.
    pub recovery_offer: Option<recovery::Recovery>,
    /// Save found the file changed on disk by someone else: ask before overwriting.
    pub disk_conflict: Option<PathBuf>,
    /// Document ▸ Edit text: the document and the text being edited.
    pub text_editor: Option<(DocumentId, String)>,
    /// The quick editor for a claim being made.
    pub quick_editor: Option<QuickEditor>,
    /// The in-app path prompt, when open.
    pub path_prompt: Option<PathPrompt>,
    /// Whether native file dialogs may be used (off in tests and when none works).
    pub native_dialogs: bool,
    /// Commands queued this frame.
    commands: Vec<Command>,
    dialog: Option<PendingDialog>,
    unsaved_prompt: Option<AfterSave>,
    quit_confirmed: bool,
    show_shortcuts: bool,
    show_about: bool,
    notices: Vec<Notice>,
    /// Highlights per document, rebuilt when the project or the colouring changes.
    highlights: HashMap<DocumentId, Vec<Highlight>>,
    highlights_for: Option<(u64, ColourBy, usize)>,
    /// Claims per document and orphaned claims, refreshed with the highlights.
    claim_counts: crate::model::IdMap<DocumentId, usize>,
    orphaned_count: usize,
    last_title: String,
}

impl App {
    /// The app over an open workspace.
    pub fn new(ws: Workspace, prefs: Prefs) -> Self {
        let mut app = Self {
            ws,
            prefs,
            panes: Vec::new(),
            focused_pane: 0,
            selected: None,
            claims_panel: ClaimsPanel::default(),
            vocabulary: VocabularyWindow::default(),
            export: ExportDialog::default(),
            matrix: MatrixView::default(),
            propositions: PropositionsPanel::default(),
            review: None,
            agreement: AgreementView::default(),
            exports: Vec::new(),
            jobs: Jobs::default(),
            autosave_every: Duration::from_secs(30),
            last_recovery: (Instant::now(), 0),
            recovery_writer: None,
            recovery_offer: None,
            disk_conflict: None,
            text_editor: None,
            quick_editor: None,
            path_prompt: None,
            native_dialogs: true,
            commands: Vec::new(),
            dialog: None,
            unsaved_prompt: None,
            quit_confirmed: false,
            show_shortcuts: false,
            show_about: false,
            notices: Vec::new(),
            highlights: HashMap::new(),
            highlights_for: None,
            claim_counts: crate::model::IdMap::default(),
            orphaned_count: 0,
            last_title: String::new(),
        };
        app.reset_panes();
        app.report_load();
        app.check_recovery();
        app
    }

    /// Offers the recovery copy of the open project, if one is newer than its file.
    fn check_recovery(&mut self) {
        self.recovery_offer = None;
        self.last_recovery = (Instant::now(), self.ws.revision);
        let Some(path) = self.ws.path.clone() else {
            return;
        };
        match recovery::find(&path, &self.ws.project) {
            Ok(offer) => {
                // A line for logs and for the recovery test of the real binary.
                if let Some(offer) = &offer {
                    eprintln!(
                        "triangulate: offering to restore {} ({})",
                        offer.path.display(),
                        offer.summary.describe()
                    );
                }
                self.recovery_offer = offer;
            }
            Err(err) => self.notify(
                format!(
                    "A recovery copy of this project exists but cannot be read ({err}); it was left at {}",
                    recovery::recovery_path(Some(&path)).display()
                ),
                true,
            ),
        }
    }

    /// Writes a recovery copy on a worker thread when there are unsaved changes
    /// that are not in one yet: every `autosave_every`, and when the window loses focus.
    fn autosave(&mut self, ctx: &egui::Context) {
        if let Some(receiver) = &self.recovery_writer {
            match receiver.try_recv() {
                Ok(Ok(_)) => self.recovery_writer = None,
                Ok(Err(message)) => {
                    self.recovery_writer = None;
                    self.notify(message, true);
                }
                Err(mpsc::TryRecvError::Empty) => return,
                Err(mpsc::TryRecvError::Disconnected) => self.recovery_writer = None,
            }
        }
        let (last_time, last_revision) = self.last_recovery;
        if !self.ws.is_dirty() || self.ws.revision == last_revision {
            return;
        }
        let focus_lost = ctx.input(|i| {
            i.events
                .iter()
                .any(|e| matches!(e, egui::Event::WindowFocused(false)))
        });
        if !focus_lost && last_time.elapsed() < self.autosave_every {
            ctx.request_repaint_after(self.autosave_every.saturating_sub(last_time.elapsed()));
            return;
        }
        self.last_recovery = (Instant::now(), self.ws.revision);
        let project = self.ws.project.clone();
        let path = self.ws.path.clone();
        let (sender, receiver) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("recovery".into())
            .spawn(move || {
                let result = recovery::write(path.as_deref(), &project)
                    .map_err(|err| format!("The recovery copy could not be written: {err}"));
                let _ = sender.send(result);
            });
        if spawned.is_ok() {
            self.recovery_writer = Some(receiver);
        }
    }

    /// The app as eframe creates it, with preferences from storage.
    pub fn from_creation_context(cc: &eframe::CreationContext<'_>, ws: Workspace) -> Self {
        let prefs: Prefs = cc
            .storage
            .and_then(|s| eframe::get_value(s, PREFS_KEY))
            .unwrap_or_default();
        let mut app = Self::new(ws, prefs);
        if let Some(path) = app.ws.path.clone() {
            app.remember_recent(&path);
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

    /// Two panes on the first two documents (or one when there is only one).
    fn reset_panes(&mut self) {
        let docs: Vec<DocumentId> = self.ws.project.documents.iter().map(|d| d.id).collect();
        self.panes = match docs.as_slice() {
            [] => vec![Pane::new(None)],
            [one] => vec![Pane::new(Some(*one))],
            [a, b, ..] => vec![Pane::new(Some(*a)), Pane::new(Some(*b))],
        };
        self.focused_pane = 0;
        self.selected = None;
        self.quick_editor = None;
        self.highlights_for = None;
    }

    /// Tells the user what loading found: problems, re-anchored and orphaned claims.
    fn report_load(&mut self) {
        let orphaned = self.ws.project.claims.iter().filter(|c| c.orphaned).count();
        if orphaned > 0 {
            self.notify(
                format!("{orphaned} claim(s) could not be found in their document's text; filter the claims panel by “Orphaned only” to fix them"),
                true,
            );
        }
        if !self.ws.problems.is_empty() {
            let first = self
                .ws
                .problems
                .first()
                .map(|p| p.to_string())
                .unwrap_or_default();
            self.notify(
                format!(
                    "{} problem(s) in the project file; the first: {first}",
                    self.ws.problems.len()
                ),
                true,
            );
        }
    }

    fn notify(&mut self, text: impl Into<String>, error: bool) {
        self.notices.push(Notice {
            text: text.into(),
            error,
            at: Instant::now(),
        });
        if self.notices.len() > 20 {
            self.notices.remove(0);
        }
    }

    /// The last message shown to the user (for tests).
    pub fn last_notice(&self) -> Option<&str> {
        self.notices.last().map(|n| n.text.as_str())
    }

    /// Queues a command, as a widget would.
    pub fn push(&mut self, command: Command) {
        self.commands.push(command);
    }

    fn remember_recent(&mut self, path: &Path) {
        let path = path.to_owned();
        self.prefs.recent.retain(|p| p != &path);
        self.prefs.recent.insert(0, path);
        self.prefs.recent.truncate(10);
    }

    /// The window title: project name, file, and a mark for unsaved changes.
    pub fn title(&self) -> String {
        let dirty = if self.ws.is_dirty() { "● " } else { "" };
        let file = self
            .ws
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| format!(" ({})", n.to_string_lossy()))
            .unwrap_or_default();
        format!("{dirty}{}{file} — Triangulate", self.ws.display_name())
    }

    // ------------------------------------------------------------------
    // Running commands.

    /// Runs every queued command. Called once per frame, after drawing.
    pub fn run_commands(&mut self, ctx: &egui::Context) {
        let commands = std::mem::take(&mut self.commands);
        if !commands.is_empty() {
            // What the commands changed is drawn in the next frame.
            ctx.request_repaint();
        }
        for command in commands {
            self.run(ctx, command);
        }
    }

    fn run(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::Edit { edit, label } => {
                if let Err(err) = self.ws.apply(edit, label) {
                    self.notify(format!("That change could not be made: {err}"), true);
                }
                self.after_change();
            }
            Command::EditCoalescing { edit, label, key } => {
                if let Err(err) = self.ws.apply_coalescing(edit, label, key) {
                    self.notify(format!("That change could not be made: {err}"), true);
                }
                self.after_change();
            }
            Command::SealHistory => self.ws.history.seal(),
            Command::SelectClaim(claim) => self.select_claim(claim, ctx),
            Command::ShowDocument(document) => self.show_document(document),
            Command::CompareProposition(proposition) => {
                let mut documents: Vec<DocumentId> = Vec::new();
                for claim in &self.ws.project.claims {
                    if claim.proposition == Some(proposition)
                        && !documents.contains(&claim.document)
                    {
                        documents.push(claim.document);
                    }
                }
                documents.truncate(MAX_PANES);
                if !documents.is_empty() {
                    self.panes = documents.into_iter().map(|d| Pane::new(Some(d))).collect();
                    self.focused_pane = 0;
                }
            }
            Command::OpenPath(path) => self.open_path(&path),
            Command::ReviewWith(path) => self.start_review(&path),
            Command::AddAnnotator(path) => match Workspace::open(&path) {
                Ok(ws) => {
                    self.agreement.add(path, std::sync::Arc::new(ws.project));
                    self.agreement.open = true;
                }
                Err(err) => self.notify(format!("Could not read that project: {err}"), true),
            },
            Command::ImportPaths(paths) => self.import_paths(&paths),
            Command::SaveTo(path) => {
                self.save_to(&path);
            }
            Command::Action(action) => self.run_action(ctx, action),
            Command::Notify(text) => self.notify(text, false),
        }
    }

    /// Keeps selection and quick editor valid after the project changed.
    fn after_change(&mut self) {
        if let Some(id) = self.selected
            && self.ws.project.claim(id).is_none()
        {
            self.selected = None;
        }
        for pane in &mut self.panes {
            if let Some(document) = pane.document
                && self.ws.project.document(document).is_none()
            {
                pane.document = None;
            }
        }
    }

    fn select_claim(&mut self, claim: Option<ClaimId>, ctx: &egui::Context) {
        self.selected = claim;
        let Some(claim) = claim.and_then(|id| self.ws.project.claim(id)).cloned() else {
            return;
        };
        let now = ctx.input(|i| i.time);
        // Its own document: the pane showing it, or else the focused pane.
        let at = self
            .panes
            .iter()
            .position(|p| p.document == Some(claim.document))
            .unwrap_or_else(|| {
                let at = self.focused_pane.min(self.panes.len().saturating_sub(1));
                if let Some(pane) = self.panes.get_mut(at) {
                    pane.document = Some(claim.document);
                    pane.reader.selection = None;
                }
                at
            });
        if let Some(pane) = self.panes.get_mut(at) {
            pane.reader.scroll_to = Some(claim.range);
            pane.reader.flash = Some((claim.id, now));
        }
        // Linked panes: every other pane goes to its document's first claim on the same proposition.
        if let Some(proposition) = claim.proposition {
            for (i, pane) in self.panes.iter_mut().enumerate() {
                if i == at {
                    continue;
                }
                let Some(document) = pane.document else {
                    continue;
                };
                if let Some(linked) = self
                    .ws
                    .project
                    .claims_on(document)
                    .find(|c| c.proposition == Some(proposition))
                {
                    pane.reader.scroll_to = Some(linked.range);
                    pane.reader.flash = Some((linked.id, now));
                }
            }
        }
    }

    /// Shows a document in the focused pane (unless a pane already shows it).
    pub fn show_document(&mut self, document: DocumentId) {
        if let Some(at) = self.panes.iter().position(|p| p.document == Some(document)) {
            self.focused_pane = at;
            return;
        }
        if self.panes.is_empty() {
            self.panes.push(Pane::new(None));
        }
        let at = self.focused_pane.min(self.panes.len() - 1);
        if let Some(pane) = self.panes.get_mut(at) {
            *pane = Pane::new(Some(document));
        }
    }

    fn run_action(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::NewProject => self.guard_unsaved(AfterSave::New),
            Action::Open => self.start_dialog(DialogKind::Open),
            Action::Save => match self.ws.path.clone() {
                // Never save over someone else's changes without asking.
                Some(path) if self.ws.changed_on_disk() => self.disk_conflict = Some(path),
                Some(path) => {
                    self.save_to(&path);
                }
                None => self.start_dialog(DialogKind::SaveAs),
            },
            Action::SaveAs => self.start_dialog(DialogKind::SaveAs),
            Action::ImportDocuments => self.start_dialog(DialogKind::Import),
            Action::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Action::Undo => match self.ws.undo() {
                Ok(Some(label)) => {
                    self.after_change();
                    self.notify(format!("Undid: {label}"), false);
                }
                Ok(None) => {}
                Err(err) => self.notify(format!("Could not undo: {err}"), true),
            },
            Action::Redo => match self.ws.redo() {
                Ok(Some(label)) => {
                    self.after_change();
                    self.notify(format!("Redid: {label}"), false);
                }
                Ok(None) => {}
                Err(err) => self.notify(format!("Could not redo: {err}"), true),
            },
            Action::Find => {
                if let Some(pane) = self.panes.get_mut(self.focused_pane) {
                    pane.find_open = true;
                    ctx.memory_mut(|m| m.request_focus(find_field_id(self.focused_pane)));
                }
            }
            Action::DeleteClaim => {
                if let Some(id) = self.selected {
                    self.commands.push(Command::Edit {
                        edit: Edit::RemoveClaim(id),
                        label: "Delete claim".into(),
                    });
                }
            }
            Action::ManageVocabulary => self.vocabulary.open = true,
            Action::Export => self.export.show(),
            Action::CompareSources => self.matrix.open = true,
            Action::Propositions => self.propositions.open = true,
            Action::CompareWith => self.start_dialog(DialogKind::Review),
            Action::Agreement => {
                if let Some(review) = &self.review {
                    self.agreement.add(
                        review.theirs_path.clone(),
                        std::sync::Arc::clone(&review.theirs),
                    );
                }
                self.agreement.open = true;
            }
            Action::CloseReview => self.review = None,
            Action::EditDocumentText => {
                let document = self
                    .panes
                    .get(self.focused_pane)
                    .and_then(|p| p.document)
                    .and_then(|d| self.ws.project.document(d));
                match document {
                    Some(document) => {
                        self.text_editor = Some((document.id, document.text.clone()));
                    }
                    None => self.notify("Choose a document in a pane first", false),
                }
            }
            Action::AddPane => {
                if self.panes.len() < MAX_PANES {
                    let shown: Vec<_> = self.panes.iter().filter_map(|p| p.document).collect();
                    let next = self
                        .ws
                        .project
                        .documents
                        .iter()
                        .map(|d| d.id)
                        .find(|d| !shown.contains(d));
                    self.panes.push(Pane::new(next));
                    self.focused_pane = self.panes.len() - 1;
                }
            }
            Action::ClosePane => {
                if self.panes.len() > 1 {
                    let at = self.focused_pane.min(self.panes.len() - 1);
                    self.panes.remove(at);
                    self.focused_pane = at.min(self.panes.len() - 1);
                }
            }
            Action::ToggleTheme => self.prefs.dark = !self.prefs.dark,
            Action::TextLarger => self.prefs.text_size = (self.prefs.text_size + 1.0).min(32.0),
            Action::TextSmaller => self.prefs.text_size = (self.prefs.text_size - 1.0).max(9.0),
            Action::ShowShortcuts => self.show_shortcuts = true,
            Action::About => self.show_about = true,
        }
    }

    /// Runs `then` now, or first asks what to do with unsaved changes.
    fn guard_unsaved(&mut self, then: AfterSave) {
        if self.ws.is_dirty() {
            self.unsaved_prompt = Some(then);
        } else {
            self.after_save_prompt(then);
        }
    }

    fn after_save_prompt(&mut self, then: AfterSave) {
        match then {
            AfterSave::Open(path) => self.load_path(&path),
            AfterSave::New => {
                self.ws = Workspace::new(Project::new("Untitled"));
                self.reset_panes();
            }
            AfterSave::Quit => {
                self.quit_confirmed = true;
            }
        }
    }

    fn open_path(&mut self, path: &Path) {
        self.guard_unsaved(AfterSave::Open(path.to_owned()));
    }

    /// Opens the review screen against a colleague's project.
    fn start_review(&mut self, path: &Path) {
        match Workspace::open(path) {
            Ok(theirs) => {
                let screen =
                    ReviewScreen::new(std::sync::Arc::new(theirs.project), path.to_owned());
                self.notify(format!("Reviewing against {}", screen.theirs_label), false);
                self.review = Some(screen);
            }
            Err(err) => self.notify(format!("Could not read that project: {err}"), true),
        }
    }

    /// The review screen, in place of the panes.
    fn review_ui(&mut self, ui: &mut Ui) {
        let Some(review) = self.review.as_mut() else {
            return;
        };
        let output = review.ui(
            ui,
            &self.ws.project,
            self.ws.revision,
            &self.prefs.annotator,
            self.prefs.text_size,
        );
        self.commands.extend(output.commands);
        if output.agreement {
            self.commands.push(Command::Action(Action::Agreement));
        }
        if output.close {
            self.commands.push(Command::Action(Action::CloseReview));
        }
    }

    /// Opens a project on a worker thread; [`Self::poll_jobs`] takes it when it is ready.
    fn load_path(&mut self, path: &Path) {
        self.jobs.open(path);
    }

    /// Waits up to `timeout` for running jobs and applies what they produced (for tests).
    pub fn wait_for_jobs(&mut self, timeout: Duration) {
        let finished = self.jobs.wait(timeout);
        self.apply_finished(finished);
    }

    /// Applies what finished jobs produced.
    fn poll_jobs(&mut self) {
        let finished = self.jobs.poll();
        self.apply_finished(finished);
    }

    fn apply_finished(&mut self, finished: Vec<Finished>) {
        for finished in finished {
            match finished {
                Finished::Opened { path, result } => {
                    self.opened(&path, result.map(|ws| *ws));
                }
                Finished::Imported(batch) => self.imported(batch),
                Finished::Failed(message) => self.notify(message, true),
            }
        }
    }

    fn opened(&mut self, path: &Path, result: Result<Workspace, project_file::LoadError>) {
        match result {
            Ok(ws) => {
                self.ws = ws;
                self.reset_panes();
                self.remember_recent(path);
                self.notify(format!("Opened {}", path.display()), false);
                self.report_load();
                self.check_recovery();
            }
            Err(err) => self.notify(format!("Could not open the project: {err}"), true),
        }
    }

    /// Saves; on failure the project stays in memory, unsaved, and the error is shown.
    fn save_to(&mut self, path: &Path) -> bool {
        let old_path = self.ws.path.clone();
        match self.ws.save_as(path) {
            Ok(()) => {
                // The file now has everything: the recovery copies are no longer needed.
                recovery::remove(old_path.as_deref());
                recovery::remove(Some(path));
                self.remember_recent(path);
                self.notify(format!("Saved {}", path.display()), false);
                true
            }
            Err(err) => {
                self.notify(
                    format!("{err}. Your changes are still here: try File ▸ Save as… to save them elsewhere."),
                    true,
                );
                false
            }
        }
    }

    /// Imports documents on a worker thread; [`Self::poll_jobs`] adds them when read.
    fn import_paths(&mut self, paths: &[PathBuf]) {
        self.jobs.import(&self.ws.project, paths);
    }

    fn imported(&mut self, batch: crate::io::ImportBatch) {
        let count = batch.documents.len();
        let first = batch.documents.first().map(|d| d.id);
        if count > 0 {
            let edits = batch
                .documents
                .into_iter()
                .map(Edit::add_document)
                .collect();
            let label = if count == 1 {
                "Import document".to_owned()
            } else {
                format!("Import {count} documents")
            };
            self.commands.push(Command::Edit {
                edit: Edit::Batch(edits),
                label,
            });
        }
        for message in batch.messages {
            self.notify(message, true);
        }
        if count > 0 {
            self.notify(format!("Imported {count} document(s)"), false);
        }
        if let Some(first) = first {
            self.commands.push(Command::ShowDocument(first));
        }
    }

    // ------------------------------------------------------------------
    // File dialogs: never on the UI thread, with an in-app fallback.

    fn start_dialog(&mut self, kind: DialogKind) {
        if !self.native_dialogs || self.dialog.is_some() {
            self.path_prompt = Some(PathPrompt {
                kind,
                text: self.suggested_path(kind),
            });
            return;
        }
        let (sender, receiver) = mpsc::channel();
        let folder = self
            .ws
            .path
            .as_ref()
            .and_then(|p| p.parent())
            .map(Path::to_owned);
        let file_name = self
            .ws
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "project.ron".into());
        let spawned = std::thread::Builder::new()
            .name("file-dialog".into())
            .spawn(move || {
                let mut dialog = rfd::FileDialog::new().set_title(kind.title());
                if let Some(folder) = folder {
                    dialog = dialog.set_directory(folder);
                }
                let picked = match kind {
                    DialogKind::Open => dialog
                        .add_filter("Triangulate project", &["ron"])
                        .pick_file()
                        .map(|p| vec![p]),
                    DialogKind::SaveAs => dialog
                        .add_filter("Triangulate project", &["ron"])
                        .set_file_name(file_name)
                        .save_file()
                        .map(|p| vec![p]),
                    DialogKind::Import => dialog
                        .add_filter("Documents", &["txt", "md", "html", "htm"])
                        .pick_files(),
                    DialogKind::Review | DialogKind::Annotator => dialog
                        .add_filter("Triangulate project", &["ron"])
                        .pick_file()
                        .map(|p| vec![p]),
                };
                let _ = sender.send(picked);
            });
        match spawned {
            Ok(_) => {
                self.dialog = Some(PendingDialog {
                    kind,
                    started: Instant::now(),
                    receiver,
                });
            }
            Err(_) => {
                self.path_prompt = Some(PathPrompt {
                    kind,
                    text: self.suggested_path(kind),
                });
            }
        }
    }

    fn suggested_path(&self, kind: DialogKind) -> String {
        match kind {
            DialogKind::Import | DialogKind::Review | DialogKind::Annotator => String::new(),
            _ => self
                .ws
                .path
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
        }
    }

    fn poll_dialog(&mut self) {
        let Some(dialog) = &self.dialog else {
            return;
        };
        match dialog.receiver.try_recv() {
            Ok(picked) => {
                let kind = dialog.kind;
                let quick = dialog.started.elapsed() < Duration::from_millis(400);
                self.dialog = None;
                match picked {
                    Some(paths) => self.dialog_picked(kind, paths),
                    // An answer this fast means no dialog could be shown: offer the prompt.
                    None if quick => {
                        self.native_dialogs = false;
                        self.path_prompt = Some(PathPrompt {
                            kind,
                            text: self.suggested_path(kind),
                        });
                    }
                    None => {}
                }
            }
            Err(mpsc::TryRecvError::Empty) => {}
            Err(mpsc::TryRecvError::Disconnected) => {
                let kind = dialog.kind;
                self.dialog = None;
                self.path_prompt = Some(PathPrompt {
                    kind,
                    text: self.suggested_path(kind),
                });
            }
        }
    }

    fn dialog_picked(&mut self, kind: DialogKind, mut paths: Vec<PathBuf>) {
        match kind {
            DialogKind::Open => {
                if let Some(path) = paths.pop() {
                    self.commands.push(Command::OpenPath(path));
                }
            }
            DialogKind::SaveAs => {
                if let Some(mut path) = paths.pop() {
                    if path.extension().is_none() {
                        path.set_extension("ron");
                    }
                    self.commands.push(Command::SaveTo(path));
                }
            }
            DialogKind::Import => self.commands.push(Command::ImportPaths(paths)),
            DialogKind::Review => {
                if let Some(path) = paths.pop() {
                    self.commands.push(Command::ReviewWith(path));
                }
            }
            DialogKind::Annotator => {
                if let Some(path) = paths.pop() {
                    self.commands.push(Command::AddAnnotator(path));
                }
            }
        }
    }

    // ------------------------------------------------------------------
    // Highlights.

    fn refresh_highlights(&mut self) {
        let key = (
            self.ws.revision,
            self.prefs.colour_by,
            self.ws.project.claims.len(),
        );
        if self.highlights_for != Some(key) {
            self.highlights_for = Some(key);
            self.highlights.clear();
            self.claim_counts.clear();
            for claim in &self.ws.project.claims {
                *self.claim_counts.entry(claim.document).or_default() += 1;
            }
            self.orphaned_count = self.ws.project.claims.iter().filter(|c| c.orphaned).count();
        }
        // Only the documents in panes need highlights: an edit costs those, not all.
        let missing: Vec<DocumentId> = self
            .panes
            .iter()
            .filter_map(|p| p.document)
            .filter(|d| !self.highlights.contains_key(d))
            .collect();
        if !missing.is_empty() {
            let built = build_highlights_of(&self.ws.project, self.prefs.colour_by, &missing);
            self.highlights.extend(built);
        }
    }

    /// A short description of a claim, for hovering.
    fn describe(project: &Project, id: ClaimId) -> String {
        let Some(claim) = project.claim(id) else {
            return String::new();
        };
        let stance = claim
            .stance
            .and_then(|s| project.stance(s))
            .map_or("No stance", |s| s.name.as_str());
        let mut text = format!("{} — {stance}", project.asserted_by(claim));
        if let Some(p) = claim.proposition.and_then(|p| project.proposition(p)) {
            text.push_str(&format!("\nOn: {}", p.text));
        }
        let tags: Vec<&str> = claim
            .tags
            .iter()
            .filter_map(|t| project.tag(*t))
            .map(|t| t.path.as_str())
            .collect();
        if !tags.is_empty() {
            text.push_str(&format!("\nTags: {}", tags.join(", ")));
        }
        if !claim.value.is_empty() {
            text.push_str(&format!("\nValue: {}", claim.value));
        }
        if !claim.note.is_empty() {
            text.push_str(&format!("\nNote: {}", claim.note));
        }
        text
    }

    // ------------------------------------------------------------------
    // The frame.

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
        self.poll_dialog();
        self.poll_jobs();
        self.handle_shortcuts(&ctx);
        self.handle_dropped_files(&ctx);
        self.handle_close_request(&ctx);
        self.refresh_highlights();

        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        // The panes keep at least half the window: side panels never squeeze them out.
        let width = ctx.content_rect().width();
        // The review screen takes the whole width: it has its own list and two texts.
        if self.review.is_none() {
            egui::Panel::left("documents")
                .resizable(true)
                .default_size(230.0)
                .size_range(160.0..=(width * 0.2).max(180.0))
                .show(ui, |ui| {
                    ui.set_max_width(ui.available_width());
                    self.documents_ui(ui);
                });
            egui::Panel::right("claims")
                .resizable(true)
                .default_size(520.0)
                .size_range(360.0..=(width * 0.4).max(380.0))
                .show(ui, |ui| {
                    // Content never widens the panel past its size: it wraps or clips instead.
                    ui.set_max_width(ui.available_width());
                    let mut commands = Vec::new();
                    self.claims_panel.reviewer.clone_from(&self.prefs.annotator);
                    self.claims_panel
                        .ui(ui, &self.ws, self.selected, &mut commands);
                    self.commands.extend(commands);
                });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            if self.review.is_some() {
                self.review_ui(ui);
            } else {
                self.panes_ui(ui);
            }
        });

        self.quick_editor_ui(&ctx);
        {
            let mut commands = Vec::new();
            self.vocabulary.ui(&ctx, &self.ws.project, &mut commands);
            self.matrix
                .ui(&ctx, &self.ws.project, self.ws.revision, &mut commands);
            self.propositions.ui(
                &ctx,
                &self.ws.project,
                self.ws.revision,
                self.selected,
                &mut commands,
            );
            self.commands.extend(commands);
        }
        self.agreement.ui(
            &ctx,
            &self.ws.project,
            self.ws.revision,
            &self.prefs.annotator,
        );
        if std::mem::take(&mut self.agreement.add_requested) {
            self.start_dialog(DialogKind::Annotator);
        }
        self.export_ui(&ctx);
        self.dialogs_ui(&ctx);

        self.run_commands(&ctx);
        self.autosave(&ctx);
        let title = self.title();
        if title != self.last_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.last_title = title;
        }
        if self.dialog.is_some() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
        log_first_frame();
    }

    /// The export dialog; an export runs on a worker thread with a copy of the
    /// project, so a large one never stalls the window.
    fn export_ui(&mut self, ctx: &egui::Context) {
        let request = self.export.ui(
            ctx,
            &self.ws.project,
            &self.claims_panel.filter,
            self.ws.path.as_deref(),
        );
        if let Some(request) = request {
            let project = self.ws.project.clone();
            let (sender, receiver) = mpsc::channel();
            let repaint = ctx.clone();
            let spawned = std::thread::Builder::new()
                .name("export".into())
                .spawn(move || {
                    let _ = sender.send(export_dialog::run_export(&project, &request));
                    repaint.request_repaint();
                });
            match spawned {
                Ok(_) => {
                    self.exports.push(receiver);
                    self.notify("Exporting…", false);
                }
                Err(err) => self.notify(format!("Could not start the export: {err}"), true),
            }
        }
        let mut finished = Vec::new();
        self.exports.retain(|receiver| match receiver.try_recv() {
            Ok(result) => {
                finished.push(result);
                false
            }
            Err(mpsc::TryRecvError::Empty) => true,
            Err(mpsc::TryRecvError::Disconnected) => {
                finished.push(Err(
                    "The export stopped unexpectedly; nothing was written".into()
                ));
                false
            }
        });
        for result in finished {
            match result {
                Ok(message) => self.notify(message, false),
                Err(message) => self.notify(message, true),
            }
        }
        if !self.exports.is_empty() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
    }

    fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        // Text fields keep their own Ctrl+Z; everything else is ours.
        let typing = ctx.memory(|m| m.focused().is_some()) && ctx.egui_wants_keyboard_input();
        // egui matches shortcuts logically (Ctrl+S also matches Ctrl+Shift+S), so
        // the ones with more modifiers must have their turn first.
        let mut actions = Action::ALL;
        actions.sort_by_key(|a| {
            std::cmp::Reverse(a.shortcut().map_or(0, |s| {
                s.modifiers.shift as u8 + s.modifiers.alt as u8 + s.modifiers.command as u8
            }))
        });
        for action in actions {
            let shortcuts = [action.shortcut(), action.alternative_shortcut()];
            for shortcut in shortcuts.into_iter().flatten() {
                if typing && matches!(action, Action::Undo | Action::Redo) {
                    continue;
                }
                if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                    self.commands.push(Command::Action(action));
                }
            }
        }
        if !typing
            && self.quick_editor.is_none()
            && self.selected.is_some()
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Delete))
        {
            self.commands.push(Command::Action(Action::DeleteClaim));
        }
    }

    fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if dropped.is_empty() {
            return;
        }
        let (projects, documents): (Vec<_>, Vec<_>) = dropped
            .into_iter()
            .partition(|p| p.extension().is_some_and(|e| e == "ron"));
        if let Some(project) = projects.into_iter().next() {
            self.commands.push(Command::OpenPath(project));
        }
        if !documents.is_empty() {
            self.commands.push(Command::ImportPaths(documents));
        }
    }

    fn handle_close_request(&mut self, ctx: &egui::Context) {
        if self.quit_confirmed {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            return;
        }
        if ctx.input(|i| i.viewport().close_requested()) && self.ws.is_dirty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.unsaved_prompt = Some(AfterSave::Quit);
        }
    }

    fn action_button(&mut self, ui: &mut Ui, action: Action) {
        self.action_button_enabled(ui, action, true);
    }

    fn action_button_enabled(&mut self, ui: &mut Ui, action: Action, enabled: bool) {
        let mut button = egui::Button::new(action.label());
        if let Some(shortcut) = action.shortcut() {
            button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
        }
        if ui
            .add_enabled(enabled, button)
            .on_hover_text(action.tooltip())
            .clicked()
        {
            self.commands.push(Command::Action(action));
            ui.close();
        }
    }

    fn menu_ui(&mut self, ui: &mut Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                self.action_button(ui, Action::NewProject);
                self.action_button(ui, Action::Open);
                ui.menu_button("Open recent", |ui| {
                    if self.prefs.recent.is_empty() {
                        ui.label("No recent projects");
                    }
                    for path in self.prefs.recent.clone() {
                        if ui.button(path.display().to_string()).clicked() {
                            self.commands.push(Command::OpenPath(path));
                            ui.close();
                        }
                    }
                });
                ui.separator();
                self.action_button(ui, Action::Save);
                self.action_button(ui, Action::SaveAs);
                ui.separator();
                self.action_button(ui, Action::ImportDocuments);
                self.action_button(ui, Action::Export);
                ui.separator();
                self.action_button(ui, Action::Quit);
            });
            ui.menu_button("Edit", |ui| {
                let undo = self.ws.history.undo_label().map_or_else(
                    || "Undo".to_owned(),
                    |l| format!("Undo {}", l.to_lowercase()),
                );
                let redo = self.ws.history.redo_label().map_or_else(
                    || "Redo".to_owned(),
                    |l| format!("Redo {}", l.to_lowercase()),
                );
                let shortcut = |a: Action| {
                    a.shortcut()
                        .map(|s| ui.ctx().format_shortcut(&s))
                        .unwrap_or_default()
                };
                let (undo_keys, redo_keys) = (shortcut(Action::Undo), shortcut(Action::Redo));
                let can_undo = self.ws.history.undo_label().is_some();
                let can_redo = self.ws.history.redo_label().is_some();
                if ui
                    .add_enabled(can_undo, egui::Button::new(undo).shortcut_text(undo_keys))
                    .clicked()
                {
                    self.commands.push(Command::Action(Action::Undo));
                    ui.close();
                }
                if ui
                    .add_enabled(can_redo, egui::Button::new(redo).shortcut_text(redo_keys))
                    .clicked()
                {
                    self.commands.push(Command::Action(Action::Redo));
                    ui.close();
                }
                ui.separator();
                self.action_button(ui, Action::Find);
                let has_selection = self.selected.is_some();
                self.action_button_enabled(ui, Action::DeleteClaim, has_selection);
                ui.separator();
                self.action_button(ui, Action::ManageVocabulary);
                ui.separator();
                ui.horizontal(|ui| {
                    let label = ui.label("Annotator");
                    ui.add(
                        egui::TextEdit::singleline(&mut self.prefs.annotator).desired_width(120.0),
                    )
                    .labelled_by(label.id)
                    .on_hover_text("The name stored on the claims you make");
                });
            });
            ui.menu_button("Document", |ui| {
                let has_document = self
                    .panes
                    .get(self.focused_pane)
                    .is_some_and(|p| p.document.is_some());
                self.action_button_enabled(ui, Action::EditDocumentText, has_document);
            });
            ui.menu_button("View", |ui| {
                self.action_button(ui, Action::CompareSources);
                self.action_button(ui, Action::Propositions);
                ui.separator();
                self.action_button(ui, Action::AddPane);
                self.action_button(ui, Action::ClosePane);
                ui.separator();
                ui.label("Colour highlights by");
                for choice in ColourBy::ALL {
                    if ui
                        .radio(self.prefs.colour_by == choice, choice.label())
                        .clicked()
                    {
                        self.prefs.colour_by = choice;
                        ui.close();
                    }
                }
                ui.separator();
                self.action_button(ui, Action::ToggleTheme);
                self.action_button(ui, Action::TextLarger);
                self.action_button(ui, Action::TextSmaller);
            });
            ui.menu_button("Review", |ui| {
                self.action_button(ui, Action::CompareWith);
                self.action_button(ui, Action::Agreement);
                let reviewing = self.review.is_some();
                self.action_button_enabled(ui, Action::CloseReview, reviewing);
            });
            ui.menu_button("Help", |ui| {
                self.action_button(ui, Action::ShowShortcuts);
                self.action_button(ui, Action::About);
            });
        });
    }

    fn status_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            ui.set_max_width(ui.available_width());
            let file = self
                .ws
                .path
                .as_ref()
                .map_or_else(|| "not saved yet".to_owned(), |p| p.display().to_string());
            ui.label(file);
            ui.separator();
            if self.ws.is_dirty() {
                ui.label(RichText::new("Unsaved changes").color(ui.visuals().warn_fg_color));
            } else {
                ui.label("Saved");
            }
            ui.separator();
            let p = &self.ws.project;
            ui.label(format!(
                "{} documents · {} claims · {} sources · {} propositions",
                p.documents.len(),
                p.claims.len(),
                p.sources.len(),
                p.propositions.len()
            ));
            let orphaned = self.orphaned_count;
            if orphaned > 0 {
                ui.separator();
                ui.label(
                    RichText::new(format!("⚠ {orphaned} orphaned"))
                        .color(ui.visuals().warn_fg_color),
                );
            }
            if !self.ws.problems.is_empty() {
                ui.separator();
                ui.label(
                    RichText::new(format!("⚠ {} problems", self.ws.problems.len()))
                        .color(ui.visuals().error_fg_color),
                )
                .on_hover_text(
                    self.ws
                        .problems
                        .iter()
                        .take(20)
                        .map(|p| p.to_string())
                        .collect::<Vec<_>>()
                        .join("\n"),
                );
            }
            if self.dialog.is_some() {
                ui.separator();
                ui.spinner();
                ui.label("Waiting for the file dialog…");
                if ui.button("Type a path instead").clicked()
                    && let Some(dialog) = self.dialog.take()
                {
                    self.path_prompt = Some(PathPrompt {
                        kind: dialog.kind,
                        text: self.suggested_path(dialog.kind),
                    });
                }
            }
            self.jobs.status_ui(ui);
            if let Some(notice) = self.notices.last()
                && (notice.at.elapsed() < Duration::from_secs(12) || notice.error)
            {
                ui.separator();
                let colour = if notice.error {
                    ui.visuals().error_fg_color
                } else {
                    ui.visuals().text_color()
                };
                if notice.error && ui.small_button("Dismiss").clicked() {
                    self.notices.pop();
                } else {
                    // Long messages are cut to the bar, never widen the window; hover shows all.
                    ui.add(egui::Label::new(RichText::new(&notice.text).color(colour)).truncate())
                        .on_hover_text(&notice.text);
                }
            }
        });
    }

    fn documents_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            ui.heading("Documents");
            if ui
                .small_button("Import…")
                .on_hover_text(Action::ImportDocuments.tooltip())
                .clicked()
            {
                self.commands.push(Command::Action(Action::ImportDocuments));
            }
        });
        ui.separator();
        let shown: Vec<Option<DocumentId>> = self.panes.iter().map(|p| p.document).collect();
        let counts = &self.claim_counts;
        // One entry: the title and a line of details, each cut to one line, so that
        // only the entries in view are drawn (hundreds of documents cost nothing).
        let spacing = ui.spacing().item_spacing.y;
        let entry_height = ui
            .spacing()
            .interact_size
            .y
            .max(ui.text_style_height(&egui::TextStyle::Body))
            + ui.text_style_height(&egui::TextStyle::Small)
            + spacing
            + 4.0;
        let documents = &self.ws.project.documents;
        egui::ScrollArea::vertical()
            .id_salt("document list")
            .auto_shrink([false, true])
            .show_rows(ui, entry_height, documents.len(), |ui, range| {
                for document in documents.get(range).unwrap_or_default() {
                    let open = shown.contains(&Some(document.id));
                    let title = if document.title.trim().is_empty() {
                        "Untitled document"
                    } else {
                        document.title.trim()
                    };
                    let response = ui.add(
                        egui::Button::selectable(open, RichText::new(title).strong()).truncate(),
                    );
                    let mut meta = Vec::new();
                    if !document.outlet.is_empty() {
                        meta.push(document.outlet.clone());
                    }
                    if !document.published.is_empty() {
                        meta.push(document.published.clone());
                    }
                    meta.push(format!(
                        "{} claims",
                        counts.get(&document.id).copied().unwrap_or(0)
                    ));
                    ui.add(
                        egui::Label::new(RichText::new(meta.join(" · ")).small().weak()).truncate(),
                    );
                    ui.add_space(4.0);
                    if response.clicked() {
                        self.commands.push(Command::ShowDocument(document.id));
                    }
                }
            });
    }

    /// The colour-by switch and the legend of what each highlight colour means.
    fn legend_ui(&mut self, ui: &mut Ui) {
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Colour by");
            egui::ComboBox::from_id_salt("colour by")
                .selected_text(self.prefs.colour_by.label())
                .show_ui(ui, |ui| {
                    for choice in ColourBy::ALL {
                        ui.selectable_value(&mut self.prefs.colour_by, choice, choice.label());
                    }
                })
                .response
                .labelled_by(label.id);
            ui.separator();
            let project = &self.ws.project;
            let entries: Vec<(String, Color32)> = match self.prefs.colour_by {
                ColourBy::Stance => project
                    .stances
                    .iter()
                    .map(|s| (s.name.clone(), to_color32(s.colour)))
                    .collect(),
                ColourBy::Tag => project
                    .tags
                    .iter()
                    .map(|t| (t.path.clone(), to_color32(t.colour)))
                    .collect(),
                ColourBy::Source => project
                    .sources
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (s.name.clone(), list_colour(i)))
                    .collect(),
                ColourBy::Proposition => project
                    .propositions
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p.text.clone(), list_colour(i)))
                    .collect(),
            };
            for (name, colour) in entries.iter().take(16) {
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                ui.painter().rect_filled(rect, 2.0, *colour);
                let short: String = name.chars().take(28).collect();
                let more = if name.chars().count() > 28 { "…" } else { "" };
                ui.label(RichText::new(format!("{short}{more}")).small())
                    .on_hover_text(name);
            }
            if entries.len() > 16 {
                ui.label(
                    RichText::new(format!("and {} more", entries.len() - 16))
                        .small()
                        .weak(),
                );
            }
        });
        ui.separator();
    }

    fn panes_ui(&mut self, ui: &mut Ui) {
        self.legend_ui(ui);
        let count = self.panes.len().max(1);
        let documents: Vec<(DocumentId, String)> = self
            .ws
            .project
            .documents
            .iter()
            .map(|d| (d.id, d.title.clone()))
            .collect();
        let linked: Vec<ClaimId> = self
            .selected
            .and_then(|id| self.ws.project.claim(id))
            .and_then(|c| c.proposition)
            .map(|p| {
                self.ws
                    .project
                    .claims
                    .iter()
                    .filter(|c| c.proposition == Some(p))
                    .map(|c| c.id)
                    .collect()
            })
            .unwrap_or_default();
        let project = &self.ws.project;
        let highlights = &self.highlights;
        let selected = self.selected;
        let text_size = self.prefs.text_size;
        let focused = self.focused_pane;
        let mut events: Vec<(usize, ReaderEvent)> = Vec::new();
        let mut focus_to = None;
        let mut close = None;
        let mut refused_link: Option<String> = None;
        let panes = &mut self.panes;
        ui.columns(count, |columns| {
            for (i, (column, pane)) in columns.iter_mut().zip(panes.iter_mut()).enumerate() {
                // A pane never spills into its neighbour: fixed width, clipped.
                column.set_max_width(column.available_width());
                column.shrink_clip_rect(column.max_rect());
                let frame = egui::Frame::group(column.style()).stroke(if i == focused && count > 1 {
                    column.visuals().selection.stroke
                } else {
                    column.visuals().widgets.noninteractive.bg_stroke
                });
                frame.show(column, |ui| {
                    ui.horizontal(|ui| {
                        let current = pane
                            .document
                            .and_then(|d| documents.iter().find(|(id, _)| *id == d))
                            .map_or("Choose a document", |(_, t)| t.as_str());
                        let label = ui.label(RichText::new(format!("Pane {}", i + 1)).weak());
                        // The buttons go at the right edge first; the document choice fills the rest.
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            if count > 1
                                && ui
                                    .small_button("✖")
                                    .on_hover_text("Close this pane")
                                    .clicked()
                            {
                                close = Some(i);
                            }
                            // The article's address: shown on hover, opened only on a click,
                            // and only when it is a web address.
                            if let Some(url) = pane
                                .document
                                .and_then(|d| project.document(d))
                                .map(|d| d.url.trim())
                                .filter(|u| !u.is_empty())
                            {
                                let web = is_web_address(url);
                                let hover = if web {
                                    format!("Open the original article in the browser:\n{url}")
                                } else {
                                    format!("{url}\nNot opened: Triangulate opens only http and https addresses")
                                };
                                let button = ui.small_button("🔗").on_hover_text(hover);
                                if button.clicked() {
                                    if web {
                                        ui.ctx().open_url(egui::OpenUrl::new_tab(url));
                                    } else {
                                        refused_link = Some(url.to_owned());
                                    }
                                }
                            }
                            if ui
                                .small_button("🔍")
                                .on_hover_text("Find in this document (Ctrl+F)")
                                .clicked()
                            {
                                pane.find_open = !pane.find_open;
                                focus_to = Some(i);
                            }
                            let combo = egui::ComboBox::from_id_salt(("pane document", i))
                                .selected_text(current)
                                .width((ui.available_width() - 28.0).max(60.0))
                                .truncate()
                                .show_ui(ui, |ui| {
                                    for (id, title) in &documents {
                                        if ui
                                            .selectable_label(pane.document == Some(*id), title)
                                            .clicked()
                                        {
                                            pane.document = Some(*id);
                                            pane.reader = ReaderState::default();
                                            pane.find_for = None;
                                            focus_to = Some(i);
                                        }
                                    }
                                });
                            combo.response.labelled_by(label.id);
                        });
                    });
                    let document = pane.document.and_then(|d| project.document(d));
                    if pane.find_open {
                        find_bar_ui(ui, pane, i, document);
                    }
                    let Some(document) = document else {
                        ui.add_space(20.0);
                        ui.vertical_centered(|ui| {
                            ui.label("Choose a document above, or import one with File ▸ Import documents…");
                        });
                        return;
                    };
                    let empty = Vec::new();
                    let input = ReaderInput {
                        document,
                        highlights: highlights.get(&document.id).unwrap_or(&empty),
                        selected,
                        linked: &linked,
                        text_size,
                        describe: &|id| Self::describe(project, id),
                    };
                    let response_events = reader::reader_ui(ui, &mut pane.reader, &input, ("reader", i));
                    if !response_events.is_empty() {
                        focus_to = Some(i);
                    }
                    events.extend(response_events.into_iter().map(|e| (i, e)));
                });
            }
        });
        if let Some(i) = focus_to {
            self.focused_pane = i;
        }
        if let Some(url) = refused_link {
            self.notify(
                format!("Not opened: “{url}” is not a web address (only http and https links are opened)"),
                true,
            );
        }
        if let Some(i) = close {
            self.panes.remove(i);
            self.focused_pane = self.focused_pane.min(self.panes.len().saturating_sub(1));
        }
        for (i, event) in events {
            match event {
                ReaderEvent::ClickedClaim(id) => {
                    self.commands.push(Command::SelectClaim(Some(id)));
                }
                ReaderEvent::ClickedText => {
                    self.quick_editor = None;
                }
                ReaderEvent::Selected(range, corner) => {
                    if let Some(document) = self.panes.get(i).and_then(|p| p.document) {
                        self.quick_editor = Some(QuickEditor::new(i, document, range, corner));
                    }
                }
            }
        }
    }

    fn quick_editor_ui(&mut self, ctx: &egui::Context) {
        let Some(editor) = self.quick_editor.as_mut() else {
            return;
        };
        let mut commands = Vec::new();
        let keep = editor.ui(
            ctx,
            &self.ws.project,
            &self.prefs.annotator,
            self.selected,
            &mut commands,
        );
        let pane = editor.pane;
        self.commands.extend(commands);
        if !keep {
            self.quick_editor = None;
            if let Some(pane) = self.panes.get_mut(pane) {
                pane.reader.selection = None;
            }
        }
    }

    fn dialogs_ui(&mut self, ctx: &egui::Context) {
        if let Some(then) = self.unsaved_prompt.clone() {
            let modal = egui::Modal::new(egui::Id::unique("unsaved changes")).show(ctx, |ui| {
                ui.heading("Unsaved changes");
                ui.label(format!(
                    "“{}” has changes that are not saved. Save them first?",
                    self.ws.display_name()
                ));
                ui.add_space(8.0);
                let mut choice = None;
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        choice = Some(0);
                    }
                    if ui.button("Discard").clicked() {
                        choice = Some(1);
                    }
                    if ui.button("Cancel").clicked() {
                        choice = Some(2);
                    }
                });
                choice
            });
            match modal.inner {
                Some(0) => {
                    self.unsaved_prompt = None;
                    let saved = match self.ws.path.clone() {
                        Some(path) => self.save_to(&path),
                        None => {
                            self.start_dialog(DialogKind::SaveAs);
                            false
                        }
                    };
                    if saved {
                        self.after_save_prompt(then);
                    }
                }
                Some(1) => {
                    self.unsaved_prompt = None;
                    // Discarded on purpose: don't offer it back next time.
                    recovery::remove(self.ws.path.as_deref());
                    self.ws.history.mark_saved();
                    self.after_save_prompt(then);
                }
                Some(_) => self.unsaved_prompt = None,
                None if modal.should_close() => self.unsaved_prompt = None,
                None => {}
            }
        }

        if let Some((document, text)) = self.text_editor.as_mut() {
            let mut done = None;
            let title = self
                .ws
                .project
                .document(*document)
                .map_or_else(String::new, |d| d.label());
            let mut open = true;
            egui::Window::new("Edit document text")
                .open(&mut open)
                .default_size([720.0, 560.0])
                .show(ctx, |ui| {
                    ui.label(format!(
                        "Correct {title}: drop a footer, fix an OCR error. Claims move with the text; claims whose text you delete are kept and listed as orphaned."
                    ));
                    ui.horizontal(|ui| {
                        if ui.button("Apply").clicked() {
                            done = Some(true);
                        }
                        if ui.button("Cancel").clicked() {
                            done = Some(false);
                        }
                    });
                    egui::ScrollArea::vertical().show(ui, |ui| {
                        let label = ui.label("Text");
                        ui.add(
                            egui::TextEdit::multiline(text)
                                .desired_width(f32::INFINITY)
                                .desired_rows(24),
                        )
                        .labelled_by(label.id);
                    });
                });
            if !open {
                done = Some(false);
            }
            match done {
                Some(true) => {
                    let (document, text) = (*document, text.clone());
                    self.text_editor = None;
                    if let Some(outcome) =
                        crate::document_edit::edit_document_text(&self.ws.project, document, &text)
                    {
                        let (moved, orphaned) = (outcome.moved.len(), outcome.orphaned.len());
                        self.commands.push(Command::Edit {
                            edit: outcome.edit,
                            label: "Edit document text".into(),
                        });
                        self.notify(
                            format!(
                                "Text changed: {moved} claim(s) moved, {orphaned} orphaned{}",
                                if orphaned > 0 {
                                    " (filter the claims panel by “Orphaned only” to see them)"
                                } else {
                                    ""
                                }
                            ),
                            orphaned > 0,
                        );
                    }
                }
                Some(false) => self.text_editor = None,
                None => {}
            }
        }

        if let Some(path) = self.disk_conflict.clone() {
            let mut choice = None;
            egui::Modal::new(egui::Id::unique("disk conflict")).show(ctx, |ui| {
                ui.heading("The file changed on disk");
                ui.label(format!(
                    "{} was changed (or removed) by someone else since you opened or saved it here.",
                    path.display()
                ));
                ui.label(
                    RichText::new(
                        "Merge keeps both: their changes come in, yours stay, and where you both changed a claim yours is kept with theirs noted on it (marked for discussion). Reload takes their version and drops your unsaved changes; Overwrite replaces theirs with yours; Save as keeps both files.",
                    )
                    .weak(),
                );
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui
                        .button("Merge")
                        .on_hover_text("Three-way merge of their file into your project (one undo step)")
                        .clicked()
                    {
                        choice = Some(4);
                    }
                    if ui.button("Reload").clicked() {
                        choice = Some(0);
                    }
                    if ui.button("Overwrite").clicked() {
                        choice = Some(1);
                    }
                    if ui.button("Save as…").clicked() {
                        choice = Some(2);
                    }
                    if ui.button("Cancel").clicked() {
                        choice = Some(3);
                    }
                });
            });
            match choice {
                Some(0) => {
                    self.disk_conflict = None;
                    self.load_path(&path);
                }
                Some(1) => {
                    self.disk_conflict = None;
                    self.save_to(&path);
                }
                Some(2) => {
                    self.disk_conflict = None;
                    self.start_dialog(DialogKind::SaveAs);
                }
                Some(4) => {
                    self.disk_conflict = None;
                    match self.ws.merge_from_disk() {
                        Ok(merge) if merge.conflicts.is_empty() => {
                            self.after_change();
                            self.notify(
                                "Merged their changes from the file; save to keep the result",
                                false,
                            );
                        }
                        Ok(merge) => {
                            self.after_change();
                            self.notify(
                                format!(
                                    "Merged their changes from the file; {} conflict(s) kept yours with theirs noted, marked for discussion (Review filter: Discuss). Save to keep the result.",
                                    merge.conflicts.len()
                                ),
                                false,
                            );
                        }
                        Err(err) => self.notify(format!("Could not merge the file: {err}"), true),
                    }
                }
                Some(_) => self.disk_conflict = None,
                None => {}
            }
        }

        if let Some(offer) = &self.recovery_offer {
            let mut choice = None;
            egui::Modal::new(egui::Id::unique("recovery offer")).show(ctx, |ui| {
                ui.heading("Unsaved work was found");
                ui.label(format!(
                    "A recovery copy of “{}” is newer than the file. It holds {}.",
                    self.ws.display_name(),
                    offer.summary.describe()
                ));
                ui.label(
                    RichText::new("Restore it to keep working on it (then save), or discard it.")
                        .weak(),
                );
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("Restore").clicked() {
                        choice = Some(0);
                    }
                    if ui.button("Discard").clicked() {
                        choice = Some(1);
                    }
                    if ui.button("Decide later").clicked() {
                        choice = Some(2);
                    }
                });
            });
            match choice {
                Some(0) => {
                    if let Some(offer) = self.recovery_offer.take() {
                        self.ws.project = offer.project;
                        self.ws.history = crate::edit::History::new();
                        self.ws.history.mark_changed();
                        self.ws.revision += 1;
                        self.reset_panes();
                        self.notify(
                            "Restored the unsaved work; save to keep it in the file",
                            false,
                        );
                    }
                }
                Some(1) => {
                    if let Some(offer) = self.recovery_offer.take() {
                        let _ = std::fs::remove_file(&offer.path);
                    }
                }
                Some(_) => self.recovery_offer = None,
                None => {}
            }
        }

        if let Some(prompt) = self.path_prompt.as_mut() {
            let mut done = None;
            egui::Modal::new(egui::Id::unique("path prompt")).show(ctx, |ui| {
                ui.heading(prompt.kind.title());
                let hint = match prompt.kind {
                    DialogKind::Import => "Paths of the documents, separated by ;",
                    _ => "Path of the project file",
                };
                let label = ui.label(hint);
                let response = ui.add(
                    egui::TextEdit::singleline(&mut prompt.text)
                        .desired_width(480.0)
                        .id(egui::Id::unique("path prompt field")),
                );
                let response = response.labelled_by(label.id);
                if !response.has_focus() && !response.lost_focus() {
                    response.request_focus();
                }
                let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.horizontal(|ui| {
                    if ui.button("OK").clicked() || enter {
                        done = Some(true);
                    }
                    if ui.button("Cancel").clicked()
                        || ui.input(|i| i.key_pressed(egui::Key::Escape))
                    {
                        done = Some(false);
                    }
                });
            });
            match done {
                Some(true) => {
                    let kind = prompt.kind;
                    let text = prompt.text.trim().to_owned();
                    self.path_prompt = None;
                    if !text.is_empty() {
                        let paths = text
                            .split(';')
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(PathBuf::from)
                            .collect();
                        self.dialog_picked(kind, paths);
                    }
                }
                Some(false) => self.path_prompt = None,
                None => {}
            }
        }

        if self.show_shortcuts {
            let mut open = true;
            egui::Window::new("Keyboard shortcuts")
                .open(&mut open)
                .collapsible(false)
                .show(ctx, |ui| {
                    egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                        for action in Action::ALL {
                            let keys: Vec<String> =
                                [action.shortcut(), action.alternative_shortcut()]
                                    .into_iter()
                                    .flatten()
                                    .map(|s| ctx.format_shortcut(&s))
                                    .collect();
                            if keys.is_empty() {
                                continue;
                            }
                            ui.label(action.label());
                            ui.label(keys.join(" or "));
                            ui.end_row();
                        }
                        for (what, keys) in [
                            ("Delete the selected claim", "Delete"),
                            ("Quick editor: set stance", "1–9"),
                            ("Quick editor: create the claim", "Enter"),
                            ("Quick editor: cancel", "Esc"),
                            ("Extend a selection", "Shift+click"),
                        ] {
                            ui.label(what);
                            ui.label(keys);
                            ui.end_row();
                        }
                    });
                });
            self.show_shortcuts = open;
        }
        if self.show_about {
            let mut open = true;
            egui::Window::new("About Triangulate")
                .open(&mut open)
                .collapsible(false)
                .show(ctx, |ui| {
                    ui.label(format!("Triangulate {}", env!("CARGO_PKG_VERSION")));
                    ui.label(
                        "A workbench for comparing how different sources report the same event.",
                    );
                });
            self.show_about = open;
        }
    }
}

/// With `TRIANGULATE_LOG_FIRST_FRAME` set, says on stderr when the first frame was
/// drawn (as Unix time in milliseconds), for measuring cold start (scripts/cold-start.sh).
fn log_first_frame() {
    static FIRST: std::sync::Once = std::sync::Once::new();
    FIRST.call_once(|| {
        if std::env::var_os("TRIANGULATE_LOG_FIRST_FRAME").is_some() {
            let ms = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis());
            eprintln!("first frame drawn at unix ms {ms}");
        }
    });
}

/// The id of a pane's find field, so Ctrl+F can focus it.
fn find_field_id(pane: usize) -> egui::Id {
    egui::Id::unique(("find field", pane))
}

/// The find bar of a pane: a query field, the hit count, previous and next.
fn find_bar_ui(
    ui: &mut Ui,
    pane: &mut Pane,
    index: usize,
    document: Option<&crate::model::Document>,
) {
    ui.horizontal(|ui| {
        let label = ui.label("Find");
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut pane.find)
                    .id(find_field_id(index))
                    .desired_width(160.0)
                    .hint_text("text in this document"),
            )
            .labelled_by(label.id);
        if let Some(document) = document {
            // The stored fingerprint identifies the text: no hashing per frame.
            let key = (pane.find.clone(), document.fingerprint.clone());
            if pane.find_for.as_ref() != Some(&key) {
                pane.reader.find_hits = find_all(&document.text, &pane.find);
                pane.reader.find_current = None;
                pane.find_for = Some(key);
            }
        }
        let hits = pane.reader.find_hits.len();
        let mut step = 0i64;
        if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            step = if ui.input(|i| i.modifiers.shift) {
                -1
            } else {
                1
            };
            response.request_focus();
        }
        if ui
            .small_button("▲")
            .on_hover_text("Previous match")
            .clicked()
        {
            step = -1;
        }
        if ui.small_button("▼").on_hover_text("Next match").clicked() {
            step = 1;
        }
        if step != 0 && hits > 0 {
            let current = pane.reader.find_current.map_or(-1, |c| c as i64);
            let next = (current + step).rem_euclid(hits as i64) as usize;
            pane.reader.find_current = Some(next);
            pane.reader.scroll_to = pane.reader.find_hits.get(next).copied();
        }
        let status = match (hits, pane.reader.find_current) {
            (0, _) if pane.find.is_empty() => String::new(),
            (0, _) => "no matches".to_owned(),
            (n, Some(c)) => format!("{} of {n}", c + 1),
            (n, None) => format!("{n} matches"),
        };
        ui.label(status);
        if ui
            .small_button("✖")
            .on_hover_text("Close the find bar")
            .clicked()
        {
            pane.find_open = false;
            pane.find.clear();
            pane.reader.find_hits.clear();
        }
    });
}

/// Every case-insensitive occurrence of `query` in `text`, as character ranges.
pub fn find_all(text: &str, query: &str) -> Vec<crate::model::CharRange> {
    let query: Vec<char> = query.chars().flat_map(char::to_lowercase).collect();
    if query.is_empty() {
        return Vec::new();
    }
    let chars: Vec<char> = text.chars().collect();
    let lower: Vec<char> = chars
        .iter()
        .map(|c| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    let mut hits = Vec::new();
    let mut at = 0;
    while at + query.len() <= lower.len() {
        if lower.get(at..at + query.len()) == Some(query.as_slice()) {
            hits.push(crate::model::CharRange::new(at, at + query.len()));
            at += query.len();
        } else {
            at += 1;
        }
    }
    hits
}

/// The colour of an item of a list, for colouring by tag, source or proposition.
fn list_colour(index: usize) -> Color32 {
    to_color32(Colour::palette(index))
}

/// Converts a model colour to egui's.
pub fn to_color32(colour: Colour) -> Color32 {
    Color32::from_rgb(colour.r, colour.g, colour.b)
}

/// Every document's claims as highlights, coloured by `colour_by`.
pub fn build_highlights(
    project: &Project,
    colour_by: ColourBy,
) -> HashMap<DocumentId, Vec<Highlight>> {
    let all: Vec<DocumentId> = project.documents.iter().map(|d| d.id).collect();
    build_highlights_of(project, colour_by, &all)
}

/// The highlights of the claims on `documents` (each gets an entry, maybe empty).
pub fn build_highlights_of(
    project: &Project,
    colour_by: ColourBy,
    documents: &[DocumentId],
) -> HashMap<DocumentId, Vec<Highlight>> {
    let grey = Color32::from_rgb(0x99, 0x99, 0x99);
    let index_of = |ids: &mut HashMap<crate::model::SourceId, usize>, key| {
        let next = ids.len();
        *ids.entry(key).or_insert(next)
    };
    let mut source_index: HashMap<crate::model::SourceId, usize> = HashMap::new();
    for (i, source) in project.sources.iter().enumerate() {
        source_index.insert(source.id, i);
    }
    let proposition_index: HashMap<_, _> = project
        .propositions
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id, i))
        .collect();
    let mut out: HashMap<DocumentId, Vec<Highlight>> =
        documents.iter().map(|&d| (d, Vec::new())).collect();
    for claim in &project.claims {
        if claim.orphaned {
            continue;
        }
        // Unknown sources are numbered in claim order, whichever documents are asked for.
        if colour_by == ColourBy::Source
            && let Some(id) = claim.source
        {
            index_of(&mut source_index, id);
        }
        // A few documents are asked for: comparing ids is cheaper than hashing them.
        if !documents.contains(&claim.document) {
            continue;
        }
        let Some(highlights) = out.get_mut(&claim.document) else {
            continue;
        };
        let colour = match colour_by {
            ColourBy::Stance => claim
                .stance
                .and_then(|s| project.stance(s))
                .map_or(grey, |s| to_color32(s.colour)),
            ColourBy::Tag => claim
                .tags
                .first()
                .and_then(|t| project.tag(*t))
                .map_or(grey, |t| to_color32(t.colour)),
            ColourBy::Source => match claim.source {
                Some(id) => list_colour(index_of(&mut source_index, id)),
                None => grey,
            },
            ColourBy::Proposition => claim
                .proposition
                .and_then(|p| proposition_index.get(&p))
                .map_or(grey, |&i| list_colour(i)),
        };
        // A colleague's claim rejected in review stays in the project, faded.
        let rejected = claim
            .review
            .as_ref()
            .is_some_and(|r| r.status == crate::model::ReviewStatus::Rejected);
        let colour = if rejected {
            colour.gamma_multiply(0.3)
        } else {
            colour
        };
        highlights.push(Highlight {
            claim: claim.id,
            range: claim.range,
            colour,
            level: 0,
        });
    }
    for highlights in out.values_mut() {
        reader::assign_levels(highlights);
    }
    out
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }
}

/// Whether a document's address may be handed to the browser: http or https
/// only, so a project file can never make the app open a local file or run a handler.
pub fn is_web_address(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// Opens `path` (or the sample project) as a workspace, for the window.
pub fn startup_workspace(path: Option<&Path>) -> (Workspace, Option<String>) {
    match path {
        Some(path) => match Workspace::open(path) {
            Ok(ws) => (ws, None),
            Err(err) => (
                Workspace::new(Project::new("Untitled")),
                Some(format!("Could not open the project: {err}")),
            ),
        },
        None => sample_workspace(),
    }
}

/// The sample project: from `projects/severodonetsk.ron` when it is there,
/// otherwise the copy built into the program.
pub fn sample_workspace() -> (Workspace, Option<String>) {
    let on_disk = Path::new(crate::SAMPLE_PROJECT_PATH);
    if on_disk.exists()
        && let Ok(ws) = Workspace::open(on_disk)
    {
        return (ws, None);
    }
    match project_file::from_ron_str(crate::SAMPLE_PROJECT) {
        Ok(loaded) => (Workspace::from_loaded(loaded, None), None),
        Err(err) => (
            Workspace::new(Project::new("Untitled")),
            Some(format!(
                "The built-in sample project could not be read: {err}"
            )),
        ),
    }
}
