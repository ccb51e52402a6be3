//! Edit ▸ Search all documents (Ctrl+Shift+F): every document at once, with a hit list.
//!
//! The search runs on a thread of its own over a shared snapshot of the project
//! ([`crate::search`] does the finding), so that a frame never waits for it: the
//! query is searched for as typing pauses, at once when a box is ticked or Enter
//! is pressed, and again when the project changes. Each search has a number;
//! a newer one makes the older stop, and an older one's results are dropped.
//!
//! The hit list shows only the rows in view (`ScrollArea::show_rows`), so five
//! thousand hits cost a frame no more than fifty.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui::text::{LayoutJob, TextFormat, TextWrapping};
use egui::{Color32, Key, Modifiers, Sense, TextEdit, Ui, Vec2};

use crate::model::{CharRange, DocumentId, Project};
use crate::search::{self, MAX_HITS, Query, QueryError, SearchResults};
use crate::workspace::Stamp;

use super::command::Command;
use super::view::{View, ViewContext};

/// The window's title.
pub const TITLE: &str = "Search all documents";

/// How long typing must pause before the query is searched for.
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// The label of the query field (also its accessible name).
pub const FIELD_LABEL: &str = "Search for";

/// What a search thread sends back.
struct Finished {
    /// The number of the search.
    generation: u64,
    /// The query searched for.
    query: Query,
    /// What it found, or why the query could not be searched for.
    result: Result<SearchResults, QueryError>,
}

/// One line of the hit list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Row {
    /// A document's header: its title and count (index into the results' documents).
    Header(usize),
    /// A hit: its document and hit indices, and its number in the whole list.
    Hit {
        /// Index into the results' documents.
        document: usize,
        /// Index into that document's hits.
        hit: usize,
        /// Its place among all kept hits.
        number: usize,
    },
}

/// The window and its search.
pub struct SearchWindow {
    /// Whether it is shown.
    pub open: bool,
    /// What to search for, as typed and ticked.
    pub query: Query,
    /// Whether it was shown in the last frame (opening puts the caret in the field).
    was_open: bool,
    /// When the query was last changed by typing, while not yet searched for.
    changed_at: Option<Instant>,
    /// The number of the newest search; older ones stop and their results are dropped.
    generation: Arc<AtomicU64>,
    /// Where search threads send their results.
    sender: Sender<Finished>,
    /// Where the window takes them.
    receiver: Receiver<Finished>,
    /// The query and project state of the newest search started.
    searched: Option<(Query, Stamp)>,
    /// The query the shown results are for.
    shown_query: Option<Query>,
    /// Whether a search is running.
    running: bool,
    /// The hits shown.
    results: SearchResults,
    /// Why the query could not be searched for, shown under the field.
    error: Option<String>,
    /// Every kept hit in list order: its document and hit indices.
    hits: Vec<(usize, usize)>,
    /// The lines of the list, headers and the hits of open documents.
    rows: Vec<Row>,
    /// The documents whose hits are folded away.
    collapsed: HashSet<DocumentId>,
    /// The selected hit, by its number in [`Self::hits`].
    selected: Option<usize>,
    /// The selection moved by keyboard: bring it into view.
    scroll_to_selected: bool,
    /// The rows shown in the last frame.
    visible_rows: Range<usize>,
    /// The height of the list's view in the last frame.
    view_height: f32,
}

impl Default for SearchWindow {
    fn default() -> Self {
        let (sender, receiver) = channel();
        Self {
            open: false,
            query: Query::default(),
            was_open: false,
            changed_at: None,
            generation: Arc::new(AtomicU64::new(0)),
            sender,
            receiver,
            searched: None,
            shown_query: None,
            running: false,
            results: SearchResults::default(),
            error: None,
            hits: Vec::new(),
            rows: Vec::new(),
            collapsed: HashSet::new(),
            selected: None,
            scroll_to_selected: false,
            visible_rows: 0..0,
            view_height: 0.0,
        }
    }
}

