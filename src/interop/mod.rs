//! Other tools' files, read in: REFI-QDA projects (`.qdpx`) and codebooks (`.qdc`)
//! from NVivo, ATLAS.ti, MAXQDA and QualCoder.
//!
//! Everything read here is hostile until proven otherwise: archives through
//! [`archive`] (entry count, sizes and compression ratio bounded, no path leaving
//! the archive), XML through [`xml`] (a streaming reader that never expands an
//! entity, with depth and element limits). A file that breaks a limit is refused
//! with a message naming it, and nothing is written.

pub mod archive;
pub mod xml;
