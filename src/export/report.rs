//! Readable reports: Markdown, and one self-contained HTML file (no scripts, no
//! external assets).
//!
//! Both hold the title, the documents with their metadata, a comparison matrix
//! (propositions × who asserts), then each proposition with its claims grouped by
//! source and stance, each quote shown inside the sentence around it. Propositions
//! whose claims disagree are marked as conflicts. All text that comes from the
//! project is escaped.
//!
//! In HTML, every element holding text from the project whose first strong
//! character is right-to-left (Arabic, Hebrew, Persian, …) says `dir="rtl"`, and
//! such text inside a line of ours is set apart in `<bdi>`; a quote that runs the
//! other way from its sentence declares its own direction. Left-to-right text needs
//! nothing in a left-to-right page (see [`super::direction`]).

use std::collections::HashMap;
use std::fmt::Write as _;

use super::direction::Direction;
use super::{ClaimSet, GENERATOR};
use crate::model::{Claim, Colour, Document, Proposition, Stance, byte_offset};

/// How many characters of context a quote may get on each side, at most.
const CONTEXT_LIMIT: usize = 280;

/// A quote inside the sentence around it.
///
/// `before`, `quote` and `after` joined are the sentence as the document has it:
/// the spaces between the quote and its context stay in `before` and `after`
/// (none in Chinese or Japanese, where words are not spaced).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InContext {
    /// The text before the quote, back to the start of its sentence.
    pub before: String,
    /// The quote.
    pub quote: String,
    /// The text after the quote, to the end of its sentence.
    pub after: String,
}

impl InContext {
    /// The bare quote, with no context.
    fn bare(quote: &str) -> Self {
        Self {
            before: String::new(),
            quote: quote.to_owned(),
            after: String::new(),
        }
    }
}

/// Whether `c` ends a sentence when a space (or the end of the line) follows it:
/// the Latin marks, the Arabic question mark, the Urdu full stop, the Devanagari danda.
fn ends_spaced_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '؟' | '۔' | '।' | '॥')
}

/// Whether `c` ends a sentence by itself: the full-width marks of Chinese and
/// Japanese, which no space follows.
fn ends_unspaced_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '｡')
}

/// The sentence around `claim`'s quote in `text`: from the start of the sentence
/// the quote starts in to the end of the one it ends in, cut (with "…") at
/// [`CONTEXT_LIMIT`] characters on each side. Falls back to the bare quote when
/// the claim's range does not lie in the text.
pub fn sentence_context(text: &str, claim: &Claim) -> InContext {
    let bare = InContext::bare(&claim.quote.exact);
    let (Some(start), Some(end)) = (
        byte_offset(text, claim.range.start),
        byte_offset(text, claim.range.end),
    ) else {
        return bare;
    };
    let (Some(before), Some(quote), Some(after)) =
        (text.get(..start), text.get(start..end), text.get(end..))
    else {
        return bare;
    };
    if claim.orphaned || quote != claim.quote.exact {
        return bare;
    }

    // Back to the start of the sentence.
    let mut cut = 0;
    let mut cut_short = false;
    let mut chars = before.char_indices().rev().peekable();
    let mut count = 0;
    while let Some((at, c)) = chars.next() {
        if c == '\n' || ends_unspaced_sentence(c) {
            cut = at + c.len_utf8();
            break;
        }
        if c.is_whitespace() && chars.peek().is_some_and(|&(_, p)| ends_spaced_sentence(p)) {
            cut = at + c.len_utf8();
            break;
        }
        count += 1;
        if count >= CONTEXT_LIMIT {
            cut = at;
            cut_short = at > 0;
            break;
        }
    }
    let mut before = before
        .get(cut..)
        .unwrap_or_default()
        .trim_start()
        .to_owned();
    if cut_short {
        before.insert(0, '…');
    }

    // On to the end of the sentence, unless the quote ends one.
    let mut after_text = String::new();
    let quote_ends_sentence = quote
        .trim_end()
        .ends_with(|c| ends_spaced_sentence(c) || ends_unspaced_sentence(c));
    if !quote_ends_sentence {
        let mut chars = after.chars().peekable();
        let mut count = 0;
        while let Some(c) = chars.next() {
            if c == '\n' {
                break;
            }
            after_text.push(c);
            if ends_unspaced_sentence(c)
                || (ends_spaced_sentence(c) && chars.peek().is_none_or(|n| n.is_whitespace()))
            {
                break;
            }
            count += 1;
            if count >= CONTEXT_LIMIT {
                after_text.push('…');
                break;
            }
        }
    }
    InContext {
        before,
        quote: quote.to_owned(),
        after: after_text.trim_end().to_owned(),
    }
}

/// Who asserts the claims, in column order, and the claims of each proposition.
struct Layout<'a> {
    /// Column names: named sources in project order, then outlets in document order.
    sources: Vec<String>,
    /// Propositions in project order (with their claims), then `None` for claims with none.
    groups: Vec<(Option<&'a Proposition>, Vec<&'a Claim>)>,
}

/// The name shown for claims whose source and outlet are both unknown.
const UNATTRIBUTED: &str = "Unattributed (no source or outlet)";

