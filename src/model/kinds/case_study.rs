//! `kind: case-study` — what happened, what was done, what it changed.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{DocumentKind, document};
use crate::model::{Markdown, Text};

document! {
    /// A case study: what happened, what was done, and what it changed.
    pub struct CaseStudy {
        /// The situation at the start (Markdown).
        pub setup: Markdown,
        /// The problem that had to be solved (Markdown).
        pub challenge: Markdown,
        /// What was done (Markdown).
        pub action: Markdown,
        /// What came of it (Markdown).
        pub result: Markdown,
        /// Measured values before and after.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub metrics: Vec<Metric>,
        /// What to take away (Markdown each).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub lessons: Vec<Markdown>,
    }
}

/// Which direction of change is an improvement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    /// A lower value is better (latency, cost, incidents).
    Lower,
    /// A higher value is better (retention, velocity).
    Higher,
}

/// A measured value before and after.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    /// What was measured, e.g. "Page load time at peak".
    pub label: Text,
    /// The value before.
    pub before: f64,
    /// The value after.
    pub after: f64,
    /// The unit, e.g. "ms", "USD/month", "%".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Text>,
    /// Whether a lower or a higher value is better.
    pub better: Better,
}

impl DocumentKind for CaseStudy {
    const NAME: &'static str = "case-study";
    const LABEL: &'static str = "Case studies";
    const FOLDER: &'static str = "case-studies";
    const SKELETON: &'static str = include_str!("../../../scaffold/new/case-study.yaml");

    fn markdown(&self) -> Vec<&Markdown> {
        let mut out = vec![&self.setup, &self.challenge, &self.action, &self.result];
        out.extend(self.lessons.iter());
        out
    }
}
