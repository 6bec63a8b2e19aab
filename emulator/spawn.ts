// The emulator CLI as a child process, for tools that need one of their own (the mutation run, the
// reporters' real-run tests, the bench): on a free loopback port, ignoring .env, and gone with the
// process that started it (--exit-with-parent: a tool or test killed outright leaves no emulator);
// a caller's flags come after these, so they win.
import { paths } from '../lib/paths.ts';
import { startServer, type ServerChild } from '../lib/server.ts';

export type SpawnedEmulator = ServerChild;

export function spawnEmulator(args: string[], options: { env?: NodeJS.ProcessEnv; nodeArgs?: string[] } = {}): Promise<SpawnedEmulator> {
  return startServer(paths.emulatorCli, { args: ['--port', '0', '--host', '127.0.0.1', '--no-env-file', '--exit-with-parent', ...args], ...options });
}
