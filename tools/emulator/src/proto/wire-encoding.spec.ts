import { EncodedPastEvents, encodeActivityWorkItem, encodeHistoryChunk, encodeOrchestratorWorkItem } from './wire-encoding.js';
import { pb } from './messages.js';
import * as events from '../engine/history-events.js';

function eventBytes(n: number, payload = 'x'): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => events.taskCompleted(i, `"${payload.repeat(i * 40)}"`, 1_700_000_000_000 + i).serializeBinary());
}

function decodeWorkItem(item: { serializeBinary(): Uint8Array }): InstanceType<typeof pb.WorkItem> {
  return pb.WorkItem.deserializeBinary(item.serializeBinary());
}

describe('hand-encoded work items', () => {
  it('decode as the orchestrator request they stand for, with non-ASCII ids and large events', () => {
    const past = eventBytes(40, 'é');
    const fresh = eventBytes(3);
    const item = decodeWorkItem(
      encodeOrchestratorWorkItem('städte-1', 'exec-ü', new EncodedPastEvents().encode(past), fresh, 'boot-42'),
    );
    const req = item.getOrchestratorrequest()!;
    expect(req.getInstanceid()).toBe('städte-1');
    expect(req.getExecutionid()?.getValue()).toBe('exec-ü');
    expect(req.getPasteventsList().map((e) => e.serializeBinary())).toEqual(past);
    expect(req.getNeweventsList().map((e) => e.serializeBinary())).toEqual(fresh);
    expect(item.getCompletiontoken()).toBe('boot-42');
  });

  it('keeps past events encoded as the history grows, and starts over for a replaced history', () => {
    const encoded = new EncodedPastEvents();
    const history: Uint8Array[] = [];
    for (let episode = 0; episode < 30; episode++) {
      history.push(...eventBytes(3, String(episode)));
      const req = decodeWorkItem(encodeOrchestratorWorkItem('i', 'e', encoded.encode(history), [], 't')).getOrchestratorrequest()!;
      expect(req.getPasteventsList().map((e) => e.serializeBinary())).toEqual(history);
    }
    const replaced = eventBytes(2, 'new');
    const req = decodeWorkItem(encodeOrchestratorWorkItem('i', 'e', encoded.encode(replaced), [], 't')).getOrchestratorrequest()!;
    expect(req.getPasteventsList().map((e) => e.serializeBinary())).toEqual(replaced);
  });

  it('encodes activity work items and history chunks', () => {
    const request = new pb.ActivityRequest();
    request.setName('say_hello');
    request.setTaskid(7);
    const item = decodeWorkItem(encodeActivityWorkItem(request.serializeBinary(), 'tok'));
    expect(item.getActivityrequest()?.getName()).toBe('say_hello');
    expect(item.getActivityrequest()?.getTaskid()).toBe(7);
    expect(item.getCompletiontoken()).toBe('tok');
    const history = eventBytes(5);
    const chunk = pb.HistoryChunk.deserializeBinary(encodeHistoryChunk(history).serializeBinary());
    expect(chunk.getEventsList().map((e) => e.serializeBinary())).toEqual(history);
  });
});
