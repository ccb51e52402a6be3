//! Importing documents from text, Markdown, HTML and PDF files.
//!
//! Every import ends in the one normal form of document text (UTF-8, NFC, `\n`,
//! no BOM). A web page is reduced to its article: the main content as a
//! Readability port ([`dom_smoothie`]) finds it, headline first, and the page's
//! metadata ([`page_meta`]); a PDF gives its text layer ([`super::pdf`]). Bytes that are not text are refused with a message that says what
//! the file seems to be and what to do; text in a legacy encoding is decoded
//! and reported in a warning, never garbled silently.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1251, WINDOWS_1252};
use scraper::node::Element;
use scraper::{Html, Node};

use crate::io::page_meta;
use crate::io::pdf::{PdfError, read_pdf};
use crate::model::{Document, normalise};

/// The largest file we import: 64 MiB.
pub const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;

/// The longest first line of a plain text file that is taken as its title.
const MAX_TITLE_CHARS: usize = 200;

/// How far into a file a NUL byte marks it as binary (as git does).
const BINARY_SNIFF_BYTES: usize = 8000;

/// What `Binary::kind` says when no magic number was recognised.
const UNKNOWN_BINARY: &str = "unrecognised binary data";

/// What `Binary::kind` says for a PDF.
const PDF: &str = "PDF document";

/// A document read from a file, with what the user should know about the reading.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The document, its text normalised and fingerprinted.
    pub document: Document,
    /// Things the user should check, such as a guessed text encoding.
    pub warnings: Vec<String>,
}

/// Why a file could not be imported; each message names the file and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("could not read “{}”: {source}", path.display())]
    Io {
        /// The file we tried to read.
        path: PathBuf,
        /// What the system reported.
        source: std::io::Error,
    },
    /// The path is a folder or something else that is not a regular file.
    #[error("“{}” is not a file; choose the text, Markdown or HTML files inside it", path.display())]
    NotAFile {
        /// The path given.
        path: PathBuf,
    },
    /// The file is larger than [`MAX_IMPORT_BYTES`].
    #[error(
        "“{name}” is {} and Triangulate imports files of up to {}; split it into smaller files, one article each",
        mebibytes(*bytes),
        mebibytes(*limit)
    )]
    TooLarge {
        /// The file's name.
        name: String,
        /// Its size in bytes.
        bytes: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The file is binary data (an image, an archive, a PDF, …), not text.
    #[error("{}", binary_message(name, kind))]
    Binary {
        /// The file's name.
        name: String,
        /// What the file seems to be, such as "PNG image".
        kind: &'static str,
    },
    /// The file is a PDF whose text could not be read (a scan, a password, damage).
    #[error("“{name}”: {reason}")]
    Pdf {
        /// The file's name.
        name: String,
        /// Why, and what to do.
        reason: PdfError,
    },
    /// The page nests its elements deeper than any real page does (an attack, or a
    /// generator gone wrong): reading it would take minutes.
    #[error(
        "“{name}” nests its elements {depth} deep, more than the {MAX_HTML_DEPTH} Triangulate reads; it is not a page a browser saved as it was shown. Copy its text into a .txt file and import that"
    )]
    TooDeep {
        /// The file's name.
        name: String,
        /// How deep its tags nest.
        depth: usize,
    },
    /// The page leaves so many formatting tags (`<b>`, `<font>`, …) open that the
    /// HTML parser would copy them into every block after them, building a tree
    /// far larger than the page (an attack, or a generator gone wrong).
    #[error(
        "“{name}” leaves up to {open} formatting tags (<b>, <i>, <font>, …) open, which the HTML reader would copy about {rebuilt} times, more than the {limit} allowed for a page of this size; it is not a page a browser saved as it was shown. Copy its text into a .txt file and import that"
    )]
    Tangled {
        /// The file's name.
        name: String,
        /// The most formatting elements left open at once.
        open: usize,
        /// At most how many copies the parser would make.
        rebuilt: u64,
        /// How many copies a page of its size may make.
        limit: u64,
    },
    /// The file is text in a form we cannot turn into a document, such as RTF.
    #[error(
        "“{name}” is {kind}, which Triangulate cannot import; {}",
        advice(kind)
    )]
    UnsupportedKind {
        /// The file's name.
        name: String,
        /// What the file is, such as "an RTF document".
        kind: &'static str,
    },
    /// Nothing readable is left once markup and blank lines are removed.
    #[error(
        "“{name}” holds no readable text, so there is nothing to import{}",
        if *web_page {
            "; if the page builds its text with JavaScript, save it from the browser after it has loaded, or copy its text into a .txt file"
        } else {
            ""
        }
    )]
    Empty {
        /// The file's name.
        name: String,
        /// Whether the file was read as HTML.
        web_page: bool,
    },
}

/// The kinds of file we turn into documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    /// Plain text, kept as it is.
    Text,
    /// Markdown, kept as it is (it reads well as text).
    Markdown,
    /// HTML, turned into readable text.
    Html,
}

