// Benchmarks of careerbook's browser side (figures, not a test):
//  1. the bytes of the shipped assets (theme/dist/), minified and gzipped;
//  2. the main-thread time of careerbook's script while the bundled
//     handbook's self-assessment page loads: the inline script's evaluation
//     plus every call into it (its start at DOMContentLoaded), taken from a
//     Chromium performance trace; the median of RUNS loads, each in a fresh
//     browser context (empty storage) and again with stored answers.
//
// Usage (from the repository, after `cargo build --bins`):
//   node tests/browser/bench.mjs [RUNS]        (default 15)
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { copyBook, build, serveStatic, launch, cleanup, repo, storageKey } from './tests/lib.mjs';

const RUNS = Number(process.argv[2] ?? 15);
const PAGE = 'self-assessment.html';

// ---- 1. bytes
const dist = join(repo, 'theme/dist');
const rows = ['careerbook.js', 'careerbook.css'].map((name) => {
  const bytes = readFileSync(join(dist, name));
  return { name, minified: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
});
rows.push({ name: 'total', minified: rows[0].minified + rows[1].minified, gzip: rows[0].gzip + rows[1].gzip });
console.log('shipped assets (theme/dist/), bytes:');
for (const r of rows) console.log(`  ${r.name.padEnd(16)} ${String(r.minified).padStart(7)} minified ${String(r.gzip).padStart(7)} gzip -9`);

// ---- 2. main-thread time
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

/** Lines of the page's HTML that hold careerbook's script: [first, last] (0-based). */
function scriptLines(html) {
  const js = readFileSync(join(dist, 'careerbook.js'), 'utf8').trimEnd();
  const at = html.indexOf(`<script>\n${js.slice(0, 40)}`);
  if (at < 0) throw new Error('careerbook script not found in the page');
  const first = html.slice(0, at).split('\n').length; // the line after "<script>"
  return [first, first + js.split('\n').length - 1];
}

/** Milliseconds of main-thread time spent in careerbook's script, from a trace. */
function scriptTime(trace, url, [first, last]) {
  const events = JSON.parse(trace).traceEvents
    .filter((e) => e.ph === 'X' && (e.name === 'EvaluateScript' || e.name === 'FunctionCall'))
    .filter((e) => {
      const d = e.args?.data ?? {};
      const line = d.lineNumber ?? d.callFrame?.lineNumber;
      return (d.url ?? d.callFrame?.url) === url && line != null && line >= first && line <= last + 1;
    })
    .sort((a, b) => a.ts - b.ts);
  let total = 0;
  let end = -Infinity;
  for (const e of events) {
    if (e.ts >= end) { // not nested in an event already counted
      total += e.dur;
      end = e.ts + e.dur;
    }
  }
  return total / 1000;
}

const dir = copyBook(join(repo, 'book'));
const site = build(dir);
const server = await serveStatic(site);
const browser = await launch();
const url = server.url + PAGE;
const lines = scriptLines(readFileSync(join(site, PAGE), 'utf8'));
try {
  // Stored answers: every behaviour rated, a note on every fourth, a snapshot.
  const probe = await browser.newPage();
  await probe.goto(url);
  const ids = await probe.evaluate(() => JSON.parse(document.querySelector('.cb-assessment-data').textContent).competencies
    .flatMap((c) => c.behaviours.map((b) => b.id)));
  await probe.close();
  const answers = Object.fromEntries(ids.map((id, i) => [id, i % 4 ? { r: i % 3 } : { r: 2, n: `Evidence ${i}` }]));
  const stored = JSON.stringify({ schema: 2, handbook: 'staff-engineer-handbook', created: '2026-01-01T00:00:00.000Z',
    updated: '2026-01-01T00:00:00.000Z', version: null, target: 'staff', answers, checks: {},
    snapshots: [{ id: 's1', at: '2025-10-01T09:00:00.000Z', target: 'staff', answers }] });

  for (const [label, data] of [['empty storage', null], [`${ids.length} answers stored`, stored]]) {
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      if (data) await ctx.addInitScript(([k, v]) => { if (!localStorage.getItem(k)) localStorage.setItem(k, v); }, [storageKey(), data]);
      const page = await ctx.newPage();
      await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForSelector('.cb-assessment.cb-ready');
      await page.waitForTimeout(100);
      const trace = (await browser.stopTracing()).toString();
      times.push(scriptTime(trace, url, lines));
      await ctx.close();
    }
    const round = (x) => x.toFixed(1);
    console.log(`careerbook script main-thread time on load of ${PAGE} (${label}): median ${round(median(times))} ms `
      + `(min ${round(Math.min(...times))}, max ${round(Math.max(...times))}, ${RUNS} runs)`);
  }
} finally {
  await browser.close();
  await server.close();
  cleanup(dir);
}