impl SearchWindow {
    /// Opens the window (or brings the keyboard back to its query field).
    pub fn show(&mut self) {
        self.open = true;
        // As if it had just opened: the query field takes the keyboard again.
        self.was_open = false;
    }

    /// The last search's results.
    pub fn results(&self) -> &SearchResults {
        &self.results
    }

    /// Why the query cannot be searched for, if it cannot.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Whether the results may still change: typing has not paused yet, or a search runs.
    pub fn is_searching(&self) -> bool {
        self.running || self.changed_at.is_some()
    }

    /// The selected hit: its document and range.
    pub fn selected_hit(&self) -> Option<(DocumentId, CharRange)> {
        let &(document, hit) = self.hits.get(self.selected?)?;
        let document = self.results.documents.get(document)?;
        Some((document.document, document.hits.get(hit)?.range))
    }

    /// Starts searching for the query now, over `project` as of `stamp`.
    fn start(&mut self, ctx: &egui::Context, project: Arc<Project>, stamp: Stamp) {
        self.changed_at = None;
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        self.searched = Some((self.query.clone(), stamp));
        if self.query.is_empty() {
            self.running = false;
            let query = self.query.clone();
            self.apply(query, Ok(SearchResults::default()));
            return;
        }
        self.running = true;
        let query = self.query.clone();
        let sender = self.sender.clone();
        let newest = Arc::clone(&self.generation);
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("search all documents".into())
            .spawn(move || {
                let stale = || newest.load(Ordering::Relaxed) != generation;
                let result = match query.compile() {
                    Err(err) => Some(Err(err)),
                    Ok(None) => Some(Ok(SearchResults::default())),
                    Ok(Some(compiled)) => {
                        search::search(&project, &compiled, MAX_HITS, &stale).map(Ok)
                    }
                };
                // A stopped search sends nothing; the window may be gone, which is fine.
                if let Some(result) = result
                    && !stale()
                    && sender
                        .send(Finished {
                            generation,
                            query,
                            result,
                        })
                        .is_ok()
                {
                    ctx.request_repaint();
                }
            });
        if let Err(err) = spawned {
            self.running = false;
            self.error = Some(format!(
                "The search could not be started ({err}); try again"
            ));
        }
    }

    /// Stops the running search, if any: its results will not be shown.
    fn cancel(&mut self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.running = false;
        // Searched again when the window opens.
        self.searched = None;
    }

    /// Takes the results of the newest search, if it finished.
    fn poll(&mut self) {
        while let Ok(finished) = self.receiver.try_recv() {
            if finished.generation == self.generation.load(Ordering::SeqCst) {
                self.running = false;
                self.apply(finished.query, finished.result);
            }
        }
    }

    /// Shows what a search for `query` found.
    fn apply(&mut self, query: Query, result: Result<SearchResults, QueryError>) {
        let same_query = self.shown_query.as_ref() == Some(&query);
        self.shown_query = Some(query);
        let results = match result {
            Ok(results) => {
                self.error = None;
                results
            }
            Err(err) => {
                self.error = Some(err.to_string());
                SearchResults::default()
            }
        };
        self.hits = results
            .documents
            .iter()
            .enumerate()
            .flat_map(|(d, document)| (0..document.hits.len()).map(move |h| (d, h)))
            .collect();
        self.results = results;
        // The same query over a changed project keeps its place; a new one starts at the top.
        if !same_query {
            self.collapsed.clear();
            self.selected = None;
            self.visible_rows = 0..0;
        }
        self.selected = match self.selected {
            Some(n) if n < self.hits.len() => Some(n),
            Some(_) => self.hits.len().checked_sub(1),
            None => (!self.hits.is_empty()).then_some(0),
        };
        self.rebuild_rows();
    }

