//! REFI-QDA (`.qdpx`): the exchange format of NVivo, ATLAS.ti, MAXQDA and QualCoder.
//!
//! A zip archive holding `project.qde` (QDA-XML 1.0, namespace
//! `urn:QDA-XML:project:1.0`) and `sources/<guid>.txt`, the plain text of each
//! document in UTF-8 (LF line endings, no byte-order mark). Positions of
//! `PlainTextSelection`s count Unicode code points of that text from 0, the end
//! being the position just past the last selected character, as the standard (and
//! QualCoder) count them; with [`QdpxOffsets::Utf16`] they count UTF-16 code units
//! instead, as NVivo reads them (a character beyond U+FFFF, such as most emoji,
//! counts two). The file records nothing of the choice: the schema has no place
//! for it.
//!
//! The mapping:
//! - documents → `TextSource` (guid = document id), with their metadata as
//!   text `Variables` (Outlet, Author, URL, Published, Language) and their notes as `Notes`;
//! - claims → `PlainTextSelection` (guid = claim id) with one `Coding` per tag,
//!   for the stance and for the proposition; the value goes into its `Description`,
//!   the note into a `Note` it refers to;
//! - tags → codes under a "Tags" code, nested by their `/` path (a `∕`, U+2215,
//!   in a path is a `/` inside one code's name: see [`crate::interop::qdc`]);
//!   stances → codes under a "Stances" code (the code group of the stance scale);
//!   propositions → codes under a "Propositions" code, and each also a `Set` of
//!   the documents that bear on it;
//! - who asserts each claim → a `Case` holding its selections;
//! - annotators → `Users`.
//!
//! GUIDs that have no id in the project are made from a hash of what they name,
//! so the same project always gives the same archive.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

use sha2::{Digest as _, Sha256};

use super::{ClaimSet, ExportError, Format, GENERATOR, QdpxOffsets};
use crate::model::{
    Claim, Colour, Document, DocumentId, Project, Proposition, PropositionId, Tag, TagId,
};

/// The namespace of QDA-XML project files.
pub const NAMESPACE: &str = "urn:QDA-XML:project:1.0";

/// The name of the project file inside the archive.
pub const PROJECT_ENTRY: &str = "project.qde";

/// Reads one piece of a document's metadata.
type Field = fn(&crate::model::Document) -> &str;

/// The metadata of documents written as variables, with how to read each.
const VARIABLES: [(&str, Field); 5] = [
    ("Outlet", |d| &d.outlet),
    ("Author", |d| &d.author),
    ("URL", |d| &d.url),
    ("Published", |d| &d.published),
    ("Language", |d| &d.language),
];

/// Writes the claims as a `.qdpx` archive, positions counted as `offsets` says.
pub(crate) fn write(set: &ClaimSet<'_>, offsets: QdpxOffsets) -> Result<Vec<u8>, ExportError> {
    let xml = project_qde(set, offsets);
    let fail = |err: zip::result::ZipError| ExportError::write(Format::Qdpx, err);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file(PROJECT_ENTRY, options).map_err(fail)?;
    zip.write_all(xml.as_bytes())
        .map_err(|err| ExportError::write(Format::Qdpx, err))?;
    for document in set.documents_used() {
        zip.start_file(format!("sources/{}.txt", document.id), options)
            .map_err(fail)?;
        zip.write_all(document.text.as_bytes())
            .map_err(|err| ExportError::write(Format::Qdpx, err))?;
    }
    Ok(zip.finish().map_err(fail)?.into_inner())
}

/// A GUID made from a hash of `parts`: the same parts always give the same GUID.
fn derived_guid(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"triangulate-qdpx");
    for part in parts {
        hasher.update([0]);
        hasher.update(part.as_bytes());
    }
    let digest = hasher.finalize();
    let mut bytes = [0u8; 16];
    for (slot, byte) in bytes.iter_mut().zip(digest.iter()) {
        *slot = *byte;
    }
    // Version 8 (custom), RFC 4122 variant.
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    uuid::Uuid::from_bytes(bytes).hyphenated().to_string()
}

/// One code of a REFI-QDA code book, with the codes nested in it: what the
/// exports write and what [`crate::interop::qdc::read_codebook`] reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeNode {
    /// Its GUID as written (another tool's may not be a UUID: "c001").
    pub guid: String,
    /// Its name: one level of the tree, never a path.
    pub name: String,
    /// Whether selections may be coded with it (`false`: a group of codes only).
    pub codable: bool,
    /// Its colour, when it has one.
    pub colour: Option<Colour>,
    /// Its description; empty when it has none.
    pub description: String,
    /// The codes nested in it, in order.
    pub children: Vec<CodeNode>,
}

