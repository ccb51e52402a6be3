//! REFI-QDA project import: the bytes of a `.qdpx` archive → a new project and a
//! report of what was brought in, how, and what was left out.
//!
//! The archive is read through [`super::archive`] and `project.qde` through
//! [`super::xml`], so a hostile file meets their limits. The mapping:
//!
//! - `TextSource` → a document: its text from the archive entry its
//!   `plainTextPath` names (or its `PlainTextContent`), normalised as every
//!   document is; its `Variables` Outlet, Author, URL, Published and Language →
//!   the document's fields, other variables, its `Description` and the notes it
//!   refers to → its notes. A `PDFSource` → a document from the text of its
//!   `Representation`, else from the PDF itself (its selections, made on pages,
//!   are then left out). Pictures, audio and video are listed as skipped.
//! - Codes → tags, their paths from the nesting; for our own exports (the
//!   project's `origin` starts with "Triangulate") the groups "Tags", "Stances"
//!   and "Propositions" come back as tags, the stance scale and propositions.
//! - `PlainTextSelection`s → claims, several selections of one range → one claim;
//!   their codings → tags, stance, proposition; notes and descriptions → notes
//!   (and our own "Value:", "Asserted by:" and "Review:" lines → those fields).
//! - Cases → sources of the claims they hold; users → annotators; notes nothing
//!   refers to → the project's description.
//!
//! Positions: the standard counts Unicode code points of the text; some tools
//! count otherwise (NVivo: UTF-16 code units after a byte-order mark, CRLF as
//! two). For each document the counting that puts the most selection bounds on
//! word bounds is used, and the report says so when it is not the standard's.

mod positions;
mod qde;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

pub use self::positions::Counting;
use self::positions::{Span, decode_text, place};
use self::qde::{Qde, SelectionDef, SourceDef, SourceKind, guid_key, parse};
use super::archive::{Archive, ArchiveError, Limits as ArchiveLimits};
use super::xml::{self, XmlError};
use crate::export::qdpx::{NAME_SLASH, PROJECT_ENTRY};
use crate::io::project_file::{MAX_PROJECT_BYTES, overlong_string, too_many};
use crate::model::{
    Claim, ClaimId, Colour, Document, DocumentId, Project, Proposition, PropositionId,
    QuoteSelector, Review, ReviewStatus, Source, SourceId, Stance, StanceId, Tag, TagId, normalise,
};

/// The largest `.qdpx` file read: 2 GiB.
pub const MAX_QDPX_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// What the `origin` of our own exports starts with.
const OWN_ORIGIN: &str = "Triangulate";

/// A project read from a `.qdpx` file, with the report of the reading.
#[derive(Clone, Debug)]
pub struct QdpxImport {
    /// The new project.
    pub project: Project,
    /// What was brought in, how, and what was left out.
    pub report: ImportReport,
}

/// How one document's positions were read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentCounting {
    /// The document's title.
    pub document: String,
    /// The counting used.
    pub counting: Counting,
    /// Its selections.
    pub selections: usize,
    /// Selection bounds (two per selection) that fall on word bounds in that counting.
    pub fitting_bounds: usize,
}

/// What an import brought in, how, and what it left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// The tool that wrote the file (the project's `origin`), when it says.
    pub origin: String,
    /// Whether Triangulate wrote the file.
    pub own_export: bool,
    /// Documents made.
    pub documents: usize,
    /// Tags made.
    pub tags: usize,
    /// Claims made.
    pub claims: usize,
    /// Sources made.
    pub sources: usize,
    /// Propositions made.
    pub propositions: usize,
    /// Stances of the project's scale.
    pub stances: usize,
    /// Annotators named (users of the file and makers of claims).
    pub annotators: usize,
    /// Notes brought in (to claims, documents, sources or the project's description).
    pub notes: usize,
    /// How each document's positions were counted, in document order.
    pub countings: Vec<DocumentCounting>,
    /// Things worth knowing that lost nothing ("cases became sources").
    pub notices: Vec<String>,
    /// What was left out, each naming the thing and why.
    pub skipped: Vec<String>,
    /// Codings left out with what they code (pictures, audio, video, whole sources).
    pub skipped_codings: usize,
}

impl ImportReport {
    /// The report as lines for a terminal or a window: the summary, then each
    /// document counted otherwise than in code points, then notices, then each
    /// skipped item.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![self.summary()];
        for counting in &self.countings {
            if counting.counting != Counting::CodePoints {
                lines.push(format!(
                    "“{}”: positions counted {} ({} of {} selection bounds on word bounds)",
                    counting.document,
                    counting.counting.describe(),
                    counting.fitting_bounds,
                    counting.selections * 2
                ));
            }
        }
        lines.extend(self.notices.iter().cloned());
        lines.extend(self.skipped.iter().map(|s| format!("Skipped: {s}")));
        lines
    }

    /// One line: what was made, and how much was skipped.
    pub fn summary(&self) -> String {
        let mut parts = vec![
            count(self.documents, "document", "documents"),
            count(self.tags, "tag", "tags"),
            count(self.claims, "claim", "claims"),
            count(self.sources, "source", "sources"),
            count(self.propositions, "proposition", "propositions"),
            count(self.stances, "stance", "stances"),
            count(self.annotators, "annotator", "annotators"),
            count(self.notes, "note", "notes"),
        ];
        if !self.skipped.is_empty() {
            parts.push(format!("{} skipped", self.skipped.len()));
        }
        parts.join(", ")
    }

    /// How many things were left out.
    pub fn skipped_count(&self) -> usize {
        self.skipped.len()
    }
}

