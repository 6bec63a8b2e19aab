// The HTML report: it leads with what failed, evidence and all; escaping; redaction of everything a
// test result carries; the curl reproduction, built from structured evidence.
import { expect, test } from '@playwright/test';
import type { Evidence } from '../../../fixtures/evidence.ts';
import { registerSecret } from '../../../fixtures/redact.ts';
import type { Catalogue } from '../../../specs/catalogue.ts';
import { curlFor, escapeHtml, renderHtml } from '../../../reporter/html.ts';
import type { ConformanceReport } from '../../../reporter/model.ts';
import { computeVerdicts, summarize, toRecord } from '../../../reporter/verdicts.ts';

const FAKE_KEY = 'K2fake-management-key-0123456789abcdef';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJVMTIzIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
const PHONE = '+14155550123';
const CODE = '482913';

const catalogue: Catalogue = {
  pages: { verify: { url: 'https://docs.descope.com/api/otp/sms/verify-otp', title: 'Verify the validity of an OTP code via SMS', copy: 'otp-verify-sms.txt' } },
  requirements: [
    { id: 'VERIFY-OK', level: 'MUST', endpoint: 'POST /v1/auth/otp/verify/sms', statement: 'A right code <verifies> & answers "200"', sources: [{ kind: 'doc', page: 'verify', quote: 'returns <jwt>' }] },
    { id: 'MASKED', level: 'SHOULD', endpoint: '*', statement: 'should one', sources: [{ kind: 'sdk', url: 'https://github.com/descope/go-sdk/blob/abc/x.go#L1' }] },
    { id: 'NOBODY', level: 'SHOULD', endpoint: '*', statement: 'unchecked', sources: [{ kind: 'decision', ref: 'docs/decisions.md#x' }] },
  ],
  findings: [{ id: 'DOC-X', title: 'Pages <disagree>', detail: 'one says "a" & the other b', sources: [{ kind: 'doc', page: 'verify', quote: '<q>' }] }],
};

const VERIFY_401: Evidence = {
  kind: 'exchange',
  requirement: 'VERIFY-OK',
  expected: 'HTTP 200',
  exchange: { method: 'POST', url: 'http://127.0.0.1:4010/v1/auth/otp/verify/sms', path: '/v1/auth/otp/verify/sms', status: 401, body: '{"errorCode":"E061102"}' },
};

function reportWith(message: string, evidence: Evidence[] = [], warning = false) {
  const attachments = evidence.map((item) => ({ name: 'conformance-evidence', contentType: 'application/json', body: Buffer.from(JSON.stringify(item)) }));
  const records = [
    toRecord(
      { titlePath: () => ['', 'conformance', 'verify.spec.ts', `verifies <b>${PHONE}</b>`], annotations: [{ type: 'requirement', description: 'VERIFY-OK' }] },
      { status: 'failed', errors: [{ message }], attachments },
    ),
    toRecord(
      { titlePath: () => ['', 'conformance', 'signin.spec.ts', 'masks'], annotations: [{ type: 'requirement', description: 'MASKED' }] },
      { status: warning ? 'failed' : 'passed', errors: [{ message: 'the masked phone shows every digit' }] },
    ),
  ];
  const requirements = computeVerdicts(catalogue, records);
  const report: ConformanceReport = {
    target: { url: 'http://127.0.0.1:4010', projectId: 'P2EM************', profile: 'emulator-default' },
    startedAt: '2026-01-01T00:00:00.000Z',
    suite: { version: '0.1.0', commit: 'abc123', seed: '42' },
    summary: summarize(requirements),
    requirements,
    findings: catalogue.findings,
  };
  return { html: renderHtml(report, catalogue), records, report };
}

test('escapeHtml escapes the five HTML specials and stringifies values', () => {
  expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  expect(escapeHtml({ a: '<' })).toBe('{&quot;a&quot;:&quot;&lt;&quot;}');
  expect(escapeHtml(undefined)).toBe('');
});

