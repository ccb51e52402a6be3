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
//!
//! Import ([`import_w3c`]) reads this form back, and what other tools write: the
//! `oa:`-prefixed and full-IRI forms of the same terms, text selectors inside
//! `refinedBy`, link bodies (kept as “Link: …” lines of the note), Hypothesis's
//! API JSON, and `http(s)` annotation ids, from which a claim id is made so that
//! a second import of the same annotations adds nothing.

use std::collections::{HashMap, HashSet};

use serde_json::Value;
#[cfg(test)]
use serde_json::{Map, json};
use sha2::{Digest as _, Sha256};

use super::{ClaimSet, DOCUMENT_URN_PREFIX, ExportError, Format, GENERATOR};
use crate::anchor::{self, Anchoring, Quoter};
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
    /// One line for each annotation that was left out, and why (repeats
    /// included), and for each part of the file that was not read, in file order.
    pub unmatched: Vec<String>,
    /// How many annotations were left out as repeats: the project already has
    /// their claim, or the file has them twice.
    pub already_present: usize,
    /// How many annotations were left out for any other reason.
    pub not_imported: usize,
    /// How many bodies that are only a link were kept as a “Link: …” line in
    /// the note of a claim added.
    pub links_kept: usize,
}

impl AnnotationImport {
    /// One line that counts what the import did, e.g. “2 claim(s) added, 1 already
    /// present, 0 not imported, 1 link(s) kept as notes”.
    pub fn summary(&self) -> String {
        format!(
            "{} claim(s) added, {} already present, {} not imported, {} link(s) kept as notes",
            self.claims, self.already_present, self.not_imported, self.links_kept
        )
    }

    /// The report to show after an import: the [`summary`](Self::summary), then
    /// the [`unmatched`](Self::unmatched) lines.
    pub fn report_lines(&self) -> Vec<String> {
        std::iter::once(self.summary())
            .chain(self.unmatched.iter().cloned())
            .collect()
    }
}

/// Reads W3C annotations (a collection, a page, one annotation or a list) as
/// claims of `project`: each lands on the document its target names (by URL or
/// `urn:triangulate:document:` fingerprint) or, failing that, on a document that
/// holds its quote. Annotations that match no document, whose quote is not in the
/// text, or whose id is already a claim, are reported in `unmatched`.
///
/// Besides the Anno context's short names, it reads names compacted with the
/// `oa:` prefix (`oa:hasTarget`, `oa:TextQuoteSelector`, `rdf:value`…), full IRIs
/// (`http://www.w3.org/ns/oa#exact`), expanded JSON-LD (`@id`, `@value`), text
/// selectors inside `refinedBy`, and the JSON of the Hypothesis API (`rows`,
/// `text`, `tags`). An annotation whose id is an `http(s)` address is given a
/// claim id made from that address, so that importing it again finds its claim.
pub fn import_w3c(project: &Project, json: &str) -> Result<AnnotationImport, W3cError> {
    // A byte-order mark some editors write is not part of the JSON.
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    let value = normalise(&serde_json::from_str::<Value>(json)?);
    let mut annotations = Vec::new();
    let mut unmatched = Vec::new();
    collect_annotations(&value, &mut annotations, &mut unmatched, 0);
    if annotations.is_empty() && unmatched.is_empty() {
        return Err(W3cError::NoAnnotations);
    }
    let mut importer = Importer::new(project);
    let mut already_present = 0;
    let mut not_imported = 0;
    for (at, annotation) in annotations.iter().enumerate() {
        if let Err(refusal) = importer.add(annotation) {
            if refusal.repeat {
                already_present += 1;
            } else {
                not_imported += 1;
            }
            let name = describe(annotation, at, !refusal.names_quote);
            unmatched.push(format!("{name}: {}", refusal.why));
        }
    }
    let claims = importer.claims.len();
    let links_kept = importer.links_kept;
    let mut edits = importer.names.into_edits();
    edits.extend(importer.claims.into_iter().map(Edit::add_claim));
    Ok(AnnotationImport {
        edit: Edit::Batch(edits),
        claims,
        unmatched,
        already_present,
        not_imported,
        links_kept,
    })
}

/// How deeply collections and pages may nest inside each other, and selectors
/// inside the selectors they refine.
const MAX_DEPTH: usize = 8;

/// The namespaces whose terms are read by their local name: `oa:exact`,
/// `http://www.w3.org/ns/oa#exact` and `exact` are one term. (Dublin Core,
/// FOAF and Activity Streams give `creator`, `name` and `items`.)
const NAMESPACES: [&str; 13] = [
    "http://www.w3.org/ns/oa#",
    "https://www.w3.org/ns/oa#",
    "oa:",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdf:",
    "http://purl.org/dc/terms/",
    "dcterms:",
    "http://purl.org/dc/elements/1.1/",
    "dc:",
    "http://xmlns.com/foaf/0.1/",
    "foaf:",
    "https://www.w3.org/ns/activitystreams#",
    "as:",
];

