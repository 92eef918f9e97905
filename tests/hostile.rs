//! Untrusted content: a pull request can change any YAML text, add
//! symbolic links and hostile values. Nothing it writes may read a file of
//! the build machine, run a script, or be lost silently.

mod common;
use common::assert_contains;
use common::{Out, careerbook, copy_dir, mdbook_build};

use std::path::Path;

use serde_json::{Map, Value, json};
use tempfile::TempDir;

use careerbook::model::{Kind, schema};

/// What the canary file holds: it must appear in no built file.
const SECRET: &str = "CANARY-SECRET-7f3a9c";

/// Every mdBook directive that reads a file or changes the page, aimed at
/// the canary file.
fn payload(canary: &Path) -> String {
    let f = canary.display();
    format!(
        "Text {{{{#include {f}}}}} and {{{{#rustdoc_include {f}}}}} and {{{{#playground {f}}}}} and {{{{#title Pwned}}}} end"
    )
}

fn definitions() -> &'static Map<String, Value> {
    schema::value()["definitions"].as_object().unwrap()
}

/// Fields left out of the generated documents: optional references whose
/// targets the generator does not make (`extends` needs a second matrix).
const SKIPPED: &[&str] = &["related", "builds_on", "extends", "extend_competencies"];

struct Gen {
    text: String,
    next_id: usize,
    /// The level ids generated so far (behaviours are keyed by them, tracks
    /// list them).
    levels: Vec<String>,
}

impl Gen {
    fn id(&mut self) -> String {
        self.next_id += 1;
        format!("canary-{}", self.next_id)
    }

    /// A value for a schema, with the payload in every text field. Made
    /// from the schema, so a field added later is covered too.
    fn value(&mut self, s: &Value, field: &str, def: &str) -> Value {
        if let Some(r) = s.get("$ref").and_then(Value::as_str) {
            let name = r.rsplit('/').next().unwrap();
            return match name {
                "Id" if field == "id" => {
                    let id = self.id();
                    if def == "Level" {
                        self.levels.push(id.clone());
                    }
                    id.into()
                }
                "Id" => self.levels[0].clone().into(),
                "Text" | "Markdown" => self.text.clone().into(),
                _ if definitions()[name].get("properties").is_some() => self.object(name),
                _ => self.value(&definitions()[name], field, def),
            };
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            if let Some(alternatives) = s.get(key).and_then(Value::as_array) {
                let first = alternatives
                    .iter()
                    .find(|a| a.get("type").and_then(Value::as_str) != Some("null"))
                    .unwrap();
                if let Some(c) = first.get("const") {
                    return c.clone();
                }
                return self.value(first, field, def);
            }
        }
        if let Some(c) = s.get("const") {
            return c.clone();
        }
        if let Some(values) = s.get("enum").and_then(Value::as_array) {
            return values[0].clone();
        }
        let types: Vec<&str> = match s.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        match types.iter().find(|t| **t != "null").copied() {
            Some("number" | "integer") => json!(1),
            Some("boolean") => json!(true),
            Some("string") => self.text.clone().into(),
            Some("array") => {
                let n = if field == "levels" { 2 } else { 1 };
                let items = &s["items"];
                if field == "levels" && def == "Track" {
                    return json!(self.levels.clone());
                }
                (0..n).map(|_| self.value(items, field, def)).collect()
            }
            Some("object") => {
                // A map keyed by level id.
                let key = self.levels[0].clone();
                let v = self.value(&s["additionalProperties"], field, def);
                json!({ key: v })
            }
            _ => Value::Null,
        }
    }

    fn object(&mut self, name: &str) -> Value {
        let d = &definitions()[name];
        let mut out = Map::new();
        for (field, s) in d["properties"].as_object().unwrap() {
            if SKIPPED.contains(&field.as_str()) {
                continue;
            }
            let v = self.value(s, field, name);
            out.insert(field.clone(), v);
        }
        Value::Object(out)
    }
}

