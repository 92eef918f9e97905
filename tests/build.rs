//! Building sites: `careerbook build`, the `mdbook-careerbook` shim under a
//! plain `mdbook build`, and the guarantees around them (pass-through,
//! determinism, validation before writing, hostile content, links).

mod common;
use common::assert_contains;
use common::{Out, fixture_copy, mdbook_build};

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

fn careerbook_build(dir: &Path) -> Out {
    let r = common::careerbook(&["build".as_ref(), dir.as_os_str()]);
    Out {
        ok: r.code == 0,
        stderr: r.stderr,
    }
}

/// A copy of the bundled handbook, built.
fn built_handbook() -> tempfile::TempDir {
    let d = tempfile::TempDir::new().unwrap();
    common::copy_dir(&common::repo().join("book"), d.path());
    let r = careerbook_build(d.path());
    assert!(r.ok, "{}", r.stderr);
    d
}

/// The names of the files in `dir` (none when it does not exist).
fn file_names(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            out.insert(rel, std::fs::read(e.path()).unwrap());
        }
    }
    out
}

fn assert_same_tree(a: &Path, b: &Path) {
    let (ta, tb) = (tree(a), tree(b));
    let names_a: Vec<_> = ta.keys().collect();
    let names_b: Vec<_> = tb.keys().collect();
    assert_eq!(names_a, names_b, "different files");
    for (name, bytes) in &ta {
        if bytes != &tb[name] {
            let first = bytes
                .iter()
                .zip(tb[name].iter())
                .position(|(x, y)| x != y)
                .unwrap_or(bytes.len().min(tb[name].len()));
            let s = first.saturating_sub(80);
            panic!(
                "{name} differs at byte {first}:\n--- {}\n+++ {}",
                String::from_utf8_lossy(&bytes[s..(first + 80).min(bytes.len())]),
                String::from_utf8_lossy(&tb[name][s..(first + 80).min(tb[name].len())])
            );
        }
    }
}

