// The self-assessment page: ratings and notes persist by id (reloads, rebuilds,
// reordered and renamed content, removed behaviours), export/import, snapshots,
// the Markdown promotion-case draft, the chart, corrupt storage, file://,
// keyboard use, accessibility and no network.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { withSite, copyBook, build, serveStatic, watchRequests, cleanup, repo, artifacts,
  storageKey, editFile, download, axeMain, collectErrors } from './lib.mjs';

const KEY = storageKey();
const PAGE = 'self-assessment.html';
let browser, site, server;
withSite((env) => ({ browser, site, server } = env));

async function open(ctx, url = server.url + PAGE) {
  const page = await ctx.newPage();
  page.errors = collectErrors(page);
  await page.goto(url);
  await page.waitForSelector('.cb-assessment.cb-ready');
  return page;
}
const radio = (page, id, v) => page.locator(`#cb-b-${id} input[type=radio][value="${v}"]`);
const rate = (page, id, v) => radio(page, id, v).check();
async function note(page, id, text) {
  const d = page.locator(`#cb-b-${id} details`);
  if (!(await d.evaluate((e) => e.open))) await d.locator('summary').click();
  await d.locator('textarea').fill(text);
}
const stored = (page) => page.evaluate((k) => JSON.parse(localStorage.getItem(k)), KEY);
const rawStored = (page) => page.evaluate((k) => localStorage.getItem(k), KEY);
const exportJson = async (page) => JSON.parse((await download(page, () => page.getByRole('button', { name: 'Export JSON' }).click())).text);
const withoutDate = (o) => { const c = { ...o }; delete c.exported; return c; };
async function importText(page, text, name = 'answers.json') {
  await page.locator('.cb-panel input.cb-import').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

test('ratings and notes survive a reload', async () => {
  const ctx = await browser.newContext();
  let page = await open(ctx);
  await rate(page, 'scope-junior-finishes-tasks', 2);
  await rate(page, 'scope-mid-owns-feature', 1);
  await note(page, 'scope-junior-finishes-tasks', 'Closed 42 tickets, 0 reopened.');
  const s = await stored(page);
  assert.equal(s.schema, 3);
  assert.equal(s.handbook, 'staff-engineer-handbook');
  assert.equal(s.answers['scope-junior-finishes-tasks'].r, 2);
  assert.match(s.answers['scope-junior-finishes-tasks'].t, /^Finishes assigned tasks/);
  await page.reload();
  await page.waitForSelector('.cb-assessment.cb-ready');
  assert.ok(await radio(page, 'scope-junior-finishes-tasks', 2).isChecked());
  assert.ok(await radio(page, 'scope-mid-owns-feature', 1).isChecked());
  assert.equal(await page.locator('#cb-b-scope-junior-finishes-tasks textarea').inputValue(), 'Closed 42 tickets, 0 reopened.');
  assert.match(await page.locator('.cb-count').innerText(), /^2 of \d+ behaviours rated/);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('answers survive a rebuild with reordered competencies, a renamed title, and a removed behaviour comes back', async () => {
  const d2 = copyBook(join(repo, 'book'));
  const s2 = build(d2);
  const srv = await serveStatic(s2);
  const url = srv.url + PAGE;
  const ladder = join(d2, 'content/ladder.yaml');
  const original = (await import('node:fs')).readFileSync(ladder, 'utf8');
  try {
    const ctx = await browser.newContext();
    let page = await open(ctx, url);
    await rate(page, 'scope-principal-company-wins', 1);
    await note(page, 'scope-principal-company-wins', 'Moved two engineers to the billing rewrite for a quarter.');
    await rate(page, 'edge-junior-fundamentals', 2);
    const firstBefore = await page.locator('.cb-assess-competency').first().getAttribute('data-cb-competency');
    assert.equal(firstBefore, 'scope-beyond-code');

    // Reverse the order of the competencies and rename one.
    editFile(ladder, (t) => {
      const [head, rest] = t.split(/\ncompetencies:\n/);
      const blocks = rest.split(/(?=^ {2}# -+ \d+\n)/m);
      return head + '\ncompetencies:\n' + blocks.reverse().join('')
        .replace('title: Impact zone beyond code', 'title: Ownership beyond code (renamed)');
    });
    build(d2);
    await page.reload();
    await page.waitForSelector('.cb-assessment.cb-ready');
    assert.equal(await page.locator('.cb-assess-competency').first().getAttribute('data-cb-competency'), 'technical-edge');
    assert.match(await page.locator('#cb-c-scope-beyond-code h2').innerText(), /Ownership beyond code \(renamed\)/);
    assert.ok(await radio(page, 'scope-principal-company-wins', 1).isChecked());
    assert.ok(await radio(page, 'edge-junior-fundamentals', 2).isChecked());
    assert.equal(await page.locator('#cb-b-scope-principal-company-wins textarea').inputValue(), 'Moved two engineers to the billing rewrite for a quarter.');

    // Remove a behaviour: its answer is listed as retired, with its text.
    editFile(ladder, (t) => t.replace(/^ {8}- id: scope-principal-company-wins\n(?: {10}.*\n)+/m, ''));
    build(d2);
    await page.reload();
    await page.waitForSelector('.cb-assessment.cb-ready');
    assert.equal(await page.locator('#cb-b-scope-principal-company-wins').count(), 0);
    const retired = page.locator('.cb-retired');
    assert.ok(await retired.isVisible());
    const text = await retired.innerText();
    assert.match(text, /Retired answers/);
    assert.match(text, /scope-principal-company-wins/);
    assert.match(text, /Judges success by company-level results/);
    assert.match(text, /sometimes: “Moved two engineers/);
    // Writing other answers keeps the retired one.
    await rate(page, 'edge-mid-debugging', 2);
    assert.equal((await stored(page)).answers['scope-principal-company-wins'].r, 1);

    // Restore it: the answer is back in place.
    editFile(ladder, () => original);
    build(d2);
    await page.reload();
    await page.waitForSelector('.cb-assessment.cb-ready');
    assert.ok(await radio(page, 'scope-principal-company-wins', 1).isChecked());
    assert.equal(await page.locator('#cb-b-scope-principal-company-wins textarea').inputValue(), 'Moved two engineers to the billing rewrite for a quarter.');
    assert.ok(await page.locator('.cb-retired').isHidden());
    assert.deepEqual(page.errors, []);
    await ctx.close();
  } finally {
    await srv.close();
    cleanup(d2);
  }
});

test('export, clear, import gives back exactly the same state', async () => {
  const ctx = await browser.newContext();
  const page = await open(ctx);
  await rate(page, 'arch-junior-explains-design', 2);
  await rate(page, 'arch-mid-design-note', 1);
  await note(page, 'arch-mid-design-note', 'Design notes for 3 of 5 features.\nSecond line.');
  await page.getByLabel('Target level').selectOption('staff');
  await page.getByRole('button', { name: 'Save snapshot' }).click();
  // A ticked checklist item (ticked on another page) is part of the state.
  await page.evaluate((k) => {
    const s = JSON.parse(localStorage.getItem(k));
    s.checks = { 'first-90-days': { 'd90-read-adrs': { at: '2026-01-02T03:04:05.000Z', t: 'Read the existing ADRs.' } } };
    localStorage.setItem(k, JSON.stringify(s));
  }, KEY);
  await page.reload();
  await page.waitForSelector('.cb-assessment.cb-ready');
  const first = await exportJson(page);
  assert.equal(first.schema, 3);
  assert.equal(first.handbook, 'staff-engineer-handbook');
  assert.match(first.version, /^[0-9a-f]{16}$/);
  assert.match(first.exported, /^\d{4}-\d\d-\d\dT/);
  assert.equal(first.target, 'staff');
  assert.equal(first.snapshots.length, 1);
  assert.ok(first.checks['first-90-days']['d90-read-adrs']);

  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.waitForSelector('.cb-assessment.cb-ready');
  assert.equal(await radio(page, 'arch-junior-explains-design', 2).isChecked(), false);
  await importText(page, JSON.stringify(first));
  await page.waitForFunction(() => /Imported/.test(document.querySelector('.cb-status').textContent));
  assert.ok(await radio(page, 'arch-junior-explains-design', 2).isChecked());
  const second = await exportJson(page);
  assert.deepEqual(withoutDate(second), withoutDate(first));
  assert.equal(JSON.stringify(withoutDate(second)), JSON.stringify(withoutDate(first)));
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('importing over different answers asks, and "keep mine" keeps them', async () => {
  const ctx = await browser.newContext();
  const page = await open(ctx);
  await rate(page, 'influence-junior-asks', 2);
  await note(page, 'influence-junior-asks', 'mine');
  const file = await exportJson(page);
  file.answers['influence-junior-asks'] = { r: 0, n: 'theirs' };
  const other = 'influence-mid-proposes';
  file.answers[other] = { r: 1 };
  await importText(page, JSON.stringify(file));
  const dialog = page.getByRole('dialog', { name: 'The file differs from your answers' });
  await dialog.waitFor();
  const text = await dialog.innerText();
  assert.match(text, /Asks questions in reviews/);
  assert.match(text, /Yours: consistently: “mine”/);
  assert.match(text, /Imported: not yet: “theirs”/);
  // The safe choice has the focus.
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Keep mine');
  await dialog.getByRole('button', { name: 'Keep mine' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.ok(await radio(page, 'influence-junior-asks', 2).isChecked());
  assert.equal(await page.locator('#cb-b-influence-junior-asks textarea').inputValue(), 'mine');
  const s = await stored(page);
  assert.equal(s.answers['influence-junior-asks'].n, 'mine');
  assert.equal(s.answers[other].r, 1, 'answers only in the file are added');

  // Cancel changes nothing; "take imported" takes the file's answer.
  file.answers['influence-junior-asks'] = { r: 1, n: 'theirs again' };
  await importText(page, JSON.stringify(file), 'again.json');
  await dialog.waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal((await stored(page)).answers['influence-junior-asks'].n, 'mine');
  await importText(page, JSON.stringify(file), 'again2.json');
  await dialog.getByRole('button', { name: 'Take imported' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.ok(await radio(page, 'influence-junior-asks', 1).isChecked());
  assert.equal((await stored(page)).answers['influence-junior-asks'].n, 'theirs again');

  // A file of another handbook, or not JSON, is refused.
  await importText(page, JSON.stringify({ ...file, handbook: 'other-book' }), 'other.json');
  await page.waitForFunction(() => /Nothing imported: it is for the handbook “other-book”/.test(document.querySelector('.cb-status').textContent));
  await importText(page, 'not json at all', 'bad.json');
  await page.waitForFunction(() => /Nothing imported/.test(document.querySelector('.cb-status').textContent));
  assert.equal((await stored(page)).answers['influence-junior-asks'].n, 'theirs again');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('the example of docs/assessment-data.md imports as documented', async () => {
  const doc = (await import('node:fs')).readFileSync(join(repo, 'docs/assessment-data.md'), 'utf8');
  const example = doc.match(/```json\n([\s\S]*?)\n```/)[1];
  const ctx = await browser.newContext();
  const page = await open(ctx);
  await importText(page, example, 'example.json');
  await page.waitForFunction(() => /Imported 1 answers\./.test(document.querySelector('.cb-status').textContent));
  assert.ok(await radio(page, 'scope-junior-finishes-tasks', 2).isChecked());
  assert.equal(await page.locator('#cb-b-scope-junior-finishes-tasks textarea').inputValue(), 'Closed 42 tickets, 0 reopened.');
  const s = await stored(page);
  assert.equal(s.target, 'staff');
  assert.equal(s.snapshots[0].id, 's1m2x3y4');
  assert.equal(s.checks['first-90-days']['d90-read-adrs'].at, '2026-01-06T08:00:00.000Z');
  assert.equal(s.exported, undefined, 'the export date is not stored');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('corrupt storage: the page works, warns, offers the raw text, and overwrites only after the reader chooses', async () => {
  const ctx = await browser.newContext();
  const page = await open(ctx);
  await page.evaluate((k) => localStorage.setItem(k, '{not json'), KEY);
  await page.reload();
  await page.waitForSelector('.cb-assessment.cb-ready');
  const alert = page.getByRole('alert');
  assert.match(await alert.innerText(), /could not be read/);
  await rate(page, 'comm-junior-status', 2);
  assert.ok(await radio(page, 'comm-junior-status', 2).isChecked(), 'rating still works');
  assert.match(await page.locator('.cb-sum').innerText(), /Overall/);
  assert.equal(await rawStored(page), '{not json', 'not overwritten');
  const raw = await download(page, () => alert.getByRole('button', { name: 'Download the stored text' }).click());
  assert.equal(raw.text, '{not json');
  // Starting fresh asks first; cancelling keeps the stored text.
  await alert.getByRole('button', { name: 'Start fresh' }).click();
  const dialog = page.getByRole('dialog', { name: 'Start fresh?' });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await rawStored(page), '{not json');
  await alert.getByRole('button', { name: 'Start fresh' }).click();
  await dialog.getByRole('button', { name: 'Start fresh' }).click();
  await alert.waitFor({ state: 'detached' });
  const s = await stored(page);
  assert.equal(s.answers['comm-junior-status'].r, 2);

  // Data of a newer schema is left alone too.
  await page.evaluate((k) => localStorage.setItem(k, JSON.stringify({ schema: 99, handbook: 'staff-engineer-handbook', answers: {} })), KEY);
  await page.reload();
  await page.waitForSelector('.cb-assessment.cb-ready');
  assert.match(await page.getByRole('alert').innerText(), /newer careerbook \(schema 99\)/);
  await rate(page, 'comm-junior-status', 1);
  assert.match(await rawStored(page), /"schema":99/);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('an older stored shape is migrated', async () => {
  const ctx = await browser.newContext();
  const page = await open(ctx);
  const v1 = { schema: 1, handbook: 'staff-engineer-handbook', saved: '2025-05-01T10:00:00.000Z', target: 'staff',
    ratings: { 'quantify-junior-before-after': 'consistently', 'quantify-mid-feature-metric': 'sometimes' },
    notes: { 'quantify-junior-before-after': 'p95 from 900 ms to 300 ms' }, ticks: { 'first-90-days:d90-read-adrs': true } };
  // migrate(from, data) directly: the identity step and the steps from 1.
  const direct = await page.evaluate((o) => {
    const cb = window.careerbook, cur = cb.migrate(1, structuredClone(o));
    return { cur, identity: cb.migrate(3, cur) === cur };
  }, v1);
  assert.equal(direct.identity, true);
  assert.equal(direct.cur.schema, 3);
  assert.deepEqual(direct.cur.answers['quantify-junior-before-after'], { r: 2, n: 'p95 from 900 ms to 300 ms' });
  assert.deepEqual(direct.cur.checks, { 'first-90-days': { 'd90-read-adrs': {} } });
  // Stored by an older version: the page reads it.
  await page.evaluate(([k, o]) => localStorage.setItem(k, JSON.stringify(o)), [KEY, v1]);
  await page.reload();
  await page.waitForSelector('.cb-assessment.cb-ready');
  assert.equal(await page.getByRole('alert').count(), 0);
  assert.ok(await radio(page, 'quantify-junior-before-after', 2).isChecked());
  assert.equal(await page.locator('#cb-b-quantify-junior-before-after textarea').inputValue(), 'p95 from 900 ms to 300 ms');
  assert.equal(await page.getByLabel('Target level').inputValue(), 'staff');
  const out = await exportJson(page);
  assert.equal(out.schema, 3);
  assert.equal(out.created, '2025-05-01T10:00:00.000Z');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('rating with the keyboard only; the chart is reachable', async () => {
  const ctx = await browser.newContext();
  const page = await open(ctx);
  // Start from the competency heading's link, then only keys: past the
  // competency's fold toggle to its first behaviour.
  await page.locator('#cb-c-mentoring-others h2 a').focus();
  await page.keyboard.press('Tab');
  assert.match(await page.evaluate(() => document.activeElement.textContent), /0 of 12 rated · now: below Junior engineer/);
  await page.keyboard.press('Tab');
  const id = 'mentor-junior-onboarding-notes';
  assert.equal(await page.evaluate(() => document.activeElement.name), `cb-r-${id}`);
  await page.keyboard.press('Space');
  assert.ok(await radio(page, id, 0).isChecked());
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.ok(await radio(page, id, 2).isChecked());
  await page.keyboard.press('Tab'); // the Evidence disclosure
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'TEXTAREA');
  await page.keyboard.type('Rewrote onboarding; first PR in 2 days instead of 6.');
  await page.keyboard.press('Tab'); // on to the next behaviour's rating
  assert.equal(await page.evaluate(() => document.activeElement.name), 'cb-r-mentor-mid-onboarding-buddy');
  const s = await stored(page);
  assert.equal(s.answers[id].r, 2);
  assert.equal(s.answers[id].n, 'Rewrote onboarding; first PR in 2 days instead of 6.');
  // The chart takes the focus with Tab and has a text alternative.
  await page.getByLabel('Target level').focus();
  let found = false;
  for (let i = 0; i < 6 && !found; i++) {
    await page.keyboard.press('Tab');
    found = await page.evaluate(() => document.activeElement?.closest?.('.cb-chart') != null);
  }
  assert.ok(found, 'chart reachable with Tab');
  const name = await page.evaluate(() => {
    const svg = document.querySelector('.cb-chart svg');
    return [svg.getAttribute('role'), ...svg.getAttribute('aria-labelledby').split(' ').map((i) => document.getElementById(i).textContent)];
  });
  assert.equal(name[0], 'img');
  assert.match(name[1], /Radar chart/);
  assert.match(name[2], /Mentoring and elevating others: Junior engineer/);
  // The equivalent table.
  assert.match(await page.locator('.cb-table').innerText(), /Mentoring and elevating others\s+1.25\s+1\/12\s+Junior engineer/);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('snapshots: save, change, compare shows both ratings and what differs', async () => {
  const ctx = await browser.newContext();
  const page = await open(ctx);
  await rate(page, 'business-junior-knows-user', 2);
  await page.getByRole('button', { name: 'Save snapshot' }).click();
  assert.equal((await stored(page)).snapshots.length, 1);
  await rate(page, 'business-mid-product-meetings', 2);
  await rate(page, 'business-junior-knows-user', 1);
  await page.getByLabel('Compare with').selectOption({ index: 1 });
  // The competency's level then and now, in the table.
  const row = await page.locator('.cb-table tr[data-cb-competency="business-context"]').innerText();
  assert.match(row, /below Junior engineer\s.*\sJunior engineer \(1\)/);
  assert.match(await page.locator('.cb-table thead').innerText(), /Snapshot \d{4}-\d\d-\d\d \d\d:\d\d/);
  // Under each behaviour, the snapshot's rating; the two that changed are marked.
  assert.match(await page.locator('#cb-b-business-junior-knows-user .cb-theirs').innerText(), /^Snapshot .*: consistently$/);
  assert.match(await page.locator('#cb-b-business-mid-product-meetings .cb-theirs').innerText(), /: not rated$/);
  assert.deepEqual(await page.locator('.cb-unlike').evaluateAll((e) => e.map((x) => x.id)),
    ['cb-b-business-junior-knows-user', 'cb-b-business-mid-product-meetings']);
  assert.equal(await page.locator('.cb-moved').innerText(), '(2)');
  // Only where we differ: the other behaviours are hidden.
  await page.getByLabel('only where we differ').check();
  assert.equal(await page.locator('.cb-assess-behaviour:visible').count(), 2);
  assert.equal(await page.locator('.cb-chart polygon.cb-sn').count(), 1, 'snapshot overlay on the chart');
  await page.getByLabel('Compare with').selectOption('');
  assert.equal(await page.locator('.cb-chart polygon.cb-sn').count(), 0);
  assert.equal(await page.locator('.cb-theirs:visible').count(), 0);
  assert.ok(await page.getByLabel('only where we differ').isDisabled());
  assert.ok((await page.locator('.cb-assess-behaviour:visible').count()) > 100, 'all shown again');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('Markdown export: the template sections, with evidence under its competency; SVG download', async () => {
  const ctx = await browser.newContext();
  const page = await open(ctx);
  await rate(page, 'quantify-junior-before-after', 2);
  await note(page, 'quantify-junior-before-after', 'Cut CI time from 40 to 12 minutes (-70%).');
  await note(page, 'arch-staff-adrs', 'Wrote 4 ADRs; 6 services cite them.');
  const md = await download(page, () => page.getByRole('button', { name: 'Export Markdown (promotion case)' }).click());
  assert.match(md.name, /\.md$/);
  const t = md.text;
  for (const h of ['Scope expansion', 'Quantified impact', 'Leverage multipliers', 'Leadership', 'Continuous learning', 'Still to show (agreed with my manager on <date>)']) {
    assert.ok(t.includes(`\n## ${h}\n`), `section ${h}`);
  }
  // Each note sits under its competency's heading (before the next heading).
  const under = (heading, text) => {
    const i = t.indexOf(heading);
    assert.ok(i >= 0, `heading ${heading}`);
    const next = t.slice(i + heading.length).search(/\n##/);
    assert.ok(t.slice(i, i + heading.length + next).includes(text), `"${text}" under ${heading}`);
  };
  under('### Quantified impact', 'Cut CI time from 40 to 12 minutes (-70%).');
  under('### Architecture and system design', 'Wrote 4 ADRs; 6 services cite them.');
  assert.ok(t.indexOf('### Quantified impact') > t.indexOf('\n## Quantified impact\n'));
  assert.match(t, /## Still to show[^\n]*\n(.|\n)*- Impact zone beyond code: /);

  const svg = await download(page, () => page.getByRole('button', { name: 'Download chart (SVG)' }).click());
  assert.match(svg.name, /\.svg$/);
  assert.match(svg.text, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  const check = await page.evaluate((s) => {
    const doc = new DOMParser().parseFromString(s, 'image/svg+xml');
    return { error: !!doc.querySelector('parsererror'), polygons: doc.querySelectorAll('polygon').length, title: doc.querySelector('title')?.textContent };
  }, svg.text);
  assert.equal(check.error, false);
  assert.ok(check.polygons >= 7);
  assert.match(check.title, /Radar chart/);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('no network request, axe clean in light and navy, print styles, screenshots', async () => {
  for (const theme of ['light', 'navy']) {
    const ctx = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    await ctx.addInitScript((t) => localStorage.setItem('mdbook-theme', t), theme);
    const page = await ctx.newPage();
    const errors = collectErrors(page);
    const log = await watchRequests(page, server.url);
    await page.goto(server.url + PAGE);
    await page.waitForSelector('.cb-assessment.cb-ready');
    // A plausible senior engineer: everything up to senior, some staff.
    const ids = await page.evaluate(() => JSON.parse(document.querySelector('.cb-assessment-data').textContent).competencies
      .flatMap((c, ci) => c.behaviours.map((b) => [b.id, b.level, ci])));
    const value = { junior: 2, mid: 2, senior: 2, staff: 1, principal: 0 };
    const ratings = Object.fromEntries(ids.map(([id, level, ci]) => [id, { r: (ci % 3 === 0 && level === 'staff') ? 2 : value[level], at: '2026-01-01T00:00:00.000Z' }]));
    await page.evaluate(([k, a]) => {
      localStorage.setItem(k, JSON.stringify({ schema: 2, handbook: 'staff-engineer-handbook', created: '2026-01-01T00:00:00.000Z', updated: '2026-01-01T00:00:00.000Z', version: null, target: 'staff', answers: a, checks: {},
        snapshots: [{ id: 's1', at: '2025-10-01T09:00:00.000Z', target: 'staff', answers: Object.fromEntries(Object.entries(a).map(([i, x]) => [i, { r: Math.max(0, x.r - (i.includes('senior') ? 1 : 0)) }])) }] }));
    }, [KEY, ratings]);
    await page.reload();
    await page.waitForSelector('.cb-assessment.cb-ready');
    await note(page, 'scope-staff-owns-domain', 'Owner of the payments platform (4 teams, 11 services) since March.');
    await page.getByLabel('Compare with').selectOption({ index: 1 });
    assert.match(await page.locator('.cb-sum').innerText(), /Overall \(competencies weighted\): Senior engineer/);
    const violations = await axeMain(page);
    assert.deepEqual(violations, [], `axe (${theme})`);
    // Screenshot of the result (the header is made static so it does not cover it).
    await page.addStyleTag({ content: '#mdbook-menu-bar,#menu-bar{position:static!important}' });
    await page.locator('.cb-result').screenshot({ path: join(artifacts, theme === 'light' ? 'assessment-result.png' : 'assessment-result-dark.png') });
    // Print: the result, chart, table and gaps; no controls, no rubric.
    await page.emulateMedia({ media: 'print' });
    assert.ok(await page.locator('.cb-chart svg').isVisible());
    assert.ok(await page.locator('.cb-table').isVisible());
    assert.ok(await page.locator('.cb-gaps').isVisible());
    assert.ok(await page.locator('.cb-panel .cb-tools').first().isHidden());
    assert.ok(await page.locator('#cb-b-scope-staff-owns-domain').isHidden());
    await page.emulateMedia({ media: 'screen' });
    // Use everything once more; no request may leave the site.
    await download(page, () => page.getByRole('button', { name: 'Export JSON' }).click());
    await download(page, () => page.getByRole('button', { name: 'Download chart (SVG)' }).click());
    assert.deepEqual(log.foreign, [], 'requests outside the site');
    assert.ok(log.all.every((u) => u.startsWith(server.url) || u.startsWith('blob:') || u.startsWith('data:')));
    assert.deepEqual(errors, []);
    await ctx.close();
  }
});

test('without JavaScript the whole rubric is shown', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(server.url + PAGE);
  const n = await page.locator('li.cb-assess-behaviour').count();
  assert.ok(n > 100, `${n} behaviours`);
  assert.ok(await page.locator('li.cb-assess-behaviour').first().isVisible());
  // The controls are in the page (so nothing moves when the script starts)
  // but not shown without it.
  assert.equal(await page.locator('.cb-panel').isVisible(), false);
  assert.equal(await page.locator('.cb-choices').first().isVisible(), false);
  assert.equal(await page.locator('.cb-gap-section').isVisible(), false);
  assert.match(await page.locator('.cb-assessment .cb-note').innerText(), /not running JavaScript/);
  await ctx.close();
});

test('over file:// the page says storage may be per file, and still works', async () => {
  const ctx = await browser.newContext();
  const page = await open(ctx, `file://${site}/${PAGE}`);
  const notice = page.locator('.cb-notices .cb-note');
  assert.match(await notice.innerText(), /file:\/\/.*careerbook serve/s);
  await rate(page, 'scope-junior-finishes-tasks', 2);
  await page.reload();
  await page.waitForSelector('.cb-assessment.cb-ready');
  assert.ok(await radio(page, 'scope-junior-finishes-tasks', 2).isChecked());
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
