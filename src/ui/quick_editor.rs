//! The quick editor: appears beside a fresh selection to turn it into a claim.
//!
//! Stance on keys 1–9, then source, tags, proposition, value and note; Enter
//! creates the claim (and any new source, tags or proposition) as one undoable
//! step; Esc cancels.
//!
//! The keyboard: the editor opens with the keyboard on its stance row, so 1–9
//! (or ←/→) set the stance at once; Tab goes on to Source, Tags, Proposition,
//! Value, Note, Create and Cancel and round to the stance row again (Shift+Tab
//! back), never out of the editor. Enter in a field or on the stance row creates
//! the claim (Shift+Enter starts a new line in the note); when it closes, the
//! keyboard goes back where it was (the pane the selection was made in).

use egui::{Color32, Key, Pos2, RichText, Ui};

use crate::edit::Edit;
use crate::edit::names::{Names, Resolved};
use crate::model::{CharRange, Claim, DocumentId, Project, StanceId, slice};

use super::command::Command;
use super::view::{View, ViewContext};
use super::widgets::to_color32;

/// A claim being made from a selection.
#[derive(Clone, Debug)]
pub struct QuickEditor {
    /// The pane the selection was made in.
    pub pane: usize,
    /// The document.
    pub document: DocumentId,
    /// The selected range.
    pub range: CharRange,
    /// Where on screen the selection ends.
    pub corner: Pos2,
    /// The chosen stance.
    pub stance: Option<StanceId>,
    /// Who asserts it (an existing source's name, or a new one).
    pub source: String,
    /// Tags, separated by commas.
    pub tags: String,
    /// The proposition (an existing one's text, or a new one).
    pub proposition: String,
    /// A figure the claim states.
    pub value: String,
    /// A note.
    pub note: String,
    /// Whether the editor has been drawn.
    shown: bool,
    /// Whether its stance row has had the keyboard yet: it takes it once, as soon
    /// as it can (not while the new popup is only measured).
    focused_once: bool,
    /// Who had the keyboard when the editor opened, to give it back when it closes.
    return_focus: Option<egui::Id>,
}

impl View for QuickEditor {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let mut commands = Vec::new();
        let keep = self.show(
            ui.ctx(),
            cx.project(),
            &cx.prefs.annotator,
            cx.selected,
            &mut commands,
        );
        cx.extend(commands);
        if !keep {
            cx.push(Command::CloseQuickEditor);
        }
    }
}

impl QuickEditor {
    /// A quick editor for `range` of `document`.
    pub fn new(pane: usize, document: DocumentId, range: CharRange, corner: Pos2) -> Self {
        Self {
            pane,
            document,
            range,
            corner,
            stance: None,
            source: String::new(),
            tags: String::new(),
            proposition: String::new(),
            value: String::new(),
            note: String::new(),
            shown: false,
            focused_once: false,
            return_focus: None,
        }
    }

