//! `triangulate export` and `triangulate import-annotations`.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

use super::{EXIT_OK, EXIT_PROBLEMS, Outcome};
use crate::edit;
use crate::export::{ClaimNames, ExportOptions, Format, w3c};
use crate::io::project_file;

/// What `triangulate export` was asked to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportArgs {
    /// The format to write.
    pub format: Format,
    /// The file to write; `None` writes to standard output.
    pub output: Option<PathBuf>,
    /// Which claims to export.
    pub names: ClaimNames,
    /// Start a CSV file with a UTF-8 byte-order mark.
    pub bom: bool,
}

/// `triangulate export PROJECT --format F [-o FILE] [filters]`: exports the
/// claims that the filters keep, to a file or to standard output.
pub fn export(project_path: &Path, args: &ExportArgs) -> anyhow::Result<Outcome> {
    if !args.format.is_text() && args.output.is_none() {
        bail!(
            "a {} export is a zip archive, not text: name the file to write with -o FILE.{}",
            args.format.name(),
            args.format.extension()
        );
    }
    let loaded = project_file::load(project_path)?;
    let project = &loaded.project;
    let mut out = Outcome::default();
    for problem in &loaded.problems {
        out.stderr
            .push_str(&format!("{}: {problem}\n", project_path.display()));
    }
    let (indices, selection) = crate::export::select_by_names(project, &args.names)
        .with_context(|| format!("{}: nothing was exported", project_path.display()))?;
    if indices.is_empty() {
        out.stderr.push_str(&format!(
            "{}: no claim matches {}; the export holds no claims\n",
            project_path.display(),
            if selection.is_empty() {
                "(the project has no claims)".to_owned()
            } else {
                selection.clone()
            }
        ));
    }
    let orphaned = indices
        .iter()
        .filter(|&&at| project.claims.get(at).is_some_and(|c| c.orphaned))
        .count();
    if orphaned > 0 {
        out.stderr.push_str(&format!(
            "{}: {orphaned} exported claim(s) are orphaned: their quote is no longer in the text, so their positions are only where they last were\n",
            project_path.display()
        ));
    }
    let options = ExportOptions {
        bom: args.bom,
        generated: String::new(),
        selection,
    };
    let bytes = crate::export::export(project, &indices, args.format, &options)?;
    match &args.output {
        Some(path) => {
            crate::export::write_file(path, &bytes)?;
            out.stdout = format!(
                "wrote {} claim(s) as {} to {}\n",
                indices.len(),
                args.format.name(),
                path.display()
            );
        }
        None => {
            out.stdout = String::from_utf8(bytes)
                .context("the export is not text; name the file to write with -o")?;
        }
    }
    out.status = EXIT_OK;
    Ok(out)
}

/// `triangulate import-annotations PROJECT FILE.json`: adds the claims of a W3C
/// Web Annotation file to the project; annotations that match no document, or
/// whose quote is not in it, are reported (exit 1) and left out.
pub fn import_annotations(project_path: &Path, file: &Path) -> anyhow::Result<Outcome> {
    let json = crate::export::read_annotation_file(file)?;
    let loaded = project_file::load(project_path)?;
    let mut project = loaded.project;
    let imported = w3c::import_w3c(&project, &json)
        .with_context(|| format!("{}: nothing was imported", file.display()))?;
    let mut out = Outcome::default();
    for line in &imported.unmatched {
        out.stderr
            .push_str(&format!("{}: {line}\n", file.display()));
    }
    let added = imported.claims;
    if !imported.edit.is_empty() {
        edit::apply(&mut project, imported.edit).map_err(|err| {
            anyhow::anyhow!(
                "{}: the annotations could not be added: {err}",
                file.display()
            )
        })?;
        project_file::save(project_path, &project)
            .context("the imported annotations were not saved")?;
    }
    out.stdout = format!(
        "{}: {added} claim(s) added from {}, {} annotation(s) not imported\n",
        project_path.display(),
        file.display(),
        imported.unmatched.len()
    );
    out.status = if imported.unmatched.is_empty() {
        EXIT_OK
    } else {
        EXIT_PROBLEMS
    };
    Ok(out)
}
