//! careerbook: a career-growth handbook written as structured YAML, turned
//! into an interlinked mdBook site.
//!
//! The data flows through one module per stage (see `ARCHITECTURE.md`):
//! [`load`] (with [`config`]) → [`model`] (with [`markup`], [`schema`]) →
//! [`link`] → [`render`] → [`mdbook`] glue (and [`serve`]) → [`cli`]. [`diag`] is shared by every
//! stage for reporting problems.

pub mod cli;
pub mod config;
pub mod diag;
pub mod export;
pub mod link;
pub mod load;
pub mod markup;
pub mod mdbook;
pub mod model;
pub mod par;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod serve;