    /// Draws the editor; returns whether it stays open.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        project: &Project,
        annotator: &str,
        selected: Option<crate::model::ClaimId>,
        commands: &mut Vec<Command>,
    ) -> bool {
        let keep = self.contents(ctx, project, annotator, selected, commands);
        if !keep && let Some(id) = self.return_focus {
            // Back to the pane (or field) that had the keyboard before.
            ctx.memory_mut(|m| m.request_focus(id));
        }
        keep
    }

    /// Draws the editor; returns whether it stays open.
    fn contents(
        &mut self,
        ctx: &egui::Context,
        project: &Project,
        annotator: &str,
        selected: Option<crate::model::ClaimId>,
        commands: &mut Vec<Command>,
    ) -> bool {
        let Some(document) = project.document(self.document) else {
            return false;
        };
        let stance_id = stance_row_id();
        if !self.shown {
            self.shown = true;
            self.return_focus = ctx.memory(|m| m.focused());
        }
        // An orphaned claim of this document, or one re-anchoring moved, is selected:
        // offer to attach it here.
        let orphan = selected
            .and_then(|id| project.claim(id))
            .filter(|c| (c.orphaned || c.awaits_confirmation()) && c.document == self.document)
            .cloned();
        let mut reattach = false;
        let quote = slice(&document.text, self.range)
            .unwrap_or_default()
            .to_owned();
        // Only a text field keeps its keys; a focused button or row does not.
        let typing = ctx.text_edit_focused();
        let focused = ctx.memory(|m| m.focused());
        // Keys that work while no field has focus.
        if !typing {
            for (n, key) in NUMBER_KEYS.iter().enumerate() {
                if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, *key))
                    && let Some(stance) = project.stances.get(n)
                {
                    self.stance = Some(stance.id);
                }
            }
        }
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Escape)) {
            return false;
        }
        // Enter creates, except on the Cancel button (which it presses).
        let cancel_key = egui::Id::unique("quick editor cancel");
        let cancel_id = ctx.data(|d| d.get_temp::<egui::Id>(cancel_key));
        let note_id = egui::Id::unique("quick editor note");
        let enter_creates =
            (!typing && (focused.is_none() || focused != cancel_id)) || focused == Some(note_id);
        let mut create = enter_creates
            && ctx.input_mut(|i| {
                !i.modifiers.shift && i.consume_key(egui::Modifiers::NONE, Key::Enter)
            });
        if focused == Some(stance_id) {
            ctx.memory_mut(|m| {
                m.set_focus_lock_filter(
                    stance_id,
                    egui::EventFilter {
                        horizontal_arrows: true,
                        ..Default::default()
                    },
                );
            });
            let step = ctx.input_mut(|i| {
                i64::from(i.consume_key(egui::Modifiers::NONE, Key::ArrowRight))
                    - i64::from(i.consume_key(egui::Modifiers::NONE, Key::ArrowLeft))
            });
            let count = project.stances.len().min(9) as i64;
            if step != 0 && count > 0 {
                let at = self
                    .stance
                    .and_then(|id| project.stances.iter().position(|s| s.id == id))
                    .map_or(if step > 0 { -1 } else { count }, |at| at as i64);
                let next = (at + step).rem_euclid(count) as usize;
                self.stance = project.stances.get(next).map(|s| s.id);
            }
        }
        let mut cancel = false;

        let screen = ctx.content_rect();
        let width = 340.0;
        let pos = Pos2::new(
            (self.corner.x - width / 2.0)
                .clamp(screen.left() + 4.0, (screen.right() - width - 4.0).max(4.0)),
            (self.corner.y + 6.0)
                .min(screen.bottom() - 380.0)
                .max(screen.top() + 30.0),
        );
        egui::Area::new(egui::Id::unique("quick editor"))
            .order(egui::Order::Foreground)
            .fixed_pos(pos)
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_width(width);
                    let trap = super::claims_panel::FocusTrap::begin(
                        ui,
                        egui::Id::unique("quick editor focus trap"),
                    );
                    ui.label(RichText::new("New claim").strong());
                    let shown: String = quote.chars().take(160).collect();
                    let more = if quote.chars().count() > 160 {
                        "…"
                    } else {
                        ""
                    };
                    let shown = RichText::new(format!("“{shown}{more}”")).italics();
                    ui.label(super::bidi_layout::wrapped_text(ui, shown, width));
                    if let Some(orphan) = &orphan {
                        let old: String = orphan.quote.exact.chars().take(60).collect();
                        let what = if orphan.orphaned {
                            "orphaned"
                        } else {
                            "re-anchored"
                        };
                        if ui
                            .button(format!("Re-attach the {what} claim “{old}…” here"))
                            .on_hover_text("Make this selection the claim's text")
                            .clicked()
                        {
                            reattach = true;
                        }
                    }
                    ui.separator();

                    ui.label("Stance (keys 1–9)");
                    let row = ui.horizontal_wrapped(|ui| {
                        for (n, stance) in project.stances.iter().enumerate().take(9) {
                            let selected = self.stance == Some(stance.id);
                            let colour = to_color32(stance.colour);
                            let text = RichText::new(format!("{} {}", n + 1, stance.name))
                                .color(if selected { Color32::WHITE } else { colour });
                            // One Tab stop for the whole row (below), not one per stance.
                            let button = egui::Button::selectable(selected, text)
                                .fill(if selected {
                                    colour
                                } else {
                                    Color32::TRANSPARENT
                                })
                                .sense(egui::Sense::CLICK);
                            if ui.add(button).clicked() {
                                self.stance = if selected { None } else { Some(stance.id) };
                            }
                        }
                    });
                    let row = ui.interact(row.response.rect, stance_id, egui::Sense::FOCUSABLE);
                    row.widget_info(|| {
                        egui::WidgetInfo::labeled(
                            egui::Role::Group,
                            true,
                            "Stance: keys 1 to 9, or left and right",
                        )
                    });
                    if !self.focused_once && !ui.is_sizing_pass() && row.enabled() {
                        // Opened: the keyboard goes to the stance row, so 1–9 work at once.
                        self.focused_once = true;
                        row.request_focus();
                    }
                    if row.has_focus() {
                        ui.painter().rect_stroke(
                            row.rect.expand(2.0),
                            2.0,
                            ui.visuals().selection.stroke,
                            egui::StrokeKind::Outside,
                        );
                    }

                    let sources: Vec<&str> =
                        project.sources.iter().map(|s| s.name.as_str()).collect();
                    create |=
                        suggest_field(ui, "Source", &mut self.source, &sources, "who asserts it");
                    let tags: Vec<&str> = project.tags.iter().map(|t| t.path.as_str()).collect();
                    create |= tags_field(ui, &mut self.tags, &tags);
                    let propositions: Vec<&str> = project
                        .propositions
                        .iter()
                        .map(|p| p.text.as_str())
                        .collect();
                    create |= suggest_field(
                        ui,
                        "Proposition",
                        &mut self.proposition,
                        &propositions,
                        "the statement it bears on",
                    );
                    create |=
                        suggest_field(ui, "Value", &mut self.value, &[], "a figure it states");
                    let numbers = crate::values::numbers_in(&quote);
                    if !numbers.is_empty() {
                        ui.horizontal_wrapped(|ui| {
                            ui.label(RichText::new("Figures:").small().weak());
                            for number in numbers {
                                if ui
                                    .add(
                                        egui::Button::new(&number)
                                            .small()
                                            .sense(egui::Sense::CLICK),
                                    )
                                    .on_hover_text("Use as the value")
                                    .clicked()
                                {
                                    self.value = number;
                                }
                            }
                        });
                    }
                    let label = ui.label("Note");
                    // A fixed id, not one counted from the widgets above: their number
                    // changes as suggestions and hints come and go, and a field whose id
                    // changes loses the keyboard (and an input method's composition).
                    ui.add(
                        egui::TextEdit::multiline(&mut self.note)
                            .id(note_id)
                            .desired_rows(2)
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(label.id);
                    ui.separator();
                    ui.horizontal(|ui| {
                        if ui.button("Create claim").on_hover_text("Enter").clicked() {
                            create = true;
                        }
                        let button = ui.button("Cancel").on_hover_text("Esc");
                        ui.data_mut(|d| d.insert_temp(cancel_key, button.id));
                        if button.clicked() {
                            cancel = true;
                        }
                    });
                    trap.end(ui);
                });
            });
        if cancel {
            return false;
        }
        if reattach
            && let Some(claim) = orphan
            && let Some(edit) = crate::edit::anchoring::reattach(
                project,
                &claim,
                self.range,
                &crate::model::now_rfc3339(),
            )
        {
            commands.push(Command::Edit {
                edit,
                label: "Re-attach claim".into(),
            });
            return false;
        }
        if create {
            match self.to_edit(project, annotator) {
                Some(edit) => {
                    let id = claim_id_of(&edit);
                    commands.push(Command::Edit {
                        edit,
                        label: "Create claim".into(),
                    });
                    if let Some(id) = id {
                        commands.push(Command::SelectClaim(Some(id)));
                    }
                    return false;
                }
                None => commands.push(Command::Notify(
                    "The selection is no longer in the document; select the text again".into(),
                )),
            }
        }
        true
    }

    /// The edit that creates the claim with everything new it names, as one step.
    pub fn to_edit(&self, project: &Project, annotator: &str) -> Option<Edit> {
        let document = project.document(self.document)?;
        let mut claim = Claim::new(document, self.range, annotator)?;
        claim.stance = self.stance;
        let mut names = Names::new(project);
        claim.source = names.source(&self.source).map(Resolved::id);
        claim.tags = names.tag_list(&self.tags);
        claim.proposition = names.proposition(&self.proposition).map(Resolved::id);
        claim.value = self.value.trim().to_owned();
        claim.note = self.note.trim().to_owned();
        let mut edits = names.into_edits();
        edits.push(Edit::add_claim(claim));
        Some(Edit::Batch(edits))
    }
}

