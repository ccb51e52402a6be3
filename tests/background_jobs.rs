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
use egui_kittest::kittest::Queryable as _;
use triangulate::io::project_file;
use triangulate::ui::App;
use triangulate::ui::app::Prefs;
use triangulate::ui::command::Command;
use triangulate::workspace::Workspace;

/// How long a job may take before the test fails: generous, for a slow, busy CI machine.
const TIMEOUT: Duration = Duration::from_secs(120);

/// Runs frames until the background job whose status starts with `label`
/// ("Opening", "Importing") is done; returns how many frames were drawn while it
/// still ran, each showing it in the status bar. Fails if it is not done within
/// [`TIMEOUT`].
#[track_caller]
fn frames_while_running(harness: &mut Harness<'static, App>, label: &str) -> usize {
    let started = Instant::now();
    let mut frames = 0;
    while harness.state().background.is_busy() {
        assert!(
            started.elapsed() < TIMEOUT,
            "“{label}…” did not finish within {} s ({frames} frames drawn meanwhile)",
            TIMEOUT.as_secs()
        );
        harness.step();
        if harness.state().background.is_running(label) {
            // Drawn while the worker still works: the status bar says so.
            assert!(
                harness
                    .query_all_by_label_contains(&format!("{label} "))
                    .next()
                    .is_some(),
                "a frame drawn during “{label}…” does not show it"
            );
            frames += 1;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    frames
}

/// The real app on a new, empty project, 1600×1000, with the in-app path prompt.
fn untitled_window() -> Harness<'static, App> {
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
    harness
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

    let mut harness = untitled_window();

    // File ▸ Open: the project arrives through the worker, frames keep running meanwhile.
    harness
        .state_mut()
        .push(Command::OpenPath(project_path.clone()));
    harness.step();
    // The frame that asked for the file is over, and the file is not open yet: the
    // window went on drawing the old project while the worker reads the new one.
    let app = harness.state();
    assert!(
        app.background.is_running("Opening"),
        "the open is not running in the background after the frame that asked for it: done in the frame, or never started"
    );
    assert_eq!(app.ws().path(), None, "the old project is still shown");
    let frames = frames_while_running(&mut harness, "Opening");
    assert!(frames >= 1, "no frame was drawn while the project was read");
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
    let app = harness.state();
    assert!(
        app.background.is_running("Importing"),
        "the import is not running in the background after the frame that asked for it: done in the frame, or never started"
    );
    assert_eq!(
        app.ws().project().documents.len(),
        documents,
        "nothing imported yet"
    );
    let frames = frames_while_running(&mut harness, "Importing");
    assert!(frames >= 1, "no frame was drawn while the article was read");
    harness.step();
    harness.step();
    let app = harness.state();
    assert_eq!(app.ws().project().documents.len(), documents + 1);
    let imported = app.ws().project().documents.last().expect("imported");
    assert_eq!(imported.imported_from, "long article.txt");
    assert!(app.ws().is_dirty());
}

#[test]
fn files_dropped_on_the_window_import_the_rest_and_name_each_refused_one_in_one_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let article = dir.path().join("azot.txt");
    std::fs::write(
        &article,
        "Haidai said 568 civilians remained in the Azot plant.\n",
    )
    .expect("writes");
    let photo = dir.path().join("photo.txt");
    std::fs::write(&photo, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").expect("writes");
    let pdf = dir.path().join("report.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n").expect("writes");

    let mut harness = untitled_window();
    for path in [&photo, &article, &pdf] {
        harness
            .input_mut()
            .dropped_files
            .push(std::sync::Arc::new(Dropped(path.clone())));
    }
    harness.step();
    frames_while_running(&mut harness, "Importing");
    harness.step();
    harness.step();
    let app = harness.state();
    assert_eq!(
        app.ws().project().documents.len(),
        1,
        "the good file came in"
    );
    let notice = app.last_notice().unwrap_or_default().to_owned();
    assert!(
        notice.starts_with("Imported 1 document(s); 2 file(s) refused"),
        "{notice}"
    );
    assert!(
        notice.contains("photo.txt") && notice.contains("report.pdf"),
        "each refused file is named with its reason in the one message: {notice}"
    );
}

/// A file dropped on the window, as the platform layer hands it to egui.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|err| err.to_string())
    }
}
