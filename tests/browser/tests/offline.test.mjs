// The built site makes no network request of any kind: every page of the
// bundled handbook, opened over file:// and over a local server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withSite, watchRequests, htmlPages, axeMain } from './lib.mjs';

let browser, site, server;
withSite((env) => ({ browser, site, server } = env));

for (const mode of ['file', 'http']) {
  test(`no request leaves the site (${mode})`, async () => {
    // mdBook's 404 page links its assets from the site root (`site-url`): it is
    // meant to be served by a web server, not opened as a file.
    const pages = htmlPages(site).filter((p) => mode === 'http' || p !== '404.html');
    assert.ok(pages.length > 20, `only ${pages.length} pages`);
    const base = mode === 'file' ? `file://${site}/` : server.url;
    const context = await browser.newContext();
    const foreign = [];
    let requests = 0;
    for (const p of pages) {
      const page = await context.newPage();
      const log = await watchRequests(page, base);
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(base + p, { waitUntil: 'load' });
      // Interact a little: open the search, switch theme; both must stay local.
      if (p === 'index.html') {
        await page.keyboard.press('s');
        await page.keyboard.type('leverage');
        await page.waitForTimeout(300);
      }
      await page.waitForTimeout(50);
      requests += log.all.length;
      foreign.push(...log.foreign.map((u) => `${p}: ${u}`));
      assert.deepEqual(errors, [], `${p}: script errors`);
      await page.close();
    }
    await context.close();
    assert.ok(requests > pages.length, 'requests were recorded');
    assert.deepEqual(foreign, [], 'requests outside the site');
  });
}

test('search finds rendered content', async () => {
  const page = await browser.newPage();
  await page.goto(server.url + 'index.html');
  await page.keyboard.press('s');
  await page.keyboard.type('idempotent');
  await page.waitForSelector('#mdbook-searchresults li, #searchresults li', { timeout: 5000 });
  const text = await page.locator('#mdbook-searchresults, #searchresults').first().innerText();
  assert.match(text.toLowerCase(), /idempotent/);
  await page.close();
});

test('every page of the bundled handbook is axe clean inside <main>, light and navy', async () => {
  const pages = htmlPages(site).filter((p) => !['404.html', 'print.html', 'toc.html'].includes(p));
  const found = [];
  for (const theme of ['light', 'navy']) {
    const ctx = await browser.newContext();
    await ctx.addInitScript((t) => localStorage.setItem('mdbook-theme', t), theme);
    const page = await ctx.newPage();
    for (const p of pages) {
      await page.goto(server.url + p);
      if (!(await page.$('main'))) continue;
      // Code blocks are coloured by mdBook's highlight.js theme, not by us.
      found.push(...(await axeMain(page, ['pre > code.hljs'])).map((v) => `${theme} ${p}: ${v}`));
    }
    await ctx.close();
  }
  assert.deepEqual(found, []);
});
