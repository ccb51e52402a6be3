//! Words in a document's text, for snapping a selection to them.
//!
//! A word is a run of letters, digits, apostrophes and hyphens ("pro-Russian",
//! "Haidai’s", "568"), taken a grapheme cluster at a time so that an accent, a
//! Thai tone mark or a flag is never cut. Scripts written without spaces between
//! their words (Chinese, Japanese, Thai, Lao, Khmer, Myanmar) are cut further where
//! ICU4X's word segmenter cuts them: the rules of UAX #29, with a dictionary for
//! Chinese and Japanese and a neural model for the others. Text with spaces keeps
//! the rule the reader has always had (UAX #29 alone would cut "pro-Russian" in
//! three and leave "U.S" whole).
//!
//! Only a bounded stretch of text around a position is ever segmented, so that the
//! cost of a call does not grow with the document.

use icu_segmenter::options::WordBreakInvariantOptions;
use icu_segmenter::{
    GraphemeClusterSegmenter, GraphemeClusterSegmenterBorrowed, WordSegmenter,
    WordSegmenterBorrowed,
};
use std::sync::LazyLock;

use super::text::{CharRange, byte_offset};

/// How many characters on each side of a position are segmented to find the
/// word around it; a word longer than this is cut at that distance.
const REACH_CHARS: usize = 256;

/// The word segmenter, with its data for every script; built once.
static WORD_SEGMENTER: LazyLock<WordSegmenterBorrowed<'static>> =
    LazyLock::new(|| WordSegmenter::new_auto(WordBreakInvariantOptions::default()));

/// The grapheme cluster segmenter; built once.
static GRAPHEME_SEGMENTER: LazyLock<GraphemeClusterSegmenterBorrowed<'static>> =
    LazyLock::new(GraphemeClusterSegmenter::new);

/// Widens `range` to whole words and trims white space at its ends, as a
/// selection made by dragging the mouse should be.
///
/// Each end takes in the whole of a word it lies inside, or touches from
/// outside the selection ("civilians[, 568]" becomes "[civilians, 568]"), but not
/// when it lies exactly between two words (as between two Chinese words).
/// A range that holds only white space becomes empty at its start; a range
/// outside the text is returned as it is.
pub fn snap_to_words(text: &str, range: CharRange) -> CharRange {
    let Some(start) = byte_offset(text, range.start) else {
        return range;
    };
    let Some(end) = text
        .get(start..)
        .and_then(|rest| byte_offset(rest, range.len()))
        .map(|len| start + len)
    else {
        return range;
    };
    let Some(selected) = text.get(start..end) else {
        return range;
    };
    // Trim white space first, so a selection that starts in the gap before a word
    // does not grow backwards into the previous word.
    let trimmed = selected.trim_start();
    let first = end - trimmed.len();
    let last = first + trimmed.trim_end().len();
    if first >= last {
        return CharRange::new(range.start, range.start);
    }
    let word_start = start_of_selection(text, first);
    let word_end = end_of_selection(text, last);
    match (
        char_offset_near(text, start, range.start, word_start),
        char_offset_near(text, start, range.start, word_end),
    ) {
        (Some(start), Some(end)) => CharRange::new(start, end),
        _ => range,
    }
}

/// The word that holds the char at `offset`, as a double click selects it.
///
/// A white-space char gives just itself; any other char that is not part of a
/// word (punctuation, an emoji) gives itself with whatever draws as one with it
/// (the other half of a flag, an accent). Past the end of the text the range is
/// empty, at `offset`.
pub fn word_at(text: &str, offset: usize) -> CharRange {
    let empty = CharRange::new(offset, offset);
    let Some(at) = byte_offset(text, offset) else {
        return empty;
    };
    let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
        return empty;
    };
    if c.is_whitespace() {
        return CharRange::new(offset, offset + 1);
    }
    let boundaries = Boundaries::around(text, at);
    let start = boundaries
        .index_at_or_before(at)
        .and_then(|i| boundaries.get(i))
        .unwrap_or(at);
    let end = boundaries
        .get(boundaries.index_after(at))
        .unwrap_or(at + c.len_utf8());
    match (
        char_offset_near(text, at, offset, start),
        char_offset_near(text, at, offset, end),
    ) {
        (Some(start), Some(end)) => CharRange::new(start, end),
        _ => empty,
    }
}

