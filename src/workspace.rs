//! An open project: the project, its history and the file it lives in.
//!
//! The window keeps one of these; tests drive it without a window.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::edit::{Edit, EditError, History, SavePoint};
use crate::io::project_file::{self, LoadError, Problem, SaveError};
use crate::model::Project;

/// An open project.
///
/// Its fields are private: the window reads through the methods below and changes
/// the project only through [`Workspace::apply`], undo and redo, so that every
/// change is an edit and bumps the revision.
#[derive(Debug)]
pub struct Workspace {
    /// The project as it is now; shared with background work (a save, an
    /// autosave, an export) without copying, and copied only when changed while shared.
    project: Arc<Project>,
    /// Its edits, for undo and redo and the unsaved-changes mark.
    history: History,
    /// The file it was loaded from or last saved to; `None` for a new project.
    path: Option<PathBuf>,
    /// What was wrong with the file when it was loaded.
    problems: Vec<Problem>,
    /// The older format version the file was written in, when it was.
    migrated_from: Option<u32>,
    /// What re-anchoring on load could not finish (its approximate matching ran
    /// out of its work budget), for the window to say.
    anchoring_note: Option<String>,
    /// Fields of the opened file this version does not know (see
    /// [`project_file::Loaded::check_writable`]); saving over that file is refused.
    unknown_fields: Vec<String>,
    /// Bumped on every change, so views can tell when to rebuild their caches.
    revision: u64,
    /// Unique to this workspace: a new, opened or reloaded project gets a new one,
    /// so that a cache made for one project is never taken for another's.
    identity: u64,
    /// The fingerprint of the file's bytes as last loaded or saved, to notice
    /// when someone else changes it.
    disk_fingerprint: Option<String>,
    /// The project as it was last loaded from or saved to its file: the common
    /// ancestor when someone else's changes to the file are merged in.
    base: Option<Arc<Project>>,
}

impl Default for Workspace {
    fn default() -> Self {
        Self::new(Project::default())
    }
}

/// Which project state a cache was made for: the workspace and its revision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Stamp {
    /// The workspace's identity (new for every New, Open and Reload).
    pub workspace: u64,
    /// Its revision (bumped on every change).
    pub revision: u64,
}

/// A new identity for a workspace.
fn next_identity() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Why the file's new version could not be merged in.
#[derive(Debug, thiserror::Error)]
pub enum DiskMergeError {
    /// The file could not be read as a project.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The merged project could not be applied (a bug: the merge never dangles).
    #[error("the merged project could not be applied: {0}")]
    Apply(EditError),
}

/// What merging the file's new version into the open project did.
#[derive(Clone, Debug, Default)]
pub struct DiskMerge {
    /// One sentence per conflict (their value is noted on the claim, marked "discuss").
    pub conflicts: Vec<String>,
}

/// A save to be written away from the window: the project as it was when the
/// save was asked for, and where it goes. [`SaveTicket::write`] does the work
/// (on any thread); [`Workspace::finish_save`] records the result.
#[derive(Debug)]
pub struct SaveTicket {
    /// The project to write (shared, not copied).
    project: Arc<Project>,
    /// Where it goes.
    path: PathBuf,
    /// The history's state when the save was asked for: edits made while the
    /// save runs stay unsaved.
    point: SavePoint,
    /// The workspace it belongs to.
    workspace: u64,
    /// When set, the file's fingerprint it must still have: someone else's
    /// change found at write time stops the save.
    expect_on_disk: Option<Option<String>>,
    /// Fields the target file holds that this version does not know: a save over
    /// it would drop them, so it is refused (Save as… is the way out).
    unknown_fields: Vec<String>,
}

/// What writing a [`SaveTicket`] did.
#[derive(Debug)]
pub enum SaveOutcome {
    /// The file was written.
    Saved(Saved),
    /// The file was changed on disk by someone else: nothing was written.
    ChangedOnDisk(PathBuf),
    /// Writing failed: the old file is intact.
    Failed(SaveError),
}

/// A written save, for [`Workspace::finish_save`].
#[derive(Debug)]
pub struct Saved {
    /// The file written.
    pub path: PathBuf,
    fingerprint: String,
    base: Arc<Project>,
    point: SavePoint,
    workspace: u64,
}

