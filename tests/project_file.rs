//! The project file is deterministic: any project saves, loads and saves again
//! to the very same bytes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

use proptest::prelude::*;
use triangulate::io::project_file::{from_ron_str, to_ron_string};
use triangulate::model::{
    CharRange, Claim, ClaimId, Colour, Document, DocumentId, Project, Proposition, PropositionId,
    Review, ReviewStatus, Source, SourceId, Stance, Tag, TagId,
};

/// Text with the characters that trip up serialisers: quotes, backslashes,
/// Cyrillic, emoji, curly quotes, tabs and blank lines.
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("Azot ".to_owned()),
            Just("“568” ".to_owned()),
            Just("Гайдай ".to_owned()),
            Just("🇺🇦 ".to_owned()),
            Just("\\ ".to_owned()),
            Just("\"q\" ".to_owned()),
            Just("\n".to_owned()),
            Just("\t".to_owned()),
            Just("r#\"raw\"# ".to_owned()),
            "[a-z]{1,8} ",
        ],
        1..40,
    )
    .prop_map(|parts| triangulate::model::normalise(&parts.concat()))
}

fn project() -> impl Strategy<Value = Project> {
    (
        text(),
        prop::collection::vec(text(), 1..4),
        prop::collection::vec(text(), 0..4),
        prop::collection::vec(any::<u128>(), 0..30),
    )
        .prop_map(|(title, texts, names, seeds)| {
            let mut project = Project::new(title);
            for (i, body) in texts.iter().enumerate() {
                let mut document = Document::new(format!("doc {i}"), body);
                document.id = DocumentId::from_u128(i as u128 + 1);
                document.outlet = names.first().cloned().unwrap_or_default();
                project.documents.push(document);
            }
            for (i, name) in names.iter().enumerate() {
                let mut source = Source::new(name.clone());
                source.id = SourceId::from_u128(i as u128 + 100);
                project.sources.push(source);
                let mut tag = Tag::new(format!("t/{i}"), Colour::palette(i));
                tag.id = TagId::from_u128(i as u128 + 200);
                project.tags.push(tag);
                let mut proposition = Proposition::new(name.clone());
                proposition.id = PropositionId::from_u128(i as u128 + 300);
                project.propositions.push(proposition);
            }
            for seed in seeds {
                let document =
                    &project.documents[(seed % project.documents.len() as u128) as usize];
                let len = document.char_len();
                if len < 2 {
                    continue;
                }
                let start = (seed >> 8) as usize % (len - 1);
                let end = start + 1 + (seed >> 40) as usize % (len - start - 1).max(1);
                let Some(mut claim) =
                    Claim::new(document, CharRange::new(start, end.min(len)), "a")
                else {
                    continue;
                };
                claim.id = ClaimId::from_u128(seed);
                claim.created = "2026-11-23T00:00:00Z".into();
                claim.modified = claim.created.clone();
                let n = project.sources.len();
                if n > 0 {
                    let i = (seed >> 64) as usize % n;
                    claim.source = Some(project.sources[i].id);
                    claim.tags = vec![project.tags[i].id];
                    claim.proposition = Some(project.propositions[i].id);
                }
                claim.stance = Some(Stance::DISPUTES);
                claim.note = names.first().cloned().unwrap_or_default();
                if seed % 3 == 0 {
                    claim.review = Some(Review {
                        status: ReviewStatus::Discuss,
                        reviewer: "b".into(),
                        comment: "why?".into(),
                        time: claim.created.clone(),
                    });
                }
                if project.claim(claim.id).is_none() {
                    project.claims.push(claim);
                }
            }
            project
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn save_load_save_gives_identical_bytes(project in project()) {
        let first = to_ron_string(&project);
        let loaded = from_ron_str(&first).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        prop_assert!(!loaded.anchoring.changed_anything());
        prop_assert_eq!(&loaded.project, &project);
        let second = to_ron_string(&loaded.project);
        prop_assert_eq!(first, second);
    }
}

#[test]
fn the_sample_project_round_trips_byte_identical() {
    let bytes = std::fs::read_to_string("projects/severodonetsk.ron").expect("sample");
    let loaded = from_ron_str(&bytes).expect("loads");
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(to_ron_string(&loaded.project), bytes);
}

#[test]
fn a_fixed_typo_is_a_one_line_diff() {
    let bytes = std::fs::read_to_string("projects/severodonetsk.ron").expect("sample");
    let mut project = from_ron_str(&bytes).expect("loads").project;
    let document = project.documents.first_mut().expect("a document");
    document.text = document
        .text
        .replacen("Severodonetsk", "Sievierodonetsk", 1);
    document.fingerprint = triangulate::model::fingerprint(&document.text);
    let after = to_ron_string(&project);
    let changed: Vec<_> = bytes
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(bytes.lines().count(), after.lines().count());
    // The text line and the fingerprint line.
    assert_eq!(changed.len(), 2, "{changed:#?}");
}
