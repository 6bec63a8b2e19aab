// Where things are in this repository: computed once, here, for every layer (emulator, suite,
// reporters, bench, tests). Nothing reads a file outside the repository root.
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

export const paths = {
  root,
  specs: join(root, 'specs'),
  schemas: join(root, 'schemas'),
  profiles: join(root, 'fixtures', 'profiles'),
  docs: join(root, 'docs'),
  nodeModules: join(root, 'node_modules'),
  /** Entry points of the tools the project starts as child processes. */
  tsxCli: join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
  /** Runs a TypeScript entry bundled and cached, for the processes a user waits on at every start. */
  runBundled: join(root, 'lib', 'run-bundled.mjs'),
  playwrightCli: join(root, 'node_modules', '@playwright', 'test', 'cli.js'),
  emulatorCli: join(root, 'emulator', 'cli.ts'),
} as const;
