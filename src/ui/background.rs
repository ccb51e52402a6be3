//! Long work off the window's thread, through one runner: opening a project,
//! importing documents, saving, exporting, writing a recovery copy, and reading
//! a colleague's or another annotator's project.
//!
//! The app starts a task, calls [`Background::poll`] once a frame and applies
//! what comes back; [`Background::status_ui`] shows what runs, with progress.
//! Every task reports on one channel; a task whose thread died without
//! reporting is reported as failed, so nothing waits forever.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use egui::Ui;

use crate::edit::Edit;
use crate::export::request::{ExportRequest, run_export};
use crate::io::ImportBatch;
use crate::io::project_file::LoadError;
use crate::model::Project;
use crate::workspace::{SaveOutcome, SaveTicket, Workspace};

use super::command::{Bring, Proceed};

/// Why a colleague's project is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theirs {
    /// To review my project against it.
    Review,
    /// To add it to the agreement view.
    Annotator,
}

/// What a finished task hands back to the app.
#[derive(Debug)]
pub enum Finished {
    /// A project file was opened (or could not be).
    Opened {
        /// The file.
        path: PathBuf,
        /// The open workspace, or why it could not be opened.
        result: Result<Box<Workspace>, LoadError>,
    },
    /// Another tool's project (a REFI-QDA `.qdpx`) was brought in as a new,
    /// unsaved project (or could not be).
    ProjectImported {
        /// The file.
        path: PathBuf,
        /// The new workspace and the import report, or why nothing came in.
        result: Result<(Box<Workspace>, Vec<String>), String>,
    },
    /// Another tool's file was read into an edit of the open project (or could not be).
    Brought {
        /// The file.
        path: PathBuf,
        /// What was brought in.
        kind: Bring,
        /// The edit to apply (one undo step) and the report, or why nothing came in.
        result: Result<(Edit, Vec<String>), String>,
    },
    /// Documents were read from files.
    Imported(ImportBatch),
    /// A save was written (or was not).
    Saved {
        /// What happened.
        outcome: SaveOutcome,
        /// What to do once it is saved.
        then: Option<Proceed>,
    },
    /// An export was written: the message for the user, or the error.
    Exported(Result<String, String>),
    /// A recovery copy was written (or could not be).
    Autosaved(Result<PathBuf, String>),
    /// A colleague's project was read (or could not be).
    TheirsLoaded {
        /// The file.
        path: PathBuf,
        /// What it was read for.
        purpose: Theirs,
        /// The project, or why it could not be read.
        result: Result<Arc<Project>, LoadError>,
    },
    /// The task could not be started, or stopped without a result.
    Failed(String),
}

/// How far a task has got: steps done out of a total (0 when unknown).
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
    /// Set by Cancel; a task that can stop checks it.
    cancel: AtomicBool,
}

impl Progress {
    /// Sets the number of steps.
    pub fn set_total(&self, total: usize) {
        self.total.store(total, Ordering::Relaxed);
    }

    /// Sets how many steps are done.
    pub fn set_done(&self, done: usize) {
        self.done.store(done, Ordering::Relaxed);
    }

    /// Whether the user asked the task to stop.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// One task running on its own thread.
struct Task {
    id: u64,
    /// What it does, for the status bar ("Saving stress.ron").
    label: String,
    /// Not shown in the status bar (the recovery copy).
    quiet: bool,
    /// Offers Cancel in the status bar (an import, which may wait on the network).
    cancellable: bool,
    started: Instant,
    progress: Arc<Progress>,
    thread: Option<JoinHandle<()>>,
}

/// The tasks running now, and the one channel they report on.
pub struct Background {
    running: Vec<Task>,
    next_id: u64,
    sender: mpsc::Sender<(u64, Finished)>,
    receiver: mpsc::Receiver<(u64, Finished)>,
    /// Cancelled tasks whose result, when it comes, is dropped.
    abandoned: Vec<u64>,
    /// Woken when a task finishes, so the window need not poll by time.
    repaint: Option<egui::Context>,
}

impl Default for Background {
    fn default() -> Self {
        let (sender, receiver) = mpsc::channel();
        Self {
            running: Vec::new(),
            next_id: 0,
            sender,
            receiver,
            abandoned: Vec::new(),
            repaint: None,
        }
    }
}

/// A file's name for the status bar.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

impl Background {
    /// Whether any task is running.
    pub fn is_busy(&self) -> bool {
        !self.running.is_empty()
    }

