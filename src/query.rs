//! Claim filters and claim sorting: which claims a view shows, and in what order.
//!
//! Plain Rust over the model. Built to stay fast at tens of thousands of
//! claims: everything that depends only on the filter or on the project's
//! vocabularies (the lowercased needle, the tag subtree, names by id) is
//! worked out once per call, never once per claim or per comparison.

use std::collections::{HashMap, HashSet};

use crate::model::{
    Claim, DocumentId, DocumentSetId, Project, PropositionId, ReviewStatus, SourceId, StanceId,
    TagId,
};

/// Whose claims a filter keeps: one source's, or those that fall back to their document's outlet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SourceFilter {
    /// Claims asserted by this source.
    Source(SourceId),
    /// Claims with no source, asserted by their document's outlet.
    DocumentOutlet,
}

/// Which review state a filter keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReviewFilter {
    /// Claims nobody has reviewed yet.
    Unreviewed,
    /// Claims whose review has this verdict.
    Status(ReviewStatus),
}

impl ReviewFilter {
    /// Every choice, in menu order.
    pub const ALL: [Self; 4] = [
        Self::Unreviewed,
        Self::Status(ReviewStatus::Accepted),
        Self::Status(ReviewStatus::Rejected),
        Self::Status(ReviewStatus::Discuss),
    ];

    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Unreviewed => "Not reviewed",
            Self::Status(status) => status.label(),
        }
    }
}

/// Which claims to show. Every condition that is set must hold; an empty filter keeps every claim.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClaimFilter {
    /// Text that the quote, the note, the value, the proposition's text, the
    /// source's name (or, for a claim with none, its document's outlet) or a
    /// tag's path must contain, ignoring case.
    pub text: String,
    /// The document the claim must be on.
    pub document: Option<DocumentId>,
    /// Who must assert the claim.
    pub source: Option<SourceFilter>,
    /// The stance the claim must take.
    pub stance: Option<StanceId>,
    /// A tag the claim must carry, itself or one nested under it.
    pub tag: Option<TagId>,
    /// The proposition the claim must bear on.
    pub proposition: Option<PropositionId>,
    /// Who must have made the claim (exact name).
    pub annotator: Option<String>,
    /// Keep only claims whose quote can no longer be found.
    pub orphaned_only: bool,
    /// Keep only claims re-anchoring moved or offered a place, not yet confirmed.
    pub to_confirm_only: bool,
    /// The review state the claim must be in.
    pub review: Option<ReviewFilter>,
    /// The document set the claim's document must be in (a set that no longer
    /// exists keeps no claim).
    pub document_set: Option<DocumentSetId>,
    /// Tags the claim must carry itself, every one (a tag nested under one does not do).
    pub own_tags: Vec<TagId>,
    /// Keep only claims with no tag.
    pub untagged_only: bool,
    /// Keep only claims that take no stance.
    pub no_stance_only: bool,
}

impl ClaimFilter {
    /// Whether the filter keeps every claim.
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
            && self.document.is_none()
            && self.source.is_none()
            && self.stance.is_none()
            && self.tag.is_none()
            && self.proposition.is_none()
            && self.annotator.is_none()
            && !self.orphaned_only
            && !self.to_confirm_only
            && self.review.is_none()
            && self.document_set.is_none()
            && self.own_tags.is_empty()
            && !self.untagged_only
            && !self.no_stance_only
    }

    /// Whether the filter keeps `claim`; to test many claims use [`filtered_claims`].
    pub fn matches(&self, project: &Project, claim: &Claim) -> bool {
        Matcher::new(self, project).matches(claim)
    }
}

/// The indices (into `project.claims`, in project order) of the claims `filter` keeps.
pub fn filtered_claims(project: &Project, filter: &ClaimFilter) -> Vec<usize> {
    if filter.is_empty() {
        return (0..project.claims.len()).collect();
    }
    let matcher = Matcher::new(filter, project);
    project
        .claims
        .iter()
        .enumerate()
        .filter(|(_, claim)| matcher.matches(claim))
        .map(|(at, _)| at)
        .collect()
}

