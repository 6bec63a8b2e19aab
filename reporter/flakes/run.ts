// `npm run flakes -- [--runs N] [playwright args]`: runs the conformance suite N times against the
// same target as `npm run conformance` (DESCOPE_BASE_URL, or a fresh embedded emulator each run) and
// lists every requirement whose verdict or observed value changed between runs, with the evidence of
// each run. What a team runs before it trusts a new staging gate. Writes
// `<FLAKE_REPORT_DIR>/flakes.json` and `index.html` (default `flake-report/`).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { redact } from '../../fixtures/redact.ts';
import { paths } from '../../lib/paths.ts';
import { childEnv, runPlaywright } from '../../lib/process.ts';
import type { ConformanceReport } from '../model.ts';
import { compareRuns, type FlakeResult } from './compare.ts';
import { renderFlakesHtml } from './html.ts';

export const USAGE = `usage: npm run flakes -- [--runs N] [--out DIR] [playwright args]

Runs the conformance suite N times (default 5) against the target \`npm run conformance\` would use
(DESCOPE_BASE_URL, or the embedded emulator, started afresh for each run) and lists every
requirement whose verdict or observed value changed between runs, with each run's evidence.

Options:
  --runs N     how many runs (2 to 50; default 5)
  --out DIR    where the report goes (default $FLAKE_REPORT_DIR or flake-report/)
  --help       this text
Anything else goes to \`playwright test\` (e.g. --grep @SIGNIN-INVALIDATES-EARLIER-CODES, --workers=1).

Environment: as \`npm run conformance\` (DESCOPE_BASE_URL, DESCOPE_PROJECT_ID, DESCOPE_MANAGEMENT_KEY,
CONFORMANCE_PROFILE, .env), plus FLAKE_REPORT_DIR.

Exit codes: 0 no requirement changed between runs; 1 some did, or a run judged nothing (no report,
a configuration error); 2 bad arguments.`;

export interface FlakeReport extends FlakeResult {
  startedAt: string;
  wallSeconds: number;
  target: string;
  playwrightArgs: string[];
  /** Runs that produced no conformance report, with why. */
  broken: { run: number; why: string }[];
}

export class UsageError extends Error {}

export function parseFlakeArgs(argv: string[]): { runs: number; outDir: string; playwrightArgs: string[]; help: boolean } {
  let runs = 5;
  let outDir = process.env.FLAKE_REPORT_DIR || 'flake-report';
  const playwrightArgs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { runs, outDir, playwrightArgs, help: true };
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--runs' || flag === '--out') {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`${flag} needs a value`);
      if (flag === '--out') outDir = value;
      else if (!/^\d+$/.test(value) || Number(value) < 2 || Number(value) > 50) throw new UsageError(`--runs must be a whole number from 2 to 50, was "${value}"`);
      else runs = Number(value);
    } else {
      playwrightArgs.push(arg);
    }
  }
  return { runs, outDir: resolve(outDir), playwrightArgs, help: false };
}

export async function runFlakeCheck(runs: number, outDir: string, playwrightArgs: string[], say = (line: string) => process.stderr.write(`flakes: ${line}\n`)): Promise<FlakeReport> {
  const started = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'flakes-'));
  const reports: ConformanceReport[] = [];
  const broken: FlakeReport['broken'] = [];
  try {
    for (let run = 1; run <= runs; run++) {
      const dir = join(work, `run-${run}`);
      const runStarted = Date.now();
      const child = await runPlaywright(
        ['--project=conformance', `--output=${join(dir, 'test-results')}`, `--reporter=dot,${join(paths.root, 'reporter', 'conformance-reporter.ts')}`, ...playwrightArgs],
        { env: childEnv({ CONFORMANCE_REPORT_DIR: dir }, { keepTarget: true }), keepLast: 4000 },
      );
      const file = join(dir, 'conformance.json');
      const unknown = /^error: unknown option '([^']+)'/m.exec(child.stderr)?.[1];
      if (unknown) throw new UsageError(`unknown option ${unknown}`);
      if (!existsSync(file)) {
        const why = `no conformance report (Playwright exited ${child.code}): ${redact(child.stderr.trim().split('\n').at(-1) ?? '')}`;
        broken.push({ run, why });
        say(`run ${run}/${runs}: ${why}`);
        continue;
      }
      const report = JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport;
      // A run that judged nothing (a configuration error, no test matched) is no evidence of stability.
      const judgedNothing = report.run?.configurationError ? `configuration error: ${redact(report.run.configurationError)}` : report.run?.tests === 0 ? 'no test ran' : '';
      if (judgedNothing) {
        broken.push({ run, why: judgedNothing });
        say(`run ${run}/${runs}: ${judgedNothing}`);
        continue;
      }
      reports.push(report);
      const s = report.summary;
      say(`run ${run}/${runs}: ${s.PASSED + s.OBSERVED} passed, ${s.FAILED} failed, ${s.WARNING} warning (${((Date.now() - runStarted) / 1000).toFixed(1)} s)`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const result = compareRuns(reports);
  const report: FlakeReport = {
    ...result,
    startedAt: new Date(started).toISOString(),
    wallSeconds: (Date.now() - started) / 1000,
    target: reports[0]?.target.url ?? 'unknown',
    playwrightArgs,
    broken,
  };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'flakes.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(outDir, 'index.html'), renderFlakesHtml(report));
  return report;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  let parsed: ReturnType<typeof parseFlakeArgs>;
  try {
    parsed = parseFlakeArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`flakes: ${error.message}\n${USAGE}`);
    process.exit(2);
  }
  if (parsed.help) {
    console.log(USAGE);
    process.exit(0);
  }
  // The same target selection as `npm run conformance`: the environment, then .env.
  if (process.env.CONFORMANCE_DOTENV !== '0') loadDotenv({ quiet: true });
  const report = await runFlakeCheck(parsed.runs, parsed.outDir, parsed.playwrightArgs).catch((error: Error) => {
    if (!(error instanceof UsageError)) throw error;
    console.error(`flakes: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  });
  for (const r of report.requirements.filter((x) => x.changed)) {
    const sides = r.runs.map((run) => `${run.verdict}${run.observed === undefined ? '' : ` ${redact(JSON.stringify(run.observed))}`}`).join(' | ');
    console.log(`flakes: CHANGED ${r.id} (${r.what.join(', ')}): ${sides}`);
  }
  console.log(`flakes: ${report.changed} of ${report.requirements.length} requirements changed between ${report.runs} runs${report.broken.length ? `; ${report.broken.length} run(s) judged nothing (no report, a configuration error or no test)` : ''}; report: ${join(parsed.outDir, 'index.html')}`);
  process.exit(report.changed > 0 || report.broken.length > 0 ? 1 : 0);
}
