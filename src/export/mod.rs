//! Exports of claim sets: CSV, JSON, W3C Web Annotation, REFI-QDA and a readable report,
//! and of the vocabulary alone as a REFI-QDA codebook.
//!
//! Plain Rust over the model. [`export`] turns a list of claims (indices into
//! `project.claims`, usually from [`crate::query::filtered_claims`]) into the bytes
//! of a file in one [`Format`] (a codebook ignores the claims: it holds the whole
//! vocabulary); [`select_by_names`] chooses claims by the names a
//! person types, and [`read_annotation_file`] reads a file of W3C annotations.

pub mod csv;
pub mod direction;
pub mod json;
pub mod qdpx;
pub mod report;
pub mod request;
pub mod w3c;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::io::project_file::SaveError;
use crate::model::{
    Claim, Document, DocumentId, Project, Proposition, PropositionId, Source, SourceId, Stance,
    StanceId, Tag, TagId,
};
use crate::query::{self, ClaimFilter};

/// The name and version written into exports as their generator.
pub const GENERATOR: &str = concat!("Triangulate ", env!("CARGO_PKG_VERSION"));

/// A file format claims can be exported to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Comma-separated values, one row per claim, for spreadsheets.
    Csv,
    /// The claims with their full context, for scripts (see [`json::SCHEMA`]).
    Json,
    /// A W3C Web Annotation collection (JSON-LD), for other annotation tools.
    W3c,
    /// A REFI-QDA project (`.qdpx`), for QDA suites such as NVivo, ATLAS.ti, MAXQDA, QualCoder.
    Qdpx,
    /// A REFI-QDA codebook (`.qdc`): the whole vocabulary (tags, stances,
    /// propositions) as codes, without claims; the claims asked for are ignored.
    Qdc,
    /// A readable report in Markdown.
    Markdown,
    /// A readable report as one self-contained HTML file.
    Html,
}

impl Format {
    /// Every format, in menu order.
    pub const ALL: [Self; 7] = [
        Self::Csv,
        Self::Json,
        Self::W3c,
        Self::Qdpx,
        Self::Qdc,
        Self::Markdown,
        Self::Html,
    ];

    /// Its name for people, as a menu shows it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Csv => "CSV (spreadsheet)",
            Self::Json => "JSON (claims with context)",
            Self::W3c => "W3C Web Annotation (JSON-LD)",
            Self::Qdpx => "REFI-QDA project (.qdpx)",
            Self::Qdc => "REFI-QDA codebook (.qdc)",
            Self::Markdown => "Report (Markdown)",
            Self::Html => "Report (HTML)",
        }
    }

    /// Its name on the command line (`--format`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Json => "json",
            Self::W3c => "w3c",
            Self::Qdpx => "qdpx",
            Self::Qdc => "qdc",
            Self::Markdown => "md",
            Self::Html => "html",
        }
    }

    /// The usual extension of its files, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Json => "json",
            Self::W3c => "jsonld",
            Self::Qdpx => "qdpx",
            Self::Qdc => "qdc",
            Self::Markdown => "md",
            Self::Html => "html",
        }
    }

    /// Whether its files are text that can go to standard output.
    pub fn is_text(self) -> bool {
        self != Self::Qdpx
    }

    /// Whether it exports claims (all formats but the codebook, which holds the
    /// vocabulary alone and ignores which claims were chosen).
    pub fn has_claims(self) -> bool {
        self != Self::Qdc
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let wanted = text.trim().to_lowercase();
        let found = match wanted.as_str() {
            "markdown" => Some(Self::Markdown),
            "jsonld" | "json-ld" | "annotation" | "annotations" => Some(Self::W3c),
            "htm" => Some(Self::Html),
            "refi" | "refi-qda" => Some(Self::Qdpx),
            "codebook" => Some(Self::Qdc),
            _ => Self::ALL.into_iter().find(|f| f.name() == wanted),
        };
        found.ok_or_else(|| {
            format!(
                "“{text}” is not an export format; use one of csv, json, w3c, qdpx, qdc, md, html"
            )
        })
    }
}