/// "1 tag", "3 tags".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Why a `.qdpx` file could not be imported. The messages name the entry; the
/// caller names the file (or [`import_qdpx_file`] does, with [`QdpxError::In`]).
#[derive(Debug, thiserror::Error)]
pub enum QdpxError {
    /// The archive, or an entry of it, was refused.
    #[error("{0}")]
    Archive(#[from] ArchiveError),
    /// The archive holds no `project.qde`.
    #[error(
        "the archive holds no “project.qde”, so it is not a REFI-QDA project (.qdpx); export the project again from its program"
    )]
    NoProject,
    /// An entry is not readable XML.
    #[error("“{entry}” is not readable XML ({error})")]
    Xml {
        /// The entry.
        entry: String,
        /// What is wrong, and where.
        error: XmlError,
    },
    /// `project.qde` is XML but not a REFI-QDA project.
    #[error("“{entry}” is not a REFI-QDA project: {reason}")]
    NotRefi {
        /// The entry.
        entry: String,
        /// Why not.
        reason: String,
    },
    /// More items than a project file may hold.
    #[error(
        "the project holds {count} {what}, more than the {limit} a Triangulate project may hold"
    )]
    TooMany {
        /// What ("claims").
        what: &'static str,
        /// How many.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// A string longer than a project file allows.
    #[error(
        "{field} is {chars} characters long, more than the {limit} a Triangulate project may hold"
    )]
    TooLong {
        /// Which string.
        field: String,
        /// Its length in characters.
        chars: usize,
        /// The limit.
        limit: usize,
    },
    /// The documents' text is more than a project file may hold.
    #[error(
        "the documents hold more than {limit} bytes of text, more than a Triangulate project may hold"
    )]
    TooMuchText {
        /// The limit, in bytes.
        limit: u64,
    },
    /// The file could not be read, or is not a regular file, or is too large; the
    /// message names it.
    #[error("{0}")]
    Read(String),
    /// An error in a file, with the file's path.
    #[error("“{}”: {error}", path.display())]
    In {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        error: Box<QdpxError>,
    },
}

/// Reads the `.qdpx` file at `path`, titled by its file stem. A file larger than
/// [`MAX_QDPX_BYTES`] or one that is not a regular file is refused unread.
pub fn import_qdpx_file(path: &Path) -> Result<QdpxImport, QdpxError> {
    let bytes = super::read_file(path, MAX_QDPX_BYTES).map_err(QdpxError::Read)?;
    let title = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    import_qdpx(&bytes, &title).map_err(|error| QdpxError::In {
        path: path.to_owned(),
        error: Box::new(error),
    })
}

/// Reads the bytes of a `.qdpx` archive into a new project titled `title` (the
/// file's stem; the project's own name, when it differs, heads the description).
pub fn import_qdpx(bytes: &[u8], title: &str) -> Result<QdpxImport, QdpxError> {
    let mut archive = Archive::open(bytes, ArchiveLimits::DEFAULT)?;
    let index = archive
        .find(PROJECT_ENTRY)
        .or_else(|| {
            // Some tools name it otherwise; one `.qde` at the top is the project.
            let qde: Vec<usize> = (0..archive.names().len())
                .filter(|&i| {
                    archive.names().get(i).is_some_and(|n| {
                        !n.contains('/') && n.to_ascii_lowercase().ends_with(".qde")
                    })
                })
                .collect();
            match qde.as_slice() {
                [one] => Some(*one),
                _ => None,
            }
        })
        .ok_or(QdpxError::NoProject)?;
    let entry = archive.names().get(index).cloned().unwrap_or_default();
    let raw = archive.read(index)?;
    let text = xml::decode(&raw).map_err(|error| QdpxError::Xml {
        entry: entry.clone(),
        error,
    })?;
    let qde = parse(&text, &entry)?;
    drop(text);
    drop(raw);
    Builder::new(qde, archive, title).build()
}

/// A QDA-XML `dateTime` as RFC 3339 (a time with no zone is taken as UTC).
fn rfc3339(time: &str) -> Option<String> {
    let time = time.trim();
    if let Ok(parsed) = OffsetDateTime::parse(time, &Rfc3339) {
        return parsed.format(&Rfc3339).ok();
    }
    let local = time::macros::format_description!(
        version = 2,
        "[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]"
    );
    let parsed = time::PrimitiveDateTime::parse(time, local).ok()?;
    parsed.assume_utc().format(&Rfc3339).ok()
}

/// Appends `more` to `text` as a paragraph of its own.
fn append(text: &mut String, more: &str) {
    let more = more.trim();
    if more.is_empty() {
        return;
    }
    if !text.trim().is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(more);
}

/// Where a path of the archive's project file points, or why it is not in the archive.
fn archive_path(path: &str) -> Result<Vec<String>, String> {
    let path = path.trim();
    let lower = path.to_ascii_lowercase();
    if let Some(rest) = lower
        .starts_with("internal://")
        .then(|| path.get("internal://".len()..))
        .flatten()
    {
        return Ok(vec![format!("sources/{rest}"), rest.to_owned()]);
    }
    if lower.starts_with("absolute://") || lower.starts_with("file:") || lower.starts_with("http") {
        return Err(format!("its text is at “{path}”, outside the archive"));
    }
    let rest = if lower.starts_with("relative://") {
        path.get("relative://".len()..).unwrap_or_default()
    } else {
        path
    };
    let rest = rest.trim_start_matches("./");
    if rest.is_empty() || rest.starts_with('/') || rest.contains(":\\") {
        return Err(format!("its text is at “{path}”, outside the archive"));
    }
    let name = rest.rsplit(['/', '\\']).next().unwrap_or(rest);
    Ok(vec![
        rest.to_owned(),
        format!("sources/{rest}"),
        format!("sources/{name}"),
    ])
}

// ---------------------------------------------------------------------------
// Mapping onto the model.

/// What a code of the code book becomes.
#[derive(Clone, Copy, Debug)]
enum Role {
    /// A tag, by its path (made when codable, or when a coding uses it).
    Tag,
    /// A stance of the scale (our own exports).
    Stance(StanceId),
    /// A proposition (our own exports).
    Proposition(PropositionId),
    /// A group of ours ("Tags", "Stances", "Propositions"): never a tag.
    OwnGroup,
}

