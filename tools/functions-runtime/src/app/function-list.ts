import type { RegisteredFunction } from '../core/function-registry.js';
import type { HttpTriggerRoutes } from '../http/http-trigger-routes.js';

/** Trigger types this runtime runs; anything else is listed and skipped. */
export const SUPPORTED_TRIGGERS: ReadonlySet<string> = new Set(['httptrigger', 'orchestrationtrigger', 'activitytrigger', 'entitytrigger']);

/** The start-up listing `func start` prints: HTTP functions with methods and URL, others with their trigger. */
export function formatFunctionList(functions: readonly RegisteredFunction[], routes: HttpTriggerRoutes, origin: string, routePrefix: string): string[] {
  const lines = ['Functions:', ''];
  // HTTP functions first, as func start lists them.
  const ordered = [...functions].sort((a, b) => Number(routes.routes.every((r) => r.fn !== a)) - Number(routes.routes.every((r) => r.fn !== b)));
  for (const fn of ordered) {
    const route = routes.routes.find((r) => r.fn === fn);
    if (route) {
      const methods = route.methods.length > 0 ? route.methods.join(',') : 'GET,POST,PUT,DELETE,PATCH,HEAD,OPTIONS';
      const path = [routePrefix, route.template.template.replace(/^\/+/, '')].filter(Boolean).join('/');
      lines.push(`\t${fn.metadata.name}: [${methods}] ${origin}/${path}`);
    } else {
      lines.push(`\t${fn.metadata.name}: ${fn.trigger.type}`);
    }
    lines.push('');
  }
  return lines;
}

/** One line per function whose trigger this runtime cannot run (the rest of the app still runs). */
export function unsupportedTriggerLines(functions: readonly RegisteredFunction[]): string[] {
  return functions
    .filter((fn) => !SUPPORTED_TRIGGERS.has(String(fn.trigger.type).toLowerCase()))
    .map((fn) => `Function '${fn.metadata.name}' (${fn.trigger.type}) is not run: functions-runtime runs httpTrigger, orchestrationTrigger, activityTrigger and entityTrigger functions.`);
}
