import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor } from '@durable-hosts/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFunctionsRuntime, type FunctionsRuntime } from '../src/functions-runtime.js';

const appDir = path.join(import.meta.dirname, 'fixtures/http-app');

describe('the admin endpoints a local Functions host serves', () => {
  let runtime: FunctionsRuntime;

  beforeAll(async () => {
    runtime = await startFunctionsRuntime({ appDir, port: 0, log: () => undefined, timerStatusFolder: mkdtempSync(path.join(tmpdir(), 'timer-status-')) });
  });
  afterAll(() => runtime?.stop());

  const url = (p: string) => `${runtime.origin}${p}`;

  it('GET /admin/host/status answers 200 with state Running, as harnesses wait on it', async () => {
    const response = await fetch(url('/admin/host/status'));
    expect(response.status).toBe(200);
    const status = (await response.json()) as Record<string, unknown>;
    expect(status).toMatchObject({ state: 'Running', version: expect.stringMatching(/^4\./) });
    expect(status.id).toMatch(/^[a-z0-9-]{1,32}$/);
    expect(status.processUptime).toBeGreaterThan(0);
  });

  it('GET and POST /admin/host/ping answer 200', async () => {
    expect((await fetch(url('/admin/host/ping'))).status).toBe(200);
    expect((await fetch(url('/admin/host/ping'), { method: 'POST' })).status).toBe(200);
  });

  it('GET /admin/functions lists every function with its bindings and invoke URL template', async () => {
    const list = (await (await fetch(url('/admin/functions'))).json()) as Array<Record<string, any>>;
    expect(list.map((f) => f.name)).toContain('nightly');
    const hello = list.find((f) => f.name === 'hello')!;
    expect(hello).toMatchObject({ href: url('/admin/functions/hello'), invoke_url_template: url('/api/hello/{name:alpha}/{id:int?}'), language: 'node', isDisabled: false });
    expect(hello.config.bindings).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'httpTrigger', direction: 'in', methods: ['GET'] })]));
    const nightly = list.find((f) => f.name === 'nightly')!;
    expect(nightly.invoke_url_template).toBeNull();
    expect(nightly.config.bindings).toEqual([expect.objectContaining({ type: 'timerTrigger', schedule: '0 0 2 * * *' })]);
  });

  it('GET /admin/functions/{name} answers one function, 404 for an unknown one', async () => {
    expect(((await (await fetch(url('/admin/functions/echo'))).json()) as { name: string }).name).toBe('echo');
    expect((await fetch(url('/admin/functions/nope'))).status).toBe(404);
    expect((await fetch(url('/admin/functions/echo/status'))).status).toBe(200);
  });

  it('POST /admin/functions/{name} with {"input": ...} runs a non-HTTP function by hand and answers 202', async () => {
    const response = await fetch(url('/admin/functions/onQueue'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input: 'job-1' }) });
    expect(response.status).toBe(202);
    const messages = await waitFor(async () => {
      const received = (await (await fetch(url('/api/queueMessages'))).json()) as unknown[];
      return received.length > 0 ? received : undefined;
    });
    expect(messages).toEqual(['job-1']);
  });

  it('runs a timer function by hand', async () => {
    expect((await fetch(url('/admin/functions/nightly'), { method: 'POST', body: '{}' })).status).toBe(202);
  });

  it('answers 400 without a JSON body, 404 for an unknown function, 400 for an HTTP function', async () => {
    expect((await fetch(url('/admin/functions/onQueue'), { method: 'POST' })).status).toBe(400);
    expect((await fetch(url('/admin/functions/nope'), { method: 'POST', body: '{}' })).status).toBe(404);
    const http = await fetch(url('/admin/functions/hello'), { method: 'POST', body: '{}' });
    expect(http.status).toBe(400);
    expect(((await http.json()) as { error: string }).error).toContain('HTTP function');
  });

  it('answers 404 for admin paths it does not serve', async () => {
    expect((await fetch(url('/admin/host/nothing'))).status).toBe(404);
  });
});
