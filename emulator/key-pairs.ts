// The projects' RSA key pairs. Making an RSA-2048 key takes 0.1 to 0.7 s of CPU here; an emulator
// serving a conformance run needs five to seven (its own project's, and one for each project a test
// creates), a mutation run's about fifty. So keys are kept between starts, as the real service keeps
// a project's signing key: a start takes the cached keys in order (the main project the first, each
// project created after it the next), so no two projects of one emulator share a key, and only keys
// the cache does not hold yet are made, and then added to it. EMULATOR_KEY_CACHE names another
// file, or `off` for new keys at every start. The cache holds private keys: it is written for its
// owner only (0600), under node_modules/.cache, and never logged.
//
// Keys to be made are made one at a time, off the main thread, two ahead of need: a test that
// creates projects back to back (the clock tests do, four within half a second) then finds them
// ready, and the start-up's cores stay free.
//
// This module imports nothing but node's own modules, so that the CLI can start it (`startKeys`)
// before it loads the rest of the emulator: ESM runs a module only once its whole import graph has
// loaded (about 0.5 s of fastify, ajv, jose and the emulator here), and the first key is read or
// made in that time.
import { webcrypto } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

type KeyPair = webcrypto.CryptoKeyPair;
type Jwk = webcrypto.JsonWebKey;

/** What jose's `generateKeyPair('RS256', { extractable: true })` makes, asked of WebCrypto directly. */
const RS256_KEY = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength: 2048, publicExponent: Uint8Array.of(1, 0, 1) };
/** A mutation run's emulator takes about 50; more than this many are made fresh and not kept. */
const MOST_KEPT = 64;
const KEYS_AHEAD = 2;

const DEFAULT_KEY_CACHE = join(import.meta.dirname, '..', 'node_modules', '.cache', 'descope-otp-emulator', 'rsa-keys.json');

export interface KeySource {
  /** The next project's key pair: the next cached one, or one made (and then cached). */
  next(): Promise<KeyPair>;
}

/** An RSA-2048 private key as JWK, with every member an RS256 key needs; anything else is not ours. */
function isCachedKey(jwk: unknown): jwk is Jwk {
  const key = jwk as Jwk;
  return typeof key === 'object' && key !== null && key.kty === 'RSA' && key.e === 'AQAB' && typeof key.n === 'string' && key.n.length === 342 &&
    ['d', 'p', 'q', 'dp', 'dq', 'qi'].every((member) => typeof key[member as keyof Jwk] === 'string');
}

function readCache(file: string): Jwk[] {
  try {
    const keys = (JSON.parse(readFileSync(file, 'utf8')) as { keys?: unknown }).keys;
    return Array.isArray(keys) ? keys.filter(isCachedKey) : [];
  } catch {
    return []; // none yet, or not readable: keys are made
  }
}

/** Writes the keys whole and renames them into place: a process reading at the same time sees the old or the new list. */
function writeCache(file: string, keys: Jwk[]): void {
  try {
    // Another start may have added keys meanwhile: the longer list stays.
    if (readCache(file).length > keys.length) return;
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify({ keys }), { mode: 0o600 });
    renameSync(partial, file);
  } catch {
    // A cache that cannot be written only means keys are made again next time.
  }
}

/** A cached pair, once it has signed something its public half verifies (a few ms; making one takes 100 or more). */
async function importPair(jwk: Jwk): Promise<KeyPair> {
  const [privateKey, publicKey] = await Promise.all([
    webcrypto.subtle.importKey('jwk', jwk, RS256_KEY, true, ['sign']),
    webcrypto.subtle.importKey('jwk', { kty: 'RSA', n: jwk.n, e: jwk.e }, RS256_KEY, true, ['verify']),
  ]);
  const probe = Buffer.from('descope-otp-emulator key check');
  const signature = await webcrypto.subtle.sign(RS256_KEY.name, privateKey, probe);
  if (!(await webcrypto.subtle.verify(RS256_KEY.name, publicKey, signature, probe))) throw new Error('cached key pair does not match');
  return { privateKey, publicKey };
}

function makePair(): Promise<KeyPair> {
  return webcrypto.subtle.generateKey(RS256_KEY, true, ['sign', 'verify']) as Promise<KeyPair>;
}

/** Key pairs from `cacheFile` (undefined: none kept), the first ones queued at once. */
export function createKeySource(cacheFile: string | undefined): KeySource {
  const kept = cacheFile ? readCache(cacheFile) : [];
  const ahead: Promise<KeyPair>[] = [];
  let queued = 0;
  let lastMade: Promise<unknown> = Promise.resolve();

  /** A made pair joins the cache at its place: the next one, or in place of a cached one that failed. */
  const keep = async (index: number, pair: KeyPair) => {
    if (!cacheFile || index > kept.length || index >= MOST_KEPT) return;
    kept[index] = await webcrypto.subtle.exportKey('jwk', pair.privateKey);
    writeCache(cacheFile, kept);
  };

  const makeInTurn = (index: number): Promise<KeyPair> => {
    // After the one made before it, made or failed: never two made at once.
    const made = lastMade.then(makePair, makePair);
    lastMade = made.then((pair) => keep(index, pair)).catch(() => undefined);
    return made;
  };

  const pairAt = (index: number): Promise<KeyPair> => {
    const cached = kept[index];
    // One that does not import or does not match is not used: a pair is made (and kept) in its place.
    return cached ? importPair(cached).catch(() => makeInTurn(index)) : makeInTurn(index);
  };

  const queue = () => {
    while (ahead.length < KEYS_AHEAD) {
      const pair = pairAt(queued++);
      // Never an unhandled rejection for a key nobody asked for yet; its user sees the error.
      pair.catch(() => undefined);
      ahead.push(pair);
    }
  };
  queue();

  return {
    next() {
      const pair = ahead.shift()!;
      queue();
      return pair;
    },
  };
}

let keys: KeySource | undefined;

/** Starts reading or making the first pairs; the CLI calls it first thing, the first project otherwise. */
export function startKeys(): KeySource {
  const configured = process.env.EMULATOR_KEY_CACHE;
  return (keys ??= createKeySource(configured === 'off' ? undefined : configured || DEFAULT_KEY_CACHE));
}

/** The next project's key pair (this process's projects never share one). */
export function nextKeyPair(): Promise<KeyPair> {
  return startKeys().next();
}