/// The Activity Streams namespace as the Anno context writes it (http).
const ACTIVITY_STREAMS: &str = "http://www.w3.org/ns/activitystreams#";

/// A term without its namespace or prefix, by the Anno context's short name.
fn short_term(term: &str) -> &str {
    let local = std::iter::once(ACTIVITY_STREAMS)
        .chain(NAMESPACES)
        .find_map(|ns| term.strip_prefix(ns))
        .unwrap_or(term);
    match local {
        "@id" => "id",
        "@type" => "type",
        "@graph" => "items",
        "hasBody" => "body",
        "hasTarget" => "target",
        "hasSelector" => "selector",
        "hasSource" => "source",
        "hasPurpose" => "purpose",
        "motivatedBy" => "motivation",
        "hasStartSelector" => "startSelector",
        "hasEndSelector" => "endSelector",
        "nick" => "nickname",
        "urn:triangulate:ns#value" => VALUE_KEY,
        other => other,
    }
}

/// The same JSON with the names other tools write read as the Anno context's
/// short names: keys and the values of `type`, `purpose` and `motivation` lose
/// their `oa:` prefix or namespace, `{"@value": v}` becomes `v`, `{"@id": iri}`
/// becomes `iri`, and a list of one plain value becomes that value. An object
/// from the Hypothesis API gets the bodies its `text` and `tags` stand for.
fn normalise(value: &Value) -> Value {
    // serde_json refuses nesting deeper than 128, so this recursion is bounded.
    let Value::Object(object) = value else {
        return match value {
            Value::Array(items) => {
                let items: Vec<Value> = items.iter().map(normalise).collect();
                match items.as_slice() {
                    [one] if !one.is_object() && !one.is_array() => one.clone(),
                    _ => Value::Array(items),
                }
            }
            other => other.clone(),
        };
    };
    if let Some(inner) = object.get("@value") {
        return normalise(inner);
    }
    if let Some(items) = object.get("@list").or_else(|| object.get("@set")) {
        return normalise(items);
    }
    if object.len() == 1
        && let Some(Value::String(iri)) = object.get("@id")
    {
        return Value::String(iri.clone());
    }
    let mut out = serde_json::Map::new();
    // Short names first, so that a short name and a long one for the same term
    // keep the short one's value.
    for short in [true, false] {
        for (key, item) in object {
            let term = short_term(key);
            if (term == key) != short || out.contains_key(term) {
                continue;
            }
            let mut item = normalise(item);
            if matches!(term, "type" | "purpose" | "motivation") {
                item = short_names(item);
            }
            out.insert(term.to_owned(), item);
        }
    }
    hypothesis_bodies(&mut out);
    Value::Object(out)
}

/// A name or a list of names without their `oa:` prefix or namespace.
fn short_names(value: Value) -> Value {
    match value {
        Value::String(name) => Value::String(short_term(&name).to_owned()),
        Value::Array(names) => Value::Array(names.into_iter().map(short_names).collect()),
        other => other,
    }
}

