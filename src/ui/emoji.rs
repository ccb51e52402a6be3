//! Colour emoji, drawn from the system's colour emoji font (issue 15).
//!
//! egui's own emoji font is monochrome and knows no sequences: a flag 🇺🇦 shows
//! as two letters, a family 👨‍👩‍👧 as three faces, ✊🏻 as a fist and a swatch.
//! [`install_colour_emoji`] adds a [`GlyphRasterizer`] of
//! [`FontPriority::Highest`], which epaint asks about every grapheme cluster
//! before its fonts. For a cluster that is an emoji ([`is_emoji_cluster`]) it
//! shapes the cluster with the colour emoji font (flags, keycaps, skin tones and
//! ZWJ sequences are ligatures there, so the cluster becomes one glyph), takes
//! that glyph's PNG from the font's bitmap strike (Noto Color Emoji has one, at
//! 109 pixels per em), scales it to the text's size with a box filter and puts
//! it on the baseline as a glyph of that size would sit. epaint lays the
//! cluster out as that one glyph followed by zero-width continuations, so
//! cursors and selections still count chars.
//!
//! Anything else gets `None` and is drawn as before: every other cluster, at
//! once (no font is touched for Latin, Arabic or CJK text); an emoji when there
//! is no colour emoji font, when the font has no single glyph for the cluster
//! (a sequence newer than the font) or when it is not a PNG bitmap (a COLR
//! font). egui's monochrome emoji font then draws it: never a box.
//!
//! The font is found (with fontique, as fontconfig would find it, then at the
//! usual Linux paths) the first time an emoji is drawn, mapped, and kept for
//! the life of the process: that frame takes some 20–40 ms longer, once. Each
//! emoji then costs about 0.1–0.3 ms the first time it is drawn at a size (the
//! PNG decode is most of it). Nothing else is cached here: epaint keeps each
//! result, and each `None`, per cluster and size.

use std::io::Cursor;
use std::sync::{Arc, OnceLock};

use egui::epaint::text::{
    FontPriority, GlyphBitmap, GlyphRasterizer, GlyphRasterizerRequest, RasterizedGlyph,
    has_emoji_presentation,
};
use egui::{Color32, ColorImage, vec2};
use skrifa::bitmap::{BitmapData, BitmapFormat, BitmapStrikes, Origin};

/// Identifies our rasterizer to egui, so that installing it twice is harmless.
const RASTERIZER_KEY: &str = "triangulate::ui::emoji";

/// Where distributions put Noto Color Emoji, tried when fontique finds no colour
/// emoji font (Debian and Ubuntu, Fedora, Arch).
const KNOWN_PATHS: [&str; 3] = [
    "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf",
    "/usr/share/fonts/google-noto-color-emoji-fonts/NotoColorEmoji.ttf",
    "/usr/share/fonts/noto/NotoColorEmoji.ttf",
];

/// The largest emoji bitmap we make, in pixels a side: beyond it epaint's glyph
/// atlas refuses the glyph (`epaint::text::MAX_GLYPH_SIZE`), and the monochrome
/// font is better than nothing.
const MAX_SIDE_PX: usize = 1024;

/// Makes every text in `ctx` draw emoji in colour from the system's colour
/// emoji font, where there is one (see the module documentation). Cheap: the
/// font is looked for only when the first emoji is drawn.
pub fn install_colour_emoji(ctx: &egui::Context) {
    ctx.add_glyph_rasterizer(
        GlyphRasterizer::new(RASTERIZER_KEY, rasterize).with_priority(FontPriority::Highest),
    );
}

/// Whether the rasterizer draws `cluster` (one grapheme cluster) in colour, if
/// the font has it: a cluster with emoji presentation per Unicode (UTS #51).
///
/// That is an emoji that is colour by default (😀, ✊, 🔥), a flag (a pair of
/// regional indicators, 🇺🇦), a keycap (1️⃣), a skin tone (✊🏻), a ZWJ sequence
/// (👨‍👩‍👧) and a symbol asking for emoji style with U+FE0F (❤️). Not a symbol
/// that is text by default and does not ask (❤, ©, ™, ↔): like a browser with
/// a text font that has it, we leave it to the text fonts, which keeps arrows
/// and marks in running text the colour of the text. Not U+FE0E (text style).
///
/// Fast for text: a cluster of only characters below U+203C (Latin, Greek,
/// Cyrillic, Hebrew, Arabic, Indic…) or of kana, CJK ideographs and Hangul
/// (U+3040–U+D7FF) is refused without a table lookup; no emoji-presentation
/// character lies in either range.
pub fn is_emoji_cluster(cluster: &str) -> bool {
    let surely_text = cluster
        .chars()
        .all(|c| c < '\u{203C}' || ('\u{3040}'..='\u{D7FF}').contains(&c));
    !surely_text && has_emoji_presentation(cluster)
}

