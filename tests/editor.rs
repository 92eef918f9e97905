//! The editor setup cannot break silently: `check` warns, with the place and
//! the fix, when a `$schema` line points at nothing, when the handbook's
//! schema is not the running careerbook's, and when placeholder text from
//! `careerbook new` is left.

mod common;
use common::assert_contains;
use common::{Run, careerbook, careerbook_in};

use std::path::Path;

use careerbook::cli::scaffold;
use tempfile::TempDir;

fn check(book: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["check".as_ref(), book.as_os_str()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    careerbook(&args)
}

/// A new handbook at `<tmp>/hb`.
fn handbook() -> (TempDir, std::path::PathBuf) {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("hb");
    scaffold::init(&dir).unwrap();
    assert_eq!(check(&dir, &["--deny-warnings"]).code, 0);
    (tmp, dir)
}

/// The command between backticks after `help: …` in a report.
fn suggested_command(out: &str) -> String {
    let start = out
        .find("`careerbook schema --out ")
        .unwrap_or_else(|| panic!("no command in:\n{out}"));
    let rest = &out[start + 1..];
    rest[..rest.find('`').unwrap()].to_string()
}

#[test]
fn a_file_moved_to_another_folder_is_warned_about_with_the_path_that_works() {
    let (_tmp, dir) = handbook();
    std::fs::rename(
        dir.join("content/faq/questions.yaml"),
        dir.join("content/questions.yaml"),
    )
    .unwrap();
    let r = check(&dir, &[]);
    assert_eq!(r.code, 0, "a warning, not an error: {}", r.out);
    assert_contains(&r.out, "warning[editor::schema-missing]");
    // The place (the path after `$schema=`), and the path that resolves.
    assert_contains(&r.out, "--> content/questions.yaml:1:33");
    assert!(
        r.out
            .contains("point it at `../schema/careerbook.schema.json`"),
        "{}",
        r.out
    );
    assert_contains(&r.out, "0 errors, 1 warning");
    assert_eq!(check(&dir, &["--deny-warnings"]).code, 1);

    // The path from the hint makes it clean again.
    let moved = dir.join("content/questions.yaml");
    let text = std::fs::read_to_string(&moved).unwrap();
    std::fs::write(&moved, text.replace("../../schema/", "../schema/")).unwrap();
    let r = check(&dir, &["--deny-warnings"]);
    assert_eq!(r.code, 0, "{}", r.out);
}

#[test]
fn a_missing_schema_is_one_warning_with_the_command_that_writes_it() {
    let (tmp, dir) = handbook();
    std::fs::remove_dir_all(dir.join("schema")).unwrap();
    // From the folder above the book, with a relative path, as a person
    // would type it.
    let r = careerbook_in(tmp.path(), &["check", "hb"]);
    assert_eq!(r.code, 0, "{}", r.out);
    assert_contains(&r.out, "0 errors, 1 warning");
    assert_contains(&r.out, "nor 8 other files");
    let command = suggested_command(&r.out);
    assert_eq!(command, "careerbook schema --out hb/schema");
    let args: Vec<&str> = command.split(' ').skip(1).collect();
    assert_eq!(careerbook_in(tmp.path(), &args).code, 0);
    let r = careerbook_in(tmp.path(), &["check", "hb", "--deny-warnings"]);
    assert_eq!(r.code, 0, "{}", r.out);
}

#[test]
fn a_schema_from_another_version_is_warned_about_with_the_refresh_command() {
    let (tmp, dir) = handbook();
    let path = dir.join("schema/careerbook.schema.json");
    let current = std::fs::read_to_string(&path).unwrap();
    // As an older careerbook wrote it: a field the format has since gained
    // is missing from it.
    let older = current.replacen("\"summary\"", "\"summary-old\"", 1);
    assert_ne!(older, current);
    std::fs::write(&path, &older).unwrap();

    let r = careerbook_in(tmp.path(), &["check", "hb"]);
    assert_eq!(r.code, 0, "{}", r.out);
    assert_contains(&r.out, "warning[editor::schema-outdated]");
    assert_contains(&r.out, "schema/careerbook.schema.json:1:1");
    assert!(
        r.out
            .contains(&format!("careerbook {}", env!("CARGO_PKG_VERSION"))),
        "the running version is not named: {}",
        r.out
    );
    let command = suggested_command(&r.out);
    assert_eq!(command, "careerbook schema --out hb/schema");
    let args: Vec<&str> = command.split(' ').skip(1).collect();
    assert_eq!(careerbook_in(tmp.path(), &args).code, 0);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), current);
    let r = careerbook_in(tmp.path(), &["check", "hb", "--deny-warnings"]);
    assert_eq!(r.code, 0, "{}", r.out);

    // A copy saved with Windows line endings is the same schema.
    std::fs::write(&path, current.replace('\n', "\r\n")).unwrap();
    assert_eq!(check(&dir, &["--deny-warnings"]).code, 0);
}

#[test]
fn placeholder_text_from_new_is_warned_about_at_its_first_place() {
    let (_tmp, dir) = handbook();
    let s = scaffold::new_item(&dir, "faq", "team-questions", None).unwrap();
    let text = std::fs::read_to_string(&s.yaml).unwrap();
    let (line, col) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find("TODO:").map(|c| (i + 1, c + 1)))
        .unwrap();
    let r = check(&dir, &[]);
    assert_eq!(r.code, 0, "{}", r.out);
    assert_contains(&r.out, "warning[editor::placeholder]");
    assert!(
        r.out
            .contains(&format!("--> content/faq/team-questions.yaml:{line}:{col}")),
        "{}",
        r.out
    );
    // One warning for the file, naming the other lines.
    assert_contains(&r.out, "0 errors, 1 warning");
    assert_contains(&r.out, &format!("line {}", line + 1));

    // In a pull request, the annotation is on that line.
    let r = check(&dir, &["--format", "github"]);
    assert!(
        r.out.contains(&format!(
            "::warning file=content/faq/team-questions.yaml,line={line},col={col},title=editor%3A%3Aplaceholder"
        )),
        "{}",
        r.out
    );

    // Only the first placeholder left is pointed at; none left, no warning.
    let answered = text.replacen("TODO: the question", "Who reviews", 1);
    std::fs::write(&s.yaml, &answered).unwrap();
    let r = check(&dir, &[]);
    assert_contains(&r.out, "0 errors, 1 warning");
    std::fs::write(&s.yaml, answered.replace("TODO: ", "")).unwrap();
    let r = check(&dir, &["--deny-warnings"]);
    assert_eq!(r.code, 0, "{}", r.out);
}

#[test]
fn a_schema_url_is_not_checked_and_a_file_without_a_schema_line_is_fine() {
    let (_tmp, dir) = handbook();
    let faq = dir.join("content/faq/questions.yaml");
    let text = std::fs::read_to_string(&faq).unwrap();
    let body = text.split_once('\n').unwrap().1;
    std::fs::write(
        &faq,
        format!(
            "# yaml-language-server: $schema=https://example.org/careerbook.schema.json\n{body}"
        ),
    )
    .unwrap();
    let glossary = dir.join("content/glossary/glossary.yaml");
    let text = std::fs::read_to_string(&glossary).unwrap();
    std::fs::write(&glossary, text.split_once('\n').unwrap().1).unwrap();
    let r = check(&dir, &["--deny-warnings"]);
    assert_eq!(r.code, 0, "{}", r.out);
}
