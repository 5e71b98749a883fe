// The Durable Functions HTTP management API over a durabletask-js client, as plain request → response,
// so Express, node:http and the Functions runtime all serve it through this one code path. Routes follow
// the extension's HttpApiHandler: orchestrators/{name}/{id?}, instances/{id?}/{operation?},
// instances/{id}/raiseEvent/{event}, entities/{name?}/{key?}.
import { CONNECTION_STRING_SETTING } from '@durable-hosts/dts-protocol';
import { buildCheckStatusPayload, buildCheckStatusResponse, type CheckStatusLinkOptions } from './check-status-links.js';
import { GrpcCode, describeClientError } from './client-errors.js';
import {
  DURABLE_WEBHOOK_BASE_PATH,
  type CheckStatusPayload,
  type DurableHttpApiOptions,
  type DurableHttpRequest,
  type DurableHttpResponse,
} from './durable-http-types.js';
import { createEntityOperations } from './entity-operations.js';
import { errorResponse } from './http-responses.js';
import { createManagementRouter, type RouteParams } from './management-router.js';
import { createOrchestrationOperations } from './orchestration-operations.js';
import type { OperationContext, RequestParts } from './request-parts.js';


/** The POST operations on instances/{id}/{operation}. */
const INSTANCE_OPERATIONS = ['terminate', 'suspend', 'resume', 'rewind', 'restart'] as const;

export interface DurableHttpApi {
  /** undefined when the path is not under a durable base path, so the caller can route it elsewhere. */
  handle(request: DurableHttpRequest): Promise<DurableHttpResponse | undefined>;
  /** The createCheckStatusResponse JSON for an instance, with URLs on `origin`. */
  checkStatusPayload(instanceId: string, origin: string): CheckStatusPayload;
  /** 202 + Location + Retry-After: 10 + the check-status JSON. */
  checkStatusResponse(instanceId: string, origin: string): DurableHttpResponse;
}

/** The rest of the path after the base path (still percent-encoded), or undefined when it is not under one. */
function pathUnderBase(pathname: string, basePaths: readonly string[]): string | undefined {
  for (const base of basePaths) {
    const trimmed = base.replace(/\/+$/, '');
    if (pathname === trimmed || pathname.startsWith(`${trimmed}/`)) return pathname.slice(trimmed.length) || '/';
  }
  return undefined;
}

