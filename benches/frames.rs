//! Frame time of the real window at stress scale, headless (see BENCHMARKS.md).
//!
//! Drives `triangulate::ui::App` with its own `egui::Context` at 1600×1000 and
//! times `run_ui` + `tessellate` per frame: four panes on the four longest
//! documents, the claims table unfiltered, something scrolled every frame; then
//! typing a filter one character per frame; then creating and undoing a claim.
//! Ends with the process's peak memory. `cargo bench --bench frames`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a tool for developers: a panic is how it reports a failure"
)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui::{Event, MouseWheelSource, MouseWheelUnit, Pos2, RawInput, Rect, TouchPhase, vec2};
use triangulate::edit::Edit;
use triangulate::io::project_file;
use triangulate::model::ClaimId;
use triangulate::stress;
use triangulate::ui::app::{App, Pane, Prefs};
use triangulate::ui::command::{Action, Command};
use triangulate::workspace::Workspace;

/// The window size, in points.
const WIDTH: f32 = 1600.0;
const HEIGHT: f32 = 1000.0;
/// Frames run before timing starts.
const WARM_UP: usize = 60;
/// Frames timed per scenario.
const FRAMES: usize = 400;

/// A headless window: the context, the app, the clock.
struct Window {
    ctx: egui::Context,
    app: App,
    time: f64,
}

impl Window {
    /// Runs one frame with `events`; returns its CPU time (run_ui + tessellate).
    fn frame(&mut self, events: Vec<Event>) -> Duration {
        self.time += 1.0 / 60.0;
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(WIDTH, HEIGHT))),
            time: Some(self.time),
            events,
            ..RawInput::default()
        };
        let app = &mut self.app;
        let started = Instant::now();
        let output = self.ctx.run_ui(input, |ui| app.frame_ui(ui));
        let primitives = self.ctx.tessellate(output.shapes, output.pixels_per_point);
        let elapsed = started.elapsed();
        std::hint::black_box(primitives);
        elapsed
    }
}

/// The pointer moved to `pos` and the wheel turned by `dy` points.
fn wheel_at(pos: Pos2, dy: f32) -> Vec<Event> {
    vec![
        Event::PointerMoved(pos),
        Event::MouseWheel {
            unit: MouseWheelUnit::Point,
            delta: vec2(0.0, dy),
            phase: TouchPhase::Move,
            source: MouseWheelSource::Unknown,
            modifiers: egui::Modifiers::NONE,
        },
    ]
}

/// Median, 99th percentile and worst of the frame times, in milliseconds.
fn report(name: &str, times: &mut [Duration]) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: f64| {
        let index = ((times.len() as f64 - 1.0) * q).round() as usize;
        times.get(index).copied().map_or(0.0, ms)
    };
    println!(
        "{name}: median {:.2} ms, p99 {:.2} ms, max {:.2} ms over {} frames",
        at(0.5),
        at(0.99),
        times.last().copied().map_or(0.0, ms),
        times.len()
    );
}

/// The process's peak resident memory, from /proc (Linux).
fn peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(format!("{:.0} MB", kb / 1024.0))
}

fn main() {
    // The stress project, opened as the app opens it.
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("bench-stress.ron");
    if !path.exists() {
        project_file::save(&path, &stress::project(1.0)).expect("writes the stress project");
    }
    let started = Instant::now();
    let ws = Workspace::open(&path).expect("opens the stress project");
    println!("open: {:.0} ms", started.elapsed().as_secs_f64() * 1000.0);
    let longest = stress::longest_documents(ws.project(), 4);

    let mut app = App::new(ws, Prefs::default());
    app.files.native = false;
    app.panes = longest.iter().map(|&d| Pane::new(Some(d))).collect();
    let ctx = egui::Context::default();
    let mut window = Window {
        ctx,
        app,
        time: 0.0,
    };

    let first = window.frame(Vec::new());
    println!(
        "first frame (4 panes on the longest documents): {:.1} ms",
        first.as_secs_f64() * 1000.0
    );
    for _ in 0..WARM_UP {
        window.frame(Vec::new());
    }

    // Where to scroll: the middle of each pane, and the claims table.
    let targets = [
        Pos2::new(330.0, 500.0),
        Pos2::new(530.0, 500.0),
        Pos2::new(730.0, 500.0),
        Pos2::new(930.0, 500.0),
        Pos2::new(1400.0, 300.0),
    ];
    let scroll = |window: &mut Window, frames: usize| -> Vec<Duration> {
        (0..frames)
            .map(|i| {
                let target = targets[(i / 20) % targets.len()];
                // Down for a while, then back up a little: like reading.
                let dy = if i % 200 < 170 { -40.0 } else { 60.0 };
                window.frame(wheel_at(target, dy))
            })
            .collect()
    };
    scroll(&mut window, WARM_UP);
    let mut times = scroll(&mut window, FRAMES);
    report(
        "scrolling, 4 panes on the longest documents, claims table unfiltered",
        &mut times,
    );

    // Typing a filter into the claims panel, one character per frame.
    let typed = "civilians remained in the city centre";
    let mut times = Vec::with_capacity(FRAMES);
    for i in 0..FRAMES + WARM_UP {
        let filter = &mut window.app.claims_panel.filter.text;
        let length = i % (typed.len() + 1);
        filter.clear();
        filter.push_str(&typed[..length]);
        let time = window.frame(wheel_at(targets[4], 0.0));
        if i >= WARM_UP {
            times.push(time);
        }
    }
    report("typing a filter into the claims panel", &mut times);
    window.app.claims_panel.filter.text.clear();
    window.frame(Vec::new());

    // A claim selected (its proposition's claims marked in every pane, its editor
    // open under the table), scrolling as before.
    let selected = window
        .app
        .ws()
        .project()
        .claims
        .iter()
        .find(|c| Some(c.document) == longest.first().copied() && c.proposition.is_some())
        .map(|c| c.id);
    window.app.push(Command::SelectClaim(selected));
    scroll(&mut window, WARM_UP);
    let mut times = scroll(&mut window, FRAMES);
    report(
        "scrolling with a claim selected (linked claims marked, editor open)",
        &mut times,
    );

    // Creating a claim and undoing it: the frame that applies it and the next one.
    let template = window
        .app
        .ws()
        .project()
        .claims
        .iter()
        .find(|c| Some(c.document) == longest.first().copied())
        .cloned()
        .expect("a claim");
    let mut create = Vec::new();
    let mut undo = Vec::new();
    for i in 0..100 + 10 {
        let mut claim = template.clone();
        claim.id = ClaimId::random();
        window.app.push(Command::Edit {
            edit: Edit::add_claim(claim),
            label: "Create claim".into(),
        });
        let time = window.frame(Vec::new()) + window.frame(Vec::new());
        window.app.push(Command::Action(Action::Undo));
        let undone = window.frame(Vec::new()) + window.frame(Vec::new());
        if i >= 10 {
            create.push(time);
            undo.push(undone);
        }
    }
    report(
        "create a claim (the frame applying it + the next frame)",
        &mut create,
    );
    report(
        "undo it (the frame applying it + the next frame)",
        &mut undo,
    );

    if let Some(peak) = peak_memory() {
        println!("peak memory (VmHWM) with the stress project open: {peak}");
    }
}
