//! What widgets ask the app to do. Widgets never change the project: they push
//! a [`Command`], and the app runs the queue once, after drawing the frame.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::edit::Edit;
use crate::model::{ClaimId, DocumentId, PropositionId};

/// A request from a widget to the app.
#[derive(Debug)]
pub enum Command {
    /// Apply an edit as one undoable step with this label ("Create claim").
    Edit {
        /// The edit.
        edit: Edit,
        /// What the Edit menu calls it.
        label: String,
    },
    /// Apply an edit that merges with the previous one of the same key (typing).
    EditCoalescing {
        /// The edit.
        edit: Edit,
        /// What the Edit menu calls it.
        label: String,
        /// Edits with the same key in a row become one step.
        key: String,
    },
    /// Ends a burst of coalescing edits (a field lost focus).
    SealHistory,
    /// Select a claim (or none), and bring its document into view.
    SelectClaim(Option<ClaimId>),
    /// Show a document in a pane (the focused one, or a new one).
    ShowDocument(DocumentId),
    /// Open the documents that speak to a proposition side by side.
    CompareProposition(PropositionId),
    /// Open a project file.
    OpenPath(PathBuf),
    /// Review my project against a colleague's project file.
    ReviewWith(PathBuf),
    /// Add an annotator's project file to the agreement view.
    AddAnnotator(PathBuf),
    /// Import these files as documents.
    ImportPaths(Vec<PathBuf>),
    /// Save to this path.
    SaveTo(PathBuf),
    /// One of the app's actions (menus, shortcuts, buttons).
    Action(Action),
    /// Show a message in the status area.
    Notify(String),
}

/// Every action that has a name, perhaps a shortcut, and a place in a menu.
/// Menus, buttons and shortcuts all come from here, so they cannot drift apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// File ▸ New.
    NewProject,
    /// File ▸ Open….
    Open,
    /// File ▸ Save.
    Save,
    /// File ▸ Save as….
    SaveAs,
    /// File ▸ Import documents….
    ImportDocuments,
    /// File ▸ Export claims….
    Export,
    /// File ▸ Quit.
    Quit,
    /// Edit ▸ Undo.
    Undo,
    /// Edit ▸ Redo.
    Redo,
    /// Edit ▸ Find in document.
    Find,
    /// Edit ▸ Delete the selected claim.
    DeleteClaim,
    /// Edit ▸ Sources, tags, propositions and stances….
    ManageVocabulary,
    /// Document ▸ Edit text of the focused pane's document.
    EditDocumentText,
    /// View ▸ Compare sources: the propositions × sources matrix.
    CompareSources,
    /// View ▸ Propositions: list, rename, merge, split and link.
    Propositions,
    /// Review ▸ Compare with a colleague's project….
    CompareWith,
    /// Review ▸ Agreement between annotators.
    Agreement,
    /// Review ▸ Close the review screen.
    CloseReview,
    /// View ▸ Add a pane.
    AddPane,
    /// View ▸ Close the focused pane.
    ClosePane,
    /// View ▸ Dark or light theme.
    ToggleTheme,
    /// View ▸ Larger text.
    TextLarger,
    /// View ▸ Smaller text.
    TextSmaller,
    /// Help ▸ Keyboard shortcuts.
    ShowShortcuts,
    /// Help ▸ About.
    About,
}

impl Action {
    /// Every action, in the order the shortcuts list shows them.
    pub const ALL: [Self; 25] = [
        Self::NewProject,
        Self::Open,
        Self::Save,
        Self::SaveAs,
        Self::ImportDocuments,
        Self::Export,
        Self::Quit,
        Self::Undo,
        Self::Redo,
        Self::Find,
        Self::DeleteClaim,
        Self::ManageVocabulary,
        Self::EditDocumentText,
        Self::CompareSources,
        Self::Propositions,
        Self::CompareWith,
        Self::Agreement,
        Self::CloseReview,
        Self::AddPane,
        Self::ClosePane,
        Self::ToggleTheme,
        Self::TextLarger,
        Self::TextSmaller,
        Self::ShowShortcuts,
        Self::About,
    ];