/// Gives an annotation of the Hypothesis API (`text`, `tags`, `user`, `updated`,
/// `links.html`, no `body`) the bodies, creator, modified time and id that
/// Hypothesis's own W3C form of it has, so that both forms give the same claim.
fn hypothesis_bodies(object: &mut serde_json::Map<String, Value>) {
    if !object.contains_key("target")
        || object.contains_key("body")
        || object.contains_key("bodyValue")
        || !(object.contains_key("text") || object.contains_key("tags"))
    {
        return;
    }
    let mut bodies = Vec::new();
    if let Some(Value::String(text)) = object.get("text")
        && !text.trim().is_empty()
    {
        bodies.push(
            serde_json::json!({ "type": "TextualBody", "value": text, "format": "text/markdown" }),
        );
    }
    let tags: Vec<&str> = match object.get("tags") {
        Some(Value::String(tag)) => vec![tag.as_str()],
        Some(Value::Array(tags)) => tags.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    for tag in tags {
        bodies
            .push(serde_json::json!({ "type": "TextualBody", "purpose": "tagging", "value": tag }));
    }
    object.insert("body".into(), Value::Array(bodies));
    if !object.contains_key("creator")
        && let Some(user) = object.get("user").cloned()
    {
        object.insert("creator".into(), user);
    }
    if !object.contains_key("modified")
        && let Some(updated) = object.get("updated").cloned()
    {
        object.insert("modified".into(), updated);
    }
    let has_address = object
        .get("id")
        .and_then(Value::as_str)
        .is_some_and(|id| iri_address(id).is_some());
    let html = object
        .get("links")
        .and_then(|links| links.get("html"))
        .and_then(Value::as_str)
        .filter(|html| iri_address(html).is_some())
        .map(str::to_owned);
    if !has_address && let Some(html) = html {
        object.insert("id".into(), Value::String(html));
    }
}

/// Finds the annotations in a collection, page, annotation or list (or the
/// `rows` of a Hypothesis search, or the `annotations` of its export).
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
            for key in ["items", "rows", "annotations"] {
                if let Some(items) = object.get(key) {
                    collect_annotations(items, out, unmatched, depth + 1);
                }
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
    type_names(value).any(|t| t == wanted)
}

/// The names of the object's `type`.
fn type_names(value: &Value) -> impl Iterator<Item = &str> {
    let types: Vec<&str> = match value.get("type").or_else(|| value.get("@type")) {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    types.into_iter()
}

/// The first `max` characters of `text`, with “…” when there are more.
fn shortened(text: &str, max: usize) -> String {
    let mut shown: String = text.chars().take(max).collect();
    if text.chars().nth(max).is_some() {
        shown.push('…');
    }
    shown
}

/// How much of a quote messages show.
const QUOTE_SHOWN_CHARS: usize = 60;

/// A name for an annotation in messages: its id (or its place in the file) and,
/// with `with_quote`, the start of its quote.
fn describe(annotation: &Value, at: usize, with_quote: bool) -> String {
    let id = annotation.get("id").and_then(Value::as_str).map_or_else(
        || format!("annotation {}", at + 1),
        |id| format!("annotation {id}"),
    );
    match target_parts(annotation).quote {
        Some(quote) if with_quote && !quote.exact.is_empty() => {
            format!("{id} (“{}”)", shortened(&quote.exact, QUOTE_SHOWN_CHARS))
        }
        _ => id,
    }
}

/// What an annotation's target says.
#[derive(Default)]
struct TargetParts {
    /// The IRI of the annotated resource.
    source: Option<String>,
    /// The text quote selector.
    quote: Option<QuoteSelector>,
    /// The text position selector, counted from the start of the document.
    position: Option<CharRange>,
    /// The type of the selector (`XPathSelector`, …) that a text position
    /// selector refines, and so counts from, when that is not the document.
    relative_to: Option<String>,
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
                    Some(Value::Object(source)) => {
                        source.get("id").and_then(Value::as_str).map(str::to_owned)
                    }
                    _ => object.get("id").and_then(Value::as_str).map(str::to_owned),
                };
                let mut found = TargetParts::default();
                for selector in list(object.get("selector")) {
                    read_selector(selector, Some(0), &mut found, 0);
                }
                if found.quote.is_some() || found.position.is_some() {
                    found.source = source.or(parts.source);
                    return found;
                }
                if parts.source.is_none() {
                    parts.source = source;
                }
                if parts.relative_to.is_none() {
                    parts.relative_to = found.relative_to;
                }
            }
            _ => {}
        }
    }
    parts
}

/// The items of a list, or the one value that stands for a list of one.
fn list(value: Option<&Value>) -> Vec<&Value> {
    match value {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(item) => vec![item],
        None => Vec::new(),
    }
}

