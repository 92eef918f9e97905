//! Stage 2 — the content model.
//!
//! These types are the format a contributor writes. The loader parses a file
//! into a [`node::Node`] tree, [`validate`] checks that tree against the
//! JSON Schema generated from these types (so `careerbook check`, the
//! committed schema and editors agree by construction), and a valid tree is
//! turned into a [`Document`].
//!
//! Every document has `kind`, `id`, `title`, an optional `summary` and an
//! optional `related` list; the other fields depend on its kind. The kinds
//! are declared once, in [`kinds`]. Every string a contributor writes keeps
//! its source position ([`Id`], [`Text`], [`Markdown`]) so that later stages
//! can point at the exact line and column.

pub mod kinds;
pub mod markup;
pub mod node;
pub mod schema;
pub mod validate;

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use kinds::*;

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
    /// The start of a file.
    pub const START: Pos = Pos {
        line: 1,
        col: 1,
        offset: Some(0),
        len: 0,
    };
}

/// A string and where it was written.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Positioned {
    pub value: String,
    pub pos: Pos,
}

impl<'de> Deserialize<'de> for Positioned {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct PositionedVisitor;
        impl<'de> Visitor<'de> for PositionedVisitor {
            type Value = Positioned;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("text")
            }
            // Deserializers other than the model's own (serde_json in tests,
            // tools) give the text without a position.
            fn visit_newtype_struct<D: Deserializer<'de>>(
                self,
                d: D,
            ) -> Result<Positioned, D::Error> {
                Ok(Positioned {
                    value: String::deserialize(d)?,
                    pos: Pos::default(),
                })
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Positioned, E> {
                Ok(Positioned {
                    value: v.to_string(),
                    pos: Pos::default(),
                })
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Positioned, A::Error> {
                let missing = || de::Error::custom("incomplete position");
                let value: String = seq.next_element()?.ok_or_else(missing)?;
                let line: i64 = seq.next_element()?.ok_or_else(missing)?;
                let col: i64 = seq.next_element()?.ok_or_else(missing)?;
                let offset: i64 = seq.next_element()?.ok_or_else(missing)?;
                let len: i64 = seq.next_element()?.ok_or_else(missing)?;
                Ok(Positioned {
                    value,
                    pos: Pos {
                        line: line.clamp(0, i64::from(u32::MAX)) as u32,
                        col: col.clamp(0, i64::from(u32::MAX)) as u32,
                        offset: usize::try_from(offset).ok(),
                        len: usize::try_from(len).unwrap_or(0),
                    },
                })
            }
        }
        d.deserialize_newtype_struct(node::POSITIONED, PositionedVisitor)
    }
}

