//! PDF import: the text layer comes back in reading order, as paragraphs, without
//! running headers, footers or page numbers, with its metadata; right-to-left text
//! (Arabic, Hebrew, and either quoted in English) comes back in logical order from
//! the PDFs that reportlab, WeasyPrint, Chromium and Word make; PDFs without text,
//! behind a password or broken give their own errors, and hostile ones never hang.
//!
//! The fixtures in tests/fixtures/pdf are made by make.py there, which also writes the
//! text each PDF shows (`NAME.txt`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

use std::collections::HashMap;
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use flate2::Compression;
use flate2::write::ZlibEncoder;
use triangulate::io::pdf::{PdfError, PdfText, read_pdf};

// --- Helpers ---------------------------------------------------------------------------

fn fixture(name: &str) -> Vec<u8> {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures", "pdf", name]
        .iter()
        .collect();
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn expected_text(name: &str) -> String {
    String::from_utf8(fixture(name)).unwrap().trim().to_owned()
}

fn read(name: &str) -> PdfText {
    read_pdf(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Lower-cased runs of letters and digits (as examples/extraction_quality.rs counts them).
fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Token F1 of `found` against `expected`, over token multisets.
fn token_f1(found: &str, expected: &str) -> f64 {
    let (found, expected) = (tokens(found), tokens(expected));
    let mut counts: HashMap<&str, i64> = HashMap::new();
    for t in &expected {
        *counts.entry(t).or_default() += 1;
    }
    let mut common = 0;
    for t in &found {
        if let Some(n) = counts.get_mut(t.as_str())
            && *n > 0
        {
            *n -= 1;
            common += 1;
        }
    }
    if common == 0 {
        return 0.0;
    }
    let precision = f64::from(common) / found.len() as f64;
    let recall = f64::from(common) / expected.len() as f64;
    2.0 * precision * recall / (precision + recall)
}

/// The share of tokens that come in the same order in both texts: twice the longest
/// common subsequence over the two lengths, so a text out of order scores low.
fn order_score(found: &str, expected: &str) -> f64 {
    let (found, expected) = (tokens(found), tokens(expected));
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &expected, &found);
    let same: usize = ops
        .iter()
        .filter_map(|op| match op {
            similar::DiffOp::Equal { len, .. } => Some(*len),
            _ => None,
        })
        .sum();
    2.0 * same as f64 / (found.len() + expected.len()) as f64
}

/// The text of a one-page PDF from numbered objects (object 1 is the catalogue), with
/// a correct cross-reference table.
fn pdf_from_objects(objects: &[&str]) -> Vec<u8> {
    let objects: Vec<Vec<u8>> = objects.iter().map(|o| o.as_bytes().to_vec()).collect();
    pdf_from_binary_objects(&objects)
}

/// [`pdf_from_objects`] for objects that may hold binary streams.
fn pdf_from_binary_objects(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(object);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A stream object holding the binary `content`.
fn binary_stream(dict: &str, content: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dict} /Length {} >>\nstream\n", content.len()).into_bytes();
    out.extend_from_slice(content);
    out.extend_from_slice(b"\nendstream");
    out
}

/// `bytes` compressed with zlib.
fn zlib(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// Zlib data that inflates to 1 GiB of zeros (about 1 MiB), made once a MiB at a time.
fn zlib_bomb() -> &'static [u8] {
    static BOMB: OnceLock<Vec<u8>> = OnceLock::new();
    BOMB.get_or_init(|| {
        let zeros = vec![0_u8; 1 << 20];
        let mut encoder = ZlibEncoder::new(Vec::new(), Compression::best());
        for _ in 0..1 << 10 {
            encoder.write_all(&zeros).unwrap();
        }
        encoder.finish().unwrap()
    })
}

/// A one-page PDF whose page content is the compressed stream `content`
/// (`dict` holding its /Filter and /DecodeParms), with Helvetica as /F1 and `more`
/// objects after the font.
fn one_compressed_page(dict: &str, content: &[u8], more: Vec<Vec<u8>>) -> Vec<u8> {
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 4 0 R \
           /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_vec(),
        binary_stream(dict, content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
    ];
    objects.extend(more);
    pdf_from_binary_objects(&objects)
}

/// A stream object holding `content`.
fn stream(dict: &str, content: &str) -> String {
    format!(
        "<< {dict} /Length {} >>\nstream\n{content}\nendstream",
        content.len()
    )
}

/// A page drawing `content` with Helvetica as /F1 and `xobjects` as its XObjects.
fn one_page(content: &str, xobjects: &str, more: &[String]) -> Vec<u8> {
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 4 0 R \
             /Resources << /Font << /F1 5 0 R >> /XObject << {xobjects} >> >> >>"
        ),
        stream("", content),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_owned(),
    ];
    objects.extend(more.iter().cloned());
    let refs: Vec<&str> = objects.iter().map(String::as_str).collect();
    pdf_from_objects(&refs)
}

