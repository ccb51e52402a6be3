//! Suggested claims: a rule (a phrase, a word list, a regular expression or a
//! speaker pattern) finds statements in the documents and proposes each sentence
//! it hits as a claim, for the analyst to accept or dismiss. Nothing here changes
//! the project: [`accept_edit`] gives the one undoable edit that accepting makes.
//!
//! Positions are character offsets, as everywhere in the model; the regular
//! expressions work on bytes, which are turned into characters in one forward
//! pass over each document.

use std::collections::HashMap;

use regex::{Regex, RegexBuilder};

use crate::edit::Edit;
use crate::model::{
    CharRange, Claim, Document, DocumentId, Project, PropositionId, SourceId, StanceId, TagId,
};

/// How many proposals one run lists at most.
pub const MAX_PROPOSALS: usize = 2_000;

/// The largest compiled pattern allowed (bytes), so a huge word list or an
/// expression like `(a{1000}){1000}` is refused instead of eating memory.
const PATTERN_SIZE_LIMIT: usize = 32 * 1024 * 1024;

/// What kind of text a rule looks for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum RuleKind {
    /// One phrase, anywhere, ignoring case; any run of spaces matches any whitespace.
    #[default]
    Phrase,
    /// Words or phrases, one a line or separated by commas: whole words, ignoring case.
    WordList,
    /// A regular expression (Rust `regex` syntax; `(?i)` ignores case).
    Regex,
    /// Attributions: "<Source> said", "according to <Source>"… where <Source> is
    /// any of the project's sources; the proposal's source is the one named.
    Speaker,
}

impl RuleKind {
    /// Every kind, in the order the window offers them.
    pub const ALL: [Self; 4] = [Self::Phrase, Self::WordList, Self::Regex, Self::Speaker];

    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Phrase => "Phrase",
            Self::WordList => "Word list",
            Self::Regex => "Regular expression",
            Self::Speaker => "Speaker",
        }
    }

    /// What the pattern field expects.
    pub fn help(self) -> &'static str {
        match self {
            Self::Phrase => "A phrase, found anywhere, ignoring case",
            Self::WordList => {
                "Words or phrases, one a line or separated by commas; whole words, ignoring case"
            }
            Self::Regex => "A regular expression; (?i) at the start ignores case",
            Self::Speaker => {
                "Empty: the usual attributions (\"<Source> said\", \"according to <Source>\"...). \
                 Or your own, one a line, with <Source> for any source's name and / between \
                 alternative words: \"<Source> warned/insisted\""
            }
        }
    }
}

/// Where a rule looks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scope {
    /// Every document of the project.
    #[default]
    All,
    /// One document.
    Document(DocumentId),
}

/// What to look for, and what the claims made from its hits carry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rule {
    /// The kind of pattern.
    pub kind: RuleKind,
    /// The phrase, the word list, the expression or the speaker templates.
    pub pattern: String,
    /// Who asserts the claims (ignored by speaker rules: the named source asserts them).
    pub source: Option<SourceId>,
    /// Their stance.
    pub stance: Option<StanceId>,
    /// Their tags.
    pub tags: Vec<TagId>,
    /// The proposition they bear on.
    pub proposition: Option<PropositionId>,
    /// Where to look.
    pub scope: Scope,
}

/// A claim the rule proposes: one sentence (or a few, when a hit spans them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposal {
    /// The document.
    pub document: DocumentId,
    /// The sentence, in characters.
    pub range: CharRange,
    /// The sentence's text.
    pub quote: String,
    /// What the rule matched inside it, in characters of the document.
    pub hits: Vec<CharRange>,
    /// Who asserts it.
    pub source: Option<SourceId>,
    /// Its stance.
    pub stance: Option<StanceId>,
    /// Its tags.
    pub tags: Vec<TagId>,
    /// Its proposition.
    pub proposition: Option<PropositionId>,
    /// Why it is proposed: the text the rule hit ("“Haidai said”").
    pub why: String,
}

impl Proposal {
    /// The claim it becomes, made by `annotator` now; `None` when its range no
    /// longer lies in its document (the text changed since it was found).
    pub fn to_claim(&self, project: &Project, annotator: &str) -> Option<Claim> {
        let document = project.document(self.document)?;
        if crate::model::slice(&document.text, self.range)? != self.quote {
            return None;
        }
        let mut claim = Claim::new(document, self.range, annotator)?;
        // Only what the project still has: a source or tag removed since is dropped,
        // not left dangling (the edit would be refused).
        claim.source = self.source.filter(|id| project.source(*id).is_some());
        claim.stance = self.stance.filter(|id| project.stance(*id).is_some());
        claim.tags = self
            .tags
            .iter()
            .copied()
            .filter(|id| project.tag(*id).is_some())
            .collect();
        claim.proposition = self
            .proposition
            .filter(|id| project.proposition(*id).is_some());
        Some(claim)
    }
}

/// What a rule found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Suggestions {
    /// The proposals, by document (project order) and position.
    pub proposals: Vec<Proposal>,
    /// How many sentences were left out because a claim already covers them.
    pub already_claimed: usize,
    /// Whether more were found than [`MAX_PROPOSALS`] (the rest are not listed).
    pub truncated: bool,
    /// How many times the pattern matched.
    pub hits: usize,
}

