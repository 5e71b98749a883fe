import type { AnyEntityDefinition } from '@durable-hosts/durable';
import { executeEntityOperation } from '@durable-hosts/durable/sdk-binding';
import type { EntityFactory, ITaskEntity, TaskEntityOperation } from '@microsoft/durabletask-js';
import { toEntityInstanceId } from './orchestrator-adapter.js';

/**
 * Wraps an entity definition as a durabletask-js entity. The model runs the operation; the SDK's shim
 * keeps the state, rolls back on a thrown error and sends the signals.
 */
export function toDurableTaskEntity(definition: AnyEntityDefinition): EntityFactory {
  const entity: ITaskEntity = {
    async run(operation: TaskEntityOperation): Promise<unknown> {
      const id = operation.context.id;
      const outcome = await executeEntityOperation(definition, {
        entityId: { name: id.name, key: id.key },
        operation: operation.name,
        input: operation.getInput(),
        state: operation.state.hasState
          ? { exists: true, value: operation.state.getState() }
          : { exists: false },
        now: new Date(),
      });
      if (!outcome.ok) {
        // The shim reports error.name and error.message as the operation's failure details.
        const error = new Error(outcome.failure.errorMessage);
        error.name = outcome.failure.errorType;
        if (outcome.failure.stackTrace) error.stack = outcome.failure.stackTrace;
        throw error;
      }
      operation.state.setState(outcome.state.exists ? outcome.state.value : null);
      for (const signal of outcome.signals) {
        operation.context.signalEntity(
          toEntityInstanceId(signal.entity),
          signal.operation,
          signal.input,
          signal.at ? { signalTime: signal.at } : undefined,
        );
      }
      return outcome.result;
    },
  };
  return () => entity;
}
