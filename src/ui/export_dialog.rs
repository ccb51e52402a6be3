//! The "Export claims" window: choose the claims, the format and the file, then export.
//!
//! [`ExportDialog::ui`] only gathers the choices and hands back an [`ExportRequest`];
//! [`run_export`] does the work (the caller may run it on a thread over a cloned project).

use std::path::{Path, PathBuf};

use crate::export::request::ExportRequest;
use crate::export::{self, ExportOptions, Format, QdpxOffsets};
use crate::model::Project;
use crate::query::{self, ClaimFilter, SourceFilter};
use crate::ui::command::Command;
use crate::ui::view::{View, ViewContext};

/// The state of the "Export claims" window.
#[derive(Clone, Debug)]
pub struct ExportDialog {
    /// Whether the window is shown.
    pub open: bool,
    /// The chosen format.
    pub format: Format,
    /// Export only the claims the current filter keeps (ignored when the filter is empty).
    pub only_filtered: bool,
    /// Start a CSV file with a byte-order mark, for Excel.
    pub bom: bool,
    /// What the positions of a `.qdpx` export count.
    pub qdpx_offsets: QdpxOffsets,
    /// The file to write, as typed.
    pub path: String,
    /// Whether the user typed in the file field (then a format change leaves it alone).
    pub path_edited: bool,
    /// The claims panel's filter, for "only the filtered claims" (set by the app).
    pub filter: ClaimFilter,
}

impl Default for ExportDialog {
    fn default() -> Self {
        Self {
            open: false,
            format: Format::Csv,
            only_filtered: false,
            bom: false,
            qdpx_offsets: QdpxOffsets::default(),
            path: String::new(),
            path_edited: false,
            filter: ClaimFilter::default(),
        }
    }
}

impl View for ExportDialog {
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut ViewContext<'_>) {
        let filter = std::mem::take(&mut self.filter);
        let request = self.window(ui.ctx(), cx.project(), &filter, cx.ws.path());
        self.filter = filter;
        if let Some(request) = request {
            cx.push(Command::Export(request));
        }
    }
}

impl ExportDialog {
    /// Opens the window; a file path the user did not type is suggested afresh.
    pub fn show(&mut self) {
        self.open = true;
        if !self.path_edited {
            self.path.clear();
        }
    }

    /// The path suggested for `format`: the project's folder and a name from its title.
    pub fn suggested_path(
        project: &Project,
        project_path: Option<&Path>,
        format: Format,
    ) -> String {
        let name = export::suggested_file_name(project, format);
        match project_path.and_then(Path::parent) {
            Some(folder) if !folder.as_os_str().is_empty() => {
                folder.join(name).to_string_lossy().into_owned()
            }
            _ => name,
        }
    }

