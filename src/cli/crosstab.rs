//! `triangulate crosstab`: claims counted by tags, sources or stances against each other, as CSV.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

use super::{EXIT_OK, Outcome};
use crate::crosstab::{CrossTab, Dimension};
use crate::io::{guard, project_file};
use crate::query::ClaimFilter;

/// `triangulate crosstab PROJECT --rows R --columns C [-o FILE [--force]]`: the
/// table of every claim of the project, `rows` against `columns`, with row and
/// column totals, as CSV on standard output or in `output` (never a project
/// file; one that exists only with `force`). See [`crate::crosstab`] for the rules.
pub fn crosstab(
    project_path: &Path,
    rows: Dimension,
    columns: Dimension,
    output: Option<&PathBuf>,
    force: bool,
) -> anyhow::Result<Outcome> {
    if let Some(output) = output {
        if guard::same_existing_file(project_path, output) || guard::is_project_file(output) {
            bail!(
                "{} is a Triangulate project file: the table never writes over a project, even with --force; name another file with -o",
                output.display()
            );
        }
        if !force && std::fs::symlink_metadata(output).is_ok() {
            bail!(
                "{} already exists; nothing was written: add --force to replace it, or name another file with -o",
                output.display()
            );
        }
    }
    let loaded = project_file::load(project_path)?;
    let mut out = Outcome::default();
    for problem in &loaded.problems {
        out.stderr
            .push_str(&format!("{}: {problem}\n", project_path.display()));
    }
    let table = CrossTab::new(&loaded.project, &ClaimFilter::default(), rows, columns)
        .with_context(|| format!("{}: no table was made", project_path.display()))?;
    match output {
        Some(path) => {
            let message =
                crate::crosstab::write_csv_file(&table, path).map_err(anyhow::Error::msg)?;
            out.stdout = format!("{message}\n");
        }
        None => {
            let bytes = table
                .to_csv()
                .context("the table could not be written as CSV")?;
            out.stdout = String::from_utf8(bytes).context("the table is not text")?;
        }
    }
    out.status = EXIT_OK;
    Ok(out)
}