impl Suggestions {
    /// One line for the analyst: "12 suggestions (4 already claimed)".
    pub fn summary(&self) -> String {
        let count = self.proposals.len();
        let mut text = match count {
            1 => "1 suggestion".to_owned(),
            n => format!("{} suggestions", thousands(n)),
        };
        if self.truncated {
            text = format!(
                "The first {} suggestions (there are more: narrow the rule to see them)",
                thousands(count)
            );
        }
        if self.already_claimed > 0 {
            text.push_str(&format!(
                " ({} already claimed)",
                thousands(self.already_claimed)
            ));
        }
        text
    }
}

/// Why a rule cannot be run, or found nothing; each reads as a sentence for the analyst.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    /// The pattern field is empty.
    #[error("Type a {0} to look for")]
    EmptyPattern(&'static str),
    /// The regular expression does not compile.
    #[error("The regular expression is not valid: {0}")]
    BadRegex(String),
    /// A speaker template has no `<Source>`.
    #[error(
        "The speaker pattern “{0}” has no <Source>: write where the source's name goes, as in “<Source> said”"
    )]
    NoPlaceholder(String),
    /// A speaker rule in a project with no sources.
    #[error(
        "The project has no sources to look for: add them in Edit ▸ Sources, tags, propositions… first"
    )]
    NoSources,
    /// There is no document to look in.
    #[error("There is no document to look in")]
    NoDocuments,
    /// The rule matched nothing.
    #[error("Nothing in {0} matches the rule")]
    NothingFound(String),
}

/// The regular expression for a phrase, word-list or regex rule: the one place
/// these patterns are built (search across documents may share it). Speaker
/// rules need the project's source names and are built by [`suggest`]; asked
/// here, they are refused as an empty pattern.
pub fn pattern_regex(kind: RuleKind, pattern: &str) -> Result<Regex, RuleError> {
    let source = match kind {
        RuleKind::Phrase => {
            if pattern.trim().is_empty() {
                return Err(RuleError::EmptyPattern("phrase"));
            }
            format!("(?i){}", literal(pattern))
        }
        RuleKind::WordList => {
            let mut words: Vec<&str> = pattern
                .split(['\n', ','])
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .collect();
            if words.is_empty() {
                return Err(RuleError::EmptyPattern("word or phrase"));
            }
            // Longest first: "civilian deaths" wins over "civilian" where both match.
            words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
            words.dedup();
            let alternatives: Vec<String> = words.iter().map(|w| whole_word(w)).collect();
            format!("(?i){}", alternatives.join("|"))
        }
        RuleKind::Regex => {
            if pattern.trim().is_empty() {
                return Err(RuleError::EmptyPattern("regular expression"));
            }
            pattern.to_owned()
        }
        RuleKind::Speaker => return Err(RuleError::EmptyPattern("phrase")),
    };
    compile(&source)
}

/// Compiles with the size limit; errors read as sentences.
fn compile(source: &str) -> Result<Regex, RuleError> {
    RegexBuilder::new(source)
        .size_limit(PATTERN_SIZE_LIMIT)
        .build()
        .map_err(|err| match err {
            regex::Error::CompiledTooBig(_) => {
                RuleError::BadRegex("it is too large; make it shorter or simpler".into())
            }
            other => RuleError::BadRegex(other.to_string()),
        })
}

/// `text` as a literal pattern in which any run of whitespace matches any whitespace.
fn literal(text: &str) -> String {
    let words: Vec<String> = text.split_whitespace().map(regex::escape).collect();
    words.join(r"\s+")
}

/// `text` as a literal that matches only whole words (a boundary where it begins
/// or ends with a letter or digit).
fn whole_word(text: &str) -> String {
    let word_char = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let start = if word_char(text.chars().next()) {
        r"\b"
    } else {
        ""
    };
    let end = if word_char(text.chars().last()) {
        r"\b"
    } else {
        ""
    };
    format!("(?:{start}{}{end})", literal(text))
}

/// The attributions a speaker rule with an empty pattern looks for.
pub const DEFAULT_SPEAKER_TEMPLATES: &str = "\
<Source> said/says/told/claimed/claims/stated/states/reported/reports/noted/notes/announced/announces/added/adds/wrote/writes/insisted/confirmed/denied/warned/stressed/explained/asserted/alleged/declared/estimated/estimates
<Source> has/had said/told/claimed/stated/reported/noted/announced/confirmed/warned
said/says/told/claimed/stated/reported/noted/announced/added/wrote/insisted/confirmed/warned/explained/declared <Source>
according to <Source>";

/// Words that end institutions' names, never a person's surname: "Russian Defense
/// Ministry" is not called "Ministry" for short.
const NOT_SURNAMES: &[&str] = &[
    "ministry",
    "ministries",
    "defence",
    "defense",
    "government",
    "office",
    "army",
    "forces",
    "council",
    "committee",
    "agency",
    "department",
    "service",
    "services",
    "command",
    "administration",
    "volunteer",
    "volunteers",
    "sources",
    "news",
    "press",
    "police",
    "guard",
    "staff",
    "headquarters",
    "officials",
    "official",
    "group",
    "battalion",
    "brigade",
    "regiment",
    "legion",
    "republic",
    "embassy",
    "mission",
    "nations",
    "union",
    "times",
    "post",
    "agency",
];

