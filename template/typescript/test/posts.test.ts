import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/lib/auth.js';
import { createUsersRepository } from '../src/lib/db/users.repository.js';
import type { Post } from '../src/types/domain.js';
import {
  createTestContext,
  PASSWORD,
  signUp,
  uniqueEmail,
  type ErrorBody,
  type TestContext,
} from './helpers.js';
import type { TestApp } from './app.js';

let context: TestContext;
let app: TestApp;
let author: Awaited<ReturnType<typeof signUp>>;
let stranger: Awaited<ReturnType<typeof signUp>>;

beforeAll(async () => {
  context = await createTestContext();
  app = await context.build();
  author = await signUp(app);
  stranger = await signUp(app);
});

afterAll(async () => {
  await context.close();
});

async function createPost(title = `Post ${randomUUID()}`) {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/posts',
    headers: author.auth,
    payload: { title, content: 'Hello' },
  });
  expect(response.statusCode).toBe(201);
  return response.json<{ data: Post }>().data;
}

describe('posts', () => {
  it('creates a post for the signed-in author', async () => {
    const post = await createPost('First');
    expect(post).toEqual({
      id: expect.any(String),
      title: 'First',
      content: 'Hello',
      published: false,
      authorId: author.id,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const fetched = await app.inject({ url: `/api/v1/posts/${post.id}` });
    expect(fetched.json()).toEqual({ data: post });
  });

  it('requires authentication to create', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/posts',
      payload: { title: 'x', content: 'y' },
    });
    expect(response.statusCode).toBe(401);
  });

  it('lists newest first with pagination meta', async () => {
    await createPost();
    await createPost();
    const newest = await createPost();
    const response = await app.inject({ url: '/api/v1/posts?page=1&limit=2' });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ data: Post[]; meta: Record<string, number> }>();
    expect(body.data).toHaveLength(2);
    expect(body.meta.page).toBe(1);
    expect(body.meta.limit).toBe(2);
    expect(body.meta.total).toBeGreaterThanOrEqual(3);
    expect(body.meta.totalPages).toBe(Math.ceil((body.meta.total ?? 0) / 2));
    // Other test files may write concurrently to a shared DATABASE_URL database.
    if (!process.env.DATABASE_URL) expect(body.data[0]?.id).toBe(newest.id);
  });

  it('rejects a limit above 100', async () => {
    const response = await app.inject({ url: '/api/v1/posts?limit=101' });
    expect(response.statusCode).toBe(400);
    expect(response.json<ErrorBody>().error.details?.[0]?.field).toBe('querystring.limit');
  });

  it('serves fresh reads after writes', async () => {
    const post = await createPost('Before');
    expect((await app.inject({ url: `/api/v1/posts/${post.id}` })).json()).toMatchObject({
      data: { title: 'Before' },
    });
    const list = await app.inject({ url: '/api/v1/posts?limit=100' });
    const before = list.json<{ meta: { total: number } }>().meta.total;

    await app.inject({
      method: 'PATCH',
      url: `/api/v1/posts/${post.id}`,
      headers: author.auth,
      payload: { title: 'After' },
    });
    expect((await app.inject({ url: `/api/v1/posts/${post.id}` })).json()).toMatchObject({
      data: { title: 'After' },
    });

    await createPost();
    const after = await app.inject({ url: '/api/v1/posts?limit=100' });
    expect(after.json<{ meta: { total: number } }>().meta.total).toBeGreaterThan(before);
  });

  it('lets only the author update or delete (403 otherwise)', async () => {
    const post = await createPost();
    const patch = await app.inject({
      method: 'PATCH',
      url: `/api/v1/posts/${post.id}`,
      headers: stranger.auth,
      payload: { published: true },
    });
    expect(patch.statusCode).toBe(403);
    expect(patch.json<ErrorBody>().error.code).toBe('FORBIDDEN');
    const del = await app.inject({
      method: 'DELETE',
      url: `/api/v1/posts/${post.id}`,
      headers: stranger.auth,
    });
    expect(del.statusCode).toBe(403);

    const own = await app.inject({
      method: 'PATCH',
      url: `/api/v1/posts/${post.id}`,
      headers: author.auth,
      payload: { published: true },
    });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ data: { published: true } });
  });

  it('lets an admin delete any post', async () => {
    const post = await createPost();
    const email = uniqueEmail();
    await createUsersRepository(context.database.db).create({
      email,
      name: 'Admin',
      role: 'admin',
      passwordHash: await hashPassword(PASSWORD),
    });
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: PASSWORD },
    });
    const { accessToken } = login.json<{ data: { accessToken: string } }>().data;
    const del = await app.inject({
      method: 'DELETE',
      url: `/api/v1/posts/${post.id}`,
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(del.statusCode).toBe(204);
    const gone = await app.inject({ url: `/api/v1/posts/${post.id}` });
    expect(gone.statusCode).toBe(404);
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    const unknown = await app.inject({ url: `/api/v1/posts/${randomUUID()}` });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<ErrorBody>().error.code).toBe('NOT_FOUND');
    const malformed = await app.inject({ url: '/api/v1/posts/not-a-uuid' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json<ErrorBody>().error.code).toBe('VALIDATION_ERROR');
    const patchUnknown = await app.inject({
      method: 'PATCH',
      url: `/api/v1/posts/${randomUUID()}`,
      headers: author.auth,
      payload: { title: 'x' },
    });
    expect(patchUnknown.statusCode).toBe(404);
  });

  it('rejects NUL characters and blank titles', async () => {
    for (const payload of [
      { title: 'a\u0000b', content: 'x' },
      { title: '   ', content: 'x' },
    ]) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/posts',
        headers: author.auth,
        payload,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json<ErrorBody>().error.details?.[0]?.field).toBe('body.title');
    }
  });

  it('rejects an empty update', async () => {
    const post = await createPost();
    const response = await app.inject({
      method: 'PATCH',
      url: `/api/v1/posts/${post.id}`,
      headers: author.auth,
      payload: {},
    });
    expect(response.statusCode).toBe(400);
  });
});
