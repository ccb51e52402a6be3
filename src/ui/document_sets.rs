//! Edit ▸ Document sets: named groups of documents ("Ukrainian outlets") to
//! filter the claims by and to compare as columns of Compare sources.
//!
//! The window lists the sets; the chosen one is renamed, filled by ticking its
//! documents, or deleted. Every change is one undoable edit.

use egui::{RichText, TextEdit, Ui};

use super::command::Command;
use super::view::{View, ViewContext};
use crate::edit::Edit;
use crate::edit::names::{name_key, tidy_name};
use crate::model::{Document, DocumentId, DocumentSet, DocumentSetId, Project};
use crate::query::ClaimFilter;

/// The window, while it is open.
#[derive(Default)]
pub struct DocumentSetsWindow {
    /// Whether it is shown.
    pub open: bool,
    /// The set being edited.
    selected: Option<DocumentSetId>,
    /// The name being typed for a set, until the field loses focus.
    name: Option<(DocumentSetId, String)>,
    /// Why the last rename was not taken, if it was not.
    message: Option<String>,
}

impl View for DocumentSetsWindow {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        if !self.open {
            return;
        }
        let project = cx.project();
        let mut commands = Vec::new();
        let mut open = self.open;
        cx.window("Document sets")
            .open(&mut open)
            .resizable(true)
            .default_width(520.0)
            .show(ui.ctx(), |ui| self.contents_ui(ui, project, &mut commands));
        self.open = open;
        cx.extend(commands);
    }
}

impl DocumentSetsWindow {
    fn contents_ui(&mut self, ui: &mut Ui, project: &Project, commands: &mut Vec<Command>) {
        if self
            .selected
            .is_some_and(|id| project.document_set(id).is_none())
        {
            self.selected = None;
        }
        ui.horizontal(|ui| {
            if ui
                .button("New set")
                .on_hover_text("Make an empty set of documents, named “New set”")
                .clicked()
            {
                let set = DocumentSet::new(unused_name(project, "New set"));
                self.selected = Some(set.id);
                self.name = None;
                commands.push(Command::Edit {
                    edit: Edit::InsertDocumentSet { at: None, set },
                    label: "New document set".into(),
                });
            }
            ui.weak("A set groups documents to filter the claims by and to compare as columns");
        });
        ui.separator();
        if project.document_sets.is_empty() {
            ui.weak("No document sets yet: make one with New set");
            return;
        }
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.set_width(180.0);
                ui.strong("Sets");
                for set in &project.document_sets {
                    let chosen = self.selected == Some(set.id);
                    let shown = if set.name.trim().is_empty() {
                        format!("Set {}", set.id.short())
                    } else {
                        set.name.clone()
                    };
                    let response = ui
                        .selectable_label(chosen, shown)
                        .on_hover_text(documents_count(set.documents.len()));
                    if response.clicked() {
                        self.selected = Some(set.id);
                        self.name = None;
                        self.message = None;
                    }
                }
            });
            ui.separator();
            ui.vertical(
                |ui| match self.selected.and_then(|id| project.document_set(id)) {
                    Some(set) => self.set_ui(ui, project, set, commands),
                    None => {
                        ui.weak("Choose a set to rename it or choose its documents");
                    }
                },
            );
        });
    }

    /// The editor of one set: its name, its documents, and what can be done with it.
    fn set_ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        set: &DocumentSet,
        commands: &mut Vec<Command>,
    ) {
        ui.horizontal(|ui| {
            let label = ui.label("Set name");
            let name = match &mut self.name {
                Some((id, name)) if *id == set.id => name,
                slot => &mut slot.insert((set.id, set.name.clone())).1,
            };
            let response = ui
                .add(TextEdit::singleline(name).desired_width(240.0))
                .labelled_by(label.id);
            if response.lost_focus() {
                let typed = tidy_name(name);
                self.name = None;
                // Focus may be reported lost on two frames in a row: the second
                // sees the name unchanged and leaves the message as it is.
                if typed.is_empty() || typed == set.name {
                    // Nothing to rename to: the field shows the name again.
                } else if project
                    .document_sets
                    .iter()
                    .any(|s| s.id != set.id && name_key(&s.name) == name_key(&typed))
                {
                    self.message = Some(format!(
                        "“{typed}” is the name of another set; choose another name"
                    ));
                } else {
                    self.message = None;
                    commands.push(Command::Edit {
                        edit: Edit::UpdateDocumentSet(DocumentSet {
                            name: typed,
                            ..kept(project, set)
                        }),
                        label: "Rename document set".into(),
                    });
                }
            }
        });
        if let Some(message) = &self.message {
            ui.colored_label(ui.visuals().warn_fg_color, message);
        }
        ui.label(RichText::new(documents_count(set.documents.len())).weak());
        egui::ScrollArea::vertical()
            .id_salt("document set members")
            .max_height(320.0)
            .show(ui, |ui| {
                for document in &project.documents {
                    let mut member = set.contains(document.id);
                    if ui.checkbox(&mut member, document_text(document)).changed() {
                        commands.push(membership_edit(project, set, document.id, member));
                    }
                }
            });
        ui.separator();
        ui.horizontal(|ui| {
            if ui
                .button("Show its claims")
                .on_hover_text("Filter the claims panel by this set")
                .clicked()
            {
                commands.push(Command::FilterClaims(Box::new(ClaimFilter {
                    document_set: Some(set.id),
                    ..ClaimFilter::default()
                })));
            }
            if ui
                .button("Delete set")
                .on_hover_text(
                    "Delete the set; its documents stay in the project (undo brings it back)",
                )
                .clicked()
            {
                commands.push(Command::Edit {
                    edit: Edit::RemoveDocumentSet(set.id),
                    label: "Delete document set".into(),
                });
                self.selected = None;
                self.name = None;
            }
        });
    }
}

