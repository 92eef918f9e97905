//! Stage 4 — rendering: turns the linked [`Handbook`] into HTML fragments
//! spliced into chapters.
//!
//! A [`Site`] knows the chapters (in book order), where each document and
//! item lives (its *home*: the first chapter that renders it, with level
//! pages and the glossary page taking precedence for levels and terms), and
//! the templates. [`Site::render_chapter`] replaces directives with rendered
//! content, `[[id]]` with links, and links the first mention of each glossary
//! term. A chapter with none of these is returned untouched.

pub mod context;
pub mod markdown;
pub mod pages;
pub mod svg;
pub mod templates;

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};

use crate::link::Handbook;
use crate::model::markup::{self, Directive, cmark_options};
use crate::model::{Document, EntryKind};
pub use templates::Templates;

/// The stylesheet and script careerbook adds to pages that show its content:
/// minified from `theme/css/` and `theme/js/` by `scripts/build-assets.sh`
/// into `theme/dist/` (committed, so building needs no node).
pub const CSS: &str = include_str!("../../theme/dist/careerbook.css");
pub const JS: &str = include_str!("../../theme/dist/careerbook.js");

/// A chapter as the site knows it.
#[derive(Debug, Clone)]
pub struct ChapterInfo {
    /// Path under the source folder, e.g. `levels/senior.md`.
    pub path: PathBuf,
    /// The chapter's name in the table of contents.
    pub name: String,
    /// Its URL path from the site root, e.g. `levels/senior.html`.
    pub html: String,
}

impl ChapterInfo {
    pub fn new(path: &Path, name: &str) -> ChapterInfo {
        let p = path.to_string_lossy().replace('\\', "/");
        let html = match p.rsplit_once('/') {
            Some((dir, f)) if f.eq_ignore_ascii_case("readme.md") => format!("{dir}/index.html"),
            None if p.eq_ignore_ascii_case("readme.md") => "index.html".into(),
            _ => match p.strip_suffix(".md") {
                Some(stem) => format!("{stem}.html"),
                None => format!("{p}.html"),
            },
        };
        ChapterInfo {
            path: path.to_path_buf(),
            name: name.to_string(),
            html,
        }
    }
}

/// Relative URL from one page to another (both site-root paths).
pub fn relative_url(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = match from.rsplit_once('/') {
        Some((d, _)) => d.split('/').collect(),
        None => Vec::new(),
    };
    let to_parts: Vec<&str> = to.split('/').collect();
    let (to_dir, to_file) = to_parts.split_at(to_parts.len() - 1);
    let common = from_dir
        .iter()
        .zip(to_dir.iter())
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = String::new();
    for _ in common..from_dir.len() {
        out.push_str("../");
    }
    for d in &to_dir[common..] {
        out.push_str(d);
        out.push('/');
    }
    out.push_str(to_file[0]);
    out
}

/// Glossary surface forms (terms and aliases) matched case-insensitively.
struct Glossary {
    matcher: AhoCorasick,
    /// For each pattern, the term id.
    ids: Vec<String>,
}

pub struct Site<'h> {
    pub hb: &'h Handbook,
    pub chapters: Vec<ChapterInfo>,
    /// id → index of its home chapter.
    pub home: HashMap<String, usize>,
    /// Chapter index of the level page of each level id.
    pub level_pages: HashMap<String, usize>,
    /// id → ids of its direct children, in source order.
    pub children: HashMap<String, Vec<String>>,
    pub templates: Templates,
    glossary: Option<Glossary>,
    /// Date of the last commit touching each file (book-root-relative path),
    /// when the book asks for "last updated" and git knows the files.
    pub last_updated: HashMap<String, String>,
}

/// One page being rendered: remembers which glossary terms it already linked.
pub struct Page<'s, 'h> {
    pub site: &'s Site<'h>,
    pub chapter: usize,
    linked_terms: RefCell<HashSet<String>>,
    /// Set when the page needs careerbook's script.
    pub needs_js: std::cell::Cell<bool>,
    /// The relative URL from this page to each chapter, computed on first use
    /// (links to the same few pages are made thousands of times).
    chapter_urls: Vec<std::cell::OnceCell<String>>,
}

