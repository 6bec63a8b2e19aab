// One configuration, two uses:
// - `npm test` (CONFORMANCE_HERMETIC=1): unit tests plus the conformance suite against an emulator
//   this run starts itself; DESCOPE_BASE_URL is ignored even when .env sets it.
// - `npm run conformance`: the conformance suite against DESCOPE_BASE_URL when set (nothing is
//   started), otherwise against the embedded emulator.
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { config as loadDotenv } from 'dotenv';
import { EMBEDDED_CORS_ORIGIN, EMBEDDED_MANAGEMENT_KEY, EMBEDDED_PROJECT_ID } from './fixtures/target.ts';

const hermetic = process.env.CONFORMANCE_HERMETIC === '1';
if (hermetic) {
  // This file is evaluated in the runner and in every worker: both forget the live target.
  delete process.env.DESCOPE_BASE_URL;
  delete process.env.DESCOPE_PROJECT_ID;
  delete process.env.DESCOPE_MANAGEMENT_KEY;
} else if (process.env.CONFORMANCE_DOTENV !== '0') {
  // Runs the project's own tests spawn set CONFORMANCE_DOTENV=0: a developer's .env never reaches them.
  loadDotenv({ quiet: true });
}

// Set once in the runner; workers inherit the environment, so every process agrees on them.
process.env.CONFORMANCE_RUN_ID ??= `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
process.env.CONFORMANCE_SEED ??= String(Math.floor(Math.random() * 2 ** 31));

const liveTarget = process.env.DESCOPE_BASE_URL;
const isCI = !!process.env.CI;

export default defineConfig({
  // Live targets are rate limited (about 100 auth requests a minute per IP): few workers there.
  workers: liveTarget ? 2 : isCI ? 2 : undefined,
  // Absolute, so that configurations built on this one (tests/unit/reporter/leaky/) find them too.
  globalSetup: join(import.meta.dirname, 'fixtures', 'global-setup.ts'),
  forbidOnly: isCI,
  retries: 0,
  timeout: 30_000,
  reporter: [
    ['list'],
    ['html', { open: 'never' }],
    ['junit', { outputFile: 'test-results-junit/junit.xml' }],
    // conformance-report/{conformance.json,index.html} (CONFORMANCE_REPORT_DIR); conformance projects only.
    [join(import.meta.dirname, 'reporter', 'conformance-reporter.ts'), { outputDir: 'conformance-report' }],
  ],
  use: {
    extraHTTPHeaders: { accept: 'application/json' },
    // Traces record every API request with its Authorization header (the management key, refresh
    // JWTs) and both bodies (phones, session JWTs), and Playwright offers no hook to redact them:
    // never against a live target (tests/unit/reporter/redaction-scan.spec.ts; `--trace` overrides this).
    trace: 'off',
    // Browser tests (the reports seen in Chromium, the example app): a Chromium named by CHROMIUM_PATH
    // (.ci/run sets Debian's), else Playwright's own install.
    launchOptions: { executablePath: process.env.CHROMIUM_PATH || undefined },
  },
  projects: [
    { name: 'unit', testDir: 'tests/unit' },
    // Every conformance test is independent: those that move a clock do it in an emulator project of
    // their own (fixtures/test.ts, ownProject), so no verdict waits on another test passing.
    { name: 'conformance', testDir: 'tests/conformance' },
  ],
  webServer: liveTarget
    ? undefined
    : {
        // The emulator bundled and cached by lib/run-bundled.mjs: it listens about 0.3 s sooner than
        // through tsx's loader, and with no npx lookup or wrapper process.
        // `exec` (POSIX shells) makes the emulator Playwright's own child rather than a shell's: it is
        // waited for when it stops, so its CPU time counts in the run's (bench/suite.ts).
        // --exit-with-parent: a runner killed by SIGTERM or SIGKILL leaves no emulator behind.
        command: `${process.platform === 'win32' ? '' : 'exec '}node lib/run-bundled.mjs emulator/cli.ts --port 0 --project-id ${EMBEDDED_PROJECT_ID} --management-key ${EMBEDDED_MANAGEMENT_KEY} --cors-origins ${EMBEDDED_CORS_ORIGIN} --quiet --exit-with-parent${hermetic ? ' --no-env-file' : ''}`,
        // The emulator prints its real port; the named group becomes EMULATOR_URL for the workers.
        wait: { stdout: /listening on (?<emulator_url>http:\/\/\S+)/ },
        cwd: import.meta.dirname,
        reuseExistingServer: false,
        stdout: 'ignore',
        stderr: 'pipe',
        timeout: 30_000,
        gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
      },
});
