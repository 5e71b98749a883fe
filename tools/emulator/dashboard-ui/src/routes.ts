// Hash routes, so every view has a URL that survives reload and can be shared:
//   #/hubs/<hub>/orchestrations?status=Running&q=...   #/hubs/<hub>/orchestrations/<id>?tab=history
//   #/hubs/<hub>/entities   #/hubs/<hub>/workers   #/hubs/<hub>/metrics
export type View = 'orchestrations' | 'instance' | 'entities' | 'workers' | 'metrics';

export interface Route {
  hub: string;
  view: View;
  instanceId?: string;
  query: URLSearchParams;
}

export function parseRoute(hash: string, defaultHub: string): Route {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?', 2);
  const parts = path.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
  const query = new URLSearchParams(search);
  if (parts[0] !== 'hubs' || !parts[1]) return { hub: defaultHub, view: 'orchestrations', query };
  const hub = parts[1];
  const section = parts[2];
  if (section === 'orchestrations' && parts[3]) return { hub, view: 'instance', instanceId: parts.slice(3).join('/'), query };
  if (section === 'entities' || section === 'workers' || section === 'metrics') return { hub, view: section, query };
  return { hub, view: 'orchestrations', query };
}

export function href(hub: string, view: Exclude<View, 'instance'>, query?: URLSearchParams): string {
  const q = query && [...query.keys()].length > 0 ? `?${query.toString()}` : '';
  return `#/hubs/${encodeURIComponent(hub)}/${view}${q}`;
}

export function instanceHref(hub: string, instanceId: string, tab?: string): string {
  return `#/hubs/${encodeURIComponent(hub)}/orchestrations/${encodeURIComponent(instanceId)}${tab ? `?tab=${tab}` : ''}`;
}

/** Rewrites the current URL without a navigation (filters, tabs), so reload shows the same state. */
export function replaceQuery(route: Route, query: URLSearchParams): void {
  const base = location.hash.replace(/^#/, '').split('?')[0];
  const q = query.toString();
  history.replaceState(null, '', `#${base}${q ? `?${q}` : ''}`);
  route.query = query;
}
