//! Document ▸ Details…: a window with a document's title, outlet, author,
//! address, publication date, language and notes. Every field edits the
//! document in the project directly: typing into one field is one undoable
//! step. Doubtful values are kept as typed, with a gentle warning under them.

use egui::{RichText, TextEdit, Ui};

use crate::edit::Edit;
use crate::model::{Document, DocumentId};

use super::command::Command;
use super::view::{View, ViewContext};

/// The window's title (also its accessible name).
pub const TITLE: &str = "Document details";

/// The warning under a Published value that is not an ISO date.
pub const DATE_WARNING: &str = "Not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): kept as typed";

/// The warning under an Address that is not a web address.
pub const ADDRESS_WARNING: &str =
    "Not a web address (http:// or https://): kept as typed, but it cannot be opened";

/// The details window: which document it shows, while it is open.
#[derive(Debug, Default)]
pub struct DocumentDetails {
    /// The document shown; `None` while the window is closed.
    pub document: Option<DocumentId>,
}

impl DocumentDetails {
    /// Opens the window on `document` (or shows it instead of the one shown).
    pub fn open(&mut self, document: DocumentId) {
        self.document = Some(document);
    }

    /// Whether the window is open.
    pub fn is_open(&self) -> bool {
        self.document.is_some()
    }
}

impl View for DocumentDetails {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let Some(id) = self.document else {
            return;
        };
        // The document may be gone (its import undone): then there is nothing to show.
        let Some(document) = cx.project().document(id) else {
            self.document = None;
            return;
        };
        let mut open = true;
        let mut commands = Vec::new();
        super::widgets::window(ui.ctx(), TITLE)
            .id(egui::Id::unique("document details window"))
            .open(&mut open)
            .collapsible(false)
            .default_width(460.0)
            .show(ui.ctx(), |ui| {
                commands = fields_ui(ui, document);
            });
        cx.extend(commands);
        if !open {
            self.document = None;
            // Typing after closing starts a new undo step.
            cx.push(Command::SealHistory);
        }
    }
}

/// One of the document's text fields: its label, the undo label, and where it lives.
struct Field {
    label: &'static str,
    undo: &'static str,
    key: &'static str,
    hint: &'static str,
    get: fn(&Document) -> &str,
    get_mut: fn(&mut Document) -> &mut String,
}

/// The one-line fields, in the order shown.
const FIELDS: [Field; 6] = [
    Field {
        label: "Title",
        undo: "Edit document title",
        key: "title",
        hint: "The article's headline",
        get: |d| &d.title,
        get_mut: |d| &mut d.title,
    },
    Field {
        label: "Outlet",
        undo: "Edit outlet",
        key: "outlet",
        hint: "The publication, like Kyiv Independent",
        get: |d| &d.outlet,
        get_mut: |d| &mut d.outlet,
    },
    Field {
        label: "Author",
        undo: "Edit author",
        key: "author",
        hint: "Who wrote it",
        get: |d| &d.author,
        get_mut: |d| &mut d.author,
    },
    Field {
        label: "Address",
        undo: "Edit address",
        key: "url",
        hint: "https://…",
        get: |d| &d.url,
        get_mut: |d| &mut d.url,
    },
    Field {
        label: "Published",
        undo: "Edit publication date",
        key: "published",
        hint: "YYYY-MM-DD, or YYYY-MM, or YYYY",
        get: |d| &d.published,
        get_mut: |d| &mut d.published,
    },
    Field {
        label: "Language",
        undo: "Edit language",
        key: "language",
        hint: "A BCP 47 tag, like en or uk",
        get: |d| &d.language,
        get_mut: |d| &mut d.language,
    },
];

/// The notes, shown last over the window's width.
const NOTES: Field = Field {
    label: "Notes",
    undo: "Edit document notes",
    key: "notes",
    hint: "Your notes on this document",
    get: |d| &d.notes,
    get_mut: |d| &mut d.notes,
};

