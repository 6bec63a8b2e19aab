// The projects' key pairs (emulator/key-pairs.ts): each taken pair is a usable RS256 pair, distinct
// from the others one emulator takes; pairs are made one at a time; made pairs are kept in the cache
// and the next start takes the same ones in the same order without making any; a cache that is
// corrupt, or none at all, only means pairs are made.
import { webcrypto } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { createKeySource, type KeySource } from '../../../emulator/key-pairs.ts';

const subtle = webcrypto.subtle;

/** Counts the pairs WebCrypto makes while `during` runs, and the most made at once. */
async function countingMade<T>(during: () => Promise<T>): Promise<{ result: T; made: number; mostAtOnce: number }> {
  const generateKey = subtle.generateKey.bind(subtle);
  let making = 0;
  let mostAtOnce = 0;
  let made = 0;
  subtle.generateKey = (async (...args: Parameters<typeof generateKey>) => {
    mostAtOnce = Math.max(mostAtOnce, ++making);
    try {
      return await generateKey(...args);
    } finally {
      making--;
      made++;
    }
  }) as typeof subtle.generateKey;
  try {
    return { result: await during(), made, mostAtOnce };
  } finally {
    subtle.generateKey = generateKey;
  }
}

const modulus = async (pair: webcrypto.CryptoKeyPair) => (await subtle.exportKey('jwk', pair.publicKey)).n!;
const take = (source: KeySource, count: number) => Promise.all(Array.from({ length: count }, () => source.next()));
/** Pairs the cache file holds (0 until it is written); it grows as the queue behind the taken pairs makes its pairs too. */
function cachedCount(file: string): number {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { keys: unknown[] }).keys.length;
  } catch {
    return 0;
  }
}

let dir: string;
test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'key-cache-'));
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('pairs made are kept, and the next start takes the same ones in the same order without making any', async () => {
  const file = join(dir, 'nested', 'rsa-keys.json');
  const first = await take(createKeySource(file), 3);
  // The two queued behind them are made and kept as well.
  await expect.poll(() => cachedCount(file)).toBe(5);
  expect(statSync(file).mode & 0o777, 'private keys: readable by their owner only').toBe(0o600);

  // Three taken, two queued behind them: all five from the cache.
  const { result: second, made } = await countingMade(() => take(createKeySource(file), 3));
  expect(made, 'every pair came from the cache').toBe(0);
  expect(await Promise.all(second.map(modulus))).toEqual(await Promise.all(first.map(modulus)));
  const signature = await subtle.sign('RSASSA-PKCS1-v1_5', second[0]!.privateKey, Buffer.from('payload'));
  expect(await subtle.verify('RSASSA-PKCS1-v1_5', first[0]!.publicKey, signature, Buffer.from('payload')), 'the same key, signing').toBe(true);
});

test('a cache that is not ours is ignored and replaced: pairs are made', async () => {
  const file = join(dir, 'rsa-keys.json');
  writeFileSync(file, '{"keys": [{"kty": "RSA", "n": "short"}], "trailing": ');
  const { result: pairs, made } = await countingMade(() => take(createKeySource(file), 2));
  expect(made).toBeGreaterThanOrEqual(2);
  expect(new Set(await Promise.all(pairs.map(modulus))).size).toBe(2);
  // The two taken and the two queued behind them.
  await expect.poll(() => cachedCount(file)).toBe(4);
});

test('a cached pair whose halves do not match is not used: a pair is made in its place', async () => {
  const file = join(dir, 'rsa-keys.json');
  // One taken, two queued behind it.
  await take(createKeySource(file), 1);
  await expect.poll(() => cachedCount(file)).toBe(3);
  const [first, second] = (JSON.parse(readFileSync(file, 'utf8')) as { keys: webcrypto.JsonWebKey[] }).keys;
  // The first pair's private half under the second's modulus: well-formed, but it cannot sign for it.
  writeFileSync(file, JSON.stringify({ keys: [{ ...first, n: second!.n }, second] }));
  const { result: [pair], made } = await countingMade(() => take(createKeySource(file), 1));
  expect(made, 'the mismatched pair was replaced by a made one').toBeGreaterThanOrEqual(1);
  const signature = await subtle.sign('RSASSA-PKCS1-v1_5', pair!.privateKey, Buffer.from('payload'));
  expect(await subtle.verify('RSASSA-PKCS1-v1_5', pair!.publicKey, signature, Buffer.from('payload'))).toBe(true);
  // The made pair takes the bad one's place in the cache: the next start takes it, making none.
  const firstCached = () => (JSON.parse(readFileSync(file, 'utf8')) as { keys: webcrypto.JsonWebKey[] }).keys[0]!.n;
  await expect.poll(firstCached).toBe(await modulus(pair!));
  const { result: [again], made: madeAgain } = await countingMade(() => take(createKeySource(file), 1));
  expect(madeAgain, 'the repaired cache is used as it is').toBe(0);
  expect(await modulus(again!), 'the pair made in the bad one\'s place').toBe(await modulus(pair!));
});

// Last: the pairs it queues are still being made when it ends, and no test after it counts pairs made.
test('projects created back to back get distinct, usable RS256 pairs, made one at a time', async () => {
  const { result: pairs, made, mostAtOnce } = await countingMade(() => take(createKeySource(undefined), 4));
  expect(new Set(await Promise.all(pairs.map(modulus))).size, 'four projects, four different keys').toBe(4);
  for (const pair of pairs) {
    expect(pair.privateKey.algorithm).toMatchObject({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, hash: { name: 'SHA-256' } });
    const signature = await subtle.sign('RSASSA-PKCS1-v1_5', pair.privateKey, Buffer.from('payload'));
    expect(await subtle.verify('RSASSA-PKCS1-v1_5', pair.publicKey, signature, Buffer.from('payload'))).toBe(true);
  }
  expect(made, 'without a cache every pair is made').toBeGreaterThanOrEqual(4);
  expect(mostAtOnce, 'pairs are made one after another, never side by side').toBe(1);
});
