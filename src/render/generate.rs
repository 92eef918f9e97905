//! Pages careerbook adds to the book: when a chapter renders a matrix
//! (`{{#careerbook MATRIX}}`), its level pages, the comparisons of
//! neighbouring levels on every track, and its self-assessment become
//! sub-chapters of that chapter — in the sidebar, search, print page and
//! previous/next navigation, with `careerbook build` and with a plain
//! `mdbook build` + the shim.
//!
//! Paths are stable (they follow ids), next to the chapter, in a folder
//! named after the matrix:
//!
//! ```text
//! MATRIX/levels.md                 Levels (the ladder, a link to each level)
//! MATRIX/levels/LEVEL.md           one page per level
//! MATRIX/compare.md                What changes between levels
//! MATRIX/compare/FROM-to-TO.md     one page per neighbouring pair, per track
//! MATRIX/self-assessment.md        the self-assessment
//! ```
//!
//! A page that a hand-written chapter already provides (the same directive,
//! or the same path) is not generated: never two pages for one level.
//! `generate-pages = false` under `[preprocessor.careerbook]` turns it off.

use std::collections::HashSet;

use crate::link::{Handbook, ResolvedMatrix};
use crate::load::Chapter;
use crate::model::markup::{self, Directive};

use super::markdown::md_escape;

/// A generated page and the pages under it.
#[derive(Debug, Clone)]
pub struct Page {
    pub chapter: Chapter,
    pub children: Vec<Page>,
}

/// The pages generated under one chapter of the book.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The path (under the source folder) of the chapter they go under.
    pub under: String,
    pub pages: Vec<Page>,
}

/// What the hand-written chapters already provide.
#[derive(Default)]
struct Existing {
    paths: HashSet<String>,
    levels: HashSet<(String, String)>,
    compares: HashSet<(String, String, String)>,
    assessments: HashSet<String>,
}

fn existing(hb: &Handbook, chapters: &[Chapter]) -> Existing {
    let mut e = Existing::default();
    for ch in chapters {
        e.paths.insert(ch.path.clone());
        for found in markup::directives(&ch.text) {
            let owner = |level: &str| hb.target(level).and_then(|t| t.parent.clone());
            match found.directive {
                Ok(Directive::Level(l, m)) => {
                    if let Some(m) = m.map(|m| m.id).or_else(|| owner(&l.id)) {
                        e.levels.insert((m, l.id));
                    }
                }
                Ok(Directive::Compare(a, b, m)) => {
                    if let Some(m) = m.map(|m| m.id).or_else(|| owner(&a.id)) {
                        e.compares.insert((m.clone(), a.id.clone(), b.id.clone()));
                        e.compares.insert((m, b.id, a.id));
                    }
                }
                Ok(Directive::Assessment(m, _)) => {
                    e.assessments.insert(m.id);
                }
                _ => {}
            }
        }
    }
    e
}

/// The pages to generate for the book's `chapters` (in book order).
pub fn pages(hb: &Handbook, chapters: &[Chapter]) -> Vec<Generated> {
    if !hb.config.generate_pages {
        return Vec::new();
    }
    let mut have = existing(hb, chapters);
    let mut done: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for ch in chapters {
        let mut pages = Vec::new();
        for found in markup::directives(&ch.text) {
            let Ok(Directive::Entry(arg)) = found.directive else {
                continue;
            };
            let Some(m) = hb.matrix(&arg.id) else {
                continue;
            };
            // Under the first chapter that shows the matrix.
            if !done.insert(m.id.clone()) {
                continue;
            }
            let dir = match ch.path.rsplit_once('/') {
                Some((d, _)) => format!("{d}/{}", m.id),
                None => m.id.clone(),
            };
            pages.extend(for_matrix(hb, m, &dir, &ch.file, &mut have));
        }
        if !pages.is_empty() {
            out.push(Generated {
                under: ch.path.clone(),
                pages,
            });
        }
    }
    out
}

