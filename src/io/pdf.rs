//! Reading the text layer of a PDF into the text of one document.
//!
//! [`pdf-extract`](https://crates.io/crates/pdf-extract) decodes the fonts and runs the
//! content streams; it tells us each glyph with its place on the page, and this module
//! lays those out as a reader would:
//!
//! - **Lines**: glyphs in drawing order that keep to one baseline and move rightwards
//!   form a line; a gap wider than a tenth of the font size is a space.
//! - **Columns**: a vertical strip in the middle of a page that at least six
//!   consecutive lines (top to bottom) keep clear of, with lines on both sides of it,
//!   is a gutter; the search is repeated above and below each two-column part found.
//!   Lines drawn across a gutter (as some generators store two columns, line by line)
//!   are cut in two. The page is read top to bottom, each two-column part as all of
//!   its left column, then all of its right.
//! - **Running headers, footers and page numbers**: the first two lines at the top
//!   and at the bottom of each page are dropped when they hold only a page number
//!   ("12", "- 12 -", "Page 3 of 9", "xii") or when, with digits masked, the same line
//!   is at that edge of at least half the pages (and of two at least).
//! - **Paragraphs**: lines are joined with a space. A paragraph ends at a wider gap
//!   than the usual line spacing, at a change of font size, before a line indented
//!   past the one above, and after a short line that ends a sentence or is followed by
//!   a capital. Across a page or column break the text runs on only when the last
//!   line does not end a sentence and the next starts in lower case or the last ends
//!   with a hyphen. Paragraphs are separated by a blank line.
//! - **Hyphenation**: a hyphen (`-`, U+2010) at the end of a line, after a letter and
//!   before a lower-case letter, is removed and the word rejoined; soft hyphens
//!   (U+00AD) are always removed.
//! - **Ligatures**: the Alphabetic Presentation Forms ligatures (`ﬁ`, `ﬂ`, `ﬀ`, …) are
//!   spelt out (their NFKC form); the rest of the text is only put in NFC.
//! - **Metadata**: `/Title`, `/Author` and `/CreationDate` of the document's `/Info`
//!   dictionary (placeholders such as "untitled" or "anonymous" are ignored), and
//!   `/Lang` of its catalogue.
//!
//! A PDF that yields no text is taken for a scan ([`PdfError::NoTextLayer`]); one that
//! needs a password to open is [`PdfError::Encrypted`] (one with an owner password
//! only, which every viewer opens, is read). Anything the parser rejects, or on which
//! it panics, is [`PdfError::Broken`]: the extractor runs under
//! [`std::panic::catch_unwind`]. Work is bounded before and during extraction (pages,
//! nesting and fan-out of form XObjects, glyphs), giving [`PdfError::TooComplex`].
//!
//! **Compressed streams** are inflated here, not by lopdf, which sets no bound on what
//! a stream inflates to: every `FlateDecode` step is read through a limit of
//! [`MAX_STREAM_BYTES`] per stream and [`MAX_INFLATED_BYTES`] over the document, and a
//! compression bomb is [`PdfError::TooComplex`] before it fills memory. Object streams
//! are inflated so while lopdf loads the file; every other stream after loading, its
//! plain bytes put in place of the compressed ones (as lopdf decodes them: filter
//! chains with `ASCII85Decode` and `LZWDecode`, PNG predictors), so that the extractor
//! never inflates anything itself, nor anything twice. A chain with a filter lopdf
//! cannot decode is left as its raw bytes, which is what lopdf gives then. Images are
//! emptied without being inflated: the extractor runs an image drawn with `Do` as if
//! it were drawing instructions, which costs time and finds no text. Not bounded:
//! the cross-reference streams lopdf decodes while it finds the objects, the object
//! streams of an encrypted PDF (decrypted and inflated inside lopdf's loading), and
//! `LZWDecode`, whose output is only counted.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read as _;
use std::panic::{AssertUnwindSafe, catch_unwind};

use flate2::read::{DeflateDecoder, ZlibDecoder};
use pdf_extract::{
    Dictionary, Document, LoadOptions, MediaBox, Object, ObjectId, OutputDev, OutputError, Stream,
    Transform,
};
use unicode_normalization::UnicodeNormalization as _;

/// The most pages we read.
pub const MAX_PAGES: usize = 5_000;

/// The most glyphs we collect over the whole document (a dense page has about 4,000).
const MAX_GLYPHS: usize = 5_000_000;

/// The deepest nesting of form XObjects we let the extractor follow.
const MAX_FORM_DEPTH: usize = 12;

/// The most form XObject uses, over all pages, we let the extractor follow.
const MAX_FORM_VISITS: usize = 100_000;

/// The longest chain of `/Parent` page tree nodes we follow.
const MAX_TREE_DEPTH: usize = 64;

/// How many lines at each edge of a page may be a running header, footer or page number.
const EDGE_LINES: usize = 2;

/// The most bytes one stream may inflate to (a dense page's drawing is under 1 MiB, a
/// large embedded font about 20 MiB).
pub const MAX_STREAM_BYTES: usize = 64 << 20;

/// The most bytes all the streams of a document may inflate to together.
pub const MAX_INFLATED_BYTES: usize = 256 << 20;

/// The text layer of a PDF and what its metadata says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PdfText {
    /// The document's title, from `/Info /Title`.
    pub title: Option<String>,
    /// Its author, from `/Info /Author`.
    pub author: Option<String>,
    /// When it was made, `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`), from `/Info /CreationDate`.
    pub published: Option<String>,
    /// Its language as a BCP 47 tag, from `/Lang` in the catalogue.
    pub language: Option<String>,
    /// The text, paragraphs separated by a blank line, in NFC.
    pub text: String,
    /// How many pages the PDF has.
    pub pages: usize,
}

