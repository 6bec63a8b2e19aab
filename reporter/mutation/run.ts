// `npm run mutation [-- --faults a,b] [-- playwright args]`: proves the conformance suite catches
// infidelity. Starts the emulator once without faults and once per infidelity fault, runs the suite
// against each (over HTTP, as against any live target), and writes mutation-report/index.html and
// mutation.json: fault → killed or survived, and by which requirement IDs. Exits non-zero when a
// fault survives or when the suite is red against the fault-free emulator.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FAULT_LIST, INFIDELITY_FAULTS } from '../../emulator/faults.ts';
import { spawnEmulator, type SpawnedEmulator } from '../../emulator/spawn.ts';
import type { ConformanceReport } from '../model.ts';
import { renderMutationHtml } from './html.ts';
import { baselineProblems, killingRequirements, type FaultOutcome } from './kills.ts';

const root = resolve(import.meta.dirname, '..', '..');
const PROJECT_ID = 'P2MUTATI0NRUNC0NF0RMANCE0001';
const MANAGEMENT_KEY = 'K2mutation-run-key-not-a-secret';
/** One suite run against one emulator; a run past this is stopped and the fault counts as survived. */
const RUN_TIMEOUT_MS = 5 * 60_000;

export interface MutationReport {
  startedAt: string;
  wallSeconds: number;
  playwrightArgs: string[];
  baseline: { seconds: number; problems: string[] };
  faults: FaultOutcome[];
}

/** The emulator CLI as a child process, with these faults on. */
function startEmulator(faults: string[]): Promise<SpawnedEmulator> {
  const args = ['--quiet', '--project-id', PROJECT_ID, '--management-key', MANAGEMENT_KEY];
  for (const fault of faults) args.push('--fault', fault);
  return spawnEmulator(args);
}

/** The suite against `url`; answers its conformance.json, or why there is none. */
async function runSuite(url: string, reportDir: string, playwrightArgs: string[]): Promise<ConformanceReport | { error: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, CONFORMANCE_DOTENV: '0', DESCOPE_BASE_URL: url, DESCOPE_PROJECT_ID: PROJECT_ID, DESCOPE_MANAGEMENT_KEY: MANAGEMENT_KEY, CONFORMANCE_REPORT_DIR: reportDir };
  // A run started from inside a test run must not inherit that run's identity or its hermetic mode.
  for (const name of Object.keys(env)) if (/^(TEST_|PW_|PLAYWRIGHT_)/.test(name) || name === 'CONFORMANCE_HERMETIC' || name === 'CONFORMANCE_PROFILE') delete env[name];
  const cli = join(root, 'node_modules', '@playwright', 'test', 'cli.js');
  const args = [
    cli, 'test', '--project=conformance',
    // Its own output directory: Playwright empties it at start, and the caller may be using test-results/.
    `--output=${join(reportDir, 'test-results')}`,
    '--reporter=dot,./reporter/conformance-reporter.ts',
    // A fault that breaks every exchange fails every test, and each failure restarts a worker: ten
    // failures name the fault well enough and keep such a run under a minute.
    ...(playwrightArgs.some((arg) => arg.startsWith('--max-failures') || arg === '-x') ? [] : ['--max-failures=10']),
    ...playwrightArgs,
  ];
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr = `${stderr}${chunk}`.slice(-2000)));
  const timer = setTimeout(() => child.kill('SIGTERM'), RUN_TIMEOUT_MS);
  await new Promise((done) => child.once('exit', done));
  clearTimeout(timer);
  const file = join(reportDir, 'conformance.json');
  if (!existsSync(file)) return { error: `no conformance report (Playwright exited ${child.exitCode}): ${stderr.trim().split('\n').at(-1) ?? ''}` };
  return JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport;
}

async function runAgainst(faults: string[], reportDir: string, playwrightArgs: string[]) {
  const started = Date.now();
  const emulator = await startEmulator(faults);
  try {
    const report = await runSuite(emulator.url, reportDir, playwrightArgs);
    return { report, seconds: (Date.now() - started) / 1000 };
  } finally {
    await emulator.stop();
  }
}

