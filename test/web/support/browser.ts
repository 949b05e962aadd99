import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { startTestContext, TestContext } from '../../support/test-app';

/** Debian's Chromium; Playwright's own browser download cannot work on these machines. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** A cheap Android phone. */
export const PHONE = { width: 360, height: 740 };
/** Where a failed scenario's screenshot goes (outside the repository, so it is never committed by accident). */
export const FAILURE_SHOTS = process.env.WEB_FAILURE_DIR ?? join(tmpdir(), 'gelombang-web-failures');

export interface WebTestContext extends TestContext {
  /** http://127.0.0.1:<random port> of the first instance. */
  baseUrl: string;
}

/** The real app (own database and Redis prefix, see test/support/test-app.ts) listening on a random port. */
export async function startWebContext(env: Record<string, string> = {}): Promise<WebTestContext> {
  const ctx = await startTestContext(env);
  await ctx.apps[0].listen({ port: 0, host: '127.0.0.1' });
  const address = ctx.apps[0].getHttpServer().address() as { port: number };
  return Object.assign(ctx, { baseUrl: `http://127.0.0.1:${address.port}` });
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

/** A fresh phone-sized browser context (own cookies) with Bahasa Indonesia as the browser language. */
export function phoneContext(browser: Browser, baseUrl: string): Promise<BrowserContext> {
  return browser.newContext({ viewport: PHONE, baseURL: baseUrl, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
}

/**
 * Runs one browser scenario on a new phone page; when it fails, a screenshot of the page is saved
 * in FAILURE_SHOTS/<name>.png before the error is passed on.
 */
export async function onPhone(browser: Browser, baseUrl: string, name: string, scenario: (page: Page) => Promise<void>): Promise<void> {
  const context = await phoneContext(browser, baseUrl);
  const page = await context.newPage();
  try {
    await scenario(page);
  } catch (error) {
    mkdirSync(FAILURE_SHOTS, { recursive: true });
    await page.screenshot({ path: join(FAILURE_SHOTS, `${name}.png`), fullPage: true }).catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
}

/** Logs in through the /masuk form, with the labels a person sees. */
export async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/masuk');
  await page.getByLabel('NIP atau nama pengguna').fill(username);
  await page.getByLabel('Kata sandi').fill(password);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/masuk'), page.getByRole('button', { name: 'Masuk' }).click()]);
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * axe-core's serious and critical violations on the current page (the test expects []). The
 * script is evaluated over the DevTools protocol, so the page's CSP (no inline scripts) stays on.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  // A string, not a function: the test project is compiled without the DOM types.
  const violations = await page.evaluate<AxeViolation[]>(`axe.run(document, { resultTypes: ['violations'] }).then((result) =>
    result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