fn who(set: &ClaimSet<'_>, claim: &Claim) -> String {
    let name = set.asserted_by(claim);
    if name.trim().is_empty() {
        UNATTRIBUTED.to_owned()
    } else {
        name.trim().to_owned()
    }
}

impl<'a> Layout<'a> {
    fn new(set: &ClaimSet<'a>) -> Self {
        let mut sources: Vec<String> = Vec::new();
        let mut add = |name: String| {
            if !sources.contains(&name) {
                sources.push(name);
            }
        };
        for source in set.sources_used() {
            add(if source.name.trim().is_empty() {
                UNATTRIBUTED.to_owned()
            } else {
                source.name.trim().to_owned()
            });
        }
        let mut outlets: Vec<(usize, String)> = set
            .claims
            .iter()
            .filter(|c| set.source(c).is_none())
            .map(|c| {
                let order = set
                    .project
                    .documents
                    .iter()
                    .position(|d| d.id == c.document)
                    .unwrap_or(usize::MAX);
                (order, who(set, c))
            })
            .collect();
        outlets.sort();
        for (_, name) in outlets {
            add(name);
        }

        let mut groups: Vec<(Option<&'a Proposition>, Vec<&'a Claim>)> = set
            .propositions_used()
            .into_iter()
            .map(|p| (Some(p), Vec::new()))
            .collect();
        let mut loose = Vec::new();
        for &claim in &set.claims {
            let group = set.proposition(claim).and_then(|p| {
                groups
                    .iter_mut()
                    .find(|(g, _)| g.is_some_and(|g| g.id == p.id))
            });
            match group {
                Some((_, claims)) => claims.push(claim),
                None => loose.push(claim),
            }
        }
        if !loose.is_empty() {
            groups.push((None, loose));
        }
        Self { sources, groups }
    }
}

/// Why a proposition's claims are in conflict, if they are, by the one rule of
/// the matrix and `compare` ([`crate::compare::Disagreement`]): opposing stances,
/// or figures whose ranges do not overlap (each clashing pair named).
fn conflict(set: &ClaimSet<'_>, claims: &[&Claim]) -> Option<String> {
    crate::compare::Disagreement::of(set.project, claims).describe()
}

/// Claims that take one stance (or none).
type StanceGroup<'a> = (Option<&'a Stance>, Vec<&'a Claim>);

/// The claims of one group by who asserts them (in column order), then by stance
/// (in scale order, claims with no stance last).
fn by_source_and_stance<'a>(
    set: &ClaimSet<'a>,
    layout: &Layout<'_>,
    claims: &[&'a Claim],
) -> Vec<(String, Vec<StanceGroup<'a>>)> {
    let rank: HashMap<_, usize> = set
        .project
        .stances
        .iter()
        .enumerate()
        .map(|(at, s)| (s.id, at))
        .collect();
    let mut out = Vec::new();
    for source in &layout.sources {
        let mine: Vec<&Claim> = claims
            .iter()
            .copied()
            .filter(|c| who(set, c) == *source)
            .collect();
        if mine.is_empty() {
            continue;
        }
        let mut stances: Vec<StanceGroup<'_>> = Vec::new();
        for claim in mine {
            let stance = set.stance(claim);
            match stances
                .iter_mut()
                .find(|(s, _)| s.map(|s| s.id) == stance.map(|s| s.id))
            {
                Some((_, list)) => list.push(claim),
                None => stances.push((stance, vec![claim])),
            }
        }
        stances.sort_by_key(|(s, _)| {
            s.and_then(|s| rank.get(&s.id).copied())
                .unwrap_or(usize::MAX)
        });
        out.push((source.clone(), stances));
    }
    out
}

/// The stance summary of one matrix cell: each stance with its count and figures.
fn cell<'a>(
    set: &ClaimSet<'a>,
    claims: &[&'a Claim],
) -> Vec<(Option<&'a Stance>, usize, Vec<String>)> {
    let mut out: Vec<(Option<&Stance>, usize, Vec<String>)> = Vec::new();
    for claim in claims {
        let stance = set.stance(claim);
        let at = match out
            .iter()
            .position(|(s, _, _)| s.map(|s| s.id) == stance.map(|s| s.id))
        {
            Some(at) => at,
            None => {
                out.push((stance, 0, Vec::new()));
                out.len() - 1
            }
        };
        if let Some((_, count, values)) = out.get_mut(at) {
            *count += 1;
            let value = claim.value.trim();
            if !value.is_empty() && !values.iter().any(|v| v == value) {
                values.push(value.to_owned());
            }
        }
    }
    out
}

/// "5 claims from 3 documents", with the selection when there is one.
fn summary(set: &ClaimSet<'_>) -> String {
    let documents = set.documents_used().len();
    let mut line = format!(
        "{} claim{} from {} document{}",
        set.claims.len(),
        if set.claims.len() == 1 { "" } else { "s" },
        documents,
        if documents == 1 { "" } else { "s" }
    );
    if set.selection.is_empty() {
        if set.claims.len() < set.project.claims.len() {
            line.push_str(&format!(
                " (of {} in the project)",
                set.project.claims.len()
            ));
        }
    } else {
        line.push_str(&format!("; selected by {}", set.selection));
    }
    line
}