/// Reads one selector and the selectors that refine it (`refinedBy`) into
/// `found`: the first quote and the first position are kept, except that a
/// position refining a position is the more precise one. `offset` is where the
/// selector's positions count from in the document, or `None` when they count
/// from a part of the page that only a browser can find (an element, a fragment).
fn read_selector(selector: &Value, offset: Option<usize>, found: &mut TargetParts, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    // Where the positions of the selectors refining this one count from.
    let mut inner_offset = None;
    if has_type(selector, "TextQuoteSelector") {
        let text = |key: &str| {
            selector
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        found.quote.get_or_insert_with(|| QuoteSelector {
            exact: text("exact"),
            prefix: text("prefix"),
            suffix: text("suffix"),
        });
    } else if has_type(selector, "TextPositionSelector")
        && let Some(offset) = offset
    {
        let number = |key: &str| selector.get(key).and_then(char_count);
        if let (Some(start), Some(end)) = (number("start"), number("end")) {
            let range = CharRange::new(offset.saturating_add(start), offset.saturating_add(end));
            // A position within a position (depth > 0) narrows the outer one.
            if found.position.is_none() || depth > 0 {
                found.position = Some(range);
            }
            inner_offset = Some(range.start);
        }
    }
    for refinement in list(selector.get("refinedBy")) {
        if inner_offset.is_none() && has_type(refinement, "TextPositionSelector") {
            found.relative_to.get_or_insert_with(|| {
                type_names(selector).next().unwrap_or("selector").to_owned()
            });
        }
        read_selector(refinement, inner_offset, found, depth + 1);
    }
}

/// A count of characters written as a number, or as a string of digits (as
/// expanded JSON-LD writes typed values).
fn char_count(value: &Value) -> Option<usize> {
    match value {
        Value::Number(n) => n
            .as_u64()
            .or_else(|| {
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < 9.0e15)
                    .map(|f| f as u64)
            })
            .and_then(|n| usize::try_from(n).ok()),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// What one body of an annotation holds.
#[derive(Clone, Copy)]
enum Content<'a> {
    /// Text: a tag, a name, a note, a review.
    Text(&'a str),
    /// Only the address of a resource.
    Link(&'a str),
}

/// One body of an annotation: its purpose (or the annotation's motivation),
/// the body itself (for its creator and time), and what it holds.
struct BodyPart<'a> {
    purpose: String,
    body: &'a Value,
    content: Content<'a>,
}

/// The bodies of an annotation that hold text or a link. A body that is a
/// string, or an object with an `id` or a `source` and no `value`, is a link.
fn bodies(annotation: &Value) -> Vec<BodyPart<'_>> {
    let motivation = purpose_of(annotation.get("motivation")).unwrap_or("commenting");
    let mut out = Vec::new();
    if let Some(Value::String(text)) = annotation.get("bodyValue") {
        out.push(BodyPart {
            purpose: "commenting".to_owned(),
            body: annotation,
            content: Content::Text(text),
        });
    }
    for body in list(annotation.get("body")) {
        body_parts(body, motivation, &mut out, 0);
    }
    out
}

/// The first purpose or motivation named.
fn purpose_of(value: Option<&Value>) -> Option<&str> {
    match value? {
        Value::String(p) => Some(p.as_str()),
        Value::Array(ps) => ps.iter().find_map(Value::as_str),
        _ => None,
    }
}

/// Adds what one body holds to `out`; the items of a `Choice`, `Composite` or
/// `List` body each count as a body.
fn body_parts<'a>(body: &'a Value, motivation: &str, out: &mut Vec<BodyPart<'a>>, depth: usize) {
    let purpose = purpose_of(body.get("purpose"))
        .unwrap_or(motivation)
        .trim_start_matches("oa:")
        .to_owned();
    let content = match body {
        Value::String(text) if looks_like_iri(text) => Content::Link(text),
        Value::String(text) => Content::Text(text),
        Value::Object(object) => {
            if let Some(Value::String(text)) = object.get("value") {
                Content::Text(text)
            } else if let Some(iri) = object
                .get("source")
                .and_then(|s| s.as_str().or_else(|| s.get("id").and_then(Value::as_str)))
                .or_else(|| object.get("id").and_then(Value::as_str))
                .filter(|iri| !iri.trim().is_empty() && !iri.starts_with("_:"))
            {
                Content::Link(iri)
            } else {
                if depth < 2 {
                    for item in list(object.get("items")) {
                        body_parts(item, &purpose, out, depth + 1);
                    }
                }
                return;
            }
        }
        _ => return,
    };
    out.push(BodyPart {
        purpose,
        body,
        content,
    });
}

