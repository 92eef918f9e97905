// Hostile data in storage and in imports: ids that are names of
// Object.prototype members, markup in stored and imported text, malformed or
// oversized imports, unreadable storage, failing saves. Nothing runs, breaks,
// pollutes Object.prototype or is lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { withSite, copyBook, build, serveStatic, watchRequests, cleanup, repo,
  storageKey, download, collectErrors } from './lib.mjs';

const KEY = storageKey('prototype-ids');
let browser, server;
withSite((env) => ({ browser, server } = env), join(repo, 'tests/fixtures/prototype-ids'));

const PAGE = 'assessment.html';
async function open(ctx, url = server.url + PAGE) {
  const page = await ctx.newPage();
  page.errors = collectErrors(page);
  page.requests = await watchRequests(page, server.url);
  await page.goto(url);
  await page.waitForSelector('.cb-assessment.cb-ready');
  return page;
}
const radio = (page, id, v) => page.locator(`#cb-b-${id} input[type=radio][value="${v}"]`);
const stored = (page) => page.evaluate((k) => JSON.parse(localStorage.getItem(k)), KEY);
const rawStored = (page) => page.evaluate((k) => localStorage.getItem(k), KEY);
const status = (page) => page.locator('.cb-status').innerText();
async function importText(page, text, name = 'answers.json') {
  await page.locator('.cb-panel input.cb-import').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}
const valid = (extra = {}) => ({ schema: 2, handbook: 'prototype-ids', created: '2026-01-01T00:00:00.000Z',
  updated: '2026-01-01T00:00:00.000Z', version: null, target: null, answers: {}, checks: {}, snapshots: [], ...extra });
const polluted = (page) => page.evaluate(() => Object.keys(Object.prototype).concat(
  ['polluted', 'x', 'r', 'at'].filter((k) => k in {})));

test('the behaviour with the id "constructor" is rated, counted, saved and kept over a reload', async () => {
  const ctx = await browser.newContext();
  let page = await open(ctx);
  await radio(page, 'constructor', 2).check();
  await page.locator('#cb-b-constructor summary').click();
  await page.locator('#cb-b-constructor textarea').fill('Design notes for 4 of 4 components.');
  assert.match(await page.locator('.cb-count').innerText(), /^1 of 3 behaviours rated/);
  const s = await stored(page);
  assert.equal(s.answers.constructor.r, 2);
  assert.equal(s.answers.constructor.n, 'Design notes for 4 of 4 components.');
  assert.equal(s.answers.constructor.t, 'Writes a design note for each component they own.');
  await page.reload();
  await page.waitForSelector('.cb-assessment.cb-ready');
  assert.ok(await radio(page, 'constructor', 2).isChecked());
  assert.equal(await page.locator('#cb-b-constructor textarea').inputValue(), 'Design notes for 4 of 4 components.');
  // It counts in the result: 1 of the 2 senior behaviours, so not yet senior; the other makes it.
  assert.match(await page.locator('.cb-table').innerText(), /System design\s+1(\.0)?\s+1\/3\s+below Senior\s+0.5/);
  await radio(page, 'design-senior-review', 2).check();
  assert.match(await page.locator('.cb-table').innerText(), /System design\s+1(\.0)?\s+2\/3\s+Senior\s+1\b/);
  // In exports, snapshots and the promotion case too.
  const file = JSON.parse((await download(page, () => page.getByRole('button', { name: 'Export JSON' }).click())).text);
  assert.equal(file.answers.constructor.r, 2);
  await page.getByRole('button', { name: 'Save snapshot' }).click();
  assert.equal((await stored(page)).snapshots[0].answers.constructor.r, 2);
  await radio(page, 'constructor', 0).check();
  await page.getByLabel('Compare with').selectOption({ index: 1 });
  assert.match(await page.locator('#cb-b-constructor .cb-theirs').innerText(), /^Snapshot .*: consistently: “Design notes for 4 of 4 components\.”$/);
  assert.ok(await page.locator('#cb-b-constructor.cb-unlike').isVisible(), 'marked as differing');
  const md = await download(page, () => page.getByRole('button', { name: 'Export Markdown (promotion case)' }).click());
  assert.match(md.text, /- Writes a design note for each component they own\. \(Senior; not yet\)\n {2}Design notes for 4 of 4 components\./);
  assert.deepEqual(await polluted(page), []);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a checklist with the id "constructor" keeps its ticks', async () => {
  const dir = copyBook(join(repo, 'tests/fixtures/prototype-list'));
  const srv = await serveStatic(build(dir));
  try {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const errors = collectErrors(page);
    await page.goto(srv.url + 'checklist.html');
    await page.waitForSelector('input.cb-checkbox:not([disabled])');
    const box = (id) => page.locator(`input.cb-checkbox[data-cb-item="${id}"]`);
    const progress = () => page.locator('[data-cb-progress="constructor"]').innerText();
    assert.equal(await progress(), '0 of 2 done');
    await box('first-item').check();
    assert.equal(await progress(), '1 of 2 done');
    const s = await page.evaluate(() => JSON.parse(localStorage.getItem('careerbook:prototype-list')));
    assert.equal(s.checks.constructor['first-item'].t, 'Do the first thing.');
    await page.reload();
    await page.waitForSelector('input.cb-checkbox:not([disabled])');
    assert.ok(await box('first-item').isChecked());
    assert.equal(await box('second-item').isChecked(), false);
    assert.equal(await progress(), '1 of 2 done');
    assert.deepEqual(await polluted(page), []);
    assert.deepEqual(errors, []);
    await ctx.close();
  } finally {
    await srv.close();
    cleanup(dir);
  }
});

