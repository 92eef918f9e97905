// The reader's state in localStorage under "careerbook:<handbook id>".
// Stored text that cannot be read is kept untouched (and nothing is saved)
// until the reader downloads it or chooses to start fresh.

import { freshState, readData } from './format.js';
import { now } from './dom.js';

export const store = {
  handbook: '',
  key: '',
  /** The state the page shows and changes (see docs/assessment-data.md). */
  data: null,
  /** Stored text that could not be read, and why: { text, reason }. */
  broken: null,
  /** The error of the last save, until a save succeeds. */
  saveError: null,
  /** Set by the assessment: adds the current matrix's details before saving. */
  beforeSave: null,
  /** Called after every save attempt (shows or clears the failure banner). */
  afterSave: null,
  /** Showing someone else's assessment (a share link): nothing is saved. */
  readOnly: false,
};

export function openStore(handbook) {
  store.handbook = handbook;
  store.key = `careerbook:${handbook}`;
  loadStore();
}

export function loadStore() {
  store.broken = null;
  let text = null;
  try {
    text = localStorage.getItem(store.key);
  } catch {
    // Storage is disabled: the page still works, and saving says it cannot.
  }
  if (text == null) {
    store.data = freshState(store.handbook);
    return;
  }
  try {
    store.data = readData(text, store.handbook);
  } catch (error) {
    store.broken = { text, reason: error.message };
    store.data = freshState(store.handbook);
  }
}

/** Saves the state; returns whether it was written. `touch`: update "updated". */
export function save(touch = true) {
  if (store.broken || store.readOnly) {
    return false;
  }
  if (touch) {
    store.data.updated = now();
  }
  store.beforeSave?.(store.data);
  try {
    localStorage.setItem(store.key, JSON.stringify(store.data));
    store.saveError = null;
  } catch (error) {
    store.saveError = error;
  }
  store.afterSave?.();
  return !store.saveError;
}

/** Drops the unreadable stored text: the next save replaces it. */
export function startFresh() {
  store.broken = null;
  return save();
}
