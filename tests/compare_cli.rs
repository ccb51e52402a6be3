//! `triangulate compare`, run as a user runs it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

use std::process::{Command, Output};

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

#[test]
fn the_markdown_matrix_marks_the_azot_civilians_as_disputed_with_their_figures() {
    let out = triangulate(&["compare", "projects/severodonetsk.ron", "--format", "md"]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", text(&out.stderr));
    let azot = stdout
        .lines()
        .find(|l| l.contains("Civilians are sheltering in the Azot plant") && l.starts_with('|'))
        .expect("an Azot civilians row");
    assert!(azot.starts_with("| ⚠ "), "{azot}");
    for figure in ["(568)", "(about 500)", "(at least 1,200)", "(up to 500)"] {
        assert!(azot.contains(figure), "{figure} is missing from {azot}");
    }
    for source in [
        "Serhiy Haidai",
        "UNIAN",
        "Vitaly Kiselev",
        "Rodion Miroshnik",
    ] {
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with("| Proposition |") && l.contains(source)),
            "{source}"
        );
    }
    let control = stdout
        .lines()
        .find(|l| l.contains("Russian forces control Severodonetsk") && l.starts_with('|'))
        .expect("a control row");
    assert!(
        control.starts_with("| ⚠ ") && control.contains("stances oppose"),
        "{control}"
    );
}

#[test]
fn options_narrow_the_matrix_and_mistakes_are_reported() {
    let out = triangulate(&[
        "compare",
        "projects/severodonetsk.ron",
        "--proposition",
        "Civilians are sheltering in the Azot plant",
        "--columns",
        "documents",
        "--format",
        "csv",
        "--disputed",
    ]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        stdout
            .lines()
            .filter(|l| l.starts_with("Civilians"))
            .count(),
        1,
        "{stdout}"
    );
    assert!(!stdout.contains("Russian forces control"), "{stdout}");

    let wrong = triangulate(&["compare", "projects/severodonetsk.ron", "--columns", "rows"]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        text(&wrong.stderr).contains("sources, documents or outlets"),
        "{}",
        text(&wrong.stderr)
    );

    let missing = triangulate(&[
        "compare",
        "projects/severodonetsk.ron",
        "--proposition",
        "unicorns",
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("no proposition is or contains “unicorns”"));
}
