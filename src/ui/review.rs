//! Review ▸ Compare with…: my project beside a colleague's, claim by claim.
//!
//! The screen replaces the panes while it is open: a list of differences on the
//! left (grouped by kind, filterable), my text and theirs side by side over the
//! same document with the differences marked, and the selected difference with
//! its fields compared and the decisions (keep mine, take theirs, keep both,
//! discuss). Decisions are edits of my project, sent as commands, so undo takes
//! them back; the comparison is worked out again whenever my project changes.

use std::path::PathBuf;
use std::sync::Arc;

use egui::{RichText, Ui};

use crate::model::{Claim, ClaimId, DocumentId, IdMap, Project};
use crate::review::diff::{LiveDiff, Update};
use crate::review::{self, ClaimDiff, Decision, Diff, DiffKind, Field, Reviewer, Standing};
use crate::ui::command::{Action, Command};
use crate::ui::reader::{self, Highlight, ReaderEvent, ReaderInput, ReaderState};
use crate::ui::review_parts::{
    KINDS, Kind, claim_in, describe, field_value, keep_both_tip, keep_mine_tip, row_ui,
    take_theirs_tip, theirs_label,
};
use crate::ui::view::{View, ViewContext};
use crate::workspace::Stamp;

pub use crate::ui::review_parts::{RowKey, key_of};

/// The list's filters: kinds shown, settled shown, document, search text.
type FilterKey = ([bool; 4], bool, Option<DocumentId>, String);

/// The review screen's state.
pub struct ReviewScreen {
    /// Their project (shared with the agreement view, never copied).
    pub theirs: Arc<Project>,
    /// Where it was read from.
    pub theirs_path: PathBuf,
    /// What their project is called on screen and in review comments.
    pub theirs_label: String,
    /// The comparison, kept up to date as my project changes.
    live: LiveDiff,
    /// The workspace and revision the comparison was brought up to date for.
    diff_for: Option<Stamp>,
    /// Bumped whenever the comparison changes (the listed rows key on it).
    generation: u64,
    /// My claims' places in my project, by id, as of `diff_for` (the list
    /// looks claims up every frame; a search through all of them is slow).
    my_index: IdMap<ClaimId, usize>,
    /// Which kinds are listed.
    pub show_kinds: [bool; 4],
    /// Whether settled differences (accepted or rejected) are listed.
    pub show_settled: bool,
    /// Only differences on this document (mine, or theirs when I lack it).
    pub document: Option<DocumentId>,
    /// Only claims whose quote contains this.
    pub search: String,
    /// The listed rows: indices into the diff's claims.
    rows: Vec<usize>,
    /// The comparison's generation and the filters the rows were listed for.
    rows_for: Option<(u64, FilterKey)>,
    /// The selected difference.
    pub selected: Option<RowKey>,
    /// The comment for "Discuss".
    pub comment: String,
    mine_reader: ReaderState,
    theirs_reader: ReaderState,
    /// The documents the two readers show, and their highlights.
    shown: Option<(Option<DocumentId>, Option<DocumentId>)>,
    mine_highlights: Vec<Highlight>,
    theirs_highlights: Vec<Highlight>,
    /// Scroll the readers to the selection on the next frame.
    scroll_pending: bool,
}

/// What the review screen asks of the app.
#[derive(Debug, Default)]
pub struct ReviewOutput {
    /// Edits and messages.
    pub commands: Vec<Command>,
    /// Close the review screen.
    pub close: bool,
    /// Open the agreement view for mine and theirs.
    pub agreement: bool,
}

impl View for ReviewScreen {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let output = self.show(
            ui,
            cx.project(),
            cx.stamp(),
            &cx.prefs.annotator,
            cx.prefs.text_size,
        );
        cx.extend(output.commands);
        if output.agreement {
            cx.action(Action::Agreement);
        }
        if output.close {
            cx.action(Action::CloseReview);
        }
    }
}

