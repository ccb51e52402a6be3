//! One writer at a time for a project file.
//!
//! Every command that changes a project file takes an advisory lock on a file
//! beside it, `<name>.ron.lock`, and holds it from reading the project to
//! writing it back, so that a second writer waits for the first and works on
//! its result instead of overwriting it. The lock is the operating system's
//! ([`File::lock`]: `flock` on Unix, `LockFileEx` on Windows): the kernel lets
//! go of it when its process ends, however it ends, so a killed writer never
//! leaves the project locked. The lock file itself is removed by a writer that
//! finishes; one left by a killed writer is only a name to lock, and harmless.
//!
//! A writer that takes no lock (an older build, a text editor) is caught by a
//! second line of defence: the file's fingerprint when it was read is compared
//! with its fingerprint just before the new version is written, and a change
//! in between makes the writer read the file again and redo its change on the
//! new version (a few times, then it refuses).

use std::fs::{self, File, OpenOptions};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::project_file::{self, LoadError, Loaded, SaveError};
use crate::model::Project;

/// How long a writer waits for another to finish before it refuses.
pub const WAIT: Duration = Duration::from_secs(5);

/// How often a waiting writer tries the lock again.
const POLL: Duration = Duration::from_millis(20);

/// How many times a change is redone when the file changes under it.
pub const RETRIES: usize = 3;

/// Why a project file could not be changed. The file is as it was.
#[derive(Debug, thiserror::Error)]
pub enum GuardError {
    /// Another process held the lock for longer than a writer waits.
    #[error(
        "{} is being changed by another process{holder} (it holds the lock {}); nothing was written: wait for it to finish and run this again",
        path.display(),
        lock.display()
    )]
    Busy {
        /// The project file.
        path: PathBuf,
        /// The lock file.
        lock: PathBuf,
        /// Who holds it, as far as it says (" (process 1234)"), or nothing.
        holder: String,
    },
    /// The lock file could not be created or locked.
    // The cause is part of the message and deliberately not a `source`, so that a
    // chain of errors printed with `{:#}` does not say it twice.
    #[error("cannot lock {} to change it: {cause}; nothing was written", lock.display())]
    Lock {
        /// The lock file.
        lock: PathBuf,
        /// Why.
        cause: std::io::Error,
    },
    /// The file kept changing while the change was made: something that takes
    /// no lock is writing it.
    #[error(
        "{} changed while this ran, {attempts} times in a row (another program is writing it without taking its lock); nothing was written: close that program or wait, and run this again",
        path.display()
    )]
    KeptChanging {
        /// The project file.
        path: PathBuf,
        /// How many times the change was tried.
        attempts: usize,
    },
    /// The file to create exists already.
    #[error("{} already exists; choose another name or remove it first", path.display())]
    Exists {
        /// The file.
        path: PathBuf,
    },
    /// The project could not be loaded.
    #[error(transparent)]
    Load(LoadError),
    /// The changed project could not be written.
    #[error(transparent)]
    Save(SaveError),
}

/// The lock on a project file, held until dropped.
#[derive(Debug)]
pub struct Lock {
    /// The lock file, open and locked; `None` where the platform has no file locks.
    file: Option<File>,
    /// Its path.
    path: PathBuf,
}

/// The lock file of `project`: `<name>.lock` beside it.
pub fn lock_path(project: &Path) -> PathBuf {
    let mut name = project
        .file_name()
        .map(std::ffi::OsStr::to_os_string)
        .unwrap_or_default();
    name.push(".lock");
    project.with_file_name(name)
}

