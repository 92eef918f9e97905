// A reader downloads careerbook's stylesheet and script once per site: every
// page links the same content-hashed files, so a second page takes them from
// the browser's cache. Served as GitHub Pages serves (max-age=600).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extname } from 'node:path';
import { withSite, serveStatic } from './lib.mjs';

let browser, site;
withSite((env) => ({ browser, site } = env));

test('careerbook\'s CSS and JS are downloaded once for the whole site, not again on later pages', async () => {
  // Requests that reached the server, by path.
  const served = new Map();
  const host = await serveStatic(site, {}, {
    allHeaders: { 'cache-control': 'max-age=600' },
    seen: (path) => served.set(path, (served.get(path) ?? 0) + 1),
  });
  const url = host.url;
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const pages = ['introduction.html', 'self-assessment.html', 'engineering-ladder/levels/staff.html', 'checklists.html', 'glossary.html'];
  for (const p of pages) {
    await page.goto(url + p);
    await page.waitForLoadState('load');
  }
  const ours = [...served].filter(([path]) => path.startsWith('/careerbook/'));
  assert.deepEqual(ours.map(([path]) => extname(path)).sort(), ['.css', '.js'], JSON.stringify(ours));
  for (const [path, count] of ours) assert.equal(count, 1, `${path} was downloaded ${count} times over ${pages.length} pages`);
  // Every page was really fetched (the HTML is not what is cached here).
  for (const p of pages) assert.equal(served.get('/' + p), 1, p);
  await ctx.close();
  await host.close();
});
