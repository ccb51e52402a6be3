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

/// Keeps `window` inside `area` (below the menu bar, above the status bar) and
/// no larger than it, so it can always be moved and closed; an empty area leaves
/// the window as it is.
pub fn fit_window(window: egui::Window<'static>, area: egui::Rect) -> egui::Window<'static> {
    if area.is_positive() {
        window.constrain_to(area).max_size(area.size())
    } else {
        window
    }
}

/// Where the app keeps the free area of this frame, for windows drawn without a
/// [`super::view::ViewContext`].
fn window_area_id() -> egui::Id {
    egui::Id::unique("triangulate window area")
}

/// Remembers this frame's free area (the app calls it once a frame).
pub fn set_window_area(ctx: &egui::Context, area: egui::Rect) {
    ctx.data_mut(|d| d.insert_temp(window_area_id(), area));
}

/// A window titled `title` that fits the free area of the app's window (see [`fit_window`]).
pub fn window(ctx: &egui::Context, title: impl Into<egui::WidgetText>) -> egui::Window<'static> {
    let area = ctx
        .data(|d| d.get_temp::<egui::Rect>(window_area_id()))
        .unwrap_or(egui::Rect::NOTHING);
    fit_window(egui::Window::new(title), area)
}

/// The WCAG relative luminance of a colour (0 black … 1 white).
fn luminance(colour: Color32) -> f32 {
    let channel = |c: u8| {
        let c = f32::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(colour.r()) + 0.7152 * channel(colour.g()) + 0.0722 * channel(colour.b())
}

/// The WCAG contrast ratio of two colours (1 … 21).
pub fn contrast(a: Color32, b: Color32) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The contrast text needs to be read comfortably (WCAG AA for normal text).
pub const READABLE_CONTRAST: f32 = 4.5;

/// `colour`, darkened (on a light background) or lightened (on a dark one) just
/// enough to be read as text on `background`: a tag's or stance's own colour
/// stays recognisable but never turns into pale tan on white.
pub fn readable(colour: Color32, background: Color32) -> Color32 {
    let toward = if luminance(background) > 0.4 {
        Color32::BLACK
    } else {
        Color32::WHITE
    };
    let mut step = 0.0_f32;
    let mut mixed = colour;
    while contrast(mixed, background) < READABLE_CONTRAST && step < 1.0 {
        step += 0.05;
        mixed = colour.lerp_to_gamma(toward, step.min(1.0));
    }
    mixed
}

/// Black or white, whichever reads better on `fill` (text on a coloured button).
pub fn text_on(fill: Color32) -> Color32 {
    if contrast(Color32::BLACK, fill) >= contrast(Color32::WHITE, fill) {
        Color32::BLACK
    } else {
        Color32::WHITE
    }
}

#[cfg(test)]
mod contrast_tests {
    use super::*;

    #[test]
    fn stance_and_tag_colours_become_readable_on_both_themes() {
        let tan = Color32::from_rgb(0xb8, 0xa0, 0x60);
        let light = egui::Visuals::light().panel_fill;
        let dark = egui::Visuals::dark().panel_fill;
        assert!(
            contrast(tan, light) < READABLE_CONTRAST,
            "tan on white is the bug"
        );
        for colour in [
            tan,
            Color32::from_rgb(0x4c, 0xaf, 0x50),
            Color32::from_rgb(0xe5, 0x39, 0x35),
            Color32::from_rgb(0x1e, 0x88, 0xe5),
            Color32::YELLOW,
            Color32::from_rgb(0x30, 0x30, 0x30),
        ] {
            for background in [light, dark] {
                let text = readable(colour, background);
                assert!(
                    contrast(text, background) >= READABLE_CONTRAST,
                    "{colour:?} on {background:?} gave {text:?}"
                );
            }
        }
        // A colour that already reads well is left as it is.
        assert_eq!(readable(Color32::BLACK, light), Color32::BLACK);
    }

    #[test]
    fn text_on_a_fill_is_black_or_white_whichever_reads() {
        assert_eq!(text_on(Color32::YELLOW), Color32::BLACK);
        assert_eq!(text_on(Color32::from_rgb(0x20, 0x20, 0x80)), Color32::WHITE);
        assert!(
            contrast(
                text_on(Color32::from_rgb(0xb8, 0xa0, 0x60)),
                Color32::from_rgb(0xb8, 0xa0, 0x60)
            ) >= READABLE_CONTRAST
        );
    }
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
