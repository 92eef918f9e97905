// Tracks in the assessment (tests/fixtures/tracks: a ladder that forks after
// senior into an IC track and a manager track, and a specialisation that
// extends it): the reader picks a track, which is remembered and exported;
// scoring, the default target, the chart and the promotion draft follow it;
// a specialisation's inherited behaviours share their answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { withSite, repo, storageKey, download, collectErrors, axeMain } from './lib.mjs';

const KEY = storageKey('tracks-and-specialisations');
const PAGE = 'engineering/self-assessment.html';
let browser, server;
withSite((env) => ({ browser, server } = env), join(repo, 'tests/fixtures/tracks'));

async function open(ctx, page = PAGE) {
  const tab = await ctx.newPage();
  tab.errors = collectErrors(tab);
  await tab.goto(server.url + page);
  await tab.waitForSelector('.cb-assessment.cb-ready');
  return tab;
}
const rate = (page, id, v) => page.locator(`#cb-b-${id} input[type=radio][value="${v}"]`).check();
const IC = ['delivery-junior', 'delivery-senior', 'delivery-staff', 'people-mid'];

test('every IC behaviour rated consistently: the top of the IC track, not a manager level', async () => {
  const ctx = await browser.newContext();
  const page = await open(ctx);
  assert.equal(await page.getByLabel('Track').inputValue(), 'ic');
  // The manager levels are not part of the IC track's rubric.
  assert.ok(await page.locator('#cb-b-delivery-manager').isHidden());
  assert.ok(await page.locator('#cb-b-people-director').isHidden());
  for (const id of IC) await rate(page, id, 2);
  const sum = await page.locator('.cb-sum').innerText();
  assert.match(sum, /Overall \(competencies weighted\): Principal, score 5 of 5 \(Individual contributor track\)\. Target: Principal/);
  assert.doesNotMatch(sum, /manager/i);
  assert.match(await page.getByLabel('Target level').locator('option').first().innerText(), /The level after yours \(Principal\)/);
  // The chart's rings are the track's five levels.
  const rings = await page.locator('.cb-chart .cb-rings text').evaluateAll((texts) => texts.map((t) => t.textContent));
  assert.deepEqual(rings, ['Junior', 'Mid', 'Senior', 'Staff', 'Principal']);
  // The promotion draft says which track.
  const md = await download(page, () => page.getByRole('button', { name: 'Export Markdown (promotion case)' }).click());
  assert.match(md.text, /Target: \*\*Principal\*\* \(Individual contributor track\)\. Now \(competencies weighted\): \*\*Principal\*\*/);

  // The manager track: its own levels, the IC ones hidden; remembered and exported.
  await page.getByLabel('Track').selectOption('manager');
  assert.ok(await page.locator('#cb-b-delivery-manager').isVisible());
  assert.ok(await page.locator('#cb-b-delivery-staff').isHidden());
  assert.match(await page.locator('.cb-sum').innerText(), /Senior, score 3(\.\d)? of 6 \(People manager track\)\. Target: Engineering manager/);
  assert.ok(await page.getByLabel('Target level').locator('option[value=staff]').isDisabled());
  await page.reload();
  await page.waitForSelector('.cb-assessment.cb-ready');
  assert.equal(await page.getByLabel('Track').inputValue(), 'manager');
  const file = JSON.parse((await download(page, () => page.getByRole('button', { name: 'Export JSON' }).click())).text);
  assert.equal(file.track, 'manager');
  assert.equal(file.schema, 3);
  assert.deepEqual(await axeMain(page), []);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a specialisation shares the answers of what it inherits and says where a behaviour comes from', async () => {
  const ctx = await browser.newContext();
  const page = await open(ctx);
  await rate(page, 'delivery-junior', 2);
  await page.locator('#cb-b-delivery-junior summary').click();
  await page.locator('#cb-b-delivery-junior textarea').fill('Shipped 40 small changes, all with tests.');
  const backend = await open(ctx, 'backend/self-assessment.html');
  assert.ok(await backend.locator('#cb-b-delivery-junior input[value="2"]').isChecked());
  assert.equal(await backend.locator('#cb-b-delivery-junior textarea').inputValue(), 'Shipped 40 small changes, all with tests.');
  assert.match(await backend.locator('#cb-b-delivery-junior').innerText(), /From Engineering/);
  assert.doesNotMatch(await backend.locator('#cb-b-data-mid').innerText(), /From /);
  // A backend-only behaviour rated there is stored beside the shared ones.
  await rate(backend, 'data-mid', 1);
  const s = await backend.evaluate((k) => JSON.parse(localStorage.getItem(k)), KEY);
  assert.equal(s.answers['delivery-junior'].r, 2);
  assert.equal(s.answers['data-mid'].r, 1);
  assert.deepEqual(backend.errors, []);
  await ctx.close();
});
