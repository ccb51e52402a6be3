//! Exports of the sample project: CSV, JSON, W3C Web Annotation, REFI-QDA and the report,
//! checked for content, positions, escaping, filters and against the formats' own schemas.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use triangulate::cli::export::ExportArgs;
use triangulate::edit;
use triangulate::export::{
    self, ClaimNames, ExportOptions, Format, csv as csv_export, json as json_export, w3c,
};
use triangulate::io::project_file;
use triangulate::model::{CharRange, Claim, Project, Stance, slice};
use triangulate::query::{self, ClaimFilter};

mod common;

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample() -> Project {
    let loaded = project_file::load(&manifest().join("projects/severodonetsk.ron"))
        .expect("the sample project loads");
    loaded.project
}

fn options() -> ExportOptions {
    ExportOptions {
        generated: "2026-11-30T12:00:00Z".into(),
        ..ExportOptions::default()
    }
}

fn all(project: &Project) -> Vec<usize> {
    (0..project.claims.len()).collect()
}

fn export(project: &Project, claims: &[usize], format: Format) -> Vec<u8> {
    export::export(project, claims, format, &options()).expect("exports")
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).expect("UTF-8")
}

/// The claim of the sample whose value is "568".
fn claim_568(project: &Project) -> &Claim {
    project
        .claims
        .iter()
        .find(|c| c.value == "568")
        .expect("the sample has the 568 claim")
}

/// The sample with two more claims: one over emoji, one over Cyrillic and curly quotes.
fn sample_with_unicode() -> (Project, Vec<String>) {
    let mut project = sample();
    let mut quotes = Vec::new();
    for wanted in ["🇺🇦✊🏻", "Glory to #Ukraine 🇺🇦✊🏻"] {
        let (document, start) = project
            .documents
            .iter()
            .find_map(|d| d.text.find(wanted).map(|at| (d.clone(), at)))
            .expect("the emoji line is in a document");
        let start = document.text[..start].chars().count();
        let range = CharRange::new(start, start + wanted.chars().count());
        let claim = Claim::new(&document, range, "Тестер «ü»").expect("claim");
        quotes.push(claim.quote.exact.clone());
        project.claims.push(claim);
    }
    // A claim whose own fields hold non-ASCII text.
    if let Some(claim) = project.claims.last_mut() {
        claim.note = "Примечание: “quoted” — ✊🏻".into();
        claim.value = "≈500".into();
    }
    (project, quotes)
}

fn parse_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let header = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.expect("row").iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

