//! `kind: mistakes` — common mistakes and how to fix them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{DocumentKind, document};
use crate::model::{Entry, EntryKind, Id, Markdown, Text};

document! {
    /// Common mistakes and how to fix them.
    pub struct Mistakes {
        /// The mistakes.
        pub mistakes: Vec<Mistake>,
    }
}

/// One mistake.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mistake {
    /// The mistake's id.
    pub id: Id,
    /// A short name for the mistake.
    pub title: Text,
    /// What the mistake looks like (Markdown).
    pub mistake: Markdown,
    /// Why people fall into it (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<Markdown>,
    /// Signs that you are making it (Markdown each).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signs: Vec<Markdown>,
    /// How to fix it (Markdown).
    pub fix: Markdown,
    /// Ids of related documents or items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Id>,
}

impl DocumentKind for Mistakes {
    const NAME: &'static str = "mistakes";
    const LABEL: &'static str = "Mistakes";
    const FOLDER: &'static str = "mistakes";
    const SKELETON: &'static str = include_str!("../../../scaffold/new/mistakes.yaml");

    fn items<'a>(&'a self, out: &mut Vec<Entry<'a>>) {
        for x in &self.mistakes {
            let mut markdown = vec![&x.mistake];
            markdown.extend(x.why.iter());
            markdown.extend(x.signs.iter());
            markdown.push(&x.fix);
            out.push(Entry::item(
                EntryKind::MISTAKE,
                &self.id,
                &x.id,
                x.title.as_str(),
                &x.related,
                markdown,
            ));
        }
    }
}
