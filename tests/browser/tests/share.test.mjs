// Share links: the ratings (and notes, if chosen) packed into the URL's
// fragment (docs/assessment-data.md, "Share links"). Opened in a fresh
// browser profile the link shows the same result read-only without touching
// that profile's storage; "compare with mine" and "import into my answers"
// work; a link for another handbook or version says so and shows what still
// matches; a damaged or hostile link changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { withSite, storageKey, collectErrors, watchRequests } from './lib.mjs';

const KEY = storageKey();
const PAGE = 'self-assessment.html';
let browser, server, site;
withSite((env) => ({ browser, server, site } = env));

async function open(ctx, url = server.url + PAGE) {
  const page = await ctx.newPage();
  page.errors = collectErrors(page);
  page.requests = await watchRequests(page, url.startsWith('file:') ? `file://${site}/` : server.url);
  await page.goto(url);
  await page.waitForSelector('.cb-assessment.cb-ready');
  return page;
}
const rate = (page, id, v) => page.locator(`#cb-b-${id} input[type=radio][value="${v}"]`).check();
const checked = (page, id, v) => page.locator(`#cb-b-${id} input[type=radio][value="${v}"]`).isChecked();
const stored = (page) => page.evaluate((k) => localStorage.getItem(k), KEY);
const bar = (page) => page.locator('.cb-shared-bar');
/** A fresh load of `url` (not only a change of the fragment). */
async function load(page, url) {
  await page.goto('about:blank');
  await page.goto(url);
  await page.waitForSelector('.cb-assessment.cb-ready');
}
const pack = (data) => deflateRawSync(Buffer.from(typeof data === 'string' ? data : JSON.stringify(data))).toString('base64url');

async function makeLink(page, { name = '', notes = false } = {}) {
  await page.locator('.cb-name').fill(name);
  await page.locator('.cb-notes').setChecked(notes);
  await page.locator('.cb-link').evaluate((field) => { field.value = ''; });
  await page.getByRole('button', { name: 'Copy share link' }).click();
  await page.waitForFunction(() => document.querySelector('.cb-link').value);
  return page.locator('.cb-link').inputValue();
}