// --- The text --------------------------------------------------------------------------

#[test]
fn a_report_reads_as_its_paragraphs() {
    let pdf = read("report.pdf");
    let expected = expected_text("report.txt");
    let paragraphs: Vec<&str> = pdf.text.split("\n\n").collect();
    let expected_paragraphs: Vec<&str> = expected.split("\n\n").collect();
    assert_eq!(paragraphs, expected_paragraphs);
    assert!(token_f1(&pdf.text, &expected) >= 0.95);
    assert!(order_score(&pdf.text, &expected) >= 0.95);
}

#[test]
fn running_headers_footers_and_page_numbers_are_dropped() {
    let pdf = read("report.pdf");
    assert_eq!(pdf.pages, 2);
    assert!(!pdf.text.contains("Field report ·"), "{}", pdf.text);
    assert!(!pdf.text.contains("Page 1"), "{}", pdf.text);
    assert!(!pdf.text.contains("Page 2"), "{}", pdf.text);
}

#[test]
fn words_hyphenated_at_line_ends_are_rejoined() {
    let pdf = read("report.pdf");
    // make.py breaks these words at the end of a line ("broad-" / "caster").
    for word in ["broadcaster,", "corroboration", "reporting", "undermining"] {
        assert!(
            pdf.text.split_whitespace().any(|w| w == word),
            "{word} is missing from:\n{}",
            pdf.text
        );
    }
    assert!(!pdf.text.contains("- "), "{}", pdf.text);
}

#[test]
fn ligatures_are_spelt_out_and_other_scripts_kept() {
    let pdf = read("report.pdf");
    assert!(pdf.text.contains("The first account"));
    assert!(pdf.text.contains("photographed flooding"));
    assert!(pdf.text.contains("misidentified the date"));
    assert!(!pdf.text.contains(['\u{FB01}', '\u{FB02}']));
    assert!(pdf.text.contains("Les témoins à Zürich et à Łódź"));
    // The Cyrillic paragraph runs over the page break and is joined again.
    assert!(pdf.text.contains("перенаправлено через соседний район."));
}

#[test]
fn metadata_is_read() {
    let pdf = read("report.pdf");
    assert_eq!(
        pdf.title.as_deref(),
        Some("River crossings: a field report")
    );
    assert_eq!(pdf.author.as_deref(), Some("Olena Marchenko"));
    assert_eq!(pdf.published.as_deref(), Some("2022-06-13"));
    assert_eq!(pdf.language.as_deref(), Some("en-GB"));
}

#[test]
fn two_columns_stored_line_by_line_are_read_column_by_column() {
    let pdf = read("columns.pdf");
    let expected = expected_text("columns.txt");
    assert_eq!(pdf.text, expected);
    assert!(token_f1(&pdf.text, &expected) >= 0.95);
    assert!(order_score(&pdf.text, &expected) >= 0.95);
}

#[test]
fn a_pdf_with_an_owner_password_only_is_read() {
    let pdf = read("permissions.pdf");
    assert_eq!(pdf.text, read("report.pdf").text);
}

// --- Right-to-left text ----------------------------------------------------------------

/// Whether `text` holds an Arabic presentation form (a shaped letter) or a ligature.
fn has_presentation_forms(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}'))
}

