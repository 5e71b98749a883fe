// Brings the peer up: installs restate-server (its binary ships inside the npm package) and the SDK into
// the benchmark's own cache folder — never into the workspace's dependencies — then runs the server on
// free loopback ports, starts the service endpoint in a process of its own and registers it.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from '../free-port.js';
import { tsNodeArgs, type ProcessSupervisor, type SupervisedProcess } from '../process-supervisor.js';

export const RESTATE_SERVER_VERSION = '1.7.12';
export const RESTATE_SDK_RANGE = '~1.17.0';

const POLYFILL = fileURLToPath(new URL('./promise-with-resolvers.mjs', import.meta.url));
const SERVICE = fileURLToPath(new URL('./restate-service.ts', import.meta.url));

export interface RestateInstall {
  serverBinary: string;
  sdkEntry: string;
  serverVersion: string;
  sdkVersion: string;
  installedNow: boolean;
}

export interface RunningRestate {
  ingressUrl: string;
  server: SupervisedProcess;
  service: SupervisedProcess;
}

function readVersion(packageJson: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(packageJson, 'utf8')) as { version: string }).version;
  } catch {
    return undefined;
  }
}

function locate(peerDir: string): Omit<RestateInstall, 'installedNow'> | undefined {
  const scope = path.join(peerDir, 'node_modules', '@restatedev');
  const serverVersion = readVersion(path.join(scope, 'restate-server', 'package.json'));
  const sdkVersion = readVersion(path.join(scope, 'restate-sdk', 'package.json'));
  if (serverVersion !== RESTATE_SERVER_VERSION || !sdkVersion?.startsWith('1.17.')) return undefined;
  // The binary comes from a per-platform optional dependency (restate-server-linux-x64, -darwin-arm64, ...).
  const platformPackage = fs
    .readdirSync(scope)
    .find(
      (name) =>
        name.startsWith('restate-server-') && fs.existsSync(path.join(scope, name, 'bin', 'restate-server')),
    );
  if (!platformPackage) return undefined;
  return {
    serverBinary: path.join(scope, platformPackage, 'bin', 'restate-server'),
    sdkEntry: path.join(scope, 'restate-sdk', 'dist', 'index.js'),
    serverVersion,
    sdkVersion,
  };
}

export async function ensureRestateInstalled(peerDir: string): Promise<RestateInstall> {
  const found = locate(peerDir);
  if (found) return { ...found, installedNow: false };
  fs.mkdirSync(peerDir, { recursive: true });
  // A package.json of its own makes the folder its own npm project, so the workspace's is never touched.
  fs.writeFileSync(
    path.join(peerDir, 'package.json'),
    JSON.stringify({ name: 'bench-peer-cache', private: true }, null, 2),
  );
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  try {
    await promisify(execFile)(
      npm,
      [
        'install',
        '--prefix',
        peerDir,
        '--no-save',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
        '--no-package-lock',
        `@restatedev/restate-server@${RESTATE_SERVER_VERSION}`,
        `@restatedev/restate-sdk@${RESTATE_SDK_RANGE}`,
      ],
      { cwd: peerDir, timeout: 300_000 },
    );
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(
      `npm install of the Restate peer failed: ${(e.stderr ?? e.message).trim().split('\n').slice(-3).join(' ')}`,
    );
  }
  const installed = locate(peerDir);
  if (!installed)
    throw new Error(
      `npm installed the Restate peer into ${peerDir}, but no restate-server binary for ${process.platform}-${process.arch} is there.`,
    );
  return { ...installed, installedNow: true };
}

async function waitForHttp(url: string, timeoutMs: number, server: SupervisedProcess): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (server.child.exitCode !== null)
      throw new Error(
        `restate-server exited (code ${server.child.exitCode}): ${server.output().slice(-1500)}`,
      );
    if (Date.now() > until)
      throw new Error(
        `restate-server did not answer ${url} within ${timeoutMs} ms: ${server.output().slice(-1500)}`,
      );
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function startRestate(
  supervisor: ProcessSupervisor,
  install: RestateInstall,
  dataDir: string,
): Promise<RunningRestate> {
  const [ingress, admin, fabric] = [await freePort(), await freePort(), await freePort()];
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const server = supervisor.spawn({
    name: 'restate-server',
    command: install.serverBinary,
    args: ['--no-logo', '--base-dir', dataDir, '--listen-mode', 'tcp'],
    cwd: dataDir,
    env: {
      RESTATE_INGRESS__BIND_ADDRESS: `127.0.0.1:${ingress}`,
      RESTATE_ADMIN__BIND_ADDRESS: `127.0.0.1:${admin}`,
      RESTATE_BIND_ADDRESS: `127.0.0.1:${fabric}`,
      RESTATE_ADVERTISED_ADDRESS: `http://127.0.0.1:${fabric}/`,
      RESTATE_LOG_FORMAT: 'compact',
      RESTATE_LOG_FILTER: 'warn',
      DO_NOT_TRACK: '1',
    },
  });
  const adminUrl = `http://127.0.0.1:${admin}`;
  const ingressUrl = `http://127.0.0.1:${ingress}`;
  await waitForHttp(`${adminUrl}/health`, 30_000, server);
  await waitForHttp(`${ingressUrl}/restate/health`, 30_000, server);
  const service = supervisor.spawn({
    name: 'restate-service',
    command: process.execPath,
    args: tsNodeArgs(SERVICE, [], [POLYFILL]),
    env: { RESTATE_SDK_ENTRY: install.sdkEntry, PORT: '0' },
  });
  const [, port] = await service.waitForLine(/Restate service listening on (\d+)/, 30_000);
  const res = await fetch(`${adminUrl}/deployments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ uri: `http://127.0.0.1:${port}`, force: true }),
  });
  if (!res.ok)
    throw new Error(
      `Registering the service endpoint with restate-server failed: ${res.status} ${await res.text()}`,
    );
  return { ingressUrl, server, service };
}
