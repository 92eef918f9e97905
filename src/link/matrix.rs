//! Matrices as readers see them: a specialisation merged with the matrix it
//! extends, and the tracks (paths through the levels) made explicit.
//!
//! Every stage after linking works from [`ResolvedMatrix`]: level pages,
//! comparisons, the self-assessment, the ladder diagram and the export.

use std::collections::{HashMap, HashSet};

use crate::diag::{Diagnostic, Label, did_you_mean, suggest};
use crate::load::ContentFile;
use crate::model::{Behaviour, Competency, Id, Level, Matrix};

/// A matrix with everything it inherits.
#[derive(Debug, Clone)]
pub struct ResolvedMatrix {
    pub id: String,
    /// Index of its document in [`super::Handbook::content`].
    pub doc: usize,
    /// The ids of the matrices it extends, nearest first.
    pub bases: Vec<String>,
    pub cumulative: bool,
    /// The levels, from the first to the last (inherited ones included).
    pub levels: Vec<Level>,
    /// The paths through the levels; one implicit track (all levels in
    /// order) when the matrix declares none.
    pub tracks: Vec<TrackPath>,
    pub competencies: Vec<ResolvedCompetency>,
}

/// A path through the levels.
#[derive(Debug, Clone)]
pub struct TrackPath {
    /// The track's id (none for the implicit track of a matrix without
    /// tracks).
    pub id: Option<String>,
    pub title: String,
    /// Indices into [`ResolvedMatrix::levels`], first to last.
    pub levels: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct ResolvedCompetency {
    pub competency: Competency,
    /// The weight in this matrix (an extension may change it).
    pub weight: f64,
    /// The matrix that defines the competency.
    pub origin: String,
    /// For each level (same indices as [`ResolvedMatrix::levels`]), the
    /// behaviours expected there.
    pub behaviours: Vec<Vec<ResolvedBehaviour>>,
}

#[derive(Debug, Clone)]
pub struct ResolvedBehaviour {
    pub behaviour: Behaviour,
    /// The matrix that added the behaviour.
    pub origin: String,
}

impl ResolvedMatrix {
    pub(crate) fn level_index(&self, id: &str) -> Option<usize> {
        self.levels.iter().position(|l| l.id.as_str() == id)
    }

    /// Whether the matrix declares tracks (rather than the implicit one).
    pub(crate) fn has_tracks(&self) -> bool {
        self.tracks.iter().any(|t| t.id.is_some())
    }

    /// The tracks a level is on.
    pub(crate) fn tracks_of(&self, level: usize) -> Vec<&TrackPath> {
        self.tracks
            .iter()
            .filter(|t| t.levels.contains(&level))
            .collect()
    }

    /// The behaviours of a competency at a level.
    pub fn behaviours_at<'a>(
        &self,
        competency: &'a ResolvedCompetency,
        level: usize,
    ) -> &'a [ResolvedBehaviour] {
        competency.behaviours.get(level).map_or(&[], Vec::as_slice)
    }

    /// Every behaviour with its level index, competency by competency.
    pub fn all_behaviours(
        &self,
    ) -> impl Iterator<Item = (&ResolvedCompetency, usize, &ResolvedBehaviour)> {
        self.competencies.iter().flat_map(|c| {
            c.behaviours
                .iter()
                .enumerate()
                .flat_map(move |(l, bs)| bs.iter().map(move |b| (c, l, b)))
        })
    }

    /// Pairs of levels next to each other on some track (each pair once,
    /// in track order).
    pub(crate) fn adjacent_pairs(&self) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = Vec::new();
        for t in &self.tracks {
            for w in t.levels.windows(2) {
                if !out.contains(&(w[0], w[1])) {
                    out.push((w[0], w[1]));
                }
            }
        }
        out
    }
}

/// Resolve every matrix of the handbook, reporting problems with `extends`,
/// `extend_competencies`, tracks and the level keys of behaviours.
pub(crate) fn resolve_all(
    content: &[ContentFile],
    out: &mut Vec<Diagnostic>,
) -> HashMap<String, ResolvedMatrix> {
    let matrices: HashMap<&str, (usize, &Matrix)> = content
        .iter()
        .enumerate()
        .filter_map(|(i, cf)| cf.doc.as_matrix().map(|m| (m.id.as_str(), (i, m))))
        .collect();
    let mut resolved: HashMap<String, ResolvedMatrix> = HashMap::new();
    let mut order: Vec<&str> = matrices.keys().copied().collect();
    order.sort();
    for id in order {
        resolve_one(id, content, &matrices, &mut resolved, &mut Vec::new(), out);
    }
    resolved
}

