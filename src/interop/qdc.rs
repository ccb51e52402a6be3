//! REFI-QDA codebooks (`.qdc`, namespace `urn:QDA-XML:codebook:1.0`): a project's
//! vocabulary written out as codes, and another tool's codes read in as tags,
//! stances and propositions.
//!
//! [`write_codebook`] writes the three code groups the `.qdpx` export writes
//! (same GUIDs, names and colours), holding the whole vocabulary rather than only
//! what claims use: "Tags" (the tags nested by their `/` path), "Stances" (the
//! stance scale) and "Propositions" (each proposition, its notes as the code's
//! description). It writes no `Sets`: the codebook schema lets a set hold only
//! codes, which says nothing the groups do not.
//!
//! [`read_codebook`] reads any tool's codebook through the bounded streaming
//! reader of [`crate::interop::xml`] into a tree of [`CodeNode`]s; GUIDs are kept
//! as written, UUID or not ("c001"). [`vocabulary_edit`] then turns the tree into
//! one undoable edit:
//!
//! - codes under a top-level group code (not codable) called "Stances" become
//!   stances, matched to the scale by name ignoring case; a stance already there
//!   keeps its colour (the report says when the codebook gives another);
//! - codes under a top-level group called "Propositions" become propositions,
//!   matched by text ignoring case; a new one takes the code's description as its
//!   notes;
//! - every other code becomes a tag whose path is the names of the codes it is
//!   nested in ("Negativ∕Aufgeregt/Rage"), matched to the project's tags by path
//!   ignoring case; codes under a top-level group called "Tags" lose that first
//!   level, so that our own codebooks come back as they went out;
//! - a code that is not codable and has codes in it is only a group: it makes no
//!   tag (or stance, or proposition) of its own, but its codes do; a codable code
//!   with codes in it makes an item and its codes make theirs;
//! - a colour is `#RRGGBB` or `#RGB`; a code without one (or with another form)
//!   takes the next colour of the palette;
//! - a new item takes the code's GUID as its id when that is a UUID the project
//!   does not use yet, so that two analysts importing one codebook share ids;
//!   otherwise (as for "c001") it gets a random id.
//!
//! A `/` inside one code's name ("Rejection / Antipathy", or the example
//! codebook's top-level "Negativ/Aufgeregt") is not a level of nesting: in the tag
//! path it becomes `∕` ([`NAME_SLASH`], U+2215 DIVISION SLASH), which looks the
//! same, and the exports write it back as `/`. Stance names and proposition texts
//! are not paths and keep their `/`.

use std::fmt::Write as _;

use crate::edit::Edit;
use crate::edit::names::{Names, Resolved, tidy_name};
use crate::export::GENERATOR;
use crate::export::qdpx::{self, CodeNode};
use crate::interop::xml::{self, Event, Limits, XmlError};
use crate::model::{Colour, Project, Proposition, PropositionId, Stance, StanceId, Tag, TagId};

pub use crate::export::qdpx::NAME_SLASH;

/// The namespace of REFI-QDA codebooks.
pub const NAMESPACE: &str = "urn:QDA-XML:codebook:1.0";

/// How much a codebook may hold: far more than any real code system.
const LIMITS: Limits = Limits {
    max_depth: 128,
    max_elements: 1_000_000,
    max_attributes: 64,
    max_text_bytes: 4 * 1024 * 1024,
};

/// The names of the top-level group codes that hold stances, propositions and tags.
const STANCES_GROUP: &str = "Stances";
/// See [`STANCES_GROUP`].
const PROPOSITIONS_GROUP: &str = "Propositions";
/// See [`STANCES_GROUP`].
const TAGS_GROUP: &str = "Tags";

