// Every command answers --help (exit 0: what it does, its options, its environment, its exit codes)
// and refuses an option it does not know (exit 2, with the usage).
import { expect, test } from '@playwright/test';
import { childEnv, runScript } from '../../lib/process.ts';

const COMMANDS: [string, string][] = [
  ['conformance', 'reporter/run-conformance.ts'],
  ['emulator', 'emulator/cli.ts'],
  ['fidelity', 'reporter/fidelity/cli.ts'],
  ['mutation', 'reporter/mutation/run.ts'],
  ['flakes', 'reporter/flakes/run.ts'],
  ['bench', 'bench/run.ts'],
];

test.describe.configure({ timeout: 60_000 });

for (const [command, script] of COMMANDS) {
  test(`npm run ${command} -- --help: exit 0 with usage, options and exit codes; an unknown option: exit 2 with the usage`, async () => {
    const env = childEnv({ CONFORMANCE_HERMETIC: '1' });
    const help = await runScript(script, ['--help'], { env, timeoutMs: 30_000 });
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^usage: /);
    expect(help.stdout).toMatch(/exit codes/i);
    const wrong = await runScript(script, ['--no-such-option'], { env, timeoutMs: 45_000 });
    expect(wrong.code, wrong.stdout + wrong.stderr).toBe(2);
    expect(wrong.stdout + wrong.stderr).toContain('--no-such-option');
    expect(wrong.stderr).toMatch(/usage: /);
  });
}
