// One benchmark run, step by step: the machine's limits, each host against a fresh emulator, the scale
// figures on a filled database, then the peer. Every process is separate and stopped at the end.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchSettings, HostName } from './bench-settings.js';
import {
  unavailable,
  type BenchReport,
  type Figure,
  type GrpcLimit,
  type HostFigures,
  type LatencyFigure,
  type PeerFigures,
  type PeerVariant,
  type ScaleFigures,
  type SqliteLimit,
  type ThroughputFigure,
} from './bench-report.js';
import { runChildJob } from './child-job.js';
import { ChildSession } from './child-session.js';
import { instanceCost, sequentialFloorMs } from './cost-model.js';
import { emulatorDurability } from './emulator-durability.js';
import type { EchoJob, EchoOutcome } from './limits/grpc-echo-client.js';
import type { SqliteJob, SqliteOutcome } from './limits/sqlite-commit-probe.js';
import type { LatencyOutcome, LoadJob, ThroughputOutcome } from './load/load-client.js';
import type { WorkItemCount } from './load/work-item-count.js';
import { machineFacts } from './machine-facts.js';
import { summarizeLatencies } from './percentiles.js';
import { ensureRestateInstalled, startRestate } from './peer/restate-peer.js';
import type { RestateLoadJob, RestateThroughputOutcome } from './peer/restate-load-client.js';
import { readProcessCpuMs, readProcessMemory } from './process-usage.js';
import {
  profileFlags,
  tsNodeArgs,
  WORKSPACE_ROOT,
  type ProcessSupervisor,
  type SupervisedProcess,
} from './process-supervisor.js';
import type { Progress } from './progress-bar.js';
import { probeDashboard } from './scale/dashboard-probe.js';
import type { SeedJob, SeedOutcome } from './scale/store-seeder.js';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const SCRIPTS = {
  echoServer: here('./limits/grpc-echo-server.ts'),
  echoClient: here('./limits/grpc-echo-client.ts'),
  sqliteProbe: here('./limits/sqlite-commit-probe.ts'),
  loadClient: here('./load/load-client.ts'),
  seeder: here('./scale/store-seeder.ts'),
  restateLoad: here('./peer/restate-load-client.ts'),
};
const EMULATOR_MAIN = 'tools/emulator/src/main.ts';
const TASK_HUB = 'default';
const CHAINING = { name: 'chaining_orchestration', outputs: 3 };
const FAN_OUT = { name: 'fan_out_fan_in_orchestration', outputs: 5 };
const START_TIMEOUT_MS = 90_000;

export interface RunContext {
  supervisor: ProcessSupervisor;
  progress: Progress;
  /** Told the run's scratch folder, so a Ctrl-C handler can remove it too. */
  onWorkDir?: (dir: string) => void;
}

/** How many progress phases a run has (for the bar). */
export function phaseCount(settings: BenchSettings): number {
  return 3 + settings.hosts.length * 4 + 3 + (settings.peer ? 2 : 0);
}

function message(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').slice(0, 4).join(' ').slice(0, 400);
}

async function attempt<T>(fn: () => Promise<T>): Promise<Figure<T>> {
  try {
    return { available: true, ...(await fn()) };
  } catch (error) {
    return unavailable(message(error));
  }
}

interface RunningEmulator {
  proc: SupervisedProcess;
  hostAddress: string;
  dashboardUrl: string;
  connectionString: string;
}

async function startEmulator(ctx: RunContext, dbFile: string, profileDir?: string): Promise<RunningEmulator> {
  const proc = ctx.supervisor.spawn({
    name: 'emulator',
    command: process.execPath,
    args: tsNodeArgs(
      EMULATOR_MAIN,
      ['--grpc-port', '0', '--dashboard-port', '0', '--db', dbFile, '--host', '127.0.0.1'],
      [],
      profileFlags(profileDir, 'emulator'),
    ),
  });
  const [, host, grpcPort, dashboard] = await proc.waitForLine(
    /Emulator ready: gRPC ([\d.]+):(\d+), dashboard (http:\/\/\S+)/,
    START_TIMEOUT_MS,
  );
  return {
    proc,
    hostAddress: `${host}:${grpcPort}`,
    dashboardUrl: dashboard ?? '',
    connectionString: `Endpoint=http://${host}:${grpcPort};TaskHub=${TASK_HUB};Authentication=None`,
  };
}

