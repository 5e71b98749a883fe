// worker-host's artifact, proven outside the workspace: `package` writes the build context, its Dockerfile is
// played into a fresh folder (COPY, RUN npm install from the registry), and its CMD — plain node — runs the
// seed against the real emulator.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runEntry, startEmulator, waitFor, type EmulatorProcess } from '@durable-hosts/test-support';
import { freshFolder, linkedPackages, packageHost, registryInstallEnv, WORKSPACE_ROOT } from './support/artifact-tools.js';
import { replayDockerfile, type ReplayedImage } from './support/dockerfile-replay.js';

const CLI = path.join(WORKSPACE_ROOT, 'tools/cli/src/main.ts');

describe('the worker-host image (npx nx run worker-host:package, then its Dockerfile)', () => {
  let context: string;
  let image: ReplayedImage;
  let emulator: EmulatorProcess;
  let output = '';
  let stopWorker: () => void = () => undefined;

  beforeAll(async () => {
    context = path.join(freshFolder('worker-host-package'), 'context');
    await packageHost('worker-host', context);
    image = replayDockerfile(context, freshFolder('worker-host-image'), { runEnv: registryInstallEnv() });
    emulator = await startEmulator();
    const [program, ...args] = image.cmd;
    expect(program).toBe('node');
    const worker = spawn(process.execPath, args, {
      cwd: image.workdir,
      env: { ...registryInstallEnv(), ...image.env, DURABLE_TASK_SCHEDULER_CONNECTION_STRING: emulator.connectionString },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    worker.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    stopWorker = () => worker.kill('SIGKILL');
    await waitFor(() => /is ready for work items/.test(output), { timeoutMs: 20_000, message: `worker-host from the image did not connect. Output:\n${output}` });
  });
  afterAll(async () => {
    stopWorker();
    await emulator?.stop();
  });

  it('holds only the bundle, a package.json of published dependencies and the Dockerfile', () => {
    expect(fs.readdirSync(context).sort()).toEqual(['.dockerignore', 'Dockerfile', 'dist', 'package.json']);
    const manifest = JSON.parse(fs.readFileSync(path.join(context, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string> };
    expect(manifest.main).toBe('dist/main.js');
    expect(Object.keys(manifest.dependencies)).toContain('@microsoft/durabletask-js');
    expect(Object.keys(manifest.dependencies).filter((name) => name.startsWith('@durable-hosts/'))).toEqual([]);
  });

  it('installs its dependencies from the registry: real packages, no workspace links', () => {
    expect(image.runs).toEqual(['npm install --omit=dev --no-audit --no-fund']);
    expect(linkedPackages(image.workdir)).toEqual([]);
    expect(fs.existsSync(path.join(image.workdir, 'node_modules/@durable-hosts'))).toBe(false);
    expect(fs.existsSync(path.join(image.workdir, 'node_modules/@microsoft/durabletask-js/package.json'))).toBe(true);
  });

  it('runs the seed: chaining and fan-out/fan-in give the quickstart output', async () => {
    const env = { DURABLE_TASK_SCHEDULER_CONNECTION_STRING: emulator.connectionString };
    const chaining = await runEntry(CLI, ['start', 'chaining_orchestration', '--wait'], env);
    expect(chaining.stdout).toBe('["Hello Tokyo!","Hello Seattle!","Hello London!"]\n');
    const fanOut = await runEntry(CLI, ['start', 'fan_out_fan_in_orchestration', '--wait'], env);
    expect(fanOut.stdout).toBe('["Hello Tokyo!","Hello Seattle!","Hello London!","Hello Paris!","Hello Berlin!"]\n');
  });
});
