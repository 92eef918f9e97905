// Comparisons: the reader's answers beside a snapshot of their own, or beside
// another person's assessment (from their export file, kept for this visit
// only, never saved): both shapes on the chart, both levels in the
// table, both ratings on every behaviour with the differences marked (and a
// filter for them), and the differences as Markdown for a one-to-one.
// Snapshots are saved here too.

import { $, h, now, setText } from './dom.js';
import { store, save } from './store.js';
import { matrix } from './matrix.js';
import { levelName, levelTitleOf, ratingWithNote, ratingWord, shortTime } from './labels.js';

export const comparison = {
  /** What the result is compared with: a snapshot, `other`, or null. */
  with: null,
  /** Another person's assessment: { label, at, target, answers }. */
  other: null,
  /** The choices of the "Compare with" list, by option value. */
  sources: [],
};

export const labelOf = (source) => source.label ?? `Snapshot ${shortTime(source.at)}`;

/** Whether two answers differ in their rating. */
export const differ = (mine, theirs) => (mine?.r ?? -1) !== (theirs?.r ?? -1);

/** Fills the "Compare with" list, keeping the choice while it exists. */
export function showSources(select, snapshots) {
  const sources = [comparison.other, ...snapshots].filter(Boolean);
  comparison.sources = sources;
  if (!sources.includes(comparison.with)) {
    comparison.with = null;
  }
  select.replaceChildren(
    h('option', { value: '' }, 'nothing'),
    ...sources.map((source, index) =>
      h('option', { value: index }, `${labelOf(source)} (target ${levelTitleOf(source.target)})`),
    ),
  );
  select.value = comparison.with ? sources.indexOf(comparison.with) : '';
}

/**
 * Under each behaviour, the compared rating (`compared`: the view's
 * snapshot, or null to remove them); differing ones are marked. Returns how
 * many differ.
 */
export function showTheirs(items, answers, compared) {
  let count = 0;
  items.forEach((item, id) => {
    let line = item.theirs;
    if (!line && !compared) {
      return;
    }
    line ??= item.theirs = $('fieldset', item).appendChild(h('p.cb-theirs.cb-muted'));
    line.hidden = !compared;
    const theirs = compared?.answers[id];
    setText(line, compared ? `${compared.label}: ${ratingWithNote(theirs)}` : '');
    count += Number(item.classList.toggle('cb-unlike', Boolean(compared) && differ(answers[id], theirs)));
  });
  return count;
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

/** The differences between the reader's answers and the compared ones, in Markdown. */
export function differencesMarkdown({ scores, target, snapshot: other }) {
  const answers = store.data.answers;
  const name = other.label;
  const side = (label, answer) =>
    `  - ${label}: ${ratingWord(answer)}` +
    `${answer?.n ? ` — ${answer.n.trim().replace(/\n/g, '\n    ')}` : ''}\n`;
  let count = 0;
  let text = '';
  matrix.competencies.forEach((competency, index) => {
    const rows = competency.behaviours.filter(
      ({ id, level }) => matrix.levelIndex.has(level) && differ(answers[id], other.answers[id]),
    );
    count += rows.length;
    if (rows.length) {
      text +=
        `## ${competency.title} (mine: ${levelName(scores[index].met)}; ` +
        `${name}: ${levelName(other.scores[index].met)})\n\n` +
        rows
          .map(
            ({ id, text: said, level }) =>
              `- ${said} (${levelTitleOf(level)})\n` + `${side('Mine', answers[id])}${side(name, other.answers[id])}`,
          )
          .join('') +
        '\n';
    }
  });
  return (
    `# ${matrix.data.matrix_title}: my assessment and ${name}\n\n` +
    `Target — mine: ${matrix.levels[target].title}; ${name}: ${levelTitleOf(other.target)}. ` +
    `${count} behaviours rated differently.\n\n${text}`
  );
}
