//! View ▸ Cross-tabulation (issue 17) on the sample project: the window opens on
//! Ctrl+Shift+X, shows the counts, lists a cell's claims in the claims panel,
//! switches tables, copies and saves the CSV.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui::{Key, Modifiers, OutputCommand};
use egui_kittest::kittest::{NodeT as _, Queryable as _};

mod common;
use triangulate::crosstab::{CrossTab, Dimension, Key as Header};
use triangulate::model::{Claim, Project};
use triangulate::query::{ClaimFilter, filtered_claims};

/// Whether `claim` counts under `key`, worked out here, not by the table.
fn under(claim: &Claim, key: Header) -> bool {
    match key {
        Header::Tag(id) => claim.tags.contains(&id),
        Header::NoTag => claim.tags.is_empty(),
        Header::Source(id) => claim.source == Some(id),
        Header::NoSource => claim.source.is_none(),
        Header::Stance(id) => claim.stance == Some(id),
        Header::NoStance => claim.stance.is_none(),
    }
}

/// The claims (indices) at `row` × `column` of `table`, counted by hand.
fn claims_at(project: &Project, table: &CrossTab, row: usize, column: usize) -> Vec<usize> {
    (0..project.claims.len())
        .filter(|&at| {
            let claim = &project.claims[at];
            under(claim, table.rows[row].key) && under(claim, table.columns[column].key)
        })
        .collect()
}

/// Whether a label (or a button) says exactly `text`.
fn shows(harness: &egui_kittest::Harness<'static, triangulate::ui::App>, text: &str) -> bool {
    harness
        .query_all_by_role(Role::Label)
        .any(|n| n.accesskit_node().value().as_deref() == Some(text))
        || harness.query_by_label(text).is_some()
}

fn open_window(harness: &mut egui_kittest::Harness<'static, triangulate::ui::App>) {
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::X);
    harness.run();
    assert!(
        harness.state().crosstab.open,
        "Ctrl+Shift+X opens the window"
    );
}

#[test]
fn ctrl_shift_x_shows_the_counts_and_a_click_lists_the_claims_of_a_cell() {
    let (_dir, mut harness) = common::sample_harness();
    open_window(&mut harness);
    let project = harness.state().ws().project().clone();
    let table = CrossTab::new(
        &project,
        &ClaimFilter::default(),
        Dimension::Tags,
        Dimension::Sources,
    )
    .unwrap();
    // The first cell with claims near the table's top-left corner (in view).
    let (row, column, expected) = (0..table.rows.len().min(8))
        .flat_map(|r| (0..table.columns.len().min(4)).map(move |c| (r, c)))
        .map(|(r, c)| (r, c, claims_at(&project, &table, r, c)))
        .find(|(_, _, claims)| !claims.is_empty())
        .expect("the sample has a tagged claim by a source near the top left");
    let label = format!(
        "{} / {}: {}",
        table.rows[row].label,
        table.columns[column].label,
        expected.len()
    );
    harness.get_by_label(&label).click();
    harness.run();
    let app = harness.state();
    assert_eq!(
        Some(&app.claims_panel.filter),
        table.filter_for(Some(row), Some(column)).as_ref()
    );
    assert!(!app.claims_panel.filter.is_empty());
    assert_eq!(app.claims_panel.rows(), expected.as_slice(), "{label}");
    // The table counts every claim of the sample.
    assert!(shows(
        &harness,
        &format!("{} claims counted", project.claims.len())
    ));
}

#[test]
fn sources_by_stances_changes_the_headers() {
    let (_dir, mut harness) = common::sample_harness();
    open_window(&mut harness);
    let project = harness.state().ws().project().clone();
    let tags = CrossTab::new(
        &project,
        &ClaimFilter::default(),
        Dimension::Tags,
        Dimension::Sources,
    )
    .unwrap();
    let first_source = format!("Column: {}", tags.columns[0].label);
    harness.get_by_label(&first_source);
    harness.get_by_label(&format!("Row: {}", tags.rows[0].label));

    harness.get_by_label("Sources × Stances").click();
    harness.run();
    assert!(harness.query_by_label(&first_source).is_none());
    harness.get_by_label(&format!("Row: {}", tags.columns[0].label));
    harness.get_by_label("Column: Supports");
    harness.get_by_label("Column: Disputes");
}

