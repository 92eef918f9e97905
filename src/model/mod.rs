//! Stage 2 — the content model.
//!
//! These types are the format a contributor writes. They are deserialized
//! directly from YAML by [`crate::load`] and are the single source of the JSON
//! Schema written by `careerbook schema` (their doc comments become the
//! schema's descriptions, which editors show on hover).
//!
//! Every document has `kind`, `id`, `title`, an optional `summary` and an
//! optional `related` list; the other fields depend on the kind. Every string a
//! contributor writes is kept with its source location ([`Text`], [`Id`]) so
//! that later stages can point at the exact line and column.

pub mod markup;
pub mod schema;

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_saphyr::{Location, Spanned};

/// Where a value was written: 1-based line and column, and the byte range in
/// the file's text (when known).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
    pub offset: Option<usize>,
    pub len: usize,
}

impl Pos {
    pub fn from_location(loc: Location) -> Pos {
        let span = loc.span();
        Pos {
            line: loc.line() as u32,
            col: loc.column() as u32,
            offset: span.byte_offset().map(|o| o as usize),
            len: span.byte_len().unwrap_or(0) as usize,
        }
    }
}

macro_rules! spanned_string {
    ($(#[$meta:meta])* $name:ident, $schema_name:literal, $schema:expr) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(pub Spanned<String>);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0.value
            }
            /// Where the value was written (for a value that came through a YAML
            /// alias, where it was used).
            pub fn pos(&self) -> Pos {
                Pos::from_location(self.0.referenced)
            }
            /// A value that was not read from a file (tests, generated content).
            pub fn synthetic(s: impl Into<String>) -> Self {
                $name(Spanned::new(s.into(), Location::UNKNOWN, Location::UNKNOWN))
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(self.as_str(), f)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                Spanned::<String>::deserialize(d).map($name)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                $schema_name.into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                $schema
            }
        }
    };
}

/// The pattern every id must match.
pub const ID_PATTERN: &str = "^[a-z0-9][a-z0-9-]*$";

spanned_string!(
    /// An identifier: lowercase letters, digits and `-`, starting with a letter
    /// or digit. Ids share one namespace across the whole handbook.
    Id,
    "Id",
    json_schema!({
        "type": "string",
        "pattern": ID_PATTERN,
        "description": "An id: lowercase letters, digits and '-', starting with a letter or digit. Unique across the whole handbook; link to it with [[id]] or list it under `related`."
    })
);

spanned_string!(
    /// Text written by a contributor. Fields documented as Markdown accept
    /// CommonMark and inline references `[[id]]` / `[[id|label]]`.
    Text,
    "Text",
    json_schema!({ "type": "string" })
);

impl Id {
    /// Whether the id has the required shape.
    pub fn is_well_formed(s: &str) -> bool {
        let b = s.as_bytes();
        !b.is_empty()
            && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
            && b.iter()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
    }
}

/// An ordered map whose keys keep their source position (YAML mappings keep
/// the order the contributor wrote).
#[derive(Debug, Clone, Default)]
pub struct OrderedMap<V>(pub Vec<(Id, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Visit<V> {
            type Value = OrderedMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping from level id to a list")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(k) = map.next_key::<Id>()? {
                    out.push((k, map.next_value::<V>()?));
                }
                Ok(OrderedMap(out))
            }
        }
        d.deserialize_map(Visit(std::marker::PhantomData))
    }
}

impl<V: Serialize> Serialize for OrderedMap<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k.as_str(), v)?;
        }
        m.end()
    }
}

impl<V: JsonSchema> JsonSchema for OrderedMap<V> {
    fn schema_name() -> Cow<'static, str> {
        format!("Map_of_{}", V::schema_name()).into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let v = generator.subschema_for::<V>();
        json_schema!({
            "type": "object",
            "propertyNames": { "pattern": ID_PATTERN },
            "additionalProperties": v,
        })
    }
}

fn default_weight() -> f64 {
    1.0
}
fn is_default_weight(w: &f64) -> bool {
    *w == 1.0
}

/// Declares a document struct with the fields every kind shares.
macro_rules! document {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// The document's id, unique across the handbook. Chapters pull the
            /// document in with `{{#careerbook ID}}`.
            pub id: Id,
            /// The document's title, shown as its heading.
            pub title: Text,
            /// A short introduction (Markdown).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub summary: Option<Text>,
            /// Ids of related documents or items anywhere in the handbook.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub related: Vec<Id>,
            $( $(#[$fmeta])* pub $field : $ty, )*
        }
    };
}

