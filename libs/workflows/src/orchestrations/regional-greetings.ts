import { defineOrchestration } from '@durable-hosts/durable';
import { fanOutFanInOrchestration } from './fan-out-fan-in.js';

export interface Region {
  readonly region: string;
  readonly cities: readonly string[];
}

export const DEFAULT_REGIONS: readonly Region[] = [
  { region: 'Asia', cities: ['Tokyo', 'Seoul'] },
  { region: 'Europe', cities: ['London', 'Paris', 'Berlin'] },
];

/**
 * Sub-orchestrations: one fan-out/fan-in child per region, in parallel. Children get predictable instance
 * ids (`<parent>:<region>`), so they can be found in the dashboard and queried.
 */
export const regionalGreetingsOrchestration = defineOrchestration(
  'regional_greetings_orchestration',
  function* (ctx, regions?: Region[] | null) {
    const list = regions ?? DEFAULT_REGIONS;
    const greetings = yield* ctx.all(
      list.map(({ region, cities }) =>
        ctx.callSubOrchestration(fanOutFanInOrchestration, [...cities], {
          instanceId: `${ctx.instanceId}:${region.toLowerCase()}`,
        }),
      ),
    );
    return list.map(({ region }, i) => ({ region, greetings: greetings[i] ?? [] }));
  },
);
