//! The claims panel: a filter bar, a virtualised table of the claims it lets
//! through, and the editor of the selected claim.
//!
//! The panel never changes the project: it pushes [`Command`]s. The filtered
//! and sorted rows are cached and rebuilt only when the project, the filter or
//! the sort order changes, so a frame costs only the rows on screen.

use egui::{
    Align, Color32, ComboBox, Layout, RichText, Sense, TextEdit, TextStyle, Ui, WidgetText,
};
use egui_extras::{Column, TableBuilder};

use crate::edit::Edit;
use crate::model::{Claim, ClaimId, Project, Review, ReviewStatus, now_rfc3339};
use crate::query::{
    ClaimFilter, ReviewFilter, SortColumn, SourceFilter, filtered_claims, retain_claims,
    sort_claims,
};
use crate::workspace::{Stamp, Workspace};

use super::bidi_layout::{line_text, wrapped_text};
use super::command::Command;
use super::pickers;
use super::view::{View, ViewContext};
use super::widgets::to_color32;

mod keys;

pub use keys::{FocusTrap, TABLE_KEYS, TableKey, claim_value_id, table_focus_id};

/// The claims panel's state: the filter, the sort order and its caches.
#[derive(Debug, Default)]
pub struct ClaimsPanel {
    /// Which claims the table shows.
    pub filter: ClaimFilter,
    /// The column the table is sorted by, and whether ascending; `None`: project order.
    pub sort: Option<(SortColumn, bool)>,
    /// Who reviews on this machine, written into reviews set here.
    pub reviewer: String,
    /// The table's rows, for one project state, filter and sort order.
    rows: RowCache,
    /// The annotators of the project's claims, for the annotator filter.
    annotators: Option<(ProjectStamp, Vec<String>)>,
    /// The selection last seen, to scroll to a claim selected elsewhere.
    last_selected: Option<ClaimId>,
    /// The text selected in a pane, to re-attach a claim to.
    pub text_selection: Option<(crate::model::DocumentId, crate::model::CharRange)>,
}

/// Tells project states apart: the workspace and its revision.
type ProjectStamp = Stamp;

/// What the rows were made from: the project state, the filter and the sort order.
type RowKey = (ProjectStamp, ClaimFilter, Option<(SortColumn, bool)>);

/// The filtered, sorted row indices (into `project.claims`) and what they were made from.
#[derive(Debug, Default)]
struct RowCache {
    key: Option<RowKey>,
    rows: Vec<usize>,
}

impl View for ClaimsPanel {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        self.reviewer.clone_from(&cx.prefs.annotator);
        self.text_selection = cx.text_selection;
        let mut commands = Vec::new();
        // Tab cycles through the panel's widgets and never leaves for the menus.
        let trap = FocusTrap::begin(ui, egui::Id::unique("claims panel focus trap"));
        self.contents_ui(ui, cx.ws, cx.selected, &mut commands);
        trap.end(ui);
        cx.extend(commands);
    }
}

impl ClaimsPanel {
    /// Draws the panel over `ws`; edits and selections go to `commands`.
    pub fn contents_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        selected: Option<ClaimId>,
        commands: &mut Vec<Command>,
    ) {
        let project = ws.project();
        let stamp = ws.stamp();

        // The editor never takes more than half the panel: the table keeps its header
        // and some rows at 800×600.
        let height = ui.available_height();
        // On a short screen the filters fold away under one line, so the table keeps its rows.
        // (A narrow panel stacks its filters one a row: they fold sooner.)
        let fold_below = if ui.available_width() < 420.0 {
            900.0
        } else {
            620.0
        };
        let fold_filters = height < fold_below;
        egui::Panel::bottom("claim editor")
            .resizable(true)
            .default_size((height * 0.4).clamp(120.0, 400.0))
            .size_range(80.0..=(height * 0.5).max(100.0))
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("claim editor scroll")
                    .auto_shrink([false, false])
                    .show(ui, |ui| match selected.and_then(|id| project.claim(id)) {
                        Some(claim) => self.editor_ui(ui, project, claim, commands),
                        None => {
                            ui.weak("Select a claim to edit it");
                        }
                    });
            });

        self.filter_bar_ui(ui, project, stamp, fold_filters);
        self.refresh_rows(project, stamp);
        ui.label(format!(
            "{} of {} {}",
            self.rows.rows.len(),
            project.claims.len(),
            if project.claims.len() == 1 {
                "claim"
            } else {
                "claims"
            }
        ));
        // The table gets only the space above the editor: its column handles
        // reach down its whole rectangle and would cover the editor's buttons.
        let rect = ui.available_rect_before_wrap();
        ui.scope_builder(egui::UiBuilder::new().max_rect(rect), |ui| {
            self.table_ui(ui, project, selected, commands);
        });
    }

    /// The row indices (into `project.claims`) the table shows, as last worked out.
    pub fn rows(&self) -> &[usize] {
        &self.rows.rows
    }

    /// Rebuilds the rows when the project, the filter or the sort order changed.
    fn refresh_rows(&mut self, project: &Project, stamp: ProjectStamp) {
        let fresh = self.rows.key.as_ref().is_some_and(|(s, filter, sort)| {
            *s == stamp && *filter == self.filter && *sort == self.sort
        });
        if fresh {
            return;
        }
        let key = (stamp, self.filter.clone(), self.sort);
        // Typing more of the text filter only narrows the rows: test only those.
        let narrowing = self
            .rows
            .key
            .as_ref()
            .is_some_and(|(s, filter, _)| *s == stamp && narrows(filter, &self.filter));
        let mut rows = if narrowing {
            let mut rows = std::mem::take(&mut self.rows.rows);
            if self.sort.is_some() {
                // Sorted again below, from the project's order.
                rows.sort_unstable();
            }
            retain_claims(project, &self.filter, &mut rows);
            rows
        } else {
            filtered_claims(project, &self.filter)
        };
        if let Some((column, ascending)) = self.sort {
            sort_claims(project, &mut rows, column, ascending);
        }
        self.rows = RowCache {
            key: Some(key),
            rows,
        };
    }
}

