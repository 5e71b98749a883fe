// The scheduler of one task hub: instances, their inboxes, dispatch to workers, timers, activities,
// entities and waiters. Memory holds every non-terminal instance (with its history as protobuf bytes)
// and is written through to SQLite: each state change is one transaction, committed before the caller
// hears back. Terminal instances live only in SQLite.
import { randomUUID } from 'node:crypto';
import { OrchestrationStatusCode, isTerminalStatus, runtimeStatusName } from '@durable-hosts/dts-protocol';
import {
  EventCase,
  optionalString,
  pb,
  stringValue,
  timestampMs,
  toTimestamp,
  type HistoryEvent,
} from '../proto/messages.js';
import { EncodedPastEvents, encodeActivityWorkItem, encodeOrchestratorWorkItem } from '../proto/wire-encoding.js';
import type { InstanceFilter } from '../store/instance-filter.js';
import type { InstanceQueries } from '../store/instance-queries.js';
import type { EntityRow, InstanceRow, LockRequestRow } from '../store/rows.js';
import type { TaskHubStore } from '../store/task-hub-store.js';
import { checkInstanceId, checkOrchestrationInstanceId, checkPayload, MAX_PAYLOAD_BYTES } from './dts-limits.js';
import { EngineError } from './engine-error.js';
import * as events from './history-events.js';
import { systemClock, type Clock } from './clock.js';
import type { TimerQueue } from './timer-queue.js';
import { WorkItemLeases } from './work-item-leases.js';
import { WorkerRegistry, type WorkerConnection, type WorkerInfo } from './worker-registry.js';

type OrchestratorResponse = InstanceType<typeof pb.OrchestratorResponse>;
type OrchestratorAction = InstanceType<typeof pb.OrchestratorAction>;
type ActivityResponse = InstanceType<typeof pb.ActivityResponse>;
type EntityBatchResult = InstanceType<typeof pb.EntityBatchResult>;
type FailureDetails = InstanceType<typeof pb.TaskFailureDetails>;

const ActionCase = pb.OrchestratorAction.OrchestratoractiontypeCase;
const EntityMessageCase = pb.SendEntityMessageAction.EntitymessagetypeCase;

interface InboxEntry {
  id: number;
  visibleAt: number;
  bytes: Uint8Array;
  kind: number;
}

interface InFlight {
  token: string;
  entries: InboxEntry[];
  started: Uint8Array;
  worker: WorkerConnection;
}

interface ActiveInstance {
  row: InstanceRow;
  history: Uint8Array[];
  inbox: InboxEntry[];
  inFlight?: InFlight;
  /** `history` as encoded pastEvents, kept between episodes (made at the first dispatch). */
  pastEvents?: EncodedPastEvents;
  /** The worker that let this instance's last work item time out: offered elsewhere if possible. */
  notTo?: WorkerConnection;
}

interface ActivityItem {
  id: number;
  instanceId: string;
  executionId: string;
  taskId: number;
  name: string;
  request: Uint8Array;
  tokens: string[];
  holder?: WorkerConnection;
  notTo?: WorkerConnection;
}

interface EntityInboxEntry {
  id: number;
  visibleAt: number;
  event: HistoryEvent;
  /** The orchestration awaiting the result of a call; undefined for signals. */
  caller?: string;
}

interface EntityRecord {
  row: EntityRow;
  inbox: EntityInboxEntry[];
  inFlight?: { token: string; entries: EntityInboxEntry[]; worker: WorkerConnection };
  notTo?: WorkerConnection;
}

type TokenRef =
  | { kind: 'orchestration'; instanceId: string }
  | { kind: 'activity'; activityId: number }
  | { kind: 'entity'; entityId: string };

export interface StartInstanceInit {
  instanceId: string;
  name: string;
  version?: string;
  input?: string;
  tags?: Record<string, string>;
  /** Epoch ms; absent or not in the future means now. */
  scheduledStartAt?: number;
  /** Statuses an existing instance may be replaced from (the reuse policy); undefined = DTS default. */
  replaceableStatuses?: readonly number[];
}

export interface InstanceQuery extends InstanceFilter {
  pageSize?: number;
  continuationToken?: string;
  order?: 'newest' | 'oldest';
}

export interface EntityView {
  entityId: string;
  state: string | undefined;
  lastModifiedAt: number;
  lockedBy: string | undefined;
  backlogQueueSize: number;
}

export interface EntityQuery {
  prefix?: string;
  lastModifiedFrom?: number;
  lastModifiedTo?: number;
  includeTransient?: boolean;
  pageSize?: number;
  continuationToken?: string;
}

export interface EngineOptions {
  /** How long work held by a disconnected worker stays with it before going to another worker. */
  abandonGraceMs: number;
  /** Delay before work a worker abandoned is offered again (avoids hot loops). */
  abandonRetryDelayMs: number;
  /** How long a worker may hold an orchestration (or entity) work item before it is offered again; ≤ 0 = forever. */
  orchestrationWorkItemTimeoutMs: number;
  /** The same for activities: longer, since activities may legitimately run for minutes. */
  activityWorkItemTimeoutMs: number;
  log: (line: string) => void;
  /** Where the time comes from (default: the system clock). */
  clock?: Clock;
}

type Waiter = (row: InstanceRow | undefined) => boolean;

// Completion tokens embed the boot, so a token from before a restart never matches new work.
const bootId = randomUUID().slice(0, 8);

export class TaskHubEngine {
  private readonly active = new Map<string, ActiveInstance>();
  private readonly activities = new Map<number, ActivityItem>();
  private readonly activityTokens = new Map<string, number>();
  private readonly entities = new Map<string, EntityRecord>();
  private lockRequests: LockRequestRow[] = [];
  private readonly tokens = new Map<string, TokenRef>();
  private readonly readyInstances = new Set<string>();
  private readonly readyActivities = new Set<number>();
  private readonly readyEntities = new Set<string>();
  private readonly waiters = new Map<string, Set<Waiter>>();
  private readonly changeListeners = new Set<(instanceId: string) => void>();
  private readonly changed = new Set<string>();
  /** Rows of instances that finished since the last flush: their waiters get them without a SELECT. */
  private finishedRows = new Map<string, InstanceRow>();
  readonly workers = new WorkerRegistry();
  private pumpScheduled = false;
  private tokenCounter = 0;
  private closed = false;
  private readonly orchestrationLeases: WorkItemLeases;
  private readonly activityLeases: WorkItemLeases;
  readonly clock: Clock;

  readonly hub: string;

  constructor(
    private readonly store: TaskHubStore,
    private readonly timers: TimerQueue,
    private readonly options: EngineOptions,
  ) {
    this.hub = store.hub;
    this.clock = options.clock ?? systemClock;
    const expire = (token: string): void => this.expireWorkItem(token);
    this.orchestrationLeases = new WorkItemLeases(options.orchestrationWorkItemTimeoutMs, expire, this.clock);
    this.activityLeases = new WorkItemLeases(options.activityWorkItemTimeoutMs, expire, this.clock);
  }

  // ---------------------------------------------------------------- startup