/// The names a source goes by in text: its name, and a person's surname alone
/// ("Haidai" for "Serhiy Haidai") when no other source shares it.
fn source_names(project: &Project) -> Vec<(String, SourceId)> {
    let mut names: Vec<(String, SourceId)> = Vec::new();
    let mut surnames: HashMap<String, Vec<SourceId>> = HashMap::new();
    for source in &project.sources {
        let name = crate::edit::names::tidy_name(&source.name);
        if name.is_empty() {
            continue;
        }
        if let Some(surname) = surname(&name) {
            surnames.entry(surname).or_default().push(source.id);
        }
        names.push((name, source.id));
    }
    let full: Vec<String> = names.iter().map(|(n, _)| n.to_lowercase()).collect();
    let mut aliases: Vec<(String, SourceId)> = surnames
        .into_iter()
        .filter_map(|(surname, ids)| match ids.as_slice() {
            [id] if !full.contains(&surname.to_lowercase()) => Some((surname, *id)),
            _ => None,
        })
        .collect();
    names.append(&mut aliases);
    // Longest first, so that "Serhiy Haidai" is taken whole rather than as "Haidai".
    names.sort_by(|a, b| {
        b.0.chars()
            .count()
            .cmp(&a.0.chars().count())
            .then(a.0.cmp(&b.0))
    });
    names
}

/// The surname of a person's name: two to four capitalised words of letters, the
/// last not a word that ends institutions' names.
fn surname(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split(' ').collect();
    if !(2..=4).contains(&words.len()) {
        return None;
    }
    let capitalised = |w: &&str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’')
    };
    if !words.iter().all(capitalised) {
        return None;
    }
    let last = words.last()?;
    if last.chars().count() < 3 || NOT_SURNAMES.contains(&last.to_lowercase().as_str()) {
        return None;
    }
    Some((*last).to_owned())
}

/// One speaker template compiled, and the group that holds the source's name.
fn speaker_regexes(pattern: &str, names: &[(String, SourceId)]) -> Result<Vec<Regex>, RuleError> {
    let templates = if pattern.trim().is_empty() {
        DEFAULT_SPEAKER_TEMPLATES
    } else {
        pattern
    };
    let alternatives: Vec<String> = names.iter().map(|(name, _)| whole_word(name)).collect();
    let source_group = format!("(?P<source>{})", alternatives.join("|"));
    let mut regexes = Vec::new();
    for line in templates.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let tokens: Vec<&str> = line.split_whitespace().collect();
        let Some(at) = tokens
            .iter()
            .position(|t| t.eq_ignore_ascii_case("<source>"))
        else {
            return Err(RuleError::NoPlaceholder(line.to_owned()));
        };
        let mut parts: Vec<String> = Vec::new();
        for (n, token) in tokens.iter().enumerate() {
            if n == at {
                let followed = n + 1 < tokens.len();
                // "Haidai, the regional governor, said": a short aside may come between.
                let aside = if followed {
                    r"(?:\s*,[^,.!?\n]{1,80},)?"
                } else {
                    ""
                };
                parts.push(format!("{source_group}{aside}"));
            } else {
                let words: Vec<String> = token
                    .split('/')
                    .filter(|w| !w.is_empty())
                    .map(whole_word)
                    .collect();
                parts.push(format!("(?i:{})", words.join("|")));
            }
        }
        regexes.push(compile(&parts.join(r"\s+"))?);
    }
    if regexes.is_empty() {
        return Err(RuleError::EmptyPattern("speaker pattern"));
    }
    Ok(regexes)
}

/// One match of the rule, in bytes of its document.
#[derive(Clone, Debug)]
struct Hit {
    start: usize,
    end: usize,
    source: Option<SourceId>,
}

/// Runs the rule over the project: the proposals, the count of those already claimed.
pub fn suggest(project: &Project, rule: &Rule) -> Result<Suggestions, RuleError> {
    let documents: Vec<&Document> = match rule.scope {
        Scope::All => project.documents.iter().collect(),
        Scope::Document(id) => project.document(id).into_iter().collect(),
    };
    if documents.is_empty() {
        return Err(RuleError::NoDocuments);
    }
    let matcher = Matcher::new(project, rule)?;
    let mut found = Suggestions::default();
    'documents: for document in &documents {
        let hits = matcher.hits(&document.text);
        if hits.is_empty() {
            continue;
        }
        found.hits += hits.len();
        let claimed: Vec<CharRange> = project.claims_on(document.id).map(|c| c.range).collect();
        for proposal in proposals_in(document, &hits, rule) {
            if claimed.iter().any(|c| covers(*c, proposal.range)) {
                found.already_claimed += 1;
                continue;
            }
            if found.proposals.len() == MAX_PROPOSALS {
                found.truncated = true;
                break 'documents;
            }
            found.proposals.push(proposal);
        }
    }
    if found.hits == 0 {
        let place = match (rule.scope, documents.as_slice()) {
            (Scope::Document(_), [document]) => document.label(),
            _ => "the documents".to_owned(),
        };
        return Err(RuleError::NothingFound(place));
    }
    Ok(found)
}

