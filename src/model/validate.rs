//! Validation of a content file's node tree against the JSON Schema of the
//! model ([`super::schema`]), reporting **every** problem of the file at its
//! own place: unknown and missing fields, wrong types, values outside a
//! list, malformed ids, duplicate keys, control characters.
//!
//! Only the keywords the generated schema uses are understood
//! (`KEYWORDS`; a test checks that the schema uses no other), so the
//! schema that editors see and the rules `careerbook check` applies are the
//! same.

use serde_json::{Map, Value as Json};

use super::node::{Node, Value};
use super::{EntryKind, ID_MAX_LEN, Id, Kind, Pos, schema};
use crate::diag::{Diagnostic, Label, suggest};

/// The JSON Schema keywords the validator understands. Annotations
/// (`description`, `title`, `default`, …) are listed too: they do not
/// constrain anything.
#[cfg(test)]
pub(crate) const KEYWORDS: &[&str] = &[
    "$ref",
    "$schema",
    "$id",
    "allOf",
    "anyOf",
    "oneOf",
    "if",
    "then",
    "type",
    "enum",
    "const",
    "properties",
    "required",
    "additionalProperties",
    "propertyNames",
    "items",
    "minimum",
    "maximum",
    "maxLength",
    "pattern",
    "definitions",
    "description",
    "title",
    "default",
];

/// What validation found in one file.
#[derive(Debug, Default)]
pub struct Checked {
    /// The document's kind, when `kind` names one.
    pub kind: Option<Kind>,
    /// Every problem (errors and warnings), in the order found.
    pub problems: Vec<Diagnostic>,
    /// The ids the file defines (id, what it is, where), so that a file with
    /// errors still takes part in the id namespace.
    pub ids: Vec<(String, EntryKind, Pos)>,
}

impl Checked {
    pub(crate) fn has_errors(&self) -> bool {
        self.problems
            .iter()
            .any(|d| d.severity == crate::diag::Severity::Error)
    }
}

/// Validate a document (the root node of a content file).
pub fn validate(file: &str, root: &Node) -> Checked {
    let mut v = Validator {
        file,
        definitions: schema::value()
            .get("definitions")
            .and_then(Json::as_object)
            .expect("the schema has definitions"),
        out: Checked::default(),
        in_markdown: false,
    };
    let Value::Map(entries) = &root.value else {
        v.error(
            "model::type",
            format!(
                "a content file holds one mapping, not {}",
                root.value.describe()
            ),
            root.pos,
            "not a mapping",
            "start the file with `kind:`, `id:` and `title:` lines",
        );
        return v.out;
    };
    let kind_node = entries
        .iter()
        .find(|(k, _)| k.as_str() == Some("kind"))
        .map(|(_, v)| v);
    let kind = match kind_node {
        None => {
            v.out.problems.push(
                Diagnostic::error(
                    "model::missing-kind",
                    "missing field `kind`",
                    Label::new(file, Pos::START).with_label("this document has no `kind`"),
                )
                .with_help(format!("add `kind:` with one of: {}", kind_list())),
            );
            None
        }
        Some(node) => match node.as_str() {
            Some(name) => match Kind::parse(name) {
                Some(k) => Some(k),
                None => {
                    let mut d = Diagnostic::error(
                        "model::unknown-kind",
                        format!("unknown kind `{name}`"),
                        Label::new(file, node.pos).with_label("not a kind careerbook knows"),
                    );
                    d = match suggest(name, Kind::ALL.iter().map(|k| k.name())) {
                        Some(s) => {
                            d.with_help(format!("did you mean `{s}`? kinds are: {}", kind_list()))
                        }
                        None => d.with_help(format!("kinds are: {}", kind_list())),
                    };
                    v.out.problems.push(d);
                    None
                }
            },
            None => {
                v.type_error(node, "text", Some("kind"));
                None
            }
        },
    };
    v.out.kind = kind;
    match kind {
        Some(k) => {
            let definition = schema::definition_of(k);
            v.check_definition(root, definition, None);
        }
        // Without a kind the fields cannot be checked; the ids still count.
        None => collect_ids(root, &mut v.out.ids),
    }
    v.out
}

