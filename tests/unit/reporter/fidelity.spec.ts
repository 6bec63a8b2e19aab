// The fidelity diff: unit tests of the pure diff and baseline check on small report objects, then the
// command on real runs of a suite subset against two emulators that differ in one OBSERVED value
// (the wrong-code error's status). Each emulator is held to its own profile, so both runs pass alone:
// only the diff shows the deviation.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { checkFidelity, diffReports, validateBaseline, type ReportLike } from '../../../reporter/fidelity/diff.ts';
import type { FidelityReport } from '../../../reporter/fidelity/html.ts';
import { cleanEnv, fidelity, playwrightTest, startEmulator, targetEnv, writeProfile, type Emulator } from './suite-runs.ts';

const WRONG_401 = { errorCode: 'E061102', status: 401 };
const WRONG_400 = { errorCode: 'E061102', status: 400 };

function report(requirements: ReportLike['requirements']): ReportLike {
  return { target: { url: 'http://x', projectId: 'P2XX****', profile: null }, requirements };
}

const A = report([
  { id: 'SAME-PASSED', level: 'MUST', verdict: 'PASSED', tests: ['t'] },
  { id: 'SAME-OBSERVED', level: 'OBSERVED', verdict: 'OBSERVED', observed: { status: 401, errorCode: 'E061102' } },
  { id: 'ERROR-WRONG-CODE', level: 'OBSERVED', verdict: 'OBSERVED', observed: WRONG_401 },
  { id: 'VERDICT-ONLY', level: 'MUST', verdict: 'PASSED' },
  { id: 'SKIPPED-HERE', level: 'MUST', verdict: 'SKIPPED', reason: 'no readable SMS' },
  { id: 'ONLY-A', level: 'MUST', verdict: 'PASSED' },
]);
const B = report([
  { id: 'SAME-PASSED', level: 'MUST', verdict: 'PASSED', tests: ['another title'] },
  // Same value, keys in another order: the same.
  { id: 'SAME-OBSERVED', level: 'OBSERVED', verdict: 'OBSERVED', observed: { errorCode: 'E061102', status: 401 } },
  { id: 'ERROR-WRONG-CODE', level: 'OBSERVED', verdict: 'OBSERVED', observed: WRONG_400 },
  { id: 'VERDICT-ONLY', level: 'MUST', verdict: 'FAILED', reason: 'boom' },
  { id: 'SKIPPED-HERE', level: 'MUST', verdict: 'PASSED' },
  { id: 'ONLY-B', level: 'SHOULD', verdict: 'WARNING' },
]);

