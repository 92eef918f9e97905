//! Contributor commands: `careerbook init DIR` (a new handbook that checks
//! and builds at once) and `careerbook new KIND ID` (a commented skeleton of
//! one document, a chapter that shows it and a line in `SUMMARY.md`).
//!
//! Every file written comes from the templates under `scaffold/` at the
//! repository root, embedded into the binary.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::diag::suggest;
use crate::load::editor::{nearest_schema, normalize, relative_path};
use crate::model::{Id, Kind};

/// What [`init`] wrote, and what is left to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitSummary {
    /// Every file written (or, for an existing `.gitignore`, added to), as
    /// `dir.join(relative path)`, in writing order.
    pub files: Vec<PathBuf>,
    /// The steps left to the user, in order, one sentence each (printed by
    /// `careerbook init`).
    pub next_steps: Vec<String>,
}

/// What [`new_item`] wrote (besides the line added to `SUMMARY.md`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSummary {
    /// The YAML skeleton, `<book>/<content>/<kind folder>/<ID>.yaml`.
    pub yaml: PathBuf,
    /// The chapter, `<book>/<src>/<ID>.md`.
    pub chapter: PathBuf,
}

/// The files of a new handbook (path under the book folder, template).
/// `@TITLE@` and `@HANDBOOK_ID@` in `book.toml` and `@VERSION@` in the
/// workflow are filled in by [`init`].
const INIT_FILES: &[(&str, &str)] = &[
    ("book.toml", include_str!("../../scaffold/book.toml")),
    (".gitignore", include_str!("../../scaffold/gitignore")),
    (
        "CONTRIBUTING.md",
        include_str!("../../scaffold/CONTRIBUTING.md"),
    ),
    (
        ".github/workflows/handbook.yml",
        include_str!("../../scaffold/handbook.yml"),
    ),
    (
        ".github/pull_request_template.md",
        include_str!("../../scaffold/pull_request_template.md"),
    ),
    (
        ".vscode/settings.json",
        include_str!("../../scaffold/vscode/settings.json"),
    ),
    (
        ".vscode/extensions.json",
        include_str!("../../scaffold/vscode/extensions.json"),
    ),
    (
        "content/matrices/ladder.yaml",
        include_str!("../../scaffold/content/matrices/ladder.yaml"),
    ),
    (
        "content/frameworks/growth-path.yaml",
        include_str!("../../scaffold/content/frameworks/growth-path.yaml"),
    ),
    (
        "content/mistakes/common-mistakes.yaml",
        include_str!("../../scaffold/content/mistakes/common-mistakes.yaml"),
    ),
    (
        "content/checklists/first-90-days.yaml",
        include_str!("../../scaffold/content/checklists/first-90-days.yaml"),
    ),
    (
        "content/case-studies/quantified-refactor.yaml",
        include_str!("../../scaffold/content/case-studies/quantified-refactor.yaml"),
    ),
    (
        "content/patterns/decision-records.yaml",
        include_str!("../../scaffold/content/patterns/decision-records.yaml"),
    ),
    (
        "content/templates/promotion-case.yaml",
        include_str!("../../scaffold/content/templates/promotion-case.yaml"),
    ),
    (
        "content/faq/questions.yaml",
        include_str!("../../scaffold/content/faq/questions.yaml"),
    ),
    (
        "content/glossary/glossary.yaml",
        include_str!("../../scaffold/content/glossary/glossary.yaml"),
    ),
    (
        "src/SUMMARY.md",
        include_str!("../../scaffold/src/SUMMARY.md"),
    ),
    (
        "src/introduction.md",
        include_str!("../../scaffold/src/introduction.md"),
    ),
    (
        "src/ladder.md",
        include_str!("../../scaffold/src/ladder.md"),
    ),
    (
        "src/self-assessment.md",
        include_str!("../../scaffold/src/self-assessment.md"),
    ),
    (
        "src/framework.md",
        include_str!("../../scaffold/src/framework.md"),
    ),
    (
        "src/patterns.md",
        include_str!("../../scaffold/src/patterns.md"),
    ),
    (
        "src/mistakes.md",
        include_str!("../../scaffold/src/mistakes.md"),
    ),
    (
        "src/case-studies.md",
        include_str!("../../scaffold/src/case-studies.md"),
    ),
    (
        "src/checklists.md",
        include_str!("../../scaffold/src/checklists.md"),
    ),
    (
        "src/templates.md",
        include_str!("../../scaffold/src/templates.md"),
    ),
    ("src/faq.md", include_str!("../../scaffold/src/faq.md")),
    (
        "src/item-index.md",
        include_str!("../../scaffold/src/item-index.md"),
    ),
    (
        "src/glossary.md",
        include_str!("../../scaffold/src/glossary.md"),
    ),
];

