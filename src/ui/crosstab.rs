//! View ▸ Cross-tabulation: tags, sources and stances counted against each other.
//!
//! The table ([`crate::crosstab::CrossTab`]) is built when the project, the
//! chosen pair or the claims it counts change, and kept. It is painted, not laid
//! out: only the cells in view are drawn and made clickable, so 300 tags × 300
//! sources scroll as smoothly as ten. The row and column headers stay in view
//! while the table scrolls. A click on a count lists its claims in the claims
//! panel; the CSV is copied to the clipboard or saved (on a thread of its own).

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use egui::text::{LayoutJob, TextFormat, TextWrapping};
use egui::{Align2, FontId, Rect, Role, Sense, Ui, pos2, vec2};

use crate::crosstab::{CrossTab, Dimension, PAIRS, write_csv_file};
use crate::query::ClaimFilter;
use crate::workspace::Stamp;

use super::command::{Command, FileKind};
use super::view::{View, ViewContext};

/// The width of the row headers, in points.
const ROW_HEADER_WIDTH: f32 = 210.0;
/// The width of a count column, in points.
const CELL_WIDTH: f32 = 74.0;
/// The padding inside a cell, in points.
const PAD: f32 = 5.0;

/// What the cached table was built from.
#[derive(Clone, Debug, PartialEq)]
struct CacheKey {
    stamp: Stamp,
    pair: usize,
    base: ClaimFilter,
}

/// The window, its choices, and the table it shows.
#[derive(Default)]
pub struct CrossTabWindow {
    /// Whether it is shown.
    pub open: bool,
    /// The table shown: an index into [`PAIRS`] (tags × sources first).
    pub pair: usize,
    /// Count only the claims the claims panel lists (its filter), not all.
    pub only_listed: bool,
    /// The claims panel's filter, given by the app each frame while the window is open.
    pub panel_filter: ClaimFilter,
    /// The table, and what it was built from.
    cache: Option<(CacheKey, CrossTab)>,
    /// A CSV file being written: its answer, a message for the user.
    saving: Option<mpsc::Receiver<Result<String, String>>>,
}

impl View for CrossTabWindow {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        self.poll_saving(ui.ctx(), cx);
        if !self.open {
            return;
        }
        let mut open = self.open;
        cx.window("Cross-tabulation")
            .open(&mut open)
            .default_size([760.0, 480.0])
            .show(ui.ctx(), |ui| self.contents_ui(ui, cx));
        self.open = open;
    }
}

impl CrossTabWindow {
    /// The table shown now, built anew when the project or a choice changed.
    pub fn table(&mut self, project: &crate::model::Project, stamp: Stamp) -> Option<&CrossTab> {
        let key = CacheKey {
            stamp,
            pair: self.pair.min(PAIRS.len() - 1),
            base: if self.only_listed {
                self.panel_filter.clone()
            } else {
                ClaimFilter::default()
            },
        };
        if self.cache.as_ref().is_none_or(|(k, _)| *k != key) {
            let (rows, columns) = PAIRS.get(key.pair).copied()?;
            self.cache = CrossTab::new(project, &key.base, rows, columns)
                .ok()
                .map(|table| (key, table));
        }
        self.cache.as_ref().map(|(_, table)| table)
    }

    /// Where the path prompt suggests saving the table: next to the project,
    /// named after it and the table ("severodonetsk-tags-by-sources.csv").
    pub fn suggested_path(&self, project_path: Option<&Path>) -> String {
        let (rows, columns) = PAIRS
            .get(self.pair)
            .copied()
            .unwrap_or((Dimension::Tags, Dimension::Sources));
        let stem = project_path.and_then(Path::file_stem).map_or_else(
            || "crosstab".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        );
        let name = format!("{stem}-{}-by-{}.csv", rows.name(), columns.name());
        match project_path.and_then(Path::parent) {
            Some(folder) if !folder.as_os_str().is_empty() => {
                folder.join(name).display().to_string()
            }
            _ => name,
        }
    }

