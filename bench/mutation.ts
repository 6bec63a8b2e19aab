// Mutation run cost: the wall time of `npm run mutation` (every infidelity fault, one emulator, one
// project per fault) as a user runs it, target ≤ 120 s, and whether every fault was still killed:
// a faster run that kills fewer faults is no gain. Its report goes to a temporary directory.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, type Row, type SectionResult } from './lib.ts';

interface MutationRun {
  seconds: number;
  killed: number;
  faults: number;
  exitCode: number | null;
}

async function runMutation(): Promise<MutationRun> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-mutation-'));
  const started = performance.now();
  try {
    const child = spawn('npm', ['run', '-s', 'mutation'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0', MUTATION_REPORT_DIR: dir },
    });
    let output = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    const seconds = (performance.now() - started) / 1000;
    const summary = /(\d+) of (\d+) faults killed/.exec(output);
    if (!summary) throw new Error(`no kill summary (exit ${exitCode}): ${output.slice(-600)}`);
    return { seconds, killed: Number(summary[1]), faults: Number(summary[2]), exitCode };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runMutationCost(log: (line: string) => void): Promise<SectionResult<{ runs: MutationRun[] }>> {
  const run = await runMutation();
  log(`  npm run mutation: ${run.seconds.toFixed(1)} s, ${run.killed} of ${run.faults} faults killed (exit ${run.exitCode})`);
  const problems = run.killed === run.faults ? [] : [`mutation: only ${run.killed} of ${run.faults} faults killed`];
  const rows: Row[] = [{
    section: 'mutation', figure: `npm run mutation (${run.faults} faults)`, value: run.seconds, unit: 's',
    target: '≤ 120 s, every fault killed', met: run.seconds <= 120 && run.killed === run.faults, runs: [run.seconds],
    note: `${run.killed} of ${run.faults} killed; one run (each takes a minute or more)`,
  }];
  return { rows, problems, raw: { runs: [run] } };
}
