// The self-assessment page. Its controls are in the page's HTML already (so
// nothing moves when this script starts); here they are wired to the state,
// and the result, chart, table, gaps, comparison and retired answers are
// filled in. Built for long sessions: a rating redraws only what it changes,
// competencies fold, a filter shows only
// the levels that matter now, and the keyboard rates, notes and moves on.

import { $, $$, fill, h, now, setText } from './dom.js';
import { idMap } from './format.js';
import { matrix, loadMatrix, useTrack } from './matrix.js';
import { store, save } from './store.js';
import { levelName, levelTitleOf, oneDecimal, ratingWithNote, ratingWord, trackNote } from './labels.js';
import { automaticTarget, gapsOf, overallLevel, overallScore, scoresOf, targetLevel } from './score.js';
import { drawChart } from './chart.js';
import { comparison, labelOf, showSources, showTheirs } from './compare.js';
import { onRefresh } from './refresh.js';
import { showChanges } from './changes.js';
import { useNoticeContainer } from './notices.js';
import { isShareLink, openShared } from './share.js';

let root;
/** The page's parts, found once: ui.count is the element of class "cb-count", and so on. */
const ui = {};
/** behaviour id → its list item, in page order. */
const items = new Map();
/** Ids whose rows show an answer (a refresh clears only those). */
const showing = new Set();
/** competency id → { row (of the table), pill, gaps (element), key (what the gaps show) }. */
const parts = new Map();

/** Starts the assessment in `element`; false when the page lacks its parts. */
export function startAssessment(element) {
  root = element;
  // The data block that follows the assessment (print.html has several, and
  // only its first assessment is started).
  const block = $('script.cb-assessment-data');
  if (!$('.cb-panel', root) || !block) {
    return false;
  }
  loadMatrix(JSON.parse(block.textContent));
  // On a chapter's own page (not the whole book's print page) the assessment
  // prints without the chapter's prose.
  root.parentElement.classList.toggle('cb-solo', $$('h1', root.parentElement).length < 2);
  // The parts of the page the script fills in, each found by its class.
  for (const name of (
    'track target count sum chart table compare moved gaps ' +
    'retired status notices show differ resume diffs'
  ).split(' ')) {
    ui[name] = $(`.cb-${name}`, root);
  }
  ui.groups = $$('.cb-lv', root);
  useNoticeContainer(ui.notices, ui.status);
  for (const item of $$('.cb-assess-behaviour', root)) {
    items.set(item.dataset.cbBehaviour, item);
  }
  for (const section of $$('.cb-assess-competency', root)) {
    const id = section.dataset.cbCompetency;
    parts.set(id, {
      row: $(`tr[data-cb-competency="${CSS.escape(id)}"]`, ui.table),
      pill: $('.cb-at', section),
      helps: $('.cb-related', section),
      gaps: ui.gaps.appendChild(h('div')),
    });
  }
  root.addEventListener('change', onChange);
  root.addEventListener('input', onInput);
  root.addEventListener('keydown', onKey);
  addEventListener('hashchange', goTo);
  for (const control of $$('[disabled]', root)) {
    control.disabled = false;
  }
  // Share links need CompressionStream (not before Firefox 113, Safari 16.4).
  $('.cb-share', root).hidden = !window.CompressionStream;
  // On a phone the chart (in the page from the start) scrolls sideways in
  // its box: start at its centre. Once the next frame is drawn, so that
  // reading the sizes costs nothing.
  requestAnimationFrame(() =>
    setTimeout(() => {
      ui.chart.scrollLeft = (ui.chart.scrollWidth - ui.chart.clientWidth) / 2;
    }),
  );

  // Each saved answer carries the behaviour's text, competency and level, so
  // it can still be shown if the behaviour leaves the matrix.
  store.beforeSave = (state) => {
    state.version = matrix.data.version;
    for (const [id, answer] of Object.entries(state.answers)) {
      const behaviour = matrix.behaviours.get(id);
      if (behaviour) {
        Object.assign(answer, { t: behaviour.text, c: behaviour.competency, l: behaviour.level });
      }
    }
  };
  onRefresh(() => {
    new Set([...showing, ...Object.keys(store.data.answers)]).forEach(showAnswer);
    showChanges(items);
    applyFilter();
  });
  root.classList.add('cb-ready');
  goTo();
  return true;
}

/**
 * Follows the address's fragment: a share link opens (read-only), a link
 * inside the assessment opens the folded competency it points into.
 */
function goTo() {
  const hash = location.hash;
  if (isShareLink(hash)) {
    openShared(hash);
    return;
  }
  const target = hash.startsWith('#cb-') && document.getElementById(hash.slice(1));
  const folded = target && (target.closest('.cb-rows') ?? $('.cb-rows', target));
  if (folded) {
    folded.open = true;
  }
}

const behaviourOf = (control) => control.closest('[data-cb-behaviour]')?.dataset.cbBehaviour;