/// What the positions of a `.qdpx` export count.
///
/// The REFI-QDA standard counts characters (Unicode code points), as QualCoder
/// does; NVivo reads UTF-16 code units, so that each character beyond U+FFFF
/// (most emoji, some CJK and historic scripts) before a selection moves it one
/// place there. Texts without such characters give the same positions either way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum QdpxOffsets {
    /// Unicode code points, as the standard says.
    #[default]
    #[value(name = "code-points")]
    CodePoints,
    /// UTF-16 code units, as NVivo counts.
    #[value(name = "utf16")]
    Utf16,
}

impl QdpxOffsets {
    /// Every choice, in menu order.
    pub const ALL: [Self; 2] = [Self::CodePoints, Self::Utf16];

    /// Its name for people, as the export window shows it.
    pub fn label(self) -> &'static str {
        match self {
            Self::CodePoints => "Code points (the standard; QualCoder)",
            Self::Utf16 => "UTF-16 units (NVivo)",
        }
    }
}

/// How to export, beyond the format.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// Start a CSV file with a UTF-8 byte-order mark, so that Excel reads it as UTF-8.
    pub bom: bool,
    /// What the positions of a `.qdpx` export count (other formats ignore it).
    pub qdpx_offsets: QdpxOffsets,
    /// When the export is made, as RFC 3339; empty (or not a date) means now.
    pub generated: String,
    /// How the claims were chosen ("stance “Disputes”"), for reports; empty means no filter.
    pub selection: String,
}

/// Why an export could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A claim index lies outside the project's claims.
    #[error("claim number {index} does not exist: the project has {count} claims")]
    NoSuchClaim {
        /// The index asked for.
        index: usize,
        /// How many claims the project has.
        count: usize,
    },
    /// Writing the file's contents failed.
    #[error("could not write the {format} export: {message}")]
    Write {
        /// The format being written.
        format: &'static str,
        /// What went wrong.
        message: String,
    },
}

impl ExportError {
    /// A writing error of `format`.
    pub(crate) fn write(format: Format, message: impl fmt::Display) -> Self {
        Self::Write {
            format: format.name(),
            message: message.to_string(),
        }
    }
}

/// Exports the claims at `claims` (indices into `project.claims`, in the order given) as `format`.
pub fn export(
    project: &Project,
    claims: &[usize],
    format: Format,
    options: &ExportOptions,
) -> Result<Vec<u8>, ExportError> {
    let set = ClaimSet::new(project, claims, options)?;
    match format {
        Format::Csv => csv::write(&set, options.bom),
        Format::Json => json::write(&set),
        Format::W3c => w3c::write(&set),
        Format::Qdpx => qdpx::write(&set, options.qdpx_offsets),
        Format::Qdc => Ok(crate::interop::qdc::write_codebook(project).into_bytes()),
        Format::Markdown => Ok(report::markdown(&set).into_bytes()),
        Format::Html => Ok(report::html(&set).into_bytes()),
    }
}

/// A file name for an export of `project` as `format` ("severodonetsk-june-2022.csv").
pub fn suggested_file_name(project: &Project, format: Format) -> String {
    let mut stem = String::new();
    for c in project.title.chars() {
        if c.is_alphanumeric() {
            stem.extend(c.to_lowercase());
        } else if !stem.is_empty() && !stem.ends_with('-') {
            stem.push('-');
        }
    }
    let stem = stem.trim_end_matches('-');
    let stem = if stem.is_empty() { "claims" } else { stem };
    format!("{stem}.{}", format.extension())
}

/// The claims being exported, with fast lookups of everything they refer to.
pub(crate) struct ClaimSet<'a> {
    /// The whole project.
    pub project: &'a Project,
    /// The claims, in export order.
    pub claims: Vec<&'a Claim>,
    /// When the export is made, as RFC 3339.
    pub generated: String,
    /// How the claims were chosen; empty when they were not filtered.
    pub selection: String,
    documents: HashMap<DocumentId, &'a Document>,
    sources: HashMap<SourceId, &'a Source>,
    stances: HashMap<StanceId, &'a Stance>,
    tags: HashMap<TagId, &'a Tag>,
    propositions: HashMap<PropositionId, &'a Proposition>,
}

