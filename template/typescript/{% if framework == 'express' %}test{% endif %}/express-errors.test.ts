import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../src/lib/db/client.js';
import { createTestContext, type ErrorBody, type TestContext } from './helpers.js';
import type { TestApp } from './app.js';

// Express answers its own failures with HTML pages ("Cannot GET /x", body-parser's errors, a
// stack trace in development). Each must reach the JSON envelope instead.

let context: TestContext;
let app: TestApp;

beforeAll(async () => {
  context = await createTestContext();
  app = await context.build();
});

afterAll(async () => {
  await context.close();
});

function expectEnvelope(response: Awaited<ReturnType<TestApp['inject']>>, status: number) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toContain('application/json');
  expect(response.body).not.toMatch(/<html|<pre>|at .+\(.+:\d+:\d+\)/i);
  const { error } = response.json<ErrorBody>();
  expect(error.requestId).toBe(response.headers['x-request-id']);
  return error;
}

describe("Express's default error pages answer with the envelope", () => {
  it('an unknown method on a known path (finalhandler 404)', async () => {
    const response = await app.inject({ method: 'PUT', url: '/api/v1/posts' });
    expect(expectEnvelope(response, 404).code).toBe('NOT_FOUND');
  });

  it("body-parser's unsupported charset", async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json; charset=klingon' },
      payload: '{}',
    });
    expect(expectEnvelope(response, 400).code).toBe('VALIDATION_ERROR');
  });

  it("body-parser's non-object JSON in strict mode", async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '"just a string"',
    });
    expect(expectEnvelope(response, 400).code).toBe('VALIDATION_ERROR');
  });

  it("the router's malformed percent-encoding in a path parameter", async () => {
    const response = await app.inject({ url: '/api/v1/posts/%E0%A4%A' });
    expect(expectEnvelope(response, 400).code).toBe('VALIDATION_ERROR');
  });

  it('an error thrown inside a handler: 500 without internals', async () => {
    // A database closed under the app fails every query, as a lost connection does.
    const closed = createDatabase({ url: process.env.DATABASE_URL, poolMax: 1, inMemory: true });
    await closed.close();
    const broken = await context.build({}, { database: closed });
    const response = await broken.inject({ url: '/api/v1/posts' });
    const error = expectEnvelope(response, 500);
    expect(error).toMatchObject({ code: 'INTERNAL_ERROR', message: 'Internal server error' });
    expect(response.body).not.toMatch(/pool|closed|PGlite/i);
  });
});
