//! Edits and history.
//!
//! Every change to a project is an [`Edit`] value. [`apply`] is the one
//! function that changes a project: it checks the edit, performs it and returns
//! its inverse. [`History`] keeps those inverses for undo and redo and knows
//! whether the project differs from what was last saved.

pub mod anchoring;
pub mod names;

use std::collections::HashSet;

use crate::model::{
    Claim, ClaimId, Document, DocumentId, DocumentSet, DocumentSetId, Project, Proposition,
    PropositionId, Source, SourceId, Stance, StanceId, Tag, TagId,
};

/// One change to a project.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Adds a document at a position (`None`: at the end).
    InsertDocument {
        /// Where in the list; `None` appends.
        at: Option<usize>,
        /// The new document.
        document: Box<Document>,
    },
    /// Removes a document that no claim refers to, and takes it out of every
    /// document set (undo puts it back in them).
    RemoveDocument(DocumentId),
    /// Replaces the document with the same id.
    UpdateDocument(Box<Document>),
    /// Adds a claim.
    InsertClaim {
        /// Where in the list; `None` appends.
        at: Option<usize>,
        /// The new claim.
        claim: Box<Claim>,
    },
    /// Removes a claim.
    RemoveClaim(ClaimId),
    /// Replaces the claim with the same id.
    UpdateClaim(Box<Claim>),
    /// Adds a source.
    InsertSource {
        /// Where in the list; `None` appends.
        at: Option<usize>,
        /// The new source.
        source: Source,
    },
    /// Removes a source that no claim refers to.
    RemoveSource(SourceId),
    /// Replaces the source with the same id.
    UpdateSource(Source),
    /// Adds a tag.
    InsertTag {
        /// Where in the list; `None` appends.
        at: Option<usize>,
        /// The new tag.
        tag: Tag,
    },
    /// Removes a tag that no claim carries.
    RemoveTag(TagId),
    /// Replaces the tag with the same id.
    UpdateTag(Tag),
    /// Adds a proposition.
    InsertProposition {
        /// Where in the list; `None` appends.
        at: Option<usize>,
        /// The new proposition.
        proposition: Proposition,
    },
    /// Removes a proposition that no claim bears on.
    RemoveProposition(PropositionId),
    /// Replaces the proposition with the same id.
    UpdateProposition(Proposition),
    /// Adds a value to the stance scale.
    InsertStance {
        /// Where in the scale; `None` appends.
        at: Option<usize>,
        /// The new stance.
        stance: Stance,
    },
    /// Removes a stance that no claim takes.
    RemoveStance(StanceId),
    /// Replaces the stance with the same id.
    UpdateStance(Stance),
    /// Adds a document set; every document in it must exist.
    InsertDocumentSet {
        /// Where in the list; `None` appends.
        at: Option<usize>,
        /// The new set.
        set: DocumentSet,
    },
    /// Removes a document set (its documents stay).
    RemoveDocumentSet(DocumentSetId),
    /// Replaces the document set with the same id: its name and its documents.
    UpdateDocumentSet(DocumentSet),
    /// Replaces a document (its text) together with some of its claims, at once:
    /// for text edits, whose claims only fit the new text.
    SetDocumentText {
        /// The document with its new text.
        document: Box<Document>,
        /// Its claims as they are with the new text (each replaces the claim with its id).
        claims: Vec<Claim>,
    },
    /// Sets the project's title and description.
    SetProjectInfo {
        /// The new title.
        title: String,
        /// The new description.
        description: String,
    },
    /// Several edits applied in order, as one step.
    Batch(Vec<Edit>),
}

/// Why an edit could not be applied. The project is unchanged when one is returned.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The edit names something the project does not have.
    #[error("there is no {kind} with id {id}")]
    NotFound {
        /// What kind of thing.
        kind: &'static str,
        /// Its id.
        id: String,
    },
    /// The edit adds something whose id the project already has.
    #[error("there is already a {kind} with id {id}")]
    Duplicate {
        /// What kind of thing.
        kind: &'static str,
        /// Its id.
        id: String,
    },
    /// The edit removes something that claims still refer to.
    #[error("the {kind} {name} is used by {claims} claim(s); remove or reassign them first")]
    InUse {
        /// What kind of thing.
        kind: &'static str,
        /// Its name.
        name: String,
        /// How many claims use it.
        claims: usize,
    },
    /// A claim's range does not lie inside its document's text.
    #[error("the claim's range {start}..{end} lies outside its document ({len} characters)")]
    RangeOutside {
        /// The range start.
        start: usize,
        /// The range end.
        end: usize,
        /// The document's length in characters.
        len: usize,
    },
}

/// Something kept in one of the project's lists, by id.
trait Item: Clone {
    type Id: Copy + PartialEq + std::fmt::Display;
    const KIND: &'static str;
    fn id(&self) -> Self::Id;
    fn list(project: &mut Project) -> &mut Vec<Self>;
}

macro_rules! item {
    ($ty:ty, $id:ty, $kind:literal, $field:ident) => {
        impl Item for $ty {
            type Id = $id;
            const KIND: &'static str = $kind;
            fn id(&self) -> $id {
                self.id
            }
            fn list(project: &mut Project) -> &mut Vec<Self> {
                &mut project.$field
            }
        }
    };
}

item!(Document, DocumentId, "document", documents);
item!(Claim, ClaimId, "claim", claims);
item!(Source, SourceId, "source", sources);
item!(Tag, TagId, "tag", tags);
item!(Proposition, PropositionId, "proposition", propositions);
item!(Stance, StanceId, "stance", stances);
item!(DocumentSet, DocumentSetId, "document set", document_sets);

fn not_found<T: Item>(id: T::Id) -> EditError {
    EditError::NotFound {
        kind: T::KIND,
        id: id.to_string(),
    }
}

