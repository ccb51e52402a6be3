//! Agreement between annotators.
