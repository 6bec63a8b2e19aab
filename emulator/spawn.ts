// The emulator CLI as a child process, for tools that need one of their own (the mutation run, the
// reporter's real-run tests): started on a free loopback port, ready when it prints its
// `listening on` line, stopped with SIGTERM. Its stderr is kept only to explain a failed start.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { projectRoot } from '../specs/contract.ts';

export interface SpawnedEmulator {
  url: string;
  stop(): Promise<void>;
}

const TSX_CLI = join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const START_TIMEOUT_MS = 30_000;

/** `args` are the CLI's flags; `--port 0 --no-env-file` come first, so a caller's flags win. */
export function spawnEmulator(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<SpawnedEmulator> {
  const child = spawn(process.execPath, [TSX_CLI, join(projectRoot, 'emulator', 'cli.ts'), '--port', '0', '--no-env-file', ...args], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr = `${stderr}${chunk}`.slice(-2000)));
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      void stop();
      reject(new Error(`${why}: ${stderr.trim()}`));
    };
    const timer = setTimeout(() => fail(`the emulator did not say it was listening within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      const match = /^listening on (http:\/\/\S+)$/.exec(line);
      if (match) resolve({ url: match[1]!, stop });
      else fail(`unexpected first line from the emulator: ${line}`);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited with ${code} before listening: ${stderr.trim()}`));
    });
  });
}
