//! The jobs on one project file: `check`, `new` and `import`.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

use super::{EXIT_OK, EXIT_PROBLEMS, Outcome};
use crate::edit::{self, Edit};
use crate::io::{self, project_file};
use crate::model::{Project, slice};

/// `triangulate check PROJECT`: loads the project and reports what it holds and
/// what is wrong with it: problems, orphaned claims, and claims whose new place
/// re-anchoring found but will not take without the analyst (to confirm). Exits 0
/// only when nothing is wrong.
pub fn check(path: &Path) -> anyhow::Result<Outcome> {
    let loaded = project_file::load(path)?;
    let project = &loaded.project;
    let to_confirm = &loaded.anchoring.to_confirm;
    let mut out = Outcome::default();
    // A claim to confirm is flagged as orphaned too; it is listed once, with its candidate.
    let orphaned: Vec<_> = project
        .claims
        .iter()
        .filter(|c| c.orphaned && !to_confirm.iter().any(|t| t.claim == c.id))
        .collect();
    out.stdout = format!(
        "{}: “{}”\n  {} documents, {} claims, {} sources, {} propositions, {} tags, {} stances\n  {} orphaned claims, {} re-anchored, {} to confirm\n",
        path.display(),
        project.title,
        project.documents.len(),
        project.claims.len(),
        project.sources.len(),
        project.propositions.len(),
        project.tags.len(),
        project.stances.len(),
        orphaned.len(),
        loaded.anchoring.moved.len() + loaded.anchoring.approximate.len(),
        to_confirm.len(),
    );
    for claim in &orphaned {
        let document = project
            .document(claim.document)
            .map_or_else(String::new, |d| d.label());
        out.stderr.push_str(&format!(
            "{}: orphaned claim {} in {document}: “{}” is no longer in the text\n",
            path.display(),
            claim.id.short(),
            claim.quote.exact
        ));
    }
    for flagged in to_confirm {
        let Some(claim) = project.claim(flagged.claim) else {
            continue;
        };
        let document = project.document(claim.document);
        let candidate = document
            .and_then(|d| slice(&d.text, flagged.candidate))
            .unwrap_or_default();
        out.stderr.push_str(&format!(
            "{}: claim {} in {} to confirm: “{}” may now be “{}” (characters {}–{}, confidence {}): {}; it is kept where it was, flagged as orphaned\n",
            path.display(),
            claim.id.short(),
            document.map_or_else(String::new, |d| d.label()),
            claim.quote.exact,
            candidate,
            flagged.candidate.start,
            flagged.candidate.end,
            flagged.confidence,
            flagged.why,
        ));
    }
    for problem in &loaded.problems {
        out.stderr
            .push_str(&format!("{}: {problem}\n", path.display()));
    }
    let trouble = loaded.problems.len() + orphaned.len() + to_confirm.len();
    if trouble == 0 {
        out.stdout.push_str("  no problems\n");
        out.status = EXIT_OK;
    } else {
        out.stdout.push_str(&format!(
            "  {} problem(s), {} orphaned claim(s), {} claim(s) to confirm\n",
            loaded.problems.len(),
            orphaned.len(),
            to_confirm.len()
        ));
        out.status = EXIT_PROBLEMS;
    }
    Ok(out)
}

/// Adds the documents of `files` to `project` as one edit; says what happened.
fn add_files(project: &mut Project, files: &[PathBuf], out: &mut Outcome) {
    let batch = io::import_files(project, files);
    for message in &batch.messages {
        out.stderr.push_str(message);
        out.stderr.push('\n');
    }
    for document in &batch.documents {
        out.stdout.push_str(&format!(
            "imported {} ({} characters)\n",
            document.label(),
            document.char_len()
        ));
    }
    let edits = batch
        .documents
        .into_iter()
        .map(Edit::add_document)
        .collect();
    // Fresh documents with fresh ids always apply.
    let _ = edit::apply(project, Edit::Batch(edits));
    if batch.refused > 0 {
        out.status = EXIT_PROBLEMS;
    }
}

/// `triangulate new OUT [--title T] [FILES…]`: a new project file, refusing to
/// overwrite one that exists.
pub fn new_project(
    out_path: &Path,
    title: Option<&str>,
    files: &[PathBuf],
) -> anyhow::Result<Outcome> {
    if out_path.exists() {
        bail!(
            "{} already exists; choose another name or remove it first",
            out_path.display()
        );
    }
    let title = title.map(str::to_owned).unwrap_or_else(|| {
        out_path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    let mut project = Project::new(title);
    let mut out = Outcome::default();
    add_files(&mut project, files, &mut out);
    project_file::save(out_path, &project)?;
    out.stdout.push_str(&format!(
        "wrote {} with {} documents\n",
        out_path.display(),
        project.documents.len()
    ));
    Ok(out)
}

/// `triangulate import PROJECT FILES…`: adds documents to a project file.
pub fn import(path: &Path, files: &[PathBuf]) -> anyhow::Result<Outcome> {
    let loaded = project_file::load(path)?;
    let mut project = loaded.project;
    let before = project.documents.len();
    let mut out = Outcome::default();
    add_files(&mut project, files, &mut out);
    let added = project.documents.len() - before;
    if added > 0 || loaded.anchoring.changed_anything() {
        project_file::save(path, &project)
            .with_context(|| "the imported documents were not saved".to_owned())?;
    }
    out.stdout.push_str(&format!(
        "{}: {added} document(s) added, {} in all\n",
        path.display(),
        project.documents.len()
    ));
    Ok(out)
}
