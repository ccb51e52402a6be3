//! Benchmarks of the core paths at stress scale (see BENCHMARKS.md):
//! open, save, create and undo a claim, re-anchoring, exports, review.
//!
//! `cargo bench --bench core` (add a name to run some: `cargo bench --bench core -- export`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a tool for developers: a panic is how it reports a failure"
)]

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use triangulate::anchor;
use triangulate::document_edit;
use triangulate::edit::Edit;
use triangulate::export::{self, ExportOptions, Format};
use triangulate::model::{CharRange, Claim, Project, Stance, fingerprint};
use triangulate::review;
use triangulate::review::diff::{LiveDiff, Update};
use triangulate::stress::{self, SplitMix64};
use triangulate::workspace::Workspace;

/// Where the stress project is written for the open benchmark.
fn stress_file() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("bench-stress.ron")
}

/// The stress project, and its file on disk (written once, reused while it loads as the same project).
fn stress_project() -> (Project, PathBuf) {
    let path = stress_file();
    let project = stress::project_on_disk(&path).expect("writes the stress project");
    (project, path)
}

/// A colleague's version of `project`: some stances changed, some claims removed, some added.
fn colleague(project: &Project, seed: u64, note: &str) -> Project {
    let mut rng = SplitMix64::new(seed);
    let mut theirs = project.clone();
    let stances = Stance::default_scale();
    for claim in &mut theirs.claims {
        if rng.chance(5) {
            claim.stance = Some(rng.pick(&stances).id);
        }
        if rng.chance(3) {
            claim.note = note.to_owned();
        }
    }
    theirs.claims.retain(|_| !rng.chance(2));
    let added: Vec<Claim> = (0..300)
        .map(|_| {
            let mut claim = rng.pick(&project.claims).clone();
            claim.id = triangulate::model::ClaimId::from_u128(rng.next_u128());
            claim.stance = Some(rng.pick(&stances).id);
            claim
        })
        .collect();
    theirs.claims.extend(added);
    theirs
}