impl<'a> ClaimSet<'a> {
    /// The claims of `project` at `indices`.
    pub fn new(
        project: &'a Project,
        indices: &[usize],
        options: &ExportOptions,
    ) -> Result<Self, ExportError> {
        let claims = indices
            .iter()
            .map(|&index| {
                project.claims.get(index).ok_or(ExportError::NoSuchClaim {
                    index,
                    count: project.claims.len(),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let generated = xsd_date_time(&options.generated).unwrap_or_else(crate::model::now_rfc3339);
        // The first of two things with one id wins, as `Project::document` and friends do.
        fn by_id<K: std::hash::Hash + Eq, T>(items: &[T], id: impl Fn(&T) -> K) -> HashMap<K, &T> {
            let mut map = HashMap::with_capacity(items.len());
            for item in items {
                map.entry(id(item)).or_insert(item);
            }
            map
        }
        Ok(Self {
            project,
            claims,
            generated,
            selection: options.selection.trim().to_owned(),
            documents: by_id(&project.documents, |d| d.id),
            sources: by_id(&project.sources, |s| s.id),
            stances: by_id(&project.stances, |s| s.id),
            tags: by_id(&project.tags, |t| t.id),
            propositions: by_id(&project.propositions, |p| p.id),
        })
    }

    /// The claim's document.
    pub fn document(&self, claim: &Claim) -> Option<&'a Document> {
        self.documents.get(&claim.document).copied()
    }

    /// The claim's source, when it names one.
    pub fn source(&self, claim: &Claim) -> Option<&'a Source> {
        claim.source.and_then(|id| self.sources.get(&id).copied())
    }

    /// Who asserts the claim: its source's name, or else its document's outlet.
    pub fn asserted_by(&self, claim: &Claim) -> String {
        match self.source(claim) {
            Some(source) => source.name.clone(),
            None => self
                .document(claim)
                .map(|d| d.outlet.clone())
                .unwrap_or_default(),
        }
    }

    /// The claim's stance.
    pub fn stance(&self, claim: &Claim) -> Option<&'a Stance> {
        claim.stance.and_then(|id| self.stances.get(&id).copied())
    }

    /// The name of the claim's stance, or an empty string.
    pub fn stance_name(&self, claim: &Claim) -> String {
        self.stance(claim)
            .map(|s| s.name.clone())
            .unwrap_or_default()
    }

    /// The claim's tags that exist, in the claim's order.
    pub fn tags(&self, claim: &Claim) -> Vec<&'a Tag> {
        claim
            .tags
            .iter()
            .filter_map(|id| self.tags.get(id).copied())
            .collect()
    }

    /// The claim's proposition.
    pub fn proposition(&self, claim: &Claim) -> Option<&'a Proposition> {
        claim
            .proposition
            .and_then(|id| self.propositions.get(&id).copied())
    }

    /// The documents the claims are on, in project order, each once.
    pub fn documents_used(&self) -> Vec<&'a Document> {
        let used: std::collections::HashSet<DocumentId> =
            self.claims.iter().map(|c| c.document).collect();
        let mut seen = std::collections::HashSet::new();
        self.project
            .documents
            .iter()
            .filter(|d| used.contains(&d.id) && seen.insert(d.id))
            .collect()
    }

    /// The sources the claims name, in project order, each once.
    pub fn sources_used(&self) -> Vec<&'a Source> {
        let used: std::collections::HashSet<SourceId> =
            self.claims.iter().filter_map(|c| c.source).collect();
        let mut seen = std::collections::HashSet::new();
        self.project
            .sources
            .iter()
            .filter(|s| used.contains(&s.id) && seen.insert(s.id))
            .collect()
    }

    /// The tags the claims carry, in project order, each once.
    pub fn tags_used(&self) -> Vec<&'a Tag> {
        let used: std::collections::HashSet<TagId> = self
            .claims
            .iter()
            .flat_map(|c| c.tags.iter().copied())
            .collect();
        let mut seen = std::collections::HashSet::new();
        self.project
            .tags
            .iter()
            .filter(|t| used.contains(&t.id) && seen.insert(t.id))
            .collect()
    }

    /// The propositions the claims bear on, in project order, each once.
    pub fn propositions_used(&self) -> Vec<&'a Proposition> {
        let used: std::collections::HashSet<PropositionId> =
            self.claims.iter().filter_map(|c| c.proposition).collect();
        let mut seen = std::collections::HashSet::new();
        self.project
            .propositions
            .iter()
            .filter(|p| used.contains(&p.id) && seen.insert(p.id))
            .collect()
    }
}

