//! The project and everything in it. Plain data: no screen, no files.

mod colour;
mod ids;
mod reanchored;
mod text;
mod words;

pub use colour::{BadColour, Colour};
pub use ids::{
    ClaimId, DocumentId, DocumentSetId, IdHasher, IdMap, PropositionId, SourceId, StanceId, TagId,
};
pub use reanchored::{ReanchorMethod, Reanchored};
pub use text::{
    CONTEXT_CHARS, CharRange, QuoteSelector, byte_offset, char_offset, fingerprint, normalise,
    slice,
};
pub use words::{snap_to_words, word_at};

use serde::{Deserialize, Serialize};

/// The version of the project file format this build writes.
///
/// 1: the first format. 2: a claim may carry `reanchored`, the record of what
/// re-anchoring did to it until the analyst confirms it (absent in older files).
/// 3: a document may carry `retrieved`, when it was fetched from its address.
/// 4: the project may hold `document_sets`, named sets of its documents (absent in
/// older files, and written only when there are some).
pub const FORMAT_VERSION: u32 = 4;

/// Everything saved in one project file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Project {
    /// The version of the file format; always the first field of a file.
    pub format_version: u32,
    /// The project's name, shown in the title bar.
    pub title: String,
    /// What the project is about.
    pub description: String,
    /// The stance scale: the positions a claim may take toward its proposition.
    pub stances: Vec<Stance>,
    /// The articles, in the order they were added.
    pub documents: Vec<Document>,
    /// Who asserts claims.
    pub sources: Vec<Source>,
    /// Free labels, nested by `/` in their path.
    pub tags: Vec<Tag>,
    /// The statements under comparison across documents.
    pub propositions: Vec<Proposition>,
    /// The highlighted statements, in the order they were made.
    pub claims: Vec<Claim>,
    /// Named sets of documents ("Ukrainian outlets"), to filter by and to compare;
    /// written to the file only when there are some.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub document_sets: Vec<DocumentSet>,
}

impl Default for Project {
    fn default() -> Self {
        Self {
            format_version: FORMAT_VERSION,
            title: String::new(),
            description: String::new(),
            stances: Stance::default_scale(),
            documents: Vec::new(),
            sources: Vec::new(),
            tags: Vec::new(),
            propositions: Vec::new(),
            claims: Vec::new(),
            document_sets: Vec::new(),
        }
    }
}

