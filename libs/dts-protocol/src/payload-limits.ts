/** DTS refuses any payload (input, output, event data, entity state) over 1 MB (durable-task-scheduler "Limitations"). */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

/**
 * The UTF-8 size of a serialised payload, counted by hand so that code without Node's Buffer or the DOM's
 * TextEncoder (the programming model runs on every host) can check the limit.
 */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4; // a surrogate pair: one 4-byte code point
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** The payload's size when it is over the limit, else undefined (cheap for small payloads). */
export function oversizedPayloadBytes(text: string): number | undefined {
  if (text.length * 3 <= MAX_PAYLOAD_BYTES) return undefined;
  const bytes = utf8ByteLength(text);
  return bytes > MAX_PAYLOAD_BYTES ? bytes : undefined;
}