/// The project being made from `project.qde`, and what is known on the way.
struct Builder<'a> {
    /// What `project.qde` says.
    qde: Qde,
    /// The archive, for the entries it names.
    archive: Archive<'a>,
    /// The project's title (the file's stem).
    title: String,
    /// Whether Triangulate wrote the file.
    own: bool,
    /// The project so far.
    project: Project,
    /// The report so far.
    report: ImportReport,
    /// Ids given so far: a GUID used twice gives a random id the second time.
    used_ids: HashSet<u128>,
    /// User names by GUID key.
    users: HashMap<String, String>,
    /// Code indices by GUID key.
    codes: HashMap<String, usize>,
    /// What each code becomes.
    roles: Vec<Role>,
    /// Each code's tag path.
    paths: Vec<String>,
    /// Tags by path.
    tags: HashMap<String, TagId>,
    /// The tag of each code that has one.
    code_tags: HashMap<usize, TagId>,
    /// Note indices by GUID key.
    notes: HashMap<String, usize>,
    /// Which notes went somewhere.
    note_used: Vec<bool>,
    /// Codings of codes the code book lacks, by GUID key.
    missing_codes: HashMap<String, usize>,
    /// The case of each selection, by GUID key.
    case_of_selection: HashMap<String, usize>,
    /// The case of each whole source, by GUID key.
    case_of_source: HashMap<String, usize>,
    /// The source made of each case.
    case_sources: HashMap<usize, SourceId>,
    /// Sources made from "Asserted by" lines, by name.
    sources_by_name: HashMap<String, SourceId>,
    /// Bytes of document text so far.
    text_bytes: u64,
    /// Everyone named as an annotator.
    annotators: HashSet<String>,
}

impl<'a> Builder<'a> {
    fn new(qde: Qde, archive: Archive<'a>, title: &str) -> Self {
        let own = qde.origin.trim_start().starts_with(OWN_ORIGIN);
        let report = ImportReport {
            origin: qde.origin.trim().to_owned(),
            own_export: own,
            ..ImportReport::default()
        };
        let mut project = Project::new(title.trim());
        project.stances.clear();
        Self {
            qde,
            archive,
            title: title.trim().to_owned(),
            own,
            project,
            report,
            used_ids: HashSet::new(),
            users: HashMap::new(),
            codes: HashMap::new(),
            roles: Vec::new(),
            paths: Vec::new(),
            tags: HashMap::new(),
            code_tags: HashMap::new(),
            notes: HashMap::new(),
            note_used: Vec::new(),
            missing_codes: HashMap::new(),
            case_of_selection: HashMap::new(),
            case_of_source: HashMap::new(),
            case_sources: HashMap::new(),
            sources_by_name: HashMap::new(),
            text_bytes: 0,
            annotators: HashSet::new(),
        }
    }

    /// The id a GUID gives: the GUID itself when it is a UUID not yet used, else a random one.
    fn id(&mut self, guid: &str) -> u128 {
        if let Ok(uuid) = uuid::Uuid::parse_str(&guid_key(guid))
            && !uuid.is_nil()
            && self.used_ids.insert(uuid.as_u128())
        {
            return uuid.as_u128();
        }
        loop {
            let id = uuid::Uuid::new_v4().as_u128();
            if self.used_ids.insert(id) {
                return id;
            }
        }
    }

    fn build(mut self) -> Result<QdpxImport, QdpxError> {
        for (guid, name) in std::mem::take(&mut self.qde.users) {
            let name = name.trim().to_owned();
            if !name.is_empty() {
                self.annotators.insert(name.clone());
            }
            self.users.insert(guid_key(&guid), name);
        }
        for (i, note) in self.qde.notes.iter().enumerate() {
            self.notes.entry(guid_key(&note.guid)).or_insert(i);
        }
        self.note_used = vec![false; self.qde.notes.len()];
        self.codes_to_tags();
        self.index_cases();
        let sources = std::mem::take(&mut self.qde.sources);
        for (index, source) in sources.iter().enumerate() {
            if source.top {
                self.source(&sources, index)?;
            }
        }
        self.finish()
    }

    /// The stance scale, the propositions and the tags, from the code book.
    fn codes_to_tags(&mut self) {
        let mut top_of: Vec<usize> = Vec::with_capacity(self.qde.codes.len());
        for (i, code) in self.qde.codes.iter().enumerate() {
            // A `/` inside one code's name is not a level of the tag path.
            let name = match code.name.trim() {
                "" => "(untitled code)".to_owned(),
                name => name.replace('/', &NAME_SLASH.to_string()),
            };
            let (path, top) = match code.parent.filter(|&p| p < i) {
                Some(p) => (
                    format!("{}/{name}", self.paths.get(p).cloned().unwrap_or_default()),
                    top_of.get(p).copied().unwrap_or(p),
                ),
                None => (name, i),
            };
            self.paths.push(path);
            top_of.push(top);
            self.codes.entry(guid_key(&code.guid)).or_insert(i);
        }
        let group = |i: usize| -> Option<&str> {
            let top = *top_of.get(i)?;
            let code = self.qde.codes.get(top)?;
            match code.name.trim() {
                name @ ("Tags" | "Stances" | "Propositions") => Some(name),
                _ => None,
            }
        };
        let groups: Vec<Option<String>> = (0..self.qde.codes.len())
            .map(|i| group(i).filter(|_| self.own).map(str::to_owned))
            .collect();
        for (i, group) in groups.iter().enumerate() {
            let is_top = top_of.get(i) == Some(&i);
            let role = match group.as_deref() {
                Some(_) if is_top => Role::OwnGroup,
                Some("Stances") => {
                    let code = self.qde.codes.get(i);
                    let name = code.map(|c| c.name.trim().to_owned()).unwrap_or_default();
                    let guid = code.map(|c| c.guid.clone()).unwrap_or_default();
                    let default = Stance::default_scale()
                        .into_iter()
                        .find(|s| s.name.eq_ignore_ascii_case(&name));
                    let colour = code
                        .and_then(|c| c.colour.as_deref())
                        .and_then(super::qdc::parse_colour)
                        .or(default.as_ref().map(|d| d.colour))
                        .unwrap_or_else(|| Colour::palette(self.project.stances.len()));
                    let id = match uuid::Uuid::parse_str(&guid_key(&guid)) {
                        Ok(_) => StanceId::from_u128(self.id(&guid)),
                        Err(_) => match &default {
                            Some(d) if self.used_ids.insert(d.id.as_u128()) => d.id,
                            _ => StanceId::from_u128(self.id("")),
                        },
                    };
                    self.project.stances.push(Stance { id, name, colour });
                    Role::Stance(id)
                }
                Some("Propositions") => {
                    let code = self.qde.codes.get(i);
                    let text = code.map(|c| c.name.trim().to_owned()).unwrap_or_default();
                    let guid = code.map(|c| c.guid.clone()).unwrap_or_default();
                    let notes = code
                        .map(|c| c.description.trim().to_owned())
                        .unwrap_or_default();
                    let id = PropositionId::from_u128(self.id(&guid));
                    self.project
                        .propositions
                        .push(Proposition { id, text, notes });
                    Role::Proposition(id)
                }
                _ => Role::Tag,
            };
            self.roles.push(role);
        }
        // Our own tags carry the path below "Tags".
        if self.own {
            for (i, group) in groups.iter().enumerate() {
                if group.as_deref() == Some("Tags")
                    && let Some(path) = self.paths.get_mut(i)
                    && let Some(rest) = path.split_once('/').map(|(_, rest)| rest.to_owned())
                {
                    *path = rest;
                }
            }
        }
        for i in 0..self.qde.codes.len() {
            if matches!(self.roles.get(i), Some(Role::Tag))
                && self.qde.codes.get(i).is_some_and(|c| c.codable)
            {
                self.tag_of(i);
            }
        }
        if self.project.stances.is_empty() {
            self.project.stances = Stance::default_scale();
        }
    }

