// The handlers behind each management route, with the extension's status codes (HttpApiHandler.cs):
// 404 for an unknown instance, 410 for an operation on a finished one, 202 once accepted.
import { randomUUID } from 'node:crypto';
import { EntityInstanceId, OrchestrationStatus, PurgeInstanceCriteria, type OrchestrationState } from '@microsoft/durabletask-js';
import { buildCheckStatusPayload, buildCheckStatusResponse, type CheckStatusLinkOptions } from './check-status-links.js';
import type { DurableHttpClient, DurableHttpFilterPurgeClient, DurableHttpRequest, DurableHttpResponse } from './durable-http-types.js';
import { toHistoryEventsPayload } from './history-events-payload.js';
import { emptyResponse, errorResponse, jsonResponse } from './http-responses.js';
import { booleanParameter, dateParameter, integerParameter, listParameter, secondsParameter } from './query-parameters.js';
import { headerValue, isJsonContentType, oversizedBody, readJsonBody } from './request-body.js';
import { isTerminal, parseRuntimeStatus, parseSerialized, runtimeStatusName, toStatusPayload } from './status-payload.js';

export interface OperationContext {
  client: DurableHttpClient;
  links: CheckStatusLinkOptions;
  orchestrationNames?: () => readonly string[];
}

export interface RequestParts {
  request: DurableHttpRequest;
  url: URL;
  query: URLSearchParams;
}

const CONTINUATION_HEADER = 'x-ms-continuation-token';
const DEFAULT_PAGE_SIZE = 100;
const MIN_POLLING_INTERVAL_MS = 100;

function notFound(instanceId: string): DurableHttpResponse {
  return errorResponse(404, `No instance with ID '${instanceId}' found.`);
}

function gone(state: OrchestrationState, operation: string): DurableHttpResponse {
  return errorResponse(410, `Cannot ${operation} instance '${state.instanceId}': it is ${runtimeStatusName(state.runtimeStatus)}.`);
}

