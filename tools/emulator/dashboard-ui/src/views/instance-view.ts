// One instance: who it is, what it did (timeline and history) and what it was given and returned, with
// the actions that apply to its status. Refreshes itself while it changes.
import { api, type HistoryEvent, type InstanceDetail } from '../api-client.js';
import { toast } from '../action-dialog.js';
import { formatAgo, formatDuration, formatTime } from '../display-format.js';
import { h, svg } from '../element-builder.js';
import { jsonView } from '../json-view.js';
import { live } from '../live-updates.js';
import { href, instanceHref, replaceQuery } from '../routes.js';
import { statusChip } from '../status-chip.js';
import { historyTable, type HistoryViewState } from './history-table.js';
import { instanceActions } from './instance-actions.js';
import { liveToggle } from './live-toggle.js';
import { flowChart, type FlowViewState } from './flow-chart.js';
import { timelineChart, type TimelineViewState } from './timeline-chart.js';
import type { MountedView, ViewContext } from './view.js';

const TABS = [
  ['timeline', 'Timeline'],
  ['flow', 'Flow'],
  ['history', 'History'],
  ['payloads', 'Input & output'],
] as const;
type Tab = (typeof TABS)[number][0];

function card(title: string, body: Node, open = true): HTMLElement {
  const details = h('details', { class: 'card payload-card', attrs: { open } }, h('summary', { class: 'card-title' }, title), body);
  return details;
}