/// Why a PDF's text could not be read; the caller adds the file's name.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    /// Opening the PDF needs a password.
    #[error(
        "the PDF is protected by a password; open it in a PDF viewer with the password, save or print an unprotected copy, and import that"
    )]
    Encrypted,
    /// No page has text: the pages are images, as in a scan.
    #[error(
        "the PDF has no text layer (its {pages} {} images, as from a scanner); run OCR on it first, for example `ocrmypdf --skip-text in.pdf out.pdf`, and import the result",
        if *pages == 1 { "page is" } else { "pages are" }
    )]
    NoTextLayer {
        /// How many pages the PDF has.
        pages: usize,
    },
    /// The file is not a PDF that can be read.
    #[error(
        "the PDF is damaged or not a PDF ({0}); if it opens in a PDF viewer, print it to a new PDF and import that"
    )]
    Broken(String),
    /// The PDF asks for more work than we allow.
    #[error(
        "the PDF is too complex to read safely ({0}); split it into smaller files, or print it to a new PDF, and import that"
    )]
    TooComplex(String),
}

/// Reads the text layer and metadata of the PDF in `bytes`.
pub fn read_pdf(bytes: &[u8]) -> Result<PdfText, PdfError> {
    match catch_unwind(AssertUnwindSafe(|| read_unguarded(bytes))) {
        Ok(result) => result,
        Err(_) => Err(PdfError::Broken(
            "the PDF reader stopped on a structure it does not understand".to_owned(),
        )),
    }
}

/// [`read_pdf`] without the guard against panics in the extractor.
fn read_unguarded(bytes: &[u8]) -> Result<PdfText, PdfError> {
    if !bytes
        .get(..1024)
        .unwrap_or(bytes)
        .windows(5)
        .any(|w| w == b"%PDF-")
    {
        return Err(PdfError::Broken("there is no PDF header".to_owned()));
    }
    let (loaded, mut budget) = load(bytes);
    let mut doc = loaded.map_err(|err| match err {
        pdf_extract::Error::Decryption(_) => PdfError::Encrypted,
        other => PdfError::Broken(other.to_string()),
    })?;
    // lopdf decrypts on loading when the empty user password opens the file.
    if doc.is_encrypted() && !doc.was_encrypted() {
        return Err(PdfError::Encrypted);
    }
    budget.over.take().map_or(Ok(()), Err)?;
    inflate_streams(&mut doc, &mut budget)?;
    let page_ids = doc.get_pages();
    let pages = page_ids.len();
    if pages == 0 {
        return Err(PdfError::Broken("it has no pages".to_owned()));
    }
    if pages > MAX_PAGES {
        return Err(PdfError::TooComplex(format!(
            "{pages} pages, more than {MAX_PAGES}"
        )));
    }
    check_structure(&doc, &page_ids)?;

    let mut collector = Collector::default();
    let outcome = pdf_extract::output_doc(&doc, &mut collector);
    if collector.overflow {
        return Err(PdfError::TooComplex(format!(
            "more than {MAX_GLYPHS} characters"
        )));
    }
    outcome.map_err(|err| PdfError::Broken(err.to_string()))?;

    let (text, running_header) = lay_out(&collector.pages);
    if text.is_empty() {
        return Err(PdfError::NoTextLayer { pages });
    }
    let info = info_dictionary(&doc);
    let info_text = |key: &[u8]| {
        info.and_then(|info| info.get(key).ok())
            .and_then(|o| text_string(&doc, o))
    };
    Ok(PdfText {
        // Without a title in its metadata, a document's running header is its title
        // more often than its first line is (a cover page starts with an author or
        // an organisation).
        title: info_text(b"Title").and_then(meaningful).or(running_header),
        author: info_text(b"Author").and_then(meaningful),
        published: info_text(b"CreationDate").and_then(|d| pdf_date(&d)),
        language: doc
            .catalog()
            .ok()
            .and_then(|catalog| catalog.get(b"Lang").ok())
            .and_then(|o| text_string(&doc, o))
            .and_then(|l| language_tag(&l)),
        text,
        pages,
    })
}

// --- Compressed streams ----------------------------------------------------------------

/// What is left of the bytes the document's streams may inflate to.
#[derive(Debug)]
struct Budget {
    /// Bytes still allowed over the whole document.
    left: usize,
    /// Why inflating stopped, if a limit was reached.
    over: Option<PdfError>,
}

impl Default for Budget {
    fn default() -> Self {
        Self {
            left: MAX_INFLATED_BYTES,
            over: None,
        }
    }
}

thread_local! {
    /// The budget of the document this thread is loading, for [`load_filter`] (lopdf
    /// takes a plain function, and loads on the calling thread).
    static LOADING: RefCell<Budget> = RefCell::new(Budget::default());
}

/// Loads the document, inflating its object streams within the budget, which it
/// returns with what is left.
fn load(bytes: &[u8]) -> (Result<Document, pdf_extract::Error>, Budget) {
    LOADING.set(Budget::default());
    let options = LoadOptions {
        filter: Some(load_filter),
        ..LoadOptions::default()
    };
    let loaded = Document::load_mem_with_options(bytes, options);
    (loaded, LOADING.take())
}

/// Inflates an object stream before lopdf reads the objects in it; drops it, and
/// everything after it, once the budget is spent. Called by lopdf for each object
/// of an unencrypted file and for each object of its object streams.
fn load_filter(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    LOADING.with_borrow_mut(|budget| {
        if budget.over.is_some() {
            return None;
        }
        let Object::Stream(stream) = object else {
            // lopdf keeps what it passed in, except for the objects of an object
            // stream (never streams themselves), which it takes from here.
            return Some((id, object.clone()));
        };
        if stream.dict.has_type(b"ObjStm")
            && let Err(err) = inflate_in_place(stream, budget)
        {
            budget.over = Some(err);
            return None;
        }
        Some((id, Object::Null))
    })
}

/// Puts the plain bytes of every compressed stream the extractor may read in place of
/// its compressed bytes, and empties images.
fn inflate_streams(doc: &mut Document, budget: &mut Budget) -> Result<(), PdfError> {
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        let subtype = stream.dict.get(b"Subtype").and_then(Object::as_name).ok();
        if subtype == Some(b"Image".as_slice()) {
            stream.set_plain_content(Vec::new());
        } else if !(stream.dict.has_type(b"EmbeddedFile") || stream.dict.has_type(b"Metadata")) {
            inflate_in_place(stream, budget)?;
        }
    }
    Ok(())
}

