// The load client, a process of its own serving one host's runs (jobs arrive on stdin): starts
// orchestrations (through gRPC, or through a host's HTTP starter), waits for each as a client sees it
// (WaitForInstanceCompletion) and then reads every history to count the work items that really ran.
import http from 'node:http';
import * as grpc from '@grpc/grpc-js';
import { NoOpLogger, OrchestrationStatus, TaskHubGrpcClient } from '@microsoft/durabletask-js';
import { reportProgress, serveJobs } from '../child-protocol.js';
import { countWorkItems } from './work-item-count.js';

const LATENCY_WARM_UP = 3;

export interface LoadJob {
  /** `count-work-items` reads the histories of the previous throughput run (kept apart so that its reads
   *  are outside the CPU window of the run). */
  kind: 'throughput' | 'latency' | 'count-work-items';
  hostAddress: string;
  taskHub: string;
  orchestration: string;
  /** Instances: all started at once (throughput) or one after another (latency). */
  count: number;
  /** `grpc`: StartInstance from this process; otherwise POST to this URL (a host's HTTP starter). */
  startUrl?: string;
  /** Sockets for HTTP starts (requests beyond this queue in the agent). */
  httpSockets: number;
  expectedOutputLength: number;
  timeoutSeconds: number;
}

export interface ThroughputOutcome {
  instances: number;
  /** First start sent → last completion seen. */
  elapsedMs: number;
  /** First start sent → last start acknowledged. */
  startsAcknowledgedMs: number;
  /** CPU time of this load client during the timed part (user + system). */
  loadClientCpuMs: number;
}

export interface LatencyOutcome {
  samplesMs: number[];
}

function createClient(job: LoadJob): TaskHubGrpcClient {
  return new TaskHubGrpcClient({
    hostAddress: job.hostAddress,
    logger: new NoOpLogger(),
    metadataGenerator: async () => {
      const metadata = new grpc.Metadata();
      metadata.set('taskhub', job.taskHub);
      return metadata;
    },
  });
}

function startOverHttp(url: string, agent: http.Agent): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-length': '0' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 202) {
          reject(new Error(`POST ${url} answered ${res.statusCode} instead of 202: ${body.slice(0, 300)}`));
          return;
        }
        try {
          resolve((JSON.parse(body) as { id: string }).id);
        } catch {
          reject(new Error(`POST ${url} answered 202 without a check-status payload: ${body.slice(0, 300)}`));
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function waitCompleted(client: TaskHubGrpcClient, job: LoadJob, id: string): Promise<void> {
  const state = await client.waitForOrchestrationCompletion(id, true, job.timeoutSeconds);
  if (!state || state.runtimeStatus !== OrchestrationStatus.COMPLETED) {
    throw new Error(
      `Instance ${id} of ${job.orchestration} ended ${state ? OrchestrationStatus[state.runtimeStatus] : 'missing'}: ${state?.failureDetails?.message ?? ''}`,
    );
  }
  const output = JSON.parse(state.serializedOutput ?? 'null') as unknown;
  if (!Array.isArray(output) || output.length !== job.expectedOutputLength) {
    throw new Error(
      `Instance ${id} of ${job.orchestration} completed with ${state.serializedOutput}; expected ${job.expectedOutputLength} greetings.`,
    );
  }
}

async function throughput(
  job: LoadJob,
  client: TaskHubGrpcClient,
  start: () => Promise<string>,
): Promise<ThroughputOutcome> {
  let completed = 0;
  let lastReport = 0;
  const tick = () => {
    completed++;
    const now = Date.now();
    if (now - lastReport > 200 || completed === job.count) {
      lastReport = now;
      reportProgress(completed, job.count);
    }
  };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let startsAcknowledged = 0;
  const ids = await Promise.all(
    Array.from({ length: job.count }, async () => {
      const id = await start();
      startsAcknowledged = performance.now();
      return { id, done: waitCompleted(client, job, id).then(tick) };
    }),
  );
  await Promise.all(ids.map((i) => i.done));
  const elapsedMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  lastRunIds = ids.map((i) => i.id);
  return {
    instances: job.count,
    elapsedMs,
    startsAcknowledgedMs: startsAcknowledged - t0,
    loadClientCpuMs: (cpu.user + cpu.system) / 1000,
  };
}

async function latency(
  job: LoadJob,
  client: TaskHubGrpcClient,
  start: () => Promise<string>,
): Promise<LatencyOutcome> {
  // Not counted: the first calls of a process open the channel and warm its JIT.
  for (let i = 0; i < LATENCY_WARM_UP; i++) await waitCompleted(client, job, await start());
  const samplesMs: number[] = [];
  for (let i = 0; i < job.count; i++) {
    const t0 = performance.now();
    const id = await start();
    await waitCompleted(client, job, id);
    samplesMs.push(performance.now() - t0);
    if (i % 5 === 4 || i === job.count - 1) reportProgress(i + 1, job.count);
  }
  return { samplesMs };
}

// One gRPC client and one HTTP agent for the whole session: connections stay warm between runs.
let lastRunIds: string[] = [];
const clients = new Map<string, TaskHubGrpcClient>();
const agents = new Map<number, http.Agent>();

serveJobs<LoadJob>(
  async (job) => {
    const key = `${job.hostAddress}|${job.taskHub}`;
    const client = clients.get(key) ?? createClient(job);
    clients.set(key, client);
    const agent =
      agents.get(job.httpSockets) ?? new http.Agent({ keepAlive: true, maxSockets: job.httpSockets });
    agents.set(job.httpSockets, agent);
    const { startUrl } = job;
    const start = startUrl
      ? () => startOverHttp(startUrl, agent)
      : () => client.scheduleNewOrchestration(job.orchestration);
    if (job.kind === 'count-work-items') return countWorkItems(client, lastRunIds);
    return job.kind === 'throughput' ? throughput(job, client, start) : latency(job, client, start);
  },
  async () => {
    for (const agent of agents.values()) agent.destroy();
    await Promise.all([...clients.values()].map((c) => c.stop()));
  },
);
