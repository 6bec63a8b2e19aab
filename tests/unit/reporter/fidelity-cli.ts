// Shared by the fidelity specs: `npm run fidelity` as a child process, and reading what it wrote.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { childEnv, runScript, type ChildRun } from '../../../lib/process.ts';
import type { FidelityReport } from '../../../reporter/fidelity/html.ts';

/** `npm run fidelity -- <args>`, its report in `dir`. */
export function fidelity(args: string[], dir: string): Promise<ChildRun> {
  return runScript('reporter/fidelity/cli.ts', args, { env: childEnv({ FIDELITY_REPORT_DIR: dir }), timeoutMs: 60_000 });
}

export const lastLine = (out: ChildRun) => out.stdout.trim().split('\n').at(-1);
export const linesOf = (out: ChildRun, pattern: RegExp) => out.stdout.split('\n').filter((line) => pattern.test(line));
export const readReport = (dir: string) => JSON.parse(readFileSync(join(dir, 'fidelity.json'), 'utf8')) as FidelityReport;
