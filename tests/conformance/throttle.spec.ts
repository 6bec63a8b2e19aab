// Sending too often: how soon a user may get a second SMS, and what a throttled sign-in looks like.
// Each test throttles only its own user; a 429 here is the answer under test, never retried.
import { covers, observe } from '../../fixtures/requirements.ts';
import { describeExchange, expectError, expectSuccess, type Exchange } from '../../fixtures/exchange.ts';
import { SIGNIN_PATH } from '../../fixtures/raw-requests.ts';
import { expect, test } from '../../fixtures/test.ts';
import type { DescopeApi } from '../../fixtures/client.ts';

/** Back-to-back sends before concluding that the target does not throttle (live targets: ~100/min per IP). */
const SENDS_BEFORE_GIVING_UP = 5;

function signIn(api: DescopeApi, loginId: string): Promise<Exchange> {
  return api.send('POST', SIGNIN_PATH, { json: { loginId }, rateLimitIsAnswer: true });
}

test('how soon a second sign-in may send again', covers('SIGNIN-RESEND-THROTTLE'), async ({ api, user, profile }) => {
  await test.step('the first sign-in sends', async () => {
    expectSuccess(await signIn(api, user.loginId), 'signin-sms-response', 'SIGNIN-RESEND-THROTTLE');
  });
  const second = await test.step('a second one right after', () => signIn(api, user.loginId));
  if (second.status === 429) {
    const retryAfter = second.headers['retry-after'] ?? '';
    expect(/^[0-9]+$/.test(retryAfter), `[SIGNIN-RESEND-THROTTLE] a throttled sign-in says when to retry, in whole seconds; saw ${describeExchange(second)} Retry-After: ${JSON.stringify(retryAfter)}`).toBe(true);
    observe('SIGNIN-RESEND-THROTTLE', Number(retryAfter), profile);
  } else {
    expectSuccess(second, 'signin-sms-response', 'SIGNIN-RESEND-THROTTLE');
    observe('SIGNIN-RESEND-THROTTLE', 0, profile);
  }
});

test('a throttled sign-in answers 429 E130429 with Retry-After in whole seconds', covers('SIGNIN-RATE-LIMIT-SHAPE'), async ({ api, user }) => {
  const throttled: Exchange[] = [];
  await test.step(`up to ${SENDS_BEFORE_GIVING_UP} sign-ins back to back`, async () => {
    for (let send = 0; send < SENDS_BEFORE_GIVING_UP && throttled.length === 0; send++) {
      const exchange = await signIn(api, user.loginId);
      if (exchange.status === 429) throttled.push(exchange);
      else expectSuccess(exchange, 'signin-sms-response', 'SIGNIN-RATE-LIMIT-SHAPE');
    }
  });
  test.skip(
    throttled.length === 0,
    `the target did not throttle ${SENDS_BEFORE_GIVING_UP} back-to-back sign-ins for one user, so the shape of its 429 could not be seen`,
  );
  for (const exchange of throttled) {
    expectError(exchange, { requirement: 'SIGNIN-RATE-LIMIT-SHAPE', status: 429, errorCode: 'E130429' });
    const retryAfter = exchange.headers['retry-after'];
    expect(retryAfter !== undefined, `[SIGNIN-RATE-LIMIT-SHAPE] the 429 carries Retry-After; saw ${describeExchange(exchange)}`).toBe(true);
    expect(/^[0-9]+$/.test(retryAfter ?? ''), `[SIGNIN-RATE-LIMIT-SHAPE] Retry-After is whole seconds; saw Retry-After: ${JSON.stringify(retryAfter)} on ${describeExchange(exchange)}`).toBe(true);
  }
});
