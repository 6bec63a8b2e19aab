// `npm run bench`: every benchmark in turn, a table of medians with the baseline measured in the
// same run beside each figure, and bench/results.json. Exits 0 when it ran: a missed target is
// printed, not an exit code. BENCH_QUICK=1 is a smoke run (about a minute); BENCH_RUNS=N repeats
// each figure N times (default 3; whole-suite runs at most 2 unless BENCH_SUITE_RUNS=N);
// BENCH_ONLY=throughput,memory,robustness,suite picks sections.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { machine, ROOT, table, type Row } from './lib.ts';
import { runMemory } from './memory.ts';
import { runRobustness } from './robustness.ts';
import { runSuiteCost } from './suite.ts';
import { runThroughput } from './throughput.ts';

interface Section {
  rows: Row[];
  problems: string[];
  raw: unknown;
}

const SECTIONS: [string, (log: (line: string) => void) => Promise<Section>][] = [
  ['throughput', runThroughput],
  ['memory', runMemory],
  ['robustness', runRobustness],
  ['suite', runSuiteCost],
];

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
  const started = Date.now();
  const host = machine();
  const log = (line: string) => process.stdout.write(`${line}\n`);
  log(`bench: ${host.cores} cores (${host.cpu}), Node ${host.node}, load average at start ${host.loadAverageAtStart.join(' ')}` +
    `${host.quick ? ', QUICK' : ''}, ${host.runs} run(s) per figure`);

  const rows: Row[] = [];
  const problems: string[] = [];
  const raw: Record<string, unknown> = {};
  const seconds: Record<string, number> = {};
  for (const [name, run] of SECTIONS) {
    if (only && !only.includes(name)) continue;
    log(`\n== ${name} (load average ${loadavg().map((n) => n.toFixed(2)).join(' ')})`);
    const t0 = Date.now();
    try {
      const section = await run(log);
      rows.push(...section.rows);
      problems.push(...section.problems);
      raw[name] = section.raw;
    } catch (error) {
      problems.push(`${name}: did not complete: ${(error as Error).stack ?? String(error)}`);
    }
    seconds[name] = (Date.now() - t0) / 1000;
  }

  log(`\n${table(rows)}`);
  for (const row of rows.filter((r) => r.note)) log(`  · ${row.section}: ${row.figure}: ${row.note}`);
  const missed = rows.filter((row) => row.met === false);
  log(`\ntargets: ${rows.filter((row) => row.met === true).length} met, ${missed.length} missed${missed.length ? ` (${missed.map((r) => r.figure).join('; ')})` : ''}`);
  if (problems.length) log(`problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  const loadAtEnd = loadavg().map((n) => Number(n.toFixed(2)));
  log(`load average at end ${loadAtEnd.join(' ')}; took ${((Date.now() - started) / 1000).toFixed(0)} s`);

  const file = join(ROOT, 'bench', 'results.json');
  writeFileSync(file, `${JSON.stringify({ startedAt: new Date(started).toISOString(), machine: { ...host, loadAverageAtEnd: loadAtEnd }, seconds, rows, problems, raw }, null, 2)}\n`);
  log(`wrote ${file}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