impl Lock {
    /// Takes the lock on `project`, waiting up to `wait` for another process
    /// that holds it.
    pub fn acquire(project: &Path, wait: Duration) -> Result<Self, GuardError> {
        let path = lock_path(project);
        let failed = |cause| GuardError::Lock {
            lock: path.clone(),
            cause,
        };
        let started = Instant::now();
        loop {
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(failed)?;
            match file.try_lock() {
                Ok(()) => {
                    // The holder before us removed the file as it finished: the
                    // lock we hold is on a name no one else sees; take the new one.
                    if !same_file(&file, &path) {
                        continue;
                    }
                    let mut file = file;
                    // Who holds it, for a writer that has to wait; only a hint.
                    let _ = file
                        .set_len(0)
                        .and_then(|()| writeln!(file, "{}", std::process::id()));
                    return Ok(Self {
                        file: Some(file),
                        path,
                    });
                }
                Err(fs::TryLockError::WouldBlock) => {
                    if started.elapsed() >= wait {
                        return Err(GuardError::Busy {
                            path: project.to_owned(),
                            holder: holder(&path),
                            lock: path,
                        });
                    }
                    std::thread::sleep(POLL);
                }
                // A file system without locks: the fingerprint check still stands.
                Err(fs::TryLockError::Error(cause))
                    if cause.kind() == std::io::ErrorKind::Unsupported =>
                {
                    return Ok(Self { file: None, path });
                }
                Err(fs::TryLockError::Error(cause)) => return Err(failed(cause)),
            }
        }
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still locked, so that a waiter that then gets the lock on
        // the removed file sees that it is gone and takes a new one (see `acquire`).
        if let Some(file) = &self.file
            && same_file(file, &self.path)
        {
            let _ = fs::remove_file(&self.path);
        }
        // Closing the file lets go of the lock.
        self.file = None;
    }
}

/// Whether `file` is still the file at `path` (not removed or replaced).
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
        _ => false,
    }
}

/// Whether `file` is still the file at `path`: assumed where it cannot be told
/// (on Windows an open file cannot be removed, so it is).
#[cfg(not(unix))]
fn same_file(_: &File, path: &Path) -> bool {
    path.exists()
}

/// Who holds the lock at `path`, as it wrote itself there: " (process 1234)".
fn holder(path: &Path) -> String {
    let mut text = String::new();
    let read = File::open(path).and_then(|f| f.take(32).read_to_string(&mut text));
    match read.ok().and_then(|_| text.trim().parse::<u32>().ok()) {
        Some(pid) => format!(" (process {pid})"),
        None => String::new(),
    }
}

/// The fingerprint of a file's bytes, or `None` when it cannot be read.
pub fn fingerprint(path: &Path) -> Option<String> {
    crate::workspace::disk_fingerprint(path)
}

/// What one attempt at a change gave: a value, and what to write, if anything.
#[derive(Debug)]
pub struct Attempt<T> {
    /// What the change gave (a report, a count).
    pub value: T,
    /// The file's new text; `None` writes nothing.
    pub text: Option<String>,
    /// Whether the file's old version is kept as `<name>.bak`.
    pub backup: bool,
}

/// A change made and written.
#[derive(Debug)]
pub struct Updated<T> {
    /// What the change gave.
    pub value: T,
    /// How many times the file changed under the change (another program wrote
    /// it without taking the lock) and the change was redone on its new version.
    pub retries: usize,
}

impl<T> Updated<T> {
    /// A sentence for the user when the change was redone, naming `path`.
    pub fn retry_note(&self, path: &Path) -> Option<String> {
        (self.retries > 0).then(|| {
            format!(
                "{}: another program wrote the file while this ran; it was read again and the change made on its new version",
                path.display()
            )
        })
    }
}

/// Holds the lock on `path` while `attempt` reads what it needs and says what to
/// write, and writes it (atomically, see [`project_file::write_atomically`]) unless
/// the file changed while `attempt` ran; then `attempt` runs again on the new
/// version, up to [`RETRIES`] times. An error of `attempt` writes nothing and is
/// returned as the inner error.
pub fn rewrite<T, E>(
    path: &Path,
    mut attempt: impl FnMut() -> Result<Attempt<T>, E>,
) -> Result<Result<Updated<T>, E>, GuardError> {
    let _lock = Lock::acquire(path, WAIT)?;
    for retries in 0..=RETRIES {
        let before = fingerprint(path);
        let made = match attempt() {
            Ok(made) => made,
            Err(err) => return Ok(Err(err)),
        };
        let Some(text) = made.text else {
            return Ok(Ok(Updated {
                value: made.value,
                retries,
            }));
        };
        if fingerprint(path) != before {
            continue;
        }
        project_file::check_size(path, &text).map_err(GuardError::Save)?;
        project_file::write_atomically(path, text.as_bytes(), made.backup)
            .map_err(GuardError::Save)?;
        return Ok(Ok(Updated {
            value: made.value,
            retries,
        }));
    }
    Err(GuardError::KeptChanging {
        path: path.to_owned(),
        attempts: RETRIES + 1,
    })
}