impl CodeNode {
    /// A code that only groups others.
    pub(crate) fn group(guid: String, name: &str, description: &str) -> Self {
        Self {
            guid,
            name: name.to_owned(),
            codable: false,
            colour: None,
            description: description.to_owned(),
            children: Vec::new(),
        }
    }

    /// Writes the code and its children as `<Code>` elements, indented `depth` levels.
    pub(crate) fn write(&self, xml: &mut String, depth: usize) {
        let indent = "  ".repeat(depth);
        let _ = write!(
            xml,
            "{indent}<Code guid=\"{}\" name=\"{}\" isCodable=\"{}\"",
            self.guid,
            attr(&self.name),
            self.codable
        );
        if let Some(colour) = self.colour {
            let _ = write!(xml, " color=\"{}\"", colour.to_string().to_uppercase());
        }
        if self.description.is_empty() && self.children.is_empty() {
            xml.push_str("/>\n");
            return;
        }
        xml.push_str(">\n");
        if !self.description.is_empty() {
            let _ = writeln!(
                xml,
                "{indent}  <Description>{}</Description>",
                text(&self.description)
            );
        }
        for child in &self.children {
            child.write(xml, depth + 1);
        }
        let _ = writeln!(xml, "{indent}</Code>");
    }
}

/// What stands in a tag path for a `/` inside one code's name ("Rejection / Antipathy"
/// is one code, not two levels): `∕`, U+2215 DIVISION SLASH. Codes read in get it,
/// codes written out give the `/` back.
pub const NAME_SLASH: char = '\u{2215}';

/// The three code groups of a project's vocabulary — "Tags" (the tags nested by
/// path), "Stances" (the whole stance scale) and "Propositions" — holding `tags`
/// and `propositions`, and the code GUID of each tag.
pub(crate) fn vocabulary_codes(
    project: &Project,
    tags: &[&Tag],
    propositions: &[&Proposition],
) -> ([CodeNode; 3], HashMap<TagId, String>) {
    let (tag_group, tag_guids) = tag_codes(tags);
    let mut stances = CodeNode::group(
        derived_guid(&["code group", "stances"]),
        "Stances",
        "The stance scale: the position each claim takes toward its proposition.",
    );
    for stance in &project.stances {
        stances.children.push(CodeNode {
            guid: stance.id.to_string(),
            name: stance.name.clone(),
            codable: true,
            colour: Some(stance.colour),
            description: String::new(),
            children: Vec::new(),
        });
    }
    let mut proposition_group = CodeNode::group(
        derived_guid(&["code group", "propositions"]),
        "Propositions",
        "The statements under comparison across documents.",
    );
    for proposition in propositions {
        proposition_group.children.push(CodeNode {
            guid: proposition.id.to_string(),
            name: proposition.text.clone(),
            codable: true,
            colour: None,
            description: proposition.notes.clone(),
            children: Vec::new(),
        });
    }
    ([tag_group, stances, proposition_group], tag_guids)
}

/// The tag codes of `tags`, nested by path, and the code GUID of each tag.
fn tag_codes(tags: &[&Tag]) -> (CodeNode, HashMap<TagId, String>) {
    let mut root = CodeNode::group(
        derived_guid(&["code group", "tags"]),
        "Tags",
        "Triangulate tags, nested by their path.",
    );
    let mut guids = HashMap::new();
    for tag in tags {
        let segments: Vec<String> = tag
            .path
            .split('/')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| s.replace(NAME_SLASH, "/"))
            .collect();
        let segments = if segments.is_empty() {
            vec!["(untitled tag)".to_owned()]
        } else {
            segments
        };
        let mut node = &mut root;
        for (depth, segment) in segments.iter().enumerate() {
            let at = match node.children.iter().position(|c| c.name == *segment) {
                Some(at) => at,
                None => {
                    let prefix = segments
                        .get(..=depth)
                        .map(|s| s.join("/"))
                        .unwrap_or_default();
                    node.children.push(CodeNode::group(
                        derived_guid(&["tag path", &prefix]),
                        segment,
                        "",
                    ));
                    node.children.len() - 1
                }
            };
            let Some(child) = node.children.get_mut(at) else {
                break;
            };
            node = child;
        }
        if !node.codable {
            node.codable = true;
            node.guid = tag.id.to_string();
            node.colour = Some(tag.colour);
        }
        // A second tag with the same path codes with the first one's code.
        guids.insert(tag.id, node.guid.clone());
    }
    (root, guids)
}

