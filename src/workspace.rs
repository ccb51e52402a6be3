//! An open project: the project, its history and the file it lives in.
//!
//! The window keeps one of these; tests drive it without a window.

use std::path::{Path, PathBuf};

use crate::edit::{Edit, EditError, History};
use crate::io::project_file::{self, LoadError, Problem, SaveError};
use crate::model::Project;

/// An open project.
#[derive(Debug, Default)]
pub struct Workspace {
    /// The project as it is now.
    pub project: Project,
    /// Its edits, for undo and redo and the unsaved-changes mark.
    pub history: History,
    /// The file it was loaded from or last saved to; `None` for a new project.
    pub path: Option<PathBuf>,
    /// What was wrong with the file when it was loaded.
    pub problems: Vec<Problem>,
    /// Bumped on every change, so views can tell when to rebuild their caches.
    pub revision: u64,
    /// The fingerprint of the file's bytes as last loaded or saved, to notice
    /// when someone else changes it.
    pub disk_fingerprint: Option<String>,
    /// The project as it was last loaded from or saved to its file: the common
    /// ancestor when someone else's changes to the file are merged in.
    pub base: Option<std::sync::Arc<Project>>,
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

impl Workspace {
    /// A workspace around a project that has no file yet.
    pub fn new(project: Project) -> Self {
        Self {
            project,
            ..Self::default()
        }
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
        ws.base = Some(std::sync::Arc::new(ws.project.clone()));
        Ok(ws)
    }

    /// Whether the file was changed by someone else since it was loaded or saved
    /// here (or removed). `false` for a project that has no file yet.
    pub fn changed_on_disk(&self) -> bool {
        match &self.path {
            Some(path) => disk_fingerprint(path) != self.disk_fingerprint,
            None => false,
        }
    }

    /// A workspace around a loaded project.
    pub fn from_loaded(loaded: project_file::Loaded, path: Option<PathBuf>) -> Self {
        let mut history = History::new();
        if loaded.anchoring.changed_anything() {
            history.mark_changed();
        }
        Self {
            project: loaded.project,
            history,
            path,
            problems: loaded.problems,
            revision: 0,
            disk_fingerprint: None,
            base: None,
        }
    }

    /// Applies an edit as one undoable step.
    pub fn apply(&mut self, edit: Edit, label: impl Into<String>) -> Result<(), EditError> {
        self.history.apply(&mut self.project, edit, label)?;
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
            .apply_coalescing(&mut self.project, edit, label, key)?;
        self.revision += 1;
        Ok(())
    }

    /// Undoes the last step; returns its label.
    pub fn undo(&mut self) -> Result<Option<String>, EditError> {
        let label = self.history.undo(&mut self.project)?;
        self.revision += 1;
        Ok(label)
    }

    /// Redoes the last undone step; returns its label.
    pub fn redo(&mut self) -> Result<Option<String>, EditError> {
        let label = self.history.redo(&mut self.project)?;
        self.revision += 1;
        Ok(label)
    }

    /// Saves to `path` (which becomes the workspace's file).
    pub fn save_as(&mut self, path: &Path) -> Result<(), SaveError> {
        let text = project_file::to_ron_string(&self.project);
        project_file::save_text(path, &text)?;
        self.disk_fingerprint = Some(crate::model::fingerprint(&text));
        self.path = Some(path.to_owned());
        self.history.mark_saved();
        self.base = Some(std::sync::Arc::new(self.project.clone()));
        Ok(())
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
                .apply(&mut self.project, edit, "Merge changes from the file")
                .map_err(DiskMergeError::Apply)?;
            self.revision += 1;
        }
        self.disk_fingerprint = disk_fingerprint(&path);
        self.base = Some(std::sync::Arc::new(theirs));
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
fn disk_fingerprint(path: &Path) -> Option<String> {
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
        assert_eq!(reopened.project, ws.project);
        assert!(!reopened.is_dirty());
        assert!(!ws.changed_on_disk() && !reopened.changed_on_disk());

        // Someone else saves over it: both notice.
        let mut other = reopened.project.clone();
        other.title = "Theirs".into();
        crate::io::project_file::save(&path, &other).expect("saves");
        assert!(ws.changed_on_disk());
        assert!(reopened.changed_on_disk());
        std::fs::remove_file(&path).expect("remove");
        assert!(ws.changed_on_disk(), "a removed file counts as changed");
    }

    #[test]
    fn merging_the_changed_file_keeps_both_sides_in_one_undo_step() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("p.ron");
        let loaded = project_file::from_ron_str(crate::SAMPLE_PROJECT).expect("sample");
        project_file::save(&path, &loaded.project).expect("save");
        let mut ws = Workspace::open(&path).expect("opens");
        // Mine: a claim removed and another's note changed.
        let removed = ws.project.claims[0].id;
        ws.apply(Edit::RemoveClaim(removed), "Delete claim")
            .expect("applies");
        let mut noted = ws.project.claims[0].clone();
        noted.note = "mine".into();
        ws.apply(Edit::UpdateClaim(Box::new(noted.clone())), "Note")
            .expect("applies");
        let before_merge = ws.project.clone();
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
        let p = &ws.project;
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
        assert_eq!(ws.project, before_merge, "one undo takes the merge back");
    }
}
