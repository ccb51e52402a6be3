//! `triangulate`: the window, or a headless job when given a subcommand.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use triangulate::cli::{self, EXIT_ERROR, Outcome};

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
    };
    finish(result)
}

/// Prints a job's outcome and turns it into the exit code.
fn finish(result: anyhow::Result<Outcome>) -> ExitCode {
    match result {
        Ok(outcome) => {
            print!("{}", outcome.stdout);
            eprint!("{}", outcome.stderr);
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
