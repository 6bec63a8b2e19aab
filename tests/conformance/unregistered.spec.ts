// "The endpoint will return a failure code if the phone number is not yet registered."
import { covers, observe } from '../../fixtures/requirements.ts';
import { errorSignature, expectError } from '../../fixtures/exchange.ts';
import { expect, test } from '../../fixtures/test.ts';

test('sign-in for an unregistered login ID fails with a Descope error', covers('SIGNIN-UNREGISTERED-FAILS'), async ({ api, users }) => {
  expectError(await api.signInSms(users.unregisteredLoginId()), { requirement: 'SIGNIN-UNREGISTERED-FAILS', status: '4xx' });
});

test('sign-in for an unregistered phone number fails too', covers('SIGNIN-UNREGISTERED-FAILS'), async ({ api, people }) => {
  // The page speaks of a phone number: a login ID that is a number no user has.
  const phone = `+1${people.helpers.fromRegExp(/[2-9][0-9]{2}555[0-9]{4}/)}`;
  expectError(await api.signInSms(phone), { requirement: 'SIGNIN-UNREGISTERED-FAILS', status: '4xx' });
});

test('an unregistered login ID gets nothing by SMS', covers('SIGNIN-UNREGISTERED-FAILS'), async ({ api, users, codes }) => {
  const loginId = users.unregisteredLoginId();
  await api.signInSms(loginId);
  const messages = await codes.sentTo({ loginId });
  expect(messages.length, '[SIGNIN-UNREGISTERED-FAILS] SMS sent for an unregistered login ID').toBe(0);
});

test('the failure names the missing user: E062108', covers('SIGNIN-UNREGISTERED-ERROR-CODE'), async ({ api, users }) => {
  expectError(await api.signInSms(users.unregisteredLoginId()), { requirement: 'SIGNIN-UNREGISTERED-ERROR-CODE', status: '4xx', errorCode: 'E062108' });
});

test('a deleted user is unregistered again', covers('SIGNIN-UNREGISTERED-ERROR-CODE'), async ({ api, users }) => {
  const user = await users.create();
  await api.deleteUser(user.loginId);
  expectError(await api.signInSms(user.loginId), { requirement: 'SIGNIN-UNREGISTERED-ERROR-CODE', status: '4xx', errorCode: 'E062108' });
});

test('the status and code of the unregistered failure', covers('ERROR-UNKNOWN-LOGIN-ID'), async ({ api, users, profile }) => {
  observe('ERROR-UNKNOWN-LOGIN-ID', errorSignature(await api.signInSms(users.unregisteredLoginId())), profile);
});
