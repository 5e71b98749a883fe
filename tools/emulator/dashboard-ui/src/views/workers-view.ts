// Workers connected to the task hub over GetWorkItems: who they are, since when, and what they hold.
import { api } from '../api-client.js';
import { formatAgo, formatTime } from '../display-format.js';
import { h } from '../element-builder.js';
import type { MountedView, ViewContext } from './view.js';

export function workersView(ctx: ViewContext): MountedView {
  const hub = ctx.route.hub;
  const tbody = h('tbody');
  const subtitle = h('span', { class: 'page-subtitle' });
  const errorBox = h('div', { class: 'banner banner-error', attrs: { hidden: true, role: 'alert' } });
  const load = async (): Promise<void> => {
    try {
      const { workers } = await api.workers(hub);
      errorBox.hidden = true;
      subtitle.textContent = `${workers.length} connected · task hub ${hub} · refreshes every 3 s`;
      tbody.replaceChildren(
        ...(workers.length > 0
          ? workers.map((w) =>
              h(
                'tr',
                null,
                h('td', null, h('span', { class: 'live-dot on' }), ' ', w.userAgent || '—'),
                h('td', { class: 'mono' }, w.workerId || '—'),
                h('td', { class: 'col-time', title: formatTime(w.connectedAt) }, `${formatTime(w.connectedAt)} (${formatAgo(w.connectedAt)})`),
                h('td', { class: 'num' }, String(w.workItemsInFlight)),
              ),
            )
          : [h('tr', null, h('td', { class: 'empty', attrs: { colspan: 4 } }, h('div', { class: 'empty-title' }, 'No workers connected'), h('div', { class: 'empty-hint' }, 'Start a worker host pointed at this emulator; it appears here as soon as it asks for work.')))]),
      );
    } catch (err) {
      errorBox.textContent = (err as Error).message;
      errorBox.hidden = false;
    }
  };
  const timer = setInterval(() => void load(), 3000);
  void load();
  const element = h(
    'section',
    { class: 'page' },
    h('header', { class: 'page-header' }, h('div', null, h('h1', null, 'Workers'), subtitle)),
    errorBox,
    h('div', { class: 'table-card' }, h('table', { class: 'grid' }, h('thead', null, h('tr', null, ['User agent', 'Worker ID', 'Connected since', 'Work items in flight'].map((c) => h('th', null, c)))), tbody)),
  );
  return { element, dispose: () => clearInterval(timer) };
}
