// The dashboard's only way to the emulator: its JSON REST API. Failures carry the server's message verbatim.
export interface InstanceSummary {
  instanceId: string;
  executionId: string;
  name: string;
  version: string | null;
  runtimeStatus: string;
  createdAt: string;
  lastUpdatedAt: string;
  completedAt: string | null;
  scheduledStartAt: string | null;
  parentInstanceId: string | null;
  tags: Record<string, string>;
}

export interface InstanceDetail extends InstanceSummary {
  input: string | null;
  output: string | null;
  customStatus: string | null;
  failureDetails: { errorType: string; errorMessage: string; stackTrace: string | null } | null;
}

export interface InstancePage {
  instances: InstanceSummary[];
  page: number;
  pageSize: number;
  total: number;
  /** The filters matched more rows than the server counts; total and counts are lower bounds. */
  totalIsLowerBound: boolean;
  /** The last page that has rows and that paging reaches. */
  maxPage: number;
  /** Rows match beyond maxPage that paging does not reach. */
  morePastMaxPage: boolean;
  countsByStatus: Record<string, number>;
}

export interface HistoryEvent {
  index: number;
  eventId: number;
  timestamp: string | null;
  type: string;
  details: Record<string, unknown>;
}

export interface TimelineSpan {
  kind: 'orchestration' | 'activity' | 'timer' | 'subOrchestration';
  name: string;
  taskId: number;
  start: string;
  end: string | null;
  status: 'running' | 'completed' | 'failed' | 'terminated' | 'pending' | 'canceled';
  attempt: number;
  input?: unknown;
  output?: unknown;
  failure?: unknown;
  instanceId?: string;
  fireAt?: string;
  events: number[];
}

export interface Timeline {
  start: string | null;
  end: string | null;
  spans: TimelineSpan[];
  markers: { type: string; time: string; label: string; index: number }[];
}

/** The orchestration list's query parameters that say which instances match (the rest page and sort). */
export const LIST_FILTERS = ['status', 'name', 'prefix', 'createdFrom', 'createdTo', 'q', 'tag'] as const;

/** Only the filters of a list query. */
export function listFilters(query: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const key of LIST_FILTERS) for (const value of query.getAll(key)) if (value !== '') out.append(key, value);
  return out;
}

export interface Histogram {
  from: string | null;
  to: string | null;
  intervalMs: number;
  total: number;
  buckets: { start: string; counts: Record<string, number>; total: number }[];
}

export interface FlowNode {
  kind: TimelineSpan['kind'] | 'event';
  type?: string;
  name: string;
  status?: TimelineSpan['status'];
  start: string;
  end?: string | null;
  taskId?: number;
  attempt?: number;
  input?: unknown;
  output?: unknown;
  failure?: unknown;
  instanceId?: string;
  fireAt?: string;
  details?: Record<string, unknown>;
  events: number[];
}

export interface Flow {
  orchestration: TimelineSpan | null;
  steps: { episode: number; at: string; received: FlowNode[]; scheduled: FlowNode[] }[];
}

export type BatchOutcome = 'done' | 'notFound' | 'notAllowed' | 'failed';

export interface Batch {
  batchId: string;
  action: string;
  state: 'running' | 'done' | 'canceled' | 'failed';
  error?: string;
  total: number;
  processed: number;
  counts: Record<BatchOutcome, number>;
  startedAt: string;
  finishedAt: string | null;
  offset?: number;
  results?: { instanceId: string; outcome: BatchOutcome; message?: string; newInstanceId?: string }[];
}

export interface EntitySummary {
  entityId: string;
  state: string | null;
  lastModifiedAt: string;
  lockedBy: string | null;
  backlogQueueSize: number;
}

export interface WorkerSummary {
  userAgent: string;
  workerId: string;
  connectedAt: string;
  workItemsInFlight: number;
}

export interface Metrics {
  countsByStatus: Record<string, number>;
  completionsPerMinute: { minute: string; completed: number; failed: number; terminated: number }[];
  backlog: { orchestrationMessages: number; scheduledMessages: number; activitiesQueued: number; entityMessages: number };
  workers: number;
}

export interface TaskHubSummary {
  name: string;
  countsByStatus: Record<string, number>;
  workers: number;
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiFailure(0, `The emulator did not answer (${(err as Error).message}). Is it still running?`);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    throw new ApiFailure(res.status, text);
  }
  if (!res.ok) {
    const message = (json as { error?: string } | undefined)?.error ?? `${res.status} ${res.statusText}`;
    throw new ApiFailure(res.status, message);
  }
  return json as T;
}

const hubPath = (hub: string): string => `/taskhubs/${encodeURIComponent(hub)}`;
const instancePath = (hub: string, id: string): string => `${hubPath(hub)}/orchestrations/${encodeURIComponent(id)}`;

export const api = {
  taskHubs: () => request<{ grpcPort: number; taskHubs: TaskHubSummary[] }>('GET', '/taskhubs'),
  list: (hub: string, query: URLSearchParams) =>
    request<InstancePage>('GET', `${hubPath(hub)}/orchestrations?${query.toString()}`),
  instance: (hub: string, id: string) => request<InstanceDetail>('GET', instancePath(hub, id)),
  history: (hub: string, id: string) =>
    request<{ total: number; events: HistoryEvent[] }>('GET', `${instancePath(hub, id)}/history`),
  timeline: (hub: string, id: string) => request<Timeline>('GET', `${instancePath(hub, id)}/timeline`),
  names: (hub: string) => request<{ names: string[] }>('GET', `${hubPath(hub)}/names`),
  entities: (hub: string, prefix: string) =>
    request<{ entities: EntitySummary[]; continuationToken: string | null }>(
      'GET',
      `${hubPath(hub)}/entities?pageSize=500${prefix ? `&prefix=${encodeURIComponent(prefix)}` : ''}`,
    ),
  workers: (hub: string) => request<{ workers: WorkerSummary[] }>('GET', `${hubPath(hub)}/workers`),
  metrics: (hub: string) => request<Metrics>('GET', `${hubPath(hub)}/metrics`),
  start: (hub: string, body: Record<string, unknown>) =>
    request<{ instanceId: string }>('POST', `${hubPath(hub)}/orchestrations`, body),
  action: (hub: string, id: string, action: string, body: Record<string, unknown> = {}) =>
    request<{ instanceId: string; purged?: number }>('POST', `${instancePath(hub, id)}/${action}`, body),
  purge: (hub: string, body: Record<string, unknown>) => request<{ purged: number }>('POST', `${hubPath(hub)}/purge`, body),
  changesUrl: (hub: string) => `/api/v1${hubPath(hub)}/changes`,
  flow: (hub: string, id: string) => request<Flow>('GET', `${instancePath(hub, id)}/flow`),
  exportUrl: (hub: string, id: string) => `/api/v1${instancePath(hub, id)}/export`,
  histogram: (hub: string, query: URLSearchParams) => request<Histogram>('GET', `${hubPath(hub)}/histogram?${query.toString()}`),
  startBatch: (hub: string, body: Record<string, unknown>) => request<Batch>('POST', `${hubPath(hub)}/batches`, body),
  batch: (hub: string, batchId: string, offset = 0, limit = 0) =>
    request<Batch>('GET', `${hubPath(hub)}/batches/${encodeURIComponent(batchId)}?offset=${offset}&limit=${limit}`),
  cancelBatch: (hub: string, batchId: string) => request<Batch>('POST', `${hubPath(hub)}/batches/${encodeURIComponent(batchId)}/cancel`, {}),
};
