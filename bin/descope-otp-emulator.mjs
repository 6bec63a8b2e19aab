#!/usr/bin/env node
// `npx descope-otp-emulator --port 4010` in a repository that installs this one as a devDependency:
// the emulator CLI (emulator/cli.ts), bundled by esbuild and cached (lib/run-bundled.mjs; through
// tsx's loader if that fails). Flags: --help.
import { join } from 'node:path';
import { runBundled } from '../lib/run-bundled.mjs';

await runBundled(join(import.meta.dirname, '..', 'emulator', 'cli.ts'), process.argv.slice(2));
