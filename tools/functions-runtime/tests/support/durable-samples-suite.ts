// The durable-samples-app fixture (a durable-functions v3 app written as the SDK's samples write one) on a given
// durable-functions version, driven over HTTP only, as a user's harness would: its own HTTP starters and client
// endpoints, the Durable webhooks behind the check-status links, and a local HTTP server its callHttp calls.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator, waitFor, type EmulatorProcess } from '@durable-hosts/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntimeProcess, type RuntimeProcess } from './runtime-process.js';
import { copyFixtureApp } from './temp-app.js';

interface CheckStatus {
  id: string;
  statusQueryGetUri: string;
  sendEventPostUri: string;
  terminatePostUri: string;
  rewindPostUri: string;
  purgeHistoryDeleteUri: string;
  restartPostUri: string;
  suspendPostUri: string;
  resumePostUri: string;
}

interface Status {
  name: string;
  instanceId: string;
  runtimeStatus: string;
  input: unknown;
  output: unknown;
  customStatus: unknown;
}

interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

export interface SamplesSuiteOptions {
  /** The folder under the workspace node_modules that plays durable-functions (default: the workspace's). */
  readonly durableFunctions?: string;
  /** `context.df.lock` came with durable-functions 3.5 (OOProc schema V4). */
  readonly criticalSections: boolean;
  /** The client's suspend/resume came after 3.0; without them the check-status links do it. */
  readonly clientSuspendResume: boolean;
}

