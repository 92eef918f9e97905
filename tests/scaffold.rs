//! `careerbook init` and `careerbook new`: a new handbook checks clean and
//! builds at once; a new skeleton of every kind loads and keeps the book
//! clean; bad kinds, ids and existing ids are refused with a useful message.

mod common;
use common::assert_contains;
use common::{Run, careerbook, copy_dir};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use careerbook::cli::scaffold;
use careerbook::model::Kind;
use tempfile::TempDir;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal")
}

/// A copy of the minimal fixture book (at `tmp/book`, so that no
/// `schema/` folder of the repository is found above it).
fn minimal_copy() -> (TempDir, PathBuf) {
    let tmp = TempDir::new().unwrap();
    let book = tmp.path().join("book");
    copy_dir(&fixture(), &book);
    (tmp, book)
}

/// Every file under `dir` with its contents.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn check(book: &Path, deny_warnings: bool) -> Run {
    let mut args = vec!["check".as_ref(), book.as_os_str()];
    if deny_warnings {
        args.push("--deny-warnings".as_ref());
    }
    careerbook(&args)
}

fn build(book: &Path) -> Run {
    careerbook(&["build".as_ref(), book.as_os_str()])
}

/// Whether the `careerbook` binary has the subcommand yet.
fn has_subcommand(name: &str) -> bool {
    let ok = careerbook(&[name.as_ref(), "--help".as_ref()]).code == 0;
    if !ok {
        eprintln!("note: `careerbook {name}` is not wired yet; skipping the command-line part");
    }
    ok
}

/// Replace the placeholder texts `careerbook new` wrote in a file with
/// text of one's own (here: the same words without the marker).
fn fill_in(yaml: &Path) {
    let text = std::fs::read_to_string(yaml).unwrap();
    assert!(
        text.contains("TODO: "),
        "no placeholder in {}",
        yaml.display()
    );
    std::fs::write(yaml, text.replace("TODO: ", "")).unwrap();
}

/// The `$schema` path on the first line of a content file, resolved.
fn schema_of(yaml: &Path) -> PathBuf {
    let text = std::fs::read_to_string(yaml).unwrap();
    let first = text.lines().next().unwrap();
    let rel = first
        .strip_prefix("# yaml-language-server: $schema=")
        .unwrap_or_else(|| panic!("{} has no schema line: {first}", yaml.display()));
    yaml.parent().unwrap().join(rel)
}

// ------------------------------------------------------------------ init

