// The entity routes as the extension serves them (HttpApiHandler HandleGetEntity/ListEntities/PostEntityOperation):
// GET entities/{name}/{key} answers the state (404 when the entity does not exist; key `$` is the empty key),
// GET entities[/{name}] lists DurableEntityStatus objects, POST signals `op` (DELETE signals `delete`).
import { EntityInstanceId, type EntityMetadata } from '@microsoft/durabletask-js';
import type { DurableHttpResponse, KnownEntity } from './durable-http-types.js';
import { emptyResponse, errorResponse, jsonResponse } from './http-responses.js';
import { notSupportedByClient } from './instance-answers.js';
import { Parameter, readQuery } from './query-parameters.js';
import type { OperationContext, RequestParts } from './request-parts.js';
import { headerValue, isJsonContentType, oversizedBody } from './request-body.js';

const CONTINUATION_HEADER = 'x-ms-continuation-token';
const EMPTY_KEY = '$';
/** The extension's EntityId rule for keys (DurableClient.SignalEntityAsync). */
// eslint-disable-next-line no-control-regex
const INVALID_KEY = /[/\\#?\u0000-\u001f\u007f-\u009f]/;

/** The extension's DurableEntityStatus JSON: `{ entityId: { name, key }, lastOperationTime, state }`. */
export interface EntityStatusPayload {
  entityId: { name: string; key: string };
  lastOperationTime: string;
  state: unknown;
}

export function toEntityStatusPayload(entity: EntityMetadata): EntityStatusPayload {
  return {
    entityId: { name: entity.id.name, key: entity.id.key },
    lastOperationTime: entity.lastModifiedTime.toISOString(),
    state: entity.includesState ? (entity.state ?? null) : null,
  };
}

function entityId(name: string, key: string): EntityInstanceId | DurableHttpResponse {
  if (name.includes('@')) return errorResponse(400, `Entity names must not contain '@' (got '${name}').`);
  const realKey = key === EMPTY_KEY ? '' : key;
  if (INVALID_KEY.test(realKey)) return errorResponse(400, `Entity keys must not contain /, \\, #, ?, or control characters (got '${realKey}').`);
  return new EntityInstanceId(name, realKey);
}

export function createEntityOperations(context: OperationContext) {
  const { client } = context;

  /** 400 naming the known entities (or operations) when the app declared them and this one is not among them. */
  function unknownEntity(name: string, operation: string | undefined): DurableHttpResponse | undefined {
    const known = context.knownEntities?.();
    if (known === undefined) return undefined;
    const entity: KnownEntity | undefined = known.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
    if (entity === undefined) {
      const names = known.map((candidate) => candidate.name);
      return errorResponse(
        400,
        `The function '${name}' doesn't exist, is disabled, or is not an entity function. Known entity functions: ${names.length > 0 ? names.join(', ') : '(none)'}.`,
        { knownEntities: names },
      );
    }
    if (operation !== undefined && operation !== 'delete' && entity.operations !== undefined) {
      const match = entity.operations.some((candidate) => candidate.toLowerCase() === operation.toLowerCase());
      if (!match) {
        return errorResponse(400, `The entity '${entity.name}' has no operation '${operation}'. Known operations: ${entity.operations.join(', ')}.`, {
          knownOperations: entity.operations,
        });
      }
    }
    return undefined;
  }

  /** GET entities/{name}/{key}: 200 + state, 404 when it does not exist. */
  async function getEntity(name: string, key: string): Promise<DurableHttpResponse> {
    if (client.getEntity === undefined) return notSupportedByClient('Entities');
    const id = entityId(name, key);
    if (!(id instanceof EntityInstanceId)) return id;
    const entity = await client.getEntity(id, true);
    if (entity === undefined) return errorResponse(404, `No entity '@${id.name}@${id.key}' found.`);
    return jsonResponse(200, entity.includesState ? (entity.state ?? null) : null);
  }

  /** GET entities[/{name}]: one page of entity statuses, the next page's token in x-ms-continuation-token. */
  async function listEntities(parts: RequestParts, name: string | undefined): Promise<DurableHttpResponse> {
    const query = readQuery(parts.query, {
      lastOperationTimeFrom: Parameter.time,
      lastOperationTimeTo: Parameter.time,
      top: Parameter.positiveInteger,
      fetchState: Parameter.flag,
    });
    if (!query.ok) return query.response;
    if (client.getEntities === undefined) return notSupportedByClient('Listing entities');
    if (name?.includes('@')) return errorResponse(400, `Entity names must not contain '@' (got '${name}').`);
    const { lastOperationTimeFrom, lastOperationTimeTo, top, fetchState = false } = query.values;
    const continuationToken = headerValue(parts.request, CONTINUATION_HEADER) || undefined;
    const pages = client
      .getEntities({
        // Entity names are stored in lower case; the prefix names one entity type exactly.
        instanceIdStartsWith: name === undefined ? undefined : `@${name.toLowerCase()}@`,
        lastModifiedFrom: lastOperationTimeFrom,
        lastModifiedTo: lastOperationTimeTo,
        includeState: fetchState,
        pageSize: top,
        continuationToken,
      })
      .asPages(continuationToken, top);
    for await (const page of pages) {
      const headers: Record<string, string> = {};
      if (page.continuationToken) headers[CONTINUATION_HEADER] = page.continuationToken;
      return jsonResponse(200, page.values.map(toEntityStatusPayload), headers);
    }
    return jsonResponse(200, []);
  }

  /** POST entities/{name}/{key}?op=.. (DELETE signals `delete`): JSON bodies parsed, others passed as text. */
  async function signalEntity(parts: RequestParts, name: string, key: string): Promise<DurableHttpResponse> {
    if (client.signalEntity === undefined) return notSupportedByClient('Entities');
    const id = entityId(name, key);
    if (!(id instanceof EntityInstanceId)) return id;
    let operation = 'delete';
    if (parts.request.method.toUpperCase() !== 'DELETE') {
      const query = readQuery(parts.query, { op: Parameter.text });
      if (!query.ok) return query.response;
      if (query.values.op === undefined) {
        return errorResponse(400, "The query parameter 'op' is required: the name of the entity operation to signal, e.g. ?op=add.");
      }
      operation = query.values.op;
    }
    const unknown = unknownEntity(name, operation);
    if (unknown) return unknown;
    const tooLarge = oversizedBody(parts.request);
    if (tooLarge) return tooLarge;
    let input: unknown;
    if (parts.request.body !== undefined && parts.request.body.byteLength > 0) {
      const text = new TextDecoder('utf-8').decode(parts.request.body);
      if (isJsonContentType(parts.request)) {
        try {
          input = JSON.parse(text);
        } catch (error) {
          return errorResponse(400, `Could not parse JSON content: ${(error as Error).message}`);
        }
      } else {
        input = text;
      }
    }
    await client.signalEntity(id, operation, input);
    return emptyResponse(202);
  }

  return { getEntity, listEntities, signalEntity };
}