fn column(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

// ---------------------------------------------------------------------------
// CSV

#[test]
fn csv_has_a_header_and_a_row_per_claim_with_the_known_fields() {
    let project = sample();
    let bytes = export(&project, &all(&project), Format::Csv);
    assert!(!bytes.starts_with(b"\xEF\xBB\xBF"), "no BOM unless asked");
    assert!(bytes.windows(2).any(|w| w == b"\r\n"), "RFC 4180 line ends");
    let (header, rows) = parse_csv(&bytes);
    assert_eq!(header, csv_export::COLUMNS);
    assert_eq!(rows.len(), project.claims.len());
    assert_eq!(rows.len(), 63);

    let claim = claim_568(&project);
    let id = column(&header, "claim_id");
    let row = rows
        .iter()
        .find(|r| r[id] == claim.id.to_string())
        .expect("the 568 row");
    let get = |name: &str| row[column(&header, name)].as_str();
    let document = project.document(claim.document).expect("document");
    assert_eq!(get("document_title"), document.title);
    assert_eq!(get("value"), "568");
    assert_eq!(get("stance"), "Supports");
    assert_eq!(
        get("proposition"),
        "Civilians are sheltering in the Azot plant"
    );
    assert_eq!(get("source"), project.asserted_by(claim));
    assert_eq!(
        get("quote"),
        "The number of people remaining at the facility is estimated at 568 civilians, including 38 children."
    );
    assert!(
        get("tags").contains("civilians/sheltering"),
        "{}",
        get("tags")
    );
    assert_eq!(get("tags").split("; ").count(), claim.tags.len());
    assert_eq!(get("char_start"), "762");
    assert_eq!(get("char_end"), "862");
    assert_eq!(get("annotator"), "Triangulate sample");
    assert_eq!(get("created"), "2026-11-23T00:00:00Z");
    assert_eq!(get("review_status"), "");
    assert!(get("note").starts_with("Including 38 children."));
}

#[test]
fn csv_bom_is_optional() {
    let project = sample();
    let options = ExportOptions {
        bom: true,
        ..options()
    };
    let bytes = export::export(&project, &[0], Format::Csv, &options).expect("exports");
    assert!(bytes.starts_with(b"\xEF\xBB\xBFdocument_title,"));
}

#[test]
fn csv_neutralises_cells_a_spreadsheet_would_run_as_formulas() {
    let mut project = sample();
    let claim = project.claims.first_mut().expect("a claim");
    claim.note = "=HYPERLINK(\"http://evil.example\",\"click\")".into();
    claim.value = "+1+2".into();
    claim.annotator = "@SUM(A1:A9)".into();
    claim.created = "-2+3".into();
    claim.modified = "\t=1".into();
    let id = claim.id;
    let document = claim.document;
    if let Some(d) = project.documents.iter_mut().find(|d| d.id == document) {
        d.title = "=cmd|' /C calc'!A0".into();
        d.outlet = "\r=1".into();
        d.url = "\n=2".into();
        d.published = "\0=3".into();
    }
    let (header, rows) = parse_csv(&export(&project, &[0], Format::Csv));
    let row = &rows[0];
    assert_eq!(row[column(&header, "claim_id")], id.to_string());
    for name in [
        "note",
        "value",
        "annotator",
        "created",
        "modified",
        "document_title",
        "outlet",
        "url",
        "published",
    ] {
        let cell = &row[column(&header, name)];
        assert!(cell.starts_with('\''), "{name} not neutralised: {cell:?}");
    }
    assert_eq!(
        row[column(&header, "note")],
        "'=HYPERLINK(\"http://evil.example\",\"click\")"
    );
    // Nothing else is touched.
    assert_eq!(
        row[column(&header, "char_start")],
        project.claims[0].range.start.to_string()
    );
}

#[test]
fn csv_positions_point_at_the_quote_and_unicode_is_intact() {
    let (project, quotes) = sample_with_unicode();
    let bytes = export(&project, &all(&project), Format::Csv);
    let (header, rows) = parse_csv(&bytes);
    assert_eq!(rows.len(), 65);
    let by_id: HashMap<String, &Claim> = project
        .claims
        .iter()
        .map(|c| (c.id.to_string(), c))
        .collect();
    for row in &rows {
        let claim = by_id[&row[column(&header, "claim_id")]];
        let document = project.document(claim.document).expect("document");
        let start: usize = row[column(&header, "char_start")].parse().expect("number");
        let end: usize = row[column(&header, "char_end")].parse().expect("number");
        let quote = &row[column(&header, "quote")];
        assert_eq!(
            slice(&document.text, CharRange::new(start, end)),
            Some(quote.as_str())
        );
    }
    let quote_column: Vec<&str> = rows
        .iter()
        .map(|r| r[column(&header, "quote")].as_str())
        .collect();
    for quote in &quotes {
        assert!(quote_column.contains(&quote.as_str()), "{quote} missing");
    }
    let csv_text = String::from_utf8(bytes).expect("UTF-8");
    assert!(csv_text.contains("Примечание: “quoted” — ✊🏻"));
    assert!(csv_text.contains("Тестер «ü»"));
    assert!(csv_text.contains("≈500"));
}

// ---------------------------------------------------------------------------
// Filters

#[test]
fn exporting_by_stance_or_tag_gives_exactly_the_matching_claims() {
    let project = sample();
    let ids_in = |bytes: Vec<u8>| -> BTreeSet<String> {
        let (header, rows) = parse_csv(&bytes);
        let id = column(&header, "claim_id");
        rows.into_iter().map(|r| r[id].clone()).collect()
    };

    let disputes = ClaimFilter {
        stance: Some(Stance::DISPUTES),
        ..ClaimFilter::default()
    };
    let expected: BTreeSet<String> = project
        .claims
        .iter()
        .filter(|c| c.stance == Some(Stance::DISPUTES))
        .map(|c| c.id.to_string())
        .collect();
    assert!(!expected.is_empty());
    let got = ids_in(export(
        &project,
        &query::filtered_claims(&project, &disputes),
        Format::Csv,
    ));
    assert_eq!(got, expected);

    let tag = project.tag_by_path("civilians/sheltering").expect("tag").id;
    let tagged = ClaimFilter {
        tag: Some(tag),
        ..ClaimFilter::default()
    };
    let expected: BTreeSet<String> = project
        .claims
        .iter()
        .filter(|c| c.tags.contains(&tag))
        .map(|c| c.id.to_string())
        .collect();
    assert!(!expected.is_empty() && expected.len() < project.claims.len());
    let got = ids_in(export(
        &project,
        &query::filtered_claims(&project, &tagged),
        Format::Csv,
    ));
    assert_eq!(got, expected);

    // The same by name, as the command line does it, ignoring case; filters combine.
    let names = ClaimNames {
        stance: Some("disputes".into()),
        tag: Some("CIVILIANS/SHELTERING".into()),
        ..ClaimNames::default()
    };
    let (indices, selection) = export::select_by_names(&project, &names).expect("names resolve");
    let expected: BTreeSet<String> = project
        .claims
        .iter()
        .filter(|c| c.stance == Some(Stance::DISPUTES) && c.tags.contains(&tag))
        .map(|c| c.id.to_string())
        .collect();
    assert_eq!(ids_in(export(&project, &indices, Format::Csv)), expected);
    assert!(selection.contains("stance “disputes”"), "{selection}");
}

#[test]
fn filters_by_source_document_proposition_and_annotator_match_names_ignoring_case() {
    let project = sample();
    let claim = claim_568(&project);
    let document = project.document(claim.document).expect("document");
    let who = project.asserted_by(claim);
    let names = ClaimNames {
        document: Some(document.title.to_uppercase()),
        source: Some(who.to_lowercase()),
        proposition: Some("civilians are sheltering in the azot plant".into()),
        annotator: Some("TRIANGULATE SAMPLE".into()),
        ..ClaimNames::default()
    };
    let (indices, _) = export::select_by_names(&project, &names).expect("names resolve");
    assert!(!indices.is_empty());
    for &at in &indices {
        let c = &project.claims[at];
        assert_eq!(c.document, claim.document);
        assert_eq!(project.asserted_by(c), who);
        assert_eq!(c.proposition, claim.proposition);
    }
    assert!(indices.iter().any(|&at| project.claims[at].id == claim.id));

    let by_file = ClaimNames {
        document: Some(document.imported_from.clone()),
        ..ClaimNames::default()
    };
    let (by_file, _) = export::select_by_names(&project, &by_file).expect("file name resolves");
    assert_eq!(by_file.len(), project.claims_on(claim.document).count());

    let unknown = ClaimNames {
        source: Some("Nobody at all".into()),
        ..ClaimNames::default()
    };
    let err = export::select_by_names(&project, &unknown).expect_err("unknown source");
    assert!(err.to_string().contains("Serhiy Haidai"), "{err}");
}

// ---------------------------------------------------------------------------
// JSON

/// A validator for the shipped JSON Schema of the JSON export.
fn export_schema() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(manifest().join("assets/schema/triangulate-export.schema.json"))
            .expect("the schema is in the repository"),
    )
    .expect("the schema is JSON");
    assert_eq!(
        schema,
        serde_json::from_str::<Value>(json_export::SCHEMA).expect("built in")
    );
    jsonschema::draft202012::new(&schema).expect("the schema compiles")
}

