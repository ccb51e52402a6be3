//! Right-to-left text, put in the order it is read on screen.
//!
//! A document's text is kept in logical order (the order it is typed and read);
//! Arabic, Hebrew, Persian or Urdu are *shown* right to left, with numbers and
//! Latin names inside them left to right. egui 0.37 lays every row out left to
//! right (egui issue #1016), so the reader does the Unicode bidirectional
//! algorithm (UAX #9, by the `unicode-bidi` crate) itself, with this module:
//!
//! 1. [`pieces`] cuts a paragraph into *pieces*: runs that are shaped as one
//!    (a word of one direction, a run of spaces, one punctuation mark inside
//!    right-to-left text), each with its embedding level.
//! 2. The window shapes each piece on its own (so an Arabic word's letters join
//!    and come out right to left) and measures it; [`break_lines`] wraps the
//!    pieces into lines of a width, breaking after spaces.
//! 3. [`visual_order`] puts each line's pieces in the order they are shown
//!    (rules L1 and L2 of UAX #9), and the window places them left to right,
//!    right-aligned when the paragraph is right-to-left.
//!
//! Char offsets stay logical everywhere else: a piece knows which characters it
//! shows, so a position on screen maps back to a character and a character
//! range to rectangles on screen. Nothing here knows egui.

use std::borrow::Cow;
use std::ops::Range;

use unicode_bidi::{BidiClass, BidiInfo, bidi_class};
use unicode_segmentation::UnicodeSegmentation as _;

/// A run of a paragraph that is shaped and placed as one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// Its characters, as char offsets within the paragraph.
    pub chars: Range<usize>,
    /// The same, in bytes.
    pub bytes: Range<usize>,
    /// Its embedding level: odd is right-to-left.
    pub level: u8,
    /// Whether it is white space (where a line may break).
    pub space: bool,
    /// Whether it is a tab or other segment separator (UAX #9 rule L1).
    pub separator: bool,
}

impl Piece {
    /// Whether it is shown right to left.
    pub fn is_rtl(&self) -> bool {
        self.level % 2 == 1
    }

    /// How many characters it has.
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// Whether it has no characters.
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }
}

/// A paragraph cut into pieces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pieces {
    /// The paragraph's level: 1 when its first strong character is right-to-left.
    pub level: u8,
    /// The pieces, in logical order.
    pub pieces: Vec<Piece>,
}

impl Pieces {
    /// Whether the paragraph reads right to left (and is aligned right).
    pub fn is_rtl(&self) -> bool {
        self.level % 2 == 1
    }
}

/// Whether `text` needs the bidi algorithm to be shown: it holds a right-to-left
/// letter or an explicit direction mark. Text without one shows as it is stored.
pub fn has_rtl(text: &str) -> bool {
    text.chars().any(|c| {
        // Everything below Hebrew is left-to-right or neutral.
        c >= '\u{0590}'
            && matches!(
                bidi_class(c),
                BidiClass::R
                    | BidiClass::AL
                    | BidiClass::RLE
                    | BidiClass::RLO
                    | BidiClass::RLI
                    | BidiClass::FSI
            )
    })
}

/// What kind of run a character belongs to, for cutting pieces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// White space.
    Space,
    /// A tab or other segment separator.
    Separator,
    /// Letters (and their marks) shown right to left: shaped together so they join.
    RtlWord,
    /// Characters of a right-to-left script shown left to right: Arabic-Indic digits.
    RtlScriptDigits,
    /// Anything else shown left to right: shaped together.
    LtrRun,
    /// A neutral character inside right-to-left text: a piece of its own.
    Single,
}

/// Whether `c` belongs to a right-to-left script's blocks (so a shaper guesses
/// right-to-left for it), e.g. Arabic-Indic digits.
fn in_rtl_script(c: char) -> bool {
    matches!(c,
        '\u{0590}'..='\u{08FF}'
        | '\u{FB1D}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}'
        | '\u{10800}'..='\u{10FFF}'
        | '\u{1E800}'..='\u{1EFFF}')
}

/// Whether `c` continues a right-to-left word: letters, marks, joiners, tatweel.
fn joins_word(c: char) -> bool {
    c.is_alphabetic()
        || matches!(bidi_class(c), BidiClass::NSM)
        || matches!(c, '\u{200C}' | '\u{200D}' | '\u{0640}')
}

