// What changed in the framework since the reader last looked: the
// fingerprints of the behaviours' texts they have seen (kept per matrix in
// `seen`, see docs/assessment-data.md) against the page's. A bar at the
// bottom of the window (so nothing on the page moves) says so until it is
// dismissed; new behaviours at the reader's current and target levels and
// reworded ones they answered (their answers are kept) are marked in the
// list, and "Show: what changed" shows only those.

import { $, $$ } from './dom.js';
import { idMap } from './format.js';
import { matrix } from './matrix.js';
import { store, save } from './store.js';
import { overallLevel, scoresOf, targetLevel } from './score.js';

/** The fingerprints of the page's behaviours; "" for those `reread` picks. */
function fingerprints(reread = () => false) {
  const seen = idMap();
  matrix.behaviours.forEach((behaviour, id) => {
    seen[id] = reread(behaviour) ? '' : behaviour.fingerprint;
  });
  return seen;
}

export function showChanges(items) {
  const { answers, seen, target } = store.data;
  // Data saved before fingerprints were kept: the text saved with an answer tells.
  const known = (seen[matrix.data.matrix] ??= fingerprints(({ id, text }) => (answers[id]?.t ?? text) !== text));
  const scores = scoresOf(answers);
  const levels = [overallLevel(scores), targetLevel(target, scores)].map(
    (index) => matrix.levels[Math.max(0, index)].id,
  );
  const counts = [0, 0, 0];
  items.forEach((item, id) => {
    const { level, fingerprint } = matrix.behaviours.get(id);
    const added = !(id in known) && levels.includes(level);
    const reworded = id in known && known[id] !== fingerprint && Boolean(answers[id]);
    item.classList.toggle('cb-added', added);
    item.classList.toggle('cb-reworded', reworded);
    counts[0] += Number(added);
    counts[1] += Number(reworded);
  });
  for (const id in known) {
    counts[2] += Number(!matrix.behaviours.has(id) && id in answers);
  }
  const bar = $('.cb-changes-bar');
  bar.hidden = !(counts[0] + counts[1] + counts[2]);
  $$('strong', bar).forEach((count, index) => (count.textContent = counts[index]));
}

/** The reader has seen the changes: the page's fingerprints are remembered. */
export function dismissChanges() {
  const { data } = store;
  data.seen[matrix.data.matrix] = fingerprints();
  data.show = data.show === 'changed' ? 'all' : data.show;
  save();
}
