// Layout: nothing moves when careerbook's script starts (the pages reserve the
// room for what it fills in), phones (375 px) never scroll sideways and get
// large tap targets, in light and dark themes, and the pages work under a
// Content-Security-Policy that forbids style attributes and inline handlers.
// Screenshots go to tests/browser/artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import {
  withSite, serveStatic, htmlPages, artifacts, storageKey, collectErrors, copyBook, build, editFile, cleanup, repo,
} from './lib.mjs';

let browser, site, server;
withSite((env) => ({ browser, site, server } = env));

const INTERACTIVE = ['self-assessment.html', 'first-90-days.html', 'checklists.html', 'templates.html'];

/** A reader who has used the assessment: answers, notes, a target, a snapshot, ticks. */
async function withStoredAnswers(ctx) {
  const page = await ctx.newPage();
  await page.goto(server.url + 'self-assessment.html');
  const ids = await page.evaluate(() => JSON.parse(document.querySelector('.cb-assessment-data').textContent).competencies
    .flatMap((c) => c.behaviours.map((b) => [b.id, b.level])));
  const value = { junior: 2, mid: 2, senior: 1, staff: 0 };
  const answers = Object.fromEntries(ids.filter(([, level]) => level in value)
    .map(([id, level], i) => [id, i % 4 ? { r: value[level] } : { r: value[level], n: `Evidence ${i}: shipped it, 30% faster.` }]));
  await page.evaluate(([k, a]) => localStorage.setItem(k, JSON.stringify({ schema: 2, handbook: 'staff-engineer-handbook',
    created: '2026-01-01T00:00:00.000Z', updated: '2026-01-01T00:00:00.000Z', version: null, target: 'staff', answers: a,
    checks: { 'first-90-days': { 'd90-read-adrs': { at: '2026-01-02T00:00:00.000Z' } } },
    snapshots: [{ id: 's1', at: '2025-10-01T09:00:00.000Z', target: 'staff', answers: {} }] })), [storageKey(), answers]);
  await page.close();
}

/**
 * The sum of layout shifts so far (without recent input) that move anything
 * in <main>, with what moved. mdBook's sidebar settles by itself on load; it
 * is not careerbook's.
 */
const layoutShift = (page) => page.evaluate(() => new Promise((resolve) => {
  let total = 0;
  const moved = [];
  const inMain = (node) => (node?.nodeType === 1 ? node : node?.parentElement)?.closest('main');
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const sources = entry.sources ?? [];
      if (entry.hadRecentInput || !sources.some((s) => inMain(s.node))) continue;
      total += entry.value;
      for (const s of sources) moved.push(s.node?.className || s.node?.nodeName || '?');
    }
  }).observe({ type: 'layout-shift', buffered: true });
  setTimeout(() => resolve({ total, moved }), 200);
}));

test('no layout shift when the script starts: assessment, checklists, templates; 1280 and 375 px', async () => {
  for (const width of [1280, 375]) {
    for (const stored of [false, true]) {
      const ctx = await browser.newContext({ viewport: { width, height: 800 } });
      // mdBook's web fonts arrive after the first paint and move its text (and
      // its sidebar) by a pixel or two; without them, what moves is ours.
      await ctx.route(/\.(woff2?|ttf)$/, (route) => route.abort());
      if (stored) await withStoredAnswers(ctx);
      for (const p of INTERACTIVE) {
        const page = await ctx.newPage();
        const errors = collectErrors(page);
        await page.goto(server.url + p);
        await page.waitForTimeout(300);
        const shift = await layoutShift(page);
        assert.equal(shift.total, 0, `${p} at ${width} px${stored ? ' with stored answers' : ''}: CLS ${shift.total} (${shift.moved.join(', ')})`);
        assert.deepEqual(errors.filter((e) => !/Failed to load resource/.test(e)), []);
        await page.close();
      }
      await ctx.close();
    }
  }
});

test('by default a page downloads no font and is set in the system font', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  for (const p of ['introduction.html', 'self-assessment.html', 'engineering-ladder/levels/senior.html']) {
    const page = await ctx.newPage();
    const fonts = [];
    const failed = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'font') fonts.push(request.url());
    });
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(server.url + p);
    await page.waitForLoadState('load');
    assert.deepEqual(fonts, [], `${p} downloads fonts`);
    assert.deepEqual(failed, [], `${p}: requests that failed`);
    const family = await page.evaluate(() => getComputedStyle(document.querySelector('main p')).fontFamily);
    assert.match(family, /^system-ui\b/, `${p}: font-family ${family}`);
    await page.close();
  }
  await ctx.close();
});

