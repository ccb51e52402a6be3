//! REFI-QDA project import: fixtures shaped as NVivo, ATLAS.ti, QualCoder and
//! MAXQDA write them (`tests/fixtures/qdpx/make.py`), hostile archives, and the
//! round trip of our own export.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use std::io::Write as _;

use triangulate::export::{ExportOptions, Format, QdpxOffsets, export};
use triangulate::interop::archive::ArchiveError;
use triangulate::interop::qdpx::{Counting, QdpxError, QdpxImport, import_qdpx, import_qdpx_file};
use triangulate::io::project_file::{from_ron_str, to_ron_string, validate};
use triangulate::model::{CharRange, Claim, Document, Project, Source, Stance, Tag, slice};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/qdpx/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|err| panic!("{path}: {err}"))
}

fn import(name: &str) -> QdpxImport {
    import_qdpx(&fixture(name), name.trim_end_matches(".qdpx"))
        .unwrap_or_else(|err| panic!("{name}: {err}"))
}

/// The project saves, loads again with no problem, and every claim's quote is its text.
fn assert_loadable(project: &Project) {
    assert_eq!(validate(project), []);
    let loaded = from_ron_str(&to_ron_string(project)).expect("the project loads");
    assert_eq!(loaded.problems, []);
    assert_eq!(loaded.project.claims.len(), project.claims.len());
    for claim in &project.claims {
        let document = project.document(claim.document).unwrap();
        assert_eq!(
            slice(&document.text, claim.range),
            Some(claim.quote.exact.as_str())
        );
        assert!(!claim.quote.exact.is_empty());
    }
    for (before, after) in project.claims.iter().zip(&loaded.project.claims) {
        assert_eq!(before.range, after.range, "re-anchoring moved a claim");
    }
}

fn claim_on<'a>(project: &'a Project, quote: &str) -> &'a Claim {
    project
        .claims
        .iter()
        .find(|c| c.quote.exact == quote)
        .unwrap_or_else(|| {
            let quotes: Vec<&str> = project
                .claims
                .iter()
                .map(|c| c.quote.exact.as_str())
                .collect();
            panic!("no claim on “{quote}”; claims: {quotes:?}")
        })
}

fn tag_paths(project: &Project, claim: &Claim) -> Vec<String> {
    let mut paths: Vec<String> = claim
        .tags
        .iter()
        .map(|t| project.tag(*t).unwrap().path.clone())
        .collect();
    paths.sort();
    paths
}

#[test]
fn nvivo_utf16_offsets_after_a_bom_land_on_the_words() {
    let QdpxImport { project, report } = import("nvivo-utf16.qdpx");
    assert_loadable(&project);
    assert_eq!(project.title, "nvivo-utf16");
    assert_eq!(project.documents.len(), 1);
    let document = &project.documents[0];
    assert_eq!(document.title, "Azot update");
    assert!(
        document
            .text
            .starts_with("Severodonetsk 🇺🇦 update\nGovernor")
    );
    assert!(!document.text.contains('\r') && !document.text.contains('\u{feff}'));
    assert_eq!(
        document.id.to_string(),
        "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f"
    );
    let quotes: Vec<&str> = project
        .claims
        .iter()
        .map(|c| c.quote.exact.as_str())
        .collect();
    assert_eq!(
        quotes,
        [
            "568 civilians",
            "Governor Haidai",
            "1,200 people",
            "will be evacuated"
        ]
    );
    let civilians = claim_on(&project, "568 civilians");
    assert_eq!(tag_paths(&project, civilians), ["Casualties"]);
    assert_eq!(civilians.annotator, "Olena K.");
    assert_eq!(civilians.created, "2023-05-02T09:15:00Z");
    assert_eq!(
        civilians.id.to_string(),
        "a1000000-0000-4000-8000-000000000001"
    );
    let haidai = claim_on(&project, "Governor Haidai");
    assert_eq!(tag_paths(&project, haidai), ["Sources/Officials"]);
    let officials = project.tag_by_path("Sources/Officials").unwrap();
    assert_eq!(officials.colour.to_string(), "#55bb88");
    // "Sources" is a group that codes nothing: no tag of its own.
    assert!(project.tag_by_path("Sources").is_none());
    assert_eq!(project.stances, Stance::default_scale());

    assert_eq!(report.countings.len(), 1);
    assert_eq!(report.countings[0].counting, Counting::Utf16AfterBom);
    let lines = report.lines();
    assert!(
        lines[0].starts_with("1 document, 3 tags, 4 claims, 0 sources"),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.contains("“Azot update”")
            && l.contains("UTF-16 code units after a byte-order mark, CRLF as two")),
        "{lines:?}"
    );
    assert_eq!(report.skipped_count(), 0, "{lines:?}");
}

