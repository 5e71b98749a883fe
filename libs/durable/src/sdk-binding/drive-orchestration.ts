import type { AnyOrchestrationDefinition } from '../definitions.js';
import type { OrchestrationHost } from '../orchestration-context.js';
import { OrchestrationRun, type RunStep } from '../orchestration-run.js';
import type { SdkBinding } from './sdk-binding.js';
import { readFailure, readResult, scheduleCommand } from './scheduled-task.js';

/**
 * Runs one execution of a definition on an SDK: yields one SDK task per Command and resumes the body with
 * its outcome. A sync generator, because durable-functions v3 drives only sync generators; durabletask-js
 * drives only async ones, and delegates to this with `yield*`.
 */
export function* driveOrchestration<Task>(
  definition: AnyOrchestrationDefinition,
  host: OrchestrationHost,
  input: unknown,
  sdk: SdkBinding<Task>,
): Generator<Task, unknown, unknown> {
  const run = new OrchestrationRun(definition, host, input);
  let step = run.start();
  for (;;) {
    if (step.kind === 'completed') return step.output;
    if (step.kind === 'continuedAsNew') {
      sdk.continueAsNew(step.input);
      return undefined;
    }
    let scheduled: ReturnType<typeof scheduleCommand<Task>>;
    try {
      scheduled = scheduleCommand(sdk, step.command);
    } catch (error) {
      // The SDK refused the Command (e.g. its own critical-section rules): the body sees it where it yielded.
      step = run.fail(error);
      continue;
    }
    // Resume outside the try: an error the body throws must end the run, not be read as a task failure.
    let next: () => RunStep;
    try {
      const raw: unknown = yield scheduled.task;
      const value = readResult(sdk, scheduled, raw);
      next = () => run.resume(value);
    } catch (error) {
      const failure = readFailure(sdk, scheduled, error);
      next = () => run.fail(failure);
    }
    step = next();
  }
}
