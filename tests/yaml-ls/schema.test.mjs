// The committed JSON Schema, checked with a strict, real validator (ajv in
// strict mode: an unknown keyword or format is an error), against every
// bundled, fixture and scaffolded content file; and a mutation test: for
// many small changes to valid files, `careerbook check` and the schema give
// the same verdict (careerbook validates with the same schema, so they
// must agree).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse, parseDocument } from 'yaml';

const repo = new URL('../..', import.meta.url).pathname;
const bin = process.env.CAREERBOOK_BIN ?? join(repo, 'target/debug/careerbook');
const schema = JSON.parse(readFileSync(join(repo, 'schema/careerbook.schema.json'), 'utf8'));

function strictValidator() {
  const ajv = new Ajv({ strict: true, allErrors: true });
  return ajv.compile(schema);
}

function yamlFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

/// A skeleton of `careerbook new` with its placeholders filled.
function filled(text) {
  return text.replaceAll('@SCHEMA@', 'x.json').replaceAll('@ID@', 'new-doc')
    .replaceAll('@P@', 'new-doc').replaceAll('@TITLE@', 'New');
}

test('the schema compiles in strict mode and accepts every bundled, fixture and scaffolded file', () => {
  const validate = strictValidator();
  const files = [
    ...yamlFiles(join(repo, 'book/content')),
    ...yamlFiles(join(repo, 'tests/fixtures/minimal/content')),
    ...yamlFiles(join(repo, 'tests/fixtures/tracks/content')),
    ...yamlFiles(join(repo, 'scaffold/content')),
  ];
  assert.ok(files.length > 30, `${files.length} files`);
  for (const f of files) {
    const ok = validate(parse(readFileSync(f, 'utf8')));
    assert.ok(ok, `${f}: ${JSON.stringify(validate.errors)}`);
  }
  for (const f of yamlFiles(join(repo, 'scaffold/new'))) {
    const ok = validate(parse(filled(readFileSync(f, 'utf8'))));
    assert.ok(ok, `${f}: ${JSON.stringify(validate.errors)}`);
  }
});

/// Changes to a valid document: each a function of the parsed document.
const mutations = [
  ['an integer title', (d) => { d.title = 2024; }],
  ['an integer id', (d) => { d.id = 7; }],
  ['an id with capitals', (d) => { d.id = 'Not-An-Id'; }],
  ['an id of 101 characters', (d) => { d.id = 'a'.repeat(101); }],
  ['an id of 100 characters', (d) => { d.id = 'a'.repeat(100); }],
  ['a null title', (d) => { d.title = null; }],
  ['a boolean summary', (d) => { d.summary = true; }],
  ['a list as summary', (d) => { d.summary = ['a']; }],
  ['an unknown field', (d) => { d.colour = 'blue'; }],
  ['no title', (d) => { delete d.title; }],
  ['an unknown kind', (d) => { d.kind = 'faqs'; }],
  ['related as text', (d) => { d.related = 'x'; }],
  ['related with a number', (d) => { d.related = [3]; }],
];

/// Mutations of one kind's fields, by kind.
const byKind = {
  matrix: [
    ['a string weight', (d) => { d.competencies[0].weight = '2'; }],
    ['a negative weight', (d) => { d.competencies[0].weight = -1; }],
    ['a fractional weight', (d) => { d.competencies[0].weight = 1.5; }],
    ['an integer behaviour text', (d) => { const k = Object.keys(d.competencies[0].behaviours)[0]; d.competencies[0].behaviours[k][0].text = 5; }],
    ['a behaviour without text', (d) => { const k = Object.keys(d.competencies[0].behaviours)[0]; delete d.competencies[0].behaviours[k][0].text; }],
    ['no scope on a level', (d) => { delete d.levels[0].scope; }],
    ['cumulative as text', (d) => { d.cumulative = 'yes'; }],
    ['a behaviours key that is not an id', (d) => { d.competencies[0].behaviours['Not Id'] = []; }],
    ['examples as text', (d) => { const k = Object.keys(d.competencies[0].behaviours)[0]; d.competencies[0].behaviours[k][0].examples = 'x'; }],
  ],
  'case-study': [
    ['a string metric value', (d) => { d.metrics[0].before = '10'; }],
    ['an unknown direction', (d) => { d.metrics[0].better = 'stable'; }],
    ['metrics as a mapping', (d) => { d.metrics = { a: 1 }; }],
  ],
  pattern: [
    ['a negative investment', (d) => { d.leverage.hours_invested = -3; }],
    ['an unknown period', (d) => { d.leverage.period = 'day'; }],
  ],
  checklist: [
    ['an item without text', (d) => { const items = d.items ?? d.phases[0].items; delete items[0].text; }],
  ],
  faq: [
    ['a question as a list', (d) => { d.questions[0].question = ['q']; }],
  ],
};

/// The errors `careerbook check` reports in one file of a book.
function errorsIn(book, file) {
  let out;
  try {
    out = execFileSync(bin, ['check', book, '--format', 'json'], { stdio: 'pipe', env: { ...process.env, NO_COLOR: '1' } });
  } catch (e) {
    assert.equal(e.status, 1, `check failed to run: ${e.stderr}`);
    out = e.stdout;
  }
  return JSON.parse(out).diagnostics.filter((d) => d.severity === 'error' && d.file === file);
}

test('careerbook check and the schema agree on every mutation', () => {
  const validate = strictValidator();
  const base = join(mkdtempSync(join(tmpdir(), 'cb-schema-')), 'hb');
  try {
    // A new handbook: every sample file in its place, references intact.
    execFileSync(bin, ['init', base], { stdio: 'pipe' });
    const disagreements = [];
    let cases = 0;
    for (const file of yamlFiles(join(base, 'content'))) {
      const rel = file.slice(base.length + 1);
      const originalText = readFileSync(file, 'utf8');
      const original = parse(originalText);
      assert.deepEqual(errorsIn(base, rel), [], `${rel} is not clean to start with`);
      for (const [what, mutate] of [...mutations, ...(byKind[original.kind] ?? [])]) {
        const doc = structuredClone(original);
        mutate(doc);
        writeFileSync(file, parseDocument(JSON.stringify(doc)).toString());
        const schemaOk = validate(doc);
        const errors = errorsIn(base, rel);
        const checkOk = errors.length === 0;
        if (checkOk !== schemaOk) {
          disagreements.push(`${rel}, ${what}: check ${checkOk ? 'accepts' : 'refuses'} (${errors.map((e) => e.message).join('; ')}), the schema ${schemaOk ? 'accepts' : `refuses (${JSON.stringify(validate.errors)})`}`);
        }
        cases += 1;
      }
      writeFileSync(file, originalText);
    }
    assert.ok(cases > 100, `${cases} cases`);
    assert.deepEqual(disagreements, []);
  } finally {
    rmSync(join(base, '..'), { recursive: true, force: true });
  }
});