/// Imports the file at `path`; its name (never the full path) is recorded in the document.
pub fn import_file(path: &Path) -> Result<Imported, ImportError> {
    let io_error = |source| ImportError::Io {
        path: path.to_owned(),
        source,
    };
    let name = file_name_of(path);
    let metadata = std::fs::metadata(path).map_err(io_error)?;
    if !metadata.is_file() {
        return Err(ImportError::NotAFile {
            path: path.to_owned(),
        });
    }
    if metadata.len() > MAX_IMPORT_BYTES {
        return Err(too_large(name, metadata.len()));
    }
    // The file may grow between the two calls: never read more than the limit and a byte.
    let file = std::fs::File::open(path).map_err(io_error)?;
    let capacity = usize::try_from(metadata.len()).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    file.take(MAX_IMPORT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    import_bytes(&name, &bytes)
}

/// Imports the contents of a file named `file_name`: the extension chooses text,
/// Markdown or HTML, and content that starts like HTML is read as HTML otherwise.
pub fn import_bytes(file_name: &str, bytes: &[u8]) -> Result<Imported, ImportError> {
    let name = file_name_of(Path::new(file_name));
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if size > MAX_IMPORT_BYTES {
        return Err(too_large(name, size));
    }
    let extension = Path::new(&name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if let Some(kind) = binary_kind(bytes, &extension) {
        if kind == PDF {
            return import_pdf(name, bytes);
        }
        return Err(ImportError::Binary { name, kind });
    }
    if extension == "pdf" {
        return Err(ImportError::Pdf {
            name,
            reason: PdfError::Broken("it does not start with a PDF header".into()),
        });
    }
    if let Some(kind) = unsupported_kind(bytes, &extension) {
        return Err(ImportError::UnsupportedKind { name, kind });
    }
    let declared = format_of_extension(&extension);
    let html_hint =
        declared == Some(Format::Html) || (declared.is_none() && looks_like_html_bytes(bytes));
    let mut warnings = Vec::new();
    let raw = decode(&name, bytes, html_hint, &mut warnings)?;
    let format = declared.unwrap_or_else(|| {
        if looks_like_html(&raw) {
            Format::Html
        } else {
            Format::Text
        }
    });

    let mut meta = None;
    let (title, text) = match format {
        Format::Html => {
            let scan = scan_markup(&raw);
            if scan.depth > MAX_HTML_DEPTH {
                return Err(ImportError::TooDeep {
                    name,
                    depth: scan.depth,
                });
            }
            if scan.rebuilt > scan.rebuilt_limit() {
                return Err(ImportError::Tangled {
                    name,
                    open: scan.open_formatting,
                    rebuilt: scan.rebuilt,
                    limit: scan.rebuilt_limit(),
                });
            }
            let page = Html::parse_document(&raw);
            let found = page_meta::from_document(&page);
            let title = found.title.clone();
            meta = Some(found);
            let text = article_text(&raw, &page, title.as_deref());
            if let Some(chars) = overlong_title_element(&raw) {
                warnings.push(format!(
                    "“{name}”: its <title> is {chars} characters long; only its first {} at most were kept",
                    page_meta::MAX_NAME_CHARS
                ));
            }
            (title, text)
        }
        Format::Markdown => {
            let text = strip_blank_lines(&normalise(&raw)).to_owned();
            (markdown_title(&text), text)
        }
        Format::Text => {
            let text = strip_blank_lines(&normalise(&raw)).to_owned();
            (first_line_title(&text), text)
        }
    };
    if text.trim().is_empty() {
        return Err(ImportError::Empty {
            name,
            web_page: format == Format::Html,
        });
    }
    let title = title
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| file_stem_of(&name));
    let title = shortened(&name, "title", title, MAX_KEPT_TITLE_CHARS, &mut warnings);
    let mut document = Document::new(title, &text);
    if let Some(meta) = meta {
        let mut field =
            |what: &str, value: Option<String>| shortened_field(&name, what, value, &mut warnings);
        document.author = field("author", meta.author);
        document.outlet = field("outlet", meta.outlet);
        document.published = field("publication date", meta.published);
        document.url = field("address", meta.url);
        document.language = field("language", meta.language);
    }
    document.imported_from = name;
    Ok(Imported { document, warnings })
}

/// The document in a PDF's text layer, with the PDF's title, author, date and language.
fn import_pdf(name: String, bytes: &[u8]) -> Result<Imported, ImportError> {
    let read = read_pdf(bytes).map_err(|reason| ImportError::Pdf {
        name: name.clone(),
        reason,
    })?;
    let title = read
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .or_else(|| first_line_title(&read.text))
        .unwrap_or_else(|| file_stem_of(&name));
    let mut warnings = Vec::new();
    let title = shortened(&name, "title", title, MAX_KEPT_TITLE_CHARS, &mut warnings);
    let mut document = Document::new(title, &read.text);
    let mut field =
        |what: &str, value: Option<String>| shortened_field(&name, what, value, &mut warnings);
    document.author = field("author", read.author);
    document.published = field("publication date", read.published);
    document.language = field("language", read.language);
    document.imported_from = name;
    Ok(Imported { document, warnings })
}

/// Turns HTML into readable text: its title (from `<title>`, else the first `<h1>`)
/// and its paragraphs separated by blank lines, without scripts, styles and navigation.
pub fn html_to_text(html: &str) -> (Option<String>, String) {
    let document = Html::parse_document(html);
    let title = element_text(&document, "title").or_else(|| element_text(&document, "h1"));
    (title.map(|t| normalise(&t)), page_text(&document))
}

/// The article in a web page, as readable text: its headline, its standfirst when
/// the page shows one the main content left out, then the main content as a
/// Readability port finds it. A page where it finds nothing (a bare list of
/// paragraphs, say) gives all of its readable text instead.
fn article_text(html: &str, page: &Html, headline: Option<&str>) -> String {
    let Some((body, excerpt)) = main_content(html, page) else {
        return page_text(page);
    };
    // Each text is compared with its white space squashed; the body and what the
    // reader sees on the page are squashed once (the page only if asked about).
    let body_squashed = squash(&body);
    let shown = std::cell::OnceCell::new();
    let shown_squashed = || shown.get_or_init(|| squash(&page_text(page)));
    let mut parts: Vec<String> = Vec::new();
    let opening: String = body_squashed.chars().take(OPENING_CHARS).collect();
    // A headline or standfirst only in `<meta>` or `<title>` is not part of the article.
    if let Some(headline) = headline
        .map(|h| normalise(h.trim()))
        .filter(|h| !h.is_empty() && !opening.contains(&squash(h)))
        && shown_squashed().contains(&squash(&headline))
    {
        parts.push(headline);
    }
    // The standfirst: what the page describes itself with, when the reader sees it on
    // the page but the main content starts after it.
    if let Some(excerpt) = excerpt.map(|e| normalise(e.trim())).filter(|e| {
        e.chars().count() >= MIN_STANDFIRST_CHARS && !body_squashed.contains(&squash(e))
    }) && shown_squashed().contains(&squash(&excerpt))
    {
        parts.push(excerpt);
    }
    // The lead photo's caption, when it sits between the headline and the main
    // content (as in an article's header): it often carries a claim and its credit.
    if let Some(caption) = lead_caption(page).filter(|c| !body_squashed.contains(&squash(c))) {
        let opening: String = body
            .split("\n\n")
            .next()
            .unwrap_or("")
            .chars()
            .take(80)
            .collect();
        let shown = shown_squashed();
        if let (Some(at), Some(body_at)) =
            (shown.find(&squash(&caption)), shown.find(&squash(&opening)))
            && at < body_at
        {
            parts.push(caption);
        }
    }
    parts.push(body);
    parts.join("\n\n")
}

/// How far into the article a headline may sit and still count as its first line.
const OPENING_CHARS: usize = 600;

/// The shortest page description taken for a standfirst.
const MIN_STANDFIRST_CHARS: usize = 40;

/// Text with each run of white space made one space.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The caption of the first figure inside the page's article, if any.
fn lead_caption(page: &Html) -> Option<String> {
    page.root_element()
        .descendent_elements()
        .filter(|e| e.value().name() == "figcaption")
        .find(|e| {
            e.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|a| a.name() == "article")
            })
        })
        .map(|e| normalise(&squash(&e.text().collect::<String>())))
        .filter(|c| !c.is_empty())
}

/// The deepest nesting of tags a page may have. The HTML parser's work grows with
/// the square of the depth (200,000 nested `<div>`s would take many minutes);
/// real pages nest a few dozen deep.
pub const MAX_HTML_DEPTH: usize = 4_096;

/// The most formatting elements (`<b>`, `<font>`, …) the HTML parser may rebuild
/// for a page, beyond one per tag of the page: a formatting element left open is
/// copied again after every block that closes it (the HTML standard's "reconstruct
/// the active formatting elements"), so 4,000 open `<b>`s followed by 8,000
/// paragraphs build 32 million elements (8 GiB). Real pages leave a few open.
pub const MAX_REBUILT_ELEMENTS: u64 = 1_000_000;

/// What a pass over a page's markup, before it is parsed, tells of the tree the
/// parser would build.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct MarkupScan {
    /// How deep its elements nest: an upper bound of what the parser builds, close
    /// enough to catch a page built to be deep.
    depth: usize,
    /// How many tags the page has.
    tags: u64,
    /// At most how many formatting elements the parser rebuilds: the formatting
    /// elements left open, summed over every tag that follows them.
    rebuilt: u64,
    /// The most formatting elements left open at once.
    open_formatting: usize,
}

