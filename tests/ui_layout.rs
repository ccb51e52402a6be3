//! Layout that holds at any size (issue 17, bug 3 and "panes that fit"): panes
//! never draw over each other or the claims panel, keep a readable width (the
//! rest become tabs), share the width by dividers, the side panels hide with a
//! key each, the layout comes back with the project, windows open below the menu
//! bar, and "Compare side by side" opens its panes on the proposition's claims.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

mod common;

use egui::accesskit::Role;
use egui::{Key, Modifiers, Rect, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use triangulate::ui::App;
use triangulate::ui::app::min_pane_width;
use triangulate::ui::command::{Action, Command};
use triangulate::workspace::Workspace;

const SAMPLE: &str = "projects/severodonetsk.ron";

fn sample() -> Workspace {
    Workspace::open(std::path::Path::new(SAMPLE)).expect("the sample project opens")
}

fn harness_at(size: Vec2) -> Harness<'static, App> {
    let mut harness = common::app_harness(sample(), "tester");
    harness.set_size(size);
    harness.run();
    harness
}

/// Opens panes until there are `count`.
fn with_panes(harness: &mut Harness<'static, App>, count: usize) {
    while harness.state().panes.len() < count {
        harness.state_mut().push(Command::Action(Action::AddPane));
        harness.run();
    }
    while harness.state().panes.len() > count {
        harness.state_mut().push(Command::Action(Action::ClosePane));
        harness.run();
    }
    harness.run();
}

/// Where the claims panel begins: its filter's label is its first widget.
fn claims_panel_left(harness: &Harness<'static, App>) -> f32 {
    harness
        .get_by_role_and_label(Role::Label, "Filter claims")
        .rect()
        .left()
}

fn shown(harness: &Harness<'static, App>) -> Vec<(usize, Rect)> {
    harness
        .state()
        .panes
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.shown_at.map(|r| (i, r)))
        .collect()
}

#[test]
fn panes_never_overlap_each_other_or_the_claims_panel_at_common_sizes() {
    let sizes = [
        Vec2::new(800.0, 600.0),
        Vec2::new(1100.0, 750.0),
        Vec2::new(1366.0, 768.0),
        Vec2::new(1920.0, 1080.0),
    ];
    for size in sizes {
        let mut harness = harness_at(size);
        for count in 1..=4 {
            with_panes(&mut harness, count);
            let panes = shown(&harness);
            assert!(
                !panes.is_empty(),
                "{size:?} with {count} panes: no pane on screen"
            );
            let claims = claims_panel_left(&harness);
            let min = min_pane_width(&harness.ctx, harness.state().prefs.text_size);
            for (i, rect) in &panes {
                assert!(
                    rect.right() <= claims,
                    "{size:?}, {count} panes: pane {i} ends at {} over the claims panel at {claims}",
                    rect.right()
                );
                assert!(rect.left() >= 0.0 && rect.bottom() <= size.y);
                if panes.len() > 1 {
                    assert!(
                        rect.width() >= min - 1.0,
                        "{size:?}, {count} panes: pane {i} is {} wide, under the readable {min}",
                        rect.width()
                    );
                }
            }
            for pair in panes.windows(2) {
                let ((a, left), (b, right)) = (pair[0], pair[1]);
                assert!(
                    left.right() <= right.left(),
                    "{size:?}, {count} panes: panes {a} and {b} overlap"
                );
            }
            // What does not fit side by side is a tab: every pane stays reachable.
            if panes.len() < count {
                for i in 0..count {
                    let title = harness.state().panes[i]
                        .document
                        .and_then(|d| harness.state().ws().project().document(d))
                        .map(|d| d.title.clone())
                        .unwrap();
                    let tab = format!("Pane {}: {title}", i + 1);
                    assert!(
                        harness.query_all_by_role(Role::Button).any(|b| b
                            .accesskit_node()
                            .label()
                            .is_some_and(|l| l.starts_with(&format!("{} ", i + 1)))),
                        "{size:?}: no tab for {tab}"
                    );
                }
            }
        }
    }
}

