// Shared helpers for the browser tests.
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, existsSync, statSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, extname, normalize } from 'node:path';

export const repo = process.env.CAREERBOOK_REPO ?? new URL('../../..', import.meta.url).pathname;
export const bin = process.env.CAREERBOOK_BIN ?? join(repo, 'target/debug/careerbook');
export const artifacts = new URL('../artifacts/', import.meta.url).pathname;

export async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
}

/// Copy a book folder to a temporary place (without a previous build).
export function copyBook(src) {
  const dir = mkdtempSync(join(tmpdir(), 'cb-browser-'));
  cpSync(src, dir, { recursive: true, filter: (p) => !p.startsWith(join(src, 'book') + '/') && p !== join(src, 'book') });
  return dir;
}

/// Build a book with careerbook; returns the site folder.
export function build(dir) {
  execFileSync(bin, ['build', dir], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  return join(dir, 'book');
}

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.png': 'image/png', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf', '.txt': 'text/plain' };

/// A static file server on 127.0.0.1 (no live reload, nothing injected);
/// `headers` are added to every HTML response (e.g. a Content-Security-Policy),
/// `allHeaders` to every response; `seen(path)` is told of each request.
export async function serveStatic(root, headers = {}, { allHeaders = {}, seen = () => {} } = {}) {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    path = normalize(path).replace(/^(\.\.[/\\])+/, '');
    seen(path);
    let file = join(root, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) { res.writeHead(404); res.end('not found'); return; }
    const html = extname(file) === '.html';
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', ...allHeaders, ...(html ? headers : {}) });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) };
}

/// Record every request a page makes; requests leaving `allowedPrefix` are
/// aborted and remembered.
export async function watchRequests(page, allowedPrefix) {
  const all = [];
  const foreign = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    all.push(url);
    if (url.startsWith(allowedPrefix) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  page.on('websocket', (ws) => foreign.push(ws.url()));
  return { all, foreign };
}

export function htmlPages(site) {
  const out = [];
  const walk = (d, rel) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), rel + e.name + '/');
      else if (e.name.endsWith('.html')) out.push(rel + e.name);
    }
  };
  walk(site, '');
  return out.sort();
}

export function cleanup(dir) { rmSync(dir, { recursive: true, force: true }); }

// ---- helpers for the interactive pages (assessment, checklists)
import { writeFileSync } from 'node:fs';

/// The localStorage key careerbook uses for a handbook's answers.
export const storageKey = (handbook = 'staff-engineer-handbook') => `careerbook:${handbook}`;

/// Edit a text file in place: `fn` gets the text and returns the new text.
export function editFile(path, fn) {
  const before = readFileSync(path, 'utf8');
  const after = fn(before);
  if (after === before) throw new Error(`editFile: ${path} unchanged`);
  writeFileSync(path, after);
}

/// Run `action` (which makes the page download a file) and return the
/// downloaded file's name and text.
export async function download(page, action) {
  const [dl] = await Promise.all([page.waitForEvent('download'), action()]);
  const path = await dl.path();
  return { name: dl.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

/// axe-core's violations inside the page's <main>.
/// `exclude`: selectors of parts that are not careerbook's to check.
export async function axeMain(page, exclude = []) {
  await page.addScriptTag({ path: join(new URL('..', import.meta.url).pathname, 'node_modules/axe-core/axe.min.js') });
  return page.evaluate(async (exclude) => (await window.axe.run({ include: [['main']], exclude: exclude.map((e) => [e]) })).violations
    .map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`), exclude);
}

/// Page errors and console errors of a page, collected as they happen.
export function collectErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return errors;
}

/// For a test file: before its tests, build a temporary copy of the book at
/// `src` (default: the bundled handbook), serve it and launch chromium, then
/// hand `{ dir, site, server, browser }` to `ready`; after them, clean up.
export function withSite(ready, src = join(repo, 'book')) {
  const env = {};
  before(async () => {
    env.dir = copyBook(src);
    env.site = build(env.dir);
    env.server = await serveStatic(env.site);
    env.browser = await launch();
    ready(env);
  });
  after(async () => { await env.browser?.close(); await env.server?.close(); if (env.dir) cleanup(env.dir); });
}
