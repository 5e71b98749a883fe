import pb from '@microsoft/durabletask-js/dist/proto/orchestrator_service_pb.js';
import timestampPb from 'google-protobuf/google/protobuf/timestamp_pb.js';
import { describe, expect, it } from 'vitest';
import { stringValue } from './orchestrator-response-proto.js';
import { PlayedHistoryCache } from './played-history-cache.js';
import { toDtfxHistory } from './proto-history-converter.js';

let clock = Date.parse('2026-01-02T03:04:05.000Z');

function event(eventId: number, set: (e: pb.HistoryEvent) => void): pb.HistoryEvent {
  const e = new pb.HistoryEvent();
  e.setEventid(eventId);
  e.setTimestamp(timestampPb.Timestamp.fromDate(new Date((clock += 7))));
  set(e);
  return e;
}
const orchestratorStarted = () =>
  event(-1, (e) => e.setOrchestratorstarted(new pb.OrchestratorStartedEvent()));
const scheduled = (id: number, city: string) =>
  event(id, (e) => {
    const s = new pb.TaskScheduledEvent();
    s.setName('say_hello');
    s.setInput(stringValue(JSON.stringify(city)));
    e.setTaskscheduled(s);
  });
const completed = (id: number, result: string) =>
  event(-1, (e) => {
    const c = new pb.TaskCompletedEvent();
    c.setTaskscheduledid(id);
    c.setResult(stringValue(JSON.stringify(result)));
    e.setTaskcompleted(c);
  });
const started = () =>
  event(-1, (e) => {
    const s = new pb.ExecutionStartedEvent();
    s.setName('chaining_orchestration');
    e.setExecutionstarted(s);
  });

/** A chaining orchestration's past events after `episodes` episodes, as DTS resends them. */
function chainingPast(episodes: number): pb.HistoryEvent[] {
  const events = [orchestratorStarted(), started(), scheduled(0, 'Tokyo')];
  for (let i = 1; i < episodes; i++)
    events.push(orchestratorStarted(), completed(i - 1, `Hello ${i}`), scheduled(i, `City ${i}`));
  return events;
}

describe('the played-history cache', () => {
  it('converts only what the previous episode had not seen, with the same result as a full conversion', () => {
    const cache = new PlayedHistoryCache();
    const past = chainingPast(4);
    const second = cache.pastHistory('i-1', 'e-1', past.slice(0, 3));
    expect(second).toEqual(toDtfxHistory(past.slice(0, 3), true));
    const fourth = cache.pastHistory('i-1', 'e-1', past);
    expect(fourth).toEqual(toDtfxHistory(past, true));
    expect(fourth.slice(0, 3)[0]).toBe(second[0]); // the prefix was reused, not converted again
    expect(fourth.every((e) => e.IsPlayed)).toBe(true);
  });

  it('converts from scratch when the history is not a continuation (new execution, other events)', () => {
    const cache = new PlayedHistoryCache();
    const past = chainingPast(3);
    const first = cache.pastHistory('i-1', 'e-1', past);
    const continuedAsNew = cache.pastHistory('i-1', 'e-2', past);
    expect(continuedAsNew[0]).not.toBe(first[0]);
    const rewritten = chainingPast(4); // same instance and execution, different events
    const other = cache.pastHistory('i-1', 'e-2', rewritten);
    expect(other).toEqual(toDtfxHistory(rewritten, true));
    expect(other[0]).not.toBe(continuedAsNew[0]);
  });

  it('forgets finished instances and keeps at most its capacity', () => {
    const cache = new PlayedHistoryCache(2);
    for (const id of ['a', 'b', 'c']) cache.pastHistory(id, 'e', chainingPast(2));
    expect(cache.size).toBe(2);
    cache.forget('c');
    expect(cache.size).toBe(1);
  });

  it('lets the least recently used instances go when the cached events exceed the budget', () => {
    const cache = new PlayedHistoryCache(100, 10);
    cache.pastHistory('a', 'e', chainingPast(2)); // 6 events
    cache.pastHistory('b', 'e', chainingPast(2)); // 12 in all: 'a' leaves
    expect(cache.size).toBe(1);
    const longer = chainingPast(5); // 15 events: more than the budget, kept alone
    expect(cache.pastHistory('c', 'e', longer)).toEqual(toDtfxHistory(longer, true));
    expect(cache.size).toBe(1);
  });
});
