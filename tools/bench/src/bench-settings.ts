// What a run measures and how big it is: the full run (the figures) and --quick (CI smoke run).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

export const HOSTS = ['worker-host', 'express-host', 'functions-host'] as const;
export type HostName = (typeof HOSTS)[number];

export interface BenchSettings {
  mode: 'full' | 'quick';
  /** Instances started at once per throughput run. */
  instances: number;
  /** Sequential chaining instances for the latency percentiles. */
  latencySamples: number;
  /** Completed instances stored for the scale figures. */
  storedInstances: number;
  hosts: HostName[];
  peer: boolean;
  /** How long each limit probe (gRPC round trips, SQLite commits) runs. */
  limitProbeMs: number;
  /** In-flight calls of the gRPC round-trip probe. */
  echoConcurrency: number;
  /** Sockets for HTTP starters (express-host, functions-host). */
  httpSockets: number;
  /** Requests per dashboard query, list or histogram (after one warm-up). */
  dashboardSamples: number;
  /** Seconds a load client waits for one instance before it gives up. */
  instanceTimeoutSeconds: number;
  resultsDir: string;
  workDir: string;
  peerDir: string;
  keepWorkDir: boolean;
  /** When set, the emulator and the hosts run with --cpu-prof and write their profiles here. */
  profileDir?: string;
}

const BENCH_ROOT = fileURLToPath(new URL('../', import.meta.url));

export function defaultSettings(mode: 'full' | 'quick'): BenchSettings {
  const common = {
    hosts: [...HOSTS],
    echoConcurrency: 64,
    httpSockets: 64,
    instanceTimeoutSeconds: 600,
    resultsDir: path.join(BENCH_ROOT, 'results'),
    workDir: path.join(BENCH_ROOT, '.work'),
    peerDir: path.join(BENCH_ROOT, '.peer'),
    keepWorkDir: false,
  };
  return mode === 'full'
    ? {
        ...common,
        mode,
        instances: 2000,
        latencySamples: 200,
        storedInstances: 100_000,
        peer: true,
        limitProbeMs: 4000,
        dashboardSamples: 20,
      }
    : {
        ...common,
        mode,
        instances: 200,
        latencySamples: 50,
        storedInstances: 5000,
        peer: false,
        limitProbeMs: 600,
        dashboardSamples: 10,
      };
}

export const USAGE = `Usage: npx nx run bench:run [-- options]
  --quick              small run for CI (200 instances, 50 latency samples, 5,000 stored, no peer)
  --instances N        instances started at once per throughput run (default 2000)
  --latency-samples N  sequential chaining instances for p50/p95/p99 (default 200)
  --stored N           completed instances stored for the scale figures (default 100000)
  --hosts a,b          hosts to run (default ${HOSTS.join(',')})
  --peer / --no-peer   include the Restate peer (default: on; off with --quick)
  --keep               keep the databases in tools/bench/.work/
  --profile            run the emulator and the hosts with --cpu-prof (profiles in tools/bench/results/profiles-*)
  --help`;

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`${flag} must be a positive whole number, got '${value}'.`);
  return n;
}

export function parseBenchArgs(argv: readonly string[]): BenchSettings | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      instances: { type: 'string' },
      'latency-samples': { type: 'string' },
      stored: { type: 'string' },
      hosts: { type: 'string' },
      peer: { type: 'boolean' },
      'no-peer': { type: 'boolean' },
      keep: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const settings = defaultSettings(values.quick ? 'quick' : 'full');
  settings.instances = positiveInt(values.instances, '--instances') ?? settings.instances;
  settings.latencySamples =
    positiveInt(values['latency-samples'], '--latency-samples') ?? settings.latencySamples;
  settings.storedInstances = positiveInt(values.stored, '--stored') ?? settings.storedInstances;
  if (values.hosts !== undefined) {
    const hosts = values.hosts
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean);
    const unknown = hosts.filter((h) => !(HOSTS as readonly string[]).includes(h));
    if (unknown.length > 0)
      throw new Error(`Unknown host(s) in --hosts: ${unknown.join(', ')}. Known: ${HOSTS.join(', ')}.`);
    settings.hosts = hosts as HostName[];
  }
  if (values.peer) settings.peer = true;
  if (values['no-peer']) settings.peer = false;
  settings.keepWorkDir = values.keep;
  if (values.profile)
    settings.profileDir = path.join(
      settings.resultsDir,
      `profiles-${new Date().toISOString().replace(/[:.]/g, '-')}`,
    );
  return settings;
}
