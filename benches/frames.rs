//! Frame time of the real window at stress scale, headless (see BENCHMARKS.md).
//!
//! Drives `triangulate::ui::App` with its own `egui::Context` at 1600×1000 and
//! times `run_ui` + `tessellate` per frame: four panes on the four longest
//! documents, the claims table unfiltered, something scrolled every frame; then
//! typing a filter one character per frame; then creating and undoing a claim;
//! then saving while scrolling; then review decisions against a colleague's
//! copy. Prints the process's peak memory before the saves and the review, and
//! at the end. `cargo bench --bench frames`.
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
use triangulate::model::{Claim, ClaimId, Project, Stance};
use triangulate::stress::{self, SplitMix64};
use triangulate::ui::app::{App, Pane, Prefs};
use triangulate::ui::command::{Action, Command};
use triangulate::ui::review::ReviewScreen;
use triangulate::workspace::Workspace;

/// The window size, in points: a common full-HD screen, where four panes keep
/// a readable width beside the claims panel once the document list is hidden.
const WIDTH: f32 = 1920.0;
const HEIGHT: f32 = 1080.0;
/// Frames run before timing starts.
const WARM_UP: usize = 60;
/// Frames timed per scenario.
const FRAMES: usize = 400;
/// Saves made while scrolling.
const SAVES: usize = 8;
/// Review decisions timed.
const DECISIONS: usize = 100;
/// Where the claims table is, for the scroll scenarios.
const TABLE: Pos2 = Pos2::new(WIDTH - 200.0, 400.0);

/// A headless window: the context, the app, the clock.
struct Window {
    ctx: egui::Context,
    app: App,
    time: f64,
    /// The last frame's time on a CPU (this thread), where Linux reports it.
    cpu: Duration,
    /// The last frame's time waiting for a CPU while ready to run.
    waited: Duration,
}

