//! An article's metadata read from its web page: headline, author, outlet, date,
//! address and language.
//!
//! Sources, best first: JSON-LD (`<script type="application/ld+json">`), Open
//! Graph and `article:` meta tags, plain `<meta>` tags, then the markup itself
//! (`<time datetime>`, bylines, `<h1>`, `<title>`, `<html lang>`). A page is
//! outside input: malformed JSON-LD is ignored, every value is trimmed, its white
//! space collapsed and its length bounded, and values that are not what the field
//! holds (a date that is not a date, a relative address) are left unset.

use std::collections::HashMap;

use scraper::{ElementRef, Html};
use serde_json::Value;

use crate::model::normalise;

/// The longest title, name or outlet kept, in characters.
pub const MAX_NAME_CHARS: usize = 300;

/// The longest address kept, in characters; longer ones are left unset.
const MAX_URL_CHARS: usize = 2000;

/// The most JSON-LD blocks read from one page.
const MAX_JSON_LD_BLOCKS: usize = 32;

/// The most JSON-LD objects looked at in one page.
const MAX_JSON_LD_NODES: usize = 256;

/// The most author names kept.
const MAX_AUTHORS: usize = 20;

/// Separators between a headline and a site name in a page title.
const TITLE_SEPARATORS: [&str; 6] = [" | ", " - ", " — ", " – ", " :: ", " · "];

/// JSON-LD types that describe an article.
const ARTICLE_TYPES: [&str; 14] = [
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "AskPublicNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "Report",
    "ScholarlyArticle",
    "TechArticle",
    "SocialMediaPosting",
];

/// English month names, for dates written in words.
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// What a web page says about the article it holds; `None` where it says nothing usable.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageMeta {
    /// The headline, without a site name around it.
    pub title: Option<String>,
    /// Who wrote it; several names are joined with ", ".
    pub author: Option<String>,
    /// The publication.
    pub outlet: Option<String>,
    /// When it was published, ISO 8601: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub published: Option<String>,
    /// Its absolute `http` or `https` address.
    pub url: Option<String>,
    /// Its language as a BCP 47 tag, such as `en` or `en-GB`.
    pub language: Option<String>,
}

/// Reads the metadata of an HTML page.
pub fn extract(html: &str) -> PageMeta {
    from_document(&Html::parse_document(html))
}

/// Reads the metadata of a parsed HTML page.
pub fn from_document(document: &Html) -> PageMeta {
    let page = Collected::from_document(document);
    let ld = JsonLd::from_blocks(&page.json_ld);

    let outlet = ld
        .outlet
        .iter()
        .map(String::as_str)
        .chain(page.metas(&["og:site_name"]))
        .chain(page.metas(&["publisher", "dc.publisher", "dcterms.publisher"]))
        .find_map(clean_name);

    let headline = ld
        .headline
        .iter()
        .map(String::as_str)
        .chain(page.metas(&["og:title", "twitter:title"]))
        .chain(page.h1.as_deref())
        .chain(page.title.as_deref())
        .find_map(clean_name);
    let title = headline.map(|t| strip_site_name(&t, outlet.as_deref()));

    let author = [
        ld.authors.clone(),
        page.metas(&["article:author"]).map(str::to_owned).collect(),
        page.metas(&[
            "author",
            "byline",
            "dc.creator",
            "dcterms.creator",
            "parsely-author",
            "sailthru.author",
        ])
        .map(str::to_owned)
        .collect(),
        page.rel_authors.clone(),
        page.itemprop_authors.clone(),
        page.bylines.clone(),
    ]
    .iter()
    .find_map(|names| join_names(names));

    let published = ld
        .published
        .iter()
        .map(String::as_str)
        .chain(page.metas(&["article:published_time", "og:published_time"]))
        .chain(page.metas(&[
            "date",
            "dc.date",
            "dc.date.issued",
            "dcterms.date",
            "dcterms.issued",
            "pubdate",
            "publishdate",
            "publish-date",
            "datepublished",
            "parsely-pub-date",
            "sailthru.date",
        ]))
        .chain(page.time_in_article.as_deref())
        .chain(page.time_first.as_deref())
        .find_map(normalise_date);

    let url = ld
        .url
        .iter()
        .map(String::as_str)
        .chain(page.metas(&["og:url"]))
        .chain(page.canonical.as_deref())
        .find_map(normalise_url);

    let language = ld
        .language
        .iter()
        .map(String::as_str)
        .chain(page.metas(&["og:locale"]))
        .chain(page.metas(&["content-language", "language", "dc.language"]))
        .chain(page.lang.as_deref())
        .find_map(normalise_language);

    PageMeta {
        title,
        author,
        outlet,
        published,
        url,
        language,
    }
}

