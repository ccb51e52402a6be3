//! Opening a project and importing documents run on a worker thread while the
//! window keeps drawing; what they produce lands in the app when they finish.
#![cfg(feature = "gui")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

use std::time::{Duration, Instant};

use egui::Vec2;
use egui_kittest::Harness;
use triangulate::io::project_file;
use triangulate::ui::App;
use triangulate::ui::app::Prefs;
use triangulate::ui::command::Command;
use triangulate::workspace::Workspace;

/// Runs frames until `done` holds (or a minute has passed); returns how many frames ran.
fn run_until(harness: &mut Harness<'static, App>, done: impl Fn(&App) -> bool) -> usize {
    let started = Instant::now();
    let mut frames = 0;
    while !done(harness.state()) && started.elapsed() < Duration::from_secs(60) {
        harness.step();
        frames += 1;
        std::thread::sleep(Duration::from_millis(2));
    }
    frames
}

#[test]
fn opening_and_importing_finish_in_the_background_while_frames_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project_path = dir.path().join("stress.ron");
    let project = triangulate::stress::project(0.02);
    project_file::save(&project_path, &project).expect("saves");
    let article = dir.path().join("long article.txt");
    let paragraph =
        "Haidai said 568 civilians remained in the Azot plant, “many of them children”.\n";
    std::fs::write(&article, paragraph.repeat(20_000)).expect("writes");

    let mut harness = Harness::builder()
        .with_size(Vec2::new(1600.0, 1000.0))
        .allow_missing_glyphs()
        .build_eframe(|_cc| {
            let mut app = App::new(
                Workspace::new(triangulate::model::Project::new("Untitled")),
                Prefs::default(),
            );
            app.files.native = false;
            app
        });
    harness.run();

    // File ▸ Open: the project arrives through the worker, frames keep running meanwhile.
    harness
        .state_mut()
        .push(Command::OpenPath(project_path.clone()));
    harness.step();
    run_until(&mut harness, |app| !app.background.is_busy());
    harness.step();
    let app = harness.state();
    assert_eq!(app.ws().path(), Some(project_path.as_path()));
    assert_eq!(*app.ws().project(), project);
    assert!(!app.ws().is_dirty());

    // Import: the document is read on the worker and added as one undoable step.
    let documents = project.documents.len();
    harness
        .state_mut()
        .push(Command::ImportPaths(vec![article.clone()]));
    harness.step();
    run_until(&mut harness, |app| !app.background.is_busy());
    harness.step();
    harness.step();
    let app = harness.state();
    assert_eq!(app.ws().project().documents.len(), documents + 1);
    let imported = app.ws().project().documents.last().expect("imported");
    assert_eq!(imported.imported_from, "long article.txt");
    assert!(app.ws().is_dirty());
}