#[test]
fn init_creates_a_handbook_that_checks_clean_and_builds() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("team-handbook");
    let summary = scaffold::init(&dir).unwrap();

    for f in [
        "book.toml",
        "CONTRIBUTING.md",
        ".github/workflows/handbook.yml",
        ".github/pull_request_template.md",
        ".vscode/settings.json",
        ".vscode/extensions.json",
        "schema/careerbook.schema.json",
        "src/SUMMARY.md",
    ] {
        assert!(dir.join(f).is_file(), "{f} is missing");
        assert!(summary.files.contains(&dir.join(f)), "{f} is not reported");
    }
    for f in &summary.files {
        assert!(f.is_file(), "{} is reported but missing", f.display());
    }

    let toml = std::fs::read_to_string(dir.join("book.toml")).unwrap();
    assert_contains(&toml, "[preprocessor.careerbook]");
    assert_contains(&toml, "before = [\"links\"]");
    assert_contains(&toml, "handbook-id = \"team-handbook\"");
    assert_contains(&toml, "title = \"Team handbook\"");
    assert_contains(&toml, "extra-watch-dirs = [\"content\"]");

    assert_eq!(
        std::fs::read_to_string(dir.join("schema/careerbook.schema.json")).unwrap(),
        careerbook::model::schema::json()
    );

    // One sample of each kind, each pointing at the book's schema.
    let mut kinds = Vec::new();
    for e in walkdir::WalkDir::new(dir.join("content")).sort_by_file_name() {
        let e = e.unwrap();
        if !e.file_type().is_file() {
            continue;
        }
        let schema = schema_of(e.path());
        assert_eq!(
            schema.canonicalize().unwrap(),
            dir.join("schema/careerbook.schema.json")
                .canonicalize()
                .unwrap(),
            "{}",
            e.path().display()
        );
        let text = std::fs::read_to_string(e.path()).unwrap();
        let (doc, _) = careerbook::load::parse_document("x.yaml", &text)
            .unwrap_or_else(|d| panic!("{}: {}", e.path().display(), d[0].short()));
        kinds.push(doc.kind());
    }
    kinds.sort();
    assert_eq!(kinds, Kind::ALL.to_vec());

    // Chapters use the directives.
    let mut chapters = String::new();
    for e in walkdir::WalkDir::new(dir.join("src")).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            chapters.push_str(&std::fs::read_to_string(e.path()).unwrap());
        }
    }
    for d in [
        "{{#careerbook ladder}}",
        "{{#careerbook-index}}",
        "{{#careerbook-glossary}}",
        "{{#careerbook-ladder ladder}}",
        "{{#careerbook-assessment ladder promotion-case}}",
    ] {
        assert!(chapters.contains(d), "no chapter uses {d}");
    }

    let workflow = std::fs::read_to_string(dir.join(".github/workflows/handbook.yml")).unwrap();
    for s in [
        "pull_request",
        "careerbook check . --format github --deny-warnings",
        "careerbook build .",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
        "branches: [main]",
        // Pinned to the version that wrote it, from that version's release,
        // and the cache is keyed by it.
        &format!("CAREERBOOK_VERSION: \"{}\"", env!("CARGO_PKG_VERSION")),
        "CAREERBOOK_RELEASES: https://github.com/careerbook/careerbook/releases/download",
        "key: careerbook-${{ env.CAREERBOOK_VERSION }}-",
        "sha256sum --check",
        // The source build, documented.
        "cargo install --locked careerbook --version \"$CAREERBOOK_VERSION\"",
    ] {
        assert!(workflow.contains(s), "the workflow lacks {s}:\n{workflow}");
    }
    for s in ["@VERSION@", "CHANGE-ME", "ADAPT", "OWNER"] {
        assert!(!workflow.contains(s), "the workflow holds {s}:\n{workflow}");
    }

    // The editor settings map the schema onto every content file by glob
    // (so a file moved to another folder keeps its validation), and
    // recommend the YAML extension.
    let settings: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join(".vscode/settings.json")).unwrap())
            .unwrap();
    let schemas = settings["yaml.schemas"].as_object().unwrap();
    assert_eq!(schemas.len(), 1, "{settings}");
    let (schema, globs) = schemas.iter().next().unwrap();
    assert!(dir.join(schema).is_file(), "{schema} does not exist");
    assert_eq!(
        globs,
        &serde_json::json!(["/content/**/*.yaml", "/content/**/*.yml"])
    );
    let extensions: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join(".vscode/extensions.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        extensions["recommendations"],
        serde_json::json!(["redhat.vscode-yaml"])
    );
    let contributing = std::fs::read_to_string(dir.join("CONTRIBUTING.md")).unwrap();
    for s in ["careerbook new", "careerbook check", "careerbook serve"] {
        assert!(contributing.contains(s), "CONTRIBUTING.md lacks {s}");
    }

    let r = check(&dir, true);
    assert_eq!(r.code, 0, "{}", r.out);
    assert_contains(&r.out, "no problems");

    let r = build(&dir);
    assert_eq!(r.code, 0, "{}", r.out);
    for page in [
        "index.html",
        "ladder.html",
        // Generated: no one-line chapters in a new handbook.
        "ladder/levels/senior.html",
        "ladder/compare/senior-to-staff.html",
        "glossary.html",
    ] {
        assert!(
            dir.join("book").join(page).is_file(),
            "{page} was not built"
        );
    }
    let ladder = std::fs::read_to_string(dir.join("book/ladder.html")).unwrap();
    assert!(
        ladder.contains("id=\"system-design\""),
        "the ladder page lacks the matrix"
    );
}

