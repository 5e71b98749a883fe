import { EventEmitter } from 'node:events';
import { stopOnSignals } from './graceful-shutdown.js';

function fakeProcess() {
  const emitter = new EventEmitter();
  return { target: emitter as unknown as Pick<NodeJS.Process, 'on' | 'removeListener'>, emit: (signal: string) => emitter.emit(signal, signal) };
}

describe('stopOnSignals', () => {
  it('stops once on SIGTERM, then exits 0', async () => {
    const proc = fakeProcess();
    const exits: number[] = [];
    let stops = 0;
    let finishStop!: () => void;
    stopOnSignals(
      () => {
        stops++;
        return new Promise<void>((resolve) => (finishStop = resolve));
      },
      { target: proc.target, exit: (code) => exits.push(code), log: () => undefined },
    );

    proc.emit('SIGTERM');
    expect(stops).toBe(1);
    expect(exits).toEqual([]); // still finishing in-flight work
    finishStop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(exits).toEqual([0]);
  });

  it('exits 130 at once when the same signal comes again while stopping', () => {
    const proc = fakeProcess();
    const exits: number[] = [];
    stopOnSignals(() => new Promise<void>(() => undefined), { target: proc.target, exit: (code) => exits.push(code), log: () => undefined });
    proc.emit('SIGINT');
    proc.emit('SIGINT');
    expect(exits).toEqual([130]);
  });

  it('keeps stopping gracefully when SIGTERM follows SIGINT, as under nx serve', () => {
    const proc = fakeProcess();
    const exits: number[] = [];
    let stops = 0;
    stopOnSignals(
      () => {
        stops++;
        return new Promise<void>(() => undefined);
      },
      { target: proc.target, exit: (code) => exits.push(code), log: () => undefined },
    );
    proc.emit('SIGINT');
    proc.emit('SIGTERM');
    expect(stops).toBe(1);
    expect(exits).toEqual([]);
  });

  it('exits 1 and says why when stopping fails', async () => {
    const proc = fakeProcess();
    const exits: number[] = [];
    const lines: string[] = [];
    stopOnSignals(async () => Promise.reject(new Error('stream stuck')), {
      target: proc.target,
      exit: (code) => exits.push(code),
      log: (line) => lines.push(line),
    });
    proc.emit('SIGTERM');
    await new Promise((resolve) => setImmediate(resolve));
    expect(exits).toEqual([1]);
    expect(lines).toContain('Shutdown failed: stream stuck');
  });
});
