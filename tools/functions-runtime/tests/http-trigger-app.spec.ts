import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFunctionsRuntime, type FunctionsRuntime } from '../src/functions-runtime.js';

const appDir = path.join(import.meta.dirname, 'fixtures/http-app');

describe('a Functions v4 app with HTTP triggers, run by functions-runtime', () => {
  let runtime: FunctionsRuntime;
  const lines: string[] = [];

  beforeAll(async () => {
    runtime = await startFunctionsRuntime({
      appDir,
      port: 0,
      log: (level, message) => lines.push(`${level}: ${message}`),
      timerStatusFolder: mkdtempSync(path.join(tmpdir(), 'timer-status-')),
    });
  });
  afterAll(() => runtime?.stop());

  const url = (p: string) => `${runtime.origin}${p}`;

  it('captures every registration through the @azure/functions-core shim', () => {
    expect(runtime.app.registry.functions.map((f) => f.metadata.name)).toEqual([
      'hello', 'echo', 'json', 'boom', 'nothing', 'catchAll', 'nightly', 'onQueue', 'queueMessages', 'audited',
    ]);
    expect(runtime.app.programmingModel.name).toBe('@azure/functions');
  });

  it('prints the function list like func start, with methods and URLs', () => {
    const output = lines.join('\n');
    expect(output).toContain(`hello: [GET] ${runtime.origin}/api/hello/{name:alpha}/{id:int?}`);
    expect(output).toContain(`echo: [POST,PUT] ${runtime.origin}/api/echo`);
    expect(output).toContain('nightly: timerTrigger');
  });

  it('names a trigger type it does not run and an output binding it does not write, once each, at start-up', () => {
    expect(lines.filter((l) => l.includes("trigger type 'queueTrigger'"))).toEqual([
      expect.stringMatching(/^warn: Function 'onQueue': trigger type 'queueTrigger' is not run by functions-runtime .*POST \/admin\/functions\/onQueue/),
    ]);
    expect(lines.filter((l) => l.includes('output binding'))).toEqual([
      expect.stringMatching(/^warn: Function 'audited': output binding 'queueOutput\w+' \(queue\) is not written by functions-runtime/),
    ]);
    expect(lines.filter((l) => l.includes("'nightly'") && l.startsWith('warn'))).toEqual([]);
  });

  it('matches route templates with constraints and optional parameters, query and headers', async () => {
    const response = await fetch(url('/api/hello/Tokyo/42?q=a&q=b'), { headers: { 'x-test': 'yes' } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    // The host passes a repeated query key as one value joined with ',' (ASP.NET StringValues).
    expect(body).toMatchObject({ name: 'Tokyo', id: '42', q: ['a,b'], header: 'yes' });
    const withoutId = (await (await fetch(url('/api/hello/Seattle'))).json()) as Record<string, unknown>;
    expect(withoutId).toMatchObject({ name: 'Seattle', id: null });
  });

  it('answers 404 when a constraint or the method does not match', async () => {
    expect((await fetch(url('/api/hello/123'))).status).toBe(404);
    expect((await fetch(url('/api/hello/Tokyo/notanumber'))).status).toBe(404);
    expect((await fetch(url('/api/echo'), { method: 'GET' })).status).toBe(404);
  });

  it('answers 404 for an unknown route', async () => {
    expect((await fetch(url('/api/does-not-exist'))).status).toBe(404);
    expect((await fetch(url('/elsewhere'))).status).toBe(404);
  });

  it('round-trips a binary body with status, headers and cookies', async () => {
    const payload = Buffer.from([0, 1, 2, 254, 255]);
    const response = await fetch(url('/api/echo'), { method: 'POST', body: payload, headers: { 'content-type': 'application/octet-stream' } });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-length')).toBe('5');
    expect(response.headers.get('set-cookie')).toContain('session=abc');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(payload);
  });

  it('parses a JSON body; function and admin keys are not enforced locally, as with func start', async () => {
    const response = await fetch(url('/api/json'), { method: 'POST', body: JSON.stringify({ a: [1, 2] }), headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: { a: [1, 2] } });
  });

  it('serves a catch-all route parameter with slashes', async () => {
    expect(await (await fetch(url('/api/files/a/b/c.txt'))).text()).toBe('a/b/c.txt');
  });

  it('answers 500 when the handler throws and logs the error', async () => {
    const response = await fetch(url('/api/boom'));
    expect(response.status).toBe(500);
    expect(lines.join('\n')).toMatch(/Executed 'Functions\.boom' \(Failed[\s\S]*handler exploded/);
  });

  it('runs appStart, preInvocation and postInvocation hooks', async () => {
    const body = (await (await fetch(url('/api/hello/Tokyo'))).json()) as Record<string, unknown>;
    expect(body.hook).toBe('app-started');
    const replaced = await fetch(url('/api/nothing'));
    expect(replaced.status).toBe(202);
    expect(await replaced.text()).toBe('set by postInvocation hook');
  });

  it('forwards context.log lines from the handler', () => {
    expect(lines).toContain('info: hello Tokyo');
  });

  it('refuses registrations after start-up, as the worker does', () => {
    expect(() => runtime.app.registry.registerFunction({ name: 'late', bindings: { t: { type: 'httpTrigger', direction: 'in' } } }, () => undefined)).toThrow(
      'A function can only be registered during app startup.',
    );
  });
});
