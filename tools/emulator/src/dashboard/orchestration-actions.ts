// The state-changing operations on orchestrations (start, terminate, suspend, resume, raise event,
// restart, rewind, purge, purge by filter), each a thin call into the task hub's engine.
import { randomUUID } from 'node:crypto';
import { isTerminalStatus, runtimeStatusName } from '@durable-hosts/dts-protocol';
import type { TaskHubEngine } from '../engine/task-hub-engine.js';
import { z } from 'zod';
import { flag, jsonText, optionalText, parseBody, requiredText, tagMap, textList } from './action-body.js';
import { ApiError } from './api-error.js';
import { requireInstance } from './instance-reads.js';
import { parseStatuses, parseTime } from './list-request.js';

export type Body = Record<string, unknown>;

const START = z.object({
  name: requiredText,
  instanceId: optionalText,
  version: optionalText,
  input: jsonText,
  scheduledStartTime: optionalText,
  tags: tagMap,
});
const TERMINATE = z.object({ reason: optionalText, recursive: flag });
const WITH_REASON = z.object({ reason: optionalText });
const RAISE_EVENT = z.object({ name: requiredText, data: jsonText });
const RESTART = z.object({ newInstanceId: flag });
const PURGE = z.object({ recursive: flag });
const PURGE_BY_FILTER = z.object({ statuses: textList, createdFrom: optionalText, createdTo: optionalText, recursive: flag });

export const INSTANCE_ACTIONS = ['terminate', 'suspend', 'resume', 'raise-event', 'restart', 'rewind', 'purge'] as const;
export type InstanceAction = (typeof INSTANCE_ACTIONS)[number];

export function startOrchestration(hub: TaskHubEngine, body: Body): { instanceId: string } {
  const start = parseBody(START, body);
  const instanceId = start.instanceId?.trim() || randomUUID().replace(/-/g, '');
  const scheduledStartAt = parseTime(start.scheduledStartTime, 'scheduledStartTime');
  hub.startInstance({
    instanceId,
    name: start.name,
    version: start.version,
    input: start.input,
    tags: start.tags,
    scheduledStartAt,
  });
  return { instanceId };
}

export function runInstanceAction(hub: TaskHubEngine, instanceId: string, action: InstanceAction, body: Body): unknown {
  const row = requireInstance(hub, instanceId);
  switch (action) {
    case 'terminate': {
      const { reason, recursive } = parseBody(TERMINATE, body);
      hub.terminate(instanceId, reason === undefined ? undefined : JSON.stringify(reason), recursive);
      return { instanceId, action };
    }
    case 'suspend':
      hub.suspend(instanceId, parseBody(WITH_REASON, body).reason);
      return { instanceId, action };
    case 'resume':
      hub.resume(instanceId, parseBody(WITH_REASON, body).reason);
      return { instanceId, action };
    case 'raise-event': {
      const event = parseBody(RAISE_EVENT, body);
      hub.raiseEvent(instanceId, event.name, event.data);
      return { instanceId, action };
    }
    case 'restart':
      return { instanceId: hub.restart(instanceId, parseBody(RESTART, body).newInstanceId), action };
    case 'rewind':
      hub.rewind(instanceId, parseBody(WITH_REASON, body).reason);
      return { instanceId, action };
    case 'purge': {
      const { recursive } = parseBody(PURGE, body);
      if (!isTerminalStatus(row.status)) {
        throw new ApiError(
          409,
          `Instance '${instanceId}' is ${runtimeStatusName(row.status)}; only Completed, Failed or Terminated instances ` +
            'can be purged. Terminate it first.',
        );
      }
      return { instanceId, action, purged: hub.purgeInstance(instanceId, recursive) };
    }
  }
}

/** Purges finished instances created in a range (all finished ones when no filter is given). */
export function purgeByFilter(hub: TaskHubEngine, body: Body): { purged: number } {
  const filter = parseBody(PURGE_BY_FILTER, body);
  const statuses = parseStatuses(filter.statuses);
  const nonTerminal = statuses.filter((s) => !isTerminalStatus(s));
  if (nonTerminal.length > 0) {
    throw new ApiError(
      400,
      `Only finished instances can be purged; remove ${nonTerminal.map((s) => runtimeStatusName(s)).join(', ')} ` +
        'from statuses (allowed: Completed, Failed, Terminated).',
    );
  }
  const purged = hub.purgeByFilter(
    {
      statuses,
      createdFrom: parseTime(filter.createdFrom, 'createdFrom'),
      createdTo: parseTime(filter.createdTo, 'createdTo'),
    },
    filter.recursive,
  );
  return { purged };
}