/// Replaces a stream that has `FlateDecode` among its filters by its plain bytes.
fn inflate_in_place(stream: &mut Stream, budget: &mut Budget) -> Result<(), PdfError> {
    if let Some(plain) = plain_content(stream, budget)? {
        stream.set_plain_content(plain);
    }
    Ok(())
}

/// What lopdf would make of a stream with `FlateDecode` among its filters (its
/// `decompressed_content`, or the raw bytes where that fails, as its callers take
/// them), with each inflation bounded; `None` for a stream without `FlateDecode`.
fn plain_content(stream: &Stream, budget: &mut Budget) -> Result<Option<Vec<u8>>, PdfError> {
    let Ok(filters) = stream.filters() else {
        // No filter, or one lopdf does not read: it takes the raw bytes.
        return Ok(None);
    };
    if !filters.contains(&b"FlateDecode".as_slice()) {
        return Ok(None);
    }
    let raw = || Ok(Some(stream.content.clone()));
    if !filters
        .iter()
        .all(|f| matches!(*f, b"FlateDecode" | b"LZWDecode" | b"ASCII85Decode"))
    {
        // lopdf cannot decode the chain (after inflating what comes before the
        // filter it does not know): its callers take the raw bytes.
        return raw();
    }
    let params = stream
        .dict
        .get(b"DecodeParms")
        .and_then(Object::as_dict)
        .ok();
    let mut data = Cow::Borrowed(stream.content.as_slice());
    for filter in filters {
        let decoded = if filter == b"FlateDecode" {
            let inflated = inflate(&data, budget)?;
            match unpredict(inflated, params) {
                Some(plain) => plain,
                None => return raw(),
            }
        } else {
            // One step of another filter, decoded by lopdf with the same parameters.
            let mut dict = Dictionary::new();
            dict.set("Filter", Object::Name(filter.to_vec()));
            if let Some(params) = params {
                dict.set("DecodeParms", Object::Dictionary(params.clone()));
            }
            match Stream::new(dict, data.into_owned()).decompressed_content() {
                Ok(plain) => plain,
                Err(_) => return raw(),
            }
        };
        data = Cow::Owned(decoded);
    }
    Ok(Some(data.into_owned()))
}

/// Inflates zlib data as lopdf does (keeping what came before an error, and trying raw
/// deflate after the two header bytes when nothing came), reading no more than the
/// per-stream limit and what is left of the budget.
fn inflate(input: &[u8], budget: &mut Budget) -> Result<Vec<u8>, PdfError> {
    let limit = MAX_STREAM_BYTES.min(budget.left);
    let mut output = Vec::new();
    if input.is_empty() {
        return Ok(output);
    }
    let read_limit = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    if ZlibDecoder::new(input)
        .take(read_limit)
        .read_to_end(&mut output)
        .is_err()
        && output.is_empty()
        && let Some(deflated) = input.get(2..)
        && !deflated.is_empty()
    {
        // Errors are ignored, as lopdf ignores them: the bytes read so far stay.
        let _ = DeflateDecoder::new(deflated)
            .take(read_limit)
            .read_to_end(&mut output);
    }
    if output.len() > limit {
        return Err(PdfError::TooComplex(if limit == MAX_STREAM_BYTES {
            format!(
                "a stream inflates to more than {} MiB",
                MAX_STREAM_BYTES >> 20
            )
        } else {
            format!(
                "its streams inflate to more than {} MiB in all",
                MAX_INFLATED_BYTES >> 20
            )
        }));
    }
    budget.left -= output.len();
    Ok(output)
}

/// Undoes a PNG predictor (`/Predictor` 10 to 15) as lopdf does after inflating;
/// `None` where lopdf fails.
fn unpredict(data: Vec<u8>, params: Option<&Dictionary>) -> Option<Vec<u8>> {
    let Some(params) = params else {
        return Some(data);
    };
    let number =
        |key: &[u8], default: i64| params.get(key).and_then(Object::as_i64).unwrap_or(default);
    if !(10..=15).contains(&number(b"Predictor", 1)) {
        return Some(data);
    }
    let columns = usize::try_from(number(b"Columns", 1).max(1)).ok()?;
    let colors = usize::try_from(number(b"Colors", 1).max(1)).ok()?;
    let bits = usize::try_from(number(b"BitsPerComponent", 8).max(8)).ok()?;
    let bytes_per_pixel = colors.checked_mul(bits)? / 8;
    bytes_per_pixel.checked_mul(columns)?;
    pdf_extract::filters::png::decode_frame(&data, bytes_per_pixel, columns).ok()
}

// --- Bounds --------------------------------------------------------------------------

/// Refuses page trees and form XObjects the extractor would recurse through forever
/// (a cycle overflows the stack, which no guard catches) or for too long (forms that
/// draw forms that draw forms, each many times over).
fn check_structure(doc: &Document, page_ids: &BTreeMap<u32, ObjectId>) -> Result<(), PdfError> {
    let has_forms = doc
        .objects
        .values()
        .any(|o| o.as_stream().is_ok_and(is_form));
    let mut visits = 0;
    let mut drawn_by_form = HashMap::new();
    for &page_id in page_ids.values() {
        let Ok(page) = doc.get_dictionary(page_id) else {
            continue;
        };
        let mut seen = HashSet::from([page_id]);
        let mut node = page;
        let mut resources = None;
        for _ in 0..MAX_TREE_DEPTH {
            if resources.is_none() {
                resources = node.get(b"Resources").ok().and_then(|r| dictionary(doc, r));
            }
            let Ok(parent) = node.get(b"Parent").and_then(Object::as_reference) else {
                break;
            };
            if !seen.insert(parent) {
                return Err(PdfError::Broken("its page tree loops".to_owned()));
            }
            let Ok(parent_node) = doc.get_dictionary(parent) else {
                break;
            };
            node = parent_node;
        }
        if let Some(resources) = resources
            && has_forms
        {
            let content = doc.get_page_content(page_id).unwrap_or_default();
            for name in drawn_names(&content) {
                let mut forms = Forms {
                    doc,
                    visits: &mut visits,
                    drawn_by_form: &mut drawn_by_form,
                    path: Vec::new(),
                };
                forms.visit(resources, &name)?;
            }
        }
    }
    Ok(())
}