impl ReviewScreen {
    /// A review of my project against theirs, read from `path`.
    pub fn new(theirs: Arc<Project>, path: PathBuf) -> Self {
        let file = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let theirs_label = theirs_label(&theirs, &file);
        Self {
            live: LiveDiff::new(Arc::clone(&theirs)),
            theirs,
            theirs_path: path,
            theirs_label,
            diff_for: None,
            generation: 0,
            my_index: IdMap::default(),
            show_kinds: [true, true, true, false],
            show_settled: false,
            document: None,
            search: String::new(),
            rows: Vec::new(),
            rows_for: None,
            selected: None,
            comment: String::new(),
            mine_reader: ReaderState::default(),
            theirs_reader: ReaderState::default(),
            shown: None,
            mine_highlights: Vec::new(),
            theirs_highlights: Vec::new(),
            scroll_pending: false,
        }
    }

    /// The comparison, as of the last frame.
    pub fn diff(&self) -> &Diff {
        self.live.diff()
    }

    /// The listed differences, in order.
    pub fn listed(&self) -> impl Iterator<Item = &ClaimDiff> {
        self.rows
            .iter()
            .filter_map(|&i| self.live.diff().claims.get(i))
    }

    /// Brings the comparison up to date when my project changed: a decision (or
    /// any edit) works out again only the differences whose claims it touched;
    /// another workspace (New, Open, Reload) is compared afresh.
    pub fn refresh(&mut self, mine: &Project, stamp: Stamp) {
        if self.diff_for != Some(stamp) {
            if self.diff_for.is_none_or(|s| s.workspace != stamp.workspace) {
                self.live.reset();
            }
            if self.live.update(mine) != Update::Unchanged {
                self.generation += 1;
                self.shown = None;
            }
            self.my_index.clear();
            for (at, claim) in mine.claims.iter().enumerate() {
                self.my_index.entry(claim.id).or_insert(at);
            }
            self.diff_for = Some(stamp);
        }
        self.update_rows(mine);
        let still_listed = self
            .selected
            .is_some_and(|key| self.position(key).is_some());
        if !still_listed {
            let first = self.listed().next().map(key_of);
            self.selected = first;
            self.scroll_pending = true;
        }
    }

    /// Forces the comparison to be worked out again on the next frame.
    pub fn invalidate(&mut self) {
        self.live.reset();
        self.diff_for = None;
    }

    /// What the listed rows depend on besides the diff.
    fn filter_key(&self) -> FilterKey {
        (
            self.show_kinds,
            self.show_settled,
            self.document,
            self.search.trim().to_lowercase(),
        )
    }

    /// The listed rows, worked out again only when the diff or the filters changed.
    fn update_rows(&mut self, mine: &Project) {
        let key = (self.generation, self.filter_key());
        if self.rows_for.as_ref() != Some(&key) {
            self.rows = self.filtered_rows(mine);
            self.rows_for = Some(key);
        }
    }

    fn filtered_rows(&self, mine: &Project) -> Vec<usize> {
        let needle = self.search.trim().to_lowercase();
        let diff = self.live.diff();
        let theirs_to_mine: IdMap<DocumentId, DocumentId> =
            diff.document_pairs().map(|(m, t)| (t, m)).collect();
        // Grouped by kind, each group in document order (the diff's order).
        let mut groups: [Vec<usize>; 4] = Default::default();
        for (i, row) in diff.claims.iter().enumerate() {
            let my_claim = row.mine.and_then(|id| self.my_claim(mine, id));
            // Their claim only when a filter needs it.
            let their_claim = || row.theirs.and_then(|id| self.live.their_claim(id));
            let standing = Standing::of(my_claim);
            let kind = Kind::of(&row.kind).index();
            // Claims up for discussion are always listed, even when alike.
            let shown_kind = self.show_kinds.get(kind).copied().unwrap_or(true);
            let listed_kind = shown_kind || standing == Standing::Discuss;
            let settled = matches!(standing, Standing::Settled(_));
            if !listed_kind || (settled && !self.show_settled) {
                continue;
            }
            if let Some(document) = self.document {
                let their_document = their_claim().map(|c| c.document);
                let my_document = my_claim
                    .map(|c| c.document)
                    .or_else(|| their_document.and_then(|d| theirs_to_mine.get(&d).copied()));
                if my_document != Some(document) && their_document != Some(document) {
                    continue;
                }
            }
            if !needle.is_empty() {
                let has = |claim: Option<&Claim>| {
                    claim.is_some_and(|c| c.quote.exact.to_lowercase().contains(&needle))
                };
                if !has(my_claim) && !has(their_claim()) {
                    continue;
                }
            }
            if let Some(group) = groups.get_mut(kind) {
                group.push(i);
            }
        }
        groups.concat()
    }

