// Project state, all of it in one place: users (by loginId and userId), pending codes per user,
// wrong-attempt counts, send times for the throttle, the SMS outbox and the active faults.
// Nothing here knows HTTP; reset() empties everything.
import { randomFillSync } from 'node:crypto';
import type { FaultName, FaultOptions } from './faults.ts';

export type UserStatus = 'enabled' | 'disabled' | 'invited' | 'expired';

export interface UserRecord {
  userId: string;
  loginIds: string[];
  name: string;
  givenName: string;
  middleName: string;
  familyName: string;
  email: string;
  /** E.164, or '' when the user has none. */
  phone: string;
  verifiedEmail: boolean;
  verifiedPhone: boolean;
  status: UserStatus;
  test: boolean;
  roleNames: string[];
  userTenants: unknown[];
  customAttributes: Record<string, unknown>;
  picture: string;
  createdTime: number;
  /** Set on the first successful verify: the response's firstSeen is true only then. */
  seenAt?: number;
}

export interface CodeClaims {
  customClaims?: Record<string, string | number | boolean>;
  stepup: boolean;
  mfa: boolean;
}

export interface CodeRecord {
  id: string;
  userId: string;
  loginId: string;
  phone: string;
  code: string;
  /** 'sms' from a sign-in, 'generated' from the management API (never sent). */
  source: 'sms' | 'generated';
  sentAt: number;
  expiresAt: number;
  state: 'pending' | 'used' | 'replaced';
  claims: CodeClaims;
}

/** An SMS the emulator "sent": what the outbox lists (as the outbox schema's messages, with the code's record). */
export interface SentSms {
  id: string;
  body: string;
  record: CodeRecord;
}

const ID_CHAR_CODES = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'].map((char) => char.charCodeAt(0));
/** Random bytes drawn 4 KiB at a time: one call into the CSPRNG per ~150 IDs instead of 27 per ID. */
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

/** Descope-shaped IDs: a prefix letter and 27 characters (users are 'U…'). */
export function newId(prefix: string): string {
  const chars = new Array<number>(27);
  for (let i = 0; i < 27; ) {
    if (poolAt === pool.length) {
      randomFillSync(pool);
      poolAt = 0;
    }
    const byte = pool[poolAt++]!;
    // 248 = 4 × 62: bytes above it are dropped, so every character is equally likely.
    if (byte < 248) chars[i++] = ID_CHAR_CODES[byte % 62]!;
  }
  return prefix + String.fromCharCode(...chars);
}

export class ProjectStore {
  private readonly byLoginId = new Map<string, UserRecord>();
  private readonly byUserId = new Map<string, UserRecord>();
  /** userId → codes still pending (used and replaced ones are dropped from here). */
  readonly pendingCodes = new Map<string, CodeRecord[]>();
  /** userId → wrong verifies against the current pending code(s); a new code resets it. */
  readonly wrongAttempts = new Map<string, number>();
  /** userId → when the last SMS was sent, for the send throttle. */
  readonly lastSendAt = new Map<string, number>();
  /** client address → its current one-minute window, for the auth rate limit. */
  readonly rateWindows = new Map<string, { startMs: number; count: number }>();
  /** Refresh JWTs whose sessions were logged out (POST /v1/auth/logout). */
  readonly loggedOut = new Set<string>();
  /** Active faults by name, with the options each was switched on with. */
  readonly faults = new Map<FaultName, FaultOptions>();
  private outbox: SentSms[] = [];

  constructor(private readonly outboxSize: number) {}

  addUser(user: UserRecord): void {
    for (const loginId of user.loginIds) this.byLoginId.set(loginId, user);
    this.byUserId.set(user.userId, user);
  }

  findByLoginId(loginId: string): UserRecord | undefined {
    return this.byLoginId.get(loginId);
  }

  findByUserId(userId: string): UserRecord | undefined {
    return this.byUserId.get(userId);
  }

  users(): UserRecord[] {
    return [...this.byUserId.values()];
  }

  deleteUser(user: UserRecord): void {
    for (const loginId of user.loginIds) this.byLoginId.delete(loginId);
    this.byUserId.delete(user.userId);
    // Codes of a deleted user can never verify: show them as invalidated in the outbox.
    for (const record of this.pendingCodes.get(user.userId) ?? []) record.state = 'replaced';
    this.pendingCodes.delete(user.userId);
    this.wrongAttempts.delete(user.userId);
    this.lastSendAt.delete(user.userId);
  }

  /** A bounded ring: past outboxSize messages, the oldest is dropped. */
  deliver(message: SentSms): void {
    this.outbox.push(message);
    while (this.outbox.length > this.outboxSize) this.outbox.shift();
  }

  messages(): readonly SentSms[] {
    return this.outbox;
  }

  clearOutbox(): void {
    this.outbox = [];
  }

  reset(): void {
    this.byLoginId.clear();
    this.byUserId.clear();
    this.pendingCodes.clear();
    this.wrongAttempts.clear();
    this.lastSendAt.clear();
    this.rateWindows.clear();
    this.loggedOut.clear();
    this.faults.clear();
    this.outbox = [];
  }
}
