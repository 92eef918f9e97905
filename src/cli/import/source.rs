//! Reading a YAML source (an FT job family, a Monzo front matter) through
//! careerbook's own YAML parser, with every problem reported at its file,
//! line and column.

use crate::diag::{Diagnostic, Label, suggest};
use crate::model::Pos;
use crate::model::node::{Node, Value};

/// One YAML text being read: the file it is in, where the YAML starts in
/// that file (a front matter starts on line 2), and the problems found.
pub(crate) struct Src<'a> {
    pub file: &'a str,
    /// Lines before the YAML in the file.
    pub line_offset: u32,
    /// Bytes before the YAML in the file.
    pub byte_offset: usize,
    pub diags: Vec<Diagnostic>,
}

impl<'a> Src<'a> {
    pub fn new(file: &'a str) -> Src<'a> {
        Src {
            file,
            line_offset: 0,
            byte_offset: 0,
            diags: Vec::new(),
        }
    }

    /// Parse `yaml` (found at the offsets of `self` in the file).
    pub fn parse(&mut self, yaml: &str) -> Option<Node> {
        match crate::load::yaml::parse(self.file, yaml) {
            Ok(n) => Some(n),
            Err(d) => {
                let mut d = *d;
                self.shift(&mut d.at);
                self.diags.push(d);
                None
            }
        }
    }

    fn shift(&self, l: &mut Label) {
        l.line += self.line_offset;
        l.offset = l.offset.map(|o| o + self.byte_offset);
    }

    /// The place of a node (in the whole file).
    pub fn at(&self, pos: Pos) -> Label {
        let mut l = Label::new(self.file, pos);
        self.shift(&mut l);
        l
    }

    /// `file:line:col` of a node.
    pub fn location(&self, pos: Pos) -> String {
        self.at(pos).location()
    }

    pub fn error(
        &mut self,
        code: &'static str,
        msg: impl Into<String>,
        pos: Pos,
        help: impl Into<String>,
    ) {
        let d = Diagnostic::error(code, msg, self.at(pos)).with_help(help);
        self.diags.push(d);
    }

    pub fn warn(
        &mut self,
        code: &'static str,
        msg: impl Into<String>,
        pos: Pos,
        help: impl Into<String>,
    ) {
        let d = Diagnostic::warning(code, msg, self.at(pos)).with_help(help);
        self.diags.push(d);
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.diags
            .iter()
            .any(|d| d.severity == crate::diag::Severity::Error)
    }

    /// The entries of a mapping, checking its keys: an unknown key is
    /// warned about (it is not imported), a key written twice is an error.
    /// `what` names the mapping in messages ("a level").
    pub fn fields<'n>(
        &mut self,
        node: &'n Node,
        known: &[&str],
        what: &str,
        format: &str,
    ) -> Option<Fields<'n>> {
        let Some(entries) = node.as_map() else {
            self.error(
                "import::type",
                format!(
                    "{what} should be a mapping (key: value lines), not {}",
                    node.value.describe()
                ),
                node.pos,
                format!("see the {format} format"),
            );
            return None;
        };
        let mut out = Fields {
            entries: Vec::new(),
        };
        for (k, v) in entries {
            let Some(name) = k.as_str() else {
                self.warn(
                    "import::unknown-key",
                    format!("a key of {what} is not text; it is not imported"),
                    k.pos,
                    "",
                );
                continue;
            };
            if let Some((_, first, _)) = out.entries.iter().find(|(n, _, _)| *n == name) {
                let first = self.at(*first).with_label("first written here");
                let d = Diagnostic::error(
                    "import::duplicate-key",
                    format!("`{name}` is written twice in {what}"),
                    self.at(k.pos).with_label("written again"),
                )
                .with_related(first)
                .with_help("keep one of them");
                self.diags.push(d);
                continue;
            }
            if !known.contains(&name) {
                let help = match suggest(name, known.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("{what} has {}", known.join(", ")),
                };
                self.warn(
                    "import::unknown-key",
                    format!("`{name}` is not part of the {format} format; it is not imported"),
                    k.pos,
                    help,
                );
                continue;
            }
            out.entries.push((name, k.pos, v));
        }
        Some(out)
    }

    /// A text value (a number or `true` written where text is expected is
    /// taken as written).
    pub fn text(&mut self, node: &Node, what: &str) -> Option<String> {
        match &node.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            other => {
                self.error(
                    "import::type",
                    format!("{what} should be text, not {}", other.describe()),
                    node.pos,
                    "write it as text (quoted if it holds `: ` or starts with a special character)",
                );
                None
            }
        }
    }

    /// A list (an empty value is an empty list).
    pub fn list<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n [Node]> {
        match &node.value {
            Value::Seq(items) => Some(items),
            Value::Null => Some(&[]),
            other => {
                self.error(
                    "import::type",
                    format!("{what} should be a list, not {}", other.describe()),
                    node.pos,
                    "write one `- item` per line",
                );
                None
            }
        }
    }
}

/// The known keys of a mapping, in order, with where each was written.
pub struct Fields<'n> {
    pub entries: Vec<(&'n str, Pos, &'n Node)>,
}

impl<'n> Fields<'n> {
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, _, v)| *v)
            .filter(|v| v.value != Value::Null)
    }
}
