//! W3C Web Annotation (JSON-LD): export as an `AnnotationCollection`, and import.
//!
//! Each claim becomes one annotation (`id` `urn:uuid:<claim id>`) whose target is
//! its document: the document's URL when known, otherwise
//! `urn:triangulate:document:<sha256 hex of the normalised text>`. The target
//! carries a `TextQuoteSelector` (exact, prefix, suffix) and a
//! `TextPositionSelector` (start, end: Unicode code points from 0 in the
//! document's normalised text, end exclusive). Bodies are `TextualBody`s, told
//! apart by their purpose:
//!
//! | purpose | holds |
//! |---|---|
//! | `tagging` | one tag path each |
//! | `commenting` | the note |
//! | `classifying` | the stance's name |
//! | `identifying` | the source's name (absent when the outlet asserts the claim) |
//! | `describing` | the proposition's text |
//! | `assessing` | the review: its status, then `: ` and the comment when there is one |
//!
//! The extracted value ("568") has no place in the W3C vocabulary; it is written as
//! `triangulate:value`, a term of this file's extra context
//! (`urn:triangulate:ns#`). The annotator is the `creator` (a `Person`), and
//! `created`/`modified` are copied when they are valid dates.

use std::collections::{HashMap, HashSet};

use serde_json::Value;
#[cfg(test)]
use serde_json::{Map, json};
use sha2::{Digest as _, Sha256};

use super::{ClaimSet, DOCUMENT_URN_PREFIX, ExportError, Format, GENERATOR};
use crate::anchor::{self, Anchoring};
use crate::edit::Edit;
use crate::edit::names::{Names, Resolved};
use crate::io::project_file::{MAX_NAME_CHARS, MAX_TEXT_CHARS};
use crate::model::{
    CharRange, Claim, ClaimId, Document, Project, QuoteSelector, Review, ReviewStatus, slice,
};

/// The JSON-LD context of the Web Annotation vocabulary.
pub const ANNO_CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// The namespace of Triangulate's own terms (only `triangulate:value` so far).
pub const NAMESPACE: &str = "urn:triangulate:ns#";

/// The key of a claim's extracted value in an annotation.
pub const VALUE_KEY: &str = "triangulate:value";

/// Writes the claims as one W3C `AnnotationCollection` with a single embedded page.
///
/// The annotations are serialised straight from the claims, in the key order a
/// JSON object map gives (sorted), without building a JSON tree first: the
/// output is the same as [`write_values`] gives, at a fraction of the cost.
pub(crate) fn write(set: &ClaimSet<'_>) -> Result<Vec<u8>, ExportError> {
    let (id, label) = collection_names(set);
    let items: Vec<Annotation<'_>> = set.claims.iter().map(|c| Annotation::of(set, c)).collect();
    let first = (!items.is_empty()).then(|| Page {
        context: ANNO_CONTEXT,
        id: format!("{id}:page:0"),
        items: &items,
        part_of: PartOf {
            id: &id,
            label: &label,
            total: items.len(),
        },
        start_index: 0,
        kind: "AnnotationPage",
    });
    let collection = Collection {
        context: ANNO_CONTEXT,
        first,
        generated: &set.generated,
        generator: Agent {
            name: GENERATOR,
            kind: "Software",
        },
        id: &id,
        label: &label,
        total: items.len(),
        kind: "AnnotationCollection",
    };
    let mut bytes = Vec::with_capacity(items.len() * 2048);
    serde_json::to_writer_pretty(&mut bytes, &collection)
        .map_err(|err| ExportError::write(Format::W3c, err))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The collection's id (from a digest of the claim ids) and its label.
fn collection_names(set: &ClaimSet<'_>) -> (String, String) {
    let mut hasher = Sha256::new();
    for claim in &set.claims {
        hasher.update(claim.id.to_string().as_bytes());
    }
    let digest: String = hasher
        .finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect();
    let id = format!("urn:triangulate:collection:{digest}");
    let title = if set.project.title.trim().is_empty() {
        "Triangulate claims".to_owned()
    } else {
        set.project.title.trim().to_owned()
    };
    let label = if set.selection.is_empty() {
        title
    } else {
        format!("{title} ({})", set.selection)
    };
    (id, label)
}

// The shapes below are written field by field in sorted key order, as a JSON
// object map writes its keys, so that the output does not depend on which way it
// was made.

#[derive(serde::Serialize)]
struct Collection<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    first: Option<Page<'a>>,
    generated: &'a str,
    generator: Agent<'a>,
    id: &'a str,
    label: &'a str,
    total: usize,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(serde::Serialize)]
