//! YAML text → [`Node`] tree, through serde-saphyr with the budgets that
//! keep hostile input from taking time or memory.
//!
//! Every YAML call of careerbook goes through [`parse`], which sets the
//! options in one place. A file that is not well-formed YAML gives one
//! diagnosis, chosen from serde-saphyr's typed error (a budget breach, a
//! second document, a tag…) and, for a syntax error, from the text at the
//! error's position (a tab in the indentation, a key indented one column
//! short) — never from words in the error message, which may quote the
//! contributor's own text.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::{Error, Location, Spanned};

use crate::diag::{Diagnostic, Label};
use crate::model::Pos;
use crate::model::node::{Node, Value};

/// Nesting deeper than this is refused.
pub(crate) const MAX_DEPTH: usize = 48;
/// More values than this (scalars, lists and mappings) are refused.
pub(crate) const MAX_NODES: usize = 250_000;
/// More aliases (`*name`) than this are refused.
pub(crate) const MAX_ALIASES: usize = 1_000;
/// Aliases may replay at most this many parser events in all.
pub(crate) const MAX_REPLAYED: usize = 20_000;

fn options() -> serde_saphyr::Options {
    let mut alias_limits = serde_saphyr::options::AliasLimits::default();
    alias_limits.max_total_replayed_events = MAX_REPLAYED;
    alias_limits.max_replay_stack_depth = 16;
    serde_saphyr::options! {
        alias_limits: alias_limits,
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_nodes: MAX_NODES,
            max_aliases: MAX_ALIASES,
        },
        strict_booleans: true,
        reject_unsupported_tags: true,
        with_snippet: false,
        // Duplicate keys reach the tree; validation reports each with the
        // place of the first.
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::PassThrough,
    }
}

/// Parse one content file's text. `file` is the name used in diagnostics.
pub fn parse(file: &str, text: &str) -> Result<Node, Box<Diagnostic>> {
    serde_saphyr::from_str_with_options::<Node>(text, options())
        .map_err(|e| Box::new(diagnose(file, text, &e)))
}