export function describeDurableSamplesApp(expectedVersion: string, options: SamplesSuiteOptions): void {
  describe(`durable-samples-app on durable-functions ${expectedVersion}`, () => {
    let emulator: EmulatorProcess;
    let runtime: RuntimeProcess;
    let api: { server: Server; origin: string };
    let elsewhere: { server: Server; origin: string };
    const seen: SeenRequest[] = [];
    const jobPolls = new Map<string, number>();

    beforeAll(async () => {
      // The service callHttp talks to: a plain endpoint, a redirect, and long-running jobs behind 202 + Location.
      elsewhere = await listen((request, response) => {
        seen.push({ method: request.method ?? '', url: `elsewhere${request.url}`, headers: request.headers });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"state":"done elsewhere"}');
      });
      api = await listen((request, response) => {
        seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
        const job = /^\/jobs\/(\w+)\/status$/.exec(request.url ?? '')?.[1];
        if (request.url === '/weather') response.writeHead(200, { 'content-type': 'application/json', 'x-served-by': 'weather' }).end('{"sky":"clear"}');
        else if (request.url === '/old-weather') response.writeHead(302, { location: '/weather' }).end();
        else if (request.url?.startsWith('/jobs?key=')) {
          response.writeHead(202, { location: `/jobs/${request.url.slice('/jobs?key='.length)}/status`, 'retry-after': '1' }).end();
        } else if (request.url?.startsWith('/jobs-elsewhere')) response.writeHead(202, { location: `${elsewhere.origin}/status`, 'retry-after': '1' }).end();
        else if (job) {
          const polls = (jobPolls.get(job) ?? 0) + 1;
          jobPolls.set(job, polls);
          if (polls < 2) response.writeHead(202, { location: request.url ?? '', 'retry-after': '1' }).end();
          else response.writeHead(200, { 'content-type': 'application/json' }).end(`{"job":"${job}","polls":${polls}}`);
        } else response.writeHead(404).end();
      });
      emulator = await startEmulator({ db: ':memory:' });
      const appDir = copyFixtureApp('durable-samples-app', { durableFunctions: options.durableFunctions ?? true });
      runtime = await startRuntimeProcess(appDir, { DURABLE_TASK_SCHEDULER_CONNECTION_STRING: emulator.connectionString });
    }, 60_000);
    afterAll(async () => {
      await runtime?.stop();
      await emulator?.stop();
      for (const s of [api, elsewhere]) {
        s?.server.closeAllConnections();
        s?.server.close();
      }
    });

    const url = (path: string) => `${runtime.origin}${path}`;

    async function start(name: string, input?: unknown): Promise<CheckStatus> {
      const response = await fetch(url(`/api/orchestrators/${name}`), { method: 'POST', body: input === undefined ? undefined : JSON.stringify(input) });
      expect(response.status, await response.clone().text()).toBe(202);
      const check = (await response.json()) as CheckStatus;
      expect(response.headers.get('location')).toBe(check.statusQueryGetUri);
      return check;
    }

    async function status(check: CheckStatus | string): Promise<Status> {
      const uri = typeof check === 'string' ? url(`/runtime/webhooks/durabletask/instances/${check}`) : check.statusQueryGetUri;
      return (await (await fetch(uri)).json()) as Status;
    }

    async function until(check: CheckStatus | string, done: (s: Status) => boolean, timeoutMs = 20_000): Promise<Status> {
      return waitFor(
        async () => {
          const s = await status(check);
          return done(s) ? s : undefined;
        },
        { timeoutMs, intervalMs: 100, message: `instance ${typeof check === 'string' ? check : check.id} did not get there` },
      );
    }

    const ended = (s: Status) => ['Completed', 'Failed', 'Terminated'].includes(s.runtimeStatus);
    const finished = (check: CheckStatus | string) => until(check, ended);

    async function manage(operation: string, instanceId?: string, args?: unknown): Promise<{ status: number; body: any }> {
      const response = await fetch(url(`/api/manage/${operation}${instanceId ? `/${encodeURIComponent(instanceId)}` : ''}`), {
        method: 'POST',
        body: args === undefined ? undefined : JSON.stringify(args),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    }

    it('runs the app on the version under test', async () => {
      expect(await (await fetch(url('/api/about'))).json()).toMatchObject({ durableFunctions: expectedVersion });
    });

    describe('orchestrations', () => {
      it('starts the chaining sample through the HTTP starter and completes it', async () => {
        const check = await start('helloSequence');
        expect(Object.keys(check).sort()).toEqual(
          ['id', 'purgeHistoryDeleteUri', 'restartPostUri', 'resumePostUri', 'rewindPostUri', 'sendEventPostUri', 'statusQueryGetUri', 'suspendPostUri', 'terminatePostUri'].sort(),
        );
        expect(await finished(check)).toMatchObject({ name: 'helloSequence', runtimeStatus: 'Completed', output: ['Hello Tokyo', 'Hello Seattle', 'Hello Cairo'] });
      });

      it('fans out and in, and returns the results in input order', async () => {
        const cities = ['Oslo', 'Rome', 'Lima', 'Pune'];
        expect((await finished(await start('fanOutFanIn', cities))).output).toEqual(cities.map((c) => `Hello ${c}`));
      });

      it('runs a sub-orchestration and sets a custom status', async () => {
        expect((await finished(await start('sayHelloWithSubOrchestrator', 'Accra'))).output).toBe('Hello Accra');
        expect(await finished(await start('sayHelloWithCustomStatus', 'Quito'))).toMatchObject({ output: 'Hello Quito', customStatus: 'Hello Quito' });
      });

      it('answers the synchronous starter with the output once done, and with 202 and the links when it takes longer', async () => {
        const done = await fetch(url('/api/orchestrators/wait/sayHelloWithActivity'), { method: 'POST', body: '"Kyiv"' });
        expect(done.status).toBe(200);
        expect(await done.json()).toBe('Hello Kyiv');
        const slow = await fetch(url('/api/orchestrators/wait/approvalWorkflow?timeout=1&retryInterval=0.2'), { method: 'POST', body: '{"timeoutSeconds":60}' });
        expect(slow.status).toBe(202);
        const check = (await slow.json()) as CheckStatus;
        expect(slow.headers.get('location')).toBe(check.statusQueryGetUri);
        await fetch(check.terminatePostUri.replace('{text}', 'done'), { method: 'POST' });
      });

      it('continues as new until the counter reaches three', async () => {
        expect((await finished(await start('continueAsNewCounter', 0))).output).toBe(3);
      });

      it('waits for an approval raised through sendEventPostUri', async () => {
        const check = await start('approvalWorkflow', { timeoutSeconds: 300 });
        await until(check, (s) => s.customStatus === 'waiting for approval');
        const raise = await fetch(check.sendEventPostUri.replace('{eventName}', 'Approval'), { method: 'POST', body: '"ana"', headers: { 'content-type': 'application/json' } });
        expect(raise.status).toBe(202);
        expect((await finished(check)).output).toEqual({ approved: true, by: 'ana' });
      });

      it('gives up on the approval when its durable timer fires first', async () => {
        expect((await finished(await start('approvalWorkflow', { timeoutSeconds: 1 }))).output).toEqual({ approved: false });
      });
    });

    describe('retries', () => {
      it('retries a flaky activity until it recovers', async () => {
        expect((await finished(await start('callActivityWithRetry', { failures: 2, attempts: 3 }))).output).toBe('recovered after 3 calls');
      });

      it('hands the last failure to the orchestrator once the attempts run out', async () => {
        const result = await finished(await start('callActivityWithRetry', { failures: 5, attempts: 2 }));
        expect(result).toMatchObject({ runtimeStatus: 'Completed' });
        expect(result.output).toMatch(/^gave up: .*FlakyFunction flaked \(call 2\)/);
      });

      it('retries a failing sub-orchestration under the same instance id', async () => {
        const check = await start('callSubOrchestratorWithRetry');
        expect((await finished(check)).output).toBe('recovered after 2 calls');
        expect(await status(`${check.id}:0`)).toMatchObject({ name: 'flakyChild', runtimeStatus: 'Completed' });
      });
    });

    describe('rewind', () => {
      it('rewinds a failed checkout through rewindPostUri and it completes', async () => {
        const check = await start('checkout');
        const failed = await finished(check);
        expect(failed.runtimeStatus).toBe('Failed');
        expect(JSON.stringify(failed.output)).toContain(`payment service unavailable for ${check.id}`);
        // One readable line for the failure, never the shim's raw $OutOfProcData$ state.
        expect(runtime.output()).toMatch(/Executed 'Functions\.checkout' \(Failed, Id=[\w-]+, Duration=\d+ms\)\nOrchestrator function 'checkout' failed: .*payment service unavailable/);
        expect(runtime.output()).not.toContain('$OutOfProcData$');
        expect(runtime.output().split('\n')).not.toContain('false');
        const rewind = await fetch(check.rewindPostUri.replace('{text}', 'service fixed'), { method: 'POST' });
        expect(rewind.status).toBe(202);
        expect(await until(check, (s) => s.runtimeStatus === 'Completed')).toMatchObject({ output: ['Hello stock', `charged ${check.id}`] });
      });

      it('rewinds a parent and its failed sub-orchestration', async () => {
        const check = await start('checkoutParent');
        expect((await finished(check)).runtimeStatus).toBe('Failed');
        expect((await manage('rewind', check.id, { reason: 'service fixed' })).status).toBe(202);
        const done = await until(check, (s) => s.runtimeStatus === 'Completed');
        expect(done.output).toEqual({ child: ['Hello stock', `charged ${check.id}-child`] });
      });
    });

    describe('callHttp', () => {
      it('calls a URL and hands back status, content and headers', async () => {
        const result = await finished(await start('callHttpSample', { url: `${api.origin}/weather` }));
        expect(result.output).toMatchObject({ statusCode: 200, content: '{"sky":"clear"}', headers: { 'x-served-by': 'weather' } });
      });

      it('polls a 202 Location until the job is done, with GET', async () => {
        seen.length = 0;
        const result = await finished(await start('callHttpSample', { url: `${api.origin}/jobs?key=j1`, method: 'POST', body: { size: 3 } }));
        expect(result.output).toMatchObject({ statusCode: 200, content: '{"job":"j1","polls":2}' });
        expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['POST /jobs?key=j1', 'GET /jobs/j1/status', 'GET /jobs/j1/status']);
      });

      it('answers the 202 itself when asynchronousPatternEnabled is false', async () => {
        const result = await finished(await start('callHttpSample', { url: `${api.origin}/jobs?key=j2`, method: 'POST', asynchronousPatternEnabled: false }));
        expect(result.output).toMatchObject({ statusCode: 202, headers: { location: '/jobs/j2/status' } });
      });

      it('follows a redirect without the Authorization header', async () => {
        seen.length = 0;
        const result = await finished(await start('callHttpSample', { url: `${api.origin}/old-weather`, headers: { authorization: 'Bearer secret', 'x-request': 'r1' } }));
        expect(result.output).toMatchObject({ statusCode: 200, content: '{"sky":"clear"}' });
        expect(seen.map((s) => s.url)).toEqual(['/old-weather', '/weather']);
        expect(seen[0].headers.authorization).toBe('Bearer secret');
        expect(seen[1].headers).toMatchObject({ 'x-request': 'r1' });
        expect(seen[1].headers.authorization).toBeUndefined();
      });

      it('polls a Location on another origin without the credentials', async () => {
        seen.length = 0;
        const result = await finished(await start('callHttpSample', { url: `${api.origin}/jobs-elsewhere`, method: 'POST', headers: { authorization: 'Bearer secret', 'x-request': 'r2' } }));
        expect(result.output).toMatchObject({ statusCode: 200, content: '{"state":"done elsewhere"}' });
        expect(seen.map((s) => s.url)).toEqual(['/jobs-elsewhere', 'elsewhere/status']);
        expect(seen[1].headers).toMatchObject({ 'x-request': 'r2' });
        expect(seen[1].headers.authorization).toBeUndefined();
      });
    });

    describe('entities', () => {
      it('signals a counter through the durable client and reads its state', async () => {
        const key = `c-${Date.now()}`;
        for (const amount of [5, 5]) expect((await fetch(url(`/api/counters/${key}?op=add`), { method: 'POST', body: String(amount) })).status).toBe(202);
        const state = await waitFor(async () => {
          const body = (await (await fetch(url(`/api/counters/${key}`))).json()) as { entityExists: boolean; entityState?: number };
          return body.entityState === 10 ? body : undefined;
        });
        expect(state).toEqual({ entityExists: true, entityState: 10 });
      });

      it('calls and signals an entity from an orchestration, and a failing operation reaches it as an error', async () => {
        const key = `o-${Date.now()}`;
        const result = await finished(await start('counterOrchestration', key));
        expect(result).toMatchObject({ runtimeStatus: 'Completed', output: { before: 0, after: 11 } });
        expect((result.output as { failure: string }).failure).toContain("unknown operation 'multiply'");
      });

      it('lists entities and reads one through the Durable webhooks', async () => {
        const key = `l-${Date.now()}`;
        await fetch(url(`/api/counters/${key}?op=add`), { method: 'POST', body: '7' });
        const one = await waitFor(async () => {
          const response = await fetch(url(`/runtime/webhooks/durabletask/entities/counterEntity/${key}`));
          return response.status === 200 ? response.json() : undefined;
        });
        expect(one).toBe(7);
        const list = (await (await fetch(url('/runtime/webhooks/durabletask/entities/counterEntity'))).json()) as { entityId: { key: string } }[];
        expect(list.map((e) => e.entityId.key)).toContain(key);
      });

      it('lets an entity signal another one', async () => {
        const [from, to] = [`f-${Date.now()}`, `t-${Date.now()}`];
        await fetch(url(`/api/counters/${from}?op=add`), { method: 'POST', body: '4' });
        await fetch(url(`/api/counters/${from}?op=forward`), { method: 'POST', body: JSON.stringify(to) });
        await waitFor(async () => ((await (await fetch(url(`/api/counters/${to}`))).json()) as { entityState?: number }).entityState === 4);
      });

      it('deletes an entity that destructs itself', async () => {
        const key = `d-${Date.now()}`;
        await fetch(url(`/api/counters/${key}?op=add`), { method: 'POST', body: '1' });
        await waitFor(async () => ((await (await fetch(url(`/api/counters/${key}`))).json()) as { entityExists: boolean }).entityExists);
        expect((await fetch(url(`/api/counters/${key}`), { method: 'DELETE' })).status).toBe(202);
        await waitFor(async () => !((await (await fetch(url(`/api/counters/${key}`))).json()) as { entityExists: boolean }).entityExists);
      });

      it('fails an orchestration that signals an entity the app does not have, naming the known ones', async () => {
        // Entity names are case-insensitive: the extension's EntityId lower-cases them.
        const result = await finished(await start('signalUnknownEntity'));
        expect(result.runtimeStatus).toBe('Failed');
        expect(JSON.stringify(result.output)).toContain("The function 'nosuchentity' doesn't exist, is disabled, or is not an entity function.");
        expect(JSON.stringify(result.output)).toContain("'account', 'counterEntity'");
      });
    });

    describe.runIf(options.criticalSections)('critical sections', () => {
      const balance = async (key: string) => ((await manage('readEntity', undefined, { name: 'account', key })).body as { entityState?: number }).entityState;
      async function deposit(key: string, amount: number): Promise<void> {
        await manage('signalEntity', undefined, { name: 'account', key, operation: 'deposit', input: amount });
        await waitFor(async () => (await balance(key)) === amount);
      }

      it('moves money between two locked accounts, and refuses an overdraft', async () => {
        const [a, b] = [`a-${Date.now()}`, `b-${Date.now()}`];
        await deposit(a, 100);
        expect((await finished(await start('transferFunds', { from: a, to: b, amount: 30 }))).output).toEqual({ transferred: true, balance: 70 });
        expect([await balance(a), await balance(b)]).toEqual([70, 30]);
        expect((await finished(await start('transferFunds', { from: b, to: a, amount: 500 }))).output).toEqual({ transferred: false, balance: 30, lockedWhileChecking: 2 });
      });

      it('queues a second critical section on a locked entity until the first releases it', async () => {
        const [a, b] = [`q-${Date.now()}`, `r-${Date.now()}`];
        await deposit(a, 50);
        const holder = await start('holdLockUntilEvent', a);
        await until(holder, (s) => s.customStatus === 'locked');
        const transfer = await start('transferFunds', { from: a, to: b, amount: 20 });
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        expect((await status(transfer)).runtimeStatus).toBe('Running');
        await fetch(holder.sendEventPostUri.replace('{eventName}', 'release'), { method: 'POST', body: 'null', headers: { 'content-type': 'application/json' } });
        expect((await finished(transfer)).output).toEqual({ transferred: true, balance: 30 });
        expect((await finished(holder)).output).toBe('released');
      });

      it('fails an orchestration that breaks a locking rule, with the rule, and releases its locks', async () => {
        const [locked, other] = [`v-${Date.now()}`, `w-${Date.now()}`];
        const result = await finished(await start('lockRulesViolation', { locked, other }));
        expect(result.runtimeStatus).toBe('Failed');
        expect(JSON.stringify(result.output)).toContain('Cannot call an entity from within a critical section unless it is one of the locked entities.');
        await deposit(locked, 10);
        expect((await finished(await start('transferFunds', { from: locked, to: other, amount: 10 }))).output).toEqual({ transferred: true, balance: 0 });
      });

      it('releases the locks of an orchestration that completes without releasing them', async () => {
        const key = `g-${Date.now()}`;
        expect((await finished(await start('forgetfulLocker', key))).output).toBe('done without releasing');
        await deposit(key, 5);
        expect((await finished(await start('transferFunds', { from: key, to: `${key}-2`, amount: 5 }))).output).toEqual({ transferred: true, balance: 0 });
      });
    });

    describe('management through the durable client', () => {
      it('starts with an instance id, queries by status and time, and purges', async () => {
        const id = `m-${Date.now()}`;
        const since = new Date(Date.now() - 1_000).toISOString();
        expect((await manage('start', id, { name: 'sayHelloWithActivity', input: 'Bern' })).body).toEqual({ id });
        await finished(id);
        const completed = (await manage('statusBy', undefined, { runtimeStatus: ['Completed'], createdTimeFrom: since })).body as { instanceId: string }[];
        expect(completed.map((s) => s.instanceId)).toContain(id);
        expect((await manage('statusAll')).body).toContain(id);
        expect((await manage('status', id)).body).toMatchObject({ instanceId: id, runtimeStatus: 'Completed', input: 'Bern', output: 'Hello Bern' });
        expect((await manage('purge', id)).body).toEqual({ instancesDeleted: 1 });
        expect((await fetch(url(`/runtime/webhooks/durabletask/instances/${id}`))).status).toBe(404);
      });

      it('suspends, resumes and terminates a running instance', async () => {
        const check = await start('approvalWorkflow', { timeoutSeconds: 300 });
        const { id } = check;
        const suspendOrResume = async (operation: 'suspend' | 'resume') =>
          options.clientSuspendResume
            ? (await manage(operation, id)).status
            : (await fetch(check[`${operation}PostUri`].replace('{text}', 'by the harness'), { method: 'POST' })).status;
        await until(id, (s) => s.runtimeStatus === 'Running');
        expect(await suspendOrResume('suspend')).toBe(202);
        await until(id, (s) => s.runtimeStatus === 'Suspended');
        expect(await suspendOrResume('resume')).toBe(202);
        await until(id, (s) => s.runtimeStatus === 'Running');
        expect((await manage('terminate', id, { reason: 'no longer needed' })).status).toBe(202);
        expect(await until(id, ended)).toMatchObject({ runtimeStatus: 'Terminated', output: 'no longer needed' });
      });

      it('raises an event through the client', async () => {
        const id = (await start('approvalWorkflow', { timeoutSeconds: 300 })).id;
        await until(id, (s) => s.customStatus === 'waiting for approval');
        expect((await manage('raiseEvent', id, { eventName: 'Approval', eventData: 'bo' })).status).toBe(202);
        expect((await finished(id)).output).toEqual({ approved: true, by: 'bo' });
      });

      it('restarts a finished instance through restartPostUri', async () => {
        const check = await start('sayHelloWithActivity', 'Riga');
        await finished(check);
        const restart = await fetch(check.restartPostUri, { method: 'POST' });
        expect(restart.status).toBe(202);
        const again = (await restart.json()) as CheckStatus;
        expect(again.id).not.toBe(check.id);
        expect(await finished(again)).toMatchObject({ name: 'sayHelloWithActivity', input: 'Riga', output: 'Hello Riga' });
      });

      it('passes on the errors the extension answers: unknown instance, rewind of a completed one', async () => {
        const unknown = await manage('status', 'no-such-instance');
        expect(unknown.status).toBe(500);
        expect(unknown.body.error).toContain('Durable Functions extension replied with HTTP 404 response');
        expect((await manage('raiseEvent', 'no-such-instance', { eventName: 'Approval' })).body.error).toBe("No instance with ID 'no-such-instance' found.");
        const { id } = await start('sayHelloWithActivity', 'Baku');
        await finished(id);
        // 410 Gone: the client takes it as done for terminate; for rewind 3.0 words its own message, later ones pass the extension's on.
        expect((await manage('terminate', id)).status).toBe(202);
        const refused = (await manage('rewind', id)).body.error as string;
        expect([
          'The rewind operation is only supported on failed orchestration instances.',
          `The operation failed with an unexpected status code: 410. Details: "Cannot rewind the orchestration instance ${id} because instance is in the Completed state."`,
        ]).toContain(refused);
      });
    });

    describe('timer starter', () => {
      it('starts the scheduled singleton once at start-up', async () => {
        expect(await until('nightly-report', (s) => s.runtimeStatus === 'Completed')).toMatchObject({ name: 'helloSequence', output: ['Hello Tokyo', 'Hello Seattle', 'Hello Cairo'] });
        expect(runtime.output()).toContain("Started orchestration with ID = 'nightly-report' (past due: false).");
      });
    });
  });
}

async function listen(handler: (request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse) => void): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => handler(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
