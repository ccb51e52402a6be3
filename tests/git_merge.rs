//! `triangulate merge` as a git merge driver, in a real temporary repository.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

use std::path::Path;
use std::process::Command;

use triangulate::io::project_file;
use triangulate::model::{CharRange, Claim, ClaimId, Project};

mod common;

/// Runs git in `dir`; panics with its output when it fails.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "git {args:?} failed:\n{text}");
    text
}

/// Adds a claim over `range` of the `doc`-th document of the project file; returns its id.
fn add_claim(file: &Path, doc: usize, range: CharRange, annotator: &str) -> ClaimId {
    let mut project: Project = project_file::load(file).expect("load").project;
    let document = project.documents.get(doc).expect("document");
    let mut claim = Claim::new(document, range, annotator).expect("claim");
    claim.note = format!("added by {annotator}");
    let id = claim.id;
    project.claims.push(claim);
    project_file::save(file, &project).expect("save");
    // The backup is not part of the project.
    let _ = std::fs::remove_file(file.with_extension("ron.bak"));
    id
}

#[test]
fn git_merge_uses_the_driver_and_keeps_both_sides_claims() {
    if !common::required(common::program_runs("git", &["--version"]), "git") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = dir.path();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join(triangulate::SAMPLE_PROJECT_PATH);
    let file = repo.join("severodonetsk.ron");
    let project = project_file::load(&sample)
        .expect("the sample loads")
        .project;
    project_file::save(&file, &project).expect("save");
    let base_claims: Vec<ClaimId> = project.claims.iter().map(|c| c.id).collect();

    git(repo, &["init", "-q"]);
    git(repo, &["config", "user.name", "Test"]);
    git(repo, &["config", "user.email", "test@example.org"]);
    git(repo, &["config", "commit.gpgsign", "false"]);
    let driver = format!(
        "\"{}\" merge %O %A %B -o %A",
        env!("CARGO_BIN_EXE_triangulate")
    );
    git(repo, &["config", "merge.triangulate.driver", &driver]);
    git(
        repo,
        &[
            "config",
            "merge.triangulate.name",
            "Triangulate project merge",
        ],
    );
    std::fs::write(repo.join(".gitattributes"), "*.ron merge=triangulate\n").expect("write");
    git(repo, &["add", ".gitattributes", "severodonetsk.ron"]);
    git(repo, &["commit", "-q", "-m", "sample"]);
    let main = git(repo, &["rev-parse", "--abbrev-ref", "HEAD"])
        .trim()
        .to_owned();

    // Two branches add different claims right next to each other in the file.
    git(repo, &["checkout", "-q", "-b", "ana"]);
    let ana = add_claim(&file, 0, CharRange::new(0, 20), "ana");
    git(repo, &["commit", "-q", "-am", "ana's claim"]);
    git(repo, &["checkout", "-q", &main]);
    git(repo, &["checkout", "-q", "-b", "bo"]);
    let bo = add_claim(&file, 0, CharRange::new(5, 30), "bo");
    git(repo, &["commit", "-q", "-am", "bo's claim"]);

    let out = git(repo, &["merge", "--no-edit", "ana"]);
    assert!(!out.contains("CONFLICT"), "{out}");
    assert!(out.contains("merged into"), "the driver ran:\n{out}");
    let status = git(repo, &["status", "--porcelain"]);
    assert!(
        status.trim().is_empty(),
        "the work tree is clean:\n{status}"
    );

    let loaded = project_file::load(&file).expect("the merged project loads");
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let merged = loaded.project;
    for id in base_claims.iter().chain([&ana, &bo]) {
        assert!(merged.claim(*id).is_some(), "claim {id} is missing");
    }
    assert_eq!(merged.claims.len(), base_claims.len() + 2);
}