test('with fonts = "mdbook", web fonts that arrive late move nothing (careerbook build gives them font-display: optional)', async () => {
  const dir = copyBook(join(repo, 'book'));
  try {
    editFile(join(dir, 'book.toml'), (toml) => toml.replace('[preprocessor.careerbook]\n', '[preprocessor.careerbook]\nfonts = "mdbook"\n'));
    const fontsServer = await serveStatic(build(dir));
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // Fonts that take 400 ms, as over a network on a first visit.
    const fonts = [];
    await ctx.route(/\.(woff2?|ttf)$/, async (route) => {
      fonts.push(route.request().url());
      await new Promise((resolve) => setTimeout(resolve, 400));
      await route.continue();
    });
    for (const p of ['introduction.html', 'self-assessment.html']) {
      const page = await ctx.newPage();
      await page.goto(fontsServer.url + p);
      await page.waitForTimeout(800);
      const shift = await layoutShift(page);
      assert.equal(shift.total, 0, `${p}: CLS ${shift.total} (${shift.moved.join(', ')})`);
      await page.close();
    }
    assert.ok(fonts.some((url) => /open-sans/.test(url)), `mdBook's fonts were not requested: ${fonts}`);
    await ctx.close();
    await fontsServer.close();
  } finally {
    cleanup(dir);
  }
});

test('at 375 px no page scrolls sideways and rating controls are at least 44 px, light and dark themes; screenshots', async () => {
  const pages = htmlPages(site).filter((p) => !['404.html', 'print.html', 'toc.html'].includes(p));
  const wide = [];
  for (const theme of ['light', 'navy', 'coal', 'ayu']) {
    const ctx = await browser.newContext({ viewport: { width: 375, height: 800 } });
    await ctx.addInitScript((t) => localStorage.setItem('mdbook-theme', t), theme);
    await withStoredAnswers(ctx);
    const page = await ctx.newPage();
    for (const p of theme === 'light' || theme === 'navy' ? pages : INTERACTIVE) {
      await page.goto(server.url + p);
      const overflow = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth <= width) return null;
        // The widest element that is not inside its own scrolling box.
        const culprits = [...document.querySelectorAll('main *')].filter((e) => {
          if (e.getBoundingClientRect().right <= width + 0.5) return false;
          for (let a = e.parentElement; a; a = a.parentElement) {
            if (/(auto|scroll|hidden)/.test(getComputedStyle(a).overflowX)) return false;
          }
          return true;
        });
        return `${document.documentElement.scrollWidth} > ${width}: ${culprits.slice(0, 3).map((e) => e.tagName + '.' + e.className).join(', ')}`;
      });
      if (overflow) wide.push(`${theme} ${p}: ${overflow}`);
    }
    // Tap targets on the assessment and a checklist.
    await page.goto(server.url + 'self-assessment.html');
    await page.waitForSelector('.cb-assessment.cb-ready');
    const small = await page.evaluate(() => [...document.querySelectorAll('.cb-choices label, .cb-ev summary, .cb-panel .cb-button, .cb-panel select')]
      .map((e) => [e.textContent.trim().slice(0, 20), e.getBoundingClientRect()])
      .filter(([, r]) => r.height < 44 || r.width < 44).map(([t, r]) => `${t} ${Math.round(r.width)}×${Math.round(r.height)}`));
    assert.deepEqual(small, [], `${theme}: targets under 44 px`);
    if (theme === 'light' || theme === 'navy') {
      await page.addStyleTag({ content: '#mdbook-menu-bar,#menu-bar{position:static!important}' });
      await page.locator('.cb-panel').screenshot({ path: join(artifacts, `phone-${theme}-assessment-panel.png`) });
      await page.locator('#cb-c-scope-beyond-code').screenshot({ path: join(artifacts, `phone-${theme}-assessment-ratings.png`) });
      await page.goto(server.url + 'first-90-days.html');
      await page.screenshot({ path: join(artifacts, `phone-${theme}-checklist.png`) });
    }
    await page.goto(server.url + 'first-90-days.html');
    const boxes = await page.evaluate(() => [...document.querySelectorAll('.cb-check > label')]
      .filter((e) => e.getBoundingClientRect().height < 44).length);
    assert.equal(boxes, 0, `${theme}: checklist items under 44 px`);
    // The glossary's letter index: close together, so each at least 24 × 24 px (WCAG 2.5.8).
    await page.goto(server.url + 'glossary.html');
    const letters = await page.evaluate(() => [...document.querySelectorAll('.cb-letters a')]
      .map((e) => [e.textContent, e.getBoundingClientRect()])
      .map(([t, r]) => [t, r.width >= 24 && r.height >= 24, `${t} ${Math.round(r.width)}×${Math.round(r.height)}`]));
    assert.ok(letters.length > 5, `${letters.length} letters`);
    assert.deepEqual(letters.filter(([, big]) => !big).map(([, , size]) => size), [], `${theme}: glossary letters under 24 px`);
    await ctx.close();
  }
  assert.deepEqual(wide, [], 'pages wider than the phone');
});

