//! Directives → HTML: documents and items, and the generated pages (index,
//! glossary, level pages, level comparisons, the ladder, the assessment).

use std::collections::HashSet;

use serde_json::{Value, json};

use super::Page;
use super::context::{self, link};
use super::markdown::block;
use crate::model::markup::Directive;
use crate::model::{Behaviour, Document, Kind, Matrix};

/// Render one directive.
pub fn directive(page: &Page<'_, '_>, d: &Directive) -> anyhow::Result<String> {
    let arg = |i: usize| d.args.get(i).map(|(a, _)| a.as_str()).unwrap_or("");
    let t = &page.site.templates;
    match d.name.as_str() {
        "careerbook" => match context::entry(page, arg(0)) {
            Some((name, ctx)) => t.render(name, ctx),
            None => anyhow::bail!("no document or item has the id `{}`", arg(0)),
        },
        "careerbook-index" => t.render("index", index(page)),
        "careerbook-glossary" => t.render("glossary-page", glossary(page)),
        "careerbook-level" => t.render("level-page", level_page(page, arg(0))?),
        "careerbook-compare" => t.render("compare", compare(page, arg(0), arg(1))?),
        "careerbook-ladder" => {
            let m = matrix(page, arg(0))?;
            Ok(format!(
                "<figure class=\"cb-figure cb-ladder\">{}</figure>",
                context::ladder_svg(page, m)
            ))
        }
        "careerbook-assessment" => {
            page.needs_js.set(true);
            let template = d.args.get(1).map(|(a, _)| a.as_str());
            t.render("assessment", assessment(page, arg(0), template)?)
        }
        other => anyhow::bail!("unknown directive `{other}`"),
    }
}

fn matrix<'h>(page: &Page<'_, 'h>, id: &str) -> anyhow::Result<&'h Matrix> {
    match page.site.hb.document(id) {
        Some(Document::Matrix(m)) if m.id.as_str() == id => Ok(m),
        _ => anyhow::bail!("`{id}` is not a matrix"),
    }
}

/// The matrix a level belongs to, and the level's position in it.
fn level_of<'h>(page: &Page<'_, 'h>, level: &str) -> anyhow::Result<(&'h Matrix, usize)> {
    if let Some(Document::Matrix(m)) = page.site.hb.document(level)
        && let Some(i) = m.levels.iter().position(|l| l.id.as_str() == level)
    {
        return Ok((m, i));
    }
    anyhow::bail!("`{level}` is not a level")
}

/// Every document and item, grouped by kind.
fn index(page: &Page<'_, '_>) -> Value {
    let hb = page.site.hb;
    let mut groups = Vec::new();
    for kind in Kind::ALL {
        let docs: Vec<Value> = hb
            .content
            .iter()
            .filter(|cf| cf.doc.kind() == kind)
            .map(|cf| {
                let id = cf.doc.id().as_str();
                json!({
                    "doc": link(page, id),
                    "items": children(page, id, 0),
                })
            })
            .collect();
        if !docs.is_empty() {
            groups.push(json!({ "label": kind.label(), "kind": kind.name(), "docs": docs }));
        }
    }
    json!({ "groups": groups, "count": hb.entry_count() })
}

fn children(page: &Page<'_, '_>, id: &str, depth: usize) -> Vec<Value> {
    let Some(kids) = page.site.children.get(id) else {
        return Vec::new();
    };
    kids.iter()
        .map(|k| {
            let mut v = link(page, k);
            if depth < 2 {
                v["items"] = children(page, k, depth + 1).into();
            }
            v
        })
        .collect()
}

/// All glossary terms, alphabetically, grouped by first letter.
fn glossary(page: &Page<'_, '_>) -> Value {
    let mut terms: Vec<&crate::model::Term> = page
        .site
        .hb
        .content
        .iter()
        .filter_map(|cf| match &cf.doc {
            Document::Glossary(g) => Some(g.terms.iter()),
            _ => None,
        })
        .flatten()
        .collect();
    terms.sort_by_key(|t| (t.term.as_str().to_lowercase(), t.id.as_str().to_string()));
    let mut letters: Vec<Value> = Vec::new();
    let mut current: Option<String> = None;
    let mut bucket: Vec<Value> = Vec::new();
    for t in terms {
        let letter = t
            .term
            .as_str()
            .chars()
            .next()
            .map(|c| c.to_uppercase().to_string())
            .unwrap_or_default();
        if current.as_deref() != Some(letter.as_str()) {
            if let Some(l) = current.take() {
                letters.push(json!({ "letter": l, "terms": std::mem::take(&mut bucket) }));
            }
            current = Some(letter);
        }
        bucket.push(context::term(page, t));
    }
    if let Some(l) = current {
        letters.push(json!({ "letter": l, "terms": bucket }));
    }
    json!({ "letters": letters })
}

fn behaviours_at<'m>(c: &'m crate::model::Competency, level: &str) -> &'m [Behaviour] {
    c.behaviours
        .0
        .iter()
        .find(|(k, _)| k.as_str() == level)
        .map_or(&[], |(_, b)| b.as_slice())
}

