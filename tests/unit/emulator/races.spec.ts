// Concurrency: check-and-consume is synchronous, so races leave exactly one winner.
import { expect, expectBody, expectError, test } from './fixtures.ts';

test('50 concurrent sign-ins for one user leave exactly one valid code, the last issued', async ({ api }) => {
  const { loginId } = await api.newUser();
  const exchanges = await Promise.all(Array.from({ length: 50 }, () => api.signInSms(loginId)));
  for (const exchange of exchanges) expectBody(exchange, 200, 'signin-sms-response');
  const messages = await api.messages({ loginId });
  expect(messages.length).toBe(50);
  const valid = messages.filter((m) => m.valid);
  expect(valid.length).toBe(1);
  expect(valid[0]).toBe(messages.at(-1));
  expect(messages.slice(0, -1).every((m) => m.state === 'replaced')).toBe(true);
  expectBody(await api.verifySms(loginId, valid[0]!.code), 200, 'verify-sms-response');
});

test('50 concurrent verifies of one valid code succeed exactly once', async ({ api }) => {
  const { loginId } = await api.newUser();
  const code = await api.sendCode(loginId);
  const exchanges = await Promise.all(Array.from({ length: 50 }, () => api.verifySms(loginId, code)));
  const statuses = exchanges.map((e) => e.status);
  expect(statuses.filter((s) => s === 200).length).toBe(1);
  expect(statuses.filter((s) => s === 401).length).toBe(49);
  for (const exchange of exchanges) {
    if (exchange.status === 200) expectBody(exchange, 200, 'verify-sms-response');
    else expectError(exchange, 401, 'E061102');
  }
});