// ---------------------------------------------------------------- matrix

document! {
    /// A competency matrix: ordered levels, and for each competency the
    /// observable behaviours expected at each level. Self-assessment pages are
    /// generated from it.
    pub struct Matrix {
        /// The levels, from the first (most junior) to the last.
        pub levels: Vec<Level>,
        /// The competencies assessed at every level.
        pub competencies: Vec<Competency>,
    }
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
    pub scope: Text,
    /// What working at this level means (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Text>,
    /// Ids of related documents or items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Id>,
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
    pub summary: Option<Text>,
    /// Relative weight in the overall assessment (default 1).
    #[serde(default = "default_weight", skip_serializing_if = "is_default_weight")]
    #[schemars(range(min = 0.0))]
    pub weight: f64,
    /// Ids of related documents or items: framework steps, patterns,
    /// checklists and mistakes that help grow this competency.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Id>,
    /// For each level id, the behaviours expected at that level. A level may
    /// be left out when nothing new is expected there.
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
    pub text: Text,
    /// The id of a behaviour at a lower level that this one grows out of
    /// (shown as "changed" when comparing levels).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub builds_on: Option<Id>,
    /// Ids of related documents or items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Id>,
}

// ------------------------------------------------------------- framework

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
    pub summary: Option<Text>,
    /// The longer explanation (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Text>,
    /// Concrete things to do (Markdown each).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Text>,
    /// Signals that show the step is done (Markdown each).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signals: Vec<Text>,
    /// Ids of related documents or items: the mistakes it prevents, the
    /// patterns and checklists that help, the competency it grows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Id>,
}

// -------------------------------------------------------------- mistakes

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
    pub mistake: Text,
    /// Why people fall into it (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<Text>,
    /// Signs that you are making it (Markdown each).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signs: Vec<Text>,
    /// How to fix it (Markdown).
    pub fix: Text,
    /// Ids of related documents or items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Id>,
}

// ------------------------------------------------------------- checklist

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
    pub summary: Option<Text>,
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
    pub text: Text,
    /// Why it matters (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<Text>,
    /// How long it takes, e.g. "2–4 hours each".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effort: Option<Text>,
    /// Ids of related documents or items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Id>,
}

// ------------------------------------------------------------ case-study

document! {
    /// A case study: what happened, what was done, and what it changed.
    pub struct CaseStudy {
        /// The situation at the start (Markdown).
        pub setup: Text,
        /// The problem that had to be solved (Markdown).
        pub challenge: Text,
        /// What was done (Markdown).
        pub action: Text,
        /// What came of it (Markdown).
        pub result: Text,
        /// Measured values before and after.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub metrics: Vec<Metric>,
        /// What to take away (Markdown each).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub lessons: Vec<Text>,
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

// --------------------------------------------------------------- pattern

document! {
    /// A leverage pattern: a practice whose effort pays back many times.
    pub struct Pattern {
        /// The problem the pattern solves (Markdown).
        pub problem: Text,
        /// The practice itself (Markdown).
        pub practice: Text,
        /// How to put it in place (Markdown each).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub steps: Vec<Text>,
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

// -------------------------------------------------------------- template

document! {
    /// A copyable artefact: an ADR, an initiative plan, a promotion case.
    pub struct Template {
        /// What the template is for (Markdown).
        pub purpose: Text,
        /// When to reach for it (Markdown).
        pub when_to_use: Text,
        /// The text to copy, usually Markdown. Shown verbatim in a code block.
        pub body: Text,
        /// File name offered when the reader downloads the template, e.g.
        /// `adr-000-title.md`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub filename: Option<Text>,
    }
}

// ------------------------------------------------------------------- faq

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
    pub answer: Text,
    /// Ids of related documents or items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Id>,
}

// -------------------------------------------------------------- glossary

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
    pub definition: Text,
    /// Other ways of writing it, e.g. "architecture decision record".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Text>,
    /// Ids of related documents or items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Id>,
}

// -------------------------------------------------------------- document

/// One content file: a document of one of the nine kinds, chosen by `kind`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Document {
    Matrix(Matrix),
    Framework(Framework),
    Mistakes(Mistakes),
    Checklist(Checklist),
    CaseStudy(CaseStudy),
    Pattern(Pattern),
    Template(Template),
    Faq(Faq),
    Glossary(Glossary),
}

/// The kinds of document, as written after `kind:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Matrix,
    Framework,
    Mistakes,
    Checklist,
    CaseStudy,
    Pattern,
    Template,
    Faq,
    Glossary,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::Matrix,
        Kind::Framework,
        Kind::Mistakes,
        Kind::Checklist,
        Kind::CaseStudy,
        Kind::Pattern,
        Kind::Template,
        Kind::Faq,
        Kind::Glossary,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Matrix => "matrix",
            Kind::Framework => "framework",
            Kind::Mistakes => "mistakes",
            Kind::Checklist => "checklist",
            Kind::CaseStudy => "case-study",
            Kind::Pattern => "pattern",
            Kind::Template => "template",
            Kind::Faq => "faq",
            Kind::Glossary => "glossary",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == s)
    }

    /// A plural label for headings, e.g. in the index.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Matrix => "Competency matrices",
            Kind::Framework => "Frameworks",
            Kind::Mistakes => "Mistakes",
            Kind::Checklist => "Checklists",
            Kind::CaseStudy => "Case studies",
            Kind::Pattern => "Leverage patterns",
            Kind::Template => "Templates",
            Kind::Faq => "Questions",
            Kind::Glossary => "Glossary",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What an id names: a whole document or one entry inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntryKind {
    Document(Kind),
    Level,
    Competency,
    Behaviour,
    Step,
    Mistake,
    Phase,
    ChecklistItem,
    Question,
    Term,
}