/// The text of a `.qdc` file holding `project`'s whole vocabulary.
pub fn write_codebook(project: &Project) -> String {
    let tags: Vec<&Tag> = project.tags.iter().collect();
    let propositions: Vec<&Proposition> = project.propositions.iter().collect();
    let (groups, _) = qdpx::vocabulary_codes(project, &tags, &propositions);
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        xml,
        "<CodeBook xmlns=\"{NAMESPACE}\" origin=\"{}\">",
        qdpx::attr(GENERATOR)
    );
    xml.push_str("  <Codes>\n");
    for group in &groups {
        group.write(&mut xml, 2);
    }
    xml.push_str("  </Codes>\n</CodeBook>\n");
    xml
}

/// A codebook as read: its codes as a tree.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Codebook {
    /// The program that wrote it (its `origin`), empty when not given.
    pub origin: String,
    /// The top-level codes, each with the codes nested in it, in file order.
    pub codes: Vec<CodeNode>,
    /// How many sets it holds; they are read past, not imported.
    pub sets: usize,
    /// What was odd but readable (a colour of another form), one line each.
    pub warnings: Vec<String>,
}

impl Codebook {
    /// How many codes it holds, nested ones included.
    pub fn code_count(&self) -> usize {
        fn count(codes: &[CodeNode]) -> usize {
            codes.iter().map(|c| 1 + count(&c.children)).sum()
        }
        count(&self.codes)
    }
}

/// Why a codebook could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CodebookError {
    /// The XML is broken, too large, or not a codebook; says on which line.
    #[error("not a REFI-QDA codebook Triangulate can read: {0}")]
    Unreadable(XmlError),
    /// The codebook holds no code.
    #[error("the codebook holds no codes")]
    NoCodes,
}

// By hand, not `#[from]`: the message already holds the XML error's, and a
// source would print it twice in an error chain.
impl From<XmlError> for CodebookError {
    fn from(err: XmlError) -> Self {
        Self::Unreadable(err)
    }
}

/// Reads a `.qdc` file's bytes (UTF-8, or UTF-16 with a byte-order mark).
pub fn read_codebook(bytes: &[u8]) -> Result<Codebook, CodebookError> {
    let text = xml::decode(bytes)?;
    let mut codebook = Codebook::default();
    // The open elements, each with whether it is a code being read.
    let mut open: Vec<(String, bool)> = Vec::new();
    // The codes being read, outermost first.
    let mut codes: Vec<CodeNode> = Vec::new();
    xml::read(&text, &LIMITS, |event| {
        match event {
            Event::Start(element) => {
                let parent = open.last().map(|(name, _)| name.as_str());
                let is_code = element.name == "Code" && matches!(parent, Some("Codes" | "Code"));
                match (parent, element.name.as_str()) {
                    (None, "CodeBook") => {
                        codebook.origin = element.attr("origin").unwrap_or_default().to_owned();
                    }
                    (None, "Project") => {
                        return Err(
                            "the root element is <Project>, not <CodeBook>: this is a REFI-QDA project (the project.qde of a .qdpx)"
                                .into(),
                        );
                    }
                    (None, other) => {
                        return Err(format!("the root element is <{other}>, not <CodeBook>"));
                    }
                    (Some("Sets"), "Set") => codebook.sets += 1,
                    _ if is_code => codes.push(read_code(element, &mut codebook.warnings)?),
                    _ => {}
                }
                open.push((element.name.clone(), is_code));
            }
            Event::Text(text) => {
                let in_description = open.last().is_some_and(|(name, _)| name == "Description")
                    && open
                        .len()
                        .checked_sub(2)
                        .and_then(|at| open.get(at))
                        .is_some_and(|(_, is_code)| *is_code);
                if in_description && let Some(code) = codes.last_mut() {
                    code.description.push_str(text);
                }
            }
            Event::End(_) => {
                if let Some((_, true)) = open.pop()
                    && let Some(mut code) = codes.pop()
                {
                    code.description = code.description.trim().to_owned();
                    match codes.last_mut() {
                        Some(parent) => parent.children.push(code),
                        None => codebook.codes.push(code),
                    }
                }
            }
        }
        Ok(())
    })?;
    if codebook.codes.is_empty() {
        return Err(CodebookError::NoCodes);
    }
    Ok(codebook)
}

