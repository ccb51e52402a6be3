//! Positions: how a document's selections count, and its text normalised with
//! each raw position mapped into it.
//!
//! The standard counts Unicode code points of the text; some tools count
//! otherwise (NVivo: UTF-16 code units after a byte-order mark, CRLF as two).
//! [`place`] tries each [`Counting`], keeps the one that puts the most selection
//! bounds on word bounds (the standard's on a tie), and maps the positions
//! through the normalisation every document text goes through.

use std::fmt;

use unicode_normalization::UnicodeNormalization as _;

use crate::model::{CharRange, normalise};

/// How the positions of a document's selections were counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Counting {
    /// Unicode code points of the text, from 0: the standard's counting.
    CodePoints,
    /// UTF-16 code units, the byte-order mark counted as one, CRLF as two (NVivo).
    Utf16AfterBom,
    /// UTF-16 code units, CRLF as two.
    Utf16,
    /// Code points, the byte-order mark counted as one.
    CodePointsAfterBom,
    /// Code points of the text with CRLF line ends counted as one.
    CodePointsLf,
    /// Bytes of the text in UTF-8.
    Utf8Bytes,
}

impl Counting {
    /// Every counting tried, the standard's first (it wins ties).
    pub const ALL: [Self; 6] = [
        Self::CodePoints,
        Self::Utf16AfterBom,
        Self::Utf16,
        Self::CodePointsAfterBom,
        Self::CodePointsLf,
        Self::Utf8Bytes,
    ];

    /// How it counts, for people.
    pub fn describe(self) -> &'static str {
        match self {
            Self::CodePoints => "in Unicode code points, as the standard says",
            Self::Utf16AfterBom => {
                "in UTF-16 code units after a byte-order mark, CRLF as two, as NVivo does"
            }
            Self::Utf16 => "in UTF-16 code units, CRLF as two",
            Self::CodePointsAfterBom => "in code points with the byte-order mark counted",
            Self::CodePointsLf => "in code points with each CRLF line end counted as one",
            Self::Utf8Bytes => "in bytes of UTF-8",
        }
    }

    /// How many units `c` takes, `next` being the character after it.
    pub(super) fn width(self, c: char, next: Option<char>) -> usize {
        match self {
            Self::CodePoints | Self::CodePointsAfterBom => 1,
            Self::Utf16 | Self::Utf16AfterBom => c.len_utf16(),
            Self::CodePointsLf => usize::from(!(c == '\r' && next == Some('\n'))),
            Self::Utf8Bytes => c.len_utf8(),
        }
    }

    /// Where the text starts: after the byte-order mark, when it counts one.
    pub(super) fn base(self, bom: bool) -> usize {
        usize::from(bom && matches!(self, Self::Utf16AfterBom | Self::CodePointsAfterBom))
    }

    /// Whether it counts `raw` differently from the standard.
    pub(super) fn differs(self, raw: &str, bom: bool) -> bool {
        match self {
            Self::CodePoints => false,
            Self::CodePointsAfterBom | Self::Utf16AfterBom => bom,
            Self::Utf16 => raw.chars().any(|c| c.len_utf16() > 1),
            Self::CodePointsLf => raw.contains("\r\n"),
            Self::Utf8Bytes => !raw.is_ascii(),
        }
    }
}

impl fmt::Display for Counting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// For each of `positions` (any order), the index of the character boundary of
/// `raw` at which `counting` reaches it, or `None` past the end or inside a character.
pub(super) fn locate(
    raw: &str,
    bom: bool,
    counting: Counting,
    positions: &[u64],
) -> Vec<Option<usize>> {
    let mut order: Vec<usize> = (0..positions.len()).collect();
    order.sort_by_key(|&i| positions.get(i).copied().unwrap_or(0));
    let mut found = vec![None; positions.len()];
    let mut chars = raw.chars().peekable();
    let mut offset = counting.base(bom) as u64;
    let mut boundary = 0usize;
    for i in order {
        let Some(&wanted) = positions.get(i) else {
            continue;
        };
        while offset < wanted {
            let Some(c) = chars.next() else {
                break;
            };
            offset += counting.width(c, chars.peek().copied()) as u64;
            boundary += 1;
        }
        let at = if wanted < counting.base(bom) as u64 {
            Some(0)
        } else {
            (offset == wanted).then_some(boundary)
        };
        if let Some(slot) = found.get_mut(i) {
            *slot = at;
        }
    }
    found
}

