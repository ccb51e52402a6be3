//! Reading the text layer of a PDF into the text of one document.
//!
//! [`pdf-extract`](https://crates.io/crates/pdf-extract) decodes the fonts and runs the
//! content streams; it tells us each glyph with its place on the page, and this module
//! lays those out as a reader would:
//!
//! - **Lines**: glyphs in drawing order that keep to one baseline and move rightwards
//!   form a line; a gap wider than a tenth of the font size is a space (a mark drawn
//!   as a glyph of its own neither makes nor ends a gap).
//! - **Right-to-left text**: glyphs are placed where the page shows them, so a line
//!   taken left to right is in visual order, whatever made the PDF (reportlab after
//!   python-bidi, browsers, WeasyPrint, Word): Arabic, Hebrew or Persian would come
//!   out with its words and letters reversed, and must be put back in logical
//!   (reading) order. A line reads right to left when its own letters and its
//!   page's, weighed half each, with a nudge from its alignment, are mostly right to
//!   left (`reads_rtl`); then its glyphs, and the right-to-left runs of any other
//!   line, are reordered as the bidi algorithm's rule L2 reorders text for display,
//!   applied to the visual order (see `logical_order` for why that gives the logical
//!   order back): numbers and Latin names inside Arabic stay left to right, an
//!   Arabic phrase in an English line is turned and the English left as it is. A
//!   glyph's letters (a lam-alef ligature's, a letter with its harakat) stay
//!   together. Brackets are mirrored back where the text layer holds the mirrored
//!   ones (decided over the whole document). Such a line's start is its right edge:
//!   paragraph indents and short last lines are measured from there.
//! - **Columns**: a vertical strip in the middle of a page that at least six
//!   consecutive lines (top to bottom) keep clear of, with lines on both sides of it,
//!   is a gutter; the search is repeated above and below each two-column part found.
//!   Lines drawn across a gutter (as some generators store two columns, line by line)
//!   are cut in two. The page is read top to bottom, each two-column part as all of
//!   its left column, then all of its right (its right column first when most of
//!   its letters are right to left).
//! - **Running headers, footers and page numbers**: the first two lines at the top
//!   and at the bottom of each page are dropped when they hold only a page number
//!   ("12", "- 12 -", "Page 3 of 9", "xii") or when, with digits masked, the same line
//!   is at that edge of at least half the pages (and of two at least).
//! - **Paragraphs**: lines are joined with a space. A paragraph ends at a wider gap
//!   than the usual line spacing (of left-to-right and of right-to-left lines apart:
//!   Arabic fonts set lines further apart), at a change of font size, before a line
//!   indented past the one above, and after a short line that ends a sentence or is
//!   followed by a capital. Across a page or column break the text runs on only when
//!   the last line does not end a sentence and the next starts in lower case (or, in
//!   a script without case, the last is a full line) or the last ends with a hyphen.
//!   Paragraphs are separated by a blank line.
//! - **Hyphenation**: a hyphen (`-`, U+2010) at the end of a line, after a letter and
//!   before a lower-case letter, is removed and the word rejoined; soft hyphens
//!   (U+00AD) are always removed.
//! - **Ligatures and presentation forms**: the Alphabetic Presentation Forms
//!   ligatures (`ﬁ`, `ﬂ`, `ﬀ`, …) are spelt out, and Arabic presentation forms (the
//!   shaped letters and ligatures such as lam-alef that text shaped before drawing
//!   holds) become the letters they show, by their NFKC form; the rest of the text is
//!   only put in NFC (`clean`).
//! - **Glyph widths**: the `first last width` ranges of CID fonts' `/W` arrays, which
//!   pdf-extract misreads, are spelt out before extraction
//!   (`spell_out_cid_widths`); PDFs printed from Word through Acrobat Distiller
//!   use them, and without them an Arabic line's words run into each other.
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
use unicode_bidi::{BidiClass, BidiInfo, Level, ParagraphBidiInfo};
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
    spell_out_cid_widths(&mut doc);
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

/// The most glyph widths [`spell_out_cid_widths`] writes over a whole document.
const MAX_SPELT_WIDTHS: usize = 1 << 20;

