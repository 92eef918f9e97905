//! `careerbook import csv`: a ladder kept in a spreadsheet, one row per
//! behaviour (see docs/import.md for the columns).
//!
//! The file is read by a small CSV reader of its own (RFC 4180: quoted cells
//! may hold the separator, `""` and line breaks) that remembers where every
//! cell starts, so that each problem names its line and column.

use std::collections::HashMap;
use std::path::Path;

use super::ids::{Ids, qualify};
use super::ir::{self, Import};
use crate::diag::{Diagnostic, Label, line_col, suggest};
use crate::model::{Id, Pos};

/// One cell: its text and where it starts in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub offset: usize,
    pub len: usize,
}

/// A cell that `careerbook export --format csv` (or a spreadsheet) kept
/// from being read as a formula, with a `'` before its `=`, `+`, `-` or
/// `@`: its text.
fn unguard(value: String) -> String {
    match value.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_string(),
        _ => value,
    }
}

/// One record (a spreadsheet row).
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub cells: Vec<Cell>,
    /// Where the record starts.
    pub offset: usize,
}

/// Problems reading the CSV syntax: byte offset and message.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
    pub help: String,
}

/// The separator: `,`, `;` or a tab, whichever the header line (outside
/// quotes) has most of; `,` when it has none.
pub fn separator(text: &str) -> char {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let seps = [',', ';', '\t'];
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    if counts[best] == 0 { ',' } else { seps[best] }
}

/// Every record of `text`.
pub fn records(text: &str, sep: char) -> Result<Vec<Record>, SyntaxError> {
    let b = text.as_bytes();
    let sep = sep as u8;
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        let mut cells = Vec::new();
        loop {
            let cell_start = i;
            let mut value = String::new();
            if i < b.len() && b[i] == b'"' {
                i += 1;
                loop {
                    let Some(q) = text[i..].find('"') else {
                        return Err(SyntaxError {
                            offset: cell_start,
                            message: "this quoted cell is never closed".into(),
                            help: "end the cell with `\"`; a `\"` inside a quoted cell is written `\"\"`".into(),
                        });
                    };
                    value.push_str(&text[i..i + q]);
                    i += q + 1;
                    if i < b.len() && b[i] == b'"' {
                        value.push('"');
                        i += 1;
                    } else {
                        break;
                    }
                }
                if i < b.len() && b[i] != sep && b[i] != b'\n' && b[i] != b'\r' {
                    return Err(SyntaxError {
                        offset: i,
                        message: "text after the closing quote of a cell".into(),
                        help: "put the whole cell in quotes, and write a `\"` inside it as `\"\"`"
                            .into(),
                    });
                }
            } else {
                let end = text[i..]
                    .find(|c: char| c as u32 == sep as u32 || c == '\n' || c == '\r')
                    .map_or(b.len(), |e| i + e);
                value.push_str(&text[i..end]);
                i = end;
            }
            cells.push(Cell {
                text: unguard(value),
                offset: cell_start,
                len: i - cell_start,
            });
            if i < b.len() && b[i] == sep {
                i += 1;
                continue;
            }
            // End of the record: a line break or the end of the file.
            if i < b.len() && b[i] == b'\r' {
                i += 1;
            }
            if i < b.len() && b[i] == b'\n' {
                i += 1;
            }
            break;
        }
        out.push(Record {
            cells,
            offset: start,
        });
    }
    Ok(out)
}

/// The columns careerbook reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Col {
    Competency,
    Level,
    Behaviour,
    CompetencySummary,
    Weight,
    Track,
    BehaviourId,
    Examples,
}

/// Column names (normalised: lower case, single spaces) and what they are.
const COLUMNS: &[(&str, Col)] = &[
    ("competency", Col::Competency),
    ("level", Col::Level),
    ("behaviour", Col::Behaviour),
    ("behavior", Col::Behaviour),
    ("competency summary", Col::CompetencySummary),
    ("competency description", Col::CompetencySummary),
    ("weight", Col::Weight),
    ("track", Col::Track),
    ("tracks", Col::Track),
    ("behaviour id", Col::BehaviourId),
    ("behavior id", Col::BehaviourId),
    ("examples", Col::Examples),
    ("example", Col::Examples),
];

const REQUIRED: &[(Col, &str)] = &[
    (Col::Competency, "competency"),
    (Col::Level, "level"),
    (Col::Behaviour, "behaviour"),
];

