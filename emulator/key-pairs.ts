// The projects' RSA key pairs, made ahead. An RSA-2048 key takes 0.1 to 0.7 s to make here, off the
// main thread, so one is always being made: the first from the moment this module runs, the next as
// soon as one is taken, so that a project created later (a test's own) gets one at once.
//
// This module imports nothing but node's own crypto, so that the CLI can run it before it loads the rest of the emulator:
// ESM runs a module only once its whole import graph has loaded (about 0.5 s of fastify, ajv, jose
// and the emulator here), and the first key is then made in that time instead of after it.
import { webcrypto } from 'node:crypto';

/** What jose's `generateKeyPair('RS256', { extractable: true })` makes, asked of WebCrypto directly. */
const RS256_KEY = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength: 2048, publicExponent: Uint8Array.of(1, 0, 1) };

function makeKeyPair(): Promise<webcrypto.CryptoKeyPair> {
  const pair = webcrypto.subtle.generateKey(RS256_KEY, true, ['sign', 'verify']) as Promise<webcrypto.CryptoKeyPair>;
  // Never an unhandled rejection for a key nobody asked for yet; its user sees the error.
  pair.catch(() => undefined);
  return pair;
}

let keyAhead = makeKeyPair();

/** The key pair made ahead (or still being made), and the next one started. */
export function nextKeyPair(): Promise<webcrypto.CryptoKeyPair> {
  const pair = keyAhead;
  keyAhead = makeKeyPair();
  return pair;
}