interface RunningHost {
  proc: SupervisedProcess;
  startedThrough: string;
  /** HTTP starter for an orchestration, or undefined for gRPC StartInstance from the load client. */
  startUrl(orchestration: string): string | undefined;
}

const HTTP_STARTERS: Record<string, string> = {
  [CHAINING.name]: '/api/StartChaining',
  [FAN_OUT.name]: '/api/StartFanOutFanIn',
};

async function startHost(
  ctx: RunContext,
  host: HostName,
  emulator: RunningEmulator,
  profileDir?: string,
): Promise<RunningHost> {
  const flags = profileFlags(profileDir, host);
  const env = { DURABLE_TASK_SCHEDULER_CONNECTION_STRING: emulator.connectionString };
  const entry = {
    'worker-host': 'hosts/worker-host/src/main.ts',
    'express-host': 'hosts/express-host/src/main.ts',
    'functions-host': 'tools/functions-runtime/src/main.ts',
  }[host];
  if (!fs.existsSync(path.join(WORKSPACE_ROOT, entry))) throw new Error(`${entry} does not exist yet`);
  if (host === 'worker-host') {
    const proc = ctx.supervisor.spawn({
      name: host,
      command: process.execPath,
      args: tsNodeArgs(entry, [], [], flags),
      env,
    });
    await proc.waitForLine(/ready for work items/, START_TIMEOUT_MS);
    return {
      proc,
      startedThrough: 'gRPC StartInstance from the load client; worker-host runs the work',
      startUrl: () => undefined,
    };
  }
  if (host === 'express-host') {
    const proc = ctx.supervisor.spawn({
      name: host,
      command: process.execPath,
      args: tsNodeArgs(entry, [], [], flags),
      env: { ...env, PORT: '0' },
    });
    const ready = proc.waitForLine(/In-process worker connected/, START_TIMEOUT_MS);
    const [, port] = await proc.waitForLine(/Listening on http:\/\/[^:]+:(\d+)/, START_TIMEOUT_MS);
    await ready;
    return {
      proc,
      startedThrough: 'HTTP POST /api/Start* on express-host (in-process worker)',
      startUrl: (o) => `http://127.0.0.1:${port}${HTTP_STARTERS[o]}`,
    };
  }
  // The Functions runtime loads the app from hosts/functions-host/dist (its package.json main), as
  // Core Tools would: build it first (incremental, about a second when up to date), as its serve target does.
  const build = ctx.supervisor.spawn({
    name: 'functions-host build',
    command: process.execPath,
    args: [
      path.join(WORKSPACE_ROOT, 'node_modules/typescript/bin/tsc'),
      '--build',
      'hosts/functions-host/tsconfig.lib.json',
    ],
  });
  const buildCode = await build.exited;
  if (buildCode !== 0)
    throw new Error(
      `building hosts/functions-host failed (tsc exit ${buildCode}): ${build.output().slice(-400)}`,
    );
  const proc = ctx.supervisor.spawn({
    name: host,
    command: process.execPath,
    args: tsNodeArgs(entry, ['hosts/functions-host', '--port', '0', '--host', '127.0.0.1'], [], flags),
    env,
  });
  const [, origin] = await proc.waitForLine(/Host started: (http:\/\/\S+?)[\s,]/, START_TIMEOUT_MS);
  return {
    proc,
    startedThrough: 'HTTP POST /api/Start* through the Functions runtime (functions-host app)',
    startUrl: (o) => `${origin}${HTTP_STARTERS[o]}`,
  };
}

function loadJob(
  settings: BenchSettings,
  emulator: RunningEmulator,
  host: RunningHost,
  kind: LoadJob['kind'],
  workflow: typeof CHAINING,
  count: number,
): LoadJob {
  return {
    kind,
    hostAddress: emulator.hostAddress,
    taskHub: TASK_HUB,
    orchestration: workflow.name,
    count,
    startUrl: host.startUrl(workflow.name),
    httpSockets: settings.httpSockets,
    expectedOutputLength: workflow.outputs,
    timeoutSeconds: settings.instanceTimeoutSeconds,
  };
}

