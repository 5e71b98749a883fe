// The dashboard UI in a real browser (Debian's Chromium through playwright-core) against the real
// emulator process: lists, instance pages, timeline, actions, live updates and safe rendering.
import type { Browser, Page } from 'playwright-core';
import {
  EntityInstanceId,
  OrchestrationStatus,
  RetryPolicy,
  TaskEntity,
  whenAll,
  type ActivityContext,
  type OrchestrationContext,
  type TaskHubGrpcClient,
  type TaskHubGrpcWorker,
  type TOrchestrator,
} from '@microsoft/durabletask-js';
import { newClient, newWorker, startEmulator, type EmulatorProcess } from './support/dts-fixture.js';
import { SCREENSHOTS, buildDashboardUi, launchChromium } from './support/dashboard-browser.js';

const HOSTILE = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">';

const sayHello = async (_ctx: ActivityContext, city: string): Promise<string> => `Hello ${city}!`;
const echo = async (_ctx: ActivityContext, value: unknown): Promise<unknown> => value;
const chaining: TOrchestrator = async function* (ctx: OrchestrationContext): AsyncGenerator<unknown, unknown, any> {
  const results: string[] = [];
  for (const city of ['Tokyo', 'Seattle', 'London']) results.push(yield ctx.callActivity('say_hello', city));
  return results;
};
const fanOut: TOrchestrator = async function* (ctx: OrchestrationContext): AsyncGenerator<unknown, unknown, any> {
  return yield whenAll(['Tokyo', 'Seattle', 'London', 'Paris', 'Berlin'].map((c) => ctx.callActivity('say_hello', c)));
};
const approval: TOrchestrator = async function* (ctx: OrchestrationContext): AsyncGenerator<unknown, unknown, any> {
  const decision: unknown = yield ctx.waitForExternalEvent('approval');
  return { approved: decision };
};
let flakyCalls = 0;
const flaky = async (_ctx: ActivityContext, city: string): Promise<string> => {
  if (++flakyCalls % 3 !== 0) throw new Error(`The weather service for ${city} timed out`);
  return `Sunny in ${city}`;
};
// A bit of everything, for the screenshots: sequence, fan-out, a durable timer, a sub-orchestration,
// a retried activity and an external event.
const tripPlanner: TOrchestrator = async function* (ctx: OrchestrationContext): AsyncGenerator<unknown, unknown, any> {
  const greeting: string = yield ctx.callActivity('say_hello', 'Tokyo');
  const cities: string[] = yield whenAll(['Seattle', 'London', 'Paris'].map((c) => ctx.callActivity('say_hello', c)));
  yield ctx.createTimer(0.4);
  const child: unknown = yield ctx.callSubOrchestrator('chaining_orchestration', undefined, { instanceId: `${ctx.instanceId}-child` });
  const weather: string = yield ctx.callActivity('check_weather', 'Berlin', { retry: new RetryPolicy({ maxNumberOfAttempts: 3, firstRetryIntervalInMilliseconds: 150 }) });
  const approved: unknown = yield ctx.waitForExternalEvent('approval');
  return { greeting, cities, child, weather, approved };
};
class Counter extends TaskEntity<{ count: number; note: string }> {
  add(amount: number): number {
    this.state.count += amount;
    return this.state.count;
  }
  protected override initializeState(): { count: number; note: string } {
    return { count: 0, note: '<b>not bold</b>' };
  }
}
const manyTasks: TOrchestrator = async function* (ctx: OrchestrationContext, count: number): AsyncGenerator<unknown, unknown, any> {
  const results: unknown[] = yield whenAll(Array.from({ length: count }, (_, i) => ctx.callActivity('echo', i)));
  return results.length;
};
const echoing: TOrchestrator = async function* (ctx: OrchestrationContext, input: unknown): AsyncGenerator<unknown, unknown, any> {
  return yield ctx.callActivity('echo', input);
};