/// Inserts `item`; returns the index it landed at.
fn insert<T: Item>(project: &mut Project, at: Option<usize>, item: T) -> Result<(), EditError> {
    let list = T::list(project);
    if list.iter().any(|x| x.id() == item.id()) {
        return Err(EditError::Duplicate {
            kind: T::KIND,
            id: item.id().to_string(),
        });
    }
    let at = at.unwrap_or(list.len()).min(list.len());
    list.insert(at, item);
    Ok(())
}

/// Removes the item with `id`; returns it and where it was. Searched from the end:
/// undoing a batch removes what it appended, newest first, each found at once.
fn remove<T: Item>(project: &mut Project, id: T::Id) -> Result<(usize, T), EditError> {
    let list = T::list(project);
    let at = list
        .iter()
        .rposition(|x| x.id() == id)
        .ok_or_else(|| not_found::<T>(id))?;
    Ok((at, list.remove(at)))
}

/// Replaces the item with the same id; returns the old one.
fn update<T: Item>(project: &mut Project, item: T) -> Result<T, EditError> {
    let id = item.id();
    let slot = T::list(project)
        .iter_mut()
        .find(|x| x.id() == id)
        .ok_or_else(|| not_found::<T>(id))?;
    Ok(std::mem::replace(slot, item))
}

fn in_use(kind: &'static str, name: &str, claims: usize) -> Result<(), EditError> {
    if claims == 0 {
        Ok(())
    } else {
        Err(EditError::InUse {
            kind,
            name: format!("“{name}”"),
            claims,
        })
    }
}

/// Checks that everything a claim refers to exists and that its range fits.
/// `counted` keeps the length of the document last counted, so that the claims of
/// one long document count its text once, not once each.
fn check_claim(
    project: &Project,
    claim: &Claim,
    counted: &mut Option<(DocumentId, usize)>,
) -> Result<(), EditError> {
    let document = project
        .document(claim.document)
        .ok_or_else(|| not_found::<Document>(claim.document))?;
    if let Some(id) = claim.source {
        project.source(id).ok_or_else(|| not_found::<Source>(id))?;
    }
    if let Some(id) = claim.stance {
        project.stance(id).ok_or_else(|| not_found::<Stance>(id))?;
    }
    if let Some(id) = claim.proposition {
        project
            .proposition(id)
            .ok_or_else(|| not_found::<Proposition>(id))?;
    }
    for &id in &claim.tags {
        project.tag(id).ok_or_else(|| not_found::<Tag>(id))?;
    }
    if !claim.orphaned {
        let len = match *counted {
            Some((id, len)) if id == document.id => len,
            _ => {
                let len = document.char_len();
                *counted = Some((document.id, len));
                len
            }
        };
        if claim.range.end > len || claim.range.start > claim.range.end {
            return Err(EditError::RangeOutside {
                start: claim.range.start,
                end: claim.range.end,
                len,
            });
        }
    }
    Ok(())
}

/// Checks that every document of a set exists, and that none is listed twice.
fn check_set(project: &Project, set: &DocumentSet) -> Result<(), EditError> {
    for (at, &id) in set.documents.iter().enumerate() {
        project
            .document(id)
            .ok_or_else(|| not_found::<Document>(id))?;
        if set
            .documents
            .get(..at)
            .is_some_and(|before| before.contains(&id))
        {
            return Err(EditError::Duplicate {
                kind: "document in the set",
                id: id.to_string(),
            });
        }
    }
    Ok(())
}

/// Applies `edit` to `project` and returns the edit that undoes it.
///
/// An edit that cannot be applied changes nothing and returns an error; a
/// batch is applied whole or not at all.
pub fn apply(project: &mut Project, edit: Edit) -> Result<Edit, EditError> {
    apply_counted(project, edit, &mut None)
}

