//! `triangulate`: the window, or a headless job when given a subcommand.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use triangulate::cli;

/// Compare how different sources report the same event.
#[derive(Parser, Debug)]
#[command(name = "triangulate", version, args_conflicts_with_subcommands = true)]
struct Args {
    /// The project file to open in the window (default: the sample project).
    project: Option<PathBuf>,
    /// A headless job instead of the window.
    #[command(subcommand)]
    command: Option<cli::Command>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match args.command {
        None => run_window(args.project),
        Some(command) => cli::finish(cli::run(command)),
    }
}

/// Opens the window; returns when it is closed.
fn run_window(project: Option<PathBuf>) -> ExitCode {
    match triangulate::ui::run(project.as_deref()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!(
                "triangulate: could not open the window: {}",
                cli::terminal::visible(&err.to_string())
            );
            cli::exit_code(cli::EXIT_ERROR)
        }
    }
}
