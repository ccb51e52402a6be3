//! W3C Web Annotation import of what other tools write: Hypothesis's JSON-LD and
//! API JSON, the `oa:`-prefixed and full-IRI forms, selectors inside `refinedBy`,
//! link bodies, repeats recognised by their http(s) ids, and the import's report.
//! The fixtures are in `tests/fixtures/w3c/` (see its README).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use triangulate::edit;
use triangulate::export::{self, ExportOptions, Format, w3c};
use triangulate::io::project_file;
use triangulate::model::{Claim, ClaimId, DocumentId, Project};

/// The document of the sample project that the fixtures annotate: “Civilians and
/// fighters hold out at the Severodonetsk Nitrogen plant” (4,959 characters).
const NITROGEN: &str = "28f33248-f31c-8541-9c1b-73a39de8aa3e";

/// That document's fingerprint as a target source.
const NITROGEN_URN: &str =
    "urn:triangulate:document:a39113b9361bafdafd5dca198019d8cbfb6822ca2b9fcdb18b7af33c7be85f5a";

fn sample() -> Project {
    project_file::from_ron_str(triangulate::SAMPLE_PROJECT)
        .expect("the sample project loads")
        .project
}

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/w3c")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// Imports `json` into `project` and applies the edit; gives the report and the
/// claims added, in the order the file has them.
fn import(project: &mut Project, json: &str) -> (w3c::AnnotationImport, Vec<Claim>) {
    let before: BTreeSet<ClaimId> = project.claims.iter().map(|c| c.id).collect();
    let imported = w3c::import_w3c(project, json).expect("imports");
    edit::apply(project, imported.edit.clone()).expect("the edit applies");
    let added = project
        .claims
        .iter()
        .filter(|c| !before.contains(&c.id))
        .cloned()
        .collect();
    (imported, added)
}

/// One readable line for each claim: everything an import sets.
fn summaries(project: &Project, claims: &[Claim]) -> Vec<String> {
    claims
        .iter()
        .map(|c| {
            format!(
                "{} {} {}..{} {:?} tags=[{}] note={:?} by={:?} created={} modified={}",
                c.id,
                c.document,
                c.range.start,
                c.range.end,
                c.quote.exact,
                project.tag_list(c),
                c.note,
                c.annotator,
                c.created,
                c.modified,
            )
        })
        .collect()
}

#[test]
fn a_hypothesis_export_lands_on_the_sample_document() {
    let mut project = sample();
    let (imported, added) = import(&mut project, &fixture("hypothesis.jsonld"));
    assert!(imported.unmatched.is_empty(), "{:#?}", imported.unmatched);
    assert_eq!(imported.claims, 3);
    assert_eq!(
        (
            imported.already_present,
            imported.not_imported,
            imported.links_kept
        ),
        (0, 0, 0)
    );
    let nitrogen: DocumentId = NITROGEN.parse().expect("an id");
    // Hypothesis counts positions in the web page (217 characters more, for its
    // header): the quotes put the claims where the text is.
    let places: Vec<(DocumentId, usize, usize)> = added
        .iter()
        .map(|c| (c.document, c.range.start, c.range.end))
        .collect();
    assert_eq!(
        places,
        [
            (nitrogen, 825, 861),
            (nitrogen, 598, 639),
            (nitrogen, 2640, 2694)
        ]
    );
    let first = &added[0];
    assert_eq!(first.quote.exact, "568 civilians, including 38 children");
    assert_eq!(project.tag_list(first), "civilians/sheltering, figures");
    assert_eq!(
        first.note,
        "Gaidai's figure. Others give **about 500** or *at least 1,200*."
    );
    assert_eq!(first.annotator, "analyst_bo@hypothes.is");
    assert_eq!(first.created, "2022-06-15T09:12:44.120931Z");
    assert_eq!(first.modified, "2022-06-15T09:20:02.004518Z");
    // A highlight with tags only (Hypothesis writes an empty text body) has no note.
    assert_eq!(added[1].note, "");
    assert_eq!(project.tag_list(&added[1]), "territory/control");
    assert_eq!(
        imported.summary(),
        "3 claim(s) added, 0 already present, 0 not imported, 0 link(s) kept as notes"
    );
}

