// What an app sees of the host's protocol, whichever @azure/functions version it pins: run on a temp app whose
// node_modules/@azure/functions is that version (an npm alias in the runtime's devDependencies).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { waitFor } from '@durable-hosts/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntimeProcess, type RuntimeProcess } from './runtime-process.js';
import { createTempApp } from './temp-app.js';

const APP = `
const { app } = require('@azure/functions');
const timers = [];
app.http('echo', {
  methods: ['GET', 'POST'],
  authLevel: 'function',
  route: 'echo/{id:int}/{rest?}',
  handler: async (request, context) => ({
    jsonBody: {
      method: request.method,
      url: request.url,
      query: Object.fromEntries(request.query.entries()),
      params: request.params,
      header: request.headers.get('x-test'),
      body: await request.text(),
      version: require('@azure/functions/package.json').version,
    },
  }),
});
app.timer('onStart', { schedule: '0 0 0 * * *', runOnStartup: true, useMonitor: false, handler: (timer) => { timers.push({ name: 'onStart', timer }); } });
app.timer('hourly', { schedule: '0 0 * * * *', handler: (timer) => { timers.push({ name: 'hourly', timer }); } });
app.get('timers', { authLevel: 'anonymous', handler: () => ({ jsonBody: timers }) });
`;

export function describeLibraryVersion(packageFolder: string, expectedVersion: string): void {
  describe(`@azure/functions ${expectedVersion}`, () => {
    let runtime: RuntimeProcess;
    let appDir: string;
    const statusFile = () => path.join(appDir, 'node_modules/.cache/functions-runtime/timer-status/hourly.json');
    beforeAll(async () => {
      appDir = createTempApp(
        { 'package.json': JSON.stringify({ name: 'app', main: 'index.js' }), 'host.json': '{"version": "2.0"}', 'index.js': APP },
        { azureFunctions: packageFolder },
      );
      // The hourly timer last ran three hours ago: its next occurrence has passed, so it is past due at start-up.
      const hour = 3600_000;
      const last = new Date(Math.floor(Date.now() / hour) * hour - 3 * hour);
      const next = new Date(last.getTime() + hour);
      mkdirSync(path.dirname(statusFile()), { recursive: true });
      writeFileSync(statusFile(), JSON.stringify({ Last: last.toISOString(), Next: next.toISOString(), LastUpdated: last.toISOString() }));
      runtime = await startRuntimeProcess(appDir);
    }, 60_000);
    afterAll(() => runtime?.stop());

    it('is the version under test', async () => {
      const body = (await (await fetch(`${runtime.origin}/api/echo/1`)).json()) as { version: string };
      expect(body.version).toBe(expectedVersion);
    });

    it('sees query, route values, headers and body as the host sends them', async () => {
      const response = await fetch(`${runtime.origin}/api/echo/42/more?name=Tokyo&code=key`, { method: 'POST', body: 'payload', headers: { 'x-test': 'yes' } });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        method: 'POST',
        url: `${runtime.origin}/api/echo/42/more?name=Tokyo&code=key`,
        query: { name: 'Tokyo', code: 'key' },
        params: { id: '42', rest: 'more' },
        header: 'yes',
        body: 'payload',
      });
    });

    it('runs a runOnStartup timer once at start-up and a past-due timer with isPastDue, then records the run', async () => {
      const runs = await waitFor(async () => {
        const list = (await (await fetch(`${runtime.origin}/api/timers`)).json()) as Array<{ name: string; timer: Record<string, any> }>;
        return list.length >= 2 ? list : undefined;
      });
      const onStart = runs.find((r) => r.name === 'onStart')!;
      expect(onStart.timer).toEqual({ schedule: { adjustForDST: true }, scheduleStatus: null, isPastDue: false });
      const hourly = runs.find((r) => r.name === 'hourly')!;
      expect(hourly.timer).toMatchObject({ isPastDue: true, scheduleStatus: { next: expect.any(String), last: expect.any(String) } });
      const status = await waitFor(() => {
        const json = JSON.parse(readFileSync(statusFile(), 'utf8')) as { Last: string; Next: string };
        return Date.now() - new Date(json.Last).getTime() < 60_000 ? json : undefined;
      });
      expect(new Date(status.Next).getTime()).toBeGreaterThan(Date.now());
      expect(new Date(status.Next).getUTCMinutes()).toBe(0);
      expect(runtime.output()).toContain('Trigger Details: UnscheduledInvocationReason: IsPastDue');
    });
  });
}
