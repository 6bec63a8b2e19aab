// The verdict logic of the conformance reporter, fed Playwright-like test and result objects.
import { redactValue } from '../../../fixtures/redact.ts';
import { expect, test } from '@playwright/test';
import type { Evidence } from '../../../fixtures/evidence.ts';
import type { Level } from '../../../specs/catalogue.ts';
import type { TestRecord } from '../../../reporter/model.ts';
import { observedProfile } from '../../../reporter/observed-profile.ts';
import { computeVerdicts, decideExit, summarize, toRecord, worse, type PlaywrightLikeResult } from '../../../reporter/verdicts.ts';

const catalogue: { requirements: { id: string; level: Level }[] } = {
  requirements: [
    { id: 'M-1', level: 'MUST' },
    { id: 'M-2', level: 'MUST' },
    { id: 'S-1', level: 'SHOULD' },
    { id: 'O-1', level: 'OBSERVED' },
    { id: 'O-2', level: 'OBSERVED' },
    { id: 'X-1', level: 'MUST' },
  ],
};

/** Evidence as a failed check attaches it (fixtures/evidence.ts). */
function evidence(item: Evidence) {
  return { name: 'conformance-evidence', contentType: 'application/json', body: Buffer.from(JSON.stringify(item)) };
}

/** A Playwright-like test: titlePath is ['', project, file, ...describes, title]. */
function pwTest(title: string, ids: string[], extra: { type: string; description?: string }[] = []) {
  return {
    titlePath: () => ['', 'conformance', 'tests/conformance/x.spec.ts', 'group', title],
    annotations: [...ids.map((id) => ({ type: 'requirement', description: id })), ...extra],
  };
}

function record(title: string, ids: string[], status: PlaywrightLikeResult['status'], runtime: { type: string; description?: string }[] = [], errors: string[] = [], attached: Evidence[] = []): TestRecord {
  return toRecord(pwTest(title, ids), { status, annotations: runtime, errors: errors.map((message) => ({ message })), attachments: attached.map(evidence) });
}

function verdictOf(records: TestRecord[], id: string) {
  return computeVerdicts(catalogue, records).find((r) => r.id === id)!;
}

test('toRecord names the test by file, describes and title, and reads requirement, observed and skip annotations', () => {
  const r = record('t', ['O-1'], 'skipped', [
    { type: 'observed', description: JSON.stringify({ id: 'O-1', value: 6 }) },
    { type: 'skip', description: 'needs the outbox' },
  ]);
  expect(r.title).toBe('x.spec.ts › group › t');
  expect(r.requirementIds).toEqual(['O-1']);
  expect(r.observed).toEqual([{ id: 'O-1', value: 6 }]);
  expect(r.outcome).toBe('skipped');
  expect(r.skipReason).toBe('needs the outbox');
});

test('timed out counts as failed; interrupted as skipped with a reason; ANSI colours are stripped', () => {
  const timedOut = record('t', ['M-1'], 'timedOut', [], ['\u001b[31mTest timeout of 30000ms exceeded.\u001b[39m']);
  expect(timedOut.outcome).toBe('failed');
  expect(timedOut.errors).toEqual(['Test timeout of 30000ms exceeded.']);
  const interrupted = record('t', ['M-1'], 'interrupted');
  expect(interrupted.outcome).toBe('skipped');
  expect(interrupted.skipReason).toMatch(/interrupted/);
});

test('MUST: passed → PASSED, any failed test → FAILED (the worst wins)', () => {
  expect(verdictOf([record('a', ['M-1'], 'passed')], 'M-1').verdict).toBe('PASSED');
  const exchange = { method: 'POST', url: 'http://h/p', path: '/p', status: 401, body: '{}' };
  const failed = verdictOf([record('a', ['M-1'], 'passed'), record('b', ['M-1'], 'failed', [], ['a message the reporter does not parse'], [{ kind: 'exchange', requirement: 'M-1', expected: 'HTTP 200', exchange }])], 'M-1');
  expect(failed.verdict).toBe('FAILED');
  expect(failed.tests).toEqual(['x.spec.ts › group › a', 'x.spec.ts › group › b']);
  expect(failed.reason).toBe('1 of 2 test(s) failed: expected HTTP 200; saw POST http://h/p → HTTP 401 {}');
  expect(failed.evidence).toEqual([{ test: 'x.spec.ts › group › b', items: [{ kind: 'exchange', requirement: 'M-1', expected: 'HTTP 200', exchange }], errors: ['a message the reporter does not parse'] }]);
  // Without evidence (a plain expect failed), the reason is the first line of the error.
  expect(verdictOf([record('c', ['M-1'], 'failed', [], ['Error: [M-1] second sign-in\n\nExpected: false\nReceived: true\n\n  at x.ts:1'])], 'M-1').reason).toBe('1 of 1 test(s) failed: Error: [M-1] second sign-in Expected: false Received: true at x.ts:1');
});