/// Rewrites the `first last width` ranges of CID fonts' `/W` arrays as
/// `first [width width …]`. pdf-extract 0.12 misreads a range (it takes the first
/// code for the last one and for the width, so it sets no width at all), and the
/// glyphs of the range then advance by the default width, which puts every glyph
/// after them on the line in the wrong place. Fonts subset by Acrobat Distiller
/// (as in PDFs printed from Word) use ranges. Arrays the reader cannot follow are
/// left as they are.
fn spell_out_cid_widths(doc: &mut Document) {
    let mut budget = MAX_SPELT_WIDTHS;
    let mut referenced = Vec::new();
    for object in doc.objects.values_mut() {
        let Object::Dictionary(dict) = object else {
            continue;
        };
        let subtype = dict.get(b"Subtype").and_then(Object::as_name).ok();
        if !matches!(subtype, Some(b"CIDFontType0" | b"CIDFontType2")) {
            continue;
        }
        match dict.get_mut(b"W") {
            Ok(Object::Array(widths)) => {
                if let Some(spelt) = spelt_out_widths(widths, &mut budget) {
                    *widths = spelt;
                }
            }
            Ok(Object::Reference(id)) => referenced.push(*id),
            _ => {}
        }
    }
    for id in referenced {
        if let Ok(Object::Array(widths)) = doc.get_object_mut(id)
            && let Some(spelt) = spelt_out_widths(widths, &mut budget)
        {
            *widths = spelt;
        }
    }
}

/// A `/W` array with its ranges spelt out, if it has any and they fit in `budget`.
fn spelt_out_widths(widths: &[Object], budget: &mut usize) -> Option<Vec<Object>> {
    let mut out = Vec::with_capacity(widths.len());
    let mut rest = widths;
    let mut ranges = false;
    loop {
        match rest {
            [] => break,
            [first, Object::Array(list), tail @ ..] => {
                out.push(first.clone());
                out.push(Object::Array(list.clone()));
                rest = tail;
            }
            [first, last, width, tail @ ..] => {
                let (first, last) = (first.as_i64().ok()?, last.as_i64().ok()?);
                let count = usize::try_from(last.checked_sub(first)?.checked_add(1)?).ok()?;
                *budget = budget.checked_sub(count)?;
                out.push(Object::Integer(first));
                out.push(Object::Array(vec![width.clone(); count]));
                ranges = true;
                rest = tail;
            }
            _ => return None,
        }
    }
    ranges.then_some(out)
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

    /// Its text in reading order, with a space wherever glyphs stand apart;
    /// `page_rtl_share` is the share of right-to-left letters among the letters of
    /// its page, and `column` the left and right edges of its column, if known (see
    /// [`reads_rtl`]).
    fn text(&self, page_rtl_share: f64, column: Option<(f64, f64)>) -> LineText {
        let (visual, starts) = self.visual_text();
        let (rtl_letters, ltr_letters) = strong_letters(&visual);
        let lean = column.map_or(0.0, |(from, to)| {
            // Flush with one edge, and short of the other by more than an indent.
            let (flush, short) = (0.5 * self.size(), 3.0 * self.size());
            let (room_left, room_right) = (self.left() - from, to - self.right());
            if room_right < flush && room_left > short {
                ALIGNMENT_LEAN
            } else if room_left < flush && room_right > short {
                -ALIGNMENT_LEAN
            } else {
                0.0
            }
        });
        let rtl = reads_rtl(rtl_letters, ltr_letters, page_rtl_share + lean);
        if rtl_letters == 0 {
            // Nothing to reorder: left to right is the reading order.
            return LineText {
                text: visual,
                mirrored: None,
                rtl,
            };
        }
        let pieces: Vec<&str> = starts
            .iter()
            .zip(starts.iter().skip(1).chain([&visual.len()]))
            .filter_map(|(&from, &to)| visual.get(from..to))
            .collect();
        let (text, mirrored) = logical_order(&pieces, rtl);
        LineText {
            text,
            mirrored,
            rtl,
        }
    }

    /// Its text in visual order (left to right on the page), and where each of the
    /// pieces that reordering keeps whole starts in it: the letters of one glyph (a
    /// ligature's, such as lam-alef, in reading order), or one space.
    fn visual_text(&self) -> (String, Vec<usize>) {
        let mut text = String::new();
        let mut starts = Vec::with_capacity(self.glyphs.len());
        let push_space = |text: &mut String, starts: &mut Vec<usize>| {
            if !text.is_empty() && !text.ends_with(' ') {
                starts.push(text.len());
                text.push(' ');
            }
        };
        let mut previous: Option<&Glyph> = None;
        for (i, glyph) in self.glyphs.iter().enumerate() {
            // A mark drawn as a glyph of its own (a haraka, an accent) sits on its
            // letter, wherever its box starts: it neither makes a gap nor ends one.
            let marks = marks_only(&glyph.text);
            if let Some(prev) = previous
                && !marks
                && glyph.x - prev.right() > 0.1 * prev.size.max(glyph.size)
            {
                push_space(&mut text, &mut starts);
            }
            let letters = if self.given_by_neighbour(i) {
                ""
            } else {
                glyph.text.as_str()
            };
            let mut in_piece = false;
            for c in letters.chars() {
                if c.is_whitespace() {
                    push_space(&mut text, &mut starts);
                    in_piece = false;
                } else if !c.is_control() {
                    if !in_piece {
                        starts.push(text.len());
                        in_piece = true;
                    }
                    text.push(c);
                }
            }
            if !marks {
                previous = Some(glyph);
            }
        }
        if text.ends_with(' ') {
            text.pop();
            starts.pop();
        }
        (text, starts)
    }

    /// Whether the letter of glyph `i` is already given by a glyph drawn beside it
    /// (just before or after, at its place) that draws nothing but stands for that
    /// letter with its marks. WeasyPrint maps a cluster's text (a letter and its
    /// harakat, "أُ") to the cluster's first glyph, here a mark, while the letter's
    /// own glyph keeps its usual mapping ("أ"): read as they are, the letter comes
    /// twice.
    fn given_by_neighbour(&self, i: usize) -> bool {
        let Some(glyph) = self.glyphs.get(i) else {
            return false;
        };
        let drawn_blank = |j: Option<usize>| {
            j.and_then(|j| self.glyphs.get(j))
                .is_some_and(|n| n.width.abs() < 0.01 * n.size)
        };
        if !(drawn_blank(i.checked_sub(1)) || drawn_blank(i.checked_add(1))) {
            return false;
        }
        let mut letter = glyph.text.chars();
        let (Some(letter), None) = (letter.next(), letter.next()) else {
            return false;
        };
        if !letter.is_alphabetic() || glyph.width <= 0.0 {
            return false;
        }
        let neighbours = [i.checked_sub(1), i.checked_add(1)];
        neighbours
            .into_iter()
            .flatten()
            .filter_map(|j| self.glyphs.get(j))
            .any(|n| {
                let mut chars = n.text.chars();
                n.width.abs() < 0.01 * n.size
                    && chars.next() == Some(letter)
                    && marks_only(chars.as_str())
                    && n.x >= glyph.x - 0.5 * glyph.size
                    && n.x <= glyph.right() + 0.5 * glyph.size
            })
    }
}

