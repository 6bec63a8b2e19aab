// Redaction everywhere: a suite subset with failures (an emulator started with infidelity faults that
// echo the management key and accept any code), a known fake management key, Playwright's list, html
// and junit reporters plus the conformance reporter, traces on; then EVERY artifact is scanned — the
// conformance report, the HTML report (its embedded base64 zip unpacked, and its data files), the
// JUnit XML, test-results (error-context.md, attachments, zips unpacked) and the run's stdout/stderr —
// for the key, any JWT, any full phone number of a test user, and every one-time code the emulator
// sent (and the text of its SMS). A second, deliberately careless test (leaky/careless.leaky.ts)
// pushes a code into every channel Playwright reports; its artifacts must be clean too.
//
// Trace archives are the one channel Playwright writes without any redaction hook: their network
// entries carry the Authorization header (the management key, refresh JWTs) and the request and
// response bodies (phones, session JWTs). So traces are off in playwright.config.ts for live targets,
// and this test pins that they DO leak (if Playwright ever redacts them, it says so); everything else
// must be clean.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from '@playwright/test';
import { PLAYWRIGHT, playwrightTest, root, run, startEmulator, targetEnv, type Emulator } from './suite-runs.ts';
import { readZip } from './zip.ts';

test.describe.configure({ timeout: 150_000 });

const KEY = 'K2fake-key-that-must-never-appear-0123456789';
const BASE_PATTERNS: [string, RegExp][] = [
  ['the management key', new RegExp(KEY)],
  ['a JWT', /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\./],
  ['a full phone number', /\+1\d{3}555\d{4}/],
];

/** The codes (as whole tokens) and SMS texts an emulator sent, from its outbox. */
async function sentSecrets(url: string): Promise<[string, RegExp][]> {
  const { messages } = (await (await fetch(`${url}/emulator/v1/outbox`)).json()) as { messages: { code: string; body: string }[] };
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return messages.flatMap(({ code, body }) => [
    ['a one-time code', new RegExp(`(?<![0-9A-Za-z])${code}(?![0-9A-Za-z])`)] as [string, RegExp],
    ['the text of an SMS', new RegExp(escape(body))] as [string, RegExp],
  ]);
}

interface Hit {
  what: string;
  where: string;
  /** Inside a trace archive (a zip with *.trace / *.network entries). */
  inTrace: boolean;
  excerpt: string;
}

/** Every secret-looking match in a file's bytes, unpacking zips (nested) and the HTML report's embedded zip. */
export function scanBuffer(where: string, buf: Buffer, inTrace = false, hits: Hit[] = [], patterns = BASE_PATTERNS): Hit[] {
  if (buf.length > 4 && buf.readUInt32LE(0) === 0x04034b50) {
    const entries = readZip(buf);
    const trace = inTrace || entries.some((e) => /\.(trace|network)$/.test(e.name));
    for (const e of entries) scanBuffer(`${where}!${e.name}`, e.data, trace, hits, patterns);
    return hits;
  }
  const text = buf.toString('utf8');
  for (const [what, pattern] of patterns) {
    const m = pattern.exec(text);
    if (m) hits.push({ what, where, inTrace, excerpt: text.slice(Math.max(0, m.index - 80), m.index + 20).replace(/\s+/g, ' ') });
  }
  const embedded = /<script id="playwrightReportBase64" type="application\/zip">data:application\/zip;base64,([A-Za-z0-9+/=]+)<\/script>/.exec(text);
  if (embedded) scanBuffer(`${where}!embedded-report.zip`, Buffer.from(embedded[1]!, 'base64'), inTrace, hits, patterns);
  return hits;
}

function scanTree(dir: string, patterns: [string, RegExp][], hits: Hit[] = [], seen: string[] = []): { hits: Hit[]; files: string[] } {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) scanTree(path, patterns, hits, seen);
    else {
      seen.push(path);
      scanBuffer(path, readFileSync(path), false, hits, patterns);
    }
  }
  return { hits, files: seen };
}

/** The environment of a run whose every report goes under `out`. */
function reportEnv(url: string, out: string) {
  return targetEnv(url, KEY, {
    CONFORMANCE_REPORT_DIR: join(out, 'conformance-report'),
    PLAYWRIGHT_HTML_OUTPUT_DIR: join(out, 'playwright-report'),
    PLAYWRIGHT_HTML_OPEN: 'never',
    PLAYWRIGHT_JUNIT_OUTPUT_FILE: join(out, 'junit.xml'),
  });
}

let emulator: Emulator | undefined;
test.afterAll(async () => {
  await emulator?.stop();
});

