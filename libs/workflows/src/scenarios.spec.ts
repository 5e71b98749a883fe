import { TestOrchestrationRunner } from '@durable-hosts/durable/testing';
import { activities, entities, orchestrations } from './index.js';
import { workflowScenarios } from './scenarios.js';

const START = new Date('2026-01-01T00:00:00.000Z');

// The table every host's contract tests check against: here on the in-memory runner, with its replay check.
describe('the scenario table on the in-memory runner', () => {
  it.each(workflowScenarios.map((s) => [s.title, s] as const))('%s', async (_title, scenario) => {
    const runner = new TestOrchestrationRunner({ orchestrations, activities, entities, startTime: START });
    for (const signal of scenario.entitySignals ?? [])
      await runner.signalEntity(signal.entity, signal.key, signal.operation as never, signal.input as never);
    const result = await runner.run(scenario.definition, scenario.input, {
      events: (scenario.events ?? []).map((e) => ({ name: e.name, data: e.data, at: { seconds: e.afterSeconds } })),
    });
    expect(result.failure).toBeUndefined();
    expect(result.output).toEqual(scenario.expected);
  });
});
