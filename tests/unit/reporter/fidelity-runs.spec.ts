// The fidelity command on real runs of a suite subset against three emulators: one as is, one
// without its control endpoints (a stand-in for a live target such as staging: no SMS outbox, no
// clock), one with a deliberate behavioural difference (the wrong-code-error-code fault). What one
// side skipped is not compared and passes; a real difference fails.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { childEnv, runPlaywright } from '../../../lib/process.ts';
import { reached } from '../../../reporter/fidelity/diff.ts';
import { fidelity, lastLine, linesOf, readReport } from './fidelity-cli.ts';
import { PROJECT_ID, startEmulator, type Emulator } from './suite-runs.ts';

const WRONG_401 = { errorCode: 'E061102', status: 401 };

test.describe('on real runs: the emulator, the emulator without its control endpoints, a faulty emulator', () => {
  test.describe.configure({ mode: 'serial', timeout: 180_000 });
  const KEY = 'K2fidelity-spec-key-0123456789';
  // A subset that needs control (the SMS outbox, the clock) and includes ERROR-WRONG-CODE.
  const SPECS = ['tests/conformance/signin.spec.ts', 'tests/conformance/invalidation.spec.ts', 'tests/conformance/expiry.spec.ts'];
  const emulators: Emulator[] = [];
  let work = '';
  /** Where each run's conformance.json is: embedded (twice), no-control, faulty. */
  const reportOf: Record<string, string> = {};
  const out = (name: string) => join(work, name);

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    work = mkdtempSync(join(tmpdir(), 'fidelity-spec-'));
    const [embedded, noControl, faulty] = await Promise.all([
      startEmulator(KEY),
      startEmulator(KEY, ['--no-control']),
      startEmulator(KEY, ['--fault', 'wrong-code-error-code']),
    ]);
    emulators.push(embedded!, noControl!, faulty!);
    // The suite against each as a live target (DESCOPE_BASE_URL), the way a user runs it against staging.
    const suiteRun = (name: string, url: string) =>
      runPlaywright(['--project=conformance', ...SPECS, '--reporter=./reporter/conformance-reporter.ts', `--output=${out(`${name}-output`)}`, '--workers=1'], {
        env: childEnv({ DESCOPE_BASE_URL: url, DESCOPE_PROJECT_ID: PROJECT_ID, DESCOPE_MANAGEMENT_KEY: KEY, CONFORMANCE_SEED: '4242', CONFORMANCE_REPORT_DIR: out(name) }),
        timeoutMs: 150_000,
      });
    const runs = { embedded: embedded!.url, 'embedded-again': embedded!.url, 'no-control': noControl!.url, faulty: faulty!.url };
    const results = await Promise.all(Object.entries(runs).map(async ([name, url]) => [name, await suiteRun(name, url)] as const));
    for (const [name, run] of results) {
      // Each healthy emulator passes on its own (what it cannot check, it skips); the faulty one fails some MUSTs.
      if (name !== 'faulty') expect(run.code, `${name}: ${run.stdout}${run.stderr}`).toBe(0);
      reportOf[name] = join(out(name), 'conformance.json');
      expect(() => readFileSync(reportOf[name]!), `${name} wrote its report: ${run.stdout}${run.stderr}`).not.toThrow();
    }
  });

  test.afterAll(async () => {
    await Promise.all(emulators.map((emulator) => emulator.stop()));
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('the emulator agrees with itself', async () => {
    const run = await fidelity([reportOf.embedded!, reportOf['embedded-again']!], out('self'));
    const report = readReport(out('self'));
    expect(report.requirements.filter((d) => d.status !== 'same')).toEqual([]);
    expect(report.failed).toBe(0);
    expect(lastLine(run)).toBe(`fidelity: ${report.requirements.length} passed, 0 failed`);
    expect(run.code).toBe(0);
  });

  test('a target without control endpoints vs the emulator: nothing differs, what it skipped is not compared; --strict fails on it', async () => {
    const run = await fidelity([reportOf['no-control']!, reportOf.embedded!], out('no-control'));
    const report = readReport(out('no-control'));
    const s = report.summary;
    test.info().annotations.push({ type: 'counts', description: `no-control vs embedded: ${s.same} same, ${s.notCompared} not compared, ${s.differs} differ` });
    expect(run.code, run.stdout).toBe(0);
    expect(linesOf(run, /UNEXPECTED/)).toEqual([]);
    expect(s).toMatchObject({ differs: 0, onlyA: 0, onlyB: 0, unexpected: 0, stale: 0 });
    expect(s.notCompared).toBeGreaterThan(0);
    expect(s.same).toBeGreaterThan(0);
    const notCompared = report.requirements.filter((d) => d.status === 'not-compared');
    expect(linesOf(run, /^fidelity: not compared /)).toHaveLength(s.notCompared);
    expect(run.stdout).toContain(`fidelity: ${s.same} same, 0 differ, ${s.notCompared} not compared, 0 only in A, 0 only in B; 0 expected by the baseline; 0 unexpected; report: `);
    expect(lastLine(run)).toBe(`fidelity: ${s.same} passed, 0 failed`);
    // Every one of them: A (no control) skipped it or did not cover it, with why; the emulator checked it.
    for (const d of notCompared) {
      expect(reached(d.a!), d.id).toBe(false);
      expect(reached(d.b!), d.id).toBe(true);
      expect(d.a!.reason, d.id).toBeTruthy();
    }
    const skipped = notCompared.filter((d) => d.a!.verdict === 'SKIPPED');
    expect(skipped.length).toBeGreaterThan(0);
    for (const d of skipped) expect(d.a!.reason, d.id).toContain("needs the emulator's control endpoints");
    expect(run.stdout).toMatch(/^fidelity: not compared [A-Z0-9-]+: A SKIPPED \(needs the emulator's control endpoints \(.*\) \| B PASSED/m);
    const html = readFileSync(join(out('no-control'), 'index.html'), 'utf8');
    expect(html).toContain(`<h2>Not compared (${s.notCompared})</h2>`);
    expect(html).toContain('<div class="outcome ok">No unexpected difference');
    // The real runs do record the same answers where both checked: ERROR-WRONG-CODE is reachable without control.
    expect(report.requirements.find((d) => d.id === 'ERROR-WRONG-CODE')).toMatchObject({ status: 'same', a: { verdict: 'OBSERVED' } });

    await test.step('--strict: each not-compared requirement fails, exit 1', async () => {
      const strict = await fidelity([reportOf['no-control']!, reportOf.embedded!, '--strict'], out('no-control-strict'));
      expect(strict.code).toBe(1);
      expect(linesOf(strict, /^fidelity: UNEXPECTED not compared /)).toHaveLength(s.notCompared);
      expect(lastLine(strict)).toBe(`fidelity: ${s.same} passed, ${s.notCompared} failed`);
    });

    await test.step('--strict with a baseline that expects one of them (status not-compared): one fewer fails', async () => {
      const first = skipped[0]!;
      const baseline = out('not-compared-baseline.json');
      writeFileSync(baseline, JSON.stringify({ deviations: [{ id: first.id, reason: 'staging has no SMS outbox', status: 'not-compared', a: { verdict: 'SKIPPED' } }] }));
      const strict = await fidelity([reportOf['no-control']!, reportOf.embedded!, '--strict', '--baseline', baseline], out('no-control-baselined'));
      expect(strict.stdout).toContain(`fidelity: expected not compared ${first.id}: `);
      expect(lastLine(strict)).toBe(`fidelity: ${s.same} passed, ${s.notCompared - 1} failed`);
      expect(strict.code).toBe(s.notCompared > 1 ? 1 : 0);
    });
  });

  test('a behavioural difference (the wrong-code-error-code fault) vs the target without control: UNEXPECTED, exit 1; the baseline decides', async () => {
    const run = await fidelity([reportOf['no-control']!, reportOf.faulty!], out('faulty'));
    const report = readReport(out('faulty'));
    expect(run.code, run.stdout).toBe(1);
    const wrongCode = report.requirements.find((d) => d.id === 'ERROR-WRONG-CODE')!;
    expect(wrongCode).toMatchObject({ status: 'differs', unexpected: true, a: { observed: WRONG_401 }, b: { observed: { errorCode: 'E061101', status: 401 } } });
    expect(wrongCode.fields).toContain('observed');
    expect(run.stdout).toMatch(/^fidelity: UNEXPECTED ERROR-WRONG-CODE differs \((verdict, )?observed\): A OBSERVED \{"errorCode":"E061102","status":401\} \| B \w+ \{"errorCode":"E061101","status":401\}$/m);
    // Every difference is one both sides reached; what A skipped stays not compared.
    const differs = report.requirements.filter((d) => d.status === 'differs');
    for (const d of differs) {
      expect(d.fields.length, d.id).toBeGreaterThan(0);
      if (d.fields.includes('verdict')) expect([reached(d.a!), reached(d.b!)], d.id).toEqual([true, true]);
      if (d.fields.includes('observed')) expect([d.a!.observed, d.b!.observed], d.id).not.toContain(undefined);
    }
    expect(linesOf(run, /^fidelity: UNEXPECTED /)).toHaveLength(differs.length);
    expect(report.summary.notCompared).toBeGreaterThan(0);
    expect(lastLine(run)).toBe(`fidelity: ${report.summary.same} passed, ${differs.length} failed`);
    expect(readFileSync(join(out('faulty'), 'index.html'), 'utf8')).toMatch(/<tr id="ERROR-WRONG-CODE" class="unexpected"/);

    await test.step('a baseline entry for each difference: exit 0; with a stale entry besides: exit 1', async () => {
      const entries = differs.map((d) => ({ id: d.id, reason: 'the faulty emulator answers E061101', status: 'differs', a: { verdict: d.a!.verdict, observed: d.a!.observed }, b: { verdict: d.b!.verdict, observed: d.b!.observed } }));
      const baseline = out('baseline.json');
      writeFileSync(baseline, JSON.stringify({ deviations: entries }));
      const ok = await fidelity([reportOf['no-control']!, reportOf.faulty!, '--baseline', baseline], out('baselined'));
      expect(ok.stdout).toContain('fidelity: expected ERROR-WRONG-CODE differs');
      expect(lastLine(ok)).toBe(`fidelity: ${report.summary.same} passed, 0 failed`);
      expect(ok.code).toBe(0);

      const staleBaseline = out('stale.json');
      writeFileSync(staleBaseline, JSON.stringify({ deviations: [...entries, { id: 'VERIFY-ATTEMPT-LIMIT', reason: 'was different once', b: { verdict: 'FAILED' } }] }));
      const stale = await fidelity([reportOf['no-control']!, reportOf.faulty!, '--baseline', staleBaseline], out('stale'));
      expect(stale.stdout).toContain('fidelity: STALE baseline entry VERIFY-ATTEMPT-LIMIT');
      expect(lastLine(stale)).toBe(`fidelity: ${report.summary.same} passed, 1 failed`);
      expect(stale.code).toBe(1);
    });
  });
});
