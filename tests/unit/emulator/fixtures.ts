// Fixtures for the emulator's own tests: a real emulator in this process (shared per worker, or a
// test's own when it changes global state), an API client on it, and checks that validate every
// body against schemas/ through specs/contract.ts.
import { test as base, expect, type APIRequestContext, type APIResponse } from '@playwright/test';
import { decodeJwt } from 'jose';
import { validate, type SchemaName } from '../../../specs/contract.ts';
import { startEmulator, type RunningEmulator } from '../../../emulator/app.ts';
import type { EmulatorConfig } from '../../../emulator/config.ts';
import type { DrainBounds } from '../../../emulator/http.ts';

export { expect };

export interface ErrorBody {
  errorCode: string;
  errorDescription: string;
  errorMessage: string;
  message: string;
}

/** Asserts the status, validates the body against its schema and returns it. */
export async function expectBody<T = Record<string, unknown>>(response: APIResponse, status: number, schema: SchemaName, pointer = ''): Promise<T> {
  const text = await response.text();
  expect(response.status(), `${response.url()} answered ${text.slice(0, 300)}`).toBe(status);
  expect(response.headers()['content-type']).toContain('application/json');
  const body = JSON.parse(text) as T;
  const result = validate(schema, body, pointer);
  expect(result.problems, `body against ${schema}`).toEqual([]);
  return body;
}

/** A Descope-shaped error with this status and code; message mirrors errorMessage. */
export async function expectError(response: APIResponse, status: number, errorCode: string): Promise<ErrorBody> {
  const body = await expectBody<ErrorBody>(response, status, 'error');
  expect(body.errorCode).toBe(errorCode);
  expect(body.message).toBe(body.errorMessage);
  expect(body.errorMessage.length).toBeGreaterThan(0);
  return body;
}

let serial = 0;
/** Distinct per worker and per call, so tests sharing an emulator never share a user or phone. */
export function uniquePhone(): string {
  serial += 1;
  const worker = Number(process.env.TEST_WORKER_INDEX ?? 0) % 100;
  return `+1555${String(worker).padStart(2, '0')}${String(serial).padStart(5, '0')}`;
}

export interface OutboxMessage {
  id: string; loginId: string; phone: string; code: string; body: string;
  sentAt: number; expiresAt: number; valid: boolean; state: string;
}

/** A typed client on one emulator: project bearer, management bearer and control calls. */
export class EmulatorClient {
  constructor(
    readonly http: APIRequestContext,
    readonly emulator: RunningEmulator,
    /** Another project of the same emulator (created through /emulator/v1/projects); default the main one. */
    private readonly own?: { projectId: string; managementKey: string },
  ) {}

  get projectId() { return this.own?.projectId ?? this.emulator.project.config.projectId; }
  get projectAuth() { return { authorization: `Bearer ${this.projectId}` }; }
  get managementAuth() { return { authorization: `Bearer ${this.projectId}:${this.own?.managementKey ?? this.emulator.project.config.managementKey}` }; }
  /** Where this project's control endpoints are. */
  get control() { return this.own ? `/emulator/v1/projects/${this.own.projectId}` : '/emulator/v1'; }

  /** The same emulator, addressed as another of its projects. */
  forProject(projectId: string, managementKey: string): EmulatorClient {
    return new EmulatorClient(this.http, this.emulator, { projectId, managementKey });
  }

  signIn(loginId: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = this.projectAuth) {
    return this.http.post('/v1/auth/otp/signin/sms', { data: { loginId, ...extra }, headers });
  }

  verify(loginId: string, code: string, headers: Record<string, string> = this.projectAuth) {
    return this.http.post('/v1/auth/otp/verify/sms', { data: { loginId, code }, headers });
  }

  /** A fresh test user with a phone; returns its loginId, phone and userId. */
  async createTestUser(fields: Record<string, unknown> = {}) {
    const phone = uniquePhone();
    const loginId = `user-${phone.slice(1)}@example.com`;
    const response = await this.http.post('/v1/mgmt/user/create/test', {
      data: { loginId, phone, name: 'Test User', ...fields },
      headers: this.managementAuth,
    });
    const body = await expectBody<{ user: { userId: string; loginIds: string[]; phone: string } }>(response, 200, 'mgmt-user-response');
    return { loginId: body.user.loginIds[0]!, phone: body.user.phone, userId: body.user.userId };
  }

