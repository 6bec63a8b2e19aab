// The suite's client issues each Playwright API call from a microtask of its own, so that the stack
// Playwright captures and source-maps at every call holds one frame of the suite's, not the whole
// chain of its callers (fixtures/client.ts, withoutCallerStack). A traced run keeps the whole stack
// for the trace viewer. The stack is read where Playwright reads it: at the call, through a context
// that records it.
import type { APIRequestContext } from '@playwright/test';
import { DescopeApi } from '../../fixtures/client.ts';
import { expect, test } from '../../fixtures/test.ts';

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

for (const keepCallerStacks of [false, true]) {
  test(`keepCallerStacks ${keepCallerStacks}: the caller is ${keepCallerStacks ? '' : 'not '}on the call's stack, and the call is answered`, async ({ requestContext, target }) => {
    const stacks: string[] = [];
    const api = new DescopeApi(recordingStacks(requestContext, stacks), target, { keepCallerStacks });
    async function aCallerDeepInTheTest() {
      return api.keys();
    }
    const exchange = await aCallerDeepInTheTest();
    expect(exchange.status, exchange.text).toBe(200);
    expect(stacks).toHaveLength(1);
    expect(stacks[0]!.includes('aCallerDeepInTheTest'), stacks[0]).toBe(keepCallerStacks);
  });
}
