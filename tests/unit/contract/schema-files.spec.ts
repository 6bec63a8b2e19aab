// The schema files are sound schemas: each holds to the draft 2020-12 meta-schema and compiles in
// strict mode. This is the one place that checks it; the processes that load the schemas at run
// time (the emulator, the suite) skip ajv's meta-schema check (specs/contract.ts, createAjv).
import { test, expect } from '@playwright/test';
import { SCHEMA_BASE, loadSchemaFiles, schemaFileProblems, type SchemaFile } from '../../../specs/contract.ts';

const brokenFile = (name: string, schema: Record<string, unknown>): SchemaFile => ({ name, file: `${name}.schema.json`, schema, uri: `${SCHEMA_BASE}${name}.schema.json` });

test.describe('schemas/', () => {
  test('every file holds to the 2020-12 meta-schema and compiles in strict mode', () => {
    const files = loadSchemaFiles();
    expect(files.length).toBeGreaterThan(20);
    expect(schemaFileProblems(files)).toEqual([]);
  });

  test('a schema that breaks the meta-schema is named, with what breaks it', () => {
    const problems = schemaFileProblems([...loadSchemaFiles(), brokenFile('broken-type', { type: 'strin' })]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^broken-type\.schema\.json: .*type/);
  });

  test('a keyword strict mode does not know is named too (a typo the meta-schema allows)', () => {
    const problems = schemaFileProblems([brokenFile('typo', { type: 'object', properties: { code: { type: 'string', minLenght: 6 } } })]);
    expect(problems).toEqual([expect.stringMatching(/^typo\.schema\.json: .*minLenght/)]);
  });
});
