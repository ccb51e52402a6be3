//! The "Compare sources" window: propositions as rows, sources (or documents, or
//! outlets) as columns, each cell the claims that column makes on that row.
//!
//! The matrix is built by [`crate::compare::build_matrix`] and cached until the
//! project's revision or one of the window's choices changes.

use std::collections::HashMap;

use egui::{Align, Color32, ComboBox, Layout, RichText, Sense, TextStyle, Ui};
use egui_extras::{Column as TableColumn, TableBuilder};

use crate::compare::{ColumnKey, Columns, Matrix, Row, RowOrder, build_matrix};
use crate::model::{ClaimId, Project, PropositionId, TagId};
use crate::ui::command::Command;
use crate::ui::view::{View, ViewContext};
use crate::ui::widgets::{abbreviate, to_color32};
use crate::workspace::Stamp;

/// The width of the proposition column.
const PROPOSITION_WIDTH: f32 = 300.0;
/// The initial width of a source column.
const SOURCE_WIDTH: f32 = 220.0;

/// What the cached matrix was built from.
#[derive(Clone, Debug, PartialEq)]
struct CacheKey {
    stamp: Stamp,
    columns: Columns,
    order: RowOrder,
    disputed_only: bool,
    tag: Option<TagId>,
}

/// The matrix built for one [`CacheKey`].
#[derive(Clone, Debug)]
struct Cache {
    key: CacheKey,
    matrix: Matrix,
}

/// The comparison window and its choices.
#[derive(Default)]
pub struct MatrixView {
    /// Whether the window is shown.
    pub open: bool,
    columns: Columns,
    order: RowOrder,
    disputed_only: bool,
    tag: Option<TagId>,
    /// Columns the analyst hid, by what they stand for (kept across rebuilds).
    hidden_columns: Vec<ColumnKey>,
    /// The order the analyst gave the columns, by what they stand for (kept across
    /// rebuilds); columns not listed keep their built order, after the listed ones.
    column_order: Vec<ColumnKey>,
    cache: Option<Cache>,
    /// Row heights measured on the last frame, by proposition.
    heights: HashMap<PropositionId, f32>,
}

impl View for MatrixView {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let mut commands = Vec::new();
        self.show(ui.ctx(), cx.project(), cx.stamp(), &mut commands);
        cx.extend(commands);
    }
}

