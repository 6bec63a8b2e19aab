import type { Reporter, TestCase, TestResult, FullResult } from '@playwright/test/reporter';
const t0 = Number(process.env.T0 || Date.now());
const log = (s: string) => process.stderr.write(`[tl ${(Date.now() - t0).toString().padStart(6)}] ${s}\n`);
export default class Timeline implements Reporter {
  first = new Map<number, number>();
  last = new Map<number, number>();
  onConfigure() { log('configure'); }
  onBegin() { log('begin'); }
  onTestBegin(t: TestCase, r: TestResult) { if (!this.first.has(r.workerIndex)) { this.first.set(r.workerIndex, 1); log(`worker ${r.workerIndex} first test ${t.title.slice(0,50)}`); } }
  onTestEnd(t: TestCase, r: TestResult) { this.last.set(r.workerIndex, Date.now()); if (r.duration > 150) log(`w${r.workerIndex} ${r.duration}ms ${t.title.slice(0,60)}`); }
  onStdErr(chunk: string | Buffer) { const s = String(chunk); if (/\[tl/.test(s)) process.stderr.write(s); }
  async onEnd(r: FullResult) { for (const [w, t] of this.last) log(`worker ${w} last test ended at ${t - t0}`); log(`end ${r.status}`); }
  async onExit() { log('exit'); }
}
