// The Gantt view of one instance: the orchestration, each activity, sub-orchestration and timer as a
// bar from scheduling to result (retries numbered), and events as diamonds. Clicking a row shows its
// input and output. Rows are virtualised, so thousands of tasks stay smooth.
import type { Timeline, TimelineSpan } from '../api-client.js';
import { formatClock, formatDuration } from '../display-format.js';
import { h } from '../element-builder.js';
import { jsonPreview } from '../json-view.js';
import { virtualList } from '../virtual-list.js';
import { KIND_LABEL, SPAN_STATUS, showEvent, showTask } from './step-inspector.js';

type Row = { kind: 'span'; span: TimelineSpan; start: number } | { kind: 'marker'; label: string; type: string; time: number; index: number };

const ROW_HEIGHT = 30;
const KIND_ICON: Record<TimelineSpan['kind'], string> = { orchestration: '◆', activity: '▸', subOrchestration: '▣', timer: '◷' };

/** What survives a live refresh of the chart: the selected row and the scroll position. */
export interface TimelineViewState {
  selected?: number;
  scrollTop?: number;
}

export function timelineChart(
  hub: string,
  timeline: Timeline,
  onShowEvent: (index: number) => void,
  state: TimelineViewState = {},
): HTMLElement {
  const origin = timeline.start ? Date.parse(timeline.start) : Date.now();
  // A finished instance's chart ends at its end; a running one's at "now".
  const openEnd = timeline.end ? Date.parse(timeline.end) : Date.now();
  const lastTime = Math.max(
    origin + 1,
    openEnd,
    ...timeline.spans.map((s) => (s.end ? Date.parse(s.end) : s.fireAt ? Math.min(Date.parse(s.fireAt), openEnd) : openEnd)),
    ...timeline.markers.map((m) => Date.parse(m.time)),
  );
  const range = lastTime - origin;
  const pct = (t: number): number => ((t - origin) / range) * 100;

  const [orchestration, ...rest] = timeline.spans[0]?.kind === 'orchestration' ? timeline.spans : [undefined, ...timeline.spans];
  const rows: Row[] = [
    ...rest.map((span) => ({ kind: 'span' as const, span: span!, start: Date.parse(span!.start) })),
    ...timeline.markers.map((m) => ({ kind: 'marker' as const, label: m.label, type: m.type, time: Date.parse(m.time), index: m.index })),
  ].sort((a, b) => (a.kind === 'span' ? a.start : a.time) - (b.kind === 'span' ? b.start : b.time));
  if (orchestration) rows.unshift({ kind: 'span', span: orchestration, start: Date.parse(orchestration.start) });

  const inspector = h('aside', { class: 'inspector', attrs: { 'aria-live': 'polite' } });
  let selected = -1;

  const showInspector = (row: Row): void => {
    if (row.kind === 'marker') showEvent(inspector, { label: row.label, time: new Date(row.time).toISOString(), index: row.index }, origin, onShowEvent);
    else showTask(inspector, hub, row.span, origin, onShowEvent);
  };

  const list = virtualList(ROW_HEIGHT, (i) => {
    const row = rows[i]!;
    let label: HTMLElement;
    let track: HTMLElement;
    if (row.kind === 'marker') {
      label = h('div', { class: 'tl-label' }, h('span', { class: 'tl-icon marker' }, '◇'), h('span', { class: 'tl-name' }, row.label));
      track = h('div', { class: 'tl-track' }, h('span', { class: `tl-marker tl-marker-${row.type.toLowerCase()}`, style: { left: `${pct(row.time)}%` }, title: row.label }));
    } else {
      const s = row.span;
      const end = s.end ? Date.parse(s.end) : s.kind === 'timer' && s.fireAt ? Math.min(Date.parse(s.fireAt), lastTime) : lastTime;
      const left = pct(row.start);
      const width = Math.max(pct(end) - left, 0);
      const duration = formatDuration((s.end ? Date.parse(s.end) : Date.now()) - row.start);
      label = h(
        'div',
        { class: 'tl-label' },
        h('span', { class: `tl-icon kind-${s.kind}` }, KIND_ICON[s.kind]),
        h('span', { class: 'tl-name' }, s.name || KIND_LABEL[s.kind]),
        s.kind === 'activity' || s.kind === 'subOrchestration' ? h('span', { class: 'tl-hint' }, jsonPreview(s.input, 40)) : null,
        s.kind === 'timer' && s.fireAt ? h('span', { class: 'tl-hint' }, `until ${formatClock(s.fireAt)}`) : null,
        s.attempt > 1 ? h('span', { class: 'tl-attempt', title: `Attempt ${s.attempt} (retry after a failure)` }, `retry ${s.attempt - 1}`) : null,
      );
      const bar = h(
        'span',
        {
          class: `tl-bar kind-${s.kind} st-${s.status}`,
          style: { left: `${left}%`, width: `${width}%` },
          title: `${KIND_LABEL[s.kind]} ${s.name} · ${SPAN_STATUS[s.status]} · ${duration}`,
        },
      );
      // Bars that reach the right edge carry their duration inside; others show it just after the bar.
      const nearEnd = left + width > 85;
      const inside = nearEnd && width > 8;
      const placement = inside ? ' inside' : nearEnd ? ' before' : '';
      // A label inside a bar takes the bar's kind and status, so its colour reads on the bar's colour.
      const durationLabel = h(
        'span',
        { class: `tl-duration${placement}${inside ? ` kind-${s.kind} st-${s.status}` : ''}`, style: { left: `${nearEnd && !inside ? left : left + width}%` } },
        duration,
      );
      track = h('div', { class: 'tl-track' }, bar, durationLabel);
    }
    const el = h('div', { class: `tl-row${i === selected ? ' selected' : ''}${i === 0 && orchestration ? ' tl-root' : ''}`, data: { row: String(i) } }, label, track);
    el.addEventListener('click', () => {
      selected = i;
      state.selected = i;
      showInspector(row);
      list.refresh();
    });
    return el;
  }, 'timeline-rows');

  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) =>
    h('span', { class: 'tl-tick', style: { left: `${f * 100}%` } }, f === 0 ? formatClock(new Date(origin).toISOString()) : `+${formatDuration(range * f)}`),
  );
  const legend = h(
    'div',
    { class: 'tl-legend' },
    [
      ['kind-activity', 'Activity'],
      ['kind-subOrchestration', 'Sub-orchestration'],
      ['kind-timer', 'Timer'],
      ['st-failed', 'Failed'],
      ['st-running', 'Running'],
    ].map(([cls, text]) => h('span', { class: 'tl-legend-item' }, h('span', { class: `tl-swatch ${cls}` }), text)),
    h('span', { class: 'tl-legend-summary' }, `${rest.length} tasks · ${timeline.markers.length} events · ${formatDuration(range)}`),
  );
  const chart = h(
    'div',
    { class: 'timeline' },
    legend,
    h(
      'div',
      { class: 'timeline-body' },
      h('div', { class: 'timeline-main' }, h('div', { class: 'tl-axis' }, h('div', { class: 'tl-label tl-axis-label' }, 'Task'), h('div', { class: 'tl-track' }, ticks)), list.element),
      inspector,
    ),
  );
  list.setCount(rows.length);
  list.element.addEventListener('scroll', () => (state.scrollTop = list.element.scrollTop), { passive: true });
  if (state.scrollTop) requestAnimationFrame(() => (list.element.scrollTop = state.scrollTop ?? 0));
  const firstTask = rows.findIndex((r, i) => i > 0 && r.kind === 'span');
  const initial = state.selected !== undefined && state.selected < rows.length ? state.selected : firstTask > 0 ? firstTask : 0;
  if (rows[initial]) {
    selected = initial;
    showInspector(rows[initial]!);
    list.refresh();
  } else {
    inspector.replaceChildren(h('div', { class: 'json-empty' }, 'Nothing has run yet.'));
  }
  return chart;
}
