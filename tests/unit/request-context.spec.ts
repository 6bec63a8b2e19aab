// The conformance tests share one APIRequestContext per worker (fixtures/test.ts, requestContext).
// Each test starts with no cookies, so what one test's answers set (a live target's session cookies)
// never reaches the next.
import { expect, test } from '../../fixtures/test.ts';

test.describe.configure({ mode: 'serial' });

test('a test leaves a cookie in the worker’s request context', async ({ requestContext, api }) => {
  await requestContext.addCookies([{ name: 'DSR', value: 'left-by-an-earlier-test', url: api.target.url }]);
  expect(await requestContext.cookies()).toHaveLength(1);
});

test('the next test with the api fixture starts without it', async ({ requestContext, api }) => {
  expect(await requestContext.cookies(api.target.url)).toEqual([]);
});
