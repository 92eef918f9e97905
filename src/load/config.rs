//! Stage 1 (load) — the book's configuration, read from `book.toml`.
//!
//! careerbook reads `[book]` (for `src` and `title`) and its own table
//! `[preprocessor.careerbook]`, deserialized with serde into [`Settings`]
//! with the positions of TOML's spans. A key careerbook does not know is an
//! error with a suggestion, so a typo never silently falls back to a
//! default. `[output.html]` is checked against mdBook's own configuration
//! type (mdBook silently drops the whole table when a key is wrong).

use std::cell::Cell;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use serde::de::{self, Visitor};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, Label, line_col, suggest};
use crate::model::{Id, Pos};

/// `[preprocessor.careerbook]` as written. Every field is documented in
/// [`SETTINGS`] (shown in the README and in errors).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Settings {
    content: Option<Spanned<String>>,
    handbook_id: Option<Spanned<String>>,
    allow_html: Option<bool>,
    glossary_links: Option<bool>,
    generate_pages: Option<bool>,
    max_file_bytes: Option<Spanned<i64>>,
    suggest_url: Option<Spanned<String>>,
    last_updated: Option<bool>,
    fonts: Option<Spanned<String>>,
    // Keys mdBook itself reads in every preprocessor table.
    command: Option<toml::Value>,
    renderers: Option<toml::Value>,
    before: Option<toml::Value>,
    after: Option<toml::Value>,
    optional: Option<toml::Value>,
}

/// Keys mdBook itself reads in every preprocessor table.
const MDBOOK_KEYS: &[&str] = &["command", "renderers", "before", "after", "optional"];

/// careerbook's settings: key, the type expected, what it does.
pub(crate) const SETTINGS: &[(&str, &str, &str)] = &[
    (
        "content",
        "a string",
        "folder of the YAML content, relative to book.toml (default \"content\")",
    ),
    (
        "handbook-id",
        "an id (lowercase letters, digits and '-')",
        "stable id under which readers' answers are stored (default: from the title)",
    ),
    (
        "allow-html",
        "true or false",
        "render raw HTML written in YAML text instead of escaping it (default false)",
    ),
    (
        "glossary-links",
        "true or false",
        "link the first mention of each glossary term in a chapter (default true)",
    ),
    (
        "generate-pages",
        "true or false",
        "add each rendered matrix's level pages, comparisons and self-assessment to the book (default true)",
    ),
    (
        "max-file-bytes",
        "a positive integer",
        "largest content file accepted, in bytes (default 1048576)",
    ),
    (
        "suggest-url",
        "an http(s) address",
        "address of a new issue in your tracker; every item then links to it, prefilled with the item's id and file (off by default)",
    ),
    (
        "last-updated",
        "true or false",
        "show the date of the last git commit touching each chapter and its content (default false; nothing without git)",
    ),
    (
        "fonts",
        "\"system\" or \"mdbook\"",
        "\"system\": pages use the reader's own fonts, and `careerbook build` leaves out mdBook's web fonts; \"mdbook\": keep them (default \"system\"; a theme's own fonts/fonts.css is always kept)",
    ),
];

/// The fonts a site's pages use (`fonts` under `[preprocessor.careerbook]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fonts {
    /// The reader's system fonts: no font is downloaded.
    #[default]
    System,
    /// mdBook's web fonts (Open Sans, Source Code Pro).
    Mdbook,
}

pub(crate) const DEFAULT_MAX_FILE_BYTES: u64 = 1024 * 1024;

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
    pub generate_pages: bool,
    pub max_file_bytes: u64,
    pub suggest_url: Option<String>,
    pub last_updated: bool,
    pub fonts: Fonts,
}

impl Config {
    pub(crate) fn content_dir(&self) -> PathBuf {
        self.root.join(&self.content)
    }

