// The reader's data format: reading stored or imported text, checking it
// field by field against docs/assessment-data.md, and migrating older schema
// versions. Reading returns a new object holding only the documented fields;
// every map keyed by ids has no prototype, so an id such as "constructor"
// is an ordinary key and no key can reach Object.prototype.

import { now } from './dom.js';

export const SCHEMA = 3;
/** The largest file an import reads: 5 MB (5,242,880 bytes). */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const RATING_WORDS = ['not yet', 'sometimes', 'consistently'];

const NOT_OURS = 'it is not careerbook data';
const ID = /^[a-z0-9][a-z0-9-]*$/;
const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)$/;

/** A map from ids to values: no prototype, so every key is data. */
export const idMap = () => Object.create(null);

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const quote = (text) => `“${text.length > 40 ? text.slice(0, 40) + '…' : text}”`;

/** Throws "PATH PROBLEM": what is wrong with the value at `path` ("" for the whole data). */
export function fail(path, problem) {
  throw new Error(`${path || 'the data'} ${problem}`);
}

// Readers: each checks one value and returns what is kept of it.
const text = (value, path) => (typeof value === 'string' ? value : fail(path, 'must be a text'));
const id = (value, path) =>
  typeof value === 'string' && ID.test(value) ? value : fail(path, 'must be an id (a-z, 0-9 and "-")');
const dateTime = (value, path) =>
  typeof value === 'string' && DATE_TIME.test(value) && !Number.isNaN(Date.parse(value))
    ? value
    : fail(path, 'must be a date-time text (like 2026-01-31T09:30:00.000Z)');
const rating = (value, path) => ([0, 1, 2].includes(value) ? value : fail(path, 'must be 0, 1 or 2'));
const oneOf =
  (...values) =>
  (value, path) =>
    values.includes(value) ? value : fail(path, `must be one of ${values.map(quote).join(', ')}`);
const exactly = (expected) => (value, path) => (value === expected ? value : fail(path, `must be ${expected}`));
const orNull = (read) => (value, path) => (value === null ? null : read(value, path));

/** An object with the given fields (in this order), `required` among them. */
function record(fields, required = []) {
  return (value, path) => {
    if (!isObject(value)) {
      fail(path, 'must be an object');
    }
    for (const key of Object.keys(value)) {
      if (!Object.hasOwn(fields, key)) {
        fail(path, `has the field ${quote(key)}, which is not part of the format`);
      }
    }
    const kept = {};
    for (const [key, read] of Object.entries(fields)) {
      if (Object.hasOwn(value, key)) {
        kept[key] = read(value[key], path ? `${path}.${key}` : key);
      } else if (required.includes(key)) {
        fail(path, `needs the field ${quote(key)}`);
      }
    }
    return kept;
  };
}

/** An object whose keys are ids, each value read by `read`. */
const mapOf = (read) => (value, path) => {
  if (!isObject(value)) {
    fail(path, 'must be an object');
  }
  const kept = idMap();
  for (const key of Object.keys(value)) {
    if (!ID.test(key)) {
      fail(path, `has the key ${quote(key)}, which is not an id (a-z, 0-9 and "-")`);
    }
    kept[key] = read(value[key], `${path}.${key}`);
  }
  return kept;
};

const answer = record({ r: rating, n: text, t: text, c: id, l: id, at: dateTime });
const tick = record({ at: dateTime, t: text });
const snapshot = record(
  {
    id: (value, path) => (typeof value === 'string' && value !== '' ? value : fail(path, 'must be a non-empty text')),
    at: dateTime,
    target: orNull(id),
    answers: mapOf(record({ r: rating, n: text })),
  },
  ['id', 'at', 'answers'],
);

function snapshots(value, path) {
  if (!Array.isArray(value)) {
    fail(path, 'must be a list');
  }
  const seen = new Map();
  return value.map((item, index) => {
    const kept = snapshot(item, `${path}[${index}]`);
    if (seen.has(kept.id)) {
      fail(`${path}[${index}].id`, `repeats the id of ${path}[${seen.get(kept.id)}]`);
    }
    seen.set(kept.id, index);
    return kept;
  });
}

const REQUIRED = ['schema', 'handbook', 'created', 'updated', 'answers', 'checks', 'snapshots'];
const FIELDS_2 = {
  schema: exactly(2),
  handbook: text,
  created: dateTime,
  updated: dateTime,
  version: orNull(text),
  target: orNull(id),
  answers: mapOf(answer),
  checks: mapOf(mapOf(tick)),
  snapshots,
  exported: dateTime,
};
const schema2 = record(FIELDS_2, REQUIRED);
const schema3 = record(
  {
    ...FIELDS_2,
    schema: exactly(3),
    track: orNull(id),
    show: oneOf('all', 'levels', 'target', 'changed'),
    seen: mapOf(mapOf(text)),
  },
  REQUIRED,
);