/// Where a document can be found: its URL when known, otherwise a URN made from
/// its fingerprint (`urn:triangulate:document:<sha256 hex>`).
pub fn document_iri(document: &Document) -> String {
    let url = document.url.trim();
    if !url.is_empty() && url.contains(':') && !url.chars().any(char::is_whitespace) {
        return url.to_owned();
    }
    let hex = document
        .fingerprint
        .strip_prefix("sha256:")
        .map(str::to_owned)
        .unwrap_or_else(|| {
            crate::model::fingerprint(&document.text)
                .trim_start_matches("sha256:")
                .to_owned()
        });
    format!("{DOCUMENT_URN_PREFIX}{hex}")
}

/// The start of the URN that names a document by its fingerprint.
pub const DOCUMENT_URN_PREFIX: &str = "urn:triangulate:document:";

/// An RFC 3339 date and time in the one form that both RFC 3339 and `xsd:dateTime`
/// accept (upper-case `T` and `Z`), or `None` when `time` is not one.
pub(crate) fn xsd_date_time(time: &str) -> Option<String> {
    use time::format_description::well_known::Rfc3339;
    let parsed = time::OffsetDateTime::parse(time.trim(), &Rfc3339).ok()?;
    parsed.format(&Rfc3339).ok()
}

// ---------------------------------------------------------------------------
// Choosing claims by name.

/// Which claims `triangulate export` keeps, each condition given by name.
///
/// Names match ignoring case: documents by title, file name or id; sources by
/// name (a document's outlet counts for claims with no source); stances by name;
/// tags by path (claims carrying a tag nested under it count too); propositions
/// by text; annotators by name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClaimNames {
    /// The document's title, file name or id.
    pub document: Option<String>,
    /// Who asserts the claim.
    pub source: Option<String>,
    /// The stance's name.
    pub stance: Option<String>,
    /// The tag's path.
    pub tag: Option<String>,
    /// The proposition's text.
    pub proposition: Option<String>,
    /// Who made the claim.
    pub annotator: Option<String>,
}

/// The claims of `project` that `names` keep (indices, in project order), and a
/// description of the selection for reports; an error names what was not found.
pub fn select_by_names(
    project: &Project,
    names: &ClaimNames,
) -> Result<(Vec<usize>, String), SelectError> {
    let mut filter = ClaimFilter::default();
    let mut described = Vec::new();
    if let Some(wanted) = &names.document {
        let id = pick(
            "document",
            wanted,
            project.documents.iter().map(|d| {
                (
                    d.title.clone(),
                    vec![
                        d.title.clone(),
                        d.imported_from.clone(),
                        d.id.to_string(),
                        d.id.short(),
                    ],
                    d.id,
                )
            }),
        )?;
        filter.document = Some(id);
        described.push(format!("document “{}”", wanted.trim()));
    }
    if let Some(wanted) = &names.stance {
        let id = pick(
            "stance",
            wanted,
            project
                .stances
                .iter()
                .map(|s| (s.name.clone(), vec![s.name.clone()], s.id)),
        )?;
        filter.stance = Some(id);
        described.push(format!("stance “{}”", wanted.trim()));
    }
    if let Some(wanted) = &names.tag {
        let id = pick(
            "tag",
            wanted,
            project.tags.iter().map(|t| {
                let path = t.path.trim().trim_end_matches('/').to_owned();
                (t.path.clone(), vec![path], t.id)
            }),
        )?;
        filter.tag = Some(id);
        described.push(format!("tag “{}”", wanted.trim()));
    }
    if let Some(wanted) = &names.proposition {
        let id = pick(
            "proposition",
            wanted,
            project
                .propositions
                .iter()
                .map(|p| (p.text.clone(), vec![p.text.clone()], p.id)),
        )?;
        filter.proposition = Some(id);
        described.push(format!("proposition “{}”", wanted.trim()));
    }
    if let Some(wanted) = &names.annotator {
        let mut annotators: Vec<String> =
            project.claims.iter().map(|c| c.annotator.clone()).collect();
        annotators.sort();
        annotators.dedup();
        let name = pick(
            "annotator",
            wanted,
            annotators
                .iter()
                .map(|a| (a.clone(), vec![a.clone()], a.clone())),
        )?;
        filter.annotator = Some(name);
        described.push(format!("annotator “{}”", wanted.trim()));
    }
    let mut indices = query::filtered_claims(project, &filter);
    if let Some(wanted) = &names.source {
        // Who asserts a claim: its source, or else its document's outlet.
        let mut asserted: Vec<String> = project
            .claims
            .iter()
            .map(|c| project.asserted_by(c))
            .chain(project.sources.iter().map(|s| s.name.clone()))
            .filter(|name| !name.trim().is_empty())
            .collect();
        asserted.sort();
        asserted.dedup();
        let name = pick(
            "source",
            wanted,
            asserted
                .iter()
                .map(|a| (a.clone(), vec![a.clone()], a.to_lowercase())),
        )?;
        indices.retain(|&at| {
            project
                .claims
                .get(at)
                .is_some_and(|c| same_name(&project.asserted_by(c), &name))
        });
        described.push(format!("source “{}”", wanted.trim()));
    }
    Ok((indices, described.join(", ")))
}

