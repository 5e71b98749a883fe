// Contract: every workflow runs on durable-functions v3's own replay engine (createOrchestrator, driven
// episode by episode with DTFx-shaped histories) and produces what the in-memory runner produces.
import { makeEntityId } from '@durable-hosts/durable';
import {
  catchesEntityFailure,
  conformanceActivities,
  conformanceEntities,
  conformanceOrchestrations,
  entityRoundTrip,
  entityRoundTripOutput,
  nestedAllAny,
  TestOrchestrationRunner,
  type RaiseEvent,
} from '@durable-hosts/durable/testing';
// Contract tests run the product's workflows; only tests cross this boundary, never adapter code.
import { activities, counter, entities, orchestrations, workflowScenarios } from '@durable-hosts/workflows';
import { toDurableFunctionsOrchestrator } from '../src/orchestrator-adapter.js';
import { DurableFunctionsReplayHost } from './durable-functions-replay-host.js';

const START = new Date('2026-01-01T00:00:00.000Z');

const scenarios = workflowScenarios;

const host = new DurableFunctionsReplayHost(
  toDurableFunctionsOrchestrator,
  {
    orchestrations: [...orchestrations, ...conformanceOrchestrations],
    activities: [...activities, ...conformanceActivities],
    entities: [...entities, ...conformanceEntities],
  },
  START,
);

describe('durable-functions v3 contract', () => {
  it.each(scenarios.map((s, i) => [s.title, s, i] as const))(
    '%s: same output as the in-memory runner',
    async (_title, scenario, i) => {
      const events: RaiseEvent[] = (scenario.events ?? []).map((e) => ({
        name: e.name,
        data: e.data,
        at: { seconds: e.afterSeconds },
      }));
      const runner = new TestOrchestrationRunner({ orchestrations, activities, entities, startTime: START });
      for (const signal of scenario.entitySignals ?? []) {
        await runner.signalEntity(signal.entity, signal.key, signal.operation as never, signal.input as never);
        await host.signalEntity(makeEntityId(signal.entity.name, signal.key), signal.operation, signal.input);
      }
      const expected = await runner.run(scenario.definition, scenario.input, {
        instanceId: `runner-${i}`,
        events,
      });
      expect(expected.output).toEqual(scenario.expected);

      const outcome = await host.run(scenario.definition.name, scenario.input, `df-${i}`, scenario.events);
      expect(outcome.error).toBeUndefined();
      expect(outcome.status).toBe('completed');
      expect(outcome.output).toEqual(expected.output);
      expect(outcome.finishedAt).toEqual(expected.finishedAt);
      if (scenario.compareCustomStatus) expect(outcome.customStatus).toEqual(expected.customStatus);
    },
  );

  it('replays chaining in one episode per activity plus the start', async () => {
    const outcome = await host.run('chaining_orchestration', null, 'episodes-1');
    expect(outcome.episodes).toBe(4);
    expect(JSON.stringify(outcome.output)).toBe('["Hello Tokyo!","Hello Seattle!","Hello London!"]');
  });

  describe('entities', () => {
    it('runs a signalled counter through df.app.entity (counter@k1 add 5 twice gives 10)', async () => {
      const id = makeEntityId(counter.name, 'k1');
      await host.signalEntity(id, 'add', 5);
      await host.signalEntity(id, 'add', 5);
      expect(host.world.state(id)).toEqual({ exists: true, value: 10 });
    });

    it('maps calls, signals, a scheduled signal and a critical section like the runner', async () => {
      expect((await host.run(entityRoundTrip.name, null, 'round-trip-1')).output).toEqual(entityRoundTripOutput);
    });

    it('throws a failed entity operation into the orchestration with the entity message, state rolled back', async () => {
      expect((await host.run(catchesEntityFailure.name, null, 'entity-failure-1')).output).toEqual({
        kind: 'entity',
        entity: { name: 'ledger', key: 'entity-failure-1' },
        operation: 'spend',
        errorType: 'RangeError',
        errorMessage: 'cannot spend 5, the ledger holds 3',
        balance: 2,
      });
    });
  });

  describe('error and race mapping', () => {
    it('reads results of all/any nested in each other', async () => {
      const expected = { race: 1, pair: ['echo A', 'echo B'], outer: { index: 0, value: ['echo C'] } };
      const runner = await new TestOrchestrationRunner({ activities: conformanceActivities }).run(nestedAllAny);
      expect(runner.output).toEqual(expected);
      expect((await host.run('nested_all_any', null, 'nested-1')).output).toEqual(expected);
    });

    it('throws activity failures into the orchestration as our TaskFailedError with the details', async () => {
      const outcome = await host.run('catches_failure', null, 'errors-1');
      expect(outcome.output).toEqual({
        kind: 'activity',
        name: 'explode',
        errorType: 'RangeError',
        errorMessage: 'boom',
        hasStack: true,
      });
    });

    it('fails the instance with the message of an uncaught activity failure', async () => {
      const outcome = await host.run('fails_uncaught', null, 'errors-2');
      expect(outcome.status).toBe('failed');
      expect(outcome.error).toContain("Activity 'explode' failed: RangeError: kaput");
    });

    it('fails `all` with the first failure in input order', async () => {
      expect((await host.run('all_with_failure', null, 'errors-3')).output).toBe('first');
    });

    it('throws the failure of the task that won `any`', async () => {
      expect((await host.run('any_with_failing_winner', null, 'errors-4')).output).toBe('fast failure');
    });

    it('throws sub-orchestration failures as TaskFailedError naming the child', async () => {
      const outcome = await host.run('catches_child_failure', null, 'errors-5');
      expect(outcome.output).toMatchObject({ kind: 'subOrchestration', name: 'failing_child' });
      expect((outcome.output as { errorMessage: string }).errorMessage).toContain('child broke');
    });

    it('maps newGuid, custom status and the replay-safe clock to the SDK', async () => {
      const outcome = await host.run('guids_and_status', null, 'guids-1');
      expect(outcome.output).toEqual({ stable: true, distinct: true, at: '2026-01-01T00:00:01.000Z' });
      expect(outcome.customStatus).toEqual({ step: 'after timer' });
    });
  });
});
