// An assessment for a long session, on a generated ladder (gen-handbook.mjs:
// 6 competencies × 8 levels × 2 behaviours, forked into two tracks):
// competencies fold and show their progress, the table navigates, a filter
// shows only the levels that matter now (remembered), "Next to rate" points
// where the reader left off, the keyboard rates, notes and moves on, and
// nothing moves when the page starts with stored answers. (The speed budgets
// are measured by bench.mjs on 1,440 and 1,500 behaviours, not here.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, serveStatic, launch, cleanup, storageKey, collectErrors } from './lib.mjs';
import { generateHandbook } from '../gen-handbook.mjs';

const KEY = storageKey('generated-ladder');
let browser, server, dir, page0;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cb-long-'));
  ({ page: page0 } = generateHandbook(dir, 6, 8, 2));
  server = await serveStatic(build(dir));
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); if (dir) cleanup(dir); });

async function open(ctx, viewport) {
  const page = await ctx.newPage();
  if (viewport) await page.setViewportSize(viewport);
  page.errors = collectErrors(page);
  await page.goto(server.url + page0);
  await page.waitForSelector('.cb-assessment.cb-ready');
  return page;
}
const focused = (page) => page.evaluate(() => [document.activeElement.closest('[data-cb-behaviour]')?.dataset.cbBehaviour, document.activeElement.tagName]);
const stored = (page) => page.evaluate((k) => JSON.parse(localStorage.getItem(k)), KEY);
const visibleBehaviours = (page) => page.locator('.cb-assess-behaviour:visible').evaluateAll((items) => items.map((i) => i.dataset.cbBehaviour));

