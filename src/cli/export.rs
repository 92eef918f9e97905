//! `careerbook export --format json`: the whole resolved handbook (every
//! document and item, references and backlinks, levels, the page each entry
//! is shown on) as one JSON document for other tools. The shape is
//! documented in `docs/export-format.md`; [`FORMAT`] is bumped on every
//! breaking change.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde_json::{Map, Value, json};

use crate::diag::Report;
use crate::link::{Handbook, Referrer};
use crate::model::{Document, EntryKind};
use crate::render::{ChapterInfo, Site, Templates};

/// The version of the export format (`"format"` in the output).
pub const FORMAT: u32 = 1;

/// Export the book in `book` as pretty-printed JSON (with a final newline).
///
/// `Ok(Ok(json))` on success (warnings do not stop it); `Ok(Err(report))`,
/// sorted, when the content has errors; `Err` when the book cannot be read
/// at all.
pub fn export_json(book: &Path) -> Result<std::result::Result<String, Report>> {
    let mut report = Report::new();
    let loaded = crate::load::load_book(book, &mut report)?;
    let handbook = crate::link::link(loaded, &mut report);
    report.sort();
    if report.errors() > 0 {
        return Ok(Err(report));
    }
    let chapters = book_chapters(book)?;
    let value = export_value(&handbook, &chapters)?;
    let mut s = serde_json::to_string_pretty(&value)?;
    s.push('\n');
    Ok(Ok(s))
}

/// The chapters in book order (path under the source folder, name, text), as
/// mdBook reads them from `SUMMARY.md`; draft chapters are left out.
fn book_chapters(book: &Path) -> Result<Vec<(PathBuf, String, String)>> {
    use mdbook_driver::MDBook;
    use mdbook_driver::config::Config;
    let toml = book.join("book.toml");
    let mut config =
        Config::from_disk(&toml).with_context(|| format!("cannot read {}", toml.display()))?;
    // Reading the table of contents must not create missing chapter files.
    config.set("build.create-missing", false)?;
    let md = MDBook::load_with_config(book, config)
        .with_context(|| format!("cannot read the chapters of {}", book.display()))?;
    Ok(md
        .book
        .chapters()
        .filter_map(|ch| {
            ch.path
                .as_ref()
                .map(|p| (p.clone(), ch.name.clone(), ch.content.clone()))
        })
        .collect())
}

/// The kind of an entry as exported: the document kind for a document,
/// the item kind (`-` for spaces) for an item.
fn entry_kind(k: EntryKind) -> String {
    k.name().replace(' ', "-")
}

fn referrer(r: &Referrer) -> String {
    match r {
        Referrer::Entry(id) => id.clone(),
        Referrer::Chapter(path) => format!("chapter:{path}"),
    }
}

/// The export as a JSON value (objects keep the order they are built in).
fn export_value(hb: &Handbook, chapters: &[(PathBuf, String, String)]) -> Result<Value> {
    let templates = Templates::load(Some(&crate::mdbook::theme_dir(&hb.config.root)))?;
    let site = Site::new(hb, chapters, templates);
    let url_of = |id: &str| -> Value {
        site.home
            .get(id)
            .map(|&i| Value::String(format!("{}#{id}", site.chapters[i].html)))
            .unwrap_or(Value::Null)
    };

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
        if let Document::Matrix(m) = doc {
            for c in &m.competencies {
                for (level, bs) in &c.behaviours.0 {
                    for b in bs {
                        level_of.insert(b.id.as_str(), level.as_str());
                    }
                }
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
                    "kind": entry_kind(t.kind),
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

        if let Document::Matrix(m) = doc {
            for (n, l) in m.levels.iter().enumerate() {
                levels.push(json!({
                    "matrix": m.id.as_str(),
                    "id": l.id.as_str(),
                    "title": l.title.as_str(),
                    "scope": l.scope.as_str(),
                    "order": n + 1,
                }));
            }
        }
    }

    let chapter_list: Vec<Value> = chapters
        .iter()
        .map(|(p, name, _)| {
            let info = ChapterInfo::new(p, name);
            json!({
                "path": p.to_string_lossy().replace('\\', "/"),
                "file": crate::load::chapter_file_name(&hb.config, p),
                "name": name,
                "url": info.html,
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
        "chapters": chapter_list,
    }))
}
