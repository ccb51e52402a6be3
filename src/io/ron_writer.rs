//! A fast writer of the project file: the exact text `ron`'s pretty serialiser
//! gives with the project file's settings, written straight from the model.
//!
//! `ron` escapes strings one char at a time through `char::escape_debug`, which
//! made saving a 40 MB project take most of a second. This writer copies runs of
//! characters that need no escape as they are and escapes the rest the same way.
//! A test compares its output with `ron`'s, byte for byte, so a field added to the
//! model and not here fails it.

use std::fmt::Write as _;

use crate::model::{
    CharRange, Claim, Document, DocumentSet, FORMAT_VERSION, Project, Proposition, QuoteSelector,
    ReanchorMethod, Reanchored, Review, ReviewStatus, Source, Stance, Tag,
};

/// The project file's text, as [`super::project_file::to_ron_string`] defines it.
pub fn project_to_ron(project: &Project) -> String {
    let text_bytes: usize = project.documents.iter().map(|d| d.text.len()).sum();
    let mut out = Writer {
        out: String::with_capacity(text_bytes + project.claims.len() * 1200 + 4096),
        depth: 0,
    };
    out.open('(');
    out.field("format_version", |w| w.number(u64::from(FORMAT_VERSION)));
    out.field("title", |w| w.string(&project.title));
    out.field("description", |w| w.string(&project.description));
    out.field("stances", |w| w.seq(&project.stances, Writer::stance));
    out.field("documents", |w| w.seq(&project.documents, Writer::document));
    out.field("sources", |w| w.seq(&project.sources, Writer::source));
    out.field("tags", |w| w.seq(&project.tags, Writer::tag));
    out.field("propositions", |w| {
        w.seq(&project.propositions, Writer::proposition)
    });
    out.field("claims", |w| w.seq(&project.claims, Writer::claim));
    if !project.document_sets.is_empty() {
        out.field("document_sets", |w| {
            w.seq(&project.document_sets, Writer::document_set);
        });
    }
    out.close(')');
    out.out.push('\n');
    out.out
}

/// The text being written and the current nesting depth.
struct Writer {
    out: String,
    depth: usize,
}

