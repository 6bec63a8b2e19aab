// The projects' RSA key pairs, made ahead. An RSA-2048 key takes 0.1 to 0.7 s to make here, off the
// main thread, so two are kept ready, made one after the other: the first from the moment this module
// runs, and a new one queued each time one is taken. A test that creates projects back to back (the
// clock tests do, four within half a second) then finds keys made; with one ahead it waited
// 0.2-0.3 s a run for them (measured), and making them one at a time keeps the start-up's cores free.
//
// This module imports nothing but node's own crypto, so that the CLI can run it before it loads the
// rest of the emulator: ESM runs a module only once its whole import graph has loaded (about 0.5 s of
// fastify, ajv, jose and the emulator here), and the first key is then made in that time, not after.
import { webcrypto } from 'node:crypto';

/** What jose's `generateKeyPair('RS256', { extractable: true })` makes, asked of WebCrypto directly. */
const RS256_KEY = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength: 2048, publicExponent: Uint8Array.of(1, 0, 1) };

function makeKeyPair(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(RS256_KEY, true, ['sign', 'verify']) as Promise<webcrypto.CryptoKeyPair>;
}

const KEYS_AHEAD = 2;
const ahead: Promise<webcrypto.CryptoKeyPair>[] = [];

function queueKeys(): void {
  while (ahead.length < KEYS_AHEAD) {
    const previous = ahead.at(-1);
    // After the one before it, made or failed: never two made at once.
    const pair = previous ? previous.then(makeKeyPair, makeKeyPair) : makeKeyPair();
    // Never an unhandled rejection for a key nobody asked for yet; its user sees the error.
    pair.catch(() => undefined);
    ahead.push(pair);
  }
}
queueKeys();

/** The oldest key pair made ahead (or still being made); another is queued behind the rest. */
export function nextKeyPair(): Promise<webcrypto.CryptoKeyPair> {
  const pair = ahead.shift()!;
  queueKeys();
  return pair;
}
