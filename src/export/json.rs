//! JSON: the claims with their full context, for scripts.
//!
//! The shape is described by a JSON Schema (draft 2020-12) shipped in the
//! repository as `assets/schema/triangulate-export.schema.json` and built into the
//! program as [`SCHEMA`]. `format` and `version` at the top name it; the version
//! goes up whenever a field changes meaning or disappears (adding a field does not).
//!
//! The file holds the project's title and description, its whole stance scale,
//! the documents, sources, tags and propositions the claims refer to (in project
//! order, without the documents' text), and the claims in export order, each
//! with its references both as ids and resolved to names.

use serde::Serialize;

use super::{ClaimSet, ExportError, Format, GENERATOR};
use crate::model::Claim;

/// The value of the top-level `format` field.
pub const FORMAT_NAME: &str = "triangulate-export";

/// The version of the JSON export's shape that this build writes.
pub const VERSION: u32 = 1;

/// The JSON Schema of the export (draft 2020-12).
pub const SCHEMA: &str = include_str!("../../assets/schema/triangulate-export.schema.json");

/// The whole file.
#[derive(Serialize)]
struct ExportFile<'a> {
    format: &'static str,
    version: u32,
    generator: &'static str,
    generated: &'a str,
    selection: &'a str,
    project: ProjectInfo<'a>,
    stances: Vec<StanceOut<'a>>,
    documents: Vec<DocumentOut<'a>>,
    sources: Vec<SourceOut<'a>>,
    tags: Vec<TagOut<'a>>,
    propositions: Vec<PropositionOut<'a>>,
    claims: Vec<ClaimOut<'a>>,
}

#[derive(Serialize)]
struct ProjectInfo<'a> {
    title: &'a str,
    description: &'a str,
    claims_in_project: usize,
}

#[derive(Serialize)]
struct StanceOut<'a> {
    id: String,
    name: &'a str,
    colour: String,
}

#[derive(Serialize)]
struct DocumentOut<'a> {
    id: String,
    title: &'a str,
    outlet: &'a str,
    author: &'a str,
    url: &'a str,
    published: &'a str,
    language: &'a str,
    notes: &'a str,
    imported_from: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    retrieved: &'a str,
    fingerprint: &'a str,
    iri: String,
    characters: usize,
}

#[derive(Serialize)]
struct SourceOut<'a> {
    id: String,
    name: &'a str,
    role: &'a str,
    affiliation: &'a str,
    notes: &'a str,
}

#[derive(Serialize)]
struct TagOut<'a> {
    id: String,
    path: &'a str,
    colour: String,
}

#[derive(Serialize)]
struct PropositionOut<'a> {
    id: String,
    text: &'a str,
    notes: &'a str,
}

#[derive(Serialize)]
struct ClaimOut<'a> {
    id: String,
    document: String,
    document_title: String,
    start: usize,
    end: usize,
    quote: QuoteOut<'a>,
    source: Option<String>,
    asserted_by: String,
    stance: Option<String>,
    stance_name: Option<String>,
    tags: Vec<String>,
    tag_paths: Vec<String>,
    proposition: Option<String>,
    proposition_text: Option<String>,
    note: &'a str,
    value: &'a str,
    annotator: &'a str,
    created: &'a str,
    modified: &'a str,
    review: Option<ReviewOut<'a>>,
    orphaned: bool,
}

#[derive(Serialize)]
struct QuoteOut<'a> {
    exact: &'a str,
    prefix: &'a str,
    suffix: &'a str,
}

#[derive(Serialize)]
struct ReviewOut<'a> {
    status: &'static str,
    reviewer: &'a str,
    comment: &'a str,
    time: &'a str,
}

/// Writes the claims as JSON, pretty-printed, ending with a newline.
pub(crate) fn write(set: &ClaimSet<'_>) -> Result<Vec<u8>, ExportError> {
    let project = set.project;
    let file = ExportFile {
        format: FORMAT_NAME,
        version: VERSION,
        generator: GENERATOR,
        generated: &set.generated,
        selection: &set.selection,
        project: ProjectInfo {
            title: &project.title,
            description: &project.description,
            claims_in_project: project.claims.len(),
        },
        stances: project
            .stances
            .iter()
            .map(|s| StanceOut {
                id: s.id.to_string(),
                name: &s.name,
                colour: s.colour.to_string(),
            })
            .collect(),
        documents: set
            .documents_used()
            .into_iter()
            .map(|d| DocumentOut {
                id: d.id.to_string(),
                title: &d.title,
                outlet: &d.outlet,
                author: &d.author,
                url: &d.url,
                published: &d.published,
                language: &d.language,
                notes: &d.notes,
                imported_from: &d.imported_from,
                retrieved: &d.retrieved,
                fingerprint: &d.fingerprint,
                iri: super::document_iri(d),
                characters: d.char_len(),
            })
            .collect(),
        sources: set
            .sources_used()
            .into_iter()
            .map(|s| SourceOut {
                id: s.id.to_string(),
                name: &s.name,
                role: &s.role,
                affiliation: &s.affiliation,
                notes: &s.notes,
            })
            .collect(),
        tags: set
            .tags_used()
            .into_iter()
            .map(|t| TagOut {
                id: t.id.to_string(),
                path: &t.path,
                colour: t.colour.to_string(),
            })
            .collect(),
        propositions: set
            .propositions_used()
            .into_iter()
            .map(|p| PropositionOut {
                id: p.id.to_string(),
                text: &p.text,
                notes: &p.notes,
            })
            .collect(),
        claims: set.claims.iter().map(|c| claim_out(set, c)).collect(),
    };
    let mut bytes =
        serde_json::to_vec_pretty(&file).map_err(|err| ExportError::write(Format::Json, err))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// One claim, its references as ids and as names.
fn claim_out<'a>(set: &ClaimSet<'a>, claim: &'a Claim) -> ClaimOut<'a> {
    let tags = set.tags(claim);
    ClaimOut {
        id: claim.id.to_string(),
        document: claim.document.to_string(),
        document_title: set
            .document(claim)
            .map(|d| d.title.clone())
            .unwrap_or_default(),
        start: claim.range.start,
        end: claim.range.end,
        quote: QuoteOut {
            exact: &claim.quote.exact,
            prefix: &claim.quote.prefix,
            suffix: &claim.quote.suffix,
        },
        source: set.source(claim).map(|s| s.id.to_string()),
        asserted_by: set.asserted_by(claim),
        stance: set.stance(claim).map(|s| s.id.to_string()),
        stance_name: set.stance(claim).map(|s| s.name.clone()),
        tags: tags.iter().map(|t| t.id.to_string()).collect(),
        tag_paths: tags.iter().map(|t| t.path.clone()).collect(),
        proposition: set.proposition(claim).map(|p| p.id.to_string()),
        proposition_text: set.proposition(claim).map(|p| p.text.clone()),
        note: &claim.note,
        value: &claim.value,
        annotator: &claim.annotator,
        created: &claim.created,
        modified: &claim.modified,
        review: claim.review.as_ref().map(|r| ReviewOut {
            status: r.status.label(),
            reviewer: &r.reviewer,
            comment: &r.comment,
            time: &r.time,
        }),
        orphaned: claim.orphaned,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_is_json_and_names_this_version() {
        let schema: serde_json::Value = serde_json::from_str(SCHEMA).expect("schema parses");
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert_eq!(schema["properties"]["version"]["const"], VERSION);
        assert_eq!(schema["properties"]["format"]["const"], FORMAT_NAME);
    }
}
