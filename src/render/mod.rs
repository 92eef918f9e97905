//! Stage 4 — rendering: turns the linked [`Handbook`] into HTML fragments
//! spliced into chapters.
//!
//! A [`Site`] knows the chapters (in book order), where each document and
//! item lives (its *home*: the first chapter that renders it, with level
//! pages and the glossary page taking precedence for levels and terms), and
//! the templates. [`Site::render_chapter`] replaces directives with rendered
//! content, `[[id]]` with links, and links the first mention of each glossary
//! term. A chapter with none of these is returned untouched.

pub mod assets;
pub mod context;
pub mod format;
pub mod generate;
pub mod markdown;
pub mod pages;
pub mod place;
pub mod svg;
pub mod templates;

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};

use crate::link::Handbook;
use crate::load::Chapter;
use crate::model::Document;
use crate::model::markup::{self, cmark_options};
pub(crate) use place::{Placement, relative_url};
pub use templates::Templates;

/// Glossary surface forms (terms and aliases) matched case-insensitively.
struct Glossary {
    matcher: AhoCorasick,
    /// For each pattern, the term id.
    ids: Vec<String>,
}

pub struct Site<'h> {
    pub hb: &'h Handbook,
    /// Where every entry lives.
    pub place: Placement,
    pub templates: Templates,
    glossary: Option<Glossary>,
    /// Date of the last commit touching each file (book-root-relative path),
    /// when the book asks for "last updated" and git knows the files.
    pub last_updated: HashMap<String, String>,
    /// Pages that need the script's kit (notices and dialogs, kit.hbs) get
    /// only [`KIT_PLACEHOLDER`], which `careerbook build` replaces with the
    /// kit once mdBook has rendered them: so the kit's text stays out of
    /// mdBook's search index. Otherwise (a book that installs the assets,
    /// built by `mdbook build` too) the kit is in the chapter itself.
    pub kit_later: bool,
}

/// Where the kit goes in a page when [`Site::kit_later`] is set.
pub(crate) const KIT_PLACEHOLDER: &str = "<template class=\"cb-kit\">\n</template>";

/// One page being rendered: remembers which glossary terms it already linked.
pub struct Page<'s, 'h> {
    pub site: &'s Site<'h>,
    pub chapter: usize,
    linked_terms: RefCell<HashSet<String>>,
    /// Set when the page has content the script keeps state for (checklists,
    /// an assessment), whose notices and dialogs are in the kit.
    pub needs_kit: std::cell::Cell<bool>,
    /// Ids given to the headings careerbook rendered on this page.
    heading_ids: RefCell<HashSet<String>>,
    /// The relative URL from this page to each chapter, computed on first use
    /// (links to the same few pages are made thousands of times).
    chapter_urls: Vec<std::cell::OnceCell<String>>,
}

