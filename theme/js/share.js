// Share links: the reader's ratings (and, if they choose, notes) in the URL's
// fragment, which browsers never send to a server: JSON (see "Share links" in
// docs/assessment-data.md), compressed with deflate-raw, in base64url.
// Ratings go by position, a string per competency under the competency's key
// (a hash of its behaviours' ids, in the page's data), so a link made for
// another version of the framework still matches every competency whose
// behaviours are unchanged.
// Opening a link shows that assessment read-only: the reader's own storage is
// neither read into it nor written, until they choose to import it.

import { $, $$, now, fillSlots } from './dom.js';
import { MAX_IMPORT_BYTES, fail, freshState, idMap, readShared } from './format.js';
import { matrix } from './matrix.js';
import { store, loadStore } from './store.js';
import { comparison } from './compare.js';
import { refreshAll } from './refresh.js';
import { shortTime } from './labels.js';

const PREFIX = '#cb-share=';

export const isShareLink = (hash) => hash.startsWith(PREFIX);

/** `bytes` (a Blob part) through a compression or decompression stream. */
const through = (bytes, stream) => new Response(new Blob([bytes]).stream().pipeThrough(stream));

/** The share link of the reader's answers; `name` (optional) says whose. */
export async function shareLink(name, withNotes) {
  const { answers, target } = store.data;
  const notes = idMap();
  for (const id of withNotes ? matrix.behaviours.keys() : []) {
    if (answers[id]?.n) {
      notes[id] = answers[id].n;
    }
  }
  const link = {
    s: 1,
    h: store.handbook,
    m: matrix.data.matrix,
    v: matrix.data.version,
    at: now(),
    by: name || undefined,
    tr: matrix.track?.id ?? null,
    tg: target,
    r: Object.fromEntries(
      matrix.competencies.map((competency) => [
        competency.key,
        competency.behaviours.map((behaviour) => answers[behaviour.id]?.r ?? '-').join(''),
      ]),
    ),
    n: withNotes ? notes : undefined,
  };
  const bytes = new Uint8Array(await through(JSON.stringify(link), new CompressionStream('deflate-raw')).arrayBuffer());
  let binary = '';
  for (const byte of bytes) {
    binary += String.fromCharCode(byte);
  }
  const packed = btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return location.href.split('#')[0] + PREFIX + packed;
}

/** The JSON text of a link's fragment (after the prefix), unpacked within the size limit. */
async function unpack(packed) {
  if (packed.length > MAX_IMPORT_BYTES || !/^[\w-]+$/.test(packed)) {
    fail('it', 'is not a careerbook share link');
  }
  // (Not before Firefox 113, Safari 16.4.)
  if (!window.DecompressionStream) {
    fail('this browser', 'cannot unpack it');
  }
  const chunks = [];
  let size = 0;
  try {
    const binary = atob(packed.replace(/-/g, '+').replace(/_/g, '/'));
    const compressed = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    const reader = through(compressed, new DecompressionStream('deflate-raw')).body.getReader();
    for (let part = await reader.read(); !part.done && size <= MAX_IMPORT_BYTES; part = await reader.read()) {
      size += part.value.length;
      chunks.push(part.value);
    }
    reader.cancel();
  } catch {
    fail('it', 'is damaged (cut short when copied?)');
  }
  return size > MAX_IMPORT_BYTES ? fail('it', 'unpacks to more than 5 MB') : new Blob(chunks).text();
}

/** The assessment a link carries, matched against this page's matrix. */
function fromLink(link) {
  const answers = idMap();
  const byKey = new Map(matrix.competencies.map((competency) => [competency.key, competency]));
  let total = 0;
  let matched = 0;
  Object.entries(link.r).forEach(([key, digits]) => {
    const rated = digits.replace(/-/g, '').length;
    const competency = byKey.get(key);
    total += rated;
    if (competency?.behaviours.length === digits.length) {
      matched += rated;
      competency.behaviours.forEach((behaviour, position) => {
        if (digits[position] !== '-') {
          answers[behaviour.id] = { r: Number(digits[position]) };
        }
      });
    }
  });
  for (const [id, note] of Object.entries(link.n ?? {})) {
    if (matrix.behaviours.has(id)) {
      answers[id] ??= {};
      answers[id].n = note;
    }
  }
  const otherBook = link.h !== store.handbook;
  const otherVersion = link.m !== matrix.data.matrix || link.v !== matrix.data.version;
  return {
    label: link.by?.slice(0, 60) || 'Someone',
    at: link.at,
    track: link.tr,
    target: link.tg,
    answers,
    made: otherBook ? `the handbook “${link.h}”` : otherVersion ? 'another version of this framework' : '',
    matched,
    total,
  };
}

/** Shows the assessment of the link in `hash` read-only, or why it cannot. */
export async function openShared(hash) {
  const bar = $('.cb-shared-bar');
  let other = null;
  try {
    other = fromLink(readShared(await unpack(hash.slice(PREFIX.length))));
    fillSlots(bar, { ...other, at: shortTime(other.at) });
  } catch (error) {
    fillSlots(bar, { why: error.message });
  }
  showShared(other);
  if (other) {
    // The result, not the chapter's introduction, is what was shared.
    $('.cb-result').scrollIntoView();
  }
  bar.hidden = false;
  $('.cb-fit', bar).hidden = !other?.made;
  $$('.cb-ok', bar).forEach((part) => (part.hidden = !other));
  $('.cb-bad', bar).hidden = Boolean(other);
}

/**
 * Shows `other` (read-only) in place of the reader's own answers; null: the
 * reader's own answers again.
 */
function showShared(other) {
  store.readOnly = Boolean(other);
  comparison.with = null;
  if (other) {
    comparison.other = other;
    store.data = { ...freshState(store.handbook), track: other.track, target: other.target, answers: other.answers };
  } else {
    loadStore();
  }
  // The reader's own controls, and each behaviour's ratings and note (a fieldset).
  $$('.cb-w, .cb-rate').forEach((control) => (control.disabled = Boolean(other)));
  refreshAll();
}

/** Back to the reader's own answers; the link leaves the address bar. */
export function leaveShared() {
  showShared(null);
  $('.cb-shared-bar').hidden = true;
  history.replaceState(null, '', location.pathname + location.search);
}
