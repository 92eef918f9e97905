//! The committed JSON Schema is generated from the model types and matches
//! what the loader accepts.

use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "yaml") {
            out.push(e.path().to_path_buf());
        }
    }
    out
}

fn content_files() -> Vec<PathBuf> {
    let mut v = yaml_files(&root().join("book/content"));
    v.extend(yaml_files(&root().join("tests/fixtures/minimal/content")));
    v
}

#[test]
fn committed_schema_is_up_to_date() {
    let committed = std::fs::read_to_string(root().join("schema/careerbook.schema.json"))
        .expect("schema/careerbook.schema.json is committed");
    assert!(
        committed == careerbook::model::schema::json(),
        "schema/careerbook.schema.json is stale: run `cargo run -- schema --out schema`"
    );
}

#[test]
fn schema_describes_every_kind_and_field() {
    let schema: serde_json::Value =
        serde_json::from_str(&careerbook::model::schema::json()).unwrap();
    // The document branches on `kind`: one `if`/`then` per kind, so a
    // validator reports the problem inside the chosen kind.
    let kinds: Vec<&str> = schema["allOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["if"]["properties"]["kind"]["const"].as_str().unwrap())
        .collect();
    assert_eq!(
        schema["properties"]["kind"]["enum"],
        serde_json::json!(kinds)
    );
    assert!(schema["properties"]["kind"]["description"].is_string());
    assert!(schema["$id"].is_string());
    assert!(!careerbook::model::schema::json().contains("\"format\""));
    assert_eq!(
        kinds,
        [
            "matrix",
            "framework",
            "mistakes",
            "checklist",
            "case-study",
            "pattern",
            "template",
            "faq",
            "glossary"
        ]
    );
    // Field docs become descriptions, which editors show on hover.
    let mistake = &schema["definitions"]["Mistake"]["properties"];
    assert!(
        mistake["fix"]["description"]
            .as_str()
            .unwrap()
            .contains("fix")
    );
    assert_eq!(
        schema["definitions"]["Mistake"]["additionalProperties"],
        false
    );
}

#[test]
fn every_content_file_points_editors_at_the_schema() {
    let files = content_files();
    assert!(!files.is_empty());
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let first = text.lines().next().unwrap_or_default();
        let target = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{} does not start with the schema line", f.display()));
        let resolved = f.parent().unwrap().join(target);
        assert!(
            resolved.canonicalize().ok()
                == root()
                    .join("schema/careerbook.schema.json")
                    .canonicalize()
                    .ok(),
            "{}: the schema line points at {}, which is not schema/careerbook.schema.json",
            f.display(),
            resolved.display()
        );
    }
}

#[test]
fn content_that_loads_also_validates_against_the_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&careerbook::model::schema::json()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for f in content_files() {
        let text = std::fs::read_to_string(&f).unwrap();
        let name = f.display().to_string();
        careerbook::load::parse_document(&name, &text)
            .unwrap_or_else(|d| panic!("{}", d[0].short()));
        let value: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
}

#[test]
fn schema_rejects_what_the_loader_rejects() {
    let schema: serde_json::Value =
        serde_json::from_str(&careerbook::model::schema::json()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for bad in [
        "kind: faq\nid: q\ntitle: Q\nquestions: []\ntitel: x\n",
        "kind: faq\nid: Not_An_Id\ntitle: Q\nquestions: []\n",
        "kind: faqs\nid: q\ntitle: Q\n",
        "kind: faq\nid: q\nquestions: []\n",
    ] {
        let value: serde_json::Value = serde_saphyr::from_str(bad).unwrap();
        assert!(!validator.is_valid(&value), "schema accepted {bad:?}");
    }
}
