//! REFI-QDA codebooks (`.qdc`): the vocabulary out and back in, another tool's
//! codebook in, a broken one refused, and `triangulate import-codebook`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use std::path::{Path, PathBuf};

use triangulate::cli::{self, Command};
use triangulate::edit;
use triangulate::interop::qdc::{self, Codebook, NAME_SLASH};
use triangulate::io::project_file;
use triangulate::model::{Colour, Project};

fn sample() -> Project {
    let loaded = project_file::from_ron_str(triangulate::SAMPLE_PROJECT).expect("the sample loads");
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    loaded.project
}

/// The REFI-QDA test files shared by the checkouts.
fn testdata(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/testdata/refi-qda")
        .join(name)
}

/// `project` with `codebook` imported, and the import's report.
fn imported(project: &Project, codebook: &Codebook) -> (Project, qdc::VocabularyImport) {
    let import = qdc::vocabulary_edit(project, codebook);
    let mut project = project.clone();
    edit::apply(&mut project, import.edit.clone()).expect("the import applies");
    (project, import)
}

/// Tag paths and colours (`#rrggbb`), sorted.
fn tags(project: &Project) -> Vec<(String, String)> {
    let mut tags: Vec<_> = project
        .tags
        .iter()
        .map(|t| (t.path.clone(), t.colour.to_string()))
        .collect();
    tags.sort();
    tags
}

#[test]
fn the_sample_vocabulary_round_trips_through_a_codebook() {
    let sample = sample();
    let written = qdc::write_codebook(&sample);
    assert_eq!(written, qdc::write_codebook(&sample), "deterministic");
    assert!(written.contains(&format!("<CodeBook xmlns=\"{}\"", qdc::NAMESPACE)));
    let codebook = qdc::read_codebook(written.as_bytes()).expect("our codebook reads");

    // Into an empty project (the default stance scale): the same vocabulary.
    let empty = Project::default();
    let (project, import) = imported(&empty, &codebook);
    assert_eq!(tags(&project), tags(&sample));
    assert_eq!(import.tags_added, sample.tags.len());
    assert_eq!(
        (import.stances_added, import.stances_matched),
        (0, sample.stances.len())
    );
    assert_eq!(project.stances, sample.stances);
    assert_eq!(import.propositions_added, sample.propositions.len());
    for (got, want) in project.propositions.iter().zip(&sample.propositions) {
        assert_eq!((&got.text, &got.notes), (&want.text, &want.notes));
    }
    // The codes' GUIDs were the ids, and were free: the ids come back too.
    assert_eq!(project.tags, sample.tags);
    assert_eq!(project.propositions, sample.propositions);
    let report = import.report.join("\n");
    assert!(
        report.contains(&format!(
            "{} tags added, 0 already there",
            sample.tags.len()
        )),
        "{report}"
    );

    // Into the sample itself: everything is there already.
    let again = qdc::vocabulary_edit(&sample, &codebook);
    assert!(!again.adds_anything(), "{:?}", again.edit);
    assert_eq!(again.tags_matched, sample.tags.len());
    assert_eq!(again.propositions_matched, sample.propositions.len());
    assert!(
        again.report.join("\n").contains("0 tags added"),
        "{:?}",
        again.report
    );

    // One undo step takes the whole import back.
    let mut undone = project.clone();
    let inverse = {
        let mut p = empty.clone();
        edit::apply(&mut p, import.edit.clone()).expect("applies")
    };
    edit::apply(&mut undone, inverse).expect("the inverse applies");
    assert_eq!(undone, empty);
}

