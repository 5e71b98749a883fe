import type { AnyEntityDefinition, FailureDetails } from '@durable-hosts/durable';
import { executeEntityOperation } from '@durable-hosts/durable/sdk-binding';
import type * as df from 'durable-functions';
import { toEntityId } from './orchestrator-adapter.js';

/**
 * What a failed operation throws to durable-functions. v3 records `JSON.stringify(thrown)` as the result,
 * and the Durable extension hands it to the caller, which reads `Error(JSON.parse(result))`: an Error
 * would arrive as `{}`, a string arrives whole. So the failure serialises to "Type: message".
 */
class EntityOperationFailure extends Error {
  constructor(readonly failure: FailureDetails) {
    super(failure.errorMessage);
    this.name = failure.errorType;
  }

  toJSON(): string {
    return `${this.failure.errorType}: ${this.failure.errorMessage}`;
  }
}

const NO_SCHEDULED_SIGNALS =
  "Signals with { at } are not available from entities on durable-functions v3: the Durable extension's out-of-process entity protocol has no signal time. Schedule the signal from an orchestration (ctx.signalEntity(..., { at })) instead.";

/**
 * Wraps an entity definition as a durable-functions v3 entity handler: the model runs the operation on its
 * own copy of the state, so a failure changes nothing (v3 itself keeps what a failing operation wrote).
 */
export function toDurableFunctionsEntity(definition: AnyEntityDefinition): df.EntityHandler<unknown> {
  return async (context: df.EntityContext<unknown>): Promise<void> => {
    const entity = context.df;
    const outcome = await executeEntityOperation(definition, {
      entityId: { name: entity.entityName, key: entity.entityKey },
      operation: entity.operationName ?? '',
      input: entity.getInput(),
      state: entity.isNewlyConstructed ? { exists: false } : { exists: true, value: entity.getState() },
      now: new Date(),
      scheduledSignalsUnsupported: NO_SCHEDULED_SIGNALS,
    });
    if (!outcome.ok) throw new EntityOperationFailure(outcome.failure);
    // return() marks the entity as existing, so it goes before a delete.
    if (outcome.result !== undefined) entity.return(outcome.result);
    if (outcome.state.exists) entity.setState(outcome.state.value);
    else entity.destructOnExit();
    for (const signal of outcome.signals) entity.signalEntity(toEntityId(signal.entity), signal.operation, signal.input);
  };
}
