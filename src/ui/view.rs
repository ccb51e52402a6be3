//! The one interface of every panel and window: each frame it gets a
//! [`ViewContext`] — the workspace to read, the selection, the preferences and
//! the command queue — and it reports back only by pushing [`Command`]s, which
//! the app runs once, after drawing.

use egui::Ui;

use crate::model::{CharRange, ClaimId, DocumentId, Project};
use crate::workspace::{Stamp, Workspace};

use super::command::{Action, Command};
use super::prefs::Prefs;

/// What a panel may see and do in one frame.
pub struct ViewContext<'a> {
    /// The open project, its file and history: to read, never to change.
    pub ws: &'a Workspace,
    /// The selected claim.
    pub selected: Option<ClaimId>,
    /// The preferences (annotator, text size, colouring).
    pub prefs: &'a Prefs,
    /// The text selected in a pane (its document and range), if any.
    pub text_selection: Option<(DocumentId, CharRange)>,
    /// Where windows may go: below the menu bar, above the status bar (nothing: anywhere).
    pub window_area: egui::Rect,
    /// What the panels ask for this frame.
    commands: &'a mut Vec<Command>,
}

impl<'a> ViewContext<'a> {
    /// A context over `ws` whose commands go to `commands`.
    pub fn new(
        ws: &'a Workspace,
        selected: Option<ClaimId>,
        prefs: &'a Prefs,
        commands: &'a mut Vec<Command>,
    ) -> Self {
        Self {
            ws,
            selected,
            prefs,
            text_selection: None,
            window_area: egui::Rect::NOTHING,
            commands,
        }
    }

    /// The open project.
    pub fn project(&self) -> &'a Project {
        self.ws.project()
    }

    /// Which project state this is: caches keyed on it are never taken for another project's.
    pub fn stamp(&self) -> Stamp {
        self.ws.stamp()
    }

    /// A window titled `title` that opens below the menu bar and never grows
    /// past the free area of the window, so it can always be moved and closed.
    pub fn window(&self, title: impl Into<egui::WidgetText>) -> egui::Window<'static> {
        super::widgets::fit_window(egui::Window::new(title), self.window_area)
    }

    /// Asks the app to do something after this frame is drawn.
    pub fn push(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// Asks the app to run an action.
    pub fn action(&mut self, action: Action) {
        self.commands.push(Command::Action(action));
    }

    /// Asks for several things at once.
    pub fn extend(&mut self, commands: impl IntoIterator<Item = Command>) {
        self.commands.extend(commands);
    }

    /// The commands pushed so far (for tests of a panel on its own).
    pub fn commands(&self) -> &[Command] {
        self.commands
    }
}

/// A panel or window of the app.
pub trait View {
    /// Draws it for this frame (a window shows itself over `ui`'s context when
    /// open); anything it wants done goes to `cx` as commands.
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>);
}
