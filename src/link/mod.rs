//! Stage 3 — linking: one id namespace over every document and item,
//! resolution of every reference (typed `related` lists, inline `[[id]]` in
//! Markdown fields and chapters, directives), backlinks, and the checks that
//! need the whole handbook (duplicate ids, dangling references, kind rules,
//! orphans, unused glossary terms).

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::diag::{Diagnostic, Label, Report, line_col, suggest};
use crate::load::config::Config;
use crate::load::{ChapterFile, ContentFile, Loaded};
use crate::model::markup::{self, DIRECTIVES};
use crate::model::{Document, EntryKind, Id, Kind, Pos, Text};

/// Where an id is defined.
#[derive(Debug, Clone)]
pub struct Target {
    /// Index into [`Handbook::content`].
    pub doc: usize,
    pub kind: EntryKind,
    /// Plain title used to label links to it.
    pub title: String,
    /// The id of the entry it is nested in.
    pub parent: Option<String>,
    pub file: String,
    pub pos: Pos,
}

/// Who refers to an id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Referrer {
    /// An entry (document or item), by id.
    Entry(String),
    /// A chapter, by its path under the source folder.
    Chapter(String),
}

/// The validated, resolved handbook that rendering works from.
#[derive(Debug)]
pub struct Handbook {
    pub config: Config,
    pub content: Vec<ContentFile>,
    pub chapters: Vec<ChapterFile>,
    pub targets: HashMap<String, Target>,
    /// For each id, who refers to it (sorted, without duplicates).
    pub backlinks: HashMap<String, Vec<Referrer>>,
}

impl Handbook {
    pub fn target(&self, id: &str) -> Option<&Target> {
        self.targets.get(id)
    }

    pub fn document(&self, id: &str) -> Option<&Document> {
        self.targets.get(id).map(|t| &self.content[t.doc].doc)
    }

    /// Number of entries (documents and items).
    pub fn entry_count(&self) -> usize {
        self.targets.len()
    }
}

/// Position of a reference written inside a YAML Markdown field: the text is
/// searched for in the file from where the field starts.
fn pos_in_field(source: Option<&str>, field: &Text, needle: &str, nth: usize) -> Pos {
    let base = field.pos();
    if let (Some(src), Some(off)) = (source, base.offset) {
        let mut from = off.min(src.len());
        let mut found = None;
        for _ in 0..=nth {
            match src.get(from..).and_then(|s| s.find(needle)) {
                Some(i) => {
                    found = Some(from + i);
                    from += i + needle.len();
                }
                None => return base,
            }
        }
        if let Some(at) = found {
            let (line, col) = line_col(src, at);
            return Pos {
                line,
                col,
                offset: Some(at),
                len: needle.len(),
            };
        }
    }
    base
}

fn chapter_pos(text: &str, range: std::ops::Range<usize>) -> Pos {
    let (line, col) = line_col(text, range.start);
    Pos {
        line,
        col,
        offset: Some(range.start),
        len: range.len(),
    }
}

/// A reference found in content, before it is resolved.
struct FoundRef<'a> {
    /// The id of the entry that refers.
    me: &'a str,
    /// The id referred to.
    id: String,
    at: RefAt<'a>,
}

/// Where a found reference was written (its position is only worked out
/// when it is reported).
enum RefAt<'a> {
    Related(&'a Id),
    Inline {
        md: &'a Text,
        raw: &'a str,
        nth: usize,
        len: usize,
    },
}

struct Linker<'r> {
    report: &'r mut Report,
    targets: HashMap<String, Target>,
    backlinks: HashMap<String, Vec<Referrer>>,
    /// Ids that refer to something (for the orphan warning).
    referring: HashSet<String>,
    sorted_ids: Vec<String>,
    /// Ids in files that failed to load: references to them are not errors.
    unparsed: HashSet<String>,
}