#[test]
fn at_800_by_600_four_panes_become_tabs_and_a_tab_shows_its_pane() {
    let mut harness = harness_at(Vec2::new(800.0, 600.0));
    with_panes(&mut harness, 4);
    let panes = shown(&harness);
    assert_eq!(
        panes.len(),
        1,
        "one readable pane fits at 800×600: {panes:?}"
    );
    // A click on the fourth tab shows the fourth pane and focuses it.
    let tab = harness
        .query_all_by_role(Role::Button)
        .find(|b| {
            b.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with("4 "))
        })
        .expect("a tab for pane 4");
    tab.click();
    harness.run();
    assert_eq!(harness.state().focused_pane, 3);
    assert_eq!(shown(&harness).first().map(|(i, _)| *i), Some(3));
    // Hiding the claims panel (Ctrl+Shift+L) gives the panes its room.
    let before = shown(&harness)[0].1.width();
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::L);
    harness.run();
    assert!(!harness.state().show_claims);
    assert!(
        harness
            .query_by_role_and_label(Role::Label, "Filter claims")
            .is_none(),
        "the claims panel is hidden"
    );
    let after: f32 = shown(&harness).iter().map(|(_, r)| r.width()).sum();
    assert!(after > before + 200.0, "{before} → {after}");
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::L);
    harness.run();
    assert!(harness.state().show_claims);
}

#[test]
fn the_document_list_hides_itself_on_small_windows_and_toggles_with_a_key() {
    let mut harness = harness_at(Vec2::new(800.0, 600.0));
    let list_shown =
        |h: &Harness<'static, App>| h.query_by_role_and_label(Role::Button, "Import…").is_some();
    assert!(
        !list_shown(&harness),
        "at 800 px the document list starts hidden"
    );
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::D);
    harness.run();
    assert!(list_shown(&harness), "Ctrl+Shift+D shows it");
    let mut wide = harness_at(Vec2::new(1600.0, 1000.0));
    assert!(list_shown(&wide), "at 1600 px it shows");
    wide.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::D);
    wide.run();
    assert!(!list_shown(&wide), "Ctrl+Shift+D hides it");
}

#[test]
fn dragging_a_divider_widens_one_pane_and_never_below_readable() {
    let mut harness = harness_at(Vec2::new(1920.0, 1080.0));
    with_panes(&mut harness, 2);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::D);
    harness.run();
    let panes = shown(&harness);
    assert_eq!(panes.len(), 2);
    let (left, right) = (panes[0].1, panes[1].1);
    let divider = egui::pos2((left.right() + right.left()) / 2.0, left.center().y);
    common::drag_from_to(&mut harness, divider, divider + Vec2::new(150.0, 0.0));
    let after = shown(&harness);
    assert!(
        (after[0].1.width() - left.width() - 150.0).abs() < 20.0,
        "the left pane grew by the drag: {} → {}",
        left.width(),
        after[0].1.width()
    );
    // Dragging far past the right pane stops at its readable width.
    let divider = egui::pos2(
        (after[0].1.right() + after[1].1.left()) / 2.0,
        left.center().y,
    );
    common::drag_from_to(&mut harness, divider, divider + Vec2::new(2000.0, 0.0));
    let min = min_pane_width(&harness.ctx, harness.state().prefs.text_size);
    let last = shown(&harness);
    assert!(
        last[1].1.width() >= min - 1.0,
        "the right pane kept its readable width: {} < {min}",
        last[1].1.width()
    );
}

#[test]
fn the_layout_comes_back_with_the_project() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("project.ron");
    std::fs::copy(SAMPLE, &path).unwrap();
    let open = || Workspace::open(&path).unwrap();
    let mut harness = common::app_harness(open(), "tester");
    with_panes(&mut harness, 3);
    harness.state_mut().panes[2].share = 2.0;
    harness.state_mut().push(Command::FocusPane(2));
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::L);
    harness.run();
    let documents: Vec<_> = harness.state().panes.iter().map(|p| p.document).collect();
    harness.state_mut().remember_layout();
    let prefs = harness.state().prefs.clone();

    let again = App::new(open(), prefs);
    assert_eq!(
        again.panes.iter().map(|p| p.document).collect::<Vec<_>>(),
        documents
    );
    assert_eq!(again.panes[2].share, 2.0);
    assert_eq!(again.focused_pane, 2);
    assert!(!again.show_claims, "the hidden claims panel stays hidden");
}

