// The benchmark's smoke run (CI): the whole pipeline with tiny numbers — real emulator, hosts, load
// clients, limit probes and the filled-database queries — must produce every figure. Values are not
// asserted: speed is measured by the benchmark, not by tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  defaultSettings,
  HOSTS,
  ProcessSupervisor,
  renderMarkdown,
  runBenchmark,
  silentProgress,
  type BenchReport,
  type BenchSettings,
  type Figure,
} from '../src/index.js';

function expectFigure<T extends object>(figure: Figure<T>, numericKeys: (keyof T)[]): void {
  if (figure.available) {
    for (const key of numericKeys)
      expect(Number.isFinite(figure[key] as unknown as number), `${String(key)} is a number`).toBe(true);
  } else {
    expect(figure.reason.length).toBeGreaterThan(0);
  }
}

describe('bench --quick pipeline', () => {
  let report: BenchReport;
  let settings: BenchSettings;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-smoke-'));

  beforeAll(async () => {
    settings = {
      ...defaultSettings('quick'),
      instances: 10,
      latencySamples: 5,
      storedInstances: 300,
      limitProbeMs: 300,
      dashboardSamples: 2,
      peer: false,
      workDir,
      resultsDir: path.join(workDir, 'results'),
    };
    const supervisor = new ProcessSupervisor();
    try {
      report = await runBenchmark(settings, { supervisor, progress: silentProgress });
    } finally {
      await supervisor.stopAll();
    }
  }, 180_000);

  afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

  it('measures both limits of the machine', () => {
    expect(report.limits.grpc.available && report.limits.grpc.roundTripsPerSec).toBeGreaterThan(0);
    expect(report.limits.sqlite.available && report.limits.sqlite.commitsPerSec).toBeGreaterThan(0);
  });

  it('measures throughput, work items from history and latency on worker-host', () => {
    const worker = report.hosts.find((h) => h.host === 'worker-host');
    if (!worker) throw new Error('the report has no worker-host entry');
    for (const run of [worker.chaining, worker.fanOut]) {
      expect(run.available).toBe(true);
      if (!run.available) continue;
      expect(run.instances).toBe(settings.instances);
      expect(run.completionsPerSec).toBeGreaterThan(0);
      expect(run.workItemsPerSec).toBeGreaterThan(run.completionsPerSec);
      expect(run.ratioOfLimit.grpc).toBeGreaterThan(0);
      expect(run.ratioOfLimit.sqlite).toBeGreaterThan(0);
    }
    if (worker.chaining.available) expect(worker.chaining.activitiesPerInstance).toEqual({ min: 3, max: 3 });
    expect(worker.latency.available && worker.latency.samples).toBe(settings.latencySamples);
    expectFigure(worker.latency, ['p50Ms', 'p95Ms', 'p99Ms']);
    expect(worker.hostPeakRssMb.available && worker.hostPeakRssMb.mb).toBeGreaterThan(0);
  });

  it('has a figure or a reason for every host', () => {
    expect(report.hosts.map((h) => h.host)).toEqual([...HOSTS]);
    for (const host of report.hosts) {
      expectFigure(host.chaining, ['completionsPerSec', 'workItemsPerSec']);
      expectFigure(host.fanOut, ['completionsPerSec', 'workItemsPerSec']);
      expectFigure(host.latency, ['p50Ms', 'p95Ms', 'p99Ms']);
      expectFigure(host.hostPeakRssMb, ['mb']);
    }
  });

  it('measures memory and the dashboard on a filled database, and says why the peer was skipped', () => {
    expectFigure(report.emulatorPeakRssMb, ['mb']);
    expect(report.scale.available).toBe(true);
    if (!report.scale.available) return;
    expect(report.scale.storedInstances).toBeGreaterThanOrEqual(settings.storedInstances);
    expect(report.scale.databaseMb).toBeGreaterThan(0);
    expect(report.scale.emulatorRssAfterStartMb).toBeGreaterThan(0);
    if (report.scale.dashboard.available) {
      const queries = report.scale.dashboard.queries;
      expect(queries.filter((q) => q.name.startsWith('list, '))).toHaveLength(4);
      expect(queries.filter((q) => q.name.startsWith('histogram, '))).toHaveLength(4);
      expect(queries[0]?.result.available).toBe(true);
      const histogram = queries.find((q) => q.name === 'histogram, every instance')?.result;
      // Every stored instance counted.
      expect(histogram?.available && histogram.rows).toBe(report.scale.storedInstances);
    } else expect(report.scale.dashboard.reason).not.toBe('');
    expect(report.peer.available === false && report.peer.reason).toMatch(/quick/);
  });

  it('renders a Markdown table with a row per figure and the machine facts', () => {
    const markdown = renderMarkdown(report);
    expect(markdown).toContain(`${report.machine.cores} cores`);
    for (const host of HOSTS) expect(markdown).toContain(`| ${host}:`);
    for (const label of [
      'Limit: empty gRPC',
      'Limit: SQLite',
      'Emulator peak RSS',
      'Peer',
      'Scale: database size',
    ]) {
      expect(markdown).toContain(label);
    }
    expect(JSON.parse(JSON.stringify(report)).settings.instances).toBe(settings.instances);
  });
});
