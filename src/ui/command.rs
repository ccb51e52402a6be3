//! What widgets ask the app to do. Widgets never change the project: they push
//! a [`Command`], and the app runs the queue once, after drawing the frame.
//!
//! [`Action`] is the list of everything that has a name, perhaps a shortcut, and
//! a place in a menu; the menus, the shortcuts, the shortcuts window and the
//! command palette are all made from it, so they cannot drift apart.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::edit::Edit;
use crate::export::request::ExportRequest;
use crate::io::recovery::Recovery;
use crate::model::{CharRange, ClaimId, DocumentId, PropositionId};

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
    /// Show a document in a pane, scrolled to `range` and with it marked as a
    /// find hit (a search hit, a suggested claim).
    Reveal {
        /// The document.
        document: DocumentId,
        /// The text to show.
        range: CharRange,
    },
    /// Show `range` of a document in a pane and open the quick editor on it.
    ClaimFromRange {
        /// The document.
        document: DocumentId,
        /// The text the claim is made of.
        range: CharRange,
    },
    /// Put this filter on the claims panel (and show the panel).
    FilterClaims(Box<crate::query::ClaimFilter>),
    /// Open the documents that speak to a proposition side by side.
    CompareProposition(PropositionId),
    /// Open a project file (asking first what to do with unsaved changes).
    OpenPath(PathBuf),
    /// Start afresh, open or quit now: the unsaved changes were saved or discarded.
    Proceed(Proceed),
    /// Drop the unsaved changes (and their recovery copy), then proceed.
    DiscardChanges(Proceed),
    /// Review my project against a colleague's project file.
    ReviewWith(PathBuf),
    /// Add an annotator's project file to the agreement view.
    AddAnnotator(PathBuf),
    /// Import these files (or fetch these addresses) as documents.
    ImportPaths(Vec<PathBuf>),
    /// Read another tool's file into the open project (one undo step).
    BringIn {
        /// What the file holds.
        kind: Bring,
        /// The file.
        path: PathBuf,
    },
    /// Stop the imports running in the background (the status bar's Cancel).
    CancelImport,
    /// Save to this path (Save as: no check for someone else's changes).
    SaveTo(PathBuf),
    /// Save in the background, then perhaps proceed.
    Save {
        /// Where.
        path: PathBuf,
        /// Stop if someone else changed the project's own file since it was read here.
        check_disk: bool,
        /// What to do once it is saved.
        then: Option<Proceed>,
    },
    /// Merge someone else's changes to the project's file into the open project.
    MergeFromDisk,
    /// Take the recovery copy's project as the open one (unsaved).
    RestoreRecovery(Box<Recovery>),
    /// Delete the recovery copy at this path.
    DiscardRecovery(PathBuf),
    /// Open Document ▸ Details… on this document (from the document list).
    DocumentDetails(DocumentId),
    /// Replace a document's text; its claims move with it.
    ReplaceDocumentText {
        /// The document.
        document: DocumentId,
        /// Its new text.
        text: String,
    },
    /// Ask for a file (a native dialog, or the in-app path prompt).
    PickFile(FileKind),
    /// The files picked for `kind`.
    Picked {
        /// What they were picked for.
        kind: FileKind,
        /// The files.
        paths: Vec<PathBuf>,
    },
    /// Write an export in the background.
    Export(ExportRequest),
    /// Open the quick editor on a selection, to make a claim of it.
    StartClaim {
        /// The pane the selection was made in.
        pane: usize,
        /// The document.
        document: DocumentId,
        /// The selected range.
        range: CharRange,
        /// Where on screen the selection ends.
        corner: egui::Pos2,
    },
    /// Close the quick editor (and drop the selection it was made from).
    CloseQuickEditor,
    /// Make this pane the one keyboard actions apply to.
    FocusPane(usize),
    /// Close this pane.
    ClosePaneAt(usize),
    /// Colour the highlights by this.
    SetColourBy(crate::highlight::ColourBy),
    /// The name stored on the claims and reviews made here.
    SetAnnotator(String),
    /// One of the app's actions (menus, shortcuts, buttons).
    Action(Action),
    /// Show a message in the status area.
    Notify(String),
    /// Show an error in the status area (it stays until dismissed).
    NotifyError(String),
}

/// What to do once the unsaved changes were saved or discarded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Proceed {
    /// Open this project file.
    Open(PathBuf),
    /// Start an empty project.
    New,
    /// Close the window.
    Quit,
}