/// What one walk over the page's elements found.
#[derive(Default)]
struct Collected {
    /// `<meta>` tags: the lower-cased `property`, `name`, `itemprop` or
    /// `http-equiv`, and the content, in page order.
    metas: Vec<(String, String)>,
    /// The `href` of `<link rel="canonical">`.
    canonical: Option<String>,
    /// The text of each JSON-LD script.
    json_ld: Vec<String>,
    /// The text of the first non-empty `<title>`.
    title: Option<String>,
    /// The text of the first non-empty `<h1>`.
    h1: Option<String>,
    /// The `datetime` of the first `<time>` inside an `<article>` or `<main>`.
    time_in_article: Option<String>,
    /// The `datetime` of the first `<time>` anywhere.
    time_first: Option<String>,
    /// The text of `rel="author"` links.
    rel_authors: Vec<String>,
    /// The content or text of `itemprop="author"` elements.
    itemprop_authors: Vec<String>,
    /// The text of elements whose class names a byline.
    bylines: Vec<String>,
    /// `<html lang>` or `xml:lang`.
    lang: Option<String>,
}

impl Collected {
    /// Walks the page once.
    fn from_document(document: &Html) -> Self {
        let mut page = Self::default();
        let root = document.root_element();
        page.lang = root
            .value()
            .attr("lang")
            .or_else(|| root.value().attr("xml:lang"))
            .map(str::to_owned);
        for element in root.descendent_elements() {
            let value = element.value();
            match value.name() {
                "meta" => {
                    let Some(content) = value.attr("content") else {
                        continue;
                    };
                    for key in ["property", "name", "itemprop", "http-equiv"] {
                        if let Some(key) = value.attr(key) {
                            page.metas
                                .push((key.trim().to_ascii_lowercase(), content.to_owned()));
                        }
                    }
                }
                "link" => {
                    let canonical = value.attr("rel").is_some_and(|rel| {
                        rel.split_ascii_whitespace()
                            .any(|r| r.eq_ignore_ascii_case("canonical"))
                    });
                    if canonical && page.canonical.is_none() {
                        page.canonical = value.attr("href").map(str::to_owned);
                    }
                }
                "script" => {
                    let json = value
                        .attr("type")
                        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
                    if json && page.json_ld.len() < MAX_JSON_LD_BLOCKS {
                        page.json_ld.push(element.text().collect());
                    }
                }
                "title" if page.title.is_none() => page.title = text_of(element),
                "h1" if page.h1.is_none() => page.h1 = text_of(element),
                "time" => {
                    if let Some(datetime) = value.attr("datetime") {
                        if page.time_first.is_none() {
                            page.time_first = Some(datetime.to_owned());
                        }
                        if page.time_in_article.is_none() && in_article(element) {
                            page.time_in_article = Some(datetime.to_owned());
                        }
                    }
                }
                _ => {}
            }
            // Markup that names the author or the date, on any element.
            if value.name() != "meta" {
                let itemprop = value.attr("itemprop").unwrap_or("");
                if itemprop.eq_ignore_ascii_case("datePublished")
                    && let Some(date) = value.attr("content").or_else(|| value.attr("datetime"))
                {
                    page.metas
                        .push(("datepublished".to_owned(), date.to_owned()));
                }
                if itemprop.eq_ignore_ascii_case("author") {
                    page.itemprop_authors.extend(text_of(element));
                }
            }
            let rel_author = value.attr("rel").is_some_and(|rel| {
                rel.split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("author"))
            });
            if rel_author && value.name() != "link" {
                page.rel_authors.extend(text_of(element));
            }
            let byline = value.classes().any(|c| {
                let c = c.to_ascii_lowercase();
                c == "byline" || c.ends_with("__byline") || c.ends_with("-byline")
            });
            if byline && page.bylines.len() < MAX_AUTHORS {
                page.bylines.extend(text_of(element).map(|t| strip_by(&t)));
            }
        }
        page
    }

    /// The contents of the meta tags with these keys, in the order of the keys.
    fn metas<'a>(&'a self, keys: &'a [&'a str]) -> impl Iterator<Item = &'a str> + 'a {
        keys.iter().flat_map(move |key| {
            self.metas
                .iter()
                .filter(move |(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        })
    }
}

/// An element's text, white space collapsed and bounded; `None` when blank.
fn text_of(element: ElementRef<'_>) -> Option<String> {
    let mut text = String::new();
    for piece in element.text() {
        text.push_str(piece);
        // A bound on what is gathered, not only on what is kept.
        if text.len() > MAX_NAME_CHARS * 8 {
            break;
        }
        text.push(' ');
    }
    clean_name(&text)
}

/// Whether an element is inside an `<article>` or `<main>`.
fn in_article(element: ElementRef<'_>) -> bool {
    element.ancestors().any(|a| {
        a.value()
            .as_element()
            .is_some_and(|e| matches!(e.name(), "article" | "main"))
    })
}

/// A byline without its "By " (or "Par ", "Von ", …) in front.
fn strip_by(byline: &str) -> String {
    const PREFIXES: [&str; 9] = [
        "by ",
        "par ",
        "von ",
        "por ",
        "di ",
        "door ",
        "автор:",
        "автор ",
        "бу ",
    ];
    let lower = byline.to_lowercase();
    for prefix in PREFIXES {
        if lower.starts_with(prefix)
            && let Some(rest) = byline.get(prefix.len()..)
        {
            // Lower-casing kept the length for these prefixes, so the cut is the same.
            return rest.trim().to_owned();
        }
    }
    byline.trim().to_owned()
}

/// What the page's JSON-LD says, each field from the best object that has it.
#[derive(Default)]
struct JsonLd {
    /// `headline`, else `name`.
    headline: Option<String>,
    /// The author names.
    authors: Vec<String>,
    /// `publisher.name`.
    outlet: Option<String>,
    /// `datePublished`.
    published: Option<String>,
    /// `url`, else `mainEntityOfPage`.
    url: Option<String>,
    /// `inLanguage`.
    language: Option<String>,
}

impl JsonLd {
    /// Reads the JSON-LD scripts; those that are not valid JSON are skipped.
    fn from_blocks(blocks: &[String]) -> Self {
        let values: Vec<Value> = blocks
            .iter()
            .filter_map(|block| serde_json::from_str(strip_comment_marks(block)).ok())
            .collect();
        let mut nodes = Vec::new();
        for value in &values {
            collect_nodes(value, &mut nodes, 0);
        }
        let index: HashMap<&str, &Value> = nodes
            .iter()
            .filter_map(|node| Some((node.get("@id")?.as_str()?, *node)))
            .collect();
        // Articles first, then web pages; others say nothing about the article.
        let mut ranked: Vec<(u8, &Value)> = nodes
            .iter()
            .filter_map(|node| {
                let types = types_of(node);
                if types.iter().any(|t| ARTICLE_TYPES.contains(t)) {
                    Some((0, *node))
                } else if types.iter().any(|t| t.ends_with("Page")) {
                    Some((1, *node))
                } else {
                    None
                }
            })
            .collect();
        ranked.sort_by_key(|(rank, _)| *rank);
        let candidates: Vec<&Value> = ranked.into_iter().map(|(_, node)| node).collect();

        let string = |key: &str| {
            candidates
                .iter()
                .find_map(|node| node.get(key).and_then(Value::as_str).map(decode_entities))
        };
        let headline = string("headline").or_else(|| string("name"));
        let authors = candidates
            .iter()
            .find_map(|node| {
                let mut names = Vec::new();
                names_of(node.get("author")?, &index, &mut names, 0);
                (!names.is_empty()).then_some(names)
            })
            .unwrap_or_default();
        let outlet = candidates.iter().find_map(|node| {
            let mut names = Vec::new();
            names_of(node.get("publisher")?, &index, &mut names, 0);
            names.into_iter().next()
        });
        let url = candidates.iter().find_map(|node| {
            node.get("url")
                .and_then(address_of)
                .or_else(|| node.get("mainEntityOfPage").and_then(address_of))
        });
        let language = candidates
            .iter()
            .find_map(|node| match node.get("inLanguage")? {
                Value::String(tag) => Some(tag.clone()),
                Value::Object(language) => language
                    .get("alternateName")
                    .or_else(|| language.get("name"))
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                _ => None,
            });
        Self {
            headline,
            authors,
            outlet,
            published: string("datePublished"),
            url,
            language,
        }
    }
}

/// A script's text without the `<!--` / `-->` or CDATA marks some pages wrap it in.
fn strip_comment_marks(block: &str) -> &str {
    let mut text = block.trim();
    for (start, end) in [
        ("<!--", "-->"),
        ("//<![CDATA[", "//]]>"),
        ("<![CDATA[", "]]>"),
    ] {
        if let Some(inner) = text.strip_prefix(start).and_then(|t| t.strip_suffix(end)) {
            text = inner.trim();
        }
    }
    text
}

/// Gathers the objects of a JSON-LD value: itself, array items and `@graph` members.
fn collect_nodes<'a>(value: &'a Value, nodes: &mut Vec<&'a Value>, depth: usize) {
    if depth > 4 || nodes.len() >= MAX_JSON_LD_NODES {
        return;
    }
    match value {
        Value::Array(items) => {
            for item in items {
                collect_nodes(item, nodes, depth + 1);
            }
        }
        Value::Object(object) => {
            nodes.push(value);
            if let Some(graph) = object.get("@graph") {
                collect_nodes(graph, nodes, depth + 1);
            }
        }
        _ => {}
    }
}

