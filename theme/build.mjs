// Builds careerbook's browser assets: theme/js/main.js and its imports
// bundled by esbuild into one classic script (an IIFE: it runs from file://)
// and minified by terser (whose output gzips about 3 % smaller than
// esbuild's, which matters within the byte budget), and
// theme/css/careerbook.css minified by esbuild, and theme/css/system-fonts.css
// (the rule `careerbook build` puts at the start of the stylesheet in place of
// mdBook's web fonts, its default).
//
//   node build.mjs            writes theme/dist/
//   node build.mjs --check    builds into a temporary folder and fails when
//                             theme/dist/ differs (the committed copy is stale)
//
// Either way it fails when the script and stylesheet together, as a site made
// by `careerbook build` ships them (the stylesheet opening with the system
// fonts' rule), are over the byte budget: 40,000 bytes minified, 14,000
// gzipped (gzip -9).
import * as esbuild from 'esbuild';
import { minify } from 'terser';
import { gzipSync } from 'node:zlib';
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
const FILES = ['careerbook.js', 'careerbook.css', 'system-fonts.css'];
const BUDGET = { minified: 40000, gzip: 14000 };

async function build(out) {
  const common = { bundle: true, minify: true, target, charset: 'ascii', legalComments: 'none', logLevel: 'warning' };
  const bundle = await esbuild.build({ ...common, minify: false, write: false, entryPoints: [join(here, 'js/main.js')], format: 'iife' });
  const script = await minify(bundle.outputFiles[0].text, {
    ecma: 2020,
    // `unsafe` assumes the built-in objects are not replaced (nothing here
    // replaces them); the methods and prototypes options likewise.
    compress: { passes: 2, unsafe: true, unsafe_methods: true, unsafe_proto: true },
    format: { ascii_only: true },
  });
  writeFileSync(join(out, 'careerbook.js'), script.code);
  await esbuild.build({ ...common, entryPoints: [join(here, 'css/careerbook.css')], outfile: join(out, 'careerbook.css') });
  await esbuild.build({
    ...common,
    entryPoints: [join(here, 'css/system-fonts.css')],
    outfile: join(out, 'system-fonts.css'),
  });
}

/** Prints the sizes of the files in `dir`; false when they are over the budget. */
function withinBudget(dir) {
  const total = { minified: 0, gzip: 0 };
  const shipped = {
    'careerbook.js': readFileSync(join(dir, 'careerbook.js')),
    'careerbook.css': readFileSync(join(dir, 'careerbook.css')),
    'system-fonts.css + careerbook.css': Buffer.concat([
      readFileSync(join(dir, 'system-fonts.css')),
      readFileSync(join(dir, 'careerbook.css')),
    ]),
  };
  for (const [name, bytes] of Object.entries(shipped)) {
    const gzip = gzipSync(bytes, { level: 9 }).length;
    console.log(`theme/dist/${name}: ${bytes.length} bytes, ${gzip} gzipped`);
    if (name !== 'careerbook.css') {
      total.minified += bytes.length;
      total.gzip += gzip;
    }
  }
  console.log(`together: ${total.minified} bytes (budget ${BUDGET.minified}), ${total.gzip} gzipped (budget ${BUDGET.gzip})`);
  if (total.minified > BUDGET.minified || total.gzip > BUDGET.gzip) {
    console.error('the browser assets are over the byte budget');
    return false;
  }
  return true;
}

if (check) {
  const out = mkdtempSync(join(tmpdir(), 'careerbook-dist-'));
  try {
    await build(out);
    process.exitCode = withinBudget(out) ? 0 : 1;
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
  process.exitCode = withinBudget(dist) ? 0 : 1;
}
