// The shapes the store reads and writes, and how an `instances` row maps to an InstanceRow.

export interface InstanceRow {
  instanceId: string;
  executionId: string;
  name: string;
  version: string | undefined;
  status: number;
  input: string | undefined;
  output: string | undefined;
  customStatus: string | undefined;
  failureDetails: Uint8Array | undefined;
  createdAt: number;
  lastUpdatedAt: number;
  completedAt: number | undefined;
  scheduledStartAt: number | undefined;
  parentInstanceId: string | undefined;
  parentExecutionId: string | undefined;
  parentTaskId: number | undefined;
  parentName: string | undefined;
  tags: Record<string, string>;
  needsReplay: boolean;
}

/** An inbox row: an event waiting for its orchestration (or entity), visible from `visibleAt`. */
export interface StoredEvent {
  id: number;
  visibleAt: number;
  event: Uint8Array;
}

/** A scheduled activity, with its ActivityRequest already encoded. */
export interface StoredActivity {
  id: number;
  instanceId: string;
  executionId: string;
  taskId: number;
  name: string;
  request: Uint8Array;
}

export interface EntityRow {
  entityId: string;
  state: string | undefined;
  lastModifiedAt: number;
  lockedBy: string | undefined;
  lockCriticalSection: string | undefined;
}

export interface LockRequestRow {
  id: number;
  instanceId: string;
  executionId: string;
  criticalSectionId: string;
  lockSet: string[];
}

/** An `instances` row as SQLite returns it; list queries read only some of the columns. */
export interface RawInstanceRow {
  instance_id: string;
  execution_id: string;
  name: string;
  version: string | null;
  status: number;
  input?: string | null;
  output?: string | null;
  custom_status?: string | null;
  failure_details?: Buffer | null;
  created_at: number;
  last_updated_at: number;
  completed_at: number | null;
  scheduled_start_at: number | null;
  parent_instance_id: string | null;
  parent_execution_id?: string | null;
  parent_task_id?: number | null;
  parent_name?: string | null;
  tags: string | null;
  needs_replay?: number;
}

/** The columns a list shows: payloads stay in the database until an instance is opened. */
export const LIST_COLUMNS =
  'instance_id, execution_id, name, version, status, created_at, last_updated_at, completed_at, scheduled_start_at, parent_instance_id, tags';

export function instanceFromRaw(raw: RawInstanceRow): InstanceRow {
  return {
    instanceId: raw.instance_id,
    executionId: raw.execution_id,
    name: raw.name,
    version: raw.version ?? undefined,
    status: raw.status,
    input: raw.input ?? undefined,
    output: raw.output ?? undefined,
    customStatus: raw.custom_status ?? undefined,
    failureDetails: raw.failure_details ?? undefined,
    createdAt: raw.created_at,
    lastUpdatedAt: raw.last_updated_at,
    completedAt: raw.completed_at ?? undefined,
    scheduledStartAt: raw.scheduled_start_at ?? undefined,
    parentInstanceId: raw.parent_instance_id ?? undefined,
    parentExecutionId: raw.parent_execution_id ?? undefined,
    parentTaskId: raw.parent_task_id ?? undefined,
    parentName: raw.parent_name ?? undefined,
    tags: raw.tags ? (JSON.parse(raw.tags) as Record<string, string>) : {},
    needsReplay: raw.needs_replay === 1,
  };
}
