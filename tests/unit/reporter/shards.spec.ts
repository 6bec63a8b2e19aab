// Sharding: a suite subset run once, and run as two shards whose blob reports `playwright
// merge-reports` merges with the conformance reporter, give the same conformance report: the same
// requirements, verdicts, observed values and test titles, and the same target (which the merge
// process cannot probe: it comes from the shards' blob metadata).
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { ConformanceReport } from '../../../reporter/model.ts';
import { cleanEnv, PLAYWRIGHT, playwrightTest, run, startEmulator, targetEnv, type Emulator } from './suite-runs.ts';

test.describe.configure({ timeout: 120_000 });

const KEY = 'K2shards-spec-key-0123456789';
const SPECS = ['tests/conformance/wrong-codes.spec.ts', 'tests/conformance/signin.spec.ts'];
let emulator: Emulator | undefined;

test.afterAll(async () => {
  await emulator?.stop();
});

function comparable(report: ConformanceReport) {
  return {
    target: report.target,
    suite: report.suite,
    summary: report.summary,
    run: { tests: report.run?.tests, passed: report.run?.passed, failed: report.run?.failed, skipped: report.run?.skipped, targetReachable: report.run?.targetReachable },
    // The order of tests within a requirement follows the order they ended in: compare them as sets.
    requirements: report.requirements.map((r) => ({ ...r, tests: [...r.tests].sort() })),
  };
}

test('a 2-shard run merged with merge-reports gives the same conformance report as one run', async () => {
  const info = test.info();
  emulator = await startEmulator(KEY);
  const url = emulator.url;
  const suiteRun = (name: string, extra: string[], env: NodeJS.ProcessEnv = {}) =>
    playwrightTest([...SPECS, ...extra, `--output=${info.outputPath(`${name}-output`)}`, '--workers=1'], targetEnv(url, KEY, { CONFORMANCE_REPORT_DIR: info.outputPath(name), ...env }));
  const runs = await Promise.all([
    suiteRun('single', ['--reporter=./reporter/conformance-reporter.ts']),
    // The conformance reporter before blob: it records its target in config.metadata first.
    ...[1, 2].map((i) => suiteRun(`shard-${i}`, [`--shard=${i}/2`, '--reporter=./reporter/conformance-reporter.ts,blob'], { PLAYWRIGHT_BLOB_OUTPUT_DIR: info.outputPath(`blob-${i}`) })),
  ]);
  for (const r of runs) expect(r.code, r.stdout + r.stderr).toBe(0);

  // As CI does: every shard's blob report in one directory, then merge-reports on another machine
  // (no target, no key, no emulator URL in its environment).
  const blobs = info.outputPath('all-blobs');
  mkdirSync(blobs, { recursive: true });
  for (const i of [1, 2]) for (const f of readdirSync(info.outputPath(`blob-${i}`))) copyFileSync(join(info.outputPath(`blob-${i}`), f), join(blobs, f));
  expect(readdirSync(blobs)).toHaveLength(2);
  const merge = await run([PLAYWRIGHT, 'merge-reports', '--reporter=./reporter/conformance-reporter.ts', blobs], cleanEnv({ CONFORMANCE_REPORT_DIR: info.outputPath('merged') }));
  expect(merge.code, merge.stdout + merge.stderr).toBe(0);

  const read = (name: string) => JSON.parse(readFileSync(join(info.outputPath(name), 'conformance.json'), 'utf8')) as ConformanceReport;
  const single = read('single');
  const merged = read('merged');
  const shards = [read('shard-1'), read('shard-2')];

  // Each shard alone covers only part of it; together they cover what the single run covers.
  for (const shard of shards) expect(shard.run!.tests).toBeLessThan(single.run!.tests);
  expect(shards[0]!.run!.tests + shards[1]!.run!.tests).toBe(single.run!.tests);
  expect(single.target).toEqual({ url, projectId: 'P2FI************', profile: 'emulator-default' });
  expect(single.requirements.find((r) => r.id === 'ERROR-WRONG-CODE')).toMatchObject({ verdict: 'OBSERVED', observed: { errorCode: 'E061102', status: 401 } });

  const a = comparable(single);
  const b = comparable(merged);
  for (const [i, req] of a.requirements.entries()) expect(b.requirements[i], req.id).toEqual(req);
  expect(b).toEqual(a);
  // The merged run started when the first shard did.
  expect(Date.parse(merged.startedAt)).toBe(Math.min(...shards.map((s) => Date.parse(s.startedAt))));
});
