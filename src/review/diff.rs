//! Comparing two projects: which claims are the same, only mine, only theirs, or changed.
//!
//! Documents are matched by fingerprint (then by id, when the text differs);
//! sources, tags, propositions and stances by id, then by name ignoring case;
//! claims by id when both projects have it, otherwise by the best overlapping span.

use crate::edit::names;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hash, Hasher as _};
use std::sync::Arc;

use crate::model::{
    CharRange, Claim, ClaimId, DocumentId, DocumentSetId, IdHasher, IdMap, Project, PropositionId,
    ReviewStatus, SourceId, StanceId, TagId,
};

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
#[derive(Clone, Debug, Default, PartialEq, Eq)]
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
    /// How the document sets match (by id, then by name).
    pub document_sets: Matching<DocumentSetId>,
    /// Matched document sets whose name or documents differ: (mine, theirs), in my order.
    pub document_sets_changed: Vec<(DocumentSetId, DocumentSetId)>,
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
            && self.document_sets.only_mine.is_empty()
            && self.document_sets.only_theirs.is_empty()
            && self.document_sets_changed.is_empty()
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

/// A set of ids, with the cheap hasher for ids.
type IdSet<K> = HashSet<K, BuildHasherDefault<IdHasher>>;

/// Where a difference sorts: its document (my document's place, or after all
/// of mine for a document only they have), my claim's start, their claim's
/// start, and the claim's id.
type SortKey = (usize, usize, usize, u128);

