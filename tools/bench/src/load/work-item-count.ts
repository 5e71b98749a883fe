// Work items are counted from the stored history, not assumed: an orchestrator episode starts with an
// OrchestratorStarted event, an activity execution ends with TaskCompleted or TaskFailed.
import { HistoryEventType, type TaskHubGrpcClient } from '@microsoft/durabletask-js';

export interface WorkItemCount {
  instances: number;
  episodes: number;
  activities: number;
  /** Per-instance spread: episodes vary when the scheduler batches several results into one episode. */
  episodesPerInstance: { min: number; max: number };
  activitiesPerInstance: { min: number; max: number };
}

const READ_CONCURRENCY = 16;

export async function countWorkItems(
  client: TaskHubGrpcClient,
  instanceIds: readonly string[],
): Promise<WorkItemCount> {
  const count: WorkItemCount = {
    instances: instanceIds.length,
    episodes: 0,
    activities: 0,
    episodesPerInstance: { min: Infinity, max: 0 },
    activitiesPerInstance: { min: Infinity, max: 0 },
  };
  let next = 0;
  const readOne = async (id: string) => {
    const history = await client.getOrchestrationHistory(id);
    const episodes = history.filter((e) => e.type === HistoryEventType.OrchestratorStarted).length;
    const activities = history.filter(
      (e) => e.type === HistoryEventType.TaskCompleted || e.type === HistoryEventType.TaskFailed,
    ).length;
    if (episodes === 0)
      throw new Error(
        `The history of ${id} has no OrchestratorStarted event (${history.length} events): cannot count episodes.`,
      );
    count.episodes += episodes;
    count.activities += activities;
    count.episodesPerInstance.min = Math.min(count.episodesPerInstance.min, episodes);
    count.episodesPerInstance.max = Math.max(count.episodesPerInstance.max, episodes);
    count.activitiesPerInstance.min = Math.min(count.activitiesPerInstance.min, activities);
    count.activitiesPerInstance.max = Math.max(count.activitiesPerInstance.max, activities);
  };
  await Promise.all(
    Array.from({ length: Math.min(READ_CONCURRENCY, instanceIds.length) }, async () => {
      for (let id = instanceIds[next++]; id !== undefined; id = instanceIds[next++]) await readOne(id);
    }),
  );
  return count;
}