// --- Right-to-left lines ---------------------------------------------------------------

/// A line's text in reading order.
struct LineText {
    /// Its text, with brackets as the text layer has them.
    text: String,
    /// Its text with the brackets of its right-to-left runs mirrored, if it has
    /// any, and how much better its brackets sit so ([`bracket_cost`] of `text` less
    /// that of this text).
    mirrored: Option<(String, isize)>,
    /// Whether it reads right to left (its start is its right edge).
    rtl: bool,
}

/// How many letters of `text` are strong right-to-left (Hebrew, Arabic, Syriac, Thaana,
/// N'Ko, …) and how many strong left-to-right (Latin, Cyrillic, Greek, CJK, …).
fn strong_letters(text: &str) -> (usize, usize) {
    text.chars().fold((0, 0), |(rtl, ltr), c| {
        if c.is_ascii() {
            // Latin letters are the only strong ASCII characters.
            return (rtl, ltr + usize::from(c.is_ascii_alphabetic()));
        }
        match unicode_bidi::bidi_class(c) {
            BidiClass::R | BidiClass::AL => (rtl + 1, ltr),
            BidiClass::L => (rtl, ltr + 1),
            _ => (rtl, ltr),
        }
    })
}

/// The share of right-to-left letters among the strong letters of a page's lines.
fn rtl_share(lines: &[Line]) -> f64 {
    let (rtl, ltr) = lines
        .iter()
        .flat_map(|l| &l.glyphs)
        .map(|g| strong_letters(&g.text))
        .fold((0, 0), |(r, l), (gr, gl)| (r + gr, l + gl));
    if rtl + ltr == 0 {
        0.0
    } else {
        rtl as f64 / (rtl + ltr) as f64
    }
}

