// lib/run-bundled.mjs: a TypeScript entry runs from its cached bundle as it would through a loader,
// and an edit is always what runs. Each test runs the launcher as a process on entries of its own,
// with a cache of its own (RUN_BUNDLED_CACHE_DIR).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { paths } from '../../../lib/paths.ts';

interface Launch {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface Sandbox {
  dir: string;
  cache: string;
  write(file: string, source: string): void;
  launch(args: string[], cache?: string): Promise<Launch>;
  /** The builds in the cache (one directory each). */
  builds(): string[];
}

const test = base.extend<{ sandbox: Sandbox }>({
  sandbox: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'run-bundled-'));
    const cache = join(dir, 'cache');
    const sandbox: Sandbox = {
      dir,
      cache,
      write: (file, source) => writeFileSync(join(dir, 'src', file), source),
      launch: (args, cacheDir = cache) =>
        new Promise((resolve, reject) => {
          const child = spawn(process.execPath, [paths.runBundled, join(dir, 'src', 'entry.ts'), ...args], { env: { ...process.env, RUN_BUNDLED_CACHE_DIR: cacheDir } });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
          child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
          child.on('error', reject);
          child.on('close', (code) => resolve({ code, stdout, stderr }));
        }),
      builds: () => readdirSync(cache).filter((name) => !name.endsWith('.json')),
    };
    mkdirSync(join(dir, 'src'));
    // As in this repository: .ts files are ES modules.
    writeFileSync(join(dir, 'src', 'package.json'), '{ "type": "module" }\n');
    sandbox.write('entry.ts', "import { where, answer } from './dep.ts';\nconsole.log(`${answer} ${where} ${process.argv.slice(1).join(' ')}`);\nif (process.argv.includes('--boom')) throw new Error('boom from the entry');\n");
    sandbox.write('dep.ts', "export const where: string = import.meta.dirname;\nexport const answer: number = 1;\n");
    await use(sandbox);
    rmSync(dir, { recursive: true, force: true });
  },
});

test.describe('run-bundled', () => {
  test('runs the entry with its own command line, each module with its own import.meta, from a bundle', async ({ sandbox }) => {
    const run = await sandbox.launch(['--flag', 'value']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`1 ${join(sandbox.dir, 'src')} ${join(sandbox.dir, 'src', 'entry.ts')} --flag value\n`);
    expect(run.code).toBe(0);
    expect(sandbox.builds()).toHaveLength(1);
  });

  test('an edit is what runs next: a build is kept while its sources are unchanged, and rebuilt once one changes', async ({ sandbox }) => {
    await sandbox.launch([]);
    await test.step('unchanged: the same build runs again', async () => {
      expect((await sandbox.launch([])).stdout).toMatch(/^1 /);
      expect(sandbox.builds()).toHaveLength(1);
    });
    await test.step('a module it imports changes', async () => {
      sandbox.write('dep.ts', "export const where: string = import.meta.dirname;\nexport const answer: number = 2;\n");
      expect((await sandbox.launch([])).stdout).toMatch(/^2 /);
      expect(sandbox.builds()).toHaveLength(2);
    });
    await test.step('the entry imports a new module', async () => {
      sandbox.write('three.ts', 'export const answer: number = 3;\n');
      sandbox.write('entry.ts', "import { answer } from './three.ts';\nconsole.log(String(answer));\n");
      expect((await sandbox.launch([])).stdout).toBe('3\n');
      sandbox.write('three.ts', 'export const answer: number = 33;\n');
      expect((await sandbox.launch([])).stdout).toBe('33\n');
    });
  });

  test('processes started together after an edit all run the edit', async ({ sandbox }) => {
    await sandbox.launch([]);
    sandbox.write('dep.ts', "export const where: string = 'edited';\nexport const answer: number = 5;\n");
    const runs = await Promise.all(Array.from({ length: 4 }, () => sandbox.launch([])));
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^5 edited /);
    }
  });

  test('an error names the TypeScript source and line, and the entry runs once', async ({ sandbox }) => {
    const run = await sandbox.launch(['--boom']);
    expect(run.code).toBe(1);
    expect(run.stdout.match(/^1 /gm)).toHaveLength(1);
    expect(run.stderr).toContain('boom from the entry');
    expect(run.stderr).toContain(`${join(sandbox.dir, 'src', 'entry.ts')}:3:`);
  });

  test('a cache that cannot be written: the entry runs through tsx, and says so', async ({ sandbox }) => {
    const notADirectory = join(sandbox.dir, 'a-file');
    writeFileSync(notADirectory, '');
    const run = await sandbox.launch(['x'], join(notADirectory, 'cache'));
    expect(run.stdout).toBe(`1 ${join(sandbox.dir, 'src')} ${join(sandbox.dir, 'src', 'entry.ts')} x\n`);
    expect(run.stderr).toMatch(/^run-bundled: ENOTDIR.*running .*entry\.ts through tsx's loader\n$/);
    expect(run.code).toBe(0);
  });
});
