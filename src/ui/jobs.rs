//! Long work off the UI thread: opening a project and importing documents run on a
//! worker thread that reports its progress, while the window keeps repainting.
//!
//! The app starts a job, polls [`Jobs::poll`] once a frame and applies what comes
//! back; [`Jobs::status_ui`] shows what is running.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use egui::Ui;

use crate::io::ImportBatch;
use crate::io::project_file::LoadError;
use crate::model::Project;
use crate::workspace::Workspace;

/// What a finished job hands back to the app.
#[derive(Debug)]
pub enum Finished {
    /// A project file was opened (or could not be).
    Opened {
        /// The file.
        path: PathBuf,
        /// The open workspace, or why it could not be opened.
        result: Result<Box<Workspace>, LoadError>,
    },
    /// Documents were read from files.
    Imported(ImportBatch),
    /// The job could not be started.
    Failed(String),
}

/// How far a job has got: steps done out of a total (0 when unknown).
#[derive(Debug, Default)]
struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
}

/// One job running on its own thread.
struct Job {
    /// What it does, for the status bar ("Opening stress.ron").
    label: String,
    started: Instant,
    progress: Arc<Progress>,
    receiver: mpsc::Receiver<Finished>,
}

/// The jobs running now.
#[derive(Default)]
pub struct Jobs {
    running: Vec<Job>,
}

impl Jobs {
    /// Whether any job is running.
    pub fn is_busy(&self) -> bool {
        !self.running.is_empty()
    }

    /// Opens the project file at `path` on a worker thread.
    pub fn open(&mut self, path: &Path) {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let path = path.to_owned();
        self.spawn(format!("Opening {name}"), move |_| {
            let result = Workspace::open(&path).map(Box::new);
            Finished::Opened { path, result }
        });
    }

    /// Imports the files at `paths` on a worker thread, skipping texts `project` already has.
    pub fn import(&mut self, project: &Project, paths: &[PathBuf]) {
        let known = crate::io::known_texts(project);
        let paths = paths.to_vec();
        let label = match paths.as_slice() {
            [one] => format!(
                "Importing {}",
                one.file_name().map_or_else(
                    || one.display().to_string(),
                    |n| n.to_string_lossy().into_owned()
                )
            ),
            many => format!("Importing {} files", many.len()),
        };
        self.spawn(label, move |progress| {
            progress.total.store(paths.len(), Ordering::Relaxed);
            Finished::Imported(crate::io::import_files_known(&known, &paths, |done| {
                progress.done.store(done, Ordering::Relaxed);
            }))
        });
    }

    /// Runs `work` on a new thread; if no thread can be made, runs it here.
    fn spawn(&mut self, label: String, work: impl FnOnce(&Progress) -> Finished + Send + 'static) {
        let progress = Arc::new(Progress::default());
        let (sender, receiver) = mpsc::channel();
        let shared = Arc::clone(&progress);
        let spawned = std::thread::Builder::new()
            .name("job".into())
            .spawn(move || {
                let _ = sender.send(work(&shared));
            });
        let receiver = match spawned {
            Ok(_) => receiver,
            Err(err) => {
                let (sender, failed) = mpsc::channel();
                let _ = sender.send(Finished::Failed(format!(
                    "{label} failed: no worker thread could be started ({err})"
                )));
                failed
            }
        };
        self.running.push(Job {
            label,
            started: Instant::now(),
            progress,
            receiver,
        });
    }

    /// The jobs that finished since the last call, in the order they were started.
    pub fn poll(&mut self) -> Vec<Finished> {
        let mut finished = Vec::new();
        self.running.retain(|job| match job.receiver.try_recv() {
            Ok(done) => {
                finished.push(done);
                false
            }
            Err(mpsc::TryRecvError::Empty) => true,
            Err(mpsc::TryRecvError::Disconnected) => false,
        });
        finished
    }

    /// Waits up to `timeout` for the running jobs to finish, and returns what they gave
    /// (for tests and for quitting).
    pub fn wait(&mut self, timeout: Duration) -> Vec<Finished> {
        let deadline = Instant::now() + timeout;
        let mut finished = Vec::new();
        while self.is_busy() && Instant::now() < deadline {
            finished.extend(self.poll());
            std::thread::sleep(Duration::from_millis(5));
        }
        finished
    }

    /// What is running, with a spinner and progress, for the status bar; keeps the
    /// window repainting while anything runs.
    pub fn status_ui(&self, ui: &mut Ui) {
        for job in &self.running {
            ui.separator();
            ui.spinner();
            let done = job.progress.done.load(Ordering::Relaxed);
            let total = job.progress.total.load(Ordering::Relaxed);
            let seconds = job.started.elapsed().as_secs_f32();
            if total > 1 {
                ui.add(
                    egui::ProgressBar::new(done as f32 / total as f32)
                        .desired_width(120.0)
                        .text(format!("{done} of {total}")),
                );
            }
            ui.label(format!("{}… {seconds:.1} s", job.label));
        }
        if self.is_busy() {
            ui.ctx().request_repaint_after(Duration::from_millis(50));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_and_importing_finish_through_the_worker() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("small.ron");
        let project = crate::stress::project(0.01);
        crate::io::project_file::save(&path, &project).expect("saves");
        let text = dir.path().join("article.txt");
        std::fs::write(&text, "Headline\n\nHaidai said 568 civilians remained.").expect("write");

        let mut jobs = Jobs::default();
        jobs.open(&path);
        jobs.import(&project, std::slice::from_ref(&text));
        assert!(jobs.is_busy());
        let finished = jobs.wait(Duration::from_secs(60));
        assert!(!jobs.is_busy());
        assert_eq!(finished.len(), 2);
        for done in finished {
            match done {
                Finished::Opened {
                    path: opened,
                    result,
                } => {
                    assert_eq!(opened, path);
                    let ws = result.expect("opens");
                    assert_eq!(ws.project, project);
                }
                Finished::Imported(batch) => {
                    assert_eq!(batch.documents.len(), 1, "{:?}", batch.messages);
                    assert_eq!(batch.refused, 0);
                }
                Finished::Failed(message) => panic!("{message}"),
            }
        }
    }
}
