//! `project.qde` read into plain data, before any mapping: a streaming pass
//! over the XML that keeps what the import maps and counts what it leaves out.

use std::collections::HashMap;

use super::QdpxError;
use crate::export::qdpx::NAMESPACE;
use crate::interop::xml::{self, Element, Event};

/// `project.qde` as read, before any mapping.
#[derive(Debug, Default)]
pub(super) struct Qde {
    pub(super) name: String,
    pub(super) origin: String,
    pub(super) description: String,
    pub(super) note_refs: Vec<String>,
    pub(super) users: Vec<(String, String)>,
    pub(super) codes: Vec<CodeDef>,
    pub(super) variables: HashMap<String, String>,
    pub(super) cases: Vec<CaseDef>,
    pub(super) sources: Vec<SourceDef>,
    pub(super) notes: Vec<NoteDef>,
    pub(super) sets: Vec<SetDef>,
    pub(super) links: usize,
    pub(super) graphs: usize,
}

/// A `Code`, with the index of the code it is nested in.
#[derive(Debug, Default)]
pub(super) struct CodeDef {
    pub(super) guid: String,
    pub(super) name: String,
    pub(super) codable: bool,
    pub(super) colour: Option<String>,
    pub(super) description: String,
    pub(super) note_refs: Vec<String>,
    pub(super) parent: Option<usize>,
}

/// A `Case`: its selections and whole sources.
#[derive(Debug, Default)]
pub(super) struct CaseDef {
    pub(super) guid: String,
    pub(super) name: String,
    pub(super) description: String,
    pub(super) selections: Vec<String>,
    pub(super) sources: Vec<String>,
    pub(super) note_refs: Vec<String>,
}

/// What kind of source an element is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SourceKind {
    Text,
    Pdf,
    Representation,
    Other,
}

/// A source (or a PDF's `Representation`), with its selections and what is
/// counted of the rest.
#[derive(Debug)]
pub(super) struct SourceDef {
    pub(super) kind: SourceKind,
    pub(super) element: String,
    pub(super) guid: String,
    pub(super) name: String,
    pub(super) plain_text_path: Option<String>,
    pub(super) path: Option<String>,
    pub(super) content: Option<String>,
    pub(super) description: String,
    pub(super) selections: Vec<SelectionDef>,
    pub(super) other_selections: usize,
    pub(super) other_codings: usize,
    pub(super) whole_codings: usize,
    pub(super) note_refs: Vec<String>,
    pub(super) values: Vec<(String, String)>,
    pub(super) representation: Option<usize>,
    pub(super) top: bool,
}

/// A `PlainTextSelection`: its positions as written, and the codes of its
/// codings, each with the coding's user.
#[derive(Debug, Default)]
pub(super) struct SelectionDef {
    pub(super) guid: String,
    pub(super) start: String,
    pub(super) end: String,
    pub(super) user: Option<String>,
    pub(super) created: Option<String>,
    pub(super) modified: Option<String>,
    pub(super) description: String,
    pub(super) codes: Vec<(String, Option<String>)>,
    pub(super) note_refs: Vec<String>,
}

/// A `Note`: its text inline or in an archive entry.
#[derive(Debug, Default)]
pub(super) struct NoteDef {
    pub(super) guid: String,
    pub(super) name: String,
    pub(super) description: String,
    pub(super) content: Option<String>,
    pub(super) path: Option<String>,
}

/// A `Set`, counted: sets are reported, not imported.
#[derive(Debug, Default)]
pub(super) struct SetDef {
    pub(super) name: String,
    pub(super) codes: usize,
    pub(super) sources: usize,
    pub(super) notes: usize,
}

/// Where captured text goes.
#[derive(Clone, Copy, Debug)]
enum Capture {
    ProjectDescription,
    Code(usize),
    Case(usize),
    Source(usize),
    SourceContent(usize),
    Selection(usize, usize),
    Note(usize),
    NoteContent(usize),
    Value,
}