impl MarkupScan {
    /// The most formatting elements the parser may rebuild for this page.
    fn rebuilt_limit(&self) -> u64 {
        MAX_REBUILT_ELEMENTS.max(self.tags)
    }
}

/// Void elements and elements whose end tag pages often leave out: not counted in
/// the depth of a page.
const NOT_COUNTED: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead",
    "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp", "head", "body", "html", "!doctype",
    "keygen", "frame", "basefont", "bgsound", "image", "menuitem",
];

/// The formatting elements of HTML: the parser keeps them active until their own end
/// tag, and copies them again after a block closes them.
const FORMATTING: &[&str] = &[
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];

/// The elements that keep an open `<p>` outside their scope (the parser's "button
/// scope"): a `<p>` inside one does not close a `<p>` outside it.
const P_SCOPE: &[&str] = &[
    "applet", "button", "caption", "html", "marquee", "object", "table", "td", "template", "th",
    "svg", "math",
];

/// The start tags that close an open `<p>`, besides `<p>` itself.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "listing",
    "main",
    "menu",
    "nav",
    "ol",
    "pre",
    "search",
    "section",
    "summary",
    "ul",
    "xmp",
    "table",
];

/// The state of [`scan_markup`]'s pass: the elements open, as the parser would have them.
#[derive(Default)]
struct Scanner {
    /// Element names as small numbers.
    names: std::collections::HashMap<Vec<u8>, usize>,
    /// The open elements: each name's number and whether it is `<svg>` or `<math>`.
    stack: Vec<(usize, bool)>,
    /// How many elements of each name are open.
    open: Vec<usize>,
    /// How many `<svg>` and `<math>` elements are open.
    foreign: usize,
    /// Where on the stack each open `<p>` sits (the stack's length when it opened).
    paragraphs: Vec<usize>,
    /// Where on the stack each open element of [`P_SCOPE`] sits.
    scopes: Vec<usize>,
    /// The active formatting elements: for each name, the hashes of their tags as
    /// written.
    active: std::collections::HashMap<usize, Vec<u64>>,
    /// How many of each tag as written are active.
    alike: std::collections::HashMap<u64, usize>,
    /// How many formatting elements are active.
    active_total: usize,
}

impl Scanner {
    /// Closes open elements until `len` are left.
    fn pop_to(&mut self, len: usize) {
        while self.stack.len() > len {
            let Some((top, foreign)) = self.stack.pop() else {
                break;
            };
            if let Some(count) = self.open.get_mut(top) {
                *count = count.saturating_sub(1);
            }
            if foreign {
                self.foreign = self.foreign.saturating_sub(1);
            }
        }
        while self.paragraphs.last().is_some_and(|&at| at > len) {
            self.paragraphs.pop();
        }
        while self.scopes.last().is_some_and(|&at| at >= len) {
            self.scopes.pop();
        }
    }

    /// Closes the innermost open `<p>`, with what is open inside it, when no element
    /// of [`P_SCOPE`] stands between.
    fn close_p(&mut self) {
        if let Some(&at) = self.paragraphs.last()
            && self.scopes.last().is_none_or(|&scope| scope < at)
        {
            self.pop_to(at);
            self.paragraphs.pop();
        }
    }

    /// Ends the most recent active formatting element of the name numbered `id`.
    fn deactivate(&mut self, id: usize) {
        if let Some(hash) = self.active.get_mut(&id).and_then(Vec::pop) {
            self.active_total = self.active_total.saturating_sub(1);
            if let Some(count) = self.alike.get_mut(&hash) {
                *count = count.saturating_sub(1);
            }
        }
    }
}

/// Reads the tags of a page without parsing it, in one linear pass, following
/// what the HTML parser does closely enough to bound its work: a start tag opens an
/// element (a `/>` closes it only inside `<svg>` or `<math>`, as in HTML); an end
/// tag closes the innermost open element of its name and those inside it, and is
/// ignored when none is open; a `<p>` or a block closes an open `<p>` with what is
/// inside it. Void elements and elements whose end tag may be left out (`p`, `li`,
/// `td`, …) are not counted in the depth. Formatting elements (`b`, `i`, `font`,
/// `a`, …) stay on the parser's list of active formatting elements until their own
/// end tag, at most three written alike (its "Noah's Ark" rule), and any tag may
/// make the parser copy them again.
fn scan_markup(html: &str) -> MarkupScan {
    let bytes = html.as_bytes();
    let mut scan = MarkupScan::default();
    let mut state = Scanner::default();
    let mut at = 0;
    while let Some(offset) = memchr::memchr(b'<', bytes.get(at..).unwrap_or_default()) {
        let tag_start = at + offset;
        at = tag_start + 1;
        let rest = bytes.get(at..).unwrap_or_default();
        let closing = rest.first() == Some(&b'/');
        let name_start = usize::from(closing);
        let name: Vec<u8> = rest
            .iter()
            .skip(name_start)
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'!' || **b == b'-')
            .take(16)
            .map(u8::to_ascii_lowercase)
            .collect();
        if name.first().is_none_or(|b| !b.is_ascii_alphabetic()) {
            continue;
        }
        scan.tags += 1;
        // Every tag may make the parser copy what is active and no longer open.
        scan.rebuilt = scan.rebuilt.saturating_add(state.active_total as u64);
        let text = String::from_utf8_lossy(&name).into_owned();
        let text = text.as_str();
        if text == "p" {
            state.close_p();
            if !closing {
                state.paragraphs.push(state.stack.len());
            }
            continue;
        }
        if NOT_COUNTED.contains(&text) {
            continue;
        }
        let next_id = state.names.len();
        let id = *state.names.entry(name).or_insert(next_id);
        if state.open.len() <= id {
            state.open.resize(id + 1, 0);
        }
        let formatting = FORMATTING.contains(&text);
        if closing {
            if formatting {
                state.deactivate(id);
            }
            if state.open.get(id).copied().unwrap_or(0) > 0 {
                // Where the innermost open element of this name sits.
                let innermost = state.stack.iter().rposition(|&(open, _)| open == id);
                if let Some(innermost) = innermost {
                    state.pop_to(innermost);
                }
            }
            continue;
        }
        let end = memchr::memchr(b'>', rest).unwrap_or(rest.len());
        let tag = rest.get(..end).unwrap_or_default();
        if state.foreign > 0 && tag.ends_with(b"/") {
            continue;
        }
        if CLOSES_P.contains(&text) {
            state.close_p();
        }
        if formatting {
            // A new `<a>` or `<nobr>` ends the one still active.
            if matches!(text, "a" | "nobr") {
                state.deactivate(id);
            }
            let hash = {
                use std::hash::{Hash as _, Hasher as _};
                let mut hasher = std::collections::hash_map::DefaultHasher::new();
                bytes.get(tag_start..at + end).hash(&mut hasher);
                hasher.finish()
            };
            let count = state.alike.entry(hash).or_insert(0);
            if *count < 3 {
                *count += 1;
                state.active.entry(id).or_default().push(hash);
                state.active_total += 1;
                scan.open_formatting = scan.open_formatting.max(state.active_total);
            }
        }
        if P_SCOPE.contains(&text) {
            state.scopes.push(state.stack.len());
        }
        let foreign = matches!(text, "svg" | "math");
        state.foreign += usize::from(foreign);
        state.stack.push((id, foreign));
        if let Some(count) = state.open.get_mut(id) {
            *count += 1;
        }
        scan.depth = scan.depth.max(state.stack.len());
    }
    scan
}