/// The script's kit (notices and dialogs, theme/templates/kit.hbs) is in
/// the pages the script works on, filled in after mdBook has rendered them:
/// its text is not in the search index, and pages without careerbook's
/// interactive content do not carry it.
#[test]
fn the_kit_is_in_the_scripted_pages_and_out_of_the_search_index() {
    let d = built_handbook();
    let out = d.path().join("book");
    for page in ["self-assessment.html", "checklists.html", "print.html"] {
        let html = read(&out, page);
        assert_eq!(
            html.matches("<template class=\"cb-kit\">").count(),
            1,
            "{page}"
        );
        assert!(
            html.contains("Your saved answers could not be read"),
            "{page}"
        );
    }
    for page in [
        "introduction.html",
        "templates.html",
        "engineering-ladder/levels/staff.html",
    ] {
        assert!(!read(&out, page).contains("cb-kit"), "{page}");
    }
    for (url, _, body, _) in search_sections(&out) {
        assert!(
            !body.contains("could not be read") && !body.contains("Start fresh"),
            "the kit's text is in the search index at {url}"
        );
    }
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

const WITH_PREPROCESSOR: &str = "\n[preprocessor.careerbook]\nbefore = [\"links\"]\n";

#[test]
fn pass_through_is_byte_identical_through_the_shim_and_careerbook_build() {
    let plain = fixture_copy("passthrough");
    let r = mdbook_build(plain.path());
    assert!(r.ok, "{}", r.stderr);

    let shim = fixture_copy("passthrough");
    let toml = read(shim.path(), "book.toml") + WITH_PREPROCESSOR;
    std::fs::write(shim.path().join("book.toml"), &toml).unwrap();
    let r = mdbook_build(shim.path());
    assert!(r.ok, "{}", r.stderr);
    assert!(
        r.stderr.contains("careerbook: rendered"),
        "the shim did not run: {}",
        r.stderr
    );

    let ours = fixture_copy("passthrough");
    std::fs::write(ours.path().join("book.toml"), &toml).unwrap();
    let r = careerbook_build(ours.path());
    assert!(r.ok, "{}", r.stderr);

    assert_same_tree(&plain.path().join("book"), &shim.path().join("book"));
    assert_same_tree(&plain.path().join("book"), &ours.path().join("book"));
    // mdBook's own syntax was honoured and the literal examples kept.
    let syntax = read(&ours.path().join("book"), "syntax.html");
    assert!(syntax.contains("{{#careerbook some-id}}"));
    assert!(syntax.contains("[[some-id|a label]]"));
    let intro = read(&ours.path().join("book"), "index.html");
    assert!(intro.contains("<title>A custom page title"));
    assert!(intro.contains("{{#careerbook not-rendered}}"));
    assert!(read(&ours.path().join("book"), "includes.html").contains("included line two"));
}

#[test]
fn the_shim_and_careerbook_build_produce_the_same_site() {
    let a = fixture_copy("minimal");
    let b = fixture_copy("minimal");
    for d in [&a, &b] {
        let toml = read(d.path(), "book.toml").replace(
            "[preprocessor.careerbook]\n",
            "[preprocessor.careerbook]\nbefore = [\"links\"]\n",
        );
        std::fs::write(d.path().join("book.toml"), toml).unwrap();
    }
    // Without its assets installed, the shim says what to run.
    let r = mdbook_build(b.path());
    assert!(!r.ok);
    assert_contains(&r.stderr, "run `mdbook-careerbook install`");
    for d in [&a, &b] {
        careerbook::mdbook::assets::install(d.path()).unwrap();
    }
    let r = careerbook_build(a.path());
    assert!(r.ok, "{}", r.stderr);
    let r = mdbook_build(b.path());
    assert!(r.ok, "{}", r.stderr);
    assert_same_tree(&a.path().join("book"), &b.path().join("book"));
    // From another careerbook version: the same message.
    std::fs::write(b.path().join("theme/careerbook/careerbook.js"), "/* old */").unwrap();
    let r = mdbook_build(b.path());
    assert!(!r.ok);
    assert_contains(&r.stderr, "from another version of careerbook");
    assert_contains(&r.stderr, "run `mdbook-careerbook install`");
}

#[test]
fn builds_are_deterministic() {
    let a = fixture_copy("minimal");
    let b = fixture_copy("minimal");
    assert!(careerbook_build(a.path()).ok);
    assert!(careerbook_build(b.path()).ok);
    assert_same_tree(&a.path().join("book"), &b.path().join("book"));
    // And a rebuild in place changes nothing.
    let before = tree(&a.path().join("book"));
    assert!(careerbook_build(a.path()).ok);
    assert_eq!(before, tree(&a.path().join("book")));
}

#[test]
fn content_errors_stop_the_build_and_leave_the_previous_site() {
    let d = fixture_copy("minimal");
    let r = careerbook_build(d.path());
    assert!(r.ok, "{}", r.stderr);
    let before = tree(&d.path().join("book"));
    std::fs::write(
        d.path().join("content/faq.yaml"),
        "kind: faq\nid: questions\ntitle: Q\nquestions:\n  - id: prove-readiness\n    questoin: x\n    answer: y\n",
    )
    .unwrap();
    let r = careerbook_build(d.path());
    assert!(!r.ok);
    assert_contains(&r.stderr, "content/faq.yaml:6:5");
    assert_contains(&r.stderr, "did you mean `question`?");
    assert_eq!(
        before,
        tree(&d.path().join("book")),
        "the previous site was modified"
    );
    // The shim refuses the same way.
    let r = mdbook_build(d.path());
    assert!(!r.ok);
    assert_contains(&r.stderr, "content/faq.yaml:6:5");
    assert_eq!(before, tree(&d.path().join("book")));
}

#[test]
fn build_reports_what_it_did() {
    let d = fixture_copy("minimal");
    let r = careerbook_build(d.path());
    assert!(r.ok);
    assert!(
        r.stderr
            .contains("Built 8 chapters (7 with careerbook content, 20 documents and items) into"),
        "{}",
        r.stderr
    );
}

#[test]
fn items_have_stable_anchors_and_links_resolve_across_folders() {
    let d = fixture_copy("minimal");
    // A chapter two folders deep that links to items elsewhere.
    std::fs::create_dir_all(d.path().join("src/deep/er")).unwrap();
    std::fs::write(
        d.path().join("src/deep/er/page.md"),
        "# Deep\n\nSee [[over-engineering]] and [[adr|decision records]].\n",
    )
    .unwrap();
    let summary = read(d.path(), "src/SUMMARY.md") + "- [Deep](deep/er/page.md)\n";
    std::fs::write(d.path().join("src/SUMMARY.md"), summary).unwrap();
    assert!(careerbook_build(d.path()).ok);
    let out = d.path().join("book");
    let deep = read(&out, "deep/er/page.html");
    assert!(
        deep.contains(
            r#"<a class="cb-ref" href="../../rest.html#over-engineering">Over-engineering</a>"#
        ),
        "{deep}"
    );
    assert_contains(&deep, r#"href="../../rest.html#adr">decision records</a>"#);
    let rest = read(&out, "rest.html");
    for id in [
        "path",
        "design-step",
        "traps",
        "over-engineering",
        "portfolio",
        "month-1",
        "write-adr",
        "scaling-story",
        "adr-pattern",
        "adr-template",
        "questions",
        "prove-readiness",
        "terms",
        "adr",
    ] {
        assert!(rest.contains(&format!("id=\"{id}\"")), "no anchor for {id}");
    }
    let ladder = read(&out, "ladder.html");
    for id in [
        "ladder",
        "design",
        "design-senior-docs",
        "design-staff-adrs",
    ] {
        assert!(
            ladder.contains(&format!("id=\"{id}\"")),
            "no anchor for {id}"
        );
    }
    // A level lives on its (generated) level page, and the matrix links there.
    for id in ["senior", "staff"] {
        let level = read(&out, &format!("ladder/levels/{id}.html"));
        assert!(
            level.contains(&format!("id=\"{id}\"")),
            "no anchor for {id}"
        );
        assert_contains(&ladder, &format!("href=\"ladder/levels/{id}.html#{id}\""));
    }
    // Backlinks: the deep chapter is listed where over-engineering is shown.
    assert_contains(&rest, r#"<a href="deep/er/page.html">Deep</a>"#);
}

#[test]
fn rendered_text_is_in_the_search_index() {
    let d = fixture_copy("minimal");
    assert!(careerbook_build(d.path()).ok);
    let out = d.path().join("book");
    let index = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| {
            e.file_name().to_string_lossy().starts_with("searchindex")
                && e.file_name().to_string_lossy().ends_with(".js")
        })
        .expect("a search index");
    let text = std::fs::read_to_string(index.path()).unwrap();
    for word in [
        "over-engineering",
        "cached hot reads",
        "write each architectural decision down",
        "nobody can explain the business case",
    ] {
        assert!(
            text.to_lowercase().contains(word),
            "{word} is not in the search index"
        );
    }
}

/// The search index of a built site: each section's URL, title, body and
/// breadcrumbs.
fn search_sections(out: &Path) -> Vec<(String, String, String, String)> {
    let index = std::fs::read_dir(out)
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.starts_with("searchindex") && n.ends_with(".js")
        })
        .expect("a search index");
    let text = std::fs::read_to_string(index.path()).unwrap();
    let json = text
        .split_once("JSON.parse('")
        .unwrap()
        .1
        .rsplit_once("'));")
        .unwrap()
        .0
        .replace("\\'", "'")
        .replace("\\\\", "\\");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let urls = v["doc_urls"].as_array().unwrap();
    let docs = v["index"]["documentStore"]["docs"].as_object().unwrap();
    docs.iter()
        .map(|(k, d)| {
            let url = urls[k.parse::<usize>().unwrap()]
                .as_str()
                .unwrap()
                .to_string();
            let field = |f: &str| d[f].as_str().unwrap_or_default().to_string();
            (url, field("title"), field("body"), field("breadcrumbs"))
        })
        .collect()
}

