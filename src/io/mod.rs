//! Reading and writing: the project file and document import.

pub mod fetch;
pub mod guard;
pub mod import;
pub mod page_meta;
pub mod pdf;
pub mod project_file;
pub mod recovery;
mod ron_writer;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::model::{Document, Project};

/// What importing several files into a project gave.
#[derive(Debug, Default)]
pub struct ImportBatch {
    /// The new documents, ready to be added.
    pub documents: Vec<Document>,
    /// One line per file that was skipped, refused or imported with a warning.
    pub messages: Vec<String>,
    /// How many files were refused.
    pub refused: usize,
    /// Whether the user cancelled the batch (and so nothing was imported).
    pub cancelled: bool,
}

/// Imports `paths` for `project`: files whose text the project (or an earlier
/// file of the batch) already has are skipped with a message, not duplicated. A
/// path that reads as an address (`https://…`) is fetched instead (see [`fetch`]).
pub fn import_files(project: &Project, paths: &[impl AsRef<Path>]) -> ImportBatch {
    import_files_known(
        &known_texts(project),
        paths,
        |_| {},
        &AtomicBool::new(false),
    )
}

/// The fingerprint and label of each of the project's documents: what an import
/// needs to know of the project, small enough to hand to a worker thread.
pub fn known_texts(project: &Project) -> Vec<(String, String)> {
    project
        .documents
        .iter()
        .map(|d| (d.fingerprint.clone(), d.label()))
        .collect()
}

/// Imports `paths`, skipping texts in `known` (fingerprint and label) or earlier in
/// the batch; `progress` is told how many inputs are done after each one. Setting
/// `cancel` stops the batch between inputs (and a fetch between chunks): nothing of
/// a cancelled batch is imported, and its one message says so.
pub fn import_files_known(
    known: &[(String, String)],
    paths: &[impl AsRef<Path>],
    mut progress: impl FnMut(usize),
    cancel: &AtomicBool,
) -> ImportBatch {
    let mut batch = ImportBatch::default();
    for (done, path) in paths.iter().enumerate() {
        progress(done);
        if cancel.load(Ordering::Relaxed) {
            return cancelled(done, paths.len());
        }
        let path = path.as_ref();
        let imported = match path.to_str().filter(|p| fetch::looks_like_address(p)) {
            Some(address) => match import_address(address, cancel) {
                Err(Refused::Cancelled) => return cancelled(done, paths.len()),
                other => other,
            },
            None => import::import_file(path).map_err(|e| Refused::Because(e.to_string())),
        };
        match imported {
            Ok(imported) => {
                batch.messages.extend(imported.warnings);
                let document = imported.document;
                let seen = known
                    .iter()
                    .find(|(fingerprint, _)| *fingerprint == document.fingerprint)
                    .map(|(_, label)| label.clone())
                    .or_else(|| {
                        batch
                            .documents
                            .iter()
                            .find(|d| d.fingerprint == document.fingerprint)
                            .map(|d| d.label())
                    });
                if let Some(label) = seen {
                    batch.messages.push(format!(
                        "{}: skipped, the project already has this text as {label}",
                        path.display(),
                    ));
                } else {
                    batch.documents.push(document);
                }
            }
            Err(Refused::Because(message)) => {
                batch.refused += 1;
                batch.messages.push(message);
            }
            Err(Refused::Cancelled) => return cancelled(done, paths.len()),
        }
    }
    progress(paths.len());
    batch
}

/// Why an input gave no document.
enum Refused {
    /// It was refused: the message says why, naming it.
    Because(String),
    /// The user cancelled the batch while it was being fetched.
    Cancelled,
}

/// What a batch cancelled after `done` of `total` inputs gives: nothing.
fn cancelled(done: usize, total: usize) -> ImportBatch {
    ImportBatch {
        documents: Vec::new(),
        messages: vec![format!(
            "Import cancelled after {done} of {total}; nothing was imported"
        )],
        refused: 0,
        cancelled: true,
    }
}

/// Fetches `address` and imports what it gave: the document keeps the address the
/// fetch ended at and when it was retrieved; its page's own canonical address, when
/// it has one, is its URL.
fn import_address(address: &str, cancel: &AtomicBool) -> Result<import::Imported, Refused> {
    let fetched = fetch::fetch(address, &fetch::FetchOptions::default(), &|_, _| {
        !cancel.load(Ordering::Relaxed)
    })
    .map_err(|err| match err {
        fetch::FetchError::Cancelled => Refused::Cancelled,
        err => Refused::Because(err.to_string()),
    })?;
    let bytes = in_declared_charset(&fetched);
    let mut imported = import::import_bytes(&fetched.file_name, &bytes)
        .map_err(|err| Refused::Because(format!("{err} (fetched from {})", fetched.final_url)))?;
    let document = &mut imported.document;
    document.imported_from = fetched.final_url.clone();
    if document.url.is_empty() {
        document.url = fetched.final_url;
    }
    document.retrieved = fetched.retrieved;
    Ok(imported)
}

/// The body of a fetched text, as UTF-8 when the server declared another charset
/// for it (`Content-Type: text/html; charset=windows-1251`) and it is not UTF-8
/// already: what the server says comes before what the page says of itself, as
/// in a browser. A body with a byte-order mark, or of a charset we do not know, is
/// left to the import's own reading.
fn in_declared_charset(fetched: &fetch::Fetched) -> std::borrow::Cow<'_, [u8]> {
    let bytes = fetched.bytes.as_slice();
    let declared = fetched
        .content_type
        .as_deref()
        .and_then(|t| {
            t.split(';')
                .filter_map(|p| p.trim().split_once('='))
                .find(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
                .map(|(_, v)| v.trim().trim_matches('"').to_owned())
        })
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()));
    match declared {
        Some(encoding)
            if encoding != encoding_rs::UTF_8
                && encoding_rs::Encoding::for_bom(bytes).is_none()
                && std::str::from_utf8(bytes).is_err() =>
        {
            let (text, _) = encoding.decode_without_bom_handling(bytes);
            std::borrow::Cow::Owned(text.into_owned().into_bytes())
        }
        _ => std::borrow::Cow::Borrowed(bytes),
    }
}
