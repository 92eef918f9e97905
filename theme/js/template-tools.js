// The copy and download buttons of templates (their text is in the page).

import { downloadFile } from './dom.js';

/** Handles a click on a template's Copy or Download button; false for other clicks. */
export function onTemplateTool(target) {
  const tool = target.closest?.('[data-cb-copy],[data-cb-download]');
  if (!tool) {
    return false;
  }
  const copy = tool.hasAttribute('data-cb-copy');
  const id = tool.getAttribute(copy ? 'data-cb-copy' : 'data-cb-download');
  const source = document.getElementById(`${id}-text`);
  if (!source) {
    return false;
  }
  if (copy) {
    navigator.clipboard?.writeText(source.textContent).then(() => {
      tool.textContent = 'Copied';
    });
  } else {
    downloadFile(tool.getAttribute('data-cb-filename') || 'template.md', source.textContent, 'text/markdown');
  }
  return true;
}
