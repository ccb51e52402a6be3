//! The project file: pretty, deterministic RON with its format version first.
//!
//! Loading checks the size, the version, the nesting depth and every reference,
//! and re-anchors claims whose text moved. Saving writes a temporary file in the
//! target's folder, syncs it, keeps the old file as `<name>.ron.bak` and renames
//! the new one over the target, so a save either fully happens or leaves the old
//! file intact.
//!
//! Every writer refuses what the reader would refuse (too large, too many items,
//! too long a string), so that no save makes a file that cannot be opened again.
//! A save keeps the file's permissions (and its owner and group where allowed),
//! writes through a link to the file it points to, and refuses a read-only file.

use std::collections::HashSet;
use std::fmt;
use std::fs::{self, File};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use crate::anchor::{self, AnchorReport};
use crate::model::{FORMAT_VERSION, Project};

/// Project files larger than this are refused (256 MiB).
pub const MAX_PROJECT_BYTES: u64 = 256 * 1024 * 1024;

/// How deeply values may nest in a project file. Our own files nest about six deep.
pub const MAX_NESTING: usize = 32;

/// The most claims a project may hold (far beyond any real project).
pub const MAX_CLAIMS: usize = 1_000_000;

/// The most documents, sources, tags, propositions, stances or document sets a
/// project may hold.
pub const MAX_ITEMS: usize = 200_000;

/// The longest name a project file may hold, in characters: titles, names, tag
/// paths, URLs, dates, annotators, a claim's value and a quote's context. These
/// are shown on one line in lists and tables, laid out every frame; ten thousand
/// characters is several paragraphs, far beyond any real name, and still cheap
/// to lay out.
pub const MAX_NAME_CHARS: usize = 10_000;

/// The longest free text a project file may hold outside document text, in
/// characters: descriptions, notes, comments, propositions and quotes. A million
/// characters is a long book; the limit keeps a hostile file from putting one
/// 200 MB string into an editor. A quote may be longer when its document is: it
/// is a piece of that text. Document text itself is bounded only by
/// [`MAX_PROJECT_BYTES`], as an imported document may be long.
pub const MAX_TEXT_CHARS: usize = 1_000_000;

/// How old a leftover temporary file of an interrupted save must be before it
/// is removed: far longer than any save takes, so that a save in progress in
/// another window is never disturbed.
pub const STALE_TEMPORARY_AGE: std::time::Duration = std::time::Duration::from_secs(60);

/// A project read from a file, with what was found wrong or changed on the way.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The project.
    pub project: Project,
    /// Everything wrong with it that did not stop it from loading.
    pub problems: Vec<Problem>,
    /// What re-anchoring the claims did.
    pub anchoring: AnchorReport,
    /// The format version of the file when it was older than this build's: the
    /// project was brought up to date on load, and is saved in the current format.
    pub migrated_from: Option<u32>,
    /// The fields in the file this version does not know (`claims[3].confidence`),
    /// at most the first [`MAX_UNKNOWN_NAMED`]. The project holds none of them, so
    /// saving it over the file would drop them: see [`Loaded::check_writable`].
    pub unknown_fields: Vec<String>,
}

/// How many unknown fields a [`Loaded`] names at most.
pub const MAX_UNKNOWN_NAMED: usize = 100;

impl Loaded {
    /// Whether the project may be saved over the file it came from without losing
    /// anything: an error naming the fields this version does not know, which a
    /// save would drop, if the file had any. `path` is the file, for the message.
    pub fn check_writable(&self, path: &Path) -> Result<(), SaveError> {
        refuse_dropping(path, &self.unknown_fields)
    }
}

/// Refuses to write over the file at `path`, which holds `unknown_fields` (fields
/// this version does not know, which a save would drop), unless there are none.
pub fn refuse_dropping(path: &Path, unknown_fields: &[String]) -> Result<(), SaveError> {
    {
        if unknown_fields.is_empty() {
            return Ok(());
        }
        Err(SaveError {
            path: path.to_owned(),
            action: "checking the file",
            cause: std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "{} has fields this version of Triangulate does not know ({}), and saving would drop them; open it with the Triangulate that wrote it, or remove them from the file (the file was left as it was)",
                    path.display(),
                    name_list(unknown_fields, unknown_fields.len())
                ),
            ),
        })
    }
}

/// Up to ten of `names`, joined by ", ", and how many more of `total` there are.
fn name_list(names: &[String], total: usize) -> String {
    let shown: Vec<&str> = names.iter().take(10).map(String::as_str).collect();
    let more = total.saturating_sub(shown.len());
    if more == 0 {
        shown.join(", ")
    } else {
        format!("{} and {more} more", shown.join(", "))
    }
}

/// One thing wrong with a project, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// What it concerns ("claim 3f2a1b2c “568 civilians” in “Nitrogen plant holds firm”").
    pub location: String,
    /// What is wrong ("its source 99aa… does not exist").
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Why a project could not be loaded. The file is never touched.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    // The cause is part of the message and deliberately not a `source`, so that
    // a chain of errors printed with `{:#}` does not say it twice.
    #[error("cannot read {}: {cause}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        cause: std::io::Error,
    },
    /// The file is larger than a project file can be.
    #[error(
        "{} is {size} bytes, more than the {limit} bytes a project file may have; is it really a Triangulate project?",
        path.display()
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The path is not a regular file (a folder, a named pipe, a device).
    #[error(
        "{} is {what}, not a file; a Triangulate project is a regular file (.ron)",
        path.display()
    )]
    NotAFile {
        /// The path.
        path: PathBuf,
        /// What it is instead ("a named pipe (FIFO)").
        what: &'static str,
    },
    /// The file is not UTF-8 text.
    #[error(
        "{} is not a Triangulate project: it is not UTF-8 text (bad byte at offset {offset})",
        path.display()
    )]
    NotText {
        /// The file.
        path: PathBuf,
        /// Where the first bad byte is.
        offset: usize,
    },
    /// The file was written by a newer Triangulate.
    #[error(
        "{} has project format version {found}, but this Triangulate reads versions up to {supported}; open it with a newer Triangulate (the file was left untouched)",
        path.display()
    )]
    NewerVersion {
        /// The file.
        path: PathBuf,
        /// The version in the file.
        found: u64,
        /// The newest version this build reads.
        supported: u32,
    },
    /// The file holds more of something than a project can.
    #[error(
        "{} holds {count} {what}, more than the {limit} a project may have; is it really a Triangulate project?",
        path.display()
    )]
    TooMany {
        /// The file.
        path: PathBuf,
        /// What there are too many of.
        what: &'static str,
        /// How many there are.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// A string in the file is longer than such a string may be.
    #[error(
        "{} is refused: {field} is {chars} characters long, and a project file allows at most {limit} there; is it really a Triangulate project?",
        path.display()
    )]
    TooLong {
        /// The file.
        path: PathBuf,
        /// Which string ("the note of claim 3f2a1b2c").
        field: String,
        /// How long it is, in characters.
        chars: usize,
        /// The limit, in characters.
        limit: usize,
    },
    /// The file is not valid RON, or not shaped like a project.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Syntax {
        /// The file.
        path: PathBuf,
        /// The line of the error, from 1.
        line: usize,
        /// The column of the error, from 1.
        column: usize,
        /// What is wrong.
        message: String,
    },
}

impl LoadError {
    /// The same error about another path (parsing text knows no path).
    fn at(self, path: &Path) -> Self {
        let path = path.to_owned();
        match self {
            Self::Io { cause, .. } => Self::Io { path, cause },
            Self::TooLarge { size, limit, .. } => Self::TooLarge { path, size, limit },
            Self::NotText { offset, .. } => Self::NotText { path, offset },
            Self::NotAFile { what, .. } => Self::NotAFile { path, what },
            Self::TooMany {
                what, count, limit, ..
            } => Self::TooMany {
                path,
                what,
                count,
                limit,
            },
            Self::TooLong {
                field,
                chars,
                limit,
                ..
            } => Self::TooLong {
                path,
                field,
                chars,
                limit,
            },
            Self::NewerVersion {
                found, supported, ..
            } => Self::NewerVersion {
                path,
                found,
                supported,
            },
            Self::Syntax {
                line,
                column,
                message,
                ..
            } => Self::Syntax {
                path,
                line,
                column,
                message,
            },
        }
    }
}

/// Why a project could not be saved. The previous file, if any, is intact.
#[derive(Debug, thiserror::Error)]
// The cause is part of the message and deliberately not a `source` (see `LoadError::Io`).
#[error("could not save {}: {action} failed: {cause}", path.display())]
pub struct SaveError {
    /// The file that was being saved.
    pub path: PathBuf,
    /// The step that failed ("writing the temporary file").
    pub action: &'static str,
    /// Why.
    pub cause: std::io::Error,
}

