// The dashboard shell: sidebar (task hub switcher, navigation, connection), and the view for the URL.
import './styles.css';
import { api } from './api-client.js';
import { h } from './element-builder.js';
import { live } from './live-updates.js';
import { href, parseRoute, type Route, type View } from './routes.js';
import { entitiesView } from './views/entities-view.js';
import { goToInstance } from './views/go-to-instance.js';
import { instanceView } from './views/instance-view.js';
import { metricsView } from './views/metrics-view.js';
import { orchestrationsView } from './views/orchestrations-view.js';
import type { MountedView, ViewContext } from './views/view.js';
import { workersView } from './views/workers-view.js';

const NAV: [Exclude<View, 'instance'>, string, string][] = [
  ['orchestrations', 'Orchestrations', '≡'],
  ['entities', 'Entities', '◈'],
  ['workers', 'Workers', '⚙'],
  ['metrics', 'Metrics', '▥'],
];

function navItems(hub: string, active: string | undefined): HTMLElement[] {
  return NAV.map(([view, label, icon]) =>
    h(
      'a',
      { class: `nav-item${view === active ? ' active' : ''}`, attrs: { href: href(hub, view), 'aria-current': view === active ? 'page' : undefined } },
      h('span', { class: 'nav-icon', attrs: { 'aria-hidden': 'true' } }, icon),
      label,
    ),
  );
}

async function boot(): Promise<void> {
  const root = document.getElementById('app')!;
  let hubs: string[] = ['default'];
  let grpcPort: number | undefined;
  try {
    const info = await api.taskHubs();
    hubs = info.taskHubs.map((t) => t.name);
    grpcPort = info.grpcPort;
  } catch (err) {
    root.replaceChildren(h('div', { class: 'banner banner-error boot-error' }, (err as Error).message));
    return;
  }

  const hubSelect = h('select', { class: 'hub-select', attrs: { 'aria-label': 'Task hub', 'data-testid': 'hub-select' } }, hubs.map((name) => h('option', { attrs: { value: name } }, name)));
  const nav = h('nav', { class: 'nav' });
  const connection = h('div', { class: 'connection' });
  const content = h('main', { class: 'content' });
  const sidebar = h(
    'aside',
    { class: 'sidebar' },
    h('div', { class: 'brand' }, h('span', { class: 'brand-mark' }, 'DT'), h('span', null, h('span', { class: 'brand-name' }, 'Durable Task'), h('span', { class: 'brand-sub' }, 'Scheduler emulator'))),
    h('label', { class: 'hub-label' }, h('span', null, 'Task hub'), hubSelect),
    goToInstance(() => current?.hub ?? hubs[0]!),
    nav,
    connection,
  );
  root.replaceChildren(h('div', { class: 'app' }, sidebar, content));

  const renderConnection = (): void => {
    connection.replaceChildren(
      h('div', { class: `conn-state ${live.connected ? 'on' : 'off'}` }, h('span', { class: 'live-dot' }), live.connected ? 'Connected' : 'Reconnecting…'),
      grpcPort ? h('div', { class: 'conn-detail mono' }, `gRPC ${location.hostname}:${grpcPort}`) : '',
      h('div', { class: 'conn-detail mono' }, `dashboard ${location.host}`),
    );
  };
  live.onState(renderConnection);

  let mounted: MountedView | undefined;
  let current: Route | undefined;
  const render = (): void => {
    const route = parseRoute(location.hash, hubs[0]!);
    hubSelect.querySelector('option[data-unserved]')?.remove();
    if (!hubs.includes(route.hub)) {
      // The selector names the hub the URL asks for, not the one shown before.
      hubSelect.prepend(h('option', { attrs: { value: '', disabled: true, 'data-unserved': true } }, `${route.hub} (not served)`));
      hubSelect.value = '';
      mounted?.dispose();
      mounted = undefined;
      current = undefined;
      nav.replaceChildren(...navItems(hubs[0]!, undefined));
      content.replaceChildren(
        h('div', { class: 'page' }, h('div', { class: 'banner banner-error', attrs: { role: 'alert' } }, `Task hub '${route.hub}' is not served by this emulator. Served: ${hubs.join(', ')}.`)),
      );
      document.title = `${route.hub} (not served) · Durable Task Emulator`;
      return;
    }
    current = route;
    live.connect(route.hub);
    hubSelect.value = route.hub;
    const section = route.view === 'instance' ? 'orchestrations' : route.view;
    nav.replaceChildren(...navItems(route.hub, section));
    renderConnection();
    mounted?.dispose();
    const ctx: ViewContext = { route, hubs };
    mounted =
      route.view === 'instance'
        ? instanceView(ctx)
        : route.view === 'entities'
          ? entitiesView(ctx)
          : route.view === 'workers'
            ? workersView(ctx)
            : route.view === 'metrics'
              ? metricsView(ctx)
              : orchestrationsView(ctx);
    content.replaceChildren(mounted.element);
    const title = route.view === 'instance' ? route.instanceId! : NAV.find(([v]) => v === route.view)?.[1];
    document.title = `${title} · ${route.hub} · Durable Task Emulator`;
  };
  hubSelect.addEventListener('change', () => {
    const shown = current ?? parseRoute(location.hash, hubs[0]!);
    const view = shown.view !== 'instance' ? shown.view : 'orchestrations';
    location.hash = href(hubSelect.value, view);
  });
  window.addEventListener('hashchange', render);
  if (!location.hash) history.replaceState(null, '', href(hubs[0]!, 'orchestrations'));
  render();
}

void boot();
