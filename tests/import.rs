//! `careerbook import FORMAT SOURCE DIR`: a spreadsheet, an FT job family and
//! a folder of Monzo frameworks become handbooks that pass `check
//! --deny-warnings` and build, with their forks as tracks and their
//! specialisations as matrices that extend the generic one; broken sources
//! are reported at file, line and column with nothing written; importing an
//! updated source again keeps every id.

mod common;
use common::assert_contains;
use common::{careerbook, fixture, fixture_copy};

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use careerbook::model::{Document, Matrix};
use tempfile::TempDir;

fn run(args: &[&OsStr]) -> common::Run {
    careerbook(args)
}

fn source(rel: &str) -> PathBuf {
    fixture("import").join(rel)
}

/// `careerbook import FORMAT SOURCE DIR EXTRA…`.
fn import(format: &str, src: &Path, dir: &Path, extra: &[&str]) -> common::Run {
    let mut args: Vec<&OsStr> = vec![
        "import".as_ref(),
        format.as_ref(),
        src.as_os_str(),
        dir.as_os_str(),
    ];
    args.extend(extra.iter().map(OsStr::new));
    run(&args)
}

/// `careerbook import FORMAT SOURCE --into BOOK EXTRA…`.
fn import_into(format: &str, src: &Path, book: &Path, extra: &[&str]) -> common::Run {
    let mut args: Vec<&OsStr> = vec![
        "import".as_ref(),
        format.as_ref(),
        src.as_os_str(),
        "--into".as_ref(),
        book.as_os_str(),
    ];
    args.extend(extra.iter().map(OsStr::new));
    run(&args)
}

/// `check --deny-warnings` and `build` both pass.
fn checks_and_builds(book: &Path) {
    let r = run(&[
        "check".as_ref(),
        "--deny-warnings".as_ref(),
        book.as_os_str(),
    ]);
    assert_eq!(r.code, 0, "{}", r.out);
    let r = run(&["build".as_ref(), book.as_os_str()]);
    assert_eq!(r.code, 0, "{}", r.out);
}

