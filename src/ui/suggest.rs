//! Edit ▸ Suggest claims: claims proposed from a rule, accepted or dismissed by the analyst.
//!
//! The rule (a phrase, a word list, a regular expression or a speaker pattern,
//! with the source, stance, tags and proposition its claims get) is run over the
//! documents on a worker thread ([`crate::suggest::suggest`]); the proposals are
//! listed for review. Accepting pushes one undoable edit (one claim, or all of
//! them as one step); nothing is created any other way. Accepted and dismissed
//! proposals leave the list.

use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Duration;

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, RichText, Ui};

use crate::edit::names::Names;
use crate::model::{Project, PropositionId, SourceId, StanceId, TagId, byte_offset};
use crate::suggest::{
    MAX_PROPOSALS, Proposal, Rule, RuleError, RuleKind, Scope, Suggestions, accept_edit,
};

use super::command::Command;
use super::pickers::{
    Picked, TagPick, proposition_picker, source_picker, stance_picker, tag_picker,
};
use super::view::{View, ViewContext};

/// How many lines of its sentence a proposal shows (the rest on hover).
const SENTENCE_ROWS: usize = 2;

/// The window, its rule and the proposals under review.
#[derive(Default)]
pub struct SuggestWindow {
    /// Whether it is shown.
    pub open: bool,
    /// The kind of pattern.
    pub kind: RuleKind,
    /// The phrase, word list, expression or speaker templates.
    pub pattern: String,
    /// Who asserts the claims (not for speaker rules).
    pub source: Option<SourceId>,
    /// Their stance.
    pub stance: Option<StanceId>,
    /// Their tags.
    pub tags: Vec<TagId>,
    /// Their proposition.
    pub proposition: Option<PropositionId>,
    /// Where to look.
    pub scope: Scope,
    /// What the last run found, still to review.
    found: Option<Found>,
    /// Why the last run gave nothing.
    error: Option<String>,
    /// A run under way on the worker thread.
    running: Option<Running>,
}

/// A run under way.
struct Running {
    /// Where its answer comes.
    answer: Receiver<Result<Suggestions, RuleError>>,
    /// The workspace it reads (a new project drops it).
    workspace: u64,
    /// The kind of rule it runs.
    kind: RuleKind,
}

/// The proposals of one run, as they are being reviewed.
struct Found {
    /// The proposals not yet accepted or dismissed.
    proposals: Vec<Proposal>,
    /// The kind of rule that found them (speaker proposals keep their own source).
    kind: RuleKind,
    /// How many sentences were already claimed.
    already_claimed: usize,
    /// Whether there were more than could be listed.
    truncated: bool,
    /// How many were accepted, and dismissed, since.
    accepted: usize,
    /// See `accepted`.
    dismissed: usize,
    /// The workspace they were found in (a new project drops them).
    workspace: u64,
}

impl SuggestWindow {
    /// The rule as the fields say.
    pub fn rule(&self) -> Rule {
        Rule {
            kind: self.kind,
            pattern: self.pattern.clone(),
            source: self.source,
            stance: self.stance,
            tags: self.tags.clone(),
            proposition: self.proposition,
            scope: self.scope,
        }
    }

    /// The proposals still to review.
    pub fn proposals(&self) -> &[Proposal] {
        self.found.as_ref().map_or(&[], |f| f.proposals.as_slice())
    }

    /// The message of the last run that found nothing, if it did.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Whether a run is under way.
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Starts running the rule over `project` on a worker thread.
    fn start(&mut self, cx: &ViewContext<'_>) {
        let project = cx.ws.snapshot();
        let rule = self.rule();
        let (send, answer) = channel();
        let spawned = std::thread::Builder::new()
            .name("suggest claims".into())
            .spawn(move || {
                // The window may be gone by the time it ends: nobody to tell then.
                let _ = send.send(crate::suggest::suggest(&project, &rule));
            });
        self.error = None;
        match spawned {
            Ok(_) => {
                self.running = Some(Running {
                    answer,
                    workspace: cx.stamp().workspace,
                    kind: self.kind,
                });
            }
            Err(err) => {
                self.error = Some(format!("Could not start looking for suggestions: {err}"));
            }
        }
    }

