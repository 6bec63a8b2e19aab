// specs/openapi.json: a valid OpenAPI 3.1 document whose bodies all come from schemas/ by $ref,
// every $ref of which resolves, and which covers every endpoint and every schema file.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test, expect } from '@playwright/test';
import { validate as validateOpenApi, compileErrors } from '@readme/openapi-parser';
import type { OpenAPIV3_1 } from 'openapi-types';
import { SCHEMA_BASE, loadSchemaFiles, schemasDir, validate, type SchemaName } from '../../../specs/contract.ts';
import { paths } from '../../../lib/paths.ts';
import {
  openapi, openapiPath, operations, parseSchemaRef, resolveLocal, responseSchema, responseStatuses,
} from '../../../specs/openapi.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const readJson = (file: string): Json => JSON.parse(readFileSync(file, 'utf8'));
/** One JSON-pointer segment: `application/json` → `application~1json`. */
const seg = (key: string | number) => String(key).replace(/~/g, '~0').replace(/\//g, '~1');
const schemaFiles = loadSchemaFiles();
const relToRoot = (file: string) => relative(paths.root, file).split(sep).join('/');

interface RefSite {
  /** The file the $ref is written in. */
  file: string;
  /** JSON pointer of the object holding the $ref. */
  at: string;
  ref: string;
}

function collectRefs(file: string, node: Json = readJson(file), at = ''): RefSite[] {
  if (Array.isArray(node)) return node.flatMap((child, i) => collectRefs(file, child, `${at}/${i}`));
  if (node === null || typeof node !== 'object') return [];
  const here: RefSite[] = typeof node.$ref === 'string' ? [{ file, at, ref: node.$ref }] : [];
  return [
    ...here,
    ...Object.entries(node)
      // examples are data, not schema: a "$ref" inside one would not be a reference
      .filter(([key]) => key !== 'example' && key !== 'examples')
      .flatMap(([key, child]) => collectRefs(file, child, `${at}/${seg(key)}`)),
  ];
}

/** Resolves a JSON pointer (already URI-decoded) in a document; undefined when it does not. */
function atPointer(doc: Json, pointer: string): Json | undefined {
  if (pointer === '' || pointer === '/') return doc;
  if (!pointer.startsWith('/')) return undefined;
  let node: Json | undefined = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(key in node)) return undefined;
    node = (node as Record<string, Json>)[key];
  }
  return node;
}

