import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf } from '../../../middleware/authenticate.js';
import { authErrorResponses, dataEnvelope, errorEnvelopeSchema } from '../../../types/schemas.js';
import { userSchema } from './schemas.js';

const usersRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/me',
    {
      preHandler: app.requireAuth,
      schema: {
        tags: ['users'],
        summary: 'The signed-in user',
        security: [{ bearerAuth: [] }],
        response: {
          200: dataEnvelope(userSchema),
          ...authErrorResponses,
          404: errorEnvelopeSchema,
        },
      },
    },
    async (request) => ({ data: await app.services.users.getById(principalOf(request).userId) }),
  );
};

export default usersRoutes;
