//! Ids of imported content: taken from the source where it has them,
//! otherwise derived from names and positions, always the same way, so that
//! importing an updated source again keeps the ids readers' answers are
//! stored under.
//!
//! - Levels, tracks and competencies: `MATRIX-NAME` (the matrix's id, then
//!   the source's id or the slug of the name), so that two imported
//!   frameworks never share a level id.
//! - Behaviours: the source's id when it has one (FT's ids, a CSV `behaviour
//!   id` cell), else `COMPETENCY-LEVEL-N`, N counting from 1 in source order
//!   within the competency and level.
//! - A derived id already used in the same import gets `-2`, `-3`… (in source
//!   order).
//! - Updating (`--update`): a behaviour without a source id keeps the id the
//!   file already had for it in the same competency and level — the same
//!   text first (the longest common subsequence, then texts that moved),
//!   then, between two unchanged behaviours, the reworded ones in order;
//!   only what remains gets a new id, never one the file used before.
//!   Rewording keeps an id; inserting a behaviour does not shift the others'.

use std::collections::{HashMap, HashSet};

use super::ir;
use crate::model::{ID_MAX_LEN, Id};

/// The ids used so far in one import.
#[derive(Debug, Default)]
pub struct Ids {
    taken: HashSet<String>,
}

impl Ids {
    /// Take `id` as it is; false when it is already used.
    pub fn claim(&mut self, id: &str) -> bool {
        self.taken.insert(id.to_string())
    }

    pub(crate) fn is_taken(&self, id: &str) -> bool {
        self.taken.contains(id)
    }

    /// A new id from `base` (made well-formed): `base`, else `base-2`,
    /// `base-3`…
    pub fn derive(&mut self, base: &str) -> String {
        let base = Id::slug(base);
        if self.claim(&base) {
            return base;
        }
        (2..)
            .map(|n| with_suffix(&base, &n.to_string()))
            .find(|id| self.claim(id))
            .expect("some suffix is free")
    }
}

/// `MATRIX-NAME` as an id.
pub(crate) fn qualify(matrix: &str, name: &str) -> String {
    Id::slug(&format!("{matrix}-{name}"))
}

/// `base-suffix`, shortening `base` so that the id stays within the limit.
pub(crate) fn with_suffix(base: &str, suffix: &str) -> String {
    let room = ID_MAX_LEN.saturating_sub(suffix.len() + 1);
    let mut base = base.to_string();
    base.truncate(room);
    let base = base.trim_end_matches('-');
    format!("{base}-{suffix}")
}

/// The behaviours an earlier import wrote, by competency and level.
#[derive(Debug, Default)]
pub struct Previous {
    cells: HashMap<(String, String), Vec<(String, String)>>,
    /// Every behaviour id the file had, with its text.
    pub texts: HashMap<String, String>,
}

impl Previous {
    pub(crate) fn from_matrix(m: &crate::model::Matrix) -> Previous {
        let mut p = Previous::default();
        let comps = m
            .competencies
            .iter()
            .map(|c| (c.id.as_str(), &c.behaviours))
            .chain(
                m.extend_competencies
                    .iter()
                    .map(|x| (x.competency.as_str(), &x.behaviours)),
            );
        for (comp, behaviours) in comps {
            for (level, list) in &behaviours.0 {
                let cell = p
                    .cells
                    .entry((comp.to_string(), level.as_str().to_string()))
                    .or_default();
                for b in list {
                    cell.push((b.id.as_str().to_string(), b.text.as_str().to_string()));
                    p.texts
                        .insert(b.id.as_str().to_string(), b.text.as_str().to_string());
                }
            }
        }
        p
    }
}

/// What an update did to the behaviours of one matrix.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Changes {
    /// Same id, same text.
    pub kept: usize,
    /// Same id, new text.
    pub reworded: usize,
    pub added: usize,
    /// Ids the file had that the import no longer writes.
    pub removed: usize,
}

