//! A YAML document as a tree of positioned nodes, and the serde
//! deserializer that turns a (validated) tree into the model's types.
//!
//! The loader parses a content file into a [`Node`] tree once; validation
//! (`model::validate`) walks that tree against the JSON Schema to report
//! *every* problem of the file, and only a file without problems is turned
//! into typed values with [`from_node`]. Strings that the model keeps with
//! their position ([`crate::model::Id`], [`crate::model::Text`],
//! [`crate::model::Markdown`]) receive it through a small private protocol:
//! they ask for a newtype struct named [`POSITIONED`], and this deserializer
//! answers with the value and its position.

use std::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};

use super::Pos;

/// One YAML node and where it was written. For a scalar the position covers
/// its text; for a mapping or a sequence it is where the node starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub value: Value,
}

/// A YAML value after the core schema resolved it (`12` is a number, `"12"`
/// and `yes` are text).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Entries in the order written, duplicates included (validation reports
    /// them).
    Map(Vec<(Node, Node)>),
}

impl Value {
    /// What the value is, in words a contributor knows ("text", "a list"…).
    pub fn describe(&self) -> &'static str {
        match self {
            Value::Null => "nothing (an empty value)",
            Value::Bool(_) => "true or false",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Str(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping (key: value lines)",
        }
    }
}

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The value under `key` in a mapping (the first, if written twice).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v)
    }
}

/// The name of the newtype struct through which positioned strings ask for
/// their position (see the module documentation).
pub(crate) const POSITIONED: &str = "$careerbook::positioned";

/// An error while turning a node into a typed value. Validation runs first,
/// so this means the schema and the types disagree (a bug), never bad input
/// that was not reported.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeError {
    pub message: String,
    pub pos: Option<Pos>,
}

impl fmt::Display for NodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for NodeError {}

impl de::Error for NodeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        NodeError {
            message: msg.to_string(),
            pos: None,
        }
    }
}

/// Deserialize a typed value from a node.
pub(crate) fn from_node<'de, T: de::Deserialize<'de>>(node: &'de Node) -> Result<T, NodeError> {
    T::deserialize(NodeDeserializer(node))
}

/// A serde deserializer reading one [`Node`].
#[derive(Clone, Copy)]
pub(crate) struct NodeDeserializer<'a>(pub &'a Node);

impl NodeDeserializer<'_> {
    fn at(&self, mut e: NodeError) -> NodeError {
        e.pos.get_or_insert(self.0.pos);
        e
    }
}

macro_rules! forward_to_any {
    ($($method:ident)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NodeError> {
            self.deserialize_any(visitor)
        })*
    };
}

impl<'de> de::Deserializer<'de> for NodeDeserializer<'de> {
    type Error = NodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NodeError> {
        let result = match &self.0.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Int(i) => visitor.visit_i64(*i),
            Value::Float(f) => visitor.visit_f64(*f),
            Value::Str(s) => visitor.visit_borrowed_str(s),
            Value::Seq(items) => visitor.visit_seq(SeqDe(items.iter())),
            Value::Map(entries) => visitor.visit_map(MapDe {
                entries: entries.iter(),
                value: None,
            }),
        };
        result.map_err(|e| self.at(e))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NodeError> {
        match self.0.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, NodeError> {
        if name == POSITIONED {
            return visitor
                .visit_seq(PositionedSeq {
                    node: self.0,
                    next: 0,
                })
                .map_err(|e| self.at(e));
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, NodeError> {
        match &self.0.value {
            Value::Str(s) => visitor
                .visit_enum(s.as_str().into_deserializer())
                .map_err(|e: NodeError| self.at(e)),
            other => Err(self.at(de::Error::custom(format!(
                "expected one of the listed values, found {}",
                other.describe()
            )))),
        }
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NodeError> {
        match self.0.value {
            Value::Int(i) => visitor.visit_f64(i as f64),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NodeError> {
        self.deserialize_f64(visitor)
    }

    forward_to_any! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_char
        deserialize_str deserialize_string deserialize_bytes deserialize_byte_buf
        deserialize_unit deserialize_seq deserialize_map deserialize_identifier
        deserialize_ignored_any
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, NodeError> {
        self.deserialize_any(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, NodeError> {
        self.deserialize_any(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, NodeError> {
        self.deserialize_any(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, NodeError> {
        self.deserialize_any(visitor)
    }
}

struct SeqDe<'a>(std::slice::Iter<'a, Node>);

impl<'de> SeqAccess<'de> for SeqDe<'de> {
    type Error = NodeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, NodeError> {
        match self.0.next() {
            Some(node) => seed.deserialize(NodeDeserializer(node)).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct MapDe<'a> {
    entries: std::slice::Iter<'a, (Node, Node)>,
    value: Option<&'a Node>,
}

impl<'de> MapAccess<'de> for MapDe<'de> {
    type Error = NodeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, NodeError> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(NodeDeserializer(key)).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, NodeError> {
        match self.value.take() {
            Some(node) => seed.deserialize(NodeDeserializer(node)),
            None => Err(de::Error::custom("a value was asked for before its key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// The answer to a [`POSITIONED`] request: the text, then line, column,
/// byte offset (or -1) and length.
struct PositionedSeq<'a> {
    node: &'a Node,
    next: usize,
}

impl<'de> SeqAccess<'de> for PositionedSeq<'de> {
    type Error = NodeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, NodeError> {
        let pos = self.node.pos;
        let i = self.next;
        self.next += 1;
        let value = match i {
            0 => return seed.deserialize(NodeDeserializer(self.node)).map(Some),
            1 => i64::from(pos.line),
            2 => i64::from(pos.col),
            3 => pos.offset.map_or(-1, |o| o as i64),
            4 => pos.len as i64,
            _ => return Ok(None),
        };
        seed.deserialize(value.into_deserializer()).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar(value: Value, line: u32) -> Node {
        Node {
            pos: Pos {
                line,
                col: 1,
                offset: None,
                len: 0,
            },
            value,
        }
    }

    #[test]
    fn typed_values_come_from_nodes() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Sample {
            name: String,
            weight: f64,
            tags: Vec<String>,
            note: Option<String>,
        }
        let node = scalar(
            Value::Map(vec![
                (
                    scalar(Value::Str("name".into()), 1),
                    scalar(Value::Str("x".into()), 1),
                ),
                (
                    scalar(Value::Str("weight".into()), 2),
                    scalar(Value::Int(2), 2),
                ),
                (
                    scalar(Value::Str("tags".into()), 3),
                    scalar(Value::Seq(vec![scalar(Value::Str("a".into()), 4)]), 4),
                ),
                (scalar(Value::Str("note".into()), 5), scalar(Value::Null, 5)),
            ]),
            1,
        );
        let sample: Sample = from_node(&node).unwrap();
        assert_eq!(
            sample,
            Sample {
                name: "x".into(),
                weight: 2.0,
                tags: vec!["a".into()],
                note: None
            }
        );
    }
}