    /// Whether a task with this label is running (for tests and the status bar).
    pub fn is_running(&self, label_start: &str) -> bool {
        self.running
            .iter()
            .any(|t| t.label.starts_with(label_start))
    }

    /// Whether a recovery copy is being written.
    pub fn is_autosaving(&self) -> bool {
        self.running.iter().any(|t| t.quiet)
    }

    /// Whether a save is being written.
    pub fn is_saving(&self) -> bool {
        self.is_running("Saving")
    }

    /// Wakes `ctx` whenever a task finishes.
    pub fn set_repaint(&mut self, ctx: &egui::Context) {
        if self.repaint.is_none() {
            self.repaint = Some(ctx.clone());
        }
    }

    /// Opens the project file at `path`; a REFI-QDA project (`.qdpx`) is brought
    /// in as a new, unsaved project instead.
    pub fn open(&mut self, path: &Path) {
        let path = path.to_owned();
        if crate::interop::is_refi_project(&path) {
            self.spawn(
                format!("Importing {}", file_name(&path)),
                false,
                move |_| {
                    let result = crate::interop::qdpx::import_qdpx_file(&path)
                        .map(|imported| {
                            let report = imported.report.lines();
                            (Box::new(Workspace::imported(imported.project)), report)
                        })
                        .map_err(|err| err.to_string());
                    Finished::ProjectImported { path, result }
                },
            );
            return;
        }
        self.spawn(format!("Opening {}", file_name(&path)), false, move |_| {
            let result = Workspace::open(&path).map(Box::new);
            Finished::Opened { path, result }
        });
    }

    /// Imports the files (or fetches the addresses) at `paths`, skipping texts
    /// `project` already has; the status bar offers Cancel.
    pub fn import(&mut self, project: &Project, paths: &[PathBuf]) {
        let known = crate::io::known_texts(project);
        let paths = paths.to_vec();
        let label = match paths.as_slice() {
            [one] => format!("Importing {}", file_name(one)),
            many => format!("Importing {} files", many.len()),
        };
        self.spawn(label, false, move |progress| {
            progress.set_total(paths.len());
            Finished::Imported(crate::io::import_files_known(
                &known,
                &paths,
                |done| progress.set_done(done),
                &progress.cancel,
            ))
        });
        if let Some(task) = self.running.last_mut() {
            task.cancellable = true;
        }
    }

    /// Cancels the imports running now: each is told to stop and is forgotten at
    /// once (a fetch waiting on a silent server ends by its time-outs, and what it
    /// gives then is dropped). `None` when there was none to cancel.
    pub fn cancel_imports(&mut self) -> Option<ImportBatch> {
        let mut cancelled = Vec::new();
        self.running.retain(|task| {
            if task.cancellable {
                task.progress.cancel.store(true, Ordering::Relaxed);
                cancelled.push(task.id);
                false
            } else {
                true
            }
        });
        if cancelled.is_empty() {
            return None;
        }
        self.abandoned.extend(cancelled);
        Some(ImportBatch {
            messages: vec!["Import cancelled; nothing was imported".into()],
            cancelled: true,
            ..ImportBatch::default()
        })
    }

    /// Writes a save; `then` is handed back with the outcome.
    pub fn save(&mut self, ticket: SaveTicket, then: Option<Proceed>) {
        let label = format!("Saving {}", file_name(ticket.path()));
        self.spawn(label, false, move |_| Finished::Saved {
            outcome: ticket.write(),
            then,
        });
    }

    /// Writes an export of `project`.
    pub fn export(&mut self, project: Arc<Project>, request: ExportRequest) {
        let label = format!("Exporting to {}", file_name(&request.path));
        self.spawn(label, false, move |_| {
            Finished::Exported(run_export(&project, &request))
        });
    }