impl<'h> Site<'h> {
    /// `chapters`: (path under src, name, text) in book order.
    pub fn new(
        hb: &'h Handbook,
        chapters: &[(PathBuf, String, String)],
        templates: Templates,
    ) -> Site<'h> {
        let infos: Vec<ChapterInfo> = chapters
            .iter()
            .map(|(p, n, _)| ChapterInfo::new(p, n))
            .collect();
        let mut children: HashMap<String, Vec<String>> = HashMap::new();
        for cf in &hb.content {
            for e in cf.doc.entries() {
                if let Some(p) = e.parent {
                    children
                        .entry(p.as_str().to_string())
                        .or_default()
                        .push(e.id.as_str().to_string());
                }
            }
        }
        let mut site = Site {
            hb,
            chapters: infos,
            home: HashMap::new(),
            level_pages: HashMap::new(),
            children,
            templates,
            glossary: None,
            last_updated: HashMap::new(),
        };
        let directives: Vec<Vec<Directive>> = chapters
            .iter()
            .map(|(_, _, t)| markup::directives(t))
            .collect();
        // Level pages and the glossary page claim their entries first.
        for (i, ds) in directives.iter().enumerate() {
            for d in ds {
                match d.name.as_str() {
                    "careerbook-level" => {
                        if let Some((id, _)) = d.args.first() {
                            site.level_pages.entry(id.clone()).or_insert(i);
                            site.home.entry(id.clone()).or_insert(i);
                        }
                    }
                    "careerbook-glossary" => {
                        for cf in &hb.content {
                            if let Document::Glossary(g) = &cf.doc {
                                for t in &g.terms {
                                    site.home.entry(t.id.as_str().to_string()).or_insert(i);
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        for (i, ds) in directives.iter().enumerate() {
            for d in ds {
                if d.name == "careerbook"
                    && let Some((id, _)) = d.args.first()
                {
                    site.claim(id, i);
                }
            }
        }
        site.glossary = build_glossary(hb);
        site
    }

    /// The latest commit date of a chapter's file and of the content files
    /// of the documents it shows.
    fn chapter_date(&self, chapter: usize) -> Option<String> {
        if self.last_updated.is_empty() {
            return None;
        }
        let cfg = &self.hb.config;
        let src = cfg.src_dir.strip_prefix(&cfg.root).unwrap_or(&cfg.src_dir);
        let own = src
            .join(&self.chapters[chapter].path)
            .to_string_lossy()
            .replace('\\', "/");
        let mut dates: Vec<&String> = self.last_updated.get(&own).into_iter().collect();
        for (id, c) in &self.home {
            if *c == chapter
                && let Some(t) = self.hb.target(id)
                && t.parent.is_none()
            {
                dates.extend(self.last_updated.get(&t.file));
            }
        }
        dates.into_iter().max().cloned()
    }

    fn claim(&mut self, id: &str, chapter: usize) {
        self.home.entry(id.to_string()).or_insert(chapter);
        let kids = self.children.get(id).cloned().unwrap_or_default();
        for k in kids {
            self.claim(&k, chapter);
        }
    }

    /// The plain title of an entry (its id when unknown).
    pub fn title_of<'a>(&'a self, id: &'a str) -> &'a str {
        self.hb.target(id).map_or(id, |t| t.title.as_str())
    }

    pub fn page(&self, chapter: usize) -> Page<'_, 'h> {
        Page {
            site: self,
            chapter,
            linked_terms: RefCell::new(HashSet::new()),
            needs_js: std::cell::Cell::new(false),
            chapter_urls: vec![std::cell::OnceCell::new(); self.chapters.len()],
        }
    }

    /// Render one chapter. `None` when the chapter has no careerbook syntax
    /// (it is then left byte-for-byte as it was).
    pub fn render_chapter(&self, chapter: usize, text: &str) -> anyhow::Result<Option<String>> {
        let page = self.page(chapter);
        let directives = markup::directives(text);
        let refs = markup::inline_refs(text);
        let mut edits: Vec<(Range<usize>, String)> = Vec::new();
        // Walk the prose in order so "first mention" follows reading order.
        let mut di = 0;
        let blocked: Vec<Range<usize>> = directives
            .iter()
            .map(|d| d.range.clone())
            .chain(refs.iter().map(|r| r.range.clone()))
            .collect();
        for r in &refs {
            let html = match self.hb.target(&r.id) {
                Some(_) => {
                    let label = r.label.as_deref().unwrap_or(self.title_of(&r.id));
                    match page.href(&r.id) {
                        Some(h) => format!(
                            "<a class=\"cb-ref\" href=\"{}\">{}</a>",
                            markdown::esc(&h),
                            markdown::esc(label)
                        ),
                        None => format!("<span class=\"cb-ref\">{}</span>", markdown::esc(label)),
                    }
                }
                None => continue,
            };
            edits.push((r.range.clone(), html));
        }
        let (text_ranges, headings) = prose_ranges(text);
        let render_directive =
            |d: &Directive, edits: &mut Vec<(Range<usize>, String)>| -> anyhow::Result<()> {
                let context = headings
                    .iter()
                    .take_while(|(at, _)| *at < d.range.start)
                    .last()
                    .map_or(1, |(_, level)| *level);
                let html = nest_headings(pages::directive(&page, d)?, context);
                edits.push((d.range.clone(), format!("\n\n{html}\n\n")));
                Ok(())
            };
        for tr in &text_ranges {
            while di < directives.len() && directives[di].range.start < tr.start {
                render_directive(&directives[di], &mut edits)?;
                di += 1;
            }
            if self.glossary.is_some() && self.hb.config.glossary_links {
                for (range, id) in page.term_matches(&text[tr.clone()]) {
                    let abs = tr.start + range.start..tr.start + range.end;
                    if blocked
                        .iter()
                        .any(|b| b.start < abs.end && abs.start < b.end)
                    {
                        continue;
                    }
                    if let Some(h) = page.href(&id) {
                        edits.push((
                            abs.clone(),
                            format!(
                                "<a class=\"cb-term\" href=\"{}\" title=\"{}\">{}</a>",
                                markdown::esc(&h),
                                markdown::esc(self.title_of(&id)),
                                markdown::esc(&text[abs])
                            ),
                        ));
                    }
                }
            }
        }
        while di < directives.len() {
            render_directive(&directives[di], &mut edits)?;
            di += 1;
        }
        let updated = self.chapter_date(chapter);
        if edits.is_empty() && updated.is_none() {
            return Ok(None);
        }
        edits.sort_by_key(|(r, _)| r.start);
        let mut out = String::with_capacity(text.len() * 2);
        // Every page careerbook touches gets its stylesheet (links and terms
        // are styled too), before the content: a browser may paint the top of
        // a long page before it has parsed the end, and the content must not
        // move when the styles arrive.
        out.push_str("<style>\n");
        out.push_str(CSS.trim_end());
        out.push_str("\n</style>\n\n");
        let mut last = 0;
        for (r, s) in &edits {
            if r.start < last {
                continue; // overlapping edit (cannot happen for well-formed input)
            }
            out.push_str(&text[last..r.start]);
            out.push_str(s);
            last = r.end;
        }
        out.push_str(&text[last..]);
        if let Some(date) = updated {
            out.push_str(&format!(
                "\n\n<p class=\"cb-updated\">Last updated <time datetime=\"{date}\">{date}</time></p>\n"
            ));
        }
        // The script only where something needs it.
        if page.needs_js.get() {
            out.push_str("\n<script>\n");
            out.push_str(JS.trim_end());
            out.push_str("\n</script>\n");
        }
        Ok(Some(out))
    }
}

/// Byte ranges of prose text in a chapter (outside code, links, headings,
/// HTML), where glossary terms may be linked.
///
/// Also returns where each heading starts and its level, in order.
fn prose_ranges(md: &str) -> (Vec<Range<usize>>, Vec<(usize, u8)>) {
    let mut out = Vec::new();
    let mut headings = Vec::new();
    let mut skip = 0usize;
    for (ev, range) in Parser::new_ext(md, cmark_options()).into_offset_iter() {
        if let Event::Start(Tag::Heading { level, .. }) = &ev {
            headings.push((range.start, *level as u8));
        }
        match ev {
            Event::Start(
                Tag::Link { .. }
                | Tag::Image { .. }
                | Tag::Heading { .. }
                | Tag::CodeBlock(_)
                | Tag::HtmlBlock
                | Tag::MetadataBlock(_),
            ) => skip += 1,
            Event::End(
                TagEnd::Link
                | TagEnd::Image
                | TagEnd::Heading(_)
                | TagEnd::CodeBlock
                | TagEnd::HtmlBlock
                | TagEnd::MetadataBlock(_),
            ) => skip = skip.saturating_sub(1),
            Event::Text(_) if skip == 0 => out.push(range),
            _ => {}
        }
    }
    (out, headings)
}

/// Shift the headings of rendered content so that its top heading sits one
/// level below `context` (the chapter's heading in effect where the content
/// is placed): templates start at `<h2>` or `<h3>`, and a page's outline
/// must not skip a level.
fn nest_headings(html: String, context: u8) -> String {
    // Each heading tag (`<hN …>` or `</hN>`): where its digit is, and N.
    let digits: Vec<(usize, u8)> = {
        let b = html.as_bytes();
        html.match_indices('<')
            .filter_map(|(i, _)| {
                let closing = b.get(i + 1) == Some(&b'/');
                let at = i + 1 + usize::from(closing);
                let (h, n, after) = (b.get(at)?, b.get(at + 1)?, b.get(at + 2)?);
                let heading = *h == b'h'
                    && (b'1'..=b'6').contains(n)
                    && (*after == b'>' || (!closing && after.is_ascii_whitespace()));
                heading.then(|| (at + 1, n - b'0'))
            })
            .collect()
    };
    let Some(top) = digits.iter().map(|&(_, n)| n).min() else {
        return html;
    };
    let shift = i16::from(context.clamp(0, 5)) + 1 - i16::from(top);
    if shift == 0 {
        return html;
    }
    let mut out = html.into_bytes();
    for (at, n) in digits {
        out[at] = b'0' + (i16::from(n) + shift).clamp(1, 6) as u8;
    }
    // Only ASCII digits were replaced by ASCII digits: still UTF-8.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn build_glossary(hb: &Handbook) -> Option<Glossary> {
    let mut patterns = Vec::new();
    let mut ids = Vec::new();
    for cf in &hb.content {
        if let Document::Glossary(g) = &cf.doc {
            for t in &g.terms {
                for w in std::iter::once(&t.term).chain(t.aliases.iter()) {
                    let w = w.as_str().trim();
                    if w.chars().count() >= 2 {
                        patterns.push(w.to_string());
                        ids.push(t.id.as_str().to_string());
                    }
                }
            }
        }
    }
    if patterns.is_empty() {
        return None;
    }
    let matcher = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(&patterns)
        .ok()?;
    Some(Glossary { matcher, ids })
}

impl<'h> Page<'_, 'h> {
    pub fn info(&self) -> &ChapterInfo {
        &self.site.chapters[self.chapter]
    }

    /// Whether this page is the home of `id` (so it carries the anchor).
    pub fn is_home(&self, id: &str) -> bool {
        self.site.home.get(id) == Some(&self.chapter)
    }

    /// Link to an entry's home, relative to this page.
    pub fn href(&self, id: &str) -> Option<String> {
        let home = *self.site.home.get(id)?;
        if home == self.chapter {
            return Some(format!("#{id}"));
        }
        Some(format!("{}#{id}", self.chapter_url(home)))
    }

    fn chapter_url(&self, chapter: usize) -> &str {
        self.chapter_urls[chapter]
            .get_or_init(|| relative_url(&self.info().html, &self.site.chapters[chapter].html))
    }

    /// Link to another chapter (by index), relative to this page.
    pub fn chapter_href(&self, chapter: usize) -> String {
        self.chapter_url(chapter).to_string()
    }

    /// The first unlinked mention of each term in `text` (whole words only),
    /// marking them linked. Terms whose home is this page are not linked.
    fn term_matches(&self, text: &str) -> Vec<(Range<usize>, String)> {
        let Some(g) = &self.site.glossary else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut linked = self.linked_terms.borrow_mut();
        for m in g.matcher.find_iter(text) {
            let id = &g.ids[m.pattern().as_usize()];
            if linked.contains(id) || self.is_home(id) || !self.site.home.contains_key(id) {
                continue;
            }
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            linked.insert(id.clone());
            out.push((m.range(), id.clone()));
        }
        out
    }

    /// Mark a term as already linked (e.g. it is the term being defined).
    pub fn mark_term_linked(&self, id: &str) {
        self.linked_terms.borrow_mut().insert(id.to_string());
    }

    /// Push `text` as events, linking first mentions of glossary terms.
    pub fn link_terms<'e>(&self, text: &CowStr<'e>, events: &mut Vec<Event<'e>>) {
        if !self.site.hb.config.glossary_links {
            events.push(Event::Text(text.clone()));
            return;
        }
        let matches = self.term_matches(text);
        if matches.is_empty() {
            events.push(Event::Text(text.clone()));
            return;
        }
        let mut last = 0;
        for (r, id) in matches {
            if r.start > last {
                events.push(Event::Text(CowStr::from(text[last..r.start].to_string())));
            }
            let href = self.href(&id).unwrap_or_default();
            events.push(Event::Html(CowStr::from(format!(
                "<a class=\"cb-term\" href=\"{}\" title=\"{}\">{}</a>",
                markdown::esc(&href),
                markdown::esc(self.site.title_of(&id)),
                markdown::esc(&text[r.clone()])
            ))));
            last = r.end;
        }
        if last < text.len() {
            events.push(Event::Text(CowStr::from(text[last..].to_string())));
        }
    }
}

/// The template name for an entry kind: its name, as a file name.
pub fn template_name(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::ChecklistItem => "checklist-item",
        k => k.name(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_headings_nest_under_the_chapter_heading() {
        let html =
            "<h3 id=\"a\">A</h3><p>&lt;h3&gt; <hr><header></header></p><h4>B</h4>".to_string();
        // Under `# Title`: the top heading becomes h2.
        assert_eq!(
            nest_headings(html.clone(), 1),
            "<h2 id=\"a\">A</h2><p>&lt;h3&gt; <hr><header></header></p><h3>B</h3>"
        );
        // Under `## Section`: already right.
        assert_eq!(nest_headings(html.clone(), 2), html);
        // Deeper: pushed down, never past h6.
        assert_eq!(
            nest_headings(html.clone(), 5),
            "<h6 id=\"a\">A</h6><p>&lt;h3&gt; <hr><header></header></p><h6>B</h6>"
        );
        assert_eq!(
            nest_headings("<p>no headings</p>".into(), 1),
            "<p>no headings</p>"
        );
    }

    #[test]
    fn relative_urls() {
        assert_eq!(relative_url("a.html", "b.html"), "b.html");
        assert_eq!(
            relative_url("levels/senior.html", "glossary.html"),
            "../glossary.html"
        );
        assert_eq!(relative_url("a/b/c.html", "a/d/e.html"), "../d/e.html");
        assert_eq!(
            relative_url("index.html", "levels/staff.html"),
            "levels/staff.html"
        );
        assert_eq!(relative_url("a/x.html", "a/y.html"), "y.html");
    }

    #[test]
    fn chapter_urls_follow_mdbook() {
        assert_eq!(
            ChapterInfo::new(Path::new("README.md"), "x").html,
            "index.html"
        );
        assert_eq!(
            ChapterInfo::new(Path::new("levels/README.md"), "x").html,
            "levels/index.html"
        );
        assert_eq!(
            ChapterInfo::new(Path::new("levels/staff.md"), "x").html,
            "levels/staff.html"
        );
    }
}
