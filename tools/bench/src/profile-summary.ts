// Top frames of a V8 .cpuprofile (from `--profile` / `node --cpu-prof`): self time per function, and the
// inclusive time of the functions in our own code, so a hot path can be named without DevTools.
//   node --import tsx tools/bench/src/profile-summary.ts <file.cpuprofile> [--top 25]
import fs from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\//, 'node_modules/')
    .replace(/^.*\/work\/main\//, '');
  return `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
}

export function summarizeProfile(profile: CpuProfile, top: number): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totalHits = profile.nodes.reduce((sum, n) => sum + (n.hitCount ?? 0), 0);
  // Shares are of the busy samples: an idle event loop says nothing about where the time goes.
  const idleHits = profile.nodes
    .filter((n) => n.callFrame.functionName === '(idle)')
    .reduce((sum, n) => sum + (n.hitCount ?? 0), 0);
  const busyHits = totalHits - idleHits;
  const self = new Map<string, number>();
  for (const n of profile.nodes) self.set(label(n), (self.get(label(n)) ?? 0) + (n.hitCount ?? 0));
  // Inclusive hits: every sample is charged once to each distinct function on its stack.
  const inclusive = new Map<string, number>();
  const walk = (n: ProfileNode | undefined, onPath: readonly string[]) => {
    if (!n) return;
    const l = label(n);
    const path = onPath.includes(l) ? onPath : [...onPath, l];
    const hits = n.hitCount ?? 0;
    if (hits > 0) for (const f of path) inclusive.set(f, (inclusive.get(f) ?? 0) + hits);
    for (const c of n.children ?? []) walk(byId.get(c), path);
  };
  walk(profile.nodes[0], []);
  const pct = (hits: number) => `${((100 * hits) / Math.max(1, busyHits)).toFixed(1)}%`;
  const seconds = (profile.endTime - profile.startTime) / 1e6;
  const lines = [
    `${seconds.toFixed(1)} s profiled, ${totalHits} samples, ${((100 * idleHits) / Math.max(1, totalHits)).toFixed(0)}% idle; shares below are of the busy samples`,
    '',
    'Self time:',
  ];
  for (const [l, h] of [...self]
    .filter(([l]) => !l.startsWith('(idle)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top))
    lines.push(`  ${pct(h).padStart(6)}  ${l}`);
  lines.push('', 'Inclusive time (our code):');
  const ours = [...inclusive].filter(([l]) => /(tools|hosts|libs)\//.test(l) && !l.includes('node_modules'));
  for (const [l, h] of ours.sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`  ${pct(h).padStart(6)}  ${l}`);
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '-')) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '25' } },
  });
  if (positionals.length === 0) {
    console.error('Usage: profile-summary <file.cpuprofile> [--top 25]');
    process.exit(2);
  }
  for (const file of positionals) {
    console.log(
      `## ${file}\n${summarizeProfile(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile, Number(values.top))}\n`,
    );
  }
}