function cpuCeiling(
  cpu: CpuDelta,
  outcome: ThroughputOutcome,
  workItems: number,
  cores: number,
): ThroughputFigure['cpuCeiling'] {
  if (cpu.emulatorMs === null || cpu.hostMs === null) return null;
  const msPerInstance = (cpu.emulatorMs + cpu.hostMs + outcome.loadClientCpuMs) / outcome.instances;
  const instancesPerSec = (cores * 1000) / msPerInstance;
  return { instancesPerSec, workItemsPerSec: instancesPerSec * workItems };
}

interface CpuDelta {
  emulatorMs: number | null;
  hostMs: number | null;
}

/** Runs `fn` and reports how much CPU the emulator and the host (or the peer's server and service) used meanwhile. */
async function withCpu<T>(
  emulatorPid: number,
  hostPid: number,
  fn: () => Promise<T>,
): Promise<[T, CpuDelta]> {
  const e0 = readProcessCpuMs(emulatorPid);
  const h0 = readProcessCpuMs(hostPid);
  const result = await fn();
  const e1 = readProcessCpuMs(emulatorPid);
  const h1 = readProcessCpuMs(hostPid);
  return [
    result,
    {
      emulatorMs: e0 === undefined || e1 === undefined ? null : e1 - e0,
      hostMs: h0 === undefined || h1 === undefined ? null : h1 - h0,
    },
  ];
}

function throughputFigure(
  workflow: string,
  outcome: ThroughputOutcome,
  w: WorkItemCount,
  cpu: CpuDelta,
  limits: BenchReport['limits'],
  cores: number,
): ThroughputFigure {
  const cost = instanceCost(w.episodes / w.instances, w.activities / w.instances);
  const seconds = outcome.elapsedMs / 1000;
  const completionsPerSec = outcome.instances / seconds;
  const grpcLimit = limits.grpc.available ? limits.grpc.roundTripsPerSec / cost.roundTrips : null;
  const ceiling = cpuCeiling(cpu, outcome, cost.workItems, cores);
  const sqliteLimit = limits.sqlite.available ? limits.sqlite.commitsPerSec / cost.commits : null;
  return {
    workflow,
    instances: outcome.instances,
    elapsedMs: outcome.elapsedMs,
    completionsPerSec,
    workItemsPerSec: (w.episodes + w.activities) / seconds,
    cost,
    episodesPerInstance: w.episodesPerInstance,
    activitiesPerInstance: w.activitiesPerInstance,
    limitInstancesPerSec: { grpc: grpcLimit, sqlite: sqliteLimit },
    ratioOfLimit: {
      grpc: grpcLimit === null ? null : completionsPerSec / grpcLimit,
      sqlite: sqliteLimit === null ? null : completionsPerSec / sqliteLimit,
    },
    cpuMsPerInstance: {
      emulator: cpu.emulatorMs === null ? null : cpu.emulatorMs / outcome.instances,
      host: cpu.hostMs === null ? null : cpu.hostMs / outcome.instances,
      loadClient: outcome.loadClientCpuMs / outcome.instances,
    },
    cpuCeiling: ceiling,
    cpuCeilingRatioOfGrpcLimit:
      ceiling && limits.grpc.available && limits.grpc.cpuCeilingRoundTripsPerSec
        ? ceiling.instancesPerSec / (limits.grpc.cpuCeilingRoundTripsPerSec / cost.roundTrips)
        : null,
  };
}

async function measureLimits(ctx: RunContext, settings: BenchSettings): Promise<BenchReport['limits']> {
  ctx.progress.phase('limit: gRPC round trips between two processes');
  const grpc = await attempt<GrpcLimit>(async () => {
    const server = ctx.supervisor.spawn({
      name: 'echo-server',
      command: process.execPath,
      args: tsNodeArgs(SCRIPTS.echoServer),
    });
    try {
      const [, port] = await server.waitForLine(/Echo server listening on (\d+)/, START_TIMEOUT_MS);
      const job: EchoJob = {
        address: `127.0.0.1:${port}`,
        serverPid: server.pid,
        concurrency: settings.echoConcurrency,
        durationMs: settings.limitProbeMs,
        sequentialDurationMs: settings.limitProbeMs / 2,
      };
      const outcome = await runChildJob<EchoOutcome>(
        ctx.supervisor,
        'echo-client',
        SCRIPTS.echoClient,
        job,
        ctx.progress,
        settings.limitProbeMs * 4 + 60_000,
      );
      const { client, server: serverUs } = outcome.cpuUsPerRoundTrip;
      return {
        ...outcome,
        cpuCeilingRoundTripsPerSec:
          serverUs === null ? null : (os.availableParallelism() * 1e6) / (client + serverUs),
      };
    } finally {
      await server.stop();
    }
  });
  ctx.progress.phase('limit: SQLite commits');
  const durability = emulatorDurability();
  const sqlite = await attempt<SqliteLimit>(async () => {
    const job: SqliteJob = {
      dir: settings.workDir,
      journalMode: durability.journalMode,
      synchronous: durability.synchronous,
      durationMs: settings.limitProbeMs,
    };
    const outcome = await runChildJob<SqliteOutcome>(
      ctx.supervisor,
      'sqlite-probe',
      SCRIPTS.sqliteProbe,
      job,
      ctx.progress,
      settings.limitProbeMs * 4 + 60_000,
    );
    return { ...outcome, source: durability.source };
  });
  return { grpc, sqlite };
}

