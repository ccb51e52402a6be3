//! The review screen, driven as a reviewer would: Review ▸ Compare with… on a
//! colleague's copy of the sample project, then keep, take, discuss and undo.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;

mod common;
use egui_kittest::kittest::{By, NodeT as _, Queryable as _};
use triangulate::io::project_file;
use triangulate::model::{CharRange, Claim, ClaimId, Project, ReviewStatus, Source, Stance};
use triangulate::review::DiffKind;
use triangulate::review::agreement::{Coefficient, SpanAgreement, agreement_report, figure};
use triangulate::ui::App;
use triangulate::workspace::Workspace;

/// What the colleague did to their copy of the sample project.
struct Colleague {
    /// Where their project is.
    path: std::path::PathBuf,
    /// The claim whose stance they changed.
    changed: ClaimId,
    /// The claim they deleted.
    deleted: ClaimId,
    /// The claim they added, with a source I do not have.
    added: ClaimId,
    /// The folder that holds both projects, removed when the test ends.
    _folder: tempfile::TempDir,
}

/// My copy of the sample project open in the app, and a colleague's edited copy beside it.
fn reviewing() -> (Harness<'static, App>, Colleague) {
    let folder = tempfile::tempdir().expect("tempdir");
    let root = folder.path();
    let mine_path = root.join("mine.ron");
    std::fs::copy(triangulate::SAMPLE_PROJECT_PATH, &mine_path).expect("copy the sample");
    let mut theirs: Project = project_file::load(&mine_path)
        .expect("sample loads")
        .project;
    // A claim that has a stance other than Disputes, to change.
    let at = theirs
        .claims
        .iter()
        .position(|c| c.stance.is_some() && c.stance != Some(Stance::DISPUTES))
        .expect("a claim with a stance");
    theirs.claims[at].stance = Some(Stance::DISPUTES);
    let changed = theirs.claims[at].id;
    let document = theirs.documents[0].clone();
    // Text nobody claimed, so their new claim cannot pair with one of mine by span.
    let free = (0..document.char_len().saturating_sub(30))
        .step_by(17)
        .map(|s| CharRange::new(s, s + 25))
        .find(|r| !theirs.claims_on(document.id).any(|c| c.range.overlaps(*r)))
        .expect("unclaimed text in the first document");
    let deleted = theirs.claims.remove(at + 1).id;
    let free = triangulate::model::snap_to_words(&document.text, free);
    let source = Source::new("A colleague's new source");
    let mut claim = Claim::new(&document, free, "colleague").expect("claim");
    claim.source = Some(source.id);
    claim.stance = Some(Stance::SUPPORTS);
    let added = claim.id;
    theirs.sources.push(source);
    theirs.claims.push(claim);
    let path = root.join("colleague.ron");
    project_file::save(&path, &theirs).expect("save theirs");

    let ws = Workspace::open(&mine_path).expect("mine opens");
    let mut harness = common::app_harness(ws, "reviewer");
    let colleague = Colleague {
        path,
        changed,
        deleted,
        added,
        _folder: folder,
    };
    open_review(&mut harness, &colleague);
    (harness, colleague)
}

/// Review ▸ Compare with…, typing the path into the in-app prompt.
fn open_review(harness: &mut Harness<'static, App>, colleague: &Colleague) {
    // The menu (the claims table also has a "Review" column).
    harness
        .query_all_by_label("Review")
        .find(|n| n.accesskit_node().role() == Role::Button)
        .expect("the Review menu")
        .click();
    harness.run();
    harness.get_by_label_contains("Compare with…").click();
    harness.run();
    let path = colleague.path.display().to_string();
    harness
        .get_by_role_and_label(Role::TextInput, "Path of the project file")
        .type_text(&path);
    harness.run();
    harness.get_by_label("OK").click();
    // Their project is read on a worker thread.
    common::finish_jobs(harness, "reading the colleague's project");
    assert!(
        harness.state().review.is_some(),
        "the review screen is open: {:?}",
        harness.state().last_notice()
    );
}

/// Selects the difference that involves `claim` (mine or theirs).
fn select(harness: &mut Harness<'static, App>, claim: ClaimId) {
    let review = harness.state_mut().review.as_mut().expect("reviewing");
    let key = review
        .listed()
        .find(|row| row.mine == Some(claim) || row.theirs == Some(claim))
        .map(triangulate::ui::review::key_of)
        .expect("the difference is listed");
    review.select(key);
    harness.run();
}