    /// My claim with this id, found through the index.
    fn my_claim<'a>(&self, mine: &'a Project, id: ClaimId) -> Option<&'a Claim> {
        claim_in(mine, &self.my_index, id)
    }

    fn position(&self, key: RowKey) -> Option<usize> {
        let diff = self.live.diff();
        self.rows
            .iter()
            .position(|&i| diff.claims.get(i).is_some_and(|row| key_of(row) == key))
    }

    /// The listed row at `at`.
    fn row_at(&self, at: usize) -> Option<&ClaimDiff> {
        self.rows
            .get(at)
            .and_then(|&i| self.live.diff().claims.get(i))
    }

    fn selected_row(&self) -> Option<&ClaimDiff> {
        self.row_at(self.position(self.selected?)?)
    }

    /// My document of a difference: my claim's, or the one matched to theirs.
    fn my_document_of(&self, mine: &Project, row: &ClaimDiff) -> Option<DocumentId> {
        if let Some(claim) = row.mine.and_then(|id| self.my_claim(mine, id)) {
            return Some(claim.document);
        }
        let theirs = self.their_document_of(row)?;
        self.live.diff().my_document(theirs)
    }

    fn their_document_of(&self, row: &ClaimDiff) -> Option<DocumentId> {
        row.theirs
            .and_then(|id| self.live.their_claim(id))
            .map(|c| c.document)
    }

    /// Selects a row, and the next frame scrolls both texts to it.
    pub fn select(&mut self, key: RowKey) {
        self.selected = Some(key);
        self.scroll_pending = true;
    }

    /// Moves the selection by `step` rows.
    pub fn step(&mut self, step: isize) {
        if self.rows.is_empty() {
            return;
        }
        let at = self
            .selected
            .and_then(|k| self.position(k))
            .map_or(0, |at| at as isize + step);
        let at = at.clamp(0, self.rows.len() as isize - 1) as usize;
        if let Some(key) = self.row_at(at).map(key_of) {
            self.select(key);
        }
    }

    /// Carries out a decision on the selected difference, then moves to the next.
    pub fn decide_selected(
        &mut self,
        mine: &Project,
        decision: Decision,
        reviewer: &str,
    ) -> Vec<Command> {
        let Some(row) = self.selected_row().cloned() else {
            return Vec::new();
        };
        let next = self
            .selected
            .and_then(|k| self.position(k))
            .and_then(|at| self.row_at(at + 1))
            .map(key_of);
        let commands = self.decide(mine, &[&row], &decision, reviewer);
        if !commands.is_empty() {
            if let Some(next) = next {
                self.select(next);
            }
            self.comment.clear();
        }
        commands
    }

    /// Carries out a decision on every listed difference it applies to.
    pub fn decide_listed(
        &mut self,
        mine: &Project,
        decision: Decision,
        reviewer: &str,
    ) -> Vec<Command> {
        let rows: Vec<ClaimDiff> = self.listed().cloned().collect();
        let refs: Vec<&ClaimDiff> = rows.iter().collect();
        self.decide(mine, &refs, &decision, reviewer)
    }

    fn decide(
        &self,
        mine: &Project,
        rows: &[&ClaimDiff],
        decision: &Decision,
        reviewer: &str,
    ) -> Vec<Command> {
        let reviewer = Reviewer {
            name: reviewer.to_owned(),
            time: crate::model::now_rfc3339(),
            theirs_label: self.theirs_label.clone(),
        };
        let (edit, skipped) = review::resolve(
            mine,
            &self.theirs,
            self.live.diff(),
            rows,
            decision,
            &reviewer,
        );
        let mut commands = Vec::new();
        if !edit.is_empty() {
            let label = if rows.len() == 1 {
                format!("Review: {}", decision.label().to_lowercase())
            } else {
                format!(
                    "Review: {} ({} claims)",
                    decision.label().to_lowercase(),
                    rows.len()
                )
            };
            commands.push(Command::Edit { edit, label });
        }
        for message in skipped {
            commands.push(Command::Notify(message));
        }
        commands
    }

    // ------------------------------------------------------------------
    // Drawing.

    /// Draws the review screen in the central area.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        mine: &Project,
        stamp: Stamp,
        reviewer: &str,
        text_size: f32,
    ) -> ReviewOutput {
        self.refresh(mine, stamp);
        let mut out = ReviewOutput::default();
        self.keys(ui, mine, reviewer, &mut out);
        self.header_ui(ui, mine, &mut out);
        ui.separator();
        egui::Panel::left("review differences")
            .resizable(true)
            .default_size(380.0)
            .size_range(280.0..=640.0)
            .show(ui, |ui| {
                ui.set_max_width(ui.available_width());
                self.list_ui(ui, mine, reviewer, &mut out);
            });
        egui::Panel::bottom("review decision")
            .resizable(false)
            .show(ui, |ui| {
                ui.set_max_width(ui.available_width());
                self.decision_ui(ui, mine, reviewer, &mut out);
            });
        egui::CentralPanel::default().show(ui, |ui| self.texts_ui(ui, mine, text_size));
        out
    }

    fn keys(&mut self, ui: &Ui, mine: &Project, reviewer: &str, out: &mut ReviewOutput) {
        let ctx = ui.ctx();
        if ctx.egui_wants_keyboard_input() {
            return;
        }
        let none = egui::Modifiers::NONE;
        let key = |k| ctx.input_mut(|i| i.consume_key(none, k));
        if key(egui::Key::ArrowDown) || key(egui::Key::J) {
            self.step(1);
        } else if key(egui::Key::ArrowUp) || key(egui::Key::K) {
            self.step(-1);
        } else if key(egui::Key::M) {
            out.commands
                .extend(self.decide_selected(mine, Decision::KeepMine, reviewer));
        } else if key(egui::Key::T) {
            out.commands
                .extend(self.decide_selected(mine, Decision::TakeTheirs, reviewer));
        } else if key(egui::Key::B) {
            out.commands
                .extend(self.decide_selected(mine, Decision::KeepBoth, reviewer));
        } else if key(egui::Key::D) {
            let comment = self.comment.clone();
            out.commands
                .extend(self.decide_selected(mine, Decision::Discuss(comment), reviewer));
        }
    }

    fn header_ui(&mut self, ui: &mut Ui, mine: &Project, out: &mut ReviewOutput) {
        ui.horizontal_wrapped(|ui| {
            ui.heading("Review");
            ui.label(format!("my project against {}", self.theirs_label))
                .on_hover_text(self.theirs_path.display().to_string());
            ui.separator();
            let counts = self.live.diff().counts();
            for (kind, label, colour) in KINDS {
                let count = match kind {
                    Kind::Same => counts[0],
                    Kind::OnlyMine => counts[1],
                    Kind::OnlyTheirs => counts[2],
                    Kind::Changed => counts[3],
                };
                ui.label(
                    RichText::new(format!("■ {label} {count}"))
                        .color(super::widgets::readable(colour, ui.visuals().panel_fill)),
                );
            }
            ui.separator();
            if ui
                .button("Agreement…")
                .on_hover_text("Span and stance agreement between my project and theirs")
                .clicked()
            {
                out.agreement = true;
            }
            if ui
                .button("Close review")
                .on_hover_text("Back to the panes; decisions made stay in the project")
                .clicked()
            {
                out.close = true;
            }
        });
        // Documents that are not on both sides, or whose text differs.
        let only_theirs: Vec<DocumentId> = self.live.diff().documents_only_theirs.clone();
        if !only_theirs.is_empty()
            || !self.live.diff().documents_only_mine.is_empty()
            || !self.live.diff().documents_text_differs.is_empty()
        {
            ui.horizontal_wrapped(|ui| {
                for id in &only_theirs {
                    let Some(document) = self.theirs.document(*id) else {
                        continue;
                    };
                    ui.label(RichText::new(format!("Only theirs: {}", document.label())).color(super::widgets::readable(Kind::OnlyTheirs.colour(), ui.visuals().panel_fill)));
                    if ui
                        .small_button("Take document")
                        .on_hover_text("Add their copy of this document (without its claims) to my project")
                        .clicked()
                    {
                        out.commands.push(Command::Edit {
                            edit: crate::edit::Edit::add_document(document.clone()),
                            label: "Review: take document".into(),
                        });
                    }
                }
                for id in &self.live.diff().documents_only_mine {
                    if let Some(document) = mine.document(*id) {
                        ui.label(RichText::new(format!("Only mine: {}", document.label())).color(super::widgets::readable(Kind::OnlyMine.colour(), ui.visuals().panel_fill)));
                    }
                }
                for (m, _) in &self.live.diff().documents_text_differs {
                    if let Some(document) = mine.document(*m) {
                        ui.label(RichText::new(format!("⚠ Text differs: {}", document.label())).color(ui.visuals().warn_fg_color))
                            .on_hover_text("The same document with different text on each side: their claims are placed in my text by their quotes");
                    }
                }
            });
        }
    }

    fn list_ui(&mut self, ui: &mut Ui, mine: &Project, reviewer: &str, out: &mut ReviewOutput) {
        ui.horizontal_wrapped(|ui| {
            for (kind, label, colour) in KINDS {
                let i = kind.index();
                if let Some(shown) = self.show_kinds.get_mut(i) {
                    let colour = super::widgets::readable(colour, ui.visuals().panel_fill);
                    ui.checkbox(shown, RichText::new(label).color(colour));
                }
            }
            ui.checkbox(&mut self.show_settled, "Settled")
                .on_hover_text("Also list differences already accepted or rejected");
        });
        ui.horizontal(|ui| {
            let label = ui.label("Document");
            let current = self
                .document
                .and_then(|d| mine.document(d).or_else(|| self.theirs.document(d)))
                .map_or_else(|| "All documents".to_owned(), |d| d.label());
            egui::ComboBox::from_id_salt("review document")
                .selected_text(current)
                .width(ui.available_width() - 8.0)
                .truncate()
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.document, None, "All documents");
                    for document in &mine.documents {
                        ui.selectable_value(
                            &mut self.document,
                            Some(document.id),
                            document.label(),
                        );
                    }
                    for id in &self.live.diff().documents_only_theirs {
                        if let Some(document) = self.theirs.document(*id) {
                            ui.selectable_value(
                                &mut self.document,
                                Some(*id),
                                format!("{} (theirs)", document.label()),
                            );
                        }
                    }
                })
                .response
                .labelled_by(label.id);
        });
        ui.horizontal(|ui| {
            let label = ui.label("Quote");
            ui.add(
                egui::TextEdit::singleline(&mut self.search)
                    .hint_text("contains…")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        });
        self.update_rows(mine);
        ui.horizontal_wrapped(|ui| {
            let n = self.rows.len();
            ui.label(format!("{n} listed"));
            if n > 0 {
                if ui
                    .button(format!("Take theirs for all {n}"))
                    .on_hover_text("Take their version of every listed difference, as one step (undo takes it back)")
                    .clicked()
                {
                    out.commands.extend(self.decide_listed(mine, Decision::TakeTheirs, reviewer));
                }
                if ui
                    .button(format!("Keep mine for all {n}"))
                    .on_hover_text("Keep my version of every listed difference, as one step")
                    .clicked()
                {
                    out.commands.extend(self.decide_listed(mine, Decision::KeepMine, reviewer));
                }
            }
        });
        ui.separator();
        if self.rows.is_empty() {
            ui.label(if self.live.diff().is_identical() {
                "Both projects hold the same claims."
            } else {
                "Nothing listed: every difference shown is settled, or the filters hide it."
            });
            return;
        }
        let row_height = ui.text_style_height(&egui::TextStyle::Body) * 2.0 + 10.0;
        let mut clicked = None;
        let rows = &self.rows;
        let diff = self.live.diff();
        let live = &self.live;
        let my_index = &self.my_index;
        let theirs = &self.theirs;
        let selected = self.selected;
        let mut scroll = egui::ScrollArea::vertical()
            .id_salt("review rows")
            .auto_shrink([false, false]);
        if self.scroll_pending
            && let Some(at) = selected.and_then(|k| self.position(k))
        {
            let spacing = ui.spacing().item_spacing.y;
            let top = at as f32 * (row_height + spacing);
            let visible = ui.available_height();
            scroll = scroll.vertical_scroll_offset((top - visible / 2.0).max(0.0));
        }
        scroll.show_rows(ui, row_height, rows.len(), |ui, range| {
            for at in range {
                let Some(row) = rows.get(at).and_then(|&i| diff.claims.get(i)) else {
                    continue;
                };
                let kind = Kind::of(&row.kind);
                let claim = row
                    .mine
                    .and_then(|id| claim_in(mine, my_index, id))
                    .or_else(|| row.theirs.and_then(|id| live.their_claim(id)));
                let Some(claim) = claim else {
                    continue;
                };
                let document = mine
                    .document(claim.document)
                    .or_else(|| theirs.document(claim.document))
                    .map(|d| d.label())
                    .unwrap_or_default();
                let mut detail = kind.label().to_owned();
                if let DiffKind::Changed(fields) = &row.kind {
                    let names: Vec<&str> = fields.iter().map(|f| f.label()).collect();
                    detail = format!("{}: {}", detail, names.join(", "));
                }
                match Standing::of(row.mine.and_then(|id| claim_in(mine, my_index, id))) {
                    Standing::Open => {}
                    Standing::Discuss => detail.push_str(" · to discuss"),
                    Standing::Settled(status) => {
                        detail.push_str(&format!(" · {}", status.label().to_lowercase()))
                    }
                }
                let quote = format!("“{}”", review::short_quote(&claim.quote.exact));
                let detail = format!("{detail} · {document}");
                let is_selected = selected == Some(key_of(row));
                let response = row_ui(
                    ui,
                    [&quote, &detail],
                    is_selected,
                    kind.colour(),
                    row_height,
                );
                if response.clicked() {
                    clicked = Some(key_of(row));
                }
            }
        });
        if let Some(key) = clicked {
            self.select(key);
        }
    }

    fn decision_ui(&mut self, ui: &mut Ui, mine: &Project, reviewer: &str, out: &mut ReviewOutput) {
        ui.add_space(4.0);
        let Some(row) = self.selected_row().cloned() else {
            ui.label("Select a difference on the left.");
            return;
        };
        let my_claim = row.mine.and_then(|id| self.my_claim(mine, id));
        let their_claim = row.theirs.and_then(|id| self.live.their_claim(id));
        let changed: Vec<Field> = match &row.kind {
            DiffKind::Changed(fields) => fields.clone(),
            _ => Vec::new(),
        };
        // Fixed columns: the field's name, then mine and theirs at equal widths.
        let name_width = 90.0;
        let value_width = ((ui.available_width() - name_width - 24.0) / 2.0).max(80.0);
        let cells = |ui: &mut Ui, texts: [RichText; 3]| {
            ui.horizontal(|ui| {
                for (text, width) in texts
                    .into_iter()
                    .zip([name_width, value_width, value_width])
                {
                    ui.allocate_ui_with_layout(
                        egui::vec2(width, ui.spacing().interact_size.y),
                        egui::Layout::left_to_right(egui::Align::Center),
                        |ui| {
                            ui.set_width(width);
                            ui.add(egui::Label::new(text).truncate());
                        },
                    );
                }
            });
        };
        cells(
            ui,
            [
                RichText::new(""),
                RichText::new("Mine").strong(),
                RichText::new(format!("Theirs — {}", self.theirs_label)).strong(),
            ],
        );
        for field in [
            Field::Span,
            Field::Stance,
            Field::Source,
            Field::Proposition,
            Field::Tags,
            Field::Value,
            Field::Note,
        ] {
            let differs = changed.contains(&field);
            let name = RichText::new(field.label());
            let value = |project: &Project, claim: Option<&crate::model::Claim>| {
                let text = RichText::new(
                    claim.map_or_else(|| "—".to_owned(), |c| field_value(project, c, field)),
                );
                if differs { text.strong() } else { text }
            };
            cells(
                ui,
                [
                    if differs {
                        name.color(Kind::Changed.colour()).strong()
                    } else {
                        name.weak()
                    },
                    value(mine, my_claim),
                    value(&self.theirs, their_claim),
                ],
            );
        }
        let review = my_claim.and_then(|c| c.review.as_ref()).map_or_else(
            || "—".to_owned(),
            |r| format!("{} by {} — {}", r.status.label(), r.reviewer, r.comment),
        );
        cells(
            ui,
            [
                RichText::new("review").weak(),
                RichText::new(review),
                RichText::new(""),
            ],
        );
        ui.add_space(4.0);
        let same = row.kind == DiffKind::Same;
        ui.horizontal_wrapped(|ui| {
            let decisions = [
                (Decision::KeepMine, "M", keep_mine_tip(&row.kind)),
                (Decision::TakeTheirs, "T", take_theirs_tip(&row.kind)),
                (Decision::KeepBoth, "B", keep_both_tip(&row.kind)),
            ];
            for (decision, key, tip) in decisions {
                let button = egui::Button::new(decision.label()).shortcut_text(key);
                if ui.add_enabled(!same, button).on_hover_text(tip).clicked() {
                    out.commands
                        .extend(self.decide_selected(mine, decision, reviewer));
                }
            }
            ui.separator();
            let label = ui.label("Comment");
            ui.add(
                egui::TextEdit::singleline(&mut self.comment)
                    .hint_text("why it needs discussing")
                    .desired_width(260.0),
            )
            .labelled_by(label.id);
            if ui
                .add(egui::Button::new("Discuss").shortcut_text("D"))
                .on_hover_text(
                    "Mark it for discussion with this comment (their version is noted with it)",
                )
                .clicked()
            {
                let comment = self.comment.clone();
                out.commands.extend(self.decide_selected(
                    mine,
                    Decision::Discuss(comment),
                    reviewer,
                ));
            }
        });
        ui.label(
            RichText::new("Up/Down or J/K move between differences; M, T, B, D decide.")
                .small()
                .weak(),
        );
    }

    fn texts_ui(&mut self, ui: &mut Ui, mine: &Project, text_size: f32) {
        let row = self.selected_row().cloned();
        let my_doc = row
            .as_ref()
            .and_then(|r| self.my_document_of(mine, r))
            .or_else(|| self.document.filter(|d| mine.document(*d).is_some()))
            .or_else(|| self.live.diff().documents.first().map(|(m, _)| *m));
        let their_doc = row
            .as_ref()
            .and_then(|r| self.their_document_of(r))
            .or_else(|| my_doc.and_then(|d| self.live.diff().their_document(d)))
            .or_else(|| self.document.filter(|d| self.theirs.document(*d).is_some()));
        let shown = (my_doc, their_doc);
        if self.shown != Some(shown) {
            if self.shown.is_some_and(|(m, _)| m != my_doc) {
                self.mine_reader = ReaderState::default();
            }
            if self.shown.is_some_and(|(_, t)| t != their_doc) {
                self.theirs_reader = ReaderState::default();
            }
            self.shown = Some(shown);
            self.mine_highlights = self.highlights(mine, my_doc, true);
            self.theirs_highlights = self.highlights(&self.theirs, their_doc, false);
            self.scroll_pending = true;
        }
        if self.scroll_pending {
            self.scroll_pending = false;
            let mine_claim = row
                .as_ref()
                .and_then(|r| r.mine)
                .and_then(|id| self.my_claim(mine, id));
            let their_claim = row
                .as_ref()
                .and_then(|r| r.theirs)
                .and_then(|id| self.live.their_claim(id));
            let now = ui.input(|i| i.time);
            if let Some(claim) = mine_claim {
                self.mine_reader.scroll_to = Some(claim.range);
                self.mine_reader.flash = Some((claim.id, now));
            } else if let Some(claim) = their_claim {
                // Where their claim would be in my text.
                self.mine_reader.scroll_to = Some(claim.range);
            }
            if let Some(claim) = their_claim {
                self.theirs_reader.scroll_to = Some(claim.range);
                self.theirs_reader.flash = Some((claim.id, now));
            } else if let Some(claim) = mine_claim {
                self.theirs_reader.scroll_to = Some(claim.range);
            }
        }
        let selected_mine = row.as_ref().and_then(|r| r.mine);
        let selected_theirs = row.as_ref().and_then(|r| r.theirs);
        let mut clicked: Option<(bool, ClaimId)> = None;
        let theirs = &self.theirs;
        let theirs_label = &self.theirs_label;
        let diff = self.live.diff();
        let (mine_reader, theirs_reader) = (&mut self.mine_reader, &mut self.theirs_reader);
        let (mine_highlights, theirs_highlights) = (&self.mine_highlights, &self.theirs_highlights);
        ui.columns(2, |columns| {
            let sides = [
                (
                    true,
                    mine,
                    my_doc,
                    mine_reader,
                    mine_highlights,
                    selected_mine,
                    "Mine".to_owned(),
                ),
                (
                    false,
                    theirs,
                    their_doc,
                    theirs_reader,
                    theirs_highlights,
                    selected_theirs,
                    format!("Theirs — {theirs_label}"),
                ),
            ];
            for ((is_mine, project, document, state, highlights, selected, title), column) in
                sides.into_iter().zip(columns.iter_mut())
            {
                column.set_max_width(column.available_width());
                column.shrink_clip_rect(column.max_rect());
                egui::Frame::group(column.style()).show(column, |ui| {
                    let document = document.and_then(|d| project.document(d));
                    ui.horizontal(|ui| {
                        ui.label(RichText::new(title).strong());
                        if let Some(document) = document {
                            ui.add(
                                egui::Label::new(RichText::new(document.label()).weak()).truncate(),
                            );
                        }
                    });
                    let Some(document) = document else {
                        ui.label(if is_mine {
                            "I do not have this document."
                        } else {
                            "They do not have this document."
                        });
                        return;
                    };
                    let describe = |id: ClaimId| describe(project, diff, id, is_mine);
                    let input = ReaderInput {
                        document,
                        highlights,
                        selected,
                        linked: &[],
                        text_size,
                        describe: &describe,
                    };
                    let salt = if is_mine {
                        "review mine"
                    } else {
                        "review theirs"
                    };
                    for event in reader::reader_ui(ui, state, &input, salt) {
                        match event {
                            ReaderEvent::ClickedClaim(id) => clicked = Some((is_mine, id)),
                            // Nothing is made in the review: a dragged selection just goes.
                            ReaderEvent::Selected(..) | ReaderEvent::ClickedText => {
                                state.selection = None
                            }
                        }
                    }
                });
            }
        });
        if let Some((is_mine, id)) = clicked {
            let found = self.live.diff().claims.iter().find(|row| {
                if is_mine {
                    row.mine == Some(id)
                } else {
                    row.theirs == Some(id)
                }
            });
            if let Some(row) = found {
                let key = key_of(row);
                if self.position(key).is_none() {
                    // Listed or not, a click shows it: widen the filters just enough.
                    if let Some(shown) = self.show_kinds.get_mut(Kind::of(&row.kind).index()) {
                        *shown = true;
                    }
                    self.show_settled = true;
                    self.document = None;
                    self.search.clear();
                }
                self.select(key);
            }
        }
    }

    /// The highlights of one side's document, coloured by kind of difference.
    fn highlights(
        &self,
        project: &Project,
        document: Option<DocumentId>,
        is_mine: bool,
    ) -> Vec<Highlight> {
        let Some(document) = document else {
            return Vec::new();
        };
        // The kinds of this document's claims only: the comparison can hold
        // tens of thousands of rows, the document a few thousand claims.
        let mut kinds: IdMap<ClaimId, Kind> = project
            .claims_on(document)
            .map(|c| (c.id, Kind::Same))
            .collect();
        for row in &self.live.diff().claims {
            let id = if is_mine { row.mine } else { row.theirs };
            if let Some(kind) = id.and_then(|id| kinds.get_mut(&id)) {
                *kind = Kind::of(&row.kind);
            }
        }
        let mut highlights: Vec<Highlight> = project
            .claims_on(document)
            .filter(|c| !c.orphaned)
            .map(|c| {
                let kind = kinds.get(&c.id).copied().unwrap_or(Kind::Same);
                let colour = kind.colour();
                Highlight {
                    claim: c.id,
                    range: c.range,
                    colour: crate::model::Colour::rgb(colour.r(), colour.g(), colour.b()),
                    // What is alike stays in the background.
                    faded: kind == Kind::Same,
                    level: 0,
                }
            })
            .collect();
        highlights.sort_by_key(|h| (h.range.start, h.range.end));
        reader::assign_levels(&mut highlights);
        highlights
    }
}
