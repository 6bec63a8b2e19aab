// Who may call what: auth endpoints need `Bearer <ProjectID>`, management endpoints
// `Bearer <ProjectID>:<ManagementKey>`. Anything else is refused, and changes nothing.
import { covers, observe } from '../../fixtures/requirements.ts';
import { describeExchange, errorSignature, expectError } from '../../fixtures/exchange.ts';
import { AUTH_PATHS, SIGNIN_PATH, VERIFY_PATH, otherProjectId, ownLoginId, removeUser, wrongManagementKey } from '../../fixtures/raw-requests.ts';
import { fakePhone } from '../../fixtures/people.ts';
import { expect, test } from '../../fixtures/test.ts';

/** A body each auth endpoint would accept from an authorised caller. */
function bodyFor(path: string, loginId: string): Record<string, string> {
  return path === VERIFY_PATH ? { loginId, code: '123456' } : { loginId };
}

test.describe('auth endpoints without an Authorization header', () => {
  for (const path of AUTH_PATHS) {
    test(`${path} is refused`, covers('AUTH-MISSING-HEADER-REFUSED'), async ({ api, user }) => {
      const exchange = await api.send('POST', path, { json: bodyFor(path, user.loginId), authorization: null });
      expectError(exchange, { requirement: 'AUTH-MISSING-HEADER-REFUSED', status: '4xx' });
    });
  }
});

test.describe('auth endpoints with a malformed bearer', () => {
  const malformed: [string, (projectId: string) => string][] = [
    ['another scheme (Basic)', () => 'Basic xyz'],
    ['"Bearer" alone', () => 'Bearer'],
    ['"Bearer " with an empty token', () => 'Bearer '],
    ['a bearer of only ":"', () => 'Bearer :'],
    ['the project ID without the scheme', (projectId) => projectId],
    ['garbage', () => 'Bearer !!not-a-project-id!! ~~ ??'],
  ];
  for (const path of AUTH_PATHS) {
    for (const [shape, header] of malformed) {
      test(`${path} refuses ${shape}`, covers('AUTH-MALFORMED-BEARER-REFUSED'), async ({ api, user }) => {
        const exchange = await api.send('POST', path, { json: bodyFor(path, user.loginId), authorization: header(api.target.projectId) });
        expectError(exchange, { requirement: 'AUTH-MALFORMED-BEARER-REFUSED', status: '4xx' });
      });
    }
  }
});

test.describe('auth endpoints for another project', () => {
  for (const path of AUTH_PATHS) {
    test(`${path} refuses a well-formed project ID that is not the target's`, covers('AUTH-UNKNOWN-PROJECT-REFUSED'), async ({ api, user, people }) => {
      const stranger = otherProjectId(people, api.target.projectId);
      const exchange = await api.send('POST', path, { json: bodyFor(path, user.loginId), authorization: `Bearer ${stranger}` });
      expectError(exchange, { requirement: 'AUTH-UNKNOWN-PROJECT-REFUSED', status: '4xx' });
    });
  }

  test('a sign-in for another project sends nothing', covers('AUTH-UNKNOWN-PROJECT-REFUSED'), async ({ api, user, codes, needsControl, people }) => {
    needsControl('the SMS outbox, to see that nothing was sent');
    const stranger = otherProjectId(people, api.target.projectId);
    await test.step('the sign-in is refused', async () => {
      const exchange = await api.send('POST', SIGNIN_PATH, { json: { loginId: user.loginId }, authorization: `Bearer ${stranger}` });
      expectError(exchange, { requirement: 'AUTH-UNKNOWN-PROJECT-REFUSED', status: '4xx' });
    });
    await test.step('no SMS went to the user', async () => {
      const messages = await codes.sentTo(user);
      expect(messages.length, `[AUTH-UNKNOWN-PROJECT-REFUSED] SMS sent to ${user.loginId} after a refused sign-in for another project`).toBe(0);
    });
  });
});

test.describe('management calls without the right key', () => {
  test('creating a test user is refused and creates nothing', covers('MGMT-WRONG-KEY-REFUSED'), async ({ api, users, people }) => {
    const { projectId, managementKey } = api.target;
    const attempts: [string, string | null][] = [
      ['a wrong key', `Bearer ${projectId}:${wrongManagementKey(managementKey, false)}`],
      ['a wrong key of the right length', `Bearer ${projectId}:${wrongManagementKey(managementKey, true)}`],
      ['an empty key', `Bearer ${projectId}:`],
      ['the project bearer only', `Bearer ${projectId}`],
      ['no Authorization at all', null],
    ];
    for (const [shape, authorization] of attempts) {
      await test.step(`with ${shape}`, async () => {
        const loginId = ownLoginId(users, 'wrong-key');
        try {
          const exchange = await api.send('POST', '/v1/mgmt/user/create/test', { json: { loginId, phone: fakePhone(people), name: 'Nobody' }, authorization });
          expectError(exchange, { requirement: 'MGMT-WRONG-KEY-REFUSED', status: '4xx' });
          const load = await api.loadUser(loginId);
          expect(load.status, `[MGMT-WRONG-KEY-REFUSED] the refused create left no user behind (load should be 404); saw ${describeExchange(load)}`).toBe(404);
        } finally {
          await removeUser(api, loginId);
        }
      });
    }
  });

  test('deleting a user is refused and the user stays', covers('MGMT-WRONG-KEY-REFUSED'), async ({ api, user }) => {
    const exchange = await api.send('POST', '/v1/mgmt/user/delete', {
      json: { loginId: user.loginId },
      authorization: `Bearer ${api.target.projectId}:${wrongManagementKey(api.target.managementKey, true)}`,
    });
    expectError(exchange, { requirement: 'MGMT-WRONG-KEY-REFUSED', status: '4xx' });
    const load = await api.loadUser(user.loginId);
    expect(load.status, `[MGMT-WRONG-KEY-REFUSED] the user is still there after a refused delete; saw ${describeExchange(load)}`).toBe(200);
  });

  test('generating a code is refused', covers('MGMT-WRONG-KEY-REFUSED'), async ({ api, user }) => {
    for (const authorization of [api.projectBearer, null]) {
      const exchange = await api.send('POST', '/v1/mgmt/tests/generate/otp', { json: { loginId: user.loginId, deliveryMethod: 'sms' }, authorization });
      expectError(exchange, { requirement: 'MGMT-WRONG-KEY-REFUSED', status: '4xx' });
    }
  });
});

test('what the target answers to a sign-in without Authorization', covers('ERROR-UNAUTHORIZED'), async ({ api, user, profile }) => {
  const exchange = await api.send('POST', SIGNIN_PATH, { json: { loginId: user.loginId }, authorization: null });
  observe('ERROR-UNAUTHORIZED', errorSignature(exchange), profile);
});