fn benches(c: &mut Criterion) {
    let (project, path) = stress_project();

    let mut group = c.benchmark_group("file");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("open stress project", |b| {
        b.iter(|| Workspace::open(black_box(&path)).expect("opens"));
    });
    // Importing a 50 MB text file (read, decode, normalise, fingerprint).
    let article = path.with_file_name("bench-article-50mb.txt");
    if std::fs::metadata(&article).map_or(true, |m| m.len() < 50_000_000) {
        let text: String = project
            .documents
            .iter()
            .map(|d| d.text.as_str())
            .collect::<Vec<_>>()
            .join("\n\n");
        let mut big = String::with_capacity(52_000_000);
        while big.len() < 50_000_000 {
            big.push_str(&text);
            big.push('\n');
        }
        std::fs::write(&article, big).expect("writes the article");
    }
    group.bench_function("import a 50 MB text file", |b| {
        b.iter(|| triangulate::io::import::import_file(black_box(&article)).expect("imports"));
    });
    let out = path.with_file_name("bench-stress-saved.ron");
    let mut ws = Workspace::open(&path).expect("opens");
    group.bench_function("save stress project", |b| {
        b.iter(|| ws.save_as(black_box(&out)).expect("saves"));
    });
    group.finish();

    let mut group = c.benchmark_group("edit");
    let document = stress::longest_documents(&project, 1)
        .first()
        .copied()
        .expect("a document");
    let template = project
        .claims
        .iter()
        .find(|c| c.document == document)
        .cloned()
        .expect("a claim");
    group.bench_function("create claim and undo it", |b| {
        b.iter(|| {
            let mut claim = template.clone();
            claim.id = triangulate::model::ClaimId::random();
            claim.range = CharRange::new(template.range.start, template.range.end);
            ws.apply(Edit::add_claim(claim), "Create claim")
                .expect("applies");
            ws.undo().expect("undoes");
        });
    });
    group.finish();

    // Re-anchoring: the longest document with its claims, after an insertion at its start.
    let mut group = c.benchmark_group("anchor");
    group.sample_size(20);
    let mut one = Project::new("one document");
    one.stances = project.stances.clone();
    one.sources = project.sources.clone();
    one.tags = project.tags.clone();
    one.propositions = project.propositions.clone();
    let doc = project.document(document).cloned().expect("document");
    one.claims = project.claims_on(document).cloned().collect();
    let claims = one.claims.len();
    let inserted = format!("Editor’s note: this article was updated.\n{}", doc.text);
    one.documents.push(doc);
    group.bench_function(
        format!("re-anchor {claims} claims of a 1 MB document after an insertion at its start"),
        |b| {
            b.iter_batched(
                || {
                    let mut moved = one.clone();
                    if let Some(d) = moved.documents.first_mut() {
                        d.text.clone_from(&inserted);
                        d.fingerprint = fingerprint(&inserted);
                    }
                    moved
                },
                |mut moved| {
                    let report = anchor::reanchor_document(&mut moved, document);
                    assert_eq!(report.moved.len(), claims);
                    moved
                },
                BatchSize::LargeInput,
            );
        },
    );
    // The worst case: one character inserted 3 characters before each claim, so that
    // every claim's context changed and every one is offered to confirm.
    let mut shaken = String::with_capacity(one_text(&one).len() + 4 * claims);
    let mut starts: Vec<usize> = one.claims.iter().map(|c| c.range.start).collect();
    starts.sort_unstable();
    starts.dedup();
    let mut next = starts.iter().peekable();
    for (at, ch) in one_text(&one).chars().enumerate() {
        if next.peek().is_some_and(|&&start| start == at + 3) {
            shaken.push('¶');
            next.next();
        }
        shaken.push(ch);
    }
    group.bench_function(
        format!("re-anchor {claims} claims of a 1 MB document when every claim's context changed (worst case)"),
        |b| {
            b.iter_batched(
                || {
                    let mut moved = one.clone();
                    if let Some(d) = moved.documents.first_mut() {
                        d.text.clone_from(&shaken);
                        d.fingerprint = fingerprint(&shaken);
                    }
                    moved
                },
                |mut moved| {
                    let report = anchor::reanchor_document(&mut moved, document);
                    assert!(report.to_confirm.len() * 10 >= claims * 9, "{}", report.to_confirm.len());
                    moved
                },
                BatchSize::LargeInput,
            );
        },
    );
    // The edit computed, applied to the open project and undone, as Document ▸ Edit
    // text and Ctrl+Z do it.
    let mut open_one = Workspace::new(one.clone());
    group.bench_function(
        format!("edit the text of a 1 MB document and undo it: {claims} claims carried through"),
        |b| {
            b.iter(|| {
                let outcome =
                    document_edit::edit_document_text(open_one.project(), document, &inserted)
                        .expect("document");
                assert_eq!(outcome.moved.len(), claims);
                open_one.apply(outcome.edit, "Edit text").expect("applies");
                open_one.undo().expect("undoes");
            });
        },
    );
    group.finish();

    let mut group = c.benchmark_group("export");
    group.sample_size(10);
    let all: Vec<usize> = (0..project.claims.len()).collect();
    let options = ExportOptions {
        generated: "2026-11-23T12:00:00Z".into(),
        ..ExportOptions::default()
    };
    for format in [Format::Csv, Format::Json, Format::W3c] {
        group.bench_function(format!("export 30,000 claims as {}", format.name()), |b| {
            b.iter(|| {
                export::export(&project, black_box(&all), format, &options).expect("exports")
            });
        });
    }
    group.finish();

    let mut group = c.benchmark_group("review");
    group.sample_size(10);
    let ours = colleague(&project, 1, "Ours.");
    let theirs = colleague(&project, 2, "Theirs.");
    group.bench_function("diff two stress projects", |b| {
        b.iter(|| review::diff(black_box(&ours), black_box(&theirs)));
    });
    group.bench_function("three-way merge of stress projects", |b| {
        b.iter(|| review::merge3(black_box(&project), &ours, &theirs));
    });
    group.bench_function("agreement of two stress projects", |b| {
        b.iter(|| review::agreement::agreement_report(&[&ours, &theirs]));
    });
    decision_bench(&mut group, &ours, &theirs);
    group.finish();
}

