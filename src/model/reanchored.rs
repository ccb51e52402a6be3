//! The record a claim keeps when re-anchoring moved it, or offered it a new place,
//! until the analyst has looked at it.

use serde::{Deserialize, Serialize};

use super::{CharRange, QuoteSelector};

/// How re-anchoring came to its outcome for one claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReanchorMethod {
    /// The exact quote with its context was found at another range, and taken.
    Exact,
    /// Text close to the quote was found, within the error budget, and taken.
    Approximate,
    /// A place was found but not taken: the claim stays where it was, flagged, until the
    /// analyst confirms the place, picks another or orphans it.
    Offered,
    /// The analyst decided that the claim's text is no longer in the document: it stays
    /// orphaned and re-anchoring leaves it alone until it is re-attached.
    Orphaned,
}

impl ReanchorMethod {
    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Exact => "exact quote found elsewhere",
            Self::Approximate => "close text found",
            Self::Offered => "place offered, not taken",
            Self::Orphaned => "orphaned by the analyst",
        }
    }
}

/// What re-anchoring did to a claim, kept with it (and saved) until the analyst
/// confirms it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Reanchored {
    /// Where the claim was before: the range it was last confirmed at.
    pub from: CharRange,
    /// Where re-anchoring put the claim, or the place it offers.
    pub to: CharRange,
    /// The claim's quote before it moved; `None` when it did not move.
    pub was: Option<QuoteSelector>,
    /// How the place was found.
    pub method: ReanchorMethod,
    /// How sure re-anchoring was of the place, in thousandths (0–1000).
    pub confidence_permille: u16,
    /// Why the place was not taken, for a place offered; empty otherwise.
    pub why: String,
}

impl Default for Reanchored {
    fn default() -> Self {
        Self {
            from: CharRange::default(),
            to: CharRange::default(),
            was: None,
            method: ReanchorMethod::Offered,
            confidence_permille: 0,
            why: String::new(),
        }
    }
}

impl Reanchored {
    /// Whether the analyst still has to confirm it: a claim moved or offered a place,
    /// not one the analyst orphaned.
    pub fn awaits_confirmation(&self) -> bool {
        self.method != ReanchorMethod::Orphaned
    }

    /// Whether the place was offered and not taken: the claim is not on its text.
    pub fn is_offer(&self) -> bool {
        self.method == ReanchorMethod::Offered
    }

    /// The confidence as a number from 0 to 1.
    pub fn confidence(&self) -> f64 {
        f64::from(self.confidence_permille.min(1000)) / 1000.0
    }
}