/// Give every behaviour of `m` without an id one (see the module
/// documentation), reusing the ids of `previous` where it can.
pub fn settle(m: &mut ir::Matrix, previous: Option<&Previous>, ids: &mut Ids) {
    let empty = Previous::default();
    let previous = previous.unwrap_or(&empty);
    // Ids the source gives are already claimed; those kept from the previous
    // file are claimed next, before any new id is derived.
    let mut pending: Vec<(usize, usize, usize)> = Vec::new();
    for (ci, c) in m.all_competencies_mut().enumerate() {
        let comp = c.id.clone();
        for (li, cell) in c.cells.iter_mut().enumerate() {
            let given: HashSet<&str> = cell
                .behaviours
                .iter()
                .filter_map(|b| b.id.as_deref())
                .collect();
            let old: Vec<&(String, String)> = previous
                .cells
                .get(&(comp.clone(), cell.level.clone()))
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .filter(|(id, _)| !given.contains(id.as_str()) && !ids.is_taken(id))
                .collect();
            let open: Vec<usize> = (0..cell.behaviours.len())
                .filter(|&i| cell.behaviours[i].id.is_none())
                .collect();
            let old_texts: Vec<&str> = old.iter().map(|(_, t)| t.as_str()).collect();
            let new_texts: Vec<&str> = open
                .iter()
                .map(|&i| cell.behaviours[i].text.as_str())
                .collect();
            let pairs = pair(&old_texts, &new_texts);
            for (k, &bi) in open.iter().enumerate() {
                match pairs[k] {
                    Some(o) if ids.claim(&old[o].0) => {
                        cell.behaviours[bi].id = Some(old[o].0.clone());
                    }
                    _ => pending.push((ci, li, bi)),
                }
            }
        }
    }
    // What remains: new ids, never one the previous file used.
    let mut counters: HashMap<(usize, usize), usize> = HashMap::new();
    let mut comps: Vec<&mut ir::Competency> = m.all_competencies_mut().collect();
    for (ci, li, bi) in pending {
        let c = &mut comps[ci];
        let base = Id::slug(&format!("{}-{}", c.prefix, c.cells[li].key));
        let n = counters.entry((ci, li)).or_insert(0);
        let id = loop {
            *n += 1;
            let id = with_suffix(&base, &n.to_string());
            if !previous.texts.contains_key(&id) && ids.claim(&id) {
                break id;
            }
        };
        c.cells[li].behaviours[bi].id = Some(id);
    }
}

