import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import pb from '@microsoft/durabletask-js/dist/proto/orchestrator_service_pb.js';
import Database from 'better-sqlite3';
import { startEmulator } from '@durable-hosts/test-support';
import { readEmulatorConfig } from '../src/emulator-config.js';
import { SCHEMA_VERSION } from '../src/store/schema.js';
import { call, rawSidecar } from './support/raw-sidecar.js';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

function runMain(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--conditions=@durable-hosts/source', '--import', 'tsx', MAIN, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

function tempDb(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'emulator-cli-')), 'emulator.db');
}

describe('the emulator command line', () => {
  it('reads flags before the environment, and trims task hub names', () => {
    const config = readEmulatorConfig(
      ['--grpc-port', '9090'],
      { DTS_EMULATOR_GRPC_PORT: '7000', DTS_EMULATOR_DASHBOARD_PORT: '7002', DTS_TASK_HUB_NAMES: 'hub1, realhub2 ,' },
      () => undefined,
    );
    expect(config).toMatchObject({ grpcPort: 9090, dashboardPort: 7002, taskHubs: ['hub1', 'realhub2'] });
  });

  it('defaults to the DTS emulator ports, the default hub and a workspace database file', () => {
    const config = readEmulatorConfig([], {}, () => undefined);
    expect(config).toMatchObject({ grpcPort: 8080, dashboardPort: 8082, taskHubs: ['default'], host: '127.0.0.1' });
    expect(config !== 'help' && config.dbFile.endsWith(path.join('.data', 'emulator.db'))).toBe(true);
  });

  it('reads the work-item timeouts from the environment (60 s / 10 min by default) and refuses non-numbers', () => {
    expect(readEmulatorConfig([], {}, () => undefined)).toMatchObject({
      orchestrationWorkItemTimeoutMs: 60_000,
      activityWorkItemTimeoutMs: 600_000,
    });
    const config = readEmulatorConfig(
      [],
      { DTS_EMULATOR_ORCHESTRATION_WORK_ITEM_TIMEOUT_MS: '1500', DTS_EMULATOR_ACTIVITY_WORK_ITEM_TIMEOUT_MS: '0' },
      () => undefined,
    );
    expect(config).toMatchObject({ orchestrationWorkItemTimeoutMs: 1500, activityWorkItemTimeoutMs: 0 });
    expect(() => readEmulatorConfig([], { DTS_EMULATOR_ACTIVITY_WORK_ITEM_TIMEOUT_MS: '10min' }, () => undefined)).toThrow(
      "DTS_EMULATOR_ACTIVITY_WORK_ITEM_TIMEOUT_MS must be a number of milliseconds (0 or more), got '10min'.",
    );
  });

  it('prints where it listens, the database and the connection string, and answers health checks', async () => {
    const emulator = await startEmulator();
    try {
      const out = emulator.output();
      expect(out).toContain(`database: ${emulator.dbPath}`);
      expect(out).toContain(`connection string: Endpoint=http://localhost:${emulator.grpcPort};TaskHub=default;Authentication=None`);
      expect(out).toMatch(new RegExp(`Emulator ready: gRPC 127\\.0\\.0\\.1:${emulator.grpcPort}, dashboard http://127\\.0\\.0\\.1:${emulator.dashboardPort}`));
      const health = await fetch(`http://127.0.0.1:${emulator.dashboardPort}/api/v1/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', taskHubs: ['default'], grpcPort: emulator.grpcPort });
      const page = await fetch(`http://127.0.0.1:${emulator.dashboardPort}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
    } finally {
      await emulator.stop();
    }
    expect(emulator.output()).toContain('SIGTERM received, shutting down');
  });

  it('does not answer a pending wait with "no such instance" when it shuts down', async () => {
    const emulator = await startEmulator();
    const raw = rawSidecar(emulator.hostAddress);
    try {
      const start = new pb.CreateInstanceRequest();
      start.setInstanceid('waited-through-shutdown');
      start.setName('never_runs');
      expect((await call(raw.startInstance.bind(raw), start)).err).toBeUndefined();
      const wait = new pb.GetInstanceRequest();
      wait.setInstanceid('waited-through-shutdown');
      const pending = call(raw.waitForInstanceCompletion.bind(raw), wait);
      await new Promise((r) => setTimeout(r, 200));
      await emulator.stop();
      const { res, err } = await pending;
      expect(res).toBeUndefined();
      expect(err?.code).not.toBe(grpc.status.OK);
    } finally {
      raw.close();
      await emulator.stop();
    }
  });

  it('says which port is taken and exits non-zero', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const { code, output } = await runMain(['--grpc-port', '0', '--dashboard-port', String(port), '--db', ':memory:']);
      expect(code).not.toBe(0);
      expect(output).toContain(`Cannot listen for the dashboard on 127.0.0.1:${port}: the port is in use`);
    } finally {
      blocker.close();
    }
  });

  it('refuses a database written by a newer emulator, clearly', async () => {
    const file = tempDb();
    const db = new Database(file);
    db.exec('CREATE TABLE schema_version (version INTEGER NOT NULL)');
    db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(SCHEMA_VERSION + 1);
    db.close();
    const { code, output } = await runMain(['--grpc-port', '0', '--dashboard-port', '0', '--db', file]);
    expect(code).not.toBe(0);
    expect(output).toContain(`has schema version ${SCHEMA_VERSION + 1}, but this emulator understands up to version ${SCHEMA_VERSION}`);
  });

  it('rejects a bad port value with usage help', async () => {
    const { code, output } = await runMain(['--grpc-port', 'eighty']);
    expect(code).toBe(2);
    expect(output).toContain("--grpc-port must be a port number between 0 and 65535, got 'eighty'");
    expect(output).toContain('Usage: durable-emulator');
  });

  it('with --if-needed, stands by when the hosts use another scheduler, and exits 0 on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--conditions=@durable-hosts/source', '--import', 'tsx', MAIN, '--if-needed', '--db', tempDb()],
      {
        env: {
          ...process.env,
          DURABLE_TASK_SCHEDULER_CONNECTION_STRING: 'Endpoint=https://x.durabletask.io;TaskHub=h;Authentication=DefaultAzure',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await vi.waitFor(() => expect(output).toContain('Not starting the local emulator'), { timeout: 15_000 });
    expect(output).toContain('points to https://x.durabletask.io');
    expect(output).not.toContain('Emulator ready');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('with --if-needed, stands by when the gRPC port is already taken by another scheduler', async () => {
    const running = await startEmulator();
    try {
      const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          ['--conditions=@durable-hosts/source', '--import', 'tsx', MAIN, '--if-needed', '--grpc-port', String(running.grpcPort), '--dashboard-port', '0', '--db', tempDb()],
          { env: { ...process.env, DURABLE_TASK_SCHEDULER_CONNECTION_STRING: running.connectionString }, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('Not starting the local emulator')) child.kill('SIGTERM');
        });
        child.on('exit', (exitCode) => resolve({ code: exitCode, output: out }));
      });
      expect(output).toContain(`A scheduler already listens on 127.0.0.1:${running.grpcPort}; the host will use it.`);
      expect(code).toBe(0);
    } finally {
      await running.stop();
    }
  });
});
