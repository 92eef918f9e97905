// The same site built by a plain `mdbook build` with the shim: careerbook's
// stylesheet and script are installed in the book (`mdbook-careerbook
// install`) and linked by mdBook, and everything works as with
// `careerbook build`: from http and from file://, with no request elsewhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, delimiter } from 'node:path';
import { launch, copyBook, bin, repo, serveStatic, watchRequests, collectErrors, cleanup } from './lib.mjs';

const shim = join(dirname(bin), 'mdbook-careerbook');

/// The mdbook command the test suite installs (scripts/test.sh).
function mdbook() {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (existsSync(join(dir, 'mdbook'))) return join(dir, 'mdbook');
  }
  return join(homedir(), '.cargo/bin/mdbook');
}

let browser;
let dir;
let site;
let server;

before(async () => {
  dir = copyBook(join(repo, 'book'));
  const toml = join(dir, 'book.toml');
  const text = readFileSync(toml, 'utf8');
  assert.match(text, /\[preprocessor\.careerbook\]/);
  execFileSync(shim, ['install', dir], { stdio: 'pipe' });
  execFileSync(mdbook(), ['build', dir], {
    stdio: 'pipe',
    env: { ...process.env, PATH: `${dirname(shim)}${delimiter}${process.env.PATH}` },
  });
  site = join(dir, 'book');
  server = await serveStatic(site);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  cleanup(dir);
});

for (const how of ['http', 'file']) {
  test(`the assessment works in a site built by mdbook + the shim (${how})`, async () => {
    const base = how === 'http' ? server.url : `file://${site}/`;
    const page = await browser.newPage();
    const errors = collectErrors(page);
    const outside = await watchRequests(page, how === 'http' ? server.url : 'file://');
    await page.goto(base + 'self-assessment.html');
    await page.waitForSelector('.cb-assessment.cb-ready');
    const css = await page.evaluate(() => [...document.querySelectorAll('link[rel=stylesheet]')]
      .filter((l) => /careerbook/.test(l.href)).length);
    assert.equal(css, 1, 'careerbook\'s stylesheet is linked once');
    await page.locator('#cb-b-scope-junior-finishes-tasks input[value="2"]').check();
    await page.reload();
    await page.waitForSelector('.cb-assessment.cb-ready');
    assert.equal(await page.locator('#cb-b-scope-junior-finishes-tasks input[value="2"]').isChecked(), true);
    assert.deepEqual(outside.foreign, [], 'no request leaves the site');
    assert.deepEqual(errors, []);
    await page.close();
  });
}