test('a test that got no answer at all is reported as a transport error, not as a behaviour', () => {
  const noAnswer = verdictOf([record('a', ['M-1'], 'failed', [], ['x'], [{ kind: 'transport', method: 'POST', url: 'http://h/p', error: 'write EPIPE' }])], 'M-1');
  expect(noAnswer.verdict).toBe('FAILED');
  expect(noAnswer.reason).toBe('transport error (no answer, so no verdict on the behaviour itself): transport error, no answer: POST http://h/p: write EPIPE');
});

test('SHOULD: a failed test gives WARNING, never FAILED', () => {
  expect(verdictOf([record('a', ['S-1'], 'failed', [], ['nope'])], 'S-1').verdict).toBe('WARNING');
  expect(verdictOf([record('a', ['S-1'], 'passed')], 'S-1').verdict).toBe('PASSED');
});

test('OBSERVED: passed → OBSERVED with the value; a contradiction of the profile → WARNING "contradicts profile"', () => {
  const seen = verdictOf([record('a', ['O-1'], 'passed', [{ type: 'observed', description: JSON.stringify({ id: 'O-1', value: 6 }) }]), record('b', ['O-1'], 'passed', [{ type: 'observed', description: JSON.stringify({ id: 'O-1', value: 6 }) }])], 'O-1');
  expect(seen).toMatchObject({ verdict: 'OBSERVED', observed: 6 });
  const contradicted = verdictOf(
    [record('a', ['O-1'], 'failed', [{ type: 'observed', description: JSON.stringify({ id: 'O-1', value: 8 }) }], ['whatever the message says'], [{ kind: 'observed', requirement: 'O-1', profileKey: 'code.length', observed: 8, expected: 6 }])],
    'O-1',
  );
  expect(contradicted.verdict).toBe('WARNING');
  expect(contradicted.observed).toBe(8);
  expect(contradicted.reason).toBe('contradicts profile: the target answered 8 where its profile (code.length) says 6');
  // A failure before the value was compared is not a contradiction.
  expect(verdictOf([record('b', ['O-1'], 'failed', [], ['boom'])], 'O-1').reason).toBe('test failed before the value could be compared: boom');
  // Two different values are both kept.
  const two = verdictOf([record('a', ['O-2'], 'passed', [{ type: 'observed', description: JSON.stringify({ id: 'O-2', value: 180 }) }]), record('b', ['O-2'], 'passed', [{ type: 'observed', description: JSON.stringify({ id: 'O-2', value: 300 }) }])], 'O-2');
  expect(two.observed).toEqual([180, 300]);
});

test('all tests skipped → SKIPPED with the skip reason; some skipped, some passed → PASSED', () => {
  const skipped = verdictOf([record('a', ['M-2'], 'skipped', [{ type: 'skip', description: 'needs the SMS outbox' }])], 'M-2');
  expect(skipped).toMatchObject({ verdict: 'SKIPPED', reason: 'needs the SMS outbox' });
  const mixed = verdictOf([record('a', ['M-2'], 'skipped', [{ type: 'skip', description: 'needs the SMS outbox' }]), record('b', ['M-2'], 'passed')], 'M-2');
  expect(mixed.verdict).toBe('PASSED');
  expect(mixed.reason).toContain('needs the SMS outbox');
});

test('no test → NOT_COVERED; the summary counts every verdict, zeros included', () => {
  const results = computeVerdicts(catalogue, [record('a', ['M-1'], 'failed', [], ['boom']), record('b', ['S-1'], 'passed')]);
  expect(results.find((r) => r.id === 'X-1')).toMatchObject({ verdict: 'NOT_COVERED', tests: [] });
  expect(results.map((r) => r.id)).toEqual(catalogue.requirements.map((r) => r.id));
  expect(summarize(results)).toEqual({ FAILED: 1, WARNING: 0, PASSED: 1, OBSERVED: 0, SKIPPED: 0, NOT_COVERED: 4 });
});

test('worse orders FAILED > WARNING > PASSED/OBSERVED > SKIPPED > NOT_COVERED', () => {
  expect(worse('PASSED', 'FAILED')).toBe('FAILED');
  expect(worse('WARNING', 'PASSED')).toBe('WARNING');
  expect(worse('SKIPPED', 'OBSERVED')).toBe('OBSERVED');
  expect(worse('NOT_COVERED', 'SKIPPED')).toBe('SKIPPED');
});

