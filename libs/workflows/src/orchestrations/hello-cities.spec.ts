import { TestOrchestrationRunner } from '@durable-hosts/durable/testing';
import { activities, orchestrations } from '../index.js';
import { chainingOrchestration } from './chaining.js';
import { fanOutFanInOrchestration } from './fan-out-fan-in.js';

const runner = new TestOrchestrationRunner({ orchestrations, activities });

describe('chaining_orchestration', () => {
  it('greets Tokyo, Seattle and London in sequence (the seed output)', async () => {
    const result = await runner.run(chainingOrchestration);
    expect(result.status).toBe('completed');
    expect(JSON.stringify(result.output)).toBe('["Hello Tokyo!","Hello Seattle!","Hello London!"]');
    const scheduled = result.history
      .filter((e) => e.type === 'TaskScheduled')
      .map((e) => e.type === 'TaskScheduled' && e.input);
    expect(scheduled).toEqual(['Tokyo', 'Seattle', 'London']);
    // Sequential: each activity is scheduled only after the previous one completed.
    expect(result.history.map((e) => e.type).slice(1, 5)).toEqual([
      'TaskScheduled',
      'TaskCompleted',
      'TaskScheduled',
      'TaskCompleted',
    ]);
  });

  it('greets the cities it is given', async () => {
    expect((await runner.run(chainingOrchestration, ['Oslo'])).output).toEqual(['Hello Oslo!']);
  });
});

describe('fan_out_fan_in_orchestration', () => {
  it('greets the five seed cities in parallel, results in input order (the seed output)', async () => {
    const result = await runner.run(fanOutFanInOrchestration);
    expect(JSON.stringify(result.output)).toBe(
      '["Hello Tokyo!","Hello Seattle!","Hello London!","Hello Paris!","Hello Berlin!"]',
    );
    // Parallel: all five are scheduled before any completes.
    expect(result.history.map((e) => e.type).slice(1, 6)).toEqual(Array(5).fill('TaskScheduled'));
  });

  it('keeps input order when activities finish out of order', async () => {
    const slowTokyo = new TestOrchestrationRunner({
      activities,
      activityOverrides: {
        say_hello: async (city: string) => {
          if (city === 'Tokyo') await new Promise((resolve) => setTimeout(resolve, 20));
          return `Hello ${city}!`;
        },
      },
    });
    const result = await slowTokyo.run(fanOutFanInOrchestration, ['Tokyo', 'Lima']);
    expect(result.output).toEqual(['Hello Tokyo!', 'Hello Lima!']);
    const completed = result.history
      .filter((e) => e.type === 'TaskCompleted')
      .map((e) => e.type === 'TaskCompleted' && e.result);
    expect(completed).toEqual(['Hello Lima!', 'Hello Tokyo!']);
  });

  it('returns an empty list for no cities', async () => {
    expect((await runner.run(fanOutFanInOrchestration, [])).output).toEqual([]);
  });
});