fn page(book: &Path, path: &str) -> String {
    std::fs::read_to_string(book.join("book").join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read(book: &Path, rel: &str) -> String {
    std::fs::read_to_string(book.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The matrix `id` as `careerbook check` reads it.
fn matrix(book: &Path, id: &str) -> Matrix {
    let rel = format!("content/matrices/{id}.yaml");
    let text = read(book, &rel);
    match careerbook::load::parse_document(&rel, &text) {
        Ok((Document::Matrix(m), warnings)) => {
            assert!(warnings.is_empty(), "{warnings:?}");
            m
        }
        other => panic!("{rel} is not a matrix: {other:?}"),
    }
}

/// Every behaviour of a matrix (its own and its extensions'): id and text.
fn behaviours(m: &Matrix) -> Vec<(String, String)> {
    let own = m.competencies.iter().map(|c| &c.behaviours);
    let ext = m.extend_competencies.iter().map(|x| &x.behaviours);
    own.chain(ext)
        .flat_map(|b| b.0.iter().flat_map(|(_, list)| list))
        .map(|b| (b.id.to_string(), b.text.to_string()))
        .collect()
}

fn texts(m: &Matrix) -> Vec<String> {
    behaviours(m).into_iter().map(|(_, t)| t).collect()
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no `{from}`", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn tmp() -> TempDir {
    TempDir::new().unwrap()
}

// ------------------------------------------------------------------ csv

#[test]
fn a_spreadsheet_becomes_a_handbook_with_tracks() {
    let d = tmp();
    let book = d.path().join("ladder-book");
    let r = import("csv", &source("csv/team-ladder.csv"), &book, &[]);
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(
        r.stderr.contains("content/matrices/team-ladder.yaml")
            && r.stderr.contains("12 behaviours"),
        "{}",
        r.stderr
    );
    // Laid out as `init` lays it out, plus the matrix and its chapter.
    for f in [
        "book.toml",
        ".github/workflows/handbook.yml",
        "schema/careerbook.schema.json",
    ] {
        assert!(book.join(f).is_file(), "{f}");
    }
    let chapter = read(&book, "src/team-ladder.md");
    assert_contains(&chapter, "{{#careerbook team-ladder}}");
    assert!(read(&book, "src/SUMMARY.md").contains("- [Team ladder](team-ladder.md)"));

    let m = matrix(&book, "team-ladder");
    let levels: Vec<&str> = m.levels.iter().map(|l| l.title.as_str()).collect();
    assert_eq!(
        levels,
        [
            "Junior",
            "Mid",
            "Senior",
            "Staff",
            "Principal",
            "Team lead",
            "Head of engineering"
        ]
    );
    let tracks: Vec<(&str, Vec<&str>)> = m
        .tracks
        .iter()
        .map(|t| {
            (
                t.title.as_str(),
                t.levels.iter().map(|l| l.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        tracks,
        [
            (
                "IC",
                vec![
                    "team-ladder-junior",
                    "team-ladder-mid",
                    "team-ladder-senior",
                    "team-ladder-staff",
                    "team-ladder-principal"
                ]
            ),
            (
                "Management",
                vec![
                    "team-ladder-junior",
                    "team-ladder-mid",
                    "team-ladder-senior",
                    "team-ladder-team-lead",
                    "team-ladder-head-of-engineering"
                ]
            )
        ]
    );
    let delivery = &m.competencies[0];
    assert_eq!(delivery.title.as_str(), "Delivery");
    assert_eq!(delivery.weight, 2.0);
    assert_eq!(
        delivery.summary.as_ref().unwrap().as_str(),
        "Getting work done and into users' hands."
    );
    // Examples stay examples; a given id is kept; the others are derived.
    let junior = &delivery.behaviours_at("team-ladder-junior")[0];
    assert_eq!(junior.text.as_str(), "Ships small changes with tests.");
    assert_eq!(
        junior
            .examples
            .iter()
            .map(|e| e.as_str())
            .collect::<Vec<_>>(),
        [
            "A pull request that adds a test for the bug it fixes",
            "A change small enough to review in ten minutes"
        ]
    );
    assert_eq!(junior.id.as_str(), "team-ladder-delivery-junior-1");
    assert_eq!(
        delivery.behaviours_at("team-ladder-senior")[0].id.as_str(),
        "delivery-quarter-plan"
    );

    checks_and_builds(&book);
    // careerbook made the level pages, a comparison per neighbouring pair
    // on each track and the self-assessment.
    let staff = page(&book, "team-ladder/levels/team-ladder-staff.html");
    assert_contains(&staff, "Plans work that spans several teams.");
    let fork = page(
        &book,
        "team-ladder/compare/team-ladder-senior-to-team-ladder-team-lead.html",
    );
    assert!(
        fork.contains("Keeps a team&#x27;s delivery predictable.")
            || fork.contains("Keeps a team's delivery predictable."),
        "{fork}"
    );
    assert!(
        book.join("book/team-ladder/compare/team-ladder-senior-to-team-ladder-staff.html")
            .is_file()
    );
    let assessment = page(&book, "team-ladder/self-assessment.html");
    assert_contains(&assessment, "team-ladder-delivery-junior-1");
}

#[test]
fn a_cell_that_is_not_a_number_is_reported_at_its_row_and_column() {
    let d = tmp();
    let book = d.path().join("b");
    let r = import("csv", &source("csv/bad-weight.csv"), &book, &[]);
    assert_eq!(r.code, 1, "{}", r.out);
    assert_contains(&r.stderr, "bad-weight.csv:4:50");
    assert!(
        r.stderr
            .contains("column \"weight\": \"heavy\" is not a number"),
        "{}",
        r.stderr
    );
    assert_contains(&r.stderr, "nothing was imported");
    assert!(!book.exists(), "nothing is created for a broken source");
}

#[test]
fn a_missing_column_is_named() {
    let d = tmp();
    let book = d.path().join("b");
    let r = import("csv", &source("csv/missing-column.csv"), &book, &[]);
    assert_eq!(r.code, 1, "{}", r.out);
    assert_contains(&r.stderr, "missing-column.csv:1:1");
    assert_contains(&r.stderr, "the header has no \"level\" column");
    // The column it does not know is named too.
    assert_contains(&r.stderr, "column \"Lvl\" is not imported");
    assert!(!book.exists());
}

#[test]
fn reimporting_a_reworded_spreadsheet_keeps_every_id() {
    let d = tmp();
    let csv = d.path().join("team-ladder.csv");
    std::fs::copy(source("csv/team-ladder.csv"), &csv).unwrap();
    let book = d.path().join("book");
    assert_eq!(import("csv", &csv, &book, &[]).code, 0);
    let before = behaviours(&matrix(&book, "team-ladder"));

    edit(
        &csv,
        "Breaks a feature into changes that can ship one by one.",
        "Splits a feature into changes that each ship on their own.",
    );
    let r = import("csv", &csv, &book, &["--update"]);
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(
        r.stderr
            .contains("11 unchanged, 1 reworded (same ids), 0 new, 0 removed"),
        "{}",
        r.stderr
    );
    let after = behaviours(&matrix(&book, "team-ladder"));
    let ids = |v: &[(String, String)]| v.iter().map(|(i, _)| i.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&after), ids(&before));
    let reworded = after
        .iter()
        .find(|(_, t)| t.starts_with("Splits a feature"))
        .unwrap();
    assert_eq!(reworded.0, "team-ladder-delivery-mid-1");
    checks_and_builds(&book);
}

#[test]
fn a_behaviour_inserted_above_others_gets_a_new_id_and_theirs_stay() {
    let d = tmp();
    let csv = d.path().join("team-ladder.csv");
    std::fs::copy(source("csv/team-ladder.csv"), &csv).unwrap();
    let book = d.path().join("book");
    assert_eq!(import("csv", &csv, &book, &[]).code, 0);
    let before = behaviours(&matrix(&book, "team-ladder"));
    // A new first behaviour for Collaboration at Junior.
    edit(
        &csv,
        "Collaboration,Junior,",
        "Collaboration,Junior,Says in stand-up what blocks them.,,,,,\nCollaboration,Junior,",
    );
    let r = import_into("csv", &csv, &book, &["--update"]);
    assert_eq!(r.code, 0, "{}", r.out);
    let after = behaviours(&matrix(&book, "team-ladder"));
    for (id, text) in &before {
        assert!(
            after.contains(&(id.clone(), text.clone())),
            "{id} lost its text {text:?}: {after:?}"
        );
    }
    let new = after
        .iter()
        .find(|(_, t)| t.starts_with("Says in stand-up"))
        .unwrap();
    assert_eq!(new.0, "team-ladder-collaboration-junior-2");
}

// ------------------------------------------------------------------- ft

#[test]
fn an_ft_job_family_forks_into_two_tracks() {
    let d = tmp();
    let book = d.path().join("ft");
    let r = import("ft", &source("ft/platform.yml"), &book, &[]);
    assert_eq!(r.code, 0, "{}", r.out);
    // The level marked neither IC nor manager: where it went, and why.
    assert!(
        r.stderr.contains("platform.yml:24:9: level `head`")
            && r.stderr.contains("people-manager track"),
        "{}",
        r.stderr
    );
    let m = matrix(&book, "platform");
    assert_eq!(m.title.as_str(), "Platform Engineering");
    let track = |i: usize| {
        m.tracks[i]
            .levels
            .iter()
            .map(|l| l.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(m.tracks[0].title.as_str(), "Individual contributor");
    assert_eq!(
        track(0),
        [
            "platform-associate",
            "platform-engineer",
            "platform-lead-ic",
            "platform-architect-ic"
        ]
    );
    assert_eq!(m.tracks[1].title.as_str(), "People manager");
    assert_eq!(
        track(1),
        [
            "platform-associate",
            "platform-engineer",
            "platform-lead-pm",
            "platform-head"
        ]
    );
    // Themes are competencies; FT's ids stay; examples stay examples; the
    // proficiency is kept as a comment.
    let titles: Vec<&str> = m.competencies.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["Reliability", "People"]);
    let b = &m.competencies[0].behaviours_at("platform-engineer")[0];
    assert_eq!(b.id.as_str(), "0f1e2d3c-0000-4000-8000-000000000002");
    assert_eq!(
        b.text.as_str(),
        "Writes an alert for each service they own, with a runbook entry."
    );
    assert_eq!(b.examples.len(), 2);
    let yaml = read(&book, "content/matrices/platform.yaml");
    assert_contains(&yaml, "# FT proficiency: Foundational");
    let one_to_one = &m.competencies[1].behaviours_at("platform-lead-pm")[0];
    assert!(
        one_to_one
            .text
            .as_str()
            .ends_with("See also: [Our one-to-one guide](https://example.com/one-to-ones)."),
        "{:?}",
        one_to_one.text
    );

    checks_and_builds(&book);
    let head = page(&book, "platform/levels/platform-head.html");
    assert_contains(&head, "Grows leads who run their teams without them.");
    assert!(
        book.join("book/platform/compare/platform-lead-pm-to-platform-head.html")
            .is_file()
    );
    assert!(
        book.join("book/platform/compare/platform-lead-ic-to-platform-architect-ic.html")
            .is_file()
    );
}

#[test]
fn an_unknown_level_in_an_ft_file_is_reported_with_a_suggestion() {
    let d = tmp();
    let book = d.path().join("ft");
    let r = import("ft", &source("ft/unknown-level.yml"), &book, &[]);
    assert_eq!(r.code, 1, "{}", r.out);
    assert_contains(&r.stderr, "unknown-level.yml:82:12");
    assert!(
        r.stderr
            .contains("level `haed`, which is not one of the job family's `levels`"),
        "{}",
        r.stderr
    );
    assert_contains(&r.stderr, "did you mean `head`?");
    assert!(!book.exists());
}

// ---------------------------------------------------------------- monzo

#[test]
fn monzo_frameworks_extend_the_generic_one() {
    let d = tmp();
    let book = d.path().join("monzo");
    let r = import("monzo", &source("monzo"), &book, &[]);
    assert_eq!(r.code, 0, "{}", r.out);
    // The framework written as prose is imported as a chapter, and said so.
    assert_contains(&r.stderr, "monzo/frameworks/design.md:1:1");
    assert_contains(&r.stderr, "`yaml: false`");
    let generic = matrix(&book, "generic");
    assert_eq!(
        generic
            .levels
            .iter()
            .map(|l| l.id.as_str())
            .collect::<Vec<_>>(),
        ["generic-level-1", "generic-level-2", "generic-level-3"]
    );
    let backend = matrix(&book, "backend");
    assert_eq!(backend.extends.as_ref().unwrap().as_str(), "generic");
    assert!(backend.levels.is_empty());
    // The topic the generic framework has: behaviours added to it.
    assert_eq!(backend.extend_competencies.len(), 1);
    let craft = &backend.extend_competencies[0];
    assert_eq!(craft.competency.as_str(), "generic-craft");
    let with_examples = &craft.behaviours.0[0].1[1];
    assert_eq!(
        with_examples.text.as_str(),
        "Adds a test with every bug fix"
    );
    assert_eq!(with_examples.examples.len(), 2);
    // Its own topic: a competency of its own.
    assert_eq!(backend.competencies[0].id.as_str(), "backend-operations");
    // A framework sharing no topic stands alone, with its own levels.
    let support = matrix(&book, "support");
    assert!(support.extends.is_none());
    assert_eq!(support.levels.len(), 2);
    // The Markdown after the front matter is kept in the chapters.
    assert!(read(&book, "src/backend.md").contains("What we look for in backend engineers"));
    assert!(read(&book, "src/design.md").contains("Designers grow by the quality"));

    checks_and_builds(&book);
    let html = page(&book, "backend.html");
    assert_contains(&html, "Extends <a");
    // The specialisation's level page shows the inherited behaviours too.
    let level = page(&book, "backend/levels/generic-level-1.html");
    assert_contains(&level, "Finishes the tasks they pick up");
    assert_contains(&level, "Writes handlers that validate their input");
    assert!(book.join("book/design.html").is_file());
}

#[test]
fn monzo_quirks_are_warned_about_and_nothing_is_dropped() {
    let d = tmp();
    let book = d.path().join("monzo");
    let r = import("monzo", &source("monzo-quirks"), &book, &[]);
    assert_eq!(r.code, 0, "{}", r.out);
    // A tab after a dash, criteria above the declared levels, a topic
    // without a title: each at its file and line.
    assert!(
        r.stderr.contains("monzo-quirks/operations.md:12:12")
            && r.stderr.contains("a tab after a list's `-`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("monzo-quirks/operations.md:13:16")
            && r.stderr
                .contains("criteria for level 3, but the framework declares `levels: 2`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("monzo-quirks/operations.md:16:11")
            && r.stderr.contains("topic `tooling` has no title"),
        "{}",
        r.stderr
    );
    let ops = matrix(&book, "operations");
    let all = texts(&ops);
    for t in [
        "Hands over their shift with notes",
        "Plans the rota for the whole quarter",
        "Automates a task they did by hand twice",
    ] {
        assert!(all.iter().any(|x| x == t), "{t} was dropped: {all:?}");
    }
    let level3 = &ops.extend_competencies[0]
        .behaviours
        .0
        .iter()
        .find(|(l, _)| l.as_str() == "generic-level-3")
        .unwrap()
        .1;
    assert_eq!(
        level3[0].text.as_str(),
        "Plans the rota for the whole quarter"
    );
    assert_eq!(ops.competencies[0].title.as_str(), "Tooling");
    checks_and_builds(&book);
}

#[test]
fn a_broken_monzo_file_is_reported_at_its_line() {
    let d = tmp();
    let book = d.path().join("monzo");
    let r = import("monzo", &source("monzo-broken"), &book, &[]);
    assert_eq!(r.code, 1, "{}", r.out);
    assert_contains(&r.stderr, "monzo-broken/ops.md:9:16");
    assert_contains(&r.stderr, "`level` should be a whole number");
    assert!(!book.exists());
}

#[test]
fn reimporting_reworded_monzo_frameworks_keeps_every_id() {
    let d = tmp();
    let src = d.path().join("frameworks");
    common::copy_dir(&source("monzo/frameworks"), &src);
    let book = d.path().join("book");
    assert_eq!(import("monzo", &src, &book, &[]).code, 0);
    let before: Vec<Vec<(String, String)>> = ["generic", "backend", "support"]
        .iter()
        .map(|m| behaviours(&matrix(&book, m)))
        .collect();
    edit(
        &src.join("engineering/backend.md"),
        "Writes handlers that validate their input",
        "Writes handlers that check every input",
    );
    let r = import("monzo", &src, &book, &["--update"]);
    assert_eq!(r.code, 0, "{}", r.out);
    let after: Vec<Vec<(String, String)>> = ["generic", "backend", "support"]
        .iter()
        .map(|m| behaviours(&matrix(&book, m)))
        .collect();
    for (b, a) in before.iter().zip(&after) {
        let ids = |v: &Vec<(String, String)>| v.iter().map(|(i, _)| i.clone()).collect::<Vec<_>>();
        assert_eq!(ids(a), ids(b));
    }
    assert!(after[1].contains(&(
        "backend-craft-l1-1".to_string(),
        "Writes handlers that check every input".to_string()
    )));
    // The chapters are in SUMMARY.md once.
    let summary = read(&book, "src/SUMMARY.md");
    assert_eq!(summary.matches("(backend.md)").count(), 1, "{summary}");
    checks_and_builds(&book);
}

// ------------------------------------------------------- existing books

#[test]
fn into_an_existing_handbook_and_never_over_what_exists() {
    let d = tmp();
    let book = d.path().join("book");
    let r = run(&["init".as_ref(), book.as_os_str()]);
    assert_eq!(r.code, 0, "{}", r.out);
    let r = import_into("ft", &source("ft/platform.yml"), &book, &[]);
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(read(&book, "src/SUMMARY.md").contains("- [Platform Engineering](platform.md)"));
    checks_and_builds(&book);

    // Again, without --update: refused, naming what exists; nothing changes.
    let yaml = read(&book, "content/matrices/platform.yaml");
    let summary = read(&book, "src/SUMMARY.md");
    std::fs::write(
        book.join("src/platform.md"),
        "# Mine\n\n{{#careerbook platform}}\n",
    )
    .unwrap();
    let r = import_into("ft", &source("ft/platform.yml"), &book, &[]);
    assert_eq!(r.code, 2, "{}", r.out);
    assert!(
        r.stderr.contains("refusing to overwrite")
            && r.stderr.contains("content/matrices/platform.yaml")
            && r.stderr.contains("src/platform.md"),
        "{}",
        r.stderr
    );
    assert_eq!(read(&book, "content/matrices/platform.yaml"), yaml);
    assert_eq!(read(&book, "src/SUMMARY.md"), summary);

    // A new DIR that is a handbook already is not initialised over.
    let r = import("ft", &source("ft/platform.yml"), &book, &[]);
    assert_eq!(r.code, 2, "{}", r.out);
    assert_contains(&r.stderr, "is a handbook already");

    // With --update: the YAML is rewritten, the chapter the user made their
    // own (no import line) is kept.
    let r = import_into("ft", &source("ft/platform.yml"), &book, &["--update"]);
    assert_eq!(r.code, 0, "{}", r.out);
    assert_contains(&r.stderr, "src/platform.md: kept as it is");
    assert_eq!(
        read(&book, "src/platform.md"),
        "# Mine\n\n{{#careerbook platform}}\n"
    );
}

#[test]
fn ids_already_in_the_book_are_refused_and_a_file_not_imported_is_not_updated() {
    let d = fixture_copy("tracks");
    // `people` is a competency of the fixture's matrix.
    let r = import_into(
        "ft",
        &source("ft/platform.yml"),
        d.path(),
        &["--id", "people"],
    );
    assert_eq!(r.code, 2, "{}", r.out);
    assert!(
        r.stderr
            .contains("`people` (competency at content/engineering.yaml:"),
        "{}",
        r.stderr
    );
    assert_contains(&r.stderr, "choose another with --id");
    assert!(!d.path().join("content/matrices").exists());

    // A matrix written by hand where the import would go.
    std::fs::create_dir_all(d.path().join("content/matrices")).unwrap();
    let mine = "kind: matrix\nid: platform\ntitle: Mine\nlevels:\n  - id: p1\n    title: P1\n";
    std::fs::write(d.path().join("content/matrices/platform.yaml"), mine).unwrap();
    let r = import_into("ft", &source("ft/platform.yml"), d.path(), &["--update"]);
    assert_eq!(r.code, 2, "{}", r.out);
    assert_contains(&r.stderr, "not written by `careerbook import`");
    assert_eq!(read(d.path(), "content/matrices/platform.yaml"), mine);
}