/// Reads a fixture and checks it gives exactly its .txt, paragraph by paragraph.
fn read_as_expected(name: &str) -> String {
    let pdf = read(&format!("{name}.pdf"));
    let expected = expected_text(&format!("{name}.txt"));
    let paragraphs: Vec<&str> = pdf.text.split("\n\n").collect();
    let expected_paragraphs: Vec<&str> = expected.split("\n\n").collect();
    assert_eq!(paragraphs, expected_paragraphs, "{name}.pdf");
    assert!(token_f1(&pdf.text, &expected) >= 0.95, "{name}.pdf");
    assert!(order_score(&pdf.text, &expected) >= 0.95, "{name}.pdf");
    pdf.text
}

#[test]
fn an_arabic_pdf_shaped_and_in_visual_order_reads_in_logical_order() {
    // reportlab with arabic-reshaper and python-bidi: presentation forms, lines in
    // visual order, brackets mirrored.
    let text = read_as_expected("arabic");
    assert!(text.starts_with("إغلاق الجسر الشمالي"), "{text}");
    assert!(
        text.contains("قال المتحدث باسم الدفاع المدني إن 568 مدنيا"),
        "{text}"
    );
    assert!(!text.contains("865"), "a number is reversed: {text}");
    assert!(
        text.contains("وأكد الصحفي John Smith من وكالة Reuters أن"),
        "{text}"
    );
    assert!(text.contains("(وفق صور التقطها متطوعون)"), "{text}");
    // Lam-alef ligatures, spelt as lam then alef.
    assert!(text.contains("لا توجد حتى الآن أدلة"), "{text}");
    assert!(!has_presentation_forms(&text), "{text}");
}

#[test]
fn a_right_to_left_page_in_two_columns_reads_the_right_column_first() {
    let text = read("arabic.pdf").text;
    let right = text.find("وصل أول تقرير").unwrap();
    let right_end = text.find("والخبز على العائلات.").unwrap();
    let left = text.find("أما الرسائل التي وصلت").unwrap();
    assert!(right < right_end && right_end < left, "{text}");
    assert!(text.contains("وذكر تقرير ثان أن 120 عائلة"), "{text}");
}

#[test]
fn a_hebrew_pdf_in_visual_order_reads_in_logical_order() {
    let text = read_as_expected("hebrew");
    assert!(text.contains("לפי הדיווח, 24 בתים נפגעו"), "{text}");
    assert!(!text.contains("42"), "a number is reversed: {text}");
    assert!(text.contains("הכתב David Levi מסוכנות AP אמר"), "{text}");
    assert!(text.contains("(לפי תמונות של מתנדבים)"), "{text}");
}

#[test]
fn an_english_report_quoting_arabic_and_hebrew_keeps_each_in_order() {
    let text = read_as_expected("mixed");
    assert!(
        text.contains("The civil defence statement, headed بيان رسمي عاجل in the original, said that 568 civilians"),
        "{text}"
    );
    assert!(text.contains("wrote הגשר נסגר בבוקר on her page"), "{text}");
}

#[test]
fn a_browser_made_pdf_with_shaped_glyphs_reads_in_logical_order() {
    // WeasyPrint (HarfBuzz): the font's own joined glyphs in visual order, each
    // mapped to the letters it stands for (the lam-alef glyph to lam then alef),
    // harakat as glyphs of their own, brackets mapped to the logical ones.
    let text = read_as_expected("browser");
    assert!(text.contains("إن 568 مدنيا غادروا"), "{text}");
    assert!(
        text.contains("الصحفي John Smith من وكالة Reuters"),
        "{text}"
    );
    assert!(text.contains("(وفق صور التقطها متطوعون)"), "{text}");
    assert!(text.contains("قبل إغلاق الجسر"), "{text}");
    assert!(text.contains("قالَ شاهدٌ إنّ الجسرَ أُغلِق قبل الفجر."), "{text}");
    assert!(text.contains("לפי הדיווח, 24 בתים"), "{text}");
    assert!(
        text.contains("headed بيان رسمي عاجل in the original"),
        "{text}"
    );
}

#[test]
fn a_pdf_printed_by_chromium_reads_in_logical_order() {
    // Skia's PDF backend: shaped glyphs in visual order, each mapped to its
    // cluster's letters. One paragraph's short last line is mostly a Latin name.
    let text = read_as_expected("chromium");
    assert!(text.contains("وأكد الصحفي John Smith ذلك."), "{text}");
    assert!(text.contains("(وفق صور التقطها متطوعون)"), "{text}");
    assert!(text.contains("قالَ شاهدٌ إنّ الجسرَ أُغلِق قبل الفجر."), "{text}");
    assert!(text.contains("לפי הדיווח, 24 בתים"), "{text}");
    assert!(!has_presentation_forms(&text), "{text}");
}