/// A search hit inside an item goes to the item (its anchor, or a heading
/// inside it) and its breadcrumb is the chapter and the item: the item's
/// title is not repeated down the breadcrumb (mdBook splits a page at
/// headings with ids; careerbook gives every heading it renders one).
#[test]
fn search_hits_land_on_the_item() {
    let d = built_handbook();
    let out = d.path().join("book");
    let sections = search_sections(&out);
    for (url, _, _, crumbs) in &sections {
        let parts: Vec<&str> = crumbs.split(" » ").collect();
        for p in &parts {
            let n = parts.iter().filter(|x| *x == p).count();
            // A chapter whose heading is its name shows it twice, as in
            // any mdBook book; more is the bug this guards against.
            assert!(n <= 2, "{url}: {crumbs}");
        }
        assert!(parts.len() <= 4, "{url}: {crumbs}");
    }
    // Items are found by their own text, at their own anchor.
    for (needle, anchor) in [
        // A glossary term, on the glossary page.
        ("a short, numbered document recording one", "#adr"),
        // A competency's summary, at the competency.
        ("how far your ownership reaches", "#scope-beyond-code"),
    ] {
        let hit = sections
            .iter()
            .find(|(_, _, body, _)| body.to_lowercase().contains(needle))
            .unwrap_or_else(|| panic!("`{needle}` is not in the search index"));
        assert!(hit.0.contains(anchor), "{needle}: {hit:?}");
        let (page, id) = hit.0.split_once('#').expect("an anchor");
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(
            html.contains(&format!("id=\"{id}\"")),
            "{page} has no #{id}"
        );
    }
}

