// Bad configuration: a gRPC port already taken, a file that is not a database, a database another
// emulator is using. Each must end the process non-zero with a message that names the problem.
// (Dashboard port in use, newer schema and bad flag values are pinned in tests/emulator-cli.spec.ts.)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@durable-hosts/test-support';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

/** Runs the emulator until it exits; if it prints its ready line instead, stops it and reports `started`. */
function runMain(args: string[]): Promise<{ code: number | null; output: string; started: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--conditions=@durable-hosts/source', '--import', 'tsx', MAIN, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let started = false;
    const onData = (d: Buffer): void => {
      output += d.toString();
      if (!started && output.includes('Emulator ready')) {
        started = true;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output, started });
    });
  });
}

function tempFile(name: string): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'reliability-config-')), name);
}

describe('bad emulator configuration', () => {
  it('exits non-zero naming the gRPC port when it is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const { code, output } = await runMain(['--grpc-port', String(port), '--dashboard-port', '0', '--db', ':memory:']);
      expect(code).not.toBe(0);
      expect(output).toContain(`Cannot listen for gRPC on 127.0.0.1:${port}`);
      expect(output).not.toContain('Emulator ready');
    } finally {
      blocker.close();
    }
  });

  it('exits non-zero naming the file when --db is not a SQLite database', async () => {
    const file = tempFile('notes.db');
    fs.writeFileSync(file, 'These are my notes, not a database.\n'.repeat(200));
    const { code, output } = await runMain(['--grpc-port', '0', '--dashboard-port', '0', '--db', file]);
    expect(code).not.toBe(0);
    expect(output).toContain(`Cannot open the emulator database ${file}`);
    expect(output).toMatch(/SQLITE_NOTADB/);
    // And the file is left as it was.
    expect(fs.readFileSync(file, 'utf8')).toBe('These are my notes, not a database.\n'.repeat(200));
  });

  it('exits non-zero when --db points into a path that cannot be a folder', async () => {
    const file = tempFile('plain-file');
    fs.writeFileSync(file, 'x');
    const { code, output } = await runMain(['--grpc-port', '0', '--dashboard-port', '0', '--db', path.join(file, 'emulator.db')]);
    expect(code).not.toBe(0);
    expect(output).toContain(`Cannot open the emulator database ${path.join(file, 'emulator.db')}`);
  });

  it('refuses to serve a database file another running emulator is serving, naming the file and that emulator', async () => {
    const first = await startEmulator();
    try {
      const { code, started, output } = await runMain(['--grpc-port', '0', '--dashboard-port', '0', '--db', first.dbPath]);
      expect(started).toBe(false);
      expect(code).not.toBe(0);
      expect(output).toContain(`The emulator database ${first.dbPath} is in use by another emulator (pid `);
      // The first one is untouched and still serves.
      const health = await fetch(`http://127.0.0.1:${first.dashboardPort}/api/v1/health`);
      expect(health.status).toBe(200);
    } finally {
      await first.stop();
    }
    // Once it has stopped, the file is free again.
    const { started } = await runMain(['--grpc-port', '0', '--dashboard-port', '0', '--db', first.dbPath]);
    expect(started).toBe(true);
  });

  it('starts on a database file whose previous emulator was killed (kill -9 leaves no stale lock)', async () => {
    const first = await startEmulator();
    await first.kill();
    const { started, output } = await runMain(['--grpc-port', '0', '--dashboard-port', '0', '--db', first.dbPath]);
    expect(output).not.toContain('in use by another emulator');
    expect(started).toBe(true);
  });
});