#[test]
fn init_accepts_an_existing_empty_folder() {
    let tmp = TempDir::new().unwrap();
    let summary = scaffold::init(tmp.path()).unwrap();
    assert!(!summary.files.is_empty());
    assert!(tmp.path().join("book.toml").is_file());
    let r = check(tmp.path(), true);
    assert_eq!(r.code, 0, "{}", r.out);
}

#[test]
fn init_works_in_a_fresh_clone_beside_its_readme_licence_and_gitignore() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path();
    // What "create the repository on GitHub, clone it" leaves.
    std::fs::create_dir(dir.join(".git")).unwrap();
    std::fs::write(dir.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    std::fs::write(dir.join("README.md"), "# Our ladder\n").unwrap();
    std::fs::write(dir.join("LICENSE"), "CC-BY-4.0\n").unwrap();
    std::fs::write(dir.join(".gitignore"), "target/").unwrap();
    let summary = scaffold::init(dir).unwrap();
    assert!(summary.files.contains(&dir.join("book.toml")));
    assert_eq!(
        std::fs::read_to_string(dir.join("README.md")).unwrap(),
        "# Our ladder\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("LICENSE")).unwrap(),
        "CC-BY-4.0\n"
    );
    // The .gitignore keeps its lines and gains the built site's.
    let gitignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(gitignore.starts_with("target/\n"), "{gitignore}");
    assert!(gitignore.lines().any(|l| l == "/book/"), "{gitignore}");
    let r = check(dir, true);
    assert_eq!(r.code, 0, "{}", r.out);
}

#[test]
fn init_refuses_to_overwrite_and_names_what_is_in_the_way() {
    let tmp = TempDir::new().unwrap();
    std::fs::write(tmp.path().join("notes.md"), "mine\n").unwrap();
    std::fs::create_dir(tmp.path().join("src")).unwrap();
    std::fs::write(tmp.path().join("src/SUMMARY.md"), "# Mine\n").unwrap();
    std::fs::create_dir(tmp.path().join(".vscode")).unwrap();
    std::fs::write(tmp.path().join(".vscode/settings.json"), "{}\n").unwrap();
    let before = snapshot(tmp.path());
    let err = scaffold::init(tmp.path()).unwrap_err().to_string();
    assert_contains(&err, "refuses to overwrite");
    assert_contains(&err, "`src/SUMMARY.md`");
    assert_contains(&err, "`.vscode/settings.json`");
    assert!(
        !err.contains("notes.md"),
        "notes.md is not in the way: {err}"
    );
    assert!(
        err.contains(&tmp.path().display().to_string()),
        "the message does not name the folder: {err}"
    );
    assert_eq!(snapshot(tmp.path()), before, "nothing may be written");

    // A second init over a handbook names a few files, not all thirty.
    let hb = tmp.path().join("hb");
    scaffold::init(&hb).unwrap();
    let before = snapshot(&hb);
    let err = scaffold::init(&hb).unwrap_err().to_string();
    assert_contains(&err, "`book.toml`");
    assert_contains(&err, "more");
    assert_eq!(snapshot(&hb), before);

    // A file in the way is refused too.
    let file = tmp.path().join("notes.md");
    let err = scaffold::init(&file).unwrap_err().to_string();
    assert_contains(&err, "refuses to overwrite");
}

