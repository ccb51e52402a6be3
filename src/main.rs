//! `triangulate`: the window, or a headless job when given a subcommand.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use triangulate::cli::{self, EXIT_ERROR, Outcome};
use triangulate::export;

/// Compare how different sources report the same event.
#[derive(Parser, Debug)]
#[command(name = "triangulate", version, args_conflicts_with_subcommands = true)]
struct Args {
    /// The project file to open in the window (default: the sample project).
    project: Option<PathBuf>,
    /// A headless job instead of the window.
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Create a new project file, optionally importing documents into it.
    New {
        /// The project file to create (it must not exist yet).
        out: PathBuf,
        /// The project's title (default: the file's name).
        #[arg(long)]
        title: Option<String>,
        /// Documents to import (.txt, .md, .html).
        files: Vec<PathBuf>,
    },
    /// Import documents (.txt, .md, .html) into a project file.
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
        /// The columns: sources, documents or outlets.
        #[arg(long, default_value = "sources")]
        columns: triangulate::compare::Columns,
        /// The format: md (Markdown) or csv.
        #[arg(long, default_value = "md")]
        format: triangulate::compare::Format,
        /// Only the propositions on which sources disagree.
        #[arg(long)]
        disputed: bool,
    },
    /// Export claims (all, or those the filters keep) as csv, json, w3c, qdpx, md or html.
    Export {
        /// The project file.
        project: PathBuf,
        /// The format: csv, json, w3c (Web Annotation JSON-LD), qdpx (REFI-QDA), md or html.
        #[arg(long, short = 'f')]
        format: triangulate::export::Format,
        /// The file to write (default: standard output; qdpx needs a file).
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
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
    /// Agreement between annotators: span F1, Cohen's kappa, Krippendorff's alpha.
    Agreement {
        /// One project file per annotator (two or more).
        #[arg(required = true, num_args = 2..)]
        projects: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    let args = Args::parse();
    let result = match args.command {
        None => return run_window(args.project),
        Some(Command::New { out, title, files }) => {
            cli::new_project(&out, title.as_deref(), &files)
        }
        Some(Command::Import { project, files }) => cli::import(&project, &files),
        Some(Command::Check { project }) => cli::check(&project),
        Some(Command::Compare {
            project,
            proposition,
            columns,
            format,
            disputed,
        }) => triangulate::compare::compare_cli(
            &project,
            &triangulate::compare::CompareOptions {
                proposition,
                columns,
                format,
                disputed_only: disputed,
            },
        ),
        Some(Command::Export {
            project,
            format,
            output,
            document,
            source,
            stance,
            tag,
            proposition,
            annotator,
            bom,
        }) => export::export_cli(
            &project,
            &export::ExportArgs {
                format,
                output,
                names: export::ClaimNames {
                    document,
                    source,
                    stance,
                    tag,
                    proposition,
                    annotator,
                },
                bom,
            },
        ),
        Some(Command::ImportAnnotations { project, file }) => {
            export::import_annotations_cli(&project, &file)
        }
        Some(Command::Diff { mine, theirs }) => triangulate::review::diff::diff_cli(&mine, &theirs),
        Some(Command::Merge {
            base,
            ours,
            theirs,
            output,
        }) => triangulate::review::merge::merge_cli(&base, &ours, &theirs, output.as_ref()),
        Some(Command::Agreement { projects }) => {
            triangulate::review::agreement::agreement_cli(&projects)
        }
    };
    finish(result)
}

/// Prints a job's outcome and turns it into the exit code.
fn finish(result: anyhow::Result<Outcome>) -> ExitCode {
    match result {
        Ok(outcome) => {
            use std::io::Write as _;
            // A reader that stops early (`| head`) is not an error worth a panic.
            let _ = std::io::stdout().write_all(outcome.stdout.as_bytes());
            let _ = std::io::stdout().flush();
            let _ = std::io::stderr().write_all(outcome.stderr.as_bytes());
            ExitCode::from(u8::try_from(outcome.status).unwrap_or(1))
        }
        Err(err) => {
            eprintln!("triangulate: {err:#}");
            ExitCode::from(EXIT_ERROR as u8)
        }
    }
}

/// Opens the window; returns when it is closed.
fn run_window(project: Option<PathBuf>) -> ExitCode {
    match triangulate::ui::run(project.as_deref()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("triangulate: could not open the window: {err}");
            ExitCode::from(EXIT_ERROR as u8)
        }
    }
}
