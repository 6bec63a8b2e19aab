// The fidelity diff: unit tests of the pure diff and baseline check on small report objects, then
// the command's output, flags and page (fidelity-runs.spec.ts runs it on real suite runs).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { paths } from '../../../lib/paths.ts';
import { checkFidelity, diffReports, reached, validateBaseline, whyNotCompared, type ReportLike } from '../../../reporter/fidelity/diff.ts';
import { fidelity, lastLine, linesOf, readReport } from './fidelity-cli.ts';

const WRONG_401 = { errorCode: 'E061102', status: 401 };
const WRONG_400 = { errorCode: 'E061102', status: 400 };
const NO_CONTROL = "needs the emulator's control endpoints (the SMS outbox); https://staging.example.com has none";

function report(requirements: ReportLike['requirements']): ReportLike {
  return { target: { url: 'http://x', projectId: 'P2XX****', profile: null }, requirements };
}

const A = report([
  { id: 'SAME-PASSED', level: 'MUST', verdict: 'PASSED', tests: ['t'] },
  { id: 'SAME-OBSERVED', level: 'OBSERVED', verdict: 'OBSERVED', observed: { status: 401, errorCode: 'E061102' } },
  { id: 'ERROR-WRONG-CODE', level: 'OBSERVED', verdict: 'OBSERVED', observed: WRONG_401 },
  { id: 'VERDICT-ONLY', level: 'MUST', verdict: 'PASSED' },
  { id: 'SKIPPED-HERE', level: 'MUST', verdict: 'SKIPPED', reason: NO_CONTROL },
  { id: 'NOT-COVERED-HERE', level: 'MUST', verdict: 'NOT_COVERED', reason: 'no test in this run checks it' },
  { id: 'OBSERVED-ONE-SIDE', level: 'OBSERVED', verdict: 'OBSERVED', observed: true },
  { id: 'ONLY-A', level: 'MUST', verdict: 'PASSED' },
]);
const B = report([
  { id: 'SAME-PASSED', level: 'MUST', verdict: 'PASSED', tests: ['another title'] },
  // Same value, keys in another order: the same.
  { id: 'SAME-OBSERVED', level: 'OBSERVED', verdict: 'OBSERVED', observed: { errorCode: 'E061102', status: 401 } },
  { id: 'ERROR-WRONG-CODE', level: 'OBSERVED', verdict: 'OBSERVED', observed: WRONG_400 },
  { id: 'VERDICT-ONLY', level: 'MUST', verdict: 'FAILED', reason: 'boom' },
  { id: 'SKIPPED-HERE', level: 'MUST', verdict: 'PASSED' },
  { id: 'NOT-COVERED-HERE', level: 'MUST', verdict: 'FAILED', reason: 'boom' },
  { id: 'OBSERVED-ONE-SIDE', level: 'OBSERVED', verdict: 'OBSERVED' },
  { id: 'ONLY-B', level: 'SHOULD', verdict: 'WARNING' },
]);

/** The one entry of a two-requirement comparison. */
function compare(a: ReportLike['requirements'][number], b: ReportLike['requirements'][number]) {
  return diffReports(report([a]), report([b]))[0]!;
}

