// The self-assessment page. Its controls are in the page's HTML already (so
// nothing moves when this script starts); here they are wired to the state,
// and the result, chart, table, gaps and retired answers are filled in.

import { $, $$, fill, h, now, paragraph } from './dom.js';
import { idMap } from './format.js';
import { matrix, loadMatrix } from './matrix.js';
import { store, save } from './store.js';
import { levelName, levelTitleOf, oneDecimal, ratingWithNote, ratingWord, shortTime } from './labels.js';
import { automaticTarget, gapsOf, overallLevel, overallScore, scoresOf, targetLevel } from './score.js';
import { radarChart } from './chart.js';
import { comparedSnapshot, showSnapshots, whatMoved } from './snapshots.js';
import { onRefresh } from './refresh.js';
import { useNoticeContainer } from './notices.js';

let root;
/** The panel's parts, found once. */
const ui = {};
/** behaviour id → its controls. */
const rows = new Map();

/** The data block next to the assessment (print.html has several). */
function dataBlock() {
  const next = root.nextElementSibling;
  return next?.matches('script.cb-assessment-data') ? next : $('script.cb-assessment-data');
}

/** Starts the assessment in `element`; false when the page lacks its parts. */
export function startAssessment(element) {
  root = element;
  const panel = $('.cb-panel', root);
  const block = dataBlock();
  if (!panel || !block) {
    return false;
  }
  loadMatrix(JSON.parse(block.textContent));
  for (const name of ['target', 'count', 'sum', 'chart', 'table', 'compare', 'moved', 'gaps', 'retired', 'status', 'notices']) {
    ui[name] = $(`.cb-${name}`, root);
  }
  ui.retiredList = $('.cb-retired-list', root);
  useNoticeContainer(ui.notices, ui.status);
  ui.tableRows = new Map($$('tbody tr[data-cb-competency]', ui.table).map((row) => [row.dataset.cbCompetency, row]));
  ui.pills = new Map(
    $$('.cb-assess-competency', root).map((section) => [section.dataset.cbCompetency, $('.cb-at', section)]),
  );

  for (const item of $$('.cb-assess-behaviour', root)) {
    const id = item.dataset.cbBehaviour;
    rows.set(id, {
      radios: $$('input[type=radio]', item),
      evidence: $('details', item),
      note: $('textarea', item),
      printed: $('.cb-pr', item),
    });
  }
  root.addEventListener('change', onChange);
  root.addEventListener('input', onInput);
  for (const control of $$('input[disabled], select[disabled], textarea[disabled]', root)) {
    control.disabled = false;
  }

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
    rows.forEach((_, id) => showAnswer(id));
    update();
  });
  root.classList.add('cb-ready');
  return true;
}

/** The answer of `id`, made if missing, stamped with the time of this change. */
function answerToChange(id) {
  const answers = store.data.answers;
  answers[id] ??= {};
  answers[id].at = now();
  return answers[id];
}

function onChange(event) {
  const control = event.target;
  if (control.type === 'radio') {
    const id = control.closest('[data-cb-behaviour]').dataset.cbBehaviour;
    answerToChange(id).r = Number(control.value);
    save();
    showAnswer(id);
    update();
  } else if (control === ui.target) {
    store.data.target = control.value || null;
    save();
    update();
  } else if (control === ui.compare) {
    update();
  }
}

function onInput(event) {
  const area = event.target;
  if (area.tagName !== 'TEXTAREA') {
    return;
  }
  const id = area.closest('[data-cb-behaviour]').dataset.cbBehaviour;
  const answer = answerToChange(id);
  if (area.value) {
    answer.n = area.value;
  } else {
    delete answer.n;
    if (answer.r == null) {
      delete store.data.answers[id];
    }
  }
  save();
  showAnswer(id);
}

function showAnswer(id) {
  const row = rows.get(id);
  const answer = store.data.answers[id];
  row.radios.forEach((radio, value) => {
    radio.checked = answer?.r === value;
  });
  if (document.activeElement !== row.note) {
    row.note.value = answer?.n ?? '';
  }
  row.evidence.classList.toggle('cb-has', Boolean(answer?.n));
  row.printed.textContent = `Rated: ${ratingWithNote(answer)}`;
}

/** What the result shows: scores now, the target, and a compared snapshot. */
export function currentView() {
  const scores = scoresOf(store.data.answers);
  const snapshot = comparedSnapshot(ui.compare.value);
  return {
    scores,
    target: targetLevel(store.data.target, scores),
    snapshot: snapshot && { ...snapshot, scores: scoresOf(snapshot.answers) },
  };
}