struct Page<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    id: String,
    items: &'a [Annotation<'a>],
    #[serde(rename = "partOf")]
    part_of: PartOf<'a>,
    #[serde(rename = "startIndex")]
    start_index: usize,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(serde::Serialize)]
struct PartOf<'a> {
    id: &'a str,
    label: &'a str,
    total: usize,
}

/// A person or a program, with its name.
#[derive(serde::Serialize)]
struct Agent<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// The extra context of an annotation: the Web Annotation one and Triangulate's terms.
#[derive(serde::Serialize)]
struct Terms {
    triangulate: &'static str,
}

#[derive(serde::Serialize)]
struct Annotation<'a> {
    #[serde(rename = "@context")]
    context: (&'static str, Terms),
    #[serde(skip_serializing_if = "Vec::is_empty")]
    body: Vec<Body<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    created: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    creator: Option<Agent<'a>>,
    generator: Agent<'static>,
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    modified: Option<String>,
    target: Target<'a>,
    #[serde(rename = "triangulate:value", skip_serializing_if = "Option::is_none")]
    value: Option<&'a str>,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(serde::Serialize)]
struct Body<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    created: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    creator: Option<Agent<'a>>,
    format: &'static str,
    purpose: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    value: std::borrow::Cow<'a, str>,
}

#[derive(serde::Serialize)]
struct Target<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    selector: (QuoteOut<'a>, PositionOut),
    source: String,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(serde::Serialize)]
struct QuoteOut<'a> {
    exact: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    prefix: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    suffix: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(serde::Serialize)]
struct PositionOut {
    end: usize,
    start: usize,
    #[serde(rename = "type")]
    kind: &'static str,
}

impl<'a> Annotation<'a> {
    /// One claim as an annotation: what [`annotation`] gives, as a shape to serialise.
    fn of(set: &ClaimSet<'a>, claim: &'a Claim) -> Self {
        let text = |purpose: &'static str, value: std::borrow::Cow<'a, str>| Body {
            created: None,
            creator: None,
            format: "text/plain",
            purpose,
            kind: "TextualBody",
            value,
        };
        let mut body = Vec::new();
        for tag in set.tags(claim) {
            body.push(text("tagging", tag.path.as_str().into()));
        }
        if let Some(stance) = set.stance(claim) {
            body.push(text("classifying", stance.name.as_str().into()));
        }
        if let Some(source) = set.source(claim) {
            body.push(text("identifying", source.name.as_str().into()));
        }
        if let Some(proposition) = set.proposition(claim) {
            body.push(text("describing", proposition.text.as_str().into()));
        }
        if !claim.note.trim().is_empty() {
            body.push(text("commenting", claim.note.as_str().into()));
        }
        if let Some(review) = &claim.review {
            let mut value = review.status.label().to_owned();
            if !review.comment.trim().is_empty() {
                value.push_str(": ");
                value.push_str(&review.comment);
            }
            let mut assessing = text("assessing", value.into());
            if !review.reviewer.trim().is_empty() {
                assessing.creator = Some(Agent {
                    name: &review.reviewer,
                    kind: "Person",
                });
            }
            assessing.created = super::xsd_date_time(&review.time);
            body.push(assessing);
        }
        let (source, language) = match set.document(claim) {
            Some(document) => (super::document_iri(document), document.language.trim()),
            None => (format!("urn:uuid:{}", claim.document), ""),
        };
        Self {
            context: (
                ANNO_CONTEXT,
                Terms {
                    triangulate: NAMESPACE,
                },
            ),
            body,
            created: super::xsd_date_time(&claim.created),
            creator: (!claim.annotator.trim().is_empty()).then_some(Agent {
                name: &claim.annotator,
                kind: "Person",
            }),
            generator: Agent {
                name: GENERATOR,
                kind: "Software",
            },
            id: format!("urn:uuid:{}", claim.id),
            modified: super::xsd_date_time(&claim.modified),
            target: Target {
                language: (!language.is_empty()).then_some(language),
                selector: (
                    QuoteOut {
                        exact: &claim.quote.exact,
                        prefix: &claim.quote.prefix,
                        suffix: &claim.quote.suffix,
                        kind: "TextQuoteSelector",
                    },
                    PositionOut {
                        end: claim.range.end,
                        start: claim.range.start,
                        kind: "TextPositionSelector",
                    },
                ),
                source,
                kind: "SpecificResource",
            },
            value: (!claim.value.trim().is_empty()).then_some(claim.value.as_str()),
            kind: "Annotation",
        }
    }
}