/// The kind nearest to a misspelt one: [`suggest`], or failing that one
/// typo away (a swapped pair of letters, as in `fqa`).
fn suggest_kind(word: &str) -> Option<&'static str> {
    let names = || Kind::ALL.iter().map(|k| k.name());
    suggest(word, names()).or_else(|| {
        names()
            .map(|n| (strsim::osa_distance(word, n), n))
            .filter(|(d, n)| *d <= (n.len() / 3).max(1))
            .min()
            .map(|(_, n)| n)
    })
}

// ------------------------------------------------------------------ init

/// Create a new handbook in `dir` (created when missing): `book.toml`, the
/// chapters, one sample document of each kind, the JSON Schema, a GitHub
/// workflow, a pull request template, `CONTRIBUTING.md` and the editor
/// settings (`.vscode/`). The result passes `careerbook check
/// --deny-warnings` and `careerbook build`.
///
/// `dir` may already hold other files, such as a fresh clone's `.git`,
/// `README.md` and `LICENSE`; an existing `.gitignore` gets careerbook's
/// lines added. Refuses (without touching anything, naming the files) when
/// it would overwrite a file.
pub fn init(dir: &Path) -> Result<InitSummary> {
    init_titled(dir, None)
}

/// What `init` adds to an existing `.gitignore` (the built site).
const GITIGNORE_LINE: &str = "/book/";

/// [`init`] with a title of your choosing (the handbook id is derived from
/// it); `None` derives both from the folder's name.
pub(crate) fn init_titled(dir: &Path, title: Option<&str>) -> Result<InitSummary> {
    if dir.exists() && !dir.is_dir() {
        bail!(
            "{} exists and is not a folder; careerbook init refuses to overwrite it",
            dir.display()
        );
    }
    let name = folder_name(dir);
    let title = match title.map(str::trim) {
        Some(t) if !t.is_empty() => t.to_string(),
        _ => title_from(&name),
    };
    let handbook_id = crate::model::Id::slug(&title);
    let mut files: Vec<(String, String)> = INIT_FILES
        .iter()
        .map(|(path, text)| {
            let text = match *path {
                "book.toml" => text
                    .replace("@HANDBOOK_ID@", &handbook_id)
                    .replace("@TITLE@", &toml_escape(&title)),
                ".github/workflows/handbook.yml" => {
                    text.replace("@VERSION@", env!("CARGO_PKG_VERSION"))
                }
                _ => text.to_string(),
            };
            (path.to_string(), text)
        })
        .collect();
    files.push((
        format!("schema/{}", crate::model::schema::FILE_NAME),
        crate::model::schema::json(),
    ));

    // Nothing is overwritten: an existing .gitignore is added to, any other
    // existing file stops everything before a byte is written.
    let gitignore = dir.join(".gitignore");
    let existing_gitignore = match std::fs::read_to_string(&gitignore) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", gitignore.display())),
    };
    let in_the_way: Vec<&str> = files
        .iter()
        .map(|(rel, _)| rel.as_str())
        .filter(|rel| *rel != ".gitignore" && std::fs::symlink_metadata(dir.join(rel)).is_ok())
        .collect();
    if !in_the_way.is_empty() {
        const SHOWN: usize = 5;
        let mut names: Vec<String> = in_the_way
            .iter()
            .take(SHOWN)
            .map(|f| format!("`{f}`"))
            .collect();
        if in_the_way.len() > SHOWN {
            names.push(format!("{} more", in_the_way.len() - SHOWN));
        }
        bail!(
            "careerbook init refuses to overwrite {} in {}; nothing was written (move {} away, or choose another folder)",
            names.join(", "),
            dir.display(),
            if in_the_way.len() == 1 { "it" } else { "them" },
        );
    }

    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(&rel);
        let text = match (&*rel, &existing_gitignore) {
            (".gitignore", Some(old)) if old.lines().any(|l| l.trim() == GITIGNORE_LINE) => {
                continue;
            }
            (".gitignore", Some(old)) => {
                let sep = if old.is_empty() || old.ends_with('\n') {
                    ""
                } else {
                    "\n"
                };
                format!("{old}{sep}\n{text}")
            }
            _ => text,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create the folder {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        written.push(path);
    }
    Ok(InitSummary {
        files: written,
        next_steps: next_steps(dir),
    })
}