/// Keeps only the `rows` (indices into `project.claims`) that `filter` keeps, in their order.
pub fn retain_claims(project: &Project, filter: &ClaimFilter, rows: &mut Vec<usize>) {
    let matcher = Matcher::new(filter, project);
    rows.retain(|&at| {
        project
            .claims
            .get(at)
            .is_some_and(|claim| matcher.matches(claim))
    });
}

/// A filter made ready to test many claims.
struct Matcher<'a> {
    filter: &'a ClaimFilter,
    /// The text to find, trimmed and lowercased; `None` when there is none.
    needle: Option<String>,
    /// The sources, tags, propositions and outlets whose names contain the needle.
    named: Named,
    /// The filter's tag and every tag nested under it.
    tags: HashSet<TagId>,
    /// The documents of the filter's document set, when it has one.
    set_documents: Option<HashSet<DocumentId>>,
}

impl<'a> Matcher<'a> {
    fn new(filter: &'a ClaimFilter, project: &Project) -> Self {
        let needle = filter.text.trim();
        let needle = (!needle.is_empty()).then(|| needle.to_lowercase());
        let named = needle
            .as_deref()
            .map(|needle| Named::new(project, needle))
            .unwrap_or_default();
        let tags = filter
            .tag
            .map(|id| tag_subtree(project, id))
            .unwrap_or_default();
        let set_documents = filter.document_set.map(|id| {
            project
                .document_set(id)
                .map(|set| set.documents.iter().copied().collect())
                .unwrap_or_default()
        });
        Self {
            filter,
            needle,
            named,
            tags,
            set_documents,
        }
    }

    fn matches(&self, claim: &Claim) -> bool {
        let filter = self.filter;
        if filter.document.is_some_and(|id| claim.document != id) {
            return false;
        }
        if self
            .set_documents
            .as_ref()
            .is_some_and(|documents| !documents.contains(&claim.document))
        {
            return false;
        }
        match filter.source {
            Some(SourceFilter::Source(id)) if claim.source != Some(id) => return false,
            Some(SourceFilter::DocumentOutlet) if claim.source.is_some() => return false,
            _ => {}
        }
        if filter.stance.is_some() && claim.stance != filter.stance {
            return false;
        }
        if filter.proposition.is_some() && claim.proposition != filter.proposition {
            return false;
        }
        if filter.tag.is_some() && !claim.tags.iter().any(|t| self.tags.contains(t)) {
            return false;
        }
        if !filter.own_tags.iter().all(|t| claim.tags.contains(t)) {
            return false;
        }
        if filter.untagged_only && !claim.tags.is_empty() {
            return false;
        }
        if filter.no_stance_only && claim.stance.is_some() {
            return false;
        }
        if filter
            .annotator
            .as_deref()
            .is_some_and(|name| claim.annotator != name)
        {
            return false;
        }
        if filter.orphaned_only && !claim.orphaned {
            return false;
        }
        if filter.to_confirm_only && !claim.awaits_confirmation() {
            return false;
        }
        match filter.review {
            Some(ReviewFilter::Unreviewed) if claim.review.is_some() => return false,
            Some(ReviewFilter::Status(status))
                if claim.review.as_ref().map(|r| r.status) != Some(status) =>
            {
                return false;
            }
            _ => {}
        }
        match &self.needle {
            Some(needle) => {
                self.named.matches(claim)
                    || [&claim.quote.exact, &claim.note, &claim.value]
                        .into_iter()
                        .any(|haystack| contains_ignoring_case(haystack, needle))
            }
            None => true,
        }
    }
}

