//! The dialogs that wait for an answer. Each is a [`Modal`]; shown, it returns
//! `None` while it waits, and once answered the commands that carry the answer
//! out (none for Cancel). The app runs them like any other.

use std::path::PathBuf;

use egui::RichText;

use crate::io::recovery::Recovery;
use crate::model::DocumentId;

use super::super::command::{Action, Command, FileKind, Proceed};
use super::super::view::ViewContext;

/// A dialog waiting for an answer.
#[derive(Debug)]
pub enum Modal {
    /// The project has unsaved changes: save, discard or cancel, then proceed.
    UnsavedChanges(Proceed),
    /// Saving found the file changed on disk by someone else.
    DiskConflict(PathBuf),
    /// A recovery copy newer than the file was found.
    Recovery(Box<Recovery>),
    /// Document ▸ Edit text: the document and its text as edited.
    EditText {
        /// The document.
        document: DocumentId,
        /// Its text, as edited so far.
        text: String,
    },
    /// File ▸ Import from address…: the addresses typed so far, one per line.
    AddressPrompt(String),
    /// What an import from another tool's file made and left out.
    Report {
        /// The dialog's heading ("Imported nvivo.qdpx").
        title: String,
        /// The report: a summary line, then one line per thing worth saying.
        lines: Vec<String>,
    },
    /// The in-app path prompt, when no native file dialog is available.
    PathPrompt {
        /// What the path is for.
        kind: FileKind,
        /// The path typed so far.
        text: String,
    },
}

/// What a dialog answered: the commands that carry the answer out.
type Answer = Option<Vec<Command>>;

impl Modal {
    /// Shows the dialog; `Some` once it is answered.
    pub fn ui(&mut self, ctx: &egui::Context, cx: &ViewContext<'_>) -> Answer {
        match self {
            Self::UnsavedChanges(then) => unsaved_ui(ctx, cx, then),
            Self::DiskConflict(path) => disk_conflict_ui(ctx, path),
            Self::Recovery(offer) => recovery_ui(ctx, cx, offer),
            Self::EditText { document, text } => edit_text_ui(ctx, cx, *document, text),
            Self::PathPrompt { kind, text } => path_prompt_ui(ctx, *kind, text),
            Self::AddressPrompt(text) => address_prompt_ui(ctx, text),
            Self::Report { title, lines } => report_ui(ctx, title, lines),
        }
    }
}

/// The row of buttons of a dialog: the index of the one clicked.
fn buttons(ui: &mut egui::Ui, labels: &[(&str, &str)]) -> Option<usize> {
    let mut clicked = None;
    ui.horizontal(|ui| {
        for (i, (label, hover)) in labels.iter().enumerate() {
            let mut button = ui.button(*label);
            if !hover.is_empty() {
                button = button.on_hover_text(*hover);
            }
            if button.clicked() {
                clicked = Some(i);
            }
        }
    });
    clicked
}

fn unsaved_ui(ctx: &egui::Context, cx: &ViewContext<'_>, then: &Proceed) -> Answer {
    let modal = egui::Modal::new(egui::Id::unique("unsaved changes")).show(ctx, |ui| {
        ui.heading("Unsaved changes");
        ui.label(format!(
            "“{}” has changes that are not saved. Save them first?",
            cx.ws.display_name()
        ));
        ui.add_space(8.0);
        buttons(ui, &[("Save", ""), ("Discard", ""), ("Cancel", "")])
    });
    match modal.inner {
        Some(0) => Some(vec![match cx.ws.path() {
            Some(path) => Command::Save {
                path: path.to_owned(),
                check_disk: true,
                then: Some(then.clone()),
            },
            None => Command::PickFile(FileKind::SaveAs),
        }]),
        Some(1) => Some(vec![Command::DiscardChanges(then.clone())]),
        Some(_) => Some(Vec::new()),
        None if modal.should_close() => Some(Vec::new()),
        None => None,
    }
}

