// The reports seen in a real browser (tests/support/browser.ts says which Chromium): a green and a
// red conformance report of real small suite runs (what failed first, then the security standards,
// then every requirement) and the fidelity report's header, opened over file://, with screenshots.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { childEnv, runScript } from '../../../lib/process.ts';
import { requireChromium } from '../../support/browser.ts';
import { cleanEnv, playwrightTest, startEmulator, targetEnv } from './suite-runs.ts';

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

test('a red report leads with what failed, then the security standards, then the table', async ({ page }) => {
  const info = test.info();
  const key = 'K2browser-red-report-key-0123';
  const emulator = await startEmulator(key, ['--fault', 'keep-earlier-codes', '--fault', 'fifteen-minute-codes']);
  try {
    const reportDir = info.outputPath('red-report');
    const run = await playwrightTest(
      ['tests/conformance/invalidation.spec.ts', 'tests/conformance/expiry.spec.ts', 'tests/conformance/exact-codes.spec.ts', '--reporter=./reporter/conformance-reporter.ts', `--output=${info.outputPath('pw-red')}`],
      targetEnv(emulator.url, key, { CONFORMANCE_REPORT_DIR: reportDir }),
    );
    expect(run.code, run.stdout + run.stderr).toBe(1);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(pathToFileURL(join(reportDir, 'index.html')).href);
    const failures = page.locator('section#failures');
    await expect(failures.getByRole('heading', { level: 2 })).toHaveText(/^What failed \(\d+\)$/);
    await expect(failures.locator('article[data-verdict="FAILED"]').filter({ hasText: 'SIGNIN-INVALIDATES-EARLIER-CODES' })).toBeVisible();
    await expect(failures.locator('article[data-verdict="WARNING"]').filter({ hasText: 'CODE-EXPIRY-WITHIN-10-MINUTES' })).toBeVisible();
    const standards = page.getByRole('region', { name: 'security standards' });
    await expect(standards.locator('tr#std-ASVS-4\\.0-2\\.7\\.3')).toContainText('FAILED');
    await expect(standards.locator('tr#std-ASVS-4\\.0-2\\.7\\.2')).toContainText('WARNING');
    await expect(standards.locator('tr#std-ASVS-4\\.0-2\\.7\\.5')).toContainText('NOT TESTABLE');
    // In that order, top to bottom: what failed, the standards, every requirement.
    const top = async (selector: string) => (await page.locator(selector).first().boundingBox())!.y;
    expect(await top('section#failures')).toBeLessThan(await top('section#standards'));
    expect(await top('section#standards')).toBeLessThan(await top('table.requirements'));
    expect(await top('section#failures')).toBeLessThan(900);
    await page.screenshot({ path: info.outputPath('red-report.png') });
    await info.attach('red-report.png', { path: info.outputPath('red-report.png'), contentType: 'image/png' });
    await standards.screenshot({ path: info.outputPath('standards.png') });
    await info.attach('standards.png', { path: info.outputPath('standards.png'), contentType: 'image/png' });
  } finally {
    await emulator.stop();
  }
});

test('the fidelity report header: A\'s metadata under A, B\'s under B', async ({ page }) => {
  const info = test.info();
  const report = (url: string, verdict: string) => ({
    target: { url, projectId: 'P2XX****', profile: 'emulator-default' }, startedAt: '2026-01-01T00:00:00.000Z', suite: { version: '0.1.0', commit: 'abc', seed: '1' },
    requirements: [{ id: 'SIGNIN-SENDS-CODE', level: 'MUST', verdict, ...(verdict === 'SKIPPED' ? { reason: 'needs the SMS outbox' } : {}) }, { id: 'ERROR-WRONG-CODE', level: 'OBSERVED', verdict: 'OBSERVED', observed: { errorCode: 'E061102', status: 401 } }],
  });
  const dir = info.outputPath('fidelity');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'staging.json'), JSON.stringify(report('https://staging.example.com', 'SKIPPED')));
  writeFileSync(join(dir, 'emulator.json'), JSON.stringify(report('http://127.0.0.1:4010', 'PASSED')));
  const out = await runScript('reporter/fidelity/cli.ts', [join(dir, 'staging.json'), join(dir, 'emulator.json')], { env: childEnv({ FIDELITY_REPORT_DIR: join(dir, 'report') }) });
  expect(out.code, out.stdout + out.stderr).toBe(0);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(pathToFileURL(join(dir, 'report', 'index.html')).href);
  const meta = page.getByRole('table', { name: 'compared reports' });
  await expect(meta).toBeVisible();
  const column = async (selector: string) => {
    const box = (await meta.locator(selector).first().boundingBox())!;
    return { left: box.x, right: box.x + box.width };
  };
  const headA = await column('thead th[data-side="a"]');
  const headB = await column('thead th[data-side="b"]');
  const cellA = await column('tbody td[data-side="a"]');
  const cellB = await column('tbody td[data-side="b"]');
  expect(headA.right).toBeLessThanOrEqual(headB.left + 1);
  expect(cellA).toEqual(headA);
  expect(cellB).toEqual(headB);
  await expect(meta.locator('tbody td[data-side="a"]').filter({ hasText: 'staging.json' })).toHaveCount(1);
  await expect(meta.locator('tbody td[data-side="b"]').filter({ hasText: 'emulator.json' })).toHaveCount(1);
  await expect(page.getByText(/not compared/i).first()).toBeVisible();
  await page.screenshot({ path: info.outputPath('fidelity-report.png') });
  await info.attach('fidelity-report.png', { path: info.outputPath('fidelity-report.png'), contentType: 'image/png' });
});
