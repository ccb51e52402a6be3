//! Exports keep every script intact (issue 15, part 5): claims on Arabic, Hebrew,
//! Persian, Chinese, Japanese and English text, each after emoji that take two UTF-16
//! units or several code points (🇺🇦, ✊🏻, 👨‍👩‍👧, 𝕏), come out of every format with
//! positions that slice the document's text to the exact quote, and with every
//! character of their text as it was. The CSV byte-order mark is there when asked
//! for, and the HTML report declares the direction of right-to-left text.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read as _;
use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;
use triangulate::edit;
use triangulate::export::report::{escape_html, escape_markdown};
use triangulate::export::{self, ExportOptions, Format, document_iri, w3c};
use triangulate::io::project_file;
use triangulate::model::{
    CharRange, Claim, Colour, Document, Project, Proposition, Source, Stance, Tag, slice,
};

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// One document of the test project: title, language and text.
const DOCUMENTS: [(&str, &str, &str); 6] = [
    (
        "تقرير الحاكم",
        "ar",
        "🇺🇦✊🏻 👨‍👩‍👧 𝕏\nهل سقطت المدينة؟ قال الحاكم سيرهي غايداي إن 568 مدنياً ما زالوا في مصنع أزوت. وقالت وكالة تاس إن المدينة محاصرة.",
    ),
    (
        "דיווח",
        "he",
        "𝕏 👨‍👩‍👧 ✊🏻\nלפי הדיווח, 24 אזרחים נותרו במפעל אזוט.",
    ),
    (
        "گزارش",
        "fa",
        "📍🇺🇦 𝕏\n۵۶۸ غیرنظامی در کارخانه آزوت پناه گرفته‌اند.",
    ),
    (
        "塔斯社报道",
        "zh",
        "🇺🇦✊🏻 北顿涅茨克 👨‍👩‍👧\n北顿涅茨克仍在激战。据塔斯社报道，约有1200名平民在阿佐特工厂避难。",
    ),
    (
        "セヴェロドネツク",
        "ja",
        "👨‍👩‍👧🇺🇦𝕏\n市は包囲された。アゾト工場には約500人の民間人が避難している。",
    ),
    (
        "Severodonetsk update",
        "en",
        "✊🏻🇺🇦 Update 𝕏\nHaidai said 568 civilians remain; TASS wrote «المدينة محاصرة» on Tuesday.\n👨‍👩‍👧 Families 🇺🇦 wait.",
    ),
];

/// A claim to make: the document (index into [`DOCUMENTS`]), its quote (found in the
/// text), and its source, tags, note and value.
struct Wanted {
    document: usize,
    quote: &'static str,
    source: &'static str,
    tags: &'static [&'static str],
    note: &'static str,
    value: &'static str,
}

const CLAIMS: [Wanted; 9] = [
    Wanted {
        document: 0,
        quote: "568 مدنياً",
        source: "سيرهي غايداي",
        tags: &["مدنيون/ملاجئ", "平民/避难"],
        note: "ملاحظة: الرقم 568 ✊🏻 𝕏",
        value: "568",
    },
    Wanted {
        document: 0,
        quote: "المدينة محاصرة",
        source: "وكالة تاس",
        tags: &[],
        note: "",
        value: "",
    },
    Wanted {
        document: 1,
        quote: "24 אזרחים",
        source: "סוכנות הידיעות",
        tags: &["אזרחים"],
        note: "הערה 👨‍👩‍👧",
        value: "24",
    },
    Wanted {
        document: 2,
        quote: "کارخانه آزوت پناه گرفته‌اند",
        source: "خبرگزاری",
        tags: &[],
        note: "",
        value: "۵۶۸",
    },
    Wanted {
        document: 3,
        quote: "1200名平民",
        source: "塔斯社",
        tags: &["平民/避难"],
        note: "注意🇺🇦",
        value: "1200",
    },
    Wanted {
        document: 4,
        quote: "約500人の民間人",
        source: "タス通信",
        tags: &[],
        note: "",
        value: "500",
    },
    Wanted {
        document: 5,
        quote: "568 civilians",
        source: "Serhiy Haidai",
        tags: &["civilians/sheltering"],
        note: "Matches the Arabic report",
        value: "568",
    },
    Wanted {
        document: 5,
        quote: "المدينة محاصرة",
        source: "TASS",
        tags: &[],
        note: "",
        value: "",
    },
    Wanted {
        document: 5,
        quote: "👨‍👩‍👧 Families 🇺🇦",
        source: "",
        tags: &[],
        note: "",
        value: "",
    },
];

