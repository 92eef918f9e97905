//! Stage 1 — loading: find the content files and chapters, read them safely,
//! and deserialize each YAML file into a [`Document`].
//!
//! Every YAML call goes through [`parse_document`], which builds the
//! serde-saphyr options (budgets, strictness) in one place. Nothing here
//! panics on bad input: every problem becomes a [`Diagnostic`] with a file,
//! line and column, and loading goes on with the next file so that one run
//! reports everything.

pub mod config;
pub mod editor;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_saphyr::{DefaultMessageFormatter, MessageFormatter, Spanned};

use crate::diag::{Diagnostic, Label, Report, line_col, suggest};
use crate::load::config::Config;
use crate::model::{
    CaseStudy, Checklist, Document, Faq, Framework, Glossary, Kind, Matrix, Mistakes, Pattern, Pos,
    Template,
};

/// A content file that parsed.
#[derive(Debug, Clone)]
pub struct ContentFile {
    /// Path relative to the book root, `/`-separated (as shown in diagnostics).
    pub file: String,
    pub doc: Document,
}

/// A chapter of the book (a Markdown file under the source folder).
#[derive(Debug, Clone)]
pub struct ChapterFile {
    /// Path relative to the book root, `/`-separated (as shown in diagnostics).
    pub file: String,
    /// Path relative to the source folder (as mdBook names chapters).
    pub path: PathBuf,
    pub text: String,
}

/// Everything read from a book folder.
#[derive(Debug)]
pub struct Loaded {
    pub config: Config,
    pub content: Vec<ContentFile>,
    pub chapters: Vec<ChapterFile>,
    /// Ids written in files that failed to load, so that references to them
    /// are not reported a second time as dangling.
    pub unparsed_ids: Vec<String>,
}

/// Limits that keep hostile input from taking time or memory.
pub const MAX_DEPTH: usize = 48;
pub const MAX_NODES: usize = 250_000;
pub const MAX_ALIASES: usize = 1_000;
pub const MAX_REPLAYED: usize = 20_000;

/// Load a book folder: its config, every content file and every chapter.
/// Problems with the content are added to `report`; an `Err` means the book
/// could not be read at all (exit 2).
pub fn load_book(root: &Path, report: &mut Report) -> anyhow::Result<Loaded> {
    load(root, report, None)
}

/// Like [`load_book`], with the chapters given (as mdBook hands them to a
/// preprocessor) instead of read from the source folder.
pub fn load_with_chapters(
    root: &Path,
    report: &mut Report,
    chapters: Vec<ChapterFile>,
) -> anyhow::Result<Loaded> {
    load(root, report, Some(chapters))
}

fn load(
    root: &Path,
    report: &mut Report,
    chapters: Option<Vec<ChapterFile>>,
) -> anyhow::Result<Loaded> {
    let (config, diags) = Config::load(root)?;
    if !diags.is_empty() {
        if let Ok(text) = std::fs::read_to_string(root.join("book.toml")) {
            report.add_source("book.toml", &text);
        }
        report.extend(diags);
    }
    let mut unparsed_ids = Vec::new();
    let content = load_content(&config, report, &mut unparsed_ids)?;
    // Editor setup checks (`$schema` lines, the schema copy, placeholders
    // left by `careerbook new`): warnings only, see editor.rs. Kept as this
    // one call so that it can be moved with the loading code.
    editor::check(&config, &content, report);
    let chapters = match chapters {
        Some(c) => {
            for ch in &c {
                report.add_source(&ch.file, &ch.text);
            }
            c
        }
        None => load_chapters(&config, report)?,
    };
    Ok(Loaded {
        config,
        content,
        chapters,
        unparsed_ids,
    })
}

/// The name a chapter has in diagnostics: its path from the book root.
pub fn chapter_file_name(config: &Config, path: &Path) -> String {
    rel(&config.root, &config.src_dir.join(path))
}

