// Export and import of the reader's data as JSON. An import is read and
// checked completely before anything is merged; differing answers are
// settled by the reader.

import { ask, downloadFile, h, now, paragraph, today } from './dom.js';
import { MAX_IMPORT_BYTES, readData } from './format.js';
import { store, save } from './store.js';
import { say } from './notices.js';
import { ratingWithNote, behaviourText, levelTitleOf } from './labels.js';
import { refreshAll } from './refresh.js';

export function exportJson() {
  const file = { ...store.data, exported: now() };
  downloadFile(`careerbook-${store.handbook}-${today()}.json`, JSON.stringify(file, null, 2), 'application/json');
}

/** The "Import JSON" control: a button-like label around a file input. */
export function importControl() {
  return h(
    'label.cb-button.cb-file',
    'Import JSON',
    h('input.cb-sr.cb-import', { type: 'file', accept: '.json,application/json' }),
  );
}

/** Handles a change of any `input.cb-import`. */
export function onImportChosen(input) {
  const file = input.files[0];
  input.value = '';
  if (file) {
    importFile(file);
  }
}

const megabytes = (bytes) => (bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '');

async function importFile(file) {
  if (file.size > MAX_IMPORT_BYTES) {
    say(`Nothing imported: the file is ${megabytes(file.size)} MB, more than the ${megabytes(MAX_IMPORT_BYTES)} MB limit.`);
    return;
  }
  let incoming;
  try {
    incoming = readData(await file.text(), store.handbook);
  } catch (error) {
    say(`Nothing imported: ${error.message}.`);
    return;
  }
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
    choice = await ask(
      'The file differs from your answers',
      h(
        'div',
        paragraph(`${differing.length + (targetDiffers ? 1 : 0)} answers differ. Answers only in the file are added either way.`),
        h(
          'ul.cb-conflicts',
          targetDiffers &&
            h('li', `Target level — yours: ${levelTitleOf(state.target)}; imported: ${levelTitleOf(incoming.target)}`),
          differing.map((id) =>
            h(
              'li',
              h('strong', behaviourText(id, mine[id])),
              h('br'),
              `Yours: ${ratingWithNote(mine[id])}`,
              h('br'),
              `Imported: ${ratingWithNote(theirs[id])}`,
            ),
          ),
        ),
      ),
      [
        ['mine', 'Keep mine', true],
        ['theirs', 'Take imported'],
        ['', 'Cancel'],
      ],
    );
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
