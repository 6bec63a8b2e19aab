// Runs a TypeScript entry point without tsx's loader:  node lib/run-bundled.mjs <entry.ts> [args…]
//
// Why: tsx's loader costs a process about 0.33 s before its first line here (a loader thread, and a
// round trip to it for every import). For the processes a user waits on at every start (the
// emulator, `npm run conformance`), esbuild bundles the entry and the repository modules it imports
// into ES modules instead; packages stay external (Node loads them from node_modules as usual).
// The emulator listens about 0.3 s sooner (bench/README.md).
//
// The bundle is kept under node_modules/.cache/run-bundled (RUN_BUNDLED_CACHE_DIR moves it) with
// the content hash of every file it was built from, and rebuilt as soon as one of them differs, so
// an edit is always what runs. Builds are written whole and then renamed into place, so processes
// starting together never see half a bundle. If anything on that way fails (no esbuild, a cache
// that cannot be written), the entry runs through tsx's loader instead: it always runs.
//
// What a bundle changes, and how it is kept the same: each module's import.meta.{url,filename,
// dirname} is its own source file's (rewritten at build time); dynamic imports stay separate chunks
// that load when they are imported (cli.ts relies on that to make a key while the rest loads);
// stack traces name the .ts sources (inline source maps, Node's source-map support turned on).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..');
const cacheDir = process.env.RUN_BUNDLED_CACHE_DIR || join(root, 'node_modules', '.cache', 'run-bundled');
/** Builds of an entry older than this, other than the current one, are removed: every process started from one has long since loaded its chunks. */
const STALE_BUILD_MS = 60 * 60 * 1000;

const sha1 = (data) => createHash('sha1').update(data).digest('hex');

/** The entry's cache name: readable, and unique per absolute path. */
function cacheId(entry) {
  const readable = relative(root, entry).replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(-60);
  return `${readable}-${sha1(entry).slice(0, 8)}`;
}

/** The built entry module of a manifest whose every input still has the content it was built from. */
function freshBuild(manifestFile) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch {
    return undefined;
  }
  for (const [file, hash] of Object.entries(manifest.inputs)) {
    let content;
    try {
      content = readFileSync(file);
    } catch {
      return undefined;
    }
    if (sha1(content) !== hash) return undefined;
  }
  const built = join(cacheDir, manifest.build, manifest.main);
  return existsSync(built) ? built : undefined;
}

/** import.meta of a source file, as literals: a bundle's own would be the bundle's. */
function ownImportMeta(file, source) {
  if (!source.includes('import.meta')) return source;
  return source
    .replace(/\bimport\.meta\.dirname\b/g, JSON.stringify(dirname(file)))
    .replace(/\bimport\.meta\.filename\b/g, JSON.stringify(file))
    .replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(file).href));
}

async function build(entry, id) {
  const esbuild = await import('esbuild');
  const inputs = {};
  const outdir = join(cacheDir, `${id}.out-${process.pid}`);
  const result = await esbuild.build({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    sourcesContent: false,
    outdir,
    // .mjs: ES modules wherever the cache is, whatever the nearest package.json says.
    outExtension: { '.js': '.mjs' },
    write: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'own-import-meta',
        setup(on) {
          // Every source file goes through here, so the manifest hashes exactly what was bundled.
          on.onLoad({ filter: /\.(ts|mts|json)$/ }, ({ path }) => {
            const source = readFileSync(path, 'utf8');
            inputs[path] = sha1(source);
            return path.endsWith('.json') ? { contents: source, loader: 'json' } : { contents: ownImportMeta(path, source), loader: 'ts' };
          });
        },
      },
    ],
  });
  await esbuild.stop();
  const buildId = `${id}.${sha1(result.outputFiles.map((file) => `${relative(outdir, file.path)}\0${sha1(file.contents)}`).join('\n')).slice(0, 12)}`;
  const buildDir = join(cacheDir, buildId);
  if (!existsSync(buildDir)) {
    const staging = `${buildDir}.tmp-${process.pid}`;
    for (const file of result.outputFiles) {
      mkdirSync(dirname(join(staging, relative(outdir, file.path))), { recursive: true });
      writeFileSync(join(staging, relative(outdir, file.path)), file.contents);
    }
    try {
      renameSync(staging, buildDir);
    } catch (error) {
      // Another process put the same build there first.
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(buildDir)) throw error;
    }
  }
  const main = `${basename(entry).replace(/\.[cm]?ts$/, '')}.mjs`;
  const manifestFile = join(cacheDir, `${id}.json`);
  writeFileSync(`${manifestFile}.tmp-${process.pid}`, JSON.stringify({ entry, build: buildId, main, inputs }));
  renameSync(`${manifestFile}.tmp-${process.pid}`, manifestFile);
  removeStaleBuilds(id, buildId);
  return join(buildDir, main);
}

function removeStaleBuilds(id, current) {
  for (const name of readdirSync(cacheDir)) {
    if (!name.startsWith(`${id}.`) || name === current || name.endsWith('.json')) continue;
    const path = join(cacheDir, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_BUILD_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Gone already, or another process's.
    }
  }
}

async function bundled(entry) {
  const id = cacheId(entry);
  mkdirSync(cacheDir, { recursive: true });
  return freshBuild(join(cacheDir, `${id}.json`)) ?? (await build(entry, id));
}

/**
 * Runs `entry` (a .ts file) in this process, as `node <entry> [args…]` would with a TypeScript loader:
 * from its cached bundle, or through tsx's loader when bundling fails.
 * @param {string} entry
 * @param {string[]} args
 */
export async function runBundled(entry, args) {
  entry = resolve(entry);
  // The entry sees the command line it would have had: node <entry> [args…].
  process.argv = [process.argv[0], entry, ...args];
  let module;
  try {
    module = await bundled(entry);
  } catch (error) {
    process.stderr.write(`run-bundled: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}; running ${relative(root, entry)} through tsx's loader\n`);
  }
  if (module) {
    process.setSourceMapsEnabled(true);
    await import(pathToFileURL(module).href);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    await import(pathToFileURL(entry).href);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  const [entry, ...args] = process.argv.slice(2);
  if (!entry) {
    process.stderr.write('usage: node lib/run-bundled.mjs <entry.ts> [args…]\n');
    process.exit(2);
  }
  await runBundled(entry, args);
}
