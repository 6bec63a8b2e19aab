// A code is accepted only as the exact string that was sent (docs/decisions.md, exact code
// comparison): each near miss a loose comparison would let through fails as a wrong code, and counts
// against the wrong-attempt limit like any wrong code.
import { covers } from '../../fixtures/requirements.ts';
import { errorSignature, expectError, expectSuccess } from '../../fixtures/exchange.ts';
import { VERIFY_PATH } from '../../fixtures/raw-requests.ts';
import { registerSecret } from '../../fixtures/redact.ts';
import { test, type CodeSource, type TestUser } from '../../fixtures/test.ts';
import type { DescopeApi } from '../../fixtures/client.ts';

const WRONG_CODE = 'E061102';
const TOO_MANY_ATTEMPTS = 'E061103';
const DROPPED_ZERO = 'its leading zero dropped';
/** Without a profile, how many near misses the suite tries before it calls the limit missing (as wrong-codes.spec.ts does). */
const ATTEMPT_LIMIT_SEARCH = 10;

/** `0`–`9` in another script, from its zero. */
const inScript = (code: string, zero: number) => [...code].map((digit) => String.fromCodePoint(zero + Number(digit))).join('');

/** The near misses of a code, each named. */
function nearMisses(code: string): [string, string][] {
  const misses: [string, string][] = [
    ['an extra digit', `${code}${(Number(code.at(-1)) + 3) % 10}`],
    ['the last digit missing', code.slice(0, -1)],
    ['a space before and after', ` ${code} `],
    ['a trailing newline', `${code}\n`],
    ['full-width digits', inScript(code, 0xff10)],
    ['Arabic-Indic digits', inScript(code, 0x660)],
    ['a zero in front', `0${code}`],
  ];
  if (code.startsWith('0')) misses.push([DROPPED_ZERO, code.replace(/^0+/, '')]);
  return misses;
}

/** A code that starts with 0, when one comes within `tries` (each generate replaces the last). */
async function leadingZeroCode(codes: CodeSource, user: TestUser, tries: number): Promise<string> {
  let code = await codes.generate(user);
  for (let i = 1; i < tries && !code.startsWith('0'); i++) code = await codes.generate(user);
  return code;
}

function sendVariant(api: DescopeApi, user: TestUser, variant: string) {
  registerSecret(variant, 'code');
  return api.send('POST', VERIFY_PATH, { json: { loginId: user.loginId, code: variant } });
}

test('near misses of the right code fail as wrong codes; the right code still works', covers('VERIFY-CODE-EXACT-MATCH'), async ({ api, user, codes, targetInfo }) => {
  // One in ten codes starts with 0: an emulator can afford to look for one; a live target gets ten tries.
  let pending = await leadingZeroCode(codes, user, targetInfo.hasControl ? 200 : 10);
  // A dropped leading zero can only be made from that code, so it goes first; every other miss
  // gets a fresh code, so the attempt limit never answers instead of the comparison.
  const names = nearMisses(pending).map(([name]) => name).sort((a) => (a === DROPPED_ZERO ? -1 : 0));
  for (const [index, name] of names.entries()) {
    await test.step(`the code with ${name}`, async () => {
      if (index > 0) pending = await codes.generate(user);
      const [, variant] = nearMisses(pending).find(([what]) => what === name)!;
      expectError(await sendVariant(api, user, variant), { requirement: 'VERIFY-CODE-EXACT-MATCH', status: '4xx', errorCode: WRONG_CODE });
    });
  }
  await test.step('the code as a JSON number is refused', async () => {
    pending = await codes.generate(user);
    const exchange = await api.send('POST', VERIFY_PATH, { json: { loginId: user.loginId, code: Number(pending) } });
    expectError(exchange, { requirement: 'VERIFY-CODE-EXACT-MATCH', status: '4xx' });
  });
  await test.step('the right code, exactly, signs in', async () => {
    expectSuccess(await api.verifySms(user.loginId, pending), 'verify-sms-response', 'VERIFY-CODE-EXACT-MATCH');
  });
});

test('each near miss counts as a wrong attempt: after the limit, even the right code is refused', covers('VERIFY-VARIANTS-COUNT-AS-ATTEMPTS'), async ({ api, user, codes, profile }) => {
  const known = (profile?.code as { maxWrongAttempts?: number } | undefined)?.maxWrongAttempts;
  // A target without a profile (staging) has a limit the suite does not know: it sends near misses
  // until the code locks, as the attempt-limit test does with wrong codes. A lock then is the proof
  // that the near misses counted.
  const attempts = known ?? ATTEMPT_LIMIT_SEARCH + 1;
  const code = await codes.generate(user);
  const misses = nearMisses(code);
  let locked = false;
  for (let attempt = 1; attempt <= attempts && !locked; attempt++) {
    const [what, variant] = misses[(attempt - 1) % misses.length]!;
    await test.step(`attempt ${attempt}${known ? ` of ${known}` : ''}: the code with ${what}`, async () => {
      const exchange = await sendVariant(api, user, variant);
      locked = known === undefined && attempt > 1 && errorSignature(exchange).errorCode === TOO_MANY_ATTEMPTS;
      expectError(exchange, { requirement: 'VERIFY-VARIANTS-COUNT-AS-ATTEMPTS', status: '4xx', errorCode: locked ? TOO_MANY_ATTEMPTS : WRONG_CODE });
    });
  }
  await test.step('the right code is now refused as too many attempts', async () => {
    expectError(await api.verifySms(user.loginId, code), { requirement: 'VERIFY-VARIANTS-COUNT-AS-ATTEMPTS', status: '4xx', errorCode: TOO_MANY_ATTEMPTS });
  });
});
