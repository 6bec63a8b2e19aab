// The mistakes a person makes in their first hour, each stopped by the preflight before any test:
// exit 2, one line naming the variable to fix and what the target answered, a report that says
// "not run: configuration error" with no FAILED requirement, and no observed profile.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { childEnv, runScript } from '../../../lib/process.ts';
import type { ConformanceReport } from '../../../reporter/model.ts';
import { PROJECT_ID, startEmulator, type Emulator } from './suite-runs.ts';

test.describe.configure({ mode: 'serial', timeout: 60_000 });

const KEY = 'K2preflight-right-key-not-a-secret';
let emulator: Emulator;
test.beforeAll(async () => {
  emulator = await startEmulator(KEY);
});
test.afterAll(async () => {
  await emulator.stop();
});

const mistakes: [string, () => NodeJS.ProcessEnv, string, RegExp][] = [
  ['a typo in DESCOPE_BASE_URL (nothing listens there)', () => ({ DESCOPE_BASE_URL: 'http://127.0.0.1:9', DESCOPE_PROJECT_ID: PROJECT_ID, DESCOPE_MANAGEMENT_KEY: KEY }), 'DESCOPE_BASE_URL', /nothing answers at http:\/\/127\.0\.0\.1:9: .*ECONNREFUSED/],
  ['a wrong DESCOPE_MANAGEMENT_KEY', () => ({ DESCOPE_BASE_URL: emulator.url, DESCOPE_PROJECT_ID: PROJECT_ID, DESCOPE_MANAGEMENT_KEY: 'K2rotated-key-0123456789' }), 'DESCOPE_MANAGEMENT_KEY', /refused the management key of project P2FI\*+: POST \/v2\/mgmt\/user\/search\/test → HTTP 401 E011003/],
  ['a wrong DESCOPE_PROJECT_ID', () => ({ DESCOPE_BASE_URL: emulator.url, DESCOPE_PROJECT_ID: 'P2WR0NGPR0JECT00000000000001', DESCOPE_MANAGEMENT_KEY: KEY }), 'DESCOPE_PROJECT_ID', /does not know project P2WR\*+: GET \/v2\/keys\/\{projectId\} → HTTP 400 E011003/],
  ['no DESCOPE_MANAGEMENT_KEY at all', () => ({ DESCOPE_BASE_URL: emulator.url, DESCOPE_PROJECT_ID: PROJECT_ID }), 'DESCOPE_MANAGEMENT_KEY', /must be set too/],
];

for (const [mistake, env, variable, reason] of mistakes) {
  test(`${mistake}: exit 2, "fix ${variable}", no FAILED verdict, no observed profile`, async () => {
    const reportDir = test.info().outputPath('report');
    const run = await runScript('reporter/run-conformance.ts', [`--output=${test.info().outputPath('pw')}`], {
      env: childEnv({ ...env(), CONFORMANCE_REPORT_DIR: reportDir }),
    });
    expect(run.code, run.stdout + run.stderr).toBe(2);
    const line = run.stdout.split('\n').find((l) => l.startsWith('conformance: configuration error'));
    expect(line).toContain(`fix ${variable}:`);
    expect(line).toMatch(reason);
    expect(run.stdout + run.stderr).not.toContain(KEY);
    expect(run.stdout + run.stderr, 'no test ran').not.toMatch(/✓|✘/);
    const report = JSON.parse(readFileSync(join(reportDir, 'conformance.json'), 'utf8')) as ConformanceReport;
    expect(report.run?.status).toBe('configuration-error');
    expect(report.summary.FAILED).toBe(0);
    expect(report.requirements.every((r) => r.verdict === 'SKIPPED' && r.reason === `not run: configuration error (${variable})`)).toBe(true);
    expect(readFileSync(join(reportDir, 'index.html'), 'utf8')).toContain('Not run: configuration error.');
    expect(existsSync(join(reportDir, 'observed-profile.json')), 'no profile from a run that observed nothing').toBe(false);
  });
}

test('with the right settings the preflight passes and the tests run', async () => {
  const reportDir = test.info().outputPath('report');
  const run = await runScript('reporter/run-conformance.ts', ['tests/conformance/signin.spec.ts', `--output=${test.info().outputPath('pw')}`], {
    env: childEnv({ DESCOPE_BASE_URL: emulator.url, DESCOPE_PROJECT_ID: PROJECT_ID, DESCOPE_MANAGEMENT_KEY: KEY, CONFORMANCE_REPORT_DIR: reportDir }),
  });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  expect(existsSync(join(reportDir, 'observed-profile.json'))).toBe(true);
  // The preflight's own test user is gone again.
  const search = await fetch(`${emulator.url}/v2/mgmt/user/search/test`, { method: 'POST', headers: { authorization: `Bearer ${PROJECT_ID}:${KEY}` }, body: JSON.stringify({ text: 'preflight' }) });
  expect(((await search.json()) as { users: unknown[] }).users).toEqual([]);
});
