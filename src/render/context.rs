//! Template contexts: each document and item as JSON for its handlebars
//! template (`theme/templates/NAME.hbs`, NAME being the kind's name).
//!
//! The context is made the same way for every kind, guided by the schema
//! of the kind's type: a Markdown field `x` becomes safe HTML in `x_html`
//! (a list of Markdown becomes a list of inline HTML under its own name),
//! ids become links (`{id, title, href, kind}`), and every entry (a mapping
//! with an `id`) gets its anchor (on its home page only), href, plain title,
//! related links, backlinks and "suggest a change" link. Plain text is left
//! as it is (handlebars escapes it). A few kinds add what is computed
//! rather than written ([`extras`]): a new kind needs none of that.

use serde_json::{Map, Value, json};

use super::format::{esc, num};
use super::markdown::{block, inline};
use super::{Page, svg};
use crate::link::matrix::{ResolvedBehaviour, ResolvedCompetency};
use crate::link::{Referrer, ResolvedMatrix};
use crate::model::{Better, Document, EntryKind, Leverage, Metric, Template, schema};

/// The shape of a field, read from the schema.
#[derive(Debug, Clone)]
enum Shape {
    Markdown,
    Id,
    Struct(String),
    List(Box<Shape>),
    Map(Box<Shape>),
    Plain,
}

fn definitions() -> &'static Map<String, Value> {
    schema::value()
        .get("definitions")
        .and_then(Value::as_object)
        .expect("the schema has definitions")
}

fn shape(s: &Value) -> Shape {
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap_or_default();
        return match name {
            "Markdown" => Shape::Markdown,
            "Id" => Shape::Id,
            "Text" => Shape::Plain,
            _ => match definitions().get(name) {
                Some(d) if d.get("properties").is_some() => Shape::Struct(name.to_string()),
                Some(d) => shape(d),
                None => Shape::Plain,
            },
        };
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(alternatives) = s.get(key).and_then(Value::as_array) {
            // `X` or null: the shape of X.
            if let Some(first) = alternatives
                .iter()
                .find(|a| a.get("type").and_then(Value::as_str) != Some("null"))
                && alternatives.len() <= 2
                && first.get("const").is_none()
            {
                return shape(first);
            }
            return Shape::Plain;
        }
    }
    match s.get("type").and_then(Value::as_str) {
        Some("array") => Shape::List(Box::new(s.get("items").map_or(Shape::Plain, shape))),
        Some("object") if s.get("properties").is_none() => Shape::Map(Box::new(
            s.get("additionalProperties").map_or(Shape::Plain, shape),
        )),
        _ => Shape::Plain,
    }
}

/// The context of a value of schema definition `def` (a document or an
/// item of one), made the generic way.
pub fn generic(page: &Page<'_, '_>, value: &Value, def: &str) -> Map<String, Value> {
    let mut out = Map::new();
    let Some(obj) = value.as_object() else {
        return out;
    };
    let properties = definitions()
        .get(def)
        .and_then(|d| d.get("properties"))
        .and_then(Value::as_object);
    // Every field of the type is in the context (templates run in strict
    // mode), an absent optional one as null or an empty list.
    for (key, schema) in properties.into_iter().flatten() {
        let v = obj.get(key).unwrap_or(&Value::Null);
        convert(page, key, v, &shape(schema), &mut out);
    }
    if let Some(id) = obj.get("id").and_then(Value::as_str) {
        out.extend(base(page, id, obj.get("related")));
    }
    out
}