#[test]
fn the_claims_panels_filter_narrows_the_table_when_asked() {
    let (_dir, mut harness) = common::sample_harness();
    let project = harness.state().ws().project().clone();
    let supports = ClaimFilter {
        stance: Some(triangulate::model::Stance::SUPPORTS),
        ..ClaimFilter::default()
    };
    let kept = filtered_claims(&project, &supports).len();
    assert!(kept > 0 && kept < project.claims.len());
    harness.state_mut().claims_panel.filter = supports;
    open_window(&mut harness);
    assert!(shows(
        &harness,
        &format!("{} claims counted", project.claims.len())
    ));
    harness
        .get_by_label("Only the claims the claims panel shows")
        .click();
    harness.run();
    assert!(shows(&harness, &format!("{kept} claims counted")));
    let table = CrossTab::new(
        &project,
        &harness.state().claims_panel.filter,
        Dimension::Tags,
        Dimension::Sources,
    )
    .unwrap();
    assert_eq!(table.total, kept);
}

#[test]
fn copy_csv_puts_the_table_on_the_clipboard_and_save_writes_it() {
    let (dir, mut harness) = common::sample_harness();
    open_window(&mut harness);
    let project = harness.state().ws().project().clone();
    let csv = CrossTab::new(
        &project,
        &ClaimFilter::default(),
        Dimension::Tags,
        Dimension::Sources,
    )
    .unwrap()
    .to_csv()
    .unwrap();
    harness.get_by_label("Copy CSV").click();
    harness.step();
    let copied: Vec<&String> = harness
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            OutputCommand::CopyText(text) => Some(text),
            _ => None,
        })
        .collect();
    assert_eq!(copied, [&String::from_utf8(csv.clone()).unwrap()]);
    harness.run();

    // Save CSV…: the path prompt (no native dialog in tests), then the file.
    harness.get_by_label("Save CSV…").click();
    harness.run();
    let path = dir.path().join("table");
    let field = "Path of the CSV file to write";
    harness.get_by_label(field).focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label(field)
        .type_text(&path.display().to_string());
    harness.run();
    harness.get_by_label("OK").click();
    harness.run();
    let started = Instant::now();
    while harness.state().crosstab.is_saving() {
        assert!(
            started.elapsed() < common::JOB_TIMEOUT,
            "the save never ended"
        );
        std::thread::sleep(Duration::from_millis(20));
        harness.run();
    }
    let written = dir.path().join("table.csv");
    assert_eq!(
        std::fs::read(&written).unwrap(),
        csv,
        "{:?}",
        harness.state().last_notice()
    );
    assert!(
        harness
            .state()
            .last_notice()
            .is_some_and(|n| n.contains("table.csv")),
        "{:?}",
        harness.state().last_notice()
    );

    // Never over a project file: the sample's copy stays as it was.
    let project_file = dir.path().join("severodonetsk.ron");
    let before = std::fs::read(&project_file).unwrap();
    let command = harness.state_mut().crosstab.save_to(project_file.clone());
    harness.state_mut().push(command);
    harness.run();
    let started = Instant::now();
    while harness.state().crosstab.is_saving() {
        assert!(
            started.elapsed() < common::JOB_TIMEOUT,
            "the save never ended"
        );
        std::thread::sleep(Duration::from_millis(20));
        harness.run();
    }
    assert_eq!(std::fs::read(&project_file).unwrap(), before);
    assert!(
        harness
            .state()
            .last_notice()
            .is_some_and(|n| n.contains("project file")),
        "{:?}",
        harness.state().last_notice()
    );
}

