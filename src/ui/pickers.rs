//! Pickers for a claim's source, stance, tags and proposition, and the edits they lead to.
//!
//! A picker is a text field: typing filters the project's sources (tags,
//! propositions) into a popup list; a click, or Enter, picks the highlighted
//! one; Enter when nothing matches exactly offers a new one. The pickers only
//! report what was picked; the `apply_pick_*` helpers turn a pick into one
//! undoable [`Edit`] (creating a source and assigning it is one step).

use egui::{Color32, CompletionPopup, Key, RichText, Suggestion, TextEdit, Ui};

use super::widgets::to_color32;
use crate::edit::Edit;
use crate::edit::names::{Names, Resolved};
use crate::model::{
    Claim, Project, Proposition, PropositionId, Source, SourceId, StanceId, Tag, TagId, now_rfc3339,
};

/// What a source or proposition picker picked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Picked<Id> {
    /// One the project already has.
    Existing(Id),
    /// A new one with this name, to be created.
    New(String),
    /// None at all (the "×" button).
    Cleared,
}

/// What the tag picker picked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TagPick {
    /// Add a tag the project already has.
    Add(TagId),
    /// Create a tag with this path and add it.
    Create(String),
    /// Take this tag off.
    Remove(TagId),
}

/// How many matches the popup lists at most.
const MAX_SUGGESTIONS: usize = 12;

/// How many characters of a long name a chip shows.
const CHIP_CHARS: usize = 48;

/// Something a picker can pick.
trait Choice {
    /// Its id type.
    type Id: Copy + PartialEq;
    /// Its id.
    fn choice_id(&self) -> Self::Id;
    /// What it is called.
    fn name(&self) -> &str;
    /// More about it, shown weakly beside the name.
    fn detail(&self) -> String;
    /// Other text that typing may match.
    fn other_text(&self) -> [&str; 2];
}

impl Choice for Source {
    type Id = SourceId;
    fn choice_id(&self) -> SourceId {
        self.id
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn detail(&self) -> String {
        [self.role.trim(), self.affiliation.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }
    fn other_text(&self) -> [&str; 2] {
        [&self.role, &self.affiliation]
    }
}

impl Choice for Tag {
    type Id = TagId;
    fn choice_id(&self) -> TagId {
        self.id
    }
    fn name(&self) -> &str {
        &self.path
    }
    fn detail(&self) -> String {
        String::new()
    }
    fn other_text(&self) -> [&str; 2] {
        ["", ""]
    }
}

impl Choice for Proposition {
    type Id = PropositionId;
    fn choice_id(&self) -> PropositionId {
        self.id
    }
    fn name(&self) -> &str {
        &self.text
    }
    fn detail(&self) -> String {
        String::new()
    }
    fn other_text(&self) -> [&str; 2] {
        [&self.notes, ""]
    }
}

/// The choices whose name or other text contains `query` (ignoring case), best first:
/// exact name, then name prefix, then name substring, then other text; project order within.
fn matching<'a, T: Choice>(items: &'a [T], query: &str, excluded: &[T::Id]) -> (Vec<&'a T>, bool) {
    let needle = query.trim().to_lowercase();
    if needle.is_empty() {
        return (Vec::new(), false);
    }
    let mut exact = false;
    let mut ranked: Vec<(u8, &T)> = items
        .iter()
        .filter_map(|item| {
            let name = item.name().trim().to_lowercase();
            if name == needle {
                exact = true;
            }
            if excluded.contains(&item.choice_id()) {
                return None;
            }
            let rank = if name == needle {
                0
            } else if name.starts_with(&needle) {
                1
            } else if name.contains(&needle) {
                2
            } else if item
                .other_text()
                .iter()
                .any(|text| text.to_lowercase().contains(&needle))
            {
                3
            } else {
                return None;
            };
            Some((rank, item))
        })
        .collect();
    ranked.sort_by_key(|(rank, _)| *rank);
    let found = ranked
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, item)| item)
        .collect();
    (found, exact)
}

