// The gRPC metadata a DTS app sends on every call (durabletask-js-azuremanaged `options.ts`): the task hub
// that routes the call, who is calling, which worker it is, and a bearer token when a credential is set.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import * as grpc from '@grpc/grpc-js';
import type { TokenCredential } from '@azure/identity';
import { createBearerTokenCache } from './bearer-token-cache.js';
import type { DtsConnectionSettings } from './connection-string.js';
import { DTS_TOKEN_SCOPE, createTokenCredential } from './token-credential.js';

export type DtsRole = 'client' | 'worker';

/** Resolves to the metadata of one call (durabletask-js `metadataGenerator`). */
export type MetadataGenerator = () => Promise<grpc.Metadata>;

export interface MetadataGeneratorOptions {
  /** Overrides the credential the connection string names; null sends no token. */
  credential?: TokenCredential | null;
  /** Overrides the generated worker id (workers only). */
  workerId?: string;
}

const PACKAGE_VERSION: string = (() => {
  try {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return manifest.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
})();

/** `durable-hosts/<version> (DurableTaskClient)` or `(DurableTaskWorker)`, the shape DTS SDKs send. */
export function dtsUserAgent(role: DtsRole): string {
  return `durable-hosts/${PACKAGE_VERSION} (${role === 'worker' ? 'DurableTaskWorker' : 'DurableTaskClient'})`;
}

/** `<hostname>,<pid>,<32 hex>`, the .NET and JS DTS SDKs' worker id format. */
export function createWorkerId(): string {
  return `${hostname()},${process.pid},${randomUUID().replaceAll('-', '')}`;
}

/** A per-call metadata generator for TaskHubGrpcClient/TaskHubGrpcWorker `metadataGenerator`. */
export function createMetadataGenerator(
  settings: DtsConnectionSettings,
  role: DtsRole,
  options: MetadataGeneratorOptions = {},
): MetadataGenerator {
  const userAgent = dtsUserAgent(role);
  const workerId = role === 'worker' ? (options.workerId ?? createWorkerId()) : undefined;
  let tokenSource: Promise<(() => Promise<string>) | undefined> | undefined;

  const bearerToken = (): Promise<(() => Promise<string>) | undefined> => {
    tokenSource ??= (options.credential !== undefined
      ? Promise.resolve(options.credential ?? undefined)
      : createTokenCredential(settings)
    )
      .then((credential) => (credential ? createBearerTokenCache(credential, DTS_TOKEN_SCOPE) : undefined))
      .catch((error: unknown) => {
        tokenSource = undefined; // try again on the next call
        throw error;
      });
    return tokenSource;
  };

  return async () => {
    const metadata = new grpc.Metadata();
    metadata.set('taskhub', settings.taskHub);
    metadata.set('x-user-agent', userAgent);
    if (workerId !== undefined) metadata.set('workerid', workerId);
    const token = await bearerToken();
    if (token !== undefined) metadata.set('authorization', `Bearer ${await token()}`);
    return metadata;
  };
}