#[test]
fn json_validates_against_its_schema_and_holds_the_claims_in_context() {
    let (project, quotes) = sample_with_unicode();
    let value: Value =
        serde_json::from_slice(&export(&project, &all(&project), Format::Json)).expect("JSON");
    let validator = export_schema();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    assert_eq!(value["format"], "triangulate-export");
    assert_eq!(value["version"], 1);
    assert_eq!(value["claims"].as_array().map(Vec::len), Some(65));
    assert_eq!(value["documents"].as_array().map(Vec::len), Some(5));
    assert_eq!(value["stances"].as_array().map(Vec::len), Some(4));

    let claim = claim_568(&project);
    let out = value["claims"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["value"] == "568"))
        .expect("the 568 claim");
    assert_eq!(out["id"], claim.id.to_string());
    assert_eq!(out["start"], 762);
    assert_eq!(out["end"], 862);
    assert_eq!(out["stance_name"], "Supports");
    assert_eq!(
        out["proposition_text"],
        "Civilians are sheltering in the Azot plant"
    );
    assert_eq!(out["asserted_by"], project.asserted_by(claim));
    let doc = value["documents"]
        .as_array()
        .and_then(|ds| ds.iter().find(|d| d["id"] == out["document"]))
        .expect("its document is in the file");
    assert!(
        doc["fingerprint"]
            .as_str()
            .is_some_and(|f| f.starts_with("sha256:"))
    );
    for tag in out["tags"].as_array().expect("tags") {
        assert!(
            value["tags"]
                .as_array()
                .is_some_and(|ts| ts.iter().any(|t| t["id"] == *tag)),
            "tag {tag} has no context"
        );
    }

    // Positions point at the quote, emoji included.
    for c in value["claims"].as_array().expect("claims") {
        let document = project
            .documents
            .iter()
            .find(|d| d.id.to_string() == c["document"].as_str().unwrap_or_default())
            .expect("document");
        let range = CharRange::new(
            c["start"].as_u64().expect("start") as usize,
            c["end"].as_u64().expect("end") as usize,
        );
        assert_eq!(slice(&document.text, range), c["quote"]["exact"].as_str());
    }
    let exacts: Vec<&str> = value["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .filter_map(|c| c["quote"]["exact"].as_str())
        .collect();
    for quote in &quotes {
        assert!(exacts.contains(&quote.as_str()));
    }
}

#[test]
fn the_schema_rejects_what_it_should() {
    let project = sample();
    let mut value: Value =
        serde_json::from_slice(&export(&project, &[0], Format::Json)).expect("JSON");
    let validator = export_schema();
    assert!(validator.is_valid(&value));
    value["version"] = Value::from(2);
    assert!(!validator.is_valid(&value));
    value["version"] = Value::from(1);
    value["claims"][0]["start"] = Value::from(-1);
    assert!(!validator.is_valid(&value));
}

// ---------------------------------------------------------------------------
// W3C Web Annotation

/// The W3C annotation-model test suite's schemas, read from ../shared/testdata.
struct W3cSuite {
    definitions: Vec<(String, Value)>,
}

const W3C_BASE: &str = "https://w3c-annotation-tests.invalid/";

impl W3cSuite {
    fn load() -> Self {
        let folder = manifest().join("../shared/testdata/w3c-annotation-model/definitions");
        let mut definitions = Vec::new();
        for entry in std::fs::read_dir(&folder).expect("definitions") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "json") {
                let name = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .expect("name")
                    .to_owned();
                let value: Value =
                    serde_json::from_str(&std::fs::read_to_string(&path).expect("readable"))
                        .expect("JSON");
                definitions.push((format!("{W3C_BASE}{name}"), value));
            }
        }
        assert_eq!(definitions.len(), 7);
        Self { definitions }
    }

    /// The assertion schemas a `.test` manifest lists, compiled.
    fn assertions(&self, manifest_path: &str) -> Vec<(String, jsonschema::Validator)> {
        let folder = manifest().join("../shared/testdata/w3c-annotation-model");
        let test: Value = serde_json::from_str(
            &std::fs::read_to_string(folder.join(manifest_path)).expect("manifest"),
        )
        .expect("JSON");
        let registry = jsonschema::Registry::new()
            .draft(jsonschema::Draft::Draft4)
            .extend(
                self.definitions
                    .iter()
                    .map(|(uri, v)| (uri.as_str(), v.clone())),
            )
            .expect("definitions")
            .prepare()
            .expect("registry");
        let mut out = Vec::new();
        for assertion in test["assertions"].as_array().expect("assertions") {
            let path = assertion.as_str().expect("path");
            let schema: Value = serde_json::from_str(
                &std::fs::read_to_string(folder.join(path)).expect("assertion"),
            )
            .expect("JSON");
            assert_eq!(schema["expectedResult"], "valid", "{path}");
            let validator = jsonschema::options()
                .with_draft(jsonschema::Draft::Draft4)
                .with_base_uri(W3C_BASE)
                .with_registry(&registry)
                .build(&schema)
                .unwrap_or_else(|err| panic!("{path} compiles: {err}"));
            out.push((path.to_owned(), validator));
        }
        out
    }
}

