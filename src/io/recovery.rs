//! Recovery copies: what the app writes while there are unsaved changes, so a
//! crash or a power cut loses at most the last half minute of work.
//!
//! A project's recovery copy sits beside it as `.<name>.recovery` (hidden, in
//! the same folder, so it travels with the project and needs no other
//! permissions); an unsaved new project's goes to the system's temporary folder.
//! The copy is an ordinary project file written atomically; it is removed after
//! every successful save.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::io::project_file::{self, LoadError, SaveError};
use crate::model::Project;

/// Where the recovery copy of the project at `path` (or of an untitled project) lives.
pub fn recovery_path(path: Option<&Path>) -> PathBuf {
    match path {
        Some(path) => {
            let folder = path.parent().unwrap_or_else(|| Path::new("."));
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "project.ron".into());
            folder.join(format!(".{name}.recovery"))
        }
        None => std::env::temp_dir().join("triangulate-untitled.recovery.ron"),
    }
}

/// Writes the recovery copy of `project`, atomically.
pub fn write(path: Option<&Path>, project: &Project) -> Result<PathBuf, SaveError> {
    let recovery = recovery_path(path);
    project_file::write_atomically(
        &recovery,
        project_file::to_ron_string(project).as_bytes(),
        false,
    )?;
    Ok(recovery)
}

/// Removes the recovery copy (after a successful save); a missing one is fine.
pub fn remove(path: Option<&Path>) {
    let _ = std::fs::remove_file(recovery_path(path));
}

/// A recovery copy that is newer than its project file.
#[derive(Debug)]
pub struct Recovery {
    /// Where the copy is.
    pub path: PathBuf,
    /// The project it holds.
    pub project: Project,
    /// How it differs from the file.
    pub summary: Summary,
}

/// What a recovery copy holds that the file does not, counted by claims.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Claims only in the recovery copy.
    pub added: usize,
    /// Claims in both that differ.
    pub changed: usize,
    /// Claims only in the file.
    pub removed: usize,
    /// Whether anything besides claims differs (documents, vocabulary, title).
    pub other_changes: bool,
}

impl Summary {
    /// The differences between `file` and `recovered`.
    pub fn between(file: &Project, recovered: &Project) -> Self {
        let in_file: HashMap<_, _> = file.claims.iter().map(|c| (c.id, c)).collect();
        let in_recovery: HashMap<_, _> = recovered.claims.iter().map(|c| (c.id, c)).collect();
        let added = recovered
            .claims
            .iter()
            .filter(|c| !in_file.contains_key(&c.id))
            .count();
        let removed = file
            .claims
            .iter()
            .filter(|c| !in_recovery.contains_key(&c.id))
            .count();
        let changed = recovered
            .claims
            .iter()
            .filter(|c| in_file.get(&c.id).is_some_and(|old| *old != *c))
            .count();
        let other_changes = file.title != recovered.title
            || file.description != recovered.description
            || file.documents != recovered.documents
            || file.sources != recovered.sources
            || file.tags != recovered.tags
            || file.propositions != recovered.propositions
            || file.stances != recovered.stances;
        Self {
            added,
            changed,
            removed,
            other_changes,
        }
    }

    /// Whether the copy holds anything the file does not.
    pub fn is_empty(&self) -> bool {
        self.added == 0 && self.changed == 0 && self.removed == 0 && !self.other_changes
    }

