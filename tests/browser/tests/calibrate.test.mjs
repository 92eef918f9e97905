// Calibration and spreadsheets: another person's assessment (their export
// file, crafted here) beside the reader's own — both ratings on every
// behaviour, the differences marked and filterable, both shapes on the chart,
// a Markdown summary for the one-to-one — and closing it leaves the reader's
// data as it was. "Download CSV" neutralises cells a spreadsheet would run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withSite, storageKey, download, collectErrors, watchRequests, axeMain } from './lib.mjs';

const KEY = storageKey();
const PAGE = 'self-assessment.html';
let browser, server;
withSite((env) => ({ browser, server } = env));

async function open(ctx) {
  const page = await ctx.newPage();
  page.errors = collectErrors(page);
  page.requests = await watchRequests(page, server.url);
  await page.goto(server.url + PAGE);
  await page.waitForSelector('.cb-assessment.cb-ready');
  return page;
}
const rate = (page, id, v) => page.locator(`#cb-b-${id} input[type=radio][value="${v}"]`).check();
async function note(page, id, text) {
  await page.locator(`#cb-b-${id} summary`).click();
  await page.locator(`#cb-b-${id} textarea`).fill(text);
}
const raw = (page) => page.evaluate((k) => localStorage.getItem(k), KEY);
const file = (answers, extra = {}) => JSON.stringify({ schema: 3, handbook: 'staff-engineer-handbook', created: '2026-02-01T09:00:00.000Z',
  updated: '2026-02-03T10:30:00.000Z', target: 'staff', answers, checks: {}, snapshots: [], ...extra });
const load = (page, text, name = 'manager-view.json') =>
  page.locator('.cb-panel input.cb-load').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