export const USAGE = `usage: npm run mutation [-- --faults a,b] [--out DIR] [playwright args]

Proves the conformance suite catches infidelity: runs it against the emulator once without faults
and once per infidelity fault (emulator/faults.ts), and reports which requirements caught each
fault. Writes mutation-report/index.html and mutation.json.

Options:
  --faults a,b   only these infidelity faults (default: all)
  --out DIR      where the report goes (default $MUTATION_REPORT_DIR or mutation-report/)
  --help         this text
Anything else goes to \`playwright test\` (e.g. --grep, --workers=N).

Exit codes: 0 every fault was caught and the fault-free run is green; 1 a fault survived, or the
suite is red without any fault; 2 bad arguments (an unknown fault or option).`;

export class UsageError extends Error {}

function parseArgs(argv: string[]): { faults: string[]; outDir: string; playwrightArgs: string[] } {
  const infidelity: string[] = [...INFIDELITY_FAULTS];
  let faults = infidelity;
  let outDir = process.env.MUTATION_REPORT_DIR || 'mutation-report';
  const playwrightArgs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--faults') faults = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (arg.startsWith('--faults=')) faults = arg.slice('--faults='.length).split(',').filter(Boolean);
    else if (arg === '--out') outDir = argv[++i] ?? outDir;
    else playwrightArgs.push(arg);
  }
  const unknown = faults.filter((name) => !infidelity.includes(name));
  if (unknown.length) throw new UsageError(`not infidelity faults: ${unknown.join(', ')} (outside-world faults are features, not mutants)`);
  return { faults, outDir: resolve(outDir), playwrightArgs };
}

export async function runMutation(argv: string[]): Promise<{ report: MutationReport; exitCode: number }> {
  const { faults, outDir, playwrightArgs } = parseArgs(argv);
  const started = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'mutation-'));
  const say = (line: string) => process.stderr.write(`mutation: ${line}\n`);
  try {
    say(`baseline: the suite against the fault-free emulator`);
    const baseline = await runAgainst([], join(work, 'baseline'), playwrightArgs);
    if ('error' in baseline.report) {
      // An option Playwright does not know is the caller's mistake, not the suite's.
      const unknown = /unknown option '([^']+)'/.exec(baseline.report.error)?.[1];
      if (unknown) throw new UsageError(`unknown option ${unknown}`);
      throw new Error(`the fault-free run produced no report: ${baseline.report.error}`);
    }
    const baseRequirements = baseline.report.requirements;
    const outcomes: FaultOutcome[] = [];
    for (const [index, name] of faults.entries()) {
      const run = await runAgainst([name], join(work, name), playwrightArgs);
      const description = FAULT_LIST.find((fault) => fault.name === name)!.description;
      const outcome: FaultOutcome = 'error' in run.report
        ? { name, description, killed: false, killedBy: [], error: run.report.error, seconds: run.seconds }
        : (() => {
            const killedBy = killingRequirements(baseRequirements, run.report.requirements);
            return { name, description, killed: killedBy.length > 0, killedBy, seconds: run.seconds };
          })();
      outcomes.push(outcome);
      say(`${index + 1}/${faults.length} ${name}: ${outcome.killed ? `killed by ${outcome.killedBy.join(', ')}` : `SURVIVED${outcome.error ? ` (${outcome.error})` : ''}`} (${run.seconds.toFixed(1)} s)`);
    }
    const report: MutationReport = {
      startedAt: new Date(started).toISOString(),
      wallSeconds: (Date.now() - started) / 1000,
      playwrightArgs,
      baseline: { seconds: baseline.seconds, problems: baselineProblems(baseRequirements) },
      faults: outcomes,
    };
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'mutation.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(outDir, 'index.html'), renderMutationHtml(report));
    const survived = outcomes.filter((o) => !o.killed);
    const exitCode = survived.length || report.baseline.problems.length ? 1 : 0;
    return { report, exitCode };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(USAGE);
    process.exit(0);
  }
  runMutation(process.argv.slice(2)).then(
    ({ report, exitCode }) => {
      const killed = report.faults.filter((f) => f.killed).length;
      for (const problem of report.baseline.problems) console.log(`mutation: baseline: ${problem}`);
      console.log(`mutation: ${killed} of ${report.faults.length} faults killed in ${report.wallSeconds.toFixed(0)} s; report: mutation-report/index.html`);
      console.log(`mutation: ${killed} passed, ${report.faults.length - killed} failed`);
      process.exit(exitCode);
    },
    (error: Error) => {
      console.error(`mutation: ${error.message}${error instanceof UsageError ? `\n\n${USAGE}` : ''}`);
      process.exit(error instanceof UsageError ? 2 : 1);
    },
  );
}
