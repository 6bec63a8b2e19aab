// POST /v1/auth/otp/signin/sms: what a successful sign-in answers and sends.
import { covers, observe } from '../../fixtures/requirements.ts';
import { expectSuccess } from '../../fixtures/exchange.ts';
import { redact } from '../../fixtures/redact.ts';
import { expect, test } from '../../fixtures/test.ts';

interface SignInBody {
  maskedPhone: string;
}

test.describe('sign-in by SMS', () => {
  test('answers 200 with a masked phone', covers('SIGNIN-RESPONSE-MASKED-PHONE'), async ({ api, user }) => {
    const exchange = await api.signInSms(user.loginId);
    const body = expectSuccess<SignInBody>(exchange, 'signin-sms-response', 'SIGNIN-RESPONSE-MASKED-PHONE');
    expect(body.maskedPhone.length, '[SIGNIN-RESPONSE-MASKED-PHONE] maskedPhone is not empty').toBeGreaterThan(0);
  });

  test('the masked phone hides the number and matches its end', covers('SIGNIN-MASKED-PHONE-HIDES-NUMBER'), async ({ api, user }) => {
    const { maskedPhone } = expectSuccess<SignInBody>(await api.signInSms(user.loginId), 'signin-sms-response', 'SIGNIN-MASKED-PHONE-HIDES-NUMBER');
    const fullDigits = user.phone.replace(/\D/g, '');
    const shownDigits = maskedPhone.replace(/\D/g, '');
    // A target that leaks the number must not make this test leak it too.
    const shown = redact(maskedPhone);
    await test.step('it does not reveal the whole number', async () => {
      expect(shownDigits.length, `[SIGNIN-MASKED-PHONE-HIDES-NUMBER] ${shown} shows ${shownDigits.length} of ${fullDigits.length} digits`).toBeLessThan(fullDigits.length);
      expect(/[*•xX]/.test(maskedPhone), '[SIGNIN-MASKED-PHONE-HIDES-NUMBER] maskedPhone masks something').toBe(true);
    });
    await test.step('the digits it shows at the end are the end of the number', async () => {
      const trailing = /(\d+)$/.exec(maskedPhone)?.[1] ?? '';
      expect(trailing.length, `[SIGNIN-MASKED-PHONE-HIDES-NUMBER] ${shown} ends in digits of the number`).toBeGreaterThan(0);
      expect(fullDigits.endsWith(trailing), `[SIGNIN-MASKED-PHONE-HIDES-NUMBER] ${shown} ends like the user's number`).toBe(true);
    });
  });

  test('sends the code by SMS to the user\'s phone', covers('SIGNIN-SENDS-CODE'), async ({ api, users, codes }) => {
    // The login ID is not a phone number: the code must go to the user's phone attribute.
    const user = await users.create();
    expectSuccess(await api.signInSms(user.loginId), 'signin-sms-response', 'SIGNIN-SENDS-CODE');
    const messages = await codes.sentTo(user);
    expect(messages.length, '[SIGNIN-SENDS-CODE] exactly one SMS for one sign-in').toBe(1);
    expect(messages[0]!.phone === user.phone, '[SIGNIN-SENDS-CODE] the SMS went to the user\'s phone').toBe(true);
    expect(messages[0]!.body.includes(messages[0]!.code), '[SIGNIN-SENDS-CODE] the SMS text carries the code').toBe(true);
    expectSuccess(await api.verifySms(user.loginId, messages[0]!.code), 'verify-sms-response', 'SIGNIN-SENDS-CODE');
  });

  test('codes are all digits, of the length the target uses', covers('CODE-LENGTH'), async ({ user, codes, profile }) => {
    const code = await codes.generate(user);
    expect(code, '[CODE-LENGTH] a code is digits only').toMatch(/^[0-9]+$/);
    observe('CODE-LENGTH', code.length, profile);
  });

  test('the SMS code has the same length as a generated one', covers('CODE-LENGTH'), async ({ api, user, codes, profile }) => {
    await api.signInSms(user.loginId);
    const code = await codes.lastSent(user);
    expect(code, '[CODE-LENGTH] a code is digits only').toMatch(/^[0-9]+$/);
    observe('CODE-LENGTH', code.length, profile);
  });
});

test.describe('loginOptions in every shape the SDKs send', () => {
  const shapes: [string, unknown][] = [
    ['absent', undefined],
    ['null', null],
    ['{}', {}],
    ['null members (as the Python SDK sends)', { stepup: null, mfa: null, customClaims: null, templateOptions: null, locale: null }],
    ['false flags and empty maps', { stepup: false, mfa: false, customClaims: {}, templateOptions: {} }],
  ];
  for (const [shape, loginOptions] of shapes) {
    test(`accepted ${shape}`, covers('SIGNIN-LOGIN-OPTIONS-SHAPES'), async ({ api, user }) => {
      const exchange = await api.signInSms(user.loginId, { loginOptions: loginOptions as never });
      expectSuccess(exchange, 'signin-sms-response', 'SIGNIN-LOGIN-OPTIONS-SHAPES');
    });
  }
});

test('fields the page does not list are ignored, not rejected', covers('SIGNIN-UNKNOWN-FIELDS-IGNORED'), async ({ api, user }) => {
  const exchange = await api.signInSms(user.loginId, {
    body: { templateId: 'conformance-template', providerId: null, ssoAppId: '', futureField: { nested: true } },
    loginOptions: { locale: 'en', someFutureOption: 42 },
  });
  expectSuccess(exchange, 'signin-sms-response', 'SIGNIN-UNKNOWN-FIELDS-IGNORED');
});
