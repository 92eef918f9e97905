// Usage: node shot.mjs URL OUT.png [width] [height] [theme]
import { chromium } from 'playwright-core';
const [url, out, w = '1280', h = '900', theme] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'] });
const page = await browser.newPage({ viewport: { width: +w, height: +h } });
if (theme) await page.addInitScript(t => { localStorage.setItem('mdbook-theme', t); }, theme);
const errors = [];
page.on('pageerror', e => errors.push(String(e)));
page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
await page.goto(url);
await page.waitForTimeout(300);
await page.screenshot({ path: out, fullPage: process.env.FULL === '1' });
if (errors.length) console.log('errors:', errors);
await browser.close();