/// [`apply`], with the length of the document last counted kept in `counted` across
/// the edits of a batch (a batch of claim edits on one long document counts its text
/// once); any edit of a document forgets it.
fn apply_counted(
    project: &mut Project,
    edit: Edit,
    counted: &mut Option<(DocumentId, usize)>,
) -> Result<Edit, EditError> {
    if matches!(
        edit,
        Edit::InsertDocument { .. }
            | Edit::RemoveDocument(_)
            | Edit::UpdateDocument(_)
            | Edit::SetDocumentText { .. }
    ) {
        *counted = None;
    }
    Ok(match edit {
        Edit::InsertDocument { at, document } => {
            let id = document.id;
            insert(project, at, *document)?;
            Edit::RemoveDocument(id)
        }
        Edit::RemoveDocument(id) => {
            let users = project.claims_on(id).count();
            if let Some(document) = project.document(id) {
                in_use("document", &document.title, users)?;
            }
            let (at, document) = remove::<Document>(project, id)?;
            let insert = Edit::InsertDocument {
                at: Some(at),
                document: Box::new(document),
            };
            // The sets it was in, as they were: put back after the document.
            let mut sets = Vec::new();
            for set in &mut project.document_sets {
                if set.contains(id) {
                    sets.push(Edit::UpdateDocumentSet(set.clone()));
                    set.documents.retain(|&d| d != id);
                }
            }
            if sets.is_empty() {
                insert
            } else {
                sets.insert(0, insert);
                Edit::Batch(sets)
            }
        }
        Edit::UpdateDocument(document) => {
            Edit::UpdateDocument(Box::new(update(project, *document)?))
        }
        Edit::InsertClaim { at, claim } => {
            check_claim(project, &claim, counted)?;
            let id = claim.id;
            insert(project, at, *claim)?;
            Edit::RemoveClaim(id)
        }
        Edit::RemoveClaim(id) => {
            let (at, claim) = remove::<Claim>(project, id)?;
            Edit::InsertClaim {
                at: Some(at),
                claim: Box::new(claim),
            }
        }
        Edit::UpdateClaim(claim) => {
            check_claim(project, &claim, counted)?;
            Edit::UpdateClaim(Box::new(update(project, *claim)?))
        }
        Edit::InsertSource { at, source } => {
            let id = source.id;
            insert(project, at, source)?;
            Edit::RemoveSource(id)
        }
        Edit::RemoveSource(id) => {
            let users = project
                .claims
                .iter()
                .filter(|c| c.source == Some(id))
                .count();
            if let Some(source) = project.source(id) {
                in_use("source", &source.name, users)?;
            }
            let (at, source) = remove::<Source>(project, id)?;
            Edit::InsertSource {
                at: Some(at),
                source,
            }
        }
        Edit::UpdateSource(source) => Edit::UpdateSource(update(project, source)?),
        Edit::InsertTag { at, tag } => {
            let id = tag.id;
            insert(project, at, tag)?;
            Edit::RemoveTag(id)
        }
        Edit::RemoveTag(id) => {
            let users = project
                .claims
                .iter()
                .filter(|c| c.tags.contains(&id))
                .count();
            if let Some(tag) = project.tag(id) {
                in_use("tag", &tag.path, users)?;
            }
            let (at, tag) = remove::<Tag>(project, id)?;
            Edit::InsertTag { at: Some(at), tag }
        }
        Edit::UpdateTag(tag) => Edit::UpdateTag(update(project, tag)?),
        Edit::InsertProposition { at, proposition } => {
            let id = proposition.id;
            insert(project, at, proposition)?;
            Edit::RemoveProposition(id)
        }
        Edit::RemoveProposition(id) => {
            let users = project
                .claims
                .iter()
                .filter(|c| c.proposition == Some(id))
                .count();
            if let Some(proposition) = project.proposition(id) {
                in_use("proposition", &proposition.text, users)?;
            }
            let (at, proposition) = remove::<Proposition>(project, id)?;
            Edit::InsertProposition {
                at: Some(at),
                proposition,
            }
        }
        Edit::UpdateProposition(proposition) => {
            Edit::UpdateProposition(update(project, proposition)?)
        }
        Edit::InsertStance { at, stance } => {
            let id = stance.id;
            insert(project, at, stance)?;
            Edit::RemoveStance(id)
        }
        Edit::RemoveStance(id) => {
            let users = project
                .claims
                .iter()
                .filter(|c| c.stance == Some(id))
                .count();
            if let Some(stance) = project.stance(id) {
                in_use("stance", &stance.name, users)?;
            }
            let (at, stance) = remove::<Stance>(project, id)?;
            Edit::InsertStance {
                at: Some(at),
                stance,
            }
        }
        Edit::UpdateStance(stance) => Edit::UpdateStance(update(project, stance)?),
        Edit::InsertDocumentSet { at, set } => {
            check_set(project, &set)?;
            let id = set.id;
            insert(project, at, set)?;
            Edit::RemoveDocumentSet(id)
        }
        Edit::RemoveDocumentSet(id) => {
            let (at, set) = remove::<DocumentSet>(project, id)?;
            Edit::InsertDocumentSet { at: Some(at), set }
        }
        Edit::UpdateDocumentSet(set) => {
            check_set(project, &set)?;
            Edit::UpdateDocumentSet(update(project, set)?)
        }
        Edit::SetDocumentText { document, claims } => {
            let id = document.id;
            for claim in &claims {
                let known = project
                    .claim(claim.id)
                    .ok_or_else(|| not_found::<Claim>(claim.id))?;
                if known.document != id || claim.document != id {
                    return Err(not_found::<Claim>(claim.id));
                }
            }
            let old_document = update(project, *document)?;
            let mut old_claims = Vec::with_capacity(claims.len());
            for claim in claims {
                match check_claim(project, &claim, counted).and_then(|()| update(project, claim)) {
                    Ok(old) => old_claims.push(old),
                    Err(err) => {
                        // Put back what was replaced, then the text.
                        for old in old_claims {
                            let _ = update(project, old);
                        }
                        let _ = update(project, old_document);
                        return Err(err);
                    }
                }
            }
            Edit::SetDocumentText {
                document: Box::new(old_document),
                claims: old_claims,
            }
        }
        Edit::SetProjectInfo { title, description } => Edit::SetProjectInfo {
            title: std::mem::replace(&mut project.title, title),
            description: std::mem::replace(&mut project.description, description),
        },
        Edit::Batch(edits) => {
            let mut inverses = Vec::with_capacity(edits.len());
            let mut claim_ids = claim_ids_for(project, &edits);
            for edit in edits {
                let applied = match (claim_ids.as_mut(), edit) {
                    (Some(ids), Edit::InsertClaim { at, claim }) => {
                        insert_claim_indexed(project, at, claim, ids, counted)
                    }
                    (_, edit) => apply_counted(project, edit, counted),
                };
                match applied {
                    Ok(inverse) => inverses.push(inverse),
                    Err(err) => {
                        // Roll back what was done, newest first.
                        for inverse in inverses.into_iter().rev() {
                            // Inverses of edits that just succeeded always apply.
                            let _ = apply(project, inverse);
                        }
                        return Err(err);
                    }
                }
            }
            inverses.reverse();
            Edit::Batch(inverses)
        }
    })
}

/// How many claims a batch must add before their ids are checked against one set
/// of the project's claim ids rather than against the whole list each.
const INDEXED_CLAIM_INSERTS: usize = 32;

/// The ids of the project's claims, when `edits` add many claims and nothing in
/// them removes one (so the set stays true as the batch runs): an import of many
/// annotations then checks each new id in constant time, not by a scan of every
/// claim.
fn claim_ids_for(project: &Project, edits: &[Edit]) -> Option<HashSet<ClaimId>> {
    let inserts = edits
        .iter()
        .filter(|e| matches!(e, Edit::InsertClaim { .. }))
        .count();
    let keeps_ids = !edits
        .iter()
        .any(|e| matches!(e, Edit::RemoveClaim(_) | Edit::Batch(_)));
    (inserts >= INDEXED_CLAIM_INSERTS && keeps_ids)
        .then(|| project.claims.iter().map(|c| c.id).collect())
}

