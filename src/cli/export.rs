//! `careerbook export --format json`: the whole resolved handbook (every
//! document and item, references and backlinks, levels, the page each entry
//! is shown on) as one JSON document for other tools. The shape is
//! documented in `docs/export-format.md`; [`FORMAT`] is bumped on every
//! breaking change.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::{Context, Result};
use serde_json::{Map, Value, json};

use crate::diag::Report;
use crate::link::{Handbook, Referrer};
use crate::load::Chapter;
use crate::render::Placement;

/// The version of the export format (`"format"` in the output).
pub const FORMAT: u32 = 1;

/// Export the book in `book` as pretty-printed JSON (with a final newline).
///
/// `Ok(Ok(json))` on success (warnings do not stop it); `Ok(Err(report))`,
/// sorted, when the content has errors; `Err` when the book cannot be read
/// at all.
pub fn export_json(book: &Path) -> Result<std::result::Result<String, Report>> {
    let (mut book_toc, src) = book_chapters(book)?;
    let (handbook, report) =
        Handbook::open(book, Some(crate::mdbook::chapters_of(&book_toc, &src)))?;
    if report.errors() > 0 {
        return Ok(Err(report));
    }
    // The site's pages include the ones careerbook generates.
    let generated = crate::render::generate::pages(&handbook, &handbook.chapters);
    crate::mdbook::add_generated(&mut book_toc, &generated);
    let pages = crate::mdbook::chapters_of(&book_toc, &src);
    let value = export_value(&handbook, &pages)?;
    let mut s = serde_json::to_string_pretty(&value)?;
    s.push('\n');
    Ok(Ok(s))
}

/// The book as mdBook reads it from `SUMMARY.md` (no preprocessor run),
/// and its source folder.
fn book_chapters(book: &Path) -> Result<(mdbook_driver::book::Book, std::path::PathBuf)> {
    use mdbook_driver::MDBook;
    use mdbook_driver::config::Config;
    let toml = book.join("book.toml");
    let mut config =
        Config::from_disk(&toml).with_context(|| format!("cannot read {}", toml.display()))?;
    // Reading the table of contents must not create missing chapter files.
    config.set("build.create-missing", false)?;
    let src = config.book.src.clone();
    let md = MDBook::load_with_config(book, config)
        .with_context(|| format!("cannot read the chapters of {}", book.display()))?;
    Ok((md.book, src))
}

fn referrer(r: &Referrer) -> String {
    match r {
        Referrer::Entry(id) => id.clone(),
        Referrer::Chapter(path) => format!("chapter:{path}"),
    }
}

/// The export as a JSON value (objects keep the order they are built in).
fn export_value(hb: &Handbook, pages: &[Chapter]) -> Result<Value> {
    let place = Placement::new(hb, pages);
    let url_of = |id: &str| -> Value { place.url_of(id).map_or(Value::Null, Value::String) };

    // Outgoing references, typed and inline, resolved.
    let mut references: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (target, froms) in &hb.backlinks {
        for f in froms {
            if let Referrer::Entry(e) = f {
                references.entry(e).or_default().insert(target);
            }
        }
    }

    let mut order: Vec<usize> = (0..hb.content.len()).collect();
    order.sort_by(|a, b| hb.content[*a].file.cmp(&hb.content[*b].file));

    let mut documents = Vec::new();
    let mut entries: BTreeMap<String, Value> = BTreeMap::new();
    let mut levels = Vec::new();
    let mut tracks = Vec::new();
    for &i in &order {
        let cf = &hb.content[i];
        let doc = &cf.doc;
        let Value::Object(fields) = serde_json::to_value(doc)? else {
            anyhow::bail!("a document did not serialize as an object");
        };
        let mut d = Map::new();
        d.insert("kind".into(), doc.kind().name().into());
        d.insert("id".into(), doc.id().as_str().into());
        d.insert("title".into(), doc.title().as_str().into());
        d.insert("file".into(), cf.file.clone().into());
        d.insert("url".into(), url_of(doc.id().as_str()));
        for (k, v) in fields {
            if !d.contains_key(&k) {
                d.insert(k, v);
            }
        }
        documents.push(Value::Object(d));

        // The level of each behaviour of a matrix.
        let mut level_of: BTreeMap<&str, &str> = BTreeMap::new();
        if let Some(m) = hb.matrix(doc.id().as_str()) {
            for (_, l, b) in m.all_behaviours() {
                level_of.insert(b.behaviour.id.as_str(), m.levels[l].id.as_str());
            }
        }
        for e in doc.entries() {
            let id = e.id.as_str();
            let Some(t) = hb.target(id) else { continue };
            if t.file != cf.file || t.pos != e.id.pos() {
                continue; // not the definition (cannot happen without errors)
            }
            let mut related: Vec<&str> = Vec::new();
            for r in &e.related {
                if !related.contains(&r.as_str()) {
                    related.push(r.as_str());
                }
            }
            let refs: Vec<&str> = references
                .get(id)
                .map(|s| s.iter().copied().collect())
                .unwrap_or_default();
            let backlinks: Vec<String> = hb
                .backlinks
                .get(id)
                .map(|v| v.iter().map(referrer).collect())
                .unwrap_or_default();
            let mut entry = json!({
                    "kind": t.kind.name(),
                    "title": t.title,
                    "parent": t.parent,
                    "document": doc.id().as_str(),
                    "file": t.file,
                    "line": t.pos.line,
                    "column": t.pos.col,
                    "url": url_of(id),
                    "related": related,
                    "references": refs,
                    "backlinks": backlinks,
            });
            if let Some(level) = level_of.get(id) {
                entry["level"] = (*level).into();
            }
            entries.insert(id.to_string(), entry);
        }

        if let Some(m) = hb.matrix(doc.id().as_str()) {
            for (n, l) in m.levels.iter().enumerate() {
                let tracks: Vec<&str> = m
                    .tracks_of(n)
                    .iter()
                    .filter_map(|t| t.id.as_deref())
                    .collect();
                levels.push(json!({
                    "matrix": m.id,
                    "id": l.id.as_str(),
                    "title": l.title.as_str(),
                    "scope": l.scope.as_ref().map(|s| s.as_str()),
                    "order": n + 1,
                    "tracks": tracks,
                }));
            }
            for t in m.tracks.iter().filter(|t| t.id.is_some()) {
                tracks.push(json!({
                    "matrix": m.id,
                    "id": t.id,
                    "title": t.title,
                    "levels": t.levels.iter().map(|&l| m.levels[l].id.as_str()).collect::<Vec<_>>(),
                }));
            }
        }
    }

    let written: std::collections::HashSet<&str> =
        hb.chapters.iter().map(|c| c.path.as_str()).collect();
    let chapter_list: Vec<Value> = pages
        .iter()
        .map(|ch| {
            let generated = !written.contains(ch.path.as_str());
            json!({
                "path": ch.path,
                "file": if generated { Value::Null } else { ch.file.clone().into() },
                "name": ch.name,
                "url": ch.html(),
                "generated": generated,
            })
        })
        .collect();

    Ok(json!({
        "careerbook": env!("CARGO_PKG_VERSION"),
        "format": FORMAT,
        "handbook": {
            "id": hb.config.handbook_id,
            "title": hb.config.title,
        },
        "documents": documents,
        "entries": entries.into_iter().collect::<Map<String, Value>>(),
        "levels": levels,
        "tracks": tracks,
        "chapters": chapter_list,
    }))
}

