// The shape of a run's results (also the JSON file). Every figure is either measured or says why not.
import type { BenchSettings, HostName } from './bench-settings.js';
import type { InstanceCost } from './cost-model.js';
import type { MachineFacts } from './machine-facts.js';
import type { LatencySummary } from './percentiles.js';

export type Figure<T> = ({ available: true } & T) | { available: false; reason: string };

export function unavailable(reason: string): { available: false; reason: string } {
  return { available: false, reason };
}

export interface ThroughputFigure {
  workflow: string;
  instances: number;
  elapsedMs: number;
  completionsPerSec: number;
  workItemsPerSec: number;
  /** Averages over every instance's history. */
  cost: InstanceCost;
  episodesPerInstance: { min: number; max: number };
  activitiesPerInstance: { min: number; max: number };
  /** Instances/s that the measured gRPC round-trip rate and SQLite commit rate would allow at this cost. */
  limitInstancesPerSec: { grpc: number | null; sqlite: number | null };
  /** Measured completions/s ÷ those limits. */
  ratioOfLimit: { grpc: number | null; sqlite: number | null };
  /**
   * The same comparison free of the other tenants of a shared machine: this run's CPU ceiling ÷ the gRPC
   * CPU ceiling at this number of round trips per instance.
   */
  cpuCeilingRatioOfGrpcLimit: number | null;
  /**
   * CPU time per instance of each process during the run (emulator and host read from /proc before and
   * after; the load client measures its own timed part). Their sum against 2 cores × the wall time tells
   * whether the run was CPU-bound or waiting.
   */
  cpuMsPerInstance: { emulator: number | null; host: number | null; loadClient: number };
  /**
   * What the machine's cores would allow if this run had them to itself: cores × 1000 ÷ the CPU ms all three
   * processes spend per instance. On a shared machine the measured rate sits below this ceiling.
   */
  cpuCeiling: { instancesPerSec: number; workItemsPerSec: number } | null;
}

export interface LatencyFigure extends LatencySummary {
  /** The sequential floor from the measured round-trip and commit times (see cost-model.ts). */
  floorMs: number | null;
}

export interface HostFigures {
  host: HostName;
  startedThrough: string;
  chaining: Figure<ThroughputFigure>;
  fanOut: Figure<ThroughputFigure>;
  latency: Figure<LatencyFigure>;
  /** Peak RSS (VmHWM) of the host process over its runs. */
  hostPeakRssMb: Figure<{ mb: number }>;
}

export interface GrpcLimit {
  roundTripsPerSec: number;
  concurrency: number;
  sequentialRoundTripMs: number;
  cpuUsPerRoundTrip: { client: number; server: number | null };
  /** cores × 10⁶ ÷ (client + server CPU µs per round trip): the rate with the cores to itself. */
  cpuCeilingRoundTripsPerSec: number | null;
}

export interface SqliteLimit {
  commitsPerSec: number;
  cpuUsPerCommit: number;
  meanCommitMs: number;
  journalMode: string;
  synchronous: string;
  /** Where the durability setting was read from. */
  source: string;
}

export interface PeerVariant {
  handler: string;
  description: string;
  throughput: Figure<{
    instances: number;
    elapsedMs: number;
    completionsPerSec: number;
    cpuMsPerInstance: { server: number | null; service: number | null; loadClient: number };
    /** cores × 1000 ÷ Σ CPU ms per instance, as for our hosts. */
    cpuCeilingInstancesPerSec: number | null;
  }>;
  latency: Figure<LatencySummary>;
  /**
   * ours (worker-host) ÷ peer; > 1 means we are ahead. Latency compares p50 and p99 (peer ÷ ours).
   * `throughputCpuCeiling` compares the CPU ceilings: the same comparison free of the machine's other tenants.
   */
  ratios: {
    throughput: number | null;
    throughputCpuCeiling: number | null;
    latencyP50: number | null;
    latencyP99: number | null;
  };
}

export interface PeerFigures {
  name: string;
  serverVersion: string;
  sdkVersion: string;
  installedNow: boolean;
  variants: PeerVariant[];
  serverPeakRssMb: number | null;
  servicePeakRssMb: number | null;
}

export interface DashboardQuery {
  /** `list, …` (a page of the orchestration list) or `histogram, …` (instances started per interval). */
  name: string;
  path: string;
  /** What `rows` counts: the rows of a list page, or the instances a histogram counted. */
  counts: 'rows' | 'instances counted';
  /** After one warm-up request; the answer is checked against the filter. */
  result: Figure<{ p50Ms: number; maxMs: number; rows: number }>;
}

export interface ScaleFigures {
  storedInstances: number;
  seededBy: string;
  seedMs: number;
  databaseMb: number;
  emulatorRssAfterStartMb: number | null;
  emulatorRssAfterQueriesMb: number | null;
  emulatorPeakRssMb: number | null;
  dashboard: Figure<{ queries: DashboardQuery[] }>;
}

export interface BenchReport {
  tool: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  machine: MachineFacts;
  /** 1-minute load average when the run ended (the machine is shared: compare with machine.loadAverage1m). */
  loadAverageAtEnd: number;
  settings: BenchSettings;
  limits: { grpc: Figure<GrpcLimit>; sqlite: Figure<SqliteLimit> };
  hosts: HostFigures[];
  /** Peak RSS (VmHWM) of the emulator across all host runs. */
  emulatorPeakRssMb: Figure<{ mb: number }>;
  peer: Figure<PeerFigures>;
  scale: Figure<ScaleFigures>;
}
