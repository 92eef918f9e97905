//! Template contexts: each document and item as JSON for its handlebars
//! template. Markdown fields arrive pre-rendered (`*_html`, safe HTML, used
//! with `{{{ }}}`); everything else is plain text that handlebars escapes.

use serde_json::{Value, json};

use super::markdown::{block, inline};
use super::{Page, svg};
use crate::link::Referrer;
use crate::model::{
    Better, CaseStudy, Checklist, ChecklistItem, Competency, Document, Faq, Framework, Glossary,
    Id, Level, Leverage, Matrix, Metric, Mistake, Mistakes, Pattern, Phase, Question, Step,
    Template, Term, Text,
};

/// A number as people write it: no trailing `.0`, at most two decimals,
/// thousands separated.
pub fn num(x: f64) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let neg = x < 0.0;
    let x = x.abs();
    let rounded = (x * 100.0).round() / 100.0;
    let int = rounded.trunc() as u64;
    let frac = ((rounded - rounded.trunc()) * 100.0).round() as u64;
    let digits = int.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let mut s = if neg {
        format!("−{grouped}")
    } else {
        grouped
    };
    if frac > 0 {
        let f = format!("{frac:02}");
        s.push('.');
        s.push_str(f.trim_end_matches('0'));
    }
    s
}

fn opt_block(page: &Page<'_, '_>, t: &Option<Text>) -> Value {
    t.as_ref()
        .map_or(Value::Null, |t| block(page, t.as_str()).into())
}

fn inlines(page: &Page<'_, '_>, ts: &[Text]) -> Value {
    ts.iter().map(|t| inline(page, t.as_str())).collect()
}

/// A link to an entry: its title and href (null when it is not placed).
pub fn link(page: &Page<'_, '_>, id: &str) -> Value {
    let kind = page.site.hb.target(id).map(|t| t.kind.name()).unwrap_or("");
    json!({
        "id": id,
        "title": page.site.title_of(id),
        "href": page.href(id),
        "kind": kind,
    })
}