  /** Loads every non-terminal instance, pending activity, entity and lock request from the database. */
  load(): void {
    const now = this.clock.now();
    for (const row of this.store.activeInstances()) {
      const inbox = this.store.loadInbox(row.instanceId).map((e) => ({
        id: e.id,
        visibleAt: e.visibleAt,
        bytes: e.event,
        kind: pb.HistoryEvent.deserializeBinary(e.event).getEventtypeCase(),
      }));
      const inst: ActiveInstance = { row, history: this.store.loadHistory(row.instanceId), inbox };
      this.active.set(row.instanceId, inst);
      for (const e of inbox) if (e.visibleAt > now) this.wakeAt(row.instanceId, e.visibleAt);
      this.readyInstances.add(row.instanceId);
    }
    for (const a of this.store.loadActivities()) {
      this.activities.set(a.id, { ...a, tokens: [] });
      this.readyActivities.add(a.id);
    }
    for (const row of this.store.loadEntities()) {
      this.entities.set(row.entityId, { row, inbox: [] });
    }
    for (const e of this.store.loadEntityInbox()) {
      const entity = this.entityRecord(e.entityId, now);
      const event = pb.HistoryEvent.deserializeBinary(e.event);
      entity.inbox.push({ id: e.id, visibleAt: e.visibleAt, event, caller: callerOf(event) });
      if (e.visibleAt > now) this.wakeEntityAt(e.entityId, e.visibleAt);
      this.readyEntities.add(e.entityId);
    }
    this.lockRequests = this.store.loadLockRequests();
    this.mutate(() => this.grantLocks(now));
  }

  close(): void {
    this.closed = true;
    this.orchestrationLeases.close();
    this.activityLeases.close();
    // Pending waits are not answered: the server's shutdown cancels their calls (UNAVAILABLE for the
    // client), which is true, whereas "exists=false" would claim the instance is gone.
    this.waiters.clear();
  }

  // ---------------------------------------------------------------- client operations

  startInstance(init: StartInstanceInit): string {
    checkOrchestrationInstanceId(init.instanceId);
    if (!init.name) throw new EngineError('INVALID_ARGUMENT', 'The orchestration name must not be empty.');
    checkPayload('orchestration input', init.input);
    const existing = this.getInstance(init.instanceId);
    if (existing) {
      const replaceable = init.replaceableStatuses
        ? init.replaceableStatuses.includes(existing.status)
        : isTerminalStatus(existing.status);
      if (!replaceable) {
        throw new EngineError(
          'ALREADY_EXISTS',
          `An orchestration with instance ID '${init.instanceId}' already exists in task hub '${this.hub}' ` +
            `(status ${runtimeStatusName(existing.status)}). Use another ID, or wait until it finishes.`,
        );
      }
    }
    this.mutate(() => this.createInstance(init, this.clock.now(), existing !== undefined));
    return init.instanceId;
  }

  getInstance(instanceId: string): InstanceRow | undefined {
    return this.active.get(instanceId)?.row ?? this.store.getInstance(instanceId);
  }

  /** Calls `done` once `condition` holds (or with undefined if the instance doesn't exist); returns a cancel function. */
  waitForInstance(
    instanceId: string,
    condition: (row: InstanceRow) => boolean,
    done: (row: InstanceRow | undefined) => void,
  ): () => void {
    const row = this.getInstance(instanceId);
    if (!row || condition(row)) {
      done(row);
      return () => undefined;
    }
    const waiter: Waiter = (current) => {
      if (current && !condition(current)) return false;
      done(current);
      return true;
    };
    let set = this.waiters.get(instanceId);
    if (!set) this.waiters.set(instanceId, (set = new Set()));
    set.add(waiter);
    return () => {
      set.delete(waiter);
      if (set.size === 0 && this.waiters.get(instanceId) === set) this.waiters.delete(instanceId);
    };
  }

  raiseEvent(instanceId: string, name: string, input: string | undefined): void {
    checkPayload('event data', input);
    const row = this.requireInstance(instanceId);
    if (isTerminalStatus(row.status)) return;
    this.mutate(() => this.deliver(instanceId, events.eventRaised(name, input, this.clock.now()), this.clock.now()));
  }

  terminate(instanceId: string, output: string | undefined, recursive: boolean): void {
    checkPayload('termination output', output);
    const row = this.requireInstance(instanceId);
    if (isTerminalStatus(row.status)) return;
    const inst = this.active.get(instanceId)!;
    const now = this.clock.now();
    this.mutate(() => {
      if (this.workers.size === 0 && !inst.inFlight) {
        // No worker to run the termination: finish it here so the dashboard and scripts still work.
        const consumed = inst.history.length === 0 ? inst.inbox.filter((e) => e.kind === EventCase.EXECUTIONSTARTED) : [];
        const terminated = events.executionTerminated(output, recursive, now).serializeBinary();
        const completed = events
          .executionCompleted(-1, OrchestrationStatusCode.Terminated, output, undefined, now)
          .serializeBinary();
        this.appendHistory(inst, [
          events.orchestratorStarted(now).serializeBinary(),
          ...consumed.map((e) => e.bytes),
          terminated,
          completed,
        ]);
        this.finish(inst, OrchestrationStatusCode.Terminated, output, undefined, now);
      } else {
        // A scheduled start that hasn't come yet must still reach the worker with its ExecutionStarted.
        const start = inst.inbox.find((e) => e.kind === EventCase.EXECUTIONSTARTED && e.visibleAt > now);
        if (start) {
          start.visibleAt = now;
          this.store.setInboxVisibleAt(start.id, now);
        }
        this.deliver(instanceId, events.executionTerminated(output, recursive, now), now);
      }
    });
    if (recursive) {
      for (const childId of childInstanceIds(inst.history)) {
        const child = this.getInstance(childId);
        if (child && !isTerminalStatus(child.status)) this.terminate(childId, output, true);
      }
    }
  }

  suspend(instanceId: string, reason: string | undefined): void {
    const row = this.requireInstance(instanceId);
    if (isTerminalStatus(row.status) || row.status === OrchestrationStatusCode.Suspended) return;
    const inst = this.active.get(instanceId)!;
    const now = this.clock.now();
    this.mutate(() => {
      inst.row.status = OrchestrationStatusCode.Suspended;
      inst.row.lastUpdatedAt = now;
      this.store.saveInstance(inst.row);
      this.deliver(instanceId, events.executionSuspended(reason, now), now);
    });
  }

  resume(instanceId: string, reason: string | undefined): void {
    const row = this.requireInstance(instanceId);
    if (row.status !== OrchestrationStatusCode.Suspended) return;
    const inst = this.active.get(instanceId)!;
    const now = this.clock.now();
    this.mutate(() => {
      inst.row.status = inst.history.length > 0 ? OrchestrationStatusCode.Running : OrchestrationStatusCode.Pending;
      inst.row.lastUpdatedAt = now;
      this.store.saveInstance(inst.row);
      this.deliver(instanceId, events.executionResumed(reason, now), now);
    });
  }

  /** Deletes a terminal instance (and, if recursive, its sub-orchestrations); returns how many were deleted. */
  purgeInstance(instanceId: string, recursive: boolean): number {
    const row = this.getInstance(instanceId);
    if (!row || !isTerminalStatus(row.status)) return 0;
    const children = recursive ? childInstanceIds(this.store.loadHistory(instanceId)) : [];
    this.mutate(() => {
      this.store.deleteInstance(instanceId);
      this.finishedRows.delete(instanceId);
      this.changed.add(instanceId);
    });
    let count = 1;
    for (const child of children) count += this.purgeInstance(child, true);
    return count;
  }

  purgeByFilter(
    filter: { createdFrom?: number; createdTo?: number; statuses?: readonly number[] },
    recursive: boolean,
  ): number {
    let count = 0;
    for (const id of this.store.queries.purgeCandidates(filter)) count += this.purgeInstance(id, recursive);
    return count;
  }

  restart(instanceId: string, withNewInstanceId: boolean): string {
    const row = this.requireInstance(instanceId);
    if (!withNewInstanceId && !isTerminalStatus(row.status)) {
      throw new EngineError(
        'FAILED_PRECONDITION',
        `Instance '${instanceId}' is ${runtimeStatusName(row.status)}; only a finished instance can be restarted with ` +
          'the same ID. Terminate it first, or restart with a new instance ID.',
      );
    }
    const newId = withNewInstanceId ? randomUUID().replace(/-/g, '') : instanceId;
    this.mutate(() =>
      this.createInstance(
        { instanceId: newId, name: row.name, version: row.version, input: row.input, tags: row.tags },
        this.clock.now(),
      ),
    );
    return newId;
  }

