import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process.js';
import { copyFixtureApp } from '../support/temp-app.js';

describe('an app with app.setup({ enableHttpStream: true })', () => {
  let runtime: RuntimeProcess;
  beforeAll(async () => {
    runtime = await startRuntimeProcess(copyFixtureApp('http-stream-app'));
  });
  afterAll(() => runtime?.stop());
  const url = (p: string) => `${runtime.origin}${p}`;

  it('streams a request body to the function', async () => {
    const payload = randomBytes(3 * 1024 * 1024);
    const chunks = [payload.subarray(0, 1024 * 1024), payload.subarray(1024 * 1024)];
    const body = new ReadableStream({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const response = await fetch(url('/api/upload'), { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ bytes: payload.length, sha256: createHash('sha256').update(payload).digest('hex') });
  });

  it('streams a response body: the first chunk arrives before the function has written the last', async () => {
    const response = await fetch(url('/api/ticker'));
    expect(response.headers.get('content-type')).toBe('text/plain');
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('first\n');
    expect((await fetch(url('/api/release'), { method: 'POST' })).status).toBe(204);
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
    expect(rest).toBe('last\n');
  });

  it('gives route and query values in request.params, as the host binding data does, with headers and cookies', async () => {
    const response = await fetch(url('/api/items/7?q=a&q=b'), { headers: { 'x-test': 'yes' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-item')).toBe('7');
    expect(response.headers.get('set-cookie')).toContain('seen=7');
    expect(await response.json()).toEqual({ params: { id: '7', q: 'a,b' }, q: ['a', 'b'], header: 'yes', url: url('/api/items/7?q=a&q=b') });
  });

  it('answers 500 when the handler throws, and 404 for unknown routes', async () => {
    expect((await fetch(url('/api/broken'))).status).toBe(500);
    expect((await fetch(url('/api/nothing-here'))).status).toBe(404);
    await expect.poll(() => runtime.output()).toContain('stream handler exploded');
  });
});
