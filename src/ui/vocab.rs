//! The vocabulary manager: rename, merge, recolour, delete and add sources, tags,
//! propositions and stances.
//!
//! Like every widget it never changes the project: each change is pushed as a
//! [`Command`] that the app applies after the frame. Text fields keep a draft that
//! is committed on Enter or when the field loses focus, as one undoable step.

use std::collections::HashMap;

use crate::edit::Edit;
use crate::model::{
    Colour, Project, Proposition, PropositionId, Source, SourceId, Stance, StanceId, Tag, TagId,
};
use crate::ui::command::Command;
use crate::ui::view::{View, ViewContext};

/// The window that manages sources, tags, propositions and stances.
#[derive(Default)]
pub struct VocabularyWindow {
    /// Whether the window is shown.
    pub open: bool,
    /// The tab shown.
    tab: Tab,
    /// The item whose details are shown.
    selected: Option<Key>,
    /// The text fields of the selected item as typed.
    draft: Fields,
    /// The fields of the selected item as last seen in the project.
    loaded: Fields,
    /// The item chosen in "Merge into".
    merge_into: Option<Key>,
    /// The name typed into the "Add" field.
    new_name: String,
    /// A refusal or hint to show, and where.
    message: Option<(Place, String)>,
}

/// One tab of the window: one kind of item.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Tab {
    #[default]
    Sources,
    Tags,
    Propositions,
    Stances,
}

impl Tab {
    const ALL: [Self; 4] = [Self::Sources, Self::Tags, Self::Propositions, Self::Stances];

    /// The tab's title.
    fn label(self) -> &'static str {
        match self {
            Self::Sources => "Sources",
            Self::Tags => "Tags",
            Self::Propositions => "Propositions",
            Self::Stances => "Stances",
        }
    }

    /// One item, in a sentence.
    fn noun(self) -> &'static str {
        match self {
            Self::Sources => "source",
            Self::Tags => "tag",
            Self::Propositions => "proposition",
            Self::Stances => "stance",
        }
    }

    /// What the item's name is called, as a field label.
    fn name_label(self) -> &'static str {
        match self {
            Self::Sources | Self::Stances => "Name",
            Self::Tags => "Path",
            Self::Propositions => "Text",
        }
    }

    /// An example name for the "Add" field.
    fn hint(self) -> &'static str {
        match self {
            Self::Sources => "Serhiy Haidai",
            Self::Tags => "casualties/civilian",
            Self::Propositions => "Civilians sheltering in the Azot plant",
            Self::Stances => "Qualifies",
        }
    }
}

/// One item of the vocabulary, by id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Key {
    Source(SourceId),
    Tag(TagId),
    Proposition(PropositionId),
    Stance(StanceId),
}

impl Key {
    /// The tab that lists it.
    fn tab(self) -> Tab {
        match self {
            Self::Source(_) => Tab::Sources,
            Self::Tag(_) => Tab::Tags,
            Self::Proposition(_) => Tab::Propositions,
            Self::Stance(_) => Tab::Stances,
        }
    }

    /// Its id as text, for history keys.
    fn id_text(self) -> String {
        match self {
            Self::Source(id) => id.to_string(),
            Self::Tag(id) => id.to_string(),
            Self::Proposition(id) => id.to_string(),
            Self::Stance(id) => id.to_string(),
        }
    }
}

/// The editable text of an item; fields a kind does not have stay empty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Fields {
    /// A source's or stance's name, a tag's path, a proposition's text.
    name: String,
    /// A source's role.
    role: String,
    /// A source's affiliation.
    affiliation: String,
    /// A source's or proposition's notes.
    notes: String,
}

/// One text field of an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Name,
    Role,
    Affiliation,
    Notes,
}

impl Field {
    const ALL: [Self; 4] = [Self::Name, Self::Role, Self::Affiliation, Self::Notes];
}