/// The decision button whose label starts with `label` (not the bulk buttons).
fn decision<'a>(harness: &'a Harness<'static, App>, label: &'a str) -> egui_kittest::Node<'a> {
    harness
        .query_all_by_label_contains(label)
        .find(|n| {
            n.accesskit_node().role() == Role::Button
                && !n
                    .accesskit_node()
                    .label()
                    .unwrap_or_default()
                    .contains("for all")
        })
        .unwrap_or_else(|| panic!("a {label} button"))
}

fn my_claim(harness: &Harness<'static, App>, id: ClaimId) -> Option<Claim> {
    harness.state().ws().project().claim(id).cloned()
}

#[test]
fn compare_with_lists_each_kind_of_difference() {
    let (harness, colleague) = reviewing();
    let review = harness.state().review.as_ref().expect("reviewing");
    let kinds: Vec<(DiffKind, Option<ClaimId>, Option<ClaimId>)> = review
        .listed()
        .map(|r| (r.kind.clone(), r.mine, r.theirs))
        .collect();
    assert_eq!(kinds.len(), 3, "{kinds:?}");
    assert!(
        matches!(kinds[0].0, DiffKind::Changed(_)),
        "changed first: {kinds:?}"
    );
    assert_eq!(kinds[0].1, Some(colleague.changed));
    assert!(
        kinds
            .iter()
            .any(|k| k.0 == DiffKind::OnlyTheirs && k.2 == Some(colleague.added))
    );
    assert!(
        kinds
            .iter()
            .any(|k| k.0 == DiffKind::OnlyMine && k.1 == Some(colleague.deleted))
    );
    // The screen shows the counts, both texts and the decisions.
    harness.get(By::new().label_contains("Only theirs 1"));
    harness.get(By::new().label_contains("Changed 1"));
    assert!(harness.query_all_by_label("Mine").count() >= 1);
    decision(&harness, "Take theirs");
    decision(&harness, "Keep mine");
    decision(&harness, "Keep both");
    decision(&harness, "Discuss");
}

#[test]
fn take_theirs_on_a_changed_claim_then_undo() {
    let (mut harness, colleague) = reviewing();
    let before = my_claim(&harness, colleague.changed).expect("mine");
    assert_ne!(before.stance, Some(Stance::DISPUTES));
    // The changed claim is listed first and selected; clicking its row keeps it selected.
    harness
        .get(
            By::new()
                .role(Role::Button)
                .label_contains("Changed: stance"),
        )
        .click();
    harness.run();
    decision(&harness, "Take theirs").click();
    harness.run();
    let after = my_claim(&harness, colleague.changed).expect("still mine");
    assert_eq!(after.stance, Some(Stance::DISPUTES), "their stance taken");
    assert_eq!(
        after.review.as_ref().map(|r| r.status),
        Some(ReviewStatus::Accepted)
    );
    assert_eq!(
        after.review.as_ref().map(|r| r.reviewer.as_str()),
        Some("reviewer")
    );
    assert!(harness.state().title().starts_with('●'));
    // No longer a difference: the list moved on.
    let review = harness.state().review.as_ref().expect("reviewing");
    assert!(!review.listed().any(|r| r.mine == Some(colleague.changed)));

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        my_claim(&harness, colleague.changed),
        Some(before),
        "undo restores my claim"
    );
    let review = harness.state().review.as_ref().expect("reviewing");
    assert!(
        review.listed().any(|r| r.mine == Some(colleague.changed)),
        "listed again"
    );
}

#[test]
fn take_theirs_brings_their_claim_and_keep_mine_keeps_their_deletion_out() {
    let (mut harness, colleague) = reviewing();
    select(&mut harness, colleague.added);
    decision(&harness, "Take theirs").click();
    harness.run();
    let taken = my_claim(&harness, colleague.added).expect("their claim is now mine");
    let project = &harness.state().ws().project();
    assert_eq!(project.asserted_by(&taken), "A colleague's new source");

    select(&mut harness, colleague.deleted);
    decision(&harness, "Keep mine").click();
    harness.run();
    let kept = my_claim(&harness, colleague.deleted).expect("my claim stays");
    assert_eq!(
        kept.review.as_ref().map(|r| r.status),
        Some(ReviewStatus::Accepted)
    );
    // Settled differences leave the list.
    let review = harness.state().review.as_ref().expect("reviewing");
    assert_eq!(review.listed().count(), 1, "only the changed claim is left");
}