fn kind_list() -> String {
    Kind::ALL
        .iter()
        .map(|k| k.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Ids in a tree whose fields could not be checked: every `id:` text.
fn collect_ids(node: &Node, out: &mut Vec<(String, EntryKind, Pos)>) {
    match &node.value {
        Value::Map(entries) => {
            for (k, v) in entries {
                if k.as_str() == Some("id")
                    && let Some(id) = v.as_str()
                {
                    out.push((id.to_string(), EntryKind::Item("item"), v.pos));
                }
                collect_ids(v, out);
            }
        }
        Value::Seq(items) => items.iter().for_each(|i| collect_ids(i, out)),
        _ => {}
    }
}

struct Validator<'s> {
    file: &'s str,
    definitions: &'s Map<String, Json>,
    out: Checked,
    /// Whether the value being checked is Markdown prose (where
    /// bidirectional marks may be legitimate: a warning, not an error).
    in_markdown: bool,
}

/// Where a value sits, for messages: the field it is the value of, or the
/// list it is an item of.
#[derive(Clone, Copy)]
enum Place<'a> {
    Field(&'a str),
    ItemOf(&'a str),
}

impl Place<'_> {
    fn subject(self) -> String {
        match self {
            Place::Field(f) => format!("`{f}`"),
            Place::ItemOf(f) => format!("each item of `{f}`"),
        }
    }
}

impl<'s> Validator<'s> {
    fn error(&mut self, code: &'static str, msg: String, pos: Pos, label: &str, help: &str) {
        let mut d = Diagnostic::error(code, msg, Label::new(self.file, pos).with_label(label));
        if !help.is_empty() {
            d.help = Some(help.to_string());
        }
        self.out.problems.push(d);
    }

    fn resolve(&self, schema: &'s Json) -> &'s Json {
        let mut s = schema;
        for _ in 0..16 {
            match s.get("$ref").and_then(Json::as_str) {
                Some(r) => match r
                    .strip_prefix("#/definitions/")
                    .and_then(|n| self.definitions.get(n))
                {
                    Some(d) => s = d,
                    None => return s,
                },
                None => return s,
            }
        }
        s
    }

    fn ref_name(schema: &Json) -> Option<&str> {
        schema
            .get("$ref")
            .and_then(Json::as_str)
            .and_then(|r| r.strip_prefix("#/definitions/"))
            .or_else(|| {
                // `allOf: [{$ref}]` (schemars' way of adding a description)
                schema
                    .get("allOf")
                    .and_then(Json::as_array)
                    .filter(|a| a.len() == 1)
                    .and_then(|a| Self::ref_name(&a[0]))
            })
    }

    fn check_definition(&mut self, node: &Node, name: &str, place: Option<Place<'_>>) {
        let Some(schema) = self.definitions.get(name) else {
            return;
        };
        // Ids are gathered from the mappings of entry types.
        if let Some(id) = node.get("id").and_then(Node::as_str) {
            let kind = entry_kind_of(name);
            self.out.ids.push((
                id.to_string(),
                kind,
                node.get("id").map_or(node.pos, |n| n.pos),
            ));
        }
        let was = std::mem::replace(&mut self.in_markdown, name == "Markdown");
        self.check(node, schema, place);
        self.in_markdown = was;
    }

    /// Validate `node` against `schema`. `place` names the value in messages.
    fn check(&mut self, node: &Node, schema: &'s Json, place: Option<Place<'_>>) {
        if let Some(name) = Self::ref_name(schema)
            && schema.get("$ref").is_some()
        {
            self.check_definition(node, name, place);
            return;
        }
        if let Some(all) = schema.get("allOf").and_then(Json::as_array) {
            for s in all {
                if let Some(name) = Self::ref_name(s) {
                    self.check_definition(node, name, place);
                } else {
                    self.check(node, s, place);
                }
            }
        }
        if let Some(alternatives) = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Json::as_array)
        {
            self.check_alternatives(node, alternatives, place);
        }
        // A schema without `type` only combines others (`allOf`, `anyOf`):
        // the value itself was checked by the one that applies.
        let Some(types) = schema.get("type") else {
            return;
        };
        if !type_matches(types, &node.value) {
            self.type_mismatch(node, types, place);
            return;
        }
        if let Some(values) = schema.get("enum").and_then(Json::as_array) {
            self.check_enum(node, values, place);
        }
        if let Some(value) = schema.get("const")
            && !json_equals(value, &node.value)
        {
            self.check_enum(node, std::slice::from_ref(value), place);
        }
        match &node.value {
            Value::Str(s) => self.check_string(node, s, schema, place),
            Value::Int(_) | Value::Float(_) => self.check_number(node, schema, place),
            Value::Seq(items) => {
                if let Some(item_schema) = schema.get("items") {
                    let list = match place {
                        Some(Place::Field(f)) => Place::ItemOf(f),
                        other => other.unwrap_or(Place::ItemOf("the list")),
                    };
                    for item in items {
                        self.check(item, item_schema, Some(list));
                    }
                }
            }
            Value::Map(entries) => self.check_map(node, entries, schema),
            _ => {}
        }
    }

    /// `anyOf`/`oneOf`: schemars uses them for optional values (`X` or
    /// null) and for lists of allowed values.
    fn check_alternatives(
        &mut self,
        node: &Node,
        alternatives: &'s [Json],
        place: Option<Place<'_>>,
    ) {
        let resolved: Vec<&'s Json> = alternatives.iter().map(|a| self.resolve(a)).collect();
        // A list of allowed values.
        let consts: Vec<Json> = resolved
            .iter()
            .filter_map(|a| a.get("const").cloned())
            .collect();
        if consts.len() == resolved.len() {
            if !consts.iter().any(|c| json_equals(c, &node.value)) {
                self.check_enum(node, &consts, place);
            }
            return;
        }
        // The first alternative whose type fits the value decides.
        let fitting = alternatives
            .iter()
            .zip(&resolved)
            .find(|(_, r)| r.get("type").is_none_or(|t| type_matches(t, &node.value)));
        match fitting {
            Some((original, _)) => self.check(node, original, place),
            None => {
                let types: Vec<Json> = resolved
                    .iter()
                    .filter_map(|r| r.get("type").cloned())
                    .filter(|t| t != "null")
                    .collect();
                self.type_mismatch(node, &Json::Array(types), place);
            }
        }
    }

    fn check_map(&mut self, node: &Node, entries: &[(Node, Node)], schema: &'s Json) {
        let properties = schema.get("properties").and_then(Json::as_object);
        let additional = schema.get("additionalProperties");
        let key_schema = schema.get("propertyNames");
        let mut seen: Vec<(&str, Pos)> = Vec::new();
        // Required fields an unknown key is probably a misspelling of: one
        // mistake gets one diagnostic ("did you mean"), not a second one
        // saying the field is missing.
        let mut misspelt: Vec<&str> = Vec::new();
        for (key, value) in entries {
            let Some(name) = key.as_str() else {
                self.error(
                    "model::type",
                    format!("a key must be text, not {}", key.value.describe()),
                    key.pos,
                    "not text",
                    "write keys as words, e.g. `title:`",
                );
                continue;
            };
            if let Some((_, first)) = seen.iter().find(|(n, _)| *n == name) {
                let first = *first;
                self.out.problems.push(
                    Diagnostic::error(
                        "yaml::duplicate-key",
                        format!("duplicate key `{name}`"),
                        Label::new(self.file, key.pos).with_label("this key is already set above"),
                    )
                    .with_related(Label::new(self.file, first).with_label("first set here"))
                    .with_help("a key may appear only once in a mapping; remove one of them"),
                );
                continue;
            }
            seen.push((name, key.pos));
            self.check_text(key, name);
            if let Some(ks) = key_schema {
                self.check(key, ks, Some(Place::Field(name)));
            }
            match properties.and_then(|p| p.get(name)) {
                Some(field_schema) => self.check(value, field_schema, Some(Place::Field(name))),
                None => match additional {
                    Some(Json::Bool(false)) => {
                        let expected: Vec<&str> = properties
                            .map(|p| {
                                p.keys()
                                    .map(String::as_str)
                                    .filter(|k| *k != "kind")
                                    .collect()
                            })
                            .unwrap_or_default();
                        let suggestion = suggest(name, expected.iter().copied());
                        if let Some(s) = suggestion {
                            misspelt.push(s);
                        }
                        let help = match suggestion {
                            Some(s) => format!("did you mean `{s}`?"),
                            None if expected.is_empty() => "remove this field".into(),
                            None => format!("this mapping accepts: {}", expected.join(", ")),
                        };
                        let msg = if expected.is_empty() {
                            format!("unknown field `{name}`")
                        } else {
                            format!(
                                "unknown field `{name}`, expected one of {}",
                                expected.join(", ")
                            )
                        };
                        self.error(
                            "model::unknown-field",
                            msg,
                            key.pos,
                            "not a field here",
                            &help,
                        );
                    }
                    Some(s @ Json::Object(_)) => self.check(value, s, Some(Place::Field(name))),
                    _ => {}
                },
            }
        }
        if let Some(required) = schema.get("required").and_then(Json::as_array) {
            // The mapping's position: its first key (where the item starts).
            let at = entries.first().map_or(node.pos, |(k, _)| k.pos);
            for field in required.iter().filter_map(Json::as_str) {
                if !seen.iter().any(|(n, _)| *n == field) && !misspelt.contains(&field) {
                    self.error(
                        "model::missing-field",
                        format!("missing field `{field}`"),
                        at,
                        &format!("`{field}` is required here"),
                        &format!("add `{field}:` to this mapping"),
                    );
                }
            }
        }
    }

    fn check_string(&mut self, node: &Node, s: &str, schema: &Json, place: Option<Place<'_>>) {
        self.check_text(node, s);
        if let Some(max) = schema.get("maxLength").and_then(Json::as_u64) {
            let n = s.chars().count();
            if n as u64 > max {
                self.error(
                    "model::too-long",
                    format!(
                        "{} is {n} characters long; the limit is {max}",
                        subject(place)
                    ),
                    node.pos,
                    "too long",
                    "shorten it",
                );
                return;
            }
        }
        if let Some(pattern) = schema.get("pattern").and_then(Json::as_str) {
            // The only pattern the schema uses is the id pattern.
            debug_assert_eq!(pattern, super::ID_PATTERN);
            if !Id::is_well_formed(s) && s.chars().count() <= ID_MAX_LEN {
                self.error(
                    "model::bad-id",
                    format!("`{s}` is not a valid id"),
                    node.pos,
                    "ids match [a-z0-9][a-z0-9-]*",
                    &format!(
                        "use lowercase letters, digits and '-', e.g. `{}`",
                        Id::slug(s)
                    ),
                );
            }
        }
    }

    /// Characters that have no business in content: control characters are
    /// errors; bidirectional overrides and isolates (which can make text
    /// read differently from what it is) are errors in ids, titles and
    /// names, and warnings in Markdown prose (right-to-left text may need
    /// them).
    fn check_text(&mut self, node: &Node, s: &str) {
        for (i, c) in s.char_indices() {
            let control = (c.is_control() && !matches!(c, '\n' | '\t' | '\r')) || c == '\u{feff}';
            let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            if !control && !bidi {
                continue;
            }
            let pos = char_pos(node, s, i);
            let name = format!("U+{:04X}", c as u32);
            if control {
                self.error(
                    "model::control-character",
                    format!("the text holds the control character {name}"),
                    pos,
                    "invisible control character here",
                    "remove it (it was probably pasted in by accident)",
                );
            } else {
                let message =
                    format!("the text holds the bidirectional formatting character {name}");
                let label = Label::new(self.file, pos)
                    .with_label("can make the text read differently from what it is");
                let d = if self.in_markdown {
                    Diagnostic::warning("model::bidi-character", message, label)
                        .with_help("remove it unless right-to-left text needs it")
                } else {
                    Diagnostic::error("model::bidi-character", message, label)
                        .with_help("remove it: ids, titles and names are shown in places where it would mislead")
                };
                self.out.problems.push(d);
            }
            return;
        }
    }

    fn check_number(&mut self, node: &Node, schema: &Json, place: Option<Place<'_>>) {
        let x = match node.value {
            Value::Int(i) => i as f64,
            Value::Float(f) => f,
            _ => return,
        };
        if let Some(min) = schema.get("minimum").and_then(Json::as_f64)
            && x < min
        {
            let bound = if min == 0.0 {
                "zero or more".to_string()
            } else {
                format!("at least {min}")
            };
            self.error(
                "model::range",
                format!("{} must be {bound}", subject(place)),
                node.pos,
                "out of range",
                "",
            );
        }
        if let Some(max) = schema.get("maximum").and_then(Json::as_f64)
            && x > max
        {
            self.error(
                "model::range",
                format!("{} must be at most {max}", subject(place)),
                node.pos,
                "out of range",
                "",
            );
        }
    }

    fn check_enum(&mut self, node: &Node, values: &[Json], place: Option<Place<'_>>) {
        if values.iter().any(|v| json_equals(v, &node.value)) {
            return;
        }
        let names: Vec<&str> = values.iter().filter_map(Json::as_str).collect();
        let shown = match &node.value {
            Value::Str(s) => format!("`{s}`"),
            other => other.describe().to_string(),
        };
        let mut d = Diagnostic::error(
            "model::unknown-value",
            format!(
                "unknown value {shown} for {}, expected {}",
                subject(place),
                one_of(&names)
            ),
            Label::new(self.file, node.pos).with_label("not one of the allowed values"),
        );
        if let Some(s) = node
            .as_str()
            .and_then(|s| suggest(s, names.iter().copied()))
        {
            d.help = Some(format!("did you mean `{s}`?"));
        }
        self.out.problems.push(d);
    }

    fn type_error(&mut self, node: &Node, expected: &str, field: Option<&str>) {
        self.type_mismatch(
            node,
            &Json::String(expected.to_string()),
            field.map(Place::Field),
        );
    }

    fn type_mismatch(&mut self, node: &Node, types: &Json, place: Option<Place<'_>>) {
        let wanted: Vec<&str> = match types {
            Json::String(t) => vec![t.as_str()],
            Json::Array(a) => a.iter().filter_map(Json::as_str).collect(),
            _ => Vec::new(),
        };
        let wanted: Vec<&str> = wanted.into_iter().filter(|t| *t != "null").collect();
        let expected = wanted
            .iter()
            .map(|t| type_words(t))
            .collect::<Vec<_>>()
            .join(" or ");
        let subject = subject(place);
        let (message, help) = match &node.value {
            Value::Null => (
                format!("{subject} has no value"),
                "write a value after the colon, or quote it (\"\") if it is meant to be empty"
                    .to_string(),
            ),
            Value::Int(_) | Value::Float(_) | Value::Bool(_) if wanted.contains(&"string") => (
                format!("{subject} must be text"),
                "quote it (e.g. \"2024\"): unquoted, YAML reads it as a number or true/false"
                    .to_string(),
            ),
            Value::Str(s)
                if (wanted.contains(&"number") || wanted.contains(&"integer"))
                    && s.trim().parse::<f64>().is_ok() =>
            {
                (
                    format!("{subject} must be a number, not text"),
                    "remove the quotes: a number is written without them".to_string(),
                )
            }
            _ if wanted.contains(&"array") => (
                format!("{subject} must be {expected}"),
                "write each entry on its own line, starting with `- `".to_string(),
            ),
            _ if wanted.contains(&"object") => (
                format!("{subject} must be {expected}"),
                "write `key: value` lines, indented under it".to_string(),
            ),
            _ => (format!("{subject} must be {expected}"), String::new()),
        };
        let label = format!("this is {}", node.value.describe());
        self.error("model::type", message, node.pos, &label, &help);
    }
}

fn subject(place: Option<Place<'_>>) -> String {
    place.map_or_else(|| "the value".to_string(), Place::subject)
}

fn one_of(names: &[&str]) -> String {
    match names {
        [] => "nothing".into(),
        [one] => format!("`{one}`"),
        _ => {
            let (last, rest) = names.split_last().expect("two or more");
            format!(
                "{} or `{last}`",
                rest.iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    }
}

fn type_words(t: &str) -> &'static str {
    match t {
        "string" => "text",
        "number" => "a number",
        "integer" => "a whole number",
        "boolean" => "true or false",
        "array" => "a list",
        "object" => "a mapping (key: value lines)",
        "null" => "empty",
        _ => "something else",
    }
}

fn type_matches(types: &Json, value: &Value) -> bool {
    let one = |t: &str| match (t, value) {
        ("string", Value::Str(_))
        | ("number", Value::Int(_) | Value::Float(_))
        | ("integer", Value::Int(_))
        | ("boolean", Value::Bool(_))
        | ("array", Value::Seq(_))
        | ("object", Value::Map(_))
        | ("null", Value::Null) => true,
        ("integer", Value::Float(f)) => f.fract() == 0.0,
        _ => false,
    };
    match types {
        Json::String(t) => one(t),
        Json::Array(ts) => ts.iter().filter_map(Json::as_str).any(one),
        _ => true,
    }
}

fn json_equals(expected: &Json, value: &Value) -> bool {
    match (expected, value) {
        (Json::String(a), Value::Str(b)) => a == b,
        (Json::Bool(a), Value::Bool(b)) => a == b,
        (Json::Null, Value::Null) => true,
        (Json::Number(a), Value::Int(b)) => a.as_i64() == Some(*b),
        (Json::Number(a), Value::Float(b)) => a.as_f64() == Some(*b),
        _ => false,
    }
}

/// The entry kind of the mapping of a schema definition (`ChecklistItem` →
/// `checklist-item`, `Matrix` → the matrix kind).
fn entry_kind_of(definition: &str) -> EntryKind {
    for kind in Kind::ALL {
        if schema::definition_of(*kind) == definition {
            return EntryKind::Document(*kind);
        }
    }
    let mut name = String::new();
    for (i, c) in definition.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            name.push('-');
        }
        name.push(c.to_ascii_lowercase());
    }
    const ITEMS: &[EntryKind] = &[
        EntryKind::LEVEL,
        EntryKind::COMPETENCY,
        EntryKind::BEHAVIOUR,
        EntryKind::TRACK,
        EntryKind::STEP,
        EntryKind::MISTAKE,
        EntryKind::PHASE,
        EntryKind::CHECKLIST_ITEM,
        EntryKind::QUESTION,
        EntryKind::TERM,
    ];
    ITEMS
        .iter()
        .copied()
        .find(|k| k.name() == name)
        .unwrap_or(EntryKind::Item("item"))
}

