import type { RegisteredFunction } from '../core/function-registry.js';
import { RouteTemplate } from './route-template.js';

export interface HttpTriggerRoute {
  readonly fn: RegisteredFunction;
  readonly template: RouteTemplate;
  /** Upper-case; empty = every method (a trigger without `methods` accepts all, as on Azure). */
  readonly methods: readonly string[];
  readonly authLevel: string;
}

export interface HttpRouteMatch {
  readonly route: HttpTriggerRoute;
  readonly params: Record<string, string>;
}

/** The HTTP-triggered functions of an app, ordered so that literal routes win over parameters. */
export class HttpTriggerRoutes {
  readonly routes: readonly HttpTriggerRoute[];

  constructor(functions: readonly RegisteredFunction[]) {
    this.routes = functions
      .filter((fn) => String(fn.trigger.type).toLowerCase() === 'httptrigger')
      .map((fn) => ({
        fn,
        template: new RouteTemplate(typeof fn.trigger.route === 'string' && fn.trigger.route !== '' ? fn.trigger.route : fn.metadata.name),
        methods: Array.isArray(fn.trigger.methods) ? fn.trigger.methods.map((m: unknown) => String(m).toUpperCase()) : [],
        authLevel: typeof fn.trigger.authLevel === 'string' ? fn.trigger.authLevel : 'function',
      }))
      .sort((a, b) => comparePrecedence(b.template.precedence, a.template.precedence));
  }

  /** The first route whose template and method match the path (relative to the route prefix). */
  match(method: string, path: string): HttpRouteMatch | undefined {
    const upper = method.toUpperCase();
    for (const route of this.routes) {
      if (route.methods.length > 0 && !route.methods.includes(upper)) continue;
      const params = route.template.match(path);
      if (params) return { route, params };
    }
    return undefined;
  }
}

function comparePrecedence(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? -1) - (b[i] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}
