// Share links: the reader's ratings (and, if they choose, notes) in the URL's
// fragment, which browsers never send to a server: JSON (see "Share links" in
// docs/assessment-data.md), compressed with deflate-raw, in base64url.
// Ratings go by position, a group per competency, each group with a hash of
// the competency's behaviour ids, so a link made for another version of the
// framework still matches every competency whose behaviours are unchanged.
// Opening a link shows that assessment read-only: the reader's own storage is
// neither read into it nor written, until they choose to import it.

import { $, $$, now } from './dom.js';
import { MAX_IMPORT_BYTES, freshState, idMap, readShared } from './format.js';
import { matrix } from './matrix.js';
import { store, loadStore } from './store.js';
import { comparison } from './compare.js';
import { refreshAll } from './refresh.js';
import { shortTime } from './labels.js';

const PREFIX = '#cb-share=';

export const isShareLink = (hash) => hash.startsWith(PREFIX);

/** A short hash of a competency's id and its behaviours' ids, in order. */
function groupKey(competency) {
  let hash = 0x811c9dc5;
  for (const char of [competency.id, ...competency.behaviours.map((behaviour) => behaviour.id)].join(' ')) {
    hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  }
  return (hash >>> 0).toString(36);
}

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
    k: matrix.competencies.map(groupKey).join('.'),
    r: matrix.competencies.map((competency) => competency.behaviours.map((b) => answers[b.id]?.r ?? '-').join('')).join('.'),
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
  const refuse = (why) => {
    throw new Error(why);
  };
  if (packed.length > MAX_IMPORT_BYTES || !/^[\w-]+$/.test(packed)) {
    refuse('it is not a careerbook share link');
  }
  const chunks = [];
  let size = 0;
  try {
    const binary = atob(packed.replace(/-/g, '+').replace(/_/g, '/'));
    const reader = through(Uint8Array.from(binary, (char) => char.charCodeAt(0)), new DecompressionStream('deflate-raw'))
      .body.getReader();
    for (let part = await reader.read(); !part.done; part = await reader.read()) {
      size += part.value.length;
      if (size > MAX_IMPORT_BYTES) {
        reader.cancel();
        break;
      }
      chunks.push(part.value);
    }
  } catch {
    refuse('it is damaged (cut short when copied?)');
  }
  return size > MAX_IMPORT_BYTES ? refuse('it unpacks to more than 5 MB') : new Blob(chunks).text();
}

/** The assessment a link carries, matched against this page's matrix. */
function fromLink(link) {
  const answers = idMap();
  const groups = link.r.split('.');
  let total = 0;
  let matched = 0;
  link.k.split('.').forEach((key, index) => {
    const digits = groups[index];
    const rated = digits.replace(/-/g, '').length;
    const competency = matrix.competencies.find((candidate) => groupKey(candidate) === key);
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
  const fit =
    link.h !== store.handbook
      ? `the handbook “${link.h}”`
      : (link.m !== matrix.data.matrix || link.v !== matrix.data.version) && 'another version of this framework';
  return {
    label: link.by?.slice(0, 60) || 'Someone',
    at: link.at,
    target: link.tg,
    track: link.tr,
    answers,
    fit: fit ? `It was made for ${fit}: ${matched} of its ${total} ratings match this page.` : '',
  };
}

/** Shows the assessment of the link in `hash` read-only (or why it cannot). */
export async function openShared(hash) {
  // Nothing of the reader's is shown or saved meanwhile.
  showShared({ answers: idMap() });
  const bar = $('.cb-shared-bar');
  const put = (name, text) => ($(`.cb-${name}`, bar).textContent = text);
  let other;
  try {
    other = fromLink(readShared(await unpack(hash.slice(PREFIX.length))));
    put('who', other.label);
    put('when', shortTime(other.at));
    put('fit', other.fit);
    comparison.other = other;
    showShared(other);
  } catch (error) {
    leaveShared();
    put('fit', `This share link cannot be read: ${error.message}. Nothing was changed.`);
  }
  bar.hidden = false;
  $$('.cb-ok', bar).forEach((part) => (part.hidden = !other));
}

/** Shows `other` (read-only) in place of the reader's own answers; false: back to them. */
function showShared(other) {
  store.readOnly = Boolean(other);
  if (other) {
    const { track = null, target = null, answers } = other;
    store.data = { ...freshState(store.handbook), track, target, answers };
  } else {
    loadStore();
    $('.cb-shared-bar').hidden = true;
    history.replaceState(null, '', location.pathname + location.search);
  }
  comparison.with = null;
  $$('.cb-w').forEach((control) => (control.disabled = Boolean(other)));
  refreshAll();
}

/** Back to the reader's own answers; the link leaves the address bar. */
export const leaveShared = () => showShared(false);