#[test]
fn keep_both_on_a_changed_claim_keeps_mine_as_it_was_and_adds_theirs() {
    let (mut harness, colleague) = reviewing();
    let before = my_claim(&harness, colleague.changed).expect("mine");
    let claims_before = harness.state().ws().project().claims.len();
    select(&mut harness, colleague.changed);
    decision(&harness, "Keep both").click();
    harness.run();

    // My claim keeps every field; only its review is new.
    let mine = my_claim(&harness, colleague.changed).expect("my claim stays");
    let review = mine.review.clone().expect("my claim is reviewed");
    assert_eq!(review.status, ReviewStatus::Accepted);
    assert_eq!(review.reviewer, "reviewer");
    let project = &harness.state().ws().project();
    assert_ne!(project.stance_name(&before), "Disputes");
    assert_eq!(
        project.stance_name(&mine),
        project.stance_name(&before),
        "Keep both took their stance onto my claim"
    );
    assert_eq!(
        Claim {
            review: before.review.clone(),
            ..mine.clone()
        },
        before,
        "Keep both changed a field of my claim"
    );

    // Theirs sits beside it: the same text, their stance, a new id.
    assert_eq!(project.claims.len(), claims_before + 1);
    let beside: Vec<&Claim> = project
        .claims
        .iter()
        .filter(|c| c.id != mine.id && c.document == mine.document && c.range == mine.range)
        .collect();
    assert_eq!(beside.len(), 1, "{beside:#?}");
    assert_eq!(project.stance_name(beside[0]), "Disputes", "their stance");
    assert_eq!(beside[0].quote, mine.quote);
    // Settled: no longer listed.
    let review = harness.state().review.as_ref().expect("reviewing");
    assert!(!review.listed().any(|r| r.mine == Some(colleague.changed)));
}

#[test]
fn discuss_with_a_comment_is_stored_and_listed() {
    let (mut harness, colleague) = reviewing();
    select(&mut harness, colleague.changed);
    harness
        .get_by_role_and_label(Role::TextInput, "Comment")
        .focus();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Comment")
        .type_text("Which stance does the article support?");
    harness.run();
    assert_eq!(
        harness.state().review.as_ref().map(|r| r.comment.as_str()),
        Some("Which stance does the article support?")
    );
    let before = my_claim(&harness, colleague.changed).expect("mine");
    decision(&harness, "Discuss").click();
    harness.run();
    let claim = my_claim(&harness, colleague.changed).expect("mine");
    let review = claim.review.clone().expect("reviewed");
    assert_eq!(review.status, ReviewStatus::Discuss);
    assert!(
        review
            .comment
            .starts_with("Which stance does the article support? — "),
        "{}",
        review.comment
    );
    assert!(
        review.comment.contains("stance Disputes"),
        "{}",
        review.comment
    );
    // Discussing decides nothing: my stance is the one I had, not theirs.
    let project = &harness.state().ws().project();
    assert_ne!(project.stance_name(&before), "Disputes");
    assert_eq!(
        project.stance_name(&claim),
        project.stance_name(&before),
        "Discuss keeps my stance"
    );
    assert_eq!(claim.stance, before.stance);
    // Still listed, marked for discussion.
    harness.get(By::new().label_contains("to discuss"));
}

#[test]
fn keys_decide_and_bulk_take_theirs_is_one_undo_step() {
    let (mut harness, colleague) = reviewing();
    // Keyboard: the first row (changed) is selected; M keeps mine, and the selection moves on.
    harness.key_press(Key::M);
    harness.run();
    let kept = my_claim(&harness, colleague.changed).expect("mine");
    assert_eq!(kept.review.map(|r| r.status), Some(ReviewStatus::Accepted));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(
        my_claim(&harness, colleague.changed)
            .expect("mine")
            .review
            .is_none()
    );

    // Bulk: take theirs for all three listed differences at once.
    harness
        .get(
            By::new()
                .role(Role::Button)
                .label_contains("Take theirs for all 3"),
        )
        .click();
    harness.run();
    let app = harness.state();
    assert!(
        app.ws().project().claim(colleague.deleted).is_none(),
        "their deletion taken"
    );
    assert!(
        app.ws().project().claim(colleague.added).is_some(),
        "their addition taken"
    );
    assert_eq!(
        app.ws()
            .project()
            .claim(colleague.changed)
            .and_then(|c| c.stance),
        Some(Stance::DISPUTES)
    );
    assert_eq!(app.review.as_ref().map(|r| r.listed().count()), Some(0));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let app = harness.state();
    assert!(app.ws().project().claim(colleague.deleted).is_some());
    assert!(app.ws().project().claim(colleague.added).is_none());
    assert_eq!(app.review.as_ref().map(|r| r.listed().count()), Some(3));
}

/// A span agreement cell as the agreement window writes it: F1 and the larger count.
fn span_cell(span: SpanAgreement) -> String {
    format!("{} (n={})", figure(span.f1()), span.first.max(span.second))
}

/// A coefficient cell as the agreement window writes it.
fn coefficient_cell(coefficient: Coefficient) -> String {
    format!("{} (n={})", figure(coefficient.value), coefficient.units)
}