fn convert(page: &Page<'_, '_>, key: &str, v: &Value, s: &Shape, out: &mut Map<String, Value>) {
    match (s, v) {
        (Shape::Markdown, Value::String(md)) => {
            out.insert(format!("{key}_html"), block(page, md).into());
            out.insert(key.into(), v.clone());
        }
        (Shape::Markdown, _) => {
            out.insert(format!("{key}_html"), Value::Null);
            out.insert(key.into(), Value::Null);
        }
        (Shape::List(_), Value::Null) => {
            out.insert(key.into(), Value::Array(Vec::new()));
        }
        (Shape::List(inner), Value::Array(items)) => match inner.as_ref() {
            Shape::Markdown => {
                let html: Vec<Value> = items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(|md| inline(page, md).into())
                    .collect();
                out.insert(key.into(), html.into());
            }
            Shape::Id if key == "related" => {}
            Shape::Id => {
                let links: Vec<Value> = items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(|id| link(page, id))
                    .collect();
                out.insert(key.into(), links.into());
            }
            Shape::Struct(def) => {
                let list: Vec<Value> = items
                    .iter()
                    .map(|x| Value::Object(generic(page, x, def)))
                    .collect();
                out.insert(key.into(), list.into());
            }
            _ => {
                out.insert(key.into(), v.clone());
            }
        },
        (Shape::Map(inner), Value::Object(entries)) => {
            let mut m = Map::new();
            for (k, x) in entries {
                convert(page, k, x, inner, &mut m);
            }
            out.insert(key.into(), m.into());
        }
        (Shape::Struct(def), Value::Object(_)) => {
            out.insert(key.into(), Value::Object(generic(page, v, def)));
        }
        (Shape::Id, Value::String(id)) if key != "id" => {
            out.insert(key.into(), link(page, id));
        }
        _ => {
            out.insert(key.into(), v.clone());
        }
    }
}

/// A link to an entry: its title and href (null when it is not placed).
pub fn link(page: &Page<'_, '_>, id: &str) -> Value {
    let kind = page.site.hb.target(id).map(|t| t.kind);
    json!({
        "id": id,
        "title": page.site.title_of(id),
        "href": page.href(id),
        "kind": kind.map_or("", |k| k.name()),
        "kind_label": kind.map(|k| k.label()).unwrap_or_default(),
    })
}

fn backlinks(page: &Page<'_, '_>, id: &str) -> Value {
    let Some(refs) = page.site.hb.backlinks.get(id) else {
        return json!([]);
    };
    let mut out = Vec::new();
    for r in refs {
        match r {
            Referrer::Entry(e) => {
                // A child referring to its own parent is not news.
                if page.site.hb.target(e).and_then(|t| t.parent.as_deref()) == Some(id) {
                    continue;
                }
                out.push(link(page, e));
            }
            Referrer::Chapter(path) => {
                let place = &page.site.place;
                if let Some(i) = place.chapters.iter().position(|c| c.path == *path) {
                    if i == page.chapter {
                        continue;
                    }
                    out.push(json!({
                        "id": Value::Null,
                        "title": place.chapters[i].name,
                        "href": page.chapter_href(i),
                        "kind": "chapter",
                    }));
                }
            }
        }
    }
    out.into()
}

/// Fields every entry has: id, anchor (only on its home page), href,
/// title, kind, related links, backlinks and the "suggest a change" link.
fn base(page: &Page<'_, '_>, id: &str, related: Option<&Value>) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("id".into(), id.into());
    m.insert(
        "anchor".into(),
        if page.is_home(id) {
            id.into()
        } else {
            Value::Null
        },
    );
    m.insert("href".into(), page.href(id).into());
    m.insert("title".into(), page.site.title_of(id).into());
    if let Some(t) = page.site.hb.target(id) {
        m.insert("kind".into(), t.kind.name().into());
    }
    let related: Vec<Value> = related
        .and_then(Value::as_array)
        .map(|ids| {
            ids.iter()
                .filter_map(Value::as_str)
                .map(|r| link(page, r))
                .collect()
        })
        .unwrap_or_default();
    m.insert("related".into(), related.into());
    m.insert("backlinks".into(), backlinks(page, id));
    m.insert("suggest_href".into(), suggest_href(page, id).into());
    m
}

