import { randomUUID } from 'node:crypto';
import { actionInputAsJson, DfActionType, entitySchedulerId, type DfAction, type DfOrchestratorState } from './df-actions.js';
import type { KnownFunctions } from './known-functions.js';
import { locationPollRequest, type DurableHttpRequestJson } from './http-activity.js';
import { DtfxEventType, SCHEDULING_EVENT_TYPES, type DtfxHistoryEvent } from './dtfx-history.js';
import { buildSequenceLedger, type RetryTimeoutEvent, type SequenceAllocation } from './sequence-ledger.js';

export interface PlannedFailure {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly stackTrace?: string;
}

/** A DTS OrchestratorAction in plain form; `id` is the shim's sequence number for it. */
export type PlannedAction =
  | { readonly id: number; readonly type: 'scheduleTask'; readonly name: string; readonly input?: string; readonly version?: string }
  | { readonly id: number; readonly type: 'createSubOrchestration'; readonly instanceId: string; readonly name: string; readonly input?: string; readonly version?: string }
  | { readonly id: number; readonly type: 'createTimer'; readonly fireAt: string }
  | { readonly id: number; readonly type: 'callEntity' | 'signalEntity'; readonly requestId: string; readonly operation: string; readonly targetInstanceId: string; readonly input?: string; readonly parentInstanceId?: string; readonly parentExecutionId?: string; readonly scheduledTime?: string }
  | { readonly id: number; readonly type: 'lockEntities'; readonly criticalSectionId: string; readonly lockSet: readonly string[]; readonly parentInstanceId: string }
  | { readonly id: number; readonly type: 'unlockEntity'; readonly criticalSectionId: string; readonly targetInstanceId: string; readonly parentInstanceId: string }
  | { readonly id: number; readonly type: 'complete'; readonly status: 'COMPLETED' | 'FAILED' | 'CONTINUED_AS_NEW' | 'TERMINATED'; readonly result?: string; readonly failure?: PlannedFailure };

export interface OrchestratorResponsePlan {
  readonly actions: PlannedAction[];
  /** JSON text, only when the orchestrator set one. */
  readonly customStatus?: string;
  /** Things a person should know (the state and history disagree, an unsupported action...). */
  readonly warnings: string[];
  /** Events the shim must replay on top of the DTS history (see RetryTimeoutEvent); none usually. */
  readonly retryTimeoutEvents?: readonly RetryTimeoutEvent[];
}

export interface EpisodeContext {
  readonly name: string;
  readonly instanceId: string;
  readonly executionId: string;
  readonly history: readonly DtfxHistoryEvent[];
  /** The app's durable functions: when given, new actions are checked against them as the extension does. */
  readonly functions?: KnownFunctions;
  readonly parentInstanceId?: string;
}

export type OrchestratorOutcome =
  | { readonly kind: 'state'; readonly state: DfOrchestratorState }
  | { readonly kind: 'failed'; readonly message: string; readonly state?: DfOrchestratorState; readonly stackTrace?: string };

const OUT_OF_PROC_LABEL = '\n\n$OutOfProcData$:';

/** The extension's name for the built-in activity behind context.df.callHttp; the runtime runs it itself. */
export const HTTP_ACTIVITY_NAME = 'BuiltIn::HttpActivity';

/**
 * The orchestrator shim reports an unhandled exception by throwing "<msg>\n\n$OutOfProcData$:<state JSON>"
 * (OrchestrationFailureError); the extension reads the state after the label (OutOfProcExceptionHelpers).
 */
export function outcomeFromInvocationError(error: Error): OrchestratorOutcome {
  const at = error.message.indexOf(OUT_OF_PROC_LABEL);
  if (at < 0) return { kind: 'failed', message: error.message, stackTrace: error.stack };
  let state: DfOrchestratorState;
  try {
    state = JSON.parse(error.message.slice(at + OUT_OF_PROC_LABEL.length)) as DfOrchestratorState;
  } catch {
    return { kind: 'failed', message: error.message, stackTrace: error.stack };
  }
  return { kind: 'failed', message: state.error ?? error.message.slice(0, at), state, stackTrace: error.stack };
}

/**
 * The one readable line for an orchestrator invocation that threw: the failure message the status shows,
 * instead of the shim's "false" and its raw $OutOfProcData$ state. Other errors keep their stack.
 */
export function describeOrchestratorFailure(name: string, error: Error): string {
  const outcome = outcomeFromInvocationError(error);
  return outcome.kind === 'failed' && outcome.state ? `Orchestrator function '${name}' failed: ${outcome.message}` : (error.stack ?? error.message);
}

