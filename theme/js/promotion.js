// The promotion-case draft in Markdown, organised by the sections of the
// promotion-case template the assessment names: each competency's evidence
// goes under the template section that shares the most words with it.

import { today } from './dom.js';
import { matrix } from './matrix.js';
import { levelName, ratingWord } from './labels.js';
import { gapsOf, overallLevel, scoresOf, targetLevel } from './score.js';

/** Word stems of 4+ letters (first five letters), for a rough likeness. */
const stems = (text) => new Set((text.toLowerCase().match(/[a-z]{4,}/g) ?? []).map((word) => word.slice(0, 5)));

const GAPS_HEADING = /still|gaps?\b|next step/i;

/** The template's "## " and "### " headings, each with the prompt lines under it. */
function templateSections(body) {
  const sections = [];
  let current = null;
  for (const line of body.split('\n')) {
    const heading = line.match(/^###? (.*)/);
    if (heading) {
      current = { heading: heading[1].trim(), prompts: [] };
      sections.push(current);
    } else {
      current?.prompts.push(line);
    }
  }
  return sections;
}

/** competency id → the section its evidence goes under (none: "Other evidence"). */
function homes(sections, gapSection) {
  const home = new Map();
  for (const competency of matrix.competencies) {
    const titleWords = stems(`${competency.title} ${competency.id.replace(/-/g, ' ')}`);
    const behaviourWords = stems(competency.behaviours.map((behaviour) => behaviour.text).join(' '));
    let best = 0;
    for (const section of sections) {
      if (section === gapSection) {
        continue;
      }
      const headingWords = stems(section.heading);
      const promptWords = stems(section.prompts.join(' '));
      const weight = (word) => (headingWords.has(word) ? 3 : promptWords.has(word) ? 1 : 0);
      let likeness = 0;
      titleWords.forEach((word) => (likeness += 3 * weight(word)));
      behaviourWords.forEach((word) => (likeness += weight(word)));
      if (likeness > best) {
        best = likeness;
        home.set(competency.id, section);
      }
    }
  }
  return home;
}

export function promotionCase(answers, target) {
  const { data, levels, competencies } = matrix;
  const template = data.template;
  const scores = scoresOf(answers);
  const targetIndex = targetLevel(target, scores);
  const sections = templateSections(template?.body ?? '');
  const gapSection = sections.find((section) => GAPS_HEADING.test(section.heading));
  const home = homes(sections, gapSection);

  const evidence = (competency, index) => {
    const shown = competency.behaviours.filter((b) => answers[b.id]?.n || answers[b.id]?.r === 2);
    const items = shown.map((behaviour) => {
      const answer = answers[behaviour.id];
      const level = levels[matrix.levelIndex.get(behaviour.level)].title;
      const note = (answer.n || 'Evidence: …').trim().split('\n').map((line) => `  ${line}\n`).join('');
      return `- ${behaviour.text} (${level}; ${ratingWord(answer)})\n${note}`;
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
  const evidenceIn = (section) =>
    competencies.map((competency, index) => (home.get(competency.id) === section ? evidence(competency, index) : '')).join('');
  const homeless = evidenceIn(undefined);

  let text =
    `# ${template ? template.title : data.matrix_title} — draft\n\n` +
    `<!-- From the self-assessment in “${data.title}” (${data.matrix} ${data.version}), ${today()}. -->\n\n` +
    `Target: **${levels[targetIndex].title}**. Now (competencies weighted): **${levelName(overallLevel(scores))}**.\n\n`;
  for (const section of sections) {
    // "--" would end the HTML comment the prompts are kept in.
    const prompts = section.prompts.join('\n').trim().replace(/--/g, '- -');
    text += `## ${section.heading}\n\n`;
    if (prompts) {
      text += `<!-- Template prompts:\n${prompts}\n-->\n\n`;
    }
    text += section === gapSection ? `${gaps}\n` : evidenceIn(section);
  }
  if (homeless) {
    text += `## ${sections.length ? 'Other evidence' : 'Evidence'}\n\n${homeless}`;
  }
  if (!gapSection) {
    text += `## Still to show\n\n${gaps}`;
  }
  return `${text.trimEnd()}\n`;
}