impl SaveTicket {
    /// Where the save goes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes the file atomically (see [`project_file::save_text`]). Takes as long
    /// as the project is large: run it off the window's thread.
    pub fn write(self) -> SaveOutcome {
        // The lock every writer of a project file takes (see `io::guard`): a
        // command-line import running now finishes before this reads the file.
        let lock = match crate::io::guard::Lock::acquire(&self.path, crate::io::guard::WAIT) {
            Ok(lock) => lock,
            Err(err) => {
                let action = match err {
                    crate::io::guard::GuardError::Busy { .. } => {
                        "waiting for another process to finish writing the file"
                    }
                    _ => "locking the file",
                };
                return SaveOutcome::Failed(SaveError {
                    path: self.path,
                    action,
                    cause: std::io::Error::other(err.to_string()),
                });
            }
        };
        if let Some(expected) = &self.expect_on_disk
            && disk_fingerprint(&self.path) != *expected
        {
            return SaveOutcome::ChangedOnDisk(self.path);
        }
        // Never write what could not be opened again, nor drop what this version
        // does not know.
        if let Err(err) = project_file::refuse_dropping(&self.path, &self.unknown_fields)
            .and_then(|()| project_file::check_limits(&self.path, &self.project))
        {
            return SaveOutcome::Failed(err);
        }
        let text = project_file::to_ron_string(&self.project);
        if let Err(err) = project_file::save_text(&self.path, &text) {
            return SaveOutcome::Failed(err);
        }
        drop(lock);
        let fingerprint = crate::model::fingerprint(&text);
        drop(text);
        // The merge base is a copy of its own, made here rather than on the
        // window's thread; the shared project is let go as soon as it is made.
        let base = Arc::new(Project::clone(&self.project));
        drop(self.project);
        SaveOutcome::Saved(Saved {
            path: self.path,
            fingerprint,
            base,
            point: self.point,
            workspace: self.workspace,
        })
    }
}

impl Workspace {
    /// A workspace around a project that has no file yet.
    pub fn new(project: Project) -> Self {
        Self {
            project: Arc::new(project),
            history: History::new(),
            path: None,
            problems: Vec::new(),
            migrated_from: None,
            unknown_fields: Vec::new(),
            anchoring_note: None,
            revision: 0,
            identity: next_identity(),
            disk_fingerprint: None,
            base: None,
        }
    }

    /// A workspace around a project brought in from another tool's file: it has
    /// no file of its own yet, and is unsaved until saved.
    pub fn imported(project: Project) -> Self {
        let mut ws = Self::new(project);
        ws.history.mark_changed();
        ws
    }

    /// Opens a project file.
    pub fn open(path: &Path) -> Result<Self, LoadError> {
        // The file's fingerprint is worked out on another core while it is parsed.
        let (loaded, fingerprint) = std::thread::scope(|scope| {
            let worker = std::thread::Builder::new()
                .name("fingerprint".into())
                .spawn_scoped(scope, || disk_fingerprint(path));
            let loaded = project_file::load(path);
            let fingerprint = match worker {
                Ok(worker) => worker.join().ok().flatten(),
                Err(_) => disk_fingerprint(path),
            };
            (loaded, fingerprint)
        });
        let mut ws = Self::from_loaded(loaded?, Some(path.to_owned()));
        ws.disk_fingerprint = fingerprint;
        ws.base = Some(Arc::new(Project::clone(&ws.project)));
        Ok(ws)
    }

    /// Opens `path`, or the sample project when there is none, for the window;
    /// a file that cannot be opened gives an empty project and the message saying why.
    pub fn startup(path: Option<&Path>) -> (Self, Option<String>) {
        match path {
            Some(path) => match Self::open(path) {
                Ok(ws) => (ws, None),
                Err(err) => (
                    Self::new(Project::new("Untitled")),
                    Some(format!("Could not open the project: {err}")),
                ),
            },
            None => Self::sample(),
        }
    }

    /// The sample project: from `projects/severodonetsk.ron` when it is there,
    /// otherwise the copy built into the program.
    pub fn sample() -> (Self, Option<String>) {
        let on_disk = Path::new(crate::SAMPLE_PROJECT_PATH);
        if on_disk.exists()
            && let Ok(ws) = Self::open(on_disk)
        {
            return (ws, None);
        }
        match project_file::from_ron_str(crate::SAMPLE_PROJECT) {
            Ok(loaded) => (Self::from_loaded(loaded, None), None),
            Err(err) => (
                Self::new(Project::new("Untitled")),
                Some(format!(
                    "The built-in sample project could not be read: {err}"
                )),
            ),
        }
    }

    /// A workspace around a loaded project.
    pub fn from_loaded(loaded: project_file::Loaded, path: Option<PathBuf>) -> Self {
        let mut ws = Self::new(loaded.project);
        if loaded.anchoring.changed_anything() {
            ws.history.mark_changed();
        }
        ws.path = path;
        ws.problems = loaded.problems;
        ws.migrated_from = loaded.migrated_from;
        ws.unknown_fields = loaded.unknown_fields;
        ws.anchoring_note = loaded
            .anchoring
            .budget_exhausted
            .as_ref()
            .map(ToString::to_string);
        ws
    }