/// A generated chapter at `path` (under the source folder).
fn page(path: String, name: String, text: String, src_file: &str) -> Page {
    // Diagnostics name the chapter that made it.
    let file = format!("{src_file} (generated {path})");
    Page {
        chapter: Chapter {
            path,
            name,
            file,
            text,
        },
        children: Vec::new(),
    }
}

fn for_matrix(
    hb: &Handbook,
    m: &ResolvedMatrix,
    dir: &str,
    src: &str,
    have: &mut Existing,
) -> Vec<Page> {
    let title = |id: &str| hb.target(id).map_or(id.to_string(), |t| t.title.clone());
    let matrix_title = title(&m.id);
    let mut out = Vec::new();

    // Levels.
    let mut levels = Vec::new();
    let mut list = String::new();
    for l in &m.levels {
        let id = l.id.as_str();
        let path = format!("{dir}/levels/{id}.md");
        let name = title(id);
        if !have.levels.contains(&(m.id.clone(), id.to_string())) && have.paths.insert(path.clone())
        {
            have.levels.insert((m.id.clone(), id.to_string()));
            list.push_str(&format!("- [{}](levels/{id}.md)\n", md_escape(&name)));
            levels.push(page(
                path,
                name.clone(),
                format!(
                    "# {}\n\n{{{{#careerbook-level {id} {}}}}}\n",
                    md_escape(&name),
                    m.id
                ),
                src,
            ));
        }
    }
    let group = format!("{dir}/levels.md");
    if !levels.is_empty() && have.paths.insert(group.clone()) {
        let mut p = page(
            group,
            "Levels".into(),
            format!(
                "# Levels of {}\n\n{{{{#careerbook-ladder {}}}}}\n\n{}",
                md_escape(&matrix_title),
                m.id,
                link_list(&list)
            ),
            src,
        );
        p.children = levels;
        out.push(p);
    } else {
        out.extend(levels);
    }

    // Comparisons of neighbouring levels, each pair once.
    let mut compares = Vec::new();
    let mut list = String::new();
    for (a, b) in m.adjacent_pairs() {
        let (a, b) = (m.levels[a].id.as_str(), m.levels[b].id.as_str());
        let key = (m.id.clone(), a.to_string(), b.to_string());
        let path = format!("{dir}/compare/{a}-to-{b}.md");
        if have.compares.contains(&key) || !have.paths.insert(path.clone()) {
            continue;
        }
        have.compares.insert(key);
        let name = format!("{} → {}", title(a), title(b));
        list.push_str(&format!(
            "- [{}](compare/{a}-to-{b}.md)\n",
            md_escape(&name)
        ));
        compares.push(page(
            path,
            name.clone(),
            format!(
                "# From {} to {}\n\n{{{{#careerbook-compare {a} {b} {}}}}}\n",
                md_escape(&title(a)),
                md_escape(&title(b)),
                m.id
            ),
            src,
        ));
    }
    let group = format!("{dir}/compare.md");
    if !compares.is_empty() && have.paths.insert(group.clone()) {
        let mut p = page(
            group,
            "What changes between levels".into(),
            format!(
                "# What changes between levels of {}\n\nEach page compares two neighbouring levels{}: what is new, what changes, and what is no longer the focus.\n\n{}",
                md_escape(&matrix_title),
                if m.has_tracks() { " on a track" } else { "" },
                link_list(&list)
            ),
            src,
        );
        p.children = compares;
        out.push(p);
    } else {
        out.extend(compares);
    }

    // The self-assessment.
    let path = format!("{dir}/self-assessment.md");
    if !have.assessments.contains(&m.id) && have.paths.insert(path.clone()) {
        have.assessments.insert(m.id.clone());
        out.push(page(
            path,
            "Self-assessment".into(),
            format!(
                "# Self-assessment: {}\n\n{{{{#careerbook-assessment {}}}}}\n",
                md_escape(&matrix_title),
                m.id
            ),
            src,
        ));
    }
    out
}

/// A generated page's list of links (Markdown `- [title](page.md)` lines) in
/// a `cb-links` block, whose items the stylesheet spaces as touch targets.
fn link_list(list: &str) -> String {
    format!("<div class=\"cb-links\">\n\n{list}\n</div>\n")
}
