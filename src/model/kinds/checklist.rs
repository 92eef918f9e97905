//! `kind: checklist` — items to tick off, flat or grouped in phases.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{DocumentKind, document};
use crate::diag::{Diagnostic, Label};
use crate::model::{Entry, EntryKind, Id, Markdown, Text};

document! {
    /// A checklist, either a flat list of `items` or grouped in `phases`
    /// (for example month 1, 2 and 3 of a 90-day plan).
    pub struct Checklist {
        /// The items, when the checklist has no phases.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub items: Vec<ChecklistItem>,
        /// The phases, in order, each with its items.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub phases: Vec<Phase>,
    }
}

/// A group of checklist items.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    /// The phase's id.
    pub id: Id,
    /// The phase's name, e.g. "Month 1: listen and learn".
    pub title: Text,
    /// What the phase is for (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Markdown>,
    /// The items of this phase.
    pub items: Vec<ChecklistItem>,
}

/// One thing to do or produce. Readers can tick it off.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    /// The item's id. Ticks are stored under it, so keep it stable.
    pub id: Id,
    /// What to do (Markdown).
    pub text: Markdown,
    /// Why it matters (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<Markdown>,
    /// How long it takes, e.g. "2–4 hours each".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effort: Option<Text>,
    /// Ids of related documents or items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Id>,
}

impl Checklist {
    /// Every item, phases in order.
    pub(crate) fn all_items(&self) -> impl Iterator<Item = &ChecklistItem> {
        self.items
            .iter()
            .chain(self.phases.iter().flat_map(|p| p.items.iter()))
    }
}

fn item_entry<'a>(item: &'a ChecklistItem, parent: &'a Id) -> Entry<'a> {
    let mut markdown = vec![&item.text];
    markdown.extend(item.why.iter());
    Entry::item(
        EntryKind::CHECKLIST_ITEM,
        parent,
        &item.id,
        item.text.as_str(),
        &item.related,
        markdown,
    )
}

impl DocumentKind for Checklist {
    const NAME: &'static str = "checklist";
    const LABEL: &'static str = "Checklists";
    const FOLDER: &'static str = "checklists";
    const SKELETON: &'static str = include_str!("../../../scaffold/new/checklist.yaml");

    fn items<'a>(&'a self, out: &mut Vec<Entry<'a>>) {
        for item in &self.items {
            out.push(item_entry(item, &self.id));
        }
        for p in &self.phases {
            out.push(Entry::item(
                EntryKind::PHASE,
                &self.id,
                &p.id,
                p.title.as_str(),
                &[],
                p.summary.iter().collect(),
            ));
            for item in &p.items {
                out.push(item_entry(item, &p.id));
            }
        }
    }

    fn check(&self, file: &str, out: &mut Vec<Diagnostic>) {
        if self.items.is_empty() && self.phases.is_empty() {
            out.push(
                Diagnostic::error(
                    "model::empty",
                    format!("checklist `{}` has no items", self.id),
                    Label::new(file, self.id.pos()),
                )
                .with_help("add `items:` (or `phases:` each with `items:`)"),
            );
        }
    }
}
