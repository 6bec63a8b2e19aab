// Concurrency: check-and-consume is synchronous, so races leave exactly one winner.
import { expect, expectBody, expectError, test } from './fixtures.ts';

test('50 concurrent sign-ins for one user leave exactly one valid code, the last issued', async ({ api }) => {
  const { loginId } = await api.createTestUser();
  const responses = await Promise.all(Array.from({ length: 50 }, () => api.signIn(loginId)));
  for (const response of responses) await expectBody(response, 200, 'signin-sms-response');
  const messages = await api.outbox({ loginId });
  expect(messages.length).toBe(50);
  const valid = messages.filter((m) => m.valid);
  expect(valid.length).toBe(1);
  expect(valid[0]).toBe(messages.at(-1));
  expect(messages.slice(0, -1).every((m) => m.state === 'replaced')).toBe(true);
  await expectBody(await api.verify(loginId, valid[0]!.code), 200, 'verify-sms-response');
});

test('50 concurrent verifies of one valid code succeed exactly once', async ({ api }) => {
  const { loginId } = await api.createTestUser();
  const code = await api.sendCode(loginId);
  const responses = await Promise.all(Array.from({ length: 50 }, () => api.verify(loginId, code)));
  const statuses = responses.map((r) => r.status());
  expect(statuses.filter((s) => s === 200).length).toBe(1);
  expect(statuses.filter((s) => s === 401).length).toBe(49);
  for (const response of responses) {
    if (response.status() === 200) await expectBody(response, 200, 'verify-sms-response');
    else await expectError(response, 401, 'E061102');
  }
});