    /// Writes the table last shown to `path` (".csv" added when it has no
    /// extension) on a thread of its own; the window reports how it went.
    pub fn save_to(&mut self, mut path: PathBuf) -> Command {
        let Some((_, table)) = self.cache.as_ref() else {
            return Command::NotifyError(
                "There is no table to save: open View ▸ Cross-tabulation first".into(),
            );
        };
        if path.extension().is_none() {
            path.set_extension("csv");
        }
        let table = table.clone();
        let (sender, receiver) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("crosstab-csv".into())
            .spawn(move || {
                let _ = sender.send(write_csv_file(&table, &path));
            });
        match spawned {
            Ok(_) => {
                self.saving = Some(receiver);
                Command::Notify("Saving the table…".into())
            }
            Err(err) => Command::NotifyError(format!(
                "Could not start saving the table: {err}; nothing was written"
            )),
        }
    }

    /// Whether a CSV file is being written.
    pub fn is_saving(&self) -> bool {
        self.saving.is_some()
    }

    /// Reports a finished save; while one runs, asks for a frame now and then to see it end.
    fn poll_saving(&mut self, ctx: &egui::Context, cx: &mut ViewContext<'_>) {
        let Some(receiver) = &self.saving else {
            return;
        };
        match receiver.try_recv() {
            Ok(Ok(message)) => {
                self.saving = None;
                cx.push(Command::Notify(message));
            }
            Ok(Err(message)) => {
                self.saving = None;
                cx.push(Command::NotifyError(message));
            }
            Err(mpsc::TryRecvError::Empty) => ctx.request_repaint_after(Duration::from_millis(100)),
            Err(mpsc::TryRecvError::Disconnected) => {
                self.saving = None;
                cx.push(Command::NotifyError(
                    "Saving the table stopped before it finished; the file may not be written"
                        .into(),
                ));
            }
        }
    }

    fn contents_ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        ui.horizontal_wrapped(|ui| {
            for (at, (rows, columns)) in PAIRS.iter().enumerate() {
                let text = format!("{} × {}", plural(*rows), plural(*columns));
                ui.selectable_value(&mut self.pair, at, text);
            }
        });
        ui.horizontal_wrapped(|ui| {
            ui.checkbox(
                &mut self.only_listed,
                "Only the claims the claims panel shows",
            )
            .on_hover_text("Count the claims the claims panel's filters keep, not every claim");
        });
        let project = cx.project();
        let stamp = cx.stamp();
        let saving = self.is_saving();
        let Some(table) = self.table(project, stamp) else {
            ui.label("This table cannot be made");
            return;
        };
        let mut copy = false;
        let mut save = false;
        ui.horizontal_wrapped(|ui| {
            copy = ui
                .button("Copy CSV")
                .on_hover_text("Copy the table, with its totals, as CSV for a spreadsheet")
                .clicked();
            save = ui
                .add_enabled(!saving, egui::Button::new("Save CSV…"))
                .on_hover_text("Save the table, with its totals, as a CSV file")
                .clicked();
            let claims = if table.total == 1 { "claim" } else { "claims" };
            ui.label(format!("{} {claims} counted", table.total));
        });
        if table.row_dimension == Dimension::Tags {
            ui.weak(
                "A claim with several tags counts in the row of each; the totals count it once",
            );
        }
        if copy {
            match table.to_csv() {
                Ok(bytes) => {
                    ui.ctx()
                        .copy_text(String::from_utf8_lossy(&bytes).into_owned());
                    cx.push(Command::Notify("Copied the table as CSV".into()));
                }
                Err(err) => cx.push(Command::NotifyError(format!(
                    "Could not write the table as CSV: {err}"
                ))),
            }
        }
        if save {
            cx.push(Command::PickFile(FileKind::CrossTabCsv));
        }
        ui.separator();
        if table.rows.is_empty() {
            ui.label(
                "No claims to count: the project has none, or the claims panel's filters keep none",
            );
            return;
        }
        if let Some(filter) = grid_ui(ui, table) {
            cx.push(Command::FilterClaims(Box::new(filter)));
        }
    }
}

/// A dimension's name as a tab says it ("Tags").
fn plural(dimension: Dimension) -> &'static str {
    match dimension {
        Dimension::Tags => "Tags",
        Dimension::Sources => "Sources",
        Dimension::Stances => "Stances",
    }
}