impl Window {
    /// The app on `ws` with a pane on each of `documents`, in a fresh context
    /// (with the system's fonts when `system_fonts`).
    fn open(
        ws: Workspace,
        documents: &[triangulate::model::DocumentId],
        system_fonts: bool,
    ) -> Self {
        let mut app = App::new(ws, Prefs::default());
        app.files.native = false;
        app.panes = documents.iter().map(|&d| Pane::new(Some(d))).collect();
        // The document list hidden (View ▸ Document list), as an analyst reading
        // four documents side by side does.
        app.show_documents = Some(false);
        let ctx = egui::Context::default();
        if system_fonts {
            triangulate::ui::install_system_fonts(&ctx);
        }
        Self {
            ctx,
            app,
            time: 0.0,
            cpu: Duration::ZERO,
            waited: Duration::ZERO,
        }
    }

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
        let before = thread_times();
        let started = Instant::now();
        let output = self.ctx.run_ui(input, |ui| app.frame_ui(ui));
        let primitives = self.ctx.tessellate(output.shapes, output.pixels_per_point);
        let elapsed = started.elapsed();
        if let (Some(before), Some(after)) = (before, thread_times()) {
            self.cpu = after.0.saturating_sub(before.0);
            self.waited = after.1.saturating_sub(before.1);
        }
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

impl Window {
    /// Where the scroll scenarios point: the middle of each pane on screen, and the
    /// claims table.
    fn targets(&self) -> Vec<Pos2> {
        let mut targets: Vec<Pos2> = self
            .app
            .panes
            .iter()
            .filter_map(|p| p.shown_at.map(|r| r.center()))
            .collect();
        targets.push(TABLE);
        targets
    }
}

/// The `i`th frame of scrolling: over one pane or the table (changing every 20
/// frames), down for a while, then back up a little, like reading.
fn scroll_frame(window: &mut Window, i: usize) -> Duration {
    let targets = window.targets();
    let target = targets[(i / 20) % targets.len()];
    let dy = if i % 200 < 170 { -40.0 } else { 60.0 };
    window.frame(wheel_at(target, dy))
}

/// A key pressed (and released) with no modifier.
fn key(key: egui::Key) -> Vec<Event> {
    key_with(key, egui::Modifiers::NONE)
}

/// A key pressed (and released) with `modifiers` held.
fn key_with(key: egui::Key, modifiers: egui::Modifiers) -> Vec<Event> {
    [true, false]
        .map(|pressed| Event::Key {
            key,
            physical_key: None,
            pressed,
            repeat: false,
            modifiers,
        })
        .to_vec()
}

/// A click of the primary button at `pos`.
fn click_at(pos: Pos2) -> Vec<Event> {
    let mut events = vec![Event::PointerMoved(pos)];
    for pressed in [true, false] {
        events.push(Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }
    events
}

/// A colleague's version of `project`, changed as in the core review
/// benchmarks: some stances and notes changed, some claims removed, some added.
fn colleague(project: &Project) -> Project {
    let mut rng = SplitMix64::new(2);
    let mut theirs = project.clone();
    let stances = Stance::default_scale();
    for claim in &mut theirs.claims {
        if rng.chance(5) {
            claim.stance = Some(rng.pick(&stances).id);
        }
        if rng.chance(3) {
            claim.note = "Theirs.".to_owned();
        }
    }
    theirs.claims.retain(|_| !rng.chance(2));
    let added: Vec<Claim> = (0..300)
        .map(|_| {
            let mut claim = rng.pick(&project.claims).clone();
            claim.id = ClaimId::from_u128(rng.next_u128());
            claim.stance = Some(rng.pick(&stances).id);
            claim
        })
        .collect();
    theirs.claims.extend(added);
    theirs
}

/// File ▸ Save while scrolling: the save is written on the background runner
/// while the panes and the table scroll every frame, until the save has been
/// written and recorded. Then the same with a claim created while the file is
/// being written (the project, shared with the save, is copied once).
fn save_while_scrolling(window: &mut Window) {
    let mut times = Vec::new();
    let mut details = Vec::new();
    let mut recorded = Vec::new();
    let mut walls = Vec::new();
    let mut frame = 0;
    for _ in 0..SAVES {
        window.app.push(Command::Action(Action::Save));
        let started = Instant::now();
        let mut seen_saving = false;
        let mut in_save = 0;
        loop {
            let time = scroll_frame(window, frame);
            times.push(time);
            details.push((time, window.cpu, window.waited, in_save));
            in_save += 1;
            frame += 1;
            let saving = window.app.background.is_saving();
            seen_saving |= saving;
            if (seen_saving && !saving) || started.elapsed() > Duration::from_secs(60) {
                break;
            }
        }
        if let Some(&(time, cpu, waited, _)) = details.last() {
            recorded.push((time, cpu, waited, in_save));
        }
        walls.push(started.elapsed());
    }
    walls.sort();
    println!(
        "save while scrolling: {} saves, each written and recorded in {:.0}–{:.0} ms (median {:.0} ms); {}",
        walls.len(),
        walls.first().map_or(0.0, |d| d.as_secs_f64() * 1000.0),
        walls.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0),
        walls
            .get(walls.len() / 2)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0),
        window.app.last_notice().unwrap_or("no notice"),
    );
    report(
        "save while scrolling (every frame from File ▸ Save until the save is recorded)",
        &mut times,
    );
    worst("save while scrolling", "frame after Save", &details);
    worst(
        "the frame that records each save",
        "frames in its save:",
        &recorded,
    );