fn behaviour_item(page: &Page<'_, '_>, b: &Behaviour) -> Value {
    json!({
        "id": b.id.as_str(),
        "href": page.href(b.id.as_str()),
        "text_html": block(page, b.text.as_str()),
        "builds_on": b.builds_on.as_ref().map(|x| link(page, x.as_str())),
    })
}

/// One level: its scope and what each competency expects there, with what
/// earlier levels already expected.
fn level_page(page: &Page<'_, '_>, level: &str) -> anyhow::Result<Value> {
    let (m, i) = level_of(page, level)?;
    let l = &m.levels[i];
    let competencies: Vec<Value> = m
        .competencies
        .iter()
        .map(|c| {
            let earlier: Vec<Value> = m.levels[..i]
                .iter()
                .flat_map(|pl| {
                    behaviours_at(c, pl.id.as_str()).iter().map(move |b| (pl, b))
                })
                .map(|(pl, b)| {
                    let mut v = behaviour_item(page, b);
                    v["level"] = pl.title.as_str().into();
                    v
                })
                .collect();
            json!({
                "competency": link(page, c.id.as_str()),
                "behaviours": behaviours_at(c, level).iter().map(|b| behaviour_item(page, b)).collect::<Vec<_>>(),
                "earlier_count": earlier.len(),
                "earlier": earlier,
            })
        })
        .collect();
    let neighbour = |j: Option<usize>| {
        j.and_then(|j| m.levels.get(j))
            .map(|x| link(page, x.id.as_str()))
    };
    let mut lv = context::level(page, l);
    lv["page_href"] = Value::Null;
    Ok(json!({
        "matrix": link(page, m.id.as_str()),
        "level": lv,
        "previous": neighbour(i.checked_sub(1)),
        "next": neighbour(Some(i + 1)),
        "competencies": competencies,
    }))
}

/// What changes from one level to another: behaviours that are new, that
/// grow out of one at the lower level (changed), and lower-level behaviours
/// nothing at the higher level grows out of (dropped as a focus).
fn compare(page: &Page<'_, '_>, from: &str, to: &str) -> anyhow::Result<Value> {
    let (m, a) = level_of(page, from)?;
    let (m2, b) = level_of(page, to)?;
    anyhow::ensure!(
        std::ptr::eq(m, m2),
        "`{from}` and `{to}` are in different matrices"
    );
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    let (lo_l, hi_l) = (&m.levels[lo], &m.levels[hi]);
    let mut rows = Vec::new();
    let (mut n_new, mut n_changed, mut n_dropped) = (0, 0, 0);
    for c in &m.competencies {
        // Behaviours of the lower level, and of every level up to it.
        let lower = behaviours_at(c, lo_l.id.as_str());
        let upto: HashSet<&str> = m.levels[..=lo]
            .iter()
            .flat_map(|l| behaviours_at(c, l.id.as_str()))
            .map(|b| b.id.as_str())
            .collect();
        let by_id = |id: &str| {
            m.levels
                .iter()
                .flat_map(|l| behaviours_at(c, l.id.as_str()))
                .find(|b| b.id.as_str() == id)
        };
        // Follow `builds_on` down to a behaviour at or below the lower level.
        let root_at_or_below = |b: &Behaviour| -> Option<&Behaviour> {
            let mut cur = b.builds_on.as_ref().map(|x| x.as_str());
            let mut guard = 0;
            while let Some(id) = cur {
                if upto.contains(id) {
                    return by_id(id);
                }
                cur = by_id(id).and_then(|x| x.builds_on.as_ref().map(|y| y.as_str()));
                guard += 1;
                if guard > 64 {
                    break;
                }
            }
            None
        };
        let upper: Vec<&Behaviour> = m.levels[lo + 1..=hi]
            .iter()
            .flat_map(|l| behaviours_at(c, l.id.as_str()))
            .collect();
        let mut new = Vec::new();
        let mut changed = Vec::new();
        let mut grown: HashSet<&str> = HashSet::new();
        for bh in &upper {
            match root_at_or_below(bh) {
                Some(root) => {
                    grown.insert(root.id.as_str());
                    let mut v = behaviour_item(page, bh);
                    v["before_html"] = block(page, root.text.as_str()).into();
                    changed.push(v);
                }
                None => new.push(behaviour_item(page, bh)),
            }
        }
        let dropped: Vec<Value> = lower
            .iter()
            .filter(|x| !grown.contains(x.id.as_str()))
            .map(|x| behaviour_item(page, x))
            .collect();
        n_new += new.len();
        n_changed += changed.len();
        n_dropped += dropped.len();
        if new.is_empty() && changed.is_empty() && dropped.is_empty() {
            continue;
        }
        rows.push(json!({
            "competency": link(page, c.id.as_str()),
            "new": new,
            "changed": changed,
            "dropped": dropped,
        }));
    }
    Ok(json!({
        "from": context::level(page, lo_l),
        "to": context::level(page, hi_l),
        "rows": rows,
        "counts": { "new": n_new, "changed": n_changed, "dropped": n_dropped },
    }))
}