fn disk_conflict_ui(ctx: &egui::Context, path: &std::path::Path) -> Answer {
    let modal = egui::Modal::new(egui::Id::unique("disk conflict")).show(ctx, |ui| {
        ui.heading("The file changed on disk");
        ui.label(format!(
            "{} was changed (or removed) by someone else since you opened or saved it here.",
            path.display()
        ));
        ui.label(
            RichText::new(
                "Merge keeps both: their changes come in, yours stay, and where you both changed a claim yours is kept with theirs noted on it (marked for discussion). Reload takes their version and drops your unsaved changes; Overwrite replaces theirs with yours; Save as keeps both files.",
            )
            .weak(),
        );
        ui.add_space(8.0);
        buttons(
            ui,
            &[
                (
                    "Merge",
                    "Three-way merge of their file into your project (one undo step)",
                ),
                ("Reload", ""),
                ("Overwrite", ""),
                ("Save as…", ""),
                ("Cancel", ""),
            ],
        )
    });
    let command = match modal.inner? {
        0 => Command::MergeFromDisk,
        1 => Command::Proceed(Proceed::Open(path.to_owned())),
        2 => Command::Save {
            path: path.to_owned(),
            check_disk: false,
            then: None,
        },
        3 => Command::PickFile(FileKind::SaveAs),
        _ => return Some(Vec::new()),
    };
    Some(vec![command])
}

fn recovery_ui(ctx: &egui::Context, cx: &ViewContext<'_>, offer: &mut Box<Recovery>) -> Answer {
    let modal = egui::Modal::new(egui::Id::unique("recovery offer")).show(ctx, |ui| {
        ui.heading("Unsaved work was found");
        ui.label(format!(
            "A recovery copy of “{}” is newer than the file. It holds {}.",
            cx.ws.display_name(),
            offer.summary.describe()
        ));
        ui.label(
            RichText::new("Restore it to keep working on it (then save), or discard it.").weak(),
        );
        ui.add_space(8.0);
        buttons(
            ui,
            &[("Restore", ""), ("Discard", ""), ("Decide later", "")],
        )
    });
    match modal.inner? {
        0 => {
            // The offer leaves the dialog with the answer: no copy of its project is made.
            let left = Recovery {
                path: offer.path.clone(),
                project: crate::model::Project::default(),
                summary: offer.summary.clone(),
            };
            let taken = std::mem::replace(offer, Box::new(left));
            Some(vec![Command::RestoreRecovery(taken)])
        }
        1 => Some(vec![Command::DiscardRecovery(offer.path.clone())]),
        _ => Some(Vec::new()),
    }
}

fn edit_text_ui(
    ctx: &egui::Context,
    cx: &ViewContext<'_>,
    document: DocumentId,
    text: &mut String,
) -> Answer {
    let title = cx
        .project()
        .document(document)
        .map_or_else(String::new, |d| d.label());
    let mut open = true;
    let mut done = None;
    super::super::widgets::window(ctx, "Edit document text")
        .open(&mut open)
        .default_size([720.0, 560.0])
        .show(ctx, |ui| {
            ui.label(format!(
                "Correct {title}: drop a footer, fix an OCR error. Claims move with the text; claims whose text you delete are kept and listed as orphaned."
            ));
            done = buttons(ui, &[("Apply", ""), ("Cancel", "")]);
            egui::ScrollArea::vertical().show(ui, |ui| {
                let label = ui.label("Text");
                ui.add(
                    egui::TextEdit::multiline(text)
                        .desired_width(f32::INFINITY)
                        .desired_rows(24),
                )
                .labelled_by(label.id);
            });
        });
    match done {
        Some(0) => Some(vec![Command::ReplaceDocumentText {
            document,
            text: std::mem::take(text),
        }]),
        Some(_) => Some(Vec::new()),
        None if !open => Some(Vec::new()),
        None => None,
    }
}

fn path_prompt_ui(ctx: &egui::Context, kind: FileKind, text: &mut String) -> Answer {
    let mut done = None;
    egui::Modal::new(egui::Id::unique("path prompt")).show(ctx, |ui| {
        ui.heading(kind.title());
        let label = ui.label(kind.prompt());
        let response = ui
            .add(
                egui::TextEdit::singleline(text)
                    .desired_width(480.0)
                    .id(egui::Id::unique("path prompt field")),
            )
            .labelled_by(label.id);
        if !response.has_focus() && !response.lost_focus() {
            response.request_focus();
        }
        let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.horizontal(|ui| {
            if ui.button("OK").clicked() || enter {
                done = Some(true);
            }
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                done = Some(false);
            }
        });
    });
    match done? {
        true => {
            let paths: Vec<PathBuf> = text
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(PathBuf::from)
                .collect();
            if paths.is_empty() {
                return Some(Vec::new());
            }
            Some(vec![Command::Picked { kind, paths }])
        }
        false => Some(Vec::new()),
    }
}