#[test]
fn atlas_upper_case_guids_in_braces_match_their_lower_case_references() {
    let QdpxImport { project, report } = import("atlas-upper-guids.qdpx");
    assert_loadable(&project);
    let document = &project.documents[0];
    assert_eq!(document.title, "Бої за Азот");
    assert_eq!(
        document.id.to_string(),
        "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
    );
    let azot = claim_on(&project, "завод «Азот»");
    assert_eq!(tag_paths(&project, azot), ["Azot plant"]);
    assert_eq!(azot.annotator, "Analyst A");
    assert_eq!(azot.created, "2023-06-01T12:00:00.25+02:00");
    assert_eq!(azot.id.to_string(), "5e1e0001-0000-4000-8000-000000000001");
    let civilians = claim_on(&project, "568 civilians");
    assert_eq!(tag_paths(&project, civilians), ["Azot plant"]);
    assert_eq!(civilians.annotator, "Analyst A");
    assert_eq!(civilians.created, "2023-06-01T12:05:00Z");
    let tag = project.tag_by_path("Azot plant").unwrap();
    assert_eq!(tag.id.to_string(), "c0de0001-aaaa-4bbb-8ccc-ddddeeeeffff");
    assert_eq!(report.countings[0].counting, Counting::CodePoints);
    assert_eq!(report.skipped_count(), 0, "{:?}", report.lines());
}

#[test]
fn nested_codes_selections_of_one_range_memos_users_and_cases() {
    let QdpxImport { project, report } = import("nested-codes.qdpx");
    assert_loadable(&project);
    let lines = report.lines();
    // Two codes named Officials under different parents are two tags.
    let mut paths: Vec<&str> = project.tags.iter().map(|t| t.path.as_str()).collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [
            "Actors/Russia/Officials",
            "Actors/Ukraine/Officials",
            "Claims",
            "Claims/Civilians ∕ shelter",
            "Claims/Numbers",
        ]
    );
    // Two selections of one range: one claim with the codes of both.
    assert_eq!(project.claims.len(), 3, "{lines:?}");
    let civilians = claim_on(&project, "568 civilians");
    assert_eq!(
        tag_paths(&project, civilians),
        [
            "Actors/Ukraine/Officials",
            "Claims/Civilians ∕ shelter",
            "Claims/Numbers"
        ]
    );
    assert_eq!(civilians.note, "Check against the UN figure.");
    assert_eq!(civilians.annotator, "Ana");
    assert_eq!(civilians.created, "2024-02-03T04:05:06Z");
    assert_eq!(civilians.modified, "2024-02-04T04:05:06Z");
    let haidai = project.source(civilians.source.unwrap()).unwrap();
    assert_eq!(haidai.name, "Serhiy Haidai");
    assert_eq!(haidai.notes, "Luhansk governor");

    let lower = claim_on(&project, "up to 500 remain");
    assert_eq!(lower.note, "Lower than Haidai's figure");
    assert_eq!(lower.annotator, "Bo");
    // The selection reference is in upper case; the selection's guid in lower.
    assert_eq!(
        project.source(lower.source.unwrap()).unwrap().name,
        "Rodion Miroshnik"
    );
    // A group used by a coding becomes a tag.
    assert_eq!(
        tag_paths(&project, claim_on(&project, "Azot plant")),
        ["Claims"]
    );

    // Nothing lost: the project's description, its unreferenced memo and code definitions.
    assert!(project.description.contains("Two reports compared."));
    assert!(
        project
            .description
            .contains("REFI-QDA project “Azot figures”")
    );
    assert!(
        project
            .description
            .contains("Note “Project memo”:\nCoding rules: one code per actor.")
    );
    assert!(
        project
            .description
            .contains("Code “Actors/Ukraine/Officials”: Ukrainian officials, named")
    );
    assert_eq!(report.annotators, 2);
    assert_eq!(report.sources, 2);
    assert!(lines.iter().any(|l| l.contains("2 cases became sources")));
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Skipped: set “Officials” (2 codes")),
        "{lines:?}"
    );
}