/// A code from its element's attributes (its description and codes come later).
fn read_code(element: &xml::Element, warnings: &mut Vec<String>) -> Result<CodeNode, String> {
    let name = element
        .attr("name")
        .ok_or("a <Code> has no name attribute")?
        .to_owned();
    let codable = match element.attr("isCodable").map(str::trim) {
        // The standard's default, as QualCoder reads it too.
        None => true,
        Some("true" | "1") => true,
        Some("false" | "0") => false,
        Some(other) => {
            return Err(format!(
                "the code “{name}” has isCodable=“{other}”; it must be true or false"
            ));
        }
    };
    let colour = match element.attr("color") {
        None => None,
        Some(text) => {
            let colour = parse_colour(text);
            if colour.is_none() {
                warnings.push(format!(
                    "the code “{name}” has the colour “{text}”, not #RRGGBB or #RGB: it gets a colour of the palette"
                ));
            }
            colour
        }
    };
    Ok(CodeNode {
        guid: element.attr("guid").unwrap_or_default().trim().to_owned(),
        name,
        codable,
        colour,
        description: String::new(),
        children: Vec::new(),
    })
}

/// A colour written `#RRGGBB` or `#RGB` (either case).
pub fn parse_colour(text: &str) -> Option<Colour> {
    let text = text.trim();
    let hex = text.strip_prefix('#')?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    match hex.len() {
        6 => text.parse().ok(),
        3 => {
            let mut channels = hex.chars().filter_map(|c| c.to_digit(16));
            let mut next = || channels.next().and_then(|d| u8::try_from(d * 17).ok());
            Some(Colour::rgb(next()?, next()?, next()?))
        }
        _ => None,
    }
}

/// What importing a codebook into a project would do.
#[derive(Clone, Debug, PartialEq)]
pub struct VocabularyImport {
    /// One [`Edit::Batch`] adding the new tags, stances and propositions: one undo step.
    pub edit: Edit,
    /// What was added, matched and left out, one line each, for the analyst.
    pub report: Vec<String>,
    /// Tags added.
    pub tags_added: usize,
    /// Codes that are tags the project already has (matched by path, ignoring case).
    pub tags_matched: usize,
    /// Stances added to the scale.
    pub stances_added: usize,
    /// Codes that are stances the scale already has (matched by name, ignoring case).
    pub stances_matched: usize,
    /// Propositions added.
    pub propositions_added: usize,
    /// Codes that are propositions the project already has (matched by text, ignoring case).
    pub propositions_matched: usize,
}

impl VocabularyImport {
    /// Whether the import adds anything.
    pub fn adds_anything(&self) -> bool {
        !self.edit.is_empty()
    }
}

/// Which kind of item a code becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Tag,
    Stance,
    Proposition,
}

/// Counts and notes gathered while walking the codes.
struct Walk<'a> {
    project: &'a Project,
    names: Names<'a>,
    import: VocabularyImport,
    /// Ids already given to new items (ids are unique across kinds, to be safe).
    used_ids: std::collections::HashSet<u128>,
    colours_kept: Vec<String>,
    slashed: Vec<String>,
    repeated: usize,
    unnamed: usize,
    descriptions_dropped: usize,
}

