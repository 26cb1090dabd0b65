import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf } from '../../../middleware/authenticate.js';
import {
  authErrorResponses,
  commonErrorResponses,
  dataEnvelope,
  errorEnvelopeSchema,
  noContentSchema,
  pageQuerySchema,
  uuidParamsSchema,
} from '../../../types/schemas.js';
import {
  createPostBodySchema,
  postListSchema,
  postSchema,
  updatePostBodySchema,
} from './schemas.js';

const ownerErrorResponses = {
  ...authErrorResponses,
  403: errorEnvelopeSchema,
  404: errorEnvelopeSchema,
};

const postsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '',
    {
      schema: {
        tags: ['posts'],
        summary: 'List posts, newest first',
        querystring: pageQuerySchema,
        response: { 200: postListSchema, ...commonErrorResponses },
      },
    },
    async (request) => {
      const { page, limit } = request.query;
      const { items, total } = await app.services.posts.list({ page, limit });
      return { data: items, meta: { page, limit, total, totalPages: Math.ceil(total / limit) } };
    },
  );

  app.post(
    '',
    {
      preHandler: app.requireAuth,
      schema: {
        tags: ['posts'],
        summary: 'Create a post',
        security: [{ bearerAuth: [] }],
        body: createPostBodySchema,
        response: { 201: dataEnvelope(postSchema), ...authErrorResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send({ data: await app.services.posts.create(principalOf(request), request.body) }),
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: ['posts'],
        summary: 'Get a post',
        params: uuidParamsSchema,
        response: {
          200: dataEnvelope(postSchema),
          ...commonErrorResponses,
          404: errorEnvelopeSchema,
        },
      },
    },
    async (request) => ({ data: await app.services.posts.get(request.params.id) }),
  );

  app.patch(
    '/:id',
    {
      preHandler: app.requireAuth,
      schema: {
        tags: ['posts'],
        summary: 'Update a post (author or admin)',
        security: [{ bearerAuth: [] }],
        params: uuidParamsSchema,
        body: updatePostBodySchema,
        response: { 200: dataEnvelope(postSchema), ...ownerErrorResponses },
      },
    },
    async (request) => ({
      data: await app.services.posts.update(principalOf(request), request.params.id, request.body),
    }),
  );

  app.delete(
    '/:id',
    {
      preHandler: app.requireAuth,
      schema: {
        tags: ['posts'],
        summary: 'Delete a post (author or admin)',
        security: [{ bearerAuth: [] }],
        params: uuidParamsSchema,
        response: { 204: noContentSchema, ...ownerErrorResponses },
      },
    },
    async (request, reply) => {
      await app.services.posts.delete(principalOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};

export default postsRoutes;
