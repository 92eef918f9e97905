//! Snapshot tests of each kind's rendered output, and of the generated pages.

use std::path::{Path, PathBuf};

use careerbook::link::Handbook;
use careerbook::load::Chapter;
use careerbook::render::{Site, Templates};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal")
}

/// Render `pages` (name, markdown) as the chapters of the minimal book.
fn render(pages: &[(&str, &str)]) -> Vec<String> {
    let chapters: Vec<Chapter> = pages
        .iter()
        .map(|(p, t)| Chapter::new(Path::new("src"), &PathBuf::from(p), p, t.to_string()))
        .collect();
    let (hb, report) = Handbook::open(&fixture(), Some(chapters)).unwrap();
    assert_eq!(
        report.errors(),
        0,
        "{}",
        report.render(careerbook::diag::Format::Human, false)
    );
    let site = Site::new(&hb, &hb.chapters, Templates::load(None).unwrap());
    hb.chapters
        .iter()
        .enumerate()
        .map(|(i, ch)| {
            let out = site
                .render_chapter(i, &ch.text)
                .unwrap()
                .unwrap_or_else(|| ch.text.clone());
            // The stylesheet (first) and the script (last) are the same
            // everywhere; keep snapshots about content.
            let out = out
                .split_once("</style>\n\n")
                .map_or(&*out, |(_, rest)| rest);
            out.split("\n<script>\n").next().unwrap().to_string()
        })
        .collect()
}

#[test]
fn each_kind_renders() {
    let kinds = [
        ("matrix", "ladder"),
        ("framework", "path"),
        ("mistakes", "traps"),
        ("checklist", "portfolio"),
        ("case-study", "scaling-story"),
        ("pattern", "adr-pattern"),
        ("template", "adr-template"),
        ("faq", "questions"),
        ("glossary", "terms"),
    ];
    let pages: Vec<(String, String)> = kinds
        .iter()
        .map(|(k, id)| {
            (
                format!("{k}.md"),
                format!("# {k}\n\n{{{{#careerbook {id}}}}}\n"),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = pages
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    for ((kind, _), html) in kinds.iter().zip(render(&refs)) {
        insta::assert_snapshot!(format!("kind_{kind}"), html);
    }
}

#[test]
fn single_items_render_with_their_own_template() {
    let out = render(&[
        (
            "all.md",
            "# All\n\n{{#careerbook traps}}\n{{#careerbook questions}}\n",
        ),
        (
            "one.md",
            "# One\n\n{{#careerbook over-engineering}}\n\n{{#careerbook prove-readiness}}\n",
        ),
    ]);
    // Rendered again elsewhere: linked to its home, no duplicate anchor.
    insta::assert_snapshot!("single_items", &out[1]);
    assert!(!out[1].contains("id=\"over-engineering\""));
}

#[test]
fn generated_pages_render() {
    let out = render(&[
        ("matrix.md", "# Ladder\n\n{{#careerbook ladder}}\n"),
        (
            "levels/staff.md",
            "# Staff\n\n{{#careerbook-level staff}}\n",
        ),
        (
            "compare.md",
            "# Senior to staff\n\n{{#careerbook-compare senior staff}}\n",
        ),
        ("index.md", "# Index\n\n{{#careerbook-index}}\n"),
        ("glossary.md", "# Glossary\n\n{{#careerbook-glossary}}\n"),
        (
            "ladder.md",
            "# Ladder picture\n\n{{#careerbook-ladder ladder}}\n",
        ),
    ]);
    insta::assert_snapshot!("level_page", &out[1]);
    insta::assert_snapshot!("compare_page", &out[2]);
    insta::assert_snapshot!("index_page", &out[3]);
    insta::assert_snapshot!("glossary_page", &out[4]);
    // The staff behaviour grows out of the senior one: "changed", with both texts.
    assert!(out[2].contains("1 changed"), "{}", out[2]);
    assert!(out[2].contains("Writes a design document"), "{}", out[2]);
}

#[test]
fn rendered_fragments_have_no_blank_lines() {
    // A blank line would end the HTML block and let Markdown reinterpret the rest.
    let out = render(&[
        ("t.md", "# T\n\n{{#careerbook adr-template}}\n"),
        ("c.md", "# C\n\n{{#careerbook portfolio}}\n"),
    ]);
    let start = out[0].find("<div").unwrap();
    let fragment = out[0][start..].trim_end();
    assert!(!fragment.contains("\n\n"), "{fragment}");
    // A template needs no kit; a checklist's page ends with it (notices and
    // dialogs), a block of its own.
    assert!(!out[0].contains("cb-kit"));
    let kit = out[1].find("<template class=\"cb-kit\">").unwrap();
    assert!(
        !out[1][kit..].trim_end().contains("\n\n"),
        "{}",
        &out[1][kit..]
    );
    assert!(
        fragment.starts_with("<div class=\"cb-doc cb-template\""),
        "{fragment}"
    );
    assert!(
        fragment.contains("# ADR-000: Title&#10;## Status"),
        "{fragment}"
    );
}