/// How much a line that keeps to the right edge of its column and stops short of the
/// left one by more than an indent (or the other way round) leans to reading right
/// to left (or left to right), as a share of letters: right-to-left paragraphs are
/// set flush right, and their short last lines, often a Latin name and a word or
/// two, show it best.
const ALIGNMENT_LEAN: f64 = 0.5;

/// Whether a line with these counts of strong letters, on a page with this share of
/// right-to-left letters (plus the line's [`ALIGNMENT_LEAN`]), reads right to left
/// (is part of a right-to-left paragraph).
///
/// The bidi algorithm takes a paragraph's direction from its first strong letter,
/// but a line in visual order does not show which end is its first, and it is often
/// not the first of its paragraph: the line's own letters and its page's are
/// weighed instead, half each, with the line's alignment. A line of one script alone
/// reads in that script's direction; a mixed line reads as its page does unless its
/// own letters lean the other way more than the page leans its way, so that an
/// English line quoting an Arabic phrase stays left to right in an English report,
/// and an Arabic line with a Latin name is right to left in an Arabic article.
fn reads_rtl(rtl_letters: usize, ltr_letters: usize, page_rtl_share: f64) -> bool {
    match (rtl_letters, ltr_letters) {
        (0, 0) => page_rtl_share > 0.5,
        (_, 0) => true,
        (0, _) => false,
        (rtl, ltr) => rtl as f64 / (rtl + ltr) as f64 + page_rtl_share > 1.0,
    }
}

/// Whether `text` is only combining marks (such as Arabic harakat or Hebrew niqqud).
fn marks_only(text: &str) -> bool {
    text.chars().next().is_some_and(|c| !c.is_ascii())
        && text
            .chars()
            .all(unicode_normalization::char::is_combining_mark)
}

/// A line's pieces, given in visual order, in reading (logical) order: `rtl` says
/// whether the line reads right to left.
///
/// Rule L2 of the bidi algorithm (UAX #9) turns the logical order into the visual
/// one by reversing, from the highest level down to the lowest odd one, every run of
/// pieces at that level or higher. We apply that same rule to the visual order, with
/// levels resolved on the visual text itself, and rely on two things:
///
/// - L2 is an involution: reordering the visual sequence, each piece keeping its
///   level, gives back the logical one (tested below);
/// - the levels the algorithm resolves on the visual text are those it resolved on
///   the logical text. That holds for letters (their levels come from their own
///   class), for numbers in a right-to-left line (European and Arabic digits alike
///   are one level up, so "568" stays left to right), for a Latin name in an Arabic
///   line (its letters and the spaces between them are one level up, so it keeps
///   its order) and for spaces and punctuation between runs (rules N1 and N2 look at
///   both neighbours, which a reversal only swaps). It does not always hold for the
///   rules that look one way only: W2 and W7 (a number after Arabic or after Latin
///   letters) and W5 (a percent or currency sign beside a number). In a
///   right-to-left line those decide between levels that L2 treats alike; in a
///   left-to-right line, a number between a Latin word and an Arabic run is kept
///   with the Latin word, which is one of the two readings that look the same.
///
/// A piece of marks alone takes the level of its letter, which comes after it in a
/// right-to-left run and before it in a left-to-right one, so that it follows its
/// letter once reordered (HarfBuzz and a reversed string both put a mark before its
/// letter in right-to-left visual order).
///
/// Gives the text, and, if its right-to-left runs hold brackets, the text with those
/// mirrored and how much better they sit so. Generators differ in what a mirrored
/// bracket stands for in the text layer (the bidi algorithm's rule L4 draws "(" as
/// ")" in right-to-left text): browsers and WeasyPrint map the mirrored glyph to the
/// logical bracket, while text put in visual order before drawing (python-bidi for
/// reportlab) and Word's PDFs hold the mirrored character. [`lay_out`] decides for
/// the whole document, as one generator does it one way throughout.
fn logical_order(pieces: &[&str], rtl: bool) -> (String, Option<(String, isize)>) {
    let visual = pieces.concat();
    let base = if rtl { Level::rtl() } else { Level::ltr() };
    let info = ParagraphBidiInfo::new(&visual, Some(base));
    let mut levels = Vec::with_capacity(pieces.len());
    let mut start = 0;
    for piece in pieces {
        levels.push(info.levels.get(start).copied().unwrap_or(base));
        start += piece.len();
    }
    for (i, piece) in pieces.iter().enumerate() {
        if !marks_only(piece) {
            continue;
        }
        let before = i.checked_sub(1).and_then(|j| levels.get(j)).copied();
        let after = levels.get(i + 1).copied();
        let own = match (before, after) {
            (_, Some(after)) if after.is_rtl() => Some(after),
            (Some(before), _) => Some(before),
            (None, after) => after,
        };
        if let (Some(own), Some(level)) = (own, levels.get_mut(i)) {
            *level = own;
        }
    }
    let order = BidiInfo::reorder_visual(&levels);
    let logical: Vec<(&str, bool)> = order
        .iter()
        .filter_map(|&i| Some((*pieces.get(i)?, levels.get(i)?.is_rtl())))
        .collect();
    let as_is: String = logical.iter().map(|(p, _)| *p).collect();
    if !logical
        .iter()
        .any(|(p, rtl)| *rtl && p.chars().any(|c| mirror(c).is_some()))
    {
        return (as_is, None);
    }
    let mirrored: String = logical
        .iter()
        .flat_map(|(p, rtl)| {
            p.chars()
                .map(move |c| if *rtl { mirror(c).unwrap_or(c) } else { c })
        })
        .collect();
    let gain = bracket_cost(&as_is).cast_signed() - bracket_cost(&mirrored).cast_signed();
    (as_is, Some((mirrored, gain)))
}