    /// Writes a recovery copy of `project`, the unsaved state of the file at `path`.
    pub fn autosave(&mut self, path: Option<PathBuf>, project: Arc<Project>) {
        self.spawn("Writing a recovery copy".into(), true, move |_| {
            Finished::Autosaved(
                crate::io::recovery::write(path.as_deref(), &project)
                    .map_err(|err| format!("The recovery copy could not be written: {err}")),
            )
        });
    }

    /// Reads another tool's file at `path` into an edit of `project`.
    pub fn bring_in(&mut self, path: &Path, kind: Bring, project: Arc<Project>) {
        let path = path.to_owned();
        self.spawn(format!("Reading {}", file_name(&path)), false, move |_| {
            let result = read_into(&path, kind, &project)
                .map_err(|err| format!("{err}; nothing was imported"));
            Finished::Brought { path, kind, result }
        });
    }

    /// Reads a colleague's project file.
    pub fn load_theirs(&mut self, path: &Path, purpose: Theirs) {
        let path = path.to_owned();
        self.spawn(format!("Reading {}", file_name(&path)), false, move |_| {
            let result = Workspace::open(&path).map(|ws| Arc::new(ws.project().clone()));
            Finished::TheirsLoaded {
                path,
                purpose,
                result,
            }
        });
    }

    /// Runs `work` on a new thread; if no thread can be made, reports that.
    fn spawn(
        &mut self,
        label: String,
        quiet: bool,
        work: impl FnOnce(&Progress) -> Finished + Send + 'static,
    ) {
        self.next_id += 1;
        let id = self.next_id;
        let progress = Arc::new(Progress::default());
        let shared = Arc::clone(&progress);
        let sender = self.sender.clone();
        let repaint = self.repaint.clone();
        let spawned = std::thread::Builder::new()
            .name("background".into())
            .spawn(move || {
                let finished = work(&shared);
                let _ = sender.send((id, finished));
                if let Some(ctx) = repaint {
                    ctx.request_repaint();
                }
            });
        let thread = match spawned {
            Ok(thread) => Some(thread),
            Err(err) => {
                let _ = self.sender.send((
                    id,
                    Finished::Failed(format!(
                        "{label} failed: no worker thread could be started ({err})"
                    )),
                ));
                None
            }
        };
        self.running.push(Task {
            id,
            label,
            quiet,
            cancellable: false,
            started: Instant::now(),
            progress,
            thread,
        });
    }

    /// The tasks that finished since the last call, in the order they reported.
    pub fn poll(&mut self) -> Vec<Finished> {
        // Threads seen finished before the channel is read have sent what they will send.
        let ended: Vec<u64> = self
            .running
            .iter()
            .filter(|t| t.thread.as_ref().is_none_or(JoinHandle::is_finished))
            .map(|t| t.id)
            .collect();
        let mut finished = Vec::new();
        while let Ok((id, done)) = self.receiver.try_recv() {
            if let Some(at) = self.abandoned.iter().position(|a| *a == id) {
                self.abandoned.swap_remove(at);
                continue;
            }
            self.running.retain(|t| t.id != id);
            finished.push(done);
        }
        let mut died = Vec::new();
        self.running.retain(|t| {
            let dead = ended.contains(&t.id);
            if dead {
                died.push(t.label.clone());
            }
            !dead
        });
        for label in died {
            finished.push(Finished::Failed(format!(
                "{label} stopped unexpectedly; nothing was changed"
            )));
        }
        finished
    }

    /// Waits up to `timeout` for the running tasks to finish, and returns what they
    /// gave (for tests and for quitting).
    pub fn wait(&mut self, timeout: Duration) -> Vec<Finished> {
        let deadline = Instant::now() + timeout;
        let mut finished = Vec::new();
        while self.is_busy() && Instant::now() < deadline {
            finished.extend(self.poll());
            std::thread::sleep(Duration::from_millis(2));
        }
        finished
    }