/// [`Edit::InsertClaim`] with the duplicate check done against `ids`, the set of
/// the project's claim ids, which gains the new one.
fn insert_claim_indexed(
    project: &mut Project,
    at: Option<usize>,
    claim: Box<Claim>,
    ids: &mut HashSet<ClaimId>,
    counted: &mut Option<(DocumentId, usize)>,
) -> Result<Edit, EditError> {
    check_claim(project, &claim, counted)?;
    let id = claim.id;
    if !ids.insert(id) {
        return Err(EditError::Duplicate {
            kind: Claim::KIND,
            id: id.to_string(),
        });
    }
    let list = &mut project.claims;
    let at = at.unwrap_or(list.len()).min(list.len());
    list.insert(at, *claim);
    Ok(Edit::RemoveClaim(id))
}

/// What differs between two versions of one list, matched by id.
struct ListChanges<T, Id> {
    /// Items only in the new list.
    added: Vec<T>,
    /// Items in both whose content differs (the new content).
    changed: Vec<T>,
    /// Ids only in the old list.
    removed: Vec<Id>,
}

fn list_changes<T: Clone + PartialEq, Id: Copy + Eq + std::hash::Hash>(
    from: &[T],
    to: &[T],
    id: impl Fn(&T) -> Id,
) -> ListChanges<T, Id> {
    let old: std::collections::HashMap<Id, &T> = from.iter().map(|item| (id(item), item)).collect();
    let new: std::collections::HashSet<Id> = to.iter().map(&id).collect();
    let mut changes = ListChanges {
        added: Vec::new(),
        changed: Vec::new(),
        removed: from.iter().map(&id).filter(|i| !new.contains(i)).collect(),
    };
    for item in to {
        match old.get(&id(item)) {
            None => changes.added.push(item.clone()),
            Some(before) if *before != item => changes.changed.push(item.clone()),
            Some(_) => {}
        }
    }
    changes
}

/// Builders for edits that touch several things at once.
impl Edit {
    /// The edit that turns project `from` into project `to` (matched by id), as
    /// one batch: new and changed documents and vocabulary first, then the
    /// claims, then what no claim uses any more. Used to take a merged or
    /// reloaded project as one undoable step. Items keep their order except
    /// that additions go at the end of their lists.
    pub fn transform(from: &Project, to: &Project) -> Self {
        let mut edits = Vec::new();
        let mut removals = Vec::new();
        let documents = list_changes(&from.documents, &to.documents, |d| d.id);
        edits.extend(documents.added.into_iter().map(Edit::add_document));
        edits.extend(
            documents
                .changed
                .into_iter()
                .map(|d| Edit::UpdateDocument(Box::new(d))),
        );
        removals.extend(documents.removed.into_iter().map(Edit::RemoveDocument));
        let sources = list_changes(&from.sources, &to.sources, |s| s.id);
        edits.extend(
            sources
                .added
                .into_iter()
                .map(|source| Edit::InsertSource { at: None, source }),
        );
        edits.extend(sources.changed.into_iter().map(Edit::UpdateSource));
        removals.extend(sources.removed.into_iter().map(Edit::RemoveSource));
        let tags = list_changes(&from.tags, &to.tags, |t| t.id);
        edits.extend(
            tags.added
                .into_iter()
                .map(|tag| Edit::InsertTag { at: None, tag }),
        );
        edits.extend(tags.changed.into_iter().map(Edit::UpdateTag));
        removals.extend(tags.removed.into_iter().map(Edit::RemoveTag));
        let propositions = list_changes(&from.propositions, &to.propositions, |p| p.id);
        edits.extend(
            propositions
                .added
                .into_iter()
                .map(|proposition| Edit::InsertProposition {
                    at: None,
                    proposition,
                }),
        );
        edits.extend(
            propositions
                .changed
                .into_iter()
                .map(Edit::UpdateProposition),
        );
        removals.extend(
            propositions
                .removed
                .into_iter()
                .map(Edit::RemoveProposition),
        );
        let stances = list_changes(&from.stances, &to.stances, |s| s.id);
        edits.extend(
            stances
                .added
                .into_iter()
                .map(|stance| Edit::InsertStance { at: None, stance }),
        );
        edits.extend(stances.changed.into_iter().map(Edit::UpdateStance));
        removals.extend(stances.removed.into_iter().map(Edit::RemoveStance));
        // Sets after the documents they hold are added; a removed document leaves
        // its sets by itself.
        let sets = list_changes(&from.document_sets, &to.document_sets, |s| s.id);
        edits.extend(
            sets.added
                .into_iter()
                .map(|set| Edit::InsertDocumentSet { at: None, set }),
        );
        edits.extend(sets.changed.into_iter().map(Edit::UpdateDocumentSet));
        removals.extend(sets.removed.into_iter().map(Edit::RemoveDocumentSet));
        let claims = list_changes(&from.claims, &to.claims, |c| c.id);
        edits.extend(claims.removed.into_iter().map(Edit::RemoveClaim));
        edits.extend(
            claims
                .changed
                .into_iter()
                .map(|c| Edit::UpdateClaim(Box::new(c))),
        );
        edits.extend(claims.added.into_iter().map(Edit::add_claim));
        edits.extend(removals);
        if from.title != to.title || from.description != to.description {
            edits.push(Edit::SetProjectInfo {
                title: to.title.clone(),
                description: to.description.clone(),
            });
        }
        Edit::Batch(edits)
    }

    /// Adds a claim at the end of the list.
    pub fn add_claim(claim: Claim) -> Self {
        Self::InsertClaim {
            at: None,
            claim: Box::new(claim),
        }
    }

    /// Adds a document at the end of the list.
    pub fn add_document(document: Document) -> Self {
        Self::InsertDocument {
            at: None,
            document: Box::new(document),
        }
    }

    /// Removes a document together with its claims.
    pub fn remove_document(project: &Project, id: DocumentId) -> Self {
        let mut edits: Vec<Edit> = project
            .claims_on(id)
            .map(|c| Edit::RemoveClaim(c.id))
            .collect();
        edits.push(Edit::RemoveDocument(id));
        Edit::Batch(edits)
    }