impl Writer {
    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str("    ");
        }
    }

    fn open(&mut self, bracket: char) {
        self.out.push(bracket);
        self.out.push('\n');
        self.depth += 1;
    }

    fn close(&mut self, bracket: char) {
        self.depth -= 1;
        self.indent();
        self.out.push(bracket);
    }

    /// `name: value,` on its own line.
    fn field(&mut self, name: &str, value: impl FnOnce(&mut Self)) {
        self.indent();
        self.out.push_str(name);
        self.out.push_str(": ");
        value(self);
        self.out.push_str(",\n");
    }

    fn number(&mut self, value: impl std::fmt::Display) {
        let _ = write!(self.out, "{value}");
    }

    /// A string in quotes, escaped as `char::escape_debug` escapes each char.
    fn string(&mut self, text: &str) {
        self.out.push('"');
        let mut plain_from = 0;
        for (at, c) in text.char_indices() {
            // Printable ASCII but quotes and backslash is never escaped; other
            // chars are escaped or not as escape_debug decides.
            let plain = (c.is_ascii_graphic() || c == ' ') && !matches!(c, '"' | '\'' | '\\');
            if plain {
                continue;
            }
            let mut escaped = c.escape_debug();
            if escaped.len() == 1 {
                continue;
            }
            self.out
                .push_str(text.get(plain_from..at).unwrap_or_default());
            self.out.extend(&mut escaped);
            plain_from = at + c.len_utf8();
        }
        self.out
            .push_str(text.get(plain_from..).unwrap_or_default());
        self.out.push('"');
    }

    fn id(&mut self, id: impl std::fmt::Display) {
        let _ = write!(self.out, "\"{id}\"");
    }

    fn option<T>(&mut self, value: Option<T>, some: impl FnOnce(&mut Self, T)) {
        match value {
            Some(value) => {
                self.out.push_str("Some(");
                some(self, value);
                self.out.push(')');
            }
            None => self.out.push_str("None"),
        }
    }

    fn seq<T>(&mut self, items: &[T], item: impl Fn(&mut Self, &T)) {
        if items.is_empty() {
            self.out.push_str("[]");
            return;
        }
        self.open('[');
        for value in items {
            self.indent();
            item(self, value);
            self.out.push_str(",\n");
        }
        self.close(']');
    }

    fn strings<'a>(&mut self, items: impl Iterator<Item = &'a str>) {
        let mut items = items.peekable();
        if items.peek().is_none() {
            self.out.push_str("[]");
            return;
        }
        self.open('[');
        for value in items {
            self.indent();
            self.string(value);
            self.out.push_str(",\n");
        }
        self.close(']');
    }

    fn stance(&mut self, stance: &Stance) {
        self.open('(');
        self.field("id", |w| w.id(stance.id));
        self.field("name", |w| w.string(&stance.name));
        self.field("colour", |w| w.id(stance.colour));
        self.close(')');
    }

    fn document(&mut self, document: &Document) {
        self.open('(');
        self.field("id", |w| w.id(document.id));
        self.field("title", |w| w.string(&document.title));
        self.field("outlet", |w| w.string(&document.outlet));
        self.field("author", |w| w.string(&document.author));
        self.field("url", |w| w.string(&document.url));
        self.field("published", |w| w.string(&document.published));
        self.field("language", |w| w.string(&document.language));
        self.field("notes", |w| w.string(&document.notes));
        self.field("imported_from", |w| w.string(&document.imported_from));
        if !document.retrieved.is_empty() {
            self.field("retrieved", |w| w.string(&document.retrieved));
        }
        self.field("fingerprint", |w| w.string(&document.fingerprint));
        self.field("text", |w| w.strings(document.text.split('\n')));
        self.close(')');
    }

    fn source(&mut self, source: &Source) {
        self.open('(');
        self.field("id", |w| w.id(source.id));
        self.field("name", |w| w.string(&source.name));
        self.field("role", |w| w.string(&source.role));
        self.field("affiliation", |w| w.string(&source.affiliation));
        self.field("notes", |w| w.string(&source.notes));
        self.close(')');
    }

    fn tag(&mut self, tag: &Tag) {
        self.open('(');
        self.field("id", |w| w.id(tag.id));
        self.field("path", |w| w.string(&tag.path));
        self.field("colour", |w| w.id(tag.colour));
        self.close(')');
    }

    fn proposition(&mut self, proposition: &Proposition) {
        self.open('(');
        self.field("id", |w| w.id(proposition.id));
        self.field("text", |w| w.string(&proposition.text));
        self.field("notes", |w| w.string(&proposition.notes));
        self.close(')');
    }

    fn document_set(&mut self, set: &DocumentSet) {
        self.open('(');
        self.field("id", |w| w.id(set.id));
        self.field("name", |w| w.string(&set.name));
        self.field("documents", |w| w.seq(&set.documents, |w, id| w.id(id)));
        self.close(')');
    }

    fn claim(&mut self, claim: &Claim) {
        self.open('(');
        self.field("id", |w| w.id(claim.id));
        self.field("document", |w| w.id(claim.document));
        self.field("range", |w| w.range(claim.range));
        self.field("quote", |w| w.quote(&claim.quote));
        self.field("source", |w| w.option(claim.source, Self::id));
        self.field("stance", |w| w.option(claim.stance, Self::id));
        self.field("tags", |w| w.seq(&claim.tags, |w, id| w.id(id)));
        self.field("proposition", |w| w.option(claim.proposition, Self::id));
        self.field("note", |w| w.string(&claim.note));
        self.field("value", |w| w.string(&claim.value));
        self.field("annotator", |w| w.string(&claim.annotator));
        self.field("created", |w| w.string(&claim.created));
        self.field("modified", |w| w.string(&claim.modified));
        self.field("review", |w| w.option(claim.review.as_ref(), Self::review));
        if let Some(record) = &claim.reanchored {
            self.field("reanchored", |w| w.option(Some(record), Self::reanchored));
        }
        self.close(')');
    }

    fn range(&mut self, range: CharRange) {
        self.open('(');
        self.field("start", |w| w.number(range.start));
        self.field("end", |w| w.number(range.end));
        self.close(')');
    }

    fn quote(&mut self, quote: &QuoteSelector) {
        self.open('(');
        self.field("exact", |w| w.string(&quote.exact));
        self.field("prefix", |w| w.string(&quote.prefix));
        self.field("suffix", |w| w.string(&quote.suffix));
        self.close(')');
    }

    fn reanchored(&mut self, record: &Reanchored) {
        self.open('(');
        self.field("from", |w| w.range(record.from));
        self.field("to", |w| w.range(record.to));
        self.field("was", |w| w.option(record.was.as_ref(), Self::quote));
        self.field("method", |w| {
            w.out.push_str(match record.method {
                ReanchorMethod::Exact => "Exact",
                ReanchorMethod::Approximate => "Approximate",
                ReanchorMethod::Offered => "Offered",
                ReanchorMethod::Orphaned => "Orphaned",
            });
        });
        self.field("confidence_permille", |w| {
            w.number(record.confidence_permille);
        });
        self.field("why", |w| w.string(&record.why));
        self.close(')');
    }

    fn review(&mut self, review: &Review) {
        self.open('(');
        self.field("status", |w| {
            w.out.push_str(match review.status {
                ReviewStatus::Accepted => "Accepted",
                ReviewStatus::Rejected => "Rejected",
                ReviewStatus::Discuss => "Discuss",
            });
        });
        self.field("reviewer", |w| w.string(&review.reviewer));
        self.field("comment", |w| w.string(&review.comment));
        self.field("time", |w| w.string(&review.time));
        self.close(')');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Claim, Review, ReviewStatus};

    /// What `ron` itself writes with the project file's settings.
    fn by_ron(project: &Project) -> String {
        let config = ron::ser::PrettyConfig::new()
            .indentor("    ")
            .new_line("\n")
            .struct_names(false)
            .separate_tuple_members(false)
            .enumerate_arrays(false);
        let mut text = ron::Options::default()
            .to_string_pretty(project, config)
            .expect("serialises");
        text.push('\n');
        text
    }

    #[test]
    fn writes_what_ron_writes() {
        let mut project = crate::stress::project(0.01);
        project.title =
            "Quotes \" ' \\ tabs\t and\nbreaks, \u{301}accents, ⚠️ ✊🏻 🇺🇦 \u{7f}\u{200b}".into();
        project.description.clear();
        project.tags.clear();
        if let Some(claim) = project.claims.first_mut() {
            claim.review = Some(Review {
                status: ReviewStatus::Discuss,
                reviewer: "Олена".into(),
                comment: "it's \"fine\"".into(),
                time: String::new(),
            });
            claim.tags.clear();
            claim.source = None;
        }
        if let Some(claim) = project.claims.get_mut(1) {
            claim.reanchored = Some(Reanchored {
                from: CharRange::new(3, 9),
                to: CharRange::new(12, 18),
                was: Some(QuoteSelector {
                    exact: "568 \"civilians\"".into(),
                    prefix: "Haidai: ".into(),
                    suffix: String::new(),
                }),
                method: ReanchorMethod::Approximate,
                confidence_permille: 934,
                why: String::new(),
            });
        }
        for (at, method) in [
            ReanchorMethod::Offered,
            ReanchorMethod::Orphaned,
            ReanchorMethod::Exact,
        ]
        .into_iter()
        .enumerate()
        {
            if let Some(claim) = project.claims.get_mut(2 + at) {
                claim.reanchored = Some(Reanchored {
                    method,
                    why: "its figures differ: 568 ≠ 586".into(),
                    ..Reanchored::default()
                });
            }
        }
        if let Some(document) = project.documents.get_mut(1) {
            document.retrieved = "2026-12-07T13:20:00Z".into();
        }
        project.claims.push(Claim::default());
        project.documents.push(Document::default());
        assert_eq!(project_to_ron(&project), by_ron(&project));

        // Document sets, written after the claims only when there are some.
        assert!(!project_to_ron(&project).contains("document_sets"));
        let mut set = crate::model::DocumentSet::new("Ukrainian \"outlets\"");
        set.documents = project.documents.iter().take(2).map(|d| d.id).collect();
        project.document_sets.push(set);
        project
            .document_sets
            .push(crate::model::DocumentSet::new(String::new()));
        let written = project_to_ron(&project);
        assert_eq!(written, by_ron(&project));
        assert!(written.contains("    document_sets: [\n"), "{written}");

        let sample = crate::io::project_file::from_ron_str(crate::SAMPLE_PROJECT)
            .expect("sample")
            .project;
        assert_eq!(project_to_ron(&sample), by_ron(&sample));
        assert_eq!(
            project_to_ron(&Project::default()),
            by_ron(&Project::default())
        );
    }
}
