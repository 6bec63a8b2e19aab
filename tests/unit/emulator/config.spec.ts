// Units without a server: the config loader (precedence, validation), maskPhone and the clock;
// then the CLI as a process, and the request log's silence about secrets.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { startEmulator } from '../../../emulator/app.ts';
import { createClock } from '../../../emulator/clock.ts';
import { ConfigError, DEFAULT_MANAGEMENT_KEY, DEFAULT_PROJECT_ID, loadConfig } from '../../../emulator/config.ts';
import { maskPhone } from '../../../emulator/phone.ts';
import { validate } from '../../../specs/contract.ts';
import type { VerifySmsResponse } from '../../../specs/schema-types.ts';
import { EmulatorClient, expect, expectBody, test } from './fixtures.ts';

// tsx itself rather than `npx tsx`: npm's exec wrapper dies of the signal instead of relaying the
// emulator's exit code, and costs a second of start-up.
const TSX = 'node_modules/.bin/tsx';

test.describe('loadConfig', () => {
  test('defaults', () => {
    const config = loadConfig({ dotenv: {} });
    expect(config).toMatchObject({
      host: '127.0.0.1', port: 4010, projectId: DEFAULT_PROJECT_ID, managementKey: DEFAULT_MANAGEMENT_KEY,
      control: true, faults: [], seedUsers: [], outboxSize: 1000,
    });
    expect(DEFAULT_PROJECT_ID).toHaveLength(28);
    expect(config.profile.code.expirySeconds).toBe(180);
    expect(validate('emulator/profile', config.profile).problems).toEqual([]);
  });

  test('precedence: flag > environment > .env > default', () => {
    const dotenv = { EMULATOR_PORT: '1111', EMULATOR_HOST: '0.0.0.0', EMULATOR_CODE_EXPIRY: '300', DESCOPE_PROJECT_ID: 'P2DOTENV00000000000000000001' };
    const env = { EMULATOR_PORT: '2222', DESCOPE_PROJECT_ID: 'P2ENVIRONMENT000000000000001', PORT: '9999', HOST: '10.0.0.1' };
    expect(loadConfig({ dotenv })).toMatchObject({ port: 1111, host: '0.0.0.0', projectId: 'P2DOTENV00000000000000000001' });
    expect(loadConfig({ env, dotenv })).toMatchObject({ port: 2222, host: '0.0.0.0', projectId: 'P2ENVIRONMENT000000000000001' });
    const flagged = loadConfig({ argv: ['--port', '0', '--code-expiry', '120'], env, dotenv });
    expect(flagged).toMatchObject({ port: 0, projectId: 'P2ENVIRONMENT000000000000001' });
    expect(flagged.profile.code.expirySeconds).toBe(120);
    expect(loadConfig({ env: { PORT: '9999', HOST: '10.0.0.1' }, dotenv: {} })).toMatchObject({ port: 4010, host: '127.0.0.1' });
  });

  test('every setting has a flag and a variable', () => {
    const env = {
      DESCOPE_MANAGEMENT_KEY: 'K2env', EMULATOR_MAX_ATTEMPTS: '3', EMULATOR_SESSION_TTL: '60', EMULATOR_REFRESH_TTL: '120',
      EMULATOR_SEND_THROTTLE: '5', EMULATOR_TEST_USER_CAP: '5', EMULATOR_RATE_LIMIT: '50', EMULATOR_OUTBOX_SIZE: '7', EMULATOR_NO_CONTROL: '1', EMULATOR_FAULTS: 'reusable-codes, latency?ms=5',
      EMULATOR_EXIT_WITH_PARENT: '1',
    };
    const config = loadConfig({ env, dotenv: {} });
    expect(config).toMatchObject({ managementKey: 'K2env', outboxSize: 7, control: false, faults: ['reusable-codes', 'latency?ms=5'], exitWithParent: true });
    expect(loadConfig({ dotenv: {} }).exitWithParent).toBe(false);
    expect(loadConfig({ argv: ['--exit-with-parent'], dotenv: {} }).exitWithParent).toBe(true);
    expect(config.profile.code.maxWrongAttempts).toBe(3);
    expect(config.profile.tokens).toEqual({ sessionSeconds: 60, refreshSeconds: 120 });
    expect(config.profile.limits).toMatchObject({ sendThrottleSeconds: 5, testUserCap: 5, rateLimitPerMinute: 50 });
    const flags = loadConfig({ argv: ['--fault', 'keep-earlier-codes', '--fault', 'sms-provider-down?status=400', '--no-control', '--management-key', 'K2flag'], env, dotenv: {} });
    expect(flags).toMatchObject({ faults: ['keep-earlier-codes', 'sms-provider-down?status=400'], managementKey: 'K2flag' });
    expect(() => loadConfig({ argv: ['--fault', 'no-such-fault'], dotenv: {} })).toThrow(/no fault named no-such-fault/);
  });

  test('--profile and --seed-users read validated files', () => {
    const config = loadConfig({ argv: ['--profile', 'fixtures/profiles/emulator-default.json', '--seed-users', 'fixtures/seed-users.example.json'], dotenv: {} });
    expect(config.seedUsers.map((u) => u.loginId)).toContain('ada@example.com');
    expect(() => loadConfig({ argv: ['--profile', 'package.json'], dotenv: {} })).toThrow(/profile package.json is invalid/);
    expect(() => loadConfig({ argv: ['--seed-users', 'no/such/file.json'], dotenv: {} })).toThrow(ConfigError);
  });

  test('a profile recorded from a live target names only what it saw: the default fills in the other errors', () => {
    const recorded = test.info().outputPath('recorded-profile.json');
    mkdirSync(dirname(recorded), { recursive: true });
    const base = JSON.parse(readFileSync('fixtures/profiles/emulator-default.json', 'utf8'));
    writeFileSync(recorded, JSON.stringify({ ...base, name: 'recorded', errors: { wrongCode: { errorCode: 'E061102', status: 400 } } }));
    const config = loadConfig({ argv: ['--profile', recorded], dotenv: {} });
    expect(config.profile.errors.wrongCode).toEqual({ errorCode: 'E061102', status: 400 });
    expect(config.profile.errors.notTestUser).toEqual(base.errors.notTestUser);
    expect(config.profile.errors.unknownLoginId).toEqual(base.errors.unknownLoginId);
  });

  for (const [argv, reason] of [
    [['--port', 'eighty'], /--port must be an integer/],
    [['--port', '70000'], /--port/],
    [['--code-expiry', '10'], /expirySeconds must be >= 60/],
    [['--max-attempts', '0'], /--max-attempts/],
    [['--project-id', 'short'], /project ID/],
    [['--management-key', 'has space'], /management key/],
    [['--bogus'], /Unknown option/],
    [['--port'], /argument missing/],
    [['positional'], /positional/],
  ] as const) {
    test(`refuses ${argv.join(' ')}`, () => {
      expect(() => loadConfig({ argv: [...argv], dotenv: {} })).toThrow(reason);
      expect(() => loadConfig({ argv: [...argv], dotenv: {} })).toThrow(ConfigError);
    });
  }
});

