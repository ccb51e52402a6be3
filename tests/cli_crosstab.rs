//! `triangulate crosstab` (issue 17), run as a user runs it: the cross-tabulation
//! of the sample project as CSV, on standard output or in a file that is never a project.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

use std::process::{Command, Output};

use triangulate::crosstab::{CrossTab, Dimension};
use triangulate::query::ClaimFilter;

fn triangulate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_triangulate"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The sample's table, made here through the library.
fn sample_csv(rows: Dimension, columns: Dimension) -> Vec<u8> {
    let loaded =
        triangulate::io::project_file::load(std::path::Path::new(triangulate::SAMPLE_PROJECT_PATH))
            .unwrap();
    CrossTab::new(&loaded.project, &ClaimFilter::default(), rows, columns)
        .unwrap()
        .to_csv()
        .unwrap()
}

#[test]
fn each_pair_prints_the_libraries_table_as_csv() {
    for (rows, columns, corner) in [
        ("tags", "sources", "Tag \\ Source,"),
        ("tags", "stances", "Tag \\ Stance,"),
        ("sources", "stances", "Source \\ Stance,"),
        ("stances", "sources", "Stance \\ Source,"),
    ] {
        let out = triangulate(&[
            "crosstab",
            "projects/severodonetsk.ron",
            "--rows",
            rows,
            "--columns",
            columns,
        ]);
        assert!(
            out.status.success(),
            "{rows} x {columns}: {}",
            text(&out.stderr)
        );
        let expected = sample_csv(rows.parse().unwrap(), columns.parse().unwrap());
        assert_eq!(text(&out.stdout), text(&expected), "{rows} x {columns}");
        assert!(
            text(&out.stdout).starts_with(corner),
            "{}",
            text(&out.stdout)
        );
        let last = text(&out.stdout).lines().last().unwrap().to_owned();
        assert!(last.starts_with("Total,"), "{last}");
    }
    // Tags by sources is what comes without --rows and --columns.
    let out = triangulate(&["crosstab", "projects/severodonetsk.ron"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(out.stdout, sample_csv(Dimension::Tags, Dimension::Sources));
}

#[test]
fn the_output_file_is_written_once_replaced_with_force_and_never_a_project() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("table.csv");
    let csv_arg = csv.display().to_string();
    let args = [
        "crosstab",
        "projects/severodonetsk.ron",
        "--columns",
        "stances",
        "-o",
        &csv_arg,
    ];
    let out = triangulate(&args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("table.csv"),
        "{}",
        text(&out.stdout)
    );
    let expected = sample_csv(Dimension::Tags, Dimension::Stances);
    assert_eq!(std::fs::read(&csv).unwrap(), expected);

    // Again: refused, the file as it was.
    std::fs::write(&csv, "mine").unwrap();
    let out = triangulate(&args);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("already exists"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&csv).unwrap(), b"mine");
    let mut forced = args.to_vec();
    forced.push("--force");
    let out = triangulate(&forced);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(std::fs::read(&csv).unwrap(), expected);

    // A project file, even with --force: refused, untouched.
    let project = dir.path().join("copy.ron");
    std::fs::copy(triangulate::SAMPLE_PROJECT_PATH, &project).unwrap();
    let before = std::fs::read(&project).unwrap();
    let project_arg = project.display().to_string();
    let out = triangulate(&[
        "crosstab",
        "projects/severodonetsk.ron",
        "-o",
        &project_arg,
        "--force",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("project file"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&project).unwrap(), before);
}

#[test]
fn a_pair_that_is_not_one_is_refused_with_what_to_do() {
    let out = triangulate(&[
        "crosstab",
        "projects/severodonetsk.ron",
        "--rows",
        "stances",
        "--columns",
        "stances",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("both count stances"),
        "{}",
        text(&out.stderr)
    );
    assert!(out.stdout.is_empty());

    let out = triangulate(&[
        "crosstab",
        "projects/severodonetsk.ron",
        "--rows",
        "documents",
    ]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("tags, sources or stances"),
        "{}",
        text(&out.stderr)
    );
}
