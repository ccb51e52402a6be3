//! Highlights: the claims of a document as a reader paints them, coloured by
//! stance, tag, source or proposition, with a level for each overlap.
//!
//! Plain data worked out from the project; the window turns the colours into
//! its own and paints them.

use std::collections::HashMap;

use crate::model::{
    CharRange, ClaimId, Colour, DocumentId, IdMap, Project, ReviewStatus, SourceId,
};
use crate::workspace::Stamp;

/// What the highlights are coloured by.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum ColourBy {
    /// The claim's stance.
    #[default]
    Stance,
    /// The claim's first tag.
    Tag,
    /// Who asserts the claim.
    Source,
    /// The proposition the claim bears on.
    Proposition,
}

impl ColourBy {
    /// Every choice, in menu order.
    pub const ALL: [Self; 4] = [Self::Stance, Self::Tag, Self::Source, Self::Proposition];

    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Stance => "Stance",
            Self::Tag => "Tag",
            Self::Source => "Source",
            Self::Proposition => "Proposition",
        }
    }
}

/// A claim as a reader paints it.
#[derive(Clone, Debug, PartialEq)]
pub struct Highlight {
    /// The claim.
    pub claim: ClaimId,
    /// Where it is, in characters.
    pub range: CharRange,
    /// Its colour (by stance, tag, source or proposition).
    pub colour: Colour,
    /// Painted faintly: a colleague's claim rejected in review, or one that did not change.
    pub faded: bool,
    /// Its overlap level: 0 for a claim that overlaps no earlier one, 1 for the next layer…
    pub level: u8,
}

/// The grey of claims that have nothing to be coloured by.
pub const GREY: Colour = Colour::rgb(0x99, 0x99, 0x99);

/// The colour of the `index`-th item of a list, when colouring by source or proposition.
pub fn list_colour(index: usize) -> Colour {
    Colour::palette(index)
}

/// Gives each highlight an overlap level, so that overlapping claims can be told apart.
pub fn assign_levels(highlights: &mut [Highlight]) {
    highlights.sort_by_key(|h| (h.range.start, std::cmp::Reverse(h.range.end)));
    // The end of the last claim on each level.
    let mut level_ends: Vec<usize> = Vec::new();
    for highlight in highlights.iter_mut() {
        let level = level_ends
            .iter()
            .position(|&end| end <= highlight.range.start)
            .unwrap_or(level_ends.len());
        if level == level_ends.len() {
            level_ends.push(highlight.range.end);
        } else if let Some(end) = level_ends.get_mut(level) {
            *end = highlight.range.end;
        }
        highlight.level = u8::try_from(level).unwrap_or(u8::MAX);
    }
}

/// Every document's claims as highlights, coloured by `colour_by`.
pub fn build_highlights(
    project: &Project,
    colour_by: ColourBy,
) -> HashMap<DocumentId, Vec<Highlight>> {
    let all: Vec<DocumentId> = project.documents.iter().map(|d| d.id).collect();
    build_highlights_of(project, colour_by, &all)
}

/// The highlights of the claims on `documents` (each gets an entry, maybe empty).
///
/// Orphaned claims have no place in the text and get none.
pub fn build_highlights_of(
    project: &Project,
    colour_by: ColourBy,
    documents: &[DocumentId],
) -> HashMap<DocumentId, Vec<Highlight>> {
    let index_of = |ids: &mut HashMap<SourceId, usize>, key| {
        let next = ids.len();
        *ids.entry(key).or_insert(next)
    };
    let mut source_index: HashMap<SourceId, usize> = HashMap::new();
    for (i, source) in project.sources.iter().enumerate() {
        source_index.insert(source.id, i);
    }
    let proposition_index: HashMap<_, _> = project
        .propositions
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id, i))
        .collect();
    let mut out: HashMap<DocumentId, Vec<Highlight>> =
        documents.iter().map(|&d| (d, Vec::new())).collect();
    for claim in &project.claims {
        if claim.orphaned {
            continue;
        }
        // Unknown sources are numbered in claim order, whichever documents are asked for.
        if colour_by == ColourBy::Source
            && let Some(id) = claim.source
        {
            index_of(&mut source_index, id);
        }
        // A few documents are asked for: comparing ids is cheaper than hashing them.
        if !documents.contains(&claim.document) {
            continue;
        }
        let Some(highlights) = out.get_mut(&claim.document) else {
            continue;
        };
        let colour = match colour_by {
            ColourBy::Stance => claim
                .stance
                .and_then(|s| project.stance(s))
                .map_or(GREY, |s| s.colour),
            ColourBy::Tag => claim
                .tags
                .first()
                .and_then(|t| project.tag(*t))
                .map_or(GREY, |t| t.colour),
            ColourBy::Source => match claim.source {
                Some(id) => list_colour(index_of(&mut source_index, id)),
                None => GREY,
            },
            ColourBy::Proposition => claim
                .proposition
                .and_then(|p| proposition_index.get(&p))
                .map_or(GREY, |&i| list_colour(i)),
        };
        // A colleague's claim rejected in review stays in the project, faded.
        let faded = claim
            .review
            .as_ref()
            .is_some_and(|r| r.status == ReviewStatus::Rejected);
        highlights.push(Highlight {
            claim: claim.id,
            range: claim.range,
            colour,
            faded,
            level: 0,
        });
    }
    for highlights in out.values_mut() {
        assign_levels(highlights);
    }
    out
}

