// The mutation check: its kill rule on its own, and a small real run (the whole run is
// `npm run mutation`, minutes long, outside `npm test`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { baselineProblems, killingRequirements } from '../../../reporter/mutation/kills.ts';
import { runMutation } from '../../../reporter/mutation/run.ts';
import type { RequirementResult } from '../../../reporter/model.ts';

const result = (id: string, verdict: RequirementResult['verdict']) => ({ id, level: 'MUST', verdict, tests: [] }) as RequirementResult;

test('a fault is killed by requirements that are red with it and were not without it', () => {
  const baseline = [result('A', 'PASSED'), result('B', 'WARNING'), result('C', 'OBSERVED'), result('D', 'SKIPPED')];
  const faulty = [result('A', 'FAILED'), result('B', 'WARNING'), result('C', 'WARNING'), result('D', 'SKIPPED')];
  expect(killingRequirements(baseline, faulty)).toEqual(['A', 'C']);
  expect(killingRequirements(baseline, baseline)).toEqual([]);
  expect(baselineProblems(baseline)).toEqual(['B is WARNING without any fault']);
});

test('a small real run: the fault a test guards is killed, a fault outside the subset survives and fails the run', async () => {
  test.setTimeout(180_000);
  const out = test.info().outputPath('mutation');
  const { report, exitCode } = await runMutation(['--faults', 'keep-earlier-codes,phone-not-verified', '--out', out, '--grep', '@SIGNIN-INVALIDATES-EARLIER-CODES']);
  const byName = Object.fromEntries(report.faults.map((fault) => [fault.name, fault]));
  expect(report.baseline.problems).toEqual([]);
  expect(byName['keep-earlier-codes']).toMatchObject({ killed: true, killedBy: ['SIGNIN-INVALIDATES-EARLIER-CODES'] });
  // phone-not-verified breaks VERIFY-MARKS-PHONE-VERIFIED, which this subset does not run.
  expect(byName['phone-not-verified']).toMatchObject({ killed: false, killedBy: [] });
  expect(exitCode).toBe(1);
  const html = readFileSync(join(out, 'index.html'), 'utf8');
  expect(html).toContain('1 of 2</strong> faults killed');
  expect(html).toContain('SURVIVED');
  expect(JSON.parse(readFileSync(join(out, 'mutation.json'), 'utf8')).faults).toHaveLength(2);
});
