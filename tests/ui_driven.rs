//! Behaviour reached only through the window, driven as an analyst would: the
//! claims panel's filters picked in their combo boxes and ticked in their
//! checkboxes; Document ▸ Edit text typed into its dialog; File ▸ Open… asking
//! about unsaved changes first; a recovery copy written because time passed or
//! because the window lost focus; a difference chosen on the review screen by
//! clicking it; exports running while the window keeps drawing. No test here
//! sets the app's state where a widget or an event would; the one setting with
//! no widget, the autosave interval, is set as its environment variable would.
#![cfg(feature = "gui")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::accesskit::{Role, Toggled};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

mod common;
use triangulate::model::{
    CharRange, Claim, ClaimId, DocumentId, Project, Review, ReviewStatus, Source, Stance,
};
use triangulate::ui::App;
use triangulate::workspace::Workspace;

/// How long a test waits for work on another thread before it fails: long
/// enough for a slow, busy machine, short enough to report a task that hangs.
const TIMEOUT: Duration = Duration::from_secs(120);

/// A project file in a temporary folder, removed with everything written beside
/// it (recovery copies, exports) when this is dropped at the end of the test.
struct ProjectFile {
    dir: tempfile::TempDir,
    path: PathBuf,
}

/// The sample project, changed by `change`, written to a temporary folder as it
/// is (a changed document text is re-anchored when the file is opened).
fn sample_file(change: impl FnOnce(&mut Project)) -> ProjectFile {
    let mut project = triangulate::io::project_file::from_ron_str(triangulate::SAMPLE_PROJECT)
        .expect("the sample loads")
        .project;
    change(&mut project);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("severodonetsk.ron");
    std::fs::write(
        &path,
        triangulate::io::project_file::to_ron_string(&project),
    )
    .expect("written");
    ProjectFile { dir, path }
}

/// The real app on the project file at `path`.
fn open(path: &Path) -> Harness<'static, App> {
    let ws = Workspace::open(path).expect("the project opens");
    common::app_harness(ws, "tester")
}