impl Project {
    /// An empty project with the default stance scale.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            ..Self::default()
        }
    }

    /// The document with this id.
    pub fn document(&self, id: DocumentId) -> Option<&Document> {
        self.documents.iter().find(|d| d.id == id)
    }

    /// The claim with this id.
    pub fn claim(&self, id: ClaimId) -> Option<&Claim> {
        self.claims.iter().find(|c| c.id == id)
    }

    /// The source with this id.
    pub fn source(&self, id: SourceId) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// The tag with this id.
    pub fn tag(&self, id: TagId) -> Option<&Tag> {
        self.tags.iter().find(|t| t.id == id)
    }

    /// The proposition with this id.
    pub fn proposition(&self, id: PropositionId) -> Option<&Proposition> {
        self.propositions.iter().find(|p| p.id == id)
    }

    /// The stance with this id.
    pub fn stance(&self, id: StanceId) -> Option<&Stance> {
        self.stances.iter().find(|s| s.id == id)
    }

    /// The document set with this id.
    pub fn document_set(&self, id: DocumentSetId) -> Option<&DocumentSet> {
        self.document_sets.iter().find(|s| s.id == id)
    }

    /// The document sets that hold `document`, in project order.
    pub fn sets_of(&self, document: DocumentId) -> impl Iterator<Item = &DocumentSet> {
        self.document_sets
            .iter()
            .filter(move |s| s.documents.contains(&document))
    }

    /// The document whose text has this fingerprint.
    pub fn document_by_fingerprint(&self, fingerprint: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.fingerprint == fingerprint)
    }

    /// The source with this name (ignoring case and surrounding space).
    pub fn source_by_name(&self, name: &str) -> Option<&Source> {
        let name = name.trim();
        self.sources
            .iter()
            .find(|s| s.name.trim().eq_ignore_ascii_case(name) || s.name.trim() == name)
    }

    /// The tag with this path (ignoring case).
    pub fn tag_by_path(&self, path: &str) -> Option<&Tag> {
        let path = path.trim();
        self.tags
            .iter()
            .find(|t| t.path.trim().eq_ignore_ascii_case(path) || t.path.trim() == path)
    }

    /// The proposition with this text (ignoring case).
    pub fn proposition_by_text(&self, text: &str) -> Option<&Proposition> {
        let text = text.trim();
        self.propositions
            .iter()
            .find(|p| p.text.trim().eq_ignore_ascii_case(text) || p.text.trim() == text)
    }

    /// The stance with this name (ignoring case).
    pub fn stance_by_name(&self, name: &str) -> Option<&Stance> {
        let name = name.trim();
        self.stances
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(name) || s.name == name)
    }

    /// The name of the claim's stance, or "No stance".
    pub fn stance_name(&self, claim: &Claim) -> &str {
        claim
            .stance
            .and_then(|s| self.stance(s))
            .map_or("No stance", |s| s.name.as_str())
    }

    /// The claims on one document, in project order.
    pub fn claims_on(&self, document: DocumentId) -> impl Iterator<Item = &Claim> {
        self.claims.iter().filter(move |c| c.document == document)
    }

    /// The claim's tags, their paths joined by ", " (empty when it has none).
    pub fn tag_list(&self, claim: &Claim) -> String {
        let paths: Vec<&str> = claim
            .tags
            .iter()
            .filter_map(|t| self.tag(*t))
            .map(|t| t.path.as_str())
            .collect();
        paths.join(", ")
    }

    /// Who asserts the claim: its source's name, or else its document's outlet.
    pub fn asserted_by(&self, claim: &Claim) -> String {
        if let Some(source) = claim.source.and_then(|id| self.source(id)) {
            return source.name.clone();
        }
        self.document(claim.document)
            .map(|d| d.outlet.clone())
            .unwrap_or_default()
    }
}

/// One article: its normalised text and what is known about it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Document {
    /// Its id.
    pub id: DocumentId,
    /// The article's headline.
    pub title: String,
    /// The publication it appeared in; the fallback source of its claims.
    pub outlet: String,
    /// Who wrote it.
    pub author: String,
    /// Where it was published.
    pub url: String,
    /// When it was published, as `YYYY-MM-DD` (or as much of it as is known).
    pub published: String,
    /// Its language, as a BCP 47 tag such as `en`.
    pub language: String,
    /// The analyst's notes on it.
    pub notes: String,
    /// The file it was imported from (its name only), or the address it was fetched from.
    pub imported_from: String,
    /// When it was fetched from its address, as an RFC 3339 UTC time
    /// (`2026-12-07T13:20:00Z`); empty for a document imported from a file, and
    /// then not written.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub retrieved: String,
    /// `sha256:` and the hex digest of the text.
    pub fingerprint: String,
    /// The normalised text, written to files as a list of lines.
    #[serde(with = "text_as_lines")]
    pub text: String,
}

impl Default for Document {
    fn default() -> Self {
        Self {
            id: DocumentId::random(),
            title: String::new(),
            outlet: String::new(),
            author: String::new(),
            url: String::new(),
            published: String::new(),
            language: String::new(),
            notes: String::new(),
            imported_from: String::new(),
            retrieved: String::new(),
            fingerprint: fingerprint(""),
            text: String::new(),
        }
    }
}