/// The title of the report.
fn title(set: &ClaimSet<'_>) -> String {
    let title = set.project.title.trim();
    if title.is_empty() {
        "Claims report".to_owned()
    } else {
        title.to_owned()
    }
}

/// The metadata line of a document: outlet, author, date, language.
fn document_facts(document: &Document) -> Vec<(&'static str, String)> {
    [
        ("Outlet", &document.outlet),
        ("Author", &document.author),
        ("Published", &document.published),
        ("Language", &document.language),
    ]
    .into_iter()
    .filter(|(_, v)| !v.trim().is_empty())
    .map(|(k, v)| (k, v.trim().to_owned()))
    .collect()
}

// ---------------------------------------------------------------------------
// Markdown.

/// Escapes text for Markdown, on one line, so that it reads as the text it is
/// wherever it lands: a paragraph, a heading, bold, a list item or a table cell.
///
/// This is the one Markdown escaping of Triangulate (the report and
/// `triangulate compare` both use it):
/// - `<`, `>` and `&` become `&lt;`, `&gt;` and `&amp;`, so no HTML (`<svg onload=…>`)
///   and no entity from the project reaches the renderer, in any Markdown dialect;
/// - the characters that start inline markup — `\`, `` ` ``, `*`, `_`, `[`, `]`,
///   `|` (a table cell), `~`, `#`, `!` — are backslash-escaped;
/// - a leading `-`, `+` or `=`, or `1.`/`1)`, which would start a block, is escaped;
/// - line breaks and runs of whitespace become one space, so the text stays on its
///   line (and in its table cell).
pub fn escape_markdown(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(text.len());
    for (at, c) in text.chars().enumerate() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' | '=' if at == 0 => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    // "1. " at the start would begin a numbered list.
    if let Some(dot) = out.find(['.', ')'])
        && dot > 0
        && out
            .get(..dot)
            .is_some_and(|d| d.chars().all(|c| c.is_ascii_digit()))
    {
        out.insert(dot, '\\');
    }
    out
}

/// The report as Markdown (CommonMark with GitHub tables).
pub(crate) fn markdown(set: &ClaimSet<'_>) -> String {
    let e = escape_markdown;
    let layout = Layout::new(set);
    let mut md = String::new();
    let _ = writeln!(md, "# {}\n", e(&title(set)));
    if !set.project.description.trim().is_empty() {
        let _ = writeln!(md, "{}\n", e(&set.project.description));
    }
    let _ = writeln!(
        md,
        "*{} · generated {} by {}*\n",
        e(&summary(set)),
        e(&set.generated),
        e(GENERATOR)
    );

    md.push_str("## Documents\n\n");
    for (n, document) in set.documents_used().into_iter().enumerate() {
        let count = set
            .claims
            .iter()
            .filter(|c| c.document == document.id)
            .count();
        let _ = writeln!(md, "### {}. {}\n", n + 1, e(document_title(document)));
        for (key, value) in document_facts(document) {
            let _ = writeln!(md, "- {key}: {}", e(&value));
        }
        let url = document.url.trim();
        if let Some(link) = web_link(url) {
            let _ = writeln!(md, "- URL: <{link}>");
        } else if !url.is_empty() {
            let _ = writeln!(md, "- URL: {}", e(url));
        }
        let _ = writeln!(md, "- Claims in this report: {count}");
        if !document.notes.trim().is_empty() {
            let _ = writeln!(md, "- Notes: {}", e(&document.notes));
        }
        md.push('\n');
    }

    md.push_str("## Comparison\n\n");
    if layout.sources.is_empty() || layout.groups.is_empty() {
        md.push_str("No claims to compare.\n\n");
    } else {
        md.push_str("| Proposition |");
        for source in &layout.sources {
            let _ = write!(md, " {} |", e(source));
        }
        md.push_str("\n|---|");
        for _ in &layout.sources {
            md.push_str("---|");
        }
        md.push('\n');
        for (proposition, claims) in &layout.groups {
            let name = proposition.map_or("(no proposition)", |p| p.text.as_str());
            let mark = if conflict(set, claims).is_some() {
                " **⚠ conflict**"
            } else {
                ""
            };
            let _ = write!(md, "| {}{mark} |", e(name));
            for source in &layout.sources {
                let mine: Vec<&Claim> = claims
                    .iter()
                    .copied()
                    .filter(|c| who(set, c) == *source)
                    .collect();
                let parts: Vec<String> = cell(set, &mine)
                    .into_iter()
                    .map(|(stance, count, values)| {
                        let mut part = stance.map_or("no stance".to_owned(), |s| e(&s.name));
                        if count > 1 {
                            part.push_str(&format!(" ×{count}"));
                        }
                        if !values.is_empty() {
                            part.push_str(&format!(" ({})", e(&values.join(", "))));
                        }
                        part
                    })
                    .collect();
                let _ = write!(md, " {} |", parts.join("; "));
            }
            md.push('\n');
        }
        md.push('\n');
    }

    md.push_str("## Propositions\n\n");
    for (proposition, claims) in &layout.groups {
        match proposition {
            Some(p) => {
                let _ = writeln!(md, "### {}\n", e(&p.text));
            }
            None => md.push_str("### Claims not linked to a proposition\n\n"),
        }
        if let Some(why) = conflict(set, claims) {
            let _ = writeln!(md, "**⚠ Conflict:** {}\n", e(&why));
        }
        if let Some(notes) = proposition
            .map(|p| p.notes.trim())
            .filter(|n| !n.is_empty())
        {
            let _ = writeln!(md, "*{}*\n", e(notes));
        }
        for (source, stances) in by_source_and_stance(set, &layout, claims) {
            let _ = writeln!(md, "#### {}\n", e(&source));
            for (stance, claims) in stances {
                let stance = stance.map_or("No stance".to_owned(), |s| s.name.clone());
                let _ = writeln!(md, "**{}**\n", e(&stance));
                for claim in claims {
                    markdown_claim(&mut md, set, claim);
                }
            }
        }
    }
    md
}

