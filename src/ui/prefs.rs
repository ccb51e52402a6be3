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
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            dark: false,
            text_size: 16.0,
            recent: Vec::new(),
            annotator: default_annotator(),
            colour_by: ColourBy::Stance,
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
}

/// The annotator's name when none was set: the login name.
fn default_annotator() -> String {
    std::env::var("TRIANGULATE_ANNOTATOR")
        .or_else(|_| std::env::var("USER"))
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "analyst".into())
}

/// The key under which preferences are stored.
pub const PREFS_KEY: &str = "triangulate-prefs";