    /// Takes the answer of a finished run; drops what belongs to another project.
    fn poll(&mut self, ctx: &egui::Context, workspace: u64) {
        if self
            .found
            .as_ref()
            .is_some_and(|f| f.workspace != workspace)
        {
            self.found = None;
        }
        let Some(running) = &self.running else {
            return;
        };
        match running.answer.try_recv() {
            Ok(answer) => {
                let kind = running.kind;
                let same = running.workspace == workspace;
                self.running = None;
                if !same {
                    return;
                }
                match answer {
                    Ok(found) => {
                        self.found = Some(Found {
                            proposals: found.proposals,
                            kind,
                            already_claimed: found.already_claimed,
                            truncated: found.truncated,
                            accepted: 0,
                            dismissed: 0,
                            workspace,
                        });
                        self.restamp();
                    }
                    Err(err) => {
                        self.found = None;
                        self.error = Some(err.to_string());
                    }
                }
            }
            Err(TryRecvError::Empty) => {
                ctx.request_repaint_after(Duration::from_millis(30));
            }
            Err(TryRecvError::Disconnected) => {
                self.running = None;
                self.error = Some("Looking for suggestions stopped unexpectedly".into());
            }
        }
    }

    /// Gives the proposals under review the rule's current source, stance, tags
    /// and proposition, so the list always shows what accepting makes.
    fn restamp(&mut self) {
        let Some(found) = self.found.as_mut() else {
            return;
        };
        for proposal in &mut found.proposals {
            if found.kind != RuleKind::Speaker {
                proposal.source = self.source;
            }
            proposal.stance = self.stance;
            proposal.tags.clone_from(&self.tags);
            proposal.proposition = self.proposition;
        }
    }

    /// The rule's fields; returns whether Enter was pressed in the pattern.
    fn rule_ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) -> bool {
        let project = cx.project();
        ui.horizontal_wrapped(|ui| {
            ui.label("Find");
            for kind in RuleKind::ALL {
                ui.radio_value(&mut self.kind, kind, kind.label());
            }
        });
        let label = ui.label("Pattern");
        let multiline = matches!(self.kind, RuleKind::WordList | RuleKind::Speaker);
        let field = if multiline {
            egui::TextEdit::multiline(&mut self.pattern).desired_rows(3)
        } else {
            egui::TextEdit::singleline(&mut self.pattern)
        };
        let response = ui
            .add(
                field
                    .id(ui.make_persistent_id("suggest pattern"))
                    .hint_text(example(self.kind))
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        let enter =
            !multiline && response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.label(RichText::new(self.kind.help()).small().weak());

        egui::ComboBox::from_label("Look in")
            .selected_text(scope_name(project, self.scope))
            .width(260.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut self.scope, Scope::All, "All documents");
                for document in &project.documents {
                    let name = crate::ui::widgets::abbreviate(&document.label());
                    ui.selectable_value(&mut self.scope, Scope::Document(document.id), name);
                }
            });

        let mut changed = false;
        if self.kind == RuleKind::Speaker {
            ui.label(RichText::new("Source: the one the text names").weak());
        } else if let Some(pick) = source_picker(ui, "suggest source", project, self.source) {
            self.source = match pick {
                Picked::Existing(id) => Some(id),
                Picked::Cleared => None,
                Picked::New(name) => create(cx, "Create source", |n| {
                    n.source(&name).map(crate::edit::names::Resolved::id)
                }),
            };
            changed = true;
        }
        if let Some(stance) = stance_picker(ui, project, self.stance) {
            self.stance = stance;
            changed = true;
        }
        if let Some(pick) = tag_picker(ui, "suggest tags", project, &self.tags) {
            match pick {
                TagPick::Add(id) => self.tags.push(id),
                TagPick::Remove(id) => self.tags.retain(|t| *t != id),
                TagPick::Create(path) => {
                    if let Some(id) = create(cx, "Create tag", |n| {
                        n.tag(&path).map(crate::edit::names::Resolved::id)
                    }) && !self.tags.contains(&id)
                    {
                        self.tags.push(id);
                    }
                }
            }
            changed = true;
        }
        if let Some(pick) = proposition_picker(ui, "suggest proposition", project, self.proposition)
        {
            self.proposition = match pick {
                Picked::Existing(id) => Some(id),
                Picked::Cleared => None,
                Picked::New(text) => create(cx, "Create proposition", |n| {
                    n.proposition(&text).map(crate::edit::names::Resolved::id)
                }),
            };
            changed = true;
        }
        if changed {
            self.restamp();
        }
        enter
    }

    /// The list of proposals, with the buttons that accept and dismiss them.
    fn list_ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let project = cx.project();
        let Some(found) = self.found.as_mut() else {
            return;
        };
        ui.label(count_text(found));
        if found.proposals.is_empty() {
            return;
        }
        ui.horizontal(|ui| {
            let n = found.proposals.len();
            if ui
                .button("Accept all")
                .on_hover_text(format!("Make all {n} into claims, as one step to undo"))
                .clicked()
            {
                let all: Vec<&Proposal> = found.proposals.iter().collect();
                accept(cx, project, &all);
                found.accepted += n;
                found.proposals.clear();
            }
            if ui
                .button("Dismiss all")
                .on_hover_text("Clear the list; nothing is created")
                .clicked()
            {
                found.dismissed += n;
                found.proposals.clear();
            }
        });
        ui.separator();
        // Every row has the same height (the buttons' line, the sentence's lines and
        // the gaps), so that only the rows on screen are laid out, however many there are.
        let line = ui.text_style_height(&egui::TextStyle::Body);
        let spacing = ui.spacing().item_spacing.y;
        let row_height = ui.spacing().interact_size.y.max(line)
            + line * SENTENCE_ROWS as f32
            + spacing * 3.0
            + 6.0;
        let mut decided: Option<(usize, bool)> = None;
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show_rows(ui, row_height, found.proposals.len(), |ui, rows| {
                for at in rows {
                    let (rect, _) = ui.allocate_exact_size(
                        egui::vec2(ui.available_width(), row_height),
                        egui::Sense::hover(),
                    );
                    let Some(proposal) = found.proposals.get(at) else {
                        continue;
                    };
                    let mut row = ui.new_child(
                        egui::UiBuilder::new()
                            .max_rect(rect)
                            .id_salt(("suggestion", at)),
                    );
                    row.set_clip_rect(rect.intersect(ui.clip_rect()));
                    if let Some(accepted) = row_ui(&mut row, cx, project, proposal) {
                        decided = Some((at, accepted));
                    }
                    ui.painter().hline(
                        rect.x_range(),
                        rect.bottom() - 2.0,
                        ui.visuals().widgets.noninteractive.bg_stroke,
                    );
                }
            });
        if let Some((at, accepted)) = decided
            && at < found.proposals.len()
        {
            let proposal = found.proposals.remove(at);
            if accepted {
                accept(cx, project, &[&proposal]);
                found.accepted += 1;
            } else {
                found.dismissed += 1;
            }
        }
    }
}