/// Every failure of `instance` against the assertions.
fn failures(assertions: &[(String, jsonschema::Validator)], instance: &Value) -> Vec<String> {
    assertions
        .iter()
        .filter(|(_, v)| !v.is_valid(instance))
        .map(|(path, v)| {
            let why: Vec<String> = v.iter_errors(instance).map(|e| e.to_string()).collect();
            format!("{path}: {}", why.join("; "))
        })
        .collect()
}

#[test]
fn w3c_annotations_pass_every_must_of_the_w3c_test_suite() {
    let (project, quotes) = sample_with_unicode();
    let collection: Value =
        serde_json::from_slice(&export(&project, &all(&project), Format::W3c)).expect("JSON");
    let suite = W3cSuite::load();

    let annotation_musts = suite.assertions("annotations/annotationMusts.test");
    assert!(annotation_musts.len() > 50);
    let items = collection["first"]["items"].as_array().expect("items");
    assert_eq!(items.len(), 65);
    assert_eq!(collection["total"], 65);
    for annotation in items {
        let failed = failures(&annotation_musts, annotation);
        assert!(failed.is_empty(), "{:#}\n{failed:#?}", annotation);
    }

    // A deliberately broken annotation fails, so the harness does test something.
    let mut broken = items[0].clone();
    broken["@context"] = Value::from("http://example.org/not-anno");
    assert!(!failures(&annotation_musts, &broken).is_empty());
    let mut broken = items[0].clone();
    broken["target"]["selector"][1]["start"] = Value::from(-3);
    assert!(!failures(&annotation_musts, &broken).is_empty());

    let collection_musts = suite.assertions("collections/collectionMusts.test");
    let failed = failures(&collection_musts, &collection);
    assert!(failed.is_empty(), "{failed:#?}");
    let page_musts = suite.assertions("collections/pages/pageMusts.test");
    let page = &collection["first"];
    let failed = failures(&page_musts, page);
    assert!(failed.is_empty(), "{failed:#?}");

    // Content: the 568 claim, its selectors pointing at the quote, Unicode intact.
    let claim = claim_568(&project);
    let annotation = items
        .iter()
        .find(|a| a["id"] == format!("urn:uuid:{}", claim.id))
        .expect("the 568 annotation");
    assert_eq!(annotation["triangulate:value"], "568");
    let bodies = annotation["body"].as_array().expect("bodies");
    let purposes: BTreeMap<&str, Vec<&str>> = bodies.iter().fold(BTreeMap::new(), |mut map, b| {
        map.entry(b["purpose"].as_str().unwrap_or_default())
            .or_default()
            .push(b["value"].as_str().unwrap_or_default());
        map
    });
    assert_eq!(purposes["classifying"], ["Supports"]);
    assert_eq!(
        purposes["describing"],
        ["Civilians are sheltering in the Azot plant"]
    );
    assert_eq!(purposes["tagging"].len(), claim.tags.len());
    assert!(purposes["commenting"][0].starts_with("Including 38 children"));
    assert_eq!(annotation["creator"]["name"], "Triangulate sample");
    assert_eq!(annotation["created"], "2026-11-23T00:00:00Z");

    for annotation in items {
        let source = annotation["target"]["source"].as_str().expect("source");
        let document = project
            .documents
            .iter()
            .find(|d| export::document_iri(d) == source)
            .expect("the target names a document");
        if document.url.is_empty() {
            assert!(source.starts_with("urn:triangulate:document:"));
            assert!(document.fingerprint.ends_with(&source[source.len() - 64..]));
        }
        let selectors = annotation["target"]["selector"]
            .as_array()
            .expect("selectors");
        let quote = selectors
            .iter()
            .find(|s| s["type"] == "TextQuoteSelector")
            .expect("quote selector");
        let position = selectors
            .iter()
            .find(|s| s["type"] == "TextPositionSelector")
            .expect("position selector");
        let range = CharRange::new(
            position["start"].as_u64().expect("start") as usize,
            position["end"].as_u64().expect("end") as usize,
        );
        assert_eq!(slice(&document.text, range), quote["exact"].as_str());
    }
    let exacts: Vec<&str> = items
        .iter()
        .filter_map(|a| a["target"]["selector"][0]["exact"].as_str())
        .collect();
    for quote in &quotes {
        assert!(exacts.contains(&quote.as_str()));
    }
}

