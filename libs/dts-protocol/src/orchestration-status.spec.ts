import { OrchestrationStatus } from '@microsoft/durabletask-js';
import {
  OrchestrationStatusCode,
  RUNTIME_STATUS_NAMES,
  isTerminalStatus,
  parseRuntimeStatus,
  runtimeStatusName,
} from './orchestration-status.js';

describe('orchestration statuses', () => {
  it('uses the codes durabletask-js uses for every status it names', () => {
    expect(OrchestrationStatusCode.Running).toBe(OrchestrationStatus.RUNNING);
    expect(OrchestrationStatusCode.Completed).toBe(OrchestrationStatus.COMPLETED);
    expect(OrchestrationStatusCode.ContinuedAsNew).toBe(OrchestrationStatus.CONTINUED_AS_NEW);
    expect(OrchestrationStatusCode.Failed).toBe(OrchestrationStatus.FAILED);
    expect(OrchestrationStatusCode.Terminated).toBe(OrchestrationStatus.TERMINATED);
    expect(OrchestrationStatusCode.Pending).toBe(OrchestrationStatus.PENDING);
    expect(OrchestrationStatusCode.Suspended).toBe(OrchestrationStatus.SUSPENDED);
  });

  it('maps names and codes both ways, case-insensitively', () => {
    for (const name of RUNTIME_STATUS_NAMES) {
      const code = OrchestrationStatusCode[name];
      expect(runtimeStatusName(code)).toBe(name);
      expect(parseRuntimeStatus(` ${name.toUpperCase()} `)).toBe(code);
    }
    expect(parseRuntimeStatus('Bogus')).toBeUndefined();
    expect(runtimeStatusName(42)).toBeUndefined();
  });

  it('treats only Completed, Failed and Terminated as terminal', () => {
    const terminal = RUNTIME_STATUS_NAMES.filter((name) => isTerminalStatus(OrchestrationStatusCode[name]));
    expect(terminal).toEqual(['Completed', 'Failed', 'Terminated']);
  });
});
