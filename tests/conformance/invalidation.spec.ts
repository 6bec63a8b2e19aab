// "Sending multiple OTP codes (for example, when an end user tries to sign-in a second or third
// time) will invalidate any OTP code that has already been sent."
import { covers, observe } from '../../fixtures/requirements.ts';
import { errorSignature, expectError, expectSuccess } from '../../fixtures/exchange.ts';
import { expect, test } from '../../fixtures/test.ts';

const WRONG_CODE = 'E061102';

test.describe('a new code invalidates the earlier ones', () => {
  test('after a second SMS sign-in, the first code fails and the second works', covers('SIGNIN-INVALIDATES-EARLIER-CODES'), async ({ api, user, codes }) => {
    await api.signInSms(user.loginId);
    const first = await codes.lastSent(user);
    await api.signInSms(user.loginId);
    const second = await codes.lastSent(user);
    test.skip(first === second, 'the two random codes happen to be equal: nothing to tell apart');
    await test.step('the first code now fails as a wrong code', async () => {
      expectError(await api.verifySms(user.loginId, first), { requirement: 'SIGNIN-INVALIDATES-EARLIER-CODES', status: '4xx', errorCode: WRONG_CODE });
    });
    await test.step('the second code still works', async () => {
      expectSuccess(await api.verifySms(user.loginId, second), 'verify-sms-response', 'SIGNIN-INVALIDATES-EARLIER-CODES');
    });
  });

  test('after three SMS sign-ins, only the last code works', covers('SIGNIN-INVALIDATES-EARLIER-CODES'), async ({ api, user, codes }) => {
    const sent: string[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      expectSuccess(await api.signInSms(user.loginId), 'signin-sms-response', 'SIGNIN-INVALIDATES-EARLIER-CODES');
      sent.push(await codes.lastSent(user));
    }
    const last = sent[2]!;
    for (const [index, earlier] of sent.slice(0, 2).entries()) {
      if (earlier === last) continue;
      await test.step(`code ${index + 1} of 3 fails`, async () => {
        expectError(await api.verifySms(user.loginId, earlier), { requirement: 'SIGNIN-INVALIDATES-EARLIER-CODES', status: '4xx', errorCode: WRONG_CODE });
      });
    }
    await test.step('code 3 of 3 works', async () => {
      expectSuccess(await api.verifySms(user.loginId, last), 'verify-sms-response', 'SIGNIN-INVALIDATES-EARLIER-CODES');
    });
    await test.step('the outbox agrees: one valid code, the last', async () => {
      const states = (await codes.sentTo(user)).map((message) => message.state);
      expect(states, '[SIGNIN-INVALIDATES-EARLIER-CODES] states of the three SMS, oldest first').toEqual(['replaced', 'replaced', 'used']);
    });
  });

  // On a live project there is no SMS to read: the design checks invalidation through codes the
  // management API generates, which any target offers.
  test('a second generated code invalidates the first', covers('SIGNIN-INVALIDATES-EARLIER-CODES'), async ({ api, user, codes }) => {
    const first = await codes.generate(user);
    const second = await codes.generate(user);
    test.skip(first === second, 'the two random codes happen to be equal: nothing to tell apart');
    expectError(await api.verifySms(user.loginId, first), { requirement: 'SIGNIN-INVALIDATES-EARLIER-CODES', status: '4xx', errorCode: WRONG_CODE });
    expectSuccess(await api.verifySms(user.loginId, second), 'verify-sms-response', 'SIGNIN-INVALIDATES-EARLIER-CODES');
  });

  test('the wrong-code error of a replaced code', covers('ERROR-WRONG-CODE'), async ({ api, user, codes, profile }) => {
    const first = await codes.generate(user);
    const second = await codes.generate(user);
    test.skip(first === second, 'the two random codes happen to be equal');
    observe('ERROR-WRONG-CODE', errorSignature(await api.verifySms(user.loginId, first)), profile);
  });
});

test('whether a sign-in of a test user replaces a generated code', covers('CODE-SIGNIN-REPLACES-GENERATED'), async ({ api, user, codes, profile }) => {
  // Descope's own SDK integration tests run generate → sign-in → verify(generated) and succeed.
  const generated = await codes.generate(user);
  expectSuccess(await api.signInSms(user.loginId), 'signin-sms-response', 'SIGNIN-RESPONSE-MASKED-PHONE');
  const exchange = await api.verifySms(user.loginId, generated);
  observe('CODE-SIGNIN-REPLACES-GENERATED', exchange.status !== 200, profile);
});

test('concurrent sign-ins leave exactly one valid code, the last issued', covers('SIGNIN-CONCURRENT-ONE-VALID-CODE'), async ({ api, user, codes }) => {
  const answers = await Promise.all(Array.from({ length: 20 }, () => api.signInSms(user.loginId)));
  for (const exchange of answers) expectSuccess(exchange, 'signin-sms-response', 'SIGNIN-CONCURRENT-ONE-VALID-CODE');
  const messages = await codes.sentTo(user);
  expect(messages.length, '[SIGNIN-CONCURRENT-ONE-VALID-CODE] one SMS per sign-in').toBe(20);
  const valid = messages.filter((message) => message.valid);
  expect(valid.length, '[SIGNIN-CONCURRENT-ONE-VALID-CODE] valid codes after 20 concurrent sign-ins').toBe(1);
  expect(valid[0]!.id === messages.at(-1)!.id, '[SIGNIN-CONCURRENT-ONE-VALID-CODE] the valid one is the last sent').toBe(true);
  await test.step('the server agrees: only the last code verifies', async () => {
    const earlier = messages.slice(0, -1).map((message) => message.code).filter((code) => code !== valid[0]!.code);
    for (const code of earlier.slice(-3)) {
      expectError(await api.verifySms(user.loginId, code), { requirement: 'SIGNIN-CONCURRENT-ONE-VALID-CODE', status: '4xx', errorCode: WRONG_CODE });
    }
    expectSuccess(await api.verifySms(user.loginId, valid[0]!.code), 'verify-sms-response', 'SIGNIN-CONCURRENT-ONE-VALID-CODE');
  });
});