#[test]
fn pattern_arithmetic_and_case_study_changes_are_computed() {
    let d = fixture_copy("minimal");
    assert!(careerbook_build(d.path()).ok);
    let rest = read(&d.path().join("book"), "rest.html");
    // 8 services × 5 hours/year = 40 saved, 8 invested → +32 net, 5× the investment, break-even after 0.2 years.
    assert_contains(&rest, "40 hours per year");
    assert!(rest.contains("+32 hours"));
    assert!(rest.contains("5× the investment"));
    assert!(rest.contains("after 0.2 years"));
    // 2,000 ms → 450 ms.
    assert!(rest.contains("2,000 ms"));
    assert!(rest.contains("−1,550 ms (−77.5%)"));
    assert!(rest.contains("cb-better"));
}

#[test]
fn glossary_terms_link_on_first_mention_only() {
    let d = fixture_copy("minimal");
    std::fs::write(
        d.path().join("src/ladder.md"),
        "# Ladder\n\n{{#careerbook ladder}}\n\nAn ADR is short. Another ADR.\n\n```\nADR in code\n```\n",
    )
    .unwrap();
    assert!(careerbook_build(d.path()).ok);
    let ladder = read(&d.path().join("book"), "ladder.html");
    // First mention (inside the rendered matrix: "[[adr|ADR]]" is an explicit ref, so the term
    // link goes to the prose) and no more.
    assert_eq!(ladder.matches("class=\"cb-term\"").count(), 1, "{ladder}");
    assert!(ladder.contains("ADR in code"));
    // Opt out per book.
    let toml = read(d.path(), "book.toml") + "glossary-links = false\n";
    std::fs::write(d.path().join("book.toml"), toml).unwrap();
    assert!(careerbook_build(d.path()).ok);
    let ladder = read(&d.path().join("book"), "ladder.html");
    assert_eq!(ladder.matches("class=\"cb-term\"").count(), 0);
}

