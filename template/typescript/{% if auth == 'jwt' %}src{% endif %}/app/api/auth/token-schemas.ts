import { z } from 'zod';
import { int32 } from '../../../types/schemas.js';

/** A refresh token as the server issues it: random bytes, base64url. */
const BASE64URL = /^[\w-]+$/;
const refreshTokenSchema = z.string().min(1).max(512).regex(BASE64URL, 'Not a refresh token');

export const refreshBodySchema = z.object({ refreshToken: refreshTokenSchema });

export const tokenPairSchema = z
  .object({
    // The format stated outright: not every OpenAPI generator derives it from z.jwt().
    accessToken: z.jwt().max(2048).meta({ format: 'jwt' }),
    refreshToken: refreshTokenSchema,
    tokenType: z.literal('Bearer'),
    expiresIn: int32().min(1).max(86_400).describe('Access token lifetime in seconds'),
  })
  .meta({ id: 'TokenPair' });