    /// Draws the window when it is open; returns the export asked for, closing the window.
    pub fn window(
        &mut self,
        ctx: &egui::Context,
        project: &Project,
        filter: &ClaimFilter,
        project_path: Option<&Path>,
    ) -> Option<ExportRequest> {
        if !self.open {
            return None;
        }
        if self.path.trim().is_empty() {
            self.path = Self::suggested_path(project, project_path, self.format);
            self.path_edited = false;
        }
        let mut open = true;
        let mut request = None;
        let mut cancel = false;
        super::widgets::window(ctx, "Export claims")
            .id(egui::Id::unique("triangulate_export_window"))
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                let (req, cancelled) = self.contents_ui(ui, project, filter);
                request = req;
                cancel = cancelled;
            });
        if !open || cancel || request.is_some() {
            self.open = false;
        }
        request
    }

    /// The window's contents; returns the request (Export) and whether Cancel was clicked.
    fn contents_ui(
        &mut self,
        ui: &mut egui::Ui,
        project: &Project,
        filter: &ClaimFilter,
    ) -> (Option<ExportRequest>, bool) {
        let total = project.claims.len();
        let filter_empty = filter.is_empty();
        let filtered = if filter_empty {
            None
        } else {
            Some(query::filtered_claims(project, filter))
        };
        let matching = filtered.as_ref().map_or(total, Vec::len);

        ui.strong("Claims");
        if ui
            .radio(
                !self.only_filtered || filter_empty,
                format!("All claims ({total})"),
            )
            .clicked()
        {
            self.only_filtered = false;
        }
        let filtered_button = ui.add_enabled(
            !filter_empty,
            egui::RadioButton::new(
                self.only_filtered && !filter_empty,
                format!("Claims matching the current filter ({matching})"),
            ),
        );
        if filtered_button.clicked() {
            self.only_filtered = true;
        }
        if filter_empty {
            filtered_button.on_disabled_hover_text("No filter is set in the claims panel");
        }

        ui.add_space(6.0);
        ui.strong("Format");
        let before = self.format;
        for format in Format::ALL {
            ui.radio_value(&mut self.format, format, format.label());
        }
        if self.format != before && !self.path_edited {
            self.path = PathBuf::from(self.path.trim())
                .with_extension(self.format.extension())
                .to_string_lossy()
                .into_owned();
        }
        match self.format {
            Format::Csv => {
                ui.checkbox(&mut self.bom, "Byte-order mark for Excel");
            }
            Format::Qdpx => self.offsets_ui(ui),
            Format::Qdc => {
                ui.label(
                    "The codebook holds the whole vocabulary: every tag, stance and \
                     proposition, whichever claims are chosen above",
                );
            }
            _ => {}
        }

        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let label = ui.label("File");
            let response = ui
                .add(
                    egui::TextEdit::singleline(&mut self.path)
                        .desired_width(420.0)
                        .id(egui::Id::unique("triangulate_export_path")),
                )
                .labelled_by(label.id);
            if response.changed() {
                self.path_edited = true;
            }
        });

        let indices: Vec<usize> = match filtered {
            Some(indices) if self.only_filtered => indices,
            _ => (0..total).collect(),
        };
        let count = indices.len();
        ui.add_space(6.0);
        if self.format.has_claims() {
            ui.label(format!(
                "{count} {} will be exported",
                if count == 1 { "claim" } else { "claims" }
            ));
        } else {
            ui.label(format!(
                "{} tags, {} stances and {} propositions will be exported",
                project.tags.len(),
                project.stances.len(),
                project.propositions.len()
            ));
        }

        let mut export_clicked = false;
        let mut cancel = false;
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let enabled = !self.path.trim().is_empty();
            export_clicked = ui
                .add_enabled(enabled, egui::Button::new("Export"))
                .clicked();
            cancel = ui.button("Cancel").clicked();
        });
        let request = export_clicked.then(|| {
            let selection = if self.only_filtered && !filter_empty {
                describe_filter(project, filter)
            } else {
                String::new()
            };
            ExportRequest {
                path: PathBuf::from(self.path.trim()),
                format: self.format,
                indices,
                options: ExportOptions {
                    bom: self.format == Format::Csv && self.bom,
                    qdpx_offsets: if self.format == Format::Qdpx {
                        self.qdpx_offsets
                    } else {
                        QdpxOffsets::default()
                    },
                    generated: String::new(),
                    selection,
                },
            }
        });
        (request, cancel)
    }

    /// The choice of what `.qdpx` positions count.
    fn offsets_ui(&mut self, ui: &mut egui::Ui) {
        ui.label("Positions");
        ui.indent("triangulate_export_offsets", |ui| {
            ui.radio_value(
                &mut self.qdpx_offsets,
                QdpxOffsets::CodePoints,
                QdpxOffsets::CodePoints.label(),
            )
            .on_hover_text(
                "Characters, as the REFI-QDA standard counts them; QualCoder reads these. \
                 How ATLAS.ti and MAXQDA count characters beyond U+FFFF is not known to us",
            );
            ui.radio_value(
                &mut self.qdpx_offsets,
                QdpxOffsets::Utf16,
                QdpxOffsets::Utf16.label(),
            )
            .on_hover_text(
                "UTF-16 units, as NVivo counts: each emoji or other character beyond \
                 U+FFFF counts two. Texts without such characters give the same positions",
            );
        });
    }
}