/// The id of the stance row, the editor's first Tab stop.
pub fn stance_row_id() -> egui::Id {
    egui::Id::unique("quick editor stance row")
}

/// The keys 1–9.
const NUMBER_KEYS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];

/// The id of the claim an edit made by [`QuickEditor::to_edit`] creates.
fn claim_id_of(edit: &Edit) -> Option<crate::model::ClaimId> {
    match edit {
        Edit::Batch(edits) => edits.iter().rev().find_map(claim_id_of),
        Edit::InsertClaim { claim, .. } => Some(claim.id),
        _ => None,
    }
}

/// A labelled one-line field with matching suggestions below it.
/// Returns true when Enter was pressed in it (and did not take a suggestion).
fn suggest_field(ui: &mut Ui, name: &str, text: &mut String, options: &[&str], hint: &str) -> bool {
    let needle = text.trim().to_lowercase();
    let matches = matching(options, &needle);
    // A field with no names to pick from (Value) never says "Enter creates".
    let exact = options.is_empty() || options.iter().any(|o| o.to_lowercase() == needle);
    match suggestion_field(ui, name, text, hint, &matches, exact) {
        Taken::Suggestion(option) => {
            *text = option;
            false
        }
        Taken::Enter => true,
        Taken::Nothing => false,
    }
}