async function measureHost(
  ctx: RunContext,
  settings: BenchSettings,
  host: HostName,
  emulator: RunningEmulator,
  limits: BenchReport['limits'],
): Promise<HostFigures> {
  ctx.progress.phase(`${host}: starting`);
  const load = new ChildSession(ctx.supervisor, `${host} load client`, SCRIPTS.loadClient);
  let running: RunningHost | undefined;
  try {
    running = await startHost(ctx, host, emulator, settings.profileDir);
    // Warm-up, not counted: a tenth of N at once proves the host works end to end and brings the JIT of
    // every process up to speed, so the first measured run is not the cold one.
    const warmUp = Math.min(200, Math.max(10, Math.round(settings.instances / 10)));
    await load.run<ThroughputOutcome>(
      loadJob(settings, emulator, running, 'throughput', CHAINING, warmUp),
      ctx.progress,
      START_TIMEOUT_MS,
    );
  } catch (error) {
    await load.close();
    await running?.proc.stop();
    const none = unavailable(message(error));
    return { host, startedThrough: '—', chaining: none, fanOut: none, latency: none, hostPeakRssMb: none };
  }
  const started = running;
  const timeoutMs = settings.instanceTimeoutSeconds * 1000 + 120_000;
  const throughput = async (workflow: typeof CHAINING) =>
    attempt(async () => {
      const [outcome, cpu] = await withCpu(emulator.proc.pid, started.proc.pid, () =>
        load.run<ThroughputOutcome>(
          loadJob(settings, emulator, started, 'throughput', workflow, settings.instances),
          ctx.progress,
          timeoutMs,
        ),
      );
      // Outside the CPU window: reading every history back to count the work items.
      const workItems = await load.run<WorkItemCount>(
        loadJob(settings, emulator, started, 'count-work-items', workflow, settings.instances),
        ctx.progress,
        timeoutMs,
      );
      return throughputFigure(workflow.name, outcome, workItems, cpu, limits, os.availableParallelism());
    });
  try {
    ctx.progress.phase(`${host}: ${settings.instances} chaining at once`);
    const chaining = await throughput(CHAINING);
    ctx.progress.phase(`${host}: ${settings.instances} fan-out/fan-in at once`);
    const fanOut = await throughput(FAN_OUT);
    ctx.progress.phase(`${host}: ${settings.latencySamples} sequential chaining`);
    const latency = await attempt<LatencyFigure>(async () => {
      const outcome = await load.run<LatencyOutcome>(
        loadJob(settings, emulator, started, 'latency', CHAINING, settings.latencySamples),
        ctx.progress,
        timeoutMs,
      );
      const floorMs =
        limits.grpc.available && limits.sqlite.available && chaining.available
          ? sequentialFloorMs(chaining.cost, limits.grpc.sequentialRoundTripMs, limits.sqlite.meanCommitMs)
          : null;
      return { ...summarizeLatencies(outcome.samplesMs), floorMs };
    });
    const memory = readProcessMemory(started.proc.pid);
    return {
      host,
      startedThrough: started.startedThrough,
      chaining,
      fanOut,
      latency,
      hostPeakRssMb: memory
        ? { available: true, mb: memory.peakRssMb }
        : unavailable('/proc/<pid>/status is not readable on this system'),
    };
  } finally {
    await load.close();
    await started.proc.stop();
  }
}

