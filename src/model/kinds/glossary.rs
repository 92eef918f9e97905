//! `kind: glossary` — terms a reader meets in the handbook.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{DocumentKind, document};
use crate::model::{Entry, EntryKind, Id, Markdown, Text};

document! {
    /// Terms a reader meets in the handbook.
    pub struct Glossary {
        /// The terms.
        pub terms: Vec<Term>,
    }
}

/// One glossary entry.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The term's id.
    pub id: Id,
    /// The term as it is usually written, e.g. "ADR".
    pub term: Text,
    /// What it means (Markdown).
    pub definition: Markdown,
    /// Other ways of writing it, e.g. "architecture decision record".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Text>,
    /// Ids of related documents or items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Id>,
}

impl DocumentKind for Glossary {
    const NAME: &'static str = "glossary";
    const LABEL: &'static str = "Glossary";
    const FOLDER: &'static str = "glossary";
    const SKELETON: &'static str = include_str!("../../../scaffold/new/glossary.yaml");

    fn items<'a>(&'a self, out: &mut Vec<Entry<'a>>) {
        for t in &self.terms {
            out.push(Entry::item(
                EntryKind::TERM,
                &self.id,
                &t.id,
                t.term.as_str(),
                &t.related,
                vec![&t.definition],
            ));
        }
    }
}
