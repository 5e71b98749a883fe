import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process.js';
import { copyFixtureApp } from '../support/temp-app.js';

// The app `func init --worker-runtime node --language javascript` + `func new` (HTTP trigger, Timer trigger)
// scaffold: main "src/{index.js,functions/*.js}", src/index.js turning on HTTP streams.
describe('an app as func init and func new scaffold it', () => {
  let runtime: RuntimeProcess;
  beforeAll(async () => {
    runtime = await startRuntimeProcess(copyFixtureApp('func-init-app'));
  });
  afterAll(() => runtime?.stop());

  it('loads index.js and every function file through the main glob and lists them', () => {
    expect(runtime.output()).toContain(`httpTrigger1: [GET,POST] ${runtime.origin}/api/httpTrigger1`);
    expect(runtime.output()).toContain('timerTrigger1: timerTrigger');
    expect(runtime.output()).toMatch(/The next 5 occurrences of the 'timerTrigger1' schedule \(Cron: '0 \*\/5 \* \* \* \*'\) will be:\n(\S+:\d0:00\.000Z\n|\S+:\d5:00\.000Z\n){4}/);
  });

  it('answers the HTTP template with the query, and with the body', async () => {
    expect(await (await fetch(`${runtime.origin}/api/httpTrigger1?name=Functions`)).text()).toBe('Hello, Functions!');
    expect(await (await fetch(`${runtime.origin}/api/httpTrigger1`, { method: 'POST', body: 'Tokyo' })).text()).toBe('Hello, Tokyo!');
    expect(await (await fetch(`${runtime.origin}/api/httpTrigger1`)).text()).toBe('Hello, world!');
  });

  it('says which host.json settings it does not apply', () => {
    expect(runtime.output()).toContain('host.json "logging.applicationInsights" is not applied by functions-runtime.');
  });

  it('runs the timer template by hand through the admin API and logs its line', async () => {
    expect((await fetch(`${runtime.origin}/admin/functions/timerTrigger1`, { method: 'POST', body: '{"input": ""}' })).status).toBe(202);
    await expect.poll(() => runtime.output(), { timeout: 5000 }).toContain('Timer function processed request.');
  });
});
