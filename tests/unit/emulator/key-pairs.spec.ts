// The key pairs made ahead for projects (emulator/key-pairs.ts): each taken pair is a new, usable
// RS256 pair, and the queue behind them makes one at a time, so that keys made ahead never crowd
// the cores the emulator and a test run are starting on.
import { webcrypto } from 'node:crypto';
import { exportJWK } from 'jose';
import { nextKeyPair } from '../../../emulator/key-pairs.ts';
import { expect, test } from '@playwright/test';

test('projects created back to back get distinct RS256 pairs, made one at a time', async () => {
  const subtle = webcrypto.subtle;
  const generateKey = subtle.generateKey.bind(subtle);
  let making = 0;
  let mostAtOnce = 0;
  let made = 0;
  // Counts the keys being made from here on (those queued before this test are already on their way).
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
    const pairs = await Promise.all([nextKeyPair(), nextKeyPair(), nextKeyPair(), nextKeyPair()]);
    const moduli = await Promise.all(pairs.map(async (pair) => (await exportJWK(pair.publicKey)).n));
    expect(new Set(moduli).size, 'four projects, four different keys').toBe(4);
    for (const pair of pairs) {
      expect(pair.privateKey.algorithm).toMatchObject({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, hash: { name: 'SHA-256' } });
      const signature = await subtle.sign('RSASSA-PKCS1-v1_5', pair.privateKey, Buffer.from('payload'));
      expect(await subtle.verify('RSASSA-PKCS1-v1_5', pair.publicKey, signature, Buffer.from('payload'))).toBe(true);
    }
    // Keys queued while these were taken: wait for them, so that they are counted here.
    await Promise.all([nextKeyPair(), nextKeyPair()]);
    expect(made, 'the keys queued behind the ones taken were made').toBeGreaterThanOrEqual(4);
    expect(mostAtOnce, 'keys made ahead are made one after another, never side by side').toBe(1);
  } finally {
    subtle.generateKey = generateKey;
  }
});
