// The conformance report seen in a real browser (tests/support/browser.ts says which Chromium):
// the index.html of a real small suite run opens over file://, the summary and a requirement row
// must be visible, and screenshots are attached.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { requireChromium } from '../../support/browser.ts';
import { cleanEnv, playwrightTest } from './suite-runs.ts';

test.describe.configure({ timeout: 90_000 });
test.beforeEach(requireChromium);

test('the conformance report renders in Chromium: summary, counts and a requirement row are visible', async ({ page }) => {
  const info = test.info();
  const reportDir = info.outputPath('report');
  // The embedded emulator (CONFORMANCE_HERMETIC=1 starts it through the config's webServer).
  const run = await playwrightTest(
    ['tests/conformance/signin.spec.ts', '--reporter=./reporter/conformance-reporter.ts', `--output=${info.outputPath('pw-output')}`],
    cleanEnv({ CONFORMANCE_HERMETIC: '1', CONFORMANCE_REPORT_DIR: reportDir, CONFORMANCE_SEED: '4242' }),
  );
  expect(run.code, run.stdout + run.stderr).toBe(0);

  await page.setViewportSize({ width: 1280, height: 900 });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
  await page.goto(pathToFileURL(join(reportDir, 'index.html')).href);
  await expect(page).toHaveTitle(/^Conformance report: http:\/\/127\.0\.0\.1:\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Descope SMS OTP conformance report');
  await expect(page.getByText('No MUST requirement failed')).toBeVisible();
  const counts = page.getByRole('list', { name: 'requirements per verdict' });
  await expect(counts).toBeVisible();
  await expect(counts.getByRole('listitem')).toHaveCount(6);
  await expect(counts).toContainText('PASSED');
  const row = page.locator('tr#SIGNIN-RESPONSE-MASKED-PHONE');
  await expect(row).toBeVisible();
  await expect(row.getByRole('cell').nth(0)).toHaveText('SIGNIN-RESPONSE-MASKED-PHONE');
  await expect(row.locator('.v')).toHaveText('PASSED');
  // The badge is readable: white text on the verdict's colour, not the same colour twice.
  // (No DOM types in this project's tsconfig: the page functions reach the DOM through globalThis.)
  const [fg, bg] = await row.locator('.v').evaluate((el) => {
    const style = (globalThis as any).getComputedStyle(el);
    return [style.color as string, style.backgroundColor as string];
  });
  expect(fg).not.toBe(bg);
  // No horizontal scrolling on a laptop-sized window.
  const overflow = await page.evaluate(() => {
    const html = (globalThis as any).document.documentElement;
    return (html.scrollWidth as number) - (html.clientWidth as number);
  });
  expect(overflow).toBeLessThanOrEqual(0);
  const shot = async (name: string, fullPage: boolean) => {
    const path = info.outputPath(name);
    await page.screenshot({ path, fullPage });
    await info.attach(name, { path, contentType: 'image/png' });
  };
  await shot('conformance-report.png', false);
  await shot('conformance-report-full.png', true);
  await page.emulateMedia({ media: 'print' });
  await shot('conformance-report-print.png', false);
  expect(errors).toEqual([]);
});