/// A page drawing `content` with /F1, a CID font (Identity-H) whose codes 1 to 8
/// are 500 units wide, given as one `first last width` range, and which stand for
/// `letters` (the code is the place in the list, from 1).
fn page_with_a_cid_font(content: &str, letters: &[char]) -> Vec<u8> {
    let map: String = letters
        .iter()
        .enumerate()
        .map(|(i, c)| format!("<{:04X}> <{:04X}>\n", i + 1, u32::from(*c)))
        .collect();
    let cmap = format!(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap \
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def \
         /CMapName /Adobe-Identity-UCS def /CMapType 2 def \
         1 begincodespacerange <0000> <FFFF> endcodespacerange \
         {} beginbfchar\n{map}endbfchar endcmap \
         CMapName currentdict /CMap defineresource pop end end",
        letters.len()
    );
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        stream("", content),
        "<< /Type /Font /Subtype /Type0 /BaseFont /Test /Encoding /Identity-H \
         /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>"
            .to_owned(),
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Test \
         /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
         /FontDescriptor 8 0 R /DW 1000 /W [1 8 500] >>"
            .to_owned(),
        stream("", &cmap),
        "<< /Type /FontDescriptor /FontName /Test /Flags 4 /FontBBox [0 0 1000 1000] \
         /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>"
            .to_owned(),
    ];
    let refs: Vec<&str> = objects.iter().map(String::as_str).collect();
    pdf_from_objects(&refs)
}

#[test]
fn widths_of_a_cid_font_given_as_a_range_are_read() {
    // "water" is five letters of 6 points, and "rose" starts 3 points after it;
    // read with the default width (1,000 units), "water" would run over "rose".
    let pdf = page_with_a_cid_font(
        "BT /F1 12 Tf 40 200 Td <00010002000300040005> Tj ET \
         BT /F1 12 Tf 73 200 Td <0005000600070004> Tj ET",
        &['w', 'a', 't', 'e', 'r', 'o', 's'],
    );
    assert_eq!(read_pdf(&pdf).unwrap().text, "water rose");
}

#[test]
fn arabic_words_drawn_one_by_one_in_reading_order_are_read() {
    // As Word's PDFs draw them: the words from right to left, each word's shaped
    // letters (presentation forms) from left to right. "سلام لكم": م ا ل س, then
    // م ك ل further left.
    let letters = [
        '\u{FEE1}', '\u{FE8E}', '\u{FEE0}', '\u{FEB3}', '\u{FEDF}', '\u{FEDC}', '\u{FEE2}',
    ];
    let pdf = page_with_a_cid_font(
        "BT /F1 12 Tf 236 200 Td <0001000200030004> Tj ET \
         BT /F1 12 Tf 215 200 Td <000700060005> Tj ET",
        &letters,
    );
    assert_eq!(read_pdf(&pdf).unwrap().text, "سلام لكم");
}

// --- What cannot be read ---------------------------------------------------------------

#[test]
fn a_scan_has_no_text_layer() {
    let err = read_pdf(&fixture("scanned.pdf")).unwrap_err();
    assert_eq!(err, PdfError::NoTextLayer { pages: 1 });
    let message = err.to_string();
    assert!(message.contains("no text layer"), "{message}");
    assert!(message.contains("OCR"), "{message}");
}

#[test]
fn a_pdf_behind_a_password_is_refused() {
    let err = read_pdf(&fixture("encrypted.pdf")).unwrap_err();
    assert_eq!(err, PdfError::Encrypted);
    assert!(err.to_string().contains("password"), "{err}");
}

#[test]
fn a_truncated_pdf_is_broken() {
    let err = read_pdf(&fixture("broken.pdf")).unwrap_err();
    assert!(matches!(err, PdfError::Broken(_)), "{err:?}");
    assert!(err.to_string().contains("damaged"), "{err}");
}

#[test]
fn bytes_that_are_not_a_pdf_are_broken() {
    for bytes in [
        &b""[..],
        b"hello",
        b"%PDF-1.7\n",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog",
    ] {
        let err = read_pdf(bytes).unwrap_err();
        assert!(matches!(err, PdfError::Broken(_)), "{bytes:?}: {err:?}");
    }
}

