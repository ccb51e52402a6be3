//! REFI-QDA projects from outside: any bytes give a project that our loader
//! accepts and can save, with every claim's quote its text, or an error.
//!
//! The first byte picks the shape of the rest: even, the bytes of a `.qdpx`
//! archive as they are; odd, the entries of an archive this target packs (so
//! that mutations reach the XML and the texts instead of breaking the zip's
//! checksums): `project.qde`, then for each further entry two NUL bytes, its
//! name, a newline and its bytes.
#![no_main]

use std::io::Write as _;

use libfuzzer_sys::fuzz_target;
use triangulate::interop::qdpx::import_qdpx;
use triangulate::io::project_file::{from_ron_str, overlong_string, to_ron_string, validate};
use triangulate::model::{fingerprint, normalise, slice};

/// The archive of entries given as `project.qde` NUL NUL name LF bytes NUL NUL ….
fn packed(data: &[u8]) -> Option<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut chunks = split(data, b"\0\0");
    let qde = chunks.next()?;
    zip.start_file("project.qde", options).ok()?;
    zip.write_all(qde).ok()?;
    for chunk in chunks {
        let at = chunk
            .iter()
            .position(|&b| b == b'\n')
            .unwrap_or(chunk.len());
        let name = String::from_utf8_lossy(&chunk[..at]).into_owned();
        if zip.start_file(name, options).is_err() {
            continue;
        }
        zip.write_all(chunk.get(at + 1..).unwrap_or_default())
            .ok()?;
    }
    Some(zip.finish().ok()?.into_inner())
}

fn split<'a>(data: &'a [u8], separator: &'a [u8]) -> impl Iterator<Item = &'a [u8]> {
    let mut rest = Some(data);
    std::iter::from_fn(move || {
        let now = rest?;
        match now.windows(separator.len()).position(|w| w == separator) {
            Some(at) => {
                rest = Some(&now[at + separator.len()..]);
                Some(&now[..at])
            }
            None => {
                rest = None;
                Some(now)
            }
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&shape, rest)) = data.split_first() else {
        return;
    };
    let archive;
    let bytes = if shape % 2 == 0 {
        rest
    } else {
        let Some(made) = packed(rest) else {
            return;
        };
        archive = made;
        &archive
    };
    let Ok(imported) = import_qdpx(bytes, "fuzz") else {
        return;
    };
    let project = imported.project;
    let lines = imported.report.lines();
    assert!(!lines.is_empty());
    if let Some(long) = overlong_string(&project) {
        panic!("the import made a project that cannot be saved: {long:?}");
    }
    let problems = validate(&project);
    assert!(
        problems.is_empty(),
        "the import made a project with problems: {problems:?}"
    );
    for document in &project.documents {
        assert_eq!(
            normalise(&document.text),
            document.text,
            "text not in normal form"
        );
        assert_eq!(fingerprint(&document.text), document.fingerprint);
    }
    for claim in &project.claims {
        let document = project.document(claim.document).expect("validated");
        assert!(!claim.range.is_empty());
        assert_eq!(
            slice(&document.text, claim.range),
            Some(claim.quote.exact.as_str()),
            "a claim's quote is not its text"
        );
    }
    let loaded = match from_ron_str(&to_ron_string(&project)) {
        Ok(loaded) => loaded,
        Err(err) => panic!("the imported project does not load once saved: {err}"),
    };
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(loaded.project.claims.len(), project.claims.len());
});