/// The steps left after `init`: GitHub Pages, the optional keys (with the
/// repository's address when `dir` is in a clone of a GitHub repository),
/// the editor.
fn next_steps(dir: &Path) -> Vec<String> {
    let git = |args: &[&str]| -> Option<String> {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .stderr(std::process::Stdio::null())
            .output()
            .ok()?;
        let s = String::from_utf8(out.stdout).ok()?.trim().to_string();
        (out.status.success() && !s.is_empty()).then_some(s)
    };
    let top = git(&["rev-parse", "--show-toplevel"]).map(PathBuf::from);
    // The handbook's folder inside the repository ("" at its root).
    let sub = top
        .as_ref()
        .and_then(|t| {
            let here = std::fs::canonicalize(dir).ok()?;
            let t = std::fs::canonicalize(t).ok()?;
            Some(relative_path(&t, &here))
        })
        .unwrap_or_default();
    let github = git(&["remote", "get-url", "origin"]).and_then(|u| github_repo(&u));
    let repo = github
        .clone()
        .unwrap_or_else(|| "https://github.com/OWNER/REPO".to_string());
    let prefix = if sub.is_empty() {
        String::new()
    } else {
        format!("{sub}/")
    };
    let shown = dir.display();
    let mut steps = vec![format!(
        "Look at it: `careerbook check {shown}`, then `careerbook serve {shown}` (http://127.0.0.1:3000)."
    )];
    if top.is_none() {
        steps.push(format!(
            "Put it in a GitHub repository: `git init` in {shown}, commit, add the repository as `origin` and push `main`."
        ));
    } else {
        steps.push("Commit and push to `main` on GitHub.".to_string());
    }
    if !sub.is_empty() {
        steps.push(format!(
            "The handbook is in `{sub}/` of its repository, but GitHub runs only workflows under the repository's top `.github/workflows/`: move `{sub}/.github/workflows/handbook.yml` there and add `defaults: {{run: {{working-directory: {sub}}}}}` and `path: {sub}/book` (and `.vscode/` too, with `{sub}/` before its paths)."
        ));
    }
    steps.push(format!(
        "In the repository's Settings > Pages, set Source to \"GitHub Actions\" ({repo}/settings/pages): `.github/workflows/handbook.yml` then checks every pull request (annotating the changed lines) and publishes `main`."
    ));
    steps.push(format!(
        "Optional, in book.toml: `suggest-url = \"{repo}/issues/new\"` under [preprocessor.careerbook] (a \"Suggest a change\" link on every item), and `edit-url-template = \"{repo}/edit/main/{prefix}src/{{path}}\"` under [output.html] (an \"Edit this page\" link); `last-updated = true` shows when each chapter changed."
    ));
    steps.push(
        "In VS Code, install the recommended YAML extension (redhat.vscode-yaml) for completion and validation while you type; `careerbook check` warns when a file's `$schema` line stops resolving.".to_string(),
    );
    steps
}

/// `https://github.com/OWNER/REPO` from a remote's address (https or ssh).
fn github_repo(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://github.com/")
        .or_else(|| url.strip_prefix("http://github.com/"))
        .or_else(|| url.strip_prefix("git@github.com:"))
        .or_else(|| url.strip_prefix("ssh://git@github.com/"))?;
    let rest = rest.trim_end_matches('/').trim_end_matches(".git");
    let mut parts = rest.split('/');
    let (owner, repo) = (parts.next()?, parts.next()?);
    (!owner.is_empty() && !repo.is_empty() && parts.next().is_none())
        .then(|| format!("https://github.com/{owner}/{repo}"))
}

/// The name of the folder `dir` (for the book's title and handbook id).
fn folder_name(dir: &Path) -> String {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .or_else(|| {
            std::fs::canonicalize(dir)
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        })
        .unwrap_or_default();
    let name = name.trim_start_matches('.').to_string();
    if name.chars().any(|c| c.is_alphanumeric()) {
        name
    } else {
        "handbook".into()
    }
}

/// A title from an id or folder name: "leverage-patterns" → "Leverage patterns".
pub(crate) fn title_from(id: &str) -> String {
    let words: Vec<&str> = id
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .collect();
    let joined = words.join(" ");
    let mut chars = joined.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => id.to_string(),
    }
}

/// The inside of a TOML basic string.
fn toml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

// ------------------------------------------------------------------- new

