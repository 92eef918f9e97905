//! Stage 3 — linking: one id namespace over every document and item,
//! resolution of every reference (typed `related` lists, inline `[[id]]` in
//! Markdown fields and chapters, directives), backlinks, matrices merged
//! with what they extend ([`matrix`]), and the checks that need the whole
//! handbook (duplicate ids, dangling references, orphans, unused glossary
//! terms).

pub mod matrix;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use crate::diag::{Diagnostic, Label, Report, Severity, line_col, suggest};
use crate::load::config::Config;
use crate::load::{BrokenFile, Chapter, ContentFile, Loaded};
use crate::model::markup::{self, Directive, DirectiveError};
use crate::model::{Document, EntryKind, Id, Kind, Markdown, Pos};
pub use matrix::ResolvedMatrix;

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
    /// Content files that did not load (their errors are in the report).
    pub broken: Vec<BrokenFile>,
    pub chapters: Vec<Chapter>,
    pub targets: HashMap<String, Target>,
    /// For each id, who refers to it (sorted, without duplicates).
    pub backlinks: HashMap<String, Vec<Referrer>>,
    /// Every matrix with what it inherits, by id.
    pub matrices: HashMap<String, ResolvedMatrix>,
}

impl Handbook {
    /// Load and link the book at `root` (chapters read from its source
    /// folder, or as given, e.g. by mdBook). The report holds every problem,
    /// sorted; an `Err` means the book could not be read at all.
    pub fn open(root: &Path, chapters: Option<Vec<Chapter>>) -> anyhow::Result<(Handbook, Report)> {
        let mut report = Report::new();
        let loaded = crate::load::load(root, chapters, &mut report)?;
        let handbook = link(loaded, &mut report);
        report.sort();
        Ok((handbook, report))
    }

    pub fn target(&self, id: &str) -> Option<&Target> {
        self.targets.get(id)
    }

    pub fn document(&self, id: &str) -> Option<&Document> {
        self.targets.get(id).map(|t| &self.content[t.doc].doc)
    }

    /// The matrix with this id, with what it inherits.
    pub fn matrix(&self, id: &str) -> Option<&ResolvedMatrix> {
        self.matrices.get(id)
    }

    /// The matrix a level belongs to (the one that declares it), and the
    /// level's index in it.
    pub fn level(&self, id: &str) -> Option<(&ResolvedMatrix, usize)> {
        let t = self
            .targets
            .get(id)
            .filter(|t| t.kind == EntryKind::LEVEL)?;
        let m = self.matrices.get(t.parent.as_deref()?)?;
        Some((m, m.level_index(id)?))
    }

    /// Number of entries (documents and items).
    pub(crate) fn entry_count(&self) -> usize {
        self.targets.len()
    }

    /// Documents by kind, each in file order.
    pub(crate) fn by_kind(&self) -> BTreeMap<Kind, Vec<usize>> {
        let mut out: BTreeMap<Kind, Vec<usize>> = BTreeMap::new();
        for (i, cf) in self.content.iter().enumerate() {
            out.entry(cf.doc.kind()).or_default().push(i);
        }
        out
    }
}