function onChange({ target: control }) {
  const { data } = store;
  // The track, the target level and the levels shown are saved.
  const key = control.dataset.cbSet;
  if (control.type === 'radio') {
    const id = behaviourOf(control);
    const answer = (data.answers[id] ??= {});
    answer.r = Number(control.value);
    answer.at = now();
    save();
    showAnswer(id);
    update();
    return;
  }
  if (key) {
    data[key] = control.value || null;
    save();
  } else if (control === ui.compare) {
    comparison.with = comparison.sources[control.value] ?? null;
  } else if (control !== ui.differ) {
    return;
  }
  applyFilter();
}

function onInput({ target: area }) {
  const id = area.tagName === 'TEXTAREA' && behaviourOf(area);
  if (!id) {
    return;
  }
  const answers = store.data.answers;
  const answer = (answers[id] ??= {});
  answer.at = now();
  answer.n = area.value;
  if (!area.value) {
    delete answer.n;
    if (answer.r == null) {
      delete answers[id];
    }
  }
  save();
  showAnswer(id);
}

/** Keys on a rating: 1–3 rate and move on, N opens the note; Ctrl+Enter in a note moves on. */
function onKey(event) {
  const { target: control, key } = event;
  const item = control.closest?.('.cb-assess-behaviour');
  const plain = !event.ctrlKey && !event.metaKey && !event.altKey;
  const onRating = item && plain && control.type === 'radio';
  if (onRating && /^[123]$/.test(key)) {
    $$('input', item)[key - 1].click();
    moveOn(item);
  } else if (onRating && /^n$/i.test(key)) {
    $('details', item).open = true;
    $('textarea', item).focus();
  } else if (item && control.tagName === 'TEXTAREA' && key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    moveOn(item);
  } else {
    return;
  }
  event.preventDefault();
}

/** Whether a behaviour is left out by the track or the filter. */
const isHidden = (item) => item.hidden || item.parentElement.closest('.cb-lv').hidden;

/** Focuses the rating of the next behaviour shown after `item`. */
function moveOn(item) {
  const list = [...items.values()];
  const next = list.slice(list.indexOf(item) + 1).find((other) => !isHidden(other));
  if (next) {
    next.closest('.cb-rows').open = true;
    ($('input:checked', next) ?? $('input', next)).focus();
  }
}

function showAnswer(id) {
  const item = items.get(id);
  const answer = store.data.answers[id];
  if (!item) {
    return;
  }
  // A row that shows nothing yet needs only the answer written (a long page
  // shows many answers at once).
  const blank = !showing.has(id);
  item.querySelectorAll('input').forEach((radio, value) => {
    const on = answer?.r === value;
    if (on || !blank) {
      radio.checked = on;
      // (A class, not :has(:checked), which is slow to restyle on long pages.)
      radio.parentElement.classList.toggle('cb-on', on);
    }
  });
  if (answer?.n || !blank) {
    const note = item.querySelector('textarea');
    if (document.activeElement !== note) {
      note.value = answer?.n ?? '';
    }
    note.closest('details').classList.toggle('cb-has', Boolean(answer?.n));
  }
  showing[answer ? 'add' : 'delete'](id);
}

/** What the result shows: scores now, the target, and what it is compared with. */
export function currentView() {
  const scores = scoresOf(store.data.answers);
  const compared = comparison.with;
  return {
    scores,
    target: targetLevel(store.data.target, scores),
    snapshot: compared && { ...compared, label: labelOf(compared), scores: scoresOf(compared.answers) },
  };
}

/**
 * Shows what the track and the filter let through (level groups off the
 * track or filtered out are hidden; with "only where we differ", behaviours
 * rated alike too), then redraws everything.
 */
function applyFilter() {
  const { data } = store;
  useTrack(data.track);
  const view = currentView();
  const wanted = [view.target, data.show === 'levels' && Math.max(0, overallLevel(view.scores))].map(
    (index) => matrix.levels[index]?.id,
  );
  for (const group of ui.groups) {
    const level = group.dataset.cbLevel;
    group.hidden = !matrix.levelIndex.has(level) || (/^(levels|target)$/.test(data.show) && !wanted.includes(level));
  }
  ui.differ.disabled = !view.snapshot;
  showTheirs(items, data.answers, view.snapshot);
  items.forEach((item) => {
    item.hidden =
      (ui.differ.checked && view.snapshot && !item.matches('.cb-unlike')) ||
      (data.show === 'changed' && !item.matches('.cb-added, .cb-reworded'));
  });
  update();
}