/// The annotators of the project's claims, sorted; worked out when the annotator
/// filter is opened, once per project state.
fn annotators<'a>(
    cache: &'a mut Option<(ProjectStamp, Vec<String>)>,
    project: &Project,
    stamp: ProjectStamp,
) -> &'a [String] {
    {
        if cache.as_ref().is_none_or(|(s, _)| *s != stamp) {
            let mut names: Vec<String> = project
                .claims
                .iter()
                .map(|c| c.annotator.as_str())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .map(str::to_owned)
                .collect();
            names.sort_by_key(|n| n.to_lowercase());
            *cache = Some((stamp, names));
        }
        cache.as_ref().map_or(&[], |(_, names)| names)
    }
}

/// The id of the claims filter's text field, the same in every frame: for the
/// benchmark that types into it as a user does.
pub fn filter_text_id() -> egui::Id {
    egui::Id::unique("claims filter text")
}

impl ClaimsPanel {
    fn filter_bar_ui(&mut self, ui: &mut Ui, project: &Project, stamp: ProjectStamp, fold: bool) {
        ui.horizontal(|ui| {
            let label = ui.label("Filter claims");
            ui.add(
                TextEdit::singleline(&mut self.filter.text)
                    .id(filter_text_id())
                    .hint_text("Quote, note, value, source, tag or proposition")
                    .desired_width(ui.available_width()),
            )
            .labelled_by(label.id);
        });
        let annotators_cache = &mut self.annotators;
        let filter = &mut self.filter;
        // Two filters a row, each label beside its combo: a grid keeps the panel's
        // width, where nested horizontal rows would not wrap.
        // In a narrow panel, one filter a row.
        let narrow = ui.available_width() < 420.0;
        let combo_width = if narrow {
            (ui.available_width() - 100.0).clamp(60.0, 300.0)
        } else {
            ((ui.available_width() - 24.0) / 2.0 - 84.0).clamp(70.0, 220.0)
        };
        let fit = (combo_width, narrow);
        // Folded, the line says when a filter is on.
        let active = filter.document.is_some()
            || filter.document_set.is_some()
            || filter.source.is_some()
            || filter.stance.is_some()
            || filter.tag.is_some()
            || filter.proposition.is_some()
            || filter.annotator.is_some()
            || filter.review.is_some();
        // Names drawn in their own colour stay readable on the list's background.
        let popup_fill = ui.visuals().window_fill;
        let readable = |colour| super::widgets::readable(to_color32(colour), popup_fill);
        let mut grid = |ui: &mut Ui| {
            egui::Grid::new("claim filters")
                .num_columns(4)
                .show(ui, |ui| {
                    let shown = filter.document.map_or_else(
                        || "All documents".to_owned(),
                        |id| {
                            project.document(id).map_or_else(
                                || "Unknown document".to_owned(),
                                crate::model::Document::name,
                            )
                        },
                    );
                    filter_combo(
                        ui,
                        fit,
                        "Document",
                        &mut filter.document,
                        "All documents",
                        shown,
                        || {
                            project
                                .documents
                                .iter()
                                .map(|d| (d.id, crate::model::Document::name(d).into()))
                                .collect()
                        },
                    );
                    // Document sets, beside the document, when there are any (or one is chosen).
                    if !project.document_sets.is_empty() || filter.document_set.is_some() {
                        let shown = filter.document_set.map_or_else(
                            || "All sets".to_owned(),
                            |id| {
                                project
                                    .document_set(id)
                                    .map_or_else(|| "Deleted set".to_owned(), |s| s.name.clone())
                            },
                        );
                        filter_combo(
                            ui,
                            fit,
                            "Set",
                            &mut filter.document_set,
                            "All sets",
                            shown,
                            || {
                                project
                                    .document_sets
                                    .iter()
                                    .map(|s| (s.id, s.name.clone().into()))
                                    .collect()
                            },
                        );
                        if !narrow {
                            ui.end_row();
                        }
                    }

                    let shown = match filter.source {
                        None => "All sources".to_owned(),
                        Some(SourceFilter::DocumentOutlet) => "Document outlet".to_owned(),
                        Some(SourceFilter::Source(id)) => project
                            .source(id)
                            .map_or_else(|| "Unknown source".to_owned(), |s| s.name.clone()),
                    };
                    filter_combo(
                        ui,
                        fit,
                        "Source",
                        &mut filter.source,
                        "All sources",
                        shown,
                        || {
                            let mut sources: Vec<_> = project.sources.iter().collect();
                            sources.sort_by_key(|s| s.name.to_lowercase());
                            std::iter::once((
                                SourceFilter::DocumentOutlet,
                                "Document outlet".into(),
                            ))
                            .chain(
                                sources
                                    .into_iter()
                                    .map(|s| (SourceFilter::Source(s.id), s.name.clone().into())),
                            )
                            .collect()
                        },
                    );
                    if !narrow {
                        ui.end_row();
                    }

                    let shown = filter.stance.map_or_else(
                        || "All stances".to_owned(),
                        |id| {
                            project
                                .stance(id)
                                .map_or_else(|| "Unknown stance".to_owned(), |s| s.name.clone())
                        },
                    );
                    filter_combo(
                        ui,
                        fit,
                        "Stance",
                        &mut filter.stance,
                        "All stances",
                        shown,
                        || {
                            project
                                .stances
                                .iter()
                                .map(|s| {
                                    let text = RichText::new(&s.name).color(readable(s.colour));
                                    (s.id, text.into())
                                })
                                .collect()
                        },
                    );

                    let shown = filter.tag.map_or_else(
                        || "All tags".to_owned(),
                        |id| {
                            project
                                .tag(id)
                                .map_or_else(|| "Unknown tag".to_owned(), |t| t.path.clone())
                        },
                    );
                    filter_combo(ui, fit, "Tag", &mut filter.tag, "All tags", shown, || {
                        let mut tags: Vec<_> = project.tags.iter().collect();
                        tags.sort_by_key(|t| t.path.to_lowercase());
                        tags.into_iter()
                            .map(|t| {
                                (
                                    t.id,
                                    RichText::new(&t.path).color(readable(t.colour)).into(),
                                )
                            })
                            .collect()
                    });
                    if !narrow {
                        ui.end_row();
                    }

                    let shown = filter.proposition.map_or_else(
                        || "All propositions".to_owned(),
                        |id| {
                            project.proposition(id).map_or_else(
                                || "Unknown proposition".to_owned(),
                                |p| p.text.clone(),
                            )
                        },
                    );
                    filter_combo(
                        ui,
                        fit,
                        "Proposition",
                        &mut filter.proposition,
                        "All propositions",
                        shown,
                        || {
                            project
                                .propositions
                                .iter()
                                .map(|p| (p.id, p.text.clone().into()))
                                .collect()
                        },
                    );

                    let shown = filter
                        .annotator
                        .clone()
                        .unwrap_or_else(|| "All annotators".to_owned());
                    filter_combo(
                        ui,
                        fit,
                        "Annotator",
                        &mut filter.annotator,
                        "All annotators",
                        shown,
                        || {
                            annotators(annotators_cache, project, stamp)
                                .iter()
                                .map(|name| {
                                    let text = if name.is_empty() { "(none)" } else { name };
                                    (name.clone(), text.into())
                                })
                                .collect()
                        },
                    );
                    if !narrow {
                        ui.end_row();
                    }

                    let shown = filter
                        .review
                        .map_or("Any review status", ReviewFilter::label)
                        .to_owned();
                    filter_combo(
                        ui,
                        fit,
                        "Review",
                        &mut filter.review,
                        "Any review status",
                        shown,
                        || {
                            ReviewFilter::ALL
                                .iter()
                                .map(|&r| (r, r.label().into()))
                                .collect()
                        },
                    );

                    if !narrow {
                        ui.end_row();
                    }
                });
        };
        if fold {
            let title = if active { "Filters (on)" } else { "Filters" };
            egui::CollapsingHeader::new(title)
                .id_salt("claim filters folded")
                .show(ui, grid);
        } else {
            grid(ui);
        }
        ui.horizontal_wrapped(|ui| {
            ui.checkbox(&mut filter.to_confirm_only, "Re-anchored — to confirm")
                .on_hover_text("Claims moved or offered a place when their document's text changed, not yet confirmed");
            ui.checkbox(&mut filter.orphaned_only, "Orphaned only");
            let clear = ui.add_enabled(!filter.is_empty(), egui::Button::new("Clear filters"));
            if clear.clicked() {
                *filter = ClaimFilter::default();
            }
        });
    }