/// Whether a stream is a form XObject: drawing instructions that a page can draw.
fn is_form(stream: &pdf_extract::Stream) -> bool {
    stream.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form".as_slice())
}

/// A walk through the form XObjects that pages draw, as the extractor will take it.
struct Forms<'a, 'v> {
    /// The document.
    doc: &'a Document,
    /// How many forms have been drawn so far, over all pages.
    visits: &'v mut usize,
    /// The names each form draws with `Do`, read once.
    drawn_by_form: &'v mut HashMap<ObjectId, Vec<Vec<u8>>>,
    /// The forms being drawn, outermost first.
    path: Vec<ObjectId>,
}

impl<'a> Forms<'a, '_> {
    /// Draws the XObject `name` of `resources`.
    fn visit(&mut self, resources: &'a Dictionary, name: &[u8]) -> Result<(), PdfError> {
        let doc = self.doc;
        let Some(id) = resources
            .get(b"XObject")
            .ok()
            .and_then(|x| dictionary(doc, x))
            .and_then(|x| x.get(name).ok())
            .and_then(|o| o.as_reference().ok())
        else {
            return Ok(());
        };
        let Ok(form) = doc.get_object(id).and_then(Object::as_stream) else {
            return Ok(());
        };
        if !is_form(form) {
            return Ok(());
        }
        if self.path.contains(&id) {
            return Err(PdfError::Broken(
                "a drawing (form XObject) draws itself".to_owned(),
            ));
        }
        *self.visits += 1;
        if self.path.len() >= MAX_FORM_DEPTH || *self.visits > MAX_FORM_VISITS {
            return Err(PdfError::TooComplex(
                "its drawings (form XObjects) are nested too deeply or drawn too often".to_owned(),
            ));
        }
        let inner = form
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|r| dictionary(doc, r))
            .unwrap_or(resources);
        let drawn = self
            .drawn_by_form
            .entry(id)
            .or_insert_with(|| drawn_names(&form.decompressed_content().unwrap_or_default()))
            .clone();
        self.path.push(id);
        for inner_name in &drawn {
            self.visit(inner, inner_name)?;
        }
        self.path.pop();
        Ok(())
    }
}

/// The names of the XObjects a content stream draws (`/Name Do`), found by a scan of
/// its bytes that may count too many, never too few, save for names with escapes.
fn drawn_names(content: &[u8]) -> Vec<Vec<u8>> {
    let delimiter = |b: u8| b"[]<>()/%{}".contains(&b);
    let space = |b: u8| b.is_ascii_whitespace() || b == 0;
    let mut names = Vec::new();
    for at in memchr::memmem::find_iter(content, b"Do") {
        if content
            .get(at + 2)
            .is_some_and(|&b| !space(b) && !delimiter(b))
        {
            continue;
        }
        let mut end = at;
        while end > 0 && content.get(end - 1).is_some_and(|&b| space(b)) {
            end -= 1;
        }
        let mut start = end;
        while start > 0
            && content
                .get(start - 1)
                .is_some_and(|&b| !space(b) && !delimiter(b))
        {
            start -= 1;
        }
        if end < at
            && start > 0
            && content.get(start - 1) == Some(&b'/')
            && let Some(name) = content.get(start..end)
        {
            names.push(name.to_vec());
        }
    }
    names
}

// --- Collecting glyphs ---------------------------------------------------------------

/// One glyph on a page, in PDF user space (y grows upwards).
#[derive(Clone, Debug)]
struct Glyph {
    /// Left edge of the glyph.
    x: f64,
    /// Its baseline.
    y: f64,
    /// Its font size on the page, in points.
    size: f64,
    /// How far it advances, in points.
    width: f64,
    /// The text it stands for (a ligature glyph may stand for several letters).
    text: String,
}

impl Glyph {
    /// Right edge of the glyph.
    fn right(&self) -> f64 {
        self.x + self.width
    }

    /// Whether it is a space or draws nothing.
    fn blank(&self) -> bool {
        self.text.chars().all(char::is_whitespace)
    }
}