impl MatrixView {
    /// Draws the window when it is open; `revision` changes whenever the project does.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        project: &Project,
        stamp: Stamp,
        commands: &mut Vec<Command>,
    ) {
        if !self.open {
            return;
        }
        let mut open = self.open;
        super::widgets::window(ctx, "Compare sources")
            .open(&mut open)
            .resizable(true)
            .default_size([1100.0, 650.0])
            .show(ctx, |ui| self.contents_ui(ui, project, stamp, commands));
        self.open = open;
    }

    /// The matrix for the current choices, rebuilt only when something changed.
    fn matrix(&mut self, project: &Project, stamp: Stamp) -> &Matrix {
        let key = CacheKey {
            stamp,
            columns: self.columns,
            order: self.order,
            disputed_only: self.disputed_only,
            tag: self.tag,
        };
        let cache = match self.cache.take() {
            Some(cache) if cache.key == key => cache,
            _ => Cache {
                matrix: compute(project, &key),
                key,
            },
        };
        &self.cache.insert(cache).matrix
    }

    fn contents_ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        stamp: Stamp,
        commands: &mut Vec<Command>,
    ) {
        self.toolbar_ui(ui, project);
        let matrix = self.matrix(project, stamp).clone();
        let visible = self.visible_columns(&matrix);
        let hidden = matrix.columns.len() - visible.len();
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(format!(
                    "{} propositions × {} {}",
                    matrix.rows.len(),
                    matrix.columns.len(),
                    self.columns.label().to_lowercase()
                ))
                .weak(),
            );
            if !self.hidden_columns.is_empty()
                && ui
                    .button(format!("Show all columns ({hidden} hidden)"))
                    .on_hover_text("Show the columns you hid")
                    .clicked()
            {
                self.hidden_columns.clear();
            }
        });
        ui.separator();
        if matrix.rows.is_empty() {
            let why = if self.columns == Columns::DocumentSets && project.document_sets.is_empty() {
                "This project has no document sets: make some with Edit ▸ Document sets…"
            } else {
                "No claims on any proposition match these choices."
            };
            ui.label(RichText::new(why).weak());
            return;
        }
        self.table_ui(ui, project, &matrix, &visible, commands);
    }

    /// The indices of the shown columns, in the order the analyst gave them.
    fn visible_columns(&self, matrix: &Matrix) -> Vec<usize> {
        self.ordered_columns(matrix)
            .into_iter()
            .filter(|&c| {
                matrix
                    .columns
                    .get(c)
                    .is_some_and(|column| !self.hidden_columns.contains(&column.key))
            })
            .collect()
    }

    /// The indices of every column, in the order the analyst gave them.
    fn ordered_columns(&self, matrix: &Matrix) -> Vec<usize> {
        let mut order: Vec<usize> = (0..matrix.columns.len()).collect();
        order.sort_by_key(|&c| {
            self.column_order
                .iter()
                .position(|key| {
                    matrix
                        .columns
                        .get(c)
                        .is_some_and(|column| column.key == *key)
                })
                .unwrap_or(usize::MAX)
        });
        order
    }

    /// Swaps the column standing for `key` with its shown neighbour on one side.
    fn move_column(&mut self, matrix: &Matrix, key: &ColumnKey, step: Step) {
        let mut keys: Vec<ColumnKey> = self
            .ordered_columns(matrix)
            .into_iter()
            .filter_map(|c| matrix.columns.get(c).map(|column| column.key.clone()))
            .collect();
        let shown: Vec<usize> = keys
            .iter()
            .enumerate()
            .filter(|(_, k)| !self.hidden_columns.contains(k))
            .map(|(i, _)| i)
            .collect();
        let Some(at) = shown.iter().position(|&i| keys.get(i) == Some(key)) else {
            return;
        };
        let neighbour = match step {
            Step::Left => at.checked_sub(1),
            Step::Right => Some(at + 1),
        };
        let (Some(&this), Some(&other)) = (shown.get(at), neighbour.and_then(|n| shown.get(n)))
        else {
            return;
        };
        keys.swap(this, other);
        let remembered: Vec<ColumnKey> = self
            .column_order
            .iter()
            .filter(|k| !keys.contains(k))
            .cloned()
            .collect();
        keys.extend(remembered);
        self.column_order = keys;
    }

    fn toolbar_ui(&mut self, ui: &mut Ui, project: &Project) {
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Columns");
            ComboBox::from_id_salt("matrix columns")
                .selected_text(self.columns.label())
                .show_ui(ui, |ui| {
                    for columns in Columns::ALL {
                        ui.selectable_value(&mut self.columns, columns, columns.label());
                    }
                })
                .response
                .labelled_by(label.id);

            let label = ui.label("Sort rows");
            ComboBox::from_id_salt("matrix order")
                .selected_text(self.order.label())
                .show_ui(ui, |ui| {
                    for order in RowOrder::ALL {
                        ui.selectable_value(&mut self.order, order, order.label());
                    }
                })
                .response
                .labelled_by(label.id);

            ui.checkbox(&mut self.disputed_only, "Disputed only")
                .on_hover_text("Only the propositions on which sources disagree");

            let label = ui.label("Tag");
            let shown = self
                .tag
                .and_then(|id| project.tag(id))
                .map_or_else(|| "Any tag".to_owned(), |t| t.path.clone());
            ComboBox::from_id_salt("matrix tag")
                .selected_text(shown)
                .width(160.0)
                .truncate()
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.tag, None, "Any tag");
                    for tag in &project.tags {
                        ui.selectable_value(&mut self.tag, Some(tag.id), tag.path.as_str());
                    }
                })
                .response
                .labelled_by(label.id);
        });
    }

    fn table_ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        matrix: &Matrix,
        visible: &[usize],
        commands: &mut Vec<Command>,
    ) {
        let line = ui
            .text_style_height(&TextStyle::Body)
            .max(ui.spacing().interact_size.y);
        let heights: Vec<f32> = matrix
            .rows
            .iter()
            .map(|row| {
                self.heights
                    .get(&row.proposition)
                    .copied()
                    .unwrap_or_else(|| estimated_height(row, visible, line))
            })
            .collect();
        let mut measured = vec![0.0_f32; matrix.rows.len()];
        let mut hide = None;
        let mut shift = None;
        egui::ScrollArea::horizontal()
            .id_salt("matrix horizontal scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let mut table = TableBuilder::new(ui)
                    .id_salt("matrix table")
                    .striped(true)
                    .cell_layout(Layout::top_down(Align::Min))
                    .auto_shrink([false, false])
                    .min_scrolled_height(0.0)
                    .max_scroll_height(f32::INFINITY)
                    .column(
                        TableColumn::initial(PROPOSITION_WIDTH)
                            .at_least(160.0)
                            .resizable(true)
                            .clip(true),
                    );
                for _ in visible {
                    table = table.column(
                        TableColumn::initial(SOURCE_WIDTH)
                            .at_least(100.0)
                            .resizable(true)
                            .clip(true),
                    );
                }
                table
                    .header(2.0 * line + 4.0, |mut header| {
                        header.col(|ui| {
                            ui.label(RichText::new("Proposition").strong());
                        });
                        for (at, column) in visible
                            .iter()
                            .filter_map(|&c| matrix.columns.get(c))
                            .enumerate()
                        {
                            header.col(|ui| {
                                let name = ui
                                    .add(
                                        egui::Label::new(RichText::new(&column.name).strong())
                                            .truncate()
                                            .sense(Sense::click()),
                                    )
                                    .on_hover_text(format!(
                                        "{}: {} claims. Right-click to move or hide this column.",
                                        column.name, column.claim_count
                                    ));
                                name.context_menu(|ui| {
                                    ui.horizontal(|ui| {
                                        if ui
                                            .add_enabled(at > 0, egui::Button::new("◀ Move left"))
                                            .clicked()
                                        {
                                            shift = Some((column.key.clone(), Step::Left));
                                            ui.close();
                                        }
                                        if ui
                                            .add_enabled(
                                                at + 1 < visible.len(),
                                                egui::Button::new("Move right ▶"),
                                            )
                                            .clicked()
                                        {
                                            shift = Some((column.key.clone(), Step::Right));
                                            ui.close();
                                        }
                                    });
                                    if ui.button("Hide column").clicked() {
                                        hide = Some(column.key.clone());
                                        ui.close();
                                    }
                                });
                                ui.label(
                                    RichText::new(claims_text(column.claim_count))
                                        .small()
                                        .weak(),
                                );
                            });
                        }
                    })
                    .body(|body| {
                        body.heterogeneous_rows(heights.iter().copied(), |mut table_row| {
                            let r = table_row.index();
                            let Some(row) = matrix.rows.get(r) else {
                                return;
                            };
                            let mut tallest = 0.0_f32;
                            table_row.col(|ui| {
                                proposition_cell_ui(ui, row, commands);
                                tallest = tallest.max(ui.min_rect().height());
                            });
                            for &c in visible {
                                table_row.col(|ui| {
                                    claims_cell_ui(ui, project, row, matrix.cell(r, c), commands);
                                    tallest = tallest.max(ui.min_rect().height());
                                });
                            }
                            if let Some(height) = measured.get_mut(r) {
                                *height = tallest;
                            }
                        });
                    });
            });
        if let Some(key) = hide {
            self.hidden_columns.push(key);
        }
        if let Some((key, step)) = shift {
            self.move_column(matrix, &key, step);
        }
        let mut changed = false;
        for (row, &height) in matrix.rows.iter().zip(&measured) {
            if height <= 0.0 {
                continue;
            }
            let height = (height + 6.0).max(line);
            let old = self.heights.insert(row.proposition, height);
            changed |= old.is_none_or(|old| (old - height).abs() > 1.0);
        }
        if changed {
            ui.ctx().request_repaint();
        }
    }
}

