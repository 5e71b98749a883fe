// express-host as a real process against the real emulator, fed bad HTTP: invalid JSON, wrong content
// types, bodies over 1 MB, unknown routes, methods that no route takes, path traversal, broken URL
// encoding, and a burst of all of it at once. Every answer is a 4xx with a JSON reason; the process stays
// up and still runs Hello Cities afterwards.
import net from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { type EmulatorProcess, type HostProcess, startEmulator, startHost, waitFor } from '@durable-hosts/test-support';

const EXPRESS_MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const LISTENING = /Listening on http:\/\/127\.0\.0\.1:(\d+)/;
const WEBHOOK = '/runtime/webhooks/durabletask';

interface Answer {
  status: number;
  text: string;
  json: { Message?: string } | undefined;
}

describe('express-host given bad HTTP input', () => {
  let emulator: EmulatorProcess;
  let host: HostProcess;
  let port: number;
  let base: string;

  async function send(method: string, path: string, init: { body?: string | Uint8Array; type?: string } = {}): Promise<Answer> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: init.type ? { 'content-type': init.type } : {},
      body: init.body,
    });
    const text = await response.text();
    let json: Answer['json'];
    try {
      json = JSON.parse(text) as Answer['json'];
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json };
  }

  /** Raw bytes on a socket, for requests fetch refuses to send. */
  function rawRequest(request: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.end(request));
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
  }

  beforeAll(async () => {
    emulator = await startEmulator();
    host = startHost(EXPRESS_MAIN, { PORT: '0', DURABLE_TASK_SCHEDULER_CONNECTION_STRING: emulator.connectionString });
    port = Number((await host.waitForOutput(LISTENING))[1]);
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await host?.stop();
    await emulator?.stop();
  });

  it('listens on 127.0.0.1 only: another address of this machine refuses the connection', async () => {
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
    if (!external) return; // a machine with loopback only has nothing else to refuse
    const outcome = await new Promise<string>((resolve) => {
      const socket = net.connect(port, external, () => {
        socket.destroy();
        resolve('connected');
      });
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(outcome).toBe('ECONNREFUSED');
  });

  it.each([
    ['POST', '/api/StartChaining'],
    ['POST', '/api/orchestrators/chaining_orchestration'],
    ['POST', `${WEBHOOK}/orchestrators/chaining_orchestration`],
  ])('answers invalid JSON to %s %s with 400 and the parser reason', async (method, path) => {
    const answer = await send(method, path, { body: '{"cities": [Tokyo', type: 'application/json' });
    expect(answer.status).toBe(400);
    expect(answer.json?.Message).toMatch(/Invalid JSON/);
  });

  it('answers invalid JSON event data with 400 and leaves the instance waiting', async () => {
    const started = await send('POST', '/api/orchestrators/human_interaction_orchestration', {
      body: JSON.stringify({ timeoutSeconds: 60 }),
      type: 'application/json',
    });
    expect(started.status).toBe(202);
    const { id } = JSON.parse(started.text) as { id: string };
    const answer = await send('POST', `${WEBHOOK}/instances/${id}/raiseEvent/approval`, { body: '{approved: yes}', type: 'application/json' });
    expect(answer.status).toBe(400);
    expect(answer.json?.Message).toMatch(/Invalid JSON/);
    const status = await send('GET', `${WEBHOOK}/instances/${id}`);
    expect(JSON.parse(status.text).runtimeStatus).toMatch(/Running|Pending/);
    await send('POST', `${WEBHOOK}/instances/${id}/terminate?reason=cleanup`);
  });

  it.each([
    ['text/plain', 'just words'],
    ['application/x-www-form-urlencoded', 'a=1&b=2'],
    ['application/octet-stream', new Uint8Array([0xff, 0xfe, 0x00, 0x01])],
    ['application/json; charset=latin1', '\u00ff'],
  ])('never fails with 5xx on a %s body', async (type, body) => {
    const answer = await send('POST', '/api/StartChaining', { body, type });
    expect(answer.status).toBeLessThan(500);
    if (answer.status >= 400) expect(answer.json?.Message).toBeTruthy();
  });

  it('refuses a body over 1 MB with 413, with or without Content-Length', async () => {
    const big = JSON.stringify(['x'.repeat(2 * 1024 * 1024)]);
    const declared = await send('POST', '/api/StartChaining', { body: big, type: 'application/json' });
    expect(declared.status).toBe(413);
    expect(declared.json?.Message).toMatch(/limit of 1048576 bytes|limit is 1048576 bytes/);
    // Chunked: no Content-Length up front, the limit must still hold.
    const chunk = 'y'.repeat(64 * 1024);
    let request = `POST /api/StartChaining HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`;
    for (let i = 0; i < 40; i++) request += `${chunk.length.toString(16)}\r\n${chunk}\r\n`;
    request += '0\r\n\r\n';
    const raw = await rawRequest(request);
    expect(raw).toMatch(/^HTTP\/1\.1 413 /);
  });

  it.each([
    ['GET', '/nope'],
    ['POST', '/api/NoSuchStarter'],
    ['GET', `${WEBHOOK}/no-such-controller`],
    ['GET', `${WEBHOOK}/instances/a/b/c/d/e`],
  ])('answers the unknown route %s %s with 404 and a reason', async (method, path) => {
    const answer = await send(method, path);
    expect(answer.status).toBe(404);
    expect(answer.json?.Message).toBeTruthy();
  });

  it.each([
    ['PUT', '/api/StartChaining'],
    ['DELETE', '/api/StartChaining'],
    ['PATCH', `${WEBHOOK}/instances/some-id`],
    ['PUT', `${WEBHOOK}/orchestrators/chaining_orchestration`],
    ['GET', `${WEBHOOK}/instances/some-id/terminate`],
  ])('refuses %s %s (no such method on the route) with a 4xx and a reason', async (method, path) => {
    const answer = await send(method, path);
    expect([404, 405]).toContain(answer.status);
    expect(answer.json?.Message).toBeTruthy();
  });

  it('does not serve files through path traversal', async () => {
    for (const path of [
      `${WEBHOOK}/instances/..%2f..%2f..%2fpackage.json`,
      `${WEBHOOK}/instances/%2e%2e/%2e%2e/package.json`,
      '/../../package.json',
      '/%2e%2e/%2e%2e/package.json',
    ]) {
      const answer = await send('GET', path);
      expect(answer.status, path).toBeGreaterThanOrEqual(400);
      expect(answer.status, path).toBeLessThan(500);
      expect(answer.text, path).not.toContain('"@durable-hosts/');
    }
  });

  it('answers broken percent-encoding with a 4xx', async () => {
    const answer = await send('GET', `${WEBHOOK}/instances/%E0%A4%A`);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
  });

  it('never fails with 5xx on unparseable query values (Durable Functions ignores them)', async () => {
    const answers = [
      await send('GET', `${WEBHOOK}/instances?top=lots`),
      await send('GET', `${WEBHOOK}/instances?createdTimeFrom=yesterday&runtimeStatus=Sleeping`),
      await send('POST', `/api/StartChaining?timeout=soon&pollingInterval=-5`),
    ];
    for (const answer of answers) {
      expect(answer.status).toBeLessThan(500);
      if (answer.status >= 400) expect(answer.json?.Message).toBeTruthy();
    }
  });

  it('answers a garbled request line with 400 instead of dropping the process', async () => {
    const raw = await rawRequest('GARBAGE / HTTP/9.9\r\n\r\n');
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
  });

  it('survives 300 bad requests at once and still runs Hello Cities', async () => {
    const bad = Array.from({ length: 300 }, (_, i) => {
      switch (i % 4) {
        case 0:
          return send('POST', '/api/StartChaining', { body: '{', type: 'application/json' });
        case 1:
          return send('GET', `/unknown/${i}`);
        case 2:
          return send('PATCH', `${WEBHOOK}/instances/${i}`);
        default:
          return send('GET', `${WEBHOOK}/instances/missing-${i}`);
      }
    });
    const answers = await Promise.all(bad);
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    expect(host.child.exitCode).toBeNull();

    const started = await send('POST', '/api/StartChaining');
    expect(started.status).toBe(202);
    const { statusQueryGetUri } = JSON.parse(started.text) as { statusQueryGetUri: string };
    const done = await waitFor(
      async () => {
        const status = await fetch(statusQueryGetUri);
        return status.status === 200 ? ((await status.json()) as { output: unknown }) : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    expect(done.output).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);
    expect(host.output()).not.toMatch(/Unhandled|uncaught/i);
  }, 60_000);
});