fn rel(root: &Path, path: &Path) -> String {
    let p = path.strip_prefix(root).unwrap_or(path);
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Walk a folder (following symlinks, in a stable order), yielding files with
/// one of `exts`; loops and unreadable entries become diagnostics.
fn walk(
    root: &Path,
    dir: &Path,
    exts: &[&str],
    report: &mut Report,
) -> anyhow::Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        match entry {
            Ok(e) => {
                let p = e.path();
                let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
                if e.file_type().is_file()
                    && !hidden
                    && p.extension()
                        .and_then(|x| x.to_str())
                        .is_some_and(|x| exts.contains(&x))
                {
                    out.push(p.to_path_buf());
                }
            }
            Err(err) => {
                let where_ = err.path().map(|p| rel(root, p)).unwrap_or_default();
                let (code, msg, help) = if err.loop_ancestor().is_some() {
                    (
                        "io::symlink-loop",
                        format!("symbolic link loop at `{where_}`"),
                        "the link points back to a folder that contains it; remove it or point it elsewhere",
                    )
                } else {
                    (
                        "io::unreadable",
                        format!("cannot read `{where_}`: {err}"),
                        "check the file's permissions",
                    )
                };
                report
                    .push(Diagnostic::error(code, msg, Label::file_start(where_)).with_help(help));
            }
        }
    }
    Ok(out)
}

fn load_content(
    config: &Config,
    report: &mut Report,
    unparsed_ids: &mut Vec<String>,
) -> anyhow::Result<Vec<ContentFile>> {
    let dir = config.content_dir();
    if !dir.is_dir() {
        if !config.content_explicit {
            return Ok(Vec::new());
        }
        report.push(
            Diagnostic::error(
                "io::no-content",
                format!("the content folder `{}` does not exist", config.content),
                Label::file_start("book.toml"),
            )
            .with_help("create it, or set `content = \"…\"` under [preprocessor.careerbook]"),
        );
        return Ok(Vec::new());
    }
    let paths = walk(&config.root, &dir, &["yaml", "yml"], report)?;
    // Files are independent: read and parse them in parallel, then report in
    // file order.
    let parsed = crate::par::map(&paths, |path| {
        let file = rel(&config.root, path);
        let text = read_text(path, &file, config.max_file_bytes);
        let doc = match &text {
            Ok(t) => Some(parse_document(&file, t)),
            Err(_) => None,
        };
        (path.clone(), file, text, doc)
    });
    let mut out = Vec::new();
    for (path, file, text, doc) in parsed {
        match (text, doc) {
            (Err(d), _) => {
                report.push(*d);
                if let Ok(bytes) = std::fs::read(&path) {
                    unparsed_ids.extend(ids_in(&String::from_utf8_lossy(&bytes)));
                }
            }
            (Ok(text), Some(Ok(doc))) => {
                report.add_source(&file, &text);
                out.push(ContentFile { file, doc });
            }
            (Ok(text), Some(Err(d))) => {
                report.add_source(&file, &text);
                report.push(*d);
                unparsed_ids.extend(ids_in(&text));
            }
            (Ok(_), None) => {}
        }
    }
    Ok(out)
}

fn load_chapters(config: &Config, report: &mut Report) -> anyhow::Result<Vec<ChapterFile>> {
    let mut out = Vec::new();
    for path in walk(&config.root, &config.src_dir, &["md"], report)? {
        let file = rel(&config.root, &path);
        match read_text(&path, &file, config.max_file_bytes.max(4 * 1024 * 1024)) {
            Err(d) => report.push(*d),
            Ok(text) => {
                report.add_source(&file, &text);
                let chapter_path = path
                    .strip_prefix(&config.src_dir)
                    .unwrap_or(&path)
                    .to_path_buf();
                // mdBook reads SUMMARY.md as the table of contents; it is
                // not a chapter and no preprocessor sees it.
                if chapter_path == Path::new("SUMMARY.md") {
                    continue;
                }
                out.push(ChapterFile {
                    file,
                    path: chapter_path,
                    text,
                });
            }
        }
    }
    Ok(out)
}

/// The ids a file that failed to parse seems to define (`id: x` lines).
fn ids_in(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            let t = l.trim_start().trim_start_matches("- ").trim_start();
            let v = t.strip_prefix("id:")?.trim();
            let v = v
                .split(" #")
                .next()
                .unwrap_or(v)
                .trim()
                .trim_matches(['"', '\'']);
            (!v.is_empty()).then(|| v.to_string())
        })
        .collect()
}

