#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]
//! The project file's promises (issue 18): no writer makes a file the reader
//! refuses; a save keeps permissions, links and read-only files; fields this
//! version does not know are named, not dropped unseen; the version is the
//! top-level field's; memory stays bounded by the file's size; only regular
//! files are read, and never more than the limit; a byte-order mark is allowed.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use triangulate::io::project_file::{
    LoadError, MAX_ITEMS, MAX_PROJECT_BYTES, check_limits, from_ron_str, load, save, save_text,
    to_ron_string,
};
use triangulate::model::{CharRange, Claim, Document, Project, Tag};

fn small_project(title: &str) -> Project {
    let mut project = Project::new(title);
    let document = Document::new("Nitrogen plant holds firm", "Haidai: 568 civilians remain.");
    let claim = Claim::new(&document, CharRange::new(8, 21), "ana").expect("claim");
    project.documents.push(document);
    project.claims.push(claim);
    project
}

/// A folder holding `azot.ron`, saved once. Gives the folder, the file and its bytes.
fn saved_once() -> (tempfile::TempDir, PathBuf, Vec<u8>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("azot.ron");
    save(&path, &small_project("first")).expect("first save");
    let bytes = fs::read(&path).expect("read");
    (dir, path, bytes)
}

/// The names in `folder`, sorted.
fn names(folder: &Path) -> Vec<String> {
    let mut names: Vec<_> = fs::read_dir(folder)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

// Item 3: files that could never be opened again.

#[test]
fn a_project_too_large_to_open_again_is_not_saved() {
    let (dir, path, before) = saved_once();
    // Five long imported texts: 285 MB of text, more than the 256 MiB a project may have.
    let mut project = small_project("too large");
    for i in 0..5 {
        let mut document = Document::new(format!("Long text {i}"), "");
        document.text = "a".repeat(57_000_000);
        project.documents.push(document);
    }
    let started = Instant::now();
    let err = save(&path, &project).expect_err("refused");
    let message = err.to_string();
    assert!(
        message.contains("azot.ron")
            && message.contains("256 MiB")
            && message.contains("could not be opened again"),
        "{message}"
    );
    eprintln!("a 285 MB project refused in {:?}", started.elapsed());
    assert_eq!(
        fs::read(&path).expect("read"),
        before,
        "the old file is intact"
    );
    assert_eq!(
        names(dir.path()),
        ["azot.ron"],
        "no .bak, no temporary file"
    );

    // The text writer (the window's save) refuses the same.
    let text = " ".repeat(usize::try_from(MAX_PROJECT_BYTES).expect("fits") + 1);
    let err = save_text(&path, &text).expect_err("refused");
    assert!(err.to_string().contains("268435457 bytes"), "{err}");
    assert_eq!(fs::read(&path).expect("read"), before);
    assert_eq!(names(dir.path()), ["azot.ron"]);
}

#[test]
fn a_project_with_too_many_items_is_not_saved() {
    let (dir, path, before) = saved_once();
    let mut project = small_project("many tags");
    project.tags = (0..=MAX_ITEMS)
        .map(|i| Tag {
            path: format!("t{i}"),
            ..Tag::default()
        })
        .collect();
    let err = save(&path, &project).expect_err("refused");
    let message = err.to_string();
    assert!(
        message.contains(&format!("{} tags", MAX_ITEMS + 1))
            && message.contains("could not be opened again"),
        "{message}"
    );
    assert_eq!(fs::read(&path).expect("read"), before);
    assert_eq!(names(dir.path()), ["azot.ron"]);
    // And the check the window's save can make before it writes the text.
    assert!(check_limits(&path, &project).is_err());
    project.tags.pop();
    check_limits(&path, &project).expect("at the limit is fine");
}

// Item 5: permissions, groups, links, read-only files.

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    fs::metadata(path).expect("metadata").permissions().mode() & 0o777
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).expect("chmod");
}

#[cfg(unix)]
#[test]
fn a_save_keeps_the_files_mode_and_the_backup_too() {
    for wanted in [0o600, 0o660, 0o640] {
        let (dir, path, _) = saved_once();
        set_mode(&path, wanted);
        save(&path, &small_project("second")).expect("save");
        assert_eq!(mode(&path), wanted, "the file's mode {wanted:o}");
        assert_eq!(
            mode(&dir.path().join("azot.ron.bak")),
            wanted,
            "the backup's mode {wanted:o}"
        );
        assert_eq!(load(&path).expect("loads").project.title, "second");
    }
}