/// The minimal fixture with a file of its own theme (`path` under `theme/`),
/// built.
fn built_with_theme_file(path: &str, text: &str) -> tempfile::TempDir {
    let d = fixture_copy("minimal");
    let file = d.path().join("theme").join(path);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(file, text).unwrap();
    let r = careerbook_build(d.path());
    assert!(r.ok, "{}", r.stderr);
    d
}

#[test]
fn books_can_override_templates_from_their_theme() {
    let d = built_with_theme_file(
        "careerbook/question.hbs",
        "<div class=\"my-question\" id=\"{{id}}\"><strong>Q:</strong> {{title}}{{{answer_html}}}</div>\n",
    );
    let rest = read(&d.path().join("book"), "rest.html");
    assert_contains(
        &rest,
        "<div class=\"my-question\" id=\"prove-readiness\"><strong>Q:</strong> How do I prove I am ready?",
    );
}

#[test]
fn hostile_content_renders_inert() {
    let d = fixture_copy("hostile");
    let r = careerbook_build(d.path());
    assert!(r.ok, "{}", r.stderr);
    let html = read(&d.path().join("book"), "index.html");
    let main = &html[html.find("<main>").unwrap()..html.find("</main>").unwrap()];
    // Every tag in the page body: no script, no event handler, no dangerous URL,
    // no remote resource.
    let lower = main.to_lowercase();
    let tags: Vec<&str> = lower
        .split('<')
        .skip(1)
        .map(|t| t.split('>').next().unwrap_or(""))
        .collect();
    for tag in &tags {
        let name = tag.split_whitespace().next().unwrap_or("");
        assert!(
            !matches!(
                name,
                "script" | "iframe" | "object" | "embed" | "svg" | "img" | "b"
            ),
            "<{tag}>"
        );
        // Attribute names only (quoted values removed).
        let mut names = String::new();
        let mut quote = None;
        for c in tag.chars() {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, c) => names.push(c),
                _ => {}
            }
        }
        assert!(!names.contains(" on"), "event handler in <{tag}>");
        for attr in ["href=", "src="] {
            if let Some(v) = tag.split(attr).nth(1) {
                let v = v.trim_start_matches(['"', '\'']);
                assert!(
                    !v.starts_with("javascript:")
                        && !v.starts_with("data:")
                        && !v.starts_with("//"),
                    "<{tag}>"
                );
            }
        }
    }
    assert!(
        !main.contains("root:x:0"),
        "an {{#include}} in content was expanded"
    );
    // The text is shown, escaped.
    assert_contains(main, "&lt;script&gt;");
}

#[test]
fn nested_chapters_keep_their_own_content() {
    let d = fixture_copy("minimal");
    std::fs::write(
        d.path().join("src/SUMMARY.md"),
        "# Summary\n\n- [Ladder](ladder.md)\n    - [Everything else](rest.md)\n        - [Deeper](deeper.md)\n",
    )
    .unwrap();
    std::fs::write(d.path().join("src/deeper.md"), "# Deeper\n\nSee [[adr]].\n").unwrap();
    let r = careerbook_build(d.path());
    assert!(r.ok, "{}", r.stderr);
    let out = d.path().join("book");
    assert!(read(&out, "ladder.html").contains("id=\"design-staff-adrs\""));
    assert!(read(&out, "rest.html").contains("id=\"prove-readiness\""));
    assert!(!read(&out, "rest.html").contains("id=\"design-staff-adrs\""));
    assert!(read(&out, "deeper.html").contains("href=\"rest.html#adr\""));
}

