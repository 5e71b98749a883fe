/// <reference lib="dom" />
// What a user saw wrong in the dashboard, each pinned in Chromium against the real emulator: running bars
// drawn invisible, a terminated instance's axis stretched to "now", columns clipped on a narrow window,
// the hub selector showing a hub the URL does not name, and paging past the last page. (The DOM library is
// for the functions that run in the page.)
import type { Browser } from 'playwright-core';
import type { ActivityContext, OrchestrationContext, TaskHubGrpcClient, TOrchestrator } from '@microsoft/durabletask-js';
import { waitFor } from '@durable-hosts/test-support';
import { startConnected, stopConnected, type ConnectedEmulator } from './support/dts-fixture.js';
import { buildDashboardUi, launchChromium, openDashboard, type DashboardPage } from './support/dashboard-browser.js';

const sayHello = async (_ctx: ActivityContext, city: string): Promise<string> => `Hello ${city}!`;
const approval: TOrchestrator = async function* (ctx: OrchestrationContext): AsyncGenerator<unknown, unknown, any> {
  return yield ctx.waitForExternalEvent('approval');
};
// Greets, then sleeps for an hour: terminated long before its timer fires.
const napping: TOrchestrator = async function* (ctx: OrchestrationContext): AsyncGenerator<unknown, unknown, any> {
  yield ctx.callActivity('say_hello', 'Tokyo');
  yield ctx.createTimer(3600);
  return 'rested';
};

/** WCAG contrast ratio of the text colour of `selector` against what is drawn behind its centre. */
async function contrastOf(dashboard: DashboardPage, selector: string): Promise<{ ratio: number; text: string; behind: string }> {
  return dashboard.page.locator(selector).first().evaluate((label) => {
    const parse = (c: string): number[] => (c.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]: number[]): number => {
      const lin = (v: number): number => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
    };
    const box = label.getBoundingClientRect();
    const under = document.elementsFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    const backdrop = under.find((el) => el !== label && (parse(getComputedStyle(el).backgroundColor)[3] ?? 1) > 0.5);
    const text = getComputedStyle(label).color;
    const behind = backdrop ? getComputedStyle(backdrop).backgroundColor : 'rgb(255, 255, 255)';
    const [l1, l2] = [luminance(parse(text)), luminance(parse(behind))].sort((a, b) => b - a);
    return { ratio: (l1! + 0.05) / (l2! + 0.05), text, behind };
  });
}

