// Fixtures for the emulator's own tests: a real emulator in this process (shared per worker, or a
// test's own when it changes global state) and the suite's client (fixtures/client.ts) on it, so
// every exchange gets the suite's per-exchange checks; bodies are validated against schemas/ through
// specs/contract.ts and typed by specs/schema-types.ts.
import { test as base, expect, type APIRequestContext } from '@playwright/test';
import type { Faker } from '@faker-js/faker';
import { faker } from '@faker-js/faker/locale/en';
import { decodeJwt } from 'jose';
import { startEmulator, type RunningEmulator } from '../../../emulator/app.ts';
import type { EmulatorConfig } from '../../../emulator/config.ts';
import type { DrainBounds } from '../../../emulator/http.ts';
import { DescopeApi, type LoginOptions, type SendOptions } from '../../../fixtures/client.ts';
import type { Exchange } from '../../../fixtures/exchange.ts';
import { fakePhone } from '../../../fixtures/people.ts';
import { CONTROL_PATH } from '../../../fixtures/target.ts';
import { validate, type SchemaName } from '../../../specs/contract.ts';
import type {
  ClockState, DescopeErrorBody, MgmtGenerateOtpResponse, MgmtUserResponse, OutboxMessage, OutboxResponse, SessionClaims, VerifySmsResponse,
} from '../../../specs/schema-types.ts';

export { expect };

/** Asserts the status, validates the JSON body against its schema and returns it. */
export function expectBody<T = Record<string, unknown>>(exchange: Exchange, status: number, schema: SchemaName, pointer = ''): T {
  const { method, path } = exchange.request;
  expect(exchange.status, `${method} ${path} answered ${exchange.text.slice(0, 300)}`).toBe(status);
  expect(exchange.headers['content-type']).toContain('application/json');
  expect(validate(schema, exchange.body, pointer).problems, `body against ${schema}`).toEqual([]);
  return exchange.body as T;
}

/** A Descope-shaped error with this status and code; message mirrors errorMessage. */
export function expectError(exchange: Exchange, status: number, errorCode: string): DescopeErrorBody {
  const body = expectBody<DescopeErrorBody>(exchange, status, 'error');
  expect(body.errorCode).toBe(errorCode);
  expect(body.message).toBe(body.errorMessage);
  expect(body.errorMessage?.length).toBeGreaterThan(0);
  return body;
}

/** What a sign-in may add to the login ID: loginOptions, an Authorization header, other body fields. */
type SignInExtra = NonNullable<Parameters<DescopeApi['signInSms']>[1]>;

/** Phones handed out in this worker: tests sharing an emulator never share a phone, or a login ID made of one. */
const phonesGiven = new Set<string>();

/** The suite's client on one project of an emulator in this process, plus the steps these tests repeat. */
export class EmulatorClient extends DescopeApi {
  constructor(
    readonly context: APIRequestContext,
    readonly emulator: RunningEmulator,
    private readonly people: Faker,
    /** Another project of the same emulator (created through /emulator/v1/projects); default the main one. */
    own?: { projectId: string; managementKey: string },
  ) {
    const { projectId, managementKey } = own ?? emulator.project.config;
    const controlPath = own ? `${CONTROL_PATH}/projects/${projectId}` : CONTROL_PATH;
    super(context, { url: emulator.url, projectId, managementKey, embedded: true, controlPath });
  }

  /** The same emulator, addressed as another of its projects. */
  forProject(projectId: string, managementKey: string): EmulatorClient {
    return new EmulatorClient(this.context, this.emulator, this.people, { projectId, managementKey });
  }

  /** A call to one of this project's control endpoints (`path` under its controlPath), which take no bearer. */
  control(method: string, path: string, options: SendOptions = {}) {
    return this.send(method, `${this.target.controlPath}${path}`, { authorization: null, ...options });
  }

  /** A management call DescopeApi has no method for (or with a body it would not send), with the management bearer. */
  management(method: string, path: string, options: SendOptions = {}) {
    return this.send(method, path, { authorization: this.managementBearer, ...options });
  }

  /** A fictional phone number (fixtures/raw-requests.ts) that no other test of this worker got. */
  newPhone(): string {
    for (;;) {
      const phone = fakePhone(this.people);
      if (phonesGiven.has(phone)) continue;
      phonesGiven.add(phone);
      return phone;
    }
  }

  /** A fresh test user with a phone of its own (`phone: undefined`: with none): its loginId, phone and userId. */
  async newUser(fields: { loginId?: string; phone?: string; verifiedPhone?: boolean } = {}) {
    const phone = this.newPhone();
    const created = await this.createTestUser({ loginId: `user-${phone.slice(1)}@example.com`, phone, name: 'Test User', ...fields });
    const { user } = expectBody<MgmtUserResponse>(created, 200, 'mgmt-user-response');
    return { loginId: user.loginIds[0], phone: user.phone ?? '', userId: user.userId };
  }

  /** A code from the management API. */
  async generateCode(loginId: string, loginOptions: LoginOptions = {}): Promise<string> {
    return expectBody<MgmtGenerateOtpResponse>(await this.generateSmsCode(loginId, loginOptions), 200, 'mgmt-generate-otp-response').code;
  }

  /** The SMS messages in this project's outbox, oldest first. */
  async messages(filter: { loginId?: string; phone?: string } = {}): Promise<OutboxMessage[]> {
    return expectBody<OutboxResponse>(await this.outbox(filter), 200, 'emulator/outbox-response').messages;
  }

  /** Signs in and reads the code the SMS carried. */
  async sendCode(loginId: string, extra: SignInExtra = {}): Promise<string> {
    expectBody(await this.signInSms(loginId, extra), 200, 'signin-sms-response');
    return (await this.messages({ loginId })).at(-1)!.code;
  }

  /** Signs in and verifies: the verify response body. */
  async signedIn(loginId: string, extra: SignInExtra = {}): Promise<VerifySmsResponse> {
    const code = await this.sendCode(loginId, extra);
    return expectBody<VerifySmsResponse>(await this.verifySms(loginId, code), 200, 'verify-sms-response');
  }

  /** Moves this project's clock forward: its state after. */
  async moveClock(seconds: number): Promise<ClockState> {
    return expectBody<ClockState>(await this.advanceClock(seconds), 200, 'emulator/clock', '/$defs/state');
  }
}

/** Decodes a JWT's claims and validates them against schemas/session-claims.schema.json. */
export function claimsOf(jwt: string): SessionClaims {
  const claims = decodeJwt(jwt);
  expect(validate('session-claims', claims).problems).toEqual([]);
  return claims as unknown as SessionClaims;
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
  /** Fake data seeded from the test's ID: the same phones each time the test runs. */
  people: Faker;
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
  people: async ({}, use, testInfo) => {
    // One instance per worker, seeded afresh for each test: a worker runs one test at a time.
    faker.seed([...testInfo.testId].map((char) => char.charCodeAt(0)));
    await use(faker);
  },
  api: async ({ emulator, people, playwright }, use) => {
    const context = await playwright.request.newContext();
    await use(new EmulatorClient(context, emulator, people));
    await context.dispose();
  },
});
