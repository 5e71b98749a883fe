// Batches: one action on a selection of instances — listed ids, or everything a list filter matches —
// run server-side a page at a time, yielding between pages so the dashboard, gRPC clients and workers
// are served meanwhile; progress and per-instance results are read while it runs. A filter is walked in
// instance id order after the last id done and only over instances created before the batch began, so a
// batch never reaches instances it starts itself (restart) and never repeats or skips one.
import { randomUUID } from 'node:crypto';
import type { TaskHubEngine } from '../engine/task-hub-engine.js';
import type { InstanceFilter } from '../store/instance-filter.js';
import { ApiError } from './api-error.js';
import { applyToInstance, type BatchAction, type BatchOptions, type InstanceResult, type Outcome } from './batch-actions.js';

/** Instances per page: one page is one turn of the event loop (and one group commit). */
const PAGE_SIZE = 200;
/** Finished batches are kept this long for their results, and at most this many per hub. */
const KEEP_FINISHED_MS = 60 * 60_000;
const KEEP_PER_HUB = 20;

export type Selection = { instanceIds: readonly string[] } | { filter: InstanceFilter };

export interface Batch {
  batchId: string;
  hub: string;
  action: BatchAction;
  /** `failed`: the batch itself stopped (the database went away); `error` says why. */
  state: 'running' | 'done' | 'canceled' | 'failed';
  error?: string;
  /** How many instances the selection held when the batch began. */
  total: number;
  processed: number;
  counts: Record<Outcome, number>;
  results: InstanceResult[];
  startedAt: number;
  finishedAt?: number;
}

export class BatchRunner {
  private readonly batches = new Map<string, Batch & { cancel: boolean }>();

  start(hub: TaskHubEngine, action: BatchAction, selection: Selection, options: BatchOptions): Batch {
    const startedAt = Date.now();
    const next = this.pages(hub, selection, startedAt);
    const total = 'instanceIds' in selection ? new Set(selection.instanceIds).size : hub.queries.count(this.snapshot(selection.filter, startedAt));
    const batch: Batch & { cancel: boolean } = {
      batchId: randomUUID().replace(/-/g, ''),
      hub: hub.hub,
      action,
      state: 'running',
      total,
      processed: 0,
      counts: { done: 0, notFound: 0, notAllowed: 0, failed: 0 },
      results: [],
      startedAt,
      cancel: false,
    };
    this.forget(hub.hub);
    this.batches.set(batch.batchId, batch);
    const finish = (state: Batch['state'], error?: string): void => {
      batch.state = state;
      if (error !== undefined) batch.error = error;
      batch.finishedAt = Date.now();
    };
    const step = (): void => {
      try {
        const ids = batch.cancel ? [] : next();
        for (const id of ids) {
          const result = applyToInstance(hub, id, action, options);
          batch.results.push(result);
          batch.counts[result.outcome]++;
          batch.processed++;
        }
        if (ids.length === 0) return finish(batch.cancel ? 'canceled' : 'done');
        setImmediate(step);
      } catch (err) {
        finish('failed', `The batch stopped after ${batch.processed} instances: ${err instanceof Error ? err.message : String(err)}`);
      }
    };
    setImmediate(step);
    return batch;
  }

  get(hub: string, batchId: string): Batch {
    const batch = this.batches.get(batchId);
    if (!batch || batch.hub !== hub) {
      throw new ApiError(404, `No batch '${batchId}' in task hub '${hub}' (finished batches are kept for an hour).`);
    }
    return batch;
  }

  /** Stops after the page under way; what was done stays done. */
  cancel(hub: string, batchId: string): Batch {
    const batch = this.get(hub, batchId) as Batch & { cancel: boolean };
    batch.cancel = true;
    return batch;
  }

  private snapshot(filter: InstanceFilter, startedAt: number): InstanceFilter {
    return { ...filter, createdTo: Math.min(filter.createdTo ?? startedAt, startedAt) };
  }

  /** A function that returns the next page of ids, and [] once the selection is walked. */
  private pages(hub: TaskHubEngine, selection: Selection, startedAt: number): () => string[] {
    if ('instanceIds' in selection) {
      const ids = [...new Set(selection.instanceIds)];
      let offset = 0;
      return () => ids.slice(offset, (offset += PAGE_SIZE));
    }
    const filter = this.snapshot(selection.filter, startedAt);
    let after: string | undefined;
    return () => {
      const ids = hub.queries.idsAfter(filter, after, PAGE_SIZE);
      after = ids[ids.length - 1] ?? after;
      return ids;
    };
  }

  private forget(hub: string): void {
    const now = Date.now();
    const finished = [...this.batches.values()].filter((b) => b.hub === hub && b.state !== 'running');
    for (const b of finished) if (now - (b.finishedAt ?? now) > KEEP_FINISHED_MS) this.batches.delete(b.batchId);
    const kept = finished.filter((b) => this.batches.has(b.batchId)).sort((a, b) => a.startedAt - b.startedAt);
    while (kept.length >= KEEP_PER_HUB) this.batches.delete(kept.shift()!.batchId);
  }
}
