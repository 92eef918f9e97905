//! `kind: pattern` — a leverage pattern, with its arithmetic.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{DocumentKind, document};
use crate::model::{Markdown, Text};

document! {
    /// A leverage pattern: a practice whose effort pays back many times.
    pub struct Pattern {
        /// The problem the pattern solves (Markdown).
        pub problem: Markdown,
        /// The practice itself (Markdown).
        pub practice: Markdown,
        /// How to put it in place (Markdown each).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub steps: Vec<Markdown>,
        /// The leverage arithmetic; careerbook computes and shows the net gain.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub leverage: Option<Leverage>,
    }
}

/// The period the savings are counted per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Week,
    Month,
    Year,
}

impl Period {
    pub fn name(self) -> &'static str {
        match self {
            Period::Week => "week",
            Period::Month => "month",
            Period::Year => "year",
        }
    }
}

/// Hours invested once against hours saved per unit per period.
///
/// Net gain over the horizon = `hours_saved_per_unit × units × horizon −
/// hours_invested`; break-even comes after `hours_invested ÷
/// (hours_saved_per_unit × units)` periods.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Leverage {
    /// Hours spent once to put the practice in place.
    #[schemars(range(min = 0.0))]
    pub hours_invested: f64,
    /// Hours saved per unit in each period.
    #[schemars(range(min = 0.0))]
    pub hours_saved_per_unit: f64,
    /// How many units benefit (services, teams, engineers…).
    #[schemars(range(min = 0.0))]
    pub units: f64,
    /// What a unit is, singular, e.g. "service".
    pub unit: Text,
    /// The period the savings are counted per.
    pub period: Period,
    /// How many periods to count (default 1).
    #[serde(default = "default_horizon")]
    #[schemars(range(min = 0.0))]
    pub horizon: f64,
}

fn default_horizon() -> f64 {
    1.0
}

impl DocumentKind for Pattern {
    const NAME: &'static str = "pattern";
    const LABEL: &'static str = "Leverage patterns";
    const FOLDER: &'static str = "patterns";
    const SKELETON: &'static str = include_str!("../../../scaffold/new/pattern.yaml");

    fn markdown(&self) -> Vec<&Markdown> {
        let mut out = vec![&self.problem, &self.practice];
        out.extend(self.steps.iter());
        out
    }
}