/// The bracket that `c` is drawn as in right-to-left text, for the brackets whose
/// direction says which opens (guillemets, which languages use either way round, are
/// left alone).
fn mirror(c: char) -> Option<char> {
    Some(match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        _ => return None,
    })
}

/// How badly the brackets of a line sit in reading order: one for each that is not
/// paired on the line; one for each opening bracket that is at the end or before a
/// space or a punctuation mark, and one if it comes straight after a letter or
/// digit; the same for closing brackets the other way round.
fn bracket_cost(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let mut open: Vec<char> = Vec::new();
    let mut cost = 0;
    let loose = |c: Option<&char>| {
        c.is_none_or(|&c| {
            c.is_whitespace()
                || (c.is_ascii_punctuation() && !"([{<\"'".contains(c))
                || matches!(c, '،' | '؛' | '؟')
        })
    };
    let tight = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric());
    for (i, c) in chars.iter().enumerate() {
        let (before, after) = (
            i.checked_sub(1).and_then(|j| chars.get(j)),
            chars.get(i + 1),
        );
        match c {
            '(' | '[' | '{' | '<' => {
                open.extend(mirror(*c));
                cost += usize::from(loose(after)) + usize::from(tight(before));
            }
            ')' | ']' | '}' | '>' => {
                if open.last() == Some(c) {
                    open.pop();
                } else {
                    cost += 1;
                }
                cost += usize::from(loose(before)) + usize::from(tight(after));
            }
            _ => {}
        }
    }
    cost + open.len()
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

