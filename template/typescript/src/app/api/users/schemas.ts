import { z } from 'zod';
import { roles } from '../../../types/domain.js';
import { requiredText, timestampSchema, uuidSchema } from '../../../types/schemas.js';

export const userSchema = z
  .object({
    id: uuidSchema,
    // As zod reads an email address: accounts made before emailSchema tightened it stay readable.
    email: z.email().max(254),
    name: requiredText(100),
    role: z.enum(roles),
    createdAt: timestampSchema,
  })
  .meta({ id: 'User' });
