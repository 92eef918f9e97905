// Benchmarks of careerbook's browser side (figures, not a test):
//  1. the bytes of the shipped assets (theme/dist/), minified and gzipped;
//  2. the main-thread time of careerbook's script while a self-assessment
//     page loads: the script file's evaluation plus every call into it (its
//     start at DOMContentLoaded), taken from a Chromium performance trace;
//     the median of RUNS loads, each in a fresh browser context, with empty
//     storage and again with stored answers (every behaviour rated, a note on
//     every fourth, a snapshot);
//  3. on the generated matrices (gen-handbook.mjs: 60 competencies × 8
//     levels × 3 behaviours with two tracks, and 30 × 5 × 10 = 1,500
//     behaviours) also: rating → next frame (a rating's handler plus the
//     style, layout and paint of the frame it lands in: a radio is clicked at
//     the start of a frame, inside requestAnimationFrame, and the time is
//     taken by a message posted from there, which runs after that frame's
//     rendering), the median of RATINGS ratings spread over the page; and the
//     cumulative layout shift inside <main> of a load with stored answers
//     (web fonts blocked, as in the layout test: mdBook's own fonts move
//     mdBook's text, and its sidebar settles by itself).
//
// Usage (from the repository, after `cargo build --bins`):
//   node tests/browser/bench.mjs [RUNS]        (default 15)
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { copyBook, build, serveStatic, launch, cleanup, repo, storageKey } from './tests/lib.mjs';
import { generateHandbook } from './gen-handbook.mjs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

const RUNS = Number(process.argv[2] ?? 15);
const RATINGS = 60;

// ---- 1. bytes
const dist = join(repo, 'theme/dist');
const rows = ['careerbook.js', 'careerbook.css'].map((name) => {
  const bytes = readFileSync(join(dist, name));
  return { name, minified: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
});
rows.push({ name: 'total', minified: rows[0].minified + rows[1].minified, gzip: rows[0].gzip + rows[1].gzip });
console.log('shipped assets (theme/dist/), bytes:');
for (const r of rows) console.log(`  ${r.name.padEnd(16)} ${String(r.minified).padStart(7)} minified ${String(r.gzip).padStart(7)} gzip -9`);

// ---- 2. and 3.
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const round = (x) => x.toFixed(1);

/** Milliseconds of main-thread time spent in the script at `scriptUrl`, from a trace. */
function scriptTime(trace, scriptUrl) {
  const events = JSON.parse(trace).traceEvents
    .filter((e) => e.ph === 'X' && (e.name === 'EvaluateScript' || e.name === 'FunctionCall'))
    .filter((e) => (e.args?.data?.url ?? e.args?.data?.callFrame?.url) === scriptUrl)
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

/** Stored data rating every behaviour of the page at `url`. */
async function storedAnswers(browser, url, handbook) {
  const probe = await browser.newPage();
  await probe.goto(url);
  const ids = await probe.evaluate(() => JSON.parse(document.querySelector('.cb-assessment-data').textContent).competencies
    .flatMap((c) => c.behaviours.map((b) => b.id)));
  await probe.close();
  const answers = Object.fromEntries(ids.map((id, i) => [id, i % 4 ? { r: i % 3 } : { r: 2, n: `Evidence ${i}` }]));
  return JSON.stringify({ schema: 2, handbook, created: '2026-01-01T00:00:00.000Z',
    updated: '2026-01-01T00:00:00.000Z', version: null, target: null, answers, checks: {},
    snapshots: [{ id: 's1', at: '2025-10-01T09:00:00.000Z', target: null, answers }] });
}

async function newContext(browser, stored, handbook) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await ctx.route(/\.(woff2?|ttf)$/, (route) => route.abort());
  if (stored) await ctx.addInitScript(([k, v]) => { if (!localStorage.getItem(k)) localStorage.setItem(k, v); }, [storageKey(handbook), stored]);
  return ctx;
}

/** A fresh context with the assessment at `url` loaded, ready, and settled for `settleMs`. */
async function openReady(browser, url, stored, handbook, settleMs) {
  const ctx = await newContext(browser, stored, handbook);
  const page = await ctx.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('.cb-assessment.cb-ready');
  await page.waitForTimeout(settleMs);
  return { ctx, page };
}

async function loadTimes(browser, url, scriptUrl, stored, handbook) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const ctx = await newContext(browser, stored, handbook);
    const page = await ctx.newPage();
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector('.cb-assessment.cb-ready');
    await page.waitForTimeout(100);
    const trace = (await browser.stopTracing()).toString();
    times.push(scriptTime(trace, scriptUrl));
    await ctx.close();
  }
  return times;
}