/// Position of a reference written inside a YAML Markdown field: the text is
/// searched for in the file from where the field starts.
fn pos_in_field(source: Option<&str>, field: &Markdown, needle: &str, nth: usize) -> Pos {
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
        md: &'a Markdown,
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
    /// Ids in files that did not load: references to them are not errors.
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
                Id::slug(id)
            ));
        } else if let Some(s) = suggest(id, self.sorted_ids.iter().map(String::as_str)) {
            let where_ = &self.targets[s];
            d.help = Some(format!(
                "did you mean `{s}` ({} at {}:{}:{})?",
                where_.kind.label(),
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

    /// Define an id, reporting a duplicate.
    fn define(&mut self, id: &str, kind: EntryKind, file: &str, pos: Pos) -> bool {
        let first = self
            .targets
            .get(id)
            .map(|t| (t.file.clone(), t.pos, t.kind));
        let Some((first_file, first_pos, first_kind)) = first else {
            return true;
        };
        self.report.push(
            Diagnostic::error(
                "ref::duplicate-id",
                format!("duplicate id `{id}`"),
                Label::new(file, pos).with_label(format!("{} defined again here", kind.label())),
            )
            .with_related(
                Label::new(&first_file, first_pos)
                    .with_label(format!("first defined here ({})", first_kind.label())),
            )
            .with_help(format!(
                "an item with this id already exists at {first_file}:{}:{}; ids are shared by every document and item, so pick another",
                first_pos.line, first_pos.col
            )),
        );
        false
    }
}

/// Link a loaded book. Problems go to `report`; the handbook is returned even
/// when there are errors (callers decide whether to go on).
pub fn link(loaded: Loaded, report: &mut Report) -> Handbook {
    let Loaded {
        config,
        content,
        broken,
        chapters,
    } = loaded;
    let mut l = Linker {
        report,
        targets: HashMap::new(),
        backlinks: HashMap::new(),
        referring: HashSet::new(),
        sorted_ids: Vec::new(),
        unparsed: HashSet::new(),
    };

    // 1. The namespace: every id defined once. Files that did not load
    // take part with the ids they seem to define.
    for (i, cf) in content.iter().enumerate() {
        for e in cf.doc.entries() {
            let id = e.id.as_str();
            if !l.define(id, e.kind, &cf.file, e.id.pos()) {
                continue;
            }
            l.targets.insert(
                id.to_string(),
                Target {
                    doc: i,
                    kind: e.kind,
                    title: plain_title(e.title),
                    parent: e.parent.map(|p| p.as_str().to_string()),
                    file: cf.file.clone(),
                    pos: e.id.pos(),
                },
            );
        }
    }
    for bf in &broken {
        for (id, kind, pos) in &bf.ids {
            if l.targets.contains_key(id) {
                l.define(id, *kind, &bf.file, *pos);
            }
            l.unparsed.insert(id.clone());
        }
    }
    l.sorted_ids = l.targets.keys().cloned().collect();
    l.sorted_ids.sort();
    // Titles that contain `[[id]]`: show the target's title.
    let with_refs: Vec<(String, String)> = content
        .iter()
        .flat_map(|cf| cf.doc.entries())
        .filter(|e| e.title.contains("[["))
        .map(|e| {
            let resolved = title_with(e.title, |id| l.targets.get(id).map(|t| t.title.clone()));
            (e.id.as_str().to_string(), resolved)
        })
        .collect();
    for (id, title) in with_refs {
        if let Some(t) = l.targets.get_mut(&id) {
            t.title = title;
        }
    }

    // 2. Matrices with what they extend, tracks and behaviour levels.
    let mut problems = Vec::new();
    let matrices = matrix::resolve_all(&content, &mut problems);
    l.report.extend(problems);

    // 3. References from content. Finding inline references parses
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
    }

    // 4. References and directives in chapters.
    for ch in &chapters {
        let me = Referrer::Chapter(ch.path.clone());
        for r in markup::inline_refs(&ch.text) {
            let pos = || chapter_pos(&ch.text, r.id_range.clone());
            l.resolve(me.clone(), &ch.file, pos, &r.id, "reference");
        }
        for found in markup::directives(&ch.text) {
            check_directive(&mut l, &matrices, ch, &found);
        }
    }

    for v in l.backlinks.values_mut() {
        v.sort();
        v.dedup();
    }

    // 5. Warnings that need the whole picture, only when the picture is
    // complete: a broken file or a wrong reference would make them wrong.
    let complete = !l
        .report
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    if complete {
        warn_orphans(&mut l, &content);
        warn_unused_terms(&mut l, &content, &chapters);
    }

    Handbook {
        config,
        content,
        broken,
        chapters,
        targets: l.targets,
        backlinks: l.backlinks,
        matrices,
    }
}

/// A title as plain text (Markdown emphasis and code marks removed,
/// `[[id|label]]` shown as its label and `[[id]]` as its id).
pub(crate) fn plain_title(s: &str) -> String {
    title_with(s, |_| None)
}

/// [`plain_title`], showing `[[id]]` as `lookup(id)` when it knows it.
pub(crate) fn title_with(s: &str, lookup: impl Fn(&str) -> Option<String>) -> String {
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

fn check_directive(
    l: &mut Linker<'_>,
    matrices: &HashMap<String, ResolvedMatrix>,
    ch: &Chapter,
    found: &markup::Found,
) {
    let me = Referrer::Chapter(ch.path.clone());
    let raw = &found.raw;
    let directive = match &found.directive {
        Ok(d) => d,
        Err(DirectiveError::UnknownName) => {
            let pos = chapter_pos(&ch.text, raw.name_range.clone());
            let names = markup::DIRECTIVES.iter().map(|(n, ..)| *n);
            let mut diag = Diagnostic::error(
                "chapter::unknown-directive",
                format!("unknown directive `{{{{#{}}}}}`", raw.name),
                Label::new(&ch.file, pos).with_label("careerbook has no such directive"),
            );
            diag.help = Some(match suggest(&raw.name, names.clone()) {
                Some(s) => format!("did you mean `{{{{#{s}}}}}`?"),
                None => format!(
                    "directives are: {}",
                    names
                        .map(|n| format!("{{{{#{n}}}}}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
            l.report.push(diag);
            return;
        }
        Err(DirectiveError::Arguments { required, allowed }) => {
            let pos = chapter_pos(&ch.text, raw.range.clone());
            let count = if required < allowed {
                format!("{required} to {allowed}")
            } else {
                allowed.to_string()
            };
            l.report.push(
                Diagnostic::error(
                    "chapter::directive-arguments",
                    format!(
                        "`{{{{#{}}}}}` takes {count} argument{}, found {}",
                        raw.name,
                        if *allowed == 1 { "" } else { "s" },
                        raw.args.len()
                    ),
                    Label::new(&ch.file, pos),
                )
                .with_help(format!("write it as {}", Directive::usage(&raw.name))),
            );
            return;
        }
    };
    let mut targets = Vec::new();
    for (arg, expect) in directive.args() {
        let pos = chapter_pos(&ch.text, arg.range.clone());
        if !l.resolve(me.clone(), &ch.file, || pos, &arg.id, "id") {
            return;
        }
        let t = l.targets[&arg.id].clone();
        if !expect.accepts(t.kind) {
            l.report.push(
                Diagnostic::error(
                    "chapter::directive-target",
                    format!(
                        "`{{{{#{}}}}}` needs a {} id, but this is a {}",
                        directive.name(),
                        expect.describe(),
                        t.kind.label()
                    ),
                    Label::new(&ch.file, pos).with_label(format!("not a {}", expect.describe())),
                )
                .with_help(format!("usage: {}", Directive::usage(directive.name()))),
            );
            return;
        }
        targets.push((t, pos));
    }
    // Levels must belong to the matrix named (a specialisation has the
    // levels of the matrix it extends), or, without one, to one matrix.
    let levels: Vec<&(Target, Pos)> = targets
        .iter()
        .filter(|(t, _)| t.kind == EntryKind::LEVEL)
        .collect();
    let named = match directive {
        Directive::Level(_, Some(m)) | Directive::Compare(_, _, Some(m)) => Some(m),
        _ => None,
    };
    if let Some(m) = named {
        let resolved = matrices.get(&m.id);
        for (t, pos) in &levels {
            let id = &ch.text[pos.offset.unwrap_or(0)..pos.offset.unwrap_or(0) + pos.len];
            if resolved.is_some_and(|r| r.level_index(id).is_none()) {
                l.report.push(
                    Diagnostic::error(
                        "chapter::directive-target",
                        format!("`{id}` is not a level of matrix `{}`", m.id),
                        Label::new(&ch.file, *pos).with_label(format!(
                            "a level of `{}`",
                            t.parent.as_deref().unwrap_or("?")
                        )),
                    )
                    .with_help("name a level of that matrix (or of the matrix it extends)"),
                );
            }
        }
    }
    // Two levels are compared along a track that holds both.
    if let Directive::Compare(from, to, _) = directive {
        let m = named
            .map(|m| m.id.clone())
            .or_else(|| l.targets.get(&from.id).and_then(|t| t.parent.clone()));
        if let Some(r) = m.and_then(|m| matrices.get(&m))
            && let (Some(a), Some(b)) = (r.level_index(&from.id), r.level_index(&to.id))
            && !r
                .tracks
                .iter()
                .any(|t| t.levels.contains(&a) && t.levels.contains(&b))
        {
            l.report.push(
                Diagnostic::error(
                    "chapter::directive-target",
                    format!("`{}` and `{}` are on different tracks", from.id, to.id),
                    Label::new(&ch.file, chapter_pos(&ch.text, to.range.clone())),
                )
                .with_help("compare two levels of the same track"),
            );
        }
    }
    if named.is_none()
        && let Directive::Compare(..) = directive
        && let [(a, _), (b, pos)] = levels.as_slice()
        && a.parent != b.parent
    {
        l.report.push(
            Diagnostic::error(
                "chapter::directive-target",
                "the two levels belong to different matrices",
                Label::new(&ch.file, *pos),
            )
            .with_help("compare two levels of the same matrix"),
        );
    }
}

/// Warn about items that nothing references and that reference nothing.
/// Documents and the items of a matrix and of a checklist's phases are
/// exempt: their container connects them.
fn warn_orphans(l: &mut Linker<'_>, content: &[ContentFile]) {
    for cf in content {
        for e in cf.doc.entries() {
            if matches!(e.kind, EntryKind::Document(_))
                || [
                    EntryKind::LEVEL,
                    EntryKind::TRACK,
                    EntryKind::COMPETENCY,
                    EntryKind::BEHAVIOUR,
                    EntryKind::PHASE,
                    EntryKind::TERM,
                ]
                .contains(&e.kind)
            {
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
                        format!("{} `{id}` is not linked to anything", e.kind.label()),
                        Label::new(&cf.file, e.id.pos()).with_label("nothing refers to it and it refers to nothing"),
                    )
                    .with_help("add `related: [...]` or an inline [[id]] so readers can find it from elsewhere"),
                );
            }
        }
    }
}

/// Warn about glossary terms that no text mentions and nothing references.
fn warn_unused_terms(l: &mut Linker<'_>, content: &[ContentFile], chapters: &[Chapter]) {
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
            corpus.push_str(&e.title.to_lowercase());
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