    fn table_ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        selected: Option<ClaimId>,
        commands: &mut Vec<Command>,
    ) {
        let rows = &self.rows.rows;
        // Scroll to a claim selected elsewhere (in a document, by undo, …).
        let mut scroll_to = None;
        if selected != self.last_selected {
            if let Some(id) = selected {
                scroll_to = rows
                    .iter()
                    .position(|&at| project.claims.get(at).is_some_and(|c| c.id == id));
            }
            self.last_selected = selected;
        }

        // Rows chosen by keys scroll only as far as needed; others to the middle.
        let mut scroll_align = Some(Align::Center);
        // The table's keys, while it has the keyboard.
        let focus = table_focus_id();
        if let Some(row) = keys::table_keys_ui(ui, rows, project, selected, commands) {
            self.last_selected = rows
                .get(row)
                .and_then(|&i| project.claims.get(i))
                .map(|c| c.id);
            scroll_to = Some(row);
            scroll_align = None;
        }

        let row_height = ui
            .text_style_height(&TextStyle::Body)
            .max(ui.spacing().interact_size.y);
        // A narrow panel keeps the columns an analyst scans (source, stance, quote);
        // the others come back when it is widened. Each set of columns keeps its
        // own widths.
        let columns = shown_columns(ui.available_width());
        let mut table = TableBuilder::new(ui)
            .id_salt(("claims table", columns.len()))
            .striped(true)
            .sense(Sense::click())
            .cell_layout(Layout::left_to_right(Align::Center))
            .auto_shrink([false, false])
            .min_scrolled_height(0.0)
            .max_scroll_height(f32::INFINITY);
        // The quote takes the rest.
        for column in columns.iter().filter(|c| **c != SortColumn::Quote) {
            table = table.column(
                Column::initial(column_width(*column, columns.len()))
                    .at_least(40.0)
                    .resizable(true)
                    .clip(true),
            );
        }
        table = table.column(Column::remainder().at_least(80.0).clip(true));
        if let Some(row) = scroll_to {
            table = table.scroll_to_row(row, scroll_align);
        }

        let sort = self.sort;
        let mut sort_clicked = None;
        let mut clicked = None;
        table
            .header(row_height + 4.0, |mut header| {
                for &column in columns {
                    header.col(|ui| {
                        let ascending = match sort {
                            Some((c, ascending)) if c == column => Some(ascending),
                            _ => None,
                        };
                        let text = RichText::new(column.label()).strong();
                        let hint = match ascending {
                            Some(true) => "Sorted A to Z; click to reverse",
                            Some(false) => "Sorted Z to A; click to reverse",
                            None => "Sort by this column",
                        };
                        let button = ui
                            .add(egui::Button::new(text).frame(false))
                            .on_hover_text(hint);
                        if let Some(ascending) = ascending {
                            sort_arrow_ui(ui, ascending);
                        }
                        if button.clicked() {
                            sort_clicked = Some(column);
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(row_height, rows.len(), |mut row| {
                    let Some(claim) = rows.get(row.index()).and_then(|&at| project.claims.get(at))
                    else {
                        return;
                    };
                    row.set_selected(selected == Some(claim.id));
                    let quote_clicked = row_cells(&mut row, project, claim, columns);
                    if row.response().clicked() || quote_clicked {
                        clicked = Some(claim.id);
                    }
                });
            });

        if let Some(column) = sort_clicked {
            self.sort = match self.sort {
                Some((c, ascending)) if c == column => Some((column, !ascending)),
                _ => Some((column, true)),
            };
        }
        if let Some(id) = clicked {
            // A click gives the table the keyboard, for ↑/↓ and the stance keys.
            ui.memory_mut(|m| m.request_focus(focus));
            commands.push(Command::SelectClaim(Some(id)));
            // Selected here, so already in view: no need to scroll to it.
            self.last_selected = Some(id);
        }
    }

    fn editor_ui(
        &self,
        ui: &mut Ui,
        project: &Project,
        claim: &Claim,
        commands: &mut Vec<Command>,
    ) {
        let mut edit = |picked: Option<(Edit, String)>| {
            if let Some((edit, label)) = picked {
                commands.push(Command::Edit { edit, label });
            }
        };
        let title = project.document(claim.document).map_or_else(
            || "Unknown document".to_owned(),
            crate::model::Document::name,
        );
        let mut delete = false;
        ui.horizontal(|ui| {
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                delete = ui
                    .button("Delete claim")
                    .on_hover_text("Delete this claim (undo brings it back)")
                    .clicked();
                let title = line_text(ui, RichText::new(title).strong(), ui.available_width());
                ui.add(egui::Label::new(title).truncate());
            });
        });
        if delete {
            edit(Some((
                Edit::RemoveClaim(claim.id),
                "Delete claim".to_owned(),
            )));
        }
        let quote = RichText::new(format!("“{}”", claim.quote.exact)).italics();
        ui.add(egui::Label::new(wrapped_text(ui, quote, ui.available_width())).wrap());
        // The answers to re-anchoring go to `commands` with the text edits, below.
        let mut answers = Vec::new();
        if claim.reanchored.is_some() {
            super::reanchor_box::reanchor_ui(ui, project, claim, self.text_selection, &mut answers);
        } else if claim.orphaned {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "Orphaned: this quote can no longer be found in its document's text",
            );
        }
        ui.separator();

        if let Some(stance) = pickers::stance_picker(ui, project, claim.stance) {
            edit(pickers::apply_pick_stance(claim, stance));
        }
        if let Some(pick) =
            pickers::source_picker(ui, ("source picker", claim.id), project, claim.source)
        {
            edit(pickers::apply_pick_source(project, claim, pick));
        }
        if let Some(pick) = pickers::proposition_picker(
            ui,
            ("proposition picker", claim.id),
            project,
            claim.proposition,
        ) {
            edit(pickers::apply_pick_proposition(project, claim, pick));
        }
        if let Some(pick) = pickers::tag_picker(ui, ("tag picker", claim.id), project, &claim.tags)
        {
            edit(pickers::apply_pick_tag(project, claim, pick));
        }

        let mut text_edits = Vec::new();
        ui.horizontal(|ui| {
            let label = ui.label("Value");
            let mut value = claim.value.clone();
            let response = ui
                .add(
                    TextEdit::singleline(&mut value)
                        .id(claim_value_id())
                        .hint_text("A figure the claim states, like 568")
                        .desired_width(ui.available_width()),
                )
                .labelled_by(label.id);
            text_edits.push(typed(&response, claim, "Edit value", "value", |c| {
                c.value = value
            }));
        });
        let label = ui.label("Note");
        let mut note = claim.note.clone();
        let response = ui
            .add(
                TextEdit::multiline(&mut note)
                    .desired_rows(3)
                    .desired_width(ui.available_width()),
            )
            .labelled_by(label.id);
        text_edits.push(typed(&response, claim, "Edit note", "note", |c| {
            c.note = note
        }));

        ui.horizontal(|ui| {
            let label = ui.label("Review");
            let current = claim.review.as_ref().map(|r| r.status);
            let mut chosen = current;
            ComboBox::from_id_salt(("review status", claim.id))
                .selected_text(current.map_or("Not reviewed", ReviewStatus::label))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut chosen, None, "Not reviewed");
                    for status in ReviewStatus::ALL {
                        ui.selectable_value(&mut chosen, Some(status), status.label());
                    }
                })
                .response
                .labelled_by(label.id);
            if chosen != current {
                let review = chosen.map(|status| {
                    let old = claim.review.clone().unwrap_or_default();
                    Review {
                        status,
                        reviewer: if self.reviewer.is_empty() {
                            old.reviewer
                        } else {
                            self.reviewer.clone()
                        },
                        comment: old.comment,
                        time: now_rfc3339(),
                    }
                });
                let label = if review.is_some() {
                    "Set review status"
                } else {
                    "Clear review"
                };
                let mut changed = claim.clone();
                changed.review = review;
                changed.modified = now_rfc3339();
                edit(Some((
                    Edit::UpdateClaim(Box::new(changed)),
                    label.to_owned(),
                )));
            }
        });
        if let Some(review) = &claim.review {
            ui.horizontal(|ui| {
                let label = ui.label("Review comment");
                let mut comment = review.comment.clone();
                let response = ui
                    .add(TextEdit::singleline(&mut comment).desired_width(ui.available_width()))
                    .labelled_by(label.id);
                text_edits.push(typed(
                    &response,
                    claim,
                    "Edit review comment",
                    "review comment",
                    |c| {
                        if let Some(r) = &mut c.review {
                            r.comment = comment;
                        }
                    },
                ));
            });
            if !review.reviewer.is_empty() || !review.time.is_empty() {
                ui.weak(format!(
                    "Reviewed by {} {}",
                    or_unknown(&review.reviewer),
                    shown_time(&review.time)
                ));
            }
        }
        commands.extend(text_edits.into_iter().flatten());
        commands.extend(answers);

        ui.add(
            egui::Label::new(
                RichText::new(format!(
                    "Made by {} on {}; changed {}",
                    or_unknown(&claim.annotator),
                    shown_time(&claim.created),
                    shown_time(&claim.modified)
                ))
                .weak(),
            )
            .wrap(),
        );
    }
}

