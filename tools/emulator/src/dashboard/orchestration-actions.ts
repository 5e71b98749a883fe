// The state-changing operations on orchestrations (start, terminate, suspend, resume, raise event,
// restart, rewind, purge, purge by filter), each a thin call into the task hub's engine.
import { randomUUID } from 'node:crypto';
import { isTerminal, STATUS_NAMES, type TaskHubEngine } from '../engine/task-hub-engine.js';
import {
  optionalBoolean,
  optionalJsonText,
  optionalString,
  optionalStringList,
  optionalTags,
  requiredString,
} from './action-body.js';
import { ApiError } from './api-error.js';
import { parseStatuses, parseTime } from './list-request.js';

export type Body = Record<string, unknown>;

export const INSTANCE_ACTIONS = ['terminate', 'suspend', 'resume', 'raise-event', 'restart', 'rewind', 'purge'] as const;
export type InstanceAction = (typeof INSTANCE_ACTIONS)[number];

export function startOrchestration(hub: TaskHubEngine, body: Body): { instanceId: string } {
  const name = requiredString(body, 'name');
  const instanceId = optionalString(body, 'instanceId')?.trim() || randomUUID().replace(/-/g, '');
  const scheduledStartAt = parseTime(optionalString(body, 'scheduledStartTime'), 'scheduledStartTime');
  hub.startInstance({
    instanceId,
    name,
    version: optionalString(body, 'version'),
    input: optionalJsonText(body, 'input'),
    tags: optionalTags(body, 'tags'),
    scheduledStartAt,
  });
  return { instanceId };
}

function requireInstance(hub: TaskHubEngine, instanceId: string): void {
  if (!hub.getInstance(instanceId)) {
    throw new ApiError(404, `No orchestration instance with ID '${instanceId}' in task hub '${hub.hub}'.`);
  }
}

export function runInstanceAction(hub: TaskHubEngine, instanceId: string, action: InstanceAction, body: Body): unknown {
  requireInstance(hub, instanceId);
  switch (action) {
    case 'terminate': {
      const reason = optionalString(body, 'reason');
      hub.terminate(instanceId, reason === undefined ? undefined : JSON.stringify(reason), optionalBoolean(body, 'recursive'));
      return { instanceId, action };
    }
    case 'suspend':
      hub.suspend(instanceId, optionalString(body, 'reason'));
      return { instanceId, action };
    case 'resume':
      hub.resume(instanceId, optionalString(body, 'reason'));
      return { instanceId, action };
    case 'raise-event':
      hub.raiseEvent(instanceId, requiredString(body, 'name'), optionalJsonText(body, 'data'));
      return { instanceId, action };
    case 'restart':
      return { instanceId: hub.restart(instanceId, optionalBoolean(body, 'newInstanceId')), action };
    case 'rewind':
      hub.rewind(instanceId, optionalString(body, 'reason'));
      return { instanceId, action };
    case 'purge': {
      const row = hub.getInstance(instanceId)!;
      if (!isTerminal(row.status)) {
        throw new ApiError(
          409,
          `Instance '${instanceId}' is ${STATUS_NAMES[row.status]}; only Completed, Failed or Terminated instances ` +
            'can be purged. Terminate it first.',
        );
      }
      return { instanceId, action, purged: hub.purgeInstance(instanceId, optionalBoolean(body, 'recursive')) };
    }
  }
}

/** Purges finished instances created in a range (all finished ones when no filter is given). */
export function purgeByFilter(hub: TaskHubEngine, body: Body): { purged: number } {
  const statuses = parseStatuses(optionalStringList(body, 'statuses'));
  const nonTerminal = statuses.filter((s) => !isTerminal(s));
  if (nonTerminal.length > 0) {
    throw new ApiError(
      400,
      `Only finished instances can be purged; remove ${nonTerminal.map((s) => STATUS_NAMES[s]).join(', ')} ` +
        'from statuses (allowed: Completed, Failed, Terminated).',
    );
  }
  const purged = hub.purgeByFilter(
    {
      statuses,
      createdFrom: parseTime(optionalString(body, 'createdFrom'), 'createdFrom'),
      createdTo: parseTime(optionalString(body, 'createdTo'), 'createdTo'),
    },
    optionalBoolean(body, 'recursive'),
  );
  return { purged };
}