/// Read a file as UTF-8 text, refusing files over `limit` bytes, and drop a
/// leading byte-order mark.
pub fn read_text(path: &Path, file: &str, limit: u64) -> Result<String, Box<Diagnostic>> {
    let io_err = |e: std::io::Error| {
        Box::new(
            Diagnostic::error(
                "io::unreadable",
                format!("cannot read `{file}`: {e}"),
                Label::file_start(file),
            )
            .with_help("check the file's permissions"),
        )
    };
    let size = std::fs::metadata(path).map_err(io_err)?.len();
    if size > limit {
        return Err(Box::new(
            Diagnostic::error(
                "io::too-large",
                format!("`{file}` is {size} bytes, over the limit of {limit} bytes"),
                Label::file_start(file),
            )
            .with_help("split it into several files, or raise `max-file-bytes` under [preprocessor.careerbook] in book.toml"),
        ));
    }
    let bytes = std::fs::read(path).map_err(io_err)?;
    decode(file, bytes)
}

/// Decode UTF-8 (with or without a byte-order mark).
pub fn decode(file: &str, bytes: Vec<u8>) -> Result<String, Box<Diagnostic>> {
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(s)
        }
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let text = String::from_utf8_lossy(&bytes[..good]);
            let (line, col) = line_col(&text, good);
            Err(Box::new(
                Diagnostic::error(
                    "io::not-utf8",
                    format!(
                        "`{file}` is not valid UTF-8 (byte 0x{:02x} at offset {good})",
                        bytes[good]
                    ),
                    Label::new(
                        file,
                        Pos {
                            line,
                            col,
                            offset: None,
                            len: 0,
                        },
                    ),
                )
                .with_help("save the file as UTF-8"),
            ))
        }
    }
}

fn options() -> serde_saphyr::Options {
    let mut alias_limits = serde_saphyr::options::AliasLimits::default();
    alias_limits.max_total_replayed_events = MAX_REPLAYED;
    alias_limits.max_replay_stack_depth = 16;
    serde_saphyr::options! {
        alias_limits: alias_limits,
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_nodes: MAX_NODES,
            max_aliases: MAX_ALIASES,
        },
        strict_booleans: true,
        reject_unsupported_tags: true,
        with_snippet: false,
    }
}

const KIND_NOT_FIRST: &str = "\u{1}careerbook: kind is not the first key";

/// Parse one content file. `file` is the name used in diagnostics.
pub fn parse_document(file: &str, text: &str) -> Result<Document, Box<Diagnostic>> {
    if is_blank(text) {
        return Err(Box::new(
            Diagnostic::error("yaml::empty", format!("`{file}` is empty"), Label::file_start(file))
                .with_help("a content file holds one document: start with `kind:`, `id:` and `title:`, or delete the file"),
        ));
    }
    // Fast path: `kind` is the first key, so the document is read in one pass.
    let first = serde_saphyr::with_deserializer_from_str_with_options(text, options(), |de| {
        DocSeed(None).deserialize(de)
    });
    match first {
        Ok(doc) => return Ok(doc),
        Err(e) if !message_of(&e).contains(KIND_NOT_FIRST) => {
            return Err(Box::new(yaml_error(file, text, &e)));
        }
        Err(_) => {}
    }
    // Otherwise find `kind` first, then read the document knowing it.
    #[derive(Deserialize)]
    struct Header {
        kind: Option<Spanned<String>>,
    }
    let header: Header = serde_saphyr::from_str_with_options(text, options())
        .map_err(|e| Box::new(yaml_error(file, text, &e)))?;
    let Some(kind) = header.kind else {
        return Err(Box::new(
            Diagnostic::error(
                "model::missing-kind",
                "missing field `kind`",
                Label::file_start(file).with_label("this document has no `kind`"),
            )
            .with_help(format!("add `kind:` with one of: {}", kind_list())),
        ));
    };
    let Some(k) = Kind::parse(&kind.value) else {
        let pos = Pos::from_location(kind.referenced);
        let mut d = Diagnostic::error(
            "model::unknown-kind",
            format!("unknown kind `{}`", kind.value),
            Label::new(file, pos).with_label("not a kind careerbook knows"),
        );
        d = match suggest(&kind.value, Kind::ALL.iter().map(|k| k.name())) {
            Some(s) => d.with_help(format!("did you mean `{s}`? kinds are: {}", kind_list())),
            None => d.with_help(format!("kinds are: {}", kind_list())),
        };
        return Err(Box::new(d));
    };
    serde_saphyr::with_deserializer_from_str_with_options(text, options(), |de| {
        DocSeed(Some(k)).deserialize(de)
    })
    .map_err(|e| Box::new(yaml_error(file, text, &e)))
}

