//! Suggested claims (issue 17): Edit ▸ Suggest claims… proposes the sentences a
//! rule hits; nothing is created until the analyst accepts, accepting is one
//! undoable step (one claim, or all of them), dismissing creates nothing, a
//! speaker rule attributes each claim to the source it names, and a bad rule says
//! what is wrong.
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
use triangulate::model::{SourceId, Stance, TagId};
use triangulate::suggest::Proposal;
use triangulate::ui::App;

mod common;

/// Opens Edit ▸ Suggest claims….
fn open_window(harness: &mut Harness<'static, App>) {
    harness.get_by_label("Edit").click();
    harness.run();
    harness.get_by_label("Suggest claims…").click();
    harness.run();
    assert!(harness.state().suggest.open, "the window opened");
}

/// Types `pattern` into the (one-line) pattern field.
fn type_pattern(harness: &mut Harness<'static, App>, pattern: &str) {
    harness
        .get_by_role_and_label(Role::TextInput, "Pattern")
        .focus();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Pattern")
        .type_text(pattern);
    harness.run();
}

/// Clicks "Find suggestions" and waits for the worker thread's answer.
fn find(harness: &mut Harness<'static, App>) {
    harness.get_by_label("Find suggestions").click();
    harness.run_ok();
    let started = Instant::now();
    while harness.state().suggest.is_running() {
        assert!(
            started.elapsed() < common::JOB_TIMEOUT,
            "finding suggestions did not finish"
        );
        std::thread::sleep(Duration::from_millis(5));
        harness.step();
    }
    harness.run();
}

/// The proposals listed now.
fn listed(harness: &Harness<'static, App>) -> Vec<Proposal> {
    harness.state().suggest.proposals().to_vec()
}

fn source_named(harness: &Harness<'static, App>, name: &str) -> SourceId {
    harness
        .state()
        .ws()
        .project()
        .source_by_name(name)
        .unwrap_or_else(|| panic!("the sample has {name}"))
        .id
}

fn undo(harness: &mut Harness<'static, App>) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
}

#[test]
fn a_phrase_proposes_sentences_and_accepting_one_is_one_undoable_claim() {
    let (_dir, mut harness) = common::sample_harness();
    open_window(&mut harness);
    let haidai = source_named(&harness, "Serhiy Haidai");
    let tag: TagId = harness.state().ws().project().tags[0].id;
    {
        let window = &mut harness.state_mut().suggest;
        window.source = Some(haidai);
        window.tags = vec![tag];
    }
    harness.run();
    // The stance through its picker button.
    harness.get_by_label("2 Disputes").click();
    harness.run();
    assert_eq!(harness.state().suggest.stance, Some(Stance::DISPUTES));

    type_pattern(&mut harness, "civilians");
    let before = harness.state().ws().project().claims.len();
    find(&mut harness);
    let proposals = listed(&harness);
    assert!(proposals.len() >= 3, "{} proposals", proposals.len());
    for proposal in &proposals {
        assert!(
            proposal.quote.to_lowercase().contains("civilians"),
            "{}",
            proposal.quote
        );
    }
    harness.get_by_label_contains("suggestions to review");
    assert_eq!(
        harness.state().ws().project().claims.len(),
        before,
        "nothing is created before Accept"
    );

    // Accept the first: exactly that claim, with the rule's attributes and my name.
    harness.get_all_by_label("Accept").next().unwrap().click();
    harness.run();
    let project = harness.state().ws().project();
    assert_eq!(project.claims.len(), before + 1);
    let claim = project.claims.last().unwrap();
    let first = &proposals[0];
    assert_eq!(claim.document, first.document);
    assert_eq!(claim.range, first.range);
    assert_eq!(claim.quote.exact, first.quote);
    assert_eq!(claim.source, Some(haidai));
    assert_eq!(claim.stance, Some(Stance::DISPUTES));
    assert_eq!(claim.tags, vec![tag]);
    assert_eq!(claim.annotator, "tester");
    assert_eq!(
        listed(&harness).len(),
        proposals.len() - 1,
        "it left the list"
    );
    assert_eq!(
        harness.state().ws().history().undo_label(),
        Some("Accept suggested claim")
    );

    // Ctrl+Z takes it back.
    undo(&mut harness);
    assert_eq!(harness.state().ws().project().claims.len(), before);

    // Accept all: every one left, as one step to undo.
    let left = listed(&harness).len();
    harness.get_by_label("Accept all").click();
    harness.run();
    assert_eq!(harness.state().ws().project().claims.len(), before + left);
    assert!(listed(&harness).is_empty());
    let label = format!("Accept {left} suggested claims");
    assert_eq!(
        harness.state().ws().history().undo_label(),
        Some(label.as_str())
    );
    // The first accepted (and undone) counts too.
    harness.get_by_label_contains(&format!("{} accepted", left + 1));
    undo(&mut harness);
    assert_eq!(harness.state().ws().project().claims.len(), before);
}

#[test]
fn dismissing_creates_nothing() {
    let (_dir, mut harness) = common::sample_harness();
    open_window(&mut harness);
    type_pattern(&mut harness, "civilians");
    find(&mut harness);
    let proposals = listed(&harness);
    assert!(proposals.len() >= 2);
    let before = harness.state().ws().project().claims.len();
    let revision = harness.state().ws().revision();
    harness.get_all_by_label("Dismiss").next().unwrap().click();
    harness.run();
    assert_eq!(listed(&harness), proposals[1..].to_vec());
    harness.get_by_label_contains("1 dismissed");
    harness.get_by_label("Dismiss all").click();
    harness.run();
    assert!(listed(&harness).is_empty());
    assert_eq!(harness.state().ws().project().claims.len(), before);
    assert_eq!(
        harness.state().ws().revision(),
        revision,
        "the project did not change"
    );
}

