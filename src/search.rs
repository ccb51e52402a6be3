//! Search every document of a project: plain text, whole words, case, or a
//! regular expression, with hits grouped by document and a line of context each.
//!
//! Plain Rust over the model. A [`Query`] is compiled once into a
//! [`CompiledQuery`] (a `regex::Regex`, with limits on its size), then run over
//! each document's text in one forward pass that turns the regex's byte offsets
//! into the character offsets ([`CharRange`]) the rest of the app uses.

use regex::{Regex, RegexBuilder};

use crate::model::{CharRange, DocumentId, Project, normalise};

/// The most hits kept with their context (more are counted, not kept).
pub const MAX_HITS: usize = 5_000;

/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1_000;

/// About how many characters of a hit's line its context shows.
pub const SNIPPET_CHARS: usize = 120;

/// The most memory the compiled pattern may take, in bytes.
const PATTERN_SIZE_LIMIT: usize = 4 << 20;

/// The most memory the pattern's lazy DFA may take, in bytes.
const DFA_SIZE_LIMIT: usize = 8 << 20;

/// How deeply groups and repetitions may nest in a regular expression.
const NEST_LIMIT: u32 = 100;

/// What to search for, and how.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Query {
    /// The text (or the regular expression) to find.
    pub text: String,
    /// Find it only as a whole word, not inside a longer word.
    pub whole_word: bool,
    /// Tell upper case from lower case.
    pub match_case: bool,
    /// Read the text as a regular expression.
    pub regex: bool,
}

/// Why a query cannot be searched for: a sentence for the analyst.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// The regular expression does not parse.
    #[error("Not a valid regular expression: {0}")]
    Syntax(String),
    /// The pattern would take too much memory.
    #[error(
        "This regular expression is too large to search with; make it simpler (fewer or smaller repetitions such as {{1000}})"
    )]
    TooBig,
    /// The query is longer than [`MAX_QUERY_CHARS`].
    #[error("The query is too long: at most {MAX_QUERY_CHARS} characters")]
    TooLong,
}

impl Query {
    /// A plain-text query that ignores case.
    pub fn plain(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }

    /// Whether there is nothing to search for.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The query made ready to run: `None` when it is empty.
    pub fn compile(&self) -> Result<Option<CompiledQuery>, QueryError> {
        if self.is_empty() {
            return Ok(None);
        }
        if self.text.chars().count() > MAX_QUERY_CHARS {
            return Err(QueryError::TooLong);
        }
        // Documents are kept in NFC: a query typed decomposed must find them too.
        let text = normalise(&self.text);
        if text.is_empty() {
            return Ok(None);
        }
        let pattern = if self.regex {
            format!("(?:{text})")
        } else {
            regex::escape(&text)
        };
        // Whole word: no word character (any script's) right before or right
        // after the hit. Unlike `\b`, this holds for a query that starts or ends
        // with punctuation ("(LPR)", "U.S.") and at the text's start and end.
        let pattern = if self.whole_word {
            format!(r"\b{{start-half}}{pattern}\b{{end-half}}")
        } else {
            pattern
        };
        let regex = RegexBuilder::new(&pattern)
            .case_insensitive(!self.match_case)
            .multi_line(true)
            .size_limit(PATTERN_SIZE_LIMIT)
            .dfa_size_limit(DFA_SIZE_LIMIT)
            .nest_limit(NEST_LIMIT)
            .build()
            .map_err(query_error)?;
        Ok(Some(CompiledQuery { regex }))
    }
}

/// The analyst's version of the regex crate's error.
fn query_error(err: regex::Error) -> QueryError {
    match err {
        regex::Error::CompiledTooBig(_) => QueryError::TooBig,
        regex::Error::Syntax(message) => {
            // The crate's message draws the pattern with a caret under the
            // fault, then says "error: …": the last part is the sentence.
            let reason = message
                .lines()
                .rev()
                .find_map(|line| line.trim().strip_prefix("error:"))
                .map_or_else(|| message.trim().to_owned(), |r| r.trim().to_owned());
            QueryError::Syntax(reason)
        }
        other => QueryError::Syntax(other.to_string()),
    }
}

/// A query ready to run over many texts.
#[derive(Clone, Debug)]
pub struct CompiledQuery {
    /// The pattern the query became.
    regex: Regex,
}