/** Milliseconds from a rating's click to the end of the frame it lands in, for RATINGS behaviours. */
async function ratingFrames(browser, url, stored, handbook) {
  const { ctx, page } = await openReady(browser, url, stored, handbook, 300);
  const times = await page.evaluate(async (count) => {
    const items = [...document.querySelectorAll('.cb-assess-behaviour')];
    const out = [];
    for (let i = 0; i < count; i++) {
      const item = items[Math.floor((i * items.length) / count)];
      item.scrollIntoView({ block: 'center' });
      await new Promise((r) => setTimeout(r, 50));
      const radios = [...item.querySelectorAll('input[type=radio]')];
      const radio = radios[(radios.findIndex((r) => r.checked) + 1 + (i % 2)) % 3];
      out.push(await new Promise((resolve) => requestAnimationFrame(() => {
        const start = performance.now();
        radio.click();
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now() - start);
        channel.port2.postMessage(0);
      })));
    }
    return out;
  }, RATINGS);
  await ctx.close();
  return times;
}

async function layoutShift(browser, url, stored, handbook) {
  const { ctx, page } = await openReady(browser, url, stored, handbook, 500);
  const cls = await page.evaluate(() => new Promise((resolve) => {
    let total = 0;
    // What moves inside <main> (mdBook's sidebar settles by itself on load).
    const inMain = (node) => (node?.nodeType === 1 ? node : node?.parentElement)?.closest('main');
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput && e.sources.some((s) => inMain(s.node))) total += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
    setTimeout(() => resolve(total), 200);
  }));
  await ctx.close();
  return cls;
}

async function measure(browser, label, site, page, handbook, { frames }) {
  const server = await serveStatic(site);
  try {
    const url = server.url + page;
    const html = readFileSync(join(site, page), 'utf8');
    const script = html.match(/<script (?:defer )?src="([^"]*careerbook-[0-9a-f]+\.js)"/)[1];
    const scriptUrl = new URL(script, url).href;
    const stored = await storedAnswers(browser, url, handbook);
    for (const [what, data] of [['empty storage', null], ['every behaviour rated', stored]]) {
      const times = await loadTimes(browser, url, scriptUrl, data, handbook);
      console.log(`${label}, ${what}: script on load median ${round(median(times))} ms `
        + `(min ${round(Math.min(...times))}, max ${round(Math.max(...times))}, ${RUNS} runs)`);
    }
    if (frames) {
      const times = await ratingFrames(browser, url, stored, handbook);
      const sorted = [...times].sort((a, b) => a - b);
      console.log(`${label}: rating → next frame median ${round(median(times))} ms `
        + `(90th percentile ${round(sorted[Math.floor(sorted.length * 0.9)])}, max ${round(sorted.at(-1))}, ${RATINGS} ratings)`);
    }
    console.log(`${label}: layout shift on load with stored answers ${(await layoutShift(browser, url, stored, handbook)).toFixed(4)}`);
  } finally {
    await server.close();
  }
}

const browser = await launch();
const dirs = [];
try {
  const bundled = copyBook(join(repo, 'book'));
  dirs.push(bundled);
  await measure(browser, 'bundled handbook (108 behaviours)', build(bundled), 'self-assessment.html', 'staff-engineer-handbook', { frames: true });
  for (const [c, l, b] of [[60, 8, 3], [30, 5, 10]]) {
    const dir = mkdtempSync(join(tmpdir(), 'cb-bench-'));
    dirs.push(dir);
    const { behaviours, page } = generateHandbook(dir, c, l, b);
    await measure(browser, `generated ${c}×${l}×${b} (${behaviours} behaviours)`, build(dir), page, 'generated-ladder', { frames: true });
  }
} finally {
  await browser.close();
  dirs.forEach(cleanup);
}
