// A reader downloads careerbook's stylesheet and script once per site: every
// page links the same content-hashed files, so a second page takes them from
// the browser's cache. Served as GitHub Pages serves (max-age=600).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, extname, normalize } from 'node:path';
import { withSite } from './lib.mjs';

let browser, site;
withSite((env) => ({ browser, site } = env));

/** Requests that reached the server, by path. */
const served = new Map();
let host;

before(async () => {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };
  host = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    served.set(path, (served.get(path) ?? 0) + 1);
    const file = join(site, path);
    if (!existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'max-age=600' });
    res.end(readFileSync(file));
  });
  await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
});

after(() => new Promise((resolve) => host.close(resolve)));

test('careerbook\'s CSS and JS are downloaded once for the whole site, not again on later pages', async () => {
  const url = `http://127.0.0.1:${host.address().port}/`;
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
});