/// One claim as a Markdown list item.
fn markdown_claim(md: &mut String, set: &ClaimSet<'_>, claim: &Claim) {
    let e = escape_markdown;
    let document = set.document(claim);
    let context = match document {
        Some(d) => sentence_context(&d.text, claim),
        None => InContext::bare(&claim.quote.exact),
    };
    let mut facts = Vec::new();
    if !claim.value.trim().is_empty() {
        facts.push(format!("value **{}**", e(&claim.value)));
    }
    if let Some(document) = document {
        facts.push(format!("in *{}*", e(document_title(document))));
        if !document.published.trim().is_empty() {
            facts.push(e(&document.published));
        }
    }
    let tags: Vec<String> = set.tags(claim).iter().map(|t| e(&t.path)).collect();
    if !tags.is_empty() {
        facts.push(format!("tags: {}", tags.join(", ")));
    }
    let _ = writeln!(md, "- {}", facts.join(" · "));
    let _ = writeln!(md, "\n  > {}\n", markdown_in_context(&context));
    if !claim.note.trim().is_empty() {
        let _ = writeln!(md, "  Note: {}\n", e(&claim.note));
    }
    let mut by = Vec::new();
    if !claim.annotator.trim().is_empty() {
        by.push(format!("claim by {}", e(&claim.annotator)));
    }
    if let Some(review) = &claim.review {
        by.push(format!("review: {}", review.status.label()));
    }
    if claim.orphaned {
        by.push("orphaned: no longer found in the text".to_owned());
    }
    if !by.is_empty() {
        let _ = writeln!(md, "  *{}*\n", by.join(" · "));
    }
}

/// A quote in its sentence for Markdown: the quote in bold, the context around it
/// joined as the document has it (spaced, or not in Chinese and Japanese). A space
/// is added only where bold could not start or end without one: next to a quote
/// that starts or ends with punctuation.
fn markdown_in_context(context: &InContext) -> String {
    let e = escape_markdown;
    let quote = context.quote.trim();
    let mut line = String::new();
    if !context.before.trim().is_empty() {
        line.push_str(&e(&context.before));
        let spaced = context.before.ends_with(char::is_whitespace);
        if spaced || quote.starts_with(|c: char| !c.is_alphanumeric()) {
            line.push(' ');
        }
    }
    let _ = write!(line, "**{}**", e(quote));
    if !context.after.trim().is_empty() {
        let spaced = context.after.starts_with(char::is_whitespace);
        if spaced || quote.ends_with(|c: char| !c.is_alphanumeric()) {
            line.push(' ');
        }
        line.push_str(&e(&context.after));
    }
    line
}

/// The address to link to, when `url` is an http or https address that can be a
/// link: one with no whitespace, control character, `<` or `>` inside, the
/// characters that would end a Markdown `<…>` link early and let the rest of the
/// address be read as Markdown (`https://ok.example/` + line break +
/// `[click](javascript:…)`). Any other address is shown as escaped text.
fn web_link(url: &str) -> Option<&str> {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let web = lower.starts_with("https://") || lower.starts_with("http://");
    let clean = !url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>');
    (web && clean).then_some(url)
}

/// The document's title, or a stand-in for untitled ones.
fn document_title(document: &Document) -> &str {
    let title = document.title.trim();
    if title.is_empty() {
        if document.imported_from.trim().is_empty() {
            "Untitled document"
        } else {
            document.imported_from.trim()
        }
    } else {
        title
    }
}

// ---------------------------------------------------------------------------
// HTML.

/// Escapes text for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escaped text with its paragraphs kept (blank lines split paragraphs, single line
/// breaks become `<br>`), each paragraph declaring its direction when right-to-left.
fn html_paragraphs(text: &str) -> String {
    let mut out = String::new();
    for paragraph in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        let lines: Vec<String> = paragraph.lines().map(escape_html).collect();
        let _ = write!(
            out,
            "<p{}>{}</p>",
            Direction::of(paragraph).html_attribute(),
            lines.join("<br>")
        );
    }
    out
}

/// A stance chip: its name on a tint of its colour.
fn chip(stance: Option<&Stance>, label: &str) -> String {
    let colour = stance.map_or(Colour::rgb(0x99, 0x99, 0x99), |s| s.colour);
    format!(
        "<span class=\"chip\"{} style=\"border-color:{colour};background:{colour}26\">{}</span>",
        Direction::of(label).html_attribute(),
        escape_html(label)
    )
}

