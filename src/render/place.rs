//! Where everything lives in the built site: the chapters in book order,
//! each entry's *home* (the page that carries its anchor), and the level,
//! comparison and assessment page of each matrix. Worked out from the
//! chapters' directives alone, so the export (page URLs) needs no templates.

use std::collections::HashMap;

use crate::link::Handbook;
use crate::load::Chapter;
use crate::model::markup::{self, Directive};
use crate::model::{Document, EntryKind};

/// A chapter as the site knows it.
#[derive(Debug, Clone)]
pub struct PlacedChapter {
    /// Path under the source folder, e.g. `levels/senior.md`.
    pub path: String,
    /// The chapter's name in the table of contents.
    pub name: String,
    /// Its URL path from the site root, e.g. `levels/senior.html`.
    pub html: String,
}

#[derive(Debug, Clone, Default)]
pub struct Placement {
    pub chapters: Vec<PlacedChapter>,
    /// id → index of its home chapter.
    pub home: HashMap<String, usize>,
    /// (matrix id, level id) → the chapter of that level's page.
    pub level_pages: HashMap<(String, String), usize>,
    /// (matrix id, from level, to level) → the chapter comparing them.
    pub compare_pages: HashMap<(String, String, String), usize>,
    /// matrix id → the chapter of its self-assessment.
    pub assessment_pages: HashMap<String, usize>,
    /// id → ids of its direct children, in source order.
    pub children: HashMap<String, Vec<String>>,
}

impl Placement {
    /// Place the entries of `hb` on `chapters` (in book order).
    pub fn new(hb: &Handbook, chapters: &[Chapter]) -> Placement {
        let mut p = Placement {
            chapters: chapters
                .iter()
                .map(|c| PlacedChapter {
                    path: c.path.clone(),
                    name: c.name.clone(),
                    html: c.html(),
                })
                .collect(),
            ..Placement::default()
        };
        for cf in &hb.content {
            for e in cf.doc.entries() {
                if let Some(parent) = e.parent {
                    p.children
                        .entry(parent.as_str().to_string())
                        .or_default()
                        .push(e.id.as_str().to_string());
                }
            }
        }
        let directives: Vec<Vec<Directive>> = chapters
            .iter()
            .map(|c| {
                markup::directives(&c.text)
                    .into_iter()
                    .filter_map(|f| f.directive.ok())
                    .collect()
            })
            .collect();
        // Level pages and the glossary page claim their entries first; then
        // the first chapter that shows a document or item.
        for (i, ds) in directives.iter().enumerate() {
            for d in ds {
                match d {
                    Directive::Level(level, matrix) => {
                        let owner = hb.target(&level.id).and_then(|t| t.parent.clone());
                        let matrix = matrix.as_ref().map(|m| m.id.clone()).or(owner.clone());
                        if let Some(m) = &matrix {
                            p.level_pages
                                .entry((m.clone(), level.id.clone()))
                                .or_insert(i);
                        }
                        if matrix == owner {
                            p.home.entry(level.id.clone()).or_insert(i);
                        }
                    }
                    Directive::Compare(from, to, matrix) => {
                        let m = matrix
                            .as_ref()
                            .map(|m| m.id.clone())
                            .or_else(|| hb.target(&from.id).and_then(|t| t.parent.clone()));
                        if let Some(m) = m {
                            p.compare_pages
                                .entry((m, from.id.clone(), to.id.clone()))
                                .or_insert(i);
                        }
                    }
                    Directive::Assessment(m, _) => {
                        p.assessment_pages.entry(m.id.clone()).or_insert(i);
                    }
                    Directive::Glossary => {
                        for cf in &hb.content {
                            if let Document::Glossary(g) = &cf.doc {
                                for t in &g.terms {
                                    p.home.entry(t.id.as_str().to_string()).or_insert(i);
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
                if let Directive::Entry(arg) = d {
                    p.claim(hb, &arg.id, i);
                }
            }
        }
        p
    }

    /// The chapter `id` and everything in it (for a matrix, what it
    /// inherits too) live on, unless they live elsewhere already.
    fn claim(&mut self, hb: &Handbook, id: &str, chapter: usize) {
        self.home.entry(id.to_string()).or_insert(chapter);
        let kids = self.children.get(id).cloned().unwrap_or_default();
        for k in kids {
            self.claim(hb, &k, chapter);
        }
        if hb
            .target(id)
            .is_some_and(|t| t.kind == EntryKind::Document(crate::model::Kind::Matrix))
            && let Some(m) = hb.matrix(id)
        {
            for c in &m.competencies {
                self.claim(hb, c.competency.id.as_str(), chapter);
                for bs in &c.behaviours {
                    for b in bs {
                        self.home
                            .entry(b.behaviour.id.as_str().to_string())
                            .or_insert(chapter);
                    }
                }
            }
            for l in &m.levels {
                self.home
                    .entry(l.id.as_str().to_string())
                    .or_insert(chapter);
            }
        }
    }

    /// The page (from the site root, with its anchor) where `id` lives.
    pub(crate) fn url_of(&self, id: &str) -> Option<String> {
        self.home
            .get(id)
            .map(|&i| format!("{}#{id}", self.chapters[i].html))
    }
}

/// Relative URL from one page to another (both site-root paths).
pub(crate) fn relative_url(from: &str, to: &str) -> String {
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
