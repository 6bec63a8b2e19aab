// `npm run conformance [-- playwright args]`: runs the conformance project, then decides the exit
// code from conformance.json rather than from Playwright's (which is 1 on any failing test).
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { redact } from '../fixtures/redact.ts';
import { runPlaywright } from '../lib/process.ts';
import type { ConformanceReport } from './model.ts';
import { decideExit } from './verdicts.ts';

export const USAGE = `usage: npm run conformance [-- playwright args]

Runs the conformance suite against DESCOPE_BASE_URL, or, when it is unset, against an emulator it
starts on a free loopback port. Writes conformance-report/ (index.html, conformance.json,
observed-profile.json), Playwright's HTML report (playwright-report/) and JUnit
(test-results-junit/junit.xml).

Environment (or .env; CONFORMANCE_DOTENV=0 ignores .env):
  DESCOPE_BASE_URL        the target; unset: the embedded emulator
  DESCOPE_PROJECT_ID      the project (needed with DESCOPE_BASE_URL)
  DESCOPE_MANAGEMENT_KEY  a management key of that project (needed with DESCOPE_BASE_URL)
  CONFORMANCE_PROFILE     a profile file whose OBSERVED values the target is held to
  CONFORMANCE_SEED        replays a run's fake data (every run prints its seed)
  CONFORMANCE_STRICT=1    warnings fail the run too
  CONFORMANCE_REPORT_DIR  where the conformance report goes (default conformance-report/)

Exit codes:
  0  the target conforms: no MUST requirement failed (warnings too, with CONFORMANCE_STRICT=1)
  1  it does not: a MUST failed, or the target stopped answering during the run
  2  configuration or usage error: the preflight found a setting wrong (it names the variable),
     an unknown option, Playwright could not start, or no conformance test matched the
     arguments; nothing was judged

Any other argument goes to \`playwright test\`: --grep @REQUIREMENT-ID, --shard=1/2, --workers=N, …
(see \`npx playwright test --help\`).`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}

const reportDir = resolve(process.env.CONFORMANCE_REPORT_DIR || 'conformance-report');
const reportFile = join(reportDir, 'conformance.json');
const strict = process.env.CONFORMANCE_STRICT === '1';

// A stale report must never decide this run's exit code.
rmSync(reportFile, { force: true });

const run = await runPlaywright(['--project=conformance', ...args], { output: 'tee', keepLast: 20_000 }).catch((error: Error) => {
  console.error(`conformance: could not start Playwright: ${error.message}`);
  process.exit(2);
});
if (run.signal) {
  console.error(`conformance: Playwright was stopped by ${run.signal}`);
  process.exit(1);
}

if (!existsSync(reportFile)) {
  // Playwright stopped before the reporter wrote: an option it does not know, a config it could not
  // load, or no conformance test matched the arguments.
  const unknown = /^error: unknown option '([^']+)'/m.exec(run.stderr)?.[1];
  if (unknown) {
    console.error(`conformance: unknown option ${unknown}\n\n${USAGE}`);
    process.exit(2);
  }
  console.log(`conformance: no conformance test ran (no report at ${reportFile}; Playwright exited ${run.code})`);
  console.log('conformance: 0 passed, 0 failed');
  process.exit(run.code === 0 ? 1 : 2);
}

const report = JSON.parse(readFileSync(reportFile, 'utf8')) as ConformanceReport;
if (report.run?.configurationError) {
  console.log(`conformance: configuration error, nothing was run: ${redact(report.run.configurationError)}`);
  console.log(`conformance: report: ${join(reportDir, 'index.html')}`);
  process.exit(2);
}

const passed = report.requirements.filter((r) => r.verdict === 'PASSED' || r.verdict === 'OBSERVED').length;
const failed = report.requirements.filter((r) => r.verdict === 'FAILED').length;
const decision = decideExit(report, strict);
const unreachable = report.run?.targetReachable === false;

for (const reason of decision.reasons) console.log(`conformance: ${reason}`);
if (unreachable) console.log(`conformance: the target ${report.target.url ?? ''} cannot be reached`);
if (decision.code === 0 && !unreachable && run.code !== 0) {
  console.log(`conformance: Playwright exited ${run.code}, but no MUST requirement failed${strict ? '' : ' (failed SHOULD and OBSERVED checks only warn; CONFORMANCE_STRICT=1 makes them fail the run)'}`);
}
const s = report.summary;
console.log(`conformance: ${s.WARNING} warning, ${s.SKIPPED} skipped, ${s.NOT_COVERED} not covered; report: ${join(reportDir, 'index.html')}`);
if (existsSync(join(reportDir, 'observed-profile.json'))) {
  console.log(`conformance: what this target answered for the values the sources leave open: ${join(reportDir, 'observed-profile.json')} (use it as CONFORMANCE_PROFILE to hold the target to it)`);
}
if (report.run?.requests !== undefined) console.log(`conformance: ${report.run.requests} requests sent to the target`);
console.log(`conformance: ${passed} passed, ${failed} failed`);
process.exit(decision.code === 1 || unreachable ? 1 : 0);
