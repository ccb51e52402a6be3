//! The propositions window: list, create, rename, merge and split propositions,
//! edit their notes, and link claims to them (by button or by drag and drop).
//!
//! Like every widget it never changes the project: each change is pushed as a
//! [`Command`] that the app applies after the frame.

use std::collections::{BTreeSet, HashMap};

use egui::{ComboBox, RichText, Ui};

use crate::compare::{Columns, build_matrix};
use crate::edit::Edit;
use crate::model::{ClaimId, Project, Proposition, PropositionId, now_rfc3339};
use crate::ui::command::Command;
use crate::ui::view::{View, ViewContext};
use crate::ui::widgets::{abbreviate, claim_drag_source};
use crate::workspace::Stamp;

/// What the list shows about one proposition, worked out from the comparison matrix.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Summary {
    /// How many claims bear on it.
    claim_count: usize,
    /// How many distinct sources speak to it.
    source_count: usize,
    /// Whether its sources disagree (stances or figures).
    disputed: bool,
}

/// Where "Move checked claims to" sends the checked claims.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MoveTarget {
    /// An existing proposition.
    Existing(PropositionId),
    /// A proposition made for them in the same step.
    New,
}

/// The propositions window and its choices.
#[derive(Default)]
pub struct PropositionsPanel {
    /// Whether the window is shown.
    pub open: bool,
    /// The proposition whose details are shown.
    selected: Option<PropositionId>,
    /// Summaries by proposition, with the revision they were built at.
    cache: Option<(Stamp, HashMap<PropositionId, Summary>)>,
    /// The text typed into "New proposition".
    new_text: String,
    /// The selected proposition's text as typed.
    draft_text: String,
    /// The selected proposition's notes as typed.
    draft_notes: String,
    /// The selected proposition as last loaded into the drafts.
    loaded: Option<Proposition>,
    /// The proposition chosen in "Merge into".
    merge_into: Option<PropositionId>,
    /// The claims checked in the selected proposition's list.
    checked: BTreeSet<ClaimId>,
    /// The proposition chosen in "Move checked claims to".
    move_to: Option<MoveTarget>,
    /// The text of the proposition "New proposition…" makes.
    split_text: String,
    /// The last change pushed to the selected proposition, not yet seen in the project;
    /// keeps one commit from being pushed twice.
    pending: Option<Proposition>,
    /// A refusal or hint to show.
    message: Option<String>,
}

impl View for PropositionsPanel {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let mut commands = Vec::new();
        self.show(
            ui.ctx(),
            cx.project(),
            cx.stamp(),
            cx.selected,
            &mut commands,
        );
        cx.extend(commands);
    }
}