/// What an open element is, for the elements inside it.
#[derive(Clone, Debug)]
enum Open {
    Code(usize),
    Case(usize),
    Source(usize),
    Selection(usize, usize),
    Coding(Option<String>),
    Note(usize),
    Set(usize),
    Value {
        variable: String,
        text: String,
    },
    Capture(Capture),
    /// An element whose content is not imported; codings inside are counted.
    Ignored,
}

/// The longest text captured from one element: a document's text may be this long.
const MAX_CAPTURE_BYTES: usize = 256 * 1024 * 1024;

/// The state of the pass over `project.qde`.
struct Parser {
    qde: Qde,
    open: Vec<(usize, Open)>,
    depth: usize,
    buffer: String,
    root: Option<String>,
}

/// Reads `project.qde`.
pub(super) fn parse(text: &str, entry: &str) -> Result<Qde, QdpxError> {
    let mut parser = Parser {
        qde: Qde::default(),
        open: Vec::new(),
        depth: 0,
        buffer: String::new(),
        root: None,
    };
    let result = xml::read(text, &xml::Limits::DEFAULT, |event| parser.on(event));
    let not_refi = |reason: String| QdpxError::NotRefi {
        entry: entry.to_owned(),
        reason,
    };
    match parser.root.as_deref() {
        Some("Project") | None => {}
        Some("CodeBook") => {
            return Err(not_refi(
                "it is a REFI-QDA codebook (codes only, no documents), not a project".into(),
            ));
        }
        Some(other) => {
            return Err(not_refi(format!(
                "its root element is <{other}>, not <Project>"
            )));
        }
    }
    result.map_err(|error| QdpxError::Xml {
        entry: entry.to_owned(),
        error,
    })?;
    if !text.contains(NAMESPACE) {
        return Err(not_refi(format!(
            "its <Project> is not in the namespace {NAMESPACE}"
        )));
    }
    Ok(parser.qde)
}

/// The element names of the kinds of source.
const SOURCE_ELEMENTS: [&str; 5] = [
    "TextSource",
    "PDFSource",
    "PictureSource",
    "AudioSource",
    "VideoSource",
];

/// The kinds of selection that are not of text.
const OTHER_SELECTIONS: [&str; 5] = [
    "PictureSelection",
    "PDFSelection",
    "AudioSelection",
    "VideoSelection",
    "TranscriptSelection",
];

impl Parser {
    fn on(&mut self, event: Event<'_>) -> Result<(), String> {
        match event {
            Event::Start(element) => self.start(element),
            Event::Text(text) => {
                if matches!(self.open.last(), Some((_, Open::Capture(_)))) {
                    if self.buffer.len() + text.len() > MAX_CAPTURE_BYTES {
                        return Err(format!(
                            "a text of more than {MAX_CAPTURE_BYTES} bytes; the file is refused"
                        ));
                    }
                    self.buffer.push_str(text);
                }
                Ok(())
            }
            Event::End(_) => {
                self.end();
                Ok(())
            }
        }
    }

    /// The innermost open element of a kind, as `pick` finds it.
    fn find<T>(&self, pick: impl Fn(&Open) -> Option<T>) -> Option<T> {
        self.open.iter().rev().find_map(|(_, open)| pick(open))
    }

    fn ignoring(&self) -> bool {
        self.open.iter().any(|(_, o)| matches!(o, Open::Ignored))
    }

    fn source(&self) -> Option<usize> {
        self.find(|o| match o {
            Open::Source(i) => Some(*i),
            _ => None,
        })
    }

    fn push(&mut self, open: Open) {
        self.open.push((self.depth, open));
    }