/// A book with one document of every kind, the payload in every text
/// field, and a chapter for every directive.
fn hostile_book(dir: &Path, canary: &Path) {
    let mut g = Gen {
        text: payload(canary),
        next_id: 0,
        levels: Vec::new(),
    };
    std::fs::create_dir_all(dir.join("content")).unwrap();
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("book.toml"),
        "[book]\ntitle = \"Canary\"\n\n[preprocessor.careerbook]\nbefore = [\"links\"]\n",
    )
    .unwrap();
    let mut summary = String::from("# Summary\n\n");
    let mut matrix = None;
    let mut template = None;
    for kind in Kind::ALL {
        g.levels.clear();
        let doc = g.object(schema::definition_of(*kind));
        let id = doc["id"].as_str().unwrap().to_string();
        // YAML is a superset of JSON.
        std::fs::write(
            dir.join(format!("content/{}.yaml", kind.name())),
            serde_json::to_string_pretty(&doc).unwrap(),
        )
        .unwrap();
        let chapter = format!("{}.md", kind.name());
        std::fs::write(
            dir.join("src").join(&chapter),
            format!("# {}\n\n{{{{#careerbook {id}}}}}\n", kind.name()),
        )
        .unwrap();
        summary.push_str(&format!("- [{}]({chapter})\n", kind.name()));
        match kind {
            Kind::Matrix => matrix = Some((id, g.levels.clone())),
            Kind::Template => template = Some(id),
            _ => {}
        }
    }
    let (m, levels) = matrix.unwrap();
    let pages = [
        ("levels", format!("{{{{#careerbook-level {}}}}}", levels[0])),
        (
            "compare",
            format!("{{{{#careerbook-compare {} {}}}}}", levels[0], levels[1]),
        ),
        ("ladder", format!("{{{{#careerbook-ladder {m}}}}}")),
        (
            "assessment",
            format!("{{{{#careerbook-assessment {m} {}}}}}", template.unwrap()),
        ),
        ("index", "{{#careerbook-index}}".to_string()),
        ("terms", "{{#careerbook-glossary}}".to_string()),
    ];
    for (name, directive) in pages {
        std::fs::write(
            dir.join(format!("src/{name}.md")),
            format!("# {name}\n\n{directive}\n"),
        )
        .unwrap();
        summary.push_str(&format!("- [{name}]({name}.md)\n"));
    }
    std::fs::write(dir.join("src/SUMMARY.md"), summary).unwrap();
}

/// Every file of the built site, as text.
fn built_files(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir.join("book")) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let bytes = std::fs::read(e.path()).unwrap();
            out.push((
                e.path().display().to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            ));
        }
    }
    out
}

fn assert_no_leak(dir: &Path, how: &str, built: &Out) {
    assert!(built.ok, "{how} failed: {}", built.stderr);
    let files = built_files(dir);
    assert!(files.len() > 10, "{how}: {} files", files.len());
    let mut shown = false;
    for (name, text) in &files {
        assert!(
            !text.contains(SECRET),
            "{how}: {name} holds the canary file's text"
        );
        assert!(
            !text.contains("<title>Pwned"),
            "{how}: {name} had its title set by content"
        );
        shown |= text.contains("#include") && name.ends_with(".html");
    }
    // The text is shown as written, not dropped.
    assert!(shown, "{how}: the directive text is not shown anywhere");
}

/// A `{{#include FILE}}` (and every other mdBook directive) written in any
/// text field of any kind is shown as text: the file's content appears
/// nowhere in the site (pages, print page, search index), with
/// `careerbook build` and with a plain `mdbook build` + the shim.
#[test]
fn mdbook_directives_in_content_never_reach_mdbook() {
    let secret_dir = TempDir::new().unwrap();
    let canary = secret_dir.path().join("canary.txt");
    std::fs::write(&canary, SECRET).unwrap();

    let a = TempDir::new().unwrap();
    hostile_book(a.path(), &canary);
    let check = careerbook(&["check".as_ref(), a.path().as_os_str()]);
    assert_eq!(
        check.code, 0,
        "the generated book must be valid: {}",
        check.out
    );
    let r = careerbook(&["build".as_ref(), a.path().as_os_str()]);
    let built = Out {
        ok: r.code == 0,
        stderr: r.stderr,
    };
    assert_no_leak(a.path(), "careerbook build", &built);

    let b = TempDir::new().unwrap();
    copy_dir(a.path(), b.path());
    careerbook::mdbook::assets::install(b.path()).unwrap();
    assert_no_leak(b.path(), "mdbook build + shim", &mdbook_build(b.path()));
}

