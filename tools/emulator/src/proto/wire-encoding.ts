// Hand-encodes the few hot messages (work items, history chunks) from history events that are already
// stored as protobuf bytes, so a dispatch never decodes and re-serialises the whole history. Each message
// is written into one buffer of exactly its size; an instance's past events are kept encoded between
// episodes (EncodedPastEvents), so episode k copies its history once instead of re-encoding it.
import { pb } from './messages.js';

const WIRE_LENGTH_DELIMITED = 2;

function varintSize(value: number): number {
  let size = 1;
  for (let v = value; v > 0x7f; v = Math.floor(v / 128)) size++;
  return size;
}

function writeVarint(out: Uint8Array, offset: number, value: number): number {
  let v = value;
  while (v > 0x7f) {
    out[offset++] = (v & 0x7f) | 0x80;
    v = Math.floor(v / 128);
  }
  out[offset++] = v;
  return offset;
}

/** Size of a length-delimited field (tag, length, payload). */
function fieldSize(field: number, length: number): number {
  return varintSize((field << 3) | WIRE_LENGTH_DELIMITED) + varintSize(length) + length;
}

/** Writes a length-delimited field's tag and length; the payload follows at the returned offset. */
function writeFieldHeader(out: Uint8Array, offset: number, field: number, length: number): number {
  return writeVarint(out, writeVarint(out, offset, (field << 3) | WIRE_LENGTH_DELIMITED), length);
}

function writeBytesField(out: Uint8Array, offset: number, field: number, bytes: Uint8Array): number {
  const at = writeFieldHeader(out, offset, field, bytes.length);
  out.set(bytes, at);
  return at + bytes.length;
}

/** A WorkItem whose wire form is already known; the generated serializer only calls serializeBinary(). */
export class EncodedWorkItem extends pb.WorkItem {
  constructor(private readonly encoded: Buffer) {
    super();
  }

  override serializeBinary(): Buffer {
    return this.encoded;
  }
}

/** A HistoryChunk built from stored event bytes. */
export class EncodedHistoryChunk extends pb.HistoryChunk {
  constructor(private readonly encoded: Buffer) {
    super();
  }

  override serializeBinary(): Buffer {
    return this.encoded;
  }
}

// Field numbers from orchestrator_service.proto (WorkItem, OrchestratorRequest, StringValue, HistoryChunk).
const WORK_ITEM_ORCHESTRATOR_REQUEST = 1;
const WORK_ITEM_ACTIVITY_REQUEST = 2;
const WORK_ITEM_COMPLETION_TOKEN = 10;
const REQUEST_INSTANCE_ID = 1;
const REQUEST_EXECUTION_ID = 2;
const REQUEST_PAST_EVENTS = 3;
const REQUEST_NEW_EVENTS = 4;
const STRING_VALUE_VALUE = 1;
const HISTORY_CHUNK_EVENTS = 1;

/**
 * An instance's history as the `pastEvents` fields of an OrchestratorRequest, grown as the history grows.
 * Rebuilt when the history array is replaced (continue-as-new, rewind).
 */
export class EncodedPastEvents {
  private buffer = new Uint8Array(0);
  private used = 0;
  private count = 0;
  private source: readonly Uint8Array[] | undefined;

  /** The encoded fields of `history` (which must only have grown since the last call, or be a new array). */
  encode(history: readonly Uint8Array[]): Uint8Array {
    if (history !== this.source || history.length < this.count) {
      this.source = history;
      this.used = 0;
      this.count = 0;
    }
    if (this.count < history.length) {
      const added = history.slice(this.count);
      let extra = 0;
      for (const event of added) extra += fieldSize(REQUEST_PAST_EVENTS, event.length);
      if (this.used + extra > this.buffer.length) {
        const grown = new Uint8Array(Math.max(this.used + extra, this.buffer.length * 2, 256));
        grown.set(this.buffer.subarray(0, this.used));
        this.buffer = grown;
      }
      for (const event of added) this.used = writeBytesField(this.buffer, this.used, REQUEST_PAST_EVENTS, event);
      this.count = history.length;
    }
    return this.buffer.subarray(0, this.used);
  }
}

export function encodeOrchestratorWorkItem(
  instanceId: string,
  executionId: string,
  pastEvents: Uint8Array,
  newEvents: readonly Uint8Array[],
  completionToken: string,
): EncodedWorkItem {
  const idLength = Buffer.byteLength(instanceId);
  const executionLength = Buffer.byteLength(executionId);
  const tokenLength = Buffer.byteLength(completionToken);
  const executionValueSize = fieldSize(STRING_VALUE_VALUE, executionLength);
  let requestSize = fieldSize(REQUEST_INSTANCE_ID, idLength) + fieldSize(REQUEST_EXECUTION_ID, executionValueSize) + pastEvents.length;
  for (const event of newEvents) requestSize += fieldSize(REQUEST_NEW_EVENTS, event.length);
  const out = Buffer.allocUnsafe(fieldSize(WORK_ITEM_ORCHESTRATOR_REQUEST, requestSize) + fieldSize(WORK_ITEM_COMPLETION_TOKEN, tokenLength));
  let at = writeFieldHeader(out, 0, WORK_ITEM_ORCHESTRATOR_REQUEST, requestSize);
  at = writeFieldHeader(out, at, REQUEST_INSTANCE_ID, idLength);
  at += out.write(instanceId, at, 'utf8');
  at = writeFieldHeader(out, at, REQUEST_EXECUTION_ID, executionValueSize);
  at = writeFieldHeader(out, at, STRING_VALUE_VALUE, executionLength);
  at += out.write(executionId, at, 'utf8');
  out.set(pastEvents, at);
  at += pastEvents.length;
  for (const event of newEvents) at = writeBytesField(out, at, REQUEST_NEW_EVENTS, event);
  at = writeFieldHeader(out, at, WORK_ITEM_COMPLETION_TOKEN, tokenLength);
  out.write(completionToken, at, 'utf8');
  return new EncodedWorkItem(out);
}

export function encodeActivityWorkItem(activityRequest: Uint8Array, completionToken: string): EncodedWorkItem {
  const tokenLength = Buffer.byteLength(completionToken);
  const out = Buffer.allocUnsafe(
    fieldSize(WORK_ITEM_ACTIVITY_REQUEST, activityRequest.length) + fieldSize(WORK_ITEM_COMPLETION_TOKEN, tokenLength),
  );
  const at = writeBytesField(out, 0, WORK_ITEM_ACTIVITY_REQUEST, activityRequest);
  out.write(completionToken, writeFieldHeader(out, at, WORK_ITEM_COMPLETION_TOKEN, tokenLength), 'utf8');
  return new EncodedWorkItem(out);
}

export function encodeHistoryChunk(events: readonly Uint8Array[]): EncodedHistoryChunk {
  let size = 0;
  for (const event of events) size += fieldSize(HISTORY_CHUNK_EVENTS, event.length);
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const event of events) at = writeBytesField(out, at, HISTORY_CHUNK_EVENTS, event);
  return new EncodedHistoryChunk(out);
}
