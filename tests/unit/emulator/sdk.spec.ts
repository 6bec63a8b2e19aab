// The official Node SDK against the emulator: create a test user, generate a code, sign in,
// verify, and validate the session (which fetches the keys endpoint).
import DescopeClient from '@descope/node-sdk';
import { expect, test } from './fixtures.ts';

test('@descope/node-sdk: createTestUser → generateOTPForTestUser → signIn → verify → validateSession', async ({ api }) => {
  const { projectId, managementKey } = api.emulator.project.config;
  const client = DescopeClient({ projectId, managementKey, baseUrl: api.emulator.url, logger: { log() {}, error() {}, warn() {}, debug() {} } });
  const phone = api.newPhone();
  const loginId = `sdk-${phone.slice(1)}@example.com`;

  const created = await client.management.user.createTestUser(loginId, { phone, displayName: 'SDK User', verifiedPhone: false });
  expect(created.data).toMatchObject({ loginIds: [loginId], phone, test: true });

  const generated = await client.management.user.generateOTPForTestUser('sms', loginId);
  expect(generated.ok, JSON.stringify(generated.error)).toBe(true);
  const code = generated.data!.code;

  const sent = await client.otp.signIn.sms(loginId);
  expect(sent.ok, JSON.stringify(sent.error)).toBe(true);
  expect(sent.data?.maskedPhone).toMatch(/\*+\d{4}$/);

  const verified = await client.otp.verify.sms(loginId, code);
  expect(verified.ok, JSON.stringify(verified.error)).toBe(true);
  const sessionJwt = verified.data!.sessionJwt;

  const session = await client.validateSession(sessionJwt);
  expect(session.token.sub).toBe(created.data!.userId);
  expect(session.token.drn).toBe('DS');

  const wrong = await client.otp.verify.sms(loginId, code);
  expect(wrong.ok).toBe(false);
  expect(wrong.error?.errorCode).toBe('E061102');

  const deleted = await client.management.user.delete(loginId);
  expect(deleted.ok).toBe(true);
});