/// The project: the documents above, a claim for each [`Wanted`], sources, tags and a
/// proposition named in the scripts, a description with an English and an Arabic
/// paragraph.
fn scripts_project() -> Project {
    let mut project = Project::new("Severodonetsk in six scripts");
    project.description =
        "Reports in six scripts.\n\nتقارير بست لغات عن معركة سيفيرودونيتسك.".into();
    for (title, language, text) in DOCUMENTS {
        let mut document = Document::new(title, text);
        document.language = language.into();
        document.outlet = format!("Outlet {language}");
        assert_eq!(document.text, text, "the test texts are already normalised");
        project.documents.push(document);
    }
    let proposition = Proposition::new("مدنيون في مصنع أزوت");
    let proposition_id = proposition.id;
    project.propositions.push(proposition);
    for wanted in &CLAIMS {
        let document = &project.documents[wanted.document];
        let at = document
            .text
            .find(wanted.quote)
            .expect("the quote is in its text");
        let start = document.text[..at].chars().count();
        let range = CharRange::new(start, start + wanted.quote.chars().count());
        let mut claim = Claim::new(document, range, "Тестер 𝕏").expect("a claim");
        if !wanted.source.is_empty() {
            let id = match project.source_by_name(wanted.source) {
                Some(source) => source.id,
                None => {
                    let source = Source::new(wanted.source);
                    let id = source.id;
                    project.sources.push(source);
                    id
                }
            };
            claim.source = Some(id);
        }
        for path in wanted.tags {
            let id = match project.tag_by_path(path) {
                Some(tag) => tag.id,
                None => {
                    let tag = Tag::new(*path, Colour::palette(project.tags.len()));
                    let id = tag.id;
                    project.tags.push(tag);
                    id
                }
            };
            claim.tags.push(id);
        }
        claim.note = wanted.note.into();
        claim.value = wanted.value.into();
        claim.stance = Some(Stance::SUPPORTS);
        claim.proposition = Some(proposition_id);
        project.claims.push(claim);
    }
    project
}

fn options() -> ExportOptions {
    ExportOptions {
        generated: "2026-11-30T12:00:00Z".into(),
        ..ExportOptions::default()
    }
}

fn export_all(project: &Project, format: Format) -> Vec<u8> {
    let all: Vec<usize> = (0..project.claims.len()).collect();
    export::export(project, &all, format, &options()).expect("exports")
}

fn utf8(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).expect("the export is UTF-8")
}

/// The document a claim is on.
fn document_of<'a>(project: &'a Project, claim: &Claim) -> &'a Document {
    project
        .document(claim.document)
        .expect("the claim's document")
}

/// Checks that `start..end` of `text` is `quote` and that `quote` is the claim's, byte for byte.
#[track_caller]
fn assert_round_trip(
    format: &str,
    text: &str,
    start: usize,
    end: usize,
    quote: &str,
    claim: &Claim,
) {
    assert_eq!(
        slice(text, CharRange::new(start, end)),
        Some(quote),
        "{format}: {start}..{end} does not slice the text to the quote"
    );
    assert_eq!(
        quote.as_bytes(),
        claim.quote.exact.as_bytes(),
        "{format}: the quote changed"
    );
    assert_eq!(
        (start, end),
        (claim.range.start, claim.range.end),
        "{format}: the position changed"
    );
}

/// No sign of text decoded with the wrong encoding, or of characters lost.
#[track_caller]
fn assert_no_mojibake(format: &str, text: &str) {
    // U+FFFD stands for bytes that were not UTF-8; the others are how Latin, Arabic,
    // Japanese and punctuation look when UTF-8 is read as Latin-1 or Windows-1252.
    for sign in ["\u{FFFD}", "Ã", "Ø§", "Ù„", "ã€", "â€"] {
        assert!(
            !text.contains(sign),
            "{format}: mojibake ({sign:?}) in the export"
        );
    }
}

/// Each claim's text that every text export must hold as it is: source, note, tags
/// (whole paths, or each level's name where the format nests them as a tree).
fn assert_names_intact(format: &str, text: &str, escape: fn(&str) -> String, tree: bool) {
    for wanted in &CLAIMS {
        let tags = wanted.tags.iter().flat_map(|path| {
            if tree {
                path.split('/').collect()
            } else {
                vec![*path]
            }
        });
        for name in [wanted.source, wanted.note]
            .into_iter()
            .chain(tags)
            .filter(|n| !n.is_empty())
        {
            assert!(text.contains(&escape(name)), "{format}: {name} is missing");
        }
    }
}