/// A content file or chapter that is a symbolic link to a file outside the
/// book is refused, naming the link; the target's text is never shown (a
/// pull request can add a link to `/etc/passwd` and read the CI log).
#[cfg(unix)]
#[test]
fn links_out_of_the_book_are_refused_without_showing_the_target() {
    let outside = TempDir::new().unwrap();
    let target = outside.path().join("passwd");
    std::fs::write(&target, format!("root:x:0:0:{SECRET}:/root:/bin/bash\n")).unwrap();
    let linked_dir = outside.path().join("more");
    std::fs::create_dir(&linked_dir).unwrap();
    std::fs::write(
        linked_dir.join("x.yaml"),
        format!("kind: faq\nid: {SECRET}\n"),
    )
    .unwrap();

    let book = common::fixture_copy("minimal");
    let b = book.path();
    std::os::unix::fs::symlink(&target, b.join("content/evil.yaml")).unwrap();
    std::os::unix::fs::symlink(&linked_dir, b.join("content/elsewhere")).unwrap();
    std::os::unix::fs::symlink(&target, b.join("src/evil.md")).unwrap();
    let summary = std::fs::read_to_string(b.join("src/SUMMARY.md")).unwrap();
    std::fs::write(b.join("src/SUMMARY.md"), summary + "- [Evil](evil.md)\n").unwrap();

    let check = careerbook(&["check".as_ref(), b.as_os_str()]);
    assert_eq!(check.code, 1, "{}", check.out);
    for name in ["content/evil.yaml", "content/elsewhere", "src/evil.md"] {
        assert!(
            check
                .out
                .contains(&format!("`{name}` leads outside the book folder")),
            "{name}: {}",
            check.out
        );
    }
    assert!(!check.out.contains(SECRET), "{}", check.out);
    assert!(!check.out.contains("root:x"), "{}", check.out);

    for (how, built) in [
        ("careerbook build", {
            let r = careerbook(&["build".as_ref(), b.as_os_str()]);
            Out {
                ok: r.code == 0,
                stderr: r.out,
            }
        }),
        ("mdbook build + shim", mdbook_build(b)),
    ] {
        assert!(!built.ok, "{how} built a book with a link out of it");
        assert!(
            built.stderr.contains("leads outside the book folder"),
            "{how}: {}",
            built.stderr
        );
        assert!(!built.stderr.contains(SECRET), "{how}: {}", built.stderr);
        assert!(
            !b.join("book/evil.html").exists(),
            "{how} wrote the linked chapter"
        );
    }
}

/// A book with one of the hostile cases of `tests/fixtures/hostile/cases/`
/// as a content file; what `check` says.
fn check_case(case: &str) -> common::Run {
    let d = common::fixture_copy("minimal");
    std::fs::copy(
        common::fixture("hostile/cases").join(case),
        d.path().join("content").join(case),
    )
    .unwrap();
    let r = careerbook(&["check".as_ref(), d.path().as_os_str()]);
    drop(d);
    r
}

/// Control characters (a NUL, a bell, an escape) in text are errors at
/// their place; bidirectional overrides are errors in titles and ids, and
/// warnings in Markdown prose.
#[test]
fn control_and_bidirectional_characters_are_reported_where_they_are() {
    let r = check_case("nul.yaml");
    assert_eq!(r.code, 1, "{}", r.out);
    assert_contains(&r.out, "control character U+0000");
    assert_contains(&r.out, "content/nul.yaml:4:");
    // Reported once, not once per schema layer.
    assert_contains(&r.out, "1 error, 0 warnings");

    let r = check_case("control.yaml");
    assert_eq!(r.code, 1, "{}", r.out);
    assert_contains(&r.out, "control character U+0007");
    assert_contains(&r.out, "content/control.yaml:6:");

    let r = check_case("bidi-title.yaml");
    assert_eq!(r.code, 1, "{}", r.out);
    assert_contains(&r.out, "error[model::bidi-character]");
    assert_contains(&r.out, "U+202E");
    assert_contains(&r.out, "content/bidi-title.yaml:3:");

    let r = check_case("bidi-prose.yaml");
    assert_eq!(r.code, 0, "{}", r.out);
    assert_contains(&r.out, "warning[model::bidi-character]");
    assert_contains(&r.out, "content/bidi-prose.yaml:4:");
}

/// Invalid UTF-8 is reported at its line and column, like every error.
#[test]
fn invalid_utf8_is_reported_at_its_line_and_column() {
    let r = check_case("not-utf8.yaml");
    assert_eq!(r.code, 1, "{}", r.out);
    assert_contains(&r.out, "content/not-utf8.yaml:3:11");
    assert_contains(&r.out, "line 3, column 11");
}

/// Ids have a documented length limit (100 characters): a 100,000-character
/// id is an error naming the limit, reported quickly.
#[test]
fn ids_have_a_length_limit() {
    let d = common::fixture_copy("minimal");
    let long = "a".repeat(100_000);
    std::fs::write(
        d.path().join("content/long.yaml"),
        format!("kind: faq\nid: {long}\ntitle: Long\nquestions: []\n"),
    )
    .unwrap();
    let r = careerbook(&["check".as_ref(), d.path().as_os_str()]);
    assert_eq!(r.code, 1, "{}", r.out);
    assert!(
        r.out
            .contains("is 100000 characters long; the limit is 100"),
        "{}",
        r.out
    );
    assert_contains(&r.out, "content/long.yaml:2:5");
    // Exactly 100 is fine.
    std::fs::write(
        d.path().join("content/long.yaml"),
        format!(
            "kind: faq\nid: {}\ntitle: Long\nquestions: []\n",
            "a".repeat(100)
        ),
    )
    .unwrap();
    let r = careerbook(&["check".as_ref(), d.path().as_os_str()]);
    assert_eq!(r.code, 0, "{}", r.out);
}