impl EntryKind {
    pub fn name(self) -> &'static str {
        match self {
            EntryKind::Document(k) => k.name(),
            EntryKind::Level => "level",
            EntryKind::Competency => "competency",
            EntryKind::Behaviour => "behaviour",
            EntryKind::Step => "step",
            EntryKind::Mistake => "mistake",
            EntryKind::Phase => "phase",
            EntryKind::ChecklistItem => "checklist item",
            EntryKind::Question => "question",
            EntryKind::Term => "term",
        }
    }
}

/// A view of one id-bearing entry: the document itself or an item in it.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub id: &'a Id,
    pub kind: EntryKind,
    /// The title shown for links to this entry.
    pub title: &'a Text,
    /// The id of the entry this one is nested in (none for a document).
    pub parent: Option<&'a Id>,
    /// Typed references written under `related` (and `builds_on`).
    pub related: Vec<&'a Id>,
    /// The Markdown fields of this entry (not of its children).
    pub markdown: Vec<&'a Text>,
}

impl Document {
    pub fn kind(&self) -> Kind {
        match self {
            Document::Matrix(_) => Kind::Matrix,
            Document::Framework(_) => Kind::Framework,
            Document::Mistakes(_) => Kind::Mistakes,
            Document::Checklist(_) => Kind::Checklist,
            Document::CaseStudy(_) => Kind::CaseStudy,
            Document::Pattern(_) => Kind::Pattern,
            Document::Template(_) => Kind::Template,
            Document::Faq(_) => Kind::Faq,
            Document::Glossary(_) => Kind::Glossary,
        }
    }

    fn common(&self) -> (&Id, &Text, &Option<Text>, &Vec<Id>) {
        macro_rules! c {
            ($d:expr) => {
                (&$d.id, &$d.title, &$d.summary, &$d.related)
            };
        }
        match self {
            Document::Matrix(d) => c!(d),
            Document::Framework(d) => c!(d),
            Document::Mistakes(d) => c!(d),
            Document::Checklist(d) => c!(d),
            Document::CaseStudy(d) => c!(d),
            Document::Pattern(d) => c!(d),
            Document::Template(d) => c!(d),
            Document::Faq(d) => c!(d),
            Document::Glossary(d) => c!(d),
        }
    }

    pub fn id(&self) -> &Id {
        self.common().0
    }
    pub fn title(&self) -> &Text {
        self.common().1
    }
    pub fn summary(&self) -> Option<&Text> {
        self.common().2.as_ref()
    }