/// Which way a column moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    /// One place to the left.
    Left,
    /// One place to the right.
    Right,
}

/// Builds, filters and sorts the matrix for `key`.
fn compute(project: &Project, key: &CacheKey) -> Matrix {
    let chosen: Option<Vec<usize>> = key.tag.map(|tag| {
        let prefix = project.tag(tag).map(|t| format!("{}/", t.path.trim()));
        project
            .claims
            .iter()
            .enumerate()
            .filter(|(_, claim)| {
                claim.tags.iter().any(|&id| {
                    id == tag
                        || prefix.as_deref().is_some_and(|prefix| {
                            project.tag(id).is_some_and(|t| t.path.starts_with(prefix))
                        })
                })
            })
            .map(|(i, _)| i)
            .collect()
    });
    let mut matrix = build_matrix(project, key.columns, chosen.as_deref());
    if key.disputed_only {
        matrix.disagreement_only();
    }
    matrix.sort_rows(key.order);
    matrix
}

/// A first guess at a row's height, before it has been drawn.
fn estimated_height(row: &Row, visible: &[usize], line: f32) -> f32 {
    let proposition_lines = 4 + usize::from(!row.values.is_empty()) * (1 + row.values.len() / 3);
    let claims = visible
        .iter()
        .map(|&c| row.cells.get(c).map_or(0, Vec::len))
        .max()
        .unwrap_or(0);
    let lines = proposition_lines.max(claims * 3).max(1);
    lines as f32 * line + 6.0
}

