// `npm run emulator`: runs the emulator in the foreground. Prints exactly one line to stdout,
// `listening on http://HOST:PORT`, once it accepts requests (Playwright's webServer waits for it);
// everything else goes to stderr. Exits 0 on SIGINT/SIGTERM (and, with --exit-with-parent, once
// the process that started it is gone), 1 when it cannot start, 2 on a bad flag.
import { fstatSync } from 'node:fs';
// Only this module is imported before the CLI runs: the first project's RSA key is read or made
// while the rest of the emulator (config.ts, app.ts, imported below) loads, not after it.
import { startKeys } from './key-pairs.ts';

startKeys();

/**
 * Who started this process, read as soon as this module runs (once node has started, and tsx's
 * loader where it runs through tsx: 0.15 to 0.4 s here): a parent gone after that, before or after
 * the emulator is up, is noticed; one gone sooner is not, unless it gave a stdin pipe.
 */
const startedBy = process.ppid;

async function main(): Promise<void> {
  const { ConfigError, loadConfig, USAGE } = await import('./config.ts');
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  let config;
  try {
    config = loadConfig({ argv, env: process.env });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`emulator: ${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
  const { startEmulator } = await import('./app.ts');
  const emulator = await startEmulator(config);
  if (config.faults.length) process.stderr.write(`emulator: faults on: ${config.faults.join(', ')}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`emulator: ${signal}, closing\n`);
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  if (config.exitWithParent) watchParent(() => stop('the process that started it is gone'));

  process.stderr.write(`emulator: project ${config.projectId}, profile "${config.profile.name}", control ${config.control ? 'on' : 'off'}\n`);
  process.stdout.write(`listening on ${emulator.url}\n`);
}

/**
 * Calls `gone` once the process that started this one has ended: the pipe it gave as stdin closes
 * (which reaches the emulator through wrappers such as npx or tsx's CLI too; Playwright's webServer
 * gives one), or, when stdin is no pipe, this process is handed to another parent. Playwright stops
 * its webServer only on SIGINT or a normal exit, so a runner killed by SIGTERM (`timeout`, a
 * cancelled CI job) or SIGKILL would otherwise leave the emulator running.
 */
function watchParent(gone: () => void): void {
  let stdinIsPipe = false;
  try {
    const stdin = fstatSync(0);
    stdinIsPipe = stdin.isFIFO() || stdin.isSocket();
  } catch {
    // no stdin at all
  }
  let ended = false;
  let timer: NodeJS.Timeout | undefined;
  const end = () => {
    if (ended) return;
    ended = true;
    clearInterval(timer);
    // Its stderr pipe may have gone with it: a failed write must not stop the orderly close.
    process.stderr.on('error', () => undefined);
    gone();
  };
  if (stdinIsPipe) {
    process.stdin.on('data', () => undefined).once('end', end).once('error', end);
  } else {
    timer = setInterval(() => process.ppid !== startedBy && end(), 250);
    timer.unref();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator: failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
