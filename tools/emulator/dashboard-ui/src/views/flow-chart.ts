// The Flow of one instance, top to bottom: its start, one step per orchestrator episode that did
// something (what woke it, then what it scheduled — several tasks side by side are a fan-out, gathered
// again before the next step), and its end. Every node is a button: selecting one shows its input and
// output (or an event's payload) beside the flow.
import type { Flow, FlowNode, TimelineSpan } from '../api-client.js';
import { formatClock, formatDuration } from '../display-format.js';
import { h } from '../element-builder.js';
import { jsonPreview } from '../json-view.js';
import { KIND_LABEL, SPAN_STATUS, showEvent, showTask } from './step-inspector.js';

/** Nodes drawn per step at first; the rest come on request (a fan-out of thousands stays quick). */
const FIRST_NODES = 24;
const MORE_NODES = 200;

const KIND_ICON: Record<FlowNode['kind'], string> = { orchestration: '◆', activity: '▸', subOrchestration: '▣', timer: '◷', event: '⚡' };

/** What survives a live refresh of the flow: the selected node and how far each step was expanded. */
export interface FlowViewState {
  selected?: string;
  shown?: Record<number, number>;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** How an event reads in the flow, from its history fields. */
function eventLabel(node: FlowNode): string {
  const d = node.details ?? {};
  const target = text(d.instanceId) || text((d.targetInstance as { instanceId?: unknown } | undefined)?.instanceId) || text(d.targetInstanceId);
  switch (node.type) {
    case 'EventRaised':
      return `"${node.name}" received`;
    case 'EventSent':
      return `"${node.name}" sent${target ? ` to ${target}` : ''}`;
    case 'ExecutionSuspended':
      return 'Suspended';
    case 'ExecutionResumed':
      return 'Resumed';
    case 'ExecutionTerminated':
      return 'Terminate requested';
    case 'ExecutionRewound':
      return 'Rewound';
    case 'ContinueAsNew':
      return 'Continued as new';
    case 'EntityOperationCalled':
      return `call ${node.name}${target ? ` on ${target}` : ''}`;
    case 'EntityOperationSignaled':
      return `signal ${node.name}${target ? ` to ${target}` : ''}`;
    case 'EntityLockRequested':
      return 'Entity locks requested';
    default:
      return node.type ?? 'Event';
  }
}

function duration(node: { start: string; end?: string | null }): string {
  return node.end ? formatDuration(Date.parse(node.end) - Date.parse(node.start)) : 'running';
}

export function flowChart(hub: string, flow: Flow, onShowEvent: (index: number) => void, state: FlowViewState = {}): HTMLElement {
  const orchestration = flow.orchestration;
  const origin = orchestration ? Date.parse(orchestration.start) : flow.steps[0] ? Date.parse(flow.steps[0].at) : Date.now();
  const inspector = h('aside', { class: 'inspector', attrs: { 'aria-live': 'polite', 'aria-label': 'Selected step' } });
  const nodesByKey = new Map<string, () => void>();
  const buttons = new Map<string, HTMLButtonElement>();
  state.shown ??= {};

  const select = (key: string): void => {
    state.selected = key;
    for (const [k, b] of buttons) {
      b.classList.toggle('selected', k === key);
      b.setAttribute('aria-pressed', String(k === key));
    }
    nodesByKey.get(key)?.();
  };

  const nodeButton = (key: string, classes: string, content: (HTMLElement | string)[], show: () => void, label: string): HTMLButtonElement => {
    const button = h('button', { class: `flow-node ${classes}`, attrs: { type: 'button', 'aria-pressed': 'false', 'aria-label': label }, data: { key } }, content);
    button.addEventListener('click', () => select(key));
    nodesByKey.set(key, show);
    buttons.set(key, button);
    return button;
  };

  const taskNode = (key: string, node: FlowNode): HTMLButtonElement => {
    const kind = node.kind as TimelineSpan['kind'];
    const status = node.status ?? 'running';
    const hint = kind === 'timer' ? (node.fireAt ? `until ${formatClock(node.fireAt)}` : '') : jsonPreview(node.input, 28);
    return nodeButton(
      key,
      `kind-${kind} st-${status}`,
      [
        h('span', { class: 'flow-node-head' }, h('span', { class: 'flow-icon', attrs: { 'aria-hidden': 'true' } }, KIND_ICON[kind]), h('span', { class: 'flow-name' }, node.name || KIND_LABEL[kind])),
        hint ? h('span', { class: 'flow-hint' }, hint) : '',
        h('span', { class: 'flow-meta' }, h('span', { class: `flow-status st-${status}` }, SPAN_STATUS[status]), ' · ', duration(node), (node.attempt ?? 1) > 1 ? ` · retry ${(node.attempt ?? 1) - 1}` : ''),
      ],
      () => showTask(inspector, hub, { ...node, kind }, origin, onShowEvent),
      `${KIND_LABEL[kind]} ${node.name}, ${SPAN_STATUS[status]}`,
    );
  };

  const eventNode = (key: string, node: FlowNode): HTMLButtonElement => {
    const label = eventLabel(node);
    const payload = node.details?.input;
    return nodeButton(
      key,
      `kind-event ev-${(node.type ?? '').toLowerCase()}`,
      [h('span', { class: 'flow-node-head' }, h('span', { class: 'flow-icon', attrs: { 'aria-hidden': 'true' } }, KIND_ICON.event), h('span', { class: 'flow-name' }, label)), payload !== undefined ? h('span', { class: 'flow-hint' }, jsonPreview(payload, 28)) : ''],
      () => showEvent(inspector, { label, time: node.start, index: node.events[0] ?? 0, payload }, origin, onShowEvent),
      `Event: ${label}`,
    );
  };

  // Numbered as shown: episodes that did nothing visible (a result of a fan-out still being gathered) are left out.
  const stepItems = flow.steps.map((step, ordinal) => {
    const received = step.received.map((n, i) => eventNode(`${step.episode}:r${i}`, n));
    const tasks = step.scheduled.filter((n) => n.kind !== 'event');
    const fanOut = tasks.length > 1;
    const limit = state.shown![step.episode] ?? FIRST_NODES;
    const scheduled = step.scheduled.slice(0, limit).map((n, i) => (n.kind === 'event' ? eventNode(`${step.episode}:s${i}`, n) : taskNode(`${step.episode}:s${i}`, n)));
    const hidden = step.scheduled.length - scheduled.length;
    const more = hidden > 0 ? h('button', { class: 'btn flow-more', attrs: { type: 'button' } }, `+${hidden.toLocaleString('en-US')} more`) : null;
    more?.addEventListener('click', () => {
      state.shown![step.episode] = limit + MORE_NODES;
      container.replaceWith(flowChart(hub, flow, onShowEvent, state));
    });
    const failed = tasks.filter((n) => n.status === 'failed').length;
    const head = [
      `Step ${ordinal + 1}`,
      `+${formatDuration(Date.parse(step.at) - origin)}`,
      fanOut ? `fan-out ×${tasks.length.toLocaleString('en-US')}` : '',
      failed > 0 ? `${failed} failed` : '',
    ].filter(Boolean);
    return h(
      'li',
      { class: `flow-step${fanOut ? ' fan-out' : ''}`, data: { episode: String(step.episode) } },
      h('div', { class: 'flow-step-head' }, head.join(' · ')),
      received.length > 0 ? h('div', { class: 'flow-received' }, received) : null,
      scheduled.length > 0 ? h('div', { class: 'flow-nodes' }, scheduled, more) : null,
      fanOut ? h('div', { class: 'flow-join', attrs: { 'aria-label': `fan-in of ${tasks.length} tasks` } }, 'fan-in') : null,
    );
  });

  const ends: HTMLElement[] = [];
  if (orchestration) {
    const start = nodeButton(
      'start',
      'flow-terminal kind-orchestration',
      [h('span', { class: 'flow-node-head' }, h('span', { class: 'flow-icon', attrs: { 'aria-hidden': 'true' } }, '●'), h('span', { class: 'flow-name' }, `Start · ${orchestration.name}`)), h('span', { class: 'flow-hint' }, jsonPreview(orchestration.input, 40))],
      () => showTask(inspector, hub, orchestration, origin, onShowEvent),
      `Start of ${orchestration.name}`,
    );
    ends.push(h('li', { class: 'flow-step flow-edge' }, start));
  }
  const finished = orchestration?.end ? orchestration : undefined;
  const end = finished
    ? nodeButton(
        'end',
        `flow-terminal st-${finished.status}`,
        [h('span', { class: 'flow-node-head' }, h('span', { class: 'flow-icon', attrs: { 'aria-hidden': 'true' } }, '■'), h('span', { class: 'flow-name' }, `${SPAN_STATUS[finished.status]} · ${duration(finished)}`)), h('span', { class: 'flow-hint' }, jsonPreview(finished.status === 'failed' ? finished.failure : finished.output, 40))],
        () => showTask(inspector, hub, finished, origin, onShowEvent),
        `End: ${SPAN_STATUS[finished.status]}`,
      )
    : h('div', { class: 'flow-waiting' }, 'Running: the next step comes when a task finishes or an event arrives');
  const steps = h('ol', { class: 'flow-steps', attrs: { 'aria-label': 'Execution flow' } }, ends, stepItems, h('li', { class: 'flow-step flow-edge' }, end));
  const summary = `${flow.steps.length} steps · ${flow.steps.reduce((n, s) => n + s.scheduled.length, 0).toLocaleString('en-US')} scheduled · ${flow.steps.reduce((n, s) => n + s.received.length, 0)} received`;
  const container = h(
    'div',
    { class: 'flow' },
    h('div', { class: 'tl-legend flow-legend' }, h('span', null, 'Each step is one orchestrator episode: what woke it, then what it scheduled.'), h('span', { class: 'tl-legend-summary' }, summary)),
    h('div', { class: 'timeline-body' }, h('div', { class: 'flow-canvas' }, steps), inspector),
  );
  const initial = state.selected && nodesByKey.has(state.selected) ? state.selected : [...nodesByKey.keys()].find((k) => k !== 'start') ?? 'start';
  if (nodesByKey.has(initial)) select(initial);
  else inspector.replaceChildren(h('div', { class: 'json-empty' }, 'Nothing has run yet.'));
  return container;
}