impl Fields {
    fn get(&self, field: Field) -> &String {
        match field {
            Field::Name => &self.name,
            Field::Role => &self.role,
            Field::Affiliation => &self.affiliation,
            Field::Notes => &self.notes,
        }
    }

    fn get_mut(&mut self, field: Field) -> &mut String {
        match field {
            Field::Name => &mut self.name,
            Field::Role => &mut self.role,
            Field::Affiliation => &mut self.affiliation,
            Field::Notes => &mut self.notes,
        }
    }
}

/// Where a message is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    Details,
    Add,
}

/// One line of the list.
struct Row {
    key: Key,
    name: String,
    claims: usize,
    colour: Option<Colour>,
}

impl View for VocabularyWindow {
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut ViewContext<'_>) {
        let mut commands = Vec::new();
        self.show(ui.ctx(), cx.project(), &mut commands);
        cx.extend(commands);
    }
}

impl VocabularyWindow {
    /// Draws the window when it is open, pushing the changes the user makes.
    pub fn show(&mut self, ctx: &egui::Context, project: &Project, commands: &mut Vec<Command>) {
        if !self.open {
            return;
        }
        let mut open = true;
        super::widgets::window(ctx, "Sources, tags, propositions")
            .id(egui::Id::unique("triangulate_vocabulary_window"))
            .open(&mut open)
            .default_size([440.0, 520.0])
            .show(ctx, |ui| self.contents_ui(ui, project, commands));
        if !open {
            self.commit_pending(project, commands);
            self.open = false;
        }
    }