/// The text of `project.qde`, positions counted as `offsets` says.
fn project_qde(set: &ClaimSet<'_>, offsets: QdpxOffsets) -> String {
    let project = set.project;
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let name = if project.title.trim().is_empty() {
        "Triangulate project"
    } else {
        project.title.trim()
    };
    let _ = write!(
        xml,
        "<Project xmlns=\"{NAMESPACE}\" name=\"{}\" origin=\"{}\"",
        attr(name),
        attr(GENERATOR)
    );
    if let Some(time) = super::xsd_date_time(&set.generated) {
        let _ = write!(xml, " creationDateTime=\"{time}\"");
    }
    xml.push_str(">\n");

    // Users: everyone who made an exported claim.
    let mut users: Vec<&str> = Vec::new();
    for claim in &set.claims {
        let name = claim.annotator.trim();
        if !name.is_empty() && !users.contains(&name) {
            users.push(name);
        }
    }
    let user_guid = |name: &str| derived_guid(&["user", name.trim()]);
    if !users.is_empty() {
        xml.push_str("  <Users>\n");
        for name in &users {
            let _ = writeln!(
                xml,
                "    <User guid=\"{}\" name=\"{}\"/>",
                user_guid(name),
                attr(name)
            );
        }
        xml.push_str("  </Users>\n");
    }

    // The code book: tags, stances, propositions.
    let (groups, tag_guids) = vocabulary_codes(project, &set.tags_used(), &set.propositions_used());
    xml.push_str("  <CodeBook>\n    <Codes>\n");
    for group in &groups {
        group.write(&mut xml, 3);
    }
    xml.push_str("    </Codes>\n  </CodeBook>\n");

    let documents = set.documents_used();
    if !documents.is_empty() {
        xml.push_str("  <Variables>\n");
        for (name, _) in VARIABLES {
            let _ = writeln!(
                xml,
                "    <Variable guid=\"{}\" name=\"{name}\" typeOfVariable=\"Text\"/>",
                derived_guid(&["variable", name])
            );
        }
        xml.push_str("  </Variables>\n");
    }

    // Cases: who asserts the claims.
    let mut cases: Vec<(String, Vec<&Claim>)> = Vec::new();
    for claim in &set.claims {
        let who = set.asserted_by(claim);
        if who.trim().is_empty() {
            continue;
        }
        match cases.iter_mut().find(|(name, _)| *name == who) {
            Some((_, claims)) => claims.push(claim),
            None => cases.push((who, vec![claim])),
        }
    }
    if !cases.is_empty() {
        xml.push_str("  <Cases>\n");
        for (who, claims) in &cases {
            let _ = writeln!(
                xml,
                "    <Case guid=\"{}\" name=\"{}\">",
                derived_guid(&["case", who]),
                attr(who)
            );
            let source = claims.first().and_then(|c| set.source(c));
            if let Some(source) = source {
                // Labelled, so that an import puts each back in its field.
                let about: Vec<String> = [
                    ("Role", &source.role),
                    ("Affiliation", &source.affiliation),
                    ("Notes", &source.notes),
                ]
                .into_iter()
                .filter(|(_, value)| !value.trim().is_empty())
                .map(|(label, value)| format!("{label}: {}", value.trim()))
                .collect();
                if !about.is_empty() {
                    let _ = writeln!(
                        xml,
                        "      <Description>{}</Description>",
                        text(&about.join("\n"))
                    );
                }
            }
            for claim in claims {
                let _ = writeln!(xml, "      <SelectionRef targetGUID=\"{}\"/>", claim.id);
            }
            xml.push_str("    </Case>\n");
        }
        xml.push_str("  </Cases>\n");
    }

    // Sources, with the selections on each; notes gathered on the way.
    let mut notes: Vec<(String, String, String, Option<&Claim>)> = Vec::new();
    if !documents.is_empty() {
        xml.push_str("  <Sources>\n");
    }
    for document in &documents {
        let _ = writeln!(
            xml,
            "    <TextSource guid=\"{}\" name=\"{}\" plainTextPath=\"internal://{}.txt\">",
            document.id,
            attr(&document.title),
            document.id
        );
        let positions = Positions::new(document, offsets);
        for claim in set.claims.iter().filter(|c| c.document == document.id) {
            write_selection(
                &mut xml, set, claim, &positions, &tag_guids, &user_guid, &mut notes,
            );
        }
        if !document.notes.trim().is_empty() {
            let guid = derived_guid(&["document note", &document.id.to_string()]);
            let _ = writeln!(xml, "      <NoteRef targetGUID=\"{guid}\"/>");
            notes.push((
                guid,
                format!("Notes on {}", document.label()),
                document.notes.clone(),
                None,
            ));
        }
        for (name, get) in VARIABLES {
            let value = get(document).trim();
            if value.is_empty() {
                continue;
            }
            let _ = writeln!(
                xml,
                "      <VariableValue>\n        <VariableRef targetGUID=\"{}\"/>\n        <TextValue>{}</TextValue>\n      </VariableValue>",
                derived_guid(&["variable", name]),
                text(value)
            );
        }
        xml.push_str("    </TextSource>\n");
    }
    if !documents.is_empty() {
        xml.push_str("  </Sources>\n");
    }

    if !notes.is_empty() {
        xml.push_str("  <Notes>\n");
        for (guid, name, body, claim) in &notes {
            let _ = write!(xml, "    <Note guid=\"{guid}\" name=\"{}\"", attr(name));
            if let Some(claim) = claim {
                if !claim.annotator.trim().is_empty() {
                    let _ = write!(xml, " creatingUser=\"{}\"", user_guid(&claim.annotator));
                }
                if let Some(time) = super::xsd_date_time(&claim.created) {
                    let _ = write!(xml, " creationDateTime=\"{time}\"");
                }
            }
            let _ = writeln!(
                xml,
                ">\n      <PlainTextContent>{}</PlainTextContent>\n    </Note>",
                text(body)
            );
        }
        xml.push_str("  </Notes>\n");
    }

    // Sets: one per proposition, of the documents that bear on it.
    let used = set.propositions_used();
    let bearing: HashSet<(DocumentId, PropositionId)> = set
        .claims
        .iter()
        .filter_map(|c| c.proposition.map(|p| (c.document, p)))
        .collect();
    if !used.is_empty() {
        xml.push_str("  <Sets>\n");
        for proposition in used {
            let _ = writeln!(
                xml,
                "    <Set guid=\"{}\" name=\"{}\">",
                derived_guid(&["proposition set", &proposition.id.to_string()]),
                attr(&proposition.text)
            );
            if !proposition.notes.trim().is_empty() {
                let _ = writeln!(
                    xml,
                    "      <Description>{}</Description>",
                    text(&proposition.notes)
                );
            }
            let _ = writeln!(xml, "      <MemberCode targetGUID=\"{}\"/>", proposition.id);
            for document in &documents {
                if bearing.contains(&(document.id, proposition.id)) {
                    let _ = writeln!(xml, "      <MemberSource targetGUID=\"{}\"/>", document.id);
                }
            }
            xml.push_str("    </Set>\n");
        }
        xml.push_str("  </Sets>\n");
    }

    if !project.description.trim().is_empty() {
        let _ = writeln!(
            xml,
            "  <Description>{}</Description>",
            text(&project.description)
        );
    }
    xml.push_str("</Project>\n");
    xml
}

