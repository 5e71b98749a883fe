/// <reference lib="dom" />
// The dashboard views the DTS dashboard and Durable Functions Monitor users rely on, in Chromium against the
// real emulator: an instance's Flow, history export, go to instance id, batch operations on a selection
// (rows, or all matching the filter) with a result per instance, and the list's time histogram.
// Screenshots go to test-output/screenshots. (The DOM library is for the functions that run in the page.)
import type { Browser } from 'playwright-core';
import fs from 'node:fs';
import {
  whenAll,
  type ActivityContext,
  type OrchestrationContext,
  type TaskHubGrpcClient,
  type TOrchestrator,
} from '@microsoft/durabletask-js';
import { waitFor } from '@durable-hosts/test-support';
import { newClient, startConnected, stopConnected, type ConnectedEmulator } from './support/dts-fixture.js';
import { buildDashboardUi, launchChromium, openDashboard, type DashboardPage } from './support/dashboard-browser.js';

const sayHello = async (_ctx: ActivityContext, city: string): Promise<string> => `Hello ${city}!`;
const chaining: TOrchestrator = async function* (ctx: OrchestrationContext): AsyncGenerator<unknown, unknown, any> {
  const results: string[] = [];
  for (const city of ['Tokyo', 'Seattle', 'London']) results.push(yield ctx.callActivity('say_hello', city));
  return results;
};
// Each kind of step once: an activity, a fan-out of three gathered again, a durable timer, a
// sub-orchestration and an external event.
const tripPlanner: TOrchestrator = async function* (ctx: OrchestrationContext): AsyncGenerator<unknown, unknown, any> {
  const greeting: string = yield ctx.callActivity('say_hello', 'Tokyo');
  const cities: string[] = yield whenAll(['Seattle', 'London', 'Paris'].map((c) => ctx.callActivity('say_hello', c)));
  yield ctx.createTimer(0.2);
  const child: unknown = yield ctx.callSubOrchestrator('chaining_orchestration', undefined, { instanceId: `${ctx.instanceId}-child` });
  const approved: unknown = yield ctx.waitForExternalEvent('approval');
  return { greeting, cities, child, approved };
};

interface BatchAnswer {
  results: { instanceId: string; outcome: string; message?: string }[];
}

