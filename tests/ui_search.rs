//! Search every document (issue 17): Edit ▸ Search all documents (Ctrl+Shift+F)
//! lists the hits of every document, grouped with counts; a hit opens in a pane,
//! by a click or by Enter, and becomes a claim with "Create claim from hit". The
//! claims filter also finds claims by source name and tag.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use triangulate::model::{CharRange, Claim, DocumentId, Project};
use triangulate::ui::App;

mod common;

/// Draws frames until the search has finished (typing paused and the thread
/// answered); fails after a generous timeout rather than waiting for ever.
fn wait_for_search(harness: &mut Harness<'static, App>) {
    let started = Instant::now();
    loop {
        harness.run();
        if !harness.state().search.is_searching() {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the search did not finish within 30 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    harness.run();
}

/// Opens the window with Ctrl+Shift+F (the query field takes the caret).
fn open_search(harness: &mut Harness<'static, App>) {
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    harness.run();
    assert!(harness.state().search.open, "Ctrl+Shift+F opens the window");
    harness.run();
    assert!(
        harness
            .get_by_role_and_label(Role::TextInput, "Search for")
            .is_focused(),
        "the query field has the caret as the window opens"
    );
}

/// Replaces the query with `text` and waits for the search.
fn search_for(harness: &mut Harness<'static, App>, text: &str) {
    harness
        .get_by_role_and_label(Role::TextInput, "Search for")
        .focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.key_press(Key::Backspace);
    harness
        .get_by_role_and_label(Role::TextInput, "Search for")
        .type_text(text);
    wait_for_search(harness);
    assert_eq!(harness.state().search.query.text, text);
}

/// Ticks or unticks an option and waits for the search it starts.
fn toggle(harness: &mut Harness<'static, App>, option: &str) {
    harness.get_by_label(option).click();
    wait_for_search(harness);
}

/// How many times `needle` occurs in each document, counted here without the
/// search module: lowercased when `ignore_case`.
fn occurrences(project: &Project, needle: &str, ignore_case: bool) -> Vec<(DocumentId, usize)> {
    project
        .documents
        .iter()
        .map(|d| {
            let count = if ignore_case {
                d.text
                    .to_lowercase()
                    .matches(&needle.to_lowercase())
                    .count()
            } else {
                d.text.matches(needle).count()
            };
            (d.id, count)
        })
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// The documents and counts of the window's results.
fn listed(harness: &Harness<'static, App>) -> Vec<(DocumentId, usize)> {
    let results = harness.state().search.results();
    results
        .documents
        .iter()
        .map(|d| (d.document, d.count))
        .collect()
}

/// The text of `range` of `document`.
fn text_of(project: &Project, document: DocumentId, range: CharRange) -> String {
    let text = &project.document(document).expect("the document").text;
    text.chars().skip(range.start).take(range.len()).collect()
}

/// The pane showing `document`, and the hits it marks.
fn pane_hits(harness: &Harness<'static, App>, document: DocumentId) -> Vec<CharRange> {
    let app = harness.state();
    let pane = app
        .panes
        .iter()
        .position(|p| p.document == Some(document))
        .unwrap_or_else(|| panic!("no pane shows the hit's document"));
    assert_eq!(app.focused_pane, pane, "the pane with the hit is focused");
    app.panes[pane].reader.find_hits.clone()
}

#[test]
fn typing_lists_hits_by_document_and_a_click_or_enter_shows_one() {
    let (_dir, mut harness) = common::sample_harness();
    open_search(&mut harness);
    search_for(&mut harness, "Azot");

    // Every "azot", any case, in every document, grouped by document with counts.
    let project = harness.state().ws().project().clone();
    let expected = occurrences(&project, "azot", true);
    assert!(
        expected.len() >= 2,
        "the sample mentions Azot in several documents"
    );
    assert_eq!(listed(&harness), expected);
    let total: usize = expected.iter().map(|(_, n)| n).sum();
    let results = harness.state().search.results().clone();
    assert_eq!(results.total, total);
    for (document, hit) in results.hits() {
        assert_eq!(
            text_of(&project, document, hit.range).to_lowercase(),
            "azot"
        );
        assert!(hit.snippet.hit.eq_ignore_ascii_case("azot"));
    }
    let summary = format!("{total} hits in {} documents", expected.len());
    assert!(
        harness.query_by_label(&summary).is_some(),
        "the window says “{summary}”"
    );
    // Each document is a header with its title and count.
    for group in &results.documents {
        let header = format!("{} ({})", group.title, group.count);
        assert!(
            harness.query_all_by_label(&header).next().is_some(),
            "no header “{header}”"
        );
    }

    // A click on a hit shows its document in a pane with the hit marked.
    let (first_doc, first) = results.hits().next().map(|(d, h)| (d, h.clone())).unwrap();
    harness
        .query_all_by_label(&first.snippet.text())
        .next()
        .expect("the first hit's line is listed")
        .click();
    harness.run();
    assert_eq!(pane_hits(&harness, first_doc), vec![first.range]);
    assert_eq!(
        harness.state().search.selected_hit(),
        Some((first_doc, first.range))
    );

    // Down selects the next hit; Enter shows it (here: in another document's pane or further on).
    let (second_doc, second) = results.hits().nth(1).map(|(d, h)| (d, h.range)).unwrap();
    harness.key_press(Key::ArrowDown);
    harness.run();
    assert_eq!(
        harness.state().search.selected_hit(),
        Some((second_doc, second))
    );
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(pane_hits(&harness, second_doc), vec![second]);
    // Up goes back; Enter shows the first again.
    harness.key_press(Key::ArrowUp);
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(pane_hits(&harness, first_doc), vec![first.range]);

    // The last document's hits: Down past the first document unfolds nothing wrong.
    let last = results.hits().count() - 1;
    for _ in 0..last + 3 {
        harness.key_press(Key::ArrowDown);
    }
    harness.run();
    let (last_doc, last_hit) = results.hits().last().map(|(d, h)| (d, h.range)).unwrap();
    assert_eq!(
        harness.state().search.selected_hit(),
        Some((last_doc, last_hit))
    );
}

#[test]
fn create_claim_from_hit_opens_the_quick_editor_on_it() {
    let (_dir, mut harness) = common::sample_harness();
    open_search(&mut harness);
    search_for(&mut harness, "Haidai");
    let (document, range) = harness
        .state()
        .search
        .selected_hit()
        .expect("the first hit is selected");
    assert!(harness.state().quick_editor.is_none());
    harness.get_by_label("Create claim from hit").click();
    harness.run();
    let app = harness.state();
    let editor = app.quick_editor.as_ref().expect("the quick editor is open");
    assert_eq!((editor.document, editor.range), (document, range));
    assert_eq!(
        text_of(app.ws().project(), document, range).to_lowercase(),
        "haidai"
    );
    assert_eq!(pane_hits(&harness, document), vec![range]);
}

#[test]
fn whole_word_case_and_regex_change_the_hits_and_a_bad_regex_is_explained() {
    let (_dir, mut harness) = common::sample_harness();
    open_search(&mut harness);
    let project = harness.state().ws().project().clone();

    // "Ukrain" is only ever part of a word: hits as text, none as a whole word.
    search_for(&mut harness, "Ukrain");
    let plain = occurrences(&project, "ukrain", true);
    assert!(!plain.is_empty());
    assert_eq!(listed(&harness), plain);
    toggle(&mut harness, "Whole word");
    assert_eq!(harness.state().search.results().total, 0);
    assert!(harness.query_by_label("No hits").is_some());
    toggle(&mut harness, "Whole word");

    // Case: "azot" in lower case is rarer than "Azot" in any case.
    search_for(&mut harness, "azot");
    assert_eq!(listed(&harness), occurrences(&project, "azot", true));
    toggle(&mut harness, "Match case");
    assert_eq!(listed(&harness), occurrences(&project, "azot", false));
    assert_ne!(
        occurrences(&project, "azot", false),
        occurrences(&project, "azot", true)
    );
    toggle(&mut harness, "Match case");

    // A regular expression: either name.
    toggle(&mut harness, "Regular expression");
    search_for(&mut harness, "Azot|Haidai");
    let either: usize = ["azot", "haidai"]
        .iter()
        .flat_map(|n| occurrences(&project, n, true))
        .map(|(_, n)| n)
        .sum();
    assert_eq!(harness.state().search.results().total, either);
    assert!(harness.state().search.error().is_none());

    // A bad one says why, under the field, and lists nothing.
    search_for(&mut harness, "(Azot");
    let error = harness.state().search.error().expect("an error").to_owned();
    assert!(
        error.starts_with("Not a valid regular expression"),
        "{error}"
    );
    assert!(harness.query_by_label(&error).is_some(), "shown: {error}");
    assert_eq!(harness.state().search.results().total, 0);
    // As plain text the same query is fine.
    toggle(&mut harness, "Regular expression");
    assert!(harness.state().search.error().is_none());
    assert_eq!(
        listed(&harness),
        occurrences(&project, "(azot", true),
        "plain text: the bracket is a bracket"
    );
}

/// The claims the filter `typed` should keep, worked out here: quote, note,
/// value, proposition text, source name or tag path containing it, any case.
fn claims_named(project: &Project, typed: &str) -> (usize, usize) {
    let needle = typed.to_lowercase();
    let has = |s: &str| s.to_lowercase().contains(&needle);
    let by_text = |c: &Claim| has(&c.quote.exact) || has(&c.note) || has(&c.value);
    let by_name = |c: &Claim| {
        c.source
            .and_then(|id| project.sources.iter().find(|s| s.id == id))
            .is_some_and(|s| has(&s.name))
            || c.proposition
                .and_then(|id| project.propositions.iter().find(|p| p.id == id))
                .is_some_and(|p| has(&p.text))
            || c.tags
                .iter()
                .filter_map(|id| project.tags.iter().find(|t| t.id == *id))
                .any(|t| has(&t.path))
            || (c.source.is_none() && project.document(c.document).is_some_and(|d| has(&d.outlet)))
    };
    let all = project
        .claims
        .iter()
        .filter(|c| by_text(c) || by_name(c))
        .count();
    let text_only = project.claims.iter().filter(|c| by_text(c)).count();
    (all, text_only)
}

#[test]
fn the_claims_filter_finds_claims_by_source_name_and_tag() {
    let (_dir, mut harness) = common::sample_harness();
    let project = harness.state().ws().project().clone();
    let total = project.claims.len();
    for typed in ["Miroshnik", "encirclement"] {
        let (expected, text_only) = claims_named(&project, typed);
        assert!(
            expected > text_only,
            "{typed}: some claims are found only by their source or tag"
        );
        let field = harness.get_by_role_and_label(Role::TextInput, "Filter claims");
        field.focus();
        harness.run();
        harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
        harness.key_press(Key::Backspace);
        harness
            .get_by_role_and_label(Role::TextInput, "Filter claims")
            .type_text(typed);
        harness.run();
        let count = format!("{expected} of {total} claims");
        assert!(
            harness.query_by_label(&count).is_some(),
            "{typed}: the claims panel should say “{count}”"
        );
    }
}

#[test]
fn the_window_fits_an_800_by_600_screen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let copy = dir.path().join("severodonetsk.ron");
    std::fs::copy(triangulate::SAMPLE_PROJECT_PATH, &copy).expect("copy the sample");
    let ws = triangulate::workspace::Workspace::open(&copy).expect("the sample opens");
    let mut harness = Harness::builder()
        .with_size(egui::Vec2::new(800.0, 600.0))
        .with_max_steps(40)
        .allow_missing_glyphs()
        .build_eframe(move |_cc| {
            let prefs = triangulate::ui::app::Prefs {
                annotator: "tester".into(),
                ..Default::default()
            };
            let mut app = App::new(ws, prefs);
            app.files.native = false;
            app
        });
    harness.run();
    open_search(&mut harness);
    search_for(&mut harness, "Azot");
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::Vec2::new(800.0, 600.0));
    let first = harness
        .state()
        .search
        .results()
        .hits()
        .next()
        .map(|(_, h)| h.snippet.text())
        .expect("a hit");
    let field = harness
        .get_by_role_and_label(Role::TextInput, "Search for")
        .rect();
    let button = harness.get_by_label("Create claim from hit").rect();
    let hit = harness
        .query_all_by_label(&first)
        .next()
        .expect("the first hit is listed")
        .rect();
    for (what, rect) in [("field", field), ("button", button), ("first hit", hit)] {
        assert!(
            screen.contains_rect(rect),
            "the {what} ({rect:?}) is off screen"
        );
    }
    // The hit is in reach: a click on it shows it.
    harness.query_all_by_label(&first).next().unwrap().click();
    harness.run();
    assert!(
        harness
            .state()
            .panes
            .iter()
            .any(|p| !p.reader.find_hits.is_empty())
    );
}
