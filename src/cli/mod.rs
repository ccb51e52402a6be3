//! The command line: every headless job behind `triangulate SUBCOMMAND`.
//!
//! Each job reads its arguments, calls the domain (which answers with its own
//! typed errors) and returns an [`Outcome`]: the text to print and an exit
//! status, so that tests and pipelines can drive it. [`finish`] prints it.
//! Errors that stop a job are `anyhow` errors, each with the context a user
//! needs; nothing below this module knows the command line exists.

pub mod compare;
pub mod crosstab;
pub mod export;
pub mod project;
pub mod review;
pub mod terminal;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

/// Exit status: everything fine.
pub const EXIT_OK: i32 = 0;
/// Exit status: the job ran but found problems (or refused some input).
pub const EXIT_PROBLEMS: i32 = 1;
/// Exit status: the job could not run (bad arguments, unreadable file).
pub const EXIT_ERROR: i32 = 2;

/// What a job printed and how it ended.
#[derive(Debug, Default)]
pub struct Outcome {
    /// For standard output.
    pub stdout: String,
    /// For standard error: warnings and problems.
    pub stderr: String,
    /// The exit status.
    pub status: i32,
}

/// The subcommands: each a headless job.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a new project file, optionally importing documents, or a REFI-QDA project, into it.
    New {
        /// The project file to create (it must not exist yet).
        out: PathBuf,
        /// The project's title (default: the file's name, or the REFI-QDA project's).
        #[arg(long)]
        title: Option<String>,
        /// Documents to import (.txt, .md, .html, .pdf files, or http/https addresses), and at
        /// most one REFI-QDA project (.qdpx from NVivo, ATLAS.ti, MAXQDA, QualCoder) to start from.
        files: Vec<PathBuf>,
    },
    /// Import documents (.txt, .md, .html, .pdf files, or http/https addresses) into a project file.
    Import {
        /// The project file.
        project: PathBuf,
        /// The documents.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Check a project file: counts, orphaned claims and problems (exit 0 only when none).
    Check {
        /// The project file.
        project: PathBuf,
    },
    /// Print the comparison matrix: propositions × sources, each cell the stance, quote and figure.
    Compare {
        /// The project file.
        project: PathBuf,
        /// Only the propositions whose text is or contains this (ignoring case).
        #[arg(long)]
        proposition: Option<String>,
        /// The columns: sources, documents, outlets or sets (the project's document sets).
        #[arg(long, default_value = "sources")]
        columns: crate::compare::Columns,
        /// The format: md (Markdown) or csv.
        #[arg(long, default_value = "md")]
        format: compare::Format,
        /// Only the propositions on which sources disagree.
        #[arg(long)]
        disputed: bool,
    },
    /// Export claims (all, or those the filters keep) as csv, json, w3c, qdpx, md or html,
    /// or the vocabulary as a qdc codebook.
    Export {
        /// The project file.
        project: PathBuf,
        /// The format: csv, json, w3c (Web Annotation JSON-LD), qdpx (REFI-QDA project),
        /// qdc (REFI-QDA codebook: the whole vocabulary; filters do not apply), md or html.
        #[arg(long, short = 'f')]
        format: crate::export::Format,
        /// The file to write (default: standard output; qdpx needs a file). It must not
        /// exist yet unless --force is given, and is never a project file.
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
        /// Replace the output file if it exists (never the project, nor any project file).
        #[arg(long)]
        force: bool,
        /// Only claims on this document (title, file name or id).
        #[arg(long)]
        document: Option<String>,
        /// Only claims asserted by this source (or outlet).
        #[arg(long)]
        source: Option<String>,
        /// Only claims with this stance.
        #[arg(long)]
        stance: Option<String>,
        /// Only claims with this tag, or one nested under it.
        #[arg(long)]
        tag: Option<String>,
        /// Only claims on this proposition.
        #[arg(long)]
        proposition: Option<String>,
        /// Only claims made by this annotator.
        #[arg(long)]
        annotator: Option<String>,
        /// Start a CSV file with a UTF-8 byte-order mark (for Excel).
        #[arg(long)]
        bom: bool,
        /// What qdpx positions count: code-points (the standard; QualCoder) or utf16 (NVivo).
        #[arg(long, value_enum, default_value_t)]
        qdpx_offsets: crate::export::QdpxOffsets,
    },
    /// Add the codes of a REFI-QDA codebook (.qdc) to a project's tags, stances and propositions.
    ImportCodebook {
        /// The project file.
        project: PathBuf,
        /// The codebook (.qdc, from NVivo, ATLAS.ti, MAXQDA, QualCoder or Triangulate).
        file: PathBuf,
    },
    /// Add the claims of a W3C Web Annotation file (JSON-LD) to a project file.
    ImportAnnotations {
        /// The project file.
        project: PathBuf,
        /// The annotations (an AnnotationCollection, a page, or annotations).
        file: PathBuf,
    },
    /// Compare two projects: same, only mine, only theirs, changed (exit 0 only when identical).
    Diff {
        /// My project file.
        mine: PathBuf,
        /// Their project file.
        theirs: PathBuf,
    },
    /// Three-way merge of project files (exit 1 when conflicts remain); a git merge driver.
    Merge {
        /// The common ancestor.
        base: PathBuf,
        /// Our version; the merge is written over it unless -o is given.
        ours: PathBuf,
        /// Their version.
        theirs: PathBuf,
        /// The file to write (default: OURS).
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
    },
    /// Count the claims by tags, sources or stances against each other: a CSV table with totals.
    Crosstab {
        /// The project file.
        project: PathBuf,
        /// What the rows count by: tags, sources or stances.
        #[arg(long, default_value = "tags")]
        rows: crate::crosstab::Dimension,
        /// What the columns count by: sources or stances (or tags).
        #[arg(long, default_value = "sources")]
        columns: crate::crosstab::Dimension,
        /// The file to write (default: standard output). It must not exist yet unless
        /// --force is given, and is never a project file.
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
        /// Replace the output file if it exists (never a project file).
        #[arg(long)]
        force: bool,
    },
    /// Agreement between annotators: span F1, Cohen's kappa, Krippendorff's alpha.
    Agreement {
        /// One project file per annotator (two or more).
        #[arg(required = true, num_args = 2..)]
        projects: Vec<PathBuf>,
    },
}