impl View for SuggestWindow {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        self.poll(ui.ctx(), cx.stamp().workspace);
        if !self.open {
            return;
        }
        let mut open = self.open;
        cx.window("Suggest claims")
            .open(&mut open)
            .default_size([560.0, 520.0])
            .resizable(true)
            .show(ui.ctx(), |ui| {
                let enter = self.rule_ui(ui, cx);
                ui.horizontal(|ui| {
                    let run = ui
                        .add_enabled(!self.is_running(), egui::Button::new("Find suggestions"))
                        .on_hover_text("Propose a claim for every sentence the rule hits");
                    if (run.clicked() || enter) && !self.is_running() {
                        self.start(cx);
                    }
                    if self.is_running() {
                        ui.spinner();
                        ui.label("Looking…");
                    }
                });
                if let Some(error) = &self.error {
                    ui.colored_label(ui.visuals().error_fg_color, error);
                }
                ui.separator();
                self.list_ui(ui, cx);
            });
        self.open = open;
    }
}

/// One proposal: its document and source, its sentence with the hits marked, and
/// its buttons. Returns `Some(true)` when accepted, `Some(false)` when dismissed.
fn row_ui(
    ui: &mut Ui,
    cx: &mut ViewContext<'_>,
    project: &Project,
    proposal: &Proposal,
) -> Option<bool> {
    let mut decided = None;
    ui.horizontal(|ui| {
        if ui
            .button("Accept")
            .on_hover_text("Make it a claim (undo takes it back)")
            .clicked()
        {
            decided = Some(true);
        }
        if ui
            .button("Dismiss")
            .on_hover_text("Take it off the list; nothing is created")
            .clicked()
        {
            decided = Some(false);
        }
        if ui
            .button("Show")
            .on_hover_text("Show the sentence in its document")
            .clicked()
        {
            cx.push(Command::Reveal {
                document: proposal.document,
                range: proposal.range,
            });
        }
        let title = project
            .document(proposal.document)
            .map(|d| d.label())
            .unwrap_or_default();
        let source = proposal
            .source
            .and_then(|id| project.source(id))
            .map_or_else(|| "document outlet".to_owned(), |s| s.name.clone());
        ui.add(egui::Label::new(RichText::new(format!("{title} · {source}")).small()).truncate())
            .on_hover_text(format!(
                "{title}\nSource: {source}\nFound: {}",
                proposal.why
            ));
    });
    let width = ui.available_width();
    let job = sentence_job(ui, proposal, width);
    ui.add(egui::Label::new(job).selectable(false))
        .on_hover_text(&proposal.quote);
    decided
}