/// The edit that adds `codebook`'s codes to `project`'s vocabulary, and a report
/// of it. See the module documentation for the mapping.
pub fn vocabulary_edit(project: &Project, codebook: &Codebook) -> VocabularyImport {
    let mut walk = Walk {
        project,
        names: Names::new(project),
        import: VocabularyImport {
            edit: Edit::Batch(Vec::new()),
            report: Vec::new(),
            tags_added: 0,
            tags_matched: 0,
            stances_added: 0,
            stances_matched: 0,
            propositions_added: 0,
            propositions_matched: 0,
        },
        used_ids: std::collections::HashSet::new(),
        colours_kept: Vec::new(),
        slashed: Vec::new(),
        repeated: 0,
        unnamed: 0,
        descriptions_dropped: 0,
    };
    for code in &codebook.codes {
        let group = (!code.codable).then(|| code.name.trim());
        match group {
            Some(name) if name.eq_ignore_ascii_case(STANCES_GROUP) => {
                walk.children(code, Kind::Stance, "");
            }
            Some(name) if name.eq_ignore_ascii_case(PROPOSITIONS_GROUP) => {
                walk.children(code, Kind::Proposition, "");
            }
            Some(name) if name.eq_ignore_ascii_case(TAGS_GROUP) => {
                walk.children(code, Kind::Tag, "");
            }
            _ => walk.code(code, Kind::Tag, ""),
        }
    }
    walk.finish(codebook)
}