/// `raw` normalised exactly as [`normalise`] does, with the index in the result of
/// each character boundary of `raw` in `wanted` (sorted, each at most the number of
/// characters of `raw`).
pub(super) fn normalise_mapped(raw: &str, wanted: &[usize]) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(raw.len());
    let mut out_chars = 0usize;
    let mut found = Vec::with_capacity(wanted.len());
    let mut want = wanted.iter().peekable();
    let mut segment = String::new();
    let mut segment_chars = 0usize;
    let mut pending: Vec<usize> = Vec::new();
    // A segment starts at each ASCII character: nothing composes across one, so
    // composing segment by segment gives the same text as composing the whole.
    let flush = |segment: &mut String,
                 segment_chars: &mut usize,
                 pending: &mut Vec<usize>,
                 out: &mut String,
                 out_chars: &mut usize,
                 found: &mut Vec<usize>| {
        let ascii = segment.is_ascii();
        let composed: String = if ascii {
            std::mem::take(segment)
        } else {
            segment.nfc().collect()
        };
        let len = if ascii {
            composed.len()
        } else {
            composed.chars().count()
        };
        for &j in pending.iter() {
            found.push(*out_chars + j.min(len));
        }
        pending.clear();
        out.push_str(&composed);
        *out_chars += len;
        segment.clear();
        *segment_chars = 0;
    };
    let mut chars = raw.chars().peekable();
    let mut k = 0usize;
    while let Some(c) = chars.next() {
        let kept = match c {
            '\r' if chars.peek() == Some(&'\n') => None,
            '\r' => Some('\n'),
            '\u{feff}' => None,
            c if c.is_ascii_control() && c != '\n' && c != '\t' => None,
            c => Some(c),
        };
        if kept.is_some_and(|c| c.is_ascii()) && segment_chars > 0 {
            flush(
                &mut segment,
                &mut segment_chars,
                &mut pending,
                &mut out,
                &mut out_chars,
                &mut found,
            );
        }
        while want.next_if(|&&w| w <= k).is_some() {
            pending.push(segment_chars);
        }
        if let Some(c) = kept {
            segment.push(c);
            segment_chars += 1;
        }
        k += 1;
    }
    while want.next().is_some() {
        pending.push(segment_chars);
    }
    flush(
        &mut segment,
        &mut segment_chars,
        &mut pending,
        &mut out,
        &mut out_chars,
        &mut found,
    );
    (out, found)
}

/// What lies around a character boundary of a text.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Around {
    pub(super) byte: usize,
    pub(super) before: Option<char>,
    pub(super) after: Option<char>,
}

/// For each of `wanted` (sorted char boundaries of `text`), its byte offset and
/// the characters on either side; `None` past the end.
pub(super) fn around(text: &str, wanted: &[usize]) -> Vec<Option<Around>> {
    let mut found = Vec::with_capacity(wanted.len());
    let mut chars = text.char_indices().peekable();
    let mut k = 0usize;
    let mut before = None;
    for &w in wanted {
        while k < w {
            let Some((_, c)) = chars.next() else {
                break;
            };
            before = Some(c);
            k += 1;
        }
        if k == w {
            let (byte, after) = chars
                .peek()
                .map_or((text.len(), None), |&(b, c)| (b, Some(c)));
            found.push(Some(Around {
                byte,
                before,
                after,
            }));
        } else {
            found.push(None);
        }
    }
    found
}

pub(super) fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether a selection may well start here: not inside a word, not on a space.
pub(super) fn good_start(at: &Around) -> bool {
    !at.before.is_some_and(is_word) && at.after.is_some_and(|c| !c.is_whitespace())
}

/// Whether a selection may well end here.
pub(super) fn good_end(at: &Around) -> bool {
    !at.after.is_some_and(is_word) && at.before.is_some_and(|c| !c.is_whitespace())
}

/// Where a selection lies in the normalised text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Span {
    /// Its characters.
    pub(super) range: CharRange,
    /// The byte offset of its start.
    pub(super) start_byte: usize,
    /// The byte offset of its end.
    pub(super) end_byte: usize,
}

/// A document's text, normalised, with its selections placed in it.
pub(super) struct Placed {
    pub(super) text: String,
    pub(super) counting: Counting,
    pub(super) fitting: usize,
    /// Per selection: its range and byte range in `text`, or `None` when it lies outside.
    pub(super) ranges: Vec<Option<Span>>,
    /// Whether the mapped normalisation differed from [`normalise`] (a bug): positions are then approximate.
    pub(super) approximate: bool,
}

