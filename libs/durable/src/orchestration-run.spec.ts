import { defineActivity, defineOrchestration, OrchestrationRun, type OrchestrationHost } from './index.js';

const echo = defineActivity('echo', (value: string) => value);

function host(overrides: Partial<OrchestrationHost> = {}): OrchestrationHost {
  return {
    instanceId: 'i-1',
    currentUtcDateTime: () => new Date('2026-01-01T00:00:00Z'),
    isReplaying: () => false,
    newGuid: () => 'guid',
    setCustomStatus: () => undefined,
    signalEntity: () => undefined,
    releaseLocks: () => undefined,
    ...overrides,
  };
}

describe('OrchestrationRun', () => {
  it('yields one Command at a time and resumes the body with each result', () => {
    const twice = defineOrchestration('twice', function* (ctx, input: string) {
      const a = yield* ctx.callActivity(echo, `${input}-1`);
      const b = yield* ctx.callActivity(echo, `${input}-2`);
      return `${a}|${b}`;
    });
    const run = new OrchestrationRun(twice, host(), 'x');
    expect(run.start()).toEqual({
      kind: 'schedule',
      command: { kind: 'activity', name: 'echo', input: 'x-1' },
    });
    expect(run.resume('A')).toEqual({
      kind: 'schedule',
      command: { kind: 'activity', name: 'echo', input: 'x-2' },
    });
    expect(run.resume('B')).toEqual({ kind: 'completed', output: 'A|B' });
  });

  it('throws failures into the body so try/catch works, and lets uncaught ones escape', () => {
    const guarded = defineOrchestration('guarded', function* (ctx) {
      try {
        return yield* ctx.callActivity(echo, 'a');
      } catch (error) {
        return `caught ${(error as Error).message}`;
      }
    });
    const caught = new OrchestrationRun(guarded, host(), undefined);
    caught.start();
    expect(caught.fail(new Error('nope'))).toEqual({ kind: 'completed', output: 'caught nope' });

    const unguarded = defineOrchestration('unguarded', function* (ctx) {
      return yield* ctx.callActivity(echo, 'a');
    });
    const escaped = new OrchestrationRun(unguarded, host(), undefined);
    escaped.start();
    expect(() => escaped.fail(new Error('boom'))).toThrow('boom');
  });

  it('ends the execution at continueAsNew, ignoring what follows', () => {
    let after = false;
    const again = defineOrchestration('again', function* (ctx, n: number) {
      yield* ctx.continueAsNew(n + 1);
      after = true;
      return n;
    });
    expect(new OrchestrationRun(again, host(), 1).start()).toEqual({ kind: 'continuedAsNew', input: 2 });
    expect(after).toBe(false);
  });

  it('resolves an empty all at once without asking the host', () => {
    const none = defineOrchestration('none', function* (ctx) {
      return yield* ctx.all([]);
    });
    expect(new OrchestrationRun(none, host(), undefined).start()).toEqual({ kind: 'completed', output: [] });
  });

  it('rejects a plain yield of something that is not a Command, saying how to fix it', () => {
    const wrong = defineOrchestration('wrong', function* () {
      yield 42 as never;
      return 1;
    });
    expect(() => new OrchestrationRun(wrong, host(), undefined).start()).toThrow(
      /Orchestration 'wrong' yielded 42, not a Command\. Use yield\*/,
    );
  });

  it('computes relative timers from the replay-safe clock and reads context values from the host', () => {
    const timed = defineOrchestration('timed', function* (ctx) {
      ctx.setCustomStatus('waiting');
      yield* ctx.createTimer({ hours: 1, minutes: 30 });
      return [ctx.instanceId, ctx.newGuid(), ctx.isReplaying];
    });
    const statuses: unknown[] = [];
    const run = new OrchestrationRun(
      timed,
      host({ setCustomStatus: (v) => statuses.push(v), isReplaying: () => true }),
      undefined,
    );
    expect(run.start()).toEqual({
      kind: 'schedule',
      command: { kind: 'timer', fireAt: new Date('2026-01-01T01:30:00Z') },
    });
    expect(run.resume(undefined)).toEqual({ kind: 'completed', output: ['i-1', 'guid', true] });
    expect(statuses).toEqual(['waiting']);
  });

  it('suppresses log lines while replaying', () => {
    const logs: string[] = [];
    let replaying = true;
    const chatty = defineOrchestration('chatty', function* (ctx) {
      ctx.logger.info('start');
      yield* ctx.createTimer({ seconds: 1 });
      ctx.logger.warn('after timer');
      return null;
    });
    const run = new OrchestrationRun(
      chatty,
      host({ isReplaying: () => replaying, log: (e) => logs.push(`${e.level}:${e.message}`) }),
      undefined,
    );
    run.start();
    replaying = false;
    run.resume(undefined);
    expect(logs).toEqual(['warn:after timer']);
  });
});