async function measureScale(
  ctx: RunContext,
  settings: BenchSettings,
  dbFile: string,
): Promise<Figure<ScaleFigures>> {
  return attempt(async () => {
    ctx.progress.phase(
      `scale: storing ${settings.storedInstances.toLocaleString('en-US')} completed instances`,
    );
    const seedJob: SeedJob = { dbFile, targetInstances: settings.storedInstances };
    const seed = await runChildJob<SeedOutcome>(
      ctx.supervisor,
      'store-seeder',
      SCRIPTS.seeder,
      seedJob,
      ctx.progress,
      600_000,
    );
    ctx.progress.phase('scale: emulator on the filled database');
    const emulator = await startEmulator(ctx, dbFile);
    try {
      await new Promise((r) => setTimeout(r, 1000)); // let start-up garbage settle before reading RSS
      const afterStart = readProcessMemory(emulator.proc.pid);
      ctx.progress.phase('scale: dashboard list and histogram queries');
      const dashboard = await attempt(async () => ({
        queries: await probeDashboard(
          emulator.dashboardUrl,
          TASK_HUB,
          settings.dashboardSamples,
          ctx.progress,
        ),
      }));
      const afterQueries = readProcessMemory(emulator.proc.pid);
      const databaseMb =
        ['', '-wal'].reduce(
          (sum, suffix) => sum + (fs.existsSync(dbFile + suffix) ? fs.statSync(dbFile + suffix).size : 0),
          0,
        ) /
        1024 ** 2;
      return {
        storedInstances: seed.after,
        seededBy: `cloning the ${seed.sourceInstances} instances completed in this run (rows and histories) under new ids with SQL in a separate process (${seed.after - seed.before} clones)`,
        seedMs: seed.elapsedMs,
        databaseMb,
        emulatorRssAfterStartMb: afterStart?.rssMb ?? null,
        emulatorRssAfterQueriesMb: afterQueries?.rssMb ?? null,
        emulatorPeakRssMb: afterQueries?.peakRssMb ?? null,
        dashboard,
      };
    } finally {
      await emulator.proc.stop();
    }
  });
}

async function measurePeer(
  ctx: RunContext,
  settings: BenchSettings,
  ours: HostFigures | undefined,
): Promise<Figure<PeerFigures>> {
  return attempt(async () => {
    ctx.progress.phase('peer: installing and starting Restate');
    const install = await ensureRestateInstalled(settings.peerDir);
    const restate = await startRestate(ctx.supervisor, install, path.join(settings.workDir, 'restate-data'));
    const load = new ChildSession(ctx.supervisor, 'restate load client', SCRIPTS.restateLoad);
    try {
      ctx.progress.phase(
        `peer: ${settings.instances} chaining at once, ${settings.latencySamples} sequential`,
      );
      const variants: PeerVariant[] = [];
      for (const [handler, description] of [
        ['Hello/chaining', 'three ctx.run steps in sequence'],
        ['Hello/chainingCalls', 'three calls to Greeter/sayHello in sequence'],
      ] as const) {
        const job = (kind: RestateLoadJob['kind'], count: number): RestateLoadJob => ({
          kind,
          ingressUrl: restate.ingressUrl,
          path: `/${handler}`,
          count,
          expectedOutputLength: 3,
        });
        const throughput = await attempt(async () => {
          const [o, cpu] = await withCpu(restate.server.pid, restate.service.pid, () =>
            load.run<RestateThroughputOutcome>(
              job('throughput', settings.instances),
              ctx.progress,
              settings.instanceTimeoutSeconds * 1000,
            ),
          );
          const cpuMsPerInstance = {
            server: cpu.emulatorMs === null ? null : cpu.emulatorMs / o.instances,
            service: cpu.hostMs === null ? null : cpu.hostMs / o.instances,
            loadClient: o.loadClientCpuMs / o.instances,
          };
          const total =
            cpuMsPerInstance.server === null || cpuMsPerInstance.service === null
              ? null
              : cpuMsPerInstance.server + cpuMsPerInstance.service + cpuMsPerInstance.loadClient;
          return {
            instances: o.instances,
            elapsedMs: o.elapsedMs,
            completionsPerSec: o.instances / (o.elapsedMs / 1000),
            cpuMsPerInstance,
            cpuCeilingInstancesPerSec: total === null ? null : (os.availableParallelism() * 1000) / total,
          };
        });
        const latency = await attempt(async () => {
          const o = await load.run<LatencyOutcome>(
            job('latency', settings.latencySamples),
            ctx.progress,
            settings.instanceTimeoutSeconds * 1000,
          );
          return summarizeLatencies(o.samplesMs);
        });
        const oursT = ours?.chaining.available ? ours.chaining.completionsPerSec : null;
        const oursCeiling = ours?.chaining.available
          ? (ours.chaining.cpuCeiling?.instancesPerSec ?? null)
          : null;
        const oursL = ours?.latency.available ? ours.latency : null;
        variants.push({
          handler,
          description,
          throughput,
          latency,
          ratios: {
            throughput: oursT !== null && throughput.available ? oursT / throughput.completionsPerSec : null,
            throughputCpuCeiling:
              oursCeiling !== null && throughput.available && throughput.cpuCeilingInstancesPerSec !== null
                ? oursCeiling / throughput.cpuCeilingInstancesPerSec
                : null,
            latencyP50: oursL && latency.available ? latency.p50Ms / oursL.p50Ms : null,
            latencyP99: oursL && latency.available ? latency.p99Ms / oursL.p99Ms : null,
          },
        });
      }
      return {
        name: 'Restate',
        serverVersion: install.serverVersion,
        sdkVersion: install.sdkVersion,
        installedNow: install.installedNow,
        variants,
        serverPeakRssMb: readProcessMemory(restate.server.pid)?.peakRssMb ?? null,
        servicePeakRssMb: readProcessMemory(restate.service.pid)?.peakRssMb ?? null,
      };
    } finally {
      await load.close();
      await restate.service.stop();
      await restate.server.stop();
    }
  });
}