/// "1 claim", "3 claims".
fn claims_text(count: usize) -> String {
    if count == 1 {
        "1 claim".to_owned()
    } else {
        format!("{count} claims")
    }
}

/// The proposition, its marks, its counts, a Compare button and its figures.
fn proposition_cell_ui(ui: &mut Ui, row: &Row, commands: &mut Vec<Command>) {
    ui.add(egui::Label::new(RichText::new(&row.text).strong()).wrap());
    let error = ui.visuals().error_fg_color;
    ui.horizontal_wrapped(|ui| {
        if row.stance_conflict {
            ui.label(RichText::new("⚠ disputed").color(error))
                .on_hover_text("Its claims take opposing stances");
        }
        if row.value_conflict {
            ui.label(RichText::new("⚠ figures conflict").color(error))
                .on_hover_text(
                    "Its claims give figures that cannot both be true: their ranges do not overlap (\"about 500\" is 400–600, \"up to 500\" 0–500). The clashing pairs are listed under the figures",
                );
        }
        ui.label(
            RichText::new(format!(
                "{} · {} {}",
                claims_text(row.claim_count),
                row.source_count,
                if row.source_count == 1 {
                    "source"
                } else {
                    "sources"
                }
            ))
            .weak(),
        );
        if ui
            .small_button("Compare")
            .on_hover_text("Open the documents on this proposition side by side")
            .clicked()
        {
            commands.push(Command::CompareProposition(row.proposition));
        }
    });
    if !row.values.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 4.0;
            for (i, value) in row.values.iter().enumerate() {
                if i > 0 {
                    ui.label(RichText::new("·").weak());
                }
                let text = RichText::new(format!("{}: {}", value.source, value.value));
                if value.conflicting {
                    let with: Vec<String> = row
                        .values
                        .iter()
                        .filter(|other| value.clashes_with.contains(&other.claim))
                        .map(|other| format!("{} ({})", other.value, other.source))
                        .collect();
                    ui.label(text.color(error))
                        .on_hover_text(format!("Clashes with {}", with.join(", ")));
                } else {
                    ui.label(text);
                }
            }
        });
        // Which figures clash with which: red alone does not say.
        let pairs = crate::compare::clashing_pairs(&row.values);
        if !pairs.is_empty() {
            let pairs: Vec<String> = pairs
                .iter()
                .map(|(a, b)| format!("{} ({}) vs {} ({})", a.value, a.source, b.value, b.source))
                .collect();
            ui.add(
                egui::Label::new(
                    RichText::new(format!("Clash: {}", pairs.join(" · "))).color(error),
                )
                .wrap(),
            );
        }
    }
}

