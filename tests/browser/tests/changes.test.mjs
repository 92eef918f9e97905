// "What changed since you last looked": after the framework is rebuilt with
// a reworded behaviour the reader answered, a new behaviour at their target
// level and a retired one they answered, the page says so (in a bar at the
// bottom of the window) until dismissed, marks the new and reworded ones in
// the list (the answer kept) and can show only them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { withSite, build, editFile, storageKey, collectErrors } from './lib.mjs';

const KEY = storageKey();
const PAGE = 'self-assessment.html';
let browser, server, dir;
withSite((env) => ({ browser, server, dir } = env));

async function reload(page) {
  await page.reload();
  await page.waitForSelector('.cb-assessment.cb-ready');
}
const bar = (page) => page.locator('.cb-changes-bar');
const shown = (page) => page.locator('.cb-assess-behaviour:visible').evaluateAll((items) => items.map((i) => i.dataset.cbBehaviour));

test('a reworded behaviour is flagged after a rebuild, with what is new and retired, until dismissed', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  page.errors = collectErrors(page);
  await page.goto(server.url + PAGE);
  await page.waitForSelector('.cb-assessment.cb-ready');
  await page.locator('#cb-b-scope-mid-owns-feature input[value="1"]').check();
  await page.locator('#cb-b-scope-principal-company-wins input[value="2"]').check();
  await page.getByLabel('Target level').selectOption('senior');
  const seen = (await page.evaluate((k) => JSON.parse(localStorage.getItem(k)), KEY)).seen['engineering-ladder'];
  assert.match(seen['scope-mid-owns-feature'], /^[0-9a-f]{8}$/);
  await reload(page);
  assert.ok(await bar(page).isHidden(), 'nothing changed yet');

  const ladder = join(dir, 'content/ladder.yaml');
  editFile(ladder, (t) => t
    .replace('Is the named owner of a feature in the tracker', 'Is the named owner of a feature in the issue tracker')
    .replace(/^ {8}- id: scope-principal-company-wins\n(?: {10}.*\n)+/m, '')
    .replace(/^( {8}- id: scope-senior-health-review\n)/m,
      '        - id: scope-senior-quarter-plan\n          text: Writes a one-page plan for each quarter of the component.\n$1'));
  build(dir);
  await reload(page);
  await bar(page).waitFor();
  assert.match(await bar(page).innerText(),
    /The framework changed since you last looked: 1 new behaviours at your levels and 1 reworded ones you answered .* 1 answered ones were retired/);
  assert.equal(await bar(page).getByRole('link').getAttribute('href'), '#cb-retired');
  const reworded = page.locator('#cb-b-scope-mid-owns-feature');
  assert.ok(await reworded.evaluate((e) => e.classList.contains('cb-reworded')));
  assert.match(await reworded.locator('.cb-rate-text').evaluate((e) => getComputedStyle(e, '::before').content), /Reworded since your answer/);
  assert.ok(await reworded.locator('input[value="1"]').isChecked(), 'the answer is kept');
  assert.ok(await page.locator('#cb-b-scope-senior-quarter-plan').evaluate((e) => e.classList.contains('cb-added')));
  assert.match(await page.locator('.cb-retired').innerText(), /scope-principal-company-wins/);
  await bar(page).getByRole('button', { name: 'Show only them' }).click();
  assert.deepEqual(await shown(page), ['scope-mid-owns-feature', 'scope-senior-quarter-plan']);
  // Until dismissed: still there after a reload; then gone for good.
  await reload(page);
  await bar(page).waitFor();
  await bar(page).getByRole('button', { name: 'Dismiss' }).click();
  assert.ok(await bar(page).isHidden());
  assert.equal(await page.locator('.cb-reworded, .cb-added').count(), 0);
  assert.ok((await shown(page)).length > 100, 'every behaviour shown again');
  await reload(page);
  assert.ok(await bar(page).isHidden());
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