export function instanceView(ctx: ViewContext): MountedView {
  const { route } = ctx;
  const hub = route.hub;
  const id = route.instanceId!;
  let tab: Tab = (TABS.find(([t]) => t === route.query.get('tab'))?.[0] ?? 'timeline') as Tab;
  let instance: InstanceDetail | undefined;

  const toggle = liveToggle();
  const head = h('div', { class: 'instance-head' });
  const facts = h('dl', { class: 'facts' });
  const failure = h('div');
  const tabBar = h('nav', { class: 'tabs', attrs: { role: 'tablist' } });
  const panel = h('div', { class: 'tab-panel' });
  const errorBox = h('div', { class: 'banner banner-error', attrs: { hidden: true, role: 'alert' } });

  const renderHead = (i: InstanceDetail): void => {
    const copy = h(
      'button',
      { class: 'btn-icon', attrs: { type: 'button', 'aria-label': 'Copy instance ID' }, title: 'Copy instance ID' },
      svg(
        'svg',
        { viewBox: '0 0 16 16', fill: 'none', stroke: 'currentColor', 'stroke-width': 1.5 },
        svg('rect', { x: 5.5, y: 5.5, width: 8, height: 8, rx: 1.5 }),
        svg('path', { d: 'M10.5 3.5v-1a1 1 0 0 0-1-1h-6a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h1' }),
      ),
    );
    copy.addEventListener('click', () => void navigator.clipboard?.writeText(i.instanceId).then(() => toast('Instance ID copied')));
    head.replaceChildren(
      h('nav', { class: 'breadcrumb' }, h('a', { attrs: { href: href(hub, 'orchestrations') } }, 'Orchestrations'), h('span', null, '›'), h('span', { class: 'mono' }, i.instanceId)),
      h(
        'div',
        { class: 'instance-title-row' },
        h(
          'div',
          { class: 'instance-title' },
          h('h1', { class: 'mono instance-id' }, i.instanceId),
          copy,
          statusChip(i.runtimeStatus),
        ),
        h(
          'div',
          { class: 'page-actions' },
          toggle.element,
          h('a', { class: 'btn', attrs: { href: api.exportUrl(hub, i.instanceId), download: '', 'data-action': 'export' }, title: 'Download the instance and its whole history as JSON' }, 'Export history'),
          instanceActions(hub, i, () => void load()),
        ),
      ),
      h('div', { class: 'instance-subtitle' }, h('span', { class: 'instance-name' }, i.name), i.version ? h('span', { class: 'pill' }, `v${i.version}`) : null, h('span', { class: 'muted mono' }, `execution ${i.executionId}`)),
    );
    const end = i.completedAt ? Date.parse(i.completedAt) : Date.now();
    const rows: [string, Node | string][] = [
      ['Created', h('span', { title: formatAgo(i.createdAt) }, formatTime(i.createdAt))],
      ['Last updated', h('span', { title: formatTime(i.lastUpdatedAt) }, formatAgo(i.lastUpdatedAt))],
      ['Completed', formatTime(i.completedAt)],
      ['Duration', `${formatDuration(end - Date.parse(i.createdAt))}${i.completedAt ? '' : ' so far'}`],
    ];
    if (i.scheduledStartAt) rows.push(['Scheduled start', formatTime(i.scheduledStartAt)]);
    if (i.parentInstanceId) rows.push(['Parent', h('a', { class: 'mono', attrs: { href: instanceHref(hub, i.parentInstanceId) } }, i.parentInstanceId)]);
    const tags = Object.entries(i.tags);
    if (tags.length > 0) rows.push(['Tags', h('span', { class: 'tags' }, tags.map(([k, v]) => h('span', { class: 'tag' }, h('span', { class: 'tag-key' }, k), v)))]);
    facts.replaceChildren(...rows.map(([k, v]) => h('div', { class: 'fact' }, h('dt', null, k), h('dd', null, v))));
    failure.hidden = !i.failureDetails;
    failure.replaceChildren(
      i.failureDetails
        ? h(
            'div',
            { class: 'banner banner-error failure' },
            h('div', { class: 'failure-title' }, h('strong', null, i.failureDetails.errorType || 'Error'), ': ', i.failureDetails.errorMessage),
            i.failureDetails.stackTrace ? h('details', null, h('summary', null, 'Stack trace'), h('pre', { class: 'stack' }, i.failureDetails.stackTrace)) : null,
          )
        : '',
    );
  };

  const renderTabs = (historyCount?: number): void => {
    tabBar.replaceChildren(
      ...TABS.map(([key, label]) => {
        const b = h(
          'button',
          { class: `tab${key === tab ? ' active' : ''}`, attrs: { type: 'button', role: 'tab', 'aria-selected': String(key === tab) }, data: { tab: key } },
          label,
          key === 'history' && historyCount !== undefined ? h('span', { class: 'tab-count' }, historyCount.toLocaleString('en-US')) : null,
        );
        b.addEventListener('click', () => {
          tab = key;
          const q = new URLSearchParams(route.query);
          q.set('tab', key);
          replaceQuery(route, q);
          void loadTab();
        });
        return b;
      }),
    );
  };

  let history: HistoryEvent[] | undefined;
  const timelineState: TimelineViewState = {};
  const flowState: FlowViewState = {};
  const historyState: HistoryViewState = {};
  let pendingHistoryIndex: number | undefined;
  const loadTab = async (): Promise<void> => {
    renderTabs(history?.length);
    try {
      if (tab === 'payloads') {
        if (!instance) return;
        panel.replaceChildren(
          h(
            'div',
            { class: 'payload-grid' },
            card('Input', jsonView(instance.input, { emptyText: 'no input' })),
            card('Output', jsonView(instance.output, { emptyText: instance.completedAt ? 'no output' : 'not finished yet' })),
            card('Custom status', jsonView(instance.customStatus, { emptyText: 'not set' })),
            card('Failure details', jsonView(instance.failureDetails ? JSON.stringify(instance.failureDetails) : null, { emptyText: 'none' })),
          ),
        );
        return;
      }
      if (tab === 'history') {
        const result = await api.history(hub, id);
        history = result.events;
        renderTabs(history.length);
        const table = historyTable(result.events, historyState);
        panel.replaceChildren(table.element);
        if (pendingHistoryIndex !== undefined) {
          table.show(pendingHistoryIndex);
          pendingHistoryIndex = undefined;
        }
        return;
      }
      const showInHistory = (index: number): void => {
        pendingHistoryIndex = index;
        tab = 'history';
        const q = new URLSearchParams(route.query);
        q.set('tab', 'history');
        replaceQuery(route, q);
        void loadTab();
      };
      if (tab === 'flow') {
        panel.replaceChildren(flowChart(hub, await api.flow(hub, id), showInHistory, flowState));
        return;
      }
      panel.replaceChildren(timelineChart(hub, await api.timeline(hub, id), showInHistory, timelineState));
    } catch (err) {
      panel.replaceChildren(h('div', { class: 'banner banner-error' }, (err as Error).message));
    }
  };

  const load = async (): Promise<void> => {
    try {
      instance = await api.instance(hub, id);
      errorBox.hidden = true;
      renderHead(instance);
      await loadTab();
    } catch (err) {
      errorBox.textContent = (err as Error).message;
      errorBox.hidden = false;
      if (!instance) {
        head.replaceChildren(
          h('nav', { class: 'breadcrumb' }, h('a', { attrs: { href: href(hub, 'orchestrations') } }, 'Orchestrations'), h('span', null, '›'), h('span', { class: 'mono' }, id)),
        );
      }
    }
  };

  let throttle: ReturnType<typeof setTimeout> | undefined;
  const unsubscribe = live.subscribe((ids) => {
    if (ids.length > 0 && !ids.includes(id)) return;
    if (throttle) return;
    throttle = setTimeout(() => {
      throttle = undefined;
      void load();
    }, 500);
  });

  void load();
  const element = h('section', { class: 'page page-instance' }, head, errorBox, failure, facts, tabBar, panel);
  return {
    element,
    dispose() {
      toggle.dispose();
      unsubscribe();
      if (throttle) clearTimeout(throttle);
    },
  };
}
