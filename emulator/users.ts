// Users: creating records, the public user object (schemas/user.schema.json), and seeding.
import type { SeedUser } from './config.ts';
import type { Project } from './project.ts';
import { newId, type UserRecord, type UserStatus } from './store.ts';

export interface NewUser {
  loginId: string;
  additionalLoginIds?: string[];
  phone?: string;
  name?: string;
  givenName?: string;
  middleName?: string;
  familyName?: string;
  email?: string;
  verifiedPhone?: boolean;
  verifiedEmail?: boolean;
  status?: UserStatus;
  roleNames?: string[] | null;
  userTenants?: unknown[] | null;
  customAttributes?: Record<string, unknown> | null;
  picture?: string;
  test: boolean;
}

/** Adds a user; throws the configured userAlreadyExists error when any of its loginIds is taken. */
export function addUser(project: Project, input: NewUser): UserRecord {
  const loginIds = [input.loginId, ...(input.additionalLoginIds ?? [])];
  const taken = loginIds.find((loginId) => project.store.findByLoginId(loginId));
  if (taken !== undefined) throw project.fail('userAlreadyExists', 'A user with this login ID already exists');
  const user: UserRecord = {
    userId: newId('U'),
    loginIds,
    name: input.name ?? '',
    givenName: input.givenName ?? '',
    middleName: input.middleName ?? '',
    familyName: input.familyName ?? '',
    email: input.email ?? '',
    phone: input.phone ?? '',
    verifiedEmail: input.verifiedEmail ?? false,
    verifiedPhone: input.verifiedPhone ?? false,
    status: input.status ?? 'enabled',
    test: input.test,
    roleNames: input.roleNames ?? [],
    userTenants: input.userTenants ?? [],
    customAttributes: input.customAttributes ?? {},
    picture: input.picture ?? '',
    createdTime: project.clock.nowSeconds(),
  };
  project.store.addUser(user);
  return user;
}

/** Ordinary (non-test) users, the kind real sign-ups create. */
export function seedUsers(project: Project, seeds: readonly SeedUser[]): UserRecord[] {
  // All or nothing: a clash anywhere in the list adds none of them.
  const loginIds = seeds.map((seed) => seed.loginId);
  const clash = loginIds.find((loginId, index) => loginIds.indexOf(loginId) !== index || project.store.findByLoginId(loginId));
  if (clash !== undefined) throw project.fail('userAlreadyExists', 'A user with this login ID already exists');
  return seeds.map((seed) => addUser(project, { ...seed, test: false }));
}

/** The user object as production answers it; the capitalised boolean keys are production's. */
export function userView(user: UserRecord) {
  return {
    userId: user.userId,
    loginIds: [...user.loginIds],
    name: user.name,
    givenName: user.givenName,
    middleName: user.middleName,
    familyName: user.familyName,
    email: user.email,
    phone: user.phone,
    verifiedEmail: user.verifiedEmail,
    verifiedPhone: user.verifiedPhone,
    roleNames: [...user.roleNames],
    userTenants: structuredClone(user.userTenants),
    status: user.status,
    externalIds: [],
    picture: user.picture,
    test: user.test,
    customAttributes: structuredClone(user.customAttributes),
    createdTime: user.createdTime,
    TOTP: false,
    SAML: false,
    SCIM: false,
    OIDC: false,
    OAuth: {},
    webauthn: false,
    password: false,
    ssoAppIds: [],
    editable: true,
  };
}
