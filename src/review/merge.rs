//! A three-way merge of project files that loses nothing.
//!
//! Items are matched by id. Additions on either side are kept; a deletion wins
//! only over an unchanged item; a field changed on one side takes that change;
//! a field changed differently on both sides keeps ours and records theirs —
//! on a claim as a conflict note with a "discuss" review, elsewhere in the list
//! of conflicts. References are repaired so the result never dangles.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::Hash;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::io::project_file::MAX_TEXT_CHARS;
use crate::model::{
    Claim, ClaimId, Document, DocumentId, DocumentSet, DocumentSetId, Project, Proposition,
    PropositionId, Review, ReviewStatus, Source, SourceId, Stance, StanceId, Tag, TagId,
    now_rfc3339,
};

/// The reviewer named on claims that a merge marks for discussion.
pub const MERGE_REVIEWER: &str = "merge";

/// The merged project and what could not be merged cleanly.
#[derive(Clone, Debug)]
pub struct MergeResult {
    /// The merged project.
    pub project: Project,
    /// One sentence per conflict; empty when the merge is clean.
    pub conflicts: Vec<String>,
}

/// Something with an id that a merge matches on.
trait Keyed: Clone + PartialEq + Serialize + DeserializeOwned {
    /// The id type.
    type Id: Copy + Eq + Hash;
    /// Its id.
    fn key(&self) -> Self::Id;
    /// A name for conflict messages.
    fn describe(&self) -> String;
}

impl Keyed for Document {
    type Id = DocumentId;
    fn key(&self) -> DocumentId {
        self.id
    }
    fn describe(&self) -> String {
        self.label()
    }
}

impl Keyed for Source {
    type Id = SourceId;
    fn key(&self) -> SourceId {
        self.id
    }
    fn describe(&self) -> String {
        format!("source “{}”", self.name)
    }
}

impl Keyed for Tag {
    type Id = TagId;
    fn key(&self) -> TagId {
        self.id
    }
    fn describe(&self) -> String {
        format!("tag “{}”", self.path)
    }
}

impl Keyed for Proposition {
    type Id = PropositionId;
    fn key(&self) -> PropositionId {
        self.id
    }
    fn describe(&self) -> String {
        format!("proposition “{}”", super::short_quote(&self.text))
    }
}

impl Keyed for Stance {
    type Id = StanceId;
    fn key(&self) -> StanceId {
        self.id
    }
    fn describe(&self) -> String {
        format!("stance “{}”", self.name)
    }
}

impl Keyed for DocumentSet {
    type Id = DocumentSetId;
    fn key(&self) -> DocumentSetId {
        self.id
    }
    fn describe(&self) -> String {
        self.label()
    }
}

impl Keyed for Claim {
    type Id = ClaimId;
    fn key(&self) -> ClaimId {
        self.id
    }
    fn describe(&self) -> String {
        format!(
            "claim {} “{}”",
            self.id.short(),
            super::short_quote(&self.quote.exact)
        )
    }
}

