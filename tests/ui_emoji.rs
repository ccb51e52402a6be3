//! Colour emoji (issue 15): with the system's fonts as the window has them, a
//! flag, a skin tone, a family and a smiley are each one colour glyph from the
//! colour emoji font, the size of the text and on its baseline; the text around
//! them is untouched. An emoji the colour font cannot draw as one glyph falls
//! back to egui's monochrome emoji font, never a box.
//!
//! Needs a colour emoji font (Debian: fonts-noto-color-emoji, which CI installs):
//! without one the layout tests are skipped here and fail under CI.
#![cfg(feature = "gui")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

use std::sync::Arc;
use std::time::Instant;

use egui::epaint::text::{Galley, Glyph, MissingGlyphPolicy};
use egui::{Color32, FontId};
use triangulate::ui::emoji::{colour_emoji_font_found, is_emoji_cluster};

mod common;

/// The text size of the reader, in points.
const SIZE: f32 = 14.0;

/// `text` laid out on one row at `size` points and `pixels_per_point`, in a
/// context with the window's fonts, where a character no font has panics.
fn layout(text: &str, size: f32, pixels_per_point: f32) -> Arc<Galley> {
    let ctx = egui::Context::default();
    triangulate::ui::install_system_fonts(&ctx);
    ctx.set_missing_glyph_policy(MissingGlyphPolicy::Panic);
    ctx.set_pixels_per_point(pixels_per_point);
    let mut galley = None;
    let mut output = ctx.run_pass(egui::RawInput::default(), |ctx| {
        galley = Some(ctx.fonts_mut(|fonts| {
            fonts.layout_no_wrap(text.to_owned(), FontId::proportional(size), Color32::WHITE)
        }));
    });
    output.textures_delta.clear(); // No renderer here to take the atlas.
    galley.unwrap()
}

/// The glyphs of the galley's one row, one per char.
fn glyphs(galley: &Galley) -> &[Glyph] {
    assert_eq!(galley.rows.len(), 1, "one row");
    &galley.rows[0].row.glyphs
}

/// Whether the tests that draw emoji can run here (see the module doc).
fn colour_font_present() -> bool {
    common::required(
        colour_emoji_font_found(),
        "a colour emoji font (apt-get install fonts-noto-color-emoji)",
    )
}

#[test]
fn each_emoji_is_one_colour_glyph_on_the_baseline() {
    if !colour_font_present() {
        return;
    }
    let text = "Kyiv 🇺🇦 ✊🏻 👨\u{200D}👩\u{200D}👧 😀 1\u{FE0F}\u{20E3} ❤\u{FE0F}";
    let galley = layout(text, SIZE, 1.0);
    let glyphs = glyphs(&galley);
    assert_eq!(glyphs.len(), text.chars().count(), "one glyph per char");

    // "Kyiv" is text, in the text colour.
    let kyiv = &glyphs[..4];
    assert_eq!(kyiv.iter().map(|g| g.chr).collect::<String>(), "Kyiv");
    for glyph in kyiv {
        assert!(!glyph.is_color, "{:?} is text, not colour", glyph.chr);
        assert!(!glyph.uv_rect.is_nothing());
    }
    let cap_top = glyphs[0].uv_rect.offset.y; // "K", from the baseline

    // Each emoji: its first char carries one colour bitmap about the size of the
    // text, the rest of the cluster are zero-width continuations.
    let mut at = 5;
    for cluster in text[5..].split(' ') {
        let chars = cluster.chars().count();
        let first = &glyphs[at];
        assert!(first.is_color, "{cluster:?} is a colour glyph");
        assert!(!first.uv_rect.is_nothing(), "{cluster:?} has pixels");
        assert!(
            (0.9 * SIZE..=1.5 * SIZE).contains(&first.advance_width),
            "{cluster:?} advances {} at {SIZE} pt",
            first.advance_width
        );
        let size = first.uv_rect.size;
        assert!(
            (0.7 * SIZE..=1.4 * SIZE).contains(&size.x)
                && (0.7 * SIZE..=1.4 * SIZE).contains(&size.y),
            "{cluster:?} is {size:?} at {SIZE} pt"
        );
        // It stands on the baseline as a glyph does: its top about the capitals'
        // top, its bottom a little below the baseline (Noto: 0.93 em up, 0.24 down).
        let top = first.uv_rect.offset.y;
        let bottom = top + size.y;
        assert!(
            (cap_top - 0.35 * SIZE..=cap_top + 0.1 * SIZE).contains(&top),
            "{cluster:?}: top {top}, capitals' top {cap_top}"
        );
        assert!(
            (0.0..=0.35 * SIZE).contains(&bottom),
            "{cluster:?}: bottom {bottom} below the baseline"
        );
        for rest in &glyphs[at + 1..at + chars] {
            assert_eq!(rest.advance_width, 0.0, "{cluster:?}: {:?}", rest.chr);
            assert!(rest.uv_rect.is_nothing(), "{cluster:?}: {:?}", rest.chr);
        }
        at += chars + 1; // and the space
    }
    assert_eq!(at, glyphs.len() + 1);
}

