// `npm run bench`: every benchmark in turn, a table of medians with the baseline measured in the
// same run beside each figure, and bench/results.json. Exits 0 when it ran: a missed target is
// printed, not an exit code. BENCH_QUICK=1 is a smoke run (about a minute); BENCH_RUNS=N repeats
// each figure N times (default 3; whole-suite runs at most 2 unless BENCH_SUITE_RUNS=N);
// BENCH_ONLY=throughput,memory,robustness,suite,mutation picks sections.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { machine, QUICK, ROOT, table, type Row } from './lib.ts';
import { runMemory } from './memory.ts';
import { runMutationCost } from './mutation.ts';
import { runRobustness } from './robustness.ts';
import { runSuiteCost } from './suite.ts';
import { runThroughput } from './throughput.ts';

export const USAGE = `usage: npm run bench [-- --help]

Every benchmark in turn (sign-in throughput against bare node:http and a fastify hello-world
measured in the same run, verify against jose's RS256 signing, p99 latency, memory over 200,000
sign-ins, 30 s of mixed traffic, the suite's own cost: npm run conformance, and npm run mutation),
then a table of medians, each beside its same-run baseline and target, and bench/results.json.
Takes about 7 minutes (the mutation run is skipped under BENCH_QUICK=1).

Environment:
  BENCH_QUICK=1         a smoke run of about a minute (1 run per figure, shorter loads)
  BENCH_RUNS=N          runs per figure (default 3; the table shows their median)
  BENCH_SUITE_RUNS=N    whole-suite runs (default at most 2)
  BENCH_ONLY=a,b        only these sections: throughput, memory, robustness, suite, mutation

Exit codes: 0 it ran (a missed target is printed, not an exit code); 1 it could not run;
2 an unknown option.`;

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
if (argv.length > 0) {
  console.error(`bench: unknown option ${argv[0]}\n\n${USAGE}`);
  process.exit(2);
}

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
  ['mutation', runMutationCost],
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
    if (!only && QUICK && name === 'mutation') continue;
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