impl Linker<'_> {
    fn unknown(&mut self, file: &str, pos: Pos, id: &str, what: &str) {
        let mut d = Diagnostic::error(
            "ref::unknown-id",
            format!("{what} `{id}` does not exist"),
            Label::new(file, pos).with_label("no document or item has this id"),
        );
        if !Id::is_well_formed(id) {
            d.help = Some(format!(
                "ids use lowercase letters, digits and '-' (e.g. `{}`)",
                crate::load::config::slugify(id)
            ));
        } else if let Some(s) = suggest(id, self.sorted_ids.iter().map(String::as_str)) {
            let where_ = &self.targets[s];
            d.help = Some(format!(
                "did you mean `{s}` ({} at {}:{}:{})?",
                where_.kind.name(),
                where_.file,
                where_.pos.line,
                where_.pos.col
            ));
        }
        self.report.push(d);
    }

    /// Resolve one reference; returns whether it exists. `pos` is only
    /// computed when the reference is reported.
    fn resolve(
        &mut self,
        from: Referrer,
        file: &str,
        pos: impl FnOnce() -> Pos,
        id: &str,
        what: &str,
    ) -> bool {
        if self.targets.contains_key(id) {
            if let Referrer::Entry(e) = &from {
                self.referring.insert(e.clone());
            }
            self.backlinks.entry(id.to_string()).or_default().push(from);
            true
        } else {
            if !self.unparsed.contains(id) {
                self.unknown(file, pos(), id, what);
            }
            false
        }
    }
}