fn col_name(c: Col) -> &'static str {
    match c {
        Col::Competency => "competency",
        Col::Level => "level",
        Col::Behaviour => "behaviour",
        Col::CompetencySummary => "competency summary",
        Col::Weight => "weight",
        Col::Track => "track",
        Col::BehaviourId => "behaviour id",
        Col::Examples => "examples",
    }
}

/// A header cell as compared: lower case, `_` and `-` as spaces, spaces
/// collapsed.
fn normalise(h: &str) -> String {
    h.to_lowercase()
        .replace(['_', '-'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A name as compared for "the same competency / level / track": case and
/// spacing do not matter.
fn key(s: &str) -> String {
    s.to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

struct Ctx<'a> {
    file: &'a str,
    text: &'a str,
    diags: Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn at(&self, offset: usize, len: usize) -> Label {
        let (line, col) = line_col(self.text, offset);
        Label::new(
            self.file,
            Pos {
                line,
                col,
                offset: Some(offset),
                len,
            },
        )
    }

    /// A cell's place; its spreadsheet row is said when a line break
    /// inside an earlier cell makes it differ from the line.
    fn cell_at(&self, c: &Cell, row: usize) -> Label {
        let at = self.at(c.offset, c.len);
        if at.line as usize == row {
            at
        } else {
            at.with_label(format!("spreadsheet row {row}"))
        }
    }
}

#[derive(Default)]
struct Comp {
    title: String,
    first_row: usize,
    summary: Option<(String, usize)>,
    weight: Option<(f64, usize)>,
    rows: Vec<Row>,
}

struct Row {
    level: usize,
    level_at: Label,
    text: String,
    id: Option<String>,
    examples: Vec<String>,
}

struct LevelSeen {
    title: String,
    first: usize,
    tracks: Vec<usize>,
}

/// Read `path` (shown as `file`) into one matrix with id `matrix_id`.
pub fn import(path: &Path, file: &str, matrix_id: &str) -> Import {
    let mut out = Import::default();
    let Some(text) = out.read_source(path, file) else {
        return out;
    };
    let mut cx = Ctx {
        file,
        text: &text,
        diags: Vec::new(),
    };
    if let Some(m) = read(&mut cx, matrix_id, path) {
        out.part = m.title.clone();
        out.matrices.push(m);
    }
    out.report.extend(cx.diags);
    out
}

fn read(cx: &mut Ctx, matrix_id: &str, path: &Path) -> Option<ir::Matrix> {
    let sep = separator(cx.text);
    let records = match records(cx.text, sep) {
        Ok(r) => r,
        Err(e) => {
            let d = Diagnostic::error("import::csv-syntax", e.message, cx.at(e.offset, 1))
                .with_help(e.help);
            cx.diags.push(d);
            return None;
        }
    };
    // Spreadsheet rows: the header is row 1.
    let blank = |r: &Record| r.cells.iter().all(|c| c.text.trim().is_empty());
    let mut rows = records.iter().enumerate().map(|(i, r)| (i + 1, r));
    let Some((_, header)) = rows.by_ref().find(|(_, r)| !blank(r)) else {
        cx.diags.push(
            Diagnostic::error(
                "import::csv-header",
                format!("`{}` has no rows", cx.file),
                Label::file_start(cx.file),
            )
            .with_help("the first row names the columns: competency, level, behaviour, …"),
        );
        return None;
    };

    // The header.
    let mut cols: HashMap<Col, usize> = HashMap::new();
    let mut ignored = Vec::new();
    for (i, c) in header.cells.iter().enumerate() {
        let name = normalise(&c.text);
        if name.is_empty() {
            continue;
        }
        match COLUMNS.iter().find(|(n, _)| *n == name) {
            Some((_, col)) => {
                if let Some(&first) = cols.get(col) {
                    let d = Diagnostic::error(
                        "import::csv-header",
                        format!("two columns are \"{}\"", col_name(*col)),
                        cx.at(c.offset, c.len).with_label("the second"),
                    )
                    .with_related(
                        cx.at(header.cells[first].offset, header.cells[first].len)
                            .with_label("the first"),
                    )
                    .with_help("keep one of them (or rename the other to a column careerbook does not read)");
                    cx.diags.push(d);
                } else {
                    cols.insert(*col, i);
                }
            }
            None => ignored.push((i, c.clone(), name)),
        }
    }
    let known: Vec<&str> = COLUMNS.iter().map(|(n, _)| *n).collect();
    let mut missing = false;
    for (col, name) in REQUIRED {
        if !cols.contains_key(col) {
            missing = true;
            let found: Vec<String> = header
                .cells
                .iter()
                .filter(|c| !c.text.trim().is_empty())
                .map(|c| format!("\"{}\"", c.text.trim()))
                .collect();
            let near = ignored
                .iter()
                .find(|(_, _, n)| suggest(n, [*name]).is_some())
                .map(|(_, c, _)| c.text.trim().to_string());
            let mut d = Diagnostic::error(
                "import::csv-header",
                format!("the header has no \"{name}\" column"),
                cx.at(header.offset, 0).with_label("the header row"),
            );
            d = d.with_help(match near {
                Some(n) => format!("did you mean \"{n}\"? rename it \"{name}\""),
                None => format!(
                    "the columns are competency, level and behaviour (required), competency summary, weight, track, behaviour id and examples; this header has {}",
                    found.join(", ")
                ),
            });
            cx.diags.push(d);
        }
    }
    for (_, c, name) in &ignored {
        let help = match suggest(name, known.iter().copied()) {
            Some(s) => format!("did you mean \"{s}\"? careerbook reads only the columns in docs/import.md"),
            None => "careerbook reads competency, level, behaviour, competency summary, weight, track, behaviour id and examples; delete the column or ignore this".into(),
        };
        cx.diags.push(
            Diagnostic::warning(
                "import::csv-column",
                format!("column \"{}\" is not imported", c.text.trim()),
                cx.at(c.offset, c.len)
                    .with_label("not a column careerbook reads"),
            )
            .with_help(help),
        );
    }
    if missing {
        return None;
    }
    let width = header.cells.len();

    // The rows.
    let mut comps: Vec<Comp> = Vec::new();
    let mut comp_index: HashMap<String, usize> = HashMap::new();
    let mut levels: Vec<LevelSeen> = Vec::new();
    let mut level_index: HashMap<String, usize> = HashMap::new();
    let mut tracks: Vec<(String, usize)> = Vec::new();
    let mut track_index: HashMap<String, usize> = HashMap::new();
    let mut given_ids: HashMap<String, (usize, Label)> = HashMap::new();
    let mut seen_texts: HashMap<(usize, usize, String), usize> = HashMap::new();
    let cell_of = |r: &Record, col: Col| -> Option<Cell> {
        cols.get(&col).and_then(|&i| r.cells.get(i)).cloned()
    };
    for (row, r) in rows {
        if blank(r) {
            continue;
        }
        if let Some(extra) = r.cells[width.min(r.cells.len())..]
            .iter()
            .find(|c| !c.text.trim().is_empty())
        {
            cx.diags.push(
                Diagnostic::error(
                    "import::csv-row",
                    format!("row {row} has more cells than the header has columns"),
                    cx.cell_at(extra, row).with_label("beyond the last column"),
                )
                .with_help("give the column a name in the header row, or move the text into a named column"),
            );
            continue;
        }
        let end_of_row = r.cells.last().map_or(r.offset, |c| c.offset + c.len);
        // A required cell: its trimmed text, or an error.
        let mut required = |col: Col| -> Option<(String, Cell)> {
            let cell = cell_of(r, col).unwrap_or(Cell {
                text: String::new(),
                offset: end_of_row,
                len: 0,
            });
            let t = ir::clean_text(&cell.text);
            if t.is_empty() {
                cx.diags.push(
                    Diagnostic::error(
                        "import::csv-value",
                        format!("column \"{}\" is empty", col_name(col)),
                        cx.cell_at(&cell, row),
                    )
                    .with_help("every row needs a competency, a level and a behaviour"),
                );
                return None;
            }
            Some((t, cell))
        };
        let comp = required(Col::Competency);
        let level = required(Col::Level);
        let behaviour = required(Col::Behaviour);
        let (Some((comp, comp_cell)), Some((level, level_cell)), Some((text, text_cell))) =
            (comp, level, behaviour)
        else {
            continue;
        };
        let (comp, level) = (ir::clean_title(&comp), ir::clean_title(&level));

        // The competency, and what the row says about it.
        let ci = *comp_index.entry(key(&comp)).or_insert_with(|| {
            comps.push(Comp {
                title: comp.clone(),
                first_row: row,
                ..Comp::default()
            });
            comps.len() - 1
        });
        if comps[ci].title != comp {
            cx.diags.push(
                Diagnostic::warning(
                    "import::csv-spelling",
                    format!(
                        "competency \"{comp}\" is written \"{}\" in row {}",
                        comps[ci].title, comps[ci].first_row
                    ),
                    cx.cell_at(&comp_cell, row),
                )
                .with_help("they are imported as one competency, named as in the first row; write them alike"),
            );
        }
        if let Some(cell) = cell_of(r, Col::CompetencySummary) {
            let s = ir::clean_text(&cell.text);
            if !s.is_empty() {
                match &comps[ci].summary {
                    Some((first, first_row)) if *first != s => cx.diags.push(
                        Diagnostic::error(
                            "import::csv-value",
                            format!(
                                "column \"competency summary\": competency \"{}\" has another summary in row {first_row}",
                                comps[ci].title
                            ),
                            cx.cell_at(&cell, row),
                        )
                        .with_help("write the summary once (in any one row of the competency), or the same in every row"),
                    ),
                    Some(_) => {}
                    None => comps[ci].summary = Some((s, row)),
                }
            }
        }
        if let Some(cell) = cell_of(r, Col::Weight) {
            let s = cell.text.trim();
            if !s.is_empty() {
                match s.parse::<f64>() {
                    Ok(w) if w.is_finite() && w >= 0.0 => match comps[ci].weight {
                        Some((first, first_row)) if first != w => cx.diags.push(
                            Diagnostic::error(
                                "import::csv-value",
                                format!(
                                    "column \"weight\": competency \"{}\" has weight {first} in row {first_row}",
                                    comps[ci].title
                                ),
                                cx.cell_at(&cell, row),
                            )
                            .with_help("a weight belongs to the competency: write it once, or the same in every row"),
                        ),
                        Some(_) => {}
                        None => comps[ci].weight = Some((w, row)),
                    },
                    Ok(_) => cx.diags.push(
                        Diagnostic::error(
                            "import::csv-value",
                            format!("column \"weight\": \"{s}\" is not a number of 0 or more"),
                            cx.cell_at(&cell, row),
                        )
                        .with_help("a weight is a number such as 1, 2 or 0.5 (default 1)"),
                    ),
                    Err(_) => cx.diags.push(
                        Diagnostic::error(
                            "import::csv-value",
                            format!("column \"weight\": \"{s}\" is not a number"),
                            cx.cell_at(&cell, row),
                        )
                        .with_help("a weight is a number such as 1, 2 or 0.5 (default 1); leave the cell empty for 1"),
                    ),
                }
            }
        }

        // The level, and its tracks.
        let li = *level_index.entry(key(&level)).or_insert_with(|| {
            levels.push(LevelSeen {
                title: level.clone(),
                first: row,
                tracks: Vec::new(),
            });
            levels.len() - 1
        });
        if let Some(cell) = cell_of(r, Col::Track) {
            for name in cell.text.split([';', ',', '\n']) {
                let name = &ir::clean_title(name);
                if name.is_empty() {
                    continue;
                }
                let ti = *track_index.entry(key(name)).or_insert_with(|| {
                    tracks.push((name.to_string(), row));
                    tracks.len() - 1
                });
                if !levels[li].tracks.contains(&ti) {
                    levels[li].tracks.push(ti);
                }
            }
        }

        // The behaviour.
        let id = match cell_of(r, Col::BehaviourId) {
            Some(cell) if !cell.text.trim().is_empty() => {
                let id = cell.text.trim().to_string();
                if !Id::is_well_formed(&id) {
                    cx.diags.push(
                        Diagnostic::error(
                            "import::csv-value",
                            format!("column \"behaviour id\": \"{id}\" is not a valid id"),
                            cx.cell_at(&cell, row),
                        )
                        .with_help(format!(
                            "ids use lowercase letters, digits and '-', starting with a letter or digit, at most 100 characters: e.g. \"{}\" (or leave the cell empty for a derived id)",
                            Id::slug(&id)
                        )),
                    );
                    None
                } else if let Some((first, at)) = given_ids.get(&id) {
                    cx.diags.push(
                        Diagnostic::error(
                            "import::csv-value",
                            format!("column \"behaviour id\": \"{id}\" is already the id of row {first}"),
                            cx.cell_at(&cell, row),
                        )
                        .with_related(at.clone())
                        .with_help("every behaviour needs its own id (readers' answers are stored under it)"),
                    );
                    None
                } else {
                    given_ids.insert(id.clone(), (row, cx.cell_at(&cell, row)));
                    Some(id)
                }
            }
            _ => None,
        };
        if let Some(&first) = seen_texts.get(&(ci, li, key(&text))) {
            cx.diags.push(
                Diagnostic::warning(
                    "import::csv-duplicate",
                    format!("the same behaviour as row {first} (same competency and level)"),
                    cx.cell_at(&text_cell, row),
                )
                .with_help("it is imported twice; delete one of the rows if that is a copy"),
            );
        } else {
            seen_texts.insert((ci, li, key(&text)), row);
        }
        let examples = cell_of(r, Col::Examples)
            .map(|c| examples(&c.text))
            .unwrap_or_default();
        comps[ci].rows.push(Row {
            level: li,
            level_at: cx.cell_at(&level_cell, row),
            text,
            id,
            examples,
        });
    }
    if cx
        .diags
        .iter()
        .any(|d| d.severity == crate::diag::Severity::Error)
    {
        return None;
    }
    if comps.is_empty() {
        cx.diags.push(
            Diagnostic::error(
                "import::csv-row",
                format!("`{}` has a header but no behaviours", cx.file),
                cx.at(header.offset, 0),
            )
            .with_help("add one row per behaviour below the header"),
        );
        return None;
    }

    // Level order: the order within each competency, merged (ties by first
    // appearance).
    let order = level_order(cx, &levels, &comps);

    let mut ids = Ids::default();
    ids.claim(matrix_id);
    for id in given_ids.keys() {
        ids.claim(id);
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let level_ids: Vec<String> = levels
        .iter()
        .map(|l| ids.derive(&qualify(matrix_id, &l.title)))
        .collect();
    let level_keys: Vec<String> = levels.iter().map(|l| Id::slug(&l.title)).collect();
    let mut m = ir::Matrix {
        id: matrix_id.to_string(),
        title: crate::cli::scaffold::title_from(&stem),
        summary: None,
        extends: None,
        cumulative: true,
        levels: order
            .iter()
            .map(|&i| ir::Level {
                id: level_ids[i].clone(),
                title: levels[i].title.clone(),
            })
            .collect(),
        tracks: Vec::new(),
        competencies: Vec::new(),
        extensions: Vec::new(),
        origin: cx.file.to_string(),
        comments: Vec::new(),
        intro: None,
        titled_by_source: false,
    };
    if !tracks.is_empty() {
        for (ti, (name, _)) in tracks.iter().enumerate() {
            m.tracks.push(ir::Track {
                id: ids.derive(&qualify(matrix_id, name)),
                title: name.clone(),
                levels: order
                    .iter()
                    .filter(|&&i| levels[i].tracks.is_empty() || levels[i].tracks.contains(&ti))
                    .map(|&i| level_ids[i].clone())
                    .collect(),
            });
        }
    }
    for c in &comps {
        let id = ids.derive(&qualify(matrix_id, &c.title));
        let mut comp = ir::Competency {
            id: id.clone(),
            title: c.title.clone(),
            summary: c.summary.as_ref().map(|(s, _)| s.clone()),
            weight: c.weight.map(|(w, _)| w),
            prefix: id,
            cells: Vec::new(),
        };
        // Cells in level order.
        for &li in &order {
            for r in c.rows.iter().filter(|r| r.level == li) {
                comp.cell(&level_ids[li], &level_keys[li])
                    .behaviours
                    .push(ir::Behaviour {
                        id: r.id.clone(),
                        text: r.text.clone(),
                        examples: r.examples.clone(),
                        comments: Vec::new(),
                    });
            }
        }
        m.competencies.push(comp);
    }
    Some(m)
}

/// The examples in a cell: one per line, a leading `-`, `*` or `•` removed.
fn examples(cell: &str) -> Vec<String> {
    cell.lines()
        .map(|l| {
            let t = l.trim();
            let t = ["- ", "* ", "• "]
                .iter()
                .find_map(|p| t.strip_prefix(p))
                .unwrap_or(t);
            t.trim().to_string()
        })
        .filter(|l| !l.is_empty())
        .collect()
}

/// The ladder's level order: every competency lists its levels in order (by
/// the row each first appears in), and these orders are merged; levels that
/// no row orders come in the order they first appear. Orders that
/// contradict each other are warned about.
fn level_order(cx: &mut Ctx, levels: &[LevelSeen], comps: &[Comp]) -> Vec<usize> {
    let n = levels.len();
    // (a, b) → where a competency lists b right after a.
    let mut edges: Vec<((usize, usize), Label, String)> = Vec::new();
    for c in comps {
        let mut seq: Vec<(usize, &Label)> = Vec::new();
        for r in &c.rows {
            if !seq.iter().any(|(l, _)| *l == r.level) {
                seq.push((r.level, &r.level_at));
            }
        }
        for w in seq.windows(2) {
            if !edges.iter().any(|(e, _, _)| *e == (w[0].0, w[1].0)) {
                edges.push(((w[0].0, w[1].0), w[1].1.clone(), c.title.clone()));
            }
        }
    }
    let mut placed = vec![false; n];
    let mut order = Vec::with_capacity(n);
    let mut warned = false;
    while order.len() < n {
        let blocked = |b: usize, placed: &[bool]| {
            edges
                .iter()
                .find(|((a, x), _, _)| *x == b && !placed[*a] && *a != b)
        };
        let next = match (0..n).find(|&b| !placed[b] && blocked(b, &placed).is_none()) {
            Some(b) => b,
            None => {
                // A contradiction: the level that appeared first comes first.
                let b = (0..n).find(|&b| !placed[b]).expect("a level is left");
                if let Some(((a, _), at, comp)) = blocked(b, &placed).cloned()
                    && !warned
                {
                    warned = true;
                    cx.diags.push(
                        Diagnostic::warning(
                            "import::csv-level-order",
                            format!(
                                "levels are listed in different orders: competency \"{comp}\" puts \"{}\" before \"{}\", other competencies the other way round",
                                levels[a].title, levels[b].title
                            ),
                            at,
                        )
                        .with_help(format!(
                            "the ladder puts \"{}\" first (it appears first, in row {}); list the levels in the same order for every competency",
                            levels[b].title, levels[b].first
                        )),
                    );
                }
                b
            }
        };
        placed[next] = true;
        order.push(next);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, sep: char) -> Vec<Vec<String>> {
        records(text, sep)
            .unwrap()
            .into_iter()
            .map(|r| r.cells.into_iter().map(|c| c.text).collect())
            .collect()
    }

    #[test]
    fn quoted_cells_hold_separators_quotes_and_line_breaks() {
        assert_eq!(
            texts("a,b\r\n\"x, y\",\"say \"\"hi\"\"\nthen go\"\n", ','),
            vec![vec!["a", "b"], vec!["x, y", "say \"hi\"\nthen go"]]
        );
        assert_eq!(texts("a;b\n1;2", ';'), vec![vec!["a", "b"], vec!["1", "2"]]);
        assert_eq!(texts("a,\n,b\n", ','), vec![vec!["a", ""], vec!["", "b"]]);
    }

    #[test]
    fn cells_know_where_they_start() {
        let r = records("a,b\n\"x\ny\",z\n", ',').unwrap();
        assert_eq!(r[1].cells[1].offset, 10);
        assert_eq!(&"a,b\n\"x\ny\",z\n"[10..11], "z");
    }

    #[test]
    fn syntax_errors() {
        let e = records("a,b\n\"open,b\n", ',').unwrap_err();
        assert_eq!(e.offset, 4);
        assert!(e.message.contains("never closed"));
        let e = records("\"a\"x,b\n", ',').unwrap_err();
        assert_eq!(e.offset, 3);
    }

    #[test]
    fn the_separator_is_guessed_from_the_header() {
        assert_eq!(separator("a;b;c\n1,5;2;3"), ';');
        assert_eq!(separator("a\tb\n"), '\t');
        assert_eq!(separator("\"a;b\",c\n"), ',');
        assert_eq!(separator("a\n"), ',');
    }

    #[test]
    fn examples_are_one_per_line() {
        assert_eq!(examples("- one\n* two\n\nthree "), ["one", "two", "three"]);
    }

    #[test]
    fn header_names_are_normalised() {
        assert_eq!(normalise("  Behaviour_ID "), "behaviour id");
        assert_eq!(normalise("Competency-Summary"), "competency summary");
    }
}