test('a share link opened in a fresh profile shows the same result, read-only, and never writes its storage', async () => {
  const mine = await browser.newContext();
  const page = await open(mine);
  await rate(page, 'scope-junior-finishes-tasks', 2);
  await rate(page, 'scope-mid-owns-feature', 1);
  await rate(page, 'arch-junior-explains-design', 2);
  await page.locator('#cb-b-arch-junior-explains-design summary').click();
  await page.locator('#cb-b-arch-junior-explains-design textarea').fill('Explained the cache design to 3 new hires.');
  await page.getByLabel('Target level').selectOption('senior');
  const link = await makeLink(page, { name: 'Ana' });
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/self-assessment\.html#cb-share=[\w-]+$/);
  // Short: the bundled 108-behaviour matrix, ratings only.
  const fragment = link.slice(link.indexOf('#'));
  assert.ok(fragment.length < 300, `fragment of ${fragment.length} characters`);
  assert.match(await page.locator('.cb-status').innerText(), /Share link (copied|made)/);
  const result = await page.locator('.cb-sum').innerText();
  const table = await page.locator('.cb-table tbody').innerText();
  const gaps = await page.locator('.cb-gaps').innerText();
  const chart = await page.locator('.cb-chart svg').evaluate((svg) => svg.querySelector('.cb-series').innerHTML);

  // A fresh profile: the same result, and nothing stored.
  const fresh = await browser.newContext();
  const seen = await open(fresh, link);
  await bar(seen).waitFor();
  assert.equal(await seen.locator('.cb-sum').innerText(), result);
  assert.equal(await seen.locator('.cb-table tbody').innerText(), table);
  assert.equal(await seen.locator('.cb-gaps').innerText(), gaps);
  assert.equal(await seen.locator('.cb-chart svg').evaluate((svg) => svg.querySelector('.cb-series').innerHTML), chart);
  // The page opens at the result, not at the chapter's introduction.
  const resultTop = await seen.locator('.cb-result').evaluate((box) => box.getBoundingClientRect().top);
  // (Within a pixel: layout positions are fractional.)
  assert.ok(resultTop > -1 && resultTop < 100, `the result is ${resultTop} px from the top of the window`);
  assert.equal(await stored(seen), null, 'opening a link stores nothing');
  assert.equal(await seen.evaluate(() => localStorage.length), 0);
  assert.deepEqual(seen.errors, []);
  assert.deepEqual(seen.requests.foreign, []);
  await fresh.close();

  // A fresh profile with answers of its own.
  const theirs = await browser.newContext();
  await theirs.addInitScript(([k]) => {
    if (!localStorage.getItem(k)) {
      localStorage.setItem(k, JSON.stringify({ schema: 3, handbook: 'staff-engineer-handbook', created: '2026-01-01T00:00:00.000Z',
        updated: '2026-01-01T00:00:00.000Z', answers: { 'influence-junior-asks': { r: 1 } }, checks: {}, snapshots: [] }));
    }
  }, [KEY]);
  const other = await open(theirs, link);
  await bar(other).waitFor();
  const before = await stored(other);
  // Another tab of the reader saving meanwhile does not replace the shared view.
  await other.evaluate(() => dispatchEvent(new StorageEvent('storage', { key: 'careerbook:staff-engineer-handbook' })));
  assert.match(await bar(other).innerText(), /Ana, shared \d{4}-\d\d-\d\d \d\d:\d\d: shown read-only/);
  assert.equal(await other.locator('.cb-sum').innerText(), result);
  assert.equal(await other.locator('.cb-table tbody').innerText(), table);
  assert.equal(await other.getByLabel('Target level').inputValue(), 'senior');
  assert.ok(await checked(other, 'scope-junior-finishes-tasks', 2));
  assert.equal(await checked(other, 'influence-junior-asks', 1), false, 'not the profile’s own answers');
  // Notes were not included.
  assert.equal(await other.locator('#cb-b-arch-junior-explains-design textarea').inputValue(), '');
  // Read-only: nothing can be rated, noted or changed, and nothing was written.
  assert.ok(await other.locator('#cb-b-scope-mid-owns-feature input[value="2"]').isDisabled());
  assert.ok(await other.locator('#cb-b-scope-mid-owns-feature textarea').isDisabled());
  assert.ok(await other.getByRole('button', { name: 'Save snapshot' }).isDisabled());
  assert.ok(await other.getByLabel('Target level').isDisabled());
  assert.equal(await stored(other), before);

  // Compare with mine: the profile's own answers, the shared ones beside them.
  await bar(other).getByRole('button', { name: 'Compare with mine' }).click();
  await bar(other).waitFor({ state: 'hidden' });
  assert.ok(await checked(other, 'influence-junior-asks', 1));
  assert.equal(await checked(other, 'scope-junior-finishes-tasks', 2), false);
  assert.match(await other.locator('#cb-b-scope-junior-finishes-tasks .cb-theirs').innerText(), /^Ana: consistently$/);
  assert.equal(await other.locator('.cb-chart polygon.cb-sn').count(), 1);
  assert.ok(!other.url().includes('#cb-share'), 'the link leaves the address bar');
  assert.equal(await stored(other), before, 'comparing writes nothing');
  // The share link is a source of the comparison, beside the snapshots.
  assert.match(await other.getByLabel('Compare with').locator('option:checked').innerText(), /^Ana \(target Senior engineer\)$/);
  assert.ok(await other.locator('#cb-b-scope-mid-owns-feature input[value="2"]').isEnabled());
  assert.deepEqual(other.errors, []);
  assert.deepEqual(other.requests.foreign, []);
  await theirs.close();
  await mine.close();
});

test('with notes, a name and "import into my answers" (asking when answers differ)', async () => {
  const mine = await browser.newContext();
  const page = await open(mine);
  await rate(page, 'comm-junior-status', 2);
  await page.locator('#cb-b-comm-junior-status summary').click();
  await page.locator('#cb-b-comm-junior-status textarea').fill('Weekly status notes, <b>read</b> by 12 people.');
  const link = await makeLink(page, { name: 'Bo <img src=x>', notes: true });
  const theirs = await browser.newContext();
  const other = await open(theirs, link);
  await bar(other).waitFor();
  assert.match(await bar(other).innerText(), /Bo <img src=x>, shared/);
  assert.equal(await other.locator('#cb-b-comm-junior-status textarea').inputValue(), 'Weekly status notes, <b>read</b> by 12 people.');
  assert.equal(await other.locator('.cb-assessment img, .cb-assessment b').count(), 0);
  // Their own answer differs: the conflict dialog asks.
  await bar(other).getByRole('button', { name: 'Close' }).click();
  await rate(other, 'comm-junior-status', 0);
  await load(other, link);
  await bar(other).waitFor();
  await bar(other).getByRole('button', { name: 'Import into my answers' }).click();
  const dialog = other.getByRole('dialog', { name: 'The file differs from your answers' });
  await dialog.getByRole('button', { name: 'Take imported' }).click();
  await dialog.waitFor({ state: 'detached' });
  const s = JSON.parse(await stored(other));
  assert.equal(s.answers['comm-junior-status'].r, 2);
  assert.equal(s.answers['comm-junior-status'].n, 'Weekly status notes, <b>read</b> by 12 people.');
  assert.ok(await checked(other, 'comm-junior-status', 2));
  assert.deepEqual(other.errors, []);
  await theirs.close();
  await mine.close();
});