/// The texts of the agreement window's labels on the row of the label `first`, left to right.
fn agreement_row(harness: &Harness<'static, App>, first: &str) -> Vec<String> {
    let window = harness.get_by_role_and_label(Role::Window, "Agreement");
    let labels: Vec<(egui::Rect, String)> = window
        .query_all(By::new().role(Role::Label))
        .map(|n| {
            (
                n.rect(),
                n.accesskit_node().value().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let (row, _) = labels
        .iter()
        .find(|(_, text)| text == first)
        .unwrap_or_else(|| panic!("no “{first}” in the agreement window: {labels:?}"));
    let mut cells: Vec<&(egui::Rect, String)> = labels
        .iter()
        .filter(|(rect, _)| (rect.center().y - row.center().y).abs() < row.height() / 2.0)
        .collect();
    cells.sort_by(|a, b| a.0.left().total_cmp(&b.0.left()));
    cells.into_iter().map(|(_, text)| text.clone()).collect()
}

#[test]
fn agreement_view_shows_figures_for_mine_and_theirs() {
    let (mut harness, colleague) = reviewing();
    harness.get_by_label("Agreement…").click();
    harness.run();
    harness.get_by_role_and_label(Role::Window, "Agreement");
    harness.get_by_label("Stance κ");
    let app = harness.state();
    assert!(app.agreement.open);
    assert_eq!(app.agreement.others.len(), 1);
    // The figures the agreement code gives for my project and the colleague's file.
    let theirs = project_file::load(&colleague.path)
        .expect("theirs loads")
        .project;
    let report = agreement_report(&[app.ws().project(), &theirs]);
    let overall = &report.overall;
    assert_eq!(overall.pairs.len(), 1, "{overall:?}");
    let pair = overall.pairs[0];
    // The colleague changed a stance and deleted a claim: neither figure is perfect.
    assert!(
        pair.kappa.value.is_some_and(|k| k < 1.0),
        "{:?}",
        pair.kappa
    );
    assert!(
        pair.exact.f1().is_some_and(|f1| f1 < 1.0),
        "{:?}",
        pair.exact
    );
    // The window's overall row shows exactly those figures, in their columns.
    assert_eq!(
        agreement_row(&harness, "overall"),
        [
            "overall".to_owned(),
            "1 vs 2".to_owned(),
            span_cell(pair.exact),
            span_cell(pair.overlap),
            coefficient_cell(pair.kappa),
            coefficient_cell(overall.alpha),
        ],
        "the overall row of the agreement window"
    );
    // Close the review: the panes come back.
    harness.get_by_label("Close review").click_accesskit();
    harness.run();
    assert!(harness.state().review.is_none());
}

#[test]
fn save_after_the_file_changed_on_disk_offers_merge_which_keeps_both() {
    let (mut harness, colleague) = reviewing();
    harness.state_mut().review = None;
    let path = harness
        .state()
        .ws()
        .path()
        .map(std::path::Path::to_owned)
        .expect("mine has a file");
    // Mine: a note on a claim.
    let mut claim = harness.state().ws().project().claims[3].clone();
    claim.note = "my note".into();
    harness
        .state_mut()
        .push(triangulate::ui::command::Command::Edit {
            edit: triangulate::edit::Edit::UpdateClaim(Box::new(claim.clone())),
            label: "Note".into(),
        });
    harness.run();
    // Theirs lands on my file (a git pull): the colleague's project.
    std::fs::copy(&colleague.path, &path).expect("their version arrives");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    common::finish_jobs(&mut harness, "saving over their version");
    assert!(harness.query_by_label("The file changed on disk").is_some());
    harness.get_by_label("Merge").click();
    harness.run();
    let project = &harness.state().ws().project();
    assert_eq!(
        project.claim(claim.id).map(|c| c.note.as_str()),
        Some("my note"),
        "mine kept"
    );
    assert!(
        project.claim(colleague.added).is_some(),
        "their addition merged in"
    );
    assert!(
        project.claim(colleague.deleted).is_none(),
        "their deletion merged in"
    );
    assert_eq!(
        project.claim(colleague.changed).and_then(|c| c.stance),
        Some(Stance::DISPUTES),
        "their change merged in"
    );
    assert!(harness.state().ws().is_dirty());
    // Saving now writes without asking again.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    common::finish_jobs(&mut harness, "saving the merge");
    assert!(harness.query_by_label("The file changed on disk").is_none());
    assert!(!harness.state().ws().is_dirty());
    let saved = project_file::load(&path).expect("loads").project;
    assert!(saved.claim(colleague.added).is_some());
    assert_eq!(
        saved.claim(claim.id).map(|c| c.note.as_str()),
        Some("my note")
    );
}
