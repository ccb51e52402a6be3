//! Editing a document's text without losing its claims.
//!
//! Every claim on the document is carried through the edit: its positions are
//! mapped through a character diff of the old and new text (not searched for
//! again), so a claim keeps its place when text around it changes and follows
//! small corrections inside it. A claim none of whose characters survive is
//! orphaned: kept, listed, and fixable by hand. The whole change is one edit.

use similar::{DiffOp, DiffTag, TextDiff};

use crate::edit::Edit;
use crate::model::{CharRange, ClaimId, DocumentId, Project, fingerprint, normalise};

/// What editing a document's text does to its claims.
#[derive(Debug)]
pub struct TextEditOutcome {
    /// The one edit: the new text and every claim carried through it.
    pub edit: Edit,
    /// Claims whose position or text changed.
    pub moved: Vec<ClaimId>,
    /// Claims whose text was deleted.
    pub orphaned: Vec<ClaimId>,
}

/// Which way a position at an insertion point goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    /// A claim's start: text inserted right there stays outside the claim.
    Start,
    /// A claim's end: likewise.
    End,
}

/// Maps old character offset `at` to the new text.
fn map(ops: &[DiffOp], at: usize, side: Side, new_len: usize) -> usize {
    for op in ops {
        let (tag, old, new) = op.as_tag_tuple();
        if tag == DiffTag::Insert {
            if old.start == at && side == Side::End {
                return new.start;
            }
            continue;
        }
        if old.start <= at && at < old.end {
            return match tag {
                DiffTag::Equal => new.start + (at - old.start),
                DiffTag::Delete => new.start,
                DiffTag::Replace | DiffTag::Insert => match side {
                    Side::Start => new.start,
                    Side::End => new.end,
                },
            };
        }
    }
    new_len
}

/// How many characters of `range` survive the edit unchanged.
fn kept(ops: &[DiffOp], range: CharRange) -> usize {
    ops.iter()
        .filter(|op| op.tag() == DiffTag::Equal)
        .map(|op| {
            let old = op.old_range();
            CharRange::new(old.start, old.end).overlap_len(range)
        })
        .sum()
}

/// The char diff of two texts: the common start and end are matched directly and
/// only what lies between is diffed, so an edit to a long text costs what it changed.
fn char_diff(old: &str, new: &str) -> Vec<DiffOp> {
    let (mut prefix_chars, mut prefix_bytes) = (0, 0);
    for (a, b) in old.chars().zip(new.chars()) {
        if a != b {
            break;
        }
        prefix_chars += 1;
        prefix_bytes += a.len_utf8();
    }
    let old_rest = old.get(prefix_bytes..).unwrap_or_default();
    let new_rest = new.get(prefix_bytes..).unwrap_or_default();
    let (mut suffix_chars, mut suffix_bytes) = (0, 0);
    for (a, b) in old_rest.chars().rev().zip(new_rest.chars().rev()) {
        if a != b {
            break;
        }
        suffix_chars += 1;
        suffix_bytes += a.len_utf8();
    }
    let old_middle = old_rest
        .get(..old_rest.len() - suffix_bytes)
        .unwrap_or_default();
    let new_middle = new_rest
        .get(..new_rest.len() - suffix_bytes)
        .unwrap_or_default();
    let diff = TextDiff::configure()
        .timeout(std::time::Duration::from_secs(5))
        .diff_chars(old_middle, new_middle);
    let shift = |at: usize| at + prefix_chars;
    let mut ops = Vec::with_capacity(diff.ops().len() + 2);
    if prefix_chars > 0 {
        ops.push(DiffOp::Equal {
            old_index: 0,
            new_index: 0,
            len: prefix_chars,
        });
    }
    for op in diff.ops() {
        ops.push(match *op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => DiffOp::Equal {
                old_index: shift(old_index),
                new_index: shift(new_index),
                len,
            },
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => DiffOp::Delete {
                old_index: shift(old_index),
                old_len,
                new_index: shift(new_index),
            },
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => DiffOp::Insert {
                old_index: shift(old_index),
                new_index: shift(new_index),
                new_len,
            },
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => DiffOp::Replace {
                old_index: shift(old_index),
                old_len,
                new_index: shift(new_index),
                new_len,
            },
        });
    }
    if suffix_chars > 0 {
        ops.push(DiffOp::Equal {
            old_index: prefix_chars + old_middle.chars().count(),
            new_index: prefix_chars + new_middle.chars().count(),
            len: suffix_chars,
        });
    }
    ops
}

