// The verdict logic of the conformance reporter, fed Playwright-like test and result objects.
import { redactValue } from '../../../fixtures/redact.ts';
import { expect, test } from '@playwright/test';
import { observedProfile } from '../../../reporter/observed-profile.ts';
import { computeVerdicts, decideExit, summarize, toRecord, worse, type CatalogueRequirement, type PlaywrightLikeResult, type TestRecord } from '../../../reporter/verdicts.ts';

const catalogue: { requirements: CatalogueRequirement[] } = {
  requirements: [
    { id: 'M-1', level: 'MUST', statement: 'must one', source: { kind: 'doc', ref: 'a' } },
    { id: 'M-2', level: 'MUST', statement: 'must two', source: { kind: 'doc', ref: 'a' } },
    { id: 'S-1', level: 'SHOULD', statement: 'should one', source: { kind: 'doc', ref: 'a' } },
    { id: 'O-1', level: 'OBSERVED', statement: 'observed one', source: { kind: 'doc', ref: 'a' }, profileKey: 'code.length' },
    { id: 'O-2', level: 'OBSERVED', statement: 'observed two', source: { kind: 'doc', ref: 'a' }, profileKey: 'code.expirySeconds' },
    { id: 'X-1', level: 'MUST', statement: 'nobody checks it', source: { kind: 'doc', ref: 'a' } },
  ],
};

/** A Playwright-like test: titlePath is ['', project, file, ...describes, title]. */
function pwTest(title: string, ids: string[], extra: { type: string; description?: string }[] = []) {
  return {
    titlePath: () => ['', 'conformance', 'tests/conformance/x.spec.ts', 'group', title],
    annotations: [...ids.map((id) => ({ type: 'requirement', description: id })), ...extra],
  };
}

function record(title: string, ids: string[], status: PlaywrightLikeResult['status'], runtime: { type: string; description?: string }[] = [], errors: string[] = []): TestRecord {
  return toRecord(pwTest(title, ids), { status, annotations: runtime, errors: errors.map((message) => ({ message })) });
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
  const failed = verdictOf([record('a', ['M-1'], 'passed'), record('b', ['M-1'], 'failed', [], ['[M-1] expected HTTP 200; saw POST http://h/p → HTTP 401 {}'])], 'M-1');
  expect(failed.verdict).toBe('FAILED');
  expect(failed.tests).toEqual(['x.spec.ts › group › a', 'x.spec.ts › group › b']);
  expect(failed.reason).toContain('1 of 2 test(s) failed');
  expect(failed.reason).toContain('expected HTTP 200');
});

test('SHOULD: a failed test gives WARNING, never FAILED', () => {
  expect(verdictOf([record('a', ['S-1'], 'failed', [], ['nope'])], 'S-1').verdict).toBe('WARNING');
  expect(verdictOf([record('a', ['S-1'], 'passed')], 'S-1').verdict).toBe('PASSED');
});

test('OBSERVED: passed → OBSERVED with the value; a contradiction of the profile → WARNING "contradicts profile"', () => {
  const seen = verdictOf([record('a', ['O-1'], 'passed', [{ type: 'observed', description: JSON.stringify({ id: 'O-1', value: 6 }) }]), record('b', ['O-1'], 'passed', [{ type: 'observed', description: JSON.stringify({ id: 'O-1', value: 6 }) }])], 'O-1');
  expect(seen).toMatchObject({ verdict: 'OBSERVED', observed: 6 });
  const contradicted = verdictOf(
    [record('a', ['O-1'], 'failed', [{ type: 'observed', description: JSON.stringify({ id: 'O-1', value: 8 }) }], ['O-1: the target answered 8 where its profile (code.length) says 6'])],
    'O-1',
  );
  expect(contradicted.verdict).toBe('WARNING');
  expect(contradicted.observed).toBe(8);
  expect(contradicted.reason).toMatch(/^contradicts profile/);
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
