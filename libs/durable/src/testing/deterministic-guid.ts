/**
 * A GUID derived from a seed (instance id, execution, counter), so replays get the same value, as
 * DTFx's name-based newGuid does. Not a real UUIDv5 (no SHA-1 without Node), just stable and well spread.
 */
export function deterministicGuid(seed: string): string {
  const words = [0x811c9dc5, 0x01000193, 0x5bd1e995, 0x27d4eb2f].map((offset) => {
    let hash = offset >>> 0;
    for (let i = 0; i < seed.length; i++) {
      hash ^= seed.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    hash ^= hash >>> 15;
    hash = Math.imul(hash, 0x2c1b3c6d) >>> 0;
    hash ^= hash >>> 12;
    return hash >>> 0;
  });
  const hex = words.map((w) => w.toString(16).padStart(8, '0')).join('');
  // Version 5 and RFC 4122 variant bits, so the value looks like what the SDKs return.
  const variant = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