#[test]
fn every_cut_of_a_pdf_gives_text_or_an_error_quickly() {
    let bytes = fixture("report.pdf");
    for cut in (0..bytes.len()).step_by(bytes.len() / 40) {
        let started = Instant::now();
        let _ = read_pdf(&bytes[..cut]);
        assert!(started.elapsed() < Duration::from_secs(5), "cut at {cut}");
    }
}

#[test]
fn a_hand_written_page_is_read() {
    let pdf = one_page(
        "BT /F1 12 Tf 40 200 Td (Plain text on a page.) Tj ET",
        "",
        &[],
    );
    assert_eq!(read_pdf(&pdf).unwrap().text, "Plain text on a page.");
}

#[test]
fn a_drawing_that_draws_itself_is_refused_not_a_stack_overflow() {
    let form = stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X 6 0 R >> >>",
        "/X Do",
    );
    let pdf = one_page("/X Do", "/X 6 0 R", &[form]);
    let err = read_pdf(&pdf).unwrap_err();
    assert!(matches!(err, PdfError::Broken(_)), "{err:?}");
}

#[test]
fn drawings_nested_many_times_over_are_too_complex() {
    // Each form draws the next one ten times: 10^8 drawings from a few hundred bytes.
    let mut forms = Vec::new();
    for level in 0..8 {
        let next = 6 + level + 1;
        let content = if level == 7 {
            "BT /F1 12 Tf 40 200 Td (deep) Tj ET".to_owned()
        } else {
            "/X Do ".repeat(10)
        };
        forms.push(stream(
            &format!(
                "/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X {next} 0 R >> >>"
            ),
            &content,
        ));
    }
    let pdf = one_page("/X Do", "/X 6 0 R", &forms);
    let started = Instant::now();
    let err = read_pdf(&pdf).unwrap_err();
    assert!(matches!(err, PdfError::TooComplex(_)), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

// --- Compressed streams ----------------------------------------------------------------

/// The drawing of a page that shows one line of text.
const ONE_LINE: &[u8] = b"BT /F1 12 Tf 40 200 Td (Compressed text on a page.) Tj ET";

#[test]
fn a_compressed_page_is_read() {
    let pdf = one_compressed_page("/Filter /FlateDecode", &zlib(ONE_LINE), Vec::new());
    assert_eq!(read_pdf(&pdf).unwrap().text, "Compressed text on a page.");
    // As a one-filter array, and as raw deflate without the zlib checksum (lopdf
    // tolerates both).
    let pdf = one_compressed_page("/Filter [/FlateDecode]", &zlib(ONE_LINE), Vec::new());
    assert_eq!(read_pdf(&pdf).unwrap().text, "Compressed text on a page.");
    let mut no_checksum = zlib(ONE_LINE);
    no_checksum.truncate(no_checksum.len() - 4);
    let pdf = one_compressed_page("/Filter /FlateDecode", &no_checksum, Vec::new());
    assert_eq!(read_pdf(&pdf).unwrap().text, "Compressed text on a page.");
}

#[test]
fn a_compressed_page_with_a_png_predictor_is_read() {
    // Rows of eight bytes, each after its PNG filter byte: 2 (Up) adds the row above.
    let columns = 8;
    let mut padded = ONE_LINE.to_vec();
    padded.resize(ONE_LINE.len().div_ceil(columns) * columns, b' ');
    let mut predicted = Vec::new();
    let mut above = vec![0_u8; columns];
    for row in padded.chunks(columns) {
        predicted.push(2);
        predicted.extend(row.iter().zip(&above).map(|(b, a)| b.wrapping_sub(*a)));
        above = row.to_vec();
    }
    let pdf = one_compressed_page(
        "/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 8 >>",
        &zlib(&predicted),
        Vec::new(),
    );
    assert_eq!(read_pdf(&pdf).unwrap().text, "Compressed text on a page.");
}

#[test]
fn a_page_that_inflates_to_gigabytes_is_too_complex_and_refused_quickly() {
    let bomb = zlib_bomb();
    assert!(bomb.len() < 2 << 20, "{} bytes", bomb.len());
    for filter in [
        "/FlateDecode",
        "[/FlateDecode]",
        "[/FlateDecode /DCTDecode]",
    ] {
        let pdf = one_compressed_page(&format!("/Filter {filter}"), bomb, Vec::new());
        let started = Instant::now();
        let result = read_pdf(&pdf);
        let elapsed = started.elapsed();
        if filter.contains("DCT") {
            // lopdf cannot decode the chain, so the stream is read raw and never
            // inflated: nothing to refuse, and nothing to read.
            assert!(result.is_err(), "{filter}");
        } else {
            let err = result.unwrap_err();
            assert!(matches!(err, PdfError::TooComplex(_)), "{filter}: {err:?}");
            assert!(err.to_string().contains("inflates to more than"), "{err}");
        }
        assert!(elapsed < Duration::from_secs(5), "{filter}: {elapsed:?}");
    }
}

#[test]
fn a_font_or_drawing_that_inflates_to_gigabytes_is_too_complex() {
    // A form XObject (drawn by no page) and an object stream: the second is inflated
    // while the file loads.
    let bomb = zlib_bomb();
    for dict in [
        "/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Filter /FlateDecode",
        "/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode",
    ] {
        let pdf = one_compressed_page(
            "/Filter /FlateDecode",
            &zlib(ONE_LINE),
            vec![binary_stream(dict, bomb)],
        );
        let started = Instant::now();
        let err = read_pdf(&pdf).unwrap_err();
        assert!(matches!(err, PdfError::TooComplex(_)), "{dict}: {err:?}");
        assert!(started.elapsed() < Duration::from_secs(5), "{dict}");
    }
}

#[test]
fn images_are_not_inflated() {
    // An image that inflates to gigabytes is never read: the page's text is.
    let image = binary_stream(
        "/Type /XObject /Subtype /Image /Width 32768 /Height 32768 /ColorSpace /DeviceGray \
         /BitsPerComponent 8 /Filter /FlateDecode",
        zlib_bomb(),
    );
    let content = b"q 10 0 0 10 0 0 cm /Im1 Do Q BT /F1 12 Tf 40 200 Td (Beside a picture.) Tj ET";
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 4 0 R \
           /Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> >>"
            .to_vec(),
        binary_stream("/Filter /FlateDecode", &zlib(content)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
    ];
    objects.push(image);
    let started = Instant::now();
    let pdf = read_pdf(&pdf_from_binary_objects(&objects)).unwrap();
    assert_eq!(pdf.text, "Beside a picture.");
    assert!(started.elapsed() < Duration::from_secs(5));
}

/// Three pages under one running header, and no `/Info` at all.
fn pages_under_a_running_header(header: &str) -> Vec<u8> {
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [4 0 R 6 0 R 8 0 R] /Count 3 >>".to_owned(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_owned(),
    ];
    for page in 0..3 {
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents {} 0 R \
             /Resources << /Font << /F1 3 0 R >> >> >>",
            5 + 2 * page
        ));
        objects.push(stream(
            "",
            &format!(
                "BT /F1 9 Tf 72 770 Td ({header} {}) Tj ET \
                 BT /F1 12 Tf 72 700 Td ({}) Tj ET \
                 BT /F1 12 Tf 72 680 Td (and a second line that goes on about it.) Tj ET \
                 BT /F1 12 Tf 72 660 Td (Then a third line, the last one here.) Tj ET",
                page + 1,
                [
                    "Water rose on the first night.",
                    "Bridges closed the next morning.",
                    "Officials spoke of maintenance."
                ][page]
            ),
        ));
    }
    let refs: Vec<&str> = objects.iter().map(String::as_str).collect();
    pdf_from_objects(&refs)
}

#[test]
fn without_a_title_in_its_metadata_a_pdf_is_named_by_its_running_header() {
    let read = read_pdf(&pages_under_a_running_header("Shared MIME-info Database")).unwrap();
    assert_eq!(read.title.as_deref(), Some("Shared MIME-info Database"));
    assert!(
        !read.text.contains("MIME-info"),
        "the header is still dropped: {}",
        read.text
    );
    // A header that is not words (a date, a number) names nothing.
    let read = read_pdf(&pages_under_a_running_header("2022-06-13")).unwrap();
    assert_eq!(read.title, None);
}
