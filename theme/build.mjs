// Builds careerbook's browser assets: theme/js/main.js and its imports
// bundled by esbuild into one classic script (an IIFE: it runs from file://)
// and minified by terser (whose output gzips about 3 % smaller than
// esbuild's, which matters within the byte budget), and
// theme/css/careerbook.css minified by esbuild.
//
//   node build.mjs            writes theme/dist/
//   node build.mjs --check    builds into a temporary folder and fails when
//                             theme/dist/ differs (the committed copy is stale)
import * as esbuild from 'esbuild';
import { minify } from 'terser';
import { mkdtempSync, readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const dist = join(here, 'dist');
const check = process.argv.includes('--check');
// Browsers with <dialog>, ?? and ?., CompressionStream (for share links:
// Chrome 103, Firefox 113, Safari 16.4; where it is missing only making and
// opening share links fails, with a message).
const target = ['chrome105', 'firefox110', 'safari15.4', 'edge105'];
const FILES = ['careerbook.js', 'careerbook.css'];

async function build(out) {
  const common = { bundle: true, minify: true, target, charset: 'ascii', legalComments: 'none', logLevel: 'warning' };
  const bundle = await esbuild.build({ ...common, minify: false, write: false, entryPoints: [join(here, 'js/main.js')], format: 'iife' });
  const script = await minify(bundle.outputFiles[0].text, {
    ecma: 2020,
    compress: { passes: 2 },
    format: { ascii_only: true },
  });
  writeFileSync(join(out, 'careerbook.js'), script.code);
  await esbuild.build({ ...common, entryPoints: [join(here, 'css/careerbook.css')], outfile: join(out, 'careerbook.css') });
  for (const name of FILES) {
    const text = readFileSync(join(out, name), 'utf8');
    // The assets are inlined into Markdown chapters before mdBook's `links`
    // preprocessor, inside <script>/<style> elements (where "<!--" followed
    // by "<script" would change where the element ends).
    for (const bad of ['{{#', '<script', '</script', '</style']) {
      if (text.toLowerCase().includes(bad)) {
        throw new Error(`${name} contains ${bad}, which breaks inlining into a page`);
      }
    }
  }
}

if (check) {
  const out = mkdtempSync(join(tmpdir(), 'careerbook-dist-'));
  try {
    await build(out);
    const stale = FILES.filter((name) => !readFileSync(join(out, name)).equals(readFileSync(join(dist, name))));
    if (stale.length) {
      console.error(`theme/dist/ is stale (${stale.join(', ')}): run scripts/build-assets.sh and commit theme/dist/`);
      process.exit(1);
    }
    console.log('theme/dist/ is up to date');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
} else {
  mkdirSync(dist, { recursive: true });
  await build(dist);
  for (const name of FILES) {
    console.log(`theme/dist/${name}: ${readFileSync(join(dist, name)).length} bytes`);
  }
}
