// Interactive checklists: ticks are kept by checklist id and item id, progress
// is shown per checklist and per phase, a reset asks first, and ticks of
// items that left a list are listed (and kept, in case they return).

import { $, $$, ask, fill, fromKit, h, now } from './dom.js';
import { idMap } from './format.js';
import { store, save } from './store.js';
import { onRefresh } from './refresh.js';

const checkboxes = (scope = document) => $$('input.cb-checkbox[data-cb-item]', scope);
const ticksOf = (list) => store.data.checks[list];
const isTicked = (box) => Boolean(ticksOf(box.dataset.cbList)?.[box.dataset.cbItem]);

export function startChecklists() {
  const boxes = checkboxes();
  for (const box of boxes) {
    box.disabled = false;
    box.addEventListener('change', () => tick(box));
  }
  for (const list of $$('[data-cb-checklist]')) {
    const reset = $('.cb-reset', list);
    if (reset) {
      reset.disabled = false;
      reset.addEventListener('click', () => confirmReset(list));
    }
  }
  onRefresh(showTicks);
}

function tick(box) {
  const list = box.dataset.cbList;
  const checks = store.data.checks;
  checks[list] ??= idMap();
  if (box.checked) {
    const text = box.closest('.cb-check')?.querySelector('.cb-check-text')?.textContent.trim();
    checks[list][box.dataset.cbItem] = text == null ? { at: now() } : { at: now(), t: text };
  } else {
    delete checks[list][box.dataset.cbItem];
  }
  if (!Object.keys(checks[list]).length) {
    delete checks[list];
  }
  save();
  showTicks();
}

async function confirmReset(list) {
  const boxes = checkboxes(list);
  const ticked = boxes.filter(isTicked).length;
  if (!ticked) {
    return;
  }
  const choice = await ask(fromKit('.cb-ask-reset', { count: ticked, title: list.dataset.cbTitle }));
  if (choice !== 'yes') {
    return;
  }
  for (const box of boxes) {
    const ticks = ticksOf(box.dataset.cbList);
    if (ticks) {
      delete ticks[box.dataset.cbItem];
      if (!Object.keys(ticks).length) {
        delete store.data.checks[box.dataset.cbList];
      }
    }
  }
  save();
  showTicks();
}

function showTicks() {
  for (const box of checkboxes()) {
    box.checked = isTicked(box);
  }
  for (const progress of $$('[data-cb-progress]')) {
    const id = CSS.escape(progress.dataset.cbProgress);
    const scope = progress.closest(`[data-cb-checklist="${id}"],[data-cb-phase="${id}"]`);
    if (!scope) {
      continue;
    }
    // An item rendered twice (a phase inside its checklist) counts once.
    const items = new Map(
      checkboxes(scope).map((box) => [`${box.dataset.cbList} ${box.dataset.cbItem}`, isTicked(box)]),
    );
    const done = [...items.values()].filter(Boolean).length;
    progress.textContent = `${done} of ${items.size} done`;
    progress.classList.toggle('cb-done', done > 0 && done === items.size);
  }
  for (const list of $$('[data-cb-checklist]')) {
    const shown = new Set(checkboxes(list).map((box) => box.dataset.cbItem));
    const gone = Object.entries(ticksOf(list.dataset.cbChecklist) ?? {}).filter(([item]) => !shown.has(item));
    // The list's room for them (checklist.hbs).
    const box = $('.cb-gone', list);
    if (box) {
      fill(
        box,
        gone.length > 0 && [
          fromKit('.cb-gone-note'),
          h('ul', gone.map(([item, tickData]) => h('li', `${tickData.t ?? ''} `, h('code', item)))),
        ],
      );
    }
  }
}
