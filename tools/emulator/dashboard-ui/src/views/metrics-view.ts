// Metrics of the task hub: instances by status, completions per minute over the last hour, backlog.
import { api, type Metrics } from '../api-client.js';
import { formatCount } from '../display-format.js';
import { h } from '../element-builder.js';
import { href } from '../routes.js';
import { STATUSES, statusClass } from '../status-chip.js';
import type { MountedView, ViewContext } from './view.js';

function completionChart(m: Metrics): HTMLElement {
  const buckets = m.completionsPerMinute;
  const max = Math.max(1, ...buckets.map((b) => b.completed + b.failed + b.terminated));
  const columns = buckets.map((b) => {
    const total = b.completed + b.failed + b.terminated;
    const time = new Date(b.minute).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    return h(
      'div',
      { class: 'chart-col', title: `${time} · ${total} finished (${b.completed} completed, ${b.failed} failed, ${b.terminated} terminated)` },
      ([
        [b.terminated, 'bar-terminated'],
        [b.failed, 'bar-failed'],
        [b.completed, 'bar-completed'],
      ] as const)
        .filter(([n]) => n > 0)
        .map(([n, cls]) => h('div', { class: `chart-seg ${cls}`, style: { height: `${(n / max) * 100}%` } })),
    );
  });
  return h(
    'div',
    { class: 'chart', attrs: { role: 'img', 'aria-label': 'Completions per minute, last hour' } },
    h('div', { class: 'chart-y' }, h('span', null, String(max)), h('span', null, '0')),
    h('div', { class: 'chart-plot' }, columns),
    h('div', { class: 'chart-x' }, h('span', null, '60 min ago'), h('span', null, '30 min ago'), h('span', null, 'now')),
  );
}

export function metricsView(ctx: ViewContext): MountedView {
  const hub = ctx.route.hub;
  const body = h('div', { class: 'metrics' });
  const errorBox = h('div', { class: 'banner banner-error', attrs: { hidden: true, role: 'alert' } });
  const load = async (): Promise<void> => {
    try {
      const m = await api.metrics(hub);
      errorBox.hidden = true;
      const total = Object.values(m.countsByStatus).reduce((a, b) => a + b, 0);
      const lastHour = m.completionsPerMinute.reduce((n, b) => n + b.completed + b.failed + b.terminated, 0);
      const statusCards = STATUSES.filter((s) => s !== 'Canceled' && (s !== 'ContinuedAsNew' || (m.countsByStatus[s] ?? 0) > 0)).map((s) =>
        h(
          'a',
          { class: `stat ${statusClass(s)}`, attrs: { href: href(hub, 'orchestrations', new URLSearchParams({ status: s })) } },
          h('span', { class: 'stat-label' }, h('span', { class: 'dot' }), s),
          h('span', { class: 'stat-value' }, formatCount(m.countsByStatus[s] ?? 0)),
          h('span', { class: 'stat-bar' }, h('span', { style: { width: `${total ? ((m.countsByStatus[s] ?? 0) / total) * 100 : 0}%` } })),
        ),
      );
      const backlog: [string, number][] = [
        ['Orchestration messages due', m.backlog.orchestrationMessages],
        ['Scheduled (timers, delayed starts)', m.backlog.scheduledMessages],
        ['Activities queued', m.backlog.activitiesQueued],
        ['Entity operations queued', m.backlog.entityMessages],
        ['Workers connected', m.workers],
      ];
      body.replaceChildren(
        h('h2', { class: 'section-title' }, `Instances by status · ${formatCount(total)} total`),
        h('div', { class: 'stat-grid' }, statusCards),
        h(
          'div',
          { class: 'card' },
          h('div', { class: 'card-title' }, `Completions per minute · last hour (${formatCount(lastHour)})`, h('span', { class: 'chart-legend' }, h('span', { class: 'sw bar-completed' }), 'Completed', h('span', { class: 'sw bar-failed' }), 'Failed', h('span', { class: 'sw bar-terminated' }), 'Terminated')),
          completionChart(m),
        ),
        h('h2', { class: 'section-title' }, 'Backlog'),
        h('div', { class: 'stat-grid' }, backlog.map(([label, n]) => h('div', { class: 'stat' }, h('span', { class: 'stat-label' }, label), h('span', { class: 'stat-value' }, formatCount(n))))),
      );
    } catch (err) {
      errorBox.textContent = (err as Error).message;
      errorBox.hidden = false;
    }
  };
  const timer = setInterval(() => void load(), 5000);
  void load();
  const element = h(
    'section',
    { class: 'page' },
    h('header', { class: 'page-header' }, h('div', null, h('h1', null, 'Metrics'), h('span', { class: 'page-subtitle' }, `task hub ${hub} · refreshes every 5 s`))),
    errorBox,
    body,
  );
  return { element, dispose: () => clearInterval(timer) };
}
