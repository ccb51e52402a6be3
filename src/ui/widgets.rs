//! Small drawing helpers every panel may use. This module uses no other module
//! of the window, so that panels never import one another for them.

use egui::{Color32, Ui};

use crate::model::{ClaimId, Colour};

/// Converts a model colour to egui's.
pub fn to_color32(colour: Colour) -> Color32 {
    Color32::from_rgb(colour.r, colour.g, colour.b)
}

/// How much of a faded highlight's colour shows.
pub const FADED: f32 = 0.3;

/// A highlight's colour as painted: faded ones (rejected in review, unchanged) faintly.
pub fn highlight_colour(highlight: &crate::highlight::Highlight) -> Color32 {
    let colour = to_color32(highlight.colour);
    if highlight.faded {
        colour.gamma_multiply(FADED)
    } else {
        colour
    }
}

/// How many characters of a quote a cell or a list line shows.
pub const QUOTE_CHARS: usize = 60;

/// At most [`QUOTE_CHARS`] characters of a quote, on one line, with "…" when cut.
pub fn abbreviate(quote: &str) -> String {
    let flat = quote.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= QUOTE_CHARS {
        return flat;
    }
    let cut: String = flat.chars().take(QUOTE_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

/// Makes `add_contents` draggable as `claim`: drop it on a proposition row to link it.
///
/// Clickable widgets inside stay clickable; the returned response covers the contents.
pub fn claim_drag_source(
    ui: &mut Ui,
    claim: ClaimId,
    add_contents: impl FnOnce(&mut Ui),
) -> egui::Response {
    let id = ui.scope_id().with(("claim drag source", claim));
    ui.dnd_drag_source(id, claim, add_contents).response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_are_short_and_flat() {
        assert_eq!(abbreviate("a\n b"), "a b");
        let long = "x".repeat(100);
        assert_eq!(abbreviate(&long).chars().count(), QUOTE_CHARS);
        assert!(abbreviate(&long).ends_with('…'));
    }
}
