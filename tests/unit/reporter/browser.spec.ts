// The conformance report seen in a real browser: Debian's Chromium (installed by .ci/run when missing;
// Playwright downloads no browser here) opens the index.html of a real small suite run over file://,
// the summary and a requirement row must be visible, and a full-page screenshot is attached.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, expect, test } from '@playwright/test';
import { cleanEnv, playwrightTest } from './suite-runs.ts';

const CHROMIUM = '/usr/bin/chromium';
// Flags that work as root on this kind of machine (shared/toolchain-notes.md); Playwright adds
// --headless and its own user data directory.
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

test.describe.configure({ timeout: 90_000 });

test('the conformance report renders in Chromium: summary, counts and a requirement row are visible', async () => {
  if (!existsSync(CHROMIUM)) {
    const why = `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y --no-install-recommends chromium; .ci/run does it)`;
    if (process.env.CI === 'true') throw new Error(`CI=true and ${why}`);
    test.skip(true, why);
  }
  const info = test.info();
  const reportDir = info.outputPath('report');
  // The embedded emulator (CONFORMANCE_HERMETIC=1 starts it through the config's webServer).
  const run = await playwrightTest(
    ['tests/conformance/signin.spec.ts', '--reporter=./reporter/conformance-reporter.ts', `--output=${info.outputPath('pw-output')}`],
    cleanEnv({ CONFORMANCE_HERMETIC: '1', CONFORMANCE_REPORT_DIR: reportDir, CONFORMANCE_SEED: '4242' }),
  );
  expect(run.code, run.stdout + run.stderr).toBe(0);

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
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
  } finally {
    await browser.close();
  }
});