    /// The tag of code `i`, made when first needed; codes of one path share one tag.
    fn tag_of(&mut self, i: usize) -> Option<TagId> {
        if let Some(id) = self.code_tags.get(&i) {
            return Some(*id);
        }
        let path = self.paths.get(i)?.clone();
        let id = match self.tags.get(&path) {
            Some(id) => {
                self.report.notices.push(format!(
                    "Two codes have the path “{path}”; they became one tag"
                ));
                *id
            }
            None => {
                let code = self.qde.codes.get(i)?;
                let guid = code.guid.clone();
                let colour = code
                    .colour
                    .as_deref()
                    .and_then(super::qdc::parse_colour)
                    .unwrap_or_else(|| Colour::palette(self.project.tags.len()));
                let id = TagId::from_u128(self.id(&guid));
                self.project.tags.push(Tag {
                    id,
                    path: path.clone(),
                    colour,
                });
                self.tags.insert(path, id);
                id
            }
        };
        self.code_tags.insert(i, id);
        Some(id)
    }

    fn index_cases(&mut self) {
        let mut twice = 0usize;
        for (i, case) in self.qde.cases.iter().enumerate() {
            for selection in &case.selections {
                if self
                    .case_of_selection
                    .insert(guid_key(selection), i)
                    .is_some()
                {
                    twice += 1;
                }
            }
            for source in &case.sources {
                self.case_of_source.entry(guid_key(source)).or_insert(i);
            }
        }
        // The first case of a selection wins; put it back where a later one overwrote it.
        if twice > 0 {
            for (i, case) in self.qde.cases.iter().enumerate().rev() {
                for selection in &case.selections {
                    self.case_of_selection.insert(guid_key(selection), i);
                }
            }
            self.report.notices.push(format!(
                "{} in more than one case; each claim's source is its first case",
                count(twice, "selection is", "selections are")
            ));
        }
        if !self.own && !self.qde.cases.is_empty() {
            self.report.notices.push(format!(
                "{} became sources: the claims they hold (or the claims in the documents they hold) are asserted by them",
                count(self.qde.cases.len(), "case", "cases")
            ));
        }
    }

    /// The text of the note with this GUID, marking it used.
    fn note(&mut self, guid: &str) -> Result<Option<String>, QdpxError> {
        let Some(&i) = self.notes.get(&guid_key(guid)) else {
            return Ok(None);
        };
        if let Some(used) = self.note_used.get_mut(i) {
            *used = true;
        }
        self.note_text(i).map(Some)
    }

    fn note_text(&mut self, i: usize) -> Result<String, QdpxError> {
        let Some(note) = self.qde.notes.get(i) else {
            return Ok(String::new());
        };
        let mut text = note.description.trim().to_owned();
        let content = match (&note.content, &note.path) {
            (Some(content), _) => normalise(content),
            (None, Some(path)) => {
                let path = path.clone();
                match self.read_entry(&path)? {
                    Ok((bytes, _)) => normalise(&decode_text(&bytes).0),
                    Err(reason) => {
                        let name = self
                            .qde
                            .notes
                            .get(i)
                            .map(|n| n.name.clone())
                            .unwrap_or_default();
                        self.report
                            .skipped
                            .push(format!("the text of note “{name}”: {reason}"));
                        String::new()
                    }
                }
            }
            (None, None) => String::new(),
        };
        append(&mut text, &content);
        Ok(text)
    }

    /// The bytes of the archive entry a path names and the entry's name, or why
    /// there is none (`Err` of the outer result when the archive refuses it).
    fn read_entry(&mut self, path: &str) -> Result<Result<(Vec<u8>, String), String>, QdpxError> {
        let candidates = match archive_path(path) {
            Ok(candidates) => candidates,
            Err(reason) => return Ok(Err(reason)),
        };
        for candidate in candidates {
            if let Some(index) = self.archive.find(&candidate) {
                let name = self.archive.names().get(index).cloned().unwrap_or_default();
                let bytes = self.archive.read(index)?;
                return Ok(Ok((bytes, name)));
            }
        }
        Ok(Err(format!("the archive holds no “{path}”")))
    }