/// Link a loaded book. Problems go to `report`; the handbook is returned even
/// when there are errors (callers decide whether to go on).
pub fn link(loaded: Loaded, report: &mut Report) -> Handbook {
    let Loaded {
        config,
        content,
        chapters,
        unparsed_ids,
    } = loaded;
    let mut l = Linker {
        report,
        targets: HashMap::new(),
        backlinks: HashMap::new(),
        referring: HashSet::new(),
        sorted_ids: Vec::new(),
        unparsed: unparsed_ids.into_iter().collect(),
    };

    // 1. The namespace: every id, well formed and defined once.
    for (i, cf) in content.iter().enumerate() {
        for e in cf.doc.entries() {
            let id = e.id.as_str();
            let pos = e.id.pos();
            if !Id::is_well_formed(id) {
                l.report.push(
                    Diagnostic::error(
                        "model::bad-id",
                        format!("`{id}` is not a valid id"),
                        Label::new(&cf.file, pos).with_label("ids match [a-z0-9][a-z0-9-]*"),
                    )
                    .with_help(format!(
                        "use lowercase letters, digits and '-', e.g. `{}`",
                        crate::load::config::slugify(id)
                    )),
                );
            }
            if let Some(first) = l.targets.get(id) {
                l.report.push(
                    Diagnostic::error(
                        "ref::duplicate-id",
                        format!("duplicate id `{id}`"),
                        Label::new(&cf.file, pos).with_label(format!("{} defined again here", e.kind.name())),
                    )
                    .with_related(
                        Label::new(&first.file, first.pos)
                            .with_label(format!("first defined here ({})", first.kind.name())),
                    )
                    .with_help(format!(
                        "an item with this id already exists at {}:{}:{}; ids are shared by every document and item, so pick another",
                        first.file, first.pos.line, first.pos.col
                    )),
                );
                continue;
            }
            l.targets.insert(
                id.to_string(),
                Target {
                    doc: i,
                    kind: e.kind,
                    title: plain_title(e.title.as_str()),
                    parent: e.parent.map(|p| p.as_str().to_string()),
                    file: cf.file.clone(),
                    pos,
                },
            );
        }
    }
    l.sorted_ids = l.targets.keys().cloned().collect();
    l.sorted_ids.sort();
    // Titles that contain `[[id]]`: show the target's title.
    let with_refs: Vec<(String, String)> = content
        .iter()
        .flat_map(|cf| cf.doc.entries())
        .filter(|e| e.title.as_str().contains("[["))
        .map(|e| {
            let raw = e.title.as_str();
            let resolved = title_with(raw, |id| l.targets.get(id).map(|t| t.title.clone()));
            (e.id.as_str().to_string(), resolved)
        })
        .collect();
    for (id, title) in with_refs {
        if let Some(t) = l.targets.get_mut(&id) {
            t.title = title;
        }
    }

    // 2. References from content. Finding inline references parses
    // Markdown, so each file's are found in parallel; they are resolved in
    // order below.
    let files: Vec<usize> = (0..content.len()).collect();
    let found: Vec<Vec<FoundRef<'_>>> = crate::par::map(&files, |&i| {
        let cf = &content[i];
        let mut out = Vec::new();
        for e in cf.doc.entries() {
            let me = e.id.as_str();
            for r in &e.related {
                if r.as_str() != me {
                    out.push(FoundRef {
                        me,
                        id: r.as_str().to_string(),
                        at: RefAt::Related(r),
                    });
                }
            }
            for md in &e.markdown {
                let mut seen: HashMap<&str, usize> = HashMap::new();
                for r in markup::inline_refs(md.as_str()) {
                    let raw = &md.as_str()[r.range.clone()];
                    let n = seen.entry(raw).or_default();
                    let nth = *n;
                    *n += 1;
                    out.push(FoundRef {
                        me,
                        at: RefAt::Inline {
                            md,
                            raw,
                            nth,
                            len: r.id.len(),
                        },
                        id: r.id,
                    });
                }
            }
        }
        out
    });
    for (cf, refs) in content.iter().zip(found) {
        let source = l.report.source(&cf.file).map(str::to_string);
        for r in refs {
            let me = Referrer::Entry(r.me.to_string());
            match r.at {
                RefAt::Related(id) => {
                    l.resolve(me, &cf.file, || id.pos(), &r.id, "related id");
                }
                RefAt::Inline { md, raw, nth, len } => {
                    let src = source.as_deref();
                    let pos = || {
                        let pos = pos_in_field(src, md, raw, nth);
                        Pos {
                            col: pos.col + 2,
                            offset: pos.offset.map(|o| o + 2),
                            len,
                            ..pos
                        }
                    };
                    l.resolve(me, &cf.file, pos, &r.id, "reference");
                }
            }
        }
        check_kind_rules(&mut l, cf);
    }

    // 3. References and directives in chapters.
    for ch in &chapters {
        let me = Referrer::Chapter(ch.path.to_string_lossy().replace('\\', "/"));
        for r in markup::inline_refs(&ch.text) {
            let pos = || chapter_pos(&ch.text, r.id_range.clone());
            l.resolve(me.clone(), &ch.file, pos, &r.id, "reference");
        }
        for d in markup::directives(&ch.text) {
            check_directive(&mut l, ch, &d);
        }
    }

    for v in l.backlinks.values_mut() {
        v.sort();
        v.dedup();
    }

    // 4. Warnings that need the whole picture.
    warn_orphans(&mut l, &content);
    warn_unused_terms(&mut l, &content, &chapters);

    Handbook {
        config,
        content,
        chapters,
        targets: l.targets,
        backlinks: l.backlinks,
    }
}

/// A title as plain text (Markdown emphasis and code marks removed,
/// `[[id|label]]` shown as its label and `[[id]]` as its id).
pub fn plain_title(s: &str) -> String {
    title_with(s, |_| None)
}

