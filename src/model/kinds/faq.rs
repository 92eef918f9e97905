//! `kind: faq` — questions and answers.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{DocumentKind, document};
use crate::model::{Entry, EntryKind, Id, Markdown, Text};

document! {
    /// Frequently asked questions.
    pub struct Faq {
        /// The questions and their answers.
        pub questions: Vec<Question>,
    }
}

/// One question and its answer.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// The question's id.
    pub id: Id,
    /// The question, as a reader would ask it.
    pub question: Text,
    /// The answer (Markdown).
    pub answer: Markdown,
    /// Ids of related documents or items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Id>,
}

impl DocumentKind for Faq {
    const NAME: &'static str = "faq";
    const LABEL: &'static str = "Questions";
    const FOLDER: &'static str = "faq";
    const SKELETON: &'static str = include_str!("../../../scaffold/new/faq.yaml");

    fn items<'a>(&'a self, out: &mut Vec<Entry<'a>>) {
        for q in &self.questions {
            out.push(Entry::item(
                EntryKind::QUESTION,
                &self.id,
                &q.id,
                q.question.as_str(),
                &q.related,
                vec![&q.answer],
            ));
        }
    }
}
