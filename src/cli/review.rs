//! `triangulate diff`, `merge` and `agreement`: reviewing a colleague's work.

use std::hash::Hash;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::{EXIT_OK, EXIT_PROBLEMS, Outcome};
use crate::io::{guard, project_file};
use crate::model::Project;
use crate::review::agreement::{
    Coefficient, PairFigures, ScaleDifference, SpanAgreement, agreement_report, figure,
};
use crate::review::diff::{DiffKind, Matching};
use crate::review::{document_label, merge3, short_quote};

/// `triangulate diff MINE THEIRS`: a summary of the differences; exits 0 only when there are none.
pub fn diff(mine_path: &Path, theirs_path: &Path) -> anyhow::Result<Outcome> {
    let mine = project_file::load(mine_path)?.project;
    let theirs = project_file::load(theirs_path)?.project;
    let diff = crate::review::diff(&mine, &theirs);
    let mut out = Outcome::default();
    let [same, only_mine, only_theirs, changed] = diff.counts();
    out.stdout.push_str(&format!(
        "mine: {}\ntheirs: {}\n\
         documents: {} matched, {} text differs, {} only mine, {} only theirs\n\
         claims: {same} same, {only_mine} only mine, {only_theirs} only theirs, {changed} changed\n",
        mine_path.display(),
        theirs_path.display(),
        diff.documents.len(),
        diff.documents_text_differs.len(),
        diff.documents_only_mine.len(),
        diff.documents_only_theirs.len(),
    ));
    for (m, _) in &diff.documents_text_differs {
        out.stdout.push_str(&format!(
            "document text differs: {}\n",
            document_label(&mine, *m)
        ));
    }
    for id in &diff.documents_only_mine {
        out.stdout.push_str(&format!(
            "document only mine: {}\n",
            document_label(&mine, *id)
        ));
    }
    for id in &diff.documents_only_theirs {
        out.stdout.push_str(&format!(
            "document only theirs: {}\n",
            document_label(&theirs, *id)
        ));
    }
    vocabulary_lines(&mut out.stdout, "source", &diff.sources, |id| {
        (
            mine.source(id).map(|s| s.name.clone()),
            theirs.source(id).map(|s| s.name.clone()),
        )
    });
    vocabulary_lines(&mut out.stdout, "tag", &diff.tags, |id| {
        (
            mine.tag(id).map(|t| t.path.clone()),
            theirs.tag(id).map(|t| t.path.clone()),
        )
    });
    vocabulary_lines(&mut out.stdout, "proposition", &diff.propositions, |id| {
        (
            mine.proposition(id).map(|p| p.text.clone()),
            theirs.proposition(id).map(|p| p.text.clone()),
        )
    });
    vocabulary_lines(&mut out.stdout, "stance", &diff.stances, |id| {
        (
            mine.stance(id).map(|s| s.name.clone()),
            theirs.stance(id).map(|s| s.name.clone()),
        )
    });
    for entry in diff.claims.iter().filter(|c| c.kind != DiffKind::Same) {
        let (project, id) = match (entry.mine, entry.theirs) {
            (Some(id), _) => (&mine, id),
            (None, Some(id)) => (&theirs, id),
            (None, None) => continue,
        };
        let Some(claim) = project.claim(id) else {
            continue;
        };
        let mut line = format!(
            "{}: {} “{}”",
            entry.kind.label(),
            document_label(project, claim.document),
            short_quote(&claim.quote.exact)
        );
        if let DiffKind::Changed(fields) = &entry.kind {
            let names: Vec<&str> = fields.iter().map(|f| f.label()).collect();
            line.push_str(&format!(" — {}", names.join(", ")));
        }
        line.push('\n');
        out.stdout.push_str(&line);
    }
    if diff.is_identical() {
        out.stdout.push_str("the projects are identical\n");
        out.status = EXIT_OK;
    } else {
        out.status = EXIT_PROBLEMS;
    }
    Ok(out)
}

/// Lines for vocabulary items present on one side only.
fn vocabulary_lines<Id: Copy + Eq + Hash>(
    out: &mut String,
    kind: &str,
    matching: &Matching<Id>,
    name: impl Fn(Id) -> (Option<String>, Option<String>),
) {
    for id in &matching.only_mine {
        let shown = name(*id).0.unwrap_or_default();
        out.push_str(&format!("{kind} only mine: “{shown}”\n"));
    }
    for id in &matching.only_theirs {
        let shown = name(*id).1.unwrap_or_default();
        out.push_str(&format!("{kind} only theirs: “{shown}”\n"));
    }
}

