// Robustness under load: 30 s (BENCH_QUICK: 5 s) of mixed traffic at the highest rate this machine
// sustains (no rate cap; 32 autocannon connections), on loopback. Each connection loops one valid
// flow with bad requests woven in: create test user, generate a code, sign in, a wrong code, a body
// of the wrong type, a missing field, an unknown user at sign-in and at verify, then the valid code.
// Malformed JSON goes on its own node:http connections at the same time: fastify answers it with
// `connection: close`, and autocannon, which writes its next request before it sees the close, would
// lose that request and misattribute the responses after it. Every response must have the status
// the profile gives it; no 5xx, no connection errors or timeouts; every valid verify answers 200;
// and afterwards the emulator still serves a whole flow.
import { AUTH, call, cannon, errorLines, MGMT, QUICK, rawPost, startEmulator, trouble, type Row, type SectionResult } from './lib.ts';

const SECONDS = QUICK ? 5 : 30;
const CONNECTIONS = 32;

type Step = { name: string; expect: number; method: string; path: string; headers: Record<string, string>; body: (context: Record<string, any>) => string };

const STEPS: Step[] = [
  { name: 'create test user', expect: 200, method: 'POST', path: '/v1/mgmt/user/create/test', headers: MGMT,
    body: (c) => JSON.stringify({ loginId: c.loginId, phone: '+15550004321' }) },
  { name: 'generate', expect: 200, method: 'POST', path: '/v1/mgmt/tests/generate/otp', headers: MGMT,
    body: (c) => JSON.stringify({ loginId: c.loginId, deliveryMethod: 'sms' }) },
  { name: 'sign in', expect: 200, method: 'POST', path: '/v1/auth/otp/signin/sms', headers: AUTH, body: (c) => JSON.stringify({ loginId: c.loginId }) },
  { name: 'wrong code', expect: 401, method: 'POST', path: '/v1/auth/otp/verify/sms', headers: AUTH,
    body: (c) => JSON.stringify({ loginId: c.loginId, code: String((Number(c.code) + 1) % 1_000_000).padStart(6, '0') }) },
  { name: 'wrong type', expect: 400, method: 'POST', path: '/v1/auth/otp/signin/sms', headers: AUTH, body: () => '{"loginId": 42}' },
  { name: 'missing field', expect: 400, method: 'POST', path: '/v1/auth/otp/verify/sms', headers: AUTH, body: (c) => JSON.stringify({ loginId: c.loginId }) },
  { name: 'unknown user sign-in', expect: 400, method: 'POST', path: '/v1/auth/otp/signin/sms', headers: AUTH,
    body: (c) => JSON.stringify({ loginId: `nobody-${c.loginId}` }) },
  { name: 'unknown user verify', expect: 400, method: 'POST', path: '/v1/auth/otp/verify/sms', headers: AUTH,
    body: (c) => JSON.stringify({ loginId: `nobody-${c.loginId}`, code: '123456' }) },
  { name: 'valid verify', expect: 200, method: 'POST', path: '/v1/auth/otp/verify/sms', headers: AUTH,
    body: (c) => JSON.stringify({ loginId: c.loginId, code: c.code }) },
];

export type RobustnessResult = SectionResult<Record<string, unknown>>;