    // A claim created in the frame after File ▸ Save, while the file is written.
    let template = window.app.ws().project().claims.first().cloned();
    let mut edits = Vec::new();
    let mut during = Vec::new();
    for _ in 0..SAVES {
        let Some(template) = template.clone() else {
            break;
        };
        window.app.push(Command::Action(Action::Save));
        during.push(scroll_frame(window, frame));
        frame += 1;
        let mut claim = template;
        claim.id = ClaimId::random();
        window.app.push(Command::Edit {
            edit: Edit::add_claim(claim),
            label: "Create claim".into(),
        });
        edits.push(scroll_frame(window, frame));
        frame += 1;
        let started = Instant::now();
        while window.app.background.is_saving() && started.elapsed() < Duration::from_secs(60) {
            during.push(scroll_frame(window, frame));
            frame += 1;
        }
        window.app.push(Command::Action(Action::Undo));
        window.frame(Vec::new());
    }
    report(
        "a claim created while the save is written (the frame applying it)",
        &mut edits,
    );
    report("the other frames of those saves (scrolling)", &mut during);
}

/// Review decisions at stress scale: the review screen open on a colleague's
/// copy of the project, and a decision key (M, T, B, D in turn) pressed on the
/// selected difference; the frame that takes the key and applies the edit,
/// plus the next frame (which brings the comparison up to date), are timed.
fn review_decisions(window: &mut Window) {
    let theirs = colleague(window.app.ws().project());
    let path = PathBuf::from("colleague.ron");
    window.app.review = Some(ReviewScreen::new(std::sync::Arc::new(theirs), path));
    let started = Instant::now();
    window.frame(Vec::new());
    println!(
        "review: first frame (the whole comparison): {:.0} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    for _ in 0..WARM_UP {
        window.frame(Vec::new());
    }
    let keys = [egui::Key::M, egui::Key::T, egui::Key::B, egui::Key::D];
    let mut times = Vec::with_capacity(DECISIONS);
    let mut details = Vec::with_capacity(DECISIONS);
    for i in 0..DECISIONS + 10 {
        let pressed = keys[i % keys.len()];
        let first = window.frame(key(pressed));
        let (cpu, waited) = (window.cpu, window.waited);
        let time = first + window.frame(Vec::new());
        if i >= 10 {
            times.push(time);
            details.push((time, cpu + window.cpu, waited + window.waited, i));
        }
    }
    let undo = window.app.ws().history().undo_len();
    report(
        "review decision (the frame taking the key and applying it + the next frame)",
        &mut times,
    );
    worst("review decision", "decision", &details);
    println!("review: {undo} steps in the history after the decisions");
    window.app.review = None;
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

/// This thread's time on a CPU and time waiting for one, so far, from
/// /proc (Linux): a frame that took long on the clock but little on the CPU
/// was waiting for a core that something else had.
fn thread_times() -> Option<(Duration, Duration)> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let mut fields = text.split_whitespace().map(|f| f.parse::<u64>().ok());
    let run = fields.next()??;
    let wait = fields.next()??;
    Some((Duration::from_nanos(run), Duration::from_nanos(wait)))
}

/// The slowest frames (by the clock), with their time on the CPU and waiting
/// for one, and where they came in their save or decision.
fn worst(name: &str, place: &str, frames: &[(Duration, Duration, Duration, usize)]) {
    let mut frames = frames.to_vec();
    frames.sort_by_key(|f| std::cmp::Reverse(f.0));
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let shown: Vec<String> = frames
        .iter()
        .take(3)
        .map(|(wall, cpu, waited, at)| {
            format!(
                "{:.1} ms (on the CPU {:.1} ms, waiting {:.1} ms; {place} {at})",
                ms(*wall),
                ms(*cpu),
                ms(*waited)
            )
        })
        .collect();
    let mut cpu: Vec<Duration> = frames.iter().map(|f| f.1).collect();
    report(&format!("{name}, time on the CPU"), &mut cpu);
    println!("{name}, slowest: {}", shown.join("; "));
}

/// The process's peak resident memory, from /proc (Linux).
fn peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(format!("{:.0} MB", kb / 1024.0))
}

/// Set for the child process that only checks (or writes) the stress file.
const CHECK_STRESS_FILE: &str = "TRIANGULATE_BENCH_CHECK_STRESS_FILE";