test('the keyboard rates, opens the note and moves on; "Next to rate" follows', async () => {
  const ctx = await browser.newContext();
  const page = await open(ctx);
  assert.match(await page.locator('.cb-resume').innerText(), /^Behaviour 1 of competency 1 at level 1:/);
  await page.locator('#cb-b-c1-l1-b1 input[value="0"]').focus();
  await page.keyboard.press('3');
  assert.deepEqual(await focused(page), ['c1-l1-b2', 'INPUT']);
  await page.keyboard.press('2');
  assert.deepEqual(await focused(page), ['c1-l2-b1', 'INPUT']);
  await page.keyboard.press('n');
  assert.deepEqual(await focused(page), ['c1-l2-b1', 'TEXTAREA']);
  await page.keyboard.type('Cut the build from 14 to 6 minutes.');
  await page.keyboard.press('Control+Enter');
  assert.deepEqual(await focused(page), ['c1-l2-b2', 'INPUT']);
  await page.keyboard.press('1');
  const s = await stored(page);
  assert.deepEqual([s.answers['c1-l1-b1'].r, s.answers['c1-l1-b2'].r, s.answers['c1-l2-b1'].n, s.answers['c1-l2-b2'].r],
    [2, 1, 'Cut the build from 14 to 6 minutes.', 0]);
  assert.ok(await page.locator('#cb-b-c1-l1-b2 label.cb-on').filter({ hasText: 'sometimes' }).isVisible());
  // Where the reader left off: the first unrated behaviour after the last change.
  assert.equal(await page.locator('.cb-resume').getAttribute('href'), '#cb-b-c1-l3-b1');
  await page.reload();
  await page.waitForSelector('.cb-assessment.cb-ready');
  assert.equal(await page.locator('.cb-resume').getAttribute('href'), '#cb-b-c1-l3-b1');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('competencies fold and show their progress; the table navigates to them', async () => {
  const ctx = await browser.newContext();
  const page = await open(ctx);
  await page.locator('#cb-b-c2-l1-b1 input[value="2"]').check();
  await page.locator('#cb-b-c2-l1-b2 input[value="2"]').check();
  // On the IC track: 5 levels × 2 behaviours.
  assert.equal(await page.locator('#cb-c-comp-2 summary.cb-at-line').innerText(), '2 of 10 rated · now: Level 1');
  assert.match(await page.locator('.cb-table tr[data-cb-competency="comp-2"]').innerText(), /\t2\/10\tLevel 1\t/);
  await page.locator('#cb-c-comp-2 summary.cb-at-line').click();
  assert.ok(await page.locator('#cb-b-c2-l1-b1').isHidden(), 'folded');
  await page.locator('.cb-table a[href="#cb-c-comp-2"]').click();
  await page.locator('#cb-b-c2-l1-b1').waitFor({ timeout: 5000 }); // opened by the link
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('"Show": my target level, my current and target levels; remembered', async () => {
  const ctx = await browser.newContext();
  const page = await open(ctx);
  for (const id of ['c1-l1-b1', 'c1-l1-b2', 'c2-l1-b1', 'c2-l1-b2', 'c3-l1-b1', 'c3-l1-b2', 'c4-l1-b1', 'c4-l1-b2', 'c5-l1-b1', 'c5-l1-b2', 'c6-l1-b1', 'c6-l1-b2']) {
    await page.locator(`#cb-b-${id} input[value="2"]`).check();
  }
  await page.getByLabel('Target level').selectOption('level-4');
  await page.getByLabel('Show', { exact: true }).selectOption('target');
  const levelOf = (ids) => [...new Set(ids.map((id) => id.split('-')[1]))];
  assert.deepEqual(levelOf(await visibleBehaviours(page)), ['l4']);
  await page.getByLabel('Show', { exact: true }).selectOption('levels');
  assert.deepEqual(levelOf(await visibleBehaviours(page)), ['l1', 'l4']);
  await page.reload();
  await page.waitForSelector('.cb-assessment.cb-ready');
  assert.equal(await page.getByLabel('Show', { exact: true }).inputValue(), 'levels');
  assert.deepEqual(levelOf(await visibleBehaviours(page)), ['l1', 'l4']);
  // "Next to rate" (after the last one rated, c6-l1-b2) skips what the filter hides.
  assert.equal(await page.locator('.cb-resume').getAttribute('href'), '#cb-b-c6-l4-b1');
  await page.getByLabel('Show', { exact: true }).selectOption('all');
  assert.equal((await visibleBehaviours(page)).length, 60, 'every level of the IC track');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('no layout shift when the page starts with stored answers, a track and a filter (1280 and 375 px)', async () => {
  for (const width of [1280, 375]) {
    const ctx = await browser.newContext({ viewport: { width, height: 800 } });
    await ctx.route(/\.(woff2?|ttf)$/, (route) => route.abort());
    const probe = await open(ctx);
    const ids = await probe.evaluate(() => [...document.querySelectorAll('.cb-assess-behaviour')].map((i) => i.dataset.cbBehaviour));
    await probe.evaluate(([k, ids]) => localStorage.setItem(k, JSON.stringify({ schema: 3, handbook: 'generated-ladder',
      created: '2026-01-01T00:00:00.000Z', updated: '2026-01-01T00:00:00.000Z', track: 'manager', show: 'levels',
      answers: Object.fromEntries(ids.map((id, i) => [id, { r: i % 3, ...(i % 4 ? {} : { n: `Evidence ${i}` }) }])), checks: {}, snapshots: [] })), [KEY, ids]);
    await probe.close();
    const page = await ctx.newPage();
    await page.goto(server.url + page0);
    await page.waitForSelector('.cb-assessment.cb-ready');
    await page.waitForTimeout(300);
    const shift = await page.evaluate(() => new Promise((resolve) => {
      let total = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          if (!e.hadRecentInput && e.sources.some((s) => (s.node?.nodeType === 1 ? s.node : s.node?.parentElement)?.closest('main'))) total += e.value;
        }
      }).observe({ type: 'layout-shift', buffered: true });
      setTimeout(() => resolve(total), 200);
    }));
    assert.equal(shift, 0, `CLS at ${width} px`);
    assert.equal(await page.getByLabel('Track').inputValue(), 'manager');
    await ctx.close();
  }
});
