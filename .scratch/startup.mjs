import { spawn } from 'node:child_process';
const args = process.argv.slice(2);
const times = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise((res) => child.stdout.on('data', (d) => { if (/listening on/.test(String(d))) res(); }));
  times.push(performance.now() - t0);
  child.kill('SIGTERM');
  await new Promise((res) => child.on('exit', res));
}
times.sort((a, b) => a - b);
console.log(args.join(' '), 'median', times[2].toFixed(0), 'ms', times.map((t) => t.toFixed(0)).join(' '));