/// Whether two names are the same, ignoring case and surrounding space.
fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// Why names given for claims choose none: the name is unknown, or ambiguous.
#[derive(Debug, thiserror::Error)]
pub enum SelectError {
    /// The project has nothing of that kind with a name.
    #[error("the project has no {kind} called “{wanted}”: it has none")]
    NoneKnown {
        /// What was named ("stance").
        kind: &'static str,
        /// The name given, trimmed.
        wanted: String,
    },
    /// Nothing of that kind has the name.
    #[error(
        "the project has no {kind} called “{wanted}”; it has {}",
        listed(known, *more)
    )]
    Unknown {
        /// What was named ("stance").
        kind: &'static str,
        /// The name given, trimmed.
        wanted: String,
        /// The first names of that kind in the project.
        known: Vec<String>,
        /// How many more names there are.
        more: usize,
    },
    /// Several different items of that kind have the name.
    #[error("{count} {kind}s are called “{wanted}”; name it by its id instead")]
    Ambiguous {
        /// What was named ("document").
        kind: &'static str,
        /// The name given, trimmed.
        wanted: String,
        /// How many items have it.
        count: usize,
    },
}

/// How many names an unknown name's error lists.
const NAMES_LISTED: usize = 20;

/// Names in quotation marks, separated by commas, with how many more there are.
fn listed(known: &[String], more: usize) -> String {
    let mut list = known
        .iter()
        .map(|name| format!("“{name}”"))
        .collect::<Vec<_>>()
        .join(", ");
    if more > 0 {
        list.push_str(&format!(" and {more} more"));
    }
    list
}

/// The one value whose names include `wanted` (ignoring case), or an error for
/// users that lists what there is. Items are `(shown name, names, value)`.
fn pick<T: Clone + PartialEq>(
    kind: &'static str,
    wanted: &str,
    items: impl Iterator<Item = (String, Vec<String>, T)>,
) -> Result<T, SelectError> {
    let items: Vec<(String, Vec<String>, T)> = items.collect();
    let mut found: Vec<&(String, Vec<String>, T)> = items
        .iter()
        .filter(|(_, names, _)| {
            names
                .iter()
                .any(|n| !n.trim().is_empty() && same_name(n, wanted))
        })
        .collect();
    found.dedup_by(|a, b| a.2 == b.2);
    let wanted = wanted.trim().to_owned();
    match found.as_slice() {
        [(_, _, value)] => Ok(value.clone()),
        [] => {
            let mut known: Vec<String> = items
                .iter()
                .map(|(shown, _, _)| shown.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect();
            known.dedup();
            if known.is_empty() {
                return Err(SelectError::NoneKnown { kind, wanted });
            }
            let more = known.len().saturating_sub(NAMES_LISTED);
            known.truncate(NAMES_LISTED);
            Err(SelectError::Unknown {
                kind,
                wanted,
                known,
                more,
            })
        }
        several => Err(SelectError::Ambiguous {
            kind,
            wanted,
            count: several.len(),
        }),
    }
}

/// Writes `bytes` to `path` so that the file is either the old one or the whole new one.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    crate::io::project_file::write_atomically(path, bytes, false)
}

