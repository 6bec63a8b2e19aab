// Preloaded into the emulator's process for the memory benchmark (`--expose-gc --import
// ./bench/gc-preload.ts`): on SIGUSR2 it runs a full GC twice and writes memoryUsage() as JSON to
// BENCH_MEMORY_FILE, so the bench reads RSS with no garbage pending. The emulator is untouched.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_MEMORY_FILE;
const gc = (globalThis as { gc?: () => void }).gc;

process.on('SIGUSR2', () => {
  gc?.();
  gc?.();
  if (file) writeFileSync(file, JSON.stringify({ gc: Boolean(gc), at: Date.now(), ...process.memoryUsage() }));
});