/// Whether a colour emoji font this module can draw from is installed (found,
/// and loaded, on the first call).
pub fn colour_emoji_font_found() -> bool {
    emoji_font().is_some()
}

/// The rasterizer: `cluster` in colour at `font_size_px`, or `None` to let the
/// fonts draw it.
fn rasterize(request: &GlyphRasterizerRequest<'_>) -> Option<RasterizedGlyph> {
    if !is_emoji_cluster(request.cluster) {
        return None;
    }
    let size_px = request.font_size_px;
    if !(size_px.is_finite() && 0.0 < size_px) {
        return None;
    }
    emoji_font()?.rasterize(request.cluster, size_px)
}

/// The colour emoji font, looked for on the first call.
fn emoji_font() -> Option<&'static EmojiFont> {
    static FONT: OnceLock<Option<EmojiFont>> = OnceLock::new();
    FONT.get_or_init(EmojiFont::find).as_ref()
}

/// A colour emoji font with PNG bitmaps (CBDT/CBLC), ready to shape with.
struct EmojiFont {
    /// The font file, mapped by fontique (or read, from a known path).
    data: fontique::Blob<u8>,

    /// The font's index in `data` (a collection may hold several).
    index: u32,

    /// What harfrust needs to shape with the font, built once.
    shaper_data: harfrust::ShaperData,
}

impl EmojiFont {
    /// The system's colour emoji font: fontconfig's choice for `emoji` (through
    /// fontique), or Noto Color Emoji by name, or at a known path.
    fn find() -> Option<Self> {
        // fontique panics when fontconfig has no font at all (see `super::fonts`):
        // then the known paths are tried, and failing those the monochrome font draws.
        let system = std::panic::catch_unwind(Self::from_system).ok().flatten();
        system.or_else(|| {
            KNOWN_PATHS.iter().find_map(|path| {
                let bytes = std::fs::read(path).ok()?;
                Self::new(fontique::Blob::new(Arc::new(bytes)), 0)
            })
        })
    }

    /// The first font fontique offers for the `emoji` family (then for "Noto
    /// Color Emoji") that has colour bitmaps.
    fn from_system() -> Option<Self> {
        let mut collection = fontique::Collection::new(fontique::CollectionOptions {
            shared: false,
            system_fonts: true,
        });
        let mut source_cache = fontique::SourceCache::default();
        let mut query = collection.query(&mut source_cache);
        query.set_families([
            fontique::QueryFamily::Generic(fontique::GenericFamily::Emoji),
            fontique::QueryFamily::Named("Noto Color Emoji"),
        ]);
        let mut found = None;
        query.matches_with(|font| match Self::new(font.blob.clone(), font.index) {
            Some(emoji_font) => {
                found = Some(emoji_font);
                fontique::QueryStatus::Stop
            }
            None => fontique::QueryStatus::Continue,
        });
        found
    }

    /// The font at `index` in `data`, if it has PNG bitmap strikes (CBDT).
    fn new(data: fontique::Blob<u8>, index: u32) -> Option<Self> {
        let font = skrifa::FontRef::from_index(data.as_ref(), index).ok()?;
        let strikes = BitmapStrikes::with_format(&font, BitmapFormat::Cbdt)?;
        if strikes.is_empty() {
            return None;
        }
        let shaper_data = harfrust::ShaperData::new(&font);
        Some(Self {
            data,
            index,
            shaper_data,
        })
    }

