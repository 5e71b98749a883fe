// `npx nx run bench:run [-- --quick]`: runs the benchmark, prints the table on stdout and writes the JSON
// report to tools/bench/results/. Every process it starts is stopped at the end, on Ctrl-C and on failure.
import fs from 'node:fs';
import path from 'node:path';
import { parseBenchArgs, USAGE } from './bench-settings.js';
import { ProcessSupervisor } from './process-supervisor.js';
import { createProgressBar } from './progress-bar.js';
import { renderMarkdown } from './report-markdown.js';
import { phaseCount, runBenchmark } from './run-benchmark.js';

let settings;
try {
  settings = parseBenchArgs(process.argv.slice(2));
} catch (error) {
  console.error(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (settings === 'help') {
  console.log(USAGE);
  process.exit(0);
}

const supervisor = new ProcessSupervisor();
let workDir: string | undefined;
process.on('exit', () => supervisor.killAllNow());
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: stopping every process the benchmark started...\n`);
    void supervisor.stopAll().finally(() => {
      if (workDir && !settings.keepWorkDir) fs.rmSync(workDir, { recursive: true, force: true });
      process.exit(130);
    });
  });
}

const progress = createProgressBar(phaseCount(settings));
try {
  const report = await runBenchmark(settings, { supervisor, progress, onWorkDir: (dir) => (workDir = dir) });
  progress.done();
  fs.mkdirSync(settings.resultsDir, { recursive: true });
  const file = path.join(
    settings.resultsDir,
    `bench-${settings.mode}-${report.startedAt.replace(/[:.]/g, '-')}.json`,
  );
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(renderMarkdown(report));
  console.log(`\nJSON report: ${path.relative(process.cwd(), file)}`);
} catch (error) {
  progress.done();
  console.error(
    `The benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  await supervisor.stopAll();
  process.exitCode = 1;
}