    /// Every id-bearing entry of the document, the document first, children
    /// in source order.
    pub fn entries(&self) -> Vec<Entry<'_>> {
        let (id, title, summary, related) = self.common();
        let mut doc = Entry {
            id,
            kind: EntryKind::Document(self.kind()),
            title,
            parent: None,
            related: related.iter().collect(),
            markdown: summary.iter().collect(),
        };
        let mut out = Vec::new();
        let parent = self.id();
        fn child<'a>(
            parent: &'a Id,
            id: &'a Id,
            kind: EntryKind,
            title: &'a Text,
            related: &'a [Id],
            markdown: Vec<&'a Text>,
        ) -> Entry<'a> {
            Entry {
                id,
                kind,
                title,
                parent: Some(parent),
                related: related.iter().collect(),
                markdown,
            }
        }
        match self {
            Document::Matrix(m) => {
                out.push(doc);
                for l in &m.levels {
                    out.push(child(
                        parent,
                        &l.id,
                        EntryKind::Level,
                        &l.title,
                        &l.related,
                        l.summary.iter().collect(),
                    ));
                }
                for c in &m.competencies {
                    out.push(child(
                        parent,
                        &c.id,
                        EntryKind::Competency,
                        &c.title,
                        &c.related,
                        c.summary.iter().collect(),
                    ));
                    for (_, bs) in &c.behaviours.0 {
                        for b in bs {
                            let mut e = child(
                                parent,
                                &b.id,
                                EntryKind::Behaviour,
                                &b.text,
                                &b.related,
                                vec![&b.text],
                            );
                            e.parent = Some(&c.id);
                            e.related.extend(b.builds_on.iter());
                            out.push(e);
                        }
                    }
                }
            }
            Document::Framework(f) => {
                out.push(doc);
                for s in &f.steps {
                    let mut md: Vec<&Text> = s.summary.iter().chain(s.body.iter()).collect();
                    md.extend(s.actions.iter().chain(s.signals.iter()));
                    out.push(child(
                        parent,
                        &s.id,
                        EntryKind::Step,
                        &s.title,
                        &s.related,
                        md,
                    ));
                }
            }
            Document::Mistakes(m) => {
                out.push(doc);
                for x in &m.mistakes {
                    let mut md = vec![&x.mistake];
                    md.extend(x.why.iter());
                    md.extend(x.signs.iter());
                    md.push(&x.fix);
                    out.push(child(
                        parent,
                        &x.id,
                        EntryKind::Mistake,
                        &x.title,
                        &x.related,
                        md,
                    ));
                }
            }
            Document::Checklist(c) => {
                out.push(doc);
                fn item<'a>(it: &'a ChecklistItem, parent: &'a Id) -> Entry<'a> {
                    let mut md = vec![&it.text];
                    md.extend(it.why.iter());
                    child(
                        parent,
                        &it.id,
                        EntryKind::ChecklistItem,
                        &it.text,
                        &it.related,
                        md,
                    )
                }
                let items: Vec<Entry<'_>> = c.items.iter().map(|it| item(it, &c.id)).collect();
                out.extend(items);
                for p in &c.phases {
                    out.push(child(
                        parent,
                        &p.id,
                        EntryKind::Phase,
                        &p.title,
                        &EMPTY_IDS,
                        p.summary.iter().collect(),
                    ));
                    for it in &p.items {
                        out.push(item(it, &p.id));
                    }
                }
            }
            Document::CaseStudy(c) => {
                doc.markdown
                    .extend([&c.setup, &c.challenge, &c.action, &c.result]);
                doc.markdown.extend(c.lessons.iter());
                out.push(doc);
            }
            Document::Pattern(p) => {
                doc.markdown.extend([&p.problem, &p.practice]);
                doc.markdown.extend(p.steps.iter());
                out.push(doc);
            }
            Document::Template(t) => {
                doc.markdown.extend([&t.purpose, &t.when_to_use]);
                out.push(doc);
            }
            Document::Faq(f) => {
                out.push(doc);
                for q in &f.questions {
                    out.push(child(
                        parent,
                        &q.id,
                        EntryKind::Question,
                        &q.question,
                        &q.related,
                        vec![&q.answer],
                    ));
                }
            }
            Document::Glossary(g) => {
                out.push(doc);
                for t in &g.terms {
                    out.push(child(
                        parent,
                        &t.id,
                        EntryKind::Term,
                        &t.term,
                        &t.related,
                        vec![&t.definition],
                    ));
                }
            }
        }
        out
    }
}

static EMPTY_IDS: Vec<Id> = Vec::new();