#[test]
fn init_says_what_is_left_to_do() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("hb");
    let steps = scaffold::init(&dir).unwrap().next_steps.join("\n");
    assert_contains(&steps, "Source to \"GitHub Actions\"");
    assert_contains(&steps, "suggest-url");
    assert_contains(&steps, "edit-url-template");
    assert_contains(&steps, "redhat.vscode-yaml");

    // In a clone of a GitHub repository, with its address filled in.
    let git = |dir: &Path, args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    };
    let clone = tmp.path().join("clone");
    std::fs::create_dir(&clone).unwrap();
    if !git(&clone, &["init", "-q"]) {
        eprintln!("note: no git here; the clone case is not checked");
        return;
    }
    assert!(git(
        &clone,
        &["remote", "add", "origin", "git@github.com:acme/ladder.git"]
    ));
    let steps = scaffold::init(&clone).unwrap().next_steps.join("\n");
    assert_contains(&steps, "https://github.com/acme/ladder/settings/pages");
    assert_contains(
        &steps,
        "suggest-url = \"https://github.com/acme/ladder/issues/new\"",
    );
    assert!(
        steps.contains(
            "edit-url-template = \"https://github.com/acme/ladder/edit/main/src/{path}\""
        ),
        "{steps}"
    );
}

// ------------------------------------------------------------------- new

#[test]
fn new_writes_a_clean_skeleton_of_every_kind() {
    for kind in Kind::ALL {
        let (_tmp, book) = minimal_copy();
        let id = format!("new-{}", kind.name());
        let summary = scaffold::new_item(&book, kind.name(), &id, None).unwrap();
        let folder = kind.folder();
        assert_eq!(
            summary.yaml,
            book.join("content").join(folder).join(format!("{id}.yaml"))
        );
        assert_eq!(summary.chapter, book.join("src").join(format!("{id}.md")));

        let text = std::fs::read_to_string(&summary.yaml).unwrap();
        assert!(
            text.starts_with(
                "# yaml-language-server: $schema=../../schema/careerbook.schema.json\n"
            ),
            "{text}"
        );
        let (doc, _) = careerbook::load::parse_document("new.yaml", &text)
            .unwrap_or_else(|d| panic!("the {kind} skeleton does not load: {}", d[0].short()));
        assert_eq!(doc.kind(), *kind);
        assert_eq!(doc.id().as_str(), id);
        let title = format!("New {}", kind.name().replace('-', " "));
        assert_eq!(doc.title().as_str(), title);
        // Comments show the optional fields.
        assert_contains(&text, "# related:");

        let chapter = std::fs::read_to_string(&summary.chapter).unwrap();
        assert_eq!(chapter, format!("# {title}\n\n{{{{#careerbook {id}}}}}\n"));
        let toc = std::fs::read_to_string(book.join("src/SUMMARY.md")).unwrap();
        assert!(
            toc.ends_with(&format!("- [{title}]({id}.md)\n")),
            "{kind}: {toc}"
        );

        // The placeholders are warned about until they are filled in.
        let r = check(&book, false);
        assert_eq!(r.code, 0, "{kind}:\n{text}\n{}", r.out);
        assert!(
            r.out.contains("warning[editor::placeholder]"),
            "{kind}:\n{}",
            r.out
        );
        assert!(
            r.out.contains(&format!("content/{folder}/{id}.yaml")),
            "{kind}:\n{}",
            r.out
        );
        assert!(r.out.contains("0 errors, 1 warning"), "{kind}:\n{}", r.out);
        assert_eq!(check(&book, true).code, 1, "{kind}");
        fill_in(&summary.yaml);
        let r = check(&book, true);
        assert_eq!(r.code, 0, "{kind}:\n{text}\n{}", r.out);
    }
}