    fn start(&mut self, e: &Element) -> Result<(), String> {
        let parent = self.open.last().map(|(_, o)| o.clone());
        self.depth += 1;
        if self.root.is_none() {
            self.root = Some(e.name.clone());
            if e.name != "Project" {
                return Err("not a project".into());
            }
            self.qde.name = e.attr("name").unwrap_or_default().to_owned();
            self.qde.origin = e.attr("origin").unwrap_or_default().to_owned();
            return Ok(());
        }
        let attr = |name: &str| e.attr(name).unwrap_or_default().to_owned();
        let opt = |name: &str| e.attr(name).map(str::to_owned);
        if self.ignoring() {
            if e.name == "Coding"
                && let Some(source) = self.source()
                && let Some(s) = self.qde.sources.get_mut(source)
            {
                s.other_codings += 1;
            }
            return Ok(());
        }
        match e.name.as_str() {
            "User" => self.qde.users.push((
                attr("guid"),
                e.attr("name")
                    .or_else(|| e.attr("id"))
                    .unwrap_or_default()
                    .to_owned(),
            )),
            "Code" if matches!(parent, None | Some(Open::Code(_))) => {
                let index = self.qde.codes.len();
                self.qde.codes.push(CodeDef {
                    guid: attr("guid"),
                    name: attr("name"),
                    codable: e
                        .attr("isCodable")
                        .is_none_or(|v| v.trim() != "false" && v.trim() != "0"),
                    colour: opt("color"),
                    parent: match parent {
                        Some(Open::Code(p)) => Some(p),
                        _ => None,
                    },
                    ..CodeDef::default()
                });
                self.push(Open::Code(index));
            }
            "Variable" if parent.is_none() => {
                self.qde
                    .variables
                    .insert(guid_key(&attr("guid")), attr("name"));
            }
            "Case" if parent.is_none() => {
                self.qde.cases.push(CaseDef {
                    guid: attr("guid"),
                    name: attr("name"),
                    ..CaseDef::default()
                });
                self.push(Open::Case(self.qde.cases.len() - 1));
            }
            "SelectionRef" | "SourceRef" => {
                if let Some(Open::Case(case)) = parent
                    && let Some(c) = self.qde.cases.get_mut(case)
                {
                    let target = attr("targetGUID");
                    if e.name == "SelectionRef" {
                        c.selections.push(target);
                    } else {
                        c.sources.push(target);
                    }
                }
            }
            name if (parent.is_none() && SOURCE_ELEMENTS.contains(&name))
                || (name == "Representation" && matches!(parent, Some(Open::Source(_)))) =>
            {
                let kind = match name {
                    "TextSource" => SourceKind::Text,
                    "PDFSource" => SourceKind::Pdf,
                    "Representation" => SourceKind::Representation,
                    _ => SourceKind::Other,
                };
                let index = self.qde.sources.len();
                self.qde.sources.push(SourceDef {
                    kind,
                    element: name.to_owned(),
                    guid: attr("guid"),
                    name: attr("name"),
                    plain_text_path: opt("plainTextPath"),
                    path: opt("path"),
                    content: None,
                    description: String::new(),
                    selections: Vec::new(),
                    other_selections: 0,
                    other_codings: 0,
                    whole_codings: 0,
                    note_refs: Vec::new(),
                    values: Vec::new(),
                    representation: None,
                    top: kind != SourceKind::Representation,
                });
                if let Some(Open::Source(owner)) = parent
                    && let Some(o) = self.qde.sources.get_mut(owner)
                    && o.representation.is_none()
                {
                    o.representation = Some(index);
                }
                self.push(Open::Source(index));
            }
            "PlainTextSelection" => {
                if let Some(Open::Source(source)) = parent
                    && let Some(s) = self.qde.sources.get_mut(source)
                {
                    s.selections.push(SelectionDef {
                        guid: attr("guid"),
                        start: attr("startPosition"),
                        end: attr("endPosition"),
                        user: opt("creatingUser"),
                        created: opt("creationDateTime"),
                        modified: opt("modifiedDateTime"),
                        ..SelectionDef::default()
                    });
                    let at = s.selections.len() - 1;
                    self.push(Open::Selection(source, at));
                } else {
                    self.push(Open::Ignored);
                }
            }
            name if OTHER_SELECTIONS.contains(&name)
                || matches!(name, "Transcript" | "TextDescription" | "Graph" | "Link") =>
            {
                if let Some(source) = self.source()
                    && let Some(s) = self.qde.sources.get_mut(source)
                    && OTHER_SELECTIONS.contains(&name)
                {
                    s.other_selections += 1;
                }
                match name {
                    "Graph" => self.qde.graphs += 1,
                    "Link" => self.qde.links += 1,
                    _ => {}
                }
                self.push(Open::Ignored);
            }
            "Coding" => match parent {
                Some(Open::Selection(..)) => self.push(Open::Coding(opt("creatingUser"))),
                Some(Open::Source(source)) => {
                    if let Some(s) = self.qde.sources.get_mut(source) {
                        s.whole_codings += 1;
                    }
                    self.push(Open::Ignored);
                }
                _ => self.push(Open::Ignored),
            },
            "CodeRef" => {
                if let Some(Open::Coding(user)) = parent
                    && let Some(Open::Selection(source, at)) =
                        self.open.iter().rev().nth(1).map(|(_, o)| o.clone())
                    && let Some(selection) = self
                        .qde
                        .sources
                        .get_mut(source)
                        .and_then(|s| s.selections.get_mut(at))
                {
                    selection.codes.push((attr("targetGUID"), user));
                }
            }
            "NoteRef" => {
                let target = attr("targetGUID");
                let owner = match &parent {
                    Some(Open::Coding(_)) => self.open.iter().rev().nth(1).map(|(_, o)| o.clone()),
                    other => other.clone(),
                };
                match owner {
                    None => self.qde.note_refs.push(target),
                    Some(Open::Selection(source, at)) => {
                        if let Some(s) = self
                            .qde
                            .sources
                            .get_mut(source)
                            .and_then(|s| s.selections.get_mut(at))
                        {
                            s.note_refs.push(target);
                        }
                    }
                    Some(Open::Source(source)) => {
                        if let Some(s) = self.qde.sources.get_mut(source) {
                            s.note_refs.push(target);
                        }
                    }
                    Some(Open::Code(code)) => {
                        if let Some(c) = self.qde.codes.get_mut(code) {
                            c.note_refs.push(target);
                        }
                    }
                    Some(Open::Case(case)) => {
                        if let Some(c) = self.qde.cases.get_mut(case) {
                            c.note_refs.push(target);
                        }
                    }
                    _ => {}
                }
            }
            "Note" if parent.is_none() => {
                self.qde.notes.push(NoteDef {
                    guid: attr("guid"),
                    name: attr("name"),
                    path: opt("plainTextPath"),
                    ..NoteDef::default()
                });
                self.push(Open::Note(self.qde.notes.len() - 1));
            }
            "Set" if parent.is_none() => {
                self.qde.sets.push(SetDef {
                    name: attr("name"),
                    ..SetDef::default()
                });
                self.push(Open::Set(self.qde.sets.len() - 1));
            }
            "MemberCode" | "MemberSource" | "MemberNote" => {
                if let Some(Open::Set(set)) = parent
                    && let Some(s) = self.qde.sets.get_mut(set)
                {
                    match e.name.as_str() {
                        "MemberCode" => s.codes += 1,
                        "MemberSource" => s.sources += 1,
                        _ => s.notes += 1,
                    }
                }
            }
            "VariableValue" => match parent {
                Some(Open::Source(_)) => self.push(Open::Value {
                    variable: String::new(),
                    text: String::new(),
                }),
                _ => self.push(Open::Ignored),
            },
            "VariableRef" => {
                if let Some((_, Open::Value { variable, .. })) = self.open.last_mut() {
                    *variable = attr("targetGUID");
                }
            }
            "TextValue" | "BooleanValue" | "IntegerValue" | "FloatValue" | "DateValue"
            | "DateTimeValue" => {
                if matches!(parent, Some(Open::Value { .. })) {
                    self.buffer.clear();
                    self.push(Open::Capture(Capture::Value));
                }
            }
            "Description" | "PlainTextContent" => {
                let content = e.name == "PlainTextContent";
                let capture = match parent {
                    None if !content => Some(Capture::ProjectDescription),
                    Some(Open::Code(i)) if !content => Some(Capture::Code(i)),
                    Some(Open::Case(i)) if !content => Some(Capture::Case(i)),
                    Some(Open::Source(i)) if content => Some(Capture::SourceContent(i)),
                    Some(Open::Source(i)) => Some(Capture::Source(i)),
                    Some(Open::Selection(s, at)) if !content => Some(Capture::Selection(s, at)),
                    Some(Open::Note(i)) if content => Some(Capture::NoteContent(i)),
                    Some(Open::Note(i)) => Some(Capture::Note(i)),
                    _ => None,
                };
                match capture {
                    Some(capture) => {
                        self.buffer.clear();
                        self.push(Open::Capture(capture));
                    }
                    None => self.push(Open::Ignored),
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self) {
        let depth = self.depth;
        self.depth = self.depth.saturating_sub(1);
        let Some((at, _)) = self.open.last() else {
            return;
        };
        if *at != depth {
            return;
        }
        let Some((_, open)) = self.open.pop() else {
            return;
        };
        let text = std::mem::take(&mut self.buffer);
        let qde = &mut self.qde;
        match open {
            Open::Capture(Capture::Value) => {
                if let Some((_, Open::Value { text: value, .. })) = self.open.last_mut() {
                    *value = text;
                }
            }
            Open::Capture(capture) => match capture {
                Capture::ProjectDescription => qde.description = text,
                Capture::Code(i) => set(qde.codes.get_mut(i).map(|c| &mut c.description), text),
                Capture::Case(i) => set(qde.cases.get_mut(i).map(|c| &mut c.description), text),
                Capture::Source(i) => {
                    set(qde.sources.get_mut(i).map(|s| &mut s.description), text);
                }
                Capture::SourceContent(i) => {
                    if let Some(s) = qde.sources.get_mut(i) {
                        s.content = Some(text);
                    }
                }
                Capture::Selection(s, at) => set(
                    qde.sources
                        .get_mut(s)
                        .and_then(|s| s.selections.get_mut(at))
                        .map(|s| &mut s.description),
                    text,
                ),
                Capture::Note(i) => set(qde.notes.get_mut(i).map(|n| &mut n.description), text),
                Capture::NoteContent(i) => {
                    if let Some(n) = qde.notes.get_mut(i) {
                        n.content = Some(text);
                    }
                }
                Capture::Value => {}
            },
            Open::Value { variable, text } => {
                if let Some(source) = self.source()
                    && let Some(s) = self.qde.sources.get_mut(source)
                {
                    s.values.push((variable, text));
                }
            }
            _ => {}
        }
    }
}

/// Puts `text` into `slot`, when there is one.
fn set(slot: Option<&mut String>, text: String) {
    if let Some(slot) = slot {
        *slot = text;
    }
}

/// A GUID as a key: lower case, without braces or surrounding space.
pub(super) fn guid_key(guid: &str) -> String {
    let guid = guid.trim();
    let guid = guid
        .strip_prefix('{')
        .and_then(|g| g.strip_suffix('}'))
        .unwrap_or(guid);
    guid.trim().to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_compare_without_case_or_braces() {
        assert_eq!(
            guid_key(" {AB12CD34-0000-4000-8000-00000000000A} "),
            "ab12cd34-0000-4000-8000-00000000000a"
        );
    }
}