/// The deepest nesting of elements the Readability port is given: its work grows
/// with the square of the depth (8,000 nested `<div>`s take half a minute), while
/// real pages nest a few dozen deep. A deeper page is read whole, by our own walk.
const MAX_READABILITY_DEPTH: usize = 512;

/// The most elements the Readability port is given (a 1 MB news page has about
/// 20,000); a larger page is read whole, by our own walk.
const MAX_READABILITY_ELEMENTS: usize = 500_000;

/// How deep the nodes of a page nest, counted without recursion.
fn nesting_depth(page: &Html) -> usize {
    let root = page.tree.root();
    let (mut node, mut depth, mut deepest) = (root, 0usize, 0usize);
    loop {
        if let Some(child) = node.first_child() {
            node = child;
            depth += 1;
            deepest = deepest.max(depth);
            continue;
        }
        loop {
            if node == root {
                return deepest;
            }
            if let Some(next) = node.next_sibling() {
                node = next;
                break;
            }
            let Some(parent) = node.parent() else {
                return deepest;
            };
            node = parent;
            depth = depth.saturating_sub(1);
        }
    }
}

/// The main content of a page and its excerpt, as a Readability port finds them;
/// `None` when it finds none, or when the page is too deep or too large for it.
fn main_content(html: &str, page: &Html) -> Option<(String, Option<String>)> {
    if nesting_depth(page) > MAX_READABILITY_DEPTH {
        return None;
    }
    let config = dom_smoothie::Config {
        max_elements_to_parse: MAX_READABILITY_ELEMENTS,
        ..dom_smoothie::Config::default()
    };
    let mut readability = dom_smoothie::Readability::new(html, None, Some(config)).ok()?;
    let article = readability.parse().ok()?;
    let fragment = Html::parse_fragment(&article.content);
    let text = page_text(&fragment);
    (!text.trim().is_empty()).then_some((text, article.excerpt))
}

/// The readable text of a parsed HTML page: its paragraphs separated by blank
/// lines, without scripts, styles and navigation.
fn page_text(document: &Html) -> String {
    let mut writer = TextWriter::default();
    let root = document.tree.root();
    let mut node = root;
    // An iterative walk, so that deeply nested pages cannot overflow the stack.
    'walk: loop {
        let entered = match node.value() {
            Node::Document | Node::Fragment => true,
            Node::Text(text) => {
                writer.text(text);
                false
            }
            Node::Element(element) => {
                let in_article = || {
                    node.ancestors().any(|a| {
                        a.value()
                            .as_element()
                            .is_some_and(|e| matches!(e.name(), "article" | "main"))
                    })
                };
                if is_dropped(element, in_article) {
                    false
                } else {
                    writer.open(element);
                    true
                }
            }
            _ => false,
        };
        if entered {
            if let Some(child) = node.first_child() {
                node = child;
                continue;
            }
            writer.close(node.value());
        }
        loop {
            if node == root {
                break 'walk;
            }
            if let Some(next) = node.next_sibling() {
                node = next;
                break;
            }
            let Some(parent) = node.parent() else {
                break 'walk;
            };
            node = parent;
            writer.close(node.value());
        }
    }
    normalise(&writer.finish())
}

/// Builds readable text from the walk over an HTML tree.
#[derive(Default)]
struct TextWriter {
    /// The finished paragraphs.
    paragraphs: Vec<String>,
    /// The paragraph being written.
    current: String,
    /// Whether white space was seen since the last character written.
    space_pending: bool,
    /// How many `<pre>`-like elements we are inside.
    preformatted_depth: usize,
}

impl TextWriter {
    /// Adds a text node, collapsing white space unless preformatted.
    fn text(&mut self, text: &str) {
        if self.preformatted_depth > 0 {
            self.space_if_pending();
            self.current.push_str(text);
            return;
        }
        for c in text.chars() {
            // HTML's white space, and the no-break space, which reads as a space.
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}' | '\u{a0}') {
                self.space_pending = true;
            } else {
                self.space_if_pending();
                self.current.push(c);
            }
        }
    }

    /// Writes the pending space, unless at the start of a line or a cell.
    fn space_if_pending(&mut self) {
        if self.space_pending && !self.current.is_empty() && !self.current.ends_with(['\n', '\t']) {
            self.current.push(' ');
        }
        self.space_pending = false;
    }

    /// Starts an element.
    fn open(&mut self, element: &Element) {
        let name = element.name();
        if name == "br" {
            self.current.push('\n');
            self.space_pending = false;
        } else if matches!(name, "td" | "th") {
            if !self.current.is_empty() && !self.current.ends_with('\n') {
                self.current.push('\t');
            }
            self.space_pending = false;
        } else if is_block(name) {
            self.end_paragraph();
        }
        if is_preformatted(name) {
            self.preformatted_depth += 1;
        }
    }

    /// Ends an element.
    fn close(&mut self, node: &Node) {
        let Some(element) = node.as_element() else {
            return;
        };
        let name = element.name();
        if is_block(name) {
            self.end_paragraph();
        }
        if is_preformatted(name) {
            self.preformatted_depth = self.preformatted_depth.saturating_sub(1);
        }
    }

    /// Finishes the current paragraph, if it holds any text.
    fn end_paragraph(&mut self) {
        let paragraph = strip_blank_lines(&self.current);
        if !paragraph.trim().is_empty() {
            let paragraph = if self.preformatted_depth > 0 {
                paragraph.to_owned()
            } else {
                // Runs of `<br>` leave at most one blank line.
                collapse_blank_lines(paragraph)
            };
            self.paragraphs.push(paragraph);
        }
        self.current.clear();
        self.space_pending = false;
    }

    /// The paragraphs, separated by blank lines.
    fn finish(mut self) -> String {
        self.end_paragraph();
        self.paragraphs.join("\n\n")
    }
}

/// Whether an element and everything in it are left out of the text.
fn is_dropped(element: &Element, in_article: impl FnOnce() -> bool) -> bool {
    let name = element.name();
    let hidden = element.attr("hidden").is_some()
        || element
            .attr("aria-hidden")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
        || element.attr("style").is_some_and(|style| {
            let style: String = style.split_whitespace().collect();
            style.to_ascii_lowercase().contains("display:none")
        });
    hidden
        || matches!(
            name,
            "head"
                | "title"
                | "script"
                | "style"
                | "noscript"
                | "template"
                | "nav"
                | "footer"
                | "aside"
                | "svg"
                | "math"
                | "iframe"
                | "object"
                | "embed"
                | "canvas"
                | "button"
                | "select"
                | "textarea"
                | "dialog"
        )
        // A page's banner goes, but an article's own header holds its headline and byline.
        || (name == "header" && !in_article())
}

/// Whether an element starts a paragraph of its own.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "legend"
            | "li"
            | "listing"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "tfoot"
            | "thead"
            | "tr"
            | "ul"
            | "xmp"
            | "plaintext"
    )
}

/// Whether an element keeps its white space as written.
fn is_preformatted(name: &str) -> bool {
    matches!(name, "pre" | "listing" | "xmp" | "plaintext")
}