    /// `cluster` drawn in colour at `size_px` pixels per em, if the font has one
    /// PNG glyph for it.
    fn rasterize(&self, cluster: &str, size_px: f32) -> Option<RasterizedGlyph> {
        let font = skrifa::FontRef::from_index(self.data.as_ref(), self.index).ok()?;
        let glyph_id = self.single_glyph(&font, cluster)?;
        let strikes = BitmapStrikes::with_format(&font, BitmapFormat::Cbdt)?;
        let glyph = strikes.glyph_for_size(skrifa::instance::Size::new(size_px), glyph_id)?;
        // CBDT places bitmaps from their top left; sbix (bottom left) is Apple's.
        if glyph.placement_origin != Origin::TopLeft {
            return None;
        }
        let BitmapData::Png(png_bytes) = glyph.data else {
            return None;
        };
        if !(0.0 < glyph.ppem_x && 0.0 < glyph.ppem_y) {
            return None;
        }
        let scale_x = size_px / glyph.ppem_x;
        let scale_y = size_px / glyph.ppem_y;

        let source = Pixels::from_png(png_bytes)?;
        let width = scaled_len(source.width, scale_x)?;
        let height = scaled_len(source.height, scale_y)?;
        let image = source.box_scaled(width, height).to_color_image();

        // The bearings are in the strike's pixels: from the pen on the baseline
        // to the bitmap's left edge, and up to its top edge.
        let offset_px = vec2(
            (glyph.inner_bearing_x * scale_x).round(),
            -(glyph.inner_bearing_y * scale_y).round(),
        );
        let advance_px = glyph
            .advance
            .map_or(width as f32, |advance| advance * scale_x);
        Some(RasterizedGlyph {
            bitmap: GlyphBitmap {
                image,
                offset_px,
                is_color: true,
            },
            advance_px,
        })
    }

    /// The one glyph the font shapes `cluster` to (a flag, a keycap, a family are
    /// ligatures), or `None` if it shapes to several or to `.notdef`.
    fn single_glyph(&self, font: &skrifa::FontRef<'_>, cluster: &str) -> Option<skrifa::GlyphId> {
        let shaper = self.shaper_data.shaper(font).build();
        let mut buffer = harfrust::UnicodeBuffer::new();
        // Variation selectors and joiners left over after the ligatures are
        // dropped rather than kept as invisible glyphs, so they do not count.
        buffer.set_flags(
            harfrust::BufferFlags::BEGINNING_OF_TEXT
                | harfrust::BufferFlags::END_OF_TEXT
                | harfrust::BufferFlags::REMOVE_DEFAULT_IGNORABLES,
        );
        buffer.push_str(cluster);
        buffer.guess_segment_properties();
        let glyphs = shaper.shape(buffer, harfrust::ShapeOptions::new());
        let [glyph] = glyphs.glyph_infos() else {
            return None;
        };
        let glyph_id = skrifa::GlyphId::new(glyph.glyph_id);
        (glyph_id != skrifa::GlyphId::NOTDEF).then_some(glyph_id)
    }
}

/// `len` source pixels scaled by `scale`, as a whole number of pixels (at least
/// one), or `None` beyond what the glyph atlas takes.
fn scaled_len(len: usize, scale: f32) -> Option<usize> {
    let scaled = (len as f32 * scale).round().max(1.0);
    (scaled <= MAX_SIDE_PX as f32).then_some(scaled as usize)
}

/// An image of premultiplied sRGBA pixels (each channel 0–255), row by row.
#[derive(Debug, Clone, PartialEq)]
struct Pixels {
    /// Columns.
    width: usize,

    /// Rows.
    height: usize,

    /// `width × height` pixels, premultiplied: red, green and blue times alpha/255.
    data: Vec<[f32; 4]>,
}

impl Pixels {
    /// The largest PNG we decode, in bytes of pixels: an emoji strike is 136×128.
    const MAX_DECODED_BYTES: usize = 16 << 20;