/// The `@type`s of a JSON-LD object, without a `schema:` or schema.org prefix.
fn types_of(node: &Value) -> Vec<&str> {
    match node.get("@type") {
        Some(Value::String(t)) => vec![local_name(t)],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(local_name)
            .collect(),
        _ => Vec::new(),
    }
}

/// A type name without its vocabulary prefix: `schema:NewsArticle` → `NewsArticle`.
fn local_name(name: &str) -> &str {
    name.rsplit(['/', ':', '#']).next().unwrap_or(name)
}

/// Gathers the names in a JSON-LD `author` or `publisher` value: a string, an
/// object with a `name` (or an `@id` naming another object), or a list of these.
fn names_of(value: &Value, index: &HashMap<&str, &Value>, names: &mut Vec<String>, depth: usize) {
    if depth > 3 || names.len() >= MAX_AUTHORS {
        return;
    }
    match value {
        Value::String(name) => names.push(decode_entities(name)),
        Value::Array(items) => {
            for item in items {
                names_of(item, index, names, depth + 1);
            }
        }
        Value::Object(object) => match object.get("name") {
            Some(Value::String(name)) => names.push(decode_entities(name)),
            Some(other @ Value::Array(_)) => names_of(other, index, names, depth + 1),
            _ => {
                let target = object
                    .get("@id")
                    .and_then(Value::as_str)
                    .and_then(|id| index.get(id));
                if let Some(target) = target
                    && !std::ptr::eq(*target, value)
                {
                    names_of(target, index, names, depth + 1);
                }
            }
        },
        _ => {}
    }
}

