// `npm run mutation`: proves the conformance suite catches infidelity. One emulator, one project in
// it per infidelity fault (each with that fault on) plus a fault-free baseline project, and one
// Playwright run over all of them at a time (mutation.config.ts): start-up is paid once. A fault is
// killed when its project has a requirement FAILED or WARNING that the baseline does not.
// Two phases keep it short without making it less strict:
//   1. the baseline runs whole; each fault runs every test of the requirements it declares, and
//      only those;
//   2. a fault that survived that runs the whole suite, stopping at its first failure
//      (fixtures/test.ts, stopOnceCaught): caught there, it was caught only by requirements it does
//      not declare, which the report flags (which of those it names first may vary between runs);
//      not caught there, it survived the whole suite.
// A fault killed in either phase is killed by a full run too, and one that survives both survives
// a full run: the kill table is the full run's. `--shard i/n` takes every n-th fault; `--merge`
// joins the shards' mutation.json files into one report.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FAULT_LIST, INFIDELITY_FAULTS, type FaultInfo } from '../../emulator/faults.ts';
import { spawnEmulator } from '../../emulator/spawn.ts';
import { paths } from '../../lib/paths.ts';
import { childEnv, runPlaywright } from '../../lib/process.ts';
import { catalogue } from '../../specs/catalogue.ts';
import type { RequirementResult } from '../model.ts';
import { renderMutationHtml } from './html.ts';
import { baselineProblems, faultOutcome, unbrokenRequirements } from './kills.ts';
import type { MutationPlan } from './mutation.config.ts';
import type { TargetProject } from '../../fixtures/test.ts';
import type { FaultOutcome, MutationReport } from './model.ts';

export const USAGE = `usage: npm run mutation [-- --faults a,b] [--shard i/n] [--out DIR] [playwright args]
       npm run mutation -- --merge DIR... [--out DIR]

Proves the conformance suite catches infidelity: runs it against one emulator project per
infidelity fault (emulator/faults.ts) and a fault-free one, all in one Playwright run, and reports
which requirements caught each fault, any fault caught only by requirements it does not declare,
and every requirement no fault breaks. Writes mutation-report/index.html and mutation.json.

Options:
  --faults a,b   only these infidelity faults (default: all)
  --shard i/n    only every n-th fault, starting with the i-th (CI spreads the faults over machines)
  --merge DIR…   join the mutation.json of shard runs (their report directories) into one report
  --out DIR      where the report goes (default $MUTATION_REPORT_DIR or mutation-report/)
  --help         this text
Anything else goes to \`playwright test\` (e.g. --grep, --workers=N).

Exit codes: 0 every fault was caught and the fault-free run is green; 1 a fault survived, or the
suite is red without any fault; 2 bad arguments (an unknown fault or option).`;

export class UsageError extends Error {}

const MAIN_PROJECT_ID = 'P2MUTATI0NRUNC0NF0RMANCE0001';
const MANAGEMENT_KEY = 'K2mutation-run-key-not-a-secret';
const BASELINE = 'baseline';
const CORS_ORIGIN = 'https://app.mutation.test';
/** The whole run; past this it is stopped and every fault without a verdict counts as survived. */
const RUN_TIMEOUT_MS = 15 * 60_000;

interface Options {
  faults: FaultInfo[];
  shard: { current: number; total: number } | null;
  merge: string[] | null;
  outDir: string;
  playwrightArgs: string[];
}

export function parseMutationArgs(argv: string[]): Options {
  let names: string[] = [...INFIDELITY_FAULTS];
  let shard: Options['shard'] = null;
  let merge: string[] | null = null;
  let outDir = process.env.MUTATION_REPORT_DIR || 'mutation-report';
  const playwrightArgs: string[] = [];
  const value = (i: number, flag: string) => {
    const next = argv[i];
    if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return next;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--faults') names = (inline ?? value(++i, flag)).split(',').filter(Boolean);
    else if (flag === '--out') outDir = inline ?? value(++i, flag);
    else if (flag === '--shard') {
      const match = /^(\d+)\/(\d+)$/.exec(inline ?? value(++i, flag));
      if (!match || Number(match[1]) < 1 || Number(match[1]) > Number(match[2])) throw new UsageError('--shard is i/n with 1 ≤ i ≤ n');
      shard = { current: Number(match[1]), total: Number(match[2]) };
    } else if (flag === '--merge') {
      merge = [];
      while (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) merge.push(argv[++i]!);
      if (merge.length === 0) throw new UsageError('--merge needs the report directories of the shard runs');
    } else playwrightArgs.push(arg);
  }
  const unknown = names.filter((name) => !(INFIDELITY_FAULTS as readonly string[]).includes(name));
  if (unknown.length) throw new UsageError(`not infidelity faults: ${unknown.join(', ')} (outside-world faults are features, not mutants)`);
  let faults = FAULT_LIST.filter((fault) => names.includes(fault.name));
  if (shard) faults = faults.filter((_, index) => index % shard!.total === shard!.current - 1);
  return { faults, shard, merge, outDir: resolve(outDir), playwrightArgs };
}

