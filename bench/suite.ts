// Suite cost: wall time of `npm run conformance` against the embedded emulator, as a user runs it
// (target ≤ 8 s); of the whole conformance project under Playwright with 1 and 2 workers; and of one
// test (`-g`), which is the fixed start-up cost (Playwright, the emulator as webServer, global
// set-up, reporters). Per-test cost = (whole − one) / (tests − 1). Every report goes to a temporary
// directory, so runs beside others' runs in this checkout never touch their test-results/ or reports.
// Beside the wall time, the CPU time of the whole run (every process: npm, the wrapper, Playwright's
// runner and workers, the emulator), divided by the cores: a floor under the wall time that no
// reordering or overlapping of the run's processes can go below on this machine. And the emulator's
// own start, which every run waits for: bundled (lib/run-bundled.mjs, as the webServer and npx
// start it) against the same CLI through tsx's loader, interleaved.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { paths } from '../lib/paths.ts';
import { median, QUICK, ROOT, RUNS, type Row, type SectionResult } from './lib.ts';

/** Whole-suite runs take tens of seconds each: at most 2 of each unless BENCH_SUITE_RUNS says. */
const SUITE_RUNS = Number(process.env.BENCH_SUITE_RUNS ?? Math.min(RUNS, 2));

const ONE_TEST = 'answers 200 with a masked phone';

interface SuiteRun {
  seconds: number;
  /** User + system CPU seconds of every process of the run (POSIX `times`: each waited-for descendant). */
  cpuSeconds: number;
  tests: number;
  passed: number;
  failed: number;
  skipped: number;
  didNotRun: number;
  exitCode: number | null;
}

function count(output: string, what: string): number {
  return Number(new RegExp(`(\\d+) ${what}`).exec(output)?.[1] ?? 0);
}

/** The children's line of `times` ("0m14.230s 0m2.110s": user, then system), in seconds. */
export function childrenCpuSeconds(times: string): number {
  const children = times.trim().split('\n')[1] ?? '';
  const parts = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map(([, minutes, seconds]) => Number(minutes) * 60 + Number(seconds));
  return parts.length === 2 ? parts[0]! + parts[1]! : NaN;
}

async function runSuite(extra: string[]): Promise<SuiteRun> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-suite-'));
  const started = performance.now();
  // `npm run conformance` is the user's command; the other kinds call Playwright directly.
  const [command, args] = extra[0] === 'npm-run-conformance'
    ? ['npm', ['run', '-s', 'conformance']]
    : ['npx', ['playwright', 'test', '--project=conformance', `--output=${join(dir, 'results')}`, ...extra]];
  try {
    // Through sh, whose `times` adds up the CPU of every process the run waited for, written to fd 3.
    // In a process group of its own, so that a timeout or a Ctrl-C stops the whole run, not the sh.
    const child = spawn('sh', ['-c', '"$@"; code=$?; times >&3; exit $code', 'sh', command, ...args], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      env: {
        ...process.env,
        CONFORMANCE_HERMETIC: '1',
        FORCE_COLOR: '0',
        PLAYWRIGHT_HTML_OUTPUT_DIR: join(dir, 'html'),
        PLAYWRIGHT_HTML_OPEN: 'never',
        PLAYWRIGHT_JUNIT_OUTPUT_FILE: join(dir, 'junit.xml'),
        CONFORMANCE_REPORT_DIR: join(dir, 'conformance'),
      },
    });
    let output = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    let times = '';
    (child.stdio[3] as NodeJS.ReadableStream).setEncoding('utf8').on('data', (chunk: string) => (times += chunk));
    // SIGINT, as a Ctrl-C would: Playwright then stops its workers and its webServer in order (the
    // emulator, in a process group of its own, also goes by itself once Playwright is gone:
    // --exit-with-parent); SIGKILL if the run still hangs 10 s later.
    const signalRun = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
    };
    const stopRun = () => {
      signalRun('SIGINT');
      setTimeout(() => signalRun('SIGKILL'), 10_000).unref();
    };
    const onInterrupt = () => {
      stopRun();
      process.exit(130);
    };
    process.once('SIGINT', onInterrupt);
    const killer = setTimeout(stopRun, 180_000);
    const exitCode = await new Promise<number | null>((resolve) => child.once('close', resolve));
    clearTimeout(killer);
    process.off('SIGINT', onInterrupt);
    const seconds = (performance.now() - started) / 1000;
    const tests = Number(/Running (\d+) tests?/.exec(output)?.[1] ?? 0);
    if (!tests) throw new Error(`no tests ran (exit ${exitCode}): ${output.slice(-600)}`);
    return {
      seconds, cpuSeconds: childrenCpuSeconds(times), tests, exitCode,
      passed: count(output, 'passed'), failed: count(output, 'failed'), skipped: count(output, 'skipped'), didNotRun: count(output, 'did not run'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Milliseconds from spawning the emulator CLI to its `listening on` line; then it is stopped. */
async function emulatorStartMs(nodeArgs: string[]): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, 'emulator/cli.ts', '--port', '0', '--quiet', '--no-env-file', '--exit-with-parent'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'ignore'] });
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  try {
    return await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        if (out.includes('listening on')) resolve(performance.now() - started);
      });
      child.once('close', (code) => reject(new Error(`the emulator exited ${code} before listening`)));
      setTimeout(() => reject(new Error('the emulator did not listen within 30 s')), 30_000).unref();
    });
  } finally {
    child.kill('SIGTERM');
    await closed;
  }
}