/// An address from a JSON-LD `url` or `mainEntityOfPage`: a string or an object's `@id`/`url`.
fn address_of(value: &Value) -> Option<String> {
    match value {
        Value::String(url) => Some(url.clone()),
        Value::Object(object) => object
            .get("url")
            .or_else(|| object.get("@id"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        _ => None,
    }
}

/// Decodes the HTML entities that pages often leave in JSON-LD strings: numeric
/// ones and the common named ones; anything else is kept as written.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(rest.get(..at).unwrap_or(""));
        let after = rest.get(at + 1..).unwrap_or("");
        let decoded = after
            .get(..after.len().min(10))
            .and_then(|window| window.find(';'))
            .and_then(|end| Some((entity(after.get(..end)?)?, end)));
        if let Some((c, end)) = decoded {
            out.push(c);
            rest = after.get(end + 1..).unwrap_or("");
        } else {
            out.push('&');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The character an entity name (between `&` and `;`) stands for.
fn entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        "lt" => '<',
        "gt" => '>',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "hellip" => '…',
        _ => return None,
    })
}

/// Joins author names with ", ", leaving out addresses, blanks and repeats.
fn join_names(names: &[String]) -> Option<String> {
    let mut kept: Vec<String> = Vec::new();
    for name in names.iter().take(MAX_AUTHORS) {
        let Some(name) = clean_name(name) else {
            continue;
        };
        if looks_like_address(&name) || kept.iter().any(|k| k.to_lowercase() == name.to_lowercase())
        {
            continue;
        }
        kept.push(name);
    }
    clean_name(&kept.join(", "))
}

/// Whether text is a web address rather than a name.
fn looks_like_address(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.contains("://") || lower.starts_with("www.") || lower.starts_with('/')
}

/// Text trimmed, its white space collapsed, control characters dropped, NFC, and
/// at most [`MAX_NAME_CHARS`] characters; `None` when nothing is left.
pub fn clean_name(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut count = 0;
    'words: for word in text.split_whitespace() {
        if !out.is_empty() {
            if count + 1 >= MAX_NAME_CHARS {
                break;
            }
            out.push(' ');
            count += 1;
        }
        for c in word.chars().filter(|c| !c.is_control()) {
            if count >= MAX_NAME_CHARS {
                break 'words;
            }
            out.push(c);
            count += 1;
        }
    }
    let out = normalise(out.trim());
    (!out.is_empty()).then_some(out)
}

/// A title without the site name before or after it: "Plant shelled - BBC News"
/// → "Plant shelled". A side is a site name when it matches `site` or when it is
/// short and looks like a name while the other side is long. Never empty.
pub fn strip_site_name(title: &str, site: Option<&str>) -> String {
    for separator in TITLE_SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(separator)
            && is_site_part(tail, head, site)
        {
            return head.trim().to_owned();
        }
        if let Some((head, tail)) = title.split_once(separator)
            && is_site_part(head, tail, site)
        {
            return tail.trim().to_owned();
        }
    }
    title.to_owned()
}

/// Whether `part` of a title is the site's name rather than the headline in `rest`.
fn is_site_part(part: &str, rest: &str, site: Option<&str>) -> bool {
    let (part, rest) = (part.trim(), rest.trim());
    let part_chars = part.chars().count();
    let rest_chars = rest.chars().count();
    if part.is_empty() || rest.is_empty() || part_chars >= rest_chars {
        return false;
    }
    let part_words = part.split_whitespace().count();
    if let Some(site) = site
        && part_words <= 5
        && same_name(part, site)
    {
        return true;
    }
    let looks_like_name = part
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() && !c.is_lowercase())
        && !part.contains([':', '?', '!', ',', '"', '«', '»', '“', '”']);
    looks_like_name
        && part_words <= 3
        && part_chars <= 30
        && rest.split_whitespace().count() >= 4
        && rest_chars >= 2 * part_chars
}