impl PropositionsPanel {
    /// Draws the window when it is open; `revision` changes whenever the project does.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        project: &Project,
        stamp: Stamp,
        selected_claim: Option<ClaimId>,
        commands: &mut Vec<Command>,
    ) {
        if !self.open {
            return;
        }
        let mut open = self.open;
        super::widgets::window(ctx, "Propositions")
            .open(&mut open)
            .resizable(true)
            .default_size([560.0, 620.0])
            .show(ctx, |ui| {
                self.contents_ui(ui, project, stamp, selected_claim, commands);
            });
        self.open = open;
    }

    /// The summaries, rebuilt only when the revision changed.
    fn summaries(&mut self, project: &Project, stamp: Stamp) -> HashMap<PropositionId, Summary> {
        if let Some((built, summaries)) = &self.cache
            && *built == stamp
        {
            return summaries.clone();
        }
        let matrix = build_matrix(project, Columns::Sources, None);
        let summaries: HashMap<PropositionId, Summary> = matrix
            .rows
            .iter()
            .map(|row| {
                (
                    row.proposition,
                    Summary {
                        claim_count: row.claim_count,
                        source_count: row.source_count,
                        disputed: row.disputed,
                    },
                )
            })
            .collect();
        self.cache = Some((stamp, summaries.clone()));
        summaries
    }

    fn contents_ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        stamp: Stamp,
        selected_claim: Option<ClaimId>,
        commands: &mut Vec<Command>,
    ) {
        if self
            .selected
            .is_some_and(|id| project.proposition(id).is_none())
        {
            self.select(None);
        }
        self.load_drafts(project);
        let summaries = self.summaries(project, stamp);
        self.add_ui(ui, commands);
        if let Some(message) = &self.message {
            ui.label(RichText::new(message).color(ui.visuals().warn_fg_color));
        }
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("propositions list")
            .max_height(240.0)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                self.list_ui(ui, project, &summaries, commands);
            });
        ui.separator();
        let Some(proposition) = self.selected.and_then(|id| project.proposition(id)) else {
            ui.label(RichText::new("Select a proposition to see and edit it").weak());
            return;
        };
        let proposition = proposition.clone();
        egui::ScrollArea::vertical()
            .id_salt("proposition details")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                self.details_ui(ui, project, &proposition, selected_claim, commands);
            });
    }

    /// Selects a proposition (or none) and forgets what was chosen for the last one.
    fn select(&mut self, id: Option<PropositionId>) {
        if self.selected != id {
            self.selected = id;
            self.loaded = None;
            self.merge_into = None;
            self.checked.clear();
            self.move_to = None;
            self.split_text.clear();
            self.message = None;
        }
    }

    /// Refreshes the drafts when the selected proposition changed in the project.
    fn load_drafts(&mut self, project: &Project) {
        let current = self.selected.and_then(|id| project.proposition(id));
        if current != self.loaded.as_ref() {
            self.draft_text = current.map(|p| p.text.clone()).unwrap_or_default();
            self.draft_notes = current.map(|p| p.notes.clone()).unwrap_or_default();
            self.loaded = current.cloned();
            self.pending = None;
        }
    }

    fn add_ui(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            let label = ui.label("New proposition");
            let response = ui
                .add(
                    egui::TextEdit::singleline(&mut self.new_text)
                        .hint_text("Civilians are sheltering in the Azot plant"),
                )
                .labelled_by(label.id);
            let entered = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let add = ui.button("Add").on_hover_text("Add a new proposition");
            if add.clicked() || entered {
                let text = self.new_text.trim().to_owned();
                if text.is_empty() {
                    self.message = Some("Type the text of the new proposition first".to_owned());
                    return;
                }
                let proposition = Proposition::new(text);
                self.selected = Some(proposition.id);
                commands.push(Command::Edit {
                    edit: Edit::InsertProposition {
                        at: None,
                        proposition,
                    },
                    label: "Add proposition".to_owned(),
                });
                self.new_text.clear();
                self.message = None;
            }
        });
    }

    /// One row per proposition, in project order; each row accepts a dropped claim.
    fn list_ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        summaries: &HashMap<PropositionId, Summary>,
        commands: &mut Vec<Command>,
    ) {
        if project.propositions.is_empty() {
            ui.label(RichText::new("No propositions yet: add one above").weak());
            return;
        }
        let error = ui.visuals().error_fg_color;
        for proposition in &project.propositions {
            let summary = summaries.get(&proposition.id).copied().unwrap_or_default();
            let row = ui.horizontal(|ui| {
                let selected = self.selected == Some(proposition.id);
                if ui
                    .selectable_label(selected, &proposition.text)
                    .on_hover_text("Show this proposition; drop a claim here to link it")
                    .clicked()
                {
                    self.select(Some(proposition.id));
                }
                ui.label(
                    RichText::new(format!(
                        "{} · {}",
                        count_text(summary.claim_count, "claim"),
                        count_text(summary.source_count, "source")
                    ))
                    .weak(),
                );
                if summary.disputed {
                    ui.label(RichText::new("⚠ disputed").color(error))
                        .on_hover_text("Its sources disagree: opposing stances or figures");
                }
            });
            let response = row.response;
            if response.dnd_hover_payload::<ClaimId>().is_some() {
                let stroke = ui.visuals().widgets.active.bg_stroke;
                ui.painter().rect_stroke(
                    response.rect.expand(2.0),
                    3.0,
                    stroke,
                    egui::StrokeKind::Outside,
                );
            }
            if let Some(claim) = response.dnd_release_payload::<ClaimId>()
                && let Some(edit) = link_edit(project, *claim, proposition.id)
            {
                commands.push(Command::Edit {
                    edit,
                    label: "Link claim to proposition".to_owned(),
                });
            }
        }
    }

    fn details_ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        proposition: &Proposition,
        selected_claim: Option<ClaimId>,
        commands: &mut Vec<Command>,
    ) {
        let id = proposition.id;
        ui.horizontal(|ui| {
            let label = ui.label("Text");
            let response = ui
                .add(egui::TextEdit::singleline(&mut self.draft_text).desired_width(400.0))
                .labelled_by(label.id);
            if response.lost_focus() {
                let text = self.draft_text.trim().to_owned();
                if text.is_empty() {
                    self.message = Some("A proposition needs some text".to_owned());
                    self.draft_text = proposition.text.clone();
                } else if text != proposition.text {
                    let renamed = Proposition {
                        text,
                        ..proposition.clone()
                    };
                    self.push_update(renamed, "Rename proposition", commands);
                }
            }
        });
        let label = ui.label("Notes");
        let response = ui
            .add(
                egui::TextEdit::multiline(&mut self.draft_notes)
                    .desired_rows(3)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if response.lost_focus() && self.draft_notes != proposition.notes {
            let noted = Proposition {
                notes: self.draft_notes.clone(),
                ..proposition.clone()
            };
            self.push_update(noted, "Edit proposition notes", commands);
        }

        ui.horizontal_wrapped(|ui| {
            if ui
                .button("Compare side by side")
                .on_hover_text("Open the documents on this proposition side by side")
                .clicked()
            {
                commands.push(Command::CompareProposition(id));
            }
            if let Some(claim) = selected_claim
                && let Some(edit) = link_edit(project, claim, id)
                && ui
                    .button("Link the selected claim here")
                    .on_hover_text("Make the selected claim bear on this proposition")
                    .clicked()
            {
                commands.push(Command::Edit {
                    edit,
                    label: "Link claim to proposition".to_owned(),
                });
            }
        });

        self.merge_ui(ui, project, id, commands);
        ui.separator();
        self.claims_ui(ui, project, proposition, commands);
    }

    /// Pushes an update of the selected proposition, unless the same one is pending.
    fn push_update(&mut self, changed: Proposition, label: &str, commands: &mut Vec<Command>) {
        if self.pending.as_ref() == Some(&changed) {
            return;
        }
        self.pending = Some(changed.clone());
        commands.push(Command::Edit {
            edit: Edit::UpdateProposition(changed),
            label: label.to_owned(),
        });
    }

    fn merge_ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        id: PropositionId,
        commands: &mut Vec<Command>,
    ) {
        ui.horizontal(|ui| {
            let label = ui.label("Merge into");
            let shown = self
                .merge_into
                .and_then(|into| project.proposition(into))
                .map_or_else(|| "Choose a proposition".to_owned(), |p| p.text.clone());
            ComboBox::from_id_salt("proposition merge into")
                .selected_text(shown)
                .width(280.0)
                .truncate()
                .show_ui(ui, |ui| {
                    for other in project.propositions.iter().filter(|p| p.id != id) {
                        ui.selectable_value(&mut self.merge_into, Some(other.id), &other.text);
                    }
                })
                .response
                .labelled_by(label.id);
            let into = self.merge_into.filter(|&into| into != id);
            if ui
                .add_enabled(into.is_some(), egui::Button::new("Merge"))
                .on_hover_text("Move all its claims to the chosen proposition and remove it")
                .clicked()
                && let Some(into) = into
            {
                commands.push(Command::Edit {
                    edit: Edit::merge_proposition(project, id, Some(into)),
                    label: "Merge propositions".to_owned(),
                });
                self.select(Some(into));
            }
        });
    }

    /// The proposition's claims, each checkable, clickable and draggable, and the split.
    fn claims_ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        proposition: &Proposition,
        commands: &mut Vec<Command>,
    ) {
        let id = proposition.id;
        let claims: Vec<_> = project
            .claims
            .iter()
            .filter(|c| c.proposition == Some(id))
            .collect();
        ui.label(RichText::new(format!("Claims ({})", claims.len())).strong());
        if claims.is_empty() {
            ui.label(
                RichText::new("No claims yet: drag one onto this proposition in the list").weak(),
            );
            return;
        }
        self.checked
            .retain(|c| claims.iter().any(|claim| claim.id == *c));
        self.split_ui(ui, project, proposition, commands);
        for claim in &claims {
            ui.horizontal(|ui| {
                let mut checked = self.checked.contains(&claim.id);
                let checkbox = ui.add(egui::Checkbox::without_text(&mut checked));
                if checkbox.changed() {
                    if checked {
                        self.checked.insert(claim.id);
                    } else {
                        self.checked.remove(&claim.id);
                    }
                }
                let text = claim_line(project, claim.id);
                claim_drag_source(ui, claim.id, |ui| {
                    let line = ui
                        .add(egui::Label::new(&text).sense(egui::Sense::click()))
                        .on_hover_text(format!(
                            "“{}”\nClick to select; drag onto a proposition to move it",
                            claim.quote.exact.trim()
                        ));
                    checkbox.labelled_by(line.id);
                    if line.clicked() {
                        commands.push(Command::SelectClaim(Some(claim.id)));
                    }
                });
            });
        }
    }

    /// "Move checked claims to": an existing proposition, or a new one.
    fn split_ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        proposition: &Proposition,
        commands: &mut Vec<Command>,
    ) {
        let id = proposition.id;
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Move checked claims to");
            let shown = match self.move_to {
                Some(MoveTarget::New) => "New proposition…".to_owned(),
                Some(MoveTarget::Existing(to)) => project
                    .proposition(to)
                    .map_or_else(|| "Choose a proposition".to_owned(), |p| p.text.clone()),
                None => "Choose a proposition".to_owned(),
            };
            ComboBox::from_id_salt("proposition move to")
                .selected_text(shown)
                .width(240.0)
                .truncate()
                .show_ui(ui, |ui| {
                    if ui
                        .selectable_value(
                            &mut self.move_to,
                            Some(MoveTarget::New),
                            "New proposition…",
                        )
                        .clicked()
                        && self.split_text.is_empty()
                    {
                        self.split_text = proposition.text.clone();
                    }
                    for other in project.propositions.iter().filter(|p| p.id != id) {
                        ui.selectable_value(
                            &mut self.move_to,
                            Some(MoveTarget::Existing(other.id)),
                            &other.text,
                        );
                    }
                })
                .response
                .labelled_by(label.id);
            let ready = !self.checked.is_empty() && self.move_to.is_some();
            if ui
                .add_enabled(ready, egui::Button::new("Move"))
                .on_hover_text("Split: move the checked claims to the chosen proposition")
                .clicked()
            {
                self.move_checked(project, commands);
            }
        });
        if self.move_to == Some(MoveTarget::New) {
            ui.horizontal(|ui| {
                let label = ui.label("Text of the new proposition");
                ui.add(egui::TextEdit::singleline(&mut self.split_text).desired_width(320.0))
                    .labelled_by(label.id);
            });
        }
    }

    /// Pushes one batch moving the checked claims (making the target first if new).
    fn move_checked(&mut self, project: &Project, commands: &mut Vec<Command>) {
        let mut edits = Vec::new();
        let target = match self.move_to {
            Some(MoveTarget::Existing(to)) => to,
            Some(MoveTarget::New) => {
                let text = self.split_text.trim().to_owned();
                if text.is_empty() {
                    self.message = Some("Type the text of the new proposition first".to_owned());
                    return;
                }
                let proposition = Proposition::new(text);
                let to = proposition.id;
                edits.push(Edit::InsertProposition {
                    at: None,
                    proposition,
                });
                to
            }
            None => return,
        };
        let now = now_rfc3339();
        for claim in &project.claims {
            if self.checked.contains(&claim.id) && claim.proposition != Some(target) {
                let mut claim = claim.clone();
                claim.proposition = Some(target);
                claim.modified.clone_from(&now);
                edits.push(Edit::UpdateClaim(Box::new(claim)));
            }
        }
        commands.push(Command::Edit {
            edit: Edit::Batch(edits),
            label: "Move claims to proposition".to_owned(),
        });
        self.checked.clear();
        self.move_to = None;
        self.split_text.clear();
        self.message = None;
    }
}

