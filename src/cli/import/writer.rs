//! The YAML an import writes: what a person would write by hand (plain
//! values where YAML allows them, block scalars for long or multi-line
//! text, comments for what careerbook has no field for), checked by reading
//! it back with the loader `careerbook check` uses.

use std::fmt::Write as _;

use super::ir;
use crate::model::{Document, Id, Markdown, Text};

/// The first line of a comment that marks a file as written by an import
/// (an update rewrites only files that start with it).
pub(crate) const MARKER: &str = "# Imported by `careerbook import";

/// Lines longer than this are folded (block scalars).
const WIDTH: usize = 88;

/// The text of a matrix's YAML file. `schema` is the `$schema` path;
/// `format` the import's format, named in the header.
pub(crate) fn matrix_yaml(m: &ir::Matrix, schema: &str, format: &str) -> String {
    let mut y = String::new();
    let _ = writeln!(y, "# yaml-language-server: $schema={schema}");
    let _ = writeln!(y, "{MARKER} {format}` from {}.", m.origin);
    y.push_str(
        "# Importing again with --update rewrites this file (ids are kept); change the\n\
         # source instead, or delete these lines to make the file yours.\n",
    );
    for c in &m.comments {
        comment(&mut y, 0, c);
    }
    y.push_str("kind: matrix\n");
    field(&mut y, 0, "id", &m.id);
    field(&mut y, 0, "title", &m.title);
    if let Some(s) = &m.summary {
        field(&mut y, 0, "summary", s);
    }
    if let Some(base) = &m.extends {
        field(&mut y, 0, "extends", base);
    }
    if !m.cumulative {
        y.push_str("cumulative: false\n");
    }
    if !m.levels.is_empty() {
        y.push_str("levels:\n");
        for l in &m.levels {
            item(&mut y, 2, "id", &l.id);
            field(&mut y, 4, "title", &l.title);
        }
    }
    if !m.tracks.is_empty() {
        y.push_str("tracks:\n");
        for t in &m.tracks {
            item(&mut y, 2, "id", &t.id);
            field(&mut y, 4, "title", &t.title);
            id_list(&mut y, 4, "levels", &t.levels);
        }
    }
    if !m.competencies.is_empty() {
        y.push_str("competencies:\n");
        for c in &m.competencies {
            item(&mut y, 2, "id", &c.id);
            field(&mut y, 4, "title", &c.title);
            if let Some(s) = &c.summary {
                field(&mut y, 4, "summary", s);
            }
            weight(&mut y, c.weight);
            cells(&mut y, &c.cells);
        }
    }
    if !m.extensions.is_empty() {
        y.push_str("extend_competencies:\n");
        for c in &m.extensions {
            item(&mut y, 2, "competency", &c.id);
            weight(&mut y, c.weight);
            cells(&mut y, &c.cells);
        }
    }
    y
}

fn weight(y: &mut String, w: Option<f64>) {
    if let Some(w) = w {
        let _ = writeln!(y, "    weight: {w}");
    }
}

fn cells(y: &mut String, cells: &[ir::Cell]) {
    let cells: Vec<&ir::Cell> = cells.iter().filter(|c| !c.behaviours.is_empty()).collect();
    if cells.is_empty() {
        y.push_str("    behaviours: {}\n");
        return;
    }
    y.push_str("    behaviours:\n");
    for cell in cells {
        let _ = writeln!(y, "      {}:", cell.level);
        for b in &cell.behaviours {
            for c in &b.comments {
                comment(y, 8, c);
            }
            item(y, 8, "id", b.id.as_deref().unwrap_or_default());
            field(y, 10, "text", &b.text);
            if !b.examples.is_empty() {
                y.push_str(&" ".repeat(10));
                y.push_str("examples:\n");
                for e in &b.examples {
                    y.push_str(&" ".repeat(12));
                    y.push_str("- ");
                    y.push_str(&value(e, 14, 2));
                }
            }
        }
    }
}

fn comment(y: &mut String, indent: usize, text: &str) {
    for line in text.lines() {
        y.push_str(&" ".repeat(indent));
        y.push('#');
        if !line.is_empty() {
            y.push(' ');
            // A comment line cannot hold control characters either.
            y.extend(line.chars().filter(|c| !c.is_control()));
        }
        y.push('\n');
    }
}

/// `key: value` at `indent`.
fn field(y: &mut String, indent: usize, key: &str, v: &str) {
    y.push_str(&" ".repeat(indent));
    y.push_str(key);
    y.push_str(": ");
    y.push_str(&value(v, indent + 2, key.len() + 2));
}

/// `- key: value`, the first key of a list item whose keys are at
/// `indent + 2`.
fn item(y: &mut String, indent: usize, key: &str, v: &str) {
    y.push_str(&" ".repeat(indent));
    y.push_str("- ");
    y.push_str(key);
    y.push_str(": ");
    y.push_str(&value(v, indent + 4, key.len() + 2));
}