async function createProject(emulatorUrl: string, faults: string[]): Promise<TargetProject> {
  const answer = await fetch(`${emulatorUrl}/emulator/v1/projects`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ faults }) });
  if (!answer.ok) throw new Error(`the emulator refused to create a project with ${faults.join(', ') || 'no fault'}: HTTP ${answer.status} ${await answer.text()}`);
  return (await answer.json()) as { projectId: string; managementKey: string };
}

function writeReport(report: MutationReport, outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'mutation.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(outDir, 'index.html'), renderMutationHtml(report));
}

function exitCodeOf(report: MutationReport): number {
  return report.faults.some((fault) => !fault.killed) || report.baseline.problems.length ? 1 : 0;
}

export async function runMutation(argv: string[], say: (line: string) => void = (line) => process.stderr.write(`mutation: ${line}\n`)): Promise<{ report: MutationReport; exitCode: number }> {
  const options = parseMutationArgs(argv);
  if (options.merge) return mergeReports(options.merge, options.outDir);
  const started = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'mutation-'));
  // One allowed browser origin, so the CORS checks run (as against the embedded emulator).
  const emulator = await spawnEmulator(['--quiet', '--project-id', MAIN_PROJECT_ID, '--management-key', MANAGEMENT_KEY, '--cors-origins', CORS_ORIGIN]);
  try {
    const targets = new Map<string, TargetProject>([[BASELINE, await createProject(emulator.url, [])]]);
    for (const fault of options.faults) targets.set(fault.name, await createProject(emulator.url, [fault.name]));
    /** One Playwright run over these plan entries; the verdicts of each Playwright project. */
    const runPhase = async (phase: string, projects: MutationPlan['projects']) => {
      const plan: MutationPlan = { resultsDir: join(work, phase, 'results'), markersDir: join(work, phase, 'markers'), projects };
      mkdirSync(plan.markersDir, { recursive: true });
      writeFileSync(join(work, phase, 'plan.json'), JSON.stringify(plan));
      const run = await runPlaywright(['--config', join(paths.root, 'reporter', 'mutation', 'mutation.config.ts'), `--output=${join(work, phase, 'test-results')}`, ...options.playwrightArgs], {
        env: childEnv({ MUTATION_PLAN: join(work, phase, 'plan.json'), DESCOPE_BASE_URL: emulator.url, DESCOPE_PROJECT_ID: MAIN_PROJECT_ID, DESCOPE_MANAGEMENT_KEY: MANAGEMENT_KEY, CONFORMANCE_CORS_ORIGIN: CORS_ORIGIN }),
        timeoutMs: RUN_TIMEOUT_MS,
        keepLast: 4000,
      });
      const unknown = /^error: unknown option '([^']+)'/m.exec(run.stderr)?.[1];
      if (unknown) throw new UsageError(`unknown option ${unknown}`);
      const verdicts = new Map<string, RequirementResult[]>();
      for (const { name } of projects) {
        const file = join(plan.resultsDir, `${encodeURIComponent(name)}.json`);
        if (existsSync(file)) verdicts.set(name, (JSON.parse(readFileSync(file, 'utf8')) as { requirements: RequirementResult[] }).requirements);
      }
      return { verdicts, why: `Playwright exited ${run.code}${run.timedOut ? ', timed out' : ''}: ${run.stderr.trim().split('\n').at(-1) ?? ''}` };
    };

    say(`phase 1: the baseline whole, and ${options.faults.length} faults${options.shard ? ` (shard ${options.shard.current}/${options.shard.total})` : ''} each through the requirements it declares`);
    const first = await runPhase('declared', [
      { name: BASELINE, target: targets.get(BASELINE)! },
      // Every test of what it declares, with no early stop: the same requirements catch it whichever
      // test runs first, so one run and merged shards give the same kill table. Each is expected to
      // fail, so that a failure does not cost a new Playwright worker.
      ...options.faults.map((fault) => ({ name: fault.name, target: targets.get(fault.name)!, only: [...fault.breaks], expectFailure: true })),
    ]);
    const baseline = first.verdicts.get(BASELINE);
    if (!baseline) throw new Error(`the fault-free run produced no verdicts (${first.why})`);
    const outcomes = new Map(options.faults.map((fault) => [fault.name, faultOutcome(fault, baseline, first.verdicts.get(fault.name) ?? [])]));

    const survivors = options.faults.filter((fault) => !outcomes.get(fault.name)!.killed);
    if (survivors.length) {
      say(`phase 2: ${survivors.length} faults not caught by what they declare, through the whole suite: ${survivors.map((f) => f.name).join(', ')}`);
      const second = await runPhase('whole', survivors.map((fault) => ({ name: fault.name, target: targets.get(fault.name)!, stopOnceCaught: [...fault.breaks] })));
      for (const fault of survivors) {
        const faulty = second.verdicts.get(fault.name);
        outcomes.set(fault.name, faulty ? faultOutcome(fault, baseline, faulty) : { ...faultOutcome(fault, baseline, []), error: `no verdicts (${second.why})` });
      }
    }
    const faults: FaultOutcome[] = options.faults.map((fault) => outcomes.get(fault.name)!);
    for (const [index, fault] of faults.entries()) {
      say(`${index + 1}/${faults.length} ${fault.name}: ${fault.killed ? `killed by ${fault.killedBy.join(', ')}${fault.killedOnlyByUnrelated ? ` (NOT by what it declares: ${fault.breaks.join(', ')})` : ''}` : `SURVIVED${fault.error ? ` (${fault.error})` : ''}`}`);
    }
    const report: MutationReport = {
      startedAt: new Date(started).toISOString(),
      wallSeconds: (Date.now() - started) / 1000,
      playwrightArgs: options.playwrightArgs,
      shards: options.shard ? [options.shard] : null,
      baseline: { problems: baselineProblems(baseline) },
      faults,
      requirementsNoFaultBreaks: unbrokenRequirements(catalogue.requirements.map((r) => r.id), FAULT_LIST),
    };
    writeReport(report, options.outDir);
    return { report, exitCode: exitCodeOf(report) };
  } finally {
    await emulator.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/** The shards' reports as one: every fault once, the baseline problems of any shard. */
function mergeReports(dirs: string[], outDir: string): { report: MutationReport; exitCode: number } {
  const reports = dirs.map((dir) => {
    const file = existsSync(join(dir, 'mutation.json')) ? join(dir, 'mutation.json') : dir;
    if (!existsSync(file)) throw new UsageError(`no mutation report at ${dir}`);
    return JSON.parse(readFileSync(file, 'utf8')) as MutationReport;
  });
  const faults = new Map<string, FaultOutcome>();
  for (const report of reports) for (const fault of report.faults) faults.set(fault.name, fault);
  const order = FAULT_LIST.map((fault) => fault.name as string);
  const report: MutationReport = {
    startedAt: reports.map((r) => r.startedAt).sort()[0] ?? new Date().toISOString(),
    wallSeconds: Math.max(...reports.map((r) => r.wallSeconds)),
    playwrightArgs: reports[0]?.playwrightArgs ?? [],
    shards: reports.flatMap((r) => r.shards ?? []),
    baseline: { problems: [...new Set(reports.flatMap((r) => r.baseline.problems))] },
    faults: [...faults.values()].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name)),
    requirementsNoFaultBreaks: reports[0]?.requirementsNoFaultBreaks ?? [],
  };
  writeReport(report, outDir);
  return { report, exitCode: exitCodeOf(report) };
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
      const unrelated = report.faults.filter((f) => f.killedOnlyByUnrelated);
      if (unrelated.length) console.log(`mutation: caught only by requirements they do not declare: ${unrelated.map((f) => f.name).join(', ')}`);
      if (report.requirementsNoFaultBreaks.length) console.log(`mutation: ${report.requirementsNoFaultBreaks.length} requirements no fault breaks: ${report.requirementsNoFaultBreaks.join(', ')}`);
      console.log(`mutation: ${killed} of ${report.faults.length} faults killed in ${report.wallSeconds.toFixed(0)} s; report: ${join(parseMutationArgs(process.argv.slice(2)).outDir, 'index.html')}`);
      console.log(`mutation: ${killed} passed, ${report.faults.length - killed} failed`);
      process.exit(exitCode);
    },
    (error: Error) => {
      console.error(`mutation: ${error.message}${error instanceof UsageError ? `\n\n${USAGE}` : ''}`);
      process.exit(error instanceof UsageError ? 2 : 1);
    },
  );
}