/// Cuts `text` (one paragraph, no line break) into pieces.
pub fn pieces(text: &str) -> Pieces {
    let info = BidiInfo::new(text, None);
    let level = info.paragraphs.first().map_or(0, |p| p.level.number());
    let mut pieces: Vec<Piece> = Vec::new();
    let mut current: Option<(Piece, Kind)> = None;
    let mut char_index = 0;
    // A grapheme cluster (a flag, a family emoji, a letter and its marks) goes
    // whole into one piece, with the level and kind of its first character.
    for (byte, cluster) in text.grapheme_indices(true) {
        let Some(c) = cluster.chars().next() else {
            continue;
        };
        let count = cluster.chars().count();
        let char_level = info.levels.get(byte).map_or(level, |l| l.number());
        let kind = if c == '\t' || matches!(bidi_class(c), BidiClass::S) {
            Kind::Separator
        } else if c.is_whitespace() {
            Kind::Space
        } else if char_level % 2 == 1 {
            if joins_word(c) {
                Kind::RtlWord
            } else {
                Kind::Single
            }
        } else if in_rtl_script(c) {
            Kind::RtlScriptDigits
        } else {
            Kind::LtrRun
        };
        // A combining mark always stays with the character before it.
        let mark = matches!(bidi_class(c), BidiClass::NSM);
        let continues = current.as_ref().is_some_and(|(piece, previous)| {
            mark || (*previous == kind
                && piece.level == char_level
                && !matches!(kind, Kind::Single | Kind::Separator))
        });
        let end = byte + cluster.len();
        match current.as_mut() {
            Some((piece, _)) if continues => {
                piece.chars.end = char_index + count;
                piece.bytes.end = end;
            }
            _ => {
                if let Some((piece, _)) = current.take() {
                    pieces.push(piece);
                }
                current = Some((
                    Piece {
                        chars: char_index..char_index + count,
                        bytes: byte..end,
                        level: char_level,
                        space: matches!(kind, Kind::Space | Kind::Separator),
                        separator: kind == Kind::Separator,
                    },
                    kind,
                ));
            }
        }
        char_index += count;
    }
    if let Some((piece, _)) = current {
        pieces.push(piece);
    }
    Pieces { level, pieces }
}

/// The text to shape for `piece` so that it comes out right when placed as one
/// block: a bracket inside right-to-left text is mirrored, and digits of a
/// right-to-left script (which a shaper would run right to left) are reversed.
pub fn display_text<'a>(text: &'a str, piece: &Piece) -> Cow<'a, str> {
    let slice = text.get(piece.bytes.clone()).unwrap_or_default();
    if piece.is_rtl() {
        let mut chars = slice.chars();
        if let (Some(c), None) = (chars.next(), chars.next())
            && let Some(mirror) = mirrored(c)
        {
            return Cow::Owned(mirror.to_string());
        }
        Cow::Borrowed(slice)
    } else if slice.chars().count() > 1 && slice.chars().all(in_rtl_script) {
        Cow::Owned(slice.chars().rev().collect())
    } else {
        Cow::Borrowed(slice)
    }
}

/// The mirror image of a paired punctuation mark (Unicode's Bidi_Mirroring_Glyph,
/// for the marks that occur in news text).
fn mirrored(c: char) -> Option<char> {
    const PAIRS: [(char, char); 10] = [
        ('(', ')'),
        ('[', ']'),
        ('{', '}'),
        ('<', '>'),
        ('«', '»'),
        ('‹', '›'),
        ('⁅', '⁆'),
        ('≤', '≥'),
        ('⟨', '⟩'),
        ('⟦', '⟧'),
    ];
    PAIRS.iter().find_map(|&(a, b)| {
        if c == a {
            Some(b)
        } else if c == b {
            Some(a)
        } else {
            None
        }
    })
}