    fn contents_ui(&mut self, ui: &mut egui::Ui, project: &Project, commands: &mut Vec<Command>) {
        self.reconcile(project);

        ui.horizontal(|ui| {
            for tab in Tab::ALL {
                if ui.selectable_label(self.tab == tab, tab.label()).clicked() && self.tab != tab {
                    self.select(None, project, commands);
                    self.tab = tab;
                    self.new_name.clear();
                    self.message = None;
                }
            }
        });
        ui.separator();

        let rows = rows(project, self.tab);
        let mut clicked = None;
        egui::ScrollArea::vertical()
            .id_salt("vocabulary_list")
            .max_height(220.0)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                if rows.is_empty() {
                    ui.weak(format!("No {}s yet", self.tab.noun()));
                }
                for row in &rows {
                    ui.horizontal(|ui| {
                        if let Some(colour) = row.colour {
                            swatch_ui(ui, colour);
                        }
                        let selected = self.selected == Some(row.key);
                        if ui
                            .selectable_label(selected, display_name(self.tab, &row.name))
                            .clicked()
                        {
                            clicked = Some(row.key);
                        }
                        ui.weak(claims_text(row.claims));
                    });
                }
            });
        ui.separator();

        match self.selected {
            Some(key) => self.details_ui(ui, project, key, &rows, commands),
            None => {
                ui.weak(format!(
                    "Select a {} to rename, merge or delete it",
                    self.tab.noun()
                ));
            }
        }
        self.message_ui(ui, Place::Details);
        ui.separator();

        self.add_ui(ui, project, commands);
        self.message_ui(ui, Place::Add);

        if let Some(key) = clicked
            && self.selected != Some(key)
        {
            self.select(Some(key), project, commands);
        }
    }

    fn message_ui(&self, ui: &mut egui::Ui, place: Place) {
        if let Some((at, text)) = &self.message
            && *at == place
        {
            ui.colored_label(ui.visuals().warn_fg_color, text);
        }
    }

    fn details_ui(
        &mut self,
        ui: &mut egui::Ui,
        project: &Project,
        key: Key,
        rows: &[Row],
        commands: &mut Vec<Command>,
    ) {
        let tab = key.tab();
        egui::Grid::new("vocabulary_details")
            .num_columns(2)
            .show(ui, |ui| {
                self.text_field_ui(ui, project, key, Field::Name, commands);
                ui.end_row();
                if tab == Tab::Sources {
                    self.text_field_ui(ui, project, key, Field::Role, commands);
                    ui.end_row();
                    self.text_field_ui(ui, project, key, Field::Affiliation, commands);
                    ui.end_row();
                }
                if tab == Tab::Propositions {
                    self.text_field_ui(ui, project, key, Field::Notes, commands);
                    ui.end_row();
                }
                if let Some(colour) = colour(project, key) {
                    let label = ui.label("Colour");
                    let mut rgb = [colour.r, colour.g, colour.b];
                    let response = ui.color_edit_button_srgb(&mut rgb).labelled_by(label.id);
                    let picked = Colour::rgb(rgb[0], rgb[1], rgb[2]);
                    if response.changed()
                        && picked != colour
                        && let Some(edit) = updated(project, key, |_, c| *c = picked)
                    {
                        // A drag across the picker is one undoable step.
                        commands.push(Command::EditCoalescing {
                            edit,
                            label: format!("Recolour {}", tab.noun()),
                            key: format!("recolour:{}", key.id_text()),
                        });
                    }
                    ui.end_row();
                }
            });

        ui.horizontal(|ui| {
            let others: Vec<&Row> = rows.iter().filter(|row| row.key != key).collect();
            let label = ui.label("Merge into");
            let chosen = self
                .merge_into
                .and_then(|into| others.iter().find(|row| row.key == into))
                .map_or_else(
                    || format!("Choose a {}", tab.noun()),
                    |row| display_name(tab, &row.name),
                );
            ui.add_enabled_ui(!others.is_empty(), |ui| {
                egui::ComboBox::from_id_salt("vocabulary_merge_into")
                    .selected_text(chosen)
                    .show_ui(ui, |ui| {
                        for row in &others {
                            ui.selectable_value(
                                &mut self.merge_into,
                                Some(row.key),
                                display_name(tab, &row.name),
                            );
                        }
                    })
                    .response
                    .labelled_by(label.id);
            });
            let merge = ui
                .add_enabled(self.merge_into.is_some(), egui::Button::new("Merge"))
                .on_hover_text(format!(
                    "Move every claim of this {0} to the chosen {0}, then delete this one",
                    tab.noun()
                ));
            if merge.clicked()
                && let Some(into) = self.merge_into
                && let Some(edit) = merge_edit(project, key, into)
            {
                commands.push(Command::Edit {
                    edit,
                    label: format!("Merge {}s", tab.noun()),
                });
                self.discard_drafts();
                self.select(Some(into), project, commands);
            }
        });

        let claims = rows
            .iter()
            .find(|row| row.key == key)
            .map_or(0, |row| row.claims);
        let consequence = match tab {
            Tab::Sources => "fall back to their document's outlet",
            Tab::Tags => "lose the tag",
            Tab::Propositions => "bear on no proposition",
            Tab::Stances => "take no stance",
        };
        let delete = ui.button("Delete").on_hover_text(format!(
            "Delete this {}; its {} {consequence} (undo brings it back)",
            tab.noun(),
            claims_text(claims)
        ));
        if delete.clicked() {
            commands.push(Command::Edit {
                edit: remove_edit(project, key),
                label: format!("Delete {}", tab.noun()),
            });
            self.discard_drafts();
            self.select(None, project, commands);
        }
    }

    /// A labelled text field of the selected item, committed when it loses focus.
    fn text_field_ui(
        &mut self,
        ui: &mut egui::Ui,
        project: &Project,
        key: Key,
        field: Field,
        commands: &mut Vec<Command>,
    ) {
        let label = ui.label(match field {
            Field::Name => key.tab().name_label(),
            Field::Role => "Role",
            Field::Affiliation => "Affiliation",
            Field::Notes => "Notes",
        });
        let text = self.draft.get_mut(field);
        let edit = if field == Field::Notes {
            egui::TextEdit::multiline(text).desired_rows(3)
        } else {
            egui::TextEdit::singleline(text)
        };
        let response = ui.add(edit).labelled_by(label.id);
        if response.lost_focus() {
            self.commit_field(project, key, field, commands);
        }
    }

    fn add_ui(&mut self, ui: &mut egui::Ui, project: &Project, commands: &mut Vec<Command>) {
        let tab = self.tab;
        ui.horizontal(|ui| {
            let label = ui.label(format!("New {}", tab.noun()));
            let response = ui
                .add(egui::TextEdit::singleline(&mut self.new_name).hint_text(tab.hint()))
                .labelled_by(label.id);
            let entered = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let add = ui
                .button("Add")
                .on_hover_text(format!("Add a new {}", tab.noun()));
            if add.clicked() || entered {
                self.add(project, commands);
            }
        });
    }

    /// Adds an item named as typed, or says why not.
    fn add(&mut self, project: &Project, commands: &mut Vec<Command>) {
        let tab = self.tab;
        let name = self.new_name.trim().to_owned();
        if name.is_empty() {
            self.message = Some((
                Place::Add,
                format!(
                    "Type the {} of the new {} first",
                    tab.name_label().to_lowercase(),
                    tab.noun()
                ),
            ));
            return;
        }
        if let Some(existing) = find_by_name(project, tab, &name, None) {
            self.select(Some(existing), project, commands);
            self.message = Some((
                Place::Add,
                format!("There is already a {} “{name}”", tab.noun()),
            ));
            return;
        }
        let (key, edit) = insert_edit(project, tab, name);
        commands.push(Command::Edit {
            edit,
            label: format!("Add {}", tab.noun()),
        });
        self.new_name.clear();
        self.select(Some(key), project, commands);
    }

    /// Shows another item (or none), committing what was typed for the previous one.
    fn select(&mut self, key: Option<Key>, project: &Project, commands: &mut Vec<Command>) {
        self.commit_pending(project, commands);
        self.selected = key;
        self.loaded = key.and_then(|key| fields(project, key)).unwrap_or_default();
        self.draft = self.loaded.clone();
        self.merge_into = None;
        self.message = None;
    }

    /// Forgets what was typed for the selected item.
    fn discard_drafts(&mut self) {
        self.draft = self.loaded.clone();
    }

    /// Commits every field typed into but not yet committed.
    fn commit_pending(&mut self, project: &Project, commands: &mut Vec<Command>) {
        let Some(key) = self.selected else {
            return;
        };
        for field in Field::ALL {
            if self.draft.get(field) != self.loaded.get(field) {
                self.commit_field(project, key, field, commands);
            }
        }
    }

    /// Pushes the edit for one typed field, or refuses it with a message.
    fn commit_field(
        &mut self,
        project: &Project,
        key: Key,
        field: Field,
        commands: &mut Vec<Command>,
    ) {
        let Some(current) = fields(project, key) else {
            return;
        };
        let tab = key.tab();
        let typed = match field {
            Field::Notes => self.draft.notes.trim_end().to_owned(),
            _ => self.draft.get(field).trim().to_owned(),
        };
        if typed == *current.get(field) {
            *self.draft.get_mut(field) = typed;
            return;
        }
        if field == Field::Name {
            let old = current.name.clone();
            if typed.is_empty() {
                self.draft.name = old.clone();
                self.message = Some((
                    Place::Details,
                    format!(
                        "A {} needs a {}: kept “{old}”",
                        tab.noun(),
                        tab.name_label().to_lowercase()
                    ),
                ));
                return;
            }
            if let Some(other) = find_by_name(project, tab, &typed, Some(key)) {
                self.draft.name = old;
                self.merge_into = Some(other);
                self.message = Some((
                    Place::Details,
                    format!(
                        "There is already a {0} “{typed}”: to make them one, merge this {0} into it",
                        tab.noun()
                    ),
                ));
                return;
            }
        }
        let new = typed.clone();
        let Some(edit) = updated(project, key, |fields, _| *fields.get_mut(field) = new) else {
            return;
        };
        let label = match field {
            Field::Name => format!("Rename {}", tab.noun()),
            Field::Role => "Edit source role".to_owned(),
            Field::Affiliation => "Edit source affiliation".to_owned(),
            Field::Notes => format!("Edit {} notes", tab.noun()),
        };
        commands.push(Command::Edit { edit, label });
        *self.draft.get_mut(field) = typed.clone();
        *self.loaded.get_mut(field) = typed;
        self.message = None;
    }

    /// Follows changes made elsewhere (undo, other panels) to the selected item.
    fn reconcile(&mut self, project: &Project) {
        if let Some(into) = self.merge_into
            && fields(project, into).is_none()
        {
            self.merge_into = None;
        }
        let Some(key) = self.selected else {
            return;
        };
        if key.tab() != self.tab {
            self.selected = None;
            return;
        }
        let Some(current) = fields(project, key) else {
            self.selected = None;
            self.loaded = Fields::default();
            self.draft = Fields::default();
            return;
        };
        for field in Field::ALL {
            if self.loaded.get(field) != current.get(field) {
                *self.draft.get_mut(field) = current.get(field).clone();
                *self.loaded.get_mut(field) = current.get(field).clone();
            }
        }
    }
}

