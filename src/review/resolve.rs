//! Settling the differences between my project and a colleague's, one claim
//! or many at a time, as edits on my project (so every decision can be undone).
//!
//! What each decision does:
//!
//! | difference  | keep mine                   | take theirs                    | keep both                   | discuss                          |
//! |-------------|-----------------------------|--------------------------------|-----------------------------|----------------------------------|
//! | only mine   | mine accepted               | mine removed                   | mine accepted               | mine marked "discuss"            |
//! | only theirs | theirs added, rejected      | theirs added, accepted         | theirs added, accepted      | theirs added, marked "discuss"   |
//! | changed     | mine accepted, theirs noted | their fields copied to mine    | theirs added beside mine    | mine marked "discuss", theirs noted |
//!
//! A rejected colleague's claim is kept in my project (marked rejected) rather
//! than dropped: nothing of their work is lost, and the next comparison with
//! their file sees it as already reviewed. Vocabulary and documents their claim
//! needs and I lack are added with it.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

use crate::anchor::{self, Anchoring};
use crate::edit::Edit;
use crate::edit::names::Names;
use crate::model::{
    Claim, ClaimId, DocumentId, IdHasher, Project, Proposition, PropositionId, Review,
    ReviewStatus, Source, SourceId, Stance, StanceId, Tag, TagId,
};

use super::diff::{ClaimDiff, Diff, DiffKind, Field};

/// A reviewer's decision on one difference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// My version stands.
    KeepMine,
    /// Their version replaces mine.
    TakeTheirs,
    /// Both versions are kept as separate claims.
    KeepBoth,
    /// Neither is settled: marked for discussion, with a comment.
    Discuss(String),
}

impl Decision {
    /// Its name for people.
    pub fn label(&self) -> &'static str {
        match self {
            Self::KeepMine => "Keep mine",
            Self::TakeTheirs => "Take theirs",
            Self::KeepBoth => "Keep both",
            Self::Discuss(_) => "Discuss",
        }
    }
}

/// How a difference stands in my project now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Nothing decided yet.
    Open,
    /// Marked for discussion.
    Discuss,
    /// Accepted or rejected by a reviewer.
    Settled(ReviewStatus),
}

/// Whether a difference is still open, marked for discussion, or settled,
/// judged by the review on my claim (their claims carry no review of mine).
pub fn standing(mine: &Project, row: &ClaimDiff) -> Standing {
    Standing::of(row.mine.and_then(|id| mine.claim(id)))
}

impl Standing {
    /// How a difference stands, judged by the review on my claim (when I have one).
    pub fn of(mine: Option<&Claim>) -> Self {
        match mine.and_then(|c| c.review.as_ref()).map(|r| r.status) {
            None => Self::Open,
            Some(ReviewStatus::Discuss) => Self::Discuss,
            Some(status) => Self::Settled(status),
        }
    }
}

/// Who decides and when, stamped on every review a decision writes.
#[derive(Clone, Debug)]
pub struct Reviewer {
    /// The reviewer's name.
    pub name: String,
    /// The time of the decision, RFC 3339.
    pub time: String,
    /// What their project is called in comments ("Anna's project").
    pub theirs_label: String,
}

/// Turns decisions into edits of my project, adding what their claims need
/// (documents, sources, tags, propositions, stances) at most once per batch.
pub struct Resolver<'a> {
    mine: &'a Project,
    theirs: &'a Project,
    reviewer: &'a Reviewer,
    /// Their item → the item in my project (matched, or added by this batch).
    sources: HashMap<SourceId, SourceId>,
    tags: HashMap<TagId, TagId>,
    propositions: HashMap<PropositionId, PropositionId>,
    stances: HashMap<StanceId, StanceId>,
    documents: HashMap<DocumentId, DocumentId>,
    /// Claim ids used in my project or by this batch (gathered when a claim
    /// of theirs is first added: most decisions add none).
    used_claims: Option<HashSet<ClaimId, BuildHasherDefault<IdHasher>>>,
    /// Their vocabulary items that my project has no match for, as new items of
    /// mine (or, by the one rule of names, my items of the same name).
    names: Names<'a>,
    /// Documents to add, before the claims that use them.
    additions: Vec<Edit>,
    /// The claim edits, in order.
    edits: Vec<Edit>,
    /// Why some decisions could not be carried out.
    pub skipped: Vec<String>,
}

