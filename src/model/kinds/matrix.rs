//! `kind: matrix` — a competency matrix: levels (optionally forking into
//! tracks), competencies and the behaviours expected at each level. A matrix
//! may specialise another one (`extends`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{DocumentKind, document};
use crate::diag::{Diagnostic, Label};
use crate::model::{Entry, EntryKind, Id, Markdown, OrderedMap, Text};

document! {
    /// A competency matrix: ordered levels, and for each competency the
    /// observable behaviours expected at each level. Level pages, comparisons
    /// and the self-assessment are generated from it.
    pub struct Matrix {
        /// The id of a matrix this one specialises (e.g. a backend framework
        /// extending the generic engineering one). It inherits that matrix's
        /// levels, tracks and competencies, and may add competencies
        /// (`competencies`), add behaviours to inherited competencies or
        /// change their weight (`extend_competencies`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub extends: Option<Id>,
        /// Whether each level includes what the levels below it expect
        /// (default true). When true, comparing two levels lists a lower
        /// level's behaviour as "no longer the focus" only when a behaviour of
        /// the higher level grows out of it (`builds_on`).
        #[serde(default = "yes", skip_serializing_if = "is_true")]
        pub cumulative: bool,
        /// The levels, from the first (most junior) to the last. Required,
        /// unless the matrix `extends` another (it then inherits them).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub levels: Vec<Level>,
        /// Paths through the levels, for a ladder that forks (e.g. an
        /// individual-contributor track and a manager track after senior).
        /// Without tracks, the levels in order are the one path.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub tracks: Vec<Track>,
        /// The competencies assessed at every level.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub competencies: Vec<Competency>,
        /// Changes to competencies inherited from the matrix this one
        /// extends: more behaviours, another weight.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub extend_competencies: Vec<CompetencyExtension>,
    }
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

/// One rung of the ladder.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// The level's id, e.g. `senior`.
    pub id: Id,
    /// The level's name, e.g. "Senior engineer".
    pub title: Text,
    /// The scope of ownership in a few words: tasks, features, components,
    /// domains, organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Text>,
    /// What working at this level means (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Markdown>,
    /// Ids of related documents or items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Id>,
}

/// A path through the levels of a matrix. Levels may be shared by several
/// tracks (the common shape: the same first levels, then a fork).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Track {
    /// The track's id, e.g. `ic` or `manager`.
    pub id: Id,
    /// The track's name, e.g. "Individual contributor".
    pub title: Text,
    /// What the track is for (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Markdown>,
    /// The ids of the track's levels, from the first to the last.
    pub levels: Vec<Id>,
}

/// One competency and what it looks like at each level.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Competency {
    /// The competency's id.
    pub id: Id,
    /// The competency's name.
    pub title: Text,
    /// What the competency is about (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Markdown>,
    /// Relative weight in the overall assessment (default 1).
    #[serde(
        default = "crate::model::default_weight",
        skip_serializing_if = "crate::model::is_default_weight"
    )]
    #[schemars(range(min = 0.0))]
    pub weight: f64,
    /// Ids of related documents or items: framework steps, patterns,
    /// checklists and mistakes that help grow this competency.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Id>,
    /// For each level id, the behaviours expected at that level. A level may
    /// be left out when nothing new is expected there.
    #[serde(default)]
    pub behaviours: OrderedMap<Vec<Behaviour>>,
}

/// Additions to a competency inherited from the matrix this one extends.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CompetencyExtension {
    /// The id of the inherited competency.
    pub competency: Id,
    /// Its weight in this matrix (default: the inherited weight).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0))]
    pub weight: Option<f64>,
    /// Behaviours added to it, by level id.
    #[serde(default)]
    pub behaviours: OrderedMap<Vec<Behaviour>>,
}