/// The style sheet of the HTML report.
const STYLE: &str = r#"
:root { --ink: #1d232b; --muted: #5d6670; --line: #d9dee3; --bg: #fbfbfa; --warn: #b3261e; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
main { max-width: 62rem; margin: 0 auto; padding: 2.5rem 1.5rem 4rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 .5rem; }
h2 { font-size: 1.35rem; margin: 2.75rem 0 1rem; padding-bottom: .3rem; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.15rem; margin: 2rem 0 .5rem; }
h4 { font-size: 1rem; margin: 1.4rem 0 .4rem; }
p { margin: .4rem 0; }
a { color: #1f5fa8; }
.lead { font-size: 1.05rem; }
.meta, .facts, .by { color: var(--muted); font-size: .9rem; }
.facts span + span::before { content: " · "; }
nav ul { padding-inline-start: 1.2rem; margin: .3rem 0; }
.documents { display: grid; grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr)); gap: .8rem; }
.document { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .8rem 1rem; }
.document h3 { margin: 0 0 .3rem; font-size: 1rem; }
.document .notes { font-size: .9rem; }
.url { word-break: break-all; font-size: .85rem; }
.scroll { overflow-x: auto; width: calc(100vw - 2rem); max-width: 110rem; position: relative;
  left: 50%; transform: translateX(-50%); }