/// The windows that ask nothing: Help ▸ Keyboard shortcuts and About.
pub fn windows_ui(ctx: &egui::Context, shortcuts: &mut bool, about: &mut bool) {
    if *shortcuts {
        super::super::widgets::window(ctx, "Keyboard shortcuts")
            .open(shortcuts)
            .collapsible(false)
            .default_height(520.0)
            .show(ctx, |ui| {
                egui::ScrollArea::vertical()
                    .auto_shrink([false, true])
                    .show(ui, |ui| shortcuts_ui(ui, ctx));
            });
    }
    if *about {
        super::super::widgets::window(ctx, "About Triangulate")
            .open(about)
            .collapsible(false)
            .show(ctx, |ui| {
                ui.label(format!("Triangulate {}", env!("CARGO_PKG_VERSION")));
                ui.label("A workbench for comparing how different sources report the same event.");
            });
    }
}

/// Where a key that is not an action's shortcut works.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KeyPlace {
    /// A document pane that has the keyboard (click in it, or Tab to it).
    Reading,
    /// The quick editor of a new claim.
    QuickEditor,
    /// The claims table when it has the keyboard (click a row, or Tab to it).
    ClaimsTable,
    /// Edit ▸ Search all documents.
    SearchWindow,
}

impl KeyPlace {
    /// Its heading in the shortcuts window.
    fn heading(self) -> &'static str {
        match self {
            Self::Reading => "Reading (click in a pane, or Tab to it)",
            Self::QuickEditor => "Quick editor (opens with the keyboard on the stance row)",
            Self::ClaimsTable => "Claims table (click a row, or Tab to the table)",
            Self::SearchWindow => "Search all documents",
        }
    }
}

/// One line of the shortcuts window for keys that are not actions: where, which
/// keys (as shown), what they do, and the key presses meant (for the tests that
/// check each is handled where it is said to be).
struct KeyHelp {
    place: KeyPlace,
    keys: &'static str,
    what: &'static str,
    #[cfg_attr(
        not(test),
        expect(dead_code, reason = "read by the tests that check each key is handled")
    )]
    presses: &'static [(egui::Modifiers, egui::Key)],
}

/// Shift and the command key (Ctrl; Cmd on a Mac) together.
const SHIFT_COMMAND: egui::Modifiers = egui::Modifiers::SHIFT.plus(egui::Modifiers::COMMAND);

/// The numbers 1 to 9, unmodified.
const NUMBERS: &[(egui::Modifiers, egui::Key)] = &[
    (egui::Modifiers::NONE, egui::Key::Num1),
    (egui::Modifiers::NONE, egui::Key::Num2),
    (egui::Modifiers::NONE, egui::Key::Num3),
    (egui::Modifiers::NONE, egui::Key::Num4),
    (egui::Modifiers::NONE, egui::Key::Num5),
    (egui::Modifiers::NONE, egui::Key::Num6),
    (egui::Modifiers::NONE, egui::Key::Num7),
    (egui::Modifiers::NONE, egui::Key::Num8),
    (egui::Modifiers::NONE, egui::Key::Num9),
];

