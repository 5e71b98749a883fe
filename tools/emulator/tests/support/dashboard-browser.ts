// The dashboard in a real browser for tests: the UI built once (spec files running side by side share one
// build), Debian's Chromium through playwright-core, and pages that collect their errors and keep
// screenshots in test-output/screenshots.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';

const UI_SOURCE = fileURLToPath(new URL('../../dashboard-ui/', import.meta.url));
const UI_BUILT = fileURLToPath(new URL('../../dist/dashboard-ui/index.html', import.meta.url));
const BUILD_LOCK = fileURLToPath(new URL('../../dist/.dashboard-ui-build.lock', import.meta.url));
export const SCREENSHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function builtIsFresh(): boolean {
  return fs.existsSync(UI_BUILT) && fs.statSync(UI_BUILT).mtimeMs >= newestSource(UI_SOURCE);
}

/** Builds the UI unless the build is newer than its sources; another spec file building meanwhile is waited for. */
export async function buildDashboardUi(): Promise<void> {
  fs.mkdirSync(path.dirname(BUILD_LOCK), { recursive: true });
  for (let waited = 0; ; waited += 200) {
    try {
      fs.mkdirSync(BUILD_LOCK);
      break;
    } catch {
      // A lock older than a minute was left by a build that died.
      if (waited > 60_000) fs.rmSync(BUILD_LOCK, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (!builtIsFresh()) await build({ configFile: path.join(UI_SOURCE, 'vite.config.mts'), logLevel: 'error' });
  } finally {
    fs.rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface DashboardPage {
  page: Page;
  /** Uncaught errors and console errors seen so far (4xx answers a test provokes on purpose are left out). */
  errors: string[];
  /** Moves to a dashboard route (`#/hubs/...`) the way a user does: the first visit loads, later ones change the hash. */
  open(hash: string): Promise<void>;
  shot(name: string): Promise<Buffer>;
}

export async function openDashboard(
  browser: Browser,
  base: string,
  viewport = { width: 1440, height: 900 },
  expectedConsoleErrors = /the server responded with a status of 4\d\d/,
): Promise<DashboardPage> {
  const page = await browser.newPage({ viewport, acceptDownloads: true });
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !expectedConsoleErrors.test(msg.text())) errors.push(msg.text());
  });
  return {
    page,
    errors,
    async open(hash) {
      if (page.url().startsWith(`${base}/`)) {
        await page.evaluate((h) => ((globalThis as unknown as { location: { hash: string } }).location.hash = h || '#/'), hash);
      } else {
        await page.goto(`${base}/${hash}`);
      }
    },
    shot: (name) => page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: false }),
  };
}