test.describe('the diff', () => {
  test('classifies each requirement: same, differs (which field), only in A, only in B', () => {
    const byId = Object.fromEntries(diffReports(A, B).map((d) => [d.id, d]));
    expect(Object.keys(byId)).toEqual(['SAME-PASSED', 'SAME-OBSERVED', 'ERROR-WRONG-CODE', 'VERDICT-ONLY', 'SKIPPED-HERE', 'ONLY-A', 'ONLY-B']);
    expect(byId['SAME-PASSED']).toMatchObject({ status: 'same', fields: [] });
    expect(byId['SAME-OBSERVED']).toMatchObject({ status: 'same' });
    expect(byId['ERROR-WRONG-CODE']).toEqual({
      id: 'ERROR-WRONG-CODE',
      level: 'OBSERVED',
      status: 'differs',
      fields: ['observed'],
      a: { verdict: 'OBSERVED', observed: WRONG_401 },
      b: { verdict: 'OBSERVED', observed: WRONG_400 },
    });
    expect(byId['VERDICT-ONLY']).toMatchObject({ status: 'differs', fields: ['verdict'], a: { verdict: 'PASSED' }, b: { verdict: 'FAILED', reason: 'boom' } });
    // A requirement one side skipped is a difference too: nothing is hidden; the baseline explains it.
    expect(byId['SKIPPED-HERE']).toMatchObject({ status: 'differs', fields: ['verdict'] });
    expect(byId['ONLY-A']).toMatchObject({ status: 'only-a', a: { verdict: 'PASSED' }, b: null });
    expect(byId['ONLY-B']).toMatchObject({ status: 'only-b', a: null, b: { verdict: 'WARNING' } });
  });

  test('a report against itself has no difference', () => {
    const result = checkFidelity(A, structuredClone(A), null);
    expect(result.requirements.every((d) => d.status === 'same')).toBe(true);
    expect(result).toMatchObject({ passed: 6, failed: 0, stale: [] });
  });

  test('without a baseline every difference fails', () => {
    const result = checkFidelity(A, B, null);
    expect(result.summary).toEqual({ same: 2, differs: 3, onlyA: 1, onlyB: 1, expected: 0, unexpected: 5, stale: 0 });
    expect(result).toMatchObject({ passed: 2, failed: 5 });
  });

  test('a baseline entry expects a difference only when every field it names agrees', () => {
    const baseline = {
      deviations: [
        { id: 'ERROR-WRONG-CODE', reason: 'staging answers 400', a: { observed: WRONG_401 }, b: { observed: WRONG_400 } },
        { id: 'VERDICT-ONLY', reason: 'names a verdict that did not occur', b: { verdict: 'WARNING' } },
        { id: 'SKIPPED-HERE', reason: 'no readable SMS on staging', status: 'differs' as const, a: { verdict: 'SKIPPED' } },
        { id: 'ONLY-A', reason: 'any difference at this id' },
        { id: 'NEVER-DIFFERS', reason: 'stale' },
      ],
    };
    const result = checkFidelity(A, B, baseline);
    const expected = Object.fromEntries(result.requirements.map((d) => [d.id, d.expected]));
    expect(expected).toEqual({
      'SAME-PASSED': null,
      'SAME-OBSERVED': null,
      'ERROR-WRONG-CODE': 'staging answers 400',
      'VERDICT-ONLY': null,
      'SKIPPED-HERE': 'no readable SMS on staging',
      'ONLY-A': 'any difference at this id',
      'ONLY-B': null,
    });
    expect(result.stale.map((e) => e.id)).toEqual(['VERDICT-ONLY', 'NEVER-DIFFERS']);
    expect(result.summary).toMatchObject({ expected: 3, unexpected: 2, stale: 2 });
    expect(result).toMatchObject({ passed: 2, failed: 4 });
    // The same values the other way round do not match: A and B are the order of the arguments.
    expect(checkFidelity(B, A, { deviations: [baseline.deviations[0]!] }).summary).toMatchObject({ expected: 0, stale: 1 });
  });

  test('a baseline needs an id and a reason for every entry', () => {
    expect(validateBaseline({ deviations: [] })).toEqual([]);
    expect(validateBaseline([])).toHaveLength(1);
    expect(validateBaseline({ deviations: [{ id: 'X' }] }).join()).toContain('has no "reason"');
    expect(validateBaseline({ deviations: [{ reason: 'r' }] }).join()).toContain('has no "id"');
    expect(validateBaseline({ deviations: [{ id: 'X', reason: 'r', status: 'same' }] }).join()).toContain('unknown "status"');
  });

  test('the shipped baseline is valid and empty: entries come only from real targets', () => {
    const shipped = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'fidelity', 'expected-deviations.json'), 'utf8')) as unknown;
    expect(validateBaseline(shipped)).toEqual([]);
    expect(shipped).toMatchObject({ deviations: [] });
  });

  test('the command writes escaped, redacted files and says what differs', async () => {
    const dir = test.info().outputPath('cli');
    const a = { ...A, target: { url: 'http://<script>alert(1)</script>', projectId: null, profile: null } };
    const b = report([...B.requirements, { id: 'LEAKY', verdict: 'FAILED', reason: 'Bearer P2XX:K2secret-key-value eyJhbGciOi.eyJzdWIi.sig +14155550123' }]);
    writeFileSync(join(dir, '..', 'a.json'), JSON.stringify(a));
    writeFileSync(join(dir, '..', 'b.json'), JSON.stringify(b));
    const out = await fidelity([join(dir, '..', 'a.json'), join(dir, '..', 'b.json')], cleanEnv({ FIDELITY_REPORT_DIR: dir }));
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('fidelity: UNEXPECTED ERROR-WRONG-CODE differs (observed): A OBSERVED {"errorCode":"E061102","status":401} | B OBSERVED {"errorCode":"E061102","status":400}');
    expect(out.stdout.trim().split('\n').at(-1)).toBe('fidelity: 2 passed, 6 failed');
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    const json = readFileSync(join(dir, 'fidelity.json'), 'utf8');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    for (const leak of ['K2secret-key-value', 'eyJhbGciOi.eyJzdWIi.', '+14155550123']) {
      expect(html, leak).not.toContain(leak);
      expect(json, leak).not.toContain(leak);
    }
    expect(html).toMatch(/<tr id="ERROR-WRONG-CODE" class="unexpected" data-status="differs">/);
    // No headline percentage anywhere in the text (the stylesheet's widths aside).
    expect(html.replace(/<style>[\s\S]*<\/style>/, '')).not.toMatch(/%/);

    const bad = await fidelity([join(dir, '..', 'a.json')], cleanEnv({ FIDELITY_REPORT_DIR: dir }));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('expected two reports');
  });
});