/// The edit that gives `document` the text `new_text` (normalised first) and
/// carries its claims through; `None` when the document does not exist.
pub fn edit_document_text(
    project: &Project,
    document: DocumentId,
    new_text: &str,
) -> Option<TextEditOutcome> {
    let old = project.document(document)?;
    let new_text = normalise(new_text);
    let ops = char_diff(&old.text, &new_text);
    let ops = ops.as_slice();
    let new_len = new_text.chars().count();
    let quoter = crate::anchor::Quoter::new(&new_text);

    let mut updated = old.clone();
    updated.text = new_text.clone();
    updated.fingerprint = fingerprint(&new_text);
    let mut claims = Vec::new();
    let mut moved = Vec::new();
    let mut orphaned = Vec::new();
    for claim in project.claims_on(document) {
        if claim.orphaned {
            continue;
        }
        let mut carried = claim.clone();
        if kept(ops, claim.range) == 0 {
            carried.orphaned = true;
            orphaned.push(claim.id);
        } else {
            let start = map(ops, claim.range.start, Side::Start, new_len);
            let end = map(ops, claim.range.end, Side::End, new_len).max(start);
            let range = CharRange::new(start, end);
            let Some(quote) = quoter.quote(range) else {
                continue;
            };
            if range == claim.range && quote == claim.quote {
                continue;
            }
            carried.range = range;
            carried.quote = quote;
            moved.push(claim.id);
        }
        claims.push(carried);
    }
    Some(TextEditOutcome {
        edit: Edit::SetDocumentText {
            document: Box::new(updated),
            claims,
        },
        moved,
        orphaned,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Claim, Document};

    #[test]
    fn the_diff_covers_both_texts_and_equal_parts_are_equal() {
        let cases = [
            ("", ""),
            ("same", "same"),
            ("", "new text"),
            ("old text", ""),
            ("Haidai said 568.", "Note: Haidai said 568."),
            ("Haidai said 568.", "Haidai said 568 civilians."),
            ("Гайдай сказав 568 🇺🇦 людей", "Гайдай сказав 600 🇺🇦 людей"),
            ("aaaa", "aaaaaa"),
            ("abcabc", "abc"),
        ];
        for (old, new) in cases {
            let old_chars: Vec<char> = old.chars().collect();
            let new_chars: Vec<char> = new.chars().collect();
            let (mut at_old, mut at_new) = (0, 0);
            for op in char_diff(old, new) {
                let (tag, old_range, new_range) = op.as_tag_tuple();
                assert_eq!(
                    (old_range.start, new_range.start),
                    (at_old, at_new),
                    "{old:?} → {new:?}"
                );
                if tag == DiffTag::Equal {
                    assert_eq!(old_chars[old_range.clone()], new_chars[new_range.clone()]);
                }
                (at_old, at_new) = (old_range.end, new_range.end);
            }
            assert_eq!(
                (at_old, at_new),
                (old_chars.len(), new_chars.len()),
                "{old:?} → {new:?}"
            );
        }
    }

    /// A project with one document and a claim over the text between `[` and `]`.
    fn marked(text: &str) -> (Project, ClaimId) {
        let start = text.find('[').expect("[");
        let end = text.find(']').expect("]");
        let plain = format!(
            "{}{}{}",
            &text[..start],
            &text[start + 1..end],
            &text[end + 1..]
        );
        let document = Document::new("d", &plain);
        let range = CharRange::new(
            text[..start].chars().count(),
            text[..end].chars().count() - 1,
        );
        let claim = Claim::new(&document, range, "ana").expect("claim");
        let id = claim.id;
        let mut project = Project::new("p");
        project.documents.push(document);
        project.claims.push(claim);
        (project, id)
    }

    /// Edits the text and shows where the claim ended up, marked the same way.
    fn after(text: &str, new_text: &str) -> String {
        let (mut project, id) = marked(text);
        let document = project.documents[0].id;
        let outcome = edit_document_text(&project, document, new_text).expect("document");
        let inverse = crate::edit::apply(&mut project, outcome.edit).expect("applies");
        let claim = project.claim(id).expect("kept").clone();
        let shown = if claim.orphaned {
            format!("orphaned: {}", claim.quote.exact)
        } else {
            let text = &project.documents[0].text;
            let a = crate::model::byte_offset(text, claim.range.start).expect("a");
            let b = crate::model::byte_offset(text, claim.range.end).expect("b");
            assert_eq!(
                &text[a..b],
                claim.quote.exact,
                "the quote is the text at the range"
            );
            format!("{}[{}]{}", &text[..a], &text[a..b], &text[b..])
        };
        // One edit: undoing it restores the text and the claim.
        let (before, _) = marked(text);
        crate::edit::apply(&mut project, inverse).expect("undo");
        assert_eq!(project.documents[0].text, before.documents[0].text);
        assert_eq!(project.claims[0].range, before.claims[0].range);
        shown
    }

    #[test]
    fn claims_follow_edits_around_and_inside_them() {
        let text = "Leave a comment. Haidai said [568 civilians] remain. Share this.";
        // Text removed before the claim.
        assert_eq!(
            after(text, "Haidai said 568 civilians remain. Share this."),
            "Haidai said [568 civilians] remain. Share this."
        );
        // A footer removed after it.
        assert_eq!(
            after(text, "Leave a comment. Haidai said 568 civilians remain."),
            "Leave a comment. Haidai said [568 civilians] remain."
        );
        // An OCR error fixed inside it.
        let ocr = "Haidai said [S68 civilians] remain.";
        assert_eq!(
            after(ocr, "Haidai said 568 civilians remain."),
            "Haidai said [568 civilians] remain."
        );
        // Text inserted exactly at its start and end stays outside it.
        assert_eq!(after("a [bc] d", "a Xbc d"), "a X[bc] d");
        assert_eq!(after("a [bc] d", "a bcY d"), "a [bc]Y d");
        // Non-ASCII: offsets are characters.
        assert_eq!(
            after("🇺🇦 «[Азот]» ok", "🇺🇦🇺🇦 «Азот» ok"),
            "🇺🇦🇺🇦 «[Азот]» ok"
        );
    }

    #[test]
    fn claims_whose_text_was_deleted_are_orphaned_not_dropped() {
        assert_eq!(
            after("Intro. [Haidai said 568.] Outro.", "Intro.  Outro."),
            "orphaned: Haidai said 568."
        );
    }

    #[test]
    fn the_outcome_lists_moved_and_orphaned_claims() {
        let (mut project, first) = marked("One [two] three four.");
        let document = project.documents[0].clone();
        let second = Claim::new(&document, CharRange::new(14, 18), "ana").expect("claim");
        let second_id = second.id;
        project.claims.push(second);
        let outcome =
            edit_document_text(&project, document.id, "Zero. One two three.").expect("doc");
        assert_eq!(outcome.moved, vec![first]);
        assert_eq!(outcome.orphaned, vec![second_id]);
        assert!(edit_document_text(&project, DocumentId::random(), "x").is_none());
    }
}
