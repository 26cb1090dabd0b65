import { z } from 'zod';
import { passwordSchema } from './schemas.js';

export const changePasswordBodySchema = z.object({
  currentPassword: z.string().min(1).max(128).meta({ format: 'password' }),
  newPassword: passwordSchema,
});
