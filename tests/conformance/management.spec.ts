// The management endpoints the suite itself relies on to get codes from a project without a phone:
// create a test user, generate a code for it, load and delete users, and the license handshake.
import { covers, observe } from '../../fixtures/requirements.ts';
import { describeExchange, errorSignature, expectError, expectSuccess } from '../../fixtures/exchange.ts';
import { ownLoginId, removeUser } from '../../fixtures/raw-requests.ts';
import { fakePhone } from '../../fixtures/people.ts';
import { registerSecret } from '../../fixtures/redact.ts';
import { expect, test } from '../../fixtures/test.ts';

interface ManagedUser {
  userId: string;
  loginIds: string[];
  phone?: string;
  name?: string;
  test?: boolean;
}

test('creating a test user answers the user, marked as a test user', covers('MGMT-CREATE-TEST-USER'), async ({ api, users, people }) => {
  // Created here rather than by the users factory, so that the test reads the create answer itself.
  const loginId = ownLoginId(users, 'create');
  const phone = fakePhone(people);
  const name = people.person.fullName();
  try {
    const created = await test.step('create it', async () => {
      const exchange = await api.createTestUser({ loginId, phone, name, verifiedPhone: false });
      const { user } = expectSuccess<{ user: ManagedUser }>(exchange, 'mgmt-user-response', 'MGMT-CREATE-TEST-USER');
      const seen = describeExchange(exchange);
      expect(user.test, `[MGMT-CREATE-TEST-USER] user.test is true; saw ${seen}`).toBe(true);
      expect(user.loginIds.includes(loginId), `[MGMT-CREATE-TEST-USER] loginIds contain the login ID; saw ${seen}`).toBe(true);
      expect(user.phone === phone, `[MGMT-CREATE-TEST-USER] the phone is the one given; saw ${seen}`).toBe(true);
      return user;
    });
    await test.step('loading it answers the same user', async () => {
      const exchange = await api.loadUser(loginId);
      const { user } = expectSuccess<{ user: ManagedUser }>(exchange, 'mgmt-user-response', 'MGMT-CREATE-TEST-USER');
      const seen = describeExchange(exchange);
      expect(user.userId === created.userId, `[MGMT-CREATE-TEST-USER] the loaded user has the created userId; saw ${seen}`).toBe(true);
      expect(user.test, `[MGMT-CREATE-TEST-USER] the stored user is a test user; saw ${seen}`).toBe(true);
      expect(user.phone === phone, `[MGMT-CREATE-TEST-USER] the stored phone is the one given; saw ${seen}`).toBe(true);
    });
  } finally {
    await removeUser(api, loginId);
  }
});

test('a generated code is answered with the login ID, and it verifies', covers('MGMT-GENERATE-OTP'), async ({ api, user }) => {
  const code = await test.step('generate a code', async () => {
    const exchange = await api.generateSmsCode(user.loginId);
    const body = expectSuccess<{ loginId: string; code: string }>(exchange, 'mgmt-generate-otp-response', 'MGMT-GENERATE-OTP');
    registerSecret(body.code, 'code');
    expect(body.loginId === user.loginId, `[MGMT-GENERATE-OTP] the answer names the user's login ID; saw ${describeExchange(exchange)}`).toBe(true);
    expect(/^[0-9]+$/.test(body.code), '[MGMT-GENERATE-OTP] the code is digits').toBe(true);
    return body.code;
  });
  await test.step('the code verifies', async () => {
    expectSuccess(await api.verifySms(user.loginId, code), 'verify-sms-response', 'MGMT-GENERATE-OTP');
  });
});

test('a code cannot be generated for an ordinary user', covers('MGMT-GENERATE-OTP-TEST-USERS-ONLY'), async ({ api, users, people, needsControl }) => {
  needsControl('seeding an ordinary user');
  const loginId = ownLoginId(users, 'ordinary');
  try {
    await test.step('seed an ordinary (non-test) user', async () => {
      const exchange = await api.seedUsers([{ loginId, phone: fakePhone(people), name: people.person.fullName() }]);
      expect(exchange.status, `[MGMT-GENERATE-OTP-TEST-USERS-ONLY] seeding answered 200; saw ${describeExchange(exchange)}`).toBe(200);
    });
    await test.step('generating a code for it is refused', async () => {
      const exchange = await api.generateSmsCode(loginId);
      expectError(exchange, { requirement: 'MGMT-GENERATE-OTP-TEST-USERS-ONLY', status: '4xx' });
    });
  } finally {
    await api.deleteUser(loginId);
  }
});

test('a deleted user is gone', covers('MGMT-DELETE-USER'), async ({ api, users, people }) => {
  // Created outside the users factory: this test deletes it, and its clean-up would delete it twice.
  const loginId = ownLoginId(users, 'delete');
  try {
    expectSuccess(await api.createTestUser({ loginId, phone: fakePhone(people) }), 'mgmt-user-response', 'MGMT-DELETE-USER');
    await test.step('delete answers {}', async () => {
      const exchange = await api.deleteUser(loginId);
      const body = expectSuccess<Record<string, unknown>>(exchange, 'empty', 'MGMT-DELETE-USER');
      expect(Object.keys(body), `[MGMT-DELETE-USER] the answer is an empty object; saw ${describeExchange(exchange)}`).toEqual([]);
    });
    await test.step('loading it answers 404 E112102', async () => {
      expectError(await api.loadUser(loginId), { requirement: 'MGMT-DELETE-USER', status: 404, errorCode: 'E112102' });
    });
    await test.step('deleting it again is a success or a 4xx, never a server error', async () => {
      const exchange = await api.deleteUser(loginId);
      if (exchange.status === 200) expectSuccess(exchange, 'empty', 'MGMT-DELETE-USER');
      else expectError(exchange, { requirement: 'MGMT-DELETE-USER', status: '4xx' });
    });
  } finally {
    await removeUser(api, loginId);
  }
});

test('what the target answers to loading a user that never existed', covers('ERROR-MANAGEMENT-USER-NOT-FOUND'), async ({ api, users, profile }) => {
  observe('ERROR-MANAGEMENT-USER-NOT-FOUND', errorSignature(await api.loadUser(users.unregisteredLoginId())), profile);
});

test('the license handshake answers a rate-limit tier', covers('MGMT-LICENSE'), async ({ api }) => {
  const body = expectSuccess<{ rateLimitTier: string }>(await api.license(), 'mgmt-license-response', 'MGMT-LICENSE');
  expect(typeof body.rateLimitTier, '[MGMT-LICENSE] rateLimitTier is a string').toBe('string');
});
