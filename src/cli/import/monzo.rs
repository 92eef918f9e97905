//! `careerbook import monzo`: a folder of progression frameworks in Monzo's
//! format — Markdown files whose YAML front matter holds `topics`, each with
//! `criteria` (and `exampleCriteria` with `examples`) per `level`; the
//! framework whose `path` is `/generic` is merged into every framework that
//! lists a topic of the same `name`.
//!
//! | Monzo                                    | careerbook                                   |
//! |------------------------------------------|----------------------------------------------|
//! | the generic framework                    | a matrix, levels `GENERIC-level-N` ("Level N") |
//! | a framework sharing a topic with it      | a matrix that `extends` it                    |
//! | … a topic the generic framework has      | `extend_competencies` of the generic topic    |
//! | … a topic of its own                     | a competency `MATRIX-NAME`                    |
//! | a framework sharing no topic             | a matrix of its own, levels `MATRIX-level-N`  |
//! | `criteria` at `level` N                  | behaviours at level N                         |
//! | `exampleCriteria` `criteria`, `examples` | a behaviour and its `examples`                |
//! | the Markdown after the front matter      | the chapter, above the matrix                 |
//! | a framework with `yaml: false`           | a chapter of its Markdown (no matrix)         |
//!
//! Quirks of real files are reported, never dropped: a tab after a list dash
//! (read as a space), criteria above the framework's `levels` (imported),
//! a topic without a title (named from `name`), a title that the generic
//! framework's overrides.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::ids::{Ids, qualify};
use super::ir::{self, Import, clean_text, escape_chapter, escape_refs};
use super::source::Src;
use crate::diag::Diagnostic;
use crate::model::node::Value;
use crate::model::{Id, Pos};

const FORMAT: &str = "Monzo progression-framework";
const LIMIT: u64 = 16 * 1024 * 1024;

struct Framework {
    /// As shown to the user.
    file: String,
    /// The path under the frameworks folder, without `.md`.
    rel: String,
    stem: String,
    title: Option<String>,
    generic: bool,
    yaml: bool,
    levels: Option<(i64, Pos)>,
    topics: Vec<Topic>,
    body: String,
    /// Where the front matter starts (for locations in notes).
    line_offset: u32,
}

struct Topic {
    name: String,
    title: Option<String>,
    pos: Pos,
    items: Vec<Item>,
}

struct Item {
    level: i64,
    text: String,
    examples: Vec<String>,
}

/// Read the frameworks under `dir` (shown as `shown`): its `frameworks`
/// folder when it has one (the repository's layout), else `dir` itself.
pub fn import(dir: &Path, shown: &str) -> Import {
    let mut out = Import {
        part: "Progression frameworks".into(),
        ..Import::default()
    };
    if !dir.is_dir() {
        out.report.push(
            Diagnostic::error(
                "import::source",
                format!("`{shown}` is not a folder"),
                crate::diag::Label::file_start(shown),
            )
            .with_help("give the folder of the Monzo frameworks (the repository, or its `frameworks` folder)"),
        );
        return out;
    }
    let (root, root_shown) = if dir.join("frameworks").is_dir() {
        (dir.join("frameworks"), join_shown(shown, "frameworks"))
    } else {
        (dir.to_path_buf(), shown.to_string())
    };
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in walkdir::WalkDir::new(&root)
        .follow_links(true)
        .sort_by_file_name()
    {
        match entry {
            Ok(e) => {
                let p = e.into_path();
                if p.is_file() && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("md")) {
                    files.push(p);
                }
            }
            Err(e) => out.report.push(
                Diagnostic::warning(
                    "import::unreadable",
                    format!(
                        "cannot read {}: {e}",
                        e.path()
                            .map_or(root_shown.clone(), |p| p.display().to_string())
                    ),
                    crate::diag::Label::file_start(&root_shown),
                )
                .with_help("it is not imported"),
            ),
        }
    }
    files.sort();
    let mut frameworks = Vec::new();
    let mut diags = Vec::new();
    for path in &files {
        let rel = path
            .strip_prefix(&root)
            .unwrap_or(path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let file = join_shown(&root_shown, &rel);
        let text = match crate::load::read_text(path, &file, LIMIT) {
            Ok(t) => t,
            Err(d) => {
                diags.push(*d);
                continue;
            }
        };
        out.report.add_source(&file, &text);
        let mut src = Src::new(&file);
        if let Some(f) = read_file(&mut src, &text, &rel) {
            frameworks.push(f);
        }
        diags.extend(src.diags);
    }
    let has_errors = diags
        .iter()
        .any(|d| d.severity == crate::diag::Severity::Error);
    out.report.extend(diags);
    if has_errors {
        return out;
    }
    if frameworks.is_empty() {
        out.report.push(
            Diagnostic::error(
                "import::source",
                format!("`{root_shown}` holds no frameworks (Markdown files with a YAML front matter)"),
                crate::diag::Label::file_start(&root_shown),
            )
            .with_help("give the folder of the Monzo frameworks (the repository, or its `frameworks` folder)"),
        );
        return out;
    }
    build(&mut out, frameworks);
    out
}

