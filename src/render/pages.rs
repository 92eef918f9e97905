//! Directives → HTML: documents and items, and the generated pages (index,
//! glossary, level pages, level comparisons, the ladder, the assessment).
//! Everything about levels follows the matrix's tracks (paths through its
//! levels) and shows a specialisation merged with what it extends.

use std::collections::HashSet;

use serde_json::{Value, json};

use super::Page;
use super::context::{self, link};
use super::format::{fingerprint, script_json};
use super::markdown::block;
use super::svg;
use crate::link::ResolvedMatrix;
use crate::link::matrix::ResolvedBehaviour;
use crate::model::Document;
use crate::model::markup::{Arg, Directive};

/// Render one directive.
pub fn directive(page: &Page<'_, '_>, d: &Directive) -> anyhow::Result<String> {
    let t = &page.site.templates;
    match d {
        Directive::Entry(arg) => match context::entry(page, &arg.id) {
            Some((name, ctx)) => t.render(name, ctx),
            None => anyhow::bail!("no document or item has the id `{}`", arg.id),
        },
        Directive::Index => t.render("index", index(page)),
        Directive::Glossary => t.render("glossary-page", glossary(page)),
        Directive::Level(level, m) => {
            t.render("level-page", level_page(page, &level.id, m.as_ref())?)
        }
        Directive::Compare(from, to, m) => {
            t.render("compare", compare(page, &from.id, &to.id, m.as_ref())?)
        }
        Directive::Ladder(m) => {
            let m = matrix(page, &m.id)?;
            Ok(format!(
                "<figure class=\"cb-figure cb-ladder\">{}</figure>",
                context::ladder_svg(page, m)
            ))
        }
        Directive::Assessment(m, template) => {
            page.needs_kit.set(true);
            let template = template.as_ref().map(|a| a.id.as_str());
            t.render("assessment", assessment(page, &m.id, template)?)
        }
    }
}

fn matrix<'h>(page: &Page<'_, 'h>, id: &str) -> anyhow::Result<&'h ResolvedMatrix> {
    page.site
        .hb
        .matrix(id)
        .ok_or_else(|| anyhow::anyhow!("`{id}` is not a matrix"))
}

/// The matrix a level is shown in (the one named, else the one that
/// declares it) and the level's index in it.
fn level_in<'h>(
    page: &Page<'_, 'h>,
    level: &str,
    named: Option<&Arg>,
) -> anyhow::Result<(&'h ResolvedMatrix, usize)> {
    let hb = page.site.hb;
    let found = match named {
        Some(m) => hb
            .matrix(&m.id)
            .and_then(|m| Some((m, m.level_index(level)?))),
        None => hb.level(level),
    };
    found.ok_or_else(|| anyhow::anyhow!("`{level}` is not a level"))
}

/// Every document and item, grouped by kind.
fn index(page: &Page<'_, '_>) -> Value {
    let hb = page.site.hb;
    let mut groups = Vec::new();
    for (kind, docs) in hb.by_kind() {
        let docs: Vec<Value> = docs
            .iter()
            .map(|&i| {
                let id = hb.content[i].doc.id().as_str();
                json!({
                    "doc": link(page, id),
                    "items": children(page, id, 0),
                })
            })
            .collect();
        groups.push(json!({ "label": kind.label(), "kind": kind.name(), "docs": docs }));
    }
    json!({ "groups": groups, "count": hb.entry_count() })
}

fn children(page: &Page<'_, '_>, id: &str, depth: usize) -> Vec<Value> {
    let Some(kids) = page.site.place.children.get(id) else {
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
        if let Some((_, ctx)) = context::entry(page, t.id.as_str()) {
            bucket.push(ctx);
        }
    }
    if let Some(l) = current {
        letters.push(json!({ "letter": l, "terms": bucket }));
    }
    json!({ "letters": letters })
}

/// The levels before `index` on the tracks it is on (nearest last).
fn earlier_levels(m: &ResolvedMatrix, index: usize) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for t in m.tracks_of(index) {
        let at = t.levels.iter().position(|&l| l == index).unwrap_or(0);
        for &l in &t.levels[..at] {
            if !out.contains(&l) {
                out.push(l);
            }
        }
    }
    out.sort_unstable();
    out
}

