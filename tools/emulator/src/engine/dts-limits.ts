// The limits DTS enforces (durable-task-scheduler.md "Limitations"), refused with a message naming the rule.
import { EngineError } from './engine-error.js';

export const MAX_INSTANCE_ID_LENGTH = 100;
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

export function checkInstanceId(instanceId: string, what = 'Instance ID'): void {
  if (instanceId.length === 0) {
    throw new EngineError('INVALID_ARGUMENT', `${what} must not be empty.`);
  }
  if (instanceId.length > MAX_INSTANCE_ID_LENGTH) {
    throw new EngineError(
      'INVALID_ARGUMENT',
      `${what} '${instanceId.slice(0, 20)}...' is ${instanceId.length} characters long; the limit is ${MAX_INSTANCE_ID_LENGTH}.`,
    );
  }
  const bad = [...instanceId].find((c) => c < ' ' || c > '~');
  if (bad !== undefined) {
    throw new EngineError(
      'INVALID_ARGUMENT',
      `${what} '${instanceId}' contains the character U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}; ` +
        'only printable ASCII (0x20-0x7E) is allowed.',
    );
  }
}

export function checkOrchestrationInstanceId(instanceId: string): void {
  checkInstanceId(instanceId);
  if (instanceId.startsWith('@')) {
    throw new EngineError(
      'INVALID_ARGUMENT',
      `Instance ID '${instanceId}' starts with '@', which is reserved for entities (@name@key). Choose another ID.`,
    );
  }
}

export function checkPayload(field: string, value: string | undefined): void {
  if (value === undefined || value.length * 3 <= MAX_PAYLOAD_BYTES) return;
  const size = Buffer.byteLength(value, 'utf8');
  if (size > MAX_PAYLOAD_BYTES) {
    throw new EngineError(
      'INVALID_ARGUMENT',
      `The ${field} is ${size} bytes; payloads are limited to ${MAX_PAYLOAD_BYTES} bytes (1 MB). ` +
        'Store large data elsewhere and pass a reference.',
    );
  }
}