/// Whether a string body is an address (`scheme:rest`, no spaces), as the model
/// says a string body is, rather than text a tool wrote in its place.
fn looks_like_iri(text: &str) -> bool {
    let text = text.trim();
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    !rest.is_empty()
        && !text.chars().any(char::is_whitespace)
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// The line of a claim's note that keeps a link body.
fn link_note(iri: &str) -> String {
    format!("Link: {}", iri.trim())
}

/// Why an annotation was left out.
struct Refusal {
    /// The reason, for the user.
    why: String,
    /// Whether it was left out as a repeat of a claim already there.
    repeat: bool,
    /// Whether the reason shows the quote, so that the annotation's name need not.
    names_quote: bool,
}

impl From<String> for Refusal {
    fn from(why: String) -> Self {
        Self {
            why,
            repeat: false,
            names_quote: false,
        }
    }
}

/// A quote for messages, in quotation marks.
fn quoted(quote: &QuoteSelector) -> String {
    format!("“{}”", shortened(&quote.exact, QUOTE_SHOWN_CHARS))
}

/// Builds the claims of an import and the vocabulary they need.
struct Importer<'a> {
    project: &'a Project,
    /// Documents by their IRI (URL without a trailing slash, or fingerprint URN).
    by_iri: HashMap<String, &'a Document>,
    /// The ids of the project's claims.
    project_ids: HashSet<ClaimId>,
    /// The ids of the claims this import adds.
    new_ids: HashSet<ClaimId>,
    /// Tag, source, stance and proposition names: the project's, or new ones.
    names: Names<'a>,
    /// The new claims.
    claims: Vec<Claim>,
    /// How many link bodies the new claims keep in their notes.
    links_kept: usize,
    /// Each document's text, indexed once for all the annotations looked for in it.
    indexes: HashMap<crate::model::DocumentId, Quoter<'a>>,
    /// The approximate matching all the annotations may still do (see
    /// [`anchor::APPROXIMATE_WORK`]).
    work: std::cell::Cell<u64>,
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
            project_ids: project.claims.iter().map(|c| c.id).collect(),
            new_ids: HashSet::new(),
            names: Names::new(project),
            claims: Vec::new(),
            links_kept: 0,
            indexes: project
                .documents
                .iter()
                .map(|d| (d.id, Quoter::new(&d.text)))
                .collect(),
            work: std::cell::Cell::new(anchor::APPROXIMATE_WORK),
        }
    }

    /// The index of `document`'s text.
    fn index(&self, document: &Document) -> Option<&Quoter<'a>> {
        self.indexes.get(&document.id)
    }

    /// Adds one annotation as a claim, or says why it cannot be.
    fn add(&mut self, annotation: &Value) -> Result<(), Refusal> {
        let id = annotation
            .get("id")
            .and_then(Value::as_str)
            .and_then(claim_id_of);
        if let Some(id) = id {
            if self.project_ids.contains(&id) {
                return Err(Refusal {
                    why: format!(
                        "the project already has this claim ({}); it was not added twice",
                        id.short()
                    ),
                    repeat: true,
                    names_quote: false,
                });
            }
            if self.new_ids.contains(&id) {
                return Err(Refusal {
                    why: "the file holds this annotation twice; it was added once".to_owned(),
                    repeat: true,
                    names_quote: false,
                });
            }
        }
        let parts = target_parts(annotation);
        let (document, range) = self.place(&parts)?;
        let Some(quote) = self.index(document).and_then(|index| index.quote(range)) else {
            return Err(format!(
                "its position {}–{} is past the end of the text of {} ({} characters)",
                range.start,
                range.end,
                document.label(),
                self.index(document).map_or(0, Quoter::chars)
            )
            .into());
        };
        check_lengths(annotation)?;

        let id = id.unwrap_or_else(ClaimId::random);
        self.new_ids.insert(id);
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
        for part in bodies(annotation) {
            let text = match part.content {
                Content::Link(iri) => {
                    notes.push(link_note(iri));
                    self.links_kept += 1;
                    continue;
                }
                Content::Text(text) if text.trim().is_empty() => continue,
                Content::Text(text) => text,
            };
            match part.purpose.as_str() {
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
                "assessing" => claim.review = Some(review(part.body, text)),
                _ => notes.push(text.to_owned()),
            }
        }
        claim.note = notes.join("\n\n");
        self.claims.push(claim);
        Ok(())
    }

    /// The document the target is in and where, or why it cannot be placed.
    fn place(&self, parts: &TargetParts) -> Result<(&'a Document, CharRange), Refusal> {
        if parts.quote.is_none() && parts.position.is_none() {
            let why = match &parts.relative_to {
                Some(kind) => format!(
                    "its TextPositionSelector counts from the start of what its {kind} selects, not of the document, and it has no TextQuoteSelector, so the text it marks is unknown"
                ),
                None => "its target has no TextQuoteSelector or TextPositionSelector, so the text it marks is unknown".to_owned(),
            };
            return Err(why.into());
        }
        let named = parts
            .source
            .as_deref()
            .and_then(|iri| self.by_iri.get(&iri_key(iri)).copied());
        if let Some(document) = named {
            let range = self.locate(document, parts, true)?;
            return Ok((document, range));
        }
        let Some(quote) = &parts.quote else {
            let why = match parts.source.as_deref() {
                Some(target) => format!(
                    "it targets {target}, which matches no document of the project, and it marks its text by position only, so it cannot be looked for in the other documents"
                ),
                None => "it names no document and marks its text by position only, so where it belongs is unknown".to_owned(),
            };
            return Err(why.into());
        };
        let found = self
            .project
            .documents
            .iter()
            .find_map(|d| self.locate(d, parts, false).ok().map(|r| (d, r)));
        found.ok_or_else(|| {
            let why = match parts.source.as_deref() {
                Some(target) => format!(
                    "it targets {target}, which matches no document of the project, and no document holds its quote {}",
                    quoted(quote)
                ),
                None => format!(
                    "it names no document, and no document holds its quote {}",
                    quoted(quote)
                ),
            };
            Refusal {
                why,
                repeat: false,
                names_quote: true,
            }
        })
    }
}

