//! Markdown written in YAML fields → safe HTML.
//!
//! Content arrives by pull request and is not trusted: raw HTML is shown as
//! text (unless the book sets `allow-html = true`), links and images with a
//! scheme other than http(s)/mailto are dropped, images are kept only when
//! they are local (no network request), and `{{` is written as an entity so
//! that no later mdBook preprocessor can interpret it. `[[id]]` references
//! become links; the first mention of a glossary term per chapter links to it.
//! The output never contains a blank line, so it can sit inside an HTML block
//! of a chapter's Markdown.

use std::fmt::Write as _;

use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag, TagEnd};

use super::Page;
use super::format::{classify_url, esc, esc_href, seal};
use crate::model::markup::{self, cmark_options};

const REF_SCHEME: &str = "careerbook-ref:";

/// Escape Markdown punctuation so text is shown literally.
pub(crate) fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\`*_[]<>&#!|~{}()".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Replace `[[id]]` / `[[id|label]]` with Markdown links to an internal
/// scheme that the event pass resolves.
fn substitute_refs(md: &str, page: &Page<'_, '_>) -> String {
    let refs = markup::inline_refs(md);
    if refs.is_empty() {
        return md.to_string();
    }
    let mut out = String::with_capacity(md.len() + 32);
    let mut last = 0;
    for r in refs {
        out.push_str(&md[last..r.range.start]);
        let label = r
            .label
            .clone()
            .unwrap_or_else(|| page.site.title_of(&r.id).to_string());
        let _ = write!(out, "[{}]({REF_SCHEME}{})", md_escape(&label), r.id);
        last = r.range.end;
    }
    out.push_str(&md[last..]);
    out
}

/// Render a Markdown field as block HTML.
pub fn block(page: &Page<'_, '_>, md: &str) -> String {
    render(page, md, false)
}

/// Render a short Markdown field (a title, a list entry) without the
/// surrounding paragraph.
pub fn inline(page: &Page<'_, '_>, md: &str) -> String {
    render(page, md, true)
}

/// Characters that can start Markdown (or HTML) syntax somewhere in a line.
fn is_plain(md: &str) -> bool {
    !md.bytes().any(|b| {
        matches!(
            b,
            b'\\'
                | b'`'
                | b'*'
                | b'_'
                | b'['
                | b']'
                | b'<'
                | b'>'
                | b'&'
                | b'!'
                | b'#'
                | b'|'
                | b'~'
                | b'\n'
                | b'\r'
                | b'{'
                | b'}'
                | b'='
                | b'+'
                | b'-'
                | b':'
                | b'$'
                | b'^'
                | b'"'
                | b'\''
        ) || b.is_ascii_digit()
    }) && !md.starts_with(' ')
}

fn render(page: &Page<'_, '_>, md: &str, inline: bool) -> String {
    // Fast path: text with no Markdown syntax at all (most short fields).
    if is_plain(md) {
        let text = md.trim();
        let mut events = Vec::new();
        page.link_terms(&CowStr::Borrowed(text), &mut events);
        let mut html = String::with_capacity(text.len() + 16);
        if !inline {
            html.push_str("<p>");
        }
        for ev in events {
            match ev {
                Event::Text(t) => html.push_str(&esc(&t)),
                Event::Html(h) => html.push_str(&h),
                _ => {}
            }
        }
        if !inline {
            html.push_str("</p>");
        }
        return seal(&html);
    }
    let src = substitute_refs(md, page);
    let allow_html = page.site.hb.config.allow_html;
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut in_code_block = false;
    let mut link_depth = 0usize;
    // Stack of links/images we dropped (their end tag must be dropped too).
    let mut dropped: Vec<bool> = Vec::new();
    let mut heading = false;
    for ev in Parser::new_ext(&src, cmark_options()) {
        match ev {
            Event::Start(Tag::Paragraph) if inline => {}
            Event::End(TagEnd::Paragraph) if inline => events.push(Event::SoftBreak),
            Event::Html(h) | Event::InlineHtml(h) if !allow_html => events.push(Event::Text(h)),
            Event::Start(Tag::CodeBlock(k)) => {
                in_code_block = true;
                events.push(Event::Start(Tag::CodeBlock(k)));
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code_block = false;
                events.push(Event::End(TagEnd::CodeBlock));
            }
            Event::Text(t) if in_code_block => {
                // Newlines as entities: the block must not contain blank lines.
                events.push(Event::Html(CowStr::from(esc(&t).replace('\n', "&#10;"))));
            }
            Event::Start(Tag::Heading { .. }) => {
                heading = true;
                events.push(ev);
            }
            Event::End(TagEnd::Heading(_)) => {
                heading = false;
                events.push(ev);
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if let Some(target) = dest_url.strip_prefix(REF_SCHEME) {
                    match page.href(target) {
                        Some(href) => {
                            let title_attr = page.site.title_of(target);
                            events.push(Event::Html(CowStr::from(format!(
                                "<a class=\"cb-ref\" href=\"{}\" title=\"{}\">",
                                esc_href(&href),
                                esc(title_attr)
                            ))));
                            dropped.push(false);
                            link_depth += 1;
                        }
                        None => dropped.push(true),
                    }
                    continue;
                }
                if classify_url(&dest_url).safe {
                    link_depth += 1;
                    dropped.push(false);
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                } else {
                    dropped.push(true);
                }
            }
            Event::End(TagEnd::Link) => {
                if dropped.pop() == Some(false) {
                    link_depth = link_depth.saturating_sub(1);
                    events.push(Event::Html(CowStr::from("</a>")));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let kind = classify_url(&dest_url);
                if kind.safe && kind.local {
                    dropped.push(false);
                    events.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                } else {
                    // Keep the alt text, make no request.
                    dropped.push(true);
                }
            }
            Event::End(TagEnd::Image) => {
                if dropped.pop() == Some(false) {
                    events.push(Event::End(TagEnd::Image));
                }
            }
            Event::Text(t) if link_depth == 0 && !heading => {
                page.link_terms(&t, &mut events);
            }
            other => events.push(other),
        }
    }
    if inline {
        while matches!(events.last(), Some(Event::SoftBreak)) {
            events.pop();
        }
    }
    let _ = LinkType::Inline;
    let mut html = String::with_capacity(src.len() * 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    tidy(&html)
}

/// Remove blank lines and neutralise `{{` (see the module docs).
pub fn tidy(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    for line in html.lines() {
        if line.trim().is_empty() {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with('\n') {
        out.pop();
    }
    seal(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_removes_blank_lines_and_braces() {
        assert_eq!(
            tidy("<p>a</p>\n\n  \n<p>{{#include x}}</p>\n"),
            "<p>a</p>\n<p>&#123;&#123;#include x}}</p>"
        );
    }

    #[test]
    fn markdown_escaping() {
        assert_eq!(md_escape("a*b_[c]"), "a\\*b\\_\\[c\\]");
    }
}