/// The link to a level's page in this matrix (else to its home).
fn level_link(page: &Page<'_, '_>, m: &ResolvedMatrix, index: usize) -> Value {
    let id = m.levels[index].id.as_str();
    let mut v = link(page, id);
    if let Some(&c) = page
        .site
        .place
        .level_pages
        .get(&(m.id.clone(), id.to_string()))
    {
        v["href"] = page.chapter_href(c).into();
    }
    v
}

/// One level: where it sits on each track, and what each competency
/// expects there, with what earlier levels already expected.
fn level_page(page: &Page<'_, '_>, level: &str, named: Option<&Arg>) -> anyhow::Result<Value> {
    let (m, i) = level_in(page, level, named)?;
    let earlier = earlier_levels(m, i);
    let competencies: Vec<Value> = m
        .competencies
        .iter()
        .map(|c| {
            let before: Vec<Value> = earlier
                .iter()
                .flat_map(|&l| m.behaviours_at(c, l).iter().map(move |b| (l, b)))
                .map(|(l, b)| {
                    let mut v = context::behaviour(page, m, b);
                    v["level"] = page.site.title_of(m.levels[l].id.as_str()).into();
                    v
                })
                .collect();
            json!({
                "competency": link(page, c.competency.id.as_str()),
                "behaviours": m.behaviours_at(c, i).iter().map(|b| context::behaviour(page, m, b)).collect::<Vec<_>>(),
                "earlier_count": before.len(),
                "earlier": before,
            })
        })
        .collect();
    // Where the level sits: on each of its tracks, "level N of M".
    let positions: Vec<Value> = m
        .tracks_of(i)
        .iter()
        .map(|t| {
            let n = t.levels.iter().position(|&l| l == i).unwrap_or(0);
            json!({
                "track": t.id.as_deref().map(|id| link(page, id)),
                "number": n + 1,
                "of": t.levels.len(),
            })
        })
        .collect();
    let mut previous: Vec<usize> = Vec::new();
    let mut next: Vec<usize> = Vec::new();
    for t in m.tracks_of(i) {
        let at = t.levels.iter().position(|&l| l == i).unwrap_or(0);
        if at > 0 && !previous.contains(&t.levels[at - 1]) {
            previous.push(t.levels[at - 1]);
        }
        if let Some(&n) = t.levels.get(at + 1)
            && !next.contains(&n)
        {
            next.push(n);
        }
    }
    // The comparisons with the next levels, where there are pages for them.
    let compares: Vec<Value> = next
        .iter()
        .filter_map(|&n| {
            let key = (m.id.clone(), level.to_string(), m.levels[n].id.as_str().to_string());
            let &c = page.site.place.compare_pages.get(&key)?;
            Some(json!({
                "title": format!("What changes from {} to {}", page.site.title_of(level), page.site.title_of(&key.2)),
                "href": page.chapter_href(c),
            }))
        })
        .collect();
    let mut lv = context::level(page, m, i);
    lv["page_href"] = Value::Null;
    if named.is_some() {
        // A specialisation's level page is not the level's home.
        lv["anchor"] = Value::Null;
    }
    Ok(json!({
        "matrix": link(page, &m.id),
        "level": lv,
        "positions": positions,
        "previous": previous.iter().map(|&l| level_link(page, m, l)).collect::<Vec<_>>(),
        "next": next.iter().map(|&l| level_link(page, m, l)).collect::<Vec<_>>(),
        "compares": compares,
        "competencies": competencies,
    }))
}

/// The levels strictly after `lo` up to `hi` on a track holding both (or
/// every level between them when none does).
fn levels_between(m: &ResolvedMatrix, lo: usize, hi: usize) -> Vec<usize> {
    for t in &m.tracks {
        if let (Some(a), Some(b)) = (
            t.levels.iter().position(|&l| l == lo),
            t.levels.iter().position(|&l| l == hi),
        ) && a < b
        {
            return t.levels[a + 1..=b].to_vec();
        }
    }
    (lo + 1..=hi).collect()
}