/// The set as it is, without documents the project no longer has (a file may
/// name some, reported on load): an edit of the set keeps only real ones.
fn kept(project: &Project, set: &DocumentSet) -> DocumentSet {
    let mut set = set.clone();
    set.documents.retain(|&id| project.document(id).is_some());
    set
}

/// The edit that puts `document` in `set` (or takes it out), as one step.
pub(crate) fn membership_edit(
    project: &Project,
    set: &DocumentSet,
    document: DocumentId,
    member: bool,
) -> Command {
    let mut changed = kept(project, set);
    changed.documents.retain(|&id| id != document);
    if member {
        changed.documents.push(document);
    }
    Command::Edit {
        edit: Edit::UpdateDocumentSet(changed),
        label: if member {
            "Add document to set".into()
        } else {
            "Remove document from set".into()
        },
    }
}

/// `base`, or `base 2`, `base 3`… : the first that no set of the project is named.
fn unused_name(project: &Project, base: &str) -> String {
    let taken = |name: &str| {
        project
            .document_sets
            .iter()
            .any(|s| name_key(&s.name) == name_key(name))
    };
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base} {n}"))
        .find(|name| !taken(name))
        .unwrap_or_else(|| base.to_owned())
}

/// "1 document", "3 documents".
fn documents_count(count: usize) -> String {
    if count == 1 {
        "1 document".to_owned()
    } else {
        format!("{count} documents")
    }
}

/// A document in the list: its title (or file, or id), and its outlet when it has one.
fn document_text(document: &Document) -> String {
    let title = document.title.trim();
    let name = if !title.is_empty() {
        title.to_owned()
    } else if !document.imported_from.trim().is_empty() {
        document.imported_from.trim().to_owned()
    } else {
        format!("Document {}", document.id.short())
    };
    let outlet = document.outlet.trim();
    if outlet.is_empty() {
        name
    } else {
        format!("{name} ({outlet})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_sets_get_a_name_no_other_set_has() {
        let mut project = Project::new("p");
        assert_eq!(unused_name(&project, "New set"), "New set");
        project.document_sets.push(DocumentSet::new("new SET"));
        project.document_sets.push(DocumentSet::new("New set 2"));
        assert_eq!(unused_name(&project, "New set"), "New set 3");
    }

    #[test]
    fn ticking_a_document_adds_it_and_drops_documents_that_are_gone() {
        let mut project = Project::new("p");
        let document = Document::new("Azot", "Text.");
        let id = document.id;
        project.documents.push(document);
        let mut set = DocumentSet::new("Set");
        let gone = DocumentId::random();
        set.documents = vec![gone];
        let Command::Edit {
            edit: Edit::UpdateDocumentSet(added),
            label,
        } = membership_edit(&project, &set, id, true)
        else {
            panic!("not a set edit");
        };
        assert_eq!(added.documents, vec![id]);
        assert_eq!(label, "Add document to set");
        let Command::Edit {
            edit: Edit::UpdateDocumentSet(removed),
            ..
        } = membership_edit(&project, &added, id, false)
        else {
            panic!("not a set edit");
        };
        assert!(removed.documents.is_empty());
    }

    #[test]
    fn a_document_shows_its_outlet() {
        let mut document = Document::new("Azot holds", "Text.");
        assert_eq!(document_text(&document), "Azot holds");
        document.outlet = "UNIAN".into();
        assert_eq!(document_text(&document), "Azot holds (UNIAN)");
    }
}
