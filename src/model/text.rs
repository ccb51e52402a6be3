//! Positions in a document's text, and the text's normal form.
//!
//! Positions are counted in Unicode scalar values (Rust `char`s), as W3C Web
//! Annotation and REFI-QDA count them. Byte offsets exist only in memory, at
//! the edges where we slice strings.

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use unicode_normalization::UnicodeNormalization as _;

/// How many characters of context a quote selector keeps on each side.
pub const CONTEXT_CHARS: usize = 32;

/// A half-open range of character offsets `[start, end)` in a document's text.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct CharRange {
    /// The offset of the first character.
    pub start: usize,
    /// The offset just past the last character.
    pub end: usize,
}

impl CharRange {
    /// The range `[start, end)`; the bounds are swapped when given in reverse.
    pub fn new(start: usize, end: usize) -> Self {
        Self {
            start: start.min(end),
            end: start.max(end),
        }
    }

    /// The number of characters in the range.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the range holds no character.
    pub fn is_empty(self) -> bool {
        self.start >= self.end
    }

    /// Whether the two ranges share at least one character.
    pub fn overlaps(self, other: Self) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// How many characters the two ranges share.
    pub fn overlap_len(self, other: Self) -> usize {
        self.end
            .min(other.end)
            .saturating_sub(self.start.max(other.start))
    }

    /// Whether the offset lies inside the range.
    pub fn contains(self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
}

/// The exact text of a claim with a little context on each side, so that the
/// claim can be found again when the text around it changes.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct QuoteSelector {
    /// The claimed text itself.
    pub exact: String,
    /// Up to [`CONTEXT_CHARS`] characters before it.
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] characters after it.
    pub suffix: String,
}

impl QuoteSelector {
    /// The selector of `range` in `text`, or `None` when the range lies outside the text.
    pub fn of(text: &str, range: CharRange) -> Option<Self> {
        Self::of_bytes(
            text,
            byte_offset(text, range.start)?,
            byte_offset(text, range.end)?,
        )
    }

    /// The selector of the bytes `start..end` of `text` (both on char boundaries),
    /// for callers that already know byte offsets: no counting from the start of the text.
    pub fn of_bytes(text: &str, start: usize, end: usize) -> Option<Self> {
        let before = text.get(..start)?;
        let after = text.get(end..)?;
        let prefix_start = before
            .char_indices()
            .rev()
            .nth(CONTEXT_CHARS - 1)
            .map_or(0, |(at, _)| at);
        let suffix_end = after
            .char_indices()
            .nth(CONTEXT_CHARS)
            .map_or(after.len(), |(at, _)| at);
        Some(Self {
            exact: text.get(start..end)?.to_owned(),
            prefix: before.get(prefix_start..)?.to_owned(),
            suffix: after.get(..suffix_end)?.to_owned(),
        })
    }
}

/// The byte offset of the `char_offset`-th character, or `None` past the end.
/// `char_offset == char count` gives the text's length.
pub fn byte_offset(text: &str, char_offset: usize) -> Option<usize> {
    if char_offset == 0 {
        return Some(0);
    }
    let mut chars = text.char_indices();
    match chars.nth(char_offset) {
        Some((at, _)) => Some(at),
        None => (text.chars().count() == char_offset).then_some(text.len()),
    }
}

/// The character offset of a byte offset that lies on a character boundary.
pub fn char_offset(text: &str, byte_offset: usize) -> Option<usize> {
    text.is_char_boundary(byte_offset)
        .then(|| text[..byte_offset].chars().count())
}

/// The text of `range`, or `None` when it lies outside `text`.
pub fn slice(text: &str, range: CharRange) -> Option<&str> {
    let start = byte_offset(text, range.start)?;
    let end = byte_offset(text, range.end)?;
    text.get(start..end)
}

