// Profiles the emulator under one kind of load and names where its CPU goes:
//   node --import tsx bench/profile.ts signin|verify [seconds]
// The emulator runs as its own process with --cpu-prof; the load is sign-ins over 1,000 users or
// verifies of fresh generated codes. Prints the server's CPU per request, then the functions with
// the most self time (idle left out) and the emulator's own functions by inclusive time.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUTH, cannon, cpuSeconds, createTestUsers, generateCodes, startEmulator } from './lib.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

const label = (node: ProfileNode) =>
  `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/.*\/node_modules\//, '').replace(/^file:\/\/.*?\/(emulator|specs|bench)\//, '$1/')}`;

function summarise(file: string, top = 25): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  let busy = 0;
  const selfByName = new Map<string, number>();
  const inclusiveByName = new Map<string, number>();
  for (const [id, time] of self) {
    const name = label(byId.get(id)!);
    if (name.startsWith('(idle)')) continue;
    busy += time;
    selfByName.set(name, (selfByName.get(name) ?? 0) + time);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const up = label(byId.get(at)!);
      if (seen.has(up)) continue;
      seen.add(up);
      inclusiveByName.set(up, (inclusiveByName.get(up) ?? 0) + time);
    }
  }
  const show = (entries: [string, number][]) =>
    entries.slice(0, top).forEach(([name, time]) => console.log(`  ${((100 * time) / busy).toFixed(1).padStart(5)}%  ${name}`));
  console.log(`busy ${(busy / 1000).toFixed(0)} ms; self time, share of busy:`);
  show([...selfByName].sort((a, b) => b[1] - a[1]));
  console.log('emulator functions, inclusive:');
  show([...inclusiveByName].filter(([name]) => /emulator\/|specs\//.test(name)).sort((a, b) => b[1] - a[1]));
}

async function main(): Promise<void> {
  const mode = process.argv[2] ?? 'signin';
  const seconds = Number(process.argv[3] ?? 5);
  const dir = mkdtempSync(join(tmpdir(), 'bench-profile-'));
  const emulator = await startEmulator([], ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  try {
    const loginIds = await createTestUsers(emulator.url, 'profile', mode === 'verify' ? 3000 : 1000);
    const cpu0 = cpuSeconds(emulator.pid);
    let answered = 0;
    if (mode === 'verify') {
      const pool = (await generateCodes(emulator.url, loginIds)).map((entry) => JSON.stringify(entry));
      let next = 0;
      const result = await cannon({
        url: emulator.url, connections: 16, amount: pool.length - 32,
        requests: [{ method: 'POST', path: '/v1/auth/otp/verify/sms', headers: AUTH, setupRequest: (request) => ({ ...request, body: pool[next++] }) }],
      });
      answered = result['2xx'];
    } else {
      const requests = loginIds.map((loginId) => ({ method: 'POST', path: '/v1/auth/otp/signin/sms', headers: AUTH, body: JSON.stringify({ loginId }) }));
      answered = (await cannon({ url: emulator.url, connections: 16, duration: seconds, requests })).requests.total;
    }
    console.log(`${mode}: ${answered} requests, ${(((cpuSeconds(emulator.pid) - cpu0) * 1e6) / answered).toFixed(0)} µs server CPU each (profiler on)`);
  } finally {
    await emulator.stop();
  }
  // One profile per thread; the main thread's is the largest (the others are tsx's loader).
  const files = readdirSync(dir).map((name) => join(dir, name));
  const main = files.sort((a, b) => readFileSync(b).length - readFileSync(a).length)[0];
  if (main) summarise(main);
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
