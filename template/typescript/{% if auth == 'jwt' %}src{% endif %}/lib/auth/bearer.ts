import type { Authenticator } from '../authentication.js';
import type { TokenSigner } from './tokens.js';

const BEARER = /^Bearer (\S+)$/i;

/** Verifies `Authorization: Bearer <access token>`. */
export function createBearerAuthenticator(tokens: TokenSigner): Authenticator {
  return {
    async authenticate(header) {
      const token = BEARER.exec(header('authorization') ?? '')?.[1];
      if (token === undefined) return { principal: null, reason: 'Missing access token' };
      const principal = await tokens.verifyAccessToken(token);
      return principal === null
        ? { principal: null, reason: 'Invalid or expired access token' }
        : { principal };
    },
  };
}