/// Where positions in one document's text fall when counted as the export asks:
/// the character offsets of the characters beyond U+FFFF, which count two UTF-16
/// units (none are kept when counting code points).
struct Positions {
    astral: Vec<usize>,
}

impl Positions {
    fn new(document: &Document, offsets: QdpxOffsets) -> Self {
        let astral = match offsets {
            QdpxOffsets::CodePoints => Vec::new(),
            QdpxOffsets::Utf16 => document
                .text
                .chars()
                .enumerate()
                .filter(|(_, c)| c.len_utf16() == 2)
                .map(|(at, _)| at)
                .collect(),
        };
        Self { astral }
    }

    /// The position written for the character offset `at`.
    fn at(&self, at: usize) -> usize {
        at + self.astral.partition_point(|&astral| astral < at)
    }
}

/// Writes one claim as a `PlainTextSelection`; its note joins `notes`.
fn write_selection<'a>(
    xml: &mut String,
    set: &ClaimSet<'_>,
    claim: &'a Claim,
    positions: &Positions,
    tag_guids: &HashMap<TagId, String>,
    user_guid: &dyn Fn(&str) -> String,
    notes: &mut Vec<(String, String, String, Option<&'a Claim>)>,
) {
    let mut name: String = claim.quote.exact.chars().take(80).collect();
    if claim.quote.exact.chars().count() > 80 {
        name.push('…');
    }
    let _ = write!(
        xml,
        "      <PlainTextSelection guid=\"{}\" name=\"{}\" startPosition=\"{}\" endPosition=\"{}\"",
        claim.id,
        attr(&name),
        positions.at(claim.range.start),
        positions.at(claim.range.end)
    );
    let user = (!claim.annotator.trim().is_empty()).then(|| user_guid(&claim.annotator));
    if let Some(user) = &user {
        let _ = write!(xml, " creatingUser=\"{user}\"");
    }
    let created = super::xsd_date_time(&claim.created);
    if let Some(time) = &created {
        let _ = write!(xml, " creationDateTime=\"{time}\"");
    }
    if let Some(user) = &user {
        let _ = write!(xml, " modifyingUser=\"{user}\"");
    }
    if let Some(time) = super::xsd_date_time(&claim.modified) {
        let _ = write!(xml, " modifiedDateTime=\"{time}\"");
    }
    xml.push_str(">\n");
    let mut about = Vec::new();
    if !claim.value.trim().is_empty() {
        about.push(format!("Value: {}", claim.value.trim()));
    }
    let who = set.asserted_by(claim);
    if !who.trim().is_empty() {
        about.push(format!("Asserted by: {}", who.trim()));
    }
    if let Some(review) = &claim.review {
        let mut line = format!("Review: {}", review.status.label());
        if !review.reviewer.trim().is_empty() {
            line.push_str(&format!(" by {}", review.reviewer.trim()));
        }
        if !review.comment.trim().is_empty() {
            line.push_str(&format!(" ({})", review.comment.trim()));
        }
        about.push(line);
    }
    if claim.orphaned {
        about.push("Orphaned: the quote is no longer at this position".into());
    }
    if !about.is_empty() {
        let _ = writeln!(
            xml,
            "        <Description>{}</Description>",
            text(&about.join("\n"))
        );
    }
    let mut codes: Vec<String> = claim
        .tags
        .iter()
        .filter_map(|id| tag_guids.get(id).cloned())
        .collect();
    if let Some(stance) = set.stance(claim) {
        codes.push(stance.id.to_string());
    }
    if let Some(proposition) = set.proposition(claim) {
        codes.push(proposition.id.to_string());
    }
    let mut seen = Vec::new();
    for code in codes {
        if seen.contains(&code) {
            continue;
        }
        let _ = write!(
            xml,
            "        <Coding guid=\"{}\"",
            derived_guid(&["coding", &claim.id.to_string(), &code])
        );
        if let Some(user) = &user {
            let _ = write!(xml, " creatingUser=\"{user}\"");
        }
        if let Some(time) = &created {
            let _ = write!(xml, " creationDateTime=\"{time}\"");
        }
        let _ = writeln!(
            xml,
            ">\n          <CodeRef targetGUID=\"{code}\"/>\n        </Coding>"
        );
        seen.push(code);
    }
    if !claim.note.trim().is_empty() {
        let guid = derived_guid(&["claim note", &claim.id.to_string()]);
        let _ = writeln!(xml, "        <NoteRef targetGUID=\"{guid}\"/>");
        let mut about: String = claim.quote.exact.chars().take(40).collect();
        if claim.quote.exact.chars().count() > 40 {
            about.push('…');
        }
        notes.push((
            guid,
            format!("Note on “{about}”"),
            claim.note.clone(),
            Some(claim),
        ));
    }
    xml.push_str("      </PlainTextSelection>\n");
}

