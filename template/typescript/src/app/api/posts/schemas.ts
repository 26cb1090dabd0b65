import { z } from 'zod';
import {
  dataEnvelope,
  MAX_PAGE_SIZE,
  pageMetaSchema,
  requiredText,
  safeText,
  timestampSchema,
  uuidSchema,
} from '../../../types/schemas.js';

const title = requiredText(200);
const content = safeText().max(50_000);

export const postSchema = z
  .object({
    id: uuidSchema,
    title,
    content,
    published: z.boolean(),
    authorId: uuidSchema,
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'Post' });

export const postListSchema = dataEnvelope(z.array(postSchema).max(MAX_PAGE_SIZE)).extend({
  meta: pageMetaSchema,
});

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
