// The project's own configuration, narrowed to the careless test (careless.leaky.ts): same
// reporters, same fixtures, a target given by DESCOPE_BASE_URL (redaction-scan.spec.ts starts it).
import { defineConfig } from '@playwright/test';
import base from '../../../../playwright.config.ts';

export default defineConfig({
  ...base,
  webServer: undefined,
  projects: [{ name: 'conformance', testDir: import.meta.dirname, testMatch: /\.leaky\.ts$/ }],
});