impl Document {
    /// Its name in lists: its title, else its outlet, else its short id.
    pub fn name(&self) -> String {
        if !self.title.trim().is_empty() {
            self.title.trim().to_owned()
        } else if !self.outlet.trim().is_empty() {
            self.outlet.trim().to_owned()
        } else {
            format!("Document {}", self.id.short())
        }
    }

    /// A new document over `text`, which is normalised and fingerprinted.
    pub fn new(title: impl Into<String>, text: &str) -> Self {
        let text = normalise(text);
        Self {
            title: title.into(),
            fingerprint: fingerprint(&text),
            text,
            ..Self::default()
        }
    }

    /// The number of characters in the text.
    pub fn char_len(&self) -> usize {
        self.text.chars().count()
    }

    /// A name for messages: the title, or the id when untitled.
    pub fn label(&self) -> String {
        if self.title.trim().is_empty() {
            format!("document {}", self.id.short())
        } else {
            format!("“{}”", self.title.trim())
        }
    }
}

/// Writes text as a list of lines, so that a changed line is a changed line in `git diff`.
mod text_as_lines {
    use serde::{Deserialize as _, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(text.split('\n'))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        let lines = Vec::<String>::deserialize(deserializer)?;
        if let Some(line) = lines.iter().find(|line| line.contains('\n')) {
            let shown: String = line.chars().take(40).collect();
            return Err(serde::de::Error::custom(format!(
                "a line of text holds a line break (“{shown}…”): each line must be its own string"
            )));
        }
        Ok(lines.join("\n"))
    }
}

/// Who asserts a claim: a person or an institution.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Source {
    /// Its id.
    pub id: SourceId,
    /// The name, as the analyst wants it shown ("Serhiy Haidai").
    pub name: String,
    /// What the source is ("Luhansk regional governor").
    pub role: String,
    /// Whom the source speaks for ("Ukraine").
    pub affiliation: String,
    /// The analyst's notes.
    pub notes: String,
}

impl Default for Source {
    fn default() -> Self {
        Self {
            id: SourceId::random(),
            name: String::new(),
            role: String::new(),
            affiliation: String::new(),
            notes: String::new(),
        }
    }
}

impl Source {
    /// A new source with a name.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }
}

/// A free label, nested by `/` in its path ("casualties/civilian").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Tag {
    /// Its id.
    pub id: TagId,
    /// The path, with `/` between levels.
    pub path: String,
    /// Its highlight colour.
    pub colour: Colour,
}

impl Default for Tag {
    fn default() -> Self {
        Self {
            id: TagId::random(),
            path: String::new(),
            colour: Colour::palette(0),
        }
    }
}

impl Tag {
    /// A new tag with a path and colour.
    pub fn new(path: impl Into<String>, colour: Colour) -> Self {
        Self {
            path: path.into(),
            colour,
            ..Self::default()
        }
    }
}

/// A statement under comparison across documents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Proposition {
    /// Its id.
    pub id: PropositionId,
    /// The statement ("Civilians sheltering in the Azot plant").
    pub text: String,
    /// The analyst's notes.
    pub notes: String,
}

impl Default for Proposition {
    fn default() -> Self {
        Self {
            id: PropositionId::random(),
            text: String::new(),
            notes: String::new(),
        }
    }
}

impl Proposition {
    /// A new proposition.
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }
}

/// A named set of the project's documents ("Ukrainian outlets"): to filter the
/// claims by, and a kind of column of the comparison matrix. A document may be in
/// several sets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DocumentSet {
    /// Its id.
    pub id: DocumentSetId,
    /// Its name, as the analyst wants it shown.
    pub name: String,
    /// The documents in it, in the order they were added.
    pub documents: Vec<DocumentId>,
}

impl Default for DocumentSet {
    fn default() -> Self {
        Self {
            id: DocumentSetId::random(),
            name: String::new(),
            documents: Vec::new(),
        }
    }
}

impl DocumentSet {
    /// A new, empty set with a name.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    /// Whether the set holds `document`.
    pub fn contains(&self, document: DocumentId) -> bool {
        self.documents.contains(&document)
    }

