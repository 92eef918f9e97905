//! `careerbook check`: one clear message per problem, pointing at the exact
//! place, for every way a contributor can break a file.

mod common;
use common::assert_contains;
use common::{Run, careerbook, copy_dir};

use std::path::{Path, PathBuf};
use std::time::Duration;

use tempfile::TempDir;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal")
}

/// A copy of the minimal book with some files replaced or added.
fn book_with(files: &[(&str, &[u8])]) -> TempDir {
    let dir = TempDir::new().unwrap();
    copy_dir(&fixture(), dir.path());
    for (name, text) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

fn check(dir: &Path, args: &[&str]) -> Run {
    let mut all: Vec<&std::ffi::OsStr> = vec!["check".as_ref(), dir.as_os_str()];
    all.extend(args.iter().map(std::ffi::OsStr::new));
    careerbook(&all)
}

/// Check a book with `content/new.yaml` added; expect exactly one error.
fn one_error(yaml: &str) -> String {
    let dir = book_with(&[("content/new.yaml", yaml.as_bytes())]);
    let r = check(dir.path(), &[]);
    assert_eq!(r.code, 1, "{}", r.out);
    assert_contains(&r.out, "1 error,");
    r.out
}

const FAQ_HEAD: &str = "kind: faq\nid: extra\ntitle: Questions\n";

#[test]
fn the_fixture_book_is_clean() {
    let r = check(&fixture(), &["--deny-warnings"]);
    assert_eq!(r.code, 0, "{}", r.out);
    assert_contains(&r.out, "no problems");
}

#[test]
fn the_bundled_handbook_is_clean() {
    let book = Path::new(env!("CARGO_MANIFEST_DIR")).join("book");
    let r = check(&book, &["--deny-warnings"]);
    assert_eq!(r.code, 0, "{}", r.out);
}

#[test]
fn yaml_syntax_error_points_at_the_line() {
    let out = one_error(&format!(
        "{FAQ_HEAD}questions:\n  - id: q\n    question: \"Why?\n    answer: x\n"
    ));
    assert_contains(&out, "error[yaml::syntax]");
    assert_contains(&out, "content/new.yaml:");
}

#[test]
fn tabs_are_refused_with_a_hint() {
    let out = one_error(&format!("{FAQ_HEAD}questions:\n\t- id: q\n"));
    assert_contains(&out, "content/new.yaml:5:");
    assert_contains(&out, "spaces, not tabs");
}

#[test]
fn wrong_type_names_the_field_and_what_was_expected() {
    let out = one_error(&format!("{FAQ_HEAD}questions: 5\n"));
    assert_contains(&out, "`questions` must be a list");
    assert_contains(&out, "content/new.yaml:4:12");
}

#[test]
fn wrong_number_type_in_a_nested_item() {
    let yaml = "kind: case-study\nid: c\ntitle: C\nsetup: s\nchallenge: c\naction: a\nresult: r\nmetrics:\n  - label: Speed\n    before: fast\n    after: 2\n    better: lower\n";
    let dir = book_with(&[("content/case2.yaml", yaml.as_bytes())]);
    let r = check(dir.path(), &[]);
    assert_eq!(r.code, 1);
    assert_contains(&r.out, "content/case2.yaml:10:13");
    assert_contains(&r.out, "`before` must be a number");
}

#[test]
fn missing_required_field() {
    let out = one_error(&format!(
        "{FAQ_HEAD}questions:\n  - id: q\n    answer: Because.\n"
    ));
    assert_contains(&out, "missing field `question`");
    // At the item that misses it.
    assert_contains(&out, "content/new.yaml:5:5");
    assert_contains(&out, "add `question:`");
}

#[test]
fn unknown_field_suggests_the_right_one() {
    let out = one_error(&format!(
        "{FAQ_HEAD}questions:\n  - id: q\n    questoin: Why?\n    answer: Because.\n"
    ));
    insta::assert_snapshot!(out);
}

#[test]
fn duplicate_keys_point_at_the_second_one() {
    let out = one_error(&format!("{FAQ_HEAD}title: Again\nquestions: []\n"));
    assert_contains(&out, "duplicate key `title`");
    assert_contains(&out, "content/new.yaml:4:1");
    // The first one is shown too.
    assert_contains(&out, "first set here");
}

#[test]
fn duplicate_ids_name_both_places() {
    let dir = book_with(&[(
        "content/zz.yaml",
        b"kind: faq\nid: more\ntitle: More\nquestions:\n  - id: adr\n    question: Q?\n    answer: See [[terms]].\n",
    )]);
    let r = check(dir.path(), &[]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!(r.out);
}

#[test]
fn dangling_references_are_reported_with_a_suggestion() {
    let dir = book_with(&[
        (
            "content/zz.yaml",
            b"kind: faq\nid: more\ntitle: More\nrelated: [portfolo]\nquestions:\n  - id: q2\n    question: Q?\n    answer: |\n      First line.\n      See [[adr-templat]] and [[adr-templat|it]].\n",
        ),
        ("src/extra.md", b"# Extra\n\nRead [[scaling-stroy]].\n"),
    ]);
    let r = check(dir.path(), &[]);
    assert_eq!(r.code, 1, "{}", r.out);
    assert_contains(&r.out, "content/zz.yaml:4:11");
    assert_contains(&r.out, "did you mean `portfolio`");
    // Both inline references, each at its own column.
    assert_contains(&r.out, "content/zz.yaml:10:13");
    assert_contains(&r.out, "content/zz.yaml:10:33");
    assert_contains(&r.out, "did you mean `adr-template`");
    assert_contains(&r.out, "src/extra.md:3:8");
    assert_contains(&r.out, "did you mean `scaling-story`");
    assert_contains(&r.out, "4 errors");
}

#[test]
fn unknown_and_missing_kind() {
    let out = one_error("kind: faqs\nid: extra\ntitle: Q\n");
    assert_contains(&out, "unknown kind `faqs`");
    assert_contains(&out, "content/new.yaml:1:7");
    assert_contains(&out, "did you mean `faq`?");
    let out = one_error("id: extra\ntitle: Q\n");
    assert_contains(&out, "missing field `kind`");
    assert_contains(&out, "matrix, framework, mistakes");
}

#[test]
fn kind_may_come_after_other_keys() {
    let dir = book_with(&[(
        "content/faq.yaml",
        b"id: questions\ntitle: Questions\nkind: faq\nquestions:\n  - id: prove-readiness\n    question: Q?\n    answer: A [[portfolio]].\n",
    )]);
    let r = check(dir.path(), &["--deny-warnings"]);
    assert_eq!(r.code, 0, "{}", r.out);
}

#[test]
fn empty_file() {
    let out = one_error("# only a comment\n\n");
    assert_contains(&out, "`content/new.yaml` is empty");
}

#[test]
fn invalid_utf8_names_the_position() {
    let dir = book_with(&[("content/faq.yaml", b"kind: faq\nid: q\ntitle: caf\xe9\n")]);
    let r = check(dir.path(), &[]);
    assert_eq!(r.code, 1);
    assert_contains(&r.out, "content/faq.yaml:3:11");
    assert_contains(&r.out, "not valid UTF-8");
}

#[test]
fn bom_and_crlf_are_accepted() {
    let original = std::fs::read_to_string(fixture().join("content/faq.yaml")).unwrap();
    let crlf = format!("\u{feff}{}", original.replace('\n', "\r\n"));
    let dir = book_with(&[("content/faq.yaml", crlf.as_bytes())]);
    let r = check(dir.path(), &["--deny-warnings"]);
    assert_eq!(r.code, 0, "{}", r.out);
}

#[test]
fn errors_after_crlf_lines_have_the_right_position() {
    let out = one_error(&format!("{FAQ_HEAD}questions: 5\n").replace('\n', "\r\n"));
    assert_contains(&out, "content/new.yaml:4:12");
}

#[test]
fn several_documents_in_one_file() {
    let out = one_error(&format!("{FAQ_HEAD}questions: []\n---\n{FAQ_HEAD}"));
    assert_contains(&out, "only one YAML document");
    assert_contains(&out, "content/new.yaml:6:1");
    assert_contains(&out, "its own file");
}

#[test]
fn custom_tags_are_refused() {
    let out = one_error("kind: faq\nid: !python/object questions\ntitle: Q\nquestions: []\n");
    assert_contains(&out, "unsupported tag");
    assert_contains(&out, "content/new.yaml:2:");
}

#[test]
fn alias_bomb_is_refused_quickly_with_a_location() {
    let mut y = String::from("id: extra\ntitle: Q\nxa: &a [x,x,x,x,x,x,x,x,x]\n");
    let mut prev = 'a';
    for n in "bcdefghij".chars() {
        y.push_str(&format!(
            "x{n}: &{n} [{}]\n",
            vec![format!("*{prev}"); 9].join(",")
        ));
        prev = n;
    }
    y.push_str("kind: faq\nrelated: *j\n");
    let start = std::time::Instant::now();
    let out = one_error(&y);
    assert!(start.elapsed() < Duration::from_secs(10));
    assert_contains(&out, "error[yaml::too-complex]");
    assert_contains(&out, "content/new.yaml:");
}

#[test]
fn deep_nesting_is_refused_with_a_location() {
    let deep = format!(
        "{FAQ_HEAD}related: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let out = one_error(&deep);
    assert_contains(&out, "content/new.yaml:4:");
    let mut block = String::from(FAQ_HEAD);
    block.push_str("questions:\n");
    for i in 0..200 {
        block.push_str(&" ".repeat(2 * i + 2));
        block.push_str("- \n");
    }
    let out = one_error(&block);
    assert_contains(&out, "content/new.yaml:");
}

#[test]
fn files_over_the_size_limit_are_refused_naming_the_limit() {
    let big = format!(
        "{FAQ_HEAD}summary: \"{}\"\nquestions: []\n",
        "x".repeat(1_100_000)
    );
    let out = one_error(&big);
    assert_contains(&out, "over the limit of 1048576 bytes");
    assert_contains(&out, "max-file-bytes");
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported() {
    let dir = book_with(&[]);
    std::os::unix::fs::symlink("..", dir.path().join("content/more/loop")).unwrap();
    let r = check(dir.path(), &[]);
    assert_eq!(r.code, 1, "{}", r.out);
    assert_contains(&r.out, "symbolic link loop");
    assert_contains(&r.out, "content/more/loop");
}

#[test]
fn all_problems_in_one_run_sorted_by_file_and_line() {
    let dir = book_with(&[
        ("content/b.yaml", b"kind: faq\nid: b\ntitel: B\nquestions: []\n"),
        ("content/a.yaml", b"kind: glossary\nid: a\ntitle: A\nterms:\n  - id: t\n    term: T\n    definition: see [[nope]]\n    related: [nada]\n"),
    ]);
    let r = check(dir.path(), &["--format", "json"]);
    assert_eq!(r.code, 1);
    let v: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    let places: Vec<String> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            format!(
                "{}:{}:{}",
                d["file"].as_str().unwrap(),
                d["line"],
                d["column"]
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            "content/a.yaml:7:23",
            "content/a.yaml:8:15",
            "content/b.yaml:3:1"
        ]
    );
    assert_eq!(v["errors"], 3);
}

#[test]
fn github_format_escapes_like_the_actions_toolkit() {
    let dir = book_with(&[(
        "content/b.yaml",
        b"kind: faq\nid: b\ntitel: B\nquestions: []\n",
    )]);
    let r = check(dir.path(), &["--format", "github"]);
    assert_eq!(r.code, 1);
    let line = r.out.lines().next().unwrap();
    assert_eq!(
        line,
        "::error file=content/b.yaml,line=3,col=1,title=model%3A%3Aunknown-field::unknown field `titel`, expected one of id, title, summary, related, questions%0Ahelp: did you mean `title`?"
    );
}

#[test]
fn usage_and_io_errors_exit_2() {
    let r = check(Path::new("/definitely/not/here"), &[]);
    assert_eq!(r.code, 2, "{}", r.out);
    let empty = TempDir::new().unwrap();
    let r = check(empty.path(), &[]);
    assert_eq!(r.code, 2);
    assert_contains(&r.out, "book.toml");
    let r = check(&fixture(), &["--format", "xml"]);
    assert_eq!(r.code, 2);
}

#[test]
fn warnings_pass_unless_denied() {
    let dir = book_with(&[(
        "content/glossary.yaml",
        b"kind: glossary\nid: terms\ntitle: Glossary\nterms:\n  - id: adr\n    term: ADR\n    definition: A record.\n    related: [adr-template]\n  - id: zebra\n    term: Zebra crossing\n    definition: Unused here.\n    related: [terms]\n",
    )]);
    let r = check(dir.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(
        r.out
            .contains("glossary term `Zebra crossing` is never used"),
        "{}",
        r.out
    );
    let r = check(dir.path(), &["--deny-warnings"]);
    assert_eq!(r.code, 1);
}

#[test]
fn orphan_items_are_warned_about() {
    let dir = book_with(&[(
        "content/faq.yaml",
        b"kind: faq\nid: questions\ntitle: Q\nquestions:\n  - id: prove-readiness\n    question: Q?\n    answer: See [[portfolio]].\n  - id: lonely\n    question: Anyone?\n    answer: No.\n",
    )]);
    let r = check(dir.path(), &[]);
    assert_eq!(r.code, 0);
    assert!(
        r.out
            .contains("question `lonely` is not linked to anything"),
        "{}",
        r.out
    );
    assert_contains(&r.out, "content/faq.yaml:8:9");
}

#[test]
fn directives_are_checked() {
    let dir = book_with(&[(
        "src/extra.md",
        b"# X\n\n{{#careerbook-levle senior}}\n{{#careerbook-compare senior adr}}\n{{#careerbook-assessment}}\n{{#careerbook nothing-here}}\n\n```\n{{#careerbook in-code}}\n```\n",
    )]);
    let r = check(dir.path(), &[]);
    assert_eq!(r.code, 1, "{}", r.out);
    assert_contains(&r.out, "src/extra.md:3:4");
    assert_contains(&r.out, "did you mean `{{#careerbook-level}}`?");
    assert_contains(&r.out, "needs a level id, but this is a term");
    assert_contains(&r.out, "takes 1 to 2 arguments, found 0");
    assert_contains(&r.out, "id `nothing-here` does not exist");
    assert!(!r.out.contains("in-code"), "{}", r.out);
    assert_contains(&r.out, "4 errors");
}

#[test]
fn matrix_rules() {
    let yaml = "kind: matrix\nid: ladder\ntitle: L\nlevels:\n  - id: senior\n    title: Senior\n    scope: Components\n  - id: staff\n    title: Staff\n    scope: Domains\ncompetencies:\n  - id: design\n    title: Design\n    related: [design-step]\n    behaviours:\n      senoir:\n        - id: b1\n          text: One\n      staff:\n        - id: b2\n          text: Two\n          builds_on: b3\n      senior:\n        - id: b3\n          text: Three\n          builds_on: b2\n";
    let dir = book_with(&[("content/matrix.yaml", yaml.as_bytes())]);
    let r = check(dir.path(), &[]);
    assert_eq!(r.code, 1, "{}", r.out);
    assert_contains(&r.out, "content/matrix.yaml:16:7");
    assert_contains(&r.out, "`senoir` is not a level of matrix `ladder`");
    assert_contains(&r.out, "did you mean `senior`?");
    assert!(
        r.out
            .contains("`b3` builds on `b2`, which is not at a lower level"),
        "{}",
        r.out
    );
}

#[test]
fn bad_ids_are_reported() {
    let out = one_error("kind: faq\nid: Extra_1\ntitle: Q\nquestions: []\n");
    assert_contains(&out, "`Extra_1` is not a valid id");
    assert_contains(&out, "content/new.yaml:2:5");
}

#[test]
fn unknown_config_keys_are_errors() {
    let dir = book_with(&[(
        "book.toml",
        b"[book]\ntitle = \"M\"\n\n[preprocessor.careerbook]\ncontnet = \"content\"\n",
    )]);
    let r = check(dir.path(), &[]);
    assert_eq!(r.code, 1, "{}", r.out);
    assert_contains(&r.out, "book.toml:5:1");
    assert_contains(&r.out, "did you mean `content`?");
}

#[test]
fn content_folder_is_configurable() {
    let dir = book_with(&[(
        "book.toml",
        b"[book]\ntitle = \"M\"\n\n[preprocessor.careerbook]\ncontent = \"yaml\"\n",
    )]);
    std::fs::rename(dir.path().join("content"), dir.path().join("yaml")).unwrap();
    let r = check(dir.path(), &["--deny-warnings"]);
    assert_eq!(r.code, 0, "{}", r.out);
}

/// A case study whose metric says `better: VALUE`.
fn case_with_better(value: &str) -> String {
    format!(
        "kind: case-study\nid: c2\ntitle: C\nsetup: s\nchallenge: c\naction: a\nresult: r\nmetrics:\n  - label: L\n    before: 1\n    after: 2\n    better: {value}\n"
    )
}

/// Words in the contributor's own value once picked the diagnosis (a tab,
/// a tag, a nesting limit, a null): the diagnosis comes from what is
/// wrong, whatever the value says.
#[test]
fn values_never_pick_the_diagnosis() {
    for value in [
        "stable",
        "advantage",
        "unlimited",
        "nullable",
        "tabular",
        "budget",
    ] {
        let out = one_error(&case_with_better(value));
        assert!(
            out.contains("error[model::unknown-value]"),
            "{value}: {out}"
        );
        assert!(
            out.contains(&format!(
                "unknown value `{value}` for `better`, expected `lower` or `higher`"
            )),
            "{value}: {out}"
        );
        assert!(out.contains("content/new.yaml:12:13"), "{value}: {out}");
        for wrong in ["yaml::tab", "yaml::tag", "yaml::too-complex", "model::null"] {
            assert!(!out.contains(wrong), "{value}: {out}");
        }
    }
}

/// A misspelt field, a wrong type, a missing field and a duplicate id in
/// one file: four diagnostics in one run, each at its own place.
#[test]
fn every_problem_of_a_file_in_one_run() {
    let dir = book_with(&[(
        "content/new.yaml",
        b"kind: faq\nid: extra\ntitle: Questions\nquestions:\n  - id: q1\n    questoin: Why?\n    answer: Because.\n  - id: q2\n    question: [not, text]\n    answer: No.\n  - id: q3\n    question: Where?\n  - id: adr\n    question: Again?\n    answer: Yes.\n",
    )]);
    let r = check(dir.path(), &["--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.out);
    let v: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    let found: Vec<(String, String)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                format!(
                    "{}:{}:{}",
                    d["file"].as_str().unwrap(),
                    d["line"],
                    d["column"]
                ),
            )
        })
        .collect();
    let expect = |code: &str, at: &str| (code.to_string(), at.to_string());
    assert_eq!(
        found,
        [
            expect("model::unknown-field", "content/new.yaml:6:5"),
            expect("model::type", "content/new.yaml:9:15"),
            expect("model::missing-field", "content/new.yaml:11:5"),
            expect("ref::duplicate-id", "content/new.yaml:13:9"),
        ],
        "{}",
        r.out
    );
}

/// A file with an error does not make other files look wrong: no orphan or
/// unused-term warning comes from the references it would have made.
#[test]
fn a_broken_file_causes_no_follow_on_warnings() {
    let dir = TempDir::new().unwrap();
    copy_dir(&fixture(), dir.path());
    let faq = dir.path().join("content/faq.yaml");
    let text = std::fs::read_to_string(&faq).unwrap();
    std::fs::write(&faq, text.replacen("answer:", "anwser:", 1)).unwrap();
    let r = check(dir.path(), &[]);
    assert_eq!(r.code, 1, "{}", r.out);
    assert_contains(&r.out, "1 error, 0 warnings");
    assert_contains(&r.out, "did you mean `answer`?");
}

/// A key indented one column short inside a list item is reported where
/// it is written, as an indentation problem (it once was "missing field
/// `text`" with `text:` right there).
#[test]
fn a_key_indented_one_column_short_is_reported_where_it_is() {
    let out = one_error(&format!(
        "{FAQ_HEAD}questions:\n  - id: q\n    question: Why?\n   answer: Because.\n"
    ));
    assert_contains(&out, "error[yaml::indent]");
    assert_contains(&out, "content/new.yaml:7:4");
    assert_contains(&out, "indent it by 4 spaces, like `id` above");
    assert!(!out.contains("missing field"), "{out}");
}

/// Text fields are text and numbers are numbers, as the schema says: an
/// unquoted number where text belongs, or a quoted number where a number
/// belongs, is an error with the fix.
#[test]
fn types_follow_the_schema() {
    let out = one_error("kind: faq\nid: extra\ntitle: 2024\nquestions: []\n");
    assert_contains(&out, "`title` must be text");
    assert_contains(&out, "quote it");
    let out = one_error(&case_with_better("lower").replace("before: 1", "before: \"1\""));
    assert_contains(&out, "`before` must be a number, not text");
    assert_contains(&out, "remove the quotes");
}