    /// Decodes a PNG (any colour type and bit depth) and premultiplies it.
    fn from_png(bytes: &[u8]) -> Option<Self> {
        let mut decoder = png::Decoder::new_with_limits(
            Cursor::new(bytes),
            png::Limits {
                bytes: Self::MAX_DECODED_BYTES,
            },
        );
        // Palette and low bit depths to 8-bit grey or RGB, transparency to alpha.
        decoder.set_transformations(png::Transformations::normalize_to_color8());
        let mut reader = decoder.read_info().ok()?;
        let mut buffer = vec![0; reader.output_buffer_size()?];
        let info = reader.next_frame(&mut buffer).ok()?;
        let width = usize::try_from(info.width).ok()?;
        let height = usize::try_from(info.height).ok()?;
        let channels = match info.color_type {
            png::ColorType::Grayscale => 1,
            png::ColorType::GrayscaleAlpha => 2,
            png::ColorType::Rgb => 3,
            png::ColorType::Rgba => 4,
            png::ColorType::Indexed => return None, // Expanded by `normalize_to_color8`.
        };
        if info.line_size == 0 {
            return None;
        }
        let mut data = Vec::with_capacity(width * height);
        for row in buffer.chunks(info.line_size).take(height) {
            for pixel in row.chunks_exact(channels).take(width) {
                let (rgb, alpha) = match *pixel {
                    [grey] => ([grey; 3], 255),
                    [grey, alpha] => ([grey; 3], alpha),
                    [r, g, b] => ([r, g, b], 255),
                    [r, g, b, alpha] => ([r, g, b], alpha),
                    _ => return None,
                };
                let alpha = f32::from(alpha);
                let [r, g, b] = rgb.map(|c| f32::from(c) * alpha / 255.0);
                data.push([r, g, b, alpha]);
            }
        }
        (data.len() == width * height).then_some(Self {
            width,
            height,
            data,
        })
    }

    /// This image scaled to `width × height` with a box filter: each new pixel is
    /// the average of the old pixels under it, weighted by how much of each it
    /// covers. Averaging premultiplied pixels keeps transparent pixels' colour out
    /// of the edges.
    fn box_scaled(&self, width: usize, height: usize) -> Self {
        let columns = box_weights(self.width, width);
        let rows = box_weights(self.height, height);

        // Across, each row of the source, then down, each column of that.
        let mut across = vec![[0.0; 4]; width * self.height];
        if 0 < self.width && 0 < width {
            for (source_row, across_row) in self
                .data
                .chunks_exact(self.width)
                .zip(across.chunks_exact_mut(width))
            {
                for (pixel, taps) in across_row.iter_mut().zip(&columns) {
                    for &(x, share) in taps {
                        if let Some(source) = source_row.get(x) {
                            add_scaled(pixel, source, share);
                        }
                    }
                }
            }
        }
        let mut data = vec![[0.0; 4]; width * height];
        if 0 < width {
            for (row, taps) in data.chunks_exact_mut(width).zip(&rows) {
                for &(y, share) in taps {
                    let Some(source_row) = across.get(y * width..(y + 1) * width) else {
                        continue;
                    };
                    for (pixel, source) in row.iter_mut().zip(source_row) {
                        add_scaled(pixel, source, share);
                    }
                }
            }
        }
        Self {
            width,
            height,
            data,
        }
    }

    /// The image as egui takes it (premultiplied sRGBA bytes).
    fn to_color_image(&self) -> ColorImage {
        let to_byte = |c: f32| c.round().clamp(0.0, 255.0) as u8;
        let pixels = self
            .data
            .iter()
            .map(|&[r, g, b, a]| {
                Color32::from_rgba_premultiplied(to_byte(r), to_byte(g), to_byte(b), to_byte(a))
            })
            .collect();
        ColorImage::new([self.width, self.height], pixels)
    }
}

/// `pixel += share × source`, channel by channel.
fn add_scaled(pixel: &mut [f32; 4], source: &[f32; 4], share: f32) {
    for (channel, source) in pixel.iter_mut().zip(source) {
        *channel += share * source;
    }
}