/** Redraws the result, the table, the gaps (those that changed), the comparison and the retired answers. */
export function update() {
  const { levels, competencies, behaviours } = matrix;
  const { data } = store;
  const answers = data.answers;
  const view = currentView();
  const { scores, target, snapshot } = view;
  const targetTitle = levels[target].title;

  if (ui.track) {
    ui.track.value = matrix.track.id;
  }
  for (const option of ui.target.options) {
    option.disabled = Boolean(option.value) && !matrix.levelIndex.has(option.value);
  }
  ui.target.value = matrix.levelIndex.has(data.target) ? data.target : '';
  ui.target.options[0].text = `The level after yours (${levels[automaticTarget(scores)].title})`;
  ui.show.value = data.show;
  ui.diffs.disabled = !snapshot;
  showSources(ui.compare, data.snapshots);

  let rated = 0;
  let total = 0;
  let gapCount = 0;
  competencies.forEach((competency, index) => {
    const part = parts.get(competency.id);
    const onTrack = competency.behaviours.filter((behaviour) => matrix.levelIndex.has(behaviour.level));
    const done = onTrack.filter((behaviour) => answers[behaviour.id]?.r != null).length;
    const gaps = gapsOf(competency, answers, target);
    const { met, score } = scores[index];
    const compared = snapshot?.scores[index];
    rated += done;
    total += onTrack.length;
    gapCount += gaps.length;
    if (!part) {
      return;
    }
    setText(part.pill, `${done} of ${onTrack.length} rated · now: ${levelName(met)}`);
    const cells = part.row?.cells ?? [];
    [
      `${done}/${onTrack.length}`,
      levelName(met),
      oneDecimal(score),
      met >= target ? 'reached' : 'not yet',
      compared ? `${levelName(compared.met)} (${oneDecimal(compared.score)})` : '',
    ].forEach((text, column) => cells[column + 2] && setText(cells[column + 2], text));
    // A competency's gaps are rebuilt only when they change.
    const key = `${target} ${met} ${gaps.map((behaviour) => behaviour.id + ratingWord(answers[behaviour.id]))}`;
    if (key !== part.key) {
      part.key = key;
      fill(part.gaps, gaps.length > 0 && gapList(competency, met, gaps, answers, part.helps));
    }
  });
  for (const cell of $$('tr > :last-child', ui.table)) {
    cell.hidden = !snapshot;
  }
  setText($('thead th:last-child', ui.table), snapshot?.label ?? '');
  setText(ui.count, `${rated} of ${total} behaviours rated`);
  fill(
    ui.sum,
    'Overall (competencies weighted): ',
    h('strong', levelName(overallLevel(scores))),
    `, score ${oneDecimal(overallScore(scores))} of ${levels.length}${trackNote()}. Target: `,
    h('strong', targetTitle),
    ` — ${scores.filter((s) => s.met >= target).length} of ${competencies.length} competencies there; ` +
      `${gapCount} behaviours to go.`,
  );
  drawChart($('svg', ui.chart), view);
  for (const group of ui.groups) {
    group.classList.toggle('cb-tgt', group.dataset.cbLevel === levels[target].id);
  }
  setText(
    ui.gaps.firstElementChild,
    gapCount
      ? `Behaviours up to ${targetTitle} not yet shown consistently, and what helps:`
      : `Every behaviour up to ${targetTitle} is rated consistently.`,
  );
  setText(ui.moved, snapshot ? `(${showTheirs(items, answers, snapshot)})` : '');

  const retired = Object.entries(answers).filter(([id]) => !behaviours.has(id));
  ui.retired.hidden = !retired.length;
  fill(
    $('ul', ui.retired),
    retired.map(([id, answer]) => h('li', h('code', id), ` — “${answer.t || '?'}”: ${ratingWithNote(answer)}`)),
  );
  showResume(answers);
}

/** A competency's gaps, with what helps (its "Grow it with" line from the rubric). */
function gapList(competency, met, gaps, answers, helps) {
  return h(
    'div.cb-gap',
    h('h3', `${competency.title} (now ${levelName(met)})`),
    h(
      'ul',
      gaps.map((behaviour) =>
        h(
          'li',
          h('a', { href: `#cb-b-${behaviour.id}` }, behaviour.text),
          h('span.cb-muted', ` — ${levelTitleOf(behaviour.level)}, ${ratingWord(answers[behaviour.id])}`),
        ),
      ),
    ),
    helps?.cloneNode(true),
  );
}

/** "Next to rate": the first unrated behaviour shown after the one the reader changed last. */
function showResume(answers) {
  const list = [...items];
  let last = -1;
  let lastAt = '';
  list.forEach(([id], index) => {
    if (answers[id]?.at > lastAt) {
      lastAt = answers[id].at;
      last = index;
    }
  });
  const [id, next] = [...list.slice(last + 1), ...list.slice(0, last + 1)].find(
    ([each, item]) => answers[each]?.r == null && !isHidden(item),
  ) ?? [];
  ui.resume.href = `#${next?.id ?? 'cb-gaps'}`;
  setText(ui.resume, next ? matrix.behaviours.get(id).text : 'nothing shown is left: see the gaps');
}

/** A copy of the current answers (ratings and notes) for a snapshot. */
export function answersForSnapshot() {
  const copy = idMap();
  for (const [id, { r, n }] of Object.entries(store.data.answers)) {
    // (Saved as JSON, which leaves out what is undefined.)
    copy[id] = { r, n: n || undefined };
  }
  return copy;
}
