// CPU per chaining instance spent by the Functions runtime (and the emulator), measured from /proc.
//   node --conditions=@durable-hosts/source --import tsx tools/functions-runtime/tests/perf/chaining-cpu-probe.ts [N] [--cpu-prof] [--runtime <main.ts>]
// (--runtime: another copy of src/main.ts, e.g. an older one extracted with git archive, to compare.)
// Starts the emulator (in-memory database) and hosts/functions-host (its dist/ must be built) as separate
// processes, warms them up, then starts N chaining_orchestration instances over POST /api/StartChaining
// (64 in flight) and waits for each through the emulator. Not a test: a measurement for the README.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDurableTaskClient, parseConnectionString } from '@durable-hosts/dts-connection';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const count = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 400);
const profileDir = process.argv.includes('--cpu-prof')
  ? mkdtempSync(path.join(tmpdir(), 'functions-runtime-profile-'))
  : undefined;
const runtimeArg = process.argv.indexOf('--runtime');
const runtimeMain = runtimeArg > 0 ? process.argv[runtimeArg + 1] : 'tools/functions-runtime/src/main.ts';
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function startProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  const child = spawn(process.execPath, ['--conditions=@durable-hosts/source', '--import', 'tsx', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      if (seen.length < 20_000) seen += chunk.toString();
      const match = seen.match(ready);
      if (match) resolve({ child, match });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}:\n${seen}`)));
  });
}

function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function startChaining(origin: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${origin}/api/StartChaining`, { method: 'POST', agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        if (response.statusCode !== 202)
          reject(new Error(`StartChaining answered ${response.statusCode}: ${body}`));
        else resolve((JSON.parse(body) as { id: string }).id);
      });
    });
    request.on('error', reject);
    request.end();
  });
}

const emulator = await startProcess(
  ['tools/emulator/src/main.ts', '--grpc-port', '0', '--dashboard-port', '0', '--db', ':memory:'],
  {},
  /listening on [^\s]*:(\d+)\n/,
);
const connectionString = `Endpoint=http://localhost:${emulator.match[1]};TaskHub=default;Authentication=None`;
const runtime = await startProcess(
  [
    ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []),
    runtimeMain,
    'hosts/functions-host',
    '--port',
    '0',
  ],
  { DURABLE_TASK_SCHEDULER_CONNECTION_STRING: connectionString },
  /Host started: (http:\/\/localhost:\d+)/,
);
const origin = runtime.match[1];
let lines = 0;
runtime.child.stdout?.on('data', (chunk: Buffer) => (lines += chunk.toString().split('\n').length - 1));
const quiet = () => undefined;
const client = createDurableTaskClient(parseConnectionString(connectionString), {
  logger: { error: console.error, warn: console.warn, info: quiet, debug: quiet },
});

async function run(n: number): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < n) {
      next++;
      const id = await startChaining(origin);
      const state = await client.waitForOrchestrationCompletion(id, true, 120);
      if (state?.serializedOutput !== '["Hello Tokyo!","Hello Seattle!","Hello London!"]')
        throw new Error(`Instance ${id} ended with ${state?.serializedOutput}`);
    }
  };
  await Promise.all(Array.from({ length: 64 }, lane));
}

try {
  await run(100); // warm-up: JIT, connections
  const before = { runtime: cpuMs(runtime.child.pid ?? 0), emulator: cpuMs(emulator.child.pid ?? 0), lines };
  const t0 = performance.now();
  await run(count);
  const elapsed = performance.now() - t0;
  const runtimeMs = (cpuMs(runtime.child.pid ?? 0) - before.runtime) / count;
  const emulatorMs = (cpuMs(emulator.child.pid ?? 0) - before.emulator) / count;
  console.log(
    `${count} chaining instances in ${(elapsed / 1000).toFixed(1)} s: functions-runtime ${runtimeMs.toFixed(2)} ms CPU/instance, ` +
      `emulator ${emulatorMs.toFixed(2)} ms CPU/instance, ${((lines - before.lines) / count).toFixed(1)} runtime log lines/instance`,
  );
  if (profileDir) console.log(`CPU profile of the runtime: ${profileDir} (written when it exits)`);
} finally {
  await client.stop();
  agent.destroy();
  runtime.child.kill('SIGINT');
  emulator.child.kill('SIGINT');
}
