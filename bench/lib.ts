// Shared by the benchmarks: settings (full or BENCH_QUICK), child processes (emulator, bare
// baseline), a keep-alive JSON client, autocannon as a promise, statistics and the table.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { DEFAULT_MANAGEMENT_KEY, DEFAULT_PROJECT_ID } from '../emulator/config.ts';
import { spawnEmulator } from '../emulator/spawn.ts';
import { paths } from '../lib/paths.ts';
import { startServer, type ServerChild } from '../lib/server.ts';

export const ROOT = paths.root;
export const QUICK = process.env.BENCH_QUICK === '1';
/** Repetitions per figure; the table shows their median. */
export const RUNS = Number(process.env.BENCH_RUNS ?? (QUICK ? 1 : 3));
export const PROJECT_ID = DEFAULT_PROJECT_ID;
export const MANAGEMENT_KEY = DEFAULT_MANAGEMENT_KEY;
export const AUTH = { authorization: `Bearer ${PROJECT_ID}`, 'content-type': 'application/json' };
export const MGMT = { authorization: `Bearer ${PROJECT_ID}:${MANAGEMENT_KEY}`, 'content-type': 'application/json' };

// ---------------------------------------------------------------------------------------- stats

export function median(values: number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** One line of the table: a figure, what it is compared with, and whether the target holds. */
export interface Row {
  section: string;
  figure: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number; unit: string };
  /** value / baseline.value, or whatever the target is expressed in. */
  ratio?: number;
  target?: string;
  met?: boolean;
  runs?: number[];
  note?: string;
}

/** What each bench section answers: its table rows, targets it could not even measure, raw figures. */
export interface SectionResult<Raw = Record<string, unknown>> {
  rows: Row[];
  problems: string[];
  raw: Raw;
}

export function fmt(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function table(rows: Row[]): string {
  const header = ['figure', 'median', 'baseline (same run)', 'ratio', 'target', 'met'];
  const lines = rows.map((row) => [
    `${row.section}: ${row.figure}`,
    `${fmt(row.value)} ${row.unit}`,
    row.baseline ? `${row.baseline.name} ${fmt(row.baseline.value)} ${row.baseline.unit}` : '',
    row.ratio === undefined ? '' : `${(row.ratio * 100).toFixed(0)}%`,
    row.target ?? '',
    row.met === undefined ? '' : row.met ? 'yes' : 'MISSED',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const render = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ').trimEnd();
  return [render(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...lines.map(render)].join('\n');
}

export function machine() {
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    loadAverageAtStart: loadavg().map((n) => Number(n.toFixed(2))),
    quick: QUICK,
    runs: RUNS,
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ------------------------------------------------------------------------------ child processes

export type Child = ServerChild;

/** A server script of this repository (lib/server.ts: its pid is the server itself). */
export function startChild(script: string, args: string[] = [], nodeArgs: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Child> {
  return startServer(join(ROOT, script), { args, nodeArgs, env: { ...process.env, ...env } });
}

/** The emulator CLI with the documented default project, no .env, control endpoints on. */
export function startEmulator(extraArgs: string[] = [], nodeArgs: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Child> {
  return spawnEmulator(['--project-id', PROJECT_ID, '--management-key', MANAGEMENT_KEY, ...extraArgs], { nodeArgs, env: { ...process.env, ...env } });
}

/** Lines a server wrote to stderr that look like errors (the emulator logs 5xx causes at level "error"). */
export function errorLines(child: Child): number {
  return child.stderr().split('"level":"error"').length - 1;
}

/** Resident set size of a process in MB, from /proc (Linux). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
  return kb / 1024;
}

// ---------------------------------------------------------------------------------- JSON client

const agent = new Agent({ keepAlive: true, maxSockets: 32 });

export function call(url: string, method: string, path: string, body?: unknown, headers: Record<string, string> = AUTH): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = httpRequest(new URL(path, url), { method, agent, headers: payload ? headers : { authorization: headers.authorization! } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          /* not JSON: keep the text */
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** POSTs a raw body (not necessarily JSON) on a keep-alive connection, answering the status. */
export function rawPost(url: string, path: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, url), { method: 'POST', agent, headers }, (res) => {
      res.resume().on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs `task` over `items` with at most `limit` in flight, answering results in order. */
export async function mapLimit<T, R>(items: T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Creates test users `${prefix}-${i}` with phones, answering their login IDs. */
export async function createTestUsers(url: string, prefix: string, count: number): Promise<string[]> {
  const loginIds = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  await mapLimit(loginIds, 16, async (loginId, i) => {
    const phone = `+1555${String(1_000_000 + i).slice(-7)}`;
    const res = await call(url, 'POST', '/v1/mgmt/user/create/test', { loginId, phone }, MGMT);
    if (res.status !== 200) throw new Error(`create ${loginId}: ${res.status} ${JSON.stringify(res.body)}`);
  });
  return loginIds;
}

/** One fresh management-generated code per login ID (each replaces that user's earlier codes). */
export async function generateCodes(url: string, loginIds: string[]): Promise<{ loginId: string; code: string }[]> {
  return mapLimit(loginIds, 16, async (loginId) => {
    const res = await call(url, 'POST', '/v1/mgmt/tests/generate/otp', { loginId, deliveryMethod: 'sms' }, MGMT);
    if (res.status !== 200) throw new Error(`generate ${loginId}: ${res.status} ${JSON.stringify(res.body)}`);
    return { loginId, code: res.body.code as string };
  });
}

export async function advanceClock(url: string, seconds: number): Promise<void> {
  const res = await call(url, 'POST', '/emulator/v1/clock', { advanceSeconds: seconds });
  if (res.status !== 200) throw new Error(`clock: ${res.status}`);
}

export async function resetEmulator(url: string): Promise<void> {
  const res = await call(url, 'POST', '/emulator/v1/reset', {});
  if (res.status !== 200) throw new Error(`reset: ${res.status}`);
}

// ----------------------------------------------------------------------------------- autocannon

export type CannonOptions = autocannon.Options;
export type CannonResult = autocannon.Result;

export function cannon(options: CannonOptions): Promise<CannonResult> {
  return new Promise((resolve, reject) => {
    autocannon({ timeout: 10, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** Counts of the kinds of trouble that must be zero under load. */
export function trouble(result: CannonResult) {
  const byStatus = (result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
  const fiveXx = Object.entries(byStatus).filter(([code]) => code.startsWith('5')).reduce((sum, [, v]) => sum + Number(v.count), 0);
  return { errors: result.errors, timeouts: result.timeouts, fiveXx, non2xx: result.non2xx };
}

/**
 * Pins a process, all its threads, to the CPUs listed (`0`, `1`) with Linux's taskset, and answers
 * how to put back the CPUs it had; undefined where there is no taskset or it refuses (nothing then
 * changed). The pinned sign-in figure uses it (throughput.ts).
 */
export function pinToCpus(pid: number, cpuList: string): (() => void) | undefined {
  const taskset = (...args: string[]) => execFileSync('taskset', ['-a', '-p', ...args, String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    // "pid 123's current affinity list: 0,1"
    const had = /list:\s*(\S+)/.exec(taskset('-c'))?.[1];
    if (!had) return undefined;
    taskset('-c', cpuList);
    return () => void taskset('-c', had);
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system, all threads) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 (utime, stime) are at 11 and 12 after the command name; ticks are 1/100 s on Linux.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