    /// Changes every claim that `change` alters, as one batch followed by `then`.
    fn rewrite_claims(
        project: &Project,
        mut change: impl FnMut(&mut Claim) -> bool,
        then: Option<Edit>,
    ) -> Self {
        let mut edits: Vec<Edit> = project
            .claims
            .iter()
            .filter_map(|claim| {
                let mut claim = claim.clone();
                change(&mut claim).then(|| Edit::UpdateClaim(Box::new(claim)))
            })
            .collect();
        edits.extend(then);
        Edit::Batch(edits)
    }

    /// Removes a source; its claims fall back to their document's outlet.
    pub fn remove_source(project: &Project, id: SourceId) -> Self {
        Self::merge_source(project, id, None)
    }

    /// Moves every claim of source `from` to `into` (or to no source) and removes `from`.
    pub fn merge_source(project: &Project, from: SourceId, into: Option<SourceId>) -> Self {
        Self::rewrite_claims(
            project,
            |c| {
                let hit = c.source == Some(from);
                if hit {
                    c.source = into;
                }
                hit
            },
            Some(Edit::RemoveSource(from)),
        )
    }

    /// Removes a tag from every claim and from the project.
    pub fn remove_tag(project: &Project, id: TagId) -> Self {
        Self::merge_tag(project, id, None)
    }

    /// Replaces tag `from` by `into` (or by nothing) on every claim and removes `from`.
    pub fn merge_tag(project: &Project, from: TagId, into: Option<TagId>) -> Self {
        Self::rewrite_claims(
            project,
            |c| {
                let Some(at) = c.tags.iter().position(|&t| t == from) else {
                    return false;
                };
                c.tags.remove(at);
                if let Some(into) = into
                    && !c.tags.contains(&into)
                {
                    c.tags.insert(at, into);
                }
                true
            },
            Some(Edit::RemoveTag(from)),
        )
    }

    /// Removes a proposition; its claims bear on none.
    pub fn remove_proposition(project: &Project, id: PropositionId) -> Self {
        Self::merge_proposition(project, id, None)
    }

    /// Moves every claim on proposition `from` to `into` and removes `from`.
    pub fn merge_proposition(
        project: &Project,
        from: PropositionId,
        into: Option<PropositionId>,
    ) -> Self {
        Self::rewrite_claims(
            project,
            |c| {
                let hit = c.proposition == Some(from);
                if hit {
                    c.proposition = into;
                }
                hit
            },
            Some(Edit::RemoveProposition(from)),
        )
    }

    /// Removes a stance from the scale; its claims take none.
    pub fn remove_stance(project: &Project, id: StanceId) -> Self {
        Self::merge_stance(project, id, None)
    }

    /// Moves every claim of stance `from` to `into` and removes `from`.
    pub fn merge_stance(project: &Project, from: StanceId, into: Option<StanceId>) -> Self {
        Self::rewrite_claims(
            project,
            |c| {
                let hit = c.stance == Some(from);
                if hit {
                    c.stance = into;
                }
                hit
            },
            Some(Edit::RemoveStance(from)),
        )
    }

    /// Whether the edit changes nothing (an empty batch).
    pub fn is_empty(&self) -> bool {
        matches!(self, Edit::Batch(edits) if edits.iter().all(Edit::is_empty))
    }
}

/// One undoable step.
#[derive(Clone, Debug)]
struct Step {
    /// Identifies the project state after the step, for the dirty flag.
    id: u64,
    /// What the step did, for the Edit menu ("Create claim").
    label: String,
    /// The edit that takes the project back across the step.
    edit: Edit,
    /// Steps with the same key in a row merge into one (a burst of typing).
    coalesce: Option<String>,
}

/// A state of a project's history, as [`History::save_point`] gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SavePoint(u64);

/// Undo and redo over the edits applied to one project.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    next_id: u64,
    /// The id of the state last saved (0: the state the history started from).
    saved: u64,
    /// Set when the project was changed outside the history (and so differs from the file).
    changed_outside: bool,
}

impl History {
    /// An empty history of a project as it is on disk.
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies `edit` as one step labelled `label`.
    pub fn apply(
        &mut self,
        project: &mut Project,
        edit: Edit,
        label: impl Into<String>,
    ) -> Result<(), EditError> {
        self.apply_step(project, edit, label.into(), None)
    }

    /// Applies `edit`, merging it into the previous step when that step has the
    /// same `key`: a burst of typing into one field undoes as one step.
    pub fn apply_coalescing(
        &mut self,
        project: &mut Project,
        edit: Edit,
        label: impl Into<String>,
        key: impl Into<String>,
    ) -> Result<(), EditError> {
        self.apply_step(project, edit, label.into(), Some(key.into()))
    }

    fn apply_step(
        &mut self,
        project: &mut Project,
        edit: Edit,
        label: String,
        coalesce: Option<String>,
    ) -> Result<(), EditError> {
        let inverse = apply(project, edit)?;
        let merges = coalesce.is_some()
            && self.redo.is_empty()
            && self
                .undo
                .last()
                .is_some_and(|top| top.coalesce == coalesce && top.id != self.saved);
        self.redo.clear();
        if merges {
            // The older inverse already restores the state before the burst.
            return Ok(());
        }
        self.next_id += 1;
        self.undo.push(Step {
            id: self.next_id,
            label,
            edit: inverse,
            coalesce,
        });
        Ok(())
    }

    /// Ends a burst: the next coalescing edit starts a new step.
    pub fn seal(&mut self) {
        if let Some(top) = self.undo.last_mut() {
            top.coalesce = None;
        }
    }

    /// Undoes the last step; returns its label, or `None` when there is nothing to undo.
    pub fn undo(&mut self, project: &mut Project) -> Result<Option<String>, EditError> {
        let Some(step) = self.undo.pop() else {
            return Ok(None);
        };
        match apply(project, step.edit.clone()) {
            Ok(redo) => {
                let label = step.label.clone();
                self.redo.push(Step {
                    edit: redo,
                    coalesce: None,
                    ..step
                });
                Ok(Some(label))
            }
            Err(err) => {
                self.undo.push(step);
                Err(err)
            }
        }
    }

