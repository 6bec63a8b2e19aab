// The emulator's CORS (emulator/cors.ts): what a browser sees before and after its calls, for an
// allowed origin, one not allowed, and routes a browser must never reach.
import { expect, expectError, test } from './fixtures.ts';

const APP = 'https://app.example.test';
const STRANGER = 'https://stranger.example.test';
const SIGNIN = '/v1/auth/otp/signin/sms';

test.use({ emulatorConfig: { corsOrigins: [APP] } });

test('a preflight from an allowed origin is granted with credentials, the asked-for headers and private-network access', async ({ api }) => {
  const preflight = await api.send('OPTIONS', SIGNIN, {
    authorization: null,
    uncheckedExchange: true,
    headers: {
      origin: APP,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type,x-descope-sdk-name',
      'access-control-request-private-network': 'true',
    },
  });
  expect(preflight.status).toBe(204);
  expect(preflight.headers).toMatchObject({
    'access-control-allow-origin': APP,
    'access-control-allow-credentials': 'true',
    'access-control-allow-headers': 'authorization,content-type,x-descope-sdk-name',
    'access-control-allow-private-network': 'true',
  });
  expect(preflight.headers['access-control-allow-methods']).toContain('POST');
});

test('a preflight from an origin not allowed gets a JSON 403 and no grant', async ({ api }) => {
  const preflight = await api.preflight(SIGNIN, STRANGER, ['authorization', 'content-type']);
  expectError(preflight, 403, 'E011003');
  expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  expect(JSON.stringify(preflight.body)).toContain(STRANGER);
});

test('management and control routes never answer a browser, even from an allowed origin', async ({ api }) => {
  for (const path of ['/v1/mgmt/user/create/test', '/emulator/v1/outbox']) {
    const preflight = await api.preflight(path, APP, ['authorization', 'content-type']);
    expect(preflight.headers['access-control-allow-origin'], `${path}: no grant`).toBeUndefined();
    expect(preflight.status, `${path}: a 4xx answer`).toBeGreaterThanOrEqual(400);
    expect(preflight.status).toBeLessThan(500);
  }
});

test('an answer to an allowed origin carries the grant and exposes Retry-After; to another origin, none', async ({ api }) => {
  const { loginId } = await api.newUser();
  const granted = await api.send('POST', SIGNIN, { json: { loginId }, headers: { origin: APP } });
  expect(granted.status).toBe(200);
  expect(granted.headers).toMatchObject({ 'access-control-allow-origin': APP, 'access-control-allow-credentials': 'true' });
  expect(granted.headers['access-control-expose-headers']).toContain('Retry-After');
  // CORS is the browser's to enforce: the server answers, without a grant the browser would honour.
  const stranger = await api.send('POST', SIGNIN, { json: { loginId: `other-${loginId}` }, headers: { origin: STRANGER }, uncheckedExchange: true });
  expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
});

test('an OPTIONS that is not a preflight (no Origin) is an unknown route, in JSON', async ({ api }) => {
  expectError(await api.send('OPTIONS', SIGNIN, { authorization: null, uncheckedExchange: true }), 404, 'E011001');
});