fn resolve_one(
    id: &str,
    content: &[ContentFile],
    matrices: &HashMap<&str, (usize, &Matrix)>,
    resolved: &mut HashMap<String, ResolvedMatrix>,
    visiting: &mut Vec<String>,
    out: &mut Vec<Diagnostic>,
) -> bool {
    if resolved.contains_key(id) {
        return true;
    }
    let Some(&(doc, m)) = matrices.get(id) else {
        return false;
    };
    let file = content[doc].file.as_str();
    let mut base: Option<ResolvedMatrix> = None;
    if let Some(base_id) = &m.extends {
        if visiting.iter().any(|v| v == base_id.as_str()) || base_id.as_str() == id {
            out.push(
                Diagnostic::error(
                    "model::extends",
                    format!("matrix `{id}` extends itself (through `{base_id}`)"),
                    Label::new(file, base_id.pos()).with_label("a loop of `extends`"),
                )
                .with_help("a matrix may extend another, which may extend a third, but never back"),
            );
            return false;
        }
        if !matrices.contains_key(base_id.as_str()) {
            let mut d = Diagnostic::error(
                "model::extends",
                format!("`extends` names `{base_id}`, which is not a matrix"),
                Label::new(file, base_id.pos()).with_label("no matrix has this id"),
            );
            let mut ids: Vec<&str> = matrices.keys().copied().filter(|k| *k != id).collect();
            ids.sort();
            d.help = Some(match suggest(base_id.as_str(), ids.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None if ids.is_empty() => "this handbook has no other matrix".into(),
                None => format!("matrices are: {}", ids.join(", ")),
            });
            out.push(d);
            return false;
        }
        visiting.push(id.to_string());
        let ok = resolve_one(base_id.as_str(), content, matrices, resolved, visiting, out);
        visiting.pop();
        if !ok {
            return false;
        }
        base = resolved.get(base_id.as_str()).cloned();
    }
    let r = match base {
        None => own_matrix(id, doc, m, file, out),
        Some(b) => specialise(b, id, doc, m, file, out),
    };
    resolved.insert(id.to_string(), r);
    true
}

fn own_matrix(
    id: &str,
    doc: usize,
    m: &Matrix,
    file: &str,
    out: &mut Vec<Diagnostic>,
) -> ResolvedMatrix {
    let levels = m.levels.clone();
    let tracks = tracks_of(m, &levels, file, out);
    let mut r = ResolvedMatrix {
        id: id.to_string(),
        doc,
        bases: Vec::new(),
        cumulative: m.cumulative,
        levels,
        tracks,
        competencies: Vec::new(),
    };
    add_competencies(&mut r, m, file, out);
    r
}

fn specialise(
    base: ResolvedMatrix,
    id: &str,
    doc: usize,
    m: &Matrix,
    file: &str,
    out: &mut Vec<Diagnostic>,
) -> ResolvedMatrix {
    let mut r = ResolvedMatrix {
        id: id.to_string(),
        doc,
        bases: std::iter::once(base.id.clone()).chain(base.bases).collect(),
        cumulative: m.cumulative,
        levels: base.levels,
        tracks: base.tracks,
        competencies: base.competencies,
    };
    for x in &m.extend_competencies {
        let Some(c) = r
            .competencies
            .iter_mut()
            .find(|c| c.competency.id.as_str() == x.competency.as_str())
        else {
            let names: Vec<String> = r
                .competencies
                .iter()
                .map(|c| c.competency.id.as_str().to_string())
                .collect();
            let mut d = Diagnostic::error(
                "model::extends",
                format!("`{}` is not a competency of `{}`", x.competency, r.bases[0]),
                Label::new(file, x.competency.pos()).with_label("not an inherited competency"),
            );
            d.help = Some(did_you_mean(
                x.competency.as_str(),
                names.iter().map(String::as_str),
                || {
                    "`extend_competencies` adds to competencies of the matrix this one extends; add a new competency under `competencies`".into()
                },
            ));
            out.push(d);
            continue;
        };
        if let Some(w) = x.weight {
            c.weight = w;
        }
        let levels = &r.levels;
        place_behaviours(levels, &mut c.behaviours, &x.behaviours.0, id, file, out);
    }
    add_competencies(&mut r, m, file, out);
    r
}

fn add_competencies(r: &mut ResolvedMatrix, m: &Matrix, file: &str, out: &mut Vec<Diagnostic>) {
    for c in &m.competencies {
        let mut behaviours = vec![Vec::new(); r.levels.len()];
        place_behaviours(
            &r.levels,
            &mut behaviours,
            &c.behaviours.0,
            &r.id,
            file,
            out,
        );
        let mut competency = c.clone();
        competency.behaviours = Default::default();
        r.competencies.push(ResolvedCompetency {
            weight: c.weight,
            competency,
            origin: r.id.clone(),
            behaviours,
        });
    }
    check_builds_on(r, file, out);
}

