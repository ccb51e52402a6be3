//! Writes the stress project: `cargo run --release --example stress -- OUT.ron [--scale N] [--seed N]`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a tool for developers: a panic is how it reports a failure"
)]

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use triangulate::io::project_file;
use triangulate::stress;

fn main() -> ExitCode {
    let mut out = None;
    let mut scale = 1.0;
    let mut seed = stress::DEFAULT_SEED;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let parsed = match arg.as_str() {
            "--scale" => args.next().and_then(|v| v.parse().ok()).map(|v| scale = v),
            "--seed" => args.next().and_then(|v| v.parse().ok()).map(|v| seed = v),
            _ if out.is_none() && !arg.starts_with('-') => {
                out = Some(PathBuf::from(arg));
                Some(())
            }
            _ => None,
        };
        if parsed.is_none() {
            eprintln!("usage: stress OUT.ron [--scale N] [--seed N]");
            return ExitCode::from(2);
        }
    }
    let Some(out) = out else {
        eprintln!("usage: stress OUT.ron [--scale N] [--seed N]");
        return ExitCode::from(2);
    };
    let started = Instant::now();
    let project = stress::project_with_seed(scale, seed);
    let generated = started.elapsed();
    if let Err(err) = project_file::save(&out, &project) {
        eprintln!("{err}");
        return ExitCode::FAILURE;
    }
    let text_bytes: usize = project.documents.iter().map(|d| d.text.len()).sum();
    let longest = stress::longest_documents(&project, stress::LONG_DOCUMENTS);
    let on_longest: Vec<usize> = longest
        .iter()
        .map(|id| project.claims.iter().filter(|c| c.document == *id).count())
        .collect();
    println!(
        "{}: {} documents ({:.1} MB of text), {} claims ({:?} on the longest), {} propositions, {} sources, {} tags; generated in {:.2} s",
        out.display(),
        project.documents.len(),
        text_bytes as f64 / 1e6,
        project.claims.len(),
        on_longest,
        project.propositions.len(),
        project.sources.len(),
        project.tags.len(),
        generated.as_secs_f64()
    );
    ExitCode::SUCCESS
}
