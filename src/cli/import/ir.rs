//! What every importer produces: matrices in careerbook's shape, with plain
//! strings, before behaviour ids are settled ([`super::ids`]) and the YAML is
//! written ([`super::writer`]).

use crate::diag::Report;

/// Everything read from one source.
#[derive(Debug, Default)]
pub struct Import {
    /// The matrices, bases before the matrices that extend them.
    pub matrices: Vec<Matrix>,
    /// Chapters of Markdown only (a Monzo framework written as prose).
    pub pages: Vec<Page>,
    /// The part of `SUMMARY.md` the chapters go under (in a book with parts).
    pub part: String,
    /// Problems found in the source (warnings; errors stop the import), with
    /// the source texts for snippets.
    pub report: Report,
    /// How the source was mapped where a reader could not guess it.
    pub notes: Vec<String>,
}

/// A chapter that is only Markdown.
#[derive(Debug, Clone)]
pub struct Page {
    /// The chapter's file name without `.md`.
    pub name: String,
    pub title: String,
    pub markdown: String,
    /// The source file, as shown to the user.
    pub origin: String,
}

/// One matrix, as it will be written.
#[derive(Debug, Clone)]
pub struct Matrix {
    pub id: String,
    pub title: String,
    pub summary: Option<String>,
    pub extends: Option<String>,
    pub cumulative: bool,
    pub levels: Vec<Level>,
    pub tracks: Vec<Track>,
    pub competencies: Vec<Competency>,
    /// With `extends`: behaviours (and weights) added to inherited
    /// competencies; `title` and `summary` are not written.
    pub extensions: Vec<Competency>,
    /// The source file, as shown to the user.
    pub origin: String,
    /// Comment lines written at the top of the file (source fields that
    /// careerbook has no place for).
    pub comments: Vec<String>,
    /// Markdown written in the chapter above the directive.
    pub intro: Option<String>,
    /// Whether the source gives the matrix's title and summary (a CSV file
    /// does not: an update keeps what the file says).
    pub titled_by_source: bool,
}

#[derive(Debug, Clone)]
pub struct Level {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone)]
pub struct Track {
    pub id: String,
    pub title: String,
    pub levels: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Competency {
    pub id: String,
    pub title: String,
    pub summary: Option<String>,
    pub weight: Option<f64>,
    /// What derived behaviour ids start with (the competency's id, or for an
    /// extension the specialisation's own prefix).
    pub prefix: String,
    pub cells: Vec<Cell>,
}

/// The behaviours of one competency at one level.
#[derive(Debug, Clone)]
pub struct Cell {
    pub level: String,
    /// The level's part of derived behaviour ids (`senior`, `l3`).
    pub key: String,
    pub behaviours: Vec<Behaviour>,
}

#[derive(Debug, Clone)]
pub struct Behaviour {
    /// The id: given by the source, or settled by [`super::ids`].
    pub id: Option<String>,
    pub text: String,
    pub examples: Vec<String>,
    /// Comment lines written above the behaviour.
    pub comments: Vec<String>,
}

impl Matrix {
    /// Every competency and extension, mutably.
    pub(crate) fn all_competencies_mut(&mut self) -> impl Iterator<Item = &mut Competency> {
        self.competencies
            .iter_mut()
            .chain(self.extensions.iter_mut())
    }

    pub(crate) fn all_competencies(&self) -> impl Iterator<Item = &Competency> {
        self.competencies.iter().chain(self.extensions.iter())
    }

    pub(crate) fn behaviour_count(&self) -> usize {
        self.all_competencies()
            .flat_map(|c| &c.cells)
            .map(|c| c.behaviours.len())
            .sum()
    }

    /// Every id the matrix defines (itself, levels, tracks, competencies,
    /// behaviours).
    pub fn ids(&self) -> Vec<&str> {
        let mut out = vec![self.id.as_str()];
        out.extend(self.levels.iter().map(|l| l.id.as_str()));
        out.extend(self.tracks.iter().map(|t| t.id.as_str()));
        out.extend(self.competencies.iter().map(|c| c.id.as_str()));
        for c in self.all_competencies() {
            for cell in &c.cells {
                out.extend(cell.behaviours.iter().filter_map(|b| b.id.as_deref()));
            }
        }
        out
    }
}

impl Competency {
    /// The cell of `level`, created (with `key`) at the end when missing.
    pub fn cell(&mut self, level: &str, key: &str) -> &mut Cell {
        let i = match self.cells.iter().position(|c| c.level == level) {
            Some(i) => i,
            None => {
                self.cells.push(Cell {
                    level: level.to_string(),
                    key: key.to_string(),
                    behaviours: Vec::new(),
                });
                self.cells.len() - 1
            }
        };
        &mut self.cells[i]
    }
}

/// `[[` written as `\[[` so that text from a source that does not use
/// careerbook's references shows as written (careerbook reads `[[id]]` as a
/// link).
pub(crate) fn escape_refs(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("[[") {
        let escaped = rest[..i].ends_with('\\');
        out.push_str(&rest[..i]);
        if !escaped {
            out.push('\\');
        }
        out.push_str("[[");
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

/// Markdown from a source, for a chapter: `{{#` (mdBook's and careerbook's
/// directives) and `[[` escaped so that both show as written.
pub(crate) fn escape_chapter(s: &str) -> String {
    escape_refs(s).replace("{{#", "\\{{#")
}

/// Text from a source, trimmed, with line endings made `\n` (and the
/// vertical tab some spreadsheets write for a line break in a cell), other
/// control characters removed, and trailing spaces of lines removed (they
/// would mean a line break in Markdown only by accident).
pub(crate) fn clean_text(s: &str) -> String {
    let s = s
        .replace("\r\n", "\n")
        .replace(['\r', '\u{b}', '\u{c}'], "\n");
    let s: String = s
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect();
    let lines: Vec<&str> = s.lines().map(str::trim_end).collect();
    lines.join("\n").trim().to_string()
}

/// A title from a source: one line, spaces collapsed.
pub(crate) fn clean_title(s: &str) -> String {
    clean_text(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The largest source file read (a spreadsheet or a job family).
pub(crate) const SOURCE_LIMIT: u64 = 64 * 1024 * 1024;

impl Import {
    /// Read a source file (shown as `file`): its text, kept for snippets;
    /// `None` (with the problem reported) when it cannot be read.
    pub(crate) fn read_source(&mut self, path: &std::path::Path, file: &str) -> Option<String> {
        match crate::load::read_text(path, file, SOURCE_LIMIT) {
            Ok(text) => {
                self.report.add_source(file, &text);
                Some(text)
            }
            Err(d) => {
                self.report.push(*d);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_escaped_once() {
        assert_eq!(escape_refs("a [[b]] c"), "a \\[[b]] c");
        assert_eq!(escape_refs("a \\[[b]]"), "a \\[[b]]");
        assert_eq!(escape_refs("[[[x]]"), "\\[[[x]]");
        assert_eq!(escape_chapter("{{#include x}}"), "\\{{#include x}}");
    }

    #[test]
    fn text_is_cleaned() {
        assert_eq!(clean_text("  a  \r\nb \n\n"), "a\nb");
        assert_eq!(clean_title(" Senior\n engineer "), "Senior engineer");
    }
}