    /// A configuration with every default, for a book at `root`.
    pub fn defaults(root: &Path) -> Config {
        Config {
            root: root.to_path_buf(),
            src_dir: root.join("src"),
            content: "content".into(),
            content_explicit: false,
            title: None,
            handbook_id: "handbook".into(),
            allow_html: false,
            glossary_links: true,
            generate_pages: true,
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            suggest_url: None,
            last_updated: false,
            fonts: Fonts::System,
        }
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
        let at_span = |span: Option<std::ops::Range<usize>>| {
            let (line, col) = span.map_or((1, 1), |s| line_col(text, s.start));
            (line, col)
        };
        let table = DeTable::parse(text).map_err(|e| {
            let (line, col) = at_span(e.span());
            anyhow::anyhow!("book.toml:{line}:{col}: {}", e.message())
        })?;
        #[derive(Deserialize, Default)]
        struct Book {
            src: Option<String>,
            title: Option<String>,
        }
        #[derive(Deserialize, Default)]
        struct Preprocessors {
            careerbook: Option<Settings>,
        }
        #[derive(Deserialize)]
        struct Root {
            #[serde(default)]
            book: Book,
            #[serde(default)]
            preprocessor: Preprocessors,
        }
        let mut diags = Vec::new();
        check_output_html(text, table.get_ref(), &mut diags);
        let ours = table_at(table.get_ref(), &["preprocessor", "careerbook"]);
        if let Some(ours) = ours {
            check_keys(text, ours, &mut diags);
        }
        let parsed: Root = match toml::from_str(text) {
            Ok(r) => r,
            Err(e) => {
                // A value of the wrong type in our table: name the key.
                let span = e.span().unwrap_or(0..0);
                let key = ours.and_then(|t| {
                    t.iter()
                        .find(|(_, v)| v.span().start <= span.start && span.end <= v.span().end)
                        .map(|(k, _)| k.get_ref().to_string())
                });
                match key.and_then(|k| SETTINGS.iter().find(|(n, _, _)| *n == k)) {
                    Some((name, expected, _)) => {
                        diags.push(type_error(text, span.clone(), name, expected));
                        // Read the rest as if the bad value were absent.
                        let without = remove_span(text, span);
                        toml::from_str(&without).unwrap_or(Root {
                            book: Book::default(),
                            preprocessor: Preprocessors::default(),
                        })
                    }
                    None => {
                        let (line, col) = at_span(e.span());
                        bail!("book.toml:{line}:{col}: {}", e.message());
                    }
                }
            }
        };
        let mut cfg = Config::defaults(root);
        cfg.src_dir = root.join(parsed.book.src.as_deref().unwrap_or("src"));
        cfg.handbook_id = Id::slug(parsed.book.title.as_deref().unwrap_or("handbook"));
        cfg.title = parsed.book.title;
        if let Some(s) = parsed.preprocessor.careerbook {
            apply(text, s, &mut cfg, &mut diags);
        }
        Ok((cfg, diags))
    }
}

fn pos_of(text: &str, span: std::ops::Range<usize>) -> Pos {
    let (line, col) = line_col(text, span.start);
    Pos {
        line,
        col,
        offset: Some(span.start),
        len: span.len(),
    }
}

fn type_error(text: &str, span: std::ops::Range<usize>, key: &str, expected: &str) -> Diagnostic {
    Diagnostic::error(
        "config::type",
        format!("`{key}` must be {expected}"),
        Label::new("book.toml", pos_of(text, span)).with_label(format!("expected {expected}")),
    )
}

/// The text with a byte range replaced by a neutral value (so that the
/// other settings can still be read after one had the wrong type).
fn remove_span(text: &str, span: std::ops::Range<usize>) -> String {
    let start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    format!("{}{}", &text[..start], &text[end..])
}