test('maskPhone reveals only the last digits', () => {
  expect(maskPhone('+15551234567')).toBe('+*******4567');
  expect(maskPhone('+442071838750')).toBe('+********8750');
  expect(maskPhone('+3541234')).toBe('+*****34');
  for (const phone of ['+15551234567', '+3541234', '+861234567890123']) {
    const masked = maskPhone(phone);
    expect(masked).not.toContain(phone.slice(1, -2));
    expect(masked.replace(/\D/g, '').length).toBeLessThanOrEqual(4);
    expect(phone.endsWith(masked.replace(/\D/g, ''))).toBe(true);
  }
});

test('the clock moves forward only, and back to real time on reset', () => {
  let real = 1_000_000;
  const clock = createClock(() => real);
  clock.advance(60);
  expect(clock.nowSeconds()).toBe(1060);
  expect(clock.offsetSeconds()).toBe(60);
  real -= 30_000; // the machine's clock steps back
  expect(clock.nowMs()).toBe(1_060_000);
  expect(() => clock.advance(-1)).toThrow(RangeError);
  clock.reset();
  expect(clock.nowMs()).toBe(real);
});

test.describe('the CLI', () => {
  test('prints one ready line, serves, and exits 0 on SIGTERM', async () => {
    const child = spawn(TSX, ['emulator/cli.ts', '--port', '0', '--quiet', '--no-env-file'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    const stdout = createInterface({ input: child.stdout! });
    stdout.on('line', (line) => lines.push(line));
    const [first] = (await once(stdout, 'line')) as [string];
    expect(first).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
    expect(first).not.toMatch(/:0$/);
    const url = first.replace('listening on ', '');
    const keys = await fetch(`${url}/v2/keys/${DEFAULT_PROJECT_ID}`);
    expect(keys.status).toBe(200);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(lines).toEqual([first]);
  });

  // A parent that starts the emulator and then dies of SIGKILL, as a test runner killed by `timeout`
  // or a cancelled CI job does: no clean-up of its own runs. The emulator must not outlive it.
  const startedBy = [
    // As Playwright's webServer starts it: a stdin pipe, through a wrapper (tsx's CLI, like npx).
    { how: 'a wrapper, with a stdin pipe', command: TSX, args: ['emulator/cli.ts'], stdin: 'pipe' },
    // As lib/server.ts starts it: node itself, stdin ignored; the emulator is handed to another parent.
    { how: 'node directly, without stdin', command: process.execPath, args: ['--import', 'tsx', 'emulator/cli.ts'], stdin: 'ignore' },
  ];
  for (const { how, command, args, stdin } of startedBy) {
    test(`--exit-with-parent: exits once the process that started it through ${how} is killed`, async () => {
      const starter = `const child = require('node:child_process').spawn(${JSON.stringify(command)}, ${JSON.stringify([...args, '--port', '0', '--quiet', '--no-env-file', '--exit-with-parent'])}, { stdio: [${JSON.stringify(stdin)}, 'inherit', 'ignore'] });
        console.log('child pid ' + child.pid); setInterval(() => {}, 1000);`;
      const parent = spawn(process.execPath, ['-e', starter], { stdio: ['ignore', 'pipe', 'ignore'] });
      let pid = 0;
      let url = '';
      for await (const line of createInterface({ input: parent.stdout! })) {
        pid = Number(/^child pid (\d+)$/.exec(line)?.[1] ?? pid);
        url = /^listening on (\S+)$/.exec(line)?.[1] ?? url;
        if (pid && url) break;
      }
      const alive = () => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      };
      try {
        expect((await fetch(`${url}/v2/keys/${DEFAULT_PROJECT_ID}`)).status).toBe(200);
        parent.kill('SIGKILL');
        await expect.poll(alive, { message: 'the emulator exits after the process that started it is gone', timeout: 10_000 }).toBe(false);
        await expect(fetch(`${url}/v2/keys/${DEFAULT_PROJECT_ID}`), 'its port is closed').rejects.toThrow();
      } finally {
        // SIGTERM, which tsx's CLI passes on to the emulator: a failed run leaves nothing behind either.
        if (alive()) process.kill(pid, 'SIGTERM');
      }
    });
  }

  test('exits 2 with a message on stderr for a bad flag', async () => {
    const child = spawn(TSX, ['emulator/cli.ts', '--port', 'nope', '--no-env-file'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(stderr).toContain('--port must be an integer');
    expect(stdout).toBe('');
  });
});

test('request logs name method, route, status and time, and no code, JWT, key, bearer or phone', async ({ playwright, people }) => {
  const lines: string[] = [];
  const emulator = await startEmulator({ port: 0 }, { log: (line) => lines.push(line) });
  const context = await playwright.request.newContext();
  try {
    const api = new EmulatorClient(context, emulator, people);
    const { projectId, managementKey } = api.target;
    const phone = '+15557654321';
    const loginId = 'secret-login@example.com';
    await api.createTestUser({ loginId, phone });
    await api.signInSms(loginId);
    const [message] = await api.messages({ phone });
    const verified = expectBody<VerifySmsResponse>(await api.verifySms(loginId, message!.code), 200, 'verify-sms-response');
    await api.loadUser(loginId);

    expect(lines.length).toBe(5);
    const parsed = lines.map((line) => JSON.parse(line));
    expect(parsed[1]).toMatchObject({ method: 'POST', route: '/v1/auth/otp/signin/sms', status: 200 });
    expect(typeof parsed[1].ms).toBe('number');
    expect(parsed[4].route).toBe('/v1/mgmt/user');
    const all = lines.join('\n');
    for (const secret of [message!.code, verified.sessionJwt, verified.refreshJwt, managementKey, projectId, phone, phone.slice(1), loginId]) {
      expect(all).not.toContain(secret);
    }
  } finally {
    await context.dispose();
    await emulator.close();
  }
});