export async function runRobustness(log: (line: string) => void): Promise<RobustnessResult> {
  const problems: string[] = [];
  const emulator = await startEmulator();
  try {
    let flowNo = 0;
    const unexpected: Record<string, Record<number, number>> = {};
    const answered: Record<string, number> = {};
    const requests = STEPS.map((step, index) => ({
      method: step.method,
      path: step.path,
      headers: step.headers,
      setupRequest: (request: any, context: Record<string, any>) => {
        if (index === 0) context.loginId = `bench-robust-${flowNo++}`;
        return { ...request, body: step.body(context) };
      },
      onResponse: (status: number, body: string, context: Record<string, any>) => {
        answered[step.name] = (answered[step.name] ?? 0) + 1;
        if (status !== step.expect) ((unexpected[step.name] ??= {})[status] = (unexpected[step.name]![status] ?? 0) + 1);
        if (step.name === 'generate' && status === 200) context.code = JSON.parse(body).code;
      },
    }));
    // Malformed JSON beside it, until the autocannon run ends.
    const malformed = { sent: 0, statuses: {} as Record<number, number>, errors: 0 };
    let running = true;
    const malformedLoop = async () => {
      while (running) {
        malformed.sent++;
        try {
          const status = await rawPost(emulator.url, '/v1/auth/otp/signin/sms', '{"loginId": "x",', AUTH);
          malformed.statuses[status] = (malformed.statuses[status] ?? 0) + 1;
        } catch {
          malformed.errors++;
        }
      }
    };
    const loops = Array.from({ length: 4 }, malformedLoop);
    const result = await cannon({ url: emulator.url, connections: CONNECTIONS, duration: SECONDS, requests });
    running = false;
    await Promise.all(loops);
    const malformedOk = malformed.statuses[400] ?? 0;
    if (malformedOk !== malformed.sent) {
      (unexpected['malformed JSON'] ??= {})[0] = malformed.sent - malformedOk;
    }
    const t = trouble(result);
    t.errors += malformed.errors;
    const rate = (result.requests.total + malformed.sent) / result.duration;
    const validVerifies = answered['valid verify'] ?? 0;
    const validOk = validVerifies - Object.values(unexpected['valid verify'] ?? {}).reduce((a, b) => a + b, 0);

    // Afterwards: still alive, and a whole flow still works.
    const loginId = `bench-robust-after-${Date.now()}`;
    const after = [
      await call(emulator.url, 'POST', '/v1/mgmt/user/create/test', { loginId, phone: '+15550009999' }, MGMT),
      await call(emulator.url, 'POST', '/v1/mgmt/tests/generate/otp', { loginId, deliveryMethod: 'sms' }, MGMT),
    ];
    after.push(await call(emulator.url, 'POST', '/v1/auth/otp/signin/sms', { loginId }));
    after.push(await call(emulator.url, 'POST', '/v1/auth/otp/verify/sms', { loginId, code: after[1]!.body?.code }));
    const servesAfter = after.every((r) => r.status === 200) && emulator.process.exitCode === null;

    if (t.fiveXx) problems.push(`robustness: ${t.fiveXx} 5xx responses`);
    if (t.errors || t.timeouts) problems.push(`robustness: ${t.errors} connection errors, ${t.timeouts} timeouts`);
    if (Object.keys(unexpected).length) problems.push(`robustness: unexpected statuses ${JSON.stringify(unexpected)}`);
    if (validOk !== validVerifies) problems.push(`robustness: ${validVerifies - validOk} valid flows did not verify`);
    if (!servesAfter) problems.push(`robustness: the emulator does not serve afterwards (${after.map((r) => r.status).join(', ')})`);
    if (errorLines(emulator)) problems.push(`robustness: emulator logged ${errorLines(emulator)} error lines`);
    log(`  ${result.requests.total.toLocaleString('en-US')} requests + ${malformed.sent} malformed (${JSON.stringify(malformed.statuses)}) in ${result.duration} s (${rate.toFixed(0)} req/s), ` +
      `${validOk}/${validVerifies} valid flows verified, 5xx ${t.fiveXx}, errors ${t.errors}, timeouts ${t.timeouts}, ` +
      `unexpected ${JSON.stringify(unexpected)}, serves afterwards: ${servesAfter}`);

    const clean = !t.fiveXx && !t.errors && !t.timeouts && !Object.keys(unexpected).length;
    const rows: Row[] = [
      {
        section: 'robustness', figure: `mixed traffic ${SECONDS} s, ${CONNECTIONS} connections`, value: rate, unit: 'req/s',
        target: '0 5xx, 0 errors/timeouts, statuses as profiled', met: clean,
        note: `${result.requests.total} + ${malformed.sent} malformed requests; 5xx ${t.fiveXx}, errors ${t.errors}, timeouts ${t.timeouts}`,
      },
      {
        section: 'robustness', figure: 'valid flows verified', value: validOk, unit: 'flows',
        baseline: { name: 'valid verifies sent', value: validVerifies, unit: '' }, ratio: validVerifies ? validOk / validVerifies : undefined,
        target: 'all, and serves afterwards', met: validOk === validVerifies && validVerifies > 0 && servesAfter,
      },
    ];
    return { rows, problems, raw: { seconds: SECONDS, connections: CONNECTIONS, rate, total: result.requests.total, answered, malformed, unexpected, trouble: t, servesAfter } };
  } finally {
    await emulator.stop();
  }
}
