//! The sample project `projects/severodonetsk.ron`: built from the corpus by
//! `examples/build_sample.rs`, complete, consistent, and identical to the committed file.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

#[allow(dead_code)]
#[path = "../examples/build_sample.rs"]
mod build_sample;

use std::collections::{BTreeMap, BTreeSet};

use triangulate::compare::{self, Columns};
use triangulate::io::project_file;
use triangulate::model::{Project, slice};
use triangulate::values;

fn built() -> Project {
    let corpus = build_sample::package_root().join(build_sample::CORPUS);
    match build_sample::build_project(&corpus) {
        Ok(project) => project,
        Err(err) => panic!("the sample project does not build: {err}"),
    }
}

#[test]
fn the_sample_is_complete_and_consistent() {
    let project = built();
    assert_eq!(project.title, "Severodonetsk, June 2022");
    assert_eq!(project.documents.len(), 5);
    assert!(
        project.claims.len() >= 40,
        "{} claims",
        project.claims.len()
    );
    assert!(
        project.propositions.len() >= 8,
        "{} propositions",
        project.propositions.len()
    );

    for document in &project.documents {
        assert_eq!(document.language, "en");
        assert!(!document.title.is_empty() && !document.notes.is_empty());
        assert!(!document.imported_from.is_empty());
    }

    for claim in &project.claims {
        let document = project
            .document(claim.document)
            .unwrap_or_else(|| panic!("claim {:?} has no document", claim.id));
        assert_eq!(
            slice(&document.text, claim.range),
            Some(claim.quote.exact.as_str()),
            "claim {:?} in {}",
            claim.id,
            document.label()
        );
        if let Some(source) = claim.source {
            assert!(project.source(source).is_some(), "claim {:?}", claim.id);
        }
        let stance = claim.stance.expect("every sample claim has a stance");
        assert!(project.stance(stance).is_some(), "claim {:?}", claim.id);
        let proposition = claim
            .proposition
            .expect("every sample claim has a proposition");
        assert!(
            project.proposition(proposition).is_some(),
            "claim {:?}",
            claim.id
        );
        for tag in &claim.tags {
            assert!(project.tag(*tag).is_some(), "claim {:?}", claim.id);
        }
        assert_eq!(claim.annotator, build_sample::ANNOTATOR);
        assert_eq!(claim.created, build_sample::TIMESTAMP);
        assert_eq!(claim.modified, build_sample::TIMESTAMP);
    }

    let problems = project_file::validate(&project);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_builder_is_deterministic() {
    assert_eq!(built(), built());
}

#[test]
fn the_committed_file_matches_the_builder() {
    let project = built();
    let folder = tempfile::tempdir().expect("a temporary folder");
    let fresh = folder.path().join("severodonetsk.ron");
    project_file::save(&fresh, &project).expect("saves");
    let fresh = std::fs::read(&fresh).expect("reads the fresh file");

    let committed_path = build_sample::package_root().join(build_sample::OUTPUT);
    let committed = std::fs::read(&committed_path).unwrap_or_else(|err| {
        panic!(
            "cannot read {}: {err}; run `cargo run --example build_sample`",
            committed_path.display()
        )
    });
    assert!(
        committed == fresh,
        "{} differs from what examples/build_sample.rs writes; run `cargo run --example build_sample`",
        committed_path.display()
    );

    let loaded = project_file::load(&committed_path).expect("the committed file loads");
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    assert_eq!(loaded.project, project);
}

#[test]
fn the_civilian_counts_at_azot_conflict() {
    let project = built();
    let proposition = project
        .proposition_by_text("Civilians are sheltering in the Azot plant")
        .expect("the civilians-at-Azot proposition");
    let with_values: Vec<_> = project
        .claims
        .iter()
        .filter(|c| c.proposition == Some(proposition.id) && !c.value.is_empty())
        .collect();
    let values: BTreeSet<_> = with_values.iter().map(|c| c.value.as_str()).collect();
    let sources: BTreeSet<_> = with_values.iter().filter_map(|c| c.source).collect();
    assert!(values.len() >= 3, "values: {values:?}");
    assert!(sources.len() >= 3, "{} sources", sources.len());
    for figure in ["568", "about 500", "at least 1,200", "up to 500"] {
        assert!(values.contains(figure), "{figure} missing from {values:?}");
    }

    // The comparison matrix marks the row disputed for its figures, and every one
    // of them as conflicting: 568 and "up to 500" cannot both be true, nor either of
    // them and "at least 1,200" (which also rules out "about 500").
    let matrix = compare::build_matrix(&project, Columns::Sources, None);
    let row = matrix
        .rows
        .iter()
        .find(|r| r.proposition == proposition.id)
        .expect("the proposition has a row");
    assert!(row.value_conflict && row.disputed, "{row:#?}");
    let marked: BTreeMap<&str, bool> = row
        .values
        .iter()
        .map(|v| (v.value.as_str(), v.conflicting))
        .collect();
    for figure in ["568", "about 500", "at least 1,200", "up to 500"] {
        assert_eq!(
            marked.get(figure),
            Some(&true),
            "{figure} is not marked conflicting: {marked:?}"
        );
    }
    let figure = |text: &str| {
        values::parse_value(text).unwrap_or_else(|| panic!("“{text}” reads as a figure"))
    };
    assert!(values::conflicts(&figure("568"), &figure("up to 500")));
    assert!(values::conflicts(&figure("568"), &figure("at least 1,200")));
    assert!(values::conflicts(
        &figure("about 500"),
        &figure("at least 1,200")
    ));
    // "about 500" allows 568: a conflict is a real clash, not any difference.
    assert!(!values::conflicts(&figure("568"), &figure("about 500")));
    let clashing: BTreeSet<&str> = row
        .values
        .iter()
        .filter(|v| v.conflicting)
        .map(|v| v.source.as_str())
        .collect();
    assert!(clashing.len() >= 3, "conflicting figures from {clashing:?}");

    // A row whose figures agree is not marked.
    let troops = matrix
        .rows
        .iter()
        .find(|r| r.text == "Ukrainian troops are trapped in the Azot plant")
        .expect("the troops row");
    assert!(troops.values.len() >= 2, "{troops:#?}");
    assert!(
        !troops.value_conflict && troops.values.iter().all(|v| !v.conflicting),
        "{troops:#?}"
    );
}
