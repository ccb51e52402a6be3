//! An export the analyst asked for in the window, as plain data, and the work
//! of making it (run on a worker thread with a shared copy of the project).

use std::path::PathBuf;

use super::{ExportOptions, Format};
use crate::model::Project;

/// An export the user asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportRequest {
    /// The file to write.
    pub path: PathBuf,
    /// The format to write it in.
    pub format: Format,
    /// The claims to export (indices into `project.claims`, in project order).
    pub indices: Vec<usize>,
    /// How to export beyond the format.
    pub options: ExportOptions,
}

/// Makes the export and writes its file; returns a message for the user either way.
///
/// A path that holds a project file (the open project's own, or another) is
/// refused: an export never writes over a project.
pub fn run_export(project: &Project, request: &ExportRequest) -> Result<String, String> {
    if crate::io::guard::is_project_file(&request.path) {
        return Err(format!(
            "Did not export: {} is a Triangulate project file, and an export never writes over a project; choose another name",
            request.path.display()
        ));
    }
    let bytes = super::export(project, &request.indices, request.format, &request.options)
        .map_err(|e| format!("Could not export the claims: {e}"))?;
    super::write_file(&request.path, &bytes)
        .map_err(|e| format!("Could not write {}: {e:#}", request.path.display()))?;
    if !request.format.has_claims() {
        return Ok(format!(
            "Exported the vocabulary ({} tags, {} stances, {} propositions) to {}",
            project.tags.len(),
            project.stances.len(),
            project.propositions.len(),
            request.path.display()
        ));
    }
    let count = request.indices.len();
    Ok(format!(
        "Exported {count} {} to {}",
        if count == 1 { "claim" } else { "claims" },
        request.path.display()
    ))
}
