// The contract as code: every JSON Schema under schemas/, compiled once by one shared ajv instance.
// The emulator validates requests with it and the suite validates responses with it, so both read
// the same files (one source of truth).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type { FormatsPlugin } from 'ajv-formats';
import { paths } from '../lib/paths.ts';

// ajv, its formats and the schema files are loaded on first use: Playwright's runner imports this
// module (through the fixtures and the conformance reporter) to list the tests, yet validates
// nothing; about 0.1 s of it (bench/README.md).
const require = createRequire(import.meta.url);

export const schemasDir = paths.schemas;
export const SCHEMA_BASE = 'https://conformance.invalid/descope-sms-otp/schemas/';

/** Names of the body schemas, as their file paths under schemas/ without `.schema.json`. */
export type SchemaName =
  | 'common' | 'error' | 'empty' | 'login-options' | 'user' | 'session-claims'
  | 'signin-sms-request' | 'signin-sms-response'
  | 'verify-sms-request' | 'verify-sms-response'
  | 'session-refresh-request' | 'session-refresh-response' | 'session-try-refresh-response'
  | 'keys-response'
  | 'mgmt-create-test-user-request' | 'mgmt-user-response'
  | 'mgmt-generate-otp-request' | 'mgmt-generate-otp-response'
  | 'mgmt-delete-user-request' | 'mgmt-search-test-users-request' | 'mgmt-users-response'
  | 'mgmt-license-response'
  | 'emulator/outbox-response' | 'emulator/clock' | 'emulator/seed-users-request'
  | 'emulator/profile' | 'emulator/faults' | 'emulator/projects';

export interface SchemaFile {
  name: string;
  /** Path relative to schemas/, with forward slashes. */
  file: string;
  schema: Record<string, unknown>;
  /** The URI ajv knows it by: SCHEMA_BASE + file. */
  uri: string;
}

function listSchemaFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) return listSchemaFiles(full);
    return entry.endsWith('.schema.json') ? [full] : [];
  });
}

export function loadSchemaFiles(): SchemaFile[] {
  return listSchemaFiles(schemasDir).map((full) => {
    const file = relative(schemasDir, full).split(sep).join('/');
    const schema = JSON.parse(readFileSync(full, 'utf8'));
    return { name: file.replace(/\.schema\.json$/, ''), file, schema, uri: `${SCHEMA_BASE}${file}` };
  });
}

function createAjv(files: SchemaFile[]): Ajv2020 {
  const { Ajv2020 } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const addFormats = require('ajv-formats') as FormatsPlugin;
  // strict: unknown keywords and ambiguous types are errors in the schemas themselves.
  // allowUnionTypes: nullable members are written as ["string", "null"].
  // validateSchema: false: the files are held to the draft 2020-12 meta-schema once, by a unit test
  // (schemaFileProblems), not again by every process that loads them (the emulator, Playwright's
  // runner and each worker; about 30 ms each here).
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true, validateSchema: false });
  addFormats(ajv);
  // The files carry no $id: file-based tools (OpenAPI parsers, Swagger UI) then resolve their
  // relative $refs by file location, and ajv resolves them against the URI each is registered under.
  for (const { schema, uri } of files) ajv.addSchema(schema, uri);
  return ajv;
}

/**
 * What is wrong with these schema files as schemas: each against the draft 2020-12 meta-schema, then
 * compiled in strict mode (unknown keywords, ambiguous types). Empty when all are sound.
 */
export function schemaFileProblems(files: SchemaFile[]): string[] {
  const problems: string[] = [];
  const checker = createAjv(files);
  for (const { file, schema, uri } of files) {
    if (!checker.validateSchema(schema)) {
      problems.push(`${file}: ${checker.errorsText(checker.errors, { dataVar: 'schema' })}`);
      continue;
    }
    try {
      checker.getSchema(uri);
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message}`);
    }
  }
  return problems;
}

let shared: Ajv2020 | undefined;

/** The one ajv instance every schema under schemas/ is registered with, made on first use. */
export function sharedAjv(): Ajv2020 {
  return (shared ??= createAjv(loadSchemaFiles()));
}

const compiled = new Map<string, ValidateFunction>();

function validatorFor(name: string, pointer = ''): ValidateFunction {
  const key = `${name}#${pointer}`;
  let validate = compiled.get(key);
  if (!validate) {
    const ref = `${SCHEMA_BASE}${name}.schema.json${pointer ? `#${pointer}` : ''}`;
    validate = sharedAjv().getSchema(ref);
    if (!validate) throw new Error(`No schema ${ref} under schemas/`);
    compiled.set(key, validate);
  }
  return validate;
}

export interface ValidationResult {
  ok: boolean;
  /** One readable sentence per ajv error: where, which rule, what was there. */
  problems: string[];
  /** The raw ajv errors, for callers that map rules to error codes (the emulator does). */
  errors: ErrorObject[];
}

/** Validate `data` against a schema by name; `pointer` selects a `$defs` entry (e.g. `/$defs/state`). */
export function validate(name: SchemaName, data: unknown, pointer = ''): ValidationResult {
  const check = validatorFor(name, pointer);
  const ok = check(data) as boolean;
  const errors = ok ? [] : [...(check.errors ?? [])];
  return { ok, errors, problems: errors.map((e) => describeError(e, data)) };
}

function valueAt(data: unknown, instancePath: string): unknown {
  if (!instancePath) return data;
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), data);
}

function preview(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** e.g. `/user/phone must match pattern "^\+[1-9]…" (rule: pattern), was "0123"`. */
export function describeError(error: ErrorObject, data: unknown): string {
  const where = error.instancePath || '(body)';
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return `${where}: required property "${missing}" is missing (rule: required)`;
  }
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    return `${where}: property "${extra}" is not allowed (rule: additionalProperties)`;
  }
  return `${where} ${error.message ?? 'is invalid'} (rule: ${error.keyword}), was ${preview(valueAt(data, error.instancePath))}`;
}
