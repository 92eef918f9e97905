// Export and import of the reader's data as JSON, and the assessment as CSV.
// A file is read and checked completely before anything is merged (or
// compared); differing answers are settled by the reader.

import { $, ask, downloadDated, fromKit, now } from './dom.js';
import { MAX_IMPORT_BYTES, readData } from './format.js';
import { store, save } from './store.js';
import { say } from './notices.js';
import { behaviourText, levelTitleOf, oneDecimal, ratingWithNote, ratingWord } from './labels.js';
import { refreshAll } from './refresh.js';
import { matrix } from './matrix.js';
import { comparison } from './compare.js';

export function exportJson() {
  const file = { ...store.data, exported: now() };
  downloadDated(`careerbook-${store.handbook}`, 'json', JSON.stringify(file, null, 2));
}

const megabytes = (bytes) => oneDecimal(bytes / 1024 / 1024);

/**
 * Handles a change of any `input.cb-import` (the file is imported) or
 * `input.cb-load` (the file is compared with, for this visit only).
 */
export async function onFileChosen(input) {
  const file = input.files[0];
  const compare = input.matches('.cb-load');
  const nothing = `Nothing ${compare ? 'loaded' : 'imported'}: `;
  input.value = '';
  if (!file) {
    return;
  }
  if (file.size > MAX_IMPORT_BYTES) {
    say(`${nothing}the file is ${megabytes(file.size)} MB, more than the ${megabytes(MAX_IMPORT_BYTES)} MB limit.`);
    return;
  }
  let incoming;
  try {
    incoming = readData(await file.text(), store.handbook);
  } catch (error) {
    say(`${nothing}${error.message}.`);
    return;
  }
  if (compare) {
    const { updated: at, target, answers } = incoming;
    comparison.other = comparison.with = { label: file.name.replace(/\.json$/i, '').slice(0, 60), at, target, answers };
    refreshAll();
    say(`Comparing with ${comparison.other.label}.`);
  } else {
    importState(incoming);
  }
}

/** Takes `incoming` (checked data) into the reader's own, asking when answers differ. */
export async function importState(incoming) {
  const state = store.data;
  const wasEmpty =
    !Object.keys(state.answers).length && !Object.keys(state.checks).length && !state.snapshots.length && !state.target;
  if (wasEmpty) {
    store.data = incoming;
  } else if (!(await merge(state, incoming))) {
    say('Import cancelled: nothing changed.');
    return;
  }
  const saved = save(!wasEmpty);
  refreshAll();
  say(`Imported ${Object.keys(incoming.answers).length} answers` + (saved ? '.' : '; not saved (see above).'));
}

/** Merges `incoming` into `state`; false when the reader cancels. */
async function merge(state, incoming) {
  const mine = state.answers;
  const theirs = incoming.answers;
  const differing = Object.keys(theirs).filter(
    (id) => mine[id] && (mine[id].r !== theirs[id].r || (mine[id].n ?? '') !== (theirs[id].n ?? '')),
  );
  const targetDiffers = incoming.target && state.target && incoming.target !== state.target;
  let choice = 'mine';
  if (differing.length || targetDiffers) {
    const dialog = fromKit('.cb-ask-merge', {
      count: differing.length + (targetDiffers ? 1 : 0),
      yours: levelTitleOf(state.target),
      imported: levelTitleOf(incoming.target),
    });
    // The list starts with the target's line; then a line per answer.
    const list = $('ul', dialog);
    list.firstElementChild.hidden = !targetDiffers;
    for (const id of differing) {
      list.append(
        fromKit('.cb-conflict', {
          text: behaviourText(id, mine[id]),
          yours: ratingWithNote(mine[id]),
          imported: ratingWithNote(theirs[id]),
        }),
      );
    }
    choice = await ask(dialog);
    if (!choice) {
      return false;
    }
  }
  const takeTheirs = choice === 'theirs';
  for (const id of Object.keys(theirs)) {
    if (!mine[id] || takeTheirs) {
      mine[id] = theirs[id];
    }
  }
  if (!state.target || (takeTheirs && incoming.target)) {
    state.target = incoming.target;
  }
  for (const [list, ticks] of Object.entries(incoming.checks)) {
    state.checks[list] = Object.assign(Object.create(null), ticks, state.checks[list]);
  }
  const known = new Set(state.snapshots.map((snapshot) => snapshot.id));
  state.snapshots = state.snapshots
    .concat(incoming.snapshots.filter((snapshot) => !known.has(snapshot.id)))
    .sort((a, b) => (a.at < b.at ? -1 : 1));
  return true;
}

/** A CSV cell: quoted, and what a spreadsheet would run (=, +, -, @, tab, CR first) starts with "'". */
const cell = (value) => `"${String(value ?? '').replace(/^[=+\-@\t\r]/, "'$&").replace(/"/g, '""')}"`;

/** The assessment as CSV: a row per behaviour of the matrix. */
export function csvFile(answers) {
  const rows = [['behaviour', 'competency', 'level', 'rating', 'note', 'date']];
  for (const competency of matrix.competencies) {
    for (const behaviour of competency.behaviours) {
      const answer = answers[behaviour.id];
      rows.push([
        behaviour.text,
        competency.title,
        levelTitleOf(behaviour.level),
        answer?.r == null ? '' : ratingWord(answer),
        answer?.n,
        answer?.at,
      ]);
    }
  }
  // A byte-order mark, so that spreadsheets read the text as UTF-8.
  return `\ufeff${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