/// The highlights of the documents on screen, and the claim counts the
/// document list shows, rebuilt only when the project or the colouring changes.
#[derive(Debug, Default)]
pub struct HighlightCache {
    key: Option<(Stamp, ColourBy)>,
    by_document: HashMap<DocumentId, Vec<Highlight>>,
    claim_counts: IdMap<DocumentId, usize>,
    orphaned: usize,
    to_confirm: usize,
}

impl HighlightCache {
    /// Brings the cache up to date for the project state `stamp`: highlights
    /// for the documents `shown` (only those: an edit costs them, not all).
    pub fn refresh(
        &mut self,
        stamp: Stamp,
        project: &Project,
        colour_by: ColourBy,
        shown: impl IntoIterator<Item = DocumentId>,
    ) {
        let key = (stamp, colour_by);
        if self.key != Some(key) {
            self.key = Some(key);
            self.by_document.clear();
            self.claim_counts.clear();
            for claim in &project.claims {
                *self.claim_counts.entry(claim.document).or_default() += 1;
            }
            // A claim offered a place is flagged as orphaned too; it is counted once, to confirm.
            self.orphaned = project
                .claims
                .iter()
                .filter(|c| c.orphaned && !c.has_offer())
                .count();
            self.to_confirm = project
                .claims
                .iter()
                .filter(|c| c.awaits_confirmation())
                .count();
        }
        let missing: Vec<DocumentId> = shown
            .into_iter()
            .filter(|d| !self.by_document.contains_key(d))
            .collect();
        if !missing.is_empty() {
            let built = build_highlights_of(project, colour_by, &missing);
            self.by_document.extend(built);
        }
    }

    /// The highlights of `document` (none when it was not shown at the last refresh).
    pub fn of(&self, document: DocumentId) -> &[Highlight] {
        self.by_document.get(&document).map_or(&[], Vec::as_slice)
    }

    /// How many claims `document` has.
    pub fn claim_count(&self, document: DocumentId) -> usize {
        self.claim_counts.get(&document).copied().unwrap_or(0)
    }

    /// How many claims are orphaned (and not offered a place to confirm).
    pub fn orphaned(&self) -> usize {
        self.orphaned
    }

    /// How many claims re-anchoring moved or offered a place, not yet confirmed.
    pub fn to_confirm(&self) -> usize {
        self.to_confirm
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(start: usize, end: usize) -> Highlight {
        Highlight {
            claim: ClaimId::random(),
            range: CharRange::new(start, end),
            colour: GREY,
            faded: false,
            level: 0,
        }
    }

    #[test]
    fn overlapping_claims_get_stacked_levels() {
        let mut highlights = vec![at(10, 20), at(0, 15), at(15, 30), at(30, 40)];
        assign_levels(&mut highlights);
        let levels: Vec<(usize, u8)> = highlights
            .iter()
            .map(|h| (h.range.start, h.level))
            .collect();
        assert_eq!(levels, vec![(0, 0), (10, 1), (15, 0), (30, 0)]);
    }

    #[test]
    fn the_sample_colours_by_stance_and_skips_orphans() {
        let loaded = crate::io::project_file::from_ron_str(crate::SAMPLE_PROJECT).expect("sample");
        let mut project = loaded.project;
        let orphan = project.claims.first().map(|c| c.id).expect("a claim");
        if let Some(claim) = project.claims.first_mut() {
            claim.orphaned = true;
        }
        let all = build_highlights(&project, ColourBy::Stance);
        let painted: usize = all.values().map(Vec::len).sum();
        assert_eq!(painted, project.claims.len() - 1);
        assert!(all.values().flatten().all(|h| h.claim != orphan));
        for highlight in all.values().flatten() {
            let claim = project.claim(highlight.claim).expect("claim");
            let stance = claim.stance.and_then(|s| project.stance(s));
            assert_eq!(highlight.colour, stance.map_or(GREY, |s| s.colour));
        }
        let one = project.documents.first().map(|d| d.id).expect("a document");
        let some = build_highlights_of(&project, ColourBy::Source, &[one]);
        assert_eq!(some.len(), 1);
        assert_eq!(
            some.get(&one).map(Vec::len),
            all.get(&one).map(Vec::len),
            "the same claims, whichever documents are asked for"
        );
    }

    #[test]
    fn the_cache_follows_the_workspace_not_just_the_revision() {
        let (sample, _) = crate::workspace::Workspace::sample();
        let document = sample
            .project()
            .documents
            .first()
            .map(|d| d.id)
            .expect("doc");
        let mut cache = HighlightCache::default();
        cache.refresh(
            sample.stamp(),
            sample.project(),
            ColourBy::Stance,
            [document],
        );
        assert!(!cache.of(document).is_empty());
        assert!(cache.claim_count(document) > 0);
        // Another workspace at the same revision (File ▸ New): nothing of the sample stays.
        let empty = crate::workspace::Workspace::new(Project::new("Untitled"));
        assert_eq!(empty.stamp().revision, sample.stamp().revision);
        cache.refresh(empty.stamp(), empty.project(), ColourBy::Stance, [document]);
        assert!(cache.of(document).is_empty());
        assert_eq!(cache.claim_count(document), 0);
    }
}
