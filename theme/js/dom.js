// Small DOM helpers. Everything careerbook shows is built as elements and
// text nodes: no value from the page data, storage or an import is ever
// parsed as markup.

export const $ = (selector, scope = document) => scope.querySelector(selector);
export const $$ = (selector, scope = document) => [...scope.querySelectorAll(selector)];

/** Replaces the children of `element`; false, null and undefined are skipped. */
export function fill(element, ...children) {
  element.replaceChildren(...children.flat(9).filter((child) => child != null && child !== false));
  return element;
}

/** Creates an element: `h("p.cb-note", { role: "alert" }, "text", child)`. */
export function h(tagAndClasses, attributes, ...children) {
  // A plain object is the attributes; anything else (text, an element, a list) is a child.
  if (attributes?.constructor !== Object) {
    children.unshift(attributes);
    attributes = {};
  }
  const [tag, ...classes] = tagAndClasses.split('.');
  const element = document.createElement(tag);
  if (classes.length) {
    element.className = classes.join(' ');
  }
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, value);
  }
  return fill(element, ...children);
}

/** Sets an element's text only when it differs (no needless layout). */
export function setText(element, text) {
  if (element.textContent !== text) {
    element.textContent = text;
  }
}

/** Writes `values[name]` into each element of `scope` marked data-cb-slot="name". */
export function fillSlots(scope, values) {
  for (const slot of $$('[data-cb-slot]', scope)) {
    slot.textContent = values[slot.dataset.cbSlot] ?? '';
  }
}


// The type of a downloaded file, by its extension.
const TYPES = { csv: 'text/csv', json: 'application/json', md: 'text/markdown', svg: 'image/svg+xml' };

/** Makes the browser download `text` as the file `name`. */
export function downloadFile(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: TYPES[name.split('.').pop()] ?? 'text/plain' }));
  const link = h('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

/**
 * A copy of the part of the page's kit (kit.hbs: notices and dialogs, inert
 * in a <template>) that `selector` picks, its slots filled from `values`.
 */
export function fromKit(selector, values = {}) {
  const part = $(selector, $('template.cb-kit').content).cloneNode(true);
  fillSlots(part, values);
  return part;
}

/**
 * Asks a question with `dialog` (a <dialog> from the kit) and resolves to
 * the value of the chosen button ("" for Escape). The button marked
 * autofocus is the safe default.
 * No <form method=dialog>: mdBook's page script cancels form submits.
 */
export function ask(dialog) {
  return new Promise((resolve) => {
    // Settled at once (not on the later "close" event), so whatever the
    // answer changes is done by the time the dialog has gone.
    const finish = (value) => {
      if (dialog.isConnected) {
        dialog.close();
        dialog.remove();
        resolve(value);
      }
    };
    dialog.addEventListener('click', (event) => {
      const choice = event.target.closest('button');
      if (choice) {
        finish(choice.value);
      }
    });
    dialog.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        // Keep mdBook's own Escape handling out of it.
        event.stopPropagation();
        event.preventDefault();
        finish('');
      }
    });
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish('');
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

export const now = () => new Date().toISOString();
export const today = () => now().slice(0, 10);

/** Makes the browser download `text` as "NAME-YYYY-MM-DD.EXTENSION" (today's date). */
export const downloadDated = (name, extension, text) => downloadFile(`${name}-${today()}.${extension}`, text);