/// The tag `id` and every tag whose path lies under its path ("casualties" → "casualties/civilian").
fn tag_subtree(project: &Project, id: TagId) -> HashSet<TagId> {
    let mut ids = HashSet::from([id]);
    let Some(root) = project.tag(id) else {
        return ids;
    };
    let root = root.path.trim().trim_end_matches('/').to_lowercase();
    for tag in &project.tags {
        let path = tag.path.trim().to_lowercase();
        if path == root
            || path
                .strip_prefix(&root)
                .is_some_and(|rest| rest.starts_with('/'))
        {
            ids.insert(tag.id);
        }
    }
    ids
}

/// Whether `haystack` contains `needle`, which is already lowercase, ignoring case.
fn contains_ignoring_case(haystack: &str, needle: &str) -> bool {
    if needle.is_ascii() {
        // No allocation: an ASCII needle can only match ASCII bytes, and in
        // UTF-8 those never occur inside a multi-byte character. Candidates are
        // found by the first byte in either case (a vectorised search), then compared.
        let needle = needle.as_bytes();
        let bytes = haystack.as_bytes();
        let Some((&first, _)) = needle.split_first() else {
            return true;
        };
        let Some(last_start) = bytes.len().checked_sub(needle.len()) else {
            return false;
        };
        let starts = bytes.get(..=last_start).unwrap_or_default();
        memchr::memchr2_iter(
            first.to_ascii_lowercase(),
            first.to_ascii_uppercase(),
            starts,
        )
        .any(|at| {
            bytes
                .get(at..at + needle.len())
                .is_some_and(|window| window.eq_ignore_ascii_case(needle))
        })
    } else {
        haystack.to_lowercase().contains(needle)
    }
}

/// What the text filter finds by name: the sources, tags, propositions and
/// document outlets whose names contain it, worked out once per filter (a few
/// hundred names), so that a claim is then tested by looking up its ids.
#[derive(Default)]
struct Named {
    /// Sources whose name contains the needle.
    sources: HashSet<SourceId, IdHash>,
    /// Documents whose outlet does: the source of their claims that have none.
    outlets: HashSet<DocumentId, IdHash>,
    /// Tags whose path does.
    tags: HashSet<TagId, IdHash>,
    /// Propositions whose text does.
    propositions: HashSet<PropositionId, IdHash>,
}

/// Ids hash cheaply: they are random already.
type IdHash = std::hash::BuildHasherDefault<crate::model::IdHasher>;

impl Named {
    /// The names in `project` that contain `needle` (already lowercase), ignoring case.
    fn new(project: &Project, needle: &str) -> Self {
        let has = |name: &str| contains_ignoring_case(name, needle);
        Self {
            sources: project
                .sources
                .iter()
                .filter(|s| has(&s.name))
                .map(|s| s.id)
                .collect(),
            outlets: project
                .documents
                .iter()
                .filter(|d| has(&d.outlet))
                .map(|d| d.id)
                .collect(),
            tags: project
                .tags
                .iter()
                .filter(|t| has(&t.path))
                .map(|t| t.id)
                .collect(),
            propositions: project
                .propositions
                .iter()
                .filter(|p| has(&p.text))
                .map(|p| p.id)
                .collect(),
        }
    }

    /// Whether `claim`'s source (or outlet), a tag or its proposition is named so.
    fn matches(&self, claim: &Claim) -> bool {
        let source = match claim.source {
            Some(id) => self.sources.contains(&id),
            None => self.outlets.contains(&claim.document),
        };
        source
            || claim
                .proposition
                .is_some_and(|id| self.propositions.contains(&id))
            || (!self.tags.is_empty() && claim.tags.iter().any(|t| self.tags.contains(t)))
    }
}

/// A column of the claims table that claims can be sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SortColumn {
    /// The document's title.
    Document,
    /// Who asserts the claim: its source's name, or else its document's outlet.
    Source,
    /// The stance, in the order of the project's stance scale.
    Stance,
    /// The proposition's text.
    Proposition,
    /// The claim's tag paths.
    Tags,
    /// The quoted text.
    Quote,
}