/// The fields of `document`, each bound to the project's value; returns the
/// commands that carry what was typed.
fn fields_ui(ui: &mut Ui, document: &Document) -> Vec<Command> {
    let mut commands = Vec::new();
    let warn = ui.visuals().warn_fg_color;
    egui::Grid::new("document details fields")
        .num_columns(2)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            for field in &FIELDS {
                let label = ui.label(field.label);
                let mut value = (field.get)(document).to_owned();
                let response = ui
                    .add(
                        TextEdit::singleline(&mut value)
                            .id(field_id(field))
                            .hint_text(field.hint)
                            .desired_width(340.0),
                    )
                    .labelled_by(label.id);
                commands.extend(typed(&response, document, field, value));
                ui.end_row();
                let shown = (field.get)(document);
                let warning = match field.key {
                    "published" if !is_iso_date(shown) => Some(DATE_WARNING),
                    "url" if !is_web_address_or_empty(shown) => Some(ADDRESS_WARNING),
                    _ => None,
                };
                if let Some(warning) = warning {
                    ui.label("");
                    ui.label(RichText::new(format!("⚠ {warning}")).small().color(warn));
                    ui.end_row();
                }
            }
        });
    let label = ui.label(NOTES.label);
    let mut notes = document.notes.clone();
    let response = ui
        .add(
            TextEdit::multiline(&mut notes)
                .id(field_id(&NOTES))
                .hint_text(NOTES.hint)
                .desired_rows(5)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    commands.extend(typed(&response, document, &NOTES, notes));
    if !document.imported_from.is_empty() {
        let from = if document.retrieved.is_empty() {
            format!("Imported from {}", document.imported_from)
        } else {
            format!(
                "Fetched from {} on {}",
                document.imported_from,
                document.retrieved.replace('T', " ").replace('Z', " UTC")
            )
        };
        ui.label(RichText::new(from).small().weak());
    }
    commands
}

/// A field's id: stable while warnings come and go above it.
fn field_id(field: &Field) -> egui::Id {
    egui::Id::unique(("document details field", field.key))
}

/// The commands a typed-into field asks for: a coalescing edit while it
/// changes (one undo step per field and burst of typing), a seal when it loses focus.
fn typed(
    response: &egui::Response,
    document: &Document,
    field: &Field,
    value: String,
) -> Vec<Command> {
    let mut commands = Vec::new();
    if response.changed() {
        let mut changed = document.clone();
        *(field.get_mut)(&mut changed) = value;
        commands.push(Command::EditCoalescing {
            edit: Edit::UpdateDocument(Box::new(changed)),
            label: field.undo.to_owned(),
            key: format!("document {}:{}", field.key, document.id),
        });
    }
    if response.lost_focus() {
        commands.push(Command::SealHistory);
    }
    commands
}

/// Whether `date` is an ISO date as far as it is known: `YYYY`, `YYYY-MM` or
/// `YYYY-MM-DD`, with a real month and day. Empty counts as fine (not known).
pub fn is_iso_date(date: &str) -> bool {
    let date = date.trim();
    if date.is_empty() {
        return true;
    }
    let parts: Vec<&str> = date.split('-').collect();
    let number = |s: &str, len: usize| -> Option<u32> {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    match parts.as_slice() {
        [year] => number(year, 4).is_some(),
        [year, month] => number(year, 4).is_some() && number(month, 2).is_some_and(valid_month),
        [year, month, day] => {
            let (Some(year), Some(month), Some(day)) =
                (number(year, 4), number(month, 2), number(day, 2))
            else {
                return false;
            };
            valid_month(month) && day >= 1 && day <= days_in_month(year, month)
        }
        _ => false,
    }
}

fn valid_month(month: u32) -> bool {
    (1..=12).contains(&month)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Whether `url` is empty or an http(s) address with something after the scheme.
pub fn is_web_address_or_empty(url: &str) -> bool {
    let url = url.trim();
    if url.is_empty() {
        return true;
    }
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|rest| !rest.is_empty())
        && !url.chars().any(|c| c.is_control() || c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_iso_as_far_as_known() {
        for good in [
            "",
            "2022",
            "2022-06",
            "2022-06-15",
            "2024-02-29",
            " 2022-06-15 ",
        ] {
            assert!(is_iso_date(good), "{good:?}");
        }
        for bad in [
            "15 June 2022",
            "2022-6-15",
            "2022-13",
            "2022-06-31",
            "2023-02-29",
            "22",
            "2022-06-15T10:00",
            "2022--15",
            "２０２２",
        ] {
            assert!(!is_iso_date(bad), "{bad:?}");
        }
    }

    #[test]
    fn addresses_are_web_addresses_or_nothing() {
        for good in ["", "https://kyivindependent.com/x", "HTTP://example.org"] {
            assert!(is_web_address_or_empty(good), "{good:?}");
        }
        for bad in [
            "kyivindependent.com",
            "ftp://x",
            "https://",
            "https://a b",
            "file:///etc",
        ] {
            assert!(!is_web_address_or_empty(bad), "{bad:?}");
        }
    }
}
