import type { DtfxHistoryEvent } from './dtfx-history.js';
import {
  planOrchestratorResponse,
  type EpisodeContext,
  type OrchestratorOutcome,
  type OrchestratorResponsePlan,
} from './orchestrator-response-plan.js';
import type { RetryTimeoutEvent } from './sequence-ledger.js';

/** Each round can only add events for retries the previous round's actions revealed; a few suffice. */
const MAX_ROUNDS = 8;

/**
 * One orchestration episode: the shim replays the history and the plan turns its state into DTS actions.
 * Only the plan (from the state's retry actions) can tell that a retry timed out and which events the shim
 * must replay for it (RetryTimeoutEvent), so then the shim runs again on the history with those events;
 * episodes without a timed-out retry invoke it once.
 */
export async function runOrchestratorEpisode(
  episode: EpisodeContext,
  invoke: (history: readonly DtfxHistoryEvent[]) => Promise<OrchestratorOutcome>,
): Promise<OrchestratorResponsePlan> {
  let replayed: readonly RetryTimeoutEvent[] = [];
  for (let round = 1; ; round++) {
    const plan = planOrchestratorResponse(
      episode,
      await invoke(withRetryTimeoutEvents(episode.history, replayed)),
    );
    const needed = plan.retryTimeoutEvents ?? [];
    if (sameEvents(needed, replayed)) return plan;
    if (round >= MAX_ROUNDS) {
      plan.warnings.push(
        `Orchestration '${episode.name}' (${episode.instanceId}): timed-out retries still changed the replay after ${MAX_ROUNDS} rounds.`,
      );
      return plan;
    }
    replayed = needed;
  }
}

export function withRetryTimeoutEvents(
  history: readonly DtfxHistoryEvent[],
  added: readonly RetryTimeoutEvent[],
): readonly DtfxHistoryEvent[] {
  if (added.length === 0) return history;
  const result: DtfxHistoryEvent[] = [];
  let next = 0;
  history.forEach((event, index) => {
    result.push(event);
    while (next < added.length && added[next].afterIndex === index) result.push(added[next++].event);
  });
  return result;
}

function sameEvents(a: readonly RetryTimeoutEvent[], b: readonly RetryTimeoutEvent[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (e, i) =>
        e.afterIndex === b[i].afterIndex &&
        e.event.EventType === b[i].event.EventType &&
        (e.event.TimerId ?? e.event.TaskScheduledId) === (b[i].event.TimerId ?? b[i].event.TaskScheduledId),
    )
  );
}