fn join_shown(dir: &str, rel: &str) -> String {
    let dir = dir.trim_end_matches('/');
    if dir.is_empty() || dir == "." {
        rel.to_string()
    } else {
        format!("{dir}/{rel}")
    }
}

/// The front matter of a Markdown file: the YAML between a first line `---`
/// and the next line `---`, the byte offset and line where it starts, and
/// the Markdown after it. `Err` when it is never closed; `Ok(None)` without
/// a front matter.
fn front_matter(text: &str) -> Result<Option<(&str, usize, u32, &str)>, ()> {
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "---" {
        return Ok(None);
    }
    let mut at = first_end;
    while at < text.len() {
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        if text[at..end].trim_end() == "---" {
            return Ok(Some((&text[first_end..at], first_end, 1, &text[end..])));
        }
        at = end;
    }
    Err(())
}

/// Tabs right after a list's dash (`-<TAB>"text"`), which many YAML
/// readers refuse (libyaml's, PyYAML's) and YAML forbids before a key: each
/// replaced by a space (columns stay the same), and warned about.
fn fix_tabs_after_dashes(src: &mut Src, yaml: &str) -> String {
    let mut out = String::with_capacity(yaml.len());
    for (n, line) in yaml.split_inclusive('\n').enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        if let Some(after) = rest.strip_prefix('-')
            && after.starts_with('\t')
        {
            let tabs = after.len() - after.trim_start_matches('\t').len();
            let pos = Pos {
                line: n as u32 + 1,
                col: indent as u32 + 2,
                offset: None,
                len: 1,
            };
            src.warn(
                "import::tab",
                "a tab after a list's `-`",
                pos,
                "careerbook reads it as a space, but many YAML readers refuse it: replace the tab with a space in the source",
            );
            out.push_str(&line[..indent + 1]);
            out.push_str(&" ".repeat(tabs));
            out.push_str(&after[tabs..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

fn read_file(src: &mut Src, text: &str, rel: &str) -> Option<Framework> {
    let stem_rel = rel
        .strip_suffix(".md")
        .or_else(|| rel.strip_suffix(".MD"))
        .unwrap_or(rel);
    let stem = stem_rel.rsplit('/').next().unwrap_or(stem_rel).to_string();
    let (yaml, byte, line, body) = match front_matter(text) {
        Ok(Some(x)) => x,
        Ok(None) => {
            src.warn(
                "import::not-a-framework",
                "this Markdown file has no front matter (`---` lines around YAML), so it is not a framework; it is not imported",
                Pos::START,
                "Monzo frameworks start with `---`, YAML (`title`, `levels`, `topics`…) and `---`",
            );
            return None;
        }
        Err(_) => {
            src.error(
                "import::front-matter",
                "the front matter is never closed",
                Pos::START,
                "end the YAML with a line `---`",
            );
            return None;
        }
    };
    src.line_offset = line;
    src.byte_offset = byte;
    let yaml = fix_tabs_after_dashes(src, yaml);
    let root = src.parse(&yaml)?;
    let f = src.fields(
        &root,
        &[
            "path",
            "title",
            "sidebarTitle",
            "sidebarGroup",
            "yaml",
            "levels",
            "homepage",
            "topics",
        ],
        "the front matter",
        FORMAT,
    )?;
    let title = f
        .get("title")
        .and_then(|n| src.text(n, "`title`"))
        .map(|t| ir::clean_title(&t))
        .filter(|t| !t.is_empty());
    let generic = f
        .get("path")
        .and_then(|n| n.as_str())
        .is_some_and(|p| p.trim() == "/generic");
    let yaml_flag = match f.get("yaml").map(|n| &n.value) {
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            let n = f.get("yaml").expect("present");
            src.warn(
                "import::type",
                "`yaml` should be true or false",
                n.pos,
                "it is taken as true when the file has `topics`",
            );
            f.get("topics").is_some()
        }
        None => f.get("topics").is_some(),
    };
    let levels = match f.get("levels") {
        Some(n) => match n.value {
            Value::Int(i) if i >= 1 => Some((i, n.pos)),
            _ => {
                src.error(
                    "import::levels",
                    format!(
                        "`levels` should be a whole number of 1 or more, not {}",
                        n.value.describe()
                    ),
                    n.pos,
                    "write the number of levels the framework has, e.g. `levels: 6`",
                );
                None
            }
        },
        None => None,
    };
    let mut fw = Framework {
        file: src.file.to_string(),
        rel: stem_rel.to_string(),
        stem,
        title,
        generic,
        yaml: yaml_flag,
        levels,
        topics: Vec::new(),
        body: body.to_string(),
        line_offset: line,
    };
    let topics = match f.get("topics") {
        Some(n) => src.list(n, "`topics`").unwrap_or_default(),
        None => &[],
    };
    if !fw.yaml && !topics.is_empty() {
        src.warn(
            "import::yaml-false",
            "`yaml: false`, but the file has `topics`: they are imported",
            f.get("yaml").map_or(Pos::START, |n| n.pos),
            "Monzo's site shows only the Markdown of a `yaml: false` framework; set `yaml: true` or remove the topics",
        );
        fw.yaml = true;
    }
    // Criteria above the declared levels, reported once per file.
    let mut above: Vec<(i64, Pos)> = Vec::new();
    for t in topics {
        let Some(tf) = src.fields(t, &["name", "title", "content"], "a topic", FORMAT) else {
            continue;
        };
        let Some(name) = tf
            .get("name")
            .and_then(|n| src.text(n, "a topic's `name`"))
            .filter(|n| !n.trim().is_empty())
        else {
            src.error(
                "import::missing",
                "this topic has no `name`",
                t.pos,
                "every topic needs a `name` (it matches the generic framework's topics)",
            );
            continue;
        };
        if let Some(first) = fw.topics.iter().find(|x| x.name == name) {
            let d = Diagnostic::error(
                "import::duplicate-topic",
                format!("topic `{name}` is written twice in this framework"),
                src.at(t.pos).with_label("written again"),
            )
            .with_related(src.at(first.pos).with_label("first written here"))
            .with_help("merge the two topics into one");
            src.diags.push(d);
            continue;
        }
        let title = tf
            .get("title")
            .and_then(|n| src.text(n, "a topic's `title`"))
            .map(|t| ir::clean_title(&t))
            .filter(|t| !t.is_empty());
        let mut topic = Topic {
            name,
            title,
            pos: tf.get("name").map_or(t.pos, |n| n.pos),
            items: Vec::new(),
        };
        let content = match tf.get("content") {
            Some(n) => src.list(n, "a topic's `content`").unwrap_or_default(),
            None => &[],
        };
        for c in content {
            let Some(cf) = src.fields(
                c,
                &["level", "criteria", "exampleCriteria"],
                "a topic's content",
                FORMAT,
            ) else {
                continue;
            };
            let level = match cf.get("level").map(|n| (&n.value, n.pos)) {
                Some((Value::Int(l), pos)) if *l >= 1 => {
                    if let Some((declared, _)) = fw.levels
                        && *l > declared
                    {
                        above.push((*l, pos));
                    }
                    *l
                }
                Some((v, pos)) => {
                    src.error(
                        "import::levels",
                        format!(
                            "`level` should be a whole number of 1 or more, not {}",
                            v.describe()
                        ),
                        pos,
                        "write the level's number, e.g. `level: 2`",
                    );
                    continue;
                }
                None => {
                    src.error(
                        "import::missing",
                        "these criteria have no `level`",
                        c.pos,
                        "add `level: N` to the content item",
                    );
                    continue;
                }
            };
            if let Some(list) = cf.get("criteria").and_then(|n| src.list(n, "`criteria`")) {
                for item in list {
                    let Some(t) = src.text(item, "a criterion") else {
                        continue;
                    };
                    let t = escape_refs(&clean_text(&t));
                    if t.is_empty() {
                        src.warn(
                            "import::empty",
                            "an empty criterion is not imported",
                            item.pos,
                            "remove the empty `-` line from the source",
                        );
                        continue;
                    }
                    topic.items.push(Item {
                        level,
                        text: t,
                        examples: Vec::new(),
                    });
                }
            }
            if let Some(list) = cf
                .get("exampleCriteria")
                .and_then(|n| src.list(n, "`exampleCriteria`"))
            {
                for item in list {
                    let Some(ef) = src.fields(
                        item,
                        &["criteria", "examples"],
                        "an example criterion",
                        FORMAT,
                    ) else {
                        continue;
                    };
                    let text = ef
                        .get("criteria")
                        .and_then(|n| src.text(n, "an example criterion's `criteria`"))
                        .map(|t| escape_refs(&clean_text(&t)))
                        .unwrap_or_default();
                    let mut examples = Vec::new();
                    if let Some(list) = ef.get("examples").and_then(|n| src.list(n, "`examples`")) {
                        for e in list {
                            if let Some(t) = src.text(e, "an example") {
                                let t = escape_refs(&clean_text(&t));
                                if !t.is_empty() {
                                    examples.push(t);
                                }
                            }
                        }
                    }
                    if text.is_empty() {
                        src.error(
                            "import::missing",
                            "this example criterion has no `criteria` text",
                            item.pos,
                            "write the criterion the examples illustrate under `criteria:`",
                        );
                        continue;
                    }
                    topic.items.push(Item {
                        level,
                        text,
                        examples,
                    });
                }
            }
        }
        fw.topics.push(topic);
    }
    if let (Some(&(first, pos)), Some((declared, _))) = (above.first(), fw.levels) {
        let top = above.iter().map(|(l, _)| *l).max().unwrap_or(first);
        let more: Vec<String> = above[1..]
            .iter()
            .map(|(_, p)| (p.line + src.line_offset).to_string())
            .collect();
        src.warn(
            "import::level-above",
            format!(
                "criteria for level {first}, but the framework declares `levels: {declared}`{}",
                if more.is_empty() {
                    String::new()
                } else {
                    format!(" (here and on lines {})", more.join(", "))
                }
            ),
            pos,
            format!(
                "Monzo's site shows levels 1 to {declared} only; careerbook imports them at their level (up to {top}): raise `levels` or move them in the source"
            ),
        );
    }
    if fw.yaml && fw.topics.is_empty() && !src.has_errors() {
        src.warn(
            "import::no-topics",
            "this framework has no topics: its Markdown becomes a chapter without a matrix",
            Pos::START,
            "add `topics` to the front matter for a matrix",
        );
        fw.yaml = false;
    }
    Some(fw)
}

fn max_level(f: &Framework) -> i64 {
    f.topics
        .iter()
        .flat_map(|t| t.items.iter().map(|i| i.level))
        .max()
        .unwrap_or(0)
}

/// A topic's title: its `title`, else its `name` with a capital letter
/// (`mastery-science` → "Mastery science").
fn topic_title(t: &Topic) -> String {
    if let Some(title) = &t.title {
        return title.clone();
    }
    let name = t.name.trim();
    let name = if name.contains(' ') {
        name.to_string()
    } else {
        name.replace(['-', '_'], " ")
    };
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => name,
    }
}

fn build(out: &mut Import, frameworks: Vec<Framework>) {
    let mut diags: Vec<Diagnostic> = Vec::new();
    // Matrix (and page) ids: the file's name, or its path where two files
    // share a name.
    let mut stems: HashMap<String, usize> = HashMap::new();
    for f in &frameworks {
        *stems.entry(Id::slug(&f.stem)).or_insert(0) += 1;
    }
    let mut ids = Ids::default();
    let names: Vec<String> = frameworks
        .iter()
        .map(|f| {
            let s = Id::slug(&f.stem);
            if stems[&s] > 1 { Id::slug(&f.rel) } else { s }
        })
        .map(|s| ids.derive(&s))
        .collect();
    let generic = frameworks
        .iter()
        .position(|f| f.generic && f.yaml)
        .or_else(|| {
            frameworks
                .iter()
                .position(|f| f.stem == "generic" && f.yaml)
        });
    let generic_names: HashSet<&str> = generic
        .map(|g| {
            frameworks[g]
                .topics
                .iter()
                .map(|t| t.name.as_str())
                .collect()
        })
        .unwrap_or_default();
    let extends = |i: usize| -> bool {
        Some(i) != generic
            && frameworks[i].yaml
            && frameworks[i]
                .topics
                .iter()
                .any(|t| generic_names.contains(t.name.as_str()))
    };

    // The generic framework's levels cover every framework that extends it.
    let mut generic_levels = Vec::new();
    if let Some(g) = generic {
        let gf = &frameworks[g];
        let mut n = gf.levels.map_or(0, |(l, _)| l).max(max_level(gf));
        for (i, f) in frameworks.iter().enumerate() {
            if extends(i) {
                let top = f.levels.map_or(0, |(l, _)| l).max(max_level(f));
                if top > n {
                    out.notes.push(format!(
                        "{}: uses level {top}; the generic framework's levels go up to {top} for it (the generic framework has none of its criteria there)",
                        f.file
                    ));
                    n = top;
                }
            }
        }
        generic_levels = (1..=n)
            .map(|l| ir::Level {
                id: ids.derive(&qualify(&names[g], &format!("level-{l}"))),
                title: format!("Level {l}"),
            })
            .collect();
    } else if frameworks.iter().any(|f| f.yaml) {
        out.notes.push(
            "no generic framework (a file with `path: \"/generic\"`): every framework is imported as a matrix of its own".into(),
        );
    }
    let generic_comp: HashMap<&str, String> = generic
        .map(|g| {
            frameworks[g]
                .topics
                .iter()
                .map(|t| (t.name.as_str(), ids.derive(&qualify(&names[g], &t.name))))
                .collect()
        })
        .unwrap_or_default();
    let generic_titles: HashMap<&str, String> = generic
        .map(|g| {
            frameworks[g]
                .topics
                .iter()
                .map(|t| (t.name.as_str(), topic_title(t)))
                .collect()
        })
        .unwrap_or_default();

    // Bases first.
    let mut order: Vec<usize> = generic.into_iter().collect();
    order.extend((0..frameworks.len()).filter(|&i| Some(i) != generic));
    for i in order {
        let f = &frameworks[i];
        let id = names[i].clone();
        let title = f
            .title
            .clone()
            .unwrap_or_else(|| crate::cli::scaffold::title_from(&f.stem));
        let body = clean_text(&f.body);
        if !f.yaml {
            diags.push(
                Diagnostic::warning(
                    "import::markdown-framework",
                    "a framework written as Markdown (`yaml: false`): it becomes a chapter of its text, without a matrix to assess",
                    crate::diag::Label::file_start(&f.file),
                )
                .with_help("careerbook can assess a framework written as `topics` in the front matter"),
            );
            out.pages.push(ir::Page {
                name: id,
                title,
                markdown: escape_chapter(&body),
                origin: f.file.clone(),
            });
            continue;
        }
        let is_generic = Some(i) == generic;
        let specialises = extends(i);
        let mut m = ir::Matrix {
            id: id.clone(),
            title,
            summary: None,
            extends: specialises.then(|| names[generic.expect("a generic framework")].clone()),
            cumulative: true,
            levels: Vec::new(),
            tracks: Vec::new(),
            competencies: Vec::new(),
            extensions: Vec::new(),
            origin: f.file.clone(),
            comments: Vec::new(),
            intro: (!body.is_empty()).then(|| escape_chapter(&body)),
            titled_by_source: true,
        };
        // The levels behaviours are keyed by.
        let level_ids: Vec<String> = if is_generic || specialises {
            if is_generic {
                m.levels = generic_levels.clone();
            }
            generic_levels.iter().map(|l| l.id.clone()).collect()
        } else {
            let n = f.levels.map_or(0, |(l, _)| l).max(max_level(f));
            m.levels = (1..=n)
                .map(|l| ir::Level {
                    id: ids.derive(&qualify(&id, &format!("level-{l}"))),
                    title: format!("Level {l}"),
                })
                .collect();
            m.levels.iter().map(|l| l.id.clone()).collect()
        };
        if specialises {
            let listed: HashSet<&str> = f.topics.iter().map(|t| t.name.as_str()).collect();
            let unlisted: Vec<&str> = frameworks[generic.expect("generic")]
                .topics
                .iter()
                .filter(|t| !listed.contains(t.name.as_str()))
                .map(|t| t.name.as_str())
                .collect();
            if !unlisted.is_empty() {
                out.notes.push(format!(
                    "{}: does not list the generic topic{} {}; as a specialisation it inherits {} (Monzo's site shows only the topics a framework lists)",
                    f.file,
                    if unlisted.len() == 1 { "" } else { "s" },
                    unlisted.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "),
                    if unlisted.len() == 1 { "it" } else { "them" },
                ));
            }
            let top = f.levels.map_or(0, |(l, _)| l).max(max_level(f));
            if (top as usize) < generic_levels.len() {
                out.notes.push(format!(
                    "{}: has {top} levels; as a specialisation it has the generic framework's {} (levels above {top} show the generic behaviours only)",
                    f.file,
                    generic_levels.len()
                ));
            }
        }
        for t in &f.topics {
            let inherited = specialises && generic_names.contains(t.name.as_str());
            if inherited {
                let generic_title = &generic_titles[t.name.as_str()];
                if let Some(own) = &t.title
                    && own != generic_title
                {
                    diags.push(
                        Diagnostic::warning(
                            "import::topic-title",
                            format!(
                                "topic `{}` is a topic of the generic framework, whose title \"{generic_title}\" is used instead of \"{own}\"",
                                t.name
                            ),
                            crate::diag::Label::new(&f.file, shift(t.pos, f.line_offset)),
                        )
                        .with_help("as on Monzo's site; rename the topic to keep this title"),
                    );
                }
            } else if t.title.is_none() {
                diags.push(
                    Diagnostic::warning(
                        "import::topic-title",
                        format!(
                            "topic `{}` has no title{}; it is called \"{}\"",
                            t.name,
                            if is_generic || generic.is_none() {
                                String::new()
                            } else {
                                " and is not a topic of the generic framework".to_string()
                            },
                            topic_title(t)
                        ),
                        crate::diag::Label::new(&f.file, shift(t.pos, f.line_offset)),
                    )
                    .with_help("give the topic a `title` in the source"),
                );
            }
            let mut c = ir::Competency {
                id: if inherited || is_generic {
                    generic_comp[t.name.as_str()].clone()
                } else {
                    ids.derive(&qualify(&id, &t.name))
                },
                title: topic_title(t),
                summary: None,
                weight: None,
                prefix: if inherited {
                    Id::slug(&qualify(&id, &t.name))
                } else {
                    String::new()
                },
                cells: Vec::new(),
            };
            if c.prefix.is_empty() {
                c.prefix = c.id.clone();
            }
            let mut levels_used: Vec<i64> = t.items.iter().map(|i| i.level).collect();
            levels_used.sort_unstable();
            levels_used.dedup();
            for l in levels_used {
                let level = &level_ids[(l - 1) as usize];
                let cell = c.cell(level, &format!("l{l}"));
                for item in t.items.iter().filter(|i| i.level == l) {
                    cell.behaviours.push(ir::Behaviour {
                        id: None,
                        text: item.text.clone(),
                        examples: item.examples.clone(),
                        comments: Vec::new(),
                    });
                }
            }
            if inherited {
                m.extensions.push(c);
            } else {
                m.competencies.push(c);
            }
        }
        out.matrices.push(m);
    }
    out.report.extend(diags);
}

fn shift(pos: Pos, lines: u32) -> Pos {
    Pos {
        line: pos.line + lines,
        offset: None,
        ..pos
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_between_the_first_two_rules() {
        let (yaml, byte, line, body) = front_matter("---\na: 1\n---\n# Body\n").unwrap().unwrap();
        assert_eq!((yaml, byte, line, body), ("a: 1\n", 4, 1, "# Body\n"));
        assert!(front_matter("# No\n").unwrap().is_none());
        assert!(front_matter("---\na: 1\n").is_err());
        let (_, _, _, body) = front_matter("---\na: 1\n---").unwrap().unwrap();
        assert_eq!(body, "");
    }

    #[test]
    fn a_tab_after_a_dash_is_read_as_a_space_and_warned_about() {
        let mut src = Src::new("f.md");
        src.line_offset = 1;
        let fixed = fix_tabs_after_dashes(&mut src, "a:\n  -\t\"x\"\n  - \"y\"\n");
        assert_eq!(fixed, "a:\n  - \"x\"\n  - \"y\"\n");
        assert_eq!(src.diags.len(), 1);
        assert_eq!((src.diags[0].at.line, src.diags[0].at.column), (3, 4));
    }
}