function hasBrokenEncoding(path: string): boolean {
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

function buildRouter(context: OperationContext) {
  const orchestrations = createOrchestrationOperations(context);
  const entities = createEntityOperations(context);
  const router = createManagementRouter<RequestParts>();
  const param = (params: RouteParams, name: string) => params[name] as string;

  router.on('POST', '/orchestrators/:functionName', (parts, params) => orchestrations.startOrchestration(parts, param(params, 'functionName'), undefined));
  router.on('POST', '/orchestrators/:functionName/:instanceId', (parts, params) =>
    orchestrations.startOrchestration(parts, param(params, 'functionName'), param(params, 'instanceId')),
  );

  router.on('GET', '/instances', (parts) => orchestrations.listInstances(parts));
  router.on('DELETE', '/instances', (parts) => orchestrations.purgeInstances(parts));
  router.on('GET', '/instances/:instanceId', (parts, params) => orchestrations.getStatus(parts, param(params, 'instanceId')));
  router.on('DELETE', '/instances/:instanceId', (_parts, params) => orchestrations.purgeInstance(param(params, 'instanceId')));
  router.on('POST', '/instances/:instanceId/terminate', (parts, params) => orchestrations.changeState(parts, param(params, 'instanceId'), 'terminate'));
  router.on('POST', '/instances/:instanceId/suspend', (parts, params) => orchestrations.changeState(parts, param(params, 'instanceId'), 'suspend'));
  router.on('POST', '/instances/:instanceId/resume', (parts, params) => orchestrations.changeState(parts, param(params, 'instanceId'), 'resume'));
  router.on('POST', '/instances/:instanceId/rewind', (parts, params) => orchestrations.rewind(parts, param(params, 'instanceId')));
  router.on('POST', '/instances/:instanceId/restart', (parts, params) => orchestrations.restart(parts, param(params, 'instanceId')));
  router.on('POST', '/instances/:instanceId/raiseEvent/:eventName', (parts, params) =>
    orchestrations.raiseEvent(parts, param(params, 'instanceId'), param(params, 'eventName')),
  );
  // Any other operation name: say which ones exist (the router would only say "no route"); a known one
  // under another method is a 405.
  router.on(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], '/instances/:instanceId/:operation', async (parts, params) => {
    const operation = param(params, 'operation');
    if ((INSTANCE_OPERATIONS as readonly string[]).includes(operation.toLowerCase())) {
      const method = parts.request.method.toUpperCase();
      return errorResponse(405, `${method} is not allowed on ${parts.url.pathname}. Allowed: POST.`, {}, { Allow: 'POST' });
    }
    return errorResponse(
      404,
      `Unknown instance operation '${operation}'. Operations: POST instances/{instanceId}/${INSTANCE_OPERATIONS.join('|')}, ` +
        'POST instances/{instanceId}/raiseEvent/{eventName}.',
    );
  });

  router.on('GET', '/entities', (parts) => entities.listEntities(parts, undefined));
  router.on('GET', '/entities/:entityName', (parts, params) => entities.listEntities(parts, param(params, 'entityName')));
  router.on('GET', '/entities/:entityName/:entityKey', (_parts, params) => entities.getEntity(param(params, 'entityName'), param(params, 'entityKey')));
  router.on(['POST', 'DELETE'], '/entities/:entityName/:entityKey', (parts, params) =>
    entities.signalEntity(parts, param(params, 'entityName'), param(params, 'entityKey')),
  );
  return router;
}

export function createDurableHttpApi(options: DurableHttpApiOptions): DurableHttpApi {
  const links: CheckStatusLinkOptions = {
    taskHub: options.taskHub,
    connectionName: options.connectionName ?? CONNECTION_STRING_SETTING, // echoed as `connection=`, as the extension does
    requiredQueryStringParameters: options.requiredQueryStringParameters,
  };
  const basePaths = options.basePaths ?? [DURABLE_WEBHOOK_BASE_PATH];
  const router = buildRouter({
    client: options.client,
    links,
    orchestrationNames: options.orchestrationNames,
    knownEntities: options.knownEntities,
  });

  return {
    async handle(request) {
      let url: URL;
      try {
        url = new URL(request.url);
      } catch {
        return undefined;
      }
      const path = pathUnderBase(url.pathname, basePaths);
      if (path === undefined) return undefined;
      if (hasBrokenEncoding(path)) return errorResponse(400, `The path '${url.pathname}' is not correctly URL-encoded.`);

      const taskHub = url.searchParams.get('taskHub');
      if (taskHub && taskHub.toLowerCase() !== options.taskHub.toLowerCase()) {
        return errorResponse(400, `Unknown task hub '${taskHub}': this endpoint serves the task hub '${options.taskHub}' only. Leave taskHub out or set taskHub=${options.taskHub}.`);
      }
      try {
        return await router.dispatch(request.method, path, { request, url, query: url.searchParams }, `${request.method.toUpperCase()} ${url.pathname}`);
      } catch (error) {
        // A failed client call must never take the host down: report it as the extension does, in people's words.
        const failure = describeClientError(error);
        if (failure.code === GrpcCode.NotFound) return errorResponse(404, failure.message);
        if (failure.code === GrpcCode.InvalidArgument) return errorResponse(400, failure.message);
        return errorResponse(500, 'Something went wrong while processing your request', { ExceptionMessage: failure.message });
      }
    },
    checkStatusPayload: (instanceId, origin) => buildCheckStatusPayload(instanceId, origin, links),
    checkStatusResponse: (instanceId, origin) => buildCheckStatusResponse(buildCheckStatusPayload(instanceId, origin, links)),
  };
}
