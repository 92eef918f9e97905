// Scoring along the reader's track (matrix.levels), as the self-assessment
// chapter explains it: "consistently" counts
// 1, "sometimes" ½, "not yet" or no answer 0. A level is met when its
// behaviours average at least ⅔. A competency is at the highest level met
// together with every level below it; its score is the number of levels met
// plus the average of the next level. The overall score is the average of the
// competency scores weighted by each competency's weight.

import { matrix } from './matrix.js';

const VALUES = [0, 0.5, 1];
const LEVEL_MET = 2 / 3;

export const ratingValue = (answer) => VALUES[answer?.r] ?? 0;

/** { met: index of the highest level met (-1: none), score } */
export function competencyScore(competency, answers) {
  const sums = matrix.levels.map(() => 0);
  const counts = matrix.levels.map(() => 0);
  for (const behaviour of competency.behaviours) {
    const level = matrix.levelIndex.get(behaviour.level);
    // Behaviours at levels off the track do not count.
    if (level != null) {
      sums[level] += ratingValue(answers[behaviour.id]);
      counts[level] += 1;
    }
  }
  let met = -1;
  let partial = 0;
  for (let level = 0; level < sums.length; level++) {
    const average = counts[level] ? sums[level] / counts[level] : 1;
    if (average < LEVEL_MET) {
      partial = average;
      break;
    }
    met = level;
  }
  return { met, score: met + 1 + partial };
}

export const scoresOf = (answers) => matrix.competencies.map((competency) => competencyScore(competency, answers));

const weightOf = (competency) => Number(competency.weight) || 1;

export function overallScore(scores) {
  let weights = 0;
  let sum = 0;
  matrix.competencies.forEach((competency, index) => {
    weights += weightOf(competency);
    sum += weightOf(competency) * scores[index].score;
  });
  return weights ? sum / weights : 0;
}

/** The overall level index (-1: below the first level). */
export const overallLevel = (scores) => Math.floor(overallScore(scores) + 1e-9) - 1;

/** The target when the reader has not picked one: the level after theirs. */
export const automaticTarget = (scores) => Math.min(matrix.levels.length - 1, overallLevel(scores) + 1);

export const targetLevel = (target, scores) =>
  matrix.levelIndex.has(target) ? matrix.levelIndex.get(target) : automaticTarget(scores);

/** The behaviours up to the target level not yet rated "consistently". */
export const gapsOf = (competency, answers, target) =>
  competency.behaviours.filter(
    (behaviour) => matrix.levelIndex.get(behaviour.level) <= target && ratingValue(answers[behaviour.id]) < 1,
  );