#[test]
fn a_second_import_of_annotations_with_http_ids_adds_nothing() {
    let mut project = sample();
    let json = fixture("hypothesis.jsonld");
    let (_, first) = import(&mut project, &json);
    let claims = project.claims.len();

    let again = w3c::import_w3c(&project, &json).expect("imports");
    assert_eq!(again.claims, 0);
    assert_eq!(again.already_present, 3);
    assert_eq!(again.not_imported, 0);
    assert_eq!(
        again.report_lines()[0],
        "0 claim(s) added, 3 already present, 0 not imported, 0 link(s) kept as notes"
    );
    assert_eq!(again.report_lines().len(), 4, "{:#?}", again.report_lines());
    assert!(
        again.unmatched[0].starts_with("annotation https://hypothes.is/a/Jc2rWBnKEe2Lc-cLwP4y0g")
            && again.unmatched[0].contains("already has this claim"),
        "{}",
        again.unmatched[0]
    );
    edit::apply(&mut project, again.edit).expect("applies");
    assert_eq!(project.claims.len(), claims);

    // The same annotations from Hypothesis's API are the same claims.
    let api = w3c::import_w3c(&project, &fixture("hypothesis-api.json")).expect("imports");
    assert_eq!(
        (api.claims, api.already_present),
        (0, 3),
        "{:#?}",
        api.unmatched
    );

    // So is Triangulate's own export of the imported claims, whose ids are `urn:uuid:`.
    let indices: Vec<usize> = project
        .claims
        .iter()
        .enumerate()
        .filter(|(_, c)| first.iter().any(|f| f.id == c.id))
        .map(|(at, _)| at)
        .collect();
    let ours = export::export(&project, &indices, Format::W3c, &ExportOptions::default())
        .expect("exports");
    let ours = String::from_utf8(ours).expect("text");
    assert!(ours.contains(&format!("urn:uuid:{}", first[0].id)));
    let back = w3c::import_w3c(&project, &ours).expect("imports");
    assert_eq!(
        (back.claims, back.already_present),
        (0, 3),
        "{:#?}",
        back.unmatched
    );
}

#[test]
fn every_form_of_the_annotations_gives_the_same_claims() {
    let mut plain_project = sample();
    let (_, plain) = import(&mut plain_project, &fixture("hypothesis.jsonld"));
    let expected = summaries(&plain_project, &plain);
    for name in [
        "oa-prefixed.jsonld",
        "full-iri.jsonld",
        "refined-by.jsonld",
        "hypothesis-api.json",
    ] {
        let mut project = sample();
        let (imported, added) = import(&mut project, &fixture(name));
        assert!(
            imported.unmatched.is_empty(),
            "{name}: {:#?}",
            imported.unmatched
        );
        assert_eq!(summaries(&project, &added), expected, "{name}");
        assert_eq!(project.tags.len(), plain_project.tags.len(), "{name}");
    }
}

#[test]
fn link_bodies_are_kept_as_notes() {
    let mut project = sample();
    let (imported, added) = import(&mut project, &fixture("links.jsonld"));
    assert!(imported.unmatched.is_empty(), "{:#?}", imported.unmatched);
    assert_eq!(imported.links_kept, 3);
    let notes: Vec<&str> = added.iter().map(|c| c.note.as_str()).collect();
    assert_eq!(
        notes,
        [
            "Link: https://archive.example.net/unian/2022-06-14-azot",
            "Link: https://t.me/s/example_governor/1234\n\nGaidai's post of the same morning",
            "Link: http://dbpedia.org/resource/Sergei_Shoigu",
        ]
    );
    assert_eq!(project.tag_list(&added[1]), "territory/control");
    assert_eq!(
        imported.summary(),
        "3 claim(s) added, 0 already present, 0 not imported, 3 link(s) kept as notes"
    );
}

