import { z } from 'zod';
import { emailSchema, requiredText } from '../../../types/schemas.js';

// Any characters: `format: password` tells documentation and form tools to mask the value.
export const passwordSchema = z.string().min(8).max(128).meta({ format: 'password' });

export const registerBodySchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: requiredText(100),
});

export const loginBodySchema = z.object({
  email: emailSchema,
  password: z.string().min(1).max(128).meta({ format: 'password' }),
});