/// What a change of a loaded project gave, and whether to save it.
#[derive(Debug)]
pub struct Change<T> {
    /// What the change gave.
    pub value: T,
    /// Whether the project is to be saved.
    pub save: bool,
}

/// Why one attempt of [`update`] stopped.
enum Stopped<E> {
    /// The project did not load.
    Load(LoadError),
    /// The changed project would break a limit of the file format, or the file
    /// has fields a save would drop.
    Refused(SaveError),
    /// The change itself refused.
    Change(E),
}

/// Loads the project at `path`, lets `change` change it, and saves it (keeping
/// the old file as `<name>.bak`), all under the lock; see [`rewrite`] for what
/// happens when the file changes meanwhile. A project that would not load again
/// (a string too long) is not written.
pub fn update<T, E>(
    path: &Path,
    mut change: impl FnMut(&mut Loaded) -> Result<Change<T>, E>,
) -> Result<Result<Updated<T>, E>, GuardError> {
    let done = rewrite(path, || {
        let mut loaded = project_file::load(path).map_err(Stopped::Load)?;
        let changed = change(&mut loaded).map_err(Stopped::Change)?;
        let text = if changed.save {
            // Never write what could not be opened again, nor drop fields this
            // version does not know.
            loaded.check_writable(path).map_err(Stopped::Refused)?;
            project_file::check_limits(path, &loaded.project).map_err(Stopped::Refused)?;
            Some(project_file::to_ron_string(&loaded.project))
        } else {
            None
        };
        Ok(Attempt {
            value: changed.value,
            text,
            backup: true,
        })
    })?;
    match done {
        Ok(updated) => Ok(Ok(updated)),
        Err(Stopped::Change(err)) => Ok(Err(err)),
        Err(Stopped::Load(err)) => Err(GuardError::Load(err)),
        Err(Stopped::Refused(err)) => Err(GuardError::Save(err)),
    }
}

/// Writes `project` to `path`, a file that must not exist: under the lock, and
/// so that of two processes creating it at once one is refused ([`GuardError::Exists`])
/// rather than both succeeding and one project lost.
pub fn create(path: &Path, project: &Project) -> Result<(), GuardError> {
    project_file::check_limits(path, project).map_err(GuardError::Save)?;
    let _lock = Lock::acquire(path, WAIT)?;
    let exists = || GuardError::Exists {
        path: path.to_owned(),
    };
    if fs::symlink_metadata(path).is_ok() {
        return Err(exists());
    }
    let text = project_file::to_ron_string(project);
    project_file::check_size(path, &text).map_err(GuardError::Save)?;
    let failed = |action: &'static str| {
        move |cause| {
            GuardError::Save(SaveError {
                path: path.to_owned(),
                action,
                cause,
            })
        }
    };
    // The whole file under a temporary name, then linked to its name: a link
    // fails when the name exists, so the check and the creation are one step.
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Named as the save's temporaries are, so that one a kill leaves is swept.
    let temp = folder.join(format!(
        ".{name}.tmp-{}-{}",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    ));
    let written = File::create_new(&temp).and_then(|mut file| {
        file.write_all(text.as_bytes())?;
        file.sync_all()
    });
    if let Err(cause) = written {
        let _ = fs::remove_file(&temp);
        return Err(failed("writing the temporary file")(cause));
    }
    let linked = fs::hard_link(&temp, path);
    let _ = fs::remove_file(&temp);
    match linked {
        Ok(()) => {}
        Err(cause) if cause.kind() == std::io::ErrorKind::AlreadyExists => return Err(exists()),
        // A file system without links: create the file, refusing one that exists.
        Err(_) => {
            let mut file = File::create_new(path).map_err(|cause| {
                if cause.kind() == std::io::ErrorKind::AlreadyExists {
                    exists()
                } else {
                    failed("creating the file")(cause)
                }
            })?;
            file.write_all(text.as_bytes())
                .and_then(|()| file.sync_all())
                .map_err(failed("writing the file"))?;
        }
    }
    // Not every platform can sync a folder; the file is whole either way.
    let _ = File::open(&folder).and_then(|f| f.sync_all());
    Ok(())
}