/** Where a $ref points when resolved against the file it is written in (what file-based tools do). */
function fileTarget(site: RefSite): { file: string; pointer: string } {
  const url = new URL(site.ref, pathToFileURL(site.file));
  const pointer = decodeURIComponent(url.hash.replace(/^#/, ''));
  url.hash = '';
  return { file: fileURLToPath(url), pointer };
}

/** Problems with one $ref: target file missing, or pointer not found inside it. */
function refProblem(site: RefSite): string | undefined {
  const { file, pointer } = fileTarget(site);
  const where = `${relToRoot(site.file)}#${site.at} $ref "${site.ref}"`;
  if (!existsSync(file)) return `${where}: no file ${relToRoot(file)}`;
  if (atPointer(readJson(file), pointer) === undefined) return `${where}: no ${pointer} in ${relToRoot(file)}`;
  return undefined;
}

const allSchemaRefSites = schemaFiles.flatMap(({ file }) => collectRefs(join(schemasDir, ...file.split('/'))));

test.describe('the OpenAPI document', () => {
  test('is OpenAPI 3.1.0 with the 2020-12 JSON Schema dialect', () => {
    expect(openapi.openapi).toBe('3.1.0');
    expect(openapi.jsonSchemaDialect).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  test('passes @readme/openapi-parser validation, schemas/ files included, with no errors or warnings', async () => {
    // The parser follows every external $ref into schemas/ by file location, as Swagger UI or a
    // client generator would.
    const result = await validateOpenApi(openapiPath);
    expect(result.valid ? '' : compileErrors(result)).toBe('');
    expect(result.warnings).toEqual([]);
  });

  test('has every endpoint the suite relies on', () => {
    expect(operations.map((op) => op.endpoint).sort()).toEqual([
      'DELETE /emulator/v1/faults',
      'DELETE /emulator/v1/faults/{name}',
      'DELETE /emulator/v1/outbox',
      'DELETE /emulator/v1/projects/{projectId}',
      'DELETE /emulator/v1/projects/{projectId}/faults',
      'DELETE /emulator/v1/projects/{projectId}/faults/{name}',
      'DELETE /emulator/v1/projects/{projectId}/outbox',
      'DELETE /v1/mgmt/user/test/delete/all',
      'GET /emulator/v1/clock',
      'GET /emulator/v1/faults',
      'GET /emulator/v1/outbox',
      'GET /emulator/v1/profile',
      'GET /emulator/v1/projects',
      'GET /emulator/v1/projects/{projectId}/clock',
      'GET /emulator/v1/projects/{projectId}/faults',
      'GET /emulator/v1/projects/{projectId}/outbox',
      'GET /emulator/v1/projects/{projectId}/profile',
      'GET /v1/auth/me',
      'GET /v1/mgmt/license',
      'GET /v1/mgmt/user',
      'GET /v2/keys/{projectId}',
      'POST /emulator/v1/clock',
      'POST /emulator/v1/faults',
      'POST /emulator/v1/projects',
      'POST /emulator/v1/projects/{projectId}/clock',
      'POST /emulator/v1/projects/{projectId}/faults',
      'POST /emulator/v1/projects/{projectId}/reset',
      'POST /emulator/v1/projects/{projectId}/users',
      'POST /emulator/v1/reset',
      'POST /emulator/v1/users',
      'POST /v1/auth/logout',
      'POST /v1/auth/otp/signin/sms',
      'POST /v1/auth/otp/verify/sms',
      'POST /v1/auth/refresh',
      'POST /v1/auth/try-refresh',
      'POST /v1/mgmt/tests/generate/otp',
      'POST /v1/mgmt/user/create/test',
      'POST /v1/mgmt/user/delete',
      'POST /v2/mgmt/user/search/test',
    ]);
  });

  test('operationIds are unique', () => {
    const ids = operations.map((op) => op.operationId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  test('every operation has a 2xx and a 4xx response with a JSON body from schemas/', () => {
    const problems = operations.flatMap((op) => {
      const statuses = responseStatuses(op);
      const bad: string[] = [];
      const withJson = (s: string) => responseSchema(op, s) !== undefined;
      if (!statuses.some((s) => /^2\d\d$/.test(s) && withJson(s))) bad.push(`${op.endpoint}: no 2xx with a JSON schema from schemas/`);
      if (!statuses.some((s) => /^4\d\d$/.test(s) && withJson(s))) bad.push(`${op.endpoint}: no 4xx with a JSON schema from schemas/`);
      for (const s of statuses) if (!withJson(s)) bad.push(`${op.endpoint} ${s}: no JSON body schema from schemas/`);
      return bad;
    });
    expect(problems).toEqual([]);
  });

  test('every 4xx response body is the error schema', () => {
    const problems = operations.flatMap((op) =>
      responseStatuses(op)
        .filter((s) => s.startsWith('4'))
        .filter((s) => responseSchema(op, s)?.name !== 'error')
        .map((s) => `${op.endpoint} ${s}: ${responseSchema(op, s)?.ref}`));
    expect(problems).toEqual([]);
  });

  test('every 429 response carries an integer Retry-After header', () => {
    const with429 = operations.filter((op) => responseStatuses(op).includes('429'));
    expect(with429.length).toBeGreaterThan(0);
    for (const op of with429) {
      const response = resolveLocal<OpenAPIV3_1.ResponseObject>(op.operation.responses!['429']!);
      const declared = response.headers?.['Retry-After'];
      expect(declared, `${op.endpoint} 429 declares a Retry-After header`).toBeDefined();
      const header = resolveLocal<OpenAPIV3_1.HeaderObject>(declared!);
      expect(header.schema, `${op.endpoint} 429 Retry-After`).toMatchObject({ type: 'integer' });
    }
  });

  test('bodies are $refs into schemas/, never copied schemas', () => {
    const copied: string[] = [];
    const visit = (node: Json, at: string): void => {
      if (Array.isArray(node)) return node.forEach((child, i) => visit(child, `${at}/${i}`));
      if (node === null || typeof node !== 'object') return;
      for (const [key, child] of Object.entries(node)) {
        if (key === 'example' || key === 'examples') continue;
        const inBody = key === 'schema' && /\/content\/[^/]+$/.test(at);
        const inComponents = /^\/components\/schemas$/.test(at);
        if ((inBody || inComponents) && child !== null && typeof child === 'object' && !Array.isArray(child)) {
          const extra = Object.keys(child).filter((k) => k !== '$ref' && k !== 'description');
          const ref = typeof child.$ref === 'string' ? child.$ref : '';
          if (!ref.startsWith('../schemas/') || extra.length) copied.push(`${at}/${seg(key)}: ${JSON.stringify(child).slice(0, 80)}`);
        }
        visit(child, `${at}/${seg(key)}`);
      }
    };
    visit(readJson(openapiPath), '');
    expect(copied).toEqual([]);
  });

  test('emulator-only endpoints are tagged emulator-only and say so; the others are not', () => {
    const problems = operations.flatMap((op) => {
      const emulatorPath = op.path.startsWith('/emulator/v1/');
      const tagged = op.tags.includes('emulator-only');
      const says = /emulator only/i.test(`${op.operation.summary ?? ''} ${op.operation.description ?? ''}`);
      if (emulatorPath && !(tagged && says)) return [`${op.endpoint}: tagged ${tagged}, says so ${says}`];
      if (!emulatorPath && tagged) return [`${op.endpoint}: tagged emulator-only`];
      return [];
    });
    expect(problems).toEqual([]);
    expect(openapi.tags?.map((t) => t.name)).toContain('emulator-only');
  });

  test('security: project bearer on auth, project+refresh allowed on sign-in, project+management key on management, none on keys and control', () => {
    const schemes = openapi.components?.securitySchemes ?? {};
    for (const [name, format] of [['projectBearer', '<ProjectID>'], ['projectRefreshBearer', '<ProjectID>:<RefreshJwt>'], ['managementBearer', '<ProjectID>:<ManagementKey>']] as const) {
      expect(schemes[name], name).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: format, description: expect.stringContaining(`Bearer ${format.includes(':') ? format : '<Project ID>'}`) });
    }
    const names = (op: (typeof operations)[number]) => (op.operation.security ?? openapi.security ?? []).map((req) => Object.keys(req).join('+'));
    for (const op of operations) {
      const used = names(op);
      for (const name of used) expect(Object.keys(schemes), `${op.endpoint} uses ${name}`).toContain(name);
      if (op.path.startsWith('/v1/auth/')) expect(used, op.endpoint).toContain('projectBearer');
      if (op.path.includes('/mgmt/')) expect(used, op.endpoint).toEqual(['managementBearer']);
      if (op.path.startsWith('/v2/keys/') || op.path.startsWith('/emulator/')) expect(used, op.endpoint).toEqual([]);
    }
    expect(names(operations.find((op) => op.operationId === 'signInSms')!)).toEqual(['projectBearer', 'projectRefreshBearer']);
    expect(names(operations.find((op) => op.operationId === 'verifySms')!)).toEqual(['projectBearer']);
  });

  test('every example in the document is valid against the schema it illustrates', () => {
    const checked: string[] = [];
    const problems: string[] = [];
    const visit = (node: Json, at: string): void => {
      if (Array.isArray(node)) return node.forEach((child, i) => visit(child, `${at}/${i}`));
      if (node === null || typeof node !== 'object') return;
      const schema = node.schema;
      if ('example' in node && schema && typeof schema === 'object' && !Array.isArray(schema) && typeof schema.$ref === 'string') {
        const ref = parseSchemaRef(schema.$ref);
        if (!ref) problems.push(`${at}: example next to a schema that is not in schemas/`);
        else {
          checked.push(at);
          const result = validate(ref.name as SchemaName, node.example, ref.pointer);
          problems.push(...result.problems.map((p) => `${at} (${ref.ref}): ${p}`));
        }
      }
      for (const [key, child] of Object.entries(node)) if (key !== 'example') visit(child, `${at}/${seg(key)}`);
    };
    visit(readJson(openapiPath), '');
    expect(problems).toEqual([]);
    expect(checked.length).toBeGreaterThanOrEqual(10);
  });
});

test.describe('$refs', () => {
  test('every $ref in the OpenAPI document resolves to a file and a JSON pointer inside it', () => {
    const sites = collectRefs(openapiPath);
    expect(sites.length).toBeGreaterThan(20);
    expect(sites.map(refProblem).filter(Boolean)).toEqual([]);
  });

  test('every $ref in every schema file resolves to a file and a JSON pointer inside it', () => {
    expect(allSchemaRefSites.length).toBeGreaterThan(10);
    expect(allSchemaRefSites.map(refProblem).filter(Boolean)).toEqual([]);
  });

  test("schema files carry no $id, and the URI ajv registers each under resolves its $refs like the file path does", () => {
    // An $id would make $id-aware tools resolve relative $refs against a URL no network serves.
    expect(schemaFiles.filter(({ schema }) => '$id' in schema).map(({ file }) => file)).toEqual([]);
    for (const site of allSchemaRefSites) {
      const own = schemaFiles.find((f) => join(schemasDir, ...f.file.split('/')) === site.file)!;
      const byUri = new URL(site.ref, own.uri);
      const { file, pointer } = fileTarget(site);
      expect(`${byUri.origin}${byUri.pathname}`, `${own.file}#${site.at}`).toBe(`${SCHEMA_BASE}${relative(schemasDir, file).split(sep).join('/')}`);
      expect(decodeURIComponent(byUri.hash.replace(/^#/, ''))).toBe(pointer);
    }
  });

  test('every file under schemas/ is referenced from the OpenAPI document, directly or through another schema', () => {
    const reached = new Set<string>();
    const queue = [openapiPath];
    while (queue.length) {
      const file = queue.shift()!;
      for (const site of collectRefs(file)) {
        const target = fileTarget(site).file;
        if (target !== file && !reached.has(target) && existsSync(target)) {
          reached.add(target);
          queue.push(target);
        }
      }
    }
    const unreferenced = schemaFiles
      .map(({ file }) => join(schemasDir, ...file.split('/')))
      .filter((file) => !reached.has(file))
      .map(relToRoot);
    expect(unreferenced).toEqual([]);
  });

  test('the OpenAPI document lives in specs/, so its ../schemas/ references land in schemas/', () => {
    expect(relToRoot(dirname(openapiPath))).toBe('specs');
    expect(existsSync(join(dirname(openapiPath), '..', 'schemas'))).toBe(true);
  });
});