/// A small square of an item's colour.
fn swatch_ui(ui: &mut egui::Ui, colour: Colour) {
    let size = egui::Vec2::splat(ui.spacing().interact_size.y * 0.5);
    let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    ui.painter().rect_filled(
        rect,
        2.0,
        egui::Color32::from_rgb(colour.r, colour.g, colour.b),
    );
}

/// An item's name for the list, even when it has none.
fn display_name(tab: Tab, name: &str) -> String {
    if name.trim().is_empty() {
        format!("Unnamed {}", tab.noun())
    } else {
        name.to_owned()
    }
}

fn claims_text(claims: usize) -> String {
    if claims == 1 {
        "1 claim".to_owned()
    } else {
        format!("{claims} claims")
    }
}

/// Whether two names are the same to a reader: ignoring case and surrounding space.
fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// The item of this tab named `name`, other than `except`.
fn find_by_name(project: &Project, tab: Tab, name: &str, except: Option<Key>) -> Option<Key> {
    names(project, tab)
        .into_iter()
        .find(|(key, other)| Some(*key) != except && same_name(other, name))
        .map(|(key, _)| key)
}

/// The items of a tab with their names, in project order.
fn names(project: &Project, tab: Tab) -> Vec<(Key, String)> {
    match tab {
        Tab::Sources => project
            .sources
            .iter()
            .map(|s| (Key::Source(s.id), s.name.clone()))
            .collect(),
        Tab::Tags => project
            .tags
            .iter()
            .map(|t| (Key::Tag(t.id), t.path.clone()))
            .collect(),
        Tab::Propositions => project
            .propositions
            .iter()
            .map(|p| (Key::Proposition(p.id), p.text.clone()))
            .collect(),
        Tab::Stances => project
            .stances
            .iter()
            .map(|s| (Key::Stance(s.id), s.name.clone()))
            .collect(),
    }
}