/// The tags field: comma-separated paths, suggesting existing tags for the last one.
fn tags_field(ui: &mut Ui, text: &mut String, options: &[&str]) -> bool {
    let last = text.rsplit(',').next().unwrap_or("").trim().to_lowercase();
    let matches = matching(options, &last);
    let exact = options.iter().any(|o| o.to_lowercase() == last);
    let hint = "comma-separated, e.g. casualties/civilian";
    match suggestion_field(ui, "Tags", text, hint, &matches, exact) {
        Taken::Suggestion(option) => {
            let kept: Vec<&str> = text.split(',').map(str::trim).collect();
            let mut kept: Vec<String> = kept
                .iter()
                .take(kept.len().saturating_sub(1))
                .map(|s| (*s).to_owned())
                .collect();
            kept.push(option);
            *text = kept.join(", ");
            false
        }
        Taken::Enter => true,
        Taken::Nothing => false,
    }
}

/// The options that contain `needle` (lowercased), without the one equal to it; at most six.
fn matching(options: &[&str], needle: &str) -> Vec<String> {
    if needle.is_empty() {
        return Vec::new();
    }
    options
        .iter()
        .filter(|o| {
            let option = o.to_lowercase();
            option.contains(needle) && option != needle
        })
        .take(6)
        .map(|o| (*o).to_owned())
        .collect()
}

/// What a field with suggestions was asked to do this frame.
enum Taken {
    /// A suggestion was clicked, or chosen with the arrows and taken with Enter or Tab.
    Suggestion(String),
    /// Enter was pressed with no suggestion chosen.
    Enter,
    /// Neither.
    Nothing,
}

