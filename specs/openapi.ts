// The OpenAPI document (specs/openapi.json) as typed data, plus small helpers over it.
// The JSON file is the source: this module only reads it. Its bodies are `$ref`s into schemas/
// (validate them with specs/contract.ts; the helpers here name the schema behind each body).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenAPIV3_1 } from 'openapi-types';
import { paths } from '../lib/paths.ts';

export const openapiPath = join(paths.specs, 'openapi.json');

/** The document, parsed once. `$ref`s are left as they are (relative file references into schemas/). */
export const openapi: OpenAPIV3_1.Document = JSON.parse(readFileSync(openapiPath, 'utf8'));

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface OperationEntry {
  /** Upper case, as requirement endpoints write it: `POST`. */
  method: Uppercase<HttpMethod>;
  /** The path template, e.g. `/v2/keys/{projectId}`. */
  path: string;
  operationId: string;
  /** `METHOD path`, the form the requirement catalogue's `endpoint` uses. */
  endpoint: string;
  tags: string[];
  operation: OpenAPIV3_1.OperationObject;
}

/** Every operation of the document, in document order. */
export function listOperations(doc: OpenAPIV3_1.Document = openapi): OperationEntry[] {
  const entries: OperationEntry[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    if (!item) continue;
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const upper = method.toUpperCase() as Uppercase<HttpMethod>;
      entries.push({
        method: upper,
        path,
        operationId: operation.operationId ?? `${upper} ${path}`,
        endpoint: `${upper} ${path}`,
        tags: operation.tags ?? [],
        operation,
      });
    }
  }
  return entries;
}

export const operations: readonly OperationEntry[] = listOperations();

/** The operation for `METHOD path` (e.g. `POST /v1/auth/otp/signin/sms`), or undefined. */
export function findOperation(endpoint: string): OperationEntry | undefined {
  return operations.find((op) => op.endpoint === endpoint);
}

/** True when the `METHOD path` pair is an operation of the document. */
export function isKnownEndpoint(endpoint: string): boolean {
  return findOperation(endpoint) !== undefined;
}

function isReference(value: unknown): value is OpenAPIV3_1.ReferenceObject {
  return typeof value === 'object' && value !== null && typeof (value as { $ref?: unknown }).$ref === 'string';
}

/** Follows a local `#/components/...` reference inside the document; other values pass through. */
export function resolveLocal<T>(value: T | OpenAPIV3_1.ReferenceObject, doc: OpenAPIV3_1.Document = openapi): T {
  let current: unknown = value;
  for (let hops = 0; isReference(current) && current.$ref.startsWith('#/'); hops++) {
    if (hops > 10) throw new Error(`Reference loop at ${current.$ref}`);
    current = current.$ref
      .slice(2)
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
    if (current === undefined) throw new Error(`Unresolvable reference ${(value as OpenAPIV3_1.ReferenceObject).$ref}`);
  }
  return current as T;
}

/** A body schema reference: the file under schemas/ and the JSON pointer inside it (may be ''). */
export interface SchemaRef {
  /** As written in the document, e.g. `../schemas/emulator/clock.schema.json#/$defs/state`. */
  ref: string;
  /** Path relative to schemas/, e.g. `emulator/clock.schema.json`. */
  file: string;
  /** The contract name (specs/contract.ts `SchemaName`), e.g. `emulator/clock`. */
  name: string;
  /** JSON pointer inside the file, e.g. `/$defs/state`, or ''. */
  pointer: string;
}

/** Reads a `../schemas/…` reference (relative to specs/) into file, contract name and pointer. */
export function parseSchemaRef(ref: string): SchemaRef | undefined {
  const match = /^\.\.\/schemas\/([^#]+\.schema\.json)(?:#(.*))?$/.exec(ref);
  if (!match?.[1]) return undefined;
  const file = match[1];
  return { ref, file, name: file.replace(/\.schema\.json$/, ''), pointer: match[2] ?? '' };
}

function jsonSchemaOf(content: Record<string, OpenAPIV3_1.MediaTypeObject> | undefined): SchemaRef | undefined {
  const schema = content?.['application/json']?.schema;
  return isReference(schema) ? parseSchemaRef(schema.$ref) : undefined;
}

/** The schema of an operation's JSON response body for a status (`'200'`, `'401'`…), if any. */
export function responseSchema(op: OperationEntry, status: number | string): SchemaRef | undefined {
  const response = op.operation.responses?.[String(status)];
  if (!response) return undefined;
  return jsonSchemaOf(resolveLocal<OpenAPIV3_1.ResponseObject>(response).content);
}

/** The statuses an operation documents, as strings in document order. */
export function responseStatuses(op: OperationEntry): string[] {
  return Object.keys(op.operation.responses ?? {});
}
