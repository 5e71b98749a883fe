// express-host's artifact, proven outside the workspace: `package` writes the build context, its Dockerfile is
// played into a fresh folder (COPY, RUN npm install from the registry), and its CMD — plain node, with the
// image's ENV — serves the seed's HTTP starters against the real emulator.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runHttpStarter, startEmulator, waitFor, type EmulatorProcess } from '@durable-hosts/test-support';
import { freshFolder, linkedPackages, packageHost, registryInstallEnv } from './support/artifact-tools.js';
import { replayDockerfile, type ReplayedImage } from './support/dockerfile-replay.js';

describe('the express-host image (npx nx run express-host:package, then its Dockerfile)', () => {
  let image: ReplayedImage;
  let emulator: EmulatorProcess;
  let origin: string;
  let output = '';
  let stopHost: () => void = () => undefined;

  beforeAll(async () => {
    const context = path.join(freshFolder('express-host-package'), 'context');
    await packageHost('express-host', context);
    image = replayDockerfile(context, freshFolder('express-host-image'), { runEnv: registryInstallEnv() });
    emulator = await startEmulator();
    const [program, ...args] = image.cmd;
    expect(program).toBe('node');
    // As `docker run -e`: a free port and loopback on this shared machine instead of the image's 0.0.0.0:3000.
    const host = spawn(process.execPath, args, {
      cwd: image.workdir,
      env: { ...registryInstallEnv(), ...image.env, PORT: '0', HOST: '127.0.0.1', DURABLE_TASK_SCHEDULER_CONNECTION_STRING: emulator.connectionString },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    host.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    host.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    stopHost = () => host.kill('SIGKILL');
    const port = await waitFor(() => /Listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1], {
      timeoutMs: 20_000,
      message: `express-host from the image did not listen. Output:\n${output}`,
    });
    origin = `http://127.0.0.1:${port}`;
    await waitFor(() => /In-process worker connected/.test(output), { timeoutMs: 20_000, message: `The in-process worker did not connect. Output:\n${output}` });
  });
  afterAll(async () => {
    stopHost();
    await emulator?.stop();
  });

  it('listens on every interface on port 3000 in the container, installing from the registry', () => {
    expect(image.env).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0', PORT: '3000' });
    expect(image.exposed).toEqual(['3000']);
    expect(linkedPackages(image.workdir)).toEqual([]);
    expect(fs.existsSync(path.join(image.workdir, 'node_modules/express/package.json'))).toBe(true);
    expect(fs.existsSync(path.join(image.workdir, 'node_modules/@durable-hosts'))).toBe(false);
  });

  it('runs the seed over HTTP: chaining and fan-out/fan-in give the quickstart output', async () => {
    const chaining = await runHttpStarter(origin, '/api/StartChaining');
    expect(chaining).toMatchObject({ name: 'chaining_orchestration', runtimeStatus: 'Completed', output: ['Hello Tokyo!', 'Hello Seattle!', 'Hello London!'] });
    const fanOut = await runHttpStarter(origin, '/api/StartFanOutFanIn');
    expect(fanOut).toMatchObject({ runtimeStatus: 'Completed', output: ['Hello Tokyo!', 'Hello Seattle!', 'Hello London!', 'Hello Paris!', 'Hello Berlin!'] });
  });
});
