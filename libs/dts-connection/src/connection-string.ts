// DTS connection strings, as the Durable Task Scheduler SDKs read them:
// `Endpoint=http://localhost:8080;TaskHub=default;Authentication=None`. Keys are case-insensitive and
// values are trimmed. `http://` means plaintext h2c (the emulator); `https://` or no scheme means TLS.

import { CONNECTION_STRING_SETTING } from '@durable-hosts/dts-protocol';

// The setting's name is a protocol fact (the emulator names it too); offered here with what reads it.
export { CONNECTION_STRING_SETTING };

/** The local emulator: gRPC on 8080, task hub `default`, no credential. */
export const DEFAULT_CONNECTION_STRING = 'Endpoint=http://localhost:8080;TaskHub=default;Authentication=None';

/** `None` sends no token; every other value names an `@azure/identity` credential. */
export const AUTHENTICATION_TYPES = [
  'None',
  'DefaultAzure',
  'ManagedIdentity',
  'WorkloadIdentity',
  'Environment',
  'AzureCLI',
  'AzurePowerShell',
  'VisualStudioCode',
  'InteractiveBrowser',
] as const;

export type AuthenticationType = (typeof AUTHENTICATION_TYPES)[number];

export interface DtsConnectionSettings {
  /** The Endpoint value as written (trimmed). */
  endpoint: string;
  /** `host:port` for gRPC; the port defaults to 80 for http:// and 443 otherwise. */
  hostAddress: string;
  useTls: boolean;
  taskHub: string;
  /** One of AUTHENTICATION_TYPES, in its canonical spelling. */
  authentication: string;
  clientId?: string;
  tenantId?: string;
  tokenFilePath?: string;
}

const EXPECTED_FORM = `Expected the form ${DEFAULT_CONNECTION_STRING}`;

// Canonical key spellings; lookup is by lower case.
const KNOWN_KEYS = ['Endpoint', 'TaskHub', 'Authentication', 'ClientID', 'TenantId', 'TokenFilePath'] as const;
type KnownKey = (typeof KNOWN_KEYS)[number];
const REQUIRED_KEYS: readonly KnownKey[] = ['Endpoint', 'TaskHub', 'Authentication'];

function invalid(problem: string): Error {
  return new Error(`Invalid DTS connection string: ${problem}. ${EXPECTED_FORM}`);
}

function splitPairs(value: string): Map<KnownKey, string> {
  const pairs = new Map<KnownKey, string>();
  for (const segment of value.split(';')) {
    if (segment.trim() === '') continue; // tolerate `;;` and a trailing `;`
    const separator = segment.indexOf('=');
    if (separator < 0) {
      throw invalid(`'${segment.trim()}' is not a Key=Value pair`);
    }
    const rawKey = segment.slice(0, separator).trim();
    if (rawKey === '') {
      throw invalid(`'${segment.trim()}' has no key before '='`);
    }
    const key = KNOWN_KEYS.find((known) => known.toLowerCase() === rawKey.toLowerCase());
    if (key === undefined) {
      throw invalid(`unknown key '${rawKey}' (known keys: ${KNOWN_KEYS.join(', ')})`);
    }
    if (pairs.has(key)) {
      throw invalid(`key '${key}' appears more than once`);
    }
    pairs.set(key, segment.slice(separator + 1).trim());
  }
  return pairs;
}

function parseEndpoint(endpoint: string): { hostAddress: string; useTls: boolean } {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(endpoint)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    throw invalid(`'Endpoint' has the scheme '${scheme}://' in '${endpoint}'; use http:// (plaintext) or https:// (TLS)`);
  }
  const useTls = scheme !== 'http';
  let url: URL;
  try {
    url = new URL(scheme === undefined ? `https://${endpoint}` : endpoint);
  } catch {
    throw invalid(`'Endpoint' value '${endpoint}' is not a URL such as http://localhost:8080`);
  }
  if (url.username !== '' || url.password !== '') {
    // Not echoed: the value holds a secret, and this message ends up in logs.
    throw invalid(`'Endpoint' must not contain a user name or password; credentials come from 'Authentication'`);
  }
  if (url.hostname === '' || (url.pathname !== '' && url.pathname !== '/') || url.search !== '' || url.hash !== '') {
    throw invalid(`'Endpoint' value '${endpoint}' must be a scheme, host and port only, such as http://localhost:8080`);
  }
  const port = url.port !== '' ? url.port : useTls ? '443' : '80';
  return { hostAddress: `${url.hostname}:${port}`, useTls };
}

function parseAuthentication(value: string): AuthenticationType {
  const match = AUTHENTICATION_TYPES.find((type) => type.toLowerCase() === value.toLowerCase());
  if (match === undefined) {
    throw invalid(`'Authentication' value '${value}' is not supported (use one of: ${AUTHENTICATION_TYPES.join(', ')})`);
  }
  return match;
}

/**
 * Values that replace the connection string's own, as a host that names them elsewhere does: the Durable
 * extension's azureManaged provider takes host.json `hubName` over the string's `TaskHub`
 * (`options.HubName ?? TaskHubName`), and the `durable` CLI takes `--endpoint` and `--task-hub`. A key that
 * is overridden may be missing from the string.
 */
export interface ConnectionStringOverrides {
  endpoint?: string;
  taskHub?: string;
}

/** Parses a DTS connection string; throws an Error naming the bad key and showing the expected form. */
export function parseConnectionString(value: string, overrides: ConnectionStringOverrides = {}): DtsConnectionSettings {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid('it is empty');
  }
  const pairs = splitPairs(value);
  if (overrides.endpoint !== undefined) pairs.set('Endpoint', overrides.endpoint.trim());
  if (overrides.taskHub !== undefined) pairs.set('TaskHub', overrides.taskHub.trim());
  for (const key of REQUIRED_KEYS) {
    const found = pairs.get(key);
    if (found === undefined) throw invalid(`missing '${key}'`);
    if (found === '') throw invalid(`'${key}' has no value`);
  }
  const endpoint = pairs.get('Endpoint') as string;
  const settings: DtsConnectionSettings = {
    endpoint,
    ...parseEndpoint(endpoint),
    taskHub: pairs.get('TaskHub') as string,
    authentication: parseAuthentication(pairs.get('Authentication') as string),
  };
  const optional: Array<[KnownKey, 'clientId' | 'tenantId' | 'tokenFilePath']> = [
    ['ClientID', 'clientId'],
    ['TenantId', 'tenantId'],
    ['TokenFilePath', 'tokenFilePath'],
  ];
  for (const [key, field] of optional) {
    const found = pairs.get(key);
    if (found !== undefined && found !== '') settings[field] = found;
  }
  return settings;
}

/** The task hub a connection string names, if any (so a host can say which of two names it chose). */
export function connectionStringTaskHub(value: string): string | undefined {
  return splitPairs(value).get('TaskHub') || undefined;
}

/** The settings from DURABLE_TASK_SCHEDULER_CONNECTION_STRING, or the local emulator's when it is unset. */
export function readConnectionSettings(env: Record<string, string | undefined> = process.env): DtsConnectionSettings {
  const value = env[CONNECTION_STRING_SETTING];
  if (value === undefined || value.trim() === '') {
    return parseConnectionString(DEFAULT_CONNECTION_STRING);
  }
  try {
    return parseConnectionString(value);
  } catch (error) {
    throw new Error(`${CONNECTION_STRING_SETTING}: ${(error as Error).message}`, { cause: error });
  }
}
