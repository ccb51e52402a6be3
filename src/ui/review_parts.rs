//! Pieces of the review screen that need none of its state: a row of the
//! differences list, descriptions of claims and fields, and the buttons' tips.

use egui::{Color32, Ui};

use crate::model::{Claim, ClaimId, IdMap, Project};
use crate::review::{self as review, ClaimDiff, Diff, DiffKind, Field};

/// The kinds of difference, in list order, with their colours.
pub const KINDS: [(Kind, &str, Color32); 4] = [
    (
        Kind::Changed,
        "Changed",
        Color32::from_rgb(0xe0, 0x8a, 0x1e),
    ),
    (
        Kind::OnlyTheirs,
        "Only theirs",
        Color32::from_rgb(0x2e, 0x9d, 0x5b),
    ),
    (
        Kind::OnlyMine,
        "Only mine",
        Color32::from_rgb(0x3b, 0x7d, 0xd8),
    ),
    (Kind::Same, "Same", Color32::from_rgb(0x9e, 0x9e, 0x9e)),
];

/// A [`DiffKind`] without its fields, for grouping and filtering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Both have it, with differences.
    Changed,
    /// Only they have it.
    OnlyTheirs,
    /// Only I have it.
    OnlyMine,
    /// Both have it, alike.
    Same,
}

impl Kind {
    pub fn of(kind: &DiffKind) -> Self {
        match kind {
            DiffKind::Changed(_) => Self::Changed,
            DiffKind::OnlyTheirs => Self::OnlyTheirs,
            DiffKind::OnlyMine => Self::OnlyMine,
            DiffKind::Same => Self::Same,
        }
    }

    pub fn index(self) -> usize {
        KINDS.iter().position(|(k, _, _)| *k == self).unwrap_or(0)
    }

    pub fn colour(self) -> Color32 {
        self.entry().2
    }

    pub fn label(self) -> &'static str {
        self.entry().1
    }

    /// Its row of [`KINDS`].
    fn entry(self) -> &'static (Kind, &'static str, Color32) {
        let [first, ..] = &KINDS;
        KINDS.iter().find(|(k, _, _)| *k == self).unwrap_or(first)
    }
}

/// One row of the differences list: a coloured marker and two lines (each cut
/// to the width), selectable.
pub fn row_ui(
    ui: &mut Ui,
    lines: [&str; 2],
    selected: bool,
    colour: Color32,
    height: f32,
) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(
        egui::vec2(ui.available_width(), height),
        egui::Sense::click(),
    );
    let label = lines.join("\n");
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, &label));
    if ui.is_rect_visible(rect) {
        let visuals = ui.visuals();
        if selected {
            ui.painter()
                .rect_filled(rect, 2.0, visuals.selection.bg_fill);
        } else if response.hovered() {
            ui.painter()
                .rect_filled(rect, 2.0, visuals.widgets.hovered.weak_bg_fill);
        }
        let marker = egui::Rect::from_min_size(rect.min, egui::vec2(4.0, rect.height()));
        ui.painter().rect_filled(marker, 0.0, colour);
        let strong = if selected {
            visuals.selection.stroke.color
        } else {
            visuals.text_color()
        };
        let weak = if selected {
            strong
        } else {
            visuals.weak_text_color()
        };
        let font = egui::TextStyle::Body.resolve(ui.style());
        let mut y = rect.min.y + 4.0;
        for (line, colour) in lines.into_iter().zip([strong, weak]) {
            let mut job =
                egui::text::LayoutJob::simple_singleline(line.to_owned(), font.clone(), colour);
            job.wrap = egui::text::TextWrapping::truncate_at_width(rect.width() - 14.0);
            let galley = ui.painter().layout_job(job);
            let height = galley.size().y;
            ui.painter()
                .galley(egui::pos2(rect.min.x + 10.0, y), galley, colour);
            y += height + 2.0;
        }
    }
    response
}

/// How a colleague's project is named in the review: its file, and who made its claims
/// (most claims first; three names at most, then how many more).
pub fn theirs_label(project: &Project, file: &str) -> String {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for claim in &project.claims {
        let name = claim.annotator.trim();
        if !name.is_empty() {
            *counts.entry(name).or_default() += 1;
        }
    }
    let mut names: Vec<(&str, usize)> = counts.into_iter().collect();
    names.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let shown: Vec<&str> = names.iter().take(3).map(|(name, _)| *name).collect();
    match names.len() {
        0 => file.to_owned(),
        n if n > 3 => format!("{file} (claims by {} and {} more)", shown.join(", "), n - 3),
        _ => format!("{file} (claims by {})", shown.join(", ")),
    }
}