/// The one line an import of `annotation` alone gives, and that nothing was added.
fn refusal(project: &Project, annotation: &serde_json::Value) -> String {
    let imported = w3c::import_w3c(project, &annotation.to_string()).expect("imports");
    assert_eq!(
        (imported.claims, imported.not_imported),
        (0, 1),
        "{annotation}"
    );
    assert_eq!(imported.unmatched.len(), 1);
    imported.unmatched[0].clone()
}

#[test]
fn messages_say_exactly_what_is_wrong() {
    use serde_json::json;
    let project = sample();
    let position = |source: Option<&str>, start: usize, end: usize| {
        let mut target = json!({
            "selector": { "type": "TextPositionSelector", "start": start, "end": end }
        });
        if let Some(source) = source {
            target["source"] = json!(source);
        }
        json!({ "id": "http://example.org/anno/7", "type": "Annotation", "target": target })
    };

    let past_end = refusal(&project, &position(Some(NITROGEN_URN), 5100, 5120));
    assert_eq!(
        past_end,
        "annotation http://example.org/anno/7: its position 5100–5120 is past the end of the text of “Civilians and fighters hold out at the Severodonetsk Nitrogen plant” (4959 characters)"
    );
    let empty = refusal(&project, &position(Some(NITROGEN_URN), 40, 40));
    assert!(
        empty.ends_with("its position 40–40 is empty, so it marks no text"),
        "{empty}"
    );
    let elsewhere = refusal(
        &project,
        &position(Some("https://news.example.org/other"), 10, 20),
    );
    assert_eq!(
        elsewhere,
        "annotation http://example.org/anno/7: it targets https://news.example.org/other, which matches no document of the project, and it marks its text by position only, so it cannot be looked for in the other documents"
    );
    let nowhere = refusal(&project, &position(None, 10, 20));
    assert!(
        nowhere.contains("names no document and marks its text by position only"),
        "{nowhere}"
    );
    for line in [&past_end, &empty, &elsewhere, &nowhere] {
        assert!(!line.contains("quote"), "a position-only line: {line}");
    }

    let quote = |source: &str, exact: &str| {
        json!({ "type": "Annotation", "target": { "source": source,
            "selector": { "type": "TextQuoteSelector", "exact": exact } } })
    };
    let lost = refusal(
        &project,
        &quote("https://news.example.org/other", "words no document holds"),
    );
    assert_eq!(
        lost,
        "annotation 1: it targets https://news.example.org/other, which matches no document of the project, and no document holds its quote “words no document holds”"
    );
    let not_here = refusal(&project, &quote(NITROGEN_URN, "words this document lacks"));
    assert_eq!(
        not_here,
        "annotation 1: its quote “words this document lacks” is not in “Civilians and fighters hold out at the Severodonetsk Nitrogen plant”"
    );

    // A position inside an element only a browser can find is not a place in the text.
    let xpath = json!({ "type": "Annotation", "target": { "source": NITROGEN_URN,
        "selector": { "type": "XPathSelector", "value": "/main[1]/article[1]/div[2]/p[6]",
                      "refinedBy": { "type": "TextPositionSelector", "start": 63, "end": 99 } } } });
    let relative = refusal(&project, &xpath);
    assert!(
        relative.contains("its TextPositionSelector counts from the start of what its XPathSelector selects, not of the document"),
        "{relative}"
    );
}

#[test]
fn the_binary_prints_the_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("sample.ron");
    project_file::save(&target, &sample()).expect("saved");
    let annotations =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/w3c/links.jsonld");
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_triangulate"))
            .arg("import-annotations")
            .arg(&target)
            .arg(&annotations)
            .output()
            .expect("the binary runs")
    };
    let out = run();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(
            "3 claim(s) added, 0 already present, 0 not imported, 3 link(s) kept as notes"
        ),
        "{stdout}"
    );

    // Again: nothing added, each annotation said to be there already (exit 0: a repeat is not a problem).
    let out = run();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout.contains("0 claim(s) added, 3 already present, 0 not imported"),
        "{stdout}"
    );
    assert_eq!(
        stderr.matches("already has this claim").count(),
        3,
        "{stderr}"
    );
}
