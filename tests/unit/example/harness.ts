// What the example-app tests share: one emulator per worker that allows exactly the example page's
// origin, the page served twice (on that origin and on one the emulator does not allow), and the
// Node-side steps an app team's own tests take: create a test user through the management API, read
// the code from the outbox, check a session JWT against the project's published keys. Plain fetch
// on purpose: this is how a team without our suite would drive the emulator.
import { join } from 'node:path';
import { expect, test as base } from '@playwright/test';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { spawnEmulator, type SpawnedEmulator } from '../../../emulator/spawn.ts';
import { paths } from '../../../lib/paths.ts';
import { childEnv } from '../../../lib/process.ts';
import { startServer, type ServerChild } from '../../../lib/server.ts';
import type { MgmtUserResponse, OutboxMessage, OutboxResponse, User } from '../../../specs/schema-types.ts';

export { expect };
export type { OutboxMessage, User };

export const PROJECT_ID = 'P2EXAMP1EAPPC0NF0RMANCE00001';
const MANAGEMENT_KEY = 'K2example-app-management-key-0001';
const PAGE_SERVER = join(paths.root, 'examples', 'sms-sign-in', 'serve.ts');
/** How long one SDK call may take to show on the page (the machine may be busy; no fixed sleeps). */
export const ANSWER_TIMEOUT = 15_000;

export class ExampleApp {
  private readonly keys: ReturnType<typeof createRemoteJWKSet>;

  constructor(
    readonly emulator: SpawnedEmulator,
    /** The example page on the origin the emulator allows (--cors-origins). */
    readonly pageServer: ServerChild,
    /** The same page on an origin the emulator does not allow. */
    readonly strangerServer: ServerChild,
  ) {
    this.keys = createRemoteJWKSet(new URL(`${emulator.url}/v2/keys/${PROJECT_ID}`));
  }

  /** A test user through the management API (POST /v1/mgmt/user/create/test), its login ID its phone. */
  async createTestUser(phone: string): Promise<User> {
    const response = await fetch(`${this.emulator.url}/v1/mgmt/user/create/test`, {
      method: 'POST',
      headers: { authorization: `Bearer ${PROJECT_ID}:${MANAGEMENT_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ loginId: phone, phone, name: 'Example User' }),
    });
    const text = await response.text();
    expect(response.status, `creating test user ${phone} through the management API should answer 200, got: ${text}`).toBe(200);
    const { user } = JSON.parse(text) as MgmtUserResponse;
    expect(user.loginIds, 'the created test user should have the phone as its login ID').toEqual([phone]);
    return user;
  }

  async outbox(loginId: string): Promise<OutboxMessage[]> {
    const response = await fetch(`${this.emulator.url}/emulator/v1/outbox?loginId=${encodeURIComponent(loginId)}`);
    expect(response.status, 'GET /emulator/v1/outbox should answer 200').toBe(200);
    return ((await response.json()) as OutboxResponse).messages;
  }

  /** The one code "sent" to this login ID that is still pending (a new sign-in replaces the earlier ones). */
  async pendingCode(loginId: string, notFrom?: OutboxMessage): Promise<OutboxMessage> {
    const messages = await this.outbox(loginId);
    const pending = messages.filter((message) => message.state === 'pending');
    expect(pending, `exactly one pending SMS for ${loginId} in the outbox, got ${JSON.stringify(messages.map(({ id, state }) => ({ id, state })))}`).toHaveLength(1);
    const message = pending[0]!;
    expect(message.body, 'the SMS text should carry the code').toContain(message.code);
    if (notFrom) expect(message.id, 'the second sign-in should have sent a new SMS').not.toBe(notFrom.id);
    return message;
  }

  /** A session JWT checked against the project's published keys (GET /v2/keys/{projectId}). */
  async expectValidSession(sessionJwt: string | undefined, userId: string, what: string): Promise<void> {
    expect(sessionJwt, `${what}: a session JWT`).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const { payload } = await jwtVerify(sessionJwt!, this.keys).catch((error: Error) => {
      throw new Error(`${what}: the session JWT should verify with the project's keys: ${error.message}`);
    });
    expect(payload.sub, `${what}: the session should be the signed-in user's`).toBe(userId);
    expect(payload.exp, `${what}: the session should not have expired`).toBeGreaterThan(Date.now() / 1000);
  }
}

/** A code that is certainly not this one: its last digit changed. */
export function wrongCodeFor(code: string): string {
  return code.slice(0, -1) + String((Number(code.at(-1)) + 1) % 10);
}

export const test = base.extend<object, { exampleApp: ExampleApp }>({
  exampleApp: [
    async ({}, use) => {
      const env = childEnv();
      const [pageServer, strangerServer] = await Promise.all([
        startServer(PAGE_SERVER, { args: ['--port', '0'], env }),
        startServer(PAGE_SERVER, { args: ['--port', '0'], env }),
      ]);
      const emulator = await spawnEmulator(
        ['--project-id', PROJECT_ID, '--management-key', MANAGEMENT_KEY, '--quiet', '--cors-origins', pageServer.url],
        { env },
      );
      await use(new ExampleApp(emulator, pageServer, strangerServer));
      await Promise.all([emulator.stop(), pageServer.stop(), strangerServer.stop()]);
    },
    { scope: 'worker', timeout: 60_000 },
  ],
});
