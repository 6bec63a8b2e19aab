// A careless test, on purpose: it puts a one-time code, the SMS text and the user's phone into every
// channel Playwright reports (a failing expect, a step title, stdout, an attachment, an annotation,
// its own error). Run only by redaction-scan.spec.ts (through leaky.config.ts), against an emulator
// it starts; every artifact of that run must still be free of them.
import { expect, test } from '../../../../fixtures/test.ts';

test('a careless test leaks a code everywhere it can', async ({ api, user, codes }) => {
  await api.signInSms(user.loginId);
  const [message] = await codes.sentTo(user);
  const code = message!.code;
  console.log(`the SMS said: ${message!.body} (to ${user.phone})`);
  await test.step(`verify with ${code}`, async () => {
    test.info().annotations.push({ type: 'note', description: `code ${code}` });
    await test.info().attach('sms.txt', { body: `${message!.body}\n${code}\n`, contentType: 'text/plain' });
  });
  expect.soft(code, `the code ${code} is not what the test expected`).toBe(`${code}0`);
  throw new Error(`failing on purpose with ${code} and ${message!.body}`);
});
