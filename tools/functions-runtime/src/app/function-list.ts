import type { RegisteredFunction } from '../core/function-registry.js';
import type { HttpTriggerRoutes } from '../http/http-trigger-routes.js';

/** Trigger types this runtime runs (lower case). */
export const SUPPORTED_TRIGGERS: ReadonlySet<string> = new Set(['httptrigger', 'timertrigger', 'orchestrationtrigger', 'activitytrigger', 'entitytrigger']);
const SUPPORTED_INPUTS: ReadonlySet<string> = new Set(['durableclient', 'orchestrationclient']);

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

/**
 * One line per thing of the app the runtime cannot run: a trigger type (the function can still be run by hand
 * through the admin API), an input binding it does not fill, an output binding it does not write.
 */
export function unsupportedBindingLines(functions: readonly RegisteredFunction[]): string[] {
  const lines: string[] = [];
  for (const fn of functions) {
    const name = fn.metadata.name;
    const triggerType = String(fn.trigger.type);
    if (!SUPPORTED_TRIGGERS.has(triggerType.toLowerCase())) {
      lines.push(
        `Function '${name}': trigger type '${triggerType}' is not run by functions-runtime (it runs httpTrigger, timerTrigger, ` +
          `orchestrationTrigger, activityTrigger and entityTrigger); run it by hand with POST /admin/functions/${name} {"input": ...}.`,
      );
    }
    const isHttp = triggerType.toLowerCase() === 'httptrigger';
    for (const [bindingName, binding] of Object.entries(fn.metadata.bindings)) {
      if (bindingName === fn.triggerName) continue;
      const type = String(binding.type);
      if (binding.direction === 'in' && !SUPPORTED_INPUTS.has(type.toLowerCase())) {
        lines.push(`Function '${name}': input binding '${bindingName}' (${type}) is not read by functions-runtime; context.extraInputs.get('${bindingName}') stays undefined.`);
      } else if (binding.direction === 'out' && !(isHttp && bindingName === '$return' && type.toLowerCase() === 'http')) {
        lines.push(`Function '${name}': output binding '${bindingName}' (${type}) is not written by functions-runtime; what the function sets on it is dropped.`);
      }
    }
  }
  return lines;
}