test('1280 px screenshots of the assessment and a checklist, light and navy', async () => {
  for (const theme of ['light', 'navy']) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await ctx.addInitScript((t) => localStorage.setItem('mdbook-theme', t), theme);
    await withStoredAnswers(ctx);
    const page = await ctx.newPage();
    await page.goto(server.url + 'self-assessment.html');
    await page.waitForSelector('.cb-assessment.cb-ready');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), true);
    await page.addStyleTag({ content: '#mdbook-menu-bar,#menu-bar{position:static!important}' });
    await page.locator('.cb-panel').screenshot({ path: join(artifacts, `desktop-${theme}-assessment-panel.png`) });
    await page.locator('#cb-c-scope-beyond-code').screenshot({ path: join(artifacts, `desktop-${theme}-assessment-ratings.png`) });
    await page.goto(server.url + 'first-90-days.html');
    await page.screenshot({ path: join(artifacts, `desktop-${theme}-checklist.png`) });
    await ctx.close();
  }
});

/// The hashes of mdBook's inline scripts (careerbook adds none but its JSON
/// data blocks, which are not run; an inline script of careerbook's would
/// not be allowed, and the assessment would not start).
function inlineScriptHashes(root) {
  const hashes = new Set();
  for (const p of htmlPages(root)) {
    const html = readFileSync(join(root, p), 'utf8');
    for (const m of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/g)) {
      const attrs = m[1] ?? '';
      if (/\bsrc=/.test(attrs) || /application\/json/.test(attrs) || /careerbook|cb-/.test(m[2])) continue;
      hashes.add(`'sha256-${createHash('sha256').update(m[2]).digest('base64')}'`);
    }
  }
  return [...hashes].join(' ');
}

test('under a strict CSP (no inline script but mdBook\'s by hash, no inline style), nothing of careerbook is blocked', async () => {
  const csp = `default-src 'self'; script-src 'self' ${inlineScriptHashes(site)}; style-src 'self'; `
    + "style-src-attr 'none'; script-src-attr 'none'; img-src 'self' data:; font-src 'self' data:";
  const strict = await serveStatic(site, { 'content-security-policy': csp });
  try {
    const ctx = await browser.newContext();
    await ctx.addInitScript(() => {
      window.__blocked = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        const node = e.target instanceof Node ? e.target : null;
        // mdBook's own markup (its navigation, print page breaks) is not ours.
        const ours = node?.closest?.('[class*="cb-"], svg') || (node?.className ?? '').toString().includes('cb-');
        window.__blocked.push(`${e.violatedDirective}: ${ours ? 'careerbook ' : ''}${node?.nodeName ?? ''}.${node?.className?.baseVal ?? node?.className ?? ''} ${e.sample}`);
      });
    });
    for (const p of ['self-assessment.html', 'first-90-days.html', 'templates.html', 'ladder.html', 'framework.html', 'case-studies.html']) {
      const page = await ctx.newPage();
      const errors = collectErrors(page);
      await page.goto(strict.url + p);
      await page.waitForTimeout(100);
      if (p === 'self-assessment.html') {
        await page.waitForSelector('.cb-assessment.cb-ready');
        await page.locator('#cb-b-scope-junior-finishes-tasks input[value="2"]').check();
        await page.locator('#cb-b-scope-junior-finishes-tasks summary').click();
        await page.getByRole('button', { name: 'Save snapshot' }).click();
        await page.getByLabel('Compare with').selectOption({ index: 1 });
        assert.match(await page.locator('.cb-sum').innerText(), /Overall/);
        assert.equal(await page.locator('.cb-chart svg polygon').count() > 5, true, 'the chart is drawn');
      }
      const blocked = await page.evaluate(() => window.__blocked);
      assert.deepEqual(blocked.filter((b) => b.includes('careerbook')), [], `${p}: blocked by the CSP`);
      assert.deepEqual(errors.filter((e) => !/Content Security Policy/.test(e)), []);
      await page.close();
    }
    await ctx.close();
  } finally {
    await strict.close();
  }
});
