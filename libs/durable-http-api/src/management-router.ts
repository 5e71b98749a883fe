// The management routes on find-my-way: literal segments match case-insensitively (as the extension's
// ASP.NET TemplateMatcher does) while instance ids, entity keys and event names keep their case. A path
// that exists under another method answers 405 with Allow; OPTIONS answers 204 with Allow.
import Router from 'find-my-way';
import type { DurableHttpResponse } from './durable-http-types.js';
import { emptyResponse, errorResponse } from './http-responses.js';

export type RouteParams = Readonly<Record<string, string | undefined>>;
export type RouteHandler<C> = (context: C, params: RouteParams) => Promise<DurableHttpResponse>;

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof METHODS)[number];

/** What the unknown-route 404 lists, so a wrong path says where the right ones are. */
const ROUTE_SUMMARY =
  'POST orchestrators/{name}[/{instanceId}]; GET|DELETE instances[/{instanceId}]; ' +
  'POST instances/{instanceId}/{terminate|suspend|resume|rewind|restart}; POST instances/{instanceId}/raiseEvent/{eventName}; ' +
  'GET entities[/{name}]; GET|POST|DELETE entities/{name}/{key}';

export interface ManagementRouter<C> {
  on(methods: Method | readonly Method[], path: string, handler: RouteHandler<C>): void;
  /** Runs the route for `method` + `path` (relative to the base path, still percent-encoded). */
  dispatch(method: string, path: string, context: C, displayPath: string): Promise<DurableHttpResponse>;
}

export function createManagementRouter<C>(): ManagementRouter<C> {
  const router = Router({
    caseSensitive: false,
    ignoreTrailingSlash: true,
    ignoreDuplicateSlashes: true,
    // Ids are checked by the operations (with a message); the router must not turn a long one into a 404.
    maxParamLength: 8 * 1024,
  });

  const allowedMethods = (path: string): Method[] => METHODS.filter((method) => router.find(method, path) !== null);

  return {
    on(methods, path, handler) {
      router.on(methods as Method[], path, () => undefined, handler);
    },
    async dispatch(method, path, context, displayPath) {
      const upper = method.toUpperCase();
      const lookupMethod = upper === 'HEAD' ? 'GET' : upper;
      const found = (METHODS as readonly string[]).includes(lookupMethod) ? router.find(lookupMethod as Method, path) : null;
      if (found !== null) {
        return (found.store as RouteHandler<C>)(context, found.params);
      }
      const allowed = allowedMethods(path);
      if (allowed.length === 0) {
        return errorResponse(404, `No durable management route matches ${displayPath}. Routes: ${ROUTE_SUMMARY}.`);
      }
      const allow = allowed.join(', ');
      if (upper === 'OPTIONS') return emptyResponse(204, { Allow: allow });
      return errorResponse(405, `${upper} is not allowed on ${displayPath}. Allowed: ${allow}.`, {}, { Allow: allow });
    },
  };
}