/// Wraps pieces of the given widths into lines no wider than `max_width`,
/// breaking after white space; returns each line's range of pieces.
///
/// White space at the end of a line may hang past the width; a piece wider
/// than the whole width gets a line of its own (the caller cuts such pieces
/// first if it wants them wrapped).
pub fn break_lines(pieces: &[Piece], widths: &[f32], max_width: f32) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut width = 0.0;
    // Where the line may break: the index of the first piece after white space.
    let mut last_break: Option<usize> = None;
    let mut index = 0;
    while index < pieces.len() {
        let Some(piece) = pieces.get(index) else {
            break;
        };
        let piece_width = widths.get(index).copied().unwrap_or(0.0);
        if !piece.space
            && width + piece_width > max_width
            && index > start
            && let Some(at) = last_break.filter(|&at| at > start)
        {
            lines.push(start..at);
            start = at;
            last_break = None;
            width = widths.get(at..index).unwrap_or_default().iter().sum();
            continue;
        }
        width += piece_width;
        if piece.space {
            last_break = Some(index + 1);
        }
        index += 1;
    }
    if start < pieces.len() || lines.is_empty() {
        lines.push(start..pieces.len());
    }
    lines
}

/// The pieces of `line` in the order they are shown, left to right (UAX #9
/// rules L1 and L2, over pieces: each piece is one level).
pub fn visual_order(pieces: &[Piece], line: Range<usize>, paragraph_level: u8) -> Vec<usize> {
    let slice = pieces.get(line.clone()).unwrap_or_default();
    let mut levels: Vec<u8> = slice.iter().map(|p| p.level).collect();
    // L1: separators, white space before them and at the end of the line take the
    // paragraph's level.
    let mut trailing = true;
    for (piece, level) in slice.iter().zip(levels.iter_mut()).rev() {
        if piece.separator {
            *level = paragraph_level;
            trailing = true;
        } else if piece.space && trailing {
            *level = paragraph_level;
        } else {
            trailing = false;
        }
    }
    let mut order: Vec<usize> = line.collect();
    // L2: from the highest level down to the lowest odd one, reverse every run
    // of pieces at that level or higher.
    let highest = levels.iter().copied().max().unwrap_or(0);
    let lowest_odd = levels
        .iter()
        .copied()
        .filter(|l| l % 2 == 1)
        .min()
        .unwrap_or(highest + 1);
    let mut at = highest;
    while at >= lowest_odd && at > 0 {
        let mut i = 0;
        while i < levels.len() {
            if levels.get(i).is_some_and(|&l| l >= at) {
                let run_start = i;
                while levels.get(i).is_some_and(|&l| l >= at) {
                    i += 1;
                }
                if let Some(run) = order.get_mut(run_start..i) {
                    run.reverse();
                }
                if let Some(run) = levels.get_mut(run_start..i) {
                    run.reverse();
                }
            } else {
                i += 1;
            }
        }
        at -= 1;
    }
    order
}

