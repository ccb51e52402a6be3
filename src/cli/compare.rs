//! `triangulate compare`: the comparison matrix as a Markdown table or CSV.
//!
//! Every name and quote from the project goes through the report's Markdown
//! escaping ([`escape_markdown`]) or the one CSV writer ([`write_rows`], which
//! neutralises formula cells), and the output, written for people, has its
//! control characters made [visible](super::terminal::visible).

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use anyhow::Context as _;

use super::{EXIT_OK, Outcome, terminal};
use crate::compare::{Columns, Matrix, Row, build_matrix};
use crate::export::csv::{LineEnd, write_rows};
use crate::export::report::escape_markdown;
use crate::io::project_file;
use crate::model::{ClaimId, Project};

/// How `triangulate compare` writes the matrix.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Format {
    /// A Markdown table, with the figures listed below it.
    #[default]
    Markdown,
    /// Comma-separated values, one line per proposition.
    Csv,
}

impl FromStr for Format {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_lowercase().as_str() {
            "md" | "markdown" => Ok(Self::Markdown),
            "csv" => Ok(Self::Csv),
            other => Err(format!("“{other}” is not a format: use md or csv")),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Markdown => "md",
            Self::Csv => "csv",
        })
    }
}

/// What `triangulate compare` prints.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CompareOptions {
    /// Only the propositions whose text is this, or contains it (ignoring case).
    pub proposition: Option<String>,
    /// What the columns are.
    pub columns: Columns,
    /// Markdown or CSV.
    pub format: Format,
    /// Only the propositions on which sources disagree.
    pub disputed_only: bool,
}

/// The mark of a disputed row.
pub const DISPUTED_MARK: &str = "⚠";

/// How many characters of a quote a cell shows.
const QUOTE_CHARS: usize = 80;

/// `triangulate compare PROJECT [--proposition TEXT] [--columns …] [--format md|csv] [--disputed]`: prints the matrix.
pub fn compare(path: &Path, options: &CompareOptions) -> anyhow::Result<Outcome> {
    let loaded = project_file::load(path)?;
    let project = &loaded.project;
    let mut matrix = build_matrix(project, options.columns, None);
    if let Some(wanted) = options.proposition.as_deref() {
        let chosen = crate::compare::propositions_named(project, wanted)
            .with_context(|| path.display().to_string())?;
        matrix.retain_rows(|row| chosen.contains(&row.proposition));
    }
    if options.disputed_only {
        matrix.disagreement_only();
    }
    let mut out = Outcome {
        status: EXIT_OK,
        ..Outcome::default()
    };
    if !loaded.problems.is_empty() {
        out.stderr = format!(
            "{}: {} problem(s) in the project; `triangulate check {}` lists them\n",
            path.display(),
            loaded.problems.len(),
            path.display()
        );
    }
    let text = match options.format {
        Format::Markdown => markdown(project, &matrix),
        Format::Csv => csv(project, &matrix)?,
    };
    out.stdout = terminal::visible(&text).into_owned();
    Ok(out)
}