/// Matches items by id, then by their name's `key` (the rule of [`names`]).
fn match_items<T, Id: Copy + Eq + Hash>(
    mine: &[T],
    theirs: &[T],
    id: impl Fn(&T) -> Id,
    key: impl Fn(&T) -> String,
) -> Matching<Id> {
    let mut matching = Matching::default();
    let mut taken: HashSet<Id> = HashSet::new();
    let my_ids: HashSet<Id> = mine.iter().map(&id).collect();
    for item in theirs {
        if my_ids.contains(&id(item)) {
            matching.theirs_to_mine.insert(id(item), id(item));
            taken.insert(id(item));
        }
    }
    // My items by name, each name's items in my order; made only when some of
    // theirs is left to match by name.
    let mut by_name: Option<HashMap<String, Vec<Id>>> = None;
    for item in theirs {
        if matching.theirs_to_mine.contains_key(&id(item)) {
            continue;
        }
        let by_name = by_name.get_or_insert_with(|| {
            let mut names: HashMap<String, Vec<Id>> = HashMap::new();
            for mine in mine {
                let name = key(mine);
                if !name.is_empty() {
                    names.entry(name).or_default().push(id(mine));
                }
            }
            names
        });
        let found = by_name
            .get(&key(item))
            .and_then(|ids| ids.iter().copied().find(|m| !taken.contains(m)));
        if let Some(found) = found {
            matching.theirs_to_mine.insert(id(item), found);
            taken.insert(found);
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

/// Matches the four vocabularies (sources, tags, propositions, stances) into `diff`.
fn match_vocabulary(mine: &Project, theirs: &Project, diff: &mut Diff) {
    let name = |text: &str| names::name_key(text);
    diff.sources = match_items(&mine.sources, &theirs.sources, |s| s.id, |s| name(&s.name));
    diff.tags = match_items(
        &mine.tags,
        &theirs.tags,
        |t| t.id,
        |t| names::tag_key(&t.path),
    );
    diff.propositions = match_items(
        &mine.propositions,
        &theirs.propositions,
        |p| p.id,
        |p| name(&p.text),
    );
    diff.stances = match_items(&mine.stances, &theirs.stances, |s| s.id, |s| name(&s.name));
}

/// Matches the document sets into `diff`, whose documents are matched already:
/// by id, then by name; a matched pair differs when its name does or when its
/// documents are not the same ones (their documents taken as mine).
fn match_document_sets(mine: &Project, theirs: &Project, diff: &mut Diff) {
    let matching = match_items(
        &mine.document_sets,
        &theirs.document_sets,
        |s| s.id,
        |s| names::name_key(&s.name),
    );
    let mut changed = Vec::new();
    for my_set in &mine.document_sets {
        let Some(their_set) = theirs
            .document_sets
            .iter()
            .find(|t| matching.theirs_to_mine.get(&t.id) == Some(&my_set.id))
        else {
            continue;
        };
        let my_documents: BTreeSet<Option<DocumentId>> =
            my_set.documents.iter().copied().map(Some).collect();
        let their_documents: BTreeSet<Option<DocumentId>> = their_set
            .documents
            .iter()
            .map(|&d| diff.my_document(d))
            .collect();
        if my_set.name.trim() != their_set.name.trim() || my_documents != their_documents {
            changed.push((my_set.id, their_set.id));
        }
    }
    diff.document_sets = matching;
    diff.document_sets_changed = changed;
}

/// Compares my project with theirs.
pub fn diff(mine: &Project, theirs: &Project) -> Diff {
    compare(mine, theirs).0
}

/// The whole comparison, with each row's sort key (parallel to its claims).
fn compare(mine: &Project, theirs: &Project) -> (Diff, Vec<SortKey>) {
    let mut result = Diff::default();
    match_vocabulary(mine, theirs, &mut result);
    match_documents(mine, theirs, &mut result);
    match_document_sets(mine, theirs, &mut result);
    let places = Places::new(&result, mine, theirs);
    let my_claims: Vec<&Claim> = mine.claims.iter().collect();
    let their_claims: Vec<&Claim> = theirs.claims.iter().collect();
    let (keys, claims) = rows_of(&result, &places, &my_claims, &their_claims)
        .into_iter()
        .unzip();
    result.claims = claims;
    (result, keys)
}

/// Where documents sort in the comparison, and which of mine is which of theirs.
struct Places {
    /// My documents' places in my project (the first, should an id repeat).
    mine: IdMap<DocumentId, usize>,
    /// Their documents' places in their project.
    theirs: IdMap<DocumentId, usize>,
    /// How many documents I have.
    mine_len: usize,
    /// How many documents they have.
    theirs_len: usize,
    /// Their document → my document, for every matched pair.
    theirs_to_mine: IdMap<DocumentId, DocumentId>,
}

impl Places {
    fn new(diff: &Diff, mine: &Project, theirs: &Project) -> Self {
        let places = |documents: &[crate::model::Document]| {
            let mut places: IdMap<DocumentId, usize> = IdMap::default();
            for (at, document) in documents.iter().enumerate() {
                places.entry(document.id).or_insert(at);
            }
            places
        };
        let mut theirs_to_mine: IdMap<DocumentId, DocumentId> = IdMap::default();
        for (my_document, their_document) in diff.document_pairs() {
            theirs_to_mine.entry(their_document).or_insert(my_document);
        }
        Self {
            mine: places(&mine.documents),
            theirs: places(&theirs.documents),
            mine_len: mine.documents.len(),
            theirs_len: theirs.documents.len(),
            theirs_to_mine,
        }
    }

    /// Where claims on my document sort.
    fn mine(&self, document: DocumentId) -> usize {
        match self.mine.get(&document) {
            Some(&at) => at,
            None => {
                self.mine_len
                    + self
                        .theirs
                        .get(&document)
                        .copied()
                        .unwrap_or(self.theirs_len)
            }
        }
    }

    /// Where claims on their document sort: at my matched document, else after mine.
    fn theirs(&self, document: DocumentId) -> usize {
        self.mine(self.my_document(document).unwrap_or(document))
    }

    /// My document matched to their document.
    fn my_document(&self, theirs: DocumentId) -> Option<DocumentId> {
        self.theirs_to_mine.get(&theirs).copied()
    }
}

/// Pairs claims — by id, then by overlapping span within each matched pair of
/// documents — and makes their rows, sorted by key.
///
/// `mine` and `theirs` are in project order (ties between equal spans go to
/// the earlier claim). A claim of either side whose id the other side has must
/// come with its counterpart, and every claim on a matched pair of documents
/// that is not paired by id must be here too, or the pairing by span differs
/// from the whole comparison's.
fn rows_of(
    diff: &Diff,
    places: &Places,
    mine: &[&Claim],
    theirs: &[&Claim],
) -> Vec<(SortKey, ClaimDiff)> {
    let mut their_by_id: IdMap<ClaimId, &Claim> = IdMap::default();
    for claim in theirs {
        their_by_id.entry(claim.id).or_insert(claim);
    }
    let mut pairs: Vec<(&Claim, &Claim, bool)> = Vec::new();
    let mut matched_mine: IdSet<ClaimId> = IdSet::default();
    let mut matched_theirs: IdSet<ClaimId> = IdSet::default();
    for claim in mine {
        if let Some(their) = their_by_id.get(&claim.id) {
            pairs.push((claim, their, true));
            matched_mine.insert(claim.id);
            matched_theirs.insert(claim.id);
        }
    }
    // The rest by span, one matched pair of documents at a time.
    let mut my_pools: IdMap<DocumentId, Vec<&Claim>> = IdMap::default();
    for claim in mine.iter().filter(|c| !matched_mine.contains(&c.id)) {
        my_pools.entry(claim.document).or_default().push(claim);
    }
    let mut their_pools: IdMap<DocumentId, Vec<&Claim>> = IdMap::default();
    for claim in theirs.iter().filter(|c| !matched_theirs.contains(&c.id)) {
        their_pools.entry(claim.document).or_default().push(claim);
    }
    for (my_document, their_document) in diff.document_pairs() {
        let (Some(my_claims), Some(their_claims)) =
            (my_pools.get(&my_document), their_pools.get(&their_document))
        else {
            continue;
        };
        for (m, t) in match_spans(my_claims, their_claims) {
            matched_mine.insert(m.id);
            matched_theirs.insert(t.id);
            pairs.push((m, t, false));
        }
    }

    let mut entries: Vec<(SortKey, ClaimDiff)> = Vec::with_capacity(mine.len() + theirs.len());
    for (m, t, by_id) in pairs {
        let fields = changed_fields(diff, places, m, t);
        let kind = if fields.is_empty() {
            DiffKind::Same
        } else {
            DiffKind::Changed(fields)
        };
        let key = (
            places.mine(m.document),
            m.range.start,
            t.range.start,
            m.id.as_u128(),
        );
        let row = ClaimDiff {
            mine: Some(m.id),
            theirs: Some(t.id),
            kind,
            by_id,
        };
        entries.push((key, row));
    }
    for m in mine.iter().filter(|c| !matched_mine.contains(&c.id)) {
        let key = (
            places.mine(m.document),
            m.range.start,
            m.range.start,
            m.id.as_u128(),
        );
        let row = ClaimDiff {
            mine: Some(m.id),
            theirs: None,
            kind: DiffKind::OnlyMine,
            by_id: false,
        };
        entries.push((key, row));
    }
    for t in theirs.iter().filter(|c| !matched_theirs.contains(&c.id)) {
        let key = (
            places.theirs(t.document),
            t.range.start,
            t.range.start,
            t.id.as_u128(),
        );
        let row = ClaimDiff {
            mine: None,
            theirs: Some(t.id),
            kind: DiffKind::OnlyTheirs,
            by_id: false,
        };
        entries.push((key, row));
    }
    entries.sort_by_key(|entry| entry.0);
    entries
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
fn changed_fields(diff: &Diff, places: &Places, mine: &Claim, theirs: &Claim) -> Vec<Field> {
    let mut fields = Vec::new();
    if !diff.stances.same(mine.stance, theirs.stance) {
        fields.push(Field::Stance);
    }
    if !diff.sources.same(mine.source, theirs.source) {
        fields.push(Field::Source);
    }
    if !(mine.tags.is_empty() && theirs.tags.is_empty()) {
        let my_tags: BTreeSet<Option<TagId>> = mine.tags.iter().copied().map(Some).collect();
        let their_tags: BTreeSet<Option<TagId>> = theirs
            .tags
            .iter()
            .map(|t| diff.tags.theirs_to_mine.get(t).copied())
            .collect();
        if my_tags != their_tags {
            fields.push(Field::Tags);
        }
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
    let same_document = places.my_document(theirs.document) == Some(mine.document);
    if mine.range != theirs.range || !same_document {
        fields.push(Field::Span);
    }
    fields
}

// ---------------------------------------------------------------------------
// Keeping the comparison up to date.

/// The comparison of my project with theirs, kept up to date while my project
/// changes: [`LiveDiff::update`] finds which of my claims changed since it last
/// looked and works out again only the differences they are part of (and, on
/// their documents, the pairing by span), so a review decision costs
/// milliseconds, not a whole comparison. It always gives the [`Diff`] that
/// [`diff`] would.
#[derive(Clone, Debug)]
pub struct LiveDiff {
    /// Their project (it never changes).
    theirs: Arc<Project>,
    /// The comparison as of the last update.
    diff: Diff,
    /// Each row's sort key, parallel to `diff.claims`.
    keys: Vec<SortKey>,
    /// Their claims' places in their project, by id.
    their_index: IdMap<ClaimId, usize>,
    /// Whether anything has been compared yet.
    compared: bool,
    /// My documents as last compared: id and fingerprint, in order.
    documents: Vec<(DocumentId, String)>,
    /// My claims as last compared, in project order.
    seen: Vec<Seen>,
}

/// What [`LiveDiff::update`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Update {
    /// Nothing the comparison (or its listing) reads had changed.
    Unchanged,
    /// These of my claims had changed (been added, removed, moved or edited):
    /// their differences were worked out again, with the pairing by span on
    /// their documents and any difference whose vocabulary now matches otherwise.
    Claims(Vec<ClaimId>),
    /// The whole comparison was worked out again: the first time, or after my
    /// documents changed, or when most of my claims did.
    Full,
}

/// A change the incremental update cannot follow (it then compares everything).
struct Stale;

impl LiveDiff {
    /// A comparison with their project, worked out on the first [`LiveDiff::update`].
    pub fn new(theirs: Arc<Project>) -> Self {
        let mut their_index: IdMap<ClaimId, usize> = IdMap::default();
        for (at, claim) in theirs.claims.iter().enumerate() {
            their_index.entry(claim.id).or_insert(at);
        }
        Self {
            theirs,
            diff: Diff::default(),
            keys: Vec::new(),
            their_index,
            compared: false,
            documents: Vec::new(),
            seen: Vec::new(),
        }
    }

    /// The comparison as of the last update.
    pub fn diff(&self) -> &Diff {
        &self.diff
    }

    /// Their project.
    pub fn theirs(&self) -> &Arc<Project> {
        &self.theirs
    }

    /// Their claim with this id (without a search through all of them).
    pub fn their_claim(&self, id: ClaimId) -> Option<&Claim> {
        self.their_index
            .get(&id)
            .and_then(|&at| self.theirs.claims.get(at))
    }

    /// Forgets what was compared: the next update works everything out again
    /// (for when `mine` is another project, not a changed one).
    pub fn reset(&mut self) {
        self.compared = false;
    }

    /// Brings the comparison up to date with `mine`, working out again only
    /// what the changes since the last update touch.
    pub fn update(&mut self, mine: &Project) -> Update {
        let same_documents = self.documents.len() == mine.documents.len()
            && self
                .documents
                .iter()
                .zip(&mine.documents)
                .all(|((id, fingerprint), d)| *id == d.id && *fingerprint == d.fingerprint);
        if !self.compared || !same_documents {
            self.recompute(mine);
            return Update::Full;
        }
        let changes = changed_claims(&self.seen, &mine.claims);
        let mut vocabulary = Diff::default();
        match_vocabulary(mine, &self.theirs, &mut vocabulary);
        let moved = MovedVocabulary::between(&self.diff, &vocabulary);
        // The documents are as compared, so the sets can be matched against them.
        vocabulary.documents = std::mem::take(&mut self.diff.documents);
        vocabulary.documents_text_differs = std::mem::take(&mut self.diff.documents_text_differs);
        match_document_sets(mine, &self.theirs, &mut vocabulary);
        self.diff.documents = std::mem::take(&mut vocabulary.documents);
        self.diff.documents_text_differs = std::mem::take(&mut vocabulary.documents_text_differs);
        let sets_changed = self.diff.document_sets != vocabulary.document_sets
            || self.diff.document_sets_changed != vocabulary.document_sets_changed;
        self.diff.document_sets = std::mem::take(&mut vocabulary.document_sets);
        self.diff.document_sets_changed = std::mem::take(&mut vocabulary.document_sets_changed);
        if changes.ids.is_empty() && moved.is_empty() {
            return if sets_changed {
                Update::Claims(Vec::new())
            } else {
                Update::Unchanged
            };
        }
        // Past a quarter of the claims (of a large project), comparing
        // everything costs less.
        if changes.ids.len() > (mine.claims.len() / 4).max(1_000) {
            self.recompute(mine);
            return Update::Full;
        }
        self.diff.sources = vocabulary.sources;
        self.diff.tags = vocabulary.tags;
        self.diff.propositions = vocabulary.propositions;
        self.diff.stances = vocabulary.stances;
        let touched: IdSet<ClaimId> = changes.ids.iter().copied().collect();
        if !touched.is_empty() && self.update_claims(mine, &touched).is_err() {
            self.recompute(mine);
            return Update::Full;
        }
        if moved.any_item() {
            self.rekind(mine, &moved);
        }
        changes.apply(&mut self.seen, &mine.claims);
        Update::Claims(changes.ids)
    }

    /// Works out the whole comparison.
    fn recompute(&mut self, mine: &Project) {
        let (diff, keys) = compare(mine, &self.theirs);
        self.diff = diff;
        self.keys = keys;
        self.documents = mine
            .documents
            .iter()
            .map(|d| (d.id, d.fingerprint.clone()))
            .collect();
        self.seen = mine.claims.iter().map(Seen::of).collect();
        self.compared = true;
    }

    /// Works out again the rows of the touched claims, and every row paired by
    /// span (or left unpaired) on the documents they were or are on.
    fn update_claims(&mut self, mine: &Project, touched: &IdSet<ClaimId>) -> Result<(), Stale> {
        let theirs = Arc::clone(&self.theirs);
        let places = Places::new(&self.diff, mine, &theirs);
        let hit = |row: &ClaimDiff| {
            row.mine.is_some_and(|id| touched.contains(&id))
                || row.theirs.is_some_and(|id| touched.contains(&id))
        };
        // The documents (by place) whose pairing by span may change: where the
        // touched claims were, where they are, and where their namesakes are.
        let mut affected: IdSet<usize> = IdSet::default();
        for (row, key) in self.diff.claims.iter().zip(&self.keys) {
            if hit(row) {
                affected.insert(key.0);
            }
        }
        for claim in mine.claims.iter().filter(|c| touched.contains(&c.id)) {
            affected.insert(places.mine(claim.document));
        }
        for &id in touched {
            if let Some(their) = self.their_claim(id) {
                affected.insert(places.theirs(their.document));
            }
        }
        // Keep every other row; gather the claims of the rows that go.
        let rows = std::mem::take(&mut self.diff.claims);
        let keys = std::mem::take(&mut self.keys);
        let mut kept: Vec<(SortKey, ClaimDiff)> = Vec::with_capacity(rows.len());
        let mut region_mine: IdSet<ClaimId> = touched.clone();
        let mut region_theirs: Vec<usize> = Vec::new();
        for (row, key) in rows.into_iter().zip(keys) {
            if hit(&row) || (!row.by_id && affected.contains(&key.0)) {
                region_mine.extend(row.mine);
                region_theirs.extend(row.theirs.and_then(|id| self.their_index.get(&id)));
            } else {
                kept.push((key, row));
            }
        }
        let my_claims: Vec<&Claim> = mine
            .claims
            .iter()
            .filter(|c| region_mine.contains(&c.id))
            .collect();
        region_theirs.sort_unstable();
        region_theirs.dedup();
        let their_claims: Vec<&Claim> = region_theirs
            .iter()
            .filter_map(|&at| theirs.claims.get(at))
            .collect();
        // Each of my claims they have by id must meet its namesake here.
        let their_ids: IdSet<ClaimId> = their_claims.iter().map(|c| c.id).collect();
        if my_claims
            .iter()
            .any(|c| self.their_index.contains_key(&c.id) && !their_ids.contains(&c.id))
        {
            return Err(Stale);
        }
        let fresh = rows_of(&self.diff, &places, &my_claims, &their_claims);
        // Merge the kept rows and the new ones, both sorted by key.
        let mut merged_keys = Vec::with_capacity(kept.len() + fresh.len());
        let mut merged_rows = Vec::with_capacity(kept.len() + fresh.len());
        let mut kept = kept.into_iter().peekable();
        let mut fresh = fresh.into_iter().peekable();
        loop {
            let take_fresh = match (kept.peek(), fresh.peek()) {
                (None, None) => break,
                (Some(_), None) => false,
                (None, Some(_)) => true,
                (Some((old_key, _)), Some((new_key, _))) => new_key < old_key,
            };
            let next = if take_fresh {
                fresh.next()
            } else {
                kept.next()
            };
            if let Some((key, row)) = next {
                merged_keys.push(key);
                merged_rows.push(row);
            }
        }
        self.diff.claims = merged_rows;
        self.keys = merged_keys;
        Ok(())
    }

    /// Works out again the kind of every pair whose claim of theirs refers to
    /// vocabulary that now matches otherwise.
    fn rekind(&mut self, mine: &Project, moved: &MovedVocabulary) {
        let places = Places::new(&self.diff, mine, &self.theirs);
        let mut my_claims: IdMap<ClaimId, &Claim> = IdMap::default();
        for claim in &mine.claims {
            my_claims.entry(claim.id).or_insert(claim);
        }
        let mut kinds = Vec::new();
        for (at, row) in self.diff.claims.iter().enumerate() {
            let (Some(my_id), Some(their_id)) = (row.mine, row.theirs) else {
                continue;
            };
            let (Some(m), Some(t)) = (my_claims.get(&my_id), self.their_claim(their_id)) else {
                continue;
            };
            if moved.touches(t) {
                let fields = changed_fields(&self.diff, &places, m, t);
                let kind = if fields.is_empty() {
                    DiffKind::Same
                } else {
                    DiffKind::Changed(fields)
                };
                kinds.push((at, kind));
            }
        }
        for (at, kind) in kinds {
            if let Some(row) = self.diff.claims.get_mut(at) {
                row.kind = kind;
            }
        }
    }
}

/// Their vocabulary whose match in my project changed between two comparisons.
struct MovedVocabulary {
    sources: HashSet<SourceId>,
    tags: HashSet<TagId>,
    propositions: HashSet<PropositionId>,
    stances: HashSet<StanceId>,
    /// Whether an item only one side has came or went (no claim's kind depends on it).
    lists: bool,
}

impl MovedVocabulary {
    fn between(old: &Diff, new: &Diff) -> Self {
        Self {
            sources: moved(&old.sources, &new.sources),
            tags: moved(&old.tags, &new.tags),
            propositions: moved(&old.propositions, &new.propositions),
            stances: moved(&old.stances, &new.stances),
            lists: old.sources.only_mine != new.sources.only_mine
                || old.sources.only_theirs != new.sources.only_theirs
                || old.tags.only_mine != new.tags.only_mine
                || old.tags.only_theirs != new.tags.only_theirs
                || old.propositions.only_mine != new.propositions.only_mine
                || old.propositions.only_theirs != new.propositions.only_theirs
                || old.stances.only_mine != new.stances.only_mine
                || old.stances.only_theirs != new.stances.only_theirs,
        }
    }

    fn is_empty(&self) -> bool {
        !self.lists && !self.any_item()
    }

    /// Whether any of their items matches otherwise.
    fn any_item(&self) -> bool {
        !(self.sources.is_empty()
            && self.tags.is_empty()
            && self.propositions.is_empty()
            && self.stances.is_empty())
    }

    /// Whether their claim refers to any of it.
    fn touches(&self, theirs: &Claim) -> bool {
        theirs.source.is_some_and(|s| self.sources.contains(&s))
            || theirs.stance.is_some_and(|s| self.stances.contains(&s))
            || theirs
                .proposition
                .is_some_and(|p| self.propositions.contains(&p))
            || theirs.tags.iter().any(|t| self.tags.contains(t))
    }
}

/// Their items whose match changed (matched to another of mine, or matched or unmatched).
fn moved<Id: Copy + Eq + Hash>(old: &Matching<Id>, new: &Matching<Id>) -> HashSet<Id> {
    let mut moved: HashSet<Id> = HashSet::new();
    for (theirs, mine) in &old.theirs_to_mine {
        if new.theirs_to_mine.get(theirs) != Some(mine) {
            moved.insert(*theirs);
        }
    }
    for (theirs, mine) in &new.theirs_to_mine {
        if old.theirs_to_mine.get(theirs) != Some(mine) {
            moved.insert(*theirs);
        }
    }
    moved
}

/// What the comparison and the review list read of one of my claims, kept to
/// see later whether the claim changed. Small and without pointers, so that
/// comparing tens of thousands of claims reads little memory: the tags, note
/// and figure are kept as a digest (an edit that kept the same 64-bit digest
/// would go unseen: about one in 2^64). The quote is not kept: it changes only
/// with the span or with the document's text, which are.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Seen {
    id: ClaimId,
    document: DocumentId,
    range: CharRange,
    source: Option<SourceId>,
    stance: Option<StanceId>,
    proposition: Option<PropositionId>,
    /// The review's verdict, which decides whether a difference is settled.
    review: Option<ReviewStatus>,
    orphaned: bool,
    /// The digest of the tags, the note and the figure.
    text: u64,
}

impl Seen {
    fn of(claim: &Claim) -> Self {
        let mut text = IdHasher::default();
        claim.tags.hash(&mut text);
        claim.note.hash(&mut text);
        claim.value.hash(&mut text);
        Self {
            id: claim.id,
            document: claim.document,
            range: claim.range,
            source: claim.source,
            stance: claim.stance,
            proposition: claim.proposition,
            review: claim.review.as_ref().map(|r| r.status),
            orphaned: claim.orphaned,
            text: text.finish(),
        }
    }

    /// Whether the claim is still as seen.
    fn is(&self, claim: &Claim) -> bool {
        *self == Self::of(claim)
    }
}

/// Which of my claims changed since they were seen, and how to bring what was
/// seen up to date.
struct ClaimChanges {
    /// The changed claims: edited, added, removed, or moved in the list.
    ids: Vec<ClaimId>,
    /// Where claims were edited in place, as places in the list now.
    in_place: Vec<usize>,
    /// The stretch of the list where claims came, went or moved: from `start`,
    /// up to `old_end` in what was seen and `new_end` in the claims now.
    start: usize,
    old_end: usize,
    new_end: usize,
}

impl ClaimChanges {
    /// Makes `seen` what `claims` are now.
    fn apply(&self, seen: &mut Vec<Seen>, claims: &[Claim]) {
        let came = claims.get(self.start..self.new_end);
        let (Some(came), true) = (
            came,
            self.start <= self.old_end && self.old_end <= seen.len(),
        ) else {
            // Never: the stretch was measured on these lists.
            *seen = claims.iter().map(Seen::of).collect();
            return;
        };
        // Claims that only moved within the stretch keep what was seen of them.
        let mut kept: IdMap<ClaimId, Seen> = IdMap::default();
        for old in seen.drain(self.start..self.old_end) {
            kept.entry(old.id).or_insert(old);
        }
        let replacement: Vec<Seen> = came
            .iter()
            .map(|claim| match kept.remove(&claim.id) {
                Some(old) if old.is(claim) => old,
                _ => Seen::of(claim),
            })
            .collect();
        seen.splice(self.start..self.start, replacement);
        for &at in &self.in_place {
            if let (Some(slot), Some(claim)) = (seen.get_mut(at), claims.get(at)) {
                *slot = Seen::of(claim);
            }
        }
    }
}

/// Compares my claims now with what was seen of them: first the stretches
/// where the same ids stand in the same places at both ends (a claim edited
/// there is changed in place), then, in between, by id.
fn changed_claims(seen: &[Seen], claims: &[Claim]) -> ClaimChanges {
    let mut ids = Vec::new();
    let mut in_place = Vec::new();
    let mut start = 0;
    while let (Some(old), Some(new)) = (seen.get(start), claims.get(start)) {
        if old.id != new.id {
            break;
        }
        if !old.is(new) {
            ids.push(old.id);
            in_place.push(start);
        }
        start += 1;
    }
    let (mut old_end, mut new_end) = (seen.len(), claims.len());
    while old_end > start && new_end > start {
        let (Some(old), Some(new)) = (seen.get(old_end - 1), claims.get(new_end - 1)) else {
            break;
        };
        if old.id != new.id {
            break;
        }
        if !old.is(new) {
            ids.push(old.id);
            in_place.push(new_end - 1);
        }
        old_end -= 1;
        new_end -= 1;
    }
    let gone = seen.get(start..old_end).unwrap_or_default();
    let came = claims.get(start..new_end).unwrap_or_default();
    if !gone.is_empty() || !came.is_empty() {
        let mut old_at: IdMap<ClaimId, (usize, &Seen)> = IdMap::default();
        for (at, old) in gone.iter().enumerate() {
            old_at.entry(old.id).or_insert((at, old));
        }
        let mut found: IdSet<ClaimId> = IdSet::default();
        let mut common = Vec::new();
        let mut in_order = true;
        let mut last = None;
        for claim in came {
            match old_at.get(&claim.id) {
                Some(&(at, old)) => {
                    found.insert(claim.id);
                    if last.is_some_and(|last| last > at) {
                        in_order = false;
                    }
                    last = Some(at);
                    if old.is(claim) {
                        common.push(claim.id);
                    } else {
                        ids.push(claim.id);
                    }
                }
                None => ids.push(claim.id),
            }
        }
        ids.extend(gone.iter().map(|s| s.id).filter(|id| !found.contains(id)));
        // Claims that changed places among each other pair by span in another
        // order: treat them as changed.
        if !in_order {
            ids.extend(common);
        }
    }
    ids.sort_unstable();
    ids.dedup();
    ClaimChanges {
        ids,
        in_place,
        start,
        old_end,
        new_end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, DocumentSet};

    /// Two documents and one set holding the first.
    fn project() -> Project {
        let mut project = Project::new("p");
        let first = Document::new("First", "Haidai said 568 civilians remain.");
        let second = Document::new("Second", "Miroshnik said 1,200.");
        let mut set = DocumentSet::new("Ukrainian outlets");
        set.documents = vec![first.id];
        project.documents = vec![first, second];
        project.document_sets = vec![set];
        project
    }

    #[test]
    fn document_sets_added_removed_and_changed_are_differences() {
        let mine = project();
        assert!(diff(&mine, &mine).is_identical());

        let mut theirs = mine.clone();
        theirs.document_sets[0]
            .documents
            .push(theirs.documents[1].id);
        let found = diff(&mine, &theirs);
        assert!(!found.is_identical());
        let set = mine.document_sets[0].id;
        assert_eq!(found.document_sets_changed, vec![(set, set)]);

        let mut renamed = mine.clone();
        renamed.document_sets[0].name = "Ukrainian press".into();
        assert_eq!(
            diff(&mine, &renamed).document_sets_changed,
            vec![(set, set)]
        );

        // Added on their side under a name of mine: the same set.
        let mut added = mine.clone();
        added.document_sets.clear();
        let mut namesake = DocumentSet::new("ukrainian  OUTLETS");
        namesake.documents = vec![mine.documents[0].id];
        let namesake_id = namesake.id;
        let mut extra = DocumentSet::new("Russian state media");
        extra.documents = vec![mine.documents[1].id];
        let extra_id = extra.id;
        added.document_sets = vec![namesake, extra];
        let found = diff(&mine, &added);
        assert_eq!(
            found.document_sets.theirs_to_mine.get(&namesake_id),
            Some(&set)
        );
        assert_eq!(found.document_sets.only_theirs, vec![extra_id]);
        assert!(found.document_sets.only_mine.is_empty());
        // Its name is written otherwise: a change to review.
        assert_eq!(found.document_sets_changed, vec![(set, namesake_id)]);
        added.document_sets[0].name = "Ukrainian outlets".into();
        assert!(diff(&mine, &added).document_sets_changed.is_empty());
        let found = diff(&added, &mine);
        assert_eq!(found.document_sets.only_mine, vec![extra_id]);
    }

    #[test]
    fn the_live_comparison_follows_a_change_of_sets_alone() {
        let theirs = project();
        let mut mine = theirs.clone();
        let mut live = LiveDiff::new(Arc::new(theirs.clone()));
        assert_eq!(live.update(&mine), Update::Full);
        assert!(live.diff().is_identical());
        assert_eq!(live.update(&mine), Update::Unchanged);
        mine.document_sets[0].name = "Renamed".into();
        assert_ne!(live.update(&mine), Update::Unchanged);
        assert_eq!(live.diff(), &diff(&mine, &theirs));
        assert!(!live.diff().is_identical());
    }
}
