// Hostile YAML content renders inert: nothing executes, nothing is fetched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { withSite, watchRequests, repo } from './lib.mjs';

let browser, site;
withSite((env) => ({ browser, site } = env), join(repo, 'tests/fixtures/hostile'));

test('nothing in hostile content executes', async () => {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.__fired = [];
    for (const name of ['alert', 'confirm', 'prompt']) {
      window[name] = (...a) => { window.__fired.push(`${name}(${a.join(',')})`); };
    }
  });
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  const base = `file://${site}/`;
  const log = await watchRequests(page, base);
  await page.goto(base + 'index.html');
  // Hover, focus and click everything careerbook rendered.
  const targets = page.locator('main .cb-doc *');
  const n = await targets.count();
  for (let i = 0; i < n; i++) {
    const el = targets.nth(i);
    if (!(await el.isVisible())) continue;
    await el.hover({ timeout: 500 }).catch(() => {});
    await el.focus({ timeout: 500 }).catch(() => {});
  }
  for (const a of await page.locator('main .cb-doc a').all()) {
    const href = await a.getAttribute('href');
    assert.ok(!/^\s*(javascript|data|vbscript):/i.test(href ?? ''), `dangerous link ${href}`);
  }
  await page.waitForTimeout(200);
  assert.deepEqual(await page.evaluate(() => window.__fired), []);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(log.foreign, [], 'hostile content made a request');
  // The hostile text is visible as text.
  assert.match(await page.locator('main').innerText(), /<script>alert\('summary'\)<\/script>/);
  await page.close();
});