/// Draws the table in view, with sticky headers and totals; the filter of the count clicked.
fn grid_ui(ui: &mut Ui, table: &CrossTab) -> Option<ClaimFilter> {
    let row_height = ui.spacing().interact_size.y + 4.0;
    let font = egui::TextStyle::Body.resolve(ui.style());
    let rows = table.rows.len() + 1;
    let columns = table.columns.len() + 1;
    let size = vec2(
        ROW_HEADER_WIDTH + columns as f32 * CELL_WIDTH,
        row_height * (rows + 1) as f32,
    );
    let max = table.max_count().max(1) as f32;
    let visuals = ui.visuals().clone();
    let mut clicked = None;
    egui::ScrollArea::both()
        .auto_shrink([false, false])
        .show_viewport(ui, |ui, viewport| {
            let origin = ui.min_rect().min;
            ui.set_min_size(size);
            let view = viewport.translate(origin.to_vec2());
            // Cells in view: rows and columns after the headers' band.
            let first_row = ((viewport.min.y / row_height).floor().max(1.0) as usize) - 1;
            let last_row = (((viewport.max.y / row_height).ceil()) as usize).min(rows);
            let first_column =
                (((viewport.min.x - ROW_HEADER_WIDTH).max(0.0) / CELL_WIDTH).floor()) as usize;
            let last_column = ((((viewport.max.x - ROW_HEADER_WIDTH).max(0.0)) / CELL_WIDTH).ceil()
                as usize)
                .min(columns);
            let header_top = view.top();
            let header_left = view.left();
            let cell_rect = |r: usize, c: usize| {
                Rect::from_min_size(
                    pos2(
                        origin.x + ROW_HEADER_WIDTH + c as f32 * CELL_WIDTH,
                        origin.y + row_height * (r + 1) as f32,
                    ),
                    vec2(CELL_WIDTH, row_height),
                )
            };
            let name = |r: usize, labels: &[crate::crosstab::Header]| {
                labels
                    .get(r)
                    .map_or("Total", |h| h.label.as_str())
                    .to_owned()
            };
            for r in first_row..last_row {
                for c in first_column..last_column {
                    let row = (r < table.rows.len()).then_some(r);
                    let column = (c < table.columns.len()).then_some(c);
                    let count = table.count(row, column).unwrap_or(0);
                    let rect = cell_rect(r, c);
                    let total = row.is_none() || column.is_none();
                    let sense = if count > 0 {
                        Sense::click()
                    } else {
                        Sense::hover()
                    };
                    let response = ui.interact(rect, ui.scope_id().with(("cell", r, c)), sense);
                    let painter = ui.painter();
                    if count > 0 && !total {
                        let share = count as f32 / max;
                        let fill = visuals.selection.bg_fill.gamma_multiply(0.12 + 0.6 * share);
                        painter.rect_filled(rect.shrink(1.0), 2.0, fill);
                    } else if total {
                        painter.rect_filled(rect.shrink(1.0), 0.0, visuals.faint_bg_color);
                    }
                    if response.hovered() && count > 0 {
                        painter.rect_stroke(
                            rect.shrink(1.0),
                            2.0,
                            visuals.widgets.hovered.bg_stroke,
                            egui::StrokeKind::Inside,
                        );
                    }
                    let colour = if count == 0 {
                        visuals.weak_text_color()
                    } else if total {
                        visuals.strong_text_color()
                    } else {
                        visuals.text_color()
                    };
                    painter.text(
                        pos2(rect.right() - PAD, rect.center().y),
                        Align2::RIGHT_CENTER,
                        count.to_string(),
                        font.clone(),
                        colour,
                    );
                    let label = format!(
                        "{} / {}: {count}",
                        name(r, &table.rows),
                        name(c, &table.columns)
                    );
                    response
                        .widget_info(|| egui::WidgetInfo::labeled(Role::Button, count > 0, &label));
                    if response.clicked() {
                        clicked = table.filter_for(row, column);
                    }
                }
            }
            // The headers stay in view: the column names along the top, the row names down the left.
            let background = visuals.window_fill;
            let top_band = Rect::from_min_size(
                pos2(view.left(), header_top),
                vec2(view.width(), row_height),
            );
            ui.painter().rect_filled(top_band, 0.0, background);
            for c in first_column..last_column {
                let mut rect = cell_rect(0, c);
                rect = rect.translate(vec2(0.0, header_top - rect.top()));
                let text = name(c, &table.columns);
                let column = (c < table.columns.len()).then_some(c);
                if let Some(filter) = header_ui(
                    ui,
                    rect,
                    ("column", c),
                    &text,
                    &font,
                    &visuals,
                    Align2::RIGHT_CENTER,
                )
                .then(|| table.filter_for(None, column))
                .flatten()
                {
                    clicked = Some(filter);
                }
            }
            let left_band = Rect::from_min_size(
                pos2(header_left, view.top()),
                vec2(ROW_HEADER_WIDTH, view.height()),
            );
            ui.painter().rect_filled(left_band, 0.0, background);
            for r in first_row..last_row {
                let mut rect = cell_rect(r, 0);
                rect = Rect::from_min_size(
                    pos2(header_left, rect.top()),
                    vec2(ROW_HEADER_WIDTH, row_height),
                );
                if rect.bottom() <= header_top + row_height {
                    continue;
                }
                let text = name(r, &table.rows);
                let row = (r < table.rows.len()).then_some(r);
                if let Some(filter) = header_ui(
                    ui,
                    rect,
                    ("row", r),
                    &text,
                    &font,
                    &visuals,
                    Align2::LEFT_CENTER,
                )
                .then(|| table.filter_for(row, None))
                .flatten()
                {
                    clicked = Some(filter);
                }
            }
            let corner = Rect::from_min_size(
                pos2(header_left, header_top),
                vec2(ROW_HEADER_WIDTH, row_height),
            );
            ui.painter().rect_filled(corner, 0.0, background);
            ui.painter().text(
                pos2(corner.left() + PAD, corner.center().y),
                Align2::LEFT_CENTER,
                format!(
                    "{} \\ {}",
                    table.row_dimension.label(),
                    table.column_dimension.label()
                ),
                font.clone(),
                visuals.weak_text_color(),
            );
            let line = visuals.widgets.noninteractive.bg_stroke;
            ui.painter()
                .hline(view.x_range(), header_top + row_height, line);
            ui.painter()
                .vline(header_left + ROW_HEADER_WIDTH, view.y_range(), line);
        });
    clicked
}