/// Scrolling panes of right-to-left and Chinese text, each pane on its own, with the
/// system's fonts as the window has them: one ~150 kB document per script (the
/// fixture articles repeated), the claims table empty.
fn scripts() {
    let fixture = |name: &str| {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/scripts")
            .join(name);
        std::fs::read_to_string(path).expect("a fixture article")
    };
    let latin = triangulate::SAMPLE_PROJECT;
    let latin = ron::from_str::<Project>(latin)
        .ok()
        .and_then(|p| p.documents.first().map(|d| d.text.clone()))
        .unwrap_or_else(|| "Haidai said 568 civilians remained in the Azot plant. ".repeat(40));
    let scripts = [
        ("Latin", latin),
        ("Arabic", fixture("ar.txt")),
        ("Chinese", fixture("zh.txt")),
        ("Hebrew", fixture("he.txt")),
    ];
    let mut project = Project::new("Scripts");
    let mut random = SplitMix64::new(15);
    for (name, text) in &scripts {
        // Each repetition's paragraphs with their words rotated, so that no two
        // paragraphs are the same and egui's cache of laid-out text does not flatter.
        let mut long = String::new();
        while long.len() < 150_000 {
            for paragraph in text.split('\n') {
                let words: Vec<&str> = paragraph.split(' ').collect();
                let turn = (random.next_u64() as usize) % words.len().max(1);
                let rotated: Vec<&str> = words[turn..]
                    .iter()
                    .chain(&words[..turn])
                    .copied()
                    .collect();
                long.push_str(&rotated.join(" "));
                long.push('\n');
            }
        }
        project
            .documents
            .push(triangulate::model::Document::new(*name, &long));
    }
    let ids: Vec<_> = project.documents.iter().map(|d| d.id).collect();
    let mut window = Window::open(Workspace::new(project), &ids, true);
    let first = window.frame(Vec::new());
    println!(
        "scripts: first frame (4 panes: Latin, Arabic, Chinese, Hebrew): {:.1} ms",
        first.as_secs_f64() * 1000.0
    );
    for _ in 0..WARM_UP {
        window.frame(Vec::new());
    }
    let targets = window.targets();
    assert_eq!(targets.len(), 5, "the four script panes side by side");
    for (pane, (name, _)) in scripts.iter().enumerate() {
        let target = targets[pane];
        let mut times: Vec<Duration> = (0..FRAMES + WARM_UP)
            .map(|i| {
                let dy = if i % 200 < 170 { -40.0 } else { 60.0 };
                window.frame(wheel_at(target, dy))
            })
            .skip(WARM_UP)
            .collect();
        report(
            &format!("scripts: scrolling the {name} pane (4 panes of ~150 kB)"),
            &mut times,
        );
    }
}