test.describe('on real runs against two emulators', () => {
  test.describe.configure({ timeout: 120_000 });
  const KEY = 'K2fidelity-spec-key-0123456789';
  let defaultEmulator: Emulator | undefined;
  let otherEmulator: Emulator | undefined;

  test.afterAll(async () => {
    await Promise.all([defaultEmulator?.stop(), otherEmulator?.stop()]);
  });

  test('the emulator agrees with itself; the other-status emulator differs in exactly ERROR-WRONG-CODE; the baseline decides the exit', async () => {
    const info = test.info();
    const profile = writeProfile(info.outputPath('other-status.json'), (p) => {
      p.name = 'wrong-code-400';
      p.errors.wrongCode = { errorCode: 'E061102', status: 400 };
    });
    [defaultEmulator, otherEmulator] = await Promise.all([startEmulator(KEY), startEmulator(KEY, ['--profile', profile])]);
    const specs = ['tests/conformance/wrong-codes.spec.ts', 'tests/conformance/invalidation.spec.ts'];
    const suiteRun = (name: string, url: string) =>
      playwrightTest([...specs, '--reporter=./reporter/conformance-reporter.ts', `--output=${info.outputPath(`${name}-output`)}`, '--workers=1'], targetEnv(url, KEY, { CONFORMANCE_REPORT_DIR: info.outputPath(name) }));
    const runs = await Promise.all([suiteRun('default-1', defaultEmulator.url), suiteRun('default-2', defaultEmulator.url), suiteRun('other', otherEmulator.url)]);
    // Each emulator is held to its own profile: all three runs pass on their own.
    for (const r of runs) expect(r.code, r.stdout + r.stderr).toBe(0);
    const file = (name: string) => join(info.outputPath(name), 'conformance.json');

    await test.step('the default emulator against itself: no difference', async () => {
      const out = await fidelity([file('default-1'), file('default-2')], cleanEnv({ FIDELITY_REPORT_DIR: info.outputPath('self') }));
      const report = JSON.parse(readFileSync(join(info.outputPath('self'), 'fidelity.json'), 'utf8')) as FidelityReport;
      expect(report.requirements.filter((d) => d.status !== 'same')).toEqual([]);
      expect(report.failed).toBe(0);
      expect(out.stdout.trim().split('\n').at(-1)).toBe(`fidelity: ${report.requirements.length} passed, 0 failed`);
      expect(out.code).toBe(0);
    });

    await test.step('default vs other status: exactly ERROR-WRONG-CODE, 401 vs 400, fails without a baseline', async () => {
      const out = await fidelity([file('default-1'), file('other')], cleanEnv({ FIDELITY_REPORT_DIR: info.outputPath('diff') }));
      const report = JSON.parse(readFileSync(join(info.outputPath('diff'), 'fidelity.json'), 'utf8')) as FidelityReport;
      expect(report.requirements.filter((d) => d.status !== 'same')).toEqual([
        { id: 'ERROR-WRONG-CODE', level: 'OBSERVED', status: 'differs', fields: ['observed'], a: { verdict: 'OBSERVED', observed: WRONG_401 }, b: { verdict: 'OBSERVED', observed: WRONG_400 }, expected: null },
      ]);
      expect(out.stdout.trim().split('\n').at(-1)).toBe(`fidelity: ${report.requirements.length - 1} passed, 1 failed`);
      expect(out.code).toBe(1);
      const html = readFileSync(join(info.outputPath('diff'), 'index.html'), 'utf8');
      expect(html).toMatch(/<tr id="ERROR-WRONG-CODE" class="unexpected"/);
      expect(html).not.toContain(KEY);
    });

    await test.step('with a baseline entry for it: exit 0; with a stale entry besides: exit 1', async () => {
      const entry = { id: 'ERROR-WRONG-CODE', reason: 'this target answers a wrong code with 400', a: { observed: WRONG_401 }, b: { observed: WRONG_400 } };
      const baseline = info.outputPath('baseline.json');
      writeFileSync(baseline, JSON.stringify({ deviations: [entry] }));
      const ok = await fidelity([file('default-1'), file('other'), '--baseline', baseline], cleanEnv({ FIDELITY_REPORT_DIR: info.outputPath('baselined') }));
      expect(ok.stdout).toContain('fidelity: expected ERROR-WRONG-CODE');
      expect(ok.stdout.trim().split('\n').at(-1)).toMatch(/^fidelity: \d+ passed, 0 failed$/);
      expect(ok.code).toBe(0);

      const staleBaseline = info.outputPath('stale.json');
      writeFileSync(staleBaseline, JSON.stringify({ deviations: [entry, { id: 'VERIFY-ATTEMPT-LIMIT', reason: 'was different once', b: { verdict: 'FAILED' } }] }));
      const stale = await fidelity([file('default-1'), file('other'), '--baseline', staleBaseline], cleanEnv({ FIDELITY_REPORT_DIR: info.outputPath('stale') }));
      expect(stale.stdout).toContain('fidelity: STALE baseline entry VERIFY-ATTEMPT-LIMIT');
      expect(stale.stdout.trim().split('\n').at(-1)).toMatch(/^fidelity: \d+ passed, 1 failed$/);
      expect(stale.code).toBe(1);
    });
  });
});