    /// Its name in menus and on buttons.
    pub fn label(self) -> &'static str {
        match self {
            Self::NewProject => "New project",
            Self::Open => "Open…",
            Self::Save => "Save",
            Self::SaveAs => "Save as…",
            Self::ImportDocuments => "Import documents…",
            Self::Export => "Export claims…",
            Self::Quit => "Quit",
            Self::Undo => "Undo",
            Self::Redo => "Redo",
            Self::Find => "Find in document",
            Self::DeleteClaim => "Delete claim",
            Self::ManageVocabulary => "Sources, tags, propositions…",
            Self::EditDocumentText => "Edit text…",
            Self::CompareSources => "Compare sources…",
            Self::Propositions => "Propositions…",
            Self::CompareWith => "Compare with…",
            Self::Agreement => "Agreement…",
            Self::CloseReview => "Close review",
            Self::AddPane => "Add pane",
            Self::ClosePane => "Close pane",
            Self::ToggleTheme => "Dark/light theme",
            Self::TextLarger => "Larger text",
            Self::TextSmaller => "Smaller text",
            Self::ShowShortcuts => "Keyboard shortcuts",
            Self::About => "About Triangulate",
        }
    }

    /// What it does, for tooltips.
    pub fn tooltip(self) -> &'static str {
        match self {
            Self::NewProject => "Start an empty project",
            Self::Open => "Open a project file",
            Self::Save => "Save the project to its file",
            Self::SaveAs => "Save the project to a new file",
            Self::ImportDocuments => "Add articles from .txt, .md or .html files",
            Self::Export => {
                "Save the claims (all or the filtered ones) as CSV, JSON, W3C annotations, REFI-QDA or a report"
            }
            Self::Quit => "Close Triangulate",
            Self::Undo => "Take back the last change",
            Self::Redo => "Do the last undone change again",
            Self::Find => "Find text in the focused document",
            Self::DeleteClaim => "Delete the selected claim (undo brings it back)",
            Self::ManageVocabulary => {
                "Rename, merge and recolour sources, tags, propositions and stances"
            }
            Self::CompareSources => {
                "What every source says about each proposition, with disputes and conflicting figures marked"
            }
            Self::EditDocumentText => {
                "Correct the focused document's text; its claims move with the text"
            }
            Self::Propositions => {
                "The statements under comparison: their claims, disputes; rename, merge, split, link claims"
            }
            Self::CompareWith => {
                "Review a colleague's project against this one: see every difference, keep, take or discuss it"
            }
            Self::Agreement => {
                "Span F1, Cohen's kappa and Krippendorff's alpha between this project and other annotators'"
            }
            Self::CloseReview => "Leave the review screen (decisions made stay in the project)",
            Self::AddPane => "Show one more document side by side",
            Self::ClosePane => "Close the focused document pane",
            Self::ToggleTheme => "Switch between the dark and the light theme",
            Self::TextLarger => "Make the document text larger",
            Self::TextSmaller => "Make the document text smaller",
            Self::ShowShortcuts => "List every keyboard shortcut",
            Self::About => "What Triangulate is",
        }
    }

    /// Its keyboard shortcut, if it has one.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let cmd = |key| Some(KeyboardShortcut::new(Modifiers::COMMAND, key));
        let cmd_shift = |key| {
            Some(KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                key,
            ))
        };
        match self {
            Self::NewProject => cmd(Key::N),
            Self::Open => cmd(Key::O),
            Self::Save => cmd(Key::S),
            Self::SaveAs => cmd_shift(Key::S),
            Self::ImportDocuments => cmd(Key::I),
            Self::Export => cmd(Key::E),
            Self::Quit => cmd(Key::Q),
            Self::Undo => cmd(Key::Z),
            Self::Redo => cmd_shift(Key::Z),
            Self::Find => cmd(Key::F),
            Self::DeleteClaim => None,
            Self::EditDocumentText => None,
            Self::ManageVocabulary => cmd_shift(Key::V),
            Self::CompareSources => cmd(Key::M),
            Self::Propositions => cmd(Key::P),
            Self::CompareWith => cmd_shift(Key::R),
            Self::Agreement => None,
            Self::CloseReview => None,
            Self::AddPane => cmd_shift(Key::N),
            Self::ClosePane => cmd(Key::W),
            Self::ToggleTheme => cmd_shift(Key::T),
            Self::TextLarger => cmd(Key::Plus),
            Self::TextSmaller => cmd(Key::Minus),
            Self::ShowShortcuts => None,
            Self::About => None,
        }
    }

    /// Other shortcuts that do the same (Ctrl+Y for redo).
    pub fn alternative_shortcut(self) -> Option<KeyboardShortcut> {
        match self {
            Self::Redo => Some(KeyboardShortcut::new(Modifiers::COMMAND, Key::Y)),
            Self::TextLarger => Some(KeyboardShortcut::new(Modifiers::COMMAND, Key::Equals)),
            _ => None,
        }
    }
}