impl CompiledQuery {
    /// Every non-empty hit in `text`, as character ranges, in order.
    pub fn find_all(&self, text: &str) -> Vec<CharRange> {
        let mut offsets = CharOffsets::new(text);
        self.regex
            .find_iter(text)
            .filter(|m| !m.is_empty())
            .map(|m| offsets.range(m.start(), m.end()))
            .collect()
    }
}

/// Byte offsets to character offsets in one forward pass over a text: each
/// call counts only the characters since the previous one.
struct CharOffsets<'a> {
    /// The text.
    text: &'a str,
    /// The byte offset reached.
    byte: usize,
    /// The character offset of `byte`.
    char: usize,
}

impl<'a> CharOffsets<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            byte: 0,
            char: 0,
        }
    }

    /// The character offset of byte offset `byte` (a char boundary at or after
    /// the previous one asked for).
    fn char_at(&mut self, byte: usize) -> usize {
        if byte > self.byte {
            self.char += self
                .text
                .get(self.byte..byte)
                .map_or(0, |s| s.chars().count());
            self.byte = byte;
        }
        self.char
    }

    /// The character range of bytes `start..end`.
    fn range(&mut self, start: usize, end: usize) -> CharRange {
        let start = self.char_at(start);
        CharRange::new(start, self.char_at(end))
    }
}

/// A hit's line, shortened around it: what comes before, the hit, what comes after.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snippet {
    /// The text before the hit on its line ("…" first when cut).
    pub before: String,
    /// The hit itself ("…" last when cut).
    pub hit: String,
    /// The text after the hit on its line ("…" last when cut).
    pub after: String,
}

impl Snippet {
    /// The whole line of context as one string.
    pub fn text(&self) -> String {
        format!("{}{}{}", self.before, self.hit, self.after)
    }
}

/// One place a query was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Where in the document's text, in characters.
    pub range: CharRange,
    /// Its line of context.
    pub snippet: Snippet,
}

/// The hits in one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentHits {
    /// The document.
    pub document: DocumentId,
    /// Its name: the title, else the outlet, else its short id.
    pub title: String,
    /// How many hits it has, kept or not.
    pub count: usize,
    /// The hits kept (the first ones, up to the overall cap), in text order.
    pub hits: Vec<Hit>,
}

/// What a search found: the documents with hits, in project order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchResults {
    /// The documents with at least one hit.
    pub documents: Vec<DocumentHits>,
    /// How many hits there are in all.
    pub total: usize,
    /// How many of them are kept with their context.
    pub shown: usize,
}

impl SearchResults {
    /// "23 hits in 4 documents", or "First 5,000 of 12,345 hits shown, in 40 documents".
    pub fn summary(&self) -> String {
        let documents = self.documents.len();
        let in_documents = format!(
            "{} document{}",
            thousands(documents),
            if documents == 1 { "" } else { "s" }
        );
        if self.total == 0 {
            "No hits".to_owned()
        } else if self.shown < self.total {
            format!(
                "First {} of {} hits shown, in {in_documents}",
                thousands(self.shown),
                thousands(self.total)
            )
        } else {
            format!(
                "{} hit{} in {in_documents}",
                thousands(self.total),
                if self.total == 1 { "" } else { "s" }
            )
        }
    }

    /// Every kept hit with its document, in list order.
    pub fn hits(&self) -> impl Iterator<Item = (DocumentId, &Hit)> {
        self.documents
            .iter()
            .flat_map(|d| d.hits.iter().map(move |h| (d.document, h)))
    }
}

/// `12345` as "12,345".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (at, digit) in digits.chars().enumerate() {
        if at > 0 && (digits.len() - at).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Searches every document of `project` for `query`, keeping at most [`MAX_HITS`] hits.
pub fn search_project(project: &Project, query: &Query) -> Result<SearchResults, QueryError> {
    Ok(match query.compile()? {
        Some(compiled) => search(project, &compiled, MAX_HITS, &|| false).unwrap_or_default(),
        None => SearchResults::default(),
    })
}

/// Searches every document of `project`, keeping the context of the first
/// `limit` hits and counting the rest; `None` when `cancelled` says stop (it
/// is asked between documents and every few thousand hits).
pub fn search(
    project: &Project,
    query: &CompiledQuery,
    limit: usize,
    cancelled: &dyn Fn() -> bool,
) -> Option<SearchResults> {
    let mut results = SearchResults::default();
    for document in &project.documents {
        if cancelled() {
            return None;
        }
        let text = document.text.as_str();
        let mut offsets = CharOffsets::new(text);
        let mut found = DocumentHits {
            document: document.id,
            title: crate::model::Document::name(document),
            count: 0,
            hits: Vec::new(),
        };
        for m in query.regex.find_iter(text) {
            if m.is_empty() {
                continue;
            }
            found.count += 1;
            if results.shown < limit {
                results.shown += 1;
                found.hits.push(Hit {
                    range: offsets.range(m.start(), m.end()),
                    snippet: snippet(text, m.start(), m.end()),
                });
            } else if found.count.is_multiple_of(4096) && cancelled() {
                return None;
            }
        }
        if found.count > 0 {
            results.total += found.count;
            results.documents.push(found);
        }
    }
    Some(results)
}