/// Claims by id with what a round trip must keep: document, span, tag paths and the rest.
fn claim_summaries(project: &Project) -> BTreeMap<String, String> {
    project
        .claims
        .iter()
        .map(|c| {
            let mut tags: Vec<String> = c
                .tags
                .iter()
                .filter_map(|t| project.tag(*t))
                .map(|t| t.path.clone())
                .collect();
            tags.sort();
            let summary = format!(
                "{} {}..{} {:?} tags={tags:?} stance={:?} source={:?} proposition={:?} note={:?} value={:?} by={:?} created={}",
                c.document,
                c.range.start,
                c.range.end,
                c.quote.exact,
                c.stance.and_then(|s| project.stance(s)).map(|s| &s.name),
                c.source.and_then(|s| project.source(s)).map(|s| &s.name),
                c.proposition
                    .and_then(|p| project.proposition(p))
                    .map(|p| &p.text),
                c.note,
                c.value,
                c.annotator,
                c.created,
            );
            (c.id.to_string(), summary)
        })
        .collect()
}

#[test]
fn w3c_round_trip_gives_back_the_same_spans_and_tags() {
    let (project, _) = sample_with_unicode();
    let json = text(export(&project, &all(&project), Format::W3c));

    // Into a copy without claims, with its vocabulary.
    let mut copy = project.clone();
    copy.claims.clear();
    let imported = w3c::import_w3c(&copy, &json).expect("imports");
    assert!(imported.unmatched.is_empty(), "{:#?}", imported.unmatched);
    assert_eq!(imported.claims, project.claims.len());
    edit::apply(&mut copy, imported.edit).expect("the edit applies");
    assert_eq!(claim_summaries(&copy), claim_summaries(&project));
    assert_eq!(copy.tags.len(), project.tags.len(), "no tag made twice");

    // Into a copy that has neither claims nor tags, sources or propositions: they are made.
    let mut bare = project.clone();
    bare.claims.clear();
    bare.tags.clear();
    bare.sources.clear();
    bare.propositions.clear();
    let imported = w3c::import_w3c(&bare, &json).expect("imports");
    assert!(imported.unmatched.is_empty(), "{:#?}", imported.unmatched);
    edit::apply(&mut bare, imported.edit).expect("the edit applies");
    assert_eq!(claim_summaries(&bare), claim_summaries(&project));

    // Importing again adds nothing and says why.
    let again = w3c::import_w3c(&copy, &json).expect("imports");
    assert_eq!(again.claims, 0);
    assert_eq!(again.unmatched.len(), project.claims.len());
    assert!(
        again.unmatched[0].contains("already has this claim"),
        "{}",
        again.unmatched[0]
    );
}

#[test]
fn w3c_import_reports_annotations_it_cannot_place() {
    let project = sample();
    let mut copy = project.clone();
    copy.claims.clear();
    let json = r#"[
        { "type": "Annotation",
          "target": { "source": "https://nowhere.example/a",
                      "selector": { "type": "TextQuoteSelector", "exact": "words no document holds" } } },
        { "type": "Annotation", "target": "https://nowhere.example/b" },
        { "type": "Annotation", "body": { "type": "TextualBody", "purpose": "tagging", "value": "moved" },
          "target": { "source": "https://nowhere.example/c",
                      "selector": [ { "type": "TextQuoteSelector",
                                      "exact": "The number of people remaining at the facility is estimated at 568 civilians" },
                                    { "type": "TextPositionSelector", "start": 0, "end": 5 } ] } }
    ]"#;
    let imported = w3c::import_w3c(&copy, json).expect("imports");
    assert_eq!(imported.claims, 1, "the third lands by its quote");
    assert_eq!(imported.unmatched.len(), 2, "{:#?}", imported.unmatched);
    assert!(imported.unmatched[0].contains("no document holds its quote"));
    assert!(imported.unmatched[1].contains("no TextQuoteSelector"));
    edit::apply(&mut copy, imported.edit).expect("applies");
    let claim = &copy.claims[0];
    assert_eq!(claim.range.start, claim_568(&project).range.start);
    assert_eq!(
        copy.tag(claim.tags[0]).map(|t| t.path.as_str()),
        Some("moved")
    );
}

// ---------------------------------------------------------------------------
// REFI-QDA

/// The attribute `name` of the element whose attributes `element` starts with.
fn attribute<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let tag = element.get(..element.find('>')?)?;
    let wanted = format!("{name}=\"");
    let start = if tag.starts_with(&wanted) {
        wanted.len()
    } else {
        tag.find(&format!(" {wanted}"))? + wanted.len() + 1
    };
    let rest = tag.get(start..)?;
    rest.get(..rest.find('"')?)
}

fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut out = BTreeMap::new();
    for at in 0..archive.len() {
        let mut file = archive.by_index(at).expect("entry");
        let mut content = Vec::new();
        file.read_to_end(&mut content).expect("readable");
        out.insert(file.name().to_owned(), content);
    }
    out
}