/// Every key that is not an action's shortcut, by where it works: the one list
/// the shortcuts window shows and the tests check.
const KEY_GUIDE: &[KeyHelp] = &[
    KeyHelp {
        place: KeyPlace::Reading,
        keys: "Left, Right",
        what: "Move the caret by a character",
        presses: &[
            (egui::Modifiers::NONE, egui::Key::ArrowLeft),
            (egui::Modifiers::NONE, egui::Key::ArrowRight),
        ],
    },
    KeyHelp {
        place: KeyPlace::Reading,
        keys: "Ctrl+Left, Ctrl+Right",
        what: "Move the caret by a word",
        presses: &[
            (egui::Modifiers::COMMAND, egui::Key::ArrowLeft),
            (egui::Modifiers::COMMAND, egui::Key::ArrowRight),
        ],
    },
    KeyHelp {
        place: KeyPlace::Reading,
        keys: "Up, Down",
        what: "Move the caret a line up or down",
        presses: &[
            (egui::Modifiers::NONE, egui::Key::ArrowUp),
            (egui::Modifiers::NONE, egui::Key::ArrowDown),
        ],
    },
    KeyHelp {
        place: KeyPlace::Reading,
        keys: "Home, End",
        what: "Move the caret to the start or end of the line",
        presses: &[
            (egui::Modifiers::NONE, egui::Key::Home),
            (egui::Modifiers::NONE, egui::Key::End),
        ],
    },
    KeyHelp {
        place: KeyPlace::Reading,
        keys: "Ctrl+Home, Ctrl+End",
        what: "Move the caret to the start or end of the document",
        presses: &[
            (egui::Modifiers::COMMAND, egui::Key::Home),
            (egui::Modifiers::COMMAND, egui::Key::End),
        ],
    },
    KeyHelp {
        place: KeyPlace::Reading,
        keys: "PageUp, PageDown",
        what: "Move the caret by a screen",
        presses: &[
            (egui::Modifiers::NONE, egui::Key::PageUp),
            (egui::Modifiers::NONE, egui::Key::PageDown),
        ],
    },
    KeyHelp {
        place: KeyPlace::Reading,
        keys: "Shift+any of these",
        what: "Select text from where the caret was (Shift+Ctrl+Right: word by word)",
        presses: &[
            (egui::Modifiers::SHIFT, egui::Key::ArrowRight),
            (SHIFT_COMMAND, egui::Key::ArrowRight),
            (egui::Modifiers::SHIFT, egui::Key::ArrowDown),
            (egui::Modifiers::SHIFT, egui::Key::End),
        ],
    },
    KeyHelp {
        place: KeyPlace::Reading,
        keys: "Enter",
        what: "Make a claim of the selected text (opens the quick editor)",
        presses: &[(egui::Modifiers::NONE, egui::Key::Enter)],
    },
    KeyHelp {
        place: KeyPlace::Reading,
        keys: "Shift+click",
        what: "Extend the selection to where you click",
        presses: &[],
    },
    KeyHelp {
        place: KeyPlace::QuickEditor,
        keys: "1-9 (or Left, Right on the stance row)",
        what: "Set the stance",
        presses: NUMBERS,
    },
    KeyHelp {
        place: KeyPlace::QuickEditor,
        keys: "Tab, Shift+Tab",
        what: "Stance, Source, Tags, Proposition, Value, Note, Create, Cancel and round again",
        presses: &[
            (egui::Modifiers::NONE, egui::Key::Tab),
            (egui::Modifiers::SHIFT, egui::Key::Tab),
        ],
    },
    KeyHelp {
        place: KeyPlace::QuickEditor,
        keys: "Down, Up then Enter or Tab",
        what: "Choose a suggested name and take it",
        presses: &[
            (egui::Modifiers::NONE, egui::Key::ArrowDown),
            (egui::Modifiers::NONE, egui::Key::ArrowUp),
        ],
    },
    KeyHelp {
        place: KeyPlace::QuickEditor,
        keys: "Enter",
        what: "Create the claim (Shift+Enter: a new line in the note)",
        presses: &[(egui::Modifiers::NONE, egui::Key::Enter)],
    },
    KeyHelp {
        place: KeyPlace::QuickEditor,
        keys: "Esc",
        what: "Close without making a claim",
        presses: &[(egui::Modifiers::NONE, egui::Key::Escape)],
    },
    KeyHelp {
        place: KeyPlace::ClaimsTable,
        keys: "Up, Down",
        what: "Select the previous or next claim, as sorted and filtered",
        presses: &[
            (egui::Modifiers::NONE, egui::Key::ArrowUp),
            (egui::Modifiers::NONE, egui::Key::ArrowDown),
        ],
    },
    KeyHelp {
        place: KeyPlace::ClaimsTable,
        keys: "Home, End",
        what: "Select the first or last claim",
        presses: &[
            (egui::Modifiers::NONE, egui::Key::Home),
            (egui::Modifiers::NONE, egui::Key::End),
        ],
    },
    KeyHelp {
        place: KeyPlace::ClaimsTable,
        keys: "1-9",
        what: "Set the selected claim's stance (undo takes it back)",
        presses: NUMBERS,
    },
    KeyHelp {
        place: KeyPlace::ClaimsTable,
        keys: "Enter",
        what: "Edit the selected claim (the keyboard goes to its Value)",
        presses: &[(egui::Modifiers::NONE, egui::Key::Enter)],
    },
    KeyHelp {
        place: KeyPlace::ClaimsTable,
        keys: "Delete",
        what: "Delete the selected claim (undo brings it back)",
        presses: &[(egui::Modifiers::NONE, egui::Key::Delete)],
    },
    KeyHelp {
        place: KeyPlace::SearchWindow,
        keys: "Down, Up",
        what: "Choose a hit",
        presses: &[
            (egui::Modifiers::NONE, egui::Key::ArrowDown),
            (egui::Modifiers::NONE, egui::Key::ArrowUp),
        ],
    },
    KeyHelp {
        place: KeyPlace::SearchWindow,
        keys: "Enter",
        what: "Show the chosen hit in its document",
        presses: &[(egui::Modifiers::NONE, egui::Key::Enter)],
    },
];