/// Puts text into the one form documents are kept in: Unicode NFC, `\n` line
/// endings, no byte-order mark, no NUL or other C0 control characters but tab
/// and newline.
pub fn normalise(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Most text is already in normal form: checking is several times cheaper than
    // composing (a 1 MB page is normalised more than once on its way in).
    let nothing_to_drop = !text
        .bytes()
        .any(|b| b.is_ascii_control() && b != b'\n' && b != b'\t')
        && !text.contains('\u{feff}');
    if nothing_to_drop
        && unicode_normalization::is_nfc_quick(text.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        return text.to_owned();
    }
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    // Characters are dropped before composing: dropping one between a letter and
    // its accent afterwards would leave text that is not NFC.
    let kept: String = text
        .chars()
        .filter(|&c| c == '\n' || c == '\t' || !c.is_control() || !c.is_ascii())
        .filter(|&c| c != '\u{feff}')
        .collect();
    kept.nfc().collect()
}

/// The fingerprint of normalised text: `sha256:` and the hex digest.
pub fn fingerprint(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for byte in digest {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_characters_not_bytes() {
        let text = "«Азот» 🇺🇦 ok";
        assert_eq!(byte_offset(text, 0), Some(0));
        assert_eq!(byte_offset(text, 1), Some("«".len()));
        let count = text.chars().count();
        assert_eq!(byte_offset(text, count), Some(text.len()));
        assert_eq!(byte_offset(text, count + 1), None);
        assert_eq!(char_offset(text, "«Азот»".len()), Some(6));
        assert_eq!(char_offset(text, 1), None);
        assert_eq!(slice(text, CharRange::new(1, 5)), Some("Азот"));
    }

    #[test]
    fn quote_selector_keeps_context() {
        let text = "The plant shelters 568 civilians, Haidai said.";
        let range = CharRange::new(19, 22);
        let quote = QuoteSelector::of(text, range).expect("in range");
        assert_eq!(quote.exact, "568");
        assert_eq!(quote.prefix, "The plant shelters ");
        assert_eq!(quote.suffix, " civilians, Haidai said.");

        let long = "x".repeat(100) + "568" + &"y".repeat(100);
        let quote = QuoteSelector::of(&long, CharRange::new(100, 103)).expect("in range");
        assert_eq!(quote.prefix.chars().count(), CONTEXT_CHARS);
        assert_eq!(quote.suffix.chars().count(), CONTEXT_CHARS);
        assert!(QuoteSelector::of(text, CharRange::new(40, 400)).is_none());
    }

    #[test]
    fn ranges() {
        let a = CharRange::new(5, 2);
        assert_eq!(a, CharRange { start: 2, end: 5 });
        assert_eq!(a.len(), 3);
        assert!(a.overlaps(CharRange::new(4, 9)));
        assert!(!a.overlaps(CharRange::new(5, 9)));
        assert_eq!(a.overlap_len(CharRange::new(3, 9)), 2);
    }

    #[test]
    fn normalise_gives_one_form() {
        // A BOM, CRLF and CR line endings, a decomposed é and a stray NUL.
        let raw = "\u{feff}Cafe\u{301}\r\nline two\rthree\0";
        assert_eq!(normalise(raw), "Café\nline two\nthree");
        assert_eq!(normalise("tab\tkept"), "tab\tkept");
    }

    #[test]
    fn normalising_twice_changes_nothing() {
        // A control character or a BOM between a letter and its accent: once they
        // are dropped, the two compose.
        for raw in ["Cafe\u{1}\u{301}", "Cafe\u{feff}\u{301}", "Cafe\r\u{301}"] {
            let once = normalise(raw);
            assert_eq!(normalise(&once), once, "{raw:?}");
        }
        assert_eq!(normalise("Cafe\u{1}\u{301}"), "Café");
    }

    #[test]
    fn fingerprint_is_stable() {
        let a = fingerprint("568 civilians");
        assert_eq!(a, fingerprint("568 civilians"));
        assert_ne!(a, fingerprint("500 civilians"));
        assert!(a.starts_with("sha256:") && a.len() == 71);
    }
}
