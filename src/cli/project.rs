//! The jobs on one project file: `check`, `new` and `import`.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use anyhow::{Context as _, bail};

use super::{EXIT_OK, EXIT_PROBLEMS, Outcome};
use crate::edit::{self, Edit};
use crate::interop;
use crate::io::{self, guard, project_file};
use crate::model::{CharRange, Claim, FORMAT_VERSION, Project, Reanchored, slice};

/// `triangulate check PROJECT`: loads the project and reports what it holds and
/// what is wrong with it: problems, orphaned claims, claims re-anchoring moved that
/// the analyst has not yet confirmed (listed), and claims whose new place it found but
/// will not take without the analyst (to confirm). Exits 0 only when nothing is wrong:
/// a move not yet confirmed is listed but is not wrong.
pub fn check(path: &Path) -> anyhow::Result<Outcome> {
    let loaded = project_file::load(path)?;
    let project = &loaded.project;
    let mut out = Outcome::default();
    // A claim offered a place is flagged as orphaned too; it is listed once, with the place.
    let orphaned: Vec<&Claim> = project
        .claims
        .iter()
        .filter(|c| c.orphaned && !c.has_offer())
        .collect();
    let moved: Vec<(&Claim, &Reanchored)> =
        records(project).filter(|(_, r)| !r.is_offer()).collect();
    let offered: Vec<(&Claim, &Reanchored)> =
        records(project).filter(|(_, r)| r.is_offer()).collect();
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
        moved.len(),
        offered.len(),
    );
    if let Some(version) = loaded.migrated_from {
        out.stdout.push_str(&format!(
            "  written in format {version}; the next save writes format {FORMAT_VERSION}\n"
        ));
    }
    let document_of = |claim: &Claim| {
        project
            .document(claim.document)
            .map_or_else(String::new, |d| d.label())
    };
    let text_at = |claim: &Claim, range: CharRange| {
        project
            .document(claim.document)
            .and_then(|d| slice(&d.text, range))
            .unwrap_or_default()
            .to_owned()
    };
    for claim in &orphaned {
        let by_hand = if claim.reanchored.is_some() {
            " (orphaned by the analyst)"
        } else {
            ""
        };
        out.stderr.push_str(&format!(
            "{}: orphaned claim {} in {}: “{}” is no longer in the text{by_hand}\n",
            path.display(),
            claim.id.short(),
            document_of(claim),
            claim.quote.exact
        ));
    }
    for (claim, record) in &moved {
        let was = record.was.as_ref().map_or("", |q| q.exact.as_str());
        let reads = if was == claim.quote.exact {
            String::new()
        } else {
            format!(", where it reads “{}”", claim.quote.exact)
        };
        out.stdout.push_str(&format!(
            "  re-anchored claim {} in {}: “{was}” moved from characters {}–{} to {}–{}{reads} ({}, confidence {:.2}); not yet confirmed\n",
            claim.id.short(),
            document_of(claim),
            record.from.start,
            record.from.end,
            record.to.start,
            record.to.end,
            record.method.label(),
            record.confidence(),
        ));
    }
    for (claim, record) in &offered {
        out.stderr.push_str(&format!(
            "{}: claim {} in {} to confirm: “{}” may now be “{}” (characters {}–{}, confidence {:.2}): {}; it is kept where it was, flagged as orphaned\n",
            path.display(),
            claim.id.short(),
            document_of(claim),
            claim.quote.exact,
            text_at(claim, record.to),
            record.to.start,
            record.to.end,
            record.confidence(),
            record.why,
        ));
    }
    for problem in &loaded.problems {
        out.stderr
            .push_str(&format!("{}: {problem}\n", path.display()));
    }
    if let Some(exhausted) = &loaded.anchoring.budget_exhausted {
        out.stderr
            .push_str(&format!("{}: {exhausted}\n", path.display()));
    }
    // Who published a document and when are what weighing its claims starts from:
    // a document without them is worth a look, but it is not wrong.
    for document in &project.documents {
        let missing: Vec<&str> = [
            ("outlet", document.outlet.trim().is_empty()),
            ("published date", document.published.trim().is_empty()),
        ]
        .into_iter()
        .filter_map(|(what, missing)| missing.then_some(what))
        .collect();
        if !missing.is_empty() {
            out.stdout.push_str(&format!(
                "  warning: {} has no {}\n",
                document.label(),
                missing.join(" and no ")
            ));
        }
    }
    let trouble = loaded.problems.len() + orphaned.len() + offered.len();
    if trouble == 0 {
        out.stdout.push_str("  no problems\n");
        out.status = EXIT_OK;
    } else {
        out.stdout.push_str(&format!(
            "  {} problem(s), {} orphaned claim(s), {} claim(s) to confirm\n",
            loaded.problems.len(),
            orphaned.len(),
            offered.len()
        ));
        out.status = EXIT_PROBLEMS;
    }
    // Text for people: a project's control characters are shown, never run.
    out.stdout = super::terminal::visible(&out.stdout).into_owned();
    Ok(out)
}