/// The extractor's output: the glyphs of each page in drawing order.
#[derive(Default)]
struct Collector {
    /// One list per page.
    pages: Vec<Vec<Glyph>>,
    /// How many glyphs were collected.
    glyphs: usize,
    /// Whether collecting stopped at [`MAX_GLYPHS`].
    overflow: bool,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        _media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.pages.push(Vec::new());
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        if text.is_empty() {
            return Ok(());
        }
        self.glyphs += 1;
        if self.glyphs > MAX_GLYPHS {
            self.overflow = true;
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        let x_scale = trm.m11.hypot(trm.m12);
        let y_scale = trm.m21.hypot(trm.m22);
        let glyph = Glyph {
            x: trm.m31,
            y: trm.m32,
            size: font_size.abs() * y_scale,
            width: (width * font_size + spacing) * x_scale,
            text: text.to_owned(),
        };
        let finite = [glyph.x, glyph.y, glyph.size, glyph.width]
            .iter()
            .all(|v| v.is_finite());
        if finite
            && glyph.size > 0.0
            && let Some(page) = self.pages.last_mut()
        {
            page.push(glyph);
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

// --- Lines and columns ---------------------------------------------------------------

/// Where a line is on a page that may have parts set in two columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Column {
    /// Across the page, or in a part of it with one column.
    Full,
    /// In the left column of the page's two-column part with this number.
    Left(usize),
    /// In the right column of the page's two-column part with this number.
    Right(usize),
}

/// A line of text on a page.
#[derive(Clone, Debug)]
struct Line {
    /// Its glyphs, left to right.
    glyphs: Vec<Glyph>,
    /// Its column.
    column: Column,
}

impl Line {
    /// Its baseline: that of its first glyph.
    fn y(&self) -> f64 {
        self.glyphs.first().map_or(0.0, |g| g.y)
    }

    /// Its font size: the largest of its glyphs'.
    fn size(&self) -> f64 {
        self.glyphs.iter().map(|g| g.size).fold(0.0, f64::max)
    }

    /// Its left edge.
    fn left(&self) -> f64 {
        self.ink().map(|g| g.x).fold(f64::INFINITY, f64::min)
    }

    /// Its right edge.
    fn right(&self) -> f64 {
        self.ink()
            .map(Glyph::right)
            .fold(f64::NEG_INFINITY, f64::max)
    }

    /// Its glyphs that draw something.
    fn ink(&self) -> impl Iterator<Item = &Glyph> {
        self.glyphs.iter().filter(|g| !g.blank())
    }

    /// Its text, with a space wherever glyphs stand apart.
    fn text(&self) -> String {
        let mut text = String::new();
        let mut previous: Option<&Glyph> = None;
        for glyph in &self.glyphs {
            if let Some(prev) = previous {
                let gap = glyph.x - prev.right();
                if gap > 0.1 * prev.size.max(glyph.size) && !text.ends_with(' ') {
                    text.push(' ');
                }
            }
            for c in glyph.text.chars() {
                if c.is_whitespace() {
                    if !text.is_empty() && !text.ends_with(' ') {
                        text.push(' ');
                    }
                } else if !c.is_control() {
                    text.push(c);
                }
            }
            previous = Some(glyph);
        }
        text.trim_end().to_owned()
    }
}

/// Splits a page's glyphs, in drawing order, into runs on one baseline moving right.
fn runs(glyphs: &[Glyph]) -> Vec<Vec<Glyph>> {
    let mut runs: Vec<Vec<Glyph>> = Vec::new();
    let mut current: Vec<Glyph> = Vec::new();
    for glyph in glyphs {
        if let Some(last) = current.last() {
            let size = last.size.max(glyph.size);
            let same_baseline = (glyph.y - last.y).abs() < 0.5 * size;
            let onwards = glyph.x > last.right() - size;
            if !(same_baseline && onwards) {
                runs.push(std::mem::take(&mut current));
            }
        }
        current.push(glyph.clone());
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs.retain(|run| run.iter().any(|g| !g.blank()));
    runs
}

/// The fewest consecutive lines beside a gutter that make a two-column part.
const MIN_COLUMN_LINES: usize = 6;

/// A two-column part of a page: its gutter, from and to in x, and the runs beside
/// it, `first..end` of the runs given (sorted top to bottom).
struct TwoColumns {
    /// The gutter's left edge.
    from: f64,
    /// The gutter's right edge.
    to: f64,
    /// The first run beside the gutter.
    first: usize,
    /// One past the last run beside the gutter.
    end: usize,
}

/// The longest stretch of consecutive runs for which `bare(run)` holds, as `start..end`.
fn longest_streak(len: usize, bare: impl Fn(usize) -> bool) -> (usize, usize) {
    let (mut best, mut start) = ((0, 0), None);
    for i in 0..=len {
        match (i < len && bare(i), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                if i - s > best.1 - best.0 {
                    best = (s, i);
                }
                start = None;
            }
            _ => {}
        }
    }
    best
}

/// The widest gutter with at least [`MIN_COLUMN_LINES`] consecutive runs (sorted top
/// to bottom) on both sides of it and none across it, in the middle three fifths.
fn two_columns(runs: &[Vec<Glyph>]) -> Option<TwoColumns> {
    const BINS: usize = 400;
    if runs.len() < MIN_COLUMN_LINES {
        return None;
    }
    let ink = || runs.iter().flatten().filter(|g| !g.blank());
    let from = ink().map(|g| g.x).fold(f64::INFINITY, f64::min);
    let to = ink().map(Glyph::right).fold(f64::NEG_INFINITY, f64::max);
    let mut sizes: Vec<f64> = ink().map(|g| g.size).collect();
    sizes.sort_by(f64::total_cmp);
    let size = *sizes.get(sizes.len() / 2)?;
    let span = to - from;
    if span.is_nan() || span <= 10.0 * size {
        return None;
    }
    let bin_width = span / BINS as f64;
    let bin_of = |x: f64| (((x - from) / bin_width).floor().max(0.0) as usize).min(BINS - 1);
    let mut covered = vec![false; runs.len() * BINS];
    for (r, run) in runs.iter().enumerate() {
        for g in run.iter().filter(|g| !g.blank()) {
            for bin in bin_of(g.x)..=bin_of(g.right()) {
                if let Some(c) = covered.get_mut(r * BINS + bin) {
                    *c = true;
                }
            }
        }
    }
    let bare = |r: usize, bin: usize| !covered.get(r * BINS + bin).copied().unwrap_or(true);
    // The bin beside the most consecutive lines, widened to the neighbouring bins
    // beside (nearly) the same lines.
    let (low, high) = (BINS / 5, BINS * 4 / 5);
    let streaks: Vec<(usize, usize)> = (low..high)
        .map(|bin| longest_streak(runs.len(), |r| bare(r, bin)))
        .collect();
    let (seed, &(s, e)) = streaks
        .iter()
        .enumerate()
        .max_by_key(|&(i, &(s, e))| (e - s, std::cmp::Reverse(i)))?;
    if e < s + MIN_COLUMN_LINES {
        return None;
    }
    let alike =
        |&(s2, e2): &(usize, usize)| e2.min(e).saturating_sub(s2.max(s)) * 10 >= (e - s) * 9;
    let mut lowest = seed;
    while lowest > 0 && streaks.get(lowest - 1).is_some_and(alike) {
        lowest -= 1;
    }
    let mut highest = seed + 1;
    while streaks.get(highest).is_some_and(alike) {
        highest += 1;
    }
    let (b0, b1) = (low + lowest, low + highest);
    let (g0, g1) = (from + b0 as f64 * bin_width, from + b1 as f64 * bin_width);
    if g1 - g0 < 0.5 * size {
        return None;
    }
    // The runs beside the gutter: the longest streak that keeps out of its middle
    // third (the column edges are ragged, or not straight, further down the page).
    let third = (b1 - b0) / 3;
    let core = (b0 + third)..(b1 - third).max(b0 + third + 1);
    let (first, end) = longest_streak(runs.len(), |r| core.clone().all(|bin| bare(r, bin)));
    let beside = runs.get(first..end)?;
    let left = beside
        .iter()
        .filter(|r| r.iter().any(|g| !g.blank() && g.right() <= g0 + bin_width))
        .count();
    let right = beside
        .iter()
        .filter(|r| r.iter().any(|g| !g.blank() && g.x >= g1 - bin_width))
        .count();
    let enough = 3.max(beside.len() / 5);
    (left >= enough && right >= enough).then_some(TwoColumns {
        from: g0,
        to: g1,
        first,
        end,
    })
}

/// The lines of a page, each in its column (not yet in reading order).
fn page_lines(glyphs: &[Glyph]) -> Vec<Line> {
    let mut runs = runs(glyphs);
    let top = |run: &Vec<Glyph>| run.first().map_or(0.0, |g| g.y);
    runs.sort_by(|a, b| top(b).total_cmp(&top(a)));
    // Find two-column parts, then look again above and below each.
    let mut gutters: Vec<Option<(usize, f64, f64)>> = vec![None; runs.len()];
    let mut pending = vec![(0, runs.len())];
    let mut part = 0;
    while let Some((start, end)) = pending.pop() {
        let Some(found) = runs.get(start..end).and_then(two_columns) else {
            continue;
        };
        let (first, last) = (start + found.first, start + found.end);
        for gutter in gutters.get_mut(first..last).into_iter().flatten() {
            *gutter = Some((part, found.from, found.to));
        }
        part += 1;
        pending.push((start, first));
        pending.push((last, end));
    }
    let mut lines = Vec::new();
    for (run, gutter) in runs.into_iter().zip(gutters) {
        let Some((part, g0, g1)) = gutter else {
            lines.push(Line {
                glyphs: run,
                column: Column::Full,
            });
            continue;
        };
        let middle = f64::midpoint(g0, g1);
        let (left, right): (Vec<Glyph>, Vec<Glyph>) =
            run.into_iter().partition(|g| g.x + g.width / 2.0 < middle);
        for (glyphs, column) in [(left, Column::Left(part)), (right, Column::Right(part))] {
            if !glyphs.iter().all(Glyph::blank) {
                lines.push(Line { glyphs, column });
            }
        }
    }
    lines
}

/// Puts a page's lines in reading order, merging pieces of one line.
fn reading_order(mut lines: Vec<Line>) -> Vec<Line> {
    lines.sort_by(|a, b| b.y().total_cmp(&a.y()).then(a.left().total_cmp(&b.left())));
    let mut ordered: Vec<Line> = Vec::new();
    let (mut left, mut right): (Vec<Line>, Vec<Line>) = (Vec::new(), Vec::new());
    let push = |ordered: &mut Vec<Line>, line: Line| {
        if let Some(last) = ordered.last_mut()
            && last.column == line.column
            && (last.y() - line.y()).abs() < 0.3 * last.size().max(line.size())
        {
            last.glyphs.extend(line.glyphs);
            last.glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
        } else {
            ordered.push(line);
        }
    };
    let mut part = None;
    for line in lines {
        let flush = match line.column {
            Column::Full => true,
            Column::Left(p) | Column::Right(p) => part.is_some_and(|q| q != p),
        };
        if flush {
            for l in left.drain(..).chain(right.drain(..)) {
                push(&mut ordered, l);
            }
        }
        match line.column {
            Column::Left(p) => {
                part = Some(p);
                left.push(line);
            }
            Column::Right(p) => {
                part = Some(p);
                right.push(line);
            }
            Column::Full => push(&mut ordered, line),
        }
    }
    for l in left.into_iter().chain(right) {
        push(&mut ordered, l);
    }
    ordered
}

// --- Running headers, footers and page numbers ----------------------------------------

/// A line as compared across pages: lower case, digits masked, spaces collapsed.
fn edge_key(text: &str) -> String {
    text.split_whitespace()
        .map(|w| {
            w.chars()
                .map(|c| if c.is_ascii_digit() { '#' } else { c })
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a line holds only a page number, such as "12", "- 12 -", "Page 3 of 9" or "xii".
fn is_page_number(text: &str) -> bool {
    const WORDS: [&str; 12] = [
        "page", "p.", "p", "pp.", "of", "/", "seite", "von", "стр.", "с.", "из", "de",
    ];
    let spaced: String = text
        .chars()
        .map(|c| {
            if matches!(c, '-' | '–' | '—' | '|' | '[' | ']' | '(' | ')' | '·' | '•') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let words: Vec<String> = spaced.split_whitespace().map(str::to_lowercase).collect();
    let numeral = |w: &str| {
        w.chars().all(|c| c.is_ascii_digit()) && w.len() <= 5
            || w.chars().all(|c| matches!(c, 'i' | 'v' | 'x' | 'l' | 'c')) && w.len() <= 6
    };
    words.len() <= 5
        && words.iter().any(|w| numeral(w))
        && words
            .iter()
            .all(|w| numeral(w) || WORDS.contains(&w.as_str()))
}

/// The lines at the top (`top`) or bottom of a page, as groups sharing a baseline,
/// from the edge inwards: indexes into `lines`.
fn edge_groups(lines: &[Line], top: bool) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..lines.len()).collect();
    let y = |i: usize| lines.get(i).map_or(0.0, Line::y);
    order.sort_by(|&a, &b| {
        if top {
            y(b).total_cmp(&y(a))
        } else {
            y(a).total_cmp(&y(b))
        }
    });
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in order {
        let size = lines.get(i).map_or(0.0, Line::size);
        let same_baseline = groups
            .last()
            .and_then(|group| group.first())
            .is_some_and(|&f| (y(f) - y(i)).abs() < 0.5 * size);
        if same_baseline && let Some(group) = groups.last_mut() {
            group.push(i);
        } else if groups.len() == EDGE_LINES {
            break;
        } else {
            groups.push(vec![i]);
        }
    }
    groups
}

/// The text of a group of lines on one baseline, left to right.
fn group_text(lines: &[Line], group: &[usize]) -> String {
    let mut members: Vec<&Line> = group.iter().filter_map(|&i| lines.get(i)).collect();
    members.sort_by(|a, b| a.left().total_cmp(&b.left()));
    members
        .iter()
        .map(|l| l.text())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Drops running headers, footers and page numbers from each page's lines; gives
/// the running header (often the document's title), if there was one.
fn drop_furniture(pages: &mut [Vec<Line>]) -> Option<String> {
    let mut running_header: Option<String> = None;
    let mut seen: [HashMap<String, usize>; 2] = [HashMap::new(), HashMap::new()];
    for lines in pages.iter() {
        for (edge, top) in [(0, true), (1, false)] {
            let keys: HashSet<String> = edge_groups(lines, top)
                .iter()
                .map(|g| edge_key(&group_text(lines, g)))
                .collect();
            for key in keys {
                if let Some(counts) = seen.get_mut(edge) {
                    *counts.entry(key).or_default() += 1;
                }
            }
        }
    }
    let pages_count = pages.len();
    for lines in pages.iter_mut() {
        let mut dropped = HashSet::new();
        for (edge, top) in [(0, true), (1, false)] {
            for group in edge_groups(lines, top) {
                let text = group_text(lines, &group);
                let repeats = seen
                    .get(edge)
                    .and_then(|counts| counts.get(&edge_key(&text)))
                    .copied()
                    .unwrap_or(0);
                if is_page_number(&text) || (repeats >= 2 && repeats * 2 >= pages_count) {
                    if top && running_header.is_none() && !is_page_number(&text) {
                        running_header = Some(text.clone());
                    }
                    dropped.extend(group);
                } else {
                    break;
                }
            }
        }
        let mut index = 0;
        lines.retain(|_| {
            index += 1;
            !dropped.contains(&(index - 1))
        });
    }
    running_header.and_then(|header| header_title(&header))
}

/// A running header as a title: without a page number at either end, and only if
/// it reads as words (a chapter name or a bare date is not taken).
fn header_title(header: &str) -> Option<String> {
    let trimmed = header
        .trim()
        .trim_start_matches(|c: char| c.is_ascii_digit() || c.is_whitespace() || c == '|')
        .trim_end_matches(|c: char| c.is_ascii_digit() || c.is_whitespace() || c == '|')
        .trim();
    let words = trimmed
        .split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .count();
    (words >= 2 && trimmed.chars().count() <= 200).then(|| trimmed.to_owned())
}

// --- Paragraphs ----------------------------------------------------------------------

/// A line ready to be joined into paragraphs.
struct Placed {
    /// Its text.
    text: String,
    /// Its page, from 0.
    page: usize,
    /// Its column.
    column: Column,
    /// Its baseline.
    y: f64,
    /// Its font size.
    size: f64,
    /// Its left edge.
    left: f64,
    /// Its right edge.
    right: f64,
    /// The right edge of its column on its page.
    column_right: f64,
    /// The width of its column on its page.
    column_width: f64,
}

/// Whether `c` ends a sentence (or a heading, a quotation) at the end of a line.
fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']', '*'])
        .ends_with(['.', '!', '?', ':', ';', '…'])
}

/// Whether a line ends with a hyphen after a letter.
fn hyphenated(text: &str) -> bool {
    let mut chars = text.chars().rev();
    matches!(chars.next(), Some('-' | '\u{2010}' | '\u{AD}'))
        && chars.next().is_some_and(char::is_alphabetic)
}

/// Whether a line starts with a lower-case letter.
fn starts_lower(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_lowercase)
}

/// Whether the break between `prev` and `next` ends a paragraph; `leading` is the
/// document's usual distance between baselines.
fn paragraph_break(prev: &Placed, next: &Placed, leading: Option<f64>) -> bool {
    let size = prev.size.max(next.size);
    let drop = prev.y - next.y;
    let same_flow =
        prev.page == next.page && prev.column == next.column && drop > 0.0 && drop < 2.5 * size;
    if !same_flow {
        return !(hyphenated(&prev.text)
            || (!ends_sentence(&prev.text) && starts_lower(&next.text)));
    }
    let wide_gap = match leading {
        Some(leading) => drop > 1.3 * leading.max(prev.size.min(next.size)),
        None => drop > 1.6 * size,
    };
    let size_change = (prev.size - next.size).abs() > 0.1 * size;
    let indented = next.left - prev.left > 0.8 * next.size;
    let short = prev.column_right - prev.right > (0.15 * prev.column_width).max(3.0 * prev.size);
    let starts_capital = next
        .text
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric());
    wide_gap || size_change || indented || (short && (ends_sentence(&prev.text) || starts_capital))
}

/// The usual distance between baselines of consecutive lines in one column.
fn usual_leading(lines: &[Placed]) -> Option<f64> {
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for pair in lines.windows(2) {
        if let [a, b] = pair
            && a.page == b.page
            && a.column == b.column
            && (a.size - b.size).abs() < 0.05 * a.size
        {
            let drop = a.y - b.y;
            if drop > 0.0 && drop < 2.5 * a.size {
                *counts.entry((drop * 2.0).round() as i64).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(half_points, n)| (n, -half_points))
        .map(|(half_points, _)| half_points as f64 / 2.0)
}

/// Lays out the glyphs of every page as paragraphs of text.
fn lay_out(pages: &[Vec<Glyph>]) -> (String, Option<String>) {
    let mut page_lines: Vec<Vec<Line>> = pages.iter().map(|glyphs| page_lines(glyphs)).collect();
    let running_header = drop_furniture(&mut page_lines);
    let mut placed = Vec::new();
    for (page, lines) in page_lines.into_iter().enumerate() {
        let mut columns: HashMap<Column, (f64, f64)> = HashMap::new();
        for line in &lines {
            let extent = columns
                .entry(line.column)
                .or_insert((f64::INFINITY, f64::NEG_INFINITY));
            *extent = (extent.0.min(line.left()), extent.1.max(line.right()));
        }
        for line in reading_order(lines) {
            let text = line.text();
            if text.is_empty() {
                continue;
            }
            let (from, to) = columns
                .get(&line.column)
                .copied()
                .unwrap_or((line.left(), line.right()));
            placed.push(Placed {
                text,
                page,
                column: line.column,
                y: line.y(),
                size: line.size(),
                left: line.left(),
                right: line.right(),
                column_right: to,
                column_width: to - from,
            });
        }
    }
    let leading = usual_leading(&placed);
    let mut out = String::new();
    let mut previous: Option<&Placed> = None;
    for line in &placed {
        if let Some(prev) = previous {
            if paragraph_break(prev, line, leading) {
                out.push_str("\n\n");
            } else if out.ends_with('\u{AD}')
                || (hyphenated(&prev.text) && starts_lower(&line.text))
            {
                // The word runs on: drop the hyphen.
                out.pop();
            } else if !hyphenated(&prev.text) {
                out.push(' ');
            }
        }
        out.push_str(&line.text);
        previous = Some(line);
    }
    (clean(&out), running_header)
}

/// Spells out ligatures, drops soft hyphens and puts the text in NFC.
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{AD}' => {}
            '\u{FB00}'..='\u{FB06}' => out.extend(std::iter::once(c).nfkc()),
            _ => out.push(c),
        }
    }
    out.nfc().collect::<String>().trim().to_owned()
}