/// Add a document of `kind` with `id` to the book in `book`: a commented
/// skeleton at `content/<kind folder>/<ID>.yaml`, a chapter `src/<ID>.md`
/// that shows it, and a line for the chapter at the end of the last list in
/// `src/SUMMARY.md`. The title defaults to one derived from the id.
///
/// Refuses an unknown kind (suggesting the nearest), a malformed id, an id
/// that already exists (naming where, as `file:line:col`), and existing
/// files; nothing is written then.
pub fn new_item(book: &Path, kind: &str, id: &str, title: Option<&str>) -> Result<NewSummary> {
    let kinds = Kind::ALL
        .iter()
        .map(|k| k.name())
        .collect::<Vec<_>>()
        .join(", ");
    let Some(kind) = Kind::parse(kind) else {
        match suggest_kind(kind) {
            Some(s) => bail!("unknown kind `{kind}`: did you mean `{s}`? kinds are: {kinds}"),
            None => bail!("unknown kind `{kind}`; kinds are: {kinds}"),
        }
    };
    if !Id::is_well_formed(id) {
        bail!(
            "`{id}` is not a valid id: ids use lowercase letters, digits and '-', starting with a letter or digit ([a-z0-9][a-z0-9-]*), e.g. `{}`",
            crate::model::Id::slug(id)
        );
    }
    let title = match title {
        Some(t) => {
            let t = t.trim();
            if t.is_empty() {
                bail!("the title is empty");
            }
            if t.chars().any(char::is_control) {
                bail!("the title must be a single line of text");
            }
            t.to_string()
        }
        None => title_from(id),
    };
    if !book.join("book.toml").is_file() {
        bail!(
            "no book.toml in {}: run this in a handbook's folder, pass --book DIR, or start one with `careerbook init DIR`",
            book.display()
        );
    }

    // The existing ids (from a full load and link of the book).
    let (handbook, _) = crate::link::Handbook::open(book, None)?;
    let config = handbook.config.clone();
    let unparsed: Vec<&str> = handbook
        .broken
        .iter()
        .flat_map(|b| b.ids.iter().map(|(id, _, _)| id.as_str()))
        .collect();

    let folder = kind.folder();
    let yaml_path = config.content_dir().join(folder).join(format!("{id}.yaml"));
    let yaml_rel = format!(
        "{}/{folder}/{id}.yaml",
        config.content.trim_end_matches('/')
    );
    let schema = schema_ref(book, &Path::new(&config.content).join(folder))?;
    let text = kind
        .skeleton()
        .replace("@P@", id)
        .replace("@ID@", &yaml_scalar(id))
        .replace("@SCHEMA@", &schema)
        .replace("@TITLE@", &yaml_scalar(&title));
    // The skeleton must load; its ids are checked against the book's.
    let (doc, _) = crate::load::parse_document(&yaml_rel, &text).map_err(|d| {
        anyhow::anyhow!(
            "internal error: the {kind} skeleton does not load: {}",
            d.first().map(|d| d.short()).unwrap_or_default()
        )
    })?;
    for e in doc.entries() {
        let new_id = e.id.as_str();
        let what = if new_id == id {
            format!("id `{id}`")
        } else {
            format!("the {kind} skeleton's {} id `{new_id}`", e.kind.label())
        };
        if let Some(t) = handbook.target(new_id) {
            bail!(
                "{what} already exists: {} at {}:{}:{} (ids are shared by every document and item; choose another id)",
                t.kind.label(),
                t.file,
                t.pos.line,
                t.pos.col
            );
        }
        if unparsed.contains(&new_id) {
            bail!(
                "{what} is already written in a content file that does not load (run `careerbook check` to see it); choose another id"
            );
        }
    }

    let chapter_path = config.src_dir.join(format!("{id}.md"));
    for p in [&yaml_path, &chapter_path] {
        if p.exists() {
            bail!(
                "{} already exists; careerbook new refuses to overwrite it",
                p.display()
            );
        }
    }
    let summary_path = config.src_dir.join("SUMMARY.md");
    let summary = match std::fs::read_to_string(&summary_path) {
        Ok(s) => Some(s),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", summary_path.display())),
    };
    let line = format!("- [{}]({id}.md)", escape_link_text(&title));
    let summary = match summary {
        Some(s) => add_to_summary(&s, &line),
        None => format!("# Summary\n\n{line}\n"),
    };

    if let Some(parent) = yaml_path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create the folder {}", parent.display()))?;
    }
    std::fs::write(&yaml_path, text)
        .with_context(|| format!("cannot write {}", yaml_path.display()))?;
    if let Some(parent) = chapter_path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create the folder {}", parent.display()))?;
    }
    std::fs::write(
        &chapter_path,
        format!("# {title}\n\n{{{{#careerbook {id}}}}}\n"),
    )
    .with_context(|| format!("cannot write {}", chapter_path.display()))?;
    std::fs::write(&summary_path, summary)
        .with_context(|| format!("cannot write {}", summary_path.display()))?;
    Ok(NewSummary {
        yaml: yaml_path,
        chapter: chapter_path,
    })
}

