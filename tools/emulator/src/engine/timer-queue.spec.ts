import { TimerQueue } from './timer-queue.js';

describe('TimerQueue', () => {
  it('fires callbacks in due order, none before its time', async () => {
    const timers = new TimerQueue();
    const start = Date.now();
    const fired: { name: string; late: number }[] = [];
    const add = (name: string, delay: number): void =>
      timers.add(start + delay, () => fired.push({ name, late: Date.now() - (start + delay) }));
    add('c', 60);
    add('a', 10);
    add('b', 30);
    await new Promise((r) => setTimeout(r, 120));
    timers.close();
    expect(fired.map((f) => f.name)).toEqual(['a', 'b', 'c']);
    expect(fired.every((f) => f.late >= 0)).toBe(true);
  });

  it('fires nothing after close', async () => {
    const timers = new TimerQueue();
    let fired = false;
    timers.add(Date.now() + 10, () => (fired = true));
    timers.close();
    await new Promise((r) => setTimeout(r, 40));
    expect(fired).toBe(false);
  });
});
