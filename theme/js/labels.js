// Words for ratings, levels and behaviours, shared by the page, the dialogs
// and the Markdown export.

import { RATING_WORDS } from './format.js';
import { matrix } from './matrix.js';

export const ratingWord = (answer) => (answer?.r != null ? RATING_WORDS[answer.r] : 'not rated');
export const ratingWithNote = (answer) => ratingWord(answer) + (answer?.n ? `: “${answer.n}”` : '');

/** A level by index; -1 is "below" the first level. */
export const levelName = (index) => (index < 0 ? `below ${matrix.levels[0].title}` : matrix.levels[index].title);

/** A level's title from its id (the id itself when the matrix, if the page has one, has no such level). */
export const levelTitleOf = (id) => matrix.data?.levels.find((level) => level.id === id)?.title ?? id ?? 'none';

/** A behaviour's current text, else the text saved with the answer, else its id. */
export const behaviourText = (id, answer) => matrix.behaviours.get(id)?.text || answer?.t || id;

/** 3.25 → "3.3", 3 → "3". */
export const oneDecimal = (value) => value.toFixed(1).replace(/\.0$/, '');

/** "2026-01-31T09:30:00.000Z" → "2026-01-31 09:30". */
export const shortTime = (dateTime) => dateTime.slice(0, 16).replace('T', ' ');

/** " (Individual contributor track)" on a matrix with tracks, else "". */
export const trackNote = () => (matrix.track?.id ? ` (${matrix.track.title} track)` : '');
