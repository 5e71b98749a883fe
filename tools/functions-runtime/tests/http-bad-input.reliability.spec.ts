// The Functions runtime's HTTP front door fed bad input: invalid JSON and oversized bodies on the Durable
// webhooks, unknown routes and methods, broken URL encoding, garbled requests, a burst of all of it. The
// host answers each with a 4xx and keeps running Hello Cities. It listens on 127.0.0.1 by default.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startEmulator, waitFor, type EmulatorProcess } from '@durable-hosts/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFunctionsRuntime, type FunctionsRuntime } from '../src/functions-runtime.js';

const appDir = path.join(import.meta.dirname, 'fixtures/durable-app');
const WEBHOOK = '/runtime/webhooks/durabletask';

describe('functions-runtime given bad HTTP input', () => {
  let emulator: EmulatorProcess;
  let runtime: FunctionsRuntime;
  let port: number;
  const lines: string[] = [];

  beforeAll(async () => {
    emulator = await startEmulator();
    process.env.DURABLE_TASK_SCHEDULER_CONNECTION_STRING = emulator.connectionString;
    runtime = await startFunctionsRuntime({ appDir, port: 0, log: (level, message) => lines.push(`${level}: ${message}`) });
    port = Number(new URL(runtime.origin).port);
  });

  afterAll(async () => {
    await runtime?.stop();
    await emulator?.stop();
  });

  const send = async (method: string, p: string, body?: string | Uint8Array, type?: string) => {
    const response = await fetch(`${runtime.origin}${p}`, { method, body, headers: type ? { 'content-type': type } : {} });
    return { status: response.status, text: await response.text() };
  };

  function rawRequest(request: string | Buffer): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.end(request));
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
  }

  it.skipIf(process.platform !== 'linux')('listens on 127.0.0.1 only by default', () => {
    const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
    const listening = ['/proc/net/tcp', '/proc/net/tcp6']
      .flatMap((t) => fs.readFileSync(t, 'utf8').split('\n').slice(1))
      .map((l) => l.trim().split(/\s+/))
      .filter((c) => c[3] === '0A' && c[1]?.endsWith(`:${hexPort}`))
      .map((c) => c[1]!.split(':')[0]);
    expect(listening).toEqual(['0100007F']);
  });

  it('answers invalid JSON to the start webhook with 400 and the parser reason', async () => {
    const answer = await send('POST', `${WEBHOOK}/orchestrators/chaining_orchestration`, '{"cities": [', 'application/json');
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).Message).toMatch(/Invalid JSON/);
  });

  it('refuses a webhook body over 1 MB with 413', async () => {
    const answer = await send('POST', `${WEBHOOK}/orchestrators/chaining_orchestration`, JSON.stringify('x'.repeat(2 * 1024 * 1024)), 'application/json');
    expect(answer.status).toBe(413);
  });

  it.each([
    ['GET', '/nope'],
    ['GET', '/api/does-not-exist'],
    ['GET', '/api/StartChaining'], // POST only
    ['GET', `${WEBHOOK}/no-such-controller`],
  ])('answers %s %s with 404', async (method, p) => {
    expect((await send(method, p)).status).toBe(404);
  });

  it('answers a wrong method on a Durable webhook with 405 and Allow', async () => {
    const response = await fetch(`${runtime.origin}${WEBHOOK}/instances/x`, { method: 'PATCH' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, DELETE');
  });

  // (On an HTTP trigger route the id reaches the app's function as written; what it answers is the app's.)
  it('answers broken percent-encoding on the Durable webhooks with a 4xx, not 500', async () => {
    for (const p of [`${WEBHOOK}/instances/%E0%A4%A`, `${WEBHOOK}/instances/%E0%A4%A/raiseEvent/x`]) {
      const answer = await send('GET', p);
      expect(answer.status, p).toBeGreaterThanOrEqual(400);
      expect(answer.status, p).toBeLessThan(500);
    }
  });

  it('answers a garbled request line with 400', async () => {
    expect(await rawRequest('GARBAGE / HTTP/9.9\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
  });

  /** Uploads 101 MB to an HTTP trigger, declared up front or chunked, and returns the raw answer. */
  function upload(chunked: boolean): Promise<string> {
    const mb = 101;
    const framing = chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${mb * 1024 * 1024}`;
    const header = `POST /api/start/chaining_orchestration HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n${framing}\r\nConnection: close\r\n\r\n`;
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const frame = chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk;
    return new Promise<string>((resolve, reject) => {
      let data = '';
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(header);
        let sent = 0;
        const pump = (): void => {
          while (sent < mb && !socket.destroyed) {
            sent++;
            if (!socket.write(frame)) return void socket.once('drain', pump);
          }
          if (socket.destroyed) return;
          if (chunked) socket.end('0\r\n\r\n');
          else socket.end();
        };
        pump();
      });
      socket.on('data', (d) => (data += d.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', (err) => (data ? resolve(data) : reject(err)));
    });
  }

  it('refuses an HTTP trigger body over 100 MB with 413, as func start does, declared or chunked', async () => {
    expect(await upload(false)).toMatch(/^HTTP\/1\.1 413 /);
    expect(await upload(true)).toMatch(/^HTTP\/1\.1 413 /);
    expect((await send('GET', '/')).status).toBe(200);
  }, 60_000);

  it('survives 300 bad requests at once and still runs Hello Cities', async () => {
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        i % 3 === 0
          ? send('POST', `${WEBHOOK}/orchestrators/chaining_orchestration`, '{', 'application/json')
          : i % 3 === 1
            ? send('GET', `/api/unknown/${i}`)
            : send('GET', `${WEBHOOK}/instances/missing-${i}`),
      ),
    );
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    const started = await send('POST', '/api/StartChaining');
    expect(started.status).toBe(202);
    const { statusQueryGetUri } = JSON.parse(started.text) as { statusQueryGetUri: string };
    const output = await waitFor(
      async () => {
        const status = (await (await fetch(statusQueryGetUri)).json()) as { runtimeStatus: string; output: unknown };
        return status.runtimeStatus === 'Completed' ? status.output : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(output).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);
    expect(lines.join('\n')).not.toMatch(/Unhandled error/);
  }, 60_000);
});
