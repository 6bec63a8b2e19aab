// Driving the example page and reading what it shows: each SDK call the page makes ends with a log
// line (data-call, data-ok, data-error-code), so a test waits for that line, never for a fixed time.
import type { Page, Request } from '@playwright/test';
import type { ServerChild } from '../../../lib/server.ts';
import { ANSWER_TIMEOUT, expect, PROJECT_ID } from './harness.ts';

export interface LoggedCall {
  ok: boolean;
  errorCode: string;
  text: string;
}

/** Clicks and waits for the page's log line of that SDK call: its ok and errorCode as the SDK returned them. */
export async function act(page: Page, call: string, click: () => Promise<void>): Promise<LoggedCall> {
  const lines = page.locator(`#log li[data-call="${call}"]`);
  const before = await lines.count();
  await click();
  await expect(lines, `the page should log the SDK's answer to ${call}`).toHaveCount(before + 1, { timeout: ANSWER_TIMEOUT });
  return lastCall(page, call);
}

export async function lastCall(page: Page, call: string): Promise<LoggedCall> {
  const line = page.locator(`#log li[data-call="${call}"]`).last();
  return { ok: (await line.getAttribute('data-ok')) === 'true', errorCode: (await line.getAttribute('data-error-code')) ?? '', text: (await line.textContent()) ?? '' };
}

/** Waits until the page has logged `count` answers to this call. */
export async function expectCalls(page: Page, call: string, count: number, why: string): Promise<void> {
  await expect(page.locator(`#log li[data-call="${call}"]`), why).toHaveCount(count, { timeout: ANSWER_TIMEOUT });
}

export function callCount(page: Page, call: string): Promise<number> {
  return page.locator(`#log li[data-call="${call}"]`).count();
}

/** The Authorization header of the next request to this API path, seen by Chromium. */
export function nextAuthorization(page: Page, path: string, method: 'GET' | 'POST'): Promise<string | undefined> {
  return page
    .waitForRequest((request: Request) => request.method() === method && new URL(request.url()).pathname === path, { timeout: ANSWER_TIMEOUT })
    .then(async (request) => (await request.allHeaders()).authorization);
}

/** The page's localStorage (no DOM types in this project's tsconfig: reached through globalThis). */
export function storage(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const local = (globalThis as any).localStorage;
    return Object.fromEntries(Object.keys(local).map((key) => [key, local.getItem(key) as string]));
  });
}

/** Console errors, page errors and failed requests of one page. */
export function watch(page: Page) {
  const consoleErrors: string[] = [];
  const failedRequests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => failedRequests.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText}`));
  return { consoleErrors, failedRequests, corsErrors: () => consoleErrors.filter((text) => /CORS|Access-Control|cross-origin/i.test(text)) };
}

/** Opens the page against this emulator and waits for its first call (try-refresh on load). */
export async function openPage(page: Page, server: ServerChild, emulatorUrl: string): Promise<void> {
  const query = new URLSearchParams({ projectId: PROJECT_ID, baseUrl: emulatorUrl });
  await page.goto(`${server.url}/?${query}`);
  await expect(page.locator('#target'), 'the page should read the project and base URL from its query string').toHaveText(`Project ${PROJECT_ID} at ${emulatorUrl}`);
  expect(await page.evaluate(() => typeof (globalThis as any).Descope), 'the published UMD bundle should define the global Descope').toBe('function');
  // No stored session yet: the SDK answers try-refresh ok without a request.
  await expectCalls(page, 'try-refresh', 1, 'the page should try to restore a session on load');
}
