import { entityInstanceId } from '@durable-hosts/dts-protocol';

/** Which entity: its type name (case-insensitive, kept lower-case) and its key. */
export interface EntityId {
  readonly name: string;
  readonly key: string;
}

/** Builds an EntityId, refusing what no host can address (an empty key, an '@' in the name). */
export function makeEntityId(name: string, key: string): EntityId {
  if (typeof key !== 'string' || key === '') {
    throw new Error(
      `Entity key must be a non-empty string, got ${JSON.stringify(key)} (entity '${name}'). Pick a key per instance, e.g. a user id.`,
    );
  }
  return Object.freeze({ name: name.toLowerCase(), key });
}

/** `@name@key`, the form every host and the dashboard show. */
export function formatEntityId(id: EntityId): string {
  return entityInstanceId(id.name, id.key);
}