// --- Metadata --------------------------------------------------------------------------

/// Follows `object` if it is a reference.
fn resolve<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    doc.dereference(object).map_or(object, |(_, o)| o)
}

/// `object` (or what it refers to) as a dictionary.
fn dictionary<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Dictionary> {
    resolve(doc, object).as_dict().ok()
}

/// The document's `/Info` dictionary.
fn info_dictionary(doc: &Document) -> Option<&Dictionary> {
    doc.trailer
        .get(b"Info")
        .ok()
        .and_then(|o| dictionary(doc, o))
}

/// A PDF text string (PDFDocEncoding or UTF-16), trimmed, with whitespace collapsed.
fn text_string(doc: &Document, object: &Object) -> Option<String> {
    let decoded = pdf_extract::decode_text_string(resolve(doc, object)).ok()?;
    let text = decoded
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (!text.is_empty()).then_some(text)
}

/// `value`, unless it is a placeholder a generator writes when it knows nothing.
fn meaningful(value: String) -> Option<String> {
    const PLACEHOLDERS: [&str; 6] = [
        "untitled",
        "anonymous",
        "unknown",
        "none",
        "(anonymous)",
        "author",
    ];
    let lower = value.to_lowercase();
    (!PLACEHOLDERS.contains(&lower.as_str()) && value.chars().count() <= 500).then_some(value)
}