/// Runs frames until `done` holds; fails naming `what` after [`TIMEOUT`].
fn run_until(harness: &mut Harness<'static, App>, what: &str, done: impl Fn(&App) -> bool) {
    let started = Instant::now();
    while !done(harness.state()) {
        assert!(
            started.elapsed() < TIMEOUT,
            "{what}: still not so after {} s",
            TIMEOUT.as_secs()
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    harness.run();
}

/// Opens the claims-panel combo box labelled `combo` and clicks its entry `entry`.
fn pick(harness: &mut Harness<'static, App>, combo: &str, entry: &str) {
    harness.get_by_role_and_label(Role::ComboBox, combo).click();
    harness.run();
    let option = harness
        .get_by_role_and_label(Role::ComboBox, combo)
        .query_by_role_and_label(Role::Button, entry)
        .unwrap_or_else(|| panic!("the {combo} list has no entry “{entry}”"));
    // A long list scrolls: bring the entry into view before the pointer goes to it.
    option.scroll_to_me();
    harness.run();
    harness
        .get_by_role_and_label(Role::ComboBox, combo)
        .get_by_role_and_label(Role::Button, entry)
        .click();
    harness.run();
    assert!(
        harness
            .get_by_role_and_label(Role::ComboBox, combo)
            .query_by_role(Role::ListBox)
            .is_none(),
        "picking closes the {combo} list"
    );
}

/// The text of a claim's quote cell in the claims table.
fn table_quote(claim: &Claim) -> String {
    claim
        .quote
        .exact
        .chars()
        .take(300)
        .map(|c| if c == '\n' { ' ' } else { c })
        .collect()
}

/// The quotes the claims table shows, in project order: the texts in the column
/// under the Quote header (a quote may also be a document's title, which the
/// Document column and the document list show).
fn shown_quotes(harness: &Harness<'static, App>) -> Vec<String> {
    let column = harness
        .get_by_role_and_label(Role::Button, "Quote")
        .rect()
        .left();
    harness
        .state()
        .ws()
        .project()
        .claims
        .iter()
        .map(table_quote)
        .filter(|quote| {
            harness
                .query_all_by_role_and_label(Role::Label, quote)
                .any(|cell| cell.rect().left() >= column - 1.0)
        })
        .collect()
}

/// At least this many rows of the claims table are in view in the 1600×1000 window.
const ROWS_IN_VIEW: usize = 10;

/// Checks that the claims table counts and shows exactly the claims that `keep` keeps.
fn assert_rows(harness: &Harness<'static, App>, what: &str, keep: impl Fn(&Claim) -> bool) {
    let claims = &harness.state().ws().project().claims;
    let expected: Vec<String> = claims.iter().filter(|c| keep(c)).map(table_quote).collect();
    assert!(
        !expected.is_empty() && expected.len() < claims.len(),
        "{what}: the fixture should keep some claims and not others"
    );
    let count = format!("{} of {} claims", expected.len(), claims.len());
    assert!(
        harness.query_by_label(&count).is_some(),
        "{what}: the panel should say “{count}”; it says “{}”",
        harness
            .query_all_by_role(Role::Label)
            .filter_map(|n| n.accesskit_node().value())
            .find(|text| text.ends_with(" claims") && text.contains(" of "))
            .unwrap_or_default()
    );
    // The table draws only the rows in view, from the top: all of them when few.
    let shown = shown_quotes(harness);
    if shown.len() < ROWS_IN_VIEW {
        assert_eq!(shown, expected, "{what}: the rows shown");
    } else {
        assert!(
            expected.starts_with(&shown),
            "{what}: the rows shown should be the first of the claims kept\n{shown:#?}"
        );
    }
}

/// The sample's document titled `title`.
fn document_titled(project: &Project, title: &str) -> DocumentId {
    project
        .documents
        .iter()
        .find(|d| d.title == title)
        .unwrap_or_else(|| panic!("the sample has “{title}”"))
        .id
}

#[test]
fn the_document_filter_keeps_the_claims_on_the_document_picked() {
    let file = sample_file(|_| {});
    let mut harness = open(&file.path);
    let title = "Troops evacuate the city from the rubble";
    pick(&mut harness, "Document", title);
    let document = document_titled(harness.state().ws().project(), title);
    assert_rows(&harness, "Document", |c| c.document == document);

    // “All documents” lets every claim through again.
    pick(&mut harness, "Document", "All documents");
    let all = harness.state().ws().project().claims.len();
    harness.get_by_label(&format!("{all} of {all} claims"));
}

#[test]
fn the_source_filter_keeps_the_claims_the_source_asserts() {
    let file = sample_file(|_| {});
    let mut harness = open(&file.path);
    pick(&mut harness, "Source", "Rodion Miroshnik");
    let source = harness
        .state()
        .ws()
        .project()
        .source_by_name("Rodion Miroshnik")
        .expect("a source of the sample")
        .id;
    assert_rows(&harness, "Source", |c| c.source == Some(source));
}

#[test]
fn the_tag_filter_keeps_the_claims_with_the_tag() {
    let file = sample_file(|_| {});
    let mut harness = open(&file.path);
    pick(&mut harness, "Tag", "humanitarian/evacuation");
    let tag = harness
        .state()
        .ws()
        .project()
        .tags
        .iter()
        .find(|t| t.path == "humanitarian/evacuation")
        .expect("a tag of the sample")
        .id;
    assert_rows(&harness, "Tag", |c| c.tags.contains(&tag));
}

#[test]
fn the_proposition_filter_keeps_the_claims_bearing_on_it() {
    let file = sample_file(|_| {});
    let mut harness = open(&file.path);
    let text = "Bombardment has destroyed Severodonetsk";
    pick(&mut harness, "Proposition", text);
    let proposition = harness
        .state()
        .ws()
        .project()
        .propositions
        .iter()
        .find(|p| p.text == text)
        .expect("a proposition of the sample")
        .id;
    assert_rows(&harness, "Proposition", |c| {
        c.proposition == Some(proposition)
    });
}

/// The sample with three claims on its last document made by a second annotator,
/// and four claims reviewed: two accepted, one rejected, one to discuss.
fn two_annotators_and_reviews() -> ProjectFile {
    sample_file(|project| {
        let last = project.documents.last().expect("documents").id;
        let theirs: Vec<ClaimId> = project.claims_on(last).take(3).map(|c| c.id).collect();
        let verdicts = [
            ReviewStatus::Accepted,
            ReviewStatus::Rejected,
            ReviewStatus::Accepted,
            ReviewStatus::Discuss,
        ];
        let mut verdicts = verdicts.into_iter();
        for claim in &mut project.claims {
            if theirs.contains(&claim.id) {
                claim.annotator = "Bo Lindqvist".into();
            } else if let Some(status) = verdicts.next() {
                claim.review = Some(Review {
                    status,
                    reviewer: "Bo Lindqvist".into(),
                    comment: String::new(),
                    time: "2026-11-03T14:02:11Z".into(),
                });
            }
        }
    })
}

#[test]
fn the_annotator_filter_keeps_the_claims_the_annotator_made() {
    let file = two_annotators_and_reviews();
    let mut harness = open(&file.path);
    pick(&mut harness, "Annotator", "Bo Lindqvist");
    assert_rows(&harness, "Annotator", |c| c.annotator == "Bo Lindqvist");
    pick(&mut harness, "Annotator", "Triangulate sample");
    assert_rows(&harness, "Annotator, the other one", |c| {
        c.annotator == "Triangulate sample"
    });
}

#[test]
fn the_review_filter_keeps_the_claims_with_the_verdict() {
    let file = two_annotators_and_reviews();
    let mut harness = open(&file.path);
    pick(&mut harness, "Review", "Accepted");
    let status = |c: &Claim| c.review.as_ref().map(|r| r.status);
    assert_rows(&harness, "Review: Accepted", |c| {
        status(c) == Some(ReviewStatus::Accepted)
    });
    pick(&mut harness, "Review", "Discuss");
    assert_rows(&harness, "Review: Discuss", |c| {
        status(c) == Some(ReviewStatus::Discuss)
    });
    pick(&mut harness, "Review", "Rejected");
    assert_rows(&harness, "Review: Rejected", |c| {
        status(c) == Some(ReviewStatus::Rejected)
    });
}

/// The sample with the text of two documents changed on disk: a line inserted
/// before the last claim of one (so re-anchoring moves it, to be confirmed) and
/// the sentence holding a claim deleted from another (so it is orphaned).
fn text_changed_on_disk() -> ProjectFile {
    sample_file(|project| {
        let moved_on = project.documents[0].id;
        let last = project
            .claims_on(moved_on)
            .max_by_key(|c| c.range.start)
            .expect("claims")
            .range
            .start;
        let text = &mut project.documents[0].text;
        let at = text.char_indices().nth(last).expect("in the text").0;
        text.insert_str(at, "(Updated at 14:00.) ");

        let orphaned_on = project.documents[1].id;
        let gone = project
            .claims_on(orphaned_on)
            .find(|c| {
                c.quote
                    .exact
                    .starts_with("Russian Defense Minister Sergei Shoigu")
            })
            .expect("the Shoigu claim")
            .range;
        let text = &mut project.documents[1].text;
        let bytes = |at: usize| text.char_indices().nth(at).expect("in the text").0;
        let (start, end) = (bytes(gone.start), bytes(gone.end));
        text.replace_range(start..end, "");
    })
}

#[test]
fn the_re_anchored_checkbox_keeps_the_claims_to_confirm() {
    let file = text_changed_on_disk();
    let mut harness = open(&file.path);
    harness
        .get_by_role_and_label(Role::CheckBox, "Re-anchored — to confirm")
        .click();
    harness.run();
    assert_rows(
        &harness,
        "Re-anchored — to confirm",
        Claim::awaits_confirmation,
    );
    harness
        .get_by_role_and_label(Role::CheckBox, "Re-anchored — to confirm")
        .click();
    harness.run();
    let all = harness.state().ws().project().claims.len();
    harness.get_by_label(&format!("{all} of {all} claims"));
}

#[test]
fn the_orphaned_checkbox_keeps_the_claims_whose_text_is_gone() {
    let file = text_changed_on_disk();
    let mut harness = open(&file.path);
    harness
        .get_by_role_and_label(Role::CheckBox, "Orphaned only")
        .click();
    harness.run();
    assert_rows(&harness, "Orphaned only", |c| c.orphaned);
    assert!(
        shown_quotes(&harness)
            .iter()
            .any(|q| q.starts_with("Russian Defense Minister Sergei Shoigu")),
        "the claim whose sentence was deleted is listed"
    );
}

/// Changes a claim as an analyst would: clicks the first claim's row in the
/// claims table, then a stance it does not have in the claim editor.
fn change_a_stance(harness: &mut Harness<'static, App>) -> ClaimId {
    let claim = harness.state().ws().project().claims[0].clone();
    harness
        .get_by_role_and_label(Role::Label, &table_quote(&claim))
        .click();
    harness.run();
    assert_eq!(harness.state().selected, Some(claim.id), "the row selects");
    let other = if claim.stance == Some(Stance::DISPUTES) {
        "1 Supports"
    } else {
        "2 Disputes"
    };
    harness.get_by_role_and_label(Role::Button, other).click();
    harness.run();
    assert!(harness.state().ws().is_dirty(), "the stance was changed");
    claim.id
}

#[test]
fn a_recovery_copy_is_written_once_the_autosave_interval_has_passed() {
    let file = sample_file(|_| {});
    let recovery = triangulate::io::recovery::recovery_path(Some(&file.path));
    let opened = Instant::now();
    let mut harness = open(&file.path);
    // What TRIANGULATE_AUTOSAVE_SECS sets in the real binary: here, every 3 s.
    let every = Duration::from_secs(3);
    harness.state_mut().autosave_every = every;
    let changed = change_a_stance(&mut harness);

    // Frames go on, the window keeps its focus: nothing is written before the
    // interval has passed since the project was opened…
    while opened.elapsed() < every * 2 / 3 {
        harness.step();
        assert!(
            !recovery.exists(),
            "a recovery copy was written {:.1} s after opening, before the {} s interval",
            opened.elapsed().as_secs_f32(),
            every.as_secs()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // …and once it has, the next frames write the copy: time alone is the reason.
    run_until(&mut harness, "the recovery copy after the interval", |_| {
        recovery.exists()
    });
    assert!(
        opened.elapsed() >= every,
        "written before the interval had passed"
    );
    let copy = triangulate::io::project_file::load(&recovery).expect("the copy loads");
    assert_eq!(copy.project, *harness.state().ws().project());
    let saved = triangulate::io::project_file::load(&file.path).expect("the file loads");
    let stance = |project: &Project| project.claim(changed).and_then(|c| c.stance);
    assert_ne!(
        stance(&copy.project),
        stance(&saved.project),
        "the copy holds the change the file does not"
    );

    // Saving makes the copy unnecessary: it is removed.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    run_until(&mut harness, "the save", |app| !app.ws().is_dirty());
    assert!(
        !recovery.exists(),
        "the recovery copy is removed after a save"
    );
}

#[test]
fn a_recovery_copy_is_written_when_the_window_loses_focus() {
    let file = sample_file(|_| {});
    let recovery = triangulate::io::recovery::recovery_path(Some(&file.path));
    let mut harness = open(&file.path);
    // An interval no test reaches, as the environment variable could set it: only
    // the focus loss can be the reason for a copy.
    harness.state_mut().autosave_every = Duration::from_secs(3600);
    change_a_stance(&mut harness);
    for _ in 0..20 {
        harness.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(
        !recovery.exists(),
        "nothing is written while the window has focus and the interval has not passed"
    );

    // The analyst switches to another window (the event eframe sends then).
    harness.event(egui::Event::WindowFocused(false));
    run_until(&mut harness, "the recovery copy after focus loss", |_| {
        recovery.exists()
    });
    let copy = triangulate::io::project_file::load(&recovery).expect("the copy loads");
    assert_eq!(copy.project, *harness.state().ws().project());
}

/// My copy of the sample project and a colleague's beside it, in which they
/// changed one claim's stance, deleted another and added one with a new source.
struct Colleague {
    /// My project, in the folder theirs is in.
    mine: ProjectFile,
    /// Their project file.
    theirs: PathBuf,
    /// The claim they deleted.
    deleted: ClaimId,
    /// The claim they added.
    added: ClaimId,
}

/// Writes the colleague's project beside a copy of the sample.
fn colleague() -> Colleague {
    let mine = sample_file(|_| {});
    let mut theirs = triangulate::io::project_file::load(&mine.path)
        .expect("loads")
        .project;
    let changed = theirs
        .claims
        .iter()
        .position(|c| c.stance == Some(Stance::SUPPORTS))
        .expect("a claim that supports");
    theirs.claims[changed].stance = Some(Stance::DISPUTES);
    let deleted = theirs.claims.remove(changed + 1).id;
    let document = theirs.documents[0].clone();
    // Text in the first document that no claim covers.
    let free = triangulate::model::snap_to_words(&document.text, CharRange::new(400, 450));
    assert!(
        !theirs
            .claims_on(document.id)
            .any(|c| c.range.overlaps(free))
    );
    let source = Source::new("A colleague's new source");
    let mut claim = Claim::new(&document, free, "colleague").expect("claim");
    claim.source = Some(source.id);
    let added = claim.id;
    theirs.sources.push(source);
    theirs.claims.push(claim);
    let path = mine.dir.path().join("colleague.ron");
    triangulate::io::project_file::save(&path, &theirs).expect("saved");
    Colleague {
        mine,
        theirs: path,
        deleted,
        added,
    }
}

/// The row of the review screen's list whose text contains `kind` (“Only theirs”).
fn review_row<'a>(harness: &'a Harness<'static, App>, kind: &str) -> egui_kittest::Node<'a> {
    harness
        .query_all_by_role(Role::Button)
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.contains(&format!("\n{kind}")))
        })
        .unwrap_or_else(|| panic!("a row for “{kind}” in the list"))
}

#[test]
fn clicking_a_difference_in_the_review_list_selects_it() {
    let colleague = colleague();
    let mut harness = open(&colleague.mine.path);
    harness
        .query_all_by_role_and_label(Role::Button, "Review")
        .next()
        .expect("the Review menu")
        .click();
    harness.run();
    harness.get_by_label_contains("Compare with…").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Path of the project file")
        .type_text(&colleague.theirs.display().to_string());
    harness.run();
    harness.get_by_label("OK").click();
    run_until(&mut harness, "the review screen", |app| {
        app.review.is_some()
    });

    // The first difference (the changed stance) is selected to begin with; their
    // new source appears only with their new claim.
    let selected = |harness: &Harness<'static, App>, kind: &str| {
        review_row(harness, kind).accesskit_node().toggled() == Some(Toggled::True)
    };
    assert!(selected(&harness, "Changed"));
    assert!(!selected(&harness, "Only theirs"));
    assert!(harness.query_by_label("A colleague's new source").is_none());

    review_row(&harness, "Only theirs").click();
    harness.run();
    assert!(
        selected(&harness, "Only theirs"),
        "the clicked row is selected"
    );
    assert!(!selected(&harness, "Changed"), "one row at a time");
    assert!(
        harness.query_by_label("A colleague's new source").is_some(),
        "the decision panel shows the clicked difference: their claim's source"
    );

    // A decision applies to the row clicked: keep mine on the claim they deleted.
    review_row(&harness, "Only mine").click();
    harness.run();
    assert!(selected(&harness, "Only mine"));
    harness
        .query_all_by_role(Role::Button)
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with("Keep mine") && !l.contains("for all"))
        })
        .expect("the Keep mine button")
        .click();
    harness.run();
    let project = harness.state().ws().project();
    let kept = project.claim(colleague.deleted).expect("my claim stays");
    assert_eq!(
        kept.review.as_ref().map(|r| r.status),
        Some(ReviewStatus::Accepted)
    );
    assert!(
        project.claim(colleague.added).is_none(),
        "their claim was not the one decided"
    );
}