/// The position of the character at byte `i` of a string node's value:
/// found in the file when the node was written plainly on one line, else
/// the node itself.
fn char_pos(node: &Node, s: &str, i: usize) -> Pos {
    if !s[..i].contains('\n') {
        let before = s[..i].chars().count() as u32;
        // A quoted scalar starts one column after its quote.
        return Pos {
            line: node.pos.line,
            col: node.pos.col + before,
            offset: None,
            len: 0,
        };
    }
    node.pos
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_uses_only_keywords_the_validator_understands() {
        fn walk(v: &Json, in_properties: bool, path: &str) {
            match v {
                Json::Object(m) => {
                    for (k, child) in m {
                        if in_properties {
                            // Keys of `properties`/`definitions` are names.
                            walk(child, false, &format!("{path}/{k}"));
                            continue;
                        }
                        assert!(
                            KEYWORDS.contains(&k.as_str()),
                            "unsupported keyword `{k}` at {path}"
                        );
                        let names = matches!(k.as_str(), "properties" | "definitions");
                        walk(child, names, &format!("{path}/{k}"));
                    }
                }
                Json::Array(a) => a.iter().for_each(|c| walk(c, false, path)),
                _ => {}
            }
        }
        // `enum`/`required` hold plain values; `const` too.
        let schema = schema::value();
        let mut clean = schema.clone();
        fn drop_values(v: &mut Json) {
            if let Json::Object(m) = v {
                for k in [
                    "enum",
                    "required",
                    "const",
                    "default",
                    "description",
                    "title",
                    "$schema",
                    "$id",
                    "pattern",
                    "type",
                ] {
                    if m.get(k).is_some_and(|x| !x.is_object()) {
                        m.insert(k.to_string(), Json::Null);
                    }
                }
                m.values_mut().for_each(drop_values);
            } else if let Json::Array(a) = v {
                a.iter_mut().for_each(drop_values);
            }
        }
        drop_values(&mut clean);
        walk(&clean, false, "");
    }
}