    /// Lays the list out again from the results and the folded documents.
    fn rebuild_rows(&mut self) {
        self.rows.clear();
        let mut number = 0;
        for (d, document) in self.results.documents.iter().enumerate() {
            self.rows.push(Row::Header(d));
            let open = !self.collapsed.contains(&document.document);
            for hit in 0..document.hits.len() {
                if open {
                    self.rows.push(Row::Hit {
                        document: d,
                        hit,
                        number,
                    });
                }
                number += 1;
            }
        }
    }

    /// Selects hit `number`, unfolding its document, and brings it into view.
    fn select(&mut self, number: usize) {
        self.selected = Some(number);
        self.scroll_to_selected = true;
        if let Some(document) = self
            .hits
            .get(number)
            .and_then(|&(d, _)| self.results.documents.get(d))
            && self.collapsed.remove(&document.document)
        {
            self.rebuild_rows();
        }
    }

    /// Moves the selection `down` or up by `by` hits, stopping at either end.
    fn step_selection(&mut self, down: bool, by: usize) {
        let Some(last) = self.hits.len().checked_sub(1) else {
            return;
        };
        let next = match (self.selected, down) {
            (None, _) => 0,
            (Some(n), true) => n.saturating_add(by).min(last),
            (Some(n), false) => n.saturating_sub(by),
        };
        self.select(next);
    }

    /// Whether the shown results are for the query as it is now.
    fn up_to_date(&self) -> bool {
        self.changed_at.is_none()
            && self
                .searched
                .as_ref()
                .is_some_and(|(query, _)| *query == self.query)
    }

