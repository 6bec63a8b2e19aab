// The HTML report: escaping, redaction of everything a test result carries, the curl reproduction.
import { expect, test } from '@playwright/test';
import { registerSecret } from '../../../fixtures/redact.ts';
import { curlFor, escapeHtml, renderHtml, type ConformanceReport } from '../../../reporter/html.ts';
import { computeVerdicts, summarize, toRecord, type Catalogue } from '../../../reporter/verdicts.ts';

const FAKE_KEY = 'K2fake-management-key-0123456789abcdef';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJVMTIzIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
const PHONE = '+14155550123';
const CODE = '482913';

const catalogue: Catalogue = {
  requirements: [
    { id: 'VERIFY-OK', level: 'MUST', endpoint: 'POST /v1/auth/otp/verify/sms', statement: 'A right code <verifies> & answers "200"', source: { kind: 'doc', ref: 'otp-verify-sms.txt', quote: 'returns <jwt>' } },
    { id: 'NOBODY', level: 'SHOULD', statement: 'unchecked', source: { kind: 'doc', ref: 'x' } },
  ],
  findings: [{ id: 'DOC-X', title: 'Pages <disagree>', detail: 'one says "a" & the other b', sources: [{ kind: 'doc', ref: 'p.txt', quote: '<q>' }] }],
};

function reportWith(message: string) {
  const record = toRecord(
    { titlePath: () => ['', 'conformance', 'verify.spec.ts', `verifies <b>${PHONE}</b>`], annotations: [{ type: 'requirement', description: 'VERIFY-OK' }] },
    { status: 'failed', errors: [{ message }] },
  );
  const requirements = computeVerdicts(catalogue, [record]);
  const report: ConformanceReport = {
    target: { url: 'http://127.0.0.1:4010', projectId: 'P2EM************', profile: 'emulator-default' },
    startedAt: '2026-01-01T00:00:00.000Z',
    suite: { version: '0.1.0', commit: 'abc123', seed: '42' },
    summary: summarize(requirements),
    requirements,
    findings: catalogue.findings,
  };
  return { html: renderHtml(report, catalogue, [record]), record, report };
}

test('escapeHtml escapes the five HTML specials and stringifies values', () => {
  expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  expect(escapeHtml({ a: '<' })).toBe('{&quot;a&quot;:&quot;&lt;&quot;}');
  expect(escapeHtml(undefined)).toBe('');
});

test('no key, JWT, bearer value, code or full phone survives into the page', () => {
  registerSecret(FAKE_KEY);
  const message = [
    `[VERIFY-OK] expected HTTP 200; saw POST http://127.0.0.1:4010/v1/auth/otp/verify/sms → HTTP 401 {"errorCode":"E061102"}`,
    `request body {"loginId":"${PHONE}","code":"${CODE}"}`,
    `authorization: Bearer P2EMBEDDED:${FAKE_KEY}`,
    `response {"sessionJwt":"${JWT}"}`,
    `key alone ${FAKE_KEY}`,
  ].join('\n');
  const { html, record, report } = reportWith(message);
  for (const secret of [FAKE_KEY, JWT, CODE, PHONE, 'P2EMBEDDED:']) {
    expect(html, `the page leaks ${secret}`).not.toContain(secret);
    expect(JSON.stringify(report), `the report leaks ${secret}`).not.toContain(secret);
    expect(JSON.stringify(record), `the record leaks ${secret}`).not.toContain(secret);
  }
  expect(html).toContain('+*******0123');
  expect(html).toContain('[JWT]');
});

test('catalogue text, titles and messages are escaped; the page is self-contained', () => {
  const { html } = reportWith('expected <script>alert(1)</script> & "quotes"');
  expect(html).not.toContain('<script');
  expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
  expect(html).toContain('A right code &lt;verifies&gt; &amp; answers &quot;200&quot;');
  expect(html).toContain('verifies &lt;b&gt;');
  expect(html).toContain('Pages &lt;disagree&gt;');
  expect(html).not.toMatch(/<(link|img|iframe)\b|\bsrc=|@import|url\(/);
  expect(html).toContain('@media print');
  // Summary first, then a row per requirement, failures with their evidence, then the findings.
  expect(html).toContain('1 requirement FAILED');
  expect(html).toMatch(/<tr id="VERIFY-OK" class="failed" data-verdict="FAILED">/);
  expect(html).toMatch(/<tr id="NOBODY" class="" data-verdict="NOT_COVERED">/);
  expect(html).toContain('Documentation findings (1)');
});

test('a failure with a request line gets a curl reproduction with placeholders, never the credentials', () => {
  const auth = curlFor('[X] saw POST http://127.0.0.1:4010/v1/auth/otp/verify/sms → HTTP 401 {"errorCode":"E061102"}');
  expect(auth).toBe(
    [
      `curl -sS -X POST 'http://127.0.0.1:4010/v1/auth/otp/verify/sms'`,
      `  --oauth2-bearer "$DESCOPE_PROJECT_ID"`,
      `  -H 'Content-Type: application/json'`,
      `  -d '{"loginId": "$LOGIN_ID", "code": "$CODE"}'`,
    ].join(' \\\n'),
  );
  const mgmt = curlFor('saw POST https://api.descope.com/v1/mgmt/tests/generate/otp → HTTP 400 {}');
  expect(mgmt).toContain('--oauth2-bearer "$DESCOPE_PROJECT_ID:$DESCOPE_MANAGEMENT_KEY"');
  expect(curlFor('expected 6 to be 7')).toBeNull();
  const { html } = reportWith('[VERIFY-OK] expected HTTP 200; saw POST http://127.0.0.1:4010/v1/auth/otp/verify/sms → HTTP 401 {}');
  expect(html).toContain('Reproduce');
  expect(html).toContain('$DESCOPE_PROJECT_ID');
});
