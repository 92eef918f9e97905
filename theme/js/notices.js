// What the page tells the reader about their data: unreadable storage, pages
// opened as files, failed saves (a banner fixed to the bottom of the window,
// where the reader is looking, until a save succeeds) and a status line.

import { $, ask, button, downloadFile, fill, h, paragraph, tools } from './dom.js';
import { store, startFresh } from './store.js';
import { importControl } from './transfer.js';

let container = null;
let status = null;
let banner = null;

/**
 * Where notices go: the assessment panel's, or one made at the top of the
 * page only when there is something to say (so nothing moves otherwise).
 */
function noticeContainer(create) {
  if (!container && create) {
    container = h('div.cb-notices');
    ($('main') ?? document.body).prepend(container);
  }
  return container;
}

export function useNoticeContainer(element, statusLine) {
  container = element;
  status = statusLine;
}

/** Shows a short message in the status line. */
export function say(message) {
  if (!status) {
    status = h('p.cb-status', { role: 'status' });
    noticeContainer(true).after(status);
  }
  status.textContent = message;
}

export function showNotices() {
  const broken = store.broken;
  const asFile = location.protocol === 'file:';
  const onAssessment = Boolean($('.cb-assessment'));
  const box = noticeContainer(broken || asFile);
  if (!box) {
    return;
  }
  fill(
    box,
    broken &&
      h(
        'div.cb-note.cb-warn',
        { role: 'alert' },
        h(
          'p',
          h('strong', 'Your saved answers could not be read'),
          ` (${broken.reason}). They are kept: changes are not saved until you start fresh.`,
        ),
        tools(
          h('button.cb-button', { type: 'button', onclick: downloadBroken }, 'Download the stored text'),
          h('button.cb-button', { type: 'button', onclick: confirmStartFresh }, 'Start fresh'),
        ),
      ),
    asFile &&
      h(
        'div.cb-note',
        paragraph(
          'Opened as a file (file://): some browsers keep each file’s answers apart. ' +
            'Use “careerbook serve”, or export here and import there.',
        ),
        !onAssessment && tools(button('Export JSON', 'export-json'), importControl()),
      ),
  );
}

function downloadBroken() {
  downloadFile(`careerbook-${store.handbook}-stored.txt`, store.broken.text, 'text/plain');
}

async function confirmStartFresh() {
  const choice = await ask('Start fresh?', paragraph('The stored text is replaced by this page’s answers.'), [
    ['', 'Cancel', true],
    ['yes', 'Start fresh'],
  ]);
  if (choice !== 'yes') {
    return;
  }
  const saved = startFresh();
  showNotices();
  if (saved) {
    say('Saved.');
  }
}

/** After each save: show why saving failed, or remove the banner. */
export function showSaveResult() {
  const error = store.saveError;
  if (!error) {
    banner?.remove();
    banner = null;
    return;
  }
  const why =
    error.name === 'QuotaExceededError'
      ? 'the browser’s storage for this site is full'
      : 'this browser does not let the page store data';
  banner ??= h('div.cb-save-error', { role: 'alert' });
  fill(
    banner,
    h('p', h('strong', 'Your changes are not saved'), `: ${why} (${error.name}). Export them to keep them.`),
    button('Export JSON', 'export-json'),
  );
  if (!banner.isConnected) {
    document.body.append(banner);
  }
}
