// `npm run conformance [-- playwright args]`: runs the conformance projects, then decides the exit
// code from conformance.json rather than from Playwright's (which is 1 on any failing test):
// non-zero when a MUST requirement is FAILED, when no conformance test ran, or when the target cannot
// be reached; with CONFORMANCE_STRICT=1 also on any WARNING (a failed SHOULD, an OBSERVED value that
// contradicts the target's profile).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { redact } from '../fixtures/redact.ts';
import type { ConformanceReport } from './model.ts';
import { decideExit } from './verdicts.ts';

const root = resolve(import.meta.dirname, '..');
const reportDir = resolve(process.env.CONFORMANCE_REPORT_DIR || 'conformance-report');
const reportFile = join(reportDir, 'conformance.json');
const strict = process.env.CONFORMANCE_STRICT === '1';

// A stale report must never decide this run's exit code.
rmSync(reportFile, { force: true });

const cli = join(root, 'node_modules', '@playwright', 'test', 'cli.js');
const args = [cli, 'test', '--project=conformance', ...process.argv.slice(2)];
const run = spawnSync(process.execPath, args, { stdio: 'inherit', env: process.env });
if (run.error) {
  console.error(`conformance: could not start Playwright: ${run.error.message}`);
  process.exit(2);
}
if (run.signal) {
  console.error(`conformance: Playwright was stopped by ${run.signal}`);
  process.exit(1);
}

/** Whether a URL answers HTTP at all (any status); a network error means it cannot be reached. */
async function reachable(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(5_000) });
    return true;
  } catch {
    return false;
  }
}

if (!existsSync(reportFile)) {
  // Playwright stopped before the reporter could write: no test matched, the config or the global
  // set-up failed (it talks to a live target first), or the embedded emulator did not start.
  if (process.env.CONFORMANCE_HERMETIC !== '1' && process.env.CONFORMANCE_DOTENV !== '0') loadDotenv({ quiet: true });
  const live = process.env.CONFORMANCE_HERMETIC === '1' ? undefined : process.env.DESCOPE_BASE_URL;
  if (live && !(await reachable(live))) console.log(`conformance: the target ${redact(live)} cannot be reached`);
  console.log(`conformance: no conformance test ran (no report at ${reportFile}; Playwright exited ${run.status})`);
  console.log('conformance: 0 passed, 0 failed');
  process.exit(run.status || 1);
}

const report = JSON.parse(readFileSync(reportFile, 'utf8')) as ConformanceReport;
const passed = report.requirements.filter((r) => r.verdict === 'PASSED' || r.verdict === 'OBSERVED').length;
const failed = report.requirements.filter((r) => r.verdict === 'FAILED').length;
const decision = decideExit(report, strict);
const unreachable = report.run?.targetReachable === false;

for (const reason of decision.reasons) console.log(`conformance: ${reason}`);
if (unreachable) console.log(`conformance: the target ${report.target.url ?? ''} cannot be reached`);
if (decision.code === 0 && !unreachable && run.status !== 0) {
  console.log(`conformance: Playwright exited ${run.status}, but no MUST requirement failed${strict ? '' : ' (failed SHOULD and OBSERVED checks only warn; CONFORMANCE_STRICT=1 makes them fail the run)'}`);
}
const s = report.summary;
console.log(`conformance: ${s.WARNING} warning, ${s.SKIPPED} skipped, ${s.NOT_COVERED} not covered; report: ${join(reportDir, 'index.html')}`);
console.log(`conformance: what this target answered for the values the sources leave open: ${join(reportDir, 'observed-profile.json')} (use it as CONFORMANCE_PROFILE to hold the target to it)`);
if (report.run?.requests !== undefined) console.log(`conformance: ${report.run.requests} requests sent to the target`);
console.log(`conformance: ${passed} passed, ${failed} failed`);
process.exit(decision.code === 1 || unreachable ? 1 : 0);