    /// "3 claims added, 1 changed, 0 removed, and other changes".
    pub fn describe(&self) -> String {
        let mut text = format!(
            "{} claim(s) added, {} changed, {} removed",
            self.added, self.changed, self.removed
        );
        if self.other_changes {
            text.push_str(", and changes to documents, sources, tags or propositions");
        }
        text
    }
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// The recovery copy of the project at `path`, if there is one that is newer
/// than the file and holds something the file does not. A copy that cannot be
/// read is reported as an error and left where it is.
pub fn find(path: &Path, file: &Project) -> Result<Option<Recovery>, LoadError> {
    let recovery = recovery_path(Some(path));
    let Some(copy_time) = modified(&recovery) else {
        return Ok(None);
    };
    if modified(path).is_some_and(|file_time| file_time > copy_time) {
        return Ok(None);
    }
    let project = project_file::load(&recovery)?.project;
    let summary = Summary::between(file, &project);
    if summary.is_empty() {
        return Ok(None);
    }
    Ok(Some(Recovery {
        path: recovery,
        project,
        summary,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CharRange, Claim, Document};

    fn project() -> Project {
        let mut project = Project::new("p");
        let document = Document::new("d", "Haidai said 568 civilians remain at Azot.");
        let claim = Claim::new(&document, CharRange::new(12, 25), "ana").expect("claim");
        project.documents.push(document);
        project.claims.push(claim);
        project
    }

    #[test]
    fn a_newer_copy_is_offered_with_what_it_adds() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("azot.ron");
        let saved = project();
        project_file::save(&path, &saved).expect("save");
        assert!(find(&path, &saved).expect("find").is_none(), "no copy yet");

        let mut edited = saved.clone();
        let document = edited.documents[0].clone();
        edited
            .claims
            .push(Claim::new(&document, CharRange::new(0, 6), "ana").expect("claim"));
        edited.claims[0].note = "changed".into();
        let written = write(Some(&path), &edited).expect("recovery written");
        assert_eq!(written, dir.path().join(".azot.ron.recovery"));

        let found = find(&path, &saved).expect("find").expect("offered");
        assert_eq!(found.project, edited);
        assert_eq!(
            found.summary,
            Summary {
                added: 1,
                changed: 1,
                removed: 0,
                other_changes: false
            }
        );
        assert!(
            found
                .summary
                .describe()
                .starts_with("1 claim(s) added, 1 changed")
        );

        // After a save the copy is gone and nothing is offered.
        project_file::save(&path, &edited).expect("save");
        remove(Some(&path));
        assert!(!written.exists());
        assert!(find(&path, &edited).expect("find").is_none());
    }

    /// Sets the modification time of the file at `path` to `time`.
    fn set_modified(path: &Path, time: SystemTime) {
        std::fs::File::options()
            .write(true)
            .open(path)
            .and_then(|file| file.set_modified(time))
            .expect("set the time");
    }

    #[test]
    fn an_older_or_identical_copy_is_not_offered() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("azot.ron");
        let saved = project();
        project_file::save(&path, &saved).expect("save");
        let file_time = modified(&path).expect("the file's time");
        let minute = std::time::Duration::from_secs(60);

        // A copy with work the file lacks, but older than the file (saved since,
        // say from another window): not offered.
        let mut edited = saved.clone();
        edited.claims[0].note = "an edit the file does not have".into();
        let recovery = write(Some(&path), &edited).expect("recovery written");
        set_modified(&recovery, file_time - minute);
        assert!(
            find(&path, &saved).expect("find").is_none(),
            "a copy older than the file is not offered"
        );
        // Only its age held it back: a minute newer than the file, it is offered.
        set_modified(&recovery, file_time + minute);
        let offered = find(&path, &saved).expect("find").expect("offered");
        assert_eq!(offered.summary.changed, 1);

        // Newer but the same as the file: nothing to offer.
        write(Some(&path), &saved).expect("recovery written");
        set_modified(&recovery, file_time + minute);
        assert!(find(&path, &saved).expect("find").is_none());
    }

    #[test]
    fn an_unreadable_copy_is_an_error_and_stays() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("azot.ron");
        project_file::save(&path, &project()).expect("save");
        std::thread::sleep(std::time::Duration::from_millis(20));
        let recovery = recovery_path(Some(&path));
        std::fs::write(&recovery, "(format_version: 1, title: ").expect("write");
        assert!(find(&path, &project()).is_err());
        assert!(recovery.exists(), "never deleted silently");
    }
}