/// A prefilled "new issue" link for an item (when the book sets
/// `suggest-url`), naming the item's id and file. Only on its home page.
fn suggest_href(page: &Page<'_, '_>, id: &str) -> Option<String> {
    use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
    let base = page.site.hb.config.suggest_url.as_ref()?;
    if !page.is_home(id) {
        return None;
    }
    let t = page.site.hb.target(id)?;
    let title = format!("Suggestion for `{id}`");
    let body = format!(
        "Item: `{id}` ({}, \"{}\")\nFile: `{}` line {}\nPage: {}\n\nWhat should change, and why?\n",
        t.kind.label(),
        t.title,
        t.file,
        t.pos.line,
        page.info().html
    );
    let sep = if base.contains('?') { '&' } else { '?' };
    Some(format!(
        "{base}{sep}title={}&body={}",
        utf8_percent_encode(&title, NON_ALPHANUMERIC),
        utf8_percent_encode(&body, NON_ALPHANUMERIC)
    ))
}

// ------------------------------------------------------------- entries

/// The template name and context of any document or item, by id.
pub fn entry(page: &Page<'_, '_>, id: &str) -> Option<(&'static str, Value)> {
    let hb = page.site.hb;
    let t = hb.target(id)?;
    let doc = &hb.content[t.doc].doc;
    if doc.id().as_str() == id {
        return Some((doc.kind().name(), Value::Object(document(page, doc))));
    }
    let name = t.kind.name();
    // Items of a matrix come from the matrix as readers see it.
    if let Some(m) = hb.matrix(doc.id().as_str()) {
        let v = matrix_item(page, m, id, t.kind)?;
        return Some((name, v));
    }
    let value = serde_json::to_value(doc).ok()?;
    let def = schema::definition_of(doc.kind());
    let (item, item_def) = find_item(&value, def, id)?;
    let mut ctx = generic(page, item, &item_def);
    item_extras(page, doc, t.kind, &mut ctx);
    Some((name, Value::Object(ctx)))
}

