// `careerbook serve` in a browser: the open page reloads after a rebuild,
// shows a failed build's diagnostics over the last good site (as text, never
// as markup), and loses them once the content is fixed. The only connection
// besides the site's own files is the reload websocket to the same origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { bin, repo, artifacts, copyBook, launch, cleanup, editFile, collectErrors } from './lib.mjs';

let dir, server, browser, url;

before(async () => {
  dir = copyBook(join(repo, 'tests/fixtures/minimal'));
  server = spawn(bin, ['serve', '--port', '0', dir], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
  url = await new Promise((resolve, reject) => {
    let seen = '';
    server.stderr.on('data', (d) => {
      seen += d;
      const m = seen.match(/http:\/\/[0-9.]+:[0-9]+\//);
      if (m) resolve(m[0]);
    });
    server.on('exit', (code) => reject(new Error(`serve exited (${code}): ${seen}`)));
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (dir) cleanup(dir);
});

test('a broken content file shows its diagnostics over the page until fixed', async () => {
  const page = await browser.newPage();
  const errors = collectErrors(page);
  const foreign = [];
  const sockets = [];
  page.on('request', (r) => { if (!r.url().startsWith(url)) foreign.push(r.url()); });
  page.on('websocket', (ws) => sockets.push(ws.url()));
  const firstStatus = page.waitForEvent('websocket').then((ws) => ws.waitForEvent('framereceived'));
  await page.goto(url + 'rest.html');
  await firstStatus;
  assert.equal(await page.locator('#careerbook-overlay').count(), 0, 'an overlay on a good build');

  // An unknown id, with markup in the line the diagnostic quotes.
  const faq = join(dir, 'content/faq.yaml');
  editFile(faq, (t) => t.replace('related: [portfolio]', 'related: [portfolioo] # <img src=x onerror="window.pwned=1">'));
  const pre = page.locator('#careerbook-overlay pre');
  await pre.waitFor({ timeout: 30000 });
  const shown = await pre.innerText();
  assert.match(shown, /content\/faq\.yaml:9:\d+/);
  assert.match(shown, /portfolioo/);
  assert.match(shown, /<img src=x onerror="window\.pwned=1">/, 'the quoted line is shown as text');
  assert.equal(await page.evaluate(() => window.pwned), undefined, 'markup in the diagnostics ran');
  assert.equal(await page.locator('#careerbook-overlay img').count(), 0);
  // Over the last good site.
  assert.match(await page.locator('main').innerText(), /How do I prove I am ready\?/);
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, 'serve-overlay.png') });

  // Fixed (and changed): the page reloads with the new text, without overlay.
  const reloaded = page.waitForEvent('load', { timeout: 30000 });
  editFile(faq, (t) => t
    .replace('related: [portfolioo] # <img src=x onerror="window.pwned=1">', 'related: [portfolio]')
    .replace('How do I prove I am ready?', 'How do I show I am ready?'));
  await reloaded;
  await page.locator('main').getByText('How do I show I am ready?').first().waitFor({ timeout: 10000 });
  assert.equal(await page.locator('#careerbook-overlay').count(), 0, 'the overlay stayed');

  assert.deepEqual(foreign, [], 'requests outside the site');
  const origin = url.replace(/^http/, 'ws').replace(/\/$/, '');
  assert.ok(sockets.length >= 1 && sockets.every((s) => s === origin + '/__careerbook/reload'), sockets.join(', '));
  assert.deepEqual(errors, [], 'script errors');
  await page.close();
});