#[cfg(unix)]
#[test]
fn a_save_keeps_the_files_group_where_allowed() {
    use std::os::unix::fs::MetadataExt as _;
    let (_dir, path, _) = saved_once();
    let ours = fs::metadata(&path).expect("metadata").gid();
    // A group other than the file's that this process may give it (root: any).
    let other = [1, 2, 100, 1000]
        .into_iter()
        .filter(|&gid| gid != ours)
        .find(|&gid| std::os::unix::fs::chown(&path, None, Some(gid)).is_ok());
    let Some(other) = other else {
        eprintln!("skipped: this user belongs to no second group to give the file");
        return;
    };
    set_mode(&path, 0o660);
    save(&path, &small_project("second")).expect("save");
    let metadata = fs::metadata(&path).expect("metadata");
    assert_eq!(metadata.gid(), other, "the group keeps the file");
    assert_eq!(mode(&path), 0o660, "and may still write it");
}

#[cfg(unix)]
#[test]
fn a_save_writes_through_links_to_their_file() {
    let (dir, real, before) = saved_once();
    let links = dir.path().join("links");
    fs::create_dir(&links).expect("mkdir");
    // links/project.ron → links/middle.ron → ../azot.ron, both relative.
    std::os::unix::fs::symlink(Path::new("..").join("azot.ron"), links.join("middle.ron"))
        .expect("link");
    std::os::unix::fs::symlink("middle.ron", links.join("project.ron")).expect("link");
    let link = links.join("project.ron");
    save(&link, &small_project("through the link")).expect("save");
    assert!(
        fs::symlink_metadata(&link)
            .expect("metadata")
            .file_type()
            .is_symlink(),
        "the link is still a link"
    );
    assert_eq!(
        load(&real).expect("loads").project.title,
        "through the link",
        "its file was written"
    );
    assert_eq!(
        fs::read(dir.path().join("azot.ron.bak")).expect("backup beside the file"),
        before
    );
    assert_eq!(
        names(&links),
        ["middle.ron", "project.ron"],
        "nothing beside the links"
    );
    assert_eq!(names(dir.path()), ["azot.ron", "azot.ron.bak", "links"]);
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_not_replaced() {
    let (dir, path, before) = saved_once();
    set_mode(&path, 0o444);
    let err = save(&path, &small_project("second")).expect_err("refused");
    let message = err.to_string();
    assert!(
        message.contains("azot.ron is read-only") && message.contains("save under another name"),
        "{message}"
    );
    assert_eq!(fs::read(&path).expect("read"), before);
    assert_eq!(mode(&path), 0o444);
    assert_eq!(names(dir.path()), ["azot.ron"]);
    // Through a link too.
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink("azot.ron", &link).expect("link");
    let err = save(&link, &small_project("second")).expect_err("refused");
    assert!(err.to_string().contains("read-only"), "{err}");
    assert_eq!(fs::read(&path).expect("read"), before);
}

// Item 6: fields this version does not know.

#[test]
fn fields_this_version_does_not_know_are_named_and_saving_over_them_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("newer.ron");
    let text = to_ron_string(&small_project("azot"))
        .replacen("annotator:", "confidence: 0.9,\n            annotator:", 1)
        .replacen("    title:", "    colour_scheme: \"dark\",\n    title:", 1);
    fs::write(&path, &text).expect("write");
    let loaded = load(&path).expect("loads");
    assert_eq!(
        loaded.unknown_fields,
        ["colour_scheme", "claims[0].confidence"]
    );
    assert!(
        loaded.problems.iter().any(|p| p.to_string().contains(
            "2 fields this version of Triangulate does not know (colour_scheme, claims[0].confidence); saving would drop them"
        )),
        "{:?}",
        loaded.problems
    );
    let err = loaded.check_writable(&path).expect_err("refused");
    assert!(err.to_string().contains("claims[0].confidence"), "{err}");
}

// Item 7: the version is the top-level field's.

