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

use super::{EntryKind, Kind};

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

/// A directive as written: `{{#NAME ARG…}}`, for names starting with
/// `careerbook`, before it is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawDirective {
    pub range: Range<usize>,
    pub name: String,
    /// Where the name is written.
    pub name_range: Range<usize>,
    pub args: Vec<Arg>,
}

/// One argument of a directive (an id) and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arg {
    pub id: String,
    pub range: Range<usize>,
}

/// What an argument must name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Any document or item.
    Any,
    /// A document of this kind.
    Document(Kind),
    /// An item of this kind.
    Item(EntryKind),
}

impl Expect {
    pub fn accepts(self, kind: EntryKind) -> bool {
        match self {
            Expect::Any => true,
            Expect::Document(k) => kind == EntryKind::Document(k),
            Expect::Item(k) => kind == k,
        }
    }

    pub fn describe(self) -> String {
        match self {
            Expect::Any => "document or item".into(),
            Expect::Document(k) => k.name().into(),
            Expect::Item(k) => k.label(),
        }
    }
}

/// A directive careerbook understands, checked for its name and number of
/// arguments (what the arguments name is the link stage's check).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Directive {
    /// `{{#careerbook ID}}`: a whole document, or one item.
    Entry(Arg),
    /// `{{#careerbook-index}}`: every document and item, by kind.
    Index,
    /// `{{#careerbook-glossary}}`: every glossary term, alphabetically.
    Glossary,
    /// `{{#careerbook-ladder MATRIX}}`: the levels as a diagram.
    Ladder(Arg),
    /// `{{#careerbook-level LEVEL [MATRIX]}}`: what each competency expects
    /// there (in MATRIX, a specialisation, when given).
    Level(Arg, Option<Arg>),
    /// `{{#careerbook-compare FROM TO [MATRIX]}}`: what changes between two
    /// levels.
    Compare(Arg, Arg, Option<Arg>),
    /// `{{#careerbook-assessment MATRIX [TEMPLATE]}}`: the self-assessment.
    Assessment(Arg, Option<Arg>),
}

/// The directives: name, usage, and what each argument must name (the
/// optional ones last).
pub(crate) const DIRECTIVES: &[(&str, &str, &[Expect], usize)] = &[
    ("careerbook", "ID", &[Expect::Any], 1),
    ("careerbook-index", "", &[], 0),
    ("careerbook-glossary", "", &[], 0),
    (
        "careerbook-ladder",
        "MATRIX_ID",
        &[Expect::Document(Kind::Matrix)],
        1,
    ),
    (
        "careerbook-level",
        "LEVEL_ID [MATRIX_ID]",
        &[
            Expect::Item(EntryKind::LEVEL),
            Expect::Document(Kind::Matrix),
        ],
        1,
    ),
    (
        "careerbook-compare",
        "FROM_LEVEL TO_LEVEL [MATRIX_ID]",
        &[
            Expect::Item(EntryKind::LEVEL),
            Expect::Item(EntryKind::LEVEL),
            Expect::Document(Kind::Matrix),
        ],
        2,
    ),
    (
        "careerbook-assessment",
        "MATRIX_ID [PROMOTION_TEMPLATE_ID]",
        &[
            Expect::Document(Kind::Matrix),
            Expect::Document(Kind::Template),
        ],
        1,
    ),
];

/// Why a directive could not be understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DirectiveError {
    UnknownName,
    /// Too few or too many arguments: (required, allowed).
    Arguments {
        required: usize,
        allowed: usize,
    },
}

