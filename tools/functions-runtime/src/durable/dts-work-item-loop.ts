import * as grpc from '@grpc/grpc-js';
import pb from '@microsoft/durabletask-js/dist/proto/orchestrator_service_pb.js';
import {
  createMetadataGenerator,
  createSidecarClient,
  describeGrpcFailure,
  sleep,
  waitForDtsEndpoint,
  type DtsConnectionSettings,
  type ReconnectBackoff,
  type SidecarClient,
} from '@durable-hosts/dts-connection';
import type { EntityWorkItem } from './entity-work-item.js';
import type { RuntimeLogger } from '../runtime-logger.js';

export interface WorkItemHandlers {
  orchestrator(request: pb.OrchestratorRequest, completionToken: string): Promise<pb.OrchestratorResponse>;
  activity(request: pb.ActivityRequest, completionToken: string): Promise<pb.ActivityResponse>;
  entity(item: EntityWorkItem, completionToken: string): Promise<pb.EntityBatchResult>;
}

const RequestCase = pb.WorkItem.RequestCase;

type WorkItemKind = 'orchestrator' | 'activity' | 'entity';
const COMPLETE = { orchestrator: 'completeOrchestratorTask', activity: 'completeActivityTask', entity: 'completeEntityTask' } as const;
const ABANDON = {
  orchestrator: 'abandonTaskOrchestratorWorkItem',
  activity: 'abandonTaskActivityWorkItem',
  entity: 'abandonTaskEntityWorkItem',
} as const;
type UnaryMethod = (typeof COMPLETE)[WorkItemKind] | (typeof ABANDON)[WorkItemKind];

function abandonRequest(kind: WorkItemKind, token: string): unknown {
  const request =
    kind === 'orchestrator'
      ? new pb.AbandonOrchestrationTaskRequest()
      : kind === 'activity'
        ? new pb.AbandonActivityTaskRequest()
        : new pb.AbandonEntityTaskRequest();
  request.setCompletiontoken(token);
  return request;
}

// Hello retried from 500 ms doubling to 15 s, and the same first wait before a work-item stream is re-opened.
const RECONNECT = { initialDelayMs: 500, maxDelayMs: 15_000 } satisfies ReconnectBackoff;

/**
 * A DTS worker over raw gRPC: Hello (retried with backoff until the endpoint answers), one GetWorkItems
 * stream (re-opened whenever it ends), each work item run concurrently and completed with its token.
 */
export class DtsWorkItemLoop {
  readonly #client: SidecarClient;
  readonly #metadata: () => Promise<grpc.Metadata>;
  #stream: grpc.ClientReadableStream<pb.WorkItem> | undefined;
  #stopped = false;
  readonly #stopping = new AbortController();
  readonly #inFlight = new Set<Promise<void>>();
  #connected!: Promise<void>;
  #markConnected!: () => void;

  constructor(
    private readonly settings: DtsConnectionSettings,
    private readonly handlers: WorkItemHandlers,
    private readonly log: RuntimeLogger,
  ) {
    this.#client = createSidecarClient(settings);
    this.#metadata = createMetadataGenerator(settings, 'worker');
    this.#connected = new Promise((resolve) => (this.#markConnected = resolve));
  }

  /** Resolves once the first work-item stream is open. */
  get connected(): Promise<void> {
    return this.#connected;
  }