fn kind_list() -> String {
    Kind::ALL
        .iter()
        .map(|k| k.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// True when a file has no YAML content (only blank lines and comments).
fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
    })
}

fn message_of(e: &serde_saphyr::Error) -> String {
    DefaultMessageFormatter
        .format_message(e.without_snippet())
        .into_owned()
}

/// Turn a serde-saphyr error into a diagnostic with a hint.
fn yaml_error(file: &str, text: &str, e: &serde_saphyr::Error) -> Diagnostic {
    let msg = message_of(e);
    let pos = e
        .location()
        .filter(|l| l.line() > 0)
        .map(Pos::from_location)
        .unwrap_or(Pos {
            line: 1,
            col: 1,
            offset: Some(0),
            len: 0,
        });
    // The caret goes on the token at the position.
    let pos = Pos {
        offset: None,
        len: 0,
        ..pos
    };
    let at = Label::new(file, pos);
    let (code, label, help): (&str, String, Option<String>) = if let Some(field) =
        between(&msg, "unknown field `", "`")
    {
        let expected: Vec<&str> = msg
            .split("expected one of ")
            .nth(1)
            .or_else(|| msg.split("expected ").nth(1))
            .map(|s| s.split(", ").map(|f| f.trim_matches('`')).collect())
            .unwrap_or_default();
        let help = match suggest(field, expected.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None if expected.is_empty() => "remove this field".into(),
            None => format!("this document accepts: {}", expected.join(", ")),
        };
        (
            "model::unknown-field",
            "not a field here".into(),
            Some(help),
        )
    } else if let Some(field) = between(&msg, "missing field `", "`") {
        (
            "model::missing-field",
            format!("`{field}` is required here"),
            Some(format!("add `{field}:` to this mapping")),
        )
    } else if msg.contains("duplicate mapping key") || msg.contains("duplicate field") {
        (
            "yaml::duplicate-key",
            "this key is already set above".into(),
            Some("a key may appear only once in a mapping; remove one of them".into()),
        )
    } else if msg.contains("tab") {
        (
            "yaml::tab",
            "tab here".into(),
            Some("YAML indentation must use spaces, not tabs".into()),
        )
    } else if msg.contains("budget breached") || msg.contains("limit") && !msg.contains("multiple")
    {
        (
            "yaml::too-complex",
            "limit reached here".into(),
            Some(format!(
                "content files are limited to {MAX_DEPTH} levels of nesting, {MAX_NODES} values and {MAX_ALIASES} aliases; simplify the file"
            )),
        )
    } else if msg.contains("multiple YAML documents") || msg.contains("multiple documents") {
        (
            "yaml::multiple-documents",
            "a second document starts here".into(),
            Some("put each document in its own file".into()),
        )
    } else if msg.contains("tag") {
        (
            "yaml::tag",
            "custom tag".into(),
            Some("careerbook does not use YAML tags (`!name`); remove it".into()),
        )
    } else if msg.contains("null") {
        (
            "model::null",
            "no value here".into(),
            Some("write a value, or quote it (\"\") if it is meant to be text".into()),
        )
    } else if let Some(expected) = type_expected(&msg) {
        let key = key_before(text, pos);
        let message = match &key {
            Some(k) => format!("`{k}` must be {expected}"),
            None => format!("expected {expected} here"),
        };
        let mut d = Diagnostic::error(
            "model::type",
            message,
            at.with_label(format!("not {expected}")),
        );
        d.help = key.map(|k| format!("see the schema's description of `{k}` (careerbook schema)"));
        return d;
    } else {
        (
            "yaml::syntax",
            "YAML syntax error here".into(),
            Some("check the indentation and quoting on this line and the one above".into()),
        )
    };
    let mut d = Diagnostic::error(code, tidy(&msg), at.with_label(label));
    d.help = help;
    d
}