/// The shortcuts window's contents: the actions' shortcuts, then the other keys
/// by where they work.
fn shortcuts_ui(ui: &mut egui::Ui, ctx: &egui::Context) {
    ui.strong("Everywhere");
    egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
        for action in Action::all() {
            let keys: Vec<String> = action
                .shortcuts()
                .map(|s| ctx.format_shortcut(&s))
                .collect();
            if keys.is_empty() {
                continue;
            }
            ui.label(action.label());
            ui.label(keys.join(" or "));
            ui.end_row();
        }
    });
    for place in [
        KeyPlace::Reading,
        KeyPlace::QuickEditor,
        KeyPlace::ClaimsTable,
        KeyPlace::SearchWindow,
    ] {
        ui.add_space(6.0);
        ui.strong(place.heading());
        egui::Grid::new(("keys", place.heading()))
            .striped(true)
            .show(ui, |ui| {
                for help in KEY_GUIDE.iter().filter(|h| h.place == place) {
                    ui.label(help.keys);
                    ui.label(help.what);
                    ui.end_row();
                }
            });
    }
    ui.add_space(6.0);
    ui.weak("Tab moves between the widgets of the panel it is in, never into the menus.");
}

/// The addresses in what was typed: one per line (or separated by spaces), blank
/// lines ignored; each with whether it can be fetched.
fn typed_addresses(text: &str) -> Vec<(&str, bool)> {
    text.split_whitespace()
        .map(|a| {
            let lower = a.to_ascii_lowercase();
            let fetchable = crate::io::fetch::looks_like_address(a)
                && (lower.starts_with("http://") || lower.starts_with("https://"));
            (a, fetchable)
        })
        .collect()
}

/// The most lines of a report the dialog draws (a hostile file can give one per
/// item); Copy report copies them all.
const REPORT_LINES_SHOWN: usize = 500;

/// An import's report: its summary, then every line in a scrolling list that can be
/// copied; OK, Enter or Escape closes it.
fn report_ui(ctx: &egui::Context, title: &str, lines: &[String]) -> Answer {
    let mut done = false;
    egui::Modal::new(egui::Id::unique("import report")).show(ctx, |ui| {
        ui.set_max_width((ctx.content_rect().width() - 80.0).clamp(280.0, 760.0));
        ui.heading(title);
        let (summary, rest) = lines
            .split_first()
            .map_or(("", &[][..]), |(s, r)| (s.as_str(), r));
        ui.label(summary);
        if !rest.is_empty() {
            ui.add_space(4.0);
            // A fixed height: a scroll area that may shrink makes the dialog grow a
            // little every frame.
            let row = ui.text_style_height(&egui::TextStyle::Body) * 2.0;
            let height = (row * rest.len() as f32)
                .min(ctx.content_rect().height() * 0.5)
                .max(row);
            egui::ScrollArea::vertical()
                .max_height(height)
                .min_scrolled_height(height)
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    for line in rest.iter().take(REPORT_LINES_SHOWN) {
                        ui.add(egui::Label::new(format!("• {line}")).wrap());
                    }
                    if rest.len() > REPORT_LINES_SHOWN {
                        ui.weak(format!(
                            "… and {} more lines: Copy report copies them all",
                            rest.len() - REPORT_LINES_SHOWN
                        ));
                    }
                });
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("OK").clicked()
                || ui.input(|i| i.key_pressed(egui::Key::Enter) || i.key_pressed(egui::Key::Escape))
            {
                done = true;
            }
            if ui
                .button("Copy report")
                .on_hover_text("Copy every line of the report, to paste into a note or a message")
                .clicked()
            {
                ui.ctx().copy_text(format!("{title}\n{}", lines.join("\n")));
            }
        });
    });
    done.then(Vec::new)
}