/// The text field with its popup of matches; what it returns is what was picked.
///
/// `noun` names the kind ("source") in the hint and in the "new …" suggestion.
fn search_field<T: Choice>(
    ui: &mut Ui,
    id: egui::Id,
    label: egui::Id,
    noun: &str,
    items: &[T],
    excluded: &[T::Id],
) -> Option<Picked<T::Id>> {
    let mut query: String = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    let field_id = id.with("field");
    let focused = ui.memory(|m| m.has_focus(field_id));
    // What the suggestions were made for, and what each one stands for
    // (`None`: a new one named by the typed text).
    let mut typed = String::new();
    let mut offered: Vec<Option<T::Id>> = Vec::new();
    let width = ui.available_width().clamp(120.0, 320.0);
    let output = CompletionPopup::new(field_id)
        .word_boundary(|_| false)
        .accept_keys([Key::Enter, Key::Tab])
        .show(
            ui,
            TextEdit::singleline(&mut query)
                .hint_text(format!("Find or add a {noun}…"))
                .desired_width(width),
            |completion| {
                typed = completion.text.trim().to_owned();
                if !focused || typed.is_empty() {
                    return Vec::new();
                }
                let (found, exact) = matching(items, &typed, excluded);
                let mut suggestions = Vec::with_capacity(found.len() + 1);
                for item in found {
                    let detail = item.detail();
                    let mut suggestion =
                        Suggestion::new(offered.len().to_string()).content(item.name().to_owned());
                    if !detail.is_empty() {
                        suggestion = suggestion.description(detail);
                    }
                    suggestions.push(suggestion);
                    offered.push(Some(item.choice_id()));
                }
                if !exact {
                    suggestions.push(
                        Suggestion::new(offered.len().to_string())
                            .content(format!("New {noun} “{typed}”")),
                    );
                    offered.push(None);
                }
                suggestions
            },
        );
    let response = output.text_edit.response.response.labelled_by(label);

    let mut picked = None;
    if let Some(accepted) = output.accepted {
        // The suggestion's text is its index in `offered`; it replaced the query.
        picked = match accepted
            .insert
            .parse::<usize>()
            .ok()
            .and_then(|at| offered.get(at))
        {
            Some(Some(id)) => Some(Picked::Existing(*id)),
            Some(None) => Some(Picked::New(typed)),
            None => None,
        };
        query.clear();
    } else if response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
        // Enter while the popup was not showing: the exact match, else a new one.
        let typed = query.trim();
        if !typed.is_empty() {
            picked = match exact_item(items, typed) {
                Some(item) if excluded.contains(&item.choice_id()) => None,
                Some(item) => Some(Picked::Existing(item.choice_id())),
                None => Some(Picked::New(typed.to_owned())),
            };
            query.clear();
        }
    }
    ui.data_mut(|d| d.insert_temp(id, query));
    picked
}

/// The choice whose name is `name`, ignoring case and surrounding space.
fn exact_item<'a, T: Choice>(items: &'a [T], name: &str) -> Option<&'a T> {
    let name = name.trim().to_lowercase();
    items
        .iter()
        .find(|item| item.name().trim().to_lowercase() == name)
}

/// The first `CHIP_CHARS` characters of `text`, with "…" when cut.
fn shortened(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= CHIP_CHARS {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(CHIP_CHARS - 1).collect();
    short.push('…');
    short
}

/// A single-choice picker: label, the current choice with a "×", and the search field.
fn single_picker<T: Choice>(
    ui: &mut Ui,
    id: egui::Id,
    label_text: &str,
    noun: &str,
    items: &[T],
    current: Option<&T>,
    none_text: &str,
) -> Option<Picked<T::Id>> {
    let mut picked = None;
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(label_text);
        match current {
            Some(item) => {
                ui.label(RichText::new(shortened(item.name())).strong())
                    .on_hover_text(item.name());
                let clear = ui
                    .small_button("×")
                    .accessible_name(format!("Clear {noun}"))
                    .on_hover_text(format!("Clear the {noun}"));
                if clear.clicked() {
                    picked = Some(Picked::Cleared);
                }
            }
            None => {
                ui.weak(none_text);
            }
        }
        let excluded: Vec<T::Id> = current.map(Choice::choice_id).into_iter().collect();
        if let Some(pick) = search_field(ui, id, label.id, noun, items, &excluded) {
            picked = Some(pick);
        }
    });
    picked
}