fn pos_of(location: Location) -> Pos {
    let span = location.span();
    Pos {
        line: location.line() as u32,
        col: location.column() as u32,
        offset: span.byte_offset().map(|o| o as usize),
        len: span.byte_len().unwrap_or(0) as usize,
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        let spanned = Spanned::<Value>::deserialize(d)?;
        Ok(Node {
            pos: pos_of(spanned.referenced),
            value: spanned.value,
        })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }

    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }

    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Value, E> {
        Err(E::custom("binary values are not supported"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(node) = seq.next_element::<Node>()? {
            items.push(node);
        }
        Ok(Value::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Node>()? {
            let value = map.next_value::<Node>()?;
            entries.push((key, value));
        }
        Ok(Value::Map(entries))
    }
}

/// The innermost error and its location (aliases wrap errors).
fn innermost(e: &Error) -> &Error {
    match e {
        Error::AliasError { error, .. } => innermost(error),
        Error::WithSnippet { error, .. } => innermost(error),
        other => other,
    }
}

/// Turn a serde-saphyr error into one diagnostic with a hint.
fn diagnose(file: &str, text: &str, error: &Error) -> Diagnostic {
    let pos = error
        .location()
        .filter(|l| l.line() > 0)
        .map(pos_of)
        .unwrap_or(Pos::START);
    // The caret goes on the token at the position.
    let pos = Pos {
        offset: None,
        len: 0,
        ..pos
    };
    let at = Label::new(file, pos);
    let limits = format!(
        "content files are limited to {MAX_DEPTH} levels of nesting, {MAX_NODES} values and {MAX_ALIASES} aliases; simplify the file"
    );
    match innermost(error) {
        Error::Budget { breach, .. } => {
            let what = match breach {
                BudgetBreach::Depth { .. } => "the file nests too deeply",
                BudgetBreach::Nodes { .. } => "the file has too many values",
                BudgetBreach::Aliases { .. } | BudgetBreach::AliasAnchorRatio { .. } => {
                    "the file uses too many aliases"
                }
                _ => "the file is too complex",
            };
            Diagnostic::error(
                "yaml::too-complex",
                what,
                at.with_label("limit reached here"),
            )
            .with_help(limits)
        }
        Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. }
        | Error::AliasReplayCounterOverflow { .. } => Diagnostic::error(
            "yaml::too-complex",
            "aliases in this file expand to too much",
            at.with_label("limit reached here"),
        )
        .with_help(limits),
        Error::MultipleDocuments { .. } => Diagnostic::error(
            "yaml::multiple-documents",
            "a content file may hold only one YAML document",
            at.with_label("a second document starts here"),
        )
        .with_help("put each document in its own file"),
        Error::UnsupportedTag { tag, .. } => Diagnostic::error(
            "yaml::tag",
            format!("unsupported tag `{tag}`"),
            at.with_label("custom tag"),
        )
        .with_help("careerbook does not use YAML tags (`!name`); remove it"),
        Error::UnknownAnchor { .. } => Diagnostic::error(
            "yaml::syntax",
            "this alias refers to an anchor that is not defined above it",
            at.with_label("unknown anchor"),
        )
        .with_help("define the anchor (`&name`) before using it (`*name`), or remove the alias"),
        Error::NonFiniteFloat { value, .. } => Diagnostic::error(
            "model::type",
            format!("`{value}` is not a finite number"),
            at.with_label("not a finite number"),
        )
        .with_help("write an ordinary number, or quote it if it is meant to be text"),
        Error::InvalidUtf8Input => {
            Diagnostic::error("io::not-utf8", format!("`{file}` is not valid UTF-8"), at)
                .with_help("save the file as UTF-8")
        }
        other => syntax_error(file, text, pos, other),
    }
}

/// A YAML syntax error, diagnosed from the text where it happened.
fn syntax_error(file: &str, text: &str, pos: Pos, error: &Error) -> Diagnostic {
    let message = match error {
        Error::ExternalMessage { msg, .. } => msg.clone(),
        other => other.without_snippet().to_string(),
    };
    let message = first_clause(&message);
    let lines: Vec<&str> = text.lines().collect();
    let line_at = |n: u32| lines.get(n.checked_sub(1)? as usize).copied();
    // A tab in the indentation of the line (or of the line above: the
    // parser often notices on the next token).
    for n in [pos.line, pos.line.saturating_sub(1)] {
        if let Some(line) = line_at(n)
            && let Some(col) = tab_in_indentation(line)
        {
            return Diagnostic::error(
                "yaml::tab",
                "a tab is used for indentation",
                Label::new(
                    file,
                    Pos {
                        line: n,
                        col,
                        offset: None,
                        len: 1,
                    },
                )
                .with_label("tab here"),
            )
            .with_help("YAML indentation must use spaces, not tabs");
        }
    }
    // A key indented less than the keys of its list item (`- id: x` then
    // `   text: y` one column short).
    if let Some(line) = line_at(pos.line)
        && let Some(hint) = short_indent(&lines, pos.line as usize - 1, line)
    {
        return Diagnostic::error(
            "yaml::indent",
            "this line is not indented like the other keys of its list item",
            Label::new(
                file,
                Pos {
                    line: pos.line,
                    col: indent_of(line) as u32 + 1,
                    offset: None,
                    len: 0,
                },
            )
            .with_label("indented here"),
        )
        .with_help(hint);
    }
    Diagnostic::error(
        "yaml::syntax",
        format!("YAML syntax error: {message}"),
        Label::new(file, pos).with_label("YAML syntax error here"),
    )
    .with_help("check the indentation and quoting on this line and the one above")
}

/// The parser's message without the location it appends.
fn first_clause(message: &str) -> String {
    let m = message.split(" at line ").next().unwrap_or(message);
    m.trim().to_string()
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The 1-based column of a tab among a line's leading whitespace.
fn tab_in_indentation(line: &str) -> Option<u32> {
    let lead: &str = &line[..line.len() - line.trim_start().len()];
    lead.find('\t').map(|i| i as u32 + 1)
}

/// When line `index` is a key indented between the dash of the list item
/// above it and that item's keys, the fix to suggest.
fn short_indent(lines: &[&str], index: usize, line: &str) -> Option<String> {
    let indent = indent_of(line);
    let trimmed = line.trim_start();
    if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with('-') {
        return None;
    }
    for above in lines[..index].iter().rev() {
        let t = above.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let dash = indent_of(above);
        if let Some(rest) = t.strip_prefix("- ") {
            let keys = dash + 2 + (rest.len() - rest.trim_start().len());
            if indent > dash && indent < keys {
                return Some(format!(
                    "indent it by {keys} spaces, like `{}` above",
                    rest.trim_start()
                        .split(':')
                        .next()
                        .unwrap_or("the first key")
                ));
            }
            return None;
        }
        if indent_of(above) < indent {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_keep_their_type_and_position() {
        let node = parse("t.yaml", "a: 12\nb: \"12\"\nc: yes\nd:\n").unwrap();
        let get = |k: &str| node.get(k).unwrap();
        assert_eq!(get("a").value, Value::Int(12));
        assert_eq!(get("b").value, Value::Str("12".into()));
        assert_eq!(get("c").value, Value::Str("yes".into()));
        assert_eq!(get("d").value, Value::Null);
        assert_eq!((get("b").pos.line, get("b").pos.col), (2, 4));
    }

    #[test]
    fn duplicate_keys_reach_the_tree() {
        let node = parse("t.yaml", "a: 1\na: 2\n").unwrap();
        assert_eq!(node.as_map().unwrap().len(), 2);
    }

    #[test]
    fn a_key_one_column_short_is_reported_where_it_is() {
        let e = parse("t.yaml", "items:\n  - id: x\n   text: y\n").unwrap_err();
        assert_eq!(e.code, "yaml::indent");
        assert_eq!((e.at.line, e.at.column), (3, 4));
        assert!(e.help.unwrap().contains("indent it by 4 spaces"));
    }
}
