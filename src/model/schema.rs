//! The JSON Schema of the content format, generated from the model types.
//!
//! One schema serves three readers: editors (through the committed
//! `schema/careerbook.schema.json` and the `yaml-language-server` line),
//! generic validators, and careerbook itself — `model::validate` checks every
//! content file against it, so `careerbook check` and the schema cannot
//! disagree.
//!
//! Draft-07 is emitted so that older editor plugins validate and complete
//! too. The document's shape branches on `kind` with `if`/`then`, so that a
//! generic validator reports the precise problem inside the chosen kind
//! instead of "not valid under any of the schemas listed in oneOf". No
//! non-standard keyword or format is emitted (a test runs a strict
//! validator over it).

use std::sync::LazyLock;

use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

use super::Kind;

/// File name of the schema, under `schema/` in this repository and in the
/// folder given to `careerbook schema --out`.
pub(crate) const FILE_NAME: &str = "careerbook.schema.json";

/// The schema's `$id`.
pub const SCHEMA_ID: &str =
    "https://raw.githubusercontent.com/careerbook/careerbook/main/schema/careerbook.schema.json";

/// The schema as a JSON value (generated once).
pub fn value() -> &'static Value {
    static SCHEMA: LazyLock<Value> = LazyLock::new(generate);
    &SCHEMA
}

/// The schema as pretty-printed JSON (with a final newline).
pub fn json() -> String {
    let mut s = serde_json::to_string_pretty(value()).unwrap_or_default();
    s.push('\n');
    s
}

/// The name under `definitions` of a kind's schema (e.g. `CaseStudy`).
pub fn definition_of(kind: Kind) -> &'static str {
    static NAMES: LazyLock<Vec<(Kind, String)>> = LazyLock::new(|| {
        let mut generator = SchemaSettings::draft07().into_generator();
        Kind::ALL
            .iter()
            .map(|k| {
                let reference = k.schema(&mut generator);
                let name = reference
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.rsplit('/').next())
                    .unwrap_or_default()
                    .to_string();
                (*k, name)
            })
            .collect()
    });
    NAMES
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("", |(_, n)| n.as_str())
}

fn generate() -> Value {
    let mut generator = SchemaSettings::draft07().into_generator();
    let mut branches = Vec::new();
    for kind in Kind::ALL {
        let reference = kind.schema(&mut generator);
        branches.push(json!({
            "if": { "properties": { "kind": { "const": kind.name() } }, "required": ["kind"] },
            "then": reference,
        }));
    }
    let mut definitions: Map<String, Value> = generator
        .take_definitions(true)
        .into_iter()
        .collect::<Map<String, Value>>();
    // Each kind's definition accepts its own `kind` (the branch chose it).
    for kind in Kind::ALL {
        let name = definition_of(*kind);
        if let Some(Value::Object(def)) = definitions.get_mut(name) {
            if let Some(Value::Object(props)) = def.get_mut("properties") {
                let mut with_kind = Map::new();
                with_kind.insert("kind".into(), json!({ "const": kind.name() }));
                with_kind.extend(std::mem::take(props));
                *props = with_kind;
            }
            if let Some(Value::Array(required)) = def.get_mut("required") {
                required.insert(0, "kind".into());
            }
        }
    }
    let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
    let mut root = json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        "title": "careerbook content file",
        "description": "One document of a careerbook handbook, chosen by `kind`. Markdown fields accept inline references [[id]] and [[id|label]].",
        "type": "object",
        "required": ["kind"],
        "properties": {
            "kind": {
                "description": format!(
                    "What this file holds: {}. The other fields depend on it.",
                    names.join(", ")
                ),
                "enum": names,
            }
        },
        "allOf": branches,
        "definitions": definitions,
    });
    strip_formats(&mut root);
    root
}

/// Remove `format` (schemars writes `"format": "double"` for numbers, which
/// is not a draft-07 format and makes strict validators refuse the schema).
fn strip_formats(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if m.get("format").is_some_and(Value::is_string) {
                m.remove("format");
            }
            m.values_mut().for_each(strip_formats);
        }
        Value::Array(a) => a.iter_mut().for_each(strip_formats),
        _ => {}
    }
}