test('a second assessment beside mine: both ratings, differences marked and filtered, both shapes, a Markdown summary; closing changes nothing', async () => {
  const ctx = await browser.newContext();
  const page = await open(ctx);
  await rate(page, 'scope-junior-finishes-tasks', 2);
  await rate(page, 'scope-mid-owns-feature', 2);
  await rate(page, 'scope-staff-owns-domain', 1);
  await note(page, 'scope-staff-owns-domain', 'Owner of the payments platform since March.');
  await page.getByLabel('Target level').selectOption('staff');
  const before = await raw(page);

  await load(page, file({
    'scope-junior-finishes-tasks': { r: 2 },
    'scope-mid-owns-feature': { r: 1, n: 'Owns it, but the launch slipped twice.' },
    'scope-staff-owns-domain': { r: 0, n: 'Not yet recorded as owner.\nAsk for the service catalogue entry.' },
    'arch-staff-adrs': { r: 2, n: '<img src=x onerror="window.__ran=1"> 4 ADRs' },
  }));
  await page.waitForFunction(() => /Comparing with manager-view/.test(document.querySelector('.cb-status').textContent));
  assert.equal(await page.getByLabel('Compare with').locator('option:checked').innerText(), 'manager-view (target Staff engineer)');
  // Both ratings under each behaviour; the differing ones marked.
  assert.equal(await page.locator('#cb-b-scope-mid-owns-feature .cb-theirs').innerText(), 'manager-view: sometimes: “Owns it, but the launch slipped twice.”');
  assert.ok(await page.locator('#cb-b-scope-mid-owns-feature input[value="2"]').isChecked(), 'mine unchanged');
  const unlike = await page.locator('.cb-unlike').evaluateAll((items) => items.map((i) => i.dataset.cbBehaviour));
  assert.deepEqual(unlike, ['scope-mid-owns-feature', 'scope-staff-owns-domain', 'arch-staff-adrs']);
  assert.equal(await page.locator('.cb-moved').innerText(), '(3)');
  // Filters: only where we differ; with only my target level.
  await page.getByLabel('only where we differ').check();
  assert.equal(await page.locator('.cb-assess-behaviour:visible').count(), 3);
  await page.getByLabel('Show', { exact: true }).selectOption('target');
  assert.deepEqual(await page.locator('.cb-assess-behaviour:visible').evaluateAll((items) => items.map((i) => i.dataset.cbBehaviour)),
    ['scope-staff-owns-domain', 'arch-staff-adrs']);
  // Both shapes on the chart, both levels in the table.
  assert.equal(await page.locator('.cb-chart polygon.cb-sn').count(), 1);
  assert.match(await page.locator('.cb-chart svg').evaluate((svg) => svg.textContent), /manager-view/);
  assert.match(await page.locator('.cb-table thead').innerText(), /manager-view/);
  // The summary for the one-to-one.
  const md = (await download(page, () => page.getByRole('button', { name: 'Differences (Markdown)' }).click())).text;
  assert.match(md, /^# The engineering ladder: my assessment and manager-view\n\nTarget — mine: Staff engineer; manager-view: Staff engineer\. 3 behaviours rated differently\./);
  assert.match(md, /## Impact zone beyond code \(mine: Mid-level engineer; manager-view: Junior engineer\)/);
  assert.ok(md.includes('- Is recorded (in an ownership file, a service catalogue or the org chart) as the owner of a technical domain'));
  assert.ok(md.includes('  - Mine: sometimes — Owner of the payments platform since March.\n  - manager-view: not yet — Not yet recorded as owner.\n    Ask for the service catalogue entry.\n'));
  assert.equal(await page.evaluate(() => window.__ran), undefined);
  assert.equal(await page.locator('.cb-assessment img').count(), 0);
  assert.deepEqual(await axeMain(page), []);

  // Closing: my data is as it was, nothing of theirs is kept.
  await page.getByLabel('Show', { exact: true }).selectOption('all');
  await page.getByLabel('Compare with').selectOption('');
  assert.equal(await page.locator('.cb-theirs:visible').count(), 0);
  assert.equal(await page.locator('.cb-chart polygon.cb-sn').count(), 0);
  const after = JSON.parse(await raw(page));
  const was = JSON.parse(before);
  delete after.updated;
  delete was.updated;
  assert.deepEqual(after, was);
  assert.doesNotMatch(await raw(page), /manager-view|launch slipped/);
  // A file for another handbook is refused.
  await load(page, file({}, { handbook: 'other-book' }), 'other.json');
  await page.waitForFunction(() => /Nothing loaded: it is for the handbook “other-book”/.test(document.querySelector('.cb-status').textContent));
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.requests.foreign, []);
  await ctx.close();
});

test('Download CSV: a row per behaviour, and cells a spreadsheet would run are neutralised', async () => {
  const ctx = await browser.newContext();
  const page = await open(ctx);
  const notes = {
    'scope-junior-finishes-tasks': '=HYPERLINK("http://x.io","click")',
    'scope-mid-owns-feature': '+1 for "quotes", and a comma',
    'arch-junior-explains-design': '-2',
    'arch-mid-design-note': '@SUM(A1:A2)',
    'arch-senior-reviews': '\tTabbed',
    'comm-junior-status': '\rReturned\nsecond line',
  };
  // Stored as an import would store them (a textarea turns a CR into a line feed).
  await page.evaluate(([k, data]) => localStorage.setItem(k, data), [KEY, file(Object.fromEntries(Object.entries(notes)
    .map(([id, n]) => [id, { r: 1, n, at: '2026-02-03T10:30:00.000Z' }])))]);
  await page.reload();
  await page.waitForSelector('.cb-assessment.cb-ready');
  const csv = await download(page, () => page.getByRole('button', { name: 'Download CSV' }).click());
  assert.match(csv.name, /^careerbook-staff-engineer-handbook-\d{4}-\d\d-\d\d\.csv$/);
  // A small CSV reader (quoted cells, "" for a quote, CRLF between rows).
  const rows = [];
  let row = [], cell = '', quoted = false;
  const text = csv.text.replace(/^\ufeff/, '');
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; } else cell += c;
  }
  assert.deepEqual(rows[0], ['behaviour', 'competency', 'level', 'rating', 'note', 'date']);
  assert.equal(rows.length, 1 + 108);
  const byText = (start) => rows.find((r) => r[0].startsWith(start));
  const first = byText('Finishes assigned tasks');
  assert.deepEqual(first.slice(1, 5), ['Impact zone beyond code', 'Junior engineer', 'sometimes', '\'=HYPERLINK("http://x.io","click")']);
  assert.equal(first[5], '2026-02-03T10:30:00.000Z');
  assert.equal(byText('Is the named owner of a feature')[4], '\'+1 for "quotes", and a comma');
  const cells = rows.flat();
  for (const start of ['=', '+', '-', '@', '\t', '\r']) {
    assert.deepEqual(cells.filter((c) => c.startsWith(start)), [], `no cell starts with ${JSON.stringify(start)}`);
  }
  for (const value of ["'-2", "'@SUM(A1:A2)", "'\tTabbed", "'\rReturned\nsecond line"]) assert.ok(cells.includes(value), value);
  // Unrated behaviours have empty rating, note and date.
  assert.deepEqual(byText('Judges success by company-level results').slice(3), ['', '', '']);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
