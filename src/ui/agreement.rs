//! Review ▸ Agreement: how far annotators agree, per document and overall.
//!
//! The first annotator is always the open project; others are projects read
//! from files (the one under review is added when the view opens from there).
//! Figures come from [`crate::review::agreement::agreement_report`], the same
//! code the `agreement` command prints.

use std::path::PathBuf;
use std::sync::Arc;

use egui::{RichText, Ui};

use crate::model::Project;
use crate::review::agreement::{
    AgreementReport, Coefficient, DocumentFigures, SpanAgreement, agreement_report, figure,
};
use crate::ui::command::Action;
use crate::ui::view::{View, ViewContext};
use crate::workspace::Stamp;

/// The agreement window.
#[derive(Default)]
pub struct AgreementView {
    /// Whether the window is shown.
    pub open: bool,
    /// The other annotators' projects and where they came from.
    pub others: Vec<(PathBuf, Arc<Project>)>,
    report: Option<(Stamp, usize, AgreementReport)>,
    /// The user asked to add an annotator's project.
    pub add_requested: bool,
}

impl View for AgreementView {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        self.show(ui.ctx(), cx.project(), cx.stamp(), &cx.prefs.annotator);
        if std::mem::take(&mut self.add_requested) {
            cx.action(Action::AddAnnotator);
        }
    }
}

impl AgreementView {
    /// Adds an annotator's project (replacing one read from the same file).
    pub fn add(&mut self, path: PathBuf, project: Arc<Project>) {
        self.others.retain(|(p, _)| *p != path);
        self.others.push((path, project));
        self.report = None;
    }

    /// The figures for my project and the others, worked out when either changed.
    pub fn report(&mut self, mine: &Project, stamp: Stamp) -> &AgreementReport {
        let stale = self
            .report
            .as_ref()
            .is_none_or(|(r, n, _)| *r != stamp || *n != self.others.len());
        if stale {
            self.report = None;
        }
        let others = &self.others;
        let (_, _, report) = self.report.get_or_insert_with(|| {
            let mut projects: Vec<&Project> = vec![mine];
            projects.extend(others.iter().map(|(_, p)| p.as_ref()));
            (stamp, others.len(), agreement_report(&projects))
        });
        report
    }

    /// Draws the window.
    pub fn show(&mut self, ctx: &egui::Context, mine: &Project, stamp: Stamp, annotator: &str) {
        if !self.open {
            return;
        }
        let mut open = self.open;
        super::widgets::window(ctx, "Agreement")
            .open(&mut open)
            .resizable(true)
            .default_size([900.0, 520.0])
            .show(ctx, |ui| self.contents_ui(ui, mine, stamp, annotator));
        self.open = open;
    }

    fn contents_ui(&mut self, ui: &mut Ui, mine: &Project, stamp: Stamp, annotator: &str) {
        ui.label("Annotators (one project each; documents are matched by their text):");
        let mut remove = None;
        ui.label(format!("1. this project ({annotator})"));
        for (i, (path, _)) in self.others.iter().enumerate() {
            ui.horizontal(|ui| {
                ui.label(format!("{}. {}", i + 2, path.display()));
                if ui.small_button("Remove").clicked() {
                    remove = Some(i);
                }
            });
        }
        if let Some(i) = remove {
            self.others.remove(i);
            self.report = None;
        }
        if ui
            .button("Add annotator…")
            .on_hover_text("Add another annotator's project file")
            .clicked()
        {
            self.add_requested = true;
        }
        ui.separator();
        if self.others.is_empty() {
            ui.label("Add at least one other annotator's project to measure agreement.");
            return;
        }
        let coders = self.others.len() + 1;
        let report = self.report(mine, stamp).clone();
        if report.documents.is_empty() {
            ui.label("No document is annotated by two or more of these projects.");
            return;
        }
        for difference in &report.scale_differences {
            let who: Vec<String> = difference
                .present_in
                .iter()
                .map(|at| (at + 1).to_string())
                .collect();
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "⚠ The stance “{}” is only on the scale of annotator {}: its claims can only disagree",
                    difference.name,
                    who.join(", ")
                ),
            );
        }
        ui.label(
            RichText::new(
                "Span F1: claims matched one-to-one, exact = identical range, overlap = best overlapping range. \
                 κ: Cohen's kappa on stance (compared by name) over overlap-matched claims. α: Krippendorff's alpha (nominal) on stance, \
                 all annotators, units = clusters of overlapping claims. n = units behind each figure.",
            ),
        );
        egui::ScrollArea::both()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                egui::Grid::new("agreement figures")
                    .striped(true)
                    .num_columns(6)
                    .spacing([16.0, 4.0])
                    .show(ui, |ui| {
                        for heading in [
                            "Document",
                            "Annotators",
                            "Span F1 exact",
                            "Span F1 overlap",
                            "Stance κ",
                            "Stance α",
                        ] {
                            ui.label(RichText::new(heading).strong());
                        }
                        ui.end_row();
                        for figures in report.documents.iter().chain([&report.overall]) {
                            document_rows(ui, figures, coders);
                        }
                    });
            });
    }
}

/// The rows of one document: one per pair of annotators, alpha on the first.
fn document_rows(ui: &mut Ui, figures: &DocumentFigures, coders: usize) {
    let overall = figures.label == "overall";
    for (i, pair) in figures.pairs.iter().enumerate() {
        if i == 0 {
            // Titles are cut to a readable length; hover shows the whole.
            let short: String = figures.label.chars().take(48).collect();
            let short = if short.len() < figures.label.len() {
                format!("{short}…")
            } else {
                short
            };
            let label = RichText::new(short);
            ui.label(if overall { label.strong() } else { label })
                .on_hover_text(&figures.label);
        } else {
            ui.label("");
        }
        ui.label(if coders > 2 {
            format!("{} vs {}", pair.first + 1, pair.second + 1)
        } else {
            "1 vs 2".to_owned()
        });
        span_cell(ui, pair.exact);
        span_cell(ui, pair.overlap);
        coefficient_cell(ui, pair.kappa);
        if i == 0 {
            coefficient_cell(ui, figures.alpha);
        } else {
            ui.label("");
        }
        ui.end_row();
    }
}

fn span_cell(ui: &mut Ui, span: SpanAgreement) {
    ui.label(format!(
        "{} (n={})",
        figure(span.f1()),
        span.first.max(span.second)
    ))
    .on_hover_text(format!(
        "precision {} · recall {} · {} matched of {} and {} claims",
        figure(span.precision()),
        figure(span.recall()),
        span.matched,
        span.first,
        span.second
    ));
}

fn coefficient_cell(ui: &mut Ui, coefficient: Coefficient) {
    ui.label(format!(
        "{} (n={})",
        figure(coefficient.value),
        coefficient.units
    ));
}
