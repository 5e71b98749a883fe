import { describe, expect, it } from 'vitest';
import { buildDurableClientBinding } from './durable-client-binding.js';

describe('the durableClient binding payload', () => {
  const payload = buildDurableClientBinding('http://localhost:7071', 'default', 'DURABLE_TASK_SCHEDULER_CONNECTION_STRING');

  it('points every URL template at the webhook routes of this host', () => {
    expect(payload.baseUrl).toBe('http://localhost:7071/runtime/webhooks/durabletask');
    expect(payload.creationUrls.createNewInstancePostUri).toBe('http://localhost:7071/runtime/webhooks/durabletask/orchestrators/{functionName}[/{instanceId}]');
    expect(payload.managementUrls.statusQueryGetUri).toBe(
      'http://localhost:7071/runtime/webhooks/durabletask/instances/INSTANCEID?taskHub=default&connection=DURABLE_TASK_SCHEDULER_CONNECTION_STRING',
    );
    expect(payload.managementUrls.sendEventPostUri).toContain('/instances/INSTANCEID/raiseEvent/{eventName}?');
  });

  it('carries what durable-functions checks to accept it', () => {
    expect(payload.taskHubName).toBe('default');
    expect(payload.managementUrls.id).toBe('INSTANCEID');
    expect(payload.requiredQueryStringParameters).toBe('');
  });

  it('appends the system key as code= when there is one', () => {
    const keyed = buildDurableClientBinding('http://localhost:7071', 'default', 'C', 'k3y');
    expect(keyed.requiredQueryStringParameters).toBe('code=k3y');
    expect(keyed.managementUrls.statusQueryGetUri).toBe('http://localhost:7071/runtime/webhooks/durabletask/instances/INSTANCEID?taskHub=default&connection=C&code=k3y');
    expect(keyed.creationUrls.createNewInstancePostUri).toBe('http://localhost:7071/runtime/webhooks/durabletask/orchestrators/{functionName}[/{instanceId}]?code=k3y');
  });
});