/// `key: [a, b, c]`, or a block list when that is too long.
fn id_list(y: &mut String, indent: usize, key: &str, ids: &[String]) {
    let flow = format!("[{}]", ids.join(", "));
    if indent + key.len() + 2 + flow.len() <= WIDTH {
        let _ = writeln!(y, "{}{key}: {flow}", " ".repeat(indent));
    } else {
        let _ = writeln!(y, "{}{key}:", " ".repeat(indent));
        for id in ids {
            let _ = writeln!(y, "{}- {id}", " ".repeat(indent + 2));
        }
    }
}

/// A scalar value after `key: ` (ending with a newline): plain when YAML
/// reads it back unchanged, a block scalar for several lines or a long
/// text, quoted otherwise. `indent` is the indentation of a block scalar's
/// lines; `used` how much of the line the key took.
pub fn value(s: &str, indent: usize, used: usize) -> String {
    let printable = !s
        .chars()
        .any(|c| (c.is_control() && c != '\n') || c == '\u{feff}' || is_break(c));
    if printable && s.contains('\n') && !s.trim().is_empty() {
        return literal(s, indent);
    }
    if printable
        && !s.contains('\n')
        && indent + used + s.len() > WIDTH
        && let Some(folded) = folded(s, indent)
    {
        return folded;
    }
    if printable && !s.contains('\n') && is_plain(s) {
        return format!("{s}\n");
    }
    format!("{}\n", quoted(s))
}

/// Line breaks other than `\n` that YAML may treat as one.
fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Whether `s` reads back as the same string when written plain.
fn is_plain(s: &str) -> bool {
    const RESERVED: &[&str] = &[
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
    ];
    let Some(first) = s.chars().next() else {
        return false;
    };
    let simple = (first.is_alphanumeric())
        && s.trim() == s
        && !RESERVED.contains(&s.to_lowercase().as_str())
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.contains('\t');
    if !simple {
        return false;
    }
    // A text that starts with a digit may read as a number or a date:
    // asked of the parser itself.
    !first.is_ascii_digit()
        || crate::load::yaml::parse("value", &format!("v: {s}\n"))
            .ok()
            .and_then(|n| n.get("v").and_then(|v| v.as_str().map(|v| v == s)))
            .unwrap_or(false)
}