#[test]
fn new_items_build_in_a_new_handbook() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("hb");
    scaffold::init(&dir).unwrap();
    scaffold::new_item(
        &dir,
        "pattern",
        "shared-lint",
        Some("Shared lint configuration"),
    )
    .unwrap();
    let terms = scaffold::new_item(&dir, "glossary", "more-terms", None).unwrap();
    let yaml = dir.join("content/patterns/shared-lint.yaml");
    fill_in(&yaml);
    fill_in(&terms.yaml);
    assert_eq!(
        schema_of(&yaml).canonicalize().unwrap(),
        dir.join("schema/careerbook.schema.json")
            .canonicalize()
            .unwrap()
    );
    let toc = std::fs::read_to_string(dir.join("src/SUMMARY.md")).unwrap();
    assert!(
        toc.ends_with(
            "- [Glossary](glossary.md)\n- [Shared lint configuration](shared-lint.md)\n- [More terms](more-terms.md)\n"
        ),
        "{toc}"
    );
    let r = check(&dir, true);
    assert_eq!(r.code, 0, "{}", r.out);
    let r = build(&dir);
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(dir.join("book/shared-lint.html").is_file());
}

#[test]
fn new_points_at_the_nearest_schema() {
    // A book inside a repository whose schema is at the repository's root.
    let tmp = TempDir::new().unwrap();
    let repo = tmp.path();
    copy_dir(&fixture(), &repo.join("handbook"));
    std::fs::remove_dir_all(repo.join("handbook/schema")).unwrap();
    std::fs::create_dir(repo.join("schema")).unwrap();
    std::fs::write(
        repo.join("schema/careerbook.schema.json"),
        careerbook::model::schema::json(),
    )
    .unwrap();
    let s = scaffold::new_item(&repo.join("handbook"), "faq", "more-questions", None).unwrap();
    let text = std::fs::read_to_string(&s.yaml).unwrap();
    assert!(
        text.starts_with(
            "# yaml-language-server: $schema=../../../schema/careerbook.schema.json\n"
        ),
        "{text}"
    );
    assert!(schema_of(&s.yaml).is_file());

    // The book's own schema wins, and `content` from book.toml is honoured.
    let book = repo.join("handbook");
    std::fs::create_dir(book.join("schema")).unwrap();
    std::fs::write(
        book.join("schema/careerbook.schema.json"),
        careerbook::model::schema::json(),
    )
    .unwrap();
    std::fs::write(
        book.join("book.toml"),
        "[book]\ntitle = \"Minimal Handbook\"\n\n[preprocessor.careerbook]\ncontent = \"content/deep\"\n",
    )
    .unwrap();
    let s = scaffold::new_item(&book, "checklist", "deep-list", None).unwrap();
    assert_eq!(s.yaml, book.join("content/deep/checklists/deep-list.yaml"));
    let text = std::fs::read_to_string(&s.yaml).unwrap();
    assert!(
        text.starts_with(
            "# yaml-language-server: $schema=../../../schema/careerbook.schema.json\n"
        ),
        "{text}"
    );
    assert_eq!(
        schema_of(&s.yaml).canonicalize().unwrap(),
        book.join("schema/careerbook.schema.json")
            .canonicalize()
            .unwrap()
    );
}

#[test]
fn new_refuses_an_existing_id_and_says_where() {
    let (_tmp, book) = minimal_copy();
    let before = snapshot(&book);
    let err = scaffold::new_item(&book, "faq", "design-step", None)
        .unwrap_err()
        .to_string();
    assert_contains(&err, "`design-step` already exists");
    assert_contains(&err, "step at content/framework.yaml:6:9");
    let err = scaffold::new_item(&book, "pattern", "ladder", None)
        .unwrap_err()
        .to_string();
    assert_contains(&err, "matrix at content/matrix.yaml:3:5");
    assert_eq!(snapshot(&book), before, "nothing may be written");
}

#[test]
fn new_refuses_a_skeleton_whose_item_ids_exist() {
    let (_tmp, book) = minimal_copy();
    std::fs::write(
        book.join("content/widgets.yaml"),
        "kind: faq\nid: widget-faq\ntitle: Widgets\nquestions:\n  - id: widget-question\n    question: Why?\n    answer: See [[questions]].\n",
    )
    .unwrap();
    let before = snapshot(&book);
    let err = scaffold::new_item(&book, "faq", "widget", None)
        .unwrap_err()
        .to_string();
    assert_contains(&err, "`widget-question`");
    assert_contains(&err, "content/widgets.yaml:5:9");
    assert_eq!(snapshot(&book), before);
}

