//! Reviewing a colleague's work: compare two projects, merge three, measure agreement.
//!
//! Plain Rust over the model; the window and the command line read what it returns.

pub mod agreement;
pub mod diff;
pub mod merge;
pub mod resolve;

pub use diff::{ClaimDiff, Diff, DiffKind, Field, diff};
pub use merge::{MergeResult, merge3};
pub use resolve::{Decision, Resolver, Reviewer, Standing, resolve, standing};

use crate::model::Project;

/// A short, readable form of a claim's quote for messages: at most 60 characters.
pub(crate) fn short_quote(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= 60 {
        text
    } else {
        let mut shown: String = text.chars().take(59).collect();
        shown.push('…');
        shown
    }
}

/// The label of a project's document, or its short id when it is unknown.
pub(crate) fn document_label(project: &Project, id: crate::model::DocumentId) -> String {
    project
        .document(id)
        .map_or_else(|| format!("document {}", id.short()), |d| d.label())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_quotes_are_shortened_on_one_line() {
        assert_eq!(short_quote("568\n civilians"), "568 civilians");
        let long = "word ".repeat(30);
        let shown = short_quote(&long);
        assert_eq!(shown.chars().count(), 60);
        assert!(shown.ends_with('…'));
    }
}
