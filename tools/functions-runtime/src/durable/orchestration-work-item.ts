import pb from '@microsoft/durabletask-js/dist/proto/orchestrator_service_pb.js';
import type { FunctionRegistry } from '../core/function-registry.js';
import type { FunctionInvoker } from '../invocation/function-invoker.js';
import type { RuntimeLogger } from '../runtime-logger.js';
import type { DfOrchestratorState } from './df-actions.js';
import { DtfxEventType } from './dtfx-history.js';
import { buildOrchestrationTriggerInput } from './orchestration-trigger-input.js';
import { runOrchestratorEpisode } from './orchestrator-episode.js';
import {
  describeOrchestratorFailure,
  outcomeFromInvocationError,
  planOrchestratorResponse,
  type OrchestratorOutcome,
  type OrchestratorResponsePlan,
} from './orchestrator-response-plan.js';
import type { PlayedHistoryCache } from './played-history-cache.js';
import { toDtfxHistory } from './proto-history-converter.js';
import { rewindHistory, toRewindResponse } from './rewind.js';
import { knownFunctions } from './known-functions.js';
import { toOrchestratorResponse } from './orchestrator-response-proto.js';

/**
 * The Durable extension's orchestration role for one DTS work item: history in the extension's JSON,
 * the app's orchestrationTrigger function through the invocation pipeline, and its OrchestratorState
 * back as DTS actions.
 */
export async function executeOrchestratorWorkItem(
  request: pb.OrchestratorRequest,
  completionToken: string,
  registry: FunctionRegistry,
  invoker: FunctionInvoker,
  log: RuntimeLogger,
  playedHistory: PlayedHistoryCache,
): Promise<pb.OrchestratorResponse> {
  const instanceId = request.getInstanceid();
  const newEvents = request.getNeweventsList();
  // Only a batch with a rewind marker makes the past history be looked at here.
  if (newEvents.some((e) => e.hasExecutionrewound())) {
    const rewound = rewindHistory(request.getPasteventsList(), newEvents);
    if (rewound) {
      playedHistory.forget(instanceId);
      return toRewindResponse(instanceId, completionToken, rewound);
    }
  }
  const executionId = request.getExecutionid()?.getValue() ?? '';
  const history = [...playedHistory.pastHistory(instanceId, executionId, request.getPasteventsList()), ...toDtfxHistory(newEvents, false)];
  const started = history.find((e) => e.EventType === DtfxEventType.ExecutionStarted);
  const name = started?.Name ?? '';
  const functions = knownFunctions(registry);
  const parentInstanceId = started?.ParentInstance?.OrchestrationInstance.InstanceId;
  const episode = { name, instanceId, executionId, history, functions, parentInstanceId };

  const terminated = history.find((e) => e.EventType === DtfxEventType.ExecutionTerminated);
  if (terminated) {
    playedHistory.forget(instanceId);
    const plan: OrchestratorResponsePlan = {
      actions: [{ id: -1, type: 'complete', status: 'TERMINATED', result: terminated.Input ?? undefined }],
      warnings: [],
    };
    return toOrchestratorResponse(instanceId, completionToken, plan);
  }

  const orchestrations = registry.byTriggerType('orchestrationTrigger');
  const fn = orchestrations.find((f) => f.metadata.name === name) ?? orchestrations.find((f) => f.metadata.name.toLowerCase() === name.toLowerCase());
  let plan: OrchestratorResponsePlan;
  // The invoker's "Executed ... (Failed)" line already says why; the extension's own line is for failures it finds itself.
  let invocationFailed = false;
  if (!fn) {
    plan = planOrchestratorResponse(episode, { kind: 'failed', message: functions.missing('orchestrator', name) });
  } else {
    const describeFailure = (error: Error) => describeOrchestratorFailure(fn.metadata.name, error);
    plan = await runOrchestratorEpisode(episode, async (shimHistory): Promise<OrchestratorOutcome> => {
      const payload = buildOrchestrationTriggerInput(instanceId, shimHistory);
      const result = await invoker.invoke(fn, { inputData: [{ name: fn.triggerName, data: { json: JSON.stringify(payload) } }], describeFailure });
      if (result.error) {
        invocationFailed = true;
        return outcomeFromInvocationError(result.error);
      }
      const value = result.response?.returnValue;
      const text = value?.json ?? value?.string;
      return text
        ? { kind: 'state', state: JSON.parse(text) as DfOrchestratorState }
        : { kind: 'failed', message: `Orchestrator function '${name}' returned no OrchestratorState. Register it with df.app.orchestration(...).` };
    });
  }
  plan.warnings.forEach((warning) => log('warn', warning));
  const completion = plan.actions.find((a) => a.type === 'complete');
  if (completion) playedHistory.forget(instanceId);
  if (completion?.type === 'complete' && completion.status === 'FAILED' && !invocationFailed) {
    // The extension's wording (Host.Triggers.DurableTask).
    log('error', `${instanceId}: Function '${name} (Orchestrator)' failed with an error. Reason: ${completion.failure?.errorMessage}`);
  }
  return toOrchestratorResponse(instanceId, completionToken, plan);
}
