// The table printed at the end of a run: every figure, its target where the issue sets one, and what it
// is measured against.
import type { BenchReport, Figure, ThroughputFigure } from './bench-report.js';

const TARGETS = {
  chainingWorkItemsPerSec: 2800,
  p50Ms: 10,
  p99Ms: 50,
  peerRatio: 1,
  rssMb: 300,
  dashboardMs: 100,
};

function num(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function check(ok: boolean): string {
  return ok ? '✅' : '❌';
}

function why<T>(figure: Figure<T>): string {
  return figure.available ? '' : `not available: ${figure.reason}`;
}

export function renderMarkdown(report: BenchReport): string {
  const rows: string[][] = [];
  const add = (figure: string, value: string, target = '', notes = '') =>
    rows.push([figure, value, target, notes]);
  const m = report.machine;
  const s = report.settings;

  const { grpc, sqlite } = report.limits;
  add(
    'Limit: empty gRPC unary round trips/s (2 processes)',
    grpc.available ? num(grpc.roundTripsPerSec) : '—',
    '',
    grpc.available
      ? `${grpc.concurrency} in flight; one at a time: ${num(grpc.sequentialRoundTripMs, 3)} ms each; CPU µs per round trip: client ${num(grpc.cpuUsPerRoundTrip.client)}, server ${num(grpc.cpuUsPerRoundTrip.server)} → CPU ceiling ${num(grpc.cpuCeilingRoundTripsPerSec)}/s`
      : why(grpc),
  );
  add(
    `Limit: SQLite commits/s`,
    sqlite.available ? num(sqlite.commitsPerSec) : '—',
    '',
    sqlite.available
      ? `journal_mode=${sqlite.journalMode}, synchronous=${sqlite.synchronous} (${sqlite.source}); ${num(sqlite.meanCommitMs, 3)} ms each, ${num(sqlite.cpuUsPerCommit)} µs of it CPU`
      : why(sqlite),
  );

  const throughputRow = (host: string, label: string, f: Figure<ThroughputFigure>, target: boolean) => {
    if (!f.available) {
      add(`${host}: ${label}`, '—', '', why(f));
      return;
    }
    const c = f.cost;
    const cpu = f.cpuMsPerInstance;
    add(
      `${host}: ${label} completions/s`,
      num(f.completionsPerSec, 1),
      '',
      `${num(f.instances)} at once in ${num(f.elapsedMs / 1000, 2)} s; CPU ms/instance: emulator ${num(cpu.emulator, 2)}, host ${num(cpu.host, 2)}, load client ${num(cpu.loadClient, 2)}`,
    );
    add(
      `${host}: ${label} work items/s`,
      num(f.workItemsPerSec),
      target
        ? `≥ ${num(TARGETS.chainingWorkItemsPerSec)} ${check(f.workItemsPerSec >= TARGETS.chainingWorkItemsPerSec)}`
        : '',
      `${num(c.workItems, 2)} per instance from history (episodes ${f.episodesPerInstance.min}–${f.episodesPerInstance.max}, activities ${f.activitiesPerInstance.min}–${f.activitiesPerInstance.max})`,
    );
    if (f.cpuCeiling) {
      add(
        `${host}: ${label} CPU ceiling (work items/s)`,
        num(f.cpuCeiling.workItemsPerSec),
        '',
        `${num(f.cpuCeiling.instancesPerSec)} instances/s if the run had all ${m.cores} cores: ${m.cores} × 1000 ÷ ${num((cpu.emulator ?? 0) + (cpu.host ?? 0) + cpu.loadClient, 2)} CPU ms per instance`,
      );
    }
    add(
      `${host}: ${label} share of limit`,
      `gRPC ${num(f.ratioOfLimit.grpc, 3)} (CPU-ceiling basis ${num(f.cpuCeilingRatioOfGrpcLimit, 3)}) · SQLite ${num(f.ratioOfLimit.sqlite, 3)}`,
      '',
      `limits allow ${num(f.limitInstancesPerSec.grpc)} / ${num(f.limitInstancesPerSec.sqlite)} instances/s at ${num(c.roundTrips, 1)} round trips and ${num(c.commits, 1)} commits each`,
    );
  };

  for (const h of report.hosts) {
    throughputRow(h.host, 'chaining', h.chaining, true);
    throughputRow(h.host, 'fan-out/fan-in', h.fanOut, false);
    if (h.latency.available) {
      const l = h.latency;
      add(
        `${h.host}: chaining latency p50 / p95 / p99 (ms)`,
        `${num(l.p50Ms, 1)} / ${num(l.p95Ms, 1)} / ${num(l.p99Ms, 1)}`,
        `p50 ≤ ${TARGETS.p50Ms} ${check(l.p50Ms <= TARGETS.p50Ms)} · p99 ≤ ${TARGETS.p99Ms} ${check(l.p99Ms <= TARGETS.p99Ms)}`,
        `${l.samples} sequential, start → completed as the client sees it; floor from limits ${num(l.floorMs, 2)} ms`,
      );
    } else {
      add(`${h.host}: chaining latency`, '—', '', why(h.latency));
    }
    add(
      `${h.host}: host peak RSS (MB)`,
      h.hostPeakRssMb.available ? num(h.hostPeakRssMb.mb) : '—',
      '',
      why(h.hostPeakRssMb) || h.startedThrough,
    );
  }
  const e = report.emulatorPeakRssMb;
  add('Emulator peak RSS during the runs (MB)', e.available ? num(e.mb) : '—', '', why(e));

  const p = report.peer;
  if (p.available) {
    for (const v of p.variants) {
      const t = v.throughput;
      const l = v.latency;
      add(
        `Peer ${p.name} ${v.handler}: completions/s`,
        t.available ? num(t.completionsPerSec, 1) : '—',
        v.ratios.throughput === null
          ? ''
          : `ours/peer ${num(v.ratios.throughput, 2)} > 1 ${check(v.ratios.throughput > TARGETS.peerRatio)}`,
        t.available
          ? `${v.description}; ${num(t.instances)} at once in ${num(t.elapsedMs / 1000, 2)} s; CPU ms/instance: server ${num(t.cpuMsPerInstance.server, 2)}, service ${num(t.cpuMsPerInstance.service, 2)}, load client ${num(t.cpuMsPerInstance.loadClient, 2)}`
          : why(t),
      );
      if (t.available && t.cpuCeilingInstancesPerSec !== null) {
        add(
          `Peer ${p.name} ${v.handler}: CPU ceiling (instances/s)`,
          num(t.cpuCeilingInstancesPerSec),
          v.ratios.throughputCpuCeiling === null
            ? ''
            : `ours/peer ${num(v.ratios.throughputCpuCeiling, 2)} ${check(v.ratios.throughputCpuCeiling > TARGETS.peerRatio)}`,
          `${m.cores} × 1000 ÷ Σ CPU ms per instance; compare with our chaining CPU ceiling`,
        );
      }
      add(
        `Peer ${p.name} ${v.handler}: latency p50 / p95 / p99 (ms)`,
        l.available ? `${num(l.p50Ms, 1)} / ${num(l.p95Ms, 1)} / ${num(l.p99Ms, 1)}` : '—',
        v.ratios.latencyP50 === null
          ? ''
          : `peer/ours p50 ${num(v.ratios.latencyP50, 2)} ${check(v.ratios.latencyP50 > 1)} · p99 ${num(v.ratios.latencyP99, 2)}`,
        l.available ? `${l.samples} sequential` : why(l),
      );
    }
    add(
      `Peer ${p.name}: peak RSS server / service (MB)`,
      `${num(p.serverPeakRssMb)} / ${num(p.servicePeakRssMb)}`,
      '',
      `restate-server ${p.serverVersion}, restate-sdk ${p.sdkVersion}; durability differs: Restate fsyncs its log, the emulator's WAL runs with synchronous=${sqlite.available ? sqlite.synchronous : '?'}`,
    );
  } else {
    add('Peer (Restate)', '—', '', `peer unavailable: ${p.reason}`);
  }

  const sc = report.scale;
  if (sc.available) {
    add(
      `Scale: emulator RSS with ${num(sc.storedInstances)} instances (MB)`,
      `${num(sc.emulatorRssAfterStartMb)} → ${num(sc.emulatorRssAfterQueriesMb)}`,
      `< ${TARGETS.rssMb} ${check((sc.emulatorPeakRssMb ?? Infinity) < TARGETS.rssMb)}`,
      `after start → after the list queries; peak ${num(sc.emulatorPeakRssMb)}`,
    );
    add(
      'Scale: database size (MB)',
      num(sc.databaseMb, 1),
      '',
      `seeded by ${sc.seededBy} in ${num(sc.seedMs / 1000, 1)} s`,
    );
    if (sc.dashboard.available) {
      for (const q of sc.dashboard.queries) {
        const r = q.result;
        if (r.available) {
          add(
            `Scale: dashboard ${q.name} (ms)`,
            `${num(r.p50Ms, 1)} (max ${num(r.maxMs, 1)})`,
            `< ${TARGETS.dashboardMs} ${check(r.p50Ms < TARGETS.dashboardMs)}`,
            `p50 of ${s.dashboardSamples}; GET ${q.path} → ${num(r.rows)} ${q.counts}`,
          );
        } else {
          add(
            `Scale: dashboard ${q.name}`,
            '—',
            `< ${TARGETS.dashboardMs}`,
            `not available: GET ${q.path} ${r.reason}`,
          );
        }
      }
    } else {
      add('Scale: dashboard', '—', `< ${TARGETS.dashboardMs}`, why(sc.dashboard));
    }
  } else {
    add('Scale', '—', '', why(sc));
  }

  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  const wi = (f: Figure<ThroughputFigure>) => (f.available ? num(f.workItemsPerSec) : '—');
  const summary = report.hosts.map((h) =>
    [
      h.host,
      wi(h.chaining),
      h.chaining.available && h.chaining.cpuCeiling ? num(h.chaining.cpuCeiling.workItemsPerSec) : '—',
      wi(h.fanOut),
      h.latency.available ? `${num(h.latency.p50Ms, 1)} / ${num(h.latency.p99Ms, 1)}` : '—',
      h.hostPeakRssMb.available ? num(h.hostPeakRssMb.mb) : '—',
      h.chaining.available ? '' : why(h.chaining),
    ].map(escape),
  );
  const lines = [
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.totalMemoryGb} GB, Node ${m.nodeVersion}, ${m.platform} (1-min load average ${m.loadAverage1m} at start, ${report.loadAverageAtEnd} at end: the machine is shared).`,
    `Run: ${s.mode}, ${num(s.instances)} instances at once, ${s.latencySamples} latency samples, ${num(s.storedInstances)} stored; ${report.startedAt}, ${num(report.durationMs / 1000, 0)} s.`,
    '',
    `| Host | Chaining work items/s (target ≥ ${num(TARGETS.chainingWorkItemsPerSec)}) | Chaining CPU ceiling (work items/s) | Fan-out work items/s | p50 / p99 ms (≤ ${TARGETS.p50Ms} / ≤ ${TARGETS.p99Ms}) | Host peak RSS MB | |`,
    '|---|---|---|---|---|---|---|',
    ...summary.map((r) => `| ${r.join(' | ')} |`),
    '',
    '| Figure | Value | Target | Notes |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${r.map(escape).join(' | ')} |`),
  ];
  return lines.join('\n');
}