describe('dashboard UI in Chromium', () => {
  const waitForEvent = async (id: string): Promise<void> => {
    // The trip planner waits for its approval only after the retries; wait until it is there.
    for (let i = 0; i < 200; i++) {
      const state = await client.getOrchestrationState(id, false);
      const history = await (await fetch(`${base}/api/v1/taskhubs/default/orchestrations/${id}/timeline`)).json() as { spans: { name: string; status: string }[] };
      if (state && history.spans.some((s) => s.name === 'check_weather' && s.status === 'completed')) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${id} never reached its approval step`);
  };
  let emulator: EmulatorProcess;
  let client: TaskHubGrpcClient;
  let worker: TaskHubGrpcWorker;
  let browser: Browser;
  let page: Page;
  let base: string;
  const pageErrors: string[] = [];

  const shot = (name: string): Promise<Buffer> => page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: false });
  // A hash change inside the app is the way users move between views; only the first visit loads the page.
  const open = async (hash: string): Promise<void> => {
    if (page.url().startsWith(`${base}/`)) await page.evaluate((h) => ((globalThis as unknown as { location: { hash: string } }).location.hash = h || '#/'), hash);
    else await page.goto(`${base}/${hash}`);
  };
  const statusOnPage = () => page.locator('.instance-title .chip');

  beforeAll(async () => {
    await buildDashboardUi();
    emulator = await startEmulator({ taskHubs: ['default', 'staging'] });
    base = `http://127.0.0.1:${emulator.dashboardPort}`;
    client = newClient(emulator);
    worker = newWorker(emulator);
    worker.addNamedActivity('say_hello', sayHello);
    worker.addNamedActivity('echo', echo);
    worker.addNamedOrchestrator('chaining_orchestration', chaining);
    worker.addNamedOrchestrator('fan_out_fan_in_orchestration', fanOut);
    worker.addNamedOrchestrator('approval_orchestration', approval);
    worker.addNamedOrchestrator('echo_orchestration', echoing);
    worker.addNamedOrchestrator('many_tasks_orchestration', manyTasks);
    worker.addNamedOrchestrator('trip_planner', tripPlanner);
    worker.addNamedActivity('check_weather', flaky);
    worker.addNamedEntity('counter', () => new Counter());
    await worker.start();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (msg) => {
      // The browser logs every 4xx answer; the action-error test provokes one on purpose.
      if (msg.type() === 'error' && !/the server responded with a status of 400/.test(msg.text())) pageErrors.push(msg.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await client?.stop();
    await emulator?.stop();
  });

  it('shows both Hello Cities orchestrations as Completed in the list', async () => {
    const chainingId = await client.scheduleNewOrchestration('chaining_orchestration', undefined, { tags: { sample: 'hello-cities' } } as never);
    const fanOutId = await client.scheduleNewOrchestration('fan_out_fan_in_orchestration', undefined, { tags: { sample: 'hello-cities' } } as never);
    await client.waitForOrchestrationCompletion(chainingId, false, 20);
    await client.waitForOrchestrationCompletion(fanOutId, false, 20);
    await open('');
    for (const id of [chainingId, fanOutId]) {
      const row = page.locator(`tr[data-instance-id="${id}"]`);
      await row.locator('.chip[data-status="Completed"]').waitFor();
      expect(await row.locator('.col-name').textContent()).toMatch(/_orchestration$/);
    }
    expect(await page.locator('.status-filter[data-status="Completed"] .status-filter-count').textContent()).toBe('2');
    await shot('orchestrations-list');
  });

  it('opens an instance and shows its output, history and timeline', async () => {
    await open('');
    await page.locator('tr', { hasText: 'fan_out_fan_in_orchestration' }).first().locator('a.id-link').click();
    await statusOnPage().filter({ hasText: 'Completed' }).waitFor();
    // Timeline (the default tab): the orchestration plus five activity bars.
    await page.locator('.tl-bar.kind-activity').nth(4).waitFor();
    expect(await page.locator('.tl-bar.kind-activity').count()).toBe(5);
    await page.locator('.tl-row', { hasText: 'say_hello' }).nth(2).click();
    await page.locator('.inspector .j-str', { hasText: '"Hello London!"' }).waitFor();
    await shot('instance-timeline');
    // History: every event, with the activity results.
    await page.locator('.tab[data-tab="history"]').click();
    await page.locator('.hist-row .event-tag', { hasText: 'TaskScheduled' }).first().waitFor();
    expect(await page.locator('.hist-row .event-tag', { hasText: 'TaskCompleted' }).count()).toBe(5);
    expect(await page.locator('.hist-row .event-tag', { hasText: 'ExecutionCompleted' }).count()).toBe(1);
    await shot('instance-history');
    // Input & output: the orchestration's output as formatted JSON.
    await page.locator('.tab[data-tab="payloads"]').click();
    const output = page.locator('.payload-card', { hasText: 'Output' });
    for (const city of ['Tokyo', 'Seattle', 'London', 'Paris', 'Berlin']) await output.locator('.j-str', { hasText: `"Hello ${city}!"` }).waitFor();
    // The tab is part of the URL: a reload comes back to it.
    expect(page.url()).toMatch(/tab=payloads/);
    await page.reload();
    await page.locator('.payload-card', { hasText: 'Output' }).locator('.j-str', { hasText: '"Hello Berlin!"' }).waitFor();
  });

  it('starts an approval workflow from the UI, raises its event from the UI and sees it complete', async () => {
    await open('');
    await page.locator('[data-testid="new-orchestration"]').click();
    const dialog = page.locator('dialog[open]');
    await dialog.locator('input[name="name"]').fill('approval_orchestration');
    await dialog.locator('input[name="instanceId"]').fill('approval-from-ui');
    await dialog.locator('textarea[name="input"]').fill('{"amount": 250}');
    await dialog.locator('textarea[name="tags"]').fill('requester=alice');
    await dialog.locator('button[type="submit"]').click();
    await page.waitForURL(/orchestrations\/approval-from-ui/);
    await statusOnPage().filter({ hasText: 'Running' }).waitFor({ timeout: 15_000 });
    await page.locator('button[data-action="raise-event"]').click();
    const raise = page.locator('dialog[open]');
    await raise.locator('input[name="eventName"]').fill('approval');
    await raise.locator('textarea[name="eventData"]').fill('true');
    await shot('raise-event-dialog');
    await raise.locator('button[type="submit"]').click();
    await statusOnPage().filter({ hasText: 'Completed' }).waitFor({ timeout: 15_000 });
    const state = await client.getOrchestrationState('approval-from-ui', true);
    expect(state?.runtimeStatus).toBe(OrchestrationStatus.COMPLETED);
    expect(JSON.parse(state!.serializedOutput!)).toEqual({ approved: true });
  });

  it('shows the server error verbatim when an action fails', async () => {
    const id = await client.scheduleNewOrchestration('approval_orchestration');
    await client.waitForOrchestrationStart(id, false, 10);
    await open(`#/hubs/default/orchestrations/${id}`);
    await page.locator('button[data-action="raise-event"]').click();
    const dialog = page.locator('dialog[open]');
    await dialog.locator('input[name="eventName"]').fill('approval');
    await dialog.locator('textarea[name="eventData"]').fill('{not json');
    await dialog.locator('button[type="submit"]').click();
    const error = dialog.locator('.dialog-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/^'data' must be JSON text/);
    await shot('action-error');
    await dialog.locator('button', { hasText: 'Cancel' }).click();
    await client.terminateOrchestration(id);
  });

  it('terminates a running instance from the UI', async () => {
    const id = await client.scheduleNewOrchestration('approval_orchestration');
    await client.waitForOrchestrationStart(id, false, 10);
    await open(`#/hubs/default/orchestrations/${id}`);
    await statusOnPage().filter({ hasText: 'Running' }).waitFor({ timeout: 15_000 });
    await page.locator('button[data-action="terminate"]').click();
    const dialog = page.locator('dialog[open]');
    await dialog.locator('input[name="reason"]').fill('cancelled by the test');
    await dialog.locator('button[type="submit"]').click();
    await statusOnPage().filter({ hasText: 'Terminated' }).waitFor({ timeout: 15_000 });
    const state = await client.getOrchestrationState(id, true);
    expect(state?.runtimeStatus).toBe(OrchestrationStatus.TERMINATED);
    expect(JSON.parse(state!.serializedOutput!)).toBe('cancelled by the test');
  });

  it('suspends and resumes a running instance from its row in the list', async () => {
    const id = await client.scheduleNewOrchestration('approval_orchestration', undefined, { instanceId: 'row-actions' } as never);
    await client.waitForOrchestrationStart(id, false, 10);
    await open('#/hubs/default/orchestrations?prefix=row-actions');
    const row = page.locator('tr[data-instance-id="row-actions"]');
    await row.locator('.chip[data-status="Running"]').waitFor({ timeout: 10_000 });
    await row.locator('.row-menu-button').click();
    await row.locator('.row-menu-popover button[data-action="suspend"]').click();
    await page.locator('dialog[open] button[type="submit"]').click();
    await row.locator('.chip[data-status="Suspended"]').waitFor({ timeout: 10_000 });
    await row.locator('.row-menu-button').click();
    await shot('row-actions');
    await row.locator('.row-menu-popover button[data-action="resume"]').click();
    await page.locator('dialog[open] button[type="submit"]').click();
    await row.locator('.chip[data-status="Running"]').waitFor({ timeout: 10_000 });
    await client.terminateOrchestration(id);
  });

  it('renders payloads containing <script> and <img onerror> as text', async () => {
    const id = await client.scheduleNewOrchestration('echo_orchestration', { note: HOSTILE }, { instanceId: 'hostile-payload', tags: { label: HOSTILE } } as never);
    await client.waitForOrchestrationCompletion(id, true, 20);
    await open('#/hubs/default/orchestrations?q=hostile');
    await page.locator('tr[data-instance-id="hostile-payload"] .tag', { hasText: '<img src=x onerror=' }).waitFor();
    await open(`#/hubs/default/orchestrations/${id}?tab=payloads`);
    const input = page.locator('.payload-card', { hasText: 'Input' }).first();
    await input.locator('.j-str', { hasText: '<script>window.__xss = 1</script>' }).waitFor();
    await page.locator('.tab[data-tab="history"]').click();
    await page.locator('.hist-summary', { hasText: '<img src=x onerror=' }).first().waitFor();
    await page.locator('.tab[data-tab="timeline"]').click();
    await page.locator('.inspector .j-str', { hasText: '<img src=x onerror=' }).first().waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('#app script').count()).toBe(0);
  });

  it('updates the list live, and stops while paused', async () => {
    await open('#/hubs/default/orchestrations?name=chaining_orchestration');
    await page.locator('.live-toggle', { hasText: 'Live' }).waitFor();
    const liveId = await client.scheduleNewOrchestration('chaining_orchestration');
    await page.locator(`tr[data-instance-id="${liveId}"] .chip[data-status="Completed"]`).waitFor({ timeout: 15_000 });
    await page.locator('.live-toggle').click();
    await page.locator('.live-toggle', { hasText: 'Paused' }).waitFor();
    const pausedId = await client.scheduleNewOrchestration('chaining_orchestration');
    await client.waitForOrchestrationCompletion(pausedId, false, 20);
    await page.waitForTimeout(1500);
    expect(await page.locator(`tr[data-instance-id="${pausedId}"]`).count()).toBe(0);
    await page.locator('.live-toggle').click();
    await page.locator(`tr[data-instance-id="${pausedId}"]`).waitFor({ timeout: 15_000 });
  });

  it('keeps filters in the URL: a deep link reloads to the same list', async () => {
    await open('#/hubs/default/orchestrations?status=Terminated&sort=name&order=asc');
    await page.locator('.status-filter.active[data-status="Terminated"]').waitFor();
    await page.locator('tbody tr .chip').first().waitFor();
    const statuses = await page.locator('tbody tr .chip').allTextContents();
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set(['Terminated']));
    await page.locator('.status-filter[data-status="Completed"]').click();
    await page.waitForURL(/status=Terminated%2CCompleted|status=Terminated,Completed/);
    await page.reload();
    await page.locator('.status-filter.active[data-status="Completed"]').waitFor();
    expect(await page.locator('.status-filter.active').count()).toBe(2);
  });

  it('lists the connected worker', async () => {
    await open('#/hubs/default/workers');
    await page.locator('td', { hasText: 'DurableTaskWorker' }).waitFor({ timeout: 10_000 });
    await shot('workers');
  });

  it('shows metrics by status', async () => {
    await client.waitForOrchestrationCompletion(await client.scheduleNewOrchestration('chaining_orchestration'), false, 20);
    await open('#/hubs/default/metrics');
    await page.locator('.stat.status-completed .stat-value').waitFor({ timeout: 10_000 });
    expect(Number(await page.locator('.stat.status-completed .stat-value').textContent())).toBeGreaterThanOrEqual(1);
    await shot('metrics');
  });

  it('shows entities, and switches task hubs', async () => {
    await client.signalEntity(new EntityInstanceId('counter', 'visits'), 'add', 41);
    await client.signalEntity(new EntityInstanceId('counter', 'visits'), 'add', 1);
    await open('#/hubs/default/entities');
    const row = page.locator('tr', { hasText: '@counter@visits' });
    await row.locator('td', { hasText: '"count":42' }).waitFor({ timeout: 10_000 });
    await row.click();
    await page.locator('.inspector .j-str', { hasText: '"<b>not bold</b>"' }).waitFor();
    expect(await page.locator('.inspector b').count()).toBe(0);
    await shot('entities');
    await page.locator('[data-testid="hub-select"]').selectOption('staging');
    // The switcher keeps the view and changes the hub.
    await page.locator('.page-subtitle', { hasText: 'task hub staging' }).waitFor({ timeout: 10_000 });
    await page.locator('.empty-title', { hasText: 'No entities' }).waitFor();
    expect(page.url()).toMatch(/#\/hubs\/staging\/entities$/);
    await page.locator('.nav-item', { hasText: 'Orchestrations' }).click();
    await page.locator('.empty-title', { hasText: 'No orchestrations match' }).waitFor({ timeout: 10_000 });
    expect(page.url()).toMatch(/#\/hubs\/staging\/orchestrations$/);
  });

  it('renders a history of 10,000 events by drawing only the rows in view', async () => {
    const id = await client.scheduleNewOrchestration('many_tasks_orchestration', 5000, { instanceId: 'long-history' } as never);
    const state = await client.waitForOrchestrationCompletion(id, false, 120);
    expect(state?.runtimeStatus).toBe(OrchestrationStatus.COMPLETED);
    await open(`#/hubs/default/orchestrations/${id}?tab=history`);
    const count = page.locator('.history-count');
    await count.filter({ hasText: /^10,0\d\d events$/ }).waitFor({ timeout: 20_000 });
    expect(await page.locator('.hist-row').count()).toBeLessThan(100);
    // Jump to the end: the last event is drawn after scrolling.
    await page.locator('.history .vlist').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.locator('.hist-row .event-tag', { hasText: 'ExecutionCompleted' }).waitFor();
    await page.locator('.tab[data-tab="timeline"]').click();
    await page.locator('.tl-legend-summary', { hasText: '5000 tasks' }).waitFor({ timeout: 20_000 });
    expect(await page.locator('.tl-row').count()).toBeLessThan(100);
    await shot('long-history-timeline');
  }, 180_000);

  it('shows sub-orchestrations, timers, retries and events on the timeline', async () => {
    const id = await client.scheduleNewOrchestration('trip_planner', undefined, { instanceId: 'trip-2026-11', tags: { team: 'travel', env: 'dev' } } as never);
    await waitForEvent(id);
    await client.raiseOrchestrationEvent(id, 'approval', { by: 'alice', at: 'gate 4' });
    await client.waitForOrchestrationCompletion(id, false, 30);
    await open(`#/hubs/default/orchestrations/${id}`);
    await page.locator('.tl-bar.kind-subOrchestration').waitFor();
    await page.locator('.tl-bar.kind-timer').first().waitFor();
    expect(await page.locator('.tl-attempt').allTextContents()).toEqual(['retry 1', 'retry 2']);
    await page.locator('.tl-row', { hasText: 'EventRaised: approval' }).waitFor();
    await page.locator('.tl-row', { hasText: 'chaining_orchestration' }).click();
    const childLink = page.locator('.inspector a', { hasText: 'Open child instance' });
    await childLink.waitFor();
    await shot('instance-timeline-rich');
    await childLink.click();
    await page.locator('.instance-id', { hasText: `${id}-child` }).waitFor();
    await page.locator('.fact a', { hasText: id }).waitFor();
    await open('');
    await page.locator(`tr[data-instance-id="${id}"] .chip[data-status="Completed"]`).waitFor();
    await shot('orchestrations-list-busy');
  });

  it('ran without page errors or blocked resources', () => {
    expect(pageErrors).toEqual([]);
  });
});