/// Whether two names are roughly the same: "BBC News" and "BBC", "Meduza.io" and "Meduza".
fn same_name(a: &str, b: &str) -> bool {
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (a, b) = (key(a), key(b));
    let (short, long) = if a.chars().count() <= b.chars().count() {
        (a, b)
    } else {
        (b, a)
    };
    short.chars().count() >= 3 && long.contains(&short)
}

/// A date as ISO 8601 (`YYYY-MM-DD`, or `YYYY-MM` or `YYYY` when that is all it
/// says): from ISO 8601 or RFC 3339 timestamps (the date is kept as written,
/// in the page's time zone), `YYYYMMDD`, `DD.MM.YYYY`, and English dates in words
/// such as `Tue, 14 Jun 2022 09:30:00 GMT` or `June 14, 2022`. `None` for anything else.
pub fn normalise_date(raw: &str) -> Option<String> {
    let text = raw.trim();
    if text.len() > 100 {
        return None;
    }
    iso_date(text)
        .or_else(|| dotted_date(text))
        .or_else(|| worded_date(text))
}

/// `YYYY`, `YYYY-MM`, `YYYY-MM-DD[T…]`, `YYYY/MM/DD` or `YYYYMMDD[T…]`.
fn iso_date(text: &str) -> Option<String> {
    let year = digits(text.get(..4)?)?;
    let rest = text.get(4..)?;
    if rest.is_empty() {
        return valid_date(year, None, None);
    }
    if let Some(month) = rest.get(..2).and_then(digits)
        && let Some(day) = rest.get(2..4).and_then(digits)
        && rest
            .get(4..)
            .is_some_and(|r| r.is_empty() || r.starts_with(['T', 't']))
    {
        return valid_date(year, Some(month), Some(day));
    }
    let rest = rest.strip_prefix(['-', '/'])?;
    let month = digits(rest.get(..2)?)?;
    let rest = rest.get(2..)?;
    if rest.is_empty() {
        return valid_date(year, Some(month), None);
    }
    let rest = rest.strip_prefix(['-', '/'])?;
    let day = digits(rest.get(..2)?)?;
    let rest = rest.get(2..)?;
    (rest.is_empty() || rest.starts_with(['T', 't', ' '])).then_some(())?;
    valid_date(year, Some(month), Some(day))
}

/// `DD.MM.YYYY`, perhaps followed by a time.
fn dotted_date(text: &str) -> Option<String> {
    let date = text.split_whitespace().next()?;
    let mut parts = date.split('.');
    let day = digits(parts.next()?)?;
    let month = digits(parts.next()?)?;
    let year = parts.next().filter(|y| y.len() == 4).and_then(digits)?;
    parts.next().is_none().then_some(())?;
    valid_date(year, Some(month), Some(day))
}

/// An English date in words: a month name, a four-digit year and perhaps a day,
/// with a weekday, a time and a zone allowed around them.
fn worded_date(text: &str) -> Option<String> {
    let mut year = None;
    let mut month = None;
    let mut day = None;
    for token in text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
    {
        let word = token.trim_end_matches('.').to_ascii_lowercase();
        if word.chars().all(|c| c.is_ascii_digit()) {
            match word.len() {
                4 if year.is_none() => year = digits(&word),
                1 | 2 if day.is_none() => day = digits(&word),
                _ => return None,
            }
        } else if let Some(ordinal) = word
            .strip_suffix("st")
            .or_else(|| word.strip_suffix("nd"))
            .or_else(|| word.strip_suffix("rd"))
            .or_else(|| word.strip_suffix("th"))
            .filter(|d| !d.is_empty() && d.len() <= 2 && d.chars().all(|c| c.is_ascii_digit()))
        {
            if day.is_some() {
                return None;
            }
            day = digits(ordinal);
        } else if word.len() >= 3
            && word.chars().all(|c| c.is_ascii_alphabetic())
            && let Some(number) = MONTHS.iter().position(|m| m.starts_with(&word))
        {
            if month.is_some() {
                return None;
            }
            month = u32::try_from(number + 1).ok();
        } else if !is_date_filler(&word) {
            return None;
        }
    }
    valid_date(year?, Some(month?), day)
}

/// Whether a token of a worded date is a weekday, a time or a zone, which we skip.
fn is_date_filler(word: &str) -> bool {
    const WEEKDAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let weekday = word.len() >= 3 && WEEKDAYS.iter().any(|d| d.starts_with(word));
    let time = word.contains(':') && word.chars().all(|c| c.is_ascii_digit() || c == ':');
    let zone = matches!(word, "gmt" | "utc" | "ut" | "z" | "am" | "pm" | "at")
        || (word.len() == 5
            && word.starts_with(['+', '-'])
            && word.chars().skip(1).all(|c| c.is_ascii_digit()))
        || (word.len() == 3
            && word.chars().all(|c| c.is_ascii_alphabetic())
            && word.ends_with('t'));
    weekday || time || zone
}

