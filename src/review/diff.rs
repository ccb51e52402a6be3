//! Comparing two projects: which claims are the same, only mine, only theirs, or changed.
//!
//! Documents are matched by fingerprint (then by id, when the text differs);
//! sources, tags, propositions and stances by id, then by name ignoring case;
//! claims by id when both projects have it, otherwise by the best overlapping span.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::Hash;

use crate::model::{Claim, ClaimId, DocumentId, Project, PropositionId, SourceId, StanceId, TagId};

/// A field of a claim that can differ between two projects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// Its stance.
    Stance,
    /// Its source.
    Source,
    /// Its tags.
    Tags,
    /// Its proposition.
    Proposition,
    /// Its note.
    Note,
    /// Its figure.
    Value,
    /// Its range in the document.
    Span,
}

impl Field {
    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Stance => "stance",
            Self::Source => "source",
            Self::Tags => "tags",
            Self::Proposition => "proposition",
            Self::Note => "note",
            Self::Value => "value",
            Self::Span => "span",
        }
    }
}

impl Field {
    /// A claim's value of this field, for people (a span as its short quote);
    /// `None` when the claim has none.
    pub fn value_of(self, project: &Project, claim: &Claim) -> Option<String> {
        match self {
            Self::Stance => claim
                .stance
                .and_then(|s| project.stance(s))
                .map(|s| s.name.clone()),
            Self::Source => claim
                .source
                .and_then(|s| project.source(s))
                .map(|s| s.name.clone()),
            Self::Tags => Some(project.tag_list(claim)).filter(|tags| !tags.is_empty()),
            Self::Proposition => claim
                .proposition
                .and_then(|p| project.proposition(p))
                .map(|p| p.text.clone()),
            Self::Note => Some(claim.note.trim().to_owned()),
            Self::Value => Some(claim.value.trim().to_owned()),
            Self::Span => Some(super::short_quote(&claim.quote.exact)),
        }
    }
}

/// How a claim compares between the two projects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiffKind {
    /// Both have it, alike.
    Same,
    /// Only my project has it.
    OnlyMine,
    /// Only their project has it.
    OnlyTheirs,
    /// Both have it, but these fields differ.
    Changed(Vec<Field>),
}

impl DiffKind {
    /// Its name for people.
    pub fn label(&self) -> &'static str {
        match self {
            Self::Same => "same",
            Self::OnlyMine => "only mine",
            Self::OnlyTheirs => "only theirs",
            Self::Changed(_) => "changed",
        }
    }
}

/// One claim (or matched pair of claims) and how it compares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimDiff {
    /// My claim, when I have it.
    pub mine: Option<ClaimId>,
    /// Their claim, when they have it.
    pub theirs: Option<ClaimId>,
    /// How they compare.
    pub kind: DiffKind,
    /// Whether the pair was matched by id (shared history) rather than by span.
    pub by_id: bool,
}

/// Which items of their project are which items of mine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matching<Id: Eq + Hash> {
    /// Their id → my id, for every matched item.
    pub theirs_to_mine: HashMap<Id, Id>,
    /// My items with no counterpart, in my order.
    pub only_mine: Vec<Id>,
    /// Their items with no counterpart, in their order.
    pub only_theirs: Vec<Id>,
}

impl<Id: Eq + Hash> Default for Matching<Id> {
    fn default() -> Self {
        Self {
            theirs_to_mine: HashMap::new(),
            only_mine: Vec::new(),
            only_theirs: Vec::new(),
        }
    }
}

impl<Id: Copy + Eq + Hash> Matching<Id> {
    /// Whether their item and mine are the same item (both absent counts as the same).
    pub fn same(&self, mine: Option<Id>, theirs: Option<Id>) -> bool {
        match (mine, theirs) {
            (None, None) => true,
            (Some(mine), Some(theirs)) => self.theirs_to_mine.get(&theirs) == Some(&mine),
            _ => false,
        }
    }
}