#[test]
fn another_tools_codebook_imports_with_its_nesting_names_and_colours() {
    let bytes = std::fs::read(testdata("example_codebook.qdc")).expect("the example codebook");
    let codebook = qdc::read_codebook(&bytes).expect("the example codebook reads");
    assert_eq!(codebook.origin, "MastodonMoodBoard");
    assert_eq!(codebook.codes.len(), 4);
    let first = &codebook.codes[0];
    assert_eq!(first.guid, "c001");
    assert_eq!(first.name, "Negativ/Aufgeregt");
    assert_eq!(
        first.description,
        "All emotions with negative valence and positive arousal."
    );

    let (project, import) = imported(&Project::default(), &codebook);
    // Every code is codable: each becomes a tag, nested ones under their parent.
    assert_eq!(import.tags_added, codebook.code_count());
    assert_eq!(import.stances_added + import.propositions_added, 0);
    let slash = NAME_SLASH;
    let rage = project
        .tag_by_path(&format!("Negativ{slash}Aufgeregt/Rage"))
        .expect("Rage under its parent");
    assert_eq!(rage.colour, Colour::rgb(0xc9, 0x58, 0x58));
    let parent = project
        .tag_by_path(&format!("Negativ{slash}Aufgeregt"))
        .expect("the parent is a tag too: it is codable");
    assert_eq!(parent.colour, Colour::rgb(0xe5, 0x73, 0x73));
    assert!(
        project
            .tag_by_path(&format!(
                "Negativ{slash}Aufgeregt/Rejection {slash} Antipathy"
            ))
            .is_some(),
        "{:?}",
        project.tags.iter().map(|t| &t.path).collect::<Vec<_>>()
    );
    // Ids are ours: "c001" is not a UUID.
    assert!(project.tags.iter().all(|t| t.id.to_string().len() == 36));
    let report = import.report.join("\n");
    assert!(report.contains("held “/” in one name"), "{report}");
    assert!(report.contains("descriptions of tags"), "{report}");

    // Written out again, the names are the other tool's names.
    let written = qdc::write_codebook(&project);
    assert!(written.contains("name=\"Negativ/Aufgeregt\""), "{written}");
    assert!(
        written.contains("name=\"Rejection / Antipathy\""),
        "{written}"
    );
    // And read back into that project, nothing is new.
    let back = qdc::read_codebook(written.as_bytes()).expect("reads");
    assert!(!qdc::vocabulary_edit(&project, &back).adds_anything());
}

#[test]
fn a_broken_codebook_is_refused_with_its_line() {
    let bytes = std::fs::read(testdata("example_codebook_defect.qdc")).expect("the defect");
    let err = qdc::read_codebook(&bytes).expect_err("not well-formed");
    let message = err.to_string();
    assert!(message.contains("line 132"), "{message}");
    assert!(message.contains("Cod"), "{message}");
}

#[test]
fn import_codebook_adds_saves_and_reports_and_writes_nothing_on_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("empty.ron");
    project_file::save(&target, &Project::new("Empty")).expect("saved");
    let before = std::fs::read(&target).expect("written");

    // A broken codebook: an error naming the file, and the project untouched.
    let defect = testdata("example_codebook_defect.qdc");
    let err = cli::run(Command::ImportCodebook {
        project: target.clone(),
        file: defect.clone(),
    })
    .expect_err("refused");
    let message = format!("{err:#}");
    assert!(message.contains("example_codebook_defect.qdc"), "{message}");
    assert!(message.contains("line 132"), "{message}");
    assert_eq!(std::fs::read(&target).expect("still there"), before);

    // A missing codebook: the same.
    let missing = dir.path().join("missing.qdc");
    let err = cli::run(Command::ImportCodebook {
        project: target.clone(),
        file: missing,
    })
    .expect_err("missing");
    assert!(format!("{err:#}").contains("missing.qdc"), "{err:#}");
    assert_eq!(std::fs::read(&target).expect("still there"), before);

    // Our codebook of the sample, exported by the command line.
    let codebook = dir.path().join("sample.qdc");
    let outcome = cli::run(Command::Export {
        project: Path::new(env!("CARGO_MANIFEST_DIR")).join(triangulate::SAMPLE_PROJECT_PATH),
        format: triangulate::export::Format::Qdc,
        output: Some(codebook.clone()),
        document: None,
        source: None,
        stance: Some("Disputes".into()),
        tag: None,
        proposition: None,
        annotator: None,
        bom: false,
        force: false,
        qdpx_offsets: Default::default(),
    })
    .expect("exports");
    assert_eq!(outcome.status, 0);
    assert!(
        outcome.stderr.contains("claim filters are ignored"),
        "{}",
        outcome.stderr
    );
    assert!(outcome.stdout.contains("14 tag(s)"), "{}", outcome.stdout);

    let outcome = cli::run(Command::ImportCodebook {
        project: target.clone(),
        file: codebook.clone(),
    })
    .expect("imports");
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    assert!(
        outcome.stdout.contains("14 tags added, 0 already there"),
        "{}",
        outcome.stdout
    );
    let project = project_file::load(&target).expect("loads").project;
    assert_eq!(tags(&project), tags(&sample()));
    assert_eq!(project.propositions.len(), sample().propositions.len());

    // Again: nothing new, and the file is not rewritten.
    let saved = std::fs::read(&target).expect("saved");
    let outcome = cli::run(Command::ImportCodebook {
        project: target.clone(),
        file: codebook,
    })
    .expect("imports");
    assert!(outcome.stdout.contains("nothing new"), "{}", outcome.stdout);
    assert_eq!(std::fs::read(&target).expect("still there"), saved);
}
