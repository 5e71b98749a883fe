// The TaskHubSidecarService handlers: a thin translation between protobuf messages and engine calls.
import * as grpc from '@grpc/grpc-js';
import { OrchestrationStatusCode, isTerminalStatus } from '@durable-hosts/dts-protocol';
import { BoolValue, Empty, optionalString, pb, stringValue, timestampMs, toTimestamp } from '../proto/messages.js';
import { encodeHistoryChunk } from '../proto/wire-encoding.js';
import { EngineError } from '../engine/engine-error.js';
import type { TaskHubEngine } from '../engine/task-hub-engine.js';
import type { WorkerConnection, WorkerFilters } from '../engine/worker-registry.js';
import type { InstanceRow } from '../store/sqlite-store.js';
import type { TaskHubRouter } from './task-hub-router.js';

type Msg = { [key: string]: unknown };
type UnaryHandler = (call: grpc.ServerUnaryCall<Msg, unknown>, callback: grpc.sendUnaryData<unknown>) => void;

const HISTORY_CHUNK_SIZE = 500;
/** Every completion answers the same empty message: one instance serves them all. */
const COMPLETE_TASK_RESPONSE = new pb.CompleteTaskResponse();

/** Lone UTF-16 surrogates (from undecodable bytes in a request) as U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function toServiceError(err: unknown, log: (line: string) => void): Partial<grpc.ServiceError> {
  // A message may quote a request field; grpc-js cannot send a status message that is not valid UTF-8
  // (it answers UNKNOWN "Unknown error" instead), so quoted garbage is made well-formed first.
  if (err instanceof EngineError) {
    const details = err.message.replace(LONE_SURROGATE, '\uFFFD');
    return { code: grpc.status[err.code], details, message: details };
  }
  const message = (err instanceof Error ? err.message : String(err)).replace(LONE_SURROGATE, '\uFFFD');
  log(`internal error: ${err instanceof Error ? (err.stack ?? message) : message}`);
  return { code: grpc.status.INTERNAL, details: `Emulator internal error: ${message}`, message };
}

function metadataValue(metadata: grpc.Metadata, key: string): string {
  const value = metadata.get(key)[0];
  return value === undefined ? '' : value.toString();
}

export function orchestrationState(row: InstanceRow, withPayloads: boolean): InstanceType<typeof pb.OrchestrationState> {
  const state = new pb.OrchestrationState();
  state.setInstanceid(row.instanceId);
  state.setName(row.name);
  if (row.version !== undefined) state.setVersion(stringValue(row.version));
  state.setOrchestrationstatus(row.status);
  if (row.scheduledStartAt !== undefined) state.setScheduledstarttimestamp(toTimestamp(row.scheduledStartAt));
  state.setCreatedtimestamp(toTimestamp(row.createdAt));
  state.setLastupdatedtimestamp(toTimestamp(row.lastUpdatedAt));
  if (row.completedAt !== undefined) state.setCompletedtimestamp(toTimestamp(row.completedAt));
  state.setExecutionid(stringValue(row.executionId));
  if (row.parentInstanceId !== undefined) state.setParentinstanceid(stringValue(row.parentInstanceId));
  const tags = state.getTagsMap();
  for (const [k, v] of Object.entries(row.tags)) tags.set(k, v);
  if (withPayloads) {
    if (row.input !== undefined) state.setInput(stringValue(row.input));
    if (row.output !== undefined) state.setOutput(stringValue(row.output));
    if (row.customStatus !== undefined) state.setCustomstatus(stringValue(row.customStatus));
  }
  // failureDetails only for failed instances: the client builds FailureDetails whenever it is present.
  if (row.failureDetails && row.status === OrchestrationStatusCode.Failed) {
    state.setFailuredetails(pb.TaskFailureDetails.deserializeBinary(row.failureDetails));
  }
  return state;
}

function instanceResponse(row: InstanceRow | undefined, withPayloads: boolean): InstanceType<typeof pb.GetInstanceResponse> {
  const res = new pb.GetInstanceResponse();
  res.setExists(row !== undefined);
  if (row) res.setOrchestrationstate(orchestrationState(row, withPayloads));
  return res;
}

function workerFilters(req: InstanceType<typeof pb.GetWorkItemsRequest>): WorkerFilters | undefined {
  const f = req.getWorkitemfilters();
  if (!f) return undefined;
  const names = (list: { getName(): string }[], lower = false): Set<string> | undefined =>
    list.length === 0 ? undefined : new Set(list.map((x) => (lower ? x.getName().toLowerCase() : x.getName())));
  return {
    orchestrations: names(f.getOrchestrationsList()),
    activities: names(f.getActivitiesList()),
    entities: names(f.getEntitiesList(), true),
  };
}

export interface SidecarServiceOptions {
  router: TaskHubRouter;
  log: (line: string) => void;
}

export function createSidecarService(options: SidecarServiceOptions): grpc.UntypedServiceImplementation {
  const { router, log } = options;
  let workerKeys = 0;

  function unary<Req, Res>(fn: (req: Req, hub: TaskHubEngine) => Res): UnaryHandler {
    return (call, callback) => {
      try {
        const hub = router.resolve(metadataValue(call.metadata, 'taskhub'));
        const res = fn(call.request as unknown as Req, hub);
        hub.afterCommit(() => callback(null, res));
      } catch (err) {
        callback(toServiceError(err, log));
      }
    };
  }

  function unimplemented(rpc: string, hint = ''): UnaryHandler {
    return (_call, callback) =>
      callback({
        code: grpc.status.UNIMPLEMENTED,
        details: `${rpc} is not implemented by the local emulator.${hint ? ` ${hint}` : ''}`,
      });
  }

  function wait(condition: (row: InstanceRow) => boolean): UnaryHandler {
    return (call, callback) => {
      try {
        const hub = router.resolve(metadataValue(call.metadata, 'taskhub'));
        const req = call.request as unknown as InstanceType<typeof pb.GetInstanceRequest>;
        let cancel = (): void => undefined;
        const onCancelled = (): void => cancel();
        call.once('cancelled', onCancelled);
        cancel = hub.waitForInstance(req.getInstanceid(), condition, (row) => {
          call.removeListener('cancelled', onCancelled);
          const res = instanceResponse(row, req.getGetinputsandoutputs());
          hub.afterCommit(() => callback(null, res));
        });
      } catch (err) {
        callback(toServiceError(err, log));
      }
    };
  }

  return {
    hello: unary(() => new Empty()),

    startInstance: unary((req: InstanceType<typeof pb.CreateInstanceRequest>, hub) => {
      const tags: Record<string, string> = {};
      req.getTagsMap().forEach((v: string, k: string) => (tags[k] = v));
      const policy = req.getOrchestrationidreusepolicy();
      const replaceable = policy?.getReplaceablestatusList();
      const instanceId = hub.startInstance({
        instanceId: req.getInstanceid(),
        name: req.getName(),
        version: optionalString(req.getVersion()),
        input: optionalString(req.getInput()),
        tags,
        scheduledStartAt: timestampMs(req.getScheduledstarttimestamp()),
        replaceableStatuses: replaceable && replaceable.length > 0 ? replaceable : undefined,
      });
      const res = new pb.CreateInstanceResponse();
      res.setInstanceid(instanceId);
      return res;
    }),

    getInstance: unary((req: InstanceType<typeof pb.GetInstanceRequest>, hub) =>
      instanceResponse(hub.getInstance(req.getInstanceid()), req.getGetinputsandoutputs()),
    ),

    waitForInstanceStart: wait((row) => row.status !== OrchestrationStatusCode.Pending),
    waitForInstanceCompletion: wait((row) => isTerminalStatus(row.status)),

    raiseEvent: unary((req: InstanceType<typeof pb.RaiseEventRequest>, hub) => {
      hub.raiseEvent(req.getInstanceid(), req.getName(), optionalString(req.getInput()));
      return new pb.RaiseEventResponse();
    }),

    terminateInstance: unary((req: InstanceType<typeof pb.TerminateRequest>, hub) => {
      hub.terminate(req.getInstanceid(), optionalString(req.getOutput()), req.getRecursive());
      return new pb.TerminateResponse();
    }),

    suspendInstance: unary((req: InstanceType<typeof pb.SuspendRequest>, hub) => {
      hub.suspend(req.getInstanceid(), optionalString(req.getReason()));
      return new pb.SuspendResponse();
    }),

    resumeInstance: unary((req: InstanceType<typeof pb.ResumeRequest>, hub) => {
      hub.resume(req.getInstanceid(), optionalString(req.getReason()));
      return new pb.ResumeResponse();
    }),

    rewindInstance: unary((req: InstanceType<typeof pb.RewindInstanceRequest>, hub) => {
      hub.rewind(req.getInstanceid(), optionalString(req.getReason()));
      return new pb.RewindInstanceResponse();
    }),

    restartInstance: unary((req: InstanceType<typeof pb.RestartInstanceRequest>, hub) => {
      const res = new pb.RestartInstanceResponse();
      res.setInstanceid(hub.restart(req.getInstanceid(), req.getRestartwithnewinstanceid()));
      return res;
    }),

    purgeInstances: unary((req: InstanceType<typeof pb.PurgeInstancesRequest>, hub) => {
      const recursive = req.getRecursive();
      let count = 0;
      if (req.hasPurgeinstancefilter()) {
        const f = req.getPurgeinstancefilter()!;
        count = hub.purgeByFilter(
          {
            createdFrom: timestampMs(f.getCreatedtimefrom()),
            createdTo: timestampMs(f.getCreatedtimeto()),
            statuses: f.getRuntimestatusList(),
          },
          recursive,
        );
      } else if (req.hasInstancebatch()) {
        for (const id of req.getInstancebatch()!.getInstanceidsList()) count += hub.purgeInstance(id, recursive);
      } else {
        count = hub.purgeInstance(req.getInstanceid(), recursive);
      }
      const res = new pb.PurgeInstancesResponse();
      res.setDeletedinstancecount(count);
      const complete = new BoolValue();
      complete.setValue(true);
      res.setIscomplete(complete);
      return res;
    }),

    queryInstances: unary((req: InstanceType<typeof pb.QueryInstancesRequest>, hub) => {
      const q = req.getQuery();
      const withPayloads = q?.getFetchinputsandoutputs() ?? false;
      const page = hub.queryInstances({
        statuses: q?.getRuntimestatusList(),
        createdFrom: timestampMs(q?.getCreatedtimefrom()),
        createdTo: timestampMs(q?.getCreatedtimeto()),
        instanceIdPrefix: optionalString(q?.getInstanceidprefix()),
        pageSize: q?.getMaxinstancecount() || 100,
        continuationToken: optionalString(q?.getContinuationtoken()),
        order: 'oldest',
      });
      const res = new pb.QueryInstancesResponse();
      res.setOrchestrationstateList(page.instances.map((row) => orchestrationState(row, withPayloads)));
      if (page.continuationToken) res.setContinuationtoken(stringValue(page.continuationToken));
      return res;
    }),

    listInstanceIds: unary((req: InstanceType<typeof pb.ListInstanceIdsRequest>, hub) => {
      const page = hub.listInstanceIds({
        statuses: req.getRuntimestatusList(),
        completedFrom: timestampMs(req.getCompletedtimefrom()),
        completedTo: timestampMs(req.getCompletedtimeto()),
        pageSize: req.getPagesize() || 100,
        lastInstanceKey: optionalString(req.getLastinstancekey()),
      });
      const res = new pb.ListInstanceIdsResponse();
      res.setInstanceidsList(page.instanceIds);
      if (page.lastInstanceKey) res.setLastinstancekey(stringValue(page.lastInstanceKey));
      return res;
    }),

    streamInstanceHistory: (call: grpc.ServerWritableStream<Msg, unknown>) => {
      try {
        const hub = router.resolve(metadataValue(call.metadata, 'taskhub'));
        const req = call.request as unknown as InstanceType<typeof pb.StreamInstanceHistoryRequest>;
        const history = hub.getHistory(req.getInstanceid());
        if (!history) {
          call.emit('error', {
            code: grpc.status.NOT_FOUND,
            details: `No orchestration instance with ID '${req.getInstanceid()}' exists in task hub '${hub.hub}'.`,
          });
          return;
        }
        for (let i = 0; i < history.length; i += HISTORY_CHUNK_SIZE) {
          call.write(encodeHistoryChunk(history.slice(i, i + HISTORY_CHUNK_SIZE)));
        }
        call.end();
      } catch (err) {
        call.emit('error', toServiceError(err, log));
      }
    },

    getWorkItems: (call: grpc.ServerWritableStream<Msg, unknown>) => {
      let hub: TaskHubEngine;
      try {
        hub = router.resolve(metadataValue(call.metadata, 'taskhub'));
      } catch (err) {
        call.emit('error', toServiceError(err, log));
        return;
      }
      const req = call.request as unknown as InstanceType<typeof pb.GetWorkItemsRequest>;
      const worker: WorkerConnection = {
        key: ++workerKeys,
        userAgent: metadataValue(call.metadata, 'x-user-agent') || metadataValue(call.metadata, 'user-agent'),
        workerId: metadataValue(call.metadata, 'workerid') || `stream-${workerKeys}`,
        connectedAt: hub.clock.now(),
        filters: workerFilters(req),
        inFlight: new Set(),
        send: (item) => {
          if (!call.cancelled && !call.writableEnded) call.write(item);
        },
      };
      let gone = false;
      const leave = (why: string): void => {
        if (gone) return;
        gone = true;
        log(`worker left task hub '${hub.hub}' (${why}): ${worker.userAgent} workerid=${worker.workerId}`);
        hub.disconnectWorker(worker);
      };
      call.on('cancelled', () => leave('stream cancelled'));
      call.on('close', () => leave('stream closed'));
      call.on('error', () => leave('stream error'));
      log(`worker connected to task hub '${hub.hub}': ${worker.userAgent} workerid=${worker.workerId}`);
      hub.connectWorker(worker);
    },

    completeActivityTask: unary((req: InstanceType<typeof pb.ActivityResponse>, hub) => {
      hub.completeActivityTask(req);
      return COMPLETE_TASK_RESPONSE;
    }),

    completeOrchestratorTask: unary((req: InstanceType<typeof pb.OrchestratorResponse>, hub) => {
      hub.completeOrchestratorTask(req);
      return COMPLETE_TASK_RESPONSE;
    }),

    completeEntityTask: unary((req: InstanceType<typeof pb.EntityBatchResult>, hub) => {
      hub.completeEntityTask(req);
      return COMPLETE_TASK_RESPONSE;
    }),

    abandonTaskActivityWorkItem: unary((req: InstanceType<typeof pb.AbandonActivityTaskRequest>, hub) => {
      hub.abandon(req.getCompletiontoken());
      return new pb.AbandonActivityTaskResponse();
    }),

    abandonTaskOrchestratorWorkItem: unary((req: InstanceType<typeof pb.AbandonOrchestrationTaskRequest>, hub) => {
      hub.abandon(req.getCompletiontoken());
      return new pb.AbandonOrchestrationTaskResponse();
    }),

    abandonTaskEntityWorkItem: unary((req: InstanceType<typeof pb.AbandonEntityTaskRequest>, hub) => {
      hub.abandon(req.getCompletiontoken());
      return new pb.AbandonEntityTaskResponse();
    }),

    signalEntity: unary((req: InstanceType<typeof pb.SignalEntityRequest>, hub) => {
      hub.signalEntity(
        req.getInstanceid(),
        req.getName(),
        optionalString(req.getInput()),
        req.getRequestid(),
        timestampMs(req.getScheduledtime()),
      );
      return new pb.SignalEntityResponse();
    }),

    getEntity: unary((req: InstanceType<typeof pb.GetEntityRequest>, hub) => {
      const entity = hub.getEntity(req.getInstanceid());
      const res = new pb.GetEntityResponse();
      res.setExists(entity !== undefined);
      if (entity) res.setEntity(entityMetadata(entity, req.getIncludestate()));
      return res;
    }),

    queryEntities: unary((req: InstanceType<typeof pb.QueryEntitiesRequest>, hub) => {
      const q = req.getQuery();
      const page = hub.queryEntities({
        prefix: optionalString(q?.getInstanceidstartswith()),
        lastModifiedFrom: timestampMs(q?.getLastmodifiedfrom()),
        lastModifiedTo: timestampMs(q?.getLastmodifiedto()),
        includeTransient: q?.getIncludetransient() ?? false,
        pageSize: q?.getPagesize()?.getValue() || 100,
        continuationToken: optionalString(q?.getContinuationtoken()),
      });
      const res = new pb.QueryEntitiesResponse();
      res.setEntitiesList(page.entities.map((e) => entityMetadata(e, q?.getIncludestate() ?? false)));
      if (page.continuationToken) res.setContinuationtoken(stringValue(page.continuationToken));
      return res;
    }),

    cleanEntityStorage: unary((req: InstanceType<typeof pb.CleanEntityStorageRequest>, hub) => {
      const result = hub.cleanEntityStorage(req.getRemoveemptyentities(), req.getReleaseorphanedlocks());
      const res = new pb.CleanEntityStorageResponse();
      res.setEmptyentitiesremoved(result.removed);
      res.setOrphanedlocksreleased(result.released);
      return res;
    }),

    createTaskHub: unimplemented('CreateTaskHub', 'Task hubs come from DTS_TASK_HUB_NAMES (or --task-hubs).'),
    deleteTaskHub: unimplemented('DeleteTaskHub', 'Task hubs come from DTS_TASK_HUB_NAMES (or --task-hubs).'),
    skipGracefulOrchestrationTerminations: unimplemented('SkipGracefulOrchestrationTerminations'),
  };
}

function entityMetadata(
  entity: { entityId: string; state: string | undefined; lastModifiedAt: number; lockedBy: string | undefined; backlogQueueSize: number },
  includeState: boolean,
): InstanceType<typeof pb.EntityMetadata> {
  const meta = new pb.EntityMetadata();
  meta.setInstanceid(entity.entityId);
  meta.setLastmodifiedtime(toTimestamp(entity.lastModifiedAt));
  meta.setBacklogqueuesize(entity.backlogQueueSize);
  if (entity.lockedBy) meta.setLockedby(stringValue(entity.lockedBy));
  if (includeState && entity.state !== undefined) meta.setSerializedstate(stringValue(entity.state));
  return meta;
}