/// Everything that differs between my project and theirs.
#[derive(Clone, Debug, Default)]
pub struct Diff {
    /// Documents with the same text in both: (mine, theirs), in my order.
    pub documents: Vec<(DocumentId, DocumentId)>,
    /// Documents with the same id whose text differs: (mine, theirs).
    pub documents_text_differs: Vec<(DocumentId, DocumentId)>,
    /// Documents only I have.
    pub documents_only_mine: Vec<DocumentId>,
    /// Documents only they have.
    pub documents_only_theirs: Vec<DocumentId>,
    /// How the sources match.
    pub sources: Matching<SourceId>,
    /// How the tags match.
    pub tags: Matching<TagId>,
    /// How the propositions match.
    pub propositions: Matching<PropositionId>,
    /// How the stances match.
    pub stances: Matching<StanceId>,
    /// Every claim of either project, by document order, then start.
    pub claims: Vec<ClaimDiff>,
}

impl Diff {
    /// The number of claims of each kind: same, only mine, only theirs, changed.
    pub fn counts(&self) -> [usize; 4] {
        let mut counts = [0; 4];
        for claim in &self.claims {
            let slot = match claim.kind {
                DiffKind::Same => 0,
                DiffKind::OnlyMine => 1,
                DiffKind::OnlyTheirs => 2,
                DiffKind::Changed(_) => 3,
            };
            if let Some(count) = counts.get_mut(slot) {
                *count += 1;
            }
        }
        counts
    }

    /// Whether the two projects hold the same documents, vocabulary and claims.
    pub fn is_identical(&self) -> bool {
        self.documents_text_differs.is_empty()
            && self.documents_only_mine.is_empty()
            && self.documents_only_theirs.is_empty()
            && self.sources.only_mine.is_empty()
            && self.sources.only_theirs.is_empty()
            && self.tags.only_mine.is_empty()
            && self.tags.only_theirs.is_empty()
            && self.propositions.only_mine.is_empty()
            && self.propositions.only_theirs.is_empty()
            && self.stances.only_mine.is_empty()
            && self.stances.only_theirs.is_empty()
            && self.claims.iter().all(|c| c.kind == DiffKind::Same)
    }

    /// Every matched pair of documents, (mine, theirs): same text first, then same id.
    pub fn document_pairs(&self) -> impl Iterator<Item = (DocumentId, DocumentId)> + '_ {
        self.documents
            .iter()
            .chain(&self.documents_text_differs)
            .copied()
    }

    /// My document matched to their document, by fingerprint or else by id.
    pub fn my_document(&self, theirs: DocumentId) -> Option<DocumentId> {
        self.document_pairs()
            .find(|(_, t)| *t == theirs)
            .map(|(m, _)| m)
    }

    /// Their document matched to my document.
    pub fn their_document(&self, mine: DocumentId) -> Option<DocumentId> {
        self.document_pairs()
            .find(|(m, _)| *m == mine)
            .map(|(_, t)| t)
    }
}

/// Matches items by id, then by a name compared ignoring case and surrounding space.
fn match_items<T, Id: Copy + Eq + Hash>(
    mine: &[T],
    theirs: &[T],
    id: impl Fn(&T) -> Id,
    name: impl Fn(&T) -> &str,
) -> Matching<Id> {
    let key = |item: &T| name(item).trim().to_lowercase();
    let mut matching = Matching::default();
    let mut taken: HashSet<Id> = HashSet::new();
    let my_ids: HashSet<Id> = mine.iter().map(&id).collect();
    for item in theirs {
        if my_ids.contains(&id(item)) {
            matching.theirs_to_mine.insert(id(item), id(item));
            taken.insert(id(item));
        }
    }
    for item in theirs {
        if matching.theirs_to_mine.contains_key(&id(item)) {
            continue;
        }
        let found = mine
            .iter()
            .find(|m| !taken.contains(&id(m)) && !key(m).is_empty() && key(m) == key(item));
        if let Some(found) = found {
            matching.theirs_to_mine.insert(id(item), id(found));
            taken.insert(id(found));
        } else {
            matching.only_theirs.push(id(item));
        }
    }
    matching.only_mine = mine
        .iter()
        .map(&id)
        .filter(|m| !taken.contains(m))
        .collect();
    matching
}

