// Codes that must not sign anyone in: used, wrong, someone else's, never sent, too many tries.
import { covers, observe } from '../../fixtures/requirements.ts';
import { errorSignature, expectError, expectSuccess } from '../../fixtures/exchange.ts';
import { expect, test, type TestUser } from '../../fixtures/test.ts';
import type { DescopeApi } from '../../fixtures/client.ts';

const WRONG_CODE = 'E061102';
const TOO_MANY_ATTEMPTS = 'E061103';
/** Without a profile, how many wrong codes the suite tries before it calls the limit missing. */
const ATTEMPT_LIMIT_SEARCH = 10;

/** A code of the same shape as `code` that is not `code`. */
function anotherCode(code: string): string {
  const last = (Number(code.at(-1)) + 1) % 10;
  return `${code.slice(0, -1)}${last}`;
}

async function verifyOk(api: DescopeApi, user: TestUser, code: string, requirement: string) {
  return expectSuccess(await api.verifySms(user.loginId, code), 'verify-sms-response', requirement);
}

test('a code works once: the second verify fails as a wrong code', covers('VERIFY-CODE-SINGLE-USE'), async ({ api, user, codes }) => {
  const code = await codes.generate(user);
  await test.step('first use signs in', () => verifyOk(api, user, code, 'VERIFY-CODE-SINGLE-USE'));
  await test.step('second use fails', async () => {
    expectError(await api.verifySms(user.loginId, code), { requirement: 'VERIFY-CODE-SINGLE-USE', status: '4xx', errorCode: WRONG_CODE });
  });
});

test('a wrong code fails with E061102 and leaves the right one usable', covers('VERIFY-WRONG-CODE-FAILS'), async ({ api, user, codes }) => {
  const code = await codes.generate(user);
  expectError(await api.verifySms(user.loginId, anotherCode(code)), { requirement: 'VERIFY-WRONG-CODE-FAILS', status: '4xx', errorCode: WRONG_CODE });
  await verifyOk(api, user, code, 'VERIFY-WRONG-CODE-FAILS');
});

test('codes of the wrong shape fail as wrong codes', covers('VERIFY-WRONG-CODE-FAILS'), async ({ api, user, codes }) => {
  await codes.generate(user);
  for (const code of ['0', '12345678901234567890', 'abcdef', ' 123456']) {
    await test.step(`code ${JSON.stringify(code)}`, async () => {
      expectError(await api.verifySms(user.loginId, code), { requirement: 'VERIFY-WRONG-CODE-FAILS', status: '4xx' });
    });
  }
});

test('the wrong-code error', covers('ERROR-WRONG-CODE'), async ({ api, user, codes, profile }) => {
  const code = await codes.generate(user);
  observe('ERROR-WRONG-CODE', errorSignature(await api.verifySms(user.loginId, anotherCode(code))), profile);
});

test('a code sent to one user does not verify another', covers('VERIFY-OTHER-USERS-CODE-FAILS'), async ({ api, users, codes }) => {
  const alice = await users.create();
  const bob = await users.create();
  const alicesCode = await codes.generate(alice);
  const bobsCode = await codes.generate(bob);
  test.skip(alicesCode === bobsCode, 'the two random codes happen to be equal');
  expectError(await api.verifySms(bob.loginId, alicesCode), { requirement: 'VERIFY-OTHER-USERS-CODE-FAILS', status: '4xx', errorCode: WRONG_CODE });
  await test.step('both codes still work for their own users', async () => {
    await verifyOk(api, alice, alicesCode, 'VERIFY-OTHER-USERS-CODE-FAILS');
    await verifyOk(api, bob, bobsCode, 'VERIFY-OTHER-USERS-CODE-FAILS');
  });
});

test('verify when no code was ever sent fails', covers('VERIFY-NO-CODE-SENT-FAILS'), async ({ api, user }) => {
  expectError(await api.verifySms(user.loginId, '123456'), { requirement: 'VERIFY-NO-CODE-SENT-FAILS', status: '4xx' });
});