#[test]
fn windows_open_below_the_menu_bar_and_fit_a_small_screen() {
    let mut harness = harness_at(Vec2::new(800.0, 600.0));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::M);
    harness.run();
    harness.run();
    let menu_bottom = harness
        .get_by_role_and_label(Role::Button, "File")
        .rect()
        .bottom();
    let title = harness.get_by_label("Compare sources").rect();
    assert!(
        title.top() >= menu_bottom,
        "the matrix window's title {title:?} is under the menu bar ending at {menu_bottom}"
    );
}

#[test]
fn a_fifth_pane_is_refused_with_a_message() {
    let mut harness = harness_at(Vec2::new(1600.0, 1000.0));
    with_panes(&mut harness, 4);
    harness.state_mut().push(Command::Action(Action::AddPane));
    harness.run();
    assert_eq!(harness.state().panes.len(), 4);
    let notice = harness.state().last_notice().unwrap_or_default().to_owned();
    assert!(notice.contains("4 panes is the most"), "{notice}");
}

#[test]
fn compare_side_by_side_opens_each_pane_on_the_propositions_claims() {
    let mut harness = harness_at(Vec2::new(1600.0, 1000.0));
    let project = harness.state().ws().project().clone();
    // The proposition whose claims sit furthest down their documents.
    let proposition = project
        .propositions
        .iter()
        .max_by_key(|p| {
            project
                .claims
                .iter()
                .filter(|c| c.proposition == Some(p.id))
                .map(|c| c.range.start)
                .min()
                .unwrap_or(0)
        })
        .unwrap()
        .id;
    harness
        .state_mut()
        .push(Command::CompareProposition(proposition));
    for _ in 0..4 {
        harness.run();
    }
    let app = harness.state();
    assert!(!app.panes.is_empty());
    for pane in &app.panes {
        let document = pane.document.unwrap();
        let first = project
            .claims_on(document)
            .filter(|c| c.proposition == Some(proposition))
            .min_by_key(|c| c.range.start)
            .unwrap();
        let at = pane
            .reader
            .screen_pos_of(first.range.start)
            .expect("the claim was laid out");
        let view = pane.shown_at.unwrap();
        assert!(
            view.contains(at),
            "the first claim on the proposition is at {at:?}, outside its pane {view:?}"
        );
    }
}

#[test]
fn at_800_by_600_the_claims_table_keeps_its_header_and_rows_above_the_editor() {
    let mut harness = harness_at(Vec2::new(800.0, 600.0));
    let first = harness.state().ws().project().claims[0].id;
    harness.state_mut().push(Command::SelectClaim(Some(first)));
    harness.run();
    let header = harness.get_by_role_and_label(Role::Button, "Quote").rect();
    let delete = harness
        .get_by_role_and_label(Role::Button, "Delete claim")
        .rect();
    assert!(
        header.bottom() < delete.top(),
        "the editor's Delete claim {delete:?} covers the table header {header:?}"
    );
    let rows = harness
        .query_all_by_role(Role::Label)
        .filter(|n| {
            let r = n.rect();
            r.left() >= header.left() - 1.0
                && r.top() >= header.bottom()
                && r.bottom() <= delete.top()
        })
        .count();
    assert!(rows >= 3, "only {rows} rows of the table are in view");
    // The filters folded under one line keep the table its room, and unfold.
    harness.get_by_label("Filters").click();
    harness.run();
    harness.get_by_role_and_label(Role::ComboBox, "Source");
}

#[test]
fn the_find_row_fits_its_pane() {
    for size in [Vec2::new(800.0, 600.0), Vec2::new(1366.0, 768.0)] {
        let mut harness = harness_at(size);
        with_panes(&mut harness, 2);
        harness.state_mut().push(Command::FocusPane(0));
        harness.run();
        harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
        harness.run();
        harness.run();
        let (_, pane) = shown(&harness)
            .into_iter()
            .find(|(i, _)| *i == 0)
            .expect("pane 1 on screen");
        let field = harness
            .get_by_role_and_label(Role::TextInput, "Find")
            .rect();
        assert!(
            pane.contains_rect(field),
            "{size:?}: {field:?} outside {pane:?}"
        );
        for close in harness.query_all_by_label("✖") {
            let r = close.rect();
            if r.center().y < field.bottom() && r.center().y > field.top() {
                assert!(
                    r.right() <= pane.right(),
                    "{size:?}: the find bar's close button at {r:?} is past its pane {pane:?}"
                );
            }
        }
    }
}