    /// Redoes the last undone step; returns its label, or `None` when there is nothing to redo.
    pub fn redo(&mut self, project: &mut Project) -> Result<Option<String>, EditError> {
        let Some(step) = self.redo.pop() else {
            return Ok(None);
        };
        match apply(project, step.edit.clone()) {
            Ok(undo) => {
                let label = step.label.clone();
                self.undo.push(Step { edit: undo, ..step });
                Ok(Some(label))
            }
            Err(err) => {
                self.redo.push(step);
                Err(err)
            }
        }
    }

    /// The label of the step that undo would take back.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    /// The label of the step that redo would do again.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    /// Whether the project differs from what was last saved or loaded.
    pub fn is_dirty(&self) -> bool {
        self.changed_outside || self.undo.last().map_or(0, |s| s.id) != self.saved
    }

    /// Records that the project as it is now has been saved.
    pub fn mark_saved(&mut self) {
        self.seal();
        self.saved = self.undo.last().map_or(0, |s| s.id);
        self.changed_outside = false;
    }

    /// The state the project is in now, to be marked saved later with
    /// [`Self::mark_saved_at`] (a save written on another thread).
    pub fn save_point(&self) -> SavePoint {
        SavePoint(self.undo.last().map_or(0, |s| s.id))
    }

    /// Records that the project as it was at `point` has been saved: edits made
    /// since then stay unsaved (and undoing back to `point` makes it clean).
    pub fn mark_saved_at(&mut self, point: SavePoint) {
        self.saved = point.0;
        self.changed_outside = false;
    }

    /// Records that the project was changed outside the history (for
    /// example, claims re-anchored on load) and so differs from its file.
    pub fn mark_changed(&mut self) {
        self.changed_outside = true;
    }

    /// How many steps can be undone.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CharRange, Colour};

    /// A small project with one of everything.
    fn fixture() -> (Project, Claim) {
        let mut project = Project::new("test");
        let document = Document::new("Azot", "Haidai said 568 civilians remain at Azot.");
        let source = Source::new("Serhiy Haidai");
        let tag = Tag::new("casualties/civilian", Colour::palette(1));
        let proposition = Proposition::new("Civilians sheltering in the Azot plant");
        let mut claim = Claim::new(&document, CharRange::new(12, 25), "ana").expect("in range");
        claim.source = Some(source.id);
        claim.tags = vec![tag.id];
        claim.proposition = Some(proposition.id);
        claim.stance = Some(Stance::SUPPORTS);
        project.documents.push(document);
        project.sources.push(source);
        project.tags.push(tag);
        project.propositions.push(proposition);
        project.claims.push(claim.clone());
        (project, claim)
    }

    /// Applies `edit`, checks it changed the project, then that its inverse restores it exactly.
    fn round_trip(project: &Project, edit: Edit) -> Project {
        let mut changed = project.clone();
        let inverse = apply(&mut changed, edit).expect("edit applies");
        assert_ne!(&changed, project, "the edit changed nothing");
        let after = changed.clone();
        let mut restored = changed;
        let again = apply(&mut restored, inverse).expect("inverse applies");
        assert_eq!(
            &restored, project,
            "the inverse did not restore the project"
        );
        // And the inverse of the inverse redoes the edit.
        apply(&mut restored, again).expect("redo applies");
        assert_eq!(restored, after);
        after
    }

    #[test]
    fn a_large_batch_of_claims_is_checked_for_repeated_ids_and_undone_whole() {
        let (project, claim) = fixture();
        let many = |n: usize| -> Vec<Edit> {
            (0..n)
                .map(|_| {
                    let mut fresh = claim.clone();
                    fresh.id = ClaimId::random();
                    Edit::add_claim(fresh)
                })
                .collect()
        };
        // Many new claims: added, and one undo takes them all back.
        let after = round_trip(&project, Edit::Batch(many(INDEXED_CLAIM_INSERTS * 2)));
        assert_eq!(after.claims.len(), 1 + INDEXED_CLAIM_INSERTS * 2);
        // A claim the project has already, or one the batch adds twice, is refused
        // and the whole batch rolled back.
        for repeat in [claim.clone(), {
            let mut twice = claim.clone();
            twice.id = ClaimId::random();
            twice
        }] {
            let mut edits = many(INDEXED_CLAIM_INSERTS * 2);
            edits.push(Edit::add_claim(repeat.clone()));
            edits.push(Edit::add_claim(repeat));
            let mut changed = project.clone();
            let err = apply(&mut changed, Edit::Batch(edits)).expect_err("a repeated id");
            assert!(matches!(err, EditError::Duplicate { .. }), "{err}");
            assert_eq!(changed, project, "the batch was not rolled back");
        }
    }

    #[test]
    fn a_batch_checks_claims_against_the_text_its_own_edits_left() {
        let (mut project, claim) = fixture();
        let mut moved = claim.clone();
        moved.range = CharRange::new(30, 38);
        // Fits the text as it is: the batch counts the document once for both claims.
        let fits = Edit::Batch(vec![
            Edit::UpdateClaim(Box::new(claim.clone())),
            Edit::UpdateClaim(Box::new(moved.clone())),
        ]);
        let before = project.clone();
        let inverse = apply(&mut project, fits).expect("fits the text");
        apply(&mut project, inverse).expect("undoes");
        assert_eq!(project, before);
        // The same claim after the batch shortened the text: refused, nothing changed.
        let mut short = project.documents[0].clone();
        short.text = "Haidai said 568 civilians.".to_owned();
        let shortened = Edit::Batch(vec![
            Edit::UpdateClaim(Box::new(claim)),
            Edit::UpdateDocument(Box::new(short)),
            Edit::UpdateClaim(Box::new(moved)),
        ]);
        let err = apply(&mut project, shortened).expect_err("outside the shortened text");
        assert!(
            matches!(err, EditError::RangeOutside { len: 26, .. }),
            "{err:?}"
        );
        assert_eq!(project, before);
    }