/// What changes from one level to another: behaviours that are new, and
/// behaviours that grow out of one at (or below) the lower level
/// (changed). A lower-level behaviour is "no longer the focus" when one of
/// the higher level supersedes it (`builds_on`) — or, in a matrix that
/// declares itself non-cumulative, when nothing at the higher level grows
/// out of it. In a cumulative matrix everything else is still expected.
fn compare(
    page: &Page<'_, '_>,
    from: &str,
    to: &str,
    named: Option<&Arg>,
) -> anyhow::Result<Value> {
    let (m, a) = level_in(page, from, named)?;
    let (m2, b) = level_in(page, to, named)?;
    anyhow::ensure!(
        std::ptr::eq(m, m2),
        "`{from}` and `{to}` are in different matrices"
    );
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    let path = levels_between(m, lo, hi);
    let below: Vec<usize> = earlier_levels(m, lo)
        .into_iter()
        .chain(std::iter::once(lo))
        .collect();
    let mut rows = Vec::new();
    let (mut n_new, mut n_changed, mut n_dropped, mut n_kept) = (0, 0, 0, 0);
    for c in &m.competencies {
        let lower = m.behaviours_at(c, lo);
        let upto: Vec<&ResolvedBehaviour> =
            below.iter().flat_map(|&l| m.behaviours_at(c, l)).collect();
        let upto_ids: HashSet<&str> = upto.iter().map(|b| b.behaviour.id.as_str()).collect();
        let by_id = |id: &str| {
            c.behaviours
                .iter()
                .flatten()
                .find(|b| b.behaviour.id.as_str() == id)
        };
        // Follow `builds_on` down to a behaviour at or below the lower level.
        let root_at_or_below = |b: &ResolvedBehaviour| -> Option<&ResolvedBehaviour> {
            let mut cur = b.behaviour.builds_on.as_ref().map(|x| x.as_str());
            for _ in 0..64 {
                let id = cur?;
                if upto_ids.contains(id) {
                    return by_id(id);
                }
                cur = by_id(id).and_then(|x| x.behaviour.builds_on.as_ref().map(|y| y.as_str()));
            }
            None
        };
        let upper: Vec<&ResolvedBehaviour> =
            path.iter().flat_map(|&l| m.behaviours_at(c, l)).collect();
        let mut new = Vec::new();
        let mut changed = Vec::new();
        let mut grown: HashSet<&str> = HashSet::new();
        for bh in &upper {
            match root_at_or_below(bh) {
                Some(root) => {
                    grown.insert(root.behaviour.id.as_str());
                    let mut v = context::behaviour(page, m, bh);
                    v["before_html"] = block(page, root.behaviour.text.as_str()).into();
                    changed.push(v);
                }
                None => new.push(context::behaviour(page, m, bh)),
            }
        }
        let dropped: Vec<Value> = if m.cumulative {
            // Superseded ones are shown as changed; the rest still apply.
            n_kept += upto.len()
                - upto
                    .iter()
                    .filter(|b| grown.contains(b.behaviour.id.as_str()))
                    .count();
            Vec::new()
        } else {
            lower
                .iter()
                .filter(|x| !grown.contains(x.behaviour.id.as_str()))
                .map(|x| context::behaviour(page, m, x))
                .collect()
        };
        n_new += new.len();
        n_changed += changed.len();
        n_dropped += dropped.len();
        if new.is_empty() && changed.is_empty() && dropped.is_empty() {
            continue;
        }
        rows.push(json!({
            "competency": link(page, c.competency.id.as_str()),
            "new": new,
            "changed": changed,
            "dropped": dropped,
        }));
    }
    Ok(json!({
        "from": context::level(page, m, lo),
        "to": context::level(page, m, hi),
        "matrix": link(page, &m.id),
        "cumulative": m.cumulative,
        "rows": rows,
        "counts": { "new": n_new, "changed": n_changed, "dropped": n_dropped, "kept": n_kept },
    }))
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
                let is_behaviour = hb.target(e).is_some_and(|t| t.kind == EntryKind::BEHAVIOUR);
                if !is_behaviour && !ids.contains(e) {
                    ids.push(e.clone());
                }
            }
        }
    }
    ids.iter().map(|id| link(page, id)).collect()
}

