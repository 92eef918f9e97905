// What the page tells the reader about their data: unreadable storage, pages
// opened as files, failed saves (a banner fixed to the bottom of the window,
// where the reader is looking, until a save succeeds) and a status line.
// Their text is in the page (kit.hbs); here it is shown and filled in.

import { $, ask, downloadFile, fill, fillSlots, fromKit, h } from './dom.js';
import { store, startFresh } from './store.js';

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
  const box = noticeContainer(broken || asFile);
  if (!box) {
    return;
  }
  const fileNote = asFile && fromKit('.cb-as-file');
  if (fileNote && $('.cb-assessment')) {
    // The assessment has its own export and import buttons.
    $('.cb-tools', fileNote).remove();
  }
  fill(box, broken && fromKit('.cb-broken', broken), fileNote);
}

export function downloadBroken() {
  downloadFile(`careerbook-${store.handbook}-stored.txt`, store.broken.text);
}

export async function confirmStartFresh() {
  if ((await ask(fromKit('.cb-ask-fresh'))) !== 'yes') {
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
  banner ??= document.body.appendChild(fromKit('.cb-save-error'));
  fillSlots(banner, error);
  const full = error.name === 'QuotaExceededError';
  $('.cb-full', banner).hidden = !full;
  $('.cb-denied', banner).hidden = full;
}