/// Picks who asserts a claim: an existing source, a new one, or none (the document's outlet).
pub fn source_picker(
    ui: &mut Ui,
    id_salt: impl egui::AsIdSalt,
    project: &Project,
    current: Option<SourceId>,
) -> Option<Picked<SourceId>> {
    let id = ui.make_persistent_id(id_salt);
    let current = current.and_then(|c| project.source(c));
    single_picker(
        ui,
        id,
        "Source",
        "source",
        &project.sources,
        current,
        "Document outlet",
    )
}

/// Picks the proposition a claim bears on: an existing one, a new one, or none.
pub fn proposition_picker(
    ui: &mut Ui,
    id_salt: impl egui::AsIdSalt,
    project: &Project,
    current: Option<PropositionId>,
) -> Option<Picked<PropositionId>> {
    let id = ui.make_persistent_id(id_salt);
    let current = current.and_then(|c| project.proposition(c));
    single_picker(
        ui,
        id,
        "Proposition",
        "proposition",
        &project.propositions,
        current,
        "None",
    )
}

/// Shows a claim's tags as removable chips and a field that adds one (existing or new).
pub fn tag_picker(
    ui: &mut Ui,
    id_salt: impl egui::AsIdSalt,
    project: &Project,
    current: &[TagId],
) -> Option<TagPick> {
    let id = ui.make_persistent_id(id_salt);
    let mut picked = None;
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Tags");
        for tag in current.iter().filter_map(|&t| project.tag(t)) {
            let background = ui.visuals().widgets.inactive.weak_bg_fill;
            let text = RichText::new(format!("{} ×", shortened(&tag.path)))
                .color(super::widgets::readable(to_color32(tag.colour), background));
            let chip = ui
                .small_button(text)
                .accessible_name(format!("Remove tag {}", tag.path))
                .on_hover_text(format!("Remove the tag “{}”", tag.path));
            if chip.clicked() {
                picked = Some(TagPick::Remove(tag.id));
            }
        }
        if let Some(pick) = search_field(ui, id, label.id, "tag", &project.tags, current) {
            picked = match pick {
                Picked::Existing(id) => Some(TagPick::Add(id)),
                Picked::New(path) => Some(TagPick::Create(path)),
                Picked::Cleared => None,
            };
        }
    });
    picked
}

/// A row of coloured buttons, one per stance ("1 Supports", "2 Disputes", …).
///
/// Returns the new stance when one was clicked: `Some(None)` when the chosen one was clicked again.
pub fn stance_picker(
    ui: &mut Ui,
    project: &Project,
    current: Option<StanceId>,
) -> Option<Option<StanceId>> {
    let mut picked = None;
    ui.horizontal_wrapped(|ui| {
        ui.label("Stance");
        for (n, stance) in project.stances.iter().enumerate() {
            let selected = current == Some(stance.id);
            let colour = to_color32(stance.colour);
            let name = if n < 9 {
                format!("{} {}", n + 1, stance.name)
            } else {
                stance.name.clone()
            };
            let text = RichText::new(name).color(if selected {
                super::widgets::text_on(colour)
            } else {
                super::widgets::readable(colour, ui.visuals().window_fill)
            });
            let button = egui::Button::selectable(selected, text).fill(if selected {
                colour
            } else {
                Color32::TRANSPARENT
            });
            if ui.add(button).clicked() {
                picked = Some(if selected { None } else { Some(stance.id) });
            }
        }
    });
    picked
}

/// The claim, changed by `change`, with its modified time set to now.
fn updated(claim: &Claim, change: impl FnOnce(&mut Claim)) -> Edit {
    let mut claim = claim.clone();
    change(&mut claim);
    claim.modified = now_rfc3339();
    Edit::UpdateClaim(Box::new(claim))
}

/// The item a pick names, and the edit that creates it when it is new
/// ([`Names`] decides what counts as the same name).
fn resolve<'p, Id: Copy>(
    project: &'p Project,
    pick: Picked<Id>,
    name: impl FnOnce(&mut Names<'p>, &str) -> Option<Resolved<Id>>,
) -> (Option<Id>, Option<Edit>) {
    match pick {
        Picked::Existing(id) => (Some(id), None),
        Picked::Cleared => (None, None),
        Picked::New(typed) => {
            let mut names = Names::new(project);
            let id = name(&mut names, &typed).map(Resolved::id);
            (id, names.into_edits().pop())
        }
    }
}

