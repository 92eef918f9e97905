//! careerbook: a career-growth handbook written as structured YAML, turned
//! into an interlinked mdBook site.
//!
//! The data flows through one module per stage (see `ARCHITECTURE.md`):
//! [`load`] (reading files and `book.toml`) → [`model`] (the content types,
//! their schema and markup) → [`link`] (one id namespace, references) →
//! [`render`] (HTML for chapters) → [`mdbook`] (the preprocessor and the
//! in-process build) → [`cli`] (the commands, including serve, scaffolding
//! and export). [`diag`] is shared by every stage for reporting problems;
//! [`par`] is a small parallel map.
//!
//! The documentation is written for maintainers and links crate-private
//! items: read it with `cargo doc --document-private-items`.

#![allow(rustdoc::private_intra_doc_links)]

pub mod cli;
pub mod diag;
pub mod link;
pub mod load;
pub mod mdbook;
pub mod model;
pub mod par;
pub mod render;
