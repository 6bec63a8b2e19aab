// The suite's client issues each Playwright API call from a microtask of its own, so that the stack
// Playwright captures and source-maps at every call holds one frame of the suite's, not the whole
// chain of its callers (fixtures/client.ts, withoutCallerStack). A traced run keeps the whole stack for the trace viewer.
// The stack is read where Playwright reads it: at the call, through a context that records it.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { startEmulator, type RunningEmulator } from '../../emulator/app.ts';
import { DescopeApi } from '../../fixtures/client.ts';

/** The context, with the stack of every `fetch` call recorded as it is made. */
function recordingStacks(context: APIRequestContext, stacks: string[]): APIRequestContext {
  return new Proxy(context, {
    get(target, property, receiver) {
      if (property !== 'fetch') return Reflect.get(target, property, receiver);
      return (...args: Parameters<APIRequestContext['fetch']>) => {
        stacks.push(new Error().stack ?? '');
        return target.fetch(...args);
      };
    },
  });
}

let emulator: RunningEmulator;
test.beforeAll(async () => {
  emulator = await startEmulator({ port: 0, host: '127.0.0.1', quiet: true });
});
test.afterAll(async () => emulator.close());

for (const keepCallerStacks of [false, true]) {
  test(`keepCallerStacks ${keepCallerStacks}: the caller is ${keepCallerStacks ? '' : 'not '}on the call's stack, and the call is answered`, async ({ request }) => {
    const stacks: string[] = [];
    const { projectId, managementKey } = emulator.project.config;
    const api = new DescopeApi(recordingStacks(request, stacks), { url: emulator.url, projectId, managementKey, embedded: true, controlPath: '/emulator/v1' }, { keepCallerStacks });
    async function aCallerDeepInTheTest() {
      return api.keys();
    }
    const exchange = await aCallerDeepInTheTest();
    expect(exchange.status, exchange.text).toBe(200);
    expect(stacks).toHaveLength(1);
    expect(stacks[0]!.includes('aCallerDeepInTheTest'), stacks[0]).toBe(keepCallerStacks);
  });
}
