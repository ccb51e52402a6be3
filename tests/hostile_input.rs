//! Project files come from outside: whatever bytes a loader is given, it answers
//! with a project or a clear error, never a panic or a hang.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

use proptest::prelude::*;
use triangulate::io::project_file::{from_ron_str, load};

/// The sample project's text, the seed every mutation starts from.
fn sample() -> String {
    std::fs::read_to_string(triangulate::SAMPLE_PROJECT_PATH).expect("the sample")
}

/// One change to a file's bytes.
#[derive(Clone, Debug)]
enum Mutation {
    Flip { at: usize, byte: u8 },
    Delete { at: usize, len: usize },
    Insert { at: usize, text: String },
    Duplicate { at: usize, len: usize },
    Truncate { at: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Flip { at, byte }),
        (any::<usize>(), 1usize..200).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (
            any::<usize>(),
            prop_oneof![
                Just("(".to_owned()),
                Just(")".to_owned()),
                Just("\"".to_owned()),
                Just("[[[[[[".to_owned()),
                Just("Some(".to_owned()),
                Just("format_version: 999,".to_owned()),
                Just("\\u{d800}".to_owned()),
                Just("99999999999999999999999".to_owned()),
                "[a-z:,()\\[\\]\"0-9 ]{1,12}",
            ]
        )
            .prop_map(|(at, text)| Mutation::Insert { at, text }),
        (any::<usize>(), 1usize..400).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
    ]
}

fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let len = bytes.len().max(1);
    match mutation {
        Mutation::Flip { at, byte } => {
            if let Some(b) = bytes.get_mut(at % len) {
                *b ^= byte | 1;
            }
        }
        Mutation::Delete { at, len: n } => {
            let start = at % len;
            let end = (start + n).min(bytes.len());
            bytes.drain(start..end);
        }
        Mutation::Insert { at, text } => {
            let at = at % len;
            bytes.splice(at..at, text.bytes());
        }
        Mutation::Duplicate { at, len: n } => {
            let start = at % len;
            let end = (start + n).min(bytes.len());
            let copy: Vec<u8> = bytes[start..end].to_vec();
            bytes.splice(end..end, copy);
        }
        Mutation::Truncate { at } => bytes.truncate(at % len),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn mutated_project_files_give_a_project_or_an_error(
        mutations in prop::collection::vec(mutation(), 1..6)
    ) {
        let mut bytes = sample().into_bytes();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        // Through the whole loader, from a file, as the app and the CLI read it.
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let path = dir.path().join("mutated.ron");
        std::fs::write(&path, &bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        match load(&path) {
            Ok(loaded) => {
                // Whatever loaded is consistent enough to save and load again.
                let text = triangulate::io::project_file::to_ron_string(&loaded.project);
                prop_assert!(from_ron_str(&text).is_ok());
            }
            Err(err) => {
                let message = err.to_string();
                prop_assert!(message.contains("mutated.ron"), "{message}");
            }
        }
    }
}

#[test]
fn a_huge_count_of_claims_is_refused_with_a_clear_error() {
    let limit = triangulate::io::project_file::MAX_CLAIMS;
    // A file that is small but claims to hold more claims than the limit: many empty claims.
    let mut text = String::from("(format_version: 1, claims: [");
    for _ in 0..=limit {
        text.push_str("(),");
    }
    text.push_str("])");
    let err = from_ron_str(&text).expect_err("refused");
    let message = err.to_string();
    assert!(
        message.contains("claims") && message.contains(&limit.to_string()),
        "{message}"
    );
}

/// A small project with one document, one source and one claim, as text.
fn small_project() -> triangulate::model::Project {
    use triangulate::model::{CharRange, Claim, Document, Project, Source};
    let mut project = Project::new("Azot");
    let document = Document::new("d", "Haidai said 568 civilians remain at Azot.");
    let source = Source::new("Serhiy Haidai");
    let mut claim = Claim::new(&document, CharRange::new(12, 25), "ana").expect("claim");
    claim.source = Some(source.id);
    project.documents.push(document);
    project.sources.push(source);
    project.claims.push(claim);
    project
}

#[test]
fn an_overlong_name_is_refused_naming_the_field_and_the_limit() {
    use triangulate::io::project_file::{LoadError, MAX_NAME_CHARS, to_ron_string};
    let mut project = small_project();
    project.sources[0].name = "x".repeat(MAX_NAME_CHARS + 1);
    let err = from_ron_str(&to_ron_string(&project)).expect_err("refused");
    let message = err.to_string();
    let LoadError::TooLong {
        field,
        chars,
        limit,
        ..
    } = err
    else {
        panic!("expected a string length error, got {message}");
    };
    assert_eq!(
        field,
        format!("the name of source {}", project.sources[0].id.short())
    );
    assert_eq!((chars, limit), (MAX_NAME_CHARS + 1, MAX_NAME_CHARS));
    assert!(
        message.contains(&field) && message.contains(&MAX_NAME_CHARS.to_string()),
        "{message}"
    );

    // The limit counts characters, not bytes: the longest name allowed, in Cyrillic, loads.
    project.sources[0].name = "ж".repeat(MAX_NAME_CHARS);
    assert!(from_ron_str(&to_ron_string(&project)).is_ok());
}

#[test]
fn an_overlong_note_is_refused_and_the_error_names_the_file() {
    use triangulate::io::project_file::{MAX_TEXT_CHARS, to_ron_string};
    let mut project = small_project();
    project.claims[0].note = "n".repeat(MAX_TEXT_CHARS + 1);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("hostile.ron");
    std::fs::write(&path, to_ron_string(&project)).expect("write");
    let message = load(&path).expect_err("refused").to_string();
    assert!(
        message.contains("hostile.ron")
            && message.contains("the note of claim")
            && message.contains(&MAX_TEXT_CHARS.to_string()),
        "{message}"
    );
    project.claims[0].note = "n".repeat(MAX_TEXT_CHARS);
    assert!(from_ron_str(&to_ron_string(&project)).is_ok());
}

#[test]
fn a_quote_may_be_as_long_as_its_document() {
    use triangulate::io::project_file::{MAX_TEXT_CHARS, to_ron_string};
    use triangulate::model::{CharRange, Claim, Document, Project};
    // A whole long document claimed at once: longer than free text may be, and fine.
    let text = "Azot holds. ".repeat(MAX_TEXT_CHARS / 12 + 10);
    let document = Document::new("long", &text);
    let claim =
        Claim::new(&document, CharRange::new(0, document.char_len()), "ana").expect("claim");
    assert!(claim.quote.exact.chars().count() > MAX_TEXT_CHARS);
    let mut project = Project::new("long");
    project.documents.push(document);
    project.claims.push(claim);
    let loaded = from_ron_str(&to_ron_string(&project)).expect("loads");
    assert_eq!(loaded.project.claims.len(), 1);
}

#[test]
fn a_project_that_would_not_load_is_not_saved() {
    use triangulate::io::project_file::{MAX_NAME_CHARS, save};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("azot.ron");
    let mut project = small_project();
    save(&path, &project).expect("first save");
    let before = std::fs::read_to_string(&path).expect("read");
    project.title = "t".repeat(MAX_NAME_CHARS + 5);
    let message = save(&path, &project).expect_err("refused").to_string();
    assert!(
        message.contains("the project's title") && message.contains("shorten it"),
        "{message}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        before,
        "the file on disk is untouched"
    );
}

#[test]
fn annotations_with_overlong_names_are_left_out_so_the_project_still_saves() {
    use triangulate::export::w3c::import_w3c;
    use triangulate::io::project_file::{MAX_NAME_CHARS, overlong_string};
    let project = small_project();
    let long_tag = "t".repeat(MAX_NAME_CHARS + 1);
    let json = format!(
        r#"[{{ "type": "Annotation",
              "body": {{ "type": "TextualBody", "purpose": "tagging", "value": "{long_tag}" }},
              "target": {{ "selector": {{ "type": "TextQuoteSelector", "exact": "568 civilians" }} }} }},
            {{ "type": "Annotation",
              "body": {{ "type": "TextualBody", "purpose": "tagging", "value": "casualties" }},
              "target": {{ "selector": {{ "type": "TextQuoteSelector", "exact": "remain at Azot" }} }} }}]"#
    );
    let imported = import_w3c(&project, &json).expect("imports");
    assert_eq!(imported.claims, 1, "{:?}", imported.unmatched);
    assert_eq!(imported.unmatched.len(), 1);
    assert!(
        imported.unmatched[0].contains("tag")
            && imported.unmatched[0].contains(&MAX_NAME_CHARS.to_string()),
        "{}",
        imported.unmatched[0]
    );
    let mut changed = project.clone();
    triangulate::edit::apply(&mut changed, imported.edit).expect("applies");
    assert_eq!(overlong_string(&changed), None);
}
