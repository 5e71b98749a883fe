/**
 * Entities are addressed as `@name@key` on the wire (DTS, the Durable extension and both SDKs): the name
 * lower-cased (entity names are case-insensitive), the key as given.
 */
export function entityInstanceId(name: string, key: string): string {
  return `@${name.toLowerCase()}@${key}`;
}

/** `@name@key` → its parts, or undefined when the text is not an entity instance id. */
export function parseEntityInstanceId(instanceId: string): { name: string; key: string } | undefined {
  const match = /^@([^@]+)@([\s\S]*)$/.exec(instanceId);
  return match ? { name: match[1] as string, key: match[2] as string } : undefined;
}