/// The project as the text of a project file. The same project always gives the same text.
pub fn to_ron_string(project: &Project) -> String {
    // The text `ron`'s pretty serialiser gives (indented by four spaces, no struct
    // names, `\n` line ends, strings escaped), written without its per-char cost.
    super::ron_writer::project_to_ron(project)
}

/// The lists at a project file's top level, with the most items each may hold.
const LIST_LIMITS: [(&str, usize); 7] = [
    ("claims", MAX_CLAIMS),
    ("documents", MAX_ITEMS),
    ("sources", MAX_ITEMS),
    ("tags", MAX_ITEMS),
    ("propositions", MAX_ITEMS),
    ("stances", MAX_ITEMS),
    ("document_sets", MAX_ITEMS),
];

/// What one quick pass over the text of a project file finds without parsing it
/// or allocating: the format version and how many items the top-level lists hold.
#[derive(Debug, Default, PartialEq, Eq)]
struct Outline {
    /// The number written as the top-level struct's `format_version`, if any.
    version: Option<u64>,
    /// The first top-level list with more items than a project may have: what
    /// it holds, how many, and the limit.
    too_many: Option<(&'static str, usize, usize)>,
    /// How many items the top-level `claims` list holds.
    claims: usize,
}

/// The fewest bytes of a project file one claim takes: a real one takes hundreds.
const MIN_CLAIM_BYTES: usize = 24;

/// Reads the [`Outline`] of a project file's text with a small lexer that knows
/// RON's strings, raw strings, characters and comments: only fields of the
/// top-level struct count, so a title that mentions `format_version: 1` is text,
/// and a newer file is recognised even when the rest would not parse. Counting
/// the lists first keeps a file of a million `()` claims from being parsed into
/// a million claims before the limit is checked.
fn outline(text: &str) -> Outline {
    let bytes = text.as_bytes();
    let mut outline = Outline::default();
    let mut counts = [0usize; LIST_LIMITS.len()];
    let mut at = 0;
    let mut depth = 0usize;
    // Whether the top-level value is a struct, whose fields are the project's.
    let mut in_struct = false;
    // An identifier just read at depth 1, a field's name if a `:` follows.
    let mut pending: Option<&str> = None;
    // The top-level field whose value comes next is the version.
    let mut version_next = false;
    // The field whose value is being read, if it is one of the counted lists.
    let mut field_list: Option<usize> = None;
    // Inside that list (depth 2): which list, and whether an item may start.
    let mut list: Option<usize> = None;
    let mut item_may_start = false;
    while let Some(&byte) = bytes.get(at) {
        if byte.is_ascii_whitespace() {
            at += 1;
            continue;
        }
        if byte == b'/' && bytes.get(at + 1) == Some(&b'/') {
            at = memchr::memchr(b'\n', bytes.get(at..).unwrap_or_default())
                .map_or(bytes.len(), |n| at + n + 1);
            continue;
        }
        if byte == b'/' && bytes.get(at + 1) == Some(&b'*') {
            at = skip_block_comment(bytes, at + 2);
            continue;
        }
        // A token starts here.
        let name = pending.take();
        let version_here = std::mem::take(&mut version_next);
        if depth == 2
            && item_may_start
            && !matches!(byte, b',' | b')' | b']' | b'}')
            && let Some(index) = list
            && let Some(count) = counts.get_mut(index)
        {
            *count += 1;
            item_may_start = false;
        }
        match byte {
            b'"' => at = skip_string(bytes, at + 1, 0),
            b'\'' => at = skip_char(text, at + 1),
            b'(' | b'[' | b'{' => {
                if depth == 0 {
                    in_struct = byte == b'(';
                }
                if depth == 1 && byte == b'[' && field_list.is_some() {
                    list = field_list;
                    item_may_start = true;
                }
                depth += 1;
                at += 1;
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth <= 1 {
                    list = None;
                }
                at += 1;
            }
            b',' => {
                if depth == 1 {
                    field_list = None;
                }
                if depth == 2 {
                    item_may_start = true;
                }
                at += 1;
            }
            b':' => {
                if depth == 1
                    && in_struct
                    && let Some(name) = name
                {
                    field_list = LIST_LIMITS.iter().position(|(list, _)| *list == name);
                    version_next = name == "format_version" && outline.version.is_none();
                }
                at += 1;
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | 0x80.. => {
                let end = word_end(bytes, at);
                let word = text.get(at..end).unwrap_or_default();
                at = end;
                // `r"…"`, `r#"…"#`, `br"…"` are raw strings; `r#name` a raw identifier.
                if matches!(word, "r" | "br") && matches!(bytes.get(at), Some(b'"' | b'#')) {
                    let hashes = bytes
                        .get(at..)
                        .unwrap_or_default()
                        .iter()
                        .take_while(|&&b| b == b'#')
                        .count();
                    if bytes.get(at + hashes) == Some(&b'"') {
                        at = skip_string(bytes, at + hashes + 1, hashes);
                        continue;
                    }
                    at = word_end(bytes, at + hashes);
                    continue;
                }
                if version_here {
                    outline.version = word.parse().ok();
                }
                if depth == 1 {
                    pending = Some(word);
                }
            }
            _ => at += 1,
        }
    }
    outline.claims = counts.first().copied().unwrap_or(0);
    outline.too_many = LIST_LIMITS
        .iter()
        .zip(counts)
        .find(|((_, limit), count)| count > limit)
        .map(|(&(what, limit), count)| (what, count, limit));
    outline
}

/// Where the word (an identifier or a number) starting at `at` ends.
fn word_end(bytes: &[u8], at: usize) -> usize {
    let rest = bytes.get(at..).unwrap_or_default();
    at + rest
        .iter()
        .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80)
        .count()
}

/// Where the string whose text starts at `at` ends (after its closing quote and
/// `hashes` `#`, a raw string's; escapes count only in a string without them),
/// or the end of the text when it never does.
fn skip_string(bytes: &[u8], mut at: usize, hashes: usize) -> usize {
    loop {
        let rest = bytes.get(at..).unwrap_or_default();
        let found = if hashes == 0 {
            memchr::memchr2(b'"', b'\\', rest)
        } else {
            memchr::memchr(b'"', rest)
        };
        let Some(found) = found else {
            return bytes.len();
        };
        at += found;
        if bytes.get(at) == Some(&b'\\') && hashes == 0 {
            at += 2;
            continue;
        }
        at += 1;
        let closing = bytes
            .get(at..)
            .unwrap_or_default()
            .iter()
            .take(hashes)
            .take_while(|&&b| b == b'#')
            .count();
        if closing == hashes {
            return at + hashes;
        }
    }
}

/// Where the character literal whose text starts at `at` ends.
fn skip_char(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    if bytes.get(at) == Some(&b'\\') {
        // An escape (`'\''`, `'\u{1F1FA}'`): to the next quote after the backslash's.
        return memchr::memchr(b'\'', bytes.get(at + 2..).unwrap_or_default())
            .map_or(bytes.len(), |n| at + 2 + n + 1);
    }
    let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
        return bytes.len();
    };
    let after = at + c.len_utf8();
    if bytes.get(after) == Some(&b'\'') {
        after + 1
    } else {
        after
    }
}

/// Where the block comment whose text starts at `at` ends; RON's nest.
fn skip_block_comment(bytes: &[u8], mut at: usize) -> usize {
    let mut open = 1usize;
    while open > 0 {
        match (bytes.get(at), bytes.get(at + 1)) {
            (Some(b'*'), Some(b'/')) => {
                open -= 1;
                at += 2;
            }
            (Some(b'/'), Some(b'*')) => {
                open += 1;
                at += 2;
            }
            (Some(_), _) => at += 1,
            (None, _) => return bytes.len(),
        }
    }
    at
}

/// A path that [`serde_ignored`] reports, as a user reads it: `claims[3].confidence`.
fn field_path(path: &serde_ignored::Path<'_>) -> String {
    use serde_ignored::Path;
    match path {
        Path::Root => String::new(),
        Path::Seq { parent, index } => format!("{}[{index}]", field_path(parent)),
        Path::Map { parent, key } => {
            let parent = field_path(parent);
            if parent.is_empty() {
                key.clone()
            } else {
                format!("{parent}.{key}")
            }
        }
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => field_path(parent),
    }
}

