// One action of a batch on one instance, with what happened to it: done, not found, or not allowed in its
// state (with the reason) — never a bare failure. Which states an action applies to is decided here, so
// that a batch reports "already Completed" where the single-instance API would quietly do nothing.
import { isTerminalStatus, OrchestrationStatusCode, runtimeStatusName } from '@durable-hosts/dts-protocol';
import type { TaskHubEngine } from '../engine/task-hub-engine.js';
import { toApiError } from './api-error.js';
import { runInstanceAction } from './orchestration-actions.js';

export const BATCH_ACTIONS = ['terminate', 'suspend', 'resume', 'purge', 'restart'] as const;
export type BatchAction = (typeof BATCH_ACTIONS)[number];

export type Outcome = 'done' | 'notFound' | 'notAllowed' | 'failed';

export interface InstanceResult {
  instanceId: string;
  outcome: Outcome;
  /** Why it was not done, for people (the engine's message where it gave one). */
  message?: string;
  /** Restart: the instance that was started. */
  newInstanceId?: string;
}

export interface BatchOptions {
  reason?: string;
  recursive: boolean;
  newInstanceId: boolean;
}

const { Running, Pending, Suspended } = OrchestrationStatusCode;

/** Undefined when `action` applies to an instance in `status`; otherwise why not. */
function refusal(action: BatchAction, status: number, options: BatchOptions): string | undefined {
  const name = runtimeStatusName(status) ?? String(status);
  switch (action) {
    case 'terminate':
      return isTerminalStatus(status) ? `It is ${name}: only Running, Pending or Suspended instances can be terminated.` : undefined;
    case 'suspend':
      if (status === Suspended) return 'It is already Suspended.';
      return status === Running || status === Pending ? undefined : `It is ${name}: only Running or Pending instances can be suspended.`;
    case 'resume':
      return status === Suspended ? undefined : `It is ${name}: only Suspended instances can be resumed.`;
    case 'purge':
      return isTerminalStatus(status)
        ? undefined
        : `It is ${name}: only Completed, Failed or Terminated instances can be purged. Terminate it first.`;
    case 'restart':
      return options.newInstanceId || isTerminalStatus(status)
        ? undefined
        : `It is ${name}: only a finished instance can be restarted with the same ID. Terminate it first, or restart with a new instance ID.`;
  }
}

export function applyToInstance(hub: TaskHubEngine, instanceId: string, action: BatchAction, options: BatchOptions): InstanceResult {
  const row = hub.getInstance(instanceId);
  if (!row) return { instanceId, outcome: 'notFound', message: `No instance with this ID in task hub '${hub.hub}' (purged, or never created).` };
  const refused = refusal(action, row.status, options);
  if (refused) return { instanceId, outcome: 'notAllowed', message: refused };
  try {
    const answer = runInstanceAction(hub, instanceId, action, {
      reason: options.reason,
      recursive: options.recursive,
      newInstanceId: options.newInstanceId,
    }) as { instanceId: string };
    return action === 'restart' ? { instanceId, outcome: 'done', newInstanceId: answer.instanceId } : { instanceId, outcome: 'done' };
  } catch (err) {
    const error = toApiError(err);
    const outcome: Outcome = error.status === 404 ? 'notFound' : error.status === 409 ? 'notAllowed' : 'failed';
    return { instanceId, outcome, message: error.message };
  }
}
