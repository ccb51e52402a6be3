//! Triangulate: compare how different sources report the same event.
//!
//! Everything here but `ui` (the window, built with the default `gui` feature)
//! is plain Rust that knows nothing of the screen; the window reads the model
//! and sends it [`edit::Edit`]s.
#![forbid(unsafe_code)]

pub mod anchor;
pub mod bidi;
pub mod cli;
pub mod compare;
pub mod crosstab;
pub mod document_edit;
pub mod edit;
pub mod export;
pub mod highlight;
pub mod interop;
pub mod io;
pub mod model;
pub mod query;
pub mod review;
pub mod search;
pub mod stress;
pub mod suggest;
#[cfg(feature = "gui")]
pub mod ui;
pub mod values;
pub mod workspace;

/// Where the sample project lives in a checkout.
pub const SAMPLE_PROJECT_PATH: &str = "projects/severodonetsk.ron";

/// The sample project, built into the program so it opens from anywhere.
pub const SAMPLE_PROJECT: &str = include_str!("../projects/severodonetsk.ron");