/// A project with 300 tags, 300 sources and 30,000 claims, each with two tags.
fn large_project() -> Project {
    use triangulate::model::{CharRange, Colour, Document, Source, Tag};
    let mut project = Project::new("large");
    let doc = Document::new("d", "some text here");
    project.tags = (0..300)
        .map(|n| Tag::new(format!("tag {n:03}"), Colour::palette(n)))
        .collect();
    project.sources = (0..300)
        .map(|n| Source::new(format!("source {n:03}")))
        .collect();
    project.claims = (0..30_000)
        .map(|n| {
            let mut claim = Claim::new(&doc, CharRange::new(0, 4), "a").unwrap();
            claim.tags = vec![project.tags[n % 300].id, project.tags[(n / 7) % 300].id];
            claim.source = Some(project.sources[(n * 7) % 300].id);
            claim
        })
        .collect();
    project.documents = vec![doc];
    project
}

#[test]
fn three_hundred_tags_by_three_hundred_sources_draw_only_the_cells_in_view() {
    let project = large_project();
    let started = Instant::now();
    let table = CrossTab::new(
        &project,
        &ClaimFilter::default(),
        Dimension::Tags,
        Dimension::Sources,
    )
    .unwrap();
    println!(
        "building the {} x {} table of 30,000 claims: {:?}",
        table.rows.len(),
        table.columns.len(),
        started.elapsed()
    );
    let ws = triangulate::workspace::Workspace::new(project);
    let mut harness = common::app_harness(ws, "tester");
    open_window(&mut harness);
    let cells = |harness: &egui_kittest::Harness<'static, triangulate::ui::App>| {
        harness
            .query_all_by_role(Role::Button)
            .filter_map(|n| n.accesskit_node().label())
            .filter(|label| label.starts_with("tag ") && label.contains(" / source "))
            .count()
    };
    let drawn = cells(&harness);
    assert!(drawn > 20, "the cells in view have nodes: {drawn}");
    assert!(
        drawn < 2_000,
        "only the cells in view are drawn, not 90,000: {drawn}"
    );
    // Frames stay cheap with the table open (the table is built once, then kept).
    let started = Instant::now();
    for _ in 0..10 {
        harness.step();
    }
    let per_frame = started.elapsed() / 10;
    harness.state_mut().crosstab.open = false;
    harness.run();
    let started = Instant::now();
    for _ in 0..10 {
        harness.step();
    }
    let closed = started.elapsed() / 10;
    println!("a frame with the 300 x 300 table open: {per_frame:?}; closed: {closed:?}");
}

#[test]
fn at_800_by_600_the_window_fits_and_its_buttons_and_cells_are_in_reach() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("severodonetsk.ron");
    std::fs::copy(triangulate::SAMPLE_PROJECT_PATH, &copy).unwrap();
    let ws = triangulate::workspace::Workspace::open(&copy).unwrap();
    let mut harness = egui_kittest::Harness::builder()
        .with_size(egui::Vec2::new(800.0, 600.0))
        .with_max_steps(40)
        .allow_missing_glyphs()
        .build_eframe(move |_cc| {
            let mut app = triangulate::ui::App::new(ws, triangulate::ui::app::Prefs::default());
            app.files.native = false;
            app
        });
    harness.run();
    open_window(&mut harness);
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::Vec2::new(800.0, 600.0));
    for label in ["Copy CSV", "Save CSV…", "Sources × Stances"] {
        let rect = harness.get_by_label(label).rect();
        assert!(screen.contains_rect(rect), "{label} at {rect:?}");
    }
    let project = harness.state().ws().project().clone();
    let table = CrossTab::new(
        &project,
        &ClaimFilter::default(),
        Dimension::Tags,
        Dimension::Sources,
    )
    .unwrap();
    let first = format!(
        "{} / {}: {}",
        table.rows[0].label,
        table.columns[0].label,
        table.count(Some(0), Some(0)).unwrap()
    );
    let rect = harness.get_by_label(&first).rect();
    assert!(screen.contains_rect(rect), "{first} at {rect:?}");
}