    /// A name for messages: the name in quotes, or the id when unnamed.
    pub fn label(&self) -> String {
        if self.name.trim().is_empty() {
            format!("document set {}", self.id.short())
        } else {
            format!("document set “{}”", self.name.trim())
        }
    }
}

/// One value of the stance scale.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Stance {
    /// Its id.
    pub id: StanceId,
    /// Its name ("Supports").
    pub name: String,
    /// Its highlight colour.
    pub colour: Colour,
}

impl Default for Stance {
    fn default() -> Self {
        Self {
            id: StanceId::random(),
            name: String::new(),
            colour: Colour::palette(0),
        }
    }
}

impl Stance {
    /// The ids of the default scale are fixed, so that independently made
    /// projects agree on them.
    pub const SUPPORTS: StanceId = StanceId::from_u128(0x5d1c_0001_0000_4000_8000_0000_0000_0001);
    /// See [`Stance::SUPPORTS`].
    pub const DISPUTES: StanceId = StanceId::from_u128(0x5d1c_0001_0000_4000_8000_0000_0000_0002);
    /// See [`Stance::SUPPORTS`].
    pub const NEUTRAL: StanceId = StanceId::from_u128(0x5d1c_0001_0000_4000_8000_0000_0000_0003);
    /// See [`Stance::SUPPORTS`].
    pub const UNCLEAR: StanceId = StanceId::from_u128(0x5d1c_0001_0000_4000_8000_0000_0000_0004);

    /// Supports, Disputes, Neutral, Unclear.
    pub fn default_scale() -> Vec<Self> {
        vec![
            Self {
                id: Self::SUPPORTS,
                name: "Supports".into(),
                colour: Colour::rgb(0x4c, 0xaf, 0x50),
            },
            Self {
                id: Self::DISPUTES,
                name: "Disputes".into(),
                colour: Colour::rgb(0xe5, 0x48, 0x4d),
            },
            Self {
                id: Self::NEUTRAL,
                name: "Neutral".into(),
                colour: Colour::rgb(0x5b, 0x8d, 0xd6),
            },
            Self {
                id: Self::UNCLEAR,
                name: "Unclear".into(),
                colour: Colour::rgb(0xb0, 0xa0, 0x60),
            },
        ]
    }
}

/// A reviewer's verdict on a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ReviewStatus {
    /// The reviewer agrees with the claim.
    Accepted,
    /// The reviewer does not.
    Rejected,
    /// The claim needs talking over.
    Discuss,
}

impl ReviewStatus {
    /// Every status, in menu order.
    pub const ALL: [Self; 3] = [Self::Accepted, Self::Rejected, Self::Discuss];

    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Accepted => "Accepted",
            Self::Rejected => "Rejected",
            Self::Discuss => "Discuss",
        }
    }
}

/// A review of one claim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Review {
    /// The verdict.
    pub status: ReviewStatus,
    /// Who reviewed.
    pub reviewer: String,
    /// Why.
    pub comment: String,
    /// When, as RFC 3339.
    pub time: String,
}

impl Default for Review {
    fn default() -> Self {
        Self {
            status: ReviewStatus::Discuss,
            reviewer: String::new(),
            comment: String::new(),
            time: String::new(),
        }
    }
}

