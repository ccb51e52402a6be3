//! File dialogs: never on the window's thread, with an in-app path prompt when
//! no native dialog can be shown.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::super::command::{Command, FileKind};
use super::Modal;

/// A native dialog answering faster than this was never shown.
const TOO_QUICK: Duration = Duration::from_millis(400);

/// A file dialog running on its own thread.
struct Pending {
    kind: FileKind,
    started: Instant,
    receiver: mpsc::Receiver<Option<Vec<PathBuf>>>,
}

/// The file dialogs of the window.
pub struct FileDialogs {
    /// Whether native file dialogs may be used (off in tests and once none worked).
    pub native: bool,
    pending: Option<Pending>,
}

impl Default for FileDialogs {
    fn default() -> Self {
        Self {
            native: true,
            pending: None,
        }
    }
}

impl FileDialogs {
    /// The kind of file a native dialog is open for.
    pub fn waiting_for(&self) -> Option<FileKind> {
        self.pending.as_ref().map(|p| p.kind)
    }

    /// Asks for a file of `kind`: a native dialog on its own thread, or (when
    /// none can be used, or one is already waiting) the path prompt to show.
    pub fn start(
        &mut self,
        kind: FileKind,
        project_path: Option<&Path>,
        suggested: String,
    ) -> Option<Modal> {
        let csv_name = Path::new(&suggested).file_name().map_or_else(
            || "crosstab.csv".into(),
            |n| n.to_string_lossy().into_owned(),
        );
        let prompt = Modal::PathPrompt {
            kind,
            text: suggested,
        };
        if !self.native || self.pending.take().is_some() {
            return Some(prompt);
        }
        let (sender, receiver) = mpsc::channel();
        let folder = project_path.and_then(Path::parent).map(Path::to_owned);
        let file_name = project_path.and_then(Path::file_name).map_or_else(
            || "project.ron".into(),
            |n| n.to_string_lossy().into_owned(),
        );
        let spawned = std::thread::Builder::new()
            .name("file-dialog".into())
            .spawn(move || {
                let mut dialog = rfd::FileDialog::new().set_title(kind.title());
                if let Some(folder) = folder {
                    dialog = dialog.set_directory(folder);
                }
                let picked = match kind {
                    FileKind::SaveAs => dialog
                        .add_filter("Triangulate project", &["ron"])
                        .set_file_name(file_name)
                        .save_file()
                        .map(|p| vec![p]),
                    FileKind::Import => dialog
                        .add_filter("Documents", &["txt", "md", "html", "htm", "pdf"])
                        .pick_files(),
                    FileKind::Open => dialog
                        .add_filter("Projects", &["ron", "qdpx"])
                        .add_filter("Triangulate project", &["ron"])
                        .add_filter("REFI-QDA project (NVivo, ATLAS.ti, MAXQDA)", &["qdpx"])
                        .pick_file()
                        .map(|p| vec![p]),
                    FileKind::Review | FileKind::Annotator => dialog
                        .add_filter("Triangulate project", &["ron"])
                        .pick_file()
                        .map(|p| vec![p]),
                    FileKind::Annotations => dialog
                        .add_filter("W3C Web Annotations", &["json", "jsonld"])
                        .pick_file()
                        .map(|p| vec![p]),
                    FileKind::Codebook => dialog
                        .add_filter("REFI-QDA codebook", &["qdc"])
                        .pick_file()
                        .map(|p| vec![p]),
                    FileKind::CrossTabCsv => dialog
                        .add_filter("CSV", &["csv"])
                        .set_file_name(csv_name)
                        .save_file()
                        .map(|p| vec![p]),
                };
                let _ = sender.send(picked);
            });
        match spawned {
            Ok(_) => {
                self.pending = Some(Pending {
                    kind,
                    started: Instant::now(),
                    receiver,
                });
                None
            }
            Err(_) => Some(prompt),
        }
    }

    /// What the native dialog answered, once it has: the files picked, or (when it
    /// could not be shown) a new request, which then opens the path prompt.
    pub fn poll(&mut self) -> Option<Command> {
        let pending = self.pending.as_ref()?;
        let kind = pending.kind;
        match pending.receiver.try_recv() {
            Ok(picked) => {
                let quick = pending.started.elapsed() < TOO_QUICK;
                self.pending = None;
                match picked {
                    Some(paths) => Some(Command::Picked { kind, paths }),
                    // An answer this fast means no dialog could be shown: offer the prompt.
                    None if quick => {
                        self.native = false;
                        Some(Command::PickFile(kind))
                    }
                    None => None,
                }
            }
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => {
                self.pending = None;
                self.native = false;
                Some(Command::PickFile(kind))
            }
        }
    }
}