function notImplemented(feature: string): DurableHttpResponse {
  return errorResponse(501, `${feature} is not supported by this client. Use a TaskHubGrpcClient connected to a DTS endpoint.`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function createManagementOperations(context: OperationContext) {
  const { client } = context;

  const checkStatus = (instanceId: string, url: URL) => buildCheckStatusResponse(buildCheckStatusPayload(instanceId, url.origin, context.links));

  /** GET instances/{id}: 202 + Location while it runs, 200 when finished (500 for Failed on request). */
  async function getStatus(parts: RequestParts, instanceId: string, statusUrl: string = parts.url.href): Promise<DurableHttpResponse> {
    const { query } = parts;
    const showHistory = booleanParameter(query, 'showHistory') ?? false;
    const showHistoryOutput = booleanParameter(query, 'showHistoryOutput') ?? false;
    const showInput = booleanParameter(query, 'showInput') ?? true;
    const failureIs500 = booleanParameter(query, 'returnInternalServerErrorOnFailure') ?? false;

    const state = await client.getOrchestrationState(instanceId, true);
    if (state === undefined) return notFound(instanceId);

    let historyEvents: unknown[] | undefined;
    if (showHistory) {
      if (client.getOrchestrationHistory === undefined) return notImplemented('showHistory');
      historyEvents =
        state.runtimeStatus === OrchestrationStatus.PENDING
          ? []
          : toHistoryEventsPayload(await client.getOrchestrationHistory(instanceId), showHistoryOutput);
    }
    const payload = toStatusPayload(state, { showInput, historyEvents });
    if (isTerminal(state.runtimeStatus)) {
      return jsonResponse(state.runtimeStatus === OrchestrationStatus.FAILED && failureIs500 ? 500 : 200, payload);
    }
    // Running, Pending, ContinuedAsNew, Suspended: ask for 5 seconds before the next poll.
    return jsonResponse(202, payload, { Location: statusUrl, 'Retry-After': '5' });
  }

  /** Waits up to `timeout` seconds when both timeout and pollingInterval are given; else 202 check-status. */
  async function completeOrCheckStatus(parts: RequestParts, instanceId: string): Promise<DurableHttpResponse> {
    const timeoutMs = secondsParameter(parts.query, 'timeout');
    const intervalMs = secondsParameter(parts.query, 'pollingInterval');
    if (timeoutMs === undefined || intervalMs === undefined) return checkStatus(instanceId, parts.url);
    if (intervalMs > timeoutMs) {
      return errorResponse(400, `Total timeout ${timeoutMs / 1000} should be bigger than retry timeout ${intervalMs / 1000}`);
    }
    const deadline = Date.now() + timeoutMs;
    let state: OrchestrationState | undefined;
    for (;;) {
      state = await client.getOrchestrationState(instanceId, true);
      if (state !== undefined && isTerminal(state.runtimeStatus)) break;
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      await sleep(Math.min(Math.max(intervalMs, MIN_POLLING_INTERVAL_MS), remaining));
    }
    if (state?.runtimeStatus === OrchestrationStatus.COMPLETED) {
      return jsonResponse(200, parseSerialized(state.serializedOutput));
    }
    if (state !== undefined && isTerminal(state.runtimeStatus)) {
      const statusUrl = buildCheckStatusPayload(instanceId, parts.url.origin, context.links).statusQueryGetUri;
      return getStatus(parts, instanceId, statusUrl);
    }
    return checkStatus(instanceId, parts.url);
  }

  /** POST orchestrators/{name}[/{id}]: body (any JSON, optional) is the input. */
  async function startOrchestration(parts: RequestParts, name: string, instanceId: string | undefined): Promise<DurableHttpResponse> {
    const body = readJsonBody(parts.request);
    if (!body.ok) return body.response;
    let orchestrationName = name;
    const known = context.orchestrationNames?.();
    if (known !== undefined) {
      const match = known.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
      if (match === undefined) {
        return errorResponse(
          400,
          `The function '${name}' doesn't exist, is disabled, or is not an orchestrator function. ` +
            `Known orchestrator functions: ${known.length > 0 ? known.join(', ') : '(none)'}.`,
          { knownOrchestrations: known },
        );
      }
      orchestrationName = match;
    }
    const id = instanceId ?? randomUUID().replaceAll('-', '');
    try {
      await client.scheduleNewOrchestration(orchestrationName, body.value, id);
    } catch (error) {
      if ((error as { code?: number }).code === 6 /* ALREADY_EXISTS */) {
        return errorResponse(409, `An instance with ID '${id}' already exists: ${(error as Error).message}`);
      }
      throw error;
    }
    return completeOrCheckStatus(parts, id);
  }

  /** GET instances/: one page of status payloads, the next page's token in x-ms-continuation-token. */
  async function listInstances(parts: RequestParts): Promise<DurableHttpResponse> {
    if (client.getAllInstances === undefined) return notImplemented('Listing instances');
    const { query } = parts;
    const statuses = listParameter(query, 'runtimeStatus')
      .map(parseRuntimeStatus)
      .filter((status): status is OrchestrationStatus => status !== undefined);
    const showInput = booleanParameter(query, 'showInput') ?? true;
    const top = integerParameter(query, 'top');
    const pageSize = top !== undefined && top > 0 ? top : DEFAULT_PAGE_SIZE;
    const continuationToken = headerValue(parts.request, CONTINUATION_HEADER) || undefined;
    const pages = client
      .getAllInstances({
        createdFrom: dateParameter(query, 'createdTimeFrom'),
        createdTo: dateParameter(query, 'createdTimeTo'),
        statuses: statuses.length > 0 ? statuses : undefined,
        instanceIdPrefix: query.get('instanceIdPrefix') ?? undefined,
        pageSize,
        fetchInputsAndOutputs: true,
        continuationToken,
      })
      .asPages(continuationToken, pageSize);
    for await (const page of pages) {
      const headers: Record<string, string> = {};
      // durable-functions follows this header until it is absent, so send it only when more pages exist.
      if (page.continuationToken) headers[CONTINUATION_HEADER] = page.continuationToken;
      return jsonResponse(
        200,
        page.values.map((state) => toStatusPayload(state, { showInput })),
        headers,
      );
    }
    return jsonResponse(200, []);
  }

  /** DELETE instances/{id}: only finished instances can be purged. */
  async function purgeInstance(instanceId: string): Promise<DurableHttpResponse> {
    const state = await client.getOrchestrationState(instanceId, false);
    if (state === undefined) return notFound(instanceId);
    if (!isTerminal(state.runtimeStatus)) {
      return errorResponse(
        412,
        `Only orchestrations in a terminal state can be purged, but the orchestration with instance ID ${instanceId} has status ${runtimeStatusName(state.runtimeStatus)}`,
      );
    }
    const result = await client.purgeOrchestration(instanceId);
    return jsonResponse(200, { instancesDeleted: result?.deletedInstanceCount ?? 0 });
  }

  /** DELETE instances/?createdTimeFrom=..: 404 when nothing matched. */
  async function purgeInstances(parts: RequestParts): Promise<DurableHttpResponse> {
    const { query } = parts;
    const from = dateParameter(query, 'createdTimeFrom');
    if (from === undefined) return errorResponse(400, "Please provide value for 'createdTimeFrom' parameter.");
    if (client.getAllInstances === undefined) return notImplemented('Purging by filter');
    const criteria = new PurgeInstanceCriteria();
    criteria.setCreatedTimeFrom(from);
    criteria.setCreatedTimeTo(dateParameter(query, 'createdTimeTo') ?? new Date());
    criteria.setRuntimeStatusList(
      listParameter(query, 'runtimeStatus')
        .map(parseRuntimeStatus)
        .filter((status): status is OrchestrationStatus => status !== undefined),
    );
    const result = await (client as unknown as DurableHttpFilterPurgeClient).purgeOrchestration(criteria);
    const deleted = result?.deletedInstanceCount ?? 0;
    if (deleted === 0) return errorResponse(404, 'No instances matched the purge filter.');
    return jsonResponse(200, { instancesDeleted: deleted });
  }

  /** POST instances/{id}/raiseEvent/{name}: the body must be application/json. */
  async function raiseEvent(parts: RequestParts, instanceId: string, eventName: string): Promise<DurableHttpResponse> {
    const tooLarge = oversizedBody(parts.request);
    if (tooLarge) return tooLarge;
    const state = await client.getOrchestrationState(instanceId, false);
    if (state === undefined) return notFound(instanceId);
    if (isTerminal(state.runtimeStatus)) return gone(state, `raise event '${eventName}' for`);
    if (!isJsonContentType(parts.request)) {
      return errorResponse(400, 'Only application/json request content is supported');
    }
    const body = readJsonBody(parts.request);
    if (!body.ok) return body.response;
    await client.raiseOrchestrationEvent(instanceId, eventName, body.empty ? null : body.value);
    return emptyResponse(202);
  }

  /** POST instances/{id}/terminate|suspend|resume?reason=.. */
  async function changeState(parts: RequestParts, instanceId: string, operation: 'terminate' | 'suspend' | 'resume') {
    const state = await client.getOrchestrationState(instanceId, false);
    if (state === undefined) return notFound(instanceId);
    if (isTerminal(state.runtimeStatus)) return gone(state, operation);
    const reason = parts.query.get('reason') ?? undefined;
    if (operation === 'terminate') await client.terminateOrchestration(instanceId, reason ?? null);
    else if (operation === 'suspend') await client.suspendOrchestration(instanceId);
    else await client.resumeOrchestration(instanceId);
    return emptyResponse(202);
  }

  /** POST instances/{id}/rewind: only Failed instances. */
  async function rewind(parts: RequestParts, instanceId: string): Promise<DurableHttpResponse> {
    const state = await client.getOrchestrationState(instanceId, false);
    if (state === undefined) return errorResponse(404, `No orchestration with instance ID "${instanceId}" found.`);
    if (state.runtimeStatus !== OrchestrationStatus.FAILED) {
      return errorResponse(
        412,
        `This orchestration has status ${runtimeStatusName(state.runtimeStatus)}, but only orchestrations in the "Failed" state can be rewound.`,
      );
    }
    if (client.rewindInstance === undefined) return errorResponse(501, 'Rewind is not supported by the underlying storage provider.');
    await client.rewindInstance(instanceId, parts.query.get('reason') ?? '');
    return emptyResponse(202);
  }

  /** POST instances/{id}/restart[?restartWithNewInstanceId=false]: a new instance (new id by default). */
  async function restart(parts: RequestParts, instanceId: string): Promise<DurableHttpResponse> {
    if (client.restartOrchestration === undefined) return notImplemented('Restart');
    const state = await client.getOrchestrationState(instanceId, false);
    if (state === undefined) return errorResponse(400, 'InstanceId does not match a valid orchestration instance.');
    const withNewId = booleanParameter(parts.query, 'restartWithNewInstanceId') ?? true;
    let newId: string;
    try {
      newId = await client.restartOrchestration(instanceId, withNewId);
    } catch (error) {
      const code = (error as { code?: number }).code;
      const message = (error as Error).message;
      if (code === 5 /* NOT_FOUND */) return errorResponse(400, 'InstanceId does not match a valid orchestration instance.');
      if (code === 9 /* FAILED_PRECONDITION */ || code === 6 /* ALREADY_EXISTS */) {
        return errorResponse(409, `A non-terminal instance with this instance ID already exists. ${message}`);
      }
      throw error;
    }
    return completeOrCheckStatus(parts, newId);
  }

  /** GET entities/{name}/{key}: 200 + state, 404 when it does not exist (`$` is the empty key). */
  async function getEntity(name: string, key: string): Promise<DurableHttpResponse> {
    if (client.getEntity === undefined) return notImplemented('Entities');
    const entity = await client.getEntity(new EntityInstanceId(name, key === '$' ? '' : key), true);
    if (entity === undefined) return errorResponse(404, `No entity '@${name}@${key}' found.`);
    return jsonResponse(200, entity.state ?? null);
  }

  /** POST entities/{name}/{key}?op=.. (DELETE signals `delete`): JSON bodies parsed, others passed as text. */
  async function signalEntity(parts: RequestParts, name: string, key: string): Promise<DurableHttpResponse> {
    if (client.signalEntity === undefined) return notImplemented('Entities');
    const operation = parts.request.method.toUpperCase() === 'DELETE' ? 'delete' : (parts.query.get('op') ?? '');
    const tooLarge = oversizedBody(parts.request);
    if (tooLarge) return tooLarge;
    let input: unknown;
    if (parts.request.body !== undefined && parts.request.body.byteLength > 0) {
      if (isJsonContentType(parts.request)) {
        const body = readJsonBody(parts.request);
        if (!body.ok) return body.response;
        input = body.value;
      } else {
        input = new TextDecoder('utf-8').decode(parts.request.body);
      }
    }
    await client.signalEntity(new EntityInstanceId(name, key === '$' ? '' : key), operation, input);
    return emptyResponse(202);
  }

  return {
    checkStatus,
    getStatus,
    startOrchestration,
    listInstances,
    purgeInstance,
    purgeInstances,
    raiseEvent,
    changeState,
    rewind,
    restart,
    getEntity,
    signalEntity,
  };
}