/// The commands a typed-into text field asks for: a coalescing edit while it
/// changes, a seal when it loses focus.
fn typed(
    response: &egui::Response,
    claim: &Claim,
    label: &str,
    field: &str,
    change: impl FnOnce(&mut Claim),
) -> Vec<Command> {
    let mut commands = Vec::new();
    if response.changed() {
        let mut changed = claim.clone();
        change(&mut changed);
        changed.modified = now_rfc3339();
        commands.push(Command::EditCoalescing {
            edit: Edit::UpdateClaim(Box::new(changed)),
            label: label.to_owned(),
            key: format!("{field}:{}", claim.id),
        });
    }
    if response.lost_focus() {
        commands.push(Command::SealHistory);
    }
    commands
}

/// The table's columns in a panel `width` points wide: all six, or only source,
/// stance and quote when the six would not fit.
fn shown_columns(width: f32) -> &'static [SortColumn] {
    const NARROW: [SortColumn; 3] = [SortColumn::Source, SortColumn::Stance, SortColumn::Quote];
    if width < 540.0 {
        &NARROW
    } else {
        &SortColumn::ALL
    }
}

/// A column's starting width, when `count` columns are shown.
fn column_width(column: SortColumn, count: usize) -> f32 {
    let narrow = count < SortColumn::ALL.len();
    match column {
        SortColumn::Document => 80.0,
        SortColumn::Source if narrow => 80.0,
        SortColumn::Source => 90.0,
        SortColumn::Stance => 80.0,
        SortColumn::Proposition => 100.0,
        SortColumn::Tags => 70.0,
        SortColumn::Quote => 80.0,
    }
}

