// Hand-encodes the few hot messages (work items, history chunks) from history events that are already
// stored as protobuf bytes, so a dispatch never decodes and re-serialises the whole history.
import { pb } from './messages.js';

const encoder = new TextEncoder();

class ByteWriter {
  private readonly parts: Uint8Array[] = [];
  private size = 0;

  varint(value: number): void {
    const bytes: number[] = [];
    let v = value;
    while (v > 0x7f) {
      bytes.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    bytes.push(v);
    this.push(Uint8Array.from(bytes));
  }

  bytesField(field: number, bytes: Uint8Array): void {
    this.varint((field << 3) | 2);
    this.varint(bytes.length);
    this.push(bytes);
  }

  stringField(field: number, value: string): void {
    this.bytesField(field, encoder.encode(value));
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let offset = 0;
    for (const part of this.parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }

  private push(bytes: Uint8Array): void {
    this.parts.push(bytes);
    this.size += bytes.length;
  }
}

/** A WorkItem whose wire form is already known; the generated serializer only calls serializeBinary(). */
export class EncodedWorkItem extends pb.WorkItem {
  constructor(private readonly encoded: Uint8Array) {
    super();
  }

  override serializeBinary(): Uint8Array {
    return this.encoded;
  }
}

/** A HistoryChunk built from stored event bytes. */
export class EncodedHistoryChunk extends pb.HistoryChunk {
  constructor(private readonly encoded: Uint8Array) {
    super();
  }

  override serializeBinary(): Uint8Array {
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

export function encodeOrchestratorWorkItem(
  instanceId: string,
  executionId: string,
  pastEvents: readonly Uint8Array[],
  newEvents: readonly Uint8Array[],
  completionToken: string,
): EncodedWorkItem {
  const request = new ByteWriter();
  request.stringField(REQUEST_INSTANCE_ID, instanceId);
  const execution = new ByteWriter();
  execution.stringField(STRING_VALUE_VALUE, executionId);
  request.bytesField(REQUEST_EXECUTION_ID, execution.finish());
  for (const event of pastEvents) request.bytesField(REQUEST_PAST_EVENTS, event);
  for (const event of newEvents) request.bytesField(REQUEST_NEW_EVENTS, event);
  const item = new ByteWriter();
  item.bytesField(WORK_ITEM_ORCHESTRATOR_REQUEST, request.finish());
  item.stringField(WORK_ITEM_COMPLETION_TOKEN, completionToken);
  return new EncodedWorkItem(item.finish());
}

export function encodeActivityWorkItem(activityRequest: Uint8Array, completionToken: string): EncodedWorkItem {
  const item = new ByteWriter();
  item.bytesField(WORK_ITEM_ACTIVITY_REQUEST, activityRequest);
  item.stringField(WORK_ITEM_COMPLETION_TOKEN, completionToken);
  return new EncodedWorkItem(item.finish());
}

export function encodeHistoryChunk(events: readonly Uint8Array[]): EncodedHistoryChunk {
  const chunk = new ByteWriter();
  for (const event of events) chunk.bytesField(HISTORY_CHUNK_EVENTS, event);
  return new EncodedHistoryChunk(chunk.finish());
}
