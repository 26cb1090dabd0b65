import { z } from 'zod';
import { roles } from '../../../types/domain.js';
import { requiredText, timestampSchema, uuidSchema } from '../../../types/schemas.js';

export const userSchema = z
  .object({
    id: uuidSchema,
    email: z.email().max(254),
    name: requiredText(100),
    role: z.enum(roles),
    createdAt: timestampSchema,
  })
  .meta({ id: 'User' });