    /// Makes the document of the source at `index` and the claims on it.
    fn source(&mut self, sources: &[SourceDef], index: usize) -> Result<(), QdpxError> {
        let Some(source) = sources.get(index) else {
            return Ok(());
        };
        let name = if source.name.trim().is_empty() {
            format!("{} {}", source.element, guid_key(&source.guid))
        } else {
            source.name.trim().to_owned()
        };
        let codings: usize = source
            .selections
            .iter()
            .map(|s| s.codes.len())
            .sum::<usize>()
            + source.other_codings
            + source.whole_codings;
        let skip = |this: &mut Self, why: String, codings: usize| {
            this.report.skipped_codings += codings;
            this.report.skipped.push(format!(
                "{} “{name}” ({}){}: {why}",
                kind_name(&source.element),
                source.element,
                with_selections(source.selections.len() + source.other_selections, codings)
            ));
        };
        match source.kind {
            SourceKind::Other | SourceKind::Representation => {
                skip(
                    self,
                    "Triangulate holds only text, so it and its codings are left out".into(),
                    codings,
                );
                return Ok(());
            }
            SourceKind::Text | SourceKind::Pdf => {}
        }
        // Where the text comes from: the source itself, or a PDF's representation.
        let text_source = match source.kind {
            SourceKind::Pdf => source.representation.and_then(|r| sources.get(r)),
            _ => Some(source),
        };
        let mut from_pdf = false;
        let (raw, bom, file) = match text_source {
            Some(text_source) => match self.source_text(text_source)? {
                Ok(found) => found,
                Err(reason) => {
                    skip(self, reason, codings);
                    return Ok(());
                }
            },
            None => {
                // A PDF without a representation: its own text, if the archive holds it.
                let path = source.path.clone().unwrap_or_default();
                let read = if path.trim().is_empty() {
                    Err("it names no PDF file".to_owned())
                } else {
                    self.read_entry(&path)?
                };
                match read.and_then(|(bytes, entry)| {
                    crate::io::import::import_bytes("source.pdf", &bytes)
                        .map(|imported| (imported.document.text, false, entry))
                        .map_err(|err| format!("its PDF could not be read ({err})"))
                }) {
                    Ok(found) => {
                        from_pdf = true;
                        found
                    }
                    Err(reason) => {
                        skip(self, reason, codings);
                        return Ok(());
                    }
                }
            }
        };
        self.text_bytes += raw.len() as u64;
        if self.text_bytes > MAX_PROJECT_BYTES {
            return Err(QdpxError::TooMuchText {
                limit: MAX_PROJECT_BYTES,
            });
        }
        // A PDF's representation is a source of its own inside it.
        let parts: Vec<&SourceDef> = std::iter::once(source)
            .chain(text_source.filter(|t| !std::ptr::eq(*t, source)))
            .collect();
        let other_selections: usize = parts.iter().map(|p| p.other_selections).sum();
        if other_selections > 0 {
            let c: usize = parts.iter().map(|p| p.other_codings).sum();
            self.report.skipped_codings += c;
            self.report.skipped.push(format!(
                "{} on the pages of “{name}”{}: their positions are on a page, not in the text",
                count(other_selections, "selection", "selections"),
                if c > 0 {
                    format!(" ({})", count(c, "coding", "codings"))
                } else {
                    String::new()
                }
            ));
        }
        let whole: usize = parts.iter().map(|p| p.whole_codings).sum();
        if whole > 0 {
            self.report.skipped_codings += whole;
            self.report.skipped.push(format!(
                "{} of the whole of “{name}”: a claim is a span of the text",
                count(whole, "coding", "codings")
            ));
        }
        let usable: Vec<&SelectionDef> = if from_pdf {
            // Text selections on a PDF with no text in the archive count in a
            // text we do not have: what the PDF gives may differ.
            let stray: Vec<&SelectionDef> = source.selections.iter().collect();
            if !stray.is_empty() {
                self.report.skipped_codings += stray.iter().map(|s| s.codes.len()).sum::<usize>();
                self.report.skipped.push(format!(
                    "{} of “{name}”: the archive holds no text of the PDF they count in, and the text read from the PDF may differ",
                    count(stray.len(), "text selection", "text selections")
                ));
            }
            Vec::new()
        } else {
            if parts.len() > 1 && !source.selections.is_empty() {
                self.report.skipped.push(format!(
                    "{} on “{name}” outside its text representation: the schema has no place for them",
                    count(source.selections.len(), "text selection", "text selections")
                ));
            }
            text_source
                .map(|t| t.selections.iter().collect())
                .unwrap_or_default()
        };

        // The positions, as numbers.
        let mut numbers: Vec<(u64, u64)> = Vec::new();
        let mut numbered: Vec<&SelectionDef> = Vec::new();
        for selection in &usable {
            let start = selection.start.trim().parse::<u64>();
            let end = selection.end.trim().parse::<u64>();
            match (start, end) {
                (Ok(start), Ok(end)) if start <= end => {
                    numbers.push((start, end));
                    numbered.push(selection);
                }
                _ => self.report.skipped.push(format!(
                    "selection {} of “{name}” at “{}”–“{}”: its positions are not a range of the text",
                    guid_key(&selection.guid),
                    selection.start,
                    selection.end
                )),
            }
        }
        // Our own exports count code points or, for NVivo, UTF-16 units.
        let allowed: &[Counting] = if self.own {
            &[Counting::CodePoints, Counting::Utf16]
        } else {
            &Counting::ALL
        };
        let placed = place(&raw, bom, &numbers, allowed);
        if placed.approximate {
            self.report.notices.push(format!(
                "“{name}”: its text normalised unexpectedly; the positions of its claims may be off by a few characters"
            ));
        }

        let mut document = Document::new(name.clone(), "");
        document.id = DocumentId::from_u128(self.id(&source.guid));
        document.fingerprint = crate::model::fingerprint(&placed.text);
        document.text = placed.text;
        document.imported_from = file.rsplit('/').next().unwrap_or_default().to_owned();
        let mut notes = String::new();
        for s in [
            Some(source),
            text_source.filter(|t| !std::ptr::eq(*t, source)),
        ]
        .into_iter()
        .flatten()
        {
            append(&mut notes, &s.description);
            for note_ref in &s.note_refs {
                if let Some(text) = self.note(note_ref)? {
                    append(&mut notes, &text);
                    self.report.notes += 1;
                }
            }
            for (variable, value) in &s.values {
                let variable_name = self
                    .qde
                    .variables
                    .get(&guid_key(variable))
                    .cloned()
                    .unwrap_or_else(|| "Variable".into());
                let value = value.trim();
                if value.is_empty() {
                    continue;
                }
                let field = match variable_name.trim().to_ascii_lowercase().as_str() {
                    "outlet" => Some(&mut document.outlet),
                    "author" => Some(&mut document.author),
                    "url" => Some(&mut document.url),
                    "published" => Some(&mut document.published),
                    "language" => Some(&mut document.language),
                    _ => None,
                };
                match field {
                    Some(field) if field.is_empty() => *field = value.to_owned(),
                    _ => append(&mut notes, &format!("{}: {value}", variable_name.trim())),
                }
            }
        }
        document.notes = notes;
        if placed.counting != Counting::CodePoints || !numbers.is_empty() {
            self.report.countings.push(DocumentCounting {
                document: name.clone(),
                counting: placed.counting,
                selections: numbers.len(),
                fitting_bounds: placed.fitting,
            });
        }

        // Claims: one per range, the codes of every selection of it together.
        let mut by_range: HashMap<(usize, usize), usize> = HashMap::new();
        for (selection, range) in numbered.iter().zip(&placed.ranges) {
            let Some(Span {
                range,
                start_byte,
                end_byte,
            }) = *range
            else {
                self.report.skipped.push(format!(
                    "selection {} of “{name}” at {}–{}: it lies outside the text ({} characters {})",
                    guid_key(&selection.guid),
                    selection.start.trim(),
                    selection.end.trim(),
                    document.char_len(),
                    placed.counting.describe()
                ));
                continue;
            };
            if range.is_empty() {
                self.report.skipped.push(format!(
                    "selection {} of “{name}” at {}–{}: it selects no text",
                    guid_key(&selection.guid),
                    selection.start.trim(),
                    selection.end.trim()
                ));
                continue;
            }
            let claim_index = match by_range.get(&(range.start, range.end)) {
                Some(&i) => i,
                None => {
                    let Some(quote) = QuoteSelector::of_bytes(&document.text, start_byte, end_byte)
                    else {
                        continue;
                    };
                    let claim = Claim {
                        id: ClaimId::from_u128(self.id(&selection.guid)),
                        document: document.id,
                        range,
                        quote,
                        ..Claim::default()
                    };
                    self.project.claims.push(claim);
                    let i = self.project.claims.len() - 1;
                    by_range.insert((range.start, range.end), i);
                    i
                }
            };
            self.fill_claim(claim_index, selection, &source.guid, &document)?;
        }
        self.project.documents.push(document);
        Ok(())
    }

