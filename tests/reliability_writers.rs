//! Writers of a project file, run as real processes: two at once never lose a
//! change silently, an export never replaces the project, a merge never writes a
//! file that will not load, and an error says its cause once.
#![cfg(feature = "gui")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use triangulate::io::project_file;

/// The binary, ready to run `args`.
fn command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_triangulate"));
    command.args(args);
    command
}

/// Runs the binary to the end.
fn triangulate(args: &[&str]) -> Output {
    command(args).output().expect("the binary runs")
}

/// Starts the binary, its output captured.
fn start(args: &[&str]) -> Child {
    command(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// Whether `program` runs here (with `args`, successfully).
fn program_runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|out| out.status.success())
}

/// Whether a test that needs `what` can run: a missing program is a failure under
/// CI (where it must run) and a skip elsewhere.
fn required(available: bool, what: &str) -> bool {
    let in_ci = std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"));
    assert!(
        available || !in_ci,
        "{what} is missing, and CI is set: this test must run in CI, not be skipped"
    );
    if !available {
        println!("skipped: {what} is missing (set CI=true to make this a failure)");
    }
    available
}

/// A new, empty project file at `dir/p.ron`.
fn new_project(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("p.ron");
    let out = triangulate(&["new", path_str(&path)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    path
}

/// The file names the project's documents were imported from.
fn imported_from(path: &Path) -> Vec<String> {
    project_file::load(path)
        .expect("the project loads")
        .project
        .documents
        .iter()
        .map(|d| d.imported_from.clone())
        .collect()
}

/// A process that holds the lock on `lock` (an OS file lock, as `flock(1)` takes
/// it) until it is killed: one process, the shell turned into `sleep`.
fn hold_lock(lock: &Path) -> Child {
    let mut holder = Command::new("sh")
        .args([
            "-c",
            "exec 9>\"$0\" && flock 9 && echo locked && exec sleep 60",
            path_str(lock),
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("sh runs");
    let mut line = String::new();
    BufReader::new(holder.stdout.take().expect("piped"))
        .read_line(&mut line)
        .expect("reads");
    assert_eq!(line.trim(), "locked");
    holder
}

#[test]
fn two_imports_started_together_both_land_or_one_says_it_did_not() {
    const ROUNDS: usize = 20;
    let mut both_landed = 0;
    for round in 0..ROUNDS {
        let dir = tempfile::tempdir().expect("tempdir");
        let project = new_project(dir.path());
        let a = dir.path().join("A.txt");
        let b = dir.path().join("B.txt");
        std::fs::write(&a, format!("Round {round}: the first report.\n")).expect("write");
        std::fs::write(&b, format!("Round {round}: the second report.\n")).expect("write");
        let first = start(&["import", path_str(&project), path_str(&a)]);
        let second = start(&["import", path_str(&project), path_str(&b)]);
        let outputs = [first, second].map(|c| c.wait_with_output().expect("waits"));
        let documents = imported_from(&project);
        for (out, name) in outputs.iter().zip(["A.txt", "B.txt"]) {
            let stdout = text(&out.stdout);
            let stderr = text(&out.stderr);
            if out.status.success() {
                assert!(
                    documents.iter().any(|d| d == name),
                    "round {round}: the import of {name} said it added it ({stdout}) but the project has only {documents:?}"
                );
            } else {
                assert!(
                    !stderr.trim().is_empty(),
                    "round {round}: the import of {name} failed without a word"
                );
            }
        }
        if documents.len() == 2 {
            both_landed += 1;
        }
    }
    println!("{both_landed} of {ROUNDS} rounds: both documents landed");
    assert_eq!(
        both_landed, ROUNDS,
        "the second writer waits for the first, so both land"
    );
}

#[test]
fn an_import_and_a_codebook_import_started_together_both_land() {
    const ROUNDS: usize = 10;
    let dir = tempfile::tempdir().expect("tempdir");
    let codebook = dir.path().join("codes.qdc");
    let out = triangulate(&[
        "export",
        "projects/severodonetsk.ron",
        "-f",
        "qdc",
        "-o",
        path_str(&codebook),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    for round in 0..ROUNDS {
        let dir = tempfile::tempdir().expect("tempdir");
        let project = new_project(dir.path());
        let tags_before = project_file::load(&project)
            .expect("loads")
            .project
            .tags
            .len();
        let a = dir.path().join("A.txt");
        std::fs::write(&a, format!("Round {round}: a report.\n")).expect("write");
        let first = start(&["import", path_str(&project), path_str(&a)]);
        let second = start(&["import-codebook", path_str(&project), path_str(&codebook)]);
        let outputs = [first, second].map(|c| c.wait_with_output().expect("waits"));
        for out in &outputs {
            assert!(out.status.success(), "round {round}: {}", text(&out.stderr));
        }
        let loaded = project_file::load(&project).expect("loads").project;
        assert_eq!(
            loaded.documents.len(),
            1,
            "round {round}: the document landed"
        );
        assert!(
            loaded.tags.len() > tags_before,
            "round {round}: the codes landed"
        );
    }
}

#[test]
fn two_new_projects_at_one_path_one_is_refused() {
    const ROUNDS: usize = 20;
    for round in 0..ROUNDS {
        let dir = tempfile::tempdir().expect("tempdir");
        let project = dir.path().join("p.ron");
        let a = dir.path().join("A.txt");
        let b = dir.path().join("B.txt");
        std::fs::write(&a, format!("Round {round}: the first report.\n")).expect("write");
        std::fs::write(&b, format!("Round {round}: the second report.\n")).expect("write");
        let first = start(&["new", path_str(&project), path_str(&a)]);
        let second = start(&["new", path_str(&project), path_str(&b)]);
        let outputs = [first, second].map(|c| c.wait_with_output().expect("waits"));
        let succeeded = outputs.iter().filter(|o| o.status.success()).count();
        assert_eq!(
            succeeded,
            1,
            "round {round}: exactly one new project is written: {:?}",
            outputs.iter().map(|o| text(&o.stderr)).collect::<Vec<_>>()
        );
        let refused = outputs
            .iter()
            .find(|o| !o.status.success())
            .expect("one refused");
        assert!(
            text(&refused.stderr).contains("already exists"),
            "{}",
            text(&refused.stderr)
        );
        assert_eq!(imported_from(&project).len(), 1);
    }
}

#[test]
fn an_import_waits_for_the_lock_and_a_killed_holder_lets_go_of_it() {
    if !required(program_runs("flock", &["--version"]), "flock (util-linux)") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let project = new_project(dir.path());
    let a = dir.path().join("A.txt");
    std::fs::write(&a, "A report.\n").expect("write");
    let mut holder = hold_lock(&dir.path().join("p.ron.lock"));
    let started = Instant::now();
    let mut import = start(&["import", path_str(&project), path_str(&a)]);
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        import.try_wait().expect("polls").is_none(),
        "the import waits while another process holds the lock"
    );
    holder.kill().expect("kill -9");
    holder.wait().expect("reaped");
    let out = import.wait_with_output().expect("waits");
    println!(
        "the import finished {:?} after it started",
        started.elapsed()
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(imported_from(&project), vec!["A.txt".to_owned()]);
    assert!(
        !dir.path().join("p.ron.lock").exists(),
        "a writer that finishes removes the lock file"
    );
}

#[test]
fn an_import_refuses_when_the_lock_is_held_too_long() {
    if !required(program_runs("flock", &["--version"]), "flock (util-linux)") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let project = new_project(dir.path());
    let before = std::fs::read(&project).expect("reads");
    let a = dir.path().join("A.txt");
    std::fs::write(&a, "A report.\n").expect("write");
    let mut holder = hold_lock(&dir.path().join("p.ron.lock"));
    let started = Instant::now();
    let out = triangulate(&["import", path_str(&project), path_str(&a)]);
    let waited = started.elapsed();
    holder.kill().expect("kill -9");
    holder.wait().expect("reaped");
    let stderr = text(&out.stderr);
    println!("refused after {waited:?}: {stderr}");
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("p.ron.lock"), "{stderr}");
    assert!(stderr.contains("another process"), "{stderr}");
    assert!(waited < Duration::from_secs(30));
    assert_eq!(std::fs::read(&project).expect("reads"), before, "untouched");
}

#[test]
fn an_export_never_replaces_the_project_or_an_existing_file_without_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = dir.path().join("p.ron");
    std::fs::copy("projects/severodonetsk.ron", &project).expect("copy");
    let before = std::fs::read(&project).expect("reads");
    // The project itself, however it is spelt.
    let spelt_otherwise = dir.path().join(".").join("p.ron");
    for output in [&project, &spelt_otherwise] {
        let out = triangulate(&[
            "export",
            path_str(&project),
            "-f",
            "csv",
            "-o",
            path_str(output),
            "--force",
        ]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("the project"), "{stderr}");
        assert_eq!(std::fs::read(&project).expect("reads"), before);
    }
    // Another project file: refused even with --force.
    let other = dir.path().join("other.ron");
    std::fs::copy("projects/severodonetsk.ron", &other).expect("copy");
    let out = triangulate(&[
        "export",
        path_str(&project),
        "-f",
        "csv",
        "-o",
        path_str(&other),
        "--force",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        project_file::load(&other).is_ok(),
        "the other project is intact"
    );
    // Any other existing file: only with --force.
    let csv = dir.path().join("claims.csv");
    std::fs::write(&csv, "old").expect("write");
    let out = triangulate(&[
        "export",
        path_str(&project),
        "-f",
        "csv",
        "-o",
        path_str(&csv),
    ]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&csv).expect("reads"), "old");
    let out = triangulate(&[
        "export",
        path_str(&project),
        "-f",
        "csv",
        "-o",
        path_str(&csv),
        "--force",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_ne!(std::fs::read_to_string(&csv).expect("reads"), "old");
}

#[test]
fn the_windows_export_never_writes_over_the_open_project() {
    use triangulate::export::request::{ExportRequest, run_export};
    let dir = tempfile::tempdir().expect("tempdir");
    let project_path = dir.path().join("p.ron");
    std::fs::copy("projects/severodonetsk.ron", &project_path).expect("copy");
    let before = std::fs::read(&project_path).expect("reads");
    let project = project_file::load(&project_path).expect("loads").project;
    let request = ExportRequest {
        path: project_path.clone(),
        format: triangulate::export::Format::Csv,
        indices: (0..project.claims.len()).collect(),
        options: triangulate::export::ExportOptions::default(),
    };
    let err = run_export(&project, &request).expect_err("refused");
    assert!(err.contains("project file"), "{err}");
    assert_eq!(std::fs::read(&project_path).expect("reads"), before);
}

#[test]
fn a_merge_of_two_long_notes_writes_a_file_that_loads() {
    const NOTE_CHARS: usize = 600_000;
    let dir = tempfile::tempdir().expect("tempdir");
    let sample = project_file::from_ron_str(triangulate::SAMPLE_PROJECT)
        .expect("sample")
        .project;
    let claim = sample.claims[0].id;
    let base = dir.path().join("base.ron");
    let ours = dir.path().join("ours.ron");
    let theirs = dir.path().join("theirs.ron");
    project_file::save(&base, &sample).expect("save");
    for (path, letter) in [(&ours, "a"), (&theirs, "b")] {
        let mut side = sample.clone();
        side.claims[0].note = letter.repeat(NOTE_CHARS);
        project_file::save(path, &side).expect("save");
    }
    let out = triangulate(&["merge", path_str(&base), path_str(&ours), path_str(&theirs)]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "a conflict: {stderr}");
    assert!(stderr.len() < 10_000, "the conflict is said briefly");
    let merged = project_file::load(&ours)
        .expect("the merged file loads")
        .project;
    let note = &merged.claim(claim).expect("kept").note;
    assert!(note.starts_with(&"a".repeat(NOTE_CHARS)), "ours kept");
    assert!(note.chars().count() <= project_file::MAX_TEXT_CHARS);
    assert!(
        note.contains("their version of the note (600,000 characters) was not kept"),
        "{}",
        &note[NOTE_CHARS..]
    );
    assert!(stderr.contains("600,000 characters"), "{stderr}");
}

#[test]
fn an_error_says_its_cause_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = triangulate(&["check", path_str(dir.path())]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.matches("os error").count() <= 1, "{stderr}");
    assert_no_repeated_cause(&stderr);

    let project = new_project(dir.path());
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{").expect("write");
    let out = triangulate(&["import-annotations", path_str(&project), path_str(&bad)]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.matches("EOF while parsing").count(), 1, "{stderr}");
    assert_no_repeated_cause(&stderr);
}

/// No part of an error line (between `: `) is said twice.
fn assert_no_repeated_cause(stderr: &str) {
    for line in stderr.lines() {
        let parts: Vec<&str> = line.split(": ").filter(|p| p.len() > 8).collect();
        for (at, part) in parts.iter().enumerate() {
            assert!(
                !parts[at + 1..].contains(part),
                "“{part}” is said twice: {line}"
            );
        }
    }
}