/// Compares my project with theirs.
pub fn diff(mine: &Project, theirs: &Project) -> Diff {
    let mut result = Diff {
        sources: match_items(&mine.sources, &theirs.sources, |s| s.id, |s| &s.name),
        tags: match_items(&mine.tags, &theirs.tags, |t| t.id, |t| &t.path),
        propositions: match_items(
            &mine.propositions,
            &theirs.propositions,
            |p| p.id,
            |p| &p.text,
        ),
        stances: match_items(&mine.stances, &theirs.stances, |s| s.id, |s| &s.name),
        ..Diff::default()
    };
    match_documents(mine, theirs, &mut result);

    // Claims: by id first, then by span on matched documents.
    let their_ids: HashSet<ClaimId> = theirs.claims.iter().map(|c| c.id).collect();
    let mut pairs: Vec<(&Claim, &Claim, bool)> = Vec::new();
    let mut matched_mine: HashSet<ClaimId> = HashSet::new();
    let mut matched_theirs: HashSet<ClaimId> = HashSet::new();
    for claim in &mine.claims {
        if their_ids.contains(&claim.id)
            && let Some(their) = theirs.claim(claim.id)
        {
            pairs.push((claim, their, true));
            matched_mine.insert(claim.id);
            matched_theirs.insert(claim.id);
        }
    }
    for &(my_doc, their_doc) in result
        .documents
        .iter()
        .chain(&result.documents_text_differs)
    {
        let my_claims: Vec<&Claim> = mine
            .claims_on(my_doc)
            .filter(|c| !matched_mine.contains(&c.id))
            .collect();
        let their_claims: Vec<&Claim> = theirs
            .claims_on(their_doc)
            .filter(|c| !matched_theirs.contains(&c.id))
            .collect();
        for (m, t) in match_spans(&my_claims, &their_claims) {
            matched_mine.insert(m.id);
            matched_theirs.insert(t.id);
            pairs.push((m, t, false));
        }
    }

    let mut entries: Vec<((usize, usize, usize, u128), ClaimDiff)> = Vec::new();
    let doc_rank = |doc: DocumentId, in_theirs: bool| -> usize {
        let doc = if in_theirs {
            result.my_document(doc).unwrap_or(doc)
        } else {
            doc
        };
        if let Some(at) = mine.documents.iter().position(|d| d.id == doc) {
            at
        } else {
            mine.documents.len()
                + theirs
                    .documents
                    .iter()
                    .position(|d| d.id == doc)
                    .unwrap_or(theirs.documents.len())
        }
    };
    for (m, t, by_id) in pairs {
        let fields = changed_fields(&result, m, t);
        let kind = if fields.is_empty() {
            DiffKind::Same
        } else {
            DiffKind::Changed(fields)
        };
        let key = (
            doc_rank(m.document, false),
            m.range.start,
            t.range.start,
            m.id.as_u128(),
        );
        entries.push((
            key,
            ClaimDiff {
                mine: Some(m.id),
                theirs: Some(t.id),
                kind,
                by_id,
            },
        ));
    }
    for m in mine.claims.iter().filter(|c| !matched_mine.contains(&c.id)) {
        let key = (
            doc_rank(m.document, false),
            m.range.start,
            m.range.start,
            m.id.as_u128(),
        );
        entries.push((
            key,
            ClaimDiff {
                mine: Some(m.id),
                theirs: None,
                kind: DiffKind::OnlyMine,
                by_id: false,
            },
        ));
    }
    for t in theirs
        .claims
        .iter()
        .filter(|c| !matched_theirs.contains(&c.id))
    {
        let key = (
            doc_rank(t.document, true),
            t.range.start,
            t.range.start,
            t.id.as_u128(),
        );
        entries.push((
            key,
            ClaimDiff {
                mine: None,
                theirs: Some(t.id),
                kind: DiffKind::OnlyTheirs,
                by_id: false,
            },
        ));
    }
    entries.sort_by_key(|entry| entry.0);
    result.claims = entries.into_iter().map(|(_, c)| c).collect();
    result
}