impl<'a> Resolver<'a> {
    /// A resolver over my project, theirs and their diff.
    pub fn new(
        mine: &'a Project,
        theirs: &'a Project,
        diff: &'a Diff,
        reviewer: &'a Reviewer,
    ) -> Self {
        let documents = diff.document_pairs().map(|(m, t)| (t, m)).collect();
        Self {
            mine,
            theirs,
            reviewer,
            sources: diff.sources.theirs_to_mine.clone(),
            tags: diff.tags.theirs_to_mine.clone(),
            propositions: diff.propositions.theirs_to_mine.clone(),
            stances: diff.stances.theirs_to_mine.clone(),
            documents,
            used_claims: None,
            names: Names::new(mine),
            additions: Vec::new(),
            edits: Vec::new(),
            skipped: Vec::new(),
        }
    }

    /// Adds the edits that carry out `decision` on `row`. Returns whether anything changes.
    pub fn decide(&mut self, row: &ClaimDiff, decision: &Decision) -> bool {
        let before = self.edits.len();
        let mine = row.mine.and_then(|id| self.mine.claim(id));
        let theirs = row.theirs.and_then(|id| self.theirs.claim(id));
        match (&row.kind, mine, theirs) {
            (DiffKind::OnlyMine, Some(mine), _) => match decision {
                Decision::KeepMine | Decision::KeepBoth => {
                    self.review(mine, ReviewStatus::Accepted, "Kept; not in theirs".into());
                }
                Decision::TakeTheirs => self.edits.push(Edit::RemoveClaim(mine.id)),
                Decision::Discuss(comment) => {
                    self.review(mine, ReviewStatus::Discuss, comment.clone());
                }
            },
            (DiffKind::OnlyTheirs, _, Some(theirs)) => {
                let (status, comment) = match decision {
                    Decision::KeepMine => (ReviewStatus::Rejected, self.credit_theirs("Rejected")),
                    Decision::TakeTheirs | Decision::KeepBoth => {
                        (ReviewStatus::Accepted, self.credit_theirs("Taken"))
                    }
                    Decision::Discuss(comment) => (ReviewStatus::Discuss, comment.clone()),
                };
                self.add_theirs(theirs, status, comment);
            }
            (DiffKind::Changed(fields), Some(mine), Some(theirs)) => match decision {
                Decision::KeepMine => {
                    let comment = format!("Kept mine; {}", self.their_values(fields, theirs));
                    self.review(mine, ReviewStatus::Accepted, comment);
                }
                Decision::TakeTheirs => self.take_fields(mine, theirs, fields),
                Decision::KeepBoth => {
                    self.review(mine, ReviewStatus::Accepted, "Kept both versions".into());
                    let comment = self.credit_theirs("Kept beside mine");
                    self.add_theirs(theirs, ReviewStatus::Accepted, comment);
                }
                Decision::Discuss(comment) => {
                    let mut text = comment.trim().to_owned();
                    if !text.is_empty() {
                        text.push_str(" — ");
                    }
                    text.push_str(&self.their_values(fields, theirs));
                    self.review(mine, ReviewStatus::Discuss, text);
                }
            },
            (DiffKind::Same, Some(mine), _) => {
                if let Decision::Discuss(comment) = decision {
                    self.review(mine, ReviewStatus::Discuss, comment.clone());
                } else if mine
                    .review
                    .as_ref()
                    .is_some_and(|r| r.status == ReviewStatus::Discuss)
                {
                    // Settling a claim that was up for discussion.
                    self.review(mine, ReviewStatus::Accepted, "Settled".into());
                }
            }
            _ => {}
        }
        self.edits.len() > before
    }

    /// The edits, as one batch (empty when nothing changes).
    pub fn finish(self) -> (Edit, Vec<String>) {
        let mut all = self.names.into_edits();
        all.extend(self.additions);
        all.extend(self.edits);
        (Edit::Batch(all), self.skipped)
    }

