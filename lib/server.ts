// A server of this repository as a child process (the emulator CLI, the bench's baselines): started
// with this Node, bundled (lib/run-bundled.mjs), or with node flags through tsx's loader, so that a
// profile names the source files and a flag may `--import` TypeScript. Either way its pid is the
// server itself, which profiles and memory figures need. Ready when it prints `listening on URL`,
// stopped with SIGTERM (SIGKILL after 5 s).
// Its stderr goes to a file, not a pipe: a load generator reading a pipe would be woken for every
// log chunk; the file's tail explains a failed start.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { paths } from './paths.ts';

export interface ServerChild {
  url: string;
  pid: number;
  process: ChildProcess;
  /** What it wrote to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

export interface ServerOptions {
  args?: string[];
  /** Node flags (e.g. --cpu-prof): the server then runs through tsx's loader, so they may `--import` TypeScript. */
  nodeArgs?: string[];
  env?: NodeJS.ProcessEnv;
  startTimeoutMs?: number;
}

const READY = /^listening on (http:\/\/\S+)$/m;

export async function startServer(script: string, options: ServerOptions = {}): Promise<ServerChild> {
  const logFile = join(mkdtempSync(join(tmpdir(), 'server-')), 'stderr.log');
  const logFd = openSync(logFile, 'w');
  const command = options.nodeArgs?.length ? ['--import', 'tsx', ...options.nodeArgs, script] : [paths.runBundled, script];
  const child = spawn(process.execPath, [...command, ...(options.args ?? [])], {
    cwd: paths.root,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', logFd],
  });
  closeSync(logFd);
  const stderr = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dirname(logFile), { recursive: true, force: true });
  };
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`${script} did not say it was listening within ${timeoutMs / 1000} s`)), timeoutMs);
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        const match = READY.exec(out);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${script} exited with ${code} before listening`));
      });
    });
    return { url, pid: child.pid!, process: child, stderr, stop };
  } catch (error) {
    const tail = stderr().trim().slice(-2000);
    await stop();
    throw new Error(`${(error as Error).message}${tail ? `: ${tail}` : ''}`);
  }
}
