//! Reading and writing: the project file and document import.

pub mod import;
pub mod page_meta;
pub mod project_file;
pub mod recovery;
mod ron_writer;

use std::path::Path;

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
}

/// Imports `paths` for `project`: files whose text the project (or an earlier
/// file of the batch) already has are skipped with a message, not duplicated.
pub fn import_files(project: &Project, paths: &[impl AsRef<Path>]) -> ImportBatch {
    import_files_known(&known_texts(project), paths, |_| {})
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
/// the batch; `progress` is told how many files are done after each one.
pub fn import_files_known(
    known: &[(String, String)],
    paths: &[impl AsRef<Path>],
    mut progress: impl FnMut(usize),
) -> ImportBatch {
    let mut batch = ImportBatch::default();
    for (done, path) in paths.iter().enumerate() {
        progress(done);
        let path = path.as_ref();
        match import::import_file(path) {
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
            Err(err) => {
                batch.refused += 1;
                batch.messages.push(err.to_string());
            }
        }
    }
    progress(paths.len());
    batch
}