/// Parses the text of a project file, validates it and re-anchors its claims.
/// A UTF-8 byte-order mark at the start is allowed (some editors write one).
pub fn from_ron_str(text: &str) -> Result<Loaded, LoadError> {
    let nowhere = PathBuf::from("<project>");
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let outline = outline(text);
    if let Some(found) = outline.version
        && found > u64::from(FORMAT_VERSION)
    {
        return Err(LoadError::NewerVersion {
            path: nowhere,
            found,
            supported: FORMAT_VERSION,
        });
    }
    if let Some((what, count, limit)) = outline.too_many {
        return Err(LoadError::TooMany {
            path: nowhere,
            what,
            count,
            limit,
        });
    }
    // Memory follows the file's size, not only the claim limit: a claim parsed
    // takes about a kilobyte, and a real one takes far more than
    // MIN_CLAIM_BYTES of the file (its id alone is 36), so a file of empty claims
    // is refused before it is parsed into them.
    let claims = outline.claims;
    let room = text.len() / MIN_CLAIM_BYTES;
    if claims > room {
        return Err(LoadError::TooMany {
            path: nowhere,
            what: "claims for its size (a claim takes at least 24 bytes of the file)",
            count: claims,
            limit: room,
        });
    }
    let mut unknown_fields = Vec::new();
    let mut unknown_count = 0usize;
    let options = ron::Options::default().with_recursion_limit(MAX_NESTING);
    let parsed = ron::Deserializer::from_str_with_options(text, &options).and_then(|mut de| {
        let project: Result<Project, _> = serde_ignored::deserialize(&mut de, |path| {
            unknown_count += 1;
            if unknown_fields.len() < MAX_UNKNOWN_NAMED {
                unknown_fields.push(field_path(&path));
            }
        });
        let project = project.map_err(|err| de.span_error(err))?;
        de.end().map_err(|err| de.span_error(err))?;
        Ok(project)
    });
    let mut project = parsed.map_err(|err| {
        let message = match err.code {
            ron::Error::ExceededRecursionLimit => {
                format!("values nest more than {MAX_NESTING} deep; a project file never does")
            }
            code => code.to_string(),
        };
        LoadError::Syntax {
            path: nowhere.clone(),
            line: err.span.start.line,
            column: err.span.start.col,
            message,
        }
    })?;
    if outline.version.is_none() {
        return Err(LoadError::Syntax {
            path: nowhere,
            line: 1,
            column: 1,
            message: "no format_version: this is not a Triangulate project file".into(),
        });
    }
    // The parsed number, which the outline may have missed (`0x9`).
    let found = u64::from(project.format_version);
    if found > u64::from(FORMAT_VERSION) {
        return Err(LoadError::NewerVersion {
            path: nowhere,
            found,
            supported: FORMAT_VERSION,
        });
    }
    let migrated_from = migrate(&mut project, found);
    if let Some((what, count, limit)) = too_many(&project) {
        return Err(LoadError::TooMany {
            path: nowhere,
            what,
            count,
            limit,
        });
    }
    if let Some(long) = overlong_string(&project) {
        return Err(LoadError::TooLong {
            path: nowhere,
            field: long.field,
            chars: long.chars,
            limit: long.limit,
        });
    }
    let mut problems = validate(&project);
    if unknown_count > 0 {
        problems.push(Problem {
            location: "the project file".into(),
            message: format!(
                "it has {unknown_count} field{} this version of Triangulate does not know ({}); saving would drop them",
                if unknown_count == 1 { "" } else { "s" },
                name_list(&unknown_fields, unknown_count)
            ),
        });
    }
    let anchoring = anchor::reanchor_project(&mut project);
    Ok(Loaded {
        project,
        problems,
        anchoring,
        migrated_from,
        unknown_fields,
    })
}

/// Brings a project read from a file of format `found` (at most this build's) up to
/// the current format; returns the old version when there was one.
///
/// - 1 → 2: claims gained `reanchored`, absent (and so `None`) in a version 1 file;
///   nothing else changed, so reading the file is all the migration there is.
/// - 2 → 3: documents gained `retrieved` (when a page was fetched from its
///   address), absent (and so empty) in older files; again nothing to convert.
/// - 3 → 4: the project gained `document_sets`, absent (and so none) in older
///   files; nothing to convert either.
fn migrate(project: &mut Project, found: u64) -> Option<u32> {
    project.format_version = FORMAT_VERSION;
    let found = u32::try_from(found).ok()?;
    (found < FORMAT_VERSION).then_some(found)
}

/// What a path that is not a regular file is, for a message.
fn kind_of(file_type: fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// Loads a project file.
///
/// Only a regular file is read (a link is followed to one), and never more than
/// [`MAX_PROJECT_BYTES`] of it, whatever its size claims: a named pipe would
/// block and a device such as `/dev/zero` never ends. The type is checked on
/// the path before the file is opened, since opening a pipe waits for a writer;
/// a regular file swapped for a pipe in between is not guarded against.
pub fn load(path: &Path) -> Result<Loaded, LoadError> {
    let io_error = |cause| LoadError::Io {
        path: path.to_owned(),
        cause,
    };
    let metadata = fs::metadata(path).map_err(io_error)?;
    if !metadata.is_file() {
        return Err(LoadError::NotAFile {
            path: path.to_owned(),
            what: kind_of(metadata.file_type()),
        });
    }
    let too_large = |size| LoadError::TooLarge {
        path: path.to_owned(),
        size,
        limit: MAX_PROJECT_BYTES,
    };
    let size = metadata.len();
    if size > MAX_PROJECT_BYTES {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or_default());
    File::open(path)
        .and_then(|file| file.take(MAX_PROJECT_BYTES + 1).read_to_end(&mut bytes))
        .map_err(io_error)?;
    let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if read > MAX_PROJECT_BYTES {
        return Err(too_large(read));
    }
    sweep_stale_temporaries(path, STALE_TEMPORARY_AGE);
    let text = String::from_utf8(bytes).map_err(|err| LoadError::NotText {
        path: path.to_owned(),
        offset: err.utf8_error().valid_up_to(),
    })?;
    from_ron_str(&text).map_err(|err| err.at(path))
}

/// The first list of `project` longer than the file format allows: what it holds,
/// how many, and the limit.
pub fn too_many(project: &Project) -> Option<(&'static str, usize, usize)> {
    [
        ("claims", project.claims.len(), MAX_CLAIMS),
        ("documents", project.documents.len(), MAX_ITEMS),
        ("sources", project.sources.len(), MAX_ITEMS),
        ("tags", project.tags.len(), MAX_ITEMS),
        ("propositions", project.propositions.len(), MAX_ITEMS),
        ("stances", project.stances.len(), MAX_ITEMS),
        ("document sets", project.document_sets.len(), MAX_ITEMS),
    ]
    .into_iter()
    .find(|(_, count, limit)| count > limit)
}

/// A string longer than the file format allows, and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overlong {
    /// Which string ("the note of claim 3f2a1b2c").
    pub field: String,
    /// How long it is, in characters.
    pub chars: usize,
    /// The limit, in characters.
    pub limit: usize,
}