    #[test]
    fn every_edit_kind_inverts() {
        let (project, claim) = fixture();
        let document = project.documents[0].clone();
        let source = project.sources[0].clone();
        let tag = project.tags[0].clone();
        let proposition = project.propositions[0].clone();

        let new_doc = Document::new("Other", "Another text.");
        round_trip(&project, Edit::add_document(new_doc));
        let mut retitled = document.clone();
        retitled.title = "Renamed".into();
        round_trip(&project, Edit::UpdateDocument(Box::new(retitled)));
        round_trip(&project, Edit::remove_document(&project, document.id));

        let second = Claim::new(&document, CharRange::new(0, 6), "ana").expect("in range");
        round_trip(&project, Edit::add_claim(second));
        let mut noted = claim.clone();
        noted.note = "Haidai repeats this on Telegram".into();
        round_trip(&project, Edit::UpdateClaim(Box::new(noted)));
        round_trip(&project, Edit::RemoveClaim(claim.id));

        round_trip(
            &project,
            Edit::InsertSource {
                at: Some(0),
                source: Source::new("TASS"),
            },
        );
        let mut renamed = source.clone();
        renamed.name = "Serhiy Gaidai".into();
        round_trip(&project, Edit::UpdateSource(renamed));
        round_trip(&project, Edit::remove_source(&project, source.id));

        round_trip(
            &project,
            Edit::InsertTag {
                at: None,
                tag: Tag::new("figures", Colour::palette(2)),
            },
        );
        let mut recoloured = tag.clone();
        recoloured.colour = Colour::rgb(1, 2, 3);
        round_trip(&project, Edit::UpdateTag(recoloured));
        round_trip(&project, Edit::remove_tag(&project, tag.id));

        round_trip(
            &project,
            Edit::InsertProposition {
                at: None,
                proposition: Proposition::new("Troops at Azot"),
            },
        );
        let mut reworded = proposition.clone();
        reworded.text = "Civilians at Azot".into();
        round_trip(&project, Edit::UpdateProposition(reworded));
        round_trip(&project, Edit::remove_proposition(&project, proposition.id));

        let stance = Stance {
            name: "Exaggerates".into(),
            ..Stance::default()
        };
        round_trip(&project, Edit::InsertStance { at: None, stance });
        let mut supports = project.stances[0].clone();
        supports.name = "Confirms".into();
        round_trip(&project, Edit::UpdateStance(supports));
        round_trip(&project, Edit::remove_stance(&project, Stance::SUPPORTS));

        round_trip(
            &project,
            Edit::SetProjectInfo {
                title: "Severodonetsk".into(),
                description: "June 2022".into(),
            },
        );
    }

    #[test]
    fn merging_sources_moves_their_claims() {
        let (mut project, claim) = fixture();
        let gaidai = Source::new("Gaidai");
        let gaidai_id = gaidai.id;
        let haidai_id = project.sources[0].id;
        project.sources.push(gaidai);
        let mut other =
            Claim::new(&project.documents[0], CharRange::new(0, 6), "ana").expect("in range");
        other.source = Some(gaidai_id);
        project.claims.push(other.clone());

        let after = round_trip(
            &project,
            Edit::merge_source(&project, gaidai_id, Some(haidai_id)),
        );
        assert!(after.source(gaidai_id).is_none());
        assert_eq!(
            after.claim(other.id).and_then(|c| c.source),
            Some(haidai_id)
        );
        assert_eq!(
            after.claim(claim.id).and_then(|c| c.source),
            Some(haidai_id)
        );
    }

    #[test]
    fn merging_tags_does_not_duplicate() {
        let (mut project, claim) = fixture();
        let figures = Tag::new("figures", Colour::palette(3));
        let figures_id = figures.id;
        let civilian = project.tags[0].id;
        project.tags.push(figures);
        project.claims[0].tags.push(figures_id);
        let after = round_trip(
            &project,
            Edit::merge_tag(&project, figures_id, Some(civilian)),
        );
        assert_eq!(
            after.claim(claim.id).map(|c| c.tags.clone()),
            Some(vec![civilian])
        );
    }

    #[test]
    fn bad_edits_change_nothing() {
        let (project, claim) = fixture();
        let mut p = project.clone();
        let source = project.sources[0].id;
        assert!(matches!(
            apply(&mut p, Edit::RemoveSource(source)),
            Err(EditError::InUse { claims: 1, .. })
        ));
        assert!(matches!(
            apply(&mut p, Edit::add_claim(claim.clone())),
            Err(EditError::Duplicate { .. })
        ));
        let mut dangling = claim.clone();
        dangling.id = ClaimId::random();
        dangling.source = Some(SourceId::random());
        assert!(matches!(
            apply(&mut p, Edit::add_claim(dangling)),
            Err(EditError::NotFound { kind: "source", .. })
        ));
        let mut outside = claim.clone();
        outside.range = CharRange::new(10, 500);
        assert!(matches!(
            apply(&mut p, Edit::UpdateClaim(Box::new(outside))),
            Err(EditError::RangeOutside { .. })
        ));
        // A batch whose second edit fails leaves the first undone too.
        let batch = Edit::Batch(vec![
            Edit::SetProjectInfo {
                title: "changed".into(),
                description: String::new(),
            },
            Edit::RemoveClaim(ClaimId::random()),
        ]);
        assert!(apply(&mut p, batch).is_err());
        assert_eq!(p, project);
    }

