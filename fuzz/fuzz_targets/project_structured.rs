//! Projects shaped like real ones, built from the fuzzer's bytes: documents with
//! texts (normalised or not, fingerprints right or wrong), claims whose ranges
//! fall inside or outside their text and whose references point at items that
//! exist or do not, strings of every awkward kind and lengths around the limits.
//! Each is written by the real writer and read by the real reader, which must
//! not panic: it refuses the text or gives a project, with its problems. A
//! project that loads, written and read again, is the same project, with the
//! same problems, and writes the same text.
#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use triangulate::io::project_file::{MAX_NAME_CHARS, from_ron_str, to_ron_string};
use triangulate::model::{
    CharRange, Claim, Colour, Document, DocumentId, Project, Proposition, PropositionId,
    QuoteSelector, Review, ReviewStatus, Source, SourceId, Stance, StanceId, Tag, TagId,
};

/// Pieces that are hard to write and read back: quotes, escapes, line ends,
/// marks that normalisation changes, a byte-order mark, emoji, RON's own syntax.
const PIECES: [&str; 16] = [
    "\"",
    "\\",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\u{feff}",
    "e\u{301}",
    "🇺🇦",
    "👨‍👩‍👧",
    "format_version: 9",
    "), (",
    "/*",
    "//",
    "r#\"",
    "\u{0}",
];

/// A string: plain, built from awkward pieces, or one character repeated to a
/// length around a limit.
fn string(u: &mut Unstructured<'_>) -> Result<String> {
    Ok(match u.int_in_range(0..=5)? {
        0 => String::new(),
        1 | 2 => u.arbitrary()?,
        3 => {
            let mut text = String::new();
            for _ in 0..u.int_in_range(1..=8)? {
                text.push_str(u.choose(&PIECES)?);
                text.push_str(&u.arbitrary::<String>()?);
            }
            text
        }
        4 => {
            let length = MAX_NAME_CHARS - 1 + u.int_in_range(0..=2)?;
            u.choose(&["a", "é", "🇺🇦"])?.repeat(length)
        }
        _ => "x".repeat(u.int_in_range(0..=200)?),
    })
}

/// An id from `existing`, or one no item has.
fn id<T: Copy>(u: &mut Unstructured<'_>, existing: &[T], missing: fn(u128) -> T) -> Result<T> {
    if !existing.is_empty() && u.ratio(4, 5)? {
        return u.choose(existing).copied();
    }
    Ok(missing(u.arbitrary()?))
}

/// Maybe an id, as [`id`] gives.
fn maybe_id<T: Copy>(
    u: &mut Unstructured<'_>,
    existing: &[T],
    missing: fn(u128) -> T,
) -> Result<Option<T>> {
    if u.arbitrary()? {
        id(u, existing, missing).map(Some)
    } else {
        Ok(None)
    }
}

fn project(u: &mut Unstructured<'_>) -> Result<Project> {
    let mut project = Project::new(string(u)?);
    project.description = string(u)?;
    if u.ratio(1, 4)? {
        project.stances.push(Stance {
            id: StanceId::from_u128(u.arbitrary()?),
            name: string(u)?,
            colour: Colour::rgb(u.arbitrary()?, u.arbitrary()?, u.arbitrary()?),
        });
    }
    for _ in 0..u.int_in_range(0..=3)? {
        let text = string(u)?;
        let mut document = Document::new(string(u)?, &text);
        if u.ratio(1, 5)? {
            // Text as it was never normalised, or a fingerprint that lies.
            document.text = text;
        }
        if u.ratio(1, 8)? {
            document.fingerprint = string(u)?;
        }
        document.id = DocumentId::from_u128(u.arbitrary()?);
        document.outlet = string(u)?;
        document.url = string(u)?;
        document.notes = string(u)?;
        document.retrieved = string(u)?;
        project.documents.push(document);
    }
    for _ in 0..u.int_in_range(0..=2)? {
        let mut source = Source::new(string(u)?);
        source.id = SourceId::from_u128(u.arbitrary()?);
        source.notes = string(u)?;
        project.sources.push(source);
    }
    for _ in 0..u.int_in_range(0..=2)? {
        let mut tag = Tag::new(string(u)?, Colour::palette(u.arbitrary()?));
        tag.id = TagId::from_u128(u.arbitrary()?);
        project.tags.push(tag);
    }
    for _ in 0..u.int_in_range(0..=2)? {
        let mut proposition = Proposition::new(string(u)?);
        proposition.id = PropositionId::from_u128(u.arbitrary()?);
        project.propositions.push(proposition);
    }
    let documents: Vec<_> = project.documents.iter().map(|d| d.id).collect();
    let sources: Vec<_> = project.sources.iter().map(|s| s.id).collect();
    let tags: Vec<_> = project.tags.iter().map(|t| t.id).collect();
    let propositions: Vec<_> = project.propositions.iter().map(|p| p.id).collect();
    let stances: Vec<_> = project.stances.iter().map(|s| s.id).collect();
    for _ in 0..u.int_in_range(0..=6)? {
        let document = id(u, &documents, DocumentId::from_u128)?;
        let length = project
            .document(document)
            .map_or(0, |d| d.text.chars().count());
        // Mostly inside the text; sometimes past its end, or backwards.
        let start = u.int_in_range(0..=length + 2)?;
        let end = u.int_in_range(0..=length + 2)?;
        let made = project
            .document(document)
            .filter(|_| start < end && end <= length)
            .and_then(|d| Claim::new(d, CharRange::new(start, end), "fuzz"));
        let mut claim = match made {
            Some(claim) if u.ratio(4, 5)? => claim,
            _ => Claim {
                document,
                range: CharRange { start, end },
                quote: QuoteSelector {
                    exact: string(u)?,
                    prefix: string(u)?,
                    suffix: string(u)?,
                },
                ..Claim::default()
            },
        };
        claim.source = maybe_id(u, &sources, SourceId::from_u128)?;
        claim.stance = maybe_id(u, &stances, StanceId::from_u128)?;
        claim.proposition = maybe_id(u, &propositions, PropositionId::from_u128)?;
        for _ in 0..u.int_in_range(0..=2)? {
            claim.tags.push(id(u, &tags, TagId::from_u128)?);
        }
        claim.note = string(u)?;
        claim.value = string(u)?;
        if u.ratio(1, 4)? {
            claim.review = Some(Review {
                status: *u.choose(&[
                    ReviewStatus::Accepted,
                    ReviewStatus::Rejected,
                    ReviewStatus::Discuss,
                ])?,
                reviewer: string(u)?,
                comment: string(u)?,
                time: string(u)?,
            });
        }
        project.claims.push(claim);
    }
    Ok(project)
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(project) = project(&mut u) else {
        return;
    };
    let text = to_ron_string(&project);
    let Ok(loaded) = from_ron_str(&text) else {
        // Refused with a reason (a string over its limit): no panic is the test.
        return;
    };
    assert!(
        loaded.unknown_fields.is_empty(),
        "the writer wrote fields the reader does not know: {:?}",
        loaded.unknown_fields
    );
    let saved = to_ron_string(&loaded.project);
    let again = match from_ron_str(&saved) {
        Ok(again) => again,
        Err(err) => panic!("a loaded project saved to text that does not load: {err}"),
    };
    assert_eq!(
        again.project, loaded.project,
        "a loaded project saved to text that loads differently"
    );
    assert_eq!(
        again.problems, loaded.problems,
        "the same project has other problems the second time"
    );
    assert_eq!(to_ron_string(&again.project), saved, "saving is not stable");
});
