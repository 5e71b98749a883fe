import type { TokenCredential } from '@azure/identity';
import * as identity from '@azure/identity';
import { parseConnectionString } from './connection-string.js';
import { createMetadataGenerator, createWorkerId, dtsUserAgent } from './dts-metadata.js';
import { createTokenCredential } from './token-credential.js';

const emulator = parseConnectionString('Endpoint=http://localhost:8080;TaskHub=hub-1;Authentication=None');

function headers(metadata: { getMap(): Record<string, unknown> }): Record<string, unknown> {
  return metadata.getMap();
}

describe('createMetadataGenerator', () => {
  it('sends taskhub and a client x-user-agent, and no workerid or authorization, for clients', async () => {
    const metadata = headers(await createMetadataGenerator(emulator, 'client')());
    expect(metadata).toEqual({ taskhub: 'hub-1', 'x-user-agent': dtsUserAgent('client') });
    expect(metadata['x-user-agent']).toMatch(/^durable-hosts\/\d+\.\d+\.\d+\S* \(DurableTaskClient\)$/);
  });

  it('adds a stable workerid of the form <hostname>,<pid>,<32 hex> for workers', async () => {
    const generate = createMetadataGenerator(emulator, 'worker');
    const first = headers(await generate());
    const second = headers(await generate());
    expect(first['x-user-agent']).toMatch(/\(DurableTaskWorker\)$/);
    expect(first.workerid).toMatch(new RegExp(`^[^,]+,${process.pid},[0-9a-f]{32}$`));
    expect(second.workerid).toBe(first.workerid);
  });

  it('gives every worker its own id', () => {
    expect(createWorkerId()).not.toBe(createWorkerId());
  });

  it('adds a bearer token for the DTS scope when a credential is set', async () => {
    const scopes: string[] = [];
    const credential: TokenCredential = {
      async getToken(scope) {
        scopes.push(String(scope));
        return { token: 'secret-token', expiresOnTimestamp: Date.now() + 3_600_000 };
      },
    };
    const managed = parseConnectionString('Endpoint=https://s.durabletask.io;TaskHub=prod;Authentication=ManagedIdentity');
    const generate = createMetadataGenerator(managed, 'worker', { credential });
    expect(headers(await generate()).authorization).toBe('Bearer secret-token');
    expect(headers(await generate()).authorization).toBe('Bearer secret-token');
    expect(scopes).toEqual(['https://durabletask.io/.default']);
  });

  it('surfaces a credential failure on the call, and retries it on the next call', async () => {
    let attempts = 0;
    const credential: TokenCredential = {
      async getToken() {
        attempts++;
        if (attempts === 1) throw new Error('no identity available');
        return { token: 'second', expiresOnTimestamp: Date.now() + 3_600_000 };
      },
    };
    const generate = createMetadataGenerator(emulator, 'client', { credential });
    await expect(generate()).rejects.toThrow('no identity available');
    expect(headers(await generate()).authorization).toBe('Bearer second');
  });
});

describe('createTokenCredential', () => {
  it('has no credential for Authentication=None', async () => {
    expect(await createTokenCredential(emulator)).toBeUndefined();
  });

  it.each([
    ['DefaultAzure', identity.DefaultAzureCredential],
    ['ManagedIdentity', identity.ManagedIdentityCredential],
    ['WorkloadIdentity', identity.WorkloadIdentityCredential],
    ['Environment', identity.EnvironmentCredential],
    ['AzureCLI', identity.AzureCliCredential],
    ['AzurePowerShell', identity.AzurePowerShellCredential],
    ['VisualStudioCode', identity.VisualStudioCodeCredential],
    ['InteractiveBrowser', identity.InteractiveBrowserCredential],
  ])('maps Authentication=%s to its @azure/identity credential', async (authentication, type) => {
    const settings = parseConnectionString(
      `Endpoint=https://s.durabletask.io;TaskHub=t;Authentication=${authentication};ClientID=00000000-0000-0000-0000-000000000001;TenantId=00000000-0000-0000-0000-000000000002;TokenFilePath=/tmp/none`,
    );
    expect(await createTokenCredential(settings)).toBeInstanceOf(type);
  });
});