/// File ▸ Export… (Ctrl+E): `choose` picks what to export, the file path is typed
/// into the File field, and Export is clicked (the frame of the click is not run).
fn export_through_the_dialog(
    harness: &mut Harness<'static, App>,
    choose: impl FnOnce(&Harness<'static, App>),
    path: &Path,
) {
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    harness.run();
    choose(harness);
    harness.run();
    let field = harness.get_by_role_and_label(Role::TextInput, "File");
    field.focus();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_role_and_label(Role::TextInput, "File")
        .type_text(&path.display().to_string());
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Export")
        .click();
}

#[test]
fn the_window_keeps_drawing_while_a_long_export_runs() {
    // A project large enough that its HTML report takes a noticeable time to write.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("stress.ron");
    triangulate::io::project_file::save(&path, &triangulate::stress::project(0.05)).expect("saved");
    let report = dir.path().join("report.html");
    let mut harness = open(&path);

    export_through_the_dialog(
        &mut harness,
        |h| h.get_by_label("Report (HTML)").click(),
        &report,
    );

    // Frame by frame until the export reports: count the frames drawn, with the
    // export shown running in the status bar, before its file was there.
    let started = Instant::now();
    let mut frames_while_running = 0;
    loop {
        harness.step();
        if harness
            .query_by_label_contains("Exporting to report.html")
            .is_some()
            && !report.exists()
        {
            frames_while_running += 1;
        }
        if harness
            .state()
            .last_notice()
            .is_some_and(|n| n.starts_with("Exported"))
        {
            break;
        }
        assert!(
            started.elapsed() < TIMEOUT,
            "the export did not finish within {} s: {:?}",
            TIMEOUT.as_secs(),
            harness.state().last_notice()
        );
    }
    assert!(
        frames_while_running >= 3,
        "the window drew {frames_while_running} frame(s) while the export ran: it should keep drawing (the export runs off the UI thread)"
    );
    let html = std::fs::read_to_string(&report).expect("the report was written");
    assert!(html.contains("<html"), "an HTML report");
}

#[test]
fn filtering_the_claims_table_and_opening_a_claim_in_its_pane() {
    let file = sample_file(|_| {});
    let mut harness = open(&file.path);
    let total = harness.state().ws().project().claims.len();
    harness.get_by_label(&format!("{total} of {total} claims"));

    // By stance, then also by source: the filters combine.
    pick(&mut harness, "Stance", "Disputes");
    assert_rows(&harness, "Stance", |c| c.stance == Some(Stance::DISPUTES));
    pick(&mut harness, "Source", "Serhiy Haidai");
    let haidai = harness
        .state()
        .ws()
        .project()
        .source_by_name("Serhiy Haidai")
        .expect("Haidai is a source")
        .id;
    assert_rows(&harness, "Stance and source", |c| {
        c.stance == Some(Stance::DISPUTES) && c.source == Some(haidai)
    });

    // Clicking a row selects the claim and shows it, flashing, in a pane.
    let first = harness
        .state()
        .ws()
        .project()
        .claims
        .iter()
        .find(|c| c.stance == Some(Stance::DISPUTES) && c.source == Some(haidai))
        .expect("Haidai disputes something")
        .clone();
    harness
        .get_by_role_and_label(Role::Label, &table_quote(&first))
        .click();
    harness.run();
    let app = harness.state();
    assert_eq!(app.selected, Some(first.id));
    let pane = app
        .panes
        .iter()
        .find(|p| p.document == Some(first.document))
        .expect("a pane shows the claim's document");
    assert!(pane.reader.viewport().is_some());
}

#[test]
fn exporting_the_filtered_claims_writes_a_csv_off_the_ui_thread() {
    let file = sample_file(|_| {});
    let csv_path = file.dir.path().join("disputes.csv");
    let mut harness = open(&file.path);
    pick(&mut harness, "Stance", "Disputes");
    let expected = harness
        .state()
        .ws()
        .project()
        .claims
        .iter()
        .filter(|c| c.stance == Some(Stance::DISPUTES))
        .count();

    export_through_the_dialog(
        &mut harness,
        |h| {
            h.get_by_label_contains("Claims matching the current filter")
                .click()
        },
        &csv_path,
    );
    // The frames of the click only: the one in which Export is clicked ends with
    // the export handed to a worker, which the status bar shows while it runs.
    harness.step();
    assert!(
        harness
            .state()
            .background
            .is_running("Exporting to disputes.csv"),
        "the export should run as a background task, not in the frame: {:?}",
        harness.state().last_notice()
    );
    run_until(&mut harness, "the export", |app| {
        app.last_notice().is_some_and(|n| n.starts_with("Exported"))
    });
    let csv = std::fs::read_to_string(&csv_path).expect("the CSV was written");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<_> = reader
        .records()
        .collect::<Result<_, _>>()
        .expect("valid CSV");
    assert_eq!(rows.len(), expected, "exactly the filtered claims");
}

/// File ▸ Open…, then `path` typed into the path prompt and OK clicked.
fn open_through_the_menu(harness: &mut Harness<'static, App>, path: &Path) {
    harness.get_by_role_and_label(Role::Button, "File").click();
    harness.run();
    harness.get_by_label_contains("Open…").click();
    harness.run();
    let field = || (Role::TextInput, "Path of the project file");
    harness.get_by_role_and_label(field().0, field().1).focus();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_role_and_label(field().0, field().1)
        .type_text(&path.display().to_string());
    harness.run();
    harness.get_by_label("OK").click();
    harness.run();
}

/// The stance of claim `id` in the project file at `path`.
fn stance_on_disk(path: &Path, id: ClaimId) -> Option<triangulate::model::StanceId> {
    triangulate::io::project_file::load(path)
        .expect("the file loads")
        .project
        .claim(id)
        .expect("the claim is in the file")
        .stance
}

#[test]
fn opening_with_unsaved_changes_asks_first() {
    let file = sample_file(|_| {});
    // Another project to open: the sample under another title.
    let other = file.dir.path().join("other.ron");
    let mut project = triangulate::io::project_file::load(&file.path)
        .expect("loads")
        .project;
    project.title = "Another project".into();
    triangulate::io::project_file::save(&other, &project).expect("saved");
    let mut harness = open(&file.path);
    let changed = change_a_stance(&mut harness);
    let stance = |harness: &Harness<'static, App>| {
        harness
            .state()
            .ws()
            .project()
            .claim(changed)
            .and_then(|c| c.stance)
    };
    let mine = stance(&harness);
    let question = "Save them first?";

    // Cancel: the project stays open with its change.
    open_through_the_menu(&mut harness, &other);
    assert!(
        harness.query_by_label_contains(question).is_some(),
        "Open asks about the unsaved changes before opening"
    );
    assert!(
        !harness.state().background.is_running("Opening"),
        "nothing is opened while it asks"
    );
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    harness.run();
    assert!(harness.query_by_label_contains(question).is_none());
    harness.state_mut().wait_for_jobs(TIMEOUT);
    harness.run();
    let app = harness.state();
    assert_eq!(app.ws().path(), Some(file.path.as_path()), "still open");
    assert!(app.ws().is_dirty(), "the change is still there, unsaved");
    assert_eq!(stance(&harness), mine);

    // Discard: the change is dropped, never written, and the other project opens.
    open_through_the_menu(&mut harness, &other);
    assert!(harness.query_by_label_contains(question).is_some());
    harness
        .get_by_role_and_label(Role::Button, "Discard")
        .click();
    run_until(&mut harness, "the other project opening", |app| {
        app.ws().path() == Some(other.as_path())
    });
    assert_eq!(harness.state().ws().project().title, "Another project");
    assert!(!harness.state().ws().is_dirty());
    assert_ne!(stance_on_disk(&file.path, changed), mine, "discarded");

    // Save: a change here is written to its file first, then the first project opens.
    let changed_here = change_a_stance(&mut harness);
    let theirs = harness
        .state()
        .ws()
        .project()
        .claim(changed_here)
        .and_then(|c| c.stance);
    open_through_the_menu(&mut harness, &file.path);
    harness.get_by_role_and_label(Role::Button, "Save").click();
    run_until(
        &mut harness,
        "the save, then the first project opening",
        |app| app.ws().path() == Some(file.path.as_path()),
    );
    assert_eq!(stance_on_disk(&other, changed_here), theirs, "saved first");
    assert!(!harness.state().ws().is_dirty());
}

