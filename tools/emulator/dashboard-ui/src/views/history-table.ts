// The full history of an instance: every event with its time, type and payload. Rows are virtualised
// (10,000 events scroll smoothly); a filter narrows by type or text; clicking a row shows its details.
import type { HistoryEvent } from '../api-client.js';
import { formatClock, formatDuration, formatTime } from '../display-format.js';
import { h } from '../element-builder.js';
import { jsonPreview, jsonView } from '../json-view.js';
import { virtualList } from '../virtual-list.js';

const ROW_HEIGHT = 30;

function eventFamily(type: string): string {
  if (type.startsWith('Execution') || type === 'ContinueAsNew') return 'execution';
  if (type.startsWith('Task')) return 'task';
  if (type.startsWith('SubOrchestration')) return 'sub';
  if (type.startsWith('Timer')) return 'timer';
  if (type.startsWith('Orchestrator')) return 'orchestrator';
  if (type.startsWith('Event')) return 'event';
  if (type.startsWith('Entity')) return 'entity';
  return 'other';
}

function summary(e: HistoryEvent): string {
  const d = e.details;
  const parts: string[] = [];
  if (typeof d.name === 'string') parts.push(d.name);
  if (typeof d.taskScheduledId === 'number') parts.push(`task #${d.taskScheduledId}`);
  if (typeof d.timerId === 'number') parts.push(`timer #${d.timerId}`);
  if (typeof d.fireAt === 'string') parts.push(`fires ${formatClock(d.fireAt)}`);
  if (typeof d.instanceId === 'string') parts.push(d.instanceId);
  if (typeof d.orchestrationStatus === 'string') parts.push(d.orchestrationStatus);
  const payload = d.input ?? d.result ?? d.reason;
  if (payload !== undefined) parts.push(jsonPreview(payload, 160));
  const failure = d.failureDetails as { errorType?: string; errorMessage?: string } | undefined;
  if (failure) parts.push(`${failure.errorType ?? 'Error'}: ${failure.errorMessage ?? ''}`);
  return parts.join(' · ');
}

export interface HistoryTable {
  element: HTMLElement;
  show(index: number): void;
}

/** What survives a live refresh of the table: the selected event, the filter and the scroll position. */
export interface HistoryViewState {
  selected?: number;
  filter?: string;
  scrollTop?: number;
}

export function historyTable(events: readonly HistoryEvent[], state: HistoryViewState = {}): HistoryTable {
  const originMs = events.reduce((min, e) => (e.timestamp ? Math.min(min, Date.parse(e.timestamp)) : min), Infinity);
  let shown: readonly HistoryEvent[] = events;
  let selected = -1;
  const inspector = h('aside', { class: 'inspector' });
  const count = h('span', { class: 'history-count' });

  const showInspector = (e: HistoryEvent): void => {
    inspector.replaceChildren(
      h('div', { class: 'inspector-kind' }, `Event #${e.index} · eventId ${e.eventId}`),
      h('h3', { class: 'inspector-title' }, e.type),
      h('dl', { class: 'facts compact' }, h('dt', null, 'Time'), h('dd', null, e.timestamp ? `${formatTime(e.timestamp).slice(0, 10)} ${formatClock(e.timestamp)}` : '—')),
      h('h4', null, 'Details'),
      jsonView(JSON.stringify(e.details), { emptyText: 'no details' }),
    );
  };

  const list = virtualList(ROW_HEIGHT, (i) => {
    const e = shown[i]!;
    const elapsed = e.timestamp && Number.isFinite(originMs) ? `+${formatDuration(Date.parse(e.timestamp) - originMs)}` : '';
    const row = h(
      'div',
      { class: `hist-row${e.index === selected ? ' selected' : ''}`, data: { index: String(e.index) } },
      h('span', { class: 'hist-index mono' }, String(e.index)),
      h('span', { class: 'hist-time mono' }, formatClock(e.timestamp)),
      h('span', { class: 'hist-elapsed mono' }, elapsed),
      h('span', { class: 'hist-type' }, h('span', { class: `event-tag fam-${eventFamily(e.type)}` }, e.type)),
      h('span', { class: 'hist-id mono' }, e.eventId >= 0 ? String(e.eventId) : ''),
      h('span', { class: 'hist-summary' }, summary(e)),
    );
    row.addEventListener('click', () => {
      selected = e.index;
      state.selected = e.index;
      showInspector(e);
      list.refresh();
    });
    return row;
  }, 'history-rows');

  const filter = h('input', { attrs: { type: 'search', placeholder: 'Filter events by type or content…', 'aria-label': 'Filter events' } });
  const apply = (): void => {
    const text = filter.value.trim().toLowerCase();
    shown = text ? events.filter((e) => e.type.toLowerCase().includes(text) || JSON.stringify(e.details).toLowerCase().includes(text)) : events;
    count.textContent = text ? `${shown.length.toLocaleString('en-US')} of ${events.length.toLocaleString('en-US')} events` : `${events.length.toLocaleString('en-US')} events`;
    list.setCount(shown.length);
  };
  let t: ReturnType<typeof setTimeout> | undefined;
  filter.addEventListener('input', () => {
    if (t) clearTimeout(t);
    t = setTimeout(() => {
      state.filter = filter.value;
      apply();
    }, 150);
  });
  filter.value = state.filter ?? '';
  list.element.addEventListener('scroll', () => (state.scrollTop = list.element.scrollTop), { passive: true });

  const element = h(
    'div',
    { class: 'history' },
    h('div', { class: 'history-toolbar' }, filter, count),
    h(
      'div',
      { class: 'timeline-body' },
      h(
        'div',
        { class: 'timeline-main' },
        h(
          'div',
          { class: 'hist-head' },
          h('span', { class: 'hist-index' }, '#'),
          h('span', { class: 'hist-time' }, 'Time'),
          h('span', { class: 'hist-elapsed' }, 'Elapsed'),
          h('span', { class: 'hist-type' }, 'Event'),
          h('span', { class: 'hist-id' }, 'Id'),
          h('span', { class: 'hist-summary' }, 'Details'),
        ),
        list.element,
      ),
      inspector,
    ),
  );
  apply();
  const show = (index: number): void => {
    if (filter.value) {
      filter.value = '';
      apply();
    }
    const event = events[index];
    if (!event) return;
    selected = index;
    state.selected = index;
    showInspector(event);
    list.scrollToIndex(index);
  };
  if (state.scrollTop) requestAnimationFrame(() => (list.element.scrollTop = state.scrollTop ?? 0));
  const initial = state.selected !== undefined ? events[state.selected] : events[0];
  if (initial) {
    selected = initial.index;
    showInspector(initial);
    list.refresh();
  } else inspector.replaceChildren(h('div', { class: 'json-empty' }, 'No history yet: the instance has not started.'));
  return { element, show };
}
