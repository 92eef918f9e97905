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

/**
 * Creates an element: `h("p.cb-note", { role: "alert" }, "text", child)`.
 * Attributes starting with "on" become event listeners.
 */
export function h(tagAndClasses, attributes, ...children) {
  if (attributes == null || typeof attributes !== 'object' || attributes instanceof Node || Array.isArray(attributes)) {
    children.unshift(attributes);
    attributes = {};
  }
  const [tag, ...classes] = tagAndClasses.split('.');
  const element = document.createElement(tag);
  if (classes.length) {
    element.className = classes.join(' ');
  }
  for (const [name, value] of Object.entries(attributes)) {
    if (value == null || value === false) {
      continue;
    }
    if (name.startsWith('on')) {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? '' : value);
    }
  }
  return fill(element, ...children);
}

/** Sets an element's text only when it differs (no needless layout). */
export function setText(element, text) {
  if (element.textContent !== text) {
    element.textContent = text;
  }
}

export const paragraph = (text, className) => h('p', { class: className }, text);
export const tools = (...children) => h('div.cb-tools', children);

/** A button; `action` names what the delegated click handler does (see main.js). */
export const button = (label, action, ...extra) =>
  h('button.cb-button', { type: 'button', 'data-cb-action': action }, label, ...extra);

/** Makes the browser download `text` as a file. */
export function downloadFile(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

let lastId = 0;
export const uniqueId = () => `cb-u${++lastId}`;

/**
 * Asks a question in the page and resolves to the value of the chosen button
 * ("" for Escape). `choices`: [value, label, isTheSafeDefault].
 * No <form method=dialog>: mdBook's page script cancels form submits.
 */
export function ask(title, body, choices) {
  return new Promise((resolve) => {
    const titleId = uniqueId();
    const dialog = h('dialog.cb-dialog', { 'aria-labelledby': titleId }, h('h2', { id: titleId }, title), body);
    // Settled at once (not on the later "close" event), so whatever the
    // answer changes is done by the time the dialog has gone.
    const finish = (value) => {
      if (dialog.isConnected) {
        dialog.close();
        dialog.remove();
        resolve(value);
      }
    };
    const buttons = choices.map(([value, label, isDefault]) => {
      const choice = h('button.cb-button', { type: 'button', onclick: () => finish(value) }, label);
      choice.autofocus = Boolean(isDefault);
      return choice;
    });
    dialog.append(tools(buttons));
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
