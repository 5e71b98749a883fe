// The Durable Functions HTTP management API over a durabletask-js client, as plain request → response,
// so Express, node:http and the Functions runtime can all serve it. Routes follow the extension's
// HttpApiHandler: orchestrators/{name}/{id?}, instances/{id?}/{operation?},
// instances/{id}/raiseEvent/{event}, entities/{name}/{key}; literal segments match case-insensitively.
import { buildCheckStatusPayload, buildCheckStatusResponse, type CheckStatusLinkOptions } from './check-status-links.js';
import {
  DURABLE_WEBHOOK_BASE_PATH,
  type CheckStatusPayload,
  type DurableHttpApiOptions,
  type DurableHttpRequest,
  type DurableHttpResponse,
} from './durable-http-types.js';
import { errorResponse } from './http-responses.js';
import { createManagementOperations, type RequestParts } from './management-operations.js';

/** The connection setting DTS apps use; the extension echoes the connection name as `connection=`. */
const DEFAULT_CONNECTION_NAME = 'DURABLE_TASK_SCHEDULER_CONNECTION_STRING';

export interface DurableHttpApi {
  /** undefined when the path is not under a durable base path, so the caller can route it elsewhere. */
  handle(request: DurableHttpRequest): Promise<DurableHttpResponse | undefined>;
  /** The createCheckStatusResponse JSON for an instance, with URLs on `origin`. */
  checkStatusPayload(instanceId: string, origin: string): CheckStatusPayload;
  /** 202 + Location + Retry-After: 10 + the check-status JSON. */
  checkStatusResponse(instanceId: string, origin: string): DurableHttpResponse;
}

function routeSegments(pathname: string, basePaths: readonly string[]): string[] | undefined {
  for (const base of basePaths) {
    const trimmed = base.replace(/\/+$/, '');
    if (pathname === trimmed || pathname.startsWith(`${trimmed}/`)) {
      return pathname
        .slice(trimmed.length)
        .split('/')
        .filter((segment) => segment !== '')
        .map((segment) => decodeURIComponent(segment));
    }
  }
  return undefined;
}

export function createDurableHttpApi(options: DurableHttpApiOptions): DurableHttpApi {
  const links: CheckStatusLinkOptions = {
    taskHub: options.taskHub,
    connectionName: options.connectionName ?? DEFAULT_CONNECTION_NAME,
    requiredQueryStringParameters: options.requiredQueryStringParameters,
  };
  const basePaths = options.basePaths ?? [DURABLE_WEBHOOK_BASE_PATH];
  const operations = createManagementOperations({ client: options.client, links, orchestrationNames: options.orchestrationNames });

  async function route(parts: RequestParts, segments: string[]): Promise<DurableHttpResponse> {
    const method = parts.request.method.toUpperCase();
    const [controller = '', first, second, third] = segments.map((segment, index) => (index === 0 ? segment.toLowerCase() : segment));
    const count = segments.length;

    if (controller === 'orchestrators' && (count === 2 || count === 3) && method === 'POST') {
      return operations.startOrchestration(parts, first as string, second);
    }
    if (controller === 'instances') {
      if (count === 1 && method === 'GET') return operations.listInstances(parts);
      if (count === 1 && method === 'DELETE') return operations.purgeInstances(parts);
      if (count === 2 && method === 'GET') return operations.getStatus(parts, first as string);
      if (count === 2 && method === 'DELETE') return operations.purgeInstance(first as string);
      if (count === 3 && method === 'POST') {
        switch ((second as string).toLowerCase()) {
          case 'terminate':
            return operations.changeState(parts, first as string, 'terminate');
          case 'suspend':
            return operations.changeState(parts, first as string, 'suspend');
          case 'resume':
            return operations.changeState(parts, first as string, 'resume');
          case 'rewind':
            return operations.rewind(parts, first as string);
          case 'restart':
            return operations.restart(parts, first as string);
        }
      }
      if (count === 4 && method === 'POST' && (second as string).toLowerCase() === 'raiseevent') {
        return operations.raiseEvent(parts, first as string, third as string);
      }
    }
    if (controller === 'entities' && count === 3) {
      if (method === 'GET') return operations.getEntity(first as string, second as string);
      if (method === 'POST' || method === 'DELETE') return operations.signalEntity(parts, first as string, second as string);
    }
    return errorResponse(404, `No durable management route for ${method} ${parts.url.pathname}.`);
  }

  return {
    async handle(request) {
      let url: URL;
      try {
        url = new URL(request.url);
      } catch {
        return undefined;
      }
      let segments: string[] | undefined;
      try {
        segments = routeSegments(url.pathname, basePaths);
      } catch {
        return errorResponse(400, `The path '${url.pathname}' is not correctly URL-encoded.`);
      }
      if (segments === undefined) return undefined;

      const taskHub = url.searchParams.get('taskHub');
      if (taskHub && taskHub.toLowerCase() !== options.taskHub.toLowerCase()) {
        return errorResponse(400, `This endpoint serves task hub '${options.taskHub}', not '${taskHub}'.`);
      }
      try {
        return await route({ request, url, query: url.searchParams }, segments);
      } catch (error) {
        // A failed client call must never take the host down: report it as the extension does.
        const code = (error as { code?: number }).code;
        if (code === 5 /* gRPC NOT_FOUND */) return errorResponse(404, (error as Error).message);
        return errorResponse(500, 'Something went wrong while processing your request', {
          ExceptionMessage: (error as Error)?.message ?? String(error),
        });
      }
    },
    checkStatusPayload: (instanceId, origin) => buildCheckStatusPayload(instanceId, origin, links),
    checkStatusResponse: (instanceId, origin) => buildCheckStatusResponse(buildCheckStatusPayload(instanceId, origin, links)),
  };
}