#[test]
fn suggest_links_edit_links_and_last_updated_when_configured() {
    let d = fixture_copy("minimal");
    // Off by default.
    assert!(careerbook_build(d.path()).ok);
    let rest = read(&d.path().join("book"), "rest.html");
    assert!(!rest.contains("cb-suggest"));
    assert!(!rest.contains("cb-updated"));
    // Configured: every item links to a prefilled issue; chapters link to their source.
    let toml = read(d.path(), "book.toml")
        + "suggest-url = \"https://tracker.example/handbook/issues/new\"\nlast-updated = true\n\n[output.html]\nedit-url-template = \"https://forge.example/handbook/edit/main/{path}\"\n";
    std::fs::write(d.path().join("book.toml"), toml).unwrap();
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .args(args)
            .current_dir(d.path())
            .env("GIT_AUTHOR_DATE", "2026-03-04T10:00:00Z")
            .env("GIT_COMMITTER_DATE", "2026-03-04T10:00:00Z")
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.org")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.org")
            .output()
            .unwrap()
            .status
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "first"]);
    let r = careerbook_build(d.path());
    assert!(r.ok, "{}", r.stderr);
    let rest = read(&d.path().join("book"), "rest.html");
    assert_contains(
        &rest,
        "href=\"https://tracker.example/handbook/issues/new?title=Suggestion%20for%20%60over%2Dengineering%60&amp;body=",
    );
    assert!(
        rest.contains("content%2Fmore%2Fmistakes%2Eyaml"),
        "the suggestion names the file"
    );
    assert!(
        rest.contains("https://forge.example/handbook/edit/main/src/rest.md"),
        "edit link"
    );
    assert_contains(
        &rest,
        "Last updated <time datetime=\"2026-03-04\">2026-03-04</time>",
    );
    // A shallow clone (CI's default checkout) would date every chapter with
    // its one commit: no dates then, and a warning that says why.
    let shallow = tempfile::TempDir::new().unwrap();
    git(&["commit", "-q", "--allow-empty", "-m", "second"]);
    let url = format!("file://{}", d.path().display());
    let cloned = Command::new("git")
        .args(["clone", "-q", "--depth", "1", &url])
        .arg(shallow.path().join("c"))
        .status()
        .unwrap();
    assert!(cloned.success());
    let r = careerbook_build(&shallow.path().join("c"));
    assert!(r.ok, "{}", r.stderr);
    assert_contains(&r.stderr, "shallow git clone");
    assert!(!read(&shallow.path().join("c/book"), "rest.html").contains("cb-updated"));
    // Without git history the build still works, with no date.
    std::fs::remove_dir_all(d.path().join(".git")).unwrap();
    let r = careerbook_build(d.path());
    assert!(r.ok, "{}", r.stderr);
    assert!(!read(&d.path().join("book"), "rest.html").contains("cb-updated"));
}

#[test]
fn unknown_output_html_keys_are_warned_about() {
    let d = fixture_copy("minimal");
    let toml = read(d.path(), "book.toml") + "\n[output.html]\nadditonal-css = [\"x.css\"]\n";
    std::fs::write(d.path().join("book.toml"), toml).unwrap();
    let r = careerbook_build(d.path());
    assert!(r.ok, "a warning does not stop the build: {}", r.stderr);
    assert!(
        r.stderr
            .contains("mdBook does not know `additonal-css` in [output.html]"),
        "{}",
        r.stderr
    );
    assert_contains(&r.stderr, "did you mean `additional-css`?");
}