/// Whether an existing claim's range makes a proposal redundant: the same range, or
/// an overlap of more than half of the shorter of the two.
fn covers(claim: CharRange, proposal: CharRange) -> bool {
    claim == proposal || claim.overlap_len(proposal) * 2 > claim.len().min(proposal.len())
}

/// The compiled rule.
enum Matcher {
    /// Phrase, word list or regex: one expression.
    Plain(Regex),
    /// Speaker templates, and the source of each name they may match.
    Speaker(Vec<Regex>, HashMap<String, SourceId>),
}

impl Matcher {
    fn new(project: &Project, rule: &Rule) -> Result<Self, RuleError> {
        if rule.kind != RuleKind::Speaker {
            return pattern_regex(rule.kind, &rule.pattern).map(Self::Plain);
        }
        let names = source_names(project);
        if names.is_empty() {
            return Err(RuleError::NoSources);
        }
        let regexes = speaker_regexes(&rule.pattern, &names)?;
        Ok(Self::Speaker(regexes, names.into_iter().collect()))
    }

    /// The matches in `text`, by position; empty matches are skipped.
    fn hits(&self, text: &str) -> Vec<Hit> {
        match self {
            Self::Plain(regex) => regex
                .find_iter(text)
                .filter(|m| !m.is_empty())
                .map(|m| Hit {
                    start: m.start(),
                    end: m.end(),
                    source: None,
                })
                .collect(),
            Self::Speaker(regexes, sources) => {
                let mut hits: Vec<Hit> = Vec::new();
                for regex in regexes {
                    for caps in regex.captures_iter(text) {
                        let (Some(whole), Some(name)) = (caps.get(0), caps.name("source")) else {
                            continue;
                        };
                        let name = crate::edit::names::tidy_name(name.as_str());
                        hits.push(Hit {
                            start: whole.start(),
                            end: whole.end(),
                            source: sources.get(&name).copied(),
                        });
                    }
                }
                hits.sort_by_key(|h| (h.start, h.end));
                hits
            }
        }
    }
}

/// The proposals of one document: each hit widened to its sentence, hits in one
/// sentence merged; in characters.
fn proposals_in(document: &Document, hits: &[Hit], rule: &Rule) -> Vec<Proposal> {
    let text = document.text.as_str();
    let sentences = sentences(text);
    // Byte spans of the proposals, each with its hits.
    let mut spans: Vec<(usize, usize, Vec<&Hit>)> = Vec::new();
    for hit in hits {
        let (start, _) = sentence_at(&sentences, hit.start);
        let (_, end) = sentence_at(&sentences, hit.end.saturating_sub(1).max(hit.start));
        let (start, end) = (start.min(hit.start), end.max(hit.end));
        match spans.last_mut() {
            Some(last) if start < last.1 => {
                last.1 = last.1.max(end);
                last.2.push(hit);
            }
            _ => spans.push((start, end, vec![hit])),
        }
    }
    let mut chars = CharCounter::new(text);
    let mut proposals = Vec::with_capacity(spans.len());
    for (start, end, hits) in spans {
        let range = CharRange::new(chars.at(start), chars.at(end));
        let mut hit_ranges = Vec::with_capacity(hits.len());
        let mut why: Vec<String> = Vec::new();
        for hit in &hits {
            hit_ranges.push(CharRange::new(chars.at(hit.start), chars.at(hit.end)));
            let said = text.get(hit.start..hit.end).unwrap_or_default();
            let said = format!("“{}”", crate::edit::names::tidy_name(said));
            if !why.contains(&said) {
                why.push(said);
            }
        }
        let source = match rule.kind {
            RuleKind::Speaker => hits.iter().find_map(|h| h.source),
            _ => rule.source,
        };
        let shown = why.len().min(3);
        let mut why_text = why.get(..shown).unwrap_or_default().join(", ");
        if why.len() > shown {
            why_text.push_str(&format!(" and {} more", why.len() - shown));
        }
        proposals.push(Proposal {
            document: document.id,
            range,
            quote: text.get(start..end).unwrap_or_default().to_owned(),
            hits: hit_ranges,
            source,
            stance: rule.stance,
            tags: rule.tags.clone(),
            proposition: rule.proposition,
            why: why_text,
        });
    }
    proposals
}

/// Turns byte offsets into character offsets, counting forward from the last
/// one asked (backward when asked for an earlier one): one pass over the text
/// for offsets asked in order.
struct CharCounter<'a> {
    text: &'a str,
    byte: usize,
    char: usize,
}

impl<'a> CharCounter<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            byte: 0,
            char: 0,
        }
    }

    /// The character offset of byte offset `at` (a character boundary).
    fn at(&mut self, at: usize) -> usize {
        if at >= self.byte {
            self.char += self
                .text
                .get(self.byte..at)
                .map_or(0, |s| s.chars().count());
        } else {
            self.char -= self
                .text
                .get(at..self.byte)
                .map_or(0, |s| s.chars().count());
        }
        self.byte = at;
        self.char
    }
}

