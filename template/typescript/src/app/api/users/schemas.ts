import { z } from 'zod';
import { roles } from '../../../types/domain.js';

export const userSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(roles),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'User' });
