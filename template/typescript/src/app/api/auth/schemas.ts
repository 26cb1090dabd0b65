import { z } from 'zod';
import { requiredText } from '../../../types/schemas.js';

export const emailSchema = z
  .email()
  .max(254)
  .refine((email) => email.indexOf('@') <= 64, 'Local part must be at most 64 characters');
export const passwordSchema = z.string().min(8).max(128);

export const registerBodySchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: requiredText(100),
});

export const loginBodySchema = z.object({
  email: emailSchema,
  password: z.string().min(1).max(128),
});

export const refreshBodySchema = z.object({
  refreshToken: z.string().min(1).max(512),
});

export const tokenPairSchema = z
  .object({
    accessToken: z.string(),
    refreshToken: z.string(),
    tokenType: z.literal('Bearer'),
    expiresIn: z.int().describe('Access token lifetime in seconds'),
  })
  .meta({ id: 'TokenPair' });