/// For each new text, the old text it continues (by index): the longest
/// common subsequence of equal texts first, then equal texts that moved,
/// then, between two of those anchors, the remaining old and new texts in
/// order (reworded ones).
fn pair(old: &[&str], new: &[&str]) -> Vec<Option<usize>> {
    let (n, m) = (old.len(), new.len());
    let mut out: Vec<Option<usize>> = vec![None; m];
    let mut used = vec![false; n];
    // Longest common subsequence (cells are small).
    let mut len = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            len[i][j] = if old[i] == new[j] {
                len[i + 1][j + 1] + 1
            } else {
                len[i + 1][j].max(len[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if old[i] == new[j] {
            out[j] = Some(i);
            used[i] = true;
            i += 1;
            j += 1;
        } else if len[i + 1][j] >= len[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    let anchors: Vec<(usize, usize)> = out
        .iter()
        .enumerate()
        .filter_map(|(j, o)| o.map(|i| (i, j)))
        .collect();
    // Equal texts that moved.
    for j in 0..m {
        if out[j].is_none()
            && let Some(i) = (0..n).find(|&i| !used[i] && old[i] == new[j])
        {
            out[j] = Some(i);
            used[i] = true;
        }
    }
    // Between the same two anchors: in order.
    let gap_old = |i: usize| anchors.iter().filter(|(a, _)| *a < i).count();
    let gap_new = |j: usize| anchors.iter().filter(|(_, b)| *b < j).count();
    for (j, slot) in out.iter_mut().enumerate() {
        if slot.is_some() {
            continue;
        }
        if let Some(i) = (0..n).find(|&i| !used[i] && gap_old(i) == gap_new(j)) {
            *slot = Some(i);
            used[i] = true;
        }
    }
    out
}

/// How the behaviours of `m` (ids settled) differ from `previous`.
pub fn changes(m: &ir::Matrix, previous: &Previous) -> Changes {
    let mut ch = Changes::default();
    let mut seen = HashSet::new();
    for c in m.all_competencies() {
        for cell in &c.cells {
            for b in &cell.behaviours {
                let Some(id) = &b.id else { continue };
                seen.insert(id.as_str());
                match previous.texts.get(id) {
                    Some(t) if *t == b.text => ch.kept += 1,
                    Some(_) => ch.reworded += 1,
                    None => ch.added += 1,
                }
            }
        }
    }
    ch.removed = previous
        .texts
        .keys()
        .filter(|k| !seen.contains(k.as_str()))
        .count();
    ch
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matrix(texts: &[&str]) -> ir::Matrix {
        ir::Matrix {
            id: "m".into(),
            title: "M".into(),
            summary: None,
            extends: None,
            cumulative: true,
            levels: vec![],
            tracks: vec![],
            competencies: vec![ir::Competency {
                id: "m-c".into(),
                title: "C".into(),
                summary: None,
                weight: None,
                prefix: "m-c".into(),
                cells: vec![ir::Cell {
                    level: "m-l".into(),
                    key: "l".into(),
                    behaviours: texts
                        .iter()
                        .map(|t| ir::Behaviour {
                            id: None,
                            text: t.to_string(),
                            examples: vec![],
                            comments: vec![],
                        })
                        .collect(),
                }],
            }],
            extensions: vec![],
            origin: String::new(),
            comments: vec![],
            intro: None,
            titled_by_source: true,
        }
    }

    fn ids_of(m: &ir::Matrix) -> Vec<String> {
        m.competencies[0].cells[0]
            .behaviours
            .iter()
            .map(|b| b.id.clone().unwrap())
            .collect()
    }

    fn previous(m: &ir::Matrix) -> Previous {
        let mut p = Previous::default();
        let cell = &m.competencies[0].cells[0];
        let list = cell
            .behaviours
            .iter()
            .map(|b| (b.id.clone().unwrap(), b.text.clone()))
            .collect::<Vec<_>>();
        for (id, t) in &list {
            p.texts.insert(id.clone(), t.clone());
        }
        p.cells.insert(("m-c".into(), "m-l".into()), list);
        p
    }

    #[test]
    fn derived_ids_count_in_source_order() {
        let mut m = matrix(&["a", "b"]);
        settle(&mut m, None, &mut Ids::default());
        assert_eq!(ids_of(&m), ["m-c-l-1", "m-c-l-2"]);
    }

    #[test]
    fn an_update_keeps_ids_by_text_then_by_position() {
        let mut m = matrix(&["a", "b", "c"]);
        settle(&mut m, None, &mut Ids::default());
        let p = previous(&m);
        // A new first behaviour, "b" reworded, "c" unchanged.
        let mut n = matrix(&["new", "a", "B!", "c"]);
        settle(&mut n, Some(&p), &mut Ids::default());
        assert_eq!(ids_of(&n), ["m-c-l-4", "m-c-l-1", "m-c-l-2", "m-c-l-3"]);
        let ch = changes(&n, &p);
        assert_eq!(
            ch,
            Changes {
                kept: 2,
                reworded: 1,
                added: 1,
                removed: 0
            }
        );
        // Rewording alone keeps every id.
        let mut r = matrix(&["a", "b, reworded", "c"]);
        settle(&mut r, Some(&p), &mut Ids::default());
        assert_eq!(ids_of(&r), ids_of(&m));
    }

    #[test]
    fn moved_and_removed_behaviours() {
        let mut m = matrix(&["a", "b", "c"]);
        settle(&mut m, None, &mut Ids::default());
        let p = previous(&m);
        // "c" moved to the top, "a" removed, "b" kept.
        let mut n = matrix(&["c", "b"]);
        settle(&mut n, Some(&p), &mut Ids::default());
        assert_eq!(ids_of(&n), ["m-c-l-3", "m-c-l-2"]);
        assert_eq!(changes(&n, &p).removed, 1);
        // A removed behaviour's id is not given to a new one.
        let mut n = matrix(&["b", "c", "new"]);
        settle(&mut n, Some(&p), &mut Ids::default());
        assert_eq!(ids_of(&n), ["m-c-l-2", "m-c-l-3", "m-c-l-4"]);
    }

    #[test]
    fn derived_ids_avoid_each_other_and_stay_short() {
        let mut ids = Ids::default();
        assert_eq!(ids.derive("Delivery"), "delivery");
        assert_eq!(ids.derive("delivery!"), "delivery-2");
        let long = "x".repeat(120);
        let a = ids.derive(&long);
        let b = ids.derive(&long);
        assert_eq!(a.len(), 100);
        assert!(b.len() <= 100 && b.ends_with("-2"), "{b}");
        assert_eq!(qualify("ft", "Senior 1"), "ft-senior-1");
    }
}