    fn credit_theirs(&self, what: &str) -> String {
        format!("{what} from {}", self.reviewer.theirs_label)
    }

    /// Sets my claim's review.
    fn review(&mut self, mine: &Claim, status: ReviewStatus, comment: String) {
        let mut claim = mine.clone();
        claim.review = Some(Review {
            status,
            reviewer: self.reviewer.name.clone(),
            comment,
            time: self.reviewer.time.clone(),
        });
        self.edits.push(Edit::UpdateClaim(Box::new(claim)));
    }

    /// "theirs: stance Disputes; source Haidai" — their values of the differing fields.
    fn their_values(&self, fields: &[Field], theirs: &Claim) -> String {
        let parts: Vec<String> = fields
            .iter()
            .map(|field| {
                let value = match (field, field.value_of(self.theirs, theirs)) {
                    (_, None) => "none".to_owned(),
                    (Field::Stance | Field::Source | Field::Tags, Some(value)) => value,
                    (_, Some(value)) => format!("“{value}”"),
                };
                format!("{} {value}", field.label())
            })
            .collect();
        format!("{}: {}", self.reviewer.theirs_label, parts.join("; "))
    }

    /// Copies their values of the differing fields onto my claim.
    fn take_fields(&mut self, mine: &Claim, theirs: &Claim, fields: &[Field]) {
        let mut claim = mine.clone();
        for field in fields {
            match field {
                Field::Stance => claim.stance = theirs.stance.map(|s| self.stance(s)),
                Field::Source => claim.source = theirs.source.map(|s| self.source(s)),
                Field::Tags => claim.tags = theirs.tags.iter().map(|t| self.tag(*t)).collect(),
                Field::Proposition => {
                    claim.proposition = theirs.proposition.map(|p| self.proposition(p));
                }
                Field::Note => claim.note.clone_from(&theirs.note),
                Field::Value => claim.value.clone_from(&theirs.value),
                Field::Span => match self.place(theirs) {
                    Ok((document, range, quote)) => {
                        claim.document = document;
                        claim.range = range;
                        claim.quote = quote;
                    }
                    Err(why) => self.skipped.push(format!(
                        "Their span “{}” could not be placed in my text ({why}); my span is kept",
                        super::short_quote(&theirs.quote.exact)
                    )),
                },
            }
        }
        let names: Vec<&str> = fields.iter().map(|f| f.label()).collect();
        claim.review = Some(Review {
            status: ReviewStatus::Accepted,
            reviewer: self.reviewer.name.clone(),
            comment: format!(
                "Took {} from {}",
                names.join(", "),
                self.reviewer.theirs_label
            ),
            time: self.reviewer.time.clone(),
        });
        claim.modified.clone_from(&self.reviewer.time);
        self.edits.push(Edit::UpdateClaim(Box::new(claim)));
    }

    /// Adds their claim to my project with a review, mapped into my vocabulary.
    fn add_theirs(&mut self, theirs: &Claim, status: ReviewStatus, comment: String) {
        let (document, range, quote) = match self.place(theirs) {
            Ok(placed) => placed,
            Err(why) => {
                self.skipped.push(format!(
                    "Their claim “{}” could not be placed in my text of its document: {why}",
                    super::short_quote(&theirs.quote.exact)
                ));
                return;
            }
        };
        let mut claim = theirs.clone();
        let mine = self.mine;
        let used = self
            .used_claims
            .get_or_insert_with(|| mine.claims.iter().map(|c| c.id).collect());
        // Keep their id when I do not use it, so later comparisons match by id.
        if used.contains(&claim.id) {
            claim.id = ClaimId::random();
        }
        used.insert(claim.id);
        claim.document = document;
        claim.range = range;
        claim.quote = quote;
        claim.orphaned = false;
        claim.source = theirs.source.map(|s| self.source(s));
        claim.stance = theirs.stance.map(|s| self.stance(s));
        claim.proposition = theirs.proposition.map(|p| self.proposition(p));
        claim.tags = theirs.tags.iter().map(|t| self.tag(*t)).collect();
        claim.review = Some(Review {
            status,
            reviewer: self.reviewer.name.clone(),
            comment,
            time: self.reviewer.time.clone(),
        });
        self.edits.push(Edit::add_claim(claim));
    }