/// Where a selection that starts at byte `at` (not before white space) should
/// start: at the start of the word it lies inside or touches from outside.
fn start_of_selection(text: &str, at: usize) -> usize {
    let boundaries = Boundaries::around(text, at);
    let Some(index) = boundaries.index_at_or_before(at) else {
        return at;
    };
    let Some(boundary) = boundaries.get(index) else {
        return at;
    };
    if boundary < at {
        return boundary;
    }
    // On a boundary: take in a word that ends here, unless another starts here.
    match index.checked_sub(1).and_then(|i| boundaries.get(i)) {
        Some(previous) if starts_word(text, previous) && !starts_word(text, at) => previous,
        _ => at,
    }
}

/// Where a selection that ends at byte `at` (not after white space) should end:
/// at the end of the word it lies inside or touches from outside.
fn end_of_selection(text: &str, at: usize) -> usize {
    let boundaries = Boundaries::around(text, at);
    let index = boundaries.index_at_or_after(at);
    let Some(boundary) = boundaries.get(index) else {
        return at;
    };
    if boundary > at {
        return boundary;
    }
    // On a boundary: take in a word that starts here, unless another ends here.
    let word_ends_here = index
        .checked_sub(1)
        .and_then(|i| boundaries.get(i))
        .is_some_and(|previous| starts_word(text, previous));
    match boundaries.get(index + 1) {
        Some(next) if starts_word(text, at) && !word_ends_here => next,
        _ => at,
    }
}

/// The word boundaries in the stretch of text around one position.
struct Boundaries {
    /// Byte offsets into the whole text, ascending; the ends of the stretch are
    /// boundaries too.
    offsets: Vec<usize>,
}

impl Boundaries {
    /// The boundaries around byte `at` of `text`: in the run of text without white
    /// space that holds it, up to [`REACH_CHARS`] on each side.
    fn around(text: &str, at: usize) -> Self {
        let (from, to) = stretch(text, at);
        let Some(stretch) = text.get(from..to) else {
            return Self { offsets: vec![at] };
        };
        // Each grapheme cluster with its first char, which says what kind it is.
        let clusters: Vec<(usize, char)> = GRAPHEME_SEGMENTER
            .segment_str(stretch)
            .filter_map(|at| Some((at, stretch.get(at..)?.chars().next()?)))
            .collect();
        let needs_segmenter = stretch
            .chars()
            .any(|c| written_without_spaces(c) || follows_segmenter(c));
        let segmenter_breaks: Vec<usize> = if needs_segmenter {
            WORD_SEGMENTER.segment_str(stretch).collect()
        } else {
            Vec::new()
        };
        let mut offsets = vec![from];
        for pair in clusters.windows(2) {
            let &[(_, before), (at, after)] = pair else {
                continue;
            };
            let segmenter_breaks_here = || segmenter_breaks.binary_search(&at).is_ok();
            if is_boundary(before, after, segmenter_breaks_here) {
                offsets.push(from + at);
            }
        }
        if to > from {
            offsets.push(to);
        }
        Self { offsets }
    }

    /// The byte offset of the `index`-th boundary.
    fn get(&self, index: usize) -> Option<usize> {
        self.offsets.get(index).copied()
    }

    /// The index of the last boundary at or before byte `at`.
    fn index_at_or_before(&self, at: usize) -> Option<usize> {
        self.offsets.partition_point(|&b| b <= at).checked_sub(1)
    }

    /// The index of the first boundary at or after byte `at` (one past the last
    /// when there is none).
    fn index_at_or_after(&self, at: usize) -> usize {
        self.offsets.partition_point(|&b| b < at)
    }

    /// The index of the first boundary after byte `at` (one past the last when
    /// there is none).
    fn index_after(&self, at: usize) -> usize {
        self.offsets.partition_point(|&b| b <= at)
    }
}

/// The bytes `from..to` of `text` that decide the words around byte `at`: the run
/// without white space that holds it, cut at [`REACH_CHARS`] on each side.
fn stretch(text: &str, at: usize) -> (usize, usize) {
    let mut from = at;
    for (i, c) in text
        .get(..at)
        .unwrap_or_default()
        .char_indices()
        .rev()
        .take(REACH_CHARS)
    {
        if c.is_whitespace() {
            break;
        }
        from = i;
    }
    let mut to = at;
    for (i, c) in text
        .get(at..)
        .unwrap_or_default()
        .char_indices()
        .take(REACH_CHARS)
    {
        if c.is_whitespace() {
            break;
        }
        to = at + i + c.len_utf8();
    }
    (from, to)
}