test('the page leads with what failed: FAILED then WARNING, each with its reason and evidence, before the table', () => {
  const { html } = reportWith('a message', [VERIFY_401], true);
  const failures = html.indexOf('<section id="failures">');
  const table = html.indexOf('<table class="requirements">');
  expect(failures).toBeGreaterThan(0);
  expect(failures).toBeLessThan(table);
  expect(html).toContain('What failed (2)');
  const failedAt = html.indexOf('<article class="failure" data-verdict="FAILED">');
  const warningAt = html.indexOf('<article class="failure warning" data-verdict="WARNING">');
  expect(failedAt).toBeGreaterThan(failures);
  expect(warningAt).toBeGreaterThan(failedAt);
  expect(html.slice(failedAt, warningAt)).toContain('expected HTTP 200; saw POST http://127.0.0.1:4010/v1/auth/otp/verify/sms → HTTP 401');
  // A test that attached no evidence shows its own message.
  expect(html.slice(warningAt, table)).toContain('the masked phone shows every digit');
  expect(html).toContain('1 requirement FAILED, 1 warning');
  // One failure: one article.
  expect(reportWith('x', [VERIFY_401]).html.includes('What failed (1)')).toBe(true);
});

test('no key, JWT, bearer value, code or full phone survives into the page', () => {
  registerSecret(FAKE_KEY);
  registerSecret(CODE);
  const message = [
    `request body {"loginId":"${PHONE}","code":"${CODE}"}`,
    `authorization: Bearer P2EMBEDDED:${FAKE_KEY}`,
    `response {"sessionJwt":"${JWT}"}`,
    `key alone ${FAKE_KEY}; the SMS said: Your code is ${CODE}`,
  ].join('\n');
  const leaky: Evidence = { kind: 'check', requirement: 'VERIFY-OK', expected: `no ${FAKE_KEY}`, seen: `${JWT} ${PHONE} Your code is ${CODE}` };
  const { html, records, report } = reportWith(message, [leaky]);
  for (const secret of [FAKE_KEY, JWT, CODE, PHONE, 'P2EMBEDDED:']) {
    expect(html, `the page leaks ${secret}`).not.toContain(secret);
    expect(JSON.stringify(report), `the report leaks ${secret}`).not.toContain(secret);
    expect(JSON.stringify(records), `the records leak ${secret}`).not.toContain(secret);
  }
  expect(html).toContain('+*******0123');
  expect(html).toContain('[JWT]');
  expect(html).toContain('Your code is [REDACTED]');
});

test('catalogue text, titles and messages are escaped; sources are links; the page is self-contained', () => {
  const { html } = reportWith('expected <script>alert(1)</script> & "quotes"');
  expect(html).not.toContain('<script');
  expect(html).toContain('expected &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
  expect(html).toContain('A right code &lt;verifies&gt; &amp; answers &quot;200&quot;');
  expect(html).toContain('verifies &lt;b&gt;');
  expect(html).toContain('Pages &lt;disagree&gt;');
  expect(html).toContain('<a href="https://docs.descope.com/api/otp/sms/verify-otp">');
  expect(html).toContain('<a href="https://github.com/descope/go-sdk/blob/abc/x.go#L1">');
  expect(html).not.toMatch(/<(link|img|iframe)\b|\bsrc=|@import|url\(/);
  expect(html).toContain('@media print');
  expect(html).toMatch(/<tr id="VERIFY-OK" class="failed" data-verdict="FAILED">/);
  expect(html).toMatch(/<tr id="NOBODY" class="" data-verdict="NOT_COVERED">/);
  expect(html).toContain('Documentation findings (1)');
});

test('an exchange in the evidence gets a curl reproduction with placeholders, never the credentials', () => {
  expect(curlFor(VERIFY_401.kind === 'exchange' ? VERIFY_401.exchange : { method: '', url: '' })).toBe(
    [
      `curl -sS -X POST 'http://127.0.0.1:4010/v1/auth/otp/verify/sms'`,
      `  --oauth2-bearer "$DESCOPE_PROJECT_ID"`,
      `  -H 'Content-Type: application/json'`,
      `  -d '{"loginId": "$LOGIN_ID", "code": "$CODE"}'`,
    ].join(' \\\n'),
  );
  expect(curlFor({ method: 'POST', url: 'https://api.descope.com/v1/mgmt/tests/generate/otp' })).toContain('--oauth2-bearer "$DESCOPE_PROJECT_ID:$DESCOPE_MANAGEMENT_KEY"');
  expect(curlFor({ method: 'GET', url: 'not a url' })).toBeNull();
  const { html } = reportWith('[VERIFY-OK] whatever', [VERIFY_401]);
  expect(html).toContain('Reproduce');
  expect(html).toContain('$DESCOPE_PROJECT_ID');
  // Without evidence, no reproduction is guessed from the message text.
  expect(reportWith('saw POST http://127.0.0.1:4010/v1/auth/otp/verify/sms → HTTP 401').html).not.toContain('Reproduce');
});