/// Normalises `raw` and places the selections `(start, end)` in it, reading
/// their numbers in the counting of `allowed` that fits word bounds best.
pub(super) fn place(
    raw: &str,
    bom: bool,
    selections: &[(u64, u64)],
    allowed: &[Counting],
) -> Placed {
    let positions: Vec<u64> = selections.iter().flat_map(|&(s, e)| [s, e]).collect();
    let candidates: Vec<Counting> = if selections.is_empty() {
        vec![Counting::CodePoints]
    } else {
        std::iter::once(Counting::CodePoints)
            .chain(
                allowed
                    .iter()
                    .copied()
                    .filter(|c| *c != Counting::CodePoints && c.differs(raw, bom)),
            )
            .collect()
    };
    let located: Vec<Vec<Option<usize>>> = candidates
        .iter()
        .map(|&c| locate(raw, bom, c, &positions))
        .collect();
    let mut boundaries: Vec<usize> = located.iter().flatten().flatten().copied().collect();
    boundaries.sort_unstable();
    boundaries.dedup();
    let (mut text, mapped) = normalise_mapped(raw, &boundaries);
    let expected = normalise(raw);
    let approximate = expected != text;
    if approximate {
        text = expected;
    }
    let index_of = |boundary: usize| {
        boundaries
            .binary_search(&boundary)
            .ok()
            .and_then(|i| mapped.get(i).copied())
    };
    let mut indices: Vec<usize> = mapped.clone();
    indices.sort_unstable();
    indices.dedup();
    let context = around(&text, &indices);
    let context_of = |index: usize| {
        indices
            .binary_search(&index)
            .ok()
            .and_then(|i| context.get(i).copied().flatten())
    };
    let mut best: Option<(i64, usize, usize, Vec<Option<Span>>)> = None;
    for (candidate, located) in located.iter().enumerate() {
        let mut score = 0i64;
        let mut fitting = 0usize;
        let mut ranges = Vec::with_capacity(selections.len());
        for pair in located.chunks(2) {
            let placed = match pair {
                [Some(s), Some(e)] => index_of(*s).zip(index_of(*e)),
                _ => None,
            };
            let placed = placed.and_then(|(s, e)| {
                let a = context_of(s)?;
                let b = context_of(e)?;
                Some((s, e, a, b))
            });
            match placed {
                Some((s, e, a, b)) => {
                    let fits = usize::from(good_start(&a)) + usize::from(good_end(&b));
                    fitting += fits;
                    score += fits as i64;
                    ranges.push(Some(Span {
                        range: CharRange { start: s, end: e },
                        start_byte: a.byte,
                        end_byte: b.byte,
                    }));
                }
                None => {
                    score -= 2;
                    ranges.push(None);
                }
            }
        }
        if best.as_ref().is_none_or(|(top, ..)| score > *top) {
            best = Some((score, candidate, fitting, ranges));
        }
    }
    let (_, candidate, fitting, ranges) = best.unwrap_or_default();
    Placed {
        text,
        counting: candidates
            .get(candidate)
            .copied()
            .unwrap_or(Counting::CodePoints),
        fitting,
        ranges,
        approximate,
    }
}

/// The text of a text entry's bytes, and whether it started with a byte-order
/// mark; `Some` note when it was not UTF-8 and had to be guessed.
pub(super) fn decode_text(bytes: &[u8]) -> (String, bool, Option<&'static str>) {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_with_bom_removal(bytes);
        return (text.into_owned(), true, None);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), false, None),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (text.into_owned(), false, Some("windows-1252"))
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

    use super::*;

    #[test]
    fn positions_map_through_normalisation() {
        // A BOM is gone, CRLF becomes LF, e + combining acute becomes é.
        let raw = "A\r\nCafe\u{301} x";
        let (text, found) = normalise_mapped(raw, &[0, 1, 3, 7, 8, 10]);
        assert_eq!(text, normalise(raw));
        assert_eq!(text, "A\nCafé x");
        // Boundary 1 (before \r) and 3 (after \n); 7 is between e and its accent.
        assert_eq!(found, [0, 1, 2, 6, 6, 8]);
    }

    #[test]
    fn nvivo_counting_is_found() {
        let raw = "😀 Intro\r\nThe plant holds 568 civilians, he said.\r\nMore text here.";
        let target = "568 civilians";
        let at = raw.find(target).unwrap();
        let units = |s: &str| 1 + s.encode_utf16().count() as u64;
        let start = units(&raw[..at]);
        let end = start + target.encode_utf16().count() as u64;
        let word = raw.find("plant").unwrap();
        let selections = [(start, end), (units(&raw[..word]), units(&raw[..word]) + 5)];
        let placed = place(raw, true, &selections, &Counting::ALL);
        assert_eq!(placed.counting, Counting::Utf16AfterBom);
        let span = placed.ranges[0].unwrap();
        assert_eq!(&placed.text[span.start_byte..span.end_byte], target);
        assert_eq!(crate::model::slice(&placed.text, span.range), Some(target));
    }

    #[test]
    fn ties_keep_the_standard() {
        let placed = place("abc def", false, &[(0, 3)], &Counting::ALL);
        assert_eq!(placed.counting, Counting::CodePoints);
    }
}