/// A quote cut to `QUOTE_CHARS` characters at a word boundary, on one line.
fn abbreviate(quote: &str) -> String {
    let quote = quote.split_whitespace().collect::<Vec<_>>().join(" ");
    // The cell puts its own quotation marks around the quote.
    let quote = quote
        .trim_matches(['"', '“', '”', '„', '«', '»'])
        .trim()
        .to_owned();
    if quote.chars().count() <= QUOTE_CHARS {
        return quote;
    }
    let cut: String = quote.chars().take(QUOTE_CHARS).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > QUOTE_CHARS / 2 => cut.get(..space).unwrap_or(&cut).to_owned(),
        _ => cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

/// One claim as a cell shows it: `Stance: “quote…” (value)`.
fn claim_text(project: &Project, id: ClaimId) -> String {
    let Some(claim) = project.claim(id) else {
        return String::new();
    };
    let stance = project.stance_name(claim);
    let mut text = format!("{stance}: “{}”", abbreviate(&claim.quote.exact));
    let value = claim.value.trim();
    if !value.is_empty() {
        text.push_str(&format!(" ({value})"));
    }
    text
}

/// A row's figures on one line: "568 (UNIAN) · about 500 (Serhiy Haidai)".
fn figures_text(row: &Row) -> String {
    row.values
        .iter()
        .map(|v| format!("{} ({})", v.value, v.source))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// "1 claim", "6 claims".
fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Why a row is disputed, for people.
fn dispute_text(row: &Row) -> String {
    let mut reasons = Vec::new();
    if row.stance_conflict {
        reasons.push("stances oppose");
    }
    if row.value_conflict {
        reasons.push("figures conflict");
    }
    reasons.join(", ")
}

/// Text made safe for one Markdown table cell: see [`escape_markdown`].
fn md_cell(text: &str) -> String {
    escape_markdown(text)
}

/// The matrix as a Markdown table, with the figures of each proposition below it.
fn markdown(project: &Project, matrix: &Matrix) -> String {
    let mut out = format!(
        "# {}: propositions × {}\n\n",
        md_cell(if project.title.trim().is_empty() {
            "Comparison"
        } else {
            project.title.trim()
        }),
        matrix.columns_by.label().to_lowercase()
    );
    if matrix.rows.is_empty() {
        out.push_str("No claims bear on these propositions.\n");
        return out;
    }
    out.push_str(&format!(
        "{DISPUTED_MARK} sources disagree (opposing stances or conflicting figures) · — not reported\n\n"
    ));
    out.push_str("| Proposition |");
    for column in &matrix.columns {
        out.push_str(&format!(" {} |", md_cell(&column.name)));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(matrix.columns.len()));
    out.push('\n');
    for row in &matrix.rows {
        let mark = if row.disputed {
            format!("{DISPUTED_MARK} ")
        } else {
            String::new()
        };
        let mut heading = format!(
            "{mark}**{}**<br>{}, {}",
            md_cell(&row.text),
            counted(row.claim_count, "claim"),
            counted(row.source_count, "source")
        );
        if row.disputed {
            heading.push_str(&format!("; {}", dispute_text(row)));
        }
        out.push_str(&format!("| {heading} |"));
        for cell in &row.cells {
            if cell.is_empty() {
                out.push_str(" — |");
            } else {
                let claims: Vec<String> = cell
                    .iter()
                    .map(|&id| md_cell(&claim_text(project, id)))
                    .collect();
                out.push_str(&format!(" {} |", claims.join("<br>")));
            }
        }
        out.push('\n');
    }
    let with_figures: Vec<&Row> = matrix
        .rows
        .iter()
        .filter(|r| !r.values.is_empty())
        .collect();
    if !with_figures.is_empty() {
        out.push_str("\n## Figures\n\n");
        for row in with_figures {
            let mark = if row.value_conflict {
                format!("{DISPUTED_MARK} ")
            } else {
                String::new()
            };
            out.push_str(&format!(
                "- {mark}**{}**: {}\n",
                md_cell(&row.text),
                md_cell(&figures_text(row))
            ));
        }
    }
    out
}

/// The matrix as CSV: one line per proposition, claims of one cell on separate lines within it.
fn csv(project: &Project, matrix: &Matrix) -> anyhow::Result<String> {
    let mut header = vec![
        "proposition".to_owned(),
        "disputed".to_owned(),
        "claims".to_owned(),
        "sources".to_owned(),
        "figures".to_owned(),
    ];
    header.extend(matrix.columns.iter().map(|c| c.name.clone()));
    let rows = matrix.rows.iter().map(|row| {
        let disputed = if row.disputed {
            format!("{DISPUTED_MARK} {}", dispute_text(row))
        } else {
            String::new()
        };
        let mut fields = vec![
            row.text.clone(),
            disputed,
            row.claim_count.to_string(),
            row.source_count.to_string(),
            figures_text(row),
        ];
        fields.extend(row.cells.iter().map(|cell| {
            cell.iter()
                .map(|&id| claim_text(project, id))
                .collect::<Vec<_>>()
                .join("\n")
        }));
        fields
    });
    let bytes = write_rows(b"", std::iter::once(header).chain(rows), LineEnd::Lf)
        .context("the comparison could not be written as CSV")?;
    Ok(String::from_utf8(bytes)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_path() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(crate::SAMPLE_PROJECT_PATH)
    }

    fn run(options: &CompareOptions) -> Outcome {
        match compare(&sample_path(), options) {
            Ok(out) => out,
            Err(err) => panic!("compare failed: {err:#}"),
        }
    }

    #[test]
    fn markdown_marks_disputed_rows_and_lists_figures() {
        let out = run(&CompareOptions::default());
        assert_eq!(out.status, EXIT_OK);
        let text = &out.stdout;
        let Some(azot) = text
            .lines()
            .find(|l| l.contains("**Civilians are sheltering in the Azot plant**<br>"))
        else {
            panic!("no Azot row:\n{text}");
        };
        assert!(azot.starts_with("| ⚠ "), "{azot}");
        for figure in ["(568)", "(about 500)", "(at least 1,200)", "(up to 500)"] {
            assert!(azot.contains(figure), "{figure} missing from {azot}");
        }
        assert!(azot.contains("Supports: “"), "{azot}");
        assert!(
            text.contains("- ⚠ **Civilians are sheltering in the Azot plant**: "),
            "{text}"
        );
        let header_cells = text
            .lines()
            .find(|l| l.starts_with("| Proposition |"))
            .map(|l| l.matches(" |").count());
        for line in text.lines().filter(|l| l.starts_with("| ")) {
            assert_eq!(
                Some(line.matches(" |").count() - line.matches("\\|").count()),
                header_cells,
                "{line}"
            );
        }
    }

    #[test]
    fn options_choose_propositions_columns_format_and_disagreement() {
        let out = run(&CompareOptions {
            proposition: Some("azot plant".into()),
            columns: Columns::Documents,
            format: Format::Csv,
            disputed_only: true,
        });
        let lines: Vec<&str> = out.stdout.lines().collect();
        let header = lines.first().copied().unwrap_or_default();
        assert!(
            header.starts_with("proposition,disputed,claims,sources,figures,"),
            "{header}"
        );
        assert!(
            out.stdout
                .contains("Civilians are sheltering in the Azot plant,⚠ figures conflict,")
        );
        assert!(
            !out.stdout.contains("Ukrainian troops are trapped"),
            "not disputed"
        );
        assert!(
            !out.stdout.contains("Russian forces control"),
            "does not match"
        );

        let all = run(&CompareOptions {
            format: Format::Csv,
            ..CompareOptions::default()
        });
        assert!(
            all.stdout
                .contains("Ukrainian troops are trapped in the Azot plant,,")
        );

        let Err(err) = compare(
            &sample_path(),
            &CompareOptions {
                proposition: Some("no such thing".into()),
                ..CompareOptions::default()
            },
        ) else {
            panic!("an unknown proposition is an error");
        };
        assert!(
            format!("{err:#}").contains("Civilians are sheltering"),
            "{err:#}"
        );
        assert_eq!("outlets".parse::<Columns>(), Ok(Columns::Outlets));
        assert_eq!("md".parse::<Format>(), Ok(Format::Markdown));
        assert!("rows".parse::<Columns>().is_err() && "pdf".parse::<Format>().is_err());
    }

    #[test]
    fn cells_abbreviate_long_quotes_and_escape_markdown() {
        let long = "word ".repeat(40);
        let short = abbreviate(&long);
        assert!(
            short.ends_with('…') && short.chars().count() <= QUOTE_CHARS + 1,
            "{short}"
        );
        assert_eq!(abbreviate("a\n  b"), "a b");
        assert_eq!(abbreviate("“About 300-400.”"), "About 300-400.");
        assert_eq!(md_cell("a|b\nc"), "a\\|b c");
        assert_eq!(md_cell("<svg onload=x>"), "&lt;svg onload=x&gt;");
    }
}