/// What a file is asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A project to open.
    Open,
    /// Where to save.
    SaveAs,
    /// Documents to import.
    Import,
    /// A colleague's project to review against mine.
    Review,
    /// Another annotator's project for the agreement view.
    Annotator,
    /// W3C Web Annotations (JSON-LD) to add as claims.
    Annotations,
    /// A REFI-QDA codebook (`.qdc`) to add to the vocabulary.
    Codebook,
    /// Where to save the cross-tabulation's table as CSV.
    CrossTabCsv,
}

impl FileKind {
    /// The title of its dialog.
    pub fn title(self) -> &'static str {
        match self {
            Self::Open => "Open project",
            Self::SaveAs => "Save project as",
            Self::Import => "Import documents",
            Self::Review => "Compare with a colleague's project",
            Self::Annotator => "Add an annotator's project",
            Self::Annotations => "Import annotations",
            Self::Codebook => "Import codebook",
            Self::CrossTabCsv => "Save the table as CSV",
        }
    }

    /// What the path prompt asks for.
    pub fn prompt(self) -> &'static str {
        match self {
            Self::Import => "Paths of the documents, separated by ;",
            Self::Open | Self::SaveAs | Self::Review | Self::Annotator => {
                "Path of the project file"
            }
            Self::Annotations => "Path of the annotation file (W3C JSON-LD)",
            Self::Codebook => "Path of the codebook (.qdc)",
            Self::CrossTabCsv => "Path of the CSV file to write",
        }
    }

    /// Whether more than one file may be picked.
    pub fn many(self) -> bool {
        self == Self::Import
    }
}

/// What another tool's file brings into the open project.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bring {
    /// W3C Web Annotations (JSON-LD): claims.
    Annotations,
    /// A REFI-QDA codebook (`.qdc`): tags, stances and propositions.
    Codebook,
}

impl Bring {
    /// The Edit menu's name of the edit it makes.
    pub fn edit_label(self) -> &'static str {
        match self {
            Self::Annotations => "Import annotations",
            Self::Codebook => "Import codebook",
        }
    }
}

/// Every action that has a name, perhaps a shortcut, and a place in a menu.
/// Menus, buttons and shortcuts all come from here, so they cannot drift apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, strum::EnumIter)]
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
    /// File ▸ Import from address….
    ImportFromAddress,
    /// File ▸ Import annotations…: W3C Web Annotations as claims.
    ImportAnnotations,
    /// File ▸ Import codebook…: a REFI-QDA codebook into the vocabulary.
    ImportCodebook,
    /// File ▸ Export claims….
    Export,
    /// File ▸ Quit.
    Quit,
    /// Edit ▸ Search all documents: every document at once, with a hit list.
    SearchDocuments,
    /// Edit ▸ Suggest claims: propose claims from a rule, for review.
    SuggestClaims,
    /// Edit ▸ Document sets: named groups of documents.
    DocumentSets,
    /// Edit ▸ Undo.
    Undo,
    /// Edit ▸ Redo.
    Redo,
    /// Edit ▸ Find in document.
    Find,
    /// Edit ▸ Delete the selected claim.
    DeleteClaim,
    /// Edit ▸ Confirm where re-anchoring put the selected claim.
    ConfirmClaim,
    /// Edit ▸ Confirm every claim re-anchoring moved (not those offered a place).
    ConfirmAllMoves,
    /// Edit ▸ List the claims to confirm in the claims panel.
    ShowToConfirm,
    /// Edit ▸ List the orphaned claims in the claims panel.
    ShowOrphaned,
    /// Edit ▸ Sources, tags, propositions and stances….
    ManageVocabulary,
    /// Edit ▸ Preferences…: the name stamped on claims and reviews.
    Preferences,
    /// Document ▸ Details… of the focused pane's document: title, outlet, date….
    DocumentDetails,
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
    /// Review ▸ Add an annotator's project to the agreement view.
    AddAnnotator,
    /// Review ▸ Close the review screen.
    CloseReview,
    /// View ▸ Cross-tabulation: tags, sources and stances counted against each other.
    CrossTabulation,
    /// View ▸ Show or hide the document list.
    ToggleDocumentList,
    /// View ▸ Show or hide the claims panel.
    ToggleClaimsPanel,
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
    /// Help ▸ Command palette: every action, found by typing its name.
    Palette,
    /// Help ▸ Keyboard shortcuts.
    ShowShortcuts,
    /// Help ▸ About.
    About,
}

