/**
 * One pending piece of work inside the runner (a leaf like an activity, or an all/any over children).
 * Settles once; listeners run synchronously so completion order is the order things happened.
 */
export class SimTask {
  private settled: { ok: true; value: unknown } | { ok: false; error: unknown } | undefined;
  private readonly listeners: ((task: SimTask) => void)[] = [];

  get done(): boolean {
    return this.settled !== undefined;
  }

  get outcome(): { ok: true; value: unknown } | { ok: false; error: unknown } {
    if (!this.settled) throw new Error('SimTask has not settled yet (runner bug).');
    return this.settled;
  }

  complete(value: unknown): void {
    this.settle({ ok: true, value });
  }

  fail(error: unknown): void {
    this.settle({ ok: false, error });
  }

  onDone(listener: (task: SimTask) => void): void {
    if (this.settled) listener(this);
    else this.listeners.push(listener);
  }

  private settle(outcome: { ok: true; value: unknown } | { ok: false; error: unknown }): void {
    if (this.settled) return;
    this.settled = outcome;
    for (const listener of this.listeners.splice(0)) listener(this);
  }

  /** Completes when every child has; fails with the first failed child in input order (as DTFx WhenAll). */
  static all(children: readonly SimTask[]): SimTask {
    const parent = new SimTask();
    let remaining = children.length;
    if (remaining === 0) parent.complete([]);
    for (const child of children) {
      child.onDone(() => {
        if (--remaining > 0) return;
        const failed = children.find((c) => !c.outcome.ok);
        if (failed) parent.fail((failed.outcome as { error: unknown }).error);
        else parent.complete(children.map((c) => (c.outcome as { value: unknown }).value));
      });
    }
    return parent;
  }

  /** Completes with the first child to finish: its value with its index, or its failure. */
  static any(children: readonly SimTask[]): SimTask {
    const parent = new SimTask();
    children.forEach((child, index) =>
      child.onDone(() => {
        const outcome = child.outcome;
        if (outcome.ok) parent.complete({ index, value: outcome.value });
        else parent.fail(outcome.error);
      }),
    );
    return parent;
  }
}
