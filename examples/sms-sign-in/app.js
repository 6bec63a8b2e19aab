// Sign in by SMS with Descope's web SDK (the global `Descope` of its UMD bundle). No bundler, no framework.
// The project and the API come from the query string: ?projectId=P2…&baseUrl=http://127.0.0.1:4010
// (no baseUrl: Descope's own API).
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const projectId = params.get('projectId');
const baseUrl = params.get('baseUrl') || undefined;

// persistTokens: the session lives in localStorage (DS, DSR; DSLI marks "logged in") and every later
// request carries it. autoRefresh: the SDK refreshes the session before it expires.
const sdk = projectId ? Descope({ projectId, baseUrl, persistTokens: true, autoRefresh: true }) : undefined;
window.sdk = sdk; // to play with in the browser console
$('target').textContent = sdk ? `Project ${projectId} at ${baseUrl ?? 'Descope'}` : 'Add ?projectId=…&baseUrl=… to the address.';

/**
 * Runs one SDK call and shows its outcome. Every call resolves {ok, code, data | error}, error being
 * Descope's {errorCode, errorDescription, …}; it rejects only when no answer arrived (network, CORS).
 * The log line comes last, once the page shows the outcome.
 */
async function call(name, request, show = () => {}) {
  let result;
  try {
    result = await request();
  } catch (failure) {
    result = { ok: false, failure: String(failure) };
  }
  show(result);
  const { ok, code, error, failure } = result;
  const problem = failure ?? (ok ? '' : `${error?.errorCode}: ${error?.errorDescription}`);
  $('error').textContent = problem;
  const line = Object.assign(document.createElement('li'), { textContent: `${name}: ${ok ? 'ok' : code ?? 'no answer'} ${problem}` });
  Object.assign(line.dataset, { call: name, ok, errorCode: error?.errorCode ?? '' });
  $('log').append(line);
  return result;
}

const showSession = ({ ok, data }) => {
  if (ok && data?.sessionExpiration) $('session').textContent = new Date(data.sessionExpiration * 1000).toLocaleTimeString();
};
const whoAmI = () =>
  call('me', () => sdk.me(), ({ ok, data }) => {
    $('user').textContent = ok ? `${data.name || data.loginIds[0]} (${data.loginIds.join(', ')}, ${data.userId})` : 'nobody';
    if (!ok) $('session').textContent = '-';
  });

$('send-form').addEventListener('submit', (event) => {
  event.preventDefault();
  call('otp.signIn.sms', () => sdk.otp.signIn.sms($('login-id').value.trim()), ({ ok, data }) => {
    if (ok) $('masked-phone').textContent = data.maskedPhone;
  });
});

$('verify-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const verified = await call('otp.verify.sms', () => sdk.otp.verify.sms($('login-id').value.trim(), $('code').value.trim()), showSession);
  if (verified.ok) await whoAmI();
});

$('me').addEventListener('click', whoAmI);
$('refresh').addEventListener('click', () => call('refresh', () => sdk.refresh(), showSession));
$('logout').addEventListener('click', () =>
  call('logout', () => sdk.logout(), ({ ok }) => {
    if (ok) [$('user').textContent, $('session').textContent] = ['nobody', '-'];
  }),
);

// On load: restore a session kept from an earlier visit (try-refresh answers {} when there is none).
if (sdk) {
  call('try-refresh', () => sdk.refresh(undefined, true), showSession).then(({ data }) => data?.sessionJwt && whoAmI());
}