impl Action {
    /// Every action, in the order the menus and the shortcuts list show them.
    pub fn all() -> impl Iterator<Item = Self> {
        <Self as strum::IntoEnumIterator>::iter()
    }

    /// Its name in menus and on buttons.
    pub fn label(self) -> &'static str {
        match self {
            Self::NewProject => "New project",
            Self::Open => "Open…",
            Self::Save => "Save",
            Self::SaveAs => "Save as…",
            Self::ImportDocuments => "Import documents…",
            Self::ImportFromAddress => "Import from address…",
            Self::ImportAnnotations => "Import annotations…",
            Self::ImportCodebook => "Import codebook…",
            Self::Export => "Export claims…",
            Self::Quit => "Quit",
            Self::SearchDocuments => "Search all documents…",
            Self::SuggestClaims => "Suggest claims…",
            Self::DocumentSets => "Document sets…",
            Self::CrossTabulation => "Cross-tabulation…",
            Self::ToggleDocumentList => "Document list",
            Self::ToggleClaimsPanel => "Claims panel",
            Self::Undo => "Undo",
            Self::Redo => "Redo",
            Self::Find => "Find in document",
            Self::DeleteClaim => "Delete claim",
            Self::ConfirmClaim => "Confirm re-anchored claim",
            Self::ConfirmAllMoves => "Confirm every re-anchored move",
            Self::ShowToConfirm => "Claims to confirm",
            Self::ShowOrphaned => "Orphaned claims",
            Self::ManageVocabulary => "Sources, tags, propositions…",
            Self::Preferences => "Preferences…",
            Self::DocumentDetails => "Details…",
            Self::EditDocumentText => "Edit text…",
            Self::CompareSources => "Compare sources…",
            Self::Propositions => "Propositions…",
            Self::CompareWith => "Compare with…",
            Self::Agreement => "Agreement…",
            Self::AddAnnotator => "Add an annotator's project…",
            Self::CloseReview => "Close review",
            Self::AddPane => "Add pane",
            Self::ClosePane => "Close pane",
            Self::ToggleTheme => "Dark/light theme",
            Self::TextLarger => "Larger text",
            Self::TextSmaller => "Smaller text",
            Self::Palette => "Command palette…",
            Self::ShowShortcuts => "Keyboard shortcuts",
            Self::About => "About Triangulate",
        }
    }

    /// What it does, for tooltips.
    pub fn tooltip(self) -> &'static str {
        match self {
            Self::NewProject => "Start an empty project",
            Self::Open => {
                "Open a project file, or bring in a REFI-QDA project (.qdpx) from NVivo, ATLAS.ti, MAXQDA or QualCoder as a new project"
            }
            Self::Save => "Save the project to its file",
            Self::SaveAs => "Save the project to a new file",
            Self::ImportDocuments => "Add articles from .txt, .md, .html or .pdf files",
            Self::ImportFromAddress => "Fetch web pages or PDFs by their http or https address",
            Self::ImportAnnotations => {
                "Add the claims of a W3C Web Annotation file (JSON-LD, as Hypothesis and annotation servers write) to this project"
            }
            Self::ImportCodebook => {
                "Add the codes of a REFI-QDA codebook (.qdc, from NVivo, ATLAS.ti, MAXQDA, QualCoder) as tags, stances and propositions"
            }
            Self::Export => {
                "Save the claims (all or the filtered ones) as CSV, JSON, W3C annotations, REFI-QDA or a report"
            }
            Self::Quit => "Close Triangulate",
            Self::SearchDocuments => {
                "Find text, whole words or a regular expression in every document, with a hit list"
            }
            Self::SuggestClaims => {
                "Propose claims from a phrase, a word list, a regular expression or a speaker pattern; nothing is created until you accept"
            }
            Self::DocumentSets => {
                "Name groups of documents (\"Ukrainian outlets\") to filter by and to compare as matrix columns"
            }
            Self::CrossTabulation => {
                "Count claims by tag and source, tag and stance, source and stance; click a count to list its claims"
            }
            Self::ToggleDocumentList => "Show or hide the list of documents on the left",
            Self::ToggleClaimsPanel => "Show or hide the claims panel on the right",
            Self::Undo => "Take back the last change",
            Self::Redo => "Do the last undone change again",
            Self::Find => "Find text in the focused document",
            Self::DeleteClaim => "Delete the selected claim (undo brings it back)",
            Self::ConfirmClaim => {
                "Keep the selected claim where re-anchoring moved it, or put it on the place offered"
            }
            Self::ConfirmAllMoves => {
                "Keep every claim where re-anchoring moved it; claims offered a place stay to confirm one by one"
            }
            Self::ShowToConfirm => {
                "List the claims re-anchoring moved or offered a place when their document's text changed"
            }
            Self::ShowOrphaned => "List the claims whose text is no longer in their document",
            Self::ManageVocabulary => {
                "Rename, merge and recolour sources, tags, propositions and stances"
            }
            Self::Preferences => "Your name, stamped on the claims and reviews you make",
            Self::CompareSources => {
                "What every source says about each proposition, with disputes and conflicting figures marked"
            }
            Self::DocumentDetails => {
                "The focused document's title, outlet, author, address, publication date, language and notes"
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
            Self::AddAnnotator => "Measure agreement with another annotator's project file as well",
            Self::CloseReview => "Leave the review screen (decisions made stay in the project)",
            Self::AddPane => "Show one more document side by side",
            Self::ClosePane => "Close the focused document pane",
            Self::ToggleTheme => "Switch between the dark and the light theme",
            Self::TextLarger => "Make the document text larger",
            Self::TextSmaller => "Make the document text smaller",
            Self::Palette => "Find any action by typing its name, and run it",
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
            Self::ImportFromAddress => cmd_shift(Key::I),
            Self::Export => cmd(Key::E),
            Self::Quit => cmd(Key::Q),
            Self::SearchDocuments => cmd_shift(Key::F),
            Self::SuggestClaims | Self::DocumentSets => None,
            Self::CrossTabulation => cmd_shift(Key::X),
            Self::ToggleDocumentList => cmd_shift(Key::D),
            Self::ToggleClaimsPanel => cmd_shift(Key::L),
            Self::Undo => cmd(Key::Z),
            Self::Redo => cmd_shift(Key::Z),
            Self::Find => cmd(Key::F),
            Self::DeleteClaim => Some(KeyboardShortcut::new(Modifiers::NONE, Key::Delete)),
            Self::ConfirmClaim | Self::ConfirmAllMoves | Self::ShowOrphaned => None,
            Self::ShowToConfirm => cmd_shift(Key::C),
            Self::DocumentDetails | Self::EditDocumentText => None,
            Self::ImportAnnotations | Self::ImportCodebook => None,
            Self::ManageVocabulary => cmd_shift(Key::V),
            Self::Preferences => cmd(Key::Comma),
            Self::CompareSources => cmd(Key::M),
            Self::Propositions => cmd(Key::P),
            Self::CompareWith => cmd_shift(Key::R),
            Self::Agreement => None,
            Self::AddAnnotator => None,
            Self::CloseReview => None,
            Self::AddPane => cmd_shift(Key::N),
            Self::ClosePane => cmd(Key::W),
            Self::ToggleTheme => cmd_shift(Key::T),
            Self::TextLarger => cmd(Key::Plus),
            Self::TextSmaller => cmd(Key::Minus),
            Self::Palette => cmd(Key::K),
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

impl Action {
    /// Every shortcut of this action: the main one, then the others.
    pub fn shortcuts(self) -> impl Iterator<Item = KeyboardShortcut> {
        [self.shortcut(), self.alternative_shortcut()]
            .into_iter()
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_actions_share_a_shortcut() {
        let mut seen: Vec<(KeyboardShortcut, Action)> = Vec::new();
        for action in Action::all() {
            for shortcut in action.shortcuts() {
                if let Some((_, other)) = seen.iter().find(|(s, _)| *s == shortcut) {
                    panic!("{action:?} and {other:?} share {shortcut:?}");
                }
                seen.push((shortcut, action));
            }
        }
        assert!(seen.len() > 20, "only {} shortcuts found", seen.len());
    }

    #[test]
    fn every_action_has_a_name_and_a_tooltip() {
        let mut labels: Vec<&str> = Action::all().map(Action::label).collect();
        assert!(labels.iter().all(|l| !l.is_empty()));
        assert!(Action::all().all(|a| !a.tooltip().is_empty()));
        let count = labels.len();
        labels.sort_unstable();
        labels.dedup();
        assert_eq!(labels.len(), count, "two actions share a name");
        assert!(Action::all().any(|a| a == Action::Palette));
    }
}
