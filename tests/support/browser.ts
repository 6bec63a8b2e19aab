// Which Chromium the browser tests use: the one CHROMIUM_PATH names (playwright.config.ts hands it
// to Playwright; here Debian's, which .ci/run installs), else Playwright's own install. Neither
// present: the test is skipped with how to get one, except under CI=true, where it fails.
import { existsSync } from 'node:fs';
import { chromium, test } from '@playwright/test';

export function requireChromium(): void {
  const executable = process.env.CHROMIUM_PATH || chromium.executablePath();
  if (existsSync(executable)) return;
  const why = process.env.CHROMIUM_PATH
    ? `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist`
    : `no Chromium: set CHROMIUM_PATH to a Chromium or Chrome binary (e.g. Debian's /usr/bin/chromium), or run \`npx playwright install chromium\` (Playwright looked for ${executable})`;
  if (process.env.CI === 'true') throw new Error(`CI=true and ${why}`);
  test.skip(true, why);
}
