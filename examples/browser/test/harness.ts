// End-to-end harness: the sandbox in-process, the production build of the page served by `vite preview`, and
// Debian's Chromium driven by playwright-core with a fresh profile.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Sandbox, startSandbox } from '@skyport/sandbox';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

export const root = fileURLToPath(new URL('..', import.meta.url));
export const artifacts = join(root, 'artifacts');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface Harness {
  sandbox: Sandbox;
  /** The page's URL (vite preview of the production build). */
  appUrl: string;
  context: BrowserContext;
  page: Page;
  /** Browser console errors and uncaught page errors, for failure messages. */
  pageErrors: string[];
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  };
  try {
    const sandbox = await startSandbox({ particle: { publishIntervalMs: 0 } });
    cleanups.push(() => sandbox.close());

    const outDir = await mkdtemp(join(tmpdir(), 'skyport-example-browser-dist-'));
    cleanups.push(() => rm(outDir, { recursive: true, force: true }));
    const define = { 'import.meta.env.VITE_SANDBOX_URL': JSON.stringify(sandbox.url) };
    await build({ root, logLevel: 'warn', define, build: { outDir, emptyOutDir: true, sourcemap: false } });
    const server: PreviewServer = await preview({
      root,
      logLevel: 'warn',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    });
    cleanups.push(() => server.close());
    const appUrl = server.resolvedUrls?.local[0];
    if (!appUrl) throw new Error('vite preview did not report its URL');

    const profile = await mkdtemp(join(tmpdir(), 'skyport-example-browser-profile-'));
    cleanups.push(() => rm(profile, { recursive: true, force: true }));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
    });
    cleanups.push(() => context.close());
    const page = context.pages()[0] ?? (await context.newPage());
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') pageErrors.push(`console: ${msg.text()}`);
    });
    await mkdir(artifacts, { recursive: true });
    return { sandbox, appUrl, context, page, pageErrors, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Loads (or reloads) the page and waits until both panels have settled. */
export async function openApp(h: Harness, url = h.appUrl): Promise<void> {
  await h.page.goto(url);
  await h.page.waitForSelector('body[data-ready="true"]');
}

/** Waits for a selector; on timeout the error also says what the page showed and logged, to explain the failure. */
export async function waitFor(h: Harness, selector: string, timeout = 15_000): Promise<void> {
  try {
    await h.page.waitForSelector(selector, { timeout });
  } catch (err) {
    const shown = await h.page
      .$$eval('[role=alert]:not([hidden])', (els) => els.map((e) => e.textContent))
      .catch(() => []);
    throw new Error(
      `${(err as Error).message.split('\n')[0]}\nerrors shown: ${JSON.stringify(shown)}\npage log: ${JSON.stringify(h.pageErrors)}`,
    );
  }
}