    /// The raw text of a text source, whether it had a byte-order mark, and the
    /// entry it came from; or why there is none.
    fn source_text(
        &mut self,
        source: &SourceDef,
    ) -> Result<Result<(String, bool, String), String>, QdpxError> {
        if let Some(content) = &source.content {
            return Ok(Ok((content.clone(), false, String::new())));
        }
        let Some(path) = source
            .plain_text_path
            .as_deref()
            .filter(|p| !p.trim().is_empty())
        else {
            return Ok(Err(
                "it has neither a plainTextPath nor PlainTextContent".into()
            ));
        };
        let (bytes, entry) = match self.read_entry(path)? {
            Ok(found) => found,
            Err(reason) => return Ok(Err(reason)),
        };
        let (text, bom, guessed) = decode_text(&bytes);
        if let Some(encoding) = guessed {
            self.report.notices.push(format!(
                "“{entry}” is not UTF-8; it was read as {encoding}: check its quotation marks and accents"
            ));
        }
        Ok(Ok((text, bom, entry)))
    }

    /// Gives claim `index` what the selection says: codes, note, who, when.
    fn fill_claim(
        &mut self,
        index: usize,
        selection: &SelectionDef,
        source_guid: &str,
        document: &Document,
    ) -> Result<(), QdpxError> {
        let mut tags = Vec::new();
        let mut stance = None;
        let mut proposition = None;
        let mut user = selection.user.clone();
        for (code, coding_user) in &selection.codes {
            if user.is_none() {
                user = coding_user.clone();
            }
            let Some(&i) = self.codes.get(&guid_key(code)) else {
                *self.missing_codes.entry(guid_key(code)).or_insert(0) += 1;
                continue;
            };
            match self.roles.get(i).copied() {
                Some(Role::Tag) => {
                    if let Some(tag) = self.tag_of(i) {
                        tags.push(tag);
                    }
                }
                Some(Role::Stance(id)) => stance = stance.or(Some(id)),
                Some(Role::Proposition(id)) => proposition = proposition.or(Some(id)),
                Some(Role::OwnGroup) | None => {}
            }
        }
        let mut note = String::new();
        let mut value = String::new();
        let mut asserted = String::new();
        let mut review = None;
        for line in selection.description.lines() {
            let line = line.trim();
            if self.own {
                if let Some(rest) = line.strip_prefix("Value: ") {
                    value = rest.trim().to_owned();
                    continue;
                }
                if let Some(rest) = line.strip_prefix("Asserted by: ") {
                    asserted = rest.trim().to_owned();
                    continue;
                }
                if let Some(rest) = line.strip_prefix("Review: ")
                    && let Some(parsed) = parse_review(rest)
                {
                    review = Some(parsed);
                    continue;
                }
                if line.starts_with("Orphaned: ") {
                    continue;
                }
            }
            if !line.is_empty() || !note.is_empty() {
                note.push_str(line);
                note.push('\n');
            }
        }
        let mut note = note.trim().to_owned();
        for note_ref in &selection.note_refs {
            if let Some(text) = self.note(note_ref)? {
                append(&mut note, &text);
                self.report.notes += 1;
            }
        }
        let annotator = user
            .as_deref()
            .and_then(|u| self.users.get(&guid_key(u)))
            .cloned()
            .unwrap_or_default();
        if !annotator.is_empty() {
            self.annotators.insert(annotator.clone());
        }
        let created = selection
            .created
            .as_deref()
            .and_then(rfc3339)
            .unwrap_or_default();
        let modified = selection
            .modified
            .as_deref()
            .and_then(rfc3339)
            .unwrap_or_else(|| created.clone());
        let who = self.source_of(selection, source_guid, &asserted, document)?;
        let Some(claim) = self.project.claims.get_mut(index) else {
            return Ok(());
        };
        for tag in tags {
            if !claim.tags.contains(&tag) {
                claim.tags.push(tag);
            }
        }
        claim.stance = claim.stance.or(stance);
        claim.proposition = claim.proposition.or(proposition);
        if !claim.note.contains(&note) {
            append(&mut claim.note, &note);
        }
        if claim.value.is_empty() {
            claim.value = value;
        }
        if claim.review.is_none() {
            claim.review = review;
        }
        if claim.annotator.is_empty() {
            claim.annotator = annotator;
        }
        if claim.created.is_empty() {
            claim.created = created;
            claim.modified = modified;
        }
        if claim.source.is_none() {
            claim.source = who;
        }
        Ok(())
    }