#[test]
fn pictures_audio_and_missing_texts_are_reported_never_dropped_silently() {
    let QdpxImport { project, report } = import("skipped-kinds.qdpx");
    assert_loadable(&project);
    let lines = report.lines();
    // Only the PDF's text representation becomes a document.
    assert_eq!(project.documents.len(), 1, "{lines:?}");
    let document = &project.documents[0];
    assert_eq!(document.title, "UN report");
    assert_eq!(
        document.text,
        "Page one of the PDF.\nThe Azot plant shelters 568 civilians.\n"
    );
    assert_eq!(project.claims.len(), 1);
    assert_eq!(project.claims[0].quote.exact, "568 civilians");
    let skipped = |words: &[&str]| {
        assert!(
            report
                .skipped
                .iter()
                .any(|s| words.iter().all(|w| s.contains(w))),
            "no skipped item with {words:?}: {:?}",
            report.skipped
        );
    };
    skipped(&[
        "picture “Satellite image” (PictureSource)",
        "1 selection and 2 codings",
    ]);
    skipped(&[
        "audio recording “Briefing recording” (AudioSource)",
        "1 selection and 1 coding",
    ]);
    skipped(&["1 selection on the pages of “UN report”", "1 coding"]);
    skipped(&[
        "“Lost transcript”",
        "the archive holds no “internal://7e570001.txt”",
    ]);
    skipped(&["“Elsewhere”", "outside the archive"]);
    assert_eq!(report.skipped_count(), 5, "{lines:?}");
    assert_eq!(report.skipped_codings, 5);
    assert!(lines[0].ends_with("5 skipped"), "{lines:?}");
}

#[test]
fn a_selection_outside_its_text_is_reported_with_where_it_was() {
    let QdpxImport { project, report } = import("selection-outside.qdpx");
    assert_loadable(&project);
    let quotes: Vec<&str> = project
        .claims
        .iter()
        .map(|c| c.quote.exact.as_str())
        .collect();
    assert_eq!(quotes, ["Azot", "Short"]);
    let lines = report.lines();
    assert!(
        lines.iter().any(|l| l.contains(
            "selection 5e000009-0000-4000-8000-000000000002 of “Short” at 6–500: it lies outside the text"
        )),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("5e000009-0000-4000-8000-000000000003")
                && l.contains("selects no text")),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.contains(
            "1 coding to code deadbeef-0000-4000-8000-000000000000, which the code book does not define"
        )),
        "{lines:?}"
    );
}

#[test]
fn broken_and_hostile_archives_are_refused_with_clear_errors() {
    let error = |name: &str| match import_qdpx(&fixture(name), "x") {
        Ok(_) => panic!("{name} was imported"),
        Err(err) => err,
    };
    assert!(matches!(
        error("not-zip.qdpx"),
        QdpxError::Archive(ArchiveError::NotZip(_))
    ));
    let none = error("no-project.qdpx");
    assert!(matches!(none, QdpxError::NoProject));
    assert!(none.to_string().contains("no “project.qde”"), "{none}");
    let broken = error("broken-xml.qdpx");
    assert!(
        matches!(&broken, QdpxError::Xml { entry, .. } if entry == "project.qde"),
        "{broken}"
    );
    assert!(
        broken
            .to_string()
            .starts_with("“project.qde” is not readable XML (line "),
        "{broken}"
    );
    let bomb = error("entity-bomb.qdpx");
    assert!(
        matches!(&bomb, QdpxError::Xml { entry, .. } if entry == "project.qde"),
        "{bomb}"
    );
    assert!(bomb.to_string().contains("lol9"), "{bomb}");
    assert!(matches!(
        error("path-escape.qdpx"),
        QdpxError::Archive(ArchiveError::UnsafePath(path)) if path == "../x"
    ));
    let zip_bomb = error("zip-bomb.qdpx");
    assert!(
        matches!(&zip_bomb, QdpxError::Archive(ArchiveError::Ratio { name, .. }) if name == "sources/bomb.txt"),
        "{zip_bomb}"
    );
}