/// One table row's cells, those of `columns` in table order (document, source,
/// stance, proposition, tags, quote); returns whether its (draggable) quote was clicked.
fn row_cells(
    row: &mut egui_extras::TableRow<'_, '_>,
    project: &Project,
    claim: &Claim,
    columns: &[SortColumn],
) -> bool {
    let mut quote_clicked = false;
    let cell = |ui: &mut Ui, text: WidgetText| {
        let text = line_text(ui, text, ui.available_width());
        ui.add(egui::Label::new(text).selectable(false).truncate());
    };
    let shown = |column: SortColumn| columns.contains(&column);
    if shown(SortColumn::Document) {
        row.col(|ui| {
            let title = project
                .document(claim.document)
                .map_or_else(String::new, crate::model::Document::name);
            cell(ui, title.into());
        });
    }
    row.col(|ui| {
        let name = project.asserted_by(claim);
        let text = if claim.source.is_some() {
            RichText::new(name)
        } else {
            // The outlet stands in for a missing source.
            RichText::new(name).weak()
        };
        cell(ui, text.into());
    });
    row.col(|ui| {
        if let Some(stance) = claim.stance.and_then(|id| project.stance(id)) {
            let size = egui::vec2(10.0, 10.0);
            let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
            ui.painter()
                .rect_filled(rect, 2.0, to_color32(stance.colour));
            cell(ui, stance.name.clone().into());
        }
    });
    if shown(SortColumn::Proposition) {
        row.col(|ui| {
            let text = claim
                .proposition
                .and_then(|id| project.proposition(id))
                .map_or_else(String::new, |p| p.text.clone());
            cell(ui, text.into());
        });
    }
    if shown(SortColumn::Tags) {
        row.col(|ui| {
            let tags: Vec<&str> = claim
                .tags
                .iter()
                .filter_map(|&id| project.tag(id).map(|t| t.path.as_str()))
                .collect();
            cell(ui, tags.join(", ").into());
        });
    }
    row.col(|ui| {
        let quote: String = claim
            .quote
            .exact
            .chars()
            .take(300)
            .map(|c| if c == '\n' { ' ' } else { c })
            .collect();
        let text = if claim.orphaned {
            RichText::new(quote).color(Color32::from_rgb(0xd0, 0x80, 0x30))
        } else {
            RichText::new(quote)
        };
        // The quote can be dragged onto a proposition in the Propositions window;
        // a plain click on it still selects the row.
        // (A drag source senses drags only, so the click is read from the pointer.)
        let response = super::widgets::claim_drag_source(ui, claim.id, |ui| cell(ui, text.into()));
        quote_clicked = response.contains_pointer() && ui.input(|i| i.pointer.primary_clicked());
    });
    quote_clicked
}