    /// The project as it is now.
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// The project as it is now, shared: for work on another thread, at no copy.
    pub fn snapshot(&self) -> Arc<Project> {
        Arc::clone(&self.project)
    }

    /// The history of edits (for the Edit menu's labels).
    pub fn history(&self) -> &History {
        &self.history
    }

    /// The file the project was loaded from or last saved to.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// What was wrong with the file when it was loaded.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The older format version the file was written in, when it was: it is saved
    /// in the current format, which older builds cannot open.
    pub fn migrated_from(&self) -> Option<u32> {
        self.migrated_from
    }

    /// Bumped on every change.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Which project state this is, for keying caches.
    pub fn stamp(&self) -> Stamp {
        Stamp {
            workspace: self.identity,
            revision: self.revision,
        }
    }

    /// Whether the file was changed by someone else since it was loaded or saved
    /// here (or removed). `false` for a project that has no file yet. Reads the file.
    pub fn changed_on_disk(&self) -> bool {
        match &self.path {
            Some(path) => disk_fingerprint(path) != self.disk_fingerprint,
            None => false,
        }
    }

    /// Applies an edit as one undoable step.
    pub fn apply(&mut self, edit: Edit, label: impl Into<String>) -> Result<(), EditError> {
        self.history
            .apply(Arc::make_mut(&mut self.project), edit, label)?;
        self.revision += 1;
        Ok(())
    }

    /// Applies an edit that merges with the previous one of the same key.
    pub fn apply_coalescing(
        &mut self,
        edit: Edit,
        label: impl Into<String>,
        key: impl Into<String>,
    ) -> Result<(), EditError> {
        self.history
            .apply_coalescing(Arc::make_mut(&mut self.project), edit, label, key)?;
        self.revision += 1;
        Ok(())
    }

    /// Ends a burst of coalescing edits (a field lost focus).
    pub fn seal_history(&mut self) {
        self.history.seal();
    }

    /// Undoes the last step; returns its label.
    pub fn undo(&mut self) -> Result<Option<String>, EditError> {
        if self.history.undo_label().is_none() {
            return Ok(None);
        }
        let label = self.history.undo(Arc::make_mut(&mut self.project))?;
        self.revision += 1;
        Ok(label)
    }

    /// Redoes the last undone step; returns its label.
    pub fn redo(&mut self) -> Result<Option<String>, EditError> {
        if self.history.redo_label().is_none() {
            return Ok(None);
        }
        let label = self.history.redo(Arc::make_mut(&mut self.project))?;
        self.revision += 1;
        Ok(label)
    }

    /// Replaces the project with `project` (a recovery copy), as an unsaved
    /// change that undo cannot take back; caches start afresh.
    pub fn restore(&mut self, project: Project) {
        self.project = Arc::new(project);
        self.history = History::new();
        self.history.mark_changed();
        self.revision += 1;
        self.identity = next_identity();
    }

    /// What re-anchoring on load could not finish, if anything: approximate
    /// matching ran out of its work budget and left claims orphaned without it.
    pub fn anchoring_note(&self) -> Option<&str> {
        self.anchoring_note.as_deref()
    }

    /// Treats the project as saved, though it was not: the analyst chose to
    /// discard the unsaved changes.
    pub fn forget_unsaved_changes(&mut self) {
        self.history.mark_saved();
    }

    /// Saves to `path` (which becomes the workspace's file), here and now.
    pub fn save_as(&mut self, path: &Path) -> Result<(), SaveError> {
        let ticket = self.begin_save(path, false);
        match ticket.write() {
            SaveOutcome::Saved(saved) => {
                self.finish_save(saved);
                Ok(())
            }
            SaveOutcome::Failed(err) => Err(err),
            // Not asked to check: cannot happen; report it as a failed write.
            SaveOutcome::ChangedOnDisk(path) => Err(SaveError {
                path,
                action: "checking the file on disk",
                cause: std::io::Error::other("the file was changed by someone else"),
            }),
        }
    }

