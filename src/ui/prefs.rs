//! Preferences, remembered between runs on this machine. Never the project:
//! that lives in its file.

use std::path::PathBuf;

pub use crate::highlight::ColourBy;

/// Preferences, remembered between runs.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Dark theme (else light).
    pub dark: bool,
    /// The document text size, in points.
    pub text_size: f32,
    /// Recently opened project files, newest first.
    pub recent: Vec<PathBuf>,
    /// The name stored on the claims made here.
    pub annotator: String,
    /// What highlights are coloured by.
    pub colour_by: ColourBy,
    /// The name was confirmed by its user (the first run asks for it).
    pub annotator_confirmed: bool,
    /// How each recent project was laid out: its panes and side panels, newest first.
    pub layouts: Vec<(PathBuf, Layout)>,
}

/// How a project's window was laid out when it was last closed.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Layout {
    /// The panes, left to right: the document shown and the pane's share of the width.
    pub panes: Vec<(Option<crate::model::DocumentId>, f32)>,
    /// The focused pane.
    pub focused: usize,
    /// The document list was shown or hidden by hand (none: shown when there is room).
    pub documents: Option<bool>,
    /// The claims panel is shown.
    pub claims: bool,
}

/// The most project layouts remembered.
const MAX_LAYOUTS: usize = 20;

impl Default for Prefs {
    fn default() -> Self {
        Self {
            dark: false,
            text_size: 16.0,
            recent: Vec::new(),
            annotator: default_annotator(),
            colour_by: ColourBy::Stance,
            annotator_confirmed: false,
            layouts: Vec::new(),
        }
    }
}

impl Prefs {
    /// Puts `path` first in the recent projects (ten at most).
    pub fn remember_recent(&mut self, path: &std::path::Path) {
        let path = path.to_owned();
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(10);
    }

    /// The layout last used for the project at `path`.
    pub fn layout(&self, path: &std::path::Path) -> Option<&Layout> {
        self.layouts
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, layout)| layout)
    }

    /// Remembers `layout` for the project at `path` (the newest first, twenty at most).
    pub fn remember_layout(&mut self, path: &std::path::Path, layout: Layout) {
        self.layouts.retain(|(p, _)| p != path);
        self.layouts.insert(0, (path.to_owned(), layout));
        self.layouts.truncate(MAX_LAYOUTS);
    }
}

/// The environment variable that names the annotator (and spares the first-run question).
pub const ANNOTATOR_VAR: &str = "TRIANGULATE_ANNOTATOR";

/// The annotator's name when none was set: the login name.
fn default_annotator() -> String {
    std::env::var(ANNOTATOR_VAR)
        .or_else(|_| std::env::var("USER"))
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "analyst".into())
}

/// The key under which preferences are stored.
pub const PREFS_KEY: &str = "triangulate-prefs";