#[test]
fn the_test_texts_trip_up_any_other_unit_than_characters() {
    // Every claim lies after astral or multi-code-point emoji, so a position counted in
    // bytes or in UTF-16 units would differ from the one in characters: the tests
    // below would catch a format that counts the wrong thing.
    let project = scripts_project();
    for claim in &project.claims {
        let text = &document_of(&project, claim).text;
        let before: String = text.chars().take(claim.range.start).collect();
        let utf16 = before.encode_utf16().count();
        assert!(utf16 > claim.range.start, "{}", claim.quote.exact);
        assert!(before.len() > utf16, "{}", claim.quote.exact);
        assert_eq!(slice(text, claim.range), Some(claim.quote.exact.as_str()));
    }
    assert_eq!(project.claims.len(), CLAIMS.len());
}

// ---------------------------------------------------------------------------
// CSV

fn parse_csv(bytes: &[u8]) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.expect("row").iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

#[test]
fn csv_positions_slice_the_text_to_the_quote() {
    let project = scripts_project();
    let bytes = export_all(&project, Format::Csv);
    assert!(!bytes.starts_with(BOM), "no BOM unless asked for");
    let csv_text = utf8(bytes.clone());
    assert_no_mojibake("CSV", &csv_text);
    assert_names_intact("CSV", &csv_text, str::to_owned, false);
    let rows = parse_csv(&bytes);
    assert_eq!(rows.len(), project.claims.len());
    for (row, claim) in rows.iter().zip(&project.claims) {
        assert_eq!(row["claim_id"], claim.id.to_string());
        let start: usize = row["char_start"].parse().expect("a number");
        let end: usize = row["char_end"].parse().expect("a number");
        let text = &document_of(&project, claim).text;
        assert_round_trip("CSV", text, start, end, &row["quote"], claim);
        assert_eq!(row["source"], project.asserted_by(claim));
        assert_eq!(row["note"], claim.note);
        assert_eq!(row["value"], claim.value);
        assert_eq!(row["annotator"], "Тестер 𝕏");
    }
}

