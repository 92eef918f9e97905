// The promotion-case draft in Markdown, organised by the sections of the
// promotion-case template the assessment names: the page's data says which
// section each competency's evidence goes under (the one sharing the most
// words with it, worked out when the site was built) and which section lists
// what is still to show.

import { today } from './dom.js';
import { matrix } from './matrix.js';
import { levelName, levelTitleOf, ratingWord, trackNote } from './labels.js';
import { gapsOf, overallLevel, scoresOf, targetLevel } from './score.js';

export function promotionCase(answers, target) {
  const { data, levels, competencies } = matrix;
  const template = data.template;
  const scores = scoresOf(answers);
  const targetIndex = targetLevel(target, scores);
  const sections = template?.sections ?? [];

  const evidence = (competency, index) => {
    const shown = competency.behaviours.filter(
      (b) => matrix.levelIndex.has(b.level) && (answers[b.id]?.n || answers[b.id]?.r === 2),
    );
    const items = shown.map((behaviour) => {
      const answer = answers[behaviour.id];
      const note = (answer.n || 'Evidence: …').trim().split('\n').map((line) => `  ${line}\n`).join('');
      return `- ${behaviour.text} (${levelTitleOf(behaviour.level)}; ${ratingWord(answer)})\n${note}`;
    });
    return `### ${competency.title} (now ${levelName(scores[index].met)})\n\n${items.join('') || '_No evidence noted yet._\n'}\n`;
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
    competencies.map((competency, index) => ((competency.section ?? null) === section ? evidence(competency, index) : '')).join('');
  const homeless = evidenceIn(null);

  let text =
    `# ${template ? template.title : data.matrix_title} — draft\n\n` +
    `<!-- From the self-assessment in “${data.title}” (${data.matrix} ${data.version}), ${today()}. -->\n\n` +
    `Target: **${levels[targetIndex].title}**${trackNote()}. Now (competencies weighted): **${levelName(overallLevel(scores))}**.\n\n`;
  sections.forEach((section, index) => {
    text += `## ${section.heading}\n\n${section.prompts ? `<!-- Template prompts:\n${section.prompts}\n-->\n\n` : ''}`;
    text += section.gaps ? `${gaps}\n` : evidenceIn(index);
  });
  if (homeless) {
    text += `## ${sections.length ? 'Other evidence' : 'Evidence'}\n\n${homeless}`;
  }
  if (!sections.some((section) => section.gaps)) {
    text += `## Still to show\n\n${gaps}`;
  }
  return `${text.trimEnd()}\n`;
}