/// The claims with a re-anchoring record the analyst has yet to confirm, in project order.
fn records(project: &Project) -> impl Iterator<Item = (&Claim, &Reanchored)> {
    project.claims.iter().filter_map(|c| {
        c.reanchored
            .as_ref()
            .filter(|r| r.awaits_confirmation())
            .map(|r| (c, r))
    })
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
    let default_title = || {
        out_path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let mut out = Outcome::default();
    // A REFI-QDA project named among the files is the project's start: its
    // documents, codes and coded selections; other files join it as documents.
    let (refi, files): (Vec<&PathBuf>, Vec<&PathBuf>) =
        files.iter().partition(|f| interop::is_refi_project(f));
    let mut project = match refi.as_slice() {
        [] => Project::new(title.map_or_else(default_title, str::to_owned)),
        [qdpx] => {
            let imported = interop::qdpx::import_qdpx_file(qdpx)
                .with_context(|| format!("{}: nothing was written", out_path.display()))?;
            for (at, line) in imported.report.lines().iter().enumerate() {
                let to = if at == 0 {
                    &mut out.stdout
                } else {
                    &mut out.stderr
                };
                to.push_str(&format!("{}: {line}\n", qdpx.display()));
            }
            if imported.report.skipped_count() > 0 {
                out.status = EXIT_PROBLEMS;
            }
            let mut project = imported.project;
            if let Some(title) = title {
                title.clone_into(&mut project.title);
            }
            project
        }
        [first, second, ..] => bail!(
            "{} and {} are both REFI-QDA projects: a new project starts from one of them at most; nothing was written",
            first.display(),
            second.display()
        ),
    };
    let files: Vec<PathBuf> = files.into_iter().cloned().collect();
    add_files(&mut project, &files, &mut out);
    // Files were named and none could be imported: a project of nothing is not what
    // was asked for, so nothing is written.
    if !files.is_empty() && project.documents.is_empty() && refi.is_empty() {
        out.stderr.push_str(&format!(
            "{}: not written: none of the {} file(s) could be imported\n",
            out_path.display(),
            files.len()
        ));
        out.status = EXIT_PROBLEMS;
        return Ok(out);
    }
    // Created under the lock, and refused if someone created the file meanwhile.
    guard::create(out_path, &project)?;
    out.stdout.push_str(&format!(
        "wrote {} with {} documents\n",
        out_path.display(),
        project.documents.len()
    ));
    Ok(out)
}

/// `triangulate import PROJECT FILES…`: adds documents to a project file.
///
/// The files are read (and addresses fetched) first; then, holding the
/// project's lock (see [`guard`]), the project is loaded, the documents it does
/// not have yet are added, and it is saved. Another writer running meanwhile is
/// waited for, so that both changes land.
pub fn import(path: &Path, files: &[PathBuf]) -> anyhow::Result<Outcome> {
    let batch = io::import_files_known(&[], files, |_| {}, &AtomicBool::new(false));
    let updated = guard::update(path, |loaded| {
        let project = &mut loaded.project;
        let mut out = Outcome::default();
        for message in &batch.messages {
            out.stderr.push_str(message);
            out.stderr.push('\n');
        }
        let known = io::known_texts(project);
        let mut fresh = Vec::new();
        for document in &batch.documents {
            let seen = known
                .iter()
                .find(|(fingerprint, _)| *fingerprint == document.fingerprint);
            if let Some((_, label)) = seen {
                out.stderr.push_str(&format!(
                    "{}: skipped, the project already has this text as {label}\n",
                    document.imported_from,
                ));
            } else {
                out.stdout.push_str(&format!(
                    "imported {} ({} characters)\n",
                    document.label(),
                    document.char_len()
                ));
                fresh.push(document.clone());
            }
        }
        let added = fresh.len();
        let edits = fresh.into_iter().map(Edit::add_document).collect();
        // Fresh documents with fresh ids always apply.
        let _ = edit::apply(project, Edit::Batch(edits));
        if batch.refused > 0 {
            out.status = EXIT_PROBLEMS;
        }
        out.stdout.push_str(&format!(
            "{}: {added} document(s) added, {} in all\n",
            path.display(),
            project.documents.len()
        ));
        Ok::<_, std::convert::Infallible>(guard::Change {
            value: out,
            save: added > 0 || loaded.anchoring.changed_anything(),
        })
    })
    .context("the imported documents were not saved")?;
    let Ok(updated) = updated;
    let note = updated.retry_note(path);
    let mut out = updated.value;
    if let Some(note) = note {
        out.stderr.push_str(&note);
        out.stderr.push('\n');
    }
    Ok(out)
}
