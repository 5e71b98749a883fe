import { FailureDetails, OrchestrationState, OrchestrationStatus } from '@microsoft/durabletask-js';
import { formatFunctionsTime, parseRuntimeStatus, parseSerialized, runtimeStatusName, toStatusPayload } from './status-payload.js';

describe('the status payload', () => {
  it('names every durabletask-js status as Functions does, and parses the names back case-insensitively', () => {
    const statuses = [
      OrchestrationStatus.RUNNING,
      OrchestrationStatus.COMPLETED,
      OrchestrationStatus.CONTINUED_AS_NEW,
      OrchestrationStatus.FAILED,
      OrchestrationStatus.TERMINATED,
      OrchestrationStatus.PENDING,
      OrchestrationStatus.SUSPENDED,
    ];
    expect(statuses.map(runtimeStatusName)).toEqual(['Running', 'Completed', 'ContinuedAsNew', 'Failed', 'Terminated', 'Pending', 'Suspended']);
    for (const status of statuses) expect(parseRuntimeStatus(runtimeStatusName(status).toUpperCase())).toBe(status);
    expect(parseRuntimeStatus('Canceled')).toBeUndefined();
    expect(parseRuntimeStatus('Bogus')).toBeUndefined();
  });

  it('parses payloads like the extension: null when absent, JSON when JSON, else the raw string', () => {
    expect(parseSerialized(undefined)).toBeNull();
    expect(parseSerialized('  ')).toBe('');
    expect(parseSerialized('{"a":[1,2]}')).toEqual({ a: [1, 2] });
    expect(parseSerialized('terminated by ops')).toBe('terminated by ops');
  });

  it('formats times as yyyy-MM-ddTHH:mm:ssZ', () => {
    expect(formatFunctionsTime(new Date('2026-11-28T10:36:07.682Z'))).toBe('2026-11-28T10:36:07Z');
  });

  it('has exactly the Functions fields, in order, and reports a failure through output', () => {
    const state = new OrchestrationState(
      'id-1',
      'chaining_orchestration',
      OrchestrationStatus.FAILED,
      new Date('2026-11-28T10:00:00Z'),
      new Date('2026-11-28T10:00:05Z'),
      '["Tokyo"]',
      undefined,
      '{"step":2}',
      new FailureDetails('the cities are closed', 'Error'),
    );
    const payload = toStatusPayload(state, { showInput: true });
    expect(Object.keys(payload)).toEqual(['name', 'instanceId', 'runtimeStatus', 'input', 'customStatus', 'output', 'createdTime', 'lastUpdatedTime']);
    expect(payload).toEqual({
      name: 'chaining_orchestration',
      instanceId: 'id-1',
      runtimeStatus: 'Failed',
      input: ['Tokyo'],
      customStatus: { step: 2 },
      output: "Orchestrator function 'chaining_orchestration' failed: the cities are closed",
      createdTime: '2026-11-28T10:00:00Z',
      lastUpdatedTime: '2026-11-28T10:00:05Z',
    });
  });
});
