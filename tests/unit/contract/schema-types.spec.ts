// specs/schema-types.ts is what specs/generate-types.ts makes of the schemas now, to the byte: the
// types the tests and the client read can never drift from the contract.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { generateSchemaTypes, schemaTypesPath } from '../../../specs/generate-types.ts';

test('specs/schema-types.ts is generated from schemas/ as they are', async () => {
  const generated = await generateSchemaTypes();
  expect(readFileSync(schemaTypesPath, 'utf8'), 'specs/schema-types.ts is out of date with schemas/: run `npm run types`').toBe(generated);
});
