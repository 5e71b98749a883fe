import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createConsoleLogger } from './runtime-logger.js';

function recorder(): { stream: Writable; writes: string[] } {
  const writes: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      writes.push(chunk.toString());
      done();
    },
  });
  return { stream, writes };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('the console logger', () => {
  it('writes the info lines of one event-loop turn at once, each with its timestamp', async () => {
    const out = recorder();
    const log = createConsoleLogger(out.stream, recorder().stream);
    log('info', "Executing 'Functions.say_hello' (Reason='(null)', Id=1)");
    log('info', "Executed 'Functions.say_hello' (Succeeded, Id=1, Duration=0ms)");
    expect(out.writes).toEqual([]);
    await nextTurn();
    expect(out.writes).toHaveLength(1);
    expect(out.writes[0]).toMatch(
      /^\[\d{4}-\d\d-\d\dT[\d:.]+Z\] Executing 'Functions\.say_hello'.*\n\[[^\]]+\] Executed 'Functions\.say_hello'.*\n$/,
    );
  });

  it('flushes pending info lines before a warning or error goes to stderr', () => {
    const order: string[] = [];
    const tagged = (tag: string) =>
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          order.push(
            `${tag} ${chunk
              .toString()
              .replace(/^\[[^\]]+\] /, '')
              .trim()}`,
          );
          done();
        },
      });
    const log = createConsoleLogger(tagged('stdout'), tagged('stderr'));
    log('info', 'Connected to DTS');
    log('error', 'Orchestration work item failed');
    expect(order).toEqual(['stdout Connected to DTS', 'stderr Orchestration work item failed']);
  });
});
