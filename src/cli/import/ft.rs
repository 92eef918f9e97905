//! `careerbook import ft`: a job family of the Financial Times'
//! engineering-progression format (one YAML file: `name`, `summary`,
//! `levels`, competency `themes`, and `competencies`, each a behaviour at one
//! level of one theme, with an id).
//!
//! | FT                                   | careerbook                            |
//! |--------------------------------------|---------------------------------------|
//! | the file (`engineering.yml`)         | a matrix (`id`: the file's name)       |
//! | `name`, `summary`                    | its `title`, `summary`                 |
//! | `levels[]` `id`, `name`              | levels `MATRIX-ID`, `title`            |
//! | `-ic` / `-pm` levels (or names with "Individual Contributor" / "People Manager") | two `tracks` |
//! | `themes[]` `id`, `name`, `summary`   | competencies `MATRIX-ID`               |
//! | `competencies[]`                     | behaviours, under their theme and level |
//! | … `id`                               | the behaviour's `id` (as written, lower case) |
//! | … `summary`, `examples`              | `text`, `examples`                     |
//! | … `supportingUrls`                   | a "See also" line at the end of `text` |
//! | … `proficiency`, `googleSheetId`, `isLegacy` | comments in the YAML            |

use std::collections::HashMap;
use std::path::Path;

use super::ids::{Ids, qualify};
use super::ir::{self, Import, clean_text, escape_refs};
use super::source::Src;
use crate::diag::{Diagnostic, suggest};
use crate::model::{Id, Pos};

const FORMAT: &str = "FT job-family";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Ic,
    Manager,
}

/// Which side of the fork a level is on, from its id or name.
fn side(id: &str, name: &str) -> Option<Side> {
    let id = id.to_lowercase();
    let name = name.to_lowercase();
    if id.ends_with("-ic") || name.contains("individual contributor") {
        Some(Side::Ic)
    } else if id.ends_with("-pm")
        || id.ends_with("-em")
        || name.contains("people manager")
        || name.contains("engineering manager")
    {
        Some(Side::Manager)
    } else {
        None
    }
}

struct Level {
    ft: String,
    id: String,
    title: String,
    pos: Pos,
}

struct Theme {
    ft: String,
    id: String,
    title: String,
    summary: Option<String>,
}

/// Read `path` (shown as `file`) into one matrix with id `matrix_id`.
pub fn import(path: &Path, file: &str, matrix_id: &str) -> Import {
    let mut out = Import::default();
    let Some(text) = out.read_source(path, file) else {
        return out;
    };
    let mut src = Src::new(file);
    if let Some(m) = read(&mut src, &text, matrix_id, &mut out.notes) {
        out.part = m.title.clone();
        out.matrices.push(m);
    }
    out.report.extend(src.diags);
    out
}