/// A row or column name, cut to fit with its full text on hover; whether it was clicked
/// (which lists the claims of its whole row or column).
fn header_ui(
    ui: &mut Ui,
    rect: Rect,
    id: (&str, usize),
    text: &str,
    font: &FontId,
    visuals: &egui::Visuals,
    align: Align2,
) -> bool {
    let response = ui.interact(rect, ui.scope_id().with(id), Sense::click());
    let mut job = LayoutJob::single_section(
        text.to_owned(),
        TextFormat::simple(font.clone(), visuals.strong_text_color()),
    );
    job.wrap = TextWrapping::truncate_at_width(rect.width() - 2.0 * PAD);
    let galley = ui.painter().layout_job(job);
    let x = if align == Align2::RIGHT_CENTER {
        rect.right() - PAD - galley.size().x
    } else {
        rect.left() + PAD
    };
    let painter = ui.painter().with_clip_rect(rect.intersect(ui.clip_rect()));
    if response.hovered() {
        painter.rect_filled(rect.shrink(1.0), 2.0, visuals.widgets.hovered.weak_bg_fill);
    }
    painter.galley(
        pos2(x, rect.center().y - galley.size().y / 2.0),
        galley,
        visuals.strong_text_color(),
    );
    let kind = if id.0 == "row" { "Row" } else { "Column" };
    let label = format!("{kind}: {text}");
    response.widget_info(|| egui::WidgetInfo::labeled(Role::Button, true, &label));
    let clicked = response.clicked();
    response.on_hover_text(format!("{text}: click to list its claims"));
    clicked
}
