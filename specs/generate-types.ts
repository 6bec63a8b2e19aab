// Generates specs/schema-types.ts: one TypeScript type per body the code reads, from the JSON Schemas
// under schemas/ (`npm run types`). The schemas stay the one source of truth; the types follow them,
// and tests/unit/contract/schema-types.spec.ts fails when the committed file has drifted.
//
// The generator works on copies of the schemas (specs/contract.ts loadSchemaFiles), served to
// json-schema-to-typescript in place of the files, so that their relative $refs resolve against
// each file as usual. The copies are adjusted for readable types, never for meaning:
// - titles are prose (`POST /v1/auth/otp/signin/sms 200 body`), so they are dropped, and each type
//   below is named by giving its schema a title;
// - success bodies are open to further fields on purpose (`additionalProperties: true`), which as
//   types would be an index signature on every object: only the fields a schema names are typed
//   (an object that names none stays a record of unknown);
// - a $ref with sibling keywords (verify's `user`) means both, so it becomes an allOf.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compile } from 'json-schema-to-typescript';
import { loadSchemaFiles, schemasDir } from './contract.ts';

export const schemaTypesPath = join(import.meta.dirname, 'schema-types.ts');

/** The types generated: name → schema file under schemas/ (without .schema.json) and a JSON pointer into it. */
export const SCHEMA_TYPES: Record<string, string> = {
  SigninSmsResponse: 'signin-sms-response',
  VerifySmsResponse: 'verify-sms-response',
  SessionRefreshResponse: 'session-refresh-response',
  SessionTryRefreshResponse: 'session-try-refresh-response',
  User: 'user',
  UserTenant: 'user#/$defs/userTenant',
  SessionClaims: 'session-claims',
  DescopeErrorBody: 'error',
  KeysResponse: 'keys-response',
  SigningKey: 'keys-response#/properties/keys/items',
  MgmtUserResponse: 'mgmt-user-response',
  MgmtUsersResponse: 'mgmt-users-response',
  MgmtGenerateOtpResponse: 'mgmt-generate-otp-response',
  MgmtLicenseResponse: 'mgmt-license-response',
  LoginOptions: 'login-options',
  OutboxResponse: 'emulator/outbox-response',
  OutboxMessage: 'emulator/outbox-response#/properties/messages/items',
  ClockState: 'emulator/clock#/$defs/state',
  Profile: 'emulator/profile',
  FaultList: 'emulator/faults#/$defs/list',
  Fault: 'emulator/faults#/$defs/list/properties/faults/items',
  ProjectList: 'emulator/projects#/$defs/list',
  Project: 'emulator/projects#/$defs/project',
  SeedUser: 'emulator/seed-users-request#/properties/users/items',
};

const ROOT = 'SchemaTypes';

export const BANNER = `// Generated from the JSON Schemas under schemas/ by specs/generate-types.ts (\`npm run types\`): do not
// edit. A body open to further fields is typed by the fields its schema names.`;

type Node = { [key: string]: unknown };

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The adjustments described at the top of this file, on a copy of one schema (data keywords left alone). */
function forTypes(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forTypes);
  if (!isNode(node)) return node;
  const out: Node = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'title') continue;
    out[key] = key === 'enum' || key === 'const' || key === 'examples' || key === 'default' ? value : forTypes(value);
  }
  if (out.additionalProperties === true && isNode(out.properties)) delete out.additionalProperties;
  else if (out.type === 'object' && out.properties === undefined && out.additionalProperties === undefined) out.additionalProperties = true;
  if (typeof out.$ref === 'string' && Object.keys(out).some((key) => key !== '$ref' && key !== 'description')) {
    const { $ref, description, ...rest } = out;
    return { ...(description === undefined ? {} : { description }), allOf: [{ $ref }, rest] };
  }
  return out;
}

function nodeAt(document: unknown, pointer: string): Node {
  const node = pointer
    .split('/')
    .slice(1)
    .reduce<unknown>((at, key) => (isNode(at) ? at[key.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), document);
  if (!isNode(node)) throw new Error(`no schema at ${pointer}`);
  return node;
}

/** The text of specs/schema-types.ts, from the schemas as they are now. */
export async function generateSchemaTypes(): Promise<string> {
  // Absolute path → adjusted copy; the names above become the titles of their schemas.
  const files = new Map(loadSchemaFiles().map(({ file, schema }) => [resolve(schemasDir, file), forTypes(schema) as Node]));
  const properties: Node = {};
  for (const [name, source] of Object.entries(SCHEMA_TYPES)) {
    const [file, pointer = ''] = source.split('#');
    const document = files.get(resolve(schemasDir, `${file}.schema.json`));
    if (!document) throw new Error(`${name}: no schema ${file} under schemas/`);
    nodeAt(document, pointer).title = name;
    properties[name] = { $ref: `${file}.schema.json${pointer ? `#${pointer}` : ''}` };
  }
  // One root that refers to every type, so that each is declared once; the root itself is dropped.
  const root = { title: ROOT, type: 'object', properties, required: Object.keys(properties), additionalProperties: false };
  const text = await compile(root as Parameters<typeof compile>[0], ROOT, {
    cwd: schemasDir,
    $refOptions: {
      resolve: {
        file: false,
        http: false,
        schemas: {
          order: 1,
          canRead: (file: { url: string }) => files.has(resolve(file.url)),
          read: (file: { url: string }) => JSON.stringify(files.get(resolve(file.url))),
        },
      },
    },
    additionalProperties: false,
    bannerComment: BANNER,
    style: { singleQuote: true, printWidth: 140, trailingComma: 'all', bracketSpacing: true, semi: true, tabWidth: 2, useTabs: false },
  });
  const rootDeclaration = new RegExp(`^export interface ${ROOT} \\{\\n(?:  .*\\n)*\\}\\n\\n?`, 'm');
  if (!rootDeclaration.test(text)) throw new Error(`the generated text has no ${ROOT} declaration to drop`);
  // A blank line between declarations (the generator writes them back to back).
  return text.replace(rootDeclaration, '').replace(/^(}.*)\n(?=\/\*\*|export )/gm, '$1\n\n');
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  writeFileSync(schemaTypesPath, await generateSchemaTypes());
  console.log(`wrote ${schemaTypesPath}`);
}