/** Turns what the shim returned into the DTS actions for this episode: only what history lacks. */
export function planOrchestratorResponse(episode: EpisodeContext, outcome: OrchestratorOutcome): OrchestratorResponsePlan {
  const state = outcome.state;
  const topLevel = state ? flattenSchema(state.actions) : [];
  const ledger = buildSequenceLedger(episode.history, topLevel);
  const warnings: string[] = [...ledger.warnings];
  const retryTimeoutEvents = ledger.retryTimeoutEvents;
  if (ledger.unreachedActions > 0) {
    warnings.push(
      `Orchestration '${episode.name}' (${episode.instanceId}): ${ledger.unreachedActions} action(s) returned by the orchestrator were not reached when replaying its history; they are not scheduled.`,
    );
  }
  const customStatus = state?.customStatus === undefined ? undefined : JSON.stringify(state.customStatus);
  const scheduled = new Set(episode.history.filter((e) => SCHEDULING_EVENT_TYPES.has(e.EventType)).map((e) => e.EventId));
  const fresh = ledger.allocations.filter((a) => !scheduled.has(a.id));
  const fireAndForget = fresh.filter((a) => a.kind === 'fire-and-forget' || a.kind === 'release').map((a) => toPlannedAction(a, episode));
  // The extension releases the locks an orchestration still holds when it ends, whichever way it ends.
  const ending = (completion: (id: number) => PlannedAction, sendFresh = true): PlannedAction[] => {
    const released = (ledger.openLock?.entities ?? []).map(
      (targetInstanceId, index): PlannedAction => ({
        id: ledger.nextSequence + index,
        type: 'unlockEntity',
        criticalSectionId: ledger.openLock!.criticalSectionId,
        targetInstanceId,
        parentInstanceId: episode.instanceId,
      }),
    );
    return [...(sendFresh ? fireAndForget : []), ...released, completion(ledger.nextSequence + released.length)];
  };
  const failed = (errorMessage: string, stackTrace?: string, sendFresh = true): OrchestratorResponsePlan => {
    // The management API words the status output "Orchestrator function '<name>' failed: <message>".
    const failure = { errorType: 'OrchestratorFunctionFailed', errorMessage, stackTrace };
    return { actions: ending((id) => ({ id, type: 'complete', status: 'FAILED', failure }), sendFresh), customStatus, warnings, retryTimeoutEvents };
  };

  if (outcome.kind === 'failed') return failed(outcome.message, outcome.stackTrace);
  const refused = episode.functions && firstRuleBroken(fresh, episode, episode.functions);
  // The extension throws where the action is made, so nothing new of this episode is sent.
  if (refused) return failed(refused, undefined, false);
  if (outcome.state.isDone) {
    const continueAsNew = topLevel.find((a) => a.actionType === DfActionType.ContinueAsNew);
    const output = outcome.state.output;
    return {
      actions: ending((id) =>
        continueAsNew
          ? { id, type: 'complete', status: 'CONTINUED_AS_NEW', result: actionInputAsJson(continueAsNew) }
          : { id, type: 'complete', status: 'COMPLETED', result: output === undefined ? undefined : JSON.stringify(output) },
      ),
      customStatus,
      warnings,
      retryTimeoutEvents,
    };
  }
  const firedTimers = new Set(episode.history.filter((e) => e.EventType === DtfxEventType.TimerFired).map((e) => e.TimerId));
  const actions = fresh
    .filter((a) => a.kind !== 'retry-timed-out')
    .filter((a) => !(a.kind === 'action' && a.action.actionType === DfActionType.CreateTimer && a.action.isCanceled))
    .filter((a) => a.kind !== 'http-poll' || firedTimers.has(a.afterTimerId))
    .map((a) => toPlannedAction(a, episode));
  return { actions, customStatus, warnings, retryTimeoutEvents };
}

/** V2/V3 send one cumulative list (compound actions as trees); V1 sent one list per yield. */
function flattenSchema(actions: DfAction[][]): DfAction[] {
  return actions.length === 1 ? actions[0] : actions.flat();
}

/**
 * The checks the extension makes when the orchestrator schedules work (DurableOrchestrationContext
 * .CallDurableTaskFunctionAsync, ThrowIfFunctionDoesNotExist): the target function must exist and a
 * sub-orchestration may not reuse its own or its parent's instance id. Returns the extension's message.
 */