    /// Where their claim goes in my project: my copy of its document (added if
    /// I lack it), and its range there (found again when the texts differ, by the
    /// rule of re-anchoring); else why it cannot be placed.
    fn place(
        &mut self,
        theirs: &Claim,
    ) -> Result<
        (
            DocumentId,
            crate::model::CharRange,
            crate::model::QuoteSelector,
        ),
        String,
    > {
        let missing = || "their project lacks its document".to_owned();
        let document = self.document(theirs.document).ok_or_else(missing)?;
        let text = match self.mine.document(document) {
            Some(mine) => &mine.text,
            // Added by this batch: their text.
            None => {
                &self
                    .theirs
                    .document(theirs.document)
                    .ok_or_else(missing)?
                    .text
            }
        };
        // The rule of re-anchoring: a place that would need confirming is not taken.
        let anchoring = anchor::anchor(text, theirs.range, &theirs.quote);
        let Some(range) = anchoring.accepted(theirs.range) else {
            return Err(match anchoring {
                Anchoring::ToConfirm { candidate, why, .. } => format!(
                    "the nearest match in my text, “{}”, would need confirming: {why}",
                    super::short_quote(crate::model::slice(text, candidate).unwrap_or_default())
                ),
                _ => "its quote is not in my text".to_owned(),
            });
        };
        let quote = crate::model::QuoteSelector::of(text, range)
            .ok_or_else(|| "its range lies outside my text".to_owned())?;
        Ok((document, range, quote))
    }

    fn document(&mut self, theirs: DocumentId) -> Option<DocumentId> {
        if let Some(&mine) = self.documents.get(&theirs) {
            return Some(mine);
        }
        let document = self.theirs.document(theirs)?.clone();
        let id = if self.mine.document(document.id).is_some() {
            crate::model::DocumentId::random()
        } else {
            document.id
        };
        let mut document = document;
        document.id = id;
        self.additions.push(Edit::add_document(document));
        self.documents.insert(theirs, id);
        Some(id)
    }

    fn source(&mut self, id: SourceId) -> SourceId {
        if let Some(&mine) = self.sources.get(&id) {
            return mine;
        }
        let source = Source {
            id,
            ..self.theirs.source(id).cloned().unwrap_or_default()
        };
        let mine = self.names.adopt_source(source).id();
        self.sources.insert(id, mine);
        mine
    }

    fn tag(&mut self, id: TagId) -> TagId {
        if let Some(&mine) = self.tags.get(&id) {
            return mine;
        }
        let tag = Tag {
            id,
            ..self.theirs.tag(id).cloned().unwrap_or_default()
        };
        let mine = self.names.adopt_tag(tag).id();
        self.tags.insert(id, mine);
        mine
    }

    fn proposition(&mut self, id: PropositionId) -> PropositionId {
        if let Some(&mine) = self.propositions.get(&id) {
            return mine;
        }
        let proposition = Proposition {
            id,
            ..self.theirs.proposition(id).cloned().unwrap_or_default()
        };
        let mine = self.names.adopt_proposition(proposition).id();
        self.propositions.insert(id, mine);
        mine
    }

    fn stance(&mut self, id: StanceId) -> StanceId {
        if let Some(&mine) = self.stances.get(&id) {
            return mine;
        }
        let stance = Stance {
            id,
            ..self.theirs.stance(id).cloned().unwrap_or_default()
        };
        let mine = self.names.adopt_stance(stance).id();
        self.stances.insert(id, mine);
        mine
    }
}

/// The edit that carries out one decision on every row, and what was skipped.
pub fn resolve(
    mine: &Project,
    theirs: &Project,
    diff: &Diff,
    rows: &[&ClaimDiff],
    decision: &Decision,
    reviewer: &Reviewer,
) -> (Edit, Vec<String>) {
    let mut resolver = Resolver::new(mine, theirs, diff, reviewer);
    for row in rows {
        resolver.decide(row, decision);
    }
    resolver.finish()
}