#[test]
fn the_shim_speaks_the_preprocessor_protocol() {
    let shim = env!("CARGO_BIN_EXE_mdbook-careerbook");
    let supports = |r: &str| {
        Command::new(shim)
            .args(["supports", r])
            .status()
            .unwrap()
            .code()
    };
    assert_eq!(supports("html"), Some(0));
    assert_eq!(supports("markdown"), Some(0));
    assert_eq!(supports("epub"), Some(1));

    // [context, book] on stdin → book on stdout; a version mismatch is a warning.
    use mdbook_preprocessor::PreprocessorContext;
    use mdbook_preprocessor::book::{Book, BookItem, Chapter};
    let d = fixture_copy("minimal");
    let config =
        mdbook_preprocessor::config::Config::from_disk(d.path().join("book.toml")).unwrap();
    let mut ctx = PreprocessorContext::new(d.path().to_path_buf(), config, "html".into());
    ctx.mdbook_version = "0.4.40".into();
    let mut book = Book::new();
    book.push_item(BookItem::Chapter(Chapter::new(
        "Rest",
        "# Rest\n\n{{#careerbook questions}}\n".into(),
        "rest.md",
        vec![],
    )));
    careerbook::mdbook::assets::install(d.path()).unwrap();
    let input = serde_json::to_vec(&(&ctx, &book)).unwrap();
    let mut child = Command::new(shim)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_contains(&stderr, "called by mdBook 0.4.40");
    let book: Book = serde_json::from_slice(&out.stdout).unwrap();
    let BookItem::Chapter(ch) = &book.items[0] else {
        panic!()
    };
    assert_contains(&ch.content, "id=\"prove-readiness\"");
}

#[test]
fn print_page_includes_rendered_content() {
    let d = fixture_copy("minimal");
    assert!(careerbook_build(d.path()).ok);
    let print = read(&d.path().join("book"), "print.html");
    assert!(print.contains("How do I prove I am ready?"));
    assert!(print.contains("cb-metrics"));
}

/// careerbook's CSS and JS are files of the site under content-hashed
/// names, linked once from every page (the print page too), within the
/// 40 KB budget; pages carry no inline script or style of careerbook's
/// (only the assessment's JSON data block).
#[test]
fn careerbook_css_and_js_are_files_linked_from_the_pages_that_use_them() {
    let d = built_handbook();
    let out = d.path().join("book");
    let assets = file_names(&out.join("careerbook"));
    assert_eq!(assets.len(), 2, "{assets:?}");
    let size: u64 = std::fs::read_dir(out.join("careerbook"))
        .unwrap()
        .flatten()
        .map(|e| e.metadata().unwrap().len())
        .sum();
    assert!(size < 40_000, "careerbook ships {size} bytes of CSS and JS");
    // The stylesheet on every page; the script where it has work to do.
    for (page, prefix, scripted) in [
        ("self-assessment.html", "", true),
        ("checklists.html", "", true),
        ("templates.html", "", true),
        ("print.html", "", true),
        ("engineering-ladder/levels/staff.html", "../../", false),
        ("introduction.html", "", false),
        ("glossary.html", "", false),
    ] {
        let html = read(&out, page);
        for name in &assets {
            let link = format!("{prefix}careerbook/{name}\"");
            let expected = usize::from(name.ends_with(".css") || scripted);
            assert_eq!(
                html.matches(&link).count(),
                expected,
                "{page}: {name} linked {} times",
                html.matches(&link).count()
            );
        }
        // mdBook's sidebar toggle is announced as the button it is.
        assert_contains(&html, "<label id=\"mdbook-sidebar-toggle\" role=\"button\"");
        let main = &html[html.find("<main>").unwrap()..html.find("</main>").unwrap()];
        assert!(!main.contains("<style"), "{page} has an inline style");
        let inline_scripts = main
            .match_indices("<script")
            .filter(|(i, _)| !main[*i..].starts_with("<script type=\"application/json\""))
            .count();
        assert_eq!(inline_scripts, 0, "{page} has an inline script");
    }
}

/// A radar chart needs three axes: with fewer competencies the assessment
/// shows its table alone (the bundled matrix, with nine, has the chart).
#[test]
fn a_matrix_with_fewer_than_three_competencies_gets_no_radar_chart() {
    let d = fixture_copy("minimal");
    assert!(careerbook_build(d.path()).ok);
    let page = read(&d.path().join("book"), "ladder/self-assessment.html");
    assert_contains(&page, "<figure class=\"cb-result-figure\" hidden");
    assert_contains(&page, "<caption>Each competency, with how much is rated");

    let bundled = built_handbook();
    let page = read(&bundled.path().join("book"), "self-assessment.html");
    assert_contains(&page, "<figure class=\"cb-result-figure\">");
    assert_contains(
        &page,
        "<caption>The chart as a table, with how much is rated",
    );
}