/// The sentence (byte span) that holds byte `at`, or the next one when `at` lies
/// between two; the whole text's end when past the last.
fn sentence_at(sentences: &[(usize, usize)], at: usize) -> (usize, usize) {
    let after = sentences.partition_point(|&(_, end)| end <= at);
    sentences.get(after).copied().unwrap_or((at, at))
}

/// Characters that end a sentence.
fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？' | '‼' | '⁇')
}

/// Characters that close a quotation or an aside, and stay with the sentence before them.
fn closes(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '」' | '』'
    )
}

/// Words that a full stop follows without ending the sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "sgt", "capt", "maj", "gov", "sen",
    "rep", "pres", "jr", "sr", "vs", "etc", "e.g", "i.e", "inc", "ltd", "co", "corp", "dept",
    "approx", "est", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "mt", "ft", "adm", "cmdr", "rev", "hon", "ул", "г", "гг", "т", "тыс", "млн",
    "млрд", "др", "им", "пр", "ст", "см", "руб", "грн", "вул",
];

/// Whether the text before a full stop ends with an abbreviation or an initial
/// ("Mr", "U.S", "J", "т.е").
fn abbreviation_before(before: &str) -> bool {
    let token = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '«' || c == '“')
        .next()
        .unwrap_or_default();
    let last = token.rsplit('.').next().unwrap_or_default();
    let mut letters = last.chars();
    let single_letter =
        matches!((letters.next(), letters.next()), (Some(c), None) if c.is_alphabetic());
    single_letter || ABBREVIATIONS.contains(&token.to_lowercase().as_str())
}

/// The sentences of `text`, as byte spans without surrounding whitespace.
///
/// A sentence ends at a line break, and at `.` `!` `?` `…` (and runs of them,
/// with the quotes and brackets that close after them) followed by whitespace —
/// unless the next word begins with a small letter, or the full stop follows
/// an abbreviation or an initial ("U.S.", "Mr.", "т. е."). A full stop inside a
/// number ("1.5") or an address is not followed by whitespace, so ends nothing.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    let push = |spans: &mut Vec<(usize, usize)>, from: usize, to: usize| {
        let piece = text.get(from..to).unwrap_or_default();
        let trimmed_start = from + (piece.len() - piece.trim_start().len());
        let trimmed_end = from + piece.trim_end().len();
        if trimmed_start < trimmed_end {
            spans.push((trimmed_start, trimmed_end));
        }
    };
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c == '\n' {
            push(&mut spans, start, at);
            start = at + 1;
            continue;
        }
        if !ends_sentence(c) {
            continue;
        }
        let mut end = at + c.len_utf8();
        let mut run = 1;
        while let Some(&(next_at, next)) = chars.peek() {
            if ends_sentence(next) || closes(next) {
                run += usize::from(ends_sentence(next));
                end = next_at + next.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let rest = text.get(end..).unwrap_or_default();
        if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
            continue;
        }
        let next_word = rest.trim_start().chars().next();
        if next_word.is_some_and(char::is_lowercase) {
            continue;
        }
        if c == '.' && run == 1 && abbreviation_before(text.get(start..at).unwrap_or_default()) {
            continue;
        }
        push(&mut spans, start, end);
        start = end;
    }
    push(&mut spans, start, text.len());
    spans
}

/// The one edit that accepts `proposals` (made by `annotator`), and its label:
/// "Accept suggested claim" or "Accept 12 suggested claims". `None` when none of
/// them still fits its document.
pub fn accept_edit(
    project: &Project,
    proposals: &[&Proposal],
    annotator: &str,
) -> Option<(Edit, String)> {
    let mut claims: Vec<Claim> = proposals
        .iter()
        .filter_map(|p| p.to_claim(project, annotator))
        .collect();
    match claims.len() {
        0 => None,
        1 => {
            let claim = claims.pop()?;
            Some((Edit::add_claim(claim), "Accept suggested claim".to_owned()))
        }
        n => Some((
            Edit::Batch(claims.into_iter().map(Edit::add_claim).collect()),
            format!("Accept {} suggested claims", thousands(n)),
        )),
    }
}

