import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signUp, type TestContext } from './helpers.js';

describe('refresh token rotation under concurrency', () => {
  let context: TestContext;
  let app: FastifyInstance;

  beforeAll(async () => {
    context = await createTestContext();
    app = await context.build();
  });

  afterAll(() => context.close());

  it('lets one of several simultaneous refreshes win and treats the rest as reuse', async () => {
    const { refreshToken, auth } = await signUp(app);
    const refreshes = Array.from({ length: 5 }, () =>
      app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } }),
    );
    // Reads and other writes keep being served while the rotations hold their transactions.
    const others = [
      app.inject({ url: '/api/v1/posts' }),
      app.inject({ url: '/api/v1/users/me', headers: auth }),
      app.inject({
        method: 'POST',
        url: '/api/v1/posts',
        headers: auth,
        payload: { title: 'During rotation', content: 'Written while refreshes run.' },
      }),
    ];
    const statuses = (await Promise.all(refreshes)).map((response) => response.statusCode);
    expect(statuses.sort()).toEqual([200, 401, 401, 401, 401]);
    expect((await Promise.all(others)).map((response) => response.statusCode)).toEqual([
      200, 200, 201,
    ]);
  });
});