export type SuiteResult = SectionResult<{ runs: Record<string, SuiteRun[]>; emulatorStartMs: { bundled: number[]; tsx: number[] } }>;

export async function runSuiteCost(log: (line: string) => void): Promise<SuiteResult> {
  const problems: string[] = [];
  const raw: Record<string, SuiteRun[]> = { conformance: [], one: [], workers1: [], workers2: [] };
  const starts = { bundled: [] as number[], tsx: [] as number[] };
  // Interleaved, so that a busy neighbour slows both ways alike; the first bundled start may build.
  await emulatorStartMs([paths.runBundled]);
  for (let run = 0; run < (QUICK ? 5 : 10); run++) {
    starts.tsx.push(await emulatorStartMs(['--import', 'tsx']));
    starts.bundled.push(await emulatorStartMs([paths.runBundled]));
  }
  log(`  emulator start: bundled ${median(starts.bundled).toFixed(0)} ms, through tsx ${median(starts.tsx).toFixed(0)} ms (medians of ${starts.tsx.length})`);
  // In quick mode: one run of each, and no 1-worker run.
  const kinds: [keyof typeof raw, string[], number][] = [
    ['conformance', ['npm-run-conformance'], Math.max(RUNS, 3)],
    ['one', ['--workers=1', '-g', ONE_TEST], RUNS],
    ['workers2', ['--workers=2'], SUITE_RUNS],
    ...(QUICK ? [] : [['workers1', ['--workers=1'], SUITE_RUNS]] as [keyof typeof raw, string[], number][]),
  ];
  for (let run = 0; run < Math.max(...kinds.map(([, , runs]) => runs)); run++) {
    for (const [kind, args, runs] of kinds) {
      if (run >= runs) continue;
      const result = await runSuite(args);
      raw[kind]!.push(result);
      log(`  ${kind}: ${result.seconds.toFixed(1)} s (CPU ${result.cpuSeconds.toFixed(1)} s), ${result.tests} tests (${result.passed} passed, ${result.failed} failed, ` +
        `${result.skipped} skipped, ${result.didNotRun} did not run)`);
    }
  }
  const secs = (kind: string) => median(raw[kind]!.map((r) => r.seconds));
  const tests = (kind: string) => raw[kind]![0]?.tests ?? NaN;
  const one = secs('one');
  const cpu = median(raw.conformance!.map((r) => r.cpuSeconds));
  const cores = availableParallelism();
  const perTest = (kind: string) => ((secs(kind) - one) / (tests(kind) - 1)) * 1000;
  for (const kind of ['conformance', 'workers1', 'workers2']) {
    const failed = raw[kind]!.filter((r) => r.failed > 0);
    if (failed.length) problems.push(`suite (${kind}): ${failed[0]!.failed} failed, ${failed[0]!.didNotRun} did not run (the suite's own state, not the bench's)`);
  }
  const rows: Row[] = [
    {
      section: 'suite', figure: `npm run conformance (${tests('conformance')} tests, embedded emulator)`, value: secs('conformance'), unit: 's',
      baseline: { name: 'one test', value: one, unit: 's' }, target: '≤ 8 s', met: secs('conformance') <= 8,
      runs: raw.conformance!.map((r) => r.seconds),
    },
    {
      section: 'suite', figure: 'npm run conformance: CPU time of all its processes', value: cpu, unit: 's',
      runs: raw.conformance!.map((r) => r.cpuSeconds),
      note: `${(cpu / cores).toFixed(1)} s of wall time on ${cores} cores even if every core were busy throughout`,
    },
    { section: 'suite', figure: 'one test (-g): fixed start-up cost', value: one, unit: 's', runs: raw.one!.map((r) => r.seconds) },
    {
      section: 'suite', figure: 'emulator start to listening, bundled (lib/run-bundled.mjs)', value: median(starts.bundled), unit: 'ms',
      baseline: { name: "through tsx's loader", value: median(starts.tsx), unit: 'ms' }, ratio: median(starts.bundled) / median(starts.tsx),
      runs: starts.bundled,
    },
    ...(['workers1', 'workers2'] as const).filter((kind) => raw[kind]!.length).map((kind): Row => ({
      section: 'suite', figure: `whole suite, ${kind === 'workers1' ? 1 : 2} worker${kind === 'workers1' ? '' : 's'} (${tests(kind)} tests)`,
      value: secs(kind), unit: 's', baseline: { name: 'one test', value: one, unit: 's' },
      runs: raw[kind]!.map((r) => r.seconds), note: `per test ${perTest(kind).toFixed(0)} ms after start-up`,
    })),
  ];
  if (raw.workers1!.length && raw.workers2!.length) {
    rows.push({
      section: 'suite', figure: 'per-test cost, 2 workers', value: perTest('workers2'), unit: 'ms',
      baseline: { name: '1 worker', value: perTest('workers1'), unit: 'ms' }, ratio: perTest('workers2') / perTest('workers1'),
      note: perTest('workers2') < perTest('workers1') ? 'the second worker pays off' : 'the second worker does not pay off on this machine now',
    });
  }
  return { rows, problems, raw: { runs: raw, emulatorStartMs: starts } };
}