fn related(page: &Page<'_, '_>, ids: &[Id]) -> Value {
    ids.iter().map(|i| link(page, i.as_str())).collect()
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
                if let Some(i) = page
                    .site
                    .chapters
                    .iter()
                    .position(|c| c.path.to_string_lossy().replace('\\', "/") == *path)
                {
                    if i == page.chapter {
                        continue;
                    }
                    out.push(json!({
                        "id": Value::Null,
                        "title": page.site.chapters[i].name,
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
/// title, related and backlinks.
fn base(page: &Page<'_, '_>, id: &Id, title: &Text, rel: &[Id]) -> serde_json::Map<String, Value> {
    let id_s = id.as_str();
    let mut m = serde_json::Map::new();
    m.insert("id".into(), id_s.into());
    m.insert(
        "anchor".into(),
        if page.is_home(id_s) {
            id_s.into()
        } else {
            Value::Null
        },
    );
    m.insert("href".into(), page.href(id_s).into());
    m.insert(
        "title".into(),
        crate::link::plain_title(title.as_str()).into(),
    );
    m.insert("related".into(), related(page, rel));
    m.insert("backlinks".into(), backlinks(page, id_s));
    m.insert("suggest_href".into(), suggest_href(page, id_s).into());
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
        t.kind.name(),
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

fn with(mut m: serde_json::Map<String, Value>, extra: Value) -> Value {
    if let Value::Object(e) = extra {
        m.extend(e);
    }
    Value::Object(m)
}

fn doc_base(page: &Page<'_, '_>, d: &Document) -> serde_json::Map<String, Value> {
    let (id, title) = (d.id(), d.title());
    let rel: &[Id] = match d {
        Document::Matrix(x) => &x.related,
        Document::Framework(x) => &x.related,
        Document::Mistakes(x) => &x.related,
        Document::Checklist(x) => &x.related,
        Document::CaseStudy(x) => &x.related,
        Document::Pattern(x) => &x.related,
        Document::Template(x) => &x.related,
        Document::Faq(x) => &x.related,
        Document::Glossary(x) => &x.related,
    };
    let mut m = base(page, id, title, rel);
    m.insert("kind".into(), d.kind().name().into());
    m.insert(
        "summary_html".into(),
        opt_block(page, &d.summary().cloned()),
    );
    m
}

// ----------------------------------------------------------------- items

pub fn level(page: &Page<'_, '_>, l: &Level) -> Value {
    let page_href = page
        .site
        .level_pages
        .get(l.id.as_str())
        .filter(|c| **c != page.chapter)
        .map(|c| format!("{}#{}", page.chapter_href(*c), l.id));
    with(
        base(page, &l.id, &l.title, &l.related),
        json!({
            "scope": l.scope.as_str(),
            "summary_html": opt_block(page, &l.summary),
            "page_href": page_href,
        }),
    )
}

pub fn behaviour(page: &Page<'_, '_>, b: &crate::model::Behaviour) -> Value {
    with(
        base(page, &b.id, &b.text, &b.related),
        json!({
            "text_html": block(page, b.text.as_str()),
            "builds_on": b.builds_on.as_ref().map(|x| link(page, x.as_str())),
        }),
    )
}

pub fn competency(page: &Page<'_, '_>, m: &Matrix, c: &Competency) -> Value {
    let rows: Vec<Value> = m
        .levels
        .iter()
        .filter_map(|l| {
            let bs = c
                .behaviours
                .0
                .iter()
                .find(|(k, _)| k.as_str() == l.id.as_str())?;
            Some(json!({
                "level": link(page, l.id.as_str()),
                "behaviours": bs.1.iter().map(|b| behaviour(page, b)).collect::<Vec<_>>(),
            }))
        })
        .collect();
    with(
        base(page, &c.id, &c.title, &c.related),
        json!({
            "summary_html": opt_block(page, &c.summary),
            "weight": (c.weight != 1.0).then(|| num(c.weight)),
            "rows": rows,
        }),
    )
}

pub fn step(page: &Page<'_, '_>, number: usize, s: &Step) -> Value {
    with(
        base(page, &s.id, &s.title, &s.related),
        json!({
            "number": number,
            "summary_html": opt_block(page, &s.summary),
            "body_html": opt_block(page, &s.body),
            "actions": inlines(page, &s.actions),
            "signals": inlines(page, &s.signals),
        }),
    )
}

pub fn mistake(page: &Page<'_, '_>, x: &Mistake) -> Value {
    with(
        base(page, &x.id, &x.title, &x.related),
        json!({
            "mistake_html": block(page, x.mistake.as_str()),
            "why_html": opt_block(page, &x.why),
            "signs": inlines(page, &x.signs),
            "fix_html": block(page, x.fix.as_str()),
        }),
    )
}

pub fn checklist_item(page: &Page<'_, '_>, list: &str, it: &ChecklistItem) -> Value {
    with(
        base(page, &it.id, &it.text, &it.related),
        json!({
            "list": list,
            "handbook": page.site.hb.config.handbook_id,
            "text_html": inline(page, it.text.as_str()),
            "why_html": opt_block(page, &it.why),
            "effort": it.effort.as_ref().map(|e| e.as_str()),
        }),
    )
}

pub fn phase(page: &Page<'_, '_>, list: &str, p: &Phase) -> Value {
    with(
        base(page, &p.id, &p.title, &[]),
        json!({
            "list": list,
            "summary_html": opt_block(page, &p.summary),
            "items": p.items.iter().map(|i| checklist_item(page, list, i)).collect::<Vec<_>>(),
            "count": p.items.len(),
        }),
    )
}

pub fn question(page: &Page<'_, '_>, q: &Question) -> Value {
    with(
        base(page, &q.id, &q.question, &q.related),
        json!({ "answer_html": block(page, q.answer.as_str()) }),
    )
}

pub fn term(page: &Page<'_, '_>, t: &Term) -> Value {
    page.mark_term_linked(t.id.as_str());
    with(
        base(page, &t.id, &t.term, &t.related),
        json!({
            "definition_html": block(page, t.definition.as_str()),
            "aliases": t.aliases.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
        }),
    )
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

// ------------------------------------------------------------- documents

/// The level ladder of a matrix as an SVG diagram (levels link to their home).
pub fn ladder_svg(page: &Page<'_, '_>, m: &Matrix) -> String {
    let levels: Vec<svg::LadderLevel<'_>> = m
        .levels
        .iter()
        .map(|l| svg::LadderLevel {
            title: l.title.as_str(),
            scope: l.scope.as_str(),
            href: page.href(l.id.as_str()),
        })
        .collect();
    svg::ladder(
        &levels,
        &format!("{}: the levels", crate::link::plain_title(m.title.as_str())),
    )
}

pub fn matrix(page: &Page<'_, '_>, doc: &Document, m: &Matrix) -> Value {
    with(
        doc_base(page, doc),
        json!({
            "levels": m.levels.iter().map(|l| level(page, l)).collect::<Vec<_>>(),
            "competencies": m.competencies.iter().map(|c| competency(page, m, c)).collect::<Vec<_>>(),
            "ladder_svg": ladder_svg(page, m),
        }),
    )
}

pub fn framework(page: &Page<'_, '_>, doc: &Document, f: &Framework) -> Value {
    let flow: Vec<svg::FlowStep<'_>> = f
        .steps
        .iter()
        .map(|s| svg::FlowStep {
            title: s.title.as_str(),
            href: page.href(s.id.as_str()),
        })
        .collect();
    with(
        doc_base(page, doc),
        json!({
            "steps": f.steps.iter().enumerate().map(|(i, s)| step(page, i + 1, s)).collect::<Vec<_>>(),
            "flow_svg": svg::steps(&flow, &format!("{}: the steps in order", crate::link::plain_title(f.title.as_str()))),
        }),
    )
}

pub fn mistakes(page: &Page<'_, '_>, doc: &Document, m: &Mistakes) -> Value {
    with(
        doc_base(page, doc),
        json!({ "mistakes": m.mistakes.iter().map(|x| mistake(page, x)).collect::<Vec<_>>() }),
    )
}

pub fn checklist(page: &Page<'_, '_>, doc: &Document, c: &Checklist) -> Value {
    page.needs_js.set(true);
    let list = c.id.as_str();
    let total = c.items.len() + c.phases.iter().map(|p| p.items.len()).sum::<usize>();
    with(
        doc_base(page, doc),
        json!({
            "items": c.items.iter().map(|i| checklist_item(page, list, i)).collect::<Vec<_>>(),
            "phases": c.phases.iter().map(|p| phase(page, list, p)).collect::<Vec<_>>(),
            "count": total,
            "handbook": page.site.hb.config.handbook_id,
        }),
    )
}

pub fn case_study(page: &Page<'_, '_>, doc: &Document, c: &CaseStudy) -> Value {
    with(
        doc_base(page, doc),
        json!({
            "setup_html": block(page, c.setup.as_str()),
            "challenge_html": block(page, c.challenge.as_str()),
            "action_html": block(page, c.action.as_str()),
            "result_html": block(page, c.result.as_str()),
            "metrics": c.metrics.iter().map(metric).collect::<Vec<_>>(),
            "lessons": inlines(page, &c.lessons),
        }),
    )
}

pub fn pattern(page: &Page<'_, '_>, doc: &Document, p: &Pattern) -> Value {
    with(
        doc_base(page, doc),
        json!({
            "problem_html": block(page, p.problem.as_str()),
            "practice_html": block(page, p.practice.as_str()),
            "steps": inlines(page, &p.steps),
            "leverage": p.leverage.as_ref().map(leverage),
        }),
    )
}

pub fn template(page: &Page<'_, '_>, doc: &Document, t: &Template) -> Value {
    page.needs_js.set(true);
    with(
        doc_base(page, doc),
        json!({
            "purpose_html": block(page, t.purpose.as_str()),
            "when_html": block(page, t.when_to_use.as_str()),
            // Newlines as entities: the HTML block must not contain blank lines.
            "body_pre": super::markdown::esc(t.body.as_str()).replace('\n', "&#10;"),
            "filename": t.filename.as_ref().map(|f| f.as_str()),
        }),
    )
}

pub fn faq(page: &Page<'_, '_>, doc: &Document, f: &Faq) -> Value {
    with(
        doc_base(page, doc),
        json!({ "questions": f.questions.iter().map(|q| question(page, q)).collect::<Vec<_>>() }),
    )
}

pub fn glossary(page: &Page<'_, '_>, doc: &Document, g: &Glossary) -> Value {
    with(
        doc_base(page, doc),
        json!({ "terms": g.terms.iter().map(|t| term(page, t)).collect::<Vec<_>>() }),
    )
}

/// The context and template name for any document or item, by id.
pub fn entry(page: &Page<'_, '_>, id: &str) -> Option<(&'static str, Value)> {
    let t = page.site.hb.target(id)?;
    let doc = &page.site.hb.content[t.doc].doc;
    if doc.id().as_str() == id {
        let v = match doc {
            Document::Matrix(x) => matrix(page, doc, x),
            Document::Framework(x) => framework(page, doc, x),
            Document::Mistakes(x) => mistakes(page, doc, x),
            Document::Checklist(x) => checklist(page, doc, x),
            Document::CaseStudy(x) => case_study(page, doc, x),
            Document::Pattern(x) => pattern(page, doc, x),
            Document::Template(x) => template(page, doc, x),
            Document::Faq(x) => faq(page, doc, x),
            Document::Glossary(x) => glossary(page, doc, x),
        };
        return Some((doc.kind().name(), v));
    }
    let name = super::template_name(t.kind);
    let v = match doc {
        Document::Matrix(m) => m
            .levels
            .iter()
            .find(|l| l.id.as_str() == id)
            .map(|l| level(page, l))
            .or_else(|| {
                m.competencies
                    .iter()
                    .find(|c| c.id.as_str() == id)
                    .map(|c| competency(page, m, c))
            })
            .or_else(|| {
                m.competencies
                    .iter()
                    .flat_map(|c| c.behaviours.0.iter().flat_map(|(_, bs)| bs.iter()))
                    .find(|b| b.id.as_str() == id)
                    .map(|b| behaviour(page, b))
            }),
        Document::Framework(f) => f
            .steps
            .iter()
            .position(|s| s.id.as_str() == id)
            .map(|i| step(page, i + 1, &f.steps[i])),
        Document::Mistakes(m) => m
            .mistakes
            .iter()
            .find(|x| x.id.as_str() == id)
            .map(|x| mistake(page, x)),
        Document::Checklist(c) => {
            page.needs_js.set(true);
            let list = c.id.as_str();
            c.items
                .iter()
                .chain(c.phases.iter().flat_map(|p| p.items.iter()))
                .find(|i| i.id.as_str() == id)
                .map(|i| checklist_item(page, list, i))
                .or_else(|| {
                    c.phases
                        .iter()
                        .find(|p| p.id.as_str() == id)
                        .map(|p| phase(page, list, p))
                })
        }
        Document::Faq(f) => f
            .questions
            .iter()
            .find(|q| q.id.as_str() == id)
            .map(|q| question(page, q)),
        Document::Glossary(g) => g
            .terms
            .iter()
            .find(|x| x.id.as_str() == id)
            .map(|x| term(page, x)),
        _ => None,
    }?;
    Some((name, v))
}