impl Directive {
    /// Understand a raw directive.
    pub fn parse(raw: &RawDirective) -> Result<Directive, DirectiveError> {
        let (_, _, expects, required) = DIRECTIVES
            .iter()
            .find(|(n, ..)| *n == raw.name)
            .ok_or(DirectiveError::UnknownName)?;
        if raw.args.len() < *required || raw.args.len() > expects.len() {
            return Err(DirectiveError::Arguments {
                required: *required,
                allowed: expects.len(),
            });
        }
        let arg = |i: usize| raw.args[i].clone();
        Ok(match raw.name.as_str() {
            "careerbook" => Directive::Entry(arg(0)),
            "careerbook-index" => Directive::Index,
            "careerbook-glossary" => Directive::Glossary,
            "careerbook-ladder" => Directive::Ladder(arg(0)),
            "careerbook-level" => Directive::Level(arg(0), raw.args.get(1).cloned()),
            "careerbook-compare" => Directive::Compare(arg(0), arg(1), raw.args.get(2).cloned()),
            "careerbook-assessment" => Directive::Assessment(arg(0), raw.args.get(1).cloned()),
            _ => return Err(DirectiveError::UnknownName),
        })
    }

    /// The arguments, each with what it must name.
    pub fn args(&self) -> Vec<(&Arg, Expect)> {
        let expects = DIRECTIVES
            .iter()
            .find(|(n, ..)| *n == self.name())
            .map_or(&[][..], |(_, _, e, _)| *e);
        let args: Vec<&Arg> = match self {
            Directive::Entry(a) | Directive::Ladder(a) => vec![a],
            Directive::Index | Directive::Glossary => vec![],
            Directive::Level(a, m) | Directive::Assessment(a, m) => {
                std::iter::once(a).chain(m.iter()).collect()
            }
            Directive::Compare(a, b, m) => [a, b].into_iter().chain(m.iter()).collect(),
        };
        args.into_iter().zip(expects.iter().copied()).collect()
    }

    pub fn name(&self) -> &'static str {
        match self {
            Directive::Entry(_) => "careerbook",
            Directive::Index => "careerbook-index",
            Directive::Glossary => "careerbook-glossary",
            Directive::Ladder(_) => "careerbook-ladder",
            Directive::Level(..) => "careerbook-level",
            Directive::Compare(..) => "careerbook-compare",
            Directive::Assessment(..) => "careerbook-assessment",
        }
    }

    /// How to write it, e.g. `{{#careerbook-level LEVEL_ID}}`.
    pub fn usage(name: &str) -> String {
        let usage = DIRECTIVES
            .iter()
            .find(|(n, ..)| *n == name)
            .map_or("", |(_, u, ..)| *u);
        if usage.is_empty() {
            format!("{{{{#{name}}}}}")
        } else {
            format!("{{{{#{name} {usage}}}}}")
        }
    }
}

/// A directive found in a chapter: where, and what it is (or why not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub raw: RawDirective,
    pub directive: Result<Directive, DirectiveError>,
}

/// Parser options matching mdBook 0.5's.
pub(crate) fn cmark_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
}

/// Byte ranges of code spans and code blocks (where nothing is rewritten).
pub(crate) fn code_ranges(md: &str) -> Vec<Range<usize>> {
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

/// Every careerbook directive outside code, in order, as written.
pub(crate) fn raw_directives(md: &str) -> Vec<RawDirective> {
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
            words.push(Arg {
                id: w.to_string(),
                range: inner_start + at..inner_start + at + w.len(),
            });
            pos = at + w.len();
        }
        let mut words = words.into_iter();
        let Some(name) = words.next() else {
            continue;
        };
        out.push(RawDirective {
            range: start..start + end + 2,
            name: name.id,
            name_range: name.range,
            args: words.collect(),
        });
        from = start + end + 2;
    }
    out
}

/// Every careerbook directive outside code, in order, understood.
pub fn directives(md: &str) -> Vec<Found> {
    raw_directives(md)
        .into_iter()
        .map(|raw| Found {
            directive: Directive::parse(&raw),
            raw,
        })
        .collect()
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
        let Ok(Directive::Compare(from, to, None)) = &ds[0].directive else {
            panic!("{:?}", ds[0]);
        };
        assert_eq!((from.id.as_str(), to.id.as_str()), ("senior", "staff"));
        assert_eq!(&md[to.range.clone()], "staff");
        assert_eq!(
            ds[1].directive,
            Ok(Directive::Entry(ds[1].raw.args[0].clone()))
        );
        assert_eq!(ds[1].raw.args[0].id, "adr");
    }
}