    /// Who asserts a selection: its case (or its document's case), else, in our
    /// own exports, the "Asserted by" line; `None` when that is the outlet.
    fn source_of(
        &mut self,
        selection: &SelectionDef,
        source_guid: &str,
        asserted: &str,
        document: &Document,
    ) -> Result<Option<SourceId>, QdpxError> {
        let case = self
            .case_of_selection
            .get(&guid_key(&selection.guid))
            .or_else(|| self.case_of_source.get(&guid_key(source_guid)))
            .copied();
        match case {
            Some(case) => {
                let name = self
                    .qde
                    .cases
                    .get(case)
                    .map(|c| c.name.trim().to_owned())
                    .unwrap_or_default();
                if self.own && name == document.outlet.trim() {
                    return Ok(None);
                }
                if let Some(id) = self.case_sources.get(&case) {
                    return Ok(Some(*id));
                }
                let (guid, description, note_refs) = self
                    .qde
                    .cases
                    .get(case)
                    .map(|c| (c.guid.clone(), c.description.clone(), c.note_refs.clone()))
                    .unwrap_or_default();
                let name = if name.is_empty() {
                    format!("Case {}", case + 1)
                } else {
                    name
                };
                let mut source = Source::new(name);
                source.id = SourceId::from_u128(self.id(&guid));
                if self.own {
                    own_source_description(&mut source, &description);
                } else {
                    source.notes = description.trim().to_owned();
                }
                for note_ref in note_refs {
                    if let Some(text) = self.note(&note_ref)? {
                        append(&mut source.notes, &text);
                        self.report.notes += 1;
                    }
                }
                let id = source.id;
                self.sources_by_name.insert(source.name.clone(), id);
                self.project.sources.push(source);
                self.case_sources.insert(case, id);
                Ok(Some(id))
            }
            None if self.own && !asserted.is_empty() && asserted != document.outlet.trim() => {
                if let Some(id) = self.sources_by_name.get(asserted) {
                    return Ok(Some(*id));
                }
                let source = Source::new(asserted);
                let id = source.id;
                self.used_ids.insert(id.as_u128());
                self.sources_by_name.insert(asserted.to_owned(), id);
                self.project.sources.push(source);
                Ok(Some(id))
            }
            None => Ok(None),
        }
    }

    /// The rest: unreferenced notes, sets, links, counts and limits.
    fn finish(mut self) -> Result<QdpxImport, QdpxError> {
        let mut description = String::new();
        let name = self.qde.name.trim().to_owned();
        if !name.is_empty() && name != self.title {
            append(&mut description, &format!("REFI-QDA project “{name}”"));
            self.report
                .notices
                .push(format!("The project inside the file is named “{name}”"));
        }
        append(&mut description, &self.qde.description.clone());
        for note_ref in self.qde.note_refs.clone() {
            if let Some(text) = self.note(&note_ref)? {
                append(&mut description, &text);
                self.report.notes += 1;
            }
        }
        // Descriptions and notes of codes of other tools: the code book's definitions.
        if !self.own {
            let mut definitions = Vec::new();
            for i in 0..self.qde.codes.len() {
                let Some(code) = self.qde.codes.get(i) else {
                    continue;
                };
                let mut text = code.description.trim().to_owned();
                for note_ref in code.note_refs.clone() {
                    if let Some(note) = self.note(&note_ref)? {
                        append(&mut text, &note);
                        self.report.notes += 1;
                    }
                }
                if !text.is_empty() {
                    let path = self.paths.get(i).cloned().unwrap_or_default();
                    definitions.push(format!("Code “{path}”: {text}"));
                }
            }
            if !definitions.is_empty() {
                append(&mut description, &definitions.join("\n\n"));
            }
        }
        for i in 0..self.qde.notes.len() {
            if self.note_used.get(i).copied().unwrap_or(true) {
                continue;
            }
            let text = self.note_text(i)?;
            if text.is_empty() {
                continue;
            }
            let name = self
                .qde
                .notes
                .get(i)
                .map(|n| n.name.trim().to_owned())
                .unwrap_or_default();
            let heading = if name.is_empty() {
                "Note".to_owned()
            } else {
                format!("Note “{name}”")
            };
            append(&mut description, &format!("{heading}:\n{text}"));
            self.report.notes += 1;
        }
        self.project.description = description;

        if !self.own {
            for set in &self.qde.sets {
                self.report.skipped.push(format!(
                    "set “{}” ({}, {}, {}): Triangulate has no sets",
                    set.name.trim(),
                    count(set.codes, "code", "codes"),
                    count(set.sources, "document", "documents"),
                    count(set.notes, "note", "notes")
                ));
            }
        }
        if self.qde.links > 0 {
            self.report.skipped.push(format!(
                "{} between items: Triangulate has no links",
                count(self.qde.links, "link", "links")
            ));
        }
        if self.qde.graphs > 0 {
            self.report.skipped.push(format!(
                "{}: Triangulate has no graphs",
                count(self.qde.graphs, "graph", "graphs")
            ));
        }
        let mut missing: Vec<(String, usize)> = self.missing_codes.drain().collect();
        missing.sort();
        for (guid, n) in missing {
            self.report.skipped.push(format!(
                "{} to code {guid}, which the code book does not define",
                count(n, "coding", "codings")
            ));
        }

        let project = self.project;
        if let Some((what, count, limit)) = too_many(&project) {
            return Err(QdpxError::TooMany { what, count, limit });
        }
        if let Some(long) = overlong_string(&project) {
            return Err(QdpxError::TooLong {
                field: long.field,
                chars: long.chars,
                limit: long.limit,
            });
        }
        for claim in &project.claims {
            if !claim.annotator.is_empty() {
                self.annotators.insert(claim.annotator.clone());
            }
        }
        let mut report = self.report;
        report.documents = project.documents.len();
        report.tags = project.tags.len();
        report.claims = project.claims.len();
        report.sources = project.sources.len();
        report.propositions = project.propositions.len();
        report.stances = project.stances.len();
        report.annotators = self.annotators.len();
        Ok(QdpxImport { project, report })
    }
}

