// Standards items from requirement verdicts (reporter/standards.ts), and the randomness judge
// (fixtures/randomness.ts): a sound generator passes, weak ones fail, a small sample cannot conclude.
import { randomInt } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { judgeRandomness } from '../../../fixtures/randomness.ts';
import type { Standards } from '../../../specs/catalogue.ts';
import type { RequirementResult } from '../../../reporter/model.ts';
import { standardsVerdicts } from '../../../reporter/standards.ts';

const standards: Standards = {
  standards: [{ id: 'S', title: 'A standard', url: 'https://example.org' }],
  items: [
    { id: 'S-1', standard: 'S', number: '1', title: 'one' },
    { id: 'S-2', standard: 'S', number: '2', title: 'two', notTestable: 'storage is invisible' },
    { id: 'S-3', standard: 'S', number: '3', title: 'three', notApplicable: 'not an API matter' },
    { id: 'S-4', standard: 'S', number: '4', title: 'four', note: 'in part' },
  ],
};
const catalogue = { requirements: [{ id: 'A', standards: ['S-1', 'S-4'] }, { id: 'B', standards: ['S-1'] }, { id: 'C', standards: ['S-4'] }] };
const result = (id: string, verdict: RequirementResult['verdict'], reason?: string) => ({ id, level: 'MUST', verdict, tests: [], ...(reason ? { reason } : {}) }) as RequirementResult;

test('an item is FAILED or WARNING by its requirements, PASSED when those checked passed, else says why not', () => {
  const items = (results: RequirementResult[]) => Object.fromEntries(standardsVerdicts(standards, catalogue, results).map((s) => [s.id, s]));
  const green = items([result('A', 'PASSED'), result('B', 'PASSED'), result('C', 'SKIPPED', 'needs the clock')]);
  expect(green['S-1']).toMatchObject({ verdict: 'PASSED', requirements: ['A', 'B'] });
  expect(green['S-2']).toMatchObject({ verdict: 'NOT_TESTABLE', requirements: [], reason: 'storage is invisible' });
  expect(green['S-3']).toMatchObject({ verdict: 'NOT_APPLICABLE', reason: 'not an API matter' });
  expect(green['S-4']).toMatchObject({ verdict: 'PASSED', reason: 'in part; not checked in this run: C: needs the clock' });
  const red = items([result('A', 'PASSED'), result('B', 'FAILED'), result('C', 'WARNING')]);
  expect(red['S-1']).toMatchObject({ verdict: 'FAILED', reason: 'FAILED: B' });
  expect(red['S-4']).toMatchObject({ verdict: 'WARNING' });
  const unchecked = items([result('A', 'SKIPPED', 'no control'), result('B', 'NOT_COVERED', 'no test'), result('C', 'SKIPPED', 'no control')]);
  expect(unchecked['S-1']).toMatchObject({ verdict: 'NOT_TESTABLE', reason: 'none of its requirements was checked in this run: A: no control; B: no test' });
});

test('randomness: a CSPRNG passes; a counter, a short cycle and a skewed digit fail; a small sample is not conclusive', () => {
  const draw = (n: number, next: (i: number) => number) => Array.from({ length: n }, (_, i) => String(next(i)).padStart(6, '0'));
  const sound = judgeRandomness(draw(2000, () => randomInt(1e6)));
  expect(sound).toMatchObject({ size: 2000, length: 6, conclusive: true, passed: true });
  expect(sound.tests.map((t) => t.name)).toEqual(['digits overall', ...[1, 2, 3, 4, 5, 6].map((p) => `digits at position ${p}`), expect.stringMatching(/^repeated codes/)]);
  expect(judgeRandomness(draw(2000, (i) => 123_457 + i)).passed).toBe(false);
  expect(judgeRandomness(draw(2000, (i) => (i * 7919) % 500 * 1999)).passed).toBe(false);
  // Every code's last digit is never 9: a subtle skew, caught at its position.
  const skewed = judgeRandomness(draw(2000, () => randomInt(1e5) * 10 + randomInt(9)));
  expect(skewed.passed).toBe(false);
  expect(skewed.tests.filter((t) => !t.passed).map((t) => t.name)).toContain('digits at position 6');
  expect(judgeRandomness(draw(200, () => randomInt(1e6)))).toMatchObject({ conclusive: false });
});