/// The edit that makes `claim` bear on `proposition`, unless it already does.
fn link_edit(project: &Project, claim: ClaimId, proposition: PropositionId) -> Option<Edit> {
    let claim = project.claim(claim)?;
    if claim.proposition == Some(proposition) {
        return None;
    }
    let mut claim = claim.clone();
    claim.proposition = Some(proposition);
    claim.modified = now_rfc3339();
    Some(Edit::UpdateClaim(Box::new(claim)))
}

/// "source — stance — quote" for one claim.
fn claim_line(project: &Project, id: ClaimId) -> String {
    let Some(claim) = project.claim(id) else {
        return String::new();
    };
    let stance = claim
        .stance
        .and_then(|s| project.stance(s))
        .map_or("no stance", |s| s.name.as_str());
    format!(
        "{} — {} — {}",
        project.asserted_by(claim),
        stance,
        abbreviate(&claim.quote.exact)
    )
}

/// "1 claim", "3 sources".
fn count_text(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use egui::accesskit::Role;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    use super::*;

    /// A project state, for the tests' caches.
    const STAMP: Stamp = Stamp {
        workspace: 0,
        revision: 1,
    };
    use crate::edit;

    const AZOT: &str = "Civilians are sheltering in the Azot plant";
    const HELD: &str = "Civilians at Azot are held there against their will";

    struct State {
        project: Project,
        panel: PropositionsPanel,
        selected_claim: Option<ClaimId>,
        commands: Vec<Command>,
    }

    fn sample() -> Project {
        crate::io::project_file::load(Path::new("projects/severodonetsk.ron"))
            .expect("the sample project loads")
            .project
    }

    fn harness(selected_claim: Option<ClaimId>) -> Harness<'static, State> {
        let state = State {
            project: sample(),
            panel: PropositionsPanel {
                open: true,
                ..PropositionsPanel::default()
            },
            selected_claim,
            commands: Vec::new(),
        };
        let mut harness = Harness::builder().with_size([900.0, 900.0]).build_ui_state(
            |ui, state: &mut State| {
                let ctx = ui.ctx().clone();
                state.panel.show(
                    &ctx,
                    &state.project,
                    STAMP,
                    state.selected_claim,
                    &mut state.commands,
                );
            },
            state,
        );
        harness.run();
        harness
    }

    fn click(harness: &mut Harness<'_, State>, label: &str) {
        harness.get_by_label(label).click();
        harness.run();
    }

    /// Opens the combo box labelled `combo` and picks `option` (the popup's copy comes last).
    fn choose(harness: &mut Harness<'_, State>, combo: &str, option: &str) {
        harness.get_by_role_and_label(Role::ComboBox, combo).click();
        harness.run();
        harness
            .get_all_by_label(option)
            .last()
            .expect("option")
            .click();
        harness.run();
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

    fn id_of(project: &Project, text: &str) -> PropositionId {
        project.proposition_by_text(text).expect("proposition").id
    }

    /// Checks the first two claims on Azot; returns their ids.
    fn check_two(harness: &mut Harness<'_, State>) -> Vec<ClaimId> {
        let project = sample();
        let azot = id_of(&project, AZOT);
        let ids: Vec<ClaimId> = project
            .claims
            .iter()
            .filter(|c| c.proposition == Some(azot))
            .map(|c| c.id)
            .take(2)
            .collect();
        for &id in &ids {
            harness
                .get_by_role_and_label(Role::CheckBox, &claim_line(&project, id))
                .click();
            harness.run();
        }
        let checked: Vec<ClaimId> = harness.state().panel.checked.iter().copied().collect();
        let mut expected = ids.clone();
        expected.sort();
        assert_eq!(checked, expected);
        ids
    }

    #[test]
    fn the_list_marks_the_azot_civilians_as_disputed() {
        let mut harness = harness(None);
        harness.get_by_label(AZOT);
        let project = sample();
        let azot = id_of(&project, AZOT);
        let summary = harness.state_mut().panel.summaries(&project, STAMP)[&azot];
        assert!(summary.disputed);
        assert!(summary.claim_count >= 3 && summary.source_count >= 3);
        assert!(harness.query_all_by_label("⚠ disputed").count() >= 1);
        let counts = format!(
            "{} · {}",
            count_text(summary.claim_count, "claim"),
            count_text(summary.source_count, "source")
        );
        assert!(harness.query_all_by_label(&counts).count() >= 1);
    }

    #[test]
    fn renaming_pushes_one_update() {
        let mut harness = harness(None);
        click(&mut harness, AZOT);
        harness.get_by_label("Text").focus();
        harness.run();
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        harness.key_press(egui::Key::Backspace);
        harness
            .get_by_label("Text")
            .type_text("Civilians shelter at Azot");
        harness.key_press(egui::Key::Enter);
        harness.run();
        let project = sample();
        let expected = Proposition {
            text: "Civilians shelter at Azot".into(),
            ..project.proposition_by_text(AZOT).expect("azot").clone()
        };
        assert_eq!(
            edits(&harness),
            vec![(
                Edit::UpdateProposition(expected),
                "Rename proposition".to_owned()
            )]
        );
    }

    #[test]
    fn merging_pushes_the_merge_and_undo_restores_the_project() {
        let mut harness = harness(None);
        click(&mut harness, AZOT);
        choose(&mut harness, "Merge into", HELD);
        click(&mut harness, "Merge");
        let project = sample();
        let (azot, held) = (id_of(&project, AZOT), id_of(&project, HELD));
        let pushed = edits(&harness);
        assert_eq!(
            pushed,
            vec![(
                Edit::merge_proposition(&project, azot, Some(held)),
                "Merge propositions".to_owned()
            )]
        );
        let mut changed = project.clone();
        let inverse = edit::apply(&mut changed, pushed[0].0.clone()).expect("applies");
        assert!(changed.proposition(azot).is_none());
        assert!(changed.claims.iter().all(|c| c.proposition != Some(azot)));
        edit::apply(&mut changed, inverse).expect("undoes");
        assert_eq!(changed, project);
    }

    #[test]
    fn moving_two_checked_claims_moves_exactly_those() {
        let mut harness = harness(None);
        click(&mut harness, AZOT);
        let moved = check_two(&mut harness);
        choose(&mut harness, "Move checked claims to", HELD);
        click(&mut harness, "Move");
        let pushed = edits(&harness);
        assert_eq!(pushed.len(), 1);
        assert_eq!(pushed[0].1, "Move claims to proposition");
        let project = sample();
        let held = id_of(&project, HELD);
        let mut changed = project.clone();
        edit::apply(&mut changed, pushed[0].0.clone()).expect("applies");
        for (before, after) in project.claims.iter().zip(&changed.claims) {
            if moved.contains(&before.id) {
                assert_eq!(after.proposition, Some(held));
            } else {
                assert_eq!(after, before);
            }
        }
        assert_eq!(changed.propositions, project.propositions);
    }

    #[test]
    fn moving_to_a_new_proposition_creates_it_in_the_same_batch() {
        let mut harness = harness(None);
        click(&mut harness, AZOT);
        let moved = check_two(&mut harness);
        choose(&mut harness, "Move checked claims to", "New proposition…");
        harness.get_by_label("Text of the new proposition").focus();
        harness.run();
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        harness.key_press(egui::Key::Backspace);
        harness
            .get_by_label("Text of the new proposition")
            .type_text("Civilians shelter in the Azot basements");
        harness.run();
        click(&mut harness, "Move");
        let pushed = edits(&harness);
        assert_eq!(pushed.len(), 1);
        let Edit::Batch(batch) = &pushed[0].0 else {
            panic!("not a batch: {:?}", pushed[0].0);
        };
        assert!(matches!(batch[0], Edit::InsertProposition { .. }));
        assert_eq!(batch.len(), 3);
        let project = sample();
        let mut changed = project.clone();
        edit::apply(&mut changed, pushed[0].0.clone()).expect("applies");
        let new = changed
            .proposition_by_text("Civilians shelter in the Azot basements")
            .expect("made")
            .id;
        let on_new: Vec<ClaimId> = changed
            .claims
            .iter()
            .filter(|c| c.proposition == Some(new))
            .map(|c| c.id)
            .collect();
        assert_eq!(on_new, moved);
    }

    #[test]
    fn linking_the_selected_claim_pushes_its_update() {
        let project = sample();
        let azot = id_of(&project, AZOT);
        let claim = project
            .claims
            .iter()
            .find(|c| c.proposition != Some(azot))
            .expect("a claim elsewhere")
            .clone();
        let mut harness = harness(Some(claim.id));
        click(&mut harness, AZOT);
        click(&mut harness, "Link the selected claim here");
        let pushed = edits(&harness);
        assert_eq!(pushed.len(), 1);
        assert_eq!(pushed[0].1, "Link claim to proposition");
        let Edit::UpdateClaim(updated) = &pushed[0].0 else {
            panic!("not a claim update: {:?}", pushed[0].0);
        };
        assert_eq!(updated.id, claim.id);
        assert_eq!(updated.proposition, Some(azot));
    }

    #[test]
    fn no_link_button_when_the_claim_is_already_here() {
        let project = sample();
        let azot = id_of(&project, AZOT);
        let claim = project
            .claims
            .iter()
            .find(|c| c.proposition == Some(azot))
            .expect("a claim on Azot")
            .id;
        let mut harness = harness(Some(claim));
        click(&mut harness, AZOT);
        assert!(
            harness
                .query_by_label("Link the selected claim here")
                .is_none()
        );
    }
}