table { border-collapse: separate; border-spacing: 0; background: #fff; font-size: .86rem; margin: 0 auto; }
th, td { border-right: 1px solid var(--line); border-bottom: 1px solid var(--line);
  padding: .45rem .55rem; vertical-align: top; text-align: start; min-width: 7.5rem; }
tr > :first-child { border-left: 1px solid var(--line); }
thead th { background: #eef1f4; border-top: 1px solid var(--line); }
tbody th { font-weight: 600; min-width: 14rem; max-width: 18rem; background: #fff; }
thead th:first-child, tbody th { position: sticky; left: 0; z-index: 1; }
tr.conflict th { box-shadow: inset 4px 0 0 var(--warn); }
.chip { display: inline-block; border-inline-start: 4px solid; border-radius: 3px; padding: 0 .4rem;
  margin: 0 0 .2rem; margin-inline-end: .25rem; font-size: .85rem; white-space: nowrap; }
.values { display: block; font-variant-numeric: tabular-nums; color: var(--ink); }
.badge { display: inline-block; background: var(--warn); color: #fff; border-radius: 3px;
  font-size: .75rem; font-weight: 600; padding: .05rem .4rem; margin-inline-start: .4rem; vertical-align: middle; }
.conflict-why { color: var(--warn); font-weight: 500; }
.proposition { border-top: 1px solid var(--line); }
.source { margin-inline-start: .2rem; }
.claims { list-style: none; padding: 0; margin: .3rem 0 .8rem; }
.claim { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .6rem .9rem; margin: .5rem 0; }
blockquote { margin: .35rem 0; padding-inline-start: .8rem; border-inline-start: 3px solid var(--line); color: #39424c; }
mark { background: #fff1a8; color: var(--ink); padding: 0 .1rem; }
.value { font-weight: 700; }
.note { font-size: .92rem; }
.note::before { content: "Note: "; font-weight: 600; }
footer { margin-top: 3rem; color: var(--muted); font-size: .85rem; }
@media print { body { background: #fff; } main { max-width: none; padding: 0; }
  .scroll { width: auto; left: 0; transform: none; overflow: visible; }
  .claim, .document { break-inside: avoid; } thead th, tbody th { position: static; } }
"#;

/// The report as one self-contained HTML file.
pub(crate) fn html(set: &ClaimSet<'_>) -> String {
    let e = escape_html;
    let layout = Layout::new(set);
    let title = title(set);
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"{}\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        e(GENERATOR),
        e(&title)
    );
    let _ = writeln!(
        h,
        "<header>\n<h1{}>{}</h1>",
        Direction::of(&title).html_attribute(),
        e(&title)
    );
    if !set.project.description.trim().is_empty() {
        let _ = writeln!(
            h,
            "<div class=\"lead\">{}</div>",
            html_paragraphs(&set.project.description)
        );
    }
    let _ = writeln!(
        h,
        "<p class=\"meta\">{} · generated {} by {}</p>\n</header>",
        e(&summary(set)),
        e(&set.generated),
        e(GENERATOR)
    );

    // Contents.
    h.push_str("<nav><ul>\n<li><a href=\"#documents\">Documents</a></li>\n<li><a href=\"#comparison\">Comparison</a></li>\n<li><a href=\"#propositions\">Propositions</a><ul>\n");
    for (at, (proposition, claims)) in layout.groups.iter().enumerate() {
        let name = proposition.map_or("Claims not linked to a proposition", |p| p.text.as_str());
        let badge = if conflict(set, claims).is_some() {
            " <span class=\"badge\">conflict</span>"
        } else {
            ""
        };
        let _ = writeln!(
            h,
            "<li><a href=\"#p{at}\"{}>{}</a>{badge}</li>",
            Direction::of(name).html_attribute(),
            e(name)
        );
    }
    h.push_str("</ul></li>\n</ul></nav>\n");

    // Documents.
    h.push_str("<section id=\"documents\">\n<h2>Documents</h2>\n<div class=\"documents\">\n");
    for document in set.documents_used() {
        let count = set
            .claims
            .iter()
            .filter(|c| c.document == document.id)
            .count();
        let title = document_title(document);
        let _ = writeln!(
            h,
            "<article class=\"document\">\n<h3{}>{}</h3>",
            Direction::of(title).html_attribute(),
            e(title)
        );
        let mut facts: Vec<String> = document_facts(document)
            .into_iter()
            .map(|(k, v)| format!("<span>{}: {}</span>", k, inline(&v)))
            .collect();
        facts.push(format!(
            "<span>{count} claim{}</span>",
            if count == 1 { "" } else { "s" }
        ));
        let _ = writeln!(h, "<p class=\"facts\">{}</p>", facts.join(""));
        let url = document.url.trim();
        if let Some(link) = web_link(url) {
            let _ = writeln!(
                h,
                "<p class=\"url\"><a href=\"{0}\" rel=\"noopener noreferrer\">{0}</a></p>",
                e(link)
            );
        } else if !url.is_empty() {
            let _ = writeln!(h, "<p class=\"url\">{}</p>", e(url));
        }
        if !document.notes.trim().is_empty() {
            let _ = writeln!(
                h,
                "<div class=\"notes\">{}</div>",
                html_paragraphs(&document.notes)
            );
        }
        h.push_str("</article>\n");
    }
    h.push_str("</div>\n</section>\n");

    // The comparison matrix.
    h.push_str("<section id=\"comparison\">\n<h2>Comparison</h2>\n");
    if layout.sources.is_empty() || layout.groups.is_empty() {
        h.push_str("<p>No claims to compare.</p>\n");
    } else {
        h.push_str("<p class=\"meta\">Each cell: the stances a source takes on the proposition, with the figures it gives. Rows marked <span class=\"badge\">conflict</span> disagree.</p>\n");
        h.push_str("<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">Proposition</th>");
        for source in &layout.sources {
            let _ = write!(
                h,
                "<th scope=\"col\"{}>{}</th>",
                Direction::of(source).html_attribute(),
                e(source)
            );
        }
        h.push_str("</tr></thead>\n<tbody>\n");
        for (at, (proposition, claims)) in layout.groups.iter().enumerate() {
            let name = proposition.map_or("(no proposition)", |p| p.text.as_str());
            let conflicted = conflict(set, claims);
            let dir = Direction::of(name).html_attribute();
            let _ = write!(
                h,
                "<tr{}><th scope=\"row\"{dir}><a href=\"#p{at}\"{dir}>{}</a>{}</th>",
                if conflicted.is_some() {
                    " class=\"conflict\""
                } else {
                    ""
                },
                e(name),
                if conflicted.is_some() {
                    " <span class=\"badge\">conflict</span>"
                } else {
                    ""
                }
            );
            for source in &layout.sources {
                let mine: Vec<&Claim> = claims
                    .iter()
                    .copied()
                    .filter(|c| who(set, c) == *source)
                    .collect();
                h.push_str("<td>");
                for (stance, count, values) in cell(set, &mine) {
                    let mut label = stance.map_or("no stance".to_owned(), |s| s.name.clone());
                    if count > 1 {
                        label.push_str(&format!(" ×{count}"));
                    }
                    h.push_str(&chip(stance, &label));
                    if !values.is_empty() {
                        let values = values.join(", ");
                        let _ = write!(
                            h,
                            "<span class=\"values\"{}>{}</span>",
                            Direction::of(&values).html_attribute(),
                            e(&values)
                        );
                    }
                }
                h.push_str("</td>");
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody>\n</table></div>\n");
    }
    h.push_str("</section>\n");

    // Each proposition.
    h.push_str("<section id=\"propositions\">\n<h2>Propositions</h2>\n");
    for (at, (proposition, claims)) in layout.groups.iter().enumerate() {
        let _ = writeln!(h, "<section class=\"proposition\" id=\"p{at}\">");
        let conflicted = conflict(set, claims);
        let name = proposition.map_or("Claims not linked to a proposition", |p| p.text.as_str());
        let _ = writeln!(
            h,
            "<h3{}>{}{}</h3>",
            Direction::of(name).html_attribute(),
            e(name),
            if conflicted.is_some() {
                " <span class=\"badge\">conflict</span>"
            } else {
                ""
            }
        );
        if let Some(why) = conflicted {
            let _ = writeln!(h, "<p class=\"conflict-why\">{}</p>", e(&capitalised(&why)));
        }
        if let Some(notes) = proposition
            .map(|p| p.notes.trim())
            .filter(|n| !n.is_empty())
        {
            let _ = writeln!(h, "<div class=\"meta\">{}</div>", html_paragraphs(notes));
        }
        for (source, stances) in by_source_and_stance(set, &layout, claims) {
            let _ = writeln!(
                h,
                "<div class=\"source\">\n<h4{}>{}</h4>",
                Direction::of(&source).html_attribute(),
                e(&source)
            );
            if let Some(about) = source_about(set, &source) {
                let _ = writeln!(
                    h,
                    "<p class=\"meta\"{}>{}</p>",
                    Direction::of(&about).html_attribute(),
                    e(&about)
                );
            }
            for (stance, claims) in stances {
                let label = stance.map_or("No stance".to_owned(), |s| s.name.clone());
                let _ = writeln!(
                    h,
                    "<div>{}</div>\n<ul class=\"claims\">",
                    chip(stance, &label)
                );
                for claim in claims {
                    html_claim(&mut h, set, claim);
                }
                h.push_str("</ul>\n");
            }
            h.push_str("</div>\n");
        }
        h.push_str("</section>\n");
    }
    h.push_str("</section>\n");
    let _ = writeln!(
        h,
        "<footer>Made with {}. Quotes are shown in the sentence around them; the highlighted part is the claim.</footer>\n</main>\n</body>\n</html>",
        e(GENERATOR)
    );
    h
}

/// The role and affiliation of the named source, when it is one.
fn source_about(set: &ClaimSet<'_>, name: &str) -> Option<String> {
    let source = set
        .sources_used()
        .into_iter()
        .find(|s| s.name.trim() == name)?;
    let parts: Vec<&str> = [source.role.trim(), source.affiliation.trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The text with its first letter in upper case.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// One claim as an HTML list item.
///
/// The quote's sentence is a `blockquote` that declares its direction (and its
/// document's language, so that a browser picks the right glyphs for Chinese or
/// Japanese); the highlighted quote declares its own when it runs the other way.
fn html_claim(h: &mut String, set: &ClaimSet<'_>, claim: &Claim) {
    let e = escape_html;
    let document = set.document(claim);
    let context = match document {
        Some(d) => sentence_context(&d.text, claim),
        None => InContext::bare(&claim.quote.exact),
    };
    h.push_str("<li class=\"claim\">\n");
    let sentence = format!("{}{}{}", context.before, context.quote, context.after);
    let sentence_direction = Direction::of(&sentence);
    let lang = document
        .and_then(|d| language_tag(&d.language))
        .map(|tag| format!(" lang=\"{tag}\""))
        .unwrap_or_default();
    let _ = writeln!(
        h,
        "<blockquote{}{lang}>{}<mark{}>{}</mark>{}</blockquote>",
        sentence_direction.html_attribute(),
        e(&context.before),
        Direction::of(&context.quote).html_attribute_within(sentence_direction),
        e(&context.quote),
        e(&context.after)
    );
    let mut facts = Vec::new();
    if !claim.value.trim().is_empty() {
        facts.push(format!(
            "<span>value <span class=\"value\"{}>{}</span></span>",
            Direction::of(&claim.value).html_attribute(),
            e(claim.value.trim())
        ));
    }
    if let Some(document) = document {
        let title = document_title(document);
        let mut about = format!(
            "<span>in <cite{}>{}</cite>",
            Direction::of(title).html_attribute(),
            e(title)
        );
        if !document.published.trim().is_empty() {
            let _ = write!(about, ", {}", e(document.published.trim()));
        }
        about.push_str("</span>");
        facts.push(about);
    }
    let tags: Vec<String> = set.tags(claim).iter().map(|t| inline(&t.path)).collect();
    if !tags.is_empty() {
        facts.push(format!("<span>tags: {}</span>", tags.join(", ")));
    }
    let _ = writeln!(h, "<p class=\"facts\">{}</p>", facts.join(""));
    let note = claim.note.trim();
    if !note.is_empty() {
        let _ = writeln!(
            h,
            "<p class=\"note\"{}>{}</p>",
            Direction::of(note).html_attribute(),
            e(note).replace('\n', "<br>")
        );
    }
    let mut by = Vec::new();
    if !claim.annotator.trim().is_empty() {
        by.push(format!(
            "<span>claim by {}</span>",
            inline(claim.annotator.trim())
        ));
    }
    if let Some(review) = &claim.review {
        let mut line = format!("review: {}", e(review.status.label()));
        if !review.reviewer.trim().is_empty() {
            line.push_str(&format!(" by {}", inline(review.reviewer.trim())));
        }
        if !review.comment.trim().is_empty() {
            line.push_str(&format!(" ({})", inline(review.comment.trim())));
        }
        by.push(format!("<span>{line}</span>"));
    }
    if claim.orphaned {
        by.push("<span>orphaned: no longer found in the text</span>".to_owned());
    }
    if !by.is_empty() {
        let _ = writeln!(h, "<p class=\"by facts\">{}</p>", by.join(""));
    }
    h.push_str("</li>\n");
}

/// User text inside a line of ours, escaped; set apart as right-to-left (`<bdi>`)
/// when it is, so that its letters and the punctuation around it keep their order.
fn inline(text: &str) -> String {
    if Direction::of(text).is_right_to_left() {
        format!("<bdi dir=\"rtl\">{}</bdi>", escape_html(text))
    } else {
        escape_html(text)
    }
}

/// The document's language as an HTML `lang` value, when it looks like a BCP 47
/// tag ("ar", "zh-Hans", "ja"); `None` when unset or not one.
fn language_tag(language: &str) -> Option<&str> {
    let tag = language.trim();
    let well_formed = !tag.is_empty()
        && tag.len() <= 35
        && tag.split('-').all(|part| {
            (1..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
        })
        && tag.starts_with(|c: char| c.is_ascii_alphabetic());
    well_formed.then_some(tag)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CharRange;

    fn claim_over(text: &str, quote: &str) -> Claim {
        let start = text.find(quote).expect("quote in text");
        let start = text[..start].chars().count();
        let range = CharRange::new(start, start + quote.chars().count());
        let document = Document::new("t", text);
        Claim::new(&document, range, "ana").expect("claim")
    }

    #[test]
    fn context_is_the_sentence_around_the_quote() {
        let text = "The city fell. Haidai said 568 civilians remain at Azot, including 38 children. Later news.";
        let claim = claim_over(text, "568 civilians");
        let context = sentence_context(text, &claim);
        assert_eq!(context.before, "Haidai said ");
        assert_eq!(context.quote, "568 civilians");
        assert_eq!(context.after, " remain at Azot, including 38 children.");

        let claim = claim_over(text, "Later news.");
        let context = sentence_context(text, &claim);
        assert_eq!((context.before.as_str(), context.after.as_str()), ("", ""));
    }

    #[test]
    fn sentences_end_where_each_script_ends_them() {
        // Chinese and Japanese: full-width stops, no spaces between words or sentences.
        let text =
            "北顿涅茨克仍在激战。据塔斯社报道，约有1200名平民在阿佐特工厂避难。工厂已被包围。";
        let context = sentence_context(text, &claim_over(text, "1200名平民"));
        assert_eq!(context.before, "据塔斯社报道，约有");
        assert_eq!(context.after, "在阿佐特工厂避难。");
        let text = "市は包囲された。アゾト工場には約500人の民間人が避難している。詳細は不明。";
        let context = sentence_context(text, &claim_over(text, "約500人の民間人"));
        assert_eq!(context.before, "アゾト工場には");
        assert_eq!(context.after, "が避難している。");
        // Arabic: the Arabic question mark ends a sentence as "?" does.
        let text = "هل سقطت المدينة؟ قال الحاكم إن 568 مدنياً ما زالوا في المصنع. انتهى";
        let context = sentence_context(text, &claim_over(text, "568 مدنياً"));
        assert_eq!(context.before, "قال الحاكم إن ");
        assert_eq!(context.after, " ما زالوا في المصنع.");
    }

    #[test]
    fn markdown_joins_the_context_as_the_text_has_it() {
        let context = |before: &str, quote: &str, after: &str| InContext {
            before: before.into(),
            quote: quote.into(),
            after: after.into(),
        };
        assert_eq!(
            markdown_in_context(&context("Haidai said ", "568 civilians", ", all at Azot.")),
            "Haidai said **568 civilians**, all at Azot."
        );
        assert_eq!(
            markdown_in_context(&context("约有", "1200名平民", "在阿佐特工厂避难。")),
            "约有**1200名平民**在阿佐特工厂避难。"
        );
        // Bold cannot open right after a letter on punctuation: a space is added.
        assert_eq!(
            markdown_in_context(&context("他说", "“1200名平民”", "。")),
            "他说 **“1200名平民”** 。"
        );
    }

    #[test]
    fn context_stops_at_line_breaks_and_is_cut_when_long() {
        let text = format!("Title\n{} 568 {}", "word ".repeat(100), "more ".repeat(100));
        let claim = claim_over(&text, "568");
        let context = sentence_context(&text, &claim);
        assert!(context.before.starts_with('…'), "{}", context.before);
        assert!(context.after.ends_with('…'));
        assert!(!context.before.contains("Title"));
    }

    #[test]
    fn markdown_escaping_defuses_markup() {
        assert_eq!(escape_markdown("<script>"), "&lt;script&gt;");
        assert_eq!(
            escape_markdown("<svg onload=alert(1)> &amp;"),
            "&lt;svg onload=alert(1)&gt; &amp;amp;"
        );
        assert_eq!(escape_markdown("> quote"), "&gt; quote");
        assert_eq!(
            escape_markdown("a *b* [c](d) | e"),
            "a \\*b\\* \\[c\\](d) \\| e"
        );
        assert_eq!(escape_markdown("# x"), "\\# x");
        assert_eq!(escape_markdown("- x"), "\\- x");
        assert_eq!(escape_markdown("1. x"), "1\\. x");
        assert_eq!(escape_markdown("line\nbreak"), "line break");
    }

    #[test]
    fn only_clean_web_addresses_are_links() {
        assert_eq!(
            web_link(" https://ok.example/a?b=c "),
            Some("https://ok.example/a?b=c")
        );
        assert_eq!(web_link("HTTP://ok.example"), Some("HTTP://ok.example"));
        for url in [
            "https://ok.example/\n[click](javascript:alert(1))",
            "https://ok.example/ a",
            "https://ok.example/\u{1b}]0;x\u{7}",
            "https://ok.example/>x",
            "javascript:alert(1)",
            "ftp://ok.example",
            "",
        ] {
            assert_eq!(web_link(url), None, "{url:?}");
        }
    }

    #[test]
    fn html_escaping_defuses_markup() {
        assert_eq!(
            escape_html("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }
}
