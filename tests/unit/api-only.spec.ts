// The conformance suite's test re-registers Playwright's browser-context options without their
// report steps (fixtures/api-only.ts). What must not change is what they are: Playwright's own
// defaults, what contextOptions gives them, and what the configuration or test.use sets.
import { expect, test } from '../../fixtures/test.ts';

test('the options keep Playwright’s defaults, and the configuration’s values win', async ({ viewport, colorScheme, locale, javaScriptEnabled, acceptDownloads, serviceWorkers, extraHTTPHeaders, baseURL, actionTimeout, testIdAttribute }) => {
  expect({ viewport, colorScheme, locale, javaScriptEnabled, acceptDownloads, serviceWorkers, baseURL, actionTimeout, testIdAttribute }).toEqual({
    viewport: { width: 1280, height: 720 },
    colorScheme: 'light',
    locale: 'en-US',
    javaScriptEnabled: true,
    acceptDownloads: true,
    serviceWorkers: 'allow',
    baseURL: undefined,
    actionTimeout: 0,
    testIdAttribute: 'data-testid',
  });
  // playwright.config.ts sets it in `use`.
  expect(extraHTTPHeaders).toEqual({ accept: 'application/json' });
});

test.describe('with test.use', () => {
  test.use({ locale: 'de-DE', contextOptions: { colorScheme: 'dark', viewport: { width: 400, height: 300 } } });

  test('test.use sets an option, and contextOptions still feed the others', async ({ locale, colorScheme, viewport }) => {
    expect({ locale, colorScheme, viewport }).toEqual({ locale: 'de-DE', colorScheme: 'dark', viewport: { width: 400, height: 300 } });
  });
});
