import { activities, entities, orchestrations } from '../index.js';

describe('the workflow registry', () => {
  it('lists every orchestration, activity and entity once, under its contract name', () => {
    expect(orchestrations.map((o) => o.name)).toEqual([
      'chaining_orchestration',
      'fan_out_fan_in_orchestration',
      'regional_greetings_orchestration',
      'human_interaction_orchestration',
      'monitor_orchestration',
      'retry_orchestration',
      'eternal_orchestration',
      'progress_orchestration',
      'counter_fan_out_orchestration',
      'bank_transfer_orchestration',
    ]);
    expect(activities.map((a) => a.name)).toEqual([
      'say_hello',
      'request_approval',
      'check_job_status',
      'flaky_say_hello',
      'record_heartbeat',
    ]);
    expect(entities.map((e) => e.name)).toEqual(['counter', 'account']);
  });
});
