// Speaks to the emulator below the SDK: raw bytes on `/TaskHubSidecarService/<Rpc>` (identity
// serializers, so any byte string can be sent), and a bare GetWorkItems stream that hands the test each
// work item instead of running it.
import * as grpc from '@grpc/grpc-js';
import pb from '@microsoft/durabletask-js/dist/proto/orchestrator_service_pb.js';
import grpcPb from '@microsoft/durabletask-js/dist/proto/orchestrator_service_grpc_pb.js';

export type WorkItem = InstanceType<typeof pb.WorkItem>;

const identity = (b: Buffer): Buffer => b;

export interface RawOutcome {
  code: grpc.status;
  details: string;
  /** Response messages (one for unary calls). */
  messages: Buffer[];
}

export function rawClient(hostAddress: string): grpc.Client {
  return new grpc.Client(hostAddress, grpc.credentials.createInsecure());
}

export function hub(taskHub = 'default'): grpc.Metadata {
  const md = new grpc.Metadata();
  md.set('taskhub', taskHub);
  return md;
}

export function rawUnary(client: grpc.Client, rpc: string, bytes: Uint8Array, md = hub(), deadlineMs = 10_000): Promise<RawOutcome> {
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      `/TaskHubSidecarService/${rpc}`,
      identity,
      identity,
      Buffer.from(bytes),
      md,
      { deadline: Date.now() + deadlineMs },
      (err, res) =>
        resolve(err ? { code: err.code, details: err.details, messages: [] } : { code: grpc.status.OK, details: '', messages: [res!] }),
    );
  });
}

/** Reads a server stream until it ends, fails, or `openMs` passes (then cancels it: still open = OK). */
export function rawServerStream(client: grpc.Client, rpc: string, bytes: Uint8Array, md = hub(), openMs = 1000): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const messages: Buffer[] = [];
    const call = client.makeServerStreamRequest(`/TaskHubSidecarService/${rpc}`, identity, identity, Buffer.from(bytes), md);
    let settled = false;
    const settle = (outcome: RawOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      settle({ code: grpc.status.OK, details: 'still open', messages });
      call.cancel();
    }, openMs);
    call.on('data', (m: Buffer) => messages.push(m));
    call.on('error', (err: grpc.ServiceError) => settle({ code: err.code, details: err.details, messages }));
    call.on('status', (s: grpc.StatusObject) => settle({ code: s.code, details: s.details, messages }));
  });
}

/** A worker that only receives work items; the test decides what (if anything) to answer. */
export class RawWorker {
  readonly client: InstanceType<typeof grpcPb.TaskHubSidecarServiceClient>;
  private readonly items: WorkItem[] = [];
  private readonly waiting: ((item: WorkItem) => void)[] = [];
  private readonly stream: grpc.ClientReadableStream<WorkItem>;

  constructor(hostAddress: string, workerId: string) {
    this.client = new grpcPb.TaskHubSidecarServiceClient(hostAddress, grpc.credentials.createInsecure());
    const md = hub();
    md.set('x-user-agent', 'raw-test-worker');
    md.set('workerid', workerId);
    this.stream = this.client.getWorkItems(new pb.GetWorkItemsRequest(), md);
    this.stream.on('data', (item: WorkItem) => {
      const next = this.waiting.shift();
      if (next) next(item);
      else this.items.push(item);
    });
    this.stream.on('error', () => undefined); // cancelled by close()
  }

  /** The next work item sent to this worker. */
  next(timeoutMs = 10_000): Promise<WorkItem> {
    const queued = this.items.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const waiter = (item: WorkItem): void => {
        clearTimeout(timer);
        resolve(item);
      };
      const timer = setTimeout(() => {
        // Gone from the queue, so a later item isn't handed to a wait that already gave up.
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        reject(new Error(`no work item within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.push(waiter);
    });
  }

  /** Whether a work item arrives within `ms`. */
  async receivesWithin(ms: number): Promise<boolean> {
    try {
      this.items.push(await this.next(ms));
      return true;
    } catch {
      return false;
    }
  }

  complete<Req>(rpc: 'completeOrchestratorTask' | 'completeActivityTask' | 'completeEntityTask', req: Req): Promise<grpc.ServiceError | null> {
    return new Promise((resolve) => {
      const fn = this.client[rpc].bind(this.client) as (r: Req, md: grpc.Metadata, cb: (err: grpc.ServiceError | null) => void) => void;
      fn(req, hub(), (err) => resolve(err));
    });
  }

  close(): void {
    this.stream.cancel();
    this.client.close();
  }
}