test('verify for an unregistered login ID fails', covers('VERIFY-UNKNOWN-LOGIN-ID-FAILS'), async ({ api, users }) => {
  expectError(await api.verifySms(users.unregisteredLoginId(), '123456'), { requirement: 'VERIFY-UNKNOWN-LOGIN-ID-FAILS', status: '4xx' });
});

test.describe('the wrong-attempt limit', () => {
  test('too many wrong codes lock the code, even for the right one, until a new code is sent', covers('VERIFY-ATTEMPT-LIMIT'), async ({ api, user, codes, profile }) => {
    const limit = (profile?.code as { maxWrongAttempts?: number } | undefined)?.maxWrongAttempts ?? ATTEMPT_LIMIT_SEARCH;
    const code = await codes.generate(user);
    const wrong = anotherCode(code);
    let lockedAfter = 0;
    await test.step(`send up to ${limit + 1} wrong codes`, async () => {
      for (let attempt = 1; attempt <= limit + 1 && !lockedAfter; attempt++) {
        const exchange = await api.verifySms(user.loginId, wrong);
        const { errorCode } = expectError(exchange, { requirement: 'VERIFY-ATTEMPT-LIMIT', status: '4xx' });
        if (errorCode === TOO_MANY_ATTEMPTS) lockedAfter = attempt - 1;
        else expect(errorCode, `[VERIFY-ATTEMPT-LIMIT] attempt ${attempt} is an ordinary wrong code`).toBe(WRONG_CODE);
      }
    });
    await test.step('the right code is refused too', async () => {
      expectError(await api.verifySms(user.loginId, code), { requirement: 'VERIFY-ATTEMPT-LIMIT', status: '4xx', errorCode: TOO_MANY_ATTEMPTS });
    });
    expect(lockedAfter, `[VERIFY-ATTEMPT-LIMIT] the code locked within ${limit + 1} attempts`).toBeGreaterThan(0);
    await test.step('a new code works again', async () => {
      await verifyOk(api, user, await codes.generate(user), 'VERIFY-ATTEMPT-LIMIT');
    });
  });

  test('how many wrong codes a code tolerates, and the error after', covers('CODE-MAX-WRONG-ATTEMPTS', 'ERROR-TOO-MANY-ATTEMPTS'), async ({ api, user, codes, profile }) => {
    const code = await codes.generate(user);
    const wrong = anotherCode(code);
    for (let attempt = 1; attempt <= ATTEMPT_LIMIT_SEARCH + 1; attempt++) {
      const exchange = await api.verifySms(user.loginId, wrong);
      const signature = errorSignature(exchange);
      if (signature.errorCode === TOO_MANY_ATTEMPTS) {
        observe('CODE-MAX-WRONG-ATTEMPTS', attempt - 1, profile);
        observe('ERROR-TOO-MANY-ATTEMPTS', signature, profile);
        return;
      }
    }
    test.skip(true, `no lock after ${ATTEMPT_LIMIT_SEARCH + 1} wrong codes: nothing to observe`);
  });
});

test('many concurrent verifies of one code succeed exactly once', covers('VERIFY-CONCURRENT-SINGLE-SUCCESS'), async ({ api, user, codes }) => {
  const code = await codes.generate(user);
  const answers = await Promise.all(Array.from({ length: 20 }, () => api.verifySms(user.loginId, code)));
  const successes = answers.filter((exchange) => exchange.status === 200);
  expect(successes.length, '[VERIFY-CONCURRENT-SINGLE-SUCCESS] successes among 20 concurrent verifies').toBe(1);
  for (const exchange of answers.filter((answer) => answer.status !== 200)) {
    expectError(exchange, { requirement: 'VERIFY-CONCURRENT-SINGLE-SUCCESS', status: '4xx', errorCode: WRONG_CODE });
  }
});
