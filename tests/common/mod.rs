//! What the tests share: the real app in a kittest harness, waiting for its
//! background tasks, and the rule for tests that need an outside tool.
//!
//! Each test binary that declares `mod common;` compiles all of this and uses a
//! part, hence the `dead_code` allowances.

use std::time::Duration;

use egui::{Pos2, Vec2};
use egui_kittest::Harness;
use triangulate::model::CharRange;
use triangulate::ui::App;
use triangulate::ui::app::Prefs;
use triangulate::workspace::Workspace;

/// How long a test waits for a background task before it fails: long enough for
/// a slow, busy CI machine, short enough that a task that never ends is reported.
#[allow(dead_code, reason = "used only by the window tests")]
pub const JOB_TIMEOUT: Duration = Duration::from_secs(120);

/// The real app on `ws` as [`app_harness`] makes it, but with the system's fonts
/// as the window has them and no allowance for missing glyphs: a character no
/// font can draw fails the test. (CI installs Debian's Noto fonts.)
#[allow(dead_code, reason = "used only by the window tests of scripts")]
pub fn app_harness_with_fonts(ws: Workspace, annotator: &str) -> Harness<'static, App> {
    built_app(ws, annotator, true)
}

/// The real app on `ws` with `annotator` as the user's name; with the system's
/// fonts (and no allowance for missing glyphs) or egui's own (and the allowance).
#[allow(dead_code, reason = "used only by the window tests")]
fn built_app(ws: Workspace, annotator: &str, system_fonts: bool) -> Harness<'static, App> {
    let prefs = Prefs {
        annotator: annotator.into(),
        ..Prefs::default()
    };
    let mut builder = Harness::builder()
        .with_size(Vec2::new(1600.0, 1000.0))
        .with_max_steps(40);
    if !system_fonts {
        builder = builder.allow_missing_glyphs();
    }
    let mut harness = builder.build_eframe(move |cc| {
        if system_fonts {
            triangulate::ui::install_system_fonts(&cc.egui_ctx);
        }
        let mut app = App::new(ws, prefs);
        app.files.native = false;
        app
    });
    harness.run();
    harness
}

/// The real app on `ws`, 1600×1000, with `annotator` as the user's name and the
/// in-app path prompt instead of native file dialogs.
#[allow(dead_code, reason = "used only by the window tests")]
pub fn app_harness(ws: Workspace, annotator: &str) -> Harness<'static, App> {
    built_app(ws, annotator, false)
}

/// Draws one frame (so that input given since the last one starts its tasks),
/// waits up to [`JOB_TIMEOUT`] for the app's background tasks, applies what they
/// produced and draws; fails naming `what` when they do not finish in time.
///
/// Not `harness.run()` alone: while a task runs its spinner asks for frames, and
/// `run` gives up after the harness's few dozen steps however long the task needs.
#[allow(dead_code, reason = "used only by the window tests")]
#[track_caller]
pub fn finish_jobs(harness: &mut Harness<'static, App>, what: &str) {
    harness.step();
    harness.state_mut().wait_for_jobs(JOB_TIMEOUT);
    assert!(
        !harness.state().background.is_busy(),
        "{what}: the background task did not finish within {} s",
        JOB_TIMEOUT.as_secs()
    );
    harness.run();
}

/// Whether the environment says this is a CI run (`CI` set, as every CI service
/// does; empty, `0` and `false` count as not set).
#[allow(dead_code, reason = "used only by the tests that need an outside tool")]
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

/// Whether a test that needs `what` (an outside program or file) can run.
///
/// When `available` is false the test cannot run: under CI (see [`in_ci`]) that
/// fails the test, since a skipped test would be counted as a pass; elsewhere it
/// prints that the test was skipped and why, and returns false.
#[allow(dead_code, reason = "used only by the tests that need an outside tool")]
#[track_caller]
pub fn required(available: bool, what: &str) -> bool {
    if available {
        return true;
    }
    assert!(
        !in_ci(),
        "{what} is missing, and CI is set: this test must run in CI, not be skipped"
    );
    println!("skipped: {what} is missing (set CI=true to make this a failure)");
    false
}

/// Whether the system has fonts for Arabic, Hebrew, Chinese and Japanese (asked of
/// fontconfig, which the window's font provider uses on Linux), as the tests of
/// scripts need: CI installs Debian's Noto fonts.
#[allow(dead_code, reason = "used only by the window tests of scripts")]
pub fn script_fonts_installed() -> bool {
    ["ar", "he", "zh-cn", "ja"].iter().all(|lang| {
        std::process::Command::new("fc-list")
            .arg(format!(":lang={lang}"))
            .arg("family")
            .output()
            .is_ok_and(|out| out.status.success() && !out.stdout.trim_ascii().is_empty())
    })
}

/// Whether `program` can be run (`program args` starts and exits successfully).
#[allow(dead_code, reason = "used only by the tests that need an outside tool")]
pub fn program_runs(program: &str, args: &[&str]) -> bool {
    std::process::Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|out| out.status.success())
}

/// The screen position of character `offset` in pane `pane`, from the last frame.
#[allow(dead_code, reason = "used only by the window tests that select text")]
pub fn char_pos(harness: &Harness<'_, App>, pane: usize, offset: usize) -> Pos2 {
    harness
        .state()
        .panes
        .get(pane)
        .and_then(|p| p.reader.screen_pos_of(offset))
        .unwrap_or_else(|| panic!("character {offset} of pane {pane} is not on screen"))
}

/// Drags the mouse across `range` of the document in `pane`.
#[allow(dead_code, reason = "used only by the window tests that select text")]
pub fn drag_select(harness: &mut Harness<'_, App>, pane: usize, range: CharRange) {
    let start = char_pos(harness, pane, range.start) + Vec2::new(1.0, 0.0);
    let end = char_pos(harness, pane, range.end - 1) + Vec2::new(3.0, 0.0);
    drag_from_to(harness, start, end);
}

/// Drags the mouse from `start` to `end` as a hand does: down, through the middle,
/// up.
#[allow(dead_code, reason = "used only by the window tests that select text")]
pub fn drag_from_to(harness: &mut Harness<'_, App>, start: Pos2, end: Pos2) {
    harness.hover_at(start);
    harness.run();
    harness.drag_at(start);
    harness.run();
    harness.hover_at(Pos2::new((start.x + end.x) / 2.0, end.y));
    harness.run();
    harness.hover_at(end);
    harness.run();
    harness.drop_at(end);
    harness.run();
}

/// The real app (see [`app_harness`]) on a copy of the sample project in a temporary
/// folder, so that saving never touches the real one; the folder is removed when the
/// returned `TempDir` is dropped at the end of the test.
#[allow(dead_code, reason = "used only by the window tests on the sample")]
pub fn sample_harness() -> (tempfile::TempDir, Harness<'static, App>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let copy = dir.path().join("severodonetsk.ron");
    std::fs::copy(triangulate::SAMPLE_PROJECT_PATH, &copy).expect("copy the sample");
    let ws = Workspace::open(&copy).expect("the sample opens");
    (dir, app_harness(ws, "tester"))
}