/// How many claims use each item.
fn claim_counts(project: &Project) -> HashMap<Key, usize> {
    let mut counts = HashMap::new();
    for claim in &project.claims {
        let keys = claim
            .source
            .map(Key::Source)
            .into_iter()
            .chain(claim.stance.map(Key::Stance))
            .chain(claim.proposition.map(Key::Proposition))
            .chain(claim.tags.iter().copied().map(Key::Tag));
        for key in keys {
            *counts.entry(key).or_insert(0) += 1;
        }
    }
    counts
}

/// The list of a tab: sources and tags by name, propositions and stances in project order.
fn rows(project: &Project, tab: Tab) -> Vec<Row> {
    let counts = claim_counts(project);
    let mut rows: Vec<Row> = names(project, tab)
        .into_iter()
        .map(|(key, name)| Row {
            key,
            claims: counts.get(&key).copied().unwrap_or(0),
            colour: colour(project, key),
            name,
        })
        .collect();
    if matches!(tab, Tab::Sources | Tab::Tags) {
        // A stable sort: equal names keep their project order.
        rows.sort_by_cached_key(|row| row.name.trim().to_lowercase());
    }
    rows
}

/// The editable text of an item, or `None` when the project has no such item.
fn fields(project: &Project, key: Key) -> Option<Fields> {
    Some(match key {
        Key::Source(id) => {
            let s = project.source(id)?;
            Fields {
                name: s.name.clone(),
                role: s.role.clone(),
                affiliation: s.affiliation.clone(),
                notes: s.notes.clone(),
            }
        }
        Key::Tag(id) => Fields {
            name: project.tag(id)?.path.clone(),
            ..Fields::default()
        },
        Key::Proposition(id) => {
            let p = project.proposition(id)?;
            Fields {
                name: p.text.clone(),
                notes: p.notes.clone(),
                ..Fields::default()
            }
        }
        Key::Stance(id) => Fields {
            name: project.stance(id)?.name.clone(),
            ..Fields::default()
        },
    })
}