fn quoted(s: &str) -> String {
    if !s.contains('\'')
        && !s
            .chars()
            .any(|c| c.is_control() || is_break(c) || c == '\u{feff}')
    {
        return format!("'{s}'");
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || is_break(c) || c == '\u{feff}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A literal block scalar (`|-`), keeping every line as it is. The lines
/// are indented by `indent`, two more than the key's (which an indentation
/// indicator says when the first line starts with a space).
fn literal(s: &str, indent: usize) -> String {
    let first = s.split('\n').find(|l| !l.is_empty()).unwrap_or_default();
    if s.ends_with('\n') || s.starts_with('\n') {
        return format!("{}\n", quoted(s));
    }
    let mut out = String::from(if first.starts_with(' ') {
        "|2-\n"
    } else {
        "|-\n"
    });
    let pad = " ".repeat(indent);
    for line in s.split('\n') {
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// A folded block scalar (`>-`), breaking only at single spaces between
/// words (where folding gives back the space); `None` when there is
/// nowhere to break.
fn folded(s: &str, indent: usize) -> Option<String> {
    if s.trim() != s || s.contains("  ") || s.contains('\t') {
        return None;
    }
    let width = WIDTH.saturating_sub(indent).max(40);
    let words: Vec<&str> = s.split(' ').collect();
    if words.len() < 2 {
        return None;
    }
    let pad = " ".repeat(indent);
    let mut out = String::from(">-\n");
    let mut line = String::new();
    for w in words {
        if !line.is_empty() && line.len() + 1 + w.len() > width {
            out.push_str(&pad);
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(w);
    }
    out.push_str(&pad);
    out.push_str(&line);
    out.push('\n');
    Some(out)
}

/// The matrix careerbook reads from `text` must be the one meant: every
/// value as the import produced it. An error names what differs (a bug in
/// this writer, never the user's).
pub fn verify(file: &str, text: &str, m: &ir::Matrix) -> Result<(), String> {
    let (doc, warnings) = crate::load::parse_document(file, text).map_err(|problems| {
        problems
            .iter()
            .map(|d| d.short())
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    if let Some(w) = warnings.first() {
        return Err(w.short());
    }
    let Document::Matrix(read) = doc else {
        return Err("the file does not hold a matrix".into());
    };
    let read = serde_json::to_value(&read).map_err(|e| e.to_string())?;
    let meant = serde_json::to_value(model(m)).map_err(|e| e.to_string())?;
    if read != meant {
        return Err(format!(
            "the file reads back differently: {}",
            first_difference(&read, &meant, "")
        ));
    }
    Ok(())
}

fn first_difference(a: &serde_json::Value, b: &serde_json::Value, at: &str) -> String {
    use serde_json::Value::{Array, Object};
    match (a, b) {
        (Object(x), Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    Some(w) if v != w => return first_difference(v, w, &format!("{at}.{k}")),
                    None => return format!("{at}.{k} is not meant to be there"),
                    _ => {}
                }
            }
            for k in y.keys() {
                if !x.contains_key(k) {
                    return format!("{at}.{k} is missing");
                }
            }
            at.to_string()
        }
        (Array(x), Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                if v != w {
                    return first_difference(v, w, &format!("{at}[{i}]"));
                }
            }
            at.to_string()
        }
        _ => format!("{at}: read {a}, meant {b}"),
    }
}

/// The matrix as careerbook's model holds it.
fn model(m: &ir::Matrix) -> crate::model::Matrix {
    use crate::model::{Behaviour, Competency, CompetencyExtension, Level, OrderedMap, Track};
    let id = |s: &str| Id::synthetic(s);
    let md = |s: &str| Markdown::synthetic(s);
    let behaviours = |cells: &[ir::Cell]| {
        OrderedMap(
            cells
                .iter()
                .filter(|c| !c.behaviours.is_empty())
                .map(|c| {
                    let list = c
                        .behaviours
                        .iter()
                        .map(|b| Behaviour {
                            id: id(b.id.as_deref().unwrap_or_default()),
                            text: md(&b.text),
                            examples: b.examples.iter().map(|e| md(e)).collect(),
                            builds_on: None,
                            related: vec![],
                        })
                        .collect();
                    (id(&c.level), list)
                })
                .collect(),
        )
    };
    crate::model::Matrix {
        id: id(&m.id),
        title: Text::synthetic(&m.title),
        summary: m.summary.as_deref().map(md),
        related: vec![],
        extends: m.extends.as_deref().map(id),
        cumulative: m.cumulative,
        levels: m
            .levels
            .iter()
            .map(|l| Level {
                id: id(&l.id),
                title: Text::synthetic(&l.title),
                scope: None,
                summary: None,
                related: vec![],
            })
            .collect(),
        tracks: m
            .tracks
            .iter()
            .map(|t| Track {
                id: id(&t.id),
                title: Text::synthetic(&t.title),
                summary: None,
                levels: t.levels.iter().map(|l| id(l)).collect(),
            })
            .collect(),
        competencies: m
            .competencies
            .iter()
            .map(|c| Competency {
                id: id(&c.id),
                title: Text::synthetic(&c.title),
                summary: c.summary.as_deref().map(md),
                weight: c.weight.unwrap_or(1.0),
                related: vec![],
                behaviours: behaviours(&c.cells),
            })
            .collect(),
        extend_competencies: m
            .extensions
            .iter()
            .map(|c| CompetencyExtension {
                competency: id(&c.id),
                weight: c.weight,
                behaviours: behaviours(&c.cells),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What YAML reads back from `key: VALUE`.
    fn read_back(s: &str, indent: usize) -> String {
        let text = format!("{}k: {}", " ".repeat(indent), value(s, indent + 2, 3));
        let text = if indent > 0 {
            format!("o:\n{text}")
        } else {
            text
        };
        let node =
            crate::load::yaml::parse("t.yaml", &text).unwrap_or_else(|d| panic!("{text}\n{d:?}"));
        let node = if indent > 0 {
            node.get("o").unwrap().clone()
        } else {
            node
        };
        node.get("k")
            .unwrap()
            .as_str()
            .unwrap_or_else(|| panic!("{text}"))
            .to_string()
    }

    #[test]
    fn values_read_back_unchanged() {
        let long = "word ".repeat(40).trim().to_string();
        let cases = [
            "Plain text, with a comma",
            "true",
            "12",
            "1.5",
            "1e5",
            "0x1f",
            "2024-01-31",
            "81683913-04b4-4d28-a446-dbd33e1da5b3",
            "- a dash",
            "a: colon",
            "a #hash",
            "ends with colon:",
            "'quoted'",
            "\"double\"",
            "it's",
            "🧠 Knowledge",
            "first line\nsecond line",
            "  indented first line\nsecond",
            "with\n\nblank line",
            "tab\there",
            "null",
            "~",
            "@at",
            "%percent",
            "`code`",
            "{braces}",
            "[[ref]] first",
            "ctrl\u{7}char",
            "line\u{2028}sep",
            "trailing space ",
            "# not a comment",
            "1. First\n\n2. Second",
            long.as_str(),
            "two  spaces and a long text that needs folding but cannot break at double spaces safely here",
        ];
        for case in cases {
            for indent in [0, 4] {
                assert_eq!(read_back(case, indent), case, "{case:?} at {indent}");
            }
        }
    }

    #[test]
    fn long_text_is_folded_and_short_text_plain() {
        let long = "word ".repeat(40).trim().to_string();
        assert!(value(&long, 2, 6).starts_with(">-\n"));
        assert_eq!(value("Senior engineer", 2, 6), "Senior engineer\n");
        assert_eq!(value("81683913-04b4-4d28", 2, 6), "81683913-04b4-4d28\n");
        assert_eq!(value("1e5", 2, 6), "'1e5'\n");
        assert_eq!(value("a\nb", 2, 6), "|-\n  a\n  b\n");
    }
}