    /// A save of the project as it is now to `path`, to be written elsewhere
    /// ([`SaveTicket::write`]) and recorded with [`Self::finish_save`]. With
    /// `check_disk`, a save to the workspace's own file stops if someone else
    /// changed that file since it was loaded or saved here.
    pub fn begin_save(&mut self, path: &Path, check_disk: bool) -> SaveTicket {
        // Typing after this point starts a new undo step, so that the saved state is one.
        self.history.seal();
        let own_file = self.path.as_deref() == Some(path);
        SaveTicket {
            project: self.snapshot(),
            path: path.to_owned(),
            point: self.history.save_point(),
            workspace: self.identity,
            expect_on_disk: (check_disk && own_file).then(|| self.disk_fingerprint.clone()),
            unknown_fields: if own_file {
                self.unknown_fields.clone()
            } else {
                Vec::new()
            },
        }
    }

    /// Records a save written by a [`SaveTicket`]: the file becomes the
    /// workspace's, and the project as it was when the save was asked for is
    /// the saved state (later edits stay unsaved). Returns `false`, changing
    /// nothing, when the save belongs to another workspace (one since replaced).
    pub fn finish_save(&mut self, saved: Saved) -> bool {
        if saved.workspace != self.identity {
            return false;
        }
        self.disk_fingerprint = Some(saved.fingerprint);
        // The file written holds only what this version knows.
        self.unknown_fields.clear();
        self.path = Some(saved.path);
        self.history.mark_saved_at(saved.point);
        self.base = Some(saved.base);
        true
    }

    /// Merges the file's current version (changed by someone else) into the open
    /// project with a three-way merge against the version last loaded or saved
    /// here, as one undoable step. Nothing of either side is dropped: where both
    /// changed a claim differently, ours stays and theirs is noted on it. The
    /// result is not saved; saving then writes it over the file without asking.
    pub fn merge_from_disk(&mut self) -> Result<DiskMerge, DiskMergeError> {
        let Some(path) = self.path.clone() else {
            return Ok(DiskMerge::default());
        };
        let theirs = project_file::load(&path)?.project;
        let empty = Project::default();
        let base = self.base.as_deref().unwrap_or(&empty);
        let merged = crate::review::merge3(base, &self.project, &theirs);
        let edit = Edit::transform(&self.project, &merged.project);
        if !edit.is_empty() {
            self.history
                .apply(
                    Arc::make_mut(&mut self.project),
                    edit,
                    "Merge changes from the file",
                )
                .map_err(DiskMergeError::Apply)?;
            self.revision += 1;
        }
        self.disk_fingerprint = disk_fingerprint(&path);
        self.base = Some(Arc::new(theirs));
        Ok(DiskMerge {
            conflicts: merged.conflicts,
        })
    }

    /// Whether there are changes that are not in the file.
    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    /// The name to show in the title bar: the project's title, or its file's name.
    pub fn display_name(&self) -> String {
        if !self.project.title.trim().is_empty() {
            return self.project.title.trim().to_owned();
        }
        self.path.as_ref().and_then(|p| p.file_stem()).map_or_else(
            || "Untitled".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        )
    }
}