#[test]
fn csv_starts_with_a_byte_order_mark_when_asked() {
    let project = scripts_project();
    let all: Vec<usize> = (0..project.claims.len()).collect();
    let with_bom = ExportOptions {
        bom: true,
        ..options()
    };
    let bytes = export::export(&project, &all, Format::Csv, &with_bom).expect("exports");
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBFdocument_title,"),
        "the BOM, then the header"
    );
    assert_eq!(
        bytes.windows(BOM.len()).filter(|w| *w == BOM).count(),
        1,
        "one BOM, at the start only"
    );
    // The rest is the file without a BOM, byte for byte.
    assert_eq!(
        &bytes[BOM.len()..],
        export_all(&project, Format::Csv).as_slice()
    );
    let rows = parse_csv(&bytes[BOM.len()..]);
    assert_eq!(rows[0]["quote"], "568 مدنياً");

    // Only CSV takes one: a BOM would break a JSON or XML reader.
    for format in [
        Format::Json,
        Format::W3c,
        Format::Markdown,
        Format::Html,
        Format::Qdpx,
    ] {
        let bytes = export::export(&project, &all, format, &with_bom).expect("exports");
        assert!(!bytes.starts_with(BOM), "{format} got a BOM");
    }
}

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_triangulate"))
        .current_dir(manifest())
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn the_command_line_writes_the_byte_order_mark_with_bom() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("scripts.ron");
    project_file::save(&path, &scripts_project()).expect("saved");
    let path = path.to_str().expect("a UTF-8 path");

    let out = run(&["export", path, "--format", "csv", "--bom"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.starts_with(b"\xEF\xBB\xBFdocument_title,"));
    assert!(
        String::from_utf8(out.stdout)
            .expect("UTF-8")
            .contains("約500人の民間人")
    );

    let out = run(&["export", path, "--format", "csv"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stdout.starts_with(b"document_title,"),
        "no BOM without --bom"
    );

    let file = dir.path().join("claims.csv");
    let file_arg = file.to_str().expect("a UTF-8 path");
    let out = run(&["export", path, "-f", "csv", "--bom", "-o", file_arg]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&file).expect("written");
    assert!(bytes.starts_with(b"\xEF\xBB\xBFdocument_title,"));
    let rows = parse_csv(&bytes[BOM.len()..]);
    let quotes: BTreeSet<&str> = rows.iter().map(|r| r["quote"].as_str()).collect();
    let wanted: BTreeSet<&str> = CLAIMS.iter().map(|c| c.quote).collect();
    assert_eq!(quotes, wanted);
}

// ---------------------------------------------------------------------------
// JSON and W3C

#[test]
fn json_positions_slice_the_text_to_the_quote() {
    let project = scripts_project();
    let json = utf8(export_all(&project, Format::Json));
    assert_no_mojibake("JSON", &json);
    let value: Value = serde_json::from_str(&json).expect("JSON");
    for document in value["documents"].as_array().expect("documents") {
        let ours = project
            .documents
            .iter()
            .find(|d| d.id.to_string() == document["id"])
            .expect("a document of the project");
        assert_eq!(document["title"], ours.title.as_str());
        assert_eq!(document["characters"], ours.text.chars().count());
    }
    let claims = value["claims"].as_array().expect("claims");
    assert_eq!(claims.len(), project.claims.len());
    for (exported, claim) in claims.iter().zip(&project.claims) {
        assert_eq!(exported["id"], claim.id.to_string());
        assert_eq!(exported["document"], claim.document.to_string());
        let start = exported["start"].as_u64().expect("start") as usize;
        let end = exported["end"].as_u64().expect("end") as usize;
        let quote = exported["quote"]["exact"].as_str().expect("exact");
        let text = &document_of(&project, claim).text;
        assert_round_trip("JSON", text, start, end, quote, claim);
        assert_eq!(exported["quote"]["prefix"], claim.quote.prefix.as_str());
        assert_eq!(exported["quote"]["suffix"], claim.quote.suffix.as_str());
        assert_eq!(exported["asserted_by"], project.asserted_by(claim));
        assert_eq!(exported["note"], claim.note.as_str());
        assert_eq!(exported["value"], claim.value.as_str());
    }
    let tags: Vec<&str> = claims[0]["tag_paths"]
        .as_array()
        .expect("tag paths")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(tags, ["مدنيون/ملاجئ", "平民/避难"]);
    assert_eq!(claims[0]["proposition_text"], "مدنيون في مصنع أزوت");
}

#[test]
fn w3c_selectors_count_code_points_and_read_back_to_the_same_spans() {
    let project = scripts_project();
    let json = utf8(export_all(&project, Format::W3c));
    assert_no_mojibake("W3C", &json);
    let value: Value = serde_json::from_str(&json).expect("JSON-LD");
    let items = value["first"]["items"].as_array().expect("annotations");
    assert_eq!(items.len(), project.claims.len());
    for (annotation, claim) in items.iter().zip(&project.claims) {
        let document = document_of(&project, claim);
        let target = &annotation["target"];
        assert_eq!(target["source"], document_iri(document));
        let selectors = target["selector"].as_array().expect("selectors");
        let of_type = |kind: &str| {
            selectors
                .iter()
                .find(|s| s["type"] == kind)
                .unwrap_or_else(|| panic!("no {kind}"))
        };
        let position = of_type("TextPositionSelector");
        let quote = of_type("TextQuoteSelector");
        let start = position["start"].as_u64().expect("start") as usize;
        let end = position["end"].as_u64().expect("end") as usize;
        let exact = quote["exact"].as_str().expect("exact");
        assert_round_trip("W3C", &document.text, start, end, exact, claim);
        // The prefix and suffix are the code points right before and after the quote.
        let prefix = quote["prefix"].as_str().expect("prefix");
        let suffix = quote["suffix"].as_str().expect("suffix");
        let before = CharRange::new(start - prefix.chars().count(), start);
        let after = CharRange::new(end, end + suffix.chars().count());
        assert_eq!(slice(&document.text, before), Some(prefix));
        assert_eq!(slice(&document.text, after), Some(suffix));
    }

    // Read back into the project without its claims: the same spans, names and notes.
    let mut copy = project.clone();
    copy.claims.clear();
    let imported = w3c::import_w3c(&copy, &json).expect("imports");
    assert!(imported.unmatched.is_empty(), "{:#?}", imported.unmatched);
    assert_eq!(imported.claims, project.claims.len());
    edit::apply(&mut copy, imported.edit).expect("the edit applies");
    let summary = |project: &Project| -> BTreeSet<String> {
        project
            .claims
            .iter()
            .map(|c| {
                format!(
                    "{} {}..{} {:?} source={:?} tags={:?} note={:?} value={:?}",
                    c.document,
                    c.range.start,
                    c.range.end,
                    c.quote.exact,
                    project.asserted_by(c),
                    project.tag_list(c),
                    c.note,
                    c.value
                )
            })
            .collect()
    };
    assert_eq!(summary(&copy), summary(&project));
}

// ---------------------------------------------------------------------------
// REFI-QDA

/// The attribute `name` of the element whose attributes `element` starts with.
fn attribute<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let tag = element.get(..element.find('>')?)?;
    let wanted = format!("{name}=\"");
    let start = if tag.starts_with(&wanted) {
        wanted.len()
    } else {
        tag.find(&format!(" {wanted}"))? + wanted.len() + 1
    };
    let rest = tag.get(start..)?;
    rest.get(..rest.find('"')?)
}

fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut out = BTreeMap::new();
    for at in 0..archive.len() {
        let mut file = archive.by_index(at).expect("entry");
        let mut content = Vec::new();
        file.read_to_end(&mut content).expect("readable");
        out.insert(file.name().to_owned(), content);
    }
    out
}

#[test]
fn qdpx_positions_slice_the_source_text_in_the_archive_to_the_quote() {
    let project = scripts_project();
    let files = unzip(&export_all(&project, Format::Qdpx));
    let qde = String::from_utf8(files["project.qde"].clone()).expect("UTF-8");
    assert_no_mojibake("REFI-QDA", &qde);
    let mut selections = 0;
    for source in qde.split("<TextSource ").skip(1) {
        let guid = attribute(source, "guid").expect("guid");
        let path = format!("sources/{guid}.txt");
        // The positions are checked against the text in the archive, not ours.
        let text = String::from_utf8(files[&path].clone()).expect("the source text is UTF-8");
        let document = project
            .documents
            .iter()
            .find(|d| d.id.to_string() == guid)
            .expect("a document");
        assert_eq!(text.as_bytes(), document.text.as_bytes(), "{path} changed");
        let source = source.split("</TextSource>").next().unwrap_or_default();
        for selection in source.split("<PlainTextSelection ").skip(1) {
            let id = attribute(selection, "guid").expect("guid");
            let claim = project
                .claims
                .iter()
                .find(|c| c.id.to_string() == id)
                .expect("a claim");
            let number = |name: &str| -> usize {
                attribute(selection, name)
                    .and_then(|s| s.parse().ok())
                    .unwrap_or_else(|| panic!("{name}"))
            };
            let (start, end) = (number("startPosition"), number("endPosition"));
            let quote = slice(&text, CharRange::new(start, end)).expect("in the text");
            assert_round_trip("REFI-QDA", &text, start, end, quote, claim);
            assert_eq!(
                attribute(selection, "name"),
                Some(claim.quote.exact.as_str())
            );
            selections += 1;
        }
    }
    assert_eq!(selections, project.claims.len());
    assert_names_intact("REFI-QDA", &qde, str::to_owned, true);
}

// ---------------------------------------------------------------------------
// Reports

#[test]
fn markdown_quotes_stand_in_their_sentence_as_the_text_has_it() {
    let project = scripts_project();
    let md = utf8(export_all(&project, Format::Markdown));
    assert_no_mojibake("Markdown", &md);
    assert_names_intact("Markdown", &md, escape_markdown, false);
    for claim in &project.claims {
        let bold = format!("**{}**", escape_markdown(&claim.quote.exact));
        assert!(md.contains(&bold), "{bold} is missing");
    }
    for line in [
        "قال الحاكم سيرهي غايداي إن **568 مدنياً** ما زالوا في مصنع أزوت.",
        "לפי הדיווח, **24 אזרחים** נותרו במפעל אזוט.",
        "۵۶۸ غیرنظامی در **کارخانه آزوت پناه گرفته‌اند**.",
        // No spaces where Chinese and Japanese have none; each sentence ends at 。.
        "> 据塔斯社报道，约有**1200名平民**在阿佐特工厂避难。\n",
        "> アゾト工場には**約500人の民間人**が避難している。\n",
        "Haidai said **568 civilians** remain; TASS wrote «المدينة محاصرة» on Tuesday.",
        "Haidai said 568 civilians remain; TASS wrote «**المدينة محاصرة**» on Tuesday.",
    ] {
        assert!(md.contains(line), "{line:?} is not in the report:\n{md}");
    }
}