/// Matches documents by fingerprint, then the rest by id (text differs).
fn match_documents(mine: &Project, theirs: &Project, result: &mut Diff) {
    let mut taken_theirs: HashSet<DocumentId> = HashSet::new();
    let mut unmatched_mine = Vec::new();
    for doc in &mine.documents {
        let found = theirs
            .documents
            .iter()
            .find(|t| !taken_theirs.contains(&t.id) && t.fingerprint == doc.fingerprint);
        if let Some(found) = found {
            taken_theirs.insert(found.id);
            result.documents.push((doc.id, found.id));
        } else {
            unmatched_mine.push(doc.id);
        }
    }
    for id in unmatched_mine {
        if !taken_theirs.contains(&id) && theirs.document(id).is_some() {
            taken_theirs.insert(id);
            result.documents_text_differs.push((id, id));
        } else {
            result.documents_only_mine.push(id);
        }
    }
    result.documents_only_theirs = theirs
        .documents
        .iter()
        .map(|d| d.id)
        .filter(|id| !taken_theirs.contains(id))
        .collect();
}

/// Pairs claims of one document one-to-one by overlapping span, best overlap first.
pub fn match_spans<'a>(mine: &[&'a Claim], theirs: &[&'a Claim]) -> Vec<(&'a Claim, &'a Claim)> {
    let mut candidates = Vec::new();
    for (i, m) in mine.iter().enumerate() {
        for (j, t) in theirs.iter().enumerate() {
            if m.range.overlaps(t.range) {
                let overlap = m.range.end.min(t.range.end) - m.range.start.max(t.range.start);
                let union = m.range.end.max(t.range.end) - m.range.start.min(t.range.start);
                // Best first: most shared characters, then the tightest union.
                candidates.push((
                    std::cmp::Reverse(overlap),
                    union,
                    m.range.start,
                    t.range.start,
                    i,
                    j,
                ));
            }
        }
    }
    candidates.sort();
    let mut used_mine = BTreeSet::new();
    let mut used_theirs = BTreeSet::new();
    let mut pairs = Vec::new();
    for (.., i, j) in candidates {
        if used_mine.contains(&i) || used_theirs.contains(&j) {
            continue;
        }
        if let (Some(m), Some(t)) = (mine.get(i), theirs.get(j)) {
            used_mine.insert(i);
            used_theirs.insert(j);
            pairs.push((*m, *t));
        }
    }
    pairs
}

/// The fields in which two matched claims differ, comparing references through the matching.
fn changed_fields(diff: &Diff, mine: &Claim, theirs: &Claim) -> Vec<Field> {
    let mut fields = Vec::new();
    if !diff.stances.same(mine.stance, theirs.stance) {
        fields.push(Field::Stance);
    }
    if !diff.sources.same(mine.source, theirs.source) {
        fields.push(Field::Source);
    }
    let my_tags: BTreeSet<TagId> = mine.tags.iter().copied().collect();
    let their_tags: BTreeSet<Option<TagId>> = theirs
        .tags
        .iter()
        .map(|t| diff.tags.theirs_to_mine.get(t).copied())
        .collect();
    let my_tags: BTreeSet<Option<TagId>> = my_tags.into_iter().map(Some).collect();
    if my_tags != their_tags {
        fields.push(Field::Tags);
    }
    if !diff.propositions.same(mine.proposition, theirs.proposition) {
        fields.push(Field::Proposition);
    }
    if mine.note.trim() != theirs.note.trim() {
        fields.push(Field::Note);
    }
    if mine.value.trim() != theirs.value.trim() {
        fields.push(Field::Value);
    }
    let same_document = diff.my_document(theirs.document) == Some(mine.document);
    if mine.range != theirs.range || !same_document {
        fields.push(Field::Span);
    }
    fields
}