/// Files of annotations larger than this are refused (64 MiB).
pub const MAX_ANNOTATION_BYTES: u64 = 64 * 1024 * 1024;

/// Why a file of annotations could not be read.
#[derive(Debug, thiserror::Error)]
pub enum AnnotationFileError {
    /// The file is not a regular file, is too large, or could not be read; the
    /// message names it.
    #[error("{message}")]
    Refused {
        /// What happened, naming the file.
        message: String,
    },
    /// The file could not be read as UTF-8 text.
    #[error("cannot read {} as UTF-8 text", path.display())]
    NotText {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        error: std::io::Error,
    },
}

/// The text of a file of W3C annotations, without a UTF-8 byte-order mark. What is
/// not a regular file (a pipe, a device such as `/dev/zero`, a folder) is refused
/// before it is opened, and no more than [`MAX_ANNOTATION_BYTES`] are read, even
/// from a file that grows; [`w3c::import_w3c`] turns the text into claims.
pub fn read_annotation_file(path: &Path) -> Result<String, AnnotationFileError> {
    let bytes = crate::interop::read_file(path, MAX_ANNOTATION_BYTES)
        .map_err(|message| AnnotationFileError::Refused { message })?;
    let bytes = bytes
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .map(<[u8]>::to_vec)
        .unwrap_or(bytes);
    String::from_utf8(bytes).map_err(|error| AnnotationFileError::NotText {
        path: path.to_owned(),
        error: std::io::Error::new(std::io::ErrorKind::InvalidData, error),
    })
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    #[test]
    fn formats_parse_by_name() {
        for format in Format::ALL {
            assert_eq!(format.name().parse::<Format>(), Ok(format));
        }
        assert_eq!("Markdown".parse::<Format>(), Ok(Format::Markdown));
        let err = "xlsx".parse::<Format>().expect_err("unknown");
        assert!(err.contains("csv, json"), "{err}");
    }

    #[test]
    fn file_names_come_from_the_title() {
        let project = Project::new("Severodonetsk, June 2022");
        assert_eq!(
            suggested_file_name(&project, Format::Csv),
            "severodonetsk-june-2022.csv"
        );
        assert_eq!(
            suggested_file_name(&Project::new("«»"), Format::W3c),
            "claims.jsonld"
        );
    }

    #[test]
    fn documents_without_url_are_named_by_fingerprint() {
        let mut doc = Document::new("t", "text");
        let urn = document_iri(&doc);
        assert!(
            urn.starts_with(DOCUMENT_URN_PREFIX) && urn.len() == DOCUMENT_URN_PREFIX.len() + 64
        );
        doc.url = "https://example.org/a".into();
        assert_eq!(document_iri(&doc), "https://example.org/a");
    }

    #[test]
    fn unknown_names_are_listed() {
        let project = Project::new("p");
        let names = ClaimNames {
            stance: Some("Rejects".into()),
            ..ClaimNames::default()
        };
        let err = select_by_names(&project, &names).expect_err("unknown stance");
        let text = err.to_string();
        assert!(text.contains("no stance called “Rejects”"), "{text}");
        assert!(text.contains("“Disputes”"), "{text}");
        let names = ClaimNames {
            stance: Some("disputes".into()),
            ..ClaimNames::default()
        };
        assert!(select_by_names(&project, &names).is_ok());
    }

    #[test]
    fn annotation_files_are_read_as_text_or_refused_with_a_reason() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = dir.path().join("missing.jsonld");
        let err = read_annotation_file(&missing).expect_err("missing");
        assert!(matches!(err, AnnotationFileError::Refused { .. }));
        assert!(err.to_string().contains("missing.jsonld"), "{err}");

        let latin = dir.path().join("latin.json");
        fs::write(&latin, b"\xff\xfe{}").expect("write");
        let err = read_annotation_file(&latin).expect_err("not UTF-8");
        assert_eq!(
            err.to_string(),
            format!("cannot read {} as UTF-8 text", latin.display())
        );

        let fine = dir.path().join("fine.json");
        fs::write(&fine, "[]").expect("write");
        assert_eq!(read_annotation_file(&fine).ok().as_deref(), Some("[]"));
    }
}