/// A PDF date (`D:YYYYMMDDHHmmSS+HH'mm'`) as `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
fn pdf_date(raw: &str) -> Option<String> {
    let digits: String = raw
        .trim()
        .trim_start_matches("D:")
        .chars()
        .take_while(char::is_ascii_digit)
        .take(8)
        .collect();
    let number =
        |range: std::ops::Range<usize>| digits.get(range).and_then(|d| d.parse::<u32>().ok());
    let year = number(0..4).filter(|y| (1000..=9999).contains(y))?;
    let Some(month) = number(4..6).filter(|m| (1..=12).contains(m)) else {
        return Some(format!("{year:04}"));
    };
    let Some(day) = number(6..8).filter(|d| (1..=31).contains(d)) else {
        return Some(format!("{year:04}-{month:02}"));
    };
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

/// A language tag from `/Lang`, its primary subtag in lower case, if it looks like one.
fn language_tag(raw: &str) -> Option<String> {
    let raw = raw.trim().replace('_', "-");
    let valid = !raw.is_empty()
        && raw.len() <= 35
        && raw.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && raw
            .split('-')
            .all(|part| !part.is_empty() && part.len() <= 8);
    if !valid {
        return None;
    }
    let (primary, rest) = raw.split_once('-').unwrap_or((&raw, ""));
    let primary = primary.to_ascii_lowercase();
    Some(if rest.is_empty() {
        primary
    } else {
        format!("{primary}-{rest}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_are_recognised() {
        for text in [
            "12",
            "- 12 -",
            "Page 3 of 9",
            "xii",
            "— 4 —",
            "3 / 10",
            "[7]",
        ] {
            assert!(is_page_number(text), "{text}");
        }
        for text in ["Page 3 of the report", "12 people", "Chapter 3", "In 2022"] {
            assert!(!is_page_number(text), "{text}");
        }
    }

    #[test]
    fn dates_become_iso() {
        assert_eq!(
            pdf_date("D:20220613093000+03'00'").as_deref(),
            Some("2022-06-13")
        );
        assert_eq!(pdf_date("20220613").as_deref(), Some("2022-06-13"));
        assert_eq!(pdf_date("D:202206").as_deref(), Some("2022-06"));
        assert_eq!(pdf_date("D:2022").as_deref(), Some("2022"));
        assert_eq!(pdf_date("D:20221399").as_deref(), Some("2022"));
        assert_eq!(pdf_date("yesterday"), None);
    }

    #[test]
    fn language_tags_are_checked() {
        assert_eq!(language_tag("EN-GB").as_deref(), Some("en-GB"));
        assert_eq!(language_tag("uk").as_deref(), Some("uk"));
        assert_eq!(language_tag("not a tag"), None);
    }

    #[test]
    fn ligatures_are_spelt_out_and_the_rest_kept() {
        assert_eq!(clean("ﬁeld ﬂood ﬀ ² ½"), "field flood ff ² ½");
    }

    #[test]
    fn hyphens_at_line_ends_are_seen() {
        assert!(hyphenated("broad-"));
        assert!(hyphenated("broad\u{AD}"));
        assert!(!hyphenated("1990 -"));
        assert!(!hyphenated("—"));
    }
}