/// The colour of a tag or stance.
fn colour(project: &Project, key: Key) -> Option<Colour> {
    match key {
        Key::Tag(id) => project.tag(id).map(|t| t.colour),
        Key::Stance(id) => project.stance(id).map(|s| s.colour),
        Key::Source(_) | Key::Proposition(_) => None,
    }
}

/// The edit that replaces an item by a changed copy of it.
fn updated(
    project: &Project,
    key: Key,
    change: impl FnOnce(&mut Fields, &mut Colour),
) -> Option<Edit> {
    let mut fields = fields(project, key)?;
    let mut colour = colour(project, key).unwrap_or_default();
    change(&mut fields, &mut colour);
    let Fields {
        name,
        role,
        affiliation,
        notes,
    } = fields;
    Some(match key {
        Key::Source(id) => Edit::UpdateSource(Source {
            name,
            role,
            affiliation,
            notes,
            ..project.source(id)?.clone()
        }),
        Key::Tag(id) => Edit::UpdateTag(Tag {
            path: name,
            colour,
            ..project.tag(id)?.clone()
        }),
        Key::Proposition(id) => Edit::UpdateProposition(Proposition {
            text: name,
            notes,
            ..project.proposition(id)?.clone()
        }),
        Key::Stance(id) => Edit::UpdateStance(Stance {
            name,
            colour,
            ..project.stance(id)?.clone()
        }),
    })
}

/// The edit that moves every claim of `from` to `into` and removes `from`.
fn merge_edit(project: &Project, from: Key, into: Key) -> Option<Edit> {
    match (from, into) {
        (Key::Source(from), Key::Source(into)) => {
            Some(Edit::merge_source(project, from, Some(into)))
        }
        (Key::Tag(from), Key::Tag(into)) => Some(Edit::merge_tag(project, from, Some(into))),
        (Key::Proposition(from), Key::Proposition(into)) => {
            Some(Edit::merge_proposition(project, from, Some(into)))
        }
        (Key::Stance(from), Key::Stance(into)) => {
            Some(Edit::merge_stance(project, from, Some(into)))
        }
        _ => None,
    }
}

/// The edit that removes an item, taking it off every claim.
fn remove_edit(project: &Project, key: Key) -> Edit {
    match key {
        Key::Source(id) => Edit::remove_source(project, id),
        Key::Tag(id) => Edit::remove_tag(project, id),
        Key::Proposition(id) => Edit::remove_proposition(project, id),
        Key::Stance(id) => Edit::remove_stance(project, id),
    }
}

