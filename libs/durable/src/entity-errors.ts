import { formatEntityId, type EntityId } from './entity-id.js';
import { TaskFailedError, type FailureDetails } from './task-failed-error.js';

/**
 * Thrown into an orchestration when an entity operation it called failed (the entity's state and the
 * signals it sent were rolled back). A TaskFailedError, so one `catch` handles activities and entities.
 */
export class EntityOperationFailedError extends TaskFailedError {
  override readonly name: string = 'EntityOperationFailedError';

  constructor(
    readonly entityId: EntityId,
    readonly operationName: string,
    details: FailureDetails,
  ) {
    super('entity', formatEntityId(entityId), details);
    this.message = `Operation '${operationName}' of entity '${formatEntityId(entityId)}' failed: ${details.errorType}: ${details.errorMessage}`;
  }
}

/** A critical section was used against the rules Durable enforces (thrown where the rule was broken). */
export class LockingRulesViolationError extends Error {
  override readonly name = 'LockingRulesViolationError';
}