/// `careerbook export --format csv [--matrix ID]`: one row per behaviour,
/// level by level, with the columns `careerbook import csv` reads (so a
/// ladder round-trips through a spreadsheet): competency, competency
/// summary, weight, level, track, behaviour id, behaviour, examples — and
/// `matrix` first when several matrices are exported. Cells a spreadsheet
/// would run as a formula (`=`, `+`, `-`, `@` first) get a `'` before them.
pub(crate) fn export_csv(
    book: &Path,
    matrix: Option<&str>,
) -> Result<std::result::Result<String, Report>> {
    let (handbook, report) = Handbook::open(book, None)?;
    if report.errors() > 0 {
        return Ok(Err(report));
    }
    let mut ids: Vec<&str> = handbook.matrices.keys().map(String::as_str).collect();
    ids.sort_by_key(|id| handbook.matrices[*id].doc);
    if let Some(m) = matrix {
        anyhow::ensure!(
            handbook.matrices.contains_key(m),
            "`{m}` is not a matrix of this handbook; matrices are: {}",
            ids.join(", ")
        );
        ids = vec![m];
    }
    let several = ids.len() > 1;
    let mut out = String::new();
    let mut header = vec![
        "competency",
        "competency summary",
        "weight",
        "level",
        "track",
        "behaviour id",
        "behaviour",
        "examples",
    ];
    if several {
        header.insert(0, "matrix");
    }
    push_row(&mut out, header.iter().map(|h| h.to_string()));
    for id in ids {
        let m = &handbook.matrices[id];
        // Level by level, so that the rows name the levels in the ladder's
        // order (an importer learns the order from the rows).
        let mut first_row: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for l in 0..m.levels.len() {
            for c in &m.competencies {
                for b in &c.behaviours[l] {
                    let first = first_row.insert(c.competency.id.as_str());
                    let summary = c
                        .competency
                        .summary
                        .as_ref()
                        .map(|s| s.as_str().to_string())
                        .unwrap_or_default();
                    // A level on every track needs no track (import puts
                    // it on all); otherwise its tracks, by title.
                    let on: Vec<&str> = m
                        .tracks_of(l)
                        .iter()
                        .filter_map(|t| t.id.as_ref().map(|_| t.title.as_str()))
                        .collect();
                    let track = if !m.has_tracks() || on.len() == m.tracks.len() {
                        String::new()
                    } else {
                        on.join("; ")
                    };
                    let mut row = vec![
                        c.competency.title.as_str().to_string(),
                        if first { summary } else { String::new() },
                        if first && c.weight != 1.0 {
                            crate::render::format::num(c.weight).replace(',', "")
                        } else {
                            String::new()
                        },
                        m.levels[l].title.as_str().to_string(),
                        track,
                        b.behaviour.id.as_str().to_string(),
                        b.behaviour.text.as_str().trim().to_string(),
                        b.behaviour
                            .examples
                            .iter()
                            .map(|e| e.as_str().trim().to_string())
                            .collect::<Vec<_>>()
                            .join("\n"),
                    ];
                    if several {
                        row.insert(0, m.id.clone());
                    }
                    push_row(&mut out, row);
                }
            }
        }
    }
    Ok(Ok(out))
}

/// One CSV row (RFC 4180 quoting; formulas guarded).
fn push_row(out: &mut String, cells: impl IntoIterator<Item = String>) {
    let mut first = true;
    for cell in cells {
        if !first {
            out.push(',');
        }
        first = false;
        out.push_str(&csv_cell(&cell));
    }
    out.push_str("\r\n");
}

/// A cell as CSV: guarded against being run as a formula, quoted when it
/// holds a separator, a quote or a line break.
fn csv_cell(text: &str) -> String {
    let guarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_guarded() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a, b"), "\"a, b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("- a list"), "'- a list");
        assert_eq!(csv_cell("line\nbreak"), "\"line\nbreak\"");
    }
}