/// Whether the file at `path` starts as a Triangulate project file does: an
/// opening parenthesis (perhaps after a struct name) and `format_version`.
pub fn is_project_file(path: &Path) -> bool {
    let mut start = Vec::new();
    let read = File::open(path).and_then(|f| f.take(4096).read_to_end(&mut start));
    if read.is_err() {
        return false;
    }
    let text = String::from_utf8_lossy(&start);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let text = text.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
    text.trim_start()
        .strip_prefix('(')
        .is_some_and(|rest| rest.trim_start().starts_with("format_version"))
}

/// Whether `a` and `b` name the same existing file (the same device and inode on
/// Unix, the same canonical path elsewhere).
pub fn same_existing_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        if let (Ok(a), Ok(b)) = (fs::metadata(a), fs::metadata(b)) {
            return a.dev() == b.dev() && a.ino() == b.ino();
        }
    }
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_redone_when_the_file_changes_under_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("p.ron");
        project_file::save(&path, &Project::new("p")).expect("save");
        let mut runs = 0;
        let updated = update(&path, |loaded| {
            runs += 1;
            if runs == 1 {
                // Someone who takes no lock saves a new title meanwhile.
                let mut theirs = loaded.project.clone();
                theirs.title = "theirs".into();
                project_file::save(&path, &theirs).expect("they save");
            }
            loaded.project.description = "mine".into();
            Ok::<_, std::convert::Infallible>(Change {
                value: (),
                save: true,
            })
        })
        .expect("not refused")
        .expect("changed");
        assert_eq!(updated.retries, 1);
        assert!(updated.retry_note(&path).is_some());
        let on_disk = project_file::load(&path).expect("loads").project;
        assert_eq!(on_disk.title, "theirs", "their change is kept");
        assert_eq!(on_disk.description, "mine", "and so is mine");
        assert!(!lock_path(&path).exists(), "the lock file is removed");
    }

    #[test]
    fn a_file_that_never_stops_changing_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("p.ron");
        project_file::save(&path, &Project::new("p")).expect("save");
        let mut runs = 0;
        let result = update(&path, |loaded| {
            runs += 1;
            let mut theirs = loaded.project.clone();
            theirs.title = format!("theirs {runs}");
            project_file::save(&path, &theirs).expect("they save");
            Ok::<_, std::convert::Infallible>(Change {
                value: (),
                save: true,
            })
        });
        assert!(matches!(result, Err(GuardError::KeptChanging { .. })));
        assert_eq!(runs, RETRIES + 1);
    }

    #[test]
    fn a_second_lock_waits_and_then_refuses_naming_the_holder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("p.ron");
        let held = Lock::acquire(&path, WAIT).expect("locks");
        // The lock is per open file, so a second open in this process is refused too.
        let err = Lock::acquire(&path, Duration::from_millis(50)).expect_err("busy");
        let message = err.to_string();
        assert!(message.contains("p.ron.lock"), "{message}");
        assert!(
            message.contains(&format!("process {}", std::process::id())),
            "{message}"
        );
        drop(held);
        assert!(!lock_path(&path).exists());
        let _again = Lock::acquire(&path, WAIT).expect("free again");
    }

    #[test]
    fn creating_refuses_an_existing_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("p.ron");
        create(&path, &Project::new("first")).expect("created");
        let err = create(&path, &Project::new("second")).expect_err("exists");
        assert!(matches!(err, GuardError::Exists { .. }));
        assert_eq!(
            project_file::load(&path).expect("loads").project.title,
            "first"
        );
        assert!(is_project_file(&path));
        assert!(same_existing_file(
            &path,
            &dir.path().join(".").join("p.ron")
        ));
        let csv = dir.path().join("x.csv");
        fs::write(&csv, "format_version,title\n").expect("write");
        assert!(!is_project_file(&csv));
    }
}