/// The `$schema` path written in a new file under `<book>/<content_folder>`:
/// relative to that folder, to the nearest `schema/careerbook.schema.json`
/// in the book or one of its parent folders, else to the book's own
/// `schema/` folder (where `careerbook init` and `careerbook schema --out
/// schema` put it).
pub(crate) fn schema_ref(book: &Path, content_folder: &Path) -> Result<String> {
    let book = std::fs::canonicalize(book)
        .with_context(|| format!("cannot find the folder {}", book.display()))?;
    let target = nearest_schema(&book)
        .unwrap_or_else(|| book.join("schema").join(crate::model::schema::FILE_NAME));
    let from = normalize(&book.join(content_folder));
    Ok(relative_path(&from, &normalize(&target)))
}

/// A string as a YAML value: plain when that reads back as the same string,
/// double-quoted (JSON escapes are valid YAML) otherwise.
fn yaml_scalar(s: &str) -> String {
    let reserved = [
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
    ];
    let plain = s.chars().next().is_some_and(char::is_alphabetic)
        && !s.ends_with(' ')
        && !reserved.contains(&s.to_lowercase().as_str())
        && s.chars().all(|c| {
            c.is_alphanumeric() || matches!(c, ' ' | '-' | '.' | ',' | '\'' | '(' | ')' | '?' | '/')
        });
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).expect("a string always serializes")
    }
}

/// Link text for SUMMARY.md: brackets and backslashes escaped.
pub(crate) fn escape_link_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `summary` with `line` added after the last chapter of its last list (so
/// before any suffix chapters), or at the end when it has no list.
fn add_to_summary(summary: &str, line: &str) -> String {
    let lines: Vec<&str> = summary.lines().collect();
    let nl = if summary.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let is_item = |l: &str| {
        let t = l.trim_start();
        ["- [", "* [", "+ ["].iter().any(|p| t.starts_with(p))
    };
    let mut out: Vec<&str> = Vec::with_capacity(lines.len() + 2);
    match lines.iter().rposition(|l| is_item(l)) {
        Some(i) => {
            out.extend(&lines[..=i]);
            out.push(line);
            out.extend(&lines[i + 1..]);
        }
        None => {
            out.extend(&lines);
            while out.last().is_some_and(|l| l.trim().is_empty()) {
                out.pop();
            }
            if !out.is_empty() {
                out.push("");
            }
            out.push(line);
        }
    }
    let mut s = out.join(nl);
    s.push_str(nl);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_ids() {
        assert_eq!(title_from("leverage-patterns"), "Leverage patterns");
        assert_eq!(title_from("faq"), "Faq");
        assert_eq!(title_from("my_handbook"), "My handbook");
    }

    #[test]
    fn github_addresses_from_remotes() {
        for remote in [
            "https://github.com/acme/ladder.git",
            "https://github.com/acme/ladder",
            "git@github.com:acme/ladder.git",
            "ssh://git@github.com/acme/ladder.git",
        ] {
            assert_eq!(
                github_repo(remote).as_deref(),
                Some("https://github.com/acme/ladder"),
                "{remote}"
            );
        }
        assert_eq!(github_repo("https://gitlab.com/acme/ladder.git"), None);
        assert_eq!(github_repo("https://github.com/acme"), None);
    }

    #[test]
    fn yaml_values() {
        assert_eq!(yaml_scalar("Leverage patterns"), "Leverage patterns");
        assert_eq!(yaml_scalar("2024"), "\"2024\"");
        assert_eq!(yaml_scalar("true"), "\"true\"");
        assert_eq!(yaml_scalar("a: b"), "\"a: b\"");
        assert_eq!(yaml_scalar("say \"hi\""), "\"say \\\"hi\\\"\"");
    }

    #[test]
    fn summary_lines_go_after_the_last_chapter() {
        let s = "# Summary\n\n- [A](a.md)\n  - [B](b.md)\n\n---\n\n[Suffix](s.md)\n";
        assert_eq!(
            add_to_summary(s, "- [C](c.md)"),
            "# Summary\n\n- [A](a.md)\n  - [B](b.md)\n- [C](c.md)\n\n---\n\n[Suffix](s.md)\n"
        );
        assert_eq!(
            add_to_summary("# Summary\n\n[Intro](i.md)\n\n", "- [C](c.md)"),
            "# Summary\n\n[Intro](i.md)\n\n- [C](c.md)\n"
        );
    }
}
