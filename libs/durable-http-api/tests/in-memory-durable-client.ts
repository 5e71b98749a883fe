// durabletask-js's in-memory TestOrchestrationClient, plus the calls TaskHubGrpcClient has and it lacks
// (listing, history, rewind, restart, purge by filter), so the whole API runs without a server.
import {
  InMemoryOrchestrationBackend,
  OrchestrationStatus,
  Page,
  PurgeInstanceCriteria,
  TestOrchestrationClient,
  createAsyncPageable,
  type AsyncPageable,
  type HistoryEvent,
  type OrchestrationQuery,
  type OrchestrationState,
} from '@microsoft/durabletask-js';
import historyConverter from '@microsoft/durabletask-js/dist/utils/history-event-converter.js';
import type { DurableHttpClient } from '../src/index.js';

export class InMemoryDurableClient extends TestOrchestrationClient implements DurableHttpClient {
  private readonly ids: string[] = [];

  constructor(private readonly memory: InMemoryOrchestrationBackend) {
    super(memory);
  }

  override async scheduleNewOrchestration(name: string, input?: unknown, instanceId?: string): Promise<string> {
    const id = await super.scheduleNewOrchestration(name, input, instanceId);
    this.ids.push(id);
    return id;
  }

  private async states(): Promise<OrchestrationState[]> {
    const states = await Promise.all(this.ids.map((id) => this.getOrchestrationState(id, true)));
    return states.filter((state): state is OrchestrationState => state !== undefined);
  }

  getAllInstances(query: OrchestrationQuery = {}): AsyncPageable<OrchestrationState> {
    return createAsyncPageable(async (token, pageSize) => {
      const matching = (await this.states()).filter(
        (state) =>
          (query.statuses === undefined || query.statuses.includes(state.runtimeStatus)) &&
          (query.instanceIdPrefix === undefined || state.instanceId.startsWith(query.instanceIdPrefix)) &&
          (query.createdFrom === undefined || state.createdAt >= query.createdFrom) &&
          (query.createdTo === undefined || state.createdAt <= query.createdTo),
      );
      const start = Number(token ?? query.continuationToken ?? 0);
      const size = pageSize ?? query.pageSize ?? 100;
      const next = start + size < matching.length ? String(start + size) : undefined;
      return new Page(matching.slice(start, start + size), next);
    });
  }

  async getOrchestrationHistory(instanceId: string): Promise<HistoryEvent[]> {
    const instance = this.memory.getInstance(instanceId);
    return (instance?.history ?? [])
      .map((event) => historyConverter.convertProtoHistoryEvent(event))
      .filter((event): event is HistoryEvent => event !== undefined);
  }

  async rewindInstance(instanceId: string, reason: string): Promise<void> {
    await this.rewindOrchestration(instanceId, reason);
  }

  async restartOrchestration(instanceId: string, restartWithNewInstanceId = false): Promise<string> {
    const state = await this.getOrchestrationState(instanceId, true);
    if (state === undefined) throw Object.assign(new Error(`No instance '${instanceId}'`), { code: 5 });
    if (!restartWithNewInstanceId) this.memory.purge(instanceId);
    const input = state.serializedInput === undefined ? undefined : JSON.parse(state.serializedInput);
    return this.scheduleNewOrchestration(state.name, input, restartWithNewInstanceId ? undefined : instanceId);
  }

  override async purgeOrchestration(value: string | PurgeInstanceCriteria): Promise<{ deletedInstanceCount: number }> {
    if (typeof value === 'string') return super.purgeOrchestration(value);
    const statuses = value.getRuntimeStatusList();
    let deleted = 0;
    for (const state of await this.states()) {
      const inRange =
        (value.getCreatedTimeFrom() === undefined || state.createdAt >= (value.getCreatedTimeFrom() as Date)) &&
        (value.getCreatedTimeTo() === undefined || state.createdAt <= (value.getCreatedTimeTo() as Date));
      const statusMatches = statuses.length === 0 || statuses.includes(state.runtimeStatus);
      const terminal = [OrchestrationStatus.COMPLETED, OrchestrationStatus.FAILED, OrchestrationStatus.TERMINATED].includes(state.runtimeStatus);
      if (inRange && statusMatches && terminal && this.memory.purge(state.instanceId)) deleted++;
    }
    return { deletedInstanceCount: deleted };
  }
}