fn apply(text: &str, s: Settings, cfg: &mut Config, diags: &mut Vec<Diagnostic>) {
    let expected = |key: &str| {
        SETTINGS
            .iter()
            .find(|(n, _, _)| *n == key)
            .map_or("", |(_, t, _)| *t)
    };
    if let Some(c) = s.content {
        cfg.content = c.into_inner();
        cfg.content_explicit = true;
    }
    if let Some(id) = s.handbook_id {
        if Id::is_well_formed(id.get_ref()) {
            cfg.handbook_id = id.into_inner();
        } else {
            diags.push(type_error(
                text,
                id.span(),
                "handbook-id",
                expected("handbook-id"),
            ));
        }
    }
    if let Some(n) = s.max_file_bytes {
        match u64::try_from(*n.get_ref()) {
            Ok(v) if v > 0 => cfg.max_file_bytes = v,
            _ => diags.push(type_error(
                text,
                n.span(),
                "max-file-bytes",
                expected("max-file-bytes"),
            )),
        }
    }
    if let Some(url) = s.suggest_url {
        let u = url.get_ref();
        if u.starts_with("https://") || u.starts_with("http://") {
            cfg.suggest_url = Some(url.into_inner());
        } else {
            diags.push(type_error(
                text,
                url.span(),
                "suggest-url",
                expected("suggest-url"),
            ));
        }
    }
    if let Some(fonts) = s.fonts {
        match fonts.get_ref().as_str() {
            "system" => cfg.fonts = Fonts::System,
            "mdbook" => cfg.fonts = Fonts::Mdbook,
            _ => diags.push(type_error(text, fonts.span(), "fonts", expected("fonts"))),
        }
    }
    cfg.allow_html = s.allow_html.unwrap_or(cfg.allow_html);
    cfg.glossary_links = s.glossary_links.unwrap_or(cfg.glossary_links);
    cfg.generate_pages = s.generate_pages.unwrap_or(cfg.generate_pages);
    cfg.last_updated = s.last_updated.unwrap_or(cfg.last_updated);
    let _ = (s.command, s.renderers, s.before, s.after, s.optional);
}

/// The table at a dotted path of a parsed document.
fn table_at<'a, 'i>(table: &'a DeTable<'i>, path: &[&str]) -> Option<&'a DeTable<'i>> {
    let (first, rest) = path.split_first()?;
    let (_, value) = table.iter().find(|(k, _)| k.get_ref() == first)?;
    match value.get_ref() {
        DeValue::Table(t) if rest.is_empty() => Some(t),
        DeValue::Table(t) => table_at(t, rest),
        _ => None,
    }
}

