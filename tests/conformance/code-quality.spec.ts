// The codes themselves, from outside (docs/decisions.md, unpredictable codes): long enough, and
// uniformly random over a sample. An emulator is sampled 2,000 times; a live target as many times as
// CONFORMANCE_CODE_SAMPLE says (default 200, gentle on its rate limits), which is too few to conclude:
// that verdict is a WARNING with the sample size, never a pass.
import { ANNOTATION } from '../../specs/catalogue.ts';
import { check } from '../../fixtures/exchange.ts';
import { CONCLUSIVE_SAMPLE, judgeRandomness, SIGNIFICANCE } from '../../fixtures/randomness.ts';
import { covers } from '../../fixtures/requirements.ts';
import { test } from '../../fixtures/test.ts';

const EMULATOR_SAMPLE = 2000;
const LIVE_SAMPLE = Number(process.env.CONFORMANCE_CODE_SAMPLE || 200);
/** Generates in flight at once against an emulator; one at a time against a live target. */
const EMULATOR_CONCURRENCY = 40;

test('codes have at least 6 digits', covers('CODE-LENGTH-AT-LEAST-6'), async ({ user, codes }) => {
  const code = await codes.generate(user);
  check(/^[0-9]{6,}$/.test(code), 'CODE-LENGTH-AT-LEAST-6', 'a code of at least 6 digits', () => `a code of ${code.length} characters`);
});

test('codes are uniformly random: digits overall and per position, and repeats', covers('CODE-UNPREDICTABLE'), async ({ api, user, targetInfo }) => {
  test.setTimeout(targetInfo.hasControl ? 60_000 : 10 * 60_000);
  const size = targetInfo.hasControl ? EMULATOR_SAMPLE : LIVE_SAMPLE;
  const concurrency = targetInfo.hasControl ? EMULATOR_CONCURRENCY : 1;
  // Each generate replaces the user's pending code; only the drawn codes matter here.
  const codesDrawn = await test.step(`draw ${size} codes from the management API`, () => api.generateCodes(user.loginId, size, concurrency));
  const lengths = new Set(codesDrawn.map((code) => code.length));
  check(lengths.size === 1 && codesDrawn.every((code) => /^[0-9]+$/.test(code)), 'CODE-UNPREDICTABLE', 'codes of one length, all digits', () => `lengths ${[...lengths].join(', ')}`);
  const verdict = judgeRandomness(codesDrawn);
  const failed = verdict.tests.filter((t) => !t.passed);
  check(failed.length === 0, 'CODE-UNPREDICTABLE', `every test of uniformity to hold at a significance of ${SIGNIFICANCE} over ${verdict.size} codes`, () =>
    failed.map((t) => `${t.name}: p = ${t.pValue.toExponential(2)}`).join('; '));
  if (!verdict.conclusive) {
    test.info().annotations.push({
      type: ANNOTATION.inconclusive,
      description: `a sample of ${verdict.size} codes is too small to conclude (at least ${CONCLUSIVE_SAMPLE} needed; set CONFORMANCE_CODE_SAMPLE)`,
    });
  }
});
