#!/usr/bin/env node
// `npx descope-otp-emulator --port 4010` in a repository that installs this one as a devDependency:
// the emulator CLI (emulator/cli.ts), run as TypeScript through tsx's loader. Flags: --help.
import { register } from 'tsx/esm/api';

register();
await import('../emulator/cli.ts');