/// The text of the first element with this name, its white space collapsed.
fn element_text(document: &Html, name: &str) -> Option<String> {
    document
        .root_element()
        .descendent_elements()
        .filter(|e| e.value().name() == name)
        .map(|e| e.text().collect::<String>())
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .find(|t| !t.is_empty())
}

/// Decodes `bytes` to text: UTF-16 or UTF-8 by byte-order mark, then UTF-8, then
/// the encoding an HTML page declares, then Windows-1252 (or Windows-1251 for
/// text that is mostly Cyrillic), with a warning whenever we had to guess.
fn decode(
    name: &str,
    bytes: &[u8],
    html_hint: bool,
    warnings: &mut Vec<String>,
) -> Result<String, ImportError> {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
        if had_errors {
            warnings.push(format!(
                "“{name}” is marked as {} text but holds bytes that are not; they were replaced by “\u{fffd}”",
                encoding.name()
            ));
        }
        return Ok(text.into_owned());
    }
    let head = bytes.get(..BINARY_SNIFF_BYTES).unwrap_or(bytes);
    if head.contains(&0) {
        return Err(ImportError::Binary {
            name: name.to_owned(),
            kind: UNKNOWN_BINARY,
        });
    }
    let nul_count = bytes.iter().filter(|&&b| b == 0).count();
    if nul_count > 0 {
        warnings.push(format!(
            "“{name}” holds {nul_count} NUL byte(s) after its text; they were removed"
        ));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_owned());
    }
    let declared = if html_hint {
        declared_charset(bytes).filter(|&e| e != UTF_8)
    } else {
        None
    };
    let (encoding, why) = match declared {
        Some(encoding) => (encoding, "as the page declares"),
        None if mostly_cyrillic_1251(bytes) => {
            (WINDOWS_1251, "as most of its letters look Cyrillic")
        }
        None => (
            WINDOWS_1252,
            "the usual encoding of older Western European files",
        ),
    };
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    warnings.push(format!(
        "“{name}” is not UTF-8 text; it was read as {} ({why}). If letters or quotation marks look wrong, \
         save the file as UTF-8 and import it again",
        encoding.name()
    ));
    Ok(text.into_owned())
}

/// The encoding named by a `charset=` in the first 1024 bytes of an HTML page.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..1024).unwrap_or(bytes).to_ascii_lowercase();
    let at = head.windows(8).position(|w| w == b"charset=")?;
    let rest = head.get(at + 8..)?;
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| {
            matches!(
                b,
                b'"' | b'\'' | b';' | b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r'
            )
        })
        .unwrap_or(rest.len());
    let encoding = Encoding::for_label(rest.get(..end)?)?;
    // A page cannot be read in UTF-16 by a declaration inside itself (HTML says so).
    if encoding == UTF_16LE || encoding == UTF_16BE {
        Some(UTF_8)
    } else {
        Some(encoding)
    }
}

/// Whether legacy 8-bit text reads best as Cyrillic: most of its letters are bytes
/// from 0xC0 to 0xFF, which Windows-1251 uses for А–я, where Western text mostly
/// uses ASCII letters with an occasional accent.
fn mostly_cyrillic_1251(bytes: &[u8]) -> bool {
    let high = bytes.iter().filter(|&&b| b >= 0xc0).count();
    let ascii = bytes.iter().filter(|b| b.is_ascii_alphabetic()).count();
    high >= 20 && high * 5 > (high + ascii) * 3
}

/// What a binary file seems to be, by its magic number (or `None` for text).
fn binary_kind(bytes: &[u8], extension: &str) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF87a", "GIF image"),
        (b"GIF89a", "GIF image"),
        (b"II*\0", "TIFF image"),
        (b"MM\0*", "TIFF image"),
        (b"\0\0\x01\0", "icon image"),
        (b"\x1f\x8b", "gzip archive"),
        (b"BZh", "bzip2 archive"),
        (b"\xfd7zXZ\0", "xz archive"),
        (b"\x28\xb5\x2f\xfd", "Zstandard archive"),
        (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
        (b"Rar!\x1a\x07", "RAR archive"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            "Word, Excel or PowerPoint 97–2003 file",
        ),
        (b"\x7fELF", "ELF executable"),
        (b"\xfe\xed\xfa\xce", "Mach-O executable"),
        (b"\xfe\xed\xfa\xcf", "Mach-O executable"),
        (b"\xce\xfa\xed\xfe", "Mach-O executable"),
        (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
        (b"\xca\xfe\xba\xbe", "executable or Java class file"),
        (b"\0asm", "WebAssembly module"),
        (b"SQLite format 3\0", "SQLite database"),
        (b"OggS", "Ogg audio or video"),
        (b"fLaC", "FLAC audio"),
        (b"ID3", "MP3 audio"),
        (b"wOFF", "web font"),
        (b"wOF2", "web font"),
        (b"\0\x01\0\0\0", "TrueType font"),
    ];
    if let Some((_, kind)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        // Three letters are weak evidence; a real bzip2 or MP3 header has a non-text byte soon after.
        let weak = bytes.starts_with(b"BZh") || bytes.starts_with(b"ID3");
        if !weak || bytes.iter().take(16).any(|b| *b < 0x09) {
            return Some(kind);
        }
    }
    // PDF allows a little junk before its header; trust that only in a .pdf file.
    let head = bytes.get(..1024).unwrap_or(bytes);
    if bytes.starts_with(b"%PDF-") || (extension == "pdf" && head.windows(5).any(|w| w == b"%PDF-"))
    {
        return Some(PDF);
    }
    if bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(b"PK\x05\x06")
        || bytes.starts_with(b"PK\x07\x08")
    {
        return Some(match extension {
            "docx" | "docm" | "dotx" => "Word document (.docx)",
            "xlsx" | "xlsm" => "Excel workbook (.xlsx)",
            "pptx" => "PowerPoint presentation (.pptx)",
            "odt" | "ods" | "odp" | "odg" => "OpenDocument file",
            "epub" => "EPUB e-book",
            "qdpx" => REFI_PROJECT,
            _ => "ZIP archive",
        });
    }
    if bytes.starts_with(b"RIFF") && bytes.len() >= 12 {
        return Some(match bytes.get(8..12) {
            Some(b"WEBP") => "WebP image",
            Some(b"WAVE") => "WAV audio",
            Some(b"AVI ") => "AVI video",
            _ => "RIFF media file",
        });
    }
    if bytes.get(4..8) == Some(b"ftyp") {
        return Some("MP4 or QuickTime video or audio");
    }
    None
}

/// A text-like kind of file that we cannot read, by its content or by its extension.
fn unsupported_kind(bytes: &[u8], extension: &str) -> Option<&'static str> {
    if bytes.starts_with(b"\xff\xfe\0\0") || bytes.starts_with(b"\0\0\xfe\xff") {
        return Some("UTF-32 text");
    }
    if bytes.starts_with(b"{\\rtf") {
        return Some("an RTF document");
    }
    Some(match extension {
        "rtf" => "an RTF document",
        "doc" | "docx" | "odt" | "pages" | "wpd" => "a word-processor document",
        "xls" | "xlsx" | "ods" | "numbers" => "a spreadsheet",
        "ppt" | "pptx" | "odp" | "key" => "a presentation",
        "epub" | "mobi" | "azw" | "azw3" => "an e-book",
        "qdc" => REFI_CODEBOOK,
        "qde" => REFI_PROJECT,
        _ => return None,
    })
}