#[test]
fn editing_a_documents_text_carries_its_claims_and_undoes_in_one_step() {
    let file = sample_file(|_| {});
    let mut harness = open(&file.path);
    let before = harness.state().ws().project().clone();
    let document = harness.state().panes[0].document.expect("a document");
    let text = before
        .document(document)
        .expect("the document")
        .text
        .clone();
    // The menu bar's Document menu (the claims table has a Document column too).
    harness
        .query_all_by_role_and_label(Role::Button, "Document")
        .next()
        .expect("the Document menu")
        .click();
    harness.run();
    harness.get_by_label_contains("Edit text…").click();
    harness.run();

    // Drop the first paragraph, which holds claims: select all the text in the
    // dialog and type it again without that paragraph.
    let cut = text.find("\n\n").expect("paragraphs") + 2;
    let cut_chars = text[..cut].chars().count();
    let edited = text[cut..].to_owned();
    let gone: Vec<Claim> = before
        .claims
        .iter()
        .filter(|c| c.document == document && c.range.end <= cut_chars)
        .cloned()
        .collect();
    assert!(!gone.is_empty(), "the first paragraph holds claims");
    let dialog = || (Role::Window, "Edit document text");
    let text_field = |harness: &'_ Harness<'static, App>| {
        harness
            .get_by_role_and_label(dialog().0, dialog().1)
            .get_by_label("Text")
            .value()
    };
    assert_eq!(text_field(&harness).as_deref(), Some(text.as_str()));
    harness
        .get_by_role_and_label(dialog().0, dialog().1)
        .get_by_label("Text")
        .focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_role_and_label(dialog().0, dialog().1)
        .get_by_label("Text")
        .type_text(&edited);
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Apply").click();
    harness.run();

    let project = harness.state().ws().project();
    assert_eq!(
        project.document(document).map(|d| d.text.as_str()),
        Some(edited.as_str()),
        "the document's text is the text typed in the dialog"
    );
    for claim in &gone {
        let orphan = project.claim(claim.id).expect("kept, not dropped");
        assert!(
            orphan.orphaned,
            "a claim whose text was deleted is orphaned"
        );
    }
    for claim in project.claims_on(document).filter(|c| !c.orphaned) {
        let old = before.claim(claim.id).expect("an old claim");
        assert_eq!(
            claim.range,
            CharRange::new(old.range.start - cut_chars, old.range.end - cut_chars),
            "every other claim moved with its text"
        );
        assert_eq!(
            triangulate::model::slice(&edited, claim.range),
            Some(claim.quote.exact.as_str())
        );
    }
    assert_eq!(
        harness.state().ws().history().undo_label(),
        Some("Edit document text")
    );
    // The claims panel lists the orphaned claim.
    harness
        .get_by_role_and_label(Role::CheckBox, "Orphaned only")
        .click();
    harness.run();
    let orphaned: Vec<String> = gone.iter().map(table_quote).collect();
    assert_eq!(shown_quotes(&harness), orphaned);

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(
        *harness.state().ws().project(),
        before,
        "one undo restores all"
    );
}
