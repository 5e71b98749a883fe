// Who can reach the emulator and what they can do: both listeners bind 127.0.0.1 unless told otherwise
// (and other addresses are warned about); the dashboard refuses state-changing requests from other
// origins, requests for other host names (DNS rebinding), and paths outside its static files.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@durable-hosts/test-support';
import { OrchestrationStatus, type TaskHubGrpcClient } from '@microsoft/durabletask-js';
import { newClient, startEmulator, type EmulatorProcess } from '../support/dts-fixture.js';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const READY = /Emulator ready: gRPC ([^ ]+):(\d+), dashboard http:\/\/([^ ]+):(\d+)/;

interface Launched {
  child: ChildProcess;
  output: () => string;
  grpcPort: number;
  dashboardPort: number;
}

async function launch(args: string[]): Promise<Launched> {
  const child = spawn(process.execPath, ['--conditions=@durable-hosts/source', '--import', 'tsx', MAIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const match = await waitFor(() => READY.exec(out) ?? undefined, { timeoutMs: 20_000, message: `emulator not ready: ${out}` });
  return { child, output: () => out, grpcPort: Number(match[2]), dashboardPort: Number(match[4]) };
}

async function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

/** Local addresses (hex, as in /proc/net/tcp*) of the sockets listening on `port`. */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const out: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(table)) continue;
    for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 4 || cols[3] !== '0A') continue; // 0A = LISTEN
      const [address, p] = cols[1]!.split(':');
      if (p === hexPort) out.push(address!);
    }
  }
  return out;
}

/** 127.0.0.1 as /proc shows it: 0100007F (IPv4) or ::ffff:127.0.0.1 (IPv6). */
function isLoopback(hex: string): boolean {
  return hex === '0100007F' || hex === '0000000000000000FFFF00000100007F' || hex === '00000000000000000000000001000000';
}

function request(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe.skipIf(process.platform !== 'linux')('listening addresses', () => {
  it('binds gRPC and the dashboard to 127.0.0.1 only when no --host is given', async () => {
    const emulator = await launch(['--grpc-port', '0', '--dashboard-port', '0', '--db', ':memory:']);
    try {
      for (const port of [emulator.grpcPort, emulator.dashboardPort]) {
        const addresses = listeningAddresses(port);
        expect(addresses.length, `nothing listens on ${port}`).toBeGreaterThan(0);
        expect(addresses.filter((a) => !isLoopback(a)), `port ${port}`).toEqual([]);
      }
      expect(emulator.output()).not.toContain('WARNING');
    } finally {
      await stopped(emulator.child);
    }
  });

  it('warns when told to listen on every interface', async () => {
    const emulator = await launch(['--grpc-port', '0', '--dashboard-port', '0', '--db', ':memory:', '--host', '0.0.0.0']);
    try {
      expect(listeningAddresses(emulator.grpcPort)).toContain('00000000');
      expect(emulator.output()).toMatch(/WARNING: listening on 0\.0\.0\.0, not a loopback address/);
    } finally {
      await stopped(emulator.child);
    }
  });
});

describe('the dashboard API against other origins', () => {
  let emulator: EmulatorProcess;
  let client: TaskHubGrpcClient;

  beforeAll(async () => {
    emulator = await startEmulator();
    client = newClient(emulator);
  });

  afterAll(async () => {
    await client?.stop();
    await emulator?.stop();
  });

  const terminate = (id: string, headers: Record<string, string>, body = '{"reason":"csrf"}') =>
    request(emulator.dashboardPort, {
      method: 'POST',
      path: `/api/v1/taskhubs/default/orchestrations/${id}/terminate`,
      headers: { host: `127.0.0.1:${emulator.dashboardPort}`, ...headers },
      body,
    });

  it('refuses state-changing requests from another origin, and changes nothing', async () => {
    const id = await client.scheduleNewOrchestration('victim', undefined, 'csrf-victim');
    const attempts = [
      await terminate(id, { origin: 'http://evil.example', 'content-type': 'application/json' }),
      await terminate(id, { 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' }),
      // A "simple" cross-site form post needs no CORS preflight: it must fail on its content type.
      await terminate(id, { 'content-type': 'text/plain' }),
      await terminate(id, { 'content-type': 'application/x-www-form-urlencoded' }, 'reason=csrf'),
    ];
    expect(attempts.map((a) => a.status)).toEqual([403, 403, 415, 415]);
    for (const a of attempts) expect(JSON.parse(a.body).error).toBeTruthy();
    expect((await client.getOrchestrationState(id))?.runtimeStatus).toBe(OrchestrationStatus.PENDING);

    // The same request from the dashboard's own origin does work (so the refusals above are real).
    const own = await terminate(id, { origin: `http://127.0.0.1:${emulator.dashboardPort}`, 'content-type': 'application/json' });
    expect(own.status).toBe(200);
    const state = await client.waitForOrchestrationCompletion(id, false, 10);
    expect(state?.runtimeStatus).toBe(OrchestrationStatus.TERMINATED);
  });

  it('refuses requests addressed to another host name (DNS rebinding), reads included', async () => {
    const read = await request(emulator.dashboardPort, {
      path: '/api/v1/taskhubs/default/orchestrations',
      headers: { host: `evil.example:${emulator.dashboardPort}` },
    });
    expect(read.status).toBe(421);
  });

  it('serves nothing outside its static files, however the path is spelled', async () => {
    for (const path of ['/../../package.json', '/%2e%2e/%2e%2e/package.json', '/..%2f..%2fpackage.json', '/assets/..%2f..%2f..%2fpackage.json', '/%2e%2e%5c%2e%2e%5cpackage.json']) {
      const res = await request(emulator.dashboardPort, { path, headers: { host: `127.0.0.1:${emulator.dashboardPort}` } });
      expect(res.body, path).not.toContain('"@durable-hosts/');
    }
  });

  it('answers a path with broken percent-encoding with 400 and stays up', async () => {
    for (const path of ['/%E0%A4%A', '/api/v1/taskhubs/%E0%A4%A/orchestrations']) {
      const res = await request(emulator.dashboardPort, { path, headers: { host: `127.0.0.1:${emulator.dashboardPort}` } });
      expect(res.status, path).toBe(400);
    }
    const health = await request(emulator.dashboardPort, { path: '/api/v1/health', headers: { host: `127.0.0.1:${emulator.dashboardPort}` } });
    expect(health.status).toBe(200);
  });
});