/// What a REFI-QDA project (`.qdpx`, or its `project.qde`) is called in messages.
const REFI_PROJECT: &str = "a REFI-QDA project (NVivo, ATLAS.ti, MAXQDA, QualCoder)";
/// What a REFI-QDA codebook (`.qdc`) is called in messages.
const REFI_CODEBOOK: &str = "a REFI-QDA codebook";

/// The message of [`ImportError::Binary`].
fn binary_message(name: &str, kind: &str) -> String {
    if kind == UNKNOWN_BINARY {
        return format!(
            "“{name}” is not text: it holds NUL bytes, as binary files do; {}",
            advice(kind)
        );
    }
    format!(
        "“{name}” is not text: it looks like binary data ({kind}); {}",
        advice(kind)
    )
}

/// What to do with a file of this kind instead of importing it.
fn advice(kind: &str) -> &'static str {
    if kind == REFI_PROJECT {
        return "open it as a project instead (File ▸ Open…, or `triangulate new OUT.ron FILE.qdpx`): its documents, codes and coded selections come in as documents, tags and claims";
    }
    if kind == REFI_CODEBOOK {
        return "bring its codes into a project's tags, stances and propositions with File ▸ Import codebook… (or `triangulate import-codebook PROJECT FILE.qdc`)";
    }
    let kind = kind.to_ascii_lowercase();
    if [
        "word",
        "excel",
        "powerpoint",
        "opendocument",
        "rtf",
        "spreadsheet",
        "presentation",
    ]
    .iter()
    .any(|k| kind.contains(k))
    {
        "save it as plain text (.txt, UTF-8) or as a web page (.html) from the program that made it, and import that"
    } else if kind.contains("utf-32") {
        "save it as UTF-8 text and import it again"
    } else if kind == UNKNOWN_BINARY {
        "Triangulate imports .txt, .md, .html and .pdf files; if this is UTF-16 text without a \
         byte-order mark, save it as UTF-8 and import it again"
    } else {
        "Triangulate imports .txt, .md, .html and .pdf files"
    }
}

/// The format an extension names, or `None` to decide by the content.
fn format_of_extension(extension: &str) -> Option<Format> {
    match extension {
        "txt" | "text" => Some(Format::Text),
        "md" | "markdown" | "mdown" | "mkd" | "mkdn" => Some(Format::Markdown),
        "html" | "htm" | "xhtml" | "shtml" => Some(Format::Html),
        _ => None,
    }
}

/// Whether text starts like an HTML page (`<!doctype` or `<html`).
fn looks_like_html(text: &str) -> bool {
    let start = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let start: String = start
        .chars()
        .take(14)
        .collect::<String>()
        .to_ascii_lowercase();
    start.starts_with("<!doctype") || start.starts_with("<html")
}

/// [`looks_like_html`] over raw bytes in an ASCII-compatible encoding.
fn looks_like_html_bytes(bytes: &[u8]) -> bool {
    let head = bytes.get(..64).unwrap_or(bytes);
    looks_like_html(&String::from_utf8_lossy(head))
}

/// The title of Markdown text: its first `# ` heading (or `===` underlined heading)
/// outside code blocks, else as for plain text.
fn markdown_title(text: &str) -> Option<String> {
    let mut fence: Option<&str> = None;
    let mut previous = "";
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
            previous = "";
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(if trimmed.starts_with("```") {
                "```"
            } else {
                "~~~"
            });
            previous = "";
            continue;
        }
        if let Some(heading) = trimmed.strip_prefix("# ") {
            let heading = heading.trim_end_matches('#').trim();
            if !heading.is_empty() {
                return Some(heading.to_owned());
            }
        }
        if !trimmed.is_empty() && trimmed.chars().all(|c| c == '=') && !previous.is_empty() {
            return Some(previous.to_owned());
        }
        previous = trimmed;
    }
    first_line_title(text).map(|t| t.trim_start_matches('#').trim().to_owned())
}

/// The longest title kept whole: a longer one (a `<title>` or `# heading` that
/// holds a whole article) is cut, with a warning.
pub const MAX_KEPT_TITLE_CHARS: usize = 300;

/// The longest author, outlet, date, address or language kept whole from a page's
/// or a PDF's metadata.
pub const MAX_FIELD_CHARS: usize = 2_000;

/// `text`, or when it is longer than `limit` chars its first `limit` chars cut back
/// to the last word boundary (when there is one in their second half) and "…",
/// with a warning naming the file `name` and the field `what`.
fn shortened(
    name: &str,
    what: &str,
    text: String,
    limit: usize,
    warnings: &mut Vec<String>,
) -> String {
    let Some((cut_at, _)) = text.char_indices().nth(limit) else {
        return text;
    };
    let kept = text.get(..cut_at).unwrap_or_default();
    let half = kept.char_indices().nth(limit / 2).map_or(0, |(at, _)| at);
    let kept = match kept.rfind(char::is_whitespace) {
        Some(space) if space >= half => kept.get(..space).unwrap_or(kept),
        _ => kept,
    };
    let chars = text.chars().count();
    warnings.push(format!(
        "“{name}”: its {what} is {chars} characters long; only its first {} were kept",
        kept.chars().count()
    ));
    format!("{}…", kept.trim_end())
}

/// The length in characters of the page's `<title>` element when it is longer than
/// a title is kept ([`page_meta::MAX_NAME_CHARS`]): the page's metadata keeps its
/// first words, and the import says so.
fn overlong_title_element(html: &str) -> Option<usize> {
    let head = html.get(..html.len().min(1 << 20)).unwrap_or(html);
    let lower = head.to_ascii_lowercase();
    let open = lower.find("<title")?;
    let start = open + lower.get(open..)?.find('>')? + 1;
    let end = start + lower.get(start..)?.find("</title")?;
    let chars = html
        .get(start..end)?
        .split_whitespace()
        .map(|w| w.chars().count() + 1)
        .sum::<usize>();
    (chars > page_meta::MAX_NAME_CHARS).then_some(chars.saturating_sub(1))
}

/// A metadata field (author, outlet, date, address, language), empty when absent,
/// cut to [`MAX_FIELD_CHARS`] with a warning (see [`shortened`]).
fn shortened_field(
    name: &str,
    what: &str,
    value: Option<String>,
    warnings: &mut Vec<String>,
) -> String {
    shortened(
        name,
        what,
        value.unwrap_or_default(),
        MAX_FIELD_CHARS,
        warnings,
    )
}

/// The first non-empty line, trimmed, when it is short enough to be a title.
fn first_line_title(text: &str) -> Option<String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    (line.chars().count() <= MAX_TITLE_CHARS).then(|| line.to_owned())
}

/// Text without its leading and trailing blank (or white-space-only) lines.
fn strip_blank_lines(text: &str) -> &str {
    let is_space = |c: char| c.is_whitespace();
    let Some(first) = text.find(|c: char| !is_space(c)) else {
        return "";
    };
    // Start at the beginning of the first line that holds text, keeping its indent.
    let start = text
        .get(..first)
        .and_then(|s| s.rfind('\n'))
        .map_or(0, |at| at + 1);
    // End at the end of the last line that holds text, without trailing spaces on it.
    let end = text.trim_end_matches(is_space).len();
    text.get(start..end).unwrap_or("")
}