impl<'h> Site<'h> {
    /// A site showing `hb` on `chapters` (in book order).
    pub fn new(hb: &'h Handbook, chapters: &[Chapter], templates: Templates) -> Site<'h> {
        Site {
            hb,
            place: Placement::new(hb, chapters),
            templates,
            glossary: build_glossary(hb),
            last_updated: HashMap::new(),
            kit_later: false,
        }
    }

    /// The kit: the notices and dialogs careerbook's script shows on the
    /// pages it works on (kit.hbs), inert in a `<template>` until used.
    pub fn kit(&self) -> anyhow::Result<String> {
        self.templates.render("kit", serde_json::json!({}))
    }

    /// The latest commit date of a chapter's file and of the content files
    /// of the documents it shows.
    fn chapter_date(&self, chapter: usize) -> Option<String> {
        if self.last_updated.is_empty() {
            return None;
        }
        let cfg = &self.hb.config;
        let src = cfg.src_dir.strip_prefix(&cfg.root).unwrap_or(&cfg.src_dir);
        let own = crate::load::slashed(&src.join(&self.place.chapters[chapter].path));
        let mut dates: Vec<&String> = self.last_updated.get(&own).into_iter().collect();
        for (id, c) in &self.place.home {
            if *c == chapter
                && let Some(t) = self.hb.target(id)
                && t.parent.is_none()
            {
                dates.extend(self.last_updated.get(&t.file));
            }
        }
        dates.into_iter().max().cloned()
    }

    /// The plain title of an entry (its id when unknown).
    pub(crate) fn title_of<'a>(&'a self, id: &'a str) -> &'a str {
        self.hb.target(id).map_or(id, |t| t.title.as_str())
    }

    pub fn page(&self, chapter: usize) -> Page<'_, 'h> {
        Page {
            site: self,
            chapter,
            linked_terms: RefCell::new(HashSet::new()),
            needs_kit: std::cell::Cell::new(false),
            heading_ids: RefCell::new(HashSet::new()),
            chapter_urls: vec![std::cell::OnceCell::new(); self.place.chapters.len()],
        }
    }

    /// Render one chapter. `None` when the chapter has no careerbook syntax
    /// (it is then left byte-for-byte as it was).
    pub fn render_chapter(&self, chapter: usize, text: &str) -> anyhow::Result<Option<String>> {
        let page = self.page(chapter);
        let directives: Vec<(Range<usize>, markup::Directive)> = markup::directives(text)
            .into_iter()
            .filter_map(|f| Some((f.raw.range, f.directive.ok()?)))
            .collect();
        let refs = markup::inline_refs(text);
        let mut edits: Vec<(Range<usize>, String)> = Vec::new();
        // Walk the prose in order so "first mention" follows reading order.
        let mut di = 0;
        let blocked: Vec<Range<usize>> = directives
            .iter()
            .map(|(r, _)| r.clone())
            .chain(refs.iter().map(|r| r.range.clone()))
            .collect();
        for r in &refs {
            let html = match self.hb.target(&r.id) {
                Some(_) => {
                    let label = r.label.as_deref().unwrap_or(self.title_of(&r.id));
                    match page.href(&r.id) {
                        Some(h) => format!(
                            "<a class=\"cb-ref\" href=\"{}\">{}</a>",
                            format::esc(&h),
                            format::esc(label)
                        ),
                        None => format!("<span class=\"cb-ref\">{}</span>", format::esc(label)),
                    }
                }
                None => continue,
            };
            edits.push((r.range.clone(), html));
        }
        let (text_ranges, headings) = prose_ranges(text);
        let render_directive = |(range, d): &(Range<usize>, markup::Directive),
                                edits: &mut Vec<(Range<usize>, String)>|
         -> anyhow::Result<()> {
            let context = headings
                .iter()
                .take_while(|(at, _)| *at < range.start)
                .last()
                .map_or(1, |(_, level)| *level);
            let html = nest_headings(pages::directive(&page, d)?, context);
            let html = heading_ids(&html, &mut page.heading_ids.borrow_mut());
            edits.push((range.clone(), format!("\n\n{html}\n\n")));
            Ok(())
        };
        for tr in &text_ranges {
            while di < directives.len() && directives[di].0.start < tr.start {
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
                                format::esc(&h),
                                format::esc(self.title_of(&id)),
                                format::esc(&text[abs])
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
        // careerbook's stylesheet and script are files of the site, linked
        // from every page (see `assets`): nothing is inlined here.
        let mut out = String::with_capacity(text.len() * 2);
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
        if page.needs_kit.get() {
            // The notices and dialogs the script shows here (kit.hbs), or
            // where `careerbook build` puts them (see `kit_later`).
            out.truncate(out.trim_end().len());
            out.push_str("\n\n");
            if self.kit_later {
                out.push_str(KIT_PLACEHOLDER);
            } else {
                out.push_str(&self.kit()?);
            }
            out.push('\n');
        }
        if let Some(date) = updated {
            out.push_str(&format!(
                "\n\n<p class=\"cb-updated\">Last updated <time datetime=\"{date}\">{date}</time></p>\n"
            ));
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

/// Give every heading of rendered content an id (from its text, unique on
/// the page), unless it has one. mdBook's search splits a page into
/// sections at headings with an id: without one, an item's text would be
/// indexed under the chapter's last heading (and its breadcrumbs would
/// repeat); with one, a search hit lands on the item.
fn heading_ids(html: &str, used: &mut HashSet<String>) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(i) = rest.find("<h") {
        let (before, tag) = rest.split_at(i);
        out.push_str(before);
        let b = tag.as_bytes();
        let is_heading = b.len() > 3
            && (b'1'..=b'6').contains(&b[2])
            && (b[3] == b'>' || b[3].is_ascii_whitespace());
        let Some(end) = tag.find('>').filter(|_| is_heading) else {
            out.push_str("<h");
            rest = &tag[2..];
            continue;
        };
        let open = &tag[..end];
        let close = format!("</h{}>", b[2] as char);
        let text_end = tag.find(&close).unwrap_or(end + 1);
        if open.contains(" id=\"") {
            out.push_str(open);
        } else {
            let text = strip_tags(&tag[end + 1..text_end.max(end + 1)]);
            let mut id = format!("cb-{}", crate::model::Id::slug(&text));
            let base = id.clone();
            let mut n = 2;
            while !used.insert(id.clone()) {
                id = format!("{base}-{n}");
                n += 1;
            }
            out.push_str(open);
            out.push_str(&format!(" id=\"{id}\""));
        }
        rest = &tag[end..];
    }
    out.push_str(rest);
    out
}

/// The text of an HTML fragment, tags removed and entities left as they are.
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
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
    pub fn info(&self) -> &place::PlacedChapter {
        &self.site.place.chapters[self.chapter]
    }

    /// Whether this page is the home of `id` (so it carries the anchor).
    pub(crate) fn is_home(&self, id: &str) -> bool {
        self.site.place.home.get(id) == Some(&self.chapter)
    }

    /// Link to an entry's home, relative to this page.
    pub fn href(&self, id: &str) -> Option<String> {
        let home = *self.site.place.home.get(id)?;
        if home == self.chapter {
            return Some(format!("#{id}"));
        }
        Some(format!("{}#{id}", self.chapter_url(home)))
    }

    fn chapter_url(&self, chapter: usize) -> &str {
        self.chapter_urls[chapter].get_or_init(|| {
            relative_url(&self.info().html, &self.site.place.chapters[chapter].html)
        })
    }

    /// Link to another chapter (by index), relative to this page.
    pub(crate) fn chapter_href(&self, chapter: usize) -> String {
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
            if linked.contains(id) || self.is_home(id) || !self.site.place.home.contains_key(id) {
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
    pub(crate) fn mark_term_linked(&self, id: &str) {
        self.linked_terms.borrow_mut().insert(id.to_string());
    }

    /// Push `text` as events, linking first mentions of glossary terms.
    pub(crate) fn link_terms<'e>(&self, text: &CowStr<'e>, events: &mut Vec<Event<'e>>) {
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
                format::esc(&href),
                format::esc(self.site.title_of(&id)),
                format::esc(&text[r.clone()])
            ))));
            last = r.end;
        }
        if last < text.len() {
            events.push(Event::Text(CowStr::from(text[last..].to_string())));
        }
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
    fn every_rendered_heading_gets_a_unique_id() {
        let mut used = HashSet::new();
        let html = "<h3>The <em>fix</em></h3><h3 id=\"keep\">K</h3><h4 class=\"x\">The fix</h4><hr><header>";
        assert_eq!(
            heading_ids(html, &mut used),
            "<h3 id=\"cb-the-fix\">The <em>fix</em></h3><h3 id=\"keep\">K</h3><h4 class=\"x\" id=\"cb-the-fix-2\">The fix</h4><hr><header>"
        );
        // Unique across the page's directives.
        assert_eq!(
            heading_ids("<h2>The fix</h2>", &mut used),
            "<h2 id=\"cb-the-fix-3\">The fix</h2>"
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
}