/// Puts a page's lines in reading order, merging pieces of one line. The columns of
/// a two-column part are read left one first, or right one first when most of
/// their letters are right to left.
fn reading_order(mut lines: Vec<Line>) -> Vec<Line> {
    lines.sort_by(|a, b| b.y().total_cmp(&a.y()).then(a.left().total_cmp(&b.left())));
    let mut ordered: Vec<Line> = Vec::new();
    let (mut left, mut right): (Vec<Line>, Vec<Line>) = (Vec::new(), Vec::new());
    let push = |ordered: &mut Vec<Line>, line: Line| {
        if let Some(last) = ordered.last_mut()
            && last.column == line.column
            && (last.y() - line.y()).abs() < 0.3 * last.size().max(line.size())
        {
            // Side by side, the pieces keep their glyphs in drawing order (which
            // puts a mark beside its letter); overlapping, glyphs go left to right.
            if line.right() <= last.left() {
                let mut glyphs = line.glyphs;
                glyphs.append(&mut last.glyphs);
                last.glyphs = glyphs;
            } else {
                let overlap = line.left() < last.right();
                last.glyphs.extend(line.glyphs);
                if overlap {
                    last.glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
                }
            }
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
            for l in columns_in_order(&mut left, &mut right) {
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
    for l in columns_in_order(&mut left, &mut right) {
        push(&mut ordered, l);
    }
    ordered
}

/// The lines of a two-column part, taken from `left` and `right`, column by column:
/// the right column first when most of the part's letters are right to left.
fn columns_in_order(left: &mut Vec<Line>, right: &mut Vec<Line>) -> Vec<Line> {
    let (rtl, ltr) = left
        .iter()
        .chain(right.iter())
        .flat_map(|l| &l.glyphs)
        .map(|g| strong_letters(&g.text))
        .fold((0, 0), |(r, l), (gr, gl)| (r + gr, l + gl));
    let (first, second) = if rtl > ltr {
        (right, left)
    } else {
        (left, right)
    };
    first.drain(..).chain(second.drain(..)).collect()
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

/// The text of a group of lines on one baseline, left to right (right to left on a
/// page that is mostly right to left: `share` is its share of right-to-left letters).
fn group_text(lines: &[Line], group: &[usize], share: f64) -> String {
    let mut members: Vec<&Line> = group.iter().filter_map(|&i| lines.get(i)).collect();
    members.sort_by(|a, b| a.left().total_cmp(&b.left()));
    if share > 0.5 {
        members.reverse();
    }
    members
        .iter()
        .map(|l| l.text(share, None).text)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Drops running headers, footers and page numbers from each page's lines; gives
/// the running header (often the document's title), if there was one.
fn drop_furniture(pages: &mut [Vec<Line>]) -> Option<String> {
    let mut running_header: Option<String> = None;
    let mut seen: [HashMap<String, usize>; 2] = [HashMap::new(), HashMap::new()];
    for lines in pages.iter() {
        let share = rtl_share(lines);
        for (edge, top) in [(0, true), (1, false)] {
            let keys: HashSet<String> = edge_groups(lines, top)
                .iter()
                .map(|g| edge_key(&group_text(lines, g, share)))
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
        let share = rtl_share(lines);
        let mut dropped = HashSet::new();
        for (edge, top) in [(0, true), (1, false)] {
            for group in edge_groups(lines, top) {
                let text = group_text(lines, &group, share);
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
    /// Whether it reads right to left (its start is its right edge).
    rtl: bool,
    /// Its text with the brackets of its right-to-left runs mirrored, and how much
    /// better they sit so (see [`LineText`]).
    mirrored: Option<(String, isize)>,
}

/// Whether `c` ends a sentence (or a heading, a quotation) at the end of a line.
fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']', '*'])
        .ends_with([
            '.', '!', '?', ':', ';', '…', '؟', '؛', '۔', '。', '！', '？',
        ])
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

/// Whether a line starts with a letter of a script without case (Arabic, Hebrew,
/// Chinese, …).
fn starts_caseless(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() && !c.is_lowercase() && !c.is_uppercase())
}

/// Whether the break between `prev` and `next` ends a paragraph; `leading` is the
/// document's usual distance between baselines (of lines that read as `next` does).
fn paragraph_break(prev: &Placed, next: &Placed, leading: Option<f64>) -> bool {
    let size = prev.size.max(next.size);
    let drop = prev.y - next.y;
    // A line starts at its left edge, or its right edge if it reads right to left.
    let room = if prev.rtl {
        prev.left - (prev.column_right - prev.column_width)
    } else {
        prev.column_right - prev.right
    };
    let short = room > (0.15 * prev.column_width).max(3.0 * prev.size);
    let same_flow =
        prev.page == next.page && prev.column == next.column && drop > 0.0 && drop < 2.5 * size;
    if !same_flow {
        // Without case, only a full line that does not end a sentence runs on.
        let runs_on = starts_lower(&next.text) || (!short && starts_caseless(&next.text));
        return !(hyphenated(&prev.text) || (!ends_sentence(&prev.text) && runs_on));
    }
    // A sentence that runs on in lower case from or to a line with right-to-left
    // letters bridges a gap somewhat wider than usual: a line that quotes a phrase
    // in Arabic or Hebrew may be set taller, in that script's font.
    let runs_on = !ends_sentence(&prev.text)
        && starts_lower(&next.text)
        && (strong_letters(&prev.text).0 > 0 || strong_letters(&next.text).0 > 0);
    let wide_gap = match leading {
        Some(leading) => {
            let leading = leading.max(prev.size.min(next.size));
            drop > 1.3 * leading && !(runs_on && drop < 1.8 * leading)
        }
        None => drop > 1.6 * size,
    };
    let size_change = (prev.size - next.size).abs() > 0.1 * size;
    let indented = if next.rtl {
        prev.right - next.right
    } else {
        next.left - prev.left
    } > 0.8 * next.size;
    let starts_capital = next
        .text
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric());
    wide_gap || size_change || indented || (short && (ends_sentence(&prev.text) || starts_capital))
}

/// The usual distance between baselines of consecutive lines in one column, of the
/// lines that read right to left (`rtl`) or of the others: fonts for Arabic set their
/// lines further apart than Latin ones of the same size.
fn usual_leading(lines: &[Placed], rtl: bool) -> Option<f64> {
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for pair in lines.windows(2) {
        if let [a, b] = pair
            && a.rtl == rtl
            && b.rtl == rtl
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
        let share = rtl_share(&lines);
        for line in reading_order(lines) {
            let column = columns.get(&line.column).copied();
            let LineText {
                text,
                mirrored,
                rtl,
            } = line.text(share, column);
            if text.is_empty() {
                continue;
            }
            let (from, to) = column.unwrap_or((line.left(), line.right()));
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
                rtl,
                mirrored,
            });
        }
    }
    // The brackets of right-to-left runs are mirrored throughout when, over the
    // document, that leaves fewer of them unpaired or misplaced.
    let gain: isize = placed
        .iter()
        .filter_map(|p| p.mirrored.as_ref())
        .map(|(_, gain)| gain)
        .sum();
    if gain > 0 {
        for line in &mut placed {
            if let Some((mirrored, _)) = line.mirrored.take() {
                line.text = mirrored;
            }
        }
    }
    let (ltr_leading, rtl_leading) = (usual_leading(&placed, false), usual_leading(&placed, true));
    let mut out = String::new();
    let mut previous: Option<&Placed> = None;
    for line in &placed {
        if let Some(prev) = previous {
            let leading = if line.rtl {
                rtl_leading.or(ltr_leading)
            } else {
                ltr_leading.or(rtl_leading)
            };
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

/// Spells out ligatures, puts presentation forms back as the letters they show,
/// drops soft hyphens and byte order marks, and puts the text in NFC.
///
/// Only these ranges are mapped by compatibility (NFKC), not the whole text, which
/// would also change superscripts, fractions, full-width forms and the like:
/// - U+FB00 to U+FB06, the Latin ligatures (`ﬁ`, `ﬂ`, `ﬀ`, …);
/// - U+FB50 to U+FDFF and U+FE70 to U+FEFE, the Arabic presentation forms: a letter's
///   initial, medial, final or isolated shape, and ligatures such as lam-alef (`ﻻ`,
///   read as lam then alef), which text shaped before it was drawn (as
///   arabic-reshaper does for reportlab) holds instead of letters.
///
/// The Hebrew presentation forms (U+FB1D to U+FB4F) are letters with points, which
/// NFC already decomposes.
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{AD}' | '\u{FEFF}' => {}
            '\u{FB00}'..='\u{FB06}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}' => {
                out.extend(std::iter::once(c).nfkc());
            }
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
    fn arabic_presentation_forms_become_letters() {
        // Lam-alef, then salam in initial, medial, final and isolated forms.
        assert_eq!(clean("\u{FEFB} \u{FEB3}\u{FEFC}\u{FEE1}"), "لا سلام");
        assert_eq!(clean("\u{FEFF}كلمة"), "كلمة");
        // Outside those ranges, compatibility characters are kept.
        assert_eq!(clean("x² ｶ"), "x² ｶ");
    }

    /// Each char of `visual` as a piece of its own.
    fn pieces(visual: &str) -> Vec<&str> {
        visual
            .char_indices()
            .map(|(i, c)| &visual[i..i + c.len_utf8()])
            .collect()
    }

    /// `logical` as the bidi algorithm shows it, left to right (brackets not
    /// mirrored), in a paragraph that reads right to left if `rtl`.
    fn shown(logical: &str, rtl: bool) -> String {
        let level = if rtl { Level::rtl() } else { Level::ltr() };
        let info = BidiInfo::new(logical, Some(level));
        let para = info.paragraphs.first().unwrap();
        info.reorder_line(para, para.range.clone()).into_owned()
    }

    #[test]
    fn reordering_the_visual_order_gives_back_the_logical_order() {
        // Rule L2 is an involution, which `logical_order` relies on: reordering the
        // visual sequence, each element keeping its level, gives back the logical.
        let mut seed = 7_u32;
        for _ in 0..2_000 {
            let levels: Vec<Level> = (0..10)
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    Level::new(((seed >> 16) % 5) as u8).unwrap()
                })
                .collect();
            let shown = BidiInfo::reorder_visual(&levels);
            let visual_levels: Vec<Level> = shown.iter().map(|&i| levels[i]).collect();
            let back: Vec<usize> = BidiInfo::reorder_visual(&visual_levels)
                .iter()
                .map(|&v| shown[v])
                .collect();
            assert_eq!(back, (0..10).collect::<Vec<_>>(), "{levels:?}");
        }
    }

    #[test]
    fn visual_lines_come_back_in_reading_order() {
        for (logical, rtl) in [
            ("قال المتحدث إن 568 مدنيا غادروا المدينة", true),
            ("وأكد الصحفي John Smith من وكالة Reuters أن", true),
            ("لفترة 3.5 ساعات، ثم 1,200 شخص", true),
            ("לפי הדיווח, 24 בתים נפגעו", true),
            (
                "The statement, headed بيان رسمي عاجل in the original, said 568",
                false,
            ),
            ("wrote הגשר נסגר בבוקר on her page", false),
        ] {
            let visual = shown(logical, rtl);
            assert_ne!(visual, logical);
            assert_eq!(logical_order(&pieces(&visual), rtl).0, logical, "{visual}");
        }
    }

    #[test]
    fn a_mark_follows_its_letter() {
        // HarfBuzz draws a haraka before its letter in right-to-left visual order.
        let visual = ["\u{650}", "م", "\u{652}", "س", "\u{650}", "ب"];
        assert_eq!(logical_order(&visual, true).0, "بِسْمِ");
    }

    #[test]
    fn mirrored_brackets_are_put_back_where_they_pair() {
        // python-bidi's visual order with mirrored brackets: "(وفق صور)" shows as
        // "(روص قفو)" read left to right, the right one drawn as "(".
        let (text, mirrored) = logical_order(&pieces("(روص قفو) لاق"), true);
        assert_eq!(text, "قال )وفق صور(");
        let (mirrored, gain) = mirrored.unwrap();
        assert_eq!(mirrored, "قال (وفق صور)");
        assert!(gain > 0);
        // A bracket closed on the next line, beside a number and a comma.
        assert!(bracket_cost("حزيران 1948)،") < bracket_cost("حزيران 1948(،"));
    }

    #[test]
    fn a_line_reads_as_its_letters_and_its_page_lean() {
        // All Arabic, or all Latin, whatever the page.
        assert!(reads_rtl(30, 0, 0.0));
        assert!(!reads_rtl(0, 30, 1.0));
        // An Arabic line with a Latin name in an Arabic article.
        assert!(reads_rtl(40, 15, 0.9));
        // An English line quoting an Arabic phrase in an English report, even a
        // long phrase.
        assert!(!reads_rtl(12, 40, 0.05));
        assert!(!reads_rtl(30, 20, 0.05));
        // The short last line of an Arabic paragraph, a Latin name and a word, set
        // flush right on a page that is not all Arabic.
        assert!(!reads_rtl(3, 9, 0.7));
        assert!(reads_rtl(3, 9, 0.7 + ALIGNMENT_LEAN));
    }

    #[test]
    fn cid_width_ranges_are_spelt_out() {
        let widths = vec![
            Object::Integer(1),
            Object::Array(vec![Object::Integer(300), Object::Integer(400)]),
            Object::Integer(5),
            Object::Integer(7),
            Object::Integer(500),
        ];
        let mut budget = 100;
        let spelt = spelt_out_widths(&widths, &mut budget).unwrap();
        assert_eq!(spelt.len(), 4);
        assert_eq!(spelt[3], Object::Array(vec![Object::Integer(500); 3]));
        assert_eq!(budget, 97);
        // Too many, or not numbers: left as they are.
        let huge = [
            Object::Integer(0),
            Object::Integer(1 << 30),
            Object::Integer(500),
        ];
        assert_eq!(spelt_out_widths(&huge, &mut budget), None);
        assert_eq!(spelt_out_widths(&widths[..2], &mut budget), None);
    }

    #[test]
    fn hyphens_at_line_ends_are_seen() {
        assert!(hyphenated("broad-"));
        assert!(hyphenated("broad\u{AD}"));
        assert!(!hyphenated("1990 -"));
        assert!(!hyphenated("—"));
    }
}