#[test]
fn a_speaker_rule_attributes_claims_to_the_source_it_names() {
    let (_dir, mut harness) = common::sample_harness();
    open_window(&mut harness);
    let unian = source_named(&harness, "UNIAN");
    // A source set on the rule is not the one speaker claims get.
    harness.state_mut().suggest.source = Some(unian);
    harness.get_by_label("Speaker").click();
    harness.run();
    find(&mut harness);
    let proposals = listed(&harness);
    assert!(!proposals.is_empty());
    // "… Kuleba said." in the sample: the surname stands for Dmytro Kuleba; and
    // "Rodion Miroshnik, the ambassador of …, said": an aside between name and verb.
    for (said, name) in [
        ("Kuleba said", "Dmytro Kuleba"),
        ("Rodion Miroshnik, the ambassador", "Rodion Miroshnik"),
    ] {
        let proposal = proposals
            .iter()
            .find(|p| p.quote.contains(said))
            .unwrap_or_else(|| panic!("a sentence with “{said}” is proposed"));
        assert_eq!(
            proposal.source,
            Some(source_named(&harness, name)),
            "{said}"
        );
    }
    assert!(
        proposals
            .iter()
            .all(|p| p.source.is_some() && p.source != Some(unian))
    );

    let before = harness.state().ws().project().claims.len();
    harness.get_all_by_label("Accept").next().unwrap().click();
    harness.run();
    let project = harness.state().ws().project();
    assert_eq!(project.claims.len(), before + 1);
    let claim = project.claims.last().unwrap();
    assert_eq!(claim.range, proposals[0].range);
    assert_eq!(claim.source, proposals[0].source);
}

#[test]
fn a_bad_regular_expression_says_what_is_wrong() {
    let (_dir, mut harness) = common::sample_harness();
    open_window(&mut harness);
    harness.get_by_label("Regular expression").click();
    harness.run();
    type_pattern(&mut harness, "(unclosed");
    find(&mut harness);
    harness.get_by_label_contains("The regular expression is not valid");
    assert!(listed(&harness).is_empty());

    // An empty phrase and a phrase found nowhere say so too.
    harness.get_by_label("Phrase").click();
    harness.run();
    harness.state_mut().suggest.pattern.clear();
    harness.run();
    find(&mut harness);
    harness.get_by_label_contains("Type a phrase to look for");
    type_pattern(&mut harness, "Mariupol harbour");
    find(&mut harness);
    harness.get_by_label_contains("Nothing in the documents matches the rule");
}

#[test]
fn show_reveals_the_sentence_in_a_pane() {
    let (_dir, mut harness) = common::sample_harness();
    open_window(&mut harness);
    type_pattern(&mut harness, "civilians");
    find(&mut harness);
    let first = listed(&harness)[0].clone();
    harness.get_all_by_label("Show").next().unwrap().click();
    harness.run();
    let app = harness.state();
    assert!(
        app.panes.iter().any(|p| p.document == Some(first.document)),
        "a pane shows the document"
    );
    assert!(
        listed(&harness).len() > 1,
        "showing keeps the proposal listed"
    );
}

#[test]
fn the_window_is_usable_at_800_by_600() {
    let copy = tempfile::tempdir().expect("tempdir");
    let path = copy.path().join("severodonetsk.ron");
    std::fs::copy(triangulate::SAMPLE_PROJECT_PATH, &path).expect("copy the sample");
    let ws = triangulate::workspace::Workspace::open(&path).expect("the sample opens");
    let mut harness = Harness::builder()
        .with_size(egui::Vec2::new(800.0, 600.0))
        .with_max_steps(40)
        .allow_missing_glyphs()
        .build_eframe(move |_cc| {
            let mut app = App::new(ws, triangulate::ui::app::Prefs::default());
            app.files.native = false;
            app
        });
    harness.run();
    open_window(&mut harness);
    type_pattern(&mut harness, "civilians");
    find(&mut harness);
    assert!(!listed(&harness).is_empty());
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::Vec2::new(800.0, 600.0));
    for label in ["Find suggestions", "Accept all", "Dismiss all"] {
        let rect = harness.get_by_label(label).rect();
        assert!(screen.contains_rect(rect), "{label} at {rect:?}");
    }
    // At least one proposal with its buttons is on screen, and it works there.
    let accept = harness.get_all_by_label("Accept").next().expect("a row");
    assert!(
        screen.contains_rect(accept.rect()),
        "Accept at {:?}",
        accept.rect()
    );
    let before = harness.state().ws().project().claims.len();
    accept.click();
    harness.run();
    assert_eq!(harness.state().ws().project().claims.len(), before + 1);
}

#[test]
fn a_long_list_lays_out_only_the_rows_on_screen_at_equal_steps() {
    let (_dir, mut harness) = common::sample_harness();
    open_window(&mut harness);
    harness.get_by_label("Regular expression").click();
    harness.run();
    type_pattern(&mut harness, r"(?i)\b(the|a|and)\b");
    find(&mut harness);
    let count = listed(&harness).len();
    assert!(count > 40, "{count} proposals");
    let tops: Vec<f32> = harness
        .get_all_by_label("Accept")
        .map(|node| node.rect().top())
        .collect();
    assert!(
        tops.len() >= 2 && tops.len() < count / 2,
        "{} of {count} rows laid out",
        tops.len()
    );
    let steps: Vec<f32> = tops.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(
        steps
            .iter()
            .all(|s| (s - steps[0]).abs() < 0.5 && *s > 40.0),
        "rows at {tops:?}"
    );
}