#[test]
fn new_refuses_an_unknown_kind_with_a_suggestion() {
    let (_tmp, book) = minimal_copy();
    let before = snapshot(&book);
    let err = scaffold::new_item(&book, "fqa", "x", None)
        .unwrap_err()
        .to_string();
    assert_contains(&err, "unknown kind `fqa`");
    assert_contains(&err, "did you mean `faq`?");
    for k in Kind::ALL {
        assert_contains(&err, k.name());
    }
    let err = scaffold::new_item(&book, "casestudy", "x", None)
        .unwrap_err()
        .to_string();
    assert_contains(&err, "did you mean `case-study`?");
    let err = scaffold::new_item(&book, "zzz", "x", None)
        .unwrap_err()
        .to_string();
    assert!(!err.contains("did you mean"), "{err}");
    assert_contains(&err, "kinds are: matrix, framework");
    assert_eq!(snapshot(&book), before);
}

#[test]
fn new_refuses_a_bad_id() {
    let (_tmp, book) = minimal_copy();
    let before = snapshot(&book);
    for bad in ["Leverage_Patterns", "-leading", "", "a b", "über"] {
        let err = scaffold::new_item(&book, "pattern", bad, None)
            .unwrap_err()
            .to_string();
        assert!(err.contains("is not a valid id"), "{bad}: {err}");
        assert!(err.contains("[a-z0-9][a-z0-9-]*"), "{bad}: {err}");
    }
    let err = scaffold::new_item(&book, "pattern", "Leverage_Patterns", None)
        .unwrap_err()
        .to_string();
    assert_contains(&err, "e.g. `leverage-patterns`");
    assert_eq!(snapshot(&book), before);
}

#[test]
fn new_refuses_to_overwrite_a_chapter_or_to_work_outside_a_book() {
    let (tmp, book) = minimal_copy();
    std::fs::write(book.join("src/notes.md"), "# Notes\n").unwrap();
    let before = snapshot(&book);
    let err = scaffold::new_item(&book, "faq", "notes", None)
        .unwrap_err()
        .to_string();
    assert_contains(&err, "notes.md already exists");
    assert_eq!(snapshot(&book), before);

    let err = scaffold::new_item(tmp.path(), "faq", "notes", None)
        .unwrap_err()
        .to_string();
    assert_contains(&err, "no book.toml");
}

#[test]
fn titles_are_derived_or_written_safely() {
    let (_tmp, book) = minimal_copy();
    let s = scaffold::new_item(&book, "pattern", "leverage-patterns", None).unwrap();
    let chapter = std::fs::read_to_string(&s.chapter).unwrap();
    assert!(chapter.starts_with("# Leverage patterns\n"), "{chapter}");

    let title = "Ask \"why\": [twice] # then act";
    let s = scaffold::new_item(&book, "template", "ask-why", Some(title)).unwrap();
    let text = std::fs::read_to_string(&s.yaml).unwrap();
    let (doc, _) = careerbook::load::parse_document("t.yaml", &text).unwrap();
    assert_eq!(doc.title().as_str(), title);
    let toc = std::fs::read_to_string(book.join("src/SUMMARY.md")).unwrap();
    assert_contains(&toc, "- [Ask \"why\": \\[twice\\] # then act](ask-why.md)");

    // Ids that YAML would read as numbers or booleans stay strings.
    for id in ["2024", "true", "null"] {
        let s = scaffold::new_item(&book, "faq", id, None).unwrap();
        let text = std::fs::read_to_string(&s.yaml).unwrap();
        let (doc, _) = careerbook::load::parse_document("n.yaml", &text)
            .unwrap_or_else(|d| panic!("{id}: {}\n{text}", d[0].short()));
        assert_eq!(doc.id().as_str(), id);
        fill_in(&s.yaml);
    }
    fill_in(&book.join("content/patterns/leverage-patterns.yaml"));
    fill_in(&book.join("content/templates/ask-why.yaml"));
    let r = check(&book, true);
    assert_eq!(r.code, 0, "{}", r.out);
}