/// [`plain_title`], showing `[[id]]` as `lookup(id)` when it knows it.
pub fn title_with(s: &str, lookup: impl Fn(&str) -> Option<String>) -> String {
    let mut s = s.trim().to_string();
    for r in markup::inline_refs(&s.clone()).iter().rev() {
        let shown = r
            .label
            .clone()
            .or_else(|| lookup(&r.id))
            .unwrap_or_else(|| r.id.clone());
        s.replace_range(r.range.clone(), &shown);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !matches!(c, '*' | '`' | '_') {
            out.push(c);
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn check_directive(l: &mut Linker<'_>, ch: &ChapterFile, d: &markup::Directive) {
    let me = Referrer::Chapter(ch.path.to_string_lossy().replace('\\', "/"));
    let Some((_, usage)) = DIRECTIVES.iter().find(|(n, _)| *n == d.name) else {
        let pos = chapter_pos(
            &ch.text,
            d.range.start + 3..d.range.start + 3 + d.name.len(),
        );
        let mut diag = Diagnostic::error(
            "chapter::unknown-directive",
            format!("unknown directive `{{{{#{}}}}}`", d.name),
            Label::new(&ch.file, pos).with_label("careerbook has no such directive"),
        );
        diag.help = Some(match suggest(&d.name, DIRECTIVES.iter().map(|(n, _)| *n)) {
            Some(s) => format!("did you mean `{{{{#{s}}}}}`?"),
            None => format!(
                "directives are: {}",
                DIRECTIVES
                    .iter()
                    .map(|(n, _)| format!("{{{{#{n}}}}}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
        l.report.push(diag);
        return;
    };
    let required = usage
        .split_whitespace()
        .filter(|w| !w.starts_with('['))
        .count();
    let want = usage.split_whitespace().count();
    if d.args.len() < required || d.args.len() > want {
        let pos = chapter_pos(&ch.text, d.range.clone());
        l.report.push(
            Diagnostic::error(
                "chapter::directive-arguments",
                format!(
                    "`{{{{#{}}}}}` takes {}{} argument{}, found {}",
                    d.name,
                    if required < want {
                        format!("{required} to ")
                    } else {
                        String::new()
                    },
                    want,
                    if want == 1 { "" } else { "s" },
                    d.args.len()
                ),
                Label::new(&ch.file, pos),
            )
            .with_help(format!("write it as {{{{#{} {}}}}}", d.name, usage).replace(" }}", "}}")),
        );
        return;
    }
    let mut kinds = Vec::new();
    for (arg, range) in &d.args {
        let pos = chapter_pos(&ch.text, range.clone());
        if !l.resolve(me.clone(), &ch.file, || pos, arg, "id") {
            return;
        }
        kinds.push((l.targets[arg].clone(), pos));
    }
    let need = |expected: &str, t: &Target| -> bool {
        match expected {
            "matrix" => t.kind == EntryKind::Document(Kind::Matrix),
            "template" => t.kind == EntryKind::Document(Kind::Template),
            "level" => t.kind == EntryKind::Level,
            _ => true,
        }
    };
    let expected: &[&str] = match d.name.as_str() {
        "careerbook-ladder" => &["matrix"],
        "careerbook-assessment" => &["matrix", "template"],
        "careerbook-level" | "careerbook-compare" => &["level", "level"],
        _ => &[],
    };
    for (i, (t, pos)) in kinds.iter().enumerate() {
        let expected = expected.get(i).copied().unwrap_or("");
        if !need(expected, t) {
            l.report.push(
                Diagnostic::error(
                    "chapter::directive-target",
                    format!(
                        "`{{{{#{}}}}}` needs a {expected} id, but this is a {}",
                        d.name,
                        t.kind.name()
                    ),
                    Label::new(&ch.file, *pos).with_label(format!("not a {expected}")),
                )
                .with_help(format!("usage: {{{{#{} {}}}}}", d.name, usage)),
            );
            return;
        }
    }
    if d.name == "careerbook-compare" && kinds.len() == 2 {
        let (a, b) = (&kinds[0].0, &kinds[1].0);
        if a.parent != b.parent {
            l.report.push(
                Diagnostic::error(
                    "chapter::directive-target",
                    "the two levels belong to different matrices",
                    Label::new(&ch.file, kinds[1].1),
                )
                .with_help("compare two levels of the same matrix"),
            );
        }
    }
}

fn check_kind_rules(l: &mut Linker<'_>, cf: &ContentFile) {
    let file = &cf.file;
    match &cf.doc {
        Document::Matrix(m) => {
            if m.levels.is_empty() {
                l.report.push(
                    Diagnostic::error(
                        "model::empty",
                        "a matrix needs at least one level",
                        Label::new(file, m.id.pos()),
                    )
                    .with_help("add `levels:` with `- id: …`, `title: …`, `scope: …`"),
                );
            }
            let level_ids: Vec<&str> = m.levels.iter().map(|x| x.id.as_str()).collect();
            for c in &m.competencies {
                if !(c.weight.is_finite() && c.weight >= 0.0) {
                    l.report.push(Diagnostic::error(
                        "model::weight",
                        format!("the weight of `{}` must be zero or more", c.id),
                        Label::new(file, c.id.pos()),
                    ));
                }
                let mut level_of: HashMap<&str, usize> = HashMap::new();
                for (level, bs) in &c.behaviours.0 {
                    let Some(rank) = level_ids.iter().position(|x| *x == level.as_str()) else {
                        let mut d = Diagnostic::error(
                            "model::unknown-level",
                            format!("`{level}` is not a level of matrix `{}`", m.id),
                            Label::new(file, level.pos())
                                .with_label("not one of this matrix's levels"),
                        );
                        d.help = Some(match suggest(level.as_str(), level_ids.iter().copied()) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => format!("levels are: {}", level_ids.join(", ")),
                        });
                        l.report.push(d);
                        continue;
                    };
                    for b in bs {
                        level_of.insert(b.id.as_str(), rank);
                    }
                }
                for (level, bs) in &c.behaviours.0 {
                    let Some(rank) = level_ids.iter().position(|x| *x == level.as_str()) else {
                        continue;
                    };
                    for b in bs {
                        let Some(base) = &b.builds_on else { continue };
                        match level_of.get(base.as_str()) {
                            Some(r) if *r < rank => {}
                            Some(_) => l.report.push(Diagnostic::error(
                                "model::builds-on",
                                format!("`{}` builds on `{base}`, which is not at a lower level", b.id),
                                Label::new(file, base.pos()).with_label("must be a behaviour of a lower level"),
                            ).with_help("`builds_on` names the behaviour of an earlier level that this one grows out of")),
                            None if l.targets.contains_key(base.as_str()) => l.report.push(Diagnostic::error(
                                "model::builds-on",
                                format!("`{base}` is not a behaviour of competency `{}`", c.id),
                                Label::new(file, base.pos()).with_label("not a behaviour of this competency"),
                            ).with_help("`builds_on` names a behaviour of the same competency at a lower level")),
                            None => {} // reported as an unknown id
                        }
                    }
                }
            }
        }
        Document::Checklist(c) if c.items.is_empty() && c.phases.is_empty() => {
            l.report.push(
                Diagnostic::error(
                    "model::empty",
                    format!("checklist `{}` has no items", c.id),
                    Label::new(file, c.id.pos()),
                )
                .with_help("add `items:` (or `phases:` each with `items:`)"),
            );
        }
        Document::Pattern(p) => {
            if let Some(lv) = &p.leverage {
                for (name, v) in [
                    ("hours_invested", lv.hours_invested),
                    ("hours_saved_per_unit", lv.hours_saved_per_unit),
                    ("units", lv.units),
                    ("horizon", lv.horizon),
                ] {
                    if !(v.is_finite() && v >= 0.0) {
                        l.report.push(Diagnostic::error(
                            "model::leverage",
                            format!("`{name}` must be zero or more"),
                            Label::new(file, lv.unit.pos()),
                        ));
                    }
                }
            }
        }
        Document::CaseStudy(c) => {
            for m in &c.metrics {
                if !(m.before.is_finite() && m.after.is_finite()) {
                    l.report.push(Diagnostic::error(
                        "model::metric",
                        "metric values must be finite numbers",
                        Label::new(file, m.label.pos()),
                    ));
                }
            }
        }
        _ => {}
    }
}

/// Warn about items that nothing references and that reference nothing.
/// Levels, behaviours and phases are exempt: their container connects them.
fn warn_orphans(l: &mut Linker<'_>, content: &[ContentFile]) {
    for cf in content {
        for e in cf.doc.entries() {
            if matches!(
                e.kind,
                EntryKind::Document(_) | EntryKind::Level | EntryKind::Behaviour | EntryKind::Phase
            ) {
                continue;
            }
            let id = e.id.as_str();
            if l.targets
                .get(id)
                .is_some_and(|t| t.file == cf.file && t.pos == e.id.pos())
                && !l.referring.contains(id)
                && !l.backlinks.contains_key(id)
            {
                l.report.push(
                    Diagnostic::warning(
                        "ref::orphan",
                        format!("{} `{id}` is not linked to anything", e.kind.name()),
                        Label::new(&cf.file, e.id.pos()).with_label("nothing refers to it and it refers to nothing"),
                    )
                    .with_help("add `related: [...]` or an inline [[id]] so readers can find it from elsewhere"),
                );
            }
        }
    }
}

/// Warn about glossary terms that no text mentions and nothing references.
fn warn_unused_terms(l: &mut Linker<'_>, content: &[ContentFile], chapters: &[ChapterFile]) {
    let terms: Vec<(&ContentFile, &crate::model::Term)> = content
        .iter()
        .filter_map(|cf| match &cf.doc {
            Document::Glossary(g) => Some(g.terms.iter().map(move |t| (cf, t))),
            _ => None,
        })
        .flatten()
        .collect();
    if terms.is_empty() {
        return;
    }
    // All prose except glossary definitions, lowercased once.
    let mut corpus = String::new();
    for ch in chapters {
        corpus.push_str(&ch.text.to_lowercase());
        corpus.push('\n');
    }
    for cf in content {
        if matches!(cf.doc, Document::Glossary(_)) {
            continue;
        }
        for e in cf.doc.entries() {
            corpus.push_str(&e.title.as_str().to_lowercase());
            corpus.push('\n');
            for md in e.markdown {
                corpus.push_str(&md.as_str().to_lowercase());
                corpus.push('\n');
            }
        }
    }
    for (cf, t) in terms {
        let id = t.id.as_str();
        if l.backlinks.contains_key(id) {
            continue;
        }
        let used = std::iter::once(&t.term)
            .chain(t.aliases.iter())
            .any(|w| mentions(&corpus, &w.as_str().to_lowercase()));
        if !used {
            l.report.push(
                Diagnostic::warning(
                    "glossary::unused",
                    format!("glossary term `{}` is never used", t.term),
                    Label::new(&cf.file, t.id.pos())
                        .with_label("no chapter or content mentions it"),
                )
                .with_help(
                    "use the term (or an alias) somewhere, link it with [[id]], or remove it",
                ),
            );
        }
    }
}

/// Whether `word` occurs in `text` as a whole word.
pub fn mentions(text: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    let is_word = |c: char| c.is_alphanumeric();
    let mut from = 0;
    while let Some(i) = text[from..].find(word) {
        let at = from + i;
        let end = at + word.len();
        let before_ok = text[..at].chars().next_back().is_none_or(|c| !is_word(c));
        let after_ok = text[end..].chars().next().is_none_or(|c| !is_word(c));
        if before_ok && after_ok {
            return true;
        }
        from = at + word.chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// Sorted ids of every entry, for listings.
pub fn sorted_ids(h: &Handbook) -> Vec<&str> {
    let mut v: Vec<&str> = h.targets.keys().map(String::as_str).collect();
    v.sort();
    v
}

/// Entries grouped by document kind, documents in file order.
pub fn by_kind(h: &Handbook) -> BTreeMap<Kind, Vec<usize>> {
    let mut out: BTreeMap<Kind, Vec<usize>> = BTreeMap::new();
    for (i, cf) in h.content.iter().enumerate() {
        out.entry(cf.doc.kind()).or_default().push(i);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_word_mentions() {
        assert!(mentions("write an adr today", "adr"));
        assert!(!mentions("an adrenaline rush", "adr"));
        assert!(mentions("mttr: 2 hours", "mttr"));
    }
}