fn main() {
    if std::env::args().any(|a| a == "scripts") {
        scripts();
        return;
    }
    // The stress project, opened as the app opens it.
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("bench-stress.ron");
    // Written unless the file there is the generator's project as it is now; checked
    // in a child process, so that the generated copy (and the file loaded to compare
    // with it) do not count in this process's peak memory.
    if std::env::var_os(CHECK_STRESS_FILE).is_some() {
        stress::project_on_disk(&path).expect("writes the stress project");
        return;
    }
    let checked = std::process::Command::new(std::env::current_exe().expect("this benchmark"))
        .env(CHECK_STRESS_FILE, "1")
        .status()
        .expect("the check of the stress file runs");
    assert!(checked.success(), "the check of the stress file failed");
    // The window saves over the file it opened: a copy, so the other benchmarks' file stays.
    let copy = path.with_file_name("bench-stress-frames.ron");
    std::fs::copy(&path, &copy).expect("copies the stress project");
    let started = Instant::now();
    let ws = Workspace::open(&copy).expect("opens the stress project");
    println!("open: {:.0} ms", started.elapsed().as_secs_f64() * 1000.0);
    let longest = stress::longest_documents(ws.project(), 4);

    let mut window = Window::open(ws, &longest, false);

    let first = window.frame(Vec::new());
    println!(
        "first frame (4 panes on the longest documents): {:.1} ms",
        first.as_secs_f64() * 1000.0
    );
    window.frame(Vec::new());
    let shown = window
        .app
        .panes
        .iter()
        .filter(|p| p.shown_at.is_some())
        .count();
    assert_eq!(shown, 4, "the four panes side by side at {WIDTH}×{HEIGHT}");
    for _ in 0..WARM_UP {
        window.frame(Vec::new());
    }

    let scroll = |window: &mut Window, frames: usize| -> Vec<Duration> {
        (0..frames).map(|i| scroll_frame(window, i)).collect()
    };
    scroll(&mut window, WARM_UP);
    let mut times = scroll(&mut window, FRAMES);
    report(
        "scrolling, 4 panes on the longest documents, claims table unfiltered",
        &mut times,
    );

    // Typing a filter into the claims panel as a user does: a click in its field,
    // then one character per frame, and after the last one the field cleared
    // (select all, delete) in one frame.
    let typed = "civilians remained in the city centre";
    let field = window
        .ctx
        .read_response(triangulate::ui::claims_panel::filter_text_id())
        .map(|r| r.rect.center())
        .expect("the claims filter field is on screen");
    window.frame(click_at(field));
    assert!(
        window
            .ctx
            .memory(|m| m.has_focus(triangulate::ui::claims_panel::filter_text_id())),
        "the click put the keyboard in the filter field"
    );
    let mut times = Vec::with_capacity(FRAMES);
    let mut cycles = 0;
    for i in 0..FRAMES + WARM_UP {
        let length = i % (typed.len() + 1);
        let events = match typed.get(length.saturating_sub(1)..length) {
            Some(c) if length > 0 => vec![Event::Text(c.to_owned())],
            _ => {
                if i > 0 {
                    assert_eq!(
                        window.app.claims_panel.filter.text, typed,
                        "the typed filter reached the claims panel"
                    );
                    cycles += 1;
                }
                [
                    key_with(egui::Key::A, egui::Modifiers::COMMAND),
                    key(egui::Key::Backspace),
                ]
                .concat()
            }
        };
        let time = window.frame(events);
        if i >= WARM_UP {
            times.push(time);
        }
    }
    assert!(cycles > 0, "the filter was never typed out");
    report("typing a filter into the claims panel", &mut times);
    window.frame(
        [
            key_with(egui::Key::A, egui::Modifiers::COMMAND),
            key(egui::Key::Backspace),
        ]
        .concat(),
    );
    window.frame(key(egui::Key::Escape));
    assert!(
        window.app.claims_panel.filter.text.is_empty(),
        "the filter was cleared"
    );

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

    // The new windows open (issue 17): a search across every document with its
    // hit list, and the tags × sources cross-tabulation, scrolling as before.
    window.app.push(Command::SelectClaim(None));
    window.app.search.query.text = "civilians".to_owned();
    window.app.search.show();
    window.app.crosstab.open = true;
    let started = Instant::now();
    while window.app.search.results().total == 0 {
        window.frame(Vec::new());
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the search across every document never finished"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    scroll(&mut window, WARM_UP);
    let mut times = scroll(&mut window, FRAMES);
    report(
        "scrolling with Search all documents (hits for \"civilians\") and Cross-tabulation open",
        &mut times,
    );
    window.app.search.open = false;
    window.app.crosstab.open = false;
    window.frame(Vec::new());

    if let Some(peak) = peak_memory() {
        println!("peak memory (VmHWM) with the stress project open: {peak}");
    }

    save_while_scrolling(&mut window);
    review_decisions(&mut window);
    drop(window);
    scripts();

    if let Some(peak) = peak_memory() {
        println!(
            "peak memory (VmHWM) after saving while editing and reviewing against a colleague's copy: {peak}"
        );
    }
}