test.describe('the diff', () => {
  test('a verdict is reached when the run checked the requirement and concluded: PASSED, FAILED, WARNING, OBSERVED', () => {
    expect(['PASSED', 'FAILED', 'WARNING', 'OBSERVED', 'SKIPPED', 'NOT_COVERED'].filter((verdict) => reached({ verdict }))).toEqual(['PASSED', 'FAILED', 'WARNING', 'OBSERVED']);
    // A warning only for want of evidence (a live target's code sample too small) is no verdict.
    expect(reached({ verdict: 'WARNING', inconclusive: true })).toBe(false);
  });

  test('an inconclusive warning on one side is not compared, not a difference; a conclusive one still differs', () => {
    const inconclusive = { id: 'CODE-UNPREDICTABLE', level: 'MUST', verdict: 'WARNING', inconclusive: true, reason: 'inconclusive: a sample of 200 codes is too small to conclude' };
    const d = compare(inconclusive, { id: 'CODE-UNPREDICTABLE', level: 'MUST', verdict: 'PASSED' });
    expect(d).toMatchObject({ status: 'not-compared', fields: [], a: { verdict: 'WARNING', inconclusive: true } });
    expect(whyNotCompared(d)).toBe('A could not conclude (WARNING)');
    expect(compare({ ...inconclusive, inconclusive: undefined }, { id: 'CODE-UNPREDICTABLE', level: 'MUST', verdict: 'PASSED' })).toMatchObject({ status: 'differs', fields: ['verdict'] });
  });

  test('classifies each requirement: same, differs (which field), not compared, only in A, only in B', () => {
    const byId = Object.fromEntries(diffReports(A, B).map((d) => [d.id, d]));
    expect(Object.keys(byId)).toEqual(['SAME-PASSED', 'SAME-OBSERVED', 'ERROR-WRONG-CODE', 'VERDICT-ONLY', 'SKIPPED-HERE', 'NOT-COVERED-HERE', 'OBSERVED-ONE-SIDE', 'ONLY-A', 'ONLY-B']);
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
    // One side did not check it: nothing to compare, and the skip reason is kept for the report.
    expect(byId['SKIPPED-HERE']).toEqual({ id: 'SKIPPED-HERE', level: 'MUST', status: 'not-compared', fields: [], a: { verdict: 'SKIPPED', reason: NO_CONTROL }, b: { verdict: 'PASSED' } });
    expect(byId['NOT-COVERED-HERE']).toMatchObject({ status: 'not-compared', fields: [], a: { verdict: 'NOT_COVERED', reason: 'no test in this run checks it' }, b: { verdict: 'FAILED' } });
    expect(byId['OBSERVED-ONE-SIDE']).toMatchObject({ status: 'not-compared', fields: [], a: { observed: true }, b: { verdict: 'OBSERVED' } });
    expect(byId['ONLY-A']).toMatchObject({ status: 'only-a', a: { verdict: 'PASSED' }, b: null });
    expect(byId['ONLY-B']).toMatchObject({ status: 'only-b', a: null, b: { verdict: 'WARNING' } });
    expect(whyNotCompared(byId['SKIPPED-HERE']!)).toBe('A did not check it (SKIPPED)');
    expect(whyNotCompared(byId['NOT-COVERED-HERE']!)).toBe('A did not check it (NOT_COVERED)');
    expect(whyNotCompared(byId['OBSERVED-ONE-SIDE']!)).toBe('only A recorded an observed value');
    expect(whyNotCompared(byId['VERDICT-ONLY']!)).toBe('');
  });

  test('SKIPPED vs PASSED (either way round) is not compared, and does not fail the diff', () => {
    for (const [a, b] of [
      [{ id: 'R', verdict: 'SKIPPED', reason: NO_CONTROL }, { id: 'R', verdict: 'PASSED' }],
      [{ id: 'R', verdict: 'PASSED' }, { id: 'R', verdict: 'SKIPPED', reason: NO_CONTROL }],
    ]) {
      const result = checkFidelity(report([a!]), report([b!]), null);
      expect(result.requirements[0]).toMatchObject({ status: 'not-compared', fields: [], expected: null, unexpected: false });
      expect(result.summary).toEqual({ same: 0, differs: 0, notCompared: 1, onlyA: 0, onlyB: 0, expected: 0, unexpected: 0, stale: 0 });
      expect(result).toMatchObject({ passed: 0, failed: 0, strict: false });
    }
  });

  test('NOT_COVERED vs FAILED, SKIPPED vs NOT_COVERED, a skipped OBSERVED vs a value: not compared', () => {
    expect(compare({ id: 'R', verdict: 'NOT_COVERED' }, { id: 'R', verdict: 'FAILED', reason: 'boom' })).toMatchObject({ status: 'not-compared', fields: [] });
    expect(compare({ id: 'R', verdict: 'SKIPPED' }, { id: 'R', verdict: 'NOT_COVERED' })).toMatchObject({ status: 'not-compared', fields: [] });
    expect(whyNotCompared(compare({ id: 'R', verdict: 'SKIPPED' }, { id: 'R', verdict: 'NOT_COVERED' }))).toBe('neither run reached a verdict (A SKIPPED, B NOT_COVERED)');
    expect(compare({ id: 'R', verdict: 'SKIPPED', reason: NO_CONTROL }, { id: 'R', verdict: 'OBSERVED', observed: WRONG_400 })).toMatchObject({ status: 'not-compared', fields: [] });
    // The same unreached verdict on both sides, nothing observed: the same.
    expect(compare({ id: 'R', verdict: 'SKIPPED', reason: 'x' }, { id: 'R', verdict: 'SKIPPED', reason: 'y' })).toMatchObject({ status: 'same' });
  });

  test('both reached and different: differs (verdict), (observed), or both; a value on one side only is not a field', () => {
    expect(compare({ id: 'R', verdict: 'PASSED' }, { id: 'R', verdict: 'FAILED' })).toMatchObject({ status: 'differs', fields: ['verdict'] });
    expect(compare({ id: 'R', verdict: 'OBSERVED' }, { id: 'R', verdict: 'WARNING' })).toMatchObject({ status: 'differs', fields: ['verdict'] });
    expect(compare({ id: 'R', verdict: 'OBSERVED', observed: WRONG_401 }, { id: 'R', verdict: 'OBSERVED', observed: WRONG_400 })).toMatchObject({ status: 'differs', fields: ['observed'] });
    expect(compare({ id: 'R', verdict: 'OBSERVED', observed: WRONG_401 }, { id: 'R', verdict: 'WARNING', observed: WRONG_400 })).toMatchObject({ status: 'differs', fields: ['verdict', 'observed'] });
    expect(compare({ id: 'R', verdict: 'OBSERVED', observed: 1 }, { id: 'R', verdict: 'OBSERVED' })).toMatchObject({ status: 'not-compared', fields: [] });
    expect(compare({ id: 'R', verdict: 'OBSERVED', observed: 1 }, { id: 'R', verdict: 'WARNING' })).toMatchObject({ status: 'differs', fields: ['verdict'] });
    // A skipped side with a value (recorded before the skip) still compares its value.
    expect(compare({ id: 'R', verdict: 'SKIPPED', observed: 1 }, { id: 'R', verdict: 'OBSERVED', observed: 2 })).toMatchObject({ status: 'differs', fields: ['observed'] });
  });

  test('a report against itself has no difference', () => {
    const result = checkFidelity(A, structuredClone(A), null);
    expect(result.requirements.every((d) => d.status === 'same')).toBe(true);
    expect(result).toMatchObject({ passed: 8, failed: 0, stale: [] });
  });

  test('without a baseline only the differences fail; with strict, what was not compared and only in one report fails too', () => {
    const result = checkFidelity(A, B, null);
    expect(result.summary).toEqual({ same: 2, differs: 2, notCompared: 3, onlyA: 1, onlyB: 1, expected: 0, unexpected: 2, stale: 0 });
    expect(result).toMatchObject({ passed: 2, failed: 2, strict: false });
    expect(result.requirements.filter((d) => d.unexpected).map((d) => d.id)).toEqual(['ERROR-WRONG-CODE', 'VERDICT-ONLY']);

    const strict = checkFidelity(A, B, null, { strict: true });
    expect(strict.summary).toEqual({ same: 2, differs: 2, notCompared: 3, onlyA: 1, onlyB: 1, expected: 0, unexpected: 7, stale: 0 });
    expect(strict).toMatchObject({ passed: 2, failed: 7, strict: true });
    expect(strict.requirements.filter((d) => !d.unexpected).map((d) => d.id)).toEqual(['SAME-PASSED', 'SAME-OBSERVED']);
  });

  test('a baseline entry expects an entry only when every field it names agrees; status not-compared matches', () => {
    const baseline = {
      deviations: [
        { id: 'ERROR-WRONG-CODE', reason: 'staging answers 400', a: { observed: WRONG_401 }, b: { observed: WRONG_400 } },
        { id: 'VERDICT-ONLY', reason: 'names a verdict that did not occur', b: { verdict: 'WARNING' } },
        { id: 'SKIPPED-HERE', reason: 'no readable SMS on staging', status: 'not-compared' as const, a: { verdict: 'SKIPPED' } },
        { id: 'NOT-COVERED-HERE', reason: 'names the wrong status', status: 'differs' as const },
        { id: 'ONLY-A', reason: 'any entry at this id' },
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
      'NOT-COVERED-HERE': null,
      'OBSERVED-ONE-SIDE': null,
      'ONLY-A': 'any entry at this id',
      'ONLY-B': null,
    });
    expect(result.stale.map((e) => e.id)).toEqual(['VERDICT-ONLY', 'NOT-COVERED-HERE', 'NEVER-DIFFERS']);
    expect(result.summary).toMatchObject({ expected: 3, unexpected: 1, stale: 3 });
    expect(result).toMatchObject({ passed: 2, failed: 4 });
    // With strict, what the baseline expects still passes; the rest not compared or only in B fails.
    const strict = checkFidelity(A, B, baseline, { strict: true });
    expect(strict.requirements.filter((d) => d.unexpected).map((d) => d.id)).toEqual(['VERDICT-ONLY', 'NOT-COVERED-HERE', 'OBSERVED-ONE-SIDE', 'ONLY-B']);
    expect(strict).toMatchObject({ passed: 2, failed: 7 });
    // The same values the other way round do not match: A and B are the order of the arguments.
    expect(checkFidelity(B, A, { deviations: [baseline.deviations[0]!] }).summary).toMatchObject({ expected: 0, stale: 1 });
  });

  test('a baseline needs an id and a reason for every entry, and a known status', () => {
    expect(validateBaseline({ deviations: [] })).toEqual([]);
    expect(validateBaseline([])).toHaveLength(1);
    expect(validateBaseline({ deviations: [{ id: 'X' }] }).join()).toContain('has no "reason"');
    expect(validateBaseline({ deviations: [{ reason: 'r' }] }).join()).toContain('has no "id"');
    expect(validateBaseline({ deviations: [{ id: 'X', reason: 'r', status: 'same' }] }).join()).toContain('unknown "status"');
    for (const status of ['differs', 'not-compared', 'only-a', 'only-b']) expect(validateBaseline({ deviations: [{ id: 'X', reason: 'r', status }] })).toEqual([]);
  });

  test('the shipped baseline is valid and empty: entries come only from real targets', () => {
    const shipped = JSON.parse(readFileSync(join(paths.root, 'fidelity', 'expected-deviations.json'), 'utf8')) as unknown;
    expect(validateBaseline(shipped)).toEqual([]);
    expect(shipped).toMatchObject({ deviations: [] });
  });
});