/// FNV-1a, for short stable fingerprints.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// JSON safe to embed in `<script type="application/json">`.
fn script_json(v: &Value) -> String {
    serde_json::to_string(v)
        .unwrap_or_else(|_| "null".into())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        // Structural braces never come in pairs; in strings, keep `{{` away
        // from later preprocessors.
        .replace("{{", "{\\u007b")
}

/// What helps grow a competency: what it lists under `related` and what
/// refers to it (framework steps, patterns, checklists, mistakes, …).
fn helps(page: &Page<'_, '_>, c: &crate::model::Competency) -> Vec<Value> {
    use crate::link::Referrer;
    use crate::model::EntryKind;
    let hb = page.site.hb;
    let mut ids: Vec<String> = c.related.iter().map(|r| r.as_str().to_string()).collect();
    if let Some(refs) = hb.backlinks.get(c.id.as_str()) {
        for r in refs {
            if let Referrer::Entry(e) = r {
                let is_behaviour = hb.target(e).is_some_and(|t| t.kind == EntryKind::Behaviour);
                if !is_behaviour && !ids.contains(e) {
                    ids.push(e.clone());
                }
            }
        }
    }
    ids.iter().map(|id| link(page, id)).collect()
}

/// The self-assessment: the whole rubric (readable and printable without
/// JavaScript), and the data the script turns into the interactive
/// assessment.
fn assessment(page: &Page<'_, '_>, id: &str, template: Option<&str>) -> anyhow::Result<Value> {
    let m = matrix(page, id)?;
    let hb = page.site.hb;
    let levels: Vec<Value> = m
        .levels
        .iter()
        .map(|l| json!({ "id": l.id.as_str(), "title": crate::link::plain_title(l.title.as_str()), "scope": l.scope.as_str() }))
        .collect();
    let mut data_competencies = Vec::new();
    let competencies: Vec<Value> = m
        .competencies
        .iter()
        .map(|c| {
            let rows: Vec<Value> = m
                .levels
                .iter()
                .filter_map(|l| {
                    let bs = behaviours_at(c, l.id.as_str());
                    (!bs.is_empty()).then(|| {
                        json!({
                            "level": l.id.as_str(),
                            "level_title": crate::link::plain_title(l.title.as_str()),
                            "behaviours": bs.iter().map(|b| behaviour_item(page, b)).collect::<Vec<_>>(),
                        })
                    })
                })
                .collect();
            let helps = helps(page, c);
            data_competencies.push(json!({
                "id": c.id.as_str(),
                "title": crate::link::plain_title(c.title.as_str()),
                "weight": c.weight,
                "href": page.href(c.id.as_str()),
                "behaviours": m.levels.iter().flat_map(|l| behaviours_at(c, l.id.as_str()).iter().map(move |b| (l, b))).map(|(l, b)| json!({
                    "id": b.id.as_str(),
                    "level": l.id.as_str(),
                    "text": hb.target(b.id.as_str()).map(|t| t.title.clone()).unwrap_or_default(),
                    "href": page.href(b.id.as_str()),
                })).collect::<Vec<_>>(),
                "helps": helps,
            }));
            json!({
                "id": c.id.as_str(),
                "title": crate::link::plain_title(c.title.as_str()),
                "href": page.href(c.id.as_str()),
                "weight": c.weight,
                "rows": rows,
                "helps": helps,
            })
        })
        .collect();
    // The promotion-case template whose sections organise the Markdown export.
    let template = template.and_then(|t| match hb.document(t) {
        Some(Document::Template(t)) => Some(t),
        _ => None,
    });
    let template_data = template.map(|t| {
        let sections: Vec<String> = t
            .body
            .as_str()
            .lines()
            .filter_map(|l| l.strip_prefix("## ").or_else(|| l.strip_prefix("### ")))
            .map(|h| h.trim().to_string())
            .collect();
        json!({
            "id": t.id.as_str(),
            "title": crate::link::plain_title(t.title.as_str()),
            "href": page.href(t.id.as_str()),
            "body": t.body.as_str(),
            "sections": sections,
        })
    });
    let version = {
        let doc = serde_json::to_string(&Document::Matrix(m.clone())).unwrap_or_default();
        format!("{:016x}", fnv(doc.as_bytes()))
    };
    let data = json!({
        "schema": 1,
        "handbook": hb.config.handbook_id,
        "title": hb.config.title,
        "version": version,
        "matrix": m.id.as_str(),
        "matrix_title": crate::link::plain_title(m.title.as_str()),
        "levels": levels,
        "competencies": data_competencies,
        "template": template_data,
    });
    Ok(json!({
        "matrix": m.id.as_str(),
        "handbook": hb.config.handbook_id,
        "levels": levels,
        "competencies": competencies,
        "data_json": script_json(&data),
    }))
}