/// What happened to one item in a merge.
enum Merged<T> {
    /// Kept, cleanly or with these fields conflicting: (field, theirs' value).
    Kept(T, Vec<(String, Value)>),
    /// Deleted on one side though changed on the other, and so kept: the side that deleted it.
    KeptDespiteDeletion(T, &'static str),
}

/// Field-by-field three-way merge of two JSON objects; returns the conflicts (field, theirs).
fn merge_objects(
    base: Option<&Map<String, Value>>,
    ours: &Map<String, Value>,
    theirs: &Map<String, Value>,
) -> (Map<String, Value>, Vec<(String, Value)>) {
    let mut merged = ours.clone();
    let mut conflicts = Vec::new();
    for (key, their_value) in theirs {
        let our_value = ours.get(key);
        if our_value == Some(their_value) {
            continue;
        }
        let base_value = base.and_then(|b| b.get(key));
        if base_value.is_some() && base_value == our_value {
            merged.insert(key.clone(), their_value.clone());
        } else if base_value == Some(their_value) {
            // Only ours changed it.
        } else if our_value.is_none() {
            merged.insert(key.clone(), their_value.clone());
        } else {
            conflicts.push((key.clone(), their_value.clone()));
        }
    }
    // A field written only when set (a claim's re-anchoring record) that theirs cleared.
    for (key, our_value) in ours {
        if theirs.contains_key(key) {
            continue;
        }
        match base.and_then(|b| b.get(key)) {
            Some(base_value) if base_value == our_value => {
                merged.remove(key);
            }
            Some(_) => conflicts.push((key.clone(), Value::Null)),
            // Only ours set it.
            None => {}
        }
    }
    (merged, conflicts)
}

/// An item as a JSON object (items are plain structs, so this always is one).
fn object<T: Serialize>(item: &T) -> Map<String, Value> {
    match serde_json::to_value(item) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// Merges one item present in `ours` and `theirs` (and maybe `base`).
fn merge_item<T: Keyed>(
    base: Option<&T>,
    ours: &T,
    theirs: &T,
    prepare: &impl Fn(Option<&T>, &T, &T) -> (T, T),
) -> (T, Vec<(String, Value)>) {
    if ours == theirs {
        return (ours.clone(), Vec::new());
    }
    let (ours_prepared, theirs_prepared) = prepare(base, ours, theirs);
    let base_object = base.map(object);
    let (merged, conflicts) = merge_objects(
        base_object.as_ref(),
        &object(&ours_prepared),
        &object(&theirs_prepared),
    );
    match serde_json::from_value::<T>(Value::Object(merged)) {
        Ok(item) => (item, conflicts),
        // Cannot happen for our own types; keep ours rather than lose it.
        Err(_) => (ours_prepared, conflicts),
    }
}

/// Three-way merge of one list by id: ours' order, then theirs' additions.
fn merge_list<T: Keyed>(
    base: &[T],
    ours: &[T],
    theirs: &[T],
    prepare: impl Fn(Option<&T>, &T, &T) -> (T, T),
) -> Vec<Merged<T>> {
    let base_by: HashMap<T::Id, &T> = base.iter().map(|t| (t.key(), t)).collect();
    let ours_by: HashMap<T::Id, &T> = ours.iter().map(|t| (t.key(), t)).collect();
    let theirs_by: HashMap<T::Id, &T> = theirs.iter().map(|t| (t.key(), t)).collect();
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for item in ours {
        if !seen.insert(item.key()) {
            continue;
        }
        let base_item = base_by.get(&item.key()).copied();
        match (base_item, theirs_by.get(&item.key())) {
            (base_item, Some(their)) => {
                let (merged, conflicts) = merge_item(base_item, item, their, &prepare);
                out.push(Merged::Kept(merged, conflicts));
            }
            (None, None) => out.push(Merged::Kept(item.clone(), Vec::new())),
            (Some(base_item), None) => {
                if base_item != item {
                    out.push(Merged::KeptDespiteDeletion(item.clone(), "theirs"));
                }
            }
        }
    }
    for item in theirs {
        if ours_by.contains_key(&item.key()) || !seen.insert(item.key()) {
            continue;
        }
        match base_by.get(&item.key()) {
            None => out.push(Merged::Kept(item.clone(), Vec::new())),
            Some(base_item) => {
                if *base_item != item {
                    out.push(Merged::KeptDespiteDeletion(item.clone(), "ours"));
                }
            }
        }
    }
    out
}

/// Unwraps merged vocabulary, recording conflicts as sentences, on the item's
/// note when `note` gives it one.
fn settle<T: Keyed>(
    merged: Vec<Merged<T>>,
    conflicts: &mut Vec<String>,
    note: impl Fn(&mut T) -> Option<&mut String>,
) -> Vec<T> {
    let noted = |item: &mut T, sentence: &Sentence| match note(item) {
        Some(note) => append_within(note, sentence),
        None => sentence.full.clone(),
    };
    merged
        .into_iter()
        .map(|m| match m {
            Merged::Kept(mut item, fields) => {
                for (field, theirs) in fields {
                    let sentence = match field.as_str() {
                        // The fingerprint goes with the text; one sentence is enough.
                        "fingerprint" => continue,
                        "text" => Sentence::plain("Merge conflict: theirs had a different text"),
                        _ => Sentence::value(
                            format!("Merge conflict: theirs had {field} {}", show(&theirs)),
                            &field,
                            &theirs,
                        ),
                    };
                    let said = noted(&mut item, &sentence);
                    conflicts.push(format!("{}: {said}; ours kept", item.describe()));
                }
                item
            }
            Merged::KeptDespiteDeletion(mut item, side) => {
                let sentence = Sentence::plain(&format!(
                    "Merge conflict: {side} deleted this, the other side changed it"
                ));
                let said = noted(&mut item, &sentence);
                conflicts.push(format!("{}: {said}; kept", item.describe()));
                item
            }
        })
        .collect()
}

/// A conflict sentence, and a short one for where the full one would make the
/// text it is added to longer than a project file allows ([`MAX_TEXT_CHARS`]):
/// the merge never writes a file that will not load.
struct Sentence {
    /// The sentence, with their value in full.
    full: String,
    /// The sentence without their value: how long it was and that it was not kept.
    short: String,
}

impl Sentence {
    /// A sentence that holds no value of theirs, and so is short already.
    fn plain(text: &str) -> Self {
        Self {
            full: text.to_owned(),
            short: text.to_owned(),
        }
    }

    /// A sentence that holds their `value` of `field`.
    fn value(full: String, field: &str, value: &Value) -> Self {
        let chars = match value {
            Value::String(text) => text.chars().count(),
            other => other.to_string().chars().count(),
        };
        Self {
            full,
            short: format!(
                "Merge conflict: their version of the {field} ({} characters) was not kept: it would exceed the limit",
                thousands(chars)
            ),
        }
    }
}

/// A count with a comma between thousands: 600,000.
fn thousands(count: usize) -> String {
    let digits = count.to_string();
    let mut out = String::new();
    for (at, digit) in digits.chars().enumerate() {
        if at > 0 && (digits.len() - at).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Whether `text` on a line of its own after `note` keeps the note within [`MAX_TEXT_CHARS`].
fn fits(note: &str, text: &str) -> bool {
    // Bytes are an upper bound of characters, and cost nothing to count.
    note.len() + 1 + text.len() <= MAX_TEXT_CHARS
        || note.chars().count() + 1 + text.chars().count() <= MAX_TEXT_CHARS
}

/// Appends `sentence` to `note` in full, or short when in full it would not fit,
/// or not at all when neither fits; returns the sentence as said (for the list
/// of conflicts).
fn append_within(note: &mut String, sentence: &Sentence) -> String {
    for text in [&sentence.full, &sentence.short] {
        if fits(note, text) {
            append(note, text);
            return text.clone();
        }
    }
    sentence.short.clone()
}

/// A JSON value for a sentence: strings quoted, the rest as JSON.
fn show(value: &Value) -> String {
    match value {
        Value::String(text) => format!("“{text}”"),
        Value::Null => "none".into(),
        other => other.to_string(),
    }
}

/// The two sides as they are: most items need no preparing before a field merge.
fn same<T: Clone>(_: Option<&T>, ours: &T, theirs: &T) -> (T, T) {
    (ours.clone(), theirs.clone())
}

/// Appends a sentence to a note, on its own line.
fn append(note: &mut String, sentence: &str) {
    if !note.trim().is_empty() {
        note.push('\n');
    }
    note.push_str(sentence);
}

/// Three-way merge of a set kept as a list: base ∪ additions − removals, in ours' order.
fn merge_set<Id: Copy + Eq + Hash + Ord>(base: &[Id], ours: &[Id], theirs: &[Id]) -> Vec<Id> {
    let base: BTreeSet<Id> = base.iter().copied().collect();
    let removed: HashSet<Id> = base
        .iter()
        .filter(|id| !ours.contains(id) || !theirs.contains(id))
        .copied()
        .collect();
    let mut out = Vec::new();
    for id in ours.iter().chain(theirs) {
        if !removed.contains(id) && !out.contains(id) {
            out.push(*id);
        }
    }
    out
}

/// Their ids → our ids for items both sides added independently under the same
/// name (ignoring case and surrounding space), so that they merge as one.
fn same_additions<T, Id: Copy + Eq + Hash>(
    base: &[T],
    ours: &[T],
    theirs: &[T],
    id: impl Fn(&T) -> Id,
    name: impl Fn(&T) -> &str,
) -> HashMap<Id, Id> {
    let key = |item: &T| name(item).trim().to_lowercase();
    let known: HashSet<Id> = base.iter().chain(ours).map(&id).collect();
    let elsewhere: HashSet<Id> = base.iter().chain(theirs).map(&id).collect();
    let mut map = HashMap::new();
    let mut used = HashSet::new();
    for item in theirs.iter().filter(|t| !known.contains(&id(t))) {
        let found = ours.iter().find(|o| {
            !elsewhere.contains(&id(o))
                && !used.contains(&id(o))
                && !key(o).is_empty()
                && key(o) == key(item)
        });
        if let Some(found) = found {
            used.insert(id(found));
            map.insert(id(item), id(found));
        }
    }
    map
}

/// Their project with independently added documents and vocabulary that ours
/// also added given our ids, and their claims pointing at them.
fn unify_additions(base: &Project, ours: &Project, theirs: &Project) -> Project {
    let mut theirs = theirs.clone();
    let documents = same_additions(
        &base.documents,
        &ours.documents,
        &theirs.documents,
        |d| d.id,
        |d| &d.fingerprint,
    );
    let sources = same_additions(
        &base.sources,
        &ours.sources,
        &theirs.sources,
        |s| s.id,
        |s| &s.name,
    );
    let tags = same_additions(&base.tags, &ours.tags, &theirs.tags, |t| t.id, |t| &t.path);
    let propositions = same_additions(
        &base.propositions,
        &ours.propositions,
        &theirs.propositions,
        |p| p.id,
        |p| &p.text,
    );
    let stances = same_additions(
        &base.stances,
        &ours.stances,
        &theirs.stances,
        |s| s.id,
        |s| &s.name,
    );
    let sets = same_additions(
        &base.document_sets,
        &ours.document_sets,
        &theirs.document_sets,
        |s| s.id,
        |s| &s.name,
    );
    // Their copy of a shared addition becomes ours: same id, our fields.
    let ours_copy = |id| ours.document(id).cloned();
    theirs.documents = theirs
        .documents
        .iter()
        .map(|d| {
            documents
                .get(&d.id)
                .and_then(|id| ours_copy(*id))
                .unwrap_or_else(|| d.clone())
        })
        .collect();
    theirs.sources = theirs
        .sources
        .iter()
        .map(|x| {
            sources
                .get(&x.id)
                .and_then(|id| ours.source(*id))
                .unwrap_or(x)
                .clone()
        })
        .collect();
    theirs.tags = theirs
        .tags
        .iter()
        .map(|x| {
            tags.get(&x.id)
                .and_then(|id| ours.tag(*id))
                .unwrap_or(x)
                .clone()
        })
        .collect();
    theirs.propositions = theirs
        .propositions
        .iter()
        .map(|x| {
            propositions
                .get(&x.id)
                .and_then(|id| ours.proposition(*id))
                .unwrap_or(x)
                .clone()
        })
        .collect();
    theirs.stances = theirs
        .stances
        .iter()
        .map(|x| {
            stances
                .get(&x.id)
                .and_then(|id| ours.stance(*id))
                .unwrap_or(x)
                .clone()
        })
        .collect();
    // A set both added under one name is one set: our id, both sides' documents.
    for set in &mut theirs.document_sets {
        for document in &mut set.documents {
            if let Some(id) = documents.get(document) {
                *document = *id;
            }
        }
        if let Some(id) = sets.get(&set.id) {
            set.id = *id;
            if let Some(our_set) = ours.document_set(*id) {
                set.name.clone_from(&our_set.name);
            }
        }
    }
    for claim in &mut theirs.claims {
        if let Some(id) = documents.get(&claim.document) {
            claim.document = *id;
        }
        claim.source = claim
            .source
            .map(|id| sources.get(&id).copied().unwrap_or(id));
        claim.stance = claim
            .stance
            .map(|id| stances.get(&id).copied().unwrap_or(id));
        claim.proposition = claim
            .proposition
            .map(|id| propositions.get(&id).copied().unwrap_or(id));
        for tag in &mut claim.tags {
            if let Some(id) = tags.get(tag) {
                *tag = *id;
            }
        }
    }
    theirs
}

/// Three-way merge of three versions of one project.
pub fn merge3(base: &Project, ours: &Project, theirs: &Project) -> MergeResult {
    let theirs = &unify_additions(base, ours, theirs);
    let mut conflicts = Vec::new();
    let mut project = ours.clone();

    // Title and description like fields.
    let pick = |b: &String, o: &String, t: &String, what: &str, conflicts: &mut Vec<String>| {
        if o == t || b == t {
            o.clone()
        } else if b == o {
            t.clone()
        } else {
            conflicts.push(format!(
                "project {what}: Merge conflict: theirs had “{t}”; ours kept"
            ));
            o.clone()
        }
    };
    project.title = pick(
        &base.title,
        &ours.title,
        &theirs.title,
        "title",
        &mut conflicts,
    );
    project.description = pick(
        &base.description,
        &ours.description,
        &theirs.description,
        "description",
        &mut conflicts,
    );

    project.documents = settle(
        merge_list(&base.documents, &ours.documents, &theirs.documents, same),
        &mut conflicts,
        |d: &mut Document| Some(&mut d.notes),
    );
    project.sources = settle(
        merge_list(&base.sources, &ours.sources, &theirs.sources, same),
        &mut conflicts,
        |s: &mut Source| Some(&mut s.notes),
    );
    project.tags = settle(
        merge_list(&base.tags, &ours.tags, &theirs.tags, same),
        &mut conflicts,
        |_: &mut Tag| None,
    );
    project.propositions = settle(
        merge_list(
            &base.propositions,
            &ours.propositions,
            &theirs.propositions,
            same,
        ),
        &mut conflicts,
        |p: &mut Proposition| Some(&mut p.notes),
    );
    project.stances = settle(
        merge_list(&base.stances, &ours.stances, &theirs.stances, same),
        &mut conflicts,
        |_: &mut Stance| None,
    );

    // Document sets: their documents as a set (added on either side, removed on
    // either side); a name changed differently on both sides keeps ours.
    let prepare_set = |b: Option<&DocumentSet>, o: &DocumentSet, t: &DocumentSet| {
        let mut o = o.clone();
        let mut t = t.clone();
        let base_documents = b.map(|b| b.documents.clone()).unwrap_or_default();
        let documents = merge_set(&base_documents, &o.documents, &t.documents);
        o.documents.clone_from(&documents);
        t.documents = documents;
        (o, t)
    };
    project.document_sets = settle(
        merge_list(
            &base.document_sets,
            &ours.document_sets,
            &theirs.document_sets,
            prepare_set,
        ),
        &mut conflicts,
        |_: &mut DocumentSet| None,
    );

    // Claims: tags as a set, the span (range with quote) as one field, the
    // latest modification time; then field by field.
    let prepare = |b: Option<&Claim>, o: &Claim, t: &Claim| -> (Claim, Claim) {
        let mut o = o.clone();
        let mut t = t.clone();
        let base_tags = b.map(|b| b.tags.clone()).unwrap_or_default();
        let tags = merge_set(&base_tags, &o.tags, &t.tags);
        o.tags.clone_from(&tags);
        t.tags = tags;
        let modified = o.modified.clone().max(t.modified.clone());
        o.modified.clone_from(&modified);
        t.modified = modified;
        // The quote follows the range: when the ranges agree, so do the quotes.
        if o.range == t.range {
            t.quote = o.quote.clone();
        } else if let Some(b) = b
            && b.range == o.range
        {
            o.quote = b.quote.clone();
        } else if let Some(b) = b
            && b.range == t.range
        {
            t.quote = b.quote.clone();
        }
        (o, t)
    };
    let merged_claims = merge_list(&base.claims, &ours.claims, &theirs.claims, prepare);
    project.claims = merged_claims
        .into_iter()
        .map(|m| match m {
            Merged::Kept(mut claim, fields) => {
                let fields: Vec<(String, Value)> = fields
                    .into_iter()
                    // The quote travels with the range; one sentence is enough.
                    .filter(|(f, _)| f != "quote")
                    .collect();
                if !fields.is_empty() {
                    let sentences: Vec<Sentence> = fields
                        .iter()
                        .map(|(field, value)| {
                            Sentence::value(
                                format!(
                                    "Merge conflict: theirs had {}",
                                    describe_claim_field(theirs, field, value)
                                ),
                                field,
                                value,
                            )
                        })
                        .collect();
                    mark_conflict(&mut claim, &sentences, &mut conflicts);
                }
                claim
            }
            Merged::KeptDespiteDeletion(mut claim, side) => {
                let sentence = Sentence::plain(&format!(
                    "Merge conflict: {side} deleted this claim, the other side changed it; kept"
                ));
                mark_conflict(&mut claim, &[sentence], &mut conflicts);
                claim
            }
        })
        .collect();

    repair_references(&mut project, base, ours, theirs, &mut conflicts);
    MergeResult { project, conflicts }
}

/// Appends conflict sentences to a claim's note and marks it for discussion;
/// neither the note nor the review's comment grows beyond what a project file
/// allows (a sentence too long is said short, see [`Sentence`]).
fn mark_conflict(claim: &mut Claim, sentences: &[Sentence], conflicts: &mut Vec<String>) {
    let said: Vec<String> = sentences
        .iter()
        .map(|sentence| append_within(&mut claim.note, sentence))
        .collect();
    for sentence in &said {
        conflicts.push(format!("{}: {sentence}", claim.describe()));
    }
    let mut comment = said.join("; ");
    if !fits("", &comment) {
        comment = sentences
            .iter()
            .map(|s| s.short.as_str())
            .collect::<Vec<_>>()
            .join("; ");
    }
    if let Some(previous) = &claim.review
        && previous.reviewer != MERGE_REVIEWER
    {
        let before = format!(
            " (before the merge: {} by {}{})",
            previous.status.label(),
            previous.reviewer,
            if previous.comment.is_empty() {
                String::new()
            } else {
                format!(": {}", previous.comment)
            }
        );
        if fits(&comment, &before) {
            comment.push_str(&before);
        }
    }
    claim.review = Some(Review {
        status: ReviewStatus::Discuss,
        reviewer: MERGE_REVIEWER.into(),
        comment,
        time: now_rfc3339(),
    });
}

/// Theirs' value of a claim field in words: "stance Disputes".
fn describe_claim_field(theirs: &Project, field: &str, value: &Value) -> String {
    let text = value.as_str().unwrap_or_default();
    match field {
        "stance" => {
            let name = text
                .parse()
                .ok()
                .and_then(|id| theirs.stance(id))
                .map_or_else(|| "none".to_owned(), |s| s.name.clone());
            format!("stance {name}")
        }
        "source" => {
            let name = text
                .parse()
                .ok()
                .and_then(|id| theirs.source(id))
                .map_or_else(|| "none (the outlet)".to_owned(), |s| s.name.clone());
            format!("source {name}")
        }
        "proposition" => {
            let name = text
                .parse()
                .ok()
                .and_then(|id| theirs.proposition(id))
                .map_or_else(|| "none".to_owned(), |p| format!("“{}”", p.text));
            format!("proposition {name}")
        }
        "range" => {
            let start = value.get("start").and_then(Value::as_u64).unwrap_or(0);
            let end = value.get("end").and_then(Value::as_u64).unwrap_or(0);
            format!("span {start}–{end}")
        }
        "reanchored" if value.is_null() => "the claim's re-anchoring confirmed".into(),
        "reanchored" => "a re-anchoring of the claim not yet confirmed".into(),
        "review" => match serde_json::from_value::<Option<Review>>(value.clone()) {
            Ok(Some(review)) => format!("review {} by {}", review.status.label(), review.reviewer),
            _ => "no review".into(),
        },
        other => format!("{other} {}", show(value)),
    }
}

/// Brings back any document, source, tag, proposition or stance a merged claim still uses.
fn repair_references(
    project: &mut Project,
    base: &Project,
    ours: &Project,
    theirs: &Project,
    conflicts: &mut Vec<String>,
) {
    let sides = [ours, theirs, base];
    let mut restored = Vec::new();
    let claims = project.claims.clone();
    for claim in &claims {
        if project.document(claim.document).is_none()
            && let Some(doc) = sides.iter().find_map(|p| p.document(claim.document))
        {
            restored.push(doc.describe());
            project.documents.push(doc.clone());
        }
        if let Some(id) = claim.source
            && project.source(id).is_none()
            && let Some(item) = sides.iter().find_map(|p| p.source(id))
        {
            restored.push(item.describe());
            project.sources.push(item.clone());
        }
        if let Some(id) = claim.stance
            && project.stance(id).is_none()
            && let Some(item) = sides.iter().find_map(|p| p.stance(id))
        {
            restored.push(item.describe());
            project.stances.push(item.clone());
        }
        if let Some(id) = claim.proposition
            && project.proposition(id).is_none()
            && let Some(item) = sides.iter().find_map(|p| p.proposition(id))
        {
            restored.push(item.describe());
            project.propositions.push(item.clone());
        }
        for id in &claim.tags {
            if project.tag(*id).is_none()
                && let Some(item) = sides.iter().find_map(|p| p.tag(*id))
            {
                restored.push(item.describe());
                project.tags.push(item.clone());
            }
        }
    }
    for what in restored {
        conflicts.push(format!(
            "{what}: deleted on one side but still used by claims; kept"
        ));
    }
    // A set keeps only documents the merge kept (one side may have added a
    // document to a set that the other side deleted).
    let documents: HashSet<DocumentId> = project.documents.iter().map(|d| d.id).collect();
    for set in &mut project.document_sets {
        let before = set.documents.len();
        set.documents.retain(|d| documents.contains(d));
        let dropped = before - set.documents.len();
        if dropped > 0 {
            conflicts.push(format!(
                "{}: {dropped} of its documents were deleted on one side; left out of the set",
                set.label()
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    #[test]
    fn fields_merge_three_ways() {
        let base = map(serde_json::json!({"a": 1, "b": 1, "c": 1, "d": 1}));
        let ours = map(serde_json::json!({"a": 2, "b": 1, "c": 3, "d": 5}));
        let theirs = map(serde_json::json!({"a": 1, "b": 2, "c": 4, "d": 5}));
        let (merged, conflicts) = merge_objects(Some(&base), &ours, &theirs);
        assert_eq!(
            Value::Object(merged),
            serde_json::json!({"a": 2, "b": 2, "c": 3, "d": 5})
        );
        assert_eq!(conflicts, vec![("c".to_owned(), serde_json::json!(4))]);
    }

    #[test]
    fn a_field_written_only_when_set_merges_when_either_side_clears_it() {
        let base = map(serde_json::json!({"a": 1, "r": 7}));
        let kept = map(serde_json::json!({"a": 1, "r": 7}));
        let cleared = map(serde_json::json!({"a": 1}));
        let changed = map(serde_json::json!({"a": 1, "r": 8}));
        // Theirs cleared it (confirmed the record): cleared.
        let (merged, conflicts) = merge_objects(Some(&base), &kept, &cleared);
        assert_eq!(Value::Object(merged), serde_json::json!({"a": 1}));
        assert!(conflicts.is_empty());
        // Ours cleared it: cleared.
        let (merged, conflicts) = merge_objects(Some(&base), &cleared, &kept);
        assert_eq!(Value::Object(merged), serde_json::json!({"a": 1}));
        assert!(conflicts.is_empty());
        // Ours changed it, theirs cleared it: ours kept, the conflict said.
        let (merged, conflicts) = merge_objects(Some(&base), &changed, &cleared);
        assert_eq!(Value::Object(merged), serde_json::json!({"a": 1, "r": 8}));
        assert_eq!(conflicts, vec![("r".to_owned(), Value::Null)]);
        // Only ours set it: kept.
        let (merged, conflicts) = merge_objects(Some(&cleared), &changed, &cleared);
        assert_eq!(Value::Object(merged), serde_json::json!({"a": 1, "r": 8}));
        assert!(conflicts.is_empty());
    }

    #[test]
    fn sets_merge_additions_and_removals() {
        assert_eq!(merge_set(&[1, 2, 3], &[1, 3, 4], &[2, 3, 5]), vec![3, 4, 5]);
        assert_eq!(merge_set::<u8>(&[], &[], &[]), Vec::<u8>::new());
    }

    #[test]
    fn counts_are_written_with_thousands_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(600_000), "600,000");
        assert_eq!(thousands(1_200_000), "1,200,000");
    }

    #[test]
    fn an_unchanged_merge_is_the_project_itself() {
        let project = Project::new("p");
        let merged = merge3(&project, &project, &project);
        assert_eq!(merged.project, project);
        assert!(merged.conflicts.is_empty());
    }

    /// A project with three documents and one set holding the first.
    fn with_a_set() -> Project {
        let mut project = Project::new("p");
        for title in ["One", "Two", "Three"] {
            project
                .documents
                .push(Document::new(title, &format!("The text of {title}.")));
        }
        let mut set = DocumentSet::new("Ukrainian outlets");
        set.documents = vec![project.documents[0].id];
        project.document_sets.push(set);
        project
    }

    #[test]
    fn document_sets_merge_their_documents_and_keep_both_sides_additions() {
        let base = with_a_set();
        let [one, two, three] = [0, 1, 2].map(|at| base.documents[at].id);
        let mut ours = base.clone();
        ours.document_sets[0].documents.push(two);
        ours.document_sets.push(DocumentSet::new("Ours only"));
        let mut theirs = base.clone();
        theirs.document_sets[0].documents = vec![three];
        theirs.document_sets[0].name = "Ukrainian press".into();
        let mut their_set = DocumentSet::new("Russian state media");
        their_set.documents = vec![two];
        theirs.document_sets.push(their_set.clone());
        let merged = merge3(&base, &ours, &theirs);
        assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
        let sets = &merged.project.document_sets;
        assert_eq!(sets.len(), 3);
        // Ours added two, theirs removed one and added three; theirs renamed it.
        assert_eq!(sets[0].documents, vec![two, three]);
        assert_eq!(sets[0].name, "Ukrainian press");
        assert!(!sets[0].documents.contains(&one));
        assert_eq!(sets[1].name, "Ours only");
        assert_eq!(sets[2], their_set);
    }

    #[test]
    fn a_set_renamed_differently_on_both_sides_keeps_ours_and_says_so() {
        let base = with_a_set();
        let mut ours = base.clone();
        ours.document_sets[0].name = "Ours".into();
        let mut theirs = base.clone();
        theirs.document_sets[0].name = "Theirs".into();
        let merged = merge3(&base, &ours, &theirs);
        assert_eq!(merged.project.document_sets[0].name, "Ours");
        assert_eq!(merged.conflicts.len(), 1, "{:?}", merged.conflicts);
        assert!(
            merged.conflicts[0].contains("“Theirs”"),
            "{:?}",
            merged.conflicts
        );
    }

    #[test]
    fn a_set_keeps_no_document_the_merge_deleted() {
        let base = with_a_set();
        let two = base.documents[1].id;
        // Ours deleted document two; theirs put it in the set.
        let mut ours = base.clone();
        ours.documents.retain(|d| d.id != two);
        let mut theirs = base.clone();
        theirs.document_sets[0].documents.push(two);
        let merged = merge3(&base, &ours, &theirs);
        assert!(merged.project.document(two).is_none());
        assert_eq!(
            merged.project.document_sets[0].documents,
            vec![base.documents[0].id]
        );
        assert!(
            merged
                .conflicts
                .iter()
                .any(|c| c.contains("left out of the set")),
            "{:?}",
            merged.conflicts
        );
        assert!(crate::io::project_file::validate(&merged.project).is_empty());
    }
}