/// `text` (one line) as it reads on screen, left to right, with each
/// right-to-left run's characters reversed: what a fact-checker sees. For tests
/// and for checking a display, not for shaping (reversed Arabic does not join).
pub fn visual_string(text: &str) -> String {
    let cut = pieces(text);
    let widths = vec![0.0; cut.pieces.len()];
    let mut out = String::with_capacity(text.len());
    for line in break_lines(&cut.pieces, &widths, f32::INFINITY) {
        for index in visual_order(&cut.pieces, line, cut.level) {
            let Some(piece) = cut.pieces.get(index) else {
                continue;
            };
            let shown = display_text(text, piece);
            // A right-to-left piece is shaped right to left; the reversed digits of a
            // right-to-left script are shaped right to left too.
            let shaped_rtl = piece.is_rtl() || shown.chars().any(in_rtl_script);
            if shaped_rtl {
                out.extend(shown.chars().rev());
            } else {
                out.push_str(&shown);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pieces' texts, in logical order.
    fn texts(text: &str) -> Vec<&str> {
        pieces(text)
            .pieces
            .iter()
            .map(|p| &text[p.bytes.clone()])
            .collect()
    }

    #[test]
    fn which_text_needs_reordering() {
        assert!(!has_rtl("568 civilians in the Azot plant"));
        assert!(!has_rtl("Сєвєродонецьк 🇺🇦 北顿涅茨克 セベロドネツク"));
        assert!(has_rtl("قال الحاكم"));
        assert!(has_rtl("Haidai told עיתון"));
        assert!(has_rtl("\u{202B}embedded"));
    }

    #[test]
    fn pieces_are_words_spaces_and_marks() {
        let text = "قال الحاكم إن 568 مدنياً ما زالوا في المصنع.";
        let cut = pieces(text);
        assert!(cut.is_rtl());
        assert_eq!(
            texts(text),
            [
                "قال",
                " ",
                "الحاكم",
                " ",
                "إن",
                " ",
                "568",
                " ",
                "مدنياً",
                " ",
                "ما",
                " ",
                "زالوا",
                " ",
                "في",
                " ",
                "المصنع",
                "."
            ]
        );
        let digits = &cut.pieces[6];
        assert_eq!(digits.level, 2, "numbers are left to right inside Arabic");
        assert!(cut.pieces[0].is_rtl());
        // The accent (tanween) stays with its word.
        assert_eq!(texts("مدنياً")[0].chars().count(), 6);
    }

    /// The examples are built so that what a reader sees can be written down:
    /// Hebrew letters and digits, each line's expected reading left to right.
    #[test]
    fn lines_read_as_a_browser_shows_them() {
        let table = [
            // Plain left-to-right text is unchanged.
            ("568 civilians", "568 civilians"),
            // A Hebrew sentence with a number: the words right to left, the number not.
            ("אבג 24 דהו", "והד 24 גבא"),
            // A Latin name inside Hebrew keeps its own order.
            ("אמר Serhiy Haidai היום", "םויה Serhiy Haidai רמא"),
            // A Hebrew quote inside an English sentence.
            ("He said אבג דהו today", "He said והד גבא today"),
            // Brackets inside right-to-left text are mirrored.
            ("אבג (דהו)", "(והד) גבא"),
            // A full stop at the end of a right-to-left sentence shows at its left.
            ("אבג דהו.", ".והד גבא"),
            // Arabic-Indic digits run left to right.
            ("ب ٥٦٨ ت", "ت ٥٦٨ ب"),
            // Arabic with Western digits.
            ("في 568", "568 يف"),
        ];
        for (logical, shown) in table {
            assert_eq!(visual_string(logical), shown, "{logical}");
        }
    }

    #[test]
    fn lines_break_after_spaces() {
        let text = "aaa bbb ccc";
        let cut = pieces(text);
        let widths: Vec<f32> = cut.pieces.iter().map(|p| p.len() as f32).collect();
        // "aaa bbb" fits in 7; "ccc" goes to the next line; spaces may hang.
        assert_eq!(break_lines(&cut.pieces, &widths, 7.0), [0..4, 4..5]);
        assert_eq!(break_lines(&cut.pieces, &widths, 3.0), [0..2, 2..4, 4..5]);
        assert_eq!(break_lines(&cut.pieces, &widths, 100.0), vec![0..5]);
        // A piece wider than the line gets a line of its own.
        assert_eq!(break_lines(&cut.pieces, &widths, 2.0), [0..2, 2..4, 4..5]);
        assert_eq!(break_lines(&[], &[], 10.0), vec![0..0]);
    }

    #[test]
    fn trailing_space_takes_the_paragraph_level() {
        // In a right-to-left paragraph, the space ending a line is at its left end.
        let text = "אבג דהו ";
        let cut = pieces(text);
        let order = visual_order(&cut.pieces, 0..cut.pieces.len(), cut.level);
        assert_eq!(order, [3, 2, 1, 0]);
        // In a left-to-right paragraph, a space after a Hebrew word at the line's end
        // stays at the right end.
        let text = "a אבג דהו ";
        let cut = pieces(text);
        let order = visual_order(&cut.pieces, 0..cut.pieces.len(), cut.level);
        assert_eq!(order, [0, 1, 4, 3, 2, 5]);
    }

    #[test]
    fn emoji_clusters_are_never_cut() {
        // A skin tone, a family and a flag inside right-to-left text.
        let text = "אבג ✊🏻 👨\u{200d}👩\u{200d}👧 🇺🇦";
        assert_eq!(
            texts(text),
            ["אבג", " ", "✊🏻", " ", "👨\u{200d}👩\u{200d}👧", " ", "🇺🇦"]
        );
        let cut = pieces(text);
        assert_eq!(cut.pieces[2].len(), 2);
        assert_eq!(cut.pieces[4].chars, 7..12);
    }

    #[test]
    fn mirrored_brackets_and_reversed_digits() {
        let text = "אבג (";
        let cut = pieces(text);
        assert_eq!(display_text(text, &cut.pieces[2]), ")");
        let text = "ب ٥٦٨";
        let cut = pieces(text);
        assert_eq!(display_text(text, &cut.pieces[2]), "٨٦٥");
        assert_eq!(display_text("abc", &pieces("abc").pieces[0]), "abc");
    }
}
