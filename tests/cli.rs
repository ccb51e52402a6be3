//! The command line, run as a user runs it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

use std::path::Path;
use std::process::{Command, Output};

fn triangulate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_triangulate"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn corpus(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/corpus")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn check_passes_on_the_sample_project_and_prints_counts() {
    let out = triangulate(&["check", "projects/severodonetsk.ron"]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", text(&out.stderr));
    assert!(stdout.contains("5 documents"), "{stdout}");
    assert!(stdout.contains("no problems"), "{stdout}");
    assert!(stdout.contains("0 orphaned claims"), "{stdout}");
}

#[test]
fn new_import_and_check_make_a_project_from_articles() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = dir.path().join("azot.ron");
    let project = project.to_str().expect("utf-8 path");
    let out = triangulate(&[
        "new",
        project,
        "--title",
        "Azot",
        &corpus("02-nitrogen-plant-holds-firm.txt"),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("1 documents"),
        "{}",
        text(&out.stdout)
    );

    // A second `new` on the same path refuses to overwrite.
    let again = triangulate(&["new", project]);
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again.stderr).contains("already exists"));

    // Importing the same article again is skipped; another one is added.
    let out = triangulate(&[
        "import",
        project,
        &corpus("02-nitrogen-plant-holds-firm.txt"),
        &corpus("05-surrounded-at-azot.txt"),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("skipped"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).contains("1 document(s) added, 2 in all"),
        "{}",
        text(&out.stdout)
    );

    let out = triangulate(&["check", project]);
    assert!(out.status.success());
    assert!(
        text(&out.stdout).contains("2 documents, 0 claims"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn a_binary_import_is_refused_and_the_rest_still_lands() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = dir.path().join("p.ron");
    let image = dir.path().join("photo.txt");
    std::fs::write(&image, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").expect("write");
    let project = project.to_str().expect("utf-8");
    assert!(triangulate(&["new", project]).status.success());
    let out = triangulate(&[
        "import",
        project,
        image.to_str().expect("utf-8"),
        &corpus("01-foreign-legion-counterattack.txt"),
    ]);
    assert_eq!(out.status.code(), Some(1), "a refused file fails the run");
    assert!(
        text(&out.stderr).contains("photo.txt"),
        "{}",
        text(&out.stderr)
    );
    let check = triangulate(&["check", project]);
    assert!(
        text(&check.stdout).contains("1 documents"),
        "{}",
        text(&check.stdout)
    );
}

#[test]
fn new_with_only_refused_files_writes_nothing_and_new_with_some_imports_the_rest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let image = dir.path().join("photo.txt");
    std::fs::write(&image, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").expect("write");
    let pdf = dir.path().join("report.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n").expect("write");

    // Every file refused: no project file, each file named with its reason, exit 1.
    let nothing = dir.path().join("nothing.ron");
    let out = triangulate(&[
        "new",
        nothing.to_str().expect("utf-8"),
        image.to_str().expect("utf-8"),
        pdf.to_str().expect("utf-8"),
    ]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!nothing.exists(), "a project of nothing was written");
    assert!(
        stderr.contains("photo.txt") && stderr.contains("report.pdf"),
        "{stderr}"
    );
    assert!(
        stderr.contains("not written: none of the 2 file(s) could be imported"),
        "{stderr}"
    );

    // Some refused: the rest is imported and written, the refused one named, exit 1.
    let some = dir.path().join("some.ron");
    let out = triangulate(&[
        "new",
        some.to_str().expect("utf-8"),
        image.to_str().expect("utf-8"),
        &corpus("01-foreign-legion-counterattack.txt"),
    ]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("photo.txt"), "{stderr}");
    let check = triangulate(&["check", some.to_str().expect("utf-8")]);
    assert!(
        text(&check.stdout).contains("1 documents"),
        "{}",
        text(&check.stdout)
    );
}

#[test]
fn check_warns_of_documents_without_outlet_or_date_but_passes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = dir.path().join("p.ron");
    let project = project.to_str().expect("utf-8");
    let out = triangulate(&[
        "new",
        project,
        &corpus("01-foreign-legion-counterattack.txt"),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let check = triangulate(&["check", project]);
    let stdout = text(&check.stdout);
    assert_eq!(
        check.status.code(),
        Some(0),
        "a warning is not a problem: {stdout}"
    );
    assert!(
        stdout.contains("warning: ") && stdout.contains("has no outlet and no published date"),
        "{stdout}"
    );
    // A document with both gives no warning.
    let mut known = triangulate::model::Project::new("Known");
    let mut document = triangulate::model::Document::new("Report", "Haidai said 568.");
    document.outlet = "UNIAN".into();
    document.published = "2022-06-14".into();
    known.documents.push(document);
    let known_path = dir.path().join("known.ron");
    triangulate::io::project_file::save(&known_path, &known).expect("saved");
    let check = triangulate(&["check", known_path.to_str().expect("utf-8")]);
    assert!(
        !text(&check.stdout).contains("warning:"),
        "{}",
        text(&check.stdout)
    );
}

#[test]
fn a_newer_project_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("future.ron");
    let content = "(\n    format_version: 12,\n    something_new: true,\n)\n";
    std::fs::write(&path, content).expect("write");
    let path_text = path.to_str().expect("utf-8");
    let out = triangulate(&["check", path_text]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("future.ron") && stderr.contains("12"),
        "{stderr}"
    );
    let out = triangulate(&[
        "import",
        path_text,
        &corpus("01-foreign-legion-counterattack.txt"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), content);
}

#[test]
fn a_broken_project_reports_each_problem_and_exits_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("broken.ron");
    let sample = std::fs::read_to_string("projects/severodonetsk.ron").expect("sample");
    // Point the first claim's source at an id nobody has.
    let marker = "        source: Some(\"";
    let at = sample.find(marker).expect("a claim with a source") + marker.len();
    let mut broken = sample.clone();
    broken.replace_range(at..at + 36, "00000000-0000-4000-8000-000000000000");
    std::fs::write(&path, broken).expect("write");
    let out = triangulate(&["check", path.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("broken.ron"), "{stderr}");
    assert!(
        stderr.contains("its source 00000000-0000-4000-8000-000000000000 does not exist"),
        "{stderr}"
    );
}

#[test]
fn syntax_errors_name_the_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("typo.ron");
    std::fs::write(
        &path,
        "(\n    format_version: 1,\n    title \"missing colon\",\n)\n",
    )
    .expect("write");
    let out = triangulate(&["check", path.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("typo.ron:3:"), "{stderr}");
}

#[test]
fn a_reader_that_stops_early_is_not_a_crash() {
    // `triangulate compare … | head -1`: stdout closes before everything is written.
    // The reader stopping is not an error of ours: the program says nothing about it
    // and exits with the job's own status, 0 here (the comparison ran) — not killed
    // by SIGPIPE (what a shell shows as 141), not a panic (101), not an error (2).
    let mut child = Command::new(env!("CARGO_BIN_EXE_triangulate"))
        .args(["compare", "projects/severodonetsk.ron"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // Closed before the program has loaded the project, so its write finds no reader.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("it ends");
    let stderr = text(&out.stderr);
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt as _;
        assert_eq!(
            out.status.signal(),
            None,
            "the program was killed by a signal ({:?}) when its reader stopped: {stderr}",
            out.status
        );
    }
    assert_eq!(
        out.status.code(),
        Some(0),
        "a reader that stops early must leave the exit status at 0: {stderr}"
    );
    assert!(stderr.is_empty(), "nothing to report: {stderr}");
}

#[test]
fn output_cut_short_by_a_full_disk_is_an_error() {
    // `triangulate compare … > out.md` on a full disk: `/dev/full` refuses every write
    // with "No space left on device". The output is not all there, so it is an error.
    let full = std::path::Path::new("/dev/full");
    if !full.exists() {
        println!("skipped: this system has no /dev/full");
        return;
    }
    let out = Command::new(env!("CARGO_BIN_EXE_triangulate"))
        .args(["compare", "projects/severodonetsk.ron"])
        .stdout(std::fs::File::create(full).expect("/dev/full opens"))
        .output()
        .expect("the binary runs");
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("the output could not be written in full"),
        "{stderr}"
    );
}

#[test]
fn a_missing_file_is_named_once_with_its_cause_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("missing.ron");
    let out = triangulate(&["check", missing.to_str().expect("utf-8 path")]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot read"), "{stderr}");
    assert_eq!(stderr.matches("missing.ron").count(), 1, "{stderr}");
    let cause = std::io::Error::from(std::io::ErrorKind::NotFound).to_string();
    let said = stderr.matches("(os error").count();
    assert_eq!(said, 1, "the cause is said once: {stderr} ({cause})");
}