#[test]
fn qdpx_holds_the_sources_and_selections_point_at_the_quotes() {
    let (project, quotes) = sample_with_unicode();
    let bytes = export(&project, &all(&project), Format::Qdpx);
    assert_eq!(
        bytes,
        export(&project, &all(&project), Format::Qdpx),
        "deterministic"
    );
    let files = unzip(&bytes);
    let qde = String::from_utf8(files["project.qde"].clone()).expect("UTF-8");
    assert_eq!(files.len(), 1 + project.documents.len());

    let mut selections = 0;
    for source in qde.split("<TextSource ").skip(1) {
        let guid = attribute(source, "guid").expect("guid");
        assert_eq!(
            attribute(source, "plainTextPath"),
            Some(format!("internal://{guid}.txt").as_str())
        );
        let text = String::from_utf8(files[&format!("sources/{guid}.txt")].clone()).expect("UTF-8");
        let document = project
            .documents
            .iter()
            .find(|d| d.id.to_string() == guid)
            .expect("a document");
        assert_eq!(text, document.text);
        let source = source.split("</TextSource>").next().unwrap_or_default();
        for selection in source.split("<PlainTextSelection ").skip(1) {
            let id = attribute(selection, "guid").expect("guid");
            let claim = project
                .claims
                .iter()
                .find(|c| c.id.to_string() == id)
                .expect("a claim");
            let start: usize = attribute(selection, "startPosition")
                .and_then(|s| s.parse().ok())
                .expect("start");
            let end: usize = attribute(selection, "endPosition")
                .and_then(|s| s.parse().ok())
                .expect("end");
            assert_eq!(
                slice(&text, CharRange::new(start, end)),
                Some(claim.quote.exact.as_str())
            );
            selections += 1;
        }
    }
    assert_eq!(selections, project.claims.len());
    for quote in quotes {
        assert!(qde.contains(&quote), "{quote}");
    }
    // Codes for tags and stances (a group), propositions as sets.
    assert!(qde.contains("name=\"Stances\" isCodable=\"false\""));
    assert!(qde.contains(&format!(
        "<Code guid=\"{}\" name=\"Disputes\"",
        Stance::DISPUTES
    )));
    assert!(qde.contains("name=\"sheltering\" isCodable=\"true\""));
    assert!(qde.contains("<Set guid="));
    assert!(qde.contains("Value: 568"));
    assert!(qde.contains("<Note guid="));
}