/// For each of `dst_len` pixels that replace `src_len` pixels in a line, the
/// source pixels it covers and the share of it each covers (the shares add up
/// to one). Works both ways: shrinking averages, enlarging repeats.
fn box_weights(src_len: usize, dst_len: usize) -> Vec<Vec<(usize, f32)>> {
    if src_len == 0 || dst_len == 0 {
        return vec![Vec::new(); dst_len];
    }
    let ratio = src_len as f64 / dst_len as f64;
    (0..dst_len)
        .map(|i| {
            let start = i as f64 * ratio;
            let end = ((i + 1) as f64 * ratio).min(src_len as f64);
            let first = start.floor() as usize;
            let last = (end.ceil() as usize).min(src_len);
            (first..last)
                .filter_map(|j| {
                    let covered = end.min((j + 1) as f64) - start.max(j as f64);
                    (0.0 < covered).then_some((j, (covered / ratio) as f32))
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_path_refuses_no_emoji() {
        // What `is_emoji_cluster` refuses without asking Unicode's tables has no
        // emoji presentation, one character at a time.
        let fast = ('\0'..'\u{203C}').chain('\u{3040}'..='\u{D7FF}');
        for c in fast {
            assert!(!has_emoji_presentation(c.encode_utf8(&mut [0; 4])), "{c:?}");
        }
    }

    #[test]
    fn box_weights_cover_each_pixel_once() {
        for (src, dst) in [(136, 17), (128, 16), (109, 14), (7, 3), (3, 7), (5, 5)] {
            let weights = box_weights(src, dst);
            assert_eq!(weights.len(), dst);
            for taps in &weights {
                let sum: f32 = taps.iter().map(|(_, share)| share).sum();
                assert!((sum - 1.0).abs() < 1e-5, "{src}→{dst}: {taps:?}");
            }
            // Every source pixel is used, in total as much as the ratio says.
            let mut used = vec![0.0_f32; src];
            for taps in &weights {
                for &(j, share) in taps {
                    used[j] += share;
                }
            }
            let expected = dst as f32 / src as f32;
            assert!(
                used.iter().all(|u| (u - expected).abs() < 1e-4),
                "{src}→{dst}: {used:?}"
            );
        }
        assert_eq!(
            box_weights(4, 2),
            vec![vec![(0, 0.5), (1, 0.5)], vec![(2, 0.5), (3, 0.5)]]
        );
    }

    #[test]
    fn box_scaling_averages_premultiplied_pixels() {
        // Opaque red beside transparent "green": the average is half-transparent
        // red, not a muddy brown.
        let source = Pixels {
            width: 2,
            height: 2,
            data: vec![
                [255.0, 0.0, 0.0, 255.0],
                [0.0, 0.0, 0.0, 0.0],
                [255.0, 0.0, 0.0, 255.0],
                [0.0, 0.0, 0.0, 0.0],
            ],
        };
        let scaled = source.box_scaled(1, 1);
        assert_eq!(scaled.data, vec![[127.5, 0.0, 0.0, 127.5]]);
        let image = scaled.to_color_image();
        assert_eq!(
            image.pixels,
            vec![Color32::from_rgba_premultiplied(128, 0, 0, 128)]
        );

        // A flat colour stays that colour at any size.
        let flat = Pixels {
            width: 136,
            height: 128,
            data: vec![[10.0, 20.0, 30.0, 40.0]; 136 * 128],
        };
        for (w, h) in [(17, 16), (1, 1), (300, 280)] {
            let scaled = flat.box_scaled(w, h);
            assert_eq!(scaled.data.len(), w * h);
            for px in &scaled.data {
                for (got, want) in px.iter().zip([10.0, 20.0, 30.0, 40.0]) {
                    assert!((got - want).abs() < 1e-3, "{w}×{h}: {px:?}");
                }
            }
        }
    }

    #[test]
    fn scaled_lengths_are_whole_and_bounded() {
        assert_eq!(scaled_len(136, 14.0 / 109.0), Some(17));
        assert_eq!(scaled_len(136, 0.001), Some(1));
        assert_eq!(scaled_len(136, 100.0), None);
    }

    #[test]
    fn png_decodes_and_premultiplies() {
        // A 2×1 RGBA PNG: opaque white, then half-transparent blue.
        let mut bytes = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut bytes, 2, 1);
            encoder.set_color(png::ColorType::Rgba);
            encoder.set_depth(png::BitDepth::Eight);
            let mut writer = encoder.write_header().unwrap();
            writer
                .write_image_data(&[255, 255, 255, 255, 0, 0, 255, 128])
                .unwrap();
        }
        let pixels = Pixels::from_png(&bytes).unwrap();
        assert_eq!((pixels.width, pixels.height), (2, 1));
        assert_eq!(
            pixels.data,
            vec![[255.0, 255.0, 255.0, 255.0], [0.0, 0.0, 128.0, 128.0]]
        );
        assert_eq!(Pixels::from_png(b"not a png"), None);
    }
}
