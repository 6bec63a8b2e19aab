// Management API operations on test users (what a suite uses to get codes from a live project
// without a real phone), plus load and delete of any user.
import { issueCode } from './otp.ts';
import type { Project } from './project.ts';
import type { UserRecord } from './store.ts';
import { addUser, userView, type NewUser } from './users.ts';

/** The service also accepts `identifier` for loginId and `displayName` for name (facts: Test users). */
export function applyCreateAliases(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const input = body as Record<string, unknown>;
  return { ...input, loginId: input.loginId ?? input.identifier };
}

export interface CreateTestUserInput extends Omit<NewUser, 'test' | 'status'> {
  displayName?: string;
}

export function createTestUser(project: Project, input: CreateTestUserInput) {
  const cap = project.profile.limits.testUserCap;
  const testUsers = project.store.users().filter((user) => user.test).length;
  if (cap > 0 && testUsers >= cap) {
    throw project.fail('testUserCapExceeded', `Failed to create record: test users limit exceeded (${cap})`);
  }
  const additionalLoginIds = Array.isArray(input.additionalLoginIds)
    ? input.additionalLoginIds.filter((id): id is string => typeof id === 'string' && id !== '')
    : undefined;
  const user = addUser(project, { ...input, additionalLoginIds, name: input.name ?? input.displayName, test: true });
  return { user: userView(user) };
}

function findForManagement(project: Project, loginId: string): UserRecord {
  const user = project.store.findByLoginId(loginId);
  if (!user) throw project.fail('managementUserNotFound', 'User not found');
  return user;
}

export function loadUser(project: Project, loginId: string) {
  return { user: userView(findForManagement(project, loginId)) };
}

/** Idempotent: deleting a user that is not there is a success. */
export function deleteUser(project: Project, loginId: string) {
  const user = project.store.findByLoginId(loginId);
  if (user) project.store.deleteUser(user);
  return {};
}

export function deleteAllTestUsers(project: Project) {
  for (const user of project.store.users()) if (user.test) project.store.deleteUser(user);
  return {};
}

export interface SearchInput {
  text?: string;
  loginIds?: string[] | null;
  limit?: number;
  page?: number;
}

/** Test users only; `text` matches a loginId substring (case-insensitive); limit 0 or absent = all. */
export function searchTestUsers(project: Project, input: SearchInput) {
  const text = input.text?.toLowerCase() ?? '';
  const wanted = input.loginIds?.length ? new Set(input.loginIds) : undefined;
  const matches = project.store
    .users()
    .filter((user) => user.test)
    .filter((user) => !text || user.loginIds.some((id) => id.toLowerCase().includes(text)))
    .filter((user) => !wanted || user.loginIds.some((id) => wanted.has(id)));
  const limit = input.limit || matches.length;
  const start = (input.page ?? 0) * limit;
  return { users: matches.slice(start, start + limit).map(userView), total: matches.length };
}

export interface GenerateInput {
  loginId: string;
  deliveryMethod: string;
  loginOptions?: { customClaims?: Record<string, string | number | boolean> | null } | null;
}

/** A code for a test user, returned instead of sent; it replaces the user's pending codes. */
export function generateCodeForTestUser(project: Project, input: GenerateInput) {
  const user = findForManagement(project, input.loginId);
  if (!user.test) throw project.fail('notTestUser', 'Codes can be generated for test users only');
  if (input.deliveryMethod !== 'sms') {
    throw project.fail('invalidField', `/deliveryMethod: this emulator only emulates sms, was "${input.deliveryMethod}"`);
  }
  const customClaims = input.loginOptions?.customClaims ?? undefined;
  const record = issueCode(project, user, 'generated', { customClaims, stepup: false, mfa: false });
  return { loginId: input.loginId, code: record.code };
}