/// The fingerprint of a file's bytes, or `None` when it cannot be read.
pub(crate) fn disk_fingerprint(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    Some(crate::model::fingerprint(&String::from_utf8_lossy(&bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saving_clears_the_dirty_mark_and_sets_the_path() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("p.ron");
        let mut ws = Workspace::new(Project::new("p"));
        ws.apply(
            Edit::SetProjectInfo {
                title: "Azot".into(),
                description: String::new(),
            },
            "Rename project",
        )
        .expect("applies");
        assert!(ws.is_dirty());
        assert_eq!(ws.display_name(), "Azot");
        ws.save_as(&path).expect("saves");
        assert!(!ws.is_dirty());
        let reopened = Workspace::open(&path).expect("opens");
        assert_eq!(reopened.project(), ws.project());
        assert!(!reopened.is_dirty());
        assert!(!ws.changed_on_disk() && !reopened.changed_on_disk());

        // Someone else saves over it: both notice.
        let mut other = reopened.project().clone();
        other.title = "Theirs".into();
        crate::io::project_file::save(&path, &other).expect("saves");
        assert!(ws.changed_on_disk());
        assert!(reopened.changed_on_disk());
        std::fs::remove_file(&path).expect("remove");
        assert!(ws.changed_on_disk(), "a removed file counts as changed");
    }

    #[test]
    fn edits_made_while_a_save_is_written_stay_unsaved() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("p.ron");
        let (mut ws, _) = Workspace::sample();
        let first = ws.project().claims[0].id;
        ws.apply(Edit::RemoveClaim(first), "Delete claim")
            .expect("applies");
        let ticket = ws.begin_save(&path, true);
        // While it is written elsewhere, another claim goes.
        let second = ws.project().claims[0].id;
        ws.apply(Edit::RemoveClaim(second), "Delete claim")
            .expect("applies");
        let SaveOutcome::Saved(saved) = ticket.write() else {
            panic!("the save is written");
        };
        assert!(ws.finish_save(saved));
        assert_eq!(ws.path(), Some(path.as_path()));
        assert!(ws.is_dirty(), "the second deletion is not in the file");
        let on_disk = project_file::load(&path).expect("loads").project;
        assert!(on_disk.claim(first).is_none());
        assert!(
            on_disk.claim(second).is_some(),
            "the file has the state asked for"
        );
        ws.undo().expect("undo");
        assert!(!ws.is_dirty(), "undoing back to the saved state is clean");
        assert_eq!(*ws.project(), on_disk);
        assert!(!ws.changed_on_disk());
    }

    #[test]
    fn a_save_notices_someone_else_changed_the_file_and_writes_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("p.ron");
        let mut ws = Workspace::new(Project::new("mine"));
        ws.save_as(&path).expect("saves");
        let theirs = Project::new("theirs");
        project_file::save(&path, &theirs).expect("they save");
        let ticket = ws.begin_save(&path, true);
        assert!(matches!(ticket.write(), SaveOutcome::ChangedOnDisk(_)));
        assert_eq!(
            project_file::load(&path).expect("loads").project.title,
            "theirs"
        );
        // Unchecked (Overwrite), it is written.
        let ticket = ws.begin_save(&path, false);
        assert!(matches!(ticket.write(), SaveOutcome::Saved(_)));
        assert_eq!(
            project_file::load(&path).expect("loads").project.title,
            "mine"
        );
    }

    #[test]
    fn a_save_for_a_replaced_workspace_is_not_recorded() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut old = Workspace::new(Project::new("old"));
        let ticket = old.begin_save(&dir.path().join("old.ron"), false);
        let SaveOutcome::Saved(saved) = ticket.write() else {
            panic!("the save is written");
        };
        let mut new = Workspace::new(Project::new("new"));
        new.apply(
            Edit::SetProjectInfo {
                title: "changed".into(),
                description: String::new(),
            },
            "Rename project",
        )
        .expect("applies");
        assert!(!new.finish_save(saved));
        assert!(new.is_dirty() && new.path().is_none());
        assert_ne!(
            old.stamp(),
            new.stamp(),
            "two workspaces never share a stamp"
        );
    }

    #[test]
    fn merging_the_changed_file_keeps_both_sides_in_one_undo_step() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("p.ron");
        let loaded = project_file::from_ron_str(crate::SAMPLE_PROJECT).expect("sample");
        project_file::save(&path, &loaded.project).expect("save");
        let mut ws = Workspace::open(&path).expect("opens");
        // Mine: a claim removed and another's note changed.
        let removed = ws.project().claims[0].id;
        ws.apply(Edit::RemoveClaim(removed), "Delete claim")
            .expect("applies");
        let mut noted = ws.project().claims[0].clone();
        noted.note = "mine".into();
        ws.apply(Edit::UpdateClaim(Box::new(noted.clone())), "Note")
            .expect("applies");
        let before_merge = ws.project().clone();
        // Theirs, saved over the file meanwhile: a new source, a changed stance, the same note changed differently.
        let mut theirs = loaded.project.clone();
        theirs
            .sources
            .push(crate::model::Source::new("Their new source"));
        let changed_stance = theirs.claims[5].id;
        theirs.claims[5].stance = Some(crate::model::Stance::UNCLEAR);
        theirs.claims[1].note = "theirs".into();
        project_file::save(&path, &theirs).expect("save theirs");
        assert!(ws.changed_on_disk());

        let merge = ws.merge_from_disk().expect("merges");
        assert!(
            !ws.changed_on_disk(),
            "the file's version is now accounted for"
        );
        assert!(ws.is_dirty(), "the merge is not saved yet");
        let p = ws.project();
        assert!(p.claim(removed).is_none(), "my deletion stays");
        assert!(
            p.source_by_name("Their new source").is_some(),
            "their addition arrives"
        );
        assert_eq!(
            p.claim(changed_stance).and_then(|c| c.stance),
            Some(crate::model::Stance::UNCLEAR)
        );
        let conflicted = p.claim(noted.id).expect("kept");
        assert!(
            conflicted.note.starts_with("mine"),
            "ours kept: {}",
            conflicted.note
        );
        assert!(
            conflicted.note.contains("theirs"),
            "theirs noted: {}",
            conflicted.note
        );
        assert_eq!(merge.conflicts.len(), 1, "{:?}", merge.conflicts);
        assert!(project_file::validate(p).is_empty());

        ws.undo().expect("undo");
        assert_eq!(*ws.project(), before_merge, "one undo takes the merge back");
    }
}