/// One cell: its claims stacked, or "not reported".
fn claims_cell_ui(
    ui: &mut Ui,
    project: &Project,
    row: &Row,
    claims: &[ClaimId],
    commands: &mut Vec<Command>,
) {
    if claims.is_empty() {
        ui.label(RichText::new("not reported").weak().italics());
        return;
    }
    let error = ui.visuals().error_fg_color;
    for &id in claims {
        let Some(claim) = project.claim(id) else {
            continue;
        };
        let stance = claim.stance.and_then(|s| project.stance(s));
        let colour = stance.map_or(Color32::GRAY, |s| to_color32(s.colour));
        let conflicting = row.values.iter().any(|v| v.claim == id && v.conflicting);
        ui.horizontal_top(|ui| {
            ui.spacing_mut().item_spacing.x = 4.0;
            let (rect, square) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), Sense::hover());
            let rect = rect.translate(egui::vec2(0.0, 3.0));
            ui.painter().rect_filled(rect, 2.0, colour);
            square.on_hover_text(stance.map_or("No stance", |s| s.name.as_str()));
            let response = ui
                .add(
                    egui::Label::new(abbreviate(&claim.quote.exact))
                        .wrap()
                        .sense(Sense::click()),
                )
                .on_hover_ui(|ui| {
                    ui.set_max_width(400.0);
                    ui.label(format!("“{}”", claim.quote.exact.trim()));
                    if let Some(stance) = stance {
                        ui.label(RichText::new(format!("Stance: {}", stance.name)).weak());
                    }
                    if !claim.value.trim().is_empty() {
                        ui.label(RichText::new(format!("Value: {}", claim.value.trim())).strong());
                    }
                    if !claim.note.trim().is_empty() {
                        ui.label(format!("Note: {}", claim.note.trim()));
                    }
                    ui.label(RichText::new("Click to select this claim").weak());
                });
            if response.clicked() {
                commands.push(Command::SelectClaim(Some(id)));
            }
        });
        if !claim.value.trim().is_empty() {
            let text = RichText::new(claim.value.trim()).strong();
            let text = if conflicting { text.color(error) } else { text };
            ui.label(text);
        }
        ui.add_space(2.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A project state, for the tests' caches.
    const STAMP: Stamp = Stamp {
        workspace: 0,
        revision: 1,
    };

    /// The state after `n` more changes.
    fn later(n: u64) -> Stamp {
        Stamp {
            workspace: 0,
            revision: 1 + n,
        }
    }
    use egui::accesskit::Role;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;
    use std::path::Path;

    const AZOT: &str = "Civilians are sheltering in the Azot plant";

    struct State {
        project: Project,
        view: MatrixView,
        commands: Vec<Command>,
    }

    fn harness() -> Harness<'static, State> {
        let project = crate::io::project_file::load(Path::new("projects/severodonetsk.ron"))
            .expect("the sample project loads")
            .project;
        let state = State {
            project,
            view: MatrixView {
                open: true,
                ..MatrixView::default()
            },
            commands: Vec::new(),
        };
        let mut harness = Harness::builder()
            .with_size([1400.0, 800.0])
            .build_ui_state(
                |ui, state: &mut State| {
                    state
                        .view
                        .show(ui.ctx(), &state.project, STAMP, &mut state.commands);
                },
                state,
            );
        harness.run();
        harness
    }

    fn rows(harness: &Harness<'_, State>) -> Vec<Row> {
        harness
            .state()
            .view
            .cache
            .as_ref()
            .expect("built")
            .matrix
            .rows
            .clone()
    }

    #[test]
    fn the_azot_row_shows_its_conflict_and_differing_figures() {
        let harness = harness();
        let rows = rows(&harness);
        let azot = rows.iter().find(|r| r.text == AZOT).expect("Azot row");
        assert!(azot.disputed);
        harness.get_by_label(AZOT);
        let mark = if azot.value_conflict {
            "⚠ figures conflict"
        } else {
            "⚠ disputed"
        };
        assert!(harness.query_all_by_label(mark).count() >= 1);
        let mut shown = Vec::new();
        for value in &azot.values {
            let label = format!("{}: {}", value.source, value.value);
            if harness.query_by_label(&label).is_some() {
                shown.push(value.value.clone());
            }
        }
        shown.sort();
        shown.dedup();
        assert!(shown.len() >= 3, "figures shown: {shown:?}");
    }

    #[test]
    fn clicking_a_quote_selects_its_claim() {
        let mut harness = harness();
        let rows = rows(&harness);
        let azot = rows.iter().find(|r| r.text == AZOT).expect("Azot row");
        let id = azot
            .cells
            .iter()
            .flatten()
            .copied()
            .next()
            .expect("a claim");
        let quote = abbreviate(
            &harness
                .state()
                .project
                .claim(id)
                .expect("claim")
                .quote
                .exact,
        );
        harness.get_by_label(&quote).click();
        harness.run();
        assert!(
            harness
                .state()
                .commands
                .iter()
                .any(|c| matches!(c, Command::SelectClaim(Some(c)) if *c == id)),
            "{:?}",
            harness.state().commands
        );
    }

    #[test]
    fn disputed_only_reduces_the_rows() {
        let mut harness = harness();
        let all = rows(&harness).len();
        harness.get_by_label("Disputed only").click();
        harness.run();
        let disputed = rows(&harness);
        assert!(disputed.len() < all, "{} of {all}", disputed.len());
        assert!(!disputed.is_empty());
        assert!(disputed.iter().all(|r| r.disputed));
    }

    #[test]
    fn sorting_by_most_disputed_puts_a_disputed_row_first() {
        let mut harness = harness();
        harness
            .get_by_role_and_label(Role::ComboBox, "Sort rows")
            .click();
        harness.run();
        harness
            .get_by_role_and_label(Role::Button, RowOrder::MostDisputed.label())
            .click();
        harness.run();
        assert_eq!(harness.state().view.order, RowOrder::MostDisputed);
        assert!(rows(&harness)[0].disputed);
    }

    #[test]
    fn the_matrix_is_cached_until_the_revision_changes() {
        let project = crate::io::project_file::load(Path::new("projects/severodonetsk.ron"))
            .expect("loads")
            .project;
        let mut view = MatrixView::default();
        let first = view.matrix(&project, STAMP).clone();
        view.cache.as_mut().expect("built").matrix.rows.clear();
        assert!(view.matrix(&project, STAMP).rows.is_empty(), "reused");
        assert_eq!(view.matrix(&project, later(1)), &first, "rebuilt");
        // Another workspace at the same revision is another project.
        view.cache.as_mut().expect("built").matrix.rows.clear();
        let other = Stamp {
            workspace: 1,
            ..later(1)
        };
        assert_eq!(
            view.matrix(&project, other),
            &first,
            "rebuilt for another workspace"
        );
    }

    #[test]
    fn move_right_swaps_two_columns() {
        let mut harness = harness();
        let matrix = harness
            .state()
            .view
            .cache
            .as_ref()
            .expect("built")
            .matrix
            .clone();
        let before = harness.state().view.visible_columns(&matrix);
        assert!(before.len() >= 3);
        let first = matrix.columns[before[0]].name.clone();
        harness.get_by_label(&first).click_secondary();
        harness.run();
        harness.get_by_label("Move right ▶").click();
        harness.run();
        let after = harness.state().view.visible_columns(&matrix);
        let mut expected = before.clone();
        expected.swap(0, 1);
        assert_eq!(after, expected);

        // Moving it back restores the order, and the order survives a rebuild.
        let key = matrix.columns[before[0]].key.clone();
        harness
            .state_mut()
            .view
            .move_column(&matrix, &key, Step::Left);
        assert_eq!(harness.state().view.visible_columns(&matrix), before);
    }
}
