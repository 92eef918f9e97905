// The competency matrix of the assessment page, from the JSON data block the
// page carries (built by src/render/pages.rs): levels, competencies and their
// behaviours, with lookups by id. Empty on pages without an assessment.

export const matrix = {
  /** The whole data block. */
  data: null,
  levels: [],
  competencies: [],
  /** level id → index in `levels`. */
  levelIndex: new Map(),
  /** behaviour id → { id, level, text, href, competency }. */
  behaviours: new Map(),
};

export function loadMatrix(data) {
  matrix.data = data;
  matrix.levels = data.levels;
  matrix.competencies = data.competencies;
  data.levels.forEach((level, index) => matrix.levelIndex.set(level.id, index));
  for (const competency of data.competencies) {
    for (const behaviour of competency.behaviours) {
      matrix.behaviours.set(behaviour.id, { ...behaviour, competency: competency.id });
    }
  }
}
