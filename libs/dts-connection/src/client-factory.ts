// A TaskHubGrpcClient that talks to a DTS endpoint the way DTS apps do: plaintext or TLS by the endpoint's
// scheme, and the DTS metadata on every call.
import { TaskHubGrpcClient, type Logger } from '@microsoft/durabletask-js';
import type { DtsConnectionSettings } from './connection-string.js';
import { dtsChannel } from './dts-channel.js';
import { createMetadataGenerator, type MetadataGeneratorOptions } from './dts-metadata.js';

export interface DurableTaskClientOptions extends MetadataGeneratorOptions {
  logger?: Logger;
}

export function createDurableTaskClient(
  settings: DtsConnectionSettings,
  options: DurableTaskClientOptions = {},
): TaskHubGrpcClient {
  const channel = dtsChannel(settings);
  return new TaskHubGrpcClient({
    hostAddress: channel.hostAddress,
    options: channel.options,
    credentials: channel.credentials,
    metadataGenerator: createMetadataGenerator(settings, 'client', options),
    logger: options.logger,
  });
}
