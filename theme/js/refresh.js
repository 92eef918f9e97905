// Everything that shows the state registers here, to be redrawn after the
// state changes as a whole (an import, another tab's save).

const views = [];

export function onRefresh(view) {
  views.push(view);
}

export function refreshAll() {
  for (const view of views) {
    view();
  }
}