/// An observable behaviour: something a manager could point to.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Behaviour {
    /// The behaviour's id. Self-assessment answers are stored under it, so
    /// keep it stable when you reword the text.
    pub id: Id,
    /// The behaviour, phrased so that it can be observed (Markdown).
    pub text: Markdown,
    /// Examples of the behaviour in practice (Markdown each).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Markdown>,
    /// The id of a behaviour at a lower level that this one grows out of
    /// (shown as "changed" when comparing levels; in a cumulative matrix the
    /// behaviour it grows out of is then no longer the focus).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub builds_on: Option<Id>,
    /// Ids of related documents or items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Id>,
}

impl Competency {
    /// The behaviours written for one level.
    pub fn behaviours_at(&self, level: &str) -> &[Behaviour] {
        self.behaviours
            .0
            .iter()
            .find(|(k, _)| k.as_str() == level)
            .map_or(&[], |(_, b)| b.as_slice())
    }
}

fn behaviour_entries<'a>(
    parent: &'a Id,
    behaviours: &'a OrderedMap<Vec<Behaviour>>,
    out: &mut Vec<Entry<'a>>,
) {
    for (_, list) in &behaviours.0 {
        for b in list {
            let mut markdown = vec![&b.text];
            markdown.extend(b.examples.iter());
            let mut e = Entry::item(
                EntryKind::BEHAVIOUR,
                parent,
                &b.id,
                b.text.as_str(),
                &b.related,
                markdown,
            );
            e.related.extend(b.builds_on.iter());
            out.push(e);
        }
    }
}

impl DocumentKind for Matrix {
    const NAME: &'static str = "matrix";
    const LABEL: &'static str = "Competency matrices";
    const FOLDER: &'static str = "matrices";
    const SKELETON: &'static str = include_str!("../../../scaffold/new/matrix.yaml");

    fn items<'a>(&'a self, out: &mut Vec<Entry<'a>>) {
        for l in &self.levels {
            out.push(Entry::item(
                EntryKind::LEVEL,
                &self.id,
                &l.id,
                l.title.as_str(),
                &l.related,
                l.summary.iter().collect(),
            ));
        }
        for t in &self.tracks {
            // A track's level ids are checked by the track rules, not as
            // references.
            out.push(Entry::item(
                EntryKind::TRACK,
                &self.id,
                &t.id,
                t.title.as_str(),
                &[],
                t.summary.iter().collect(),
            ));
        }
        for c in &self.competencies {
            out.push(Entry::item(
                EntryKind::COMPETENCY,
                &self.id,
                &c.id,
                c.title.as_str(),
                &c.related,
                c.summary.iter().collect(),
            ));
            behaviour_entries(&c.id, &c.behaviours, out);
        }
        for x in &self.extend_competencies {
            behaviour_entries(&x.competency, &x.behaviours, out);
        }
    }

    fn check(&self, file: &str, out: &mut Vec<Diagnostic>) {
        let at = Label::new(file, self.id.pos());
        match &self.extends {
            None if self.levels.is_empty() => out.push(
                Diagnostic::error("model::empty", "a matrix needs at least one level", at)
                    .with_help("add `levels:` with `- id: …` and `title: …` (or `extends:` another matrix to inherit its levels)"),
            ),
            None if !self.extend_competencies.is_empty() => out.push(
                Diagnostic::error(
                    "model::extends",
                    "`extend_competencies` needs `extends`",
                    Label::new(file, self.extend_competencies[0].competency.pos())
                        .with_label("this matrix extends no other"),
                )
                .with_help("add `extends: BASE_MATRIX_ID`, or move these behaviours into `competencies`"),
            ),
            Some(base) if !self.levels.is_empty() || !self.tracks.is_empty() => out.push(
                Diagnostic::error(
                    "model::extends",
                    format!("a matrix that extends `{base}` inherits its levels and tracks"),
                    Label::new(file, base.pos()).with_label("levels and tracks come from here"),
                )
                .with_help("remove `levels:` and `tracks:` from this matrix, or remove `extends:`"),
            ),
            _ => {}
        }
    }
}
