// The orchestration routes, with the extension's answers (HttpApiHandler.cs): 404 for an unknown instance,
// 410 for an operation on a finished one, 202 once accepted; plus 400 for every parameter that does not
// parse and 409 where the extension would fail with a 500 (instance-answers.ts).
import { randomUUID } from 'node:crypto';
import { OrchestrationStatusCode } from '@durable-hosts/dts-protocol';
import { OrchestrationStatus, PurgeInstanceCriteria, type OrchestrationState } from '@microsoft/durabletask-js';
import { buildCheckStatusPayload, buildCheckStatusResponse } from './check-status-links.js';
import { GrpcCode, describeClientError } from './client-errors.js';
import type { DurableHttpFilterPurgeClient, DurableHttpResponse } from './durable-http-types.js';
import { toHistoryEventsPayload } from './history-events-payload.js';
import { emptyResponse, errorResponse, jsonResponse } from './http-responses.js';
import { instanceConflict, instanceGone, instanceNotFound, notSupportedByClient } from './instance-answers.js';
import { Parameter, readQuery } from './query-parameters.js';
import type { OperationContext, RequestParts } from './request-parts.js';
import { headerValue, isJsonContentType, oversizedBody, readJsonBody } from './request-body.js';
import { isTerminal, parseSerialized, runtimeStatusName, toStatusPayload } from './status-payload.js';

const CONTINUATION_HEADER = 'x-ms-continuation-token';
const DEFAULT_PAGE_SIZE = 100;
const MIN_POLLING_INTERVAL_MS = 100;
/** DurableClient.MaxInstanceIdLength. */
const MAX_INSTANCE_ID_LENGTH = 256;