#[test]
fn a_600_megabyte_entry_is_refused_before_it_is_unpacked() {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("project.qde", options).unwrap();
    zip.write_all(b"<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"x\"><Sources><TextSource guid=\"b0b00001-0000-4000-8000-000000000001\" plainTextPath=\"internal://bomb.txt\"/></Sources></Project>").unwrap();
    zip.start_file("sources/bomb.txt", options).unwrap();
    let zeros = vec![0u8; 1024 * 1024];
    for _ in 0..600 {
        zip.write_all(&zeros).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    assert!(bytes.len() < 2 * 1024 * 1024, "{} bytes", bytes.len());
    let started = std::time::Instant::now();
    let err = import_qdpx(&bytes, "bomb").expect_err("refused");
    assert!(
        matches!(&err, QdpxError::Archive(ArchiveError::EntryTooLarge { name, .. }) if name == "sources/bomb.txt"),
        "{err}"
    );
    assert!(started.elapsed().as_secs() < 5);
}

#[test]
fn a_codebook_or_other_xml_is_not_taken_for_a_project() {
    let zip_of = |xml: &str| {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("project.qde", zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
        zip.finish().unwrap().into_inner()
    };
    let err = import_qdpx(
        &zip_of("<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes/></CodeBook>"),
        "x",
    )
    .err()
    .unwrap();
    assert!(err.to_string().contains("codebook"), "{err}");
    let err = import_qdpx(&zip_of("<Project name=\"x\"/>"), "x")
        .err()
        .unwrap();
    assert!(err.to_string().contains("urn:QDA-XML:project:1.0"), "{err}");
    let err = import_qdpx(&zip_of("<html/>"), "x").unwrap_err();
    assert!(err.to_string().contains("<html>"), "{err}");
}

#[test]
fn a_file_names_the_project_and_what_is_not_a_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Azot figures.qdpx");
    std::fs::write(&path, fixture("nested-codes.qdpx")).unwrap();
    let imported = import_qdpx_file(&path).unwrap();
    assert_eq!(imported.project.title, "Azot figures");
    // The name inside is the same as the file's: it does not head the description.
    assert_eq!(
        imported.project.description.lines().next(),
        Some("Two reports compared.")
    );
    let err = import_qdpx_file(dir.path()).unwrap_err();
    assert!(matches!(err, QdpxError::Read(_)), "{err}");
    assert!(err.to_string().contains("not a regular file"), "{err}");
    let broken = dir.path().join("broken.qdpx");
    std::fs::write(&broken, fixture("broken-xml.qdpx")).unwrap();
    let err = import_qdpx_file(&broken).unwrap_err();
    assert!(err.to_string().contains("broken.qdpx"), "{err}");
    assert!(err.to_string().contains("project.qde"), "{err}");
}

/// What a document is, apart from its id and where it came from.
fn document_key(d: &Document) -> [String; 8] {
    [
        d.title.clone(),
        d.text.clone(),
        d.outlet.clone(),
        d.author.clone(),
        d.url.clone(),
        d.published.clone(),
        d.language.clone(),
        d.notes.clone(),
    ]
}

/// What a claim is, by names rather than ids (sources are made anew).
fn claim_key(project: &Project, c: &Claim) -> String {
    let proposition = c
        .proposition
        .and_then(|p| project.proposition(p))
        .map(|p| p.text.clone());
    format!(
        "{} {:?} {:?} {:?} tags={:?} by={:?} stance={:?} prop={:?} note={:?} value={:?} who={:?} created={:?} modified={:?} review={:?}",
        c.id,
        c.document,
        c.range,
        c.quote,
        tag_paths(project, c),
        project.asserted_by(c),
        c.stance,
        proposition,
        c.note,
        c.value,
        c.annotator,
        c.created,
        c.modified,
        c.review,
    )
}

fn round_trip(project: &Project, offsets: QdpxOffsets) -> QdpxImport {
    let all: Vec<usize> = (0..project.claims.len()).collect();
    let options = ExportOptions {
        qdpx_offsets: offsets,
        ..ExportOptions::default()
    };
    let bytes = export(project, &all, Format::Qdpx, &options).unwrap();
    let imported = import_qdpx(&bytes, &project.title).unwrap();
    assert_loadable(&imported.project);
    imported
}

fn assert_same(before: &Project, after: &Project) {
    let used: Vec<&Document> = before
        .documents
        .iter()
        .filter(|d| before.claims.iter().any(|c| c.document == d.id))
        .collect();
    assert_eq!(after.documents.len(), used.len());
    for (b, a) in used.iter().zip(&after.documents) {
        assert_eq!(a.id, b.id);
        assert_eq!(document_key(a), document_key(b));
        assert_eq!(a.fingerprint, b.fingerprint);
    }
    assert_eq!(after.claims.len(), before.claims.len());
    for (b, a) in before.claims.iter().zip(&after.claims) {
        assert_eq!(claim_key(after, a), claim_key(before, b));
    }
    assert_eq!(after.stances, before.stances);
    let used_propositions: Vec<(String, String)> = before
        .propositions
        .iter()
        .filter(|p| before.claims.iter().any(|c| c.proposition == Some(p.id)))
        .map(|p| (p.id.to_string(), p.text.clone()))
        .collect();
    let propositions: Vec<(String, String)> = after
        .propositions
        .iter()
        .map(|p| (p.id.to_string(), p.text.clone()))
        .collect();
    assert_eq!(propositions, used_propositions);
    for p in &after.propositions {
        assert_eq!(p.notes, before.proposition(p.id).unwrap().notes);
    }
    let mut tags: Vec<(String, String, String)> = after
        .tags
        .iter()
        .map(|t| (t.id.to_string(), t.path.clone(), t.colour.to_string()))
        .collect();
    tags.sort();
    let mut used_tags: Vec<(String, String, String)> = before
        .tags
        .iter()
        .filter(|t| before.claims.iter().any(|c| c.tags.contains(&t.id)))
        .map(|t| (t.id.to_string(), t.path.clone(), t.colour.to_string()))
        .collect();
    used_tags.sort();
    assert_eq!(tags, used_tags);
    // Sources come back by name, each with its role, affiliation and notes in their
    // own fields (the export labels them).
    for source in &after.sources {
        let old = before.source_by_name(&source.name).unwrap();
        assert_eq!(
            (&source.role, &source.affiliation, &source.notes),
            (&old.role, &old.affiliation, &old.notes),
            "{}",
            source.name
        );
    }
    assert_eq!(after.description, before.description);
}

#[test]
fn the_sample_project_comes_back_from_its_own_export() {
    let sample = from_ron_str(triangulate::SAMPLE_PROJECT).unwrap().project;
    assert!(sample.claims.len() > 20);
    for offsets in [QdpxOffsets::CodePoints, QdpxOffsets::Utf16] {
        let QdpxImport { project, report } = round_trip(&sample, offsets);
        assert_same(&sample, &project);
        assert!(report.own_export);
        assert_eq!(report.skipped_count(), 0, "{:?}", report.lines());
        assert_eq!(project.title, sample.title);
    }
}

#[test]
fn emoji_arabic_and_astral_text_round_trip_in_both_countings() {
    let mut project = Project::new("Scripts");
    project.description = "Emoji and Arabic.".into();
    let mut arabic = Document::new(
        "تقرير",
        "قال الحاكم إن 568 مدنيا في مصنع آزوت.\nوقال آخرون 1200.",
    );
    arabic.outlet = "الجزيرة".into();
    arabic.language = "ar".into();
    let emoji = Document::new(
        "Emoji 🇺🇦",
        "Flags 🇺🇦🇷🇺 then 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 and 👩‍👩‍👧 family: 568 civilians 🏭 in Azot.",
    );
    let tag = Tag::new(
        "casualties/civilian",
        triangulate::model::Colour::rgb(1, 2, 3),
    );
    let mut source = Source::new("Serhiy Haidai");
    source.role = "Governor".into();
    source.affiliation = "Ukraine".into();
    let mut claims = Vec::new();
    for (document, quote) in [
        (&arabic, "568 مدنيا"),
        (&arabic, "1200"),
        (&emoji, "𝔘𝔫𝔦𝔠𝔬𝔡𝔢"),
        (&emoji, "568 civilians"),
        (&emoji, "Azot"),
        (&emoji, "👩‍👩‍👧"),
    ] {
        let at = document.text.find(quote).unwrap();
        let start = document.text[..at].chars().count();
        let range = CharRange::new(start, start + quote.chars().count());
        let mut claim = Claim::new(document, range, "Ана").unwrap();
        claim.created = "2026-01-02T03:04:05Z".into();
        claim.modified = "2026-01-03T03:04:05Z".into();
        claim.tags.push(tag.id);
        claim.stance = Some(Stance::DISPUTES);
        claims.push(claim);
    }
    claims[0].source = Some(source.id);
    claims[0].value = "568".into();
    claims[1].note = "Second line\nof a note".into();
    project.documents = vec![arabic, emoji];
    project.tags.push(tag);
    project.sources.push(source);
    project.claims = claims;
    assert_eq!(validate(&project), []);
    for offsets in [QdpxOffsets::CodePoints, QdpxOffsets::Utf16] {
        let QdpxImport {
            project: back,
            report,
        } = round_trip(&project, offsets);
        assert_same(&project, &back);
        let expected = match offsets {
            QdpxOffsets::CodePoints => Counting::CodePoints,
            QdpxOffsets::Utf16 => Counting::Utf16,
        };
        let emoji = report
            .countings
            .iter()
            .find(|c| c.document == "Emoji 🇺🇦")
            .unwrap();
        assert_eq!(emoji.counting, expected, "{:?}", report.lines());
    }
}