#[test]
fn the_version_is_read_from_the_top_level_field_only() {
    let project = to_ron_string(&small_project("azot"));
    // A newer file whose title, written first, mentions an old version.
    let current = format!(
        "    format_version: {},\n    title: \"azot\",",
        triangulate::model::FORMAT_VERSION
    );
    let newer = project.replacen(
        &current,
        "    title: \"notes on format_version: 1\",\n    format_version: 9,",
        1,
    );
    assert_ne!(newer, project);
    let err = from_ron_str(&newer).expect_err("refused");
    assert!(
        matches!(err, LoadError::NewerVersion { found: 9, .. }),
        "{err}"
    );
    // Nor does a comment count.
    let commented = format!(
        "// format_version: 1\n{}",
        project.replace(
            &format!("format_version: {},", triangulate::model::FORMAT_VERSION),
            "format_version: 9,"
        )
    );
    assert!(matches!(
        from_ron_str(&commented),
        Err(LoadError::NewerVersion { found: 9, .. })
    ));
    // An old file whose title mentions a newer version is read as old.
    let old = project.replacen(
        &current,
        "    title: \"format_version: 9 is coming\",\n    format_version: 1,",
        1,
    );
    let loaded = from_ron_str(&old).expect("loads");
    assert_eq!(loaded.migrated_from, Some(1));
}

// Item 8: memory bounded by the file's size.

#[test]
fn a_file_of_empty_claims_is_refused_in_bounded_memory() {
    if !common::required(
        common::program_runs("prlimit", &["--version"]),
        "prlimit (util-linux)",
    ) {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bomb.ron");
    // 60 MB: twenty million claims, each `()`.
    let count = 20_000_000;
    let mut text = String::with_capacity(3 * count + 64);
    text.push_str("(format_version: 3, claims: [");
    for _ in 0..count {
        text.push_str("(),");
    }
    text.push_str("])\n");
    fs::write(&path, &text).expect("write");
    drop(text);
    // 1 GiB of address space: the file and the program fit many times over;
    // twenty million parsed claims (hundreds of bytes each) do not.
    let started = Instant::now();
    let out = Command::new("prlimit")
        .arg(format!("--as={}", 1u64 << 30))
        .arg(env!("CARGO_BIN_EXE_triangulate"))
        .arg("check")
        .arg(&path)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("refused in {:?}: {stderr}", started.elapsed());
    assert!(out.status.code().is_some(), "killed by a signal: {stderr}");
    assert!(!out.status.success());
    assert!(
        stderr.contains("holds 20000000 claims, more than the 1000000"),
        "{stderr}"
    );
}

// Item 9: only regular files, never more than the limit.

/// `load(path)` within ten seconds, or a failure saying it hung.
fn load_within_seconds(path: &Path) -> Result<triangulate::io::project_file::Loaded, LoadError> {
    let (send, receive) = std::sync::mpsc::channel();
    let path = path.to_owned();
    std::thread::spawn(move || {
        let _ = send.send(load(&path));
    });
    receive
        .recv_timeout(Duration::from_secs(10))
        .expect("load returned within ten seconds")
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_without_waiting() {
    if !common::required(common::program_runs("mkfifo", &["--version"]), "mkfifo") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("pipe.ron");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let err = load_within_seconds(&fifo).expect_err("refused");
    assert!(
        err.to_string()
            .contains("pipe.ron is a named pipe (FIFO), not a file"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_link_to_an_endless_device_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let link = dir.path().join("zero.ron");
    std::os::unix::fs::symlink(Path::new("/dev").join("zero"), &link).expect("link");
    let err = load_within_seconds(&link).expect_err("refused");
    assert!(
        err.to_string().contains("zero.ron is a device, not a file"),
        "{err}"
    );
    let err = load_within_seconds(dir.path()).expect_err("refused");
    assert!(err.to_string().contains("is a folder, not a file"), "{err}");
}

// A byte-order mark.

#[test]
fn a_byte_order_mark_is_allowed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bom.ron");
    let project = small_project("with a BOM");
    let text = format!("\u{feff}{}", to_ron_string(&project));
    fs::write(&path, &text).expect("write");
    let loaded = load(&path).expect("loads");
    assert_eq!(loaded.project, project);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(from_ron_str(&text).expect("loads").project, project);
}
