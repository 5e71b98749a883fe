// The dashboard's JSON API fed bad input: invalid JSON, JSON of the wrong shape or types, bodies over
// its limit, unknown routes and task hubs, methods it does not take, nonsense query values, and a burst
// of all of it. Each gets a 4xx with an `error` message; nothing changes; the server stays up.
import http from 'node:http';
import { newClient, startEmulator, type EmulatorProcess } from '../support/dts-fixture.js';

describe('the dashboard API given bad input', () => {
  let emulator: EmulatorProcess;

  beforeAll(async () => {
    emulator = await startEmulator();
  });

  afterAll(async () => {
    await emulator?.stop();
  });

  function call(method: string, path: string, body?: string | Buffer, type = 'application/json'): Promise<{ status: number; body: string; allow?: string }> {
    return new Promise((resolve, reject) => {
      const origin = `http://127.0.0.1:${emulator.dashboardPort}`;
      const req = http.request(
        {
          host: '127.0.0.1',
          port: emulator.dashboardPort,
          method,
          path,
          agent: false,
          headers: {
            host: `127.0.0.1:${emulator.dashboardPort}`,
            origin,
            'content-type': type,
            // Node sends DELETE bodies without a length unless told; say it, so the body is the body.
            ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body: text, allow: res.headers.allow }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  const start = (body: string | Buffer) => call('POST', '/api/v1/taskhubs/default/orchestrations', body);

  it.each([
    ['invalid JSON', '{"name": ', /not valid JSON/],
    ['a JSON array', '["chaining"]', /must be a JSON object/],
    ['a number for the name', '{"name": 5}', /'name' must be a string, got 5/],
    ['no name', '{"input": "\\"x\\""}', /'name' is required/],
    ['input that is not JSON text', '{"name": "x", "input": "Seattle"}', /'input' must be JSON text/],
    ['tags that are not strings', '{"name": "x", "tags": {"a": 1}}', /'tags' must be an object of string values/],
    ['a reserved instance id', '{"name": "x", "instanceId": "@entity@1"}', /reserved for entities/],
    ['an instance id over 100 characters', JSON.stringify({ name: 'x', instanceId: 'i'.repeat(101) }), /the limit is 100/],
  ])('refuses a start with %s (400) and creates nothing', async (_what, body, message) => {
    const before = await call('GET', '/api/v1/taskhubs/default/orchestrations');
    const answer = await start(body);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error).toMatch(message);
    const after = await call('GET', '/api/v1/taskhubs/default/orchestrations');
    expect(after.body).toBe(before.body);
  });

  it('refuses a body over its limit with 413', async () => {
    const answer = await start(Buffer.from(JSON.stringify({ name: 'x', input: JSON.stringify('y'.repeat(3 * 1024 * 1024)) })));
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error).toMatch(/larger than/);
  });

  it.each([
    ['with its length declared', true],
    ['sent chunked', false],
  ])('answers an oversized body %s with 413 on a keep-alive connection, and the client carries on', async (_how, declared) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const origin = `http://127.0.0.1:${emulator.dashboardPort}`;
    const send = (method: string, path: string, body?: Buffer): Promise<{ status: number; connection?: string; body: string }> =>
      new Promise((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port: emulator.dashboardPort,
            method,
            path,
            agent,
            headers: {
              origin,
              'content-type': 'application/json',
              ...(body && declared ? { 'content-length': String(body.length) } : {}),
            },
          },
          (res) => {
            let text = '';
            res.on('data', (d: Buffer) => (text += d.toString()));
            res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, body: text }));
          },
        );
        req.on('error', reject);
        if (body && !declared) {
          // Several writes without a length: chunked transfer encoding.
          for (let i = 0; i < body.length; i += 256 * 1024) req.write(body.subarray(i, i + 256 * 1024));
          req.end();
        } else {
          req.end(body);
        }
      });
    try {
      const big = Buffer.from(JSON.stringify({ name: 'x', input: 'y'.repeat(3 * 1024 * 1024) }));
      const refused = await send('POST', '/api/v1/taskhubs/default/orchestrations', big);
      expect(refused.status).toBe(413);
      expect(refused.connection).toBe('close');
      expect(JSON.parse(refused.body).error).toMatch(/larger than/);
      const next = await send('GET', '/api/v1/health');
      expect(next.status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it.each([
    ['GET', '/api/v1/nope'],
    ['GET', '/api/v2/taskhubs'],
    ['GET', '/api/v1/taskhubs/no-such-hub/orchestrations'],
    ['POST', '/api/v1/taskhubs/default/orchestrations/x/explode'],
    ['POST', '/api/v1/taskhubs/default/orchestrations/never-created/terminate'],
  ])('answers %s %s with 404 and a reason', async (method, path) => {
    const answer = await call(method, path, method === 'POST' ? '{}' : undefined);
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body).error).toBeTruthy();
  });

  it.each(['PUT', 'DELETE', 'PATCH'])('refuses %s on the API with 405, a reason and the methods it takes', async (method) => {
    const answer = await call(method, '/api/v1/taskhubs/default/orchestrations', '{}');
    expect(answer.status, answer.body).toBe(405);
    expect(JSON.parse(answer.body).error).toMatch(/not supported/);
    expect(answer.allow).toBe('GET, HEAD, POST');
  });

  it('refuses a read of an action route with 405 and Allow: POST', async () => {
    const answer = await call('GET', '/api/v1/taskhubs/default/orchestrations/some-id/terminate');
    expect(answer.status, answer.body).toBe(405);
    expect(answer.allow).toBe('POST');
  });

  it.each([
    ['terminate', '{"recursive": "yes"}', /^'recursive' must be true or false, got "yes"\.$/],
    ['suspend', '{"reason": 42}', /^'reason' must be a string, got 42\.$/],
    ['raise-event', '{"data": "1"}', /^'name' is required\.$/],
    ['raise-event', '{"name": "   "}', /^'name' is required\.$/],
    ['raise-event', '{"name": "go", "data": "{oops"}', /^'data' must be JSON text/],
  ])('refuses %s with the body %s, naming the field and what was wrong', async (action, body, message) => {
    const id = `bad-body-${action}`;
    await start(JSON.stringify({ name: 'waits_forever', instanceId: id }));
    const answer = await call('POST', `/api/v1/taskhubs/default/orchestrations/${id}/${action}`, body);
    expect(answer.status, answer.body).toBe(400);
    expect(JSON.parse(answer.body).error).toMatch(message);
    const after = JSON.parse((await call('GET', `/api/v1/taskhubs/default/orchestrations/${id}`)).body);
    expect(after.runtimeStatus).toBe('Pending');
  });

  it('refuses a purge by filter whose statuses are not a list of strings', async () => {
    const answer = await call('POST', '/api/v1/taskhubs/default/purge', '{"statuses": "Completed"}');
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error).toBe(`'statuses' must be an array of strings, got "Completed".`);
  });

  it('never answers 5xx to nonsense query values', async () => {
    for (const query of ['pageSize=-5', 'pageSize=lots', 'status=Bogus', 'createdFrom=yesterday', 'continuationToken=%00%ff', 'order=sideways']) {
      const answer = await call('GET', `/api/v1/taskhubs/default/orchestrations?${query}`);
      expect(answer.status, query).toBeLessThan(500);
    }
  });

  it('survives 300 bad requests at once and still starts orchestrations', async () => {
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? start('{') : i % 3 === 1 ? call('GET', `/api/v1/x${i}`) : call('PATCH', '/api/v1/taskhubs'))),
    );
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    const ok = await start(JSON.stringify({ name: 'after_the_storm', instanceId: 'after-storm' }));
    expect(ok.status).toBe(201);
    const client = newClient(emulator);
    try {
      expect((await client.getOrchestrationState('after-storm'))?.name).toBe('after_the_storm');
    } finally {
      await client.stop();
    }
  });
});