impl SortColumn {
    /// Every column, in table order.
    pub const ALL: [Self; 6] = [
        Self::Document,
        Self::Source,
        Self::Stance,
        Self::Proposition,
        Self::Tags,
        Self::Quote,
    ];

    /// Its header text.
    pub fn label(self) -> &'static str {
        match self {
            Self::Document => "Document",
            Self::Source => "Source",
            Self::Stance => "Stance",
            Self::Proposition => "Proposition",
            Self::Tags => "Tags",
            Self::Quote => "Quote",
        }
    }
}

/// What a claim is sorted by in one column.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum SortKey {
    /// A position (the stance scale's order).
    Rank(usize),
    /// Lowercased text.
    Text(String),
}

/// Sorts claim `indices` (into `project.claims`) by `column`, ignoring case.
///
/// Claims with no value in the column come last when ascending; claims that
/// compare equal keep project order, whichever the direction.
pub fn sort_claims(project: &Project, indices: &mut [usize], column: SortColumn, ascending: bool) {
    let keys = SortKeys::new(project, column);
    let mut keyed: Vec<(Option<SortKey>, usize)> = indices
        .iter()
        .map(|&at| (project.claims.get(at).and_then(|c| keys.key(c)), at))
        .collect();
    keyed.sort_by(|(a, at_a), (b, at_b)| {
        // `None` (no value) after every value.
        let by_key = match (a, b) {
            (Some(a), Some(b)) => a.cmp(b),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        };
        let by_key = if ascending { by_key } else { by_key.reverse() };
        by_key.then(at_a.cmp(at_b))
    });
    for (slot, (_, at)) in indices.iter_mut().zip(keyed) {
        *slot = at;
    }
}

/// Names by id, lowercased once per sort.
struct SortKeys {
    column: SortColumn,
    documents: HashMap<DocumentId, (String, String)>,
    sources: HashMap<SourceId, String>,
    stances: HashMap<StanceId, usize>,
    tags: HashMap<TagId, String>,
    propositions: HashMap<PropositionId, String>,
}

impl SortKeys {
    fn new(project: &Project, column: SortColumn) -> Self {
        let mut keys = Self {
            column,
            documents: HashMap::new(),
            sources: HashMap::new(),
            stances: HashMap::new(),
            tags: HashMap::new(),
            propositions: HashMap::new(),
        };
        match column {
            SortColumn::Document | SortColumn::Source => {
                keys.documents = project
                    .documents
                    .iter()
                    .map(|d| (d.id, (lower(&d.title), lower(&d.outlet))))
                    .collect();
                keys.sources = project
                    .sources
                    .iter()
                    .map(|s| (s.id, lower(&s.name)))
                    .collect();
            }
            SortColumn::Stance => {
                keys.stances = project
                    .stances
                    .iter()
                    .enumerate()
                    .map(|(at, s)| (s.id, at))
                    .collect();
            }
            SortColumn::Tags => {
                keys.tags = project
                    .tags
                    .iter()
                    .map(|t| (t.id, lower(&t.path)))
                    .collect();
            }
            SortColumn::Proposition => {
                keys.propositions = project
                    .propositions
                    .iter()
                    .map(|p| (p.id, lower(&p.text)))
                    .collect();
            }
            SortColumn::Quote => {}
        }
        keys
    }

    fn key(&self, claim: &Claim) -> Option<SortKey> {
        let text = |text: String| (!text.is_empty()).then_some(SortKey::Text(text));
        match self.column {
            SortColumn::Document => self
                .documents
                .get(&claim.document)
                .and_then(|(title, _)| text(title.clone())),
            SortColumn::Source => {
                let name = match claim.source.and_then(|id| self.sources.get(&id)) {
                    Some(name) => name,
                    None => &self.documents.get(&claim.document)?.1,
                };
                text(name.clone())
            }
            SortColumn::Stance => claim
                .stance
                .and_then(|id| self.stances.get(&id))
                .map(|&rank| SortKey::Rank(rank)),
            SortColumn::Proposition => claim
                .proposition
                .and_then(|id| self.propositions.get(&id))
                .and_then(|t| text(t.clone())),
            SortColumn::Tags => {
                let mut paths: Vec<&str> = claim
                    .tags
                    .iter()
                    .filter_map(|id| self.tags.get(id).map(String::as_str))
                    .collect();
                paths.sort_unstable();
                text(paths.join(", "))
            }
            SortColumn::Quote => text(lower(&claim.quote.exact)),
        }
    }
}

