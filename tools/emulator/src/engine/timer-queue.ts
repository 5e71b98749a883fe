// One setTimeout for the earliest due time across every hub: timers, scheduled starts, delayed signals
// and abandon delays all land here, so nothing polls.
import { systemClock, type Clock } from './clock.js';

interface Entry {
  at: number;
  fire: () => void;
}

const MAX_DELAY = 2_147_483_647;

export class TimerQueue {
  private readonly heap: Entry[] = [];
  private handle: NodeJS.Timeout | undefined;
  private armedAt = Infinity;
  private closed = false;

  constructor(private readonly clock: Clock = systemClock) {}

  /** Calls `fire` at or after `at` (epoch ms). */
  add(at: number, fire: () => void): void {
    if (this.closed) return;
    this.heap.push({ at, fire });
    this.up(this.heap.length - 1);
    if (at < this.armedAt) this.arm();
  }

  close(): void {
    this.closed = true;
    if (this.handle) clearTimeout(this.handle);
    this.heap.length = 0;
  }

  private arm(): void {
    if (this.handle) clearTimeout(this.handle);
    this.handle = undefined;
    this.armedAt = Infinity;
    const next = this.heap[0];
    if (!next) return;
    this.armedAt = next.at;
    const delay = Math.min(Math.max(next.at - this.clock.now(), 0), MAX_DELAY);
    this.handle = setTimeout(() => this.run(), delay);
    this.handle.unref?.();
  }

  private run(): void {
    this.handle = undefined;
    this.armedAt = Infinity;
    const now = this.clock.now();
    while (this.heap.length > 0 && this.heap[0]!.at <= now) {
      const entry = this.pop();
      try {
        entry.fire();
      } catch (err) {
        console.error('[emulator] timer callback failed:', err);
      }
    }
    this.arm();
  }

  private pop(): Entry {
    const top = this.heap[0]!;
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.down(0);
    }
    return top;
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]!.at <= h[i]!.at) break;
      [h[p], h[i]] = [h[i]!, h[p]!];
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && h[l]!.at < h[m]!.at) m = l;
      if (r < h.length && h[r]!.at < h[m]!.at) m = r;
      if (m === i) return;
      [h[m], h[i]] = [h[i]!, h[m]!];
      i = m;
    }
  }
}