    /// What is running, with a spinner and progress, for the status bar; keeps the
    /// window repainting while anything runs (so elapsed times move). True when the
    /// user clicked Cancel on an import.
    pub fn status_ui(&self, ui: &mut Ui) -> bool {
        let mut cancel = false;
        for task in self.running.iter().filter(|t| !t.quiet) {
            ui.separator();
            ui.spinner();
            let done = task.progress.done.load(Ordering::Relaxed);
            let total = task.progress.total.load(Ordering::Relaxed);
            let seconds = task.started.elapsed().as_secs_f32();
            if total > 1 {
                ui.add(
                    egui::ProgressBar::new(done as f32 / total as f32)
                        .desired_width(120.0)
                        .text(format!("{done} of {total}")),
                );
            }
            ui.label(format!("{}… {seconds:.1} s", task.label));
            if task.cancellable
                && ui
                    .small_button("Cancel")
                    .on_hover_text("Stop this import; nothing of it is added")
                    .clicked()
            {
                cancel = true;
            }
        }
        if self.is_busy() {
            ui.ctx().request_repaint_after(Duration::from_millis(100));
        }
        cancel
    }
}

/// Reads the file at `path` as `kind` into an edit of `project`, with its report;
/// an error names the file.
fn read_into(path: &Path, kind: Bring, project: &Project) -> Result<(Edit, Vec<String>), String> {
    let named = |err: &dyn std::fmt::Display| format!("{}: {err}", path.display());
    match kind {
        Bring::Annotations => {
            let json = crate::export::read_annotation_file(path).map_err(|e| e.to_string())?;
            let imported = crate::export::w3c::import_w3c(project, &json).map_err(|e| named(&e))?;
            let report = imported.report_lines();
            Ok((imported.edit, report))
        }
        Bring::Codebook => {
            let bytes = crate::interop::read_file(path, crate::interop::MAX_CODEBOOK_BYTES)?;
            let codebook = crate::interop::qdc::read_codebook(&bytes).map_err(|e| named(&e))?;
            let imported = crate::interop::qdc::vocabulary_edit(project, &codebook);
            Ok((imported.edit, imported.report))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_task_reports_through_the_one_runner() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("small.ron");
        let project = crate::stress::project(0.01);
        crate::io::project_file::save(&path, &project).expect("saves");
        let text = dir.path().join("article.txt");
        std::fs::write(&text, "Headline\n\nHaidai said 568 civilians remained.").expect("write");

        let mut background = Background::default();
        background.open(&path);
        background.import(&project, std::slice::from_ref(&text));
        background.load_theirs(&path, Theirs::Review);
        let mut ws = Workspace::new(project.clone());
        let saved_to = dir.path().join("saved.ron");
        background.save(ws.begin_save(&saved_to, true), Some(Proceed::New));
        background.autosave(Some(saved_to.clone()), ws.snapshot());
        assert!(background.is_busy() && background.is_saving());
        let finished = background.wait(Duration::from_secs(120));
        assert!(!background.is_busy());
        assert_eq!(finished.len(), 5, "{finished:?}");
        for done in finished {
            match done {
                Finished::Opened {
                    path: opened,
                    result,
                } => {
                    assert_eq!(opened, path);
                    assert_eq!(*result.expect("opens").project(), project);
                }
                Finished::Imported(batch) => {
                    assert_eq!(batch.documents.len(), 1, "{:?}", batch.messages);
                    assert_eq!(batch.refused, 0);
                }
                Finished::TheirsLoaded {
                    purpose, result, ..
                } => {
                    assert_eq!(purpose, Theirs::Review);
                    assert_eq!(*result.expect("reads"), project);
                }
                Finished::Saved { outcome, then } => {
                    assert_eq!(then, Some(Proceed::New));
                    let SaveOutcome::Saved(saved) = outcome else {
                        panic!("not saved: {outcome:?}");
                    };
                    assert!(ws.finish_save(saved));
                    assert!(!ws.is_dirty());
                }
                Finished::Autosaved(result) => {
                    assert!(result.expect("written").exists());
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        let loaded = crate::io::project_file::load(&saved_to).expect("saved file loads");
        assert_eq!(loaded.project, project);
    }

    #[test]
    fn a_task_that_dies_is_reported_as_failed() {
        let mut background = Background::default();
        background.spawn("Exploding".into(), false, |_| {
            // A bug in a task: its thread ends without a result.
            std::panic::resume_unwind(Box::new("boom"))
        });
        let finished = background.wait(Duration::from_secs(30));
        assert!(!background.is_busy());
        assert!(
            matches!(finished.as_slice(), [Finished::Failed(m)] if m.contains("Exploding")),
            "{finished:?}"
        );
    }
}