test('exit decision: a FAILED MUST fails; a WARNING fails only when strict; nothing run fails', () => {
  const withWarning = computeVerdicts(catalogue, [record('a', ['S-1'], 'failed', [], ['x']), record('b', ['M-1'], 'passed')]);
  expect(decideExit({ requirements: withWarning }, false).code).toBe(0);
  expect(decideExit({ requirements: withWarning }, true)).toMatchObject({ code: 1, reasons: [expect.stringContaining('WARNING SHOULD S-1')] });
  const withFailure = computeVerdicts(catalogue, [record('a', ['M-1'], 'failed', [], ['x'])]);
  expect(decideExit({ requirements: withFailure }, false)).toMatchObject({ code: 1, reasons: [expect.stringContaining('FAILED MUST M-1')] });
  expect(decideExit({ requirements: computeVerdicts(catalogue, []), run: { tests: 0 } }, false)).toMatchObject({ code: 1, reasons: ['no conformance test ran'] });
});

test('redactValue redacts string by string and keeps the structure (a bearer before a quote cannot break it)', () => {
  const value = { reason: 'header "Authorization: Bearer "abc"', nested: [{ jwt: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJVIn0.c2ln', phone: '+14155550123' }], n: 6, ok: true, none: null };
  const out = redactValue(value);
  expect(out).toEqual({ reason: 'header "Authorization: Bearer "abc"', nested: [{ jwt: '[JWT]', phone: '+*******0123' }], n: 6, ok: true, none: null });
  expect(redactValue('Bearer secret-token')).toBe('Bearer [REDACTED]');
});

test('the observed profile places each OBSERVED value at its profileKey and leaves out values tests disagreed on', () => {
  const catalogue = {
    requirements: [
      { id: 'CODE-LENGTH', level: 'OBSERVED', profileKey: 'code.length' },
      { id: 'ERROR-WRONG-CODE', level: 'OBSERVED', profileKey: 'errors.wrongCode' },
      { id: 'CODE-EXPIRY', level: 'OBSERVED', profileKey: 'code.expirySeconds' },
      { id: 'VERIFY-CODE-SINGLE-USE', level: 'MUST' },
    ],
  } as unknown as Parameters<typeof observedProfile>[0];
  const results = [
    { id: 'CODE-LENGTH', level: 'OBSERVED', verdict: 'OBSERVED', observed: [6, 8], tests: [] },
    { id: 'ERROR-WRONG-CODE', level: 'OBSERVED', verdict: 'OBSERVED', observed: { errorCode: 'E061102', status: 401 }, tests: [] },
    { id: 'CODE-EXPIRY', level: 'OBSERVED', verdict: 'SKIPPED', tests: [] },
    { id: 'VERIFY-CODE-SINGLE-USE', level: 'MUST', verdict: 'PASSED', tests: [] },
  ] as Parameters<typeof observedProfile>[1];
  expect(observedProfile(catalogue, results, 'staging')).toEqual({
    profile: { name: 'staging', errors: { wrongCode: { errorCode: 'E061102', status: 401 } } },
    ambiguous: ['CODE-LENGTH'],
  });
});

test('a check that holds for every exchange fails its own requirement too, inside a test about something else', () => {
  const exchange = { method: 'POST', url: 'http://h/v1/auth/otp/signin/sms', path: '/v1/auth/otp/signin/sms', status: 200, body: '{}' };
  const failed = record('a', ['M-1'], 'failed', [], ['x'], [{ kind: 'exchange', requirement: 'M-2', expected: 'noSecretsEchoed', exchange }]);
  const results = computeVerdicts(catalogue, [failed, record('b', ['M-2'], 'passed')]);
  expect(results.find((r) => r.id === 'M-1')?.verdict).toBe('FAILED');
  expect(results.find((r) => r.id === 'M-2')).toMatchObject({ verdict: 'FAILED', tests: ['x.spec.ts › group › a', 'x.spec.ts › group › b'] });
  // A passing test's evidence (there is none) never counts.
  expect(verdictOf([record('c', ['M-1'], 'passed')], 'M-2').verdict).toBe('NOT_COVERED');
});

test('a test that passed without enough evidence is a WARNING with why, at any level, never a pass', () => {
  const inconclusive = record('a', ['M-1'], 'passed', [{ type: 'inconclusive', description: 'a sample of 200 codes is too small to conclude' }]);
  expect(inconclusive.inconclusive).toBe('a sample of 200 codes is too small to conclude');
  expect(verdictOf([inconclusive], 'M-1')).toMatchObject({ verdict: 'WARNING', inconclusive: true, reason: 'inconclusive: a sample of 200 codes is too small to conclude' });
  // A failure still wins over it.
  expect(verdictOf([inconclusive, record('b', ['M-1'], 'failed', [], ['boom'])], 'M-1').verdict).toBe('FAILED');
});