/// A number written only in ASCII digits.
fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || !text.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// The ISO form of a checked date with as many parts as are known.
fn valid_date(year: u32, month: Option<u32>, day: Option<u32>) -> Option<String> {
    if !(1000..=9999).contains(&year) {
        return None;
    }
    let Some(month) = month else {
        return Some(format!("{year:04}"));
    };
    let month_value = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
    let Some(day) = day else {
        return Some(format!("{year:04}-{month:02}"));
    };
    let year_value = i32::try_from(year).ok()?;
    time::Date::from_calendar_date(year_value, month_value, u8::try_from(day).ok()?).ok()?;
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

/// A language tag in BCP 47 form: the primary subtag in lower case, then a script
/// (`Hant`) and a region (`GB`, `419`) if given; `uk_UA` → `uk-UA`. Variants and
/// extensions are dropped. `None` when it is not a language tag, or says "undetermined".
pub fn normalise_language(raw: &str) -> Option<String> {
    let text = raw.split(',').next()?.trim();
    if text.len() > 64 {
        return None;
    }
    let mut parts = text.split(['-', '_']);
    let primary = parts.next()?;
    if !(2..=3).contains(&primary.len()) || !primary.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let primary = primary.to_ascii_lowercase();
    if matches!(primary.as_str(), "und" | "zxx" | "mul" | "mis") {
        return None;
    }
    let mut tag = primary;
    let mut script = false;
    let mut region = false;
    for part in parts {
        let alphabetic = part.chars().all(|c| c.is_ascii_alphabetic());
        if part.is_empty() {
            return None;
        } else if part.len() == 4 && alphabetic && !script && !region {
            script = true;
            tag.push('-');
            let mut chars = part.chars();
            tag.extend(chars.next().map(|c| c.to_ascii_uppercase()));
            tag.extend(chars.map(|c| c.to_ascii_lowercase()));
        } else if !region
            && ((part.len() == 2 && alphabetic)
                || (part.len() == 3 && part.chars().all(|c| c.is_ascii_digit())))
        {
            region = true;
            tag.push('-');
            tag.push_str(&part.to_ascii_uppercase());
        } else if part.chars().all(|c| c.is_ascii_alphanumeric()) && part.len() <= 8 {
            break;
        } else {
            return None;
        }
    }
    Some(tag)
}

/// An absolute `http` or `https` address, trimmed and without its `#fragment`;
/// `None` for relative addresses, other schemes and anything with spaces in it.
pub fn normalise_url(raw: &str) -> Option<String> {
    let url = raw.trim();
    if url.len() > MAX_URL_CHARS || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let scheme_end = url.find("://")?;
    let scheme = url.get(..scheme_end)?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let rest = url.get(scheme_end + 3..)?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || host.starts_with(['.', ':', '@']) {
        return None;
    }
    let url = url.split('#').next().unwrap_or(url);
    Some(url.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_names_are_removed_from_titles() {
        let cases = [
            (
                "Plant shelled as battle rages - BBC News",
                Some("BBC News"),
                "Plant shelled as battle rages",
            ),
            (
                "Plant shelled as battle rages | Reuters",
                None,
                "Plant shelled as battle rages",
            ),
            (
                "Завод «Азот» под обстрелом — Meduza",
                Some("Meduza.io"),
                "Завод «Азот» под обстрелом",
            ),
            (
                "BBC News - Plant shelled as battle rages",
                Some("BBC"),
                "Plant shelled as battle rages",
            ),
            (
                "Plant shelled as battle rages :: The Outlet",
                None,
                "Plant shelled as battle rages",
            ),
            (
                "Plant shelled – Le Monde",
                Some("Le Monde"),
                "Plant shelled",
            ),
            // A short title is kept whole unless its side matches the site.
            ("Plant shelled - Live", None, "Plant shelled - Live"),
            (
                "Ukraine war: what we know - live updates",
                None,
                "Ukraine war: what we know - live updates",
            ),
            // The site name alone stays: a title is never emptied.
            ("BBC News", Some("BBC News"), "BBC News"),
            (" - BBC News", Some("BBC News"), " - BBC News"),
        ];
        for (title, site, expected) in cases {
            assert_eq!(strip_site_name(title, site), expected, "{title:?}");
        }
    }

    #[test]
    fn dates_are_normalised_to_iso() {
        let cases = [
            ("2022-06-14T09:30:00+03:00", Some("2022-06-14")),
            ("2022-06-14", Some("2022-06-14")),
            ("2022-06-14 09:30", Some("2022-06-14")),
            ("  2022-06-14T23:59:59Z ", Some("2022-06-14")),
            ("20220614", Some("2022-06-14")),
            ("20220614T093000Z", Some("2022-06-14")),
            ("2022-06", Some("2022-06")),
            ("2022", Some("2022")),
            ("Tue, 14 Jun 2022 09:30:00 GMT", Some("2022-06-14")),
            ("Tue, 14 Jun 2022 09:30:00 +0300", Some("2022-06-14")),
            ("June 14, 2022", Some("2022-06-14")),
            ("14th June 2022", Some("2022-06-14")),
            ("Sept. 3, 2021", Some("2021-09-03")),
            ("June 2022", Some("2022-06")),
            ("14.06.2022", Some("2022-06-14")),
            ("14.06.2022 09:30", Some("2022-06-14")),
            ("2022-02-30", None),
            ("2022-13", None),
            ("yesterday", None),
            ("Updated 3 hours ago", None),
            ("14 Jun", None),
            ("", None),
            ("not a date 2022", None),
        ];
        for (raw, expected) in cases {
            assert_eq!(normalise_date(raw).as_deref(), expected, "{raw:?}");
        }
    }

    #[test]
    fn languages_are_normalised_to_bcp47() {
        let cases = [
            ("en", Some("en")),
            ("EN", Some("en")),
            ("en-GB", Some("en-GB")),
            ("en-gb", Some("en-GB")),
            ("uk_UA", Some("uk-UA")),
            ("zh-hant-tw", Some("zh-Hant-TW")),
            ("es-419", Some("es-419")),
            ("ar", Some("ar")),
            ("de-DE-1996", Some("de-DE")),
            (" fr-FR , en ", Some("fr-FR")),
            ("english", None),
            ("e", None),
            ("en-", None),
            ("und", None),
            ("", None),
            ("x-default", None),
        ];
        for (raw, expected) in cases {
            assert_eq!(normalise_language(raw).as_deref(), expected, "{raw:?}");
        }
    }

    #[test]
    fn only_absolute_web_addresses_are_kept() {
        assert_eq!(
            normalise_url(" https://example.com/news/1#comments ").as_deref(),
            Some("https://example.com/news/1")
        );
        assert_eq!(
            normalise_url("HTTP://example.com").as_deref(),
            Some("HTTP://example.com")
        );
        for bad in [
            "/news/1",
            "news/1",
            "//example.com/news",
            "javascript:alert(1)",
            "ftp://example.com/x",
            "https://",
            "https://exa mple.com",
            "",
        ] {
            assert_eq!(normalise_url(bad), None, "{bad:?}");
        }
        assert_eq!(
            normalise_url(&format!("https://e.com/{}", "a".repeat(3000))),
            None
        );
    }

    #[test]
    fn names_are_trimmed_collapsed_and_bounded() {
        assert_eq!(clean_name("  Jane \n\t Doe  ").as_deref(), Some("Jane Doe"));
        assert_eq!(clean_name(" \n "), None);
        let huge = "word ".repeat(1_000_000);
        let name = clean_name(&huge).unwrap();
        assert!(name.chars().count() <= MAX_NAME_CHARS);
        let one_word = "x".repeat(1_000_000);
        assert_eq!(
            clean_name(&one_word).unwrap().chars().count(),
            MAX_NAME_CHARS
        );
    }

    fn page(head: &str) -> PageMeta {
        extract(&format!(
            "<html><head>{head}</head><body><p>Text</p></body></html>"
        ))
    }

    fn ld(json: &str) -> PageMeta {
        page(&format!(
            r#"<script type="application/ld+json">{json}</script>"#
        ))
    }

    #[test]
    fn json_ld_object_is_read() {
        let meta = ld(r#"{"@context":"https://schema.org","@type":"NewsArticle",
            "headline":"Plant shelled","author":{"@type":"Person","name":"Jane Doe"},
            "publisher":{"@type":"Organization","name":"The Outlet"},
            "datePublished":"2022-06-14T09:30:00+03:00","url":"https://example.com/a",
            "inLanguage":"en-GB"}"#);
        assert_eq!(
            meta,
            PageMeta {
                title: Some("Plant shelled".into()),
                author: Some("Jane Doe".into()),
                outlet: Some("The Outlet".into()),
                published: Some("2022-06-14".into()),
                url: Some("https://example.com/a".into()),
                language: Some("en-GB".into()),
            }
        );
    }

    #[test]
    fn json_ld_author_shapes() {
        let author = |value: &str| {
            ld(&format!(
                r#"{{"@type":"Article","headline":"H","author":{value}}}"#
            ))
            .author
        };
        assert_eq!(author(r#""Jane Doe""#).as_deref(), Some("Jane Doe"));
        assert_eq!(
            author(r#"{"name":"Jane Doe"}"#).as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(
            author(r#"[{"name":"Jane Doe"},"John Roe",{"name":"jane doe"}]"#).as_deref(),
            Some("Jane Doe, John Roe")
        );
        assert_eq!(author(r#"{"url":"https://x.com/p"}"#), None);
        assert_eq!(author(r#""https://example.com/staff/jane""#), None);
    }

    #[test]
    fn json_ld_arrays_graphs_and_references_are_read() {
        let meta = ld(r##"[{"@type":"BreadcrumbList","name":"Crumbs"},
            {"@type":["ReportageNewsArticle"],"headline":"From an array",
             "mainEntityOfPage":{"@id":"https://example.com/b"}}]"##);
        assert_eq!(meta.title.as_deref(), Some("From an array"));
        assert_eq!(meta.url.as_deref(), Some("https://example.com/b"));

        let meta = ld(r##"{"@context":"https://schema.org","@graph":[
            {"@type":"Organization","@id":"https://example.com/#org","name":"Graph Outlet"},
            {"@type":"Person","@id":"https://example.com/#jane","name":"Jane Doe"},
            {"@type":"WebPage","@id":"https://example.com/c","url":"https://example.com/c",
             "name":"Page name","inLanguage":"fr-FR"},
            {"@type":"Article","headline":"Graph headline",
             "author":{"@id":"https://example.com/#jane"},
             "publisher":{"@id":"https://example.com/#org"},
             "datePublished":"2021-03-02"}]}"##);
        assert_eq!(meta.title.as_deref(), Some("Graph headline"));
        assert_eq!(meta.author.as_deref(), Some("Jane Doe"));
        assert_eq!(meta.outlet.as_deref(), Some("Graph Outlet"));
        assert_eq!(meta.published.as_deref(), Some("2021-03-02"));
        assert_eq!(meta.url.as_deref(), Some("https://example.com/c"));
        assert_eq!(meta.language.as_deref(), Some("fr-FR"));
    }

    #[test]
    fn malformed_json_ld_is_ignored() {
        let meta = page(
            r#"<script type="application/ld+json">{"@type":"NewsArticle","headline": </script>
            <script type="application/ld+json">[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[</script>
            <script type="application/ld+json">"just a string"</script>
            <script type="application/ld+json">{"@type":"NewsArticle","headline":42,"author":7}</script>
            <meta property="og:title" content="From Open Graph">"#,
        );
        assert_eq!(meta.title.as_deref(), Some("From Open Graph"));
        assert_eq!(meta.author, None);
    }

    #[test]
    fn json_ld_is_preferred_over_open_graph_over_meta() {
        let meta = page(
            r#"<meta name="author" content="Meta Author">
            <meta property="article:author" content="https://facebook.com/someone">
            <meta property="og:site_name" content="OG Outlet">
            <meta name="date" content="2020-01-01">
            <meta property="article:published_time" content="2021-01-01T00:00:00Z">
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"H",
              "datePublished":"2022-02-02"}</script>"#,
        );
        assert_eq!(meta.published.as_deref(), Some("2022-02-02"));
        assert_eq!(meta.outlet.as_deref(), Some("OG Outlet"));
        // article:author is an address here, so the plain meta author is used.
        assert_eq!(meta.author.as_deref(), Some("Meta Author"));
    }

    #[test]
    fn json_ld_entities_and_comment_marks_are_handled() {
        let meta = page(
            r#"<script type="application/ld+json"><!--{"@type":"Article","headline":"Q&amp;A: &quot;why&quot;"}--></script>"#,
        );
        assert_eq!(meta.title.as_deref(), Some("Q&A: \"why\""));
        assert_eq!(
            decode_entities("It&#8217;s &#x2014; &rsquo;&amp;c &unknown; & &#xZZ;"),
            "It’s — ’&c &unknown; & &#xZZ;"
        );
    }

    #[test]
    fn markup_gives_byline_date_and_language() {
        let meta = extract(
            r#"<html lang="fr"><head><title>Titre</title></head><body>
            <time datetime="2019-01-01">old</time>
            <article><h1>Le titre</h1><p class="byline">Par <a rel="author">Jean Dupont</a></p>
            <time datetime="2022-06-14T10:00">14 juin</time></article></body></html>"#,
        );
        assert_eq!(meta.title.as_deref(), Some("Le titre"));
        assert_eq!(meta.author.as_deref(), Some("Jean Dupont"));
        assert_eq!(meta.published.as_deref(), Some("2022-06-14"));
        assert_eq!(meta.language.as_deref(), Some("fr"));

        let meta = extract(r#"<p class="byline">By Jane Doe</p>"#);
        assert_eq!(meta.author.as_deref(), Some("Jane Doe"));
    }

    #[test]
    fn an_empty_page_has_no_metadata() {
        assert_eq!(extract(""), PageMeta::default());
        assert_eq!(extract("<p>Just text</p>"), PageMeta::default());
    }
}