/// The claim id an annotation's id stands for: the UUID of a `urn:uuid:` id,
/// or, for an `http(s)` address (as Hypothesis and annotation servers write),
/// an id made from the address, the same each time it is read.
fn claim_id_of(annotation_id: &str) -> Option<ClaimId> {
    let id = annotation_id.trim();
    if let Some(uuid) = id
        .get(..9)
        .filter(|head| head.eq_ignore_ascii_case("urn:uuid:"))
        .and_then(|_| id.get(9..))
    {
        return uuid.parse().ok();
    }
    iri_address(id).map(|address| claim_id_of_address(&address))
}

/// An `http(s)` address in the form that tells annotations apart: without its
/// scheme (http and https are one), with its host in lower case, and without a
/// trailing slash before the end. `None` for anything else.
fn iri_address(iri: &str) -> Option<String> {
    let iri = iri.trim();
    let scheme_end = iri.find("://")?;
    let scheme = iri.get(..scheme_end)?;
    if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
        return None;
    }
    let rest = iri.get(scheme_end + 3..)?;
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (host, path) = rest.split_at(host_end);
    if host.is_empty() || iri.chars().any(char::is_whitespace) {
        return None;
    }
    let path = if path.contains(['?', '#']) {
        path
    } else {
        path.trim_end_matches('/')
    };
    Some(format!("{}{path}", host.to_ascii_lowercase()))
}

/// A version 8 (custom) UUID from the SHA-256 of an address in [`iri_address`] form.
fn claim_id_of_address(address: &str) -> ClaimId {
    let mut hasher = Sha256::new();
    hasher.update(b"triangulate annotation id\n");
    hasher.update(address.as_bytes());
    let digest = hasher.finalize();
    let head = digest.first_chunk::<16>().copied().unwrap_or_default();
    let bits = u128::from_be_bytes(head);
    // Version 8 in bits 76-79 and the RFC 9562 variant (0b10) in bits 62-63.
    let bits = (bits & !(0xf << 76)) | (0x8 << 76);
    let bits = (bits & !(0x3 << 62)) | (0x2 << 62);
    ClaimId::from_u128(bits)
}

/// The form of an IRI that documents are matched by: without a fragment or a trailing slash.
fn iri_key(iri: &str) -> String {
    let iri = iri.trim();
    let iri = iri.split_once('#').map_or(iri, |(before, _)| before);
    iri.trim_end_matches('/').to_owned()
}

