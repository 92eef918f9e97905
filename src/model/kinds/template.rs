//! `kind: template` — a copyable artefact (ADR, plan, promotion case).

use super::{DocumentKind, document};
use crate::model::{Markdown, Text};

document! {
    /// A copyable artefact: an ADR, an initiative plan, a promotion case.
    pub struct Template {
        /// What the template is for (Markdown).
        pub purpose: Markdown,
        /// When to reach for it (Markdown).
        pub when_to_use: Markdown,
        /// The text to copy, usually Markdown. Shown verbatim in a code block.
        pub body: Text,
        /// File name offered when the reader downloads the template, e.g.
        /// `adr-000-title.md`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub filename: Option<Text>,
    }
}

impl DocumentKind for Template {
    const NAME: &'static str = "template";
    const LABEL: &'static str = "Templates";
    const FOLDER: &'static str = "templates";
    const SKELETON: &'static str = include_str!("../../../scaffold/new/template.yaml");

    fn markdown(&self) -> Vec<&Markdown> {
        vec![&self.purpose, &self.when_to_use]
    }
}