test('an import is checked whole before anything is merged; the message names the field', async () => {
  const ctx = await browser.newContext();
  const page = await open(ctx);
  await radio(page, 'design-senior-review', 1).check();
  const before = await rawStored(page);
  const refused = [
    // [file, message]
    [{ ...valid(), answers: { 'design-staff-adrs': { r: 2 } }, snapshots: [
      { id: 's1', at: '2026-01-01T00:00:00.000Z', answers: {} },
      { id: 's2', at: '2026-01-02T00:00:00.000Z', answers: {} },
      { id: 's3', at: 1767225600000, answers: {} }] },
    /Nothing imported: snapshots\[2\]\.at must be a date-time text/],
    [{ ...valid(), snapshots: [{ id: 's1', at: '<img src=//x.io/at.png>', answers: {} }] }, /snapshots\[0\]\.at must be a date-time text/],
    ['{"schema":2,"handbook":"prototype-ids","created":"2026-01-01T00:00:00.000Z","updated":"2026-01-01T00:00:00.000Z",'
      + '"answers":{"__proto__":{"r":2,"polluted":1}},"checks":{},"snapshots":[]}', /answers has the key “__proto__”, which is not an id/],
    [{ ...valid(), answers: { toString: { r: 2 } } }, /answers has the key “toString”, which is not an id/],
    [{ ...valid(), answers: { constructor: { r: 3 } } }, /answers\.constructor\.r must be 0, 1 or 2/],
    [{ ...valid(), answers: { constructor: { r: 2, n: 7 } } }, /answers\.constructor\.n must be a text/],
    [{ ...valid(), answers: { constructor: { r: 2, x: '<b>' } } }, /answers\.constructor has the field “x”, which is not part of the format/],
    [{ ...valid(), checks: { constructor: { 'first-item': { at: 'yesterday' } } } }, /checks\.constructor\.first-item\.at must be a date-time text/],
    [{ ...valid(), target: '<img src=//x.io/t.png>' }, /target must be an id/],
    [{ ...valid(), snapshots: {} }, /snapshots must be a list/],
    [{ ...valid(), snapshots: [{ id: 'a', at: '2026-01-01T00:00:00Z', answers: {} }, { id: 'a', at: '2026-01-01T00:00:00Z', answers: {} }] },
      /snapshots\[1\]\.id repeats the id of snapshots\[0\]/],
    [{ ...valid(), created: undefined }, /needs the field “created”/],
    // Schema 1 (ticks under "list:item" keys): a "__proto__" list is refused.
    ['{"schema":1,"handbook":"prototype-ids","ticks":{"__proto__:polluted":true},"ratings":{"constructor":"consistently"}}',
      /ticks has the key “__proto__:polluted”, which is not "checklist-id:item-id"/],
    [{ schema: 1, handbook: 'prototype-ids', ratings: { constructor: 'always' } }, /ratings\.constructor must be one of/],
  ];
  for (const [file, message] of refused) {
    await importText(page, typeof file === 'string' ? file : JSON.stringify(file));
    await page.waitForFunction((m) => new RegExp(m.source).test(document.querySelector('.cb-status').textContent),
      { source: message.source });
    assert.match(await status(page), /^Nothing imported: /);
    assert.equal(await rawStored(page), before, `${message}: nothing merged or saved`);
    assert.equal(await radio(page, 'design-staff-adrs', 2).isChecked(), false);
  }
  assert.deepEqual(await polluted(page), []);
  assert.deepEqual(page.requests.foreign, []);
  // A schema-1 file that is fine is migrated and merged.
  await importText(page, '{"schema":1,"handbook":"prototype-ids","ratings":{"constructor":"consistently"},"ticks":{"constructor:first-item":true}}');
  await page.waitForFunction(() => /Imported 1 answers/.test(document.querySelector('.cb-status').textContent));
  assert.ok(await radio(page, 'constructor', 2).isChecked());
  assert.deepEqual((await stored(page)).checks, { constructor: { 'first-item': {} } });
  assert.deepEqual(await polluted(page), []);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('text from storage and imports is shown as text, never as markup', async () => {
  const ctx = await browser.newContext();
  const page = await open(ctx);
  const markup = (where) => `<img src="//x.io/${where}.png" onerror="window.__ran=1"><b>${where}</b>`;
  await page.evaluate(([k, s]) => localStorage.setItem(k, JSON.stringify(s)), [KEY, valid({
    target: 'staff',
    answers: {
      constructor: { r: 1, n: markup('note') },
      'gone-behaviour': { r: 2, n: markup('retired-note'), t: markup('retired-text') },
    },
    snapshots: [{ id: markup('snapshot-id'), at: '2025-12-01T10:00:00.000Z', target: 'senior',
      answers: { 'gone-behaviour': { r: 0, n: markup('snapshot-note') }, constructor: { r: 2, n: markup('snapshot-note') } } }],
  })]);
  await page.reload();
  await page.waitForSelector('.cb-assessment.cb-ready');
  // Retired answers, the comparison, the conflict dialog: all plain text.
  assert.match(await page.locator('.cb-retired').innerText(), /gone-behaviour — “<img src="\/\/x.io\/retired-text.png"/);
  await page.getByLabel('Compare with').selectOption({ index: 1 });
  assert.match(await page.locator('#cb-b-constructor .cb-theirs').innerText(), /: consistently: “<img src="\/\/x.io\/snapshot-note.png"/);
  await importText(page, JSON.stringify(valid({ answers: { constructor: { r: 0, n: markup('imported-note') } } })));
  const dialog = page.getByRole('dialog', { name: 'The file differs from your answers' });
  assert.match(await dialog.innerText(), /Imported: not yet: “<img src="\/\/x.io\/imported-note.png"/);
  await dialog.getByRole('button', { name: 'Take imported' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await page.locator('#cb-b-constructor textarea').inputValue(), markup('imported-note'));
  // A snapshot whose date carries markup is refused; were it taken, the
  // comparison would show its date in the table and the list of what moved.
  await importText(page, JSON.stringify(valid({ snapshots: [{ id: 'evil', at: markup('at'), target: 'staff', answers: {} }] })), 'evil.json');
  await page.waitForFunction(() => /Imported|Nothing imported/.test(document.querySelector('.cb-status').textContent));
  const options = await page.getByLabel('Compare with').locator('option').allInnerTexts();
  const evil = options.findIndex((o) => o.includes('<img'));
  if (evil >= 0) await page.getByLabel('Compare with').selectOption({ index: evil });
  assert.equal(await page.locator('.cb-assessment img, .cb-assessment b').count(), 0, 'no element from stored text');
  assert.equal(await page.evaluate(() => window.__ran), undefined);
  assert.deepEqual(page.requests.foreign, []);
  assert.match(await status(page), /Nothing imported: snapshots\[0\]\.at must be a date-time text/);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('an import larger than 5 MB is refused before its text is read', async () => {
  const ctx = await browser.newContext();
  await ctx.addInitScript(() => {
    window.__read = 0;
    const text = Blob.prototype.text;
    Blob.prototype.text = function () { window.__read += 1; return text.call(this); };
  });
  const page = await open(ctx);
  const big = JSON.stringify(valid({ answers: { constructor: { r: 2, n: 'x'.repeat(5.5 * 1024 * 1024) } } }));
  await importText(page, big, 'big.json');
  await page.waitForFunction(() => /Nothing imported/.test(document.querySelector('.cb-status').textContent));
  assert.equal(await status(page), 'Nothing imported: the file is 5.5 MB, more than the 5 MB limit.');
  assert.equal(await page.evaluate(() => window.__read), 0, 'the text was not read');
  assert.equal(await radio(page, 'constructor', 2).isChecked(), false);
  // Just under the limit is fine.
  await importText(page, JSON.stringify(valid({ answers: { constructor: { r: 2, n: 'x'.repeat(4 * 1024 * 1024) } } })), 'ok.json');
  await page.waitForFunction(() => /Imported 1 answers/.test(document.querySelector('.cb-status').textContent));
  assert.ok(await radio(page, 'constructor', 2).isChecked());
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('stored data that breaks the format is kept, offered for download, and replaced only on request', async () => {
  const ctx = await browser.newContext();
  const page = await open(ctx);
  const bad = JSON.stringify(valid({ answers: { constructor: { r: 2 } },
    snapshots: [{ id: 's1', at: '<img src=//x.io/a.png>', answers: {} }] }));
  await page.evaluate(([k, s]) => localStorage.setItem(k, s), [KEY, bad]);
  await page.reload();
  await page.waitForSelector('.cb-assessment.cb-ready');
  const alert = page.getByRole('alert');
  assert.match(await alert.innerText(), /could not be read \(snapshots\[0\]\.at must be a date-time text/);
  assert.ok(await page.locator('.cb-sum').isVisible(), 'the page works');
  await radio(page, 'design-senior-review', 2).check();
  assert.equal(await rawStored(page), bad, 'not overwritten');
  const raw = await download(page, () => alert.getByRole('button', { name: 'Download the stored text' }).click());
  assert.equal(raw.text, bad);
  await alert.getByRole('button', { name: 'Start fresh' }).click();
  await page.getByRole('dialog', { name: 'Start fresh?' }).getByRole('button', { name: 'Start fresh' }).click();
  await alert.waitFor({ state: 'detached' });
  assert.equal((await stored(page)).answers['design-senior-review'].r, 2);
  assert.deepEqual(page.requests.foreign, []);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('when saving fails, a banner at the bottom of the window says so until a save succeeds', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  await ctx.addInitScript(() => {
    const setItem = Storage.prototype.setItem;
    window.__full = false;
    Storage.prototype.setItem = function (k, v) {
      if (window.__full && k.startsWith('careerbook:')) throw new DOMException('full', 'QuotaExceededError');
      return setItem.call(this, k, v);
    };
  });
  const page = await open(ctx);
  await page.evaluate(() => { window.__full = true; });
  // Rate something far down the page: the banner is in view there.
  await page.locator('#cb-b-design-staff-adrs').scrollIntoViewIfNeeded();
  await radio(page, 'design-staff-adrs', 2).check();
  const banner = page.locator('.cb-save-error');
  assert.match(await banner.innerText(), /Your changes are not saved: the browser’s storage for this site is full \(QuotaExceededError\)/);
  assert.equal(await banner.getAttribute('role'), 'alert');
  const box = await banner.boundingBox();
  assert.ok(box.y + box.height <= 700 && box.y + box.height >= 690, 'at the bottom of the window');
  assert.ok(await banner.getByRole('button', { name: 'Export JSON' }).isVisible());
  await page.locator('#cb-b-design-staff-adrs summary').click();
  await page.locator('#cb-b-design-staff-adrs textarea').fill('still failing');
  assert.ok(await banner.isVisible(), 'still there while saves fail');
  // The export still has the answer: nothing is lost.
  const file = JSON.parse((await download(page, () => banner.getByRole('button', { name: 'Export JSON' }).click())).text);
  assert.equal(file.answers['design-staff-adrs'].n, 'still failing');
  await page.evaluate(() => { window.__full = false; });
  await radio(page, 'design-staff-adrs', 1).check();
  assert.equal(await banner.count(), 0, 'gone after a save succeeds');
  assert.equal((await stored(page)).answers['design-staff-adrs'].n, 'still failing');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('with storage disabled the page works and says answers are not kept', async () => {
  const ctx = await browser.newContext();
  await ctx.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });
  });
  const page = await open(ctx);
  await radio(page, 'constructor', 1).check();
  assert.match(await page.locator('.cb-count').innerText(), /^1 of 3/);
  assert.match(await page.locator('.cb-save-error').innerText(), /not saved: this browser does not let the page store data \(SecurityError\)/);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