/// The start tags of `name` elements in `html`, each with the text it opens with
/// (up to the next closing tag, other tags left out, entities decoded).
fn elements<'a>(html: &'a str, name: &str) -> Vec<(&'a str, String)> {
    let open = format!("<{name}");
    let mut out = Vec::new();
    for (at, _) in html.match_indices(&open) {
        let rest = &html[at..];
        let Some(after_name) = rest.get(open.len()..) else {
            continue;
        };
        if !after_name.starts_with([' ', '>']) {
            continue;
        }
        let end = rest.find('>').expect("a start tag ends");
        let tag = &rest[..=end];
        let content = &rest[end + 1..];
        let content = &content[..content.find("</").unwrap_or(content.len())];
        let mut text = String::new();
        let mut in_tag = false;
        for c in content.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        let text = text
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        out.push((tag, text));
    }
    out
}

#[test]
fn html_quotes_are_exact_and_right_to_left_text_declares_its_direction() {
    let project = scripts_project();
    let html = utf8(export_all(&project, Format::Html));
    assert_no_mojibake("HTML", &html);
    assert_names_intact("HTML", &html, escape_html, false);
    assert!(
        html.contains("<html lang=\"en\">"),
        "the page keeps its language"
    );

    // Every quote is highlighted exactly once per claim, byte for byte.
    let marks: Vec<String> = elements(&html, "mark")
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    let mut quotes: Vec<String> = project
        .claims
        .iter()
        .map(|c| c.quote.exact.clone())
        .collect();
    let mut sorted = marks.clone();
    sorted.sort();
    quotes.sort();
    assert_eq!(sorted, quotes);

    // The Arabic sentence is right-to-left, and so is its quote without saying so again.
    let arabic = "<blockquote dir=\"rtl\" lang=\"ar\">قال الحاكم سيرهي غايداي إن <mark>568 مدنياً</mark> ما زالوا في مصنع أزوت.</blockquote>";
    assert!(html.contains(arabic), "{arabic} is not in:\n{html}");
    assert!(html.contains(
        "<blockquote dir=\"rtl\" lang=\"he\">לפי הדיווח, <mark>24 אזרחים</mark> נותרו במפעל אזוט.</blockquote>"
    ));
    assert!(html.contains(
        "<blockquote dir=\"rtl\" lang=\"fa\">۵۶۸ غیرنظامی در <mark>کارخانه آزوت پناه گرفته‌اند</mark>.</blockquote>"
    ));
    // Chinese and Japanese are left-to-right; their language picks their glyphs.
    assert!(html.contains(
        "<blockquote lang=\"zh\">据塔斯社报道，约有<mark>1200名平民</mark>在阿佐特工厂避难。</blockquote>"
    ));
    assert!(html.contains(
        "<blockquote lang=\"ja\">アゾト工場には<mark>約500人の民間人</mark>が避難している。</blockquote>"
    ));
    // An English sentence with an Arabic quote stays left-to-right; the quote is set apart.
    assert!(html.contains(
        "<blockquote lang=\"en\">Haidai said 568 civilians remain; TASS wrote «<mark dir=\"rtl\">المدينة محاصرة</mark>» on Tuesday.</blockquote>"
    ));
    // An English paragraph declares nothing; the Arabic one after it is right-to-left.
    assert!(html.contains(
        "<p>Reports in six scripts.</p><p dir=\"rtl\">تقارير بست لغات عن معركة سيفيرودونيتسك.</p>"
    ));
    assert!(html.contains("<h4 dir=\"rtl\">سيرهي غايداي</h4>"));
    assert!(html.contains("<th scope=\"col\" dir=\"rtl\">סוכנות הידיעות</th>"));
    assert!(html.contains("<h4>塔斯社</h4>"));
    assert!(html.contains("<p class=\"note\" dir=\"rtl\">ملاحظة: الرقم 568 ✊🏻 𝕏</p>"));
    assert!(html.contains("tags: <bdi dir=\"rtl\">مدنيون/ملاجئ</bdi>, 平民/避难"));

    // And in general: every element that holds text declares right-to-left exactly
    // when its first strong character is right-to-left.
    let mut checked = 0;
    for name in ["h1", "h3", "h4", "p", "blockquote", "th", "a", "cite"] {
        for (tag, text) in elements(&html, name) {
            let rtl = unicode_bidi::get_base_direction_full(text.as_str())
                == unicode_bidi::Direction::Rtl;
            let declared = tag.contains(" dir=\"rtl\"");
            assert_eq!(declared, rtl, "{tag} holding {text:?}");
            checked += usize::from(rtl);
        }
    }
    assert!(checked >= 10, "only {checked} right-to-left elements");
}