/// Trimmed and lowercased, for comparing without regard to case.
fn lower(text: &str) -> String {
    text.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CharRange, Colour, Document, Proposition, Review, Source, Stance, Tag};

    /// A document with three claims, a second document with one, and some vocabulary.
    struct Fixture {
        project: Project,
        haidai: SourceId,
        casualties: TagId,
        civilian: TagId,
        casualty_figures: TagId,
        azot: PropositionId,
        doc_b: DocumentId,
    }

    fn fixture() -> Fixture {
        let mut project = Project::new("fixture");
        let mut doc_a = Document::new(
            "Azot plant",
            "Haidai said 568 civilians remain. The LPR said 1,200 people shelter there.",
        );
        doc_a.outlet = "UNIAN".into();
        let mut doc_b = Document::new("battle", "Up to 500 civilians, according to TASS.");
        doc_b.outlet = "TASS".into();
        let haidai = Source::new("Serhiy Haidai");
        let miroshnik = Source::new("rodion Miroshnik");
        let casualties = Tag::new("casualties", Colour::palette(0));
        let civilian = Tag::new("casualties/civilian", Colour::palette(1));
        let casualty_figures = Tag::new("casualties-figures", Colour::palette(2));
        let azot = Proposition::new("Civilians sheltering in the Azot plant");

        let claim = |doc: &Document, start, end| {
            Claim::new(doc, CharRange::new(start, end), "ana").expect("claim")
        };
        let mut c0 = claim(&doc_a, 0, 33); // "Haidai said 568 civilians remain."
        c0.source = Some(haidai.id);
        c0.stance = Some(Stance::SUPPORTS);
        c0.tags = vec![civilian.id];
        c0.proposition = Some(azot.id);
        c0.value = "568".into();
        let mut c1 = claim(&doc_a, 34, 74); // "The LPR said 1,200 people shelter there."
        c1.source = Some(miroshnik.id);
        c1.stance = Some(Stance::DISPUTES);
        c1.note = "Figure from the Luhansk PEOPLE'S republic".into();
        c1.annotator = "bo".into();
        c1.review = Some(Review {
            status: ReviewStatus::Discuss,
            ..Review::default()
        });
        let mut c2 = claim(&doc_b, 0, 19); // "Up to 500 civilians"
        c2.stance = Some(Stance::SUPPORTS);
        c2.tags = vec![casualties.id, casualty_figures.id];
        c2.orphaned = true;
        let mut c3 = claim(&doc_a, 12, 15); // "568"
        c3.note = "Жители в укрытии".into();
        c3.tags = vec![casualty_figures.id];

        let doc_b_id = doc_b.id;
        project.documents = vec![doc_a, doc_b];
        project.sources = vec![haidai.clone(), miroshnik];
        project.tags = vec![
            casualties.clone(),
            civilian.clone(),
            casualty_figures.clone(),
        ];
        project.propositions = vec![azot.clone()];
        project.claims = vec![c0, c1, c2, c3];
        Fixture {
            project,
            haidai: haidai.id,
            casualties: casualties.id,
            civilian: civilian.id,
            casualty_figures: casualty_figures.id,
            azot: azot.id,
            doc_b: doc_b_id,
        }
    }

    fn kept(f: &Fixture, filter: ClaimFilter) -> Vec<usize> {
        let rows = filtered_claims(&f.project, &filter);
        // `matches` agrees with `filtered_claims`.
        let one_by_one: Vec<usize> = (0..f.project.claims.len())
            .filter(|&at| filter.matches(&f.project, &f.project.claims[at]))
            .collect();
        assert_eq!(rows, one_by_one);
        rows
    }

    #[test]
    fn an_empty_filter_keeps_everything() {
        let f = fixture();
        assert!(ClaimFilter::default().is_empty());
        assert_eq!(kept(&f, ClaimFilter::default()), vec![0, 1, 2, 3]);
        let blank = ClaimFilter {
            text: "  ".into(),
            ..ClaimFilter::default()
        };
        assert!(blank.is_empty());
    }

    #[test]
    fn a_document_set_keeps_the_claims_on_its_documents() {
        let mut f = fixture();
        let mut set = crate::model::DocumentSet::new("Russian state media");
        set.documents = vec![f.doc_b];
        let set_id = set.id;
        let mut everything = crate::model::DocumentSet::new("Everything");
        everything.documents = f.project.documents.iter().map(|d| d.id).collect();
        let everything_id = everything.id;
        f.project.document_sets = vec![set, everything];
        let by_set = |id| ClaimFilter {
            document_set: Some(id),
            ..ClaimFilter::default()
        };
        assert!(!by_set(set_id).is_empty());
        let on_b: Vec<usize> = (0..f.project.claims.len())
            .filter(|&at| f.project.claims[at].document == f.doc_b)
            .collect();
        assert!(!on_b.is_empty() && on_b.len() < f.project.claims.len());
        assert_eq!(kept(&f, by_set(set_id)), on_b);
        assert_eq!(kept(&f, by_set(everything_id)), vec![0, 1, 2, 3]);
        // A set that is gone keeps nothing rather than everything.
        let gone = crate::model::DocumentSetId::random();
        assert_eq!(kept(&f, by_set(gone)), Vec::<usize>::new());
    }

    #[test]
    fn text_matches_quote_note_and_value_ignoring_case() {
        let f = fixture();
        let text = |t: &str| ClaimFilter {
            text: t.into(),
            ..ClaimFilter::default()
        };
        assert_eq!(kept(&f, text("CIVILIANS")), vec![0, 2]);
        assert_eq!(kept(&f, text("people's")), vec![1]);
        assert_eq!(kept(&f, text("568")), vec![0, 3]);
        assert_eq!(kept(&f, text("жители")), vec![3]);
        assert_eq!(kept(&f, text("nothing like this")), Vec::<usize>::new());
    }

    #[test]
    fn text_matches_source_tag_proposition_and_outlet_names_ignoring_case() {
        let f = fixture();
        let text = |t: &str| ClaimFilter {
            text: t.into(),
            ..ClaimFilter::default()
        };
        // (typed, claims kept): c0 Serhiy Haidai, casualties/civilian, the Azot
        // proposition; c1 rodion Miroshnik; c2 (no source) on TASS's document,
        // tags casualties and casualties-figures; c3 (no source) on UNIAN's, casualties-figures.
        let table: &[(&str, &[usize])] = &[
            ("serhiy", &[0]),
            ("MIROSHNIK", &[1]),
            ("tass", &[2]),
            ("Unian", &[3]),
            ("civilian", &[0, 2]),
            ("/CIVILIAN", &[0]),
            ("figures", &[2, 3]),
            ("casualties", &[0, 2, 3]),
            ("sheltering in the azot", &[0]),
            ("azot plant", &[0]),
            ("Mykolaiv", &[]),
        ];
        for (typed, expected) in table {
            assert_eq!(kept(&f, text(typed)), *expected, "{typed:?}");
        }
        // A source's own name wins over the outlet: c0 is Haidai's, on UNIAN's document.
        let mut g = fixture();
        g.project.sources[0].name = "Луганська ОВА".into();
        assert_eq!(kept(&g, text("ова")), vec![0]);
        assert_eq!(kept(&g, text("unian")), vec![3]);
    }

    #[test]
    fn to_confirm_keeps_moved_and_offered_claims_not_those_orphaned_by_hand() {
        use crate::model::{ReanchorMethod, Reanchored};
        let mut f = fixture();
        let methods = [
            Some(ReanchorMethod::Exact),
            None,
            Some(ReanchorMethod::Orphaned),
            Some(ReanchorMethod::Offered),
        ];
        for (claim, method) in f.project.claims.iter_mut().zip(methods) {
            claim.reanchored = method.map(|method| Reanchored {
                method,
                ..Reanchored::default()
            });
        }
        let filter = ClaimFilter {
            to_confirm_only: true,
            ..ClaimFilter::default()
        };
        assert!(!filter.is_empty());
        assert_eq!(kept(&f, filter), vec![0, 3]);
    }

    #[test]
    fn each_field_narrows_the_claims() {
        let f = fixture();
        let none = ClaimFilter::default;
        assert_eq!(
            kept(
                &f,
                ClaimFilter {
                    document: Some(f.doc_b),
                    ..none()
                }
            ),
            vec![2]
        );
        assert_eq!(
            kept(
                &f,
                ClaimFilter {
                    source: Some(SourceFilter::Source(f.haidai)),
                    ..none()
                }
            ),
            vec![0]
        );
        assert_eq!(
            kept(
                &f,
                ClaimFilter {
                    source: Some(SourceFilter::DocumentOutlet),
                    ..none()
                }
            ),
            vec![2, 3]
        );
        assert_eq!(
            kept(
                &f,
                ClaimFilter {
                    stance: Some(Stance::SUPPORTS),
                    ..none()
                }
            ),
            vec![0, 2]
        );
        assert_eq!(
            kept(
                &f,
                ClaimFilter {
                    proposition: Some(f.azot),
                    ..none()
                }
            ),
            vec![0]
        );
        assert_eq!(
            kept(
                &f,
                ClaimFilter {
                    annotator: Some("bo".into()),
                    ..none()
                }
            ),
            vec![1]
        );
        assert_eq!(
            kept(
                &f,
                ClaimFilter {
                    orphaned_only: true,
                    ..none()
                }
            ),
            vec![2]
        );
        assert_eq!(
            kept(
                &f,
                ClaimFilter {
                    review: Some(ReviewFilter::Unreviewed),
                    ..none()
                }
            ),
            vec![0, 2, 3]
        );
        assert_eq!(
            kept(
                &f,
                ClaimFilter {
                    review: Some(ReviewFilter::Status(ReviewStatus::Discuss)),
                    ..none()
                }
            ),
            vec![1]
        );
        let both = ClaimFilter {
            stance: Some(Stance::SUPPORTS),
            text: "up to".into(),
            ..none()
        };
        assert!(!both.is_empty());
        assert_eq!(kept(&f, both), vec![2]);
    }

    #[test]
    fn a_tag_matches_its_children_but_not_its_namesakes() {
        let f = fixture();
        let tag = |id| ClaimFilter {
            tag: Some(id),
            ..ClaimFilter::default()
        };
        // "casualties" takes in "casualties/civilian", not "casualties-figures".
        assert_eq!(kept(&f, tag(f.casualties)), vec![0, 2]);
        assert_eq!(kept(&f, tag(f.civilian)), vec![0]);
        assert_eq!(kept(&f, tag(f.casualty_figures)), vec![2, 3]);
    }

    #[test]
    fn sorting_ignores_case_and_keeps_project_order_on_ties() {
        let f = fixture();
        let sorted = |column, ascending| {
            let mut rows = vec![0, 1, 2, 3];
            sort_claims(&f.project, &mut rows, column, ascending);
            rows
        };
        // Sources: "rodion Miroshnik" < "Serhiy Haidai" < outlets "TASS" < "UNIAN".
        assert_eq!(sorted(SortColumn::Source, true), vec![1, 0, 2, 3]);
        assert_eq!(sorted(SortColumn::Source, false), vec![3, 2, 0, 1]);
        // Documents: "Azot plant" (0, 1, 3 in project order) < "battle".
        assert_eq!(sorted(SortColumn::Document, true), vec![0, 1, 3, 2]);
        assert_eq!(sorted(SortColumn::Document, false), vec![2, 0, 1, 3]);
        // Stances follow the scale: Supports, Disputes; none last.
        assert_eq!(sorted(SortColumn::Stance, true), vec![0, 2, 1, 3]);
        // Propositions: only claim 0 has one; the rest keep project order after it.
        assert_eq!(sorted(SortColumn::Proposition, true), vec![0, 1, 2, 3]);
        assert_eq!(sorted(SortColumn::Proposition, false), vec![1, 2, 3, 0]);
        // Tags: "casualties, casualties-figures" < "casualties-figures" < "casualties/civilian"; none last.
        assert_eq!(sorted(SortColumn::Tags, true), vec![2, 3, 0, 1]);
        // Quotes: "568" < "haidai…" < "the lpr…" < "up to…".
        assert_eq!(sorted(SortColumn::Quote, true), vec![3, 0, 1, 2]);
        assert_eq!(sorted(SortColumn::Quote, false), vec![2, 1, 0, 3]);
    }

    #[test]
    fn sorting_a_subset_keeps_it_a_subset() {
        let f = fixture();
        let mut rows = vec![2, 0];
        sort_claims(&f.project, &mut rows, SortColumn::Quote, true);
        assert_eq!(rows, vec![0, 2]);
        let mut rows = vec![99, 1];
        sort_claims(&f.project, &mut rows, SortColumn::Quote, true);
        assert_eq!(rows, vec![1, 99]);
    }

    /// What 30,000 claims give: the four of the fixture, each 7,500 times. How fast
    /// they filter and sort is measured by the benchmarks (`cargo bench --bench
    /// frames` types a filter over 30,000 claims), not here: a unit test that races
    /// a clock fails on a busy machine and proves nothing on a fast one.
    #[test]
    fn thirty_thousand_claims_filter_and_sort_as_four_do() {
        let f = fixture();
        let mut project = f.project.clone();
        let template = project.claims.clone();
        project.claims = (0..30_000)
            .map(|n| {
                let mut claim = template[n % template.len()].clone();
                claim.id = crate::model::ClaimId::random();
                claim.note = format!("note {n}");
                claim
            })
            .collect();
        let filter = ClaimFilter {
            text: "Civilians".into(),
            tag: Some(f.casualties),
            ..ClaimFilter::default()
        };
        // Of the four, the first and third quote "civilians" under a casualties tag.
        let mut rows = filtered_claims(&project, &filter);
        assert_eq!(rows.len(), 15_000);
        assert!(rows.iter().all(|n| n % 4 == 0 || n % 4 == 2));
        // By source: Serhiy Haidai's (the first) before the TASS outlet's (the third),
        // each in project order.
        sort_claims(&project, &mut rows, SortColumn::Source, true);
        let (haidai, tass) = rows.split_at(7_500);
        assert!(haidai.iter().all(|n| n % 4 == 0), "{:?}", &haidai[..8]);
        assert!(tass.iter().all(|n| n % 4 == 2), "{:?}", &tass[..8]);
        assert!(haidai.windows(2).all(|w| w[0] < w[1]));
        assert!(tass.windows(2).all(|w| w[0] < w[1]));
        // All of them by quote, descending: the four's order, ties in project order.
        let mut all: Vec<usize> = (0..project.claims.len()).collect();
        sort_claims(&project, &mut all, SortColumn::Quote, false);
        for (group, template_at) in all.chunks(7_500).zip([2, 1, 0, 3]) {
            assert!(group.iter().all(|n| n % 4 == template_at), "{template_at}");
            assert!(group.windows(2).all(|w| w[0] < w[1]));
        }
    }
}