    /// The field, the options, the summary and the buttons.
    fn controls_ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>, focus_field: bool) {
        let field_id = field_id();
        // Up, Down and Enter in the field belong to the hit list: taken before the field sees them.
        let (down, up, enter) = if ui.memory(|m| m.has_focus(field_id)) {
            ui.input_mut(|i| {
                (
                    i.count_and_consume_key(Modifiers::NONE, Key::ArrowDown),
                    i.count_and_consume_key(Modifiers::NONE, Key::ArrowUp),
                    i.consume_key(Modifiers::NONE, Key::Enter),
                )
            })
        } else {
            (0, 0, false)
        };
        let field = ui
            .horizontal(|ui| {
                let label = ui.label(FIELD_LABEL);
                ui.add(
                    TextEdit::singleline(&mut self.query.text)
                        .id(field_id)
                        .hint_text("Text, or a regular expression")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id)
            })
            .inner;
        if focus_field {
            field.request_focus();
        }
        if field.changed() {
            self.changed_at = Some(Instant::now());
        }
        let mut ticked = false;
        ui.horizontal_wrapped(|ui| {
            ticked |= ui
                .checkbox(&mut self.query.whole_word, "Whole word")
                .on_hover_text("Find it only as a word of its own, not inside a longer word")
                .changed();
            ticked |= ui
                .checkbox(&mut self.query.match_case, "Match case")
                .on_hover_text("Tell upper case from lower case")
                .changed();
            ticked |= ui
                .checkbox(&mut self.query.regex, "Regular expression")
                .on_hover_text(
                    "Read the text as a regular expression (Rust regex syntax: \\d+ digits, \\w word characters, a|b either)",
                )
                .changed();
        });
        // The selection moves first, so that Down then Enter shows the hit moved to.
        if down != up {
            self.step_selection(down > up, down.abs_diff(up));
        }
        let ctx = ui.ctx().clone();
        if ticked || (enter && !self.up_to_date()) {
            self.start(&ctx, cx.ws.snapshot(), cx.stamp());
        } else if enter && let Some((document, range)) = self.selected_hit() {
            cx.push(Command::Reveal { document, range });
        }

        if let Some(error) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        } else if self.is_searching() && !self.query.is_empty() {
            ui.weak("Searching…");
        } else if !self.query.is_empty() {
            ui.label(self.results.summary());
        }
        let selected = self.selected_hit();
        ui.horizontal(|ui| {
            let show = ui
                .add_enabled(selected.is_some(), egui::Button::new("Show hit"))
                .on_hover_text("Show the selected hit in a pane (Enter)");
            if show.clicked()
                && let Some((document, range)) = selected
            {
                cx.push(Command::Reveal { document, range });
            }
            let claim = ui
                .add_enabled(
                    selected.is_some(),
                    egui::Button::new("Create claim from hit"),
                )
                .on_hover_text("Open the quick claim editor on the selected hit");
            if claim.clicked()
                && let Some((document, range)) = selected
            {
                cx.push(Command::ClaimFromRange { document, range });
            }
        });
    }

    /// The hit list, grouped by document; only the rows in view are drawn.
    fn list_ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let row_height = ui.spacing().interact_size.y;
        let step = row_height + ui.spacing().item_spacing.y;
        let mut area = egui::ScrollArea::vertical()
            .id_salt("search all documents: hits")
            .auto_shrink([false, false]);
        if std::mem::take(&mut self.scroll_to_selected)
            && let Some(at) = self.selected.and_then(|n| {
                self.rows
                    .iter()
                    .position(|r| matches!(r, Row::Hit { number, .. } if *number == n))
            })
        {
            // Fully in view: rows past the first and before the last drawn.
            let start = self.visible_rows.start;
            let in_view = at > start && at + 1 < self.visible_rows.end;
            if !in_view {
                let top = at as f32 * step - (self.view_height - step) / 2.0;
                area = area.vertical_scroll_offset(top.max(0.0));
            }
        }
        let mut clicked: Option<Row> = None;
        let output = area.show_rows(ui, row_height, self.rows.len(), |ui, range| {
            for row in self.rows.get(range.clone()).unwrap_or_default() {
                if self.row_ui(ui, *row, row_height).clicked() {
                    clicked = Some(*row);
                }
            }
            range
        });
        self.visible_rows = output.inner;
        self.view_height = output.inner_rect.height();
        match clicked {
            Some(Row::Header(d)) => {
                if let Some(document) = self.results.documents.get(d).map(|d| d.document) {
                    if !self.collapsed.remove(&document) {
                        self.collapsed.insert(document);
                    }
                    self.rebuild_rows();
                }
            }
            Some(Row::Hit { number, .. }) => {
                self.selected = Some(number);
                // The keys stay with the list: Up, Down and Enter go on from this hit.
                ui.memory_mut(|m| m.request_focus(field_id()));
                if let Some((document, range)) = self.selected_hit() {
                    cx.push(Command::Reveal { document, range });
                }
            }
            None => {}
        }
    }

    /// One row of the list: a document's header, or a hit's line of context.
    fn row_ui(&self, ui: &mut Ui, row: Row, row_height: f32) -> egui::Response {
        let width = ui.available_width();
        let (rect, response) = ui.allocate_exact_size(Vec2::new(width, row_height), Sense::click());
        let visuals = ui.visuals().clone();
        let font = egui::TextStyle::Body.resolve(ui.style());
        let (job, label, selected) = match row {
            Row::Header(d) => {
                let Some(document) = self.results.documents.get(d) else {
                    return response;
                };
                let label = format!("{} ({})", document.title, document.count);
                let mut job =
                    LayoutJob::simple_singleline(label.clone(), font, visuals.strong_text_color());
                job.wrap = TextWrapping::truncate_at_width(width - row_height);
                let open = !self.collapsed.contains(&document.document);
                if ui.is_rect_visible(rect) {
                    paint_triangle(ui, rect, row_height, open, &response);
                }
                (job, label, false)
            }
            Row::Hit {
                document,
                hit,
                number,
            } => {
                let Some(hit) = self
                    .results
                    .documents
                    .get(document)
                    .and_then(|d| d.hits.get(hit))
                else {
                    return response;
                };
                let snippet = &hit.snippet;
                let plain = TextFormat::simple(font.clone(), visuals.text_color());
                let found = TextFormat {
                    color: visuals.strong_text_color(),
                    background: hit_background(&visuals),
                    ..TextFormat::simple(font, visuals.strong_text_color())
                };
                let mut job = LayoutJob::default();
                job.append(&snippet.before, 0.0, plain.clone());
                job.append(&snippet.hit, 0.0, found);
                job.append(&snippet.after, 0.0, plain);
                job.wrap = TextWrapping::truncate_at_width(width - row_height * 1.5);
                (job, snippet.text(), self.selected == Some(number))
            }
        };
        if ui.is_rect_visible(rect) {
            let style = ui.style().interact_selectable(&response, selected);
            if selected || response.hovered() {
                ui.painter()
                    .rect_filled(rect, 2.0, style.weak_bg_fill.gamma_multiply(0.8));
            }
            let indent = if matches!(row, Row::Header(_)) {
                row_height
            } else {
                row_height * 1.5
            };
            let galley = ui.painter().layout_job(job);
            let pos = egui::pos2(
                rect.left() + indent,
                rect.center().y - galley.size().y / 2.0,
            );
            ui.painter().galley(pos, galley, visuals.text_color());
        }
        response.widget_info(|| egui::WidgetInfo::selected(Role::Button, true, selected, &label));
        response
    }
}