/// The fingerprint of a behaviour's text: readers are told when the text
/// they rated has changed.
fn text_fingerprint(text: &str) -> String {
    format!("{:08x}", fingerprint([text]) & 0xffff_ffff)
}

/// A competency's key in share links (docs/assessment-data.md): a hash of
/// its id and its behaviours' ids in order, in base 36. A link's ratings of
/// a competency are used only where the key matches, so a link made for
/// another version of the matrix still fills every unchanged competency.
fn share_key<'a>(competency: &'a str, behaviours: impl Iterator<Item = &'a str>) -> String {
    let mut hash = fingerprint(std::iter::once(competency).chain(behaviours)) & 0xffff_ffff;
    let mut digits = Vec::new();
    loop {
        digits.push(char::from_digit((hash % 36) as u32, 36).unwrap_or('0'));
        hash /= 36;
        if hash == 0 {
            break;
        }
    }
    digits.iter().rev().collect()
}

/// The self-assessment: the whole rubric (readable and printable without
/// JavaScript), and the data the script turns into the interactive
/// assessment (documented in docs/assessment-data.md).
fn assessment(page: &Page<'_, '_>, id: &str, template: Option<&str>) -> anyhow::Result<Value> {
    let m = matrix(page, id)?;
    let hb = page.site.hb;
    let plain = |id: &str| page.site.title_of(id).to_string();
    let levels: Vec<Value> = m
        .levels
        .iter()
        .map(|l| {
            json!({
                "id": l.id.as_str(),
                "title": plain(l.id.as_str()),
                "scope": l.scope.as_ref().map_or("", |s| s.as_str()),
            })
        })
        .collect();
    let tracks: Vec<Value> = m
        .tracks
        .iter()
        .map(|t| {
            json!({
                "id": t.id,
                "title": t.title,
                "levels": t.levels.iter().map(|&l| m.levels[l].id.as_str()).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut data_competencies = Vec::new();
    let mut version_parts: Vec<String> = Vec::new();
    let competencies: Vec<Value> = m
        .competencies
        .iter()
        .map(|c| {
            let rows: Vec<Value> = m
                .levels
                .iter()
                .enumerate()
                .filter_map(|(li, l)| {
                    let bs = m.behaviours_at(c, li);
                    (!bs.is_empty()).then(|| {
                        json!({
                            "level": l.id.as_str(),
                            "level_title": plain(l.id.as_str()),
                            "behaviours": bs.iter().map(|b| context::behaviour(page, m, b)).collect::<Vec<_>>(),
                        })
                    })
                })
                .collect();
            let helps = helps(page, &c.competency);
            let cid = c.competency.id.as_str();
            let behaviours: Vec<Value> = c
                .behaviours
                .iter()
                .enumerate()
                .flat_map(|(li, bs)| bs.iter().map(move |b| (li, b)))
                .map(|(li, b)| {
                    let bid = b.behaviour.id.as_str();
                    version_parts.push(format!("{cid}/{}/{bid}/{}", m.levels[li].id, b.behaviour.text));
                    let mut v = json!({
                        "id": bid,
                        "level": m.levels[li].id.as_str(),
                        "text": hb.target(bid).map(|t| t.title.clone()).unwrap_or_default(),
                        "fingerprint": text_fingerprint(b.behaviour.text.as_str()),
                        "href": page.href(bid),
                    });
                    if b.origin != m.id {
                        v["origin"] = b.origin.clone().into();
                    }
                    v
                })
                .collect();
            let key = share_key(cid, behaviours.iter().filter_map(|b| b["id"].as_str()));
            data_competencies.push(json!({
                "id": cid,
                "title": plain(cid),
                "key": key,
                "weight": c.weight,
                "href": page.href(cid),
                "behaviours": behaviours,
                "helps": helps,
            }));
            json!({
                "id": cid,
                "title": plain(cid),
                "href": page.href(cid),
                "weight": c.weight,
                "rows": rows,
                "helps": helps,
            })
        })
        .collect();
    // The promotion-case template whose sections organise the Markdown export:
    // its sections, and for each competency the section its evidence goes under.
    let template = template.and_then(|t| match hb.document(t) {
        Some(Document::Template(t)) => Some(t),
        _ => None,
    });
    let sections = template.map_or_else(Vec::new, |t| promotion_sections(t.body.as_str()));
    if template.is_some() {
        for (c, data) in m.competencies.iter().zip(&mut data_competencies) {
            let cid = c.competency.id.as_str();
            let texts: Vec<&str> = data["behaviours"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|b| b["text"].as_str())
                .collect();
            let title = format!("{} {}", plain(cid), cid.replace('-', " "));
            data["section"] = evidence_home(&sections, &title, &texts.join(" ")).into();
        }
    }
    version_parts.extend(m.levels.iter().map(|l| l.id.as_str().to_string()));
    let version = format!(
        "{:016x}",
        fingerprint(version_parts.iter().map(String::as_str))
    );
    // The track picker lists the tracks only when the matrix has some.
    let named_tracks: Vec<Value> = tracks
        .iter()
        .filter(|t| !t["id"].is_null())
        .cloned()
        .collect();
    let draft = promotion_draft(
        template.map_or_else(|| plain(&m.id), |t| plain(t.id.as_str())),
        match &hb.config.title {
            Some(book) => format!("From the self-assessment in “{book}” ({} {version})", m.id),
            None => format!("From the self-assessment ({} {version})", m.id),
        },
        &sections,
        data_competencies.iter().any(|c| c["section"].is_null()),
    );
    let data = json!({
        "schema": 1,
        "handbook": hb.config.handbook_id,
        "title": hb.config.title,
        "version": version,
        "matrix": m.id,
        "matrix_title": plain(&m.id),
        "extends": m.bases,
        "levels": levels,
        "tracks": tracks,
        "competencies": data_competencies,
        "draft": draft,
    });
    Ok(json!({
        "matrix": m.id,
        "handbook": hb.config.handbook_id,
        "levels": levels,
        "tracks": named_tracks,
        "competencies": competencies,
        // A radar needs three axes: with fewer competencies the table
        // alone shows the result (the chart is drawn, but hidden).
        "radar": m.competencies.len() >= 3,
        "chart_svg": svg::radar_frame(
            &m.competencies
                .iter()
                .map(|c| page.site.title_of(c.competency.id.as_str()))
                .collect::<Vec<_>>(),
            &format!("cb-chart-{}", m.id),
        ),
        "data_json": script_json(&data),
    }))
}

/// The fixed parts of the promotion-case draft (theme/js/promotion.js fills
/// in the rest): its title, where it comes from, and its sections in order,
/// each a heading (with the template's prompts as a comment) for the
/// evidence of the competencies whose `section` is its index, or for what is
/// still to show (`gaps`). Evidence of competencies without a section (all
/// of them without a template) goes under a last "Evidence" section, and
/// what is still to show under "Still to show" when no section takes it.
fn promotion_draft(
    title: String,
    source: String,
    sections: &[PromotionSection],
    homeless: bool,
) -> Value {
    let mut parts: Vec<Value> = sections
        .iter()
        .enumerate()
        .map(|(index, s)| {
            // Shown inside an HTML comment, which "--" would end.
            let prompts = s.prompts.join("\n").trim().replace("--", "- -");
            let head = if prompts.is_empty() {
                format!("## {}\n\n", s.heading)
            } else {
                format!(
                    "## {}\n\n<!-- Template prompts:\n{prompts}\n-->\n\n",
                    s.heading
                )
            };
            json!({ "head": head, "section": index, "gaps": s.gaps })
        })
        .collect();
    if homeless {
        let heading = if sections.is_empty() {
            "Evidence"
        } else {
            "Other evidence"
        };
        parts.push(json!({ "head": format!("## {heading}\n\n"), "section": null, "gaps": false }));
    }
    if !sections.iter().any(|s| s.gaps) {
        parts.push(json!({ "head": "## Still to show\n\n", "section": null, "gaps": true }));
    }
    json!({ "title": format!("# {title} — draft"), "source": source, "parts": parts })
}

/// A section of the promotion-case template: a `## ` or `### ` heading and
/// the lines under it; `gaps`: the section where what is still to show goes
/// (the first whose heading speaks of gaps, next steps or what is still to
/// do).
struct PromotionSection {
    heading: String,
    prompts: Vec<String>,
    gaps: bool,
}

fn promotion_sections(body: &str) -> Vec<PromotionSection> {
    let mut sections: Vec<PromotionSection> = Vec::new();
    for line in body.split('\n') {
        match line
            .strip_prefix("## ")
            .or_else(|| line.strip_prefix("### "))
        {
            Some(heading) => sections.push(PromotionSection {
                heading: heading.trim().to_string(),
                prompts: Vec::new(),
                gaps: false,
            }),
            None => {
                if let Some(s) = sections.last_mut() {
                    s.prompts.push(line.to_string());
                }
            }
        }
    }
    let speaks_of_gaps = |heading: &str| {
        let h = heading.to_lowercase();
        let word_end =
            |i: usize| !h[i..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
        h.contains("still")
            || h.contains("next step")
            || h.match_indices("gap")
                .any(|(i, _)| word_end(i + 3) || (h[i + 3..].starts_with('s') && word_end(i + 4)))
    };
    if let Some(s) = sections.iter_mut().find(|s| speaks_of_gaps(&s.heading)) {
        s.gaps = true;
    }
    sections
}

/// Word stems of 4+ letters (their first five letters), for a rough likeness.
fn stems(text: &str) -> HashSet<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_ascii_lowercase())
        .filter(|w| w.len() >= 4)
        .map(|w| w[..w.len().min(5)].to_string())
        .collect()
}

/// The section a competency's evidence goes under: the one (gaps aside)
/// sharing the most words with the competency's title (`title`, counted
/// three times) and its behaviours (`behaviours`), a word in a heading
/// counting three times one in the prompts; none when nothing is shared.
fn evidence_home(sections: &[PromotionSection], title: &str, behaviours: &str) -> Option<usize> {
    let title_words = stems(title);
    let behaviour_words = stems(behaviours);
    let mut best = (0, None);
    for (i, s) in sections.iter().enumerate().filter(|(_, s)| !s.gaps) {
        let heading = stems(&s.heading);
        let prompts = stems(&s.prompts.join(" "));
        let weight = |w: &String| {
            if heading.contains(w) {
                3
            } else if prompts.contains(w) {
                1
            } else {
                0
            }
        };
        let likeness: usize = title_words.iter().map(|w| 3 * weight(w)).sum::<usize>()
            + behaviour_words.iter().map(weight).sum::<usize>();
        if likeness > best.0 {
            best = (likeness, Some(i));
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn promotion_sections_and_homes() {
        let body = "Intro\n## Scope expansion\nWhat you own -- and how.\n### Quantified impact\nNumbers.\n\
                    ## Still to show (agreed on <date>)\n## Gapless\n";
        let sections = promotion_sections(body);
        let headings: Vec<(&str, bool)> = sections
            .iter()
            .map(|s| (s.heading.as_str(), s.gaps))
            .collect();
        assert_eq!(
            headings,
            [
                ("Scope expansion", false),
                ("Quantified impact", false),
                ("Still to show (agreed on <date>)", true),
                ("Gapless", false),
            ]
        );
        assert_eq!(sections[0].prompts, ["What you own -- and how."]);
        assert!(promotion_sections("## Next steps")[0].gaps);
        assert!(promotion_sections("## Gaps")[0].gaps);
        assert!(!promotion_sections("## Gapless")[0].gaps);
        assert_eq!(
            evidence_home(
                &sections,
                "Quantified impact quantified impact",
                "Measures things"
            ),
            Some(1)
        );
        assert_eq!(
            evidence_home(&sections, "Scope", "owns the scope of a domain"),
            Some(0)
        );
        assert_eq!(evidence_home(&sections, "Mentoring", "teaches"), None);
    }
}