/// A small triangle after a sorted column's name: up when ascending, down when descending.
///
/// Painted, because the default fonts have no arrow glyphs.
fn sort_arrow_ui(ui: &mut Ui, ascending: bool) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(8.0, 8.0), Sense::hover());
    let colour = ui.visuals().strong_text_color();
    let (tip, base) = if ascending {
        (rect.center_top(), [rect.left_bottom(), rect.right_bottom()])
    } else {
        (rect.center_bottom(), [rect.left_top(), rect.right_top()])
    };
    ui.painter().add(egui::Shape::convex_polygon(
        vec![tip, base[0], base[1]],
        colour,
        egui::Stroke::NONE,
    ));
}

/// A filter's combo box with its label; `options` is only called while the list is open.
fn filter_combo<T: PartialEq>(
    ui: &mut Ui,
    (width, narrow): (f32, bool),
    label_text: &str,
    value: &mut Option<T>,
    any: &str,
    shown: String,
    options: impl FnOnce() -> Vec<(T, WidgetText)>,
) {
    let label = ui.label(label_text);
    ComboBox::from_id_salt(("claims filter", label_text))
        .selected_text(shown)
        .width(width)
        .truncate()
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, any);
            for (option, text) in options() {
                ui.selectable_value(value, Some(option), text);
            }
        })
        .response
        .labelled_by(label.id);
    if narrow {
        ui.end_row();
    }
}

/// Whether `new` keeps only claims that `old` keeps, because it differs only by
/// more text to find (the user typed on): then the old rows can be narrowed down.
fn narrows(old: &ClaimFilter, new: &ClaimFilter) -> bool {
    let old_text = old.text.trim().to_lowercase();
    let new_text = new.text.trim().to_lowercase();
    let same_rest = ClaimFilter {
        text: String::new(),
        ..old.clone()
    } == ClaimFilter {
        text: String::new(),
        ..new.clone()
    };
    same_rest && !old_text.is_empty() && new_text.contains(&old_text)
}

/// The text, or "Unknown" when it is empty.
fn or_unknown(text: &str) -> &str {
    if text.trim().is_empty() {
        "Unknown"
    } else {
        text
    }
}

