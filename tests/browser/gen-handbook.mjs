// Writes a handbook with one generated competency matrix, for the browser
// benchmark (bench.mjs) and the long-session tests: COMPETENCIES ×
// LEVELS × BEHAVIOURS per level, each behaviour a sentence or two. With 8
// levels the ladder forks after the third level into an IC track (5 levels)
// and a manager track (6 levels), as many real ladders do.
//
// Usage: node tests/browser/gen-handbook.mjs OUT_DIR COMPETENCIES LEVELS BEHAVIOURS
//   e.g. 60 8 3 (1,440 behaviours, two tracks) or 30 5 10 (1,500 behaviours)
// The self-assessment is at OUT_DIR/book/generated/self-assessment.html
// after `careerbook build OUT_DIR`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function generateHandbook(out, competencies, levelCount, perLevel) {
  mkdirSync(join(out, 'content'), { recursive: true });
  mkdirSync(join(out, 'src'), { recursive: true });
  writeFileSync(join(out, 'book.toml'), '[book]\ntitle = "Generated ladder"\n\n[preprocessor.careerbook]\n');
  writeFileSync(join(out, 'src/SUMMARY.md'), '# Summary\n\n- [Generated ladder](generated.md)\n');
  writeFileSync(join(out, 'src/generated.md'), '# Generated ladder\n\n{{#careerbook generated}}\n');
  const levels = Array.from({ length: levelCount }, (_, i) => `level-${i + 1}`);
  let y = 'kind: matrix\nid: generated\ntitle: Generated ladder\nlevels:\n';
  for (const [i, id] of levels.entries()) {
    y += `  - id: ${id}\n    title: Level ${i + 1}\n`;
  }
  if (levelCount === 8) {
    y += 'tracks:\n';
    y += `  - id: ic\n    title: Individual contributor\n    levels: [${levels.slice(0, 5).join(', ')}]\n`;
    y += `  - id: manager\n    title: People manager\n    levels: [${[...levels.slice(0, 3), ...levels.slice(5)].join(', ')}]\n`;
  }
  y += 'competencies:\n';
  for (let c = 1; c <= competencies; c++) {
    y += `  - id: comp-${c}\n    title: Competency number ${c}\n    weight: ${1 + (c % 3) / 2}\n    behaviours:\n`;
    for (const [l, level] of levels.entries()) {
      y += `      ${level}:\n`;
      for (let b = 1; b <= perLevel; b++) {
        y +=
          `        - id: c${c}-l${l + 1}-b${b}\n          text: >-\n` +
          `            Behaviour ${b} of competency ${c} at level ${l + 1}: does something visible that a manager` +
          ` could check, with numbers, and writes down what changed and why it mattered.\n`;
      }
    }
  }
  writeFileSync(join(out, 'content/generated.yaml'), y);
  return { behaviours: competencies * levelCount * perLevel, page: 'generated/self-assessment.html' };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [out, c, l, b] = process.argv.slice(2);
  if (!out || !(Number(c) > 0 && Number(l) > 0 && Number(b) > 0)) {
    console.error('usage: node gen-handbook.mjs OUT_DIR COMPETENCIES LEVELS BEHAVIOURS');
    process.exit(2);
  }
  const { behaviours } = generateHandbook(out, Number(c), Number(l), Number(b));
  console.log(`${out}: ${behaviours} behaviours`);
}
