// Connected GetWorkItems streams of one task hub, handed work round-robin. A worker that sent work-item
// filters only receives the orchestrations, activities and entities it named.
import type { pb } from '../proto/messages.js';

export type WorkKind = 'orchestration' | 'activity' | 'entity';

export interface WorkerFilters {
  orchestrations?: ReadonlySet<string>;
  activities?: ReadonlySet<string>;
  entities?: ReadonlySet<string>;
}

export interface WorkerConnection {
  readonly key: number;
  readonly userAgent: string;
  readonly workerId: string;
  readonly connectedAt: number;
  readonly filters: WorkerFilters | undefined;
  /** Completion tokens of the work items this worker holds. */
  readonly inFlight: Set<string>;
  send(item: InstanceType<typeof pb.WorkItem>): void;
}

export interface WorkerInfo {
  userAgent: string;
  workerId: string;
  connectedAt: number;
  workItemsInFlight: number;
}

function accepts(worker: WorkerConnection, kind: WorkKind, name: string): boolean {
  const f = worker.filters;
  if (!f) return true;
  const set = kind === 'orchestration' ? f.orchestrations : kind === 'activity' ? f.activities : f.entities;
  return !set || set.has(kind === 'entity' ? name.toLowerCase() : name);
}

export class WorkerRegistry {
  private readonly workers: WorkerConnection[] = [];
  private next = 0;

  get size(): number {
    return this.workers.length;
  }

  add(worker: WorkerConnection): void {
    this.workers.push(worker);
  }

  remove(worker: WorkerConnection): boolean {
    const i = this.workers.indexOf(worker);
    if (i < 0) return false;
    this.workers.splice(i, 1);
    return true;
  }

  has(worker: WorkerConnection): boolean {
    return this.workers.includes(worker);
  }

  /**
   * The next worker in round-robin order that accepts this work, if any; `notTo` (a worker that let this
   * work time out) only gets it when no other worker accepts it.
   */
  pick(kind: WorkKind, name: string, notTo?: WorkerConnection): WorkerConnection | undefined {
    const n = this.workers.length;
    let fallback: number | undefined;
    for (let i = 0; i < n; i++) {
      const index = (this.next + i) % n;
      const worker = this.workers[index]!;
      if (!accepts(worker, kind, name)) continue;
      if (worker === notTo) {
        fallback = index;
        continue;
      }
      this.next = (index + 1) % n;
      return worker;
    }
    if (fallback === undefined) return undefined;
    this.next = (fallback + 1) % n;
    return this.workers[fallback];
  }

  list(): WorkerInfo[] {
    return this.workers.map((w) => ({
      userAgent: w.userAgent,
      workerId: w.workerId,
      connectedAt: w.connectedAt,
      workItemsInFlight: w.inFlight.size,
    }));
  }
}