/// One review decision at stress scale, as the review screen makes it: the
/// resolver's edit for one difference, applied to my workspace, then the
/// comparison brought up to date ([`review::diff::LiveDiff::update`]). Each
/// iteration decides the next difference, taking changed, only-theirs and
/// only-mine differences in turn and cycling through keep mine, take theirs,
/// keep both and discuss.
fn decision_bench(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    ours: &Project,
    theirs: &Project,
) {
    let reviewer = review::Reviewer {
        name: "Bench".into(),
        time: "2026-11-23T12:00:00Z".into(),
        theirs_label: "their project".into(),
    };
    let theirs = Arc::new(theirs.clone());
    let mut ws = Workspace::new(ours.clone());
    let mut live = LiveDiff::new(Arc::clone(&theirs));
    live.update(ws.project());
    let of_kind = |wanted: fn(&review::DiffKind) -> bool| -> Vec<RowKey> {
        live.diff()
            .claims
            .iter()
            .filter(|row| wanted(&row.kind))
            .map(|row| (row.mine, row.theirs))
            .collect()
    };
    let lists = [
        of_kind(|k| matches!(k, review::DiffKind::Changed(_))),
        of_kind(|k| *k == review::DiffKind::OnlyTheirs),
        of_kind(|k| *k == review::DiffKind::OnlyMine),
    ];
    let longest = lists.iter().map(Vec::len).max().unwrap_or(0);
    let keys: Vec<RowKey> = (0..longest)
        .flat_map(|at| lists.iter().filter_map(move |list| list.get(at).copied()))
        .collect();
    let decisions = [
        review::Decision::KeepMine,
        review::Decision::TakeTheirs,
        review::Decision::KeepBoth,
        review::Decision::Discuss("Bench".into()),
    ];
    let mut next = 0;
    let mut whole = 0;
    group.bench_function("decision", |b| {
        b.iter(|| {
            let key = keys[next % keys.len()];
            let decision = &decisions[next % decisions.len()];
            next += 1;
            let Some(row) = live
                .diff()
                .claims
                .iter()
                .find(|row| (row.mine, row.theirs) == key)
                .cloned()
            else {
                return;
            };
            let (edit, _) = review::resolve(
                ws.project(),
                &theirs,
                live.diff(),
                &[&row],
                decision,
                &reviewer,
            );
            ws.apply(edit, "Review").expect("applies");
            if live.update(ws.project()) == Update::Full {
                whole += 1;
            }
        });
    });
    // The comparison kept up to date is the whole comparison.
    assert_eq!(live.diff(), &review::diff(ws.project(), &theirs));
    println!("review/decision: {next} decisions made, {whole} of them compared everything again");
}

/// A difference's two claims.
type RowKey = (
    Option<triangulate::model::ClaimId>,
    Option<triangulate::model::ClaimId>,
);

/// Search every document (Edit ▸ Search all documents) over the stress project's
/// 12 MB of text: compiling the query, finding every hit, keeping the first
/// 5,000 with their line of context and counting the rest.
fn search_benches(c: &mut Criterion) {
    use triangulate::search::{Query, search_project};
    let (project, _) = stress_project();
    let mut group = c.benchmark_group("search");
    group.sample_size(20);
    let queries = [
        ("plain word civilians", Query::plain("civilians")),
        (
            "whole word ignoring case haidai",
            Query {
                whole_word: true,
                ..Query::plain("haidai")
            },
        ),
        (
            "regex digits then civilians or people",
            Query {
                regex: true,
                ..Query::plain(r"\d+ (civilians|people)")
            },
        ),
    ];
    // The worst case: a letter, hundreds of thousands of hits, the first 5,000 kept.
    let letter = ("one letter e", Query::plain("e"));
    for (name, query) in queries.into_iter().chain([letter]) {
        let results = search_project(&project, &query).expect("a valid query");
        assert!(results.total > 0, "{name}: no hits in the stress project");
        println!("{name}: {}", results.summary());
        group.bench_function(format!("{name} in 12 MB"), |b| {
            b.iter(|| search_project(black_box(&project), black_box(&query)).expect("searches"));
        });
    }
    group.finish();
}

criterion_group!(core, benches, search_benches);
criterion_main!(core);

/// The text of the one document of `project`.
fn one_text(project: &Project) -> &str {
    project.documents.first().map_or("", |d| d.text.as_str())
}
