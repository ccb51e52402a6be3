//! STUB so the crate compiles — helper-4 replaces this whole file.
use super::command::Command;
use crate::model::ClaimId;
use crate::workspace::Workspace;

/// The claims panel.
#[derive(Default)]
pub struct ClaimsPanel {}

impl ClaimsPanel {
    /// Draws the panel.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        _ws: &Workspace,
        _selected: Option<ClaimId>,
        _commands: &mut Vec<Command>,
    ) {
        ui.label("Claims");
    }
}