describe('dashboard fixes in Chromium', () => {
  let connected: ConnectedEmulator;
  let client: TaskHubGrpcClient;
  let browser: Browser;
  let dashboard: DashboardPage;
  let base: string;

  beforeAll(async () => {
    await buildDashboardUi();
    connected = await startConnected(
      (worker) => {
        worker.addNamedActivity('say_hello', sayHello);
        worker.addNamedOrchestrator('approval_orchestration', approval);
        worker.addNamedOrchestrator('napping_orchestration', napping);
      },
      { taskHubs: ['default', 'staging'] },
    );
    client = connected.client;
    base = `http://127.0.0.1:${connected.emulator.dashboardPort}`;
    browser = await launchChromium();
    dashboard = await openDashboard(browser, base);
  });

  afterAll(async () => {
    await browser?.close();
    await stopConnected(connected ?? {});
  });

  it('draws a running orchestration and a pending timer in colour, with durations readable on them', async () => {
    const id = await client.scheduleNewOrchestration('napping_orchestration', undefined, { instanceId: 'running-bars' } as never);
    const timeline = `${base}/api/v1/taskhubs/default/orchestrations/${id}/timeline`;
    await waitFor(async () => ((await (await fetch(timeline)).json()) as { spans: { kind: string }[] }).spans.some((s) => s.kind === 'timer') || undefined, {
      timeoutMs: 15_000,
      message: 'the timer to be scheduled',
    });
    await dashboard.open(`#/hubs/default/orchestrations/${id}`);
    await dashboard.page.locator('.instance-id', { hasText: id }).waitFor();
    for (const bar of ['.tl-bar.kind-orchestration.st-running', '.tl-bar.kind-timer.st-pending']) {
      await dashboard.page.locator(bar).waitFor();
      const colour = await dashboard.page.locator(bar).evaluate((el) => getComputedStyle(el).backgroundColor);
      expect(colour, bar).not.toMatch(/^rgba\(0, 0, 0, 0\)$|^transparent$/);
      const row = dashboard.page.locator('.tl-row', { has: dashboard.page.locator(bar) });
      const label = `.tl-row[data-row="${await row.getAttribute('data-row')}"] .tl-duration`;
      const { ratio, text, behind } = await contrastOf(dashboard, label);
      expect(ratio, `${bar}: duration ${text} on ${behind}`).toBeGreaterThanOrEqual(4.5);
    }
    await dashboard.shot('fix-running-bars');
    await client.terminateOrchestration(id);
  });

  it('ends the axis of a terminated instance at its end, though its timer never fired', async () => {
    const id = await client.scheduleNewOrchestration('napping_orchestration', undefined, { instanceId: 'terminated-napper' } as never);
    const timeline = `${base}/api/v1/taskhubs/default/orchestrations/${id}/timeline`;
    await waitFor(async () => ((await (await fetch(timeline)).json()) as { spans: { kind: string }[] }).spans.some((s) => s.kind === 'timer') || undefined, {
      timeoutMs: 15_000,
      message: 'the timer to be scheduled',
    });
    await client.terminateOrchestration(id, 'enough');
    await client.waitForOrchestrationCompletion(id, false, 15);
    // Time passes after the end; a chart that runs to "now" would stretch with it.
    await new Promise((r) => setTimeout(r, 1500));
    await dashboard.open(`#/hubs/default/orchestrations/${id}`);
    await dashboard.page.locator('.instance-id', { hasText: id }).waitFor();
    // The timer never fired: it ended with the instance.
    await dashboard.page.locator('.tl-bar.kind-timer.st-canceled').waitFor();
    // Measured in one go: a live refresh may redraw the rows between two separate measurements.
    const edges = await dashboard.page.evaluate(() => {
      const right = (selector: string): number => document.querySelector(selector)!.getBoundingClientRect().right;
      return { track: right('.tl-row.tl-root .tl-track'), orchestration: right('.tl-row.tl-root .tl-bar'), timer: right('.tl-bar.kind-timer') };
    });
    expect(Math.abs(edges.orchestration - edges.track)).toBeLessThanOrEqual(2);
    expect(edges.timer).toBeLessThanOrEqual(edges.orchestration + 1);
    await dashboard.shot('fix-terminated-axis');
  });

  it('shows every column of the list whole in an 800 px wide window', async () => {
    const narrow = await openDashboard(browser, base, { width: 800, height: 700 });
    try {
      await narrow.open('#/hubs/default/orchestrations');
      await narrow.page.locator('tbody tr[data-instance-id] .chip').first().waitFor();
      const clipped = await narrow.page.evaluate(() => {
        const view = { right: document.documentElement.clientWidth, bottom: window.innerHeight };
        const problems: string[] = [];
        for (const th of Array.from(document.querySelectorAll<HTMLElement>('table.grid thead th'))) {
          const box = th.getBoundingClientRect();
          const name = th.textContent?.trim() || '(actions)';
          if (box.left < 0 || box.right > view.right + 0.5) problems.push(`${name}: ${Math.round(box.left)}–${Math.round(box.right)} of ${view.right}`);
          if (th.scrollWidth > th.clientWidth + 1) problems.push(`${name}: header text cut`);
        }
        for (const chip of Array.from(document.querySelectorAll('tbody .chip'))) {
          const box = chip.getBoundingClientRect();
          const cell = chip.closest('td')!.getBoundingClientRect();
          if (box.right > cell.right + 0.5 || box.right > view.right + 0.5) problems.push(`status chip cut at ${Math.round(box.right)}`);
        }
        return problems;
      });
      await narrow.shot('fix-list-800px');
      expect(clipped).toEqual([]);
    } finally {
      await narrow.page.close();
    }
  });

  it('selects no served hub while the URL names one that is not served', async () => {
    await dashboard.open('#/hubs/staging/orchestrations');
    await dashboard.page.locator('.page-subtitle', { hasText: 'task hub staging' }).waitFor();
    await dashboard.open('#/hubs/nowhere/orchestrations');
    await dashboard.page.locator('.banner-error', { hasText: "Task hub 'nowhere' is not served" }).waitFor();
    const select = dashboard.page.locator('[data-testid="hub-select"]');
    expect(await select.inputValue()).not.toBe('staging');
    expect(await select.evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.textContent ?? '')).toMatch(/nowhere/);
    await dashboard.shot('fix-unknown-hub');
    // Choosing a served hub from there goes to it.
    await select.selectOption('default');
    await dashboard.page.locator('.page-subtitle', { hasText: 'task hub default' }).waitFor();
  });

  it('pages no further than the last page that has rows', async () => {
    for (let i = 0; i < 3; i++) await client.scheduleNewOrchestration('approval_orchestration', undefined, { instanceId: `paging-${i}` } as never);
    const list = await (await fetch(`${base}/api/v1/taskhubs/default/orchestrations?prefix=paging-&pageSize=2`)).json();
    expect(list).toMatchObject({ total: 3, maxPage: 2, morePastMaxPage: false });
    // A link to a page past the end (the list shrank since it was shared) shows the last page.
    await dashboard.open('#/hubs/default/orchestrations?prefix=paging-&pageSize=25&page=7');
    await dashboard.page.locator('tr[data-instance-id="paging-0"]').waitFor();
    expect(await dashboard.page.locator('.pager-pages').textContent()).toBe('Page 1 of 1');
    for (let i = 0; i < 3; i++) await client.terminateOrchestration(`paging-${i}`);
  });

  it('ran without page errors', () => {
    expect(dashboard.errors).toEqual([]);
  });
});
