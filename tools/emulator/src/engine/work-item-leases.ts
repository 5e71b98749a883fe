// Work-item lock timeouts, as a real scheduler has them: a work item its worker has not completed within
// the timeout is taken back and offered again, so a worker that stays connected but hangs can't hold an
// instance forever. One timeout per kind of work, so leases expire in the order they were given out: an
// insertion-ordered map is the whole queue, and one timer waits for its oldest entry.
import { systemClock, type Clock } from './clock.js';

export class WorkItemLeases {
  /** Completion token → expiry (epoch ms), oldest first. */
  private readonly expiries = new Map<string, number>();
  private handle: NodeJS.Timeout | undefined;

  /** `timeoutMs` ≤ 0 turns the timeout off. */
  constructor(
    readonly timeoutMs: number,
    private readonly expire: (token: string) => void,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Starts the clock for a work item just handed to a worker. */
  add(token: string, now: number): void {
    if (this.timeoutMs <= 0) return;
    this.expiries.set(token, now + this.timeoutMs);
    if (!this.handle) this.arm(this.timeoutMs);
  }

  /** The work item was completed, abandoned or taken back: no timeout for it any more. */
  release(token: string): void {
    this.expiries.delete(token);
  }

  get size(): number {
    return this.expiries.size;
  }

  close(): void {
    if (this.handle) clearTimeout(this.handle);
    this.handle = undefined;
    this.expiries.clear();
  }

  private arm(delayMs: number): void {
    this.handle = setTimeout(() => this.run(), delayMs);
    this.handle.unref();
  }

  private run(): void {
    this.handle = undefined;
    const now = this.clock.now();
    for (const [token, at] of this.expiries) {
      if (at > now) {
        this.arm(at - now);
        return;
      }
      this.expiries.delete(token);
      try {
        this.expire(token);
      } catch (err) {
        console.error('[emulator] work-item timeout failed:', err);
      }
    }
  }
}
