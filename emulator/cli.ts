// `npm run emulator`: runs the emulator in the foreground. Prints exactly one line to stdout,
// `listening on http://HOST:PORT`, once it accepts requests (Playwright's webServer waits for it);
// everything else goes to stderr. Exits 0 on SIGINT/SIGTERM and 2 on a bad flag.
import { startEmulator } from './app.ts';
import { ConfigError, loadConfig, USAGE } from './config.ts';

async function main(): Promise<void> {
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

  process.stderr.write(`emulator: project ${config.projectId}, profile "${config.profile.name}", control ${config.control ? 'on' : 'off'}\n`);
  process.stdout.write(`listening on ${emulator.url}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator: failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