fn address_prompt_ui(ctx: &egui::Context, text: &mut String) -> Answer {
    let mut done = None;
    egui::Modal::new(egui::Id::unique("address prompt")).show(ctx, |ui| {
        ui.heading("Import from address");
        // Taken before the field sees it (a multi-line field would take the Enter).
        let submit = ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::Enter));
        let label = ui.label("Addresses of web pages or PDFs (http or https), one per line");
        let response = ui
            .add(
                egui::TextEdit::multiline(text)
                    .desired_width(520.0)
                    .desired_rows(4)
                    .hint_text("https://…")
                    .id(egui::Id::unique("address prompt field")),
            )
            .labelled_by(label.id);
        if !response.has_focus() && !response.lost_focus() && text.is_empty() {
            response.request_focus();
        }
        let addresses = typed_addresses(text);
        let bad: Vec<&str> = addresses.iter().filter(|a| !a.1).map(|a| a.0).collect();
        if let Some(first) = bad.first() {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("Not an http or https address: {first}"),
            );
        } else if !addresses.is_empty() {
            ui.weak(format!(
                "{} address(es); each page is fetched, its article and metadata kept, with the time it was retrieved",
                addresses.len()
            ));
        }
        let ready = !addresses.is_empty() && bad.is_empty();
        ui.horizontal(|ui| {
            let import = ui
                .add_enabled(ready, egui::Button::new("Import"))
                .on_hover_text("Fetch the pages in the background (Ctrl+Enter)");
            if import.clicked() || (submit && ready) {
                done = Some(true);
            }
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                done = Some(false);
            }
        });
    });
    match done? {
        true => {
            let paths = typed_addresses(text)
                .into_iter()
                .map(|(a, _)| PathBuf::from(a))
                .collect();
            Some(vec![Command::ImportPaths(paths)])
        }
        false => Some(Vec::new()),
    }
}

#[cfg(test)]
mod key_guide_tests {
    use super::{KEY_GUIDE, KeyPlace};
    use crate::ui::claims_panel::TableKey;
    use crate::ui::reader::Motion;

    #[test]
    fn every_reading_key_listed_moves_the_caret_or_claims() {
        let reading: Vec<_> = KEY_GUIDE
            .iter()
            .filter(|h| h.place == KeyPlace::Reading)
            .flat_map(|h| h.presses.iter())
            .collect();
        assert!(reading.len() >= 12, "the reading keys are listed");
        for (modifiers, key) in reading {
            assert!(
                Motion::of_key(*key, *modifiers).is_some() || *key == egui::Key::Enter,
                "{modifiers:?}+{key:?} is listed for reading but the reader ignores it"
            );
        }
        assert!(
            KEY_GUIDE
                .iter()
                .any(|h| h.place == KeyPlace::Reading && h.keys.contains("Shift")),
            "selecting with Shift is listed"
        );
    }

    #[test]
    fn every_claims_table_key_listed_is_handled_by_the_table() {
        let table: Vec<_> = KEY_GUIDE
            .iter()
            .filter(|h| h.place == KeyPlace::ClaimsTable)
            .flat_map(|h| h.presses.iter())
            .collect();
        assert_eq!(table.len(), 15, "arrows, Home, End, Enter, Delete and 1-9");
        for (modifiers, key) in table {
            assert!(modifiers.is_none(), "{key:?} needs no modifier");
            assert!(
                TableKey::of(*key, 3, Some(1)).is_some(),
                "{key:?} is listed for the claims table but the table ignores it"
            );
        }
    }
}
