//! Stage 1 (load) — the book's configuration, read from `book.toml`.
//!
//! careerbook reads `[book]` (for `src` and `title`) and its own table
//! `[preprocessor.careerbook]`. Unknown keys in its table are errors with a
//! suggestion, so a typo never silently falls back to a default.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::diag::{Diagnostic, Label, suggest};
use crate::model::Pos;

/// Keys careerbook understands under `[preprocessor.careerbook]`.
pub const KEYS: &[(&str, &str)] = &[
    (
        "content",
        "folder of the YAML content, relative to book.toml (default \"content\")",
    ),
    (
        "handbook-id",
        "stable id under which readers' answers are stored (default: from the title)",
    ),
    (
        "allow-html",
        "render raw HTML written in YAML text instead of escaping it (default false)",
    ),
    (
        "glossary-links",
        "link the first mention of each glossary term in a chapter (default true)",
    ),
    (
        "max-file-bytes",
        "largest content file accepted, in bytes (default 1048576)",
    ),
    (
        "suggest-url",
        "address of a new issue in your tracker; every item then links to it, prefilled with the item's id and file (off by default)",
    ),
    (
        "last-updated",
        "show the date of the last git commit touching each chapter and its content (default false; nothing without git)",
    ),
];

/// Keys mdBook itself reads in every preprocessor table.
const MDBOOK_KEYS: &[&str] = &["command", "renderers", "before", "after", "optional"];

pub const DEFAULT_MAX_FILE_BYTES: u64 = 1024 * 1024;

#[derive(Debug, Clone)]
pub struct Config {
    /// The book's root folder (where `book.toml` is).
    pub root: PathBuf,
    /// The chapters' folder (`[book] src`, default `src`).
    pub src_dir: PathBuf,
    /// The content folder, relative to the root.
    pub content: String,
    /// Whether `content` was set in book.toml (a missing default folder is
    /// fine: the book simply has no careerbook content).
    pub content_explicit: bool,
    pub title: Option<String>,
    pub handbook_id: String,
    pub allow_html: bool,
    pub glossary_links: bool,
    pub max_file_bytes: u64,
    pub suggest_url: Option<String>,
    pub last_updated: bool,
}

impl Config {
    pub fn content_dir(&self) -> PathBuf {
        self.root.join(&self.content)
    }

    /// Read `ROOT/book.toml`. I/O and TOML syntax problems are fatal (exit 2);
    /// bad careerbook keys become diagnostics.
    pub fn load(root: &Path) -> Result<(Config, Vec<Diagnostic>)> {
        let path = root.join("book.toml");
        if !root.is_dir() {
            bail!("{} is not a folder", root.display());
        }
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        Config::from_str(root, &text)
    }

    pub fn from_str(root: &Path, text: &str) -> Result<(Config, Vec<Diagnostic>)> {
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            let (line, col) = e
                .span()
                .map(|s| crate::diag::line_col(text, s.start))
                .unwrap_or((1, 1));
            anyhow::anyhow!("book.toml:{line}:{col}: {}", e.message())
        })?;
        let book = table.get("book").and_then(|b| b.as_table());
        let src = book
            .and_then(|b| b.get("src"))
            .and_then(|s| s.as_str())
            .unwrap_or("src");
        let title = book
            .and_then(|b| b.get("title"))
            .and_then(|s| s.as_str())
            .map(str::to_string);
        let mut cfg = Config {
            root: root.to_path_buf(),
            src_dir: root.join(src),
            content: "content".into(),
            content_explicit: false,
            handbook_id: slugify(title.as_deref().unwrap_or("handbook")),
            title,
            allow_html: false,
            glossary_links: true,
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            suggest_url: None,
            last_updated: false,
        };
        let mut diags = Vec::new();
        check_output_html(text, &table, &mut diags);
        let ours = table
            .get("preprocessor")
            .and_then(|p| p.as_table())
            .and_then(|p| p.get("careerbook"))
            .and_then(|c| c.as_table());
        let Some(ours) = ours else {
            return Ok((cfg, diags));
        };
        for (key, value) in ours {
            let at = || Label::new("book.toml", key_pos(text, "preprocessor.careerbook", key));
            let wrong_type = |expected: &str| {
                Diagnostic::error(
                    "config::type",
                    format!("`{key}` must be {expected}"),
                    at().with_label(format!("expected {expected}")),
                )
            };
            match key.as_str() {
                "content" => match value.as_str() {
                    Some(s) => {
                        cfg.content = s.to_string();
                        cfg.content_explicit = true;
                    }
                    None => diags.push(wrong_type("a string")),
                },
                "handbook-id" => match value.as_str() {
                    Some(s) if crate::model::Id::is_well_formed(s) => {
                        cfg.handbook_id = s.to_string()
                    }
                    _ => diags.push(wrong_type("an id (lowercase letters, digits and '-')")),
                },
                "allow-html" => match value.as_bool() {
                    Some(b) => cfg.allow_html = b,
                    None => diags.push(wrong_type("true or false")),
                },
                "glossary-links" => match value.as_bool() {
                    Some(b) => cfg.glossary_links = b,
                    None => diags.push(wrong_type("true or false")),
                },
                "max-file-bytes" => match value.as_integer() {
                    Some(n) if n > 0 => cfg.max_file_bytes = n as u64,
                    _ => diags.push(wrong_type("a positive integer")),
                },
                "suggest-url" => match value.as_str() {
                    Some(s) if s.starts_with("https://") || s.starts_with("http://") => {
                        cfg.suggest_url = Some(s.to_string())
                    }
                    _ => diags.push(wrong_type("an http(s) address")),
                },
                "last-updated" => match value.as_bool() {
                    Some(b) => cfg.last_updated = b,
                    None => diags.push(wrong_type("true or false")),
                },
                k if MDBOOK_KEYS.contains(&k) => {}
                k => {
                    let names = KEYS
                        .iter()
                        .map(|(n, _)| *n)
                        .chain(MDBOOK_KEYS.iter().copied());
                    let mut d = Diagnostic::error(
                        "config::unknown-key",
                        format!("unknown key `{k}` in [preprocessor.careerbook]"),
                        at().with_label("not a careerbook setting"),
                    );
                    d = match suggest(k, names) {
                        Some(s) => d.with_help(format!("did you mean `{s}`?")),
                        None => d.with_help(format!(
                            "careerbook understands: {}",
                            KEYS.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
                        )),
                    };
                    diags.push(d);
                }
            }
        }
        Ok((cfg, diags))
    }
}

