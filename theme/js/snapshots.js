// Snapshots: the answers at a moment, kept to compare with later.

import { h, now, paragraph } from './dom.js';
import { store, save } from './store.js';
import { matrix } from './matrix.js';
import { behaviourText, levelName, levelTitleOf, ratingWord, shortTime } from './labels.js';

export const comparedSnapshot = (id) => (id ? store.data.snapshots.find((snapshot) => snapshot.id === id) : null);

/** Fills the "Compare with" list, keeping the choice while it exists. */
export function showSnapshots(select, snapshots) {
  const chosen = select.value;
  select.replaceChildren(
    h('option', { value: '' }, 'no snapshot'),
    ...snapshots.map((snapshot) =>
      h('option', { value: snapshot.id }, `${shortTime(snapshot.at)} (target ${levelTitleOf(snapshot.target)})`),
    ),
  );
  select.value = snapshots.some((snapshot) => snapshot.id === chosen) ? chosen : '';
}

/** Saves a snapshot of `answers` with the target level index in effect. */
export function saveSnapshot(answers, target) {
  const taken = new Set(store.data.snapshots.map((snapshot) => snapshot.id));
  let id = `s${Date.now().toString(36)}`;
  while (taken.has(id)) {
    id += 'x';
  }
  store.data.snapshots.push({ id, at: now(), target: matrix.levels[target].id, answers });
  return save();
}

/** What changed between a snapshot and now: levels, target and ratings. */
export function whatMoved(snapshot, view) {
  const { competencies, levels } = matrix;
  const answers = store.data.answers;
  const moved = [];
  competencies.forEach((competency, index) => {
    const before = snapshot.scores[index].met;
    const after = view.scores[index].met;
    if (before !== after) {
      moved.push(h('li', h('strong', competency.title), `: ${levelName(before)} → ${levelName(after)}`));
    }
  });
  const target = levels[view.target];
  if (snapshot.target !== target.id) {
    moved.push(h('li', `Target: ${levelTitleOf(snapshot.target)} → ${target.title}`));
  }
  const ratings = [];
  for (const id of new Set([...Object.keys(snapshot.answers), ...Object.keys(answers)])) {
    const before = ratingWord(snapshot.answers[id]);
    const after = ratingWord(answers[id]);
    if (before !== after) {
      ratings.push(h('li', `“${behaviourText(id, answers[id])}”: ${before} → ${after}`));
    }
  }
  return [
    h('h3', `What moved since ${shortTime(snapshot.at)}`),
    moved.length + ratings.length ? h('ul', moved) : paragraph('Nothing moved.'),
    ratings.length > 0 &&
      h('details', { open: ratings.length < 9 }, h('summary', `${ratings.length} ratings changed`), h('ul', ratings)),
  ];
}