/// Text made safe for XML content: markup escaped, characters XML 1.0 forbids replaced.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{fffd}'),
        }
    }
    out
}

/// Text made safe for an XML attribute value, white space kept as written.
pub(crate) fn attr(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{fffd}'),
        }
    }
    out
}

/// Whether XML 1.0 allows the character.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup_and_forbidden_characters() {
        assert_eq!(text("a<b>&c\u{1}"), "a&lt;b&gt;&amp;c\u{fffd}");
        assert_eq!(attr("\"x\"\n\t"), "&quot;x&quot;&#10;&#9;");
    }

    #[test]
    fn utf16_positions_count_astral_characters_twice() {
        let document = Document::new("t", "a😀b🇺🇦c");
        let points = Positions::new(&document, QdpxOffsets::CodePoints);
        let units = Positions::new(&document, QdpxOffsets::Utf16);
        // a 😀 b 🇺 🇦 c: code points 0..6; UTF-16 units 0, 1, 3, 4, 6, 8, 9.
        let expected = [0, 1, 3, 4, 6, 8, 9];
        for (at, want) in expected.iter().enumerate() {
            assert_eq!(points.at(at), at);
            assert_eq!(units.at(at), *want, "{at}");
        }
        assert_eq!(units.at(6), document.text.encode_utf16().count());
    }

    #[test]
    fn derived_guids_are_stable_uuids() {
        let a = derived_guid(&["user", "ana"]);
        assert_eq!(a, derived_guid(&["user", "ana"]));
        assert_ne!(a, derived_guid(&["user", "bo"]));
        assert_eq!(a.len(), 36);
        assert!(a.parse::<uuid::Uuid>().is_ok());
    }
}
