//! The JSON Schema of the content format, generated from the model types
//! (part of the model stage: it only reads [`crate::model`]).
//!
//! Draft-07 is emitted so that older editor plugins validate and complete
//! too. The committed copy lives in `schema/careerbook.schema.json`; a test
//! fails when it is stale.

use schemars::generate::SchemaSettings;

use crate::model::Document;

/// File name of the schema, under `schema/` in this repository and in the
/// folder given to `careerbook schema --out`.
pub const FILE_NAME: &str = "careerbook.schema.json";

/// The schema as pretty-printed JSON (with a final newline).
pub fn json() -> String {
    let generator = SchemaSettings::draft07().into_generator();
    let mut schema = generator.into_root_schema_for::<Document>();
    if let Some(obj) = schema.as_object_mut() {
        obj.insert("title".into(), "careerbook content file".into());
        obj.insert(
            "description".into(),
            "One document of a careerbook handbook: a matrix, framework, mistakes, checklist, \
             case-study, pattern, template, faq or glossary, chosen by `kind`. Markdown fields \
             accept inline references [[id]] and [[id|label]]."
                .into(),
        );
    }
    let mut s = serde_json::to_string_pretty(&schema).expect("a schema always serializes");
    s.push('\n');
    s
}