/// Describes a filter for the reports ("stance “Disputes”, tag “casualties”").
pub fn describe_filter(project: &Project, filter: &ClaimFilter) -> String {
    let mut parts = Vec::new();
    let text = filter.text.trim();
    if !text.is_empty() {
        parts.push(format!("text “{text}”"));
    }
    if let Some(document) = filter
        .document
        .and_then(|id| project.documents.iter().find(|d| d.id == id))
    {
        parts.push(format!("document “{}”", document.title));
    }
    match filter.source {
        Some(SourceFilter::Source(id)) => {
            if let Some(source) = project.sources.iter().find(|s| s.id == id) {
                parts.push(format!("source “{}”", source.name));
            }
        }
        Some(SourceFilter::DocumentOutlet) => parts.push("no source (document outlet)".into()),
        None => {}
    }
    if let Some(stance) = filter.stance.and_then(|id| project.stance(id)) {
        parts.push(format!("stance “{}”", stance.name));
    }
    if let Some(tag) = filter.tag.and_then(|id| project.tag(id)) {
        parts.push(format!("tag “{}”", tag.path));
    }
    if let Some(proposition) = filter.proposition.and_then(|id| project.proposition(id)) {
        parts.push(format!("proposition “{}”", proposition.text));
    }
    if let Some(annotator) = &filter.annotator {
        parts.push(format!("annotator “{annotator}”"));
    }
    if filter.to_confirm_only {
        parts.push("re-anchored claims to confirm".into());
    }
    if filter.orphaned_only {
        parts.push("orphaned claims".into());
    }
    if let Some(review) = filter.review {
        parts.push(format!("review “{}”", review.label()));
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    use super::*;
    use crate::export::request::run_export;
    use crate::model::Stance;

    struct State {
        project: Project,
        project_path: PathBuf,
        filter: ClaimFilter,
        dialog: ExportDialog,
        request: Option<ExportRequest>,
    }

    fn sample() -> Project {
        crate::io::project_file::load(Path::new("projects/severodonetsk.ron"))
            .expect("sample project")
            .project
    }

    fn harness(filter: ClaimFilter) -> Harness<'static, State> {
        let state = State {
            project: sample(),
            project_path: PathBuf::from("projects/severodonetsk.ron"),
            filter,
            dialog: ExportDialog {
                open: true,
                ..ExportDialog::default()
            },
            request: None,
        };
        Harness::builder().with_size([800.0, 700.0]).build_ui_state(
            |ui, state: &mut State| {
                let ctx = ui.ctx().clone();
                if let Some(request) = state.dialog.window(
                    &ctx,
                    &state.project,
                    &state.filter,
                    Some(&state.project_path),
                ) {
                    state.request = Some(request);
                }
            },
            state,
        )
    }

    fn click(harness: &mut Harness<'_, State>, label: &str) {
        harness.get_by_label(label).click();
        harness.run();
    }

    fn disputes() -> ClaimFilter {
        ClaimFilter {
            stance: Some(Stance::DISPUTES),
            ..ClaimFilter::default()
        }
    }

    #[test]
    fn the_filtered_scope_exports_exactly_the_filtered_claims() {
        let filter = disputes();
        let project = sample();
        let expected = query::filtered_claims(&project, &filter);
        assert!(!expected.is_empty() && expected.len() < project.claims.len());
        let mut harness = harness(filter);
        harness.run();
        click(
            &mut harness,
            &format!("Claims matching the current filter ({})", expected.len()),
        );
        harness.get_by_label(&format!("{} claims will be exported", expected.len()));
        click(&mut harness, "Export");
        let request = harness.state().request.clone().expect("a request");
        assert_eq!(request.indices, expected);
        assert!(request.options.selection.contains("Disputes"));
        assert!(!harness.state().dialog.open);
    }

    #[test]
    fn choosing_json_changes_the_extension() {
        let mut harness = harness(ClaimFilter::default());
        harness.run();
        let before = harness.state().dialog.path.clone();
        assert!(before.ends_with(".csv"), "{before}");
        assert!(Path::new(&before).starts_with("projects"), "{before}");
        click(&mut harness, Format::Json.label());
        let after = harness.state().dialog.path.clone();
        assert_eq!(
            PathBuf::from(&after),
            PathBuf::from(&before).with_extension("json")
        );
        // The CSV-only option is gone.
        assert!(
            harness
                .query_by_label("Byte-order mark for Excel")
                .is_none()
        );
    }

    #[test]
    fn export_returns_a_request_for_every_claim() {
        let mut harness = harness(ClaimFilter::default());
        harness.run();
        click(&mut harness, "Byte-order mark for Excel");
        click(&mut harness, "Export");
        let state = harness.state();
        let request = state.request.clone().expect("a request");
        assert_eq!(
            request.indices,
            (0..state.project.claims.len()).collect::<Vec<_>>()
        );
        assert_eq!(request.format, Format::Csv);
        assert!(request.options.bom);
        assert!(request.options.selection.is_empty());
        assert_eq!(request.path, PathBuf::from(&state.dialog.path));
    }

    #[test]
    fn qdpx_asks_what_positions_count_and_the_codebook_says_what_it_holds() {
        let mut harness = harness(ClaimFilter::default());
        harness.run();
        assert!(harness.query_by_label(QdpxOffsets::Utf16.label()).is_none());
        click(&mut harness, Format::Qdpx.label());
        click(&mut harness, QdpxOffsets::Utf16.label());
        click(&mut harness, "Export");
        let request = harness.state().request.clone().expect("a request");
        assert_eq!(request.format, Format::Qdpx);
        assert_eq!(request.options.qdpx_offsets, QdpxOffsets::Utf16);

        let mut harness = self::harness(ClaimFilter::default());
        harness.run();
        click(&mut harness, Format::Qdc.label());
        assert!(harness.state().dialog.path.ends_with(".qdc"));
        assert!(harness.query_by_label(QdpxOffsets::Utf16.label()).is_none());
        let project = sample();
        harness.get_by_label(&format!(
            "{} tags, {} stances and {} propositions will be exported",
            project.tags.len(),
            project.stances.len(),
            project.propositions.len()
        ));
        click(&mut harness, "Export");
        let request = harness.state().request.clone().expect("a request");
        assert_eq!(request.format, Format::Qdc);
        assert_eq!(request.options.qdpx_offsets, QdpxOffsets::CodePoints);
        let folder = tempfile::tempdir().expect("tempdir");
        let written = ExportRequest {
            path: folder.path().join("vocabulary.qdc"),
            ..request
        };
        let message = run_export(&project, &written).expect("writes");
        assert!(
            message.starts_with("Exported the vocabulary (14 tags"),
            "{message}"
        );
        let text = std::fs::read_to_string(&written.path).expect("written");
        assert!(text.contains("<CodeBook"), "{text}");
    }

    #[test]
    fn cancel_closes_without_a_request() {
        let mut harness = harness(ClaimFilter::default());
        harness.run();
        click(&mut harness, "Cancel");
        assert!(harness.state().request.is_none());
        assert!(!harness.state().dialog.open);
    }

    #[test]
    fn run_export_writes_csv_and_json() {
        let project = sample();
        let folder = tempfile::tempdir().expect("tempdir");
        let indices: Vec<usize> = (0..project.claims.len()).collect();
        let request = |format: Format, name: &str| ExportRequest {
            path: folder.path().join(name),
            format,
            indices: indices.clone(),
            options: ExportOptions::default(),
        };

        let csv = request(Format::Csv, "claims.csv");
        let message = run_export(&project, &csv).expect("csv export");
        assert!(
            message.starts_with(&format!("Exported {} claims to", indices.len())),
            "{message}"
        );
        let text = std::fs::read_to_string(&csv.path).expect("csv file");
        let mut reader = ::csv::Reader::from_reader(text.as_bytes());
        assert_eq!(reader.records().count(), indices.len());
        assert_eq!(text.lines().count(), indices.len() + 1);

        let json = request(Format::Json, "claims.json");
        run_export(&project, &json).expect("json export");
        let bytes = std::fs::read(&json.path).expect("json file");
        serde_json::from_slice::<serde_json::Value>(&bytes).expect("valid JSON");

        let bad = request(Format::Csv, "missing/folder/claims.csv");
        assert!(run_export(&project, &bad).is_err());
    }
}