/// One edit for `update`, preceded by `insert` when something must be created first.
fn with_insert(insert: Option<Edit>, update: Edit) -> Edit {
    match insert {
        Some(insert) => Edit::Batch(vec![insert, update]),
        None => update,
    }
}

/// Turns a source pick into one undoable edit and its label; `None` when it changes nothing.
pub fn apply_pick_source(
    project: &Project,
    claim: &Claim,
    pick: Picked<SourceId>,
) -> Option<(Edit, String)> {
    if matches!(&pick, Picked::New(name) if name.trim().is_empty()) {
        return None;
    }
    let (source, insert) = resolve(project, pick, Names::source);
    if source == claim.source && insert.is_none() {
        return None;
    }
    let label = match (&insert, source) {
        (Some(_), _) => "Create source",
        (None, Some(_)) => "Set source",
        (None, None) => "Clear source",
    };
    let update = updated(claim, |c| c.source = source);
    Some((with_insert(insert, update), label.to_owned()))
}

/// Turns a proposition pick into one undoable edit and its label; `None` when it changes nothing.
pub fn apply_pick_proposition(
    project: &Project,
    claim: &Claim,
    pick: Picked<PropositionId>,
) -> Option<(Edit, String)> {
    if matches!(&pick, Picked::New(text) if text.trim().is_empty()) {
        return None;
    }
    let (proposition, insert) = resolve(project, pick, Names::proposition);
    if proposition == claim.proposition && insert.is_none() {
        return None;
    }
    let label = match (&insert, proposition) {
        (Some(_), _) => "Create proposition",
        (None, Some(_)) => "Set proposition",
        (None, None) => "Clear proposition",
    };
    let update = updated(claim, |c| c.proposition = proposition);
    Some((with_insert(insert, update), label.to_owned()))
}

/// Turns a tag pick into one undoable edit and its label; `None` when it changes nothing.
pub fn apply_pick_tag(project: &Project, claim: &Claim, pick: TagPick) -> Option<(Edit, String)> {
    match pick {
        TagPick::Add(id) => (!claim.tags.contains(&id)).then(|| {
            let edit = updated(claim, |c| c.tags.push(id));
            (edit, "Add tag".to_owned())
        }),
        TagPick::Create(path) => {
            let mut names = Names::new(project);
            let id = names.tag(&path)?.id();
            let insert = names.into_edits().pop();
            if claim.tags.contains(&id) {
                return None;
            }
            let label = if insert.is_some() {
                "Create tag"
            } else {
                "Add tag"
            };
            let update = updated(claim, |c| c.tags.push(id));
            Some((with_insert(insert, update), label.to_owned()))
        }
        TagPick::Remove(id) => claim.tags.contains(&id).then(|| {
            let edit = updated(claim, |c| c.tags.retain(|&t| t != id));
            (edit, "Remove tag".to_owned())
        }),
    }
}