/// A new item of a tab and the edit that adds it.
fn insert_edit(project: &Project, tab: Tab, name: String) -> (Key, Edit) {
    match tab {
        Tab::Sources => {
            let source = Source::new(name);
            (
                Key::Source(source.id),
                Edit::InsertSource { at: None, source },
            )
        }
        Tab::Tags => {
            let tag = Tag::new(name, Colour::palette(project.tags.len()));
            (Key::Tag(tag.id), Edit::InsertTag { at: None, tag })
        }
        Tab::Propositions => {
            let proposition = Proposition::new(name);
            (
                Key::Proposition(proposition.id),
                Edit::InsertProposition {
                    at: None,
                    proposition,
                },
            )
        }
        Tab::Stances => {
            let stance = Stance {
                name,
                colour: Colour::palette(project.stances.len()),
                ..Stance::default()
            };
            (
                Key::Stance(stance.id),
                Edit::InsertStance { at: None, stance },
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    use super::*;
    use crate::edit;
    use crate::model::{CharRange, Claim, Document};

    struct State {
        project: Project,
        window: VocabularyWindow,
        commands: Vec<Command>,
    }

    /// Two sources (Haidai with two claims), one tag, two propositions.
    fn project() -> Project {
        let mut project = Project::new("Severodonetsk");
        let document = Document::new("Report", "Haidai said 568 civilians remain in Azot.");
        let haidai = Source::new("Serhiy Haidai");
        let tass = Source::new("lpr minister via TASS");
        let tag = Tag::new("casualties", Colour::palette(0));
        let azot = Proposition::new("Civilians sheltering in the Azot plant");
        let control = Proposition::new("Ukraine controls the city");
        for range in [CharRange::new(0, 6), CharRange::new(12, 15)] {
            let mut claim = Claim::new(&document, range, "ana").expect("claim");
            claim.source = Some(haidai.id);
            claim.tags = vec![tag.id];
            claim.proposition = Some(azot.id);
            claim.stance = Some(Stance::SUPPORTS);
            project.claims.push(claim);
        }
        project.documents.push(document);
        project.sources = vec![haidai, tass];
        project.tags = vec![tag];
        project.propositions = vec![azot, control];
        project
    }

    fn harness(project: Project) -> Harness<'static, State> {
        let state = State {
            project,
            window: VocabularyWindow {
                open: true,
                ..VocabularyWindow::default()
            },
            commands: Vec::new(),
        };
        Harness::builder().with_size([800.0, 700.0]).build_ui_state(
            |ui, state: &mut State| {
                let ctx = ui.ctx().clone();
                state.window.show(&ctx, &state.project, &mut state.commands);
            },
            state,
        )
    }

    /// The edits pushed so far, with their labels.
    fn edits(harness: &Harness<'_, State>) -> Vec<(Edit, String)> {
        harness
            .state()
            .commands
            .iter()
            .map(|command| match command {
                Command::Edit { edit, label } => (edit.clone(), label.clone()),
                other => panic!("unexpected command {other:?}"),
            })
            .collect()
    }

    /// Replaces the text of the field labelled `label` and presses Enter.
    fn retype(harness: &mut Harness<'_, State>, label: &str, text: &str) {
        harness.get_by_label(label).focus();
        harness.run();
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        harness.key_press(egui::Key::Backspace);
        if !text.is_empty() {
            harness.get_by_label(label).type_text(text);
        }
        harness.key_press(egui::Key::Enter);
        harness.run();
    }

    fn click(harness: &mut Harness<'_, State>, label: &str) {
        harness.get_by_label(label).click();
        harness.run();
    }

    #[test]
    fn renaming_a_tag_pushes_one_update() {
        let project = project();
        let tag = project.tags[0].clone();
        let mut harness = harness(project);
        click(&mut harness, "Tags");
        click(&mut harness, "casualties");
        retype(&mut harness, "Path", "casualties/civilian");

        let expected = Tag {
            path: "casualties/civilian".into(),
            ..tag
        };
        assert_eq!(
            edits(&harness),
            vec![(Edit::UpdateTag(expected), "Rename tag".to_owned())]
        );
    }

    #[test]
    fn merging_a_source_moves_its_claims() {
        let project = project();
        let (haidai, tass) = (project.sources[0].id, project.sources[1].id);
        let mut harness = harness(project.clone());
        click(&mut harness, "Serhiy Haidai");
        click(&mut harness, "Merge into");
        // The list shows the name too; the popup's option comes last.
        harness
            .get_all_by_label("lpr minister via TASS")
            .last()
            .expect("option")
            .click();
        harness.run();
        click(&mut harness, "Merge");

        let pushed = edits(&harness);
        assert_eq!(
            pushed,
            vec![(
                Edit::merge_source(&project, haidai, Some(tass)),
                "Merge sources".to_owned()
            )]
        );
        let mut after = project.clone();
        let [(edit, _)] = <[_; 1]>::try_from(pushed).expect("one edit");
        edit::apply(&mut after, edit).expect("applies");
        assert!(after.source(haidai).is_none());
        assert!(after.claims.iter().all(|c| c.source == Some(tass)));
        assert_eq!(after.claims.len(), 2);
    }

    #[test]
    fn deleting_a_proposition_pushes_its_removal() {
        let project = project();
        let azot = project.propositions[0].id;
        let mut harness = harness(project.clone());
        click(&mut harness, "Propositions");
        click(&mut harness, "Civilians sheltering in the Azot plant");
        click(&mut harness, "Delete");

        assert_eq!(
            edits(&harness),
            vec![(
                Edit::remove_proposition(&project, azot),
                "Delete proposition".to_owned()
            )]
        );
        let mut after = project.clone();
        edit::apply(&mut after, Edit::remove_proposition(&project, azot)).expect("applies");
        assert!(after.proposition(azot).is_none());
        assert!(after.claims.iter().all(|c| c.proposition.is_none()));
    }

    #[test]
    fn adding_a_tag_pushes_an_insert_with_the_next_colour() {
        let mut harness = harness(project());
        click(&mut harness, "Tags");
        harness.get_by_label("New tag").focus();
        harness.run();
        harness.get_by_label("New tag").type_text(" places/azot ");
        harness.key_press(egui::Key::Enter);
        harness.run();

        let pushed = edits(&harness);
        let [(Edit::InsertTag { at: None, tag }, label)] = pushed.as_slice() else {
            panic!("expected one tag insert, got {pushed:?}");
        };
        assert_eq!(tag.path, "places/azot");
        assert_eq!(tag.colour, Colour::palette(1));
        assert_eq!(label, "Add tag");
    }

    #[test]
    fn empty_names_are_refused() {
        let mut harness = harness(project());
        click(&mut harness, "Serhiy Haidai");
        retype(&mut harness, "Name", "");
        assert!(edits(&harness).is_empty());
        harness.get_by_label("A source needs a name: kept “Serhiy Haidai”");

        click(&mut harness, "Add");
        assert!(edits(&harness).is_empty());
        harness.get_by_label("Type the name of the new source first");
    }

    #[test]
    fn renaming_to_a_taken_name_suggests_merging() {
        let project = project();
        let tass = project.sources[1].id;
        let mut harness = harness(project);
        click(&mut harness, "Serhiy Haidai");
        retype(&mut harness, "Name", "LPR minister via TASS");
        assert!(edits(&harness).is_empty());
        assert_eq!(harness.state().window.merge_into, Some(Key::Source(tass)));
        assert!(
            harness
                .query_by_label_contains("merge this source into it")
                .is_some()
        );
    }

    #[test]
    fn lists_sort_sources_by_name_and_keep_propositions_in_order() {
        let project = project();
        let sources: Vec<String> = rows(&project, Tab::Sources)
            .into_iter()
            .map(|row| row.name)
            .collect();
        assert_eq!(sources, ["lpr minister via TASS", "Serhiy Haidai"]);
        let propositions: Vec<(String, usize)> = rows(&project, Tab::Propositions)
            .into_iter()
            .map(|row| (row.name, row.claims))
            .collect();
        assert_eq!(
            propositions,
            [
                ("Civilians sheltering in the Azot plant".to_owned(), 2),
                ("Ukraine controls the city".to_owned(), 0)
            ]
        );
    }
}