    #[test]
    fn history_undoes_redoes_and_tracks_dirty() {
        let (mut project, claim) = fixture();
        let original = project.clone();
        let mut history = History::new();
        assert!(!history.is_dirty());
        assert_eq!(history.undo(&mut project), Ok(None));

        history
            .apply(&mut project, Edit::RemoveClaim(claim.id), "Delete claim")
            .expect("applies");
        assert!(history.is_dirty());
        assert_eq!(history.undo_label(), Some("Delete claim"));
        assert_eq!(history.undo(&mut project), Ok(Some("Delete claim".into())));
        assert_eq!(project, original);
        assert!(!history.is_dirty(), "back at the saved state");
        assert_eq!(history.redo_label(), Some("Delete claim"));
        assert_eq!(history.redo(&mut project), Ok(Some("Delete claim".into())));
        assert!(project.claim(claim.id).is_none());

        history.mark_saved();
        assert!(!history.is_dirty());
        history.undo(&mut project).expect("undo");
        assert!(history.is_dirty(), "undoing past a save dirties");
        history.redo(&mut project).expect("redo");
        assert!(!history.is_dirty());

        // A new edit clears the redo list.
        history.undo(&mut project).expect("undo");
        history
            .apply(
                &mut project,
                Edit::SetProjectInfo {
                    title: "x".into(),
                    description: String::new(),
                },
                "Rename project",
            )
            .expect("applies");
        assert_eq!(history.redo_label(), None);

        history.mark_changed();
        assert!(history.is_dirty());
        history.mark_saved();
        assert!(!history.is_dirty());
    }

    #[test]
    fn typing_bursts_undo_as_one_step() {
        let (mut project, claim) = fixture();
        let original = project.clone();
        let mut history = History::new();
        let key = format!("note:{}", claim.id);
        for text in ["H", "Ha", "Hai"] {
            let mut edited = claim.clone();
            edited.note = text.into();
            history
                .apply_coalescing(
                    &mut project,
                    Edit::UpdateClaim(Box::new(edited)),
                    "Edit note",
                    &key,
                )
                .expect("applies");
        }
        assert_eq!(history.undo_len(), 1);
        history.seal();
        let mut edited = claim.clone();
        edited.note = "Haidai".into();
        history
            .apply_coalescing(
                &mut project,
                Edit::UpdateClaim(Box::new(edited)),
                "Edit note",
                &key,
            )
            .expect("applies");
        assert_eq!(history.undo_len(), 2);
        history.undo(&mut project).expect("undo");
        assert_eq!(
            project.claim(claim.id).map(|c| c.note.as_str()),
            Some("Hai")
        );
        history.undo(&mut project).expect("undo");
        assert_eq!(project, original);
    }

    #[test]
    fn document_sets_are_added_renamed_filled_and_removed_each_undoably() {
        let (project, _) = fixture();
        let document = project.documents[0].id;
        let mut set = DocumentSet::new("Ukrainian outlets");
        let added = round_trip(
            &project,
            Edit::InsertDocumentSet {
                at: None,
                set: set.clone(),
            },
        );
        assert_eq!(added.document_sets, vec![set.clone()]);
        set.name = "Ukrainian press".into();
        set.documents = vec![document];
        let changed = round_trip(&added, Edit::UpdateDocumentSet(set.clone()));
        assert_eq!(changed.document_set(set.id), Some(&set));
        let removed = round_trip(&changed, Edit::RemoveDocumentSet(set.id));
        assert!(removed.document_sets.is_empty());
        assert_eq!(removed.documents, changed.documents);
    }

    #[test]
    fn a_set_must_name_existing_documents_each_once() {
        let (mut project, _) = fixture();
        let before = project.clone();
        let mut set = DocumentSet::new("Ghosts");
        set.documents = vec![DocumentId::random()];
        let missing = apply(
            &mut project,
            Edit::InsertDocumentSet {
                at: None,
                set: set.clone(),
            },
        );
        assert!(matches!(
            missing,
            Err(EditError::NotFound {
                kind: "document",
                ..
            })
        ));
        let document = project.documents[0].id;
        set.documents = vec![document, document];
        let twice = apply(&mut project, Edit::InsertDocumentSet { at: None, set });
        assert!(matches!(twice, Err(EditError::Duplicate { .. })));
        assert_eq!(project, before);
        assert!(matches!(
            apply(
                &mut project,
                Edit::RemoveDocumentSet(DocumentSetId::random())
            ),
            Err(EditError::NotFound {
                kind: "document set",
                ..
            })
        ));
    }

    #[test]
    fn removing_a_document_takes_it_out_of_its_sets_and_undo_puts_it_back() {
        let (mut project, _) = fixture();
        let other = Document::new("Other", "Kozlov denied it.");
        let document = project.documents[0].id;
        let mut both = DocumentSet::new("Both");
        both.documents = vec![document, other.id];
        let mut elsewhere = DocumentSet::new("Elsewhere");
        elsewhere.documents = vec![other.id];
        project.documents.push(other.clone());
        project.document_sets = vec![both.clone(), elsewhere.clone()];
        let mut history = History::new();
        let original = project.clone();
        history
            .apply(
                &mut project,
                Edit::remove_document(&original, document),
                "Remove",
            )
            .expect("removes");
        assert!(project.document(document).is_none());
        assert_eq!(project.document_sets[0].documents, vec![other.id]);
        assert_eq!(project.document_sets[1], elsewhere);
        history.undo(&mut project).expect("undo");
        assert_eq!(project, original);
        history.redo(&mut project).expect("redo");
        assert_eq!(project.document_sets[0].documents, vec![other.id]);
        history.undo(&mut project).expect("undo again");
        assert_eq!(project, original);
    }

    #[test]
    fn transform_carries_document_sets() {
        let (from, _) = fixture();
        let mut to = from.clone();
        let fresh = Document::new("New", "A new text.");
        let mut set = DocumentSet::new("New and old");
        set.documents = vec![fresh.id, from.documents[0].id];
        to.documents.push(fresh);
        to.document_sets.push(set);
        let mut project = from.clone();
        apply(&mut project, Edit::transform(&from, &to)).expect("applies");
        assert_eq!(project, to);
        apply(&mut project, Edit::transform(&to, &from)).expect("and back");
        assert_eq!(project, from);
    }
}
