//! `kind: framework` — an ordered path of steps.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{DocumentKind, document};
use crate::model::{Entry, EntryKind, Id, Markdown, Text};

document! {
    /// An ordered path of steps.
    pub struct Framework {
        /// The steps, in order.
        pub steps: Vec<Step>,
    }
}

/// One step of a framework.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The step's id.
    pub id: Id,
    /// The step's name.
    pub title: Text,
    /// One or two sentences: what the step is (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Markdown>,
    /// The longer explanation (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Markdown>,
    /// Concrete things to do (Markdown each).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Markdown>,
    /// Signals that show the step is done (Markdown each).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signals: Vec<Markdown>,
    /// Ids of related documents or items: the mistakes it prevents, the
    /// patterns and checklists that help, the competency it grows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Id>,
}

impl DocumentKind for Framework {
    const NAME: &'static str = "framework";
    const LABEL: &'static str = "Frameworks";
    const FOLDER: &'static str = "frameworks";
    const SKELETON: &'static str = include_str!("../../../scaffold/new/framework.yaml");

    fn items<'a>(&'a self, out: &mut Vec<Entry<'a>>) {
        for s in &self.steps {
            let mut markdown: Vec<&Markdown> = s.summary.iter().chain(s.body.iter()).collect();
            markdown.extend(s.actions.iter().chain(s.signals.iter()));
            out.push(Entry::item(
                EntryKind::STEP,
                &self.id,
                &s.id,
                s.title.as_str(),
                &s.related,
                markdown,
            ));
        }
    }
}
