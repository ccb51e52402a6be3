//! Reading and writing: the project file and document import.

pub mod import;
pub mod project_file;
pub mod recovery;

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
    let mut batch = ImportBatch::default();
    for path in paths {
        let path = path.as_ref();
        match import::import_file(path) {
            Ok(imported) => {
                batch.messages.extend(imported.warnings);
                let document = imported.document;
                let known = project
                    .document_by_fingerprint(&document.fingerprint)
                    .or_else(|| {
                        batch
                            .documents
                            .iter()
                            .find(|d| d.fingerprint == document.fingerprint)
                    });
                if let Some(known) = known {
                    batch.messages.push(format!(
                        "{}: skipped, the project already has this text as {}",
                        path.display(),
                        known.label()
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
    batch
}