/// An RFC 3339 time as people read it: "2026-11-03 14:02:11 UTC".
fn shown_time(time: &str) -> String {
    if time.is_empty() {
        return "Unknown".to_owned();
    }
    match time.strip_suffix('Z') {
        Some(utc) => format!("{} UTC", utc.replacen('T', " ", 1)),
        None => time.replacen('T', " ", 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CharRange, Colour, Document, Proposition, Source, Stance, Tag};
    use egui::accesskit::Role;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    struct State {
        ws: Workspace,
        panel: ClaimsPanel,
        selected: Option<ClaimId>,
        commands: Vec<Command>,
    }

    /// Four claims over two documents: Supports, Disputes, Supports and none.
    fn state() -> State {
        let mut project = Project::new("p");
        let mut doc_a = Document::new(
            "Azot plant",
            "Haidai said 568 civilians remain. The LPR said 1,200 people shelter there.",
        );
        doc_a.outlet = "UNIAN".into();
        let mut doc_b = Document::new("Battle", "Up to 500 civilians, according to TASS.");
        doc_b.outlet = "TASS".into();
        let haidai = Source::new("Serhiy Haidai");
        let tag = Tag::new("casualties", Colour::palette(0));
        let azot = Proposition::new("Civilians in the Azot plant");
        let claim = |doc: &Document, start, end| {
            Claim::new(doc, CharRange::new(start, end), "ana").expect("claim")
        };
        let mut c0 = claim(&doc_a, 0, 33);
        c0.source = Some(haidai.id);
        c0.stance = Some(Stance::SUPPORTS);
        c0.tags = vec![tag.id];
        c0.proposition = Some(azot.id);
        let mut c1 = claim(&doc_a, 34, 74);
        c1.stance = Some(Stance::DISPUTES);
        let mut c2 = claim(&doc_b, 0, 19);
        c2.stance = Some(Stance::SUPPORTS);
        let c3 = claim(&doc_b, 21, 38);
        project.documents = vec![doc_a, doc_b];
        project.sources = vec![haidai];
        project.tags = vec![tag];
        project.propositions = vec![azot];
        project.claims = vec![c0, c1, c2, c3];
        State {
            ws: Workspace::new(project),
            panel: ClaimsPanel::default(),
            selected: None,
            commands: Vec::new(),
        }
    }

    fn harness(state: State) -> Harness<'static, State> {
        Harness::builder()
            .with_size([1100.0, 900.0])
            .build_ui_state(
                |ui, state: &mut State| {
                    state
                        .panel
                        .contents_ui(ui, &state.ws, state.selected, &mut state.commands);
                },
                state,
            )
    }

    /// The quotes of the table's rows, top to bottom.
    fn quotes(harness: &Harness<'_, State>) -> Vec<String> {
        let state = harness.state();
        state
            .panel
            .rows()
            .iter()
            .map(|&at| state.ws.project().claims[at].quote.exact.clone())
            .collect()
    }

    #[test]
    fn typing_a_filter_narrows_the_count() {
        let mut harness = harness(state());
        harness.run();
        harness.get_by_label("4 of 4 claims");
        harness.get_by_label("Filter claims").click();
        harness.run();
        harness.get_by_label("Filter claims").type_text("CIVILIANS");
        harness.run();
        harness.get_by_label("2 of 4 claims");
        assert_eq!(harness.state().panel.filter.text, "CIVILIANS");
        harness.get_by_label("Clear filters").click();
        harness.run();
        harness.get_by_label("4 of 4 claims");
    }

    #[test]
    fn choosing_a_stance_filters_by_it() {
        let mut harness = harness(state());
        harness.run();
        harness
            .get_by_role_and_label(Role::ComboBox, "Stance")
            .click();
        harness.run();
        harness
            .get_by_role_and_label(Role::Button, "Disputes")
            .click();
        harness.run();
        assert_eq!(harness.state().panel.filter.stance, Some(Stance::DISPUTES));
        harness.get_by_label("1 of 4 claims");
    }

    #[test]
    fn clicking_a_row_selects_its_claim() {
        let mut harness = harness(state());
        harness.run();
        harness.get_by_label("Up to 500 civilians").click();
        harness.run();
        let id = harness.state().ws.project().claims[2].id;
        assert!(
            matches!(harness.state().commands.as_slice(), [Command::SelectClaim(Some(c))] if *c == id),
            "{:?}",
            harness.state().commands
        );
    }

    #[test]
    fn clicking_a_header_sorts_and_clicking_again_reverses() {
        let mut harness = harness(state());
        harness.run();
        assert_eq!(quotes(&harness)[0], "Haidai said 568 civilians remain.");
        harness.get_by_label("Quote").click();
        harness.run();
        assert_eq!(harness.state().panel.sort, Some((SortColumn::Quote, true)));
        assert_eq!(
            quotes(&harness),
            [
                "according to TASS",
                "Haidai said 568 civilians remain.",
                "The LPR said 1,200 people shelter there.",
                "Up to 500 civilians",
            ]
        );
        harness.get_by_label("Quote").click();
        harness.run();
        assert_eq!(harness.state().panel.sort, Some((SortColumn::Quote, false)));
        assert_eq!(quotes(&harness)[0], "Up to 500 civilians");
    }

    #[test]
    fn the_editor_pushes_edits_for_the_selected_claim() {
        let mut state = state();
        let id = state.ws.project().claims[1].id;
        state.selected = Some(id);
        let mut harness = harness(state);
        harness.run();

        harness.get_by_label("Note").focus();
        harness.run();
        harness.get_by_label("Note").type_text("Check the figure");
        harness.run();
        let commands = std::mem::take(&mut harness.state_mut().commands);
        let Some(Command::EditCoalescing { edit, key, .. }) = commands.first() else {
            panic!("expected a coalescing edit: {commands:?}");
        };
        assert_eq!(key, &format!("note:{id}"));
        assert!(matches!(edit, Edit::UpdateClaim(c) if c.note == "Check the figure"));

        harness.get_by_label("2 Disputes").click();
        harness.run();
        let commands = std::mem::take(&mut harness.state_mut().commands);
        assert!(
            commands.iter().any(|c| matches!(c, Command::SealHistory)),
            "the note lost focus: {commands:?}"
        );
        assert!(
            commands.iter().any(|c| matches!(
                c,
                Command::Edit { edit: Edit::UpdateClaim(claim), label } if claim.stance.is_none() && label == "Clear stance"
            )),
            "{commands:?}"
        );

        harness.get_by_label("Delete claim").click();
        harness.run();
        let commands = std::mem::take(&mut harness.state_mut().commands);
        assert!(
            matches!(
                commands.as_slice(),
                [Command::Edit { edit: Edit::RemoveClaim(c), label }] if *c == id && label == "Delete claim"
            ),
            "{commands:?}"
        );
    }

    #[test]
    fn a_typed_source_is_created_and_assigned_in_one_edit() {
        let mut state = state();
        state.selected = Some(state.ws.project().claims[1].id);
        let mut harness = harness(state);
        harness.run();
        let field = || (Role::TextInput, "Source");
        harness.get_by_role_and_label(field().0, field().1).click();
        harness.run();
        harness
            .get_by_role_and_label(field().0, field().1)
            .type_text("LPR ministry");
        harness.run();
        harness.key_press(egui::Key::Enter);
        harness.run();
        let commands = std::mem::take(&mut harness.state_mut().commands);
        let Some(Command::Edit {
            edit: Edit::Batch(edits),
            label,
        }) = commands.first()
        else {
            panic!("expected one batch: {commands:?}");
        };
        assert_eq!(label, "Create source");
        assert!(
            matches!(edits.as_slice(), [Edit::InsertSource { source, .. }, Edit::UpdateClaim(claim)]
                if source.name == "LPR ministry" && claim.source == Some(source.id)),
            "{edits:?}"
        );
    }

    #[test]
    fn typing_part_of_a_source_picks_the_existing_one() {
        let mut state = state();
        state.selected = Some(state.ws.project().claims[1].id);
        let haidai = state.ws.project().sources[0].id;
        let mut harness = harness(state);
        harness.run();
        harness
            .get_by_role_and_label(Role::TextInput, "Source")
            .click();
        harness.run();
        harness
            .get_by_role_and_label(Role::TextInput, "Source")
            .type_text("haid");
        harness.run();
        harness
            .get_by_role_and_label(Role::Button, "Serhiy Haidai")
            .click();
        harness.run();
        let commands = std::mem::take(&mut harness.state_mut().commands);
        assert!(
            matches!(commands.as_slice(), [Command::Edit { edit: Edit::UpdateClaim(claim), label }]
                if claim.source == Some(haidai) && label == "Set source"),
            "{commands:?}"
        );
    }

    #[test]
    fn a_claim_selected_elsewhere_is_scrolled_into_view() {
        let mut harness = harness(many_claims());
        harness.run();
        assert!(harness.query_by_label("claim number 499").is_none());
        let last = harness.state().ws.project().claims.last().map(|c| c.id);
        harness.state_mut().selected = last;
        harness.run();
        assert_eq!(harness.state().panel.last_selected, last);
        assert!(harness.state().commands.is_empty());
        harness.get_by_label("claim number 499");
    }

    #[test]
    fn a_typed_tag_is_created_and_added() {
        let mut state = state();
        state.selected = Some(state.ws.project().claims[0].id);
        let mut harness = harness(state);
        harness.run();
        harness.get_by_label("Remove tag casualties");
        harness
            .get_by_role_and_label(Role::TextInput, "Tags")
            .focus();
        harness.run();
        harness
            .get_by_role_and_label(Role::TextInput, "Tags")
            .type_text("casualties/civilian");
        harness.run();
        harness.key_press(egui::Key::Enter);
        harness.run();
        let commands = std::mem::take(&mut harness.state_mut().commands);
        assert!(
            matches!(commands.as_slice(), [Command::Edit { edit: Edit::Batch(edits), label }]
                if label == "Create tag"
                && matches!(edits.as_slice(), [Edit::InsertTag { tag, .. }, Edit::UpdateClaim(claim)]
                    if tag.path == "casualties/civilian" && claim.tags.len() == 2)),
            "{commands:?}"
        );
    }

    #[test]
    fn everything_is_labelled_in_a_narrow_panel() {
        let mut state = many_claims();
        state.selected = Some(state.ws.project().claims[0].id);
        let mut harness = Harness::builder().with_size([460.0, 900.0]).build_ui_state(
            |ui, state: &mut State| {
                state
                    .panel
                    .contents_ui(ui, &state.ws, state.selected, &mut state.commands);
            },
            state,
        );
        // The harness checks that every input has an accessible name after each run.
        harness.run();
        harness.get_by_label("504 of 504 claims");
    }

    /// The fixture with 500 more claims, so that the table must scroll.
    fn many_claims() -> State {
        let mut state = state();
        let mut project = state.ws.project().clone();
        let text: String = (0..500).map(|n| format!("claim number {n}\n")).collect();
        let mut doc = Document::new("Many", &text);
        doc.outlet = "Outlet".into();
        let mut at = 0;
        for n in 0..500 {
            let len = format!("claim number {n}").chars().count();
            let claim = Claim::new(&doc, CharRange::new(at, at + len), "bo").expect("claim");
            project.claims.push(claim);
            at += len + 1;
        }
        project.documents.push(doc);
        state.ws = Workspace::new(project);
        state
    }
}