// ---------------------------------------------------------- command line

#[test]
fn command_line_init_and_new() {
    if !has_subcommand("init") || !has_subcommand("new") {
        return;
    }
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("cli-book");
    let r = careerbook(&["init".as_ref(), dir.as_os_str()]);
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(dir.join("book.toml").is_file());
    // What is left to do, numbered.
    assert_contains(&r.out, "Left to do:");
    assert_contains(&r.out, "set Source to \"GitHub Actions\"");
    assert_contains(&r.out, "edit-url-template");

    let r = careerbook(&["init".as_ref(), dir.as_os_str()]);
    assert_ne!(r.code, 0, "{}", r.out);
    assert_contains(&r.out, "refuses to overwrite");

    let r = careerbook(&[
        "new".as_ref(),
        "faq".as_ref(),
        "team-questions".as_ref(),
        "--title".as_ref(),
        "Team questions".as_ref(),
        "--book".as_ref(),
        dir.as_os_str(),
    ]);
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(dir.join("content/faq/team-questions.yaml").is_file());
    fill_in(&dir.join("content/faq/team-questions.yaml"));
    assert!(dir.join("src/team-questions.md").is_file());

    let r = careerbook(&[
        "new".as_ref(),
        "fqa".as_ref(),
        "x".as_ref(),
        "--book".as_ref(),
        dir.as_os_str(),
    ]);
    assert_ne!(r.code, 0, "{}", r.out);
    assert_contains(&r.out, "did you mean `faq`?");

    let r = careerbook(&[
        "new".as_ref(),
        "faq".as_ref(),
        "ladder".as_ref(),
        "--book".as_ref(),
        dir.as_os_str(),
    ]);
    assert_ne!(r.code, 0, "{}", r.out);
    assert_contains(&r.out, "content/matrices/ladder.yaml:3:5");

    let r = check(&dir, true);
    assert_eq!(r.code, 0, "{}", r.out);

    // A title of one's own: in book.toml, and the storage id derived from it.
    let titled = tmp.path().join("x");
    let r = careerbook(&[
        "init".as_ref(),
        titled.as_os_str(),
        "--title".as_ref(),
        "Our \"engineering\" ladder".as_ref(),
    ]);
    assert_eq!(r.code, 0, "{}", r.out);
    let toml = std::fs::read_to_string(titled.join("book.toml")).unwrap();
    assert_contains(&toml, r#"title = "Our \"engineering\" ladder""#);
    assert_contains(&toml, r#"handbook-id = "our-engineering-ladder""#);
    assert_eq!(check(&titled, true).code, 0);
}

#[test]
fn samples_and_skeletons_validate_against_the_schema() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("hb");
    scaffold::init(&dir).unwrap();
    let mut skeletons = Vec::new();
    for kind in Kind::ALL {
        let s =
            scaffold::new_item(&dir, kind.name(), &format!("extra-{}", kind.name()), None).unwrap();
        skeletons.push(s.yaml);
    }
    let schema: serde_json::Value =
        serde_json::from_str(&careerbook::model::schema::json()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut n = 0;
    for e in walkdir::WalkDir::new(dir.join("content")).sort_by_file_name() {
        let e = e.unwrap();
        if !e.file_type().is_file() {
            continue;
        }
        let text = std::fs::read_to_string(e.path()).unwrap();
        let value: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|err| format!("{err} at {}", err.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", e.path().display());
        n += 1;
    }
    assert_eq!(n, 18);
    for yaml in &skeletons {
        fill_in(yaml);
    }
    let r = check(&dir, true);
    assert_eq!(r.code, 0, "{}", r.out);
}