/// Keys mdBook 0.5 reads in `[output.html]` (its `HtmlConfig`).
const HTML_KEYS: &[&str] = &[
    "theme",
    "default-theme",
    "preferred-dark-theme",
    "smart-punctuation",
    "definition-lists",
    "admonitions",
    "mathjax-support",
    "additional-css",
    "additional-js",
    "fold",
    "playground",
    "playpen",
    "code",
    "print",
    "no-section-label",
    "search",
    "git-repository-url",
    "git-repository-icon",
    "input-404",
    "site-url",
    "cname",
    "edit-url-template",
    "live-reload-endpoint",
    "redirect",
    "hash-files",
    "sidebar-header-nav",
    "command",
    "optional",
];

/// mdBook 0.5 drops the whole `[output.html]` table (and with it
/// `additional-css`, `additional-js`, `theme`, …) when it has a key it does
/// not know, without saying so: warn.
fn check_output_html(text: &str, table: &toml::Table, diags: &mut Vec<Diagnostic>) {
    let Some(html) = table
        .get("output")
        .and_then(|o| o.as_table())
        .and_then(|o| o.get("html"))
        .and_then(|h| h.as_table())
    else {
        return;
    };
    for key in html.keys() {
        if HTML_KEYS.contains(&key.as_str()) || html[key].is_table() {
            continue;
        }
        let mut d = Diagnostic::warning(
            "config::html-key",
            format!("mdBook does not know `{key}` in [output.html]"),
            Label::new("book.toml", key_pos(text, "output.html", key))
                .with_label("unknown to mdBook 0.5"),
        );
        d.help = Some(match suggest(key, HTML_KEYS.iter().copied()) {
            Some(s) => format!(
                "did you mean `{s}`? with an unknown key mdBook silently ignores every [output.html] setting, including additional-css and additional-js"
            ),
            None => "with an unknown key mdBook silently ignores every [output.html] setting, including additional-css and additional-js; remove it".into(),
        });
        diags.push(d);
    }
}

/// Where `key = …` is written inside `[table]`.
fn key_pos(text: &str, table: &str, key: &str) -> Pos {
    let mut in_table = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if t.starts_with('[') {
            in_table = t.trim_start_matches('[').trim_end_matches(']').trim() == table;
        } else if in_table {
            let lead = line.len() - line.trim_start().len();
            let rest = line.trim_start();
            let bare = rest.trim_start_matches('"');
            if let Some(after) = bare.strip_prefix(key) {
                let after = after.trim_start_matches('"').trim_start();
                if after.starts_with('=') {
                    let start = offset + lead;
                    let (line, col) = crate::diag::line_col(text, start);
                    return Pos {
                        line,
                        col,
                        offset: Some(start),
                        len: rest.find('=').unwrap_or(key.len()).min(rest.len()),
                    };
                }
            }
        }
        offset += line.len();
    }
    Pos {
        line: 1,
        col: 1,
        offset: Some(0),
        len: 0,
    }
}

/// A lowercase ASCII id from a title: "Career Handbook" → "career-handbook".
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "handbook".into()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_errors_with_a_suggestion() {
        let text = "[book]\ntitle = \"X\"\n\n[preprocessor.careerbook]\ncontnet = \"yaml\"\n";
        let (cfg, diags) = Config::from_str(Path::new("."), text).unwrap();
        assert_eq!(cfg.content, "content");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].at.line, 5);
        assert_eq!(diags[0].help.as_deref(), Some("did you mean `content`?"));
    }

    #[test]
    fn unknown_output_html_keys_are_warned_about() {
        let text = "[book]\ntitle = \"X\"\n[output.html]\nadditional-css = [\"a.css\"]\nadditonal-js = [\"a.js\"]\n";
        let (_, diags) = Config::from_str(Path::new("."), text).unwrap();
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].severity, crate::diag::Severity::Warning);
        assert_eq!((diags[0].at.line, diags[0].at.column), (5, 1));
        assert!(
            diags[0]
                .help
                .as_deref()
                .unwrap()
                .starts_with("did you mean `additional-js`?")
        );
    }

    #[test]
    fn settings_are_read() {
        let text = "[book]\ntitle = \"Our Career Book\"\nsrc = \"chapters\"\n[preprocessor.careerbook]\ncontent = \"yaml\"\ncommand = \"x\"\n";
        let (cfg, diags) = Config::from_str(Path::new("/b"), text).unwrap();
        assert!(diags.is_empty());
        assert_eq!(cfg.content, "yaml");
        assert_eq!(cfg.src_dir, Path::new("/b/chapters"));
        assert_eq!(cfg.handbook_id, "our-career-book");
    }
}
