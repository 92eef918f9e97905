// Interactive checklists: ticks persist by id, progress per checklist and per
// phase, reset asks first, removed items are kept as retired, the state is part
// of the assessment export; accessible, no network.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { withSite, copyBook, build, serveStatic, watchRequests, cleanup, repo,
  storageKey, editFile, download, axeMain, collectErrors } from './lib.mjs';

const KEY = storageKey();
const PAGE = 'first-90-days.html';
let browser, site, server;
withSite((env) => ({ browser, site, server } = env));

async function open(ctx, url = server.url + PAGE, ready = 'input.cb-checkbox:not([disabled])') {
  const page = await ctx.newPage();
  page.errors = collectErrors(page);
  await page.goto(url);
  await page.waitForSelector(ready);
  return page;
}
const box = (page, id) => page.locator(`input.cb-checkbox[data-cb-item="${id}"]`).first();
const progress = (page, id) => page.locator(`[data-cb-progress="${id}"]`).first().innerText();
const stored = (page) => page.evaluate((k) => JSON.parse(localStorage.getItem(k)), KEY);

test('ticks update the progress, survive a reload, and reset asks first', async () => {
  const ctx = await browser.newContext();
  const page = await open(ctx);
  assert.equal(await progress(page, 'first-90-days'), '0 of 12 done');
  assert.equal(await progress(page, 'month-1-listen'), '0 of 4 done');
  await box(page, 'd90-stakeholder-one-on-ones').check();
  await box(page, 'd90-read-adrs').check();
  // Keyboard: Space on a focused checkbox ticks it.
  await box(page, 'd90-deliver-quick-wins').focus();
  await page.keyboard.press('Space');
  assert.equal(await progress(page, 'first-90-days'), '3 of 12 done');
  assert.equal(await progress(page, 'month-1-listen'), '2 of 4 done');
  assert.equal(await progress(page, 'month-2-start-small'), '1 of 4 done');
  const s = await stored(page);
  assert.equal(s.schema, 3);
  assert.match(s.checks['first-90-days']['d90-read-adrs'].t, /^Read the existing ADRs/);

  await page.reload();
  await page.waitForSelector('input.cb-checkbox:not([disabled])');
  assert.ok(await box(page, 'd90-read-adrs').isChecked());
  assert.ok(await box(page, 'd90-deliver-quick-wins').isChecked());
  assert.equal(await box(page, 'd90-map-pain-points').isChecked(), false);
  assert.equal(await progress(page, 'first-90-days'), '3 of 12 done');

  // Tick the whole first phase: it shows as done.
  for (const id of ['d90-map-pain-points', 'd90-pick-quick-wins']) await box(page, id).check();
  assert.equal(await progress(page, 'month-1-listen'), '4 of 4 done');
  assert.ok(await page.locator('[data-cb-progress="month-1-listen"]').evaluate((e) => e.classList.contains('cb-done')));

  // Reset: asks in the page; Cancel keeps the ticks, Reset clears them.
  const reset = page.locator('[data-cb-checklist="first-90-days"] .cb-checklist-bar button');
  assert.match(await reset.evaluate((e) => e.textContent), /Reset.*Your first 90 days/);
  await reset.click();
  const dialog = page.getByRole('dialog', { name: 'Reset this checklist?' });
  assert.match(await dialog.innerText(), /Untick all 5 ticked items/);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Cancel');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await progress(page, 'first-90-days'), '5 of 12 done');
  await reset.click();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await progress(page, 'first-90-days'), '5 of 12 done');
  await reset.click();
  await dialog.getByRole('button', { name: 'Reset' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await progress(page, 'first-90-days'), '0 of 12 done');
  assert.equal(await box(page, 'd90-read-adrs').isChecked(), false);
  await page.reload();
  await page.waitForSelector('input.cb-checkbox:not([disabled])');
  assert.equal(await progress(page, 'first-90-days'), '0 of 12 done');
  // Other checklists on the page are untouched by that reset.
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('ticks are shared between pages and part of the assessment export', async () => {
  const ctx = await browser.newContext();
  const page = await open(ctx);
  const twin = await open(ctx);
  await box(page, 'd90-first-adr').check();
  // Another tab of the same page follows (storage event), without a reload.
  await twin.waitForFunction(() => document.querySelector('[data-cb-item="d90-first-adr"]').checked);
  assert.equal(await progress(twin, 'first-90-days'), '1 of 12 done');
  const other = await open(ctx, server.url + 'checklists.html');
  const lists = await other.locator('[data-cb-checklist]').evaluateAll((ws) => ws.map((w) => w.dataset.cbChecklist));
  assert.ok(lists.length > 3);
  await other.locator(`[data-cb-checklist="${lists[0]}"] input.cb-checkbox`).first().check();
  const a = await open(ctx, server.url + 'self-assessment.html', '.cb-assessment.cb-ready');
  const file = await download(a, () => a.getByRole('button', { name: 'Export JSON' }).click());
  const data = JSON.parse(file.text);
  assert.ok(data.checks['first-90-days']['d90-first-adr']);
  assert.equal(Object.keys(data.checks[lists[0]]).length, 1);
  // And they come back with an import into an empty browser.
  const ctx2 = await browser.newContext();
  const b = await open(ctx2, server.url + 'self-assessment.html', '.cb-assessment.cb-ready');
  await b.locator('.cb-panel input.cb-import').setInputFiles({ name: 'a.json', mimeType: 'application/json', buffer: Buffer.from(file.text) });
  await b.waitForFunction(() => /Imported/.test(document.querySelector('.cb-status').textContent));
  const c = await open(ctx2);
  assert.ok(await box(c, 'd90-first-adr').isChecked());
  assert.deepEqual([...page.errors, ...twin.errors, ...other.errors, ...a.errors, ...b.errors, ...c.errors], []);
  await ctx.close();
  await ctx2.close();
});

test('a removed item stays stored, is listed as retired, and comes back', async () => {
  const d2 = copyBook(join(repo, 'book'));
  const s2 = build(d2);
  const srv = await serveStatic(s2);
  const yaml = join(d2, 'content/checklists/first-90-days.yaml');
  const original = readFileSync(yaml, 'utf8');
  try {
    const ctx = await browser.newContext();
    const page = await open(ctx, srv.url + PAGE);
    await box(page, 'd90-read-adrs').check();
    await box(page, 'd90-map-pain-points').check();
    editFile(yaml, (t) => t.replace(/^ {6}- id: d90-read-adrs\n(?: {8}.*\n)+/m, ''));
    build(d2);
    await page.reload();
    await page.waitForSelector('input.cb-checkbox:not([disabled])');
    assert.equal(await page.locator('[data-cb-item="d90-read-adrs"]').count(), 0);
    assert.equal(await progress(page, 'first-90-days'), '1 of 11 done');
    const gone = await page.locator('[data-cb-checklist="first-90-days"] .cb-gone').innerText();
    assert.match(gone, /no longer in this list/);
    assert.match(gone, /Read the existing ADRs, design docs and postmortems\. d90-read-adrs/);
    // Ticking something else keeps the retired tick.
    await box(page, 'd90-pick-quick-wins').check();
    assert.ok((await stored(page)).checks['first-90-days']['d90-read-adrs']);
    editFile(yaml, () => original);
    build(d2);
    await page.reload();
    await page.waitForSelector('input.cb-checkbox:not([disabled])');
    assert.ok(await box(page, 'd90-read-adrs').isChecked());
    assert.equal(await progress(page, 'first-90-days'), '3 of 12 done');
    assert.equal(await page.locator('[data-cb-checklist="first-90-days"] .cb-gone').innerText(), '');
    assert.deepEqual(page.errors, []);
    await ctx.close();
  } finally {
    await srv.close();
    cleanup(d2);
  }
});

test('corrupt storage on a checklist page: works, warns, keeps the stored text', async () => {
  const ctx = await browser.newContext();
  const page = await open(ctx);
  await page.evaluate((k) => localStorage.setItem(k, '[1,2'), KEY);
  await page.reload();
  await page.waitForSelector('input.cb-checkbox:not([disabled])');
  assert.match(await page.getByRole('alert').innerText(), /could not be read/);
  await box(page, 'd90-read-adrs').check();
  assert.equal(await progress(page, 'first-90-days'), '1 of 12 done');
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), KEY), '[1,2');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('checklist pages: no network, axe clean in light and navy, file:// notice', async () => {
  for (const theme of ['light', 'navy']) {
    const ctx = await browser.newContext();
    await ctx.addInitScript((t) => localStorage.setItem('mdbook-theme', t), theme);
    for (const p of [PAGE, 'checklists.html']) {
      const page = await ctx.newPage();
      const errors = collectErrors(page);
      const log = await watchRequests(page, server.url);
      await page.goto(server.url + p);
      await page.waitForSelector('input.cb-checkbox:not([disabled])');
      await page.locator('input.cb-checkbox').nth(1).check();
      await page.locator('.cb-checklist-bar button').first().click();
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
      assert.deepEqual(await axeMain(page), [], `axe ${p} (${theme})`);
      assert.deepEqual(log.foreign, []);
      assert.deepEqual(errors, []);
      await page.close();
    }
    await ctx.close();
  }
  const ctx = await browser.newContext();
  const page = await open(ctx, `file://${site}/${PAGE}`);
  const notice = page.locator('.cb-notices .cb-note');
  assert.match(await notice.innerText(), /file:\/\/.*careerbook serve/s);
  // Export and import are offered right there, to carry ticks between pages.
  assert.equal(await notice.getByRole('button', { name: 'Export JSON' }).count(), 1);
  await box(page, 'd90-read-adrs').check();
  await page.reload();
  await page.waitForSelector('input.cb-checkbox:not([disabled])');
  assert.ok(await box(page, 'd90-read-adrs').isChecked());
  // Import here (from another page's export): ticks merge, a differing target asks.
  await page.evaluate((k) => { const s = JSON.parse(localStorage.getItem(k)); s.target = 'staff'; localStorage.setItem(k, JSON.stringify(s)); }, KEY);
  await page.reload();
  await page.waitForSelector('input.cb-checkbox:not([disabled])');
  const file = { schema: 2, handbook: 'staff-engineer-handbook', created: '2026-01-01T00:00:00.000Z', updated: '2026-01-01T00:00:00.000Z', version: null,
    target: 'principal', answers: {}, checks: { 'first-90-days': { 'd90-first-adr': { at: '2026-01-01T00:00:00.000Z' } } }, snapshots: [] };
  await notice.locator('input[type=file]').setInputFiles({ name: 'a.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  const dialog = page.getByRole('dialog', { name: 'The file differs from your answers' });
  assert.match(await dialog.innerText(), /Target level — yours: staff; imported: principal/);
  await dialog.getByRole('button', { name: 'Keep mine' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.ok(await box(page, 'd90-first-adr').isChecked());
  assert.ok(await box(page, 'd90-read-adrs').isChecked());
  assert.equal(await progress(page, 'first-90-days'), '2 of 12 done');
  assert.equal((await stored(page)).target, 'staff');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