/// The line of bytes `start..end` of `text`, shortened to about
/// [`SNIPPET_CHARS`] characters around them, cut only between characters.
fn snippet(text: &str, start: usize, end: usize) -> Snippet {
    let bytes = text.as_bytes();
    let line_start = bytes
        .get(..start)
        .and_then(|b| memchr::memrchr(b'\n', b))
        .map_or(0, |at| at + 1);
    let line_end = bytes
        .get(end..)
        .and_then(|b| memchr::memchr(b'\n', b))
        .map_or(text.len(), |at| end + at);
    let hit = text.get(start..end).unwrap_or_default();
    // A long hit keeps a little of what comes before it and is cut itself.
    let hit_budget = SNIPPET_CHARS - SNIPPET_CHARS / 6;
    let (hit, hit_chars) = match hit.char_indices().nth(hit_budget) {
        Some((cut, _)) => (
            format!("{}…", hit.get(..cut).unwrap_or_default()),
            hit_budget,
        ),
        None => (hit.to_owned(), hit.chars().count()),
    };
    let room = SNIPPET_CHARS.saturating_sub(hit_chars);
    let after_line = text.get(end..line_end).unwrap_or_default();
    let before_line = text.get(line_start..start).unwrap_or_default();
    // A third of the room before the hit, the rest after; room left unused on
    // one side goes to the other.
    let after_wanted = room - room / 3;
    let (after, after_chars) = first_chars(after_line, after_wanted);
    let before_wanted = room.saturating_sub(after_chars);
    let before = last_chars(before_line, before_wanted);
    let after = if after.len() < after_line.len() {
        format!("{}…", after.trim_end())
    } else {
        after.to_owned()
    };
    let before = if before.len() < before_line.len() {
        format!("…{}", before.trim_start())
    } else {
        before.to_owned()
    };
    // One line: a hit that spans lines shows them joined.
    let flat = |s: String| {
        if s.contains('\n') {
            s.replace('\n', " ")
        } else {
            s
        }
    };
    Snippet {
        before: flat(before),
        hit: flat(hit),
        after: flat(after),
    }
}

/// The first `n` characters of `text` and how many there are.
fn first_chars(text: &str, n: usize) -> (&str, usize) {
    match text.char_indices().nth(n) {
        Some((cut, _)) => (text.get(..cut).unwrap_or_default(), n),
        None => (text, text.chars().count()),
    }
}