/// Turns a stance pick into one undoable edit and its label; `None` when it changes nothing.
pub fn apply_pick_stance(claim: &Claim, stance: Option<StanceId>) -> Option<(Edit, String)> {
    if claim.stance == stance {
        return None;
    }
    let label = if stance.is_some() {
        "Set stance"
    } else {
        "Clear stance"
    };
    Some((updated(claim, |c| c.stance = stance), label.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::apply;
    use crate::model::{CharRange, Colour, Document, Stance};

    fn project_with_claim() -> Project {
        let mut project = Project::new("p");
        let doc = Document::new("t", "Haidai said 568 civilians remain.");
        let claim = Claim::new(&doc, CharRange::new(12, 15), "ana").expect("claim");
        project.documents.push(doc);
        project.sources.push(Source::new("Serhiy Haidai"));
        project
            .tags
            .push(Tag::new("casualties", Colour::palette(0)));
        project.claims.push(claim);
        project
    }

    #[test]
    fn a_new_source_is_created_and_assigned_in_one_edit() {
        let mut project = project_with_claim();
        let claim = project.claims[0].clone();
        let (edit, label) =
            apply_pick_source(&project, &claim, Picked::New("  TASS ".into())).expect("edit");
        assert_eq!(label, "Create source");
        assert!(matches!(&edit, Edit::Batch(edits) if edits.len() == 2));
        let undo = apply(&mut project, edit).expect("applies");
        assert_eq!(project.sources.len(), 2);
        assert_eq!(project.asserted_by(&project.claims[0]), "TASS");
        apply(&mut project, undo).expect("undoes");
        assert_eq!(project.sources.len(), 1);
        assert_eq!(project.claims[0].source, None);
    }

    #[test]
    fn a_new_name_that_exists_reuses_the_source() {
        let mut project = project_with_claim();
        let claim = project.claims[0].clone();
        let (edit, label) =
            apply_pick_source(&project, &claim, Picked::New("serhiy haidai".into())).expect("edit");
        assert_eq!(label, "Set source");
        apply(&mut project, edit).expect("applies");
        assert_eq!(project.sources.len(), 1);
        assert_eq!(project.claims[0].source, Some(project.sources[0].id));
        assert!(!project.claims[0].modified.is_empty());
        let claim = project.claims[0].clone();
        let again = Picked::Existing(project.sources[0].id);
        assert!(apply_pick_source(&project, &claim, again).is_none());
        let (edit, label) = apply_pick_source(&project, &claim, Picked::Cleared).expect("edit");
        assert_eq!(label, "Clear source");
        apply(&mut project, edit).expect("applies");
        assert_eq!(project.claims[0].source, None);
    }

    #[test]
    fn tags_are_added_created_and_removed() {
        let mut project = project_with_claim();
        let casualties = project.tags[0].id;
        let claim = project.claims[0].clone();
        let (edit, _) = apply_pick_tag(&project, &claim, TagPick::Add(casualties)).expect("edit");
        apply(&mut project, edit).expect("applies");
        let claim = project.claims[0].clone();
        assert!(apply_pick_tag(&project, &claim, TagPick::Add(casualties)).is_none());
        let create = TagPick::Create(" casualties / civilian ".into());
        let (edit, label) = apply_pick_tag(&project, &claim, create).expect("edit");
        assert_eq!(label, "Create tag");
        apply(&mut project, edit).expect("applies");
        assert_eq!(project.tags[1].path, "casualties/civilian");
        assert_eq!(project.tags[1].colour, Colour::palette(1));
        assert_eq!(project.claims[0].tags.len(), 2);
        let claim = project.claims[0].clone();
        let (edit, _) =
            apply_pick_tag(&project, &claim, TagPick::Remove(casualties)).expect("edit");
        apply(&mut project, edit).expect("applies");
        assert_eq!(project.claims[0].tags, vec![project.tags[1].id]);
    }

    #[test]
    fn propositions_and_stances_become_edits() {
        let mut project = project_with_claim();
        let claim = project.claims[0].clone();
        let pick = Picked::New("Civilians sheltering in the Azot plant".into());
        let (edit, label) = apply_pick_proposition(&project, &claim, pick).expect("edit");
        assert_eq!(label, "Create proposition");
        apply(&mut project, edit).expect("applies");
        assert_eq!(
            project.claims[0].proposition,
            Some(project.propositions[0].id)
        );
        let claim = project.claims[0].clone();
        let (edit, label) = apply_pick_stance(&claim, Some(Stance::DISPUTES)).expect("edit");
        assert_eq!(label, "Set stance");
        apply(&mut project, edit).expect("applies");
        assert_eq!(project.claims[0].stance, Some(Stance::DISPUTES));
        assert!(apply_pick_stance(&project.claims[0], Some(Stance::DISPUTES)).is_none());
    }

    #[test]
    fn matching_ranks_exact_then_prefix_then_substring() {
        let sources = vec![
            Source {
                role: "Luhansk governor".into(),
                ..Source::new("Serhiy Haidai")
            },
            Source::new("Haidai"),
            Source::new("Haidai's office"),
        ];
        let (found, exact) = matching(&sources, "HAIDAI", &[]);
        let names: Vec<&str> = found.iter().map(|s| s.name.as_str()).collect();
        assert!(exact);
        assert_eq!(names, ["Haidai", "Haidai's office", "Serhiy Haidai"]);
        let (found, exact) = matching(&sources, "governor", &[]);
        assert!(!exact);
        assert_eq!(found.len(), 1);
        let (found, _) = matching(&sources, "haidai", &[sources[1].id]);
        assert_eq!(found.len(), 2);
        assert!(matching(&sources, "  ", &[]).0.is_empty());
    }
}