test('a link for another version or handbook says so and shows what still matches; a damaged or hostile one changes nothing', async () => {
  const ctx = await browser.newContext();
  const page = await open(ctx);
  await rate(page, 'scope-junior-finishes-tasks', 2);
  const link = await makeLink(page);
  const data = JSON.parse((await import('node:zlib')).inflateRawSync(Buffer.from(link.split('#cb-share=')[1], 'base64url')).toString());
  const base = server.url + PAGE + '#cb-share=';
  const before = await stored(page);

  // A string of ratings per competency, under the competency's key.
  const key = Object.keys(data.r).find((k) => data.r[k].includes('2'));
  assert.match(data.r[key], /^2-+$/);
  const others = Object.keys(data.r).filter((k) => k !== key);
  assert.ok(others.length > 5 && others.every((k) => /^-+$/.test(data.r[k])));
  // Another version: one competency's behaviours changed (its key differs).
  const older = { ...data, v: '0000000000000000', r: { ...data.r, [key]: undefined, zzz: data.r[key] } };
  await load(page, base + pack(older));
  await bar(page).waitFor();
  assert.match(await bar(page).innerText(), /another version of this framework: 0 of its 1 ratings match this page/);
  assert.equal(await checked(page, 'scope-junior-finishes-tasks', 2), false);
  const same = { ...data, v: '0000000000000000' };
  await load(page, base + pack(same));
  await bar(page).waitFor();
  assert.match(await bar(page).innerText(), /another version of this framework: 1 of its 1 ratings match this page/);
  assert.ok(await checked(page, 'scope-junior-finishes-tasks', 2));
  await load(page, base + pack({ ...data, h: 'other-book' }));
  await bar(page).waitFor();
  assert.match(await bar(page).innerText(), /the handbook “other-book”: 1 of its 1 ratings match this page/);

  // Damaged, malformed or hostile: a clear message, the reader's own page, nothing written.
  const bad = [
    ['AAAA!!', /not a careerbook share link/],
    [pack('not json'), /it is not JSON/],
    [pack({ ...data, r: '<img src=x>' }), /r must be an object/],
    [pack({ ...data, r: { [key]: '<img src=x>' } }), new RegExp(`r\\.${key} must be ratings \\(0, 1, 2 or -\\)`)],
    [pack({ ...data, r: { 'Not An Id': '2' } }), /r has the key “Not An Id”, which is not an id/],
    [pack({ ...data, tg: '../../x' }), /tg must be an id/],
    [pack({ ...data, at: 'yesterday' }), /at must be a date-time/],
    [pack({ ...data, n: { __proto__: null, toString: 'x' } }), /n has the key “toString”, which is not an id/],
    [pack({ ...data, x: 1 }), /has the field “x”, which is not part of the format/],
    [pack({ ...data, s: 2 }), /s must be 1/],
    [link.split('#cb-share=')[1].slice(0, 30), /damaged/],
    // A bomb: 6 MB of zeros packs into a few kilobytes.
    [deflateRawSync(Buffer.alloc(6 * 1024 * 1024, 48)).toString('base64url'), /unpacks to more than 5 MB/],
  ];
  for (const [fragment, message] of bad) {
    await load(page, base + fragment);
    await bar(page).waitFor();
    assert.match(await bar(page).innerText(), message);
    assert.match(await bar(page).innerText(), /cannot be read: .*Nothing was changed/);
    assert.ok(await bar(page).getByRole('button', { name: 'Import into my answers' }).isHidden());
    assert.ok(await checked(page, 'scope-junior-finishes-tasks', 2), 'the reader’s own answers are shown');
    assert.equal(await stored(page), before);
  }
  assert.equal(await page.evaluate(() => Object.keys(Object.prototype).length), 0);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.requests.foreign, []);
  await ctx.close();
});

test('share links work from file:// with no request outside the site', async () => {
  const url = `file://${site}/${PAGE}`;
  const mine = await browser.newContext();
  const page = await open(mine, url);
  await rate(page, 'scope-junior-finishes-tasks', 2);
  const link = await makeLink(page, { name: 'Cy' });
  assert.ok(link.startsWith(url + '#cb-share='), link);
  const result = await page.locator('.cb-sum').innerText();
  const fresh = await browser.newContext();
  const seen = await open(fresh, link);
  await bar(seen).waitFor();
  assert.match(await bar(seen).innerText(), /Cy, shared .*: shown read-only/);
  assert.equal(await seen.locator('.cb-sum').innerText(), result);
  assert.ok(await checked(seen, 'scope-junior-finishes-tasks', 2));
  assert.equal(await seen.evaluate(() => localStorage.length), 0, 'opening a link stores nothing');
  for (const p of [page, seen]) {
    assert.deepEqual(p.errors, []);
    assert.deepEqual(p.requests.foreign, []);
  }
  await fresh.close();
  await mine.close();
});