/// `triangulate merge BASE OURS THEIRS [-o OUT]`: writes the merge over OURS (or
/// OUT); exits 1 when conflicts remain, as git's merge driver expects.
///
/// The file written is locked while the merge is made (see [`guard`]), and the
/// merge is made again when OURS changes meanwhile. A merge that would not load
/// (more items, or a longer string, than a project file allows) is not written.
pub fn merge(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    out_path: Option<&PathBuf>,
) -> anyhow::Result<Outcome> {
    let load = |path: &Path, role: &str| {
        project_file::load(path)
            .with_context(|| format!("cannot merge: the {role} project could not be loaded"))
    };
    let target = out_path.map_or(ours, |p| p.as_path());
    let updated = guard::rewrite(target, || {
        // Git gives an empty ancestor when both sides added the file independently.
        let base_is_empty = std::fs::metadata(base).is_ok_and(|m| m.len() == 0);
        let base_project = if base_is_empty {
            Project::default()
        } else {
            load(base, "base")?.project
        };
        let ours_loaded = load(ours, "our")?;
        let theirs_loaded = load(theirs, "their")?;
        let result = merge3(&base_project, &ours_loaded.project, &theirs_loaded.project);
        refuse_unloadable(&result.project, target)?;
        // Problems the merge brought (neither side had them), said but not fatal:
        // the file loads with them, as the sides did.
        let problems: Vec<String> = project_file::validate(&result.project)
            .into_iter()
            .filter(|p| !ours_loaded.problems.contains(p) && !theirs_loaded.problems.contains(p))
            .map(|p| p.to_string())
            .collect();
        let text = project_file::to_ron_string(&result.project);
        anyhow::Ok(guard::Attempt {
            value: (result, problems),
            text: Some(text),
            // No backup: a merge driver must leave nothing beside the file git gave it.
            backup: false,
        })
    })
    .with_context(|| format!("the merged project was not written to {}", target.display()))??;
    let note = if out_path.is_none() {
        updated.retry_note(target)
    } else {
        None
    };
    let (result, problems) = updated.value;
    let mut out = Outcome::default();
    out.stdout.push_str(&format!(
        "merged into {}: {} documents, {} claims, {} conflict(s)\n",
        target.display(),
        result.project.documents.len(),
        result.project.claims.len(),
        result.conflicts.len()
    ));
    for conflict in &result.conflicts {
        out.stderr
            .push_str(&format!("{}: {conflict}\n", target.display()));
    }
    for problem in &problems {
        out.stderr
            .push_str(&format!("{}: {problem}\n", target.display()));
    }
    if let Some(note) = note {
        out.stderr.push_str(&note);
        out.stderr.push('\n');
    }
    out.status = if result.conflicts.is_empty() && problems.is_empty() {
        EXIT_OK
    } else {
        EXIT_PROBLEMS
    };
    Ok(out)
}

/// Refuses a merged project that a project file cannot hold: it would not load.
fn refuse_unloadable(project: &Project, target: &Path) -> anyhow::Result<()> {
    if let Some((what, count, limit)) = project_file::too_many(project) {
        anyhow::bail!(
            "the merge holds {count} {what}, more than the {limit} a project file may hold; {} was left as it was",
            target.display()
        );
    }
    if let Some(long) = project_file::overlong_string(project) {
        anyhow::bail!(
            "in the merge, {} is {} characters long, more than the {} a project file allows; {} was left as it was",
            long.field,
            long.chars,
            long.limit,
            target.display()
        );
    }
    Ok(())
}

/// `triangulate agreement A.ron B.ron [C.ron…]`: per document and overall figures.
pub fn agreement(paths: &[PathBuf]) -> anyhow::Result<Outcome> {
    if paths.len() < 2 {
        anyhow::bail!("agreement needs at least two project files, one per annotator");
    }
    let mut projects: Vec<Project> = Vec::new();
    for path in paths {
        projects.push(project_file::load(path)?.project);
    }
    let mut out = Outcome::default();
    for (i, path) in paths.iter().enumerate() {
        out.stdout
            .push_str(&format!("annotator {}: {}\n", i + 1, path.display()));
    }
    let report = agreement_report(&projects.iter().collect::<Vec<_>>());
    for figures in report.documents.iter().chain([&report.overall]) {
        out.stdout.push_str(&format!("{}\n", figures.label));
        for pair in &figures.pairs {
            out.stdout.push_str(&pair_lines(pair, projects.len()));
        }
        out.stdout
            .push_str(&coefficient_line("stance alpha", figures.alpha));
    }
    out.stdout.push_str(&scale_lines(&report.scale_differences));
    out.status = EXIT_OK;
    Ok(out)
}

/// The stance names not every annotator's scale has, if any.
fn scale_lines(differences: &[ScaleDifference]) -> String {
    if differences.is_empty() {
        return String::new();
    }
    let mut text = String::from(
        "stance scales differ (stances are compared by name; a claim with one of these can only disagree):\n",
    );
    for difference in differences {
        let who: Vec<String> = difference
            .present_in
            .iter()
            .map(|at| (at + 1).to_string())
            .collect();
        text.push_str(&format!(
            "  “{}” only in annotator {}\n",
            difference.name,
            who.join(", ")
        ));
    }
    text
}

/// The span and kappa lines for annotators `i` and `j` (named only when there are more than two).
fn pair_lines(pair: &PairFigures, coders: usize) -> String {
    let who = if coders > 2 {
        format!(" ({} vs {})", pair.first + 1, pair.second + 1)
    } else {
        String::new()
    };
    let mut text = span_line(&format!("span exact{who}"), pair.exact);
    text.push_str(&span_line(&format!("span overlap{who}"), pair.overlap));
    text.push_str(&coefficient_line(&format!("stance kappa{who}"), pair.kappa));
    text
}

/// One line of span agreement.
fn span_line(what: &str, span: SpanAgreement) -> String {
    format!(
        "  {what}: precision {} recall {} F1 {} ({} matched of {} and {} spans)\n",
        figure(span.precision()),
        figure(span.recall()),
        figure(span.f1()),
        span.matched,
        span.first,
        span.second
    )
}

/// One line for a coefficient.
fn coefficient_line(what: &str, coefficient: Coefficient) -> String {
    format!(
        "  {what}: {} ({} units)\n",
        figure(coefficient.value),
        coefficient.units
    )
}
