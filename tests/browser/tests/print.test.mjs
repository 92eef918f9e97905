// Paper, as headless Chromium prints it (A4): each level page of the bundled
// handbook is a checklist of that level's behaviours on at most 3 pages, and
// the self-assessment's result (a plausible senior engineer aiming for staff)
// prints as one page: result, chart, table and gaps. The PDFs are kept in
// tests/browser/artifacts/ to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withSite, htmlPages, storageKey, artifacts } from './lib.mjs';

let browser, server, site;
withSite((env) => ({ browser, server, site } = env));

/** The number of pages of a PDF (its page objects). */
const pageCount = (pdf) => pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g).length;

test('level pages print as checklists on at most 3 A4 pages', async () => {
  const levels = htmlPages(site).filter((p) => /^engineering-ladder\/levels\/[a-z-]+\.html$/.test(p));
  assert.equal(levels.length, 5);
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const counts = {};
  for (const p of levels) {
    await page.goto(server.url + p);
    const pdf = await page.pdf({ format: 'A4' });
    counts[p] = pageCount(pdf);
    if (p.endsWith('staff.html')) writeFileSync(join(artifacts, 'print-level-staff.pdf'), pdf);
    await page.emulateMedia({ media: 'print' });
    // A checklist: a box before each behaviour, no "grows out of" or earlier levels.
    const box = await page.locator('.cb-expected > li').first().evaluate((li) => getComputedStyle(li, '::before').content);
    assert.equal(box, '"☐"', p);
    assert.equal(await page.locator('.cb-earlier:visible, .cb-builds-on:visible, .cb-level-nav:visible').count(), 0, p);
    // (Back to no emulation: page.pdf() prints with the emulated media.)
    await page.emulateMedia({ media: null });
  }
  for (const [p, n] of Object.entries(counts)) assert.ok(n <= 3, `${p}: ${n} pages`);
  await ctx.close();
});

test('the assessment result prints on one page', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(server.url + 'self-assessment.html');
  await page.waitForSelector('.cb-assessment.cb-ready');
  const ids = await page.evaluate(() => JSON.parse(document.querySelector('.cb-assessment-data').textContent).competencies
    .flatMap((c, ci) => c.behaviours.map((b) => [b.id, b.level, ci])));
  const value = { junior: 2, mid: 2, senior: 2, staff: 1, principal: 0 };
  const answers = Object.fromEntries(ids.map(([id, level, ci]) => [id,
    { r: ci % 3 === 0 && level === 'staff' ? 2 : value[level], n: 'Evidence with numbers: 30% faster.' }]));
  await page.evaluate(([k, a]) => localStorage.setItem(k, JSON.stringify({ schema: 3, handbook: 'staff-engineer-handbook',
    created: '2026-01-01T00:00:00.000Z', updated: '2026-01-01T00:00:00.000Z', target: 'staff', answers: a, checks: {}, snapshots: [] })),
  [storageKey(), answers]);
  await page.reload();
  await page.waitForSelector('.cb-assessment.cb-ready');
  const pdf = await page.pdf({ format: 'A4' });
  writeFileSync(join(artifacts, 'print-assessment.pdf'), pdf);
  assert.equal(pageCount(pdf), 1);
  await page.emulateMedia({ media: 'print' });
  for (const part of ['.cb-sum', '.cb-chart svg', '.cb-table', '.cb-gaps']) assert.ok(await page.locator(part).isVisible(), part);
  assert.match(await page.locator('.cb-gaps').innerText(), /Behaviours up to Staff engineer not yet shown consistently/);
  assert.equal(await page.locator('.cb-assess-behaviour:visible, .cb-panel .cb-tools:visible').count(), 0);
  // The whole book's print page still prints every chapter's prose.
  await page.goto(server.url + 'print.html');
  assert.ok(await page.locator('p', { hasText: 'How the result is worked out' }).isVisible());
  await ctx.close();
});