/// The first string of `project` that is longer than [`MAX_NAME_CHARS`] or
/// [`MAX_TEXT_CHARS`] allow, if any. Document text is not limited here.
pub fn overlong_string(project: &Project) -> Option<Overlong> {
    let mut found = None;
    // Counting characters only when the bytes exceed the limit, and naming the
    // field only when it is too long, keeps this cheap enough for every save.
    let mut check = |text: &str, limit: usize, field: &dyn Fn() -> String| {
        if found.is_none() && text.len() > limit {
            let chars = text.chars().count();
            if chars > limit {
                found = Some(Overlong {
                    field: field(),
                    chars,
                    limit,
                });
            }
        }
    };
    let name = MAX_NAME_CHARS;
    let long = MAX_TEXT_CHARS;
    check(&project.title, name, &|| "the project's title".into());
    check(&project.description, long, &|| {
        "the project's description".into()
    });
    for d in &project.documents {
        let of = |field: &str| format!("the {field} of document {}", d.id.short());
        check(&d.title, name, &|| of("title"));
        check(&d.outlet, name, &|| of("outlet"));
        check(&d.author, name, &|| of("author"));
        check(&d.url, name, &|| of("URL"));
        check(&d.published, name, &|| of("publication date"));
        check(&d.language, name, &|| of("language"));
        check(&d.imported_from, name, &|| of("file name"));
        check(&d.retrieved, name, &|| of("retrieval time"));
        check(&d.fingerprint, name, &|| of("fingerprint"));
        check(&d.notes, long, &|| of("notes"));
    }
    for s in &project.sources {
        let of = |field: &str| format!("the {field} of source {}", s.id.short());
        check(&s.name, name, &|| of("name"));
        check(&s.role, name, &|| of("role"));
        check(&s.affiliation, name, &|| of("affiliation"));
        check(&s.notes, long, &|| of("notes"));
    }
    for t in &project.tags {
        check(&t.path, name, &|| {
            format!("the path of tag {}", t.id.short())
        });
    }
    for p in &project.propositions {
        let of = |field: &str| format!("the {field} of proposition {}", p.id.short());
        check(&p.text, long, &|| of("text"));
        check(&p.notes, long, &|| of("notes"));
    }
    for s in &project.stances {
        check(&s.name, name, &|| {
            format!("the name of stance {}", s.id.short())
        });
    }
    for s in &project.document_sets {
        check(&s.name, name, &|| {
            format!("the name of document set {}", s.id.short())
        });
    }
    // Bytes, an upper bound of the characters that costs nothing to count.
    let document_bytes: std::collections::HashMap<_, _> = project
        .documents
        .iter()
        .map(|d| (d.id, d.text.len()))
        .collect();
    for c in &project.claims {
        let of = |field: &str| format!("the {field} of claim {}", c.id.short());
        // A quote is a piece of its document, so it may be as long as that text.
        let quote_limit = document_bytes
            .get(&c.document)
            .map_or(long, |&bytes| long.max(bytes));
        check(&c.quote.exact, quote_limit, &|| of("quote"));
        check(&c.quote.prefix, name, &|| of("text before the quote"));
        check(&c.quote.suffix, name, &|| of("text after the quote"));
        check(&c.note, long, &|| of("note"));
        check(&c.value, name, &|| of("value"));
        check(&c.annotator, name, &|| of("annotator"));
        check(&c.created, name, &|| of("creation time"));
        check(&c.modified, name, &|| of("modification time"));
        if let Some(review) = &c.review {
            check(&review.reviewer, name, &|| of("reviewer"));
            check(&review.comment, long, &|| of("review comment"));
            check(&review.time, name, &|| of("review time"));
        }
        if let Some(record) = &c.reanchored {
            check(&record.why, long, &|| of("re-anchoring reason"));
            if let Some(was) = &record.was {
                check(&was.exact, quote_limit, &|| of("quote before re-anchoring"));
                check(&was.prefix, name, &|| {
                    of("text before the quote before re-anchoring")
                });
                check(&was.suffix, name, &|| {
                    of("text after the quote before re-anchoring")
                });
            }
        }
    }
    found
}

/// The name of a temporary file that [`write_atomically`] writes beside `name`.
fn temporary_name(name: &str) -> String {
    format!(
        ".{name}.tmp-{}-{}",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    )
}

/// Whether `file_name` is one of the temporary files [`write_atomically`] writes
/// beside `name`: `.<name>.tmp-<process id>-<32 hex digits>`, nothing else.
fn is_temporary_of(file_name: &str, name: &str) -> bool {
    let Some(rest) = file_name
        .strip_prefix('.')
        .and_then(|rest| rest.strip_prefix(name))
        .and_then(|rest| rest.strip_prefix(".tmp-"))
    else {
        return false;
    };
    let Some((pid, id)) = rest.split_once('-') else {
        return false;
    };
    !pid.is_empty()
        && pid.bytes().all(|b| b.is_ascii_digit())
        && id.len() == 32
        && id.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Removes the temporary files that interrupted saves of `path` left beside it
/// (a killed process cannot clean up), if they are older than `min_age`; returns
/// the ones removed. Only files named exactly as [`write_atomically`] names them
/// are touched; errors are ignored, as the files are only clutter.
pub fn sweep_stale_temporaries(path: &Path, min_age: std::time::Duration) -> Vec<PathBuf> {
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Vec::new();
    };
    let Ok(entries) = fs::read_dir(folder) else {
        return Vec::new();
    };
    let now = std::time::SystemTime::now();
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        if !is_temporary_of(&file_name.to_string_lossy(), &name) {
            continue;
        }
        // Not following links: a link named like our file is not ours.
        let Ok(metadata) = fs::symlink_metadata(entry.path()) else {
            continue;
        };
        let old_enough = metadata
            .modified()
            .ok()
            .and_then(|time| now.duration_since(time).ok())
            .is_some_and(|age| age >= min_age);
        if metadata.is_file() && old_enough && fs::remove_file(entry.path()).is_ok() {
            removed.push(entry.path());
        }
    }
    removed.sort();
    removed
}

/// Whether `text` is surely in the normal form of document text (what
/// [`crate::model::normalise`] gives), checked in one pass without building it:
/// no carriage return, no byte-order mark, no control character but tab and line
/// feed, and NFC. `false` means "not sure"; then the normal form is built and compared.
fn is_normal(text: &str) -> bool {
    let plain = !text
        .chars()
        .any(|c| c == '\r' || c == '\u{feff}' || (c.is_ascii_control() && c != '\n' && c != '\t'));
    plain
        && unicode_normalization::is_nfc_quick(text.chars())
            == unicode_normalization::IsNormalized::Yes
}

/// Every broken reference, duplicate id and misplaced range in the project.
pub fn validate(project: &Project) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut problem = |location: String, message: String| {
        problems.push(Problem { location, message });
    };

    fn duplicates<T, K: std::hash::Hash + Eq + fmt::Display>(
        items: &[T],
        key: impl Fn(&T) -> K,
        kind: &str,
        problem: &mut impl FnMut(String, String),
    ) {
        let mut seen = HashSet::new();
        for item in items {
            let id = key(item);
            if !seen.insert(key(item)) {
                problem(
                    format!("{kind} {id}"),
                    "this id is used twice; ids must be unique".into(),
                );
            }
        }
    }
    duplicates(&project.documents, |d| d.id, "document", &mut problem);
    duplicates(&project.claims, |c| c.id, "claim", &mut problem);
    duplicates(&project.sources, |s| s.id, "source", &mut problem);
    duplicates(&project.tags, |t| t.id, "tag", &mut problem);
    duplicates(&project.propositions, |p| p.id, "proposition", &mut problem);
    duplicates(&project.stances, |s| s.id, "stance", &mut problem);
    duplicates(
        &project.document_sets,
        |s| s.id,
        "document set",
        &mut problem,
    );

    for document in &project.documents {
        if !is_normal(&document.text) && crate::model::normalise(&document.text) != document.text {
            problem(
                document.label(),
                "its text is not normalised (NFC, \\n line endings, no control characters)".into(),
            );
        }
        let fingerprint = crate::model::fingerprint(&document.text);
        if fingerprint != document.fingerprint {
            problem(
                document.label(),
                format!(
                    "its fingerprint {} does not match its text ({fingerprint}); was the text edited by hand?",
                    document.fingerprint
                ),
            );
        }
    }

    let documents: std::collections::HashMap<_, _> =
        project.documents.iter().map(|d| (d.id, d)).collect();
    let sources: HashSet<_> = project.sources.iter().map(|s| s.id).collect();
    let tags: HashSet<_> = project.tags.iter().map(|t| t.id).collect();
    let propositions: HashSet<_> = project.propositions.iter().map(|p| p.id).collect();
    let stances: HashSet<_> = project.stances.iter().map(|s| s.id).collect();
    for claim in &project.claims {
        let document = documents.get(&claim.document);
        // Written only when there is a problem: most claims have none.
        let location = || {
            let quote: String = claim.quote.exact.chars().take(40).collect();
            let ellipsis = if claim.quote.exact.chars().count() > 40 {
                "…"
            } else {
                ""
            };
            format!(
                "claim {} “{quote}{ellipsis}” in {}",
                claim.id.short(),
                document.map_or_else(|| "a missing document".to_owned(), |d| d.label())
            )
        };
        if document.is_none() {
            problem(
                location(),
                format!("its document {} does not exist", claim.document),
            );
        }
        if let Some(id) = claim.source
            && !sources.contains(&id)
        {
            problem(location(), format!("its source {id} does not exist"));
        }
        if let Some(id) = claim.stance
            && !stances.contains(&id)
        {
            problem(location(), format!("its stance {id} does not exist"));
        }
        if let Some(id) = claim.proposition
            && !propositions.contains(&id)
        {
            problem(location(), format!("its proposition {id} does not exist"));
        }
        for id in &claim.tags {
            if !tags.contains(id) {
                problem(location(), format!("its tag {id} does not exist"));
            }
        }
        if claim.range.start > claim.range.end {
            problem(
                location(),
                format!(
                    "its range starts after it ends ({}..{})",
                    claim.range.start, claim.range.end
                ),
            );
        }
        if claim.quote.exact.is_empty() {
            problem(location(), "its quote is empty".into());
        }
    }
    // Like a claim's, a set's missing document is reported and kept: nothing is
    // dropped on load. Filters and the matrix ignore it; the next change of the
    // set in the window leaves it out.
    for set in &project.document_sets {
        let mut seen = HashSet::new();
        for id in &set.documents {
            if !documents.contains_key(id) {
                problem(set.label(), format!("its document {id} does not exist"));
            } else if !seen.insert(*id) {
                problem(set.label(), format!("it lists its document {id} twice"));
            }
        }
    }
    problems
}