/// Replaces runs of blank lines by one blank line.
fn collapse_blank_lines(text: &str) -> String {
    let mut lines: Vec<&str> = Vec::new();
    for line in text.split('\n').map(str::trim_end) {
        let after_blank = lines.last().is_some_and(|last| last.is_empty());
        if !(line.is_empty() && after_blank) {
            lines.push(line);
        }
    }
    lines.join("\n")
}

/// The last component of a path, as text.
fn file_name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string_lossy().into_owned())
}

/// A file name without its extension, for a title of last resort.
fn file_stem_of(name: &str) -> String {
    Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.to_owned())
}

/// The error for a file of `bytes` bytes.
fn too_large(name: String, bytes: u64) -> ImportError {
    ImportError::TooLarge {
        name,
        bytes,
        limit: MAX_IMPORT_BYTES,
    }
}

/// A size for people, such as "64 MiB" or "70.5 MiB".
fn mebibytes(bytes: u64) -> String {
    let mib = bytes as f64 / (1024.0 * 1024.0);
    if mib.fract() == 0.0 {
        format!("{mib:.0} MiB")
    } else {
        format!("{mib:.1} MiB")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fingerprint;

    fn import(name: &str, bytes: &[u8]) -> Imported {
        match import_bytes(name, bytes) {
            Ok(imported) => imported,
            Err(error) => panic!("{name} should import: {error}"),
        }
    }

    #[test]
    fn corpus_articles_import_with_title_and_text() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/corpus");
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .expect("corpus folder")
            .map(|entry| entry.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        assert!(paths.len() >= 5, "expected the corpus articles in {dir:?}");
        for path in paths {
            let raw = std::fs::read_to_string(&path).expect("readable");
            let imported = import_file(&path).expect("imports");
            let document = &imported.document;
            let first_line = raw
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .expect("text");
            assert_eq!(document.title, first_line, "{path:?}");
            assert_eq!(document.text, normalise(&raw), "{path:?}");
            assert_eq!(document.fingerprint, fingerprint(&document.text));
            assert_eq!(
                document.imported_from,
                path.file_name().expect("name").to_string_lossy()
            );
            assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
        }
    }

    #[test]
    fn html_becomes_readable_paragraphs() {
        let html = r#"<!DOCTYPE html>
<html><head><title>  Azot   plant &amp; the city </title>
<style>p { color: red }</style><script>var x = "<p>not text</p>";</script></head>
<body>
<header><a href="/">Outlet home</a></header>
<nav><ul><li>World</li><li>Sport</li></ul></nav>
<article>
  <h1>Severodonetsk</h1>
  <div><p>First   paragraph,
     on two lines.</p>
  <div><p>Nested <b>bold</b>&nbsp;text &amp; more</p></div></div>
  <p>Rodion&rsquo;s claim: &#1040;зот<br>second line</p>
  <ul><li>one</li><li>two</li></ul>
  <blockquote>Quoted</blockquote>
</article>
<aside>Read also</aside><noscript>Enable JS</noscript>
<footer>© Outlet</footer>
</body></html>"#;
        let (title, text) = html_to_text(html);
        assert_eq!(title.as_deref(), Some("Azot plant & the city"));
        assert_eq!(
            text,
            "Severodonetsk\n\n\
             First paragraph, on two lines.\n\n\
             Nested bold text & more\n\n\
             Rodion’s claim: Азот\nsecond line\n\n\
             one\n\ntwo\n\nQuoted"
        );

        // Without a <title>, the first <h1> names the page.
        let (title, text) = html_to_text("<body><h1>The  <i>headline</i></h1><p>Body</p></body>");
        assert_eq!(title.as_deref(), Some("The headline"));
        assert_eq!(text, "The headline\n\nBody");

        // An article's own header stays; hidden parts and <pre> are handled.
        let (_, text) = html_to_text(
            "<article><header><h2>Head</h2><p>By A. Writer</p></header>\
             <p hidden>secret</p><pre>  a\n    b</pre><p>x<br><br><br><br>y</p></article>",
        );
        assert_eq!(text, "Head\n\nBy A. Writer\n\n  a\n    b\n\nx\n\ny");
    }

    #[test]
    fn html_file_imports_with_title() {
        let html =
            b"<html><head><title>Report</title></head><body><p>One</p><p>Two</p></body></html>";
        let imported = import("page.htm", html);
        assert_eq!(imported.document.title, "Report");
        assert_eq!(imported.document.text, "One\n\nTwo");
        assert_eq!(imported.document.imported_from, "page.htm");

        // An unknown extension is sniffed.
        let imported = import("saved.download", b"  <!doctype html><p>Sniffed</p>");
        assert_eq!(imported.document.text, "Sniffed");
        let imported = import("notes", b"<b>not html</b>\n");
        assert_eq!(imported.document.text, "<b>not html</b>");

        let error = import_bytes("app.html", b"<html><script>render()</script></html>")
            .expect_err("nothing to read");
        assert!(matches!(error, ImportError::Empty { web_page: true, .. }));
        assert!(error.to_string().contains("JavaScript"));
    }

    #[test]
    fn markdown_keeps_text_and_takes_first_heading() {
        let md = "\n\n```sh\n# not a title\n```\n# Battle for *Azot*  #\n\nSome **text**.\n\n";
        let imported = import("notes.md", md.as_bytes());
        assert_eq!(imported.document.title, "Battle for *Azot*");
        assert_eq!(
            imported.document.text,
            "```sh\n# not a title\n```\n# Battle for *Azot*  #\n\nSome **text**."
        );
        let imported = import("setext.markdown", b"Headline\n========\n\nBody");
        assert_eq!(imported.document.title, "Headline");
    }

    #[test]
    fn text_title_is_first_short_line_or_file_stem() {
        let imported = import("a/b/report-1.txt", b"\n  \n  The title  \nBody\n\n");
        assert_eq!(imported.document.title, "The title");
        assert_eq!(imported.document.text, "  The title  \nBody");
        assert_eq!(imported.document.imported_from, "report-1.txt");

        let long = "word ".repeat(50);
        let imported = import("long-line.txt", long.as_bytes());
        assert_eq!(imported.document.title, "long-line");
    }

    #[test]
    fn windows_1252_is_decoded_with_a_warning() {
        let imported = import("old.txt", b"caf\xe9 \x93quoted\x94");
        assert_eq!(imported.document.text, "café “quoted”");
        assert_eq!(imported.warnings.len(), 1);
        assert!(imported.warnings[0].contains("old.txt"));
        assert!(imported.warnings[0].contains("windows-1252"));
    }

    #[test]
    fn legacy_cyrillic_and_declared_charsets_are_decoded() {
        let (cyrillic, _, _) =
            WINDOWS_1251.encode("Северодонецк: завод Азот, около пятисот гражданских");
        let imported = import("ru.txt", &cyrillic);
        assert!(imported.document.text.starts_with("Северодонецк"));
        assert!(imported.warnings[0].contains("windows-1251"));

        let mut page =
            b"<html><head><meta charset=\"koi8-r\"><title>T</title></head><body><p>".to_vec();
        let (koi, _, _) = encoding_rs::KOI8_R.encode("Азот");
        page.extend_from_slice(&koi);
        page.extend_from_slice(b"</p></body></html>");
        let imported = import("page.html", &page);
        assert_eq!(imported.document.text, "Азот");
        assert!(imported.warnings[0].contains("KOI8-R"));
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xff, 0xfe];
        for unit in "Title\r\nАзот 568".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let imported = import("utf16.txt", &bytes);
        assert_eq!(imported.document.text, "Title\nАзот 568");
        assert_eq!(imported.document.title, "Title");
        assert!(imported.warnings.is_empty());

        let mut bytes = vec![0xfe, 0xff];
        for unit in "big endian".encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(import("be.txt", &bytes).document.text, "big endian");
    }

    #[test]
    fn binary_files_are_refused() {
        let cases: &[(&str, &[u8], &str)] = &[
            ("photo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "PNG image"),
            ("archive.zip", b"PK\x03\x04\x14\0\0\0", "ZIP archive"),
            (
                "report.docx",
                b"PK\x03\x04\x14\0\x06\0",
                "Word document (.docx)",
            ),
            ("data.txt", b"some text\0with a NUL", UNKNOWN_BINARY),
            ("photo.jpg", b"\xff\xd8\xff\xe0\0\x10JFIF", "JPEG image"),
            ("nvivo.qdpx", b"PK\x03\x04\x14\0\0\0", REFI_PROJECT),
        ];
        for (name, bytes, expected) in cases {
            match import_bytes(name, bytes) {
                Err(ImportError::Binary { name: got, kind }) => {
                    assert_eq!(&got, name);
                    assert_eq!(kind, *expected, "{name}");
                }
                other => panic!("{name} should be refused as binary, got {other:?}"),
            }
        }
        // A REFI-QDA project or codebook says where it can be brought in.
        let project = import_bytes("nvivo.qdpx", b"PK\x03\x04\x14\0\0\0").expect_err("refused");
        assert!(project.to_string().contains("File ▸ Open"), "{project}");
        let codebook =
            import_bytes("codes.qdc", b"<?xml version=\"1.0\"?><CodeBook/>").expect_err("refused");
        assert!(
            codebook.to_string().contains("Import codebook"),
            "{codebook}"
        );
        // A PDF is read for its text layer, whatever its name; a damaged one is
        // refused as a PDF, naming the file.
        for (name, bytes) in [
            ("paper.pdf", &b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"[..]),
            ("paper.txt", &b"%PDF-1.4\n1 0 obj"[..]),
        ] {
            let error = import_bytes(name, bytes).expect_err("refused");
            assert!(
                matches!(&error, ImportError::Pdf { name: got, reason: PdfError::Broken(_) } if got == name),
                "{error:?}"
            );
            assert!(error.to_string().contains(name));
        }

        let error = import_bytes("letter.rtf", b"{\\rtf1\\ansi Hello}").expect_err("refused");
        assert!(
            matches!(error, ImportError::UnsupportedKind { .. }),
            "{error:?}"
        );
        // Text that merely starts with the letters of a magic number is still text.
        assert_eq!(
            import("bzh.txt", b"BZh is a string").document.text,
            "BZh is a string"
        );
    }

    #[test]
    fn a_page_nested_deeper_than_any_real_page_is_refused_at_once() {
        let page = format!(
            "<html><body>{}x{}</body></html>",
            "<div>".repeat(200_000),
            "</div>".repeat(200_000)
        );
        let started = std::time::Instant::now();
        let error = import_bytes("deep.html", page.as_bytes()).expect_err("refused");
        assert!(
            matches!(error, ImportError::TooDeep { depth: 200_000, .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains("deep.html"));
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        // Tags a page leaves open, void and self-closing ones do not count.
        let open = format!(
            "<html><body>{}</body></html>",
            "<p>text<li>item<br><img src=x><span/>".repeat(10_000)
        );
        assert!(scan_markup(&open).depth < 5, "{:?}", scan_markup(&open));
        assert_eq!(
            scan_markup("<div><div><b>x</b></div><i>y</i></div>").depth,
            3
        );
        assert_eq!(scan_markup("a < b and c<d> e").depth, 1);
    }

    #[test]
    fn a_page_nested_too_deep_for_readability_is_read_whole_and_quickly() {
        let depth = 2_000;
        let page = format!(
            "<html><body>{}<p>Deep text, long enough to be a paragraph of an article.</p>{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let parsed = Html::parse_document(&page);
        assert!(nesting_depth(&parsed) > MAX_READABILITY_DEPTH);
        // Read whole, by the iterative walk (the port would take minutes).
        assert!(main_content(&page, &parsed).is_none());
        let imported = import("deep.html", page.as_bytes());
        assert_eq!(
            imported.document.text,
            "Deep text, long enough to be a paragraph of an article."
        );
        let shallow = Html::parse_document("<html><body><div><p>x</p></div></body></html>");
        assert_eq!(nesting_depth(&shallow), 5, "html, body, div, p, text");
    }

    #[test]
    fn crlf_and_bom_are_normalised() {
        let imported = import("win.txt", b"\xef\xbb\xbfTitle\r\n\r\nCafe\xcc\x81 line\r\n");
        assert_eq!(imported.document.text, "Title\n\nCafé line");
        assert_eq!(imported.document.title, "Title");
        assert!(imported.warnings.is_empty());
    }

    #[test]
    fn same_text_gives_same_fingerprint() {
        let a = import("a.txt", b"568 civilians\r\n");
        let b = import("b.txt", b"\xef\xbb\xbf568 civilians\n");
        assert_eq!(a.document.fingerprint, b.document.fingerprint);
        assert_eq!(a.document.fingerprint, fingerprint("568 civilians"));
        let c = import("c.txt", b"500 civilians");
        assert_ne!(a.document.fingerprint, c.document.fingerprint);
    }

    #[test]
    fn files_over_the_limit_are_refused_before_reading() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("huge.txt");
        let file = std::fs::File::create(&path).expect("create");
        file.set_len(MAX_IMPORT_BYTES + 1).expect("sparse file");
        let error = import_file(&path).expect_err("too large");
        assert!(
            matches!(&error, ImportError::TooLarge { name, .. } if name == "huge.txt"),
            "{error:?}"
        );
        assert!(error.to_string().contains("64 MiB"), "{error}");
    }

    #[test]
    fn files_import_by_name_and_folders_and_missing_files_are_reported() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("article.md");
        std::fs::write(&path, "# Heading\n\nText").expect("write");
        let imported = import_file(&path).expect("imports");
        assert_eq!(imported.document.imported_from, "article.md");
        assert_eq!(imported.document.title, "Heading");

        assert!(matches!(
            import_file(dir.path()),
            Err(ImportError::NotAFile { .. })
        ));
        let missing = dir.path().join("missing.txt");
        let error = import_file(&missing).expect_err("missing");
        assert!(matches!(error, ImportError::Io { .. }));
        assert!(error.to_string().contains("missing.txt"));
        assert!(matches!(
            import_bytes("blank.txt", b" \n\n\t\n"),
            Err(ImportError::Empty {
                web_page: false,
                ..
            })
        ));
    }
}
