// careerbook's page script: template tools, checklists and the
// self-assessment. Plain browser JavaScript, no network request of any kind.
// Built into one classic script (theme/dist/careerbook.js) by build.mjs.

import { $, downloadDated, downloadFile } from './dom.js';
import { freshState, migrate, SCHEMA } from './format.js';
import { openStore, loadStore, save, store } from './store.js';
import { confirmStartFresh, downloadBroken, say, showNotices, showSaveResult } from './notices.js';
import { csvFile, exportJson, importState, onFileChosen } from './transfer.js';
import { startChecklists } from './checklists.js';
import { answersForSnapshot, currentView, startAssessment, update } from './assessment.js';
import { chartFile } from './chart.js';
import { promotionCase } from './promotion.js';
import { comparison, differencesMarkdown, saveSnapshot } from './compare.js';
import { leaveShared, shareLink } from './share.js';
import { dismissChanges } from './changes.js';
import { onRefresh, refreshAll } from './refresh.js';

/** The text of the template whose Copy or Download button is `tool`. */
const templateText = (tool) => $('.cb-template-text', tool.closest('.cb-template-body')).textContent;

// What the buttons with a data-cb-action attribute do (given the button).
const actions = {
  copy: (tool) =>
    navigator.clipboard?.writeText(templateText(tool)).then(() => {
      tool.textContent = 'Copied';
    }),
  download: (tool) => downloadFile(tool.dataset.cbFilename, templateText(tool)),
  'export-json': exportJson,
  'download-broken': downloadBroken,
  'start-fresh': confirmStartFresh,
  'export-md': () => downloadDated('promotion-case', 'md', promotionCase(store.data.answers, store.data.target)),
  'export-csv': () => downloadDated(`careerbook-${store.handbook}`, 'csv', csvFile(store.data.answers)),
  'export-diff': () => downloadDated('careerbook-differences', 'md', differencesMarkdown(currentView())),
  'chart-svg': () => downloadDated('careerbook-chart', 'svg', chartFile($('.cb-chart svg'))),
  print: () => window.print(),
  snapshot: () => {
    if (saveSnapshot(answersForSnapshot(), currentView().target)) {
      say('Snapshot saved.');
    }
    update();
  },
  share: async () => {
    const field = $('.cb-link');
    field.value = await shareLink($('.cb-name').value.trim(), $('.cb-notes').checked);
    field.select();
    const copied = await navigator.clipboard?.writeText(field.value).then(
      () => true,
      () => false,
    );
    say(`Share link ${copied ? 'copied' : 'made: copy it from the field'}.`);
  },
  'shared-close': leaveShared,
  'shared-mine': () => {
    leaveShared();
    comparison.with = comparison.other;
    refreshAll();
  },
  'shared-take': () => {
    const { answers, target } = comparison.other;
    leaveShared();
    importState({ ...freshState(store.handbook), answers, target });
  },
  seen: () => {
    dismissChanges();
    refreshAll();
  },
  'show-changed': () => {
    store.data.show = 'changed';
    save();
    refreshAll();
  },
};

function start() {
  const assessment = $('.cb-assessment');
  if (!assessment && !$('input.cb-checkbox[data-cb-item]')) {
    return;
  }
  // Answers are stored under the handbook's id, which the assessment and
  // every checklist and checklist item carry.
  openStore($('[data-cb-handbook]').dataset.cbHandbook);
  store.afterSave = showSaveResult;
  if (assessment) {
    startAssessment(assessment);
  }
  startChecklists();
  onRefresh(showNotices);
  refreshAll();
  addEventListener('storage', (event) => {
    if (event.key === store.key && !store.readOnly) {
      loadStore();
      refreshAll();
    }
  });
}

// print.html repeats every chapter's copy of this script: the first one runs.
if (!window.careerbook) {
  window.careerbook = { migrate, SCHEMA };
  document.addEventListener('click', (event) => {
    const control = event.target.closest?.('[data-cb-action]');
    const action = control?.dataset.cbAction;
    if (action && Object.hasOwn(actions, action)) {
      actions[action](control);
    }
  });
  document.addEventListener('change', (event) => {
    if (event.target.matches?.('input.cb-import, input.cb-load') && store.data) {
      onFileChosen(event.target);
    }
  });
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}