/// Saves the project atomically, keeping the previous file as `<name>.bak`.
///
/// A project the reader would refuse (see [`check_limits`] and [`save_text`]) is
/// not written, so that no save makes a file that will not load; the error says
/// why and the old file is left as it was.
pub fn save(path: &Path, project: &Project) -> Result<(), SaveError> {
    check_limits(path, project)?;
    save_text(path, &to_ron_string(project))
}

/// Refuses a project that [`load`] would refuse for holding too many items or
/// too long a string: an error about saving it to `path` that names what to
/// shorten. [`save`] checks this; a writer that serialises the project itself
/// before [`save_text`] should too.
pub fn check_limits(path: &Path, project: &Project) -> Result<(), SaveError> {
    let refuse = |message: String| SaveError {
        path: path.to_owned(),
        action: "checking the project",
        cause: std::io::Error::new(std::io::ErrorKind::InvalidData, message),
    };
    if let Some((what, count, limit)) = too_many(project) {
        return Err(refuse(format!(
            "it holds {count} {what}, more than the {limit} a project file may have, and the file could not be opened again; remove some and save again (the file was left as it was)"
        )));
    }
    if let Some(long) = overlong_string(project) {
        return Err(refuse(format!(
            "{} is {} characters long, and a project file allows at most {}; shorten it and save again",
            long.field, long.chars, long.limit
        )));
    }
    Ok(())
}

/// Writes `text` to `path` atomically: a temporary file in the same folder,
/// synced, then renamed over the target; the old target is kept as `<name>.bak`.
///
/// Text longer than [`MAX_PROJECT_BYTES`] is refused, as [`load`] would refuse
/// the file: the old file is left as it was.
pub fn save_text(path: &Path, text: &str) -> Result<(), SaveError> {
    check_size(path, text)?;
    write_atomically(path, text.as_bytes(), true)
}

/// Refuses project text longer than [`MAX_PROJECT_BYTES`], which [`load`] would
/// refuse: every writer of a project file checks this before it writes.
pub fn check_size(path: &Path, text: &str) -> Result<(), SaveError> {
    let size = u64::try_from(text.len()).unwrap_or(u64::MAX);
    if size > MAX_PROJECT_BYTES {
        return Err(SaveError {
            path: path.to_owned(),
            action: "checking the project",
            cause: std::io::Error::new(
                std::io::ErrorKind::FileTooLarge,
                format!(
                    "the project file would be {size} bytes, more than the {MAX_PROJECT_BYTES} bytes (256 MiB) a project file may have, and could not be opened again; remove or shorten documents and save again (the file was left as it was)"
                ),
            ),
        });
    }
    Ok(())
}

/// Writes `bytes` to `path` so that the file is either the old one or the whole
/// new one: a temporary file in the same folder, synced, then renamed over the
/// target. With `keep_backup`, the old target is kept as `<name>.bak`.
///
/// A save that fails leaves the target and its `.bak` as they were, and removes
/// what it wrote.
pub fn write_atomically(path: &Path, bytes: &[u8], keep_backup: bool) -> Result<(), SaveError> {
    write_atomically_with(&mut Disk, path, bytes, keep_backup)
}

/// What [`write_atomically`] does to the disk, one step at a time: the provided
/// methods do it, and [`Disk`] is them. Tests put a step that fails in one's
/// place, to see a full disk or a refused permission leave the files as they were.
pub(crate) trait SaveSteps {
    /// Creates the temporary file, which must not exist yet.
    fn create(&mut self, temp: &Path) -> std::io::Result<File> {
        File::create_new(temp)
    }

    /// Gives the temporary file the permissions of the file it replaces and,
    /// where this process may, its owner and group.
    fn permissions(&mut self, file: &File, like: &fs::Metadata) -> std::io::Result<()> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
            // Owner and group first, as changing them may clear a mode's set-id
            // bits. Only a privileged process may give a file away, and others
            // only to a group of their own: a refusal leaves the file theirs.
            if std::os::unix::fs::fchown(file, Some(like.uid()), Some(like.gid())).is_err() {
                let _ = std::os::unix::fs::fchown(file, None, Some(like.gid()));
            }
            file.set_permissions(fs::Permissions::from_mode(
                like.permissions().mode() & 0o777,
            ))
        }
        #[cfg(not(unix))]
        {
            file.set_permissions(like.permissions())
        }
    }

    /// Writes all of `bytes` to the temporary file.
    fn write(&mut self, file: &mut File, bytes: &[u8]) -> std::io::Result<()> {
        file.write_all(bytes)
    }

    /// Flushes the temporary file to the disk.
    fn sync(&mut self, file: &File) -> std::io::Result<()> {
        file.sync_all()
    }

    /// Gives the file at `path` a second name, `copy`, which must not exist yet.
    fn keep(&mut self, path: &Path, copy: &Path) -> std::io::Result<()> {
        // A hard link keeps the old file whole under a second name at no cost;
        // where links are not supported, copy it.
        fs::hard_link(path, copy).or_else(|_| fs::copy(path, copy).map(|_| ()))
    }

    /// Renames `from` over `to`.
    fn rename(&mut self, from: &Path, to: &Path) -> std::io::Result<()> {
        fs::rename(from, to)
    }

    /// Makes the renames in `folder` durable. Not every platform can sync a folder.
    fn sync_folder(&mut self, folder: &Path) -> std::io::Result<()> {
        File::open(folder)?.sync_all()
    }
}

/// The disk, as [`write_atomically`] uses it.
struct Disk;

impl SaveSteps for Disk {}

/// Whether a file's owner may not write it (on Unix, its mode has no `u+w`).
fn is_read_only(metadata: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        metadata.permissions().mode() & 0o200 == 0
    }
    #[cfg(not(unix))]
    {
        metadata.permissions().readonly()
    }
}

/// The file a chain of symbolic links starting at `path` ends at (which may not
/// exist yet), or `path` when it is no link.
fn follow_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut at = path.to_owned();
    // As many as Linux follows before it gives up (ELOOP).
    for _ in 0..40 {
        match fs::symlink_metadata(&at) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                let link = fs::read_link(&at)?;
                // A relative link is relative to the folder holding it.
                at = match at.parent() {
                    Some(folder) if link.is_relative() => folder.join(link),
                    _ => link,
                };
            }
            _ => return Ok(at),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// [`write_atomically`], each step done by `steps`.
