// CORS as a credentialed browser client needs it (Descope's web SDK from the app's own origin): a
// preflight from an allowed origin is granted, real answers carry the grant and expose Retry-After,
// and an origin that is not allowed gets nothing. The allowed origin is the target's
// (CONFORMANCE_CORS_ORIGIN: an approved domain of the project; the embedded emulator's own).
import { covers } from '../../fixtures/requirements.ts';
import { check, describeExchange, type Exchange } from '../../fixtures/exchange.ts';
import { AUTH_PATHS, SIGNIN_PATH } from '../../fixtures/raw-requests.ts';
import { test } from '../../fixtures/test.ts';

/** The headers the web SDK sends on sign-in and verify (descope-js core-js-sdk httpClient). */
const SDK_HEADERS = ['authorization', 'content-type', 'x-descope-project-id', 'x-descope-sdk-name', 'x-descope-sdk-session-id', 'x-descope-sdk-version'];

const header = (exchange: Exchange, name: string) => exchange.headers[name.toLowerCase()];
const list = (value: string | undefined) => (value ?? '').split(',').map((item) => item.trim().toLowerCase()).filter(Boolean);

test.beforeEach(({ target }) => {
  test.skip(!target.corsOrigin, 'no allowed browser origin is known for this target: set CONFORMANCE_CORS_ORIGIN to an approved domain of the project');
});

test('a preflight from an allowed origin is granted, with credentials and the headers the SDK sends', covers('CORS-PREFLIGHT'), async ({ api, target }) => {
  const origin = target.corsOrigin!;
  for (const path of AUTH_PATHS) {
    await test.step(path, async () => {
      const preflight = await api.preflight(path, origin, SDK_HEADERS);
      const seen = () => `${describeExchange(preflight)} ${JSON.stringify(Object.fromEntries(Object.entries(preflight.headers).filter(([name]) => name.startsWith('access-control'))))}`;
      check(preflight.status >= 200 && preflight.status < 300, 'CORS-PREFLIGHT', 'a 2xx preflight answer', seen);
      check(header(preflight, 'access-control-allow-origin') === origin, 'CORS-PREFLIGHT', `Access-Control-Allow-Origin: ${origin}`, seen);
      check(header(preflight, 'access-control-allow-credentials') === 'true', 'CORS-PREFLIGHT', 'Access-Control-Allow-Credentials: true', seen);
      const allowed = list(header(preflight, 'access-control-allow-headers'));
      const missing = SDK_HEADERS.filter((name) => !allowed.includes(name));
      check(missing.length === 0, 'CORS-PREFLIGHT', `every requested header allowed (a * does not count with credentials)`, () => `missing ${missing.join(', ')} in ${seen()}`);
      check(list(header(preflight, 'access-control-allow-methods')).includes('post'), 'CORS-PREFLIGHT', 'POST among the allowed methods', seen);
    });
  }
});

test('the real answer to an allowed origin carries the grant and exposes Retry-After', covers('CORS-CREDENTIALED-ANSWER'), async ({ api, user, target }) => {
  const origin = target.corsOrigin!;
  const answer = await api.send('POST', SIGNIN_PATH, { json: { loginId: user.loginId }, headers: { origin } });
  const seen = () => `${describeExchange(answer)} ${JSON.stringify(Object.fromEntries(Object.entries(answer.headers).filter(([name]) => name.startsWith('access-control'))))}`;
  check(header(answer, 'access-control-allow-origin') === origin, 'CORS-CREDENTIALED-ANSWER', `Access-Control-Allow-Origin: ${origin} (never *)`, seen);
  check(header(answer, 'access-control-allow-credentials') === 'true', 'CORS-CREDENTIALED-ANSWER', 'Access-Control-Allow-Credentials: true', seen);
  check(list(header(answer, 'access-control-expose-headers')).includes('retry-after'), 'CORS-CREDENTIALED-ANSWER', 'Retry-After among the exposed headers', seen);
});

test('an origin that is not allowed gets no grant', covers('CORS-DISALLOWED-ORIGIN'), async ({ api, user, people }) => {
  const stranger = `https://not-approved-${people.string.alphanumeric(8).toLowerCase()}.conformance.invalid`;
  const preflight = await api.preflight(SIGNIN_PATH, stranger, SDK_HEADERS);
  check(header(preflight, 'access-control-allow-origin') === undefined, 'CORS-DISALLOWED-ORIGIN', 'no Access-Control-Allow-Origin on its preflight', () => `${header(preflight, 'access-control-allow-origin')}`);
  const answer = await api.send('POST', SIGNIN_PATH, { json: { loginId: user.loginId }, headers: { origin: stranger } });
  check(header(answer, 'access-control-allow-origin') === undefined, 'CORS-DISALLOWED-ORIGIN', 'no Access-Control-Allow-Origin on its answers', () => `${header(answer, 'access-control-allow-origin')}`);
});