/// The role, affiliation and notes of a source, from the description of the case
/// our export wrote for it: labelled lines (`Role: …`, `Affiliation: …`, `Notes: …`,
/// the notes running to the end), or, from exports before the labels, the
/// non-empty lines in that order.
fn own_source_description(source: &mut Source, description: &str) {
    let labelled = ["Role: ", "Affiliation: ", "Notes: "]
        .iter()
        .any(|label| description.trim_start().starts_with(label));
    if !labelled {
        let mut lines = description.lines().map(str::trim).filter(|l| !l.is_empty());
        source.role = lines.next().unwrap_or_default().to_owned();
        source.affiliation = lines.next().unwrap_or_default().to_owned();
        source.notes = lines.collect::<Vec<_>>().join("\n");
        return;
    }
    let mut notes: Option<Vec<&str>> = None;
    for line in description.trim().lines() {
        if let Some(notes) = notes.as_mut() {
            notes.push(line);
        } else if let Some(role) = line.strip_prefix("Role: ") {
            role.trim().clone_into(&mut source.role);
        } else if let Some(affiliation) = line.strip_prefix("Affiliation: ") {
            affiliation.trim().clone_into(&mut source.affiliation);
        } else if let Some(first) = line.strip_prefix("Notes: ") {
            notes = Some(vec![first]);
        }
    }
    source.notes = notes
        .map(|n| n.join("\n").trim().to_owned())
        .unwrap_or_default();
}

/// "picture", "audio recording", … for an element name.
fn kind_name(element: &str) -> &'static str {
    match element {
        "PictureSource" => "picture",
        "AudioSource" => "audio recording",
        "VideoSource" => "video",
        "PDFSource" => "PDF",
        "TextSource" => "text",
        _ => "source",
    }
}

/// " with 2 selections and 3 codings", or nothing.
fn with_selections(selections: usize, codings: usize) -> String {
    match (selections, codings) {
        (0, 0) => String::new(),
        (s, 0) => format!(" with {}", count(s, "selection", "selections")),
        (0, c) => format!(" with {}", count(c, "coding", "codings")),
        (s, c) => format!(
            " with {} and {}",
            count(s, "selection", "selections"),
            count(c, "coding", "codings")
        ),
    }
}

/// A review as our exporter writes it: "Accepted by Bo (looks right)".
fn parse_review(text: &str) -> Option<Review> {
    let text = text.trim();
    let status = ReviewStatus::ALL
        .into_iter()
        .find(|s| text.starts_with(s.label()))?;
    let mut rest = text.get(status.label().len()..)?.trim_start();
    let mut comment = String::new();
    if rest.ends_with(')')
        && let Some(open) = rest
            .find(" (")
            .or_else(|| rest.starts_with('(').then_some(0))
    {
        comment = rest
            .get(open..)?
            .trim_start()
            .strip_prefix('(')?
            .strip_suffix(')')?
            .to_owned();
        rest = rest.get(..open)?;
    }
    let reviewer = rest
        .trim()
        .strip_prefix("by ")
        .unwrap_or_default()
        .trim()
        .to_owned();
    Some(Review {
        status,
        reviewer,
        comment,
        time: String::new(),
    })
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        reason = "tests"
    )]

    use super::*;

    #[test]
    fn our_source_descriptions_come_back_labelled_or_by_position() {
        let mut source = Source::new("Haidai");
        own_source_description(
            &mut source,
            "Role: Governor\nNotes: Speaks daily.\nOn Telegram.",
        );
        assert_eq!(
            (
                source.role.as_str(),
                source.affiliation.as_str(),
                source.notes.as_str()
            ),
            ("Governor", "", "Speaks daily.\nOn Telegram.")
        );
        let mut source = Source::new("Haidai");
        own_source_description(&mut source, "Governor\nUkraine\nSpeaks daily.");
        assert_eq!(
            (
                source.role.as_str(),
                source.affiliation.as_str(),
                source.notes.as_str()
            ),
            ("Governor", "Ukraine", "Speaks daily.")
        );
    }

    #[test]
    fn dates_and_colours() {
        assert_eq!(
            rfc3339("2019-03-18T10:00:00Z").unwrap(),
            "2019-03-18T10:00:00Z"
        );
        assert_eq!(
            rfc3339("2019-03-18T10:00:00").unwrap(),
            "2019-03-18T10:00:00Z"
        );
        assert_eq!(
            rfc3339("2019-03-18T10:00:00.5+02:00").unwrap(),
            "2019-03-18T10:00:00.5+02:00"
        );
        assert!(rfc3339("yesterday").is_none());
    }

    #[test]
    fn reviews_read_back() {
        let review = parse_review("Accepted by Bo (looks (right))").unwrap();
        assert_eq!(review.status, ReviewStatus::Accepted);
        assert_eq!(review.reviewer, "Bo");
        assert_eq!(review.comment, "looks (right)");
        let review = parse_review("Discuss").unwrap();
        assert_eq!(review.reviewer, "");
        assert!(parse_review("Maybe").is_none());
    }

    #[test]
    fn paths_stay_in_the_archive() {
        assert_eq!(
            archive_path("internal://a.txt").unwrap(),
            ["sources/a.txt", "a.txt"]
        );
        assert!(archive_path("absolute:///etc/passwd").is_err());
        assert!(archive_path("file:///C:/a.txt").is_err());
        assert_eq!(
            archive_path("relative://x/a.txt").unwrap()[2],
            "sources/a.txt"
        );
    }
}