const WAIT_PARAMETERS = { timeout: Parameter.seconds, pollingInterval: Parameter.seconds } as const;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The extension's instance id rules (DurableClient.StartNewAsync), as 400s. */
function invalidInstanceId(instanceId: string): string | undefined {
  if (instanceId.startsWith('@')) return `Orchestration instance ids must not start with @ (got '${instanceId}').`;
  // eslint-disable-next-line no-control-regex
  if (/[/\\#?\u0000-\u001f\u007f-\u009f]/.test(instanceId)) {
    return `Orchestration instance ids must not contain /, \\, #, ?, or control characters (got '${instanceId}').`;
  }
  if (instanceId.length > MAX_INSTANCE_ID_LENGTH) {
    return `Instance ID lengths must not exceed ${MAX_INSTANCE_ID_LENGTH} characters (got ${instanceId.length}).`;
  }
  return undefined;
}

export function createOrchestrationOperations(context: OperationContext) {
  const { client } = context;

  const checkStatus = (instanceId: string, url: URL) => buildCheckStatusResponse(buildCheckStatusPayload(instanceId, url.origin, context.links));

  /** GET instances/{id}: 202 + Location while it runs, 200 when finished (500 for Failed on request). */
  async function getStatus(parts: RequestParts, instanceId: string, statusUrl: string = parts.url.href): Promise<DurableHttpResponse> {
    const query = readQuery(parts.query, {
      showHistory: Parameter.flag,
      showHistoryOutput: Parameter.flag,
      showInput: Parameter.flag,
      returnInternalServerErrorOnFailure: Parameter.flag,
    });
    if (!query.ok) return query.response;
    const { showHistory = false, showHistoryOutput = false, showInput = true, returnInternalServerErrorOnFailure = false } = query.values;

    const state = await client.getOrchestrationState(instanceId, true);
    if (state === undefined) return instanceNotFound(instanceId);

    let historyEvents: unknown[] | undefined;
    if (showHistory) {
      if (client.getOrchestrationHistory === undefined) return notSupportedByClient('showHistory');
      historyEvents =
        state.runtimeStatus === OrchestrationStatus.PENDING
          ? []
          : toHistoryEventsPayload(await client.getOrchestrationHistory(instanceId), { showHistoryOutput, showInput });
    }
    const payload = toStatusPayload(state, { showInput, historyEvents });
    if (isTerminal(state.runtimeStatus)) {
      const failed = state.runtimeStatus === OrchestrationStatus.FAILED;
      return jsonResponse(failed && returnInternalServerErrorOnFailure ? 500 : 200, payload);
    }
    // Running, Pending, ContinuedAsNew, Suspended: ask for 5 seconds before the next poll.
    return jsonResponse(202, payload, { Location: statusUrl, 'Retry-After': '5' });
  }

  /** Waits up to `timeout` seconds when both timeout and pollingInterval are given; else 202 check-status. */
  async function completeOrCheckStatus(parts: RequestParts, instanceId: string, timeoutMs?: number, intervalMs?: number): Promise<DurableHttpResponse> {
    if (timeoutMs === undefined || intervalMs === undefined) return checkStatus(instanceId, parts.url);
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
      return getStatus({ ...parts, query: new URLSearchParams() }, instanceId, statusUrl);
    }
    return checkStatus(instanceId, parts.url);
  }

  function readWait(parts: RequestParts): { ok: true; timeoutMs?: number; intervalMs?: number } | { ok: false; response: DurableHttpResponse } {
    const wait = readQuery(parts.query, WAIT_PARAMETERS);
    if (!wait.ok) return wait;
    const { timeout, pollingInterval } = wait.values;
    if (timeout !== undefined && pollingInterval !== undefined && pollingInterval > timeout) {
      return { ok: false, response: errorResponse(400, `Total timeout ${timeout / 1000} should be bigger than retry timeout ${pollingInterval / 1000}`) };
    }
    return { ok: true, timeoutMs: timeout, intervalMs: pollingInterval };
  }

  /** A 409 for an id that is taken by an instance that has not finished, with its status. */
  async function alreadyExists(instanceId: string): Promise<DurableHttpResponse> {
    const existing = await client.getOrchestrationState(instanceId, false).catch(() => undefined);
    const status = existing === undefined ? 'a non-terminal' : `the status ${runtimeStatusName(existing.runtimeStatus)}`;
    return instanceConflict(
      `An Orchestration instance with ${status} already exists (instance ID '${instanceId}'). Wait for it to finish, terminate it, or use another instance ID.`,
    );
  }

  /** POST orchestrators/{name}[/{id}]: the body (any JSON, optional) is the input; none means null, as on Azure. */
  async function startOrchestration(parts: RequestParts, name: string, instanceId: string | undefined): Promise<DurableHttpResponse> {
    const wait = readWait(parts);
    if (!wait.ok) return wait.response;
    const versionQuery = readQuery(parts.query, { version: Parameter.text });
    if (!versionQuery.ok) return versionQuery.response;
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
    if (instanceId !== undefined) {
      const problem = invalidInstanceId(instanceId);
      if (problem) return errorResponse(400, problem);
    }
    const id = instanceId ?? randomUUID().replaceAll('-', '');
    // The extension starts with a null input when the body is empty (durable-functions' startNew without
    // input posts ""), and the status then shows "input": null.
    const input = body.empty ? null : body.value;
    const version = versionQuery.values.version;
    try {
      await client.scheduleNewOrchestration(orchestrationName, input, version ? { instanceId: id, version } : id);
    } catch (error) {
      if (describeClientError(error).code === GrpcCode.AlreadyExists) return alreadyExists(id);
      throw error;
    }
    return completeOrCheckStatus(parts, id, wait.timeoutMs, wait.intervalMs);
  }

  /** GET instances/: one page of status payloads, the next page's token in x-ms-continuation-token. */
  async function listInstances(parts: RequestParts): Promise<DurableHttpResponse> {
    const query = readQuery(parts.query, {
      runtimeStatus: Parameter.statusList,
      createdTimeFrom: Parameter.time,
      createdTimeTo: Parameter.time,
      top: Parameter.positiveInteger,
      showInput: Parameter.flag,
      instanceIdPrefix: Parameter.text,
    });
    if (!query.ok) return query.response;
    if (client.getAllInstances === undefined) return notSupportedByClient('Listing instances');
    const { runtimeStatus, createdTimeFrom, createdTimeTo, top, showInput = true, instanceIdPrefix } = query.values;
    // DTS never uses Canceled: a filter of Canceled alone matches nothing (it must not mean "no filter").
    const statuses = runtimeStatus?.filter((code) => code !== OrchestrationStatusCode.Canceled);
    if (statuses !== undefined && statuses.length === 0) return jsonResponse(200, []);
    const pageSize = top ?? DEFAULT_PAGE_SIZE;
    const continuationToken = headerValue(parts.request, CONTINUATION_HEADER) || undefined;
    const pages = client
      .getAllInstances({
        createdFrom: createdTimeFrom,
        createdTo: createdTimeTo,
        statuses: statuses as OrchestrationStatus[] | undefined,
        instanceIdPrefix,
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
    if (state === undefined) return instanceNotFound(instanceId);
    if (!isTerminal(state.runtimeStatus)) {
      return instanceConflict(
        `Only orchestrations in a terminal state can be purged, but the orchestration with instance ID ${instanceId} has status ${runtimeStatusName(state.runtimeStatus)}. Terminate it first.`,
      );
    }
    const result = await client.purgeOrchestration(instanceId);
    return jsonResponse(200, { instancesDeleted: result?.deletedInstanceCount ?? 0 });
  }

  /** DELETE instances/?createdTimeFrom=..: 404 when nothing matched. */
  async function purgeInstances(parts: RequestParts): Promise<DurableHttpResponse> {
    const query = readQuery(parts.query, { createdTimeFrom: Parameter.time, createdTimeTo: Parameter.time, runtimeStatus: Parameter.statusList });
    if (!query.ok) return query.response;
    const { createdTimeFrom, createdTimeTo, runtimeStatus } = query.values;
    if (createdTimeFrom === undefined) return errorResponse(400, "Please provide value for 'createdTimeFrom' parameter.");
    if (client.getAllInstances === undefined) return notSupportedByClient('Purging by filter');
    const statuses = runtimeStatus?.filter((code) => code !== OrchestrationStatusCode.Canceled);
    if (statuses !== undefined && statuses.length === 0) return errorResponse(404, 'No instances matched the purge filter.');
    const criteria = new PurgeInstanceCriteria();
    criteria.setCreatedTimeFrom(createdTimeFrom);
    criteria.setCreatedTimeTo(createdTimeTo ?? new Date());
    criteria.setRuntimeStatusList((statuses ?? []) as OrchestrationStatus[]);
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
    if (state === undefined) return instanceNotFound(instanceId);
    if (isTerminal(state.runtimeStatus)) return instanceGone(state, `raise event ${eventName} for`);
    if (!isJsonContentType(parts.request)) {
      return errorResponse(400, `Only application/json request content is supported (got ${headerValue(parts.request, 'content-type') ?? 'no Content-Type'}).`);
    }
    const body = readJsonBody(parts.request);
    if (!body.ok) return body.response;
    await client.raiseOrchestrationEvent(instanceId, eventName, body.empty ? null : body.value);
    return emptyResponse(202);
  }

  /** POST instances/{id}/terminate|suspend|resume?reason=.. */
  async function changeState(parts: RequestParts, instanceId: string, operation: 'terminate' | 'suspend' | 'resume'): Promise<DurableHttpResponse> {
    const query = readQuery(parts.query, { reason: Parameter.text });
    if (!query.ok) return query.response;
    const state = await client.getOrchestrationState(instanceId, false);
    if (state === undefined) return instanceNotFound(instanceId);
    if (isTerminal(state.runtimeStatus)) return instanceGone(state, operation);
    const status = runtimeStatusName(state.runtimeStatus);
    const reason = query.values.reason;
    if (operation === 'terminate') {
      await client.terminateOrchestration(instanceId, reason ?? null);
    } else if (operation === 'suspend') {
      if (state.runtimeStatus === OrchestrationStatus.SUSPENDED) {
        return instanceConflict(`Cannot suspend the orchestration instance ${instanceId} because instance is in the ${status} state. Resume it first.`);
      }
      await client.suspendOrchestration(instanceId);
    } else {
      if (state.runtimeStatus !== OrchestrationStatus.SUSPENDED) {
        return instanceConflict(`Cannot resume the orchestration instance ${instanceId} because instance is in the ${status} state. Only a Suspended instance can be resumed.`);
      }
      await client.resumeOrchestration(instanceId);
    }
    return emptyResponse(202);
  }

  /**
   * POST instances/{id}/rewind: only Failed instances. durable-functions' rewind() uses the response body
   * itself as its error message, so these errors are JSON strings rather than { Message } objects.
   */
  async function rewind(parts: RequestParts, instanceId: string): Promise<DurableHttpResponse> {
    const query = readQuery(parts.query, { reason: Parameter.text });
    if (!query.ok) return query.response;
    const state = await client.getOrchestrationState(instanceId, false);
    if (state === undefined) return jsonResponse(404, `No instance with ID '${instanceId}' found.`);
    if (isTerminal(state.runtimeStatus) && state.runtimeStatus !== OrchestrationStatus.FAILED) {
      return jsonResponse(410, `Cannot rewind the orchestration instance ${instanceId} because instance is in the ${runtimeStatusName(state.runtimeStatus)} state.`);
    }
    if (state.runtimeStatus !== OrchestrationStatus.FAILED) {
      return jsonResponse(
        412,
        `The rewind operation is only supported on failed orchestration instances; instance ${instanceId} is ${runtimeStatusName(state.runtimeStatus)}.`,
      );
    }
    if (client.rewindInstance === undefined) return jsonResponse(501, 'The rewind operation is not supported by the underlying storage provider.');
    try {
      await client.rewindInstance(instanceId, query.values.reason ?? '');
    } catch (error) {
      const failure = describeClientError(error);
      if (failure.code === GrpcCode.Unimplemented) return jsonResponse(501, failure.message);
      if (failure.code === GrpcCode.FailedPrecondition) return jsonResponse(412, failure.message);
      throw error;
    }
    return emptyResponse(202);
  }

  /** POST instances/{id}/restart[?restartWithNewInstanceId=false]: a new instance (a new id by default). */
  async function restart(parts: RequestParts, instanceId: string): Promise<DurableHttpResponse> {
    const wait = readWait(parts);
    if (!wait.ok) return wait.response;
    const query = readQuery(parts.query, { restartWithNewInstanceId: Parameter.flag });
    if (!query.ok) return query.response;
    if (client.restartOrchestration === undefined) return notSupportedByClient('Restart');
    const state = await client.getOrchestrationState(instanceId, false);
    if (state === undefined) {
      return errorResponse(400, `InstanceId does not match a valid orchestration instance: no instance with ID '${instanceId}' found.`);
    }
    // IDurableOrchestrationClient.RestartAsync defaults to a new instance id.
    const withNewId = query.values.restartWithNewInstanceId ?? true;
    if (!withNewId && !isTerminal(state.runtimeStatus)) {
      return instanceConflict(
        `An Orchestration instance with the status ${runtimeStatusName(state.runtimeStatus)} already exists (instance ID '${instanceId}'). ` +
          'Restart it with a new instance ID (restartWithNewInstanceId=true), or terminate it first.',
      );
    }
    let newId: string;
    try {
      newId = await client.restartOrchestration(instanceId, withNewId);
    } catch (error) {
      const failure = describeClientError(error);
      if (failure.code === GrpcCode.NotFound) {
        return errorResponse(400, `InstanceId does not match a valid orchestration instance: no instance with ID '${instanceId}' found.`);
      }
      if (failure.code === GrpcCode.FailedPrecondition || failure.code === GrpcCode.AlreadyExists) return instanceConflict(failure.message);
      throw error;
    }
    return completeOrCheckStatus(parts, newId, wait.timeoutMs, wait.intervalMs);
  }

  return { getStatus, startOrchestration, listInstances, purgeInstance, purgeInstances, raiseEvent, changeState, rewind, restart };
}
