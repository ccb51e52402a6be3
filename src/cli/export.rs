//! `triangulate export`, `triangulate import-annotations` and `triangulate import-codebook`.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

use super::{EXIT_OK, EXIT_PROBLEMS, Outcome};
use crate::edit;
use crate::export::{ClaimNames, ExportOptions, Format, QdpxOffsets, w3c};
use crate::io::{guard, project_file};

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
    /// What the positions of a qdpx export count.
    pub qdpx_offsets: QdpxOffsets,
}

/// `triangulate export PROJECT --format F [-o FILE] [filters]`: exports the
/// claims that the filters keep, to a file or to standard output; `-f qdc`
/// exports the whole vocabulary instead, and the filters do not apply.
///
/// An output file that exists is refused (see [`export_replacing`]).
pub fn export(project_path: &Path, args: &ExportArgs) -> anyhow::Result<Outcome> {
    export_replacing(project_path, args, false)
}

/// [`export`], replacing an output file that exists when `force` is set (`--force`).
/// The project itself, or any other project file, is never written over.
pub fn export_replacing(
    project_path: &Path,
    args: &ExportArgs,
    force: bool,
) -> anyhow::Result<Outcome> {
    if !args.format.is_text() && args.output.is_none() {
        bail!(
            "a {} export is a zip archive, not text: name the file to write with -o FILE.{}",
            args.format.name(),
            args.format.extension()
        );
    }
    if let Some(output) = &args.output {
        refuse_output(project_path, output, force)?;
    }
    let loaded = project_file::load(project_path)?;
    let project = &loaded.project;
    let mut out = Outcome::default();
    for problem in &loaded.problems {
        out.stderr
            .push_str(&format!("{}: {problem}\n", project_path.display()));
    }
    if args.qdpx_offsets != QdpxOffsets::default() && args.format != Format::Qdpx {
        out.stderr.push_str(&format!(
            "--qdpx-offsets applies to qdpx exports only; the {} export ignores it\n",
            args.format.name()
        ));
    }
    let (indices, selection) = if args.format.has_claims() {
        crate::export::select_by_names(project, &args.names)
            .with_context(|| format!("{}: nothing was exported", project_path.display()))?
    } else {
        if args.names != ClaimNames::default() {
            out.stderr.push_str(&format!(
                "a {} export holds the whole vocabulary: the claim filters are ignored\n",
                args.format.name()
            ));
        }
        (Vec::new(), String::new())
    };
    if indices.is_empty() && args.format.has_claims() {
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
        qdpx_offsets: args.qdpx_offsets,
        generated: String::new(),
        selection,
    };
    let bytes = crate::export::export(project, &indices, args.format, &options)?;
    match &args.output {
        Some(path) => {
            crate::export::write_file(path, &bytes)?;
            let what = if args.format.has_claims() {
                format!("{} claim(s)", indices.len())
            } else {
                format!(
                    "{} tag(s), {} stance(s) and {} proposition(s)",
                    project.tags.len(),
                    project.stances.len(),
                    project.propositions.len()
                )
            };
            out.stdout = format!(
                "wrote {what} as {} to {}\n",
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

/// Refuses an export's `output` when it is the project being exported, another
/// project file, or (without `force`) any file that exists.
fn refuse_output(project_path: &Path, output: &Path, force: bool) -> anyhow::Result<()> {
    if guard::same_existing_file(project_path, output) {
        bail!(
            "{} is the project being exported: an export never writes over the project; name another file with -o",
            output.display()
        );
    }
    if guard::is_project_file(output) {
        bail!(
            "{} is a Triangulate project file: an export never writes over a project, even with --force; name another file with -o",
            output.display()
        );
    }
    if !force && std::fs::symlink_metadata(output).is_ok() {
        bail!(
            "{} already exists; nothing was exported: add --force to replace it, or name another file with -o",
            output.display()
        );
    }
    Ok(())
}

/// `triangulate import-annotations PROJECT FILE.json`: adds the claims of a W3C
/// Web Annotation file to the project and prints the import's report (see
/// [`w3c::AnnotationImport::report_lines`]); annotations that match no document,
/// whose quote is not in it, or whose claim the project has already, are
/// reported (exit 1) and left out.
pub fn import_annotations(project_path: &Path, file: &Path) -> anyhow::Result<Outcome> {
    let json = crate::export::read_annotation_file(file)?;
    let updated = guard::update(project_path, |loaded| {
        let project = &mut loaded.project;
        let imported = w3c::import_w3c(project, &json)
            .with_context(|| format!("{}: nothing was imported", file.display()))?;
        // The report the window shows too: its summary on standard output, then a
        // line for each annotation left out on standard error.
        let mut out = Outcome::default();
        for line in &imported.unmatched {
            out.stderr
                .push_str(&format!("{}: {line}\n", file.display()));
        }
        out.stdout = format!(
            "{}: {}, from {}\n",
            project_path.display(),
            imported.summary(),
            file.display()
        );
        // Annotations the project already has are not a problem: importing a file
        // again is how a pipeline stays up to date.
        out.status = if imported.not_imported == 0 {
            EXIT_OK
        } else {
            EXIT_PROBLEMS
        };
        let save = !imported.edit.is_empty();
        if save {
            edit::apply(project, imported.edit).map_err(|err| {
                anyhow::anyhow!(
                    "{}: the annotations could not be added: {err}; nothing was written",
                    file.display()
                )
            })?;
        }
        anyhow::Ok(guard::Change { value: out, save })
    })
    .context("the imported annotations were not saved")??;
    Ok(with_retry_note(updated, project_path))
}

/// A change's outcome, with a line on standard error when it was redone on a
/// version of the project another program wrote meanwhile.
fn with_retry_note(updated: guard::Updated<Outcome>, path: &Path) -> Outcome {
    let note = updated.retry_note(path);
    let mut out = updated.value;
    if let Some(note) = note {
        out.stderr.push_str(&note);
        out.stderr.push('\n');
    }
    out
}

/// `triangulate import-codebook PROJECT FILE.qdc`: adds the codes of a REFI-QDA
/// codebook to the project's tags, stances and propositions (those it has already
/// are matched by name and kept), saves it, and prints what was added and left
/// out. Nothing is written when the codebook cannot be read.
pub fn import_codebook(project_path: &Path, file: &Path) -> anyhow::Result<Outcome> {
    let bytes = crate::interop::read_file(file, crate::interop::MAX_CODEBOOK_BYTES)
        .map_err(anyhow::Error::msg)?;
    let codebook = crate::interop::qdc::read_codebook(&bytes)
        .with_context(|| format!("{}: nothing was imported", file.display()))?;
    let updated = guard::update(project_path, |loaded| {
        let project = &mut loaded.project;
        let mut out = Outcome::default();
        for problem in &loaded.problems {
            out.stderr
                .push_str(&format!("{}: {problem}\n", project_path.display()));
        }
        let imported = crate::interop::qdc::vocabulary_edit(project, &codebook);
        let adds = imported.adds_anything();
        if adds {
            edit::apply(project, imported.edit).map_err(|err| {
                anyhow::anyhow!(
                    "{}: the codes could not be added: {err}; nothing was written",
                    file.display()
                )
            })?;
        }
        out.stdout = format!(
            "{}: codes from {}{}:\n",
            project_path.display(),
            file.display(),
            if adds {
                ""
            } else {
                " (nothing new: the project is unchanged)"
            }
        );
        for line in &imported.report {
            out.stdout.push_str(&format!("  {line}\n"));
        }
        out.status = EXIT_OK;
        anyhow::Ok(guard::Change {
            value: out,
            save: adds,
        })
    })
    .context("the imported codes were not saved")??;
    Ok(with_retry_note(updated, project_path))
}