/// A labelled one-line field with `matches` offered under it as chips. The chips stay
/// while the pointer is pressed after the field had the keyboard, so that a click on
/// one lands (the press takes the keyboard away from the field); ↓ and ↑ choose one,
/// Enter or Tab takes it. When the text names nothing yet (`exact` is false), a line
/// says that Enter makes it new — and which names are close to it.
fn suggestion_field(
    ui: &mut Ui,
    name: &str,
    text: &mut String,
    hint: &str,
    matches: &[String],
    exact: bool,
) -> Taken {
    let id = ui.make_persistent_id(("suggestions", name));
    let chosen_id = id.with("chosen");
    let open_id = id.with("open");
    let focused = ui.memory(|m| m.has_focus(id));
    let mut chosen: Option<usize> = ui
        .data(|d| d.get_temp::<Option<usize>>(chosen_id))
        .flatten()
        .filter(|&at| at < matches.len());
    let mut taken = None;
    // Keys are read before the field sees them: Enter and Tab on a chosen suggestion
    // take it instead of leaving the field.
    if focused && !matches.is_empty() {
        ui.input_mut(|i| {
            if i.consume_key(egui::Modifiers::NONE, Key::ArrowDown) {
                chosen = Some(chosen.map_or(0, |at| (at + 1) % matches.len()));
            }
            if i.consume_key(egui::Modifiers::NONE, Key::ArrowUp) {
                chosen = Some(chosen.map_or(matches.len() - 1, |at| {
                    (at + matches.len() - 1) % matches.len()
                }));
            }
            if let Some(at) = chosen
                && (i.consume_key(egui::Modifiers::NONE, Key::Enter)
                    || i.consume_key(egui::Modifiers::NONE, Key::Tab))
            {
                taken = matches.get(at).cloned();
            }
        });
    }
    let label = ui.label(name);
    let response = ui
        .add(
            egui::TextEdit::singleline(text)
                .id(id)
                .hint_text(hint)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if response.changed() {
        chosen = None;
    }
    let enter = response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
    let was_open = ui.data(|d| d.get_temp::<bool>(open_id)).unwrap_or(false);
    let pointer_busy = ui.input(|i| i.pointer.any_down() || i.pointer.any_released());
    let open = response.has_focus() || (was_open && pointer_busy);
    if open && !matches.is_empty() {
        ui.horizontal_wrapped(|ui| {
            for (at, option) in matches.iter().enumerate() {
                if ui
                    .add(
                        egui::Button::selectable(chosen == Some(at), option.as_str())
                            .small()
                            .sense(egui::Sense::CLICK),
                    )
                    .on_hover_text("Click, or choose with ↓ ↑ and take with Enter or Tab")
                    .clicked()
                {
                    taken = Some(option.clone());
                }
            }
        });
    }
    let typed = text.rsplit(',').next().unwrap_or("").trim().to_owned();
    if open && !exact && !typed.is_empty() {
        let close = if matches.is_empty() {
            String::new()
        } else {
            " — or pick one of the names above".to_owned()
        };
        ui.label(
            RichText::new(format!("Enter creates “{typed}”{close}"))
                .small()
                .weak(),
        );
    }
    ui.data_mut(|d| {
        d.insert_temp(open_id, open && taken.is_none());
        d.insert_temp(chosen_id, if taken.is_some() { None } else { chosen });
    });
    match taken {
        Some(option) => {
            // Back to the field, to go on typing or press Enter.
            response.request_focus();
            Taken::Suggestion(option)
        }
        None if enter => Taken::Enter,
        None => Taken::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Colour, Source, Tag};

    #[test]
    fn new_names_become_new_things_in_one_edit() {
        let mut project = Project::new("p");
        let document = crate::model::Document::new("d", "Haidai said 568 civilians remain.");
        let doc_id = document.id;
        project.documents.push(document);
        project.sources.push(Source::new("Serhiy Haidai"));
        let mut editor = QuickEditor::new(0, doc_id, CharRange::new(12, 25), Pos2::ZERO);
        editor.source = "serhiy haidai".into();
        editor.tags = "figures, casualties/civilian".into();
        editor.proposition = "Civilians at Azot".into();
        editor.stance = Some(crate::model::Stance::SUPPORTS);
        let edit = editor.to_edit(&project, "ana").expect("edit");
        let mut after = project.clone();
        crate::edit::apply(&mut after, edit).expect("applies");
        assert_eq!(after.sources.len(), 1, "the existing source is reused");
        assert_eq!(after.tags.len(), 2);
        assert_eq!(after.propositions.len(), 1);
        let claim = after.claims.first().expect("claim");
        assert_eq!(claim.quote.exact, "568 civilians");
        assert_eq!(claim.annotator, "ana");
        assert_eq!(claim.tags.len(), 2);
    }

    #[test]
    fn a_spaced_tag_path_reuses_the_existing_tag() {
        let mut project = Project::new("p");
        let document = crate::model::Document::new("d", "Haidai said 568 civilians remain.");
        let doc_id = document.id;
        project.documents.push(document);
        let civilian = Tag::new("casualties/civilian", Colour::palette(0));
        let civilian_id = civilian.id;
        project.tags.push(civilian);
        let mut editor = QuickEditor::new(0, doc_id, CharRange::new(12, 25), Pos2::ZERO);
        editor.tags = "casualties / civilian".into();
        let edit = editor.to_edit(&project, "ana").expect("edit");
        let mut after = project.clone();
        crate::edit::apply(&mut after, edit).expect("applies");
        assert_eq!(after.tags.len(), 1, "no new tag");
        let claim = after.claims.first().expect("claim");
        assert_eq!(claim.tags, vec![civilian_id]);
    }
}