/// The same file as [`write`], made through a JSON tree: the reference it is tested against.
#[cfg(test)]
pub(crate) fn write_values(set: &ClaimSet<'_>) -> Result<Vec<u8>, ExportError> {
    let items: Vec<Value> = set.claims.iter().map(|c| annotation(set, c)).collect();
    let (id, label) = collection_names(set);
    let mut collection = json!({
        "@context": ANNO_CONTEXT,
        "id": id,
        "type": "AnnotationCollection",
        "label": label,
        "total": items.len(),
        "generator": generator(),
        "generated": set.generated,
    });
    if !items.is_empty()
        && let Some(object) = collection.as_object_mut()
    {
        object.insert(
            "first".into(),
            json!({
                "@context": ANNO_CONTEXT,
                "id": format!("{id}:page:0"),
                "type": "AnnotationPage",
                "partOf": { "id": id, "label": label, "total": items.len() },
                "startIndex": 0,
                "items": items,
            }),
        );
    }
    let mut bytes = serde_json::to_vec_pretty(&collection)
        .map_err(|err| ExportError::write(Format::W3c, err))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The software that wrote the file, as a W3C agent.
#[cfg(test)]
fn generator() -> Value {
    json!({ "type": "Software", "name": GENERATOR })
}

/// One claim as an annotation.
#[cfg(test)]
fn annotation(set: &ClaimSet<'_>, claim: &Claim) -> Value {
    let mut bodies = Vec::new();
    let mut body = |purpose: &str, value: &str| {
        bodies.push(json!({
            "type": "TextualBody",
            "purpose": purpose,
            "value": value,
            "format": "text/plain",
        }));
    };
    for tag in set.tags(claim) {
        body("tagging", &tag.path);
    }
    if let Some(stance) = set.stance(claim) {
        body("classifying", &stance.name);
    }
    if let Some(source) = set.source(claim) {
        body("identifying", &source.name);
    }
    if let Some(proposition) = set.proposition(claim) {
        body("describing", &proposition.text);
    }
    if !claim.note.trim().is_empty() {
        body("commenting", &claim.note);
    }
    if let Some(review) = &claim.review {
        let mut value = review.status.label().to_owned();
        if !review.comment.trim().is_empty() {
            value.push_str(": ");
            value.push_str(&review.comment);
        }
        let mut assessing = json!({
            "type": "TextualBody",
            "purpose": "assessing",
            "value": value,
            "format": "text/plain",
        });
        if let Some(object) = assessing.as_object_mut() {
            if !review.reviewer.trim().is_empty() {
                object.insert(
                    "creator".into(),
                    json!({ "type": "Person", "name": review.reviewer }),
                );
            }
            if let Some(time) = super::xsd_date_time(&review.time) {
                object.insert("created".into(), json!(time));
            }
        }
        bodies.push(assessing);
    }

    let (source, language) = match set.document(claim) {
        Some(document) => (super::document_iri(document), document.language.trim()),
        None => (format!("urn:uuid:{}", claim.document), ""),
    };
    let mut quote = Map::new();
    quote.insert("type".into(), json!("TextQuoteSelector"));
    quote.insert("exact".into(), json!(claim.quote.exact));
    if !claim.quote.prefix.is_empty() {
        quote.insert("prefix".into(), json!(claim.quote.prefix));
    }
    if !claim.quote.suffix.is_empty() {
        quote.insert("suffix".into(), json!(claim.quote.suffix));
    }
    let mut target = json!({
        "type": "SpecificResource",
        "source": source,
        "selector": [
            Value::Object(quote),
            {
                "type": "TextPositionSelector",
                "start": claim.range.start,
                "end": claim.range.end,
            },
        ],
    });
    if !language.is_empty()
        && let Some(object) = target.as_object_mut()
    {
        object.insert("language".into(), json!(language));
    }

    let mut annotation = Map::new();
    annotation.insert(
        "@context".into(),
        json!([ANNO_CONTEXT, { "triangulate": NAMESPACE }]),
    );
    annotation.insert("id".into(), json!(format!("urn:uuid:{}", claim.id)));
    annotation.insert("type".into(), json!("Annotation"));
    if !claim.annotator.trim().is_empty() {
        annotation.insert(
            "creator".into(),
            json!({ "type": "Person", "name": claim.annotator }),
        );
    }
    if let Some(time) = super::xsd_date_time(&claim.created) {
        annotation.insert("created".into(), json!(time));
    }
    if let Some(time) = super::xsd_date_time(&claim.modified) {
        annotation.insert("modified".into(), json!(time));
    }
    annotation.insert("generator".into(), generator());
    if !bodies.is_empty() {
        annotation.insert("body".into(), Value::Array(bodies));
    }
    annotation.insert("target".into(), target);
    if !claim.value.trim().is_empty() {
        annotation.insert(VALUE_KEY.into(), json!(claim.value));
    }
    Value::Object(annotation)
}

// ---------------------------------------------------------------------------
// Import.

/// Why a file of annotations could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum W3cError {
    /// The text is not JSON.
    #[error("this is not JSON: {0}")]
    NotJson(#[from] serde_json::Error),
    /// The JSON holds no annotations.
    #[error(
        "this holds no W3C annotations: expected an AnnotationCollection, an AnnotationPage, an Annotation or a list of annotations"
    )]
    NoAnnotations,
}