/// Unknown keys in `[preprocessor.careerbook]` are errors with a suggestion.
fn check_keys(text: &str, table: &DeTable<'_>, diags: &mut Vec<Diagnostic>) {
    let known = field_names::<Settings>();
    for (key, _) in table.iter() {
        let k: &str = key.get_ref().as_ref();
        if known.contains(&k) {
            continue;
        }
        let names = SETTINGS
            .iter()
            .map(|(n, _, _)| *n)
            .chain(MDBOOK_KEYS.iter().copied());
        let mut d = Diagnostic::error(
            "config::unknown-key",
            format!("unknown key `{k}` in [preprocessor.careerbook]"),
            Label::new("book.toml", pos_of(text, key.span()))
                .with_label("not a careerbook setting"),
        );
        d = match suggest(k, names) {
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => d.with_help(format!(
                "careerbook understands: {}",
                SETTINGS
                    .iter()
                    .map(|(n, _, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        };
        diags.push(d);
    }
}

/// mdBook 0.5 drops the whole `[output.html]` table (and with it
/// `additional-css`, `additional-js`, `theme`, …) when it does not accept a
/// key or value in it, without saying so: check the table against mdBook's
/// own `HtmlConfig` and warn.
fn check_output_html(text: &str, table: &DeTable<'_>, diags: &mut Vec<Diagnostic>) {
    use mdbook_preprocessor::config::HtmlConfig;
    let Some(html) = table_at(table, &["output", "html"]) else {
        return;
    };
    let known = field_names::<HtmlConfig>();
    let consequence = "with a key it does not know, mdBook silently ignores every [output.html] setting, including additional-css and additional-js";
    let mut unknown = false;
    for (key, _) in html.iter() {
        let k: &str = key.get_ref().as_ref();
        if known.contains(&k) {
            continue;
        }
        unknown = true;
        let mut d = Diagnostic::warning(
            "config::html-key",
            format!("mdBook does not know `{k}` in [output.html]"),
            Label::new("book.toml", pos_of(text, key.span())).with_label("unknown to mdBook"),
        );
        d.help = Some(match suggest(k, known.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? {consequence}"),
            None => format!("remove it; {consequence}"),
        });
        diags.push(d);
    }
    if unknown {
        return;
    }
    // The keys are known: mdBook must also accept their values (and the
    // keys of nested tables).
    #[derive(Deserialize)]
    struct Output {
        #[serde(rename = "html")]
        _html: HtmlConfig,
    }
    #[derive(Deserialize)]
    struct Root {
        #[serde(rename = "output")]
        _output: Output,
    }
    if let Err(e) = toml::from_str::<Root>(text) {
        let pos = e.span().map_or(Pos::START, |s| pos_of(text, s));
        diags.push(
            Diagnostic::warning(
                "config::html-key",
                format!(
                    "mdBook does not accept this [output.html] setting: {}",
                    e.message().trim()
                ),
                Label::new("book.toml", pos).with_label("refused by mdBook"),
            )
            .with_help(consequence.to_string()),
        );
    }
}

/// The field names a serde-derived struct accepts (asked of its
/// `Deserialize` implementation, so they follow the type, e.g. mdBook's own
/// configuration type in the mdBook version careerbook is built with).
fn field_names<T: for<'de> Deserialize<'de>>() -> &'static [&'static str] {
    struct Probe<'a>(&'a Cell<&'static [&'static str]>);
    #[derive(Debug)]
    struct Stop;
    impl std::fmt::Display for Stop {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("probe")
        }
    }
    impl std::error::Error for Stop {}
    impl de::Error for Stop {
        fn custom<M: std::fmt::Display>(_: M) -> Self {
            Stop
        }
    }
    impl<'de> de::Deserializer<'de> for Probe<'_> {
        type Error = Stop;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
            Err(Stop)
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Stop> {
            self.0.set(fields);
            Err(Stop)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }
    let fields = Cell::new(&[][..]);
    let _ = T::deserialize(Probe(&fields));
    fields.get()
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
    fn wrong_values_in_output_html_are_warned_about() {
        let text = "[book]\ntitle = \"X\"\n[output.html]\nfold = 3\n";
        let (_, diags) = Config::from_str(Path::new("."), text).unwrap();
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].at.line, 4);
    }

    #[test]
    fn mdbook_html_keys_come_from_mdbook_itself() {
        let keys = field_names::<mdbook_preprocessor::config::HtmlConfig>();
        assert!(keys.contains(&"additional-css"), "{keys:?}");
        assert!(keys.len() > 20, "{keys:?}");
    }

    #[test]
    fn wrong_types_name_the_key_and_keep_the_rest() {
        let text = "[book]\ntitle = \"X\"\n[preprocessor.careerbook]\nallow-html = \"yes\"\ncontent = \"yaml\"\n";
        let (cfg, diags) = Config::from_str(Path::new("."), text).unwrap();
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].message, "`allow-html` must be true or false");
        assert_eq!(diags[0].at.line, 4);
        assert_eq!(cfg.content, "yaml");
    }

    #[test]
    fn settings_are_read() {
        let text = "[book]\ntitle = \"Our Career Book\"\nsrc = \"chapters\"\n[preprocessor.careerbook]\ncontent = \"yaml\"\ncommand = \"x\"\n";
        let (cfg, diags) = Config::from_str(Path::new("/b"), text).unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(cfg.content, "yaml");
        assert_eq!(cfg.src_dir, Path::new("/b/chapters"));
        assert_eq!(cfg.handbook_id, "our-career-book");
    }

    #[test]
    fn fonts_are_system_or_mdbook() {
        let read = |value: &str| {
            let text =
                format!("[book]\ntitle = \"X\"\n[preprocessor.careerbook]\nfonts = {value}\n");
            Config::from_str(Path::new("."), &text).unwrap()
        };
        assert_eq!(Config::defaults(Path::new(".")).fonts, Fonts::System);
        assert_eq!(read("\"mdbook\"").0.fonts, Fonts::Mdbook);
        assert_eq!(read("\"system\"").0.fonts, Fonts::System);
        let (cfg, diags) = read("\"Open Sans\"");
        assert_eq!(cfg.fonts, Fonts::System);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].message, "`fonts` must be \"system\" or \"mdbook\"");
        assert_eq!((diags[0].at.line, diags[0].at.column), (4, 9));
    }

    #[test]
    fn every_setting_is_documented() {
        let fields = field_names::<Settings>();
        for key in fields {
            assert!(
                SETTINGS.iter().any(|(n, _, _)| n == key) || MDBOOK_KEYS.contains(key),
                "{key} is not in SETTINGS"
            );
        }
        assert_eq!(fields.len(), SETTINGS.len() + MDBOOK_KEYS.len());
    }
}