/// The sentence laid out on at most [`SENTENCE_ROWS`] lines, the hits in strong colour.
fn sentence_job(ui: &Ui, proposal: &Proposal, width: f32) -> LayoutJob {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let normal = TextFormat::simple(font.clone(), ui.visuals().text_color());
    let strong = TextFormat {
        color: ui.visuals().strong_text_color(),
        background: ui.visuals().selection.bg_fill.gamma_multiply(0.6),
        ..TextFormat::simple(font, Color32::PLACEHOLDER)
    };
    let mut job = LayoutJob::default();
    let text = &proposal.quote;
    // Hits are in characters of the document; the quote begins at the range's start.
    let byte_of = |chars: usize| byte_offset(text, chars).unwrap_or(text.len());
    let mut at = 0;
    for hit in &proposal.hits {
        let start = hit.start.saturating_sub(proposal.range.start);
        let end = hit.end.saturating_sub(proposal.range.start);
        if start < at {
            continue;
        }
        let (from, hit_start, hit_end) = (byte_of(at), byte_of(start), byte_of(end));
        job.append(
            &flat(text.get(from..hit_start).unwrap_or_default()),
            0.0,
            normal.clone(),
        );
        job.append(
            &flat(text.get(hit_start..hit_end).unwrap_or_default()),
            0.0,
            strong.clone(),
        );
        at = end;
    }
    job.append(
        &flat(text.get(byte_of(at)..).unwrap_or_default()),
        0.0,
        normal,
    );
    job.wrap.max_width = width;
    job.wrap.max_rows = SENTENCE_ROWS;
    job.wrap.break_anywhere = false;
    job.wrap.overflow_character = Some('…');
    job
}

/// Text on one line: line breaks and tabs as spaces (char for char, so offsets hold).
fn flat(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect()
}

/// Pushes the one edit that accepts `proposals`, or says why nothing was made.
fn accept(cx: &mut ViewContext<'_>, project: &Project, proposals: &[&Proposal]) {
    let annotator = cx.prefs.annotator.clone();
    match accept_edit(project, proposals, &annotator) {
        Some((edit, label)) => {
            let made = match &edit {
                crate::edit::Edit::Batch(edits) => edits.len(),
                _ => 1,
            };
            cx.push(Command::Edit { edit, label });
            let left_out = proposals.len() - made.min(proposals.len());
            if left_out > 0 {
                cx.push(Command::Notify(format!(
                    "{left_out} suggestion(s) no longer match their document's text and were not made into claims; find suggestions again"
                )));
            }
        }
        None => cx.push(Command::Notify(
            "The suggested text is no longer in its document (it was edited); find suggestions again"
                .into(),
        )),
    }
}

/// Creates a source, tag or proposition named by a picker as one undoable edit,
/// and gives its id (it exists once the edit is applied, after this frame).
fn create<Id>(
    cx: &mut ViewContext<'_>,
    label: &str,
    name: impl FnOnce(&mut Names<'_>) -> Option<Id>,
) -> Option<Id> {
    let mut names = Names::new(cx.project());
    let id = name(&mut names)?;
    let edits = names.into_edits();
    if !edits.is_empty() {
        cx.push(Command::Edit {
            edit: crate::edit::Edit::Batch(edits),
            label: label.to_owned(),
        });
    }
    Some(id)
}

/// An example pattern of each kind, shown in the empty field.
fn example(kind: RuleKind) -> &'static str {
    match kind {
        RuleKind::Phrase => "e.g. civilians",
        RuleKind::WordList => "e.g. civilians, children\nevacuation",
        RuleKind::Regex => r"e.g. \b\d{3,}\b civilians",
        RuleKind::Speaker => "empty, or e.g. <Source> warned/insisted",
    }
}

/// What the scope combo shows.
fn scope_name(project: &Project, scope: Scope) -> String {
    match scope {
        Scope::All => "All documents".to_owned(),
        Scope::Document(id) => project.document(id).map_or_else(
            || "All documents".to_owned(),
            |d| crate::ui::widgets::abbreviate(&d.label()),
        ),
    }
}

/// "12 suggestions to review · 4 already claimed · 2 accepted".
fn count_text(found: &Found) -> String {
    let n = found.proposals.len();
    let mut parts = vec![match n {
        1 => "1 suggestion to review".to_owned(),
        n => format!("{n} suggestions to review"),
    }];
    if found.already_claimed > 0 {
        parts.push(format!("{} already claimed", found.already_claimed));
    }
    if found.accepted > 0 {
        parts.push(format!("{} accepted", found.accepted));
    }
    if found.dismissed > 0 {
        parts.push(format!("{} dismissed", found.dismissed));
    }
    let mut text = parts.join(" · ");
    if found.truncated {
        text.push_str(&format!(
            " — only the first {MAX_PROPOSALS} are listed: narrow the rule to see the rest"
        ));
    }
    text
}
