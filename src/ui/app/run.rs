//! Running commands and actions: the one place where the workspace, the panes
//! and the selection change, and where background tasks are started and their
//! results applied.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::edit::{Edit, anchoring};
use crate::io::recovery;
use crate::model::{ClaimId, DocumentId, Project, now_rfc3339};
use crate::workspace::{SaveOutcome, Workspace};

use super::super::background::{Finished, Theirs};
use super::super::command::{Action, Bring, Command, FileKind, Proceed};
use super::super::quick_editor::QuickEditor;
use super::super::review::ReviewScreen;
use super::{App, MAX_PANES, Modal, Pane, panes};

impl App {
    /// Runs every queued command. Called once per frame, after drawing.
    pub fn run_commands(&mut self, ctx: &egui::Context) {
        // Commands may queue more (an import queues its edit): run until none are left.
        for _ in 0..8 {
            let commands = std::mem::take(&mut self.commands);
            if commands.is_empty() {
                return;
            }
            // What the commands changed is drawn in the next frame.
            ctx.request_repaint();
            for command in commands {
                self.run(ctx, command);
            }
        }
    }

    fn run(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::Edit { edit, label } => {
                if let Err(err) = self.ws.apply(edit, label) {
                    self.notices
                        .error(format!("That change could not be made: {err}"));
                }
                self.after_change();
            }
            Command::EditCoalescing { edit, label, key } => {
                if let Err(err) = self.ws.apply_coalescing(edit, label, key) {
                    self.notices
                        .error(format!("That change could not be made: {err}"));
                }
                self.after_change();
            }
            Command::SealHistory => self.ws.seal_history(),
            Command::SelectClaim(claim) => self.select_claim(claim, ctx.input(|i| i.time)),
            Command::ShowDocument(document) => self.show_document(document),
            Command::Reveal { document, range } => {
                self.reveal(document, range);
            }
            Command::ClaimFromRange { document, range } => {
                let pane = self.reveal(document, range);
                let corner = ctx.content_rect().center();
                self.quick_editor = Some(QuickEditor::new(pane, document, range, corner));
            }
            Command::FilterClaims(filter) => {
                self.claims_panel.filter = *filter;
                self.show_claims = true;
            }
            Command::CompareProposition(proposition) => {
                let mut documents: Vec<DocumentId> = Vec::new();
                for claim in &self.ws.project().claims {
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
                    // Each pane opens on its first claim on the proposition, flashed.
                    panes::show_proposition(
                        &mut self.panes,
                        self.ws.project(),
                        proposition,
                        ctx.input(|i| i.time),
                    );
                }
            }
            Command::OpenPath(path) => self.guard_unsaved(Proceed::Open(path)),
            Command::Proceed(then) => self.proceed(then),
            Command::DiscardChanges(then) => {
                // Discarded on purpose: don't offer it back next time.
                recovery::remove(self.ws.path());
                self.ws.forget_unsaved_changes();
                self.proceed(then);
            }
            Command::ReviewWith(path) => self.background.load_theirs(&path, Theirs::Review),
            Command::AddAnnotator(path) => self.background.load_theirs(&path, Theirs::Annotator),
            Command::BringIn { kind, path } => {
                self.background.bring_in(&path, kind, self.ws.snapshot());
            }
            Command::ImportPaths(paths) => self.background.import(self.ws.project(), &paths),
            Command::CancelImport => {
                if let Some(batch) = self.background.cancel_imports() {
                    self.imported(batch);
                }
            }
            Command::SaveTo(path) => self.save(&path, false, None),
            Command::Save {
                path,
                check_disk,
                then,
            } => self.save(&path, check_disk, then),
            Command::MergeFromDisk => self.merge_from_disk(),
            Command::RestoreRecovery(offer) => {
                self.ws.restore(offer.project);
                self.reset_panes();
                self.notices
                    .info("Restored the unsaved work; save to keep it in the file");
            }
            Command::DiscardRecovery(path) => {
                if let Err(err) = std::fs::remove_file(&path)
                    && err.kind() != std::io::ErrorKind::NotFound
                {
                    self.notices.error(format!(
                        "The recovery copy {} could not be removed: {err}",
                        path.display()
                    ));
                }
            }
            Command::DocumentDetails(document) => {
                if self.ws.project().document(document).is_some() {
                    self.document_details.open(document);
                }
            }
            Command::ReplaceDocumentText { document, text } => {
                self.replace_document_text(document, &text);
            }
            Command::PickFile(kind) => {
                let suggested = self.suggested_path(kind);
                if let Some(modal) = self.files.start(kind, self.ws.path(), suggested) {
                    self.modals.push(modal);
                }
            }
            Command::Picked { kind, paths } => self.picked(kind, paths),
            Command::Export(request) => {
                self.background.export(self.ws.snapshot(), request);
                self.notices.info("Exporting…");
            }
            Command::CloseQuickEditor => {
                if let Some(editor) = self.quick_editor.take()
                    && let Some(pane) = self.panes.get_mut(editor.pane)
                {
                    pane.reader.selection = None;
                }
            }
            Command::StartClaim {
                pane,
                document,
                range,
                corner,
            } => {
                self.quick_editor = Some(QuickEditor::new(pane, document, range, corner));
            }
            Command::FocusPane(pane) => {
                if pane < self.panes.len() {
                    self.focused_pane = pane;
                }
            }
            Command::ClosePaneAt(pane) => self.close_pane(pane),
            Command::SetColourBy(colour_by) => self.prefs.colour_by = colour_by,
            Command::SetAnnotator(name) => {
                let confirmed = !name.is_empty();
                // The first confirmation is kept at once: a crash must not ask again.
                self.store_prefs_now |= confirmed && !self.prefs.annotator_confirmed;
                self.prefs.annotator_confirmed = confirmed;
                self.prefs.annotator = name;
            }
            Command::Action(action) => self.run_action(ctx, action),
            Command::Notify(text) => self.notices.info(text),
            Command::NotifyError(text) => self.notices.error(text),
        }
    }

    /// Keeps selection and panes valid after the project changed.
    fn after_change(&mut self) {
        if let Some(id) = self.selected
            && self.ws.project().claim(id).is_none()
        {
            self.selected = None;
        }
        for pane in &mut self.panes {
            if let Some(document) = pane.document
                && self.ws.project().document(document).is_none()
            {
                pane.document = None;
            }
        }
    }

    fn select_claim(&mut self, claim: Option<ClaimId>, now: f64) {
        self.selected = claim;
        let Some(claim) = claim.and_then(|id| self.ws.project().claim(id)) else {
            return;
        };
        panes::bring_into_view(
            &mut self.panes,
            self.focused_pane,
            self.ws.project(),
            claim,
            now,
        );
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
        let at = self.focused_pane.min(self.panes.len().saturating_sub(1));
        if let Some(pane) = self.panes.get_mut(at) {
            *pane = Pane::new(Some(document));
        }
    }

    /// Shows `range` of `document` in a pane (one showing it, else the focused
    /// one), scrolled to it and marked as a find hit; returns the pane.
    fn reveal(&mut self, document: DocumentId, range: crate::model::CharRange) -> usize {
        self.show_document(document);
        let at = self
            .panes
            .iter()
            .position(|p| p.document == Some(document))
            .unwrap_or(self.focused_pane);
        self.focused_pane = at;
        if let Some(pane) = self.panes.get_mut(at) {
            pane.reveal(range);
        }
        at
    }

    fn close_pane(&mut self, at: usize) {
        if self.panes.len() > 1 && at < self.panes.len() {
            self.panes.remove(at);
            self.focused_pane = self.focused_pane.min(self.panes.len().saturating_sub(1));
        }
    }

    fn run_action(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::NewProject => self.guard_unsaved(Proceed::New),
            Action::Open => self.commands.push(Command::PickFile(FileKind::Open)),
            Action::Save => match self.ws.path().map(Path::to_owned) {
                // Never save over someone else's changes without asking: the save checks.
                Some(path) => self.save(&path, true, None),
                None => self.commands.push(Command::PickFile(FileKind::SaveAs)),
            },
            Action::SaveAs => self.commands.push(Command::PickFile(FileKind::SaveAs)),
            Action::ImportDocuments => self.commands.push(Command::PickFile(FileKind::Import)),
            Action::ImportFromAddress => self.modals.push(Modal::AddressPrompt(String::new())),
            Action::ImportAnnotations => {
                self.commands.push(Command::PickFile(FileKind::Annotations));
            }
            Action::ImportCodebook => self.commands.push(Command::PickFile(FileKind::Codebook)),
            Action::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Action::Undo => match self.ws.undo() {
                Ok(Some(label)) => {
                    self.after_change();
                    self.notices.info(format!("Undid: {label}"));
                }
                Ok(None) => {}
                Err(err) => self.notices.error(format!("Could not undo: {err}")),
            },
            Action::Redo => match self.ws.redo() {
                Ok(Some(label)) => {
                    self.after_change();
                    self.notices.info(format!("Redid: {label}"));
                }
                Ok(None) => {}
                Err(err) => self.notices.error(format!("Could not redo: {err}")),
            },
            Action::Find => {
                if let Some(pane) = self.panes.get_mut(self.focused_pane) {
                    pane.find_open = true;
                    ctx.memory_mut(|m| m.request_focus(panes::find_field_id(self.focused_pane)));
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
            Action::ConfirmClaim => {
                let project = self.ws.project();
                let edit = self
                    .selected
                    .and_then(|id| project.claim(id))
                    .and_then(|claim| anchoring::confirm(project, claim, &now_rfc3339()));
                match edit {
                    Some(edit) => self.commands.push(Command::Edit {
                        edit,
                        label: "Confirm re-anchored claim".into(),
                    }),
                    None => self
                        .notices
                        .info("The selected claim has nothing to confirm".to_owned()),
                }
            }
            Action::ConfirmAllMoves => {
                match anchoring::confirm_moves(self.ws.project(), &now_rfc3339()) {
                    Some(edit) => self.commands.push(Command::Edit {
                        edit,
                        label: "Confirm every re-anchored move".into(),
                    }),
                    None => self
                        .notices
                        .info("No claim was moved by re-anchoring".to_owned()),
                }
            }
            Action::ShowToConfirm => {
                self.claims_panel.filter = crate::query::ClaimFilter {
                    to_confirm_only: true,
                    ..Default::default()
                };
            }
            Action::ShowOrphaned => {
                self.claims_panel.filter = crate::query::ClaimFilter {
                    orphaned_only: true,
                    ..Default::default()
                };
            }
            Action::ManageVocabulary => self.vocabulary.open = true,
            Action::Preferences => self.preferences.show(),
            Action::Export => self.export.show(),
            Action::SearchDocuments => self.search.show(),
            Action::SuggestClaims => self.suggest.open = true,
            Action::DocumentSets => self.document_sets.open = true,
            Action::CrossTabulation => self.crosstab.open = true,
            Action::ToggleDocumentList => {
                let shown = self.documents_shown(ctx.content_rect().width());
                self.show_documents = Some(!shown);
            }
            Action::ToggleClaimsPanel => self.show_claims = !self.show_claims,
            Action::CompareSources => self.matrix.open = true,
            Action::Propositions => self.propositions.open = true,
            Action::CompareWith => self.commands.push(Command::PickFile(FileKind::Review)),
            Action::Agreement => {
                if let Some(review) = &self.review {
                    self.agreement.add(
                        review.theirs_path.clone(),
                        std::sync::Arc::clone(&review.theirs),
                    );
                }
                self.agreement.open = true;
            }
            Action::AddAnnotator => self.commands.push(Command::PickFile(FileKind::Annotator)),
            Action::CloseReview => self.review = None,
            Action::DocumentDetails => {
                match self.panes.get(self.focused_pane).and_then(|p| p.document) {
                    Some(document) => self.commands.push(Command::DocumentDetails(document)),
                    None => self.notices.info("Choose a document in a pane first"),
                }
            }
            Action::EditDocumentText => {
                let document = self
                    .panes
                    .get(self.focused_pane)
                    .and_then(|p| p.document)
                    .and_then(|d| self.ws.project().document(d));
                match document {
                    Some(document) => self.modals.push(Modal::EditText {
                        document: document.id,
                        text: document.text.clone(),
                    }),
                    None => self.notices.info("Choose a document in a pane first"),
                }
            }
            Action::AddPane => {
                if self.panes.len() >= MAX_PANES {
                    self.notices.info(format!(
                        "{MAX_PANES} panes is the most; choose another document in a pane's header, or close a pane (Ctrl+W)"
                    ));
                } else {
                    let shown: Vec<_> = self.panes.iter().filter_map(|p| p.document).collect();
                    let next = self
                        .ws
                        .project()
                        .documents
                        .iter()
                        .map(|d| d.id)
                        .find(|d| !shown.contains(d));
                    self.panes.push(Pane::new(next));
                    self.focused_pane = self.panes.len() - 1;
                }
            }
            Action::ClosePane => self.close_pane(self.focused_pane),
            Action::ToggleTheme => self.prefs.dark = !self.prefs.dark,
            Action::TextLarger => self.prefs.text_size = (self.prefs.text_size + 1.0).min(32.0),
            Action::TextSmaller => self.prefs.text_size = (self.prefs.text_size - 1.0).max(9.0),
            Action::Palette => self.palette.open(),
            Action::ShowShortcuts => self.show_shortcuts = true,
            Action::About => self.show_about = true,
        }
    }

    /// Goes ahead with `then` now, or first asks what to do with unsaved changes.
    fn guard_unsaved(&mut self, then: Proceed) {
        if self.ws.is_dirty() {
            self.modals.push(Modal::UnsavedChanges(then));
        } else {
            self.proceed(then);
        }
    }

    fn proceed(&mut self, then: Proceed) {
        match then {
            Proceed::Open(path) => self.background.open(&path),
            Proceed::New => self.replace_workspace(Workspace::new(Project::new("Untitled"))),
            Proceed::Quit => self.quit_confirmed = true,
        }
    }

    /// Puts `ws` in place of the open workspace: panes, selection and every
    /// cache start afresh (caches key on the workspace's identity).
    fn replace_workspace(&mut self, ws: Workspace) {
        self.remember_layout();
        self.ws = ws;
        self.workspace_replaced();
    }

    /// What follows a new workspace: fresh panes, the load report, the recovery offer.
    pub(super) fn workspace_replaced(&mut self) {
        self.reset_panes();
        if let Some(review) = self.review.as_mut() {
            review.invalidate();
        }
        self.report_load();
        self.check_recovery();
    }

    /// The panes this project had when it was last closed here, else two panes on
    /// the first two documents (or one when there is only one).
    fn reset_panes(&mut self) {
        self.selected = None;
        self.quick_editor = None;
        let remembered = self
            .ws
            .path()
            .and_then(|path| self.prefs.layout(path))
            .cloned();
        if let Some(layout) = remembered {
            let project = self.ws.project();
            let panes: Vec<Pane> = layout
                .panes
                .iter()
                .take(MAX_PANES)
                .map(|(document, share)| {
                    let mut pane = Pane::new(document.filter(|d| project.document(*d).is_some()));
                    pane.share = if share.is_finite() {
                        share.clamp(0.1, 10.0)
                    } else {
                        1.0
                    };
                    pane
                })
                .collect();
            if !panes.is_empty() {
                self.focused_pane = layout.focused.min(panes.len() - 1);
                self.panes = panes;
                self.show_documents = layout.documents;
                self.show_claims = layout.claims;
                return;
            }
        }
        let docs: Vec<DocumentId> = self.ws.project().documents.iter().map(|d| d.id).collect();
        self.panes = match docs.as_slice() {
            [] => vec![Pane::new(None)],
            [one] => vec![Pane::new(Some(*one))],
            [a, b, ..] => vec![Pane::new(Some(*a)), Pane::new(Some(*b))],
        };
        self.focused_pane = 0;
    }

    /// Remembers, in the preferences, how the open project's window is laid out.
    pub fn remember_layout(&mut self) {
        let Some(path) = self.ws.path().map(Path::to_owned) else {
            return;
        };
        let layout = super::super::prefs::Layout {
            panes: self.panes.iter().map(|p| (p.document, p.share)).collect(),
            focused: self.focused_pane,
            documents: self.show_documents,
            claims: self.show_claims,
        };
        self.prefs.remember_layout(&path, layout);
    }

    /// Tells the user what loading found: problems, re-anchored and orphaned claims.
    fn report_load(&mut self) {
        let claims = &self.ws.project().claims;
        let orphaned = claims
            .iter()
            .filter(|c| c.orphaned && !c.has_offer())
            .count();
        let to_confirm = claims.iter().filter(|c| c.awaits_confirmation()).count();
        if let Some(version) = self.ws.migrated_from() {
            self.notices.info(format!(
                "This project was written in file format {version}; it will be saved in format {}, which older versions of Triangulate cannot open (the old file is kept as .bak)",
                crate::model::FORMAT_VERSION
            ));
        }
        if orphaned > 0 {
            self.notices.error(format!("{orphaned} claim(s) could not be found in their document's text; filter the claims panel by “Orphaned only” to fix them"));
        }
        if let Some(note) = self.ws.anchoring_note() {
            self.notices.error(note.to_owned());
        }
        if to_confirm > 0 {
            self.notices.error(format!("{to_confirm} claim(s) were re-anchored because their document's text changed: confirm each (Edit ▸ Claims to confirm)"));
        }
        if let Some(first) = self.ws.problems().first() {
            self.notices.error(format!(
                "{} problem(s) in the project file; the first: {first}",
                self.ws.problems().len()
            ));
        }
    }

    /// Offers the recovery copy of the open project, if one is newer than its file.
    fn check_recovery(&mut self) {
        self.last_recovery = (Instant::now(), self.ws.stamp());
        self.modals.retain(|m| !matches!(m, Modal::Recovery(_)));
        let Some(path) = self.ws.path().map(Path::to_owned) else {
            return;
        };
        match recovery::find(&path, self.ws.project()) {
            Ok(Some(offer)) => {
                // A line for logs.
                eprintln!(
                    "triangulate: offering to restore {} ({})",
                    offer.path.display(),
                    offer.summary.describe()
                );
                self.modals.push(Modal::Recovery(Box::new(offer)));
            }
            Ok(None) => {}
            Err(err) => self.notices.error(format!(
                "A recovery copy of this project exists but cannot be read ({err}); it was left at {}",
                recovery::recovery_path(Some(&path)).display()
            )),
        }
    }

    /// Starts a save in the background; the window stays responsive, and edits
    /// made meanwhile stay marked unsaved.
    fn save(&mut self, path: &Path, check_disk: bool, then: Option<Proceed>) {
        if self.background.is_saving() {
            // One save at a time: this one follows when the running one is written.
            self.queued_save = Some((path.to_owned(), check_disk, then));
            return;
        }
        let ticket = self.ws.begin_save(path, check_disk);
        self.background.save(ticket, then);
    }

    fn merge_from_disk(&mut self) {
        match self.ws.merge_from_disk() {
            Ok(merge) if merge.conflicts.is_empty() => {
                self.after_change();
                self.notices
                    .info("Merged their changes from the file; save to keep the result");
            }
            Ok(merge) => {
                self.after_change();
                self.notices.info(format!(
                    "Merged their changes from the file; {} conflict(s) kept yours with theirs noted, marked for discussion (Review filter: Discuss). Save to keep the result.",
                    merge.conflicts.len()
                ));
            }
            Err(err) => self
                .notices
                .error(format!("Could not merge the file: {err}")),
        }
    }

    fn replace_document_text(&mut self, document: DocumentId, text: &str) {
        let Some(outcome) =
            crate::document_edit::edit_document_text(self.ws.project(), document, text)
        else {
            return;
        };
        let (moved, orphaned) = (outcome.moved.len(), outcome.orphaned.len());
        self.commands.push(Command::Edit {
            edit: outcome.edit,
            label: "Edit document text".into(),
        });
        let message = format!(
            "Text changed: {moved} claim(s) moved, {orphaned} orphaned{}",
            if orphaned > 0 {
                " (filter the claims panel by “Orphaned only” to see them)"
            } else {
                ""
            }
        );
        if orphaned > 0 {
            self.notices.error(message);
        } else {
            self.notices.info(message);
        }
    }

    /// What a file dialog or the path prompt suggests.
    fn suggested_path(&self, kind: FileKind) -> String {
        match kind {
            FileKind::Import
            | FileKind::Review
            | FileKind::Annotator
            | FileKind::Annotations
            | FileKind::Codebook => String::new(),
            FileKind::CrossTabCsv => self.crosstab.suggested_path(self.ws.path()),
            FileKind::Open | FileKind::SaveAs => self
                .ws
                .path()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
        }
    }

    fn picked(&mut self, kind: FileKind, mut paths: Vec<PathBuf>) {
        let command = match kind {
            FileKind::Open => paths.pop().map(Command::OpenPath),
            FileKind::SaveAs => paths.pop().map(|mut path| {
                if path.extension().is_none() {
                    path.set_extension("ron");
                }
                Command::SaveTo(path)
            }),
            FileKind::Import => Some(Command::ImportPaths(paths)),
            FileKind::Review => paths.pop().map(Command::ReviewWith),
            FileKind::Annotator => paths.pop().map(Command::AddAnnotator),
            FileKind::Annotations => paths.pop().map(|path| Command::BringIn {
                kind: Bring::Annotations,
                path,
            }),
            FileKind::Codebook => paths.pop().map(|path| Command::BringIn {
                kind: Bring::Codebook,
                path,
            }),
            FileKind::CrossTabCsv => paths.pop().map(|path| self.crosstab.save_to(path)),
        };
        self.commands.extend(command);
    }

    /// Applies what finished background tasks produced.
    pub(super) fn apply_finished(&mut self, finished: Vec<Finished>) {
        for finished in finished {
            match finished {
                Finished::Opened { path, result } => match result {
                    Ok(ws) => {
                        self.replace_workspace(*ws);
                        self.prefs.remember_recent(&path);
                        self.notices.info(format!("Opened {}", path.display()));
                    }
                    Err(err) => self
                        .notices
                        .error(format!("Could not open the project: {err}")),
                },
                Finished::ProjectImported { path, result } => match result {
                    Ok((ws, report)) => {
                        self.replace_workspace(*ws);
                        self.modals.push(Modal::Report {
                            title: format!("Imported {}", path.display()),
                            lines: report,
                        });
                    }
                    Err(message) => self.notices.error(format!(
                        "Could not import the REFI-QDA project: {message}; nothing was changed"
                    )),
                },
                Finished::Brought { path, kind, result } => match result {
                    Ok((edit, report)) => {
                        if !edit.is_empty() {
                            self.commands.push(Command::Edit {
                                edit,
                                label: kind.edit_label().to_owned(),
                            });
                        }
                        self.modals.push(Modal::Report {
                            title: format!("{} from {}", kind.edit_label(), path.display()),
                            lines: report,
                        });
                    }
                    Err(message) => self.notices.error(message),
                },
                Finished::Imported(batch) => self.imported(batch),
                Finished::Saved { outcome, then } => self.saved(outcome, then),
                Finished::Exported(Ok(message)) => self.notices.info(message),
                Finished::Exported(Err(message)) => self.notices.error(message),
                Finished::Autosaved(Ok(_)) => {}
                Finished::Autosaved(Err(message)) => self.notices.error(message),
                Finished::TheirsLoaded {
                    path,
                    purpose,
                    result,
                } => match (result, purpose) {
                    (Ok(theirs), Theirs::Review) => {
                        let screen = ReviewScreen::new(theirs, path);
                        self.notices
                            .info(format!("Reviewing against {}", screen.theirs_label));
                        self.review = Some(screen);
                    }
                    (Ok(theirs), Theirs::Annotator) => {
                        self.agreement.add(path, theirs);
                        self.agreement.open = true;
                    }
                    (Err(err), _) => self
                        .notices
                        .error(format!("Could not read that project: {err}")),
                },
                Finished::Failed(message) => self.notices.error(message),
            }
        }
    }

    fn saved(&mut self, outcome: SaveOutcome, then: Option<Proceed>) {
        self.record_save(outcome, then);
        if let Some((path, check_disk, then)) = self.queued_save.take() {
            self.save(&path, check_disk, then);
        }
    }

    fn record_save(&mut self, outcome: SaveOutcome, then: Option<Proceed>) {
        match outcome {
            SaveOutcome::Saved(saved) => {
                let path = saved.path.clone();
                let old_path = self.ws.path().map(Path::to_owned);
                if !self.ws.finish_save(saved) {
                    // Written for a project since closed: the file has it, this window does not.
                    self.notices.info(format!("Saved {}", path.display()));
                    return;
                }
                // The file now has everything asked for: the recovery copies are no longer needed.
                recovery::remove(old_path.as_deref());
                recovery::remove(Some(&path));
                self.prefs.remember_recent(&path);
                self.notices.info(format!("Saved {}", path.display()));
                if let Some(then) = then {
                    self.proceed(then);
                }
            }
            SaveOutcome::ChangedOnDisk(path) => {
                self.queued_save = None;
                self.modals.push(Modal::DiskConflict(path));
            }
            SaveOutcome::Failed(err) => self.notices.error(format!(
                "{err}. Your changes are still here: try File ▸ Save as… to save them elsewhere."
            )),
        }
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
        // One message for the whole import: what came in, then each file refused or
        // skipped with its reason, so that nothing is said in pieces that scroll away.
        if batch.cancelled {
            let said = batch.messages.join("\n");
            self.notices.info(said);
            return;
        }
        let mut said = if count > 0 {
            format!("Imported {count} document(s)")
        } else {
            "Nothing was imported".to_owned()
        };
        if batch.refused > 0 {
            said.push_str(&format!("; {} file(s) refused", batch.refused));
        }
        for message in &batch.messages {
            said.push_str("\n• ");
            said.push_str(message);
        }
        if batch.refused > 0 || count == 0 {
            self.notices.error(said);
        } else {
            self.notices.info(said);
        }
        if let Some(first) = first {
            self.commands.push(Command::ShowDocument(first));
        }
    }

    /// Writes a recovery copy in the background when there are unsaved changes
    /// that are not in one yet: every `autosave_every`, and when the window loses focus.
    pub(super) fn autosave(&mut self, ctx: &egui::Context) {
        if self.background.is_autosaving() {
            return;
        }
        let (last_time, last_stamp) = self.last_recovery;
        if !self.ws.is_dirty() || self.ws.stamp() == last_stamp {
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
        self.last_recovery = (Instant::now(), self.ws.stamp());
        self.background
            .autosave(self.ws.path().map(Path::to_owned), self.ws.snapshot());
    }

    pub(super) fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        // While a modal dialog or the palette asks something, keys are theirs.
        if !self.modals.is_empty() || self.palette.is_open() {
            return;
        }
        // Text fields keep their own keys (Ctrl+Z, Delete); everything else is ours.
        let typing = ctx.text_edit_focused();
        // egui matches shortcuts logically (Ctrl+S also matches Ctrl+Shift+S), so
        // the ones with more modifiers must have their turn first.
        let mut shortcuts: Vec<(egui::KeyboardShortcut, Action)> = Action::all()
            .flat_map(|a| a.shortcuts().map(move |s| (s, a)))
            .collect();
        shortcuts.sort_by_key(|(s, _)| {
            std::cmp::Reverse(
                u8::from(s.modifiers.shift)
                    + u8::from(s.modifiers.alt)
                    + u8::from(s.modifiers.command),
            )
        });
        for (shortcut, action) in shortcuts {
            let bare = !shortcut.modifiers.command && !shortcut.modifiers.alt;
            if typing && (bare || matches!(action, Action::Undo | Action::Redo)) {
                continue;
            }
            // A bare key (Delete) belongs to the quick editor while it is open.
            if bare && self.quick_editor.is_some() {
                continue;
            }
            if action == Action::DeleteClaim && self.selected.is_none() {
                continue;
            }
            if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                self.commands.push(Command::Action(action));
            }
        }
    }

    pub(super) fn handle_dropped_files(&mut self, ctx: &egui::Context) {
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
        let (projects, rest): (Vec<_>, Vec<_>) = dropped.into_iter().partition(|p| {
            p.extension().is_some_and(|e| e == "ron") || crate::interop::is_refi_project(p)
        });
        if let Some(project) = projects.into_iter().next() {
            self.commands.push(Command::OpenPath(project));
        }
        // A codebook dropped on the window joins the vocabulary; documents are imported.
        let (codebooks, documents): (Vec<_>, Vec<_>) = rest
            .into_iter()
            .partition(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("qdc")));
        for path in codebooks {
            self.commands.push(Command::BringIn {
                kind: Bring::Codebook,
                path,
            });
        }
        if !documents.is_empty() {
            self.commands.push(Command::ImportPaths(documents));
        }
    }

    pub(super) fn handle_close_request(&mut self, ctx: &egui::Context) {
        if self.quit_confirmed {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            return;
        }
        if ctx.input(|i| i.viewport().close_requested()) && self.ws.is_dirty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            if !self
                .modals
                .iter()
                .any(|m| matches!(m, Modal::UnsavedChanges(_)))
            {
                self.modals.push(Modal::UnsavedChanges(Proceed::Quit));
            }
        }
    }
}