/// What a type error expected, in words a contributor knows.
fn type_expected(msg: &str) -> Option<&'static str> {
    let m = msg.to_ascii_lowercase();
    let typed = m.starts_with("expected ")
        || m.starts_with("invalid type")
        || m.starts_with("invalid value")
        || m.starts_with("cannot deserialize")
        || m.starts_with("unknown variant")
        || m.split_whitespace().nth(1).is_some_and(|w| {
            m.starts_with("invalid ")
                && matches!(
                    w,
                    "u8" | "u16"
                        | "u32"
                        | "u64"
                        | "i8"
                        | "i16"
                        | "i32"
                        | "i64"
                        | "f32"
                        | "f64"
                        | "floating"
                        | "integer"
                        | "number"
                        | "bool"
                        | "boolean"
                )
        });
    if !typed {
        return None;
    }
    Some(if m.contains("sequence") {
        "a list"
    } else if m.contains("mapping") || m.contains("struct") || m.contains("map") {
        "a mapping (key: value lines)"
    } else if m.contains("string") || m.contains("char") {
        "text"
    } else if m.contains("invalid u")
        || m.contains("invalid i")
        || m.contains("invalid f")
        || m.contains("number")
        || m.contains("integer")
        || m.contains("float")
    {
        "a number"
    } else if m.contains("bool") {
        "true or false"
    } else if m.contains("variant") {
        "one of the listed values"
    } else {
        return None;
    })
}

/// The mapping key written just before a position (`key: <pos>`), if any.
fn key_before(text: &str, pos: Pos) -> Option<String> {
    let line = text.lines().nth(pos.line.checked_sub(1)? as usize)?;
    let upto: String = line
        .chars()
        .take(pos.col.saturating_sub(1) as usize)
        .collect();
    let t = upto.trim_end();
    let t = t.strip_suffix(':')?;
    let t = t.trim_start().trim_start_matches("- ").trim();
    (!t.is_empty() && !t.contains(' ')).then(|| t.to_string())
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let i = s.find(start)? + start.len();
    let j = s[i..].find(end)? + i;
    Some(&s[i..j])
}

/// Remove serde-saphyr's advice aimed at programmers.
fn tidy(msg: &str) -> String {
    let m = msg
        .replace(", set DuplicateKeyPolicy in Options if acceptable", "")
        .replace("; use Option<String>", "");
    let m = m.split(" (hint:").next().unwrap_or(&m).trim().to_string();
    if m.starts_with("multiple YAML documents") {
        return "a content file may hold only one YAML document".into();
    }
    m
}

/// Deserializes a document: `Some(kind)` when it is known (the `kind` key is
/// then skipped wherever it is), `None` when `kind` must come first.
struct DocSeed(Option<Kind>);

impl<'de> DeserializeSeed<'de> for DocSeed {
    type Value = Document;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Document, D::Error> {
        d.deserialize_map(DocVisitor(self.0))
    }
}

struct DocVisitor(Option<Kind>);

impl<'de> Visitor<'de> for DocVisitor {
    type Value = Document;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping with `kind`, `id` and `title`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Document, A::Error> {
        let kind = match self.0 {
            Some(k) => k,
            None => {
                let first: Option<String> = map.next_key()?;
                if first.as_deref() != Some("kind") {
                    return Err(de::Error::custom(KIND_NOT_FIRST));
                }
                let v: String = map.next_value()?;
                Kind::parse(&v).ok_or_else(|| de::Error::custom(KIND_NOT_FIRST))?
            }
        };
        let map = SkipKind(map);
        let de = de::value::MapAccessDeserializer::new(map);
        Ok(match kind {
            Kind::Matrix => Document::Matrix(Matrix::deserialize(de)?),
            Kind::Framework => Document::Framework(Framework::deserialize(de)?),
            Kind::Mistakes => Document::Mistakes(Mistakes::deserialize(de)?),
            Kind::Checklist => Document::Checklist(Checklist::deserialize(de)?),
            Kind::CaseStudy => Document::CaseStudy(CaseStudy::deserialize(de)?),
            Kind::Pattern => Document::Pattern(Pattern::deserialize(de)?),
            Kind::Template => Document::Template(Template::deserialize(de)?),
            Kind::Faq => Document::Faq(Faq::deserialize(de)?),
            Kind::Glossary => Document::Glossary(Glossary::deserialize(de)?),
        })
    }
}

/// A map that hides its `kind` entry from the document struct.
struct SkipKind<A>(A);

impl<'de, A: MapAccess<'de>> MapAccess<'de> for SkipKind<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        loop {
            let Some(key) = self.0.next_key::<String>()? else {
                return Ok(None);
            };
            if key == "kind" {
                self.0.next_value::<IgnoredAny>()?;
                continue;
            }
            let de: de::value::StringDeserializer<A::Error> =
                de::IntoDeserializer::into_deserializer(key);
            return seed.deserialize(de).map(Some);
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.0.next_value_seed(seed)
    }
}
