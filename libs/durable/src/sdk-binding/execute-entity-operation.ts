import { MAX_PAYLOAD_BYTES, oversizedPayloadBytes } from '@durable-hosts/dts-protocol';
import type {
  AnyEntityDefinition,
  EntityContext,
  EntitySignalOptions,
  ImplicitDeleteOperation,
} from '../entity-definition.js';
import { formatEntityId, makeEntityId, type EntityId } from '../entity-id.js';
import type { EntitySignal } from '../orchestration-context.js';
import { failureDetailsOf, type FailureDetails } from '../task-failed-error.js';
import { resolveFireAt } from '../timer-delay.js';

/** An entity's state as the hosts store it: absent, or a JSON value. */
export type StoredEntityState =
  { readonly exists: false } | { readonly exists: true; readonly value: unknown };

export interface EntityOperationRequest {
  readonly entityId: EntityId;
  readonly operation: string;
  readonly input: unknown;
  readonly state: StoredEntityState;
  /** The entity's clock, for signals sent with a delay (entities are not replayed: the wall clock is fine). */
  readonly now: Date;
  /** Set when the SDK cannot send a signal later (durable-functions v3): a signal with `at` then fails the operation. */
  readonly scheduledSignalsUnsupported?: string;
}

/** What one operation did. On failure nothing happened: the state and the signals are rolled back. */
export type EntityOperationOutcome =
  | {
      readonly ok: true;
      readonly result: unknown;
      readonly state: StoredEntityState;
      readonly signals: readonly EntitySignal[];
    }
  | { readonly ok: false; readonly failure: FailureDetails };

/** The operation every entity has unless it defines its own: delete the entity (DTS/TaskEntity convention). */
const IMPLICIT_DELETE: ImplicitDeleteOperation = 'delete';

const viaJson = (value: unknown): unknown =>
  value === undefined ? undefined : JSON.parse(JSON.stringify(value));

/** The operation's handler: by exact name, else case-insensitively (operation names are, on DTS). */
function findOperation(definition: AnyEntityDefinition, operation: string) {
  const operations = definition.operations as Record<
    string,
    (ctx: EntityContext<unknown>, input: unknown) => unknown
  >;
  if (Object.hasOwn(operations, operation)) return operations[operation];
  const lower = operation.toLowerCase();
  const match = Object.keys(operations).find((name) => name.toLowerCase() === lower);
  return match === undefined ? undefined : operations[match];
}

/** The names a caller may use on this entity, for error messages and the HTTP API. */
export function entityOperationNames(definition: AnyEntityDefinition): readonly string[] {
  const names = Object.keys(definition.operations);
  return names.some((n) => n.toLowerCase() === IMPLICIT_DELETE) ? names : [...names, IMPLICIT_DELETE];
}

/**
 * Runs one entity operation the same way on every host: the state it sees, how it changes it, what it
 * returns, the signals it sends, and the rules (unknown operation, state over the DTS payload limit) —
 * each adapter only moves the outcome in and out of its SDK.
 */
export async function executeEntityOperation(
  definition: AnyEntityDefinition,
  request: EntityOperationRequest,
): Promise<EntityOperationOutcome> {
  const where = `entity '${formatEntityId(request.entityId)}'`;
  const handler = findOperation(definition, request.operation);
  if (!handler && request.operation.toLowerCase() !== IMPLICIT_DELETE) {
    return {
      ok: false,
      failure: {
        errorType: 'UnknownEntityOperation',
        errorMessage: `Entity '${definition.name}' has no operation '${request.operation}'. Known operations: ${entityOperationNames(definition).join(', ')}.`,
      },
    };
  }

  let exists = request.state.exists;
  let value: unknown = request.state.exists ? viaJson(request.state.value) : undefined;
  let fresh: string | undefined; // the initial state handed out, to tell whether an operation changed it in place
  let assigned = false;
  const signals: EntitySignal[] = [];
  const ctx: EntityContext<unknown> = {
    entityId: request.entityId,
    operationName: request.operation,
    get state() {
      if (!exists && !assigned && fresh === undefined) {
        value = definition.initialState();
        fresh = JSON.stringify(value) ?? 'undefined';
      }
      return value;
    },
    set state(next) {
      value = next;
      assigned = true;
      exists = next !== undefined && next !== null;
    },
    get hasState() {
      return exists;
    },
    deleteState() {
      value = undefined;
      exists = false;
      assigned = true;
      fresh = undefined;
    },
    signalEntity(entity, key, operation, ...[input, options]) {
      const at = (options as EntitySignalOptions | undefined)?.at;
      if (at !== undefined && request.scheduledSignalsUnsupported)
        throw new Error(request.scheduledSignalsUnsupported);
      signals.push({
        entity: makeEntityId(entity.name, key),
        operation,
        input: viaJson(input),
        ...(at === undefined ? {} : { at: resolveFireAt(at, request.now) }),
      });
    },
  };

  let result: unknown;
  try {
    if (handler) result = viaJson(await handler(ctx, viaJson(request.input)));
    else ctx.deleteState();
  } catch (error) {
    return { ok: false, failure: failureDetailsOf(error) };
  }

  // Reading the initial state and changing it in place creates the entity, as assigning does.
  if (!exists && !assigned && fresh !== undefined && (JSON.stringify(value) ?? 'undefined') !== fresh) {
    exists = value !== undefined && value !== null;
  }
  if (!exists) return { ok: true, result, state: { exists: false }, signals };
  const serialized = JSON.stringify(value);
  const bytes = oversizedPayloadBytes(serialized);
  if (bytes !== undefined) {
    return {
      ok: false,
      failure: {
        errorType: 'EntityStateTooLarge',
        errorMessage: `Operation '${request.operation}' would make the state of ${where} ${bytes} bytes; DTS limits entity state, like every payload, to ${MAX_PAYLOAD_BYTES} bytes (1 MB). The operation was rolled back: keep large data elsewhere and store a reference.`,
      },
    };
  }
  return { ok: true, result, state: { exists: true, value: JSON.parse(serialized) }, signals };
}