#[test]
fn emoji_scale_with_the_text_and_the_screen() {
    if !colour_font_present() {
        return;
    }
    for (size, pixels_per_point) in [(10.0, 1.0), (14.0, 2.0), (32.0, 1.5), (60.0, 1.0)] {
        let galley = layout("🇨🇦", size, pixels_per_point);
        let flag = &glyphs(&galley)[0];
        assert!(flag.is_color);
        let width = flag.uv_rect.size.x;
        assert!(
            (0.9 * size..=1.4 * size).contains(&width),
            "🇨🇦 is {width} points wide at {size} pt, {pixels_per_point} px/pt"
        );
    }
}

#[test]
fn what_the_colour_font_cannot_join_falls_back_to_monochrome() {
    if !colour_font_present() {
        return;
    }
    // Man ZWJ crab: one cluster, but no emoji the colour font has; it shapes to
    // two glyphs, so the rasterizer declines and egui's monochrome font draws
    // the cluster: epaint keeps the first glyph of a cluster its font cannot
    // join and drops the crab, as it does without us. No box either way (the
    // missing glyph policy would have panicked). Text-style ❤ stays text.
    let text = "👨\u{200D}🦀 ❤";
    let galley = layout(text, SIZE, 1.0);
    let glyphs = glyphs(&galley);
    let drawn: Vec<(char, bool)> = glyphs
        .iter()
        .filter(|g| !g.uv_rect.is_nothing())
        .map(|g| (g.chr, g.is_color))
        .collect();
    assert_eq!(drawn, [('👨', false), ('❤', false)]);
}

#[test]
fn emoji_clusters_are_told_from_text() {
    // Drawn in colour (when the font has them).
    for cluster in [
        "😀",
        "🔥",
        "✊",
        "🇺🇦", // flag: two regional indicators
        "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}", // Scotland: tags
        "✊🏻", // skin tone
        "☝🏻", // skin tone on a text-default base
        "👨\u{200D}👩\u{200D}👧", // ZWJ family
        "1\u{FE0F}\u{20E3}", // keycap
        "#\u{FE0F}\u{20E3}", // keycap
        "❤\u{FE0F}", // emoji style asked for
        "©\u{FE0F}",
        "㊗\u{FE0F}",
    ] {
        assert!(is_emoji_cluster(cluster), "{cluster:?} is an emoji");
    }
    // Left to the text fonts.
    for cluster in [
        "",
        "a",
        "K",
        "1",
        "#",
        "é",
        "e\u{301}",
        "Ж",
        "ש",
        "ع",
        "لا",
        "क्षि",
        "日",
        "本",
        "あ",
        "한",
        "ㄱ",
        "—",
        "…",
        "€",
        "→",
        "↔",
        "√",
        "❤",          // text style by default: U+FE0F not asked for
        "©",          // idem
        "™",          // idem
        "㊗",         // idem
        "1\u{20E3}",  // keycap without U+FE0F: not fully qualified
        "😀\u{FE0E}", // text style asked for
        "𝕏",          // a letter, not an emoji
    ] {
        assert!(!is_emoji_cluster(cluster), "{cluster:?} is text");
    }
}

