// The competency matrix of the assessment page, from the JSON data block the
// page carries (built by src/render/pages.rs): levels, tracks, competencies
// and their behaviours, with lookups by id. Empty on pages without an
// assessment.
//
// `levels` and `levelIndex` are those of the reader's track (a path through
// the matrix's levels): scores, targets, the chart and the promotion case
// follow it. Behaviours at levels off the track do not count.

export const matrix = {
  /** The whole data block. */
  data: null,
  /** The levels of the track in use, in order. */
  levels: [],
  competencies: [],
  /** level id → index in `levels` (levels of the track in use only). */
  levelIndex: new Map(),
  /** The track in use: { id (null: the matrix has no tracks), title, levels }. */
  track: null,
  /** behaviour id → { id, level, text, fingerprint, href, origin?, competency }. */
  behaviours: new Map(),
};

export function loadMatrix(data) {
  matrix.data = data;
  matrix.competencies = data.competencies;
  for (const competency of data.competencies) {
    for (const behaviour of competency.behaviours) {
      matrix.behaviours.set(behaviour.id, { ...behaviour, competency: competency.id });
    }
  }
  useTrack(null);
}

/** Uses the track `id` (the first track when the matrix has no such track). */
export function useTrack(id) {
  const { levels, tracks = [] } = matrix.data;
  const track = tracks.find((candidate) => candidate.id === id) ?? tracks[0];
  matrix.track = track ?? null;
  const levelOf = (id) => levels.find((each) => each.id === id);
  matrix.levels = track ? track.levels.map(levelOf).filter(Boolean) : levels;
  matrix.levelIndex = new Map(matrix.levels.map((level, index) => [level.id, index]));
}