/// The id of the query field, the same in every frame.
fn field_id() -> egui::Id {
    egui::Id::unique("search all documents: query")
}

/// The background of the hit in its line: the colour of a find hit.
fn hit_background(visuals: &egui::Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgba_unmultiplied(200, 150, 0, 110)
    } else {
        Color32::from_rgba_unmultiplied(255, 210, 0, 150)
    }
}

/// The folding triangle of a document's header: pointing down when open.
fn paint_triangle(ui: &Ui, rect: egui::Rect, size: f32, open: bool, response: &egui::Response) {
    let colour = ui.style().interact(response).fg_stroke.color;
    let centre = egui::pos2(rect.left() + size / 2.0, rect.center().y);
    let r = size * 0.22;
    let points = if open {
        vec![
            centre + Vec2::new(-r, -r * 0.6),
            centre + Vec2::new(r, -r * 0.6),
            centre + Vec2::new(0.0, r * 0.8),
        ]
    } else {
        vec![
            centre + Vec2::new(-r * 0.6, -r),
            centre + Vec2::new(r * 0.8, 0.0),
            centre + Vec2::new(-r * 0.6, r),
        ]
    };
    ui.painter().add(egui::Shape::convex_polygon(
        points,
        colour,
        egui::Stroke::NONE,
    ));
}

impl View for SearchWindow {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        if !self.open {
            if self.was_open {
                self.was_open = false;
                self.cancel();
            }
            return;
        }
        let ctx = ui.ctx().clone();
        let opening = !self.was_open;
        self.was_open = true;
        self.poll();
        // Search as typing pauses; again when the project changed (its text may have).
        if let Some(at) = self.changed_at {
            let waited = at.elapsed();
            if waited >= DEBOUNCE {
                self.start(&ctx, cx.ws.snapshot(), cx.stamp());
            } else {
                ctx.request_repaint_after(DEBOUNCE - waited);
            }
        } else if !self.query.is_empty()
            && self
                .searched
                .as_ref()
                .is_none_or(|(_, stamp)| *stamp != cx.stamp())
        {
            self.start(&ctx, cx.ws.snapshot(), cx.stamp());
        }
        let mut open = true;
        cx.window(TITLE)
            .open(&mut open)
            .default_size([560.0, 460.0])
            .min_width(320.0)
            .show(&ctx, |ui| {
                self.controls_ui(ui, cx, opening);
                ui.separator();
                self.list_ui(ui, cx);
            });
        if !open {
            self.open = false;
            self.was_open = false;
            self.cancel();
        }
    }
}