/// A claim's value of one field, for people.
pub fn field_value(project: &Project, claim: &crate::model::Claim, field: Field) -> String {
    match field {
        // Who asserts it: the document's outlet when no source is set.
        Field::Source => project.asserted_by(claim),
        Field::Span => format!("“{}”", review::short_quote(&claim.quote.exact)),
        _ => field.value_of(project, claim).unwrap_or_else(|| "—".into()),
    }
}

/// The hover text of a claim in one of the review's readers.
pub fn describe(project: &Project, diff: &Diff, id: ClaimId, is_mine: bool) -> String {
    let Some(claim) = project.claim(id) else {
        return String::new();
    };
    let kind = diff
        .claims
        .iter()
        .find(|row| {
            if is_mine {
                row.mine == Some(id)
            } else {
                row.theirs == Some(id)
            }
        })
        .map_or(Kind::Same, |row| Kind::of(&row.kind));
    let stance = field_value(project, claim, Field::Stance);
    let mut text = format!(
        "{} — {} — {stance}",
        kind.label(),
        project.asserted_by(claim)
    );
    let proposition = field_value(project, claim, Field::Proposition);
    if proposition != "—" {
        text.push_str(&format!("\nOn: {proposition}"));
    }
    text
}

pub fn keep_mine_tip(kind: &DiffKind) -> &'static str {
    match kind {
        DiffKind::OnlyTheirs => {
            "Reject their claim: it is kept in my project marked rejected, so nothing of theirs is lost"
        }
        DiffKind::OnlyMine => "Keep my claim (marked accepted)",
        _ => "Keep my version (marked accepted; their values are noted in the review comment)",
    }
}

pub fn take_theirs_tip(kind: &DiffKind) -> &'static str {
    match kind {
        DiffKind::OnlyTheirs => "Add their claim to my project (marked accepted)",
        DiffKind::OnlyMine => "They do not have it: delete my claim",
        _ => "Copy their values of the differing fields onto my claim",
    }
}

pub fn keep_both_tip(kind: &DiffKind) -> &'static str {
    match kind {
        DiffKind::OnlyTheirs => "Add their claim to my project (marked accepted)",
        DiffKind::OnlyMine => "Keep my claim (marked accepted)",
        _ => "Keep my claim and add theirs beside it as a separate claim",
    }
}

/// My claim with this id, through `index` (its place in my claims), or by a
/// search should the index not be up to date.
pub fn claim_in<'a>(
    mine: &'a Project,
    index: &IdMap<ClaimId, usize>,
    id: ClaimId,
) -> Option<&'a Claim> {
    index
        .get(&id)
        .and_then(|&at| mine.claims.get(at))
        .filter(|claim| claim.id == id)
        .or_else(|| mine.claim(id))
}

/// A difference's identity across recomputations: its two claims.
pub type RowKey = (Option<ClaimId>, Option<ClaimId>);

/// A difference's key.
pub fn key_of(row: &ClaimDiff) -> RowKey {
    (row.mine, row.theirs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Claim;

    #[test]
    fn a_colleagues_project_is_named_by_its_file_and_who_made_its_claims() {
        let mut project = Project::new("theirs");
        assert_eq!(theirs_label(&project, "bo.ron"), "bo.ron");
        for (name, claims) in [("Bo", 3), ("Ana", 5), ("Cy", 1), ("Di", 1), ("", 4)] {
            for _ in 0..claims {
                project.claims.push(Claim {
                    annotator: name.to_owned(),
                    ..Claim::default()
                });
            }
        }
        assert_eq!(
            theirs_label(&project, "bo.ron"),
            "bo.ron (claims by Ana, Bo, Cy and 1 more)"
        );
        project
            .claims
            .retain(|c| c.annotator != "Cy" && c.annotator != "Di");
        assert_eq!(
            theirs_label(&project, "bo.ron"),
            "bo.ron (claims by Ana, Bo)"
        );
    }
}