impl Importer<'_> {
    /// Where the target's text is in `document`, by the rule of re-anchoring
    /// ([`anchor::anchor`]): a place it would only offer to confirm, or no place, is not
    /// taken, and the error says why. With `approximate` a quote close to the one given is
    /// accepted too.
    fn locate(
        &self,
        document: &Document,
        parts: &TargetParts,
        approximate: bool,
    ) -> Result<CharRange, Refusal> {
        let text = &document.text;
        let Some(index) = self.index(document) else {
            return Err("its document is not in the project".to_owned().into());
        };
        let quote_refusal = |why: String| Refusal {
            why,
            repeat: false,
            names_quote: true,
        };
        match (&parts.quote, parts.position) {
            (Some(quote), position) => {
                if quote.exact.is_empty() {
                    return Err("its TextQuoteSelector's quote is empty".to_owned().into());
                }
                let near = position.unwrap_or_default();
                match index.anchor(near, quote, &self.work) {
                    Anchoring::Unchanged => Ok(near),
                    Anchoring::Moved { range, .. } => Ok(range),
                    Anchoring::Approximate { range, .. } if approximate => Ok(range),
                    Anchoring::Approximate { .. } => Err(quote_refusal(format!(
                        "its quote {} is not exactly in {}",
                        quoted(quote),
                        document.label()
                    ))),
                    Anchoring::ToConfirm { candidate, why, .. } => Err(quote_refusal(format!(
                        "its quote {} was not placed in {}: the nearest match, “{}”, would need confirming ({why})",
                        quoted(quote),
                        document.label(),
                        slice(text, candidate).unwrap_or_default()
                    ))),
                    Anchoring::Orphaned => Err(quote_refusal(format!(
                        "its quote {} is not in {}",
                        quoted(quote),
                        document.label()
                    ))),
                }
            }
            (None, Some(range)) => {
                let chars = index.chars();
                if range.start >= range.end {
                    Err(format!(
                        "its position {}–{} is empty, so it marks no text",
                        range.start, range.end
                    )
                    .into())
                } else if range.end > chars {
                    Err(format!(
                        "its position {}–{} is past the end of the text of {} ({chars} characters)",
                        range.start,
                        range.end,
                        document.label()
                    )
                    .into())
                } else {
                    Ok(range)
                }
            }
            (None, None) => Err("its target marks no text".to_owned().into()),
        }
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
    // The notes of all commenting bodies and links become one note, with a blank line between.
    let mut note_chars = 0;
    for part in bodies(annotation) {
        let text = match part.content {
            Content::Link(iri) => {
                note_chars += link_note(iri).chars().count() + 2;
                if note_chars > MAX_TEXT_CHARS + 2 {
                    return Err(format!(
                        "its notes and links are more than {MAX_TEXT_CHARS} characters long, the most a project allows"
                    ));
                }
                continue;
            }
            Content::Text(text) if text.trim().is_empty() => continue,
            Content::Text(text) => text,
        };
        match part.purpose.as_str() {
            "tagging" => check("tag", text.trim(), MAX_NAME_CHARS)?,
            "classifying" => check("stance", text.trim(), MAX_NAME_CHARS)?,
            "identifying" => check("source", text.trim(), MAX_NAME_CHARS)?,
            "describing" => check("proposition", text.trim(), MAX_TEXT_CHARS)?,
            "assessing" => {
                check("review", text, MAX_TEXT_CHARS)?;
                let reviewer = agent_name(part.body.get("creator")).unwrap_or_default();
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

/// The name of an agent (a string, an object with `name` or `nickname`, or a
/// list of them); an `acct:` address (as Hypothesis writes) loses its `acct:`.
fn agent_name(agent: Option<&Value>) -> Option<String> {
    match agent? {
        Value::String(name) => Some(name.strip_prefix("acct:").unwrap_or(name).to_owned()),
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

    #[test]
    fn http_ids_give_the_same_claim_id_each_time() {
        let id = claim_id_of("https://hypothes.is/a/AbC123").expect("an id");
        // The same address however it is written: scheme, host case, trailing slash.
        for same in [
            " http://HYPOTHES.IS/a/AbC123/ ",
            "https://hypothes.is/a/AbC123",
        ] {
            assert_eq!(claim_id_of(same), Some(id), "{same}");
        }
        // A path is case-sensitive, and a fragment tells annotations apart.
        for other in [
            "https://hypothes.is/a/abc123",
            "https://hypothes.is/a/AbC123#2",
            "https://example.org/a/AbC123",
        ] {
            assert_ne!(claim_id_of(other), Some(id), "{other}");
        }
        // A version 8 UUID of the RFC 9562 variant.
        let text = id.to_string();
        assert_eq!(text.get(14..15), Some("8"), "{text}");
        assert!(
            matches!(text.get(19..20), Some("8" | "9" | "a" | "b")),
            "{text}"
        );
        // Our own ids are read as they are; others give no id.
        let ours = ClaimId::random();
        assert_eq!(claim_id_of(&format!("URN:UUID:{ours}")), Some(ours));
        for none in [
            "AbC123",
            "_:b0",
            "#anno1",
            "urn:uuid:nonsense",
            "http://",
            "ftp://a/b",
        ] {
            assert_eq!(claim_id_of(none), None, "{none}");
        }
    }

    #[test]
    fn prefixed_and_expanded_names_read_as_short_ones() {
        let prefixed = json!({
            "@id": "http://example.org/anno/1",
            "@type": "oa:Annotation",
            "oa:hasBody": { "@type": "oa:TextualBody", "rdf:value": "a note",
                            "oa:hasPurpose": { "@id": "oa:tagging" } },
            "oa:hasTarget": { "oa:hasSource": { "@id": "https://a.example/x" },
                              "oa:hasSelector": { "@type": "oa:TextQuoteSelector", "oa:exact": "x" } }
        });
        let expanded = json!([{
            "@id": "http://example.org/anno/1",
            "@type": ["http://www.w3.org/ns/oa#Annotation"],
            "http://www.w3.org/ns/oa#hasBody": [{
                "@type": ["http://www.w3.org/ns/oa#TextualBody"],
                "http://www.w3.org/1999/02/22-rdf-syntax-ns#value": [{ "@value": "a note" }],
                "http://www.w3.org/ns/oa#hasPurpose": [{ "@id": "http://www.w3.org/ns/oa#tagging" }]
            }],
            "http://www.w3.org/ns/oa#hasTarget": [{
                "http://www.w3.org/ns/oa#hasSource": [{ "@id": "https://a.example/x" }],
                "http://www.w3.org/ns/oa#hasSelector": [{
                    "@type": ["http://www.w3.org/ns/oa#TextQuoteSelector"],
                    "http://www.w3.org/ns/oa#exact": [{ "@value": "x" }]
                }]
            }]
        }]);
        let short = json!({
            "id": "http://example.org/anno/1",
            "type": "Annotation",
            "body": { "type": "TextualBody", "value": "a note", "purpose": "tagging" },
            "target": { "source": "https://a.example/x",
                        "selector": { "type": "TextQuoteSelector", "exact": "x" } }
        });
        assert_eq!(normalise(&prefixed), short);
        let expanded = normalise(&expanded);
        let Some([first]) = expanded.as_array().map(Vec::as_slice) else {
            panic!("a list of one: {expanded}")
        };
        // Lists of one object stay lists, which the reader takes as well.
        assert_eq!(
            first["target"],
            json!([{ "source": "https://a.example/x",
                     "selector": [{ "type": "TextQuoteSelector", "exact": "x" }] }])
        );
        assert_eq!(first["body"], json!([short["body"].clone()]));
        assert_eq!(first["type"], json!("Annotation"));
        // A short name wins over a long one for the same term.
        let both =
            json!({ "target": "https://a.example/x", "oa:hasTarget": "https://b.example/y" });
        assert_eq!(normalise(&both)["target"], json!("https://a.example/x"));
    }

    #[test]
    fn text_selectors_inside_refinements_are_read() {
        let annotation = |selector: Value| json!({ "target": { "selector": selector } });
        // A quote refining a fragment is the quote.
        let parts = target_parts(&annotation(json!({
            "type": "FragmentSelector", "value": "p6",
            "refinedBy": { "type": "TextQuoteSelector", "exact": "568" }
        })));
        assert_eq!(parts.quote.map(|q| q.exact), Some("568".to_owned()));
        assert_eq!(parts.position, None);
        // A position refining a position counts from its start.
        let parts = target_parts(&annotation(json!({
            "type": "TextPositionSelector", "start": 100, "end": 200,
            "refinedBy": { "type": "TextPositionSelector", "start": 10, "end": 20 }
        })));
        assert_eq!(parts.position, Some(CharRange::new(110, 120)));
        // A position refining an element counts from the element: not a place in the text.
        let parts = target_parts(&annotation(json!([
            { "type": "XPathSelector", "value": "/p[2]",
              "refinedBy": { "type": "TextPositionSelector", "start": 3, "end": 9 } }
        ])));
        assert_eq!(parts.position, None);
        assert_eq!(parts.relative_to.as_deref(), Some("XPathSelector"));
        // Positions written as strings, as expanded JSON-LD may.
        let parts = target_parts(&annotation(json!({
            "type": "TextPositionSelector", "start": "4", "end": 9.0
        })));
        assert_eq!(parts.position, Some(CharRange::new(4, 9)));
    }

    #[test]
    fn link_bodies_become_note_lines() {
        let mut project = Project::new("p");
        project
            .documents
            .push(Document::new("t", "Haidai said 568 civilians remain."));
        let json = json!({
            "id": "https://hypothes.is/a/X1",
            "body": [
                "https://a.example/post",
                { "id": "https://b.example/page", "type": "Text" },
                { "type": "SpecificResource", "source": { "id": "https://c.example/r" } },
                { "type": "Choice", "items": [ { "type": "TextualBody", "value": "in a choice" } ] },
                "not an address, but text",
                { "type": "TextualBody", "value": "" }
            ],
            "target": { "selector": { "type": "TextQuoteSelector", "exact": "568 civilians" } }
        });
        let imported = import_w3c(&project, &json.to_string()).expect("imports");
        assert_eq!(imported.links_kept, 3);
        let Edit::Batch(edits) = imported.edit else {
            panic!("a batch")
        };
        let note = edits
            .iter()
            .find_map(|e| match e {
                Edit::InsertClaim { claim, .. } => Some(claim.note.clone()),
                _ => None,
            })
            .expect("a claim");
        assert_eq!(
            note,
            "Link: https://a.example/post\n\nLink: https://b.example/page\n\nLink: https://c.example/r\n\nin a choice\n\nnot an address, but text"
        );
    }

    #[test]
    fn hypothesis_api_rows_read_as_annotations() {
        let mut project = Project::new("p");
        project
            .documents
            .push(Document::new("t", "Haidai said 568 civilians remain."));
        let json = json!({ "total": 1, "rows": [{
            "id": "Zx9", "user": "acct:bo@hypothes.is", "text": "a note", "tags": ["figures"],
            "updated": "2022-06-15T09:20:02Z",
            "links": { "html": "https://hypothes.is/a/Zx9" },
            "target": [{ "source": "https://a.example/x",
                         "selector": [{ "type": "TextQuoteSelector", "exact": "568 civilians" }] }]
        }]});
        let imported = import_w3c(&project, &json.to_string()).expect("imports");
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
        assert_eq!(Some(claim.id), claim_id_of("https://hypothes.is/a/Zx9"));
        assert_eq!(claim.note, "a note");
        assert_eq!(claim.annotator, "bo@hypothes.is");
        assert_eq!(claim.modified, "2022-06-15T09:20:02Z");
        assert_eq!(claim.tags.len(), 1);
    }
}