test('the scanner finds a key, a JWT and a phone, in plain files, nested zips and the embedded report', () => {
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJVMSJ9.c2ln';
  expect(scanBuffer('plain', Buffer.from(`x ${KEY} y`)).map((h) => h.what)).toEqual(['the management key']);
  expect(scanBuffer('plain', Buffer.from(`{"jwt":"${jwt}","phone":"+14155550123"}`)).map((h) => h.what)).toEqual(['a JWT', 'a full phone number']);
  expect(scanBuffer('clean', Buffer.from('+*******0123 [JWT] Bearer [REDACTED]'))).toEqual([]);
});

test('no artifact of a failing run carries the key, a JWT or a full phone, except trace archives (which is why traces are off for live targets)', async () => {
  const info = test.info();
  emulator = await startEmulator(KEY, ['--fault', 'echo-management-key', '--fault', 'accept-any-code', '--fault', 'full-phone-in-masked-phone']);
  const out = info.outputPath('run');
  const result = await playwrightTest(
    ['tests/conformance/responses.spec.ts', 'tests/conformance/wrong-codes.spec.ts', 'tests/conformance/signin.spec.ts', 'tests/conformance/invalidation.spec.ts', '--reporter=list,html,junit,./reporter/conformance-reporter.ts', '--trace=on', `--output=${join(out, 'test-results')}`],
    reportEnv(emulator.url, out),
  );
  writeFileSync(join(out, 'stdout.txt'), result.stdout);
  writeFileSync(join(out, 'stderr.txt'), result.stderr);
  // The faults make tests fail: failure messages, error-context files and attachments exist.
  expect(result.code, result.stdout.slice(-2000)).toBe(1);
  const sent = await sentSecrets(emulator.url);
  expect(sent.length, 'the run sent SMS whose codes the scan looks for').toBeGreaterThan(10);
  const { hits, files } = scanTree(out, [...BASE_PATTERNS, ...sent]);
  const kinds = (pattern: RegExp) => files.filter((f) => pattern.test(f)).length;
  expect(kinds(/conformance-report\/(conformance\.json|index\.html)$/)).toBe(2);
  expect(kinds(/playwright-report\/index\.html$/)).toBe(1);
  expect(kinds(/junit\.xml$/)).toBe(1);
  expect(kinds(/error-context\.md$/)).toBeGreaterThan(0);
  expect(kinds(/trace\.zip$/)).toBeGreaterThan(0);
  expect(readFileSync(join(out, 'conformance-report', 'conformance.json'), 'utf8')).toContain('"FAILED"');

  const outside = hits.filter((h) => !h.inTrace).map((h) => `${h.what} in ${relative(out, h.where)}: …${h.excerpt}`);
  expect(outside, 'secrets outside trace archives').toEqual([]);
  // Pinned: Playwright's traces record API requests with their headers and bodies, unredacted.
  const inTraces = hits.filter((h) => h.inTrace);
  expect(inTraces.some((h) => h.what === 'the management key' && /\.network$/.test(h.where)), 'traces carry the Authorization header').toBe(true);
});

test('a careless test that puts a code in a failing expect, a step title, stdout, an attachment and its error leaks it nowhere', async () => {
  const info = test.info();
  const own = await startEmulator(KEY);
  try {
    const out = info.outputPath('careless');
    const result = await run(
      [PLAYWRIGHT, 'test', '--config=tests/unit/reporter/leaky/leaky.config.ts', '--reporter=list,html,junit,./reporter/conformance-reporter.ts', `--output=${join(out, 'test-results')}`],
      reportEnv(own.url, out),
    );
    writeFileSync(join(out, 'stdout.txt'), result.stdout);
    writeFileSync(join(out, 'stderr.txt'), result.stderr);
    expect(result.code, result.stdout.slice(-2000)).toBe(1);
    expect(result.stdout, 'the careless test ran and failed').toContain('a careless test leaks a code everywhere it can');
    const sent = await sentSecrets(own.url);
    expect(sent.length).toBe(2);
    const { hits, files } = scanTree(out, [...BASE_PATTERNS, ...sent]);
    expect(files.filter((f) => /error-context\.md$|sms\.txt$/.test(f)).length, 'the error context and the attachment were written').toBeGreaterThanOrEqual(1);
    expect(hits.map((h) => `${h.what} in ${relative(out, h.where)}: …${h.excerpt}`)).toEqual([]);
  } finally {
    await own.stop();
  }
});

test('traces are off in playwright.config.ts (a --trace flag is the caller\'s own choice)', () => {
  const config = readFileSync(join(root, 'playwright.config.ts'), 'utf8');
  expect(config).toMatch(/^\s*trace: 'off',$/m);
});
