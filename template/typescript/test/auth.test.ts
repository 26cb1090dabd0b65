import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

beforeAll(async () => {
  context = await createTestContext();
  app = await context.build();
});

afterAll(async () => {
  await context.close();
});

const post = (url: string, payload: object) =>
  app.inject({ method: 'POST', url: `/api/v1/auth/${url}`, payload });

describe('register', () => {
  it('creates a user without exposing the password', async () => {
    const email = uniqueEmail();
    const response = await post('register', { email, password: PASSWORD, name: 'Ada' });
    expect(response.statusCode).toBe(201);
    const { data } = response.json<{ data: Record<string, unknown> }>();
    expect(Object.keys(data).sort()).toEqual(['createdAt', 'email', 'id', 'name', 'role']);
    expect(data).toMatchObject({ email, name: 'Ada', role: 'user' });
    expect(response.body).not.toContain(PASSWORD);
  });

  it('answers 409 CONFLICT for a taken email, whatever its case', async () => {
    const email = uniqueEmail();
    await post('register', { email, password: PASSWORD, name: 'Ada' });
    const response = await post('register', {
      email: email.toUpperCase(),
      password: PASSWORD,
      name: 'Ada',
    });
    expect(response.statusCode).toBe(409);
    expect(response.json<ErrorBody>().error.code).toBe('CONFLICT');
  });

  it('answers 400 VALIDATION_ERROR with details for each bad field', async () => {
    const response = await post('register', { email: 'not-an-email', password: 'short' });
    expect(response.statusCode).toBe(400);
    const { error } = response.json<ErrorBody>();
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.requestId).toBe(response.headers['x-request-id']);
    expect(new Date(error.timestamp).toString()).not.toBe('Invalid Date');
    expect(error.details?.map((detail) => detail.field).sort()).toEqual([
      'body.email',
      'body.name',
      'body.password',
    ]);
  });
});

describe('login', () => {
  it('returns a bearer token pair', async () => {
    const email = uniqueEmail();
    await post('register', { email, password: PASSWORD, name: 'Ada' });
    const response = await post('login', { email, password: PASSWORD });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      data: {
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: 900,
      },
    });
  });

  it('answers the same for an unknown email and a wrong password', async () => {
    const user = await signUp(app);
    const unknown = await post('login', { email: uniqueEmail(), password: PASSWORD });
    const wrong = await post('login', { email: user.email, password: 'wrong-password' });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    const strip = (body: ErrorBody) => ({ code: body.error.code, message: body.error.message });
    expect(strip(unknown.json<ErrorBody>())).toEqual(strip(wrong.json<ErrorBody>()));
    expect(unknown.json<ErrorBody>().error.code).toBe('UNAUTHORIZED');
  });
});

describe('refresh tokens', () => {
  it('rotate on use; a reused token revokes the whole family', async () => {
    const user = await signUp(app);
    const first = await post('refresh', { refreshToken: user.refreshToken });
    expect(first.statusCode).toBe(200);
    const rotated = first.json<{ data: { refreshToken: string; accessToken: string } }>().data;
    expect(rotated.refreshToken).not.toBe(user.refreshToken);

    const reused = await post('refresh', { refreshToken: user.refreshToken });
    expect(reused.statusCode).toBe(401);
    expect(reused.json<ErrorBody>().error.code).toBe('UNAUTHORIZED');

    // The rotated token belonged to the same family, so it is revoked too.
    const afterReuse = await post('refresh', { refreshToken: rotated.refreshToken });
    expect(afterReuse.statusCode).toBe(401);
  });

  it('are revoked by logout', async () => {
    const user = await signUp(app);
    const logout = await post('logout', { refreshToken: user.refreshToken });
    expect(logout.statusCode).toBe(204);
    expect(logout.body).toBe('');
    const refresh = await post('refresh', { refreshToken: user.refreshToken });
    expect(refresh.statusCode).toBe(401);
  });

  it('reject unknown tokens', async () => {
    const response = await post('refresh', { refreshToken: 'not-a-real-token' });
    expect(response.statusCode).toBe(401);
  });
});

describe('GET /api/v1/users/me', () => {
  it('returns the signed-in user', async () => {
    const user = await signUp(app);
    const response = await app.inject({ url: '/api/v1/users/me', headers: user.auth });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      data: {
        id: user.id,
        email: user.email,
        name: 'Test User',
        role: 'user',
        createdAt: expect.any(String),
      },
    });
  });

  it('answers 401 without a token or with a bad one', async () => {
    for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: 'Basic x' }]) {
      const response = await app.inject({ url: '/api/v1/users/me', headers });
      expect(response.statusCode).toBe(401);
      expect(response.json<ErrorBody>().error.code).toBe('UNAUTHORIZED');
    }
  });
});