#[test]
fn qdpx_project_validates_against_the_refi_qda_schema() {
    let xsd = manifest().join("../shared/testdata/refi-qda/Project.xsd");
    if !common::required(
        xsd.is_file(),
        &format!("the REFI-QDA schema {}", xsd.display()),
    ) || !common::required(
        common::program_runs("xmllint", &["--version"]),
        "xmllint (Debian package libxml2-utils)",
    ) {
        return;
    }
    let (mut project, _) = sample_with_unicode();
    // Markup and odd characters in user text must not break the XML.
    if let Some(claim) = project.claims.first_mut() {
        claim.note = "<b>bold</b> & \"quoted\" \u{1} control".into();
    }
    project.title = "Severodonetsk <June> & \"2022\"".into();
    let dir = tempfile::tempdir().expect("tempdir");
    for claims in [all(&project), Vec::new(), vec![3]] {
        let files = unzip(&export(&project, &claims, Format::Qdpx));
        let qde = dir.path().join("project.qde");
        std::fs::write(&qde, &files["project.qde"]).expect("written");
        let out = Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(&xsd)
            .arg(&qde)
            .output()
            .expect("xmllint runs");
        assert!(
            out.status.success(),
            "project.qde does not validate:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

// ---------------------------------------------------------------------------
// Report

#[test]
fn html_report_is_self_contained_and_holds_the_comparison() {
    let project = sample();
    let html = text(export(&project, &all(&project), Format::Html));
    assert!(html.starts_with("<!DOCTYPE html>"));
    for external in ["<script", "<link", "src=", "@import", "url("] {
        assert!(!html.contains(external), "{external} in the report");
    }
    assert!(html.contains("<h1>Severodonetsk, June 2022</h1>"));
    for document in &project.documents {
        assert!(html.contains(&triangulate::export::report::escape_html(&document.title)));
    }
    assert!(html.contains("<table>"));
    assert!(html.contains("<span class=\"badge\">conflict</span>"));
    let claim = claim_568(&project);
    assert!(html.contains(&format!(
        "<mark>{}</mark>",
        triangulate::export::report::escape_html(&claim.quote.exact)
    )));
    assert!(html.contains("Serhiy Haidai"));
    assert!(
        html.contains("igures conflict:")
            && html.contains("568 (UNIAN) vs at least 1,200 (Vitaly Kiselev)"),
        "the civilians count conflicts, and the report names the clashing pair"
    );
}

#[test]
fn the_report_flags_only_figures_whose_ranges_do_not_overlap() {
    // The one conflict rule of the matrix: "nearly 400", "almost 400" and
    // "300-400" can all be true; "around 2,000" and "up to 2,000" too.
    let mut project = sample();
    let proposition = project
        .propositions
        .iter()
        .find(|p| {
            project
                .claims
                .iter()
                .filter(|c| c.proposition == Some(p.id))
                .count()
                >= 3
        })
        .expect("a proposition with three claims")
        .id;
    let on: Vec<usize> = (0..project.claims.len())
        .filter(|&at| project.claims[at].proposition == Some(proposition))
        .collect();
    for claim in &mut project.claims {
        claim.stance = None;
        claim.value.clear();
    }
    let set_values = |project: &mut Project, values: &[&str]| {
        for (&at, value) in on.iter().zip(values) {
            project.claims[at].value = (*value).to_owned();
        }
    };
    for agreeing in [
        ["nearly 400", "almost 400", "300-400"],
        ["around 2,000", "up to 2,000", "2,000"],
    ] {
        set_values(&mut project, &agreeing);
        let md = text(export(&project, &on, Format::Markdown));
        // (The report's old rule flagged any two figures written differently.)
        let md = md.to_lowercase();
        assert!(
            !md.contains("figures conflict") && !md.contains("figures differ"),
            "{agreeing:?}:\n{md}"
        );
        let matrix = triangulate::compare::build_matrix(
            &project,
            triangulate::compare::Columns::Sources,
            None,
        );
        assert!(
            matrix.rows.iter().all(|r| !r.value_conflict),
            "{agreeing:?}"
        );
    }
    set_values(&mut project, &["568", "about 500", "1,200"]);
    let md = text(export(&project, &on, Format::Markdown));
    assert!(md.contains("figures conflict"), "{md}");
    // The clashing pairs are named: 568 and about 500 overlap, 1,200 clashes with both.
    assert!(md.contains("568 (") && md.contains("vs 1,200 ("), "{md}");
    assert!(
        md.contains("about 500 (") && !md.contains("vs about 500"),
        "{md}"
    );
}

#[test]
fn reports_escape_all_user_text() {
    let mut project = sample();
    let script = "<script>alert('x')</script>";
    project.title = format!("Title {script}");
    project.description = format!("Description {script}");
    if let Some(claim) = project.claims.first_mut() {
        claim.note = format!("Note {script} & <img src=x onerror=alert(1)>");
        claim.value = script.to_owned();
    }
    if let Some(source) = project.sources.first_mut() {
        source.name = format!("Source {script}");
    }
    if let Some(proposition) = project.propositions.first_mut() {
        proposition.text = format!("Proposition <b>{script}</b> | pipe");
    }
    if let Some(document) = project.documents.first_mut() {
        document.title = format!("Document {script}");
        document.url = "javascript:alert(1)".into();
        document.notes = format!("Notes {script}");
    }
    let html = text(export(&project, &all(&project), Format::Html));
    assert!(!html.contains("<script"), "a script tag got through");
    assert!(!html.contains("<img"), "an image tag got through");
    assert!(!html.contains("<b>"), "markup got through");
    assert!(!html.contains("href=\"javascript:"));
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));

    let md = text(export(&project, &all(&project), Format::Markdown));
    // Every `<` that comes from the project is escaped as `\<`.
    let unescaped = md
        .match_indices('<')
        .filter(|(at, _)| !md[..*at].ends_with('\\'))
        .filter(|(at, _)| !md[*at..].starts_with("<http"))
        .count();
    assert_eq!(unescaped, 0, "markup got through Markdown:\n{md}");
    assert!(md.contains("&lt;script&gt;alert('x')&lt;/script&gt;"));
    assert!(md.contains("\\| pipe"), "pipes would break the table");
}

#[test]
fn markdown_report_has_documents_matrix_and_quotes_in_context() {
    let project = sample();
    let md = text(export(&project, &all(&project), Format::Markdown));
    assert!(md.starts_with("# Severodonetsk, June 2022\n"));
    assert!(md.contains("## Documents"));
    assert!(md.contains("## Comparison"));
    assert!(md.contains("| Proposition |"));
    assert!(md.contains("### Civilians are sheltering in the Azot plant"));
    assert!(md.contains("**⚠ Conflict:**"));
    assert!(md.contains("**The number of people remaining at the facility is estimated at 568 civilians, including 38 children.**"));
    let rows = md
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Proposition"))
        .count();
    let propositions: BTreeSet<_> = project
        .claims
        .iter()
        .filter_map(|c| c.proposition)
        .collect();
    assert!(rows >= propositions.len());
}

// ---------------------------------------------------------------------------
// The command line

#[test]
fn export_cli_writes_files_and_explains_mistakes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project_path = manifest().join("projects/severodonetsk.ron");
    let args = |format: Format, output: Option<PathBuf>| ExportArgs {
        format,
        output,
        names: ClaimNames::default(),
        bom: false,
        qdpx_offsets: export::QdpxOffsets::CodePoints,
    };

    let out = dir.path().join("claims.qdpx");
    let outcome =
        triangulate::cli::export::export(&project_path, &args(Format::Qdpx, Some(out.clone())))
            .expect("exports");
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    assert!(
        outcome.stdout.contains("wrote 63 claim(s)"),
        "{}",
        outcome.stdout
    );
    assert!(unzip(&std::fs::read(&out).expect("written")).contains_key("project.qde"));

    let err = triangulate::cli::export::export(&project_path, &args(Format::Qdpx, None))
        .expect_err("no -o");
    assert!(err.to_string().contains("-o"), "{err}");

    let outcome = triangulate::cli::export::export(&project_path, &args(Format::Json, None))
        .expect("exports");
    let value: Value = serde_json::from_str(&outcome.stdout).expect("JSON on stdout");
    assert_eq!(value["claims"].as_array().map(Vec::len), Some(63));

    let mut unknown = args(Format::Csv, None);
    unknown.names.tag = Some("no such tag".into());
    let err = triangulate::cli::export::export(&project_path, &unknown).expect_err("unknown tag");
    let message = format!("{err:#}");
    assert!(message.contains("no tag called “no such tag”"), "{message}");
    assert!(message.contains("civilians/sheltering"), "{message}");
}

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_triangulate"))
        .current_dir(manifest())
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn the_binary_exports_disputes_and_imports_annotations_back() {
    let project = sample();
    let out = run(&[
        "export",
        "projects/severodonetsk.ron",
        "--format",
        "csv",
        "--stance",
        "Disputes",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (_, rows) = parse_csv(&out.stdout);
    let disputes = project
        .claims
        .iter()
        .filter(|c| c.stance == Some(Stance::DISPUTES))
        .count();
    assert_eq!(rows.len(), disputes);

    let dir = tempfile::tempdir().expect("tempdir");
    let annotations = dir.path().join("claims.jsonld");
    let annotations = annotations.to_str().expect("UTF-8 path");
    let out = run(&[
        "export",
        "projects/severodonetsk.ron",
        "-f",
        "w3c",
        "-o",
        annotations,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let mut empty = project.clone();
    empty.claims.clear();
    let target = dir.path().join("empty.ron");
    project_file::save(&target, &empty).expect("saved");
    let target_arg = target.to_str().expect("UTF-8 path");
    let out = run(&["import-annotations", target_arg, annotations]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("63 claim(s) added"));
    let reloaded = project_file::load(Path::new(&target)).expect("loads");
    assert!(reloaded.problems.is_empty(), "{:?}", reloaded.problems);
    assert_eq!(
        claim_summaries(&reloaded.project),
        claim_summaries(&project)
    );

    // A second import finds every claim there already: it says so, and (a repeat
    // not being a problem) exits 0.
    let out = run(&["import-annotations", target_arg, annotations]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already has this claim"));

    let out = run(&["export", "projects/severodonetsk.ron", "-f", "xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("csv, json, w3c"));
}

// ---------------------------------------------------------------------------
// REFI-QDA: positions for NVivo, and the codebook

/// The `(startPosition, endPosition)` of each selection in `qde`, by claim id.
fn selection_positions(qde: &str) -> HashMap<String, (usize, usize)> {
    qde.split("<PlainTextSelection ")
        .skip(1)
        .map(|selection| {
            let number = |name| {
                attribute(selection, name)
                    .and_then(|s| s.parse().ok())
                    .expect("a position")
            };
            (
                attribute(selection, "guid").expect("guid").to_owned(),
                (number("startPosition"), number("endPosition")),
            )
        })
        .collect()
}

#[test]
fn qdpx_positions_can_count_utf16_units_for_nvivo() {
    let (project, _) = sample_with_unicode();
    let claims = all(&project);
    let qde_of = |offsets: export::QdpxOffsets| {
        let options = ExportOptions {
            qdpx_offsets: offsets,
            ..options()
        };
        let bytes = export::export(&project, &claims, Format::Qdpx, &options).expect("exports");
        String::from_utf8(unzip(&bytes)["project.qde"].clone()).expect("UTF-8")
    };
    let points = selection_positions(&qde_of(export::QdpxOffsets::default()));
    let units = selection_positions(&qde_of(export::QdpxOffsets::Utf16));
    assert_eq!(points.len(), project.claims.len());
    let mut shifted = 0;
    for claim in &project.claims {
        let document = project.document(claim.document).expect("its document");
        let astral_before = |at: usize| {
            document
                .text
                .chars()
                .take(at)
                .filter(|c| c.len_utf16() == 2)
                .count()
        };
        let id = claim.id.to_string();
        assert_eq!(points[&id], (claim.range.start, claim.range.end));
        let (start, end) = units[&id];
        assert_eq!(start, claim.range.start + astral_before(claim.range.start));
        assert_eq!(end, claim.range.end + astral_before(claim.range.end));
        // Counted in UTF-16 units of the text written, the span is the quote.
        let utf16: Vec<u16> = document.text.encode_utf16().collect();
        assert_eq!(
            String::from_utf16(&utf16[start..end]).expect("whole characters"),
            claim.quote.exact
        );
        if start != claim.range.start {
            shifted += 1;
        }
    }
    // The sample's emoji come before some claims: the choice matters for them.
    assert!(shifted > 0);
}

#[test]
fn the_codebook_validates_against_the_refi_qda_schema() {
    let xsd = manifest().join("../shared/testdata/refi-qda/Codebook.xsd");
    if !common::required(
        xsd.is_file(),
        &format!("the REFI-QDA codebook schema {}", xsd.display()),
    ) || !common::required(
        common::program_runs("xmllint", &["--version"]),
        "xmllint (Debian package libxml2-utils)",
    ) {
        return;
    }
    let mut odd = sample();
    // Markup, a slash inside a name, nameless paths and no propositions must stay valid.
    odd.tags.push(triangulate::model::Tag::new(
        "quality/<b>“odd”</b> & \"quoted\"/a ∕ b",
        triangulate::model::Colour::rgb(1, 2, 3),
    ));
    odd.tags.push(triangulate::model::Tag::new(
        " / ",
        triangulate::model::Colour::rgb(1, 2, 3),
    ));
    if let Some(proposition) = odd.propositions.first_mut() {
        proposition.notes = "\u{1} control & <markup>".into();
    }
    let mut bare = Project::new("Bare");
    bare.stances.clear();
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, project) in [("sample", sample()), ("odd", odd), ("bare", bare)] {
        // The export ignores which claims were chosen.
        let bytes = export(&project, &[], Format::Qdc);
        assert_eq!(bytes, export(&project, &all(&project), Format::Qdc));
        let qdc = dir.path().join(format!("{name}.qdc"));
        std::fs::write(&qdc, &bytes).expect("written");
        let out = Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(&xsd)
            .arg(&qdc)
            .output()
            .expect("xmllint runs");
        assert!(
            out.status.success(),
            "the {name} codebook does not validate:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