test.describe('the command', () => {
  test('writes escaped, redacted files and says what differs and what was not compared', async () => {
    const dir = test.info().outputPath('cli');
    const a = { ...A, target: { url: 'http://<script>alert(1)</script>', projectId: null, profile: null } };
    const longReason = `skipped: Bearer P2XX:K2secret-key-value ${'x'.repeat(200)} TAIL-OF-THE-REASON`;
    const b = report([
      ...B.requirements,
      { id: 'LEAKY', verdict: 'FAILED', reason: 'Bearer P2XX:K2secret-key-value eyJhbGciOi.eyJzdWIi.sig +14155550123' },
    ]);
    a.requirements = [...a.requirements, { id: 'LONG-REASON', verdict: 'PASSED' }];
    b.requirements = [...b.requirements, { id: 'LONG-REASON', verdict: 'SKIPPED', reason: longReason }];
    const fileA = test.info().outputPath('a.json');
    const fileB = test.info().outputPath('b.json');
    writeFileSync(fileA, JSON.stringify(a));
    writeFileSync(fileB, JSON.stringify(b));
    const out = await fidelity([fileA, fileB], dir);
    expect(out.code, out.stderr).toBe(1);
    expect(out.stdout).toContain('fidelity: UNEXPECTED ERROR-WRONG-CODE differs (observed): A OBSERVED {"errorCode":"E061102","status":401} | B OBSERVED {"errorCode":"E061102","status":400}');
    expect(out.stdout).toContain(`fidelity: not compared SKIPPED-HERE: A SKIPPED (${NO_CONTROL}) | B PASSED\n`);
    expect(out.stdout).toContain('fidelity: not compared NOT-COVERED-HERE: A NOT_COVERED (no test in this run checks it) | B FAILED (boom)\n');
    expect(out.stdout).toContain('fidelity: not compared OBSERVED-ONE-SIDE: A OBSERVED true | B OBSERVED (no observed value)\n');
    expect(out.stdout).toContain('fidelity: only in A ONLY-A: A PASSED\n');
    const long = linesOf(out, /not compared LONG-REASON/);
    expect(long).toHaveLength(1);
    expect(long[0]).toMatch(/\| B SKIPPED \(skipped: .*…\)$/);
    expect(long[0]).not.toContain('TAIL-OF-THE-REASON');
    expect(linesOf(out, /UNEXPECTED/)).toHaveLength(2);
    expect(out.stdout).toMatch(/^fidelity: 2 same, 2 differ, 4 not compared, 1 only in A, 2 only in B; 0 expected by the baseline; 2 unexpected; report: .*index\.html$/m);
    expect(lastLine(out)).toBe('fidelity: 2 passed, 2 failed');
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    const json = readFileSync(join(dir, 'fidelity.json'), 'utf8');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    for (const leak of ['K2secret-key-value', 'eyJhbGciOi.eyJzdWIi.', '+14155550123']) {
      expect(out.stdout, leak).not.toContain(leak);
      expect(html, leak).not.toContain(leak);
      expect(json, leak).not.toContain(leak);
    }
    expect(html).toMatch(/<tr id="ERROR-WRONG-CODE" class="unexpected" data-status="differs">/);
    expect(html).toMatch(/<tr id="SKIPPED-HERE" class="noted" data-status="not-compared">/);
    // No headline percentage anywhere in the text (the stylesheet's widths aside).
    expect(html.replace(/<style>[\s\S]*<\/style>/, '')).not.toMatch(/%/);
  });

  test('the page: the metadata of A under A, of B under B; not compared between the unexpected and the expected', async () => {
    const dir = test.info().outputPath('page');
    const fileA = test.info().outputPath('report-a.json');
    const fileB = test.info().outputPath('report-b.json');
    writeFileSync(fileA, JSON.stringify({ ...A, target: { url: 'https://staging.example.com', projectId: 'P2AAAA', profile: 'staging' }, startedAt: '2024-01-01T00:00:00Z', suite: { version: '1.2.3', commit: 'abc123', seed: '1' } }));
    writeFileSync(fileB, JSON.stringify({ ...B, target: { url: 'http://127.0.0.1:4010', projectId: 'P2BBBB', profile: 'emulator-default' }, startedAt: '2024-02-02T00:00:00Z', suite: { version: '1.2.4', commit: 'def456', seed: '2' } }));
    const baseline = test.info().outputPath('baseline.json');
    writeFileSync(baseline, JSON.stringify({ deviations: [{ id: 'ERROR-WRONG-CODE', reason: 'staging answers 400', status: 'differs' }] }));
    const out = await fidelity([fileA, fileB, '--baseline', baseline], dir);
    expect(out.code, out.stderr).toBe(1);
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    const meta = /<table class="meta" aria-label="compared reports">([\s\S]*?)<\/table>/.exec(html)?.[1];
    expect(meta).toBeDefined();
    expect(meta).toMatch(/<th scope="col" data-side="a">A<\/th><th scope="col" data-side="b">B<\/th>/);
    const cells = (side: 'a' | 'b') => [...meta!.matchAll(new RegExp(`<td data-side="${side}">([^<]*)</td>`, 'g'))].map((m) => m[1]);
    expect(cells('a')).toEqual([fileA, 'https://staging.example.com', 'P2AAAA', 'staging', '2024-01-01T00:00:00Z', '1.2.3 (commit abc123, seed 1)']);
    expect(cells('b')).toEqual([fileB, 'http://127.0.0.1:4010', 'P2BBBB', 'emulator-default', '2024-02-02T00:00:00Z', '1.2.4 (commit def456, seed 2)']);
    // The sections, in order.
    const at = (text: string) => {
      const index = html.indexOf(text);
      expect(index, text).toBeGreaterThan(-1);
      return index;
    };
    expect(at('<h2>Unexpected differences (1)</h2>')).toBeLessThan(at('<h2>Not compared (3)</h2>'));
    expect(at('<h2>Not compared (3)</h2>')).toBeLessThan(at('<h2>Expected differences (1)</h2>'));
    expect(html).toContain('fail the diff only with <code>--strict</code>');
    const notCompared = html.slice(at('<h2>Not compared (3)</h2>'), at('<h2>Expected differences (1)</h2>'));
    expect(notCompared).toContain('<tr id="SKIPPED-HERE" class="noted" data-status="not-compared">');
    expect(notCompared).toContain('A did not check it (SKIPPED)');
    expect(notCompared).toContain(`<div class="reason">${NO_CONTROL.replace(/'/g, '&#39;')}</div>`);
    expect(html).toMatch(/<div class="outcome bad">1 unexpected difference<\/div>/);
    expect(html).toContain('3 not compared (one side skipped or did not cover them, or recorded no observed value): they do not fail the diff');

    const strict = await fidelity([fileA, fileB, '--baseline', baseline, '--strict'], test.info().outputPath('page-strict'));
    expect(strict.code).toBe(1);
    const strictHtml = readFileSync(join(test.info().outputPath('page-strict'), 'index.html'), 'utf8');
    expect(strictHtml).toContain('<div class="outcome bad">1 unexpected difference, 3 not compared (--strict), 2 only in A or only in B (--strict)</div>');
    expect(strictHtml).toContain('<tr id="SKIPPED-HERE" class="unexpected" data-status="not-compared">');
    expect(readReport(test.info().outputPath('page-strict'))).toMatchObject({ strict: true, failed: 6 });
  });

  test('--help: the full usage on stdout, exit 0; a wrong flag or argument count: exit 2 with the usage on stderr', async () => {
    const dir = test.info().outputPath('help');
    const help = await fidelity(['--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run fidelity -- A\.json B\.json \[--baseline FILE\] \[--strict\]/);
    for (const text of ['not compared', 'only in A/B', '--baseline FILE', '--strict', '--help', 'FIDELITY_REPORT_DIR', 'Exit codes: 0', '1 an unexpected difference', '2 bad arguments']) {
      expect(help.stdout, text).toContain(text);
    }
    expect((await fidelity(['-h'], dir)).stdout).toBe(help.stdout);

    const unknown = await fidelity(['a.json', 'b.json', '--no-such-flag'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--no-such-flag');
    expect(unknown.stderr).toMatch(/^usage: /m);
    expect(unknown.stdout).toBe('');
    for (const args of [['a.json'], ['a.json', 'b.json', 'c.json']]) {
      const bad = await fidelity(args, dir);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain(`expected two reports, got ${args.length}`);
      expect(bad.stderr).toMatch(/^usage: /m);
    }
    const missing = await fidelity([join(dir, 'none-a.json'), join(dir, 'none-b.json')], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read report');
  });
});