fn read(src: &mut Src, text: &str, matrix_id: &str, notes: &mut Vec<String>) -> Option<ir::Matrix> {
    let root = src.parse(text)?;
    let top = src.fields(
        &root,
        &[
            "name",
            "summary",
            "googleSheetId",
            "isLegacy",
            "levels",
            "themes",
            "competencies",
        ],
        "a job family",
        FORMAT,
    )?;
    let mut ids = Ids::default();
    ids.claim(matrix_id);
    let mut m = ir::Matrix {
        id: matrix_id.to_string(),
        title: String::new(),
        summary: None,
        extends: None,
        cumulative: true,
        levels: Vec::new(),
        tracks: Vec::new(),
        competencies: Vec::new(),
        extensions: Vec::new(),
        origin: src.file.to_string(),
        comments: Vec::new(),
        intro: None,
        titled_by_source: true,
    };
    match top.get("name").and_then(|n| src.text(n, "`name`")) {
        Some(name) if !name.trim().is_empty() => m.title = ir::clean_title(&name),
        _ => {
            src.error(
                "import::missing",
                "the job family has no `name`",
                root.pos,
                "add `name: …` (the job family's name becomes the matrix's title)",
            );
        }
    }
    if let Some(s) = top.get("summary").and_then(|n| src.text(n, "`summary`")) {
        let s = escape_refs(&clean_text(&s));
        m.summary = (!s.is_empty()).then_some(s);
    }
    if let Some(id) = top
        .get("googleSheetId")
        .and_then(|n| src.text(n, "`googleSheetId`"))
    {
        m.comments.push(format!("FT googleSheetId: {}", id.trim()));
    }
    if let Some(n) = top.get("isLegacy") {
        let v = src.text(n, "`isLegacy`").unwrap_or_default();
        if v == "true" {
            m.comments
                .push("FT isLegacy: true (a legacy job family)".into());
        }
    }

    // Levels.
    let mut levels: Vec<Level> = Vec::new();
    match top.get("levels") {
        None => src.error(
            "import::missing",
            "the job family has no `levels`",
            root.pos,
            "add `levels:` with `- id: …` and `name: …` for each level, from the most junior",
        ),
        Some(list) => {
            for node in src.list(list, "`levels`").unwrap_or_default() {
                let Some(f) = src.fields(node, &["id", "name"], "a level", FORMAT) else {
                    continue;
                };
                let (Some(idn), Some(namen)) = (f.get("id"), f.get("name")) else {
                    src.error(
                        "import::missing",
                        "a level needs `id` and `name`",
                        node.pos,
                        "write `- id: senior` and `name: Senior Engineer`",
                    );
                    continue;
                };
                let (Some(ft), Some(name)) = (
                    src.text(idn, "a level's `id`"),
                    src.text(namen, "a level's `name`"),
                ) else {
                    continue;
                };
                if let Some(first) = levels.iter().find(|l| l.ft == ft) {
                    let d = Diagnostic::error(
                        "import::duplicate-id",
                        format!("level `{ft}` is defined twice"),
                        src.at(idn.pos).with_label("defined again"),
                    )
                    .with_related(src.at(first.pos).with_label("first defined here"))
                    .with_help("give each level its own id");
                    src.diags.push(d);
                    continue;
                }
                levels.push(Level {
                    id: ids.derive(&qualify(matrix_id, &ft)),
                    ft,
                    title: ir::clean_title(&name),
                    pos: idn.pos,
                });
            }
            if levels.is_empty() && !src.has_errors() {
                src.error(
                    "import::missing",
                    "`levels` is empty",
                    list.pos,
                    "add `- id: …` and `name: …` for each level",
                );
            }
        }
    }

    // Themes.
    let mut themes: Vec<Theme> = Vec::new();
    let mut theme_pos: Vec<Pos> = Vec::new();
    match top.get("themes") {
        None => src.error(
            "import::missing",
            "the job family has no `themes`",
            root.pos,
            "add `themes:` with `- id: …`, `name: …` and `summary: …` for each competency theme",
        ),
        Some(list) => {
            for node in src.list(list, "`themes`").unwrap_or_default() {
                let Some(f) = src.fields(node, &["id", "name", "summary"], "a theme", FORMAT)
                else {
                    continue;
                };
                let (Some(idn), Some(namen)) = (f.get("id"), f.get("name")) else {
                    src.error(
                        "import::missing",
                        "a theme needs `id` and `name`",
                        node.pos,
                        "write `- id: technical` and `name: Technical`",
                    );
                    continue;
                };
                let (Some(ft), Some(name)) = (
                    src.text(idn, "a theme's `id`"),
                    src.text(namen, "a theme's `name`"),
                ) else {
                    continue;
                };
                if let Some(i) = themes.iter().position(|t| t.ft == ft) {
                    let d = Diagnostic::error(
                        "import::duplicate-id",
                        format!("theme `{ft}` is defined twice"),
                        src.at(idn.pos).with_label("defined again"),
                    )
                    .with_related(src.at(theme_pos[i]).with_label("first defined here"))
                    .with_help("give each theme its own id");
                    src.diags.push(d);
                    continue;
                }
                let summary = f
                    .get("summary")
                    .and_then(|n| src.text(n, "a theme's `summary`"))
                    .map(|s| escape_refs(&clean_text(&s)))
                    .filter(|s| !s.is_empty());
                themes.push(Theme {
                    id: ids.derive(&qualify(matrix_id, &ft)),
                    ft,
                    title: ir::clean_title(&name),
                    summary,
                });
                theme_pos.push(idn.pos);
            }
        }
    }

    // Competencies: the behaviours. The ids FT gives are claimed first.
    struct Found {
        theme: usize,
        level: usize,
        b: ir::Behaviour,
    }
    let mut found: Vec<Found> = Vec::new();
    let mut given: HashMap<String, Pos> = HashMap::new();
    let level_ids: Vec<&str> = levels.iter().map(|l| l.ft.as_str()).collect();
    let theme_ids: Vec<&str> = themes.iter().map(|t| t.ft.as_str()).collect();
    let list = match top.get("competencies") {
        Some(list) => src.list(list, "`competencies`").unwrap_or_default(),
        None => {
            src.error(
                "import::missing",
                "the job family has no `competencies`",
                root.pos,
                "add `competencies:` with one `- id: …` (level, theme, summary) per competency",
            );
            &[]
        }
    };
    for node in list {
        let Some(f) = src.fields(
            node,
            &[
                "id",
                "level",
                "theme",
                "summary",
                "proficiency",
                "examples",
                "supportingUrls",
            ],
            "a competency",
            FORMAT,
        ) else {
            continue;
        };
        let mut ok = true;
        let mut need = |src: &mut Src, key: &str| -> Option<(String, Pos)> {
            match f
                .get(key)
                .map(|n| (src.text(n, &format!("a competency's `{key}`")), n.pos))
            {
                Some((Some(t), pos)) if !t.trim().is_empty() => Some((t, pos)),
                Some((None, _)) => {
                    ok = false;
                    None
                }
                _ => {
                    src.error(
                        "import::missing",
                        format!("this competency has no `{key}`"),
                        node.pos,
                        "every competency needs `id`, `level`, `theme` and `summary`",
                    );
                    ok = false;
                    None
                }
            }
        };
        let id = need(src, "id");
        let level = need(src, "level");
        let theme = need(src, "theme");
        let summary = need(src, "summary");
        let (
            Some((id, id_pos)),
            Some((level, level_pos)),
            Some((theme, theme_pos_)),
            Some((summary, _)),
        ) = (id, level, theme, summary)
        else {
            continue;
        };
        if !ok {
            continue;
        }
        let Some(li) = levels.iter().position(|l| l.ft == level) else {
            let help = match suggest(&level, level_ids.iter().copied()) {
                Some(s) => format!(
                    "did you mean `{s}`? the levels are {}",
                    level_ids.join(", ")
                ),
                None => format!("the levels are {}", level_ids.join(", ")),
            };
            src.error(
                "import::unknown-level",
                format!("competency `{id}` is at level `{level}`, which is not one of the job family's `levels`"),
                level_pos,
                help,
            );
            continue;
        };
        let Some(ti) = themes.iter().position(|t| t.ft == theme) else {
            let help = match suggest(&theme, theme_ids.iter().copied()) {
                Some(s) => format!(
                    "did you mean `{s}`? the themes are {}",
                    theme_ids.join(", ")
                ),
                None => format!("the themes are {}", theme_ids.join(", ")),
            };
            src.error(
                "import::unknown-theme",
                format!("competency `{id}` has theme `{theme}`, which is not one of the job family's `themes`"),
                theme_pos_,
                help,
            );
            continue;
        };
        // The id, as written (FT writes lower-case UUIDs; upper case is
        // lowered).
        let lower = id.trim().to_lowercase();
        let id = if !Id::is_well_formed(&lower) {
            src.warn(
                "import::id",
                format!("`{id}` cannot be a careerbook id; an id is derived instead"),
                id_pos,
                "careerbook ids use lowercase letters, digits and '-'; FT's own ids are UUIDs",
            );
            None
        } else if let Some(first) = given.get(&lower) {
            let d = Diagnostic::error(
                "import::duplicate-id",
                format!("competency id `{lower}` is used twice"),
                src.at(id_pos).with_label("used again"),
            )
            .with_related(src.at(*first).with_label("first used here"))
            .with_help("give each competency its own id (readers' answers are stored under it)");
            src.diags.push(d);
            continue;
        } else {
            given.insert(lower.clone(), id_pos);
            Some(lower)
        };
        let mut text = escape_refs(&clean_text(&summary));
        let mut examples = Vec::new();
        if let Some(list) = f.get("examples").and_then(|n| src.list(n, "`examples`")) {
            for e in list {
                if let Some(t) = src.text(e, "an example") {
                    let t = escape_refs(&clean_text(&t));
                    if !t.is_empty() {
                        examples.push(t);
                    }
                }
            }
        }
        if let Some(list) = f
            .get("supportingUrls")
            .and_then(|n| src.list(n, "`supportingUrls`"))
        {
            let mut links = Vec::new();
            for u in list {
                let Some(uf) = src.fields(u, &["label", "url"], "a supporting URL", FORMAT) else {
                    continue;
                };
                let label = uf.get("label").and_then(|n| src.text(n, "`label`"));
                let url = uf.get("url").and_then(|n| src.text(n, "`url`"));
                match (label, url) {
                    (Some(l), Some(u)) => links.push(format!(
                        "[{}]({})",
                        clean_text(&l).replace('[', "\\[").replace(']', "\\]"),
                        u.trim().replace(' ', "%20").replace(')', "%29")
                    )),
                    (Some(t), None) | (None, Some(t)) => links.push(clean_text(&t)),
                    (None, None) => {}
                }
            }
            if !links.is_empty() {
                text.push_str(&format!("\n\nSee also: {}.", links.join(", ")));
            }
        }
        let mut comments = Vec::new();
        if let Some(p) = f
            .get("proficiency")
            .and_then(|n| src.text(n, "`proficiency`"))
        {
            comments.push(format!("FT proficiency: {}", p.trim()));
        }
        found.push(Found {
            theme: ti,
            level: li,
            b: ir::Behaviour {
                id,
                text,
                examples,
                comments,
            },
        });
    }
    if src.has_errors() {
        return None;
    }
    for id in given.keys() {
        if !ids.claim(id) {
            // An FT id equal to a level's or theme's id: keep FT's, and
            // the derived one moves (levels and themes are prefixed, so
            // this needs an FT id such as `engineering-junior`).
            src.warn(
                "import::id",
                format!("competency id `{id}` is also the id of a level or theme"),
                given[id],
                "rename the competency's id in the source",
            );
        }
    }

    // Tracks: the fork into individual contributors and people managers.
    let sides: Vec<Option<Side>> = levels.iter().map(|l| side(&l.ft, &l.title)).collect();
    if let Some(fork) = sides.iter().position(Option::is_some) {
        let mut on: Vec<Option<Side>> = sides.clone();
        for i in fork..levels.len() {
            if on[i].is_none() {
                let before = on[..i]
                    .iter()
                    .rev()
                    .find_map(|s| *s)
                    .expect("a marked level is above");
                on[i] = Some(before);
                notes.push(format!(
                    "{}: level `{}` ({}) is marked neither individual contributor nor people manager; it comes after `{}`, so it is on the {} track",
                    src.location(levels[i].pos),
                    levels[i].ft,
                    levels[i].title,
                    levels[i - 1].ft,
                    match before {
                        Side::Ic => "individual-contributor",
                        Side::Manager => "people-manager",
                    }
                ));
            }
        }
        let track = |side: Side| -> Vec<String> {
            (0..levels.len())
                .filter(|&i| i < fork || on[i] == Some(side))
                .map(|i| levels[i].id.clone())
                .collect()
        };
        let ic = track(Side::Ic);
        let manager = track(Side::Manager);
        if ic.len() > fork && manager.len() > fork {
            m.tracks.push(ir::Track {
                id: ids.derive(&qualify(matrix_id, "ic")),
                title: "Individual contributor".into(),
                levels: ic,
            });
            m.tracks.push(ir::Track {
                id: ids.derive(&qualify(matrix_id, "manager")),
                title: "People manager".into(),
                levels: manager,
            });
        }
    }

    m.levels = levels
        .iter()
        .map(|l| ir::Level {
            id: l.id.clone(),
            title: l.title.clone(),
        })
        .collect();
    for (ti, t) in themes.iter().enumerate() {
        let mut c = ir::Competency {
            id: t.id.clone(),
            title: t.title.clone(),
            summary: t.summary.clone(),
            weight: None,
            prefix: t.id.clone(),
            cells: Vec::new(),
        };
        for (li, l) in levels.iter().enumerate() {
            for f in found.iter().filter(|f| f.theme == ti && f.level == li) {
                c.cell(&l.id, &Id::slug(&l.ft)).behaviours.push(f.b.clone());
            }
        }
        if c.cells.is_empty() {
            notes.push(format!(
                "theme `{}` ({}) has no competencies: its competency has no behaviours",
                t.ft, t.title
            ));
        }
        m.competencies.push(c);
    }
    Some(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sides_come_from_ids_and_names() {
        assert_eq!(side("senior-2-ic", "x"), Some(Side::Ic));
        assert_eq!(side("x", "Principal (People Manager)"), Some(Side::Manager));
        assert_eq!(side("principal-pm", "Principal"), Some(Side::Manager));
        assert_eq!(side("tech-director", "Technology Director"), None);
    }
}