///
/// A link is followed to its file, which is replaced (with its `.bak` beside
/// it); the link stays. The new file keeps the old one's permissions, and its
/// owner and group where allowed; a read-only file is refused, not replaced.
fn write_atomically_with(
    steps: &mut dyn SaveSteps,
    path: &Path,
    bytes: &[u8],
    keep_backup: bool,
) -> Result<(), SaveError> {
    let fail = |action: &'static str| {
        move |cause| SaveError {
            path: path.to_owned(),
            action,
            cause,
        }
    };
    let target = follow_links(path).map_err(fail("following the link to the file"))?;
    let previous = match fs::metadata(&target) {
        Ok(metadata) => Some(metadata),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
        Err(err) => return Err(fail("reading the file's permissions")(err)),
    };
    if let Some(metadata) = &previous {
        let refusal = if !metadata.is_file() {
            Some((
                std::io::ErrorKind::InvalidInput,
                format!(
                    "{} is {}, not a file; save under another name",
                    path.display(),
                    kind_of(metadata.file_type())
                ),
            ))
        } else if is_read_only(metadata) {
            Some((
                std::io::ErrorKind::PermissionDenied,
                format!(
                    "{} is read-only; make it writable (chmod u+w) or save under another name (the file was left as it was)",
                    path.display()
                ),
            ))
        } else {
            None
        };
        if let Some((kind, message)) = refusal {
            return Err(fail("checking the file")(std::io::Error::new(
                kind, message,
            )));
        }
    }
    let folder = match target.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "project.ron".into());
    sweep_stale_temporaries(&target, STALE_TEMPORARY_AGE);
    let temp = folder.join(temporary_name(&name));

    let mut written = || {
        let mut file = steps
            .create(&temp)
            .map_err(fail("creating the temporary file"))?;
        // Before any byte is written, so that a private file's text is never
        // readable by more people than before.
        if let Some(metadata) = &previous {
            steps
                .permissions(&file, metadata)
                .map_err(fail("giving the new version the file's permissions"))?;
        }
        steps
            .write(&mut file, bytes)
            .map_err(fail("writing the temporary file"))?;
        steps
            .sync(&file)
            .map_err(fail("flushing the temporary file to disk"))
    };
    if let Err(err) = written() {
        let _ = fs::remove_file(&temp);
        return Err(err);
    }

    // The old file gets a second, temporary name now and becomes the backup only
    // once the new file is in place, so that a save that fails before then leaves
    // the previous backup as it was. A kill in between leaves that name behind,
    // to be swept like the temporary file. A hard link is the old file itself,
    // so the backup keeps its permissions.
    let old = if keep_backup && previous.is_some() {
        let old = folder.join(temporary_name(&name));
        if let Err(cause) = steps.keep(&target, &old) {
            let _ = fs::remove_file(&old);
            let _ = fs::remove_file(&temp);
            return Err(fail("keeping the previous version as a .bak file")(cause));
        }
        Some(old)
    } else {
        None
    };
    if let Err(cause) = steps.rename(&temp, &target) {
        let _ = fs::remove_file(&temp);
        if let Some(old) = &old {
            let _ = fs::remove_file(old);
        }
        return Err(fail("replacing the file with the new version")(cause));
    }
    // The save is done. Should the backup not take its name, the previous backup
    // stays: an older version, still whole.
    let backup = folder.join(format!("{name}.bak"));
    if let Some(old) = &old
        && steps.rename(old, &backup).is_err()
    {
        let _ = fs::remove_file(old);
    }
    // Make the renames durable; a folder that cannot be synced is no error.
    let _ = steps.sync_folder(&folder);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CharRange, Claim, Document, Source, SourceId, Stance};

    fn small_project() -> Project {
        let mut project = Project::new("Azot");
        let document = Document::new(
            "Nitrogen plant holds firm",
            "Line one.\nHaidai: “568 civilians” remain 🇺🇦.\n\nThird \"quoted\" \\ line",
        );
        let source = Source::new("Serhiy Haidai");
        let mut claim = Claim::new(&document, CharRange::new(18, 33), "ana").expect("claim");
        claim.source = Some(source.id);
        claim.stance = Some(Stance::SUPPORTS);
        project.documents.push(document);
        project.sources.push(source);
        project.claims.push(claim);
        project
    }

    #[test]
    fn text_round_trips_byte_identical() {
        let project = small_project();
        let text = to_ron_string(&project);
        assert!(
            text.starts_with(&format!("(\n    format_version: {FORMAT_VERSION},\n")),
            "{text}"
        );
        assert!(text.contains("\"Line one.\",\n"), "text is stored as lines");
        let loaded = from_ron_str(&text).expect("loads");
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        assert_eq!(loaded.project, project);
        assert_eq!(to_ron_string(&loaded.project), text);
    }

    #[test]
    fn a_set_naming_a_missing_document_is_reported_and_kept() {
        let mut project = small_project();
        let known = project.documents[0].id;
        let missing = crate::model::DocumentId::random();
        let mut set = crate::model::DocumentSet::new("Ukrainian outlets");
        set.documents = vec![known, missing, known];
        project.document_sets.push(set.clone());
        let text = to_ron_string(&project);
        let loaded = from_ron_str(&text).expect("loads");
        assert_eq!(loaded.project.document_sets, vec![set]);
        let messages: Vec<String> = loaded.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            vec![
                format!("document set “Ukrainian outlets”: its document {missing} does not exist"),
                format!("document set “Ukrainian outlets”: it lists its document {known} twice"),
            ]
        );
    }

    #[test]
    fn document_sets_are_limited_in_number_and_name() {
        let mut project = small_project();
        project.document_sets.push(crate::model::DocumentSet::new(
            "x".repeat(MAX_NAME_CHARS + 1),
        ));
        let long = overlong_string(&project).expect("too long");
        assert!(
            long.field.starts_with("the name of document set"),
            "{long:?}"
        );
        project.document_sets = (0..=MAX_ITEMS)
            .map(|_| crate::model::DocumentSet::default())
            .collect();
        assert_eq!(
            too_many(&project),
            Some(("document sets", MAX_ITEMS + 1, MAX_ITEMS))
        );
        // The quick count before parsing sees them too.
        let text = format!(
            "(format_version: {FORMAT_VERSION}, document_sets: [{}])",
            "(),".repeat(MAX_ITEMS + 1)
        );
        assert!(matches!(
            from_ron_str(&text),
            Err(LoadError::TooMany {
                what: "document_sets",
                ..
            })
        ));
    }

    #[test]
    fn newer_versions_are_refused_by_name() {
        let text = to_ron_string(&small_project()).replace(
            &format!("format_version: {FORMAT_VERSION},"),
            "format_version: 7,",
        );
        let err = from_ron_str(&text).expect_err("refused");
        let message = err.to_string();
        assert!(matches!(
            err,
            LoadError::NewerVersion {
                found: 7,
                supported: FORMAT_VERSION,
                ..
            }
        ));
        assert!(
            message.contains('7') && message.contains(&format!("up to {FORMAT_VERSION}")),
            "{message}"
        );
        // Even when the rest would not parse.
        let err = from_ron_str("(format_version: 9, new_thing: {{{").expect_err("refused");
        assert!(matches!(err, LoadError::NewerVersion { found: 9, .. }));
    }

    #[test]
    fn syntax_errors_say_where() {
        let text = to_ron_string(&small_project()).replacen("title:", "title", 1);
        let err = from_ron_str(&text).expect_err("refused");
        let LoadError::Syntax { line, .. } = err else {
            panic!("expected a syntax error, got {err}");
        };
        assert_eq!(line, 3);
        assert!(from_ron_str("").is_err());
        assert!(from_ron_str("(title: \"no version\")").is_err());
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = format!(
            "(format_version: 1, extra: {}1{})",
            "[".repeat(500),
            "]".repeat(500)
        );
        let err = from_ron_str(&deep).expect_err("refused");
        assert!(err.to_string().contains("nest"), "{err}");
    }

    #[test]
    fn broken_references_are_reported_not_fatal() {
        let mut project = small_project();
        project.claims[0].source = Some(SourceId::random());
        project.documents[0].fingerprint = "sha256:00".into();
        let text = to_ron_string(&project);
        let loaded = from_ron_str(&text).expect("loads");
        assert_eq!(loaded.problems.len(), 2, "{:?}", loaded.problems);
        assert!(loaded.problems[0].to_string().contains("fingerprint"));
        let message = loaded.problems[1].to_string();
        assert!(
            message.contains("its source") && message.contains("568 civilians"),
            "{message}"
        );
    }

    #[test]
    fn save_is_atomic_and_keeps_a_backup() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("azot.ron");
        let mut project = small_project();
        save(&path, &project).expect("first save");
        let first = fs::read_to_string(&path).expect("read");
        project.title = "Azot, revised".into();
        save(&path, &project).expect("second save");
        let backup = fs::read_to_string(dir.path().join("azot.ron.bak")).expect("backup");
        assert_eq!(backup, first);
        let loaded = load(&path).expect("loads");
        assert_eq!(loaded.project.title, "Azot, revised");
        // No temporary files are left behind.
        let names: Vec<_> = fs::read_dir(dir.path())
            .expect("list")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn a_save_into_a_missing_folder_names_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = dir.path().join("gone").join("azot.ron");
        let err = save(&missing, &small_project()).expect_err("no folder");
        assert!(err.to_string().contains("azot.ron"), "{err}");
    }

    /// A folder holding `azot.ron`, saved twice: the file is the second version
    /// and its `.bak` the first. Gives the folder, the file and both versions' bytes.
    fn saved_twice() -> (tempfile::TempDir, PathBuf, Vec<u8>, Vec<u8>) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("azot.ron");
        let mut project = small_project();
        project.title = "first".into();
        save(&path, &project).expect("first save");
        project.title = "second".into();
        save(&path, &project).expect("second save");
        let file = fs::read(&path).expect("read the file");
        let backup = fs::read(dir.path().join("azot.ron.bak")).expect("read the backup");
        assert_ne!(file, backup);
        (dir, path, file, backup)
    }

    /// The title line of a saved version ("title: \"second\","), to name it in a
    /// failure's message, or what else the bytes are.
    fn version(bytes: &[u8]) -> String {
        let text = String::from_utf8_lossy(bytes);
        let title = text
            .lines()
            .find(|line| line.trim_start().starts_with("title:"));
        match title {
            Some(title) if from_ron_str(&text).is_ok() => title.trim().to_owned(),
            _ => format!("{} bytes that are not a whole project", bytes.len()),
        }
    }

    /// Saves a third version over [`saved_twice`] through `steps`, which must
    /// fail at `action` with an error of `kind`; checks that the file and its
    /// `.bak` are byte for byte as they were and that nothing else is left in the
    /// folder. Gives the error.
    fn failed_save(steps: &mut dyn SaveSteps, action: &str, kind: std::io::ErrorKind) -> SaveError {
        let (dir, path, file, backup) = saved_twice();
        let mut project = small_project();
        project.title = "third".into();
        let text = to_ron_string(&project);
        let Err(err) = write_atomically_with(steps, &path, text.as_bytes(), true) else {
            panic!("the save reported success, though {action} failed");
        };
        assert_eq!(err.action, action, "{err}");
        assert_eq!(err.cause.kind(), kind, "{err}");
        assert_eq!(err.path, path);
        let now = fs::read(&path).expect("read");
        assert!(
            now == file,
            "the file is not as it was: {} instead of {}",
            version(&now),
            version(&file)
        );
        let now = fs::read(dir.path().join("azot.ron.bak")).expect("read");
        assert!(
            now == backup,
            "the backup is not as it was: {} instead of {}",
            version(&now),
            version(&backup)
        );
        let mut names: Vec<_> = fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            ["azot.ron", "azot.ron.bak"],
            "nothing is left behind"
        );
        // And the next save, with a working disk, goes through.
        save(&path, &project).expect("a save that works");
        assert_eq!(load(&path).expect("loads").project.title, "third");
        assert_eq!(
            fs::read(dir.path().join("azot.ron.bak")).expect("read"),
            file
        );
        err
    }

    /// A folder the user may not write to: creating the temporary file is refused.
    struct ReadOnlyFolder;

    impl SaveSteps for ReadOnlyFolder {
        fn create(&mut self, _temp: &Path) -> std::io::Result<File> {
            Err(std::io::Error::from(std::io::ErrorKind::PermissionDenied))
        }
    }

    #[test]
    fn permission_denied_leaves_the_old_file() {
        let err = failed_save(
            &mut ReadOnlyFolder,
            "creating the temporary file",
            std::io::ErrorKind::PermissionDenied,
        );
        let message = err.to_string();
        assert!(
            message.contains("azot.ron")
                && message.contains("creating the temporary file failed")
                && message.contains("permission denied"),
            "{message}"
        );
    }

    /// A disk that fills up halfway through the temporary file.
    struct FullDisk;

    impl SaveSteps for FullDisk {
        fn write(&mut self, file: &mut File, bytes: &[u8]) -> std::io::Result<()> {
            file.write_all(&bytes[..bytes.len() / 2])?;
            Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "No space left on device",
            ))
        }
    }

    #[test]
    fn a_full_disk_leaves_the_old_file() {
        let err = failed_save(
            &mut FullDisk,
            "writing the temporary file",
            std::io::ErrorKind::StorageFull,
        );
        assert!(
            err.to_string()
                .ends_with("azot.ron: writing the temporary file failed: No space left on device"),
            "{err}"
        );
    }

    /// A disk that takes the whole temporary file and then fails to flush it.
    struct FailingFlush;

    impl SaveSteps for FailingFlush {
        fn sync(&mut self, _file: &File) -> std::io::Result<()> {
            Err(std::io::Error::other("Input/output error"))
        }
    }

    #[test]
    fn a_failed_flush_leaves_the_old_file() {
        failed_save(
            &mut FailingFlush,
            "flushing the temporary file to disk",
            std::io::ErrorKind::Other,
        );
    }

    /// A disk without hard links, full before a copy of the old file is whole.
    struct NoRoomForTheBackup;

    impl SaveSteps for NoRoomForTheBackup {
        fn keep(&mut self, path: &Path, copy: &Path) -> std::io::Result<()> {
            let old = fs::read(path)?;
            fs::write(copy, &old[..old.len() / 2])?;
            Err(std::io::Error::from(std::io::ErrorKind::StorageFull))
        }
    }

    #[test]
    fn a_full_disk_while_keeping_the_backup_leaves_the_old_backup() {
        failed_save(
            &mut NoRoomForTheBackup,
            "keeping the previous version as a .bak file",
            std::io::ErrorKind::StorageFull,
        );
    }

    /// A folder where the new file, whole and flushed, may not replace the old one.
    struct RefusedRename;

    impl SaveSteps for RefusedRename {
        fn rename(&mut self, _from: &Path, _to: &Path) -> std::io::Result<()> {
            Err(std::io::Error::from(std::io::ErrorKind::PermissionDenied))
        }
    }

    #[test]
    fn failed_save_leaves_the_old_file() {
        // The last step before the new file takes the old one's place fails:
        // the temporary file is whole and flushed, the old file has its second name.
        failed_save(
            &mut RefusedRename,
            "replacing the file with the new version",
            std::io::ErrorKind::PermissionDenied,
        );
    }

    /// Restores a folder's permissions when dropped, so that it can be removed.
    #[cfg(unix)]
    struct Writable<'a>(&'a Path);

    #[cfg(unix)]
    impl Drop for Writable<'_> {
        fn drop(&mut self) {
            use std::os::unix::fs::PermissionsExt as _;
            let _ = fs::set_permissions(self.0, fs::Permissions::from_mode(0o755));
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_real_read_only_folder_leaves_the_old_file() {
        use std::os::unix::fs::PermissionsExt as _;
        let (dir, path, file, backup) = saved_twice();
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).expect("chmod");
        let _writable = Writable(dir.path());
        // Root (and any process allowed to override permissions) writes anyway;
        // `permission_denied_leaves_the_old_file` covers the refusal there.
        let probe = dir.path().join("probe");
        if File::create_new(&probe).is_ok() {
            let _ = fs::remove_file(&probe);
            eprintln!(
                "skipped: this process ignores folder permissions (it runs as root); \
                 permission_denied_leaves_the_old_file injects the refusal instead"
            );
            return;
        }
        let err = save(&path, &small_project()).expect_err("refused");
        assert_eq!(err.action, "creating the temporary file", "{err}");
        assert_eq!(
            err.cause.kind(),
            std::io::ErrorKind::PermissionDenied,
            "{err}"
        );
        assert_eq!(fs::read(&path).expect("read"), file);
        assert_eq!(
            fs::read(dir.path().join("azot.ron.bak")).expect("read"),
            backup
        );
        assert_eq!(fs::read_dir(dir.path()).expect("list").count(), 2);
    }

    /// The real disk, writing down each step it takes. Temporary files are
    /// named `tmp1`, `tmp2`… in the order they first appear.
    #[derive(Default)]
    struct Recorder {
        steps: Vec<String>,
        temporaries: Vec<PathBuf>,
    }

    impl Recorder {
        fn name(&mut self, path: &Path) -> String {
            let file_name = path
                .file_name()
                .expect("a file name")
                .to_string_lossy()
                .into_owned();
            if !is_temporary_of(&file_name, "azot.ron") {
                return file_name;
            }
            let index = match self.temporaries.iter().position(|t| t == path) {
                Some(index) => index,
                None => {
                    self.temporaries.push(path.to_owned());
                    self.temporaries.len() - 1
                }
            };
            format!("tmp{}", index + 1)
        }
    }

    impl SaveSteps for Recorder {
        fn create(&mut self, temp: &Path) -> std::io::Result<File> {
            let step = format!("create {}", self.name(temp));
            self.steps.push(step);
            Disk.create(temp)
        }

        fn permissions(&mut self, file: &File, like: &fs::Metadata) -> std::io::Result<()> {
            self.steps.push("give it the old file's permissions".into());
            Disk.permissions(file, like)
        }

        fn write(&mut self, file: &mut File, bytes: &[u8]) -> std::io::Result<()> {
            self.steps.push("write it".into());
            Disk.write(file, bytes)
        }

        fn sync(&mut self, file: &File) -> std::io::Result<()> {
            self.steps.push("sync it".into());
            Disk.sync(file)
        }

        fn keep(&mut self, path: &Path, copy: &Path) -> std::io::Result<()> {
            let step = format!("keep {} as {}", self.name(path), self.name(copy));
            self.steps.push(step);
            Disk.keep(path, copy)
        }

        fn rename(&mut self, from: &Path, to: &Path) -> std::io::Result<()> {
            let step = format!("rename {} to {}", self.name(from), self.name(to));
            self.steps.push(step);
            Disk.rename(from, to)
        }

        fn sync_folder(&mut self, folder: &Path) -> std::io::Result<()> {
            self.steps.push("sync the folder".into());
            Disk.sync_folder(folder)
        }
    }

    #[test]
    fn a_save_syncs_the_new_file_before_it_replaces_the_old_and_the_folder_after() {
        let (dir, path, file, _) = saved_twice();
        let mut recorder = Recorder::default();
        let text = to_ron_string(&small_project());
        write_atomically_with(&mut recorder, &path, text.as_bytes(), true).expect("save");
        assert_eq!(
            recorder.steps,
            [
                "create tmp1",
                "give it the old file's permissions",
                "write it",
                "sync it",
                "keep azot.ron as tmp2",
                "rename tmp1 to azot.ron",
                "rename tmp2 to azot.ron.bak",
                "sync the folder",
            ]
        );
        assert_eq!(fs::read_to_string(&path).expect("read"), text);
        assert_eq!(
            fs::read(dir.path().join("azot.ron.bak")).expect("read"),
            file
        );
    }

    #[test]
    fn only_our_temporary_names_are_recognised() {
        let ours = format!(".azot.ron.tmp-4242-{}", "0123456789abcdef".repeat(2));
        assert!(is_temporary_of(&ours, "azot.ron"));
        assert!(is_temporary_of(
            temporary_name("azot.ron").as_str(),
            "azot.ron"
        ));
        assert!(!is_temporary_of(&ours, "azot"), "another project's");
        assert!(!is_temporary_of(&ours[1..], "azot.ron"), "not hidden");
        assert!(!is_temporary_of(".azot.ron.tmp-notes", "azot.ron"));
        assert!(!is_temporary_of(".azot.ron.tmp-12-abc", "azot.ron"));
        assert!(!is_temporary_of(
            &format!(".azot.ron.tmp--{}", "a".repeat(32)),
            "azot.ron"
        ));
        assert!(!is_temporary_of(&format!("{ours}.keep"), "azot.ron"));
    }

    #[test]
    fn stale_temporary_files_are_swept_on_save_and_open() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("azot.ron");
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        let make = |name: &str, old: bool| {
            let file = File::create(dir.path().join(name)).expect("create");
            if old {
                file.set_modified(hour_ago).expect("set the time");
            }
            dir.path().join(name)
        };
        let hex = "0123456789abcdef".repeat(2);
        let stale = make(&format!(".azot.ron.tmp-31337-{hex}"), true);
        let fresh = make(&format!(".azot.ron.tmp-31338-{hex}"), false);
        let other_project = make(&format!(".other.ron.tmp-31337-{hex}"), true);
        let look_alike = make(".azot.ron.tmp-mine", true);

        save(&path, &small_project()).expect("save");
        assert!(
            !stale.exists(),
            "an old leftover of a killed save is removed"
        );
        assert!(
            fresh.exists(),
            "a save that may be in progress is left alone"
        );
        assert!(other_project.exists() && look_alike.exists());

        let stale_again = make(&format!(".azot.ron.tmp-31339-{hex}"), true);
        load(&path).expect("loads");
        assert!(!stale_again.exists(), "opening sweeps too");
        assert!(fresh.exists() && other_project.exists() && look_alike.exists());

        // With no minimum age, the fresh one goes as well; nothing else does.
        let removed = sweep_stale_temporaries(&path, std::time::Duration::ZERO);
        assert_eq!(removed, vec![fresh]);
        assert!(path.exists() && other_project.exists() && look_alike.exists());
    }

    #[test]
    fn loading_refuses_binary_and_huge_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let binary = dir.path().join("image.ron");
        fs::write(&binary, b"\x89PNG\r\n\x1a\n\xff\xfe").expect("write");
        assert!(matches!(load(&binary), Err(LoadError::NotText { .. })));
        let huge = dir.path().join("huge.ron");
        File::create(&huge)
            .and_then(|f| f.set_len(MAX_PROJECT_BYTES + 1))
            .expect("sparse file");
        assert!(matches!(load(&huge), Err(LoadError::TooLarge { .. })));
        let missing = dir.path().join("nope.ron");
        assert!(
            load(&missing)
                .expect_err("missing")
                .to_string()
                .contains("nope.ron")
        );
    }

    #[test]
    fn the_outline_reads_only_the_top_level() {
        let version = |text: &str| outline(text).version;
        assert_eq!(version("(format_version: 3, title: \"x\")"), Some(3));
        assert_eq!(
            version("(title: \"format_version: 1\", format_version: 9)"),
            Some(9),
            "a title is text"
        );
        assert_eq!(
            version(
                "// format_version: 1\n/* format_version: 2 /* nested */ */ Project(\n  format_version: 4)"
            ),
            Some(4),
            "comments are skipped"
        );
        assert_eq!(
            version("(title: r#\"\" format_version: 1\"#, format_version: 5)"),
            Some(5),
            "a raw string is text"
        );
        assert_eq!(
            version(
                "(claims: [(note: \"format_version: 1\", format_version: 8)], format_version: 2)"
            ),
            Some(2),
            "a claim's field is not the project's"
        );
        assert_eq!(
            version("(c: '\"', format_version: 6, d: \"\\\"format_version: 1\")"),
            Some(6),
            "characters and escaped quotes"
        );
        assert_eq!(version("(title: \"none\")"), None);
        assert_eq!(version("[format_version: 1]"), None, "not a struct");
    }

    #[test]
    fn the_outline_counts_the_top_level_lists() {
        let too_many = |text: &str| outline(text).too_many;
        let claims = |n: usize| {
            format!(
                "(format_version: 3, tags: [], claims: [{}])",
                vec!["(tags: [1, 2], note: \"),(\")"; n].join(",")
            )
        };
        assert_eq!(too_many(&claims(3)), None);
        let many = format!(
            "(format_version: 3, stances: [{}])",
            "(),".repeat(MAX_ITEMS + 1)
        );
        assert_eq!(
            too_many(&many),
            Some(("stances", MAX_ITEMS + 1, MAX_ITEMS)),
            "a trailing comma starts no item"
        );
        let hidden = format!(
            "(format_version: 3, extra: [{}])",
            "(),".repeat(MAX_ITEMS + 1)
        );
        assert_eq!(
            too_many(&hidden),
            None,
            "only the project's lists are counted"
        );
    }

    #[test]
    fn a_million_empty_claims_are_refused_before_they_are_parsed() {
        let text = format!(
            "(format_version: 3, claims: [{}])",
            "(),".repeat(MAX_CLAIMS + 1)
        );
        let started = std::time::Instant::now();
        let err = from_ron_str(&text).expect_err("refused");
        assert!(
            matches!(err, LoadError::TooMany { what: "claims", count, .. } if count == MAX_CLAIMS + 1),
            "{err}"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn empty_claims_are_refused_for_the_size_of_their_file() {
        // 100,000 claims in 300 KB: within the claim limit, but each claim would
        // take about a kilobyte of memory for three bytes of file.
        let text = format!("(format_version: 3, claims: [{}])", "(),".repeat(100_000));
        let err = from_ron_str(&text).expect_err("refused");
        assert!(
            matches!(err, LoadError::TooMany { count: 100_000, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("for its size"), "{err}");
        // A real project is nowhere near the rule.
        let project = small_project();
        let text = to_ron_string(&project);
        assert!(text.len() / project.claims.len().max(1) > 10 * MIN_CLAIM_BYTES);
        assert!(from_ron_str(&text).is_ok());
    }

    #[test]
    fn unknown_fields_are_named() {
        let text = to_ron_string(&small_project())
            .replacen("    title:", "    extra: [1, (a: 2)],\n    title:", 1)
            .replacen("annotator:", "confidence: 0.9,\n            annotator:", 1);
        let loaded = from_ron_str(&text).expect("loads");
        assert_eq!(loaded.unknown_fields, ["extra", "claims[0].confidence"]);
        let problem = loaded.problems.last().expect("a problem").to_string();
        assert!(
            problem.contains("2 fields") && problem.contains("claims[0].confidence"),
            "{problem}"
        );
        let err = loaded
            .check_writable(Path::new("azot.ron"))
            .expect_err("refused");
        assert!(err.to_string().contains("saving would drop them"), "{err}");
        let clean = from_ron_str(&to_ron_string(&small_project())).expect("loads");
        assert!(clean.unknown_fields.is_empty());
        clean
            .check_writable(Path::new("azot.ron"))
            .expect("nothing to drop");
    }
}