macro_rules! positioned_string {
    ($(#[$meta:meta])* $name:ident, $schema_name:literal, $schema:expr) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Default)]
        pub struct $name(pub Positioned);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0.value
            }
            /// Where the value was written (for a value that came through a
            /// YAML alias, where it was used).
            pub fn pos(&self) -> Pos {
                self.0.pos
            }
            /// A value that was not read from a file (tests, generated content).
            pub fn synthetic(s: impl Into<String>) -> Self {
                $name(Positioned {
                    value: s.into(),
                    pos: Pos::default(),
                })
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
                Positioned::deserialize(d).map($name)
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
pub(crate) const ID_PATTERN: &str = "^[a-z0-9][a-z0-9-]*$";

/// The longest id accepted, in characters.
pub(crate) const ID_MAX_LEN: usize = 100;

positioned_string!(
    /// An identifier: lowercase letters, digits and `-`, starting with a letter
    /// or digit, at most [`ID_MAX_LEN`] characters. Ids share one namespace
    /// across the whole handbook.
    Id,
    "Id",
    json_schema!({
        "type": "string",
        "pattern": ID_PATTERN,
        "maxLength": ID_MAX_LEN,
        "description": "An id: lowercase letters, digits and '-', starting with a letter or digit, at most 100 characters. Unique across the whole handbook; link to it with [[id]] or list it under `related`."
    })
);

positioned_string!(
    /// Plain text written by a contributor: a title, a label, a unit. Titles
    /// may hold inline references `[[id]]` and simple emphasis.
    Text,
    "Text",
    json_schema!({ "type": "string", "description": "Text." })
);

positioned_string!(
    /// Markdown written by a contributor: CommonMark, plus inline references
    /// `[[id]]` / `[[id|label]]`. Raw HTML is shown as text unless the book
    /// sets `allow-html`.
    Markdown,
    "Markdown",
    json_schema!({
        "type": "string",
        "description": "Markdown (CommonMark). Link to any document or item with [[id]] or [[id|label]]."
    })
);

impl Id {
    /// A well-formed id made from any text: "Career Handbook" →
    /// "career-handbook" (ASCII letters and digits kept, the rest collapsed
    /// into '-'; "handbook" when nothing is left).
    pub fn slug(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
        let mut out = out.trim_end_matches('-').to_string();
        out.truncate(ID_MAX_LEN);
        let out = out.trim_end_matches('-').to_string();
        if out.is_empty() {
            "handbook".into()
        } else {
            out
        }
    }

    /// Whether the id has the required shape (see [`ID_PATTERN`] and
    /// [`ID_MAX_LEN`]).
    pub(crate) fn is_well_formed(s: &str) -> bool {
        let b = s.as_bytes();
        !b.is_empty()
            && b.len() <= ID_MAX_LEN
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
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Visit<V> {
            type Value = OrderedMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping from level id to a list")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
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
        let keys = generator.subschema_for::<Id>();
        let values = generator.subschema_for::<V>();
        json_schema!({
            "type": "object",
            "propertyNames": keys,
            "additionalProperties": values,
        })
    }
}

/// What an id names: a whole document of some kind, or an item inside one
/// (by the item's name, e.g. `level`, `checklist-item`). The name is also
/// the name of the entry's template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntryKind {
    Document(Kind),
    Item(&'static str),
}

impl EntryKind {
    pub(crate) const LEVEL: EntryKind = EntryKind::Item("level");
    pub(crate) const COMPETENCY: EntryKind = EntryKind::Item("competency");
    pub(crate) const BEHAVIOUR: EntryKind = EntryKind::Item("behaviour");
    pub const TRACK: EntryKind = EntryKind::Item("track");
    pub(crate) const STEP: EntryKind = EntryKind::Item("step");
    pub(crate) const MISTAKE: EntryKind = EntryKind::Item("mistake");
    pub(crate) const PHASE: EntryKind = EntryKind::Item("phase");
    pub(crate) const CHECKLIST_ITEM: EntryKind = EntryKind::Item("checklist-item");
    pub(crate) const QUESTION: EntryKind = EntryKind::Item("question");
    pub const TERM: EntryKind = EntryKind::Item("term");

    /// The name, as used for templates and in the export (`checklist-item`).
    pub fn name(self) -> &'static str {
        match self {
            EntryKind::Document(k) => k.name(),
            EntryKind::Item(name) => name,
        }
    }

    /// The name as a word in a sentence (`checklist item`).
    pub fn label(self) -> String {
        self.name().replace('-', " ")
    }
}

/// A view of one id-bearing entry: the document itself or an item in it.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub id: &'a Id,
    pub kind: EntryKind,
    /// The title shown for links to this entry (may hold `[[id]]` and
    /// simple emphasis; see `link::plain_title`).
    pub title: &'a str,
    /// The id of the entry this one is nested in (none for a document).
    pub parent: Option<&'a Id>,
    /// Typed references written under `related` (and `builds_on`, …).
    pub related: Vec<&'a Id>,
    /// The Markdown fields of this entry (not of its children).
    pub markdown: Vec<&'a Markdown>,
}

impl<'a> Entry<'a> {
    /// An item nested in `parent`.
    pub fn item(
        kind: EntryKind,
        parent: &'a Id,
        id: &'a Id,
        title: &'a str,
        related: &'a [Id],
        markdown: Vec<&'a Markdown>,
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
}

/// The fields every document has, borrowed.
#[derive(Debug, Clone, Copy)]
pub struct Common<'a> {
    pub id: &'a Id,
    pub title: &'a Text,
    pub summary: Option<&'a Markdown>,
    pub related: &'a [Id],
}

pub(crate) fn default_weight() -> f64 {
    1.0
}

pub(crate) fn is_default_weight(w: &f64) -> bool {
    *w == 1.0
}