export async function runBenchmark(settings: BenchSettings, ctx: RunContext): Promise<BenchReport> {
  const started = new Date();
  const machine = machineFacts();
  const runDir = path.join(settings.workDir, `run-${started.toISOString().replace(/[:.]/g, '-')}`);
  fs.mkdirSync(runDir, { recursive: true });
  ctx.onWorkDir?.(runDir);
  const dbFile = path.join(runDir, 'emulator.db');
  try {
    const limits = await measureLimits(ctx, { ...settings, workDir: runDir });

    ctx.progress.phase('emulator: starting');
    const hosts: HostFigures[] = [];
    let emulatorPeakRssMb: BenchReport['emulatorPeakRssMb'];
    let emulator: RunningEmulator | undefined;
    try {
      emulator = await startEmulator(ctx, dbFile, settings.profileDir);
      for (const host of settings.hosts) hosts.push(await measureHost(ctx, settings, host, emulator, limits));
      const memory = readProcessMemory(emulator.proc.pid);
      emulatorPeakRssMb = memory
        ? { available: true, mb: memory.peakRssMb }
        : unavailable('/proc/<pid>/status is not readable on this system');
    } catch (error) {
      const reason = `the emulator did not start: ${message(error)}`;
      emulatorPeakRssMb = unavailable(reason);
      for (const host of settings.hosts.slice(hosts.length)) {
        hosts.push({
          host,
          startedThrough: '—',
          chaining: unavailable(reason),
          fanOut: unavailable(reason),
          latency: unavailable(reason),
          hostPeakRssMb: unavailable(reason),
        });
      }
    } finally {
      await emulator?.proc.stop();
    }

    const scale = fs.existsSync(dbFile)
      ? await measureScale(ctx, settings, dbFile)
      : unavailable('no emulator database from the host runs');
    const ours = hosts.find((h) => h.host === 'worker-host');
    const peer = settings.peer
      ? await measurePeer(ctx, { ...settings, workDir: runDir }, ours)
      : unavailable(
          settings.mode === 'quick' ? 'skipped in --quick (add --peer to include it)' : 'skipped (--no-peer)',
        );
    const finished = new Date();
    return {
      tool: 'durable-hosts bench (tools/bench)',
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      durationMs: finished.getTime() - started.getTime(),
      machine,
      loadAverageAtEnd: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
      settings,
      limits,
      hosts,
      emulatorPeakRssMb,
      peer,
      scale,
    };
  } finally {
    await ctx.supervisor.stopAll();
    if (!settings.keepWorkDir) fs.rmSync(runDir, { recursive: true, force: true });
  }
}