/** Redraws the result, the table, the gaps and the retired answers. */
export function update() {
  const { levels, competencies, behaviours } = matrix;
  const answers = store.data.answers;
  const view = currentView();
  const { scores, target, snapshot } = view;
  const targetTitle = levels[target].title;
  const gaps = competencies.map((competency) => gapsOf(competency, answers, target));
  const gapCount = gaps.flat().length;

  ui.target.value = matrix.levelIndex.has(store.data.target) ? store.data.target : '';
  ui.target.options[0].text = `The level after yours (${levels[automaticTarget(scores)].title})`;
  showSnapshots(ui.compare, store.data.snapshots);
  let rated = 0;
  behaviours.forEach((_, id) => {
    if (answers[id]?.r != null) {
      rated += 1;
    }
  });
  ui.count.textContent = `${rated} of ${behaviours.size} behaviours rated`;
  fill(
    ui.sum,
    'Overall (competencies weighted): ',
    h('strong', levelName(overallLevel(scores))),
    `, score ${oneDecimal(overallScore(scores))} of ${levels.length}. Target: `,
    h('strong', targetTitle),
    ` — ${scores.filter((s) => s.met >= target).length} of ${competencies.length} competencies there; ${gapCount} behaviours to go.`,
  );
  fill(ui.chart, radarChart(view));
  if (!ui.chartCentred) {
    ui.chartCentred = true;
    // On a phone the chart scrolls sideways in its box: start at its centre.
    // After the next frame's layout, so that reading the sizes costs nothing.
    requestAnimationFrame(() => {
      ui.chart.scrollLeft = (ui.chart.scrollWidth - ui.chart.clientWidth) / 2;
    });
  }
  updateTable(view);

  competencies.forEach((competency, index) => {
    const pill = ui.pills.get(competency.id);
    if (pill) {
      pill.textContent = `now: ${levelName(scores[index].met)}`;
    }
  });
  for (const heading of $$('h3.cb-assess-level', root)) {
    heading.classList.toggle('cb-tgt', heading.dataset.cbLevel === levels[target].id);
  }

  fill(
    ui.gaps,
    paragraph(
      gapCount
        ? `Behaviours up to ${targetTitle} not yet shown consistently, and what helps:`
        : `Every behaviour up to ${targetTitle} is rated consistently.`,
    ),
    competencies.map(
      (competency, index) =>
        gaps[index].length > 0 &&
        h(
          'div.cb-gap',
          h('h3', `${competency.title} (now ${levelName(scores[index].met)})`),
          h(
            'ul',
            gaps[index].map((behaviour) =>
              h(
                'li',
                h('a', { href: `#cb-b-${behaviour.id}` }, behaviour.text),
                h('span.cb-muted', ` — ${levelTitleOf(behaviour.level)}, ${ratingWord(answers[behaviour.id])}`),
              ),
            ),
          ),
          competency.helps.length > 0 &&
            h(
              'p.cb-related',
              h('span.cb-label', 'Grow it with: '),
              competency.helps.map((help, position) => [
                position ? ', ' : '',
                h('a', { href: help.href }, help.title),
                ` (${help.kind})`,
              ]),
            ),
        ),
    ),
  );
  fill(ui.moved, snapshot && whatMoved(snapshot, view));

  const retired = Object.entries(answers).filter(([id]) => !behaviours.has(id));
  ui.retired.hidden = !retired.length;
  fill(
    ui.retiredList,
    retired.map(([id, answer]) => h('li', h('code', id), ` — “${answer.t || '?'}”: ${ratingWithNote(answer)}`)),
  );
}

function updateTable({ scores, target, snapshot }) {
  for (const cell of $$('.cb-snapshot-column', ui.table)) {
    cell.hidden = !snapshot;
  }
  if (snapshot) {
    $('thead .cb-snapshot-column', ui.table).textContent = `Snapshot ${shortTime(snapshot.at)}`;
  }
  matrix.competencies.forEach((competency, index) => {
    const row = ui.tableRows.get(competency.id);
    if (!row) {
      return;
    }
    const { met, score } = scores[index];
    $('.cb-now-cell', row).textContent = levelName(met);
    $('.cb-score-cell', row).textContent = oneDecimal(score);
    $('.cb-target-cell', row).textContent = met >= target ? 'reached' : 'not yet';
    if (snapshot) {
      const then = snapshot.scores[index];
      $('td.cb-snapshot-column', row).textContent = `${levelName(then.met)} (${oneDecimal(then.score)})`;
    }
  });
}

/** A copy of the current answers (ratings and notes) for a snapshot. */
export function answersForSnapshot() {
  const copy = idMap();
  for (const [id, answer] of Object.entries(store.data.answers)) {
    const kept = {};
    if (answer.r != null) {
      kept.r = answer.r;
    }
    if (answer.n) {
      kept.n = answer.n;
    }
    copy[id] = kept;
  }
  return copy;
}