/// The last `n` characters of `text`.
fn last_chars(text: &str, n: usize) -> &str {
    if n == 0 {
        return "";
    }
    match text.char_indices().rev().nth(n - 1) {
        Some((cut, _)) => text.get(cut..).unwrap_or_default(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Document;

    /// The query `text` with the flags named in `flags` ("w" whole word, "c" case, "r" regex).
    fn query(text: &str, flags: &str) -> Query {
        Query {
            text: text.into(),
            whole_word: flags.contains('w'),
            match_case: flags.contains('c'),
            regex: flags.contains('r'),
        }
    }

    /// The hits of `query` in `text`, as the strings they cover (sliced by character offsets).
    fn found(text: &str, query: &Query) -> Vec<String> {
        let compiled = query.compile().expect("compiles").expect("not empty");
        compiled
            .find_all(text)
            .into_iter()
            .map(|r| text.chars().skip(r.start).take(r.len()).collect())
            .collect()
    }

    #[test]
    fn plain_case_whole_word_and_regex_find_what_they_should() {
        let text = "Azot: the azot plant. AZOTE is not Azot. Азот, азотный завод; (LPR) said LPR's x(LPR)y";
        // (query, flags, expected hits)
        let table: &[(&str, &str, &[&str])] = &[
            ("azot", "", &["Azot", "azot", "AZOT", "Azot"]),
            ("azot", "c", &["azot"]),
            ("Azot", "c", &["Azot", "Azot"]),
            ("azot", "w", &["Azot", "azot", "Azot"]),
            ("azot", "wc", &["azot"]),
            // Cyrillic: "азотный" is a longer word, not a hit for a whole word.
            ("азот", "", &["Азот", "азот"]),
            ("азот", "w", &["Азот"]),
            ("АЗОТ", "wc", &[]),
            // Punctuation at the query's edges: no word character may touch it.
            ("(LPR)", "w", &["(LPR)"]),
            ("(LPR)", "", &["(LPR)", "(LPR)"]),
            ("LPR", "w", &["LPR", "LPR", "LPR"]),
            // Plain text is not a pattern: "." is a full stop.
            ("plant.", "", &["plant."]),
            ("a.o", "", &[]),
            // Regular expressions.
            (r"\ba\w+t\b", "r", &["Azot", "azot", "Azot"]),
            (r"[АаA]зот", "r", &["Азот", "азот"]),
            (r"^Azot", "r", &["Azot"]),
            (r"azot|plant", "rw", &["Azot", "azot", "plant", "Azot"]),
            (r"\(LPR\)", "rc", &["(LPR)", "(LPR)"]),
        ];
        for (text_query, flags, expected) in table {
            let q = query(text_query, flags);
            assert_eq!(found(text, &q), *expected, "{text_query:?} with {flags:?}");
        }
    }

    #[test]
    fn whole_words_at_the_start_and_end_of_the_text() {
        let table: &[(&str, &str, usize)] = &[
            ("Azot", "Azot", 1),
            ("Azot plant", "Azot", 1),
            ("the Azot", "Azot", 1),
            ("Azotplant", "Azot", 0),
            ("theAzot", "Azot", 0),
            ("Гайдай", "Гайдай", 1),
            ("Гайдаю", "Гайдай", 0),
            ("сказав Гайдай", "Гайдай", 1),
        ];
        for (text, q, count) in table {
            assert_eq!(
                found(text, &query(q, "w")).len(),
                *count,
                "{q:?} in {text:?}"
            );
        }
    }

    #[test]
    fn offsets_are_characters_in_any_script() {
        // (text, query, expected character range)
        let table: &[(&str, &str, (usize, usize))] = &[
            ("Сєвєродонецьк: Азот", "Азот", (15, 19)),
            ("قال غايداي إن 568 مدنيا", "568", (14, 17)),
            ("🇺🇦 ✊🏻 Azot 🇺🇦 Azot", "Azot", (6, 10)),
            ("e\u{301}té Azot", "Azot", (5, 9)),
        ];
        for (text, q, (start, end)) in table {
            let compiled = query(q, "").compile().expect("ok").expect("some");
            let hits = compiled.find_all(text);
            assert_eq!(hits.first(), Some(&CharRange::new(*start, *end)), "{q:?}");
        }
        // Several hits in one text: each counted from the start, not from the last hit.
        let text = "Азот 🇺🇦 Азот 🇺🇦 Азот";
        let compiled = query("азот", "").compile().expect("ok").expect("some");
        assert_eq!(
            compiled.find_all(text),
            vec![
                CharRange::new(0, 4),
                CharRange::new(8, 12),
                CharRange::new(16, 20)
            ]
        );
    }

    #[test]
    fn a_decomposed_query_finds_composed_text() {
        // "é" typed as "e" and a combining accent; documents are stored in NFC.
        let text = crate::model::normalise("café Azot");
        assert_eq!(found(&text, &query("cafe\u{301}", "c")), vec!["café"]);
    }

    #[test]
    fn bad_and_oversized_patterns_are_explained() {
        let err = query("(unclosed", "r").compile().expect_err("bad");
        let message = err.to_string();
        assert!(
            message.starts_with("Not a valid regular expression: "),
            "{message}"
        );
        assert!(message.contains("unclosed group"), "{message}");
        assert!(!message.contains('\n'), "{message}");
        // The same text is fine as plain text.
        assert!(query("(unclosed", "").compile().is_ok());
        assert_eq!(
            query(r"(?:\w{100}){100}", "r").compile().err(),
            Some(QueryError::TooBig)
        );
        assert_eq!(
            query(&"x".repeat(MAX_QUERY_CHARS + 1), "").compile().err(),
            Some(QueryError::TooLong)
        );
        assert!(query("", "r").compile().expect("empty is fine").is_none());
    }

    fn project(texts: &[(&str, &str)]) -> Project {
        let mut project = Project::new("search");
        project.documents = texts
            .iter()
            .map(|&(title, text)| Document::new(title, text))
            .collect();
        project
    }

    #[test]
    fn hits_are_grouped_by_document_with_counts() {
        let project = project(&[
            ("One", "Azot and azot.\nNothing here.\nAzot again."),
            ("Two", "No hits in this one."),
            ("Three", "The Azot plant."),
        ]);
        let results = search_project(&project, &Query::plain("azot")).expect("ok");
        assert_eq!(results.total, 4);
        assert_eq!(results.shown, 4);
        let groups: Vec<(&str, usize, usize)> = results
            .documents
            .iter()
            .map(|d| (d.title.as_str(), d.count, d.hits.len()))
            .collect();
        assert_eq!(groups, vec![("One", 3, 3), ("Three", 1, 1)]);
        assert_eq!(results.summary(), "4 hits in 2 documents");
        let first = &results.documents[0];
        assert_eq!(first.hits[2].range, CharRange::new(29, 33));
        // Context is the hit's own line.
        assert_eq!(first.hits[2].snippet.text(), "Azot again.");
        assert_eq!(first.hits[1].snippet.before, "Azot and ");
        assert_eq!(first.hits[1].snippet.hit, "azot");
        assert_eq!(first.hits[1].snippet.after, ".");
        // Nothing to search for, nothing found.
        let none = search_project(&project, &Query::plain("")).expect("ok");
        assert_eq!(none, SearchResults::default());
        assert_eq!(none.summary(), "No hits");
        let one = search_project(&project, &Query::plain("plant")).expect("ok");
        assert_eq!(one.summary(), "1 hit in 1 document");
    }

    #[test]
    fn long_lines_are_shortened_around_the_hit_on_character_boundaries() {
        let line = format!("{}Азот{}", "я".repeat(500), "ж".repeat(500));
        let results =
            search_project(&project(&[("Long", &line)]), &Query::plain("азот")).expect("ok");
        let hit = &results.documents[0].hits[0];
        assert_eq!(hit.range, CharRange::new(500, 504));
        let snippet = &hit.snippet;
        assert!(snippet.before.starts_with('…') && snippet.before.ends_with('я'));
        assert_eq!(snippet.hit, "Азот");
        assert!(snippet.after.starts_with('ж') && snippet.after.ends_with('…'));
        let chars = snippet.text().chars().count();
        assert!(
            (SNIPPET_CHARS..=SNIPPET_CHARS + 2).contains(&chars),
            "{chars}"
        );
        // Near the line's start the room goes after the hit.
        let results =
            search_project(&project(&[("Long", &line)]), &Query::plain("яя")).expect("ok");
        let first = &results.documents[0].hits[0].snippet;
        assert_eq!(first.before, "");
        assert!(first.after.chars().count() > SNIPPET_CHARS / 2);
        // A hit longer than the snippet is cut itself.
        let results = search_project(&project(&[("Long", &line)]), &query("я+", "r")).expect("ok");
        let long = &results.documents[0].hits[0];
        assert_eq!(long.range, CharRange::new(0, 500));
        assert!(long.snippet.hit.ends_with('…'));
        assert!(long.snippet.text().chars().count() <= SNIPPET_CHARS + 2);
    }

    #[test]
    fn the_cap_keeps_the_first_hits_and_counts_the_rest() {
        let text = "x ".repeat(3_000);
        let project = project(&[("A", &text), ("B", &text)]);
        let results = search_project(&project, &Query::plain("x")).expect("ok");
        assert_eq!(results.total, 6_000);
        assert_eq!(results.shown, MAX_HITS);
        assert_eq!(results.documents[0].hits.len(), 3_000);
        assert_eq!(results.documents[1].count, 3_000);
        assert_eq!(results.documents[1].hits.len(), MAX_HITS - 3_000);
        assert_eq!(results.hits().count(), MAX_HITS);
        assert_eq!(
            results.summary(),
            "First 5,000 of 6,000 hits shown, in 2 documents"
        );
        // The last kept hit's offset is right however many came before.
        let last = results.documents[1].hits.last().expect("a hit");
        assert_eq!(last.range, CharRange::new(3_998, 3_999));
    }

    #[test]
    fn empty_matches_are_not_hits_and_a_cancelled_search_stops() {
        let project = project(&[("A", "abc"), ("B", "abc")]);
        let results = search_project(&project, &query("x*", "r")).expect("ok");
        assert_eq!(results.total, 0);
        let compiled = query("b", "").compile().expect("ok").expect("some");
        assert_eq!(search(&project, &compiled, MAX_HITS, &|| true), None);
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
    }
}