  rewind(instanceId: string, reason: string | undefined): void {
    const row = this.requireInstance(instanceId);
    if (row.status !== OrchestrationStatusCode.Failed) {
      throw new EngineError(
        'FAILED_PRECONDITION',
        `Rewind is not allowed for instance '${instanceId}': it is ${runtimeStatusName(row.status)}, and only Failed ` +
          'instances can be rewound (precondition failed).',
      );
    }
    this.mutate(() => this.beginRewind(row, reason, undefined, this.clock.now()));
  }

  getHistory(instanceId: string): Uint8Array[] | undefined {
    const inst = this.active.get(instanceId);
    if (inst) return inst.history;
    if (!this.store.getInstance(instanceId)) return undefined;
    return this.store.loadHistory(instanceId);
  }

  queryInstances(q: InstanceQuery): { instances: InstanceRow[]; continuationToken: string | undefined } {
    const page = this.store.queries.cursorPage({
      ...q,
      pageSize: Math.max(1, q.pageSize ?? 100),
      after: q.continuationToken || undefined,
      order: q.order ?? 'oldest',
    });
    return { instances: page.rows, continuationToken: page.next };
  }

  countInstances(filter: InstanceFilter): number {
    return this.store.queries.count(filter);
  }

  countByStatus(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const [status, n] of this.store.queries.countByStatus()) counts[runtimeStatusName(status) ?? String(status)] = n;
    return counts;
  }

  /** The hub's read queries over SQLite (lists, counts, metrics); for the dashboard and scripts. */
  get queries(): InstanceQueries {
    return this.store.queries;
  }

  orchestrationNames(): string[] {
    return this.store.queries.orchestrationNames();
  }

  listInstanceIds(q: {
    statuses?: readonly number[];
    completedFrom?: number;
    completedTo?: number;
    pageSize?: number;
    lastInstanceKey?: string;
  }): { instanceIds: string[]; lastInstanceKey: string | undefined } {
    const page = this.store.queries.completedIds({
      ...q,
      pageSize: Math.max(1, q.pageSize ?? 100),
      after: q.lastInstanceKey || undefined,
    });
    return { instanceIds: page.ids, lastInstanceKey: page.next };
  }

  /** Registers a listener called (after commit) with the id of every instance whose state changed. */
  onChange(listener: (instanceId: string) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  listWorkers(): WorkerInfo[] {
    return this.workers.list();
  }

  /** Sizes of the engine's in-memory queues (dashboard metrics, benchmarks, tests). */
  stats(): {
    activeInstances: number;
    readyInstances: number;
    pendingActivities: number;
    entities: number;
    lockRequests: number;
    waiters: number;
    workers: number;
    workItemsInFlight: number;
  } {
    let waiters = 0;
    for (const set of this.waiters.values()) waiters += set.size;
    return {
      activeInstances: this.active.size,
      readyInstances: this.readyInstances.size,
      pendingActivities: this.activities.size,
      entities: this.entities.size,
      lockRequests: this.lockRequests.length,
      waiters,
      workers: this.workers.size,
      workItemsInFlight: this.tokens.size,
    };
  }

  // ---------------------------------------------------------------- entities (client side)

  signalEntity(entityId: string, operation: string, input: string | undefined, requestId: string, scheduledAt?: number): void {
    checkEntityId(entityId);
    checkPayload('entity operation input', input);
    const now = this.clock.now();
    const at = scheduledAt !== undefined && scheduledAt > now ? scheduledAt : undefined;
    this.mutate(() =>
      this.deliverToEntity(entityId, events.entitySignal(entityId, operation, input, requestId || randomUUID(), at, now), at ?? now),
    );
  }

  getEntity(entityId: string): EntityView | undefined {
    const e = this.entities.get(entityId);
    if (!e || (e.row.state === undefined && !e.row.lockedBy)) return undefined;
    return entityView(e);
  }

  queryEntities(q: EntityQuery): { entities: EntityView[]; continuationToken: string | undefined } {
    const pageSize = Math.max(1, q.pageSize ?? 100);
    const matches = [...this.entities.values()]
      .filter((e) => (q.includeTransient ? true : e.row.state !== undefined))
      .filter((e) => !q.prefix || e.row.entityId.startsWith(q.prefix))
      .filter((e) => q.lastModifiedFrom === undefined || e.row.lastModifiedAt >= q.lastModifiedFrom)
      .filter((e) => q.lastModifiedTo === undefined || e.row.lastModifiedAt <= q.lastModifiedTo)
      .filter((e) => !q.continuationToken || e.row.entityId > q.continuationToken)
      .sort((a, b) => (a.row.entityId < b.row.entityId ? -1 : 1));
    const page = matches.slice(0, pageSize).map(entityView);
    return {
      entities: page,
      continuationToken: matches.length > pageSize ? page[page.length - 1]!.entityId : undefined,
    };
  }

  cleanEntityStorage(removeEmptyEntities: boolean, releaseOrphanedLocks: boolean): { removed: number; released: number } {
    let removed = 0;
    let released = 0;
    const now = this.clock.now();
    this.mutate(() => {
      for (const e of [...this.entities.values()]) {
        if (releaseOrphanedLocks && e.row.lockedBy) {
          const owner = this.active.get(e.row.lockedBy);
          if (!owner) {
            e.row.lockedBy = undefined;
            e.row.lockCriticalSection = undefined;
            released++;
            this.saveEntity(e);
            this.readyEntities.add(e.row.entityId);
          }
        }
        if (
          removeEmptyEntities &&
          e.row.state === undefined &&
          !e.row.lockedBy &&
          e.inbox.length === 0 &&
          !e.inFlight
        ) {
          this.entities.delete(e.row.entityId);
          this.store.deleteEntity(e.row.entityId);
          removed++;
        }
      }
      this.grantLocks(now);
    });
    return { removed, released };
  }

  // ---------------------------------------------------------------- workers

  connectWorker(worker: WorkerConnection): void {
    this.workers.add(worker);
    this.schedulePump();
  }

  /** The worker's stream ended: after a grace period (a stopping worker still completes its items), hand its work to others. */
  disconnectWorker(worker: WorkerConnection): void {
    if (!this.workers.remove(worker)) return;
    const release = (): void => {
      for (const token of [...worker.inFlight]) this.requeue(token, 0);
    };
    if (this.options.abandonGraceMs <= 0) release();
    else setTimeout(release, this.options.abandonGraceMs).unref();
  }

  abandon(token: string): void {
    this.requeue(token, this.options.abandonRetryDelayMs);
  }

  completeOrchestratorTask(res: OrchestratorResponse): void {
    const token = res.getCompletiontoken();
    const ref = this.tokens.get(token);
    if (!ref || ref.kind !== 'orchestration') return; // stale or duplicate: the work was already settled
    const inst = this.active.get(ref.instanceId);
    const flight = inst?.inFlight;
    this.releaseToken(token, flight?.worker);
    if (!inst || !flight || flight.token !== token) return;
    const now = this.clock.now();
    this.mutate(() => this.applyOrchestratorResponse(inst, flight, res, now));
  }

  completeActivityTask(res: ActivityResponse): void {
    const token = res.getCompletiontoken();
    const activityId = this.activityTokens.get(token);
    const item = activityId === undefined ? undefined : this.activities.get(activityId);
    if (!item) return;
    const now = this.clock.now();
    this.mutate(() => {
      for (const t of item.tokens) {
        this.activityTokens.delete(t);
        this.releaseToken(t, item.holder);
      }
      this.activities.delete(item.id);
      this.readyActivities.delete(item.id);
      this.store.deleteActivity(item.id);
      const inst = this.active.get(item.instanceId);
      if (!inst || inst.row.executionId !== item.executionId || isTerminalStatus(inst.row.status)) return;
      let event: HistoryEvent;
      const result = optionalString(res.getResult());
      if (res.hasFailuredetails()) {
        event = events.taskFailed(item.taskId, res.getFailuredetails()!, now);
      } else if (result !== undefined && Buffer.byteLength(result) > MAX_PAYLOAD_BYTES) {
        event = events.taskFailed(
          item.taskId,
          events.failureDetails(
            'PayloadTooLarge',
            `The output of activity '${item.name}' is ${Buffer.byteLength(result)} bytes; payloads are limited to ` +
              `${MAX_PAYLOAD_BYTES} bytes (1 MB).`,
          ),
          now,
        );
      } else {
        event = events.taskCompleted(item.taskId, result, now);
      }
      this.deliver(item.instanceId, event, now);
    });
  }

  completeEntityTask(res: EntityBatchResult): void {
    const token = res.getCompletiontoken();
    const ref = this.tokens.get(token);
    if (!ref || ref.kind !== 'entity') return;
    const entity = this.entities.get(ref.entityId);
    const flight = entity?.inFlight;
    this.releaseToken(token, flight?.worker);
    if (!entity || !flight || flight.token !== token) return;
    if (res.hasFailuredetails()) {
      // A batch-level failure is the framework's, not the operations': offer the batch again later.
      entity.inFlight = undefined;
      this.wakeEntityAt(entity.row.entityId, this.clock.now() + this.options.abandonRetryDelayMs);
      return;
    }
    const now = this.clock.now();
    this.mutate(() => this.applyEntityResult(entity, flight.entries, res, now));
  }

  // ---------------------------------------------------------------- internals: instances

  private requireInstance(instanceId: string): InstanceRow {
    const row = this.getInstance(instanceId);
    if (!row) {
      throw new EngineError('NOT_FOUND', `No orchestration instance with ID '${instanceId}' exists in task hub '${this.hub}'.`);
    }
    return row;
  }

  /** Creates (or replaces) an instance as PENDING with ExecutionStarted in its inbox. */
  private createInstance(
    init: StartInstanceInit & { parent?: events.ExecutionStartedInit['parent'] },
    now: number,
    /** False when the caller just looked and found no instance with this id (saves three deletes). */
    mayExist = true,
  ): void {
    this.dropActive(init.instanceId);
    if (mayExist) this.store.clearInstanceData(init.instanceId);
    const executionId = events.newExecutionId();
    const startAt = init.scheduledStartAt !== undefined && init.scheduledStartAt > now ? init.scheduledStartAt : now;
    const row: InstanceRow = {
      instanceId: init.instanceId,
      executionId,
      name: init.name,
      version: init.version,
      status: OrchestrationStatusCode.Pending,
      input: init.input,
      output: undefined,
      customStatus: undefined,
      failureDetails: undefined,
      createdAt: now,
      lastUpdatedAt: now,
      completedAt: undefined,
      scheduledStartAt: startAt > now ? startAt : undefined,
      parentInstanceId: init.parent?.instanceId,
      parentExecutionId: init.parent?.executionId,
      parentTaskId: init.parent?.taskScheduledId,
      parentName: init.parent?.name,
      tags: init.tags ?? {},
      needsReplay: false,
    };
    this.store.saveInstance(row);
    this.active.set(row.instanceId, { row, history: [], inbox: [] });
    const started = events.executionStarted(
      {
        instanceId: row.instanceId,
        executionId,
        name: row.name,
        version: row.version,
        input: row.input,
        tags: row.tags,
        scheduledStartAt: row.scheduledStartAt,
        parent: init.parent,
      },
      now,
    );
    this.deliver(row.instanceId, started, startAt);
    this.changed.add(row.instanceId);
  }

  /** Forgets the in-memory state of an instance that is being replaced. */
  private dropActive(instanceId: string): void {
    const inst = this.active.get(instanceId);
    if (!inst) return;
    if (inst.inFlight) this.releaseToken(inst.inFlight.token, inst.inFlight.worker);
    this.active.delete(instanceId);
    this.readyInstances.delete(instanceId);
    for (const item of [...this.activities.values()]) {
      if (item.instanceId !== instanceId) continue;
      for (const t of item.tokens) {
        this.activityTokens.delete(t);
        this.releaseToken(t, item.holder);
      }
      this.activities.delete(item.id);
      this.readyActivities.delete(item.id);
    }
  }

  /** Queues an event for an instance (visible at `visibleAt`); dropped if the instance is gone or finished. */
  private deliver(instanceId: string, event: HistoryEvent, visibleAt: number): boolean {
    const inst = this.active.get(instanceId);
    if (!inst || isTerminalStatus(inst.row.status)) return false;
    const bytes = event.serializeBinary();
    const id = this.store.insertInboxEvent(instanceId, visibleAt, bytes);
    inst.inbox.push({ id, visibleAt, bytes, kind: event.getEventtypeCase() });
    if (visibleAt > this.clock.now()) this.wakeAt(instanceId, visibleAt);
    this.readyInstances.add(instanceId);
    this.changed.add(instanceId);
    return true;
  }

  private appendHistory(inst: ActiveInstance, newEvents: Uint8Array[]): void {
    this.store.appendHistory(inst.row.instanceId, inst.history.length, newEvents);
    inst.history.push(...newEvents);
  }

  /** The events the next work item would carry, or none if the instance must wait. */
  private nextBatch(inst: ActiveInstance, now: number): InboxEntry[] {
    const visible = inst.inbox.filter((e) => e.visibleAt <= now);
    if (visible.length === 0) return visible;
    // Rewind newEvents must be exactly [OrchestratorStarted, ExecutionRewound] (JS worker rewind.ts).
    const rewound = visible.find((e) => e.kind === EventCase.EXECUTIONREWOUND);
    if (rewound) return [rewound];
    if (inst.history.length === 0 && visible[0]!.kind !== EventCase.EXECUTIONSTARTED) return [];
    if (
      inst.row.status === OrchestrationStatusCode.Suspended &&
      !visible.some((e) => e.kind === EventCase.EXECUTIONRESUMED || e.kind === EventCase.EXECUTIONTERMINATED)
    ) {
      return [];
    }
    return visible;
  }

  private applyOrchestratorResponse(inst: ActiveInstance, flight: InFlight, res: OrchestratorResponse, now: number): void {
    const row = inst.row;
    const instanceId = row.instanceId;
    inst.inFlight = undefined;
    const consumed = new Set(flight.entries.map((e) => e.id));
    for (const id of consumed) this.store.deleteInboxEvent(id);
    inst.inbox = inst.inbox.filter((e) => !consumed.has(e.id));
    row.needsReplay = false;
    if (res.hasCustomstatus()) row.customStatus = res.getCustomstatus()!.getValue();
    const firstStep = row.status === OrchestrationStatusCode.Pending;
    if (firstStep) row.status = OrchestrationStatusCode.Running;
    row.lastUpdatedAt = now;
    this.changed.add(instanceId);

    const actions = guardPayloads(res);
    const rewind = actions.find((a) => a.getOrchestratoractiontypeCase() === ActionCase.REWINDORCHESTRATION);
    if (rewind) {
      this.applyRewind(inst, rewind.getRewindorchestration()!.getNewhistoryList(), now);
      return;
    }

    const newEvents: Uint8Array[] = [flight.started, ...flight.entries.map((e) => e.bytes)];
    let completion: OrchestratorAction | undefined;
    for (const action of actions) {
      const id = action.getId();
      switch (action.getOrchestratoractiontypeCase()) {
        case ActionCase.SCHEDULETASK: {
          const task = action.getScheduletask()!;
          const scheduled = new pb.TaskScheduledEvent();
          scheduled.setName(task.getName());
          if (task.hasVersion()) scheduled.setVersion(task.getVersion());
          if (task.hasInput()) scheduled.setInput(task.getInput());
          copyMap(task.getTagsMap(), scheduled.getTagsMap());
          const event = events.historyEvent(id, now);
          event.setTaskscheduled(scheduled);
          newEvents.push(event.serializeBinary());
          this.scheduleActivity(inst, id, task);
          break;
        }
        case ActionCase.CREATETIMER: {
          const fireAt = action.getCreatetimer()!.getFireat() ?? toTimestamp(now);
          const created = new pb.TimerCreatedEvent();
          created.setFireat(fireAt);
          const event = events.historyEvent(id, now);
          event.setTimercreated(created);
          newEvents.push(event.serializeBinary());
          const due = timestampMs(fireAt) ?? now;
          this.deliver(instanceId, events.timerFired(id, fireAt, due), due);
          break;
        }
        case ActionCase.CREATESUBORCHESTRATION: {
          const sub = action.getCreatesuborchestration()!;
          const created = new pb.SubOrchestrationInstanceCreatedEvent();
          const childId = sub.getInstanceid() || `${row.executionId}:${id.toString(16).padStart(4, '0')}`;
          created.setInstanceid(childId);
          created.setName(sub.getName());
          if (sub.hasVersion()) created.setVersion(sub.getVersion());
          if (sub.hasInput()) created.setInput(sub.getInput());
          const event = events.historyEvent(id, now);
          event.setSuborchestrationinstancecreated(created);
          newEvents.push(event.serializeBinary());
          this.startChild(inst, id, childId, sub, now);
          break;
        }
        case ActionCase.SENDEVENT: {
          const send = action.getSendevent()!;
          const target = send.getInstance()?.getInstanceid() ?? '';
          const sent = new pb.EventSentEvent();
          sent.setInstanceid(target);
          sent.setName(send.getName());
          if (send.hasData()) sent.setInput(send.getData());
          const event = events.historyEvent(id, now);
          event.setEventsent(sent);
          newEvents.push(event.serializeBinary());
          // DTS delivers sendEvent as EventRaised; an EventSent in the target's inbox breaks the JS executor.
          this.deliver(target, events.eventRaised(send.getName(), optionalString(send.getData()), now), now);
          break;
        }
        case ActionCase.SENDENTITYMESSAGE: {
          newEvents.push(this.applyEntityMessage(inst, id, action.getSendentitymessage()!, now).serializeBinary());
          break;
        }
        case ActionCase.TERMINATEORCHESTRATION: {
          const term = action.getTerminateorchestration()!;
          this.deliver(
            term.getInstanceid(),
            events.executionTerminated(optionalString(term.getReason()), term.getRecurse(), now),
            now,
          );
          break;
        }
        case ActionCase.COMPLETEORCHESTRATION:
          completion = action;
          break;
        default:
          break;
      }
    }

    const complete = completion?.getCompleteorchestration();
    if (complete && complete.getOrchestrationstatus() === OrchestrationStatusCode.ContinuedAsNew) {
      this.continueAsNew(inst, complete, now);
      return;
    }
    if (complete) {
      let status = complete.getOrchestrationstatus();
      if (!isTerminalStatus(status)) status = OrchestrationStatusCode.Failed;
      const output = optionalString(complete.getResult());
      const failure =
        status === OrchestrationStatusCode.Failed
          ? (complete.getFailuredetails() ?? events.failureDetails('OrchestrationFailed', 'The orchestration failed.'))
          : undefined;
      newEvents.push(events.executionCompleted(completion!.getId(), status, output, failure, now).serializeBinary());
      this.appendHistory(inst, newEvents);
      this.finish(inst, status, output, failure, now);
      return;
    }
    this.appendHistory(inst, newEvents);
    this.store.saveProgress(row, firstStep);
    this.readyInstances.add(instanceId);
  }

  /** Records the end of an instance and tells everyone who cares: parent, lock holders, waiters. */
  private finish(
    inst: ActiveInstance,
    status: number,
    output: string | undefined,
    failure: FailureDetails | undefined,
    now: number,
  ): void {
    const row = inst.row;
    row.status = status;
    row.output = output;
    row.failureDetails = failure?.serializeBinary();
    row.completedAt = now;
    row.lastUpdatedAt = now;
    row.needsReplay = false;
    // Every other column was saved when it changed (creation, continue-as-new, rewind).
    this.store.saveCompletion(row);
    // The in-memory inbox mirrors the table: when it is empty, so is the table.
    if (inst.inbox.length > 0) this.store.deleteInbox(row.instanceId);
    this.active.delete(row.instanceId);
    this.readyInstances.delete(row.instanceId);
    this.changed.add(row.instanceId);
    this.finishedRows.set(row.instanceId, row);
    if (row.parentInstanceId !== undefined && row.parentTaskId !== undefined) {
      const parent = this.active.get(row.parentInstanceId);
      if (parent && (!row.parentExecutionId || parent.row.executionId === row.parentExecutionId)) {
        const event =
          status === OrchestrationStatusCode.Completed
            ? events.subOrchestrationCompleted(row.parentTaskId, output, now)
            : events.subOrchestrationFailed(
                row.parentTaskId,
                failure ??
                  events.failureDetails(
                    'OrchestrationTerminated',
                    `Sub-orchestration '${row.instanceId}' was terminated${output ? `: ${output}` : '.'}`,
                  ),
                now,
              );
        this.deliver(row.parentInstanceId, event, now);
      }
    }
    this.releaseLocksOf(row.instanceId, now);
  }

  private continueAsNew(
    inst: ActiveInstance,
    complete: InstanceType<typeof pb.CompleteOrchestrationAction>,
    now: number,
  ): void {
    const row = inst.row;
    const input = optionalString(complete.getResult());
    // Timers of the old generation die with it; other messages that arrived meanwhile carry over.
    const kept = inst.inbox.filter((e) => e.kind !== EventCase.TIMERFIRED);
    this.store.deleteInbox(row.instanceId);
    this.store.replaceHistory(row.instanceId, []);
    inst.history = [];
    inst.inbox = [];
    row.executionId = events.newExecutionId();
    row.input = input;
    row.output = undefined;
    row.customStatus = undefined;
    row.failureDetails = undefined;
    if (row.status !== OrchestrationStatusCode.Suspended) row.status = OrchestrationStatusCode.Running;
    this.releaseLocksOf(row.instanceId, now);
    const parent =
      row.parentInstanceId !== undefined && row.parentTaskId !== undefined
        ? { instanceId: row.parentInstanceId, executionId: row.parentExecutionId, name: row.parentName, taskScheduledId: row.parentTaskId }
        : undefined;
    this.deliver(
      row.instanceId,
      events.executionStarted(
        { instanceId: row.instanceId, executionId: row.executionId, name: row.name, version: row.version, input, tags: row.tags, parent },
        now,
      ),
      now,
    );
    for (const carried of complete.getCarryovereventsList()) this.deliver(row.instanceId, carried, now);
    for (const e of kept) {
      const id = this.store.insertInboxEvent(row.instanceId, e.visibleAt, e.bytes);
      inst.inbox.push({ ...e, id });
    }
    this.store.saveInstance(row);
  }

  private scheduleActivity(
    inst: ActiveInstance,
    taskId: number,
    task: InstanceType<typeof pb.ScheduleTaskAction>,
  ): void {
    const request = new pb.ActivityRequest();
    request.setName(task.getName());
    if (task.hasVersion()) request.setVersion(task.getVersion());
    if (task.hasInput()) request.setInput(task.getInput());
    const instance = new pb.OrchestrationInstance();
    instance.setInstanceid(inst.row.instanceId);
    instance.setExecutionid(stringValue(inst.row.executionId));
    request.setOrchestrationinstance(instance);
    request.setTaskid(taskId);
    copyMap(task.getTagsMap(), request.getTagsMap());
    const bytes = request.serializeBinary();
    const stored = {
      instanceId: inst.row.instanceId,
      executionId: inst.row.executionId,
      taskId,
      name: task.getName(),
      request: bytes,
    };
    const id = this.store.insertActivity(stored);
    this.activities.set(id, { id, ...stored, tokens: [] });
    this.readyActivities.add(id);
  }

  private startChild(
    parent: ActiveInstance,
    taskId: number,
    childId: string,
    sub: InstanceType<typeof pb.CreateSubOrchestrationAction>,
    now: number,
  ): void {
    // The same id rules as StartInstance (DTS refuses them too), reported to the parent as a failed child.
    try {
      checkOrchestrationInstanceId(childId);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.deliver(parent.row.instanceId, events.subOrchestrationFailed(taskId, events.failureDetails('InvalidArgument', message), now), now);
      return;
    }
    const existing = this.getInstance(childId);
    if (existing && !isTerminalStatus(existing.status)) {
      this.deliver(
        parent.row.instanceId,
        events.subOrchestrationFailed(
          taskId,
          events.failureDetails(
            'OrchestrationAlreadyExists',
            `A sub-orchestration with instance ID '${childId}' is already ${runtimeStatusName(existing.status)}.`,
          ),
          now,
        ),
        now,
      );
      return;
    }
    // A retry reuses the child's ID: a finished child is replaced (reference §5.10).
    const tags: Record<string, string> = {};
    sub.getTagsMap().forEach((v: string, k: string) => (tags[k] = v));
    this.createInstance(
      {
        instanceId: childId,
        name: sub.getName(),
        version: optionalString(sub.getVersion()),
        input: sub.getInput()?.getValue(),
        tags,
        parent: {
          instanceId: parent.row.instanceId,
          executionId: parent.row.executionId,
          name: parent.row.name,
          taskScheduledId: taskId,
        },
      },
      now,
      existing !== undefined,
    );
  }

  // ---------------------------------------------------------------- internals: rewind

  private beginRewind(row: InstanceRow, reason: string | undefined, parentExecutionId: string | undefined, now: number): void {
    const history = this.store.loadHistory(row.instanceId);
    this.store.deleteInbox(row.instanceId);
    const revived: InstanceRow = {
      ...row,
      status: OrchestrationStatusCode.Running,
      output: undefined,
      failureDetails: undefined,
      completedAt: undefined,
      lastUpdatedAt: now,
      needsReplay: false,
      // A rewound parent runs under a new execution id; the child must report to that one.
      parentExecutionId: parentExecutionId ?? row.parentExecutionId,
    };
    this.active.set(row.instanceId, { row: revived, history, inbox: [] });
    this.store.saveInstance(revived);
    this.deliver(row.instanceId, events.executionRewound(reason, parentExecutionId, now), now);
  }

  private applyRewind(inst: ActiveInstance, newHistory: HistoryEvent[], now: number): void {
    const row = inst.row;
    const bytes = newHistory.map((e) => e.serializeBinary());
    this.store.replaceHistory(row.instanceId, bytes);
    inst.history = bytes;
    const started = newHistory.find((e) => e.hasExecutionstarted())?.getExecutionstarted();
    const executionId = started?.getOrchestrationinstance()?.getExecutionid()?.getValue();
    if (executionId) row.executionId = executionId;
    row.needsReplay = true;
    row.status = OrchestrationStatusCode.Running;
    this.store.saveInstance(row);
    this.readyInstances.add(row.instanceId);
    // Failed children are rewound too; purged ones are re-created from their creation event.
    const finished = new Set<number>();
    for (const e of newHistory) {
      if (e.hasSuborchestrationinstancecompleted()) finished.add(e.getSuborchestrationinstancecompleted()!.getTaskscheduledid());
    }
    for (const e of newHistory) {
      const created = e.getSuborchestrationinstancecreated();
      if (!created || finished.has(e.getEventid())) continue;
      const child = this.getInstance(created.getInstanceid());
      if (child?.status === OrchestrationStatusCode.Failed) {
        this.beginRewind(child, 'Parent rewound', row.executionId, now);
      } else if (!child) {
        this.createInstance(
          {
            instanceId: created.getInstanceid(),
            name: created.getName(),
            version: optionalString(created.getVersion()),
            input: created.getInput()?.getValue(),
            parent: { instanceId: row.instanceId, executionId: row.executionId, name: row.name, taskScheduledId: e.getEventid() },
          },
          now,
        );
      }
    }
  }

  // ---------------------------------------------------------------- internals: entities

  private entityRecord(entityId: string, now: number): EntityRecord {
    let e = this.entities.get(entityId);
    if (!e) {
      e = {
        row: { entityId, state: undefined, lastModifiedAt: now, lockedBy: undefined, lockCriticalSection: undefined },
        inbox: [],
      };
      this.entities.set(entityId, e);
    }
    return e;
  }

  private saveEntity(e: EntityRecord): void {
    if (e.row.state === undefined && !e.row.lockedBy) {
      this.store.deleteEntity(e.row.entityId);
      if (e.inbox.length === 0 && !e.inFlight) this.entities.delete(e.row.entityId);
    } else {
      this.store.saveEntity(e.row);
    }
  }

  private deliverToEntity(entityId: string, event: HistoryEvent, visibleAt: number): void {
    const entity = this.entityRecord(entityId, this.clock.now());
    const id = this.store.insertEntityEvent(entityId, visibleAt, event.serializeBinary());
    entity.inbox.push({ id, visibleAt, event, caller: callerOf(event) });
    if (visibleAt > this.clock.now()) this.wakeEntityAt(entityId, visibleAt);
    this.readyEntities.add(entityId);
  }

  /** Applies an orchestration's entity message and returns the history event that confirms it. */
  private applyEntityMessage(
    inst: ActiveInstance,
    id: number,
    message: InstanceType<typeof pb.SendEntityMessageAction>,
    now: number,
  ): HistoryEvent {
    const event = events.historyEvent(id, now);
    switch (message.getEntitymessagetypeCase()) {
      case EntityMessageCase.ENTITYOPERATIONSIGNALED: {
        const signaled = message.getEntityoperationsignaled()!;
        event.setEntityoperationsignaled(signaled);
        const at = timestampMs(signaled.getScheduledtime());
        const target = signaled.getTargetinstanceid()?.getValue() ?? '';
        const queued = events.historyEvent(-1, now);
        queued.setEntityoperationsignaled(signaled);
        this.deliverToEntity(target, queued, at !== undefined && at > now ? at : now);
        break;
      }
      case EntityMessageCase.ENTITYOPERATIONCALLED: {
        const called = message.getEntityoperationcalled()!;
        event.setEntityoperationcalled(called);
        if (!called.hasParentinstanceid()) called.setParentinstanceid(stringValue(inst.row.instanceId));
        if (!called.hasParentexecutionid()) called.setParentexecutionid(stringValue(inst.row.executionId));
        const queued = events.historyEvent(-1, now);
        queued.setEntityoperationcalled(called);
        this.deliverToEntity(called.getTargetinstanceid()?.getValue() ?? '', queued, now);
        break;
      }
      case EntityMessageCase.ENTITYLOCKREQUESTED: {
        const lock = message.getEntitylockrequested()!;
        event.setEntitylockrequested(lock);
        const request = {
          instanceId: inst.row.instanceId,
          executionId: inst.row.executionId,
          criticalSectionId: lock.getCriticalsectionid(),
          lockSet: [...new Set(lock.getLocksetList())].sort(),
        };
        const rowId = this.store.insertLockRequest(request);
        this.lockRequests.push({ id: rowId, ...request });
        this.grantLocks(now);
        break;
      }
      case EntityMessageCase.ENTITYUNLOCKSENT: {
        const unlock = message.getEntityunlocksent()!;
        event.setEntityunlocksent(unlock);
        const entity = this.entities.get(unlock.getTargetinstanceid()?.getValue() ?? '');
        if (entity && entity.row.lockCriticalSection === unlock.getCriticalsectionid()) {
          entity.row.lockedBy = undefined;
          entity.row.lockCriticalSection = undefined;
          this.saveEntity(entity);
          this.readyEntities.add(entity.row.entityId);
          this.grantLocks(now);
        }
        break;
      }
      default:
        break;
    }
    return event;
  }

  /** Grants lock requests in arrival order; a request waits while any of its entities is locked or claimed earlier. */
  private grantLocks(now: number): void {
    const claimed = new Set<string>();
    const remaining: LockRequestRow[] = [];
    for (const request of this.lockRequests) {
      const owner = this.active.get(request.instanceId);
      if (!owner || owner.row.executionId !== request.executionId) {
        this.store.deleteLockRequest(request.id);
        continue;
      }
      const free = request.lockSet.every((id) => !claimed.has(id) && !this.entities.get(id)?.row.lockedBy);
      if (!free) {
        for (const id of request.lockSet) claimed.add(id);
        remaining.push(request);
        continue;
      }
      for (const id of request.lockSet) {
        const entity = this.entityRecord(id, now);
        entity.row.lockedBy = request.instanceId;
        entity.row.lockCriticalSection = request.criticalSectionId;
        this.saveEntity(entity);
      }
      this.store.deleteLockRequest(request.id);
      this.deliver(request.instanceId, events.entityLockGranted(request.criticalSectionId, now), now);
    }
    this.lockRequests = remaining;
  }

  private releaseLocksOf(instanceId: string, now: number): void {
    let released = false;
    for (const entity of [...this.entities.values()]) {
      if (entity.row.lockedBy !== instanceId) continue;
      entity.row.lockedBy = undefined;
      entity.row.lockCriticalSection = undefined;
      this.saveEntity(entity);
      this.readyEntities.add(entity.row.entityId);
      released = true;
    }
    if (released || this.lockRequests.some((r) => r.instanceId === instanceId)) this.grantLocks(now);
  }

  private entityBatch(entity: EntityRecord, now: number): EntityInboxEntry[] {
    const lockedBy = entity.row.lockedBy;
    return entity.inbox.filter((e) => e.visibleAt <= now && (!lockedBy || e.caller === lockedBy));
  }

  private applyEntityResult(entity: EntityRecord, entries: EntityInboxEntry[], res: EntityBatchResult, now: number): void {
    entity.inFlight = undefined;
    const results = res.getResultsList();
    const done = entries.slice(0, results.length);
    const doneIds = new Set(done.map((e) => e.id));
    for (const id of doneIds) this.store.deleteEntityEvent(id);
    entity.inbox = entity.inbox.filter((e) => !doneIds.has(e.id));
    done.forEach((entry, i) => {
      const called = entry.event.getEntityoperationcalled();
      if (!called || !entry.caller) return;
      const result = results[i]!;
      const reply = result.hasFailure()
        ? events.entityOperationFailed(
            called.getRequestid(),
            result.getFailure()!.getFailuredetails() ?? events.failureDetails('EntityOperationFailed', 'The operation failed.'),
            now,
          )
        : events.entityOperationCompleted(called.getRequestid(), optionalString(result.getSuccess()?.getResult()), now);
      this.deliver(entry.caller, reply, now);
    });
    for (const action of res.getActionsList()) {
      if (action.hasSendsignal()) {
        const signal = action.getSendsignal()!;
        const at = timestampMs(signal.getScheduledtime());
        const due = at !== undefined && at > now ? at : undefined;
        this.deliverToEntity(
          signal.getInstanceid(),
          events.entitySignal(signal.getInstanceid(), signal.getName(), optionalString(signal.getInput()), randomUUID(), due, now),
          due ?? now,
        );
      } else if (action.hasStartneworchestration()) {
        const start = action.getStartneworchestration()!;
        const existing = this.getInstance(start.getInstanceid());
        if (existing && !isTerminalStatus(existing.status)) continue;
        this.createInstance(
          {
            instanceId: start.getInstanceid() || randomUUID().replace(/-/g, ''),
            name: start.getName(),
            version: optionalString(start.getVersion()),
            input: start.getInput()?.getValue(),
            scheduledStartAt: timestampMs(start.getScheduledtime()),
          },
          now,
        );
      }
    }
    if (done.length > 0) {
      entity.row.state = res.hasEntitystate() ? res.getEntitystate()!.getValue() : undefined;
      entity.row.lastModifiedAt = now;
    }
    this.saveEntity(entity);
    this.readyEntities.add(entity.row.entityId);
  }

  // ---------------------------------------------------------------- internals: dispatch

  /** Runs `fn` in one transaction, then wakes waiters and listeners and dispatches new work. */
  private mutate(fn: () => void): void {
    this.store.transaction(fn);
    this.store.afterCommit(() => this.flushChanges());
    this.schedulePump();
  }

  /** Runs `fn` once the changes made so far are durable: replies are only sent after their commit. */
  afterCommit(fn: () => void): void {
    this.store.afterCommit(fn);
  }

  private flushChanges(): void {
    if (this.changed.size === 0) return;
    const ids = [...this.changed];
    this.changed.clear();
    const finished = this.finishedRows;
    if (finished.size > 0) this.finishedRows = new Map();
    for (const id of ids) {
      const set = this.waiters.get(id);
      if (set) {
        // Active and just-finished rows are in memory; only others (e.g. purged) need the database.
        const row = this.active.get(id)?.row ?? finished.get(id) ?? this.store.getInstance(id);
        for (const waiter of [...set]) if (waiter(row)) set.delete(waiter);
        if (set.size === 0) this.waiters.delete(id);
      }
      for (const listener of this.changeListeners) listener(id);
    }
  }

  private wakeAt(instanceId: string, at: number): void {
    this.timers.add(at, () => {
      this.readyInstances.add(instanceId);
      this.schedulePump();
    });
  }

  private wakeEntityAt(entityId: string, at: number): void {
    this.timers.add(at, () => {
      this.readyEntities.add(entityId);
      this.schedulePump();
    });
  }

  private schedulePump(): void {
    if (this.pumpScheduled || this.closed) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private newToken(ref: TokenRef, worker: WorkerConnection, now: number): string {
    const token = `${bootId}-${++this.tokenCounter}`;
    this.tokens.set(token, ref);
    worker.inFlight.add(token);
    (ref.kind === 'activity' ? this.activityLeases : this.orchestrationLeases).add(token, now);
    return token;
  }

  private releaseToken(token: string, worker: WorkerConnection | undefined): void {
    this.tokens.delete(token);
    this.orchestrationLeases.release(token);
    this.activityLeases.release(token);
    worker?.inFlight.delete(token);
  }

  /** A work item outlived its timeout: take it back and offer it to another worker if there is one. */
  private expireWorkItem(token: string): void {
    const ref = this.tokens.get(token);
    if (!ref || this.closed) return;
    let holder: WorkerConnection | undefined;
    let what: string;
    let timeoutMs = this.orchestrationLeases.timeoutMs;
    let lateAnswer = 'a late answer to it is ignored';
    if (ref.kind === 'activity') {
      const item = this.activities.get(ref.activityId);
      holder = item?.holder;
      if (item) item.notTo = holder;
      what = `activity '${item?.name}' (task ${item?.taskId}) of '${item?.instanceId}'`;
      timeoutMs = this.activityLeases.timeoutMs;
      lateAnswer = 'the first result to arrive is used';
    } else if (ref.kind === 'orchestration') {
      const inst = this.active.get(ref.instanceId);
      holder = inst?.inFlight?.worker;
      if (inst) inst.notTo = holder;
      what = `orchestration work item of '${ref.instanceId}'`;
    } else {
      const entity = this.entities.get(ref.entityId);
      holder = entity?.inFlight?.worker;
      if (entity) entity.notTo = holder;
      what = `entity work item of '${ref.entityId}'`;
    }
    this.options.log(
      `${what} in task hub '${this.hub}' was not completed within ${timeoutMs} ms by worker ` +
        `${holder?.workerId || '(unknown)'}; offering it again (${lateAnswer}).`,
    );
    this.requeue(token, 0);
  }

  /** Sends every piece of ready work to a connected worker, round-robin. */
  private pump(): void {
    if (this.workers.size === 0 || this.closed) return;
    // Work is only handed out from committed state: wait for the group commit in progress.
    if (this.store.pending) {
      this.store.afterCommit(() => this.pump());
      return;
    }
    const now = this.clock.now();
    for (const id of this.readyInstances) {
      const inst = this.active.get(id);
      if (!inst || inst.inFlight || isTerminalStatus(inst.row.status)) {
        this.readyInstances.delete(id);
        continue;
      }
      const batch = this.nextBatch(inst, now);
      if (batch.length === 0 && !inst.row.needsReplay) {
        this.readyInstances.delete(id);
        continue;
      }
      const worker = this.workers.pick('orchestration', inst.row.name, inst.notTo);
      if (!worker) continue;
      this.readyInstances.delete(id);
      inst.notTo = undefined;
      const started = events.orchestratorStarted(now).serializeBinary();
      const token = this.newToken({ kind: 'orchestration', instanceId: id }, worker, now);
      inst.inFlight = { token, entries: batch, started, worker };
      inst.pastEvents ??= new EncodedPastEvents();
      const newEvents = [started];
      for (const e of batch) newEvents.push(e.bytes);
      worker.send(encodeOrchestratorWorkItem(id, inst.row.executionId, inst.pastEvents.encode(inst.history), newEvents, token));
    }
    for (const activityId of this.readyActivities) {
      const item = this.activities.get(activityId);
      if (!item || item.holder) {
        this.readyActivities.delete(activityId);
        continue;
      }
      const worker = this.workers.pick('activity', item.name, item.notTo);
      if (!worker) continue;
      this.readyActivities.delete(activityId);
      item.notTo = undefined;
      const token = this.newToken({ kind: 'activity', activityId }, worker, now);
      item.tokens.push(token);
      item.holder = worker;
      this.activityTokens.set(token, activityId);
      worker.send(encodeActivityWorkItem(item.request, token));
    }
    for (const entityId of this.readyEntities) {
      const entity = this.entities.get(entityId);
      if (!entity || entity.inFlight) {
        this.readyEntities.delete(entityId);
        continue;
      }
      const batch = this.entityBatch(entity, now);
      if (batch.length === 0) {
        this.readyEntities.delete(entityId);
        continue;
      }
      const name = entityId.split('@')[1] ?? '';
      const worker = this.workers.pick('entity', name, entity.notTo);
      if (!worker) continue;
      this.readyEntities.delete(entityId);
      entity.notTo = undefined;
      const token = this.newToken({ kind: 'entity', entityId }, worker, now);
      entity.inFlight = { token, entries: batch, worker };
      const request = new pb.EntityRequest();
      request.setInstanceid(entityId);
      request.setExecutionid('');
      if (entity.row.state !== undefined) request.setEntitystate(stringValue(entity.row.state));
      request.setOperationrequestsList(batch.map((e) => e.event));
      const item = new pb.WorkItem();
      item.setEntityrequestv2(request);
      item.setCompletiontoken(token);
      worker.send(item);
    }
  }

  /** Takes work back from its worker and offers it again (after `delayMs`). */
  private requeue(token: string, delayMs: number): void {
    const ref = this.tokens.get(token);
    if (!ref) return;
    const wake = (fn: () => void): void => {
      if (delayMs > 0) this.timers.add(this.clock.now() + delayMs, fn);
      else fn();
    };
    switch (ref.kind) {
      case 'orchestration': {
        const inst = this.active.get(ref.instanceId);
        this.releaseToken(token, inst?.inFlight?.worker);
        if (inst?.inFlight?.token === token) inst.inFlight = undefined;
        wake(() => this.readyInstances.add(ref.instanceId));
        break;
      }
      case 'activity': {
        const item = this.activities.get(ref.activityId);
        this.releaseToken(token, item?.holder);
        if (item) {
          item.holder = undefined;
          wake(() => this.readyActivities.add(item.id));
        }
        break;
      }
      case 'entity': {
        const entity = this.entities.get(ref.entityId);
        this.releaseToken(token, entity?.inFlight?.worker);
        if (entity?.inFlight?.token === token) entity.inFlight = undefined;
        wake(() => this.readyEntities.add(ref.entityId));
        break;
      }
    }
    wake(() => this.schedulePump());
  }
}

// ---------------------------------------------------------------- free functions

function checkEntityId(entityId: string): void {
  checkInstanceId(entityId, 'Entity instance ID');
  if (!/^@[^@]+@/.test(entityId)) {
    throw new EngineError('INVALID_ARGUMENT', `Entity instance ID '${entityId}' must have the form '@<name>@<key>'.`);
  }
}

function callerOf(event: HistoryEvent): string | undefined {
  return event.getEntityoperationcalled()?.getParentinstanceid()?.getValue();
}

function entityView(e: EntityRecord): EntityView {
  return {
    entityId: e.row.entityId,
    state: e.row.state,
    lastModifiedAt: e.row.lastModifiedAt,
    lockedBy: e.row.lockedBy,
    backlogQueueSize: e.inbox.length,
  };
}

function copyMap(
  from: { forEach(fn: (v: string, k: string) => void): void },
  to: { set(k: string, v: string): unknown },
): void {
  from.forEach((v, k) => to.set(k, v));
}

/** Ids of the sub-orchestrations an instance created (from SubOrchestrationInstanceCreated events). */
export function childInstanceIds(history: readonly Uint8Array[]): string[] {
  const ids: string[] = [];
  for (const bytes of history) {
    const created = pb.HistoryEvent.deserializeBinary(bytes).getSuborchestrationinstancecreated();
    if (created) ids.push(created.getInstanceid());
  }
  return [...new Set(ids)];
}

/** Replaces a response carrying a payload over the DTS limit by a failure that says which payload. */
function guardPayloads(res: OrchestratorResponse): OrchestratorAction[] {
  const actions = res.getActionsList();
  const tooBig = (what: string, value: string | undefined): string | undefined =>
    value !== undefined && value.length > MAX_PAYLOAD_BYTES / 4 && Buffer.byteLength(value) > MAX_PAYLOAD_BYTES
      ? `The ${what} is ${Buffer.byteLength(value)} bytes; payloads are limited to ${MAX_PAYLOAD_BYTES} bytes (1 MB).`
      : undefined;
  let problem = tooBig('custom status', res.getCustomstatus()?.getValue());
  for (const a of actions) {
    problem ??=
      tooBig(`input of activity '${a.getScheduletask()?.getName()}'`, a.getScheduletask()?.getInput()?.getValue()) ??
      tooBig(
        `input of sub-orchestration '${a.getCreatesuborchestration()?.getName()}'`,
        a.getCreatesuborchestration()?.getInput()?.getValue(),
      ) ??
      tooBig(`data of event '${a.getSendevent()?.getName()}'`, a.getSendevent()?.getData()?.getValue()) ??
      tooBig('orchestration output', a.getCompleteorchestration()?.getResult()?.getValue());
  }
  if (!problem) return actions;
  if (res.hasCustomstatus() && tooBig('custom status', res.getCustomstatus()!.getValue())) res.clearCustomstatus();
  const complete = new pb.CompleteOrchestrationAction();
  complete.setOrchestrationstatus(OrchestrationStatusCode.Failed);
  complete.setFailuredetails(events.failureDetails('PayloadTooLarge', problem));
  const action = new pb.OrchestratorAction();
  action.setId(-1);
  action.setCompleteorchestration(complete);
  return [action];
}

