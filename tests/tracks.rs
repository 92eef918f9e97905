//! Real frameworks: ladders that fork into tracks, specialisations that
//! extend a base framework, pages generated for every matrix, and
//! comparisons that say the truth about cumulative ladders.

mod common;
use common::assert_contains;
use common::{careerbook, fixture_copy, mdbook_build};

use std::path::Path;

fn build(book: &Path) -> common::Run {
    let r = careerbook(&["build".as_ref(), book.as_os_str()]);
    assert_eq!(r.code, 0, "{}", r.out);
    r
}

fn page(book: &Path, path: &str) -> String {
    std::fs::read_to_string(book.join("book").join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn check(book: &Path, args: &[&str]) -> common::Run {
    let mut all: Vec<&std::ffi::OsStr> = vec!["check".as_ref(), book.as_os_str()];
    all.extend(args.iter().map(std::ffi::OsStr::new));
    careerbook(&all)
}

fn edit(book: &Path, file: &str, from: &str, to: &str) {
    let p = book.join(file);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{file} has no `{from}`");
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

/// The generated pages of the book (HTML paths under `book/`).
fn generated_pages(book: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(book.join("book"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            e.path()
                .strip_prefix(book.join("book"))
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|p| p.contains('/'))
        .collect();
    out.sort();
    out
}

#[test]
fn a_forked_ladder_checks_clean() {
    let d = fixture_copy("tracks");
    let r = check(d.path(), &["--deny-warnings"]);
    assert_eq!(r.code, 0, "{}", r.out);
}

/// Level numbering follows the tracks: the first manager level of an
/// 8-level ladder that forks after senior is level 4 of 6 on the manager
/// track (not "5 of 8"); a shared level is on both tracks.
#[test]
fn level_pages_number_levels_along_their_tracks() {
    let d = fixture_copy("tracks");
    build(d.path());
    let manager = page(d.path(), "engineering/levels/eng-manager.html");
    assert_contains(&manager, "Level 4 of 6 on the");
    assert_contains(&manager, "People manager</a> track");
    assert!(!manager.contains("of 8"), "{manager}");
    let senior = page(d.path(), "engineering/levels/senior.html");
    assert_contains(&senior, "Level 3 of 5 on the");
    assert_contains(&senior, "Level 3 of 6 on the");
    // From senior, the next levels are on both tracks.
    assert_contains(&senior, "Staff →");
    assert_contains(&senior, "Engineering manager →");
    // Earlier levels are those of the level's own track.
    let director = page(d.path(), "engineering/levels/director.html");
    assert_contains(&director, "Expected from earlier levels");
    assert!(
        !director.contains("Plans work across several teams"),
        "{director}"
    );
}

/// One comparison per neighbouring pair on every track, each pair once,
/// at stable paths, generated as sub-chapters of the matrix's chapter.
#[test]
fn comparisons_follow_every_track_once() {
    let d = fixture_copy("tracks");
    build(d.path());
    let compares: Vec<String> = generated_pages(d.path())
        .into_iter()
        .filter(|p| p.starts_with("engineering/compare/"))
        .collect();
    assert_eq!(
        compares,
        [
            "engineering/compare/eng-manager-to-senior-manager.html",
            "engineering/compare/junior-to-mid.html",
            "engineering/compare/mid-to-senior.html",
            "engineering/compare/senior-manager-to-director.html",
            "engineering/compare/senior-to-eng-manager.html",
            "engineering/compare/senior-to-staff.html",
            "engineering/compare/staff-to-principal.html",
        ]
    );
}

/// The ladder diagram draws the fork: both tracks, named.
#[test]
fn the_ladder_draws_the_fork() {
    let d = fixture_copy("tracks");
    build(d.path());
    let html = page(d.path(), "engineering.html");
    let svg = &html[html.find("cb-svg-ladder").unwrap()..];
    let svg = &svg[..svg.find("</svg>").unwrap()];
    assert_contains(svg, "2 tracks.");
    assert_contains(svg, "Individual contributor: 1. Junior");
    assert_contains(svg, "People manager: 1. Junior");
    assert_contains(svg, "6. Director");
}

/// A specialisation shows the merged framework and marks what comes from
/// the matrix it extends; its assessment shares the inherited behaviours'
/// ids (so answers carry over) and uses its own weights.
#[test]
fn a_specialisation_shows_the_merged_framework() {
    let d = fixture_copy("tracks");
    build(d.path());
    let html = page(d.path(), "backend.html");
    assert_contains(&html, "Extends <a");
    assert_contains(&html, "Rolls out schema changes without downtime.");
    assert_contains(&html, "Plans a quarter of work for a component.");
    assert_contains(&html, "Designs a table with its indexes");
    assert_contains(&html, "class=\"cb-origin\">From <a");
    let assessment = page(d.path(), "backend/self-assessment.html");
    let data = assessment
        .split("class=\"cb-assessment-data\">")
        .nth(1)
        .unwrap()
        .split("</script>")
        .next()
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(data).unwrap();
    assert_eq!(v["extends"], serde_json::json!(["engineering"]));
    assert_eq!(v["tracks"].as_array().unwrap().len(), 2);
    let delivery = v["competencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "delivery")
        .unwrap();
    assert_eq!(delivery["weight"], 3.0);
    let ids: Vec<(&str, Option<&str>)> = delivery["behaviours"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["id"].as_str().unwrap(), b["origin"].as_str()))
        .collect();
    assert!(
        ids.contains(&("delivery-senior", Some("engineering"))),
        "{ids:?}"
    );
    assert!(ids.contains(&("delivery-senior-backend", None)), "{ids:?}");
    for b in delivery["behaviours"].as_array().unwrap() {
        assert_eq!(b["fingerprint"].as_str().unwrap().len(), 8);
    }
}

/// In a cumulative ladder (the default) a comparison does not list the
/// lower level's behaviours as "no longer the focus": they still apply,
/// unless one of the higher level grows out of them. A non-cumulative
/// ladder says they are no longer the focus.
#[test]
fn comparisons_say_the_truth_about_cumulative_ladders() {
    let d = fixture_copy("tracks");
    build(d.path());
    let html = page(d.path(), "engineering/compare/mid-to-senior.html");
    assert!(!html.contains("No longer the focus"), "{html}");
    assert_contains(&html, "still applies");
    let changed = page(d.path(), "engineering/compare/senior-to-staff.html");
    assert_contains(&changed, "Changed");
    assert_contains(&changed, "Plans work across several teams.");

    edit(
        d.path(),
        "content/engineering.yaml",
        "summary: Three",
        "cumulative: false\nsummary: Three",
    );
    build(d.path());
    let html = page(d.path(), "engineering/compare/mid-to-senior.html");
    assert_contains(&html, "No longer the focus");
    assert_contains(&html, "Reviews a colleague");
}

/// Generated pages are chapters like any other: in the sidebar, the print
/// page, the search index and the previous/next links — with
/// `careerbook build` and with a plain `mdbook build` + the shim.
#[test]
fn generated_pages_are_part_of_the_book() {
    let d = fixture_copy("tracks");
    build(d.path());
    let toc = std::fs::read_dir(d.path().join("book"))
        .unwrap()
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with("toc"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .unwrap();
    assert_contains(&toc, "engineering/levels/eng-manager.html");
    assert_contains(&toc, "engineering/self-assessment.html");
    let print = page(d.path(), "print.html");
    assert!(
        print.contains("Level 4 of 6 on the"),
        "the print page lacks the level pages"
    );
    let index = std::fs::read_dir(d.path().join("book"))
        .unwrap()
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with("searchindex"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .unwrap();
    assert!(
        index.contains("engineering/levels/director.html"),
        "not in search"
    );
    // The matrix's chapter leads to its first generated page.
    let eng = page(d.path(), "engineering.html");
    assert_contains(&eng, "href=\"engineering/levels.html\"");
    let with_careerbook = generated_pages(d.path());

    let shim = fixture_copy("tracks");
    let toml = std::fs::read_to_string(shim.path().join("book.toml")).unwrap();
    std::fs::write(
        shim.path().join("book.toml"),
        toml.replace(
            "[preprocessor.careerbook]",
            "[preprocessor.careerbook]\nbefore = [\"links\"]",
        ),
    )
    .unwrap();
    careerbook::mdbook::assets::install(shim.path()).unwrap();
    let r = mdbook_build(shim.path());
    assert!(r.ok, "{}", r.stderr);
    assert_eq!(generated_pages(shim.path()), with_careerbook);
}

/// A hand-written chapter with the same directive takes precedence (never
/// two pages for one level), and `generate-pages = false` turns it off.
#[test]
fn hand_written_pages_win_and_generation_can_be_turned_off() {
    let d = fixture_copy("tracks");
    std::fs::write(
        d.path().join("src/senior.md"),
        "# Our senior level\n\n{{#careerbook-level senior engineering}}\n",
    )
    .unwrap();
    edit(
        d.path(),
        "src/SUMMARY.md",
        "- [Backend]",
        "- [Senior](senior.md)\n- [Backend]",
    );
    build(d.path());
    let pages = generated_pages(d.path());
    assert!(
        !pages.contains(&"engineering/levels/senior.html".to_string()),
        "{pages:?}"
    );
    assert!(
        pages.contains(&"engineering/levels/staff.html".to_string()),
        "{pages:?}"
    );
    // The level links to the hand-written page.
    let staff = page(d.path(), "engineering/levels/staff.html");
    assert_contains(&staff, "href=\"../../senior.html\"");

    edit(
        d.path(),
        "book.toml",
        "[preprocessor.careerbook]",
        "[preprocessor.careerbook]\ngenerate-pages = false",
    );
    build(d.path());
    assert_eq!(generated_pages(d.path()), Vec::<String>::new());
}

/// Mistakes in `extends`, `extend_competencies` and `tracks` are errors at
/// their place, with a suggestion.
#[test]
fn specialisation_and_track_mistakes_are_reported() {
    let cases: &[(&str, &str, &str, &[&str])] = &[
        (
            "content/backend.yaml",
            "extends: engineering",
            "extends: engineerng",
            &[
                "`extends` names `engineerng`, which is not a matrix",
                "content/backend.yaml:6:10",
                "did you mean `engineering`?",
            ],
        ),
        (
            "content/backend.yaml",
            "  - competency: delivery",
            "  - competency: delivry",
            &[
                "`delivry` is not a competency of `engineering`",
                "did you mean `delivery`?",
            ],
        ),
        (
            "content/engineering.yaml",
            "levels: [junior, mid, senior, staff, principal]",
            "levels: [junior, mid, senior, staf, principal]",
            &[
                "track `ic` names `staf`, which is not a level",
                "did you mean `staff`?",
                "level `staff` is on no track",
            ],
        ),
        (
            "content/engineering.yaml",
            "levels: [junior, mid, senior, eng-manager, senior-manager, director]",
            "levels: [junior, mid, senior, senior-manager, eng-manager, director]",
            &["puts `eng-manager` after `senior-manager`"],
        ),
    ];
    for (file, from, to, expected) in cases.iter().chain(&[(
        "src/engineering.md",
        "{{#careerbook engineering}}",
        "{{#careerbook engineering}}\n\n{{#careerbook-compare staff eng-manager}}",
        &[
            "`staff` and `eng-manager` are on different tracks",
            "src/engineering.md:5:",
        ][..],
    )]) {
        let d = fixture_copy("tracks");
        edit(d.path(), file, from, to);
        let r = check(d.path(), &[]);
        assert_eq!(r.code, 1, "{to}: {}", r.out);
        for e in *expected {
            assert!(r.out.contains(e), "{to}: expected `{e}` in\n{}", r.out);
        }
    }
}