  async generateCode(loginId: string, loginOptions: unknown = {}) {
    const response = await this.http.post('/v1/mgmt/tests/generate/otp', {
      data: { loginId, deliveryMethod: 'sms', loginOptions },
      headers: this.managementAuth,
    });
    return (await expectBody<{ code: string }>(response, 200, 'mgmt-generate-otp-response')).code;
  }

  async outbox(query: Record<string, string> = {}): Promise<OutboxMessage[]> {
    const response = await this.http.get(`${this.control}/outbox`, { params: query });
    return (await expectBody<{ messages: OutboxMessage[] }>(response, 200, 'emulator/outbox-response')).messages;
  }

  /** Signs in and reads the code the SMS carried. */
  async sendCode(loginId: string, extra: Record<string, unknown> = {}, headers?: Record<string, string>): Promise<string> {
    await expectBody(await this.signIn(loginId, extra, headers), 200, 'signin-sms-response');
    const messages = await this.outbox({ loginId });
    return messages.at(-1)!.code;
  }

  /** Signs in and verifies: the verify response body. */
  async signedIn(loginId: string, extra: Record<string, unknown> = {}, headers?: Record<string, string>) {
    const code = await this.sendCode(loginId, extra, headers);
    return expectBody<VerifyBody>(await this.verify(loginId, code), 200, 'verify-sms-response');
  }

  async advanceClock(seconds: number) {
    const response = await this.http.post(`${this.control}/clock`, { data: { advanceSeconds: seconds } });
    return expectBody<{ now: number; offsetSeconds: number }>(response, 200, 'emulator/clock', '/$defs/state');
  }
}

export interface VerifyBody {
  sessionJwt: string; refreshJwt: string; cookieDomain: string; cookiePath: string; cookieMaxAge: number;
  cookieExpiration: number; sessionExpiration: number; firstSeen: boolean;
  user: { userId: string; phone: string; verifiedPhone: boolean; test: boolean };
}

/** Decodes a JWT's claims and validates them against schemas/session-claims.schema.json. */
export function claimsOf(jwt: string): Record<string, unknown> {
  const claims = decodeJwt(jwt);
  expect(validate('session-claims', claims).problems).toEqual([]);
  return claims;
}

/**
 * The time source under the emulators these tests start: frozen at the worker's start (to the
 * second), so expected expiries are exact; only the emulator clock (POST /emulator/v1/clock) moves
 * it. Tests never compare against the wall clock.
 */
const frozenAt = Math.floor(Date.now() / 1000) * 1000;
export const frozenTime = () => frozenAt;

interface WorkerFixtures { sharedEmulator: RunningEmulator }
interface TestFixtures {
  /** Set with test.use() to give a test its own emulator with this configuration. */
  emulatorConfig: Partial<EmulatorConfig> | undefined;
  /** Set with test.use() to give a test its own emulator that reads less of an oversized body. */
  emulatorDrain: DrainBounds | undefined;
  emulator: RunningEmulator;
  api: EmulatorClient;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  sharedEmulator: [async ({}, use) => {
    const emulator = await startEmulator({ port: 0, quiet: true }, { now: frozenTime });
    await use(emulator);
    await emulator.close();
  }, { scope: 'worker' }],
  emulatorConfig: [undefined, { option: true }],
  emulatorDrain: [undefined, { option: true }],
  emulator: async ({ sharedEmulator, emulatorConfig, emulatorDrain }, use) => {
    if (!emulatorConfig && !emulatorDrain) return use(sharedEmulator);
    const own = await startEmulator({ ...emulatorConfig, port: 0, quiet: true }, { drain: emulatorDrain, now: frozenTime });
    await use(own);
    await own.close();
  },
  api: async ({ emulator, playwright }, use) => {
    const http = await playwright.request.newContext({ baseURL: emulator.url });
    await use(new EmulatorClient(http, emulator));
    await http.dispose();
  },
});
