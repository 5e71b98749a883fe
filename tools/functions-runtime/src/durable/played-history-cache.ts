import type pb from '@microsoft/durabletask-js/dist/proto/orchestrator_service_pb.js';
import type { DtfxHistoryEvent } from './dtfx-history.js';
import { toDtfxEvent } from './proto-history-converter.js';

interface CachedHistory {
  readonly executionId: string;
  /** How many DTS past events `converted` covers (dropped event types make it longer than `converted`). */
  sourceCount: number;
  /** The last covered DTS event, to recognise the same history next episode. */
  lastEventId: number;
  lastEventCase: number;
  lastSeconds: number;
  lastNanos: number;
  readonly converted: DtfxHistoryEvent[];
}

/**
 * Every episode DTS resends an instance's whole past history, so converting all of it each time is
 * quadratic in the history's length. The played (past) part of one episode is a prefix of the next one's,
 * and a converted event depends only on its own DTS event and IsPlayed, so the converted prefix is kept
 * per instance and only the events after it are converted. The prefix is reused only when the execution
 * id and the last covered event (type, id, timestamp) match; anything else converts from scratch.
 */
export class PlayedHistoryCache {
  readonly #entries = new Map<string, CachedHistory>();
  #events = 0;

  /**
   * @param capacity instances kept, and `eventBudget` converted events kept in all (least recently used
   * instances leave first), so many idle or very long histories cost bounded memory.
   */
  constructor(
    private readonly capacity = 1_000,
    private readonly eventBudget = 200_000,
  ) {}

  /** The DTFx form of `pastEvents` (IsPlayed = true). The result must not be modified. */
  pastHistory(
    instanceId: string,
    executionId: string,
    pastEvents: readonly pb.HistoryEvent[],
  ): readonly DtfxHistoryEvent[] {
    let entry = this.#entries.get(instanceId);
    this.#remove(instanceId);
    if (!entry || !this.#continues(entry, executionId, pastEvents)) {
      entry = {
        executionId,
        sourceCount: 0,
        lastEventId: 0,
        lastEventCase: 0,
        lastSeconds: 0,
        lastNanos: 0,
        converted: [],
      };
    }
    for (let i = entry.sourceCount; i < pastEvents.length; i++) {
      const converted = toDtfxEvent(pastEvents[i], true);
      if (converted) entry.converted.push(converted);
    }
    if (pastEvents.length > 0) {
      const last = pastEvents[pastEvents.length - 1];
      entry.sourceCount = pastEvents.length;
      entry.lastEventId = last.getEventid();
      entry.lastEventCase = last.getEventtypeCase();
      entry.lastSeconds = last.getTimestamp()?.getSeconds() ?? 0;
      entry.lastNanos = last.getTimestamp()?.getNanos() ?? 0;
      this.#entries.set(instanceId, entry);
      this.#events += entry.converted.length;
      while (
        this.#entries.size > this.capacity ||
        (this.#events > this.eventBudget && this.#entries.size > 1)
      ) {
        this.#remove(this.#entries.keys().next().value as string);
      }
    }
    return entry.converted;
  }

  /** The instance finished (or was terminated): its history will not be sent again. */
  forget(instanceId: string): void {
    this.#remove(instanceId);
  }

  #remove(instanceId: string): void {
    const entry = this.#entries.get(instanceId);
    if (!entry) return;
    this.#events -= entry.converted.length;
    this.#entries.delete(instanceId);
  }

  get size(): number {
    return this.#entries.size;
  }

  #continues(entry: CachedHistory, executionId: string, pastEvents: readonly pb.HistoryEvent[]): boolean {
    if (entry.executionId !== executionId || pastEvents.length < entry.sourceCount || entry.sourceCount === 0)
      return false;
    const last = pastEvents[entry.sourceCount - 1];
    return (
      last.getEventid() === entry.lastEventId &&
      last.getEventtypeCase() === entry.lastEventCase &&
      (last.getTimestamp()?.getSeconds() ?? 0) === entry.lastSeconds &&
      (last.getTimestamp()?.getNanos() ?? 0) === entry.lastNanos
    );
  }
}