/// A count with thousands separated by commas ("2,000").
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Source, Stance, Tag};

    /// The sentences of `text`, as strings.
    fn split(text: &str) -> Vec<&str> {
        sentences(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn sentences_end_at_stops_and_line_breaks_but_not_abbreviations_or_decimals() {
        let table: &[(&str, &[&str])] = &[
            (
                "Haidai said 568 civilians remain. The plant was shelled!",
                &[
                    "Haidai said 568 civilians remain.",
                    "The plant was shelled!",
                ],
            ),
            (
                "A senior U.S. defense official said so. Next one?",
                &["A senior U.S. defense official said so.", "Next one?"],
            ),
            (
                "Prices rose 1.5 times in June. Mr. Kuleba spoke.",
                &["Prices rose 1.5 times in June.", "Mr. Kuleba spoke."],
            ),
            (
                "\"We hold the plant.\" He said it twice.",
                &["\"We hold the plant.\"", "He said it twice."],
            ),
            (
                "“Why?” he asked. Nobody knew…  Then silence",
                &["“Why?” he asked.", "Nobody knew…", "Then silence"],
            ),
            (
                "Headline without a stop\nFirst line. Second line.\n\n  Last",
                &[
                    "Headline without a stop",
                    "First line.",
                    "Second line.",
                    "Last",
                ],
            ),
            (
                "Гайдай заявил, что на «Азоте» остаются 568 мирных жителей. Это т. е. проверка.",
                &[
                    "Гайдай заявил, что на «Азоте» остаются 568 мирных жителей.",
                    "Это т. е. проверка.",
                ],
            ),
            ("Wait... what? Fine.", &["Wait... what?", "Fine."]),
        ];
        for (text, expected) in table {
            assert_eq!(split(text), *expected, "{text}");
        }
    }

    /// A project with one document per text and the sample's kind of sources.
    fn project(texts: &[&str]) -> Project {
        let mut project = Project::new("p");
        for (n, text) in texts.iter().enumerate() {
            project
                .documents
                .push(Document::new(format!("doc {n}"), text));
        }
        for name in [
            "Serhiy Haidai",
            "Dmytro Kuleba",
            "Russian Defense Ministry",
            "Senior U.S. defense official",
            "UNIAN",
        ] {
            project.sources.push(Source::new(name));
        }
        project
    }

    fn rule(kind: RuleKind, pattern: &str) -> Rule {
        Rule {
            kind,
            pattern: pattern.into(),
            ..Rule::default()
        }
    }

    /// The quotes of the proposals.
    fn quotes(found: &Suggestions) -> Vec<&str> {
        found.proposals.iter().map(|p| p.quote.as_str()).collect()
    }

    const TEXT: &str = "Up to 500 civilians shelter in the Azot plant. The Russian Defense Ministry said the plant is surrounded. \
                        Civilian deaths rose, Kuleba said on Friday. Nothing else happened. \
                        According to Serhiy Haidai, civilians were evacuated.";

    #[test]
    fn each_kind_proposes_the_sentences_it_hits() {
        let p = project(&[TEXT]);
        let table: &[(RuleKind, &str, &[&str])] = &[
            (
                RuleKind::Phrase,
                "CIVILIANS",
                &[
                    "Up to 500 civilians shelter in the Azot plant.",
                    "According to Serhiy Haidai, civilians were evacuated.",
                ],
            ),
            (
                RuleKind::Phrase,
                "azot   plant",
                &["Up to 500 civilians shelter in the Azot plant."],
            ),
            (
                RuleKind::WordList,
                "civilian, plant\nnothing",
                &[
                    "Up to 500 civilians shelter in the Azot plant.",
                    "The Russian Defense Ministry said the plant is surrounded.",
                    "Civilian deaths rose, Kuleba said on Friday.",
                    "Nothing else happened.",
                ],
            ),
            (
                RuleKind::Regex,
                r"\b\d{3}\b",
                &["Up to 500 civilians shelter in the Azot plant."],
            ),
            (
                RuleKind::Regex,
                r"(?i)surrounded|evacuated",
                &[
                    "The Russian Defense Ministry said the plant is surrounded.",
                    "According to Serhiy Haidai, civilians were evacuated.",
                ],
            ),
        ];
        for (kind, pattern, expected) in table {
            let found = suggest(&p, &rule(*kind, pattern)).expect("runs");
            assert_eq!(quotes(&found), *expected, "{kind:?} {pattern}");
        }
    }

    #[test]
    fn ranges_are_characters_and_hits_are_marked() {
        let text = "«Азот»: 568 мирных жителей. Гайдай: «568 civilians».";
        let p = project(&[text]);
        let found = suggest(&p, &rule(RuleKind::Phrase, "568")).expect("runs");
        assert_eq!(found.proposals.len(), 2);
        let doc = &p.documents[0];
        for proposal in &found.proposals {
            assert_eq!(
                crate::model::slice(&doc.text, proposal.range),
                Some(proposal.quote.as_str())
            );
            for hit in &proposal.hits {
                assert_eq!(crate::model::slice(&doc.text, *hit), Some("568"));
            }
        }
        assert_eq!(found.proposals[0].range, CharRange::new(0, 27));
        assert_eq!(found.proposals[1].why, "“568”");
    }

    #[test]
    fn hits_in_one_sentence_make_one_proposal() {
        let p = project(&["Civilians, more civilians, and still civilians. Then none."]);
        let found = suggest(&p, &rule(RuleKind::Phrase, "civilians")).expect("runs");
        assert_eq!(found.hits, 3);
        assert_eq!(found.proposals.len(), 1);
        assert_eq!(found.proposals[0].hits.len(), 3);
        assert_eq!(found.proposals[0].why, "“Civilians”, “civilians”");
    }

    #[test]
    fn a_speaker_rule_attributes_each_sentence_to_the_source_it_names() {
        let p = project(&[TEXT]);
        let haidai = p.sources[0].id;
        let kuleba = p.sources[1].id;
        let ministry = p.sources[2].id;
        let mut speaker = rule(RuleKind::Speaker, "");
        speaker.source = Some(p.sources[4].id); // ignored: the named source asserts
        speaker.stance = Some(Stance::SUPPORTS);
        let found = suggest(&p, &speaker).expect("runs");
        let got: Vec<(&str, Option<SourceId>)> = found
            .proposals
            .iter()
            .map(|p| (p.quote.as_str(), p.source))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "The Russian Defense Ministry said the plant is surrounded.",
                    Some(ministry)
                ),
                // The surname alone, in the middle of the sentence.
                ("Civilian deaths rose, Kuleba said on Friday.", Some(kuleba)),
                (
                    "According to Serhiy Haidai, civilians were evacuated.",
                    Some(haidai)
                ),
            ]
        );
        assert!(
            found
                .proposals
                .iter()
                .all(|p| p.stance == Some(Stance::SUPPORTS))
        );
        assert_eq!(found.proposals[1].why, "“Kuleba said”");
    }

    #[test]
    fn speaker_templates_asides_and_errors() {
        let p = project(&[
            "Haidai, the regional governor, said 568 remain. Later Haidai hinted at shelling. Ministry said nothing.",
        ]);
        let table: &[(&str, &[&str])] = &[
            ("", &["Haidai, the regional governor, said 568 remain."]),
            (
                "<Source> hinted/insisted",
                &["Later Haidai hinted at shelling."],
            ),
        ];
        for (pattern, expected) in table {
            let found = suggest(&p, &rule(RuleKind::Speaker, pattern)).expect("runs");
            assert_eq!(quotes(&found), *expected, "{pattern}");
        }
        let err = suggest(&p, &rule(RuleKind::Speaker, "said by")).expect_err("no placeholder");
        assert!(matches!(err, RuleError::NoPlaceholder(_)), "{err}");
        let mut bare = p.clone();
        bare.sources.clear();
        assert_eq!(
            suggest(&bare, &rule(RuleKind::Speaker, "")),
            Err(RuleError::NoSources)
        );
    }

    #[test]
    fn surnames_stand_for_people_but_not_for_institutions() {
        let table: &[(&str, Option<&str>)] = &[
            ("Serhiy Haidai", Some("Haidai")),
            ("Russian Defense Ministry", None),
            ("Senior U.S. defense official", None),
            ("UNIAN", None),
            ("Canadian Ukrainian Volunteer", None),
            ("Родион Мирошник", Some("Мирошник")),
        ];
        for (name, expected) in table {
            assert_eq!(surname(name).as_deref(), *expected, "{name}");
        }
        // Two sources sharing a surname: neither is found by it alone.
        let mut p = project(&["Kuleba said so."]);
        p.sources.push(Source::new("Olena Kuleba"));
        let names = source_names(&p);
        assert!(!names.iter().any(|(n, _)| n == "Kuleba"));
    }

    #[test]
    fn errors_read_as_sentences() {
        let p = project(&[TEXT]);
        let table: &[(RuleKind, &str, &str)] = &[
            (RuleKind::Phrase, "  ", "Type a phrase to look for"),
            (
                RuleKind::WordList,
                " , \n",
                "Type a word or phrase to look for",
            ),
            (RuleKind::Regex, "", "Type a regular expression to look for"),
            (
                RuleKind::Regex,
                "(unclosed",
                "The regular expression is not valid",
            ),
            (
                RuleKind::Phrase,
                "Mariupol",
                "Nothing in the documents matches the rule",
            ),
        ];
        for (kind, pattern, expected) in table {
            let err = suggest(&p, &rule(*kind, pattern)).expect_err("an error");
            assert!(
                err.to_string().starts_with(expected),
                "{kind:?} {pattern}: {err}"
            );
        }
        let mut one = rule(RuleKind::Phrase, "Mariupol");
        one.scope = Scope::Document(p.documents[0].id);
        let err = suggest(&p, &one).expect_err("nothing");
        assert_eq!(err.to_string(), "Nothing in “doc 0” matches the rule");
        assert_eq!(
            suggest(&Project::new("empty"), &rule(RuleKind::Phrase, "x")),
            Err(RuleError::NoDocuments)
        );
    }

    #[test]
    fn sentences_already_claimed_are_skipped_and_counted() {
        let mut p = project(&[TEXT]);
        let doc = p.documents[0].clone();
        // The first sentence claimed exactly; most of the last one claimed.
        let first = Claim::new(&doc, CharRange::new(0, 46), "ana").expect("claim");
        let last_start = doc.text.find("According").expect("there");
        let last =
            Claim::new(&doc, CharRange::new(last_start, last_start + 40), "ana").expect("claim");
        // A claim half in the next sentence ("t. The") covers no more than half of itself there.
        let straddling = Claim::new(&doc, CharRange::new(44, 50), "ana").expect("claim");
        p.claims.extend([first, last, straddling]);
        let found = suggest(&p, &rule(RuleKind::WordList, "civilians, plant")).expect("runs");
        assert_eq!(found.already_claimed, 2);
        assert_eq!(
            quotes(&found),
            ["The Russian Defense Ministry said the plant is surrounded."]
        );
        assert_eq!(found.summary(), "1 suggestion (2 already claimed)");
    }

    #[test]
    fn a_claim_covers_a_sentence_when_it_shares_more_than_half_of_the_shorter() {
        let sentence = CharRange::new(100, 200);
        let table = [
            (CharRange::new(100, 200), true),  // the same range
            (CharRange::new(120, 130), true),  // wholly inside
            (CharRange::new(50, 160), true),   // 60 of 100
            (CharRange::new(195, 205), false), // 5 of 10
            (CharRange::new(0, 100), false),   // touching only
            (CharRange::new(0, 140), false),   // 40 of 100
        ];
        for (claim, expected) in table {
            assert_eq!(covers(claim, sentence), expected, "{claim:?}");
        }
    }

    #[test]
    fn proposals_are_capped() {
        let text = "Civilians left. ".repeat(MAX_PROPOSALS + 5);
        let p = project(&[&text]);
        let found = suggest(&p, &rule(RuleKind::Phrase, "civilians")).expect("runs");
        assert_eq!(found.proposals.len(), MAX_PROPOSALS);
        assert!(found.truncated);
        assert!(found.summary().starts_with("The first 2,000 suggestions"));
        let last = found.proposals.last().expect("some");
        assert_eq!(last.range.start, (MAX_PROPOSALS - 1) * 16);
    }

    #[test]
    fn accepting_is_one_edit_with_the_rules_attributes() {
        let mut p = project(&[TEXT]);
        let tag = Tag::new("casualties", crate::model::Colour::palette(0));
        let tag_id = tag.id;
        p.tags.push(tag);
        let mut phrase = rule(RuleKind::Phrase, "civilians");
        phrase.source = Some(p.sources[0].id);
        phrase.stance = Some(Stance::DISPUTES);
        phrase.tags = vec![tag_id];
        let found = suggest(&p, &phrase).expect("runs");
        let all: Vec<&Proposal> = found.proposals.iter().collect();
        let (edit, label) = accept_edit(&p, &all, "ana").expect("an edit");
        assert_eq!(label, "Accept 2 suggested claims");
        let undo = crate::edit::apply(&mut p, edit).expect("applies");
        assert_eq!(p.claims.len(), 2);
        for (claim, proposal) in p.claims.iter().zip(&found.proposals) {
            assert_eq!(claim.range, proposal.range);
            assert_eq!(claim.quote.exact, proposal.quote);
            assert_eq!(claim.source, Some(p.sources[0].id));
            assert_eq!(claim.stance, Some(Stance::DISPUTES));
            assert_eq!(claim.tags, vec![tag_id]);
            assert_eq!(claim.annotator, "ana");
        }
        crate::edit::apply(&mut p, undo).expect("undoes");
        assert!(p.claims.is_empty());
        let (_, label) = accept_edit(&p, &all[..1], "ana").expect("an edit");
        assert_eq!(label, "Accept suggested claim");
        // The text changed since: the proposal no longer fits, nothing is made.
        p.documents[0].text = "Something else entirely.".into();
        assert!(accept_edit(&p, &all, "ana").is_none());
    }

    /// The sample project, with its documents repeated to `bytes` of text.
    fn sample_of(bytes: usize) -> Project {
        let mut project = crate::io::project_file::from_ron_str(crate::SAMPLE_PROJECT)
            .expect("the sample loads")
            .project;
        let originals = project.documents.clone();
        let mut total: usize = originals.iter().map(|d| d.text.len()).sum();
        let mut n = 0;
        while total < bytes {
            let original = &originals[n % originals.len()];
            let copy = Document::new(format!("{} ({n})", original.title), &original.text);
            total += copy.text.len();
            project.documents.push(copy);
            n += 1;
        }
        project
    }

    #[test]
    fn the_sample_has_suggestions_of_every_kind() {
        let p = sample_of(0);
        for (kind, pattern) in [
            (RuleKind::Phrase, "civilians"),
            (RuleKind::WordList, "Azot, civilians"),
            (RuleKind::Regex, r"\b\d{3}\b"),
            (RuleKind::Speaker, ""),
        ] {
            let found = suggest(&p, &rule(kind, pattern)).expect("runs");
            println!("{kind:?} {pattern}: {}", found.summary());
            assert!(!found.proposals.is_empty(), "{kind:?}");
        }
    }

    /// How long each kind takes over 12 MB of text: `cargo test --release --lib
    /// suggest::tests::timing_at_12_mb -- --ignored --nocapture`.
    #[test]
    #[ignore = "a measurement, not a check"]
    fn timing_at_12_mb() {
        let p = sample_of(12 * 1024 * 1024);
        for (kind, pattern) in [
            (RuleKind::Phrase, "civilians"),
            (RuleKind::WordList, "Azot, civilians, plant, shelling"),
            (RuleKind::Regex, r"\b\d{3}\b"),
            (RuleKind::Speaker, ""),
            // Rules that read every document to the end: nothing found, or few hits.
            (RuleKind::Phrase, "Mariupol harbour"),
            (RuleKind::Regex, r"(?i)\bzz\w+"),
            (RuleKind::Speaker, "<Source> hinted"),
        ] {
            let started = std::time::Instant::now();
            let found = suggest(&p, &rule(kind, pattern));
            let what = found.map_or_else(|e| e.to_string(), |f| f.summary());
            println!(
                "{kind:?} {pattern}: {what} in {} ms",
                started.elapsed().as_millis()
            );
        }
    }

    #[test]
    fn counts_have_thousands_separators() {
        for (n, text) in [
            (0, "0"),
            (999, "999"),
            (2000, "2,000"),
            (1234567, "1,234,567"),
        ] {
            assert_eq!(thousands(n), text);
        }
    }
}
