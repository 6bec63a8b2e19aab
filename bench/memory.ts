// Memory and state: 200,000 sign-ins spread over 1,000 users, with every code expiring through the
// clock endpoint between batches, must grow the emulator's resident memory by less than 30 MB over
// its warm baseline. The emulator runs as its own process; a preload (bench/gc-preload.ts, with
// --expose-gc) runs a full GC on SIGUSR2, and RSS is read from /proc/<pid>/status right after.
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { advanceClock, AUTH, cannon, call, createTestUsers, QUICK, ROOT, rssMb, sleep, startEmulator, trouble, type Child, type Row, type SectionResult } from './lib.ts';

const USERS = 1000;
const TOTAL = QUICK ? 20_000 : 200_000;
const BATCH = QUICK ? 5_000 : 20_000;
const WARM = QUICK ? 5_000 : 20_000;
const TARGET_MB = 30;

/** GC twice in the emulator, wait until it has written its numbers, then read RSS. */
async function quietMemory(emulator: Child, file: string): Promise<{ rssMb: number; heapUsedMb: number }> {
  await sleep(300); // let in-flight work and timers settle
  const before = Date.now();
  process.kill(emulator.pid, 'SIGUSR2');
  for (let i = 0; i < 100; i++) {
    await sleep(50);
    try {
      const usage = JSON.parse(readFileSync(file, 'utf8'));
      if (usage.at >= before) {
        if (!usage.gc) throw new Error('gc is not exposed in the emulator process');
        return { rssMb: rssMb(emulator.pid), heapUsedMb: usage.heapUsed / 2 ** 20 };
      }
    } catch (error) {
      if ((error as Error).message.includes('gc is not')) throw error;
    }
  }
  throw new Error('the emulator did not report its memory');
}

export type MemoryResult = SectionResult<Record<string, unknown>>;

export async function runMemory(log: (line: string) => void): Promise<MemoryResult> {
  const problems: string[] = [];
  const file = join(tmpdir(), `bench-memory-${process.pid}.json`);
  const preload = pathToFileURL(join(ROOT, 'bench/gc-preload.ts')).href;
  const emulator = await startEmulator([], ['--expose-gc', '--import', preload], { BENCH_MEMORY_FILE: file });
  try {
    const loginIds = await createTestUsers(emulator.url, 'bench-memory', USERS);
    const requests = loginIds.map((loginId) => ({ method: 'POST', path: '/v1/auth/otp/signin/sms', headers: AUTH, body: JSON.stringify({ loginId }) }));
    const signIns = async (amount: number) => {
      const result = await cannon({ url: emulator.url, connections: 16, amount, requests });
      const t = trouble(result);
      if (t.errors || t.timeouts || t.non2xx || result['2xx'] !== amount) {
        problems.push(`memory: batch of ${amount}: ${result['2xx']} answered 2xx, ${t.non2xx} non-2xx, ${t.errors} errors`);
      }
      return result;
    };

    // Warm: every user has had codes, the outbox ring is full, the JIT has settled.
    await signIns(WARM);
    await advanceClock(emulator.url, 200);
    const warm = await quietMemory(emulator, file);
    log(`  warm baseline RSS ${warm.rssMb.toFixed(1)} MB (heap ${warm.heapUsedMb.toFixed(1)} MB)`);

    const samples: { signIns: number; rssMb: number }[] = [];
    let done = 0;
    let seconds = 0;
    while (done < TOTAL) {
      const result = await signIns(BATCH);
      seconds += result.duration;
      done += BATCH;
      // Past the 180 s expiry: every code issued so far is now expired (or superseded).
      await advanceClock(emulator.url, 200);
      samples.push({ signIns: done, rssMb: rssMb(emulator.pid) });
    }
    const after = await quietMemory(emulator, file);
    // The codes are still retrievable the documented way: the outbox stays bounded.
    const outbox = await call(emulator.url, 'GET', '/emulator/v1/outbox');
    const outboxSize = Array.isArray(outbox.body?.messages) ? outbox.body.messages.length : -1;
    const growth = after.rssMb - warm.rssMb;
    log(`  after ${TOTAL.toLocaleString('en-US')} sign-ins (≥ ${(TOTAL / seconds).toFixed(0)}/s; autocannon rounds each batch up to whole seconds): RSS ${after.rssMb.toFixed(1)} MB ` +
      `(+${growth.toFixed(1)} MB), heap ${after.heapUsedMb.toFixed(1)} MB, outbox ${outboxSize} messages`);
    const rows: Row[] = [
      {
        section: 'memory', figure: `RSS growth after ${TOTAL.toLocaleString('en-US')} sign-ins / ${USERS} users`, value: growth, unit: 'MB',
        baseline: { name: 'warm RSS', value: warm.rssMb, unit: 'MB' }, ratio: growth / warm.rssMb,
        target: `< ${TARGET_MB} MB`, met: growth < TARGET_MB,
        note: `heap after GC ${warm.heapUsedMb.toFixed(1)} → ${after.heapUsedMb.toFixed(1)} MB; outbox ${outboxSize}`,
      },
    ];
    return { rows, problems, raw: { warm, after, samples, outboxSize, signInsPerSecond: TOTAL / seconds } };
  } finally {
    await emulator.stop();
    rmSync(file, { force: true });
  }
}