/// What reading a file of annotations for a project gave.
#[derive(Clone, Debug, PartialEq)]
pub struct AnnotationImport {
    /// One edit that adds the claims, and the tags, sources, stances and
    /// propositions they name that the project does not have yet.
    pub edit: Edit,
    /// How many claims the edit adds.
    pub claims: usize,
    /// One line for each annotation that was left out, and why.
    pub unmatched: Vec<String>,
}

/// Reads W3C annotations (a collection, a page, one annotation or a list) as
/// claims of `project`: each lands on the document its target names (by URL or
/// `urn:triangulate:document:` fingerprint) or, failing that, on a document that
/// holds its quote. Annotations that match no document, whose quote is not in the
/// text, or whose id is already a claim, are reported in `unmatched`.
pub fn import_w3c(project: &Project, json: &str) -> Result<AnnotationImport, W3cError> {
    let value: Value = serde_json::from_str(json)?;
    let mut annotations = Vec::new();
    let mut unmatched = Vec::new();
    collect_annotations(&value, &mut annotations, &mut unmatched, 0);
    if annotations.is_empty() && unmatched.is_empty() {
        return Err(W3cError::NoAnnotations);
    }
    let mut importer = Importer::new(project);
    for (at, annotation) in annotations.iter().enumerate() {
        if let Err(why) = importer.add(annotation) {
            unmatched.push(format!("{}: {why}", describe(annotation, at)));
        }
    }
    let claims = importer.claims.len();
    let mut edits = importer.names.into_edits();
    edits.extend(importer.claims.into_iter().map(Edit::add_claim));
    Ok(AnnotationImport {
        edit: Edit::Batch(edits),
        claims,
        unmatched,
    })
}

/// How deeply collections and pages may nest inside each other.
const MAX_DEPTH: usize = 8;