// Schema 1 kept ticks under "checklist:item" keys.
function ticks(value, path) {
  if (!isObject(value)) {
    fail(path, 'must be an object');
  }
  for (const [key, ticked] of Object.entries(value)) {
    const [list, item, ...rest] = key.split(':');
    if (rest.length || !ID.test(list) || !ID.test(item ?? '')) {
      fail(path, `has the key ${quote(key)}, which is not "checklist-id:item-id"`);
    }
    if (typeof ticked !== 'boolean' && typeof ticked !== 'number') {
      fail(`${path}.${key}`, 'must be true or false');
    }
  }
  return value;
}

const schema1 = record(
  {
    schema: exactly(1),
    handbook: text,
    saved: dateTime,
    target: orNull(id),
    ratings: mapOf(oneOf(...RATING_WORDS)),
    notes: mapOf(text),
    ticks,
    exported: dateTime,
  },
  ['schema', 'handbook'],
);

// Step N turns schema N into schema N + 1.
const STEPS = {
  1(old) {
    const ratings = old.ratings ?? {};
    const notes = old.notes ?? {};
    const answers = idMap();
    for (const key of new Set([...Object.keys(ratings), ...Object.keys(notes)])) {
      const entry = {};
      const value = Object.hasOwn(ratings, key) ? RATING_WORDS.indexOf(ratings[key]) : -1;
      if (value >= 0) {
        entry.r = value;
      }
      if (Object.hasOwn(notes, key) && notes[key]) {
        entry.n = notes[key];
      }
      answers[key] = entry;
    }
    const checks = idMap();
    for (const [key, ticked] of Object.entries(old.ticks ?? {})) {
      const [list, item] = key.split(':');
      if (ticked) {
        checks[list] ??= idMap();
        checks[list][item] = {};
      }
    }
    const saved = old.saved || now();
    return {
      schema: 2,
      handbook: old.handbook,
      created: saved,
      updated: saved,
      version: null,
      target: old.target || null,
      answers,
      checks,
      snapshots: [],
    };
  },
  // Schema 3 adds fields whose absence means their defaults.
  2: (old) => ({ ...old, schema: 3 }),
};
const READERS = { 1: schema1, 2: schema2, 3: schema3 };

/** Brings `data` of schema `from` to the current schema (the same object when current). */
export function migrate(from, data) {
  if (!isObject(data) || !(from >= 1)) {
    throw new Error(NOT_OURS);
  }
  if (from > SCHEMA) {
    throw new Error(`it was saved by a newer careerbook (schema ${from})`);
  }
  while (from < SCHEMA) {
    data = STEPS[from](data);
    from += 1;
  }
  return data;
}

/**
 * Reads careerbook data (stored or imported) for `handbook`: the whole text is
 * checked before anything is returned. Throws an Error whose message says
 * what is wrong, naming the field.
 */
export function readData(json, handbook) {
  const data = parse(json);
  if (!isObject(data) || typeof data.handbook !== 'string' || !Number.isInteger(data.schema) || data.schema < 1) {
    throw new Error(NOT_OURS);
  }
  if (data.handbook !== handbook) {
    throw new Error(`it is for the handbook ${quote(data.handbook)}`);
  }
  if (data.schema > SCHEMA) {
    migrate(data.schema, data);
  }
  const kept = migrate(data.schema, READERS[data.schema](data, ''));
  delete kept.exported;
  return { ...freshState(handbook), ...kept, handbook };
}

function parse(json) {
  try {
    return JSON.parse(json);
  } catch {
    throw new Error('it is not JSON');
  }
}

const ratingDigits = (value, path) =>
  typeof value === 'string' && /^[-012]*$/.test(value) ? value : fail(path, 'must be ratings (0, 1, 2 or -)');
const sharedLink = record(
  {
    s: exactly(1),
    h: text,
    m: id,
    v: text,
    at: dateTime,
    by: text,
    tr: orNull(id),
    tg: orNull(id),
    r: mapOf(ratingDigits),
    n: mapOf(text),
  },
  ['s', 'h', 'm', 'v', 'at', 'r'],
);

/** Reads the data of a share link (docs/assessment-data.md): checked whole, like readData. */
export const readShared = (json) => sharedLink(parse(json), '');

/** A new, empty state. */
export function freshState(handbook) {
  const time = now();
  return {
    schema: SCHEMA,
    handbook,
    created: time,
    updated: time,
    version: null,
    track: null,
    target: null,
    show: 'all',
    answers: idMap(),
    checks: idMap(),
    snapshots: [],
    seen: idMap(),
  };
}
