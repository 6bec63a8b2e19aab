// A project's token signer: its RSA 2048 key (made ahead by key-pairs.ts; kept across resets so
// cached JWKS stay valid), RS256 session (drn DS) and refresh (drn DSR) JWTs, and refresh-JWT checks
// for step-up/MFA.
import { calculateJwkThumbprint, exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { nextKeyPair } from './key-pairs.ts';

const ALG = 'RS256';

export interface SessionClaims {
  sub: string;
  test: boolean;
  customClaims?: Record<string, string | number | boolean>;
  stepup?: boolean;
  mfa?: boolean;
}

export interface SignedSession {
  sessionJwt: string;
  refreshJwt: string;
  sessionExpiration: number;
  refreshExpiration: number;
}

/** Faults a signer can be asked to commit (emulator/faults.ts). */
export interface SigningFaults {
  /** Sign the session with a key that is not in the key set, under the published kid. */
  foreignKey?: boolean;
  /** Issue the session already expired (its lifetime unchanged, moved into the past). */
  alreadyExpired?: boolean;
}

export interface TokenSigner {
  readonly kid: string;
  /** Both tokens of one sign-in; `now` is the emulator clock in unix seconds. */
  signSession(claims: SessionClaims, now: number, lifetimes: { sessionSeconds: number; refreshSeconds: number }, faults?: SigningFaults): Promise<SignedSession>;
  /** The claims of a refresh JWT this signer issued and that is unexpired at `now`; else undefined. */
  verifyRefresh(jwt: string, now: number): Promise<JWTPayload | undefined>;
  /** A new session JWT from a valid refresh JWT's claims (POST /v1/auth/refresh): same user, same claims. */
  resignSession(refresh: JWTPayload, now: number, sessionSeconds: number): Promise<{ sessionJwt: string; sessionExpiration: number }>;
  jwks(): { keys: JWK[] };
}

export async function createTokenSigner(projectId: string): Promise<TokenSigner> {
  const { privateKey, publicKey } = await nextKeyPair();
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const jwk: JWK = { alg: ALG, e: publicJwk.e, kid, kty: publicJwk.kty, n: publicJwk.n, use: 'sig' };

  // Made only when the foreign-signing-key fault first asks for it.
  let foreignKey: Promise<CryptoKey> | undefined;
  const keyFor = (faults: SigningFaults) =>
    faults.foreignKey ? (foreignKey ??= generateKeyPair(ALG, { modulusLength: 2048 }).then((pair) => pair.privateKey)) : Promise.resolve(privateKey);

  const sign = async (payload: JWTPayload, iat: number, exp: number, key: Promise<CryptoKey> = Promise.resolve(privateKey)) =>
    new SignJWT(payload)
      // The JS SDK selects keys by kid; Python checks alg against the key's alg.
      .setProtectedHeader({ alg: ALG, kid, typ: 'JWT' })
      .setIssuer(projectId)
      .setSubject(String(payload.sub))
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(await key);

  return {
    kid,
    async signSession(claims, now, lifetimes, faults = {}) {
      const sessionIssuedAt = faults.alreadyExpired ? now - lifetimes.sessionSeconds - 60 : now;
      const sessionExpiration = sessionIssuedAt + lifetimes.sessionSeconds;
      const refreshExpiration = now + lifetimes.refreshSeconds;
      const amr = claims.mfa ? ['sms', 'mfa'] : ['sms'];
      // Custom claims first, so they can never overwrite the registered ones.
      const common: JWTPayload = {
        ...(claims.customClaims ?? {}),
        sub: claims.sub,
        amr,
        rexp: new Date(refreshExpiration * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        ...(claims.test ? { tu: true } : {}),
        ...(claims.stepup ? { su: true } : {}),
      };
      const [sessionJwt, refreshJwt] = await Promise.all([
        sign({ ...common, drn: 'DS' }, sessionIssuedAt, sessionExpiration, keyFor(faults)),
        sign({ ...common, drn: 'DSR' }, now, refreshExpiration),
      ]);
      return { sessionJwt, refreshJwt, sessionExpiration, refreshExpiration };
    },
    async verifyRefresh(jwt, now) {
      try {
        const { payload } = await jwtVerify(jwt, publicKey, {
          algorithms: [ALG],
          issuer: projectId,
          currentDate: new Date(now * 1000),
          clockTolerance: 0,
        });
        return payload.drn === 'DSR' ? payload : undefined;
      } catch {
        return undefined;
      }
    },
    async resignSession(refresh, now, sessionSeconds) {
      const { iat: _iat, exp: _exp, iss: _iss, drn: _drn, ...claims } = refresh;
      const sessionExpiration = now + sessionSeconds;
      return { sessionJwt: await sign({ ...claims, drn: 'DS' }, now, sessionExpiration), sessionExpiration };
    },
    jwks: () => ({ keys: [{ ...jwk }] }),
  };
}