/// Runs the job `command` names.
pub fn run(command: Command) -> anyhow::Result<Outcome> {
    match command {
        Command::New { out, title, files } => project::new_project(&out, title.as_deref(), &files),
        Command::Import { project, files } => project::import(&project, &files),
        Command::Check { project } => project::check(&project),
        Command::Compare {
            project,
            proposition,
            columns,
            format,
            disputed,
        } => compare::compare(
            &project,
            &compare::CompareOptions {
                proposition,
                columns,
                format,
                disputed_only: disputed,
            },
        ),
        Command::Export {
            project,
            format,
            output,
            force,
            document,
            source,
            stance,
            tag,
            proposition,
            annotator,
            bom,
            qdpx_offsets,
        } => export::export_replacing(
            &project,
            &export::ExportArgs {
                format,
                output,
                names: crate::export::ClaimNames {
                    document,
                    source,
                    stance,
                    tag,
                    proposition,
                    annotator,
                },
                bom,
                qdpx_offsets,
            },
            force,
        ),
        Command::ImportCodebook { project, file } => export::import_codebook(&project, &file),
        Command::ImportAnnotations { project, file } => export::import_annotations(&project, &file),
        Command::Diff { mine, theirs } => review::diff(&mine, &theirs),
        Command::Merge {
            base,
            ours,
            theirs,
            output,
        } => review::merge(&base, &ours, &theirs, output.as_ref()),
        Command::Crosstab {
            project,
            rows,
            columns,
            output,
            force,
        } => crosstab::crosstab(&project, rows, columns, output.as_ref(), force),
        Command::Agreement { projects } => review::agreement(&projects),
    }
}

/// Prints a job's outcome, or its error, and turns it into the exit code.
pub fn finish(result: anyhow::Result<Outcome>) -> ExitCode {
    match result {
        Ok(outcome) => {
            use std::io::{IsTerminal as _, Write as _};
            let mut stdout = std::io::stdout().lock();
            // Data piped or redirected keeps its bytes; a terminal and every message
            // see control characters from project fields shown, never run.
            let is_tty = stdout.is_terminal();
            let written = stdout
                .write_all(terminal::for_terminal(&outcome.stdout, is_tty).as_bytes())
                .and_then(|()| stdout.flush());
            let _ = std::io::stderr().write_all(terminal::visible(&outcome.stderr).as_bytes());
            match written {
                // A reader that stops early (`| head`) took what it wanted.
                Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
                    // A full disk or a lost file under `> out.csv`: the output is cut short.
                    eprintln!(
                        "triangulate: the output could not be written in full: {}",
                        terminal::visible(&err.to_string())
                    );
                    exit_code(EXIT_ERROR)
                }
                _ => exit_code(outcome.status),
            }
        }
        Err(err) => {
            eprintln!("triangulate: {}", terminal::visible(&error_text(&err)));
            exit_code(EXIT_ERROR)
        }
    }
}

/// An error and its causes on one line, `: `-separated as `{:#}` gives them, but
/// each said once: a cause whose text the message before it already holds (an
/// error that both quotes its source and gives it as its `source`) is left out.
pub fn error_text(err: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in err.chain() {
        let said = cause.to_string();
        if text.contains(&said) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&said);
    }
    text
}

/// An exit status as the process's exit code (1 for one out of range).
pub fn exit_code(status: i32) -> ExitCode {
    ExitCode::from(u8::try_from(status).unwrap_or(1))
}