/// The files under the site's `fonts/` folder, and each page's links into it
/// (checked to exist).
fn fonts_of_site(out: &Path) -> (Vec<String>, Vec<String>) {
    let files = file_names(&out.join("fonts"));
    let mut links = Vec::new();
    for e in walkdir::WalkDir::new(out) {
        let e = e.unwrap();
        if e.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        let html = std::fs::read_to_string(e.path()).unwrap();
        for (i, _) in html.match_indices("fonts/") {
            let start = html[..i].rfind('"').unwrap() + 1;
            let end = i + html[i..].find('"').unwrap();
            let href = &html[start..end];
            // The 404 page resolves against `<base href="/">`.
            let base = if e.file_name() == "404.html" {
                out
            } else {
                e.path().parent().unwrap()
            };
            assert!(
                base.join(href).is_file(),
                "{}: {href} is missing",
                e.path().display()
            );
            links.push(href.rsplit('/').next().unwrap().to_string());
        }
    }
    (files, links)
}

/// By default a page downloads no font: mdBook's web fonts are left out and
/// its fonts stylesheet names the system fonts. `fonts = "mdbook"` keeps
/// them (steadied with `font-display: optional`), and so does a theme that
/// brings its own fonts.
#[test]
fn fonts_are_the_readers_own_unless_the_book_asks_for_web_fonts() {
    let d = fixture_copy("minimal");
    assert!(careerbook_build(d.path()).ok);
    let out = d.path().join("book");
    let (files, links) = fonts_of_site(&out);
    assert!(files.is_empty() && links.is_empty(), "{files:?} {links:?}");
    // careerbook's stylesheet names the system fonts, in the place of
    // mdBook's fonts stylesheet (before mdBook's highlighting stylesheets).
    let css_name = file_names(&out.join("careerbook"))
        .into_iter()
        .find(|n| n.ends_with(".css"))
        .unwrap();
    let css = read(&out, &format!("careerbook/{css_name}"));
    assert!(
        css.starts_with("html{font-family:system-ui}"),
        "{}",
        &css[..80]
    );
    assert!(!css.contains("@font-face"));
    let page = read(&out, "index.html");
    let at = page.find(&format!("careerbook/{css_name}")).unwrap();
    assert!(at < page.find("id=\"mdbook-highlight-css\"").unwrap());

    let toml = read(d.path(), "book.toml").replace(
        "[preprocessor.careerbook]\n",
        "[preprocessor.careerbook]\nfonts = \"mdbook\"\n",
    );
    std::fs::write(d.path().join("book.toml"), toml).unwrap();
    assert!(careerbook_build(d.path()).ok);
    let (files, links) = fonts_of_site(&out);
    assert!(
        files.iter().filter(|f| f.ends_with(".woff2")).count() >= 5,
        "{files:?}"
    );
    let sheet = files.iter().find(|f| f.ends_with(".css")).unwrap();
    assert!(links.iter().all(|l| l == sheet), "{links:?}");
    let css = read(&out, &format!("fonts/{sheet}"));
    assert_contains(&css, "Open Sans");
    assert_eq!(
        css.matches("@font-face").count(),
        css.matches("font-display: optional").count()
    );

    let own = built_with_theme_file(
        "fonts/fonts.css",
        "@font-face { font-family: 'Our Brand'; src: url('brand.woff2'); }\n",
    );
    let (files, _) = fonts_of_site(&own.path().join("book"));
    let sheet = files.iter().find(|f| f.ends_with(".css")).unwrap();
    let css = read(&own.path().join("book"), &format!("fonts/{sheet}"));
    assert_contains(&css, "Our Brand");
    assert_contains(&css, "font-display: optional");
}
