//! The claims panel's keyboard: Tab kept inside the panel, and the table's keys
//! (↑/↓, Home/End, 1–9, Enter; Delete is the app's shortcut).

use egui::{Sense, Ui};

use crate::model::{ClaimId, Project};

use super::super::command::Command;
use super::super::pickers;

/// Keeps Tab and Shift+Tab inside a region: two invisible focus stops, one before
/// its widgets and one after; Tab from the last widget lands on the one after,
/// which passes the keyboard on to the first widget next frame (and Shift+Tab
/// from the first lands on the one before, which passes it to the last).
pub struct FocusTrap {
    start: egui::Id,
    end: egui::Id,
}

impl FocusTrap {
    /// Opens the region: call before its first widget.
    pub fn begin(ui: &mut Ui, id: egui::Id) -> Self {
        let trap = Self {
            start: id.with("start"),
            end: id.with("end"),
        };
        let (start, end) = (trap.start, trap.end);
        ui.memory_mut(|m| {
            if m.has_focus(end) {
                m.request_focus(start);
                m.move_focus(egui::FocusDirection::Next);
            } else if m.has_focus(start) {
                m.request_focus(end);
                m.move_focus(egui::FocusDirection::Previous);
            }
        });
        trap.stop(ui, start, "Start of the panel");
        trap
    }

    /// Closes the region: call after its last widget.
    pub fn end(self, ui: &mut Ui) {
        self.stop(ui, self.end, "End of the panel");
    }

    /// An invisible focus stop.
    fn stop(&self, ui: &mut Ui, id: egui::Id, name: &'static str) {
        let rect = egui::Rect::from_min_size(ui.next_widget_position(), egui::Vec2::ZERO);
        ui.interact(rect, id, Sense::FOCUSABLE)
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Group, true, name));
    }
}

/// The id of the claims table's keyboard focus (↑/↓, Home/End, 1–9, Enter, Delete).
pub fn table_focus_id() -> egui::Id {
    egui::Id::unique("claims table keys")
}

/// The id of the claim editor's Value field, where Enter in the table puts the keyboard.
pub fn claim_value_id() -> egui::Id {
    egui::Id::unique("claim editor value")
}

/// The keys of the claims table, as the shortcuts window lists them: each is
/// handled in [`ClaimsPanel`]'s table while it has the keyboard.
pub const TABLE_KEYS: [egui::Key; 15] = [
    egui::Key::ArrowDown,
    egui::Key::ArrowUp,
    egui::Key::Home,
    egui::Key::End,
    egui::Key::Enter,
    egui::Key::Delete,
    egui::Key::Num1,
    egui::Key::Num2,
    egui::Key::Num3,
    egui::Key::Num4,
    egui::Key::Num5,
    egui::Key::Num6,
    egui::Key::Num7,
    egui::Key::Num8,
    egui::Key::Num9,
];

/// What a key pressed in the claims table asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableKey {
    /// Select the row at this position of the shown rows.
    Select(usize),
    /// Set the selected claim's stance to the project's n-th stance (from 0).
    Stance(usize),
    /// Edit the selected claim.
    Edit,
    /// Delete the selected claim (the app's Delete shortcut does it).
    Delete,
}

impl TableKey {
    /// What `key` does in a table of `rows` rows whose selected row is at
    /// `selected` (if it is shown).
    pub fn of(key: egui::Key, rows: usize, selected: Option<usize>) -> Option<Self> {
        use egui::Key;
        let last = rows.checked_sub(1)?;
        Some(match key {
            Key::ArrowDown => Self::Select(selected.map_or(0, |at| (at + 1).min(last))),
            Key::ArrowUp => Self::Select(selected.map_or(last, |at| at.saturating_sub(1))),
            Key::Home => Self::Select(0),
            Key::End => Self::Select(last),
            Key::Enter => Self::Edit,
            Key::Delete => Self::Delete,
            _ => {
                let n = TABLE_KEYS.iter().skip(6).position(|k| *k == key)?;
                Self::Stance(n)
            }
        })
    }
}

/// The table's keys, while it has the keyboard: a focus stop over the table's
/// area (`rows` are the shown rows, indices into the project's claims). Returns
/// the row the keys selected, to scroll to.
pub(super) fn table_keys_ui(
    ui: &mut Ui,
    rows: &[usize],
    project: &Project,
    selected: Option<ClaimId>,
    commands: &mut Vec<Command>,
) -> Option<usize> {
    let focus = table_focus_id();
    let mut chosen = None;
    let area = ui.available_rect_before_wrap();
    let keyboard = ui.interact(area, focus, Sense::FOCUSABLE);
    keyboard.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Group, true, "Claims table"));
    if keyboard.has_focus() {
        ui.memory_mut(|m| {
            m.set_focus_lock_filter(
                focus,
                egui::EventFilter {
                    vertical_arrows: true,
                    ..Default::default()
                },
            );
        });
        ui.painter().rect_stroke(
            area.shrink(1.0),
            2.0,
            ui.visuals().selection.stroke,
            egui::StrokeKind::Inside,
        );
        let at = selected.and_then(|id| {
            rows.iter()
                .position(|&at| project.claims.get(at).is_some_and(|c| c.id == id))
        });
        let pressed: Vec<TableKey> = ui.input_mut(|i| {
            let mut taken = Vec::new();
            i.events.retain(|event| match event {
                egui::Event::Key {
                    key,
                    pressed: true,
                    modifiers,
                    ..
                } if !modifiers.any() => match TableKey::of(*key, rows.len(), at) {
                    // Delete is the app's shortcut (undoable, in the Edit menu).
                    Some(TableKey::Delete) | None => true,
                    Some(action) => {
                        taken.push(action);
                        false
                    }
                },
                _ => true,
            });
            taken
        });
        for action in pressed {
            let claim = at
                .and_then(|at| rows.get(at))
                .and_then(|&i| project.claims.get(i));
            match action {
                TableKey::Select(row) => {
                    if let Some(claim) = rows.get(row).and_then(|&i| project.claims.get(i)) {
                        commands.push(Command::SelectClaim(Some(claim.id)));
                        chosen = Some(row);
                    }
                }
                TableKey::Stance(n) => {
                    if let Some(claim) = claim
                        && let Some(stance) = project.stances.get(n)
                        && let Some((edit, label)) =
                            pickers::apply_pick_stance(claim, Some(stance.id))
                    {
                        commands.push(Command::Edit { edit, label });
                    }
                }
                TableKey::Edit => {
                    if claim.is_some() {
                        ui.memory_mut(|m| m.request_focus(claim_value_id()));
                    }
                }
                TableKey::Delete => {}
            }
        }
    }
    chosen
}
