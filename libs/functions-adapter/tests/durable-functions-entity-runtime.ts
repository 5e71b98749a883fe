// Runs entity operations through durable-functions v3's own entity runtime (the Entity class behind
// df.app.entity), with the entityTrigger JSON the Durable extension sends (EntityTriggerAttributeBindingProvider)
// and reading back its EntityState as the extension's TaskEntityShim does.
import { InvocationContext } from '@azure/functions';
import { makeEntityId, type AnyEntityDefinition } from '@durable-hosts/durable';
import type { EntityExecutor } from '@durable-hosts/durable/testing';
import { createEntityFunction } from 'durable-functions/lib/src/util/testingUtils.js';
import { toDurableFunctionsEntity } from '../src/entity-adapter.js';

/** durable-functions' EntityState (lib/src/entities/EntityState.js). */
interface DfEntityState {
  entityExists: boolean;
  entityState?: string;
  results: { isError: boolean; result?: string }[];
  signals: { target: { name: string; key: string }; name: string; input?: string }[];
}

/**
 * An EntityExecutor for the shared EntityWorld. A failure carries the raw `result` string in errorMessage
 * (errorType 'Error'), because that string is what the extension hands to the calling orchestration.
 */
export function durableFunctionsEntityExecutor(): EntityExecutor {
  const handlers = new Map<AnyEntityDefinition, (trigger: unknown, context: InvocationContext) => Promise<unknown>>();
  return async (definition, request) => {
    let handler = handlers.get(definition);
    if (!handler) handlers.set(definition, (handler = createEntityFunction(toDurableFunctionsEntity(definition))));
    const trigger = {
      self: { name: request.entityId.name, key: request.entityId.key },
      exists: request.state.exists,
      state: request.state.exists ? JSON.stringify(request.state.value) : undefined,
      batch: [
        {
          name: request.operation,
          input: request.input === undefined ? undefined : JSON.stringify(request.input),
          isSignal: false,
        },
      ],
    };
    const context = new InvocationContext({ functionName: definition.name, logHandler: () => undefined });
    const state = JSON.parse(JSON.stringify(await handler(trigger, context))) as DfEntityState;
    const result = state.results[0];
    if (!result) throw new Error(`durable-functions returned no result for '${request.operation}'.`);
    if (result.isError) return { ok: false, failure: { errorType: 'Error', errorMessage: result.result ?? '' } };
    return {
      ok: true,
      result: result.result === undefined ? undefined : JSON.parse(result.result),
      state:
        state.entityExists && state.entityState !== undefined && state.entityState !== null
          ? { exists: true, value: JSON.parse(state.entityState) }
          : { exists: false },
      signals: state.signals.map((signal) => ({
        entity: makeEntityId(signal.target.name, signal.target.key),
        operation: signal.name,
        input: signal.input ? JSON.parse(signal.input) : undefined,
      })),
    };
  };
}