/// The object with this id inside a document's value, and its definition.
fn find_item<'v>(value: &'v Value, def: &str, id: &str) -> Option<(&'v Value, String)> {
    let obj = value.as_object()?;
    if obj.get("id").and_then(Value::as_str) == Some(id) {
        return Some((value, def.to_string()));
    }
    let properties = definitions().get(def)?.get("properties")?.as_object()?;
    for (key, v) in obj {
        let Some(s) = properties.get(key).map(shape) else {
            continue;
        };
        let found = match (s, v) {
            (Shape::Struct(d), _) => find_item(v, &d, id),
            (Shape::List(inner), Value::Array(items)) => match *inner {
                Shape::Struct(d) => items.iter().find_map(|x| find_item(x, &d, id)),
                _ => None,
            },
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// The context of a whole document.
pub fn document(page: &Page<'_, '_>, doc: &Document) -> Map<String, Value> {
    let def = schema::definition_of(doc.kind());
    if let Document::Matrix(_) = doc
        && let Some(m) = page.site.hb.matrix(doc.id().as_str())
    {
        return matrix(page, doc, m);
    }
    let value = serde_json::to_value(doc).unwrap_or_default();
    let mut ctx = generic(page, &value, def);
    extras(page, doc, &mut ctx);
    ctx
}

/// What some kinds compute rather than write.
fn extras(page: &Page<'_, '_>, doc: &Document, ctx: &mut Map<String, Value>) {
    match doc {
        Document::Framework(f) => {
            let flow: Vec<svg::FlowStep<'_>> = f
                .steps
                .iter()
                .map(|s| svg::FlowStep {
                    title: s.title.as_str(),
                    href: page.href(s.id.as_str()),
                })
                .collect();
            let label = format!("{}: the steps in order", page.site.title_of(f.id.as_str()));
            ctx.insert("flow_svg".into(), svg::steps(&flow, &label).into());
            number_steps(ctx);
        }
        Document::Checklist(c) => {
            page.needs_kit.set(true);
            let list = c.id.as_str();
            ctx.insert("count".into(), c.all_items().count().into());
            ctx.insert(
                "handbook".into(),
                page.site.hb.config.handbook_id.clone().into(),
            );
            for key in ["items", "phases"] {
                if let Some(Value::Array(items)) = ctx.get_mut(key) {
                    for item in items {
                        checklist_parts(page, list, item);
                    }
                }
            }
        }
        Document::CaseStudy(c) => {
            let metrics: Vec<Value> = c.metrics.iter().map(metric).collect();
            ctx.insert("metrics".into(), metrics.into());
        }
        Document::Pattern(p) => {
            ctx.insert("leverage".into(), p.leverage.as_ref().map(leverage).into());
        }
        Document::Template(t) => template(t, ctx),
        Document::Glossary(g) => {
            for t in &g.terms {
                page.mark_term_linked(t.id.as_str());
            }
        }
        _ => {}
    }
}

/// What items of some kinds compute, when shown on their own.
fn item_extras(page: &Page<'_, '_>, doc: &Document, kind: EntryKind, ctx: &mut Map<String, Value>) {
    match (doc, kind) {
        (Document::Framework(f), EntryKind::STEP) => {
            let id = ctx.get("id").and_then(Value::as_str).unwrap_or_default();
            let n = f
                .steps
                .iter()
                .position(|s| s.id.as_str() == id)
                .map_or(0, |i| i + 1);
            ctx.insert("number".into(), n.into());
        }
        (Document::Checklist(c), EntryKind::CHECKLIST_ITEM | EntryKind::PHASE) => {
            page.needs_kit.set(true);
            let mut v = Value::Object(std::mem::take(ctx));
            checklist_parts(page, c.id.as_str(), &mut v);
            if let Value::Object(m) = v {
                *ctx = m;
            }
        }
        (_, EntryKind::TERM) => {
            if let Some(id) = ctx.get("id").and_then(Value::as_str) {
                page.mark_term_linked(id);
            }
        }
        _ => {}
    }
}

fn number_steps(ctx: &mut Map<String, Value>) {
    if let Some(Value::Array(steps)) = ctx.get_mut("steps") {
        for (i, s) in steps.iter_mut().enumerate() {
            s["number"] = (i + 1).into();
        }
    }
}

/// A checklist item (or a phase and its items): the list it belongs to,
/// the handbook, and its text as inline HTML (it sits in a label).
fn checklist_parts(page: &Page<'_, '_>, list: &str, item: &mut Value) {
    item["list"] = list.into();
    item["handbook"] = page.site.hb.config.handbook_id.clone().into();
    if let Some(text) = item.get("text").and_then(Value::as_str) {
        let html = inline(page, text);
        item["text_html"] = html.into();
    }
    if let Some(Value::Array(items)) = item.get_mut("items") {
        let count = items.len();
        for i in items {
            checklist_parts(page, list, i);
        }
        item["count"] = count.into();
    }
}

fn template(t: &Template, ctx: &mut Map<String, Value>) {
    // Newlines as entities: the HTML block must not contain blank lines.
    ctx.insert(
        "body_pre".into(),
        esc(t.body.as_str()).replace('\n', "&#10;").into(),
    );
}

fn metric(m: &Metric) -> Value {
    let change = m.after - m.before;
    let pct = (m.before != 0.0).then(|| change / m.before.abs() * 100.0);
    let improved = match m.better {
        Better::Lower => m.after < m.before,
        Better::Higher => m.after > m.before,
    };
    let unit = m.unit.as_ref().map(|u| u.as_str().to_string());
    let with_unit = |v: f64| match &unit {
        Some(u) if u == "%" => format!("{}%", num(v)),
        Some(u) => format!("{} {u}", num(v)),
        None => num(v),
    };
    let sign = if change > 0.0 { "+" } else { "" };
    let change_text = match pct {
        Some(p) => format!("{sign}{} ({sign}{}%)", with_unit(change), num(p)),
        None => format!("{sign}{}", with_unit(change)),
    };
    json!({
        "label": m.label.as_str(),
        "before": with_unit(m.before),
        "after": with_unit(m.after),
        "change": change_text,
        "improved": improved,
        "unchanged": change == 0.0,
        "better": match m.better { Better::Lower => "lower", Better::Higher => "higher" },
    })
}

/// The leverage arithmetic of a pattern.
pub fn leverage(l: &Leverage) -> Value {
    let per_period = l.hours_saved_per_unit * l.units;
    let total = per_period * l.horizon;
    let net = total - l.hours_invested;
    let period = l.period.name();
    let break_even = (per_period > 0.0).then(|| l.hours_invested / per_period);
    let plural = |n: f64, w: &str| {
        if n == 1.0 {
            format!("{} {w}", num(n))
        } else {
            format!("{} {w}s", num(n))
        }
    };
    json!({
        "invested": format!("{} hours", num(l.hours_invested)),
        "saved_per_unit": format!("{} hours per {} per {period}", num(l.hours_saved_per_unit), l.unit),
        "units": plural(l.units, l.unit.as_str()),
        "saved_per_period": format!("{} hours per {period}", num(per_period)),
        "horizon": plural(l.horizon, period),
        "saved_total": format!("{} hours", num(total)),
        "net": format!("{}{} hours", if net > 0.0 { "+" } else { "" }, num(net)),
        "net_positive": net > 0.0,
        "multiple": (l.hours_invested > 0.0).then(|| format!("{}×", num(total / l.hours_invested))),
        "break_even": break_even.map(|b| if b <= 0.0 { "immediately".to_string() } else { format!("after {} {period}{}", num(b), if b == 1.0 { "" } else { "s" }) }),
    })
}

// -------------------------------------------------------------- matrices

/// A level of a matrix: its fields, the tracks it is on and the link to
/// its page.
pub fn level(page: &Page<'_, '_>, m: &ResolvedMatrix, index: usize) -> Value {
    let l = &m.levels[index];
    let value = serde_json::to_value(l).unwrap_or_default();
    let mut ctx = generic(page, &value, "Level");
    let place = &page.site.place;
    let page_href = place
        .level_pages
        .get(&(m.id.clone(), l.id.as_str().to_string()))
        .filter(|c| **c != page.chapter)
        .map(|c| format!("{}#{}", page.chapter_href(*c), l.id));
    ctx.insert("page_href".into(), page_href.into());
    let tracks: Vec<Value> = m
        .tracks_of(index)
        .iter()
        .filter_map(|t| t.id.as_deref())
        .map(|t| link(page, t))
        .collect();
    ctx.insert("tracks".into(), tracks.into());
    Value::Object(ctx)
}

/// A behaviour of a matrix, marked with the matrix it comes from when that
/// is not `m`.
pub fn behaviour(page: &Page<'_, '_>, m: &ResolvedMatrix, b: &ResolvedBehaviour) -> Value {
    let value = serde_json::to_value(&b.behaviour).unwrap_or_default();
    let mut ctx = generic(page, &value, "Behaviour");
    let origin = (b.origin != m.id).then(|| link(page, &b.origin));
    ctx.insert("origin".into(), origin.into());
    Value::Object(ctx)
}

/// A competency with its behaviours level by level.
pub fn competency(page: &Page<'_, '_>, m: &ResolvedMatrix, c: &ResolvedCompetency) -> Value {
    let value = serde_json::to_value(&c.competency).unwrap_or_default();
    let mut ctx = generic(page, &value, "Competency");
    let rows: Vec<Value> = c
        .behaviours
        .iter()
        .enumerate()
        .filter(|(_, bs)| !bs.is_empty())
        .map(|(l, bs)| {
            json!({
                "level": link(page, m.levels[l].id.as_str()),
                "behaviours": bs.iter().map(|b| behaviour(page, m, b)).collect::<Vec<_>>(),
            })
        })
        .collect();
    ctx.insert("rows".into(), rows.into());
    ctx.insert("behaviours".into(), Value::Null);
    ctx.insert(
        "weight".into(),
        (c.weight != 1.0).then(|| num(c.weight)).into(),
    );
    let origin = (c.origin != m.id).then(|| link(page, &c.origin));
    ctx.insert("origin".into(), origin.into());
    Value::Object(ctx)
}

/// The tracks of a matrix, each with its levels in order.
pub fn tracks(page: &Page<'_, '_>, m: &ResolvedMatrix) -> Value {
    m.tracks
        .iter()
        .filter_map(|t| Some(track(page, m, t.id.as_deref()?, &t.levels)))
        .collect::<Vec<_>>()
        .into()
}

/// One track: a link to it, its anchor on its home page, its levels.
fn track(page: &Page<'_, '_>, m: &ResolvedMatrix, id: &str, levels: &[usize]) -> Value {
    let mut v = link(page, id);
    v["anchor"] = if page.is_home(id) {
        id.into()
    } else {
        Value::Null
    };
    v["levels"] = levels
        .iter()
        .map(|&l| link(page, m.levels[l].id.as_str()))
        .collect::<Vec<_>>()
        .into();
    v
}

/// The level ladder of a matrix as an SVG diagram (levels link to their
/// page, or their home).
pub(crate) fn ladder_svg(page: &Page<'_, '_>, m: &ResolvedMatrix) -> String {
    let levels: Vec<svg::LadderLevel<'_>> = m
        .levels
        .iter()
        .map(|l| svg::LadderLevel {
            title: l.title.as_str(),
            scope: l.scope.as_ref().map_or("", |s| s.as_str()),
            href: page.href(l.id.as_str()),
        })
        .collect();
    let tracks: Vec<svg::LadderTrack<'_>> = m
        .tracks
        .iter()
        .map(|t| svg::LadderTrack {
            title: &t.title,
            levels: &t.levels,
        })
        .collect();
    svg::ladder(
        &levels,
        &tracks,
        &format!("{}: the levels", page.site.title_of(&m.id)),
    )
}

fn matrix(page: &Page<'_, '_>, doc: &Document, m: &ResolvedMatrix) -> Map<String, Value> {
    // The document's own fields the generic way, without its items.
    let mut value = serde_json::to_value(doc).unwrap_or_default();
    if let Some(obj) = value.as_object_mut() {
        for key in ["levels", "tracks", "competencies", "extend_competencies"] {
            obj.remove(key);
        }
    }
    let mut ctx = generic(page, &value, "Matrix");
    ctx.insert(
        "levels".into(),
        (0..m.levels.len())
            .map(|i| level(page, m, i))
            .collect::<Vec<_>>()
            .into(),
    );
    ctx.insert("tracks".into(), tracks(page, m));
    ctx.insert(
        "competencies".into(),
        m.competencies
            .iter()
            .map(|c| competency(page, m, c))
            .collect::<Vec<_>>()
            .into(),
    );
    ctx.insert("ladder_svg".into(), ladder_svg(page, m).into());
    ctx.insert(
        "bases".into(),
        m.bases
            .iter()
            .map(|b| link(page, b))
            .collect::<Vec<_>>()
            .into(),
    );
    ctx
}

/// One item of a matrix (level, track, competency, behaviour), by id.
fn matrix_item(
    page: &Page<'_, '_>,
    m: &ResolvedMatrix,
    id: &str,
    kind: EntryKind,
) -> Option<Value> {
    match kind {
        EntryKind::LEVEL => m.level_index(id).map(|i| level(page, m, i)),
        EntryKind::COMPETENCY => m
            .competencies
            .iter()
            .find(|c| c.competency.id.as_str() == id)
            .map(|c| competency(page, m, c)),
        EntryKind::BEHAVIOUR => m
            .all_behaviours()
            .find(|(_, _, b)| b.behaviour.id.as_str() == id)
            .map(|(_, _, b)| behaviour(page, m, b)),
        EntryKind::TRACK => {
            let t = m.tracks.iter().find(|t| t.id.as_deref() == Some(id))?;
            Some(track(page, m, id, &t.levels))
        }
        _ => None,
    }
}