describe('dashboard views in Chromium', () => {
  let connected: ConnectedEmulator;
  let client: TaskHubGrpcClient;
  let idle: TaskHubGrpcClient;
  let browser: Browser;
  let dashboard: DashboardPage;
  let base: string;
  const api = async (path: string): Promise<any> => (await fetch(`${base}/api/v1/taskhubs/${path}`)).json();
  const tripId = 'trip-flow';

  beforeAll(async () => {
    await buildDashboardUi();
    connected = await startConnected(
      (worker) => {
        worker.addNamedActivity('say_hello', sayHello);
        worker.addNamedOrchestrator('chaining_orchestration', chaining);
        worker.addNamedOrchestrator('trip_planner', tripPlanner);
      },
      // No worker connects to "idle": its instances stay Pending until a batch acts on them.
      { taskHubs: ['default', 'idle'] },
    );
    client = connected.client;
    idle = newClient(connected.emulator, 'idle');
    base = `http://127.0.0.1:${connected.emulator.dashboardPort}`;
    browser = await launchChromium();
    dashboard = await openDashboard(browser, base);
    // Shorter than the test's own timeout, so a step that never happens is named in the failure.
    dashboard.page.setDefaultTimeout(10_000);

    await client.scheduleNewOrchestration('trip_planner', 'Tokyo', { instanceId: tripId } as never);
    await waitFor(async () => ((await api(`default/orchestrations/${tripId}-child`)).runtimeStatus === 'Completed' ? true : undefined), {
      timeoutMs: 20_000,
      message: 'the trip planner to reach its approval step',
    });
    await client.raiseOrchestrationEvent(tripId, 'approval', { by: 'Ada' });
    await client.waitForOrchestrationCompletion(tripId, false, 20);
  });

  afterAll(async () => {
    await browser?.close();
    await idle?.stop();
    await stopConnected(connected ?? {});
  });

  it('plots the flow of an instance, and shows a step’s input and output when it is chosen', async () => {
    const { page } = dashboard;
    await dashboard.open(`#/hubs/default/orchestrations/${tripId}?tab=flow`);
    await page.locator('.flow-step.fan-out').waitFor();
    const steps = await page.locator('.flow-step[data-episode]').evaluateAll((items) =>
      items.map((item) => ({
        fanOut: item.classList.contains('fan-out'),
        nodes: Array.from(item.querySelectorAll('.flow-node')).map((n) => n.className.match(/kind-(\w+)/)?.[1]),
      })),
    );
    expect(steps).toEqual([
      { fanOut: false, nodes: ['activity'] },
      { fanOut: true, nodes: ['activity', 'activity', 'activity'] },
      { fanOut: false, nodes: ['timer'] },
      { fanOut: false, nodes: ['subOrchestration'] },
      { fanOut: false, nodes: ['event'] },
    ]);
    expect(await page.locator('.flow-step.fan-out .flow-join').textContent()).toBe('fan-in');

    // One of the fan-out's tasks, chosen with the mouse: its input and output beside the flow.
    const london = page.locator('.flow-step.fan-out .flow-node', { hasText: '"London"' });
    await london.click();
    expect(await london.getAttribute('aria-pressed')).toBe('true');
    const inspector = page.locator('.flow .inspector');
    await inspector.locator('.inspector-title', { hasText: 'say_hello' }).waitFor();
    expect(await inspector.locator('.json-view').allTextContents()).toEqual([expect.stringContaining('"London"'), expect.stringContaining('"Hello London!"')]);
    await dashboard.shot('flow-fan-out-selected');

    // The event, chosen with the keyboard: its payload.
    await page.locator('.flow-node.kind-event').focus();
    await page.keyboard.press('Enter');
    await inspector.locator('.inspector-title', { hasText: '"approval" received' }).waitFor();
    expect(await inspector.locator('.json-view').textContent()).toContain('Ada');

    // The sub-orchestration leads to its instance.
    await page.locator('.flow-node.kind-subOrchestration').click();
    await inspector.locator('a', { hasText: 'Open child instance' }).click();
    await page.locator('.instance-id', { hasText: `${tripId}-child` }).waitFor();
  });

  it('downloads an instance’s history as JSON from the instance page', async () => {
    const { page } = dashboard;
    await dashboard.open(`#/hubs/default/orchestrations/${tripId}`);
    await page.locator('.instance-id', { hasText: tripId }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="export"]').click()]);
    expect(download.suggestedFilename()).toBe(`${tripId}.history.json`);
    const exported = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    const history = await api(`default/orchestrations/${tripId}/history`);
    expect(exported.instance).toMatchObject({ instanceId: tripId, name: 'trip_planner', runtimeStatus: 'Completed' });
    expect(exported.history).toEqual({ total: history.total, events: history.events });
    await dashboard.shot('instance-export-button');
  });

  it('goes to an instance by id, and says so in the server’s words when there is none', async () => {
    const { page } = dashboard;
    await dashboard.open('#/hubs/default/metrics');
    const input = page.getByRole('searchbox', { name: 'Go to instance' });
    // Pasted with stray spaces around it.
    await input.fill(` ${tripId}-child `);
    await input.press('Enter');
    await page.locator('.instance-id', { hasText: `${tripId}-child` }).waitFor();
    expect(decodeURIComponent(await page.evaluate(() => location.hash))).toBe(`#/hubs/default/orchestrations/${tripId}-child`);

    await input.fill('trip-fl');
    await input.press('Enter');
    const message = page.locator('.goto-message');
    await message.waitFor();
    const server = await (await fetch(`${base}/api/v1/taskhubs/default/orchestrations/trip-fl`)).json();
    expect(await message.textContent()).toContain(server.error);
    await dashboard.shot('go-to-instance-not-found');
    await message.locator('a', { hasText: 'List the IDs that start with it' }).click();
    await page.locator('.page-subtitle', { hasText: '2 matching' }).waitFor();
    const listed = await page.locator('tbody tr[data-instance-id]').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.instanceId));
    expect(listed.sort()).toEqual([tripId, `${tripId}-child`]);
  });

  it('runs an action on chosen rows and reports each instance, also those changed behind the selection', async () => {
    const { page } = dashboard;
    const ids = ['sel-1', 'sel-2', 'sel-3', 'sel-4'];
    for (const id of ids) await idle.scheduleNewOrchestration('selection_probe', undefined, { instanceId: id } as never);
    await dashboard.open('#/hubs/idle/orchestrations?prefix=sel-');
    await page.locator('tr[data-instance-id="sel-4"]').waitFor();
    for (const id of ['sel-1', 'sel-2', 'sel-3']) await page.getByLabel(`Select ${id}`).check();
    await page.locator('.selection-count', { hasText: '3 selected' }).waitFor();

    // Meanwhile someone else terminates one and purges another.
    await idle.terminateOrchestration('sel-2');
    await idle.terminateOrchestration('sel-3');
    await waitFor(async () => ((await api('idle/orchestrations/sel-3')).runtimeStatus === 'Terminated' ? true : undefined), { message: 'sel-3 to end' });
    await idle.purgeOrchestration('sel-3');

    await page.locator('[data-batch="suspend"]').click();
    const dialog = page.locator('dialog.dialog');
    expect(await dialog.locator('.dialog-title').textContent()).toBe('Suspend 3 instances');
    expect(await dialog.locator('.dialog-text').first().textContent()).toBe('Suspends the 3 selected instances in task hub idle.');
    await dialog.locator('button[type="submit"]').click();
    await dialog.locator('.batch-state', { hasText: 'Finished: 3 of 3' }).waitFor();
    await dialog.locator('.batch-result[data-outcome="done"]').waitFor();
    const shown = await dialog.locator('.batch-result').evaluateAll((rows) =>
      rows.map((r) => ({
        instanceId: (r as HTMLElement).dataset.instanceId,
        outcome: r.querySelector('.batch-outcome')!.textContent,
        message: r.querySelector('.batch-message')!.textContent,
      })),
    );
    // What the dialog says is what the server said.
    const batchId = await dialog.locator('.batch-progress').getAttribute('data-batch-id');
    const answer = (await api(`idle/batches/${batchId}`)) as BatchAnswer;
    const byId = new Map(answer.results.map((r) => [r.instanceId, r]));
    expect(byId.get('sel-1')).toEqual({ instanceId: 'sel-1', outcome: 'done' });
    expect(byId.get('sel-2')).toMatchObject({ outcome: 'notAllowed', message: expect.stringMatching(/^It is Terminated/) });
    expect(byId.get('sel-3')).toMatchObject({ outcome: 'notFound' });
    expect(shown).toEqual([
      { instanceId: 'sel-2', outcome: 'Not allowed', message: byId.get('sel-2')!.message },
      { instanceId: 'sel-3', outcome: 'Not found', message: byId.get('sel-3')!.message },
      { instanceId: 'sel-1', outcome: 'Done', message: '' },
    ]);
    await dashboard.shot('batch-stale-selection-results');
    await dialog.locator('button', { hasText: 'Close' }).click();
    await page.locator('.selection-bar').waitFor({ state: 'hidden' });
    expect((await api('idle/orchestrations/sel-1')).runtimeStatus).toBe('Suspended');
    expect((await api('idle/orchestrations/sel-4')).runtimeStatus).toBe('Pending');
  });

  it('terminates all instances matching the filter, past the page shown, with progress to the end', async () => {
    const { page } = dashboard;
    const count = 1200;
    for (let i = 0; i < count; i += 200) {
      await Promise.all(
        Array.from({ length: Math.min(200, count - i) }, (_, k) =>
          idle.scheduleNewOrchestration('bulk_probe', undefined, { instanceId: `bulk-${String(i + k).padStart(4, '0')}` } as never),
        ),
      );
    }
    await idle.scheduleNewOrchestration('bulk_probe', undefined, { instanceId: 'other-bulk' } as never);
    await dashboard.open('#/hubs/idle/orchestrations?prefix=bulk-&pageSize=25');
    await page.locator('.page-subtitle', { hasText: '1,200 matching' }).waitFor();
    await page.locator('[data-testid="select-page"]').check();
    await page.locator('.selection-count', { hasText: '25 selected' }).waitFor();
    await page.locator('[data-testid="select-all-matching"]').click();
    await page.locator('.selection-count', { hasText: 'All 1,200 matching the filter selected' }).waitFor();
    await page.locator('[data-batch="terminate"]').click();
    const dialog = page.locator('dialog.dialog');
    expect(await dialog.locator('.dialog-text').first().textContent()).toMatch(/^Terminates all 1,200 instances matching the filter/);
    await dialog.getByPlaceholder('Optional reason, becomes the output').fill('bulk cleanup');
    await dialog.locator('button[type="submit"]', { hasText: 'Terminate 1,200 instances' }).click();
    await dialog.locator('progress').waitFor();
    await dialog.locator('.batch-state', { hasText: 'Finished: 1,200 of 1,200' }).waitFor({ timeout: 20_000 });
    expect(await dialog.locator('.batch-count').allTextContents()).toEqual(['1,200 done']);
    expect(await dialog.locator('progress').evaluate((p: HTMLProgressElement) => [p.value, p.max])).toEqual([1200, 1200]);
    await dashboard.shot('batch-all-matching-done');
    await dialog.locator('button', { hasText: 'Close' }).click();
    const list = await api('idle/orchestrations?prefix=bulk-&pageSize=1');
    expect(list.countsByStatus).toMatchObject({ Terminated: 1200 });
    expect((await api('idle/orchestrations/other-bulk')).runtimeStatus).toBe('Pending');
    expect(JSON.parse((await api('idle/orchestrations/bulk-1199')).output)).toBe('bulk cleanup');
  });

  it('draws instances started over time by status, and narrows the list to the range dragged across', async () => {
    const { page } = dashboard;
    for (let i = 0; i < 12; i++) await idle.scheduleNewOrchestration('histogram_probe', undefined, { instanceId: `histo-early-${i}` } as never);
    for (let i = 0; i < 4; i++) await idle.terminateOrchestration(`histo-early-${i}`);
    await new Promise((r) => setTimeout(r, 2500));
    for (let i = 0; i < 6; i++) await idle.scheduleNewOrchestration('histogram_probe', undefined, { instanceId: `histo-late-${i}` } as never);
    await waitFor(async () => ((await api('idle/orchestrations?prefix=histo-&status=Terminated')).total === 4 ? true : undefined), { message: 'four terminated' });

    await dashboard.open('#/hubs/idle/orchestrations?prefix=histo-');
    await page.locator('.histo-caption', { hasText: '18 started' }).waitFor();
    const drawn = await page.locator('.histo-seg').evaluateAll((segs) =>
      segs.map((s) => ({ status: (s as HTMLElement).dataset.status, colour: getComputedStyle(s).backgroundColor, height: s.getBoundingClientRect().height })),
    );
    expect(new Set(drawn.map((d) => d.status))).toEqual(new Set(['Pending', 'Terminated']));
    for (const d of drawn) {
      expect(d.colour, d.status).not.toMatch(/^rgba\(0, 0, 0, 0\)$|^transparent$/);
      expect(d.height).toBeGreaterThan(0);
    }
    expect(new Set(drawn.filter((d) => d.status === 'Terminated').map((d) => d.colour)).size).toBe(1);
    expect(drawn.find((d) => d.status === 'Terminated')!.colour).not.toBe(drawn.find((d) => d.status === 'Pending')!.colour);
    await dashboard.shot('histogram-list');

    // Drag from the first bar to the last bar of the early burst (the bars after it are empty until the late one).
    const early = await api('idle/orchestrations?prefix=histo-early-&sort=createdAt&order=desc&pageSize=1');
    const lastEarly = Date.parse(early.instances[0].createdAt);
    const bars = await page.locator('.histo-col').evaluateAll((cols) =>
      cols.map((c) => ({ start: Date.parse((c as HTMLElement).dataset.start!), left: c.getBoundingClientRect().left, right: c.getBoundingClientRect().right })),
    );
    const endBar = bars.filter((b) => b.start <= lastEarly).pop()!;
    const y = (await page.locator('.histo-plot').boundingBox())!.y + 30;
    await page.mouse.move(bars[0]!.left + 1, y);
    await page.mouse.down();
    await page.mouse.move((bars[0]!.left + endBar.right) / 2, y, { steps: 4 });
    await page.mouse.move(endBar.right - 1, y, { steps: 4 });
    await page.locator('.histo-brush:not([hidden])').waitFor();
    await dashboard.shot('histogram-dragging');
    await page.mouse.up();
    await page.locator('.page-subtitle', { hasText: '12 matching' }).waitFor();
    const query = new URLSearchParams((await page.evaluate(() => location.hash)).split('?')[1]);
    expect(query.get('createdFrom')).toBeTruthy();
    expect(query.get('createdTo')).toBeTruthy();
    const rows = await page.locator('tbody tr[data-instance-id]').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.instanceId!));
    expect(rows.sort()).toEqual(Array.from({ length: 12 }, (_, i) => `histo-early-${i}`).sort());
    expect(await page.locator('input[data-filter="createdFrom"]').inputValue()).not.toBe('');
    await page.locator('.histo-caption', { hasText: '12 started' }).waitFor();
    await dashboard.shot('histogram-narrowed');

    // A bar chosen with the keyboard narrows to that interval; "Show all times" undoes it.
    await page.locator('[data-testid="histogram-reset"]').click();
    await page.locator('.page-subtitle', { hasText: '18 matching' }).waitFor();
    const lastBar = page.locator('.histo-col:not([data-total="0"])').last();
    const inBar = Number(await lastBar.getAttribute('data-total'));
    await lastBar.focus();
    await page.keyboard.press('Enter');
    await page.locator('.page-subtitle', { hasText: `${inBar} matching` }).waitFor();
    const late = await page.locator('tbody tr[data-instance-id]').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.instanceId!));
    expect(late).toHaveLength(inBar);
    expect(late.every((id) => id.startsWith('histo-late-'))).toBe(true);
  });

  it('ran without page errors', () => {
    expect(dashboard.errors).toEqual([]);
  });
});
