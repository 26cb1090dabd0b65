import { z } from 'zod';
import { dataEnvelope, pageMetaSchema, requiredText, safeText } from '../../../types/schemas.js';

export const postSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    content: z.string(),
    published: z.boolean(),
    authorId: z.uuid(),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Post' });

export const postListSchema = dataEnvelope(z.array(postSchema)).extend({ meta: pageMetaSchema });

const title = requiredText(200);
const content = safeText().max(50_000);

export const createPostBodySchema = z.object({
  title,
  content,
  published: z.boolean().default(false),
});

export const updatePostBodySchema = z
  .object({ title, content, published: z.boolean() })
  .partial()
  .refine((changes) => Object.keys(changes).length > 0, 'At least one field is required')
  .meta({ minProperties: 1 });