impl Walk<'_> {
    /// Adds the codes nested in `code`, under the tag path `prefix`.
    fn children(&mut self, code: &CodeNode, kind: Kind, prefix: &str) {
        for child in &code.children {
            self.code(child, kind, prefix);
        }
    }

    /// Adds `code` (unless it is only a group) and the codes nested in it.
    fn code(&mut self, code: &CodeNode, kind: Kind, prefix: &str) {
        let name = tidy_name(&code.name);
        if name.is_empty() {
            // Nothing to call it by: its codes go where it stands.
            self.unnamed += 1;
            self.children(code, kind, prefix);
            return;
        }
        let segment = if name.contains('/') && kind == Kind::Tag {
            self.slashed.push(name.clone());
            name.replace('/', &NAME_SLASH.to_string())
        } else {
            name.clone()
        };
        let path = if prefix.is_empty() {
            segment
        } else {
            format!("{prefix}/{segment}")
        };
        let only_a_group = !code.codable && !code.children.is_empty();
        if only_a_group && !code.description.is_empty() {
            self.descriptions_dropped += 1;
        }
        if !only_a_group {
            match kind {
                Kind::Tag => self.tag(code, &path),
                Kind::Stance => self.stance(code, &name),
                Kind::Proposition => self.proposition(code, &name),
            }
        }
        self.children(code, kind, &path);
    }

    /// A new id for an item: the code's GUID when it is a UUID nobody uses yet.
    fn id<Id: std::str::FromStr + Copy>(
        &mut self,
        code: &CodeNode,
        taken: impl Fn(Id) -> bool,
        as_u128: impl Fn(Id) -> u128,
        random: impl Fn() -> Id,
    ) -> Id {
        let id = code
            .guid
            .trim_matches(|c| c == '{' || c == '}')
            .parse::<Id>()
            .ok()
            .filter(|&id| !taken(id) && !self.used_ids.contains(&as_u128(id)))
            .unwrap_or_else(random);
        self.used_ids.insert(as_u128(id));
        id
    }

    /// Counts what adopting an item with the id `proposed` gave; the id of the
    /// item the project had already, if it was one.
    fn tally<Id: PartialEq>(&mut self, kind: Kind, proposed: Id, got: Resolved<Id>) -> Option<Id> {
        let import = &mut self.import;
        let (added, matched) = match kind {
            Kind::Tag => (&mut import.tags_added, &mut import.tags_matched),
            Kind::Stance => (&mut import.stances_added, &mut import.stances_matched),
            Kind::Proposition => (
                &mut import.propositions_added,
                &mut import.propositions_matched,
            ),
        };
        match got {
            Resolved::New(made) if made == proposed => *added += 1,
            Resolved::New(_) => self.repeated += 1,
            Resolved::Existing(existing) => {
                *matched += 1;
                return Some(existing);
            }
        }
        None
    }

    fn tag(&mut self, code: &CodeNode, path: &str) {
        let project = self.project;
        let id = self.id(
            code,
            |id| project.tag(id).is_some(),
            |id: TagId| id.as_u128(),
            TagId::random,
        );
        let colour = code
            .colour
            .unwrap_or_else(|| Colour::palette(project.tags.len() + self.import.tags_added));
        let path = path.to_owned();
        let got = self.names.adopt_tag(Tag { id, path, colour });
        self.tally(Kind::Tag, id, got);
        if !code.description.is_empty() {
            self.descriptions_dropped += 1;
        }
    }

    fn stance(&mut self, code: &CodeNode, name: &str) {
        let project = self.project;
        let id = self.id(
            code,
            |id| project.stance(id).is_some(),
            |id: StanceId| id.as_u128(),
            StanceId::random,
        );
        let colour = code
            .colour
            .unwrap_or_else(|| Colour::palette(project.stances.len() + self.import.stances_added));
        let name = name.to_owned();
        let got = self.names.adopt_stance(Stance { id, name, colour });
        if let Some(existing) = self.tally(Kind::Stance, id, got)
            && let (Some(given), Some(stance)) = (code.colour, project.stance(existing))
            && given != stance.colour
        {
            self.colours_kept.push(format!(
                "the stance “{}” keeps its colour {} (the codebook gives {given})",
                stance.name, stance.colour
            ));
        }
        if !code.description.is_empty() {
            self.descriptions_dropped += 1;
        }
    }

    fn proposition(&mut self, code: &CodeNode, text: &str) {
        let project = self.project;
        let id = self.id(
            code,
            |id| project.proposition(id).is_some(),
            |id: PropositionId| id.as_u128(),
            PropositionId::random,
        );
        let text = text.to_owned();
        let notes = code.description.clone();
        let got = self
            .names
            .adopt_proposition(Proposition { id, text, notes });
        self.tally(Kind::Proposition, id, got);
    }

    /// The import, with its edit and report.
    fn finish(self, codebook: &Codebook) -> VocabularyImport {
        let mut import = self.import;
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let kinds = [
            (
                "tag",
                "tags",
                import.tags_added,
                import.tags_matched,
                "path",
            ),
            (
                "stance",
                "stances",
                import.stances_added,
                import.stances_matched,
                "name",
            ),
            (
                "proposition",
                "propositions",
                import.propositions_added,
                import.propositions_matched,
                "text",
            ),
        ];
        for (one, many, added, matched, by) in kinds {
            // A kind the codebook has none of is not worth a line.
            if added + matched > 0 {
                import.report.push(format!(
                    "{} added, {matched} already there (matched by {by}, ignoring case)",
                    plural(added, one, many)
                ));
            }
        }
        if import.report.is_empty() {
            import.report.push(
                "the codebook holds no code that could become a tag, stance or proposition".into(),
            );
        }
        import.report.extend(self.colours_kept);
        if let Some(first) = self.slashed.first() {
            import.report.push(format!(
                "{} held “/” in one name (as “{first}”): kept as “{NAME_SLASH}”, so that the name stays one level of the tag path",
                plural(self.slashed.len(), "code", "codes")
            ));
        }
        if self.repeated > 0 {
            import.report.push(format!(
                "{} repeated a name already in the codebook and became one item with it",
                plural(self.repeated, "code", "codes")
            ));
        }
        if self.unnamed > 0 {
            import.report.push(format!(
                "{} had no name and were skipped (the codes in them were not)",
                plural(self.unnamed, "code", "codes")
            ));
        }
        if self.descriptions_dropped > 0 {
            import.report.push(format!(
                "{} of tags, stances or groups of codes were not kept: only propositions have notes",
                plural(self.descriptions_dropped, "description", "descriptions")
            ));
        }
        if codebook.sets > 0 {
            import.report.push(format!(
                "{} not imported: Triangulate has no sets of codes",
                plural(codebook.sets, "set was", "sets were")
            ));
        }
        import.report.extend(codebook.warnings.iter().cloned());
        import.edit = Edit::Batch(self.names.into_edits());
        import
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_come_in_two_lengths() {
        assert_eq!(parse_colour("#C95858"), Some(Colour::rgb(0xc9, 0x58, 0x58)));
        assert_eq!(parse_colour("#e57373"), Some(Colour::rgb(0xe5, 0x73, 0x73)));
        assert_eq!(parse_colour("#0aF"), Some(Colour::rgb(0x00, 0xaa, 0xff)));
        for bad in ["red", "#12345", "c95858", "#ggg", "#+12"] {
            assert_eq!(parse_colour(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_project_file_or_other_root_is_refused() {
        let err =
            read_codebook(b"<?xml version=\"1.0\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\"/>")
                .expect_err("a project");
        assert!(err.to_string().contains("line 2"), "{err}");
        assert!(err.to_string().contains("a REFI-QDA project"), "{err}");
        let err = read_codebook(b"<html/>").expect_err("html");
        assert!(err.to_string().contains("<html>"), "{err}");
        let empty = format!("<CodeBook xmlns=\"{NAMESPACE}\"><Codes/></CodeBook>");
        assert_eq!(read_codebook(empty.as_bytes()), Err(CodebookError::NoCodes));
    }

    #[test]
    fn codes_nest_and_groups_make_no_tag() {
        let xml = format!(
            "<CodeBook xmlns=\"{NAMESPACE}\"><Codes>\
             <Code guid=\"g1\" name=\"casualties\" isCodable=\"false\">\
               <Description> Deaths  </Description>\
               <Code guid=\"g2\" name=\"civilian\" isCodable=\"true\" color=\"#abc\"/>\
             </Code>\
             <Code guid=\"g3\" name=\"Humor / Amusement\" isCodable=\"true\"/>\
             <Code guid=\"g4\" name=\"Stances\" isCodable=\"false\">\
               <Code guid=\"g5\" name=\"supports\" isCodable=\"true\" color=\"#000000\"/>\
               <Code guid=\"g6\" name=\"Rejects\" isCodable=\"true\"/>\
             </Code>\
             </Codes><Sets><Set guid=\"s\" name=\"s\"/></Sets></CodeBook>"
        );
        let codebook = read_codebook(xml.as_bytes()).expect("reads");
        assert_eq!(codebook.code_count(), 6);
        assert_eq!(codebook.sets, 1);
        assert_eq!(
            codebook.codes.first().map(|c| c.description.as_str()),
            Some("Deaths")
        );
        let project = Project::default();
        let import = vocabulary_edit(&project, &codebook);
        assert_eq!((import.tags_added, import.tags_matched), (2, 0));
        assert_eq!((import.stances_added, import.stances_matched), (1, 1));
        let mut imported = project.clone();
        crate::edit::apply(&mut imported, import.edit.clone()).expect("applies");
        let paths: Vec<&str> = imported.tags.iter().map(|t| t.path.as_str()).collect();
        assert_eq!(paths, ["casualties/civilian", "Humor ∕ Amusement"]);
        assert_eq!(
            imported.tags.first().map(|t| t.colour),
            Some(Colour::rgb(0xaa, 0xbb, 0xcc))
        );
        assert!(imported.stance_by_name("Rejects").is_some());
        let report = import.report.join("\n");
        assert!(report.contains("“Supports” keeps its colour"), "{report}");
        assert!(report.contains("1 set was not imported"), "{report}");
        assert!(report.contains("Humor / Amusement"), "{report}");
        assert!(report.contains("1 description"), "{report}");
        // Written back, the slash inside the name is a slash again.
        let written = write_codebook(&imported);
        assert!(written.contains("name=\"Humor / Amusement\""), "{written}");
    }
}