  start(): void {
    void this.#run();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#stopping.abort();
    this.#stream?.cancel();
    await Promise.allSettled([...this.#inFlight]);
    this.#client.close();
  }

  async #run(): Promise<void> {
    const { signal } = this.#stopping;
    const where = this.settings.hostAddress;
    while (!this.#stopped) {
      try {
        // A long-lived host keeps trying whatever the answer (the task hub may be created later); it says so once.
        await waitForDtsEndpoint(this.settings, {
          client: this.#client,
          metadataGenerator: this.#metadata,
          signal,
          ...RECONNECT,
          retryRefusals: true,
          onRetry: (attempt, failure) => {
            if (attempt === 1) this.log('warn', `Waiting for DTS at ${where}: ${failure}. Retrying with backoff.`);
          },
        });
        this.log('info', `Connected to DTS at ${where} (task hub '${this.settings.taskHub}').`);
        await this.#consumeStream();
        if (!this.#stopped) this.log('warn', `The DTS work-item stream from ${where} ended; reconnecting.`);
      } catch (error) {
        if (this.#stopped) break;
        this.log('warn', `The DTS work-item stream from ${where} failed (${describeGrpcFailure(error)}); reconnecting.`);
      }
      await sleep(RECONNECT.initialDelayMs, signal).catch(() => undefined);
    }
  }

  async #consumeStream(): Promise<void> {
    const metadata = await this.#metadata();
    const stream = this.#client.getWorkItems(new pb.GetWorkItemsRequest(), metadata);
    this.#stream = stream;
    this.#markConnected();
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (item: pb.WorkItem) => this.#dispatch(item));
      stream.on('end', resolve);
      stream.on('error', (error: grpc.ServiceError) => (error.code === grpc.status.CANCELLED ? resolve() : reject(error)));
    });
  }

  #dispatch(item: pb.WorkItem): void {
    const token = item.getCompletiontoken();
    let work: Promise<void>;
    switch (item.getRequestCase()) {
      case RequestCase.ORCHESTRATORREQUEST: {
        const request = item.getOrchestratorrequest() ?? new pb.OrchestratorRequest();
        work = this.#runAndComplete(`Orchestration work item for '${request.getInstanceid()}'`, 'orchestrator', token, () =>
          this.handlers.orchestrator(request, token),
        );
        break;
      }
      case RequestCase.ACTIVITYREQUEST: {
        const request = item.getActivityrequest() ?? new pb.ActivityRequest();
        work = this.#runAndComplete(
          `Activity work item '${request.getName()}' for '${request.getOrchestrationinstance()?.getInstanceid() ?? ''}'`,
          'activity',
          token,
          () => this.handlers.activity(request, token),
        );
        break;
      }
      case RequestCase.ENTITYREQUEST:
      case RequestCase.ENTITYREQUESTV2: {
        const entity: EntityWorkItem =
          item.getRequestCase() === RequestCase.ENTITYREQUEST
            ? { kind: 'v1', request: item.getEntityrequest() ?? new pb.EntityBatchRequest() }
            : { kind: 'v2', request: item.getEntityrequestv2() ?? new pb.EntityRequest() };
        work = this.#runAndComplete(`Entity work item for '${entity.request.getInstanceid()}'`, 'entity', token, () =>
          this.handlers.entity(entity, token),
        );
        break;
      }
      default:
        return; // health pings need no answer
    }
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work));
  }

  /**
   * Runs a work item and completes it. If either step fails, the item is abandoned at once (DTS offers it
   * again) instead of waiting out its lease, and the reason is logged.
   */
  async #runAndComplete(what: string, kind: WorkItemKind, token: string, run: () => Promise<unknown>): Promise<void> {
    let step = 'could not be run';
    try {
      const result = await run();
      step = 'could not be completed';
      await this.#unary(COMPLETE[kind], result);
    } catch (error) {
      const reason = (error as Error).stack ?? String(error);
      try {
        await this.#unary(ABANDON[kind], abandonRequest(kind, token));
        this.log('error', `${what} ${step}; abandoned it so DTS offers it again. Reason: ${reason}`);
      } catch (abandonError) {
        this.log(
          'error',
          `${what} ${step}, and abandoning it failed too (${(abandonError as Error).message}); DTS offers it again once its lease expires. Reason: ${reason}`,
        );
      }
    }
  }

  async #unary(method: UnaryMethod, request: unknown): Promise<void> {
    const metadata = await this.#metadata();
    await new Promise<void>((resolve, reject) => {
      const call = this.#client[method].bind(this.#client) as (
        request: unknown,
        metadata: grpc.Metadata,
        callback: (error: grpc.ServiceError | null) => void,
      ) => grpc.ClientUnaryCall;
      call(request, metadata, (error) => (error ? reject(error) : resolve()));
    });
  }
}