/// Put behaviours written under level keys at their level's index.
fn place_behaviours(
    levels: &[Level],
    into: &mut [Vec<ResolvedBehaviour>],
    written: &[(Id, Vec<Behaviour>)],
    origin: &str,
    file: &str,
    out: &mut Vec<Diagnostic>,
) {
    for (level, list) in written {
        let Some(i) = levels.iter().position(|l| l.id.as_str() == level.as_str()) else {
            let ids: Vec<&str> = levels.iter().map(|l| l.id.as_str()).collect();
            let mut d = Diagnostic::error(
                "model::unknown-level",
                format!("`{level}` is not a level of matrix `{origin}`"),
                Label::new(file, level.pos()).with_label("not one of this matrix's levels"),
            );
            d.help = Some(did_you_mean(level.as_str(), ids.iter().copied(), || {
                format!("levels are: {}", ids.join(", "))
            }));
            out.push(d);
            continue;
        };
        into[i].extend(list.iter().map(|b| ResolvedBehaviour {
            behaviour: b.clone(),
            origin: origin.to_string(),
        }));
    }
}

/// `builds_on` names a behaviour of the same competency at a lower level.
fn check_builds_on(r: &ResolvedMatrix, file: &str, out: &mut Vec<Diagnostic>) {
    for c in &r.competencies {
        let level_of: HashMap<&str, usize> = c
            .behaviours
            .iter()
            .enumerate()
            .flat_map(|(l, bs)| bs.iter().map(move |b| (b.behaviour.id.as_str(), l)))
            .collect();
        for (l, bs) in c.behaviours.iter().enumerate() {
            for b in bs.iter().filter(|b| b.origin == r.id) {
                let Some(base) = &b.behaviour.builds_on else {
                    continue;
                };
                match level_of.get(base.as_str()) {
                    Some(bl) if *bl < l => {}
                    Some(_) => out.push(
                        Diagnostic::error(
                            "model::builds-on",
                            format!("`{}` builds on `{base}`, which is not at a lower level", b.behaviour.id),
                            Label::new(file, base.pos()).with_label("must be a behaviour of a lower level"),
                        )
                        .with_help("`builds_on` names the behaviour of an earlier level that this one grows out of"),
                    ),
                    None => out.push(
                        Diagnostic::error(
                            "model::builds-on",
                            format!("`{base}` is not a behaviour of competency `{}`", c.competency.id),
                            Label::new(file, base.pos()).with_label("not a behaviour of this competency"),
                        )
                        .with_help("`builds_on` names a behaviour of the same competency at a lower level"),
                    ),
                }
            }
        }
    }
}

/// The tracks of a matrix, checked: each names levels of the matrix, in the
/// order of `levels`, each once; every level is on some track.
fn tracks_of(
    m: &Matrix,
    levels: &[Level],
    file: &str,
    out: &mut Vec<Diagnostic>,
) -> Vec<TrackPath> {
    if m.tracks.is_empty() {
        return vec![TrackPath {
            id: None,
            title: crate::link::plain_title(m.title.as_str()),
            levels: (0..levels.len()).collect(),
        }];
    }
    let ids: Vec<&str> = levels.iter().map(|l| l.id.as_str()).collect();
    let mut on_a_track: HashSet<usize> = HashSet::new();
    let mut tracks = Vec::new();
    for t in &m.tracks {
        let mut path: Vec<usize> = Vec::new();
        for level in &t.levels {
            let Some(i) = ids.iter().position(|x| *x == level.as_str()) else {
                let mut d = Diagnostic::error(
                    "model::track",
                    format!(
                        "track `{}` names `{level}`, which is not a level of this matrix",
                        t.id
                    ),
                    Label::new(file, level.pos()).with_label("not a level"),
                );
                d.help = Some(did_you_mean(level.as_str(), ids.iter().copied(), || {
                    format!("levels are: {}", ids.join(", "))
                }));
                out.push(d);
                continue;
            };
            if path.contains(&i) {
                out.push(Diagnostic::error(
                    "model::track",
                    format!("track `{}` names `{level}` twice", t.id),
                    Label::new(file, level.pos()).with_label("already on this track"),
                ));
                continue;
            }
            if let Some(&last) = path.last()
                && i < last
            {
                out.push(
                    Diagnostic::error(
                        "model::track",
                        format!(
                            "track `{}` puts `{level}` after `{}`, but `levels` orders them the other way",
                            t.id, ids[last]
                        ),
                        Label::new(file, level.pos()).with_label("out of order"),
                    )
                    .with_help("list a track's levels in the order of `levels`, from the first to the last"),
                );
                continue;
            }
            path.push(i);
            on_a_track.insert(i);
        }
        if t.levels.is_empty() {
            out.push(Diagnostic::error(
                "model::track",
                format!("track `{}` has no levels", t.id),
                Label::new(file, t.id.pos()),
            ));
        }
        tracks.push(TrackPath {
            id: Some(t.id.as_str().to_string()),
            title: crate::link::plain_title(t.title.as_str()),
            levels: path,
        });
    }
    for (i, l) in levels.iter().enumerate() {
        if !on_a_track.contains(&i) {
            out.push(
                Diagnostic::error(
                    "model::track",
                    format!("level `{}` is on no track", l.id),
                    Label::new(file, l.id.pos()).with_label("not listed by any track"),
                )
                .with_help(
                    "add it to the `levels` of a track (levels may be shared by several tracks)",
                ),
            );
        }
    }
    tracks
}
