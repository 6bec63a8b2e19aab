// The flake check: the comparison rule on its own, then real runs. Against an emulator with the
// `flaky` fault (a random 503 on verify, the kind of flake a busy service has) it finds changed
// verdicts and exits 1; against the same emulator without it, it finds none and exits 0.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { childEnv, runScript } from '../../../lib/process.ts';
import { compareRuns } from '../../../reporter/flakes/compare.ts';
import type { FlakeReport } from '../../../reporter/flakes/run.ts';
import type { ConformanceReport, RequirementResult } from '../../../reporter/model.ts';
import { PROJECT_ID, startEmulator } from './suite-runs.ts';

const KEY = 'K2flakes-run-key-not-a-secret';
const SUBSET = ['tests/conformance/wrong-codes.spec.ts', 'tests/conformance/verify.spec.ts', 'tests/conformance/tokens.spec.ts'];

function reportOf(requirements: Partial<RequirementResult>[]): ConformanceReport {
  return {
    target: { url: 'http://t', projectId: null, profile: null }, startedAt: '', suite: { version: '', commit: null, seed: null },
    summary: { FAILED: 0, WARNING: 0, PASSED: 0, OBSERVED: 0, SKIPPED: 0, NOT_COVERED: 0 }, findings: [],
    requirements: requirements.map((r) => ({ id: 'X', level: 'MUST', verdict: 'PASSED', tests: [], ...r }) as RequirementResult),
  };
}

test('a requirement changed when its verdict or a recorded observed value differs between runs', () => {
  const result = compareRuns([
    reportOf([{ id: 'A' }, { id: 'B' }, { id: 'C', level: 'OBSERVED', verdict: 'OBSERVED', observed: { status: 413 } }, { id: 'D', level: 'OBSERVED', verdict: 'OBSERVED', observed: 6 }]),
    reportOf([{ id: 'A' }, { id: 'B', verdict: 'FAILED', reason: 'boom' }, { id: 'C', level: 'OBSERVED', verdict: 'OBSERVED', observed: { connection: 'closed' } }, { id: 'D', level: 'OBSERVED', verdict: 'SKIPPED' }]),
  ]);
  expect(result.requirements.map((r) => [r.id, r.changed, r.what])).toEqual([
    ['A', false, []],
    ['B', true, ['verdict']],
    ['C', true, ['observed']],
    // A run that could not observe a value says nothing about it; its verdict still changed.
    ['D', true, ['verdict']],
  ]);
  expect(result.changed).toBe(3);
  expect(result.requirements[1]!.runs[1]).toMatchObject({ run: 2, verdict: 'FAILED', reason: 'boom' });
});

test.describe('real runs', () => {
  test.describe.configure({ timeout: 180_000 });

  for (const [label, faults, changed] of [['with a flaky verify', ['--fault', 'flaky?rate=0.1&route=/v1/auth/otp/verify/sms'], true], ['once it is fixed', [], false]] as const) {
    test(`npm run flakes ${label}: ${changed ? 'finds changed verdicts, with evidence, exit 1' : 'finds none, exit 0'}`, async () => {
      const emulator = await startEmulator(KEY, [...faults]);
      try {
        const out = test.info().outputPath('flakes');
        const run = await runScript('reporter/flakes/run.ts', ['--runs', '3', '--out', out, ...SUBSET], {
          env: childEnv({ DESCOPE_BASE_URL: emulator.url, DESCOPE_PROJECT_ID: PROJECT_ID, DESCOPE_MANAGEMENT_KEY: KEY }),
        });
        const report = JSON.parse(readFileSync(join(out, 'flakes.json'), 'utf8')) as FlakeReport;
        expect(report.runs).toBe(3);
        expect(report.broken).toEqual([]);
        if (changed) {
          expect(run.code, run.stdout + run.stderr).toBe(1);
          expect(report.changed).toBeGreaterThan(0);
          const flipped = report.requirements.find((r) => r.changed)!;
          expect(flipped.runs.some((r) => r.evidence?.length), 'the red side carries its evidence').toBe(true);
          expect(run.stdout).toMatch(/^flakes: CHANGED /m);
          expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain(flipped.id);
        } else {
          expect(run.code, run.stdout + run.stderr).toBe(0);
          expect(report.changed).toBe(0);
          expect(run.stdout).toContain('flakes: 0 of');
        }
      } finally {
        await emulator.stop();
      }
    });
  }

  test('npm run flakes whose runs judge nothing (a wrong key: each stops at the preflight) is no all-clear: exit 1, each run broken with why', async () => {
    const emulator = await startEmulator(KEY);
    try {
      const out = test.info().outputPath('flakes');
      const run = await runScript('reporter/flakes/run.ts', ['--runs', '2', '--out', out, SUBSET[0]!], {
        env: childEnv({ DESCOPE_BASE_URL: emulator.url, DESCOPE_PROJECT_ID: PROJECT_ID, DESCOPE_MANAGEMENT_KEY: 'K2not-the-key-of-this-project' }),
      });
      const report = JSON.parse(readFileSync(join(out, 'flakes.json'), 'utf8')) as FlakeReport;
      expect(report.broken.map((b) => b.run)).toEqual([1, 2]);
      expect(report.broken[0]!.why).toMatch(/^configuration error: fix DESCOPE_MANAGEMENT_KEY/);
      expect(run.stdout).toContain('2 run(s) judged nothing');
      expect(run.code, run.stdout + run.stderr).toBe(1);
    } finally {
      await emulator.stop();
    }
  });
});