/// A highlighted statement of one document, tagged with who asserts it and how.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Claim {
    /// Its id.
    pub id: ClaimId,
    /// The document it highlights.
    pub document: DocumentId,
    /// Where it is in the document's text, in characters.
    pub range: CharRange,
    /// Its exact text with context, to find it again if the text moves.
    pub quote: QuoteSelector,
    /// Who asserts it; when `None`, the document's outlet.
    pub source: Option<SourceId>,
    /// Its position toward its proposition.
    pub stance: Option<StanceId>,
    /// Its tags.
    pub tags: Vec<TagId>,
    /// The statement it bears on.
    pub proposition: Option<PropositionId>,
    /// The analyst's note.
    pub note: String,
    /// A figure the claim states ("568", "300-400"), when it states one.
    pub value: String,
    /// Who made the claim.
    pub annotator: String,
    /// When it was made, as RFC 3339.
    pub created: String,
    /// When it was last changed, as RFC 3339.
    pub modified: String,
    /// A reviewer's verdict, once reviewed.
    pub review: Option<Review>,
    /// What re-anchoring did to the claim, until the analyst confirms it; written to
    /// the file only when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reanchored: Option<Reanchored>,
    /// Set when the claim's quote can no longer be found in its document's text.
    /// Worked out on load; never written to the file.
    #[serde(skip)]
    pub orphaned: bool,
}

impl Default for Claim {
    fn default() -> Self {
        Self {
            id: ClaimId::random(),
            document: DocumentId::from_u128(0),
            range: CharRange::default(),
            quote: QuoteSelector::default(),
            source: None,
            stance: None,
            tags: Vec::new(),
            proposition: None,
            note: String::new(),
            value: String::new(),
            annotator: String::new(),
            created: String::new(),
            modified: String::new(),
            review: None,
            reanchored: None,
            orphaned: false,
        }
    }
}

impl Claim {
    /// A new claim over `range` of `document`, or `None` when the range lies
    /// outside its text or is empty.
    pub fn new(document: &Document, range: CharRange, annotator: &str) -> Option<Self> {
        if range.is_empty() {
            return None;
        }
        let quote = QuoteSelector::of(&document.text, range)?;
        let now = now_rfc3339();
        Some(Self {
            document: document.id,
            range,
            quote,
            annotator: annotator.to_owned(),
            created: now.clone(),
            modified: now,
            ..Self::default()
        })
    }

    /// Whether re-anchoring moved the claim, or offered it a place, and the analyst
    /// has not yet confirmed it.
    pub fn awaits_confirmation(&self) -> bool {
        self.reanchored
            .as_ref()
            .is_some_and(Reanchored::awaits_confirmation)
    }

    /// Whether re-anchoring offered the claim a place it did not take: the claim is
    /// kept where it was, flagged as orphaned, until the analyst decides.
    pub fn has_offer(&self) -> bool {
        self.reanchored.as_ref().is_some_and(Reanchored::is_offer)
    }
}

/// The current time in UTC as RFC 3339, to the second.
pub fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc();
    let now = now.replace_nanosecond(0).unwrap_or(now);
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_claim_takes_its_quote_from_the_text() {
        let doc = Document::new("t", "Haidai said 568 civilians remain.");
        let claim = Claim::new(&doc, CharRange::new(12, 15), "ana").expect("claim");
        assert_eq!(claim.quote.exact, "568");
        assert_eq!(claim.document, doc.id);
        assert_eq!(claim.annotator, "ana");
        assert!(Claim::new(&doc, CharRange::new(3, 3), "ana").is_none());
        assert!(Claim::new(&doc, CharRange::new(3, 300), "ana").is_none());
    }

    #[test]
    fn asserted_by_falls_back_to_the_outlet() {
        let mut project = Project::new("p");
        let mut doc = Document::new("t", "Some text here.");
        doc.outlet = "UNIAN".into();
        let mut claim = Claim::new(&doc, CharRange::new(0, 4), "ana").expect("claim");
        project.documents.push(doc);
        assert_eq!(project.asserted_by(&claim), "UNIAN");
        let source = Source::new("Serhiy Haidai");
        claim.source = Some(source.id);
        project.sources.push(source);
        assert_eq!(project.asserted_by(&claim), "Serhiy Haidai");
    }

    #[test]
    fn now_is_rfc3339() {
        let now = now_rfc3339();
        assert!(now.ends_with('Z') && now.len() == 20, "{now}");
    }
}