function firstRuleBroken(fresh: readonly SequenceAllocation[], episode: EpisodeContext, functions: KnownFunctions): string | undefined {
  for (const allocation of fresh) {
    if (allocation.kind !== 'action' && allocation.kind !== 'fire-and-forget') continue;
    const action = allocation.action;
    switch (action.actionType) {
      case DfActionType.CallActivity:
      case DfActionType.CallActivityWithRetry:
        if (!functions.has('activity', action.functionName ?? '')) return functions.missing('activity', action.functionName ?? '');
        break;
      case DfActionType.CallSubOrchestrator:
      case DfActionType.CallSubOrchestratorWithRetry: {
        if (!functions.has('orchestrator', action.functionName ?? '')) return functions.missing('orchestrator', action.functionName ?? '');
        const child = action.instanceId?.toLowerCase();
        if (child && (child === episode.instanceId.toLowerCase() || child === episode.parentInstanceId?.toLowerCase())) {
          return 'The instance ID of a sub-orchestration must be different than the instance ID of a parent orchestration.';
        }
        if (child?.startsWith('@')) return 'Orchestration instance ids must not start with @';
        break;
      }
      case DfActionType.CallEntity:
      case DfActionType.SignalEntity:
      case DfActionType.ScheduledSignalEntity: {
        const name = entityNameOf(action.instanceId ?? '');
        if (!functions.has('entity', name)) return functions.missing('entity', name);
        break;
      }
      case DfActionType.LockEntities:
        for (const entity of action.lockSet ?? []) {
          if (!functions.has('entity', entity.name)) return functions.missing('entity', entity.name);
        }
        break;
    }
  }
  return undefined;
}

function entityNameOf(schedulerId: string): string {
  const at = schedulerId.indexOf('@', 1);
  return at < 0 ? schedulerId : schedulerId.slice(1, at);
}

function toPlannedAction(allocation: SequenceAllocation, episode: EpisodeContext): PlannedAction {
  const { id, action } = allocation;
  if (allocation.kind === 'release') {
    const { criticalSectionId } = allocation.lock;
    return { id, type: 'unlockEntity', criticalSectionId, targetInstanceId: allocation.targetInstanceId, parentInstanceId: episode.instanceId };
  }
  if (allocation.kind === 'retry-timed-out') throw new Error(`Sequence number ${id} belongs to a timed-out retry and is never scheduled.`);
  if (allocation.kind === 'retry-timer' || allocation.kind === 'http-poll-timer') return { id, type: 'createTimer', fireAt: allocation.fireAt };
  if (allocation.kind === 'http-poll') {
    return { id, type: 'scheduleTask', name: HTTP_ACTIVITY_NAME, input: JSON.stringify([locationPollRequest(action.httpRequest as DurableHttpRequestJson, allocation.location)]) };
  }
  const attemptOf = allocation.kind === 'retry-attempt' ? allocation.firstAttemptId : id;
  switch (action.actionType) {
    case DfActionType.CallActivity:
    case DfActionType.CallActivityWithRetry:
      return { id, type: 'scheduleTask', name: action.functionName ?? '', input: actionInputAsJson(action), version: action.version };
    case DfActionType.CallSubOrchestrator:
    case DfActionType.CallSubOrchestratorWithRetry:
      return {
        id,
        type: 'createSubOrchestration',
        // A retried sub-orchestration reuses the child id of its first attempt (DTS replaces the failed child).
        instanceId: action.instanceId || `${episode.executionId || episode.instanceId}:${attemptOf.toString(16).padStart(4, '0')}`,
        name: action.functionName ?? '',
        input: actionInputAsJson(action),
        version: action.version,
      };
    case DfActionType.CreateTimer:
      return { id, type: 'createTimer', fireAt: action.fireAt ?? new Date().toISOString() };
    case DfActionType.CallHttp:
      // DTFx passes activity inputs as an array of parameters; the HTTP activity reads the first.
      return { id, type: 'scheduleTask', name: HTTP_ACTIVITY_NAME, input: JSON.stringify([action.httpRequest]) };
    case DfActionType.LockEntities:
      return {
        id,
        type: 'lockEntities',
        criticalSectionId: action.lockRequestId ?? '',
        lockSet: (action.lockSet ?? []).map(entitySchedulerId),
        parentInstanceId: episode.instanceId,
      };
    case DfActionType.CallEntity:
    case DfActionType.SignalEntity:
    case DfActionType.ScheduledSignalEntity:
      return {
        id,
        type: action.actionType === DfActionType.CallEntity ? 'callEntity' : 'signalEntity',
        scheduledTime: action.actionType === DfActionType.ScheduledSignalEntity ? action.fireAt : undefined,
        requestId: randomUUID(),
        operation: action.operation ?? '',
        targetInstanceId: action.instanceId ?? '',
        input: action.input === undefined ? undefined : JSON.stringify(action.input),
        parentInstanceId: episode.instanceId,
        parentExecutionId: episode.executionId,
      };
    default:
      throw new Error(`Action type ${action.actionType} cannot be scheduled on DTS (action: ${JSON.stringify(action)}).`);
  }
}