/// Whether a word boundary lies between two grapheme clusters that start with
/// `before` and `after`. `segmenter_breaks` says whether the word segmenter puts
/// one there; it is asked only where its answer counts.
fn is_boundary(before: char, after: char, segmenter_breaks: impl FnOnce() -> bool) -> bool {
    match (is_word(before), is_word(after)) {
        (true, true) if written_without_spaces(before) || written_without_spaces(after) => {
            segmenter_breaks()
        }
        (true, true) => false,
        (true, false) | (false, true) if follows_segmenter(before) || follows_segmenter(after) => {
            segmenter_breaks()
        }
        _ => true,
    }
}

/// Whether the char belongs in a word: a letter, a digit, an apostrophe or a hyphen.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\'' | '’' | '-')
}

/// Whether a grapheme cluster that starts at byte `at` of `text` is part of a word.
fn starts_word(text: &str, at: usize) -> bool {
    text.get(at..)
        .and_then(|rest| rest.chars().next())
        .is_some_and(is_word)
}

/// Whether the char is of a script written without spaces between words: Thai,
/// Lao, Myanmar, Khmer, Chinese characters, kana.
fn written_without_spaces(c: char) -> bool {
    matches!(
        u32::from(c),
        0x0E00..=0x0EFF // Thai, Lao
            | 0x1000..=0x109F // Myanmar
            | 0x1780..=0x17FF // Khmer
            | 0x19E0..=0x19FF // Khmer symbols
            | 0x2E80..=0x2FDF // CJK and Kangxi radicals
            | 0x3005..=0x3007 // 々 〆 〇
            | 0x3021..=0x3029 // Hangzhou numerals
            | 0x3031..=0x3035 // kana repeat marks
            | 0x3038..=0x303C
            | 0x3040..=0x30FF // Hiragana, Katakana
            | 0x31F0..=0x31FF // Katakana extension
            | 0x3400..=0x4DBF // CJK extension A
            | 0x4E00..=0x9FFF // CJK unified ideographs
            | 0xA9E0..=0xA9FF // Myanmar extended B
            | 0xAA60..=0xAA7F // Myanmar extended A
            | 0xF900..=0xFAFF // CJK compatibility ideographs
            | 0xFF66..=0xFF9F // halfwidth Katakana
            | 0x1B000..=0x1B16F // kana supplement and extensions
            | 0x20000..=0x323AF // CJK extensions B to H
    )
}

/// Whether the char is one that is not part of a word by itself but that the word
/// segmenter keeps inside one: Hebrew geresh and gershayim (and `"` for them, as
/// in צה"ל), and invisible format chars such as a soft hyphen or a right-to-left
/// mark.
fn follows_segmenter(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{5F3}'
            | '\u{5F4}'
            | '\u{AD}'
            | '\u{200C}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
    )
}

