// Routes a call to its task hub by the `taskhub` metadata header, as DTS does: a missing header means
// `default`; a hub that isn't configured is NOT_FOUND.
import { EngineError } from '../engine/engine-error.js';
import type { TaskHubEngine } from '../engine/task-hub-engine.js';

export class TaskHubRouter {
  constructor(private readonly hubs: ReadonlyMap<string, TaskHubEngine>) {}

  resolve(name: string): TaskHubEngine {
    const hubName = name.trim() || 'default';
    const hub = this.hubs.get(hubName);
    if (!hub) {
      throw new EngineError(
        'NOT_FOUND',
        `Task hub not found: ${hubName}. This emulator serves: ${[...this.hubs.keys()].join(', ')}. ` +
          'Add the name to DTS_TASK_HUB_NAMES (or --task-hubs), comma-separated, and restart the emulator.',
      );
    }
    return hub;
  }
}
