import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  authErrorResponses,
  commonErrorResponses,
  dataEnvelope,
  errorEnvelopeSchema,
  noContentSchema,
} from '../../../types/schemas.js';
import { userSchema } from '../users/schemas.js';
import {
  loginBodySchema,
  refreshBodySchema,
  registerBodySchema,
  tokenPairSchema,
} from './schemas.js';

const authRoutes: FastifyPluginAsyncZod = async (app) => {
  // Stricter than the global limit: these routes are what credential stuffing targets.
  const config = {
    rateLimit: {
      max: app.config.AUTH_RATE_LIMIT_MAX,
      timeWindow: app.config.RATE_LIMIT_WINDOW_SECONDS * 1000,
    },
  };

  app.post(
    '/register',
    {
      config,
      schema: {
        tags: ['auth'],
        summary: 'Create an account',
        body: registerBodySchema,
        response: {
          201: dataEnvelope(userSchema),
          ...commonErrorResponses,
          409: errorEnvelopeSchema,
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send({ data: await app.services.auth.register(request.body) }),
  );

  app.post(
    '/login',
    {
      config,
      schema: {
        tags: ['auth'],
        summary: 'Exchange credentials for an access and a refresh token',
        body: loginBodySchema,
        response: { 200: dataEnvelope(tokenPairSchema), ...authErrorResponses },
      },
    },
    async (request) => ({
      data: await app.services.auth.login(request.body.email, request.body.password),
    }),
  );

  app.post(
    '/refresh',
    {
      config,
      schema: {
        tags: ['auth'],
        summary: 'Rotate a refresh token into a new token pair',
        body: refreshBodySchema,
        response: { 200: dataEnvelope(tokenPairSchema), ...authErrorResponses },
      },
    },
    async (request) => ({ data: await app.services.auth.refresh(request.body.refreshToken) }),
  );

  app.post(
    '/logout',
    {
      config,
      schema: {
        tags: ['auth'],
        summary: 'Revoke a refresh token',
        body: refreshBodySchema,
        response: { 204: noContentSchema, ...commonErrorResponses },
      },
    },
    async (request, reply) => {
      await app.services.auth.logout(request.body.refreshToken);
      return reply.code(204).send(null);
    },
  );
};

export default authRoutes;
