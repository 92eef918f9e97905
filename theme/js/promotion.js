// The promotion-case draft in Markdown, organised by the sections of the
// promotion-case template the assessment names. Its fixed parts come with the
// page's data (`draft`, worked out when the site was built, see
// promotion_draft in src/render/pages.rs): the title, the sections' headings
// with the template's prompts, and which section each competency's evidence
// goes under (the one sharing the most words with it) and which section
// lists what is still to show.

import { today } from './dom.js';
import { matrix } from './matrix.js';
import { levelName, levelTitleOf, ratingWord, trackNote } from './labels.js';
import { gapsOf, overallLevel, scoresOf, targetLevel } from './score.js';

export function promotionCase(answers, target) {
  const { data, levels, competencies } = matrix;
  const { draft } = data;
  const scores = scoresOf(answers);
  const targetIndex = targetLevel(target, scores);

  const evidence = (competency, index) => {
    const shown = competency.behaviours.filter(
      (b) => matrix.levelIndex.has(b.level) && (answers[b.id]?.n || answers[b.id]?.r === 2),
    );
    const items = shown.map((behaviour) => {
      const answer = answers[behaviour.id];
      const note = (answer.n || 'Evidence: …').trim().split('\n').map((line) => `  ${line}\n`).join('');
      return `- ${behaviour.text} (${levelTitleOf(behaviour.level)}; ${ratingWord(answer)})\n${note}`;
    });
    return (
      `### ${competency.title} (now ${levelName(scores[index].met)})\n\n` +
      `${items.join('') || '_No evidence noted yet._\n'}\n`
    );
  };
  const gaps =
    competencies
      .map((competency) =>
        gapsOf(competency, answers, targetIndex)
          .map((behaviour) => `- ${competency.title}: ${behaviour.text} — plan: …\n`)
          .join(''),
      )
      .join('') || '- Nothing: every behaviour up to the target is consistent.\n';
  // The evidence of the competencies whose section is `section` (null: none).
  const evidenceIn = (section) =>
    competencies
      .map((competency, index) => ((competency.section ?? null) === section ? evidence(competency, index) : ''))
      .join('');

  let text =
    `${draft.title}\n\n<!-- ${draft.source}, ${today()}. -->\n\n` +
    `Target: **${levels[targetIndex].title}**${trackNote()}. ` +
    `Now (competencies weighted): **${levelName(overallLevel(scores))}**.\n\n`;
  for (const part of draft.parts) {
    text += part.head + (part.gaps ? `${gaps}\n` : evidenceIn(part.section));
  }
  return `${text.trimEnd()}\n`;
}