/// Run by hand: `cargo test --release --test ui_emoji -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check"]
fn measure_cost() {
    let started = Instant::now();
    assert!(colour_emoji_font_found(), "needs the colour emoji font");
    println!(
        "finding and loading the font (once): {:?}",
        started.elapsed()
    );
    let line =
        "Kyiv 🇺🇦 Ottawa 🇨🇦 ✊🏻 👨\u{200D}👩\u{200D}👧 😀 ❤\u{FE0F} 🔥 🎉 🌍 🚀 — 568 civilians";
    let ctx = egui::Context::default();
    triangulate::ui::install_system_fonts(&ctx);
    let pass = |text: &str| {
        let started = Instant::now();
        let mut output = ctx.run_pass(egui::RawInput::default(), |ctx| {
            let _ = ctx.fonts_mut(|fonts| {
                fonts.layout_no_wrap(text.to_owned(), FontId::proportional(SIZE), Color32::WHITE)
            });
        });
        let elapsed = started.elapsed();
        output.textures_delta.clear();
        elapsed
    };
    let warm_up = pass("Kyiv and Ottawa — 568 civilians");
    let first = pass(line);
    let again = pass(line);
    let reordered = pass(
        "🚀 🌍 🎉 🔥 ❤\u{FE0F} 😀 👨\u{200D}👩\u{200D}👧 ✊🏻 🇨🇦 🇺🇦 — the same emoji, a new line",
    );
    let text_only = pass("Kyiv and Ottawa and other places — 568 civilians, again");
    println!("plain text, first pass (fonts): {warm_up:?}");
    println!("10 distinct emoji, first layout (rasterized): {first:?}");
    println!("same line, next pass (cached): {again:?}");
    println!("the same emoji in a new line (laid out, glyphs cached): {reordered:?}");
    println!("a plain line of new text: {text_only:?}");

    // What the rasterizer costs text with no emoji: epaint asks it about every
    // cluster (once per cluster and size). The same new paragraphs laid out
    // with the window's fonts, with and without it; best of 5.
    let paragraphs: Vec<String> = [
        "Haidai said 568 civilians remained in the Azot plant on Wednesday. ",
        include_str!("fixtures/scripts/ar.txt"),
        include_str!("fixtures/scripts/zh.txt"),
    ]
    .iter()
    .map(|text| text.repeat(20))
    .collect();
    for with_emoji in [false, true] {
        let ctx = egui::Context::default();
        if with_emoji {
            triangulate::ui::install_system_fonts(&ctx);
        } else {
            ctx.add_font_provider(Arc::new(
                egui_system_font_provider::SystemFontProvider::new(),
            ));
        }
        let mut best = vec![std::time::Duration::MAX; paragraphs.len()];
        for round in 0..6 {
            let mut output = ctx.run_pass(egui::RawInput::default(), |ctx| {
                for (paragraph, best) in paragraphs.iter().zip(&mut best) {
                    // New text each round, so nothing comes from the galley cache.
                    let text = format!("{round} {paragraph}");
                    let started = Instant::now();
                    let _ = ctx.fonts_mut(|fonts| {
                        fonts.layout(text, FontId::proportional(SIZE), Color32::WHITE, 600.0)
                    });
                    // Round 0 finds the fonts.
                    if 0 < round {
                        *best = (*best).min(started.elapsed());
                    }
                }
            });
            output.textures_delta.clear();
        }
        println!(
            "{} the rasterizer: Latin {:?}, Arabic {:?}, Chinese {:?} (each ~{} chars)",
            if with_emoji { "with" } else { "without" },
            best[0],
            best[1],
            best[2],
            paragraphs
                .iter()
                .map(|p| p.chars().count())
                .min()
                .unwrap_or(0),
        );
    }
}