/// Finds the annotations in a collection, page, annotation or list.
fn collect_annotations<'a>(
    value: &'a Value,
    out: &mut Vec<&'a Value>,
    unmatched: &mut Vec<String>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        unmatched.push("annotation pages nest too deeply; the deeper ones were skipped".into());
        return;
    }
    match value {
        Value::Array(items) => {
            for item in items {
                collect_annotations(item, out, unmatched, depth + 1);
            }
        }
        Value::Object(object) => {
            if has_type(value, "Annotation") || object.contains_key("target") {
                out.push(value);
                return;
            }
            if let Some(items) = object.get("items") {
                collect_annotations(items, out, unmatched, depth + 1);
            }
            for key in ["first", "next"] {
                match object.get(key) {
                    Some(page @ Value::Object(_)) => {
                        collect_annotations(page, out, unmatched, depth + 1);
                    }
                    Some(Value::String(iri)) if key == "next" || !object.contains_key("items") => {
                        unmatched.push(format!(
                            "the page {iri} is only linked, not included in the file; save it and import it too"
                        ));
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

/// Whether the object's `type` is, or includes, `wanted`.
fn has_type(value: &Value, wanted: &str) -> bool {
    match value.get("type").or_else(|| value.get("@type")) {
        Some(Value::String(t)) => t == wanted,
        Some(Value::Array(types)) => types.iter().any(|t| t.as_str() == Some(wanted)),
        _ => false,
    }
}

/// A name for an annotation in messages: its id and the start of its quote.
fn describe(annotation: &Value, at: usize) -> String {
    let id = annotation
        .get("id")
        .or_else(|| annotation.get("@id"))
        .and_then(Value::as_str)
        .map_or_else(
            || format!("annotation {}", at + 1),
            |id| format!("annotation {id}"),
        );
    match target_parts(annotation).quote {
        Some(quote) => {
            let mut shown: String = quote.exact.chars().take(40).collect();
            if quote.exact.chars().count() > 40 {
                shown.push('…');
            }
            format!("{id} (“{shown}”)")
        }
        None => id,
    }
}

/// What an annotation's target says.
#[derive(Default)]
struct TargetParts {
    /// The IRI of the annotated resource.
    source: Option<String>,
    /// The text quote selector.
    quote: Option<QuoteSelector>,
    /// The text position selector.
    position: Option<CharRange>,
}

/// Reads the first target that says anything.
fn target_parts(annotation: &Value) -> TargetParts {
    let targets: Vec<&Value> = match annotation.get("target") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(target) => vec![target],
        None => Vec::new(),
    };
    let mut parts = TargetParts::default();
    for target in targets {
        match target {
            Value::String(iri) => {
                parts.source.get_or_insert_with(|| iri.clone());
            }
            Value::Object(object) => {
                let source = match object.get("source") {
                    Some(Value::String(iri)) => Some(iri.clone()),
                    Some(Value::Object(source)) => source
                        .get("id")
                        .or_else(|| source.get("@id"))
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                    _ => object.get("id").and_then(Value::as_str).map(str::to_owned),
                };
                let selectors: Vec<&Value> = match object.get("selector") {
                    Some(Value::Array(items)) => items.iter().collect(),
                    Some(selector) => vec![selector],
                    None => Vec::new(),
                };
                let mut quote = None;
                let mut position = None;
                for selector in selectors {
                    if has_type(selector, "TextQuoteSelector") {
                        let text = |key: &str| {
                            selector
                                .get(key)
                                .and_then(Value::as_str)
                                .unwrap_or_default()
                                .to_owned()
                        };
                        quote = Some(QuoteSelector {
                            exact: text("exact"),
                            prefix: text("prefix"),
                            suffix: text("suffix"),
                        });
                    } else if has_type(selector, "TextPositionSelector") {
                        let number = |key: &str| {
                            selector
                                .get(key)
                                .and_then(Value::as_u64)
                                .and_then(|n| usize::try_from(n).ok())
                        };
                        if let (Some(start), Some(end)) = (number("start"), number("end")) {
                            position = Some(CharRange::new(start, end));
                        }
                    }
                }
                if quote.is_some() || position.is_some() {
                    return TargetParts {
                        source: source.or(parts.source),
                        quote,
                        position,
                    };
                }
                if parts.source.is_none() {
                    parts.source = source;
                }
            }
            _ => {}
        }
    }
    parts
}

/// The text bodies of an annotation, each with its purpose (or the annotation's motivation).
fn bodies(annotation: &Value) -> Vec<(String, &Value)> {
    let motivation = match annotation.get("motivation") {
        Some(Value::String(m)) => m.clone(),
        Some(Value::Array(ms)) => ms
            .iter()
            .filter_map(Value::as_str)
            .next()
            .unwrap_or("commenting")
            .to_owned(),
        _ => "commenting".to_owned(),
    };
    let mut out = Vec::new();
    if let Some(value) = annotation.get("bodyValue")
        && value.is_string()
    {
        out.push(("commenting".to_owned(), annotation));
    }
    let bodies: Vec<&Value> = match annotation.get("body") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(body) => vec![body],
        None => Vec::new(),
    };
    for body in bodies {
        if body.get("value").and_then(Value::as_str).is_none() {
            continue;
        }
        let purpose = match body.get("purpose") {
            Some(Value::String(p)) => p.clone(),
            Some(Value::Array(ps)) => ps
                .iter()
                .filter_map(Value::as_str)
                .next()
                .unwrap_or(&motivation)
                .to_owned(),
            _ => motivation.clone(),
        };
        out.push((purpose.trim_start_matches("oa:").to_owned(), body));
    }
    out
}

/// Builds the claims of an import and the vocabulary they need.
struct Importer<'a> {
    project: &'a Project,
    /// Documents by their IRI (URL without a trailing slash, or fingerprint URN).
    by_iri: HashMap<String, &'a Document>,
    /// Claim ids already used, in the project or by this import.
    ids: HashSet<ClaimId>,
    /// Tag, source, stance and proposition names: the project's, or new ones.
    names: Names<'a>,
    /// The new claims.
    claims: Vec<Claim>,
}

impl<'a> Importer<'a> {
    fn new(project: &'a Project) -> Self {
        let mut by_iri = HashMap::new();
        for document in &project.documents {
            if let Some(hex) = document.fingerprint.strip_prefix("sha256:") {
                by_iri
                    .entry(format!("{DOCUMENT_URN_PREFIX}{hex}"))
                    .or_insert(document);
            }
            if !document.url.trim().is_empty() {
                by_iri.entry(iri_key(&document.url)).or_insert(document);
            }
        }
        Self {
            project,
            by_iri,
            ids: project.claims.iter().map(|c| c.id).collect(),
            names: Names::new(project),
            claims: Vec::new(),
        }
    }

    /// Adds one annotation as a claim, or says why it cannot be.
    fn add(&mut self, annotation: &Value) -> Result<(), String> {
        let parts = target_parts(annotation);
        if parts.quote.is_none() && parts.position.is_none() {
            return Err(
                "its target has no TextQuoteSelector or TextPositionSelector, so the text it marks is unknown"
                    .into(),
            );
        }
        let named = parts
            .source
            .as_deref()
            .and_then(|iri| self.by_iri.get(&iri_key(iri)).copied());
        let (document, range) = match named {
            Some(document) => (document, locate(document, &parts, true)?),
            None => {
                let found = parts.quote.as_ref().and_then(|_| {
                    self.project
                        .documents
                        .iter()
                        .find_map(|d| locate(d, &parts, false).ok().map(|r| (d, r)))
                });
                match found {
                    Some(found) => found,
                    None => {
                        let target = parts.source.as_deref().unwrap_or("no document");
                        return Err(format!(
                            "it targets {target}, which matches no document of the project, and no document holds its quote"
                        ));
                    }
                }
            }
        };
        let Some(quote) = QuoteSelector::of(&document.text, range) else {
            return Err(format!("its position lies outside {}", document.label()));
        };
        check_lengths(annotation)?;

        let id = annotation
            .get("id")
            .or_else(|| annotation.get("@id"))
            .and_then(Value::as_str)
            .and_then(|iri| iri.strip_prefix("urn:uuid:"))
            .and_then(|uuid| uuid.parse::<ClaimId>().ok());
        let id = match id {
            Some(id) if self.ids.contains(&id) => {
                return Err(format!(
                    "the project already has this claim ({}); it was not added twice",
                    id.short()
                ));
            }
            Some(id) => id,
            None => ClaimId::random(),
        };
        self.ids.insert(id);

        let now = crate::model::now_rfc3339();
        let time = |key: &str| {
            annotation
                .get(key)
                .and_then(Value::as_str)
                .and_then(super::xsd_date_time)
        };
        let created = time("created").unwrap_or_else(|| now.clone());
        let modified = time("modified").unwrap_or_else(|| created.clone());
        let mut claim = Claim {
            id,
            document: document.id,
            range,
            quote,
            annotator: agent_name(annotation.get("creator")).unwrap_or_default(),
            created,
            modified,
            value: annotation
                .get(VALUE_KEY)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            ..Claim::default()
        };
        let mut notes = Vec::new();
        for (purpose, body) in bodies(annotation) {
            let text = body
                .get("value")
                .or_else(|| body.get("bodyValue"))
                .and_then(Value::as_str)
                .unwrap_or_default();
            if text.trim().is_empty() {
                continue;
            }
            match purpose.as_str() {
                "tagging" => {
                    if let Some(tag) = self.names.tag(text).map(Resolved::id)
                        && !claim.tags.contains(&tag)
                    {
                        claim.tags.push(tag);
                    }
                }
                "classifying" => claim.stance = self.names.stance(text).map(Resolved::id),
                "identifying" => claim.source = self.names.source(text).map(Resolved::id),
                "describing" => {
                    claim.proposition = self.names.proposition(text).map(Resolved::id);
                }
                "assessing" => claim.review = Some(review(body, text)),
                _ => notes.push(text.to_owned()),
            }
        }
        claim.note = notes.join("\n\n");
        self.claims.push(claim);
        Ok(())
    }
}

/// The form of an IRI that documents are matched by: without a fragment or a trailing slash.
fn iri_key(iri: &str) -> String {
    let iri = iri.trim();
    let iri = iri.split_once('#').map_or(iri, |(before, _)| before);
    iri.trim_end_matches('/').to_owned()
}

/// Where the target's text is in `document`, by the rule of re-anchoring
/// ([`anchor::anchor`]): a place it would only offer to confirm, or no place, is not
/// taken, and the error says why. With `approximate` a quote close to the one given is
/// accepted too.
fn locate(
    document: &Document,
    parts: &TargetParts,
    approximate: bool,
) -> Result<CharRange, String> {
    let text = &document.text;
    match (&parts.quote, parts.position) {
        (Some(quote), position) => {
            if quote.exact.is_empty() {
                return Err("its quote is empty".to_owned());
            }
            let near = position.unwrap_or_default();
            match anchor::anchor(text, near, quote) {
                Anchoring::Unchanged => Ok(near),
                Anchoring::Moved { range, .. } => Ok(range),
                Anchoring::Approximate { range, .. } if approximate => Ok(range),
                Anchoring::Approximate { .. } => {
                    Err(format!("its quote is not exactly in {}", document.label()))
                }
                Anchoring::ToConfirm { candidate, why, .. } => Err(format!(
                    "its quote was not placed in {}: the nearest match, “{}”, would need confirming ({why})",
                    document.label(),
                    slice(text, candidate).unwrap_or_default()
                )),
                Anchoring::Orphaned => {
                    Err(format!("its quote is not in {} any more", document.label()))
                }
            }
        }
        (None, Some(range)) => {
            if !range.is_empty() && range.end <= document.char_len() {
                Ok(range)
            } else {
                Err(format!("its position lies outside {}", document.label()))
            }
        }
        (None, None) => Err("its target marks no text".to_owned()),
    }
}

/// Refuses an annotation whose names or texts are longer than a project file
/// allows, so that an import never makes a project that cannot be saved.
fn check_lengths(annotation: &Value) -> Result<(), String> {
    let check = |what: &str, text: &str, limit: usize| {
        let chars = text.chars().count();
        if chars > limit {
            Err(format!(
                "its {what} is {chars} characters long, and a project allows at most {limit}"
            ))
        } else {
            Ok(())
        }
    };
    let annotator = agent_name(annotation.get("creator")).unwrap_or_default();
    check("creator's name", &annotator, MAX_NAME_CHARS)?;
    let value = annotation.get(VALUE_KEY).and_then(Value::as_str);
    check("value", value.unwrap_or_default(), MAX_NAME_CHARS)?;
    // The notes of all commenting bodies become one note, with a blank line between.
    let mut note_chars = 0;
    for (purpose, body) in bodies(annotation) {
        let text = body
            .get("value")
            .or_else(|| body.get("bodyValue"))
            .and_then(Value::as_str)
            .unwrap_or_default();
        if text.trim().is_empty() {
            continue;
        }
        match purpose.as_str() {
            "tagging" => check("tag", text.trim(), MAX_NAME_CHARS)?,
            "classifying" => check("stance", text.trim(), MAX_NAME_CHARS)?,
            "identifying" => check("source", text.trim(), MAX_NAME_CHARS)?,
            "describing" => check("proposition", text.trim(), MAX_TEXT_CHARS)?,
            "assessing" => {
                check("review", text, MAX_TEXT_CHARS)?;
                let reviewer = agent_name(body.get("creator")).unwrap_or_default();
                check("reviewer's name", &reviewer, MAX_NAME_CHARS)?;
            }
            _ => {
                note_chars += text.chars().count() + 2;
                if note_chars > MAX_TEXT_CHARS + 2 {
                    return Err(format!(
                        "its notes are more than {MAX_TEXT_CHARS} characters long, the most a project allows"
                    ));
                }
            }
        }
    }
    Ok(())
}

/// The name of an agent (a string, an object with `name` or `nickname`, or a list of them).
fn agent_name(agent: Option<&Value>) -> Option<String> {
    match agent? {
        Value::String(name) => Some(name.clone()),
        Value::Array(agents) => agents.iter().find_map(|a| agent_name(Some(a))),
        Value::Object(object) => {
            let name = match object.get("name") {
                Some(Value::Array(names)) => names.first(),
                other => other,
            };
            name.or_else(|| object.get("nickname"))
                .and_then(Value::as_str)
                .map(str::to_owned)
        }
        _ => None,
    }
}

/// A review from an `assessing` body: "Accepted" or "Accepted: comment".
fn review(body: &Value, text: &str) -> Review {
    let (status, comment) = text.split_once(':').unwrap_or((text, ""));
    let status = ReviewStatus::ALL
        .into_iter()
        .find(|s| s.label().eq_ignore_ascii_case(status.trim()));
    let (status, comment) = match status {
        Some(status) => (status, comment.trim().to_owned()),
        None => (ReviewStatus::Discuss, text.trim().to_owned()),
    };
    Review {
        status,
        reviewer: agent_name(body.get("creator")).unwrap_or_default(),
        comment,
        time: body
            .get("created")
            .and_then(Value::as_str)
            .and_then(super::xsd_date_time)
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_streamed_file_is_the_file_the_json_tree_gives() {
        let mut project = crate::stress::project(0.01);
        // Every optional part: reviews with and without comments, values, notes, languages.
        if let Some(claim) = project.claims.first_mut() {
            claim.review = Some(Review {
                status: ReviewStatus::Rejected,
                reviewer: "ana".into(),
                comment: "No: \"568\" is the\tcity’s figure".into(),
                time: "2026-01-02T03:04:05Z".into(),
            });
            claim.value = "568".into();
            claim.annotator = String::new();
            claim.created = "not a date".into();
        }
        let all: Vec<usize> = (0..project.claims.len()).collect();
        for selection in ["", "stance “Disputes”"] {
            let options = crate::export::ExportOptions {
                generated: "2026-11-23T12:00:00Z".into(),
                selection: selection.into(),
                ..Default::default()
            };
            let set = ClaimSet::new(&project, &all, &options).expect("set");
            let streamed = write(&set).expect("writes");
            let tree = write_values(&set).expect("writes");
            assert!(
                streamed == tree,
                "{}",
                String::from_utf8_lossy(&streamed[..2000.min(streamed.len())])
            );
            let none = ClaimSet::new(&project, &[], &options).expect("set");
            assert_eq!(
                write(&none).expect("writes"),
                write_values(&none).expect("writes")
            );
        }
        let sample = crate::io::project_file::from_ron_str(crate::SAMPLE_PROJECT)
            .expect("sample")
            .project;
        let all: Vec<usize> = (0..sample.claims.len()).collect();
        let options = crate::export::ExportOptions::default();
        let set = ClaimSet::new(&sample, &all, &options).expect("set");
        assert_eq!(
            write(&set).expect("writes"),
            write_values(&set).expect("writes")
        );
    }

    #[test]
    fn iris_match_without_fragment_or_trailing_slash() {
        assert_eq!(iri_key(" https://a.org/x/#frag "), "https://a.org/x");
    }

    #[test]
    fn reviews_read_back() {
        let body = json!({ "creator": { "type": "Person", "name": "Bo" } });
        let r = review(&body, "Rejected: the figure is from 02");
        assert_eq!(r.status, ReviewStatus::Rejected);
        assert_eq!(r.comment, "the figure is from 02");
        assert_eq!(r.reviewer, "Bo");
        assert_eq!(review(&body, "odd").status, ReviewStatus::Discuss);
    }

    #[test]
    fn a_plain_annotation_lands_by_quote() {
        let mut project = Project::new("p");
        project
            .documents
            .push(Document::new("t", "Haidai said 568 civilians remain."));
        let json = r#"{
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "type": "Annotation",
            "body": [{ "type": "TextualBody", "value": "a figure" },
                     { "type": "TextualBody", "purpose": "tagging", "value": "casualties" }],
            "target": { "source": "https://elsewhere.example/x",
                        "selector": { "type": "TextQuoteSelector", "exact": "568 civilians" } }
        }"#;
        let imported = import_w3c(&project, json).expect("imports");
        assert_eq!(imported.claims, 1, "{:?}", imported.unmatched);
        let Edit::Batch(edits) = imported.edit else {
            panic!("a batch")
        };
        let claim = edits
            .iter()
            .find_map(|e| match e {
                Edit::InsertClaim { claim, .. } => Some(claim),
                _ => None,
            })
            .expect("a claim");
        assert_eq!(claim.range, CharRange::new(12, 25));
        assert_eq!(claim.note, "a figure");
        assert_eq!(claim.tags.len(), 1);
    }

    #[test]
    fn nonsense_is_refused_for_users() {
        let project = Project::new("p");
        let err = import_w3c(&project, "{\"a\": 1}").expect_err("no annotations");
        assert!(err.to_string().contains("no W3C annotations"));
        assert!(import_w3c(&project, "not json").is_err());
    }
}
