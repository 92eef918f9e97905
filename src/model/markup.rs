//! Part of the model stage: the two pieces of syntax careerbook adds to
//! Markdown, found without touching code spans and code blocks.
//!
//! - inline references `[[id]]` and `[[id|label]]` (in chapters and in every
//!   Markdown field of the YAML);
//! - directives `{{#careerbook ID}}`, `{{#careerbook-index}}` … (in chapters),
//!   following mdBook's `{{#include …}}` syntax, including its `\{{#…}}`
//!   escape.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// `[[id]]` or `[[id|label]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineRef {
    /// The whole `[[…]]`.
    pub range: Range<usize>,
    pub id: String,
    /// Where the id is written.
    pub id_range: Range<usize>,
    pub label: Option<String>,
}

/// `{{#NAME ARG…}}`, for names starting with `careerbook`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub range: Range<usize>,
    pub name: String,
    pub args: Vec<(String, Range<usize>)>,
}

/// The directives careerbook understands, with the arguments each takes.
pub const DIRECTIVES: &[(&str, &str)] = &[
    ("careerbook", "ID"),
    ("careerbook-index", ""),
    ("careerbook-glossary", ""),
    ("careerbook-ladder", "MATRIX_ID"),
    ("careerbook-level", "LEVEL_ID"),
    ("careerbook-compare", "FROM_LEVEL TO_LEVEL"),
    ("careerbook-assessment", "MATRIX_ID [PROMOTION_TEMPLATE_ID]"),
];

/// Parser options matching mdBook 0.5's.
pub fn cmark_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
}

/// Byte ranges of code spans and code blocks (where nothing is rewritten).
pub fn code_ranges(md: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    if !md.contains('`') && !md.contains("~~~") && !md.contains("    ") && !md.contains('\t') {
        return out;
    }
    let mut block_start = None;
    for (ev, range) in Parser::new_ext(md, cmark_options()).into_offset_iter() {
        match ev {
            Event::Code(_) => out.push(range),
            Event::Start(Tag::CodeBlock(_)) => block_start = Some(range),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(r) = block_start.take() {
                    out.push(r.start..range.end.max(r.end));
                }
            }
            _ => {}
        }
    }
    out
}

fn in_ranges(ranges: &[Range<usize>], at: usize) -> bool {
    ranges.iter().any(|r| r.contains(&at))
}

fn escaped(md: &str, at: usize) -> bool {
    at > 0 && md.as_bytes()[at - 1] == b'\\'
}

/// Every inline reference outside code, in order.
pub fn inline_refs(md: &str) -> Vec<InlineRef> {
    if !md.contains("[[") {
        return Vec::new();
    }
    let code = code_ranges(md);
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = md[from..].find("[[") {
        let start = from + i;
        from = start + 2;
        if escaped(md, start) || in_ranges(&code, start) {
            continue;
        }
        let rest = &md[start + 2..];
        let Some(end) = rest.find("]]") else { break };
        let inner = &rest[..end];
        if inner.contains('\n') || inner.contains("[[") || inner.len() > 200 {
            continue;
        }
        let (id_part, label) = match inner.split_once('|') {
            Some((a, b)) => (a, Some(b.trim().to_string())),
            None => (inner, None),
        };
        let lead = id_part.len() - id_part.trim_start().len();
        let id = id_part.trim().to_string();
        let id_start = start + 2 + lead;
        out.push(InlineRef {
            range: start..start + 2 + end + 2,
            id_range: id_start..id_start + id.len(),
            id,
            label: label.filter(|l| !l.is_empty()),
        });
        from = start + 2 + end + 2;
    }
    out
}

/// Every careerbook directive outside code, in order.
pub fn directives(md: &str) -> Vec<Directive> {
    if !md.contains("{{#careerbook") {
        return Vec::new();
    }
    let code = code_ranges(md);
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = md[from..].find("{{#careerbook") {
        let start = from + i;
        from = start + 3;
        if escaped(md, start) || in_ranges(&code, start) {
            continue;
        }
        let Some(end) = md[start..].find("}}") else {
            break;
        };
        let inner_start = start + 3;
        let inner = &md[inner_start..start + end];
        if inner.contains('\n') {
            continue;
        }
        let mut words = Vec::new();
        let mut pos = 0;
        for w in inner.split_whitespace() {
            let at = inner[pos..].find(w).map_or(pos, |p| p + pos);
            words.push((w.to_string(), inner_start + at..inner_start + at + w.len()));
            pos = at + w.len();
        }
        let mut words = words.into_iter();
        let Some((name, _)) = words.next() else {
            continue;
        };
        out.push(Directive {
            range: start..start + end + 2,
            name,
            args: words.collect(),
        });
        from = start + end + 2;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_references_outside_code_only() {
        let md = "See [[adr]] and [[mentoring|the programme]].\n\n`[[not-this]]`\n\n```\n[[nor-this]]\n```\n\\[[escaped]]\n";
        let refs = inline_refs(md);
        let ids: Vec<_> = refs.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["adr", "mentoring"]);
        assert_eq!(refs[1].label.as_deref(), Some("the programme"));
        assert_eq!(&md[refs[0].id_range.clone()], "adr");
        assert_eq!(&md[refs[1].range.clone()], "[[mentoring|the programme]]");
    }

    #[test]
    fn finds_directives_with_arguments() {
        let md = "# Levels\n\n{{#careerbook-compare senior staff}}\n\n    {{#careerbook code}}\n\n\\{{#careerbook escaped}}\n{{#careerbook adr}}\n";
        let ds = directives(md);
        assert_eq!(ds.len(), 2);
        assert_eq!(ds[0].name, "careerbook-compare");
        let args: Vec<_> = ds[0].args.iter().map(|(a, _)| a.as_str()).collect();
        assert_eq!(args, ["senior", "staff"]);
        assert_eq!(&md[ds[0].args[1].1.clone()], "staff");
        assert_eq!(ds[1].args[0].0, "adr");
    }
}
