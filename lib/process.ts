// Child processes, one way for every tool (mutation, flakes, bench, the reporters' real-run tests):
// Node scripts run with this Node, TypeScript through tsx, Playwright through its CLI, each in a
// clean environment, with a timeout, and their output kept (or streamed) as asked.
import { spawn } from 'node:child_process';
import { paths } from './paths.ts';

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** True when the timeout stopped it. */
  timedOut: boolean;
}

export interface ChildOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Stopped with SIGTERM after this long (default: none). */
  timeoutMs?: number;
  /** 'pipe' keeps the output (the default); 'inherit' streams it to this process's; 'tee' both. */
  output?: 'pipe' | 'inherit' | 'tee';
  /** Keep only the last this many characters of each stream (default: all). */
  keepLast?: number;
}

/** `node <args>` with this Node. */
export function runNode(args: string[], options: ChildOptions = {}): Promise<ChildRun> {
  const output = options.output ?? 'pipe';
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: options.cwd ?? paths.root,
      env: options.env ?? process.env,
      stdio: ['ignore', output === 'inherit' ? 'inherit' : 'pipe', output === 'inherit' ? 'inherit' : 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const keep = (text: string) => (options.keepLast ? text.slice(-options.keepLast) : text);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout = keep(stdout + chunk);
      if (output === 'tee') process.stdout.write(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = keep(stderr + chunk);
      if (output === 'tee') process.stderr.write(chunk);
    });
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGTERM');
        }, options.timeoutMs)
      : undefined;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/** A TypeScript script of this repository (path relative to its root), through tsx. */
export function runScript(script: string, args: string[] = [], options: ChildOptions = {}): Promise<ChildRun> {
  return runNode([paths.tsxCli, script, ...args], options);
}

/** `playwright test <args>` of this repository. */
export function runPlaywright(args: string[], options: ChildOptions = {}): Promise<ChildRun> {
  return runNode([paths.playwrightCli, 'test', ...args], options);
}

/** Variables that describe a run in progress, or a target: a child must never inherit them by accident. */
const RUN_IDENTITY = /^(TEST_|PW_|PLAYWRIGHT_)/;
const TARGET_AND_MODE = [
  'CONFORMANCE_STRICT', 'CONFORMANCE_HERMETIC', 'CONFORMANCE_REPORT_DIR', 'CONFORMANCE_PROFILE', 'CONFORMANCE_RUN_ID',
  'EMULATOR_URL', 'DESCOPE_BASE_URL', 'DESCOPE_PROJECT_ID', 'DESCOPE_MANAGEMENT_KEY', 'FIDELITY_REPORT_DIR', 'FORCE_COLOR',
];

/**
 * The environment of a child run: this process's, without the identity of a Playwright run in
 * progress (a test that starts a run must not hand it its own) and, unless `keepTarget`, without
 * any target or mode. A developer's .env is never read by the child (CONFORMANCE_DOTENV=0).
 */
export function childEnv(extra: NodeJS.ProcessEnv = {}, { keepTarget = false } = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (RUN_IDENTITY.test(key)) delete env[key];
  if (!keepTarget) for (const key of TARGET_AND_MODE) delete env[key];
  return { ...env, CONFORMANCE_DOTENV: '0', ...extra };
}