/// The char offset of byte `to` of `text`, knowing that byte `from` is char
/// `from_char`; counts only the chars between the two.
fn char_offset_near(text: &str, from: usize, from_char: usize, to: usize) -> Option<usize> {
    if to >= from {
        Some(from_char + text.get(from..to)?.chars().count())
    } else {
        from_char.checked_sub(text.get(to..from)?.chars().count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Snaps the part of `marked` between `[` and `]` and shows the result the same way.
    fn snapped(marked: &str) -> String {
        let start = marked.find('[').expect("[");
        let end = marked.find(']').expect("]");
        let text = format!(
            "{}{}{}",
            &marked[..start],
            &marked[start + 1..end],
            &marked[end + 1..]
        );
        let range = CharRange::new(
            marked[..start].chars().count(),
            marked[..end].chars().count() - 1,
        );
        shown(&text, snap_to_words(&text, range))
    }

    /// `text` with `[` and `]` around `range`.
    fn shown(text: &str, range: CharRange) -> String {
        let (a, b) = (
            byte_offset(text, range.start).expect("a"),
            byte_offset(text, range.end).expect("b"),
        );
        format!("{}[{}]{}", &text[..a], &text[a..b], &text[b..])
    }

    /// `text` cut into what a double click selects, with `|` between the pieces.
    fn split(text: &str) -> String {
        let mut pieces = Vec::new();
        let mut at = 0;
        while at < text.chars().count() {
            let word = word_at(text, at);
            assert!(
                word.start <= at && at < word.end,
                "{text:?} at {at}: {word:?}"
            );
            pieces.push(slice_of(text, CharRange::new(at, word.end)));
            at = word.end;
        }
        pieces.join("|")
    }

    fn slice_of(text: &str, range: CharRange) -> &str {
        crate::model::slice(text, range).expect("in range")
    }

    /// The rule `snap_to_words` had before it knew about scripts without spaces,
    /// kept to check that Latin and Cyrillic text snaps as it always did.
    fn snapped_by_the_old_rule(text: &str, range: CharRange) -> CharRange {
        let is_word = |c: char| c.is_alphanumeric() || c == '\'' || c == '’' || c == '-';
        let start = byte_offset(text, range.start).expect("start");
        let end = byte_offset(text, range.end).expect("end");
        let selected = &text[start..end];
        let mut start = start + (selected.len() - selected.trim_start().len());
        let mut end = start + selected.trim().len();
        if start >= end {
            return CharRange::new(range.start, range.start);
        }
        while let Some(c) = text[..start].chars().next_back().filter(|&c| is_word(c)) {
            start -= c.len_utf8();
        }
        while let Some(c) = text[end..].chars().next().filter(|&c| is_word(c)) {
            end += c.len_utf8();
        }
        let chars = |b: usize| text[..b].chars().count();
        CharRange::new(chars(start), chars(end))
    }

    #[test]
    fn selections_snap_to_whole_words() {
        assert_eq!(snapped("about 5[00 civ]ilians"), "about [500 civilians]");
        assert_eq!(snapped("the[ plant ]holds"), "the [plant] holds");
        assert_eq!(snapped("«Аз[о]т» 🇺🇦"), "«[Азот]» 🇺🇦");
        assert_eq!(snapped("Haidai’[s] men"), "[Haidai’s] men");
        assert_eq!(snapped("a [  ] b"), "a []   b");
    }

    #[test]
    fn latin_and_cyrillic_keep_their_words() {
        let cases = [
            // Apostrophes and hyphens belong to the word, other punctuation does not.
            (
                "«Азот» Haidai’s pro-Russian soldiers' U.S. 5,000 foo_bar",
                "«|Азот|»| |Haidai’s| |pro-Russian| |soldiers'| |U|.|S|.| |5|,|000| |foo|_|bar",
            ),
            // An accent that is a char of its own, a soft hyphen: still one word.
            (
                "моло\u{301}ко co\u{AD}operation",
                "моло\u{301}ко| |co\u{AD}operation",
            ),
        ];
        for (text, words) in cases {
            assert_eq!(split(text), words, "{text}");
        }
        let drags = [
            // An end that touches a word from outside takes it in, as it always did.
            ("civilians[, 568] remain", "[civilians, 568] remain"),
            ("[«]Азот»", "[«Азот]»"),
            ("the [pro]-Russian forces", "the [pro-Russian] forces"),
            ("мол[о\u{301}]ко", "[моло\u{301}ко]"),
            ("co\u{AD}[op]eration", "[co\u{AD}operation]"),
        ];
        for (marked, expected) in drags {
            assert_eq!(snapped(marked), expected, "{marked}");
        }
    }

    #[test]
    fn words_where_there_are_no_spaces() {
        let cases = [
            (
                "北约秘书长表示，俄罗斯军队已经包围了北顿涅茨克。",
                // The dictionary does not know the town's name: its characters stand alone.
                "北约|秘书|长|表示|，|俄罗斯|军队|已经|包围|了|北|顿|涅|茨|克|。",
            ),
            (
                "セベロドネツクの化学工場に市民568人が避難している。",
                "セベロドネツク|の|化学|工場|に|市民|568|人|が|避難|し|てい|る|。",
            ),
            (
                "ผู้ว่าการกล่าวว่ามีพลเรือน 568 คนอยู่ในโรงงาน",
                "ผู้|ว่า|การ|กล่าว|ว่า|มี|พลเรือน| |568| |คน|อยู่|ใน|โรง|งาน",
            ),
            ("北约NATO秘书长", "北约|NATO|秘书|长"),
        ];
        for (text, words) in cases {
            assert_eq!(split(text), words, "{text}");
        }
        let drags = [
            (
                "北约秘书长表示，俄[罗]斯军队已经包围了北顿涅茨克。",
                "北约秘书长表示，[俄罗斯]军队已经包围了北顿涅茨克。",
            ),
            // Exactly between two words: nothing to widen.
            ("表示，[俄罗斯]军队", "表示，[俄罗斯]军队"),
            ("表示[，俄]罗斯军队", "[表示，俄罗斯]军队"),
            (
                "セベロドネツクの化[学工]場に市民568人",
                "セベロドネツクの[化学工場]に市民568人",
            ),
            ("セベロ[ドネツク]の", "[セベロドネツク]の"),
            ("มีพล[เรือ]น 568 คน", "มี[พลเรือน] 568 คน"),
        ];
        for (marked, expected) in drags {
            assert_eq!(snapped(marked), expected, "{marked}");
        }
    }

    #[test]
    fn words_where_there_are_spaces() {
        let cases = [
            (
                "قال الحاكم إن 568 مدنياً ما زالوا في المصنع",
                "قال| |الحاكم| |إن| |568| |مدنياً| |ما| |زالوا| |في| |المصنع",
            ),
            ("قال إن ٥٦٨ مدنياً، في", "قال| |إن| |٥٦٨| |مدنياً|،| |في"),
            (
                "צה\"ל אמר כי 568 אזרחים נמצאים במפעל",
                "צה\"ל| |אמר| |כי| |568| |אזרחים| |נמצאים| |במפעל",
            ),
            ("״צה״ל״ ג׳ בית־ספר", "״|צה״ל|״| |ג׳| |בית|־|ספר"),
            (
                "북대서양조약기구 사무총장은 568명이라고 말했다.",
                "북대서양조약기구| |사무총장은| |568명이라고| |말했다|.",
            ),
        ];
        for (text, words) in cases {
            assert_eq!(split(text), words, "{text}");
        }
        let drags = [
            ("قال ال[حا]كم إن", "قال [الحاكم] إن"),
            ("אמר צ[ה]\"ל כי", "אמר [צה\"ל] כי"),
            ("사무[총]장은 568", "[사무총장은] 568"),
        ];
        for (marked, expected) in drags {
            assert_eq!(snapped(marked), expected, "{marked}");
        }
    }

    #[test]
    fn emoji_and_flags_stay_whole() {
        assert_eq!(split("🇺🇦🇵🇱 👩‍👩‍👧 👍🏽1️⃣!"), "🇺🇦|🇵🇱| |👩‍👩‍👧| |👍🏽|1️⃣|!");
        assert_eq!(snapped("x 🇺[🇦] y"), "x [🇺🇦] y");
        assert_eq!(snapped("x [🇺]🇦 y"), "x [🇺🇦] y");
        assert_eq!(snapped("x 👩‍[👩]‍👧 y"), "x [👩‍👩‍👧] y");
        // The second half of a flag is inside the flag.
        assert_eq!(shown("x 🇺🇦 y", word_at("x 🇺🇦 y", 3)), "x [🇺🇦] y");
    }

    #[test]
    fn a_double_click_selects_one_word_or_one_char() {
        let text = "Haidai said: 568 civilians.";
        let cases = [
            (0, "[Haidai] said: 568 civilians."),
            (5, "[Haidai] said: 568 civilians."),
            (6, "Haidai[ ]said: 568 civilians."),
            (11, "Haidai said[:] 568 civilians."),
            (14, "Haidai said: [568] civilians."),
            (26, "Haidai said: 568 civilians[.]"),
        ];
        for (offset, expected) in cases {
            assert_eq!(shown(text, word_at(text, offset)), expected, "{offset}");
        }
        // At and past the end: nothing.
        assert_eq!(word_at(text, 27), CharRange::new(27, 27));
        assert_eq!(word_at(text, 99), CharRange::new(99, 99));
        assert_eq!(word_at("", 0), CharRange::new(0, 0));
        // A selection outside the text is left as it is.
        assert_eq!(
            snap_to_words(text, CharRange::new(20, 99)),
            CharRange::new(20, 99)
        );
    }

    #[test]
    fn paragraphs_do_not_join() {
        assert_eq!(
            snapped("one\ntw[o\nth]ree\nfour"),
            "one\n[two\nthree]\nfour"
        );
        assert_eq!(split("北约\n秘书长"), "北约|\n|秘书|长");
    }

    #[test]
    fn a_word_longer_than_the_reach_is_cut_there() {
        let text = "x".repeat(3 * REACH_CHARS) + " 俄罗斯" + &"军".repeat(3 * REACH_CHARS);
        let word = word_at(&text, REACH_CHARS + 10);
        assert!(
            word.contains(REACH_CHARS + 10) && word.len() <= 2 * REACH_CHARS,
            "{word:?}"
        );
        let snapped = snap_to_words(&text, CharRange::new(REACH_CHARS + 10, REACH_CHARS + 11));
        assert!(
            snapped.len() > 1 && snapped.len() <= 2 * REACH_CHARS + 1,
            "{snapped:?}"
        );
        let russia = 3 * REACH_CHARS + 1;
        let snapped = snap_to_words(&text, CharRange::new(russia + 1, russia + 2));
        assert_eq!(snapped, CharRange::new(russia, russia + 3));
    }

    proptest::proptest! {
        #[test]
        fn latin_and_cyrillic_snap_as_they_always_did(
            text in "[abzABZ09аяАЯ'’\".,:;!?«»()_ \n\t-]{0,60}",
            start in proptest::prelude::any::<proptest::sample::Index>(),
            len in proptest::prelude::any::<proptest::sample::Index>(),
        ) {
            let chars = text.chars().count();
            let start = start.index(chars + 1);
            let end = start + len.index(chars + 1 - start);
            let range = CharRange::new(start, end);
            proptest::prop_assert_eq!(
                snap_to_words(&text, range),
                snapped_by_the_old_rule(&text, range)
            );
        }

        #[test]
        fn snapping_only_widens_and_every_char_has_its_word(
            text in "[ab 北约俄罗斯ผู้ว่าการ🇺🇦\u{301}\u{5F4}\u{AD}\n,-]{0,60}",
            start in proptest::prelude::any::<proptest::sample::Index>(),
            len in proptest::prelude::any::<proptest::sample::Index>(),
        ) {
            let chars = text.chars().count();
            let start = start.index(chars + 1);
            let end = start + len.index(chars + 1 - start);
            let snapped = snap_to_words(&text, CharRange::new(start, end));
            proptest::prop_assert!(snapped.end <= chars);
            let selected = slice_of(&text, CharRange::new(start, end));
            if !selected.trim().is_empty() {
                let leading = selected.chars().take_while(|c| c.is_whitespace()).count();
                let trailing = selected.chars().rev().take_while(|c| c.is_whitespace()).count();
                proptest::prop_assert!(snapped.start <= start + leading, "{:?}", snapped);
                proptest::prop_assert!(end <= snapped.end + trailing, "{:?}", snapped);
            }
            for at in 0..chars {
                let word = word_at(&text, at);
                proptest::prop_assert!(word.contains(at) && word.end <= chars, "{:?} at {}: {:?}", text, at, word);
            }
        }
    }

    /// Prints what snapping costs on a long document:
    /// `cargo test --release --lib model::words -- --ignored --nocapture`.
    #[test]
    #[ignore = "a measurement, not a check"]
    fn cost_of_snapping() {
        use std::time::Instant;
        let paragraph = "Serhiy Haidai said 568 civilians, including 38 children, remain in the \
                         Azot chemical plant in pro-Russian-held Sievierodonetsk.\n";
        let latin = paragraph.repeat(1_000_000 / paragraph.len());
        let sentence =
            "北约秘书长表示，俄罗斯军队已经包围了北顿涅茨克，市民五百六十八人仍在化工厂避难。";
        let chinese = sentence.repeat(100_000 / sentence.len());
        let no_breaks = "北约秘书长表示俄罗斯军队已经包围了北顿涅茨克".repeat(5_000);
        for (name, text) in [
            ("1 MB Latin", &latin),
            ("100 kB Chinese", &chinese),
            ("300 kB Chinese, no punctuation", &no_breaks),
        ] {
            let chars = text.chars().count();
            for (place, at) in [("start", 10), ("middle", chars / 2), ("end", chars - 20)] {
                let range = CharRange::new(at, at + 5);
                let runs = 200;
                let clock = Instant::now();
                for _ in 0..runs {
                    std::hint::black_box(snap_to_words(text, std::hint::black_box(range)));
                }
                let snap = clock.elapsed() / runs;
                let clock = Instant::now();
                for _ in 0..runs {
                    std::hint::black_box(word_at(text, std::hint::black_box(at)));
                }
                let word = clock.elapsed() / runs;
                let clock = Instant::now();
                for _ in 0..runs {
                    std::hint::black_box(snapped_by_the_old_rule(
                        text,
                        std::hint::black_box(range),
                    ));
                }
                let old = clock.elapsed() / runs;
                println!(
                    "{name} ({} bytes), {place}: snap_to_words {snap:?}, word_at {word:?}, \
                     the old rule {old:?}",
                    text.len()
                );
            }
        }
    }
}
