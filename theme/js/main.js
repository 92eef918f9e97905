// careerbook's page script: template tools, checklists and the
// self-assessment. Plain browser JavaScript, no network request of any kind.
// Built into one classic script (theme/dist/careerbook.js) by build.mjs.

import { $, downloadFile, today } from './dom.js';
import { migrate, SCHEMA } from './format.js';
import { openStore, loadStore, save, store } from './store.js';
import { say, showNotices, showSaveResult } from './notices.js';
import { csvFile, exportJson, onFileChosen } from './transfer.js';
import { startChecklists } from './checklists.js';
import { answersForSnapshot, currentView, startAssessment, update } from './assessment.js';
import { chartFile } from './chart.js';
import { promotionCase } from './promotion.js';
import { differencesMarkdown, saveSnapshot } from './compare.js';
import { dismissChanges } from './changes.js';
import { onTemplateTool } from './template-tools.js';
import { onRefresh, refreshAll } from './refresh.js';

const download = (name, extension, text) =>
  downloadFile(`${name}-${today()}.${extension}`, text, extension === 'csv' ? 'text/csv' : 'text/markdown');

// What the buttons with a data-cb-action attribute do.
const actions = {
  'export-json': exportJson,
  'export-md': () => download('promotion-case', 'md', promotionCase(store.data.answers, store.data.target)),
  'export-csv': () => download(`careerbook-${store.handbook}`, 'csv', csvFile(store.data.answers)),
  'export-diff': () => download('careerbook-differences', 'md', differencesMarkdown(currentView())),
  'chart-svg': () => downloadFile(`careerbook-chart-${today()}.svg`, chartFile(currentView()), 'image/svg+xml'),
  print: () => window.print(),
  snapshot: () => {
    if (saveSnapshot(answersForSnapshot(), currentView().target)) {
      say('Snapshot saved.');
    }
    update();
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

/** The handbook id answers are stored under. */
function handbookId() {
  const marked = $('[data-cb-handbook]')?.dataset.cbHandbook || $('meta[name=careerbook-handbook]')?.content;
  if (marked) {
    return marked;
  }
  const title = ($('.menu-title')?.textContent || document.title).trim().toLowerCase();
  return title.replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function start() {
  const assessment = $('.cb-assessment');
  if (!assessment && !$('input.cb-checkbox[data-cb-item]')) {
    return;
  }
  openStore(handbookId());
  store.afterSave = showSaveResult;
  if (assessment) {
    startAssessment(assessment);
  }
  startChecklists();
  onRefresh(showNotices);
  refreshAll();
  addEventListener('storage', (event) => {
    if (event.key === store.key) {
      loadStore();
      refreshAll();
    }
  });
}

// print.html repeats every chapter's copy of this script: the first one runs.
if (!window.careerbook) {
  window.careerbook = { migrate, SCHEMA };
  document.addEventListener('click', (event) => {
    if (onTemplateTool(event.target)) {
      return;
    }
    const action = event.target.closest?.('[data-cb-action]')?.dataset.cbAction;
    if (action && store.data && Object.prototype.hasOwnProperty.call(actions, action)) {
      actions[action]();
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
